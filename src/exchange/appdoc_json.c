#include "exchange/appdoc_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/json_reader.h"
#include "util/str.h"

/* Groups of every document; then the group of the scoped documents' own
 * fields (index GROUP_SCOPED, only when parsing that scope). */
static const char *const groups[] = {"service", "information", "usage_period", "applicant", "approver",
                                     "administrator", "meeting", "post", NULL};
enum { GROUP_SCOPED = 6 };
static const char *const answer_keys[] = {"status", "evidence", NULL};

enum { LIST_MAX = 1000 };

typedef struct Ctx {
    AppDoc *doc;
    const Profile *p;
    const char *file;
    Errors *errs;
    Jr r;
    FieldMask seen;       /* fields already given: a second one is a duplicate key */
    FieldScope scope;     /* SCOPE_APPLICATION, or the planner's / posting check's document */
} Ctx;

/* A field the document being parsed may hold. */
static int field_in_scope(const Ctx *c, int f)
{
    return f >= 0 && (field_defs[f].scope == SCOPE_APPLICATION || field_defs[f].scope == c->scope);
}

static int group_in_scope(const Ctx *c, int g)
{
    if (g < GROUP_SCOPED)
        return g >= 0;
    return (c->scope == SCOPE_MEETING && strcmp(groups[g], "meeting") == 0) ||
           (c->scope == SCOPE_POST && strcmp(groups[g], "post") == 0);
}

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

static void not_allowed(Ctx *c, const char *path, const FieldDef *fd, FieldType t, const char *got)
{
    Str allowed = STR_INIT;
    profile_field_codes(c->p, fd, t, 1, &allowed);
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

/* One list element or scalar string of type `t`; returns 0 after an error
 * (reported under `path`, or silently when `path` is NULL). */
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
            if (path)
                field_error(c, path, "'%s' is not an ISO 3166-1 alpha-2 country code (for example JP, US)", s);
            return 0;
        }
        *code = country_pack(s);
        return 1;
    default: *code = -1; break;
    }
    if (*code < 0) {
        if (path)
            not_allowed(c, path, fd, t, s);
        return 0;
    }
    return 1;
}

/* A list of strings; elements are converted as they are read. */
static void parse_list(Ctx *c, int f, const char *path)
{
    const FieldDef *fd = &field_defs[f];
    FieldValue *fv = &c->doc->v[f];
    int cap = 8, n = 0, ok = 1;
    int *codes = NULL;
    const char **strs = NULL;
    if (fd->type == FT_HOST_LIST)
        strs = arena_alloc(&c->doc->arena, (size_t)cap * sizeof *strs);
    else
        codes = arena_alloc(&c->doc->arena, (size_t)cap * sizeof *codes);
    if (!jr_array_begin(&c->r))
        return;
    char epath[96];
#define ELEMENT_PATH() (snprintf(epath, sizeof epath, "%s[%d]", path, n), epath)
    while (jr_array_next(&c->r)) {
        const char *s;
        size_t len;
        if (jr_peek(&c->r) != JT_STRING) {
            if (jr_skip(&c->r))
                field_error(c, ELEMENT_PATH(), "must be a string");
            ok = 0;
            continue;
        }
        if (!jr_string(&c->r, &s, &len))
            return;
        if (n == LIST_MAX) {
            if (ok)
                field_error(c, path, "too many elements (at most %d)", LIST_MAX);
            ok = 0;
            continue;
        }
        if (n == cap) { /* grow in the arena: the old block is simply left behind */
            cap *= 2;
            void *bigger = arena_alloc(&c->doc->arena, (size_t)cap * (strs ? sizeof *strs : sizeof *codes));
            if (!bigger) {
                ok = 0;
                continue;
            }
            memcpy(bigger, strs ? (void *)strs : (void *)codes, (size_t)n * (strs ? sizeof *strs : sizeof *codes));
            if (strs)
                strs = bigger;
            else
                codes = bigger;
        }
        if (!strs && !codes) {
            ok = 0;
            continue;
        }
        if (fd->type == FT_HOST_LIST) {
            if (!host_valid(s)) {
                field_error(c, ELEMENT_PATH(), "'%s' is not a host name (letters, digits, '-', '.', optional leading '*.')",
                            s);
                ok = 0;
            }
            strs[n] = s;
        } else if (!parse_code(c, NULL, fd, fd->type, s, &codes[n])) {
            parse_code(c, ELEMENT_PATH(), fd, fd->type, s, &codes[n]); /* again, to report with the path */
            ok = 0;
        }
        n++;
    }
#undef ELEMENT_PATH
    if (!ok || c->r.failed || n == 0)
        return; /* an empty list says nothing: treated as not given */
    fv->present = 1;
    fv->count = n;
    fv->codes = codes;
    fv->strs = strs;
}

