/* The social-media register's use cases (app/app_social.h; tokyo-edu 10) on
 * SQLite and PostgreSQL: who may register and keep an account (10:
 * 情報資産を所管する者), the checks of 10 イ–ケ, monitoring and its due date
 * (10カ) on both sides of the boundary, playbook steps in order (10キ), the
 * pre-posting check's record (no post text kept) and refusals that change
 * nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "app/app_social.h"

/* An organization on tokyo-edu with an asset owner "owner" and a staff user
 * "staff"; the owner's account 1 registered. */
static long long fixture(App *app)
{
    org_setup(app, "tokyo-edu");
    add_user_by(app, "admin", "owner", "所管 太郎", "広報課", "課長", ROLES("asset_owner"));
    add_user_by(app, "admin", "staff", "職員 花子", "広報課", "主事", ROLES("staff"));
    act_as(app, "owner");
    char *json = read_source("examples/tokyo-edu/social/account.json");
    NewSocialAccount a;
    long long id = 0;
    static Arena arena; /* the document's strings outlive the parse */
    arena_init(&arena, NULL, 0);
    OK(app, app_social_account_parse(app, &arena, "account.json", json, strlen(json), &a));
    OK(app, app_social_account_add(app, &a, &id));
    arena_free(&arena);
    free(json);
    return id;
}

static long long events(App *app)
{
    return query_int(app, "SELECT count(*) FROM audit_events");
}

static void test_register_and_refusal(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    long long id = fixture(app);
    assert_int_equal(id, 1);
    SocialAccountRow a;
    OK(app, app_social_account_get(app, id, &a));
    assert_string_equal(a.service, "X");
    assert_string_equal(a.status, "active");
    assert_string_equal(a.password_holders, "広報 花子\n副校長 一郎");
    assert_int_equal(a.n_devices, 1);
    assert_true(a.devices[0].managed);
    assert_string_equal(a.monitor_due, "2026-04-10"); /* due from the first day */
    /* 10: only 情報資産を所管する者 registers; staff is refused (denied), nothing written. */
    act_as(app, "staff");
    long long before = events(app);
    NewSocialAccount b = {.service = "Instagram", .account_name = "@x", .verified = "not_offered", .two_factor = "enabled"};
    AppRc rc = app_social_account_add(app, &b, NULL);
    assert_int_equal(rc, APP_INVALID);
    assert_true(app->denied);
    assert_non_null(strstr(errtext(app), "情報資産を所管する者"));
    assert_int_equal(events(app), before);
    assert_int_equal(query_int(app, "SELECT count(*) FROM social_accounts"), 1);
    /* A document naming a password is refused (10オ(ア): names only). */
    act_as(app, "owner");
    const char *bad = "{\"service\":\"X\",\"account_name\":\"@a\",\"verified\":\"obtained\",\"two_factor\":\"enabled\",\"password\":\"Secret-12345\"}";
    Arena arena;
    arena_init(&arena, NULL, 0);
    rc = app_social_account_parse(app, &arena, "bad.json", bad, strlen(bad), &b);
    arena_free(&arena);
    assert_int_equal(rc, APP_INVALID);
    assert_non_null(strstr(errtext(app), "パスワードは登録しません"));
    assert_null(strstr(errtext(app), "Secret-12345"));
    /* Bad enum values name the field. */
    b = (NewSocialAccount){.service = "Instagram", .account_name = "@x", .verified = "yes", .two_factor = "enabled"};
    assert_int_equal(app_social_account_add(app, &b, NULL), APP_INVALID);
    assert_non_null(strstr(errtext(app), "verified"));
}

static void test_checks(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    long long id = fixture(app);
    /* done needs evidence; with it, recorded and audited. */
    assert_int_equal(app_social_check(app, id, "announced-on-website", "done", ""), APP_INVALID);
    assert_non_null(strstr(errtext(app), "10エ(イ)"));
    long long before = events(app);
    OK(app, app_social_check(app, id, "announced-on-website", "done", "学校HPのSNSページに掲載"));
    OK(app, app_social_check(app, id, "verified-account", "not_done", NULL));
    assert_int_equal(events(app), before + 2);
    assert_int_equal(app_social_check(app, id, "no-such-check", "done", "x"), APP_INVALID);
    assert_int_equal(app_social_check(app, id, "monitoring", "maybe", "x"), APP_INVALID);
    /* Staff may not record. */
    act_as(app, "staff");
    assert_int_equal(app_social_check(app, id, "monitoring", "done", "x"), APP_INVALID);
    assert_true(app->denied);
    assert_int_equal(query_int(app, "SELECT count(*) FROM social_checks"), 2);
}

typedef struct DueSeen {
    int n, overdue;
    long long id;
    int days;
} DueSeen;

static void on_due(void *ctx, const SocialDue *d)
{
    DueSeen *s = ctx;
    s->n++;
    s->overdue = d->overdue;
    s->id = d->account->id;
    s->days = d->days;
}

