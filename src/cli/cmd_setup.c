/* daicho init | org … | user … — the database, organizations and users. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_app.h"
#include "store/migrate.h"

int cmd_init(Cli *cli, int argc, char **argv)
{
    const char *pos[1];
    int n, rc = cli_parse("init", argc, argv, NULL, pos, 0, &n);
    if (rc)
        return rc;
    App app;
    if ((rc = cli_app_open(cli, &app, 1, 0)))
        return rc;
    printf("データベースを用意しました（%s、スキーマ版 %d）\n", db_kind(app.db) == DB_POSTGRES ? "PostgreSQL" : "SQLite",
           migrate_version(app.db));
    app_close(&app);
    return EXIT_OK;
}

int cmd_org(Cli *cli, int argc, char **argv)
{
    const char *name = NULL, *profile = NULL, *admin = NULL, *admin_name = NULL, *admin_dept = NULL, *admin_title = NULL;
    int password_stdin = 0, json = 0;
    const CliOpt opts[] = {{"--name", OPT_VALUE, &name},
                           {"--profile", OPT_VALUE, &profile},
                           {"--admin", OPT_VALUE, &admin},
                           {"--admin-name", OPT_VALUE, &admin_name},
                           {"--admin-department", OPT_VALUE, &admin_dept},
                           {"--admin-title", OPT_VALUE, &admin_title},
                           {"--password-stdin", OPT_FLAG, &password_stdin},
                           {"--json", OPT_FLAG, &json},
                           {NULL, 0, NULL}};
    const char *pos[2];
    int n, rc = cli_parse("org", argc, argv, opts, pos, 2, &n);
    if (rc)
        return rc;
    if (n == 1 && strcmp(pos[0], "show") == 0) {
        App app;
        if ((rc = cli_app_open(cli, &app, 0, 1)))
            return rc;
        if (json) {
            Str o = STR_INIT;
            str_appendf(&o, "{\"id\":%lld,\"code\":", app.org.id);
            str_append_json(&o, app.org.code);
            str_append(&o, ",\"name\":");
            str_append_json(&o, app.org.name);
            str_append(&o, ",\"profile\":");
            str_append_json(&o, app.org.profile_id);
            str_append(&o, ",\"profile_version\":");
            str_append_json(&o, app.org.profile_version);
            str_append(&o, "}\n");
            fputs(str_cstr(&o), stdout);
            str_free(&o);
        } else {
            printf("%s（%s）\nプロファイル: %s %s\n", app.org.name, app.org.code, app.org.profile_id, app.org.profile_version);
            if (strcmp(app.org.profile_version, app.profile->version) != 0)
                printf("注意: 組み込みのプロファイルは %s です\n", app.profile->version);
        }
        app_close(&app);
        return EXIT_OK;
    }
    if (n != 2 || strcmp(pos[0], "create") != 0)
        return cli_usage_error("org: usage: daicho org create CODE --name NAME --profile ID --admin LOGIN --admin-name NAME | org show");
    if (!name || !profile || !admin || !admin_name)
        return cli_usage_error("org create: --name, --profile, --admin and --admin-name are required");
    char *password = password_stdin ? cli_read_password() : NULL;
    if (password_stdin && !password)
        return cli_usage_error("org create: --password-stdin: no password on standard input");
    App app;
    if ((rc = cli_app_open(cli, &app, 1, 0))) {
        free(password);
        return rc;
    }
    NewUser u = {.login = admin, .name = admin_name, .department = admin_dept, .title = admin_title, .is_admin = 1,
                 .password = password};
    long long org_id;
    AppRc r = app_org_create(&app, pos[1], name, profile, &u, &org_id);
    if (r == APP_OK)
        printf("組織 %s（%s）を作成しました。システム管理者: %s\n", pos[1], name, admin);
    rc = cli_app_result(&app, r);
    if (password) {
        memset(password, 0, strlen(password));
        free(password);
    }
    app_close(&app);
    return rc;
}

static int print_user(void *ctx, const UserRow *u)
{
    Str *o = ctx;
    if (o) {
        str_append(o, o->len > 1 ? ",\n  {\"login\":" : "\n  {\"login\":");
        str_append_json(o, u->login);
        str_append(o, ",\"name\":");
        str_append_json(o, u->name);
        str_append(o, ",\"department\":");
        str_append_json(o, u->department);
        str_append(o, ",\"title\":");
        str_append_json(o, u->title);
        str_appendf(o, ",\"admin\":%s,\"auditor\":%s,\"active\":%s,\"roles\":[", u->is_admin ? "true" : "false",
                    u->is_auditor ? "true" : "false", u->active ? "true" : "false");
        for (int i = 0; i < u->n_roles; i++) {
            str_append(o, i ? "," : "");
            str_append_json(o, u->roles[i]);
        }
        str_append(o, "]}");
        return 0;
    }
    printf("%-16s %s\t%s\t%s\t", u->login, u->name, u->department, u->title);
    for (int i = 0; i < u->n_roles; i++)
        printf("%s%s", i ? "," : "", u->roles[i]);
    printf("%s%s\n", u->is_admin ? "\t[システム管理者]" : "", u->is_auditor ? "\t[監査担当]" : "");
    return 0;
}

int cmd_user(Cli *cli, int argc, char **argv)
{
    const char *name = NULL, *dept = NULL, *title = NULL;
    CliList roles = {0};
    int admin = 0, auditor = 0, password_stdin = 0, json = 0;
    const CliOpt opts[] = {{"--name", OPT_VALUE, &name},       {"--department", OPT_VALUE, &dept},
                           {"--auditor", OPT_FLAG, &auditor},
                           {"--title", OPT_VALUE, &title},     {"--role", OPT_LIST, &roles},
                           {"--admin", OPT_FLAG, &admin},      {"--password-stdin", OPT_FLAG, &password_stdin},
                           {"--json", OPT_FLAG, &json},        {NULL, 0, NULL}};
    const char *pos[2];
    int n, rc = cli_parse("user", argc, argv, opts, pos, 2, &n);
    if (rc)
        return rc;
    const char *sub = n ? pos[0] : "";
    if (!((strcmp(sub, "list") == 0 && n == 1) || (n == 2 && (!strcmp(sub, "add") || !strcmp(sub, "roles") || !strcmp(sub, "passwd")))))
        return cli_usage_error("user: usage: daicho user add LOGIN --name NAME --role R… | roles LOGIN --role R… | passwd LOGIN --password-stdin | list");
    char *password = NULL;
    if (password_stdin && !(password = cli_read_password()))
        return cli_usage_error("user: --password-stdin: no password on standard input");
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1))) {
        free(password);
        return rc;
    }
    AppRc r = APP_OK;
    if (strcmp(sub, "list") == 0) {
        Str o = STR_INIT;
        str_append(&o, "[");
        if (store_user_each(app.db, &app.arena, app.org.id, print_user, json ? &o : NULL) != 0)
            r = app_dbfail(&app);
        else if (json) {
            str_append(&o, "\n]\n");
            fputs(str_cstr(&o), stdout);
        }
        str_free(&o);
    } else if (strcmp(sub, "add") == 0) {
        NewUser u = {.login = pos[1], .name = name, .department = dept, .title = title, .roles = roles.v,
                     .n_roles = roles.n, .is_admin = admin, .is_auditor = auditor, .password = password};
        long long id;
        if (!name)
            return app_close(&app), free(password), cli_usage_error("user add: --name is required");
        if ((r = app_user_add(&app, &u, &id)) == APP_OK)
            printf("利用者 %s（%s）を登録しました\n", pos[1], name);
    } else if (strcmp(sub, "roles") == 0) {
        if ((r = app_user_set_roles(&app, pos[1], roles.v, roles.n)) == APP_OK)
            printf("利用者 %s の役割を更新しました\n", pos[1]);
    } else {
        if (!password)
            return app_close(&app), cli_usage_error("user passwd: --password-stdin is required");
        if ((r = app_user_set_password(&app, pos[1], password)) == APP_OK)
            printf("利用者 %s のパスワードを設定しました\n", pos[1]);
    }
    rc = cli_app_result(&app, r);
    if (password) {
        memset(password, 0, strlen(password));
        free(password);
    }
    app_close(&app);
    return rc;
}
