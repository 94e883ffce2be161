/* GET /discover, /api/v1/discover — findings of the discovery of unapproved
 * services, filtered by ?status=open|reviewed|drafted, with the upload
 * forms, the recent runs and the ignore list. Rows are written as the use
 * cases hand them over (each use case resets the App's scratch). */
#include <stdio.h>
#include <string.h>

#include "app/app_discover.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"
#include "web/pages/discover_pages.h"

typedef struct Ctx {
    Web *w;
    int n;
} Ctx;

static int finding_row(void *ctx, const FindingRow *f)
{
    Ctx *c = ctx;
    Str *b = &c->w->rs->body;
    if (c->w->rq->is_api) {
        if (c->n)
            str_appendc(b, ',');
        app_discover_finding_json(f, b);
    } else {
        html(b, "<tr><td><a href=\"/discover/%lld\">%lld</a></td><td><span class=\"state state-%s\">%s</span></td>"
                "<td><a href=\"/discover/%lld\">%s</a></td><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%lld</td><td>",
             f->id, f->id, f->status, app_discover_status_label(f->status), f->id, f->label,
             f->service_id ? "登録済みサービス（台帳なし）" : "未登録のドメイン", f->hits, f->n_hosts, f->n_users);
        admin_time(c->w, b, f->first_seen);
        html(b, "</td><td>");
        admin_time(c->w, b, f->last_seen);
        html(b, "</td><td>");
        if (f->application_id)
            html(b, "<a href=\"/applications/%lld\">申請 %lld</a>", f->application_id, f->application_id);
        html(b, "</td></tr>");
    }
    c->n++;
    return 0;
}

static int run_row(void *ctx, const RunRow *r)
{
    Ctx *c = ctx;
    Str *b = &c->w->rs->body;
    if (c->w->rq->is_api) {
        str_appendf(b, "%s{\"id\":%lld,\"file\":", c->n ? "," : "", r->id);
        str_append_json(b, r->file);
        str_appendf(b, ",\"format\":\"%s\",\"lines\":%lld,\"records\":%lld,\"bad\":%lld,\"bad_lines\":%s,"
                       "\"findings_new\":%d,\"findings_updated\":%d,\"hits_unapproved\":%lld,\"run_by\":",
                    r->format, r->lines, r->records, r->bad, r->bad_lines, r->findings_new, r->findings_updated,
                    r->hits_unapproved);
        str_append_json(b, r->run_by);
        str_append(b, ",\"at\":");
        str_append_json(b, r->at);
        str_appendc(b, '}');
    } else {
        html(b, "<tr><td>");
        admin_time(c->w, b, r->at);
        html(b, "</td><td>%s</td><td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
                "<td class=\"num\">%d</td><td class=\"num\">%d</td><td>%s</td></tr>",
             r->file, r->format, r->lines, r->bad, r->findings_new, r->findings_updated, r->run_by);
    }
    c->n++;
    return 0;
}

static int ignore_row(void *ctx, const IgnoreRow *r)
{
    Ctx *c = ctx;
    Str *b = &c->w->rs->body;
    if (c->w->rq->is_api) {
        str_appendf(b, "%s{\"pattern\":", c->n ? "," : "");
        str_append_json(b, r->pattern);
        str_append(b, ",\"note\":");
        str_append_json(b, r->note);
        str_appendc(b, '}');
    } else {
        html(b, "<li><code>%s</code>%s%s</li>", r->pattern, *r->note ? "　" : "", r->note);
    }
    c->n++;
    return 0;
}

static void upload_forms(Web *w, Str *b)
{
    size_t limit = w->cfg->body_limit;
    html(b, "<section><h2>プロキシログを読み込む</h2>"
            "<p>Squid の access.log（native 形式）か、<code>time,user,host</code> の CSV を読み込みます。"
            "画面から送れるのは <strong>%zu KiB</strong> までです（サーバーの設定 body_limit）。"
            "それより大きいログはサーバーで <code>daicho discover FILE…</code> を実行してください"
            "（何百万行でも一定のメモリで読みます）。</p>",
         limit / 1024);
    html(b, "<form method=\"post\" action=\"/discover/upload\" enctype=\"multipart/form-data\">");
    page_csrf_field(w);
    html(b, "<p><label for=\"log\">ログファイル</label><input id=\"log\" name=\"log\" type=\"file\" required></p>"
            "<p><label for=\"format\">形式</label><select id=\"format\" name=\"format\">"
            "<option value=\"auto\">自動判定</option><option value=\"squid\">Squid access.log</option>"
            "<option value=\"csv\">CSV (time,user,host)</option></select></p>"
            "<p><button type=\"submit\">読み込む</button></p></form>");
    html(b, "<details><summary>ログを貼り付けて読み込む</summary><form method=\"post\" action=\"/discover\">");
    page_csrf_field(w);
    html(b, "<p><label for=\"paste\">ログ（1行に1件）</label><textarea id=\"paste\" name=\"log\" rows=\"8\" required></textarea></p>"
            "<p><label for=\"pformat\">形式</label><select id=\"pformat\" name=\"format\">"
            "<option value=\"auto\">自動判定</option><option value=\"squid\">Squid access.log</option>"
            "<option value=\"csv\">CSV (time,user,host)</option></select></p>"
            "<p><label for=\"pfile\">名前（記録用）</label><input id=\"pfile\" name=\"file\" maxlength=\"200\"></p>"
            "<p><button type=\"submit\">読み込む</button></p></form></details></section>");
}

