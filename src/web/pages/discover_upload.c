/* POST /discover (a pasted log), /discover/upload (multipart/form-data: the
 * file in field "log", "format" beside it), /api/v1/discover (the raw log
 * as the body, ?format=auto|squid|csv&file=NAME): one run each
 * (app_discover_buffer). The body is whole in memory, bounded by the
 * server's body_limit (413 beyond): large logs go through the CLI. */
#include <stdio.h>
#include <string.h>

#include "app/app_discover.h"
#include "web/html.h"
#include "web/multipart.h"
#include "web/pages/discover_pages.h"

/* Run and answer: the summary as JSON, or a redirect with it as a message. */
static void run_and_answer(Web *w, const char *format_name, const char *file, const char *data, size_t len)
{
    int format = proxy_format_parse(format_name && *format_name ? format_name : "auto");
    if (format < 0) {
        web_error(w, 400, "format は auto / squid / csv のいずれかです", NULL);
        return;
    }
    if (len == 0) {
        web_error(w, 400, "ログが空です（log）", NULL);
        return;
    }
    DiscoverSummary s;
    AppRc rc = app_discover_buffer(w->app, (ProxyFormat)format, file && *file ? file : "（画面から）", data, len, &s);
    if (web_app_failed(w, rc))
        return;
    if (w->rq->is_api) {
        web_json_begin(w);
        app_discover_summary_json(&s, file && *file ? file : "-", &w->rs->body);
        return;
    }
    Str m = STR_INIT;
    str_appendf(&m, "%lld 行を読みました（不正 %lld 行", s.lines, s.bad);
    for (int i = 0; i < s.n_bad_kept && i < 10; i++)
        str_appendf(&m, "%s%lld", i ? ", " : ": ", s.bad_line[i]);
    if (s.bad > 10)
        str_append(&m, " ほか");
    str_appendf(&m, "）。未承認の通信 %lld 件、検出 新規 %d 件・更新 %d 件", s.hits_unapproved, s.findings_new,
                s.findings_updated);
    web_redirect(w, "/discover", str_cstr(&m));
    str_free(&m);
}

void post_discover_paste(Web *w)
{
    const char *log = web_param(w, "log");
    run_and_answer(w, web_param(w, "format"), web_param(w, "file"), log ? log : "", log ? strlen(log) : 0);
}

void post_discover_upload(Web *w)
{
    Multipart m;
    MultipartPart p;
    Str err = STR_INIT;
    const char *data = NULL, *format = "auto";
    size_t len = 0;
    char file[MULTIPART_NAME_MAX + 1] = "", fmt[16] = "auto";
    int rc = multipart_init(&m, w->rq->content_type, w->rq->body, w->rq->body_len, &err);
    while (rc == 0 && (rc = multipart_next(&m, &p, &err)) == 1) {
        if (strcmp(p.name, "log") == 0 && !data) {
            data = p.data;
            len = p.len;
            snprintf(file, sizeof file, "%s", p.filename);
        } else if (strcmp(p.name, "format") == 0 && p.len < sizeof fmt) {
            memcpy(fmt, p.data, p.len);
            fmt[p.len] = 0;
            format = fmt;
        }
        rc = 0;
    }
    if (rc < 0) {
        Str msg = STR_INIT;
        str_appendf(&msg, "送信内容を読めません: %s", str_cstr(&err));
        web_error(w, 400, str_cstr(&msg), NULL);
        str_free(&msg);
        str_free(&err);
        return;
    }
    str_free(&err);
    if (!data) {
        web_error(w, 400, "ログファイル（log）が送られていません", NULL);
        return;
    }
    run_and_answer(w, format, file, data, len);
}

void post_discover_api(Web *w)
{
    run_and_answer(w, params_get(&w->rq->query, "format"), params_get(&w->rq->query, "file"), w->rq->body,
                   w->rq->body_len);
}
