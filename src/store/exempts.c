/* The database's exempt list (store/exempts.h). */
#include <string.h>

#include "store/exempts.h"

static const char SQL_EXEMPT_INSERT[] =
    "INSERT INTO exempt_services (org_id, name, classes, notice, clause, note, created_at, created_by)"
    " VALUES (:org, :name, :classes, :notice, :clause, :note, :at, :by) RETURNING id";
static const char SQL_EXEMPT_DOMAIN[] = "INSERT INTO exempt_domains (exempt_id, domain) VALUES (:id, :domain)";
static const char SQL_EXEMPT_REMOVE[] =
    "UPDATE exempt_services SET removed_at = :at, removed_by = :by, removed_reason = :reason"
    " WHERE org_id = :org AND id = :id AND removed_at IS NULL";
/* One row per (entry, domain); entries without a domain cannot be made (the
 * app requires one), but the LEFT JOIN keeps them visible if they exist. */
#define EXEMPT_COLUMNS                                                                                   \
    "SELECT e.id, e.name, e.classes, e.notice, e.clause, e.note, e.created_at, c.name, e.removed_at,"    \
    " r.name, e.removed_reason, d.domain FROM exempt_services e JOIN users c ON c.id = e.created_by"     \
    " LEFT JOIN users r ON r.id = e.removed_by LEFT JOIN exempt_domains d ON d.exempt_id = e.id"
static const char SQL_EXEMPT_GET[] = EXEMPT_COLUMNS " WHERE e.org_id = :org AND e.id = :id ORDER BY d.domain";
static const char SQL_EXEMPT_EACH[] =
    EXEMPT_COLUMNS " WHERE e.org_id = :org AND (:all = 1 OR e.removed_at IS NULL) ORDER BY e.name, e.id, d.domain";
static const char SQL_EXEMPT_DOMAINS[] =
    "SELECT e.id, e.name, d.domain FROM exempt_services e JOIN exempt_domains d ON d.exempt_id = e.id"
    " WHERE e.org_id = :org AND e.removed_at IS NULL ORDER BY e.id, d.domain";

int store_exempt_insert(Db *db, long long org_id, const ExemptRow *e, long long created_by, const char *at,
                        long long *id)
{
    DbStmt *st = db_prepare(db, SQL_EXEMPT_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", org_id) | db_bind_text(st, "name", e->name) |
             db_bind_text(st, "classes", e->classes) | db_bind_text(st, "notice", e->notice) |
             db_bind_text(st, "clause", e->clause) | db_bind_text(st, "note", e->note ? e->note : "") |
             db_bind_text(st, "at", at) | db_bind_int(st, "by", created_by);
    int step = rc == 0 ? db_step(st) : DB_ERROR;
    if (step == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return step == DB_ROW ? 0 : -1;
}

int store_exempt_add_domain(Db *db, long long exempt_id, const char *domain)
{
    DbStmt *st = db_prepare(db, SQL_EXEMPT_DOMAIN);
    if (!st)
        return -1;
    if (db_bind_int(st, "id", exempt_id) | db_bind_text(st, "domain", domain)) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

int store_exempt_remove(Db *db, long long org_id, long long id, long long by, const char *at, const char *reason)
{
    DbStmt *st = db_prepare(db, SQL_EXEMPT_REMOVE);
    if (!st)
        return -1;
    if (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id) | db_bind_int(st, "by", by) |
        db_bind_text(st, "at", at) | db_bind_text(st, "reason", reason)) {
        db_reset(st);
        return -1;
    }
    long long changed = 0;
    if (db_run(st, &changed))
        return -1;
    return changed > 0;
}

/* Rows come grouped by entry (ORDER BY … e.id): a new id closes the entry
 * before it. Domains are collected into an arena array that grows by
 * copying (lists are short). */
static int each_grouped(DbStmt *st, Arena *a, int (*fn)(void *ctx, const ExemptRow *row), void *ctx, int *found)
{
    ExemptRow cur = {0};
    int have = 0, r, stopped = 0, cap = 0;
    while ((r = db_step(st)) == DB_ROW) {
        long long id = db_col_int(st, 0);
        if (have && id != cur.id) {
            if (fn(ctx, &cur)) {
                stopped = 1;
                break;
            }
            have = 0;
        }
        if (!have) {
            ExemptRow n = {id,
                           db_col_dup(st, 1, a),
                           db_col_dup(st, 2, a),
                           db_col_dup(st, 3, a),
                           db_col_dup(st, 4, a),
                           db_col_dup(st, 5, a),
                           db_col_dup(st, 6, a),
                           db_col_dup(st, 7, a),
                           db_col_dup(st, 8, a),
                           db_col_dup(st, 9, a),
                           db_col_dup(st, 10, a),
                           NULL,
                           0};
            cur = n;
            cap = 0;
            have = 1;
            if (found)
                *found = 1;
        }
        if (!db_col_is_null(st, 11)) {
            if (cur.n_domains == cap) {
                int ncap = cap ? cap * 2 : 4;
                const char **grown = arena_alloc(a, sizeof *grown * (size_t)ncap);
                if (!grown) {
                    db_reset(st);
                    return -1;
                }
                if (cur.n_domains)
                    memcpy(grown, cur.domains, sizeof *grown * (size_t)cur.n_domains);
                cur.domains = grown;
                cap = ncap;
            }
            cur.domains[cur.n_domains++] = db_col_dup(st, 11, a);
        }
    }
    db_reset(st);
    if (r == DB_ERROR && !stopped)
        return -1;
    if (have && !stopped)
        fn(ctx, &cur);
    return 0;
}

static int keep_one(void *ctx, const ExemptRow *row)
{
    *(ExemptRow *)ctx = *row;
    return 1;
}

int store_exempt_get(Db *db, Arena *a, long long org_id, long long id, ExemptRow *out)
{
    DbStmt *st = db_prepare(db, SQL_EXEMPT_GET);
    if (!st)
        return -1;
    if (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) {
        db_reset(st);
        return -1;
    }
    int found = 0;
    if (each_grouped(st, a, keep_one, out, &found))
        return -1;
    return found;
}

int store_exempt_each(Db *db, Arena *a, long long org_id, int all, int (*fn)(void *ctx, const ExemptRow *row),
                      void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_EXEMPT_EACH);
    if (!st)
        return -1;
    if (db_bind_int(st, "org", org_id) | db_bind_int(st, "all", all ? 1 : 0)) {
        db_reset(st);
        return -1;
    }
    return each_grouped(st, a, fn, ctx, NULL);
}

int store_exempt_domains_each(Db *db, long long org_id,
                              int (*fn)(void *ctx, long long exempt_id, const char *name, const char *domain),
                              void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_EXEMPT_DOMAINS);
    if (!st)
        return -1;
    if (db_bind_int(st, "org", org_id)) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW)
        if (fn(ctx, db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2)))
            break;
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
