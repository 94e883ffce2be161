/* daicho serve: the web application. Settings come from, in order of
 * precedence: options, environment (DAICHO_*), a config file (--config FILE,
 * "key = value" lines), defaults. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_app.h"
#include "util/file.h"
#include "web/server.h"

typedef struct Setting {
    const char *key;       /* config file key; the environment variable is DAICHO_ + upper case */
    const char **text;     /* string settings */
    int *number;           /* or a number */
    const char *help;
} Setting;

typedef struct ServeOpts {
    const char *db, *listen, *port, *threads, *https, *body_limit, *timeout, *session_minutes, *access_log, *public_url,
        *smtp_url, *smtp_from, *config;
} ServeOpts;

static void print_ready(const WebConfig *cfg)
{
    printf("daicho serve: http%s://%s:%d/ で待ち受けています（Ctrl+C または SIGTERM で停止）\n", cfg->https ? "s" : "",
           cfg->listen_addr, cfg->port);
    fflush(stdout);
}

/* A positive whole number within [min, max] from `text`, naming `what`. */
static int number_setting(const char *text, const char *what, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || end == text || v < min || v > max) {
        cli_usage_error("serve: %s '%s' は %ld〜%ld の整数にしてください", what, text, min, max);
        return -1;
    }
    *out = v;
    return 0;
}

/* "key = value" lines; # comments; unknown keys are an error naming the line. */
static int read_config(const char *path, ServeOpts *o, char **buf_out)
{
    size_t len = 0;
    const char *err = NULL;
    char *buf = file_read(path, &len, &err);
    if (!buf) {
        cli_usage_error("serve: --config %s: %s", path, err ? err : "読めません");
        return -1;
    }
    *buf_out = buf;
    struct {
        const char *key;
        const char **dest;
    } keys[] = {{"db", &o->db}, {"listen", &o->listen}, {"port", &o->port}, {"threads", &o->threads}, {"https", &o->https},
                {"body_limit", &o->body_limit}, {"timeout", &o->timeout}, {"session_minutes", &o->session_minutes},
                {"access_log", &o->access_log}, {"public_url", &o->public_url}, {"smtp_url", &o->smtp_url},
                {"smtp_from", &o->smtp_from}};
    int line = 0;
    for (char *p = buf; p && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        line++;
        char *s = p;
        p = nl ? nl + 1 : NULL;
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            s[--n] = 0;
        if (!*s || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            cli_usage_error("serve: %s:%d: 「キー = 値」の形ではありません", path, line);
            return -1;
        }
        char *k = s, *v = eq + 1;
        *eq = 0;
        for (size_t m = strlen(k); m && (k[m - 1] == ' ' || k[m - 1] == '\t'); m--)
            k[m - 1] = 0;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t i = 0;
        for (; i < sizeof keys / sizeof keys[0]; i++)
            if (strcmp(keys[i].key, k) == 0)
                break;
        if (i == sizeof keys / sizeof keys[0]) {
            cli_usage_error("serve: %s:%d: 不明な設定 '%s'", path, line, k);
            return -1;
        }
        if (!*keys[i].dest) /* options win over the file */
            *keys[i].dest = v;
    }
    return 0;
}

/* Environment DAICHO_LISTEN etc. for what options did not set. */
static void from_env(const char **dest, const char *var)
{
    const char *v = getenv(var);
    if (!*dest && v && *v)
        *dest = v;
}

int cmd_serve(Cli *cli, int argc, char **argv)
{
    ServeOpts o = {0};
    const CliOpt opts[] = {
        {"--listen", OPT_VALUE, &o.listen}, {"--port", OPT_VALUE, &o.port}, {"--threads", OPT_VALUE, &o.threads},
        {"--https", OPT_VALUE, &o.https}, {"--body-limit", OPT_VALUE, &o.body_limit}, {"--timeout", OPT_VALUE, &o.timeout},
        {"--session-minutes", OPT_VALUE, &o.session_minutes}, {"--access-log", OPT_VALUE, &o.access_log},
        {"--public-url", OPT_VALUE, &o.public_url}, {"--smtp-url", OPT_VALUE, &o.smtp_url},
        {"--smtp-from", OPT_VALUE, &o.smtp_from}, {"--config", OPT_VALUE, &o.config}, {NULL, 0, NULL}};
    int n_pos = 0;
    int rc = cli_parse("serve", argc, argv, opts, NULL, 0, &n_pos);
    if (rc != EXIT_OK)
        return rc;
    o.db = cli->db_url;
    from_env(&o.listen, "DAICHO_LISTEN");
    from_env(&o.port, "DAICHO_PORT");
    from_env(&o.threads, "DAICHO_THREADS");
    from_env(&o.https, "DAICHO_HTTPS");
    from_env(&o.access_log, "DAICHO_ACCESS_LOG");
    from_env(&o.public_url, "DAICHO_PUBLIC_URL");
    from_env(&o.smtp_url, "DAICHO_SMTP_URL");
    from_env(&o.smtp_from, "DAICHO_SMTP_FROM");
    from_env(&o.config, "DAICHO_CONFIG");
    char *config_text = NULL;
    if (o.config && read_config(o.config, &o, &config_text) != 0) {
        free(config_text);
        return EXIT_USAGE;
    }
    WebConfig cfg = {.db_url = o.db, .listen_addr = o.listen ? o.listen : "127.0.0.1", .port = 8080, .threads = 4,
                     .body_limit = 1 << 20, .timeout_seconds = 15, .session_minutes = 480,
                     .access_log = o.access_log ? o.access_log : "-", .public_url = o.public_url,
                     .smtp_url = o.smtp_url, .smtp_from = o.smtp_from};
    long v;
    if ((o.port && (number_setting(o.port, "port", 1, 65535, &v) || !(cfg.port = (int)v))) ||
        (o.threads && (number_setting(o.threads, "threads", 1, 64, &v) || !(cfg.threads = (int)v))) ||
        (o.body_limit && (number_setting(o.body_limit, "body_limit", 1024, 64L << 20, &v) || !(cfg.body_limit = (size_t)v))) ||
        (o.timeout && (number_setting(o.timeout, "timeout", 1, 3600, &v) || !(cfg.timeout_seconds = (int)v))) ||
        (o.session_minutes && (number_setting(o.session_minutes, "session_minutes", 5, 7 * 24 * 60, &v) ||
                               !(cfg.session_minutes = (int)v)))) {
        free(config_text);
        return EXIT_USAGE;
    }
    if (o.https) {
        if (strcmp(o.https, "on") && strcmp(o.https, "off")) {
            free(config_text);
            return cli_usage_error("serve: https は on か off にしてください（'%s'）", o.https);
        }
        cfg.https = strcmp(o.https, "on") == 0;
    }
    if (strcmp(cfg.access_log, "off") == 0)
        cfg.access_log = NULL;
    cli_load_builtin(cli);
    /* Open once here: a database that is missing or unreachable stops the
     * server at start (with the reason), not at the first request. */
    App probe;
    AppRc arc = app_open(&probe, cfg.db_url, 0, cli->profiles);
    if (arc != APP_OK) {
        fprintf(stderr, "daicho: %s\n", str_cstr(&probe.err));
        app_close(&probe);
        free(config_text);
        return EXIT_DB;
    }
    app_close(&probe);
    rc = web_serve(&cfg, cli->profiles, print_ready);
    free(config_text);
    return rc == 0 ? EXIT_OK : rc == 2 ? EXIT_USAGE : EXIT_DB;
}
