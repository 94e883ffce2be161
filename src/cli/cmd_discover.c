/* daicho discover — unapproved services in web proxy logs (issue #5 item 5;
 * docs/discover.md):
 *   discover FILE… [--format auto|squid|csv] [--json]   read logs ("-": stdin), one run each
 *   discover list [--status open|reviewed|drafted] [--json]
 *   discover show ID [--json]
 *   discover review ID --note N
 *   discover draft ID
 *   discover ignore add PATTERN [--note N] | ignore list [--json] | ignore remove PATTERN
 *   discover domains SERVICE [--add D]… [--remove D]… */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_discover.h"
#include "cli/cli.h"
#include "cli/cli_app.h"
#include "util/str.h"

static const char USAGE[] =
    "discover: usage: daicho discover FILE… [--format auto|squid|csv] [--json]"
    " | discover list [--status open|reviewed|drafted] [--json] | discover show ID [--json]"
    " | discover review ID --note N | discover draft ID"
    " | discover ignore add PATTERN [--note N] | discover ignore list [--json] | discover ignore remove PATTERN"
    " | discover domains SERVICE [--add D]… [--remove D]…";

static void print_summary(const char *file, const DiscoverSummary *s)
{
    printf("%s: %s形式 %lld 行（有効 %lld、空行 %lld、不正 %lld）\n", file, proxy_format_names[s->format], s->lines,
           s->records, s->blank, s->bad);
    if (s->bad) {
        printf("  不正な行:");
        for (int i = 0; i < s->n_bad_kept; i++)
            printf("%s %lld（%s）", i ? "," : "", s->bad_line[i], proxy_bad_labels[s->bad_why[i]]);
        if (s->bad > s->n_bad_kept)
            printf(" ほか %lld 行", s->bad - s->n_bad_kept);
        printf("\n");
    }
    printf("  通信: 未承認 %lld / 承認済み %lld / 申請不要 %lld / 除外 %lld\n", s->hits_unapproved, s->hits_approved,
           s->hits_exempt, s->hits_ignored);
    if (s->unrecorded)
        printf("  ホスト・利用者ごとに記録しなかった通信: %lld（上限を超えたため件数のみ）\n", s->unrecorded);
    printf("  検出: 新規 %d、更新 %d（記録 %lld）\n", s->findings_new, s->findings_updated, s->run_id);
}

/* One file as one run. Opens the file before starting, so that a missing
 * file is refused before anything is recorded. */
static int run_file(App *app, const char *path, ProxyFormat format, int json, int first)
{
    int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "discover: %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    DiscoverRun *run;
    AppRc rc = app_discover_begin(app, format, &run);
    if (rc) {
        if (fd)
            close(fd);
        return cli_app_result(app, rc);
    }
    int read_rc = app_discover_read_fd(run, fd);
    int err = errno;
    if (fd)
        close(fd);
    if (read_rc != 0) {
        fprintf(stderr, "discover: %s: %s（何も記録していません）\n", path, strerror(err));
        app_discover_free(run);
        return EXIT_USAGE;
    }
    DiscoverSummary s;
    rc = app_discover_end(app, run, path, &s);
    app_discover_free(run);
    if (rc)
        return cli_app_result(app, rc);
    if (json) {
        Str o = STR_INIT;
        if (!first)
            str_appendc(&o, ',');
        app_discover_summary_json(&s, path, &o);
        fputs(str_cstr(&o), stdout);
        str_free(&o);
    } else {
        print_summary(path, &s);
    }
    return EXIT_OK;
}

typedef struct ListCtx {
    int json, first;
} ListCtx;

static int print_finding(void *ctx, const FindingRow *f)
{
    ListCtx *c = ctx;
    if (c->json) {
        Str o = STR_INIT;
        if (!c->first)
            str_appendc(&o, ',');
        app_discover_finding_json(f, &o);
        fputs(str_cstr(&o), stdout);
        str_free(&o);
    } else {
        printf("%lld  %s  %s%s  通信 %lld  ホスト %lld  利用者 %lld  %s 〜 %s", f->id, app_discover_status_label(f->status),
               f->label, f->service_id ? "（登録済みサービス・台帳なし）" : "", f->hits, f->n_hosts, f->n_users,
               f->first_seen, f->last_seen);
        if (f->application_id)
            printf("  申請 %lld", f->application_id);
        printf("\n");
    }
    c->first = 0;
    return 0;
}

