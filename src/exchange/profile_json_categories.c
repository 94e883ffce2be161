/* The service categories' own profile sections in the profile's JSON
 * (`daicho profile show ID --json`, /api/v1/profile): meeting_planner
 * (docs/meetings.md), social_media (docs/social.md) and mail_delivery
 * (docs/mail.md); then the sections of issue #6: contact_chart
 * (docs/contacts.md), incidents (docs/incidents.md) and operation_gate
 * (docs/gate.md, written by exchange/gate_json.c). Members are named as in
 * the profile file; each element carries its clause; conditions are written
 * as the rules' are; roles by id (their labels are in "roles"). */
#include "exchange/gate_json.h"
#include "exchange/profile_json_parts.h"
#include "policy/contact_policy.h"
#include "policy/incident_policy.h"
#include "policy/mail_policy.h"
#include "policy/meeting.h"
#include "policy/social.h"

static void kbool(Str *o, const char *k, int v)
{
    pj_key(o, k, 0);
    str_append(o, v ? "true" : "false");
}

static void role_id(Str *o, const Profile *p, const char *k, int role)
{
    pj_kstr(o, k, role >= 0 ? p->roles[role].id : NULL, 0);
}

/* ["a", "b"] */
static void str_list(Str *o, const char *const *v, int n)
{
    str_append(o, "[");
    for (int i = 0; i < n; i++) {
        str_append(o, i ? ", " : "");
        str_append_json(o, v[i]);
    }
    str_append(o, "]");
}

/* {"id", "clause", "severity", "message", "when"}: a conflict or a posting rule. */
static void finding_rule(const Profile *p, Str *o, const char *id, const char *clause, Severity sev, const char *msg,
                         const Cond *when)
{
    str_append(o, "{");
    pj_kstr(o, "id", id, 1);
    pj_kstr(o, "clause", clause, 0);
    pj_kstr(o, "severity", severity_names[sev], 0);
    pj_kstr(o, "message", msg, 0);
    pj_key(o, "when", 0);
    pj_cond(p, when, o);
    str_append(o, "}");
}

static void meeting_json(const Profile *p, Str *o)
{
    const MeetingPlanner *mp = p->meeting;
    str_append(o, "{");
    pj_kstr(o, "clause", mp->clause, 1);
    pj_key(o, "measures", 0);
    str_append(o, "[");
    for (int i = 0; i < mp->n_measures; i++) {
        const MeetingMeasure *m = &mp->measures[i];
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", m->id, 1);
        pj_kstr(o, "item", m->item_id, 0);
        pj_kstr(o, "clause", m->clause, 0);
        pj_kstr(o, "text", m->text, 0);
        pj_kstr(o, "level", m->should ? "should" : "must", 0);
        pj_key(o, "when", 0);
        pj_cond(p, m->when, o);
        str_append(o, "}");
    }
    str_append(o, "]");
    pj_key(o, "conflicts", 0);
    str_append(o, "[");
    for (int i = 0; i < mp->n_conflicts; i++) {
        const MeetingConflict *c = &mp->conflicts[i];
        str_append(o, i ? ",\n  " : "\n  ");
        finding_rule(p, o, c->id, c->clause, c->severity, c->message, c->when);
    }
    str_append(o, "]}");
}

static void password_json(const PasswordPolicy *pw, Str *o)
{
    pj_key(o, "password_policy", 0);
    str_appendf(o, "{\"min_length\": %d, \"min_classes\": %d", pw->min_length, pw->min_classes);
    pj_key(o, "classes", 0);
    str_append(o, "[");
    int first = 1;
    for (int k = 0; password_class_names[k]; k++)
        if (pw->classes & (1u << k)) {
            str_append(o, first ? "" : ", ");
            str_append_json(o, password_class_names[k]);
            first = 0;
        }
    str_append(o, "]");
    pj_kstr(o, "clause", pw->clause, 0);
    str_append(o, "}");
}

