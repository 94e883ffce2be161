#include "exchange/appdoc_json.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "util/str.h"

static const char *const groups[] = {"service", "information", "usage_period", "applicant", "approver",
                                     "administrator", NULL};
static const char *const answer_keys[] = {"status", "evidence", NULL};

typedef struct Ctx {
    AppDoc *doc;
    const Profile *p;
    const char *file;
    Errors *errs;
} Ctx;

static void release_json(void *owner) { json_decref((json_t *)owner); }

static void field_error(Ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void field_error(Ctx *c, const char *path, const char *fmt, ...)
{
    Str s = STR_INIT;
    va_list ap;
    va_start(ap, fmt);
    str_vappendf(&s, fmt, ap);
    va_end(ap);
    errors_add(c->errs, "%s: %s: %s", c->file, path, str_cstr(&s));
    str_free(&s);
}

static void allowed_list(Ctx *c, const FieldDef *fd, FieldType t, Str *out)
{
    switch (t) {
    case FT_ENUM:
    case FT_ENUM_LIST:
        for (int i = 0; fd->enum_values[i]; i++)
            str_appendf(out, "%s%s", i ? ", " : "", fd->enum_values[i]);
        break;
    case FT_CLASS: {
        const Scheme *s = &c->p->schemes[fd->scheme];
        for (int i = 0; i < s->n_levels; i++)
            str_appendf(out, "%s\"%s\" (%s)", i ? ", " : "", s->levels[i].code, s->levels[i].label);
        break;
    }
    case FT_ROLE:
        for (int i = 0; i < c->p->n_roles; i++)
            str_appendf(out, "%s%s (%s)", i ? ", " : "", c->p->roles[i].id, c->p->roles[i].label);
        break;
    default: break;
    }
}

static void not_allowed(Ctx *c, const char *path, const FieldDef *fd, FieldType t, const char *got)
{
    Str allowed = STR_INIT;
    allowed_list(c, fd, t, &allowed);
    field_error(c, path, "'%s' is not allowed (allowed: %s)", got, str_cstr(&allowed));
    str_free(&allowed);
}

static const char *type_name(FieldType t)
{
    switch (t) {
    case FT_BOOL: return "true or false";
    case FT_INT: return "a whole number";
    case FT_NUMBER: return "a number";
    case FT_DATE: return "a date string \"YYYY-MM-DD\"";
    case FT_ENUM_LIST: case FT_COUNTRY_LIST: case FT_HOST_LIST: return "a list of strings";
    case FT_COUNTRY: return "an ISO 3166-1 alpha-2 code such as \"JP\"";
    default: return "a string";
    }
}

/* One list element or scalar string of type `t`; returns 0 after an error. */
static int parse_code(Ctx *c, const char *path, const FieldDef *fd, FieldType t, const char *s, int *code)
{
    switch (t) {
    case FT_ENUM:
    case FT_ENUM_LIST: *code = enum_index(fd->enum_values, s); break;
    case FT_CLASS: *code = profile_level_rank(c->p, fd->scheme, s); break;
    case FT_ROLE: *code = profile_role_index(c->p, s); break;
    case FT_COUNTRY:
    case FT_COUNTRY_LIST:
        if (!country_valid(s)) {
            field_error(c, path, "'%s' is not an ISO 3166-1 alpha-2 country code (for example JP, US)", s);
            return 0;
        }
        *code = country_pack(s);
        return 1;
    default: *code = -1; break;
    }
    if (*code < 0) {
        not_allowed(c, path, fd, t, s);
        return 0;
    }
    return 1;
}

static void parse_list(Ctx *c, int f, const char *path, json_t *j)
{
    const FieldDef *fd = &field_defs[f];
    FieldValue *fv = &c->doc->v[f];
    size_t n = json_array_size(j);
    if (n == 0)
        return; /* an empty list says nothing: treated as not given */
    if (n > 1000) {
        field_error(c, path, "too many elements (%zu; at most 1000)", n);
        return;
    }
    int *codes = NULL;
    const char **strs = NULL;
    if (fd->type == FT_HOST_LIST)
        strs = arena_alloc(&c->doc->arena, n * sizeof *strs);
    else
        codes = arena_alloc(&c->doc->arena, n * sizeof *codes);
    if (!codes && !strs) {
        field_error(c, path, "out of memory");
        return;
    }
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(j, i);
        char epath[96];
        snprintf(epath, sizeof epath, "%s[%zu]", path, i);
        if (!json_is_string(e)) {
            field_error(c, epath, "must be a string");
            ok = 0;
            continue;
        }
        const char *s = json_string_value(e);
        if (fd->type == FT_HOST_LIST) {
            if (!host_valid(s)) {
                field_error(c, epath, "'%s' is not a host name (letters, digits, '-', '.', optional leading '*.')",
                            s);
                ok = 0;
            }
            strs[i] = s;
        } else if (!parse_code(c, epath, fd, fd->type, s, &codes[i])) {
            ok = 0;
        }
    }
    if (!ok)
        return;
    fv->present = 1;
    fv->count = (int)n;
    fv->codes = codes;
    fv->strs = strs;
}

