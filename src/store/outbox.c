/* The notification outbox and the user columns it needs (see outbox.h). */
#include <string.h>

#include "store/outbox.h"

/* Run a bound INSERT/UPDATE (rc: the binds' result); rows changed in *changes. */
static int run_bound(DbStmt *st, int rc, long long *changes)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, changes);
}

static const char SQL_ADD[] =
    "INSERT INTO outbox (org_id, user_id, kind, object, subject, body, clause, link, source, created_at, next_attempt_at)"
    " VALUES (:org, :user, :kind, :object, :subject, :body, :clause, :link, :source, :at, :at)"
    " ON CONFLICT (source, user_id) DO NOTHING";

int store_outbox_add(Db *db, const OutboxRow *r, long long *inserted)
{
    DbStmt *st = db_prepare(db, SQL_ADD);
    int rc = st ? (db_bind_int(st, "org", r->org_id) | db_bind_int(st, "user", r->user_id) |
                   db_bind_text(st, "kind", r->kind) | db_bind_text(st, "object", r->object ? r->object : "") |
                   db_bind_text(st, "subject", r->subject) | db_bind_text(st, "body", r->body) |
                   db_bind_text(st, "clause", r->clause ? r->clause : "") |
                   db_bind_text(st, "link", r->link ? r->link : "") | db_bind_text(st, "source", r->source) |
                   db_bind_text(st, "at", r->created_at))
                : -1;
    long long changes = 0;
    int ok = run_bound(st, rc, &changes);
    if (inserted)
        *inserted = changes;
    return ok;
}

#define OUTBOX_COLUMNS                                                                                              \
    "SELECT o.id, o.org_id, o.user_id, o.kind, o.object, o.subject, o.body, o.clause, o.link, o.source,"           \
    " o.created_at, o.sent_at, o.attempts, o.last_error, o.next_attempt_at, u.login, u.name, u.email"               \
    " FROM outbox o JOIN users u ON u.id = o.user_id"
static const char SQL_LIST[] =
    OUTBOX_COLUMNS " WHERE o.org_id = :org AND (CAST(:user AS BIGINT) = 0 OR o.user_id = :user) ORDER BY o.id DESC LIMIT :limit OFFSET :offset";
static const char SQL_COUNT[] = "SELECT count(*) FROM outbox o WHERE o.org_id = :org AND (CAST(:user AS BIGINT) = 0 OR o.user_id = :user)";
static const char SQL_DUE[] = OUTBOX_COLUMNS
    " WHERE o.sent_at IS NULL AND o.next_attempt_at <= :now AND u.active = 1 AND u.email <> '' ORDER BY o.id LIMIT :limit";

static void outbox_row(DbStmt *st, Arena *a, OutboxRow *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->org_id = db_col_int(st, 1);
    r->user_id = db_col_int(st, 2);
    r->kind = db_col_dup(st, 3, a);
    r->object = db_col_dup(st, 4, a);
    r->subject = db_col_dup(st, 5, a);
    r->body = db_col_dup(st, 6, a);
    r->clause = db_col_dup(st, 7, a);
    r->link = db_col_dup(st, 8, a);
    r->source = db_col_dup(st, 9, a);
    r->created_at = db_col_dup(st, 10, a);
    r->sent_at = db_col_dup(st, 11, a);
    r->attempts = (int)db_col_int(st, 12);
    r->last_error = db_col_dup(st, 13, a);
    r->next_attempt_at = db_col_dup(st, 14, a);
    r->login = db_col_dup(st, 15, a);
    r->name = db_col_dup(st, 16, a);
    r->email = db_col_dup(st, 17, a);
}

/* Step a bound SELECT, fn per row. */
static int each_row(DbStmt *st, int rc, Arena *a, int (*fn)(void *ctx, const OutboxRow *row), void *ctx)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        OutboxRow row;
        outbox_row(st, a, &row);
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_outbox_list(Db *db, Arena *a, long long org_id, long long user_id, int limit, int offset,
                      int (*fn)(void *ctx, const OutboxRow *row), void *ctx, long long *total)
{
    if (total) {
        DbStmt *st = db_prepare(db, SQL_COUNT);
        if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "user", user_id)) != 0) {
            db_reset(st);
            return -1;
        }
        int r = db_step(st);
        *total = r == DB_ROW ? db_col_int(st, 0) : 0;
        db_reset(st);
        if (r != DB_ROW)
            return -1;
    }
    DbStmt *st = db_prepare(db, SQL_LIST);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_int(st, "user", user_id) | db_bind_int(st, "limit", limit) |
                   db_bind_int(st, "offset", offset))
                : -1;
    return each_row(st, rc, a, fn, ctx);
}

int store_outbox_due(Db *db, Arena *a, const char *now, int limit, int (*fn)(void *ctx, const OutboxRow *row),
                     void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_DUE);
    int rc = st ? (db_bind_text(st, "now", now) | db_bind_int(st, "limit", limit)) : -1;
    return each_row(st, rc, a, fn, ctx);
}

static const char SQL_CLAIM[] =
    "UPDATE outbox SET next_attempt_at = :until WHERE id = :id AND sent_at IS NULL AND next_attempt_at <= :now";
static const char SQL_SENT[] = "UPDATE outbox SET sent_at = :at, last_error = '' WHERE id = :id AND sent_at IS NULL";
static const char SQL_FAILED[] =
    "UPDATE outbox SET attempts = attempts + 1, last_error = :error, next_attempt_at = :retry WHERE id = :id AND sent_at IS NULL";

int store_outbox_claim(Db *db, long long id, const char *now, const char *until)
{
    DbStmt *st = db_prepare(db, SQL_CLAIM);
    int rc = st ? (db_bind_int(st, "id", id) | db_bind_text(st, "now", now) | db_bind_text(st, "until", until)) : -1;
    long long changes = 0;
    return run_bound(st, rc, &changes) == 0 ? changes == 1 : -1;
}

