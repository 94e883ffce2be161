/* Route table of the applications area (issue #4; handlers in apply_*.c,
 * docs/api.md "Applications"). Who may act on an application is decided by
 * the profile in the use case (app_apply_act): these rows only require a
 * signed-in user, and the pages check who may see an application. */
#include "web/pages/apply_pages.h"

const Route routes_apply[] = {
    {"GET", "/applications", apply_list, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/applications", apply_list, ACCESS_USER, 1, 0},
    {"GET", "/applications/new", apply_new_form, ACCESS_USER, 0, 0},
    {"POST", "/applications/new", apply_new_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/applications", apply_api_create, ACCESS_USER, 1, 1},
    {"POST", "/api/v1/evaluate", apply_api_evaluate, ACCESS_USER, 1, 1},
    {"GET", "/applications/{n}", apply_detail, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/applications/{n}", apply_detail, ACCESS_USER, 1, 0},
    {"GET", "/applications/{n}/edit", apply_edit_form, ACCESS_USER, 0, 0},
    {"POST", "/applications/{n}/edit", apply_edit_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/applications/{n}/document", apply_api_update, ACCESS_USER, 1, 1},
    {"POST", "/applications/{n}/submit", apply_submit, ACCESS_USER, 0, 0},
    {"POST", "/applications/{n}/withdraw", apply_withdraw, ACCESS_USER, 0, 0},
    {"POST", "/applications/{n}/approve", apply_approve, ACCESS_USER, 0, 0},
    {"POST", "/applications/{n}/reject", apply_reject, ACCESS_USER, 0, 0},
    {"POST", "/applications/{n}/return", apply_return, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/applications/{n}/submit", apply_submit, ACCESS_USER, 1, 0},
    {"POST", "/api/v1/applications/{n}/withdraw", apply_withdraw, ACCESS_USER, 1, 0},
    {"POST", "/api/v1/applications/{n}/approve", apply_approve, ACCESS_USER, 1, 0},
    {"POST", "/api/v1/applications/{n}/reject", apply_reject, ACCESS_USER, 1, 0},
    {"POST", "/api/v1/applications/{n}/return", apply_return, ACCESS_USER, 1, 0},
    {"GET", "/applications/{n}/print", apply_print, ACCESS_USER, 0, 0},
    {"GET", "/applications/{n}/form.xlsx", apply_xlsx, ACCESS_USER, 0, 0},
    {0, 0, 0, 0, 0, 0},
};
