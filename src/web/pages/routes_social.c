/* Route table of social-media accounts (issue #5 item 2; docs/social.md).
 * Every route admits any signed-in user: reading the register and the
 * pre-posting and password checks are for everyone; changes are the use
 * cases' decision (the profile's social_media.manager_role, tokyo-edu
 * 情報資産を所管する者), answered 403 otherwise. */
#include "web/pages.h"
#include "web/pages/social_pages.h"

const Route routes_social[] = {
    {"GET", "/social", social_list, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/social", social_list, ACCESS_USER, 1, 0},
    {"POST", "/social", social_add, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social", social_add, ACCESS_USER, 1, 0},
    {"GET", "/social/new", social_new, ACCESS_USER, 0, 0},
    {"GET", "/social/post-check", social_post_form, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/social/post-check", social_post_form, ACCESS_USER, 1, 0},
    {"POST", "/social/post-check", social_post_submit, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/post-check", social_post_submit, ACCESS_USER, 1, 0},
    {"GET", "/social/password-check", social_password_form, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/social/password-check", social_password_form, ACCESS_USER, 1, 0},
    {"POST", "/social/password-check", social_password_submit, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/password-check", social_password_submit, ACCESS_USER, 1, 0},
    {"GET", "/social/{n}", social_account, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/social/{n}", social_account, ACCESS_USER, 1, 0},
    {"POST", "/social/{n}/check", social_check_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/{n}/check", social_check_post, ACCESS_USER, 1, 0},
    {"POST", "/social/{n}/monitor", social_monitor_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/{n}/monitor", social_monitor_post, ACCESS_USER, 1, 0},
    {"POST", "/social/{n}/status", social_status_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/{n}/status", social_status_post, ACCESS_USER, 1, 0},
    {"POST", "/social/{n}/playbook", social_playbook_start, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/{n}/playbook", social_playbook_start, ACCESS_USER, 1, 0},
    {"GET", "/social/runs/{n}", social_run, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/social/runs/{n}", social_run, ACCESS_USER, 1, 0},
    {"POST", "/social/runs/{n}/step", social_run_step, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/runs/{n}/step", social_run_step, ACCESS_USER, 1, 0},
    {"POST", "/social/runs/{n}/close", social_run_close, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/social/runs/{n}/close", social_run_close, ACCESS_USER, 1, 0},
    {0, 0, 0, 0, 0, 0},
};
