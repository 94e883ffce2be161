/* daicho lookup SERVICE [--json] — "do I need to apply?" (app/app_lookup.h),
 * the same answer as /lookup. */
#include <stdio.h>
#include <string.h>

#include "app/app_lookup.h"
#include "cli/cli.h"
#include "cli/cli_app.h"

int cmd_lookup(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("lookup", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("lookup: usage: daicho lookup SERVICE-NAME-OR-URL [--json]");
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    Lookup l;
    AppRc r = app_lookup(&app, pos[0], &l);
    if (r == APP_OK && json) {
        Str s = STR_INIT;
        lookup_json(app.profile, pos[0], &l, &s);
        puts(str_cstr(&s));
        str_free(&s);
    } else if (r == APP_OK) {
        static const char *const heads[] = {"申請が必要です", "申請は不要です（条件付き）", "台帳に登録されています"};
        printf("%s\n%s", heads[l.answer], l.message);
        if (l.clause)
            printf("［%s］", l.clause);
        printf("\n");
        for (int i = 0; i < l.n_entries; i++)
            printf("  台帳 第%lld号  %s  %s  %s  %s%s\n", l.entries[i].number, l.entries[i].service_name,
                   l.entries[i].applicant_department ? l.entries[i].applicant_department : "",
                   entry_state_labels[l.entries[i].state], l.entries[i].confidentiality ? l.entries[i].confidentiality : "",
                   l.same_service[i] ? "" : "（説明に含む）");
        for (int i = 0; i < l.n_exempts; i++) {
            if (l.match[i] == EX_NONE || &l.exempts[i] == l.exact)
                continue;
            Str cl = STR_INIT;
            lookup_classes_text(app.profile, &l.exempts[i], &cl);
            printf("  似た名前の申請不要サービス: %s（%s の情報に限る）\n", l.exempts[i].name, str_cstr(&cl));
            str_free(&cl);
        }
    }
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}
