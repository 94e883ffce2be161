#include "policy/cond_eval.h"

#include <string.h>

static int scalar_equal(FieldType t, const FieldValue *a, const Scalar *b)
{
    switch (t) {
    case FT_STRING: return strcmp(a->s, b->s) == 0;
    case FT_BOOL: case FT_INT: case FT_DATE: return a->i == b->i;
    case FT_NUMBER: return a->n == b->n;
    default: return a->code == b->code;
    }
}

/* <0, 0, >0 like strcmp; for classes a smaller rank is more protected, so
 * "more protected" compares greater. */
static int scalar_order(FieldType t, const FieldValue *a, const Scalar *b)
{
    switch (t) {
    case FT_INT: case FT_DATE: return (a->i > b->i) - (a->i < b->i);
    case FT_NUMBER: return (a->n > b->n) - (a->n < b->n);
    case FT_CLASS: return (b->code > a->code) - (b->code < a->code);
    default: return 0;
    }
}

static Scalar as_scalar(const FieldValue *v)
{
    Scalar s = {v->s, v->i, v->n, v->code};
    return s;
}

static int list_has(FieldType t, const FieldValue *list, const Scalar *x)
{
    if (t == FT_HOST_LIST) {
        for (int i = 0; i < list->count; i++)
            if (strcmp(list->strs[i], x->s) == 0)
                return 1;
        return 0;
    }
    for (int i = 0; i < list->count; i++)
        if (list->codes[i] == x->code)
            return 1;
    return 0;
}

static int values_have_elem(const Cond *c, FieldType t, const FieldValue *list, int i)
{
    for (int j = 0; j < c->n_values; j++) {
        if (t == FT_HOST_LIST ? strcmp(list->strs[i], c->values[j].s) == 0 : list->codes[i] == c->values[j].code)
            return 1;
    }
    return 0;
}

static Tri leaf_eval(const Cond *c, const FieldValue *v, FieldMask *missing)
{
    const FieldValue *a = &v[c->field];
    FieldType t = field_defs[c->field].type;
    if (c->op == OP_PRESENT)
        return a->present ? TRI_TRUE : TRI_FALSE;
    if (c->op == OP_ABSENT)
        return a->present ? TRI_FALSE : TRI_TRUE;
    Scalar rhs_buf;
    const Scalar *rhs = c->values;
    if (c->rhs_field >= 0) {
        const FieldValue *b = &v[c->rhs_field];
        if (!a->present || !b->present) {
            *missing |= (a->present ? 0 : FIELD_BIT(c->field)) | (b->present ? 0 : FIELD_BIT(c->rhs_field));
            return TRI_UNKNOWN;
        }
        rhs_buf = as_scalar(b);
        rhs = &rhs_buf;
    } else if (!a->present) {
        *missing |= FIELD_BIT(c->field);
        return TRI_UNKNOWN;
    }
    switch (c->op) {
    case OP_EQUALS: return scalar_equal(t, a, rhs) ? TRI_TRUE : TRI_FALSE;
    case OP_NOT_EQUALS: return scalar_equal(t, a, rhs) ? TRI_FALSE : TRI_TRUE;
    case OP_IN:
    case OP_NOT_IN: {
        int found = 0;
        for (int j = 0; j < c->n_values && !found; j++)
            found = scalar_equal(t, a, &c->values[j]);
        return (found == (c->op == OP_IN)) ? TRI_TRUE : TRI_FALSE;
    }
    case OP_SUBSET_OF:
        for (int i = 0; i < a->count; i++)
            if (!values_have_elem(c, t, a, i))
                return TRI_FALSE;
        return TRI_TRUE;
    case OP_INTERSECTS:
        for (int i = 0; i < a->count; i++)
            if (values_have_elem(c, t, a, i))
                return TRI_TRUE;
        return TRI_FALSE;
    case OP_CONTAINS:
        if (t == FT_STRING)
            return strstr(a->s, rhs->s) ? TRI_TRUE : TRI_FALSE;
        return list_has(t, a, rhs) ? TRI_TRUE : TRI_FALSE;
    case OP_GE: return scalar_order(t, a, rhs) >= 0 ? TRI_TRUE : TRI_FALSE;
    case OP_LE: return scalar_order(t, a, rhs) <= 0 ? TRI_TRUE : TRI_FALSE;
    case OP_GT: return scalar_order(t, a, rhs) > 0 ? TRI_TRUE : TRI_FALSE;
    case OP_LT: return scalar_order(t, a, rhs) < 0 ? TRI_TRUE : TRI_FALSE;
    default: return TRI_UNKNOWN;
    }
}

Tri cond_eval(const Cond *c, const FieldValue *v, FieldMask *missing)
{
    switch (c->kind) {
    case COND_LEAF: return leaf_eval(c, v, missing);
    case COND_NOT: {
        Tri t = cond_eval(c->kids[0], v, missing);
        return t == TRI_UNKNOWN ? TRI_UNKNOWN : (t == TRI_TRUE ? TRI_FALSE : TRI_TRUE);
    }
    case COND_ALL: {
        /* Evaluate every part so that all missing fields are reported. */
        Tri acc = TRI_TRUE;
        FieldMask m = 0;
        for (int i = 0; i < c->n_kids; i++) {
            Tri t = cond_eval(c->kids[i], v, &m);
            if (t == TRI_FALSE)
                return TRI_FALSE; /* decided: nothing is missing */
            if (t == TRI_UNKNOWN)
                acc = TRI_UNKNOWN;
        }
        *missing |= m;
        return acc;
    }
    case COND_ANY: {
        Tri acc = TRI_FALSE;
        FieldMask m = 0;
        for (int i = 0; i < c->n_kids; i++) {
            Tri t = cond_eval(c->kids[i], v, &m);
            if (t == TRI_TRUE)
                return TRI_TRUE;
            if (t == TRI_UNKNOWN)
                acc = TRI_UNKNOWN;
        }
        *missing |= m;
        return acc;
    }
    }
    return TRI_UNKNOWN;
}
