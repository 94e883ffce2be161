#include <string.h>

#include "store/lifecycle.h"

static int opt_int(DbStmt *st, const char *name, long long v)
{
    return v ? db_bind_int(st, name, v) : db_bind_null(st, name);
}

static int run_bound(DbStmt *st, int rc)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

static const char SQL_CHECK_INSERT[] =
    "INSERT INTO checklist_records (entry_id, item_id, phase, status, evidence, actor_id, at)"
    " VALUES (:entry, :item, :phase, :status, :evidence, :actor, :at)";

int store_checklist_insert(Db *db, long long entry_id, const char *item_id, const char *phase, const char *status,
                           const char *evidence, long long actor_id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_CHECK_INSERT);
    int rc = st ? (db_bind_int(st, "entry", entry_id) | db_bind_text(st, "item", item_id) |
                   db_bind_text(st, "phase", phase) | db_bind_text(st, "status", status) |
                   db_bind_text(st, "evidence", evidence ? evidence : "") | opt_int(st, "actor", actor_id) |
                   db_bind_text(st, "at", at))
                : -1;
    return run_bound(st, rc);
}

static const char SQL_CHECK_LATEST[] =
    "SELECT c.item_id, c.phase, c.status, c.evidence, COALESCE(u.login, ''), c.at FROM checklist_records c"
    " LEFT JOIN users u ON u.id = c.actor_id WHERE c.entry_id = :entry AND c.id = (SELECT max(c2.id)"
    " FROM checklist_records c2 WHERE c2.entry_id = c.entry_id AND c2.item_id = c.item_id) ORDER BY c.item_id";

int store_checklist_latest(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const ChecklistRow *row),
                           void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_CHECK_LATEST);
    if (!st || db_bind_int(st, "entry", entry_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        ChecklistRow row = {db_col_dup(st, 0, a), db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                            db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a)};
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_REVIEW_INSERT[] =
    "INSERT INTO reviews (entry_id, actor_id, at, result, note, next_due) VALUES (:entry, :actor, :at, :result, :note, :due)";

int store_review_insert(Db *db, long long entry_id, long long actor_id, const char *at, const char *result,
                        const char *note, const char *next_due)
{
    DbStmt *st = db_prepare(db, SQL_REVIEW_INSERT);
    int rc = st ? (db_bind_int(st, "entry", entry_id) | db_bind_int(st, "actor", actor_id) | db_bind_text(st, "at", at) |
                   db_bind_text(st, "result", result) | db_bind_text(st, "note", note ? note : "") |
                   db_bind_text(st, "due", next_due))
                : -1;
    return run_bound(st, rc);
}

static const char SQL_END_INSERT[] =
    "INSERT INTO end_reports (entry_id, reported_by, reported_at, end_date, reason)"
    " VALUES (:entry, :by, :at, :end_date, :reason)";
static const char SQL_END_COMPLETE[] =
    "UPDATE end_reports SET completed_by = :by, completed_at = :at WHERE entry_id = :entry";

int store_end_report_insert(Db *db, long long entry_id, long long by, const char *at, const char *end_date,
                            const char *reason)
{
    DbStmt *st = db_prepare(db, SQL_END_INSERT);
    int rc = st ? (db_bind_int(st, "entry", entry_id) | db_bind_int(st, "by", by) | db_bind_text(st, "at", at) |
                   db_bind_text(st, "end_date", end_date) | db_bind_text(st, "reason", reason))
                : -1;
    return run_bound(st, rc);
}

int store_end_report_complete(Db *db, long long entry_id, long long by, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_END_COMPLETE);
    int rc = st ? (db_bind_int(st, "entry", entry_id) | db_bind_int(st, "by", by) | db_bind_text(st, "at", at)) : -1;
    return run_bound(st, rc);
}

static const char SQL_NOTE_INSERT[] =
    "INSERT INTO notifications (org_id, kind, role, user_id, object, message, clause, created_at)"
    " VALUES (:org, :kind, :role, :user, :object, :message, :clause, :at)";
static const char SQL_NOTES[] =
    "SELECT n.id, n.kind, COALESCE(n.role, ''), COALESCE(u.login, ''), n.object, n.message, n.clause, n.created_at,"
    " n.sent_at FROM notifications n LEFT JOIN users u ON u.id = n.user_id"
    " WHERE n.org_id = :org AND (:open = 0 OR n.sent_at IS NULL) ORDER BY n.id";

static const char SQL_NOTE_DONE[] =
    "UPDATE notifications SET sent_at = :at WHERE org_id = :org AND id = :id AND sent_at IS NULL";
static const char SQL_NOTE_GET[] =
    "SELECT n.id, n.kind, COALESCE(n.role, ''), COALESCE(u.login, ''), n.object, n.message, n.clause, n.created_at,"
    " n.sent_at FROM notifications n LEFT JOIN users u ON u.id = n.user_id WHERE n.org_id = :org AND n.id = :id";

int store_notification_done(Db *db, long long org_id, long long id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_NOTE_DONE);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id) | db_bind_text(st, "at", at)) != 0) {
        db_reset(st);
        return -1;
    }
    long long changed = 0;
    return db_run(st, &changed) == 0 ? (changed == 1) : -1;
}

int store_notification_get(Db *db, Arena *a, long long org_id, long long id, NotificationRow *out)
{
    DbStmt *st = db_prepare(db, SQL_NOTE_GET);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        *out = (NotificationRow){db_col_int(st, 0),    db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                                 db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a),
                                 db_col_dup(st, 6, a), db_col_dup(st, 7, a), db_col_dup(st, 8, a)};
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_notification_insert(Db *db, long long org_id, const char *kind, const char *role, long long user_id,
                              const char *object, const char *message, const char *clause, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_NOTE_INSERT);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_text(st, "kind", kind) | db_bind_text(st, "role", role) |
                   opt_int(st, "user", user_id) | db_bind_text(st, "object", object) |
                   db_bind_text(st, "message", message) | db_bind_text(st, "clause", clause ? clause : "") |
                   db_bind_text(st, "at", at))
                : -1;
    return run_bound(st, rc);
}

int store_notifications(Db *db, Arena *a, long long org_id, int open_only,
                        int (*fn)(void *ctx, const NotificationRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_NOTES);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "open", open_only)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        NotificationRow row = {db_col_int(st, 0),    db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                               db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a),
                               db_col_dup(st, 6, a), db_col_dup(st, 7, a), db_col_dup(st, 8, a)};
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
