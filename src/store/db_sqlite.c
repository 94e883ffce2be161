/* SQLite backend of the database layer: one connection, WAL, foreign keys on,
 * synchronous=FULL (a change reported committed survives a crash of the
 * process or the machine), busy timeout so that concurrent writers queue. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/db_impl.h"

enum { BUSY_TIMEOUT_MS = 10000 };

static DbErr classify(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return DBE_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DBE_BUSY;
    case SQLITE_FULL: return DBE_FULL;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM: return DBE_GONE;
    case SQLITE_MISUSE:
    case SQLITE_RANGE: return DBE_MISUSE;
    default: return DBE_OTHER;
    }
}

static const char *summary(DbErr e)
{
    switch (e) {
    case DBE_CONSTRAINT: return "データの整合性制約に反します";
    case DBE_BUSY: return "データベースが他の処理でロックされています。しばらくしてから再実行してください";
    case DBE_FULL: return "ディスクの空き容量がありません";
    case DBE_GONE: return "データベースを開けないか、読み書きできません";
    default: return "データベースのエラー";
    }
}

static int fail(Db *db, int rc)
{
    DbErr e = classify(rc);
    sqlite3 *c = db->conn;
    db_set_error(db, e, "%s (sqlite: %s)", summary(e), c ? sqlite3_errmsg(c) : sqlite3_errstr(rc));
    return -1;
}

static int sq_exec(Db *db, const char *sql)
{
    int rc = sqlite3_exec(db->conn, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : fail(db, rc);
}

static int sq_open(Db *db, const char *path, int create)
{
    struct stat sb;
    if (!create && stat(path, &sb) != 0) {
        db_set_error(db, DBE_GONE, "データベース %s がありません。先に daicho init を実行してください (no such database)", path);
        return -1;
    }
    sqlite3 *c = NULL;
    int rc = sqlite3_open_v2(path, &c, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, NULL);
    db->conn = c;
    if (rc != SQLITE_OK)
        return fail(db, rc);
    sqlite3_extended_result_codes(c, 1);
    sqlite3_busy_timeout(c, BUSY_TIMEOUT_MS);
    /* journal_mode answers with a row; the others are silent.
     * A 64 MiB page cache: a large import must not spill pages to the WAL
     * mid-transaction. temp_store=MEMORY keeps each statement's journal (the
     * pages it changed, to undo it alone) in memory: with the default, every
     * ledger insert (seven indexes) wrote it to a temporary file, ~35 µs. */
    if (sq_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;"
                    " PRAGMA temp_store=MEMORY; PRAGMA journal_mode=WAL;") != 0)
        return -1;
    /* Reading the schema proves it is a database at all (not some other file). */
    return sq_exec(db, "SELECT count(*) FROM sqlite_schema");
}

static void sq_close(Db *db)
{
    if (db->conn)
        sqlite3_close_v2(db->conn);
    db->conn = NULL;
}

static int sq_prepare(DbStmt *st)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(st->db->conn, st->native_sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st->db, rc);
    st->impl = s;
    return 0;
}

static void sq_finalize(DbStmt *st) { sqlite3_finalize(st->impl); }

static int sq_bind_text(DbStmt *st, int i, const char *v)
{
    int rc = sqlite3_bind_text(st->impl, i, v, -1, SQLITE_TRANSIENT);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_bind_int(DbStmt *st, int i, long long v)
{
    int rc = sqlite3_bind_int64(st->impl, i, v);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_bind_null(DbStmt *st, int i)
{
    int rc = sqlite3_bind_null(st->impl, i);
    return rc == SQLITE_OK ? 0 : fail(st->db, rc);
}

static int sq_step(DbStmt *st)
{
    int rc = sqlite3_step(st->impl);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    fail(st->db, rc);
    return DB_ERROR;
}

static int sq_col_count(DbStmt *st) { return sqlite3_column_count(st->impl); }
static const char *sq_col_text(DbStmt *st, int c) { return (const char *)sqlite3_column_text(st->impl, c); }
static long long sq_col_int(DbStmt *st, int c) { return sqlite3_column_int64(st->impl, c); }
static int sq_col_is_null(DbStmt *st, int c) { return sqlite3_column_type(st->impl, c) == SQLITE_NULL; }
static long long sq_changes(DbStmt *st) { return sqlite3_changes64(st->db->conn); }

static void sq_reset(DbStmt *st)
{
    sqlite3_reset(st->impl);
    sqlite3_clear_bindings(st->impl);
}

const DbOps db_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .begin_sql = "BEGIN IMMEDIATE",
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_count = sq_col_count,
    .col_text = sq_col_text,
    .col_int = sq_col_int,
    .col_is_null = sq_col_is_null,
    .changes = sq_changes,
    .reset = sq_reset,
};
