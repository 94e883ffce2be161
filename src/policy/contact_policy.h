/* The contact chart of a ledger entry (連絡体制図; docs/contacts.md): the
 * profile's `contact_chart` section, the chart itself as a plain struct
 * (parsed by exchange/contact_json.h), and the pure check of a chart against
 * the section (what is required, what only desirable, with the clause).
 *
 *   tokyo-edu 3.1.9①: the chart includes holiday and night contacts and the
 *     contacts of subcontractors where there are any (required);
 *   kitakyushu-* 3.4①(ア)・4, otokuni 3.4①(ア)・4: a contact system for
 *     incidents is set up (holiday/night contacts only desirable);
 *   the handling approach agreed with the provider and the escalation timing:
 *     kitakyushu 3.1(8)⑤, otokuni 3.1(7)⑤, tokyo-edu 3.1.7⑧.
 *
 * Pure: no I/O. The section lives in the profile's arena (immutable after
 * loading); a chart lives in the arena its parser was given. */
#ifndef DAICHO_CONTACT_POLICY_H
#define DAICHO_CONTACT_POLICY_H
#include "policy/profile.h"

/* One step of the internal escalation path after the service administrator. */
typedef struct ContactStep {
    int role;                    /* role index of the profile */
    const char *clause;          /* where the standard names this role's part, may be NULL */
} ContactStep;

typedef struct ContactPolicy {
    const char *clause;          /* where the chart is required: "3.4①(ア)・4", "3.1.9①" */
    int after_hours_required;    /* a holiday and a night contact are required (else desirable) */
    const char *after_hours_clause;
    const char *subcontractor_clause;   /* "3.1.9①" … */
    const char *approach_clause;        /* "3.1(8)⑤" */
    const char *escalation_clause;      /* "3.1(8)⑤(ウ)": the provider↔organization escalation and its timing */
    int review_months;           /* review interval; 0: the profile's review_interval_months */
    ContactStep *steps;          /* the escalation path after the service administrator, in order */
    int n_steps;
} ContactPolicy;

/* The review interval of charts under `p` (months, > 0). */
int contact_review_months(const Profile *p);

/* ---- the chart (the document) ---- */

/* When a contact can be reached (bits). */
enum { COVER_WEEKDAY = 1, COVER_HOLIDAY = 2, COVER_NIGHT = 4, COVER_24H = 7 };
extern const char *const contact_cover_names[];   /* "weekday", "holiday", "night", "24h", NULL */
extern const char *const contact_cover_labels[];  /* 平日日中, 休日, 夜間, 24時間 */

typedef struct Contact {
    const char *organization;    /* provider contacts: required; subcontractor contacts: optional */
    const char *department;      /* department or post (at least one of department/name) */
    const char *name;
    const char *phone;           /* at least one of phone/e-mail */
    const char *email;
    const char *hours;           /* "平日 9:00–18:00" (free text) */
    unsigned cover;              /* COVER_* bits, at least one */
    const char *note;
} Contact;

typedef struct Subcontractor {
    const char *organization;
    const char *scope;           /* what it does for the provider (委託の範囲) */
    Contact *contacts;
    int n_contacts;              /* at least one */
} Subcontractor;

/* The numbers the chart records for one internal step ("administrator" for
 * the service administrator, else a role id of the section's path). */
typedef struct ContactEscalation {
    const char *role;
    const char *phone;           /* office number, may be NULL */
    const char *after_hours;     /* holiday/night number or how to reach them, may be NULL */
    const char *note;
} ContactEscalation;

enum { CONTACT_MAX_CONTACTS = 32, CONTACT_MAX_SUBS = 16, CONTACT_MAX_STEPS = 16, CONTACT_TEXT_MAX = 400,
       CONTACT_NOTE_MAX = 2000 };

typedef struct ContactChart {
    Contact *provider;
    int n_provider;              /* at least one */
    int has_subcontractors;      /* stated explicitly: 1 yes, 0 no */
    Subcontractor *subs;
    int n_subs;
    ContactEscalation *escalation;
    int n_escalation;
    int approach;                /* Approach (policy/approach.h) */
    const char *escalation_timing;  /* when and how provider and organization inform each other */
    const char *note;
} ContactChart;

/* ---- the check ---- */
typedef struct ContactFinding {
    int block;                   /* 1: the chart cannot be saved; 0: shown as a warning */
    const char *clause;          /* may be NULL */
    char message[320];           /* Japanese, names the field */
} ContactFinding;

enum { CONTACT_MAX_FINDINGS = 16 };
/* Check `c` against the section of `p` (which must have one): escalation
 * roles known, subcontractors listed when stated, the holiday/night contact
 * (required or desirable), the approach and the escalation timing. Fills
 * out[] (at most CONTACT_MAX_FINDINGS), blocking findings first; returns the
 * count. Pure. */
int contact_chart_check(const Profile *p, const ContactChart *c, ContactFinding *out);

#endif
