/* Web proxy logs: Squid native access.log and time,user,host CSV
 * (exchange/proxy_log.h). Written for throughput: a line is parsed where it
 * lies in the caller's chunk and copied only when it spans two chunks. */
#include <arpa/inet.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "exchange/proxy_log.h"

const char *const proxy_format_names[] = {"auto", "squid", "csv", NULL};

const char *const proxy_bad_names[PBAD_COUNT] = {"too_long", "fields", "time", "user", "url", "host", "quote"};
const char *const proxy_bad_labels[PBAD_COUNT] = {
    "行が長すぎる", "項目の数が合わない", "時刻を読めない", "利用者名が不正", "URLにホスト名がない",
    "ホスト名が不正",  "引用符（\"）の対応が不正"};

int proxy_format_parse(const char *name)
{
    for (int i = 0; proxy_format_names[i]; i++)
        if (strcmp(name, proxy_format_names[i]) == 0)
            return i;
    return -1;
}

/* Latest time accepted: 3000-01-01T00:00:00Z. */
static const long long TIME_MAX = 32503680000LL;

/* ---- hosts ---- */

static int host_byte_ok(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c >= 0x80;
}

int proxy_host_normalize(const char *s, size_t len, char *out, size_t *out_len)
{
    size_t n = 0;
    if (len && s[0] == '[') { /* IPv6 literal: [addr] or [addr]:port */
        const char *close = memchr(s, ']', len);
        if (!close || close == s + 1)
            return -1;
        size_t alen = (size_t)(close - s - 1);
        if (alen > PROXY_HOST_MAX)
            return -1;
        for (size_t i = 0; i < alen; i++) {
            unsigned char c = (unsigned char)s[1 + i];
            if (c >= 'A' && c <= 'F')
                c = (unsigned char)(c + 32);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.'))
                return -1;
            out[n++] = (char)c;
        }
        size_t rest = len - (size_t)(close + 1 - s);
        if (rest && close[1] != ':')
            return -1;
        out[n] = 0;
        unsigned char addr[16];
        if (inet_pton(AF_INET6, out, addr) != 1)
            return -1; /* "[2002:.]" and the like */
        *out_len = n;
        return 0;
    }
    /* host[:port]: a second colon means an unbracketed IPv6 address. */
    const char *colon = memchr(s, ':', len);
    size_t hlen = len;
    if (colon) {
        hlen = (size_t)(colon - s);
        for (const char *p = colon + 1; p < s + len; p++)
            if (*p < '0' || *p > '9')
                return -1;
    }
    if (hlen && s[hlen - 1] == '.')
        hlen--; /* the root label: "example.jp." is "example.jp" */
    if (hlen == 0 || hlen > PROXY_HOST_MAX || s[hlen - 1] == '.')
        return -1;
    for (size_t i = 0; i < hlen; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (!host_byte_ok(c))
            return -1;
        if (c == '.' && (i == 0 || out[n - 1] == '.'))
            return -1; /* empty label */
        out[n++] = (char)c;
    }
    out[n] = 0;
    *out_len = n;
    return 0;
}

/* Host of a URL or of a CONNECT target ("host:port"). */
static int url_host(const char *u, size_t len, int bare_ok, char *out, size_t *out_len, ProxyBad *why)
{
    const char *end = u + len;
    const char *sep = NULL;
    /* Most URLs are http:// or https://: skip the search for "://". */
    if (len > 8 && (u[0] == 'h' || u[0] == 'H') && memcmp(u + 1, "ttp", 3) == 0 &&
        (memcmp(u + 4, "://", 3) == 0 || ((u[4] == 's' || u[4] == 'S') && memcmp(u + 5, "://", 3) == 0)))
        sep = u + (u[4] == ':' ? 4 : 5);
    for (const char *p = u; !sep && p + 2 < end; p++) {
        if (*p == ':' && p[1] == '/' && p[2] == '/') {
            sep = p;
            break;
        }
        if (*p == '/' || *p == '?' || *p == '#')
            break;
    }
    const char *a = sep ? sep + 3 : u;
    const char *b = a;
    while (b < end && *b != '/' && *b != '?' && *b != '#')
        b++;
    /* userinfo@ before the host */
    for (const char *p = b; p > a; p--)
        if (p[-1] == '@') {
            a = p;
            break;
        }
    if (!sep) {
        /* No scheme: only "host:port" (CONNECT) or a bare host is a target;
         * "error:invalid-request", "-" and paths are not. */
        const char *colon = memchr(a, ':', (size_t)(b - a));
        if (b == a || *u == '/' || (colon && (colon + 1 == b || colon[1] < '0' || colon[1] > '9') && *a != '[')) {
            *why = PBAD_URL;
            return -1;
        }
        if (!bare_ok && !colon && !memchr(a, '.', (size_t)(b - a))) {
            *why = PBAD_URL; /* "-", "NONE": not a host name */
            return -1;
        }
    }
    if (b == a) {
        *why = PBAD_URL;
        return -1;
    }
    if (proxy_host_normalize(a, (size_t)(b - a), out, out_len) != 0) {
        *why = PBAD_HOST;
        return -1;
    }
    return 0;
}

