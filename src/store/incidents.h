/* Incident reports and their steps (issue #6 item 2; migration 10). Same
 * conventions as store/store.h: 0 / -1 (db_errmsg), rows copied into the
 * caller's arena, callbacks (fn) must not use the database and return
 * non-zero to stop. */
#ifndef DAICHO_STORE_INCIDENTS_H
#define DAICHO_STORE_INCIDENTS_H
#include "store/db.h"
#include "util/arena.h"

typedef struct IncidentRow {
    long long id, org_id;
    long long number;            /* per organization, from 1 */
    const char *kind;            /* kind id of the profile's incidents section */
    const char *title, *description;
    long long entry_id;          /* ledger entry, 0 none */
    long long entry_number;      /* its number (read only), 0 none */
    long long entry_admin_id;    /* its service administrator (read only), 0 none */
    const char *service_name;    /* the entry's service, or the service named without an entry */
    long long finding_id;        /* discovery finding, 0 none */
    long long social_account_id; /* social-media account, 0 none */
    const char *noticed_at;      /* when the reporter noticed it (ISO date or date-time) */
    long long reported_by;
    const char *reporter_login, *reporter_name;  /* read only */
    const char *reported_at;
    const char *assigned_role;   /* role id the report went to */
    const char *state;           /* received | handling | resolved | closed */
    const char *approach;        /* "" | recovery_first | continuity_first */
    long long playbook_run_id;   /* 0 none */
    const char *updated_at;
} IncidentRow;

/* Insert with the next number of the organization: *id and *number. */
int store_incident_insert(Db *db, const IncidentRow *r, long long *id, long long *number);
/* The organization's incident `number`: 1 found, 0 none, -1 error. */
int store_incident_by_number(Db *db, Arena *a, long long org_id, long long number, IncidentRow *out);
/* The incident a playbook run opened: 1 found, 0 none, -1 error. */
int store_incident_by_run(Db *db, Arena *a, long long run_id, IncidentRow *out);

typedef struct IncidentFilter {
    const char *state;           /* NULL: any; "open": any but closed */
    long long reader;            /* 0: every report; else those this user reported or
                                  * administers the entry of */
    long long entry_id;          /* 0: any */
} IncidentFilter;
/* The organization's incidents, newest first. */
int store_incidents(Db *db, Arena *a, long long org_id, const IncidentFilter *f,
                    int (*fn)(void *ctx, const IncidentRow *row), void *ctx);

/* Move incident `id` from state `from` to `to` (approach NULL: unchanged):
 * 1 done, 0 it was no longer in `from` (another writer), -1 error. */
int store_incident_set_state(Db *db, long long id, const char *from, const char *to, const char *approach,
                             const char *at);

typedef struct IncidentStepRow {
    long long id;
    const char *action, *from_state, *to_state, *decision, *note;
    const char *actor_login, *actor_name;  /* read only */
    const char *at;
} IncidentStepRow;
int store_incident_step_insert(Db *db, long long incident_id, const char *action, const char *from, const char *to,
                               const char *decision, const char *note, long long actor_id, const char *at);
/* In order. */
int store_incident_steps(Db *db, Arena *a, long long incident_id, int (*fn)(void *ctx, const IncidentStepRow *row),
                         void *ctx);

/* The label of discovery finding `id` of the organization: 1 found, 0 none, -1 error. */
int store_incident_finding_label(Db *db, Arena *a, long long org_id, long long id, const char **label);

#endif
