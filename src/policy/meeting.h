/* The web-meeting planner (kitakyushu 6; docs/meetings.md): the profile's
 * `meeting_planner` section, and the evaluation of a meeting document
 * (SCOPE_MEETING: the application's service and information groups plus
 * `meeting`) into the measures the host must take and the conflicts between
 * the plan and the standard. Pure: no I/O. */
#ifndef DAICHO_MEETING_H
#define DAICHO_MEETING_H
#include "policy/appdoc.h"
#include "policy/evaluate.h"
#include "policy/profile.h"

/* A measure 6.2–6.3 requires of this meeting. Its text, clause and level
 * are either the profile's requirement item `item_id` (no text twice) or
 * its own. */
typedef struct MeetingMeasure {
    const char *id;
    const char *item_id;     /* requirement item it shows, or NULL */
    const char *clause;
    const char *text;
    int should;              /* 1: desirable (可能な限り・例); 0: must */
    Cond *when;              /* NULL: every meeting */
} MeetingMeasure;

/* A plan that goes against the standard: severity, clause, message. */
typedef struct MeetingConflict {
    const char *id;
    const char *clause;
    const char *message;
    Severity severity;
    Cond *when;
} MeetingConflict;

typedef struct MeetingPlanner {
    const char *clause;          /* the section, e.g. "6" */
    MeetingMeasure *measures;
    int n_measures;
    MeetingConflict *conflicts;
    int n_conflicts;
} MeetingPlanner;

typedef struct MeetingFinding {
    const MeetingConflict *conflict;
    Severity severity;           /* the conflict's, or WARN for a block that could not be decided */
    int undetermined;            /* could not be decided: `missing` names why */
    FieldMask missing;
} MeetingFinding;

typedef struct MeetingResult {
    const Profile *profile;
    int track;                   /* TRACK_IMPORTANT | TRACK_ORDINARY */
    Verdict verdict;             /* blocked: a block conflict; needs_review: a warning or a missing fact */
    unsigned char *measure_applies; /* per measure of the planner */
    int n_measures_applying;
    MeetingFinding *findings;    /* in the planner's order */
    int n_findings;
    FieldMask missing;           /* facts a rule or measure needed but the document lacks */
} MeetingResult;

/* CONSTRUCTOR: storage for results of planner `p->meeting` (which must be
 * set). Returns 0 on out-of-memory. Free with meeting_result_free(). */
int meeting_result_init(MeetingResult *res, const Profile *p);
void meeting_result_free(MeetingResult *res);

/* Evaluate the meeting document `doc` (parsed with SCOPE_MEETING against
 * res->profile): derives the track from information.confidentiality (the
 * profile's important levels, as evaluate() does) into doc->v[F_TRACK], then
 * the measures (a measure whose condition cannot be decided is shown, and
 * the missing fields are reported) and the conflicts (a block conflict that
 * cannot be decided becomes an undetermined warning; any undecided rule
 * reports what is missing and keeps the verdict from `ready`). */
void meeting_evaluate(AppDoc *doc, MeetingResult *res);

#endif
