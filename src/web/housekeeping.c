/* Work the server does every minute on its main thread, with its own
 * database connection: expired sessions go, the notification outbox is
 * filled from what happened since the last run and, when SMTP is
 * configured, sent. */
#include <stdio.h>

#include "app/app_outbox.h"
#include "web/mailer.h"
#include "web/server.h"

/* Mails per run: a long backlog drains over several minutes rather than
 * holding up the sweep (each mail may take up to the SMTP timeout). */
enum { MAILS_PER_RUN = 50 };

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
        /* Like the workers: a small page cache (see server.c). */
        if (db_kind(app.db) == DB_SQLITE)
            db_exec(app.db, "PRAGMA cache_size=-8192");
        mailer_init();
    }
    app_scratch(&app);
    app_sessions_sweep(&app);
    OutboxFill fill;
    if (app_outbox_fill(&app, OUTBOX_REVIEW_DAYS, &fill) != APP_OK)
        fprintf(stderr, "daicho serve: 通知の作成: %s\n", str_cstr(&app.err));
    else if (fill.unaddressed)
        fprintf(stderr, "daicho serve: 通知 %lld 件は宛先の役割を持つ有効な利用者がいないため誰にも届きません\n",
                fill.unaddressed);
    if (!cfg->smtp_url || !*cfg->smtp_url)
        return;
    if (!cfg->smtp_from || !*cfg->smtp_from) {
        /* Sending without a sender would only count failed attempts: the
         * rows wait, and the log says why once. */
        static int warned;
        if (!warned++)
            fprintf(stderr, "daicho serve: smtp_from（差出人のメールアドレス）が未設定のため通知メールを送りません\n");
        return;
    }
    int sent = 0, failed = 0;
    if (app_outbox_send(&app, MAILS_PER_RUN, mailer_send_row, (void *)cfg, &sent, &failed) != APP_OK)
        fprintf(stderr, "daicho serve: 通知メール: %s\n", str_cstr(&app.err));
    else if (failed)
        fprintf(stderr, "daicho serve: 通知メール: %d 件送信、%d 件失敗（後で再送します。理由は /notifications?all=1 に）\n", sent,
                failed);
}
