/* Use cases (DESIGN.md layers: app = domain + store + audit, one transaction
 * each). Every function that changes something runs in one transaction that
 * also appends its audit event, and either commits all of it or nothing: a
 * refused or failed use case leaves the database as it was.
 *
 * Results: APP_OK; APP_BLOCKED (the evaluation blocks: a rule of the
 * profile forbids it); APP_INVALID (bad input or a step the procedure or the
 * actor's role does not allow; the message names the field or the rule and
 * its clause); APP_DBFAIL (the database is locked, full or gone). The
 * message is in app->err, the clause (if any) in app->clause. */
#ifndef DAICHO_APP_H
#define DAICHO_APP_H
#include "domain/workflow.h"
#include "policy/appdoc.h"
#include "policy/evaluate.h"
#include "policy/registry.h"
#include "store/db.h"
#include "store/ledger.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/str.h"

typedef enum AppRc { APP_OK = 0, APP_BLOCKED = 1, APP_INVALID = 2, APP_DBFAIL = 3 } AppRc;

typedef struct App {
    Db *db;                   /* owned */
    ProfileSet *profiles;     /* borrowed: built-in and local profiles */
    Arena arena;              /* scratch for rows and texts; reset per use case by app_scratch() */
    Str err;                  /* message of the last refusal or failure */
    const char *clause;       /* clause of the rule that refused it, or NULL */
    int denied;               /* the refusal was about who acts (role, duty separation), not the input */
    char now[CLOCK_ISO_LEN];  /* time of the current use case */
    int today;                /* its date in Japan, yyyymmdd */
    /* The acting user, after app_act_as(); its strings live in session. */
    Arena session;
    int acting;
    UserRow user;
    OrgRow org;
    const Profile *profile;
    Actor actor;
    /* The organization's own exempt services (app_exempt.h), read once per
     * use case (an import evaluates every row) and kept in `arena`, so
     * app_scratch() forgets them. */
    const Exempt *exempts_extra;
    int n_exempts_extra;
    int exempts_extra_loaded;
} App;

/* Open the database at `url` (NULL: $DAICHO_DB, else ./daicho.db) and bring
 * its schema up to date. With `create` a missing SQLite file is made. */
AppRc app_open(App *app, const char *url, int create, ProfileSet *profiles);
void app_close(App *app);
/* Start a use case: clear the message, take the time, reset scratch (rows
 * returned by earlier calls become invalid). */
void app_scratch(App *app);

/* Act as `login`: loads the user, the organization and its profile. */
AppRc app_act_as(App *app, const char *login);

/* ---- organizations and users (app_users.c) ---- */
typedef struct NewUser {
    const char *login, *name, *department, *title;
    const char **roles;       /* role ids (or labels) of the organization's profile */
    int n_roles;
    int is_admin;
    const char *password;     /* NULL: no password (CLI only); never stored or logged in clear */
    int is_auditor;           /* daicho's read-only auditor (監査担当): the audit trail and every application */
} NewUser;
/* Create an organization bound to a profile, with its first administrator. */
AppRc app_org_create(App *app, const char *code, const char *name, const char *profile_id, const NewUser *admin,
                     long long *org_id);
/* Add a user to the acting administrator's organization. */
AppRc app_user_add(App *app, const NewUser *u, long long *user_id);
/* Replace a user's roles. */
AppRc app_user_set_roles(App *app, const char *login, const char **roles, int n_roles);
AppRc app_user_set_password(App *app, const char *login, const char *password);
/* 1 when `password` is the login's (Argon2id verify), 0 otherwise. */
int app_password_ok(App *app, const char *login, const char *password);
/* 1 when `s` is a plain e-mail address (local@domain, no spaces, angle
 * brackets or line breaks: it goes into mail headers). */
int app_email_valid(const char *s);
/* The user's e-mail address ("" clears it): the administrator for anyone,
 * a user for themselves. Event "user.email". */
AppRc app_user_set_email(App *app, const char *login, const char *email);
/* Deactivate (or reactivate) a user of the administrator's organization:
 * the login is refused and the user's sessions end at once. An
 * administrator cannot deactivate themselves (someone must remain to
 * undo it). Events "user.deactivate" / "user.activate". */
