#include "policy/cond_parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

static const char *const composite_keys[] = {"all", "any", "not", NULL};
static const char *const leaf_keys[] = {"field", "op", "value", "value_field", NULL};

static int is_list_type(FieldType t) { return t == FT_ENUM_LIST || t == FT_COUNTRY_LIST || t == FT_HOST_LIST; }

static FieldType element_type(FieldType t)
{
    switch (t) {
    case FT_ENUM_LIST: return FT_ENUM;
    case FT_COUNTRY_LIST: return FT_COUNTRY;
    case FT_HOST_LIST: return FT_STRING;
    default: return t;
    }
}

static int is_ordered(FieldType t) { return t == FT_INT || t == FT_NUMBER || t == FT_DATE || t == FT_CLASS; }

static int op_takes_list(Op op) { return op == OP_IN || op == OP_NOT_IN || op == OP_SUBSET_OF || op == OP_INTERSECTS; }

/* Describe the values a field accepts, for error messages. */
static void allowed_values(const Profile *p, const FieldDef *fd, FieldType t, Str *out)
{
    if (profile_field_codes(p, fd, t, 0, out))
        return;
    switch (t) {
    case FT_BOOL: str_append(out, "true, false"); break;
    case FT_INT: str_append(out, "a whole number"); break;
    case FT_NUMBER: str_append(out, "a number"); break;
    case FT_DATE: str_append(out, "a date YYYY-MM-DD"); break;
    case FT_COUNTRY: str_append(out, "an ISO 3166-1 alpha-2 country code such as JP"); break;
    default: str_append(out, "text"); break;
    }
}

/* One constant of element type `t` for field `fd`. */
static int scalar_parse(Yr *r, Profile *p, yaml_node_t *n, const FieldDef *fd, FieldType t, Scalar *out)
{
    const char *v = yr_scalar(r, n, "value");
    if (!v)
        return 0;
    int plain = n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    int ok = 1;
    char *end;
    memset(out, 0, sizeof *out);
    out->s = v;
    switch (t) {
    case FT_STRING: break;
    case FT_BOOL:
        ok = plain && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0);
        out->i = strcmp(v, "true") == 0;
        break;
    case FT_INT:
        errno = 0;
        out->i = strtoll(v, &end, 10);
        ok = *v && !*end && errno == 0;
        break;
    case FT_NUMBER:
        errno = 0;
        out->n = strtod(v, &end);
        ok = *v && !*end && errno == 0;
        break;
    case FT_DATE: {
        int d = 0;
        ok = date_parse(v, &d);
        out->i = d;
        break;
    }
    case FT_ENUM: out->code = enum_index(fd->enum_values, v); ok = out->code >= 0; break;
    case FT_CLASS: out->code = profile_level_rank(p, fd->scheme, v); ok = out->code >= 0; break;
    case FT_COUNTRY: ok = country_valid(v); out->code = ok ? country_pack(v) : 0; break;
    case FT_ROLE: out->code = profile_role_index(p, v); ok = out->code >= 0; break;
    default: ok = 0; break;
    }
    if (!ok) {
        Str allowed = STR_INIT;
        allowed_values(p, fd, t, &allowed);
        yr_error(r, n, "value '%s' does not fit field %s (allowed: %s)", v, fd->path, str_cstr(&allowed));
        str_free(&allowed);
    }
    return ok;
}

static Cond *new_cond(Profile *p, CondKind kind)
{
    Cond *c = arena_alloc(&p->arena, sizeof *c);
    if (c) {
        c->kind = kind;
        c->rhs_field = -1;
    }
    return c;
}

