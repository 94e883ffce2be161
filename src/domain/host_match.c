/* Host patterns → owner, by suffix walk over one hash table
 * (domain/host_match.h). Each key (a host or a wildcard's suffix) holds an
 * owner for the exact host and one for its subdomains. */
#include <stdlib.h>
#include <string.h>

#include "domain/host_match.h"

struct HostSlot {
    const char *key;         /* NULL: empty */
    size_t len;
    unsigned long long hash;
    long long exact;         /* owner of "key", 0 if none */
    long long wild;          /* owner of "*.key", 0 if none */
};

/* FNV-1a, 64 bits. */
static unsigned long long hash_bytes(const char *s, size_t n)
{
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void host_matcher_init(HostMatcher *m)
{
    memset(m, 0, sizeof *m);
    arena_init(&m->arena, NULL, 0);
}

void host_matcher_free(HostMatcher *m)
{
    free(m->slots);
    arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

int host_pattern_normalize(const char *pattern, char out[254])
{
    size_t n = 0, len = strlen(pattern);
    const char *s = pattern;
    if (len >= 2 && s[0] == '*' && s[1] == '.') {
        out[n++] = '*';
        out[n++] = '.';
        s += 2, len -= 2;
    }
    if (len && s[len - 1] == '.')
        len--;
    if (len == 0 || n + len > 253 || s[len - 1] == '.')
        return -1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':' ||
                 c >= 0x80;
        if (!ok || (c == '.' && (i == 0 || s[i - 1] == '.')))
            return -1;
        out[n++] = (char)c;
    }
    out[n] = 0;
    return 0;
}

static HostSlot *probe(const HostMatcher *m, const char *key, size_t len, unsigned long long h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        HostSlot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static int grow(HostMatcher *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    HostSlot *old = m->slots;
    size_t old_cap = m->cap;
    HostSlot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    m->slots = slots;
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *probe(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
    return 0;
}

int host_matcher_add(HostMatcher *m, const char *pattern, long long owner)
{
    char norm[254];
    if (owner <= 0 || host_pattern_normalize(pattern, norm) != 0)
        return -1;
    int wild = norm[0] == '*';
    const char *key = wild ? norm + 2 : norm;
    size_t len = strlen(key);
    if ((m->n + 1) * 4 > m->cap * 3 && grow(m) != 0) {
        m->failed = 1;
        return -1;
    }
    unsigned long long h = hash_bytes(key, len);
    HostSlot *s = probe(m, key, len, h);
    if (!s->key) {
        char *k = arena_strndup(&m->arena, key, len);
        if (!k) {
            m->failed = 1;
            return -1;
        }
        *s = (HostSlot){.key = k, .len = len, .hash = h};
        m->n++;
    }
    long long *slot = wild ? &s->wild : &s->exact;
    if (!*slot)
        *slot = owner;
    return 0;
}

static const HostSlot *find_slot(const HostMatcher *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    HostSlot *s = probe(m, key, len, hash_bytes(key, len));
    return s->key ? s : NULL;
}

long long host_matcher_find(const HostMatcher *m, const char *host, size_t len, const char **matched)
{
    if (matched)
        *matched = NULL;
    const HostSlot *s = find_slot(m, host, len);
    if (s && s->exact) {
        if (matched)
            *matched = s->key;
        return s->exact;
    }
    /* Longest proper suffix first: the most specific wildcard wins. */
    for (size_t i = 0; i < len; i++) {
        if (host[i] != '.')
            continue;
        s = find_slot(m, host + i + 1, len - i - 1);
        if (s && s->wild) {
            if (matched)
                *matched = s->key; /* the caller shows it as "*." + key */
            return s->wild;
        }
    }
    return 0;
}

static int is_ip(const char *h)
{
    if (strchr(h, ':'))
        return 1;
    for (const char *p = h; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '.'))
            return 0;
    return 1;
}

void host_registrable(const char *host, char out[254])
{
    size_t len = strlen(host);
    if (len > 253)
        len = 253;
    const char *dots[3] = {NULL, NULL, NULL}; /* last, second-last, third-last dot */
    int nd = 0;
    for (size_t i = len; i-- > 0 && nd < 3;)
        if (host[i] == '.')
            dots[nd++] = host + i;
    const char *start = host;
    if (!is_ip(host) && nd >= 2) {
        int labels = 2;
        size_t tld_len = (size_t)(host + len - dots[0] - 1);
        if (tld_len == 2) {
            static const char *const sld[] = {"co", "ac", "go", "or", "ne", "ed", "lg", "gr", "ad",
                                              "com", "net", "org", "gov", "edu", NULL};
            size_t sl = (size_t)(dots[0] - dots[1] - 1);
            for (int i = 0; sld[i]; i++)
                if (strlen(sld[i]) == sl && memcmp(dots[1] + 1, sld[i], sl) == 0)
                    labels = 3;
        }
        if (labels == 2)
            start = dots[1] + 1;
        else if (nd >= 3)
            start = dots[2] + 1;
    }
    size_t n = (size_t)(host + len - start);
    memcpy(out, start, n);
    out[n] = 0;
}
