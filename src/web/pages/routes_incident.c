/* Route table of incident reports (issue #6 item 2; docs/incidents.md).
 * Every route admits any signed-in user: anyone reports and reads their own
 * reports; reading others' and taking steps are the use cases' decision
 * (the profile's incidents section), answered 404 / 403 otherwise. */
#include "web/pages.h"
#include "web/pages/incident_pages.h"

const Route routes_incident[] = {
    {"GET", "/incidents", incident_list, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/incidents", incident_list, ACCESS_USER, 1, 0},
    {"POST", "/incidents", incident_report, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/incidents", incident_report, ACCESS_USER, 1, 0},
    {"GET", "/incidents/new", incident_new, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/incidents/new", incident_new, ACCESS_USER, 1, 0},
    {"GET", "/incidents/{n}", incident_show, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/incidents/{n}", incident_show, ACCESS_USER, 1, 0},
    {"POST", "/incidents/{n}/step", incident_step_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/incidents/{n}/step", incident_step_post, ACCESS_USER, 1, 0},
    {0, 0, 0, 0, 0, 0},
};
