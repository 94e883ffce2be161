/* GET /meetings/{n} (and /api/v1/meetings/{n}): a saved plan with the
 * result of the day it was saved; GET /meetings/{n}/print: the host's
 * checklist on A4 (print.css hides the site's frame). JSON: the row's
 * members, "document" (the meeting document) and "result" (docs/meetings.md). */
#include <stdio.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/meeting_pages.h"

void meeting_detail(Web *w)
{
    MeetingRow m;
    MeetingView v;
    if (!meeting_load(w, &m, &v))
        return;
    Str *b = &w->rs->body;
    if (w->rq->is_api) {
        web_json_begin(w);
        str_append(b, "{");
        meeting_row_json(&m, b);
        str_appendf(b, ",\"document\":%s,\"result\":%s}", m.doc, m.result);
        return;
    }
    char title[64];
    snprintf(title, sizeof title, "会議計画 %lld", m.id);
    page_begin(w, title);
    html(b, "<h1>%s</h1><p class=\"meeting-meta\">開催日: ", m.title);
    page_date(w, b, m.date);
    html(b, " ・ 主催: %s ・ 保存: ", m.host_name);
    page_date(w, b, m.created_at);
    html(b, "</p><p><a class=\"button\" href=\"/meetings/%lld/print\">主催者チェックリストを印刷</a> "
            "<a href=\"/meetings\">会議計画の一覧へ</a></p>",
         m.id);
    meeting_view_html(b, &v, 0);
    html(b, "<p class=\"note\">評価は保存した時点の基準（%s %s）によるものです。</p>", v.profile, v.profile_version ? v.profile_version : "");
    page_end(w);
}

void meeting_print(Web *w)
{
    MeetingRow m;
    MeetingView v;
    if (!meeting_load(w, &m, &v))
        return;
    const Profile *p = w->app->profile;
    Str *b = &w->rs->body;
    char title[64];
    snprintf(title, sizeof title, "主催者チェックリスト（会議計画 %lld）", m.id);
    page_begin(w, title);
    html(b, "<div class=\"print-form meeting-print\"><p class=\"no-print note\">ブラウザの印刷機能で A4 縦に印刷してください（画面のメニューは印刷されません）。"
            " <button type=\"button\" data-meeting-print hidden>印刷する</button> <a href=\"/meetings/%lld\">会議計画に戻る</a></p>",
         m.id);
    html(b, "<p class=\"doc-meta\">会議計画 %lld ・ %s</p><h1 class=\"form-title\">ウェブ会議 主催者チェックリスト</h1>", m.id,
         w->app->org.name);
    html(b, "<table class=\"fields meeting-fields\"><tbody><tr><th>会議</th><td>%s</td></tr><tr><th>開催日</th><td>", m.title);
    page_date(w, b, m.date);
    html(b, "</td></tr><tr><th>主催者</th><td>%s</td></tr><tr><th>根拠</th><td>%s「%s」%s のうち %s</td></tr></tbody></table>", m.host_name,
         p->organization, p->document, p->version, v.clause ? v.clause : "");
    meeting_view_html(b, &v, 1);
    html(b, "<script src=\"/static/meeting.js\" defer></script>");
    html(b, "<table class=\"seal meeting-sign\"><tbody><tr><th>確認日</th><td class=\"meeting-sign-date\">令和　　年　　月　　日</td>"
            "<th>主催者</th><td class=\"meeting-sign-name\"></td></tr></tbody></table></div>");
    page_end(w);
}
