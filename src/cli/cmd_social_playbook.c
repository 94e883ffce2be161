/* daicho social playbook start|step|close|show: the incident playbooks over
 * an account (10キ). A run is shown after it starts, so the steps to follow
 * are on the screen at once. */
#include <stdio.h>
#include <string.h>

#include "app/app_incident.h"
#include "cli/cmd_social_internal.h"

/* ---- playbook ---- */

static int on_step(void *ctx, const PlaybookStepRow *s)
{
    PlaybookStepRow *rows = ((PlaybookStepRow **)ctx)[0];
    int *n = ((int **)ctx)[1];
    if (*n < 256)
        rows[(*n)++] = *s;
    return 0;
}

static int playbook_show(App *app, long long run_id, int json)
{
    PlaybookRunRow run;
    const Playbook *b;
    AppRc r = app_playbook_run_get(app, run_id, &run, &b);
    PlaybookStepRow *rows = arena_alloc(&app->arena, sizeof *rows * 256);
    int n = 0;
    void *ctx[2] = {rows, &n};
    if (r == APP_OK && (!rows || store_playbook_steps(app->db, &app->arena, run_id, on_step, ctx) != 0))
        r = app_dbfail(app);
    if (r != APP_OK)
        return cli_app_result(app, r);
    int total = b ? b->n_steps : run.n_steps;
    if (json) {
        Str o = STR_INIT;
        str_appendf(&o, "{\"run\":%lld", run.id);
        str_append_json_member(&o, "subject_kind", run.subject_kind);
        str_appendf(&o, ",\"subject_id\":%lld", run.subject_id);
        str_append_json_member(&o, "playbook", run.playbook);
        str_append_json_member(&o, "label", b ? b->label : NULL);
        str_append_json_member(&o, "clause", b ? b->clause : NULL);
        str_append_json_member(&o, "opened_by", run.opened_by);
        str_append_json_member(&o, "opened_at", run.opened_at);
        str_append_json_member(&o, "closed_by", run.closed_by);
        str_append_json_member(&o, "closed_at", run.closed_at);
        long long incident = app_incident_of_run(app, run.id);
        if (incident)
            str_appendf(&o, ",\"incident\":%lld", incident);
        else
            str_append(&o, ",\"incident\":null");
        str_append(&o, ",\"steps\":[");
        for (int i = 0; i < total; i++) {
            str_appendf(&o, "%s{\"step\":%d", i ? "," : "", i + 1);
            str_append_json_member(&o, "text", b ? b->steps[i].text : NULL);
            const PlaybookStepRow *d = i < n ? &rows[i] : NULL;
            str_appendf(&o, ",\"done\":%s", d ? "true" : "false");
            str_append_json_member(&o, "note", d ? d->note : NULL);
            str_append_json_member(&o, "by", d ? d->actor : NULL);
            str_append_json_member(&o, "at", d ? d->at : NULL);
            str_appendc(&o, '}');
        }
        str_append(&o, "]}");
        printf("%s\n", str_cstr(&o));
        str_free(&o);
        return EXIT_OK;
    }
    printf("対応記録 %lld: %s [%s]（%s %lld）%s\n", run.id, b ? b->label : run.playbook, b ? b->clause : "-", run.subject_kind,
           run.subject_id, run.closed_at ? "完了" : "進行中");
    long long incident = app_incident_of_run(app, run.id);
    if (incident)
        printf("  インシデント 第%lld号（daicho incident show %lld）\n", incident, incident);
    for (int i = 0; i < total; i++) {
        const PlaybookStepRow *d = i < n ? &rows[i] : NULL;
        printf("  %s %d. %s\n", d ? "[済]" : "[  ]", i + 1, b ? b->steps[i].text : "");
        if (b && b->steps[i].n_notify) {
            printf("       報告先:");
            for (int k = 0; k < b->steps[i].n_notify; k++)
                printf(" %s", b->steps[i].notify[k]);
            printf("\n");
        }
        if (d)
            printf("       %s %s %s\n", d->at, d->actor, d->note);
    }
    return EXIT_OK;
}

int cmd_social_playbook(Cli *cli, int argc, char **argv)
{
    const char *note = NULL;
    int json = 0;
    const CliOpt opts[] = {{"--note", OPT_VALUE, &note}, {"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[3];
    int n, rc = cli_parse("social playbook", argc, argv, opts, pos, 3, &n);
    if (rc)
        return rc;
    if (n < 2)
        return cmd_social_usage();
    long long id = cli_number(pos[1], strcmp(pos[0], "start") == 0 ? "account id" : "run id");
    if (!id)
        return EXIT_USAGE;
    const char *what = pos[0];
    int ok_shape = (!strcmp(what, "start") && n == 3) || (!strcmp(what, "step") && n == 3) ||
                   (!strcmp(what, "close") && n == 2) || (!strcmp(what, "show") && n == 2);
    if (!ok_shape)
        return cmd_social_usage();
    int step = 0;
    if (!strcmp(what, "step") && !(step = (int)cli_number(pos[2], "step")))
        return EXIT_USAGE;
    App app;
    if ((rc = cmd_social_open(cli, &app)))
        return rc;
    AppRc r = APP_OK;
    if (!strcmp(what, "start")) {
        long long run = 0;
        r = app_playbook_start(&app, id, pos[2], note, &run);
        if (r == APP_OK) {
            printf("対応記録 %lld を開始しました\n", run);
            rc = playbook_show(&app, run, 0);
        }
    } else if (!strcmp(what, "step")) {
        r = app_playbook_step(&app, id, step, note);
        if (r == APP_OK)
            printf("対応記録 %lld: 手順 %d を記録しました\n", id, step);
    } else if (!strcmp(what, "close")) {
        r = app_playbook_close(&app, id);
        if (r == APP_OK)
            printf("対応記録 %lld を完了しました\n", id);
    } else {
        rc = playbook_show(&app, id, json);
    }
    if (r != APP_OK)
        rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}
