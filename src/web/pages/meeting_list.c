/* GET /meetings, /api/v1/meetings: the signed-in user's saved meeting plans
 * (?all=1: every plan of the organization, for the administrator and
 * auditors). JSON: {"meetings":[{id,title,date,host,host_name,
 * confidentiality,track,verdict,created_at}…]}. */
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/meeting_pages.h"

typedef struct ListCtx {
    Web *w;
    Str *o;
    int n;
} ListCtx;

static int row(void *ctx, const MeetingRow *m)
{
    ListCtx *c = ctx;
    if (c->w->rq->is_api) {
        str_append(c->o, c->n ? ",{" : "{");
        meeting_row_json(m, c->o);
        str_appendc(c->o, '}');
    } else {
        html(c->o, "<tr><td>");
        page_date(c->w, c->o, m->date);
        html(c->o, "</td><td><a href=\"/meetings/%lld\">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>", m->id, m->title,
             m->host_name, !strcmp(m->track, "important") ? "重要情報資産" : "それ以外", meeting_verdict_label(m->verdict));
    }
    c->n++;
    return 0;
}

void meeting_list(Web *w)
{
    if (!meeting_section_or_404(w))
        return;
    const char *all_s = web_param(w, "all");
    int all = all_s && !strcmp(all_s, "1");
    Str rows = STR_INIT;
    ListCtx c = {w, &rows, 0};
    AppRc rc = app_meeting_list(w->app, all, row, &c);
    if (web_app_failed(w, rc)) {
        str_free(&rows);
        return;
    }
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_appendf(b, "{\"meetings\":[%s]}", str_cstr(&rows));
        str_free(&rows);
        return;
    }
    page_begin(w, "ウェブ会議の開催計画");
    html(b, "<h1>ウェブ会議の開催計画</h1><p>会議で扱う情報とサービス・機能の使い方から、%s「%s」%s が求める対策と、"
            "基準に抵触する点を示します。</p><p><a class=\"button\" href=\"/meetings/new\">新しい会議を計画する</a></p>",
         w->app->profile->organization, w->app->profile->document, w->app->profile->meeting->clause);
    if (c.n == 0)
        html(b, "<p class=\"meeting-empty\">保存した会議計画はまだありません。</p>");
    else
        html(b, "<table class=\"list meeting-list\"><thead><tr><th>開催日</th><th>会議</th><th>主催者</th><th>情報</th><th>判定</th>"
                "</tr></thead><tbody>%H</tbody></table>",
             str_cstr(&rows));
    str_free(&rows);
    page_end(w);
}
