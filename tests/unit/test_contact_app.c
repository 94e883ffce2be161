/* The contact chart's use cases (app/app_contacts.h; docs/contacts.md) on
 * SQLite and PostgreSQL: only whoever may keep the entry saves and reviews
 * it (ledger_may_keep: administrator, the track's approver or registrar;
 * tokyo-edu 4, 3.2.2, 3.2.3), every save is a version with its audit event
 * and a refusal writes nothing; tokyo-edu 3.1.9① refuses a chart without a
 * holiday/night contact; a review without change is a new version with the
 * same document; the escalation path shows today's role holders; the due
 * list names a missing chart and a review due on both sides of the interval
 * (the profile's review_interval_months, 12); the agreed approach
 * (3.1.7⑧) reaches the incidents area through app_contact_approach; the CSV
 * has a BOM and CRLF. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "app/app_contacts.h"
#include "exchange/contact_json.h"
#include "policy/approach.h"

/* tokyo-edu: the asset owner "owner" applies (機密性C, ordinary track), the
 * 局責任者 "officer" approves: entry 1, administered by owner. */
static long long fixture(App *app)
{
    org_setup(app, "tokyo-edu");
    add_user_by(app, "admin", "owner", "所管 太郎", "学務課", "課長", ROLES("asset_owner"));
    add_user_by(app, "admin", "officer", "局責 次郎", "サイバーセキュリティ局", "部長", ROLES("cyber_officer"));
    add_user_by(app, "admin", "staff", "職員 花子", "学務課", "主事", ROLES("staff"));
    add_user_by(app, "admin", "csirt", "当番 三郎", "教育庁CSIRT", "主任", ROLES("edu_csirt"));
    act_as(app, "csirt");
    OK(app, app_user_set_email(app, "csirt", "csirt@example.lg.jp"));
    char *json = read_source("examples/tokyo-edu/ordinary-ready.json");
    act_as(app, "owner");
    long long id = 0, entry = 0;
    OK(app, app_apply_create(app, "t.json", json, strlen(json), &id));
    free(json);
    OK(app, app_apply_act(app, id, ACT_SUBMIT, NULL, &entry));
    act_as(app, "officer");
    DecideOptions o = {"承認します", NULL, 1};
    OK(app, app_apply_act(app, id, ACT_APPROVE, &o, &entry));
    return entry;
}

static long long count(App *app, const char *sql)
{
    return query_int(app, sql);
}

static AppRc save_file(App *app, const char *rel, const char *note, int *version)
{
    char *json = read_source(rel);
    AppRc rc = app_contact_save(app, 1, rel, json, strlen(json), note, version);
    free(json);
    return rc;
}

static AppRc save_text(App *app, const char *json, int *version)
{
    return app_contact_save(app, 1, "t.json", json, strlen(json), NULL, version);
}

typedef struct Dues {
    int n, missing, review, overdue;
    char date[16];
    char clause[32];
} Dues;

static void on_due(void *ctx, const DueItem *it)
{
    Dues *d = ctx;
    if (it->kind != DUE_CONTACT_MISSING && it->kind != DUE_CONTACT_REVIEW)
        return;
    d->n++;
    d->missing += it->kind == DUE_CONTACT_MISSING;
    d->review += it->kind == DUE_CONTACT_REVIEW;
    d->overdue += it->overdue;
    snprintf(d->date, sizeof d->date, "%s", it->date);
    snprintf(d->clause, sizeof d->clause, "%s", it->clause ? it->clause : "");
}

static Dues dues(App *app, int within)
{
    Dues d = {0};
    OK(app, app_due(app, within, on_due, &d));
    return d;
}

