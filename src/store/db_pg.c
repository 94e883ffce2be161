/* PostgreSQL backend of the database layer (libpq).
 *
 * Statements are prepared once per connection under generated names ("d1",
 * "d2", …) with every parameter type left to the server to infer; where it
 * cannot (e.g. "SELECT :x + 1", or an operator between two untyped
 * parameters) the SQL carries a cast, ":x::bigint". Values travel in text
 * format: integers as decimal strings, SQL NULL as a NULL pointer.
 *
 * Results are read in single-row mode: each db_step() takes one row from the
 * socket, so exporting a million ledger rows never holds more than one row in
 * memory. The price is that one connection can have only one query in flight:
 *   - stepping or preparing another statement while one is still being read
 *     is refused (DBE_MISUSE) rather than silently cutting the first short;
 *     read the rows you need, then db_reset(), then run the next statement;
 *   - db_exec() (transaction control, migrations) ends an unfinished read:
 *     the remaining rows are discarded and that statement's next step fails
 *     with DBE_MISUSE, so COMMIT/ROLLBACK always get through.
 * Every path reads results until libpq's terminating NULL, so the connection
 * is ready for the next query whatever happened before.
 *
 * A lost connection is reported as DBE_GONE and is not re-established here:
 * the statements prepared on it would be gone too. Close the Db and reopen. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_impl.h"

/* Used when neither the URL nor PGCONNECT_TIMEOUT sets one: without it an
 * unreachable host blocks the caller for the kernel's TCP timeout (minutes). */
#define DEFAULT_CONNECT_TIMEOUT "10"

/* What Db.conn points to for this backend. */
typedef struct PgConn {
    PGconn *pg;
    unsigned long next_id;   /* last number used in a statement name */
    DbStmt *reading;         /* statement whose results are still arriving, or NULL */
} PgConn;

typedef enum PgState {
    PS_IDLE,        /* not executed since the last reset */
    PS_READING,     /* executed; rows (or the final status) still to be read */
    PS_DONE,        /* final status read; db_step answers DB_DONE until reset */
    PS_FAILED,      /* the execution failed; db_step answers DB_ERROR until reset */
    PS_INTERRUPTED  /* db_exec discarded the unread rows */
} PgState;

/* What DbStmt.impl points to for this backend. */
typedef struct PgStmt {
    char name[32];                    /* server-side prepared statement name */
    int n_cols;                       /* result columns (from describing the statement) */
    char *values[DB_MAX_PARAMS];      /* owned bound values; NULL is SQL NULL */
    PGresult *row;                    /* the current row (a single-tuple result), or NULL */
    PgState state;
    long long changes;                /* rows changed by the last INSERT/UPDATE/DELETE/MERGE */
} PgStmt;

static DbErr classify(PGconn *pg, const char *sqlstate)
{
    /* A dead connection explains any error, whatever state the last message had. */
    if (!pg || PQstatus(pg) != CONNECTION_OK)
        return DBE_GONE;
    if (!sqlstate)
        return DBE_OTHER;
    if (strncmp(sqlstate, "23", 2) == 0)
        return DBE_CONSTRAINT;
    /* Serialization failure, deadlock, lock_timeout (lock not available) and
     * statement_timeout (query canceled): all go away when retried later. */
    if (strcmp(sqlstate, "40001") == 0 || strcmp(sqlstate, "40P01") == 0 || strcmp(sqlstate, "55P03") == 0 ||
        strcmp(sqlstate, "57014") == 0)
        return DBE_BUSY;
    if (strncmp(sqlstate, "53", 2) == 0) /* 53100 disk full, 53200 out of memory, … */
        return DBE_FULL;
    if (strncmp(sqlstate, "08", 2) == 0 || strcmp(sqlstate, "57P01") == 0 || strcmp(sqlstate, "57P02") == 0 ||
        strcmp(sqlstate, "57P03") == 0)
        return DBE_GONE;
    return DBE_OTHER;
}

static const char *summary(DbErr e)
{
    switch (e) {
    case DBE_CONSTRAINT: return "データの整合性制約に反します";
    case DBE_BUSY: return "データベースが他の処理でロックされています。しばらくしてから再実行してください";
    case DBE_FULL: return "データベースサーバの容量またはメモリが不足しています";
    case DBE_GONE: return "データベースに接続できないか、接続が切れました";
    default: return "データベースのエラー";
    }
}

