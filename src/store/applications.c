/* Applications and the steps of their procedure. */
#include <string.h>

#include "domain/workflow.h"
#include "policy/fields.h"
#include "store/store.h"

static const char SQL_APP_INSERT[] =
    "INSERT INTO applications (org_id, state, track, confidentiality, service_id, function, applicant_id,"
    " department_id, doc, evaluation, verdict, created_at, version)"
    " VALUES (:org, :state, :track, :class, :service, :function, :applicant, :dept, :doc, :evaluation, :verdict,"
    " :at, 1) RETURNING id";

int store_app_insert(Db *db, const AppRow *r, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_APP_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", r->org_id) | db_bind_text(st, "state", app_state_names[r->state]) |
             db_bind_text(st, "track", track_values[r->track]) | db_bind_text(st, "class", r->confidentiality) |
             db_bind_int(st, "service", r->service_id) | db_bind_text(st, "function", r->function) |
             db_bind_int(st, "applicant", r->applicant_id) |
             (r->department_id ? db_bind_int(st, "dept", r->department_id) : db_bind_null(st, "dept")) |
             db_bind_text(st, "doc", r->doc) | db_bind_text(st, "evaluation", r->evaluation) |
             db_bind_text(st, "verdict", r->verdict) | db_bind_text(st, "at", r->created_at);
    int step = rc == 0 ? db_step(st) : DB_ERROR;
    if (step == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return step == DB_ROW ? 0 : -1;
}

static const char SQL_APP_UPDATE[] =
    "UPDATE applications SET state = :state, track = :track, confidentiality = :class, service_id = :service,"
    " function = :function, department_id = :dept, doc = :doc, evaluation = :evaluation, verdict = :verdict,"
    " decided_by = :decided_by, reason = :reason, submitted_at = COALESCE(:submitted_at, submitted_at),"
    " decided_at = COALESCE(:decided_at, decided_at), entry_id = :entry, version = version + 1"
    " WHERE id = :id AND version = :version";

int store_app_update(Db *db, const AppRow *r, int expected_version)
{
    DbStmt *st = db_prepare(db, SQL_APP_UPDATE);
    if (!st)
        return -1;
    int rc = db_bind_text(st, "state", app_state_names[r->state]) |
             db_bind_text(st, "track", track_values[r->track]) | db_bind_text(st, "class", r->confidentiality) |
             db_bind_int(st, "service", r->service_id) | db_bind_text(st, "function", r->function) |
             (r->department_id ? db_bind_int(st, "dept", r->department_id) : db_bind_null(st, "dept")) |
             db_bind_text(st, "doc", r->doc) | db_bind_text(st, "evaluation", r->evaluation) |
             db_bind_text(st, "verdict", r->verdict) |
             (r->decided_by ? db_bind_int(st, "decided_by", r->decided_by) : db_bind_null(st, "decided_by")) |
             db_bind_text(st, "reason", r->reason ? r->reason : "") |
             db_bind_text(st, "submitted_at", r->submitted_at) | db_bind_text(st, "decided_at", r->decided_at) |
             (r->entry_id ? db_bind_int(st, "entry", r->entry_id) : db_bind_null(st, "entry")) |
             db_bind_int(st, "id", r->id) | db_bind_int(st, "version", expected_version);
    if (rc != 0) {
        db_reset(st);
        return -1;
    }
    long long changed = 0;
    if (db_run(st, &changed) != 0)
        return -1;
    return changed == 1 ? 1 : 0;
}

static const char SQL_STEP_INSERT[] =
    "INSERT INTO application_steps (application_id, action, from_state, to_state, actor_id, at, reason)"
    " VALUES (:app, :action, :from, :to, :actor, :at, :reason)";

int store_app_step(Db *db, long long app_id, const char *action, const char *from, const char *to,
                   long long actor_id, const char *at, const char *reason)
{
    DbStmt *st = db_prepare(db, SQL_STEP_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "app", app_id) | db_bind_text(st, "action", action) | db_bind_text(st, "from", from) |
             db_bind_text(st, "to", to) | db_bind_int(st, "actor", actor_id) | db_bind_text(st, "at", at) |
             db_bind_text(st, "reason", reason ? reason : "");
    if (rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

#define APP_COLUMNS                                                                                         \
    "SELECT a.id, a.org_id, a.service_id, a.applicant_id, COALESCE(a.department_id, 0),"                  \
    " COALESCE(a.decided_by, 0), COALESCE(a.entry_id, 0), a.state, a.track, a.version, a.confidentiality," \
    " a.function, a.doc, a.evaluation, a.verdict, a.reason, a.created_at, a.submitted_at, a.decided_at,"   \
    " s.name, s.provider, u.login, u.name, COALESCE(d.name, ''), du.name"                                   \
    " FROM applications a JOIN services s ON s.id = a.service_id JOIN users u ON u.id = a.applicant_id"     \
    " LEFT JOIN departments d ON d.id = a.department_id LEFT JOIN users du ON du.id = a.decided_by"

static const char SQL_APP_GET[] = APP_COLUMNS " WHERE a.org_id = :org AND a.id = :id";
static const char SQL_APP_LIST[] = APP_COLUMNS
    " WHERE a.org_id = :org AND (:state = '' OR a.state = :state) AND (:applicant = 0 OR a.applicant_id = :applicant)"
    " AND (:track = '' OR a.track = :track) ORDER BY a.id DESC LIMIT :limit OFFSET :offset";

static void app_row(DbStmt *st, Arena *a, AppRow *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(st, 0);
    r->org_id = db_col_int(st, 1);
    r->service_id = db_col_int(st, 2);
    r->applicant_id = db_col_int(st, 3);
    r->department_id = db_col_int(st, 4);
    r->decided_by = db_col_int(st, 5);
    r->entry_id = db_col_int(st, 6);
    r->state = state_index(app_state_names, db_col_text(st, 7));
    r->track = enum_index(track_values, db_col_text(st, 8));
    r->version = (int)db_col_int(st, 9);
    r->confidentiality = db_col_dup(st, 10, a);
    r->function = db_col_dup(st, 11, a);
    r->doc = db_col_dup(st, 12, a);
    r->evaluation = db_col_dup(st, 13, a);
    r->verdict = db_col_dup(st, 14, a);
    r->reason = db_col_dup(st, 15, a);
    r->created_at = db_col_dup(st, 16, a);
    r->submitted_at = db_col_dup(st, 17, a);
    r->decided_at = db_col_dup(st, 18, a);
    r->service_name = db_col_dup(st, 19, a);
    r->provider = db_col_dup(st, 20, a);
    r->applicant_login = db_col_dup(st, 21, a);
    r->applicant_name = db_col_dup(st, 22, a);
    r->department = db_col_dup(st, 23, a);
    r->decided_by_name = db_col_dup(st, 24, a);
}

int store_app_get(Db *db, Arena *a, long long org_id, long long id, AppRow *out)
{
    DbStmt *st = db_prepare(db, SQL_APP_GET);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        app_row(st, a, out);
    db_reset(st);
    if (r == DB_ROW && (out->state < 0 || out->track < 0)) {
        db_set_error(db, DBE_OTHER, "申請 %lld の状態が不正です (corrupt application row)", id);
        return -1;
    }
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_app_each(Db *db, Arena *a, const AppFilter *f, int (*fn)(void *ctx, const AppRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_APP_LIST);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", f->org_id) |
             db_bind_text(st, "state", f->state >= 0 ? app_state_names[f->state] : "") |
             db_bind_int(st, "applicant", f->applicant_id) | db_bind_text(st, "track", f->track ? f->track : "") |
             db_bind_int(st, "limit", f->limit > 0 ? f->limit : 1000) | db_bind_int(st, "offset", f->offset);
    if (rc != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        AppRow row;
        app_row(st, a, &row);
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_STEPS[] =
    "SELECT s.action, s.from_state, s.to_state, u.login, s.at, s.reason FROM application_steps s"
    " JOIN users u ON u.id = s.actor_id WHERE s.application_id = :app ORDER BY s.id";

int store_app_steps(Db *db, Arena *a, long long app_id, int (*fn)(void *ctx, const StepRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_STEPS);
    if (!st || db_bind_int(st, "app", app_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        StepRow row = {db_col_dup(st, 0, a), db_col_dup(st, 1, a), db_col_dup(st, 2, a),
                       db_col_dup(st, 3, a), db_col_dup(st, 4, a), db_col_dup(st, 5, a)};
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