/* ---- times ---- */

static int digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Epoch seconds with optional ".fraction" (Squid, CSV). */
static int epoch_time(const char *s, size_t len, long long *t)
{
    long long v = 0;
    size_t i = 0;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (i >= 12)
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (i == 0)
        return -1;
    if (i < len) {
        if (s[i] != '.' || i + 1 == len)
            return -1;
        for (size_t j = i + 1; j < len; j++)
            if (s[j] < '0' || s[j] > '9')
                return -1;
    }
    if (v <= 0 || v >= TIME_MAX)
        return -1;
    *t = v;
    return 0;
}

static int iso_time(const char *s, size_t len, long long *t)
{
    int y, mo, d, h, mi, se;
    if (len < 19 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || digits(s + 11, 2, &h) ||
        s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
        return -1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 60)
        return -1;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return -1;
    size_t i = 19;
    if (i < len && (s[i] == '.' || s[i] == ',')) {
        i++;
        size_t f = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == f)
            return -1;
    }
    long long off = 0;
    if (i < len) {
        if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
            i++;
        } else if ((s[i] == '+' || s[i] == '-') && len - i == 6 && s[i + 3] == ':') {
            int oh, om;
            if (digits(s + i + 1, 2, &oh) || digits(s + i + 4, 2, &om) || oh > 23 || om > 59)
                return -1;
            off = (oh * 3600LL + om * 60) * (s[i] == '+' ? 1 : -1);
            i = len;
        } else {
            return -1;
        }
    }
    long long v = days_from_civil(y, mo, d) * 86400 + h * 3600LL + mi * 60LL + (se == 60 ? 59 : se) - off;
    if (v <= 0 || v >= TIME_MAX)
        return -1;
    *t = v;
    return 0;
}

static int user_ok(const char *u, size_t len)
{
    if (len == 0 || len > PROXY_USER_MAX)
        return 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)u[i] < 0x20 || u[i] == 0x7f)
            return 0;
    return 1;
}

/* ---- Squid ---- */

/* The first `max` fields of a line split at runs of spaces and tabs;
 * returns how many there are (at most max). The SSE2 path finds the
 * separators sixteen bytes at a time (this is the hot loop of a 10M-line
 * log); the scalar path finishes the line and is the whole of it elsewhere.
 * Both give the same fields (tests/unit/test_discover_parse.c compares). */
static int split_fields(const char *s, size_t len, int max, const char **f, size_t *fl)
{
    int n = 0, in = 0;
    size_t i = 0, start = 0;
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    for (; i + 16 <= len && n < max; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, tab)));
        unsigned before = ((m << 1) | (in ? 0u : 1u)) & 0xffffu; /* bit k: byte k-1 separates */
        unsigned starts = ~m & before & 0xffffu, ends = m & ~before & 0xffffu;
        unsigned ev = starts | ends;
        while (ev) {
            int k = __builtin_ctz(ev);
            ev &= ev - 1;
            if (starts & (1u << k)) {
                start = i + (size_t)k;
            } else {
                f[n] = s + start;
                fl[n] = i + (size_t)k - start;
                if (++n == max)
                    return n;
            }
        }
        in = !(m & 0x8000u);
    }
#endif
    for (; i < len && n < max; i++) {
        int sep = s[i] == ' ' || s[i] == '\t';
        if (!sep && !in) {
            start = i;
            in = 1;
        } else if (sep && in) {
            f[n] = s + start;
            fl[n++] = i - start;
            in = 0;
        }
    }
    if (in && n < max) {
        f[n] = s + start;
        fl[n++] = len - start;
    }
    return n;
}

