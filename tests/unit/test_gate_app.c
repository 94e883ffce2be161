/* The gate before operation (app/app_gate.h; kitakyushu-cloud 3.3③④) on
 * SQLite and PostgreSQL: an approved entry of the important track is 構築中;
 * go-live is refused naming every missing procedure (3.3③(ア)(イ)(ウ)) and
 * build check (3.3④ over the items of 3.3①) with nothing written — also
 * with a single piece missing — and allowed once all are there, once; only
 * 所属長 (3.3③) records (others refused, app->denied); a withdrawn record
 * counts as missing again; the ordinary track, imported entries and other
 * profiles have no gate. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "app/app_gate.h"

enum { MAX_ITEMS = 64 };

/* kitakyushu-cloud with 所属長 kacho (applicant, administrator), a second
 * 所属長 kacho2, CISO ciso, staff shokuin, システム管理部門 joho; entry 1 on the
 * important track (usage period from 2026-06-01), entry 2 on the ordinary
 * track. The clock stays at APPTEST_NOW (2026-04-10). */
static void fixture(App *app)
{
    org_setup(app, "kitakyushu-cloud");
    add_user_by(app, "admin", "kacho", "課長 美和", "健康推進課", "課長", ROLES("section_head"));
    add_user_by(app, "admin", "kacho2", "課長 大輔", "広報課", "課長", ROLES("section_head"));
    add_user_by(app, "admin", "ciso", "最高 隆之", "総務局", "局長", ROLES("ciso"));
    add_user_by(app, "admin", "shokuin", "職員 彩花", "広報課", "主事", ROLES("staff"));
    add_user_by(app, "admin", "joho", "情報 一郎", "情報政策課", "係長", ROLES("system_dept"));
    char *json = read_source("examples/kitakyushu-cloud/important-needs-review.json");
    long long id = 0, entry = 0;
    act_as(app, "kacho");
    OK(app, app_apply_create(app, "important.json", json, strlen(json), &id));
    free(json);
    OK(app, app_apply_act(app, id, ACT_SUBMIT, &(DecideOptions){0}, NULL));
    act_as(app, "ciso");
    OK(app, app_apply_act(app, id, ACT_APPROVE, &(DecideOptions){"国外バックアップは評価済み", "kacho", 0}, &entry));
    json = read_source("examples/kitakyushu-cloud/ordinary-ready.json");
    act_as(app, "shokuin");
    OK(app, app_apply_create(app, "ordinary.json", json, strlen(json), &id));
    free(json);
    OK(app, app_apply_act(app, id, ACT_SUBMIT, &(DecideOptions){0}, NULL));
    act_as(app, "kacho2");
    OK(app, app_apply_act(app, id, ACT_APPROVE, &(DecideOptions){NULL, NULL, 1}, NULL));
    act_as(app, "kacho");
}

static long long events(App *app)
{
    return query_int(app, "SELECT count(*) FROM audit_events");
}

/* What a refusal must leave as it was. */
typedef struct Snap {
    long long events, records, starts, checks, notes;
} Snap;

static Snap snap(App *app)
{
    return (Snap){events(app), query_int(app, "SELECT count(*) FROM gate_records"),
                  query_int(app, "SELECT count(*) FROM operation_starts"), query_int(app, "SELECT count(*) FROM checklist_records"),
                  query_int(app, "SELECT count(*) FROM notifications")};
}

static void same(App *app, Snap before)
{
    Snap now = snap(app);
    assert_int_equal(now.events, before.events);
    assert_int_equal(now.records, before.records);
    assert_int_equal(now.starts, before.starts);
    assert_int_equal(now.checks, before.checks);
    assert_int_equal(now.notes, before.notes);
}

/* The build checks the gate requires of entry `number` (Item pointers live
 * in the profile, so they outlive the use case). */
static int required_items(App *app, long long number, const Item **out)
{
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, number, &e, &st));
    assert_true(st.n_items <= MAX_ITEMS);
    for (int i = 0; i < st.n_items; i++)
        out[i] = st.items[i].item;
    return st.n_items;
}

static void has(App *app, const char *needle)
{
    if (!strstr(errtext(app), needle))
        fail_msg("message lacks '%s': %s", needle, errtext(app));
}

static GatePhase phase(App *app, long long number, int *n_missing)
{
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, number, &e, &st));
    if (n_missing)
        *n_missing = st.n_missing;
    return st.phase;
}

/* 3.3③④: refused with every piece named and nothing written, also with one
 * piece missing; allowed when all are there; recorded once. */
