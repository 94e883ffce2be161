/* Use cases of the mail-delivery area (tokyo-edu 11; docs/mail.md): the
 * 連絡用メール配信システム運用方針 written from the profile's 別紙 structure,
 * issued and versioned, and the consent records of 11 ウ.
 *
 * Who may: the profile's mail_delivery.manager_role (tokyo-edu: 情報資産を所管
 * する者, "11 情報資産を所管する者は…") writes and issues policies and records
 * consent; every signed-in user of the organization reads policies (they are
 * meant to be made known, 11 イ); the consent lists (names of pupils and
 * guardians) are read by the manager role, the system administrator and the
 * auditor only. Every change is one transaction with its audit event. */
#ifndef DAICHO_APP_MAIL_H
#define DAICHO_APP_MAIL_H
#include "app/app.h"
#include "policy/mail_policy.h"
#include "store/mail.h"

/* A policy as written (create / update). texts[i] is the text of the
 * profile's section i (NULL or "" when empty); the strings belong to whoever
 * filled the struct (app_mail_input_json: the given arena). */
typedef struct MailPolicyInput {
    const char *school, *issuer, *doc_number;
    const char *date;          /* "YYYY-MM-DD" or NULL: the date on the document */
    long long entry_number;    /* ledger entry of the service, 0 when none */
    const char **texts;
    int n_texts;               /* the profile's number of sections */
} MailPolicyInput;

/* One version of a policy with its section texts (in app->arena). */
typedef struct MailPolicyView {
    MailPolicyRow row;
    const char **texts;        /* per profile section, "" when empty */
    int n_texts;
} MailPolicyView;

typedef enum MailDecision { MAIL_OPT_IN, MAIL_DECLINE, MAIL_WITHDRAW } MailDecision;
extern const char *const mail_decision_names[];   /* opt_in, declined, withdrawn */
extern const char *const mail_decision_labels[];  /* 利用（同意）, 利用しない, 利用取りやめ */
/* MailDecision of a stored name (opt_in when unknown). */
MailDecision mail_decision_index(const char *name);

typedef struct MailConsentInput {
    const char *recipient;     /* 生徒・保護者の氏名または番号 */
    const char *group;         /* 学級など, may be NULL */
    MailDecision decision;
    const char *alternative;   /* the alternative offered (11 ウ(イ)); needed for decline / withdrawal */
    const char *evidence;      /* 同意書等 (how consent was given), may be NULL */
    const char *date;          /* "YYYY-MM-DD", NULL: today */
} MailConsentInput;

typedef struct MailCounts {
    long long opted_in;        /* latest answer: opt_in */
    long long declined;        /* latest: declined, each with its alternative */
    long long withdrawn;       /* latest: withdrawn, each with its alternative */
    long long records;         /* every record, history included */
} MailCounts;

/* The profile's section, or NULL after a refusal saying the profile has none. */
const MailPolicy *app_mail_section(App *app);

/* Parse a policy document (JSON: school, issuer, document_number, date,
 * ledger_entry, sections{ID: text}) into `in`, strings in `a`. Unknown keys
 * and section ids are errors naming FILE:LINE:COL. */
AppRc app_mail_input_json(App *app, Arena *a, const char *file, const char *json, size_t len, MailPolicyInput *in);
/* `in` filled with the profile's samples (記載例), strings borrowed from the profile. */
AppRc app_mail_input_sample(App *app, Arena *a, MailPolicyInput *in);

AppRc app_mail_policy_create(App *app, const MailPolicyInput *in, long long *number);
/* A draft is rewritten; an issued policy gets a new draft version (the
 * issued one is kept). *version: the version written. */
AppRc app_mail_policy_update(App *app, long long number, const MailPolicyInput *in, int *version);
/* Issue the current draft: dated `date` (NULL: the draft's date, else today). */
AppRc app_mail_policy_issue(App *app, long long number, const char *date);
/* Version `version` (0: the current one). */
AppRc app_mail_policy_get(App *app, long long number, int version, MailPolicyView *out);
AppRc app_mail_policies(App *app, int (*fn)(void *ctx, const MailPolicyRow *r), void *ctx);
AppRc app_mail_versions(App *app, long long policy_id, int (*fn)(void *ctx, const MailPolicyRow *r), void *ctx);

AppRc app_mail_consent(App *app, long long number, const MailConsentInput *in, long long *id);
/* Whether the acting user may read consent lists (no message). */
int app_mail_may_read_consents(const App *app);
/* Latest answer per recipient (or every record with `history`), with counts
 * of the latest answers (`counts` may be NULL). */
AppRc app_mail_consents(App *app, long long number, int history, int (*fn)(void *ctx, const MailConsentRow *r),
                        void *ctx, MailCounts *counts);

/* ---- writers (pure over a view) ---- */
/* The document as plain UTF-8 text, in the 別紙's order: date, document
 * number and issuer (right-aligned on paper), school, title, numbered
 * sections. */
void app_mail_policy_text(const MailPolicy *m, const MailPolicyView *v, Str *out);
/* The view as a JSON object. */
void app_mail_policy_json(const MailPolicy *m, const MailPolicyView *v, Str *out);
/* One consent record as a JSON object. */
void app_mail_consent_json(const MailConsentRow *r, Str *out);
/* The consent list (latest answers) as CSV: UTF-8 BOM, CRLF, cells that a
 * spreadsheet would read as a formula prefixed with "'" (as the ledger CSV). */
AppRc app_mail_consents_csv(App *app, long long number, Str *out);
/* The same list as an .xlsx file at `path` (exchange/xlsx_table.h: cells
 * are text, never formulas); the file appears whole or not at all. */
AppRc app_mail_consents_xlsx(App *app, long long number, const char *path);

#endif
