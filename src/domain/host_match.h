/* Host patterns → owner (issue #5 item 5): which service, exemption or
 * ignore-list entry a host visited belongs to. Pure.
 *
 * A pattern is an exact host ("www.example.jp") or a wildcard over the
 * host's subdomains ("*.example.jp"). Decided semantics (tested):
 *   - "*.example.jp" matches a.example.jp and a.b.example.jp, but NOT
 *     example.jp itself (register both when both are used) and not
 *     badexample.jp (labels are compared whole);
 *   - the most specific pattern wins: an exact pattern over any wildcard,
 *     a longer wildcard suffix over a shorter one;
 *   - the same pattern added twice keeps its first owner;
 *   - comparison is ASCII case-insensitive; a trailing dot is ignored.
 * Lookup walks the host's suffixes (one hash probe per label), so it does
 * not depend on the number of patterns. */
#ifndef DAICHO_HOST_MATCH_H
#define DAICHO_HOST_MATCH_H
#include <stddef.h>

#include "util/arena.h"

typedef struct HostSlot HostSlot;

typedef struct HostMatcher {
    Arena arena;             /* keys */
    HostSlot *slots;         /* open addressing, power-of-two size; owned */
    size_t cap, n;
    int failed;              /* out of memory: lookups still answer for what was added */
} HostMatcher;

/* CONSTRUCTOR / DESTRUCTOR */
void host_matcher_init(HostMatcher *m);
void host_matcher_free(HostMatcher *m);

/* Normalise a pattern into `out` (254 bytes): lower-case, trailing dot
 * dropped, "*." kept in front. -1 when it is not a host name or "*.host"
 * (empty labels, spaces, other wildcards, longer than 253). */
int host_pattern_normalize(const char *pattern, char out[254]);
/* Add a pattern (normalised here) for `owner` (> 0). 0, or -1 when the
 * pattern is invalid or memory ran out. */
int host_matcher_add(HostMatcher *m, const char *pattern, long long owner);
/* Owner of the most specific pattern matching `host` (lower-case, no
 * trailing dot, as proxy_host_normalize gives), or 0. With `matched`, the
 * pattern that matched ("*.x" or "x"; NULL when none) — valid until free. */
long long host_matcher_find(const HostMatcher *m, const char *host, size_t len, const char **matched);

/* The registrable domain a host belongs to, for grouping unknown hosts
 * (a heuristic, no public-suffix list): IP addresses stay whole; under a
 * two-letter country TLD whose second label is one of the generic
 * second-level names (co, ac, go, or, ne, ed, lg, gr, ad, com, net, org,
 * gov, edu) the last three labels; otherwise the last two. Writes to out
 * (254 bytes). */
void host_registrable(const char *host, char out[254]);

#endif
