/* The contacts area's pages (issue #6 item 1; docs/contacts.md): handlers
 * for routes_contacts.c and what they share. Private to
 * src/web/pages/contacts_*.c. */
#ifndef DAICHO_WEB_PAGES_CONTACTS_H
#define DAICHO_WEB_PAGES_CONTACTS_H
#include "app/app_contacts.h"
#include "web/pages/ledger_pages.h"
#include "web/web.h"

/* ---- handlers ---- */
void contacts_page(Web *w);        /* GET /ledger/{n}/contacts, /api/v1/ledger/{n}/contacts */
void contacts_save_form(Web *w);   /* POST /ledger/{n}/contacts (the form) */
void contacts_save_api(Web *w);    /* POST /api/v1/ledger/{n}/contacts (the document, ?note=) */
void contacts_review(Web *w);      /* POST …/{n}/contacts/review */
void contacts_print(Web *w);       /* GET /ledger/{n}/contacts/print */
void contacts_csv(Web *w);         /* GET /ledger/{n}/contacts.csv */
void contacts_csv_all(Web *w);     /* GET /ledger/contacts.csv */

/* ---- shared ---- */
/* The view of entry {n} into *v: 0, or -1 after answering (404 when the
 * organization has no such entry or its profile no contact_chart section). */
int contacts_load(Web *w, ContactView *v);
/* The provider/subcontractor contacts as table rows; the escalation path as rows. */
void contacts_rows_html(Web *w, Str *b, const Contact *c, int n, const char *org_default);
void contacts_path_html(Web *w, Str *b, const ContactView *v);

#endif
