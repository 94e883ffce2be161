/* Ledger entries (台帳), their versions and the search over them. Same
 * conventions as store/store.h. */
#ifndef DAICHO_STORE_LEDGER_H
#define DAICHO_STORE_LEDGER_H
#include "store/db.h"
#include "util/arena.h"

typedef struct EntryRow {
    long long id, org_id, number, application_id, service_id, department_id, administrator_id;
    int state;                 /* EntryState */
    int track;                 /* TRACK_* */
    int version;
    const char *confidentiality, *service_name, *function, *provider, *purpose;
    const char *period_from, *period_to;   /* "YYYY-MM-DD" or NULL */
    const char *applicant_department, *applicant_name, *user_scope, *admin_department, *admin_title;
    const char *review_due, *last_review;  /* "YYYY-MM-DD" or NULL */
    const char *doc;           /* the application document the entry stands on (JSON) */
    const char *search_text;   /* normalized text the entry is found by */
    const char *created_at, *updated_at, *ended_at;
    const char *administrator_login;       /* read only */
} EntryRow;

/* Next free ledger number of the organization. */
int store_ledger_next_number(Db *db, long long org_id, long long *number);
/* Insert (and index for search); r->id is ignored, *id gets the new one. */
int store_entry_insert(Db *db, const EntryRow *r, long long *id);
/* Insert for a bulk load: on SQLite the entry is not searchable until
 * store_ledger_index_from() indexes every entry from the first id so
 * inserted, in the same transaction. (PostgreSQL indexes at once.) */
int store_entry_insert_unindexed(Db *db, const EntryRow *r, long long *id);
int store_ledger_index_from(Db *db, long long first_id);
/* Replace the entry's fields if it still has `expected_version`: 1 done, 0
 * another writer changed it first. `old_search_text` is what the search
 * index holds for it now. */
int store_entry_update(Db *db, const EntryRow *r, const char *old_search_text, int expected_version);
int store_entry_get(Db *db, Arena *a, long long org_id, long long id, EntryRow *out);
int store_entry_by_number(Db *db, Arena *a, long long org_id, long long number, EntryRow *out);

int store_entry_version_insert(Db *db, long long entry_id, int version, const char *state, const char *doc,
                               long long changed_by, const char *at, const char *reason);
typedef struct VersionRow {
    int version;
    const char *state, *doc, *changed_by, *changed_at, *reason;
} VersionRow;
int store_entry_versions(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const VersionRow *row),
                         void *ctx);

/* Every entry of the organization in number order, streaming: each row's
 * strings live only during its fn call (a per-row arena), so a million
 * entries take constant memory. fn must not use the database. */
int store_ledger_each(Db *db, long long org_id, int (*fn)(void *ctx, const EntryRow *row), void *ctx);

/* Entries not ended whose review is due or whose usage period ends on or
 * before `until` (YYYY-MM-DD), by the earlier of the two dates. */
int store_ledger_due(Db *db, Arena *a, long long org_id, const char *until, int (*fn)(void *ctx, const EntryRow *row),
                     void *ctx);
/* Entries not ended that rely on service `service_id`. */
int store_ledger_by_service(Db *db, Arena *a, long long service_id, int (*fn)(void *ctx, const EntryRow *row), void *ctx);

typedef enum LedgerSort { SORT_NUMBER, SORT_REVIEW_DUE, SORT_PERIOD_TO, SORT_SERVICE, SORT_COUNT } LedgerSort;
extern const char *const ledger_sort_names[SORT_COUNT + 1]; /* number, review_due, period_to, service */

typedef struct LedgerQuery {
    long long org_id;
    const char *text;          /* substring, any length; NULL or "" for all */
    int state;                 /* EntryState or -1 */
    const char *confidentiality; /* class code or NULL */
    long long department_id;   /* 0 any */
    const char *due_before;    /* review due or usage period ending on/before this date, or NULL */
    LedgerSort sort;
    int descending;
    int limit, offset;         /* limit 0: 50 */
    const char *track;         /* "important" | "ordinary" or NULL (kitakyushu keeps one ledger per track, 5.2(2)③) */
} LedgerQuery;

enum { LEDGER_TOTAL_CAP = 1000 };
/* Entries matching `q`, in order; fn per row (stop on nonzero). *total (may
 * be NULL) gets the number of matches ignoring limit/offset, exact up to
 * LEDGER_TOTAL_CAP and LEDGER_TOTAL_CAP + 1 ("more than 1000") above it.
 * A text search sorted by number comes in registration order (see
 * ledger.c), which is number order unless an import gave older numbers. */
int store_ledger_search(Db *db, Arena *a, const LedgerQuery *q, int (*fn)(void *ctx, const EntryRow *row), void *ctx,
                        long long *total);

#endif