static void test_gate_refuses_then_allows(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    set_now("2026-06-02T00:30:00Z");
    int missing = 0;
    assert_int_equal(phase(app, 1, &missing), GATE_PHASE_BUILDING);
    assert_int_equal(missing, 3 + 19);
    const Item *items[MAX_ITEMS];
    int n = required_items(app, 1, items);
    assert_int_equal(n, 19);

    Snap before = snap(app);
    assert_int_equal(app_gate_golive(app, 1, NULL, NULL), APP_INVALID);
    assert_false(app->denied);
    has(app, "次の 22 件");
    has(app, "[3.3③(ア)] 実施手順 security-level: 未記録");
    has(app, "[3.3③(イ)] 実施手順 incident-handling");
    has(app, "[3.3③(ウ)] 実施手順 recovery");
    for (int i = 0; i < n; i++) {
        char want[160];
        snprintf(want, sizeof want, "[3.3④ %s] 構築時の確認 %s:", items[i]->clause, items[i]->id);
        has(app, want);
    }
    assert_string_equal(app->clause, "3.3③(ア)");
    same(app, before);

    /* Record all but the last build check: refused, naming only that one. */
    OK(app, app_gate_record(app, 1, "security-level", "prepared", "セキュリティ水準維持手順書 第1版", NULL));
    OK(app, app_gate_record(app, 1, "incident-handling", "confirmed", "事業者のインシデント対応手順書（確認済み）", "事業者説明会で確認"));
    OK(app, app_gate_record(app, 1, "recovery", "prepared", "復旧手順書 第1版", NULL));
    for (int i = 0; i < n - 1; i++)
        OK(app, app_checklist_record(app, 1, items[i]->id, i % 2 ? "not_applicable" : "done", "納品物: 設計書 第3章"));
    before = snap(app);
    assert_int_equal(app_gate_golive(app, 1, "2026-06-01", NULL), APP_INVALID);
    has(app, "次の 1 件");
    has(app, items[n - 1]->id);
    if (strstr(errtext(app), "security-level") || strstr(errtext(app), items[0]->id))
        fail_msg("a recorded piece is listed: %s", errtext(app));
    assert_string_equal(app->clause, "3.3④");
    same(app, before);
    /* not applicable without evidence does not count either (3.3④: confirmed through deliverables). */
    OK(app, app_checklist_record(app, 1, items[n - 1]->id, "not_applicable", ""));
    assert_int_equal(app_gate_golive(app, 1, "2026-06-01", NULL), APP_INVALID);
    has(app, "根拠（納品物等）が未記入");
    OK(app, app_checklist_record(app, 1, items[n - 1]->id, "not_applicable", "仮想マシンを使わない構成（基本設計書 2.1）"));
    assert_int_equal(phase(app, 1, &missing), GATE_PHASE_BUILDING);
    assert_int_equal(missing, 0);

    /* Dates: before the usage period (2026-06-01), in the future, not a date. */
    before = snap(app);
    assert_int_equal(app_gate_golive(app, 1, "2026-05-31", NULL), APP_INVALID);
    has(app, "利用期間の開始 2026-06-01 より前");
    assert_int_equal(app_gate_golive(app, 1, "2026-06-03", NULL), APP_INVALID);
    has(app, "今日より後");
    assert_int_equal(app_gate_golive(app, 1, "6/1", NULL), APP_INVALID);
    has(app, "YYYY-MM-DD");
    same(app, before);

    /* Allowed: on the first day of the usage period. */
    OK(app, app_gate_golive(app, 1, "2026-06-01", "本番稼働"));
    assert_int_equal(events(app), before.events + 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'gate.golive' AND object = 'ledger:1'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM operation_starts"), 1);
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, 1, &e, &st));
    assert_int_equal(st.phase, GATE_PHASE_OPERATING);
    assert_true(st.has_start);
    assert_string_equal(st.start.started_on, "2026-06-01");
    assert_string_equal(st.start.recorded_by, "kacho");
    assert_string_equal(app_gate_phase_label(app, &e), "運用中");
    /* The 3.3④ item is recorded by the go-live (no second entry asked for);
     * システム管理部門 is told (3.4② as the track's report role). */
    assert_int_equal(query_int(app, "SELECT count(*) FROM checklist_records WHERE item_id = 'build-deliverables-check' AND status = 'done'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM notifications WHERE kind = 'gate.golive' AND role = 'system_dept' AND clause = '3.4②'"), 1);

    /* Once only. */
    before = snap(app);
    assert_int_equal(app_gate_golive(app, 1, NULL, NULL), APP_INVALID);
    has(app, "記録済み");
    same(app, before);
    /* After go-live a procedure may be recorded again (a new document) but not withdrawn. */
    OK(app, app_gate_record(app, 1, "recovery", "prepared", "復旧手順書 第2版", NULL));
    assert_int_equal(app_gate_withdraw(app, 1, "recovery", "不要"), APP_INVALID);
    has(app, "運用中");
    AuditCheck chk;
    OK(app, app_audit_verify(app, &chk));
    assert_int_equal(chk.bad_seq, 0);
}

