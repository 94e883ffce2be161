/* What the mail-delivery pages share: the profile's section (404 when the
 * standard has none), loading a policy of the path, the document laid out
 * like the 別紙, and the API's answer after a change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/mail_pages.h"

const MailPolicy *mail_section_or_404(Web *w)
{
    const MailPolicy *m = w->app->profile ? w->app->profile->mail : NULL;
    if (!m) {
        char msg[300];
        snprintf(msg, sizeof msg, "この団体の基準（%s）には連絡用メール配信サービスの運用方針の定めがありません",
                 w->app->profile ? w->app->profile->id : "-");
        web_error(w, 404, msg, NULL);
    }
    return m;
}

int mail_version_param(Web *w)
{
    const char *s = web_param(w, "version");
    if (!s || !*s)
        return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v <= 0 || v > 100000) {
        web_error(w, 400, "version は版の番号（正の整数）です", NULL);
        return -1;
    }
    return (int)v;
}

int mail_load(Web *w, int version, MailPolicyView *v)
{
    if (!mail_section_or_404(w))
        return 0;
    long long number = w->rq->path_arg[0];
    AppRc rc = app_mail_policy_get(w->app, number, version, v);
    if (rc == APP_INVALID) {
        web_error(w, 404, str_cstr(&w->app->err), NULL);
        return 0;
    }
    return !web_app_failed(w, rc);
}

int mail_user_manages(const App *app)
{
    const MailPolicy *m = app->profile ? app->profile->mail : NULL;
    return m && m->manager_role >= 0 && (app->actor.roles & ROLE_BIT(m->manager_role));
}

/* Text with line breaks as paragraphs of lines (escaped). */
static void lines_html(Str *b, const char *text)
{
    const char *p = text;
    while (*p) {
        size_t n = strcspn(p, "\n");
        char *line = strndup(p, n);
        if (line) {
            html(b, "%s<br>", line);
            free(line);
        }
        p += n;
        if (*p == '\n')
            p++;
    }
}

void mail_document_html(Web *w, Str *b, const MailPolicy *m, const MailPolicyView *v)
{
    const MailPolicyRow *r = &v->row;
    html(b, "<article class=\"mail-document\"><div class=\"mail-head\"><p class=\"mail-date\">");
    if (r->issued_on)
        page_date(w, b, r->issued_on);
    else
        html(b, "%s", m->date_sample);
    html(b, "</p><p class=\"mail-number\">%s</p><p class=\"mail-issuer\">%s</p></div>",
         r->doc_number && *r->doc_number ? r->doc_number : m->number_sample, r->issuer);
    html(b, "<p class=\"mail-school\">%s</p><h1 class=\"mail-title\">%s</h1>", r->school, m->title);
    for (int i = 0; i < m->n_sections && i < v->n_texts; i++) {
        const MailSection *s = &m->sections[i];
        html(b, "<section class=\"mail-section\" id=\"sec-%s\"><h2>%s　%s <small class=\"clause\">[%s]</small></h2><p>", s->id,
             s->number, s->heading, s->clause);
        if (*v->texts[i])
            lines_html(b, v->texts[i]);
        else
            html(b, "<span class=\"empty\">（記載なし）</span>");
        html(b, "</p></section>");
    }
    html(b, "</article>");
}

void mail_api_answer(Web *w, long long number, const char *message)
{
    MailPolicyView v;
    AppRc rc = app_mail_policy_get(w->app, number, 0, &v);
    if (web_app_failed(w, rc))
        return;
    web_json_begin(w);
    Str *b = &w->rs->body;
    str_append(b, "{\"ok\":true,\"message\":");
    str_append_json(b, message);
    str_append(b, ",\"policy\":");
    app_mail_policy_json(w->app->profile->mail, &v, b);
    str_appendc(b, '}');
}
