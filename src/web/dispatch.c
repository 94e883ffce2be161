/* From a request to a handler: the route, the session, the access rule of
 * the route, the CSRF token of a state-changing request, the body's
 * parameters. Deny by default: a route without a row is 404, a row's access
 * is checked before its handler runs. */
#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/web.h"

const RouteArea route_areas[] = {
    {"core", routes_core},         {"apply", routes_apply},     {"ledger", routes_ledger}, {"admin", routes_admin},
    {"discover", routes_discover}, {"meeting", routes_meeting}, {"social", routes_social}, {"mail", routes_mail},
    {"contacts", routes_contacts}, {"incident", routes_incident}, {"gate", routes_gate}, {NULL, NULL},
};

/* Whether `path` matches `pattern`; {n} segments (positive numbers) go to rq. */
static int match(const char *pattern, const char *path, Request *rq)
{
    int n = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (p[0] == '*' && p[1] == 0) {
            rq->n_path_args = n;
            return 1; /* the rest of the path, whatever it is */
        }
        if (strncmp(p, "{n}", 3) == 0) {
            if (*s < '1' || *s > '9')
                return 0;
            char *end;
            long long v = strtoll(s, &end, 10);
            if (end - s > 15 || n == WEB_PATH_ARGS)
                return 0;
            rq->path_arg[n++] = v;
            s = end;
            p += 3;
            continue;
        }
        if (*p != *s)
            return 0;
        p++, s++;
    }
    if (*p || *s)
        return 0;
    rq->n_path_args = n;
    return 1;
}

const Route *web_route(Request *rq, int *method_mismatch, const char **allow)
{
    *method_mismatch = 0;
    *allow = NULL;
    const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
    for (const RouteArea *a = route_areas; a->name; a++)
        for (const Route *r = a->table; r->pattern; r++) {
            if (!match(r->pattern, rq->path, rq))
                continue;
            if (strcmp(r->method, method) == 0)
                return r;
            *method_mismatch = 1;
            *allow = r->method;
        }
    return NULL;
}

/* The signed-in user may read the audit trail: the system administrator,
 * an auditor, or anyone holding a role that approves or registers in one of
 * the profile's tracks (the standard's security roles). */
int web_may_audit(const App *app)
{
    if (app->actor.is_admin || app->user.is_auditor)
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

/* The body's parameters: a form, or a flat JSON object (API). */
static int parse_body(Web *w, const Route *r)
{
    Request *rq = w->rq;
    const char *ct = rq->content_type ? rq->content_type : "";
    /* A file upload (multipart/form-data, raw_body routes only): its plain
     * fields become parameters, so that the form's CSRF field is checked
     * like any form's; the handler reads the file from rq->body. */
    int multipart = r->raw_body && strncasecmp(ct, "multipart/form-data", 19) == 0;
    if ((r->raw_body && !multipart) || rq->body_len == 0)
        return 0;
    Str err = STR_INIT;
    int rc = 0;
    if (multipart) {
        rc = multipart_fields(&rq->form, rq->arena, ct, rq->body, rq->body_len, &err);
    } else if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
        rc = form_parse_urlencoded(&rq->form, rq->arena, rq->body, rq->body_len, &err);
    } else if (strncasecmp(ct, "application/json", 16) == 0) {
        rc = form_parse_json(&rq->form, rq->arena, rq->body, rq->body_len, &err);
    } else {
        str_append(&err, "本文の形式（Content-Type）は application/x-www-form-urlencoded か application/json にしてください");
        rc = -1;
    }
    if (rc != 0) {
        Str m = STR_INIT;
        str_appendf(&m, "送信内容を読めません: %s", str_cstr(&err));
        web_error(w, 400, str_cstr(&m), NULL);
        str_free(&m);
    }
    str_free(&err);
    return rc;
}

void web_dispatch(Web *w)
{
    Request *rq = w->rq;
    int mismatch;
    const char *allow;
    const Route *r = web_route(rq, &mismatch, &allow);
    if (!r) {
        if (mismatch) {
            w->rs->allow = allow;
            web_error(w, 405, "この操作はこのURLでは使えません (method not allowed)", NULL);
        } else {
            web_error(w, 404, "ページが見つかりません (not found)", NULL);
        }
        return;
    }
    rq->is_api = r->api;
    app_scratch(w->app);
    /* The worker's App served someone else a moment ago: nobody acts until
     * this request's session says who. */
    w->app->acting = 0;
    if (rq->session_token && *rq->session_token) {
        const char *csrf = NULL;
        AppRc rc = app_session_resume(w->app, rq->session_token, w->cfg->session_minutes, &csrf);
        if (rc == APP_OK) {
            w->signed_in = 1;
            w->csrf = csrf;
        } else if (rc == APP_DBFAIL) {
            web_error(w, 503, "データベースに接続できません。しばらくしてから再度お試しください。", NULL);
            return;
        }
        app_scratch(w->app);
    }
    if (r->access != ACCESS_PUBLIC && !w->signed_in) {
        if (r->api) {
            web_error(w, 401, "ログインしてください (not signed in)", NULL);
        } else {
            Str to = STR_INIT;
            str_append(&to, "/login?next=");
            url_encode(&to, rq->path);
            w->rs->status = 303;
            w->rs->location = arena_strdup(rq->arena, str_cstr(&to));
            str_free(&to);
        }
        return;
    }
    if ((r->access == ACCESS_ADMIN && !w->app->actor.is_admin) || (r->access == ACCESS_AUDIT && !web_may_audit(w->app))) {
        web_error(w, 403, r->access == ACCESS_ADMIN ? "この画面はシステム管理者のみ使えます" : "監査記録を見られるのは監査担当・システム管理者・許可権限者です", NULL);
        return;
    }
    if (parse_body(w, r) != 0)
        return;
    /* Every state-changing request of a signed-in user carries the session's
     * CSRF token (the login form has its own, see page_login). */
    if (strcmp(r->method, "POST") == 0 && r->access != ACCESS_PUBLIC && !web_csrf_ok(w)) {
        web_error(w, 403, "フォームの有効期限が切れたか、不正な送信です。画面を開き直してから操作してください (CSRF token missing or wrong)", NULL);
        return;
    }
    /* A message for the page after a redirect ("第3号を承認しました") comes
     * in a short-lived cookie the server set, never from the URL (which
     * anyone could write into a link). Shown once, then cleared. */
    if (rq->flash_cookie && *rq->flash_cookie && !r->api) {
        Params p = {0};
        Str m = STR_INIT, err = STR_INIT;
        str_append(&m, "m=");
        str_append(&m, rq->flash_cookie);
        if (!str_failed(&m) && form_parse_urlencoded(&p, rq->arena, m.buf, m.len, &err) == 0)
            w->flash = params_get(&p, "m");
        str_free(&m);
        str_free(&err);
        web_set_cookie(w, WEB_FLASH_COOKIE, "", 0);
    }
    r->handler(w);
}
