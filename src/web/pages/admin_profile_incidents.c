/* The /profile page's sections for the profile parts of issue #6, in the
 * style of admin_profile_categories.c: the contact chart (docs/contacts.md),
 * incident reports (docs/incidents.md) and the gate before operation
 * (docs/gate.md), each only when the profile has it. Roles by label, every
 * element with its clause. Everything goes through html(). */
#include "web/pages/admin_profile_categories.h"

#include "policy/approach.h"
#include "policy/contact_policy.h"
#include "policy/gate_policy.h"
#include "policy/incident_policy.h"
#include "web/html.h"
#include "web/pages/admin_pages.h"

static const char *role_label(const Profile *p, int r) { return r >= 0 ? p->roles[r].label : "（定めなし）"; }

void profile_incidents_toc(const Profile *p, Str *b)
{
    if (p->contacts)
        html(b, "<li><a href=\"#contacts\">連絡体制図</a></li>");
    if (p->incidents)
        html(b, "<li><a href=\"#incidents\">インシデントの報告</a></li>");
    if (p->gate)
        html(b, "<li><a href=\"#gate\">運用開始前の確認</a></li>");
}

/* The agreed handling approaches (policy/approach.h), one per line. */
static void approaches_html(Str *b)
{
    for (int a = APPROACH_NONE + 1; a < APPROACH_COUNT; a++)
        html(b, "<br><strong>%s</strong>: %s <small><code>%s</code></small>", approach_labels[a], approach_actions[a],
             approach_names[a]);
}

static void row_open(Str *b, const char *what, const char *value)
{
    html(b, "<tr><th>%s</th><td>%s", what, value);
}

static void row_close(Str *b, const char *clause)
{
    admin_clause(b, clause);
    html(b, "</td></tr>");
}

static void contacts_section(const Profile *p, Str *b)
{
    const ContactPolicy *c = p->contacts;
    html(b, "<section id=\"contacts\"><h2>インシデント発生時の連絡体制図");
    admin_clause(b, c->clause);
    html(b, "</h2><p>台帳の利用ごとに、提供者の連絡先、委託事業者（再委託先）の連絡先、組織内の連絡経路を記録し、"
            "%d か月ごとに見直します。</p><table class=\"fields\"><tbody>",
         contact_review_months(p));
    row_open(b, "休日・夜間の連絡先",
             c->after_hours_required ? "必須（休日と夜間に電話で連絡できる提供者の連絡先）" : "記載が望ましい（なくても保存できる）");
    row_close(b, c->after_hours_clause);
    row_open(b, "委託事業者（再委託先）の連絡先", "再委託先がある場合は必須");
    row_close(b, c->subcontractor_clause);
    row_open(b, "提供者と合意したインシデント時の対処方針", "次のどちらかを記録する");
    approaches_html(b);
    row_close(b, c->approach_clause);
    row_open(b, "情報エスカレーション", "提供者と本組織の間の方法とタイミングを記録する");
    row_close(b, c->escalation_clause);
    int sa = profile_role_index(p, "service_admin");
    html(b, "</tbody></table><h3>組織内の連絡経路 <small>この順に連絡する</small></h3><ol class=\"path\"><li>%s "
            "<small>台帳の利用ごと</small></li>",
         sa >= 0 ? p->roles[sa].label : "外部サービス管理者");
    for (int i = 0; i < c->n_steps; i++) {
        html(b, "<li>%s", p->roles[c->steps[i].role].label);
        admin_clause(b, c->steps[i].clause);
        html(b, "</li>");
    }
    html(b, "</ol></section>");
}

static void roles_html(const Profile *p, const int *roles, int n, Str *b)
{
    for (int i = 0; i < n; i++)
        html(b, "%s%s", i ? "、" : "", p->roles[roles[i]].label);
}

