/* daicho apply | submit | withdraw | decide — applications and their procedure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_app.h"
#include "util/file.h"

static void app_json(const AppRow *r, Str *o)
{
    str_appendf(o, "{\"id\":%lld,\"state\":\"%s\",\"track\":\"%s\",\"verdict\":", r->id, app_state_names[r->state],
                track_values[r->track]);
    str_append_json(o, r->verdict);
    str_append(o, ",\"service\":");
    str_append_json(o, r->service_name);
    str_append(o, ",\"function\":");
    str_append_json(o, r->function);
    str_append(o, ",\"provider\":");
    str_append_json(o, r->provider);
    str_append(o, ",\"confidentiality\":");
    str_append_json(o, r->confidentiality);
    str_append(o, ",\"applicant\":");
    str_append_json(o, r->applicant_login);
    str_append(o, ",\"department\":");
    str_append_json(o, r->department);
    const char *times[][2] = {{"created_at", r->created_at}, {"submitted_at", r->submitted_at}, {"decided_at", r->decided_at},
                              {"decided_by", r->decided_by_name}, {"reason", r->reason}};
    for (int i = 0; i < 5; i++) {
        str_appendf(o, ",\"%s\":", times[i][0]);
        if (times[i][1] && *times[i][1])
            str_append_json(o, times[i][1]);
        else
            str_append(o, "null");
    }
    if (r->entry_id)
        str_appendf(o, ",\"ledger_entry_id\":%lld", r->entry_id);
}

static int list_app(void *ctx, const AppRow *r)
{
    Str *o = ctx;
    if (o) {
        str_append(o, o->len > 1 ? ",\n  " : "\n  ");
        app_json(r, o);
        str_appendc(o, '}');
        return 0;
    }
    /* The usage record of tokyo-edu 3.1.6 / 3.2.3: service, department, application and approval date-times. */
    printf("%6lld  %-8s %-10s %-12s %s%s%s  %s %s  申請 %s  決定 %s\n", r->id, app_state_labels[r->state],
           track_values[r->track], r->verdict, r->service_name, *r->function ? "／" : "", r->function, r->department,
           r->applicant_name, r->submitted_at ? r->submitted_at : "-", r->decided_at ? r->decided_at : "-");
    return 0;
}

static int print_step(void *ctx, const StepRow *s)
{
    (void)ctx;
    printf("  %s  %-9s %s → %s  %s%s%s\n", s->at, s->action, s->from_state, s->to_state, s->actor, *s->reason ? "  理由: " : "",
           s->reason);
    return 0;
}

static int apply_show(App *app, long long id, int json)
{
    AppRow r;
    AppRc rc = app_apply_get(app, id, &r);
    if (rc)
        return cli_app_result(app, rc);
    if (json) {
        Str o = STR_INIT;
        app_json(&r, &o);
        str_append(&o, ",\"document\":");
        str_append(&o, r.doc);         /* stored canonical JSON */
        str_append(&o, ",\"evaluation\":");
        str_append(&o, r.evaluation);  /* stored decision JSON */
        str_append(&o, "}\n");
        fputs(str_cstr(&o), stdout);
        str_free(&o);
        return EXIT_OK;
    }
    printf("申請 %lld  %s  [%s]\n", r.id, app_state_labels[r.state], app->profile->tracks[r.track].label);
    printf("  サービス: %s%s%s（%s）\n  申請者: %s（%s）\n  判定: %s\n", r.service_name, *r.function ? "／" : "", r.function,
           r.provider, r.applicant_name, r.department, r.verdict);
    if (r.decided_by_name)
        printf("  決定: %s %s%s%s\n", r.decided_by_name, r.decided_at ? r.decided_at : "", *r.reason ? "  理由: " : "", r.reason);
    if (r.entry_id) {
        EntryRow e;
        if (store_entry_get(app->db, &app->arena, app->org.id, r.entry_id, &e) == 1)
            printf("  台帳: 第%lld号\n", e.number);
    }
    printf("  経過:\n");
    store_app_steps(app->db, &app->arena, r.id, print_step, NULL);
    return EXIT_OK;
}

