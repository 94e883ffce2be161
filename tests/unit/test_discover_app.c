/* Discovery of unapproved services, the use cases (src/app/app_discover*.c)
 * on SQLite and PostgreSQL: findings merge across runs; an entry in force
 * (active, ending), an exemption and the ignore list keep a host out of the
 * findings while an ended entry does not (otokuni 3.4①(ア)・2: 利用承認を受けていない
 * 外部サービスを使わせていない); review and draft change the status with
 * an audit event; a user without a security role is refused and nothing is
 * recorded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apptest.h"
#include "app/app_discover.h"
#include "store/exempts.h"

static DiscoverSummary run_log(App *app, const char *login, const char *log)
{
    act_as(app, login);
    DiscoverSummary s;
    OK(app, app_discover_buffer(app, PROXY_AUTO, "test.log", log, strlen(log), &s));
    return s;
}

typedef struct Found {
    FindingRow rows[16];
    int n;
} Found;

static int keep(void *ctx, const FindingRow *f)
{
    Found *x = ctx;
    if (x->n < 16) {
        /* rows live in app->arena until the next use case: copy the key strings */
        x->rows[x->n] = *f;
        x->rows[x->n].group_key = strdup(f->group_key);
        x->rows[x->n].label = strdup(f->label);
        x->rows[x->n].status = strdup(f->status);
        x->rows[x->n].first_seen = strdup(f->first_seen);
        x->rows[x->n].last_seen = strdup(f->last_seen);
        x->n++;
    }
    return 0;
}

static void found_free(Found *x)
{
    for (int i = 0; i < x->n; i++) {
        free((char *)x->rows[i].group_key);
        free((char *)x->rows[i].label);
        free((char *)x->rows[i].status);
        free((char *)x->rows[i].first_seen);
        free((char *)x->rows[i].last_seen);
    }
    x->n = 0;
}

static const FindingRow *by_key(Found *x, const char *key)
{
    for (int i = 0; i < x->n; i++)
        if (strcmp(x->rows[i].group_key, key) == 0)
            return &x->rows[i];
    return NULL;
}

static void list(App *app, const char *status, Found *x)
{
    found_free(x);
    OK(app, app_discover_list(app, status, keep, x));
}

static void setup_org(App *app)
{
    org_setup(app, "otokuni");
    add_user_by(app, "admin", "sekinin", "責任 一郎", "総務課", "課長", ROLES("security_officer"));
    add_user_by(app, "admin", "tokatsu", "統括 花子", "事務局", "局長", ROLES("chief_security_officer"));
    add_user_by(app, "admin", "shokuin", "職員 次郎", "税務課", "主事", ROLES("staff"));
}

/* 1775001600 = 2026-04-01T00:00:00Z */
static void test_findings_merge_across_runs(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    setup_org(app);
    DiscoverSummary s = run_log(app, "tokatsu",
                                "1775001610.5 1 10.0.0.1 TCP_MISS/200 1 GET http://www.dropbox.com/a shokuin - -\n"
                                "1775001620.5 1 10.0.0.2 TCP_TUNNEL/200 1 CONNECT dl.dropbox.com:443 - - -\n"
                                "bad line\n");
    assert_int_equal(s.lines, 3);
    assert_int_equal(s.bad, 1);
    assert_int_equal(s.bad_line[0], 3);
    assert_int_equal(s.findings_new, 1);
    assert_int_equal(s.findings_updated, 0);
    s = run_log(app, "tokatsu",
                "1775001600,shokuin,dropbox.com\n"
                "1775001700,sekinin,www.dropbox.com\n"
                "1775001650,other,files.example.org\n");
    assert_int_equal(s.format, PROXY_CSV);
    assert_int_equal(s.findings_new, 1);
    assert_int_equal(s.findings_updated, 1);
    Found x = {0};
    list(app, NULL, &x);
    assert_int_equal(x.n, 2);
    const FindingRow *f = by_key(&x, "domain:dropbox.com");
    assert_non_null(f);
    assert_string_equal(f->label, "dropbox.com");
    assert_string_equal(f->status, "open");
    assert_int_equal(f->hits, 4);
    assert_int_equal(f->runs, 2);
    assert_string_equal(f->first_seen, "2026-04-01T00:00:00Z"); /* widened by the second run */
    assert_string_equal(f->last_seen, "2026-04-01T00:01:40Z");
    assert_int_equal(f->n_hosts, 3);  /* www., dl., dropbox.com */
    assert_int_equal(f->n_users, 3);  /* shokuin, 10.0.0.2, sekinin */
    assert_int_equal(query_int(app, "SELECT hits FROM discovery_hosts WHERE host = 'www.dropbox.com'"), 2);
    assert_int_equal(query_int(app, "SELECT hits FROM discovery_users WHERE user_name = 'shokuin'"), 2);
    assert_int_equal(query_int(app, "SELECT count(*) FROM discovery_runs"), 2);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'discover.run'"), 2);
    found_free(&x);
}

