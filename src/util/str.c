#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int str_reserve(Str *s, size_t extra)
{
    if (s->failed)
        return 0;
    if (s->len + extra + 1 <= s->cap)
        return 1;
    size_t cap = s->cap ? s->cap : 64;
    while (cap < s->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            s->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    char *b = realloc(s->buf, cap);
    if (!b) {
        s->failed = 1;
        return 0;
    }
    s->buf = b;
    s->cap = cap;
    return 1;
}

void str_appendn(Str *s, const char *text, size_t n)
{
    if (!str_reserve(s, n))
        return;
    memcpy(s->buf + s->len, text, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

void str_append(Str *s, const char *text) { str_appendn(s, text, strlen(text)); }

void str_appendc(Str *s, char c) { str_appendn(s, &c, 1); }

void str_vappendf(Str *s, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        s->failed = 1;
        return;
    }
    if (!str_reserve(s, (size_t)n))
        return;
    vsnprintf(s->buf + s->len, (size_t)n + 1, fmt, ap);
    s->len += (size_t)n;
}

void str_appendf(Str *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    str_vappendf(s, fmt, ap);
    va_end(ap);
}

void str_append_json(Str *s, const char *text)
{
    static const char hex[] = "0123456789abcdef";
    str_appendc(s, '"');
    /* Runs of plain bytes are copied at once: a JSON answer of 50 ledger rows
     * is mostly such runs. */
    const unsigned char *run = (const unsigned char *)text;
    for (const unsigned char *p = run; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\')
            continue;
        str_appendn(s, (const char *)run, (size_t)(p - run));
        run = p + 1;
        switch (*p) {
        case '"': str_append(s, "\\\""); break;
        case '\\': str_append(s, "\\\\"); break;
        case '\n': str_append(s, "\\n"); break;
        case '\r': str_append(s, "\\r"); break;
        case '\t': str_append(s, "\\t"); break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15], 0};
            str_append(s, esc);
        }
        }
    }
    str_append(s, (const char *)run);
    str_appendc(s, '"');
}

const char *str_cstr(Str *s) { return (s->buf && !s->failed) ? s->buf : ""; }

int str_failed(const Str *s) { return s->failed; }

void str_reset(Str *s)
{
    s->len = 0;
    s->failed = 0;
    if (s->buf)
        s->buf[0] = '\0';
}

void str_free(Str *s)
{
    free(s->buf);
    s->buf = NULL;
    s->len = s->cap = 0;
    s->failed = 0;
}

void str_append_json_member(Str *s, const char *name, const char *text)
{
    str_appendc(s, ',');
    str_append_json(s, name);
    str_appendc(s, ':');
    if (text)
        str_append_json(s, text);
    else
        str_append(s, "null");
}
