#include "exchange/field_text.h"

void date_text(int d, Str *out) { str_appendf(out, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100); }

void applicant_roles_text(const Profile *p, int track, Str *out)
{
    const Track *t = &p->tracks[track];
    for (int i = 0; i < t->n_applicant_roles; i++)
        str_appendf(out, "%s%s", i ? "・" : "", p->roles[t->applicant_roles[i]].label);
}

void field_text(const AppDoc *doc, int f, Str *out)
{
    const FieldValue *v = &doc->v[f];
    const FieldDef *fd = &field_defs[f];
    const Profile *p = doc->profile;
    if (!v->present)
        return;
    char cc[3];
    switch (fd->type) {
    case FT_STRING: str_append(out, v->s); break;
    case FT_BOOL: str_append(out, v->i ? "はい" : "いいえ"); break;
    case FT_INT: str_appendf(out, "%lld", v->i); break;
    case FT_NUMBER: str_appendf(out, "%g", v->n); break;
    case FT_DATE: date_text((int)v->i, out); break;
    case FT_ENUM: str_append(out, fd->enum_values[v->code]); break;
    case FT_CLASS: str_append(out, p->schemes[fd->scheme].levels[v->code].label); break;
    case FT_COUNTRY:
        country_unpack(v->code, cc);
        str_append(out, cc);
        break;
    case FT_ROLE: str_append(out, p->roles[v->code].label); break;
    case FT_ENUM_LIST:
        for (int i = 0; i < v->count; i++)
            str_appendf(out, "%s%s", i ? ", " : "", fd->enum_values[v->codes[i]]);
        break;
    case FT_COUNTRY_LIST:
        for (int i = 0; i < v->count; i++) {
            country_unpack(v->codes[i], cc);
            str_appendf(out, "%s%s", i ? ", " : "", cc);
        }
        break;
    case FT_HOST_LIST:
        for (int i = 0; i < v->count; i++)
            str_appendf(out, "%s%s", i ? ", " : "", v->strs[i]);
        break;
    }
}
