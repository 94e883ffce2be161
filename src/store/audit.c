#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "util/str.h"

static const char SQL_HEAD_SQLITE[] = "SELECT seq, hash, base_seq, base_hash FROM audit_head WHERE id = 1";
static const char SQL_HEAD_PG[] = "SELECT seq, hash, base_seq, base_hash FROM audit_head WHERE id = 1 FOR UPDATE";
static const char SQL_LAST_AT[] = "SELECT at FROM audit_events WHERE seq = :seq";
static const char SQL_HEAD_SET[] = "UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_events (seq, at, actor, org_id, action, object, data, prev_hash, hash)"
    " VALUES (:seq, :at, :actor, :org, :action, :object, :data, :prev, :hash)";

void audit_hash(long long seq, const char *at, const char *actor, long long org_id, const char *action,
                const char *object, const char *data, const char *prev, char out[AUDIT_HASH_HEX])
{
    /* A JSON array is an unambiguous encoding of the fields: no choice of
     * texts can make two different events hash the same input. */
    Str s = STR_INIT;
    str_appendf(&s, "[%lld,", seq);
    str_append_json(&s, at);
    str_appendc(&s, ',');
    str_append_json(&s, actor);
    str_appendf(&s, ",%lld,", org_id);
    str_append_json(&s, action);
    str_appendc(&s, ',');
    str_append_json(&s, object);
    str_appendc(&s, ',');
    str_append_json(&s, data);
    str_appendc(&s, ',');
    str_append_json(&s, prev);
    str_appendc(&s, ']');
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)str_cstr(&s), s.len);
    sodium_bin2hex(out, AUDIT_HASH_HEX, digest, sizeof digest);
    if (str_failed(&s))
        memset(out, 'x', AUDIT_HASH_HEX - 1); /* never matches: verification fails loudly */
    str_free(&s);
}

int audit_begin(Db *db)
{
    if (db_begin(db) != 0)
        return -1;
    if (db_kind(db) != DB_POSTGRES)
        return 0;
    DbStmt *st = db_prepare(db, SQL_HEAD_PG);
    int rc = st ? db_step(st) : DB_ERROR;
    db_reset(st);
    if (rc == DB_ROW)
        return 0;
    if (rc != DB_ERROR)
        db_set_error(db, DBE_OTHER, "監査ログの先頭行がありません (audit_head missing)");
    db_rollback(db);
    return -1;
}

int audit_append(Db *db, const char *at, const char *actor, long long org_id, const char *action,
                 const char *object, const char *data)
{
    if (!db_in_transaction(db)) {
        db_set_error(db, DBE_MISUSE, "audit_append outside a transaction");
        return -1;
    }
    DbStmt *st = db_prepare(db, db_kind(db) == DB_POSTGRES ? SQL_HEAD_PG : SQL_HEAD_SQLITE);
    if (!st)
        return -1;
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        return -1;
    }
    long long seq = db_col_int(st, 0) + 1;
    char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX], last_at[64] = "";
    snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
    db_reset(st);
    /* Times never go backwards along the chain (a use case takes its time
     * before it waits for the lock): purging "older than" stays a prefix. */
    st = db_prepare(db, SQL_LAST_AT);
    if (!st || db_bind_int(st, "seq", seq - 1) != 0) {
        db_reset(st);
        return -1;
    }
    int r = db_step(st);
    if (r == DB_ROW)
        snprintf(last_at, sizeof last_at, "%s", db_col_text(st, 0));
    db_reset(st);
    if (r == DB_ERROR)
        return -1;
    if (strcmp(at, last_at) < 0)
        at = last_at;
    audit_hash(seq, at, actor, org_id, action, object, data, prev, hash);

    st = db_prepare(db, SQL_INSERT);
    if (!st)
        return -1;
    int rc = db_bind_int(st, "seq", seq) | db_bind_text(st, "at", at) | db_bind_text(st, "actor", actor) |
             db_bind_int(st, "org", org_id) | db_bind_text(st, "action", action) |
             db_bind_text(st, "object", object) | db_bind_text(st, "data", data) |
             db_bind_text(st, "prev", prev) | db_bind_text(st, "hash", hash);
    if (rc == 0)
        rc = db_step(st) == DB_DONE ? 0 : -1;
    db_reset(st);
    if (rc != 0)
        return -1;
    st = db_prepare(db, SQL_HEAD_SET);
    if (!st)
        return -1;
    rc = db_bind_int(st, "seq", seq) | db_bind_text(st, "hash", hash);
    if (rc == 0)
        rc = db_step(st) == DB_DONE ? 0 : -1;
    db_reset(st);
    return rc;
}

