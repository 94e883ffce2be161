#include <string.h>

#include "store/certs.h"

static const char SQL_CERT_INSERT[] =
    "INSERT INTO certifications (org_id, service_id, kind, number, audit_from, audit_to, valid_until, note,"
    " created_at, created_by) VALUES (:org, :service, :kind, :number, :from, :to, :until, :note, :at, :by) RETURNING id";

int store_cert_insert(Db *db, long long org_id, const CertRow *c, long long created_by, const char *at, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_CERT_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", org_id) | db_bind_int(st, "service", c->service_id) |
             db_bind_text(st, "kind", c->kind) | db_bind_text(st, "number", c->number ? c->number : "") |
             db_bind_text(st, "from", c->audit_from) | db_bind_text(st, "to", c->audit_to) |
             db_bind_text(st, "until", c->valid_until) | db_bind_text(st, "note", c->note ? c->note : "") |
             db_bind_text(st, "at", at) | db_bind_int(st, "by", created_by);
    int step = rc == 0 ? db_step(st) : DB_ERROR;
    if (step == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return step == DB_ROW ? 0 : -1;
}

#define CERT_COLUMNS                                                                                         \
    "SELECT c.id, c.service_id, s.name, s.provider, c.kind, c.number, c.audit_from, c.audit_to, c.valid_until," \
    " c.note FROM certifications c JOIN services s ON s.id = c.service_id"
static const char SQL_CERTS_VALID[] =
    CERT_COLUMNS " WHERE c.service_id = :service AND c.valid_until >= :date AND (c.audit_from IS NULL OR c.audit_from <= :date)"
                 " ORDER BY c.kind";
static const char SQL_CERTS_LAPSING[] = CERT_COLUMNS " WHERE c.org_id = :org AND c.valid_until <= :until ORDER BY c.valid_until, c.id";
static const char SQL_CERTS_ALL[] = CERT_COLUMNS " WHERE c.org_id = :org ORDER BY s.name, c.kind, c.valid_until";

static int each(DbStmt *st, int rc, Arena *a, int (*fn)(void *ctx, const CertRow *row), void *ctx)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        CertRow c = {db_col_int(st, 0),    db_col_int(st, 1),    db_col_dup(st, 2, a), db_col_dup(st, 3, a),
                     db_col_dup(st, 4, a), db_col_dup(st, 5, a), db_col_dup(st, 6, a), db_col_dup(st, 7, a),
                     db_col_dup(st, 8, a), db_col_dup(st, 9, a)};
        if (fn(ctx, &c))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_certs_valid(Db *db, Arena *a, long long service_id, const char *date,
                      int (*fn)(void *ctx, const CertRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_CERTS_VALID);
    int rc = st ? (db_bind_int(st, "service", service_id) | db_bind_text(st, "date", date)) : -1;
    return each(st, rc, a, fn, ctx);
}

int store_certs_lapsing(Db *db, Arena *a, long long org_id, const char *until,
                        int (*fn)(void *ctx, const CertRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_CERTS_LAPSING);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_text(st, "until", until)) : -1;
    return each(st, rc, a, fn, ctx);
}

int store_certs_all(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const CertRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_CERTS_ALL);
    int rc = st ? db_bind_int(st, "org", org_id) : -1;
    return each(st, rc, a, fn, ctx);
}
