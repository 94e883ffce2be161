#include "policy/registry.h"

#include <string.h>

const Profile *profileset_add(ProfileSet *s, const char *file, const char *text, size_t len, Errors *errs)
{
    Profile *p = profile_load(file, text, len, errs);
    if (!p)
        return NULL;
    for (int i = 0; i < s->n; i++) {
        if (strcmp(s->items[i]->id, p->id) == 0) {
            profile_free(s->items[i]);
            s->items[i] = p;
            return p;
        }
    }
    if (s->n == PROFILESET_MAX) {
        errors_add(errs, "%s: too many profiles (at most %d)", file, PROFILESET_MAX);
        profile_free(p);
        return NULL;
    }
    s->items[s->n++] = p;
    return p;
}

int profileset_load_builtin(ProfileSet *s, Errors *errs)
{
    int ok = 1;
    for (int i = 0; i < embedded_profile_count; i++)
        if (!profileset_add(s, embedded_profiles[i].name, embedded_profiles[i].text, embedded_profiles[i].len, errs))
            ok = 0;
    return ok;
}

const Profile *profileset_find(const ProfileSet *s, const char *id)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->items[i]->id, id) == 0)
            return s->items[i];
    return NULL;
}

void profileset_free(ProfileSet *s)
{
    for (int i = 0; i < s->n; i++)
        profile_free(s->items[i]);
    s->n = 0;
}