static const char SQL_EVENTS[] =
    "SELECT seq, at, actor, org_id, action, object, data, prev_hash, hash FROM audit_events ORDER BY seq";

static int verify_chain(Db *db, AuditCheck *out);

int audit_verify(Db *db, AuditCheck *out)
{
    /* The head and the events from one snapshot: a writer committing in
     * between would otherwise look like events past the head. */
    if (db_begin_read(db) != 0)
        return -1;
    int rc = verify_chain(db, out);
    if (rc == 0)
        db_commit(db);
    else
        db_rollback(db);
    return rc;
}

static int verify_chain(Db *db, AuditCheck *out)
{
    memset(out, 0, sizeof *out);
    DbStmt *st = db_prepare(db, SQL_HEAD_SQLITE);
    if (!st || db_step(st) != DB_ROW) {
        db_reset(st);
        return -1;
    }
    long long head_seq = db_col_int(st, 0);
    char head_hash[AUDIT_HASH_HEX], prev[AUDIT_HASH_HEX];
    snprintf(head_hash, sizeof head_hash, "%s", db_col_text(st, 1));
    long long expect = db_col_int(st, 2) + 1;
    snprintf(prev, sizeof prev, "%s", db_col_text(st, 3));
    db_reset(st);
    out->first_seq = expect;

    st = db_prepare(db, SQL_EVENTS);
    if (!st)
        return -1;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        long long seq = db_col_int(st, 0);
        char hash[AUDIT_HASH_HEX];
        const char *stored_prev = db_col_text(st, 7), *stored = db_col_text(st, 8);
        if (seq != expect) {
            out->bad_seq = expect;
            snprintf(out->why, sizeof out->why, "番号 %lld の記録が欠けています（次は %lld）(event missing)", expect, seq);
            break;
        }
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            out->bad_seq = seq;
            snprintf(out->why, sizeof out->why, "直前の記録のハッシュと一致しません (previous hash does not match)");
            break;
        }
        audit_hash(seq, db_col_text(st, 1), db_col_text(st, 2), db_col_int(st, 3), db_col_text(st, 4),
                   db_col_text(st, 5), db_col_text(st, 6), prev, hash);
        if (!stored || strcmp(stored, hash) != 0) {
            out->bad_seq = seq;
            snprintf(out->why, sizeof out->why, "内容がハッシュと一致しません（改ざんの疑い）(content does not match its hash)");
            break;
        }
        memcpy(prev, hash, sizeof prev);
        out->checked++;
        out->last_seq = seq;
        expect = seq + 1;
    }
    db_reset(st);
    if (rc == DB_ERROR)
        return -1;
    if (!out->bad_seq && (expect - 1 != head_seq || strcmp(prev, head_hash) != 0)) {
        /* The tail was cut off: the head remembers events that are gone. */
        out->bad_seq = expect;
        snprintf(out->why, sizeof out->why, "番号 %lld 以降の記録が削除されています（記録上の最終番号 %lld）(events removed from the end)",
                 expect, head_seq);
    }
    return 0;
}

static const char SQL_PURGE_LAST[] =
    "SELECT seq, hash FROM audit_events WHERE at < :before ORDER BY seq DESC LIMIT 1";
static const char SQL_PURGE[] = "DELETE FROM audit_events WHERE seq <= :seq";
static const char SQL_BASE_SET[] = "UPDATE audit_head SET base_seq = :seq, base_hash = :hash WHERE id = 1";

int audit_purge(Db *db, const char *before, long long *removed)
{
    *removed = 0;
    DbStmt *st = db_prepare(db, SQL_PURGE_LAST);
    if (!st || db_bind_text(st, "before", before) != 0) {
        db_reset(st);
        return -1;
    }
    int rc = db_step(st);
    if (rc != DB_ROW) {
        db_reset(st);
        return rc == DB_DONE ? 0 : -1;
    }
    long long seq = db_col_int(st, 0);
    char hash[AUDIT_HASH_HEX];
    snprintf(hash, sizeof hash, "%s", db_col_text(st, 1));
    db_reset(st);
    /* Events are appended in time order under the head lock, so "older
     * than" is a prefix of the chain and what remains still links up. */
    st = db_prepare(db, SQL_PURGE);
    if (!st || db_bind_int(st, "seq", seq) != 0 || db_step(st) != DB_DONE) {
        db_reset(st);
        return -1;
    }
    *removed = db_changes(st);
    db_reset(st);
    st = db_prepare(db, SQL_BASE_SET);
    if (!st || (db_bind_int(st, "seq", seq) | db_bind_text(st, "hash", hash)) != 0 || db_step(st) != DB_DONE) {
        db_reset(st);
        return -1;
    }
    db_reset(st);
    return 0;
}
