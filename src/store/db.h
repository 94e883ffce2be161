/* Thin database layer over SQLite and PostgreSQL (DESIGN.md "Storage"):
 * prepared statements with named parameters (":name"), transactions, and
 * errors classified so that callers can say what went wrong (locked, full,
 * gone) without knowing the backend. SQL values only ever travel as bound
 * parameters; no SQL is built from user text.
 *
 *   DbStmt *st = db_prepare(db, "SELECT name FROM users WHERE login = :login");
 *   db_bind_text(st, "login", login);
 *   while (db_step(st) == DB_ROW) puts(db_col_text(st, 0));
 *   db_reset(st);
 *
 * A Db handle is used by one thread at a time, and one statement is read at
 * a time: on PostgreSQL (single-row mode) stepping a second statement while
 * another still has rows is refused, so collect rows before writing per row.
 * Step again only after db_reset(). Portable SQL writes casts as
 * CAST(:x AS BIGINT), never "::". */
#ifndef DAICHO_DB_H
#define DAICHO_DB_H
#include "util/arena.h"
#include "util/str.h"

typedef enum DbKind { DB_SQLITE, DB_POSTGRES } DbKind;

/* db_step results; every other function returns 0 on success, -1 on error. */
enum { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };

typedef enum DbErr {
    DBE_NONE,
    DBE_CONSTRAINT, /* unique, foreign key or check constraint */
    DBE_BUSY,       /* locked by another writer / serialization failure */
    DBE_FULL,       /* disk or quota full */
    DBE_GONE,       /* cannot open, connection lost, not a database, I/O error */
    DBE_MISUSE,     /* a bug: unknown parameter name, statement already active … */
    DBE_OTHER
} DbErr;

typedef struct Db Db;
typedef struct DbStmt DbStmt;

/* CONSTRUCTOR: open `url`: "postgresql://…" or "postgres://…" selects
 * PostgreSQL, anything else is a SQLite file path (an optional "sqlite:"
 * prefix is dropped). With `create` 0 a missing SQLite file is an error.
 * Returns NULL and a message in `err` on failure. Free with db_close(). */
Db *db_open(const char *url, int create, Str *err);
/* DESTRUCTOR: rolls back an open transaction, finalizes cached statements. */
void db_close(Db *db);

DbKind db_kind(const Db *db);
DbErr db_errcode(const Db *db);
/* Message of the last error (Japanese summary + backend text); "" if none. */
const char *db_errmsg(const Db *db);
/* Record an error: `code` and a printf-style message (replaces the last);
 * for the layers above, so that one message travels up. */
void db_set_error(Db *db, DbErr code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Clear the last error (after a caller has handled it). */
void db_clear_error(Db *db);

/* Run SQL without parameters; may contain several statements (migrations). */
int db_exec(Db *db, const char *sql);

/* A write transaction: SQLite BEGIN IMMEDIATE (writers queue up front, so a
 * use case never fails half-way on a lock), PostgreSQL BEGIN. */
int db_begin(Db *db);
/* A read-only transaction: one consistent snapshot for several statements
 * (SQLite BEGIN DEFERRED; PostgreSQL REPEATABLE READ READ ONLY). End it with
 * db_commit or db_rollback. */
int db_begin_read(Db *db);
int db_commit(Db *db);
/* Safe to call when no transaction is open. */
void db_rollback(Db *db);
int db_in_transaction(const Db *db);

/* A prepared statement for `sql`, which must be a string that outlives the
 * Db (a literal): it is the cache key, and each is prepared once per
 * connection. Parameters are written ":name" (letters, digits, '_'); a name
 * may appear several times. Returns NULL on error (db_errmsg). The statement
 * belongs to the Db; give it back with db_reset() when done. */
DbStmt *db_prepare(Db *db, const char *sql);
/* Bind by name (without the colon). Binding a name the statement does not
 * have is an error (DBE_MISUSE). Text is copied; NULL binds SQL NULL. */
int db_bind_text(DbStmt *st, const char *name, const char *value);
int db_bind_int(DbStmt *st, const char *name, long long value);
int db_bind_null(DbStmt *st, const char *name);
/* Next row: DB_ROW, DB_DONE or DB_ERROR. Unbound parameters are NULL. */
int db_step(DbStmt *st);
int db_col_count(DbStmt *st);
/* Column of the current row; text stays valid until the next step or reset.
 * NULL for SQL NULL. */
const char *db_col_text(DbStmt *st, int col);
long long db_col_int(DbStmt *st, int col);
int db_col_is_null(DbStmt *st, int col);
/* Copy of a text column in `a` (NULL for SQL NULL). */
const char *db_col_dup(DbStmt *st, int col, Arena *a);
/* Rows changed by the last INSERT/UPDATE/DELETE stepped on this statement. */
long long db_changes(DbStmt *st);
/* Finish with the statement: drop remaining rows, clear bindings. */
void db_reset(DbStmt *st);

/* Step and finish: 0 when the statement ran to its end (DB_DONE), -1
 * otherwise; the rows it changed in *changes (may be NULL). Always resets.
 * For INSERT/UPDATE/DELETE. */
int db_run(DbStmt *st, long long *changes);

/* Convenience: prepare, bind nothing, step once; the first column of the
 * first row as an integer in *out (0 when no row). Returns 0/-1. */
int db_query_int(Db *db, const char *sql, long long *out);

#endif