static long long approve_forms_c(App *app)
{
    char *json = read_source("examples/otokuni/ordinary-ready.json");
    act_as(app, "sekinin");
    long long id = 0, entry = 0;
    OK(app, app_apply_create(app, "t.json", json, strlen(json), &id));
    free(json);
    OK(app, app_apply_act(app, id, ACT_SUBMIT, NULL, &entry));
    act_as(app, "tokatsu");
    DecideOptions o = {"承認します", NULL, 1};
    OK(app, app_apply_act(app, id, ACT_APPROVE, &o, &entry));
    return entry;
}

static const char FORMS_LOG[] = "1775001600 1 10.0.0.1 TCP_MISS/200 1 GET http://forms-c.example.jp/q shokuin - -\n"
                                "1775001601 1 10.0.0.1 TCP_MISS/200 1 GET http://safe.exempt.example/ shokuin - -\n"
                                "1775001602 1 10.0.0.1 TCP_MISS/200 1 GET http://www.city.example.lg.jp/ shokuin - -\n";

static void test_entry_exemption_ignore_suppress(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    setup_org(app);
    /* Approval registers the document's service.domains on the service. */
    approve_forms_c(app);
    assert_int_equal(query_int(app, "SELECT count(*) FROM service_domains WHERE domain = 'forms-c.example.jp'"), 1);
    /* An exemption in the database list, and an ignore-list entry. */
    act_as(app, "admin");
    ExemptRow e = {.name = "安全サービス", .classes = "1", .notice = "通知第1号", .clause = "5"};
    long long ex = 0;
    assert_int_equal(store_exempt_insert(app->db, app->org.id, &e, app->user.id, APPTEST_NOW, &ex), 0);
    assert_int_equal(store_exempt_add_domain(app->db, ex, "*.exempt.example"), 0);
    OK(app, app_discover_ignore_add(app, "*.city.example.lg.jp", "庁内"));
    DiscoverSummary s = run_log(app, "tokatsu", FORMS_LOG);
    assert_int_equal(s.hits_approved, 1);
    assert_int_equal(s.hits_exempt, 1);
    assert_int_equal(s.hits_ignored, 1);
    assert_int_equal(s.hits_unapproved, 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM discovery_findings"), 0);
    /* ending: still in force */
    assert_int_equal(db_exec(app->db, "UPDATE ledger_entries SET state = 'ending'"), 0);
    s = run_log(app, "tokatsu", FORMS_LOG);
    assert_int_equal(s.hits_approved, 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM discovery_findings"), 0);
    /* ended: the service's use is a finding, grouped by the service */
    assert_int_equal(db_exec(app->db, "UPDATE ledger_entries SET state = 'ended'"), 0);
    act_as(app, "admin");
    OK(app, app_discover_ignore_remove(app, "*.city.example.lg.jp"));
    s = run_log(app, "tokatsu", FORMS_LOG);
    assert_int_equal(s.hits_approved, 0);
    assert_int_equal(s.hits_unapproved, 2);
    assert_int_equal(s.hits_exempt, 1);
    Found x = {0};
    list(app, NULL, &x);
    assert_int_equal(x.n, 2);
    long long sid = query_int(app, "SELECT id FROM services WHERE name = 'アンケートフォームC'");
    char key[40];
    snprintf(key, sizeof key, "service:%lld", sid);
    const FindingRow *f = by_key(&x, key);
    assert_non_null(f);
    assert_string_equal(f->label, "アンケートフォームC");
    assert_non_null(by_key(&x, "domain:example.lg.jp"));
    found_free(&x);
}

static void test_review_and_draft(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    setup_org(app);
    run_log(app, "tokatsu", "1775001600 1 10.0.0.1 TCP_MISS/200 1 GET http://app.newsvc.example/ shokuin - -\n");
    long long id = query_int(app, "SELECT id FROM discovery_findings");
    act_as(app, "tokatsu");
    assert_int_equal(app_discover_review(app, id, ""), APP_INVALID);
    OK(app, app_discover_review(app, id, "税務課に確認中"));
    FindingRow f;
    OK(app, app_discover_get(app, id, &f));
    assert_string_equal(f.status, "reviewed");
    assert_string_equal(f.note, "税務課に確認中");
    assert_string_equal(f.reviewed_by, "tokatsu");
    /* The draft: the security officer applies (otokuni 5.2(1)). */
    act_as(app, "sekinin");
    long long app_id = 0;
    OK(app, app_discover_draft(app, id, &app_id));
    assert_true(app_id > 0);
    AppRow r;
    OK(app, app_apply_get(app, app_id, &r));
    assert_int_equal(r.state, APP_DRAFT);
    assert_string_equal(r.service_name, "newsvc.example");
    assert_non_null(strstr(r.doc, "*.newsvc.example"));
    assert_non_null(strstr(r.doc, "app.newsvc.example"));
    assert_non_null(strstr(r.doc, "要記入"));
    act_as(app, "tokatsu");
    OK(app, app_discover_get(app, id, &f));
    assert_string_equal(f.status, "drafted");
    assert_int_equal(f.application_id, app_id);
    /* once drafted: neither again nor a review */
    act_as(app, "sekinin");
    assert_int_equal(app_discover_draft(app, id, NULL), APP_INVALID);
    act_as(app, "tokatsu");
    assert_int_equal(app_discover_review(app, id, "x"), APP_INVALID);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'discover.review'"), 1);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'discover.draft'"), 1);
    /* a later run keeps the status and adds the hits */
    run_log(app, "tokatsu", "1775001700 1 10.0.0.1 TCP_MISS/200 1 GET http://app.newsvc.example/ shokuin - -\n");
    OK(app, app_discover_get(app, id, &f));
    assert_string_equal(f.status, "drafted");
    assert_int_equal(f.hits, 2);
}