AppRc app_user_set_active(App *app, const char *login, int active);
/* Grant or withdraw daicho's auditor flag (監査担当: reads the audit log).
 * Event "user.auditor". */
AppRc app_user_set_auditor(App *app, const char *login, int auditor);
/* The user's e-mail address ("" when none), in app->arena. */
AppRc app_user_email(App *app, long long user_id, const char **email);


/* ---- web sessions (app_session.c) ---- */
/* Log in with a password (Argon2id): on success a new session, its token
 * (64 hex digits, for the cookie; only its SHA-256 is stored) in token_out
 * and its CSRF token in csrf_out, the event "session.login", and the App
 * acts as the user. A wrong password and an unknown, inactive or
 * password-less login are all refused alike (APP_INVALID) and recorded as a
 * failure; 5 failures of a login within 15 minutes refuse it, without
 * checking the password, until they age. `remote`: the client address (may
 * be NULL). `session_minutes`: how long the session lasts unused. */
AppRc app_login(App *app, const char *login, const char *password, const char *remote, int session_minutes,
                char token_out[65], char csrf_out[65]);
/* Act as the session's user. APP_INVALID when the token names no session,
 * an expired one or an inactive user's (that session is then deleted): the
 * caller sends the browser to the login page. The expiry slides to
 * `session_minutes` from now (written at most once a minute). *csrf_out is
 * the session's CSRF token, valid until the next app_act_as/resume/login. */
AppRc app_session_resume(App *app, const char *token, int session_minutes, const char **csrf_out);
/* End the session (event "session.logout"); APP_OK also when there was none. */
AppRc app_logout(App *app, const char *token);
/* Delete expired sessions and login failures older than a day (the server
 * calls this now and then). A failure leaves its message in app->err. */
void app_sessions_sweep(App *app);

/* ---- applications (app_apply.c) ---- */
/* Create a draft from an application document (JSON). The applicant is the
 * acting user (name and department are taken from the user). */
AppRc app_apply_create(App *app, const char *file, const char *json, size_t len, long long *app_id);
/* Replace the document of a draft or returned application. */
AppRc app_apply_update(App *app, long long app_id, const char *file, const char *json, size_t len);

typedef struct DecideOptions {
    const char *reason;           /* required to return or reject, and to approve with open findings */
    const char *administrator;    /* login of the nominee, where the track names one */
    int accept_risks;             /* the approver considered every risk listed (ordinary track) */
} DecideOptions;
/* submit, withdraw, approve, reject, return. Approval creates the ledger entry. */
AppRc app_apply_act(App *app, long long app_id, AppAction action, const DecideOptions *opt, long long *entry_id);
/* Evaluate an application as it stands (no change). Caller frees nothing:
 * the JSON is in app->arena. */
AppRc app_apply_get(App *app, long long app_id, AppRow *out);

/* ---- the ledger and its lifecycle (app_ledger.c) ---- */
AppRc app_entry_get(App *app, long long number, EntryRow *out);
/* Each of the profile's ledger fields of the entry, labelled, in the
 * standard's order (the usage period's missing end shown as 年度末). */
AppRc app_entry_fields(App *app, const EntryRow *e,
                       void (*fn)(void *ctx, const LedgerField *field, const char *value), void *ctx);
typedef struct FieldChange {
    const char *path;             /* application field, e.g. "usage_period.to" */
    const char *value;            /* its new value as text; "" removes it */
} FieldChange;
/* Change fields of an entry: a new version, reported where the profile says so. */
AppRc app_entry_change(App *app, long long number, const FieldChange *changes, int n, const char *reason);
/* Record the status of a lifecycle checklist item (build, operation, retirement). */
AppRc app_checklist_record(App *app, long long number, const char *item_id, const char *status, const char *evidence);
/* Record a periodic operation review (3.4); the next is due one interval later. */
AppRc app_review(App *app, long long number, const char *result, const char *note);
/* Report the end of use (active → ending). */
AppRc app_end_report(App *app, long long number, const char *end_date, const char *reason);
/* Complete it once the retirement checklist is done (ending → ended). */
AppRc app_end_complete(App *app, long long number);

