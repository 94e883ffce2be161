/* `daicho profile show ID`: every role, class, track, ledger field,
 * requirement, risk and rule with its clause, in Japanese. */
#include "cli/profile_text.h"

#include "exchange/field_text.h"
#include "policy/cond_format.h"

static const char *role_label(const Profile *p, int r) { return r >= 0 ? p->roles[r].label : "（定めなし）"; }

static void clause(Str *o, const char *c)
{
    if (c)
        str_appendf(o, "［%s］", c);
}

static void tracks_text(Str *o, unsigned mask)
{
    if (mask == (1u << TRACK_COUNT) - 1)
        return;
    str_append(o, (mask & (1u << TRACK_IMPORTANT)) ? "  対象: 重要区分のみ" : "  対象: 重要区分以外のみ");
}

static void header_text(const Profile *p, Str *o)
{
    str_appendf(o, "%s 「%s」\n", p->organization, p->document);
    str_appendf(o, "  プロファイル: %s  版: %s  施行・改正日: ", p->id, p->version);
    if (p->effective)
        date_text(p->effective, o);
    else
        str_append(o, "記載なし");
    str_appendf(o, "  出典: %s\n  定期点検の間隔: %d か月  監査ログ保存: %d 日以上\n\n", p->source,
                p->review_interval_months, p->log_retention_days);
    str_append(o, "■ 役割\n");
    for (int i = 0; i < p->n_roles; i++) {
        str_appendf(o, "  %-24s %s", p->roles[i].id, p->roles[i].label);
        clause(o, p->roles[i].clause);
        str_append(o, "\n");
    }
    static const char *const names[] = {"機密性", "完全性", "可用性"};
    for (int s = 0; s < SCHEME_COUNT; s++) {
        const Scheme *sc = &p->schemes[s];
        str_appendf(o, "\n■ 格付（%s: %s）", names[s], sc->label);
        clause(o, sc->clause);
        str_append(o, "  ※保護の高い順\n");
        for (int i = 0; i < sc->n_levels; i++)
            str_appendf(o, "  \"%s\"  %s%s%s\n", sc->levels[i].code, sc->levels[i].label,
                        sc->levels[i].important ? "  → 重要区分" : "", sc->levels[i].high ? "  → 高可用性" : "");
    }
}

static void tracks_section(const Profile *p, Str *o)
{
    str_append(o, "\n■ 区分と承認権限\n");
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &p->tracks[t];
        str_appendf(o, "  %s: %s", tr->id, tr->label);
        clause(o, tr->clause);
        str_append(o, "\n    申請者: ");
        applicant_roles_text(p, t, o);
        clause(o, tr->applicant_clause);
        str_appendf(o, "\n    許可権限者: %s", role_label(p, tr->approver_role));
        clause(o, tr->approver_clause);
        static const char *const basis[] = {"申請者", "許可権限者", "許可権限者が指名"};
        str_appendf(o, "\n    外部サービス管理者: %s（%s）", role_label(p, tr->administrator_role),
                    basis[tr->administrator]);
        clause(o, tr->administrator_clause);
        if (tr->registrar_role >= 0) {
            str_appendf(o, "\n    台帳登録: %s", role_label(p, tr->registrar_role));
            clause(o, tr->registrar_clause);
        }
        if (tr->report_role >= 0) {
            str_appendf(o, "\n    台帳変更の報告先: %s", role_label(p, tr->report_role));
            clause(o, tr->report_clause);
        }
        if (tr->separation_of_duties) {
            str_append(o, "\n    職務の分離: 申請者は自分の申請を決定できない");
            clause(o, tr->separation_clause);
        }
        str_append(o, "\n");
    }
    str_append(o, "\n■ 台帳項目\n");
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        str_appendf(o, "  %s%s", lf->label, lf->required ? "" : "（任意）");
        clause(o, lf->clause);
        str_append(o, "  ←");
        for (int j = 0; j < lf->n_fields; j++)
            str_appendf(o, " %s", field_defs[lf->fields[j]].path);
        str_append(o, "\n");
    }
}

static void items_section(const Profile *p, Str *o)
{
    for (int ph = 0; ph < PHASE_COUNT; ph++) {
        int any = 0;
        for (int i = 0; i < p->n_items; i++) {
            const Item *it = &p->items[i];
            if ((int)it->phase != ph)
                continue;
            if (!any)
                str_appendf(o, "\n■ 要件: %s（%s）\n", phase_labels[ph], phase_names[ph]);
            any = 1;
            str_appendf(o, "  ［%s］ %s%s\n      %s\n", it->clause, it->id, it->should ? "（努力・推奨）" : "",
                        it->text);
            unsigned all_cats = (1u << CATEGORY_COUNT) - 1;
            if (it->track_mask != (1u << TRACK_COUNT) - 1 || it->category_mask != all_cats || it->when) {
                str_append(o, "     ");
                tracks_text(o, it->track_mask);
                if (it->category_mask != all_cats) {
                    str_append(o, "  種別:");
                    for (int c = 0; c < CATEGORY_COUNT; c++)
                        if (it->category_mask & (1u << c))
                            str_appendf(o, " %s", category_values[c]);
                }
                if (it->when) {
                    str_append(o, "  条件: ");
                    cond_format(p, it->when, o);
                }
                str_append(o, "\n");
            }
        }
    }
}

static void rules_section(const Profile *p, Str *o)
{
    if (p->n_risks)
        str_append(o, "\n■ 受容すべきリスク\n");
    for (int i = 0; i < p->n_risks; i++) {
        str_appendf(o, "  ［%s］ %s\n      %s\n     ", p->risks[i].clause, p->risks[i].id, p->risks[i].text);
        tracks_text(o, p->risks[i].track_mask);
        str_append(o, "\n");
    }
    static const char *const sev[] = {"参考", "注意", "禁止"};
    str_append(o, "\n■ ルール（条件が成り立つと指摘）\n");
    for (int i = 0; i < p->n_rules; i++) {
        const Rule *r = &p->rules[i];
        str_appendf(o, "  ［%s］ %s 【%s】%s\n      %s\n      条件: ", r->clause, r->id, sev[r->severity],
                    r->derived ? "（区分の定義から）" : "", r->message);
        cond_format(p, r->when, o);
        str_append(o, "\n");
    }
    if (p->n_exempts)
        str_append(o, "\n■ 利用申請を要しない外部サービス\n");
    for (int i = 0; i < p->n_exempts; i++) {
        const Exempt *ex = &p->exempts[i];
        str_appendf(o, "  ［%s］ %s（%s）\n", ex->clause, ex->name, ex->notice);
    }
}

void profile_text(const Profile *p, Str *o)
{
    header_text(p, o);
    tracks_section(p, o);
    items_section(p, o);
    rules_section(p, o);
}
