/* Incident reports' use cases (app/app_incident.h; issue #6 item 2) on
 * SQLite and PostgreSQL: a report names its service, kind and title or is
 * refused with the field and clause (otokuni 3.4①(ケ)) and nothing written;
 * it goes to the profile's receiver role (情報セキュリティ責任者) as a
 * notification; the steps received → handling → resolved → closed in order
 * and only by the handler / closer roles; the handling approach agreed with
 * the provider offered at the start (3.1(7)⑤); the reporter told of each
 * state change; who reads which report; and the tokyo-edu social playbooks
 * (10キ) running an incident. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "app/app_incident.h"
#include "app/app_social.h"
#include "policy/approach.h"

/* ---- nothing written on refusal ---- */

static const char *const SNAP_SQL[] = {
    "SELECT count(*) FROM incidents",
    "SELECT count(*) FROM incident_steps",
    "SELECT count(*) FROM audit_events",
    "SELECT count(*) FROM notifications",
    "SELECT COALESCE(SUM(length(state) * 7 + length(approach)), 0) FROM incidents",
};
enum { SNAP_N = (int)(sizeof SNAP_SQL / sizeof SNAP_SQL[0]) };
typedef struct Snap {
    long long n[SNAP_N];
} Snap;

static void snap(App *app, Snap *s)
{
    for (int i = 0; i < SNAP_N; i++)
        s->n[i] = query_int(app, SNAP_SQL[i]);
}

/* The call is refused with `want`, `clause` (NULL: not checked) named in
 * app->clause and the message, the message has `needle`, app->denied is
 * `denied`, and nothing is written. */
static void refused_(App *app, AppRc got, Snap *before, const char *clause, const char *needle, int denied, int line)
{
    const char *err = errtext(app);
    if (got != APP_INVALID)
        fail_msg("line %d: expected a refusal, got %d: %s", line, got, err);
    if (clause && (!app->clause || strcmp(app->clause, clause) != 0 || !strstr(err, clause)))
        fail_msg("line %d: expected clause %s, got %s: %s", line, clause, app->clause ? app->clause : "NULL", err);
    if (needle && !strstr(err, needle))
        fail_msg("line %d: the message lacks \"%s\": %s", line, needle, err);
    if (app->denied != denied)
        fail_msg("line %d: denied is %d, want %d: %s", line, app->denied, denied, err);
    Snap now;
    snap(app, &now);
    for (int i = 0; i < SNAP_N; i++)
        if (now.n[i] != before->n[i])
            fail_msg("line %d: refused (%s) but %s went from %lld to %lld", line, err, SNAP_SQL[i], before->n[i], now.n[i]);
}
#define REFUSED(app, call, clause, needle, denied)                                                                     \
    do {                                                                                                               \
        Snap s_;                                                                                                       \
        snap((app), &s_);                                                                                              \
        AppRc rc_ = (call);                                                                                            \
        refused_((app), rc_, &s_, (clause), (needle), (denied), __LINE__);                                             \
    } while (0)

/* ---- otokuni fixture ---- */

/* An organization on otokuni: 情報セキュリティ責任者 "sekinin", 統括
 * "tokatsu", staff "shokuin" and "tanin"; ledger entry 1 (アンケートフォームC)
 * approved. */
static void fixture(App *app)
{
    org_setup(app, "otokuni");
    add_user_by(app, "admin", "sekinin", "責任 一郎", "総務課", "課長", ROLES("security_officer"));
    add_user_by(app, "admin", "tokatsu", "統括 次郎", "事務局", "局長", ROLES("chief_security_officer"));
    add_user_by(app, "admin", "shokuin", "職員 花子", "総務課", "主事", ROLES("staff"));
    add_user_by(app, "admin", "tanin", "他人 三郎", "福祉課", "主事", ROLES("staff"));
    char *json = read_source("examples/otokuni/ordinary-ready.json");
    act_as(app, "sekinin");
    long long id = 0, entry = 0;
    OK(app, app_apply_create(app, "t.json", json, strlen(json), &id));
    free(json);
    OK(app, app_apply_act(app, id, ACT_SUBMIT, NULL, &entry));
    act_as(app, "tokatsu");
    DecideOptions o = {"承認します", NULL, 1};
    OK(app, app_apply_act(app, id, ACT_APPROVE, &o, &entry));
    assert_int_equal(query_int(app, "SELECT number FROM ledger_entries"), 1);
}

