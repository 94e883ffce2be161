/* An organization's audit events, newest first (see audit_read.h). */
#include "store/audit_read.h"

/* One statement for every filter: an empty parameter matches everything,
 * so no SQL is ever assembled from the request. The action filter is a
 * prefix compared with substr() rather than LIKE, whose % and _ would turn
 * the user's text into a pattern. */
#define AUDIT_WHERE                                                                              \
    " WHERE org_id = :org AND (CAST(:actor AS TEXT) = '' OR actor = :actor)"                     \
    " AND (CAST(:action AS TEXT) = '' OR substr(action, 1, length(:action)) = :action)"          \
    " AND (CAST(:object AS TEXT) = '' OR object = :object)"
static const char SQL_PAGE[] =
    "SELECT seq, at, actor, action, object, data FROM audit_events" AUDIT_WHERE " ORDER BY seq DESC LIMIT :limit OFFSET :offset";
static const char SQL_COUNT[] = "SELECT count(*) FROM audit_events" AUDIT_WHERE;

static int bind_filter(DbStmt *st, const AuditFilter *f)
{
    return db_bind_int(st, "org", f->org_id) | db_bind_text(st, "actor", f->actor ? f->actor : "") |
           db_bind_text(st, "action", f->action ? f->action : "") | db_bind_text(st, "object", f->object ? f->object : "");
}

int store_audit_page(Db *db, Arena *a, const AuditFilter *f, int (*fn)(void *ctx, const AuditRow *row), void *ctx,
                     long long *total)
{
    if (total) {
        DbStmt *st = db_prepare(db, SQL_COUNT);
        if (!st || bind_filter(st, f) != 0) {
            db_reset(st);
            return -1;
        }
        int r = db_step(st);
        *total = r == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
        if (r != DB_ROW)
            return -1;
    }
    DbStmt *st = db_prepare(db, SQL_PAGE);
    if (!st || (bind_filter(st, f) | db_bind_int(st, "limit", f->limit > 0 ? f->limit : 50) |
                db_bind_int(st, "offset", f->offset > 0 ? f->offset : 0)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        AuditRow row = {db_col_int(st, 0),    db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                        db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a)};
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
