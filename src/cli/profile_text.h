#ifndef DAICHO_PROFILE_TEXT_H
#define DAICHO_PROFILE_TEXT_H
#include "policy/profile.h"
#include "util/str.h"

/* Readable Japanese listing of a whole profile, every entry with its clause. */
void profile_text(const Profile *p, Str *out);

#endif
