/* The social-media register and the playbook runs (store/social.h). */
#include "store/social.h"

#include <string.h>

static int opt_int(DbStmt *st, const char *name, long long v)
{
    return v ? db_bind_int(st, name, v) : db_bind_null(st, name);
}

static int run_bound(DbStmt *st, int rc)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL);
}

/* Step a statement returning one id. */
static int insert_id(DbStmt *st, int rc, long long *id)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW && id)
        *id = db_col_int(st, 0);
    db_reset(st);
    return r == DB_ROW ? 0 : -1;
}

/* Each reader: step, copy the row, call fn. */
#define EACH_ROW(st, ...)                                                                                            \
    do {                                                                                                               \
        int r_;                                                                                                        \
        while ((r_ = db_step(st)) == DB_ROW) {                                                                        \
            __VA_ARGS__                                                                                                \
        }                                                                                                              \
        db_reset(st);                                                                                                  \
        return r_ == DB_ERROR ? -1 : 0;                                                                                \
    } while (0)

/* ---- accounts ---- */

static const char SQL_ACCOUNT_INSERT[] =
    "INSERT INTO social_accounts (org_id, service, account_name, account_url, verified, announce_url, policy,"
    " info_only, two_factor, password_holders, ledger_id, status, monitor_due, created_at, created_by, updated_at)"
    " VALUES (:org, :service, :name, :url, :verified, :announce, :policy, :info_only, :two_factor, :holders, :ledger,"
    " :status, :due, :at, :by, :at) RETURNING id";
static const char SQL_DEVICE_INSERT[] =
    "INSERT INTO social_devices (account_id, seq, description, managed) VALUES (:account, :seq, :description, :managed)";

int store_social_account_insert(Db *db, const SocialAccountRow *a, long long actor_id, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_ACCOUNT_INSERT);
    int rc = st ? (db_bind_int(st, "org", a->org_id) | db_bind_text(st, "service", a->service) |
                   db_bind_text(st, "name", a->account_name) | db_bind_text(st, "url", a->account_url) |
                   db_bind_text(st, "verified", a->verified) | db_bind_text(st, "announce", a->announce_url) |
                   db_bind_text(st, "policy", a->policy) | db_bind_int(st, "info_only", a->info_only) |
                   db_bind_text(st, "two_factor", a->two_factor) | db_bind_text(st, "holders", a->password_holders) |
                   opt_int(st, "ledger", a->ledger_id) | db_bind_text(st, "status", a->status) |
                   db_bind_text(st, "due", a->monitor_due) | db_bind_text(st, "at", a->created_at) |
                   db_bind_int(st, "by", actor_id))
                : -1;
    if (insert_id(st, rc, id) != 0)
        return -1;
    for (int i = 0; i < a->n_devices; i++) {
        DbStmt *d = db_prepare(db, SQL_DEVICE_INSERT);
        int drc = d ? (db_bind_int(d, "account", *id) | db_bind_int(d, "seq", i + 1) |
                       db_bind_text(d, "description", a->devices[i].description) |
                       db_bind_int(d, "managed", a->devices[i].managed))
                    : -1;
        if (run_bound(d, drc) != 0)
            return -1;
    }
    return 0;
}

#define ACCOUNT_COLUMNS                                                                                                \
    "SELECT s.id, s.org_id, s.service, s.account_name, s.account_url, s.verified, s.announce_url, s.policy,"           \
    " s.info_only, s.two_factor, s.password_holders, COALESCE(s.ledger_id, 0), COALESCE(l.number, 0), s.status,"       \
    " s.monitor_due, s.last_monitor, s.created_at, u.login, s.updated_at FROM social_accounts s"                       \
    " JOIN users u ON u.id = s.created_by LEFT JOIN ledger_entries l ON l.id = s.ledger_id"

static const char SQL_ACCOUNT_GET[] = ACCOUNT_COLUMNS " WHERE s.org_id = :org AND s.id = :id";
static const char SQL_ACCOUNTS[] = ACCOUNT_COLUMNS " WHERE s.org_id = :org ORDER BY s.id";
static const char SQL_DEVICES[] =
    "SELECT description, managed FROM social_devices WHERE account_id = :account ORDER BY seq";

