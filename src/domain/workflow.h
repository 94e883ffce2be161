/* The approval procedure and the ledger lifecycle as pure functions over the
 * profile (DESIGN.md "Workflow and ledger"): which transitions exist, and who
 * may take them. Nothing here knows a city: tracks, roles, clauses and
 * separation of duties all come from the profile. */
#ifndef DAICHO_WORKFLOW_H
#define DAICHO_WORKFLOW_H
#include "policy/profile.h"

typedef enum AppState {
    APP_DRAFT,
    APP_SUBMITTED,
    APP_RETURNED,
    APP_APPROVED,
    APP_REJECTED,
    APP_WITHDRAWN,
    APP_STATE_COUNT
} AppState;
extern const char *const app_state_names[APP_STATE_COUNT + 1];  /* draft … (NULL-terminated) */
extern const char *const app_state_labels[APP_STATE_COUNT];     /* 下書き … */

typedef enum AppAction { ACT_SUBMIT, ACT_WITHDRAW, ACT_APPROVE, ACT_REJECT, ACT_RETURN, ACT_COUNT } AppAction;
extern const char *const app_action_names[ACT_COUNT + 1];
extern const char *const app_action_labels[ACT_COUNT];

typedef enum EntryState { ENTRY_ACTIVE, ENTRY_ENDING, ENTRY_ENDED, ENTRY_STATE_COUNT } EntryState;
extern const char *const entry_state_names[ENTRY_STATE_COUNT + 1];
extern const char *const entry_state_labels[ENTRY_STATE_COUNT];

/* Index of `name` in a NULL-terminated name list, or -1. */
int state_index(const char *const *names, const char *name);

/* The acting user as the domain sees it. */
typedef struct Actor {
    long long id;
    const char *login;
    const char *name;
    unsigned long long roles;  /* bit per role index of the organization's profile */
    int is_admin;              /* system administrator (users, organization) */
    int is_auditor;            /* auditor (監査担当): reads everything, changes nothing */
} Actor;

#define ROLE_BIT(i) (1ULL << (i))

/* Why something is refused: a Japanese message and the clause it rests on
 * (NULL when the rule is daicho's own procedure rather than a clause). */
typedef struct Refusal {
    char message[512];
    const char *clause;
} Refusal;

/* State after `action` from `from`, or -1 when the procedure has no such
 * step (with the reason in *why). */
int workflow_next(AppState from, AppAction action, Refusal *why);

/* May `actor` take `action` on an application of `track` filed by user
 * `applicant_id`? 1 yes; 0 no, with the rule and clause in *why.
 *   submit, withdraw: the applicant only, holding an applicant role of the track;
 *   approve, reject, return: a holder of the track's approver role, and never
 *   the applicant where the track demands separation of duties. */
int workflow_permits(const Profile *p, int track, AppAction action, const Actor *actor, long long applicant_id,
                     Refusal *why);

/* The role the applicant files under: `wanted` (a role index, or -1 to
 * choose) must be one the actor holds and the track accepts. Returns the role
 * index or -1 with *why. */
int workflow_applicant_role(const Profile *p, int track, const Actor *actor, int wanted, Refusal *why);

/* May `actor` keep the ledger entry (checklists, reviews, changes, end of
 * use)? Its administrator, a holder of the track's approver or registrar
 * role. */
int ledger_may_keep(const Profile *p, int track, const Actor *actor, long long administrator_id, Refusal *why);

/* Next operation review: `interval_months` after `from` (yyyymmdd). */
int review_due_after(const Profile *p, int from);

#endif
