#include "exchange/json_reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "util/utf8.h"

void jr_init(Jr *r, const char *file, const char *text, size_t len, Errors *errs, Arena *arena)
{
    r->start = r->p = text;
    r->end = text + len;
    r->file = file;
    r->errs = errs;
    r->arena = arena;
    r->depth = 0;
    r->failed = 0;
    r->limit = 0;
    /* Notepad on municipal PCs saves UTF-8 with a BOM: accept one. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
}

/* Report a syntax error at `at` (once) and fail. */
static int fail_at(Jr *r, const char *at, const char *what)
{
    if (r->failed)
        return 0;
    r->failed = 1;
    int line = 1, col = 1;
    for (const char *q = r->start; q < at && q < r->end; q++) {
        if (*q == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)*q & 0xC0) != 0x80) {
            col++; /* count characters, not bytes */
        }
    }
    errors_add(r->errs, "%s:%d:%d: JSON syntax error: %s", r->file, line, col, what);
    return 0;
}

static void skip_ws(Jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
        r->p++;
}

JsonType jr_peek(Jr *r)
{
    if (r->failed)
        return JT_NONE;
    skip_ws(r);
    if (r->p >= r->end)
        return JT_NONE;
    switch (*r->p) {
    case '{': return JT_OBJECT;
    case '[': return JT_ARRAY;
    case '"': return JT_STRING;
    case 't': return JT_TRUE;
    case 'f': return JT_FALSE;
    case 'n': return JT_NULL;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9': return JT_NUMBER;
    default: return JT_NONE;
    }
}

static int expect_value(Jr *r, JsonType t)
{
    JsonType got = jr_peek(r);
    if (got == t)
        return 1;
    if (r->failed)
        return 0;
    return fail_at(r, r->p, r->p >= r->end ? "unexpected end of input" : got == JT_NONE ? "unexpected character"
                                                                                         : "value of another type");
}

static int open_container(Jr *r, char c)
{
    if (!expect_value(r, c == '{' ? JT_OBJECT : JT_ARRAY))
        return 0;
    if (r->depth + 1 > JR_MAX_DEPTH) {
        r->limit = 1;
        return fail_at(r, r->p, "nested too deeply");
    }
    r->first[++r->depth] = 1;
    r->p++;
    return 1;
}

int jr_object_begin(Jr *r) { return open_container(r, '{'); }
int jr_array_begin(Jr *r) { return open_container(r, '['); }

/* Before each member: ',' continues (except before the first), the closer
 * ends the container. */
static int next_member(Jr *r, char closer)
{
    if (r->failed)
        return 0;
    skip_ws(r);
    if (r->p >= r->end)
        return fail_at(r, r->p, "unexpected end of input");
    int first = r->first[r->depth];
    if (*r->p == closer) {
        r->p++;
        r->depth--;
        return 0;
    }
    if (!first) {
        if (*r->p != ',')
            return fail_at(r, r->p, closer == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
        r->p++;
        skip_ws(r);
    }
    r->first[r->depth] = 0;
    return 1;
}

int jr_object_key(Jr *r, const char **key)
{
    if (!next_member(r, '}'))
        return 0;
    if (r->p >= r->end || *r->p != '"')
        return fail_at(r, r->p, "expected a string key");
    size_t len;
    if (!jr_string(r, key, &len))
        return 0;
    skip_ws(r);
    if (r->p >= r->end || *r->p != ':')
        return fail_at(r, r->p, "expected ':'");
    r->p++;
    return 1;
}

int jr_array_next(Jr *r) { return next_member(r, ']'); }

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

static size_t put_utf8(char *d, unsigned cp)
{
    if (cp < 0x80) { d[0] = (char)cp; return 1; }
    if (cp < 0x800) { d[0] = (char)(0xC0 | cp >> 6); d[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12); d[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18); d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int jr_string(Jr *r, const char **out, size_t *len)
{
    if (!expect_value(r, JT_STRING))
        return 0;
    const unsigned char *s = (const unsigned char *)++r->p, *end = (const unsigned char *)r->end;
    /* First pass: find the end and validate; the decoded form is never longer. */
    const unsigned char *q = s;
    int escapes = 0;
    for (;;) {
        if (q >= end)
            return fail_at(r, (const char *)q, "unterminated string");
        unsigned c = *q;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') { /* the common case */
            q++;
            continue;
        }
        if (c == '"')
            break;
        if (c == '\\') {
            escapes = 1;
            if (q + 1 >= end)
                return fail_at(r, (const char *)q, "unterminated string");
            q += 2;
            if (q[-1] == 'u') {
                if (end - q < 4)
                    return fail_at(r, (const char *)q, "bad \\u escape");
                q += 4;
            }
            continue;
        }
        if (c < 0x20)
            return fail_at(r, (const char *)q, "control character in string");
        if (c < 0x80) {
            q++;
            continue;
        }
        /* Kana and kanji: 3-byte sequences whose lead excludes overlongs (E0)
         * and surrogates (ED), so two continuation bytes make them valid. */
        if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && end - q >= 3 && (q[1] & 0xC0) == 0x80 &&
            (q[2] & 0xC0) == 0x80) {
            q += 3;
            continue;
        }
        int n = utf8_seq(q, end);
        if (!n)
            return fail_at(r, (const char *)q, "invalid UTF-8");
        q += n;
    }
    size_t raw = (size_t)(q - s);
    char *d = arena_alloc_raw(r->arena, raw + 1);
    if (!d)
        return fail_at(r, (const char *)s, "out of memory");
    if (!escapes) {
        memcpy(d, s, raw);
        d[raw] = '\0';
        *out = d;
        *len = raw;
        r->p = (const char *)q + 1;
        return 1;
    }
    size_t o = 0;
    for (const unsigned char *p = s; p < q;) {
        if (*p != '\\') {
            d[o++] = (char)*p++;
            continue;
        }
        const unsigned char *esc = p;
        p++;
        switch (*p++) {
        case '"': d[o++] = '"'; break;
        case '\\': d[o++] = '\\'; break;
        case '/': d[o++] = '/'; break;
        case 'b': d[o++] = '\b'; break;
        case 'f': d[o++] = '\f'; break;
        case 'n': d[o++] = '\n'; break;
        case 'r': d[o++] = '\r'; break;
        case 't': d[o++] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (!hex4((const char *)p, &cp))
                return fail_at(r, (const char *)esc, "bad \\u escape");
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (q - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4((const char *)p + 2, &lo) || lo < 0xDC00 ||
                    lo > 0xDFFF)
                    return fail_at(r, (const char *)esc, "unpaired surrogate in \\u escape");
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return fail_at(r, (const char *)esc, "unpaired surrogate in \\u escape");
            }
            if (cp == 0)
                return fail_at(r, (const char *)esc, "\\u0000 is not allowed");
            o += put_utf8(d + o, cp);
            break;
        }
        default: return fail_at(r, (const char *)esc, "bad escape");
        }
    }
    d[o] = '\0';
    *out = d;
    *len = o;
    r->p = (const char *)q + 1;
    return 1;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

