/* Incident reports and their steps (store/incidents.h). */
#include "store/incidents.h"

#include <string.h>

static int opt_int(DbStmt *st, const char *name, long long v)
{
    return v ? db_bind_int(st, name, v) : db_bind_null(st, name);
}

static const char SQL_INSERT[] =
    "INSERT INTO incidents (org_id, number, kind, title, description, entry_id, service_name, finding_id,"
    " social_account_id, noticed_at, reported_by, reported_at, assigned_role, state, approach, playbook_run_id,"
    " updated_at)"
    " SELECT CAST(:org AS BIGINT), COALESCE(MAX(number), 0) + 1, :kind, :title, :description, CAST(:entry AS BIGINT),"
    " :service, CAST(:finding AS BIGINT), CAST(:account AS BIGINT), :noticed, CAST(:by AS BIGINT), :at, :role, :state,"
    " :approach, CAST(:run AS BIGINT), :at FROM incidents WHERE org_id = :org"
    " RETURNING id, number";

#define COLUMNS                                                                                                        \
    "SELECT i.id, i.org_id, i.number, i.kind, i.title, i.description, i.entry_id, e.number, i.service_name,"          \
    " i.finding_id, i.social_account_id, i.noticed_at, i.reported_by, u.login, u.name, i.reported_at,"                \
    " i.assigned_role, i.state, i.approach, i.playbook_run_id, i.updated_at, e.administrator_id"                      \
    " FROM incidents i JOIN users u ON u.id = i.reported_by LEFT JOIN ledger_entries e ON e.id = i.entry_id"
static const char SQL_BY_NUMBER[] = COLUMNS " WHERE i.org_id = :org AND i.number = :number";
static const char SQL_BY_RUN[] = COLUMNS " WHERE i.playbook_run_id = :run";
static const char SQL_LIST[] =
    COLUMNS " WHERE i.org_id = :org AND (CAST(:state AS TEXT) = '' OR i.state = :state OR (CAST(:state AS TEXT) = 'open' AND i.state <> 'closed'))"
            " AND (CAST(:by AS BIGINT) = 0 OR i.reported_by = :by OR e.administrator_id = :by) AND (CAST(:entry AS BIGINT) = 0 OR i.entry_id = :entry)"
            " ORDER BY i.number DESC";
static const char SQL_SET_STATE[] =
    "UPDATE incidents SET state = :to, approach = COALESCE(:approach, approach), updated_at = :at"
    " WHERE id = :id AND state = :from";
static const char SQL_STEP_INSERT[] =
    "INSERT INTO incident_steps (incident_id, action, from_state, to_state, decision, note, actor_id, at)"
    " VALUES (:incident, :action, :from, :to, :decision, :note, :actor, :at)";
static const char SQL_STEPS[] =
    "SELECT s.id, s.action, s.from_state, s.to_state, s.decision, s.note, u.login, u.name, s.at"
    " FROM incident_steps s JOIN users u ON u.id = s.actor_id WHERE s.incident_id = :incident ORDER BY s.id";
static const char SQL_FINDING[] = "SELECT label FROM discovery_findings WHERE org_id = :org AND id = :id";

int store_incident_insert(Db *db, const IncidentRow *r, long long *id, long long *number)
{
    DbStmt *st = db_prepare(db, SQL_INSERT);
    int rc = st ? (db_bind_int(st, "org", r->org_id) | db_bind_text(st, "kind", r->kind) |
                   db_bind_text(st, "title", r->title) | db_bind_text(st, "description", r->description ? r->description : "") |
                   opt_int(st, "entry", r->entry_id) | db_bind_text(st, "service", r->service_name ? r->service_name : "") |
                   opt_int(st, "finding", r->finding_id) | opt_int(st, "account", r->social_account_id) |
                   db_bind_text(st, "noticed", r->noticed_at) | db_bind_int(st, "by", r->reported_by) |
                   db_bind_text(st, "at", r->reported_at) | db_bind_text(st, "role", r->assigned_role) |
                   db_bind_text(st, "state", r->state) | db_bind_text(st, "approach", r->approach ? r->approach : "") |
                   opt_int(st, "run", r->playbook_run_id))
                : -1;
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int s = db_step(st);
    if (s == DB_ROW) {
        *id = db_col_int(st, 0);
        *number = db_col_int(st, 1);
    }
    db_reset(st);
    return s == DB_ROW ? 0 : -1;
}

