/* The organization's list of services that need no application
 * (src/app/app_exempt.c; tokyo-edu 5: the 別紙 list and the services later
 * notices add, "別途周知"), against the backend named by DAICHO_TEST_DB or a
 * fresh SQLite file per test. Rules checked (each test names its own):
 *   - only a profile that names the clause for such a list (tokyo-edu
 *     exempt_clause "5") accepts additions; kitakyushu has none;
 *   - only the system administrator or a track's approver role changes it;
 *   - name, notice, at least one valid domain and one class of the profile
 *     are required, each refusal naming the field, and nothing is written;
 *   - an application for a listed service evaluates as exempt for the listed
 *     classes only, by name or by a domain (a "*." pattern covers hosts under
 *     it, not the domain itself); a removed entry no longer exempts;
 *   - removal needs a reason and keeps the entry with who, when and why;
 *   - every change is an audit event. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "app/app_apply_web.h"
#include "app/app_exempt.h"

static NewExempt meeting_entry(const char **domains, int n_domains, const char **classes, int n_classes)
{
    NewExempt e = {"全庁共通ウェブ会議", domains, n_domains, classes, n_classes, "令和7年4月1日付 7教総第1号通知", NULL};
    return e;
}

static void edu_org(App *app)
{
    org_setup(app, "tokyo-edu");
    add_user_by(app, "admin", "chief", "統括", "サイバーセキュリティ局", NULL, ROLES("cyber_chief"));
    add_user_by(app, "admin", "staff", "職員", "指導部", NULL, ROLES("staff"));
}

/* The evaluation of a tokyo-edu application of class `conf` for a service
 * named `name` with one domain `domain`: 1 exempt, 0 not. */
static int evaluates_exempt(App *app, const char *login, const char *name, const char *domain, const char *conf)
{
    act_as(app, login);
    char json[1024];
    snprintf(json, sizeof json,
             "{\"service\":{\"name\":\"%s\",\"category\":\"web_meeting\",\"domains\":[\"%s\"]},"
             "\"information\":{\"confidentiality\":\"%s\"}}",
             name, domain, conf);
    ApplyPreview pv;
    AppRc rc = app_apply_preview(app, "t.json", json, strlen(json), &pv);
    if (rc != APP_OK || !pv.parsed) {
        app_apply_preview_free(&pv);
        fail_msg("preview failed: %s", errtext(app));
    }
    int exempt = pv.d.exempt != NULL;
    app_apply_preview_free(&pv);
    return exempt;
}

/* Rule: the list exists only where the standard provides for it (tokyo-edu 5). */
static void test_only_where_the_standard_provides(void **state)
{
    Fx *f = *state;
    App *app = &f->app;
    org_setup(app, "kitakyushu-external");
    act_as(app, "admin");
    const char *d[] = {"meet.example.jp"}, *c[] = {"3"};
    NewExempt e = meeting_entry(d, 1, c, 1);
    long long id = 0;
    assert_int_equal(app_exempt_add(app, &e, &id), APP_INVALID);
    assert_non_null(strstr(errtext(app), "定めがありません"));
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM exempt_services"), 0);
}

/* Rule: only the administrator or an approver role changes the list (5). */
static void test_who_may_change(void **state)
{
    Fx *f = *state;
    App *app = &f->app;
    edu_org(app);
    const char *d[] = {"meet.example.jp"}, *c[] = {"C"};
    NewExempt e = meeting_entry(d, 1, c, 1);
    long long id = 0;
    act_as(app, "staff");
    assert_int_equal(app_exempt_add(app, &e, &id), APP_INVALID);
    assert_true(app->denied);
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM exempt_services"), 0);
    act_as(app, "chief");
    OK(app, app_exempt_add(app, &e, &id));
    act_as(app, "staff");
    assert_int_equal(app_exempt_remove(app, id, "通知の廃止"), APP_INVALID);
    assert_true(app->denied);
    act_as(app, "admin");
    OK(app, app_exempt_remove(app, id, "通知の廃止"));
}

