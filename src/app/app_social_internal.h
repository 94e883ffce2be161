/* Shared by the app_social_*.c files (the social-media use cases, split by
 * concern: accounts, documents, checks, playbooks); not part of
 * app/app_social.h. */
#ifndef DAICHO_APP_SOCIAL_INTERNAL_H
#define DAICHO_APP_SOCIAL_INTERNAL_H
#include <string.h>

#include "app/app_social.h"

/* The longest free text kept in the register (a reason, a note, evidence). */
enum { SOCIAL_TEXT_MAX = 4000 };

static inline int app_social_too_long(const char *s)
{
    return s && strlen(s) > SOCIAL_TEXT_MAX;
}

/* `s`, or "" for NULL (the register stores "" for an empty text). */
static inline const char *app_social_nz(const char *s)
{
    return s ? s : "";
}

/* Refuse (app->denied) unless the acting user holds the manager role;
 * `what` names the act in the message ("…は%sが行います"). */
AppRc app_social_require_manager(App *app, const SocialPolicy *s, const char *what);
/* Start a use case that changes account `id`: the section into *s, the
 * account into *a; refuses a non-manager and a closed account. */
AppRc app_social_account_for_change(App *app, long long id, const char *what, const SocialPolicy **s,
                                    SocialAccountRow *a);

#endif
