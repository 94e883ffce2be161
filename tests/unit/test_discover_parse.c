/* Proxy-log parsers (src/exchange/proxy_log.h) and the host matcher
 * (src/domain/host_match.h) of the discovery of unapproved services (issue
 * #5 item 5: every malformed line counted with its number, never a crash or
 * a silent drop; constant memory whatever the line length). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "domain/host_match.h"
#include "exchange/proxy_log.h"

#define IN(lit) (lit), sizeof(lit) - 1

/* Parse one line; returns the bad reason or -1 when good (rec filled). */
static int parse(ProxyFormat f, const char *s, size_t n, ProxyRecord *rec)
{
    ProxyBad why;
    return proxy_parse_line(f, s, n, 7, rec, &why) == 0 ? -1 : (int)why;
}

static void test_squid_url_and_connect(void **state)
{
    (void)state;
    ProxyRecord r;
    assert_int_equal(parse(PROXY_SQUID,
                           IN("1700000000.123    150 10.0.0.5 TCP_MISS/200 1234 GET http://WWW.Example.JP:8080/a?b "
                              "tanaka HIER_DIRECT/1.2.3.4 text/html"),
                           &r),
                     -1);
    assert_string_equal(r.host, "www.example.jp");
    assert_int_equal(r.time, 1700000000LL);
    assert_int_equal(r.line, 7);
    assert_int_equal(r.user_len, 6);
    assert_memory_equal(r.user, "tanaka", 6);
    /* CONNECT: host:port; rfc931 "-" gives the client address. */
    assert_int_equal(parse(PROXY_SQUID,
                           IN("1700000001.000 20 192.0.2.9 TCP_TUNNEL/200 500 CONNECT drive.example.com:443 - "
                              "HIER_DIRECT/5.6.7.8 -"),
                           &r),
                     -1);
    assert_string_equal(r.host, "drive.example.com");
    assert_int_equal(r.user_len, 9);
    assert_memory_equal(r.user, "192.0.2.9", 9);
    /* trailing dot, userinfo, https without path */
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET https://u:p@Files.Example.COM./ x - -"), &r),
                     -1);
    assert_string_equal(r.host, "files.example.com");
    /* IPv6 literal: brackets and port dropped */
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://[2001:DB8::1]:8080/ x - -"), &r), -1);
    assert_string_equal(r.host, "2001:db8::1");
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_TUNNEL/200 1 CONNECT [2001:db8::2]:443 x - -"), &r), -1);
    assert_string_equal(r.host, "2001:db8::2");
    /* IDN as given */
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://例え.jp/ x - -"), &r), -1);
    assert_string_equal(r.host, "例え.jp");
    /* scheme in capitals */
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET HTTPS://Up.Example/x x - -"), &r), -1);
    assert_string_equal(r.host, "up.example");
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET ftp://ftp.example.org/f x - -"), &r), -1);
    assert_string_equal(r.host, "ftp.example.org");
    /* extra fields (log_mime_hdrs) are ignored */
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://a.example/ x - - [hdr] [hdr]"), &r),
                     -1);
    assert_string_equal(r.host, "a.example");
}

static void test_squid_malformed_kinds(void **state)
{
    (void)state;
    ProxyRecord r;
    /* 9 fields: one short */
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://a.example/ x -"), &r), PBAD_FIELDS);
    assert_int_equal(parse(PROXY_SQUID, IN("garbage"), &r), PBAD_FIELDS);
    assert_int_equal(parse(PROXY_SQUID, IN("17000x0001 1 h TCP_MISS/200 1 GET http://a.example/ x - -"), &r), PBAD_TIME);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001. 1 h TCP_MISS/200 1 GET http://a.example/ x - -"), &r), PBAD_TIME);
    assert_int_equal(parse(PROXY_SQUID, IN("0 1 h TCP_MISS/200 1 GET http://a.example/ x - -"), &r), PBAD_TIME);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h NONE/400 0 NONE error:invalid-request - - -"), &r), PBAD_URL);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h NONE/400 0 GET /relative x - -"), &r), PBAD_URL);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h NONE/400 0 GET - x - -"), &r), PBAD_URL);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://a..example/ x - -"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://a<b>.example/ x - -"), &r), PBAD_HOST);
    /* one trailing dot is the root; two leave an empty label (found by fuzz_proxylog) */
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://a..?x x - -"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://a.example../ x - -"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://:80/ x - -"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 CONNECT a.example:4x3 x - -"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 CONNECT a.example: x - -"), &r), PBAD_URL);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://[zz::1]/ x - -"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://[2002:.]:80/ x - -"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_SQUID, IN("1700000001 1 h TCP_MISS/200 1 GET http://a.example/ x\001y - -"), &r), PBAD_USER);
}

