/* The profile's `mail_delivery` section (docs/mail.md): the operation policy
 * a school writes before it uses a mail-delivery service (tokyo-edu 11 イ and
 * its 別紙, which is a 記載例: a sample to edit, not a form to copy), and the
 * rules of 11 ウ on consent (opt-in only) and on the alternative owed to those
 * who decline. Everything lives in the profile's arena (policy/profile.h). */
#ifndef DAICHO_MAIL_POLICY_H
#define DAICHO_MAIL_POLICY_H
#include "policy/profile.h"

/* One numbered section of the document (別紙 1–8). */
typedef struct MailSection {
    const char *id;        /* e.g. "purpose" (a-z, 0-9, '_') */
    const char *number;    /* "1" … as printed */
    const char *heading;   /* 利用目的 … */
    const char *clause;    /* "11 別紙 1" */
    const char *prompt;    /* what to write, in our words */
    const char *sample;    /* the 記載例 text (starting point the school edits) */
    int required;          /* a policy cannot be saved with it empty */
} MailSection;

/* A rule of section 11 with its clause and our wording. */
typedef struct MailRule {
    const char *clause;
    const char *text;
} MailRule;

typedef struct MailPolicy {
    int manager_role;          /* role index that writes policies and records consent */
    const char *manager_clause;
    MailRule policy;           /* 11 イ: 策定し、必要に応じ利用者へ周知 */
    MailRule consent;          /* 11 ウ(ア): 希望者のみ・同意書等・強制しない */
    int opt_in_only;           /* consent is recorded only as an explicit opt-in */
    int consent_needs_issued;  /* consent only once the policy is issued (目的・方法を明らかにした上で) */
    MailRule alternative;      /* 11 ウ(イ): 代替手段の確保 */
    int alternative_required;  /* a decline or withdrawal must name the alternative offered */
    const char **alternative_examples;  /* suggestions for the form (紙の配布 …) */
    int n_alternative_examples;
    /* The document (別紙) */
    const char *title;         /* 連絡用メール配信システム運用方針 */
    const char *clause;        /* "11 イ・別紙" */
    int is_sample;             /* the 別紙 is a 記載例 */
    const char *sample_note;   /* said on the form and in docs */
    const char *date_sample;   /* 令和　年　月　日 (blank date line) */
    const char *number_sample; /* （文書番号）　号 */
    const char *issuer_sample; /* 東京都立●●学校長 ●● ●● */
    const char *school_sample; /* 都立●●学校 */
    MailSection *sections;     /* in the 別紙's order */
    int n_sections;
} MailPolicy;

/* Index of section `id`, or -1. */
int mail_section_index(const MailPolicy *m, const char *id);

#endif