static long long report(App *app, long long entry, const char *service, const char *kind, const char *title)
{
    NewIncident in = {.entry_number = entry, .service = service, .kind = kind, .title = title};
    long long n = 0;
    OK(app, app_incident_report(app, &in, &n));
    return n;
}

/* 3.4①(ケ): 利用者が…認知した場合、情報セキュリティ責任者へ報告する. */
static void test_report(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    act_as(app, "shokuin");
    NewIncident in = {.kind = "misuse", .title = "名簿の目的外利用の疑い"};
    /* No service at all. */
    REFUSED(app, app_incident_report(app, &in, NULL), "3.4①(ケ)・1", "entry / service", 0);
    /* An unknown entry. */
    in.entry_number = 99;
    REFUSED(app, app_incident_report(app, &in, NULL), "3.4①(ケ)・1", "台帳 第99号 はありません", 0);
    /* Both an entry and a service name. */
    in.entry_number = 1;
    in.service = "別のサービス";
    REFUSED(app, app_incident_report(app, &in, NULL), "3.4①(ケ)・1", "一方だけ", 0);
    in.service = NULL;
    /* An unknown kind names the kinds there are. */
    in.kind = "rumour";
    REFUSED(app, app_incident_report(app, &in, NULL), "3.4①(ケ)", "kind: 種別 'rumour'", 0);
    assert_non_null(strstr(errtext(app), "misuse"));
    in.kind = "misuse";
    /* A missing or blank title. */
    in.title = "  ";
    REFUSED(app, app_incident_report(app, &in, NULL), "3.4①(ケ)・1", "title", 0);
    in.title = "名簿の目的外利用の疑い";
    /* An unknown discovery finding. */
    NewIncident f = {.service = "翻訳サイト", .finding_id = 7, .kind = "unapproved-use", .title = "未承認の翻訳"};
    REFUSED(app, app_incident_report(app, &f, NULL), "5.2(1)", "検出結果 7 はありません", 0);
    /* When it was noticed: not after today (JST 2026-04-10), the day itself is fine. */
    in.noticed = "2026-04-11";
    REFUSED(app, app_incident_report(app, &in, NULL), "3.4①(ケ)・1", "今日より後", 0);
    in.noticed = "2026-04-10T25:00";
    REFUSED(app, app_incident_report(app, &in, NULL), "3.4①(ケ)・1", "noticed", 0);
    in.noticed = "2026-04-10T08:15";
    long long n = 0;
    OK(app, app_incident_report(app, &in, &n));
    assert_int_equal(n, 1);
    IncidentRow r;
    OK(app, app_incident_get(app, 1, &r));
    assert_string_equal(r.state, "received");
    assert_string_equal(r.assigned_role, "security_officer");
    assert_string_equal(r.service_name, "アンケートフォームC");
    assert_int_equal(r.entry_number, 1);
    assert_string_equal(r.noticed_at, "2026-04-09T23:15:00Z"); /* 08:15 in Japan, kept as UTC */
    assert_string_equal(r.reporter_login, "shokuin");
    /* The receiver role is told (the outbox), the step and the event recorded. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM notifications WHERE kind = 'incident.report'"
                                    " AND role = 'security_officer' AND object = 'incident:1' AND clause = '3.4①(ケ)・1'"),
                     1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM incident_steps WHERE action = 'report' AND to_state = 'received'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'incident.report' AND object = 'incident:1'"), 1);
    /* A service with no entry (unapproved use), numbered next. */
    assert_int_equal(report(app, 0, "無料翻訳サイト", "unapproved-use", "未承認の翻訳サービスの利用"), 2);
    OK(app, app_incident_get(app, 2, &r));
    assert_int_equal(r.entry_id, 0);
    assert_string_equal(r.service_name, "無料翻訳サイト");
}

typedef struct Seen {
    long long numbers[16];
    int n;
} Seen;

static int on_seen(void *ctx, const IncidentRow *r)
{
    Seen *s = ctx;
    if (s->n < 16)
        s->numbers[s->n++] = r->number;
    return 0;
}

/* The reporter reads their own; the receiver, the closers, the administrator
 * and the auditor read all; another staff user is told there is none. */
