/* daicho social account|list|due|check|monitor: register an account and
 * change its status, list the register and the accounts whose monitoring
 * is due (10カ), record a check of 10 イ–ケ and a monitoring. The writes are
 * the use cases of app/app_social.h; this only parses and prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_social_internal.h"
#include "util/file.h"

/* ---- account add / status ---- */

int cmd_social_account(Cli *cli, int argc, char **argv)
{
    const char *reason = NULL;
    const CliOpt opts[] = {{"--reason", OPT_VALUE, &reason}, {NULL, 0, NULL}};
    const char *pos[4];
    int n, rc = cli_parse("social account", argc, argv, opts, pos, 4, &n);
    if (rc)
        return rc;
    App app;
    if (n == 2 && strcmp(pos[0], "add") == 0) {
        size_t len;
        const char *err;
        char *text = file_read(pos[1], &len, &err);
        if (!text)
            return cli_usage_error("social account add: %s: %s", pos[1], err);
        if ((rc = cmd_social_open(cli, &app))) {
            free(text);
            return rc;
        }
        NewSocialAccount a;
        long long id = 0;
        Arena arena; /* the document's strings: app.arena is reset by the use case */
        arena_init(&arena, NULL, 0);
        AppRc r = app_social_account_parse(&app, &arena, pos[1], text, len, &a);
        if (r == APP_OK)
            r = app_social_account_add(&app, &a, &id);
        if (r == APP_OK)
            printf("SNSアカウント %lld を登録しました（%s %s）\n", id, a.service, a.account_name);
        rc = cli_app_result(&app, r);
        arena_free(&arena);
        free(text);
        app_close(&app);
        return rc;
    }
    if (n == 3 && strcmp(pos[0], "status") == 0) {
        long long id = cli_number(pos[1], "account id");
        if (!id)
            return EXIT_USAGE;
        if ((rc = cmd_social_open(cli, &app)))
            return rc;
        AppRc r = app_social_account_status(&app, id, pos[2], reason);
        if (r == APP_OK)
            printf("SNSアカウント %lld の状態を %s にしました\n", id, pos[2]);
        rc = cli_app_result(&app, r);
        app_close(&app);
        return rc;
    }
    return cmd_social_usage();
}

/* ---- list / due ---- */

typedef struct ListCtx {
    int json, n;
    Str out;
} ListCtx;

static int on_account(void *ctx, const SocialAccountRow *a)
{
    ListCtx *l = ctx;
    if (l->json) {
        str_append(&l->out, l->n++ ? "," : "");
        cmd_social_account_json(a, &l->out);
        return 0;
    }
    const char *st;
    cmd_social_label(social_status_names, social_status_labels, a->status, &st);
    printf("%4lld  %-10s %-24s %-6s 次回監視 %s\n", a->id, a->service, a->account_name, st, a->monitor_due);
    l->n++;
    return 0;
}

int cmd_social_list(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    int n, rc = cli_parse("social list", argc, argv, opts, NULL, 0, &n);
    if (rc)
        return rc;
    App app;
    if ((rc = cmd_social_open(cli, &app)))
        return rc;
    ListCtx l = {json, 0, STR_INIT};
    AppRc r = app_social_policy(&app) ? APP_OK : APP_INVALID;
    if (r == APP_OK && store_social_accounts(app.db, &app.arena, app.org.id, on_account, &l) != 0)
        r = app_dbfail(&app);
    if (r == APP_OK && json)
        printf("[%s]\n", str_cstr(&l.out));
    else if (r == APP_OK && !l.n)
        printf("登録されたSNSアカウントはありません\n");
    str_free(&l.out);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

static void on_due(void *ctx, const SocialDue *d)
{
    ListCtx *l = ctx;
    if (l->json) {
        str_append(&l->out, l->n++ ? "," : "");
        str_appendf(&l->out, "{\"account\":%lld", d->account->id);
        str_append_json_member(&l->out, "service", d->account->service);
        str_append_json_member(&l->out, "account_name", d->account->account_name);
        str_append_json_member(&l->out, "due", d->account->monitor_due);
        str_appendf(&l->out, ",\"overdue\":%s,\"days\":%d}", d->overdue ? "true" : "false", d->days);
        return;
    }
    l->n++;
    printf("%s %s  %4lld %s %s（監視 [10カ]）\n", d->overdue ? "期限切れ" : "期限    ", d->account->monitor_due, d->account->id,
           d->account->service, d->account->account_name);
}

int cmd_social_due(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const char *within = NULL;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {"--within", OPT_VALUE, &within}, {NULL, 0, NULL}};
    int n, rc = cli_parse("social due", argc, argv, opts, NULL, 0, &n);
    if (rc)
        return rc;
    int days = 0;
    if (within) {
        char *end;
        long v = strtol(within, &end, 10);
        if (!*within || *end || v < 0 || v > 366)
            return cli_usage_error("social due: --within '%s' must be a number of days from 0 to 366", within);
        days = (int)v;
    }
    App app;
    if ((rc = cmd_social_open(cli, &app)))
        return rc;
    ListCtx l = {json, 0, STR_INIT};
    AppRc r = app_social_due(&app, days, on_due, &l);
    if (r == APP_OK && json)
        printf("[%s]\n", str_cstr(&l.out));
    else if (r == APP_OK && !l.n)
        printf("監視の期限が来ているアカウントはありません\n");
    str_free(&l.out);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

/* ---- check / monitor ---- */

int cmd_social_check(Cli *cli, int argc, char **argv)
{
    const char *item = NULL, *status = NULL, *evidence = NULL;
    const CliOpt opts[] = {{"--item", OPT_VALUE, &item}, {"--status", OPT_VALUE, &status},
                           {"--evidence", OPT_VALUE, &evidence}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("social check", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1 || !item || !status)
        return cli_usage_error("social check: usage: daicho social check ID --item I --status S [--evidence E]");
    long long id = cli_number(pos[0], "account id");
    if (!id)
        return EXIT_USAGE;
    App app;
    if ((rc = cmd_social_open(cli, &app)))
        return rc;
    AppRc r = app_social_check(&app, id, item, status, evidence);
    if (r == APP_OK)
        printf("SNSアカウント %lld: %s を %s として記録しました\n", id, item, status);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

int cmd_social_monitor(Cli *cli, int argc, char **argv)
{
    const char *result = NULL, *note = NULL;
    const CliOpt opts[] = {{"--result", OPT_VALUE, &result}, {"--note", OPT_VALUE, &note}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("social monitor", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("social monitor: usage: daicho social monitor ID --result ok|issues [--note N]");
    long long id = cli_number(pos[0], "account id");
    if (!id)
        return EXIT_USAGE;
    App app;
    if ((rc = cmd_social_open(cli, &app)))
        return rc;
    AppRc r = app_social_monitor(&app, id, result, note);
    SocialAccountRow a;
    if (r == APP_OK && app_social_account_get(&app, id, &a) == APP_OK)
        printf("SNSアカウント %lld の監視を記録しました。次回: %s\n", id, a.monitor_due);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}
