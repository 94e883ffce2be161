/* The tally of one discovery run (issue #5 item 5; app/app_discover.h):
 * the proxy records of a log, sorted and counted in memory. Pure: no
 * store, no I/O, no threads — the use case loads the patterns from the
 * store, feeds the records and stores the result.
 *
 * Each distinct host is classified once, through the host matcher
 * (domain/host_match.h), against the pattern sets of DiscoverPatterns:
 * the ignore list first, then the exemptions, then the service domains; a
 * host of a service in force is approved; any other host is a finding,
 * grouped by its service ("service:ID", labelled with the service name)
 * or, when no service domain matches, by its registrable domain
 * ("domain:REG", host_registrable). For findings the tally keeps per
 * group, per host and per (group, user) pair the hits and the first and
 * last time. Memory grows with the distinct hosts, groups and users (each
 * capped below), never with the number of lines; what a cap leaves out is
 * counted as `unrecorded`.
 *
 * Two tallies over the same patterns (two halves of a file read on two
 * threads, one tally each) are joined with discover_tally_merge. */
#ifndef DAICHO_DISCOVER_TALLY_H
#define DAICHO_DISCOVER_TALLY_H
#include <stddef.h>

#include "domain/host_match.h"
#include "util/arena.h"

enum {
    DISCOVER_HOSTS_MAX = 65536,       /* distinct hosts itemised per run (table ≤ 8 MiB) */
    DISCOVER_GROUPS_MAX = 50000,      /* distinct findings per run */
    DISCOVER_USERS_MAX = 100000,      /* distinct user names per run */
    DISCOVER_PAIRS_MAX = 65536,       /* (finding, user) pairs itemised per run (table ≤ 4 MiB) */
    DISCOVER_USERS_PER_FINDING = 500, /* users itemised per finding per run */
    DISCOVER_HOST_MAX = 253           /* longest host remembered as "the previous line's" (DNS limit) */
};

/* How a host was sorted; index of DiscoverTotals.hits. */
typedef enum DiscoverKind {
    DISCOVER_FINDING,        /* neither ignored, exempt nor approved */
    DISCOVER_APPROVED,       /* a domain of a service in force */
    DISCOVER_EXEMPT,         /* an exemption (profile or database) */
    DISCOVER_IGNORED,        /* the organization's own (ignore list) */
    DISCOVER_KINDS
} DiscoverKind;

/* Hits and the first and last time (seconds since the epoch) of a group,
 * host or pair; first/last are meaningful only when hits > 0. */
typedef struct DiscoverCount {
    long long hits, first, last;
} DiscoverCount;

typedef struct DiscoverServiceName {
    long long id;
    const char *name;        /* in DiscoverPatterns.arena */
} DiscoverServiceName;

/* What a tally classifies against. Filled once (discover_patterns_add_*,
 * then discover_patterns_ready), then only read — by any number of
 * tallies at once (no locking needed). Owns everything it points to. */
typedef struct DiscoverPatterns {
    Arena arena;                   /* service names */
    HostMatcher services;          /* service domain → service id */
    HostMatcher exempts;           /* exempt domain → exemption */
    HostMatcher ignores;           /* ignore-list pattern → entry */
    long long *approved;           /* ids of the services in force, sorted by ready(); malloc'd */
    size_t n_approved, cap_approved;
    DiscoverServiceName *names;    /* service id → name, sorted by id; malloc'd */
    size_t n_names, cap_names;
    int oom;                       /* an add ran out of memory */
} DiscoverPatterns;

/* CONSTRUCTOR / DESTRUCTOR (the struct itself is the caller's). */
void discover_patterns_init(DiscoverPatterns *p);
void discover_patterns_free(DiscoverPatterns *p);
/* A domain registered on a service. Rows must come ordered by service id
 * (the name is kept once per id); an invalid pattern is skipped. */
void discover_patterns_add_service(DiscoverPatterns *p, long long service_id, const char *name, const char *domain);
/* A service in force (its hosts are approved). */
void discover_patterns_add_approved(DiscoverPatterns *p, long long service_id);
/* An exempt domain (owner > 0) / an ignore-list pattern (owner > 0). */
void discover_patterns_add_exempt(DiscoverPatterns *p, const char *domain, long long owner);
void discover_patterns_add_ignore(DiscoverPatterns *p, const char *pattern, long long owner);
/* End of adding: 0, or -1 when memory ran out in any add (then the sets
 * are incomplete: do not tally with them). */
int discover_patterns_ready(DiscoverPatterns *p);

typedef struct DiscoverTally DiscoverTally;

/* CONSTRUCTOR: an empty tally over `p`, which must outlive it. NULL when
 * out of memory. The tally owns its memory (malloc'd tables and an arena). */
DiscoverTally *discover_tally_new(const DiscoverPatterns *p);
/* DESTRUCTOR (NULL is fine). */
void discover_tally_free(DiscoverTally *t);

/* One proxy record: `host` (host_len bytes, NUL-terminated, lower-case as
 * proxy_host_normalize gives), `user` (user_len bytes, not terminated),
 * `time`. Never fails: what the caps or memory do not allow to itemise is
 * counted in `unrecorded`. Lines repeating the previous line's host (and
 * user) take a shortcut: a page load is a burst of lines. */
void discover_tally_add(DiscoverTally *t, const char *host, size_t host_len, const char *user, size_t user_len,
                        long long time);

/* Add `src` (over the same patterns) into `dst`: hosts, findings and users
 * are matched by name; what dst's caps cannot hold is counted as
 * unrecorded. 0, or -1 when out of memory (dst is then partly merged). */
int discover_tally_merge(DiscoverTally *dst, const DiscoverTally *src);

typedef struct DiscoverTotals {
    long long hits[DISCOVER_KINDS]; /* lines per DiscoverKind */
    long long unrecorded;           /* finding hits not itemised per host/user (caps) */
} DiscoverTotals;
void discover_tally_totals(const DiscoverTally *t, DiscoverTotals *out);

/* A finding group, by index (0 .. n_groups-1; the index is what the host
 * and user callbacks below pass as `group`). Valid until the tally
 * changes or is freed. */
typedef struct DiscoverGroup {
    const char *key;         /* "service:ID" or "domain:REG" */
    const char *label;       /* the service name or the registrable domain */
    long long service_id;    /* 0 for a domain group */
    DiscoverCount count;
    int n_users;             /* users itemised (≤ DISCOVER_USERS_PER_FINDING) */
} DiscoverGroup;
size_t discover_tally_n_groups(const DiscoverTally *t);
const DiscoverGroup *discover_tally_group(const DiscoverTally *t, size_t i);

/* Each itemised host of a finding (with hits), in table order / each
 * itemised (finding, user) pair. A non-zero return of fn stops the walk
 * and is returned. Names are valid until the tally is freed. */
int discover_tally_each_host(const DiscoverTally *t,
                             int (*fn)(void *ctx, int group, const char *host, const DiscoverCount *c), void *ctx);
int discover_tally_each_user(const DiscoverTally *t,
                             int (*fn)(void *ctx, int group, const char *user, const DiscoverCount *c), void *ctx);

#endif
