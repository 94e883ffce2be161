/* Mail-delivery policies and consent (src/app/app_mail_*.c) against the
 * backend named by DAICHO_TEST_DB (PostgreSQL) or a fresh SQLite file.
 *
 * The rules are tokyo-edu 11 as its profile states them (mail_delivery):
 *   11      情報資産を所管する者 writes the policy and records consent;
 *   11 イ・別紙  the 運用方針 follows the 別紙 sections; daicho requires 1–7;
 *           an issued version is never changed (a change is the next version);
 *   11 ウ(ア) consent only as an explicit opt-in, once the policy (purpose and
 *           method) is issued;
 *   11 ウ(イ) whoever declines or withdraws is recorded with the alternative
 *           offered. A withdrawal is a new record; the history stays.
 * Each test checks both sides of its rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "app/app_mail.h"

/* `call` refused with APP_INVALID, the message containing `needle` and the
 * clause exactly `clause` (NULL: any). */
static void refused_(App *app, AppRc rc, const char *needle, const char *clause, int denied, const char *what, int line)
{
    if (rc != APP_INVALID)
        fail_msg("line %d: %s: expected APP_INVALID, got %d: %s", line, what, rc, errtext(app));
    if (needle && !strstr(errtext(app), needle))
        fail_msg("line %d: %s: message \"%s\" lacks \"%s\"", line, what, errtext(app), needle);
    if (clause && (!app->clause || strcmp(app->clause, clause) != 0))
        fail_msg("line %d: %s: clause \"%s\", expected \"%s\"", line, what, app->clause ? app->clause : "(none)", clause);
    if (denied >= 0 && app->denied != denied)
        fail_msg("line %d: %s: denied=%d, expected %d", line, what, app->denied, denied);
}
#define REFUSED(app, call, needle, clause, denied) refused_((app), (call), (needle), (clause), (denied), #call, __LINE__)

/* Organization on tokyo-edu with 校長 "kocho" (asset_owner), a teacher
 * "sensei" (staff) and the auditor-less administrator "admin". */
static void school(App *app)
{
    org_setup(app, "tokyo-edu");
    add_user_by(app, "admin", "kocho", "校長 花子", "都立テスト学校", "校長", ROLES("asset_owner"));
    add_user_by(app, "admin", "sensei", "教員 一郎", "都立テスト学校", "教諭", ROLES("staff"));
}

/* The profile's samples with the school filled in; strings in `a` or the profile. */
static void sample_input(App *app, Arena *a, MailPolicyInput *in)
{
    OK(app, app_mail_input_sample(app, a, in));
    in->school = "都立テスト学校";
    in->issuer = "東京都立テスト学校長　校長　花子";
    in->doc_number = "テ学第12号";
}

static long long new_policy(App *app, Arena *a)
{
    MailPolicyInput in;
    sample_input(app, a, &in);
    long long n = 0;
    OK(app, app_mail_policy_create(app, &in, &n));
    return n;
}

static void issue(App *app, long long n) { OK(app, app_mail_policy_issue(app, n, "2026-04-01")); }

/* The latest record of `recipient` (NULL when none), copied. */
typedef struct Latest {
    const char *recipient;
    char decision[16];
    char alternative[128];
    int found;
} Latest;

static int find_latest(void *ctx, const MailConsentRow *r)
{
    Latest *l = ctx;
    if (!strcmp(r->recipient, l->recipient)) {
        snprintf(l->decision, sizeof l->decision, "%s", r->decision);
        snprintf(l->alternative, sizeof l->alternative, "%s", r->alternative);
        l->found++;
    }
    return 0;
}

/* ------------------------------------------------------------------ tests */