static void account_row(DbStmt *st, Arena *a, SocialAccountRow *r)
{
    *r = (SocialAccountRow){
        .id = db_col_int(st, 0),
        .org_id = db_col_int(st, 1),
        .service = db_col_dup(st, 2, a),
        .account_name = db_col_dup(st, 3, a),
        .account_url = db_col_dup(st, 4, a),
        .verified = db_col_dup(st, 5, a),
        .announce_url = db_col_dup(st, 6, a),
        .policy = db_col_dup(st, 7, a),
        .info_only = (int)db_col_int(st, 8),
        .two_factor = db_col_dup(st, 9, a),
        .password_holders = db_col_dup(st, 10, a),
        .ledger_id = db_col_int(st, 11),
        .ledger_number = db_col_int(st, 12),
        .status = db_col_dup(st, 13, a),
        .monitor_due = db_col_dup(st, 14, a),
        .last_monitor = db_col_dup(st, 15, a),
        .created_at = db_col_dup(st, 16, a),
        .created_by = db_col_dup(st, 17, a),
        .updated_at = db_col_dup(st, 18, a),
    };
}

int store_social_account_get(Db *db, Arena *a, long long org_id, long long id, SocialAccountRow *out)
{
    DbStmt *st = db_prepare(db, SQL_ACCOUNT_GET);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        account_row(st, a, out);
    db_reset(st);
    if (r != DB_ROW)
        return r == DB_DONE ? 0 : -1;
    /* Devices: few per account; counted first so the array is exact. */
    enum { DEVICES_MAX = 64 };
    out->devices = arena_alloc(a, sizeof *out->devices * DEVICES_MAX);
    out->n_devices = 0;
    st = db_prepare(db, SQL_DEVICES);
    if (!out->devices || !st || db_bind_int(st, "account", id) != 0) {
        db_reset(st);
        return -1;
    }
    while ((r = db_step(st)) == DB_ROW && out->n_devices < DEVICES_MAX)
        out->devices[out->n_devices++] = (SocialDevice){db_col_dup(st, 0, a), (int)db_col_int(st, 1)};
    db_reset(st);
    return r == DB_ERROR ? -1 : 1;
}

int store_social_accounts(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const SocialAccountRow *row),
                          void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_ACCOUNTS);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    EACH_ROW(st, {
        SocialAccountRow row;
        account_row(st, a, &row);
        if (fn(ctx, &row))
            break;
    });
}

static const char SQL_ACCOUNT_STATUS[] = "UPDATE social_accounts SET status = :status, updated_at = :at WHERE id = :id";

int store_social_account_status(Db *db, long long id, const char *status, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_ACCOUNT_STATUS);
    int rc = st ? (db_bind_text(st, "status", status) | db_bind_text(st, "at", at) | db_bind_int(st, "id", id)) : -1;
    return run_bound(st, rc);
}

/* ---- checks ---- */

static const char SQL_CHECK_INSERT[] =
    "INSERT INTO social_checks (account_id, item_id, status, evidence, actor_id, at)"
    " VALUES (:account, :item, :status, :evidence, :actor, :at)";
static const char SQL_CHECK_LATEST[] =
    "SELECT c.item_id, c.status, c.evidence, u.login, c.at FROM social_checks c JOIN users u ON u.id = c.actor_id"
    " WHERE c.account_id = :account AND c.id = (SELECT max(c2.id) FROM social_checks c2"
    " WHERE c2.account_id = c.account_id AND c2.item_id = c.item_id) ORDER BY c.item_id";

int store_social_check_insert(Db *db, long long account_id, const char *item_id, const char *status,
                              const char *evidence, long long actor_id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_CHECK_INSERT);
    int rc = st ? (db_bind_int(st, "account", account_id) | db_bind_text(st, "item", item_id) |
                   db_bind_text(st, "status", status) | db_bind_text(st, "evidence", evidence ? evidence : "") |
                   db_bind_int(st, "actor", actor_id) | db_bind_text(st, "at", at))
                : -1;
    return run_bound(st, rc);
}

int store_social_checks_latest(Db *db, Arena *a, long long account_id, int (*fn)(void *ctx, const SocialCheckRow *row),
                               void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_CHECK_LATEST);
    if (!st || db_bind_int(st, "account", account_id) != 0) {
        db_reset(st);
        return -1;
    }
    EACH_ROW(st, {
        SocialCheckRow row = {db_col_dup(st, 0, a), db_col_dup(st, 1, a), db_col_dup(st, 2, a), db_col_dup(st, 3, a),
                              db_col_dup(st, 4, a)};
        if (fn(ctx, &row))
            break;
    });
}

/* ---- monitoring ---- */

static const char SQL_MONITOR_INSERT[] =
    "INSERT INTO social_monitors (account_id, actor_id, at, result, note, next_due)"
    " VALUES (:account, :actor, :at, :result, :note, :due)";
static const char SQL_MONITOR_DUE[] =
    "UPDATE social_accounts SET monitor_due = :due, last_monitor = :at, updated_at = :at WHERE id = :account";