static void incidents_section(const Profile *p, Str *b)
{
    const IncidentPolicy *ip = p->incidents;
    html(b, "<section id=\"incidents\"><h2>インシデントの報告");
    admin_clause(b, ip->clause);
    html(b, "</h2><p>利用者は誰でも報告できます。報告の流れ:");
    for (int s = 0; s < INC_STATE_COUNT; s++)
        html(b, "%s%s", s ? " → " : " ", incident_state_labels[s]);
    html(b, "</p><table class=\"fields\"><tbody>");
    row_open(b, "報告先", role_label(p, ip->receiver_role));
    row_close(b, ip->receiver_clause);
    html(b, "<tr><th>対応する者 <small>対応開始・経過記録・解決・再開</small></th><td>");
    roles_html(p, ip->handler_roles, ip->n_handler_roles, b);
    row_close(b, ip->handler_clause);
    html(b, "<tr><th>終結する者 <small>解決の後、または受付から対応不要として</small></th><td>");
    roles_html(p, ip->closer_roles, ip->n_closer_roles, b);
    row_close(b, ip->close_clause);
    row_open(b, "対応開始時に示す対処方針", "連絡体制図に記録した、提供者と合意した対処方針");
    approaches_html(b);
    row_close(b, ip->approach_clause);
    html(b, "</tbody></table><h3>報告できる事象</h3><table class=\"list\"><thead><tr><th>根拠</th><th>事象</th></tr></thead><tbody>");
    for (int i = 0; i < ip->n_kinds; i++) {
        html(b, "<tr><td class=\"clause\">%s</td><td>%s<br><small><code>%s</code>", ip->kinds[i].clause, ip->kinds[i].label,
             ip->kinds[i].id);
        if (i == ip->social_kind)
            html(b, " ソーシャルメディアのトラブル時の対応手順から報告する");
        html(b, "</small></td></tr>");
    }
    html(b, "</tbody></table></section>");
}

static void gate_build_checks(const Profile *p, const OperationGate *g, Str *b)
{
    html(b, "<h3>構築時の対策を納品物等で確認する");
    admin_clause(b, g->build_clause);
    html(b, "</h3><p>%s%s の構築時の必須要件のうち利用に該当するものが、実施済みか該当なしとして根拠（納品物等）とともに記録されていること。",
         g->build_covers ? "条項 " : "", g->build_covers ? g->build_covers : "すべて");
    if (g->build_item >= 0)
        html(b, "運用開始の記録で要件 <code>%s</code> を実施済みとします。", p->items[g->build_item].id);
    html(b, "</p><table class=\"list\"><thead><tr><th>根拠</th><th>確認する要件</th></tr></thead><tbody>");
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        if ((it->track_mask & g->track_mask) && gate_requires_item(p, g, i))
            html(b, "<tr><td class=\"clause\">%s</td><td>%s<br><small><code>%s</code></small></td></tr>", it->clause, it->text,
                 it->id);
    }
    html(b, "</tbody></table>");
}

static void gate_section(const Profile *p, Str *b)
{
    const OperationGate *g = p->gate;
    html(b, "<section id=\"gate\"><h2>運用開始前の確認");
    admin_clause(b, g->clause);
    html(b, "</h2><p>対象の区分の利用は、承認から運用開始の記録までは構築中です。次の手順と確認が揃うまで運用開始は記録できません。</p>"
            "<table class=\"fields\"><tbody><tr><th>対象の区分</th><td>");
    for (int t = 0, n = 0; t < TRACK_COUNT; t++)
        if (g->track_mask & (1u << t))
            html(b, "%s%s", n++ ? "、" : "", p->tracks[t].label);
    html(b, "</td></tr>");
    row_open(b, "手順の記録と運用開始の記録をする者", role_label(p, g->role));
    row_close(b, g->role_clause);
    html(b, "</tbody></table><h3>運用開始までに整備・確認する手順</h3><table class=\"list\"><thead><tr><th>根拠</th><th>手順</th></tr>"
            "</thead><tbody>");
    for (int k = 0; k < g->n_procedures; k++) {
        const GateProcedure *pr = &g->procedures[k];
        html(b, "<tr><td class=\"clause\">%s</td><td>%s<br><small><code>%s</code>", pr->clause, pr->text, pr->id);
        if (pr->item >= 0)
            html(b, " 要件 <code>%s</code> を兼ねる", p->items[pr->item].id);
        html(b, "</small></td></tr>");
    }
    html(b, "</tbody></table>");
    gate_build_checks(p, g, b);
    html(b, "</section>");
}

void profile_incidents_sections(const Profile *p, Str *b)
{
    if (p->contacts)
        contacts_section(p, b);
    if (p->incidents)
        incidents_section(p, b);
    if (p->gate)
        gate_section(p, b);
}