static Cond *parse_leaf(Yr *r, Profile *p, yaml_node_t *n)
{
    yr_check_keys(r, n, leaf_keys, "condition");
    const char *path = yr_str(r, n, "field", 1);
    const char *opname = yr_str(r, n, "op", 1);
    if (!path || !opname)
        return NULL;
    int f = field_lookup(path);
    if (f < 0) {
        yr_error(r, yr_get(r, n, "field"), "field '%s' does not exist in the application document "
                 "(see docs/profiles.md, \"Fields a rule or item may use\")", path);
        return NULL;
    }
    if (field_defs[f].scope != SCOPE_APPLICATION && (int)field_defs[f].scope != r->field_scope) {
        yr_error(r, yr_get(r, n, "field"), "field '%s' belongs to the %s, not to this section", path,
                 field_defs[f].scope == SCOPE_MEETING ? "meeting planner (meeting_planner)"
                                                      : "pre-posting check (social_media.posting_rules)");
        return NULL;
    }
    int op = enum_index(op_names, opname);
    if (op < 0) {
        Str ops = STR_INIT;
        for (int i = 0; i < OP_COUNT; i++)
            str_appendf(&ops, "%s%s", i ? ", " : "", op_names[i]);
        yr_error(r, yr_get(r, n, "op"), "unknown operator '%s' (allowed: %s)", opname, str_cstr(&ops));
        str_free(&ops);
        return NULL;
    }
    const FieldDef *fd = &field_defs[f];
    FieldType t = fd->type;
    int list = is_list_type(t);
    const char *bad = NULL;
    switch ((Op)op) {
    case OP_EQUALS: case OP_NOT_EQUALS: case OP_IN: case OP_NOT_IN:
        if (list) bad = "a list field; use subset_of, intersects or contains";
        break;
    case OP_SUBSET_OF: case OP_INTERSECTS:
        if (!list) bad = "not a list field";
        break;
    case OP_CONTAINS:
        if (!list && t != FT_STRING) bad = "neither a list nor a text field";
        break;
    case OP_GE: case OP_LE: case OP_GT: case OP_LT:
        if (!is_ordered(t)) bad = "not ordered (only numbers, dates and classes are)";
        break;
    default: break;
    }
    if (bad) {
        yr_error(r, yr_get(r, n, "op"), "operator %s cannot be used on %s: it is %s", opname, path, bad);
        return NULL;
    }

    Cond *c = new_cond(p, COND_LEAF);
    if (!c)
        return NULL;
    c->field = f;
    c->op = (Op)op;
    c->reads = FIELD_BIT(f);
    yaml_node_t *val = yr_get(r, n, "value");
    yaml_node_t *vf = yr_get(r, n, "value_field");
    if (op == OP_PRESENT || op == OP_ABSENT) {
        if (val || vf)
            yr_error(r, val ? val : vf, "operator %s takes no value", opname);
        return c;
    }
    if (val && vf) {
        yr_error(r, vf, "give either value or value_field, not both");
        return NULL;
    }
    if (vf) {
        const char *rp = yr_scalar(r, vf, "value_field");
        int rf = rp ? field_lookup(rp) : -1;
        if (rf >= 0 && field_defs[rf].scope != SCOPE_APPLICATION && (int)field_defs[rf].scope != r->field_scope)
            rf = -1;
        if (rp && rf < 0) {
            yr_error(r, vf, "value_field '%s' does not exist in the application document", rp);
            return NULL;
        }
        if (rf < 0)
            return NULL;
        const FieldDef *rd = &field_defs[rf];
        if (op_takes_list(c->op) || c->op == OP_CONTAINS || rd->type != t || rd->scheme != fd->scheme ||
            rd->enum_values != fd->enum_values || list) {
            yr_error(r, vf, "%s %s %s: value_field needs a field of the same type and a comparison operator",
                     path, opname, rp);
            return NULL;
        }
        c->rhs_field = rf;
        c->reads |= FIELD_BIT(rf);
        return c;
    }
    if (!val) {
        yr_error(r, n, "operator %s needs a value", opname);
        return NULL;
    }
    FieldType et = element_type(t);
    if (op_takes_list(c->op)) {
        int k = val->type == YAML_SEQUENCE_NODE ? yr_seq_len(r, val, "value") : 0;
        if (k == 0) {
            yr_error(r, val, "operator %s needs a non-empty list as value", opname);
            return NULL;
        }
        c->values = arena_alloc(&p->arena, sizeof(Scalar) * (size_t)k);
        if (!c->values)
            return NULL;
        for (int i = 0; i < k; i++)
            if (scalar_parse(r, p, yr_seq_at(r, val, i), fd, et, &c->values[c->n_values]))
                c->n_values++;
        return c->n_values == k ? c : NULL;
    }
    c->values = arena_alloc(&p->arena, sizeof(Scalar));
    if (!c->values || !scalar_parse(r, p, val, fd, et, c->values))
        return NULL;
    c->n_values = 1;
    return c;
}

