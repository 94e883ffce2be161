/* The gate's records and operation starts (store/gate.h). */
#include "store/gate.h"

static const char SQL_RECORD_INSERT[] =
    "INSERT INTO gate_records (entry_id, procedure_id, status, document, note, actor_id, at)"
    " VALUES (:entry, :procedure, :status, :document, :note, :actor, :at)";
static const char SQL_RECORDS[] =
    "SELECT g.id, g.procedure_id, g.status, g.document, g.note, u.login, u.name, g.at FROM gate_records g"
    " JOIN users u ON u.id = g.actor_id WHERE g.entry_id = :entry ORDER BY g.id";
static const char SQL_START_GET[] =
    "SELECT s.started_on, s.note, u.login, s.recorded_at FROM operation_starts s"
    " LEFT JOIN users u ON u.id = s.recorded_by WHERE s.entry_id = :entry";
static const char SQL_START_INSERT[] =
    "INSERT INTO operation_starts (entry_id, started_on, note, recorded_by, recorded_at)"
    " VALUES (:entry, :on, :note, :by, :at)";
static const char SQL_UNSTARTED[] =
    "SELECT l.id, l.track FROM ledger_entries l WHERE l.org_id = :org AND l.state = 'active' AND l.application_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM operation_starts s WHERE s.entry_id = l.id) ORDER BY l.id";

static int run_bound(DbStmt *st, int rc)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

int store_gate_record_insert(Db *db, long long entry_id, const char *procedure_id, const char *status,
                             const char *document, const char *note, long long actor_id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_RECORD_INSERT);
    int rc = st ? (db_bind_int(st, "entry", entry_id) | db_bind_text(st, "procedure", procedure_id) |
                   db_bind_text(st, "status", status) | db_bind_text(st, "document", document ? document : "") |
                   db_bind_text(st, "note", note ? note : "") | db_bind_int(st, "actor", actor_id) |
                   db_bind_text(st, "at", at))
                : -1;
    return run_bound(st, rc);
}

int store_gate_records(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const GateRecordRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_RECORDS);
    if (!st || db_bind_int(st, "entry", entry_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        GateRecordRow row = {db_col_int(st, 0),       db_col_dup(st, 1, a), db_col_dup(st, 2, a), db_col_dup(st, 3, a),
                             db_col_dup(st, 4, a),    db_col_dup(st, 5, a), db_col_dup(st, 6, a), db_col_dup(st, 7, a)};
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_operation_start_get(Db *db, Arena *a, long long entry_id, OperationStartRow *out)
{
    DbStmt *st = db_prepare(db, SQL_START_GET);
    if (!st || db_bind_int(st, "entry", entry_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        *out = (OperationStartRow){db_col_dup(st, 0, a), db_col_dup(st, 1, a), db_col_dup(st, 2, a), db_col_dup(st, 3, a)};
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_operation_start_insert(Db *db, long long entry_id, const char *started_on, const char *note,
                                 long long recorded_by, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_START_INSERT);
    int rc = st ? (db_bind_int(st, "entry", entry_id) | db_bind_text(st, "on", started_on) |
                   db_bind_text(st, "note", note ? note : "") | db_bind_int(st, "by", recorded_by) |
                   db_bind_text(st, "at", at))
                : -1;
    return run_bound(st, rc);
}

int store_gate_unstarted_entries(Db *db, long long org_id, int (*fn)(void *ctx, long long entry_id, const char *track),
                                 void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_UNSTARTED);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW)
        if (fn(ctx, db_col_int(st, 0), db_col_text(st, 1)))
            break;
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
