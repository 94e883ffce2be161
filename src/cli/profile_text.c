/* `daicho profile show ID`: every role, class, track, ledger field,
 * requirement, risk and rule with its clause, in Japanese, then the service
 * categories' own sections (web-meeting planner, social media, mail
 * delivery) and those of issue #6 (contact chart, incident reports, the
 * gate before operation) where the profile has them. */
#include "cli/profile_text.h"

#include "exchange/field_text.h"
#include "policy/approach.h"
#include "policy/cond_format.h"
#include "policy/contact_policy.h"
#include "policy/gate_policy.h"
#include "policy/incident_policy.h"
#include "policy/mail_policy.h"
#include "policy/meeting.h"
#include "policy/social.h"

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
    str_appendf(o, "  出典: %s\n  定期点検の間隔: %d か月  監査ログ保存: %d 日以上\n", p->source,
                p->review_interval_months, p->log_retention_days);
    if (p->exempt_clause) {
        str_append(o, "  申請不要のサービスの一覧: 組織が追加できる");
        clause(o, p->exempt_clause);
        str_append(o, "\n");
    }
    str_append(o, "\n");
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

/* ---- the service categories' sections (issue #5) ---------------------- */

static const char *const sev_labels[] = {"参考", "注意", "禁止"};

/* `text` on lines of its own, each indented by `indent` (samples of the
 * 別紙 span several lines). */
static void indented(Str *o, const char *indent, const char *text)
{
    str_append(o, indent);
    for (const char *t = text; *t; t++) {
        str_appendn(o, t, 1);
        if (*t == '\n' && t[1])
            str_append(o, indent);
    }
    str_append(o, "\n");
}

static void when_line(const Profile *p, const Cond *when, Str *o)
{
    str_append(o, "      条件: ");
    if (when)
        cond_format(p, when, o);
    else
        str_append(o, "常に");
    str_append(o, "\n");
}

static void meeting_section(const Profile *p, Str *o)
{
    const MeetingPlanner *mp = p->meeting;
    str_append(o, "\n■ ウェブ会議の開催計画");
    clause(o, mp->clause);
    str_append(o, "\n  会議ごとに求める措置（条件が成り立つ会議に示す）\n");
    for (int i = 0; i < mp->n_measures; i++) {
        const MeetingMeasure *m = &mp->measures[i];
        str_appendf(o, "  ［%s］ %s%s", m->clause, m->id, m->should ? "（努力・推奨）" : "");
        if (m->item_id)
            str_appendf(o, "  要件 %s", m->item_id);
        str_appendf(o, "\n      %s\n", m->text);
        when_line(p, m->when, o);
    }
    str_append(o, "  計画と基準の食い違い（条件が成り立つと指摘）\n");
    for (int i = 0; i < mp->n_conflicts; i++) {
        const MeetingConflict *c = &mp->conflicts[i];
        str_appendf(o, "  ［%s］ %s 【%s】\n      %s\n", c->clause, c->id, sev_labels[c->severity], c->message);
        when_line(p, c->when, o);
    }
}

static void password_text(const PasswordPolicy *pw, Str *o)
{
    str_appendf(o, "  パスワードポリシー: %d 文字以上、", pw->min_length);
    int first = 1;
    for (int k = 0; password_class_names[k]; k++)
        if (pw->classes & (1u << k)) {
            str_appendf(o, "%s%s", first ? "" : "・", password_class_labels[k]);
            first = 0;
        }
    str_appendf(o, "のうち %d 種類以上", pw->min_classes);
    clause(o, pw->clause);
    str_append(o, "\n");
}

/* The shortener list has no clause of its own: it is cited through the
 * posting rules whose conditions read the post's URL hosts. */
