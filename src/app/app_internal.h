/* Shared by the app_*.c files; not part of the app interface. */
#ifndef DAICHO_APP_INTERNAL_H
#define DAICHO_APP_INTERNAL_H
#include "app/app.h"
#include "policy/appdoc.h"

/* Parse an application document against the acting organization's profile
 * into `doc` (free with appdoc_free whatever the result). */
AppRc app_parse_doc(App *app, const char *file, const char *json, size_t len, AppDoc *doc);
/* Set a text field (NULL or "" leaves it absent); the copy lives in doc. */
void app_doc_set_text(AppDoc *doc, int field, const char *value);
void app_doc_set_role(AppDoc *doc, int field, int role);
/* Evaluate `doc` into `d` (initialised here; free with decision_free). */
AppRc app_evaluate(App *app, AppDoc *doc, Decision *d);
/* Canonical JSON of the document / of the decision, in app->arena. */
const char *app_doc_json(App *app, const AppDoc *doc);
const char *app_decision_json(App *app, const AppDoc *doc, const Decision *d);

/* Fill the ledger columns of `e` from an evaluated document (the profile's
 * ledger fields; a missing end of the usage period is 年度末). */
void app_entry_fill(App *app, const AppDoc *doc, const Decision *d, EntryRow *e);
/* Append the profile's ledger field labels of the fields `mask` lacks. */
void app_missing_ledger_text(const Profile *p, FieldMask missing, Str *out);

/* The acting organization's ledger entry `number` into *e (APP_INVALID
 * naming the number when there is none, or when no one acts). */
AppRc app_entry_by_number(App *app, long long number, EntryRow *e);

/* "object" names used in audit events: "application:12", "ledger:3" … */
const char *app_object(App *app, const char *kind, long long id);
/* Insert a notification owed to `role` (may be NULL) inside the transaction. */
int app_notify(App *app, const char *kind, const char *role, long long user_id, const char *object,
               const char *message, const char *clause);

#endif
