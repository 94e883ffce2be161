/* daicho incident — incident reports (issue #6 item 2; docs/incidents.md):
 * report, list, show, the steps of handling, and the kinds the profile
 * lets a user report. Who may do what is the use cases' decision
 * (app/app_incident.h). */
#include <stdio.h>
#include <string.h>

#include "app/app_incident.h"
#include "cli/cli_app.h"
#include "policy/approach.h"

static const char USAGE[] =
    "usage: daicho incident report (--entry N | --service NAME [--finding ID]) --kind K --title T\n"
    "                              [--description D] [--noticed YYYY-MM-DD[THH:MM]]\n"
    "       daicho incident list [--state received|handling|resolved|closed|open] [--entry N] [--json]\n"
    "       daicho incident show N [--json]\n"
    "       daicho incident step N start|note|resolve|close|reopen [--approach recovery_first|continuity_first] [--note T]\n"
    "       daicho incident kinds [--json]";

static int usage(void)
{
    return cli_usage_error("incident: %s", USAGE);
}

static const char *state_label(const char *state)
{
    int k = state_index(incident_state_names, state);
    return k >= 0 ? incident_state_labels[k] : state;
}

static const char *kind_label(const App *app, const char *kind)
{
    const IncidentPolicy *ip = app->profile->incidents;
    int k = incident_kind_index(ip, kind);
    return k >= 0 ? ip->kinds[k].label : kind;
}

/* ---- report ---- */

static int cmd_report(Cli *cli, int argc, char **argv)
{
    const char *entry = NULL, *finding = NULL;
    NewIncident in = {0};
    const CliOpt opts[] = {{"--entry", OPT_VALUE, &entry},         {"--service", OPT_VALUE, &in.service},
                           {"--finding", OPT_VALUE, &finding},     {"--kind", OPT_VALUE, &in.kind},
                           {"--title", OPT_VALUE, &in.title},      {"--description", OPT_VALUE, &in.description},
                           {"--noticed", OPT_VALUE, &in.noticed},  {NULL, 0, NULL}};
    int n, rc = cli_parse("incident report", argc, argv, opts, NULL, 0, &n);
    if (rc)
        return rc;
    if (entry && !(in.entry_number = cli_number(entry, "--entry")))
        return EXIT_USAGE;
    if (finding && !(in.finding_id = cli_number(finding, "--finding")))
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    long long number = 0;
    AppRc r = app_incident_report(&app, &in, &number);
    if (r == APP_OK) {
        const IncidentPolicy *ip = app.profile->incidents;
        printf("インシデント 第%lld号 を報告しました（%s が受け付けます [%s]）\n", number,
               app.profile->roles[ip->receiver_role].label, ip->receiver_clause);
    } else {
        rc = cli_app_result(&app, r);
    }
    app_close(&app);
    return rc;
}

/* ---- list ---- */

typedef struct ListCtx {
    App *app;
    int json, n;
    Str out;
} ListCtx;

static int on_row(void *ctx, const IncidentRow *r)
{
    ListCtx *c = ctx;
    if (c->json) {
        str_append(&c->out, c->n ? ",{" : "{");
        app_incident_json_members(c->app, r, &c->out);
        str_appendc(&c->out, '}');
    } else {
        char where[48] = "";
        if (r->entry_number)
            snprintf(where, sizeof where, "台帳 第%lld号 ", r->entry_number);
        printf("%5lld  %-4s  %s  %s%s  %s  [%s] %s\n", r->number, state_label(r->state), r->reported_at, where,
               r->service_name, kind_label(c->app, r->kind), r->reporter_login, r->title);
    }
    c->n++;
    return 0;
}

static int cmd_list(Cli *cli, int argc, char **argv)
{
    const char *state = NULL, *entry = NULL;
    int json = 0;
    const CliOpt opts[] = {{"--state", OPT_VALUE, &state}, {"--entry", OPT_VALUE, &entry}, {"--json", OPT_FLAG, &json},
                           {NULL, 0, NULL}};
    int n, rc = cli_parse("incident list", argc, argv, opts, NULL, 0, &n);
    if (rc)
        return rc;
    long long number = 0;
    if (entry && !(number = cli_number(entry, "--entry")))
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    ListCtx c = {&app, json, 0, STR_INIT};
    str_append(&c.out, "[");
    AppRc r = app_incident_list(&app, state, number, on_row, &c);
    if (r != APP_OK)
        rc = cli_app_result(&app, r);
    else if (json)
        printf("%s]\n", str_cstr(&c.out));
    else if (!c.n)
        printf("インシデント報告はありません\n");
    str_free(&c.out);
    app_close(&app);
    return rc;
}

