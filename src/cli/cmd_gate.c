/* daicho gate — the gate before operation of a ledger entry
 * (kitakyushu-cloud 3.3③④; app/app_gate.h, docs/gate.md):
 *
 *   daicho gate N [--json]                      the procedures, the build checks, what is missing
 *   daicho gate N --procedure ID --status prepared|confirmed --document D [--note T]
 *   daicho gate N --withdraw ID --note T        before go-live only
 *   daicho gate N --golive [--date YYYY-MM-DD] [--note T]
 *
 * Changes act as --as (the gate's role: 所属長). Exit 2 when refused (the
 * message lists every missing piece with its clause), 0 otherwise. */
#include <stdio.h>
#include <string.h>

#include "app/app_gate.h"
#include "cli/cli_app.h"

static const char *check_label(const char *status)
{
    if (!status)
        return "未記録";
    return !strcmp(status, "done") ? "実施済" : !strcmp(status, "not_applicable") ? "該当なし" : "未実施";
}

static const char *proc_label(const char *status)
{
    int s = status ? state_index(gate_status_names, status) : -1;
    return s >= 0 ? gate_status_labels[s] : "未記録";
}

static void print_status(const App *app, const EntryRow *e, const GateStatus *st)
{
    const Profile *p = app->profile;
    const OperationGate *g = st->gate;
    printf("台帳 第%lld号「%s」 運用開始前の確認\n", e->number, e->service_name);
    if (st->phase == GATE_PHASE_NONE) {
        printf("  %s。この台帳に運用開始の手続きはありません。\n", st->reason);
        return;
    }
    printf("  状態: %s%s（台帳: %s）\n", gate_phase_labels[st->phase], st->imported ? "（台帳の取込で登録、取込前から利用中）" : "",
           entry_state_labels[e->state]);
    printf("  記録と運用開始: %s [%s]\n", p->roles[g->role].label, g->role_clause);
    printf("\n■ 実施手順 [%s]（整備又は確認し、手順を収めた文書を記録）\n", g->clause);
    for (int k = 0; k < st->n_procs; k++) {
        const GateProcView *v = &st->procs[k];
        printf("  [%s] %-8s %s\n      %s\n", v->proc->clause, proc_label(v->status), v->proc->id, v->proc->text);
        if (v->status)
            printf("      文書: %s%s%s（%s %s）\n", *v->document ? v->document : "-", *v->note ? " / " : "", v->note, v->by, v->at);
    }
    printf("\n■ 構築時の確認 [%s]（%s の各項目を納品物等で確認: daicho checklist %lld --item ID --status done --evidence 納品物）\n",
           g->build_clause, g->build_covers ? g->build_covers : "導入・構築時", e->number);
    if (!st->n_items)
        printf("  この利用に該当する項目はありません。\n");
    for (int i = 0; i < st->n_items; i++) {
        const GateItemView *v = &st->items[i];
        printf("  [%s] %-8s %s\n", v->item->clause, check_label(v->status), v->item->id);
        if (v->evidence && *v->evidence)
            printf("      根拠: %s（%s %s）\n", v->evidence, v->by, v->at);
    }
    printf("\n■ 運用開始\n");
    if (st->has_start)
        printf("  %s に運用開始（%s%s%s）\n", st->start.started_on, st->start.recorded_by ? st->start.recorded_by : "確認の導入前から利用中",
               *st->start.note ? " / " : "", st->start.note);
    else if (st->imported)
        printf("  台帳の取込で登録された利用で、取込の前から運用中です。\n");
    else if (e->state != ENTRY_ACTIVE)
        printf("  運用開始の記録はありません。\n");
    else if (!st->n_missing)
        printf("  すべて揃っています。daicho gate %lld --golive [--date YYYY-MM-DD] で運用開始を記録できます。\n", e->number);
    else {
        printf("  まだ運用を開始できません。次の %d 件が必要です:\n", st->n_missing);
        for (int i = 0; i < st->n_missing; i++) {
            const GateMissing *m = &st->missing[i];
            printf("  - [%s] %s %s: %s\n", m->clause, m->kind == GATE_MISSING_PROCEDURE ? "実施手順" : "構築時の確認", m->id, m->why);
        }
    }
}

int cmd_gate(Cli *cli, int argc, char **argv)
{
    const char *procedure = NULL, *status = NULL, *document = NULL, *note = NULL, *withdraw = NULL, *date = NULL;
    int golive = 0, json = 0;
    const CliOpt opts[] = {{"--procedure", OPT_VALUE, &procedure}, {"--status", OPT_VALUE, &status},
                           {"--document", OPT_VALUE, &document},   {"--note", OPT_VALUE, &note},
                           {"--withdraw", OPT_VALUE, &withdraw},   {"--golive", OPT_FLAG, &golive},
                           {"--date", OPT_VALUE, &date},           {"--json", OPT_FLAG, &json},
                           {NULL, 0, NULL}};
    const char *pos[1];
    int n, rc = cli_parse("gate", argc, argv, opts, pos, 1, &n);
    if (rc)
        return rc;
    if (n != 1)
        return cli_usage_error("gate: usage: daicho gate N [--json] | N --procedure ID --status prepared|confirmed --document D [--note T]"
                               " | N --withdraw ID --note T | N --golive [--date YYYY-MM-DD] [--note T]");
    long long number = cli_number(pos[0], "ledger number");
    if (!number)
        return EXIT_USAGE;
    if ((procedure != NULL) + (withdraw != NULL) + golive > 1)
        return cli_usage_error("gate: --procedure, --withdraw and --golive are separate actions: give one");
    if (!procedure && (status || document))
        return cli_usage_error("gate: --status and --document go with --procedure ID");
    if (date && !golive)
        return cli_usage_error("gate: --date goes with --golive");
    if (json && (procedure || withdraw || golive))
        return cli_usage_error("gate: --json shows the status; it does not go with a change");
    App app;
    if ((rc = cli_app_open(cli, &app, 0, 1)))
        return rc;
    AppRc r;
    if (procedure) {
        r = app_gate_record(&app, number, procedure, status, document, note);
        if (r == APP_OK)
            printf("台帳 第%lld号: 実施手順 %s を「%s」として記録しました（文書: %s）\n", number, procedure,
                   !strcmp(status, "prepared") ? "整備済み" : "確認済み", document);
    } else if (withdraw) {
        r = app_gate_withdraw(&app, number, withdraw, note);
        if (r == APP_OK)
            printf("台帳 第%lld号: 実施手順 %s の記録を取り下げました\n", number, withdraw);
    } else if (golive) {
        r = app_gate_golive(&app, number, date, note);
        if (r == APP_OK) {
            EntryRow e;
            GateStatus st;
            if (app_gate_get(&app, number, &e, &st) == APP_OK && st.has_start)
                printf("台帳 第%lld号 の運用開始（%s）を記録しました。運用中になりました\n", number, st.start.started_on);
        }
    } else {
        EntryRow e;
        GateStatus st;
        r = app_gate_get(&app, number, &e, &st);
        if (r == APP_OK && json) {
            Str o = STR_INIT;
            app_gate_json(&app, &e, &st, &o);
            str_appendc(&o, '\n');
            fputs(str_cstr(&o), stdout);
            if (str_failed(&o))
                r = app_fail(&app, APP_DBFAIL, NULL, "out of memory");
            str_free(&o);
        } else if (r == APP_OK) {
            print_status(&app, &e, &st);
        }
    }
    rc = cli_app_result(&app, r);
    app_close(&app);
    return rc;
}
