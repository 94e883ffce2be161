/* Contact charts of ledger entries (連絡体制図; migration 10 contact_charts):
 * versions per entry, the latest is current. Same conventions as
 * store/store.h: 0 / -1 (db_errmsg), rows copied into the caller's arena,
 * callbacks must not use the database and return non-zero to stop. */
#ifndef DAICHO_STORE_CONTACT_H
#define DAICHO_STORE_CONTACT_H
#include "store/db.h"
#include "util/arena.h"

typedef struct ContactChartRow {
    long long entry_id;
    int version;
    const char *doc;             /* canonical JSON (exchange/contact_json.h) */
    const char *approach;        /* "", recovery_first, continuity_first */
    const char *note;            /* why this version ("" none) */
    const char *saved_by, *saved_by_name, *saved_at;  /* login, name (read only), time */
} ContactChartRow;

/* Insert version `version` of the entry's chart. */
int store_contact_insert(Db *db, long long entry_id, int version, const char *doc, const char *approach,
                         const char *note, long long saved_by, const char *at);
/* The latest version: 1 found, 0 none, -1 error. */
int store_contact_latest(Db *db, Arena *a, long long entry_id, ContactChartRow *out);
/* Every version of the entry, newest first (doc not read: NULL). */
int store_contact_versions(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const ContactChartRow *row),
                           void *ctx);

/* An entry of the organization with the time of its latest chart. */
typedef struct ContactDueRow {
    long long entry_id, number;
    const char *service_name, *state, *administrator_login, *created_at;
    const char *saved_at;        /* latest chart version's time, NULL when there is none */
} ContactDueRow;
/* Entries active or ending (in number order) with their latest chart time. */
int store_contact_due(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const ContactDueRow *row), void *ctx);

/* A user holding a role now (active users of the organization). */
typedef struct ContactPerson {
    const char *login, *name, *department, *title, *email;
} ContactPerson;
/* Active users of the organization with `role`, by id. */
int store_contact_role_holders(Db *db, Arena *a, long long org_id, const char *role,
                               int (*fn)(void *ctx, const ContactPerson *row), void *ctx);
/* The user `user_id` (of the organization): 1 found, 0 none, -1 error. */
int store_contact_person(Db *db, Arena *a, long long org_id, long long user_id, ContactPerson *out);

#endif