/* ---- show ---- */

typedef struct StepCtx {
    int json, n;
    Str *out;
} StepCtx;

static int on_step(void *ctx, const IncidentStepRow *s)
{
    StepCtx *c = ctx;
    if (c->json) {
        if (c->n)
            str_appendc(c->out, ',');
        app_incident_step_json(s, c->out);
    } else {
        int a = state_index(incident_action_names, s->action);
        printf("  %s  %-8s %s → %s  %s (%s)%s%s%s%s\n", s->at, a >= 0 ? incident_action_labels[a] : s->action,
               *s->from_state ? state_label(s->from_state) : "-", state_label(s->to_state), s->actor_login, s->actor_name,
               *s->decision ? " [" : "", s->decision, *s->decision ? "]" : "", "");
        if (*s->note)
            printf("      %s\n", s->note);
    }
    c->n++;
    return 0;
}

static int show(App *app, long long number, int json)
{
    IncidentRow r;
    AppRc rc = app_incident_get(app, number, &r);
    int agreed = APPROACH_NONE;
    if (rc == APP_OK)
        rc = app_incident_agreed(app, &r, &agreed);
    if (rc != APP_OK)
        return cli_app_result(app, rc);
    int allowed[INA_COUNT];
    app_incident_actions(app, &r, allowed);
    Str o = STR_INIT;
    StepCtx c = {json, 0, &o};
    if (json) {
        str_appendc(&o, '{');
        app_incident_json_members(app, &r, &o);
        str_append_json_member(&o, "agreed_approach", approach_names[agreed]);
        str_append(&o, ",\"actions\":[");
        for (int a = INA_START, k = 0; a < INA_COUNT; a++)
            if (allowed[a]) {
                str_append(&o, k++ ? "," : "");
                str_append_json(&o, incident_action_names[a]);
            }
        str_append(&o, "],\"steps\":[");
    } else {
        const IncidentPolicy *ip = app->profile->incidents;
        int k = incident_kind_index(ip, r.kind);
        printf("インシデント 第%lld号: %s\n", r.number, r.title);
        printf("  状態: %s\n  種別: %s [%s]\n", state_label(r.state), kind_label(app, r.kind), k >= 0 ? ip->kinds[k].clause : "-");
        if (r.entry_number)
            printf("  サービス: 台帳 第%lld号 %s\n", r.entry_number, r.service_name);
        else
            printf("  サービス: %s（台帳になし）%s\n", r.service_name, r.finding_id ? "（検出結果あり）" : "");
        printf("  認知: %s  報告: %s %s (%s)\n", r.noticed_at, r.reported_at, r.reporter_login, r.reporter_name);
        int role = profile_role_index(app->profile, r.assigned_role);
        printf("  受付: %s [%s]\n", role >= 0 ? app->profile->roles[role].label : r.assigned_role, ip->receiver_clause);
        int ap = approach_parse(r.approach);
        printf("  対処方法: %s（提供者と合意: %s）[%s]\n", ap > 0 ? approach_labels[ap] : "未定", approach_labels[agreed],
               ip->approach_clause);
        if (r.playbook_run_id)
            printf("  対応記録: %lld（daicho social playbook show %lld）\n", r.playbook_run_id, r.playbook_run_id);
        if (*r.description)
            printf("  内容: %s\n", r.description);
        printf("  経過:\n");
    }
    rc = app_incident_steps(app, &r, on_step, &c);
    if (rc != APP_OK) {
        str_free(&o);
        return cli_app_result(app, rc);
    }
    if (json) {
        str_append(&o, "]}");
        printf("%s\n", str_cstr(&o));
    } else {
        int any = 0;
        for (int a = INA_START; a < INA_COUNT; a++)
            if (allowed[a])
                printf("%s%s", any++ ? ", " : "  できる手順: ", incident_action_names[a]);
        if (any)
            printf("\n");
    }
    str_free(&o);
    return EXIT_OK;
}

