/* The web-meeting planner's use cases (docs/meetings.md): evaluate a
 * meeting document against the organization's `meeting_planner`, save the
 * plan (audited), read saved plans; and the result's JSON, which the CLI and
 * the API share. */
#ifndef DAICHO_APP_MEETING_H
#define DAICHO_APP_MEETING_H
#include "app/app.h"
#include "policy/meeting.h"
#include "store/meetings.h"

/* Parse `json` as a meeting document of profile `p` (which must have a
 * planner) and evaluate it. Returns 1, or 0 with the errors ("FILE: FIELD:
 * …") in `errs`. Whatever the result the caller frees doc (appdoc_free) and
 * res (meeting_result_free; initialised here). */
int meeting_plan_run(const Profile *p, const char *file, const char *json, size_t len, AppDoc *doc, MeetingResult *res,
                     Errors *errs);

/* Append the result as one JSON object (docs/meetings.md "Result"). */
void meeting_result_json(const AppDoc *doc, const MeetingResult *res, int pretty, Str *out);

/* The acting organization's profile has a meeting planner; otherwise
 * APP_INVALID with a Japanese message saying so. */
AppRc app_meeting_available(App *app);
/* Evaluate without saving (the API's /meetings/evaluate, the CLI's plan).
 * The caller frees doc and res whatever the result. */
AppRc app_meeting_plan(App *app, const char *file, const char *json, size_t len, AppDoc *doc, MeetingResult *res);
/* Save a plan of the acting user (the host): title (required, at most 200
 * characters), date YYYY-MM-DD, the document, the result at this time.
 * Event "meeting.save". A blocked plan is saved too: it is the host's
 * record, and the verdict says what stands in the way. */
AppRc app_meeting_save(App *app, const char *title, const char *date, const char *file, const char *json, size_t len,
                       long long *id, Verdict *verdict);
/* A saved plan: its host, the administrator and auditors may read it.
 * Another user's plan and an unknown id are refused alike (APP_INVALID,
 * `denied`: 403 on the web), so that ids reveal nothing. */
AppRc app_meeting_get(App *app, long long id, MeetingRow *out);
/* The acting user's plans (all of the organization's with `all`, for the
 * administrator and auditors only). */
AppRc app_meeting_list(App *app, int all, int (*fn)(void *ctx, const MeetingRow *row), void *ctx);

#endif

/* A result as read back from its JSON (saved plans keep the result of the
 * day they were saved): what the CLI text and the pages render. Strings in
 * the arena given to meeting_view_read. */
typedef struct MeetingViewMeasure {
    const char *id, *item, *clause, *level, *text;   /* item may be NULL */
} MeetingViewMeasure;
typedef struct MeetingViewConflict {
    const char *id, *severity, *clause, *message;
    int undetermined;
    const char *missing;          /* field paths joined with ", " ("" when none) */
} MeetingViewConflict;
typedef struct MeetingView {
    const char *profile, *profile_version, *clause;
    const char *confidentiality, *confidentiality_label, *track, *track_label, *verdict;
    MeetingViewMeasure *measures;
    int n_measures;
    MeetingViewConflict *conflicts;
    int n_conflicts;
    const char *missing;          /* field paths joined with ", " ("" when none) */
} MeetingView;

/* Read a result JSON written by meeting_result_json. Returns 0, or -1 when
 * it is not one (message in errs). */
int meeting_view_read(const char *json, Arena *a, MeetingView *out, Errors *errs);
/* A saved plan's row members as JSON ("id":…, … no braces): the CLI's
 * list/show --json and the API. */
void meeting_row_json(const MeetingRow *m, Str *o);
/* Japanese label of a verdict name ("ready" → "問題なし" …). */
const char *meeting_verdict_label(const char *verdict);
/* Japanese label of a severity name ("block" → "不可" …). */
const char *meeting_severity_label(const char *severity);
