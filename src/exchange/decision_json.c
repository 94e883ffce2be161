#include "exchange/decision_json.h"

#include "exchange/field_text.h"

/* Minimal JSON writer with optional indentation. */
typedef struct Jw {
    Str *out;
    int pretty;
    int depth;
    int first; /* no element written yet at this depth */
} Jw;

static void jw_nl(Jw *w)
{
    if (!w->pretty)
        return;
    str_appendc(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        str_append(w->out, "  ");
}

static void jw_sep(Jw *w)
{
    if (!w->first)
        str_appendc(w->out, ',');
    w->first = 0;
    jw_nl(w);
}

static void jw_open(Jw *w, char c)
{
    str_appendc(w->out, c);
    w->depth++;
    w->first = 1;
}

static void jw_close(Jw *w, char c)
{
    w->depth--;
    if (!w->first)
        jw_nl(w);
    str_appendc(w->out, c);
    w->first = 0;
}

static void jw_key(Jw *w, const char *k)
{
    jw_sep(w);
    str_append_json(w->out, k);
    str_append(w->out, w->pretty ? ": " : ":");
}

static void jw_str(Jw *w, const char *k, const char *v)
{
    jw_key(w, k);
    if (v)
        str_append_json(w->out, v);
    else
        str_append(w->out, "null");
}

static void jw_bool(Jw *w, const char *k, int v)
{
    jw_key(w, k);
    str_append(w->out, v ? "true" : "false");
}

static void jw_open_key(Jw *w, const char *k, char c)
{
    jw_key(w, k);
    jw_open(w, c);
}

static void jw_elem_open(Jw *w, char c)
{
    jw_sep(w);
    jw_open(w, c);
}

static void jw_elem_str(Jw *w, const char *v)
{
    jw_sep(w);
    str_append_json(w->out, v);
}

void ledger_value_text(const AppDoc *doc, const Decision *d, const LedgerField *lf, Str *out)
{
    for (int i = 0; i < lf->n_fields; i++) {
        int f = lf->fields[i];
        if (f == F_PERIOD_TO && !doc->v[f].present && d->period_to_default) {
            str_append(out, "〜");
            date_text(d->period_to_default, out);
            str_append(out, "（年度末）");
            continue;
        }
        if (!doc->v[f].present)
            continue;
        if (out->len)
            str_append(out, f == F_PERIOD_TO ? "〜" : " ");
        field_text(doc, f, out);
    }
}

static void write_missing(Jw *w, const char *key, FieldMask m)
{
    jw_open_key(w, key, '[');
    for (int f = 0; f < F_COUNT; f++)
        if (m & FIELD_BIT(f))
            jw_elem_str(w, field_defs[f].path);
    jw_close(w, ']');
}

static void write_roles(Jw *w, const Profile *p, const Decision *d)
{
    const Track *t = &p->tracks[d->track];
    Str roles = STR_INIT;
    applicant_roles_text(p, d->track, &roles);
    jw_str(w, "applicant_role", str_cstr(&roles));
    str_free(&roles);
    jw_str(w, "approver_role", p->roles[t->approver_role].label);
    jw_str(w, "administrator", p->roles[t->administrator_role].label);
    jw_str(w, "administrator_basis", admin_basis_names[t->administrator]);
    jw_str(w, "registrar_role", t->registrar_role >= 0 ? p->roles[t->registrar_role].label : NULL);
    jw_str(w, "ledger_change_report_role", t->report_role >= 0 ? p->roles[t->report_role].label : NULL);
}

static void write_findings(Jw *w, const Decision *d)
{
    jw_open_key(w, "findings", '[');
    for (int i = 0; i < d->n_findings; i++) {
        const Finding *f = &d->findings[i];
        jw_elem_open(w, '{');
        jw_str(w, "rule", f->rule->id);
        jw_str(w, "severity", severity_names[f->severity]);
        jw_str(w, "clause", f->rule->clause);
        jw_str(w, "message", f->rule->message);
        if (f->undetermined) {
            jw_bool(w, "undetermined", 1);
            write_missing(w, "missing_fields", f->missing);
        }
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_requirements(Jw *w, const Profile *p, const Decision *d)
{
    jw_open_key(w, "requirements", '[');
    for (int i = 0; i < p->n_items; i++) {
        if (!d->item_applies[i])
            continue;
        const Item *it = &p->items[i];
        jw_elem_open(w, '{');
        jw_str(w, "id", it->id);
        jw_str(w, "phase", phase_names[it->phase]);
        jw_str(w, "clause", it->clause);
        jw_str(w, "text", it->text);
        jw_str(w, "level", it->should ? "should" : "must");
        jw_str(w, "status", answer_status_names[d->item_status[i]]);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_open_key(w, "risks_to_accept", '[');
    for (int i = 0; i < p->n_risks; i++) {
        if (!d->risk_applies[i])
            continue;
        const Risk *rk = &p->risks[i];
        jw_elem_open(w, '{');
        jw_str(w, "id", rk->id);
        jw_str(w, "clause", rk->clause);
        jw_str(w, "text", rk->text);
        jw_str(w, "status", answer_status_names[d->risk_status[i]]);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_ledger(Jw *w, const AppDoc *doc, const Decision *d)
{
    const Profile *p = doc->profile;
    jw_open_key(w, "ledger_fields", '[');
    Str val = STR_INIT;
    for (int i = 0; i < p->n_ledger; i++) {
        const LedgerField *lf = &p->ledger[i];
        jw_elem_open(w, '{');
        jw_str(w, "id", lf->id);
        jw_str(w, "label", lf->label);
        jw_str(w, "clause", lf->clause);
        jw_bool(w, "required", lf->required);
        str_reset(&val);
        ledger_value_text(doc, d, lf, &val);
        jw_str(w, "value", val.len ? str_cstr(&val) : NULL);
        jw_close(w, '}');
    }
    str_free(&val);
    jw_close(w, ']');
}

void decision_json(const AppDoc *doc, const Decision *d, int pretty, Str *out)
{
    const Profile *p = doc->profile;
    Jw w = {out, pretty, 0, 1};
    jw_open(&w, '{');
    jw_str(&w, "profile", p->id);
    jw_str(&w, "profile_version", p->version);
    jw_str(&w, "track", track_values[d->track]);
    jw_str(&w, "track_label", p->tracks[d->track].label);
    write_roles(&w, p, d);
    jw_bool(&w, "exempt", d->exempt != NULL);
    if (d->exempt)
        jw_str(&w, "exempt_notice", d->exempt->notice);
    jw_str(&w, "verdict", verdict_names[d->verdict]);
    write_findings(&w, d);
    write_requirements(&w, p, d);
    write_ledger(&w, doc, d);
    write_missing(&w, "missing_fields", d->missing);
    jw_close(&w, '}');
    if (pretty)
        str_appendc(out, '\n');
}