/* Parse the options `opts` and exactly `n_pos` arguments into `pos` (the
 * first the incident number, into *number), then open the app. */
static int open_incident(Cli *cli, const char *cmd, int argc, char **argv, const CliOpt *opts, const char **pos, int n_pos,
                         App *app, long long *number)
{
    int n, rc = cli_parse(cmd, argc, argv, opts, pos, n_pos, &n);
    if (rc)
        return rc;
    if (n != n_pos)
        return usage();
    if (!(*number = cli_number(pos[0], "incident number")))
        return EXIT_USAGE;
    return cli_app_open(cli, app, 0, 1);
}

static int cmd_show(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[1];
    long long number = 0;
    App app;
    int rc = open_incident(cli, "incident show", argc, argv, opts, pos, 1, &app, &number);
    if (rc)
        return rc;
    rc = show(&app, number, json);
    app_close(&app);
    return rc;
}

/* ---- step ---- */

static int cmd_step(Cli *cli, int argc, char **argv)
{
    const char *approach = NULL, *note = NULL;
    const CliOpt opts[] = {{"--approach", OPT_VALUE, &approach}, {"--note", OPT_VALUE, &note}, {NULL, 0, NULL}};
    const char *pos[2];
    long long number = 0;
    App app;
    int rc = open_incident(cli, "incident step", argc, argv, opts, pos, 2, &app, &number);
    if (rc)
        return rc;
    AppRc r = app_incident_step(&app, number, pos[1], approach, note);
    if (r == APP_OK) {
        IncidentRow row;
        int a = -1;
        for (int i = 0; incident_action_names[i]; i++)
            if (strcmp(incident_action_names[i], pos[1]) == 0)
                a = i;
        if (app_incident_get(&app, number, &row) == APP_OK)
            printf("インシデント 第%lld号: 「%s」を記録しました（状態: %s）\n", number,
                   a >= 0 ? incident_action_labels[a] : pos[1], state_label(row.state));
    } else {
        rc = cli_app_result(&app, r);
    }
    app_close(&app);
    return rc;
}

/* ---- kinds ---- */

static int cmd_kinds(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    int n, rc = cli_parse("incident kinds", argc, argv, opts, NULL, 0, &n);
    if (rc)
        return rc;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    const IncidentPolicy *ip = app_incident_policy(&app);
    if (!ip) {
        rc = cli_app_result(&app, APP_INVALID);
        app_close(&app);
        return rc;
    }
    const Role *recv = &app.profile->roles[ip->receiver_role];
    if (json) {
        Str o = STR_INIT;
        str_append(&o, "{\"receiver_role\":");
        str_append_json(&o, recv->id);
        str_append_json_member(&o, "receiver_label", recv->label);
        str_append_json_member(&o, "receiver_clause", ip->receiver_clause);
        str_append(&o, ",\"kinds\":[");
        for (int i = 0; i < ip->n_kinds; i++) {
            str_append(&o, i ? ",{\"id\":" : "{\"id\":");
            str_append_json(&o, ip->kinds[i].id);
            str_append_json_member(&o, "label", ip->kinds[i].label);
            str_append_json_member(&o, "clause", ip->kinds[i].clause);
            str_appendc(&o, '}');
        }
        str_append(&o, "]}");
        printf("%s\n", str_cstr(&o));
        str_free(&o);
    } else {
        printf("報告先: %s [%s]\n", recv->label, ip->receiver_clause);
        for (int i = 0; i < ip->n_kinds; i++)
            printf("  %-20s %s [%s]\n", ip->kinds[i].id, ip->kinds[i].label, ip->kinds[i].clause);
    }
    app_close(&app);
    return EXIT_OK;
}

int cmd_incident(Cli *cli, int argc, char **argv)
{
    if (argc < 1)
        return usage();
    const char *sub = argv[0];
    if (!strcmp(sub, "report"))
        return cmd_report(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "list"))
        return cmd_list(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "show"))
        return cmd_show(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "step"))
        return cmd_step(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "kinds"))
        return cmd_kinds(cli, argc - 1, argv + 1);
    return usage();
}
