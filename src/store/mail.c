/* Mail-delivery policies, their versions and consent records (store/mail.h). */
#include <string.h>

#include "store/mail.h"

static int opt_int(DbStmt *st, const char *name, long long v)
{
    return v ? db_bind_int(st, name, v) : db_bind_null(st, name);
}

static int opt_text(DbStmt *st, const char *name, const char *v)
{
    return v && *v ? db_bind_text(st, name, v) : db_bind_null(st, name);
}

/* Step a bound statement once: its first column (INSERT … RETURNING id,
 * SELECT count) into *out when there is a row. 0, or -1 on an error. */
static int step_one(DbStmt *st, int rc, long long *out)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW && out)
        *out = db_col_int(st, 0);
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static int run_bound(DbStmt *st, int rc, long long *changes)
{
    if (!st || rc != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, changes);
}

static const char SQL_NEXT[] = "SELECT COALESCE(MAX(number), 0) + 1 FROM mail_policies WHERE org_id = :org";

int store_mail_next_number(Db *db, long long org_id, long long *number)
{
    DbStmt *st = db_prepare(db, SQL_NEXT);
    *number = 0;
    return step_one(st, st ? db_bind_int(st, "org", org_id) : -1, number);
}

static const char SQL_POLICY_INSERT[] =
    "INSERT INTO mail_policies (org_id, number, version, created_at, created_by, updated_at)"
    " VALUES (:org, :number, 1, :at, :by, :at) RETURNING id";
static const char SQL_VERSION_INSERT[] =
    "INSERT INTO mail_policy_versions (policy_id, version, state, entry_id, school, issuer, doc_number, issued_on,"
    " sections, changed_by, changed_at) VALUES (:policy, :version, 'draft', :entry, :school, :issuer, :doc_number,"
    " :issued_on, :sections, :by, :at)";

static int version_insert(Db *db, long long policy_id, const MailPolicyRow *r, long long by, const char *at)
{
    DbStmt *st = db_prepare(db, SQL_VERSION_INSERT);
    int rc = st ? (db_bind_int(st, "policy", policy_id) | db_bind_int(st, "version", r->version) |
                   opt_int(st, "entry", r->entry_id) | db_bind_text(st, "school", r->school) |
                   db_bind_text(st, "issuer", r->issuer) | db_bind_text(st, "doc_number", r->doc_number ? r->doc_number : "") |
                   opt_text(st, "issued_on", r->issued_on) | db_bind_text(st, "sections", r->sections) |
                   db_bind_int(st, "by", by) | db_bind_text(st, "at", at))
                : -1;
    return run_bound(st, rc, NULL);
}

int store_mail_policy_insert(Db *db, long long org_id, const MailPolicyRow *r, long long by, const char *at,
                             long long *id)
{
    DbStmt *st = db_prepare(db, SQL_POLICY_INSERT);
    int rc = st ? (db_bind_int(st, "org", org_id) | db_bind_int(st, "number", r->number) | db_bind_text(st, "at", at) |
                   db_bind_int(st, "by", by))
                : -1;
    *id = 0;
    if (step_one(st, rc, id) != 0 || !*id)
        return -1;
    return version_insert(db, *id, r, by, at);
}

/* Columns of a version row joined with its policy, in MailPolicyRow order. */
#define POLICY_COLUMNS                                                                                        \
    "p.id, p.number, v.version, p.version, (SELECT COALESCE(MAX(x.version), 0) FROM mail_policy_versions x"   \
    " WHERE x.policy_id = p.id AND x.state = 'issued'), v.state, v.entry_id, le.number, v.school, v.issuer,"  \
    " v.doc_number, v.issued_on, v.sections, p.created_at, cu.login, v.changed_at, chu.login, v.issued_at,"  \
    " iu.login"
#define POLICY_FROM                                                                                           \
    " FROM mail_policies p JOIN mail_policy_versions v ON v.policy_id = p.id"                               \
    " LEFT JOIN ledger_entries le ON le.id = v.entry_id LEFT JOIN users cu ON cu.id = p.created_by"           \
    " LEFT JOIN users chu ON chu.id = v.changed_by LEFT JOIN users iu ON iu.id = v.issued_by"

static void read_policy(DbStmt *st, Arena *a, MailPolicyRow *o)
{
    memset(o, 0, sizeof *o);
    o->id = db_col_int(st, 0);
    o->number = db_col_int(st, 1);
    o->version = (int)db_col_int(st, 2);
    o->current_version = (int)db_col_int(st, 3);
    o->issued_version = (int)db_col_int(st, 4);
    o->issued = db_col_text(st, 5) && strcmp(db_col_text(st, 5), "issued") == 0;
    o->entry_id = db_col_int(st, 6);
    o->entry_number = db_col_int(st, 7);
    o->school = db_col_dup(st, 8, a);
    o->issuer = db_col_dup(st, 9, a);
    o->doc_number = db_col_dup(st, 10, a);
    o->issued_on = db_col_dup(st, 11, a);
    o->sections = db_col_dup(st, 12, a);
    o->created_at = db_col_dup(st, 13, a);
    o->created_by = db_col_dup(st, 14, a);
    o->changed_at = db_col_dup(st, 15, a);
    o->changed_by = db_col_dup(st, 16, a);
    o->issued_at = db_col_dup(st, 17, a);
    o->issued_by = db_col_dup(st, 18, a);
}

