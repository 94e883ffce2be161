/* Common part of the database layer: URL → backend, the statement cache,
 * named parameters rewritten to each backend's positional form, and
 * transactions. The backends (db_sqlite.c, db_pg.c) only see positions. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_impl.h"

void db_set_error(Db *db, DbErr code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    db->err = code;
    vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
    va_end(ap);
}

static int is_ident(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* Rewrite ":name" parameters to "?N" / "$N", skipping string literals,
 * quoted identifiers, "--" comments and PostgreSQL "::" casts (our SQL uses
 * no block comments, E'' strings or array slices, which are not skipped). Fills
 * st->param_names and st->native_sql. */
static int rewrite_params(DbStmt *st, char mark)
{
    const char *s = st->sql;
    Str out = STR_INIT;
    while (*s) {
        char c = *s;
        if (c == '\'' || c == '"') {
            const char *e = s + 1;
            while (*e && !(*e == c && e[1] != c))
                e += (*e == c) ? 2 : 1;
            if (*e)
                e++;
            str_appendn(&out, s, (size_t)(e - s));
            s = e;
        } else if (c == '-' && s[1] == '-') {
            const char *e = strchr(s, '\n');
            e = e ? e : s + strlen(s);
            str_appendn(&out, s, (size_t)(e - s));
            s = e;
        } else if (c == ':' && s[1] == ':') {
            str_append(&out, "::");
            s += 2;
        } else if (c == ':' && is_ident(s[1], 1)) {
            const char *e = s + 1;
            while (is_ident(*e, 0))
                e++;
            size_t n = (size_t)(e - s - 1);
            int idx = -1;
            for (int i = 0; i < st->n_params; i++)
                if (strlen(st->param_names[i]) == n && memcmp(st->param_names[i], s + 1, n) == 0)
                    idx = i;
            if (idx < 0) {
                if (st->n_params == DB_MAX_PARAMS) {
                    str_free(&out);
                    db_set_error(st->db, DBE_MISUSE, "too many SQL parameters");
                    return -1;
                }
                char *name = strndup(s + 1, n);
                if (!name) {
                    str_free(&out);
                    db_set_error(st->db, DBE_OTHER, "out of memory");
                    return -1;
                }
                idx = st->n_params++;
                st->param_names[idx] = name;
            }
            str_appendf(&out, "%c%d", mark, idx + 1);
            s = e;
        } else {
            str_appendc(&out, c);
            s++;
        }
    }
    if (str_failed(&out)) {
        str_free(&out);
        db_set_error(st->db, DBE_OTHER, "out of memory");
        return -1;
    }
    str_appendc(&out, ' '); /* never empty: native_sql is always allocated */
    str_cstr(&out);
    if (str_failed(&out)) {
        str_free(&out);
        db_set_error(st->db, DBE_OTHER, "out of memory");
        return -1;
    }
    st->native_sql = out.buf;
    return 0;
}

Db *db_open(const char *url, int create, Str *err)
{
    Db *db = calloc(1, sizeof *db);
    if (!db) {
        str_append(err, "out of memory");
        return NULL;
    }
    const char *target = url;
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
        db->ops = &db_pg_ops;
        db->kind = DB_POSTGRES;
    } else {
        db->ops = &db_sqlite_ops;
        db->kind = DB_SQLITE;
        if (strncmp(url, "sqlite:", 7) == 0)
            target = url + 7;
    }
    if (db->ops->open(db, target, create) != 0) {
        str_append(err, db->errmsg);
        db->ops->close(db);
        free(db);
        return NULL;
    }
    return db;
}

static void stmt_free(DbStmt *st)
{
    if (st->impl)
        st->db->ops->finalize(st);
    for (int i = 0; i < st->n_params; i++)
        free(st->param_names[i]);
    free(st->native_sql);
    free(st);
}

void db_close(Db *db)
{
    if (!db)
        return;
    db_rollback(db);
    for (DbStmt *st = db->cache, *next; st; st = next) {
        next = st->next;
        stmt_free(st);
    }
    db->ops->close(db);
    free(db);
}

DbKind db_kind(const Db *db) { return db->kind; }
DbErr db_errcode(const Db *db) { return db->err; }
const char *db_errmsg(const Db *db) { return db->errmsg; }
int db_in_transaction(const Db *db) { return db->in_tx; }

void db_clear_error(Db *db)
{
    db->err = DBE_NONE;
    db->errmsg[0] = 0;
}

int db_exec(Db *db, const char *sql) { return db->ops->exec(db, sql); }

int db_begin(Db *db)
{
    if (db->in_tx) {
        db_set_error(db, DBE_MISUSE, "transaction already open");
        return -1;
    }
    if (db->ops->exec(db, db->ops->begin_sql) != 0)
        return -1;
    db->in_tx = 1;
    return 0;
}

