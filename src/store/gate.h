/* The gate before operation (kitakyushu-cloud 3.3③④; docs/gate.md): the
 * procedure records of a ledger entry (append-only; the latest per
 * procedure counts) and its operation start (one row, written once).
 * Same conventions as store/store.h: 0 / -1, rows copied into `a`,
 * callbacks (fn) must not use the database and stop the walk on nonzero. */
#ifndef DAICHO_STORE_GATE_H
#define DAICHO_STORE_GATE_H
#include "store/db.h"
#include "util/arena.h"

/* status: prepared | confirmed | withdrawn. */
int store_gate_record_insert(Db *db, long long entry_id, const char *procedure_id, const char *status,
                             const char *document, const char *note, long long actor_id, const char *at);

typedef struct GateRecordRow {
    long long id;
    const char *procedure_id, *status, *document, *note;
    const char *actor;       /* login */
    const char *actor_name;
    const char *at;
} GateRecordRow;
/* Every record of the entry, oldest first. */
int store_gate_records(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const GateRecordRow *row), void *ctx);

typedef struct OperationStartRow {
    const char *started_on;  /* YYYY-MM-DD */
    const char *note;
    const char *recorded_by; /* login; NULL for a start the migration recorded (in use before the gate) */
    const char *recorded_at;
} OperationStartRow;
/* The entry's operation start: 1 found (into *out), 0 none, -1 error. */
int store_operation_start_get(Db *db, Arena *a, long long entry_id, OperationStartRow *out);
/* Record it; a second start of the same entry fails (primary key). */
int store_operation_start_insert(Db *db, long long entry_id, const char *started_on, const char *note,
                                 long long recorded_by, const char *at);
/* The organization's active entries that came from an approval and have no
 * operation start (id and track id, by id): those that are building where
 * their track is gated. */
int store_gate_unstarted_entries(Db *db, long long org_id, int (*fn)(void *ctx, long long entry_id, const char *track),
                                 void *ctx);

#endif