static const char SQL_POLICY_GET[] =
    "SELECT " POLICY_COLUMNS POLICY_FROM " WHERE p.org_id = :org AND p.number = :number"
    " AND v.version = COALESCE(CAST(:version AS INTEGER), p.version)";

int store_mail_policy_get(Db *db, Arena *a, long long org_id, long long number, int version, MailPolicyRow *out)
{
    DbStmt *st = db_prepare(db, SQL_POLICY_GET);
    if (!st || (db_bind_int(st, "org", org_id) | db_bind_int(st, "number", number) | opt_int(st, "version", version))) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        read_policy(st, a, out);
    db_reset(st);
    return r == DB_ERROR ? -1 : r == DB_ROW;
}

static const char SQL_POLICY_BUMP[] =
    "UPDATE mail_policies SET version = :version, updated_at = :at WHERE id = :id AND version = :expected";
static const char SQL_VERSION_UPDATE[] =
    "UPDATE mail_policy_versions SET entry_id = :entry, school = :school, issuer = :issuer, doc_number = :doc_number,"
    " issued_on = :issued_on, sections = :sections, changed_by = :by, changed_at = :at"
    " WHERE policy_id = :policy AND version = :version AND state = 'draft'";

int store_mail_policy_save(Db *db, const MailPolicyRow *r, int expected, long long by, const char *at)
{
    long long changed = 0;
    DbStmt *st = db_prepare(db, SQL_POLICY_BUMP);
    int rc = st ? (db_bind_int(st, "version", r->version) | db_bind_text(st, "at", at) | db_bind_int(st, "id", r->id) |
                   db_bind_int(st, "expected", expected))
                : -1;
    if (run_bound(st, rc, &changed) != 0)
        return -1;
    if (!changed)
        return 0;
    if (r->version != expected)
        return version_insert(db, r->id, r, by, at) == 0 ? 1 : -1;
    st = db_prepare(db, SQL_VERSION_UPDATE);
    rc = st ? (opt_int(st, "entry", r->entry_id) | db_bind_text(st, "school", r->school) |
               db_bind_text(st, "issuer", r->issuer) | db_bind_text(st, "doc_number", r->doc_number ? r->doc_number : "") |
               opt_text(st, "issued_on", r->issued_on) | db_bind_text(st, "sections", r->sections) |
               db_bind_int(st, "by", by) | db_bind_text(st, "at", at) | db_bind_int(st, "policy", r->id) |
               db_bind_int(st, "version", r->version))
            : -1;
    if (run_bound(st, rc, &changed) != 0)
        return -1;
    return changed ? 1 : 0;
}

static const char SQL_ISSUE[] =
    "UPDATE mail_policy_versions SET state = 'issued', issued_on = :issued_on, issued_by = :by, issued_at = :at"
    " WHERE policy_id = :policy AND version = :version AND state = 'draft'";
static const char SQL_TOUCH[] = "UPDATE mail_policies SET updated_at = :at WHERE id = :policy";

int store_mail_policy_issue(Db *db, long long policy_id, int version, const char *issued_on, long long by,
                            const char *at)
{
    long long changed = 0;
    DbStmt *st = db_prepare(db, SQL_ISSUE);
    int rc = st ? (db_bind_text(st, "issued_on", issued_on) | db_bind_int(st, "by", by) | db_bind_text(st, "at", at) |
                   db_bind_int(st, "policy", policy_id) | db_bind_int(st, "version", version))
                : -1;
    if (run_bound(st, rc, &changed) != 0)
        return -1;
    if (!changed)
        return 0;
    st = db_prepare(db, SQL_TOUCH);
    rc = st ? (db_bind_text(st, "at", at) | db_bind_int(st, "policy", policy_id)) : -1;
    return run_bound(st, rc, NULL) == 0 ? 1 : -1;
}

static int walk(DbStmt *st, Arena *a, int (*fn)(void *ctx, const MailPolicyRow *r), void *ctx)
{
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        MailPolicyRow row;
        read_policy(st, a, &row);
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}

static const char SQL_POLICIES[] =
    "SELECT " POLICY_COLUMNS POLICY_FROM " WHERE p.org_id = :org AND v.version = p.version ORDER BY p.number";

int store_mail_policies(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const MailPolicyRow *r), void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_POLICIES);
    if (!st || db_bind_int(st, "org", org_id) != 0) {
        db_reset(st);
        return -1;
    }
    return walk(st, a, fn, ctx);
}

