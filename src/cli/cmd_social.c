/* PLACEHOLDER (issue #5): daicho social. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_social(Cli *cli, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    fprintf(stderr, "daicho social: not built yet\n");
    return 2;
}
