/* The contact chart's pure parts (docs/contacts.md): the profile section
 * `contact_chart` and its loader errors (file:line), the chart document's
 * parser (every bad member named, e.g. provider[1].phone; boundaries of
 * texts, phone numbers and counts on both sides; canonical round trip) and
 * contact_chart_check against the four profiles: tokyo-edu 3.1.9① requires
 * a holiday and a night contact (refusal), the others only desire one
 * (warning); subcontractors stated must be listed; escalation roles must be
 * on the profile's path. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/contact_json.h"
#include "policy/approach.h"
#include "policy/contact_policy.h"
#include "testutil.h"

/* ---- loader ---- */

static const char section_ok[] = "contact_chart:\n"
                                 "  clause: \"3.4①\"\n"
                                 "  after_hours: required\n"
                                 "  after_hours_clause: \"3.9\"\n"
                                 "  approach_clause: \"3.1(8)⑤\"\n"
                                 "  escalation_clause: \"3.1(8)⑤(ウ)\"\n"
                                 "  review_interval_months: 6\n"
                                 "  escalation:\n"
                                 "    - {role: section_head, clause: \"5(1)\"}\n"
                                 "    - {role: ciso}\n";

/* test_minimal_profile + `section`; caller frees. */
static char *with_section(const char *section)
{
    size_t a = strlen(test_minimal_profile), b = strlen(section);
    char *t = malloc(a + b + 1);
    assert_non_null(t);
    memcpy(t, test_minimal_profile, a);
    memcpy(t + a, section, b + 1);
    return t;
}

/* The line (1-based) of the section's line `k` (1-based) in with_section(). */
static int line_of(int k)
{
    int n = 0;
    for (const char *s = test_minimal_profile; *s; s++)
        n += *s == '\n';
    return n + k;
}

static void test_loader(void **state)
{
    (void)state;
    char *t = with_section(section_ok);
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", t, strlen(t), &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("  %s\n", errs.msg[i]);
    assert_non_null(p);
    const ContactPolicy *c = p->contacts;
    assert_non_null(c);
    assert_true(c->after_hours_required);
    assert_int_equal(c->n_steps, 2);
    assert_string_equal(p->roles[c->steps[0].role].id, "section_head");
    assert_string_equal(c->steps[0].clause, "5(1)");
    assert_null(c->steps[1].clause);
    assert_int_equal(contact_review_months(p), 6);
    profile_free(p);
    free(t);
    errors_free(&errs);
}

/* Each broken section fails with its message at its line. */
static void test_loader_errors(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to, *needle;
        int line;            /* section line of the error, 0: not checked */
    } cases[] = {
        {"  after_hours: required\n", "  after_hours: sometimes\n", "after_hours 'sometimes' is not one of", 3},
        {"    - {role: ciso}\n", "    - {role: mayor}\n", "role 'mayor' is not a role of the profile", 10},
        {"    - {role: ciso}\n", "    - {role: section_head}\n", "role 'section_head' is listed twice", 10},
        {"  review_interval_months: 6\n", "  review_interval_months: 0\n", "review_interval_months", 7},
        {"  review_interval_months: 6\n", "  review_months: 6\n", "review_months", 7},
        {"  clause: \"3.4①\"\n", "  clause: \"\"\n", "'clause' must not be empty", 2},
        {"  approach_clause: \"3.1(8)⑤\"\n", "", "approach_clause", 0},
        {"  escalation:\n    - {role: section_head, clause: \"5(1)\"}\n    - {role: ciso}\n", "  escalation: []\n",
         "needs at least one role", 0},
        {"    - {role: ciso}\n", "    - {role: ciso, phone: \"1\"}\n", "phone", 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *sec = text_replace(section_ok, cases[i].from, cases[i].to);
        char *t = with_section(sec);
        expect_load_error(t, cases[i].needle);
        if (cases[i].line) {
            char where[32];
            snprintf(where, sizeof where, "t.yaml:%d:", line_of(cases[i].line));
            expect_load_error(t, where);
        }
        free(t);
        free(sec);
    }
}

/* The built-in profiles: tokyo-edu requires a holiday/night contact
 * (3.1.9①); the others desire one (3.4①(ア)); each names its path. */