static void test_csv_lines(void **state)
{
    (void)state;
    ProxyRecord r;
    assert_int_equal(parse(PROXY_CSV, IN("2026-04-01T09:00:00+09:00,sato,Box.Example.com"), &r), -1);
    assert_int_equal(r.time, 1775001600LL); /* 2026-04-01T00:00:00Z */
    assert_string_equal(r.host, "box.example.com");
    assert_int_equal(parse(PROXY_CSV, IN("1775001600,\"yamada, taro\",\"https://x.example.org:8443/p\""), &r), -1);
    assert_int_equal(r.time, 1775001600LL);
    assert_int_equal(r.user_len, 12);
    assert_memory_equal(r.user, "yamada, taro", 12);
    assert_string_equal(r.host, "x.example.org");
    assert_int_equal(parse(PROXY_CSV, IN("2026-04-01 00:00:00Z,\"a\"\"b\",c.example:443"), &r), -1);
    assert_memory_equal(r.user, "a\"b", 3);
    assert_string_equal(r.host, "c.example");
    /* no zone: UTC */
    assert_int_equal(parse(PROXY_CSV, IN("2026-04-01T00:00:00,u,d.example"), &r), -1);
    assert_int_equal(r.time, 1775001600LL);
    /* malformed kinds */
    assert_int_equal(parse(PROXY_CSV, IN("2026-04-01T00:00:00Z,u"), &r), PBAD_FIELDS);
    assert_int_equal(parse(PROXY_CSV, IN("2026-04-01T00:00:00Z,u,h.example,extra"), &r), PBAD_FIELDS);
    assert_int_equal(parse(PROXY_CSV, IN("2026-02-30T00:00:00Z,u,h.example"), &r), PBAD_TIME);
    assert_int_equal(parse(PROXY_CSV, IN("2026-04-01T00:00:00+9,u,h.example"), &r), PBAD_TIME);
    assert_int_equal(parse(PROXY_CSV, IN("yesterday,u,h.example"), &r), PBAD_TIME);
    assert_int_equal(parse(PROXY_CSV, IN("1775001600,,h.example"), &r), PBAD_USER);
    assert_int_equal(parse(PROXY_CSV, IN("1775001600,\"u,h.example"), &r), PBAD_QUOTE);
    assert_int_equal(parse(PROXY_CSV, IN("1775001600,\"u\"x,h.example"), &r), PBAD_QUOTE);
    assert_int_equal(parse(PROXY_CSV, IN("1775001600,u,"), &r), PBAD_HOST);
    assert_int_equal(parse(PROXY_CSV, IN("1775001600,u,bad host"), &r), PBAD_HOST);
}

typedef struct Got {
    Str s;
} Got;

static int collect(void *ctx, const ProxyRecord *rec)
{
    Got *g = ctx;
    str_appendf(&g->s, "%lld:%s:%.*s ", rec->line, rec->host, (int)rec->user_len, rec->user);
    return 0;
}

/* Feed `text` in chunks of `chunk` bytes; the records and the bad lines. */
static char *read_all(ProxyFormat f, const char *text, size_t len, size_t chunk, ProxyReader *r)
{
    Got g = {STR_INIT};
    proxy_reader_init(r, f, collect, &g);
    for (size_t i = 0; i < len; i += chunk)
        proxy_reader_feed(r, text + i, len - i < chunk ? len - i : chunk);
    proxy_reader_finish(r);
    str_appendf(&g.s, "| bad");
    for (int i = 0; i < r->n_bad_kept; i++)
        str_appendf(&g.s, " %lld:%s", r->bad_line[i], proxy_bad_names[r->bad_why[i]]);
    char *out = strdup(str_cstr(&g.s));
    str_free(&g.s);
    return out;
}