void page_discover(Web *w)
{
    App *app = w->app;
    Str *b = &w->rs->body;
    const char *status = web_param(w, "status");
    if (status && !*status)
        status = NULL;
    const char *text = NULL;
    const char *clause = app_discover_clause(app->profile, &text);
    Ctx c = {w, 0};
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"findings\":[");
        AppRc rc = app_discover_list(app, status, finding_row, &c);
        if (rc) {
            str_reset(b);
            web_app_failed(w, rc);
            return;
        }
        str_append(b, "],\"runs\":[");
        c.n = 0;
        rc = app_discover_runs(app, 20, run_row, &c);
        str_append(b, "],\"ignore\":[");
        c.n = 0;
        if (rc == APP_OK)
            rc = app_discover_ignore_list(app, ignore_row, &c);
        if (rc) {
            str_reset(b);
            web_app_failed(w, rc);
            return;
        }
        str_appendf(b, "],\"body_limit\":%zu,", w->cfg->body_limit);
        admin_json_clause(b, clause);
        str_appendc(b, '}');
        return;
    }
    page_begin(w, "未承認サービスの検出");
    html(b, "<h1>未承認サービスの検出</h1><p class=\"lead\">プロキシのログから、台帳に利用中の登録がなく申請不要の一覧にもない"
            "外部サービスへの通信を探します（承認を受けていない外部サービスの利用禁止");
    admin_clause(b, clause);
    html(b, "%s%s）。登録済みのドメインに当たるものはそのサービスごとに、それ以外は登録可能ドメインごとにまとめます。</p>",
         text ? "：" : "", text ? text : "");
    html(b, "<form class=\"filters\" method=\"get\" action=\"/discover\"><p><label for=\"status\">状態</label>"
            "<select id=\"status\" name=\"status\"><option value=\"\">すべて</option>");
    static const char *const st[] = {"open", "reviewed", "drafted", NULL};
    for (int i = 0; st[i]; i++)
        html(b, "<option value=\"%s\"%H>%s</option>", st[i], status && strcmp(status, st[i]) == 0 ? " selected" : "",
             app_discover_status_label(st[i]));
    html(b, "</select> <button type=\"submit\">絞り込む</button></p></form>");
    html(b, "<table class=\"list\"><thead><tr><th>番号</th><th>状態</th><th>サービス・ドメイン</th><th>区分</th><th>通信</th>"
            "<th>ホスト</th><th>利用者</th><th>初回</th><th>最終</th><th>申請</th></tr></thead><tbody>");
    AppRc rc = app_discover_list(app, status, finding_row, &c);
    if (rc) {
        str_reset(b);
        web_app_failed(w, rc);
        return;
    }
    if (c.n == 0)
        html(b, "<tr><td colspan=\"10\">該当する検出はありません</td></tr>");
    html(b, "</tbody></table>");
    if (app_discover_may_run(app))
        upload_forms(w, b);
    html(b, "<section><h2>最近の読み込み</h2><table class=\"list\"><thead><tr><th>日時</th><th>ファイル</th><th>形式</th>"
            "<th>行</th><th>不正な行</th><th>新規</th><th>更新</th><th>実行者</th></tr></thead><tbody>");
    c.n = 0;
    app_discover_runs(app, 10, run_row, &c);
    html(b, "</tbody></table></section><section><h2>除外するドメイン（庁内・自組織）</h2><ul>");
    c.n = 0;
    app_discover_ignore_list(app, ignore_row, &c);
    html(b, "</ul>%H<p>変更は <code>daicho discover ignore add|remove</code> で行います。</p></section>",
         c.n ? "" : "<p>ありません。</p>");
    page_end(w);
}
