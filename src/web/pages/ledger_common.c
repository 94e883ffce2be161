/* What the ledger pages share (ledger_pages.h). */
#include <stdio.h>
#include <string.h>

#include "domain/dates.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/pages/ledger_pages.h"

const char *ledger_class_label(const Profile *p, const char *code)
{
    int rank = code ? profile_level_rank(p, SCHEME_CONFIDENTIALITY, code) : -1;
    return rank >= 0 ? p->schemes[SCHEME_CONFIDENTIALITY].levels[rank].label : "";
}

int ledger_user_keeps(const App *app, const EntryRow *e, char *why, size_t why_size)
{
    Refusal r = {{0}, NULL};
    int ok = ledger_may_keep(app->profile, e->track, &app->actor, e->administrator_id, &r);
    if (!ok && why)
        snprintf(why, why_size, "%s%s%s%s", r.message, r.clause ? " [" : "", r.clause ? r.clause : "", r.clause ? "]" : "");
    return ok;
}

void ledger_when(Web *w, Str *out, const char *iso)
{
    int y, mo, d, h, mi;
    char tail;
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%*2d%c", &y, &mo, &d, &h, &mi, &tail) != 6 || tail != 'Z') {
        page_date(w, out, iso);
        return;
    }
    /* Stored in UTC; staff read Japanese time, and the day can differ. */
    int ymd = y * 10000 + mo * 100 + d;
    h += 9;
    if (h >= 24) {
        h -= 24;
        ymd = date_add_days(ymd, 1);
    }
    char day[11];
    date_format(ymd, day);
    page_date(w, out, day);
    char hm[8];
    snprintf(hm, sizeof hm, "%02d:%02d", h, mi);
    html(out, " %s", hm);
}

int ledger_find_entry(Web *w, long long number, EntryRow *out)
{
    App *app = w->app;
    int found = store_entry_by_number(app->db, &app->arena, app->org.id, number, out);
    if (found < 0)
        return web_app_failed(w, app_dbfail(app)), -1;
    if (!found) {
        /* The use cases call this bad input; for a URL it is a missing page,
         * and another organization's entries look the same as missing ones. */
        char msg[128];
        snprintf(msg, sizeof msg, "台帳 第%lld号 はありません", number);
        web_error(w, 404, msg, NULL);
        return -1;
    }
    return 0;
}
