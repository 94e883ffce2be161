/* A condition as one line of text, for `profile show` and reviews:
 * all → "(A かつ B)", any → "(A または B)", not → "NOT (A)",
 * leaf → "field op value". */
#ifndef DAICHO_COND_FORMAT_H
#define DAICHO_COND_FORMAT_H
#include "policy/profile.h"
#include "util/str.h"

void cond_format(const Profile *p, const Cond *c, Str *out);
/* A leaf's constant(s) as written in the profile. */
void cond_value_text(const Profile *p, const Cond *c, int i, Str *out);

#endif
