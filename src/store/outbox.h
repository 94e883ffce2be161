/* The notification outbox (migration 4, issue #4 item 5) and the user
 * columns it needs (e-mail address; the active and auditor flags the users
 * page sets). Same conventions as store/store.h: no checking, no
 * transactions; callbacks (fn) must not use the database; lookups return 1
 * found, 0 not found, -1 database error; the rest 0 / -1. */
#ifndef DAICHO_STORE_OUTBOX_H
#define DAICHO_STORE_OUTBOX_H
#include "store/db.h"
#include "util/arena.h"

typedef struct OutboxRow {
    long long id, org_id, user_id;
    const char *kind;            /* application.submitted, application.decided, ledger.report, ledger.end, review.due */
    const char *object;          /* "application:12", "ledger:3" */
    const char *subject, *body, *clause;
    const char *link;            /* path on the server, e.g. "/applications/12" ("" when none) */
    const char *source;          /* the event: "notification:7", "review:3:2027-04-01" */
    const char *created_at;
    const char *sent_at;         /* NULL until mailed */
    int attempts;                /* failed sending attempts so far */
    const char *last_error;      /* "" when none */
    const char *next_attempt_at;
    const char *login, *name, *email;  /* the addressee (read only) */
} OutboxRow;

/* Insert unless the addressee already has a row for r->source; *inserted
 * (may be NULL) 1 or 0. next_attempt_at is r->created_at. */
int store_outbox_add(Db *db, const OutboxRow *r, long long *inserted);
/* Rows of the organization (user_id 0) or of one addressee, newest first;
 * *total (may be NULL) the number of such rows. */
int store_outbox_list(Db *db, Arena *a, long long org_id, long long user_id, int limit, int offset,
                      int (*fn)(void *ctx, const OutboxRow *row), void *ctx, long long *total);
/* Unsent rows whose next attempt is due at `now`, addressed to active users
 * with an e-mail address, oldest first (all organizations). */
int store_outbox_due(Db *db, Arena *a, const char *now, int limit, int (*fn)(void *ctx, const OutboxRow *row),
                     void *ctx);
/* Take row `id` for sending: its next attempt moves to `until` if it is
 * still unsent and due at `now`. 1 taken, 0 another sender has it. */
int store_outbox_claim(Db *db, long long id, const char *now, const char *until);
int store_outbox_sent(Db *db, long long id, const char *at);
/* A failed attempt: attempts + 1, the error kept, retried at `retry_at`. */
int store_outbox_failed(Db *db, long long id, const char *error, const char *retry_at);

/* Named positions of the filler ("notifications": last id read,
 * "review_day": yyyymmdd of the last review scan). */
int store_outbox_cursor_get(Db *db, const char *name, long long *value);
int store_outbox_cursor_set(Db *db, const char *name, long long value);

typedef struct NoteEvent {
    long long id, org_id, user_id;     /* user_id 0 when addressed to a role */
    const char *kind, *role, *object, *message, *clause, *created_at;  /* role "" when to a user */
} NoteEvent;
/* Notifications (all organizations) with id > `after`, in id order. */
int store_notes_after(Db *db, Arena *a, long long after, int limit, int (*fn)(void *ctx, const NoteEvent *row),
                      void *ctx);

/* An active entry whose periodic review is due, as the outbox needs it. */
typedef struct ReviewDue {
    long long id, number, administrator_id;  /* administrator_id 0 when none */
    const char *track, *service_name, *review_due;
} ReviewDue;
/* Up to `limit` active entries of the organization with review_due <=
 * `until`, in (review_due, id) order after the position (after_due,
 * after_id) — a page; pass "" and 0 for the first. Keeps memory and the time
 * a transaction is held bounded however large the ledger is. */
int store_reviews_due_page(Db *db, Arena *a, long long org_id, const char *until, const char *after_due, long long after_id,
                           int limit, int (*fn)(void *ctx, const ReviewDue *row), void *ctx);

/* Ids of the active users of the organization holding `role`, in *ids (in
 * `a`), their number in *n. */
int store_role_holders(Db *db, Arena *a, long long org_id, const char *role, long long **ids, int *n);

/* ---- user columns of migrations 3–4 ---- */
int store_user_email(Db *db, Arena *a, long long user_id, const char **email);
int store_user_set_email(Db *db, long long user_id, const char *email);
int store_user_set_active(Db *db, long long user_id, int active);
int store_user_set_auditor(Db *db, long long user_id, int auditor);

#endif
