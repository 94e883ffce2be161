/* Contact charts of ledger entries (連絡体制図; issue #6 item 1;
 * docs/contacts.md): the provider's contacts with holiday and night
 * contacts, the subcontractors' contacts, the internal escalation path
 * (service administrator → the profile's roles, with the users who hold
 * them now) and the handling approach agreed with the provider. Stored as
 * versions; saving and reviewing are for whoever may keep the entry
 * (ledger_may_keep), each audited; a chart missing or not reviewed within
 * the interval appears on the due list. */
#ifndef DAICHO_APP_CONTACTS_H
#define DAICHO_APP_CONTACTS_H
#include "app/app.h"
#include "policy/contact_policy.h"
#include "store/contact.h"

/* The handling approach agreed with the provider, as recorded on the
 * contact chart of entry `entry_id` (the ledger_entries.id, not its number):
 * *approach is an Approach (policy/approach.h), APPROACH_NONE when the
 * entry has no chart or the chart records none. Reads only; no use case of
 * its own (callable inside another use case's transaction). */
AppRc app_contact_approach(App *app, long long entry_id, int *approach);

/* One step of the internal escalation path. */
typedef struct ContactPathStep {
    const char *role;            /* "administrator" or a role id */
    const char *label;           /* Japanese */
    const char *clause;          /* may be NULL */
    ContactPerson *people;       /* who holds it now (the administrator: the entry's) */
    int n_people;
    const ContactEscalation *numbers;  /* what the chart records for the step, or NULL */
} ContactPathStep;

typedef enum ContactStatus { CONTACT_MISSING, CONTACT_CURRENT, CONTACT_DUE_SOON, CONTACT_OVERDUE } ContactStatus;
extern const char *const contact_status_names[];   /* missing, current, due_soon, overdue */
extern const char *const contact_status_labels[];

enum { CONTACT_DUE_SOON_DAYS = 30 };

/* Everything the chart pages show of one entry (in app->arena). */
typedef struct ContactView {
    EntryRow entry;
    int has_chart;
    ContactChartRow row;         /* the latest version (has_chart) */
    ContactChart chart;          /* it, parsed (has_chart) */
    ContactFinding findings[CONTACT_MAX_FINDINGS];
    int n_findings;
    ContactPathStep path[CONTACT_MAX_STEPS + 1];
    int n_path;
    int review_months;
    char review_due[11];         /* latest version + interval, "" when missing */
    ContactStatus status;        /* against today (due soon: within CONTACT_DUE_SOON_DAYS) */
    int may_keep;                /* the acting user may save / review */
    char why[640];               /* why not */
} ContactView;

/* Read the chart of entry `number` (no change). APP_INVALID when the
 * profile has no contact_chart section or there is no such entry. */
AppRc app_contact_view(App *app, long long number, ContactView *out);
/* The same for an entry already read (e.g. by the ledger entry's page),
 * without resetting app->arena (what the caller read there stays valid).
 * APP_INVALID when the profile has no contact_chart section. */
AppRc app_contact_view_entry(App *app, const EntryRow *e, ContactView *out);
/* Its versions, newest first (doc NULL). */
AppRc app_contact_versions(App *app, long long entry_id, int (*fn)(void *ctx, const ContactChartRow *row), void *ctx);

/* Save a new version from a chart document (JSON; exchange/contact_json.h):
 * refused (nothing written) when the document is bad, a blocking finding of
 * contact_chart_check applies, the actor may not keep the entry (denied) or
 * the entry has ended. `note` (may be NULL) says why. Event
 * "contacts.save". *version (may be NULL) gets the new version. */
AppRc app_contact_save(App *app, long long number, const char *file, const char *json, size_t len, const char *note,
                       int *version);
/* Record a review without change (内容を確認した): a new version with the
 * same document. Event "contacts.review". */
AppRc app_contact_review(App *app, long long number, const char *note, int *version);

/* The view as JSON (an object), what `daicho contacts show --json` and GET
 * /api/v1/ledger/{n}/contacts both write; `versions` (may be NULL) is a JSON
 * array text to include. */
void app_contact_view_json(App *app, const ContactView *v, const char *versions, Str *o);

/* CSV (BOM, CRLF) of the chart of entry `number`, or of every chart of
 * entries in use when `number` is 0: one row per contact, escalation step
 * and agreement (an entry without a chart: the header only). *rows (may
 * be NULL) gets the data rows. */
AppRc app_contact_csv(App *app, long long number, Str *out, long long *rows);

/* A template chart document for the acting organization's profile (or `p`). */
void app_contact_sample(const Profile *p, Str *out);

/* The due items of contact charts (app_due.c): entries in use without a
 * chart (overdue from registration) and charts whose review falls due on
 * or before `until` (yyyymmdd). */
AppRc app_contact_due(App *app, int until, void (*fn)(void *ctx, const DueItem *item), void *ctx);

#endif
