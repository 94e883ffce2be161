/* Private to the store: what a database backend provides (db_sqlite.c,
 * db_pg.c) and the state the common layer (db.c) keeps for it. */
#ifndef DAICHO_DB_IMPL_H
#define DAICHO_DB_IMPL_H
#include "store/db.h"

enum { DB_MAX_PARAMS = 64 };

struct DbStmt {
    Db *db;
    const char *sql;          /* cache key: the caller's literal */
    char *native_sql;         /* owned: ":name" rewritten as "?N" (SQLite) or "$N" (PostgreSQL) */
    int n_params;
    char *param_names[DB_MAX_PARAMS]; /* owned; index i is parameter i+1 */
    void *impl;               /* backend statement */
    int active;               /* between first bind/step and reset */
    DbStmt *next;             /* the Db's cache list */
};

typedef struct DbOps {
    const char *name;
    /* Open; on failure return -1 with a message set through db_set_error. */
    int (*open)(Db *db, const char *target, int create);
    void (*close)(Db *db);
    int (*exec)(Db *db, const char *sql);
    const char *begin_sql;    /* e.g. "BEGIN IMMEDIATE" */
    /* Prepare st->native_sql (parameters 1..n_params); fill st->impl. */
    int (*prepare)(DbStmt *st);
    void (*finalize)(DbStmt *st);
    /* idx is 1-based. Text is copied by the backend. */
    int (*bind_text)(DbStmt *st, int idx, const char *value);
    int (*bind_int)(DbStmt *st, int idx, long long value);
    int (*bind_null)(DbStmt *st, int idx);
    int (*step)(DbStmt *st);
    int (*col_count)(DbStmt *st);
    const char *(*col_text)(DbStmt *st, int col);
    long long (*col_int)(DbStmt *st, int col);
    int (*col_is_null)(DbStmt *st, int col);
    long long (*changes)(DbStmt *st);
    void (*reset)(DbStmt *st);
} DbOps;

struct Db {
    const DbOps *ops;
    DbKind kind;
    void *conn;               /* sqlite3*, or the PostgreSQL backend's PgConn */
    DbErr err;
    char errmsg[1024];
    int in_tx;
    DbStmt *cache;
};

extern const DbOps db_sqlite_ops;
extern const DbOps db_pg_ops;

#endif
