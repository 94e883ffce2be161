/* Signing in and out, the static files, health and metrics. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/assets.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/metrics.h"
#include "web/pages.h"
#include "web/web.h"

/* Only a local path may be the target after login (no open redirect). */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strpbrk(next, "\r\n"))
        return "/";
    return next;
}

static void login_form(Web *w, const char *login, const char *message)
{
    /* The login form's own CSRF token: a random value in a cookie and in the
     * form, compared on POST (there is no session yet to hold it). */
    unsigned char raw[16];
    char token[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);
    web_set_cookie(w, WEB_LOGIN_COOKIE, token, 3600);
    Str *b = &w->rs->body;
    page_begin(w, "ログイン");
    html(b, "<section class=\"login\"><h1>ログイン</h1>");
    if (message)
        html(b, "<p class=\"error\" role=\"alert\">%s</p>", message);
    html(b,
         "<form method=\"post\" action=\"/login\">"
         "<input type=\"hidden\" name=\"login_csrf\" value=\"%s\">"
         "<input type=\"hidden\" name=\"next\" value=\"%s\">"
         "<p><label for=\"login\">ログイン名</label><input id=\"login\" name=\"login\" value=\"%s\" autocomplete=\"username\" required autofocus></p>"
         "<p><label for=\"password\">パスワード</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>"
         "<p><button type=\"submit\">ログイン</button></p></form></section>",
         token, safe_next(web_param(w, "next")), login ? login : "");
    page_end(w);
}

static void get_login(Web *w)
{
    if (w->signed_in) {
        web_redirect(w, "/", NULL);
        return;
    }
    login_form(w, NULL, NULL);
}

static void start_session(Web *w, const char *token)
{
    char cookie[80];
    snprintf(cookie, sizeof cookie, "%s", token);
    /* A browser-session cookie: closing the browser ends it; the server
     * ends it after the configured idle time. */
    web_set_cookie(w, WEB_SESSION_COOKIE, cookie, -1);
}

static void post_login(Web *w)
{
    const char *login = web_param(w, "login"), *password = web_param(w, "password");
    const char *given = web_param(w, "login_csrf"), *expected = w->rq->login_cookie;
    if (!given || !expected || strlen(given) != strlen(expected) || sodium_memcmp(given, expected, strlen(given)) != 0) {
        w->rs->status = 403;
        login_form(w, login, "フォームの有効期限が切れました。もう一度ログインしてください。");
        return;
    }
    char token[65], csrf[65];
    AppRc rc = app_login(w->app, login ? login : "", password ? password : "", w->rq->remote, w->cfg->session_minutes, token, csrf);
    if (rc == APP_DBFAIL) {
        web_app_failed(w, rc);
        return;
    }
    if (rc != APP_OK) {
        w->rs->status = 401;
        login_form(w, login, str_cstr(&w->app->err));
        return;
    }
    start_session(w, token);
    web_set_cookie(w, WEB_LOGIN_COOKIE, "", 0);
    web_redirect(w, safe_next(web_param(w, "next")), NULL);
}

/* API clients sign in with JSON {"login", "password"} and get the CSRF token
 * to send as X-CSRF-Token (a cross-site page cannot send JSON without CORS). */
static void api_login(Web *w)
{
    const char *ct = w->rq->content_type ? w->rq->content_type : "";
    if (strncasecmp(ct, "application/json", 16) != 0) {
        web_error(w, 415, "application/json で {\"login\": …, \"password\": …} を送ってください", NULL);
        return;
    }
    const char *login = web_param(w, "login"), *password = web_param(w, "password");
    if (!login || !password) {
        web_error(w, 400, !login ? "login がありません" : "password がありません", NULL);
        return;
    }
    char token[65], csrf[65];
    AppRc rc = app_login(w->app, login, password, w->rq->remote, w->cfg->session_minutes, token, csrf);
    if (rc != APP_OK) {
        if (rc == APP_DBFAIL)
            web_app_failed(w, rc);
        else
            web_error(w, 401, str_cstr(&w->app->err), NULL);
        return;
    }
    start_session(w, token);
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_append(b, "{\"login\":");
    str_append_json(b, w->app->user.login);
    str_append(b, ",\"csrf\":");
    str_append_json(b, csrf);
    str_append(b, "}");
}