static void test_refused_roles(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    setup_org(app);
    act_as(app, "shokuin");
    DiscoverSummary s;
    static const char log[] = "1775001600 1 10.0.0.1 TCP_MISS/200 1 GET http://x.example.com/ shokuin - -\n";
    assert_int_equal(app_discover_buffer(app, PROXY_AUTO, "t.log", log, strlen(log), &s), APP_INVALID);
    assert_true(app->denied);
    assert_non_null(strstr(errtext(app), "システム管理者"));
    assert_int_equal(app_discover_ignore_add(app, "*.x.example", NULL), APP_INVALID);
    assert_true(app->denied);
    Found x = {0};
    assert_int_equal(app_discover_list(app, NULL, keep, &x), APP_INVALID);
    assert_int_equal(query_int(app, "SELECT count(*) FROM discovery_runs"), 0);
    assert_int_equal(query_int(app, "SELECT count(*) FROM discovery_ignores"), 0);
    /* the security officer (applicant role only, otokuni 5.2) may not either;
     * the chief (approver/registrar) and the administrator may */
    act_as(app, "sekinin");
    assert_int_equal(app_discover_buffer(app, PROXY_AUTO, "t.log", log, strlen(log), &s), APP_INVALID);
    run_log(app, "admin", log);
    run_log(app, "tokatsu", log);
    assert_int_equal(query_int(app, "SELECT count(*) FROM discovery_runs"), 2);
    /* daicho's auditor reads but does not run */
    act_as(app, "admin");
    OK(app, app_user_set_auditor(app, "shokuin", 1));
    act_as(app, "shokuin");
    list(app, NULL, &x);
    assert_int_equal(x.n, 1);
    assert_int_equal(app_discover_buffer(app, PROXY_AUTO, "t.log", log, strlen(log), &s), APP_INVALID);
    assert_int_equal(app_discover_review(app, x.rows[0].id, "x"), APP_INVALID);
    found_free(&x);
}

static void test_domains_registered_by_cli_use_case(void **state)
{
    Fx *fx = *state;
    App *app = &fx->app;
    setup_org(app);
    approve_forms_c(app);
    assert_int_equal(db_exec(app->db, "UPDATE ledger_entries SET state = 'ended'"), 0);
    act_as(app, "tokatsu");
    const char *add[] = {"*.Forms-C.example.jp", "cdn.formsc.example.net"};
    OK(app, app_discover_domains(app, "アンケートフォームC", add, 2, NULL, 0, NULL, NULL));
    assert_int_equal(app_discover_domains(app, "無いサービス", add, 1, NULL, 0, NULL, NULL), APP_INVALID);
    const char *bad[] = {"bad domain"};
    assert_int_equal(app_discover_domains(app, "アンケートフォームC", bad, 1, NULL, 0, NULL, NULL), APP_INVALID);
    DiscoverSummary s = run_log(app, "tokatsu",
                                "1775001600 1 h TCP_MISS/200 1 GET http://x.forms-c.example.jp/ u - -\n"
                                "1775001600 1 h TCP_MISS/200 1 GET http://cdn.formsc.example.net/ u - -\n");
    assert_int_equal(s.findings_new, 1); /* both under the one service */
    assert_int_equal(query_int(app, "SELECT hits FROM discovery_findings"), 2);
    assert_int_equal(query_int(app, "SELECT count(*) FROM audit_events WHERE action = 'service.domain.add'"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_findings_merge_across_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entry_exemption_ignore_suppress, setup, teardown),
        cmocka_unit_test_setup_teardown(test_review_and_draft, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_roles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domains_registered_by_cli_use_case, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