static void playbooks_json(const SocialPolicy *s, Str *o)
{
    pj_key(o, "playbooks", 0);
    str_append(o, "[");
    for (int i = 0; i < s->n_playbooks; i++) {
        const Playbook *b = &s->playbooks[i];
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", b->id, 1);
        pj_kstr(o, "label", b->label, 0);
        pj_kstr(o, "clause", b->clause, 0);
        pj_key(o, "steps", 0);
        str_append(o, "[");
        for (int j = 0; j < b->n_steps; j++) {
            str_append(o, j ? ", {" : "{");
            pj_kstr(o, "text", b->steps[j].text, 1);
            pj_key(o, "notify", 0);
            str_list(o, b->steps[j].notify, b->steps[j].n_notify);
            str_append(o, "}");
        }
        str_append(o, "]}");
    }
    str_append(o, "]");
}

static void social_json(const Profile *p, Str *o)
{
    const SocialPolicy *s = p->social;
    str_append(o, "{");
    pj_kstr(o, "clause", s->clause, 1);
    role_id(o, p, "manager_role", s->manager_role);
    pj_kstr(o, "manager_clause", s->manager_clause, 0);
    pj_key(o, "checks", 0);
    str_append(o, "[");
    for (int i = 0; i < s->n_checks; i++) {
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", s->checks[i].id, 1);
        pj_kstr(o, "clause", s->checks[i].clause, 0);
        pj_kstr(o, "text", s->checks[i].text, 0);
        pj_kstr(o, "level", s->checks[i].should ? "should" : "must", 0);
        str_append(o, "}");
    }
    str_append(o, "]");
    password_json(&s->password, o);
    pj_key(o, "url_shorteners", 0);
    str_list(o, s->shorteners, s->n_shorteners);
    pj_key(o, "posting_rules", 0);
    str_append(o, "[");
    for (int i = 0; i < s->n_post_rules; i++) {
        const PostRule *r = &s->post_rules[i];
        str_append(o, i ? ",\n  " : "\n  ");
        finding_rule(p, o, r->id, r->clause, r->severity, r->message, r->when);
    }
    str_append(o, "]");
    pj_key(o, "prohibited", 0);
    str_append(o, "[");
    for (int i = 0; i < s->n_prohibited; i++) {
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", s->prohibited[i].id, 1);
        pj_kstr(o, "clause", s->prohibited[i].clause, 0);
        pj_kstr(o, "text", s->prohibited[i].text, 0);
        str_append(o, "}");
    }
    str_append(o, "]");
    str_appendf(o, ", \"monitoring\": {\"interval_days\": %d", s->monitoring_days);
    pj_kstr(o, "clause", s->monitoring_clause, 0);
    str_append(o, "}");
    playbooks_json(s, o);
    str_append(o, "}");
}

/* {"clause", "text"} of a rule of section 11, left open for its flags. */
static void mail_rule_open(Str *o, const char *k, const MailRule *r)
{
    pj_key(o, k, 0);
    str_append(o, "{");
    pj_kstr(o, "clause", r->clause, 1);
    pj_kstr(o, "text", r->text, 0);
}

static void mail_document_json(const MailPolicy *m, Str *o)
{
    pj_key(o, "document", 0);
    str_append(o, "{");
    pj_kstr(o, "title", m->title, 1);
    pj_kstr(o, "clause", m->clause, 0);
    kbool(o, "is_sample", m->is_sample);
    pj_kstr(o, "sample_note", m->sample_note, 0);
    pj_kstr(o, "date_sample", m->date_sample, 0);
    pj_kstr(o, "number_sample", m->number_sample, 0);
    pj_kstr(o, "issuer_sample", m->issuer_sample, 0);
    pj_kstr(o, "school_sample", m->school_sample, 0);
    pj_key(o, "sections", 0);
    str_append(o, "[");
    for (int i = 0; i < m->n_sections; i++) {
        const MailSection *sec = &m->sections[i];
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", sec->id, 1);
        pj_kstr(o, "number", sec->number, 0);
        pj_kstr(o, "heading", sec->heading, 0);
        pj_kstr(o, "clause", sec->clause, 0);
        pj_kstr(o, "prompt", sec->prompt, 0);
        pj_kstr(o, "sample", sec->sample, 0);
        kbool(o, "required", sec->required);
        str_append(o, "}");
    }
    str_append(o, "]}");
}