static void shorteners_text(const SocialPolicy *s, Str *o)
{
    if (!s->n_shorteners)
        return;
    str_append(o, "  URL短縮サービスのホスト:");
    for (int i = 0; i < s->n_shorteners; i++)
        str_appendf(o, " %s", s->shorteners[i]);
    for (int i = 0; i < s->n_post_rules; i++)
        if (s->post_rules[i].when && (s->post_rules[i].when->reads & FIELD_BIT(F_POST_URL_HOSTS))) {
            str_appendf(o, "  ← ルール %s", s->post_rules[i].id);
            clause(o, s->post_rules[i].clause);
        }
    str_append(o, "\n");
}

static void playbooks_text(const SocialPolicy *s, Str *o)
{
    str_append(o, "  トラブル時の対応手順\n");
    for (int i = 0; i < s->n_playbooks; i++) {
        const Playbook *b = &s->playbooks[i];
        str_appendf(o, "  ［%s］ %s %s\n", b->clause, b->id, b->label);
        for (int j = 0; j < b->n_steps; j++) {
            str_appendf(o, "      %d. %s", j + 1, b->steps[j].text);
            for (int k = 0; k < b->steps[j].n_notify; k++)
                str_appendf(o, "%s%s", k ? "、" : "  連絡先: ", b->steps[j].notify[k]);
            str_append(o, "\n");
        }
    }
}

static void social_section(const Profile *p, Str *o)
{
    const SocialPolicy *s = p->social;
    str_append(o, "\n■ ソーシャルメディアの利用");
    clause(o, s->clause);
    str_appendf(o, "\n  公式アカウントの台帳を管理する者: %s", role_label(p, s->manager_role));
    clause(o, s->manager_clause);
    str_append(o, "\n  アカウントの確認項目\n");
    for (int i = 0; i < s->n_checks; i++)
        str_appendf(o, "  ［%s］ %s%s\n      %s\n", s->checks[i].clause, s->checks[i].id,
                    s->checks[i].should ? "（努力・推奨）" : "", s->checks[i].text);
    password_text(&s->password, o);
    shorteners_text(s, o);
    str_append(o, "  投稿前の確認ルール（条件が成り立つと指摘）\n");
    for (int i = 0; i < s->n_post_rules; i++) {
        const PostRule *r = &s->post_rules[i];
        str_appendf(o, "  ［%s］ %s 【%s】\n      %s\n", r->clause, r->id, sev_labels[r->severity], r->message);
        when_line(p, r->when, o);
    }
    str_append(o, "  投稿者が確認する事項\n");
    for (int i = 0; i < s->n_prohibited; i++)
        str_appendf(o, "  ［%s］ %s\n      %s\n", s->prohibited[i].clause, s->prohibited[i].id, s->prohibited[i].text);
    str_appendf(o, "  監視の間隔: %d 日ごと", s->monitoring_days);
    clause(o, s->monitoring_clause);
    str_append(o, "\n");
    playbooks_text(s, o);
}

static void mail_rules_text(const MailPolicy *m, Str *o)
{
    str_appendf(o, "  ［%s］ 運用方針\n      %s\n", m->policy.clause, m->policy.text);
    str_appendf(o, "  ［%s］ 同意\n      %s\n", m->consent.clause, m->consent.text);
    if (m->opt_in_only || m->consent_needs_issued)
        str_appendf(o, "      %s%s%s\n", m->opt_in_only ? "明示の申込みだけを同意として記録する" : "",
                    m->opt_in_only && m->consent_needs_issued ? "。" : "",
                    m->consent_needs_issued ? "発行済みの運用方針の下でだけ同意を記録する。" : "。");
    str_appendf(o, "  ［%s］ 代替手段\n      %s\n", m->alternative.clause, m->alternative.text);
    if (m->alternative_required)
        str_append(o, "      辞退・撤回には、代わりに用意した連絡手段を記録する。\n");
    for (int i = 0; i < m->n_alternative_examples; i++)
        str_appendf(o, "%s%s", i ? "、" : "      例: ", m->alternative_examples[i]);
    if (m->n_alternative_examples)
        str_append(o, "\n");
}

