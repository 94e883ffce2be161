/* daicho ledger list|show|change — the ledger (台帳). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_gate.h"
#include "cli/cli_app.h"
#include "store/lifecycle.h"
#include "util/file.h"

static void entry_json(const EntryRow *e, Str *o)
{
    str_appendc(o, '{');
    app_entry_json_members(e, o);
}

static int list_entry(void *ctx, const EntryRow *e)
{
    Str *o = ctx;
    if (o) {
        str_append(o, o->len > 12 ? ",\n  " : "\n  ");
        entry_json(e, o);
        str_appendc(o, '}');
        return 0;
    }
    printf("第%-5lld %-8s %-3s %s%s%s（%s）  %s〜%s  点検期限 %s\n", e->number, entry_state_labels[e->state], e->confidentiality,
           e->service_name, *e->function ? "／" : "", e->function, e->provider, e->period_from ? e->period_from : "",
           e->period_to ? e->period_to : "", e->review_due ? e->review_due : "-");
    return 0;
}

static int ledger_list(App *app, int argc, char **argv)
{
    const char *q = NULL, *state = NULL, *cls = NULL, *dept = NULL, *due = NULL, *sort = NULL, *limit = NULL, *offset = NULL,
               *track = NULL;
    int desc = 0, json = 0;
    const CliOpt opts[] = {{"--q", OPT_VALUE, &q},         {"--state", OPT_VALUE, &state}, {"--class", OPT_VALUE, &cls},
                           {"--department", OPT_VALUE, &dept}, {"--due-before", OPT_VALUE, &due},
                           {"--sort", OPT_VALUE, &sort},   {"--desc", OPT_FLAG, &desc},    {"--limit", OPT_VALUE, &limit},
                           {"--offset", OPT_VALUE, &offset}, {"--json", OPT_FLAG, &json},  {"--track", OPT_VALUE, &track},
                           {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("ledger list", argc, argv, opts, pos, 0, &n);
    if (rc)
        return rc;
    LedgerQuery lq = {app->org.id, q, -1, cls, 0, NULL, SORT_NUMBER, desc, 50, 0, track};
    if (track && enum_index(track_values, track) < 0)
        return cli_usage_error("ledger list: --track '%s' (allowed: important, ordinary)", track);
    if (state && (lq.state = state_index(entry_state_names, state)) < 0)
        return cli_usage_error("ledger list: --state '%s' (allowed: active, ending, ended)", state);
    if (cls && profile_level_rank(app->profile, SCHEME_CONFIDENTIALITY, cls) < 0)
        return cli_usage_error("ledger list: --class '%s' is not a confidentiality class of %s", cls, app->profile->id);
    if (sort && (lq.sort = (LedgerSort)state_index(ledger_sort_names, sort)) == (LedgerSort)-1)
        return cli_usage_error("ledger list: --sort '%s' (allowed: number, review_due, period_to, service)", sort);
    int ymd;
    char due_text[11];
    if (due) {
        if (!date_parse(due, &ymd))
            return cli_usage_error("ledger list: --due-before '%s' is not a date (YYYY-MM-DD)", due);
        snprintf(due_text, sizeof due_text, "%s", due);
        lq.due_before = due_text;
    }
    if (dept && store_department_ensure(app->db, app->org.id, dept, &lq.department_id) != 0)
        return cli_app_result(app, app_dbfail(app));
    if (limit && !(lq.limit = (int)cli_number(limit, "--limit")))
        return EXIT_USAGE;
    if (offset && (lq.offset = atoi(offset)) < 0)
        return cli_usage_error("ledger list: --offset must be 0 or more");
    long long total = 0;
    Str o = STR_INIT;
    str_append(&o, "{\"entries\":[");
    if (store_ledger_search(app->db, &app->arena, &lq, list_entry, json ? &o : NULL, &total) != 0) {
        str_free(&o);
        return cli_app_result(app, app_dbfail(app));
    }
    if (json) {
        /* total_capped: the count stopped at LEDGER_TOTAL_CAP ("more than"). */
        str_appendf(&o, "\n],\"total\":%lld,\"total_capped\":%s,\"limit\":%d,\"offset\":%d}\n",
                    total > LEDGER_TOTAL_CAP ? (long long)LEDGER_TOTAL_CAP : total, total > LEDGER_TOTAL_CAP ? "true" : "false",
                    lq.limit, lq.offset);
        fputs(str_cstr(&o), stdout);
    } else {
        if (total > LEDGER_TOTAL_CAP)
            printf("（%d 件以上。%d 件目から。絞り込むには --q や --state などを加えてください）\n", LEDGER_TOTAL_CAP, lq.offset + 1);
        else
            printf("（%lld 件中 %d 件目から）\n", total, lq.offset + 1);
    }
    str_free(&o);
    return EXIT_OK;
}

