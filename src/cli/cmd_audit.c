/* daicho audit verify | log | purge — the audit chain. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_app.h"

static const char SQL_LOG[] =
    "SELECT seq, at, actor, action, object, data FROM audit_events WHERE org_id = :org ORDER BY seq DESC LIMIT :limit";

int cmd_audit(Cli *cli, int argc, char **argv)
{
    const char *before = NULL, *limit = NULL;
    int json = 0;
    const CliOpt opts[] = {{"--before", OPT_VALUE, &before}, {"--limit", OPT_VALUE, &limit}, {"--json", OPT_FLAG, &json},
                           {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("audit", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    const char *sub = n ? pos[0] : "";
    if (strcmp(sub, "verify") != 0 && strcmp(sub, "purge") != 0 && strcmp(sub, "log") != 0)
        return cli_usage_error("audit: usage: daicho audit verify | log [--limit N] | purge --before DATE");
    App app;
    /* verify needs no acting user: an auditor may check any database file. */
    if ((rc = cli_app_open(cli, &app, 0, strcmp(sub, "verify") != 0)))
        return rc;
    if (strcmp(sub, "verify") == 0) {
        AuditCheck c;
        AppRc r = app_audit_verify(&app, &c);
        if (r == APP_OK) {
            if (json)
                printf("{\"ok\":%s,\"checked\":%lld,\"first\":%lld,\"last\":%lld,\"bad\":%lld}\n", c.bad_seq ? "false" : "true",
                       c.checked, c.first_seq, c.last_seq, c.bad_seq);
            if (c.bad_seq) {
                fprintf(stderr, "daicho: 監査ログが壊れています: 番号 %lld — %s\n", c.bad_seq, c.why);
                r = APP_BLOCKED;
            } else if (!json) {
                printf("監査ログは正常です: %lld 件（番号 %lld〜%lld）のハッシュチェーンを確認しました\n", c.checked, c.first_seq, c.last_seq);
            }
        }
        rc = r == APP_BLOCKED ? EXIT_BLOCKED : cli_app_result(&app, r);
    } else if (strcmp(sub, "purge") == 0) {
        long long removed = 0;
        AppRc r = app_audit_purge(&app, before, &removed);
        if (r == APP_OK)
            printf("%s より前の監査ログ %lld 件を削除しました（チェーンは残りの先頭から検証できます）\n", before, removed);
        rc = cli_app_result(&app, r);
    } else {
        DbStmt *st = db_prepare(app.db, SQL_LOG);
        long long lim = limit ? cli_number(limit, "--limit") : 50;
        if (!lim) {
            app_close(&app);
            return EXIT_USAGE;
        }
        if (!st || (db_bind_int(st, "org", app.org.id) | db_bind_int(st, "limit", lim)) != 0) {
            db_reset(st);
            rc = cli_app_result(&app, app_dbfail(&app));
        } else {
            Str o = STR_INIT;
            str_append(&o, "[");
            while (db_step(st) == DB_ROW) {
                if (json) {
                    str_appendf(&o, "%s{\"seq\":%lld,\"at\":", o.len > 1 ? ",\n " : "\n ", db_col_int(st, 0));
                    str_append_json(&o, db_col_text(st, 1));
                    str_append(&o, ",\"actor\":");
                    str_append_json(&o, db_col_text(st, 2));
                    str_append(&o, ",\"action\":");
                    str_append_json(&o, db_col_text(st, 3));
                    str_append(&o, ",\"object\":");
                    str_append_json(&o, db_col_text(st, 4));
                    str_append(&o, ",\"data\":");
                    str_append(&o, db_col_text(st, 5)); /* stored JSON */
                    str_appendc(&o, '}');
                } else {
                    printf("%6lld  %s  %-12s %-22s %-16s %s\n", db_col_int(st, 0), db_col_text(st, 1), db_col_text(st, 2),
                           db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5));
                }
            }
            db_reset(st);
            if (json) {
                str_append(&o, "\n]\n");
                fputs(str_cstr(&o), stdout);
            }
            str_free(&o);
        }
    }
    app_close(&app);
    return rc;
}
