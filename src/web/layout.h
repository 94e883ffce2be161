/* The frame of every HTML page: head, header with the navigation the user's
 * roles allow, the one-time message, and the footer. */
#ifndef DAICHO_WEB_LAYOUT_H
#define DAICHO_WEB_LAYOUT_H
#include "web/web.h"

void page_begin(Web *w, const char *title);
void page_end(Web *w);
/* <input type="hidden" name="csrf" …> for a POST form of the signed-in user. */
void page_csrf_field(Web *w);
/* A date as 和暦 with the Gregorian date beside: 令和8年4月1日 (2026-04-01);
 * "YYYY-MM-DD…" text in, escaped HTML out; other text is shown as it is. */
void page_date(Web *w, Str *out, const char *iso);

#endif