typedef struct ShowCtx {
    Str *json;
} ShowCtx;

static void show_field(void *ctx, const LedgerField *lf, const char *value)
{
    ShowCtx *c = ctx;
    if (c->json) {
        str_append(c->json, c->json->buf[c->json->len - 1] == '[' ? "{\"id\":" : ",{\"id\":");
        str_append_json(c->json, lf->id);
        str_append(c->json, ",\"label\":");
        str_append_json(c->json, lf->label);
        str_append(c->json, ",\"clause\":");
        str_append_json(c->json, lf->clause ? lf->clause : "");
        str_append(c->json, ",\"value\":");
        str_append_json(c->json, value);
        str_appendc(c->json, '}');
        return;
    }
    printf("  %s\n      %s\n", lf->label, *value ? value : "（未記入）");
}

static int show_version(void *ctx, const VersionRow *v)
{
    Str *o = ctx;
    if (o) {
        str_appendf(o, "%s{\"version\":%d,\"state\":\"%s\",\"changed_by\":", o->buf[o->len - 1] == '[' ? "" : ",", v->version, v->state);
        str_append_json(o, v->changed_by);
        str_append(o, ",\"changed_at\":");
        str_append_json(o, v->changed_at);
        str_append(o, ",\"reason\":");
        str_append_json(o, v->reason);
        str_append(o, ",\"document\":");
        str_append(o, v->doc);
        str_appendc(o, '}');
        return 0;
    }
    printf("  版%d  %s  %s  %s  %s\n", v->version, v->changed_at, v->changed_by, v->state, v->reason);
    return 0;
}

static int ledger_show(App *app, long long number, int json)
{
    EntryRow e;
    AppRc r = app_entry_get(app, number, &e);
    if (r)
        return cli_app_result(app, r);
    Str o = STR_INIT;
    ShowCtx c = {json ? &o : NULL};
    if (json) {
        entry_json(&e, &o);
        str_append(&o, ",\"fields\":[");
    } else {
        const char *gate = app_gate_phase_label(app, &e); /* 構築中 / 運用中 (docs/gate.md) */
        printf("台帳 第%lld号  %s%s%s%s  [%s]  版%d\n", e.number, entry_state_labels[e.state], gate ? "（" : "", gate ? gate : "",
               gate ? "）" : "", app->profile->tracks[e.track].label, e.version);
    }
    if ((r = app_entry_fields(app, &e, show_field, &c)))
        return str_free(&o), cli_app_result(app, r);
    if (json)
        str_append(&o, "],\"versions\":[");
    else
        printf("  外部サービス管理者（利用者）: %s\n  次回点検期限: %s\n履歴:\n", e.administrator_login ? e.administrator_login : "-",
               e.review_due ? e.review_due : "-");
    if (store_entry_versions(app->db, &app->arena, e.id, show_version, json ? &o : NULL) != 0)
        return str_free(&o), cli_app_result(app, app_dbfail(app));
    if (json) {
        str_append(&o, "]}\n");
        fputs(str_cstr(&o), stdout);
    }
    str_free(&o);
    return EXIT_OK;
}