static void test_save_review_refusals(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    long long entry_id = fixture(app);
    /* In use without a chart: on the due list, overdue since registration (3.1.9①). */
    act_as(app, "owner");
    Dues d = dues(app, 0);
    assert_int_equal(d.missing, 1);
    assert_int_equal(d.overdue, 1);
    assert_string_equal(d.date, "2026-04-10");
    assert_string_equal(d.clause, "3.1.9①");
    assert_string_equal(due_kind_names[DUE_CONTACT_MISSING], "contact_chart_missing");
    int ap = -1;
    OK(app, app_contact_approach(app, entry_id, &ap));
    assert_int_equal(ap, APPROACH_NONE);
    /* A staff user may not keep the entry (tokyo-edu 4): denied, nothing written. */
    long long events = count(app, "SELECT count(*) FROM audit_events");
    act_as(app, "staff");
    int version = 0;
    assert_int_equal(save_file(app, "examples/tokyo-edu/contacts/chart.json", NULL, &version), APP_INVALID);
    assert_true(app->denied);
    assert_non_null(strstr(errtext(app), "外部サービス管理者"));
    assert_int_equal(count(app, "SELECT count(*) FROM contact_charts"), 0);
    assert_int_equal(count(app, "SELECT count(*) FROM audit_events"), events);
    /* The administrator saves: version 1, audited, the approach recorded. */
    act_as(app, "owner");
    OK(app, save_file(app, "examples/tokyo-edu/contacts/chart.json", "初版", &version));
    assert_int_equal(version, 1);
    assert_int_equal(count(app, "SELECT count(*) FROM audit_events WHERE action = 'contacts.save'"), 1);
    OK(app, app_contact_approach(app, entry_id, &ap));
    assert_int_equal(ap, APPROACH_CONTINUITY_FIRST);
    assert_int_equal(dues(app, 0).n, 0);
    /* A bad member is named; tokyo-edu 3.1.9① refuses a chart without a
     * holiday contact; both write nothing. */
    events = count(app, "SELECT count(*) FROM audit_events");
    const char *bad = "{\"provider\":[{\"organization\":\"x\",\"name\":\"y\",\"phone\":\"1\",\"coverage\":[\"24h\"]}],\"has_subcontractors\":false}";
    assert_int_equal(save_text(app, bad, NULL), APP_INVALID);
    assert_false(app->denied);
    assert_non_null(strstr(errtext(app), "provider[1].phone"));
    const char *weekday = "{\"provider\":[{\"organization\":\"x\",\"name\":\"y\",\"phone\":\"03-1111-2222\",\"coverage\":[\"weekday\",\"night\"]}],"
                          "\"has_subcontractors\":false}";
    assert_int_equal(save_text(app, weekday, NULL), APP_INVALID);
    assert_string_equal(app->clause, "3.1.9①");
    assert_non_null(strstr(errtext(app), "休日"));
    const char *role = "{\"provider\":[{\"organization\":\"x\",\"name\":\"y\",\"phone\":\"03-1111-2222\",\"coverage\":[\"24h\"]}],"
                       "\"has_subcontractors\":false,\"escalation\":[{\"role\":\"ciso\",\"phone\":\"123\"}]}";
    assert_int_equal(save_text(app, role, NULL), APP_INVALID);
    assert_non_null(strstr(errtext(app), "escalation[1].role"));
    assert_int_equal(count(app, "SELECT count(*) FROM contact_charts"), 1);
    assert_int_equal(count(app, "SELECT count(*) FROM audit_events"), events);
    /* The track's approver (3.2.2) reviews without change: version 2, same document. */
    act_as(app, "officer");
    OK(app, app_contact_review(app, 1, NULL, &version));
    assert_int_equal(version, 2);
    assert_int_equal(count(app, "SELECT count(*) FROM contact_charts c1 JOIN contact_charts c2 ON c1.entry_id = c2.entry_id"
                                " WHERE c1.version = 1 AND c2.version = 2 AND c1.doc = c2.doc AND c2.note = '内容を確認した'"),
                     1);
    assert_int_equal(count(app, "SELECT count(*) FROM audit_events WHERE action = 'contacts.review'"), 1);
    /* A staff user may not review either. */
    act_as(app, "staff");
    assert_int_equal(app_contact_review(app, 1, NULL, NULL), APP_INVALID);
    assert_true(app->denied);
    /* The view: path from the administrator through the profile's roles with today's holders. */
    ContactView v;
    OK(app, app_contact_view(app, 1, &v));
    assert_true(v.has_chart);
    assert_false(v.may_keep);
    assert_int_equal(v.row.version, 2);
    assert_int_equal(v.status, CONTACT_CURRENT);
    assert_string_equal(v.review_due, "2027-04-10");
    assert_int_equal(v.n_path, 1 + app->profile->contacts->n_steps);
    assert_string_equal(v.path[0].role, "administrator");
    assert_int_equal(v.path[0].n_people, 1);
    assert_string_equal(v.path[0].people[0].login, "owner");
    assert_string_equal(v.path[0].numbers->after_hours, "業務用携帯 090-1234-5678");
    int csirt = -1;
    for (int i = 0; i < v.n_path; i++)
        if (!strcmp(v.path[i].role, "edu_csirt"))
            csirt = i;
    assert_true(csirt > 0);
    assert_int_equal(v.path[csirt].n_people, 1);
    assert_string_equal(v.path[csirt].people[0].email, "csirt@example.lg.jp");
    assert_string_equal(v.path[csirt].numbers->phone, "内線 1111");
    /* A second review by a third: refused before a chart exists elsewhere. */
    assert_int_equal(app_contact_review(app, 99, NULL, NULL), APP_INVALID);
    assert_non_null(strstr(errtext(app), "第99号"));
}

