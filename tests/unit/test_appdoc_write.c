/* Application document writer (exchange/appdoc_write.c): what it writes
 * parses back to the same values, writing is a fixed point (parse → write
 * gives the same bytes again), and the canonical form is as documented in
 * appdoc_write.h. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "exchange/appdoc_json.h"
#include "exchange/appdoc_write.h"
#include "testutil.h"
#include "util/file.h"

/* Parse `text` against `p` into `doc`, failing the test with every message
 * when it does not parse. Free with appdoc_free(). */
static void parse_ok(AppDoc *doc, const Profile *p, const char *what, const char *text, size_t len)
{
    Errors errs = {0};
    int ok = appdoc_parse_json(doc, p, what, text, len, &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("  %s\n", errs.msg[i]);
    errors_free(&errs);
    if (!ok)
        fail_msg("%s does not parse against %s:\n%.*s", what, p->id, (int)len, text);
}

/* The document as JSON; caller frees. */
static char *write_doc(const AppDoc *doc, int pretty)
{
    Str s = STR_INIT;
    appdoc_write_json(doc, pretty, &s);
    assert_false(str_failed(&s));
    char *out = strdup(str_cstr(&s));
    assert_non_null(out);
    str_free(&s);
    return out;
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

/* Every non-derived FieldValue compared by the member its type uses, and
 * every answer status and evidence; `what` names the document on failure. */
static void assert_docs_equal(const AppDoc *a, const AppDoc *b, const char *what)
{
    assert_ptr_equal(a->profile, b->profile);
    for (int f = 0; f < F_COUNT; f++) {
        const FieldDef *fd = &field_defs[f];
        const FieldValue *x = &a->v[f], *y = &b->v[f];
        if (fd->derived)
            continue;
        if (x->present != y->present)
            fail_msg("%s: %s present %d vs %d", what, fd->path, x->present, y->present);
        if (!x->present)
            continue;
        int eq = 1;
        switch (fd->type) {
        case FT_STRING: eq = strcmp(x->s, y->s) == 0; break;
        case FT_BOOL:
        case FT_INT:
        case FT_DATE: eq = x->i == y->i; break;
        case FT_NUMBER: eq = memcmp(&x->n, &y->n, sizeof x->n) == 0; break; /* bitwise: keeps -0 apart from 0 */
        case FT_ENUM:
        case FT_CLASS:
        case FT_COUNTRY:
        case FT_ROLE: eq = x->code == y->code; break;
        case FT_ENUM_LIST:
        case FT_COUNTRY_LIST:
            eq = x->count == y->count && memcmp(x->codes, y->codes, (size_t)x->count * sizeof *x->codes) == 0;
            break;
        case FT_HOST_LIST:
            eq = x->count == y->count;
            for (int i = 0; eq && i < x->count; i++)
                eq = strcmp(x->strs[i], y->strs[i]) == 0;
            break;
        }
        if (!eq)
            fail_msg("%s: %s differs after the round trip", what, fd->path);
    }
    const Profile *p = a->profile;
    for (int i = 0; i < p->n_items + p->n_risks; i++) {
        const char *id = i < p->n_items ? p->items[i].id : p->risks[i - p->n_items].id;
        if (a->answers[i] != b->answers[i])
            fail_msg("%s: answers.%s status %d vs %d", what, id, a->answers[i], b->answers[i]);
        if (!same_str(a->evidence[i], b->evidence[i]))
            fail_msg("%s: answers.%s evidence differs", what, id);
    }
}

/* parse(text) = parse(write(parse(text))) in both layouts, and
 * write(parse(write(x))) == write(x) byte for byte. Returns the compact
 * form (caller frees). */
static char *check_round_trip(const Profile *p, const char *what, const char *text, size_t len)
{
    AppDoc orig;
    parse_ok(&orig, p, what, text, len);
    char *compact = NULL;
    for (int pretty = 0; pretty <= 1; pretty++) {
        char *once = write_doc(&orig, pretty);
        AppDoc again;
        parse_ok(&again, p, what, once, strlen(once));
        assert_docs_equal(&orig, &again, what);
        char *twice = write_doc(&again, pretty);
        if (strcmp(once, twice) != 0)
            fail_msg("%s: writing is not a fixed point:\n%s\n%s", what, once, twice);
        free(twice);
        if (pretty) {
            /* The two layouts carry the same document. */
            char *recompact = write_doc(&again, 0);
            assert_string_equal(recompact, compact);
            free(recompact);
            free(once);
        } else {
            compact = once;
        }
        appdoc_free(&again);
    }
    appdoc_free(&orig);
    return compact;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Every example application (examples/PROFILE/NAME.json) survives
 * parse → write → parse with identical values, compact and pretty, and
 * writing again gives the same bytes. */
static void test_examples_round_trip(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/examples", source_dir());
    DIR *top = opendir(dir);
    assert_non_null(top);
    int profiles = 0, files = 0;
    for (struct dirent *pe; (pe = readdir(top));) {
        char sub[4096 + 256];
        snprintf(sub, sizeof sub, "%s/%s", dir, pe->d_name);
        if (pe->d_name[0] == '.' || !is_dir(sub))
            continue;
        const Profile *p = test_profile(pe->d_name); /* each directory is named after its profile */
        DIR *d = opendir(sub);
        assert_non_null(d);
        int here = 0;
        for (struct dirent *fe; (fe = readdir(d));) {
            size_t n = strlen(fe->d_name);
            if (n < 6 || strcmp(fe->d_name + n - 5, ".json") != 0)
                continue;
            char path[4096 + 512];
            snprintf(path, sizeof path, "%s/%s", sub, fe->d_name);
            size_t len;
            const char *err;
            char *text = file_read(path, &len, &err);
            if (!text)
                fail_msg("%s: %s", path, err);
            free(check_round_trip(p, path, text, len));
            free(text);
            here++;
        }
        closedir(d);
        if (here == 0)
            fail_msg("no example applications in %s", sub);
        profiles++;
        files += here;
    }
    closedir(top);
    assert_true(profiles >= 4); /* kitakyushu-external, kitakyushu-cloud, otokuni, tokyo-edu */
    assert_true(files >= profiles);
}

/* The canonical compact form: groups and keys in field_defs order whatever
 * the input order, enum names, class level codes (also for a bare number or
 * a role label in the input: level code and role id), alpha-2 countries in
 * list order, YYYY-MM-DD dates, true/false, and answers in profile order
 * (items, then risks) with evidence only when given. */
static void test_compact_canonical_form(void **state)
{
    (void)state;
    const char *in =
        "{\"answers\": {\"risk-provider-free-use\": {\"status\": \"not_done\"},"
        "  \"judge-mynumber-system\": {\"evidence\": \"\", \"status\": \"not_applicable\"},"
        "  \"judge-ab-permission\": {\"status\": \"done\", \"evidence\": \"approved\"}},"
        " \"approver\": {\"role\": \"cyber_chief\"},"
        " \"usage_period\": {\"to\": \"2027-03-31\", \"from\": \"2026-04-01\"},"
        " \"information\": {\"personal_data\": false, \"confidentiality\": \"B\"},"
        " \"notes\": \"n\", \"purpose\": \"p\","
        " \"applicant\": {\"role\": \"職員等\", \"name\": \"A\"},"
        " \"service\": {\"sla_uptime_percent\": 99.95, \"log_retention_days\": 365, \"subcontracting\": true,"
        "   \"certifications\": [\"SOC2\", \"ISMAP\"], \"domains\": [\"*.example.jp\"], \"data_locations\": [\"US\", \"JP\"],"
        "   \"category\": \"web_meeting\", \"name\": \"S\", \"governing_law\": \"JP\"}}";
    const char *want =
        "{\"service\":{\"name\":\"S\",\"category\":\"web_meeting\",\"data_locations\":[\"US\",\"JP\"],"
        "\"governing_law\":\"JP\",\"domains\":[\"*.example.jp\"],\"certifications\":[\"SOC2\",\"ISMAP\"],"
        "\"subcontracting\":true,\"log_retention_days\":365,\"sla_uptime_percent\":99.95},"
        "\"purpose\":\"p\",\"notes\":\"n\","
        "\"information\":{\"confidentiality\":\"B\",\"personal_data\":false},"
        "\"usage_period\":{\"from\":\"2026-04-01\",\"to\":\"2027-03-31\"},"
        "\"applicant\":{\"name\":\"A\",\"role\":\"staff\"},"
        "\"approver\":{\"role\":\"cyber_chief\"},"
        "\"answers\":{\"judge-ab-permission\":{\"status\":\"done\",\"evidence\":\"approved\"},"
        "\"judge-mynumber-system\":{\"status\":\"not_applicable\"},"
        "\"risk-provider-free-use\":{\"status\":\"not_done\"}}}";
    char *got = check_round_trip(test_profile("tokyo-edu"), "canonical", in, strlen(in));
    assert_string_equal(got, want);
    free(got);

    const char *bare = "{\"service\": {\"name\": \"X\", \"category\": \"cloud\"}, \"information\": {\"confidentiality\": 2}}";
    got = check_round_trip(test_profile("kitakyushu-cloud"), "bare class number", bare, strlen(bare));
    assert_string_equal(got, "{\"service\":{\"name\":\"X\",\"category\":\"cloud\"},\"information\":{\"confidentiality\":\"2\"}}");
    free(got);
}

/* The pretty form: 2-space indentation, lists of scalars on one line, a
 * final newline; it parses to what the compact form parses to. */
static void test_pretty_layout(void **state)
{
    (void)state;
    const char *in = "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"data_locations\": [\"JP\", \"US\"]},"
                     " \"information\": {\"confidentiality\": \"C\"},"
                     " \"answers\": {\"judge-ab-permission\": {\"status\": \"done\", \"evidence\": \"e\"}}}";
    const char *want = "{\n"
                       "  \"service\": {\n"
                       "    \"name\": \"X\",\n"
                       "    \"category\": \"cloud\",\n"
                       "    \"data_locations\": [\"JP\", \"US\"]\n"
                       "  },\n"
                       "  \"information\": {\n"
                       "    \"confidentiality\": \"C\"\n"
                       "  },\n"
                       "  \"answers\": {\n"
                       "    \"judge-ab-permission\": {\n"
                       "      \"status\": \"done\",\n"
                       "      \"evidence\": \"e\"\n"
                       "    }\n"
                       "  }\n"
                       "}\n";
    const Profile *p = test_profile("tokyo-edu");
    free(check_round_trip(p, "pretty", in, strlen(in)));
    AppDoc doc;
    parse_ok(&doc, p, "pretty", in, strlen(in));
    char *got = write_doc(&doc, 1);
    assert_string_equal(got, want);
    free(got);
    appdoc_free(&doc);
}

/* Strings that need escaping survive unchanged: quotes, backslashes, every
 * kind of control character (as \n \r \t or \u00XX), DEL and '/' as they
 * are, Japanese and emoji (raw or as escaped surrogate pairs) as UTF-8. */
static void test_awkward_strings_round_trip(void **state)
{
    (void)state;
    const char *in =
        "{\"service\": {\"name\": \"say \\\"hi\\\" \\\\ back\\\\slash \\/ \\u0001\\u001f\\b\\f\\n\\r\\t \x7f end\","
        " \"category\": \"cloud\"},"
        " \"purpose\": \"庁内の文書共有（全角スペース\xe3\x80\x80含む）\","
        " \"notes\": \"emoji \xf0\x9f\x98\x80 and escaped \\ud83d\\ude00, line sep \\u2028\","
        " \"information\": {\"confidentiality\": \"C\"},"
        " \"answers\": {\"judge-ab-permission\": {\"status\": \"done\", \"evidence\": \"\\\"quoted\\\"\\n次行\"}}}";
    const Profile *p = test_profile("tokyo-edu");
    char *got = check_round_trip(p, "awkward", in, strlen(in));
    assert_non_null(strstr(got, "\"name\":\"say \\\"hi\\\" \\\\ back\\\\slash / \\u0001\\u001f\\u0008\\u000c\\n\\r\\t \x7f end\""));
    assert_non_null(strstr(got, "\"purpose\":\"庁内の文書共有（全角スペース\xe3\x80\x80含む）\""));
    assert_non_null(strstr(got, "\"notes\":\"emoji 😀 and escaped 😀, line sep \xe2\x80\xa8\""));
    assert_non_null(strstr(got, "\"evidence\":\"\\\"quoted\\\"\\n次行\""));
    AppDoc doc;
    parse_ok(&doc, p, "awkward", got, strlen(got));
    assert_string_equal(doc.v[F_SERVICE_NAME].s, "say \"hi\" \\ back\\slash / \x01\x1f\b\f\n\r\t \x7f end");
    free(got);
    appdoc_free(&doc);
}

/* Numbers read back to the same double, written as briefly as that allows
 * (99.95 and 0.1, not their 17-digit forms; integral values without a
 * decimal point); -0 keeps its sign, an overflowing literal (infinity)
 * comes back as 1e999, and whole numbers up to LLONG_MAX stay exact. */
static void test_numbers_round_trip(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"99.95", "99.95"},
        {"0.1", "0.1"},
        {"100", "100"},
        {"100.0", "100"},
        {"99.9", "99.9"},
        {"1e-7", "1e-07"},
        {"1E+20", "1e+20"},
        {"0.30000000000000004", "0.30000000000000004"},
        {"123456789.123456789", "123456789.12345679"},
        {"1.7976931348623157e308", "1.7976931348623157e+308"},
        {"5e-324", "4.94065645841247e-324"}, /* the smallest subnormal: 15 digits suffice */
        {"-0.0", "-0"},
        {"-12.5", "-12.5"},
        {"1e999", "1e999"},
        {"-1e999", "-1e999"},
    };
    const Profile *p = test_profile("tokyo-edu");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char in[256], want[128];
        snprintf(in, sizeof in,
                 "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"sla_uptime_percent\": %s},"
                 " \"information\": {\"confidentiality\": \"C\"}}",
                 cases[i].in);
        snprintf(want, sizeof want, "\"sla_uptime_percent\":%s}", cases[i].out);
        char *got = check_round_trip(p, cases[i].in, in, strlen(in));
        if (!strstr(got, want))
            fail_msg("%s written as %s, want %s", cases[i].in, got, cases[i].out);
        free(got);
    }
    const char *big = "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"log_retention_days\": 9223372036854775807},"
                      " \"information\": {\"confidentiality\": \"C\"}}";
    char *got = check_round_trip(p, "LLONG_MAX", big, strlen(big));
    assert_non_null(strstr(got, "\"log_retention_days\":9223372036854775807}"));
    free(got);

    const char *minus_zero = "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"sla_uptime_percent\": -0},"
                             " \"information\": {\"confidentiality\": \"C\"}}";
    free(check_round_trip(p, "-0", minus_zero, strlen(minus_zero)));
    AppDoc doc;
    parse_ok(&doc, p, "-0", minus_zero, strlen(minus_zero));
    assert_true(signbit(doc.v[F_SERVICE_SLA_UPTIME_PERCENT].n));
    appdoc_free(&doc);
}

