/* Records of a ledger entry's life: checklist records, reviews, end-of-use
 * reports, and the notifications owed. Same conventions as store/store.h;
 * callbacks (fn) must not use the database (rows are being read). */
#ifndef DAICHO_STORE_LIFECYCLE_H
#define DAICHO_STORE_LIFECYCLE_H
#include "store/db.h"
#include "util/arena.h"

int store_checklist_insert(Db *db, long long entry_id, const char *item_id, const char *phase, const char *status,
                           const char *evidence, long long actor_id, const char *at);
typedef struct ChecklistRow {
    const char *item_id, *phase, *status, *evidence, *actor, *at;
} ChecklistRow;
/* The latest record of each item of the entry (by item id). */
int store_checklist_latest(Db *db, Arena *a, long long entry_id, int (*fn)(void *ctx, const ChecklistRow *row),
                           void *ctx);

int store_review_insert(Db *db, long long entry_id, long long actor_id, const char *at, const char *result,
                        const char *note, const char *next_due);

int store_end_report_insert(Db *db, long long entry_id, long long by, const char *at, const char *end_date,
                            const char *reason);
int store_end_report_complete(Db *db, long long entry_id, long long by, const char *at);

int store_notification_insert(Db *db, long long org_id, const char *kind, const char *role, long long user_id,
                              const char *object, const char *message, const char *clause, const char *at);
/* Mark notification `id` of the organization as delivered (sent_at = at);
 * 1 done, 0 no such open notification. */
int store_notification_done(Db *db, long long org_id, long long id, const char *at);
/* One notification of the organization (1 found, 0 none). */
typedef struct NotificationRow NotificationRow;
int store_notification_get(Db *db, Arena *a, long long org_id, long long id, NotificationRow *out);
struct NotificationRow {
    long long id;
    const char *kind, *role, *user, *object, *message, *clause, *created_at, *sent_at;
};
/* Notifications of the organization; only unsent ones when `open_only`. */
int store_notifications(Db *db, Arena *a, long long org_id, int open_only,
                        int (*fn)(void *ctx, const NotificationRow *row), void *ctx);

#endif
