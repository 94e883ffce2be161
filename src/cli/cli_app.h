/* What the commands over the store share: options, opening the database as
 * the acting user, and turning use-case results into messages and exit codes. */
#ifndef DAICHO_CLI_APP_H
#define DAICHO_CLI_APP_H
#include "app/app.h"
#include "cli/cli.h"

enum { CLI_LIST_MAX = 32 };
typedef struct CliList {
    const char *v[CLI_LIST_MAX];
    int n;
} CliList;

typedef enum { OPT_VALUE, OPT_FLAG, OPT_LIST } OptKind;
typedef struct CliOpt {
    const char *name;   /* "--reason" */
    OptKind kind;
    void *dest;         /* const char ** | int * | CliList * */
} CliOpt;

/* Parse `argv` by the option table (NULL-name terminated); other arguments
 * are positional, at most `max_pos` into pos[]. Returns EXIT_OK or a usage
 * error naming the command and the offending argument. */
int cli_parse(const char *cmd, int argc, char **argv, const CliOpt *opts, const char **pos, int max_pos, int *n_pos);

/* Open the database (creating a SQLite file when `create`); act as --as when
 * `act`. Returns EXIT_OK or the exit code after printing why. */
int cli_app_open(Cli *cli, App *app, int create, int act);
/* Print app->err for a failed use case; the exit code for rc. */
int cli_app_result(App *app, AppRc rc);
/* A positive number from text, or 0 (after printing a usage error naming `what`). */
long long cli_number(const char *text, const char *what);
/* Read a password from stdin (one line, without the line end); NULL if none. Caller frees. */
char *cli_read_password(void);

#endif
