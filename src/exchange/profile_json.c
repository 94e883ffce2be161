/* Profile → JSON: every part with its clause; the service categories' own
 * sections are written by profile_json_categories.c. */
#include "exchange/profile_json.h"

#include "exchange/field_text.h"
#include "exchange/profile_json_parts.h"
#include "policy/cond_format.h"

void pj_key(Str *o, const char *k, int first)
{
    str_append(o, first ? "" : ", ");
    str_append_json(o, k);
    str_append(o, ": ");
}

void pj_kstr(Str *o, const char *k, const char *v, int first)
{
    pj_key(o, k, first);
    if (v)
        str_append_json(o, v);
    else
        str_append(o, "null");
}

static void role_ref(Str *o, const Profile *p, const char *k, int role)
{
    pj_kstr(o, k, role >= 0 ? p->roles[role].id : NULL, 0);
}

void pj_cond(const Profile *p, const Cond *c, Str *o)
{
    if (!c) {
        str_append(o, "null");
        return;
    }
    if (c->kind == COND_NOT) {
        str_append(o, "{\"not\": ");
        pj_cond(p, c->kids[0], o);
        str_append(o, "}");
        return;
    }
    if (c->kind != COND_LEAF) {
        str_append(o, c->kind == COND_ALL ? "{\"all\": [" : "{\"any\": [");
        for (int i = 0; i < c->n_kids; i++) {
            if (i)
                str_append(o, ", ");
            pj_cond(p, c->kids[i], o);
        }
        str_append(o, "]}");
        return;
    }
    str_append(o, "{");
    pj_kstr(o, "field", field_defs[c->field].path, 1);
    pj_kstr(o, "op", op_names[c->op], 0);
    if (c->rhs_field >= 0)
        pj_kstr(o, "value_field", field_defs[c->rhs_field].path, 0);
    else if (c->n_values) {
        int list = c->op == OP_IN || c->op == OP_NOT_IN || c->op == OP_SUBSET_OF || c->op == OP_INTERSECTS;
        pj_key(o, "value", 0);
        if (list)
            str_append(o, "[");
        for (int i = 0; i < c->n_values; i++) {
            Str v = STR_INIT;
            cond_value_text(p, c, i, &v);
            FieldType t = field_defs[c->field].type;
            if (i)
                str_append(o, ", ");
            if (t == FT_BOOL || t == FT_INT || t == FT_NUMBER)
                str_append(o, str_cstr(&v));
            else
                str_append_json(o, str_cstr(&v));
            str_free(&v);
        }
        if (list)
            str_append(o, "]");
    }
    str_append(o, "}");
}

static void tracks_json(Str *o, unsigned mask)
{
    str_append(o, "[");
    int first = 1;
    for (int t = 0; t < TRACK_COUNT; t++)
        if (mask & (1u << t)) {
            str_append(o, first ? "" : ", ");
            str_append_json(o, track_values[t]);
            first = 0;
        }
    str_append(o, "]");
}

static void meta_json(const Profile *p, Str *o)
{
    pj_kstr(o, "id", p->id, 1);
    pj_kstr(o, "version", p->version, 0);
    pj_kstr(o, "organization", p->organization, 0);
    pj_kstr(o, "document", p->document, 0);
    Str eff = STR_INIT;
    if (p->effective)
        date_text(p->effective, &eff);
    pj_kstr(o, "effective", p->effective ? str_cstr(&eff) : NULL, 0);
    str_free(&eff);
    pj_kstr(o, "source", p->source, 0);
    pj_kstr(o, "exempt_clause", p->exempt_clause, 0);
    str_appendf(o, ", \"review_interval_months\": %d, \"log_retention_days\": %d", p->review_interval_months,
                p->log_retention_days);
}

static void schemes_json(const Profile *p, Str *o)
{
    static const char *const names[] = {"confidentiality", "integrity", "availability"};
    pj_key(o, "classifications", 0);
    str_append(o, "{");
    for (int s = 0; s < SCHEME_COUNT; s++) {
        const Scheme *sc = &p->schemes[s];
        pj_key(o, names[s], s == 0);
        str_append(o, "{");
        pj_kstr(o, "label", sc->label, 1);
        pj_kstr(o, "clause", sc->clause, 0);
        pj_key(o, "levels", 0);
        str_append(o, "[");
        for (int i = 0; i < sc->n_levels; i++) {
            str_append(o, i ? ", {" : "{");
            pj_kstr(o, "code", sc->levels[i].code, 1);
            pj_kstr(o, "label", sc->levels[i].label, 0);
            str_appendf(o, ", \"important\": %s, \"high\": %s}", sc->levels[i].important ? "true" : "false",
                        sc->levels[i].high ? "true" : "false");
        }
        str_append(o, "]}");
    }
    str_append(o, "}");
}

static void tracks_section_json(const Profile *p, Str *o)
{
    pj_key(o, "tracks", 0);
    str_append(o, "[");
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &p->tracks[t];
        str_append(o, t ? ", {" : "{");
        pj_kstr(o, "id", tr->id, 1);
        pj_kstr(o, "label", tr->label, 0);
        pj_kstr(o, "clause", tr->clause, 0);
        pj_key(o, "applicant_roles", 0);
        str_append(o, "[");
        for (int i = 0; i < tr->n_applicant_roles; i++) {
            str_append(o, i ? ", " : "");
            str_append_json(o, p->roles[tr->applicant_roles[i]].id);
        }
        str_append(o, "]");
        pj_kstr(o, "applicant_clause", tr->applicant_clause, 0);
        role_ref(o, p, "approver_role", tr->approver_role);
        pj_kstr(o, "approver_clause", tr->approver_clause, 0);
        pj_kstr(o, "administrator", admin_basis_names[tr->administrator], 0);
        role_ref(o, p, "administrator_role", tr->administrator_role);
        pj_kstr(o, "administrator_clause", tr->administrator_clause, 0);
        role_ref(o, p, "registrar_role", tr->registrar_role);
        pj_kstr(o, "registrar_clause", tr->registrar_clause, 0);
        role_ref(o, p, "ledger_change_report_role", tr->report_role);
        pj_kstr(o, "ledger_change_report_clause", tr->report_clause, 0);
        str_appendf(o, ", \"separation_of_duties\": %s", tr->separation_of_duties ? "true" : "false");
        pj_kstr(o, "separation_of_duties_clause", tr->separation_clause, 0);
        str_append(o, "}");
    }
    str_append(o, "]");
}

