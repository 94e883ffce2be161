/* The evaluator: profile + application document → decision
 * (DESIGN.md "Evaluation contract"; docs/evaluate.md). Pure: no I/O. */
#ifndef DAICHO_EVALUATE_H
#define DAICHO_EVALUATE_H
#include "policy/appdoc.h"
#include "policy/profile.h"

typedef enum Verdict { VERDICT_READY, VERDICT_NEEDS_REVIEW, VERDICT_BLOCKED } Verdict;
extern const char *const verdict_names[]; /* ready, needs_review, blocked */

typedef struct Finding {
    const Rule *rule;
    Severity severity;   /* the rule's, or WARN for a block rule that could not be decided */
    int undetermined;    /* the rule could not be decided: `missing` names why */
    FieldMask missing;
} Finding;

typedef struct Decision {
    const Profile *profile;
    int track;                    /* TRACK_IMPORTANT | TRACK_ORDINARY */
    int high_availability;        /* -1 unknown, 0, 1 */
    const Exempt *exempt;         /* exempt-list entry that applies, or NULL */
    /* The organization's own additions to the exempt list (tokyo-edu 5
     * "別途周知"), set by the caller before evaluate(); borrowed. */
    const Exempt *extra_exempts;
    int n_extra_exempts;
    Verdict verdict;
    Finding *findings;            /* in rule order; capacity profile->n_rules */
    int n_findings;
    unsigned char *item_applies;  /* per item */
    unsigned char *item_status;   /* per item: AnswerStatus */
    unsigned char *risk_applies;  /* per risk */
    unsigned char *risk_status;   /* per risk: AnswerStatus */
    int open_items;               /* applicable must-items gating approval, not done/n.a. */
    int open_risks;               /* applicable risks not recorded as considered */
    FieldMask missing;            /* fields needed but absent */
    FieldMask ledger_missing;     /* required ledger fields absent (subset of missing) */
    int period_to_default;        /* yyyymmdd of 年度末 when usage_period.to was omitted, else 0 */
} Decision;

/* CONSTRUCTOR: storage for decisions under `p`, reusable across evaluations.
 * Returns 0 on out-of-memory. Free with decision_free(). */
int decision_init(Decision *d, const Profile *p);
void decision_free(Decision *d);

/* Evaluate `doc` (parsed against d->profile) into `d`. Fills the derived
 * fields (track, high_availability, exempt) of doc->v. */
void evaluate(AppDoc *doc, Decision *d);

#endif
