/* Helpers shared by the admin area's pages (see admin_pages.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/html.h"
#include "web/layout.h"
#include "web/pages/admin_pages.h"

/* The stored UTC time moved to JST; 0 when it is not "YYYY-MM-DDTHH:MM:SS…". */
static int to_jst(const char *iso, struct tm *out)
{
    struct tm tm = {0};
    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                       &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm) + 9 * 3600;
    return gmtime_r(&t, out) != NULL;
}

void admin_time(Web *w, Str *out, const char *iso_utc)
{
    struct tm j;
    if (!to_jst(iso_utc, &j)) {
        page_date(w, out, iso_utc);
        return;
    }
    char day[48], hm[24];
    snprintf(day, sizeof day, "%04d-%02d-%02d", (j.tm_year + 1900) % 10000, (j.tm_mon + 1) % 100, j.tm_mday % 100);
    snprintf(hm, sizeof hm, "%02d:%02d", j.tm_hour % 100, j.tm_min % 100);
    page_date(w, out, day);
    html(out, " %s", hm);
}

void admin_time_jst(const char *iso_utc, char out[32])
{
    struct tm j;
    if (!to_jst(iso_utc, &j)) {
        snprintf(out, 32, "%s", iso_utc ? iso_utc : "");
        return;
    }
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d+09:00", (j.tm_year + 1900) % 10000, (j.tm_mon + 1) % 100,
             j.tm_mday % 100, j.tm_hour % 100, j.tm_min % 100, j.tm_sec % 100);
}

int admin_page_number(Web *w)
{
    const char *p = web_param(w, "page");
    if (!p || !*p)
        return 1;
    char *end;
    long v = strtol(p, &end, 10);
    return *end == 0 && v >= 1 && v <= 1000000 ? (int)v : 1;
}

static void pager_link(Web *w, Str *out, const char *path, int page, const char *const *keep, const char *rel,
                       const char *label)
{
    Str q = STR_INIT;
    str_appendf(&q, "page=%d", page);
    for (int i = 0; keep && keep[i]; i++) {
        const char *v = web_param(w, keep[i]);
        if (!v || !*v)
            continue;
        str_appendf(&q, "&%s=", keep[i]);
        url_encode(&q, v);
    }
    /* The query was built from encoded parts: %s escapes it once more for the attribute. */
    html(out, "<a rel=\"%s\" href=\"%s?%s\">%s</a>", rel, path, str_cstr(&q), label);
    str_free(&q);
}

void admin_pager(Web *w, Str *out, const char *path, int page, long long total, const char *const *keep)
{
    long long pages = (total + ADMIN_PAGE_ROWS - 1) / ADMIN_PAGE_ROWS;
    if (pages <= 1)
        return;
    html(out, "<nav class=\"pager\" aria-label=\"ページ\">");
    if (page > 1)
        pager_link(w, out, path, page - 1, keep, "prev", "← 前へ");
    html(out, " <span>%d / %lld ページ（%lld件）</span> ", page, pages, total);
    if (page < pages)
        pager_link(w, out, path, page + 1, keep, "next", "次へ →");
    html(out, "</nav>");
}

void admin_clause(Str *out, const char *clause)
{
    if (clause && *clause)
        html(out, " <span class=\"clause\">［%s］</span>", clause);
}

void admin_json_clause(Str *out, const char *clause)
{
    str_append(out, "\"clause\":");
    if (clause && *clause)
        str_append_json(out, clause);
    else
        str_append(out, "null");
}
