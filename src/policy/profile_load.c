/* YAML → Profile. Strict: unknown keys, wrong types, unknown operators, field
 * paths the application does not have, undefined codes/roles and duplicate ids
 * are errors. Errors are collected (file:line:col) and the profile is returned
 * only when there are none (all or nothing). */
#include "policy/profile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "policy/cond_parse.h"
#include "policy/profile_sections.h"
#include "policy/yaml_reader.h"
#include "util/str.h"

static const char *const top_keys[] = {"profile", "roles", "classifications", "tracks", "ledger_fields",
                                       "requirements", "risks", "rules", "exempt_services",
                                       "meeting_planner", "social_media", "mail_delivery",
                                       "contact_chart", "incidents", "operation_gate", NULL};
static const char *const meta_keys[] = {"id", "version", "organization", "document", "effective", "source",
                                        "review_interval_months", "log_retention_days", "exempt_clause", NULL};
static const char *const role_keys[] = {"id", "label", "clause", NULL};
static const char *const scheme_keys[] = {"label", "clause", "levels", NULL};
static const char *const level_keys[] = {"code", "label", "important", "high", NULL};
static const char *const track_keys[] = {"id", "label", "clause", "applicant_roles", "applicant_clause",
                                         "approver_role", "approver_clause", "administrator",
                                         "administrator_role", "administrator_clause", "registrar_role",
                                         "registrar_clause", "ledger_change_report_role",
                                         "ledger_change_report_clause", "separation_of_duties",
                                         "separation_of_duties_clause", NULL};
static const char *const ledger_keys[] = {"id", "label", "clause", "fields", "required", NULL};
static const char *const item_keys[] = {"id", "phase", "clause", "text", "level", "tracks", "categories",
                                        "when", NULL};
static const char *const risk_keys[] = {"id", "clause", "text", "tracks", NULL};
static const char *const rule_keys[] = {"id", "clause", "severity", "message", "when", NULL};
static const char *const exempt_keys[] = {"name", "domains", "classes", "notice", "clause", NULL};
static const char *const scheme_names[] = {"confidentiality", "integrity", "availability", NULL};
static const char *const level_names[] = {"must", "should", NULL};

/* ---- ids ------------------------------------------------------------- */

static int id_chars_ok(const char *s, const char *extra)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr(extra, c)))
            return 0;
    }
    return 1;
}

/* Shared id space of items, risks and rules: ids must be unique. */
typedef struct IdSeen {
    const char **ids;
    int n, cap;
} IdSeen;

static void id_claim(Yr *r, IdSeen *seen, yaml_node_t *at, const char *id)
{
    for (int i = 0; i < seen->n; i++)
        if (strcmp(seen->ids[i], id) == 0) {
            yr_error(r, at, "duplicate id '%s' (ids of requirements, risks and rules must be unique)", id);
            return;
        }
    if (seen->n == seen->cap) {
        int cap = seen->cap ? seen->cap * 2 : 64;
        const char **ids = realloc(seen->ids, (size_t)cap * sizeof *ids);
        if (!ids) {
            yr_error(r, at, "out of memory");
            return;
        }
        seen->ids = ids;
        seen->cap = cap;
    }
    seen->ids[seen->n++] = id;
}

static const char *get_id(Yr *r, yaml_node_t *map, const char *key, const char *extra, const char *what)
{
    const char *id = yr_str(r, map, key, 1);
    if (id && !id_chars_ok(id, extra))
        yr_error(r, yr_get(r, map, key), "%s id '%s' may contain only a-z, 0-9 and '%s'", what, id, extra);
    return id;
}

/* ---- sections ---------------------------------------------------------- */

static void load_meta(Yr *r, Profile *p, yaml_node_t *m)
{
    if (!yr_expect_map(r, m, "profile"))
        return;
    yr_check_keys(r, m, meta_keys, "profile");
    p->id = get_id(r, m, "id", "-", "profile");
    p->version = yr_str(r, m, "version", 1);
    p->organization = yr_str(r, m, "organization", 1);
    p->document = yr_str(r, m, "document", 1);
    p->source = yr_str(r, m, "source", 1);
    yaml_node_t *eff = yr_get(r, m, "effective");
    if (eff) {
        const char *s = yr_scalar(r, eff, "profile.effective");
        if (s && !date_parse(s, &p->effective))
            yr_error(r, eff, "profile.effective '%s' is not a date YYYY-MM-DD", s);
    }
    p->review_interval_months = yr_int(r, m, "review_interval_months", 12, 1, 60);
    p->log_retention_days = yr_int(r, m, "log_retention_days", 365, 365, 36500);
    p->exempt_clause = yr_str(r, m, "exempt_clause", 0);
}

