/* What every handler needs to answer: errors (HTML or JSON), redirects,
 * cookies, the CSRF check, parameters. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/web.h"

enum { FLASH_MAX = 900 };

void web_json_begin(Web *w)
{
    w->rs->content_type = "application/json; charset=utf-8";
    str_reset(&w->rs->body);
}

void web_error(Web *w, int status, const char *message, const char *clause)
{
    Response *rs = w->rs;
    rs->status = status;
    rs->location = NULL;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(&rs->body, "{\"error\":");
        str_append_json(&rs->body, message);
        if (clause) {
            str_append(&rs->body, ",\"clause\":");
            str_append_json(&rs->body, clause);
        }
        str_appendf(&rs->body, ",\"status\":%d}", status);
        return;
    }
    rs->content_type = "text/html; charset=utf-8";
    str_reset(&rs->body);
    char title[64];
    snprintf(title, sizeof title, "%s",
             status == 403 ? "権限がありません" : status == 404 ? "見つかりません" : status >= 500 ? "システムエラー" : "受け付けられません");
    page_begin(w, title);
    html(&rs->body, "<section class=\"error\"><h1>%s</h1><p class=\"message\">%s</p>", title, message);
    if (clause)
        html(&rs->body, "<p class=\"clause\">根拠: %s</p>", clause);
    html(&rs->body, "<p><a href=\"/\">ダッシュボードへ戻る</a></p></section>");
    page_end(w);
}

int web_app_failed(Web *w, AppRc rc)
{
    if (rc == APP_OK)
        return 0;
    App *app = w->app;
    int status = rc == APP_DBFAIL ? 503 : app->denied ? 403 : 422;
    web_error(w, status, app->err.len ? str_cstr(&app->err) : "処理できませんでした", app->clause);
    return 1;
}

void web_set_cookie(Web *w, const char *name, const char *value, int max_age)
{
    Response *rs = w->rs;
    if (rs->n_cookies >= (int)(sizeof rs->set_cookie / sizeof rs->set_cookie[0]))
        return;
    char age[32] = "";
    if (max_age >= 0)
        snprintf(age, sizeof age, "; Max-Age=%d", max_age);
    snprintf(rs->set_cookie[rs->n_cookies++], sizeof rs->set_cookie[0], "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name,
             value, age, w->cfg->https ? "; Secure" : "");
}

void web_redirect(Web *w, const char *path, const char *message)
{
    w->rs->status = 303;
    w->rs->location = arena_strdup(w->rq->arena, path);
    if (message && *message) {
        /* The cookie carries at most FLASH_MAX encoded bytes: a longer
         * message is cut at a character boundary. */
        size_t keep = 0, encoded = 0;
        for (const unsigned char *p = (const unsigned char *)message; *p; p++) {
            int unreserved = (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || strchr("-_.~", *p);
            encoded += unreserved ? 1 : 3; /* as url_encode() writes it */
            if (encoded > FLASH_MAX)
                break;
            if ((p[1] & 0xC0) != 0x80)  /* the next byte starts a character */
                keep = (size_t)(p - (const unsigned char *)message) + 1;
        }
        char *cut = arena_strndup(w->rq->arena, message, keep);
        Str v = STR_INIT;
        url_encode(&v, cut ? cut : "");
        if (!str_failed(&v))
            web_set_cookie(w, WEB_FLASH_COOKIE, str_cstr(&v), 60);
        str_free(&v);
    }
}

int web_csrf_ok(const Web *w)
{
    const char *given = params_get(&w->rq->form, "csrf");
    if (!given)
        given = w->rq->csrf_header;
    if (!given || !w->csrf || !*w->csrf)
        return 0;
    size_t n = strlen(w->csrf);
    return strlen(given) == n && sodium_memcmp(given, w->csrf, n) == 0;
}

const char *web_param(const Web *w, const char *name)
{
    const char *v = params_get(&w->rq->form, name);
    return v ? v : params_get(&w->rq->query, name);
}
