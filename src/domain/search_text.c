#include <string.h>

#include "domain/search_text.h"
#include "util/utf8.h"

/* Decode one UTF-8 character at *p (advancing); -1 for an invalid byte
 * (which is skipped). */
static long next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    if (s[0] < 0x80) {
        (*p)++;
        return s[0];
    }
    /* The text is NUL-terminated: a cut-off sequence fails at the NUL, which
     * is no continuation byte, before utf8_seq reads past it. */
    int n = utf8_seq(s, s + 4);
    if (n == 0) {
        (*p)++;
        return -1;
    }
    *p += n;
    return utf8_decode(s, n);
}

static void put_cp(Str *out, long c)
{
    char b[4];
    if (c < 0x80) {
        str_appendc(out, (char)c);
        return;
    }
    if (c < 0x800) {
        b[0] = (char)(0xC0 | (c >> 6)), b[1] = (char)(0x80 | (c & 0x3F));
        str_appendn(out, b, 2);
    } else if (c < 0x10000) {
        b[0] = (char)(0xE0 | (c >> 12)), b[1] = (char)(0x80 | ((c >> 6) & 0x3F)), b[2] = (char)(0x80 | (c & 0x3F));
        str_appendn(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (c >> 18)), b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3F)), b[3] = (char)(0x80 | (c & 0x3F));
        str_appendn(out, b, 4);
    }
}

static int is_space(long c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000; }

void search_normalize(const char *text, Str *out)
{
    const unsigned char *p = (const unsigned char *)text;
    int pending_space = 0, any = 0;
    while (*p) {
        long c = next_cp(&p);
        if (c < 0)
            continue;
        if (is_space(c)) {
            pending_space = any;
            continue;
        }
        if (c >= 0xFF01 && c <= 0xFF5E) /* full-width ASCII */
            c -= 0xFEE0;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (pending_space)
            str_appendc(out, ' ');
        pending_space = 0;
        any = 1;
        put_cp(out, c);
    }
}

int search_char_count(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    int n = 0;
    while (*p)
        if (next_cp(&p) >= 0)
            n++;
    return n;
}

void search_bigrams(const char *text, char sep, Str *out)
{
    const unsigned char *p = (const unsigned char *)text;
    long prev = -1;
    int first = 1;
    while (*p) {
        long c = next_cp(&p);
        if (c < 0)
            continue;
        if (prev >= 0 && prev != ' ' && c != ' ') {
            /* Twelve hex digits by hand: printf here was a tenth of an import. */
            static const char hex[] = "0123456789abcdef";
            char tok[13];
            for (int i = 0; i < 6; i++) {
                tok[5 - i] = hex[(prev >> (4 * i)) & 15];
                tok[11 - i] = hex[(c >> (4 * i)) & 15];
            }
            if (!first)
                str_appendc(out, sep);
            str_appendn(out, tok, 12);
            first = 0;
        }
        prev = c;
    }
}