static const char SQL_MONITORS[] =
    "SELECT m.at, u.login, m.result, m.note, m.next_due FROM social_monitors m JOIN users u ON u.id = m.actor_id"
    " WHERE m.account_id = :account ORDER BY m.id DESC";

int store_social_monitor_insert(Db *db, long long account_id, long long actor_id, const char *at, const char *result,
                                const char *note, const char *next_due)
{
    DbStmt *st = db_prepare(db, SQL_MONITOR_INSERT);
    int rc = st ? (db_bind_int(st, "account", account_id) | db_bind_int(st, "actor", actor_id) |
                   db_bind_text(st, "at", at) | db_bind_text(st, "result", result) |
                   db_bind_text(st, "note", note ? note : "") | db_bind_text(st, "due", next_due))
                : -1;
    if (run_bound(st, rc) != 0)
        return -1;
    st = db_prepare(db, SQL_MONITOR_DUE);
    rc = st ? (db_bind_text(st, "due", next_due) | db_bind_text(st, "at", at) | db_bind_int(st, "account", account_id))
            : -1;
    return run_bound(st, rc);
}

int store_social_monitors(Db *db, Arena *a, long long account_id, int (*fn)(void *ctx, const SocialMonitorRow *row),
                          void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_MONITORS);
    if (!st || db_bind_int(st, "account", account_id) != 0) {
        db_reset(st);
        return -1;
    }
    EACH_ROW(st, {
        SocialMonitorRow row = {db_col_dup(st, 0, a), db_col_dup(st, 1, a), db_col_dup(st, 2, a), db_col_dup(st, 3, a),
                                db_col_dup(st, 4, a)};
        if (fn(ctx, &row))
            break;
    });
}

/* ---- pre-posting checks ---- */

static const char SQL_POST_INSERT[] =
    "INSERT INTO social_post_checks (org_id, account_id, actor_id, at, confidentiality, verdict, findings, hosts,"
    " text_sha256, text_chars) VALUES (:org, :account, :actor, :at, :class, :verdict, :findings, :hosts, :sha, :chars)"
    " RETURNING id";
static const char SQL_POSTS[] =
    "SELECT p.id, COALESCE(p.account_id, 0), u.login, p.at, p.confidentiality, p.verdict, p.findings, p.hosts"
    " FROM social_post_checks p JOIN users u ON u.id = p.actor_id WHERE p.org_id = :org"
    " AND COALESCE(p.account_id, 0) = :account ORDER BY p.id DESC LIMIT :limit";

int store_social_post_check_insert(Db *db, long long org_id, long long account_id, long long actor_id, const char *at,
                                   const char *confidentiality, const char *verdict, const char *findings,
                                   const char *hosts, const char *text_sha256, long long text_chars, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_POST_INSERT);
    int rc = st ? (db_bind_int(st, "org", org_id) | opt_int(st, "account", account_id) |
                   db_bind_int(st, "actor", actor_id) | db_bind_text(st, "at", at) |
                   db_bind_text(st, "class", confidentiality) | db_bind_text(st, "verdict", verdict) |
                   db_bind_text(st, "findings", findings) | db_bind_text(st, "hosts", hosts) |
                   db_bind_text(st, "sha", text_sha256) | db_bind_int(st, "chars", text_chars))
                : -1;
    return insert_id(st, rc, id);
}

int store_social_post_checks(Db *db, Arena *a, long long org_id, long long account_id, int limit,
                             int (*fn)(void *ctx, const SocialPostCheckRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_POSTS);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "account", account_id) |
                db_bind_int(st, "limit", limit)) != 0) {
        db_reset(st);
        return -1;
    }
    EACH_ROW(st, {
        SocialPostCheckRow row = {db_col_int(st, 0),    db_col_int(st, 1),    db_col_dup(st, 2, a), db_col_dup(st, 3, a),
                                  db_col_dup(st, 4, a), db_col_dup(st, 5, a), db_col_dup(st, 6, a), db_col_dup(st, 7, a)};
        if (fn(ctx, &row))
            break;
    });
}

/* ---- playbook runs ---- */

static const char SQL_RUN_INSERT[] =
    "INSERT INTO playbook_runs (org_id, subject_kind, subject_id, playbook, n_steps, note, opened_by, opened_at)"
    " VALUES (:org, :kind, :subject, :playbook, :n, :note, :by, :at) RETURNING id";
#define RUN_COLUMNS                                                                                                    \
    "SELECT r.id, r.org_id, r.subject_kind, r.subject_id, r.playbook, r.n_steps, r.note, o.login, r.opened_at,"        \
    " c.login, r.closed_at, (SELECT count(*) FROM playbook_steps s WHERE s.run_id = r.id) FROM playbook_runs r"        \
    " JOIN users o ON o.id = r.opened_by LEFT JOIN users c ON c.id = r.closed_by"
