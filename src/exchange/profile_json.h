/* Profile → JSON (`daicho profile show ID --json`; docs/profiles.md). */
#ifndef DAICHO_PROFILE_JSON_H
#define DAICHO_PROFILE_JSON_H
#include "policy/profile.h"
#include "util/str.h"

void profile_json(const Profile *p, Str *out);

#endif