/* Nothing that means "not given" is written: null, empty strings, empty
 * lists and empty evidence in the input; a group with nothing given; an
 * answer-less document has no "answers" key. */
static void test_absent_values_not_written(void **state)
{
    (void)state;
    const char *in = "{\"service\": {\"name\": \"X\", \"category\": \"cloud\", \"domains\": [], \"provider\": \"\","
                     " \"court\": null, \"certifications\": []}, \"notes\": \"\", \"user_scope\": null,"
                     " \"information\": {\"confidentiality\": \"C\"}, \"usage_period\": {\"from\": null},"
                     " \"administrator\": {\"title\": \"\"}, \"answers\": {}}";
    char *got = check_round_trip(test_profile("tokyo-edu"), "absent", in, strlen(in));
    assert_string_equal(got, "{\"service\":{\"name\":\"X\",\"category\":\"cloud\"},\"information\":{\"confidentiality\":\"C\"}}");
    free(got);
}

/* A document built in code rather than parsed: derived fields (track,
 * high_availability, exempt) are never written even when set, present-but-
 * empty strings and lists are left out like the parser's "not given", and
 * a sum like 0.1 + 0.2 gets the digits it needs to read back exactly. */
static void test_built_document_and_derived_fields(void **state)
{
    (void)state;
    const Profile *p = test_profile("tokyo-edu");
    AppDoc doc;
    assert_true(appdoc_init(&doc, p));
    doc.v[F_SERVICE_NAME] = (FieldValue){.present = 1, .s = "X"};
    doc.v[F_SERVICE_CATEGORY] = (FieldValue){.present = 1, .code = 1}; /* web_meeting */
    doc.v[F_SERVICE_SLA_UPTIME_PERCENT] = (FieldValue){.present = 1, .n = 0.1 + 0.2};
    doc.v[F_SERVICE_DOMAINS] = (FieldValue){.present = 1, .count = 0};
    doc.v[F_NOTES] = (FieldValue){.present = 1, .s = ""};
    doc.v[F_INFO_CONFIDENTIALITY] = (FieldValue){.present = 1, .code = 2}; /* "C" */
    doc.v[F_PERIOD_FROM] = (FieldValue){.present = 1, .i = 20260401};
    doc.v[F_TRACK] = (FieldValue){.present = 1, .code = TRACK_IMPORTANT};
    doc.v[F_HIGH_AVAILABILITY] = (FieldValue){.present = 1, .i = 1};
    doc.v[F_EXEMPT] = (FieldValue){.present = 1, .i = 1};
    for (int pretty = 0; pretty <= 1; pretty++) {
        char *got = write_doc(&doc, pretty);
        assert_null(strstr(got, "track"));
        assert_null(strstr(got, "high_availability"));
        assert_null(strstr(got, "exempt"));
        if (!pretty)
            assert_string_equal(got, "{\"service\":{\"name\":\"X\",\"category\":\"web_meeting\","
                                     "\"sla_uptime_percent\":0.30000000000000004},"
                                     "\"information\":{\"confidentiality\":\"C\"},\"usage_period\":{\"from\":\"2026-04-01\"}}");
        AppDoc back;
        parse_ok(&back, p, "built", got, strlen(got));
        assert_true(back.v[F_SERVICE_SLA_UPTIME_PERCENT].n == 0.1 + 0.2);
        assert_int_equal(back.v[F_PERIOD_FROM].i, 20260401);
        assert_false(back.v[F_NOTES].present);
        assert_false(back.v[F_SERVICE_DOMAINS].present);
        appdoc_free(&back);
        free(got);
    }
    appdoc_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples_round_trip),
        cmocka_unit_test(test_compact_canonical_form),
        cmocka_unit_test(test_pretty_layout),
        cmocka_unit_test(test_awkward_strings_round_trip),
        cmocka_unit_test(test_numbers_round_trip),
        cmocka_unit_test(test_absent_values_not_written),
        cmocka_unit_test(test_built_document_and_derived_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
