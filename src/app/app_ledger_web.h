/* What the ledger pages (src/web/pages/ledger_*.c) need beyond app.h:
 * readers of an entry's reviews and end-of-use report, the organization's
 * departments for the list's filter, which lifecycle items apply to an
 * entry, and the ledger export into memory for a download.
 *
 * Readers follow the store's conventions (rows in app->arena, valid until
 * the next use case) and never write. */
#ifndef DAICHO_APP_LEDGER_WEB_H
#define DAICHO_APP_LEDGER_WEB_H
#include "app/app.h"

typedef struct LedgerReview {
    const char *actor, *at, *result, *note, *next_due;   /* result: ok | issues */
} LedgerReview;

typedef struct LedgerEndReport {
    const char *reported_by, *reported_at, *end_date, *reason;
    const char *completed_by, *completed_at;             /* NULL until completed */
} LedgerEndReport;

/* The entry's periodic reviews, oldest first (fn stops on nonzero). */
AppRc app_entry_reviews(App *app, const EntryRow *e, int (*fn)(void *ctx, const LedgerReview *row), void *ctx);
/* The entry's end-of-use report: *found 1 with *out filled, 0 when none. */
AppRc app_entry_end_report(App *app, const EntryRow *e, LedgerEndReport *out, int *found);

/* The acting organization's departments by name (fn stops on nonzero). */
AppRc app_departments(App *app, int (*fn)(void *ctx, long long id, const char *name), void *ctx);
/* The id of the acting organization's department `name`, 0 when there is
 * none (never creates one, unlike store_department_ensure). */
AppRc app_department_find(App *app, const char *name, long long *id);

/* applies[i] (app->profile->n_items of them, caller's) is 1 when item i
 * applies to the entry as its document stands (the profile's conditions
 * evaluated, as the end-of-use check does), 0 otherwise. */
AppRc app_entry_items_applying(App *app, const EntryRow *e, unsigned char *applies);

/* app_ledger_export into memory: the whole file in *out (CSV with BOM and
 * CRLF, or XLSX), written through a private temporary directory under
 * $TMPDIR (or /tmp) that is removed again. The export's audit event is
 * app_ledger_export's. */
AppRc app_ledger_export_buffer(App *app, ExportFormat format, Str *out, long long *rows);

#endif