static void test_builtin_sections(void **state)
{
    (void)state;
    const Profile *t = test_profile("tokyo-edu");
    assert_non_null(t->contacts);
    assert_true(t->contacts->after_hours_required);
    assert_string_equal(t->contacts->after_hours_clause, "3.1.9①");
    assert_string_equal(t->contacts->approach_clause, "3.1.7⑧");
    static const char *const others[] = {"kitakyushu-cloud", "kitakyushu-external", "otokuni"};
    for (int i = 0; i < 3; i++) {
        const Profile *p = test_profile(others[i]);
        assert_non_null(p->contacts);
        assert_false(p->contacts->after_hours_required);
        assert_string_equal(p->contacts->clause, "3.4①(ア)・4");
        assert_true(p->contacts->n_steps >= 2);
    }
    const Profile *k = test_profile("kitakyushu-cloud");
    assert_string_equal(k->roles[k->contacts->steps[1].role].id, "system_dept");
    assert_string_equal(k->contacts->escalation_clause, "3.1(8)⑤(ウ)");
    assert_string_equal(test_profile("otokuni")->contacts->approach_clause, "3.1(7)⑤");
    assert_int_equal(contact_review_months(k), 12); /* the profile's review_interval_months */
}

/* ---- parser ---- */

static const char good[] =
    "{\"provider\":[{\"organization\":\"提供者\",\"department\":\"窓口\",\"phone\":\"03-1234-5678\",\"coverage\":[\"weekday\"]},"
    "{\"organization\":\"提供者\",\"name\":\"当番\",\"phone\":\"0120-000-000\",\"email\":\"noc@example.jp\",\"coverage\":[\"24h\"]}],"
    "\"has_subcontractors\":true,"
    "\"subcontractors\":[{\"organization\":\"再委託先\",\"scope\":\"DC運用\",\"contacts\":[{\"department\":\"運用\",\"email\":\"ops@example.jp\",\"coverage\":[\"night\",\"holiday\"]}]}],"
    "\"escalation\":[{\"role\":\"administrator\",\"phone\":\"内線 123\"},{\"role\":\"asset_owner\",\"after_hours\":\"携帯 090-0000-0000\"}],"
    "\"approach\":\"recovery_first\",\"escalation_timing\":\"1時間以内に第一報\",\"note\":\"a\\nb\"}";

static int parse(const char *json, ContactChart *c, Arena *a, Str *err)
{
    str_reset(err);
    return contact_chart_parse("c.json", json, strlen(json), a, c, err);
}

static void test_parse_good_and_round_trip(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, NULL, 0);
    Str err = STR_INIT, w1 = STR_INIT, w2 = STR_INIT;
    ContactChart c, d;
    assert_int_equal(parse(good, &c, &a, &err), 0);
    assert_int_equal(c.n_provider, 2);
    assert_int_equal(c.provider[1].cover, COVER_24H);
    assert_int_equal(c.subs[0].contacts[0].cover, COVER_NIGHT | COVER_HOLIDAY);
    assert_int_equal(c.approach, APPROACH_RECOVERY_FIRST);
    assert_string_equal(c.escalation[0].phone, "内線 123");
    assert_string_equal(c.note, "a\nb");
    contact_chart_write(&c, &w1);
    assert_int_equal(parse(str_cstr(&w1), &d, &a, &err), 0);
    contact_chart_write(&d, &w2);
    assert_string_equal(str_cstr(&w1), str_cstr(&w2));
    /* Every example document parses. */
    static const char *const ex[] = {"tokyo-edu", "kitakyushu-cloud", "kitakyushu-external", "otokuni"};
    for (int i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/examples/%s/contacts/chart.json", source_dir(), ex[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char buf[8192];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = 0;
        if (parse(buf, &c, &a, &err) != 0)
            fail_msg("%s: %s", path, str_cstr(&err));
    }
    str_free(&err);
    str_free(&w1);
    str_free(&w2);
    arena_free(&a);
}

