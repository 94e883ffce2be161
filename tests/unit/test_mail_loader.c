/* The `mail_delivery` profile section (src/policy/mail_policy.c): the
 * tokyo-edu section as the seed's 別紙 and 11 イ・ウ state it, other
 * profiles without it, and strict loading with file:line:col. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/mail_policy.h"
#include "testutil.h"

static const char *const mail_ok =
    "mail_delivery:\n"
    "  manager_role: section_head\n"
    "  manager_clause: \"11\"\n"
    "  policy: {clause: \"11 イ\", text: 運用方針を定める。}\n"
    "  consent: {clause: \"11 ウ(ア)\", text: 希望者のみ。}\n"
    "  alternative: {clause: \"11 ウ(イ)\", text: 代替手段。, examples: [紙]}\n"
    "  document:\n"
    "    title: 運用方針\n"
    "    clause: \"11 別紙\"\n"
    "    date_sample: 令和　年　月　日\n"
    "    number_sample: 号\n"
    "    issuer_sample: 校長\n"
    "    school_sample: 学校\n"
    "    sections:\n"
    "      - {id: purpose, number: \"1\", heading: 利用目的, clause: \"11 別紙 1\", prompt: 目的, sample: 例}\n"
    "      - {id: other, number: \"2\", heading: その他, clause: \"11 別紙 8\", prompt: 他, sample: 例, required: false}\n";

/* test_minimal_profile + the mail section with `from` replaced by `to`; caller frees. */
static char *with_mail(const char *from, const char *to)
{
    const char *m = mail_ok;
    const char *at = from ? strstr(m, from) : NULL;
    if (from && !at)
        fail_msg("fixture lacks \"%s\"", from);
    size_t n = strlen(test_minimal_profile) + strlen(m) + (to ? strlen(to) : 0) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    if (!from)
        snprintf(out, n, "%s%s", test_minimal_profile, m);
    else
        snprintf(out, n, "%s%.*s%s%s", test_minimal_profile, (int)(at - m), m, to, at + strlen(from));
    return out;
}

/* Line of the first occurrence of `needle` in `text` (1-based). */
static int line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    int line = 1;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

/* Loading fails (nothing returned) with an error "t.yaml:LINE:" at the
 * line of `mark` in the text, containing `words`. */
static void expect_error(const char *from, const char *to, const char *mark, const char *words)
{
    char *text = with_mail(from, to);
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", text, strlen(text), &errs);
    if (p)
        fail_msg("loaded although %s", words);
    char where[32];
    snprintf(where, sizeof where, "t.yaml:%d:", line_of(text, mark));
    if (!errors_contain(&errs, where) || !errors_contain(&errs, words))
        fail_msg("expected an error at %s with \"%s\"; got \"%s\"", where, words, errs.count ? errs.msg[0] : "(none)");
    errors_free(&errs);
    free(text);
}

static void test_minimal_section_loads(void **state)
{
    (void)state;
    char *text = with_mail(NULL, NULL);
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", text, strlen(text), &errs);
    if (!p)
        fail_msg("%s", errs.count ? errs.msg[0] : "?");
    const MailPolicy *m = p->mail;
    assert_non_null(m);
    assert_int_equal(m->manager_role, profile_role_index(p, "section_head"));
    assert_int_equal(m->n_sections, 2);
    assert_true(m->sections[0].required);   /* default */
    assert_false(m->sections[1].required);
    assert_true(m->opt_in_only);             /* defaults: the seed's rules */
    assert_true(m->consent_needs_issued);
    assert_true(m->alternative_required);
    assert_int_equal(m->n_alternative_examples, 1);
    assert_false(m->is_sample);
    assert_int_equal(mail_section_index(m, "other"), 1);
    assert_int_equal(mail_section_index(m, "nope"), -1);
    profile_free(p);
    errors_free(&errs);
    free(text);
}

static void test_loader_errors(void **state)
{
    (void)state;
    expect_error("  manager_role: section_head\n", "  manager_role: principal\n", "manager_role:", "'principal' is not a role");
    expect_error("    title: 運用方針\n", "    title: 運用方針\n    colour: red\n", "colour", "colour");
    expect_error("prompt: 他, sample: 例,", "prompt: 他,", "{id: other", "sample");
    expect_error("{id: other,", "{id: purpose,", "{id: purpose, number: \"2\"", "duplicate mail_delivery section id 'purpose'");
    expect_error("{id: other,", "{id: Other-1,", "{id: Other-1", "may contain only");
    expect_error("    sections:\n", "    sectionz:\n", "    title: 運用方針", "'sections' is required");
    expect_error("  consent: {clause: \"11 ウ(ア)\", text: 希望者のみ。}\n", "", "  manager_role:", "'consent' is required");
    expect_error("examples: [紙]}", "examples: [紙], required_on_decline: maybe}", "required_on_decline", "required_on_decline");
}

/* tokyo-edu 11 イ・別紙: the eight sections in the 別紙's order and wording;
 * 11: 情報資産を所管する者 manages; 11 ウ(ア)(イ) as rules. */
static void test_tokyo_edu_section(void **state)
{
    (void)state;
    const Profile *p = test_profile("tokyo-edu");
    const MailPolicy *m = p->mail;
    assert_non_null(m);
    assert_string_equal(p->roles[m->manager_role].label, "情報資産を所管する者");
    assert_string_equal(m->manager_clause, "11");
    assert_string_equal(m->title, "連絡用メール配信システム運用方針");
    assert_true(m->is_sample); /* 11 イ: "別紙のとおり記載例を掲載する" */
    assert_non_null(strstr(m->sample_note, "記載例"));
    assert_string_equal(m->policy.clause, "11 イ");
    assert_string_equal(m->consent.clause, "11 ウ(ア)");
    assert_string_equal(m->alternative.clause, "11 ウ(イ)");
    assert_true(m->opt_in_only && m->consent_needs_issued && m->alternative_required);
    static const char *const headings[] = {"利用目的", "利用対象者", "発信する機器", "サービスの提供事業者及びサービスの名称",
                                           "サービスの提供事業者が定めた利用規約", "利用料及び利用料の支出方法等",
                                           "トラブルが発生した場合の対応", "その他"};
    assert_int_equal(m->n_sections, 8);
    for (int i = 0; i < 8; i++) {
        char num[4];
        snprintf(num, sizeof num, "%d", i + 1);
        assert_string_equal(m->sections[i].number, num);
        assert_string_equal(m->sections[i].heading, headings[i]);
        assert_non_null(strstr(m->sections[i].clause, "11 別紙"));
        assert_true(*m->sections[i].sample && *m->sections[i].prompt);
        assert_int_equal(m->sections[i].required, i < 7); /* 8 その他 may stay empty */
    }
    assert_non_null(strstr(m->sections[2].sample, "TAIMS"));
}

static void test_other_profiles_have_none(void **state)
{
    (void)state;
    assert_null(test_profile("kitakyushu-external")->mail);
    assert_null(test_profile("kitakyushu-cloud")->mail);
    assert_null(test_profile("otokuni")->mail);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_section_loads),
        cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_tokyo_edu_section),
        cmocka_unit_test(test_other_profiles_have_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
