/* The incident area (issue #6 item 2; docs/incidents.md): handlers for
 * routes_incident.c and what its pages share. Private to
 * src/web/pages/incident_*.c. Every route is ACCESS_USER: any signed-in
 * user reports and reads their own reports; the use cases
 * (app/app_incident.h) decide who reads every report and who takes which
 * step (403 for a role that may not, 404 for a report the user may not
 * read). An organization whose profile has no incidents section gets 404
 * with a Japanese message on every page. */
#ifndef DAICHO_WEB_PAGES_INCIDENT_H
#define DAICHO_WEB_PAGES_INCIDENT_H
#include "app/app_incident.h"
#include "web/pages.h"
#include "web/web.h"

/* ---- handlers (HTML and JSON alike: each looks at w->rq->is_api) ---- */
void incident_list(Web *w);      /* GET /incidents, /api/v1/incidents (?state=, ?entry=) */
void incident_new(Web *w);       /* GET /incidents/new, /api/v1/incidents/new (?entry=): the form and its choices */
void incident_report(Web *w);    /* POST /incidents, /api/v1/incidents */
void incident_show(Web *w);      /* GET /incidents/{n}, /api/v1/incidents/{n} */
void incident_step_post(Web *w); /* POST /incidents/{n}/step, /api/v1/incidents/{n}/step */

/* ---- shared (incident_common.c) ---- */
/* The organization's incidents section, or NULL after answering 404. */
const IncidentPolicy *incident_section(Web *w);
/* A parameter, "" when absent. */
const char *incident_param(Web *w, const char *name);
/* Parameter `name` as a positive number into *out (0 when absent or
 * empty): 0, or -1 after answering 400 naming the parameter. */
int incident_param_number(Web *w, const char *name, long long *out);
/* Japanese label of a state / action / kind name (the name if unknown). */
const char *incident_state_label(const char *state);
const char *incident_kind_label(const IncidentPolicy *ip, const char *kind);
/* incident_state_badge: web/pages.h (the dashboard shows it too). */

#endif
