#include "cli/decision_text.h"

#include "exchange/decision_json.h"
#include "exchange/field_text.h"

static const char *const verdict_ja[] = {"承認手続きに進めます (ready)", "要確認 (needs_review)",
                                         "利用できません (blocked)"};
static const char *const severity_ja[] = {"参考", "注意", "禁止"};
static const char *const status_ja[] = {"未回答", "実施済", "該当なし", "未実施"};

static void header(const AppDoc *doc, const Decision *d, const char *source, Str *o)
{
    const Profile *p = doc->profile;
    const Track *t = &p->tracks[d->track];
    str_appendf(o, "申請: %s", source);
    if (doc->v[F_SERVICE_NAME].present) {
        str_append(o, "（");
        field_text(doc, F_SERVICE_NAME, o);
        if (doc->v[F_SERVICE_FUNCTION].present) {
            str_append(o, " / ");
            field_text(doc, F_SERVICE_FUNCTION, o);
        }
        str_append(o, "）");
    }
    str_appendf(o, "\n基準: %s「%s」%s [%s]\n", p->organization, p->document, p->version, p->id);
    str_appendf(o, "判定: %s\n", verdict_ja[d->verdict]);
    str_appendf(o, "区分: %s［%s］\n", t->label, t->clause);
    str_append(o, "申請者: ");
    applicant_roles_text(p, d->track, o);
    str_appendf(o, "［%s］\n許可権限者: %s［%s］\n", t->applicant_clause, p->roles[t->approver_role].label,
                t->approver_clause);
    static const char *const basis[] = {"申請者がなる", "許可権限者がなる", "許可権限者が指名"};
    str_appendf(o, "外部サービス管理者: %s（%s）［%s］\n", p->roles[t->administrator_role].label,
                basis[t->administrator], t->administrator_clause);
    if (t->report_role >= 0)
        str_appendf(o, "台帳変更の報告先: %s［%s］\n", p->roles[t->report_role].label, t->report_clause);
    if (d->exempt)
        str_appendf(o, "利用申請不要: %s（%s）［%s］\n", d->exempt->name, d->exempt->notice, d->exempt->clause);
}

static void findings(const Decision *d, Str *o)
{
    if (!d->n_findings)
        return;
    str_append(o, "\n■ 指摘事項\n");
    for (int i = 0; i < d->n_findings; i++) {
        const Finding *f = &d->findings[i];
        str_appendf(o, "  【%s】［%s］ %s\n", severity_ja[f->severity], f->rule->clause, f->rule->message);
        if (f->undetermined) {
            str_append(o, "      → 確認できません。未記入:");
            for (int k = 0; k < F_COUNT; k++)
                if (f->missing & FIELD_BIT(k))
                    str_appendf(o, " %s", field_defs[k].path);
            str_append(o, "\n");
        }
        str_appendf(o, "      (rule: %s)\n", f->rule->id);
    }
}

static void requirements(const Profile *p, const Decision *d, Str *o)
{
    int after[PHASE_COUNT] = {0}, gating = 0;
    for (int i = 0; i < p->n_items; i++) {
        if (!d->item_applies[i])
            continue;
        if (phase_gates_approval(p->items[i].phase))
            gating++;
        else
            after[p->items[i].phase]++;
    }
    str_appendf(o, "\n■ 承認前に確認する要件: %d 件（未了の必須要件 %d 件）\n", gating, d->open_items);
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if (!d->item_applies[i] || !phase_gates_approval(it->phase))
            continue;
        unsigned char st = d->item_status[i];
        if (st == ANSWER_DONE || st == ANSWER_NOT_APPLICABLE)
            continue;
        str_appendf(o, "  [%s]%s［%s］ %s\n      (%s)\n", status_ja[st], it->should ? "（推奨）" : "", it->clause,
                    it->text, it->id);
    }
    str_appendf(o, "\n■ 許可権限者が許可・登録時に行う事項: %d 件\n", after[PHASE_APPROVAL]);
    str_appendf(o, "■ 承認後のチェックリスト: 導入・構築時 %d 件、運用・保守時 %d 件、更改・廃棄時 %d 件\n",
                after[PHASE_BUILD], after[PHASE_OPERATION], after[PHASE_RETIREMENT]);
    int risks = 0;
    for (int i = 0; i < p->n_risks; i++)
        risks += d->risk_applies[i];
    if (!risks)
        return;
    str_appendf(o, "\n■ 受容を記録するリスク: %d 件（未記録 %d 件）\n", risks, d->open_risks);
    for (int i = 0; i < p->n_risks; i++)
        if (d->risk_applies[i])
            str_appendf(o, "  [%s]［%s］ %s\n", d->risk_status[i] == ANSWER_DONE ? "記録済" : "未記録",
                        p->risks[i].clause, p->risks[i].text);
}

static void ledger(const AppDoc *doc, const Decision *d, Str *o)
{
    const Profile *p = doc->profile;
    str_append(o, "\n■ 台帳に登録される項目\n");
    Str val = STR_INIT;
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        str_reset(&val);
        ledger_value_text(doc, d, lf, &val);
        str_appendf(o, "  %s: %s\n", lf->label,
                    val.len ? str_cstr(&val) : (lf->required ? "（未記入・必須）" : "（未記入）"));
    }
    str_free(&val);
    if (d->missing) {
        str_append(o, "\n■ 未記入の項目:");
        for (int f = 0; f < F_COUNT; f++)
            if (d->missing & FIELD_BIT(f))
                str_appendf(o, " %s", field_defs[f].path);
        str_append(o, "\n");
    }
}

void decision_text(const AppDoc *doc, const Decision *d, const char *source, Str *o)
{
    header(doc, d, source, o);
    findings(d, o);
    requirements(doc->profile, d, o);
    ledger(doc, d, o);
}