static const char SQL_VERSIONS[] =
    "SELECT " POLICY_COLUMNS POLICY_FROM " WHERE p.id = :policy ORDER BY v.version DESC";

int store_mail_versions(Db *db, Arena *a, long long policy_id, int (*fn)(void *ctx, const MailPolicyRow *r),
                        void *ctx)
{
    DbStmt *st = db_prepare(db, SQL_VERSIONS);
    if (!st || db_bind_int(st, "policy", policy_id) != 0) {
        db_reset(st);
        return -1;
    }
    return walk(st, a, fn, ctx);
}

static const char SQL_CONSENT_INSERT[] =
    "INSERT INTO mail_consents (policy_id, recipient, grp, decision, alternative, evidence, decided_on, recorded_by,"
    " recorded_at) VALUES (:policy, :recipient, :grp, :decision, :alternative, :evidence, :decided_on, :by, :at)"
    " RETURNING id";

int store_mail_consent_insert(Db *db, const MailConsentRow *r, long long by, const char *at, long long *id)
{
    DbStmt *st = db_prepare(db, SQL_CONSENT_INSERT);
    int rc = st ? (db_bind_int(st, "policy", r->policy_id) | db_bind_text(st, "recipient", r->recipient) |
                   db_bind_text(st, "grp", r->group ? r->group : "") | db_bind_text(st, "decision", r->decision) |
                   db_bind_text(st, "alternative", r->alternative ? r->alternative : "") |
                   db_bind_text(st, "evidence", r->evidence ? r->evidence : "") |
                   db_bind_text(st, "decided_on", r->decided_on) | db_bind_int(st, "by", by) | db_bind_text(st, "at", at))
                : -1;
    *id = 0;
    return step_one(st, rc, id) == 0 && *id ? 0 : -1;
}

#define CONSENT_COLUMNS                                                                                   \
    "c.id, c.policy_id, c.recipient, c.grp, c.decision, c.alternative, c.evidence, c.decided_on,"         \
    " c.recorded_at, COALESCE(u.login, '')"

static void read_consent(DbStmt *st, Arena *a, MailConsentRow *o)
{
    o->id = db_col_int(st, 0);
    o->policy_id = db_col_int(st, 1);
    o->recipient = db_col_dup(st, 2, a);
    o->group = db_col_dup(st, 3, a);
    o->decision = db_col_dup(st, 4, a);
    o->alternative = db_col_dup(st, 5, a);
    o->evidence = db_col_dup(st, 6, a);
    o->decided_on = db_col_dup(st, 7, a);
    o->recorded_at = db_col_dup(st, 8, a);
    o->recorded_by = db_col_dup(st, 9, a);
}

static const char SQL_CONSENT_LATEST[] =
    "SELECT " CONSENT_COLUMNS " FROM mail_consents c LEFT JOIN users u ON u.id = c.recorded_by"
    " WHERE c.policy_id = :policy AND c.recipient = :recipient ORDER BY c.id DESC LIMIT 1";

int store_mail_consent_latest(Db *db, Arena *a, long long policy_id, const char *recipient, MailConsentRow *out)
{
    DbStmt *st = db_prepare(db, SQL_CONSENT_LATEST);
    if (!st || (db_bind_int(st, "policy", policy_id) | db_bind_text(st, "recipient", recipient))) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        read_consent(st, a, out);
    db_reset(st);
    return r == DB_ERROR ? -1 : r == DB_ROW;
}

static const char SQL_CONSENTS_ALL[] =
    "SELECT " CONSENT_COLUMNS " FROM mail_consents c LEFT JOIN users u ON u.id = c.recorded_by"
    " WHERE c.policy_id = :policy ORDER BY c.id";
static const char SQL_CONSENTS_LATEST[] =
    "SELECT " CONSENT_COLUMNS " FROM mail_consents c LEFT JOIN users u ON u.id = c.recorded_by"
    " WHERE c.policy_id = :policy AND c.id = (SELECT MAX(c2.id) FROM mail_consents c2"
    " WHERE c2.policy_id = c.policy_id AND c2.recipient = c.recipient) ORDER BY c.grp, c.recipient, c.id";

int store_mail_consents(Db *db, Arena *a, long long policy_id, int history,
                        int (*fn)(void *ctx, const MailConsentRow *r), void *ctx)
{
    DbStmt *st = db_prepare(db, history ? SQL_CONSENTS_ALL : SQL_CONSENTS_LATEST);
    if (!st || db_bind_int(st, "policy", policy_id) != 0) {
        db_reset(st);
        return -1;
    }
    int r;
    while ((r = db_step(st)) == DB_ROW) {
        MailConsentRow row;
        read_consent(st, a, &row);
        if (fn(ctx, &row))
            break;
    }
    db_reset(st);
    return r == DB_ERROR ? -1 : 0;
}
