/* Saved web-meeting plans (store/meetings.h). */
#include "store/meetings.h"

static const char SQL_MEETING_INSERT[] =
    "INSERT INTO meeting_plans (org_id, host_id, title, meeting_date, track, confidentiality, verdict, doc, result,"
    " created_at) VALUES (:org, :host, :title, :date, :track, :conf, :verdict, :doc, :result, :at) RETURNING id";

#define MEETING_COLUMNS                                                                                        \
    "SELECT m.id, m.org_id, m.host_id, u.login, u.name, m.title, m.meeting_date, m.track, m.confidentiality," \
    " m.verdict, m.created_at"
static const char SQL_MEETING_GET[] =
    MEETING_COLUMNS ", m.doc, m.result FROM meeting_plans m JOIN users u ON u.id = m.host_id"
                    " WHERE m.org_id = :org AND m.id = :id";
static const char SQL_MEETINGS_ORG[] =
    MEETING_COLUMNS " FROM meeting_plans m JOIN users u ON u.id = m.host_id WHERE m.org_id = :org"
                    " ORDER BY m.meeting_date DESC, m.id DESC";
static const char SQL_MEETINGS_HOST[] =
    MEETING_COLUMNS " FROM meeting_plans m JOIN users u ON u.id = m.host_id WHERE m.org_id = :org AND m.host_id = :host"
                    " ORDER BY m.meeting_date DESC, m.id DESC";

int store_meeting_insert(Db *db, const MeetingRow *m, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_MEETING_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", m->org_id) | db_bind_int(st, "host", m->host_id) | db_bind_text(st, "title", m->title) |
             db_bind_text(st, "date", m->date) | db_bind_text(st, "track", m->track) |
             db_bind_text(st, "conf", m->confidentiality) | db_bind_text(st, "verdict", m->verdict) |
             db_bind_text(st, "doc", m->doc) | db_bind_text(st, "result", m->result) | db_bind_text(st, "at", m->created_at);
    int step = rc == 0 ? db_step(st) : DB_ERROR;
    if (step == DB_ROW)
        *id = db_col_int(st, 0);
    db_reset(st);
    return step == DB_ROW ? 0 : -1;
}

static void read_row(DbStmt *st, Arena *a, MeetingRow *m)
{
    *m = (MeetingRow){
        .id = db_col_int(st, 0),
        .org_id = db_col_int(st, 1),
        .host_id = db_col_int(st, 2),
        .host_login = db_col_dup(st, 3, a),
        .host_name = db_col_dup(st, 4, a),
        .title = db_col_dup(st, 5, a),
        .date = db_col_dup(st, 6, a),
        .track = db_col_dup(st, 7, a),
        .confidentiality = db_col_dup(st, 8, a),
        .verdict = db_col_dup(st, 9, a),
        .created_at = db_col_dup(st, 10, a),
    };
}

int store_meeting_get(Db *db, Arena *a, long long org_id, long long id, MeetingRow *out)
{
    DbStmt *st = db_prepare(db, SQL_MEETING_GET);
    if (!st)
        return -1;
    if ((db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW) {
        read_row(st, a, out);
        out->doc = db_col_dup(st, 11, a);
        out->result = db_col_dup(st, 12, a);
        if (!out->doc || !out->result || !out->title) {
            db_reset(st);
            db_set_error(db, DBE_OTHER, "out of memory");
            return -1;
        }
    }
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_meetings_each(Db *db, Arena *a, long long org_id, long long host_id,
                        int (*fn)(void *ctx, const MeetingRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, host_id ? SQL_MEETINGS_HOST : SQL_MEETINGS_ORG);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "org", org_id) | (host_id ? db_bind_int(st, "host", host_id) : 0);
    if (rc != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        MeetingRow m;
        read_row(st, a, &m);
        if (fn(ctx, &m))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
