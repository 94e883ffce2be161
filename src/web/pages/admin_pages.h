/* Handlers of the admin area (routes_admin.c lists them) and the helpers
 * its pages share: profile, audit log, users and roles, "do I need to
 * apply?", notifications. */
#ifndef DAICHO_WEB_ADMIN_PAGES_H
#define DAICHO_WEB_ADMIN_PAGES_H
#include "web/web.h"

/* admin_profile.c */
void page_profile(Web *w);
/* admin_audit.c */
void page_audit(Web *w);
/* admin_users.c */
void page_users(Web *w);
void page_user_new(Web *w);
void post_user_new(Web *w);
void page_user(Web *w);
void post_user(Web *w);
/* admin_lookup.c */
void page_lookup(Web *w);
/* admin_exempt.c */
void page_exempt(Web *w);
void post_exempt(Web *w);
void post_exempt_remove(Web *w);
/* admin_notifications.c */
void page_notifications(Web *w);

/* ---- shared (admin_common.c) ---- */
enum { ADMIN_PAGE_ROWS = 50 };
/* A stored UTC time ("2026-04-01T00:30:00Z") as the Japanese date and
 * time: 令和8年4月1日 (2026-04-01) 09:30 (JST, as people there read it). */
void admin_time(Web *w, Str *out, const char *iso_utc);
/* The same instant as ISO text in JST ("2026-04-01T09:30:00+09:00"), for JSON. */
void admin_time_jst(const char *iso_utc, char out[32]);
/* Page number (1…) from ?page=, and the offset it means. */
int admin_page_number(Web *w);
/* 前へ / 次へ links keeping the query's other parameters `keep` (NULL-terminated names). */
void admin_pager(Web *w, Str *out, const char *path, int page, long long total, const char *const *keep);
/* The clause in brackets as the pages show it ("［3.1.6］"), nothing when NULL or "". */
void admin_clause(Str *out, const char *clause);
/* JSON: "clause": "…" or null. */
void admin_json_clause(Str *out, const char *clause);

#endif