/* 11: 情報資産を所管する者 manages; staff may not (refused as "denied"). */
static void test_only_manager_role_writes(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    school(app);
    Arena a;
    arena_init(&a, NULL, 0);
    act_as(app, "sensei");
    MailPolicyInput in;
    sample_input(app, &a, &in);
    long long n = 0;
    REFUSED(app, app_mail_policy_create(app, &in, &n), "情報資産を所管する者", "11", 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM mail_policies"), 0);
    act_as(app, "admin"); /* the system administrator holds no role of the profile */
    REFUSED(app, app_mail_policy_create(app, &in, &n), "情報資産を所管する者", "11", 1);
    act_as(app, "kocho");
    OK(app, app_mail_policy_create(app, &in, &n));
    assert_int_equal(n, 1);
    issue(app, n);
    /* Consent is recorded by the manager role too. */
    act_as(app, "sensei");
    MailConsentInput c = {"1年1組 山田", "1年1組", MAIL_OPT_IN, NULL, "同意書", NULL};
    REFUSED(app, app_mail_consent(app, n, &c, NULL), "情報資産を所管する者", "11", 1);
    REFUSED(app, app_mail_policy_issue(app, n, NULL), "情報資産を所管する者", "11", 1);
    /* …and the consent list (names of pupils) is not for every teacher. */
    MailCounts k;
    REFUSED(app, app_mail_consents(app, n, 0, NULL, NULL, &k), "氏名", "11", 1);
    act_as(app, "admin");
    OK(app, app_mail_consents(app, n, 0, NULL, NULL, &k));
    /* Reading the policy itself is for everyone (11 イ: 周知). */
    act_as(app, "sensei");
    MailPolicyView v;
    OK(app, app_mail_policy_get(app, n, 0, &v));
    arena_free(&a);
}

/* 11 別紙: sections 1–7 must be filled (blank text, also U+3000, counts as
 * empty); 8 その他 may stay empty. The refusal names the section and its clause. */
static void test_required_sections(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    school(app);
    act_as(app, "kocho");
    const MailPolicy *m = app->profile->mail;
    assert_non_null(m);
    Arena a;
    arena_init(&a, NULL, 0);
    MailPolicyInput in;
    long long n = 0;
    for (int i = 0; i < m->n_sections; i++) {
        sample_input(app, &a, &in);
        in.texts[i] = " \n　";
        AppRc rc = app_mail_policy_create(app, &in, &n);
        if (m->sections[i].required) {
            char want[128];
            snprintf(want, sizeof want, "「%s %s」", m->sections[i].number, m->sections[i].heading);
            REFUSED(app, rc, want, m->sections[i].clause, 0);
        } else {
            assert_int_equal(rc, APP_OK);
            assert_string_equal(m->sections[i].id, "other");
        }
    }
    assert_int_equal(query_int(app, "SELECT count(*) FROM mail_policies"), 1);
    sample_input(app, &a, &in);
    in.texts[mail_section_index(m, "sending_device")] = NULL;
    REFUSED(app, app_mail_policy_create(app, &in, &n), "3 発信する機器", "11 別紙 3", 0);
    sample_input(app, &a, &in);
    in.school = "　";
    REFUSED(app, app_mail_policy_create(app, &in, &n), "学校名", NULL, 0);
    sample_input(app, &a, &in);
    in.date = "2026-02-30";
    REFUSED(app, app_mail_policy_create(app, &in, &n), "2026-02-30", NULL, 0);
    sample_input(app, &a, &in);
    in.entry_number = 7;
    REFUSED(app, app_mail_policy_create(app, &in, &n), "台帳 第7号", NULL, 0);
    /* Updating a draft checks the same. */
    sample_input(app, &a, &in);
    in.texts[0] = "";
    REFUSED(app, app_mail_policy_update(app, 1, &in, NULL), "「1 利用目的」", "11 別紙 1", 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM mail_policies"), 1);
    arena_free(&a);
}

/* An issued version is never changed: an update makes the next version (a
 * draft) and the issued one stays as it was; a draft is edited in place. */
static void test_issue_and_versions(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    school(app);
    act_as(app, "kocho");
    const MailPolicy *m = app->profile->mail;
    Arena a;
    arena_init(&a, NULL, 0);
    long long n = new_policy(app, &a);
    MailPolicyInput in;
    sample_input(app, &a, &in);
    in.texts[0] = "災害時の連絡に使う。";
    int version = 0;
    OK(app, app_mail_policy_update(app, n, &in, &version));
    assert_int_equal(version, 1); /* a draft: rewritten, no new version */
    assert_int_equal(query_int(app, "SELECT count(*) FROM mail_policy_versions"), 1);
    MailPolicyView v;
    OK(app, app_mail_policy_get(app, n, 0, &v));
    assert_false(v.row.issued);
    assert_int_equal(v.row.issued_version, 0);
    assert_null(v.row.issued_on);
    OK(app, app_mail_policy_issue(app, n, NULL)); /* no date: today (2026-04-10 in Japan) */
    OK(app, app_mail_policy_get(app, n, 0, &v));
    assert_true(v.row.issued);
    assert_string_equal(v.row.issued_on, "2026-04-10");
    assert_string_equal(v.row.issued_by, "kocho");
    REFUSED(app, app_mail_policy_issue(app, n, NULL), "発行済み", m->policy.clause, 0);
    in.texts[0] = "災害時と行事の連絡に使う。";
    OK(app, app_mail_policy_update(app, n, &in, &version));
    assert_int_equal(version, 2);
    OK(app, app_mail_policy_get(app, n, 1, &v));
    assert_true(v.row.issued);
    assert_string_equal(v.texts[0], "災害時の連絡に使う。"); /* the issued text is kept */
    assert_int_equal(v.row.current_version, 2);
    OK(app, app_mail_policy_get(app, n, 0, &v));
    assert_int_equal(v.row.version, 2);
    assert_false(v.row.issued);
    assert_int_equal(v.row.issued_version, 1);
    assert_string_equal(v.texts[0], "災害時と行事の連絡に使う。");
    /* Editing the new draft again stays version 2. */
    OK(app, app_mail_policy_update(app, n, &in, &version));
    assert_int_equal(version, 2);
    OK(app, app_mail_policy_issue(app, n, "2026-04-05"));
    OK(app, app_mail_policy_get(app, n, 0, &v));
    assert_int_equal(v.row.issued_version, 2);
    assert_string_equal(v.row.issued_on, "2026-04-05");
    assert_int_equal(query_int(app, "SELECT count(*) FROM mail_policy_versions WHERE state = 'issued'"), 2);
    REFUSED(app, app_mail_policy_get(app, n, 3, &v), "第3版", NULL, -1);
    REFUSED(app, app_mail_policy_get(app, 9, 0, &v), "第9号", NULL, -1);
    /* Every change is audited and the chain holds. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'mail.policy.create'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'mail.policy.update'"), 3);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'mail.policy.issue'"), 2);
    AuditCheck chk;
    assert_int_equal(audit_verify(app->db, &chk), 0);
    assert_int_equal(chk.bad_seq, 0);
    arena_free(&a);
}

/* 11 ウ(ア): consent only under an issued policy; 11 ウ(イ): a decline names
 * the alternative offered, else it is refused citing 11 ウ(イ). */
static void test_decline_needs_alternative(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    school(app);
    act_as(app, "kocho");
    Arena a;
    arena_init(&a, NULL, 0);
    long long n = new_policy(app, &a);
    MailConsentInput c = {"1年1組 山田", "1年1組", MAIL_OPT_IN, NULL, "同意書", NULL};
    REFUSED(app, app_mail_consent(app, n, &c, NULL), "発行", "11 ウ(ア)", 0);
    issue(app, n);
    OK(app, app_mail_consent(app, n, &c, NULL));
    MailConsentInput d = {"1年1組 佐藤", "1年1組", MAIL_DECLINE, NULL, NULL, NULL};
    REFUSED(app, app_mail_consent(app, n, &d, NULL), "代替手段", "11 ウ(イ)", 0);
    d.alternative = "　";
    REFUSED(app, app_mail_consent(app, n, &d, NULL), "代替手段", "11 ウ(イ)", 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM mail_consents"), 1);
    d.alternative = "紙の配布（連絡文書）";
    OK(app, app_mail_consent(app, n, &d, NULL));
    Latest l = {"1年1組 佐藤", "", "", 0};
    MailCounts k;
    OK(app, app_mail_consents(app, n, 0, find_latest, &l, &k));
    assert_int_equal(l.found, 1);
    assert_string_equal(l.decision, "declined");
    assert_string_equal(l.alternative, "紙の配布（連絡文書）");
    assert_int_equal(k.opted_in, 1);
    assert_int_equal(k.declined, 1);
    assert_int_equal(k.withdrawn, 0);
    /* An opt-in keeps no alternative; a recipient is required; no future date. */
    MailConsentInput e = {"", NULL, MAIL_OPT_IN, NULL, NULL, NULL};
    REFUSED(app, app_mail_consent(app, n, &e, NULL), "対象者", NULL, 0);
    e.recipient = "2年1組 鈴木";
    e.date = "2026-04-11";
    REFUSED(app, app_mail_consent(app, n, &e, NULL), "今日より後", NULL, 0);
    e.date = "2026-04-10";
    OK(app, app_mail_consent(app, n, &e, NULL));
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'mail.consent'"), 3);
    arena_free(&a);
}

/* A withdrawal is a new record with its alternative; the opt-in before it
 * stays in the history; only a current opt-in can be withdrawn, and a
 * current user declines by withdrawing. */
static void test_withdrawal_history(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    school(app);
    act_as(app, "kocho");
    Arena a;
    arena_init(&a, NULL, 0);
    long long n = new_policy(app, &a);
    issue(app, n);
    MailConsentInput w = {"3年2組 田中", "3年2組", MAIL_WITHDRAW, "電話連絡網", NULL, NULL};
    REFUSED(app, app_mail_consent(app, n, &w, NULL), "取りやめは記録できません", "11 ウ(ア)", 0);
    MailConsentInput c = {"3年2組 田中", "3年2組", MAIL_OPT_IN, NULL, "同意書", "2026-04-02"};
    OK(app, app_mail_consent(app, n, &c, NULL));
    REFUSED(app, app_mail_consent(app, n, &c, NULL), "既に", "11 ウ(ア)", 0);
    MailConsentInput d = {"3年2組 田中", "3年2組", MAIL_DECLINE, "紙の配布", NULL, NULL};
    REFUSED(app, app_mail_consent(app, n, &d, NULL), "取りやめ", "11 ウ(ア)", 0);
    w.alternative = NULL;
    REFUSED(app, app_mail_consent(app, n, &w, NULL), "代替手段", "11 ウ(イ)", 0);
    w.alternative = "電話連絡網";
    OK(app, app_mail_consent(app, n, &w, NULL));
    MailCounts k;
    Latest l = {"3年2組 田中", "", "", 0};
    OK(app, app_mail_consents(app, n, 1, find_latest, &l, &k));
    assert_int_equal(l.found, 2); /* history: the opt-in and the withdrawal */
    assert_string_equal(l.decision, "withdrawn");
    assert_int_equal(k.records, 2);
    assert_int_equal(k.opted_in, 0);
    assert_int_equal(k.withdrawn, 1);
    l.found = 0;
    OK(app, app_mail_consents(app, n, 0, find_latest, &l, &k));
    assert_int_equal(l.found, 1); /* the latest answer only */
    assert_string_equal(l.alternative, "電話連絡網");
    /* Opting in again after a withdrawal is a new consent. */
    c.date = NULL;
    OK(app, app_mail_consent(app, n, &c, NULL));
    OK(app, app_mail_consents(app, n, 0, NULL, NULL, &k));
    assert_int_equal(k.opted_in, 1);
    assert_int_equal(k.withdrawn, 0);
    assert_int_equal(k.records, 3);
    assert_int_equal(query_int(app, "SELECT count(*) FROM mail_consents"), 3);
    arena_free(&a);
}

/* A profile without the section (kitakyushu-external) refuses and says so. */
static void test_profile_without_section(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    act_as(app, "admin");
    MailPolicyInput in;
    Arena a;
    arena_init(&a, NULL, 0);
    REFUSED(app, app_mail_input_sample(app, &a, &in), "mail_delivery", NULL, -1);
    REFUSED(app, app_mail_policies(app, NULL, NULL), "mail_delivery", NULL, -1);
    arena_free(&a);
}

/* The JSON document: the example (the 別紙 sample) reads and is valid;
 * unknown keys and section ids are errors naming FILE:LINE:COL; the text
 * export has the 別紙's order. */
static void test_json_document_and_text(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    school(app);
    act_as(app, "kocho");
    const MailPolicy *m = app->profile->mail;
    Arena a;
    arena_init(&a, NULL, 0);
    MailPolicyInput in;
    char *json = read_source("examples/tokyo-edu/mail/policy.json");
    OK(app, app_mail_input_json(app, &a, "policy.json", json, strlen(json), &in));
    free(json);
    long long n = 0;
    OK(app, app_mail_policy_create(app, &in, &n));
    const char *bad = "{\n  \"school\": \"x\",\n  \"colour\": 1\n}";
    REFUSED(app, app_mail_input_json(app, &a, "b.json", bad, strlen(bad), &in), "b.json:3:", NULL, -1);
    assert_non_null(strstr(errtext(app), "colour"));
    const char *bad2 = "{\"sections\": {\"purpose\": \"a\", \"purpos\": \"b\"}}";
    REFUSED(app, app_mail_input_json(app, &a, "c.json", bad2, strlen(bad2), &in), "c.json:1:", NULL, -1);
    assert_non_null(strstr(errtext(app), "purpos"));
    const char *bad3 = "{\"school\": [1]}";
    REFUSED(app, app_mail_input_json(app, &a, "d.json", bad3, strlen(bad3), &in), "d.json:1:", NULL, -1);
    const char *bad4 = "{\"school\": \"x\",}";
    REFUSED(app, app_mail_input_json(app, &a, "e.json", bad4, strlen(bad4), &in), "e.json:1:", NULL, -1);

    issue(app, n);
    MailPolicyView v;
    OK(app, app_mail_policy_get(app, n, 0, &v));
    Str t = STR_INIT;
    app_mail_policy_text(m, &v, &t);
    const char *text = str_cstr(&t);
    /* Header in the 別紙 order: date (和暦), number, issuer, school, title. */
    const char *order[] = {"令和8年4月1日\n", "（文書番号）第●●号\n", "東京都立●●学校長", "都立●●学校\n", "連絡用メール配信システム運用方針\n",
                           "\n1 利用目的\n", "\n2 利用対象者\n", "\n3 発信する機器\n", "\n4 サービスの提供事業者及びサービスの名称\n",
                           "\n5 サービスの提供事業者が定めた利用規約\n", "\n6 利用料及び利用料の支出方法等\n",
                           "\n7 トラブルが発生した場合の対応\n", "\n8 その他\n", "(6) 緊急時・非常時のみの利用とし"};
    const char *at = text;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = strstr(at, order[i]);
        if (!p)
            fail_msg("text export: \"%s\" missing or out of order in:\n%s", order[i], text);
        at = p + 1;
    }
    assert_int_equal(strncmp(text, "令和8年4月1日\n", strlen("令和8年4月1日\n")), 0);
    str_free(&t);
    arena_free(&a);
}

/* CSV of the consent list: BOM, CRLF, a formula-like name neutralized. */
static void test_consents_csv(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    school(app);
    act_as(app, "kocho");
    Arena a;
    arena_init(&a, NULL, 0);
    long long n = new_policy(app, &a);
    issue(app, n);
    MailConsentInput c = {"=HYPERLINK(\"x\")", "1組", MAIL_OPT_IN, NULL, NULL, NULL};
    OK(app, app_mail_consent(app, n, &c, NULL));
    Str o = STR_INIT;
    OK(app, app_mail_consents_csv(app, n, &o));
    const char *s = str_cstr(&o);
    assert_memory_equal(s, "\xEF\xBB\xBF", 3);
    assert_non_null(strstr(s, "学級等,対象者,回答,代替手段,同意書等,日付,記録者\r\n"));
    assert_non_null(strstr(s, "1組,\"'=HYPERLINK(\"\"x\"\")\",利用（同意）,,,2026-04-10,kocho\r\n"));
    str_free(&o);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_only_manager_role_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_required_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_issue_and_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decline_needs_alternative, setup, teardown),
        cmocka_unit_test_setup_teardown(test_withdrawal_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_profile_without_section, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_document_and_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_consents_csv, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