int db_begin_read(Db *db)
{
    if (db->in_tx) {
        db_set_error(db, DBE_MISUSE, "transaction already open");
        return -1;
    }
    if (db->ops->exec(db, db->kind == DB_POSTGRES ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN") != 0)
        return -1;
    db->in_tx = 1;
    return 0;
}

int db_commit(Db *db)
{
    if (!db->in_tx) {
        db_set_error(db, DBE_MISUSE, "commit without a transaction");
        return -1;
    }
    int rc = db->ops->exec(db, "COMMIT");
    if (rc != 0) {
        /* A failed COMMIT leaves nothing applied; end the transaction so the
         * connection is usable again, keeping the commit's error. */
        DbErr code = db->err;
        char msg[sizeof db->errmsg];
        memcpy(msg, db->errmsg, sizeof msg);
        db->ops->exec(db, "ROLLBACK");
        db->err = code;
        memcpy(db->errmsg, msg, sizeof msg);
    }
    db->in_tx = 0;
    return rc;
}

void db_rollback(Db *db)
{
    if (!db->in_tx)
        return;
    for (DbStmt *st = db->cache; st; st = st->next)
        if (st->active)
            db_reset(st);
    DbErr code = db->err;
    char msg[sizeof db->errmsg];
    memcpy(msg, db->errmsg, sizeof msg);
    db->ops->exec(db, "ROLLBACK");
    /* Keep the error that made the caller roll back. */
    db->err = code;
    memcpy(db->errmsg, msg, sizeof msg);
    db->in_tx = 0;
}

DbStmt *db_prepare(Db *db, const char *sql)
{
    for (DbStmt *st = db->cache; st; st = st->next)
        if (st->sql == sql) {
            if (st->active) {
                db_set_error(db, DBE_MISUSE, "statement already in use: %.80s", sql);
                return NULL;
            }
            return st;
        }
    DbStmt *st = calloc(1, sizeof *st);
    if (!st) {
        db_set_error(db, DBE_OTHER, "out of memory");
        return NULL;
    }
    st->db = db;
    st->sql = sql;
    if (rewrite_params(st, db->kind == DB_POSTGRES ? '$' : '?') != 0 || db->ops->prepare(st) != 0) {
        stmt_free(st);
        return NULL;
    }
    st->next = db->cache;
    db->cache = st;
    return st;
}

static int param_index(DbStmt *st, const char *name)
{
    for (int i = 0; i < st->n_params; i++)
        if (strcmp(st->param_names[i], name) == 0) {
            st->active = 1;
            return i + 1;
        }
    db_set_error(st->db, DBE_MISUSE, "no parameter :%s in: %.80s", name, st->sql);
    return 0;
}

int db_bind_text(DbStmt *st, const char *name, const char *value)
{
    int i = param_index(st, name);
    if (!i)
        return -1;
    return value ? st->db->ops->bind_text(st, i, value) : st->db->ops->bind_null(st, i);
}

int db_bind_int(DbStmt *st, const char *name, long long value)
{
    int i = param_index(st, name);
    return i ? st->db->ops->bind_int(st, i, value) : -1;
}

int db_bind_null(DbStmt *st, const char *name)
{
    int i = param_index(st, name);
    return i ? st->db->ops->bind_null(st, i) : -1;
}

int db_step(DbStmt *st)
{
    st->active = 1;
    return st->db->ops->step(st);
}

int db_col_count(DbStmt *st) { return st->db->ops->col_count(st); }
const char *db_col_text(DbStmt *st, int col) { return st->db->ops->col_text(st, col); }
long long db_col_int(DbStmt *st, int col) { return st->db->ops->col_int(st, col); }
int db_col_is_null(DbStmt *st, int col) { return st->db->ops->col_is_null(st, col); }
const char *db_col_dup(DbStmt *st, int col, Arena *a)
{
    const char *t = db_col_text(st, col);
    return t ? arena_strdup(a, t) : NULL;
}

int db_run(DbStmt *st, long long *changes)
{
    if (!st)
        return -1;
    int rc = db_step(st);
    if (changes)
        *changes = rc == DB_DONE ? db_changes(st) : 0;
    db_reset(st);
    return rc == DB_DONE ? 0 : -1;
}

long long db_changes(DbStmt *st) { return st->db->ops->changes(st); }

void db_reset(DbStmt *st)
{
    if (!st)
        return;
    st->db->ops->reset(st);
    st->active = 0;
}

int db_query_int(Db *db, const char *sql, long long *out)
{
    DbStmt *st = db_prepare(db, sql);
    if (!st)
        return -1;
    int rc = db_step(st);
    *out = rc == DB_ROW ? db_col_int(st, 0) : 0;
    db_reset(st);
    return rc == DB_ERROR ? -1 : 0;
}
