/* Mail-delivery operation policies (tokyo-edu 11 イ・別紙) and the consent
 * records of 11 ウ. Same conventions as store/store.h: no checking of the
 * rules (src/app/app_mail_*.c do that), no transactions, rows in the
 * caller's arena, lookups 1 found / 0 not found / -1 error; callbacks must
 * not use the database and stop the walk by returning nonzero. */
#ifndef DAICHO_STORE_MAIL_H
#define DAICHO_STORE_MAIL_H
#include "store/db.h"
#include "util/arena.h"

/* One version of a policy (with the policy's own columns). */
typedef struct MailPolicyRow {
    long long id;              /* mail_policies.id */
    long long number;          /* per organization, from 1 */
    int version;               /* of this row */
    int current_version;       /* the policy's latest */
    int issued_version;        /* the latest issued version, 0 when none */
    int issued;                /* this version is issued (else a draft) */
    long long entry_id;        /* ledger entry of the service, 0 when none */
    long long entry_number;    /* its number, 0 when none */
    const char *school, *issuer, *doc_number;
    const char *issued_on;     /* "YYYY-MM-DD", NULL for a draft without a date */
    const char *sections;      /* JSON object: section id → text */
    const char *created_at, *created_by;   /* the policy (login) */
    const char *changed_at, *changed_by;   /* this version (login) */
    const char *issued_at, *issued_by;     /* this version, NULL for a draft */
} MailPolicyRow;

int store_mail_next_number(Db *db, long long org_id, long long *number);
/* A new policy with its version 1 (a draft) from r (number, version 1,
 * entry_id, school, issuer, doc_number, issued_on, sections); *id the new id. */
int store_mail_policy_insert(Db *db, long long org_id, const MailPolicyRow *r, long long by, const char *at,
                             long long *id);
/* Version `version` of policy `number` (0: the current one). */
int store_mail_policy_get(Db *db, Arena *a, long long org_id, long long number, int version, MailPolicyRow *out);
/* Write r->version of policy r->id: when it is the current version (a
 * draft), its row is replaced; when it is current + 1, it is added as a new
 * draft. Either way only if the policy's current version is still
 * `expected`: 1 done, 0 another writer came first. */
int store_mail_policy_save(Db *db, const MailPolicyRow *r, int expected, long long by, const char *at);
/* Mark the current draft version issued (date `issued_on`): 1 done, 0 it
 * was no longer a draft. */
int store_mail_policy_issue(Db *db, long long policy_id, int version, const char *issued_on, long long by,
                            const char *at);
/* Current version of every policy of the organization, by number. */
int store_mail_policies(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const MailPolicyRow *r), void *ctx);
/* Every version of a policy, newest first (sections not filled). */
int store_mail_versions(Db *db, Arena *a, long long policy_id, int (*fn)(void *ctx, const MailPolicyRow *r),
                        void *ctx);

typedef struct MailConsentRow {
    long long id, policy_id;
    const char *recipient;     /* student and/or guardian name, or an id */
    const char *group;         /* class / group, "" when none */
    const char *decision;      /* opt_in | declined | withdrawn */
    const char *alternative;   /* the alternative offered (11 ウ(イ)), "" for opt_in */
    const char *evidence;      /* how consent was given (同意書等), may be "" */
    const char *decided_on;    /* "YYYY-MM-DD" */
    const char *recorded_at, *recorded_by;  /* login when read */
} MailConsentRow;

int store_mail_consent_insert(Db *db, const MailConsentRow *r, long long by, const char *at, long long *id);
/* The latest record of `recipient` for the policy. */
int store_mail_consent_latest(Db *db, Arena *a, long long policy_id, const char *recipient, MailConsentRow *out);
/* The policy's records: with `history` every record in order, else the
 * latest per recipient, by group and recipient. */
int store_mail_consents(Db *db, Arena *a, long long policy_id, int history,
                        int (*fn)(void *ctx, const MailConsentRow *r), void *ctx);

#endif
