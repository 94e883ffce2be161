/* GET /applications and /api/v1/applications: the organization's
 * applications, newest first, filtered by state and "mine", a page at a
 * time. Who reads the list follows who may open an application: audit
 * readers see every application, anyone else only their own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/apply_pages.h"

typedef struct List {
    Web *w;
    Str rows;
    int n;         /* rows written (at most APPLY_PAGE_ROWS) */
    int more;      /* there is a row after this page */
} List;

static int list_row(void *ctx, const AppRow *r)
{
    List *l = ctx;
    if (l->n == APPLY_PAGE_ROWS) {
        l->more = 1;   /* the one row fetched beyond the page only tells that there is a next page */
        return 1;
    }
    const Profile *p = l->w->app->profile;
    if (l->w->rq->is_api) {
        str_append(&l->rows, l->n ? "," : "");
        str_append(&l->rows, "{");
        apply_row_json_members(&l->rows, r);
        str_appendf(&l->rows, ",\"state_label\":\"%s\",\"verdict_label\":", app_state_labels[r->state]);
        str_append_json(&l->rows, apply_verdict_label(r->verdict));
        str_append(&l->rows, "}");
        l->n++;
        return 0;
    }
    l->n++;
    Str *o = &l->rows;
    const char *verdict = r->verdict ? r->verdict : "";
    html(o, "<tr><td class=\"id\"><a href=\"/applications/%lld\">申請 %lld</a></td><td>%s%s%s</td><td>%s</td>"
            "<td><span class=\"state state-%s\">%s</span></td><td class=\"verdict-%s\">%s</td><td>%s<br><small>%s</small></td><td>",
         r->id, r->id, r->service_name, r->function && *r->function ? "／" : "", r->function ? r->function : "",
         p->tracks[r->track].label, app_state_names[r->state], app_state_labels[r->state], verdict,
         apply_verdict_label(verdict), r->applicant_name ? r->applicant_name : "", r->department ? r->department : "");
    page_date(l->w, o, r->created_at);
    html(o, "</td><td>");
    page_date(l->w, o, r->submitted_at);
    html(o, "</td><td>");
    page_date(l->w, o, r->decided_at);
    html(o, "</td></tr>");
    return 0;
}

/* A positive page number from the query; 1 when absent or not a number. */
static int page_param(const char *s)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;
    return s && *s && !*end && v >= 1 && v <= 100000 ? (int)v : 1;
}

static void pager_link(Str *b, int page, int st, int mine, const char *label)
{
    html(b, "<a href=\"/applications?page=%d%H%s%H\">%s</a>", page, st >= 0 ? "&amp;state=" : "",
         st >= 0 ? app_state_names[st] : "", mine ? "&amp;mine=1" : "", label);
}

void apply_list(Web *w)
{
    App *app = w->app;
    const char *state = web_param(w, "state"), *mine_p = web_param(w, "mine");
    int st = state && *state ? state_index(app_state_names, state) : -1;
    if (state && *state && st < 0) {
        web_error(w, 400, "state は draft, submitted, returned, approved, rejected, withdrawn のいずれかです", NULL);
        return;
    }
    int all_allowed = web_may_audit(app);
    /* Those who may not read others' applications see their own whatever
     * they ask: the filter is a right here, not a preference. */
    int mine = !all_allowed || (mine_p && (!strcmp(mine_p, "1") || !strcmp(mine_p, "on") || !strcmp(mine_p, "true")));
    int page = page_param(web_param(w, "page"));
    AppFilter f = {.org_id = app->org.id, .state = st, .applicant_id = mine ? app->user.id : 0,
                   .limit = APPLY_PAGE_ROWS + 1, .offset = (page - 1) * APPLY_PAGE_ROWS};
    List l = {.w = w};
    if (store_app_each(app->db, &app->arena, &f, list_row, &l) < 0) {
        str_free(&l.rows);
        web_app_failed(w, app_dbfail(app));
        return;
    }
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{\"applications\":[");
        str_append(b, str_cstr(&l.rows));
        str_appendf(b, "],\"page\":%d,\"per_page\":%d,\"has_next\":%s,\"mine\":%s}", page, APPLY_PAGE_ROWS,
                    l.more ? "true" : "false", mine ? "true" : "false");
        str_free(&l.rows);
        return;
    }
    page_begin(w, "申請一覧");
    html(b, "<h1>申請一覧</h1><p class=\"actions\"><a class=\"button\" href=\"/applications/new\">外部サービスの利用を申請する</a></p>");
    html(b, "<form class=\"filters\" method=\"get\" action=\"/applications\"><p><label for=\"state\">状態</label>"
            "<select id=\"state\" name=\"state\"><option value=\"\">すべて</option>");
    for (int i = 0; i < APP_STATE_COUNT; i++)
        html(b, "<option value=\"%s\"%H>%s</option>", app_state_names[i], i == st ? " selected" : "", app_state_labels[i]);
    html(b, "</select></p>");
    if (all_allowed)
        html(b, "<p><label><input type=\"checkbox\" name=\"mine\" value=\"1\"%H> 自分の申請だけ</label></p>",
             mine ? " checked" : "");
    html(b, "<p><button type=\"submit\" class=\"secondary\">絞り込む</button></p></form>");
    if (!all_allowed)
        html(b, "<p class=\"note\">自分の申請を表示しています（他の職員の申請を見られるのは許可権限者・台帳を登録する役割の職員、システム管理者、監査担当です）。</p>");
    html(b, "<section><h2>申請 <small>%d件%s</small></h2>", l.n, page > 1 || l.more ? "（このページ）" : "");
    if (!l.n)
        html(b, "<p class=\"empty\">該当する申請はありません。</p>");
    else
        html(b, "<table class=\"list applications\"><thead><tr><th>申請</th><th>サービス</th><th>区分</th><th>状態</th><th>判定</th>"
                "<th>申請者</th><th>作成日</th><th>提出日</th><th>決定日</th></tr></thead><tbody>%H</tbody></table>",
             str_cstr(&l.rows));
    if (page > 1 || l.more) {
        html(b, "<nav class=\"pager\" aria-label=\"ページ\">");
        if (page > 1)
            pager_link(b, page - 1, st, mine && all_allowed, "← 前へ");
        html(b, "<span>%d ページ</span>", page);
        if (l.more)
            pager_link(b, page + 1, st, mine && all_allowed, "次へ →");
        html(b, "</nav>");
    }
    html(b, "</section>");
    page_end(w);
    str_free(&l.rows);
}