/* Each procedure's record also answers its build-gate-* item, so the
 * checklist agrees without being asked twice. */
static void test_record_answers_checklist(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    long long before = events(app);
    OK(app, app_gate_record(app, 1, "incident-handling", "confirmed", "障害対応手順書", NULL));
    assert_int_equal(events(app), before + 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM gate_records WHERE procedure_id = 'incident-handling' AND status = 'confirmed'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM checklist_records WHERE item_id = 'build-gate-incident-procedure'"
                                    " AND status = 'done' AND evidence = '確認済み: 障害対応手順書'"),
                     1);
    /* Bad input names the field and writes nothing. */
    Snap s = snap(app);
    assert_int_equal(app_gate_record(app, 1, "recovery", "prepared", "", NULL), APP_INVALID);
    has(app, "document");
    has(app, "3.3③(ウ)");
    assert_int_equal(app_gate_record(app, 1, "recovery", "done", "x", NULL), APP_INVALID);
    has(app, "prepared");
    assert_int_equal(app_gate_record(app, 1, "backup", "prepared", "x", NULL), APP_INVALID);
    has(app, "security-level");
    assert_int_equal(app_gate_record(app, 99, "recovery", "prepared", "x", NULL), APP_INVALID);
    has(app, "第99号");
    same(app, s);
}

/* 3.3③: only 所属長 records and declares go-live; the refusal names the
 * role and the clause and is about who acts (denied). */
static void test_roles(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    Snap s = snap(app);
    const char *others[] = {"ciso", "shokuin", "joho", "admin"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        act_as(app, others[i]);
        assert_int_equal(app_gate_record(app, 1, "recovery", "prepared", "復旧手順書", NULL), APP_INVALID);
        assert_true(app->denied);
        has(app, "所属長");
        assert_string_equal(app->clause, "3.3③");
        assert_int_equal(app_gate_golive(app, 1, NULL, NULL), APP_INVALID);
        assert_true(app->denied);
        assert_int_equal(app_gate_withdraw(app, 1, "recovery", "x"), APP_INVALID);
        assert_true(app->denied);
        /* Everyone reads. */
        int n;
        assert_int_equal(phase(app, 1, &n), GATE_PHASE_BUILDING);
    }
    same(app, s);
    /* Another 所属長 holds the role too (roles are the organization's, not per department). */
    act_as(app, "kacho2");
    OK(app, app_gate_record(app, 1, "recovery", "prepared", "復旧手順書", NULL));
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, 1, &e, &st));
    assert_true(st.may_record);
    act_as(app, "ciso");
    OK(app, app_gate_get(app, 1, &e, &st));
    assert_false(st.may_record);
}

/* Withdrawal before go-live: a new record 'withdrawn' with its reason; the
 * procedure is missing again and its checklist item not done. */
static void test_withdraw(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    Snap s = snap(app);
    assert_int_equal(app_gate_withdraw(app, 1, "security-level", "古い"), APP_INVALID);
    has(app, "取り下げる記録がありません");
    same(app, s);
    OK(app, app_gate_record(app, 1, "security-level", "prepared", "水準維持手順書 第1版", NULL));
    s = snap(app);
    assert_int_equal(app_gate_withdraw(app, 1, "security-level", ""), APP_INVALID);
    has(app, "理由（note）");
    same(app, s);
    OK(app, app_gate_withdraw(app, 1, "security-level", "版が古かった"));
    assert_int_equal(query_int(app, "SELECT count(*) FROM gate_records WHERE status = 'withdrawn' AND note = '版が古かった'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM gate_records"), 2); /* append-only */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'gate.withdraw'"), 1);
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, 1, &e, &st));
    assert_string_equal(st.procs[0].status, "withdrawn");
    assert_false(st.procs[0].ok);
    assert_string_equal(st.missing[0].id, "security-level");
    assert_string_equal(st.missing[0].why, "取り下げ済み");
    assert_int_equal(st.n_history, 2);
    assert_int_equal(query_int(app, "SELECT count(*) FROM checklist_records WHERE item_id = 'build-gate-security-level-procedure'"
                                    " AND status = 'not_done'"),
                     1);
    /* Twice is refused. */
    assert_int_equal(app_gate_withdraw(app, 1, "security-level", "もう一度"), APP_INVALID);
}