static void load_roles(Yr *r, Profile *p, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "roles");
    p->roles = arena_alloc(&p->arena, sizeof(Role) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && p->roles; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "role"))
            continue;
        yr_check_keys(r, m, role_keys, "role");
        Role *ro = &p->roles[p->n_roles];
        ro->id = get_id(r, m, "id", "_", "role");
        ro->label = yr_str(r, m, "label", 1);
        ro->clause = yr_str(r, m, "clause", 0);
        if (!ro->id || !ro->label)
            continue;
        for (int j = 0; j < p->n_roles; j++)
            if (strcmp(p->roles[j].id, ro->id) == 0)
                yr_error(r, m, "duplicate role id '%s'", ro->id);
        p->n_roles++;
    }
    if (n == 0)
        yr_error(r, seq, "roles: at least one role is required");
}

static void load_scheme(Yr *r, Profile *p, int sid, yaml_node_t *m)
{
    Scheme *s = &p->schemes[sid];
    if (!yr_expect_map(r, m, scheme_names[sid]))
        return;
    yr_check_keys(r, m, scheme_keys, scheme_names[sid]);
    s->label = yr_str(r, m, "label", 1);
    s->clause = yr_str(r, m, "clause", 0);
    yaml_node_t *levels = yr_get(r, m, "levels");
    if (!levels) {
        yr_error(r, m, "%s: 'levels' is required", scheme_names[sid]);
        return;
    }
    int n = yr_seq_len(r, levels, "levels");
    if (n == 0 || n > 16) {
        yr_error(r, levels, "%s.levels: between 1 and 16 levels are required", scheme_names[sid]);
        return;
    }
    s->levels = arena_alloc(&p->arena, sizeof(Level) * (size_t)n);
    for (int i = 0; i < n && s->levels; i++) {
        yaml_node_t *lm = yr_seq_at(r, levels, i);
        if (!yr_expect_map(r, lm, "level"))
            continue;
        yr_check_keys(r, lm, level_keys, "level");
        Level *lv = &s->levels[s->n_levels];
        lv->code = yr_str(r, lm, "code", 1);
        lv->label = yr_str(r, lm, "label", 1);
        lv->important = yr_bool(r, lm, "important", 0);
        lv->high = yr_bool(r, lm, "high", 0);
        if (lv->important && sid != SCHEME_CONFIDENTIALITY)
            yr_error(r, lm, "'important' is meaningful only for confidentiality levels");
        if (lv->high && sid != SCHEME_AVAILABILITY)
            yr_error(r, lm, "'high' is meaningful only for availability levels");
        if (!lv->code || !lv->label)
            continue;
        for (int j = 0; j < s->n_levels; j++)
            if (strcmp(s->levels[j].code, lv->code) == 0)
                yr_error(r, lm, "duplicate level code '%s' in %s", lv->code, scheme_names[sid]);
        s->n_levels++;
    }
}

static void load_classifications(Yr *r, Profile *p, yaml_node_t *m)
{
    if (!yr_expect_map(r, m, "classifications"))
        return;
    yr_check_keys(r, m, scheme_names, "classifications");
    for (int sid = 0; sid < SCHEME_COUNT; sid++) {
        yaml_node_t *s = yr_get(r, m, scheme_names[sid]);
        if (!s)
            yr_error(r, m, "classifications.%s is required", scheme_names[sid]);
        else
            load_scheme(r, p, sid, s);
    }
    int important = 0, ordinary = 0;
    for (int i = 0; i < p->schemes[SCHEME_CONFIDENTIALITY].n_levels; i++) {
        if (p->schemes[SCHEME_CONFIDENTIALITY].levels[i].important)
            important++;
        else
            ordinary++;
    }
    if (p->schemes[SCHEME_CONFIDENTIALITY].n_levels && (!important || !ordinary))
        yr_error(r, m, "classifications.confidentiality needs at least one important and one ordinary level");
}