/* Rule: each required part is named when missing or wrong; nothing written. */
static void test_bad_input_names_the_field(void **state)
{
    Fx *f = *state;
    App *app = &f->app;
    edu_org(app);
    act_as(app, "admin");
    const char *good_d[] = {"meet.example.jp"}, *good_c[] = {"C"};
    const char *bad_host[] = {"meet_example"}, *no_dot[] = {"localhost"}, *dup[] = {"a.example.jp", "A.example.jp"};
    const char *bad_class[] = {"D"};
    struct {
        NewExempt e;
        const char *field;
    } cases[] = {
        {{"", good_d, 1, good_c, 1, "通知", NULL}, "name:"},
        {{"会議", good_d, 1, good_c, 1, "", NULL}, "notice:"},
        {{"会議", good_d, 0, good_c, 1, "通知", NULL}, "domains:"},
        {{"会議", bad_host, 1, good_c, 1, "通知", NULL}, "domains:"},
        {{"会議", no_dot, 1, good_c, 1, "通知", NULL}, "domains:"},
        {{"会議", dup, 2, good_c, 1, "通知", NULL}, "domains:"},
        {{"会議", good_d, 1, good_c, 0, "通知", NULL}, "classes:"},
        {{"会議", good_d, 1, bad_class, 1, "通知", NULL}, "classes:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long long id = 0;
        assert_int_equal(app_exempt_add(app, &cases[i].e, &id), APP_INVALID);
        if (strncmp(errtext(app), cases[i].field, strlen(cases[i].field)) != 0)
            fail_msg("case %zu: want '%s…', got '%s'", i, cases[i].field, errtext(app));
    }
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM exempt_services"), 0);
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM exempt_domains"), 0);
    /* Both sides: the same entry with the parts right is accepted. */
    NewExempt e = {"会議", good_d, 1, good_c, 1, "通知", NULL};
    long long id = 0;
    OK(app, app_exempt_add(app, &e, &id));
    /* A name already on the list (in force) is refused. */
    assert_int_equal(app_exempt_add(app, &e, &id), APP_INVALID);
    assert_non_null(strstr(errtext(app), "既に"));
}

/* Rule: a listed service is exempt for the listed classes only, by name or
 * domain; "*.example.jp" covers hosts under it, not example.jp (5). */
static void test_evaluation_uses_the_list(void **state)
{
    Fx *f = *state;
    App *app = &f->app;
    edu_org(app);
    assert_false(evaluates_exempt(app, "staff", "全庁共通ウェブ会議", "x.example.jp", "C"));
    act_as(app, "admin");
    const char *d[] = {"*.meet.example.jp"}, *c[] = {"C"};
    NewExempt e = meeting_entry(d, 1, c, 1);
    long long id = 0;
    OK(app, app_exempt_add(app, &e, &id));
    assert_true(evaluates_exempt(app, "staff", "全庁共通ウェブ会議", "x.example.jp", "C"));      /* by name */
    assert_false(evaluates_exempt(app, "staff", "全庁共通ウェブ会議", "x.example.jp", "B"));     /* class B: not listed */
    assert_true(evaluates_exempt(app, "staff", "別名の会議", "tokyo.meet.example.jp", "C"));   /* under the pattern */
    assert_false(evaluates_exempt(app, "staff", "別名の会議", "meet.example.jp", "C"));        /* the domain itself */
    assert_false(evaluates_exempt(app, "staff", "別名の会議", "badmeet.example.jp", "C"));     /* not a label boundary */
    act_as(app, "admin");
    OK(app, app_exempt_remove(app, id, "通知の廃止"));
    assert_false(evaluates_exempt(app, "staff", "全庁共通ウェブ会議", "x.example.jp", "C"));
}

static int count_rows(void *ctx, const ExemptRow *row)
{
    (void)row;
    ++*(int *)ctx;
    return 0;
}

/* Rule: removal needs a reason and keeps the entry (who, when, why); every
 * change is audited. */
static void test_removal_is_kept_and_audited(void **state)
{
    Fx *f = *state;
    App *app = &f->app;
    edu_org(app);
    act_as(app, "admin");
    const char *d[] = {"meet.example.jp"}, *c[] = {"B", "C"};
    NewExempt e = meeting_entry(d, 1, c, 2);
    long long id = 0;
    OK(app, app_exempt_add(app, &e, &id));
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM exempt_services WHERE classes = 'B,C'"), 1);
    assert_int_equal(app_exempt_remove(app, id, ""), APP_INVALID);
    assert_non_null(strstr(errtext(app), "reason:"));
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM exempt_services WHERE removed_at IS NULL"), 1);
    set_now("2026-05-01T00:00:00Z");
    OK(app, app_exempt_remove(app, id, "令和8年4月30日付通知で廃止"));
    assert_int_equal(app_exempt_remove(app, id, "again"), APP_INVALID); /* already out of force */
    int in_force = 0, all = 0;
    OK(app, app_exempt_list(app, 0, count_rows, &in_force));
    OK(app, app_exempt_list(app, 1, count_rows, &all));
    assert_int_equal(in_force, 0);
    assert_int_equal(all, 1);
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM exempt_services WHERE removed_at = '2026-05-01T00:00:00Z'"
                                    " AND removed_reason = '令和8年4月30日付通知で廃止'"),
                     1);
    assert_int_equal(query_int(app, "SELECT COUNT(*) FROM audit_events WHERE action IN ('exempt.add','exempt.remove')"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_only_where_the_standard_provides, setup, teardown),
        cmocka_unit_test_setup_teardown(test_who_may_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_names_the_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_evaluation_uses_the_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removal_is_kept_and_audited, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
