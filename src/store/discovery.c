/* Discovery of unapproved services: SQL (store/discovery.h). Merges are
 * upserts (ON CONFLICT … DO UPDATE, the same on SQLite and PostgreSQL), so
 * a run adds to what earlier runs found without reading it first. */
#include <string.h>

#include "store/discovery.h"

static int run_or_fail(DbStmt *st, int bind_rc, long long *changes)
{
    if (!st)
        return -1;
    if (bind_rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, changes);
}

/* ---- service domains ---- */

static const char SQL_DOMAIN_ADD[] =
    "INSERT INTO service_domains (service_id, domain) VALUES (:service, :domain) ON CONFLICT DO NOTHING";
static const char SQL_DOMAIN_REMOVE[] = "DELETE FROM service_domains WHERE service_id = :service AND domain = :domain";
static const char SQL_DOMAINS[] =
    "SELECT d.service_id, s.name, d.domain FROM service_domains d JOIN services s ON s.id = d.service_id"
    " WHERE s.org_id = :org ORDER BY d.service_id, d.domain";
static const char SQL_APPROVED[] =
    "SELECT DISTINCT service_id FROM ledger_entries WHERE org_id = :org AND state IN ('active', 'ending')"
    " ORDER BY service_id";
static const char SQL_SERVICE_BY_NAME[] =
    "SELECT id FROM services WHERE org_id = :org AND name = :name ORDER BY id LIMIT 1";

int store_service_domain_add(Db *db, long long service_id, const char *domain)
{
    DbStmt *st = db_prepare(db, SQL_DOMAIN_ADD);
    return run_or_fail(st, st ? db_bind_int(st, "service", service_id) | db_bind_text(st, "domain", domain) : -1,
                       NULL);
}

int store_service_domain_remove(Db *db, long long service_id, const char *domain)
{
    DbStmt *st = db_prepare(db, SQL_DOMAIN_REMOVE);
    long long n = 0;
    if (run_or_fail(st, st ? db_bind_int(st, "service", service_id) | db_bind_text(st, "domain", domain) : -1, &n) !=
        0)
        return -1;
    return n > 0;
}

int store_service_domains_each(Db *db, long long org_id,
                               int (*fn)(void *ctx, long long service_id, const char *name, const char *domain),
                               void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_DOMAINS);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW)
        if (fn(ctx, db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2)) != 0)
            break;
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_services_approved_each(Db *db, long long org_id, int (*fn)(void *ctx, long long service_id), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_APPROVED);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW)
        if (fn(ctx, db_col_int(st, 0)) != 0)
            break;
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_service_by_name(Db *db, long long org_id, const char *name, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_SERVICE_BY_NAME);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "name", name)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return r == DB_ERROR ? -1 : r == DB_ROW;
}

/* ---- ignore list ---- */

static const char SQL_IGNORE_ADD[] =
    "INSERT INTO discovery_ignores (org_id, pattern, note, created_at, created_by)"
    " VALUES (:org, :pattern, :note, :at, :by) ON CONFLICT DO NOTHING";
static const char SQL_IGNORE_REMOVE[] = "DELETE FROM discovery_ignores WHERE org_id = :org AND pattern = :pattern";
static const char SQL_IGNORES[] =
    "SELECT i.id, i.pattern, i.note, i.created_at, u.login FROM discovery_ignores i JOIN users u ON u.id = i.created_by"
    " WHERE i.org_id = :org ORDER BY i.pattern";

int store_ignore_add(Db *db, long long org_id, const char *pattern, const char *note, long long by, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_IGNORE_ADD);
    long long n = 0;
    if (run_or_fail(st,
                    st ? db_bind_int(st, "org", org_id) | db_bind_text(st, "pattern", pattern) |
                             db_bind_text(st, "note", note ? note : "") | db_bind_text(st, "at", at) |
                             db_bind_int(st, "by", by)
                       : -1,
                    &n) != 0)
        return -1;
    return n > 0;
}

int store_ignore_remove(Db *db, long long org_id, const char *pattern)
{
    DbStmt *st = db_prepare(db, SQL_IGNORE_REMOVE);
    long long n = 0;
    if (run_or_fail(st, st ? db_bind_int(st, "org", org_id) | db_bind_text(st, "pattern", pattern) : -1, &n) != 0)
        return -1;
    return n > 0;
}