static void row_of(DbStmt *st, Arena *a, IncidentRow *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->org_id = db_col_int(st, 1);
    r->number = db_col_int(st, 2);
    r->kind = db_col_dup(st, 3, a);
    r->title = db_col_dup(st, 4, a);
    r->description = db_col_dup(st, 5, a);
    r->entry_id = db_col_int(st, 6);
    r->entry_number = db_col_int(st, 7);
    r->service_name = db_col_dup(st, 8, a);
    r->finding_id = db_col_int(st, 9);
    r->social_account_id = db_col_int(st, 10);
    r->noticed_at = db_col_dup(st, 11, a);
    r->reported_by = db_col_int(st, 12);
    r->reporter_login = db_col_dup(st, 13, a);
    r->reporter_name = db_col_dup(st, 14, a);
    r->reported_at = db_col_dup(st, 15, a);
    r->assigned_role = db_col_dup(st, 16, a);
    r->state = db_col_dup(st, 17, a);
    r->approach = db_col_dup(st, 18, a);
    r->playbook_run_id = db_col_int(st, 19);
    r->updated_at = db_col_dup(st, 20, a);
    r->entry_admin_id = db_col_int(st, 21);
}

static int get_one(DbStmt *st, int rc, Arena *a, IncidentRow *out)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        row_of(st, a, out);
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_incident_by_number(Db *db, Arena *a, long long org_id, long long number, IncidentRow *out)
{
    DbStmt *st = db_prepare(db, SQL_BY_NUMBER);
    return get_one(st, st ? db_bind_int(st, "org", org_id) | db_bind_int(st, "number", number) : -1, a, out);
}

int store_incident_by_run(Db *db, Arena *a, long long run_id, IncidentRow *out)
{
    DbStmt *st = db_prepare(db, SQL_BY_RUN);
    return get_one(st, st ? db_bind_int(st, "run", run_id) : -1, a, out);
}

int store_incidents(Db *db, Arena *a, long long org_id, const IncidentFilter *f,
                    int (*fn)(void *ctx, const IncidentRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_LIST);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "state", f && f->state ? f->state : "") |
                db_bind_int(st, "by", f ? f->reader : 0) | db_bind_int(st, "entry", f ? f->entry_id : 0)) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        IncidentRow row;
        row_of(st, a, &row);
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_incident_set_state(Db *db, long long id, const char *from, const char *to, const char *approach,
                             const char *at)
{
    DbStmt *st = db_prepare(db, SQL_SET_STATE);
    if (!st || (db_bind_text(st, "to", to) | (approach ? db_bind_text(st, "approach", approach) : db_bind_null(st, "approach")) |
                db_bind_text(st, "at", at) | db_bind_int(st, "id", id) | db_bind_text(st, "from", from)) != 0) {
        db_reset(st);
        return -1;
    }
    long long changed = 0;
    return db_run(st, &changed) == 0 ? changed == 1 : -1;
}

int store_incident_step_insert(Db *db, long long incident_id, const char *action, const char *from, const char *to,
                               const char *decision, const char *note, long long actor_id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_STEP_INSERT);
    if (!st || (db_bind_int(st, "incident", incident_id) | db_bind_text(st, "action", action) |
                db_bind_text(st, "from", from) | db_bind_text(st, "to", to) |
                db_bind_text(st, "decision", decision ? decision : "") | db_bind_text(st, "note", note ? note : "") |
                db_bind_int(st, "actor", actor_id) | db_bind_text(st, "at", at)) != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

int store_incident_steps(Db *db, Arena *a, long long incident_id, int (*fn)(void *ctx, const IncidentStepRow *row),
                         void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_STEPS);
    if (!st || db_bind_int(st, "incident", incident_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        IncidentStepRow row = {db_col_int(st, 0),      db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                               db_col_dup(st, 3, a),   db_col_dup(st, 4, a), db_col_dup(st, 5, a),
                               db_col_dup(st, 6, a),   db_col_dup(st, 7, a), db_col_dup(st, 8, a)};
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

int store_incident_finding_label(Db *db, Arena *a, long long org_id, long long id, const char **label)
{
    DbStmt *st = db_prepare(db, SQL_FINDING);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        *label = db_col_dup(st, 0, a);
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}