static void mail_document_text(const MailPolicy *m, Str *o)
{
    str_appendf(o, "  別紙「%s」%s", m->title, m->is_sample ? "（記載例）" : "");
    clause(o, m->clause);
    str_append(o, "\n");
    if (m->sample_note)
        str_appendf(o, "      %s\n", m->sample_note);
    const char *const heads[] = {"日付", "文書番号", "発信者", "学校名"};
    const char *const vals[] = {m->date_sample, m->number_sample, m->issuer_sample, m->school_sample};
    for (int i = 0; i < 4; i++)
        if (vals[i])
            str_appendf(o, "      %s: %s\n", heads[i], vals[i]);
    for (int i = 0; i < m->n_sections; i++) {
        const MailSection *sec = &m->sections[i];
        str_appendf(o, "  ［%s］ %s %s%s  %s\n", sec->clause, sec->number, sec->heading, sec->required ? "（必須）" : "（任意）",
                    sec->id);
        if (sec->prompt)
            str_appendf(o, "      書くこと: %s\n", sec->prompt);
        if (sec->sample && *sec->sample) {
            str_append(o, "      記載例:\n");
            indented(o, "        ", sec->sample);
        }
    }
}

static void mail_section(const Profile *p, Str *o)
{
    const MailPolicy *m = p->mail;
    str_appendf(o, "\n■ 連絡用メール配信\n  運用方針を定め同意を記録する者: %s", role_label(p, m->manager_role));
    clause(o, m->manager_clause);
    str_append(o, "\n");
    mail_rules_text(m, o);
    mail_document_text(m, o);
}

/* ---- contact chart, incident reports, the gate (issue #6) -------------- */

/* The agreed handling approaches, as the chart and the first step of a
 * report offer them. */
static void approaches_text(Str *o)
{
    for (int a = APPROACH_NONE + 1; a < APPROACH_COUNT; a++)
        str_appendf(o, "      %s（%s）: %s\n", approach_labels[a], approach_names[a], approach_actions[a]);
}

static void contacts_section(const Profile *p, Str *o)
{
    const ContactPolicy *c = p->contacts;
    str_append(o, "\n■ インシデント発生時の連絡体制図");
    clause(o, c->clause);
    str_appendf(o, "\n  台帳の利用ごとに記録し、%d か月ごとに見直す\n  休日・夜間の連絡先: %s", contact_review_months(p),
                c->after_hours_required ? "必須（休日と夜間に電話で連絡できる提供者の連絡先）" : "記載が望ましい");
    clause(o, c->after_hours_clause);
    str_append(o, "\n  委託事業者（再委託先）の連絡先: 再委託先がある場合は必須");
    clause(o, c->subcontractor_clause);
    str_append(o, "\n  提供者と合意したインシデント時の対処方針");
    clause(o, c->approach_clause);
    str_append(o, "\n");
    approaches_text(o);
    str_append(o, "  提供者と本組織の間の情報エスカレーションの方法とタイミング");
    clause(o, c->escalation_clause);
    int sa = profile_role_index(p, "service_admin");
    str_appendf(o, "\n  組織内の連絡経路（この順に連絡する）\n    1. %s（台帳の利用ごと）\n",
                sa >= 0 ? p->roles[sa].label : "外部サービス管理者");
    for (int i = 0; i < c->n_steps; i++) {
        str_appendf(o, "    %d. %s", i + 2, p->roles[c->steps[i].role].label);
        clause(o, c->steps[i].clause);
        str_append(o, "\n");
    }
}

static void roles_text(const Profile *p, const int *roles, int n, Str *o)
{
    for (int i = 0; i < n; i++)
        str_appendf(o, "%s%s", i ? "、" : "", p->roles[roles[i]].label);
}

