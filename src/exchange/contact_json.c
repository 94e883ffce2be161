/* The contact chart document: strict parser and canonical writer
 * (exchange/contact_json.h). */
#include "exchange/contact_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exchange/json_reader.h"
#include "policy/approach.h"

typedef struct Ctx {
    Jr jr;
    Errors errs;
    Arena *a;
    const char *file;
    Str *err;
    int failed;                  /* a field error was reported */
} Ctx;

/* Report a field error (once): "FILE: PATH: message". */
static int bad(Ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(Ctx *c, const char *path, const char *fmt, ...)
{
    if (c->failed || c->jr.failed)
        return 0;
    c->failed = 1;
    str_appendf(c->err, "%s: %s: ", c->file, path);
    va_list ap;
    va_start(ap, fmt);
    str_vappendf(c->err, fmt, ap);
    va_end(ap);
    return 0;
}

static int ok(const Ctx *c)
{
    return !c->failed && !c->jr.failed;
}

/* A value of the wrong type at `path`; a syntax error there (no value at
 * all) is reported as such. */
static int wrong(Ctx *c, const char *path, const char *what)
{
    if (jr_peek(&c->jr) == JT_NONE && !c->jr.failed)
        jr_skip(&c->jr);
    return c->jr.failed ? 0 : bad(c, path, "%s", what);
}

/* Characters (code points) of UTF-8 text. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

enum { TEXT_LINE, TEXT_NOTE };

/* A text member: string (trimmed; "" → NULL) or null. */
static int text(Ctx *c, const char *path, int kind, const char **out)
{
    *out = NULL;
    JsonType t = jr_peek(&c->jr);
    if (t == JT_NULL)
        return jr_null(&c->jr);
    if (t != JT_STRING)
        return wrong(c, path, "文字列で記入してください (must be a string)");
    const char *s;
    size_t len;
    if (!jr_string(&c->jr, &s, &len))
        return 0;
    if (strlen(s) != len)
        return bad(c, path, "制御文字は使えません (control character)");
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        if ((*q < 0x20 && !(kind == TEXT_NOTE && (*q == '\n' || *q == '\r' || *q == '\t'))) || *q == 0x7F)
            return bad(c, path, "制御文字・改行は使えません (control character)");
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (!len)
        return 1;
    char *v = arena_strndup(c->a, s, len);
    if (!v)
        return bad(c, path, "out of memory");
    size_t max = kind == TEXT_NOTE ? CONTACT_NOTE_MAX : CONTACT_TEXT_MAX;
    if (chars(v) > max)
        return bad(c, path, "%zu 文字までです (too long)", max);
    *out = v;
    return 1;
}

static int phone_valid(const char *s)
{
    int digits = 0;
    for (; *s; s++)
        digits += *s >= '0' && *s <= '9';
    return digits >= 3;
}

static int email_valid(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
        return 0;
    for (const char *q = s; *q; q++)
        if (*q == ' ' || *q == '<' || *q == '>' || *q == ',' || *q == ';' || *q == '"' || (unsigned char)*q < 0x21)
            return 0;
    const char *dot = strchr(at + 1, '.');
    return dot && dot > at + 1 && dot[1] && at[strlen(at) - 1] != '.';
}

static int coverage(Ctx *c, const char *path, unsigned *out)
{
    *out = 0;
    if (jr_peek(&c->jr) != JT_ARRAY)
        return wrong(c, path, "配列で記入してください（weekday, holiday, night, 24h） (must be an array)");
    if (!jr_array_begin(&c->jr))
        return 0;
    int i = 0;
    while (ok(c) && jr_array_next(&c->jr)) {
        i++;
        char p[320];
        snprintf(p, sizeof p, "%s[%d]", path, i);
        const char *s;
        size_t len;
        if (jr_peek(&c->jr) != JT_STRING)
            return wrong(c, p, "文字列で記入してください (must be a string)");
        if (!jr_string(&c->jr, &s, &len))
            return 0;
        int k = -1;
        for (int j = 0; contact_cover_names[j]; j++)
            if (strcmp(contact_cover_names[j], s) == 0)
                k = j;
        if (k < 0)
            return bad(c, p, "'%s' は weekday, holiday, night, 24h のいずれかです", s);
        unsigned bit = k == 3 ? COVER_24H : 1u << k;
        if (*out & bit)
            return bad(c, p, "'%s' が重複しています (duplicate)", s);
        *out |= bit;
    }
    if (ok(c) && !*out)
        return bad(c, path, "連絡がつく時間帯を一つ以上記入してください（weekday, holiday, night, 24h）");
    return ok(c);
}

static int contact(Ctx *c, const char *path, void *elem, int provider)
{
    Contact *ct = elem;
    memset(ct, 0, sizeof *ct);
    if (jr_peek(&c->jr) != JT_OBJECT)
        return wrong(c, path, "オブジェクトで記入してください (must be an object)");
    if (!jr_object_begin(&c->jr))
        return 0;
    const char *key;
    int has_cover = 0;
    while (ok(c) && jr_object_key(&c->jr, &key)) {
        char p[256];
        snprintf(p, sizeof p, "%.190s.%.60s", path, key);
        if (!strcmp(key, "organization"))
            text(c, p, TEXT_LINE, &ct->organization);
        else if (!strcmp(key, "department"))
            text(c, p, TEXT_LINE, &ct->department);
        else if (!strcmp(key, "name"))
            text(c, p, TEXT_LINE, &ct->name);
        else if (!strcmp(key, "phone")) {
            if (text(c, p, TEXT_LINE, &ct->phone) && ct->phone && (chars(ct->phone) > 40 || !phone_valid(ct->phone)))
                bad(c, p, "'%s' は電話番号ではありません（40 文字まで、数字 3 桁以上）", ct->phone);
        } else if (!strcmp(key, "email")) {
            if (text(c, p, TEXT_LINE, &ct->email) && ct->email && !email_valid(ct->email))
                bad(c, p, "'%s' はメールアドレスではありません (local@domain)", ct->email);
        } else if (!strcmp(key, "hours"))
            text(c, p, TEXT_LINE, &ct->hours);
        else if (!strcmp(key, "coverage")) {
            has_cover = 1;
            coverage(c, p, &ct->cover);
        } else if (!strcmp(key, "note"))
            text(c, p, TEXT_NOTE, &ct->note);
        else
            return bad(c, p, "この項目はありません (unknown member)");
    }
    if (!ok(c))
        return 0;
    char p[256];
    if (provider && !ct->organization)
        return snprintf(p, sizeof p, "%s.organization", path), bad(c, p, "提供者の組織名を記入してください (required)");
    if (!ct->department && !ct->name)
        return snprintf(p, sizeof p, "%s.department", path), bad(c, p, "部署か担当者名（name）を記入してください (required)");
    if (!ct->phone && !ct->email)
        return snprintf(p, sizeof p, "%s.phone", path), bad(c, p, "電話番号かメールアドレス（email）を記入してください (required)");
    if (!has_cover)
        return snprintf(p, sizeof p, "%s.coverage", path),
               bad(c, p, "連絡がつく時間帯を記入してください（weekday, holiday, night, 24h） (required)");
    return 1;
}

/* Reads one element of an array at `path` into `elem`; 1 if it is whole. */
typedef int (*ElementFn)(Ctx *c, const char *path, void *elem, int arg);

/* An array at `path` into a new arena array of `max` elements of `size`
 * bytes, each read by `elem` (given `arg`), counted in *n; past `max`:
 * "NOUN MAX UNITまでです". Returns the array (NULL when out of memory). */
static void *array_of(Ctx *c, const char *path, size_t size, int max, const char *noun, const char *unit, ElementFn elem,
                      int arg, int *n)
{
    char *v = arena_alloc(c->a, size * (size_t)max);
    if (!v) {
        bad(c, path, "out of memory");
        return NULL;
    }
    if (jr_peek(&c->jr) != JT_ARRAY) {
        wrong(c, path, "配列で記入してください (must be an array)");
        return v;
    }
    if (!jr_array_begin(&c->jr))
        return v;
    while (ok(c) && jr_array_next(&c->jr)) {
        char p[192];
        snprintf(p, sizeof p, "%.160s[%d]", path, *n + 1);
        if (*n == max)
            bad(c, p, "%s %d %sまでです", noun, max, unit);
        else if (elem(c, p, v + size * (size_t)*n, arg))
            (*n)++;
    }
    return v;
}

/* An array of contacts into a new arena array. */
static void contacts(Ctx *c, const char *path, int provider, Contact **out, int *n)
{
    *n = 0;
    *out = array_of(c, path, sizeof **out, CONTACT_MAX_CONTACTS, "連絡先は", "件", contact, provider, n);
}

static int subcontractor(Ctx *c, const char *path, void *elem, int arg)
{
    Subcontractor *s = elem;
    (void)arg;
    memset(s, 0, sizeof *s);
    if (jr_peek(&c->jr) != JT_OBJECT)
        return wrong(c, path, "オブジェクトで記入してください (must be an object)");
    if (!jr_object_begin(&c->jr))
        return 0;
    const char *key;
    int has_contacts = 0;
    while (ok(c) && jr_object_key(&c->jr, &key)) {
        char p[256];
        snprintf(p, sizeof p, "%.60s.%.60s", path, key);
        if (!strcmp(key, "organization"))
            text(c, p, TEXT_LINE, &s->organization);
        else if (!strcmp(key, "scope"))
            text(c, p, TEXT_LINE, &s->scope);
        else if (!strcmp(key, "contacts")) {
            has_contacts = 1;
            contacts(c, p, 0, &s->contacts, &s->n_contacts);
        } else
            return bad(c, p, "この項目はありません (unknown member)");
    }
    if (!ok(c))
        return 0;
    char p[256];
    if (!s->organization)
        return snprintf(p, sizeof p, "%s.organization", path), bad(c, p, "委託事業者の組織名を記入してください (required)");
    if (!s->scope)
        return snprintf(p, sizeof p, "%s.scope", path), bad(c, p, "委託の範囲（scope）を記入してください (required)");
    if (!has_contacts || !s->n_contacts)
        return snprintf(p, sizeof p, "%s.contacts", path), bad(c, p, "委託事業者の連絡先を一つ以上記入してください (required)");
    return 1;
}

static int escalation_step(Ctx *c, const char *path, void *elem, int arg)
{
    ContactEscalation *e = elem;
    (void)arg;
    memset(e, 0, sizeof *e);
    if (jr_peek(&c->jr) != JT_OBJECT)
        return wrong(c, path, "オブジェクトで記入してください (must be an object)");
    if (!jr_object_begin(&c->jr))
        return 0;
    const char *key;
    while (ok(c) && jr_object_key(&c->jr, &key)) {
        char p[256];
        snprintf(p, sizeof p, "%.60s.%.60s", path, key);
        if (!strcmp(key, "role"))
            text(c, p, TEXT_LINE, &e->role);
        else if (!strcmp(key, "phone")) {
            if (text(c, p, TEXT_LINE, &e->phone) && e->phone && (chars(e->phone) > 40 || !phone_valid(e->phone)))
                bad(c, p, "'%s' は電話番号ではありません（40 文字まで、数字 3 桁以上）", e->phone);
        } else if (!strcmp(key, "after_hours"))
            text(c, p, TEXT_LINE, &e->after_hours);
        else if (!strcmp(key, "note"))
            text(c, p, TEXT_NOTE, &e->note);
        else
            return bad(c, p, "この項目はありません (unknown member)");
    }
    if (!ok(c))
        return 0;
    char p[256];
    if (!e->role)
        return snprintf(p, sizeof p, "%s.role", path), bad(c, p, "役割（administrator か基準の役割 id）を記入してください (required)");
    if (!e->phone && !e->after_hours && !e->note)
        return snprintf(p, sizeof p, "%s.phone", path), bad(c, p, "phone, after_hours, note のいずれかを記入してください (required)");
    return 1;
}

static void top(Ctx *c, ContactChart *out)
{
    if (jr_peek(&c->jr) != JT_OBJECT) {
        wrong(c, "(document)", "JSON のオブジェクトではありません (must be an object)");
        return;
    }
    if (!jr_object_begin(&c->jr))
        return;
    const char *key;
    int has_provider = 0, has_subs_flag = 0;
    while (ok(c) && jr_object_key(&c->jr, &key)) {
        if (!strcmp(key, "provider")) {
            has_provider = 1;
            contacts(c, "provider", 1, &out->provider, &out->n_provider);
        } else if (!strcmp(key, "has_subcontractors")) {
            has_subs_flag = 1;
            JsonType t = jr_peek(&c->jr);
            if (t != JT_TRUE && t != JT_FALSE)
                wrong(c, "has_subcontractors", "true か false で記入してください (must be a boolean)");
            else
                jr_bool(&c->jr, &out->has_subcontractors);
        } else if (!strcmp(key, "subcontractors")) {
            out->subs = array_of(c, key, sizeof *out->subs, CONTACT_MAX_SUBS, "委託事業者は", "件", subcontractor, 0, &out->n_subs);
        } else if (!strcmp(key, "escalation")) {
            out->escalation = array_of(c, key, sizeof *out->escalation, CONTACT_MAX_STEPS, "報告経路は", "段", escalation_step, 0,
                                       &out->n_escalation);
        } else if (!strcmp(key, "approach")) {
            const char *s;
            if (text(c, key, TEXT_LINE, &s)) {
                int k = approach_parse(s ? s : "");
                if (k < 0)
                    bad(c, key, "'%s' は recovery_first（復旧優先）, continuity_first（業務継続優先）のいずれかです", s);
                else
                    out->approach = k;
            }
        } else if (!strcmp(key, "escalation_timing")) {
            text(c, key, TEXT_NOTE, &out->escalation_timing);
        } else if (!strcmp(key, "note")) {
            text(c, key, TEXT_NOTE, &out->note);
        } else {
            bad(c, key, "この項目はありません (unknown member)");
        }
    }
    if (!ok(c))
        return;
    jr_finish(&c->jr);
    if (!ok(c))
        return;
    if (!has_provider || !out->n_provider)
        bad(c, "provider", "提供者の連絡先を一つ以上記入してください (required)");
    else if (!has_subs_flag)
        bad(c, "has_subcontractors", "委託事業者（再委託先）の有無を true か false で記入してください (required)");
}

int contact_chart_parse(const char *file, const char *text_, size_t len, Arena *a, ContactChart *out, Str *err)
{
    memset(out, 0, sizeof *out);
    Ctx c = {.a = a, .file = file ? file : "document", .err = err};
    jr_init(&c.jr, c.file, text_ ? text_ : "", text_ ? len : 0, &c.errs, a);
    top(&c, out);
    if (c.jr.failed && !c.failed)
        str_append(err, c.errs.count ? c.errs.msg[0] : "JSON syntax error");
    int rc = ok(&c) ? 0 : -1;
    errors_free(&c.errs);
    return rc;
}

/* ---- writer ------------------------------------------------------------- */

static void member(Str *o, const char *name, const char *v)
{
    if (v)
        str_append_json_member(o, name, v);
}

static void write_contact(const Contact *ct, Str *o)
{
    /* The first member opens without a comma: write it by hand. */
    str_append(o, "{\"coverage\":[");
    if (ct->cover == COVER_24H) {
        str_append(o, "\"24h\"");
    } else {
        int n = 0;
        for (int k = 0; k < 3; k++)
            if (ct->cover & (1u << k))
                str_appendf(o, "%s\"%s\"", n++ ? "," : "", contact_cover_names[k]);
    }
    str_appendc(o, ']');
    member(o, "organization", ct->organization);
    member(o, "department", ct->department);
    member(o, "name", ct->name);
    member(o, "phone", ct->phone);
    member(o, "email", ct->email);
    member(o, "hours", ct->hours);
    member(o, "note", ct->note);
    str_appendc(o, '}');
}

void contact_chart_write(const ContactChart *c, Str *o)
{
    str_append(o, "{\"provider\":[");
    for (int i = 0; i < c->n_provider; i++) {
        if (i)
            str_appendc(o, ',');
        write_contact(&c->provider[i], o);
    }
    str_appendf(o, "],\"has_subcontractors\":%s,\"subcontractors\":[", c->has_subcontractors ? "true" : "false");
    for (int i = 0; i < c->n_subs; i++) {
        const Subcontractor *s = &c->subs[i];
        str_append(o, i ? ",{\"organization\":" : "{\"organization\":");
        str_append_json(o, s->organization);
        member(o, "scope", s->scope);
        str_append(o, ",\"contacts\":[");
        for (int j = 0; j < s->n_contacts; j++) {
            if (j)
                str_appendc(o, ',');
            write_contact(&s->contacts[j], o);
        }
        str_append(o, "]}");
    }
    str_append(o, "],\"escalation\":[");
    for (int i = 0; i < c->n_escalation; i++) {
        const ContactEscalation *e = &c->escalation[i];
        str_append(o, i ? ",{\"role\":" : "{\"role\":");
        str_append_json(o, e->role);
        member(o, "phone", e->phone);
        member(o, "after_hours", e->after_hours);
        member(o, "note", e->note);
        str_appendc(o, '}');
    }
    str_append(o, "]");
    str_append_json_member(o, "approach", approach_names[c->approach]);
    member(o, "escalation_timing", c->escalation_timing);
    member(o, "note", c->note);
    str_appendc(o, '}');
}

const char *contact_cover_text(unsigned cover, char *buf, size_t size)
{
    if (cover == COVER_24H) {
        snprintf(buf, size, "%s", contact_cover_labels[3]);
        return buf;
    }
    size_t n = 0;
    buf[0] = 0;
    for (int k = 0; k < 3 && n < size; k++)
        if (cover & (1u << k))
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "・" : "", contact_cover_labels[k]);
    return buf;
}
