/* The gate area (issue #6 item 3; docs/gate.md): handlers of routes_gate.c
 * and what its pages share. Private to src/web/pages/gate_*.c. */
#ifndef DAICHO_WEB_PAGES_GATE_H
#define DAICHO_WEB_PAGES_GATE_H
#include "app/app_gate.h"
#include "web/web.h"

/* ---- handlers ---- */
void gate_page(Web *w);           /* GET /ledger/{n}/gate, /api/v1/ledger/{n}/gate */
void gate_procedure_post(Web *w); /* POST …/{n}/gate/procedure: procedure, status, document, note */
void gate_withdraw_post(Web *w);  /* POST …/{n}/gate/withdraw: procedure, note */
void gate_golive_post(Web *w);    /* POST …/{n}/gate/golive: date, note */

/* ---- shared ---- */
/* The panel (one <section id="gate">) of entry `e` with its gate `st`:
 * the phase, the procedures, the build checks, what is missing, and for
 * the gate's role the forms. */
void gate_panel_write(Web *w, Str *b, const EntryRow *e, const GateStatus *st);

#endif
