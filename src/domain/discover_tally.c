/* The tally of a discovery run (domain/discover_tally.h): one table of
 * the distinct hosts seen (each matched once against the patterns), one
 * of the finding groups and one of the (group, user) pairs, all open
 * addressing and at most half full. The per-line path is hot (millions of
 * lines): a host slot is one cache line, and a line repeating the
 * previous line's host and user reuses what that line found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/discover_tally.h"

/* ---- a small open-addressing map: bytes → index ---- */

typedef struct MapSlot {
    const char *key;         /* NULL: empty; in the tally's arena */
    unsigned len, idx;
    unsigned long long hash;
} MapSlot;

typedef struct Map {
    MapSlot *s;              /* malloc'd; power-of-two size */
    size_t cap, n;
} Map;

/* 64-bit hash, eight bytes a step (per-line hashing is hot); never 0,
 * which marks an empty slot. */
static unsigned long long hash_bytes(const char *s, size_t n)
{
    unsigned long long h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL), v;
    while (n >= 8) {
        memcpy(&v, s, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    v = 0;
    memcpy(&v, s, n);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return h ? h : 1;
}

static MapSlot *map_probe(const Map *m, const char *key, size_t len, unsigned long long h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        MapSlot *s = &m->s[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

/* Room for one more key; -1 on OOM. */
static int map_reserve(Map *m)
{
    if ((m->n + 1) * 2 <= m->cap)
        return 0; /* at most half full: short probes */
    size_t cap = m->cap ? m->cap * 2 : 1024;
    MapSlot *old = m->s;
    size_t old_cap = m->cap;
    m->s = calloc(cap, sizeof *m->s);
    if (!m->s) {
        m->s = old;
        return -1;
    }
    m->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *map_probe(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
    return 0;
}

static int grow_array(void **arr, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 256;
    void *p = realloc(*arr, c * size);
    if (!p)
        return -1;
    *arr = p;
    *cap = c;
    return 0;
}

/* ---- the patterns ---- */

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

void discover_patterns_init(DiscoverPatterns *p)
{
    memset(p, 0, sizeof *p);
    arena_init(&p->arena, NULL, 0);
    host_matcher_init(&p->services);
    host_matcher_init(&p->exempts);
    host_matcher_init(&p->ignores);
}

void discover_patterns_free(DiscoverPatterns *p)
{
    host_matcher_free(&p->services);
    host_matcher_free(&p->exempts);
    host_matcher_free(&p->ignores);
    free(p->approved);
    free(p->names);
    arena_free(&p->arena);
    memset(p, 0, sizeof *p);
}

void discover_patterns_add_service(DiscoverPatterns *p, long long service_id, const char *name, const char *domain)
{
    /* Rows come by service id: a new id appends its name. */
    if (!p->n_names || p->names[p->n_names - 1].id != service_id) {
        if (grow_array((void **)&p->names, &p->cap_names, p->n_names, sizeof *p->names) != 0) {
            p->oom = 1;
            return;
        }
        p->names[p->n_names++] = (DiscoverServiceName){service_id, arena_strdup(&p->arena, name)};
    }
    host_matcher_add(&p->services, domain, service_id); /* an invalid stored pattern is skipped */
}

void discover_patterns_add_approved(DiscoverPatterns *p, long long service_id)
{
    if (grow_array((void **)&p->approved, &p->cap_approved, p->n_approved, sizeof *p->approved) != 0) {
        p->oom = 1;
        return;
    }
    p->approved[p->n_approved++] = service_id;
}

void discover_patterns_add_exempt(DiscoverPatterns *p, const char *domain, long long owner)
{
    host_matcher_add(&p->exempts, domain, owner);
}

void discover_patterns_add_ignore(DiscoverPatterns *p, const char *pattern, long long owner)
{
    host_matcher_add(&p->ignores, pattern, owner);
}

int discover_patterns_ready(DiscoverPatterns *p)
{
    if (p->oom || p->services.failed || p->exempts.failed || p->ignores.failed)
        return -1;
    if (p->n_approved)
        qsort(p->approved, p->n_approved, sizeof *p->approved, cmp_ll);
    return 0;
}

static int is_approved(const DiscoverPatterns *p, long long id)
{
    return p->n_approved && bsearch(&id, p->approved, p->n_approved, sizeof id, cmp_ll) != NULL;
}

static const char *service_name(const DiscoverPatterns *p, long long id)
{
    size_t lo = 0, hi = p->n_names;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->names[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n_names && p->names[lo].id == id ? p->names[lo].name : NULL;
}

/* ---- the tally ---- */

/* One distinct host: its slot is one cache line with the counts and (for
 * short hosts) the name inline, so that a line costs one cache miss for
 * its host. */
enum { HOST_INLINE = 21 };
typedef struct TallyHost {
    unsigned long long hash; /* 0: empty */
    DiscoverCount count;     /* DISCOVER_FINDING lines only */
    int group;               /* DISCOVER_FINDING: index into groups (-1: over the cap) */
    unsigned idx;            /* into host_keys */
    unsigned short len;
    unsigned char kind;      /* DiscoverKind */
    char key[HOST_INLINE];   /* the host when len <= HOST_INLINE (no NUL) */
} TallyHost;
_Static_assert(sizeof(TallyHost) == 64, "a host slot is one cache line");

/* (group, user) with its counts inline: one cache line holds two. */
typedef struct PairSlot {
    unsigned long long key;  /* (group + 1) << 32 | user index; 0: empty */
    DiscoverCount count;
} PairSlot;

struct DiscoverTally {
    const DiscoverPatterns *patterns; /* not owned */
    Arena arena;                   /* host, group and user names */
    TallyHost *htab;                /* distinct hosts; aligned_alloc'd, power-of-two size, at most half full */
    size_t hcap, hn;
    const char **host_keys;        /* host names (arena), by TallyHost.idx; malloc'd */
    size_t cap_host_keys;
    Map group_map, name_map;
    const char **unames;           /* distinct user names (arena), by index; malloc'd */
    size_t n_unames, cap_unames;
    PairSlot *pairs;               /* malloc'd */
    size_t cap_pairs, n_pairs;
    DiscoverGroup *groups;         /* malloc'd */
    size_t n_groups, cap_groups;
    DiscoverTotals totals;
    /* The previous line: a page load is a burst of lines by one user to
     * one host, so most lines repeat it (valid while gen is unchanged). */
    char last_host[DISCOVER_HOST_MAX + 1];
    size_t last_host_len;
    int last_kind, last_group, last_ok;
    TallyHost *last_slot;
    PairSlot *last_pair;
    unsigned gen;                  /* bumped when a table moves */
    const char *last_user;         /* the previous line's user (interned name) */
    size_t last_user_len;
    int last_user_idx;
};

DiscoverTally *discover_tally_new(const DiscoverPatterns *p)
{
    DiscoverTally *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->patterns = p;
    arena_init(&t->arena, NULL, 0);
    return t;
}

void discover_tally_free(DiscoverTally *t)
{
    if (!t)
        return;
    free(t->htab);
    free(t->host_keys);
    free(t->group_map.s);
    free(t->name_map.s);
    free(t->unames);
    free(t->pairs);
    free(t->groups);
    arena_free(&t->arena);
    free(t);
}

static TallyHost *host_probe(TallyHost *tab, size_t cap, const char **keys, const char *host, size_t len,
                            unsigned long long h)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        TallyHost *s = &tab[i];
        if (!s->hash)
            return s;
        if (s->hash == h && s->len == len && memcmp(len <= HOST_INLINE ? s->key : keys[s->idx], host, len) == 0)
            return s;
    }
}

static int host_reserve(DiscoverTally *t)
{
    if ((t->hn + 1) * 2 <= t->hcap)
        return 0;
    size_t cap = t->hcap ? t->hcap * 2 : 4096;
    TallyHost *tab = aligned_alloc(64, cap * sizeof *tab);
    if (!tab)
        return -1;
    memset(tab, 0, cap * sizeof *tab);
    for (size_t i = 0; i < t->hcap; i++)
        if (t->htab[i].hash) {
            size_t mask = cap - 1, k = (size_t)t->htab[i].hash & mask;
            while (tab[k].hash)
                k = (k + 1) & mask;
            tab[k] = t->htab[i];
        }
    free(t->htab);
    t->htab = tab;
    t->hcap = cap;
    t->gen++;
    return 0;
}

/* The host's slot, created on first sight (*fresh set: the caller
 * classifies it); NULL beyond the cap or on OOM (the caller then
 * classifies without remembering). */
static TallyHost *host_entry(DiscoverTally *t, const char *host, size_t len, int *fresh)
{
    *fresh = 0;
    unsigned long long h = hash_bytes(host, len);
    if (t->hcap) {
        TallyHost *s = host_probe(t->htab, t->hcap, t->host_keys, host, len, h);
        if (s->hash)
            return s;
    }
    if (t->hn >= DISCOVER_HOSTS_MAX || host_reserve(t) != 0 ||
        grow_array((void **)&t->host_keys, &t->cap_host_keys, t->hn, sizeof *t->host_keys) != 0)
        return NULL;
    char *k = arena_strndup(&t->arena, host, len);
    if (!k)
        return NULL;
    TallyHost *s = host_probe(t->htab, t->hcap, t->host_keys, host, len, h);
    *s = (TallyHost){.hash = h, .group = -1, .idx = (unsigned)t->hn, .len = (unsigned short)len};
    if (len <= HOST_INLINE)
        memcpy(s->key, host, len);
    t->host_keys[t->hn++] = k;
    *fresh = 1;
    return s;
}

/* Index of the finding group for key, created with `label`; -1 when full. */
static int group_of(DiscoverTally *t, const char *key, const char *label, long long service_id)
{
    size_t len = strlen(key);
    unsigned long long h = hash_bytes(key, len);
    if (t->group_map.cap) {
        MapSlot *s = map_probe(&t->group_map, key, len, h);
        if (s->key)
            return (int)s->idx;
    }
    if (t->n_groups >= DISCOVER_GROUPS_MAX || map_reserve(&t->group_map) != 0 ||
        grow_array((void **)&t->groups, &t->cap_groups, t->n_groups, sizeof *t->groups) != 0)
        return -1;
    char *k = arena_strndup(&t->arena, key, len);
    char *l = arena_strdup(&t->arena, label);
    if (!k || !l)
        return -1;
    MapSlot *s = map_probe(&t->group_map, key, len, h);
    *s = (MapSlot){k, (unsigned)len, (unsigned)t->n_groups, h};
    t->group_map.n++;
    t->groups[t->n_groups] = (DiscoverGroup){.key = k, .label = l, .service_id = service_id};
    return (int)t->n_groups++;
}

/* Sort a host (NUL-terminated): kind and (for findings) group. */
static void classify(DiscoverTally *t, const char *host, size_t len, int *kind, int *group)
{
    const DiscoverPatterns *p = t->patterns;
    *group = -1;
    if (host_matcher_find(&p->ignores, host, len, NULL)) {
        *kind = DISCOVER_IGNORED;
        return;
    }
    if (host_matcher_find(&p->exempts, host, len, NULL)) {
        *kind = DISCOVER_EXEMPT;
        return;
    }
    long long sid = host_matcher_find(&p->services, host, len, NULL);
    if (sid && is_approved(p, sid)) {
        *kind = DISCOVER_APPROVED;
        return;
    }
    *kind = DISCOVER_FINDING;
    char key[300];
    if (sid) {
        const char *name = service_name(p, sid);
        snprintf(key, sizeof key, "service:%lld", sid);
        *group = group_of(t, key, name ? name : key, sid);
    } else {
        char reg[254];
        host_registrable(host, reg);
        snprintf(key, sizeof key, "domain:%s", reg);
        *group = group_of(t, key, reg, 0);
    }
}

static void widen(DiscoverCount *c, long long time)
{
    if (!c->hits || time < c->first)
        c->first = time;
    if (!c->hits || time > c->last)
        c->last = time;
    c->hits++;
}

/* Index of a user name (interned once); -1 beyond the cap or on OOM. */
static int user_index(DiscoverTally *t, const char *user, size_t len)
{
    if (t->last_user && t->last_user_len == len && memcmp(t->last_user, user, len) == 0)
        return t->last_user_idx;
    unsigned long long h = hash_bytes(user, len);
    MapSlot *s = t->name_map.cap ? map_probe(&t->name_map, user, len, h) : NULL;
    if (!s || !s->key) {
        if (t->n_unames >= DISCOVER_USERS_MAX || map_reserve(&t->name_map) != 0 ||
            grow_array((void **)&t->unames, &t->cap_unames, t->n_unames, sizeof *t->unames) != 0)
            return -1;
        char *k = arena_strndup(&t->arena, user, len);
        if (!k)
            return -1;
        s = map_probe(&t->name_map, user, len, h);
        *s = (MapSlot){k, (unsigned)len, (unsigned)t->n_unames, h};
        t->name_map.n++;
        t->unames[t->n_unames++] = k;
    }
    t->last_user = s->key;
    t->last_user_len = len;
    t->last_user_idx = (int)s->idx;
    return (int)s->idx;
}

static PairSlot *pair_probe(PairSlot *slots, size_t cap, unsigned long long key)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;; i = (i + 1) & mask)
        if (slots[i].key == key || slots[i].key == 0)
            return &slots[i];
}

static int pair_reserve(DiscoverTally *t)
{
    if ((t->n_pairs + 1) * 2 <= t->cap_pairs)
        return 0;
    size_t cap = t->cap_pairs ? t->cap_pairs * 2 : 4096;
    PairSlot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < t->cap_pairs; i++)
        if (t->pairs[i].key)
            *pair_probe(slots, cap, t->pairs[i].key) = t->pairs[i];
    free(t->pairs);
    t->pairs = slots;
    t->cap_pairs = cap;
    t->gen++;
    return 0;
}

