/* Shared by the app_mail_*.c files (the mail-delivery use cases, split by
 * concern: policy, input, consent, export); not part of app/app_mail.h.
 * Each helper refuses through app_fail, so callers just pass the result on. */
#ifndef DAICHO_APP_MAIL_INTERNAL_H
#define DAICHO_APP_MAIL_INTERNAL_H
#include "app/app_mail.h"

enum { MAIL_TEXT_MAX = 20000, MAIL_FIELD_MAX = 400 };

/* 1 when `s` is NULL or only blanks (ASCII or U+3000). */
int app_mail_blank(const char *s);
/* A one-line field: no control characters, at most MAIL_FIELD_MAX bytes;
 * `what` names the field in the message, `clause` may be NULL. */
AppRc app_mail_check_line(App *app, const char *what, const char *s, const char *clause);
/* `date` is YYYY-MM-DD; its yyyymmdd into *out when `out` is not NULL. */
AppRc app_mail_check_date(App *app, const char *what, const char *date, int *out);
/* The current version (`version` 0) or version `version` of policy
 * `number` of the acting organization; rows in app->arena. */
AppRc app_mail_load_policy(App *app, long long number, int version, MailPolicyRow *r);
/* Start a use case that changes policy `number` (or records consent to
 * it): app_scratch, the section into *m, then refuse (app->denied) unless
 * the acting user holds the profile's manager role (only it writes and
 * issues policies and records consent), then the current version into *r. */
AppRc app_mail_begin_change(App *app, long long number, const MailPolicy **m, MailPolicyRow *r);

#endif
