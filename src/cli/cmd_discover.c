/* PLACEHOLDER (issue #5): daicho discover. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_discover(Cli *cli, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    fprintf(stderr, "daicho discover: not built yet\n");
    return 2;
}
