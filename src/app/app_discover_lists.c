/* The lists behind discovery (app/app_discover.h): the organization's
 * ignore list (its own domains, left out of every run) and the domains
 * registered on a service (what groups a host under the service and, for
 * a service in force, approves it). Each change is one transaction with
 * its audit event. */
#include <string.h>

#include "app/app_discover.h"
#include "app/app_discover_internal.h"
#include "app/app_internal.h"
#include "domain/host_match.h"

/* Add (`adding`) or remove an ignore-list pattern: one transaction with
 * the event "discover.ignore.add" / ".remove", whose data names the
 * pattern (and, when adding, the note). */
static AppRc ignore_change(App *app, const char *pattern, const char *note, int adding)
{
    app_scratch(app);
    AppRc rc = app_discover_require(app, 1);
    if (rc)
        return rc;
    char norm[254];
    if (!pattern || host_pattern_normalize(pattern, norm) != 0)
        return app_fail(app, APP_INVALID, NULL, "'%s' はホスト名か *.ドメイン の形ではありません", pattern ? pattern : "");
    if (adding && note && strlen(note) > DISCOVER_NOTE_MAX)
        return app_fail(app, APP_INVALID, NULL, "note: %d バイト以内で記入してください", DISCOVER_NOTE_MAX);
    Str data = STR_INIT;
    str_append(&data, "{\"pattern\":");
    str_append_json(&data, norm);
    if (adding) {
        str_append(&data, ",\"note\":");
        str_append_json(&data, note ? note : "");
    }
    str_appendc(&data, '}');
    int changed = 0;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        (changed = adding ? store_ignore_add(app->db, app->org.id, norm, note, app->user.id, app->now)
                          : store_ignore_remove(app->db, app->org.id, norm)) < 0)
        rc = app_dbfail(app);
    else if (!changed)
        rc = app_fail(app, APP_INVALID, NULL,
                      adding ? "%s はすでに除外リストにあります" : "%s は除外リストにありません", norm);
    else if (app_audit(app, adding ? "discover.ignore.add" : "discover.ignore.remove", "discovery_ignores",
                       str_cstr(&data)) != 0 ||
             db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_discover_ignore_add(App *app, const char *pattern, const char *note)
{
    return ignore_change(app, pattern, note, 1);
}

AppRc app_discover_ignore_remove(App *app, const char *pattern) { return ignore_change(app, pattern, NULL, 0); }

AppRc app_discover_ignore_list(App *app, int (*fn)(void *ctx, const IgnoreRow *row), void *ctx)
{
    app_scratch(app);
    AppRc rc = app_discover_require(app, 0);
    if (rc)
        return rc;
    return store_ignore_each(app->db, &app->arena, app->org.id, fn, ctx) != 0 ? app_dbfail(app) : APP_OK;
}

typedef struct DomainEach {
    long long service_id;
    int (*fn)(void *ctx, const char *domain);
    void *ctx;
} DomainEach;

static int domain_each(void *ctx, long long service_id, const char *name, const char *domain)
{
    (void)name;
    DomainEach *d = ctx;
    return service_id == d->service_id ? d->fn(d->ctx, domain) : 0;
}

AppRc app_discover_domains(App *app, const char *service, const char **add, int n_add, const char **remove,
                           int n_remove, int (*fn)(void *ctx, const char *domain), void *ctx)
{
    app_scratch(app);
    AppRc rc = app_discover_require(app, n_add || n_remove);
    if (rc)
        return rc;
    long long sid = 0;
    int found = store_service_by_name(app->db, app->org.id, service ? service : "", &sid);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "サービス「%s」は登録されていません（申請か台帳にある名称で指定してください）",
                        service ? service : "");
    if (n_add || n_remove) {
        char norm[254];
        for (int i = 0; i < n_add + n_remove; i++) {
            const char *d = i < n_add ? add[i] : remove[i - n_add];
            if (host_pattern_normalize(d, norm) != 0)
                return app_fail(app, APP_INVALID, NULL, "'%s' はホスト名か *.ドメイン の形ではありません", d);
        }
        if (audit_begin(app->db) != 0)
            return app_dbfail(app);
        for (int i = 0; i < n_add + n_remove; i++) {
            int adding = i < n_add;
            host_pattern_normalize(adding ? add[i] : remove[i - n_add], norm);
            int r = adding ? store_service_domain_add(app->db, sid, norm) : store_service_domain_remove(app->db, sid, norm);
            if (r < 0)
                return app_dbfail(app);
            if (!adding && r == 0)
                return app_fail(app, APP_INVALID, NULL, "%s は「%s」に登録されていません", norm, service);
            Str data = STR_INIT;
            str_append(&data, "{\"domain\":");
            str_append_json(&data, norm);
            str_appendc(&data, '}');
            int bad = str_failed(&data) || app_audit(app, adding ? "service.domain.add" : "service.domain.remove",
                                                     app_object(app, "service", sid), str_cstr(&data)) != 0;
            str_free(&data);
            if (bad)
                return app_dbfail(app);
        }
        if (db_commit(app->db) != 0)
            return app_dbfail(app);
    }
    DomainEach de = {sid, fn, ctx};
    if (fn && store_service_domains_each(app->db, app->org.id, domain_each, &de) != 0)
        return app_dbfail(app);
    return APP_OK;
}