Cond *cond_parse(Yr *r, Profile *p, yaml_node_t *n, int depth)
{
    if (depth > COND_MAX_DEPTH) {
        yr_error(r, n, "condition nested deeper than %d levels", COND_MAX_DEPTH);
        return NULL;
    }
    if (!yr_expect_map(r, n, "condition"))
        return NULL;
    yaml_node_t *all = yr_get(r, n, "all"), *any = yr_get(r, n, "any"), *not = yr_get(r, n, "not");
    int composite = (all != NULL) + (any != NULL) + (not != NULL);
    if (composite == 0)
        return parse_leaf(r, p, n);
    yr_check_keys(r, n, composite_keys, "condition");
    if (composite > 1 || yr_get(r, n, "field")) {
        yr_error(r, n, "a condition is exactly one of all, any, not, or a field comparison");
        return NULL;
    }
    if (not) {
        Cond *c = new_cond(p, COND_NOT);
        Cond *kid = cond_parse(r, p, not, depth + 1);
        if (!c || !kid)
            return NULL;
        c->kids = arena_alloc(&p->arena, sizeof(Cond *));
        if (!c->kids)
            return NULL;
        c->kids[0] = kid;
        c->n_kids = 1;
        c->reads = kid->reads;
        return c;
    }
    yaml_node_t *seq = all ? all : any;
    int k = yr_seq_len(r, seq, all ? "all" : "any");
    if (k == 0) {
        if (seq->type == YAML_SEQUENCE_NODE)
            yr_error(r, seq, "%s needs at least one condition", all ? "all" : "any");
        return NULL;
    }
    Cond *c = new_cond(p, all ? COND_ALL : COND_ANY);
    if (!c || !(c->kids = arena_alloc(&p->arena, sizeof(Cond *) * (size_t)k)))
        return NULL;
    int ok = 1;
    for (int i = 0; i < k; i++) {
        Cond *kid = cond_parse(r, p, yr_seq_at(r, seq, i), depth + 1);
        if (!kid) {
            ok = 0;
            continue;
        }
        c->kids[c->n_kids++] = kid;
        c->reads |= kid->reads;
    }
    return ok ? c : NULL;
}

static Cond *leaf(Profile *p, int field, Op op, int n_values)
{
    Cond *c = new_cond(p, COND_LEAF);
    if (!c)
        return NULL;
    c->field = field;
    c->op = op;
    c->reads = FIELD_BIT(field);
    if (n_values && !(c->values = arena_alloc(&p->arena, sizeof(Scalar) * (size_t)n_values)))
        return NULL;
    c->n_values = n_values;
    return c;
}

Cond *cond_track_role(Profile *p, int track, int field, const int *roles, int n)
{
    /* The role is checked only once someone is named: an application
     * without an approver yet is not "undetermined". */
    Cond *all = new_cond(p, COND_ALL);
    Cond *is_track = leaf(p, F_TRACK, OP_EQUALS, 1);
    Cond *named = leaf(p, field, OP_PRESENT, 0);
    Cond *not_role = leaf(p, field, OP_NOT_IN, n);
    if (!all || !is_track || !named || !not_role || !(all->kids = arena_alloc(&p->arena, 3 * sizeof(Cond *))))
        return NULL;
    is_track->values[0].code = track;
    is_track->values[0].s = track_values[track];
    for (int i = 0; i < n; i++) {
        not_role->values[i].code = roles[i];
        not_role->values[i].s = p->roles[roles[i]].id;
    }
    all->kids[0] = is_track;
    all->kids[1] = named;
    all->kids[2] = not_role;
    all->n_kids = 3;
    all->reads = is_track->reads | named->reads | not_role->reads;
    return all;
}
