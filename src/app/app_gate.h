/* Use cases of the gate before operation (kitakyushu-cloud 3.3③④;
 * docs/gate.md). In a profile with an 'operation_gate' section, an active
 * entry of a gated track that came from an approval is 構築中 (building)
 * until its operation start is recorded, and 運用中 afterwards. The start is
 * refused while any procedure of 3.3③ lacks a record 'prepared' (整備) or
 * 'confirmed' (確認) naming its document, or any build check of 3.3④
 * applying to the entry lacks a record done / not applicable with evidence
 * naming the deliverable; the refusal lists every missing piece with its
 * clause and writes nothing.
 *
 * Who: the gate's role (kitakyushu-cloud: 所属長, 3.3③ and ④ name it)
 * records procedures, withdraws them and declares go-live; others are
 * refused (app->denied) with the role and clause. Everyone reads.
 *
 * Entries without the gate: profiles without the section, tracks it does
 * not list, entries imported from a spreadsheet (application_id NULL: in use
 * before they were registered) — and entries registered before the gate
 * existed, which migration 10 gave an operation start. */
#ifndef DAICHO_APP_GATE_H
#define DAICHO_APP_GATE_H
#include "app/app.h"
#include "policy/gate_policy.h"
#include "store/gate.h"

extern const char *const gate_status_names[];   /* prepared, confirmed, withdrawn (NULL-terminated) */
extern const char *const gate_status_labels[];  /* 整備済み, 確認済み, 取り下げ */

typedef enum GatePhase {
    GATE_PHASE_NONE,        /* the entry has no gate (see `reason`) */
    GATE_PHASE_BUILDING,    /* 構築中: no operation start yet */
    GATE_PHASE_OPERATING    /* 運用中: started (or in use before the gate) */
} GatePhase;
extern const char *const gate_phase_names[];    /* none, building, operating */
extern const char *const gate_phase_labels[];   /* "", 構築中, 運用中 */

/* A procedure and its latest record (status NULL: none). */
typedef struct GateProcView {
    const GateProcedure *proc;
    const char *status, *document, *note, *by, *at;
    int ok;                 /* prepared or confirmed */
} GateProcView;

/* A build check the gate requires of this entry, with its latest record. */
typedef struct GateItemView {
    const Item *item;
    int index;              /* in Profile.items */
    const char *status, *evidence, *by, *at;
    int ok;
} GateItemView;

typedef struct GateStatus {
    const OperationGate *gate;   /* the profile's, or NULL */
    GatePhase phase;
    const char *reason;          /* GATE_PHASE_NONE: why there is no gate (Japanese) */
    int imported;                /* operating because it came from a spreadsheet import */
    int has_start;
    OperationStartRow start;     /* when has_start */
    GateProcView *procs;
    int n_procs;
    GateItemView *items;         /* the build checks required of this entry */
    int n_items;
    GateMissing *missing;        /* what keeps it from going live (building only) */
    int n_missing;
    GateRecordRow *history;      /* every procedure record, oldest first */
    int n_history;
    int may_record;              /* the acting user holds the gate's role */
} GateStatus;

/* The gate of entry `e` (already read) into *out; rows in app->arena. Does
 * not start a use case (app_scratch), so a page may call it while showing
 * rows it read before. Reads only. */
AppRc app_gate_status(App *app, const EntryRow *e, GateStatus *out);
/* Start a use case, read entry `number` into *e and its gate into *out. */
AppRc app_gate_get(App *app, long long number, EntryRow *e, GateStatus *out);
/* "構築中" / "運用中" for an entry, or NULL when it has no gate; one
 * query (no evaluation). For lists and `ledger show`. */
const char *app_gate_phase_label(App *app, const EntryRow *e);
/* The ids of the organization's active entries that are 構築中, into
 * *ids (app->arena; ascending) — what a list needs without a query per
 * row (one query, before the list's). Entries without a gate are never in it. */
AppRc app_gate_building_ids(App *app, long long **ids, int *n);
/* The label of entry `e` of a list given those ids: "構築中", "運用中", or
 * NULL when the entry has no gate or is not active. Reads nothing. */
const char *app_gate_list_label(const App *app, const EntryRow *e, const long long *building, int n);

/* Record procedure `procedure` as `status` (prepared | confirmed) with the
 * document that holds it (required) and a note. Also records the
 * procedure's lifecycle item done (evidence: the document), so the
 * checklist agrees without a second entry. Allowed before and after
 * go-live (a new version of the document); not on an ending or ended
 * entry. Event "gate.record". */
AppRc app_gate_record(App *app, long long number, const char *procedure, const char *status, const char *document,
                      const char *note);
/* Withdraw the procedure's current record (a new record 'withdrawn', with
 * the reason in `note`, required); its lifecycle item becomes not done.
 * Only before go-live. Event "gate.withdraw". */
AppRc app_gate_withdraw(App *app, long long number, const char *procedure, const char *note);
/* Record the operation start: `date` (YYYY-MM-DD; NULL or "": today), not
 * in the future, not before the entry's registration nor outside its
 * usage period; refused with every missing piece while anything is
 * missing, and refused a second time. Records the gate's build item
 * (3.3④) done, reports to the track's report role where it has one.
 * Event "gate.golive". */
AppRc app_gate_golive(App *app, long long number, const char *date, const char *note);

/* The gate of an entry as a JSON object (what `daicho gate N --json` and
 * GET /api/v1/ledger/{n}/gate both write). */
void app_gate_json(const App *app, const EntryRow *e, const GateStatus *st, Str *o);

#endif
