/* The 'contact_chart' profile section and the pure check of a chart
 * (policy/contact_policy.h). */
#include "policy/contact_policy.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "policy/approach.h"
#include "policy/profile_sections.h"

const char *const contact_cover_names[] = {"weekday", "holiday", "night", "24h", NULL};
const char *const contact_cover_labels[] = {"平日日中", "休日", "夜間", "24時間"};

static const char *const top_keys[] = {"clause", "after_hours", "after_hours_clause", "subcontractor_clause",
                                       "approach_clause", "escalation_clause", "review_interval_months",
                                       "escalation", NULL};
static const char *const step_keys[] = {"role", "clause", NULL};

static void load_steps(Yr *r, Profile *p, ContactPolicy *c, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "contact_chart.escalation");
    if (n == 0)
        yr_error(r, seq, "contact_chart.escalation needs at least one role (the path after the service administrator)");
    if (n > CONTACT_MAX_STEPS) {
        yr_error(r, seq, "contact_chart.escalation: at most %d roles", CONTACT_MAX_STEPS);
        n = CONTACT_MAX_STEPS;
    }
    c->steps = arena_alloc(&p->arena, sizeof *c->steps * (size_t)(n ? n : 1));
    for (int i = 0; i < n && c->steps; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "contact_chart escalation step"))
            continue;
        yr_check_keys(r, m, step_keys, "contact_chart escalation step");
        const char *role = yr_str(r, m, "role", 1);
        int k = role ? profile_role_index(p, role) : -1;
        if (role && k < 0) {
            yr_error(r, yr_get(r, m, "role"), "contact_chart.escalation: role '%s' is not a role of the profile", role);
            continue;
        }
        for (int j = 0; k >= 0 && j < c->n_steps; j++)
            if (c->steps[j].role == k) {
                yr_error(r, yr_get(r, m, "role"), "contact_chart.escalation: role '%s' is listed twice", role);
                k = -1;
            }
        const char *clause = yr_str(r, m, "clause", 0);
        if (k >= 0)
            c->steps[c->n_steps++] = (ContactStep){k, clause && *clause ? clause : NULL};
    }
}

void contact_chart_load(Yr *r, Profile *p, yaml_node_t *node)
{
    ContactPolicy *c = yr_section(r, node, "contact_chart", top_keys, &p->arena, sizeof *c);
    if (!c)
        return;
    c->clause = yr_text(r, node, "clause", "contact_chart", NULL);
    const char *ah = yr_str(r, node, "after_hours", 1);
    if (ah && strcmp(ah, "required") != 0 && strcmp(ah, "desirable") != 0)
        yr_error(r, yr_get(r, node, "after_hours"), "contact_chart.after_hours '%s' is not one of: required, desirable", ah);
    c->after_hours_required = ah && strcmp(ah, "required") == 0;
    c->after_hours_clause = yr_text(r, node, "after_hours_clause", "contact_chart", NULL);
    c->subcontractor_clause = yr_str(r, node, "subcontractor_clause", 0);
    c->approach_clause = yr_text(r, node, "approach_clause", "contact_chart", NULL);
    c->escalation_clause = yr_text(r, node, "escalation_clause", "contact_chart", NULL);
    c->review_months = yr_int(r, node, "review_interval_months", 0, 1, 60);
    yaml_node_t *n = yr_get(r, node, "escalation");
    if (!n)
        yr_error(r, node, "contact_chart: 'escalation' is required (the profile's roles after the service administrator)");
    else
        load_steps(r, p, c, n);
    p->contacts = c;
}

int contact_review_months(const Profile *p)
{
    const ContactPolicy *c = p->contacts;
    if (c && c->review_months > 0)
        return c->review_months;
    return p->review_interval_months > 0 ? p->review_interval_months : 12;
}

/* ---- the check ---------------------------------------------------------- */

typedef struct Out {
    ContactFinding *v;
    int n;
} Out;

static void add(Out *o, int block, const char *clause, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(Out *o, int block, const char *clause, const char *fmt, ...)
{
    if (o->n == CONTACT_MAX_FINDINGS)
        return;
    ContactFinding *f = &o->v[o->n++];
    f->block = block;
    f->clause = clause;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
}

/* Whether the escalation step `role` (a role id, or "administrator") is on the section's path. */
static int step_known(const Profile *p, const ContactPolicy *cp, const char *role)
{
    if (strcmp(role, "administrator") == 0)
        return 1;
    int k = profile_role_index(p, role);
    for (int i = 0; k >= 0 && i < cp->n_steps; i++)
        if (cp->steps[i].role == k)
            return 1;
    return 0;
}

int contact_chart_check(const Profile *p, const ContactChart *c, ContactFinding *out)
{
    const ContactPolicy *cp = p->contacts;
    Out o = {out, 0};
    if (!cp)
        return 0;
    /* Blocking findings first. */
    for (int i = 0; i < c->n_escalation; i++) {
        const char *role = c->escalation[i].role;
        if (!step_known(p, cp, role))
            add(&o, 1, cp->clause, "escalation[%d].role: '%s' はこの基準の報告経路の役割ではありません（administrator か経路の役割）", i + 1,
                role);
        for (int j = 0; j < i; j++)
            if (strcmp(c->escalation[j].role, role) == 0)
                add(&o, 1, cp->clause, "escalation[%d].role: '%s' が二度記載されています", i + 1, role);
    }
    if (c->has_subcontractors && c->n_subs == 0)
        add(&o, 1, cp->subcontractor_clause ? cp->subcontractor_clause : cp->clause,
            "subcontractors: 委託事業者（再委託先）がいるとしているので、その連絡先を記載してください");
    if (!c->has_subcontractors && c->n_subs > 0)
        add(&o, 1, cp->subcontractor_clause ? cp->subcontractor_clause : cp->clause,
            "has_subcontractors: 委託事業者を記載していますが、has_subcontractors が false です");
    unsigned reach = 0;
    for (int i = 0; i < c->n_provider; i++)
        if (c->provider[i].phone)
            reach |= c->provider[i].cover;
    int holiday = (reach & COVER_HOLIDAY) != 0, night = (reach & COVER_NIGHT) != 0;
    if (!holiday || !night) {
        const char *missing = !holiday && !night ? "休日と夜間" : !holiday ? "休日" : "夜間";
        if (cp->after_hours_required)
            add(&o, 1, cp->after_hours_clause,
                "provider: %sに電話で連絡できる提供者の連絡先がありません（coverage に holiday・night、または 24h と phone を記載）", missing);
        else
            add(&o, 0, cp->after_hours_clause, "提供者の%sの連絡先が記載されていません（記載が望ましい）", missing);
    }
    if (c->approach == APPROACH_NONE)
        add(&o, 0, cp->approach_clause, "提供者と合意したインシデント時の対処方針（復旧優先か業務継続優先か）が記載されていません");
    if (!c->escalation_timing)
        add(&o, 0, cp->escalation_clause, "提供者と本組織の間の情報エスカレーションの方法とタイミングが記載されていません");
    return o.n;
}