static void test_who_reads(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    act_as(app, "shokuin");
    report(app, 1, NULL, "misuse", "一件目");
    act_as(app, "tanin");
    report(app, 0, "翻訳サイト", "unapproved-use", "二件目");
    IncidentRow r;
    AppRc rc = app_incident_get(app, 1, &r);
    assert_int_equal(rc, APP_INVALID);
    assert_false(app->denied);                 /* answered like a missing one (404) */
    assert_non_null(strstr(errtext(app), "第1号 はありません"));
    Seen s = {0};
    OK(app, app_incident_list(app, NULL, 0, on_seen, &s));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.numbers[0], 2);
    const char *readers[] = {"sekinin", "tokatsu", "admin"};
    for (int i = 0; i < 3; i++) {
        act_as(app, readers[i]);
        s.n = 0;
        OK(app, app_incident_list(app, NULL, 0, on_seen, &s));
        assert_int_equal(s.n, 2);
        OK(app, app_incident_get(app, 1, &r));
    }
    act_as(app, "admin");
    OK(app, app_user_set_auditor(app, "tanin", 1));
    act_as(app, "tanin");
    OK(app, app_incident_get(app, 1, &r));
    /* Filters: by state and by entry. */
    act_as(app, "sekinin");
    s.n = 0;
    OK(app, app_incident_list(app, NULL, 1, on_seen, &s));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.numbers[0], 1);
    s.n = 0;
    OK(app, app_incident_list(app, "handling", 0, on_seen, &s));
    assert_int_equal(s.n, 0);
    assert_int_equal(app_incident_list(app, "done", 0, on_seen, &s), APP_INVALID);
    assert_non_null(strstr(errtext(app), "state"));
}

/* The entry's service administrator (外部サービス管理者) reads the reports
 * about it and is told of new ones, without a role that reads them all. */
static void test_entry_administrator(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    assert_int_equal(db_exec(app->db, "UPDATE ledger_entries SET administrator_id = (SELECT id FROM users WHERE login = 'tanin')"), 0);
    act_as(app, "shokuin");
    report(app, 1, NULL, "misuse", "名簿の目的外利用の疑い");
    report(app, 0, "翻訳サイト", "unapproved-use", "台帳にないサービス");
    assert_int_equal(query_int(app, "SELECT count(*) FROM notifications WHERE kind = 'incident.report' AND user_id ="
                                    " (SELECT id FROM users WHERE login = 'tanin')"),
                     1);
    act_as(app, "tanin");
    IncidentRow r;
    OK(app, app_incident_get(app, 1, &r));
    assert_int_equal(app_incident_get(app, 2, &r), APP_INVALID); /* not about their entry */
    Seen s = {0};
    OK(app, app_incident_list(app, NULL, 0, on_seen, &s));
    assert_int_equal(s.n, 1);
    assert_int_equal(s.numbers[0], 1);
    /* Reading is not handling: the administrator takes no step (3.4①(ケ)). */
    REFUSED(app, app_incident_step(app, 1, "start", "recovery_first", NULL), "3.4①(ケ)・2", "情報セキュリティ責任者", 1);
    /* An administrator holding the receiver role gets the role's notification only. */
    assert_int_equal(db_exec(app->db, "UPDATE ledger_entries SET administrator_id = (SELECT id FROM users WHERE login = 'sekinin')"), 0);
    act_as(app, "shokuin");
    report(app, 1, NULL, "outage", "つながらない");
    assert_int_equal(query_int(app, "SELECT count(*) FROM notifications WHERE object = 'incident:3'"), 1);
}