static const char SQL_RUN_GET[] = RUN_COLUMNS " WHERE r.org_id = :org AND r.id = :id";
static const char SQL_RUNS[] =
    RUN_COLUMNS " WHERE r.org_id = :org AND r.subject_kind = :kind AND r.subject_id = :subject ORDER BY r.id DESC";
static const char SQL_STEP_INSERT[] =
    "INSERT INTO playbook_steps (run_id, step, note, actor_id, at) VALUES (:run, :step, :note, :actor, :at)";
static const char SQL_STEPS[] =
    "SELECT s.step, s.note, u.login, s.at FROM playbook_steps s JOIN users u ON u.id = s.actor_id"
    " WHERE s.run_id = :run ORDER BY s.step";
static const char SQL_RUN_CLOSE[] =
    "UPDATE playbook_runs SET closed_by = :by, closed_at = :at WHERE id = :run AND closed_at IS NULL";

int store_playbook_run_insert(Db *db, long long org_id, const char *subject_kind, long long subject_id,
                              const char *playbook, int n_steps, const char *note, long long actor_id, const char *at,
                              long long *id)
{
    DbStmt *st = db_prepare(db, SQL_RUN_INSERT);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_text(st, "kind", subject_kind) |
                   db_bind_int(st, "subject", subject_id) | db_bind_text(st, "playbook", playbook) |
                   db_bind_int(st, "n", n_steps) | db_bind_text(st, "note", note ? note : "") |
                   db_bind_int(st, "by", actor_id) | db_bind_text(st, "at", at))
                : -1;
    return insert_id(st, rc, id);
}

static void run_row(DbStmt *st, Arena *a, PlaybookRunRow *r)
{
    *r = (PlaybookRunRow){db_col_int(st, 0),       db_col_int(st, 1),    db_col_dup(st, 2, a), db_col_int(st, 3),
                          db_col_dup(st, 4, a),    (int)db_col_int(st, 5), db_col_dup(st, 6, a), db_col_dup(st, 7, a),
                          db_col_dup(st, 8, a),    db_col_dup(st, 9, a), db_col_dup(st, 10, a), (int)db_col_int(st, 11)};
}

int store_playbook_run_get(Db *db, Arena *a, long long org_id, long long id, PlaybookRunRow *out)
{
    DbStmt *st = db_prepare(db, SQL_RUN_GET);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "id", id)) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        run_row(st, a, out);
    db_reset(st);
    return r == DB_ROW ? 1 : r == DB_DONE ? 0 : -1;
}

int store_playbook_runs(Db *db, Arena *a, long long org_id, const char *subject_kind, long long subject_id,
                        int (*fn)(void *ctx, const PlaybookRunRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_RUNS);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_text(st, "kind", subject_kind) |
                db_bind_int(st, "subject", subject_id)) != 0) {
        db_reset(st);
        return -1;
    }
    EACH_ROW(st, {
        PlaybookRunRow row;
        run_row(st, a, &row);
        if (fn(ctx, &row))
            break;
    });
}

int store_playbook_step_insert(Db *db, long long run_id, int step, const char *note, long long actor_id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_STEP_INSERT);
    int rc = st ? (db_bind_int(st, "run", run_id) | db_bind_int(st, "step", step) |
                   db_bind_text(st, "note", note ? note : "") | db_bind_int(st, "actor", actor_id) |
                   db_bind_text(st, "at", at))
                : -1;
    return run_bound(st, rc);
}

int store_playbook_steps(Db *db, Arena *a, long long run_id, int (*fn)(void *ctx, const PlaybookStepRow *row), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_STEPS);
    if (!st || db_bind_int(st, "run", run_id) != 0) {
        db_reset(st);
        return -1;
    }
    EACH_ROW(st, {
        PlaybookStepRow row = {(int)db_col_int(st, 0), db_col_dup(st, 1, a), db_col_dup(st, 2, a), db_col_dup(st, 3, a)};
        if (fn(ctx, &row))
            break;
    });
}

int store_playbook_run_close(Db *db, long long run_id, long long actor_id, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_RUN_CLOSE);
    if (!st || (db_bind_int(st, "by", actor_id) | db_bind_text(st, "at", at) | db_bind_int(st, "run", run_id)) != 0) {
        db_reset(st);
        return -1;
    }
    long long changed = 0;
    return db_run(st, &changed) == 0 ? changed == 1 : -1;
}
