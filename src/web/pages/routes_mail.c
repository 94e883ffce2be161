/* Route table of mail-delivery policies (issue #5 item 3; docs/mail.md).
 * Every route admits any signed-in user of the organization: the use cases
 * decide who may write (the profile's manager role) and who may read the
 * consent lists, and refuse with 403 and the clause. */
#include "web/pages.h"
#include "web/pages/mail_pages.h"

const Route routes_mail[] = {
    {"GET", "/mail", mail_list, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/mail", mail_list, ACCESS_USER, 1, 0},
    {"GET", "/mail/new", mail_new_form, ACCESS_USER, 0, 0},
    {"POST", "/mail/new", mail_new_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/mail", mail_new_post, ACCESS_USER, 1, 1},
    {"GET", "/mail/{n}", mail_show, ACCESS_USER, 0, 0},
    {"GET", "/api/v1/mail/{n}", mail_show, ACCESS_USER, 1, 0},
    {"GET", "/mail/{n}/edit", mail_edit_form, ACCESS_USER, 0, 0},
    {"POST", "/mail/{n}/edit", mail_edit_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/mail/{n}", mail_edit_post, ACCESS_USER, 1, 1},
    {"POST", "/mail/{n}/issue", mail_issue, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/mail/{n}/issue", mail_issue, ACCESS_USER, 1, 0},
    {"POST", "/mail/{n}/consent", mail_consent_post, ACCESS_USER, 0, 0},
    {"POST", "/api/v1/mail/{n}/consent", mail_consent_post, ACCESS_USER, 1, 0},
    {"GET", "/api/v1/mail/{n}/consents", mail_consents, ACCESS_USER, 1, 0},
    {"GET", "/mail/{n}/consents.csv", mail_consents_csv, ACCESS_USER, 0, 0},
    {"GET", "/mail/{n}/print", mail_print, ACCESS_USER, 0, 0},
    {"GET", "/mail/{n}/policy.txt", mail_text, ACCESS_USER, 0, 0},
    {0, 0, 0, 0, 0, 0},
};
