/* The set of profiles a run knows: the ones compiled into the binary plus any
 * loaded with --profile-file. */
#ifndef DAICHO_REGISTRY_H
#define DAICHO_REGISTRY_H
#include <stddef.h>

#include "policy/profile.h"

enum { PROFILESET_MAX = 64 };

typedef struct ProfileSet {
    Profile *items[PROFILESET_MAX]; /* owned */
    int n;
} ProfileSet;

typedef struct EmbeddedProfile {
    const char *name;   /* "profiles/otokuni.yaml" */
    const char *text;
    size_t len;
} EmbeddedProfile;

/* Generated at build time from the profiles directory (cmake/embed.cmake). */
extern const EmbeddedProfile embedded_profiles[];
extern const int embedded_profile_count;

/* Load every built-in profile; 0 with errors if any fails (a broken build). */
int profileset_load_builtin(ProfileSet *s, Errors *errs);
/* Load one more profile from text; a profile with the same id is replaced.
 * Returns the loaded profile or NULL with errors. */
const Profile *profileset_add(ProfileSet *s, const char *file, const char *text, size_t len, Errors *errs);
const Profile *profileset_find(const ProfileSet *s, const char *id);
void profileset_free(ProfileSet *s);

#endif