int jr_number(Jr *r, long long *i, double *d, int *is_int)
{
    if (!expect_value(r, JT_NUMBER))
        return 0;
    const char *s = r->p, *p = s, *e = r->end;
    if (p < e && *p == '-')
        p++;
    if (p >= e || !is_digit(*p))
        return fail_at(r, p, "bad number");
    if (*p == '0')
        p++;
    else
        while (p < e && is_digit(*p))
            p++;
    int integral = 1;
    if (p < e && *p == '.') {
        integral = 0;
        p++;
        if (p >= e || !is_digit(*p))
            return fail_at(r, p, "bad number");
        while (p < e && is_digit(*p))
            p++;
    }
    if (p < e && (*p == 'e' || *p == 'E')) {
        integral = 0;
        p++;
        if (p < e && (*p == '+' || *p == '-'))
            p++;
        if (p >= e || !is_digit(*p))
            return fail_at(r, p, "bad number");
        while (p < e && is_digit(*p))
            p++;
    }
    char buf[64];
    size_t n = (size_t)(p - s);
    if (n >= sizeof buf) {
        r->limit = 1;
        return fail_at(r, s, "number too long");
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    *d = strtod(buf, NULL);
    *is_int = 0;
    if (integral) {
        errno = 0;
        long long v = strtoll(buf, NULL, 10);
        if (errno == 0) {
            *i = v;
            *is_int = 1;
        }
    }
    r->p = p;
    return 1;
}

static int literal(Jr *r, const char *word, size_t n)
{
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
        return fail_at(r, r->p, "unexpected character");
    r->p += n;
    return 1;
}

int jr_bool(Jr *r, int *out)
{
    JsonType t = jr_peek(r);
    if (t != JT_TRUE && t != JT_FALSE)
        return expect_value(r, JT_TRUE);
    *out = t == JT_TRUE;
    return t == JT_TRUE ? literal(r, "true", 4) : literal(r, "false", 5);
}

int jr_null(Jr *r) { return expect_value(r, JT_NULL) && literal(r, "null", 4); }

int jr_skip(Jr *r)
{
    const char *key, *s;
    size_t len;
    long long i;
    double d;
    int b;
    switch (jr_peek(r)) {
    case JT_OBJECT:
        if (!jr_object_begin(r))
            return 0;
        while (jr_object_key(r, &key))
            if (!jr_skip(r))
                return 0;
        return !r->failed;
    case JT_ARRAY:
        if (!jr_array_begin(r))
            return 0;
        while (jr_array_next(r))
            if (!jr_skip(r))
                return 0;
        return !r->failed;
    case JT_STRING: return jr_string(r, &s, &len);
    case JT_NUMBER: return jr_number(r, &i, &d, &b);
    case JT_TRUE:
    case JT_FALSE: return jr_bool(r, &b);
    case JT_NULL: return jr_null(r);
    default: return expect_value(r, JT_NULL); /* reports the bad character */
    }
}

int jr_finish(Jr *r)
{
    if (r->failed)
        return 0;
    skip_ws(r);
    if (r->p != r->end)
        return fail_at(r, r->p, "unexpected data after the document");
    return 1;
}
