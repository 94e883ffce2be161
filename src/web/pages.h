/* Handlers of the pages and API routes, for the route tables. Each area's
 * file defines its own table (routes_core, routes_apply, …, in web.h); a
 * handler used by another area's table is declared here. */
#ifndef DAICHO_WEB_PAGES_H
#define DAICHO_WEB_PAGES_H
#include "web/web.h"

void page_dashboard(Web *w);

/* Panels of a ledger entry's page (GET /ledger/{n}) from the areas of issue
 * #6, each writing one <section> into b (nothing where the profile has no
 * such section). The entry is the organization's, already read. */
struct EntryRow;
void contacts_entry_panel(Web *w, Str *b, const struct EntryRow *e);   /* pages/contacts_*.c */
void gate_entry_panel(Web *w, Str *b, const struct EntryRow *e);       /* pages/gate_*.c */
void incident_entry_panel(Web *w, Str *b, const struct EntryRow *e);   /* pages/incident_*.c */
/* An incident's state as a badge: <span class="state incident-state …">受付</span>
 * (pages/incident_common.c; the dashboard lists open incidents). */
void incident_state_badge(Str *b, const char *state);

#endif
