/* daicho incident … (issue #6). PLACEHOLDER. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_incident(Cli *cli, int argc, char **argv)
{
    (void)cli, (void)argc, (void)argv;
    fprintf(stderr, "daicho incident: not implemented yet\n");
    return 2;
}