/* No gate: the ordinary track (4章 has no build phase), an entry imported
 * from a spreadsheet (in use before registration), an ended entry, and
 * profiles without the section. */
static void test_not_gated(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, 2, &e, &st));
    assert_int_equal(st.phase, GATE_PHASE_NONE);
    assert_non_null(strstr(st.reason, "重要情報資産を取り扱わない場合"));
    assert_null(app_gate_phase_label(app, &e));
    act_as(app, "kacho2");
    Snap s = snap(app);
    assert_int_equal(app_gate_record(app, 2, "recovery", "prepared", "x", NULL), APP_INVALID);
    has(app, "運用開始前の確認がありません");
    assert_false(app->denied);
    assert_int_equal(app_gate_golive(app, 2, NULL, NULL), APP_INVALID);
    same(app, s);
    long long *ids;
    int n;
    OK(app, app_gate_building_ids(app, &ids, &n));
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], 1);

    /* An imported entry (no application) was in use before it was registered. */
    act_as(app, "kacho");
    assert_int_equal(db_exec(app->db, "UPDATE applications SET entry_id = NULL; UPDATE ledger_entries SET application_id = NULL WHERE number = 1"), 0);
    OK(app, app_gate_get(app, 1, &e, &st));
    assert_int_equal(st.phase, GATE_PHASE_OPERATING);
    assert_true(st.imported);
    assert_false(st.has_start);
    assert_string_equal(app_gate_phase_label(app, &e), "運用中");
    assert_int_equal(app_gate_golive(app, 1, NULL, NULL), APP_INVALID);
    has(app, "取込");
    OK(app, app_gate_building_ids(app, &ids, &n));
    assert_int_equal(n, 0);
}

/* An entry registered before the gate existed was in use already: when
 * migration 10 runs on a database with entries, it records an operation
 * start on the registration day, by nobody. Simulated by undoing migration
 * 10 (its tables; it changes no other table) and opening the database again. */
static void test_entries_before_the_gate(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    assert_int_equal(db_exec(app->db, "DROP TABLE incident_steps; DROP TABLE incidents; DROP TABLE contact_charts;"
                                      " DROP TABLE gate_records; DROP TABLE operation_starts; UPDATE schema_version SET version = 9"),
                     0);
    app_close(app);
    if (app_open(app, fx->url, 0, &profiles) != APP_OK)
        fail_msg("reopen: %s", errtext(app));
    act_as(app, "kacho");
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, 1, &e, &st));
    assert_int_equal(st.phase, GATE_PHASE_OPERATING);
    assert_true(st.has_start);
    assert_null(st.start.recorded_by);
    assert_string_equal(st.start.started_on, "2026-04-10");
    assert_int_equal(query_int(app, "SELECT count(*) FROM operation_starts"), 2); /* both entries */
    assert_int_equal(app_gate_golive(app, 1, NULL, NULL), APP_INVALID);
    has(app, "確認の導入前から利用中");
}

static void test_other_profiles(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "kitakyushu-external");
    add_user_by(app, "admin", "kacho", "課長 美和", "健康推進課", "課長", ROLES("section_head"));
    add_user_by(app, "admin", "ciso", "最高 隆之", "総務局", "局長", ROLES("ciso"));
    char *json = read_source("examples/kitakyushu-external/important-needs-review.json");
    long long id = 0;
    act_as(app, "kacho");
    OK(app, app_apply_create(app, "important.json", json, strlen(json), &id));
    free(json);
    OK(app, app_apply_act(app, id, ACT_SUBMIT, &(DecideOptions){0}, NULL));
    act_as(app, "ciso");
    OK(app, app_apply_act(app, id, ACT_APPROVE, &(DecideOptions){"評価済み", "kacho", 0}, NULL));
    act_as(app, "kacho");
    EntryRow e;
    GateStatus st;
    OK(app, app_gate_get(app, 1, &e, &st));
    assert_null(st.gate);
    assert_int_equal(st.phase, GATE_PHASE_NONE);
    assert_null(app_gate_phase_label(app, &e));
    long long before = events(app);
    assert_int_equal(app_gate_golive(app, 1, NULL, NULL), APP_INVALID);
    has(app, "operation_gate");
    assert_int_equal(events(app), before);
    /* …and the lifecycle goes on as before: the end of use needs no go-live. */
    OK(app, app_end_report(app, 1, "2026-06-01", "試行のみ"));
    long long *ids;
    int n;
    OK(app, app_gate_building_ids(app, &ids, &n));
    assert_int_equal(n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_gate_refuses_then_allows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_answers_checklist, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_withdraw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_gated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entries_before_the_gate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_profiles, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
