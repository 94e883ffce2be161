/* Organizations, departments, users and their roles, services. */
#include <string.h>

#include "store/store.h"

/* Bind-and-step helpers keep each function to its SQL. `rc` accumulates:
 * any failed bind makes the statement fail. */
#define BIND_TEXT(st, name, v) rc |= db_bind_text(st, name, v)
#define BIND_INT(st, name, v) rc |= db_bind_int(st, name, v)

/* INSERT … RETURNING id: one row with the new id. */
static int insert_returning(DbStmt *st, int rc, long long *id)
{
    if (rc != 0 || !st) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW && id)
        *id = db_col_int(st, 0);
    db_reset(st);
    return r == DB_ROW ? 0 : -1;
}

static const char SQL_ORG_INSERT[] =
    "INSERT INTO organizations (code, name, profile_id, profile_version, created_at)"
    " VALUES (:code, :name, :profile, :version, :at) RETURNING id";

int store_org_insert(Db *db, const char *code, const char *name, const char *profile_id, const char *version,
                     const char *at, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_ORG_INSERT);
    int rc = st ? 0 : -1;
    if (st) {
        BIND_TEXT(st, "code", code);
        BIND_TEXT(st, "name", name);
        BIND_TEXT(st, "profile", profile_id);
        BIND_TEXT(st, "version", version);
        BIND_TEXT(st, "at", at);
    }
    return insert_returning(st, rc, id);
}

static const char SQL_ORG_GET[] = "SELECT id, code, name, profile_id, profile_version FROM organizations WHERE id = :id";
static const char SQL_ORG_ALL[] = "SELECT id, code, name, profile_id, profile_version FROM organizations ORDER BY id";

static void org_row(DbStmt *st, Arena *a, OrgRow *o)
{
    o->id = db_col_int(st, 0);
    o->code = db_col_dup(st, 1, a);
    o->name = db_col_dup(st, 2, a);
    o->profile_id = db_col_dup(st, 3, a);
    o->profile_version = db_col_dup(st, 4, a);
}

/* Run a prepared, bound lookup and fill one row. */
static int fetch_one(DbStmt *st, int rc, Arena *a, void *out, void (*row)(DbStmt *, Arena *, void *))
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        row(st, a, out);
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

static void org_row_v(DbStmt *st, Arena *a, void *o) { org_row(st, a, o); }

int store_org_get(Db *db, Arena *a, long long id, OrgRow *out)
{
    DbStmt *st = db_prepare(db, SQL_ORG_GET);
    int rc = st ? db_bind_int(st, "id", id) : -1;
    return fetch_one(st, rc, a, out, org_row_v);
}

int store_org_each(Db *db, Arena *a, int (*fn)(void *ctx, const OrgRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_ORG_ALL);
    if (!st)
        return -1;
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        OrgRow o;
        org_row(st, a, &o);
        if (fn(ctx, &o))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_DEPT_FIND[] = "SELECT id FROM departments WHERE org_id = :org AND name = :name";
static const char SQL_DEPT_INSERT[] = "INSERT INTO departments (org_id, name) VALUES (:org, :name) RETURNING id";

int store_department_ensure(Db *db, long long org_id, const char *name, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_DEPT_FIND);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "name", name)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    if (r != DB_DONE)
        return r == DB_ROW ? 0 : -1;
    st = db_prepare(db, SQL_DEPT_INSERT);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_text(st, "name", name)) : -1;
    return insert_returning(st, rc, id);
}

static const char SQL_USER_INSERT[] =
    "INSERT INTO users (org_id, login, name, department_id, title, password_hash, is_admin, is_auditor, created_at)"
    " VALUES (:org, :login, :name, :dept, :title, :hash, :admin, :auditor, :at) RETURNING id";

int store_user_insert(Db *db, long long org_id, const char *login, const char *name, long long department_id,
                      const char *title, const char *password_hash, int is_admin, int is_auditor, const char *at,
                      long long *id)
{
    DbStmt *st = db_prepare(db, SQL_USER_INSERT);
    int rc = st ? 0 : -1;
    if (st) {
        BIND_INT(st, "org", org_id);
        BIND_TEXT(st, "login", login);
        BIND_TEXT(st, "name", name);
        rc |= department_id ? db_bind_int(st, "dept", department_id) : db_bind_null(st, "dept");
        BIND_TEXT(st, "title", title ? title : "");
        BIND_TEXT(st, "hash", password_hash);
        BIND_INT(st, "admin", is_admin);
        BIND_INT(st, "auditor", is_auditor);
        BIND_TEXT(st, "at", at);
    }
    return insert_returning(st, rc, id);
}

static const char SQL_ROLE_ADD[] = "INSERT INTO user_roles (user_id, role) VALUES (:user, :role)";
static const char SQL_ROLES_CLEAR[] = "DELETE FROM user_roles WHERE user_id = :user";
static const char SQL_PASSWORD_SET[] = "UPDATE users SET password_hash = :hash WHERE id = :user";

