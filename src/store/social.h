/* The register of official social-media accounts (tokyo-edu 10), its check
 * records, monitoring records and pre-posting check records, and the
 * generic playbook runs (subject kind + id; issue #6 reuses them). Same
 * conventions as store/store.h: 0 / -1 (db_errmsg), rows copied into the
 * caller's arena, callbacks (fn) must not use the database and return
 * non-zero to stop. */
#ifndef DAICHO_STORE_SOCIAL_H
#define DAICHO_STORE_SOCIAL_H
#include "store/db.h"
#include "util/arena.h"

typedef struct SocialDevice {
    const char *description;     /* e.g. "広報用iPad（総務課保管）" */
    int managed;                 /* 1: managed by the organization (MDM, patching, custody) */
} SocialDevice;

typedef struct SocialAccountRow {
    long long id, org_id;
    const char *service;         /* X, Instagram, YouTube … */
    const char *account_name;
    const char *account_url;
    const char *verified;        /* obtained | not_obtained | not_offered (10エ(ア)) */
    const char *announce_url;    /* the web page announcing the account (10エ(イ)) */
    const char *policy;          /* the account operation policy: text or URL (10イ) */
    int info_only;               /* used only to publish information (10イ) */
    const char *two_factor;      /* enabled | disabled | not_offered (10オ(イ)) */
    const char *password_holders; /* names, one per line: never a password (10オ(ア)) */
    long long ledger_id;         /* approved ledger entry of the service, 0 none */
    long long ledger_number;     /* its number (read only) */
    const char *status;          /* active | suspended | closed */
    const char *monitor_due;     /* YYYY-MM-DD: next monitoring (10カ) */
    const char *last_monitor;    /* time of the last monitoring, NULL none */
    const char *created_at, *created_by, *updated_at;  /* created_by: login (read only) */
    SocialDevice *devices;
    int n_devices;
} SocialAccountRow;

/* Insert (with its devices); *id receives the new id. */
int store_social_account_insert(Db *db, const SocialAccountRow *a, long long actor_id, long long *id);
/* The organization's account `id` (with devices): 1 found, 0 none, -1 error. */
int store_social_account_get(Db *db, Arena *a, long long org_id, long long id, SocialAccountRow *out);
/* Every account of the organization by id (devices not read). */
int store_social_accounts(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const SocialAccountRow *row),
                          void *ctx);
int store_social_account_status(Db *db, long long id, const char *status, const char *at);

typedef struct SocialCheckRow {
    const char *item_id, *status, *evidence, *actor, *at;
} SocialCheckRow;
int store_social_check_insert(Db *db, long long account_id, const char *item_id, const char *status,
                              const char *evidence, long long actor_id, const char *at);
/* The latest record of each item of the account. */
int store_social_checks_latest(Db *db, Arena *a, long long account_id, int (*fn)(void *ctx, const SocialCheckRow *row),
                               void *ctx);

typedef struct SocialMonitorRow {
    const char *at, *actor, *result, *note, *next_due;
} SocialMonitorRow;
/* Insert a monitoring record and move the account's next due date. */
int store_social_monitor_insert(Db *db, long long account_id, long long actor_id, const char *at, const char *result,
                                const char *note, const char *next_due);
/* Newest first. */
int store_social_monitors(Db *db, Arena *a, long long account_id, int (*fn)(void *ctx, const SocialMonitorRow *row),
                          void *ctx);

int store_social_post_check_insert(Db *db, long long org_id, long long account_id, long long actor_id, const char *at,
                                   const char *confidentiality, const char *verdict, const char *findings,
                                   const char *hosts, const char *text_sha256, long long text_chars, long long *id);
typedef struct SocialPostCheckRow {
    long long id, account_id;
    const char *actor, *at, *confidentiality, *verdict, *findings, *hosts;
} SocialPostCheckRow;
/* The account's pre-posting checks (account_id 0: those for no account), newest first, at most `limit`. */
int store_social_post_checks(Db *db, Arena *a, long long org_id, long long account_id, int limit,
                             int (*fn)(void *ctx, const SocialPostCheckRow *row), void *ctx);

/* ---- playbook runs (generic) ---- */
typedef struct PlaybookRunRow {
    long long id, org_id;
    const char *subject_kind;    /* "social_account" */
    long long subject_id;
    const char *playbook;        /* playbook id of the profile */
    int n_steps;                 /* steps of the playbook when the run was opened */
    const char *note;
    const char *opened_by, *opened_at, *closed_by, *closed_at;  /* logins; closed_* NULL while open */
    int steps_done;              /* read only */
} PlaybookRunRow;
typedef struct PlaybookStepRow {
    int step;                    /* 1-based */
    const char *note, *actor, *at;
} PlaybookStepRow;

int store_playbook_run_insert(Db *db, long long org_id, const char *subject_kind, long long subject_id,
                              const char *playbook, int n_steps, const char *note, long long actor_id, const char *at,
                              long long *id);
int store_playbook_run_get(Db *db, Arena *a, long long org_id, long long id, PlaybookRunRow *out);
/* Runs of one subject, newest first. */
int store_playbook_runs(Db *db, Arena *a, long long org_id, const char *subject_kind, long long subject_id,
                        int (*fn)(void *ctx, const PlaybookRunRow *row), void *ctx);
int store_playbook_step_insert(Db *db, long long run_id, int step, const char *note, long long actor_id, const char *at);
/* In step order. */
int store_playbook_steps(Db *db, Arena *a, long long run_id, int (*fn)(void *ctx, const PlaybookStepRow *row), void *ctx);
/* 1 closed, 0 it was already closed. */
int store_playbook_run_close(Db *db, long long run_id, long long actor_id, const char *at);

#endif