/* The (group, user) counts, created on first sight; NULL when not
 * itemised (caps). */
static PairSlot *user_pair(DiscoverTally *t, int group, const char *user, size_t len)
{
    int u = user_index(t, user, len);
    if (u < 0)
        return NULL;
    unsigned long long key = ((unsigned long long)(group + 1) << 32) | (unsigned)u;
    PairSlot *s = t->cap_pairs ? pair_probe(t->pairs, t->cap_pairs, key) : NULL;
    if (!s || !s->key) {
        DiscoverGroup *g = &t->groups[group];
        if (g->n_users >= DISCOVER_USERS_PER_FINDING || t->n_pairs >= DISCOVER_PAIRS_MAX || pair_reserve(t) != 0)
            return NULL;
        s = pair_probe(t->pairs, t->cap_pairs, key);
        s->key = key;
        t->n_pairs++;
        g->n_users++;
    }
    return s;
}

void discover_tally_add(DiscoverTally *t, const char *host, size_t host_len, const char *user, size_t user_len,
                        long long time)
{
    int fresh, kind, group;
    TallyHost *a;
    PairSlot *pair = NULL;
    /* The same host and user as the line before (and no table moved since):
     * reuse what that line found. */
    unsigned gen = t->gen;
    int same = t->last_ok && host_len == t->last_host_len && memcmp(host, t->last_host, host_len) == 0;
    if (same) {
        kind = t->last_kind;
        group = t->last_group;
        a = t->last_slot;
    } else {
        a = host_entry(t, host, host_len, &fresh);
        if (a && fresh) {
            classify(t, host, host_len, &kind, &group);
            a->kind = (unsigned char)kind;
            a->group = group;
        }
        if (a) {
            kind = a->kind;
            group = a->group;
        } else {
            classify(t, host, host_len, &kind, &group);
        }
    }
    t->totals.hits[kind]++;
    if (kind != DISCOVER_FINDING || group < 0) {
        if (kind == DISCOVER_FINDING)
            t->totals.unrecorded++; /* more findings than the cap: counted in the run only */
    } else {
        widen(&t->groups[group].count, time);
        if (a)
            widen(&a->count, time);
        int same_user = same && t->last_pair && t->last_user && t->last_user_len == user_len &&
                        memcmp(t->last_user, user, user_len) == 0;
        pair = same_user ? t->last_pair : user_pair(t, group, user, user_len);
        if (pair)
            widen(&pair->count, time);
        if (!a || !pair)
            t->totals.unrecorded++;
    }
    /* Remember this line unless a table moved under the pointers. */
    if (gen == t->gen && (same || a) && host_len <= DISCOVER_HOST_MAX) {
        if (!same) {
            memcpy(t->last_host, host, host_len);
            t->last_host_len = host_len;
        }
        t->last_kind = kind;
        t->last_group = group;
        t->last_slot = a;
        t->last_pair = pair;
        t->last_ok = 1;
    } else {
        t->last_ok = 0;
    }
}

