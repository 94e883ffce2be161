/* daicho exempt add | list | remove — the organization's list of services
 * that need no application (tokyo-edu 5 and the notices that add to it). */
#include <stdio.h>
#include <string.h>

#include "app/app_exempt.h"
#include "cli/cli.h"
#include "cli/cli_app.h"
#include "util/str.h"

static const char USAGE[] =
    "exempt: usage: daicho exempt add NAME --domain D… --class C… --notice N [--note T]"
    " | exempt list [--all] [--json] | exempt remove ID --reason R";

typedef struct ListCtx {
    int json, first;
} ListCtx;

static int print_row(void *ctx, const ExemptRow *e)
{
    ListCtx *c = ctx;
    if (c->json) {
        Str s = STR_INIT;
        str_appendf(&s, "%s{\"id\":%lld,\"name\":", c->first ? "" : ",", e->id);
        str_append_json(&s, e->name);
        str_append(&s, ",\"classes\":");
        str_append_json(&s, e->classes);
        str_append(&s, ",\"notice\":");
        str_append_json(&s, e->notice);
        str_append(&s, ",\"clause\":");
        str_append_json(&s, e->clause);
        str_append(&s, ",\"note\":");
        str_append_json(&s, e->note);
        str_append(&s, ",\"domains\":[");
        for (int i = 0; i < e->n_domains; i++) {
            str_append(&s, i ? "," : "");
            str_append_json(&s, e->domains[i]);
        }
        str_append(&s, "],\"created_at\":");
        str_append_json(&s, e->created_at);
        str_append(&s, ",\"created_by\":");
        str_append_json(&s, e->created_by);
        str_append(&s, ",\"removed_at\":");
        if (e->removed_at)
            str_append_json(&s, e->removed_at);
        else
            str_append(&s, "null");
        str_append(&s, ",\"removed_reason\":");
        str_append_json(&s, e->removed_reason ? e->removed_reason : "");
        str_append(&s, "}");
        fputs(str_cstr(&s), stdout);
        str_free(&s);
    } else {
        printf("%lld  %s  機密性 %s  通知 %s  ドメイン", e->id, e->name, e->classes, e->notice);
        for (int i = 0; i < e->n_domains; i++)
            printf(" %s", e->domains[i]);
        if (e->removed_at)
            printf("  （%s に一覧から除外: %s）", e->removed_at, e->removed_reason ? e->removed_reason : "");
        printf("\n");
    }
    c->first = 0;
    return 0;
}

int cmd_exempt(Cli *cli, int argc, char **argv)
{
    NewExempt e = {0};
    CliList domains = {0}, classes = {0};
    const char *reason = NULL;
    int all = 0, json = 0;
    const CliOpt opts[] = {{"--domain", OPT_LIST, &domains}, {"--class", OPT_LIST, &classes},
                           {"--notice", OPT_VALUE, &e.notice}, {"--note", OPT_VALUE, &e.note},
                           {"--reason", OPT_VALUE, &reason},   {"--all", OPT_FLAG, &all},
                           {"--json", OPT_FLAG, &json},        {NULL, 0, NULL}};
    const char *pos[2];
    int n, rc = cli_parse("exempt", argc, argv, opts, pos, 2, &n);
    if (rc)
        return rc;
    int add = n == 2 && strcmp(pos[0], "add") == 0, list = n == 1 && strcmp(pos[0], "list") == 0,
        remove = n == 2 && strcmp(pos[0], "remove") == 0;
    if (!add && !list && !remove)
        return cli_usage_error("%s", USAGE);
    long long id = 0;
    if (remove && !(id = cli_number(pos[1], "exempt remove ID")))
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    AppRc r;
    if (list) {
        ListCtx c = {json, 1};
        if (json)
            printf("[");
        r = app_exempt_list(&app, all, print_row, &c);
        if (json)
            printf("]\n");
        else if (r == APP_OK && c.first)
            printf("データベースに登録された申請不要のサービスはありません（基準に定められたものは daicho profile show で確認できます）\n");
    } else if (add) {
        e.name = pos[1];
        e.domains = domains.v;
        e.n_domains = domains.n;
        e.classes = classes.v;
        e.n_classes = classes.n;
        if ((r = app_exempt_add(&app, &e, &id)) == APP_OK)
            printf("申請不要のサービス %lld「%s」を一覧に加えました\n", id, e.name);
    } else {
        if ((r = app_exempt_remove(&app, id, reason)) == APP_OK)
            printf("申請不要のサービス %lld を一覧から外しました\n", id);
    }
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}
