/* Growable string with a sticky error (after a failed allocation every append
 * is a no-op; check str_failed() once at the end) and escaping appenders, so
 * that escaping is the easy path. */
#ifndef DAICHO_STR_H
#define DAICHO_STR_H
#include <stdarg.h>
#include <stddef.h>

typedef struct Str {
    char *buf;   /* NUL-terminated when len > 0 or after str_cstr */
    size_t len;
    size_t cap;
    int failed;
} Str;

#define STR_INIT {0}

void str_append(Str *s, const char *text);
void str_appendn(Str *s, const char *text, size_t n);
void str_appendc(Str *s, char c);
/* printf-style; only literal formats (checked by the compiler). */
void str_appendf(Str *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void str_vappendf(Str *s, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* `text` as the contents of a JSON string literal, quotes included. */
void str_append_json(Str *s, const char *text);
/* ,"name":"text" — or ,"name":null when text is NULL: a member after the
 * first of an object whose value may be absent. */
void str_append_json_member(Str *s, const char *name, const char *text);
/* Always a valid C string ("" when empty or failed). */
const char *str_cstr(Str *s);
int str_failed(const Str *s);
void str_reset(Str *s);
void str_free(Str *s);

#endif