/* Role id → index, reporting an error at `at` when undefined. */
static int role_ref(Yr *r, Profile *p, yaml_node_t *at, const char *id, const char *what)
{
    if (!id)
        return -1;
    for (int i = 0; i < p->n_roles; i++)
        if (strcmp(p->roles[i].id, id) == 0)
            return i;
    yr_error(r, at, "%s: role '%s' is not defined in roles", what, id);
    return -1;
}

static int role_field(Yr *r, Profile *p, yaml_node_t *m, const char *key, int required)
{
    const char *id = yr_str(r, m, key, required);
    return id ? role_ref(r, p, yr_get(r, m, key), id, key) : -1;
}

static const char *clause_field(Yr *r, yaml_node_t *m, const char *key, int required)
{
    const char *c = yr_str(r, m, key, required);
    if (c && !*c)
        yr_error(r, yr_get(r, m, key), "%s must not be empty", key);
    return c;
}

static void load_track(Yr *r, Profile *p, yaml_node_t *m)
{
    if (!yr_expect_map(r, m, "track"))
        return;
    yr_check_keys(r, m, track_keys, "track");
    const char *id = yr_str(r, m, "id", 1);
    if (!id)
        return;
    int t = enum_index(track_values, id);
    if (t < 0) {
        yr_error(r, yr_get(r, m, "id"), "track id '%s' is not one of: important, ordinary", id);
        return;
    }
    Track *tr = &p->tracks[t];
    if (tr->id) {
        yr_error(r, m, "track '%s' is defined twice", id);
        return;
    }
    tr->id = track_values[t];
    tr->label = yr_str(r, m, "label", 1);
    tr->clause = clause_field(r, m, "clause", 1);

    yaml_node_t *ar = yr_get(r, m, "applicant_roles");
    int n = ar ? yr_seq_len(r, ar, "applicant_roles") : 0;
    if (!ar || n == 0)
        yr_error(r, ar ? ar : m, "track %s: applicant_roles needs at least one role", id);
    tr->applicant_roles = arena_alloc(&p->arena, sizeof(int) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && tr->applicant_roles; i++) {
        yaml_node_t *e = yr_seq_at(r, ar, i);
        const char *rid = yr_scalar(r, e, "applicant_roles");
        int ri = role_ref(r, p, e, rid, "applicant_roles");
        if (ri >= 0)
            tr->applicant_roles[tr->n_applicant_roles++] = ri;
    }
    tr->applicant_clause = clause_field(r, m, "applicant_clause", 1);
    tr->approver_role = role_field(r, p, m, "approver_role", 1);
    tr->approver_clause = clause_field(r, m, "approver_clause", 1);
    const char *basis = yr_str(r, m, "administrator", 1);
    if (basis) {
        int b = enum_index(admin_basis_names, basis);
        if (b < 0)
            yr_error(r, yr_get(r, m, "administrator"), "administrator '%s' is not one of: applicant, approver, nominee",
                     basis);
        tr->administrator = b < 0 ? ADMIN_NOMINEE : (AdminBasis)b;
    }
    tr->administrator_role = role_field(r, p, m, "administrator_role", 1);
    tr->administrator_clause = clause_field(r, m, "administrator_clause", 1);
    tr->registrar_role = role_field(r, p, m, "registrar_role", 0);
    tr->registrar_clause = clause_field(r, m, "registrar_clause", tr->registrar_role >= 0);
    tr->report_role = role_field(r, p, m, "ledger_change_report_role", 0);
    tr->report_clause = clause_field(r, m, "ledger_change_report_clause", tr->report_role >= 0);
    tr->separation_of_duties = yr_bool(r, m, "separation_of_duties", 0);
    tr->separation_clause = clause_field(r, m, "separation_of_duties_clause", tr->separation_of_duties);
    if (!yr_get(r, m, "registrar_role"))
        tr->registrar_role = -1;
    if (!yr_get(r, m, "ledger_change_report_role"))
        tr->report_role = -1;
}

static void load_tracks(Yr *r, Profile *p, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "tracks");
    for (int i = 0; i < n; i++)
        load_track(r, p, yr_seq_at(r, seq, i));
    for (int t = 0; t < TRACK_COUNT; t++)
        if (!p->tracks[t].id)
            yr_error(r, seq, "tracks: track '%s' is required", track_values[t]);
}