static int print_seen(void *ctx, const SeenRow *s)
{
    int users = *(int *)ctx;
    printf("    %s", s->name);
    if (users && s->display)
        printf("（%s%s%s）", s->display, s->department ? " " : "", s->department ? s->department : "");
    printf("  %lld  %s 〜 %s\n", s->hits, s->first_seen, s->last_seen);
    return 0;
}

typedef struct SeenJson {
    Str *o;
    int users, first;
} SeenJson;

static int seen_json(void *ctx, const SeenRow *s)
{
    SeenJson *j = ctx;
    if (!j->first)
        str_appendc(j->o, ',');
    app_discover_seen_json(s, j->users, j->o);
    j->first = 0;
    return 0;
}

static int show(App *app, long long id, int json)
{
    FindingRow f;
    AppRc rc = app_discover_get(app, id, &f);
    if (rc)
        return cli_app_result(app, rc);
    const char *text = NULL;
    const char *clause = app_discover_clause(app->profile, &text);
    if (json) {
        Str o = STR_INIT;
        str_append(&o, "{\"finding\":");
        app_discover_finding_json(&f, &o);
        SeenJson h = {&o, 0, 1}, u = {&o, 1, 1};
        str_append(&o, ",\"hosts\":[");
        rc = app_discover_seen(app, id, 0, seen_json, &h);
        str_append(&o, "],\"users\":[");
        if (rc == APP_OK)
            rc = app_discover_seen(app, id, 1, seen_json, &u);
        str_append(&o, "],\"clause\":");
        if (clause)
            str_append_json(&o, clause);
        else
            str_append(&o, "null");
        str_append(&o, "}\n");
        if (rc == APP_OK)
            fputs(str_cstr(&o), stdout);
        str_free(&o);
        return cli_app_result(app, rc);
    }
    printf("検出 %lld: %s（%s）\n", f.id, f.label, app_discover_status_label(f.status));
    if (clause)
        printf("  根拠: %s %s\n", clause, text ? text : "");
    printf("  %s\n", f.service_id ? "登録済みのサービスですが、利用中の台帳がありません"
                                   : "どのサービスにも登録されていないドメインです");
    printf("  通信 %lld 件（%d 回の読み込み）  %s 〜 %s\n", f.hits, f.runs, f.first_seen, f.last_seen);
    if (strcmp(f.status, "open") != 0)
        printf("  %s %s: %s\n", f.reviewed_at ? f.reviewed_at : "", f.reviewed_by ? f.reviewed_by : "", f.note);
    if (f.application_id)
        printf("  申請 %lld（下書き）\n", f.application_id);
    int users = 0;
    printf("  ホスト:\n");
    rc = app_discover_seen(app, id, 0, print_seen, &users);
    users = 1;
    printf("  利用者:\n");
    if (rc == APP_OK)
        rc = app_discover_seen(app, id, 1, print_seen, &users);
    return cli_app_result(app, rc);
}

static int print_ignore(void *ctx, const IgnoreRow *r)
{
    ListCtx *c = ctx;
    if (c->json) {
        Str o = STR_INIT;
        str_appendf(&o, "%s{\"pattern\":", c->first ? "" : ",");
        str_append_json(&o, r->pattern);
        str_append(&o, ",\"note\":");
        str_append_json(&o, r->note);
        str_append(&o, ",\"created_at\":");
        str_append_json(&o, r->created_at);
        str_append(&o, ",\"created_by\":");
        str_append_json(&o, r->created_by);
        str_appendc(&o, '}');
        fputs(str_cstr(&o), stdout);
        str_free(&o);
    } else {
        printf("%s%s%s\n", r->pattern, *r->note ? "  " : "", r->note);
    }
    c->first = 0;
    return 0;
}

static int print_domain(void *ctx, const char *domain)
{
    (void)ctx;
    printf("%s\n", domain);
    return 0;
}

