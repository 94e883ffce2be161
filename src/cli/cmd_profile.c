/* daicho profile show ID [--json]
 * daicho profile check FILE…     — validate profile files, print every error */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/profile_text.h"
#include "exchange/profile_json.h"
#include "util/file.h"
#include "util/str.h"

static int profile_show(Cli *cli, int argc, char **argv)
{
    const char *id = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (argv[i][0] == '-' || id)
            return cli_usage_error("profile show: unexpected argument '%s'", argv[i]);
        else
            id = argv[i];
    }
    if (!id)
        id = cli->extra_profile_id;
    if (!id)
        return cli_usage_error("profile show: which profile? (see: daicho profiles)");
    const Profile *p = cli_profile(cli, id);
    if (!p)
        return EXIT_USAGE;
    Str out = STR_INIT;
    if (json)
        profile_json(p, &out);
    else
        profile_text(p, &out);
    if (str_failed(&out)) {
        str_free(&out);
        return cli_usage_error("out of memory");
    }
    fputs(str_cstr(&out), stdout);
    str_free(&out);
    return EXIT_OK;
}

static int profile_check(int argc, char **argv)
{
    if (argc == 0)
        return cli_usage_error("profile check: give one or more profile files");
    int rc = EXIT_OK;
    for (int i = 0; i < argc; i++) {
        size_t len;
        const char *err;
        char *text = file_read(argv[i], &len, &err);
        if (!text) {
            rc = cli_usage_error("%s: %s", argv[i], err);
            continue;
        }
        Errors errs = {0};
        Profile *p = profile_load(argv[i], text, len, &errs);
        free(text);
        if (p) {
            printf("%s: ok (%s: requirements %d, risks %d, rules %d, ledger fields %d)\n", argv[i], p->id,
                   p->n_items, p->n_risks, p->n_rules, p->n_ledger);
            profile_free(p);
        } else {
            cli_print_errors(&errs);
            rc = EXIT_USAGE;
        }
        errors_free(&errs);
    }
    return rc;
}

int cmd_profile(Cli *cli, int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "show") == 0)
        return profile_show(cli, argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "check") == 0)
        return profile_check(argc - 1, argv + 1);
    return cli_usage_error("profile: use 'profile show ID [--json]' or 'profile check FILE…'");
}