static void test_monitoring_due_boundary(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    long long id = fixture(app);
    /* 10カ: monitored on 2026-04-10, interval 7 days (profile) → due 2026-04-17. */
    OK(app, app_social_monitor(app, id, "ok", NULL));
    SocialAccountRow a;
    OK(app, app_social_account_get(app, id, &a));
    assert_string_equal(a.monitor_due, "2026-04-17");
    assert_int_equal(app_social_monitor(app, id, "issues", ""), APP_INVALID); /* issues need a note */
    DueSeen s = {0};
    /* 2026-04-16 (JST): not yet due today. */
    set_now("2026-04-16T01:00:00Z");
    OK(app, app_social_due(app, 0, on_due, &s));
    assert_int_equal(s.n, 0);
    /* …but within 1 day. */
    OK(app, app_social_due(app, 1, on_due, &s));
    assert_int_equal(s.n, 1);
    assert_false(s.overdue);
    assert_int_equal(s.days, 1);
    /* 2026-04-17: due today, not overdue. */
    s = (DueSeen){0};
    set_now("2026-04-17T01:00:00Z");
    OK(app, app_social_due(app, 0, on_due, &s));
    assert_int_equal(s.n, 1);
    assert_false(s.overdue);
    assert_int_equal(s.days, 0);
    /* 2026-04-18: overdue by one day. */
    s = (DueSeen){0};
    set_now("2026-04-18T01:00:00Z");
    OK(app, app_social_due(app, 0, on_due, &s));
    assert_int_equal(s.n, 1);
    assert_true(s.overdue);
    assert_int_equal(s.days, -1);
    /* Monitoring again moves it 7 days from that day. */
    OK(app, app_social_monitor(app, id, "issues", "不審な返信を確認、削除依頼済み"));
    OK(app, app_social_account_get(app, id, &a));
    assert_string_equal(a.monitor_due, "2026-04-25");
    /* A closed account leaves the list and takes no record. */
    OK(app, app_social_account_status(app, id, "closed", "運用終了"));
    s = (DueSeen){0};
    set_now("2026-05-30T01:00:00Z");
    OK(app, app_social_due(app, 0, on_due, &s));
    assert_int_equal(s.n, 0);
    assert_int_equal(app_social_monitor(app, id, "ok", NULL), APP_INVALID);
}

static void test_playbook_in_order(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    long long id = fixture(app);
    long long run = 0;
    assert_int_equal(app_playbook_start(app, id, "nothing", NULL, &run), APP_INVALID);
    assert_non_null(strstr(errtext(app), "impersonation"));
    OK(app, app_playbook_start(app, id, "impersonation", "なりすましアカウントを発見", &run));
    /* A second open run of the same playbook on the same account is refused. */
    assert_int_equal(app_playbook_start(app, id, "impersonation", NULL, NULL), APP_INVALID);
    /* 10キ(ア): steps in order; step 2 before 1 is refused, naming step 1. */
    assert_int_equal(app_playbook_step(app, run, 2, NULL), APP_INVALID);
    assert_non_null(strstr(errtext(app), "手順 1"));
    assert_int_equal(app_playbook_close(app, run), APP_INVALID); /* not all steps */
    OK(app, app_playbook_step(app, run, 1, "学校HPで周知"));
    assert_int_equal(app_playbook_step(app, run, 1, NULL), APP_INVALID); /* already */
    OK(app, app_playbook_step(app, run, 2, "パスワード変更"));
    /* Step 3 reports to サイバーセキュリティ管理者 and 教育庁 CSIRT: the note is required. */
    assert_int_equal(app_playbook_step(app, run, 3, ""), APP_INVALID);
    OK(app, app_playbook_step(app, run, 3, "校長・CSIRTへ電話 10:05"));
    /* Staff may not record a step. */
    act_as(app, "staff");
    assert_int_equal(app_playbook_step(app, run, 4, "x"), APP_INVALID);
    assert_true(app->denied);
    act_as(app, "owner");
    OK(app, app_playbook_step(app, run, 4, "削除依頼"));
    assert_int_equal(app_playbook_step(app, run, 5, NULL), APP_INVALID); /* only 4 steps */
    long long before = events(app);
    OK(app, app_playbook_close(app, run));
    assert_int_equal(events(app), before + 1);
    assert_int_equal(app_playbook_close(app, run), APP_INVALID);
    PlaybookRunRow r;
    const Playbook *b;
    OK(app, app_playbook_run_get(app, run, &r, &b));
    assert_non_null(r.closed_at);
    assert_int_equal(r.steps_done, 4);
    assert_string_equal(b->clause, "10キ(ア)");
    /* Every step audited: start + 4 steps + close. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action LIKE 'playbook.%'"), 6);
}

static void test_post_check_record(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    long long id = fixture(app);
    act_as(app, "staff"); /* any user may check a post */
    PostInput in = {.confidentiality = "B", .text = "秘密の会議メモ https://bit.ly/abc"};
    PostResult r;
    long long check = 0;
    OK(app, app_social_post_check(app, id, &in, &r, &check));
    assert_int_equal(r.verdict, VERDICT_BLOCKED);
    assert_true(check > 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM social_post_checks WHERE verdict = 'blocked'"), 1);
    /* The text is not kept: neither in the record nor in the audit trail. */
    assert_int_equal(query_int(app, "SELECT count(*) FROM social_post_checks WHERE findings LIKE '%秘密%'"), 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE data LIKE '%秘密の会議%'"), 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM social_post_checks WHERE hosts = 'bit.ly'"), 1);
    /* A password check leaves nothing anywhere. */
    long long before = events(app);
    PasswordResult pr;
    OK(app, app_social_password_check(app, "Zq7#longenough", 14, &pr));
    assert_true(pr.ok);
    assert_int_equal(events(app), before);
    /* On a profile without social_media, the use cases say so. */
    org_setup_as(app, "org2", "kitakyushu-external", "admin2", NULL);
    act_as(app, "admin2");
    assert_int_equal(app_social_post_check(app, 0, &in, &r, NULL), APP_INVALID);
    assert_non_null(strstr(errtext(app), "ソーシャルメディアの定めがありません"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_register_and_refusal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_monitoring_due_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_playbook_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_post_check_record, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
