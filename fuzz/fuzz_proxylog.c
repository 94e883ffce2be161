/* libFuzzer harness: the proxy-log reader (src/exchange/proxy_log.h) in
 * both formats must never crash, must account for every line (read =
 * records + blank + malformed, plus at most one CSV header), must give the
 * same records however the input is split into chunks, and every host it
 * returns must be normalised (lower-case ASCII, no port, no trailing dot,
 * 1..253 bytes) and found again by the matcher (src/domain/host_match.h)
 * when registered as an exact pattern. The first byte picks the format
 * (auto, squid, csv) and the chunk size. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domain/host_match.h"
#include "exchange/proxy_log.h"
#include "util/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int check(void *ctx, const ProxyRecord *r)
{
    Str *dump = ctx;
    if (r->host_len == 0 || r->host_len > PROXY_HOST_MAX || strlen(r->host) != r->host_len ||
        r->host[r->host_len - 1] == '.' || r->user_len == 0 || r->user_len > PROXY_USER_MAX || r->time <= 0)
        __builtin_trap();
    for (size_t i = 0; i < r->host_len; i++)
        if ((r->host[i] >= 'A' && r->host[i] <= 'Z') || r->host[i] == '/' || r->host[i] == ' ')
            __builtin_trap();
    for (size_t i = 0; i < r->user_len; i++)
        if ((unsigned char)r->user[i] < 0x20)
            __builtin_trap();
    str_appendf(dump, "%lld %lld %s %zu\n", r->line, r->time, r->host, r->user_len);
    str_appendn(dump, r->user, r->user_len);
    /* An exact pattern of the host finds it (IPv6 hosts have colons, which
     * patterns accept too). */
    HostMatcher m;
    host_matcher_init(&m);
    if (host_matcher_add(&m, r->host, 7) == 0 && host_matcher_find(&m, r->host, r->host_len, NULL) != 7)
        __builtin_trap();
    host_matcher_free(&m);
    char reg[254];
    host_registrable(r->host, reg);
    size_t rl = strlen(reg);
    if (rl == 0 || rl > r->host_len || memcmp(reg, r->host + r->host_len - rl, rl) != 0)
        __builtin_trap();
    return 0;
}

static void read_all(ProxyFormat f, const char *buf, size_t len, size_t chunk, Str *dump, ProxyReader *r)
{
    proxy_reader_init(r, f, check, dump);
    for (size_t i = 0; i < len; i += chunk)
        proxy_reader_feed(r, buf + i, len - i < chunk ? len - i : chunk);
    proxy_reader_finish(r);
    long long rest = r->lines - r->records - r->blank - r->bad;
    if (rest < 0 || rest > (r->format == PROXY_CSV ? 1 : 0))
        __builtin_trap();
    str_appendf(dump, "| %lld %lld %lld %lld", r->lines, r->records, r->blank, r->bad);
    for (int i = 0; i < r->n_bad_kept; i++)
        str_appendf(dump, " %lld:%d", r->bad_line[i], (int)r->bad_why[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ProxyFormat f = (ProxyFormat)(data[0] % 3);
    size_t chunk = 1 + (data[0] >> 2) * 3;
    const char *buf = (const char *)data + 1;
    size_t len = size - 1;
    static ProxyReader r1, r2; /* ~8 KiB each: not on the stack */
    Str a = STR_INIT, b = STR_INIT;
    read_all(f, buf, len, len ? len : 1, &a, &r1);
    read_all(f, buf, len, chunk, &b, &r2);
    if (str_failed(&a) || str_failed(&b) || a.len != b.len || (a.len && memcmp(a.buf, b.buf, a.len) != 0))
        __builtin_trap();
    str_free(&a);
    str_free(&b);
    return 0;
}
