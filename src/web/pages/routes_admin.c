/* Route table of the admin area (issue #4): the profile, the audit log,
 * users and roles, "do I need to apply?", notifications. */
#include "web/pages.h"
#include "web/pages/admin_pages.h"

const Route routes_admin[] = {
    {"GET", "/profile", page_profile, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/profile", page_profile, ACCESS_USER, 1, 0},
    {"GET", "/audit", page_audit, ACCESS_AUDIT, 0, 0},
    {"GET", "/api/v1/audit", page_audit, ACCESS_AUDIT, 1, 0},
    {"GET", "/users", page_users, ACCESS_ADMIN, 0, 0},
    {"GET", "/api/v1/users", page_users, ACCESS_ADMIN, 1, 0},
    {"GET", "/users/new", page_user_new, ACCESS_ADMIN, 0, 0},
    {"POST", "/users/new", post_user_new, ACCESS_ADMIN, 0, 0},
    {"POST", "/api/v1/users", post_user_new, ACCESS_ADMIN, 1, 0},
    {"GET", "/users/{n}", page_user, ACCESS_ADMIN, 0, 0},
    {"POST", "/users/{n}", post_user, ACCESS_ADMIN, 0, 0},
    {"GET", "/api/v1/users/{n}", page_user, ACCESS_ADMIN, 1, 0},
    {"POST", "/api/v1/users/{n}", post_user, ACCESS_ADMIN, 1, 0},
    {"GET", "/lookup", page_lookup, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/lookup", page_lookup, ACCESS_USER, 1, 0},
    {"GET", "/exempt", page_exempt, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/exempt", page_exempt, ACCESS_USER, 1, 0},
    {"POST", "/exempt", post_exempt, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/exempt", post_exempt, ACCESS_USER, 1, 0},
    {"POST", "/exempt/{n}/remove", post_exempt_remove, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/exempt/{n}/remove", post_exempt_remove, ACCESS_USER, 1, 0},
    {"GET", "/notifications", page_notifications, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/notifications", page_notifications, ACCESS_USER, 1, 0},
    {0, 0, 0, 0, 0, 0},
};