int cmd_apply(Cli *cli, int argc, char **argv)
{
    const char *state = NULL;
    int mine = 0, json = 0;
    const CliOpt opts[] = {{"--state", OPT_VALUE, &state}, {"--mine", OPT_FLAG, &mine}, {"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[3];
    int n, rc = cli_parse("apply", argc, argv, opts, pos, 3, &n);
    if (rc)
        return rc;
    if (n == 0)
        return cli_usage_error("apply: usage: daicho apply FILE | update ID FILE | show ID | list");
    const char *sub = pos[0];
    int is_list = strcmp(sub, "list") == 0 && n == 1, is_show = strcmp(sub, "show") == 0 && n == 2,
        is_update = strcmp(sub, "update") == 0 && n == 3, is_create = n == 1 && !is_list;
    if (!is_list && !is_show && !is_update && !is_create)
        return cli_usage_error("apply: usage: daicho apply FILE | update ID FILE | show ID | list");
    long long id = 0;
    if ((is_show || is_update) && !(id = cli_number(pos[1], "application id")))
        return EXIT_USAGE;
    int st = -1;
    if (state && (st = state_index(app_state_names, state)) < 0)
        return cli_usage_error("apply list: --state '%s' (allowed: draft, submitted, returned, approved, rejected, withdrawn)", state);
    char *text = NULL;
    size_t len = 0;
    const char *path = is_create ? pos[0] : is_update ? pos[2] : NULL;
    if (path) {
        const char *err;
        if (!(text = file_read(path, &len, &err)))
            return cli_usage_error("%s: %s", path, err);
    }
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1))) {
        free(text);
        return rc;
    }
    if (is_show) {
        rc = apply_show(&app, id, json);
    } else if (is_list) {
        AppFilter f = {app.org.id, st, mine ? app.user.id : 0, NULL, 1000, 0};
        Str o = STR_INIT;
        str_append(&o, "[");
        if (store_app_each(app.db, &app.arena, &f, list_app, json ? &o : NULL) != 0)
            rc = cli_app_result(&app, app_dbfail(&app));
        else if (json) {
            str_append(&o, "\n]\n");
            fputs(str_cstr(&o), stdout);
        }
        str_free(&o);
    } else if (is_create) {
        AppRc r = app_apply_create(&app, strcmp(path, "-") == 0 ? "<stdin>" : path, text, len, &id);
        if (r == APP_OK)
            json ? printf("{\"id\":%lld,\"state\":\"draft\"}\n", id) : printf("申請 %lld を下書きとして作成しました（提出: daicho submit %lld）\n", id, id);
        rc = cli_app_result(&app, r);
    } else {
        AppRc r = app_apply_update(&app, id, path, text, len);
        if (r == APP_OK)
            printf("申請 %lld を修正しました\n", id);
        rc = cli_app_result(&app, r);
    }
    free(text);
    app_close(&app);
    return rc;
}

/* One step of the procedure with its options. */
static int act(Cli *cli, long long id, AppAction action, const DecideOptions *opt, int json)
{
    App app;
    int rc = cli_app_open(cli, &app, 0, 1);
    if (rc)
        return rc;
    long long entry = 0;
    AppRc r = app_apply_act(&app, id, action, opt, &entry);
    if (r == APP_OK) {
        EntryRow e = {0};
        if (entry)
            store_entry_get(app.db, &app.arena, app.org.id, entry, &e);
        if (json)
            printf("{\"id\":%lld,\"action\":\"%s\",\"ledger_number\":%lld}\n", id, app_action_names[action], e.number);
        else if (entry)
            printf("申請 %lld を承認しました。台帳 第%lld号 に登録しました（外部サービス管理者: %s、次回点検: %s）\n", id, e.number,
                   e.administrator_login ? e.administrator_login : "", e.review_due ? e.review_due : "");
        else
            printf("申請 %lld: %sしました\n", id, app_action_labels[action]);
    }
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

static int simple_step(Cli *cli, const char *cmd, AppAction action, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse(cmd, argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("%s: usage: daicho %s ID", cmd, cmd);
    long long id = cli_number(pos[0], "application id");
    return id ? act(cli, id, action, NULL, json) : EXIT_USAGE;
}

int cmd_submit(Cli *cli, int argc, char **argv) { return simple_step(cli, "submit", ACT_SUBMIT, argc, argv); }
int cmd_withdraw(Cli *cli, int argc, char **argv) { return simple_step(cli, "withdraw", ACT_WITHDRAW, argc, argv); }

int cmd_decide(Cli *cli, int argc, char **argv)
{
    DecideOptions opt = {0};
    int json = 0;
    const CliOpt opts[] = {{"--reason", OPT_VALUE, &opt.reason},
                           {"--administrator", OPT_VALUE, &opt.administrator},
                           {"--accept-risks", OPT_FLAG, &opt.accept_risks},
                           {"--json", OPT_FLAG, &json},
                           {NULL, 0, NULL}};
    const char *pos[2];
    int n, rc = cli_parse("decide", argc, argv, opts, pos, 2, &n);
    if (rc)
        return rc;
    if (n != 2)
        return cli_usage_error("decide: usage: daicho decide ID approve|reject|return [--reason R] [--administrator LOGIN] [--accept-risks]");
    long long id = cli_number(pos[0], "application id");
    if (!id)
        return EXIT_USAGE;
    AppAction action = !strcmp(pos[1], "approve") ? ACT_APPROVE : !strcmp(pos[1], "reject") ? ACT_REJECT
                       : !strcmp(pos[1], "return") ? ACT_RETURN : ACT_COUNT;
    if (action == ACT_COUNT)
        return cli_usage_error("decide: '%s' is not a decision (allowed: approve, reject, return)", pos[1]);
    return act(cli, id, action, &opt, json);
}
