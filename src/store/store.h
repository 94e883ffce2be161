/* The records of the system (DESIGN.md "Workflow and ledger"), read and
 * written with prepared statements over either backend. These functions do
 * no checking of the procedure (that is the domain's and the app's job) and
 * never open transactions: a use case wraps them in one (audit_begin …
 * db_commit). Strings of returned rows are allocated in the caller's arena.
 * Lookups return 1 found, 0 not found, -1 database error (db_errmsg). */
#ifndef DAICHO_STORE_H
#define DAICHO_STORE_H
#include "store/db.h"
#include "util/arena.h"

typedef struct OrgRow {
    long long id;
    const char *code, *name, *profile_id, *profile_version;
} OrgRow;

int store_org_insert(Db *db, const char *code, const char *name, const char *profile_id, const char *version,
                     const char *at, long long *id);
int store_org_get(Db *db, Arena *a, long long id, OrgRow *out);
/* Every organization, for retention (`fn` called per row; stops on nonzero). */
int store_org_each(Db *db, Arena *a, int (*fn)(void *ctx, const OrgRow *row), void *ctx);

/* The department's id, creating it when new. */
int store_department_ensure(Db *db, long long org_id, const char *name, long long *id);

typedef struct UserRow {
    long long id, org_id, department_id;
    const char *login, *name, *department, *title;
    int is_admin, active;
    int is_auditor;       /* daicho's read-only auditor (監査担当), like is_admin not a profile role */
    const char **roles;   /* role ids, n_roles of them */
    int n_roles;
} UserRow;

int store_user_insert(Db *db, long long org_id, const char *login, const char *name, long long department_id,
                      const char *title, const char *password_hash, int is_admin, int is_auditor, const char *at,
                      long long *id);
int store_user_add_role(Db *db, long long user_id, const char *role);
int store_user_remove_roles(Db *db, long long user_id);
int store_user_set_password(Db *db, long long user_id, const char *password_hash);
int store_user_get(Db *db, Arena *a, long long id, UserRow *out);
int store_user_by_login(Db *db, Arena *a, const char *login, UserRow *out);
/* Password hash of a login (NULL in *hash when none set). */
int store_user_password(Db *db, Arena *a, const char *login, const char **hash);
/* Users of an organization, by login; fn per row. */
int store_user_each(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const UserRow *row), void *ctx);

/* The service's id, creating it when new (name + provider identify it). */
int store_service_ensure(Db *db, long long org_id, const char *name, const char *provider, const char *category,
                         long long *id);
int store_service_find(Db *db, long long org_id, const char *name, const char *provider, long long *id);

typedef struct AppRow {
    long long id, org_id, service_id, applicant_id, department_id, decided_by, entry_id;
    int state;             /* AppState */
    int track;             /* TRACK_* */
    int version;
    const char *confidentiality, *function, *doc, *evaluation, *verdict, *reason;
    const char *created_at, *submitted_at, *decided_at;  /* NULL when not yet */
    const char *service_name, *provider, *applicant_login, *applicant_name, *department, *decided_by_name;
} AppRow;

int store_app_insert(Db *db, const AppRow *r, long long *id);
int store_app_get(Db *db, Arena *a, long long org_id, long long id, AppRow *out);
/* Change state and the evaluation, only if the row still has `version`
 * (another writer won otherwise: 0 returned). Sets submitted_at/decided_at
 * when given (non-NULL). */
int store_app_update(Db *db, const AppRow *r, int expected_version);
int store_app_step(Db *db, long long app_id, const char *action, const char *from, const char *to,
                   long long actor_id, const char *at, const char *reason);

typedef struct AppFilter {
    long long org_id;
    int state;             /* -1 any */
    long long applicant_id;  /* 0 any */
    const char *track;     /* NULL any */
    int limit, offset;
} AppFilter;
int store_app_each(Db *db, Arena *a, const AppFilter *f, int (*fn)(void *ctx, const AppRow *row), void *ctx);

typedef struct StepRow {
    const char *action, *from_state, *to_state, *actor, *at, *reason;
} StepRow;
int store_app_steps(Db *db, Arena *a, long long app_id, int (*fn)(void *ctx, const StepRow *row), void *ctx);

#endif
