/* multipart/form-data over a buffered body (web/multipart.h). */
#include <string.h>
#include <strings.h>

#include "web/multipart.h"
#include "web/web.h"

/* The value of parameter `key` in a header value ("form-data; name="a"";
 * "multipart/form-data; boundary=xyz"): quoted (backslash escapes) or a
 * token. 1 found, 0 not, -1 too long. */
static int header_param(const char *v, size_t len, const char *key, char *out, size_t cap)
{
    size_t klen = strlen(key);
    const char *p = v, *end = v + len;
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        if (!semi)
            return 0;
        p = semi + 1;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if ((size_t)(end - p) > klen && strncasecmp(p, key, klen) == 0 && p[klen] == '=') {
            p += klen + 1;
            size_t n = 0;
            if (p < end && *p == '"') {
                p++;
                while (p < end && *p != '"') {
                    if (*p == '\\' && p + 1 < end)
                        p++;
                    if (n + 1 >= cap)
                        return -1;
                    out[n++] = *p++;
                }
                if (p == end)
                    return -1; /* unterminated quote */
            } else {
                while (p < end && *p != ';' && *p != ' ' && *p != '\t') {
                    if (n + 1 >= cap)
                        return -1;
                    out[n++] = *p++;
                }
            }
            out[n] = 0;
            return 1;
        }
    }
    return 0;
}

int multipart_init(Multipart *m, const char *content_type, const char *body, size_t len, Str *err)
{
    memset(m, 0, sizeof *m);
    const char *ct = content_type ? content_type : "";
    if (strncasecmp(ct, "multipart/form-data", 19) != 0) {
        str_append(err, "multipart/form-data ではありません");
        return -1;
    }
    char b[76];
    int r = header_param(ct, strlen(ct), "boundary", b, sizeof b);
    size_t bl = r == 1 ? strlen(b) : 0;
    if (r != 1 || bl == 0 || bl > 70) {
        str_append(err, "multipart/form-data の boundary がないか長すぎます");
        return -1;
    }
    m->boundary[0] = m->boundary[1] = '-';
    memcpy(m->boundary + 2, b, bl + 1);
    m->blen = bl + 2;
    m->body = body;
    m->end = body + len;
    /* The body starts with the first delimiter (a preamble is allowed by
     * RFC 2046 but browsers send none; accept one ending in CRLF). */
    const char *first = NULL;
    if (len >= m->blen && memcmp(body, m->boundary, m->blen) == 0)
        first = body;
    else {
        const char *p = memmem(body, len, m->boundary, m->blen);
        if (p && p - body >= 2 && p[-2] == '\r' && p[-1] == '\n')
            first = p;
    }
    if (!first) {
        str_append(err, "multipart/form-data の本文が boundary で始まっていません");
        return -1;
    }
    m->pos = first + m->blen;
    return 0;
}

int multipart_next(Multipart *m, MultipartPart *part, Str *err)
{
    memset(part, 0, sizeof *part);
    if (!m->pos)
        return 0;
    const char *p = m->pos;
    /* After a delimiter: "--" closes, CRLF opens a part. */
    if (m->end - p >= 2 && p[0] == '-' && p[1] == '-') {
        m->pos = NULL;
        return 0;
    }
    while (p < m->end && (*p == ' ' || *p == '\t'))
        p++; /* transport padding */
    if (m->end - p < 2 || p[0] != '\r' || p[1] != '\n') {
        str_append(err, "multipart/form-data の区切りの後に改行がありません");
        return -1;
    }
    p += 2;
    const char *hend = memmem(p, (size_t)(m->end - p), "\r\n\r\n", 4);
    if (!hend || hend - p > MULTIPART_HEADER_MAX) {
        str_append(err, "multipart/form-data の部分のヘッダーが読めません");
        return -1;
    }
    int have_name = 0;
    const char *h = p;
    while (h < hend + 2) {
        const char *eol = memmem(h, (size_t)(hend + 2 - h), "\r\n", 2);
        if (!eol)
            break;
        size_t hl = (size_t)(eol - h);
        if (hl > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
            const char *v = h + 20;
            size_t vl = hl - 20;
            while (vl && (*v == ' ' || *v == '\t'))
                v++, vl--;
            if (vl < 9 || strncasecmp(v, "form-data", 9) != 0) {
                str_append(err, "multipart/form-data の部分が form-data ではありません");
                return -1;
            }
            int r = header_param(v, vl, "name", part->name, sizeof part->name);
            int f = header_param(v, vl, "filename", part->filename, sizeof part->filename);
            if (r < 0 || f < 0) {
                str_append(err, "multipart/form-data の name か filename が長すぎるか閉じていません");
                return -1;
            }
            have_name = r == 1;
            part->has_filename = f == 1;
        }
        h = eol + 2;
    }
    if (!have_name) {
        str_append(err, "multipart/form-data の部分に name がありません");
        return -1;
    }
    const char *data = hend + 4;
    /* The part ends at CRLF + delimiter. */
    const char *q = data;
    for (;;) {
        const char *d = memmem(q, (size_t)(m->end - q), m->boundary, m->blen);
        if (!d) {
            str_append(err, "multipart/form-data の部分が閉じていません（送信が途中で切れたか、上限を超えました）");
            return -1;
        }
        if (d - data >= 2 && d[-2] == '\r' && d[-1] == '\n') {
            part->data = data;
            part->len = (size_t)(d - 2 - data);
            m->pos = d + m->blen;
            return 1;
        }
        q = d + 1;
    }
}

int multipart_fields(struct Params *p, Arena *a, const char *content_type, const char *body, size_t len, Str *err)
{
    Multipart m;
    MultipartPart part;
    if (multipart_init(&m, content_type, body, len, err) != 0)
        return -1;
    int r;
    while ((r = multipart_next(&m, &part, err)) == 1)
        if (!part.has_filename &&
            params_add(p, a, part.name, strlen(part.name), part.data, part.len) != 0) {
            str_append(err, "out of memory");
            return -1;
        }
    return r < 0 ? -1 : 0;
}
