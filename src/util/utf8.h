/* UTF-8 validation shared by the readers (JSON, CSV) and the search text. */
#ifndef DAICHO_UTF8_H
#define DAICHO_UTF8_H

/* Length (2–4) of the valid UTF-8 sequence starting with the non-ASCII byte
 * at s, or 0: overlong forms, surrogates and code points above U+10FFFF are
 * invalid, and a sequence cut off by `end`. Inline: it sits in the readers'
 * inner loops. */
static inline int utf8_seq(const unsigned char *s, const unsigned char *end)
{
    unsigned c = s[0];
    int n;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, min = 0x10000;
    } else {
        return 0;
    }
    if (end - s < n)
        return 0;
    unsigned cp = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* The code point of the valid sequence of length n (from utf8_seq) at s. */
static inline long utf8_decode(const unsigned char *s, int n)
{
    long cp = s[0] & (0x7F >> n);
    for (int i = 1; i < n; i++)
        cp = cp << 6 | (s[i] & 0x3F);
    return cp;
}

#endif
