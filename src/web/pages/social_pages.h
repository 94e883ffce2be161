/* The social-media area (issue #5 item 2; tokyo-edu 10; docs/social.md):
 * handlers for routes_social.c and what its pages share. Private to
 * src/web/pages/social_*.c. Every route is ACCESS_USER: every signed-in
 * user reads the register and may run the pre-posting and password checks;
 * the use cases (app/app_social.h) refuse changes by anyone but the
 * profile's manager role (403). An organization whose profile has no
 * social_media section gets 404 with a Japanese message on every page. */
#ifndef DAICHO_WEB_PAGES_SOCIAL_H
#define DAICHO_WEB_PAGES_SOCIAL_H
#include "app/app_social.h"
#include "web/web.h"

/* ---- handlers (HTML and JSON alike: each looks at w->rq->is_api) ---- */
void social_list(Web *w);            /* GET /social, /api/v1/social */
void social_new(Web *w);             /* GET /social/new */
void social_add(Web *w);             /* POST /social, /api/v1/social */
void social_account(Web *w);         /* GET /social/{n}, /api/v1/social/{n} */
void social_check_post(Web *w);      /* POST …/{n}/check */
void social_monitor_post(Web *w);    /* POST …/{n}/monitor */
void social_status_post(Web *w);     /* POST …/{n}/status */
void social_playbook_start(Web *w);  /* POST …/{n}/playbook */
void social_run(Web *w);             /* GET /social/runs/{n}, /api/v1/social/runs/{n} */
void social_run_step(Web *w);        /* POST …/runs/{n}/step */
void social_run_close(Web *w);       /* POST …/runs/{n}/close */
void social_post_form(Web *w);       /* GET /social/post-check, /api/v1/social/post-check (the checklist) */
void social_post_submit(Web *w);      /* POST /social/post-check, /api/v1/social/post-check */
void social_password_form(Web *w);   /* GET /social/password-check, /api/v1/social/password-check (the policy) */
void social_password_submit(Web *w);  /* POST /social/password-check, /api/v1/social/password-check */

/* ---- shared (social_common.c) ---- */
/* The organization's social_media section, or NULL after answering 404
 * ("この団体の基準にはソーシャルメディアの定めがありません"). */
const SocialPolicy *social_section(Web *w);
/* The account `id` of the organization into *out: 0, or -1 after answering 404/503. */
int social_find_account(Web *w, long long id, SocialAccountRow *out);
/* The label of `name` in a names/labels pair ("" if unknown). */
const char *social_label(const char *const *names, const char *const *labels, const char *name);
/* A stored UTC time as the Japanese day and time (as the ledger pages show it). */
void social_when(Web *w, Str *out, const char *iso);
/* A parameter, "" when absent. */
const char *social_param(Web *w, const char *name);

#endif
