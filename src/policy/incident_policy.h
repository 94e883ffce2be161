/* The profile's `incidents` section (issue #6 item 2; docs/incidents.md):
 * what a user may report (kinds, each with its clause), the role a report
 * goes to, who handles and who closes, and the clause of the handling
 * approach agreed with the provider (policy/approach.h). Loaded by
 * incidents_load() into the profile's arena (immutable afterwards); the
 * pure state machine of a report is here too.
 *
 *   otokuni 3.4(ケ): 利用者が…インシデントや情報の目的外利用等を認知した場合、
 *   情報セキュリティ責任者へ報告する／報告を受けた場合の対応手順を定める.
 *   kitakyushu 3.4④ (external 3.4②): 所属長は…対応要綱に準じて対応する.
 *   tokyo-edu 8ア(エ), 10キ. */
#ifndef DAICHO_INCIDENT_POLICY_H
#define DAICHO_INCIDENT_POLICY_H
#include "policy/profile.h"

/* What can be reported: "security-incident", "misuse" (目的外利用) … */
typedef struct IncidentKind {
    const char *id;
    const char *label;          /* Japanese */
    const char *clause;         /* the clause that asks for it to be reported */
} IncidentKind;

typedef struct IncidentPolicy {
    const char *clause;         /* the section's clause, e.g. "3.4(ケ)" */
    int receiver_role;          /* role index the report goes to (notification, list) */
    const char *receiver_clause;
    int *handler_roles;         /* role indexes that start, note, resolve and reopen */
    int n_handler_roles;        /* includes receiver_role (the loader checks) */
    const char *handler_clause;
    int *closer_roles;          /* role indexes that close (after resolving, or as 対応不要) */
    int n_closer_roles;
    const char *close_clause;
    const char *approach_clause; /* the agreed handling approach (kitakyushu 3.1(8)⑤) */
    IncidentKind *kinds;
    int n_kinds;
    int social_kind;            /* kind of incidents opened by social playbooks (10キ); -1 none */
} IncidentPolicy;

/* States of a report, in order; names are the database's. */
typedef enum IncidentState { INC_RECEIVED, INC_HANDLING, INC_RESOLVED, INC_CLOSED, INC_STATE_COUNT } IncidentState;
extern const char *const incident_state_names[INC_STATE_COUNT + 1];  /* NULL-terminated */
extern const char *const incident_state_labels[INC_STATE_COUNT];     /* 受付, 対応中, 解決, 終結 */

/* Steps. REPORT is the first (recorded by the reporter); the others are
 * taken by the profile's handlers (START, NOTE, RESOLVE, REOPEN) and
 * closers (CLOSE). */
typedef enum IncidentAction {
    INA_REPORT,
    INA_START,      /* received → handling: the handling approach is chosen */
    INA_NOTE,       /* received/handling/resolved, no change: a progress record */
    INA_RESOLVE,    /* handling → resolved (note required: what was done) */
    INA_CLOSE,      /* resolved → closed; received → closed as 対応不要 (note required) */
    INA_REOPEN,     /* resolved → handling (note required: why) */
    INA_COUNT
} IncidentAction;
extern const char *const incident_action_names[INA_COUNT + 1];  /* NULL-terminated */
extern const char *const incident_action_labels[INA_COUNT];

/* The state `action` leads to from state `from`, or -1 when the action may
 * not be taken in that state (REPORT is never a later step). */
int incident_next_state(int from, int action);
/* 1 when the action is a closer's, 0 a handler's. */
int incident_action_closes(int action);
/* 1 when the action needs a note (resolve, reopen, close from received). */
int incident_action_needs_note(int from, int action);

/* Index of kind `id`, or -1. */
int incident_kind_index(const IncidentPolicy *ip, const char *id);
/* 1 when role index `role` is among roles[0..n). */
int incident_role_in(const int *roles, int n, int role);

#endif