/* ---- the ledger as a spreadsheet (app_exchange.c) ---- */
typedef enum ExportFormat { EXPORT_CSV, EXPORT_XLSX } ExportFormat;
/* Every entry, one row each, headers the profile's ledger labels
 * (exchange/ledger_columns.h). CSV to `path` or stdout ("-" or NULL), XLSX
 * to `path`; files appear whole or not at all. */
AppRc app_ledger_export(App *app, ExportFormat format, const char *path, long long *rows);
/* Import a spreadsheet ledger (CSV as exported): all rows or none; every bad
 * row reported as FILE:LINE with the column and what is wrong. */
AppRc app_ledger_import(App *app, const char *file, const char *buf, size_t len, long long *rows);
/* The entry's members as JSON ("number":…, "state":…, … no braces): what
 * `daicho ledger list --json` and /api/v1/ledger both write, so that a
 * script reads either alike. */
void app_entry_json_members(const EntryRow *e, Str *o);

/* ---- certifications and the due list (app_due.c) ---- */
typedef struct NewCert {
    const char *service, *provider;   /* the service (created in the register when new) */
    const char *kind;                 /* ISMAP, ISMAP-LIU, ISO27001, ISO27017, ISO27018, JASA-CS, SOC1, SOC2, CSA-STAR */
    const char *number;               /* registration / certificate number */
    const char *audit_from, *audit_to;  /* audited period (ISMAP, SOC reports) */
    const char *valid_until;          /* NULL: ISMAP = audit_to + 1 year 4 months; others must give it */
    const char *note;
} NewCert;
AppRc app_cert_add(App *app, const NewCert *c, long long *id);
/* Add the register's certifications valid today to the document's
 * service.certifications (evaluations use the register). 0 or -1. */
int app_merge_certifications(App *app, AppDoc *doc);

typedef enum DueKind { DUE_REVIEW, DUE_PERIOD_END, DUE_CERTIFICATION, DUE_NOTIFICATION, DUE_SOCIAL_MONITOR,
                       DUE_CONTACT_MISSING, DUE_CONTACT_REVIEW /* contact charts (app_contacts.h) */ } DueKind;
/* review, period_end, certification, notification, social_monitor, contact_chart_missing,
 * contact_chart_review (JSON of `due` and the dashboard) */
extern const char *const due_kind_names[];
typedef struct DueItem {
    DueKind kind;
    int overdue;              /* the date has passed */
    const char *date;         /* YYYY-MM-DD (notifications: when raised) */
    long long number;         /* ledger number, 0 for a notification */
    const char *what;         /* service name (notifications: the object) */
    const char *who;          /* administrator login (notifications: role or user) */
    const char *message;
    const char *clause;       /* may be NULL */
    long long notification;   /* DUE_NOTIFICATION: its id (for app_notification_done) */
    long long social_account; /* DUE_SOCIAL_MONITOR: the account's id (who: the profile's manager role) */
} DueItem;
/* The addressee records that an owed report was received (it leaves the due list). */
AppRc app_notification_done(App *app, long long id);
/* Everything due within `within_days` of today, or overdue. */
AppRc app_due(App *app, int within_days, void (*fn)(void *ctx, const DueItem *item), void *ctx);

/* ---- audit (app_audit.c) ---- */
#include "store/audit.h"
AppRc app_audit_verify(App *app, AuditCheck *out);
/* Refuses a date younger than the longest log retention of any organization. */
AppRc app_audit_purge(App *app, const char *before_date, long long *removed);

/* Internal helpers shared by the app_*.c files. */
AppRc app_fail(App *app, AppRc rc, const char *clause, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Turn the database's last error into APP_DBFAIL (rolling back). */
AppRc app_dbfail(App *app);
/* Append an audit event for the acting user within the open transaction. */
int app_audit(App *app, const char *action, const char *object, const char *data);

#endif