/* The same without SIMD, for the tests' comparison. */
int proxy_split_fields_scalar(const char *s, size_t len, int max, const char **f, size_t *fl)
{
    int n = 0, in = 0;
    size_t start = 0;
    for (size_t i = 0; i < len && n < max; i++) {
        int sep = s[i] == ' ' || s[i] == '\t';
        if (!sep && !in) {
            start = i;
            in = 1;
        } else if (sep && in) {
            f[n] = s + start;
            fl[n++] = i - start;
            in = 0;
        }
    }
    if (in && n < max) {
        f[n] = s + start;
        fl[n++] = len - start;
    }
    return n;
}

int proxy_split_fields(const char *s, size_t len, int max, const char **f, size_t *fl)
{
    return split_fields(s, len, max, f, fl);
}

static int parse_squid(const char *s, size_t len, ProxyRecord *out, ProxyBad *why)
{
    const char *f[10];
    size_t fl[10];
    int n = split_fields(s, len, 10, f, fl);
    if (n < 10) {
        *why = PBAD_FIELDS;
        return -1;
    }
    if (epoch_time(f[0], fl[0], &out->time) != 0) {
        *why = PBAD_TIME;
        return -1;
    }
    if (url_host(f[6], fl[6], 0, out->host, &out->host_len, why) != 0)
        return -1;
    int anon = fl[7] == 1 && f[7][0] == '-';
    out->user = anon ? f[2] : f[7];
    out->user_len = anon ? fl[2] : fl[7];
    if (!user_ok(out->user, out->user_len)) {
        *why = PBAD_USER;
        return -1;
    }
    return 0;
}

/* ---- CSV ---- */

/* Split a CSV line into exactly `want` fields. Quoted fields are unquoted
 * in place into `scratch` (the line's length suffices). */
