/* GET /applications/{n}/print: the application form (申請書) on A4 paper for
 * the paper approval circulation (決裁): every field, the evaluation, the
 * answers, and boxes for the signatures and seals of the applicant, the
 * section head and the approver. print.css hides the site's frame. */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/apply_pages.h"

/* A date box: the date when there is one, else blanks to write it by hand. */
static void date_cell(Web *w, Str *b, const char *iso)
{
    if (iso && *iso)
        page_date(w, b, iso);
    else
        html(b, "<span class=\"blank-date\">令和　　年　　月　　日</span>");
}

void apply_print(Web *w)
{
    App *app = w->app;
    AppRow r;
    if (!apply_load(w, &r))
        return;
    AppDoc doc;
    Decision d;
    if (!apply_stored_eval(w, &r, &doc, &d))
        return;
    const Profile *p = app->profile;
    const Track *t = &p->tracks[r.track];
    Str *b = &w->rs->body;
    char title[64];
    snprintf(title, sizeof title, "申請書（申請 %lld）", r.id);
    page_begin(w, title);
    html(b, "<div class=\"print-form\"><p class=\"no-print note\">ブラウザの印刷機能で A4 縦に印刷してください（画面のメニューは印刷されません）。"
            " <button type=\"button\" data-print hidden>印刷する</button> <a href=\"/applications/%lld\">申請に戻る</a></p>",
         r.id);
    html(b, "<p class=\"doc-meta\">申請番号 %lld ・ %s ・ 状態: %s</p><h1 class=\"form-title\">外部サービス利用申請書</h1>", r.id,
         app->org.name, app_state_labels[r.state]);
    html(b, "<p class=\"to\">%s　様</p><table class=\"fields applicant\"><tbody><tr><th>申請日</th><td>",
         p->roles[t->approver_role].label);
    date_cell(w, b, r.submitted_at);
    html(b, "</td></tr><tr><th>所属</th><td>%s</td></tr><tr><th>氏名</th><td>%s</td></tr></tbody></table>",
         r.department ? r.department : "", r.applicant_name ? r.applicant_name : "");
    html(b, "<p>次のとおり外部サービスの利用を申請します（%s「%s」%s）。</p>", p->organization, p->document, p->version);
    html(b, "<h2>1 申請内容</h2><table class=\"fields\"><tbody>");
    apply_doc_rows_html(b, &doc, &d);
    html(b, "</tbody></table><h2>2 評価</h2><div class=\"evaluation\">");
    apply_eval_html(b, &doc, &d, 0);
    html(b, "</div><h2>3 要件への回答</h2><table class=\"list answers\"><thead><tr><th>要件</th><th>回答</th><th>根拠</th></tr></thead><tbody>");
    apply_answer_rows_html(b, &doc, &d);
    html(b, "</tbody></table>");
    /* The boxes follow the procedure: the applicant files, the section head
     * sees it on the way (決裁の合議), the track's approver decides — one
     * box for the section head when the section head is the approver. */
    int decided = r.state == APP_APPROVED || r.state == APP_REJECTED || r.state == APP_RETURNED;
    int head_box = strcmp(p->roles[t->approver_role].id, "section_head") != 0;
    html(b, "<h2 class=\"seal-head\">4 決裁</h2><table class=\"seal\"><thead><tr><th></th><th>申請者</th>%H<th>許可権限者<br><small>%s</small></th></tr></thead><tbody>",
         head_box ? "<th>所属長</th>" : "", p->roles[t->approver_role].label);
    html(b, "<tr><th>氏名</th><td>%s</td>%H<td>%s</td></tr><tr><th>日付</th><td>", r.applicant_name ? r.applicant_name : "",
         head_box ? "<td></td>" : "", decided && r.decided_by_name ? r.decided_by_name : "");
    date_cell(w, b, r.submitted_at);
    if (head_box) {
        html(b, "</td><td>");
        date_cell(w, b, NULL);
    }
    html(b, "</td><td>");
    date_cell(w, b, decided ? r.decided_at : NULL);
    html(b, "</td></tr><tr class=\"seal-row\"><th>印</th><td></td>%H<td></td></tr></tbody></table>", head_box ? "<td></td>" : "");
    if (decided)
        html(b, "<p>決定: %s%s%s</p>", app_state_labels[r.state], r.reason && *r.reason ? "　理由: " : "", r.reason ? r.reason : "");
    html(b, "</div><script src=\"/static/apply.js\" defer></script>");
    page_end(w);
    decision_free(&d);
    appdoc_free(&doc);
}
