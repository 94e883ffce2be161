/* Handlers of the discovery of unapproved services (issue #5 item 5;
 * routes_discover.c lists them, docs/discover.md describes them). */
#ifndef DAICHO_WEB_DISCOVER_PAGES_H
#define DAICHO_WEB_DISCOVER_PAGES_H
#include "web/web.h"

/* discover_list.c: GET /discover (?status=), /api/v1/discover */
void page_discover(Web *w);
/* discover_upload.c: POST /discover (form field "log": a pasted log),
 * POST /discover/upload (multipart/form-data, field "log" a file),
 * POST /api/v1/discover (the raw log as the body; ?format=&file=) */
void post_discover_paste(Web *w);
void post_discover_upload(Web *w);
void post_discover_api(Web *w);
/* discover_detail.c: GET /discover/{n}, /api/v1/discover/{n};
 * POST …/{n}/review (note), POST …/{n}/draft */
void page_discover_finding(Web *w);
void post_discover_review(Web *w);
void post_discover_draft(Web *w);

#endif