static int csv_fields(const char *s, size_t len, const char **f, size_t *fl, int want, char *scratch, ProxyBad *why)
{
    int n = 0;
    size_t i = 0, w = 0;
    for (;;) {
        if (n == want) {
            *why = PBAD_FIELDS;
            return -1;
        }
        if (i < len && s[i] == '"') {
            i++;
            f[n] = scratch + w;
            size_t start = w;
            for (;;) {
                if (i == len) {
                    *why = PBAD_QUOTE;
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        scratch[w++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                scratch[w++] = s[i++];
            }
            fl[n++] = w - start;
            if (i < len && s[i] != ',') {
                *why = PBAD_QUOTE;
                return -1;
            }
        } else {
            size_t b = i;
            while (i < len && s[i] != ',') {
                if (s[i] == '"') {
                    *why = PBAD_QUOTE;
                    return -1;
                }
                i++;
            }
            f[n] = s + b;
            fl[n++] = i - b;
        }
        if (i == len)
            break;
        i++; /* the comma */
    }
    if (n != want) {
        *why = PBAD_FIELDS;
        return -1;
    }
    return 0;
}

static size_t trim(const char **s, size_t len)
{
    while (len && (**s == ' ' || **s == '\t'))
        (*s)++, len--;
    while (len && ((*s)[len - 1] == ' ' || (*s)[len - 1] == '\t'))
        len--;
    return len;
}

static int parse_csv(const char *s, size_t len, ProxyRecord *out, ProxyBad *why, char *scratch)
{
    const char *f[3];
    size_t fl[3];
    if (csv_fields(s, len, f, fl, 3, scratch, why) != 0)
        return -1;
    for (int i = 0; i < 3; i++)
        fl[i] = trim(&f[i], fl[i]);
    int is_epoch = fl[0] && memchr(f[0], '-', fl[0]) == NULL;
    if ((is_epoch ? epoch_time(f[0], fl[0], &out->time) : iso_time(f[0], fl[0], &out->time)) != 0) {
        *why = PBAD_TIME;
        return -1;
    }
    out->user = f[1];
    out->user_len = fl[1];
    if (!user_ok(f[1], fl[1])) {
        *why = PBAD_USER;
        return -1;
    }
    if (fl[2] == 0) {
        *why = PBAD_HOST;
        return -1;
    }
    return url_host(f[2], fl[2], 1, out->host, &out->host_len, why);
}

/* The CSV parser unquotes into a buffer of the line's size: one per
 * thread, as lines never exceed PROXY_LINE_MAX. */
static _Thread_local char csv_scratch[PROXY_LINE_MAX + 2];

int proxy_parse_line(ProxyFormat format, const char *line, size_t len, long long line_no, ProxyRecord *out,
                     ProxyBad *why)
{
    out->line = line_no;
    out->host[0] = 0;
    out->host_len = 0;
    if (len > PROXY_LINE_MAX) {
        *why = PBAD_TOO_LONG;
        return -1;
    }
    return format == PROXY_CSV ? parse_csv(line, len, out, why, csv_scratch) : parse_squid(line, len, out, why);
}

ProxyFormat proxy_sniff(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (line[i] == ',')
            return PROXY_CSV;
        if (line[i] == ' ' || line[i] == '\t')
            return PROXY_SQUID;
    }
    return PROXY_SQUID;
}

/* ---- the reader ---- */

void proxy_reader_init(ProxyReader *r, ProxyFormat format, ProxyRecordFn fn, void *ctx)
{
    memset(r, 0, offsetof(ProxyReader, part));
    r->part[0] = 0;
    r->format = format;
    r->fn = fn;
    r->ctx = ctx;
}

static void bad_line(ProxyReader *r, ProxyBad why)
{
    r->bad++;
    r->bad_by[why]++;
    if (r->n_bad_kept < PROXY_BAD_KEEP) {
        r->bad_line[r->n_bad_kept] = r->lines;
        r->bad_why[r->n_bad_kept++] = why;
    }
}

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* One complete line without its LF; `overflow`: it was longer than the cap. */
static int one_line(ProxyReader *r, const char *s, size_t len, int overflow)
{
    r->lines++;
    if (!overflow && len && s[len - 1] == '\r')
        len--;
    if (overflow || len > PROXY_LINE_MAX) {
        bad_line(r, PBAD_TOO_LONG);
        return 0;
    }
    if (is_blank(s, len)) {
        r->blank++;
        return 0;
    }
    if (r->format == PROXY_AUTO)
        r->format = proxy_sniff(s, len);
    if (r->format == PROXY_CSV && !r->header_seen) {
        r->header_seen = 1;
        const char *f = s;
        size_t fl = len;
        const char *comma = memchr(s, ',', len);
        if (comma)
            fl = (size_t)(comma - s);
        fl = trim(&f, fl);
        if (fl >= 2 && f[0] == '"' && f[fl - 1] == '"')
            f++, fl -= 2;
        if (fl == 4 && strncasecmp(f, "time", 4) == 0)
            return 0; /* the header line */
    }
    ProxyRecord rec;
    ProxyBad why;
    if (proxy_parse_line(r->format, s, len, r->lines, &rec, &why) != 0) {
        bad_line(r, why);
        return 0;
    }
    r->records++;
    int rc = r->fn ? r->fn(r->ctx, &rec) : 0;
    if (rc)
        r->stopped = 1;
    return rc;
}

int proxy_reader_feed(ProxyReader *r, const char *data, size_t n)
{
    if (r->stopped)
        return 0;
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t seg = (size_t)((nl ? nl : end) - p);
        if (r->part_len || r->part_overflow || !nl) {
            /* Carry: append what fits (cap + a CR), remember overflow. */
            size_t room = PROXY_LINE_MAX + 1 - r->part_len;
            if (seg > room) {
                r->part_overflow = 1;
                seg = room; /* copy what fits, drop the rest */
            }
            if (!r->part_overflow || seg) {
                memcpy(r->part + r->part_len, p, seg);
                r->part_len += seg;
            }
            if (!nl)
                return 0;
            int rc = one_line(r, r->part, r->part_len, r->part_overflow);
            r->part_len = 0;
            r->part_overflow = 0;
            if (rc)
                return rc;
        } else {
            int rc = one_line(r, p, seg, 0);
            if (rc)
                return rc;
        }
        p = nl + 1;
    }
    return 0;
}

int proxy_reader_finish(ProxyReader *r)
{
    if (r->stopped || (!r->part_len && !r->part_overflow))
        return 0;
    int rc = one_line(r, r->part, r->part_len, r->part_overflow);
    r->part_len = 0;
    r->part_overflow = 0;
    return rc;
}
