/* Shared by the cmd_social*.c files (daicho social, split by subcommand:
 * the dispatcher in cmd_social.c, accounts in cmd_social_account.c, show in
 * cmd_social_show.c, the post and password checks in cmd_social_check.c,
 * playbooks in cmd_social_playbook.c); not part of the CLI interface. */
#ifndef DAICHO_CMD_SOCIAL_INTERNAL_H
#define DAICHO_CMD_SOCIAL_INTERNAL_H
#include "app/app_social.h"
#include "cli/cli_app.h"

/* The usage of every social subcommand; returns EXIT_USAGE. */
int cmd_social_usage(void);
/* Open the database acting as the --as user (cli_app_open). */
int cmd_social_open(Cli *cli, App *app);
/* *out: the label of `name` in a names/labels pair, or `name` itself when
 * unknown; returns its index or -1. */
int cmd_social_label(const char *const *names, const char *const *labels, const char *name, const char **out);
/* An account as a JSON object (the rows of list --json and show --json). */
void cmd_social_account_json(const SocialAccountRow *a, Str *o);

/* The subcommands: argv after the subcommand's name. */
int cmd_social_account(Cli *cli, int argc, char **argv);  /* account add|status */
int cmd_social_list(Cli *cli, int argc, char **argv);     /* list */
int cmd_social_due(Cli *cli, int argc, char **argv);      /* due */
int cmd_social_check(Cli *cli, int argc, char **argv);    /* check */
int cmd_social_monitor(Cli *cli, int argc, char **argv);  /* monitor */
int cmd_social_show(Cli *cli, int argc, char **argv);     /* show */
int cmd_social_password(Cli *cli, int argc, char **argv); /* password-check */
int cmd_social_post(Cli *cli, int argc, char **argv);     /* post-check */
int cmd_social_playbook(Cli *cli, int argc, char **argv); /* playbook start|step|close|show */

#endif
