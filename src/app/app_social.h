/* Use cases of the social-media register (tokyo-edu 10; docs/social.md).
 * Who may do what: the profile's social_media.manager_role (tokyo-edu:
 * 情報資産を所管する者, "10: 情報資産を所管する者は…遵守すること") registers
 * accounts, changes their status, records checks and monitoring and runs
 * the incident playbooks; every signed-in user reads the register and may
 * run the pre-posting and password checks. Each change is one transaction
 * with its audit event. Refusals about who acts set app->denied. */
#ifndef DAICHO_APP_SOCIAL_H
#define DAICHO_APP_SOCIAL_H
#include "app/app.h"
#include "policy/social.h"
#include "store/social.h"

/* The subject kind of playbook runs about an account (store/social.h). */
#define SOCIAL_SUBJECT "social_account"

extern const char *const social_verified_names[];   /* obtained, not_obtained, not_offered */
extern const char *const social_verified_labels[];
extern const char *const social_two_factor_names[]; /* enabled, disabled, not_offered */
extern const char *const social_two_factor_labels[];
extern const char *const social_status_names[];     /* active, suspended, closed */
extern const char *const social_status_labels[];
extern const char *const social_check_status_names[]; /* done, not_applicable, not_done */
extern const char *const social_check_status_labels[];

/* An account's JSON members ("id":…, … no braces), with the status's
 * Japanese label: the CLI's list/show --json and the API alike. */
void app_social_account_json_members(const SocialAccountRow *a, Str *o);

/* The acting organization's social_media section, or NULL after
 * app_fail (APP_INVALID: the profile has none). */
const SocialPolicy *app_social_policy(App *app);
/* 1 when the acting user holds the manager role (the forms are offered only then). */
int app_social_may_manage(const App *app);

typedef struct NewSocialAccount {
    const char *service, *account_name, *account_url;
    const char *verified;           /* social_verified_names */
    const char *announce_url;       /* 10エ(イ) */
    const char *policy;             /* text or URL (10イ) */
    int info_only;
    const char *two_factor;         /* social_two_factor_names */
    const char *password_holders;   /* names, one per line (never a password) */
    const SocialDevice *devices;
    int n_devices;
    long long ledger_number;        /* 0: none */
} NewSocialAccount;
/* Register an account. Event "social.account.add". */
AppRc app_social_account_add(App *app, const NewSocialAccount *a, long long *id);
/* The same from a JSON document (docs/social.md "Account document");
 * errors name the member. Strings live in `arena` (not app->arena, which
 * every use case resets). */
AppRc app_social_account_parse(App *app, Arena *arena, const char *file, const char *json, size_t len,
                               NewSocialAccount *out);
/* active | suspended | closed, with a reason. Event "social.account.status". */
AppRc app_social_account_status(App *app, long long id, const char *status, const char *reason);
/* Read one account of the organization (404-like APP_INVALID when none). */
AppRc app_social_account_get(App *app, long long id, SocialAccountRow *out);

/* Record a check of 10 イ–ケ. Event "social.check". */
AppRc app_social_check(App *app, long long id, const char *item, const char *status, const char *evidence);
/* Record a monitoring (10カ): the next is due the profile's interval after
 * today. Event "social.monitor". */
AppRc app_social_monitor(App *app, long long id, const char *result, const char *note);

typedef struct SocialDue {
    const SocialAccountRow *account;
    int overdue;                    /* due date before today */
    int days;                       /* days until due (negative: overdue by) */
} SocialDue;
/* Accounts not closed whose monitoring is due within `within_days` of today
 * (or overdue), by due date. */
AppRc app_social_due(App *app, int within_days, void (*fn)(void *ctx, const SocialDue *d), void *ctx);

/* Pre-posting check of a post (any user); `account_id` 0: no account named.
 * Keeps a record (who, when, class, verdict, findings, link hosts, SHA-256
 * and length of the text — not the text). Event "social.post_check". */
AppRc app_social_post_check(App *app, long long account_id, const PostInput *in, PostResult *out, long long *check_id);

/* A pre-posting check document (JSON; docs/social.md "Post document") into
 * `in` and *account_id; strings and arrays live in `arena` (not app->arena). */
AppRc app_social_post_parse(App *app, Arena *arena, const char *file, const char *json, size_t len, PostInput *in,
                            long long *account_id);

/* Password-policy check (any user). Nothing is stored, logged or audited. */
AppRc app_social_password_check(App *app, const char *pw, size_t len, PasswordResult *out);

/* Playbook runs over an account (10キ). Start: event "playbook.start". */
AppRc app_playbook_start(App *app, long long account_id, const char *playbook, const char *note, long long *run_id);
/* Record step `step` (1-based) done; steps are recorded in order. Event "playbook.step". */
AppRc app_playbook_step(App *app, long long run_id, int step, const char *note);
/* Close the run once every step is recorded. Event "playbook.close". */
AppRc app_playbook_close(App *app, long long run_id);
/* One run of the organization and its playbook (NULL if the profile no
 * longer has it). */
AppRc app_playbook_run_get(App *app, long long run_id, PlaybookRunRow *out, const Playbook **book);

#endif