static void load_ledger(Yr *r, Profile *p, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "ledger_fields");
    if (n == 0)
        yr_error(r, seq, "ledger_fields: at least one field is required");
    p->ledger = arena_alloc(&p->arena, sizeof(LedgerField) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && p->ledger; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "ledger field"))
            continue;
        yr_check_keys(r, m, ledger_keys, "ledger field");
        LedgerField *lf = &p->ledger[p->n_ledger];
        lf->id = get_id(r, m, "id", "_", "ledger field");
        lf->label = yr_str(r, m, "label", 1);
        lf->required = yr_bool(r, m, "required", 1);
        /* A field the standard does not require may have no clause. */
        lf->clause = clause_field(r, m, "clause", lf->required);
        yaml_node_t *fs = yr_get(r, m, "fields");
        int nf = fs ? yr_seq_len(r, fs, "fields") : 0;
        if (nf > LEDGER_MAX_SOURCES)
            yr_error(r, fs, "a ledger field takes at most %d application fields", LEDGER_MAX_SOURCES);
        for (int j = 0; j < nf && j < LEDGER_MAX_SOURCES; j++) {
            yaml_node_t *e = yr_seq_at(r, fs, j);
            const char *path = yr_scalar(r, e, "fields");
            if (!path)
                continue;
            int f = field_lookup(path);
            if (f < 0 || field_defs[f].derived || field_defs[f].scope != SCOPE_APPLICATION)
                yr_error(r, e, "ledger field %s: '%s' is not a field of the application document",
                         lf->id ? lf->id : "?", path);
            else
                lf->fields[lf->n_fields++] = f;
        }
        if (lf->required && lf->n_fields == 0)
            yr_error(r, m, "ledger field %s is required but names no application field", lf->id ? lf->id : "?");
        if (!lf->id || !lf->label)
            continue;
        for (int j = 0; j < p->n_ledger; j++)
            if (strcmp(p->ledger[j].id, lf->id) == 0)
                yr_error(r, m, "duplicate ledger field id '%s'", lf->id);
        p->n_ledger++;
    }
}

/* List of track ids → mask; default both tracks. */
static unsigned track_mask(Yr *r, yaml_node_t *m, unsigned dflt)
{
    yaml_node_t *seq = yr_get(r, m, "tracks");
    if (!seq)
        return dflt;
    unsigned mask = 0;
    int n = yr_seq_len(r, seq, "tracks");
    for (int i = 0; i < n; i++) {
        yaml_node_t *e = yr_seq_at(r, seq, i);
        const char *s = yr_scalar(r, e, "tracks");
        if (!s)
            continue;
        int t = enum_index(track_values, s);
        if (t < 0)
            yr_error(r, e, "tracks: '%s' is not one of: important, ordinary", s);
        else
            mask |= 1u << t;
    }
    if (n == 0)
        yr_error(r, seq, "tracks: an empty list would apply to nothing; omit the key for both tracks");
    return mask;
}

static unsigned category_mask(Yr *r, yaml_node_t *m)
{
    yaml_node_t *seq = yr_get(r, m, "categories");
    if (!seq)
        return (1u << CATEGORY_COUNT) - 1;
    unsigned mask = 0;
    int n = yr_seq_len(r, seq, "categories");
    for (int i = 0; i < n; i++) {
        yaml_node_t *e = yr_seq_at(r, seq, i);
        const char *s = yr_scalar(r, e, "categories");
        if (!s)
            continue;
        int c = enum_index(category_values, s);
        if (c < 0) {
            char allowed[256];
            enum_join(category_values, allowed, sizeof allowed);
            yr_error(r, e, "categories: '%s' is not one of: %s", s, allowed);
        } else {
            mask |= 1u << c;
        }
    }
    if (n == 0)
        yr_error(r, seq, "categories: an empty list would apply to nothing; omit the key for every category");
    return mask;
}

