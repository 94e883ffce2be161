#include "exchange/appdoc_write.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/field_text.h"

/* JSON output with optional indentation (the same shape as decision_json.c's
 * writer, plus one-line scalar lists so that stored documents read like the
 * hand-written examples). */
typedef struct Jw {
    Str *out;
    int pretty;
    int depth;
    int first;  /* nothing written yet in the innermost object or array */
    int inline_; /* inside a one-line list: ", " between elements, no newlines */
    int override_field;       /* field whose value is override_raw, or -1 */
    const char *override_raw; /* JSON text written as that field's value */
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
    if (w->inline_) {
        if (!w->first)
            str_append(w->out, w->pretty ? ", " : ",");
        w->first = 0;
        return;
    }
    if (!w->first)
        str_appendc(w->out, ',');
    w->first = 0;
    jw_nl(w);
}

static void jw_key(Jw *w, const char *k)
{
    jw_sep(w);
    str_append_json(w->out, k);
    str_append(w->out, w->pretty ? ": " : ":");
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
    if (!w->first && !w->inline_)
        jw_nl(w);
    str_appendc(w->out, c);
    w->first = 0;
    w->inline_ = 0;
}

/* Shortest %.Ng (N = 15..17) that strtod reads back to `n`. %.17g alone
 * would turn 99.95 into 99.950000000000003; %g never adds a decimal point to
 * an integral value. Infinity cannot be written as a JSON number, but the
 * reader turns an overflowing literal into it, so 1e999 reads back the same. */
static void append_number(Str *out, double n)
{
    if (isinf(n)) {
        str_append(out, n < 0 ? "-1e999" : "1e999");
        return;
    }
    char buf[32];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, n);
        if (strtod(buf, NULL) == n)
            break;
    }
    str_append(out, buf);
}

/* 1 if the stored code can be written (always so for a parsed document); a
 * hand-built document with an out-of-range code asserts in debug builds and
 * loses the value in release rather than reading out of bounds. */
static int code_ok(const AppDoc *doc, const FieldDef *fd, FieldType t, int code)
{
    int ok = 0;
    switch (t) {
    case FT_ENUM:
    case FT_ENUM_LIST:
        ok = code >= 0;
        for (int i = 0; ok && i <= code; i++)
            ok = fd->enum_values[i] != NULL;
        break;
    case FT_CLASS: ok = code >= 0 && code < doc->profile->schemes[fd->scheme].n_levels; break;
    case FT_ROLE: ok = code >= 0 && code < doc->profile->n_roles; break;
    case FT_COUNTRY:
    case FT_COUNTRY_LIST: {
        char cc[3];
        country_unpack(code, cc);
        ok = code >= 0 && code <= 0xffff && country_valid(cc);
        break;
    }
    default: break;
    }
    assert(ok);
    return ok;
}

/* The name, level code, alpha-2 or role id of one code, as a JSON string. */
static void append_code(const AppDoc *doc, const FieldDef *fd, FieldType t, int code, Str *out)
{
    char cc[3];
    switch (t) {
    case FT_ENUM:
    case FT_ENUM_LIST: str_append_json(out, fd->enum_values[code]); break;
    case FT_CLASS: str_append_json(out, doc->profile->schemes[fd->scheme].levels[code].code); break;
    case FT_ROLE: str_append_json(out, doc->profile->roles[code].id); break;
    case FT_COUNTRY:
    case FT_COUNTRY_LIST:
        country_unpack(code, cc);
        str_append_json(out, cc);
        break;
    default: assert(!"not a coded type"); break;
    }
}

/* 1 if field f has something to write: the parser's notion of "given". */
static int has_value(const AppDoc *doc, int f)
{
    const FieldDef *fd = &field_defs[f];
    const FieldValue *v = &doc->v[f];
    if (fd->derived || !v->present)
        return 0;
    switch (fd->type) {
    case FT_STRING: return v->s && *v->s;
    case FT_NUMBER: return !isnan(v->n); /* JSON has no NaN, and the reader never makes one */
    case FT_ENUM:
    case FT_CLASS:
    case FT_COUNTRY:
    case FT_ROLE: return code_ok(doc, fd, fd->type, v->code);
    case FT_ENUM_LIST:
    case FT_COUNTRY_LIST:
        if (v->count <= 0 || !v->codes)
            return 0;
        for (int i = 0; i < v->count; i++)
            if (!code_ok(doc, fd, fd->type, v->codes[i]))
                return 0;
        return 1;
    case FT_HOST_LIST:
        if (v->count <= 0 || !v->strs)
            return 0;
        for (int i = 0; i < v->count; i++)
            if (!v->strs[i] || !*v->strs[i])
                return 0;
        return 1;
    default: return 1;
    }
}

