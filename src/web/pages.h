/* Handlers of the pages and API routes, for the route tables. Each area's
 * file defines its own table (routes_core, routes_apply, …, in web.h); a
 * handler used by another area's table is declared here. */
#ifndef DAICHO_WEB_PAGES_H
#define DAICHO_WEB_PAGES_H
#include "web/web.h"

void page_dashboard(Web *w);

#endif