static void load_items(Yr *r, Profile *p, yaml_node_t *seq, IdSeen *seen)
{
    int n = yr_seq_len(r, seq, "requirements");
    p->items = arena_alloc(&p->arena, sizeof(Item) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && p->items; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "requirement"))
            continue;
        yr_check_keys(r, m, item_keys, "requirement");
        Item *it = &p->items[p->n_items];
        it->id = get_id(r, m, "id", "-._", "requirement");
        it->clause = clause_field(r, m, "clause", 1);
        it->text = yr_str(r, m, "text", 1);
        const char *phase = yr_str(r, m, "phase", 1);
        int ph = phase ? enum_index(phase_names, phase) : 0;
        if (ph < 0) {
            char allowed[256];
            enum_join(phase_names, allowed, sizeof allowed);
            yr_error(r, yr_get(r, m, "phase"), "phase '%s' is not one of: %s", phase, allowed);
            ph = 0;
        }
        it->phase = (Phase)ph;
        const char *level = yr_str(r, m, "level", 0);
        if (level && enum_index(level_names, level) < 0)
            yr_error(r, yr_get(r, m, "level"), "level '%s' is not one of: must, should", level);
        it->should = level && strcmp(level, "should") == 0;
        it->track_mask = track_mask(r, m, (1u << TRACK_COUNT) - 1);
        it->category_mask = category_mask(r, m);
        yaml_node_t *w = yr_get(r, m, "when");
        if (w)
            it->when = cond_parse(r, p, w, 0);
        if (!it->id || !it->clause || !it->text || !phase)
            continue;
        id_claim(r, seen, m, it->id);
        p->n_items++;
    }
}

static void load_risks(Yr *r, Profile *p, yaml_node_t *seq, IdSeen *seen)
{
    int n = yr_seq_len(r, seq, "risks");
    p->risks = arena_alloc(&p->arena, sizeof(Risk) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && p->risks; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "risk"))
            continue;
        yr_check_keys(r, m, risk_keys, "risk");
        Risk *rk = &p->risks[p->n_risks];
        rk->id = get_id(r, m, "id", "-._", "risk");
        rk->clause = clause_field(r, m, "clause", 1);
        rk->text = yr_str(r, m, "text", 1);
        rk->track_mask = track_mask(r, m, 1u << TRACK_ORDINARY);
        if (!rk->id || !rk->clause || !rk->text)
            continue;
        id_claim(r, seen, m, rk->id);
        p->n_risks++;
    }
}

static void load_rules(Yr *r, Profile *p, yaml_node_t *seq, IdSeen *seen, int extra)
{
    int n = seq ? yr_seq_len(r, seq, "rules") : 0;
    p->rules = arena_alloc(&p->arena, sizeof(Rule) * (size_t)(n + extra));
    for (int i = 0; i < n && p->rules; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "rule"))
            continue;
        yr_check_keys(r, m, rule_keys, "rule");
        Rule *ru = &p->rules[p->n_rules];
        ru->id = get_id(r, m, "id", "-._", "rule");
        ru->clause = clause_field(r, m, "clause", 1);
        ru->message = yr_str(r, m, "message", 1);
        const char *sev = yr_str(r, m, "severity", 1);
        int s = sev ? enum_index(severity_names, sev) : 0;
        if (s < 0) {
            yr_error(r, yr_get(r, m, "severity"), "severity '%s' is not one of: info, warn, block", sev);
            s = 0;
        }
        ru->severity = (Severity)s;
        yaml_node_t *w = yr_get(r, m, "when");
        if (!w)
            yr_error(r, m, "rule %s: 'when' is required", ru->id ? ru->id : "?");
        else
            ru->when = cond_parse(r, p, w, 0);
        if (!ru->id || !ru->clause || !ru->message || !sev || !ru->when)
            continue;
        id_claim(r, seen, m, ru->id);
        p->n_rules++;
    }
}