static void test_reader_chunks_and_counts(void **state)
{
    (void)state;
    static const char log[] = "1700000000.1 1 10.0.0.1 TCP_MISS/200 1 GET http://a.example/ alice - -\r\n"
                              "\n"
                              "not a log line\n"
                              "1700000002 1 10.0.0.2 TCP_TUNNEL/200 1 CONNECT b.example:443 - - -\n"
                              "1700000003 1 10.0.0.3 TCP_MISS/200 1 GET http://c.example/ bob - -"; /* no final LF */
    const char *want = "1:a.example:alice 4:b.example:10.0.0.2 5:c.example:bob | bad 3:fields";
    /* every chunk size gives the same answer */
    for (size_t chunk = 1; chunk <= sizeof log; chunk++) {
        ProxyReader r;
        char *got = read_all(PROXY_AUTO, log, sizeof log - 1, chunk, &r);
        assert_string_equal(got, want);
        free(got);
        assert_int_equal(r.format, PROXY_SQUID);
        assert_int_equal(r.lines, 5);
        assert_int_equal(r.records, 3);
        assert_int_equal(r.blank, 1);
        assert_int_equal(r.bad, 1);
        assert_int_equal(r.bad_by[PBAD_FIELDS], 1);
    }
}

static void test_csv_header_and_sniff(void **state)
{
    (void)state;
    static const char csv[] = "\"Time\",user,host\n1775001600,u1,a.example\n1775001601,u2,b.example:8080\ntime,u,c\n";
    ProxyReader r;
    char *got = read_all(PROXY_AUTO, csv, sizeof csv - 1, 4096, &r);
    /* the header only on the first non-blank line; later "time" is bad */
    assert_string_equal(got, "2:a.example:u1 3:b.example:u2 | bad 4:time");
    free(got);
    assert_int_equal(r.format, PROXY_CSV);
    assert_int_equal(r.lines, 4);
}

/* A line of exactly PROXY_LINE_MAX bytes is read; one byte more is
 * malformed (too long), also when it arrives in pieces, and the reader
 * goes on with the next line. */
static void test_line_cap_boundary(void **state)
{
    (void)state;
    static const char head[] = "1700000000 1 10.0.0.1 TCP_MISS/200 1 GET http://a.example/";
    static const char tail[] = " u - -";
    for (int extra = 0; extra <= 1; extra++) {
        size_t len = PROXY_LINE_MAX + (size_t)extra;
        Str s = STR_INIT;
        str_append(&s, head);
        while (s.len < len - (sizeof tail - 1))
            str_appendc(&s, 'x');
        str_append(&s, tail);
        assert_int_equal(s.len, len);
        str_append(&s, "\r\n1700000001 1 10.0.0.2 TCP_MISS/200 1 GET http://b.example/ v - -\n");
        for (size_t chunk = 1000; chunk <= 20000; chunk += 19000) {
            ProxyReader r;
            char *got = read_all(PROXY_SQUID, s.buf, s.len, chunk, &r);
            assert_string_equal(got, extra ? "2:b.example:v | bad 1:too_long" : "1:a.example:u 2:b.example:v | bad");
            free(got);
        }
        str_free(&s);
    }
    /* a line of a megabyte: counted once, memory stays the reader's */
    static const char next[] = "\n1700000001 1 h TCP_MISS/200 1 GET http://b.example/ v - -\n";
    size_t big = 1 << 20;
    char *buf = malloc(big + sizeof next);
    memset(buf, 'z', big);
    memcpy(buf + big, next, sizeof next);
    ProxyReader r;
    char *got = read_all(PROXY_SQUID, buf, big + sizeof next - 1, 65536, &r);
    assert_string_equal(got, "2:b.example:v | bad 1:too_long");
    free(got);
    free(buf);
}

/* More malformed lines than are itemised: all counted, the first kept. */
static void test_bad_lines_counted_beyond_kept(void **state)
{
    (void)state;
    Str s = STR_INIT;
    for (int i = 0; i < 50; i++)
        str_append(&s, "junk\n");
    ProxyReader r;
    char *got = read_all(PROXY_SQUID, s.buf, s.len, 7, &r);
    free(got);
    assert_int_equal(r.bad, 50);
    assert_int_equal(r.n_bad_kept, PROXY_BAD_KEEP);
    assert_int_equal(r.bad_line[PROXY_BAD_KEEP - 1], PROXY_BAD_KEEP);
    str_free(&s);
}

/* The SIMD field splitter against the byte-by-byte reference on random
 * lines of spaces, tabs and letters, of every length up to 100. */
