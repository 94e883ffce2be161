/* What the contacts pages share (contacts_pages.h). */
#include <stdio.h>
#include <string.h>

#include "domain/dates.h"
#include "exchange/contact_json.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/contacts_pages.h"

int contacts_load(Web *w, ContactView *v)
{
    App *app = w->app;
    memset(v, 0, sizeof *v);
    if (!app->profile->contacts) {
        web_error(w, 404, "この団体の基準には連絡体制図の定めがありません (no contact_chart section)", NULL);
        return -1;
    }
    AppRc rc = app_contact_view(app, w->rq->path_arg[0], v);
    if (rc == APP_INVALID) {
        web_error(w, 404, str_cstr(&app->err), NULL);
        return -1;
    }
    return web_app_failed(w, rc) ? -1 : 0;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

void contacts_rows_html(Web *w, Str *b, const Contact *c, int n, const char *org_default)
{
    (void)w;
    for (int i = 0; i < n; i++) {
        char cover[128];
        int after = (c[i].cover & (COVER_HOLIDAY | COVER_NIGHT)) != 0;
        html(b, "<tr%H><td>%s</td><td>%s<br>%s</td><td class=\"value\"><strong>%s</strong></td><td class=\"value\">%s</td>"
                "<td>%s%H<br><small>%s</small></td><td class=\"value\">%s</td></tr>",
             after ? " class=\"after-hours\"" : "", c[i].organization ? c[i].organization : nz(org_default),
             nz(c[i].department), nz(c[i].name), nz(c[i].phone), nz(c[i].email),
             contact_cover_text(c[i].cover, cover, sizeof cover), after ? " <small class=\"tag\">休日・夜間</small>" : "",
             nz(c[i].hours), nz(c[i].note));
    }
}

void contacts_path_html(Web *w, Str *b, const ContactView *v)
{
    (void)w;
    for (int i = 0; i < v->n_path; i++) {
        const ContactPathStep *s = &v->path[i];
        html(b, "<tr><td>%d</td><td>%s", i + 1, s->label);
        if (s->clause)
            html(b, " <span class=\"clause\">[%s]</span>", s->clause);
        html(b, "</td><td>");
        if (!s->n_people)
            html(b, "<span class=\"empty\">該当する利用者がいません</span>");
        for (int k = 0; k < s->n_people; k++)
            html(b, "%H%s <small>%s %s</small> %s", k ? "<br>" : "", s->people[k].name, s->people[k].department,
                 s->people[k].title, s->people[k].email);
        html(b, "</td><td class=\"value\">%s</td><td class=\"value\">%s</td><td class=\"value\">%s</td></tr>",
             s->numbers ? nz(s->numbers->phone) : "", s->numbers ? nz(s->numbers->after_hours) : "",
             s->numbers ? nz(s->numbers->note) : "");
    }
}