int store_user_add_role(Db *db, long long user_id, const char *role)
{
    DbStmt *st = db_prepare(db, SQL_ROLE_ADD);
    if (!st || (db_bind_int(st, "user", user_id) | db_bind_text(st, "role", role)) != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

int store_user_remove_roles(Db *db, long long user_id)
{
    DbStmt *st = db_prepare(db, SQL_ROLES_CLEAR);
    if (!st || db_bind_int(st, "user", user_id) != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

int store_user_set_password(Db *db, long long user_id, const char *password_hash)
{
    DbStmt *st = db_prepare(db, SQL_PASSWORD_SET);
    if (!st || (db_bind_int(st, "user", user_id) | db_bind_text(st, "hash", password_hash)) != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

#define USER_COLUMNS                                                                                              \
    "SELECT u.id, u.org_id, u.department_id, u.login, u.name, COALESCE(d.name, ''), u.title, u.is_admin, u.active," \
    " u.is_auditor"                                                                                               \
    " FROM users u LEFT JOIN departments d ON d.id = u.department_id"
static const char SQL_USER_GET[] = USER_COLUMNS " WHERE u.id = :id";
static const char SQL_USER_BY_LOGIN[] = USER_COLUMNS " WHERE u.login = :login";
static const char SQL_USER_ALL[] = USER_COLUMNS " WHERE u.org_id = :org ORDER BY u.login";
static const char SQL_USER_ROLES[] = "SELECT role FROM user_roles WHERE user_id = :user ORDER BY role";

static void user_row(DbStmt *st, Arena *a, UserRow *u)
{
    memset(u, 0, sizeof *u);
    u->id = db_col_int(st, 0);
    u->org_id = db_col_int(st, 1);
    u->department_id = db_col_int(st, 2);
    u->login = db_col_dup(st, 3, a);
    u->name = db_col_dup(st, 4, a);
    u->department = db_col_dup(st, 5, a);
    u->title = db_col_dup(st, 6, a);
    u->is_admin = (int)db_col_int(st, 7);
    u->active = (int)db_col_int(st, 8);
    u->is_auditor = (int)db_col_int(st, 9);
}

static void user_row_v(DbStmt *st, Arena *a, void *u) { user_row(st, a, u); }

static int user_roles(Db *db, Arena *a, UserRow *u)
{
    DbStmt *st = db_prepare(db, SQL_USER_ROLES);
    if (!st || db_bind_int(st, "user", u->id) != 0) {
        db_reset(st);
        return -1;
    }
    enum { MAX_ROLES = 32 };
    u->roles = arena_alloc(a, sizeof(char *) * MAX_ROLES);
    int r;
    while ((r = db_step(st)) == DB_ROW)
        if (u->roles && u->n_roles < MAX_ROLES)
            u->roles[u->n_roles++] = db_col_dup(st, 0, a);
    db_reset(st);
    return r == DB_DONE ? 0 : -1;
}

int store_user_get(Db *db, Arena *a, long long id, UserRow *out)
{
    DbStmt *st = db_prepare(db, SQL_USER_GET);
    int rc = st ? db_bind_int(st, "id", id) : -1;
    int found = fetch_one(st, rc, a, out, user_row_v);
    return found == 1 && user_roles(db, a, out) != 0 ? -1 : found;
}

int store_user_by_login(Db *db, Arena *a, const char *login, UserRow *out)
{
    DbStmt *st = db_prepare(db, SQL_USER_BY_LOGIN);
    int rc = st ? db_bind_text(st, "login", login) : -1;
    int found = fetch_one(st, rc, a, out, user_row_v);
    return found == 1 && user_roles(db, a, out) != 0 ? -1 : found;
}

static const char SQL_USER_PASSWORD[] = "SELECT password_hash FROM users WHERE login = :login AND active = 1";

int store_user_password(Db *db, Arena *a, const char *login, const char **hash)
{
    DbStmt *st = db_prepare(db, SQL_USER_PASSWORD);
    if (!st || db_bind_text(st, "login", login) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    *hash = r == DB_ROW ? db_col_dup(st, 0, a) : NULL;
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_user_each(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const UserRow *row), void *ctx)
{
    /* Collect first: the roles query needs the connection between rows. */
    DbStmt *st = db_prepare(db, SQL_USER_ALL);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int cap = 64, n = 0, r;
    UserRow *rows = arena_alloc(a, sizeof *rows * (size_t)cap);
    while (rows && (r = db_step(st)) == DB_ROW) {
        if (n == cap) {
            UserRow *more = arena_alloc(a, sizeof *rows * (size_t)cap * 2);
            if (!more)
                break;
            memcpy(more, rows, sizeof *rows * (size_t)n);
            rows = more, cap *= 2;
        }
        user_row(st, a, &rows[n++]);
    }
    db_reset(st);
    if (!rows || a->failed)
        return -1;
    for (int i = 0; i < n; i++) {
        if (user_roles(db, a, &rows[i]) != 0)
            return -1;
        if (fn(ctx, &rows[i]))
            break;
    }
    return 0;
}

static const char SQL_SERVICE_FIND[] =
    "SELECT id FROM services WHERE org_id = :org AND name = :name AND provider = :provider";
static const char SQL_SERVICE_INSERT[] =
    "INSERT INTO services (org_id, name, provider, category) VALUES (:org, :name, :provider, :category) RETURNING id";

int store_service_find(Db *db, long long org_id, const char *name, const char *provider, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_SERVICE_FIND);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "name", name) |
                db_bind_text(st, "provider", provider ? provider : "")) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_service_ensure(Db *db, long long org_id, const char *name, const char *provider, const char *category,
                         long long *id)
{
    int found = store_service_find(db, org_id, name, provider, id);
    if (found != 0)
        return found < 0 ? -1 : 0;
    DbStmt *st = db_prepare(db, SQL_SERVICE_INSERT);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_text(st, "name", name) |
                   db_bind_text(st, "provider", provider ? provider : "") |
                   db_bind_text(st, "category", category ? category : "other"))
                : -1;
    return insert_returning(st, rc, id);
}
