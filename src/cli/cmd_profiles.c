/* daicho profiles [--json] — the profiles this binary knows. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "exchange/field_text.h"
#include "util/str.h"

int cmd_profiles(Cli *cli, int argc, char **argv)
{
    int json = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else
            return cli_usage_error("profiles: unexpected argument '%s'", argv[i]);
    }
    cli_load_builtin(cli);
    Str out = STR_INIT;
    if (json)
        str_append(&out, "[");
    for (int i = 0; i < cli->profiles->n; i++) {
        const Profile *p = cli->profiles->items[i];
        Str eff = STR_INIT;
        if (p->effective)
            date_text(p->effective, &eff);
        if (json) {
            str_append(&out, i ? ",\n  {" : "\n  {");
            str_append(&out, "\"id\": ");
            str_append_json(&out, p->id);
            str_append(&out, ", \"organization\": ");
            str_append_json(&out, p->organization);
            str_append(&out, ", \"document\": ");
            str_append_json(&out, p->document);
            str_append(&out, ", \"version\": ");
            str_append_json(&out, p->version);
            str_append(&out, ", \"effective\": ");
            if (p->effective)
                str_append_json(&out, str_cstr(&eff));
            else
                str_append(&out, "null");
            str_appendf(&out, ", \"items\": %d, \"rules\": %d}", p->n_items, p->n_rules);
        } else {
            str_appendf(&out, "%-22s %s 「%s」 %s 施行・改正 %s（要件 %d、ルール %d）\n", p->id, p->organization,
                        p->document, p->version, p->effective ? str_cstr(&eff) : "記載なし", p->n_items,
                        p->n_rules);
        }
        str_free(&eff);
    }
    if (json)
        str_append(&out, "\n]\n");
    fputs(str_cstr(&out), stdout);
    int failed = str_failed(&out);
    str_free(&out);
    return failed ? cli_usage_error("out of memory") : EXIT_OK;
}