/* received → handling → resolved → closed, in order and by the profile's roles. */
static void test_steps(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    act_as(app, "shokuin");
    report(app, 1, NULL, "misuse", "名簿の目的外利用の疑い");
    /* A staff user may take no step, not even on their own report (3.4①(ケ)). */
    REFUSED(app, app_incident_step(app, 1, "start", "recovery_first", NULL), "3.4①(ケ)・2", "情報セキュリティ責任者", 1);
    REFUSED(app, app_incident_step(app, 1, "close", NULL, "x"), "3.4①(ケ)・2", "統括情報セキュリティ責任者", 1);
    act_as(app, "sekinin");
    /* Out of order: resolve or reopen before handling. */
    REFUSED(app, app_incident_step(app, 1, "resolve", NULL, "x"), "3.4①(ケ)・2", "手順の順序", 0);
    REFUSED(app, app_incident_step(app, 1, "reopen", NULL, "x"), "3.4①(ケ)・2", "手順の順序", 0);
    REFUSED(app, app_incident_step(app, 1, "escalate", NULL, NULL), NULL, "action", 0);
    /* No approach agreed on the entry (no contact chart): one must be chosen (3.1(7)⑤). */
    REFUSED(app, app_incident_step(app, 1, "start", NULL, NULL), "3.1(7)⑤", "approach", 0);
    REFUSED(app, app_incident_step(app, 1, "start", "whatever", NULL), "3.1(7)⑤", "approach", 0);
    static const char told[] = "SELECT count(*) FROM notifications WHERE kind = 'incident.step' AND user_id ="
                               " (SELECT id FROM users WHERE login = 'shokuin')";
    long long before = query_int(app, told);
    OK(app, app_incident_step(app, 1, "start", "continuity_first", NULL));
    IncidentRow r;
    OK(app, app_incident_get(app, 1, &r));
    assert_string_equal(r.state, "handling");
    assert_string_equal(r.approach, "continuity_first");
    /* The reporter is told of the change. */
    assert_int_equal(query_int(app, told), before + 1);
    /* The approach is chosen at the start only; closing before resolving is out of order. */
    REFUSED(app, app_incident_step(app, 1, "note", "recovery_first", "x"), "3.1(7)⑤", "approach", 0);
    REFUSED(app, app_incident_step(app, 1, "close", NULL, NULL), "3.4①(ケ)・2", "手順の順序", 0);
    REFUSED(app, app_incident_step(app, 1, "start", "recovery_first", NULL), "3.4①(ケ)・2", "手順の順序", 0);
    /* A progress note and resolving need a note. */
    REFUSED(app, app_incident_step(app, 1, "note", NULL, ""), "3.4①(ケ)・2", "note", 0);
    OK(app, app_incident_step(app, 1, "note", NULL, "提供者に照会した"));
    REFUSED(app, app_incident_step(app, 1, "resolve", NULL, NULL), "3.4①(ケ)・2", "行った対処", 0);
    OK(app, app_incident_step(app, 1, "resolve", NULL, "提供者がデータを削除したことを確認"));
    /* Reopen with a reason, resolve again, close (by 統括, a closer). */
    REFUSED(app, app_incident_step(app, 1, "reopen", NULL, NULL), "3.4①(ケ)・2", "再開する理由", 0);
    OK(app, app_incident_step(app, 1, "reopen", NULL, "削除の証跡が不足"));
    OK(app, app_incident_step(app, 1, "resolve", NULL, "削除証明書を受領"));
    act_as(app, "tokatsu");
    OK(app, app_incident_step(app, 1, "close", NULL, NULL));
    OK(app, app_incident_get(app, 1, &r));
    assert_string_equal(r.state, "closed");
    /* Anything after closed. */
    REFUSED(app, app_incident_step(app, 1, "note", NULL, "x"), "3.4①(ケ)・2", "終結しています", 0);
    REFUSED(app, app_incident_step(app, 1, "reopen", NULL, "x"), "3.4①(ケ)・2", "終結しています", 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM incident_steps WHERE incident_id = (SELECT id FROM incidents WHERE number = 1)"),
                     7); /* report, start, note, resolve, reopen, resolve, close */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'incident.step'"), 6);
    /* A report needing no action is closed from received, with the reason. */
    act_as(app, "shokuin");
    report(app, 1, NULL, "security-incident", "不審なメール");
    act_as(app, "sekinin");
    REFUSED(app, app_incident_step(app, 2, "close", NULL, ""), "3.4①(ケ)・2", "対応不要と判断した理由", 0);
    OK(app, app_incident_step(app, 2, "close", NULL, "迷惑メールでありサービスとは無関係"));
    assert_int_equal(query_int(app, "SELECT count(*) FROM incident_steps WHERE decision = 'no_action'"), 1);
    int allowed[INA_COUNT];
    OK(app, app_incident_get(app, 2, &r));
    app_incident_actions(app, &r, allowed);
    for (int a = 0; a < INA_COUNT; a++)
        assert_int_equal(allowed[a], 0);
}

/* 3.1(7)⑤: the approach agreed with the provider (contact chart) is offered;
 * another is chosen only with a reason. */
