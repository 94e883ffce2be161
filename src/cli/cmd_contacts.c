/* daicho contacts … (issue #6). PLACEHOLDER. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_contacts(Cli *cli, int argc, char **argv)
{
    (void)cli, (void)argc, (void)argv;
    fprintf(stderr, "daicho contacts: not implemented yet\n");
    return 2;
}
