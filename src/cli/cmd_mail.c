/* daicho mail: the mail-delivery operation policy (tokyo-edu 11 イ・別紙) and
 * the consent records of 11 ウ (docs/mail.md).
 *
 *   daicho mail policy new FILE.json | update N FILE.json | issue N [--date D]
 *   daicho mail policy show N [--version V] [--text|--json] | list [--json] | sample
 *   daicho mail consent N --recipient R [--group G] [--date D]
 *                         (--opt-in [--evidence E] | --decline --alternative A | --withdraw --alternative A)
 *   daicho mail consents N [--history] [--csv|--json] | consents N --xlsx FILE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_mail.h"
#include "cli/cli.h"
#include "cli/cli_app.h"
#include "util/file.h"

static const char USAGE[] =
    "mail: usage: daicho mail policy new FILE.json | policy update N FILE.json | policy issue N [--date D] |"
    " policy show N [--version V] [--text|--json] | policy list [--json] | policy sample |"
    " consent N --recipient R [--group G] (--opt-in | --decline --alternative A | --withdraw --alternative A) |"
    " consents N [--history] [--csv|--json|--xlsx FILE]";

/* Read FILE and parse it as a policy document; strings in `a`. */
static AppRc read_input(App *app, Arena *a, const char *path, MailPolicyInput *in, int *exit_code)
{
    size_t len = 0;
    const char *err = NULL;
    char *text = file_read(path, &len, &err);
    if (!text) {
        fprintf(stderr, "daicho: %s: %s\n", path, err);
        *exit_code = EXIT_USAGE;
        return APP_INVALID;
    }
    AppRc rc = app_mail_input_json(app, a, path, text, len, in);
    free(text);
    if (rc)
        *exit_code = cli_app_result(app, rc);
    return rc;
}

static int print_row(void *ctx, const MailPolicyRow *r)
{
    int *json = ctx;
    if (*json) {
        Str o = STR_INIT;
        str_appendf(&o, "%s{\"number\":%lld,\"version\":%d,\"issued_version\":%d,\"state\":\"%s\",\"school\":",
                    json[1]++ ? "," : "", r->number, r->version, r->issued_version, r->issued ? "issued" : "draft");
        str_append_json(&o, r->school);
        str_append(&o, ",\"date\":");
        if (r->issued_on)
            str_append_json(&o, r->issued_on);
        else
            str_append(&o, "null");
        str_append(&o, ",\"updated_at\":");
        str_append_json(&o, r->changed_at ? r->changed_at : "");
        str_appendc(&o, '}');
        fputs(str_cstr(&o), stdout);
        str_free(&o);
    } else {
        printf("第%lld号\t第%d版\t%s\t%s\t%s\n", r->number, r->version, r->issued ? "発行済み" : "案", r->school,
               r->issued_on ? r->issued_on : "-");
    }
    return 0;
}

static void print_sample(const MailPolicy *m, const MailPolicyInput *in)
{
    Str o = STR_INIT;
    str_append(&o, "{\n  \"school\": ");
    str_append_json(&o, in->school);
    str_append(&o, ",\n  \"issuer\": ");
    str_append_json(&o, in->issuer);
    str_append(&o, ",\n  \"document_number\": \"\",\n  \"date\": null,\n  \"ledger_entry\": null,\n  \"sections\": {");
    for (int i = 0; i < m->n_sections; i++) {
        str_append(&o, i ? ",\n    " : "\n    ");
        str_append_json(&o, m->sections[i].id);
        str_append(&o, ": ");
        str_append_json(&o, in->texts[i]);
    }
    str_append(&o, "\n  }\n}\n");
    fputs(str_cstr(&o), stdout);
    str_free(&o);
}

static int policy_show(App *app, long long number, int version, int text, int json)
{
    MailPolicyView v;
    AppRc rc = app_mail_policy_get(app, number, version, &v);
    if (rc)
        return cli_app_result(app, rc);
    const MailPolicy *m = app->profile->mail;
    Str o = STR_INIT;
    if (json) {
        app_mail_policy_json(m, &v, &o);
        str_appendc(&o, '\n');
    } else {
        if (!text) {
            str_appendf(&o, "# 運用方針 第%lld号 第%d版（%s）", number, v.row.version, v.row.issued ? "発行済み" : "案");
            if (v.row.issued_version && v.row.issued_version != v.row.version)
                str_appendf(&o, " 発行済みの最新版: 第%d版", v.row.issued_version);
            if (v.row.entry_number)
                str_appendf(&o, " 台帳 第%lld号", v.row.entry_number);
            str_appendf(&o, "\n# 根拠: %s%s\n\n", m->clause, m->is_sample ? "（別紙は記載例）" : "");
        }
        app_mail_policy_text(m, &v, &o);
    }
    fputs(str_cstr(&o), stdout);
    str_free(&o);
    return EXIT_OK;
}

