/* What the social-media pages share (social_pages.h). */
#include <stdio.h>
#include <string.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/ledger_pages.h"
#include "web/pages/social_pages.h"

const SocialPolicy *social_section(Web *w)
{
    const Profile *p = w->app->profile;
    if (p && p->social)
        return p->social;
    char msg[256];
    snprintf(msg, sizeof msg, "この団体の基準（%s）にはソーシャルメディアの定めがありません", p && p->id ? p->id : "-");
    web_error(w, 404, msg, NULL);
    return NULL;
}

int social_find_account(Web *w, long long id, SocialAccountRow *out)
{
    App *app = w->app;
    int found = store_social_account_get(app->db, &app->arena, app->org.id, id, out);
    if (found < 0)
        return web_app_failed(w, app_dbfail(app)), -1;
    if (!found) {
        char msg[128];
        snprintf(msg, sizeof msg, "SNSアカウント %lld は登録されていません", id);
        web_error(w, 404, msg, NULL);
        return -1;
    }
    return 0;
}

const char *social_label(const char *const *names, const char *const *labels, const char *name)
{
    int k = name ? state_index(names, name) : -1;
    return k >= 0 ? labels[k] : "";
}

void social_when(Web *w, Str *out, const char *iso)
{
    ledger_when(w, out, iso);
}

const char *social_param(Web *w, const char *name)
{
    const char *v = web_param(w, name);
    return v ? v : "";
}
