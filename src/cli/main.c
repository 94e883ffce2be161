/* daicho — entry point: global options, built-in profiles, dispatch. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/file.h"

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("daicho: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

void cli_print_errors(const Errors *errs)
{
    for (int i = 0; i < errs->count; i++)
        fprintf(stderr, "%s\n", errs->msg[i]);
    if (errs->dropped)
        fprintf(stderr, "(%d more errors not shown)\n", errs->dropped);
}

void cli_load_builtin(Cli *cli)
{
    if (cli->builtin_loaded)
        return;
    cli->builtin_loaded = 1;
    Errors errs = {0};
    /* A broken built-in profile is a build error (the test suite fails on
     * this warning); the others stay usable. */
    if (!profileset_load_builtin(cli->profiles, &errs)) {
        fprintf(stderr, "daicho: warning: a built-in profile is broken and was skipped:\n");
        cli_print_errors(&errs);
    }
    errors_free(&errs);
}

const Profile *cli_profile(Cli *cli, const char *id)
{
    cli_load_builtin(cli);
    const Profile *p = profileset_find(cli->profiles, id);
    if (p)
        return p;
    fprintf(stderr, "daicho: unknown profile '%s' (known:", id);
    for (int i = 0; i < cli->profiles->n; i++)
        fprintf(stderr, " %s", cli->profiles->items[i]->id);
    fprintf(stderr, ")\n");
    return NULL;
}

int cmd_help(Cli *cli, int argc, char **argv)
{
    (void)cli, (void)argc, (void)argv;
    printf("daicho — 外部サービス利用の台帳と審査\n\n使い方: daicho [--profile-file PATH]… COMMAND [ARGS]\n\n");
    for (int i = 0; i < command_count; i++)
        printf("  daicho %s %s\n      %s\n", commands[i].name, commands[i].usage, commands[i].summary);
    printf("\n共通オプション: --db URL（既定: $DAICHO_DB または ./daicho.db、postgresql://… で PostgreSQL）, "
           "--as LOGIN（操作する利用者、既定: $DAICHO_USER）\n");
    printf("\n終了コード: 0 成功／禁止事項なし, 1 禁止事項あり (block), 2 使い方・入力の誤り・手続きに反する操作, "
           "3 データベースを使えない（ロック・容量不足・接続不可）\n"
           "詳しくは docs/cli.md と docs/evaluate.md を参照してください。\n");
    return EXIT_OK;
}

/* Remove every "--profile-file PATH" from argv and load those files. */
static int load_profile_files(Cli *cli, int *argc, char **argv)
{
    int out = 0, rc = EXIT_OK;
    for (int i = 0; i < *argc; i++) {
        if (strcmp(argv[i], "--profile-file") != 0 && strncmp(argv[i], "--profile-file=", 15) != 0) {
            argv[out++] = argv[i];
            continue;
        }
        cli_load_builtin(cli); /* first, so that a file may replace a built-in id */
        const char *path = argv[i][14] == '=' ? argv[i] + 15 : (i + 1 < *argc ? argv[++i] : NULL);
        if (!path)
            return cli_usage_error("--profile-file needs a path");
        size_t len;
        const char *err;
        char *text = file_read(path, &len, &err);
        if (!text) {
            rc = cli_usage_error("%s: %s", path, err);
            continue;
        }
        Errors errs = {0};
        const Profile *p = profileset_add(cli->profiles, path, text, len, &errs);
        free(text);
        if (!p) {
            cli_print_errors(&errs);
            rc = EXIT_USAGE;
        } else {
            cli->extra_profile_id = p->id;
        }
        errors_free(&errs);
    }
    *argc = out;
    return rc;
}

/* Remove the global "--db URL" and "--as LOGIN" from argv, wherever they are. */
static int take_globals(Cli *cli, int *argc, char **argv)
{
    int out = 0;
    for (int i = 0; i < *argc; i++) {
        const char **slot = strcmp(argv[i], "--db") == 0 ? &cli->db_url : strcmp(argv[i], "--as") == 0 ? &cli->as_login : NULL;
        if (!slot) {
            argv[out++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc)
            return cli_usage_error("%s needs a value", argv[i]);
        *slot = argv[++i];
    }
    *argc = out;
    if (!cli->as_login)
        cli->as_login = getenv("DAICHO_USER");
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    ProfileSet set = {0};
    Cli cli = {&set, NULL, 0, NULL, NULL};
    argc--, argv++;
    int rc = take_globals(&cli, &argc, argv);
    if (rc == EXIT_OK)
        rc = load_profile_files(&cli, &argc, argv);
    if (rc == EXIT_OK) {
        if (argc == 0 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
            rc = cmd_help(&cli, argc, argv);
        } else {
            rc = -1;
            for (int i = 0; i < command_count && rc < 0; i++)
                if (strcmp(commands[i].name, argv[0]) == 0)
                    rc = commands[i].fn(&cli, argc - 1, argv + 1);
            if (rc < 0)
                rc = cli_usage_error("unknown command '%s' (see: daicho help)", argv[0]);
        }
    }
    profileset_free(&set);
    return rc;
}