static int policy_cmd(App *app, int argc, char **argv)
{
    const char *date = NULL, *version_s = NULL;
    int text = 0, json = 0;
    const CliOpt opts[] = {{"--date", OPT_VALUE, &date}, {"--version", OPT_VALUE, &version_s}, {"--text", OPT_FLAG, &text},
                           {"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[3];
    int n, rc = cli_parse("mail policy", argc, argv, opts, pos, 3, &n);
    if (rc)
        return rc;
    if (n < 1)
        return cli_usage_error("%s", USAGE);
    const char *sub = pos[0];
    const MailPolicy *m = app_mail_section(app);
    if (!m)
        return cli_app_result(app, APP_INVALID);
    Arena a;
    arena_init(&a, NULL, 0);
    MailPolicyInput in;
    AppRc r;
    if (!strcmp(sub, "new") && n == 2) {
        long long number = 0;
        if (read_input(app, &a, pos[1], &in, &rc) == APP_OK) {
            r = app_mail_policy_create(app, &in, &number);
            if (r == APP_OK)
                printf("運用方針 第%lld号（第1版・案）を作成しました\n", number);
            rc = cli_app_result(app, r);
        }
    } else if (!strcmp(sub, "update") && n == 3) {
        long long number = cli_number(pos[1], "policy number");
        int version = 0;
        if (!number)
            rc = EXIT_USAGE;
        else if (read_input(app, &a, pos[2], &in, &rc) == APP_OK) {
            r = app_mail_policy_update(app, number, &in, &version);
            if (r == APP_OK)
                printf("運用方針 第%lld号 第%d版（案）を保存しました\n", number, version);
            rc = cli_app_result(app, r);
        }
    } else if (!strcmp(sub, "issue") && n == 2) {
        long long number = cli_number(pos[1], "policy number");
        if (!number)
            rc = EXIT_USAGE;
        else {
            r = app_mail_policy_issue(app, number, date);
            if (r == APP_OK)
                printf("運用方針 第%lld号 を発行しました。必要に応じ利用者へ周知してください [%s]\n", number, m->policy.clause);
            rc = cli_app_result(app, r);
        }
    } else if (!strcmp(sub, "show") && n == 2) {
        long long number = cli_number(pos[1], "policy number");
        long long version = version_s ? cli_number(version_s, "--version") : 0;
        rc = !number || (version_s && !version) ? EXIT_USAGE : policy_show(app, number, (int)version, text, json);
    } else if (!strcmp(sub, "list") && n == 1) {
        int ctx[2] = {json, 0};
        if (json)
            fputs("[", stdout);
        r = app_mail_policies(app, print_row, ctx);
        if (json)
            fputs("]\n", stdout);
        rc = cli_app_result(app, r);
    } else if (!strcmp(sub, "sample") && n == 1) {
        r = app_mail_input_sample(app, &a, &in);
        if (r == APP_OK)
            print_sample(m, &in);
        rc = cli_app_result(app, r);
    } else {
        rc = cli_usage_error("%s", USAGE);
    }
    arena_free(&a);
    return rc;
}

static int consent_cmd(App *app, int argc, char **argv)
{
    MailConsentInput in = {0};
    int opt_in = 0, decline = 0, withdraw = 0;
    const CliOpt opts[] = {{"--recipient", OPT_VALUE, &in.recipient}, {"--group", OPT_VALUE, &in.group},
                           {"--opt-in", OPT_FLAG, &opt_in},           {"--decline", OPT_FLAG, &decline},
                           {"--withdraw", OPT_FLAG, &withdraw},       {"--alternative", OPT_VALUE, &in.alternative},
                           {"--evidence", OPT_VALUE, &in.evidence},   {"--date", OPT_VALUE, &in.date},
                           {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("mail consent", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1 || !in.recipient || opt_in + decline + withdraw != 1)
        return cli_usage_error("mail consent: usage: daicho mail consent N --recipient R [--group G]"
                               " (--opt-in [--evidence E] | --decline --alternative A | --withdraw --alternative A)");
    long long number = cli_number(pos[0], "policy number");
    if (!number)
        return EXIT_USAGE;
    in.decision = opt_in ? MAIL_OPT_IN : decline ? MAIL_DECLINE : MAIL_WITHDRAW;
    long long id = 0;
    AppRc r = app_mail_consent(app, number, &in, &id);
    if (r == APP_OK)
        printf("運用方針 第%lld号: %s さんを「%s」として記録しました\n", number, in.recipient, mail_decision_labels[in.decision]);
    return cli_app_result(app, r);
}

typedef struct ListCtx {
    int json, n;
    Str out;   /* printed once the list was read whole */
} ListCtx;

static int consent_row(void *ctx, const MailConsentRow *r)
{
    ListCtx *c = ctx;
    if (c->json) {
        str_append(&c->out, c->n++ ? "," : "");
        app_mail_consent_json(r, &c->out);
    } else {
        str_appendf(&c->out, "%s\t%s\t%s\t%s\t%s\n", r->group && *r->group ? r->group : "-", r->recipient,
                    mail_decision_labels[mail_decision_index(r->decision)], r->alternative && *r->alternative ? r->alternative : "-", r->decided_on);
    }
    return 0;
}

static int consents_cmd(App *app, int argc, char **argv)
{
    int csv = 0, json = 0, history = 0;
    const char *xlsx = NULL;
    const CliOpt opts[] = {{"--csv", OPT_FLAG, &csv}, {"--json", OPT_FLAG, &json}, {"--history", OPT_FLAG, &history},
                           {"--xlsx", OPT_VALUE, &xlsx}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("mail consents", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1 || csv + json + (xlsx != NULL) > 1 || ((csv || xlsx) && history))
        return cli_usage_error("mail consents: usage: daicho mail consents N [--history] [--csv|--json|--xlsx FILE]");
    long long number = cli_number(pos[0], "policy number");
    if (!number)
        return EXIT_USAGE;
    AppRc r;
    if (xlsx) {
        r = app_mail_consents_xlsx(app, number, xlsx);
        if (r == APP_OK)
            printf("%s に書き出しました\n", xlsx);
        return cli_app_result(app, r);
    }
    if (csv) {
        Str o = STR_INIT;
        r = app_mail_consents_csv(app, number, &o);
        if (r == APP_OK)
            fwrite(o.buf, 1, o.len, stdout);
        str_free(&o);
        return cli_app_result(app, r);
    }
    MailCounts counts;
    ListCtx c = {json, 0, STR_INIT};
    if (json)
        str_append(&c.out, "{\"consents\":[");
    r = app_mail_consents(app, number, history, consent_row, &c, &counts);
    if (r == APP_OK && json)
        str_appendf(&c.out, "],\"counts\":{\"opted_in\":%lld,\"declined\":%lld,\"withdrawn\":%lld,\"records\":%lld,"
                            "\"not_answered\":null}}\n",
                    counts.opted_in, counts.declined, counts.withdrawn, counts.records);
    else if (r == APP_OK)
        str_appendf(&c.out, "# 利用（同意） %lld ・ 利用しない（代替手段あり） %lld ・ 利用取りやめ（代替手段あり） %lld ・ 記録 %lld 件"
                            "（未回答の人数は名簿がないため分かりません）\n",
                    counts.opted_in, counts.declined, counts.withdrawn, counts.records);
    if (r == APP_OK)
        fputs(str_cstr(&c.out), stdout);
    str_free(&c.out);
    return cli_app_result(app, r);
}

int cmd_mail(Cli *cli, int argc, char **argv)
{
    if (argc == 0)
        return cli_usage_error("%s", USAGE);
    const char *sub = argv[0];
    int (*fn)(App *, int, char **) = !strcmp(sub, "policy")     ? policy_cmd
                                     : !strcmp(sub, "consent")  ? consent_cmd
                                     : !strcmp(sub, "consents") ? consents_cmd
                                                                : NULL;
    if (!fn)
        return cli_usage_error("%s", USAGE);
    App app;
    int rc = cli_app_open(cli, &app, 0, 1);
    if (rc)
        return rc;
    rc = fn(&app, argc - 1, argv + 1);
    app_close(&app);
    return rc;
}
