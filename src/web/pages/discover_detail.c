/* GET /discover/{n}, /api/v1/discover/{n} — one finding: what it is, its
 * hosts and users (with the department when the user is a daicho login),
 * and the review and draft forms; POST …/{n}/review (note), …/{n}/draft. */
#include <stdio.h>
#include <string.h>

#include "app/app_discover.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"
#include "web/pages/discover_pages.h"

typedef struct Ctx {
    Web *w;
    int users, n;
} Ctx;

static int seen_row(void *ctx, const SeenRow *s)
{
    Ctx *c = ctx;
    Str *b = &c->w->rs->body;
    if (c->w->rq->is_api) {
        if (c->n)
            str_appendc(b, ',');
        app_discover_seen_json(s, c->users, b);
    } else {
        html(b, "<tr><td>%s</td>", s->name);
        if (c->users)
            html(b, "<td>%s</td><td>%s</td>", s->display ? s->display : "", s->department ? s->department : "");
        html(b, "<td class=\"num\">%lld</td><td>", s->hits);
        admin_time(c->w, b, s->first_seen);
        html(b, "</td><td>");
        admin_time(c->w, b, s->last_seen);
        html(b, "</td></tr>");
    }
    c->n++;
    return 0;
}

void page_discover_finding(Web *w)
{
    App *app = w->app;
    Str *b = &w->rs->body;
    long long id = w->rq->path_arg[0];
    FindingRow f;
    AppRc rc = app_discover_get(app, id, &f);
    if (rc == APP_INVALID && !app->denied) {
        web_error(w, 404, str_cstr(&app->err), NULL);
        return;
    }
    if (web_app_failed(w, rc))
        return;
    const char *text = NULL;
    const char *clause = app_discover_clause(app->profile, &text);
    Ctx h = {w, 0, 0}, u = {w, 1, 0};
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"finding\":");
        app_discover_finding_json(&f, b);
        str_append(b, ",\"hosts\":[");
        rc = app_discover_seen(app, id, 0, seen_row, &h);
        str_append(b, "],\"users\":[");
        if (rc == APP_OK)
            rc = app_discover_seen(app, id, 1, seen_row, &u);
        str_append(b, "],");
        admin_json_clause(b, clause);
        str_appendc(b, '}');
        if (rc) {
            str_reset(b);
            web_app_failed(w, rc);
        }
        return;
    }
    char title[320];
    snprintf(title, sizeof title, "検出 %lld: %s", f.id, f.label);
    page_begin(w, title);
    html(b, "<p><a href=\"/discover\">← 未承認サービスの検出</a></p><h1>検出 %lld: %s <span class=\"state state-%s\">%s</span></h1>",
         f.id, f.label, f.status, app_discover_status_label(f.status));
    html(b, "<p class=\"lead\">%s", f.service_id ? "登録済みのサービスですが、利用中（利用中・終了手続中）の台帳がありません。"
                                                 : "どのサービスにも登録されていないドメインです。");
    html(b, "承認を受けていない外部サービスの利用禁止");
    admin_clause(b, clause);
    html(b, "%s%s</p>", text ? "：" : "", text ? text : "");
    html(b, "<dl class=\"fields\"><dt>通信</dt><dd>%lld 件（%d 回の読み込み）</dd><dt>初回</dt><dd>", f.hits, f.runs);
    admin_time(w, b, f.first_seen);
    html(b, "</dd><dt>最終</dt><dd>");
    admin_time(w, b, f.last_seen);
    html(b, "</dd>");
    if (strcmp(f.status, "open") != 0) {
        html(b, "<dt>確認</dt><dd>%s（%s、", f.note, f.reviewed_by ? f.reviewed_by : "");
        admin_time(w, b, f.reviewed_at);
        html(b, "）</dd>");
    }
    if (f.application_id)
        html(b, "<dt>申請</dt><dd><a href=\"/applications/%lld\">申請 %lld（下書き）</a></dd>", f.application_id,
             f.application_id);
    html(b, "</dl><section><h2>ホスト</h2><table class=\"list\"><thead><tr><th>ホスト</th><th>通信</th><th>初回</th>"
            "<th>最終</th></tr></thead><tbody>");
    rc = app_discover_seen(app, id, 0, seen_row, &h);
    html(b, "</tbody></table></section><section><h2>利用者</h2><p>プロキシの認証名（なければ端末のアドレス）。daicho の利用者と同じ名前なら氏名と所属を示します。</p>"
            "<table class=\"list\"><thead><tr><th>利用者</th><th>氏名</th><th>所属</th><th>通信</th><th>初回</th><th>最終</th></tr>"
            "</thead><tbody>");
    if (rc == APP_OK)
        rc = app_discover_seen(app, id, 1, seen_row, &u);
    html(b, "</tbody></table></section>");
    if (rc) {
        str_reset(b);
        web_app_failed(w, rc);
        return;
    }
    if (strcmp(f.status, "drafted") != 0 && app_discover_may_run(app)) {
        html(b, "<section><h2>確認する</h2><form method=\"post\" action=\"/discover/%lld/review\">", f.id);
        page_csrf_field(w);
        html(b, "<p><label for=\"note\">確認の結果（どう扱うか）</label><textarea id=\"note\" name=\"note\" rows=\"3\" "
                "maxlength=\"2000\" required>%s</textarea></p><p><button type=\"submit\">確認済みにする</button></p></form>"
                "<form method=\"post\" action=\"/discover/%lld/draft\">",
             f.note ? f.note : "", f.id);
        page_csrf_field(w);
        html(b, "<p>利用を続ける必要があるなら、サービス名とドメインを記入した申請の下書きを作ります（作成者が申請者になります。"
                "利用目的・区分などは申請者が記入します）。</p><p><button type=\"submit\" class=\"secondary\">申請の下書きを作る</button></p>"
                "</form></section>");
    }
    page_end(w);
}

void post_discover_review(Web *w)
{
    long long id = w->rq->path_arg[0];
    AppRc rc = app_discover_review(w->app, id, web_param(w, "note"));
    if (web_app_failed(w, rc))
        return;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"id\":%lld,\"status\":\"reviewed\"}", id);
        return;
    }
    char to[64];
    snprintf(to, sizeof to, "/discover/%lld", id);
    web_redirect(w, to, "確認済みにしました");
}

void post_discover_draft(Web *w)
{
    long long id = w->rq->path_arg[0], app_id = 0;
    AppRc rc = app_discover_draft(w->app, id, &app_id);
    if (web_app_failed(w, rc))
        return;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(&w->rs->body, "{\"id\":%lld,\"status\":\"drafted\",\"application\":%lld}", id, app_id);
        return;
    }
    char to[64];
    snprintf(to, sizeof to, "/applications/%lld", app_id);
    web_redirect(w, to, "検出から申請の下書きを作りました。利用目的などを記入してください");
}
