/* daicho social — the register of official social-media accounts (tokyo-edu
 * 10; docs/social.md): accounts, their checks of 10 イ–ケ, monitoring, the
 * pre-posting and password checks, and the incident playbooks. This file
 * dispatches to the subcommands (cmd_social_*.c) and holds what they share
 * (cmd_social_internal.h): the usage, opening the app, labels and the JSON
 * of an account. */
#include <string.h>

#include "cli/cmd_social_internal.h"

static const char USAGE[] =
    "usage: daicho social account add FILE.json | account status ID active|suspended|closed --reason R\n"
    "       daicho social list [--json] | show ID [--json] | due [--within DAYS] [--json]\n"
    "       daicho social check ID --item I --status done|not_applicable|not_done [--evidence E]\n"
    "       daicho social monitor ID --result ok|issues [--note N]\n"
    "       daicho social password-check [--profile ID]   (the candidate on stdin, never as an argument)\n"
    "       daicho social post-check FILE.json [--json]\n"
    "       daicho social playbook start ID PLAYBOOK [--note N] | step RUN STEP [--note N] | close RUN | show RUN [--json]";

int cmd_social_usage(void)
{
    return cli_usage_error("social: %s", USAGE);
}

int cmd_social_open(Cli *cli, App *app)
{
    return cli_app_open(cli, app, 0, 1);
}

int cmd_social_label(const char *const *names, const char *const *labels, const char *name, const char **out)
{
    int k = state_index(names, name);
    *out = k >= 0 ? labels[k] : name;
    return k;
}

void cmd_social_account_json(const SocialAccountRow *a, Str *o)
{
    str_appendc(o, '{');
    app_social_account_json_members(a, o);
    str_appendc(o, '}');
}

int cmd_social(Cli *cli, int argc, char **argv)
{
    if (argc < 1)
        return cmd_social_usage();
    const char *sub = argv[0];
    if (!strcmp(sub, "account"))
        return cmd_social_account(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "list"))
        return cmd_social_list(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "show"))
        return cmd_social_show(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "due"))
        return cmd_social_due(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "check"))
        return cmd_social_check(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "monitor"))
        return cmd_social_monitor(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "password-check"))
        return cmd_social_password(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "post-check"))
        return cmd_social_post(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "playbook"))
        return cmd_social_playbook(cli, argc - 1, argv + 1);
    return cmd_social_usage();
}
