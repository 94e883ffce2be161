/* The mail-delivery area (issue #5 item 3; docs/mail.md): handlers for
 * routes_mail.c and what its pages share. Private to src/web/pages/mail_*.c. */
#ifndef DAICHO_WEB_PAGES_MAIL_H
#define DAICHO_WEB_PAGES_MAIL_H
#include "app/app_mail.h"
#include "web/web.h"

/* ---- handlers (HTML and JSON alike: each looks at w->rq->is_api) ---- */
void mail_list(Web *w);          /* GET /mail, /api/v1/mail */
void mail_new_form(Web *w);      /* GET /mail/new: the form filled with the 記載例 */
void mail_new_post(Web *w);      /* POST /mail/new (form), /api/v1/mail (JSON document) */
void mail_show(Web *w);          /* GET /mail/{n}[?version=V], /api/v1/mail/{n} */
void mail_edit_form(Web *w);     /* GET /mail/{n}/edit */
void mail_edit_post(Web *w);     /* POST /mail/{n}/edit (form), /api/v1/mail/{n} (JSON document) */
void mail_issue(Web *w);         /* POST …/mail/{n}/issue */
void mail_consent_post(Web *w);  /* POST …/mail/{n}/consent */
void mail_consents(Web *w);      /* GET /api/v1/mail/{n}/consents[?history=1] */
void mail_consents_csv(Web *w);  /* GET /mail/{n}/consents.csv */
void mail_print(Web *w);         /* GET /mail/{n}/print */
void mail_text(Web *w);          /* GET /mail/{n}/policy.txt */

/* ---- shared (mail_common.c) ---- */
/* The profile's section, or NULL after answering 404 (the profile has none). */
const MailPolicy *mail_section_or_404(Web *w);
/* ?version=V: 0 when absent (the current version), -1 after answering 400. */
int mail_version_param(Web *w);
/* Version `version` (0: current) of the policy of the path into *v: 1, or 0
 * after answering (404 none, 503). */
int mail_load(Web *w, int version, MailPolicyView *v);
/* Whether the acting user holds the profile's manager role (forms shown). */
int mail_user_manages(const App *app);
/* The document laid out like the 別紙: date, number and issuer at the right,
 * school, title, numbered sections. */
void mail_document_html(Web *w, Str *b, const MailPolicy *m, const MailPolicyView *v);
/* The policy as {"ok":true,"message":…,"policy":{…}} (API answers after a POST). */
void mail_api_answer(Web *w, long long number, const char *message);

#endif
