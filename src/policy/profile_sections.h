/* Loaders of the profile's category sections (issue #5). Each reads its
 * node into the profile's arena and sets its pointer in the Profile; errors
 * go through yr_error (file:line:col) like the rest of the loader. */
#ifndef DAICHO_PROFILE_SECTIONS_H
#define DAICHO_PROFILE_SECTIONS_H
#include "policy/profile.h"
#include "policy/yaml_reader.h"

void meeting_planner_load(Yr *r, Profile *p, yaml_node_t *node);  /* policy/meeting.c */
void social_media_load(Yr *r, Profile *p, yaml_node_t *node);     /* policy/social.c */
void mail_delivery_load(Yr *r, Profile *p, yaml_node_t *node);    /* policy/mail_policy.c */
/* Incidents and what a service needs before and while in use (issue #6). */
void contact_chart_load(Yr *r, Profile *p, yaml_node_t *node);    /* policy/contact_policy.c */
void incidents_load(Yr *r, Profile *p, yaml_node_t *node);        /* policy/incident_policy.c */
void operation_gate_load(Yr *r, Profile *p, yaml_node_t *node);   /* policy/gate_policy.c */

#endif