/* libpq messages end in a newline and connection errors span several lines
 * ("…failed: Connection refused\n\tIs the server running…"); our messages
 * are one line. */
static void one_line(char *out, size_t size, const char *msg)
{
    size_t n = 0;
    for (const char *p = msg ? msg : ""; *p && n + 1 < size; p++) {
        char c = (*p == '\n' || *p == '\t' || *p == '\r') ? ' ' : *p;
        if (c == ' ' && (n == 0 || out[n - 1] == ' '))
            continue;
        out[n++] = c;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = 0;
}

/* Record the error of result `r` (NULL: of the connection itself). Returns -1. */
static int fail(Db *db, const PGresult *r)
{
    PgConn *c = db->conn;
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg && r && *PQresultErrorMessage(r))
        msg = PQresultErrorMessage(r); /* client-side errors have no fields */
    if (!msg)
        msg = PQerrorMessage(c->pg);
    char line[600];
    one_line(line, sizeof line, msg);
    DbErr e = classify(c->pg, state);
    db_set_error(db, e, "%s (postgres: %s)", summary(e), line[0] ? line : "unknown error");
    return -1;
}

static int ok_status(const PGresult *r)
{
    ExecStatusType s = PQresultStatus(r);
    return r && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY);
}

/* Read results up to libpq's terminating NULL so the connection accepts the
 * next query. An error found on the way is recorded only when no other error
 * is pending: it explains why a transaction is aborted, but must not replace
 * the error a caller is handling. */
static void drain(Db *db)
{
    PgConn *c = db->conn;
    PGresult *r;
    while ((r = PQgetResult(c->pg)) != NULL) {
        if (!ok_status(r) && PQresultStatus(r) != PGRES_SINGLE_TUPLE && db->err == DBE_NONE)
            fail(db, r);
        PQclear(r);
    }
}