int store_outbox_sent(Db *db, long long id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_SENT);
    int rc = st ? (db_bind_int(st, "id", id) | db_bind_text(st, "at", at)) : -1;
    return run_bound(st, rc, NULL);
}

int store_outbox_failed(Db *db, long long id, const char *error, const char *retry_at)
{
    DbStmt *st = db_prepare(db, SQL_FAILED);
    int rc = st ? (db_bind_int(st, "id", id) | db_bind_text(st, "error", error) | db_bind_text(st, "retry", retry_at)) : -1;
    return run_bound(st, rc, NULL);
}

static const char SQL_CURSOR_GET[] = "SELECT last_id FROM outbox_cursor WHERE name = :name";
static const char SQL_CURSOR_SET[] = "UPDATE outbox_cursor SET last_id = :v WHERE name = :name";

int store_outbox_cursor_get(Db *db, const char *name, long long *value)
{
    DbStmt *st = db_prepare(db, SQL_CURSOR_GET);
    if (!st || db_bind_text(st, "name", name) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    *value = r == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_outbox_cursor_set(Db *db, const char *name, long long value)
{
    DbStmt *st = db_prepare(db, SQL_CURSOR_SET);
    int rc = st ? (db_bind_text(st, "name", name) | db_bind_int(st, "v", value)) : -1;
    return run_bound(st, rc, NULL);
}

static const char SQL_NOTES_AFTER[] =
    "SELECT id, org_id, COALESCE(user_id, 0), kind, COALESCE(role, ''), object, message, clause, created_at"
    " FROM notifications WHERE id > :after ORDER BY id LIMIT :limit";

int store_notes_after(Db *db, Arena *a, long long after, int limit, int (*fn)(void *ctx, const NoteEvent *row),
                      void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_NOTES_AFTER);
    if (!st || (db_bind_int(st, "after", after) | db_bind_int(st, "limit", limit)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        NoteEvent e = {db_col_int(st, 0),    db_col_int(st, 1),    db_col_int(st, 2),
                       db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a),
                       db_col_dup(st, 6, a), db_col_dup(st, 7, a), db_col_dup(st, 8, a)};
        if (fn(ctx, &e))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_REVIEWS_DUE_PAGE[] =
    "SELECT id, number, COALESCE(administrator_id, 0), track, service_name, review_due FROM ledger_entries"
    " WHERE org_id = :org AND state = 'active' AND review_due <= :until"
    " AND (review_due > :after_due OR (review_due = :after_due AND id > :after_id))"
    " ORDER BY review_due, id LIMIT :limit";

int store_reviews_due_page(Db *db, Arena *a, long long org_id, const char *until, const char *after_due, long long after_id,
                           int limit, int (*fn)(void *ctx, const ReviewDue *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_REVIEWS_DUE_PAGE);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "until", until) | db_bind_text(st, "after_due", after_due) |
                db_bind_int(st, "after_id", after_id) | db_bind_int(st, "limit", limit)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        ReviewDue e = {db_col_int(st, 0),    db_col_int(st, 1),    db_col_int(st, 2),
                       db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a)};
        if (fn(ctx, &e))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_ROLE_HOLDERS[] =
    "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id"
    " WHERE u.org_id = :org AND r.role = :role AND u.active = 1 ORDER BY u.id";

int store_role_holders(Db *db, Arena *a, long long org_id, const char *role, long long **ids, int *n)
{
    *ids = NULL;
    *n = 0;
    DbStmt *st = db_prepare(db, SQL_ROLE_HOLDERS);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "role", role)) != 0) {
        db_reset(st);
        return -1;
    }
    int cap = 0, r;
    while ((r = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            int ncap = cap ? cap * 2 : 16;
            long long *more = arena_alloc(a, sizeof *more * (size_t)ncap);
            if (!more) {
                db_reset(st);
                return -1;
            }
            if (*n)
                memcpy(more, *ids, sizeof *more * (size_t)*n);
            *ids = more, cap = ncap;
        }
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_EMAIL_GET[] = "SELECT email FROM users WHERE id = :id";
static const char SQL_EMAIL_SET[] = "UPDATE users SET email = :email WHERE id = :id";
static const char SQL_ACTIVE_SET[] = "UPDATE users SET active = :v WHERE id = :id";
static const char SQL_AUDITOR_SET[] = "UPDATE users SET is_auditor = :v WHERE id = :id";

int store_user_email(Db *db, Arena *a, long long user_id, const char **email)
{
    DbStmt *st = db_prepare(db, SQL_EMAIL_GET);
    if (!st || db_bind_int(st, "id", user_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    *email = r == DB_ROW ? db_col_dup(st, 0, a) : NULL;
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_user_set_email(Db *db, long long user_id, const char *email)
{
    DbStmt *st = db_prepare(db, SQL_EMAIL_SET);
    int rc = st ? (db_bind_int(st, "id", user_id) | db_bind_text(st, "email", email)) : -1;
    return run_bound(st, rc, NULL);
}

static int set_flag(Db *db, const char *sql, long long user_id, int v)
{
    DbStmt *st = db_prepare(db, sql);
    int rc = st ? (db_bind_int(st, "id", user_id) | db_bind_int(st, "v", v ? 1 : 0)) : -1;
    return run_bound(st, rc, NULL);
}

int store_user_set_active(Db *db, long long user_id, int active) { return set_flag(db, SQL_ACTIVE_SET, user_id, active); }
int store_user_set_auditor(Db *db, long long user_id, int auditor) { return set_flag(db, SQL_AUDITOR_SET, user_id, auditor); }