static int ledger_change(App *app, long long number, const CliList *sets, const char *reason)
{
    FieldChange ch[CLI_LIST_MAX];
    char *copies[CLI_LIST_MAX] = {0};
    int n = 0, rc = EXIT_OK;
    for (int i = 0; i < sets->n && rc == EXIT_OK; i++) {
        const char *eq = strchr(sets->v[i], '=');
        if (!eq) {
            rc = cli_usage_error("ledger change: --set '%s' must be FIELD=VALUE (e.g. usage_period.to=2027-03-31)", sets->v[i]);
            break;
        }
        copies[i] = strndup(sets->v[i], (size_t)(eq - sets->v[i]));
        ch[n++] = (FieldChange){copies[i], eq + 1};
    }
    if (rc == EXIT_OK) {
        AppRc r = app_entry_change(app, number, ch, n, reason);
        if (r == APP_OK)
            printf("台帳 第%lld号 を変更しました\n", number);
        rc = cli_app_result(app, r);
    }
    for (int i = 0; i < sets->n; i++)
        free(copies[i]);
    return rc;
}

static int ledger_export(App *app, int argc, char **argv)
{
    const char *format = "csv", *output = NULL;
    const CliOpt opts[] = {{"--format", OPT_VALUE, &format}, {"--output", OPT_VALUE, &output}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("ledger export", argc, argv, opts, pos, 0, &n);
    if (rc)
        return rc;
    ExportFormat f = !strcmp(format, "csv") ? EXPORT_CSV : !strcmp(format, "xlsx") ? EXPORT_XLSX : (ExportFormat)-1;
    if ((int)f < 0)
        return cli_usage_error("ledger export: --format '%s' (allowed: csv, xlsx)", format);
    long long rows;
    AppRc r = app_ledger_export(app, f, output, &rows);
    if (r == APP_OK && output && strcmp(output, "-") != 0)
        printf("台帳 %lld 件を %s に書き出しました\n", rows, output);
    return cli_app_result(app, r);
}

static int ledger_import(App *app, int argc, char **argv)
{
    const char *pos[1];
    int n, rc = cli_parse("ledger import", argc, argv, NULL, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("ledger import: usage: daicho ledger import FILE.csv");
    size_t len;
    const char *err;
    char *text = file_read(pos[0], &len, &err);
    if (!text)
        return cli_usage_error("%s: %s", pos[0], err);
    long long rows;
    AppRc r = app_ledger_import(app, pos[0], text, len, &rows);
    free(text);
    if (r == APP_OK)
        printf("台帳 %lld 件を取り込みました\n", rows);
    return cli_app_result(app, r);
}

int cmd_ledger(Cli *cli, int argc, char **argv)
{
    if (argc == 0)
        return cli_usage_error("ledger: usage: daicho ledger list|show N|change N --set FIELD=VALUE --reason R");
    const char *sub = argv[0];
    App app;
    int rc;
    int (*fn)(App *, int, char **) = !strcmp(sub, "list") || !strcmp(sub, "search") ? ledger_list
                                       : !strcmp(sub, "export")                      ? ledger_export
                                       : !strcmp(sub, "import")                      ? ledger_import
                                                                                     : NULL;
    if (fn) {
        if ((rc = cli_app_open(cli, &app, 0, 1)))
            return rc;
        rc = fn(&app, argc - 1, argv + 1);
        app_close(&app);
        return rc;
    }
    CliList sets = {0};
    const char *reason = NULL;
    int json = 0;
    const CliOpt opts[] = {{"--set", OPT_LIST, &sets}, {"--reason", OPT_VALUE, &reason}, {"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[2];
    int n;
    if ((rc = cli_parse("ledger", argc, argv, opts, pos, 2, &n)))
        return rc;
    if (n != 2 || (strcmp(sub, "show") != 0 && strcmp(sub, "change") != 0))
        return cli_usage_error("ledger: usage: daicho ledger list|show N|change N --set FIELD=VALUE --reason R");
    long long number = cli_number(pos[1], "ledger number");
    if (!number)
        return EXIT_USAGE;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    rc = strcmp(sub, "show") == 0 ? ledger_show(&app, number, json) : ledger_change(&app, number, &sets, reason);
    app_close(&app);
    return rc;
}
