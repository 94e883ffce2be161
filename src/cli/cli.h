/* The command-line surface: one function per command, listed in one table
 * (cli/commands.c). Exit status: 0 success, 1 a blocking finding, 2 bad usage
 * or bad input (the message names what is wrong; nothing is written). */
#ifndef DAICHO_CLI_H
#define DAICHO_CLI_H
#include "policy/registry.h"

enum { EXIT_OK = 0, EXIT_BLOCKED = 1, EXIT_USAGE = 2, EXIT_DB = 3 };

typedef struct Cli {
    ProfileSet *profiles;         /* built-in plus --profile-file */
    const char *extra_profile_id; /* id of the last --profile-file, or NULL */
    int builtin_loaded;           /* built-in profiles are loaded on first use */
    const char *db_url;           /* --db URL (else $DAICHO_DB, else ./daicho.db) */
    const char *as_login;         /* --as LOGIN (else $DAICHO_USER) */
} Cli;

typedef int (*CommandFn)(Cli *cli, int argc, char **argv);

typedef struct Command {
    const char *name;
    CommandFn fn;
    const char *usage;    /* arguments after the name */
    const char *summary;  /* one line, Japanese */
} Command;

extern const Command commands[];
extern const int command_count;

int cmd_profiles(Cli *cli, int argc, char **argv);
int cmd_profile(Cli *cli, int argc, char **argv);
int cmd_evaluate(Cli *cli, int argc, char **argv);
int cmd_help(Cli *cli, int argc, char **argv);
int cmd_exempt(Cli *cli, int argc, char **argv);
int cmd_lookup(Cli *cli, int argc, char **argv);
int cmd_discover(Cli *cli, int argc, char **argv);
int cmd_meeting(Cli *cli, int argc, char **argv);
int cmd_social(Cli *cli, int argc, char **argv);
int cmd_mail(Cli *cli, int argc, char **argv);
int cmd_contacts(Cli *cli, int argc, char **argv);  /* cli/cmd_contacts.c */
int cmd_incident(Cli *cli, int argc, char **argv);  /* cli/cmd_incident.c */
int cmd_gate(Cli *cli, int argc, char **argv);      /* cli/cmd_gate.c */
int cmd_init(Cli *cli, int argc, char **argv);
int cmd_org(Cli *cli, int argc, char **argv);
int cmd_user(Cli *cli, int argc, char **argv);
int cmd_apply(Cli *cli, int argc, char **argv);
int cmd_submit(Cli *cli, int argc, char **argv);
int cmd_withdraw(Cli *cli, int argc, char **argv);
int cmd_decide(Cli *cli, int argc, char **argv);
int cmd_ledger(Cli *cli, int argc, char **argv);
int cmd_checklist(Cli *cli, int argc, char **argv);
int cmd_review(Cli *cli, int argc, char **argv);
int cmd_end(Cli *cli, int argc, char **argv);
int cmd_audit(Cli *cli, int argc, char **argv);
int cmd_due(Cli *cli, int argc, char **argv);
int cmd_cert(Cli *cli, int argc, char **argv);
int cmd_serve(Cli *cli, int argc, char **argv);
int cmd_routes(Cli *cli, int argc, char **argv);

/* Print "daicho: " + message to stderr and return EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print every collected error to stderr. */
void cli_print_errors(const Errors *errs);
/* Load the built-in profiles once (warning about any broken one). */
void cli_load_builtin(Cli *cli);
/* Find profile `id` or report the known ids; NULL after reporting. */
const Profile *cli_profile(Cli *cli, const char *id);

#endif
