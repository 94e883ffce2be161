/* The audit chain (DESIGN.md "Workflow and ledger"): every state change
 * appends, in the same transaction, an event whose SHA-256 covers its
 * sequence number, time, actor, organization, action, object and data and
 * the previous event's hash. Changing, inserting or removing any event
 * breaks the chain at that point, which audit_verify() names. */
#ifndef DAICHO_AUDIT_H
#define DAICHO_AUDIT_H
#include "store/db.h"

enum { AUDIT_HASH_HEX = 65 };

/* Start a write transaction and take the chain's head lock. Every use case
 * that writes starts here: on PostgreSQL the lock serializes writers as
 * BEGIN IMMEDIATE does on SQLite, so events get consecutive numbers. */
int audit_begin(Db *db);

/* Append one event inside the open transaction. `data` is JSON text (may be
 * "{}"); `org_id` 0 for events outside any organization. An `at` earlier
 * than the previous event's is raised to it, so times follow the chain. */
int audit_append(Db *db, const char *at, const char *actor, long long org_id, const char *action,
                 const char *object, const char *data);

typedef struct AuditCheck {
    long long checked;      /* events verified */
    long long first_seq;    /* first event kept (after purges) */
    long long last_seq;
    long long bad_seq;      /* first bad event, 0 when the chain is whole */
    char why[256];          /* what is wrong with it (Japanese) */
} AuditCheck;

/* Verify the whole chain, streaming. Returns 0 when it could be read (look
 * at out->bad_seq), -1 on a database error. */
int audit_verify(Db *db, AuditCheck *out);

/* Remove the events older than `before` (an ISO time) inside the open
 * transaction, keeping the chain verifiable from the first event kept.
 * *removed gets the count. The caller checks retention. */
int audit_purge(Db *db, const char *before, long long *removed);

/* SHA-256 of an event as lowercase hex (exposed for tests). */
void audit_hash(long long seq, const char *at, const char *actor, long long org_id, const char *action,
                const char *object, const char *data, const char *prev, char out[AUDIT_HASH_HEX]);

#endif