static void test_due_boundary(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    act_as(app, "owner");
    OK(app, save_file(app, "examples/tokyo-edu/contacts/chart.json", NULL, NULL));
    /* Saved 2026-04-10 (JST); interval 12 months → due 2027-04-10. */
    set_now("2027-03-10T00:30:00Z");
    act_as(app, "owner");
    assert_int_equal(dues(app, 30).n, 0); /* window ends 2027-04-09 */
    Dues d = dues(app, 31);               /* window ends 2027-04-10 */
    assert_int_equal(d.review, 1);
    assert_int_equal(d.overdue, 0);
    assert_string_equal(d.date, "2027-04-10");
    set_now("2027-04-10T00:30:00Z"); /* the due day itself: due, not overdue */
    act_as(app, "owner");
    d = dues(app, 0);
    assert_int_equal(d.review, 1);
    assert_int_equal(d.overdue, 0);
    ContactView v;
    OK(app, app_contact_view(app, 1, &v));
    assert_int_equal(v.status, CONTACT_DUE_SOON);
    set_now("2027-04-11T00:30:00Z"); /* the day after: overdue */
    act_as(app, "owner");
    d = dues(app, 0);
    assert_int_equal(d.review, 1);
    assert_int_equal(d.overdue, 1);
    OK(app, app_contact_view(app, 1, &v));
    assert_int_equal(v.status, CONTACT_OVERDUE);
    /* A review moves the due date one interval on. */
    OK(app, app_contact_review(app, 1, "担当者の異動なし", NULL));
    assert_int_equal(dues(app, 0).n, 0);
    OK(app, app_contact_view(app, 1, &v));
    assert_string_equal(v.review_due, "2028-04-11");
    /* The Japanese day counts: saved at 15:00 UTC is the next day in Japan. */
    set_now("2028-04-11T15:00:00Z");
    act_as(app, "owner");
    OK(app, app_contact_review(app, 1, NULL, NULL));
    OK(app, app_contact_view(app, 1, &v));
    assert_string_equal(v.review_due, "2029-04-12");
}

static void test_csv(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    fixture(app);
    act_as(app, "owner");
    Str out = STR_INIT;
    long long rows = -1;
    /* One entry without a chart: the header only, by number and for all;
     * an unknown entry is refused. */
    OK(app, app_contact_csv(app, 1, &out, &rows));
    assert_int_equal(rows, 0);
    str_reset(&out);
    assert_int_equal(app_contact_csv(app, 2, &out, &rows), APP_INVALID);
    assert_non_null(strstr(errtext(app), "第2号"));
    str_reset(&out);
    OK(app, app_contact_csv(app, 0, &out, &rows));
    assert_int_equal(rows, 0);
    str_reset(&out);
    OK(app, save_file(app, "examples/tokyo-edu/contacts/chart.json", NULL, NULL));
    OK(app, app_contact_csv(app, 1, &out, &rows));
    const char *s = str_cstr(&out);
    assert_memory_equal(s, "\xEF\xBB\xBF台帳番号,", 3 + strlen("台帳番号,"));
    assert_non_null(strstr(s, "\r\n1,"));
    assert_non_null(strstr(s, "提供者"));
    assert_non_null(strstr(s, "0120-123-456"));
    assert_non_null(strstr(s, "委託事業者"));
    assert_non_null(strstr(s, "業務継続優先"));
    /* 2 provider + 1 subcontractor contact + the path + approach + timing. */
    assert_int_equal(rows, 3 + 1 + app->profile->contacts->n_steps + 2);
    long long one = rows;
    str_reset(&out);
    OK(app, app_contact_csv(app, 0, &out, &rows));
    assert_int_equal(rows, one);
    str_free(&out);
}

/* The template of every profile parses and passes its own profile's check
 * (the sample lists exactly the profile's path). */
static void test_sample(void **state)
{
    (void)state;
    static const char *const ids[] = {"kitakyushu-cloud", "kitakyushu-external", "otokuni", "tokyo-edu"};
    for (int i = 0; i < 4; i++) {
        const Profile *p = profileset_find(&profiles, ids[i]);
        assert_non_null(p);
        Str doc = STR_INIT, err = STR_INIT;
        app_contact_sample(p, &doc);
        Arena a;
        arena_init(&a, NULL, 0);
        ContactChart c;
        if (contact_chart_parse("sample", str_cstr(&doc), doc.len, &a, &c, &err) != 0)
            fail_msg("%s: %s", ids[i], str_cstr(&err));
        ContactFinding f[CONTACT_MAX_FINDINGS];
        assert_int_equal(contact_chart_check(p, &c, f), 0);
        assert_int_equal(c.n_escalation, 1 + p->contacts->n_steps);
        arena_free(&a);
        str_free(&doc);
        str_free(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_review_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_due_boundary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
        cmocka_unit_test(test_sample),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