static void load_exempts(Yr *r, Profile *p, yaml_node_t *seq)
{
    int n = yr_seq_len(r, seq, "exempt_services");
    p->exempts = arena_alloc(&p->arena, sizeof(Exempt) * (size_t)(n ? n : 1));
    for (int i = 0; i < n && p->exempts; i++) {
        yaml_node_t *m = yr_seq_at(r, seq, i);
        if (!yr_expect_map(r, m, "exempt service"))
            continue;
        yr_check_keys(r, m, exempt_keys, "exempt service");
        Exempt *ex = &p->exempts[p->n_exempts];
        ex->name = yr_str(r, m, "name", 1);
        ex->notice = yr_str(r, m, "notice", 1);
        ex->clause = clause_field(r, m, "clause", 1);
        yaml_node_t *ds = yr_get(r, m, "domains");
        int nd = ds ? yr_seq_len(r, ds, "domains") : 0;
        ex->domains = arena_alloc(&p->arena, sizeof(char *) * (size_t)(nd ? nd : 1));
        for (int j = 0; j < nd && ex->domains; j++) {
            yaml_node_t *e = yr_seq_at(r, ds, j);
            const char *h = yr_scalar(r, e, "domains");
            if (h && !host_valid(h))
                yr_error(r, e, "domains: '%s' is not a host name", h);
            else if (h)
                ex->domains[ex->n_domains++] = h;
        }
        yaml_node_t *cs = yr_get(r, m, "classes");
        int nc = cs ? yr_seq_len(r, cs, "classes") : 0;
        if (nc == 0)
            yr_error(r, cs ? cs : m, "exempt service: 'classes' needs at least one confidentiality code");
        for (int j = 0; j < nc; j++) {
            yaml_node_t *e = yr_seq_at(r, cs, j);
            const char *c = yr_scalar(r, e, "classes");
            int rank = c ? profile_level_rank(p, SCHEME_CONFIDENTIALITY, c) : -1;
            if (c && rank < 0)
                yr_error(r, e, "classes: '%s' is not a confidentiality code of this profile", c);
            else if (rank >= 0)
                ex->class_mask |= 1u << rank;
        }
        if (ex->name)
            p->n_exempts++;
    }
}

/* Rules made from the track definitions, so that the approval authority is
 * checked by the same engine and cited like every other rule. */
static void derive_track_rules(Profile *p)
{
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &p->tracks[t];
        Str msg = STR_INIT;
        str_appendf(&msg, "「%s」の申請者は ", tr->label);
        for (int i = 0; i < tr->n_applicant_roles; i++)
            str_appendf(&msg, "%s%s", i ? "・" : "", p->roles[tr->applicant_roles[i]].label);
        str_append(&msg, " です。");
        Rule *ru = &p->rules[p->n_rules++];
        ru->id = t == TRACK_IMPORTANT ? "track-applicant-role-important" : "track-applicant-role-ordinary";
        ru->clause = tr->applicant_clause;
        ru->severity = SEV_WARN;
        ru->message = arena_strdup(&p->arena, str_cstr(&msg));
        ru->derived = 1;
        ru->when = cond_track_role(p, t, F_APPLICANT_ROLE, tr->applicant_roles, tr->n_applicant_roles);
        str_reset(&msg);

        str_appendf(&msg, "「%s」の許可権限者は %s です。", tr->label, p->roles[tr->approver_role].label);
        ru = &p->rules[p->n_rules++];
        ru->id = t == TRACK_IMPORTANT ? "track-approver-role-important" : "track-approver-role-ordinary";
        ru->clause = tr->approver_clause;
        ru->severity = SEV_BLOCK;
        ru->message = arena_strdup(&p->arena, str_cstr(&msg));
        ru->derived = 1;
        ru->when = cond_track_role(p, t, F_APPROVER_ROLE, &tr->approver_role, 1);
        str_free(&msg);
    }
}