/* Read the value of field f (the key has been read). */
static void parse_field(Ctx *c, int f, const char *path)
{
    const FieldDef *fd = &field_defs[f];
    FieldValue *fv = &c->doc->v[f];
    Jr *r = &c->r;
    if (c->seen & FIELD_BIT(f)) {
        field_error(c, path, "duplicate key");
        jr_skip(r);
        return;
    }
    c->seen |= FIELD_BIT(f);
    JsonType jt = jr_peek(r);
    if (jt == JT_NULL) {
        jr_null(r);
        return;
    }
    FieldType t = fd->type;
    const char *s = NULL;
    size_t len = 0;
    long long iv = 0;
    double dv = 0;
    int is_int = 0, b = 0;
    switch (t) {
    case FT_STRING:
        if (jt != JT_STRING || !jr_string(r, &s, &len))
            break;
        if (len > 0) {
            fv->s = s;
            fv->present = 1;
        }
        return;
    case FT_BOOL:
        if ((jt != JT_TRUE && jt != JT_FALSE) || !jr_bool(r, &b))
            break;
        fv->i = b;
        fv->present = 1;
        return;
    case FT_INT:
    case FT_NUMBER:
        if (jt != JT_NUMBER || !jr_number(r, &iv, &dv, &is_int))
            break;
        if (t == FT_INT && !is_int) {
            field_error(c, path, "must be a whole number");
            return;
        }
        if (t == FT_INT && iv < 0) {
            field_error(c, path, "must not be negative");
            return;
        }
        fv->i = iv;
        fv->n = dv;
        fv->present = 1;
        return;
    case FT_DATE: {
        if (jt != JT_STRING || !jr_string(r, &s, &len))
            break;
        int d;
        if (!date_parse(s, &d)) {
            field_error(c, path, "'%s' is not a date YYYY-MM-DD", s);
            return;
        }
        fv->i = d;
        fv->present = 1;
        return;
    }
    case FT_CLASS:
        /* Class codes are strings; accept a bare number ("2" written as 2). */
        if (jt == JT_NUMBER) {
            if (!jr_number(r, &iv, &dv, &is_int))
                return;
            char buf[32];
            if (is_int)
                snprintf(buf, sizeof buf, "%lld", iv);
            else
                snprintf(buf, sizeof buf, "%g", dv);
            if (parse_code(c, path, fd, t, buf, &fv->code))
                fv->present = 1;
            return;
        }
        /* fall through */
    case FT_ENUM:
    case FT_COUNTRY:
    case FT_ROLE:
        if (jt != JT_STRING || !jr_string(r, &s, &len))
            break;
        if (parse_code(c, path, fd, t, s, &fv->code))
            fv->present = 1;
        return;
    case FT_ENUM_LIST:
    case FT_COUNTRY_LIST:
    case FT_HOST_LIST:
        if (jt != JT_ARRAY)
            break;
        parse_list(c, f, path);
        return;
    }
    if (r->failed)
        return;
    if (jr_skip(r))
        field_error(c, path, "must be %s", type_name(t));
}

static void unknown_field(Ctx *c, const char *group, const char *key)
{
    Str allowed = STR_INIT;
    int first = 1;
    size_t glen = group ? strlen(group) : 0;
    for (int i = 0; i < F_COUNT; i++) {
        const char *p = field_defs[i].path;
        if (field_defs[i].derived || !field_in_scope(c, i))
            continue;
        if (group ? (strncmp(p, group, glen) == 0 && p[glen] == '.') : !strchr(p, '.')) {
            str_appendf(&allowed, "%s%s", first ? "" : ", ", group ? p + glen + 1 : p);
            first = 0;
        }
    }
    if (!group)
        for (int i = 0; groups[i]; i++)
            if (group_in_scope(c, i))
                str_appendf(&allowed, ", %s", groups[i]);
    if (!group)
        str_append(&allowed, ", answers");
    char path[160];
    snprintf(path, sizeof path, "%s%s%s", group ? group : "", group ? "." : "", key);
    field_error(c, path, "unknown field (allowed: %s)", str_cstr(&allowed));
    str_free(&allowed);
}

static void parse_answer(Ctx *c, int idx, const char *key)
{
    char path[200]; /* formatted only when there is something to report */
#define PATH() (snprintf(path, sizeof path, "answers.%s", key), path)
    Jr *r = &c->r;
    if (jr_peek(r) != JT_OBJECT) {
        if (jr_skip(r))
            field_error(c, PATH(), "must be an object {\"status\": …, \"evidence\": …}");
        return;
    }
    if (c->doc->answers[idx] != ANSWER_NONE) {
        field_error(c, PATH(), "duplicate key");
        jr_skip(r);
        return;
    }
    const char *k2, *status = NULL, *evidence = NULL;
    int ok = 1;
    jr_object_begin(r);
    while (jr_object_key(r, &k2)) {
        int k = enum_index(answer_keys, k2);
        JsonType jt = jr_peek(r);
        size_t len;
        if (k < 0) {
            field_error(c, PATH(), "unknown field '%s' (allowed: status, evidence)", k2);
            ok = 0;
            jr_skip(r);
        } else if (jt == JT_STRING) {
            jr_string(r, k == 0 ? &status : &evidence, &len);
        } else if (jt == JT_NULL && k == 1) {
            jr_null(r);
        } else {
            if (jr_skip(r))
                field_error(c, PATH(), k == 0 ? "status must be one of: done, not_applicable, not_done"
                                            : "evidence must be a string");
            ok = 0;
        }
    }
    if (r->failed || !ok)
        return;
    int code = status ? enum_index(answer_status_names, status) : -1;
    if (code <= ANSWER_NONE) {
        field_error(c, PATH(), "status must be one of: done, not_applicable, not_done");
        return;
    }
    c->doc->answers[idx] = (unsigned char)code;
    c->doc->evidence[idx] = evidence && *evidence ? evidence : NULL;
}
#undef PATH

