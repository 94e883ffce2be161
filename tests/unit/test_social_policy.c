/* The social_media profile section (tokyo-edu 10): the loader's errors
 * (file:line:col), the password policy of 10オ(ア) on both sides of every
 * boundary, and each posting rule of the pre-posting check on both sides,
 * with its clause. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/evaluate.h"
#include "policy/social.h"
#include "testutil.h"

/* ---- loader ---- */

static const char *const base =
    "profile: {id: sns-test, version: \"1\", organization: テスト, document: 基準, source: test}\n"
    "roles:\n"
    "  - {id: staff, label: 職員}\n"
    "  - {id: asset_owner, label: 情報資産を所管する者}\n"
    "  - {id: ciso, label: CISO}\n"
    "classifications:\n"
    "  confidentiality: {label: 機密性, levels: [{code: \"A\", label: A, important: true}, {code: \"B\", label: B, important: true}, {code: \"C\", label: C}]}\n"
    "  integrity: {label: 完全性, levels: [{code: \"B\", label: B}, {code: \"C\", label: C}]}\n"
    "  availability: {label: 可用性, levels: [{code: \"B\", label: B, high: true}, {code: \"C\", label: C}]}\n"
    "tracks:\n"
    "  - {id: important, label: 重要, clause: \"1\", applicant_roles: [asset_owner], applicant_clause: \"1\",\n"
    "     approver_role: ciso, approver_clause: \"1\", administrator: applicant, administrator_role: asset_owner, administrator_clause: \"1\"}\n"
    "  - {id: ordinary, label: 通常, clause: \"1\", applicant_roles: [staff], applicant_clause: \"1\",\n"
    "     approver_role: ciso, approver_clause: \"1\", administrator: applicant, administrator_role: staff, administrator_clause: \"1\"}\n"
    "ledger_fields:\n"
    "  - {id: name, label: 名称, clause: \"1\", fields: [service.name]}\n"
    "requirements:\n"
    "  - {id: op, phase: operation, clause: \"1\", text: 確認する}\n"
    "social_media:\n"
    "  clause: \"10\"\n"
    "  manager_role: asset_owner\n"
    "  manager_clause: \"10\"\n"
    "  checks:\n"
    "    - {id: policy, clause: \"10イ\", text: ポリシー, level: must}\n"
    "  password_policy: {min_length: 12, min_classes: 3, classes: [upper, lower, digit, symbol], clause: \"10オ(ア)\"}\n"
    "  url_shorteners: [bit.ly]\n"
    "  posting_rules:\n"
    "    - {id: no-b, clause: \"10ウ(ア)\", severity: block, message: だめ, when: {field: information.confidentiality, op: in, value: [\"A\", \"B\"]}}\n"
    "  prohibited:\n"
    "    - {id: p1, clause: \"10ケ(ケ)\", text: 中傷を含まない}\n"
    "  monitoring: {interval_days: 7, clause: \"10カ\"}\n"
    "  playbooks:\n"
    "    - {id: flaming, label: 炎上, clause: \"10キ(イ)\", steps: [{text: 冷静に対応する}]}\n";


static void test_loader_base_loads(void **state)
{
    (void)state;
    Errors errs = {0};
    Profile *p = profile_load("t.yaml", base, strlen(base), &errs);
    for (int i = 0; i < errs.count; i++)
        print_error("  %s\n", errs.msg[i]);
    assert_non_null(p);
    assert_non_null(p->social);
    assert_int_equal(p->social->password.min_length, 12);
    assert_int_equal(p->social->n_playbooks, 1);
    profile_free(p);
    errors_free(&errs);
}

/* expect_load_error on a text this file made (and frees). */
static void expect_error(char *text, const char *needle)
{
    expect_load_error(text, needle);
    free(text);
}

