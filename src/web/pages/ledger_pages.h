/* The ledger area (issue #4): handlers for routes_ledger.c and what its
 * pages share. The areas whose pages hang off an entry (contact chart,
 * gate, incidents; social accounts) also find entries with
 * ledger_find_entry and write stored times with ledger_when. */
#ifndef DAICHO_WEB_PAGES_LEDGER_H
#define DAICHO_WEB_PAGES_LEDGER_H
#include "web/web.h"

enum { LEDGER_PAGE_ROWS = 50 };

/* ---- handlers (HTML and JSON alike: each looks at w->rq->is_api) ---- */
void ledger_list(Web *w);            /* GET /ledger, /api/v1/ledger */
void ledger_entry(Web *w);           /* GET /ledger/{n}, /api/v1/ledger/{n} */
void ledger_checklist(Web *w);       /* POST …/{n}/checklist */
void ledger_review(Web *w);          /* POST …/{n}/review */
void ledger_end(Web *w);             /* POST …/{n}/end */
void ledger_end_complete(Web *w);    /* POST …/{n}/end/complete */
void ledger_change(Web *w);          /* POST …/{n}/change */
void ledger_export_csv(Web *w);      /* GET /ledger/export.csv */
void ledger_export_xlsx(Web *w);     /* GET /ledger/export.xlsx */
void ledger_export_api(Web *w);      /* GET /api/v1/ledger/export?format=csv|xlsx */

/* ---- shared ---- */
/* The organization's entry `number` into *out: 0, or -1 after answering
 * 404 (none) or 503. */
int ledger_find_entry(Web *w, long long number, EntryRow *out);
/* The label of a confidentiality class code of the profile ("" if unknown). */
const char *ledger_class_label(const Profile *p, const char *code);
/* Whether the acting user keeps the entry (checklists, reviews, changes, end
 * of use): the forms are offered only then; the use case decides anyway. */
int ledger_user_keeps(const App *app, const EntryRow *e, char *why, size_t why_size);
/* A stored time ("YYYY-MM-DDTHH:MM:SSZ", UTC) as the Japanese day and time
 * (JST): 令和8年4月1日 (2026-04-01) 09:30. Other text is shown as it is. */
void ledger_when(Web *w, Str *out, const char *iso);
/* Answer with the whole entry as JSON (after an API POST: {"ok":true,
 * "message":…,"entry":{…}}, message NULL for a plain GET). */
void ledger_entry_api_answer(Web *w, long long number, const char *message);

#endif