/* Each bad document is refused with the member it names. */
static void test_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to, *needle;
    } cases[] = {
        {"\"phone\":\"03-1234-5678\"", "\"phone\":\"03\"", "provider[1].phone"},
        {"\"phone\":\"03-1234-5678\"", "\"phone\":12345", "provider[1].phone: 文字列"},
        {"\"email\":\"noc@example.jp\"", "\"email\":\"noc.example.jp\"", "provider[2].email"},
        {"\"email\":\"noc@example.jp\"", "\"email\":\"a@b\"", "provider[2].email"},
        {"\"coverage\":[\"24h\"]", "\"coverage\":[\"always\"]", "provider[2].coverage[1]: 'always'"},
        {"\"coverage\":[\"24h\"]", "\"coverage\":[]", "provider[2].coverage"},
        {"\"coverage\":[\"24h\"]", "\"coverage\":[\"night\",\"night\"]", "provider[2].coverage[2]"},
        {",\"coverage\":[\"weekday\"]}", "}", "provider[1].coverage"},
        {"\"organization\":\"提供者\",\"department\":\"窓口\",", "\"department\":\"窓口\",", "provider[1].organization"},
        {"\"department\":\"窓口\",", "", "provider[1].department"},
        {"\"phone\":\"03-1234-5678\",", "", "provider[1].phone"},
        {"\"department\":\"窓口\"", "\"department\":\"窓口\",\"fax\":\"1\"", "provider[1].fax: この項目はありません"},
        {"\"has_subcontractors\":true,", "", "has_subcontractors"},
        {"\"has_subcontractors\":true", "\"has_subcontractors\":\"yes\"", "has_subcontractors"},
        {"\"scope\":\"DC運用\",", "", "subcontractors[1].scope"},
        {"\"contacts\":[{\"department\":\"運用\",\"email\":\"ops@example.jp\",\"coverage\":[\"night\",\"holiday\"]}]", "\"contacts\":[]",
         "subcontractors[1].contacts"},
        {"\"email\":\"ops@example.jp\"", "\"email\":\"ops\"", "subcontractors[1].contacts[1].email"},
        {"{\"role\":\"administrator\",\"phone\":\"内線 123\"}", "{\"phone\":\"内線 123\"}", "escalation[1].role"},
        {"{\"role\":\"administrator\",\"phone\":\"内線 123\"}", "{\"role\":\"administrator\"}", "escalation[1].phone"},
        {"\"approach\":\"recovery_first\"", "\"approach\":\"both\"", "approach: 'both'"},
        {"\"note\":\"a\\nb\"", "\"nots\":\"a\"", "nots: この項目はありません"},
        {"\"department\":\"窓口\"", "\"department\":\"窓\\u0001口\"", "provider[1].department: 制御文字"},
        {"\"department\":\"窓口\"", "\"department\":\"窓\\n口\"", "provider[1].department: 制御文字"},
        {"\"department\":\"窓口\"", "\"department\":\"窓\\u0000口\"", "c.json:1:51: JSON syntax error"},
        {"{\"provider\":[", "{\"provider\":{}, \"x\":[", "provider: 配列"},
    };
    Arena a;
    arena_init(&a, NULL, 0);
    Str err = STR_INIT;
    ContactChart c;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *doc = text_replace(good, cases[i].from, cases[i].to);
        int rc = parse(doc, &c, &a, &err);
        if (rc == 0 || !strstr(str_cstr(&err), cases[i].needle))
            fail_msg("case %zu: expected an error naming \"%s\", got rc %d \"%s\"", i, cases[i].needle, rc, str_cstr(&err));
        assert_non_null(strstr(str_cstr(&err), "c.json:"));
        free(doc);
    }
    /* Syntax errors carry line and column; not an object; empty provider. */
    assert_int_equal(parse("{\"provider\":[}", &c, &a, &err), -1);
    assert_non_null(strstr(str_cstr(&err), "c.json:1:"));
    assert_int_equal(parse("[]", &c, &a, &err), -1);
    assert_non_null(strstr(str_cstr(&err), "(document)"));
    assert_int_equal(parse("{\"provider\":[],\"has_subcontractors\":false}", &c, &a, &err), -1);
    assert_non_null(strstr(str_cstr(&err), "provider: 提供者の連絡先を一つ以上"));
    assert_int_equal(parse("{\"provider\":[{\"organization\":\"x\",\"name\":\"y\",\"phone\":\"123\",\"coverage\":[\"24h\"]}],"
                           "\"has_subcontractors\":false} x", &c, &a, &err), -1);
    str_free(&err);
    arena_free(&a);
}

