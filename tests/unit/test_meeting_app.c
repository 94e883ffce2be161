/* Saved web-meeting plans (src/app/app_meeting.c, src/store/meetings.c)
 * against the backend named by DAICHO_TEST_DB (PostgreSQL) or a fresh SQLite
 * file: a save keeps the document and the result of that day in one
 * transaction with its audit event (kitakyushu 6 planner; the audit chain
 * of DESIGN.md "Workflow and ledger"); bad input saves nothing; a plan is
 * read by its host, the administrator and auditors only; organizations
 * whose standard has no section 6 have no planner. */
#include <stdio.h>
#include <string.h>

#include "app/app_meeting.h"
#include "apptest.h"

/* 6.4(1): the important meeting of the worked example. */
static const char EX1[] =
    "{\"service\": {\"name\": \"ウェブ会議A\", \"pricing\": \"paid\", \"contract\": \"negotiated\","
    " \"data_locations\": [\"JP\"], \"e2e_encryption\": true}, \"information\": {\"confidentiality\": \"2\"},"
    " \"meeting\": {\"role\": \"host\", \"hosting\": \"cloud\", \"external_participants\": true,"
    " \"features\": [\"audio_video\", \"chat\"], \"password\": true, \"waiting_room\": true, \"organization_device\": true}}";
/* The same host without a password or pre-registration: 6.2(2)① blocks. */
static const char NOPW[] =
    "{\"service\": {\"name\": \"ウェブ会議A\", \"pricing\": \"paid\", \"contract\": \"negotiated\","
    " \"data_locations\": [\"JP\"], \"e2e_encryption\": true}, \"information\": {\"confidentiality\": \"2\"},"
    " \"meeting\": {\"role\": \"host\", \"hosting\": \"cloud\", \"external_participants\": true,"
    " \"features\": [\"audio_video\", \"chat\"], \"password\": false, \"pre_registration\": false, \"waiting_room\": true,"
    " \"organization_device\": true}}";

static void kx_users(App *app, const char *profile)
{
    org_setup(app, profile);
    add_user_by(app, "admin", "host", "主催 花子", "総務課", "主査", ROLES("staff"));
    add_user_by(app, "admin", "other", "他部 次郎", "企画課", "主任", ROLES("staff"));
}

static int count_row(void *ctx, const MeetingRow *m)
{
    (void)m;
    (*(int *)ctx)++;
    return 0;
}

static void save_and_read(void **state, const char *profile)
{
    Fx *fx = *state;
    App *app = &fx->app;
    kx_users(app, profile);
    act_as(app, "host");
    long long events = query_int(app, "SELECT count(*) FROM audit_events");
    long long id = 0;
    Verdict v;
    OK(app, app_meeting_save(app, "定例会議", "2026-05-01", "ex1", EX1, strlen(EX1), &id, &v));
    assert_int_equal(v, VERDICT_READY);
    assert_int_equal(query_int(app, "SELECT count(*) FROM meeting_plans"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'meeting.save'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events"), events + 1);
    MeetingRow m;
    OK(app, app_meeting_get(app, id, &m));
    assert_string_equal(m.title, "定例会議");
    assert_string_equal(m.date, "2026-05-01");
    assert_string_equal(m.track, "important");
    assert_string_equal(m.verdict, "ready");
    assert_string_equal(m.host_login, "host");
    assert_non_null(strstr(m.doc, "\"waiting_room\":true"));
    MeetingView view;
    Errors errs = {0};
    assert_int_equal(meeting_view_read(m.result, &app->arena, &view, &errs), 0);
    assert_int_equal(view.n_conflicts, 0);
    assert_true(view.n_measures > 5);

    /* A blocked plan is saved as the host's record, with its verdict (6.2(2)①). */
    OK(app, app_meeting_save(app, "臨時会議", "2026-05-02", "nopw", NOPW, strlen(NOPW), &id, &v));
    assert_int_equal(v, VERDICT_BLOCKED);
    OK(app, app_meeting_get(app, id, &m));
    assert_int_equal(meeting_view_read(m.result, &app->arena, &view, &errs), 0);
    assert_int_equal(view.n_conflicts, 1);
    assert_string_equal(view.conflicts[0].clause, "6.2(2)①");
    assert_string_equal(view.conflicts[0].severity, "block");
    errors_free(&errs);

    /* Bad input saves nothing and records nothing. */
    events = query_int(app, "SELECT count(*) FROM audit_events");
    assert_int_equal(app_meeting_save(app, "", "2026-05-01", "ex1", EX1, strlen(EX1), &id, &v), APP_INVALID);
    assert_non_null(strstr(errtext(app), "title"));
    assert_int_equal(app_meeting_save(app, "会議", "2026-02-30", "ex1", EX1, strlen(EX1), &id, &v), APP_INVALID);
    assert_non_null(strstr(errtext(app), "date"));
    assert_int_equal(app_meeting_save(app, "会議\n改行", "2026-05-01", "ex1", EX1, strlen(EX1), &id, &v), APP_INVALID);
    const char *bad = "{\"information\": {\"confidentiality\": \"9\"}}";
    assert_int_equal(app_meeting_save(app, "会議", "2026-05-01", "bad", bad, strlen(bad), &id, &v), APP_INVALID);
    assert_non_null(strstr(errtext(app), "information.confidentiality"));
    assert_int_equal(query_int(app, "SELECT count(*) FROM meeting_plans"), 2);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events"), events);

    /* Who reads a plan: the host and the administrator, not another member. */
    int n = 0;
    OK(app, app_meeting_list(app, 0, count_row, &n));
    assert_int_equal(n, 2);
    act_as(app, "other");
    n = 0;
    OK(app, app_meeting_list(app, 0, count_row, &n));
    assert_int_equal(n, 0);
    assert_int_equal(app_meeting_get(app, id, &m), APP_INVALID);
    assert_true(app->denied);
    assert_int_equal(app_meeting_list(app, 1, count_row, &n), APP_INVALID);
    act_as(app, "admin");
    OK(app, app_meeting_get(app, id, &m));
    n = 0;
    OK(app, app_meeting_list(app, 1, count_row, &n));
    assert_int_equal(n, 2);
    /* an unknown id is answered like another user's plan: nothing to learn from ids */
    assert_int_equal(app_meeting_get(app, 999, &m), APP_INVALID);
    assert_true(app->denied);
    char unknown[512];
    snprintf(unknown, sizeof unknown, "%s", errtext(app));
    act_as(app, "other");
    assert_int_equal(app_meeting_get(app, 1, &m), APP_INVALID);
    assert_non_null(strstr(unknown, "はないか、見る権限がありません"));
    assert_non_null(strstr(errtext(app), "はないか、見る権限がありません"));
}

static void test_save_kitakyushu_external(void **state) { save_and_read(state, "kitakyushu-external"); }
static void test_save_kitakyushu_cloud(void **state) { save_and_read(state, "kitakyushu-cloud"); }

/* otokuni and tokyo-edu have no section 6: no planner, nothing saved. */
static void test_no_planner_elsewhere(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    org_setup(app, "tokyo-edu");
    act_as(app, "admin");
    long long id;
    Verdict v;
    assert_int_equal(app_meeting_save(app, "会議", "2026-05-01", "ex1", EX1, strlen(EX1), &id, &v), APP_INVALID);
    assert_non_null(strstr(errtext(app), "ウェブ会議"));
    assert_int_equal(query_int(app, "SELECT count(*) FROM meeting_plans"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_kitakyushu_external, setup, teardown),
        cmocka_unit_test_setup_teardown(test_save_kitakyushu_cloud, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_planner_elsewhere, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