int store_ignore_each(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const IgnoreRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_IGNORES);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        IgnoreRow row = {db_col_int(st, 0), db_col_dup(st, 1, a), db_col_dup(st, 2, a), db_col_dup(st, 3, a),
                         db_col_dup(st, 4, a)};
        if (fn(ctx, &row) != 0)
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

/* ---- runs ---- */

static const char SQL_RUN_INSERT[] =
    "INSERT INTO discovery_runs (org_id, file, format, lines, records, blank, bad, bad_lines, findings_new,"
    " findings_updated, hits_unapproved, hits_approved, hits_exempt, hits_ignored, unrecorded, run_by, at)"
    " VALUES (:org, :file, :format, :lines, :records, :blank, :bad, :bad_lines, :new, :updated, :unapproved,"
    " :approved, :exempt, :ignored, :unrecorded, :by, :at) RETURNING id";
static const char SQL_RUNS[] =
    "SELECT r.id, r.file, r.format, r.lines, r.records, r.blank, r.bad, r.bad_lines, r.findings_new,"
    " r.findings_updated, r.hits_unapproved, r.hits_approved, r.hits_exempt, r.hits_ignored, r.unrecorded, u.login,"
    " r.at FROM discovery_runs r JOIN users u ON u.id = r.run_by WHERE r.org_id = :org ORDER BY r.id DESC LIMIT :limit";

int store_run_insert(Db *db, long long org_id, const RunRow *r, long long by, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_RUN_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", org_id) | db_bind_text(st, "file", r->file) | db_bind_text(st, "format", r->format) |
             db_bind_int(st, "lines", r->lines) | db_bind_int(st, "records", r->records) |
             db_bind_int(st, "blank", r->blank) | db_bind_int(st, "bad", r->bad) |
             db_bind_text(st, "bad_lines", r->bad_lines) | db_bind_int(st, "new", r->findings_new) |
             db_bind_int(st, "updated", r->findings_updated) | db_bind_int(st, "unapproved", r->hits_unapproved) |
             db_bind_int(st, "approved", r->hits_approved) | db_bind_int(st, "exempt", r->hits_exempt) |
             db_bind_int(st, "ignored", r->hits_ignored) | db_bind_int(st, "unrecorded", r->unrecorded) |
             db_bind_int(st, "by", by) | db_bind_text(st, "at", r->at);
    if (rc != 0 || db_step(st) != DB_ROW) {
        db_reset(st);
        return -1;
    }
    *id = db_col_int(st, 0);
    db_reset(st);
    return 0;
}

int store_run_each(Db *db, Arena *a, long long org_id, int limit, int (*fn)(void *ctx, const RunRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_RUNS);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "limit", limit)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        RunRow row = {0};
        row.id = db_col_int(st, 0);
        row.file = db_col_dup(st, 1, a);
        row.format = db_col_dup(st, 2, a);
        row.lines = db_col_int(st, 3);
        row.records = db_col_int(st, 4);
        row.blank = db_col_int(st, 5);
        row.bad = db_col_int(st, 6);
        row.bad_lines = db_col_dup(st, 7, a);
        row.findings_new = (int)db_col_int(st, 8);
        row.findings_updated = (int)db_col_int(st, 9);
        row.hits_unapproved = db_col_int(st, 10);
        row.hits_approved = db_col_int(st, 11);
        row.hits_exempt = db_col_int(st, 12);
        row.hits_ignored = db_col_int(st, 13);
        row.unrecorded = db_col_int(st, 14);
        row.run_by = db_col_dup(st, 15, a);
        row.at = db_col_dup(st, 16, a);
        if (fn(ctx, &row) != 0)
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

/* ---- findings ---- */

