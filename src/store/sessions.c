/* Web sessions and failed logins. */
#include "store/sessions.h"

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions (token_hash, user_id, org_id, csrf, created_at, last_seen, expires_at, remote)"
    " VALUES (:hash, :user, :org, :csrf, :at, :at, :expires, :remote)";
static const char SQL_SESSION_GET[] =
    "SELECT user_id, org_id, csrf, last_seen, expires_at FROM sessions WHERE token_hash = :hash";
static const char SQL_SESSION_TOUCH[] =
    "UPDATE sessions SET last_seen = :at, expires_at = :expires WHERE token_hash = :hash";
static const char SQL_SESSION_DELETE[] = "DELETE FROM sessions WHERE token_hash = :hash";
static const char SQL_SESSION_DELETE_USER[] = "DELETE FROM sessions WHERE user_id = :user";
static const char SQL_SESSION_DELETE_EXPIRED[] = "DELETE FROM sessions WHERE expires_at <= :now";

static const char SQL_FAILURES_SINCE[] = "SELECT count(*) FROM login_failures WHERE login = :login AND at > :since";
static const char SQL_FAILURE_INSERT[] = "INSERT INTO login_failures (login, at, remote) VALUES (:login, :at, :remote)";
static const char SQL_FAILURES_CLEAR[] = "DELETE FROM login_failures WHERE login = :login";
static const char SQL_FAILURES_PURGE[] = "DELETE FROM login_failures WHERE at < :before";

/* Run a prepared, bound write: `rc` is the OR of the binds. */
static int run(DbStmt *st, int rc, long long *changes)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, changes);
}

int store_session_insert(Db *db, const char *token_hash, long long user_id, long long org_id, const char *csrf,
                         const char *at, const char *expires_at, const char *remote)
{
    DbStmt *st = db_prepare(db, SQL_SESSION_INSERT);
    int rc = st ? (db_bind_text(st, "hash", token_hash) | db_bind_int(st, "user", user_id) |
                   db_bind_int(st, "org", org_id) | db_bind_text(st, "csrf", csrf) | db_bind_text(st, "at", at) |
                   db_bind_text(st, "expires", expires_at) | db_bind_text(st, "remote", remote))
                : -1;
    return run(st, rc, NULL);
}

int store_session_get(Db *db, Arena *a, const char *token_hash, SessionRow *out)
{
    DbStmt *st = db_prepare(db, SQL_SESSION_GET);
    if (!st || db_bind_text(st, "hash", token_hash) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW) {
        out->user_id = db_col_int(st, 0);
        out->org_id = db_col_int(st, 1);
        out->csrf = db_col_dup(st, 2, a);
        out->last_seen = db_col_dup(st, 3, a);
        out->expires_at = db_col_dup(st, 4, a);
        if (!out->csrf || !out->last_seen || !out->expires_at) {
            db_set_error(db, DBE_OTHER, "out of memory");
            r = DB_ERROR;
        }
    }
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_session_touch(Db *db, const char *token_hash, const char *at, const char *expires_at)
{
    DbStmt *st = db_prepare(db, SQL_SESSION_TOUCH);
    int rc = st ? (db_bind_text(st, "hash", token_hash) | db_bind_text(st, "at", at) |
                   db_bind_text(st, "expires", expires_at))
                : -1;
    return run(st, rc, NULL);
}

int store_session_delete(Db *db, const char *token_hash, long long *deleted)
{
    DbStmt *st = db_prepare(db, SQL_SESSION_DELETE);
    return run(st, st ? db_bind_text(st, "hash", token_hash) : -1, deleted);
}

int store_session_delete_user(Db *db, long long user_id, long long *deleted)
{
    DbStmt *st = db_prepare(db, SQL_SESSION_DELETE_USER);
    return run(st, st ? db_bind_int(st, "user", user_id) : -1, deleted);
}

int store_session_delete_expired(Db *db, const char *now, long long *deleted)
{
    DbStmt *st = db_prepare(db, SQL_SESSION_DELETE_EXPIRED);
    return run(st, st ? db_bind_text(st, "now", now) : -1, deleted);
}

int store_login_failures_since(Db *db, const char *login, const char *since, long long *count)
{
    DbStmt *st = db_prepare(db, SQL_FAILURES_SINCE);
    if (!st || (db_bind_text(st, "login", login) | db_bind_text(st, "since", since)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    *count = r == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return r == DB_ROW ? 0 : -1;
}

int store_login_failure_insert(Db *db, const char *login, const char *at, const char *remote)
{
    DbStmt *st = db_prepare(db, SQL_FAILURE_INSERT);
    int rc = st ? (db_bind_text(st, "login", login) | db_bind_text(st, "at", at) | db_bind_text(st, "remote", remote))
                : -1;
    return run(st, rc, NULL);
}

int store_login_failures_clear(Db *db, const char *login)
{
    DbStmt *st = db_prepare(db, SQL_FAILURES_CLEAR);
    return run(st, st ? db_bind_text(st, "login", login) : -1, NULL);
}

int store_login_failures_purge(Db *db, const char *before, long long *deleted)
{
    DbStmt *st = db_prepare(db, SQL_FAILURES_PURGE);
    return run(st, st ? db_bind_text(st, "before", before) : -1, deleted);
}
