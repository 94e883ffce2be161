#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_app.h"

int cli_parse(const char *cmd, int argc, char **argv, const CliOpt *opts, const char **pos, int max_pos, int *n_pos)
{
    *n_pos = 0;
    for (int i = 0; i < argc; i++) {
        const CliOpt *o = NULL;
        for (const CliOpt *k = opts; k && k->name; k++)
            if (strcmp(argv[i], k->name) == 0)
                o = k;
        if (!o) {
            if (argv[i][0] == '-' && argv[i][1] == '-')
                return cli_usage_error("%s: unknown option '%s' (see: daicho help)", cmd, argv[i]);
            if (*n_pos == max_pos)
                return cli_usage_error("%s: unexpected argument '%s' (see: daicho help)", cmd, argv[i]);
            pos[(*n_pos)++] = argv[i];
            continue;
        }
        if (o->kind == OPT_FLAG) {
            *(int *)o->dest = 1;
            continue;
        }
        if (i + 1 >= argc)
            return cli_usage_error("%s: %s needs a value", cmd, o->name);
        if (o->kind == OPT_VALUE) {
            *(const char **)o->dest = argv[++i];
        } else {
            CliList *l = o->dest;
            if (l->n == CLI_LIST_MAX)
                return cli_usage_error("%s: too many %s", cmd, o->name);
            l->v[l->n++] = argv[++i];
        }
    }
    return EXIT_OK;
}

int cli_app_result(App *app, AppRc rc)
{
    if (rc == APP_OK)
        return EXIT_OK;
    fprintf(stderr, "daicho: %s\n", str_cstr(&app->err));
    switch (rc) {
    case APP_BLOCKED: return EXIT_BLOCKED;
    case APP_DBFAIL: return EXIT_DB;
    default: return EXIT_USAGE;
    }
}

int cli_app_open(Cli *cli, App *app, int create, int act)
{
    cli_load_builtin(cli);
    AppRc rc = app_open(app, cli->db_url, create, cli->profiles);
    if (rc == APP_OK && act)
        rc = app_act_as(app, cli->as_login);
    if (rc != APP_OK) {
        int code = cli_app_result(app, rc);
        app_close(app);
        return code;
    }
    return EXIT_OK;
}

long long cli_number(const char *text, const char *what)
{
    char *end;
    long long n = text ? strtoll(text, &end, 10) : 0;
    if (!text || *end || n <= 0) {
        cli_usage_error("%s '%s' is not a number", what, text ? text : "");
        return 0;
    }
    return n;
}

char *cli_read_password(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n <= 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = 0;
    return line;
}