static void write_value(Jw *w, const AppDoc *doc, int f)
{
    const FieldDef *fd = &field_defs[f];
    const FieldValue *v = &doc->v[f];
    Str *out = w->out;
    if (f == w->override_field) {
        str_append(out, w->override_raw);
        return;
    }
    switch (fd->type) {
    case FT_STRING: str_append_json(out, v->s); break;
    case FT_BOOL: str_append(out, v->i ? "true" : "false"); break;
    case FT_INT: str_appendf(out, "%lld", v->i); break;
    case FT_NUMBER: append_number(out, v->n); break;
    case FT_DATE:
        str_appendc(out, '"');
        date_text((int)v->i, out);
        str_appendc(out, '"');
        break;
    case FT_ENUM:
    case FT_CLASS:
    case FT_COUNTRY:
    case FT_ROLE: append_code(doc, fd, fd->type, v->code, out); break;
    case FT_ENUM_LIST:
    case FT_COUNTRY_LIST:
    case FT_HOST_LIST:
        jw_open(w, '[');
        w->inline_ = 1;
        for (int i = 0; i < v->count; i++) {
            jw_sep(w);
            if (fd->type == FT_HOST_LIST)
                str_append_json(out, v->strs[i]);
            else
                append_code(doc, fd, fd->type, v->codes[i], out);
        }
        jw_close(w, ']');
        break;
    }
}

/* Length of the group part of a path ("service" of "service.name"), 0 for a
 * top-level field. Paths have at most one dot (fields.c). */
static size_t group_len(const char *path)
{
    const char *dot = strchr(path, '.');
    assert(!dot || !strchr(dot + 1, '.'));
    return dot ? (size_t)(dot - path) : 0;
}

/* Field `f` of `doc` and every later given field of its group, as the
 * object "group": {…}. */
static void write_group(Jw *w, const AppDoc *doc, FieldMask given, int f)
{
    const char *path = field_defs[f].path;
    size_t glen = group_len(path);
    char group[64];
    assert(glen < sizeof group);
    if (glen >= sizeof group)
        return;
    memcpy(group, path, glen);
    group[glen] = '\0';
    jw_key(w, group);
    jw_open(w, '{');
    for (; f < F_COUNT; f++) {
        const char *p = field_defs[f].path;
        if (!(given & FIELD_BIT(f)) || strncmp(p, group, glen) != 0 || p[glen] != '.')
            continue;
        jw_key(w, p + glen + 1);
        write_value(w, doc, f);
    }
    jw_close(w, '}');
}

static void write_answers(Jw *w, const AppDoc *doc)
{
    const Profile *p = doc->profile;
    int n = p->n_items + p->n_risks, opened = 0;
    for (int i = 0; i < n; i++) {
        unsigned st = doc->answers[i];
        if (st == ANSWER_NONE)
            continue;
        assert(st <= ANSWER_NOT_DONE);
        if (st > ANSWER_NOT_DONE)
            continue;
        if (!opened) {
            jw_key(w, "answers");
            jw_open(w, '{');
            opened = 1;
        }
        jw_key(w, i < p->n_items ? p->items[i].id : p->risks[i - p->n_items].id);
        jw_open(w, '{');
        jw_key(w, "status");
        str_append_json(w->out, answer_status_names[st]);
        const char *ev = doc->evidence[i];
        if (ev && *ev) {
            jw_key(w, "evidence");
            str_append_json(w->out, ev);
        }
        jw_close(w, '}');
    }
    if (opened)
        jw_close(w, '}');
}

static void write_doc(const AppDoc *doc, int pretty, int override_field, const char *override_raw, Str *out)
{
    FieldMask given = 0;
    for (int f = 0; f < F_COUNT; f++)
        if (has_value(doc, f))
            given |= FIELD_BIT(f);
    if (override_field >= 0) {
        given &= ~FIELD_BIT(override_field);
        if (override_raw)
            given |= FIELD_BIT(override_field);
    }
    Jw w = {out, pretty, 0, 1, 0, override_field, override_raw};
    jw_open(&w, '{');
    FieldMask written = 0;
    for (int f = 0; f < F_COUNT; f++) {
        if (!(given & FIELD_BIT(f)) || (written & FIELD_BIT(f)))
            continue;
        const char *path = field_defs[f].path;
        size_t glen = group_len(path);
        if (glen == 0) {
            jw_key(&w, path);
            write_value(&w, doc, f);
            written |= FIELD_BIT(f);
            continue;
        }
        /* The group's first given field opens it and takes all the others,
         * so a group is one object even if its fields were not adjacent. */
        write_group(&w, doc, given, f);
        for (int g = f; g < F_COUNT; g++)
            if (strncmp(field_defs[g].path, path, glen + 1) == 0)
                written |= FIELD_BIT(g);
    }
    write_answers(&w, doc);
    jw_close(&w, '}');
    if (pretty)
        str_appendc(out, '\n');
}

void appdoc_write_json(const AppDoc *doc, int pretty, Str *out) { write_doc(doc, pretty, -1, NULL, out); }

void appdoc_write_json_replacing(const AppDoc *doc, int field, const char *raw_json, Str *out)
{
    write_doc(doc, 0, field, raw_json, out);
}
