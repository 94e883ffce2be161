/* The /profile page's sections for the service categories' own parts of the
 * profile (web-meeting planner, social media, mail delivery) and for those
 * of issue #6 (contact chart, incident reports, the gate before operation;
 * admin_profile_incidents.c): each only when the profile has it. */
#ifndef DAICHO_ADMIN_PROFILE_CATEGORIES_H
#define DAICHO_ADMIN_PROFILE_CATEGORIES_H
#include "policy/profile.h"
#include "util/str.h"

/* Table-of-contents entries (<li>) of the sections the profile has. */
void profile_categories_toc(const Profile *p, Str *b);
/* The sections themselves (#meeting, #social, #mail, then the issue #6 ones). */
void profile_categories_sections(const Profile *p, Str *b);

/* admin_profile_incidents.c, called by the two above: the entries and the
 * sections #contacts, #incidents and #gate. */
void profile_incidents_toc(const Profile *p, Str *b);
void profile_incidents_sections(const Profile *p, Str *b);

#endif