static void test_loader_errors(void **state)
{
    (void)state;
    /* Line and column of the offending node: line 21 is "  manager_role: …". */
    expect_error(text_replace(base, "manager_role: asset_owner", "manager_role: nobody"),
                 "t.yaml:21:17: social_media.manager_role 'nobody' is not a role");
    expect_error(text_replace(base, "level: must}", "level: maybe}"), "level 'maybe' is not one of: must, should");
    expect_error(text_replace(base, "classes: [upper, lower, digit, symbol]", "classes: [upper, lower, digits]"),
                 "'digits' is not one of: upper, lower, digit, symbol");
    expect_error(text_replace(base, "min_classes: 3", "min_classes: 5"), "'min_classes' must be a whole number from 1 to 4");
    expect_error(text_replace(base, "classes: [upper, lower, digit, symbol]", "classes: [upper, lower]"),
                 "min_classes 3 is more than the 2 classes listed");
    expect_error(text_replace(base, "url_shorteners: [bit.ly]", "url_shorteners: [\"bit ly\"]"), "'bit ly' is not a host name");
    /* A post field outside posting_rules is not readable (scope), and an unknown field is an error. */
    expect_error(text_replace(base, "field: information.confidentiality, op: in", "field: post.nothing, op: in"), "post.nothing");
    expect_error(text_replace(base, "steps: [{text: 冷静に対応する}]", "steps: []"), "playbook flaming: 'steps' needs at least one step");
    expect_error(text_replace(base, "  monitoring: {interval_days: 7, clause: \"10カ\"}\n", ""), "social_media: 'monitoring' is required");
    expect_error(text_replace(base, "{id: p1,", "{id: P1,"), "prohibited item id 'P1' may contain only");
    expect_error(text_replace(base, "  checks:\n", "  checkz: []\n  checks:\n"), "checkz");
    expect_error(text_replace(base, "text: 冷静に対応する}]", "text: 冷静に対応する, notify: x}]"), "notify must be a list");
}

/* A post field read by a profile rule (not a posting rule) is refused. */
static void test_loader_post_field_scope(void **state)
{
    (void)state;
    char *t = text_replace(base, "social_media:\n",
                   "rules:\n  - {id: r1, clause: \"1\", severity: warn, message: m, when: {field: post.video, op: equals, value: true}}\n"
                   "social_media:\n");
    expect_error(t, "post.video");
}

/* ---- password policy: 10オ(ア) 12文字以上、英大文字・英小文字・数字・記号のうち3種類以上 ---- */

static PasswordResult pw(const char *s)
{
    const Profile *p = test_profile("tokyo-edu");
    assert_non_null(p->social);
    PasswordResult r;
    social_password_check(&p->social->password, s, strlen(s), &r);
    /* The message never contains the candidate. */
    if (strlen(s) >= 4)
        assert_null(strstr(r.message, s));
    assert_non_null(strstr(r.message, "10オ(ア)"));
    return r;
}

static void test_password_length_boundary(void **state)
{
    (void)state;
    PasswordResult r = pw("Abcdefgh12!"); /* 11 characters, 4 classes */
    assert_false(r.ok);
    assert_int_equal(r.length, 11);
    assert_non_null(strstr(r.message, "12 文字以上"));
    assert_non_null(strstr(r.message, "あと 1 文字"));
    r = pw("Abcdefgh123!"); /* 12 */
    assert_true(r.ok);
    assert_int_equal(r.length, 12);
}

static void test_password_class_boundary(void **state)
{
    (void)state;
    PasswordResult r = pw("abcdefgh1234"); /* lower + digit: 2 classes */
    assert_false(r.ok);
    assert_int_equal(r.n_classes, 2);
    assert_non_null(strstr(r.message, "英大文字"));
    assert_non_null(strstr(r.message, "記号"));
    assert_null(strstr(r.message, "英小文字・"));
    r = pw("abcdefgh123X"); /* + upper: 3 */
    assert_true(r.ok);
    assert_int_equal(r.n_classes, 3);
    r = pw("abcdefgh123!"); /* lower, digit, symbol: 3 */
    assert_true(r.ok);
    r = pw("ABCDEFGH!!!!"); /* upper, symbol: 2 */
    assert_false(r.ok);
}

static void test_password_multibyte(void **state)
{
    (void)state;
    /* 11 characters of which 3 are kana (9 bytes): 17 bytes but 11 characters → too short. */
    PasswordResult r = pw("あいうAbcd12!x");
    assert_int_equal(r.length, 11);
    assert_false(r.ok);
    r = pw("あいうAbcd12!xy"); /* 12 characters */
    assert_int_equal(r.length, 12);
    assert_true(r.ok);
    /* Kana are no class of the policy: kana + lower + digit = 2 classes. */
    r = pw("あいうえおかabc123");
    assert_int_equal(r.length, 12);
    assert_int_equal(r.n_classes, 2);
    assert_false(r.ok);
    /* Not UTF-8 is refused without judging it. */
    r = pw("Abcdefgh123\xff!");
    assert_false(r.valid_utf8);
    assert_false(r.ok);
}

/* ---- pre-posting check ---- */

