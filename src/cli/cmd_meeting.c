/* daicho meeting plan | list | show — the web-meeting planner (kitakyushu 6;
 * docs/meetings.md). `plan` prints the measures the host must take and the
 * conflicts of the plan; exit 0 when nothing blocks, 1 on a block conflict,
 * 2 on bad usage or input (like `evaluate`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_meeting.h"
#include "cli/cli_app.h"
#include "util/file.h"

static const char USAGE[] = "usage: daicho meeting plan FILE|- [--json] [--profile ID] [--save --title T --date YYYY-MM-DD]"
                            " | list [--all] [--json] | show ID [--json]";

/* The result as Japanese text: a checklist the host can follow. */
static void view_text(const MeetingView *v, Str *o)
{
    str_appendf(o, "ウェブ会議の開催計画（基準: %s %s、項目 %s）\n", v->profile, v->profile_version ? v->profile_version : "",
                v->clause ? v->clause : "");
    str_appendf(o, "  取り扱う情報: %s → %s\n", v->confidentiality_label ? v->confidentiality_label : "",
                v->track_label ? v->track_label : v->track);
    str_appendf(o, "  判定: %s (%s)\n", meeting_verdict_label(v->verdict), v->verdict);
    str_appendf(o, "講ずる対策（%d 件）:\n", v->n_measures);
    for (int i = 0; i < v->n_measures; i++) {
        const MeetingViewMeasure *m = &v->measures[i];
        str_appendf(o, "  [ ] [%s] %s %s\n", m->clause, !strcmp(m->level, "should") ? "（望ましい）" : "（必須）", m->text);
    }
    if (v->n_conflicts == 0)
        str_append(o, "抵触: なし\n");
    else
        str_appendf(o, "抵触（%d 件）:\n", v->n_conflicts);
    for (int i = 0; i < v->n_conflicts; i++) {
        const MeetingViewConflict *c = &v->conflicts[i];
        str_appendf(o, "  %s [%s] %s (%s)\n", meeting_severity_label(c->severity), c->clause, c->message, c->id);
        if (c->undetermined)
            str_appendf(o, "      判断に必要な情報がありません: %s\n", c->missing);
    }
    if (*v->missing)
        str_appendf(o, "不足している情報: %s\n", v->missing);
}

/* Print a result JSON as text or as it is; `id` (saved plans) leads the JSON. */
static int print_result(const char *json, long long id, int as_json)
{
    if (as_json) {
        if (id)
            printf("{\"id\":%lld,%s", id, json + 1);
        else
            fputs(json, stdout);
        return EXIT_OK;
    }
    Arena a;
    arena_init(&a, NULL, 0);
    Errors errs = {0};
    MeetingView v;
    int rc = EXIT_OK;
    if (meeting_view_read(json, &a, &v, &errs) != 0) {
        cli_print_errors(&errs);
        rc = EXIT_USAGE;
    } else {
        Str o = STR_INIT;
        view_text(&v, &o);
        fputs(str_failed(&o) ? "out of memory\n" : str_cstr(&o), stdout);
        str_free(&o);
    }
    errors_free(&errs);
    arena_free(&a);
    return rc;
}

/* Evaluate against a named profile, without a database. */
static int plan_offline(Cli *cli, const char *profile_id, const char *name, const char *text, size_t len, int json)
{
    const Profile *p = cli_profile(cli, profile_id);
    if (!p)
        return EXIT_USAGE;
    if (!p->meeting)
        return cli_usage_error("meeting plan: profile %s has no meeting_planner section (no web-meeting procedure)", p->id);
    Errors errs = {0};
    AppDoc doc;
    MeetingResult res;
    int rc = EXIT_USAGE;
    if (!meeting_plan_run(p, name, text, len, &doc, &res, &errs)) {
        cli_print_errors(&errs);
    } else {
        Str o = STR_INIT;
        meeting_result_json(&doc, &res, json, &o);
        if (str_failed(&o))
            cli_usage_error("out of memory");
        else if ((rc = print_result(str_cstr(&o), 0, json)) == EXIT_OK)
            rc = res.verdict == VERDICT_BLOCKED ? EXIT_BLOCKED : EXIT_OK;
        str_free(&o);
    }
    meeting_result_free(&res);
    appdoc_free(&doc);
    errors_free(&errs);
    return rc;
}

