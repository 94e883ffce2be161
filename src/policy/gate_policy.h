/* The profile's 'operation_gate' section: what must be ready before a use
 * goes live (kitakyushu-cloud 3.3③④; docs/gate.md). In a profile with the
 * section, an entry of a gated track is 構築中 (building) from approval
 * until its operation start is recorded, and the start is refused while a
 * procedure or a build check is missing. Profiles without it have no gate.
 *
 * Everything lives in the profile's arena (policy/profile.h). The check of
 * what is missing (gate_missing) is pure: the app layer reads the records
 * and hands them in. */
#ifndef DAICHO_GATE_POLICY_H
#define DAICHO_GATE_POLICY_H
#include "policy/profile.h"

/* One procedure to be prepared (整備) or confirmed (確認) before go-live. */
typedef struct GateProcedure {
    const char *id;          /* e.g. "security-level" */
    const char *clause;      /* e.g. "3.3③(ア)" */
    const char *text;        /* what the procedure is, in our words */
    int item;                /* index in Profile.items of the lifecycle item the record also answers, or -1 */
} GateProcedure;

typedef struct OperationGate {
    const char *clause;            /* the gate's clause, e.g. "3.3③" */
    unsigned track_mask;           /* bit per track the gate applies to */
    int role;                      /* role index: who records procedures and declares go-live */
    const char *role_clause;       /* where the standard names that role */
    GateProcedure *procedures;
    int n_procedures;
    /* The build-phase checks confirmed through deliverables (3.3④): every
     * applicable must-item of phase build whose clause starts with
     * `build_covers` (NULL: every build item), except the procedures'
     * items and `build_item`, recorded done or not applicable with
     * evidence naming the deliverable. */
    const char *build_clause;      /* e.g. "3.3④" */
    const char *build_covers;      /* clause prefix, e.g. "3.3①", or NULL */
    int build_item;                /* item the go-live records as done (the 3.3④ confirmation itself), or -1 */
} OperationGate;

/* Index of procedure `id` in the gate, or -1. */
int gate_procedure_index(const OperationGate *g, const char *id);

/* Whether item `i` of the profile is one of the build checks the gate
 * requires (before knowing whether it applies to an entry). */
int gate_requires_item(const Profile *p, const OperationGate *g, int i);

/* The latest record of a procedure: status "prepared", "confirmed",
 * "withdrawn", or NULL when none. */
typedef struct GateProcState {
    const char *status;
    const char *document;
} GateProcState;

/* The latest checklist record of an item: status "done",
 * "not_applicable", "not_done", or NULL; `applies` 1 when the item applies
 * to the entry (the profile's conditions on its document). */
typedef struct GateItemState {
    int applies;
    const char *status;
    const char *evidence;
} GateItemState;

typedef enum GateMissingKind { GATE_MISSING_PROCEDURE, GATE_MISSING_BUILD_ITEM } GateMissingKind;

/* One thing that keeps an entry from going live. */
typedef struct GateMissing {
    GateMissingKind kind;
    int index;               /* procedure index, or item index in Profile.items */
    const char *id;          /* procedure or item id */
    const char *clause;      /* its clause */
    const char *text;        /* its text */
    const char *why;         /* 未記録, 取り下げ済み, 未実施, 根拠（納品物等）が未記入 */
} GateMissing;

/* Everything missing, in the gate's order (procedures, then build items in
 * the profile's order), into out[0..cap); returns how many there are (may
 * be more than cap). procs has g->n_procedures states, items
 * p->n_items. */
int gate_missing(const Profile *p, const OperationGate *g, const GateProcState *procs, const GateItemState *items,
                 GateMissing *out, int cap);

#endif