/* "…" repeated to n characters (each '字' is 3 bytes). */
static char *chars(int n, const char *ch)
{
    size_t l = strlen(ch);
    char *s = malloc(l * (size_t)n + 1);
    for (int i = 0; i < n; i++)
        memcpy(s + l * (size_t)i, ch, l);
    s[l * (size_t)n] = 0;
    return s;
}

static int parse_with(const char *from, const char *value, Arena *a, Str *err)
{
    char to[8192];
    snprintf(to, sizeof to, from, value);
    const char *key = strncmp(from, "\"department\"", 12) == 0 ? "\"department\":\"窓口\"" : "\"phone\":\"03-1234-5678\"";
    char *doc = text_replace(good, key, to);
    ContactChart c;
    int rc = parse(doc, &c, a, err);
    free(doc);
    return rc;
}

static void test_parse_boundaries(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, NULL, 0);
    Str err = STR_INIT;
    /* Texts: CONTACT_TEXT_MAX characters (not bytes) pass, one more fails. */
    char *at = chars(CONTACT_TEXT_MAX, "字"), *over = chars(CONTACT_TEXT_MAX + 1, "字");
    assert_int_equal(parse_with("\"department\":\"%s\"", at, &a, &err), 0);
    assert_int_equal(parse_with("\"department\":\"%s\"", over, &a, &err), -1);
    assert_non_null(strstr(str_cstr(&err), "provider[1].department"));
    free(at);
    free(over);
    /* Phone: 40 characters pass, 41 fail; 3 digits pass, 2 fail. */
    char p40[64], p41[64];
    memset(p40, '1', 40);
    p40[40] = 0;
    memset(p41, '1', 41);
    p41[41] = 0;
    assert_int_equal(parse_with("\"phone\":\"%s\"", p40, &a, &err), 0);
    assert_int_equal(parse_with("\"phone\":\"%s\"", p41, &a, &err), -1);
    assert_int_equal(parse_with("\"phone\":\"%s\"", "内線123", &a, &err), 0);
    assert_int_equal(parse_with("\"phone\":\"%s\"", "内線12", &a, &err), -1);
    assert_non_null(strstr(str_cstr(&err), "provider[1].phone"));
    /* Surrounding spaces are trimmed; a text of spaces only is absent (and
     * then the contact names neither a department nor a person). */
    assert_int_equal(parse_with("\"department\":\"%s\"", "  ", &a, &err), -1);
    assert_non_null(strstr(str_cstr(&err), "provider[1].department: 部署か担当者名"));
    /* Provider contacts: CONTACT_MAX_CONTACTS pass, one more fails. */
    for (int n = CONTACT_MAX_CONTACTS; n <= CONTACT_MAX_CONTACTS + 1; n++) {
        Str doc = STR_INIT;
        str_append(&doc, "{\"provider\":[");
        for (int i = 0; i < n; i++)
            str_appendf(&doc, "%s{\"organization\":\"x\",\"name\":\"n%d\",\"phone\":\"123\",\"coverage\":[\"24h\"]}", i ? "," : "", i);
        str_append(&doc, "],\"has_subcontractors\":false}");
        ContactChart c;
        int rc = parse(str_cstr(&doc), &c, &a, &err);
        assert_int_equal(rc, n == CONTACT_MAX_CONTACTS ? 0 : -1);
        if (rc)
            assert_non_null(strstr(str_cstr(&err), "provider[33]"));
        str_free(&doc);
    }
    str_free(&err);
    arena_free(&a);
}

/* ---- check ---- */

static int count_blocks(const ContactFinding *f, int n, const char **first)
{
    int b = 0;
    *first = NULL;
    for (int i = 0; i < n; i++)
        if (f[i].block && !b++)
            *first = f[i].message;
    return b;
}

