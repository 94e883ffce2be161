/* HTML escaped by construction (see html.h). */
#include <stdio.h>
#include <string.h>

#include "web/html.h"

void html_escape(Str *out, const char *text)
{
    if (!text)
        return;
    const char *run = text;
    for (const char *p = text; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        str_appendn(out, run, (size_t)(p - run));
        str_append(out, rep);
        run = p + 1;
    }
    str_append(out, run);
}

void url_encode(Str *out, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
            *p == '_' || *p == '.' || *p == '~') {
            str_appendc(out, (char)*p);
        } else {
            str_appendc(out, '%');
            str_appendc(out, hex[*p >> 4]);
            str_appendc(out, hex[*p & 15]);
        }
    }
}

void html_v(Str *out, const char *fmt, va_list ap)
{
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        str_appendn(out, run, (size_t)(p - run));
        p++;
        char num[32];
        if (*p == 's') {
            html_escape(out, va_arg(ap, const char *));
        } else if (*p == 'H') {
            const char *frag = va_arg(ap, const char *);
            str_append(out, frag ? frag : "");
        } else if (*p == 'U') {
            Str u = STR_INIT;
            url_encode(&u, va_arg(ap, const char *));
            str_append(out, u.buf ? u.buf : "");
            str_free(&u);
        } else if (*p == 'd') {
            snprintf(num, sizeof num, "%d", va_arg(ap, int));
            str_append(out, num);
        } else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
            snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
            str_append(out, num);
            p += 2;
        } else if (p[0] == 'z' && p[1] == 'u') {
            snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
            str_append(out, num);
            p += 1;
        } else if (*p == '%') {
            str_appendc(out, '%');
        } else {
            /* A programming error in a literal format: make it visible, never
             * guess at an argument. */
            str_append(out, "[html: bad format]");
            return;
        }
        run = p + 1;
    }
    str_append(out, run);
}

void html(Str *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_v(out, fmt, ap);
    va_end(ap);
}
