/* GET /notifications, /api/v1/notifications: the outbox rows addressed to
 * the signed-in user, newest first, with whether the mail went out. The
 * administrator may add ?all=1 to see every row of the organization with
 * the mail errors kept on them (a failed mail is retried, never dropped). */
#include <string.h>

#include "app/app_outbox.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"

typedef struct NotePage {
    Web *w;
    Str rows;
    int n, all;
} NotePage;

static const char *mail_state(const OutboxRow *r)
{
    if (r->sent_at)
        return "sent";
    if (!r->email || !*r->email)
        return "no_address";
    return r->attempts ? "retrying" : "pending";
}

static int note_row(void *ctx, const OutboxRow *r)
{
    NotePage *pg = ctx;
    Web *w = pg->w;
    Str *o = &pg->rows;
    const char *state = mail_state(r);
    if (w->rq->is_api) {
        str_appendf(o, "%s{\"id\":%lld,\"kind\":", pg->n++ ? "," : "", r->id);
        str_append_json(o, r->kind);
        str_append(o, ",\"subject\":");
        str_append_json(o, r->subject);
        str_append(o, ",\"message\":");
        str_append_json(o, r->body);
        str_append(o, ",");
        admin_json_clause(o, r->clause);
        str_append(o, ",\"object\":");
        str_append_json(o, r->object);
        str_append(o, ",\"link\":");
        str_append_json(o, r->link);
        str_append(o, ",\"created_at\":");
        str_append_json(o, r->created_at);
        str_appendf(o, ",\"mail\":\"%s\",\"sent_at\":", state);
        if (r->sent_at)
            str_append_json(o, r->sent_at);
        else
            str_append(o, "null");
        if (pg->all) {
            str_append(o, ",\"to\":");
            str_append_json(o, r->login);
            str_appendf(o, ",\"attempts\":%d,\"last_error\":", r->attempts);
            str_append_json(o, r->last_error);
        }
        str_append(o, "}");
        return 0;
    }
    pg->n++;
    html(o, "<tr><td>");
    admin_time(w, o, r->created_at);
    html(o, "</td><td>%s</td>", outbox_kind_label(r->kind));
    if (pg->all)
        html(o, "<td>%s（%s）</td>", r->name, r->login);
    html(o, "<td>%s", r->body);
    admin_clause(o, r->clause);
    if (r->link && *r->link)
        html(o, " <a href=\"%s\">開く</a>", r->link);
    html(o, "</td><td>");
    if (r->sent_at) {
        html(o, "送信済み ");
        admin_time(w, o, r->sent_at);
    } else if (!strcmp(state, "no_address")) {
        html(o, "メールアドレス未登録（画面でのみ通知）");
    } else if (!strcmp(state, "retrying")) {
        html(o, "送信に失敗・再送待ち（%d回）", r->attempts);
        if (pg->all)
            html(o, "<br><small class=\"error\">%s</small>", r->last_error);
    } else {
        html(o, "送信待ち");
    }
    html(o, "</td></tr>");
    return 0;
}

void page_notifications(Web *w)
{
    App *app = w->app;
    int all = app->actor.is_admin && (web_param(w, "all") && !strcmp(web_param(w, "all"), "1"));
    int page = admin_page_number(w);
    NotePage pg = {w, STR_INIT, 0, all};
    long long total = 0;
    AppRc rc = app_outbox_list(app, all, ADMIN_PAGE_ROWS, (page - 1) * ADMIN_PAGE_ROWS, note_row, &pg, &total);
    if (web_app_failed(w, rc)) {
        str_free(&pg.rows);
        return;
    }
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(b, "{\"total\":%lld,\"page\":%d,\"per_page\":%d,\"notifications\":[%s]}", total, page, ADMIN_PAGE_ROWS,
                    str_cstr(&pg.rows));
        str_free(&pg.rows);
        return;
    }
    page_begin(w, "通知");
    html(b, "<h1>%s</h1>", all ? "通知（組織全体の送信状況）" : "私への通知");
    if (app->actor.is_admin)
        html(b, "<p><a href=\"/notifications%s\">%s</a></p>", all ? "" : "?all=1", all ? "私への通知だけを見る" : "組織全体の送信状況を見る");
    if (!pg.n) {
        html(b, "<p class=\"empty\">通知はありません。</p>");
    } else {
        html(b, "<table class=\"list\"><thead><tr><th>日時</th><th>種類</th>%H<th>内容</th><th>メール</th></tr></thead><tbody>%H</tbody></table>",
             all ? "<th>宛先</th>" : "", str_cstr(&pg.rows));
        static const char *const keep[] = {"all", NULL};
        admin_pager(w, b, "/notifications", page, total, keep);
    }
    page_end(w);
    str_free(&pg.rows);
}
