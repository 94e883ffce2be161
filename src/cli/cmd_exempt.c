/* PLACEHOLDER (issue #5): daicho exempt. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_exempt(Cli *cli, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    fprintf(stderr, "daicho exempt: not built yet\n");
    return 2;
}
