/* Reading an organization's audit events for the audit page (the chain
 * itself is store/audit.h). Same conventions as store/store.h. */
#ifndef DAICHO_AUDIT_READ_H
#define DAICHO_AUDIT_READ_H
#include "store/db.h"
#include "util/arena.h"

typedef struct AuditRow {
    long long seq;
    const char *at, *actor, *action, *object, *data;  /* data: JSON text as stored */
} AuditRow;

typedef struct AuditFilter {
    long long org_id;         /* required: a reader sees one organization's events */
    const char *actor;        /* login, exact; NULL or "" any */
    const char *action;       /* prefix ("user." or "ledger.create"); NULL or "" any */
    const char *object;       /* exact ("ledger:3"); NULL or "" any */
    int limit, offset;
} AuditFilter;

/* Events matching `f`, newest first; fn per row (stop on nonzero); *total
 * (may be NULL) the number of matches ignoring limit/offset. */
int store_audit_page(Db *db, Arena *a, const AuditFilter *f, int (*fn)(void *ctx, const AuditRow *row), void *ctx,
                     long long *total);

#endif