static const char *all_confirmed[] = {"conduct", "laws", "rights", "accuracy", "secrets-care", "no-quotes-links",
                                      "no-defamation", "no-discrimination", "no-illegal", "no-personal-views",
                                      "no-secrets", "no-rights-infringement", "no-security-threat", "no-rumours",
                                      "no-indecency", "no-undecided-policy", "no-outsider-posting", "no-other-improper"};

static PostInput post(const char *cls, const char *text)
{
    PostInput in = {0};
    in.confidentiality = cls;
    in.text = text;
    in.confirmed = all_confirmed;
    in.n_confirmed = (int)(sizeof all_confirmed / sizeof all_confirmed[0]);
    return in;
}

static const PostFinding *finding(const PostResult *r, const char *id)
{
    for (int i = 0; i < r->n_findings; i++)
        if (strcmp(r->findings[i].id, id) == 0)
            return &r->findings[i];
    return NULL;
}

typedef struct Run {
    Arena a;
    PostResult r;
} Run;

static void check(Run *run, const PostInput *in)
{
    arena_init(&run->a, NULL, 0);
    assert_int_equal(social_post_check(test_profile("tokyo-edu"), in, &run->a, &run->r), 0);
}

static void test_post_class(void **state)
{
    (void)state;
    Run run;
    PostInput in = post("C", "お知らせです。");
    check(&run, &in);
    assert_int_equal(run.r.verdict, VERDICT_READY);
    assert_int_equal(run.r.n_findings, 0);
    arena_free(&run.a);
    in.confidentiality = "B"; /* 10ウ(ア): 機密性B以上 → blocked */
    check(&run, &in);
    assert_int_equal(run.r.verdict, VERDICT_BLOCKED);
    const PostFinding *f = finding(&run.r, "no-class-b-or-above");
    assert_non_null(f);
    assert_string_equal(f->clause, "10ウ(ア)");
    assert_int_equal(f->severity, SEV_BLOCK);
    arena_free(&run.a);
    in.confidentiality = "A";
    check(&run, &in);
    assert_int_equal(run.r.verdict, VERDICT_BLOCKED);
    arena_free(&run.a);
}

static void test_post_availability(void **state)
{
    (void)state;
    Run run;
    PostInput in = post("C", "休校のお知らせ");
    in.availability = "C";
    check(&run, &in);
    assert_null(finding(&run.r, "availability-b-on-website"));
    arena_free(&run.a);
    in.availability = "B"; /* 10ウ(イ) */
    check(&run, &in);
    const PostFinding *f = finding(&run.r, "availability-b-on-website");
    assert_non_null(f);
    assert_string_equal(f->clause, "10ウ(イ)");
    assert_int_equal(run.r.verdict, VERDICT_NEEDS_REVIEW);
    arena_free(&run.a);
}

static void test_post_shortener(void **state)
{
    (void)state;
    Run run;
    PostInput in = post("C", "詳しくは https://www.example.metro.tokyo.lg.jp/a をご覧ください");
    check(&run, &in);
    assert_null(finding(&run.r, "url-shortener"));
    assert_int_equal(run.r.n_hosts, 1);
    assert_string_equal(run.r.hosts[0], "example.metro.tokyo.lg.jp");
    arena_free(&run.a);
    in.text = "詳しくは HTTPS://Bit.ly/3xYz をご覧ください"; /* 10ケ(ア), case and scheme case ignored */
    check(&run, &in);
    const PostFinding *f = finding(&run.r, "url-shortener");
    assert_non_null(f);
    assert_string_equal(f->clause, "10ケ(ア)");
    assert_int_equal(f->severity, SEV_WARN);
    assert_int_equal(run.r.verdict, VERDICT_NEEDS_REVIEW);
    arena_free(&run.a);
    /* A URL given apart (not in the text) counts too, as does a bare host. */
    const char *urls[] = {"t.co"};
    in = post("C", "本文");
    in.urls = urls;
    in.n_urls = 1;
    check(&run, &in);
    assert_non_null(finding(&run.r, "url-shortener"));
    arena_free(&run.a);
}