static void parse_answers(Ctx *c)
{
    Jr *r = &c->r;
    if (jr_peek(r) != JT_OBJECT) {
        if (jr_skip(r))
            field_error(c, "answers", "must be an object {ITEM_ID: {status, evidence}}");
        return;
    }
    const char *key;
    jr_object_begin(r);
    while (jr_object_key(r, &key)) {
        int idx = profile_answer_index(c->p, key, strlen(key));
        if (idx < 0) {
            char path[200];
            snprintf(path, sizeof path, "answers.%s", key);
            field_error(c, path, "'%s' is not a requirement or risk id of profile %s (see: daicho profile show %s)",
                        key, c->p->id, c->p->id);
            jr_skip(r);
            continue;
        }
        parse_answer(c, idx, key);
    }
}

static void parse_group(Ctx *c, const char *group)
{
    Jr *r = &c->r;
    if (jr_peek(r) != JT_OBJECT) {
        if (jr_skip(r))
            field_error(c, group, "must be an object");
        return;
    }
    const char *key;
    jr_object_begin(r);
    while (jr_object_key(r, &key)) {
        int f = field_lookup2(group, key);
        if (!field_in_scope(c, f)) {
            unknown_field(c, group, key);
            jr_skip(r);
            continue;
        }
        parse_field(c, f, field_defs[f].path);
    }
}

static void check_required(Ctx *c)
{
    /* An application names its service; a meeting or a post is about
     * information of a class, with the service optional. */
    static const int required[] = {F_SERVICE_NAME, F_SERVICE_CATEGORY, F_INFO_CONFIDENTIALITY};
    for (size_t i = c->scope == SCOPE_APPLICATION ? 0 : 2; i < sizeof required / sizeof required[0]; i++) {
        int f = required[i];
        if (c->doc->v[f].present)
            continue;
        Str allowed = STR_INIT;
        profile_field_codes(c->p, &field_defs[f], field_defs[f].type, 1, &allowed);
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
    return appdoc_parse_json_scoped(doc, p, file, text, len, SCOPE_APPLICATION, errs);
}

int appdoc_parse_json_scoped(AppDoc *doc, const Profile *p, const char *file, const char *text, size_t len,
                             FieldScope scope, Errors *errs)
{
    int before = errs->count + errs->dropped;
    if (!appdoc_init(doc, p)) {
        errors_add(errs, "%s: out of memory", file);
        return 0;
    }
    Ctx c = {doc, p, file, errs, {0}, 0, scope};
    Jr *r = &c.r;
    jr_init(r, file, text, len, errs, &doc->arena);
    JsonType top = jr_peek(r);
    if (top != JT_OBJECT) {
        /* Valid JSON of the wrong shape is one error; invalid JSON is the
         * syntax error jr_skip/jr_finish report, with its position. */
        if (jr_skip(r) && jr_finish(r))
            errors_add(errs, "%s: the application must be a JSON object", file);
        doc->syntax_error = r->failed ? 1 + r->limit : 0;
        return 0;
    }
    unsigned groups_seen = 0;
    const char *key;
    jr_object_begin(r);
    while (jr_object_key(r, &key)) {
        int g = enum_index(groups, key);
        if (group_in_scope(&c, g)) {
            if (groups_seen & (1u << g)) {
                field_error(&c, key, "duplicate key");
                jr_skip(r);
                continue;
            }
            groups_seen |= 1u << g;
            parse_group(&c, key);
        } else if (strcmp(key, "answers") == 0) {
            if (groups_seen & (1u << 31)) {
                field_error(&c, key, "duplicate key");
                jr_skip(r);
                continue;
            }
            groups_seen |= 1u << 31;
            parse_answers(&c);
        } else {
            int f = field_lookup2(NULL, key);
            if (!field_in_scope(&c, f)) {
                unknown_field(&c, NULL, key);
                jr_skip(r);
            } else {
                parse_field(&c, f, key);
            }
        }
    }
    jr_finish(r);
    if (r->failed) {
        doc->syntax_error = 1 + r->limit;
        /* A syntax error makes every other message moot: keep only it. */
        for (int i = before; i < errs->count - 1; i++)
            free(errs->msg[i]);
        if (errs->count - 1 > before) {
            errs->msg[before] = errs->msg[errs->count - 1];
            errs->count = before + 1;
        }
        return 0;
    }
    if (errs->count + errs->dropped == before)
        check_required(&c);
    if (doc->arena.failed)
        errors_add(errs, "%s: out of memory", file);
    return errs->count + errs->dropped == before;
}