static void incidents_section(const Profile *p, Str *o)
{
    const IncidentPolicy *ip = p->incidents;
    str_append(o, "\n■ インシデントの報告");
    clause(o, ip->clause);
    str_append(o, "\n  利用者は誰でも報告できる。報告の流れ:");
    for (int s = 0; s < INC_STATE_COUNT; s++)
        str_appendf(o, "%s%s", s ? " → " : " ", incident_state_labels[s]);
    str_appendf(o, "\n  報告先: %s", role_label(p, ip->receiver_role));
    clause(o, ip->receiver_clause);
    str_append(o, "\n  対応する者（対応開始・経過記録・解決・再開）: ");
    roles_text(p, ip->handler_roles, ip->n_handler_roles, o);
    clause(o, ip->handler_clause);
    str_append(o, "\n  終結する者（解決の後、または受付から対応不要として）: ");
    roles_text(p, ip->closer_roles, ip->n_closer_roles, o);
    clause(o, ip->close_clause);
    str_append(o, "\n  対応開始では、連絡体制図に記録した提供者と合意した対処方針を示す");
    clause(o, ip->approach_clause);
    str_append(o, "\n");
    approaches_text(o);
    str_append(o, "  報告できる事象\n");
    for (int i = 0; i < ip->n_kinds; i++)
        str_appendf(o, "  ［%s］ %s %s%s\n", ip->kinds[i].clause, ip->kinds[i].id, ip->kinds[i].label,
                    i == ip->social_kind ? "（ソーシャルメディアのトラブル時の対応手順から報告する）" : "");
}

static void gate_section(const Profile *p, Str *o)
{
    const OperationGate *g = p->gate;
    str_append(o, "\n■ 運用開始前の確認");
    clause(o, g->clause);
    str_append(o, "\n  対象の区分:");
    for (int t = 0; t < TRACK_COUNT; t++)
        if (g->track_mask & (1u << t))
            str_appendf(o, " %s", p->tracks[t].label);
    str_append(o, "（承認から運用開始の記録までは構築中）\n  手順の記録と運用開始の記録をする者: ");
    str_append(o, role_label(p, g->role));
    clause(o, g->role_clause);
    str_append(o, "\n  運用開始までに整備・確認する手順\n");
    for (int k = 0; k < g->n_procedures; k++) {
        const GateProcedure *pr = &g->procedures[k];
        str_appendf(o, "  ［%s］ %s", pr->clause, pr->id);
        if (pr->item >= 0)
            str_appendf(o, "  要件 %s", p->items[pr->item].id);
        str_appendf(o, "\n      %s\n", pr->text);
    }
    str_append(o, "  構築時の対策を納品物等で確認する");
    clause(o, g->build_clause);
    str_appendf(o, "\n      %s%s の構築時の必須要件が、実施済みか該当なしとして根拠（納品物等）とともに記録されていること\n",
                g->build_covers ? "条項 " : "", g->build_covers ? g->build_covers : "すべて");
    if (g->build_item >= 0)
        str_appendf(o, "      運用開始の記録で要件 %s を実施済みとする\n", p->items[g->build_item].id);
    str_append(o, "  確認する要件（利用に該当するものだけ求める）\n");
    for (int i = 0; i < p->n_items; i++)
        if ((p->items[i].track_mask & g->track_mask) && gate_requires_item(p, g, i))
            str_appendf(o, "  ［%s］ %s\n", p->items[i].clause, p->items[i].id);
}

void profile_text(const Profile *p, Str *o)
{
    header_text(p, o);
    tracks_section(p, o);
    items_section(p, o);
    rules_section(p, o);
    if (p->meeting)
        meeting_section(p, o);
    if (p->social)
        social_section(p, o);
    if (p->mail)
        mail_section(p, o);
    if (p->contacts)
        contacts_section(p, o);
    if (p->incidents)
        incidents_section(p, o);
    if (p->gate)
        gate_section(p, o);
}
