/* The /profile page's sections for the service categories' own parts of the
 * profile (web-meeting planner, social media, mail delivery): each only when
 * the profile has it. */
#ifndef DAICHO_ADMIN_PROFILE_CATEGORIES_H
#define DAICHO_ADMIN_PROFILE_CATEGORIES_H
#include "policy/profile.h"
#include "util/str.h"

/* Table-of-contents entries (<li>) of the sections the profile has. */
void profile_categories_toc(const Profile *p, Str *b);
/* The sections themselves (#meeting, #social, #mail). */
void profile_categories_sections(const Profile *p, Str *b);

#endif
