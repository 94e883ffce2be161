/* daicho social show ID [--json]: one account with its devices, the latest
 * record of each check of 10 イ–ケ, its monitoring and its playbook runs.
 * Apart from the other account subcommands because it is the one reader
 * that gathers every record of an account. */
#include <stdio.h>
#include <string.h>

#include "cli/cmd_social_internal.h"

/* ---- show ---- */

typedef struct ShowCtx {
    const SocialPolicy *s;
    SocialCheckRow *checks;
    int n_checks;
    int json, n;
    Str out;
} ShowCtx;

static int on_check(void *ctx, const SocialCheckRow *r)
{
    ShowCtx *c = ctx;
    if (c->n_checks < c->s->n_checks + 64)
        c->checks[c->n_checks++] = *r;
    return 0;
}

/* The record of check item `item` among those gathered (the last one the
 * store returned), or NULL when it was never recorded. */
static const SocialCheckRow *latest_check(const ShowCtx *c, const char *item)
{
    const SocialCheckRow *rec = NULL;
    for (int j = 0; j < c->n_checks; j++)
        if (strcmp(c->checks[j].item_id, item) == 0)
            rec = &c->checks[j];
    return rec;
}

static int on_monitor(void *ctx, const SocialMonitorRow *m)
{
    ShowCtx *c = ctx;
    if (c->json) {
        str_append(&c->out, c->n++ ? ",{\"at\":" : "{\"at\":");
        str_append_json(&c->out, m->at);
        str_append_json_member(&c->out, "by", m->actor);
        str_append_json_member(&c->out, "result", m->result);
        str_append_json_member(&c->out, "note", m->note);
        str_append_json_member(&c->out, "next_due", m->next_due);
        str_appendc(&c->out, '}');
    } else {
        printf("  %s %s %s %s（次回 %s）\n", m->at, m->actor, strcmp(m->result, "ok") == 0 ? "問題なし" : "要対応", m->note,
               m->next_due);
    }
    return 0;
}

static int on_run(void *ctx, const PlaybookRunRow *r)
{
    ShowCtx *c = ctx;
    if (c->json) {
        str_append(&c->out, c->n++ ? "," : "");
        str_appendf(&c->out, "{\"run\":%lld", r->id);
        str_append_json_member(&c->out, "playbook", r->playbook);
        str_appendf(&c->out, ",\"steps_done\":%d,\"n_steps\":%d", r->steps_done, r->n_steps);
        str_append_json_member(&c->out, "opened_at", r->opened_at);
        str_append_json_member(&c->out, "closed_at", r->closed_at);
        str_appendc(&c->out, '}');
    } else {
        printf("  対応記録 %lld %s 手順 %d/%d %s\n", r->id, r->playbook, r->steps_done, r->n_steps, r->closed_at ? "完了" : "進行中");
    }
    return 0;
}

