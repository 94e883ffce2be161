/* A mail-delivery policy on paper and as files.
 *
 * GET /mail/{n}/print[?version=V]: the document on A4, laid out like the 別紙
 *     (date, document number and issuer at the right; school; title;
 *     numbered sections); print.css hides the site's frame.
 * GET /mail/{n}/policy.txt[?version=V]: the same document as plain UTF-8
 *     text (`daicho mail policy show N --text`).
 * GET /mail/{n}/consents.csv: the latest answer per recipient as CSV
 *     (UTF-8 with BOM, CRLF, formula-like cells neutralized, as the ledger
 *     CSV; `daicho mail consents N --csv`). Who may: as the consent list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/mail_pages.h"

void mail_print(Web *w)
{
    int version = mail_version_param(w);
    MailPolicyView v;
    if (version < 0 || !mail_load(w, version, &v))
        return;
    const MailPolicy *m = w->app->profile->mail;
    Str *b = &w->rs->body;
    char title[96];
    snprintf(title, sizeof title, "%s（第%lld号 第%d版）", m->title, v.row.number, v.row.version);
    page_begin(w, title);
    html(b, "<div class=\"print-form mail-print\"><p class=\"no-print note\">ブラウザの印刷機能で A4 縦に印刷してください（画面のメニューは印刷されません）。"
            " <a href=\"/mail/%lld\">運用方針に戻る</a>%s</p>",
         v.row.number, v.row.issued ? "" : "　※ この版は案です（未発行）。");
    mail_document_html(w, b, m, &v);
    html(b, "</div>");
    page_end(w);
}

void mail_text(Web *w)
{
    int version = mail_version_param(w);
    MailPolicyView v;
    if (version < 0 || !mail_load(w, version, &v))
        return;
    Str *b = &w->rs->body;
    str_reset(b);
    app_mail_policy_text(w->app->profile->mail, &v, b);
    w->rs->content_type = "text/plain; charset=utf-8";
    char disposition[96];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"mail-policy-%lld-v%d.txt\"", v.row.number, v.row.version);
    w->rs->disposition = arena_strdup(w->rq->arena, disposition);
}

void mail_consents_csv(Web *w)
{
    MailPolicyView v;
    if (!mail_load(w, 0, &v))
        return;
    long long number = w->rq->path_arg[0];
    Str data = STR_INIT;
    AppRc rc = app_mail_consents_csv(w->app, number, &data);
    if (web_app_failed(w, rc)) {
        str_free(&data);
        return;
    }
    str_free(&w->rs->body);
    w->rs->body = data; /* the server sends and frees it */
    w->rs->content_type = "text/csv; charset=utf-8";
    char disposition[96];
    snprintf(disposition, sizeof disposition, "attachment; filename=\"mail-consents-%lld-%08d.csv\"", number, w->app->today);
    w->rs->disposition = arena_strdup(w->rq->arena, disposition);
}
