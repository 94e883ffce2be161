/* The incident panel of a ledger entry's page: the reports about this
 * entry the user may read (all of them for the receiver, handler and
 * closer roles, the system administrator, the auditor and the entry's
 * service administrator; one's own for everyone else) and the link that opens the report form with the entry preset.
 * Nothing where the profile has no incidents section. */
#include <string.h>

#include "store/ledger.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/pages/incident_pages.h"
#include "web/pages/ledger_pages.h"

typedef struct PanelView {
    Web *w;
    const IncidentPolicy *ip;
    Str rows;
    int n, open;
} PanelView;

static int on_row(void *ctx, const IncidentRow *r)
{
    PanelView *v = ctx;
    v->n++;
    v->open += strcmp(r->state, "closed") != 0;
    html(&v->rows, "<li><a href=\"/incidents/%lld\">第%lld号 %s</a> ", r->number, r->number, r->title);
    incident_state_badge(&v->rows, r->state);
    html(&v->rows, " <small>%s・%s ", incident_kind_label(v->ip, r->kind), r->reporter_name);
    ledger_when(v->w, &v->rows, r->reported_at);
    html(&v->rows, "</small></li>");
    return 0;
}

void incident_entry_panel(Web *w, Str *b, const struct EntryRow *e)
{
    const IncidentPolicy *ip = w->app->profile ? w->app->profile->incidents : NULL;
    if (!ip)
        return;
    PanelView v = {w, ip, STR_INIT, 0, 0};
    AppRc rc = app_incident_of_entry(w->app, e->id, on_row, &v);
    html(b, "<section id=\"incidents\"><h2>インシデント報告 <span class=\"clause\">[%s]</span></h2>", ip->clause);
    if (rc != APP_OK)
        html(b, "<p class=\"error\">報告を読めませんでした: %s</p>", str_cstr(&w->app->err));
    else if (v.n)
        html(b, "<p>%s %d 件（未終結 %d 件）</p><ul class=\"incident-list\">%H</ul>",
             app_incident_reads_all(w->app) ? "このサービスの報告" : "閲覧できる報告", v.n, v.open, str_cstr(&v.rows));
    else
        html(b, "<p class=\"empty\">%s</p>", app_incident_reads_all(w->app) ? "このサービスについての報告はありません。"
                                                                             : "このサービスについて閲覧できる報告はありません。");
    html(b, "<p class=\"no-print\"><a class=\"button\" href=\"/incidents/new?entry=%lld\">このサービスのインシデントを報告する</a>"
            " <span class=\"note\">報告は%sが受け付けます</span></p></section>",
         e->number, w->app->profile->roles[ip->receiver_role].label);
    str_free(&v.rows);
}