static int plan(Cli *cli, const char *path, const char *profile_id, int json, int save, const char *title, const char *date)
{
    if (!save && (title || date))
        return cli_usage_error("meeting plan: --title and --date go with --save");
    if (save && profile_id)
        return cli_usage_error("meeting plan: --save keeps the plan for your organization; leave out --profile");
    size_t len;
    const char *err;
    char *text = file_read(path, &len, &err);
    if (!text)
        return cli_usage_error("%s: %s", path, err);
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    if (profile_id) {
        int rc = plan_offline(cli, profile_id, name, text, len, json);
        free(text);
        return rc;
    }
    App app;
    int rc = cli_app_open(cli, &app, 0, 1);
    if (rc) {
        free(text);
        return rc;
    }
    if (save) {
        long long id = 0;
        Verdict verdict = VERDICT_READY;
        MeetingRow row;
        AppRc r = app_meeting_save(&app, title, date, name, text, len, &id, &verdict);
        if (r == APP_OK)
            r = app_meeting_get(&app, id, &row);
        if (r == APP_OK && (rc = print_result(row.result, id, json)) == EXIT_OK) {
            if (!json)
                printf("会議計画 %lld として保存しました（%s %s）\n", id, row.date, row.title);
            rc = verdict == VERDICT_BLOCKED ? EXIT_BLOCKED : EXIT_OK;
        } else if (r != APP_OK) {
            rc = cli_app_result(&app, r);
        }
    } else {
        AppDoc doc;
        MeetingResult res;
        AppRc r = app_meeting_plan(&app, name, text, len, &doc, &res);
        if (r == APP_OK) {
            Str o = STR_INIT;
            meeting_result_json(&doc, &res, json, &o);
            if (str_failed(&o))
                rc = cli_usage_error("out of memory");
            else if ((rc = print_result(str_cstr(&o), 0, json)) == EXIT_OK)
                rc = res.verdict == VERDICT_BLOCKED ? EXIT_BLOCKED : EXIT_OK;
            str_free(&o);
        } else {
            rc = cli_app_result(&app, r);
        }
        meeting_result_free(&res);
        appdoc_free(&doc);
    }
    free(text);
    app_close(&app);
    return rc;
}

static int list_row(void *ctx, const MeetingRow *m)
{
    Str *o = ctx;
    if (o) {
        str_append(o, o->len > 1 ? ",\n  " : "\n  ");
        str_appendc(o, '{');
        meeting_row_json(m, o);
        str_appendc(o, '}');
    } else {
        printf("%6lld  %s  %-12s %-9s %s（主催: %s）\n", m->id, m->date, m->verdict, m->track, m->title, m->host_name);
    }
    return 0;
}

int cmd_meeting(Cli *cli, int argc, char **argv)
{
    const char *profile_id = NULL, *title = NULL, *date = NULL;
    int json = 0, save = 0, all = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json},        {"--save", OPT_FLAG, &save}, {"--all", OPT_FLAG, &all},
                           {"--profile", OPT_VALUE, &profile_id}, {"--title", OPT_VALUE, &title},
                           {"--date", OPT_VALUE, &date},       {NULL, 0, NULL}};
    const char *pos[2];
    int n, rc = cli_parse("meeting", argc, argv, opts, pos, 2, &n);
    if (rc)
        return rc;
    const char *sub = n > 0 ? pos[0] : "";
    if (strcmp(sub, "plan") == 0 && n == 2)
        return plan(cli, pos[1], profile_id, json, save, title, date);
    int is_list = strcmp(sub, "list") == 0 && n == 1, is_show = strcmp(sub, "show") == 0 && n == 2;
    if (!is_list && !is_show)
        return cli_usage_error("meeting: %s", USAGE);
    if (save || profile_id || title || date)
        return cli_usage_error("meeting %s: --save, --profile, --title and --date go with 'plan'", sub);
    long long id = 0;
    if (is_show && !(id = cli_number(pos[1], "meeting plan id")))
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    if (is_show) {
        MeetingRow m;
        AppRc r = app_meeting_get(&app, id, &m);
        if (r != APP_OK) {
            rc = cli_app_result(&app, r);
        } else if (json) {
            Str o = STR_INIT;
            str_appendc(&o, '{');
            meeting_row_json(&m, &o);
            str_appendf(&o, ",\"document\":%s,\"result\":%s}\n", m.doc, m.result);
            fputs(str_cstr(&o), stdout);
            str_free(&o);
        } else {
            printf("会議計画 %lld  %s  %s（主催: %s %s、保存: %s）\n", m.id, m.date, m.title, m.host_name, m.host_login, m.created_at);
            rc = print_result(m.result, 0, 0);
        }
    } else {
        Str o = STR_INIT;
        str_append(&o, "[");
        AppRc r = app_meeting_list(&app, all, list_row, json ? &o : NULL);
        if (r != APP_OK) {
            rc = cli_app_result(&app, r);
        } else if (json) {
            str_append(&o, o.len > 1 ? "\n]\n" : "]\n");
            fputs(str_cstr(&o), stdout);
        }
        str_free(&o);
    }
    app_close(&app);
    return rc;
}
