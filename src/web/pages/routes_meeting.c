/* Route table of the web-meeting planner (issue #5 item 1; handlers in
 * meeting_*.c, docs/meetings.md). Any signed-in user plans meetings; a saved
 * plan is shown to its host, the administrator and auditors (the use case
 * decides). Organizations whose standard has no section 6 get 404. */
#include "web/pages/meeting_pages.h"

const Route routes_meeting[] = {
    {"GET", "/meetings", meeting_list, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/meetings", meeting_list, ACCESS_USER, 1, 0},
    {"GET", "/meetings/new", meeting_new_form, ACCESS_USER, 0, 0},
    {"POST", "/meetings/new", meeting_new_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/meetings/evaluate", meeting_api_evaluate, ACCESS_USER, 1, 1},
    {"POST", "/api/v1/meetings", meeting_api_create, ACCESS_USER, 1, 1},
    {"GET", "/meetings/{n}", meeting_detail, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/meetings/{n}", meeting_detail, ACCESS_USER, 1, 0},
    {"GET", "/meetings/{n}/print", meeting_print, ACCESS_USER, 0, 0},
    {0, 0, 0, 0, 0, 0},
};