/* ---- joining two tallies ---- */

static void merge_count(DiscoverCount *dst, const DiscoverCount *src)
{
    if (!src->hits)
        return;
    if (!dst->hits || src->first < dst->first)
        dst->first = src->first;
    if (!dst->hits || src->last > dst->last)
        dst->last = src->last;
    dst->hits += src->hits;
}

int discover_tally_merge(DiscoverTally *dst, const DiscoverTally *src)
{
    for (int i = 0; i < DISCOVER_KINDS; i++)
        dst->totals.hits[i] += src->totals.hits[i];
    dst->totals.unrecorded += src->totals.unrecorded;
    dst->last_ok = 0;
    /* src group index → dst group index (-1: over dst's cap). */
    int *gmap = malloc((src->n_groups ? src->n_groups : 1) * sizeof *gmap);
    if (!gmap)
        return -1;
    for (size_t i = 0; i < src->n_groups; i++) {
        const DiscoverGroup *g = &src->groups[i];
        int d = group_of(dst, g->key, g->label, g->service_id);
        gmap[i] = d;
        if (d < 0) {
            dst->totals.unrecorded += g->count.hits;
            continue;
        }
        merge_count(&dst->groups[d].count, &g->count);
    }
    for (size_t i = 0; i < src->hcap; i++) {
        const TallyHost *h = &src->htab[i];
        if (!h->hash)
            continue;
        const char *name = src->host_keys[h->idx];
        int fresh;
        TallyHost *d = host_entry(dst, name, h->len, &fresh);
        if (!d) {
            if (h->kind == DISCOVER_FINDING)
                dst->totals.unrecorded += h->count.hits;
            continue;
        }
        if (fresh) {
            d->kind = h->kind;
            d->group = h->group >= 0 ? gmap[h->group] : -1;
        }
        if (h->kind == DISCOVER_FINDING && d->group >= 0)
            merge_count(&d->count, &h->count);
        else if (h->kind == DISCOVER_FINDING)
            dst->totals.unrecorded += h->count.hits;
    }
    for (size_t i = 0; i < src->cap_pairs; i++) {
        const PairSlot *p = &src->pairs[i];
        if (!p->key)
            continue;
        int g = gmap[(p->key >> 32) - 1];
        const char *name = src->unames[p->key & 0xffffffffu];
        PairSlot *d = g >= 0 ? user_pair(dst, g, name, strlen(name)) : NULL;
        if (d)
            merge_count(&d->count, &p->count);
        else
            dst->totals.unrecorded += p->count.hits;
    }
    free(gmap);
    dst->last_ok = 0;
    dst->last_user = NULL;
    dst->gen++;
    return 0;
}

