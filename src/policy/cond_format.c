#include "policy/cond_format.h"

static int takes_list(Op op) { return op == OP_IN || op == OP_NOT_IN || op == OP_SUBSET_OF || op == OP_INTERSECTS; }

void cond_value_text(const Profile *p, const Cond *c, int i, Str *out)
{
    const FieldDef *fd = &field_defs[c->field];
    const Scalar *v = &c->values[i];
    switch (fd->type) {
    case FT_BOOL: str_append(out, v->i ? "true" : "false"); break;
    case FT_INT: str_appendf(out, "%lld", v->i); break;
    case FT_NUMBER: str_appendf(out, "%g", v->n); break;
    case FT_CLASS: str_append(out, p->schemes[fd->scheme].levels[v->code].code); break;
    case FT_ROLE: str_append(out, p->roles[v->code].id); break;
    default: str_append(out, v->s ? v->s : "?"); break;
    }
}

void cond_format(const Profile *p, const Cond *c, Str *out)
{
    switch (c->kind) {
    case COND_NOT:
        str_append(out, "NOT (");
        cond_format(p, c->kids[0], out);
        str_append(out, ")");
        return;
    case COND_ALL:
    case COND_ANY:
        str_append(out, "(");
        for (int i = 0; i < c->n_kids; i++) {
            if (i)
                str_append(out, c->kind == COND_ALL ? " かつ " : " または ");
            cond_format(p, c->kids[i], out);
        }
        str_append(out, ")");
        return;
    case COND_LEAF: break;
    }
    str_appendf(out, "%s %s", field_defs[c->field].path, op_names[c->op]);
    if (c->op == OP_PRESENT || c->op == OP_ABSENT)
        return;
    if (c->rhs_field >= 0) {
        str_appendf(out, " %s", field_defs[c->rhs_field].path);
        return;
    }
    str_append(out, takes_list(c->op) ? " [" : " ");
    for (int i = 0; i < c->n_values; i++) {
        if (i)
            str_append(out, ", ");
        cond_value_text(p, c, i, out);
    }
    if (takes_list(c->op))
        str_append(out, "]");
}
