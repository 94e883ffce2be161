/* daicho contacts — the contact chart of a ledger entry (連絡体制図;
 * docs/contacts.md): show it with its escalation path, save a version from
 * a JSON document, record a review without change, export CSV, print a
 * template document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app_contacts.h"
#include "cli/cli_app.h"
#include "exchange/contact_json.h"
#include "policy/approach.h"
#include "util/file.h"

static const char USAGE[] =
    "usage: daicho contacts show N [--json] | set N FILE.json [--note T] | review N [--note T]\n"
    "       daicho contacts export [N] --csv FILE|- | sample [--profile ID]";

static int usage(void)
{
    return cli_usage_error("contacts: %s", USAGE);
}

typedef struct Versions {
    Str *json;
    int n;
    int text;
} Versions;

static int on_version(void *ctx, const ContactChartRow *r)
{
    Versions *v = ctx;
    if (v->text) {
        printf("  版%d  %s  %s  %s\n", r->version, r->saved_at, r->saved_by, r->note);
        return 0;
    }
    str_appendf(v->json, "%s{\"version\":%d", v->n++ ? "," : "", r->version);
    str_append_json_member(v->json, "saved_by", r->saved_by);
    str_append_json_member(v->json, "saved_at", r->saved_at);
    str_append_json_member(v->json, "approach", r->approach);
    str_append_json_member(v->json, "note", r->note);
    str_appendc(v->json, '}');
    return 0;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

static void print_contact(const Contact *c)
{
    char cover[128];
    printf("  - %s %s %s\n", nz(c->organization), nz(c->department), nz(c->name));
    printf("    電話 %s  メール %s  [%s] %s\n", c->phone ? c->phone : "-", c->email ? c->email : "-",
           contact_cover_text(c->cover, cover, sizeof cover), nz(c->hours));
    if (c->note)
        printf("    %s\n", c->note);
}

static void print_text(App *app, const ContactView *v)
{
    const ContactPolicy *cp = app->profile->contacts;
    const EntryRow *e = &v->entry;
    printf("台帳 第%lld号 %s の連絡体制図 [%s]\n", e->number, e->service_name, cp->clause);
    if (!v->has_chart) {
        printf("状態: %s（daicho contacts sample で雛形を出力し、daicho contacts set %lld FILE.json で登録）\n",
               contact_status_labels[v->status], e->number);
    } else {
        printf("状態: %s  版%d  %s %s  次回確認期限 %s\n", contact_status_labels[v->status], v->row.version, v->row.saved_at,
               v->row.saved_by, v->review_due);
        printf("対処方針 [%s]: %s%s%s\n", cp->approach_clause, approach_labels[v->chart.approach],
               v->chart.approach ? " — " : "", approach_actions[v->chart.approach]);
        printf("エスカレーションの方法・タイミング [%s]: %s\n", cp->escalation_clause,
               v->chart.escalation_timing ? v->chart.escalation_timing : "（未記載）");
        printf("\n提供者の連絡先:\n");
        for (int i = 0; i < v->chart.n_provider; i++)
            print_contact(&v->chart.provider[i]);
        printf("\n委託事業者（再委託先）: %s\n", v->chart.has_subcontractors ? "あり" : "なし");
        for (int s = 0; s < v->chart.n_subs; s++) {
            printf("  %s（%s）\n", v->chart.subs[s].organization, nz(v->chart.subs[s].scope));
            for (int i = 0; i < v->chart.subs[s].n_contacts; i++)
                print_contact(&v->chart.subs[s].contacts[i]);
        }
    }
    printf("\n庁内の報告経路:\n");
    for (int i = 0; i < v->n_path; i++) {
        const ContactPathStep *s = &v->path[i];
        printf("  %d. %s%s%s%s", i + 1, s->label, s->clause ? " [" : "", nz(s->clause), s->clause ? "]" : "");
        if (s->numbers)
            printf("  電話 %s  休日・夜間 %s", s->numbers->phone ? s->numbers->phone : "-",
                   s->numbers->after_hours ? s->numbers->after_hours : "-");
        printf("\n");
        if (!s->n_people)
            printf("     （該当する利用者がいません）\n");
        for (int k = 0; k < s->n_people; k++) {
            const ContactPerson *p = &s->people[k];
            printf("     %s %s %s（%s）", p->name, p->department, p->title, p->login);
            if (*p->email)
                printf(" <%s>", p->email);
            printf("\n");
        }
    }
    for (int i = 0; i < v->n_findings; i++)
        printf("%s %s%s%s%s\n", v->findings[i].block ? "要修正:" : "注意:", v->findings[i].message,
               v->findings[i].clause ? " [" : "", nz(v->findings[i].clause), v->findings[i].clause ? "]" : "");
}

static int show(Cli *cli, int argc, char **argv)
{
    int json = 0;
    const CliOpt opts[] = {{"--json", OPT_FLAG, &json}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("contacts show", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return usage();
    long long number = cli_number(pos[0], "contacts show N");
    if (!number)
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    ContactView v;
    AppRc r = app_contact_view(&app, number, &v);
    if (r == APP_OK) {
        Str versions = STR_INIT, o = STR_INIT;
        Versions vs = {&versions, 0, !json};
        if (!json)
            print_text(&app, &v);
        if (!json && v.has_chart)
            printf("\n版の履歴:\n");
        if (json)
            str_appendc(&versions, '[');
        r = app_contact_versions(&app, v.entry.id, on_version, &vs);
        if (r == APP_OK && json) {
            str_appendc(&versions, ']');
            app_contact_view_json(&app, &v, str_cstr(&versions), &o);
            puts(str_cstr(&o));
        }
        str_free(&versions);
        str_free(&o);
    }
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

static int save(Cli *cli, int argc, char **argv, int review)
{
    const char *note = NULL;
    const CliOpt opts[] = {{"--note", OPT_VALUE, &note}, {NULL, 0, NULL}};
    const char *pos[2];
    int n, rc = cli_parse(review ? "contacts review" : "contacts set", argc, argv, opts, pos, 2, &n);
    if (rc)
        return rc;
    if (n != (review ? 1 : 2))
        return usage();
    long long number = cli_number(pos[0], review ? "contacts review N" : "contacts set N");
    if (!number)
        return EXIT_USAGE;
    char *text = NULL;
    size_t len = 0;
    if (!review) {
        const char *err;
        if (!(text = file_read(pos[1], &len, &err)))
            return cli_usage_error("contacts set: %s: %s", pos[1], err);
    }
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1))) {
        free(text);
        return rc;
    }
    int version = 0;
    AppRc r = review ? app_contact_review(&app, number, note, &version)
                     : app_contact_save(&app, number, pos[1], text, len, note, &version);
    if (r == APP_OK)
        printf("台帳 第%lld号 の連絡体制図を%s（版%d）\n", number, review ? "確認した記録を残しました" : "保存しました", version);
    free(text);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

/* Write `s` to `path` whole ("-": stdout): beside it first, then renamed. */
static int write_out(const char *path, const Str *s)
{
    if (!strcmp(path, "-"))
        return fwrite(s->buf, 1, s->len, stdout) == s->len ? 0 : -1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "wb");
    int ok = f && fwrite(s->buf, 1, s->len, f) == s->len;
    if (f)
        ok = fclose(f) == 0 && ok;
    else
        close(fd);
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int export(Cli *cli, int argc, char **argv)
{
    const char *csv = NULL;
    const CliOpt opts[] = {{"--csv", OPT_VALUE, &csv}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("contacts export", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (!csv)
        return cli_usage_error("contacts export: --csv FILE を指定してください（- で標準出力）");
    long long number = 0;
    if (n == 1 && !(number = cli_number(pos[0], "contacts export N")))
        return EXIT_USAGE;
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    Str out = STR_INIT;
    long long rows = 0;
    AppRc r = app_contact_csv(&app, number, &out, &rows);
    if (r == APP_OK && write_out(csv, &out) != 0)
        r = app_fail(&app, APP_INVALID, NULL, "%s に書き込めません", csv);
    if (r == APP_OK && strcmp(csv, "-") != 0)
        printf("連絡体制図 %lld 行を %s に書き出しました\n", rows, csv);
    str_free(&out);
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}

static int sample(Cli *cli, int argc, char **argv)
{
    const char *profile = NULL;
    const CliOpt opts[] = {{"--profile", OPT_VALUE, &profile}, {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("contacts sample", argc, argv, opts, pos, 0, &n);
    if (rc)
        return rc;
    Str o = STR_INIT;
    if (profile) {
        const Profile *p = cli_profile(cli, profile);
        if (!p)
            return EXIT_USAGE;
        if (!p->contacts)
            return cli_usage_error("contacts sample: %s には連絡体制図の定め（contact_chart）がありません", profile);
        app_contact_sample(p, &o);
        fputs(str_cstr(&o), stdout);
        str_free(&o);
        return EXIT_OK;
    }
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    if (!app.profile->contacts) {
        rc = cli_usage_error("contacts sample: この団体の基準（%s）には連絡体制図の定めがありません", app.profile->id);
    } else {
        app_contact_sample(app.profile, &o);
        fputs(str_cstr(&o), stdout);
    }
    str_free(&o);
    app_close(&app);
    return rc;
}

int cmd_contacts(Cli *cli, int argc, char **argv)
{
    if (argc < 1)
        return usage();
    const char *sub = argv[0];
    if (!strcmp(sub, "show"))
        return show(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "set"))
        return save(cli, argc - 1, argv + 1, 0);
    if (!strcmp(sub, "review"))
        return save(cli, argc - 1, argv + 1, 1);
    if (!strcmp(sub, "export"))
        return export(cli, argc - 1, argv + 1);
    if (!strcmp(sub, "sample"))
        return sample(cli, argc - 1, argv + 1);
    return usage();
}
