/* The notification outbox (issue #4 item 5) and the account settings the
 * users page needs beyond app_users.c (e-mail address, active, auditor).
 *
 * The use cases already record, in their own transaction, a notification
 * for each event someone must hear of (app_notify: an application
 * submitted → the track's approver role; decided → the applicant; a ledger
 * change or end of use → the role the profile names). The outbox turns
 * those, read in id order from a cursor, into one row per event and
 * addressee, plus a row for each review falling due (the entry's
 * administrator, once per entry and due date). So the use cases stay as
 * they are and no event is missed or doubled: the cursor moves in the same
 * transaction as the rows it produced. Rows are shown on /notifications and
 * mailed when SMTP is configured; a failed mail stays with its error and is
 * retried later. */
#ifndef DAICHO_APP_OUTBOX_H
#define DAICHO_APP_OUTBOX_H
#include "app/app.h"
#include "store/outbox.h"

enum {
    OUTBOX_REVIEW_DAYS = 30,     /* reviews due within this many days (or overdue) are announced */
    OUTBOX_BATCH = 500,          /* notifications read per fill */
    OUTBOX_LEASE_MINUTES = 15    /* a row being sent is not taken by another sender meanwhile */
};

typedef struct OutboxFill {
    long long notes;             /* notifications read */
    long long rows;              /* outbox rows added */
    long long unaddressed;       /* notifications nobody could receive (no active holder of the role) */
    int reviews_scanned;         /* the daily review scan ran */
} OutboxFill;

/* Fill the outbox from the notifications recorded since the last fill and,
 * once per day (JST), from the reviews due within `review_days` or overdue
 * in every organization. The notifications in one transaction, the review
 * scan a page of entries per transaction; needs no acting user. */
AppRc app_outbox_fill(App *app, int review_days, OutboxFill *out);

/* Send what is due: up to `limit` unsent rows addressed to active users
 * with an e-mail address, each taken for OUTBOX_LEASE_MINUTES, handed to
 * `send` (0 sent; nonzero failed with a message in *err), then marked sent
 * or failed (attempts + 1, the error kept, retried after a delay that grows
 * with the attempts up to six hours). *sent and *failed may be NULL. */
AppRc app_outbox_send(App *app, int limit, int (*send)(void *ctx, const OutboxRow *row, Str *err), void *ctx,
                      int *sent, int *failed);

/* Rows addressed to the acting user (or, with `whole_org` and an
 * administrator acting, to anyone of the organization), newest first. */
AppRc app_outbox_list(App *app, int whole_org, int limit, int offset, int (*fn)(void *ctx, const OutboxRow *row),
                      void *ctx, long long *total);

/* Subject label of an outbox kind ("申請の審査依頼" …). */
const char *outbox_kind_label(const char *kind);

#endif
