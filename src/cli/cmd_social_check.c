/* daicho social password-check | post-check: the checks any user runs
 * before choosing a password (10オ) or posting (10ウ). The password comes
 * on stdin only and is wiped before it is freed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_social_internal.h"
#include "util/file.h"

/* ---- password-check ---- */

int cmd_social_password(Cli *cli, int argc, char **argv)
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
    } else if ((rc = cmd_social_open(cli, &app)) == EXIT_OK) {
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

int cmd_social_post(Cli *cli, int argc, char **argv)
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
    if ((rc = cmd_social_open(cli, &app))) {
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
            str_append_json_member(&o, "clause", f->clause);
            str_append_json_member(&o, "severity", severity_names[f->severity]);
            str_appendf(&o, ",\"unconfirmed\":%s", f->unconfirmed ? "true" : "false");
            str_append_json_member(&o, "message", f->message);
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

