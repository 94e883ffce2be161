/* daicho social — the register of official social-media accounts (tokyo-edu
 * 10; docs/social.md): accounts, their checks of 10 イ–ケ, monitoring, the
 * pre-posting and password checks, and the incident playbooks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_social.h"
#include "cli/cli_app.h"
#include "util/file.h"

static const char USAGE[] =
    "usage: daicho social account add FILE.json | account status ID active|suspended|closed --reason R\n"
    "       daicho social list [--json] | show ID [--json] | due [--within DAYS] [--json]\n"
    "       daicho social check ID --item I --status done|not_applicable|not_done [--evidence E]\n"
    "       daicho social monitor ID --result ok|issues [--note N]\n"
    "       daicho social password-check [--profile ID]   (the candidate on stdin, never as an argument)\n"
    "       daicho social post-check FILE.json [--json]\n"
    "       daicho social playbook start ID PLAYBOOK [--note N] | step RUN STEP [--note N] | close RUN | show RUN [--json]";

static int usage(void)
{
    return cli_usage_error("social: %s", USAGE);
}

static int open_app(Cli *cli, App *app)
{
    return cli_app_open(cli, app, 0, 1);
}

static int label_of(const char *const *names, const char *const *labels, const char *name, const char **out)
{
    int k = state_index(names, name);
    *out = k >= 0 ? labels[k] : name;
    return k;
}

static void json_member(Str *o, const char *name, const char *value)
{
    str_appendf(o, ",\"%s\":", name);
    if (value)
        str_append_json(o, value);
    else
        str_append(o, "null");
}

static void account_json(const SocialAccountRow *a, Str *o)
{
    str_appendf(o, "{\"id\":%lld", a->id);
    json_member(o, "service", a->service);
    json_member(o, "account_name", a->account_name);
    json_member(o, "account_url", a->account_url);
    json_member(o, "verified", a->verified);
    json_member(o, "announce_url", a->announce_url);
    json_member(o, "policy", a->policy);
    str_appendf(o, ",\"info_only\":%s", a->info_only ? "true" : "false");
    json_member(o, "two_factor", a->two_factor);
    json_member(o, "password_holders", a->password_holders);
    if (a->ledger_number)
        str_appendf(o, ",\"ledger\":%lld", a->ledger_number);
    else
        str_append(o, ",\"ledger\":null");
    json_member(o, "status", a->status);
    json_member(o, "monitor_due", a->monitor_due);
    json_member(o, "last_monitor", a->last_monitor);
    json_member(o, "created_at", a->created_at);
    json_member(o, "created_by", a->created_by);
    str_appendc(o, '}');
}

/* ---- account add / status ---- */

static int account_cmd(Cli *cli, int argc, char **argv)
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
        if ((rc = open_app(cli, &app))) {
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
        if ((rc = open_app(cli, &app)))
            return rc;
        AppRc r = app_social_account_status(&app, id, pos[2], reason);
        if (r == APP_OK)
            printf("SNSアカウント %lld の状態を %s にしました\n", id, pos[2]);
        rc = cli_app_result(&app, r);
        app_close(&app);
        return rc;
    }
    return usage();
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
        account_json(a, &l->out);
        return 0;
    }
    const char *st;
    label_of(social_status_names, social_status_labels, a->status, &st);
    printf("%4lld  %-10s %-24s %-6s 次回監視 %s\n", a->id, a->service, a->account_name, st, a->monitor_due);
    l->n++;
    return 0;
}

static int list_cmd(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    int n, rc = cli_parse("social list", argc, argv, opts, NULL, 0, &n);
    if (rc)
        return rc;
    App app;
    if ((rc = open_app(cli, &app)))
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
        json_member(&l->out, "service", d->account->service);
        json_member(&l->out, "account_name", d->account->account_name);
        json_member(&l->out, "due", d->account->monitor_due);
        str_appendf(&l->out, ",\"overdue\":%s,\"days\":%d}", d->overdue ? "true" : "false", d->days);
        return;
    }
    l->n++;
    printf("%s %s  %4lld %s %s（監視 [10カ]）\n", d->overdue ? "期限切れ" : "期限    ", d->account->monitor_due, d->account->id,
           d->account->service, d->account->account_name);
}

