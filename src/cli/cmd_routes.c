/* daicho routes [--json] — the web application's route table (method,
 * pattern, access, api), straight from the tables the server dispatches
 * with, so that the tests can cover every route (tests/web). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/str.h"
#include "web/web.h"

static const char *access_name(Access a)
{
    switch (a) {
    case ACCESS_PUBLIC: return "public";
    case ACCESS_USER: return "user";
    case ACCESS_AUDIT: return "audit";
    case ACCESS_ADMIN: return "admin";
    }
    return "?";
}

int cmd_routes(Cli *cli, int argc, char **argv)
{
    (void)cli;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else
            return cli_usage_error("routes: unexpected argument '%s'", argv[i]);
    }
    Str out = STR_INIT;
    int n = 0;
    if (json)
        str_append(&out, "[");
    for (const RouteArea *a = route_areas; a->name; a++) {
        for (const Route *r = a->table; r->pattern; r++, n++) {
            if (json) {
                str_append(&out, n ? ",\n  {" : "\n  {");
                str_append(&out, "\"method\": ");
                str_append_json(&out, r->method);
                str_append(&out, ", \"pattern\": ");
                str_append_json(&out, r->pattern);
                str_appendf(&out, ", \"access\": \"%s\", \"api\": %s, \"raw_body\": %s, \"area\": \"%s\"}",
                            access_name(r->access), r->api ? "true" : "false", r->raw_body ? "true" : "false",
                            a->name);
            } else {
                str_appendf(&out, "%-5s %-40s %-7s %-4s %s\n", r->method, r->pattern, access_name(r->access),
                            r->api ? "api" : "html", a->name);
            }
        }
    }
    if (json)
        str_append(&out, n ? "\n]\n" : "]\n");
    fputs(str_cstr(&out), stdout);
    int failed = str_failed(&out);
    str_free(&out);
    return failed ? cli_usage_error("out of memory") : EXIT_OK;
}
