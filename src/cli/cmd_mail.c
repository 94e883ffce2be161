/* PLACEHOLDER (issue #5): daicho mail. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_mail(Cli *cli, int argc, char **argv)
{
    (void)cli; (void)argc; (void)argv;
    fprintf(stderr, "daicho mail: not built yet\n");
    return 2;
}
