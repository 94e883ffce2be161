/* Incident reports (issue #6 item 2; docs/incidents.md): any signed-in user
 * reports an incident or suspected misuse of a service (a ledger entry, or a
 * service with no entry); the report goes to the profile's receiver role
 * (notification) and moves received → handling → resolved → closed, each
 * step recorded (incident_steps) and audited, the reporter told of each
 * state change. Who takes which step comes from the profile's `incidents`
 * section (policy/incident_policy.h):
 *
 *   start   received → handling   handler roles; chooses the handling approach
 *                                 (the one agreed on the entry's contact chart
 *                                 is offered; another needs a reason)
 *   note    any state but closed  handler roles; a progress record (note required)
 *   resolve handling → resolved   handler roles (note required)
 *   reopen  resolved → handling   handler roles (note required)
 *   close   resolved → closed     closer roles
 *   close   received → closed     closer roles, as 対応不要 (note required)
 *
 * Who reads: the reporter their own reports, the service administrator of
 * an entry (外部サービス管理者) the reports about it (and is notified of
 * them); the receiver, handler and closer roles, the system administrator
 * and the auditor every report.
 * Others are told there is no such report (the web answers 404), so that a
 * report's existence is not disclosed. Refusals about who acts set
 * app->denied; nothing is written on any refusal. */
#ifndef DAICHO_APP_INCIDENT_H
#define DAICHO_APP_INCIDENT_H
#include "app/app.h"
#include "policy/incident_policy.h"
#include "store/incidents.h"

/* The longest title; description and notes may have INCIDENT_TEXT_MAX bytes. */
enum { INCIDENT_TITLE_MAX = 400, INCIDENT_TEXT_MAX = 4000 };

/* The acting organization's incidents section, or NULL after app_fail
 * (APP_INVALID: the profile has none). */
const IncidentPolicy *app_incident_policy(App *app);

typedef struct NewIncident {
    long long entry_number;      /* ledger number, 0: none */
    const char *service;         /* the service's name when there is no entry */
    long long finding_id;        /* discovery finding (optional; names the service when `service` is empty) */
    const char *kind;            /* kind id of the profile */
    const char *title;
    const char *description;     /* may be NULL */
    const char *noticed;         /* YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], Japan's time (not after
                                  * today); stored as the date or as UTC; NULL: now */
} NewIncident;
/* Report (any signed-in user). Event "incident.report"; notification
 * "incident.report" to the receiver role. *number: the new report's. */
AppRc app_incident_report(App *app, const NewIncident *in, long long *number);

/* One report the acting user may read (APP_INVALID "no such report" otherwise). */
AppRc app_incident_get(App *app, long long number, IncidentRow *out);
/* The reports the acting user may read, newest first: state NULL (all),
 * "open" (not closed) or a state name; entry_number 0: any. */
AppRc app_incident_list(App *app, const char *state, long long entry_number,
                        int (*fn)(void *ctx, const IncidentRow *row), void *ctx);
/* The reports of ledger entry `entry_id` (the ledger_entries.id) the acting
 * user may read, newest first. Unlike the use cases it keeps app->arena (for
 * a panel of another page, whose rows live there); nothing when the profile
 * has no incidents section. */
AppRc app_incident_of_entry(App *app, long long entry_id, int (*fn)(void *ctx, const IncidentRow *row), void *ctx);
/* The steps of a report read with app_incident_get, in order. */
AppRc app_incident_steps(App *app, const IncidentRow *r, int (*fn)(void *ctx, const IncidentStepRow *row), void *ctx);

/* Take step `action` (incident_action_names but "report") on report
 * `number`. `approach` only with start (NULL/"": the agreed one). Event
 * "incident.step"; notification "incident.step" to the reporter on a change
 * of state. */
AppRc app_incident_step(App *app, long long number, const char *action, const char *approach, const char *note);

/* The approach agreed with the provider for the report's entry (contact
 * chart; APPROACH_NONE without an entry or chart). */
AppRc app_incident_agreed(App *app, const IncidentRow *r, int *approach);
/* Which actions the acting user may take on `r` now: allowed[INA_*] 0/1. */
void app_incident_actions(const App *app, const IncidentRow *r, int allowed[INA_COUNT]);
/* 1 when the acting user may read report `r`: every reader of all reports,
 * the reporter, and the service administrator of the report's entry. */
int app_incident_may_read(const App *app, const IncidentRow *r);
/* 1 when the acting user reads every report (handler, closer, receiver,
 * system administrator, auditor). */
int app_incident_reads_all(const App *app);

/* A report's JSON members ("number":…, … no braces) with the labels of the
 * profile: the CLI's --json and the API alike. */
void app_incident_json_members(const App *app, const IncidentRow *r, Str *o);
void app_incident_step_json(const IncidentStepRow *s, Str *o);

/* ---- social-media playbooks (tokyo-edu 10キ) run an incident ----
 * Called by app_social_playbook.c inside its open transaction; 0 or -1
 * (a database error). Each appends ,"incident":N to `event`, the members
 * of the playbook's audit event (an open JSON object), when it acts.
 * Nothing happens when the profile's incidents section has no
 * social_kind, or (step, close) when the run opened no incident (a run
 * older than the link). */
struct SocialAccountRow;
struct Playbook;
/* Open an incident (handling) for run `run_id`: a report step and a start step. */
int app_incident_playbook_open(App *app, long long run_id, const struct SocialAccountRow *a, const struct Playbook *b,
                               const char *note, Str *event);
/* Record playbook step `step` (`text`) as a note on the run's incident. */
int app_incident_playbook_step(App *app, long long run_id, int step, const char *text, const char *note, Str *event);
/* The run is closed: its incident is resolved. */
int app_incident_playbook_close(App *app, long long run_id, Str *event);
/* The number of the incident run `run_id` opened (0 none). */
long long app_incident_of_run(App *app, long long run_id);

#endif