static void parse_field(Ctx *c, int f, const char *path, json_t *j)
{
    const FieldDef *fd = &field_defs[f];
    FieldValue *fv = &c->doc->v[f];
    if (json_is_null(j))
        return;
    FieldType t = fd->type;
    int ok = 0;
    switch (t) {
    case FT_STRING:
        if ((ok = json_is_string(j)) && json_string_length(j) > 0) {
            fv->s = json_string_value(j);
            fv->present = 1;
        }
        break;
    case FT_BOOL:
        if ((ok = json_is_boolean(j))) {
            fv->i = json_is_true(j);
            fv->present = 1;
        }
        break;
    case FT_INT:
        if ((ok = json_is_integer(j))) {
            if (json_integer_value(j) < 0) {
                field_error(c, path, "must not be negative");
                return;
            }
            fv->i = json_integer_value(j);
            fv->present = 1;
        }
        break;
    case FT_NUMBER:
        if ((ok = json_is_number(j))) {
            fv->n = json_number_value(j);
            fv->present = 1;
        }
        break;
    case FT_DATE:
        if ((ok = json_is_string(j))) {
            int d;
            if (!date_parse(json_string_value(j), &d)) {
                field_error(c, path, "'%s' is not a date YYYY-MM-DD", json_string_value(j));
                return;
            }
            fv->i = d;
            fv->present = 1;
        }
        break;
    case FT_CLASS:
        /* Class codes are strings; accept a bare number ("2" written as 2). */
        if (json_is_integer(j)) {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(j));
            ok = 1;
            if (parse_code(c, path, fd, t, buf, &fv->code))
                fv->present = 1;
            break;
        }
        /* fall through */
    case FT_ENUM:
    case FT_COUNTRY:
    case FT_ROLE:
        if ((ok = json_is_string(j)) && parse_code(c, path, fd, t, json_string_value(j), &fv->code))
            fv->present = 1;
        break;
    case FT_ENUM_LIST:
    case FT_COUNTRY_LIST:
    case FT_HOST_LIST:
        if ((ok = json_is_array(j)))
            parse_list(c, f, path, j);
        break;
    }
    if (!ok)
        field_error(c, path, "must be %s", type_name(t));
}

static void unknown_field(Ctx *c, const char *group, const char *key)
{
    Str allowed = STR_INIT;
    int first = 1;
    size_t glen = group ? strlen(group) : 0;
    for (int i = 0; i < F_COUNT; i++) {
        const char *p = field_defs[i].path;
        if (field_defs[i].derived)
            continue;
        if (group ? (strncmp(p, group, glen) == 0 && p[glen] == '.') : !strchr(p, '.')) {
            str_appendf(&allowed, "%s%s", first ? "" : ", ", group ? p + glen + 1 : p);
            first = 0;
        }
    }
    if (!group)
        for (int i = 0; groups[i]; i++)
            str_appendf(&allowed, ", %s", groups[i]);
    if (!group)
        str_append(&allowed, ", answers");
    char path[160];
    snprintf(path, sizeof path, "%s%s%s", group ? group : "", group ? "." : "", key);
    field_error(c, path, "unknown field (allowed: %s)", str_cstr(&allowed));
    str_free(&allowed);
}