static void post_logout(Web *w)
{
    app_logout(w->app, w->rq->session_token);
    web_set_cookie(w, WEB_SESSION_COOKIE, "", 0);
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(&w->rs->body, "{\"signed_out\":true}");
        return;
    }
    web_redirect(w, "/login", "ログアウトしました");
}

static void api_me(Web *w)
{
    App *app = w->app;
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_append(b, "{\"login\":");
    str_append_json(b, app->user.login);
    str_append(b, ",\"name\":");
    str_append_json(b, app->user.name);
    str_append(b, ",\"organization\":");
    str_append_json(b, app->org.name);
    str_append(b, ",\"profile\":");
    str_append_json(b, app->org.profile_id);
    str_appendf(b, ",\"is_admin\":%s,\"is_auditor\":%s,\"roles\":[", app->actor.is_admin ? "true" : "false",
                app->user.is_auditor ? "true" : "false");
    for (int i = 0; i < app->user.n_roles; i++) {
        if (i)
            str_appendc(b, ',');
        str_append_json(b, app->user.roles[i]);
    }
    str_append(b, "],\"csrf\":");
    str_append_json(b, w->csrf);
    str_append(b, "}");
}

static void get_static(Web *w)
{
    for (const WebAsset *a = web_assets; a->path; a++) {
        if (strcmp(a->path, w->rq->path) != 0)
            continue;
        w->rs->content_type = a->content_type;
        w->rs->etag = a->etag;
        /* The ETag changes with the content; a day's caching suits pages
         * that link the assets without a version in the URL. */
        w->rs->cache_control = "public, max-age=86400";
        w->rs->static_body = a->data;
        w->rs->static_len = a->len;
        return;
    }
    web_error(w, 404, "ファイルが見つかりません (not found)", NULL);
}

static void get_healthz(Web *w)
{
    long long one = 0;
    int ok = db_query_int(w->app->db, "SELECT 1", &one) == 0 && one == 1;
    w->rs->content_type = "application/json; charset=utf-8";
    w->rs->status = ok ? 200 : 503;
    str_append(&w->rs->body, ok ? "{\"status\":\"ok\"}" : "{\"status\":\"database unavailable\"}");
}

static const char SQL_APPS_BY_STATE[] = "SELECT state, count(*) FROM applications GROUP BY state ORDER BY state";

static void get_metrics(Web *w)
{
    w->rs->content_type = "text/plain; version=0.0.4; charset=utf-8";
    Str *b = &w->rs->body;
    metrics_write(b);
    str_append(b, "# HELP daicho_applications Applications by state (all organizations).\n# TYPE daicho_applications gauge\n");
    DbStmt *st = db_prepare(w->app->db, SQL_APPS_BY_STATE);
    while (st && db_step(st) == DB_ROW)
        str_appendf(b, "daicho_applications{state=\"%s\"} %lld\n", db_col_text(st, 0), db_col_int(st, 1));
    db_reset(st);
}

const Route routes_core[] = {
    {"GET", "/", page_dashboard, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/dashboard", page_dashboard, ACCESS_USER, 1, 0},
    {"GET", "/login", get_login, ACCESS_PUBLIC, 0, 0},
    {"POST", "/login", post_login, ACCESS_PUBLIC, 0, 0},
    {"POST", "/logout", post_logout, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/login", api_login, ACCESS_PUBLIC, 1, 0},
    {"POST", "/api/v1/logout", post_logout, ACCESS_USER, 1, 0},
    {"GET", "/api/v1/me", api_me, ACCESS_USER, 1, 0},
    {"GET", "/static/*", get_static, ACCESS_PUBLIC, 0, 0},
    {"GET", "/healthz", get_healthz, ACCESS_PUBLIC, 1, 0},
    {"GET", "/metrics", get_metrics, ACCESS_PUBLIC, 0, 0},
    {0, 0, 0, 0, 0, 0},
};
