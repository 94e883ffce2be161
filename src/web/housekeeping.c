/* Work the server does every minute on its main thread, with its own
 * database connection: expired sessions go, the mail outbox is sent. */
#include <stdio.h>

#include "web/server.h"

void web_housekeeping(const WebConfig *cfg, ProfileSet *profiles)
{
    static App app;
    static int opened;
    if (!opened) {
        if (app_open(&app, cfg->db_url, 0, profiles) != APP_OK) {
            fprintf(stderr, "daicho serve: housekeeping: %s\n", str_cstr(&app.err));
            app_close(&app);
            return;
        }
        opened = 1;
    }
    app_scratch(&app);
    app_sessions_sweep(&app);
}