static void parse_answers(Ctx *c, json_t *obj)
{
    if (!json_is_object(obj)) {
        field_error(c, "answers", "must be an object {ITEM_ID: {status, evidence}}");
        return;
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        char path[200];
        snprintf(path, sizeof path, "answers.%s", key);
        int idx = profile_answer_index(c->p, key, strlen(key));
        if (idx < 0) {
            field_error(c, path, "'%s' is not a requirement or risk id of profile %s (see: daicho profile show %s)",
                        key, c->p->id, c->p->id);
            continue;
        }
        if (!json_is_object(val)) {
            field_error(c, path, "must be an object {\"status\": …, \"evidence\": …}");
            continue;
        }
        const char *k2;
        json_t *v2;
        json_object_foreach(val, k2, v2)
        {
            if (enum_index(answer_keys, k2) < 0)
                field_error(c, path, "unknown field '%s' (allowed: status, evidence)", k2);
        }
        json_t *st = json_object_get(val, "status");
        const char *s = json_is_string(st) ? json_string_value(st) : NULL;
        int code = s ? enum_index(answer_status_names, s) : -1;
        if (code <= ANSWER_NONE) {
            field_error(c, path, "status must be one of: done, not_applicable, not_done");
            continue;
        }
        json_t *ev = json_object_get(val, "evidence");
        if (ev && !json_is_string(ev) && !json_is_null(ev)) {
            field_error(c, path, "evidence must be a string");
            continue;
        }
        c->doc->answers[idx] = (unsigned char)code;
        c->doc->evidence[idx] = json_is_string(ev) ? json_string_value(ev) : NULL;
    }
}

static void parse_group(Ctx *c, const char *group, json_t *obj)
{
    if (!json_is_object(obj)) {
        field_error(c, group, "must be an object");
        return;
    }
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        int f = field_lookup2(group, key);
        if (f < 0) {
            unknown_field(c, group, key);
            continue;
        }
        parse_field(c, f, field_defs[f].path, val);
    }
}

static void check_required(Ctx *c)
{
    static const int required[] = {F_SERVICE_NAME, F_SERVICE_CATEGORY, F_INFO_CONFIDENTIALITY};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        int f = required[i];
        if (c->doc->v[f].present)
            continue;
        Str allowed = STR_INIT;
        allowed_list(c, &field_defs[f], field_defs[f].type, &allowed);
        field_error(c, field_defs[f].path, "is required%s%s%s", allowed.len ? " (allowed: " : "",
                    str_cstr(&allowed), allowed.len ? ")" : "");
        str_free(&allowed);
    }
    const FieldValue *from = &c->doc->v[F_PERIOD_FROM], *to = &c->doc->v[F_PERIOD_TO];
    if (from->present && to->present && to->i < from->i)
        field_error(c, "usage_period.to", "%04lld-%02lld-%02lld is before usage_period.from %04lld-%02lld-%02lld",
                    to->i / 10000, to->i / 100 % 100, to->i % 100, from->i / 10000, from->i / 100 % 100,
                    from->i % 100);
}

int appdoc_parse_json(AppDoc *doc, const Profile *p, const char *file, const char *text, size_t len, Errors *errs)
{
    int before = errs->count + errs->dropped;
    if (!appdoc_init(doc, p)) {
        errors_add(errs, "%s: out of memory", file);
        return 0;
    }
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        errors_add(errs, "%s:%d:%d: JSON syntax error: %s", file, jerr.line, jerr.column, jerr.text);
        return 0;
    }
    doc->owner = root;
    doc->release = release_json;
    Ctx c = {doc, p, file, errs};
    if (!json_is_object(root)) {
        errors_add(errs, "%s: the application must be a JSON object", file);
        return 0;
    }
    const char *key;
    json_t *val;
    json_object_foreach(root, key, val)
    {
        if (enum_index(groups, key) >= 0) {
            parse_group(&c, key, val);
        } else if (strcmp(key, "answers") == 0) {
            parse_answers(&c, val);
        } else {
            int f = field_lookup2(NULL, key);
            if (f < 0)
                unknown_field(&c, NULL, key);
            else
                parse_field(&c, f, key, val);
        }
    }
    if (errs->count + errs->dropped == before)
        check_required(&c);
    if (doc->arena.failed)
        errors_add(errs, "%s: out of memory", file);
    return errs->count + errs->dropped == before;
}
