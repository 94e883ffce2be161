/* The frame of every HTML page (see layout.h). Nothing is loaded from
 * outside: the style sheet and the script are served from /static. */
#include <stdio.h>
#include <string.h>

#include "domain/dates.h"
#include "web/html.h"
#include "web/layout.h"

/* Items of a service category appear only when the profile has that
 * category's section (issue #5). */
typedef enum NavSection { NAV_ANY, NAV_EXEMPT, NAV_MEETING, NAV_SOCIAL, NAV_MAIL, NAV_INCIDENTS } NavSection;

typedef struct NavItem {
    const char *href, *label;
    Access access;
    NavSection section;
} NavItem;

static int nav_section_shown(const App *app, NavSection s)
{
    const Profile *p = app->profile;
    switch (s) {
    case NAV_ANY: return 1;
    case NAV_EXEMPT: return p && (p->exempt_clause || p->n_exempts);
    case NAV_MEETING: return p && p->meeting;
    case NAV_SOCIAL: return p && p->social;
    case NAV_MAIL: return p && p->mail;
    case NAV_INCIDENTS: return p && p->incidents;
    }
    return 0;
}

static const NavItem nav[] = {
    {"/", "ダッシュボード", ACCESS_USER, NAV_ANY},
    {"/applications/new", "新規申請", ACCESS_USER, NAV_ANY},
    {"/applications", "申請一覧", ACCESS_USER, NAV_ANY},
    {"/ledger", "台帳", ACCESS_USER, NAV_ANY},
    {"/lookup", "申請が必要か調べる", ACCESS_USER, NAV_ANY},
    {"/exempt", "申請不要のサービス", ACCESS_USER, NAV_EXEMPT},
    {"/meetings", "ウェブ会議", ACCESS_USER, NAV_MEETING},
    {"/social", "SNSアカウント", ACCESS_USER, NAV_SOCIAL},
    {"/mail", "メール配信", ACCESS_USER, NAV_MAIL},
    {"/incidents", "インシデント", ACCESS_USER, NAV_INCIDENTS},
    {"/discover", "未承認サービス", ACCESS_AUDIT, NAV_ANY},
    {"/notifications", "お知らせ", ACCESS_USER, NAV_ANY},
    {"/profile", "基準", ACCESS_USER, NAV_ANY},
    {"/audit", "監査記録", ACCESS_AUDIT, NAV_ANY},
    {"/users", "利用者", ACCESS_ADMIN, NAV_ANY},
};

void page_begin(Web *w, const char *title)
{
    Str *b = &w->rs->body;
    w->rs->content_type = "text/html; charset=utf-8";
    html(b,
         "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>%s — daicho</title>"
         "<link rel=\"stylesheet\" href=\"/static/style.css\">"
         "<link rel=\"stylesheet\" href=\"/static/print.css\" media=\"print\">"
         "<script src=\"/static/app.js\" defer></script></head>\n<body>"
         "<a class=\"skip\" href=\"#main\">本文へ移動</a>"
         "<header class=\"site\"><a class=\"brand\" href=\"/\">daicho <small>外部サービス利用管理</small></a>",
         title);
    if (w->signed_in) {
        App *app = w->app;
        html(b, "<span class=\"org\">%s</span><nav aria-label=\"メニュー\"><ul>", app->org.name);
        /* The current item is the longest one the path starts with
         * (/applications/new is 新規申請, not 申請一覧 too). */
        size_t current = sizeof nav / sizeof nav[0], best = 0;
        for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
            size_t n = strlen(nav[i].href);
            const char *path = w->rq->path;
            int match = strcmp(path, nav[i].href) == 0 || (n > 1 && strncmp(path, nav[i].href, n) == 0 && path[n] == '/');
            if (match && n > best) {
                best = n;
                current = i;
            }
        }
        for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
            const NavItem *n = &nav[i];
            if ((n->access == ACCESS_AUDIT && !web_may_audit(app)) || (n->access == ACCESS_ADMIN && !app->actor.is_admin) ||
                !nav_section_shown(app, n->section))
                continue;
            html(b, "<li><a href=\"%s\"%H>%s</a></li>", n->href, i == current ? " aria-current=\"page\"" : "", n->label);
        }
        html(b, "</ul></nav><form class=\"logout\" method=\"post\" action=\"/logout\">");
        page_csrf_field(w);
        html(b, "<span class=\"me\">%s</span><button type=\"submit\">ログアウト</button></form>", app->user.name);
    }
    html(b, "</header>\n<main id=\"main\">");
    if (w->flash && *w->flash)
        html(b, "<p class=\"flash\" role=\"status\">%s</p>", w->flash);
}

void page_end(Web *w)
{
    html(&w->rs->body, "</main>\n<footer class=\"site\">daicho — 外部サービスの利用承認・台帳・監査記録</footer></body></html>\n");
}

void page_csrf_field(Web *w)
{
    html(&w->rs->body, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", w->csrf ? w->csrf : "");
}

void page_date(Web *w, Str *out, const char *iso)
{
    (void)w;
    int ymd;
    char day[11];
    if (!iso || !*iso)
        return;
    snprintf(day, sizeof day, "%.10s", iso);
    if (!date_parse(day, &ymd)) {
        html(out, "%s", iso);
        return;
    }
    /* A stored time is UTC ("…T13:05:00Z"): the day and the time people see
     * are Japan's (UTC+9), so 2026-04-01T16:00Z is 4月2日 1:00. */
    int hh, mm;
    char wareki[64];
    if (strlen(iso) >= 17 && iso[10] == 'T' && sscanf(iso + 11, "%2d:%2d", &hh, &mm) == 2 && hh >= 0 && hh < 24) {
        hh += 9;
        if (hh >= 24) {
            hh -= 24;
            ymd = date_add_days(ymd, 1);
        }
        char jday[11];
        date_format(ymd, jday);
        date_wareki(ymd, wareki, sizeof wareki);
        html(out, "<time datetime=\"%s\">%s %d:%s%d (%s)</time>", iso, wareki, hh, mm < 10 ? "0" : "", mm, jday);
        return;
    }
    date_wareki(ymd, wareki, sizeof wareki);
    html(out, "<time datetime=\"%s\">%s (%s)</time>", day, wareki, day);
}
