/* The `mail_delivery` profile section (tokyo-edu 11 and its 別紙): strict
 * like the rest of the loader (unknown keys, missing texts, duplicate ids and
 * undefined roles are errors at file:line:col). */
#include "policy/mail_policy.h"

#include <string.h>

#include "policy/profile_sections.h"

static const char *const top_keys[] = {"manager_role", "manager_clause", "policy", "consent", "alternative", "document",
                                       NULL};
static const char *const rule_keys[] = {"clause", "text", NULL};
static const char *const consent_keys[] = {"clause", "text", "opt_in_only", "requires_issued_policy", NULL};
static const char *const alt_keys[] = {"clause", "text", "required_on_decline", "examples", NULL};
static const char *const doc_keys[] = {"title", "clause", "is_sample", "sample_note", "date_sample", "number_sample",
                                       "issuer_sample", "school_sample", "sections", NULL};
static const char *const section_keys[] = {"id", "number", "heading", "clause", "prompt", "sample", "required", NULL};

int mail_section_index(const MailPolicy *m, const char *id)
{
    for (int i = 0; m && id && i < m->n_sections; i++)
        if (strcmp(m->sections[i].id, id) == 0)
            return i;
    return -1;
}

static void load_rule(Yr *r, yaml_node_t *n, const char *const *keys, const char *what, MailRule *out)
{
    if (!yr_expect_map(r, n, what))
        return;
    yr_check_keys(r, n, keys, what);
    out->clause = yr_str(r, n, "clause", 1);
    out->text = yr_str(r, n, "text", 1);
}

static void load_sections(Yr *r, Profile *p, MailPolicy *m, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "mail_delivery.document.sections");
    if (n == 0) {
        yr_error(r, seq, "mail_delivery.document.sections: at least one section is required");
        return;
    }
    m->sections = arena_alloc(&p->arena, sizeof(MailSection) * (size_t)n);
    for (int i = 0; i < n && m->sections; i++) {
        yaml_node_t *s = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, s, "mail_delivery section"))
            continue;
        yr_check_keys(r, s, section_keys, "mail_delivery section");
        MailSection *sec = &m->sections[m->n_sections];
        sec->id = yr_str(r, s, "id", 1);
        sec->number = yr_str(r, s, "number", 1);
        sec->heading = yr_str(r, s, "heading", 1);
        sec->clause = yr_str(r, s, "clause", 1);
        sec->prompt = yr_str(r, s, "prompt", 1);
        sec->sample = yr_str(r, s, "sample", 1);
        sec->required = yr_bool(r, s, "required", 1);
        if (!sec->id || !sec->number || !sec->heading || !sec->clause || !sec->prompt || !sec->sample)
            continue;
        if (!yr_id_ok(sec->id, "_")) {
            yr_error(r, yr_get(r, s, "id"), "mail_delivery section id '%s' may contain only a-z, 0-9 and '_'", sec->id);
            continue;
        }
        if (mail_section_index(m, sec->id) >= 0) {
            yr_error(r, yr_get(r, s, "id"), "duplicate mail_delivery section id '%s'", sec->id);
            continue;
        }
        m->n_sections++;
    }
}

static void load_document(Yr *r, Profile *p, MailPolicy *m, yaml_node_t *d)
{
    if (!yr_expect_map(r, d, "mail_delivery.document"))
        return;
    yr_check_keys(r, d, doc_keys, "mail_delivery.document");
    m->title = yr_str(r, d, "title", 1);
    m->clause = yr_str(r, d, "clause", 1);
    m->is_sample = yr_bool(r, d, "is_sample", 0);
    m->sample_note = yr_str(r, d, "sample_note", m->is_sample);
    m->date_sample = yr_str(r, d, "date_sample", 1);
    m->number_sample = yr_str(r, d, "number_sample", 1);
    m->issuer_sample = yr_str(r, d, "issuer_sample", 1);
    m->school_sample = yr_str(r, d, "school_sample", 1);
    yaml_node_t *secs = yr_get(r, d, "sections");
    if (!secs)
        yr_error(r, d, "mail_delivery.document: 'sections' is required");
    else
        load_sections(r, p, m, secs);
}

void mail_delivery_load(Yr *r, Profile *p, yaml_node_t *node)
{
    MailPolicy *m = yr_section(r, node, "mail_delivery", top_keys, &p->arena, sizeof *m);
    if (!m)
        return;
    m->manager_role = -1;
    const char *role = yr_str(r, node, "manager_role", 1);
    if (role) {
        m->manager_role = profile_role_index(p, role);
        if (m->manager_role < 0)
            yr_error(r, yr_get(r, node, "manager_role"), "mail_delivery.manager_role: '%s' is not a role of this profile",
                     role);
    }
    m->manager_clause = yr_str(r, node, "manager_clause", 1);

    static const char *const parts[] = {"policy", "consent", "alternative", "document"};
    yaml_node_t *n[4];
    for (int i = 0; i < 4; i++) {
        n[i] = yr_get(r, node, parts[i]);
        if (!n[i])
            yr_error(r, node, "mail_delivery: '%s' is required", parts[i]);
    }
    if (n[0])
        load_rule(r, n[0], rule_keys, "mail_delivery.policy", &m->policy);
    if (n[1]) {
        load_rule(r, n[1], consent_keys, "mail_delivery.consent", &m->consent);
        if (n[1]->type == YAML_MAPPING_NODE) {
            m->opt_in_only = yr_bool(r, n[1], "opt_in_only", 1);
            m->consent_needs_issued = yr_bool(r, n[1], "requires_issued_policy", 1);
        }
    }
    if (n[2]) {
        load_rule(r, n[2], alt_keys, "mail_delivery.alternative", &m->alternative);
        if (n[2]->type == YAML_MAPPING_NODE) {
            m->alternative_required = yr_bool(r, n[2], "required_on_decline", 1);
            yaml_node_t *ex = yr_get(r, n[2], "examples");
            int ne = ex ? yr_seq_len(r, ex, "mail_delivery.alternative.examples") : 0;
            m->alternative_examples = arena_alloc(&p->arena, sizeof(char *) * (size_t)(ne ? ne : 1));
            for (int i = 0; i < ne && m->alternative_examples; i++) {
                const char *s = yr_scalar(r, yr_seq_at(r, ex, i), "mail_delivery.alternative.examples");
                if (s)
                    m->alternative_examples[m->n_alternative_examples++] = s;
            }
        }
    }
    if (n[3])
        load_document(r, p, m, n[3]);
    p->mail = m;
}