int cmd_discover(Cli *cli, int argc, char **argv)
{
    const char *format_name = "auto", *status = NULL, *note = NULL;
    int json = 0;
    CliList add = {0}, remove = {0};
    const CliOpt opts[] = {{"--format", OPT_VALUE, &format_name}, {"--status", OPT_VALUE, &status},
                           {"--note", OPT_VALUE, &note},          {"--json", OPT_FLAG, &json},
                           {"--add", OPT_LIST, &add},             {"--remove", OPT_LIST, &remove},
                           {NULL, 0, NULL}};
    const char *pos[CLI_LIST_MAX];
    int n, rc = cli_parse("discover", argc, argv, opts, pos, CLI_LIST_MAX, &n);
    if (rc)
        return rc;
    if (n == 0)
        return cli_usage_error("%s", USAGE);
    int format = proxy_format_parse(format_name);
    if (format < 0)
        return cli_usage_error("discover: --format は auto / squid / csv のいずれかです（'%s'）", format_name);
    const char *sub = pos[0];
    int is_list = strcmp(sub, "list") == 0, is_show = strcmp(sub, "show") == 0, is_review = strcmp(sub, "review") == 0,
        is_draft = strcmp(sub, "draft") == 0, is_ignore = strcmp(sub, "ignore") == 0,
        is_domains = strcmp(sub, "domains") == 0;
    long long id = 0;
    if ((is_list && n != 1) || ((is_show || is_review || is_draft) && n != 2) || (is_domains && n != 2) ||
        (is_ignore && (n < 2 || (strcmp(pos[1], "list") == 0 ? n != 2 : n != 3))))
        return cli_usage_error("%s", USAGE);
    if ((is_show || is_review || is_draft) && !(id = cli_number(pos[1], "discover ID")))
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    AppRc r = APP_OK;
    if (is_list) {
        ListCtx c = {json, 1};
        if (json)
            printf("[");
        r = app_discover_list(&app, status, print_finding, &c);
        if (json)
            printf("]\n");
        else if (r == APP_OK && c.first)
            printf("該当する検出はありません\n");
        rc = cli_app_result(&app, r);
    } else if (is_show) {
        rc = show(&app, id, json);
    } else if (is_review) {
        if ((r = app_discover_review(&app, id, note)) == APP_OK)
            printf("検出 %lld を確認済みにしました\n", id);
        rc = cli_app_result(&app, r);
    } else if (is_draft) {
        long long app_id = 0;
        if ((r = app_discover_draft(&app, id, &app_id)) == APP_OK)
            printf("検出 %lld から申請 %lld の下書きを作成しました（daicho apply show %lld）\n", id, app_id, app_id);
        rc = cli_app_result(&app, r);
    } else if (is_ignore) {
        const char *op = pos[1];
        if (strcmp(op, "list") == 0) {
            ListCtx c = {json, 1};
            if (json)
                printf("[");
            r = app_discover_ignore_list(&app, print_ignore, &c);
            if (json)
                printf("]\n");
            else if (r == APP_OK && c.first)
                printf("除外リストは空です\n");
        } else if (strcmp(op, "add") == 0) {
            if ((r = app_discover_ignore_add(&app, pos[2], note)) == APP_OK)
                printf("%s を除外リストに加えました\n", pos[2]);
        } else if (strcmp(op, "remove") == 0) {
            if ((r = app_discover_ignore_remove(&app, pos[2])) == APP_OK)
                printf("%s を除外リストから外しました\n", pos[2]);
        } else {
            app_close(&app);
            return cli_usage_error("%s", USAGE);
        }
        rc = cli_app_result(&app, r);
    } else if (is_domains) {
        r = app_discover_domains(&app, pos[1], add.v, add.n, remove.v, remove.n, print_domain, NULL);
        rc = cli_app_result(&app, r);
    } else {
        /* Files: each one run; stop at the first failure. */
        if (json)
            printf("[");
        for (int i = 0; i < n && rc == EXIT_OK; i++)
            rc = run_file(&app, pos[i], (ProxyFormat)format, json, i == 0);
        if (json)
            printf("]\n");
        if (rc == EXIT_OK && !json)
            printf("検出の一覧: daicho discover list --status open\n");
    }
    app_close(&app);
    return rc;
}
