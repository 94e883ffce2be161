/* PLACEHOLDER (issue #5): daicho meeting. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_meeting(Cli *cli, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    fprintf(stderr, "daicho meeting: not built yet\n");
    return 2;
}
