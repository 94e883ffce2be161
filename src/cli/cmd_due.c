/* daicho due [--within DAYS] [--json] — what is due or overdue, and
 * daicho cert add|list — the register of certifications. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_app.h"
#include "store/certs.h"


typedef struct DueOut {
    Str *json;
    int n;
} DueOut;

static void print_due(void *ctx, const DueItem *it)
{
    DueOut *o = ctx;
    o->n++;
    if (o->json) {
        str_appendf(o->json, "%s{\"kind\":\"%s\",\"overdue\":%s,\"date\":", o->n > 1 ? ",\n  " : "\n  ", due_kind_names[it->kind],
                    it->overdue ? "true" : "false");
        str_append_json(o->json, it->date ? it->date : "");
        if (it->number)
            str_appendf(o->json, ",\"ledger_number\":%lld", it->number);
        if (it->notification)
            str_appendf(o->json, ",\"notification\":%lld", it->notification);
        if (it->social_account)
            str_appendf(o->json, ",\"social_account\":%lld", it->social_account);
        const char *kv[][2] = {{"what", it->what}, {"who", it->who}, {"message", it->message}, {"clause", it->clause}};
        for (int i = 0; i < 4; i++) {
            str_appendf(o->json, ",\"%s\":", kv[i][0]);
            if (kv[i][1])
                str_append_json(o->json, kv[i][1]);
            else
                str_append(o->json, "null");
        }
        str_appendc(o->json, '}');
        return;
    }
    const char *mark = it->kind == DUE_NOTIFICATION ? "報告・通知" : it->overdue ? "期限切れ" : "期限間近";
    if (it->social_account)
        printf("%-10s %s  %s — %s%s%s%s  （担当: %s、記録: daicho social monitor %lld）\n", mark, it->date ? it->date : "", it->what,
               it->message, it->clause ? " [" : "", it->clause ? it->clause : "", it->clause ? "]" : "", it->who ? it->who : "-",
               it->social_account);
    else if (it->number)
        printf("%-10s %s  第%lld号 %s — %s%s%s%s  （管理者: %s）\n", mark, it->date ? it->date : "", it->number, it->what,
               it->message, it->clause ? " [" : "", it->clause ? it->clause : "", it->clause ? "]" : "", it->who ? it->who : "-");
    else
        printf("%-10s %s  %s%s%s%s  （宛先: %s、受領の記録: daicho due done %lld）\n", mark, it->date ? it->date : "", it->message,
               it->clause ? " [" : "", it->clause ? it->clause : "", it->clause ? "]" : "", it->who ? it->who : "-",
               it->notification);
}

int cmd_due(Cli *cli, int argc, char **argv)
{
    const char *within = NULL;
    int json = 0;
    const CliOpt opts[] = {{"--within", OPT_VALUE, &within}, {"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[2];
    int n, rc = cli_parse("due", argc, argv, opts, pos, 2, &n);
    if (rc)
        return rc;
    if (n == 2 && strcmp(pos[0], "done") == 0) {
        long long id = cli_number(pos[1], "notification id");
        App app;
        if (!id)
            return EXIT_USAGE;
        if ((rc = cli_app_open(cli, &app, 0, 1)))
            return rc;
        AppRc r = app_notification_done(&app, id);
        if (r == APP_OK)
            printf("通知 %lld の受領を記録しました\n", id);
        rc = cli_app_result(&app, r);
        app_close(&app);
        return rc;
    }
    if (n)
        return cli_usage_error("due: usage: daicho due [--within DAYS] [--json] | due done ID");
    long long days = 60;
    if (within) {
        char *end;
        days = strtoll(within, &end, 10);
        if (*end || days < 0 || days > 3660)
            return cli_usage_error("due: --within '%s' must be a number of days (0–3660)", within);
    }
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    Str j = STR_INIT;
    DueOut o = {json ? &j : NULL, 0};
    str_append(&j, "[");
    AppRc r = app_due(&app, (int)days, print_due, &o);
    if (r == APP_OK && json) {
        str_append(&j, "\n]\n");
        fputs(str_cstr(&j), stdout);
    } else if (r == APP_OK && o.n == 0) {
        printf("%lld 日以内に期限を迎えるものはありません\n", days);
    }
    str_free(&j);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

static int print_cert(void *ctx, const CertRow *c)
{
    (void)ctx;
    printf("%-10s %-14s %s（%s）  監査対象期間 %s〜%s  有効期限 %s%s%s\n", c->kind, c->number, c->service_name, c->provider,
           c->audit_from ? c->audit_from : "", c->audit_to ? c->audit_to : "", c->valid_until, *c->note ? "  " : "", c->note);
    return 0;
}

int cmd_cert(Cli *cli, int argc, char **argv)
{
    NewCert c = {0};
    const CliOpt opts[] = {{"--service", OPT_VALUE, &c.service},       {"--provider", OPT_VALUE, &c.provider},
                           {"--kind", OPT_VALUE, &c.kind},             {"--number", OPT_VALUE, &c.number},
                           {"--audit-from", OPT_VALUE, &c.audit_from}, {"--audit-to", OPT_VALUE, &c.audit_to},
                           {"--valid-until", OPT_VALUE, &c.valid_until}, {"--note", OPT_VALUE, &c.note},
                           {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("cert", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1 || (strcmp(pos[0], "add") != 0 && strcmp(pos[0], "list") != 0))
        return cli_usage_error("cert: usage: daicho cert add --service NAME [--provider P] --kind K [--number N] "
                               "[--audit-from D --audit-to D] [--valid-until D] | cert list");
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    AppRc r = APP_OK;
    if (strcmp(pos[0], "list") == 0) {
        if (store_certs_all(app.db, &app.arena, app.org.id, print_cert, NULL) != 0)
            r = app_dbfail(&app);
    } else {
        long long id;
        if ((r = app_cert_add(&app, &c, &id)) == APP_OK)
            printf("認証・報告書 %s を登録しました（%s）\n", c.kind, c.service);
    }
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}
