/* The contacts panel of a ledger entry's page (GET /ledger/{n}): the chart's
 * state, the agreed approach, the holiday/night contacts and links to the
 * chart, its print form and CSV. Nothing when the profile has no
 * contact_chart section. Reads without resetting app->arena (the entry
 * page's data lives there). */
#include <string.h>

#include "app/app_contacts.h"
#include "exchange/contact_json.h"
#include "policy/approach.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/pages/contacts_pages.h"

void contacts_entry_panel(Web *w, Str *b, const struct EntryRow *e)
{
    App *app = w->app;
    if (!app->profile->contacts)
        return;
    ContactView *v = arena_alloc(&app->arena, sizeof *v);
    if (!v || app_contact_view_entry(app, e, v) != APP_OK) {
        html(b, "<section id=\"contacts\"><h2>連絡体制図</h2><p class=\"error\">連絡体制図を読めません。</p></section>");
        return;
    }
    const ContactPolicy *cp = app->profile->contacts;
    html(b, "<section id=\"contacts\"><h2>連絡体制図 <span class=\"clause\">[%s]</span></h2><table class=\"fields\"><tbody>"
            "<tr><th scope=\"row\">状態</th><td><span class=\"contact-status contact-%s%H\">%s</span>",
         cp->clause, contact_status_names[v->status],
         v->status == CONTACT_MISSING || v->status == CONTACT_OVERDUE ? " overdue" : "", contact_status_labels[v->status]);
    if (v->has_chart) {
        html(b, "（版%d、", v->row.version);
        ledger_when(w, b, v->row.saved_at);
        html(b, " %s）</td></tr><tr><th scope=\"row\">次回確認期限</th><td>", v->row.saved_by);
        page_date(w, b, v->review_due);
        html(b, "</td></tr><tr><th scope=\"row\">対処方針 <span class=\"clause\">[%s]</span></th><td>%s", cp->approach_clause,
             approach_labels[v->chart.approach]);
        if (v->chart.approach)
            html(b, " — %s", approach_actions[v->chart.approach]);
        html(b, "</td></tr><tr><th scope=\"row\">休日・夜間の連絡先</th><td>");
        int n = 0;
        for (int i = 0; i < v->chart.n_provider; i++) {
            const Contact *c = &v->chart.provider[i];
            if (!(c->cover & (COVER_HOLIDAY | COVER_NIGHT)) || !c->phone)
                continue;
            char cover[128];
            html(b, "%H%s %s <strong>%s</strong>（%s）", n++ ? "<br>" : "", c->organization, c->department ? c->department : "",
                 c->phone, contact_cover_text(c->cover, cover, sizeof cover));
        }
        if (!n)
            html(b, "<span class=\"empty\">記載がありません</span>");
        html(b, "</td></tr><tr><th scope=\"row\">委託事業者</th><td>%s</td></tr>",
             v->chart.has_subcontractors ? "あり" : "なし");
    } else {
        html(b, "</td></tr>");
    }
    html(b, "</tbody></table>");
    for (int i = 0; i < v->n_findings; i++)
        html(b, "<p class=\"%s\">%s</p>", v->findings[i].block ? "finding-block" : "finding-warn", v->findings[i].message);
    html(b, "<p class=\"no-print\"><a href=\"/ledger/%lld/contacts\">連絡体制図を%s</a>", e->number,
         v->has_chart ? (v->may_keep ? "見る・更新する" : "見る") : (v->may_keep ? "作成する" : "見る"));
    if (v->has_chart)
        html(b, " ・ <a href=\"/ledger/%lld/contacts/print\">印刷用（A4）</a> ・ <a href=\"/ledger/%lld/contacts.csv\">CSV</a>",
             e->number, e->number);
    html(b, "</p></section>");
}