static const char SQL_FINDING_MERGE[] =
    "INSERT INTO discovery_findings (org_id, group_key, service_id, label, status, hits, first_seen, last_seen, runs,"
    " created_at, updated_at, last_run_id)"
    " VALUES (:org, :key, :service, :label, 'open', :hits, :first, :last, 1, :now, :now, :run)"
    " ON CONFLICT (org_id, group_key) DO UPDATE SET hits = discovery_findings.hits + excluded.hits,"
    " first_seen = CASE WHEN excluded.first_seen < discovery_findings.first_seen THEN excluded.first_seen"
    " ELSE discovery_findings.first_seen END,"
    " last_seen = CASE WHEN excluded.last_seen > discovery_findings.last_seen THEN excluded.last_seen"
    " ELSE discovery_findings.last_seen END,"
    " runs = discovery_findings.runs + 1, label = excluded.label, updated_at = excluded.updated_at,"
    " last_run_id = excluded.last_run_id RETURNING id, runs";

#define SEEN_MERGE(table, col)                                                                                   \
    "INSERT INTO " table " (finding_id, " col ", hits, first_seen, last_seen) VALUES (:f, :name, :hits, :first, :last)" \
    " ON CONFLICT (finding_id, " col ") DO UPDATE SET hits = " table ".hits + excluded.hits,"                     \
    " first_seen = CASE WHEN excluded.first_seen < " table ".first_seen THEN excluded.first_seen"                \
    " ELSE " table ".first_seen END,"                                                                             \
    " last_seen = CASE WHEN excluded.last_seen > " table ".last_seen THEN excluded.last_seen"                    \
    " ELSE " table ".last_seen END"
static const char SQL_HOST_MERGE[] = SEEN_MERGE("discovery_hosts", "host");
static const char SQL_USER_MERGE[] = SEEN_MERGE("discovery_users", "user_name");

int store_finding_merge(Db *db, long long org_id, const FindingRow *f, long long run_id, const char *now,
                        long long *id, int *created)
{
    DbStmt *st = db_prepare(db, SQL_FINDING_MERGE);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", org_id) | db_bind_text(st, "key", f->group_key) |
             (f->service_id ? db_bind_int(st, "service", f->service_id) : db_bind_null(st, "service")) |
             db_bind_text(st, "label", f->label) | db_bind_int(st, "hits", f->hits) |
             db_bind_text(st, "first", f->first_seen) | db_bind_text(st, "last", f->last_seen) |
             db_bind_text(st, "now", now) | db_bind_int(st, "run", run_id);
    if (rc != 0 || db_step(st) != DB_ROW) {
        db_reset(st);
        return -1;
    }
    *id = db_col_int(st, 0);
    *created = db_col_int(st, 1) == 1;
    db_reset(st);
    return 0;
}

static int seen_merge(Db *db, const char *sql, long long finding_id, const char *name, long long hits,
                      const char *first, const char *last)
{
    DbStmt *st = db_prepare(db, sql);
    return run_or_fail(st,
                       st ? db_bind_int(st, "f", finding_id) | db_bind_text(st, "name", name) |
                                db_bind_int(st, "hits", hits) | db_bind_text(st, "first", first) |
                                db_bind_text(st, "last", last)
                          : -1,
                       NULL);
}

int store_finding_host_merge(Db *db, long long finding_id, const char *host, long long hits, const char *first,
                             const char *last)
{
    return seen_merge(db, SQL_HOST_MERGE, finding_id, host, hits, first, last);
}

int store_finding_user_merge(Db *db, long long finding_id, const char *user, long long hits, const char *first,
                             const char *last)
{
    return seen_merge(db, SQL_USER_MERGE, finding_id, user, hits, first, last);
}

#define FINDING_COLUMNS                                                                                          \
    "SELECT f.id, f.group_key, f.service_id, f.label, f.status, f.hits, f.first_seen, f.last_seen, f.runs, f.note," \
    " u.login, f.reviewed_at, f.application_id, f.created_at, f.updated_at,"                                       \
    " (SELECT count(*) FROM discovery_hosts h WHERE h.finding_id = f.id),"                                         \
    " (SELECT count(*) FROM discovery_users x WHERE x.finding_id = f.id)"                                          \
    " FROM discovery_findings f LEFT JOIN users u ON u.id = f.reviewed_by"
static const char SQL_FINDING_GET[] = FINDING_COLUMNS " WHERE f.org_id = :org AND f.id = :id";
static const char SQL_FINDINGS[] = FINDING_COLUMNS " WHERE f.org_id = :org ORDER BY f.last_seen DESC, f.id DESC";
static const char SQL_FINDINGS_STATUS[] =
    FINDING_COLUMNS " WHERE f.org_id = :org AND f.status = :status ORDER BY f.last_seen DESC, f.id DESC";