int cmd_social_show(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("social show", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cmd_social_usage();
    long long id = cli_number(pos[0], "account id");
    if (!id)
        return EXIT_USAGE;
    App app;
    if ((rc = cmd_social_open(cli, &app)))
        return rc;
    SocialAccountRow a;
    ShowCtx c = {0};
    c.json = json;
    c.s = app_social_policy(&app);
    AppRc r = c.s ? app_social_account_get(&app, id, &a) : APP_INVALID;
    if (r == APP_OK) {
        c.checks = arena_alloc(&app.arena, sizeof *c.checks * (size_t)(c.s->n_checks + 64));
        if (!c.checks || store_social_checks_latest(app.db, &app.arena, id, on_check, &c) != 0)
            r = app_dbfail(&app);
    }
    if (r == APP_OK && json) {
        Str *o = &c.out;
        str_append(o, "{\"account\":");
        cmd_social_account_json(&a, o);
        str_append(o, ",\"devices\":[");
        for (int i = 0; i < a.n_devices; i++) {
            str_append(o, i ? ",{\"description\":" : "{\"description\":");
            str_append_json(o, a.devices[i].description);
            str_appendf(o, ",\"managed\":%s}", a.devices[i].managed ? "true" : "false");
        }
        str_append(o, "],\"checks\":[");
        for (int i = 0; i < c.s->n_checks; i++) {
            const SocialCheck *k = &c.s->checks[i];
            const SocialCheckRow *rec = latest_check(&c, k->id);
            str_append(o, i ? ",{\"item\":" : "{\"item\":");
            str_append_json(o, k->id);
            str_append_json_member(o, "clause", k->clause);
            str_append_json_member(o, "text", k->text);
            str_appendf(o, ",\"should\":%s", k->should ? "true" : "false");
            str_append_json_member(o, "status", rec ? rec->status : NULL);
            str_append_json_member(o, "evidence", rec ? rec->evidence : NULL);
            str_append_json_member(o, "by", rec ? rec->actor : NULL);
            str_append_json_member(o, "at", rec ? rec->at : NULL);
            str_appendc(o, '}');
        }
        str_append(o, "],\"monitoring\":[");
        c.n = 0;
        if (store_social_monitors(app.db, &app.arena, id, on_monitor, &c) != 0)
            r = app_dbfail(&app);
        str_append(o, "],\"playbook_runs\":[");
        c.n = 0;
        if (r == APP_OK && store_playbook_runs(app.db, &app.arena, app.org.id, SOCIAL_SUBJECT, id, on_run, &c) != 0)
            r = app_dbfail(&app);
        str_append(o, "]}");
        if (r == APP_OK)
            printf("%s\n", str_cstr(o));
    } else if (r == APP_OK) {
        const char *st, *ver, *tf;
        cmd_social_label(social_status_names, social_status_labels, a.status, &st);
        cmd_social_label(social_verified_names, social_verified_labels, a.verified, &ver);
        cmd_social_label(social_two_factor_names, social_two_factor_labels, a.two_factor, &tf);
        printf("SNSアカウント %lld: %s %s（%s）\n  URL: %s\n  認証アカウント [10エ(ア)]: %s\n  周知ページ [10エ(イ)]: %s\n"
               "  運用ポリシー [10イ]: %s%s\n  二段階認証 [10オ(イ)]: %s\n  パスワードを知る担当者 [10オ(ア)]: %s\n",
               a.id, a.service, a.account_name, st, a.account_url, ver, a.announce_url, a.policy,
               a.info_only ? "（専ら情報発信）" : "", tf, a.password_holders);
        for (int i = 0; i < a.n_devices; i++)
            printf("  ログイン端末 [10オ(ウ)]: %s（%s）\n", a.devices[i].description, a.devices[i].managed ? "管理端末" : "管理外");
        if (a.ledger_number)
            printf("  台帳: 第%lld号\n", a.ledger_number);
        printf("  次回監視 [10カ]: %s\n\n確認項目:\n", a.monitor_due);
        for (int i = 0; i < c.s->n_checks; i++) {
            const SocialCheck *k = &c.s->checks[i];
            const SocialCheckRow *rec = latest_check(&c, k->id);
            const char *mark = "未記録";
            if (rec)
                cmd_social_label(social_check_status_names, social_check_status_labels, rec->status, &mark);
            printf("  [%s] %-6s %s%s\n      %s\n", k->clause, mark, k->id, k->should ? "（可能な限り）" : "", k->text);
            if (rec && *rec->evidence)
                printf("      根拠: %s（%s %s）\n", rec->evidence, rec->actor, rec->at);
        }
        printf("\n監視の記録:\n");
        if (store_social_monitors(app.db, &app.arena, id, on_monitor, &c) != 0)
            r = app_dbfail(&app);
        printf("\nトラブル対応:\n");
        if (r == APP_OK && store_playbook_runs(app.db, &app.arena, app.org.id, SOCIAL_SUBJECT, id, on_run, &c) != 0)
            r = app_dbfail(&app);
    }
    str_free(&c.out);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

