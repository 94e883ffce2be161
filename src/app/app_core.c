/* The application context: database, time, acting user, messages. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_internal.h"
#include "store/lifecycle.h"
#include "store/migrate.h"

AppRc app_fail(App *app, AppRc rc, const char *clause, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    str_reset(&app->err);
    str_vappendf(&app->err, fmt, ap);
    va_end(ap);
    app->clause = clause;
    if (app->db)
        db_rollback(app->db);
    return rc;
}

AppRc app_dbfail(App *app)
{
    char msg[1100];
    snprintf(msg, sizeof msg, "%s", db_errmsg(app->db));
    db_rollback(app->db);
    str_reset(&app->err);
    str_append(&app->err, msg[0] ? msg : "データベースのエラー (database error)");
    app->clause = NULL;
    db_clear_error(app->db);
    return APP_DBFAIL;
}

void app_scratch(App *app)
{
    arena_free(&app->arena);
    arena_init(&app->arena, NULL, 0);
    str_reset(&app->err);
    app->clause = NULL;
    app->denied = 0;
    app->exempts_extra = NULL;
    app->n_exempts_extra = 0;
    app->exempts_extra_loaded = 0;
    if (clock_now_iso(app->now) != 0)
        fprintf(stderr, "daicho: warning: DAICHO_NOW is not a date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ); using the real clock\n");
    app->today = clock_today_jst();
}

AppRc app_open(App *app, const char *url, int create, ProfileSet *profiles)
{
    memset(app, 0, sizeof *app);
    arena_init(&app->arena, NULL, 0);
    arena_init(&app->session, NULL, 0);
    app->profiles = profiles;
    if (!url || !*url)
        url = getenv("DAICHO_DB");
    if (!url || !*url)
        url = "daicho.db";
    app_scratch(app);
    Str err = STR_INIT;
    app->db = db_open(url, create, &err);
    if (!app->db) {
        str_append(&app->err, str_cstr(&err));
        str_free(&err);
        return APP_DBFAIL;
    }
    str_free(&err);
    if (migrate_up(app->db) != 0)
        return app_dbfail(app);
    return APP_OK;
}

void app_close(App *app)
{
    db_close(app->db);
    app->db = NULL;
    arena_free(&app->arena);
    arena_free(&app->session);
    str_free(&app->err);
}

/* Fill app->actor's role bits from the user's role ids. Unknown ids (a role
 * the profile no longer has) are ignored: they grant nothing. */
static void actor_from_user(App *app)
{
    Actor *a = &app->actor;
    memset(a, 0, sizeof *a);
    a->id = app->user.id;
    a->login = app->user.login;
    a->name = app->user.name;
    a->is_admin = app->user.is_admin;
    a->is_auditor = app->user.is_auditor;
    for (int i = 0; i < app->user.n_roles; i++) {
        int r = profile_role_index(app->profile, app->user.roles[i]);
        if (r >= 0 && r < 64)
            a->roles |= ROLE_BIT(r);
    }
}

AppRc app_act_as(App *app, const char *login)
{
    app->acting = 0;
    if (!login || !*login)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN（または環境変数 DAICHO_USER）で指定してください (no acting user)");
    /* The acting user's rows live as long as the App, not one use case. */
    arena_free(&app->session);
    arena_init(&app->session, NULL, 0);
    int found = store_user_by_login(app->db, &app->session, login, &app->user);
    if (found < 0)
        return app_dbfail(app);
    if (!found || !app->user.active)
        return app_fail(app, APP_INVALID, NULL, "利用者 '%s' は登録されていません (unknown user)", login);
    found = store_org_get(app->db, &app->session, app->user.org_id, &app->org);
    if (found <= 0)
        return found < 0 ? app_dbfail(app) : app_fail(app, APP_INVALID, NULL, "利用者 '%s' の組織がありません", login);
    app->profile = profileset_find(app->profiles, app->org.profile_id);
    if (!app->profile)
        return app_fail(app, APP_INVALID, NULL, "組織 %s のプロファイル '%s' が見つかりません (--profile-file で読み込んでください)",
                        app->org.code, app->org.profile_id);
    actor_from_user(app);
    app->acting = 1;
    return APP_OK;
}

int app_audit(App *app, const char *action, const char *object, const char *data)
{
    return audit_append(app->db, app->now, app->acting ? app->user.login : "system", app->acting ? app->org.id : 0,
                        action, object, data ? data : "{}");
}

const char *app_object(App *app, const char *kind, long long id)
{
    Str s = STR_INIT;
    str_appendf(&s, "%s:%lld", kind, id);
    const char *r = str_failed(&s) ? kind : arena_strdup(&app->arena, str_cstr(&s));
    str_free(&s);
    return r ? r : kind;
}

int app_notify(App *app, const char *kind, const char *role, long long user_id, const char *object,
               const char *message, const char *clause)
{
    return store_notification_insert(app->db, app->org.id, kind, role, user_id, object, message, clause, app->now);
}
