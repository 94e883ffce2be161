/* daicho evaluate --profile ID [--json] [FILE|-]
 * Evaluates an application document (docs/evaluate.md). Exit 0 when nothing
 * blocks, 1 on a blocking finding, 2 on bad usage or input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/decision_text.h"
#include "exchange/appdoc_json.h"
#include "exchange/decision_json.h"
#include "util/file.h"
#include "util/str.h"

int cmd_evaluate(Cli *cli, int argc, char **argv)
{
    const char *profile_id = NULL, *path = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc)
            profile_id = argv[++i];
        else if (strncmp(argv[i], "--profile=", 10) == 0)
            profile_id = argv[i] + 10;
        else if ((argv[i][0] != '-' || strcmp(argv[i], "-") == 0) && !path)
            path = argv[i];
        else
            return cli_usage_error("evaluate: unexpected argument '%s' (usage: daicho evaluate --profile ID "
                                   "[--json] [FILE|-])", argv[i]);
    }
    if (!profile_id)
        profile_id = cli->extra_profile_id;
    if (!profile_id)
        return cli_usage_error("evaluate: --profile ID is required (see: daicho profiles)");
    const Profile *p = cli_profile(cli, profile_id);
    if (!p)
        return EXIT_USAGE;
    if (!path)
        path = "-";

    size_t len;
    const char *err;
    char *text = file_read(path, &len, &err);
    if (!text)
        return cli_usage_error("%s: %s", path, err);
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;

    Errors errs = {0};
    AppDoc doc;
    int rc = EXIT_USAGE;
    if (!appdoc_parse_json(&doc, p, name, text, len, &errs)) {
        cli_print_errors(&errs);
    } else {
        Decision d;
        if (!decision_init(&d, p)) {
            cli_usage_error("out of memory");
        } else {
            evaluate(&doc, &d);
            Str out = STR_INIT;
            if (json)
                decision_json(&doc, &d, 1, &out);
            else
                decision_text(&doc, &d, name, &out);
            if (str_failed(&out)) {
                cli_usage_error("out of memory");
            } else {
                fputs(str_cstr(&out), stdout);
                rc = d.verdict == VERDICT_BLOCKED ? EXIT_BLOCKED : EXIT_OK;
            }
            str_free(&out);
            decision_free(&d);
        }
    }
    appdoc_free(&doc);
    errors_free(&errs);
    free(text);
    return rc;
}