static void test_agreed_approach(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    /* The entry's contact chart records recovery first (saved through SQL:
     * the contacts area's own use cases are tested there). */
    assert_int_equal(db_exec(app->db, "INSERT INTO contact_charts (entry_id, version, doc, approach, saved_by, saved_at)"
                                      " SELECT id, 1, '{}', 'recovery_first', administrator_id, '2026-04-01T00:00:00Z'"
                                      " FROM ledger_entries WHERE number = 1"),
                     0);
    act_as(app, "shokuin");
    report(app, 1, NULL, "outage", "サービスに接続できない");
    report(app, 1, NULL, "outage", "再び接続できない");
    act_as(app, "sekinin");
    IncidentRow r;
    int agreed = -1;
    OK(app, app_incident_get(app, 1, &r));
    OK(app, app_incident_agreed(app, &r, &agreed));
    assert_int_equal(agreed, APPROACH_RECOVERY_FIRST);
    /* Confirming the agreed one: no approach given. */
    OK(app, app_incident_step(app, 1, "start", NULL, NULL));
    OK(app, app_incident_get(app, 1, &r));
    assert_string_equal(r.approach, "recovery_first");
    /* The other one needs a reason, which is recorded. */
    REFUSED(app, app_incident_step(app, 2, "start", "continuity_first", NULL), "3.1(7)⑤", "復旧優先", 0);
    OK(app, app_incident_step(app, 2, "start", "continuity_first", "窓口業務を止められないため"));
    OK(app, app_incident_get(app, 2, &r));
    assert_string_equal(r.approach, "continuity_first");
    assert_int_equal(query_int(app, "SELECT count(*) FROM incident_steps WHERE action = 'start' AND decision = 'continuity_first'"
                                    " AND note = '窓口業務を止められないため'"),
                     1);
}

/* ---- tokyo-edu: social playbooks run an incident (10キ) ---- */

static void test_social_playbook(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "tokyo-edu");
    add_user_by(app, "admin", "owner", "所管 太郎", "広報課", "課長", ROLES("asset_owner"));
    add_user_by(app, "admin", "kanri", "管理 花子", "学校", "校長", ROLES("security_manager"));
    add_user_by(app, "admin", "staff", "職員 次郎", "広報課", "主事", ROLES("staff"));
    act_as(app, "owner");
    char *json = read_source("examples/tokyo-edu/social/account.json");
    NewSocialAccount a;
    long long id = 0, run = 0;
    Arena arena;
    arena_init(&arena, NULL, 0);
    OK(app, app_social_account_parse(app, &arena, "account.json", json, strlen(json), &a));
    OK(app, app_social_account_add(app, &a, &id));
    arena_free(&arena);
    free(json);
    OK(app, app_playbook_start(app, id, "flaming", "批判的な返信が急増", &run));
    /* The run opened an incident in handling, sent to the receiver role. */
    act_as(app, "kanri");
    IncidentRow r;
    OK(app, app_incident_get(app, 1, &r));
    assert_string_equal(r.state, "handling");
    assert_string_equal(r.kind, "social-media");
    assert_int_equal(r.playbook_run_id, run);
    assert_int_equal(r.social_account_id, id);
    assert_int_equal(query_int(app, "SELECT count(*) FROM notifications WHERE kind = 'incident.report' AND role = 'security_manager'"), 1);
    assert_int_equal(app_incident_of_run(app, run), 1);
    /* While the run is open, the playbook resolves it, not a step of its own. */
    REFUSED(app, app_incident_step(app, 1, "resolve", NULL, "x"), "10キ(イ)", "対応記録", 0);
    /* A staff user does not see it (reported by the owner). */
    act_as(app, "staff");
    assert_int_equal(app_incident_get(app, 1, &r), APP_INVALID);
    /* Each playbook step is a note on the incident; closing the run resolves it. */
    act_as(app, "owner");
    for (int s = 1; s <= 3; s++)
        OK(app, app_playbook_step(app, run, s, "対応した"));
    assert_int_equal(query_int(app, "SELECT count(*) FROM incident_steps WHERE decision = 'playbook_step'"), 3);
    OK(app, app_playbook_close(app, run));
    act_as(app, "kanri");
    OK(app, app_incident_get(app, 1, &r));
    assert_string_equal(r.state, "resolved");
    /* The CISO's office closes it like any other report. */
    OK(app, app_incident_step(app, 1, "close", NULL, "沈静化を確認"));
    OK(app, app_incident_get(app, 1, &r));
    assert_string_equal(r.state, "closed");
    /* The existing playbook records are unchanged by the link. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM playbook_steps"), 3);
    assert_int_equal(query_int(app, "SELECT count(*) FROM playbook_runs WHERE closed_at IS NOT NULL"), 1);
    /* One audit event per playbook use case, naming the incident. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action LIKE 'playbook.%' AND data LIKE '%\"incident\":1%'"), 5);
}

/* A step on a report that does not exist names the number; nothing written. */
static void test_unknown_report(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    act_as(app, "shokuin");
    REFUSED(app, app_incident_step(app, 5, "start", NULL, NULL), NULL, "第5号 はありません", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_who_reads, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_administrator, setup, teardown),
        cmocka_unit_test_setup_teardown(test_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agreed_approach, setup, teardown),
        cmocka_unit_test_setup_teardown(test_social_playbook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_report, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