static unsigned hash_id(const char *s, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int build_answer_index(Profile *p)
{
    unsigned total = (unsigned)(p->n_items + p->n_risks);
    unsigned size = 16;
    while (size < total * 2)
        size *= 2;
    p->answer_slots = arena_alloc(&p->arena, sizeof(int) * size);
    if (!p->answer_slots)
        return 0;
    for (unsigned i = 0; i < size; i++)
        p->answer_slots[i] = -1;
    p->answer_slot_mask = size - 1;
    for (unsigned i = 0; i < total; i++) {
        const char *id = i < (unsigned)p->n_items ? p->items[i].id : p->risks[i - (unsigned)p->n_items].id;
        unsigned h = hash_id(id, strlen(id)) & p->answer_slot_mask;
        while (p->answer_slots[h] >= 0)
            h = (h + 1) & p->answer_slot_mask;
        p->answer_slots[h] = (int)i;
    }
    return 1;
}

int profile_answer_index(const Profile *p, const char *id, size_t len)
{
    unsigned h = hash_id(id, len) & p->answer_slot_mask;
    for (int idx; (idx = p->answer_slots[h]) >= 0; h = (h + 1) & p->answer_slot_mask) {
        const char *cand = idx < p->n_items ? p->items[idx].id : p->risks[idx - p->n_items].id;
        if (strncmp(cand, id, len) == 0 && cand[len] == '\0')
            return idx;
    }
    return -1;
}

int profile_role_index(const Profile *p, const char *id_or_label)
{
    for (int i = 0; i < p->n_roles; i++)
        if (strcmp(p->roles[i].id, id_or_label) == 0 || strcmp(p->roles[i].label, id_or_label) == 0)
            return i;
    return -1;
}

int profile_level_rank(const Profile *p, int scheme, const char *code)
{
    const Scheme *s = &p->schemes[scheme];
    for (int i = 0; i < s->n_levels; i++)
        if (strcmp(s->levels[i].code, code) == 0)
            return i;
    return -1;
}

static void load_document(Yr *r, Profile *p, yaml_node_t *root)
{
    if (!yr_expect_map(r, root, "profile document"))
        return;
    yr_check_keys(r, root, top_keys, "top level");
    static const char *const required[] = {"profile", "roles", "classifications", "tracks", "ledger_fields",
                                           "requirements", NULL};
    for (int i = 0; required[i]; i++)
        if (!yr_get(r, root, required[i]))
            yr_error(r, root, "'%s' is required at the top level", required[i]);

    yaml_node_t *n;
    if ((n = yr_get(r, root, "profile")))
        load_meta(r, p, n);
    if ((n = yr_get(r, root, "roles")))
        load_roles(r, p, n);
    if ((n = yr_get(r, root, "classifications")))
        load_classifications(r, p, n);
    /* Tracks, rules and items refer to roles and classes: stop here if
     * those are broken, rather than report every reference as undefined. */
    if (r->errs->count)
        return;
    if ((n = yr_get(r, root, "tracks")))
        load_tracks(r, p, n);
    if ((n = yr_get(r, root, "ledger_fields")))
        load_ledger(r, p, n);
    IdSeen seen = {0};
    if ((n = yr_get(r, root, "requirements")))
        load_items(r, p, n, &seen);
    if ((n = yr_get(r, root, "risks")))
        load_risks(r, p, n, &seen);
    load_rules(r, p, yr_get(r, root, "rules"), &seen, 2 * TRACK_COUNT);
    free(seen.ids);
    if ((n = yr_get(r, root, "exempt_services")))
        load_exempts(r, p, n);
    if ((n = yr_get(r, root, "meeting_planner")))
        meeting_planner_load(r, p, n);
    if ((n = yr_get(r, root, "social_media")))
        social_media_load(r, p, n);
    if ((n = yr_get(r, root, "mail_delivery")))
        mail_delivery_load(r, p, n);
    if ((n = yr_get(r, root, "contact_chart")))
        contact_chart_load(r, p, n);
    if ((n = yr_get(r, root, "incidents")))
        incidents_load(r, p, n);
    if ((n = yr_get(r, root, "operation_gate")))
        operation_gate_load(r, p, n);
}

Profile *profile_load(const char *file, const char *text, size_t len, Errors *errs)
{
    int errors_before = errs->count + errs->dropped;
    Profile *p = calloc(1, sizeof *p);
    if (!p) {
        errors_add(errs, "%s: out of memory", file);
        return NULL;
    }
    arena_init(&p->arena, NULL, 0);
    p->file = arena_strdup(&p->arena, file);

    Yr r;
    if (yr_open(&r, file, text, len, errs, &p->arena)) {
        yaml_node_t *root = yaml_document_get_root_node(&r.doc);
        if (!root)
            errors_add(errs, "%s:1:1: the profile is empty", file);
        else
            load_document(&r, p, root);
        if (errs->count + errs->dropped == errors_before)
            derive_track_rules(p);
        yr_close(&r);
    }
    if (p->arena.failed)
        errors_add(errs, "%s: out of memory", file);
    if (errs->count + errs->dropped == errors_before && !build_answer_index(p))
        errors_add(errs, "%s: out of memory", file);
    if (errs->count + errs->dropped != errors_before) {
        profile_free(p);
        return NULL;
    }
    return p;
}

void profile_free(Profile *p)
{
    if (!p)
        return;
    arena_free(&p->arena);
    free(p);
}
