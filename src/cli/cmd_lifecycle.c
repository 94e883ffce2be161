/* daicho checklist | review | end — the lifecycle of a ledger entry. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_app.h"
#include "store/lifecycle.h"

typedef struct ChecklistView {
    const Profile *p;
    int track;
    int phase;               /* -1: build, operation and retirement */
    const ChecklistRow *rows;
    int n;
} ChecklistView;

static int collect(void *ctx, const ChecklistRow *row)
{
    ChecklistRow *rows = ((ChecklistRow **)ctx)[0];
    int *n = ((int **)ctx)[1];
    rows[(*n)++] = *row;
    return *n == 2048;
}

static int checklist_list(App *app, long long number, int phase)
{
    EntryRow e;
    AppRc r = app_entry_get(app, number, &e);
    if (r)
        return cli_app_result(app, r);
    ChecklistRow *rows = arena_alloc(&app->arena, sizeof *rows * 2048);
    int n = 0;
    void *ctx[2] = {rows, &n};
    if (!rows || store_checklist_latest(app->db, &app->arena, e.id, collect, ctx) != 0)
        return cli_app_result(app, app_dbfail(app));
    const Profile *p = app->profile;
    printf("台帳 第%lld号「%s」のチェックリスト\n", e.number, e.service_name);
    for (int ph = PHASE_BUILD; ph <= PHASE_RETIREMENT; ph++) {
        if (phase >= 0 && ph != phase)
            continue;
        printf("\n■ %s\n", phase_labels[ph]);
        for (int i = 0; i < p->n_items; i++) {
            const Item *it = &p->items[i];
            if ((int)it->phase != ph || !(it->track_mask & (1u << e.track)))
                continue;
            const ChecklistRow *rec = NULL;
            for (int k = 0; k < n; k++)
                if (strcmp(rows[k].item_id, it->id) == 0)
                    rec = &rows[k];
            const char *mark = !rec ? "未記録" : !strcmp(rec->status, "done") ? "実施済" : !strcmp(rec->status, "not_applicable") ? "該当なし" : "未実施";
            printf("  [%s] %-8s %s%s\n      %s\n", it->clause, mark, it->id, it->should ? "（努力）" : "", it->text);
            if (rec && *rec->evidence)
                printf("      根拠: %s（%s %s）\n", rec->evidence, rec->actor, rec->at);
        }
    }
    return EXIT_OK;
}

int cmd_checklist(Cli *cli, int argc, char **argv)
{
    const char *phase = NULL, *item = NULL, *status = NULL, *evidence = NULL;
    const CliOpt opts[] = {{"--phase", OPT_VALUE, &phase}, {"--item", OPT_VALUE, &item}, {"--status", OPT_VALUE, &status},
                           {"--evidence", OPT_VALUE, &evidence}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("checklist", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("checklist: usage: daicho checklist N [--phase P] | N --item ID --status S [--evidence E]");
    long long number = cli_number(pos[0], "ledger number");
    if (!number)
        return EXIT_USAGE;
    int ph = -1;
    if (phase && ((ph = state_index(phase_names, phase)) < PHASE_BUILD))
        return cli_usage_error("checklist: --phase '%s' (allowed: build, operation, retirement)", phase);
    if (item && !status)
        return cli_usage_error("checklist: --item needs --status done|not_applicable|not_done");
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    if (item) {
        AppRc r = app_checklist_record(&app, number, item, status, evidence);
        if (r == APP_OK)
            printf("台帳 第%lld号: %s を %s として記録しました\n", number, item, status);
        rc = cli_app_result(&app, r);
    } else {
        rc = checklist_list(&app, number, ph);
    }
    app_close(&app);
    return rc;
}

int cmd_review(Cli *cli, int argc, char **argv)
{
    const char *result = NULL, *note = NULL;
    const CliOpt opts[] = {{"--result", OPT_VALUE, &result}, {"--note", OPT_VALUE, &note}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("review", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("review: usage: daicho review N --result ok|issues [--note TEXT]");
    long long number = cli_number(pos[0], "ledger number");
    if (!number)
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    AppRc r = app_review(&app, number, result, note);
    if (r == APP_OK) {
        EntryRow e;
        if (app_entry_get(&app, number, &e) == APP_OK)
            printf("台帳 第%lld号 の定期点検を記録しました。次回点検期限: %s\n", number, e.review_due);
    }
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

int cmd_end(Cli *cli, int argc, char **argv)
{
    const char *reason = NULL, *date = NULL;
    int complete = 0;
    const CliOpt opts[] = {{"--reason", OPT_VALUE, &reason}, {"--date", OPT_VALUE, &date}, {"--complete", OPT_FLAG, &complete},
                           {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("end", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("end: usage: daicho end N --reason R [--date DATE] | N --complete");
    long long number = cli_number(pos[0], "ledger number");
    if (!number)
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    AppRc r = complete ? app_end_complete(&app, number) : app_end_report(&app, number, date, reason);
    if (r == APP_OK)
        printf(complete ? "台帳 第%lld号 の利用を終了しました\n" : "台帳 第%lld号 の利用終了を報告しました（廃棄時の確認後: daicho end N --complete）\n", number);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}
