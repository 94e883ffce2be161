/* The web-meeting planner's pages (issue #5 item 1; docs/meetings.md):
 * handlers for routes_meeting.c and what they share. Private to
 * src/web/pages/meeting_*.c. Every handler first answers 404 when the
 * organization's profile has no `meeting_planner` (only kitakyushu-* have
 * section 6). */
#ifndef DAICHO_WEB_PAGES_MEETING_H
#define DAICHO_WEB_PAGES_MEETING_H
#include "app/app_meeting.h"
#include "web/web.h"

/* ---- handlers (HTML and JSON alike: each looks at w->rq->is_api) ---- */
void meeting_list(Web *w);          /* GET /meetings, /api/v1/meetings[?all=1] */
void meeting_new_form(Web *w);      /* GET /meetings/new */
void meeting_new_post(Web *w);      /* POST /meetings/new: action=evaluate | save */
void meeting_api_evaluate(Web *w);  /* POST /api/v1/meetings/evaluate (body: meeting document) */
void meeting_api_create(Web *w);    /* POST /api/v1/meetings?title=T&date=D (body: meeting document) */
void meeting_detail(Web *w);        /* GET /meetings/{n}, /api/v1/meetings/{n} */
void meeting_print(Web *w);         /* GET /meetings/{n}/print */

/* ---- shared (meeting_common.c) ---- */
/* 1 when the organization's profile has a planner; else answers 404 with a
 * Japanese message and returns 0. */
int meeting_section_or_404(Web *w);
/* The saved plan of the path's {n} into *out, with its result read into *v:
 * 1, or 0 after answering (422 none, 403 not the host's, 503). */
int meeting_load(Web *w, MeetingRow *out, MeetingView *v);
/* The result as HTML: verdict, conflicts, then the measures (as a checklist
 * with boxes when `checkboxes`). */
void meeting_view_html(Str *b, const MeetingView *v, int checkboxes);
/* Japanese label of a meeting document's field (its path when none). */
const char *meeting_field_label(int field);

#endif