/* ---- reading the result ---- */

void discover_tally_totals(const DiscoverTally *t, DiscoverTotals *out) { *out = t->totals; }

size_t discover_tally_n_groups(const DiscoverTally *t) { return t->n_groups; }

const DiscoverGroup *discover_tally_group(const DiscoverTally *t, size_t i)
{
    return i < t->n_groups ? &t->groups[i] : NULL;
}

int discover_tally_each_host(const DiscoverTally *t,
                             int (*fn)(void *ctx, int group, const char *host, const DiscoverCount *c), void *ctx)
{
    for (size_t i = 0; i < t->hcap; i++) {
        const TallyHost *a = &t->htab[i];
        if (!a->hash || a->kind != DISCOVER_FINDING || a->group < 0 || !a->count.hits)
            continue;
        int rc = fn(ctx, a->group, t->host_keys[a->idx], &a->count);
        if (rc)
            return rc;
    }
    return 0;
}

int discover_tally_each_user(const DiscoverTally *t,
                             int (*fn)(void *ctx, int group, const char *user, const DiscoverCount *c), void *ctx)
{
    for (size_t i = 0; i < t->cap_pairs; i++) {
        const PairSlot *u = &t->pairs[i];
        if (!u->key)
            continue;
        int rc = fn(ctx, (int)(u->key >> 32) - 1, t->unames[u->key & 0xffffffffu], &u->count);
        if (rc)
            return rc;
    }
    return 0;
}
