/* daicho gate … (issue #6). PLACEHOLDER. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_gate(Cli *cli, int argc, char **argv)
{
    (void)cli, (void)argc, (void)argv;
    fprintf(stderr, "daicho gate: not implemented yet\n");
    return 2;
}
