/* Contact charts (store/contact.h). */
#include "store/contact.h"

#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO contact_charts (entry_id, version, doc, approach, note, saved_by, saved_at)"
    " VALUES (:entry, :version, :doc, :approach, :note, :by, :at)";

int store_contact_insert(Db *db, long long entry_id, int version, const char *doc, const char *approach,
                         const char *note, long long saved_by, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_INSERT);
    if (!st || (db_bind_int(st, "entry", entry_id) | db_bind_int(st, "version", version) | db_bind_text(st, "doc", doc) |
                db_bind_text(st, "approach", approach) | db_bind_text(st, "note", note ? note : "") |
                db_bind_int(st, "by", saved_by) | db_bind_text(st, "at", at)) != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

#define CHART_COLUMNS                                                                                                  \
    "SELECT c.entry_id, c.version, c.doc, c.approach, c.note, u.login, u.name, c.saved_at FROM contact_charts c"     \
    " JOIN users u ON u.id = c.saved_by"

static const char SQL_LATEST[] = CHART_COLUMNS " WHERE c.entry_id = :entry ORDER BY c.version DESC LIMIT 1";
static const char SQL_VERSIONS[] = CHART_COLUMNS " WHERE c.entry_id = :entry ORDER BY c.version DESC";

static void chart_row(DbStmt *st, Arena *a, int with_doc, ContactChartRow *r)
{
    *r = (ContactChartRow){
        .entry_id = db_col_int(st, 0),
        .version = (int)db_col_int(st, 1),
        .doc = with_doc ? db_col_dup(st, 2, a) : NULL,
        .approach = db_col_dup(st, 3, a),
        .note = db_col_dup(st, 4, a),
        .saved_by = db_col_dup(st, 5, a),
        .saved_by_name = db_col_dup(st, 6, a),
        .saved_at = db_col_dup(st, 7, a),
    };
}

int store_contact_latest(Db *db, Arena *a, long long entry_id, ContactChartRow *out)
{
    DbStmt *st = db_prepare(db, SQL_LATEST);
    if (!st || db_bind_int(st, "entry", entry_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        chart_row(st, a, 1, out);
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_contact_versions(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const ContactChartRow *row),
                           void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_VERSIONS);
    if (!st || db_bind_int(st, "entry", entry_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        ContactChartRow row;
        chart_row(st, a, 0, &row);
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_DUE[] =
    "SELECT l.id, l.number, l.service_name, l.state, u.login, l.created_at,"
    " (SELECT MAX(c.saved_at) FROM contact_charts c WHERE c.entry_id = l.id)"
    " FROM ledger_entries l LEFT JOIN users u ON u.id = l.administrator_id"
    " WHERE l.org_id = :org AND l.state IN ('active', 'ending') ORDER BY l.number";

int store_contact_due(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const ContactDueRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_DUE);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        ContactDueRow row = {
            .entry_id = db_col_int(st, 0),
            .number = db_col_int(st, 1),
            .service_name = db_col_dup(st, 2, a),
            .state = db_col_dup(st, 3, a),
            .administrator_login = db_col_dup(st, 4, a),
            .created_at = db_col_dup(st, 5, a),
            .saved_at = db_col_dup(st, 6, a),
        };
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

#define PERSON_COLUMNS                                                                                                 \
    "SELECT u.login, u.name, COALESCE(d.name, ''), u.title, u.email FROM users u"                                    \
    " LEFT JOIN departments d ON d.id = u.department_id"

static const char SQL_HOLDERS[] = PERSON_COLUMNS " JOIN user_roles r ON r.user_id = u.id"
                                                 " WHERE u.org_id = :org AND r.role = :role AND u.active = 1 ORDER BY u.id";
static const char SQL_PERSON[] = PERSON_COLUMNS " WHERE u.org_id = :org AND u.id = :id";

static void person_row(DbStmt *st, Arena *a, ContactPerson *p)
{
    *p = (ContactPerson){db_col_dup(st, 0, a), db_col_dup(st, 1, a), db_col_dup(st, 2, a), db_col_dup(st, 3, a),
                         db_col_dup(st, 4, a)};
}

int store_contact_role_holders(Db *db, Arena *a, long long org_id, const char *role,
                               int (*fn)(void *ctx, const ContactPerson *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_HOLDERS);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "role", role)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        ContactPerson p;
        person_row(st, a, &p);
        if (fn(ctx, &p))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_contact_person(Db *db, Arena *a, long long org_id, long long user_id, ContactPerson *out)
{
    DbStmt *st = db_prepare(db, SQL_PERSON);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", user_id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        person_row(st, a, out);
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}
