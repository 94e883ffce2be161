/* GET /ledger/{n}/contacts/print: the contact chart on one A4 page, for the
 * wall of the CISO's office and the folder taken home on duty nights:
 * approach, holiday/night numbers first, the provider's and
 * subcontractors' contacts, the internal path with today's holders, and a
 * box for the confirmation seal. GET /ledger/{n}/contacts.csv and
 * /ledger/contacts.csv: the CSV export (BOM, CRLF). */
#include <stdio.h>
#include <string.h>

#include "policy/approach.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/contacts_pages.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

void contacts_print(Web *w)
{
    ContactView v;
    if (contacts_load(w, &v) != 0)
        return;
    App *app = w->app;
    const ContactPolicy *cp = app->profile->contacts;
    const EntryRow *e = &v.entry;
    Str *b = &w->rs->body;
    char title[600];
    snprintf(title, sizeof title, "連絡体制図（印刷用） 台帳 第%lld号 %s", e->number, e->service_name);
    page_begin(w, title);
    html(b, "<div class=\"print-form contacts-print\"><p class=\"no-print note\">ブラウザの印刷機能で A4 縦に印刷してください。 "
            "<button type=\"button\" data-print hidden>印刷する</button> <a href=\"/ledger/%lld/contacts\">連絡体制図に戻る</a></p>",
         e->number);
    if (v.has_chart) {
        html(b, "<p class=\"doc-meta\">%s ・ 台帳 第%lld号 ・ 版%d（", app->org.name, e->number, v.row.version);
        ledger_when(w, b, v.row.saved_at);
        html(b, " %s）・ 次回確認期限 ", v.row.saved_by_name);
        page_date(w, b, v.review_due);
        html(b, "</p>");
    } else {
        /* No chart yet: the same sheet with blank rows, to fill in by hand
         * with the provider and enter afterwards. */
        html(b, "<p class=\"doc-meta\">%s ・ 台帳 第%lld号 ・ <strong>未登録（記入用の様式）</strong></p>", app->org.name, e->number);
    }
    html(b, "<h1 class=\"form-title\">インシデント発生時の連絡体制図</h1><p class=\"to\">サービス: <strong>%s</strong> %s ／ 提供者: %s "
            "<span class=\"clause\">[%s]</span></p>",
         e->service_name, nz(e->function), nz(e->provider), cp->clause);
    if (v.has_chart)
        html(b, "<h2>1 対処方針（提供者と合意） <span class=\"clause\">[%s]</span></h2><p><strong>%s</strong>%H%s</p>"
                "<p>エスカレーションの方法とタイミング <span class=\"clause\">[%s]</span>: %s</p>",
             cp->approach_clause, approach_labels[v.chart.approach], v.chart.approach ? " — " : "",
             approach_actions[v.chart.approach], cp->escalation_clause,
             v.chart.escalation_timing ? v.chart.escalation_timing : "（未記載）");
    else
        html(b, "<h2>1 対処方針（提供者と合意） <span class=\"clause\">[%s]</span></h2><p>□ %s（%s）　□ %s（%s）</p>"
                "<p>エスカレーションの方法とタイミング <span class=\"clause\">[%s]</span>:</p><p class=\"blank-line\">&nbsp;</p>",
             cp->approach_clause, approach_labels[APPROACH_RECOVERY_FIRST], approach_actions[APPROACH_RECOVERY_FIRST],
             approach_labels[APPROACH_CONTINUITY_FIRST], approach_actions[APPROACH_CONTINUITY_FIRST], cp->escalation_clause);
    static const char head[] = "<thead><tr><th>組織</th><th>部署・氏名</th><th>電話</th><th>メール</th><th>時間帯</th><th>備考</th></tr></thead>";
    static const char blank[] = "<tr><td>&nbsp;</td><td></td><td></td><td></td><td>平日・休日・夜間</td><td></td></tr>";
    html(b, "<h2>2 提供者の連絡先 <small>（休日・夜間の連絡先に印）</small> <span class=\"clause\">[%s]</span></h2><table class=\"list\">%H<tbody>",
         cp->after_hours_clause, head);
    if (v.has_chart)
        contacts_rows_html(w, b, v.chart.provider, v.chart.n_provider, NULL);
    else
        html(b, "%H%H%H", blank, blank, blank);
    html(b, "</tbody></table><h2>3 委託事業者（再委託先）</h2>");
    if (!v.has_chart)
        html(b, "<p>□ なし　□ あり（下に記入）</p><table class=\"list\">%H<tbody>%H%H</tbody></table>", head, blank, blank);
    else if (!v.chart.has_subcontractors)
        html(b, "<p>なし</p>");
    for (int s = 0; v.has_chart && s < v.chart.n_subs; s++) {
        html(b, "<p><strong>%s</strong> — %s</p><table class=\"list\">%H<tbody>", v.chart.subs[s].organization,
             nz(v.chart.subs[s].scope), head);
        contacts_rows_html(w, b, v.chart.subs[s].contacts, v.chart.subs[s].n_contacts, v.chart.subs[s].organization);
        html(b, "</tbody></table>");
    }
    html(b, "<h2>4 庁内の報告経路</h2><table class=\"list\"><thead><tr><th>順</th><th>役割</th><th>担当者（印刷時点）</th><th>電話</th>"
            "<th>休日・夜間</th><th>備考</th></tr></thead><tbody>");
    contacts_path_html(w, b, &v);
    html(b, "</tbody></table>");
    if (v.has_chart && v.chart.note)
        html(b, "<h2>5 備考</h2><p class=\"value\">%s</p>", v.chart.note);
    html(b, "<table class=\"seal\"><thead><tr><th>確認日</th><th>確認者</th></tr></thead><tbody><tr class=\"seal-row\"><td></td><td></td></tr>"
            "</tbody></table></div>");
    page_end(w);
}

static void csv_answer(Web *w, long long number)
{
    App *app = w->app;
    if (!app->profile->contacts) {
        web_error(w, 404, "この団体の基準には連絡体制図の定めがありません (no contact_chart section)", NULL);
        return;
    }
    Str out = STR_INIT;
    AppRc rc = app_contact_csv(app, number, &out, NULL);
    if (rc == APP_INVALID && !app->denied) {
        web_error(w, 404, str_cstr(&app->err), app->clause);
    } else if (!web_app_failed(w, rc)) {
        w->rs->content_type = "text/csv; charset=utf-8";
        char disposition[128];
        if (number)
            snprintf(disposition, sizeof disposition, "attachment; filename=\"daicho-contacts-%lld-%08d.csv\"", number, app->today);
        else
            snprintf(disposition, sizeof disposition, "attachment; filename=\"daicho-contacts-%08d.csv\"", app->today);
        w->rs->disposition = arena_strdup(w->rq->arena, disposition);
        str_appendn(&w->rs->body, out.buf ? out.buf : "", out.len);
    }
    str_free(&out);
}

void contacts_csv(Web *w)
{
    csv_answer(w, w->rq->path_arg[0]);
}

void contacts_csv_all(Web *w)
{
    csv_answer(w, 0);
}