static void test_post_video(void **state)
{
    (void)state;
    Run run;
    PostInput in = post("C", "動画");
    in.video = 1;
    in.comments_disabled = 1;
    in.ratings_disabled = 1;
    check(&run, &in);
    assert_null(finding(&run.r, "video-comments-ratings"));
    assert_int_equal(run.r.verdict, VERDICT_READY);
    arena_free(&run.a);
    in.ratings_disabled = 0; /* 10ク(イ) */
    check(&run, &in);
    const PostFinding *f = finding(&run.r, "video-comments-ratings");
    assert_non_null(f);
    assert_string_equal(f->clause, "10ク(ア)(イ)");
    assert_int_equal(run.r.verdict, VERDICT_NEEDS_REVIEW);
    arena_free(&run.a);
    in.ratings_disabled = 1;
    in.comments_disabled = 0; /* 10ク(ア) */
    check(&run, &in);
    assert_non_null(finding(&run.r, "video-comments-ratings"));
    arena_free(&run.a);
    in.video = 0; /* not a video: the settings do not matter */
    check(&run, &in);
    assert_null(finding(&run.r, "video-comments-ratings"));
    arena_free(&run.a);
}

static void test_post_student_work(void **state)
{
    (void)state;
    Run run;
    PostInput in = post("C", "作品展");
    in.student_work = 1;
    in.student_consent = 1;
    check(&run, &in);
    assert_null(finding(&run.r, "student-work-consent"));
    assert_int_equal(run.r.verdict, VERDICT_READY);
    arena_free(&run.a);
    in.student_consent = 0; /* 10ク(エ) */
    check(&run, &in);
    const PostFinding *f = finding(&run.r, "student-work-consent");
    assert_non_null(f);
    assert_string_equal(f->clause, "10ク(エ)");
    assert_int_equal(run.r.verdict, VERDICT_BLOCKED);
    arena_free(&run.a);
}

static void test_post_prohibited_checklist(void **state)
{
    (void)state;
    Run run;
    PostInput in = post("C", "お知らせ");
    in.n_confirmed -= 1; /* the last item (その他…不適切) not confirmed */
    check(&run, &in);
    const PostFinding *f = finding(&run.r, "no-other-improper");
    assert_non_null(f);
    assert_true(f->unconfirmed);
    assert_string_equal(f->clause, "10ケ(ケ)");
    assert_int_equal(run.r.n_findings, 1);
    assert_int_equal(run.r.verdict, VERDICT_NEEDS_REVIEW);
    arena_free(&run.a);
    /* An unknown item is bad input, naming it. */
    const char *bad[] = {"no-such-item"};
    in.confirmed = bad;
    in.n_confirmed = 1;
    arena_init(&run.a, NULL, 0);
    assert_int_equal(social_post_check(test_profile("tokyo-edu"), &in, &run.a, &run.r), -1);
    assert_non_null(strstr(run.r.error, "no-such-item"));
    arena_free(&run.a);
    /* An unknown class too. */
    in = post("Z", "x");
    arena_init(&run.a, NULL, 0);
    assert_int_equal(social_post_check(test_profile("tokyo-edu"), &in, &run.a, &run.r), -1);
    assert_non_null(strstr(run.r.error, "'Z'"));
    arena_free(&run.a);
}

static void test_profile_section(void **state)
{
    (void)state;
    const SocialPolicy *s = test_profile("tokyo-edu")->social;
    assert_non_null(s);
    /* 10エ(ア) and 10オ(イ) say 可能な限り: should, the rest must. */
    assert_true(s->checks[social_check_index(s, "verified-account")].should);
    assert_true(s->checks[social_check_index(s, "two-step-auth")].should);
    assert_false(s->checks[social_check_index(s, "password-policy")].should);
    int k = social_playbook_index(s, "impersonation");
    assert_true(k >= 0);
    assert_string_equal(s->playbooks[k].clause, "10キ(ア)");
    assert_int_equal(s->playbooks[k].n_steps, 4);
    assert_int_equal(s->playbooks[k].steps[2].n_notify, 2);
    assert_string_equal(s->playbooks[k].steps[2].notify[1], "教育庁 CSIRT");
    assert_true(social_playbook_index(s, "flaming") >= 0 && social_playbook_index(s, "hoax") >= 0 &&
                social_playbook_index(s, "shutdown") >= 0);
    /* Other profiles have no social_media section. */
    assert_null(test_profile("kitakyushu-external")->social);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader_base_loads),       cmocka_unit_test(test_loader_errors),
        cmocka_unit_test(test_loader_post_field_scope), cmocka_unit_test(test_password_length_boundary),
        cmocka_unit_test(test_password_class_boundary), cmocka_unit_test(test_password_multibyte),
        cmocka_unit_test(test_post_class),              cmocka_unit_test(test_post_availability),
        cmocka_unit_test(test_post_shortener),          cmocka_unit_test(test_post_video),
        cmocka_unit_test(test_post_student_work),       cmocka_unit_test(test_post_prohibited_checklist),
        cmocka_unit_test(test_profile_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
