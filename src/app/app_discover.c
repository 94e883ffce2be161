/* Discovery of unapproved services (app/app_discover.h): who may act,
 * reading findings and runs, and the two things done with a finding —
 * review (a note) and draft (an application prefilled from it). A run
 * itself is in app_discover_run.c, the ignore list and service domains in
 * app_discover_lists.c, the JSON writers in app_discover_json.c. */
#include <stdio.h>
#include <string.h>

#include "app/app_discover.h"
#include "app/app_discover_internal.h"
#include "app/app_internal.h"
#include "domain/host_match.h"

/* ---- who ---- */

int app_discover_may_run(const App *app)
{
    if (!app->acting)
        return 0;
    if (app->actor.is_admin)
        return 1;
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &app->profile->tracks[t];
        if (tr->approver_role >= 0 && (app->actor.roles & ROLE_BIT(tr->approver_role)))
            return 1;
        if (tr->registrar_role >= 0 && (app->actor.roles & ROLE_BIT(tr->registrar_role)))
            return 1;
    }
    return 0;
}

int app_discover_may_read(const App *app) { return app_discover_may_run(app) || (app->acting && app->user.is_auditor); }

const char *app_discover_clause(const Profile *p, const char **text)
{
    for (int i = 0; p && i < p->n_items; i++)
        if (p->items[i].phase == PHASE_OPERATION && strstr(p->items[i].id, "unapproved")) {
            if (text)
                *text = p->items[i].text;
            return p->items[i].clause;
        }
    if (text)
        *text = NULL;
    return NULL;
}

AppRc app_discover_require(App *app, int run)
{
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (run ? app_discover_may_run(app) : app_discover_may_read(app))
        return APP_OK;
    AppRc rc = app_fail(app, APP_INVALID, app_discover_clause(app->profile, NULL),
                        run ? "未承認サービスの検出と確認ができるのはシステム管理者・許可権限者・登録担当者だけです (%s)"
                            : "未承認サービスの検出結果を見られるのはシステム管理者・許可権限者・登録担当者・監査担当だけです (%s)",
                        app->user.login);
    app->denied = 1;
    return rc;
}

/* ---- reading ---- */

AppRc app_discover_list(App *app, const char *status, int (*fn)(void *ctx, const FindingRow *row), void *ctx)
{
    app_scratch(app);
    AppRc rc = app_discover_require(app, 0);
    if (rc)
        return rc;
    if (status && *status && strcmp(status, "open") != 0 && strcmp(status, "reviewed") != 0 &&
        strcmp(status, "drafted") != 0)
        return app_fail(app, APP_INVALID, NULL, "status: '%s' は open / reviewed / drafted のいずれかです", status);
    return store_finding_each(app->db, &app->arena, app->org.id, status && *status ? status : NULL, fn, ctx) != 0
               ? app_dbfail(app)
               : APP_OK;
}

static AppRc load_finding(App *app, long long id, FindingRow *out)
{
    int found = store_finding_get(app->db, &app->arena, app->org.id, id, out);
    if (found < 0)
        return app_dbfail(app);
    return found ? APP_OK : app_fail(app, APP_INVALID, NULL, "検出 %lld はありません", id);
}

AppRc app_discover_get(App *app, long long id, FindingRow *out)
{
    app_scratch(app);
    AppRc rc = app_discover_require(app, 0);
    return rc ? rc : load_finding(app, id, out);
}

AppRc app_discover_seen(App *app, long long id, int users, int (*fn)(void *ctx, const SeenRow *row), void *ctx)
{
    AppRc rc = app_discover_require(app, 0);
    if (rc)
        return rc;
    return store_finding_seen_each(app->db, &app->arena, app->org.id, id, users, fn, ctx) != 0 ? app_dbfail(app)
                                                                                                 : APP_OK;
}

AppRc app_discover_runs(App *app, int limit, int (*fn)(void *ctx, const RunRow *row), void *ctx)
{
    AppRc rc = app_discover_require(app, 0);
    if (rc)
        return rc;
    return store_run_each(app->db, &app->arena, app->org.id, limit, fn, ctx) != 0 ? app_dbfail(app) : APP_OK;
}

/* ---- review and draft ---- */

