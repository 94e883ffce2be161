/* daicho serve: the HTTP server's entry points. */
#ifndef DAICHO_WEB_SERVER_H
#define DAICHO_WEB_SERVER_H
#include "policy/registry.h"
#include "web/web.h"

/* Serve until SIGTERM or SIGINT, then finish the requests in flight and
 * return 0; 1 when the server cannot start, 2 for a bad setting. `ready`
 * (may be NULL) runs once the socket listens. */
int web_serve(const WebConfig *cfg, ProfileSet *profiles, void (*ready)(const WebConfig *cfg));
/* Periodic work on the main thread: expired sessions, the mail outbox. */
void web_housekeeping(const WebConfig *cfg, ProfileSet *profiles);

#endif