static int due_cmd(Cli *cli, int argc, char **argv)
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
    if ((rc = open_app(cli, &app)))
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

static int on_monitor(void *ctx, const SocialMonitorRow *m)
{
    ShowCtx *c = ctx;
    if (c->json) {
        str_append(&c->out, c->n++ ? ",{\"at\":" : "{\"at\":");
        str_append_json(&c->out, m->at);
        json_member(&c->out, "by", m->actor);
        json_member(&c->out, "result", m->result);
        json_member(&c->out, "note", m->note);
        json_member(&c->out, "next_due", m->next_due);
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
        json_member(&c->out, "playbook", r->playbook);
        str_appendf(&c->out, ",\"steps_done\":%d,\"n_steps\":%d", r->steps_done, r->n_steps);
        json_member(&c->out, "opened_at", r->opened_at);
        json_member(&c->out, "closed_at", r->closed_at);
        str_appendc(&c->out, '}');
    } else {
        printf("  対応記録 %lld %s 手順 %d/%d %s\n", r->id, r->playbook, r->steps_done, r->n_steps, r->closed_at ? "完了" : "進行中");
    }
    return 0;
}

static int show_cmd(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("social show", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return usage();
    long long id = cli_number(pos[0], "account id");
    if (!id)
        return EXIT_USAGE;
    App app;
    if ((rc = open_app(cli, &app)))
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
        account_json(&a, o);
        str_append(o, ",\"devices\":[");
        for (int i = 0; i < a.n_devices; i++) {
            str_append(o, i ? ",{\"description\":" : "{\"description\":");
            str_append_json(o, a.devices[i].description);
            str_appendf(o, ",\"managed\":%s}", a.devices[i].managed ? "true" : "false");
        }
        str_append(o, "],\"checks\":[");
        for (int i = 0; i < c.s->n_checks; i++) {
            const SocialCheck *k = &c.s->checks[i];
            const SocialCheckRow *rec = NULL;
            for (int j = 0; j < c.n_checks; j++)
                if (strcmp(c.checks[j].item_id, k->id) == 0)
                    rec = &c.checks[j];
            str_append(o, i ? ",{\"item\":" : "{\"item\":");
            str_append_json(o, k->id);
            json_member(o, "clause", k->clause);
            json_member(o, "text", k->text);
            str_appendf(o, ",\"should\":%s", k->should ? "true" : "false");
            json_member(o, "status", rec ? rec->status : NULL);
            json_member(o, "evidence", rec ? rec->evidence : NULL);
            json_member(o, "by", rec ? rec->actor : NULL);
            json_member(o, "at", rec ? rec->at : NULL);
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
        label_of(social_status_names, social_status_labels, a.status, &st);
        label_of(social_verified_names, social_verified_labels, a.verified, &ver);
        label_of(social_two_factor_names, social_two_factor_labels, a.two_factor, &tf);
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
            const SocialCheckRow *rec = NULL;
            for (int j = 0; j < c.n_checks; j++)
                if (strcmp(c.checks[j].item_id, k->id) == 0)
                    rec = &c.checks[j];
            const char *mark = "未記録";
            if (rec)
                label_of(social_check_status_names, social_check_status_labels, rec->status, &mark);
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

/* ---- check / monitor ---- */

static int check_cmd(Cli *cli, int argc, char **argv)
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
    if ((rc = open_app(cli, &app)))
        return rc;
    AppRc r = app_social_check(&app, id, item, status, evidence);
    if (r == APP_OK)
        printf("SNSアカウント %lld: %s を %s として記録しました\n", id, item, status);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

static int monitor_cmd(Cli *cli, int argc, char **argv)
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
    if ((rc = open_app(cli, &app)))
        return rc;
    AppRc r = app_social_monitor(&app, id, result, note);
    SocialAccountRow a;
    if (r == APP_OK && app_social_account_get(&app, id, &a) == APP_OK)
        printf("SNSアカウント %lld の監視を記録しました。次回: %s\n", id, a.monitor_due);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

/* ---- password-check ---- */

static int password_cmd(Cli *cli, int argc, char **argv)
{
    const char *profile = NULL;
    const CliOpt opts[] = {{"--profile", OPT_VALUE, &profile}, {NULL, 0, NULL}};
    int n, rc = cli_parse("social password-check", argc, argv, opts, NULL, 0, &n);
    if (rc)
        return rc;
    const Profile *p = NULL;
    if (profile && !(p = cli_profile(cli, profile)))
        return EXIT_USAGE;
    if (p && !p->social)
        return cli_usage_error("social password-check: profile %s has no social_media section", profile);
    char *pw = cli_read_password();
    if (!pw)
        return cli_usage_error("social password-check: 確認するパスワードを標準入力から 1 行で渡してください（引数には書きません）");
    PasswordResult res;
    AppRc r = APP_OK;
    App app;
    if (p) {
        social_password_check(&p->social->password, pw, strlen(pw), &res);
    } else if ((rc = open_app(cli, &app)) == EXIT_OK) {
        r = app_social_password_check(&app, pw, strlen(pw), &res);
        if (r != APP_OK)
            rc = cli_app_result(&app, r);
        app_close(&app);
    }
    /* The candidate is wiped before it is freed: nothing keeps it. */
    memset(pw, 0, strlen(pw));
    free(pw);
    if (rc != EXIT_OK)
        return rc;
    printf("%s\n", res.message);
    return res.ok ? EXIT_OK : EXIT_BLOCKED;
}

/* ---- post-check ---- */

static int post_cmd(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("social post-check", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("social post-check: usage: daicho social post-check FILE.json [--json]");
    size_t len;
    const char *err;
    char *text = file_read(pos[0], &len, &err);
    if (!text)
        return cli_usage_error("social post-check: %s: %s", pos[0], err);
    App app;
    if ((rc = open_app(cli, &app))) {
        free(text);
        return rc;
    }
    PostInput in;
    PostResult res;
    long long account = 0, check = 0;
    Arena arena; /* the document's strings: app.arena is reset by the use case */
    arena_init(&arena, NULL, 0);
    AppRc r = app_social_post_parse(&app, &arena, pos[0], text, len, &in, &account);
    if (r == APP_OK)
        r = app_social_post_check(&app, account, &in, &res, &check);
    if (r == APP_OK && json) {
        Str o = STR_INIT;
        str_appendf(&o, "{\"check\":%lld,\"verdict\":\"%s\",\"hosts\":[", check, verdict_names[res.verdict]);
        for (int i = 0; i < res.n_hosts; i++) {
            str_append(&o, i ? "," : "");
            str_append_json(&o, res.hosts[i]);
        }
        str_append(&o, "],\"findings\":[");
        for (int i = 0; i < res.n_findings; i++) {
            const PostFinding *f = &res.findings[i];
            str_append(&o, i ? ",{\"id\":" : "{\"id\":");
            str_append_json(&o, f->id);
            json_member(&o, "clause", f->clause);
            json_member(&o, "severity", severity_names[f->severity]);
            str_appendf(&o, ",\"unconfirmed\":%s", f->unconfirmed ? "true" : "false");
            json_member(&o, "message", f->message);
            str_appendc(&o, '}');
        }
        str_append(&o, "]}");
        printf("%s\n", str_cstr(&o));
        str_free(&o);
    } else if (r == APP_OK) {
        static const char *const verdict_labels[] = {"投稿できます", "確認が必要です", "投稿できません"};
        printf("投稿前確認 %lld: %s (%s)\n", check, verdict_labels[res.verdict], verdict_names[res.verdict]);
        for (int i = 0; i < res.n_findings; i++) {
            const PostFinding *f = &res.findings[i];
            printf("  %-5s [%s] %s%s\n", severity_names[f->severity], f->clause, f->unconfirmed ? "未確認: " : "", f->message);
        }
    }
    rc = r == APP_OK ? (res.verdict == VERDICT_BLOCKED ? EXIT_BLOCKED : EXIT_OK) : cli_app_result(&app, r);
    arena_free(&arena);
    free(text);
    app_close(&app);
    return rc;
}

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
        json_member(&o, "subject_kind", run.subject_kind);
        str_appendf(&o, ",\"subject_id\":%lld", run.subject_id);
        json_member(&o, "playbook", run.playbook);
        json_member(&o, "label", b ? b->label : NULL);
        json_member(&o, "clause", b ? b->clause : NULL);
        json_member(&o, "opened_by", run.opened_by);
        json_member(&o, "opened_at", run.opened_at);
        json_member(&o, "closed_by", run.closed_by);
        json_member(&o, "closed_at", run.closed_at);
        str_append(&o, ",\"steps\":[");
        for (int i = 0; i < total; i++) {
            str_appendf(&o, "%s{\"step\":%d", i ? "," : "", i + 1);
            json_member(&o, "text", b ? b->steps[i].text : NULL);
            const PlaybookStepRow *d = i < n ? &rows[i] : NULL;
            str_appendf(&o, ",\"done\":%s", d ? "true" : "false");
            json_member(&o, "note", d ? d->note : NULL);
            json_member(&o, "by", d ? d->actor : NULL);
            json_member(&o, "at", d ? d->at : NULL);
            str_appendc(&o, '}');
        }
        str_append(&o, "]}");
        printf("%s\n", str_cstr(&o));
        str_free(&o);
        return EXIT_OK;
    }
    printf("対応記録 %lld: %s [%s]（%s %lld）%s\n", run.id, b ? b->label : run.playbook, b ? b->clause : "-", run.subject_kind,
           run.subject_id, run.closed_at ? "完了" : "進行中");
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

static int playbook_cmd(Cli *cli, int argc, char **argv)
{
    const char *note = NULL;
    int json = 0;
    const CliOpt opts[] = {{"--note", OPT_VALUE, &note}, {"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[3];
    int n, rc = cli_parse("social playbook", argc, argv, opts, pos, 3, &n);
    if (rc)
        return rc;
    if (n < 2)
        return usage();
    long long id = cli_number(pos[1], strcmp(pos[0], "start") == 0 ? "account id" : "run id");
    if (!id)
        return EXIT_USAGE;
    const char *what = pos[0];
    int ok_shape = (!strcmp(what, "start") && n == 3) || (!strcmp(what, "step") && n == 3) ||
                   (!strcmp(what, "close") && n == 2) || (!strcmp(what, "show") && n == 2);
    if (!ok_shape)
        return usage();
    int step = 0;
    if (!strcmp(what, "step") && !(step = (int)cli_number(pos[2], "step")))
        return EXIT_USAGE;
    App app;
    if ((rc = open_app(cli, &app)))
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

int cmd_social(Cli *cli, int argc, char **argv)
{
    if (argc < 1)
        return usage();
    const char *sub = argv[0];
    if (!strcmp(sub, "account"))
        return account_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "list"))
        return list_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "show"))
        return show_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "due"))
        return due_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "check"))
        return check_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "monitor"))
        return monitor_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "password-check"))
        return password_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "post-check"))
        return post_cmd(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "playbook"))
        return playbook_cmd(cli, argc - 1, argv + 1);
    return usage();
}