static void test_check(void **state)
{
    (void)state;
    Arena a;
    arena_init(&a, NULL, 0);
    Str err = STR_INIT;
    ContactChart c;
    ContactFinding f[CONTACT_MAX_FINDINGS];
    const char *msg;
    const Profile *tokyo = test_profile("tokyo-edu"), *oto = test_profile("otokuni");
    /* The good chart: a 24h provider contact with a phone; asset_owner is on tokyo-edu's path. */
    assert_int_equal(parse(good, &c, &a, &err), 0);
    int n = contact_chart_check(tokyo, &c, f);
    assert_int_equal(count_blocks(f, n, &msg), 0);
    assert_int_equal(n, 0);
    /* tokyo-edu 3.1.9①: no holiday/night provider contact → refused, with the clause. */
    char *day = text_replace(good, "\"coverage\":[\"24h\"]", "\"coverage\":[\"weekday\",\"night\"]");
    assert_int_equal(parse(day, &c, &a, &err), 0);
    n = contact_chart_check(tokyo, &c, f);
    assert_int_equal(count_blocks(f, n, &msg), 1);
    assert_non_null(strstr(msg, "休日"));
    assert_null(strstr(msg, "休日と夜間"));
    assert_string_equal(f[0].clause, "3.1.9①");
    /* …holiday and night from two contacts together is enough. */
    char *two = text_replace(day, "\"coverage\":[\"weekday\"]", "\"coverage\":[\"holiday\"]");
    assert_int_equal(parse(two, &c, &a, &err), 0);
    assert_int_equal(count_blocks(f, contact_chart_check(tokyo, &c, f), &msg), 0);
    /* …a 24h contact without a phone (e-mail only) does not count. */
    char *mail = text_replace(good, "\"name\":\"当番\",\"phone\":\"0120-000-000\",", "\"name\":\"当番\",");
    assert_int_equal(parse(mail, &c, &a, &err), 0);
    assert_int_equal(count_blocks(f, contact_chart_check(tokyo, &c, f), &msg), 1);
    /* otokuni 3.4①(ア): only desirable → a warning, not a refusal. */
    char *oto_doc = text_replace(mail, "\"role\":\"asset_owner\"", "\"role\":\"security_officer\"");
    assert_int_equal(parse(oto_doc, &c, &a, &err), 0);
    n = contact_chart_check(oto, &c, f);
    assert_int_equal(count_blocks(f, n, &msg), 0);
    assert_int_equal(n, 1);
    assert_string_equal(f[0].clause, "3.4①(ア)");
    /* A role not on the profile's path (asset_owner is not otokuni's). */
    assert_int_equal(parse(good, &c, &a, &err), 0);
    assert_int_equal(count_blocks(f, contact_chart_check(oto, &c, f), &msg), 1);
    assert_non_null(strstr(msg, "escalation[2].role"));
    /* Subcontractors stated but not listed, and listed but denied. */
    assert_int_equal(parse(good, &c, &a, &err), 0);
    c.n_subs = 0;
    assert_int_equal(count_blocks(f, contact_chart_check(tokyo, &c, f), &msg), 1);
    assert_non_null(strstr(msg, "subcontractors"));
    assert_string_equal(f[0].clause, "3.1.9①");
    char *denied = text_replace(good, "\"has_subcontractors\":true", "\"has_subcontractors\":false");
    assert_int_equal(parse(denied, &c, &a, &err), 0);
    assert_int_equal(count_blocks(f, contact_chart_check(tokyo, &c, f), &msg), 1);
    assert_non_null(strstr(msg, "has_subcontractors"));
    /* No approach, no escalation timing: warnings with 3.1.7⑧. */
    char *bare = text_replace(good, "\"approach\":\"recovery_first\",\"escalation_timing\":\"1時間以内に第一報\",", "");
    assert_int_equal(parse(bare, &c, &a, &err), 0);
    n = contact_chart_check(tokyo, &c, f);
    assert_int_equal(count_blocks(f, n, &msg), 0);
    assert_int_equal(n, 2);
    assert_string_equal(f[0].clause, "3.1.7⑧");
    free(day);
    free(two);
    free(mail);
    free(oto_doc);
    free(denied);
    free(bare);
    str_free(&err);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader),
        cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_builtin_sections),
        cmocka_unit_test(test_parse_good_and_round_trip),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_boundaries),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