static void finding_row(DbStmt *st, Arena *a, FindingRow *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(st, 0);
    o->group_key = db_col_dup(st, 1, a);
    o->service_id = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
    o->label = db_col_dup(st, 3, a);
    o->status = db_col_dup(st, 4, a);
    o->hits = db_col_int(st, 5);
    o->first_seen = db_col_dup(st, 6, a);
    o->last_seen = db_col_dup(st, 7, a);
    o->runs = (int)db_col_int(st, 8);
    o->note = db_col_dup(st, 9, a);
    o->reviewed_by = db_col_dup(st, 10, a);
    o->reviewed_at = db_col_dup(st, 11, a);
    o->application_id = db_col_is_null(st, 12) ? 0 : db_col_int(st, 12);
    o->created_at = db_col_dup(st, 13, a);
    o->updated_at = db_col_dup(st, 14, a);
    o->n_hosts = db_col_int(st, 15);
    o->n_users = db_col_int(st, 16);
}

int store_finding_get(Db *db, Arena *a, long long org_id, long long id, FindingRow *out)
{
    DbStmt *st = db_prepare(db, SQL_FINDING_GET);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        finding_row(st, a, out);
    db_reset(st);
    return r == DB_ERROR ? -1 : r == DB_ROW;
}

int store_finding_each(Db *db, Arena *a, long long org_id, const char *status,
                       int (*fn)(void *ctx, const FindingRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, status ? SQL_FINDINGS_STATUS : SQL_FINDINGS);
    if (!st || (db_bind_int(st, "org", org_id) | (status ? db_bind_text(st, "status", status) : 0)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        FindingRow row;
        finding_row(st, a, &row);
        if (fn(ctx, &row) != 0)
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_FINDING_STATUS[] =
    "UPDATE discovery_findings SET status = :status, note = :note, reviewed_by = :by, reviewed_at = :at,"
    " updated_at = :at, application_id = :app WHERE org_id = :org AND id = :id";

int store_finding_set_status(Db *db, long long org_id, long long id, const char *status, const char *note,
                             long long by, const char *at, long long application_id)
{
    DbStmt *st = db_prepare(db, SQL_FINDING_STATUS);
    long long n = 0;
    if (run_or_fail(st,
                    st ? db_bind_text(st, "status", status) | db_bind_text(st, "note", note ? note : "") |
                             db_bind_int(st, "by", by) | db_bind_text(st, "at", at) |
                             (application_id ? db_bind_int(st, "app", application_id) : db_bind_null(st, "app")) |
                             db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)
                       : -1,
                    &n) != 0)
        return -1;
    return n > 0;
}

static const char SQL_HOSTS[] =
    "SELECT h.host, h.hits, h.first_seen, h.last_seen FROM discovery_hosts h JOIN discovery_findings f"
    " ON f.id = h.finding_id WHERE f.org_id = :org AND h.finding_id = :f ORDER BY h.hits DESC, h.host";
static const char SQL_USERS[] =
    "SELECT x.user_name, x.hits, x.first_seen, x.last_seen, d.name, u.name FROM discovery_users x"
    " JOIN discovery_findings f ON f.id = x.finding_id"
    " LEFT JOIN users u ON u.login = x.user_name AND u.org_id = f.org_id"
    " LEFT JOIN departments d ON d.id = u.department_id"
    " WHERE f.org_id = :org AND x.finding_id = :f ORDER BY x.hits DESC, x.user_name";

int store_finding_seen_each(Db *db, Arena *a, long long org_id, long long finding_id, int users,
                            int (*fn)(void *ctx, const SeenRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, users ? SQL_USERS : SQL_HOSTS);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "f", finding_id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        SeenRow row = {db_col_dup(st, 0, a), users ? db_col_dup(st, 4, a) : NULL, users ? db_col_dup(st, 5, a) : NULL,
                       db_col_int(st, 1), db_col_dup(st, 2, a), db_col_dup(st, 3, a)};
        if (fn(ctx, &row) != 0)
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
