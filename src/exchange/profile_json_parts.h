/* Internal to the profile's JSON writer (profile_json.c and its service
 * category sections in profile_json_categories.c): one member's key, a
 * string member, a condition in the profile's own all/any/not form. Not an
 * interface for other modules: they use profile_json(). */
#ifndef DAICHO_PROFILE_JSON_PARTS_H
#define DAICHO_PROFILE_JSON_PARTS_H
#include "policy/profile.h"
#include "util/str.h"

/* `"k": ` preceded by ", " unless `first`. */
void pj_key(Str *o, const char *k, int first);
/* `"k": "v"`, or `"k": null` when v is NULL. */
void pj_kstr(Str *o, const char *k, const char *v, int first);
/* A condition as the profile writes it; NULL → null. */
void pj_cond(const Profile *p, const Cond *c, Str *o);
/* The members meeting_planner, social_media, mail_delivery (issue #5),
 * contact_chart, incidents and operation_gate (issue #6), each null when the
 * profile has no such section and each preceded by ", ". */
void pj_categories(const Profile *p, Str *o);

#endif