/* The statement being read stops being read: its remaining rows are dropped. */
static void stop_reading(DbStmt *st, PgState next)
{
    PgConn *c = st->db->conn;
    PgStmt *ps = st->impl;
    PQclear(ps->row);
    ps->row = NULL;
    if (c->reading == st) {
        drain(st->db);
        c->reading = NULL;
    }
    ps->state = next;
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int pg_exec(Db *db, const char *sql)
{
    PgConn *c = db->conn;
    if (c->reading)
        stop_reading(c->reading, PS_INTERRUPTED);
    PGresult *r = PQexec(c->pg, sql);
    int rc = ok_status(r) ? 0 : fail(db, r);
    /* COMMIT of a transaction an earlier error aborted succeeds with the
     * command tag ROLLBACK: nothing was saved, so it must not look like success. */
    if (rc == 0 && strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        db_set_error(db, DBE_OTHER, "%s (postgres: トランザクションは先行するエラーで中止されたため、コミットされませんでした)",
                     summary(DBE_OTHER));
        rc = -1;
    }
    PQclear(r);
    return rc;
}

static int pg_open(Db *db, const char *url, int create)
{
    (void)create; /* the database must exist; `daicho init` creates the schema in it */
    PgConn *c = calloc(1, sizeof *c);
    if (!c) {
        db_set_error(db, DBE_OTHER, "out of memory");
        return -1;
    }
    db->conn = c;
    /* The URL is expanded in place of "dbname"; keywords after it would
     * override it, so the default timeout comes first and the URL wins. */
    const char *keys[3] = {NULL}, *vals[3] = {NULL};
    int k = 0;
    if (!getenv("PGCONNECT_TIMEOUT")) {
        keys[k] = "connect_timeout";
        vals[k++] = DEFAULT_CONNECT_TIMEOUT;
    }
    keys[k] = "dbname";
    vals[k++] = url;
    c->pg = PQconnectdbParams(keys, vals, 1);
    if (!c->pg) {
        db_set_error(db, DBE_OTHER, "out of memory");
        return -1;
    }
    if (PQstatus(c->pg) != CONNECTION_OK) {
        char line[600];
        one_line(line, sizeof line, PQerrorMessage(c->pg));
        db_set_error(db, DBE_GONE, "データベースに接続できません (postgres: %s)", line);
        return -1;
    }
    /* Notices ("table … does not exist, skipping") are not errors, and a
     * library must not write to the program's stderr. */
    PQsetNoticeProcessor(c->pg, ignore_notice, NULL);
    /* We store and compare UTF-8 and UTC only; timestamps are shown in local
     * time by the presentation layer, never by the server. */
    /* force_custom_plan: a prepared statement is planned with its values
     * every time. The generic plan PostgreSQL switches to after five runs
     * cannot see a search word or a filter, and once took a ledger search
     * with a department filter from milliseconds to over 500 ms. */
    return pg_exec(db, "SET client_encoding TO 'UTF8'; SET TimeZone TO 'UTC'; SET plan_cache_mode TO force_custom_plan");
}

static void pg_close(Db *db)
{
    PgConn *c = db->conn;
    if (!c)
        return;
    if (c->pg)
        PQfinish(c->pg);
    free(c);
    db->conn = NULL;
}

/* Refuse to send while another statement's rows are still arriving (see the
 * comment at the top). */
static int check_idle(DbStmt *st)
{
    PgConn *c = st->db->conn;
    if (c->reading && c->reading != st) {
        db_set_error(st->db, DBE_MISUSE, "another statement is still being read (db_reset it first): %.80s",
                     c->reading->sql);
        return -1;
    }
    return 0;
}

static int pg_prepare(DbStmt *st)
{
    PgConn *c = st->db->conn;
    if (check_idle(st) != 0)
        return -1;
    PgStmt *ps = calloc(1, sizeof *ps);
    if (!ps) {
        db_set_error(st->db, DBE_OTHER, "out of memory");
        return -1;
    }
    snprintf(ps->name, sizeof ps->name, "d%lu", ++c->next_id);
    /* paramTypes NULL: every type is inferred by the server (see the top). */
    PGresult *r = PQprepare(c->pg, ps->name, st->native_sql, st->n_params, NULL);
    int rc = ok_status(r) ? 0 : fail(st->db, r);
    PQclear(r);
    if (rc == 0) {
        /* The column count, so that db_col_count answers before the first
         * step and after the last, as with SQLite. */
        r = PQdescribePrepared(c->pg, ps->name);
        rc = ok_status(r) ? 0 : fail(st->db, r);
        if (rc == 0)
            ps->n_cols = PQnfields(r);
        PQclear(r);
    }
    if (rc != 0) {
        free(ps); /* the name is never reused, so a server-side leftover is harmless */
        return -1;
    }
    st->impl = ps;
    return 0;
}

static void clear_values(PgStmt *ps)
{
    for (int i = 0; i < DB_MAX_PARAMS; i++) {
        free(ps->values[i]);
        ps->values[i] = NULL;
    }
}

static void pg_finalize(DbStmt *st)
{
    PgStmt *ps = st->impl;
    /* No DEALLOCATE: db.c finalizes only when the connection closes, and
     * closing drops the server-side statement. */
    stop_reading(st, PS_IDLE);
    clear_values(ps);
    free(ps);
    st->impl = NULL;
}

/* Binding after stepping is an error with SQLite too; refusing it here keeps
 * the two backends alike, and values never change under a running query. */
static int check_bindable(DbStmt *st)
{
    PgStmt *ps = st->impl;
    if (ps->state != PS_IDLE) {
        db_set_error(st->db, DBE_MISUSE, "bind after step without db_reset: %.80s", st->sql);
        return -1;
    }
    return 0;
}

/* Takes ownership of `value` (NULL: SQL NULL, or out of memory when `want`). */
static int set_value(DbStmt *st, int idx, char *value, int want)
{
    PgStmt *ps = st->impl;
    if (want && !value) {
        db_set_error(st->db, DBE_OTHER, "out of memory");
        return -1;
    }
    if (check_bindable(st) != 0 || idx < 1 || idx > st->n_params) {
        if (idx < 1 || idx > st->n_params)
            db_set_error(st->db, DBE_MISUSE, "parameter index %d out of range", idx);
        free(value);
        return -1;
    }
    free(ps->values[idx - 1]);
    ps->values[idx - 1] = value;
    return 0;
}

static int pg_bind_text(DbStmt *st, int idx, const char *v)
{
    return set_value(st, idx, strdup(v), 1);
}

static int pg_bind_int(DbStmt *st, int idx, long long v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", v);
    return set_value(st, idx, strdup(buf), 1);
}

static int pg_bind_null(DbStmt *st, int idx) { return set_value(st, idx, NULL, 0); }

/* Send the execution and switch to single-row mode. */
static int start(DbStmt *st)
{
    PgConn *c = st->db->conn;
    PgStmt *ps = st->impl;
    if (check_idle(st) != 0)
        return -1;
    if (!PQsendQueryPrepared(c->pg, ps->name, st->n_params, (const char *const *)ps->values, NULL, NULL, 0)) {
        fail(st->db, NULL);
        drain(st->db);
        ps->state = PS_FAILED;
        return -1;
    }
    c->reading = st;
    ps->state = PS_READING;
    if (!PQsetSingleRowMode(c->pg)) {
        /* Only possible if something was sent in between, which is a bug here. */
        db_set_error(st->db, DBE_MISUSE, "cannot read in single-row mode: %.80s", st->sql);
        stop_reading(st, PS_FAILED);
        return -1;
    }
    return 0;
}

/* Command tags that report rows changed (PQcmdTuples also counts SELECT). */
static int is_change(const char *tag)
{
    return strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 || strncmp(tag, "DELETE", 6) == 0 ||
           strncmp(tag, "MERGE", 5) == 0;
}

static int pg_step(DbStmt *st)
{
    PgConn *c = st->db->conn;
    PgStmt *ps = st->impl;
    PQclear(ps->row);
    ps->row = NULL;
    switch (ps->state) {
    case PS_DONE: return DB_DONE;
    case PS_FAILED:
        if (st->db->err == DBE_NONE)
            db_set_error(st->db, DBE_MISUSE, "step after an error without db_reset: %.80s", st->sql);
        return DB_ERROR;
    case PS_INTERRUPTED:
        db_set_error(st->db, DBE_MISUSE, "rows not read before another command ran (db_reset first): %.80s", st->sql);
        return DB_ERROR;
    case PS_IDLE:
        if (start(st) != 0)
            return DB_ERROR;
        break;
    case PS_READING: break;
    }
    PGresult *r = PQgetResult(c->pg);
    ExecStatusType s = PQresultStatus(r);
    if (r && s == PGRES_SINGLE_TUPLE) {
        ps->row = r; /* kept for col_* until the next step or reset */
        return DB_ROW;
    }
    int rc = DB_DONE;
    if (r && ok_status(r)) {
        ps->changes = is_change(PQcmdStatus(r)) ? strtoll(PQcmdTuples(r), NULL, 10) : 0;
    } else {
        /* NULL before a final status only happens when the connection broke. */
        fail(st->db, r);
        rc = DB_ERROR;
    }
    PQclear(r);
    stop_reading(st, rc == DB_DONE ? PS_DONE : PS_FAILED);
    return rc;
}

static int pg_col_count(DbStmt *st)
{
    PgStmt *ps = st->impl;
    return ps->row ? PQnfields(ps->row) : ps->n_cols;
}

static int has_col(const PgStmt *ps, int col) { return ps->row && col >= 0 && col < PQnfields(ps->row); }

static const char *pg_col_text(DbStmt *st, int col)
{
    PgStmt *ps = st->impl;
    if (!has_col(ps, col) || PQgetisnull(ps->row, 0, col))
        return NULL;
    return PQgetvalue(ps->row, 0, col);
}

static long long pg_col_int(DbStmt *st, int col)
{
    const char *v = pg_col_text(st, col);
    if (!v)
        return 0;
    /* Booleans arrive as "t"/"f"; SQLite has them as 1/0. */
    if (v[0] == 't' && v[1] == 0)
        return 1;
    if (v[0] == 'f' && v[1] == 0)
        return 0;
    return strtoll(v, NULL, 10);
}

static int pg_col_is_null(DbStmt *st, int col)
{
    PgStmt *ps = st->impl;
    return !has_col(ps, col) || PQgetisnull(ps->row, 0, col);
}

static long long pg_changes(DbStmt *st) { return ((PgStmt *)st->impl)->changes; }

static void pg_reset(DbStmt *st)
{
    stop_reading(st, PS_IDLE);
    clear_values(st->impl);
}

const DbOps db_pg_ops = {
    .name = "postgres",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin_sql = "BEGIN",
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_count = pg_col_count,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_is_null = pg_col_is_null,
    .changes = pg_changes,
    .reset = pg_reset,
};