static void test_split_fields_simd_matches_scalar(void **state)
{
    (void)state;
    unsigned long long x = 12345;
    char line[128];
    for (int round = 0; round < 200000; round++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t len = (size_t)(x % 101);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            unsigned c = (unsigned)(x % 7);
            line[i] = c < 2 ? ' ' : c == 2 ? '\t' : (char)('a' + c);
        }
        const char *f1[12], *f2[12];
        size_t l1[12], l2[12];
        int max = 1 + (int)(x % 12);
        int n1 = proxy_split_fields(line, len, max, f1, l1), n2 = proxy_split_fields_scalar(line, len, max, f2, l2);
        assert_int_equal(n1, n2);
        for (int i = 0; i < n1; i++) {
            assert_ptr_equal(f1[i], f2[i]);
            assert_int_equal(l1[i], l2[i]);
        }
    }
}

static void test_matcher_semantics(void **state)
{
    (void)state;
    HostMatcher m;
    host_matcher_init(&m);
    assert_int_equal(host_matcher_add(&m, "*.Example.JP", 1), 0);
    assert_int_equal(host_matcher_add(&m, "www.example.jp.", 2), 0);
    assert_int_equal(host_matcher_add(&m, "*.deep.example.jp", 3), 0);
    assert_int_equal(host_matcher_add(&m, "*.example.jp", 9), 0); /* duplicate: first owner stays */
    assert_int_equal(host_matcher_add(&m, "*example.jp", 4), -1);
    assert_int_equal(host_matcher_add(&m, "a..b", 4), -1);
    assert_int_equal(host_matcher_add(&m, "*.", 4), -1);
    assert_int_equal(host_matcher_add(&m, "a.example..", 4), -1);
    assert_int_equal(host_matcher_add(&m, "ok.example", 0), -1); /* owner must be > 0 */
#define FIND(h) host_matcher_find(&m, (h), strlen(h), NULL)
    assert_int_equal(FIND("a.example.jp"), 1);
    assert_int_equal(FIND("a.b.example.jp"), 1);
    assert_int_equal(FIND("example.jp"), 0);      /* the wildcard is for subdomains only */
    assert_int_equal(FIND("badexample.jp"), 0);   /* whole labels */
    assert_int_equal(FIND("www.example.jp"), 2);  /* exact over wildcard */
    assert_int_equal(FIND("x.deep.example.jp"), 3); /* longer suffix over shorter */
    assert_int_equal(FIND("deep.example.jp"), 1);
    assert_int_equal(FIND("example.jp.evil.com"), 0);
    const char *pat;
    assert_int_equal(host_matcher_find(&m, "q.example.jp", 12, &pat), 1);
    assert_string_equal(pat, "example.jp");
#undef FIND
    host_matcher_free(&m);
}

static void test_matcher_many_patterns(void **state)
{
    (void)state;
    HostMatcher m;
    host_matcher_init(&m);
    char p[64];
    for (int i = 1; i <= 5000; i++) {
        snprintf(p, sizeof p, i % 2 ? "*.svc%d.example.com" : "svc%d.example.net", i);
        assert_int_equal(host_matcher_add(&m, p, i), 0);
    }
    for (int i = 1; i <= 5000; i++) {
        snprintf(p, sizeof p, i % 2 ? "www.svc%d.example.com" : "svc%d.example.net", i);
        assert_int_equal(host_matcher_find(&m, p, strlen(p), NULL), i);
    }
    assert_int_equal(host_matcher_find(&m, "svc1.example.com", 16, NULL), 0);
    host_matcher_free(&m);
}

static void test_registrable(void **state)
{
    (void)state;
    char out[254];
    static const char *const cases[][2] = {
        {"www.dropbox.com", "dropbox.com"},   {"a.b.example.co.jp", "example.co.jp"},
        {"example.co.jp", "example.co.jp"},   {"www.city.example.lg.jp", "example.lg.jp"},
        {"x.y.example.jp", "example.jp"},     {"foo.example.com.au", "example.com.au"},
        {"localhost", "localhost"},           {"192.0.2.1", "192.0.2.1"},
        {"2001:db8::1", "2001:db8::1"},       {"a.bc.uk", "bc.uk"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        host_registrable(cases[i][0], out);
        assert_string_equal(out, cases[i][1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_squid_url_and_connect),
        cmocka_unit_test(test_squid_malformed_kinds),
        cmocka_unit_test(test_csv_lines),
        cmocka_unit_test(test_reader_chunks_and_counts),
        cmocka_unit_test(test_csv_header_and_sniff),
        cmocka_unit_test(test_line_cap_boundary),
        cmocka_unit_test(test_bad_lines_counted_beyond_kept),
        cmocka_unit_test(test_split_fields_simd_matches_scalar),
        cmocka_unit_test(test_matcher_semantics),
        cmocka_unit_test(test_matcher_many_patterns),
        cmocka_unit_test(test_registrable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