static AppRc set_status(App *app, const FindingRow *f, const char *status, const char *note, long long app_id,
                        const char *event)
{
    Str data = STR_INIT;
    str_appendf(&data, "{\"from\":\"%s\",\"to\":\"%s\",\"label\":", f->status, status);
    str_append_json(&data, f->label);
    str_append(&data, ",\"note\":");
    str_append_json(&data, note ? note : "");
    if (app_id)
        str_appendf(&data, ",\"application\":%lld", app_id);
    str_appendc(&data, '}');
    AppRc rc = APP_OK;
    int changed = 0;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        (changed = store_finding_set_status(app->db, app->org.id, f->id, status, note, app->user.id, app->now,
                                            app_id)) < 0 ||
        (changed && app_audit(app, event, app_object(app, "finding", f->id), str_cstr(&data)) != 0))
        rc = app_dbfail(app);
    else if (!changed)
        rc = app_fail(app, APP_INVALID, NULL, "検出 %lld はありません", f->id);
    else if (db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_discover_review(App *app, long long id, const char *note)
{
    app_scratch(app);
    FindingRow f;
    AppRc rc = app_discover_require(app, 1);
    if (rc || (rc = load_finding(app, id, &f)))
        return rc;
    if (!note || !*note || strlen(note) > DISCOVER_NOTE_MAX)
        return app_fail(app, APP_INVALID, app_discover_clause(app->profile, NULL),
                        "note: 確認の結果（どう扱うか）を %d バイト以内で記入してください", DISCOVER_NOTE_MAX);
    if (strcmp(f.status, "drafted") == 0)
        return app_fail(app, APP_INVALID, NULL, "検出 %lld は申請 %lld の下書きにしてあります", id, f.application_id);
    return set_status(app, &f, "reviewed", note, 0, "discover.review");
}

typedef struct DomainList {
    Str *json;
    int n;
    long long service_id;
} DomainList;

static int add_domain_json(DomainList *l, const char *d)
{
    char norm[254];
    if (l->n >= 50 || host_pattern_normalize(d, norm) != 0)
        return 0;
    str_append(l->json, l->n++ ? "," : "");
    str_append_json(l->json, norm);
    return 0;
}

static int service_domain_json(void *ctx, long long service_id, const char *name, const char *domain)
{
    (void)name;
    DomainList *l = ctx;
    return service_id == l->service_id ? add_domain_json(l, domain) : 0;
}

static int host_json(void *ctx, const SeenRow *row)
{
    return add_domain_json(ctx, row->name);
}

/* Drafting: those who run discovery, and those who apply (a track's
 * applicant role): in otokuni the security officer applies (5.2(1)) while
 * the chief approves. app_apply_create then checks the role for the track. */
static AppRc require_drafter(App *app)
{
    if (app->acting && !app_discover_may_run(app))
        for (int t = 0; t < TRACK_COUNT; t++) {
            const Track *tr = &app->profile->tracks[t];
            for (int i = 0; i < tr->n_applicant_roles; i++)
                if (app->actor.roles & ROLE_BIT(tr->applicant_roles[i]))
                    return APP_OK;
        }
    return app_discover_require(app, 1);
}

AppRc app_discover_draft(App *app, long long id, long long *app_id)
{
    app_scratch(app);
    FindingRow f;
    AppRc rc = require_drafter(app);
    if (rc || (rc = load_finding(app, id, &f)))
        return rc;
    if (strcmp(f.status, "drafted") == 0)
        return app_fail(app, APP_INVALID, NULL, "検出 %lld はすでに申請 %lld の下書きにしてあります", id,
                        f.application_id);
    /* What is known goes in; the rest is marked for the applicant. The
     * confidentiality is required by every document: the least protected
     * class stands in, and the notes say to correct it. */
    const Scheme *conf = &app->profile->schemes[SCHEME_CONFIDENTIALITY];
    Str json = STR_INIT;
    str_append(&json, "{\"service\":{\"category\":\"other\",\"name\":");
    str_append_json(&json, f.label);
    str_append(&json, ",\"domains\":[");
    DomainList l = {&json, 0, f.service_id};
    int dbrc = 0;
    if (f.service_id)
        dbrc = store_service_domains_each(app->db, app->org.id, service_domain_json, &l);
    else {
        char wild[260];
        snprintf(wild, sizeof wild, "*.%s", f.label);
        add_domain_json(&l, f.label);
        add_domain_json(&l, wild);
    }
    if (dbrc == 0)
        dbrc = store_finding_seen_each(app->db, &app->arena, app->org.id, id, 0, host_json, &l);
    if (dbrc != 0) {
        str_free(&json);
        return app_dbfail(app);
    }
    str_append(&json, "]},\"purpose\":\"（要記入）利用目的を記入してください\",\"notes\":");
    char notes[1200];
    snprintf(notes, sizeof notes,
             "未承認サービスの検出（検出 %lld: %s から %s まで %lld 件の通信）から作成した下書きです。"
             "サービスの種類は仮に「その他」、機密性の区分は仮に「%s」としてあります。"
             "利用部署が利用目的・種類・区分・期間などを確認し、記入・修正してください。",
             f.id, f.first_seen, f.last_seen, f.hits, conf->levels[conf->n_levels - 1].label);
    str_append_json(&json, notes);
    str_append(&json, ",\"information\":{\"confidentiality\":");
    str_append_json(&json, conf->levels[conf->n_levels - 1].code);
    str_append(&json, "}}");
    if (str_failed(&json)) {
        str_free(&json);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    long long new_app = 0;
    rc = app_apply_create(app, "discovery", json.buf, json.len, &new_app);
    str_free(&json);
    if (rc)
        return rc;
    /* app_apply_create reset the scratch arena: read the finding again. */
    if ((rc = load_finding(app, id, &f)))
        return rc;
    char note[200];
    snprintf(note, sizeof note, "申請 %lld の下書きを作成", new_app);
    rc = set_status(app, &f, "drafted", note, new_app, "discover.draft");
    if (rc) {
        Str m = STR_INIT;
        str_appendf(&m, "申請 %lld の下書きは作成しましたが、検出 %lld に記録できませんでした: %s", new_app, id,
                    str_cstr(&app->err));
        str_reset(&app->err);
        str_append(&app->err, str_cstr(&m));
        str_free(&m);
        return rc;
    }
    if (app_id)
        *app_id = new_app;
    return APP_OK;
}