static void mail_json(const Profile *p, Str *o)
{
    const MailPolicy *m = p->mail;
    str_append(o, "{");
    pj_kstr(o, "manager_role", m->manager_role >= 0 ? p->roles[m->manager_role].id : NULL, 1);
    pj_kstr(o, "manager_clause", m->manager_clause, 0);
    mail_rule_open(o, "policy", &m->policy);
    str_append(o, "}");
    mail_rule_open(o, "consent", &m->consent);
    kbool(o, "opt_in_only", m->opt_in_only);
    kbool(o, "requires_issued_policy", m->consent_needs_issued);
    str_append(o, "}");
    mail_rule_open(o, "alternative", &m->alternative);
    kbool(o, "required_on_decline", m->alternative_required);
    pj_key(o, "examples", 0);
    str_list(o, m->alternative_examples, m->n_alternative_examples);
    str_append(o, "}");
    mail_document_json(m, o);
    str_append(o, "}");
}

/* ["role-id", …] */
static void role_list(Str *o, const Profile *p, const int *roles, int n)
{
    str_append(o, "[");
    for (int i = 0; i < n; i++) {
        str_append(o, i ? ", " : "");
        str_append_json(o, p->roles[roles[i]].id);
    }
    str_append(o, "]");
}

/* review_interval_months is the interval in force (the profile's own when
 * the section sets none). */
static void contacts_json(const Profile *p, Str *o)
{
    const ContactPolicy *c = p->contacts;
    str_append(o, "{");
    pj_kstr(o, "clause", c->clause, 1);
    pj_kstr(o, "after_hours", c->after_hours_required ? "required" : "desirable", 0);
    pj_kstr(o, "after_hours_clause", c->after_hours_clause, 0);
    pj_kstr(o, "subcontractor_clause", c->subcontractor_clause, 0);
    pj_kstr(o, "approach_clause", c->approach_clause, 0);
    pj_kstr(o, "escalation_clause", c->escalation_clause, 0);
    str_appendf(o, ", \"review_interval_months\": %d", contact_review_months(p));
    pj_key(o, "escalation", 0);
    str_append(o, "[");
    for (int i = 0; i < c->n_steps; i++) {
        str_append(o, i ? ", {" : "{");
        pj_kstr(o, "role", p->roles[c->steps[i].role].id, 1);
        pj_kstr(o, "clause", c->steps[i].clause, 0);
        str_append(o, "}");
    }
    str_append(o, "]}");
}

static void incidents_json(const Profile *p, Str *o)
{
    const IncidentPolicy *ip = p->incidents;
    str_append(o, "{");
    pj_kstr(o, "clause", ip->clause, 1);
    role_id(o, p, "receiver_role", ip->receiver_role);
    pj_kstr(o, "receiver_clause", ip->receiver_clause, 0);
    pj_key(o, "handler_roles", 0);
    role_list(o, p, ip->handler_roles, ip->n_handler_roles);
    pj_kstr(o, "handler_clause", ip->handler_clause, 0);
    pj_key(o, "closer_roles", 0);
    role_list(o, p, ip->closer_roles, ip->n_closer_roles);
    pj_kstr(o, "close_clause", ip->close_clause, 0);
    pj_kstr(o, "approach_clause", ip->approach_clause, 0);
    pj_key(o, "kinds", 0);
    str_append(o, "[");
    for (int i = 0; i < ip->n_kinds; i++) {
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", ip->kinds[i].id, 1);
        pj_kstr(o, "label", ip->kinds[i].label, 0);
        pj_kstr(o, "clause", ip->kinds[i].clause, 0);
        str_append(o, "}");
    }
    str_append(o, "]");
    pj_kstr(o, "social_kind", ip->social_kind >= 0 ? ip->kinds[ip->social_kind].id : NULL, 0);
    str_append(o, "}");
}

/* Each member preceded by ", "; null where the profile has no such section
 * (operation_gate: exchange/gate_json.h writes the member whole). */
void pj_categories(const Profile *p, Str *o)
{
    pj_key(o, "meeting_planner", 0);
    if (p->meeting)
        meeting_json(p, o);
    else
        str_append(o, "null");
    pj_key(o, "social_media", 0);
    if (p->social)
        social_json(p, o);
    else
        str_append(o, "null");
    pj_key(o, "mail_delivery", 0);
    if (p->mail)
        mail_json(p, o);
    else
        str_append(o, "null");
    pj_key(o, "contact_chart", 0);
    if (p->contacts)
        contacts_json(p, o);
    else
        str_append(o, "null");
    pj_key(o, "incidents", 0);
    if (p->incidents)
        incidents_json(p, o);
    else
        str_append(o, "null");
    gate_profile_json(p, o);
}