static void items_json(const Profile *p, Str *o)
{
    pj_key(o, "requirements", 0);
    str_append(o, "[");
    for (int i = 0; i < p->n_items; i++) {
        const Item *it = &p->items[i];
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", it->id, 1);
        pj_kstr(o, "phase", phase_names[it->phase], 0);
        pj_kstr(o, "clause", it->clause, 0);
        pj_kstr(o, "text", it->text, 0);
        pj_kstr(o, "level", it->should ? "should" : "must", 0);
        pj_key(o, "tracks", 0);
        tracks_json(o, it->track_mask);
        pj_key(o, "categories", 0);
        str_append(o, "[");
        int first = 1;
        for (int c = 0; c < CATEGORY_COUNT; c++)
            if (it->category_mask & (1u << c)) {
                str_append(o, first ? "" : ", ");
                str_append_json(o, category_values[c]);
                first = 0;
            }
        str_append(o, "]");
        pj_key(o, "when", 0);
        pj_cond(p, it->when, o);
        str_append(o, "}");
    }
    str_append(o, "]");
}

static void rest_json(const Profile *p, Str *o)
{
    pj_key(o, "risks", 0);
    str_append(o, "[");
    for (int i = 0; i < p->n_risks; i++) {
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", p->risks[i].id, 1);
        pj_kstr(o, "clause", p->risks[i].clause, 0);
        pj_kstr(o, "text", p->risks[i].text, 0);
        pj_key(o, "tracks", 0);
        tracks_json(o, p->risks[i].track_mask);
        str_append(o, "}");
    }
    str_append(o, "]");
    pj_key(o, "rules", 0);
    str_append(o, "[");
    for (int i = 0; i < p->n_rules; i++) {
        const Rule *r = &p->rules[i];
        str_append(o, i ? ",\n  {" : "\n  {");
        pj_kstr(o, "id", r->id, 1);
        pj_kstr(o, "clause", r->clause, 0);
        pj_kstr(o, "severity", severity_names[r->severity], 0);
        pj_kstr(o, "message", r->message, 0);
        str_appendf(o, ", \"derived_from_track\": %s", r->derived ? "true" : "false");
        pj_key(o, "when", 0);
        pj_cond(p, r->when, o);
        str_append(o, "}");
    }
    str_append(o, "]");
    pj_key(o, "ledger_fields", 0);
    str_append(o, "[");
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        str_append(o, i ? ", {" : "{");
        pj_kstr(o, "id", lf->id, 1);
        pj_kstr(o, "label", lf->label, 0);
        pj_kstr(o, "clause", lf->clause, 0);
        str_appendf(o, ", \"required\": %s", lf->required ? "true" : "false");
        pj_key(o, "fields", 0);
        str_append(o, "[");
        for (int j = 0; j < lf->n_fields; j++) {
            str_append(o, j ? ", " : "");
            str_append_json(o, field_defs[lf->fields[j]].path);
        }
        str_append(o, "]}");
    }
    str_append(o, "]");
    pj_key(o, "exempt_services", 0);
    str_append(o, "[");
    for (int i = 0; i < p->n_exempts; i++) {
        const Exempt *ex = &p->exempts[i];
        str_append(o, i ? ", {" : "{");
        pj_kstr(o, "name", ex->name, 1);
        pj_kstr(o, "notice", ex->notice, 0);
        pj_kstr(o, "clause", ex->clause, 0);
        pj_key(o, "domains", 0);
        str_append(o, "[");
        for (int j = 0; j < ex->n_domains; j++) {
            str_append(o, j ? ", " : "");
            str_append_json(o, ex->domains[j]);
        }
        str_append(o, "]");
        pj_key(o, "classes", 0);
        str_append(o, "[");
        int first = 1;
        for (int c = 0; c < p->schemes[SCHEME_CONFIDENTIALITY].n_levels; c++)
            if (ex->class_mask & (1u << c)) {
                str_append(o, first ? "" : ", ");
                str_append_json(o, p->schemes[SCHEME_CONFIDENTIALITY].levels[c].code);
                first = 0;
            }
        str_append(o, "]}");
    }
    str_append(o, "]");
}

void profile_json(const Profile *p, Str *o)
{
    str_append(o, "{");
    meta_json(p, o);
    pj_key(o, "roles", 0);
    str_append(o, "[");
    for (int i = 0; i < p->n_roles; i++) {
        str_append(o, i ? ", {" : "{");
        pj_kstr(o, "id", p->roles[i].id, 1);
        pj_kstr(o, "label", p->roles[i].label, 0);
        pj_kstr(o, "clause", p->roles[i].clause, 0);
        str_append(o, "}");
    }
    str_append(o, "]");
    schemes_json(p, o);
    tracks_section_json(p, o);
    items_json(p, o);
    rest_json(p, o);
    pj_categories(p, o);
    str_append(o, "}\n");
}
