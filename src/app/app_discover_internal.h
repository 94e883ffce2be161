/* Shared by the app_discover*.c files (discovery of unapproved services);
 * not part of the app interface (app/app_discover.h is). */
#ifndef DAICHO_APP_DISCOVER_INTERNAL_H
#define DAICHO_APP_DISCOVER_INTERNAL_H
#include "app/app.h"

enum { DISCOVER_NOTE_MAX = 2000 }; /* bytes of a review note or an ignore-list note */

/* APP_OK when the acting user may run discovery and change findings and
 * lists (`run`) or read findings (!run); otherwise the refusal in app->err
 * (app->denied set when someone acts but lacks the role). */
AppRc app_discover_require(App *app, int run);

#endif
