/* Discovery of unapproved services (app/app_discover.h). A run keeps, in
 * its own memory, one table of the distinct hosts seen (each matched once
 * against the ignore list, the exemptions and the service domains), one of
 * the findings and one of the (finding, user) pairs: memory grows with the
 * distinct hosts and users (capped), never with the number of lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app_discover.h"
#include "app/app_internal.h"
#include "domain/host_match.h"
#include "store/exempts.h"

/* ---- who ---- */

int app_discover_may_run(const App *app)
{
    if (!app->acting)
        return 0;
    if (app->actor.is_admin)
        return 1;
    for (int t = 0; t < TRACK_COUNT; t++) {
        const Track *tr = &app->profile->tracks[t];
        if (tr->approver_role >= 0 && (app->actor.roles & ROLE_BIT(tr->approver_role)))
            return 1;
        if (tr->registrar_role >= 0 && (app->actor.roles & ROLE_BIT(tr->registrar_role)))
            return 1;
    }
    return 0;
}

int app_discover_may_read(const App *app) { return app_discover_may_run(app) || (app->acting && app->user.is_auditor); }

const char *app_discover_clause(const Profile *p, const char **text)
{
    for (int i = 0; p && i < p->n_items; i++)
        if (p->items[i].phase == PHASE_OPERATION && strstr(p->items[i].id, "unapproved")) {
            if (text)
                *text = p->items[i].text;
            return p->items[i].clause;
        }
    if (text)
        *text = NULL;
    return NULL;
}

static AppRc require(App *app, int run)
{
    if (!app->acting)
        return app_fail(app, APP_INVALID, NULL, "操作する利用者を --as LOGIN で指定してください");
    if (run ? app_discover_may_run(app) : app_discover_may_read(app))
        return APP_OK;
    AppRc rc = app_fail(app, APP_INVALID, app_discover_clause(app->profile, NULL),
                        run ? "未承認サービスの検出と確認ができるのはシステム管理者・許可権限者・登録担当者だけです (%s)"
                            : "未承認サービスの検出結果を見られるのはシステム管理者・許可権限者・登録担当者・監査担当だけです (%s)",
                        app->user.login);
    app->denied = 1;
    return rc;
}

/* ---- a small open-addressing map: bytes → index ---- */

typedef struct MapSlot {
    const char *key;         /* NULL: empty; owned by the run's arena */
    unsigned len, idx;
    unsigned long long hash;
} MapSlot;

typedef struct Map {
    MapSlot *s;
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

/* ---- the run ---- */

enum HostKind { HK_FINDING, HK_APPROVED, HK_EXEMPT, HK_IGNORED };

/* One distinct host: its slot is one cache line with the counts and (for
 * short hosts) the name inline, so that a line costs one cache miss for
 * its host. */
enum { HOST_INLINE = 21 };
typedef struct RunHost {
    unsigned long long hash;     /* 0: empty */
    long long hits, first, last; /* HK_FINDING lines only */
    int group;                   /* HK_FINDING: index into groups (-1: over the cap) */
    unsigned idx;                /* into host_keys */
    unsigned short len;
    unsigned char kind;          /* HostKind */
    char key[HOST_INLINE];       /* the host when len <= HOST_INLINE (no NUL) */
} RunHost;
_Static_assert(sizeof(RunHost) == 64, "a host slot is one cache line");

typedef struct GroupAgg {
    const char *key, *label;
    long long service_id;
    long long hits, first, last;
    int n_users;
} GroupAgg;

/* (finding, user) with its counts inline: one cache line holds two. */
typedef struct PairSlot {
    unsigned long long key;      /* (group + 1) << 32 | user index; 0: empty */
    long long hits, first, last;
} PairSlot;

typedef struct ServiceName {
    long long id;
    const char *name;
} ServiceName;

struct DiscoverRun {
    Arena arena;                   /* keys and names */
    ProxyReader reader;
    HostMatcher services, exempts, ignores;
    long long *approved;           /* sorted service ids in force */
    size_t n_approved, cap_approved;
    ServiceName *names;            /* service id → name, sorted by id */
    size_t n_names, cap_names;
    RunHost *htab;                 /* distinct hosts; power-of-two size, at most half full */
    size_t hcap, hn;
    const char **host_keys;        /* host names (arena), by RunHost.idx */
    size_t cap_host_keys;
    Map group_map, name_map;
    const char **unames;           /* distinct user names (interned) */
    size_t n_names_u, cap_names_u;
    PairSlot *pairs;
    size_t cap_pairs, n_pairs;
    /* The previous line: a page load is a burst of lines by one user to
     * one host, so most lines repeat it (valid while gen is unchanged). */
    char last_host[PROXY_HOST_MAX + 1];
    size_t last_host_len;
    int last_kind, last_group, last_ok;
    RunHost *last_slot;
    PairSlot *last_pair;
    unsigned gen;                  /* bumped when a table moves */
    const char *last_user;         /* the previous line's user (interned name) */
    size_t last_user_len;
    int last_user_idx;
    GroupAgg *groups;
    size_t n_groups, cap_groups;
    long long hits[4];             /* per HostKind */
    long long unrecorded;
    int oom;
    const struct DiscoverRun *shared; /* a fork: matchers, approved and names are the parent's */
};

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

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static int is_approved(const DiscoverRun *r, long long id)
{
    return r->n_approved && bsearch(&id, r->approved, r->n_approved, sizeof id, cmp_ll) != NULL;
}

static const char *service_name(const DiscoverRun *r, long long id)
{
    size_t lo = 0, hi = r->n_names;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->names[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->n_names && r->names[lo].id == id ? r->names[lo].name : NULL;
}

static int load_domain(void *ctx, long long service_id, const char *name, const char *domain)
{
    DiscoverRun *r = ctx;
    /* Rows come by service id: a new id appends its name. */
    if (!r->n_names || r->names[r->n_names - 1].id != service_id) {
        if (grow_array((void **)&r->names, &r->cap_names, r->n_names, sizeof *r->names) != 0) {
            r->oom = 1;
            return 1;
        }
        r->names[r->n_names++] = (ServiceName){service_id, arena_strdup(&r->arena, name)};
    }
    host_matcher_add(&r->services, domain, service_id); /* an invalid stored pattern is skipped */
    return 0;
}

static int load_approved(void *ctx, long long service_id)
{
    DiscoverRun *r = ctx;
    if (grow_array((void **)&r->approved, &r->cap_approved, r->n_approved, sizeof *r->approved) != 0) {
        r->oom = 1;
        return 1;
    }
    r->approved[r->n_approved++] = service_id;
    return 0;
}

static int load_exempt(void *ctx, long long exempt_id, const char *name, const char *domain)
{
    (void)name;
    DiscoverRun *r = ctx;
    host_matcher_add(&r->exempts, domain, exempt_id);
    return 0;
}

typedef struct IgnoreLoad {
    DiscoverRun *run;
    long long n;
} IgnoreLoad;

static int load_ignore(void *ctx, const IgnoreRow *row)
{
    IgnoreLoad *l = ctx;
    host_matcher_add(&l->run->ignores, row->pattern, ++l->n);
    return 0;
}

static RunHost *host_probe(RunHost *tab, size_t cap, const char **keys, const char *host, size_t len,
                           unsigned long long h)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        RunHost *s = &tab[i];
        if (!s->hash)
            return s;
        if (s->hash == h && s->len == len &&
            memcmp(len <= HOST_INLINE ? s->key : keys[s->idx], host, len) == 0)
            return s;
    }
}

static int host_reserve(DiscoverRun *r)
{
    if ((r->hn + 1) * 2 <= r->hcap)
        return 0;
    size_t cap = r->hcap ? r->hcap * 2 : 4096;
    RunHost *tab = aligned_alloc(64, cap * sizeof *tab);
    if (!tab)
        return -1;
    memset(tab, 0, cap * sizeof *tab);
    for (size_t i = 0; i < r->hcap; i++)
        if (r->htab[i].hash) {
            size_t mask = cap - 1, k = (size_t)r->htab[i].hash & mask;
            while (tab[k].hash)
                k = (k + 1) & mask;
            tab[k] = r->htab[i];
        }
    free(r->htab);
    r->htab = tab;
    r->hcap = cap;
    r->gen++;
    return 0;
}

/* The host's slot, created (and matched) on first sight; NULL beyond the
 * cap or on OOM (the caller then matches without remembering). */
static RunHost *host_entry(DiscoverRun *r, const char *host, size_t len, int *fresh)
{
    *fresh = 0;
    unsigned long long h = hash_bytes(host, len);
    if (r->hcap) {
        RunHost *s = host_probe(r->htab, r->hcap, r->host_keys, host, len, h);
        if (s->hash)
            return s;
    }
    if (r->hn >= DISCOVER_HOSTS_MAX || host_reserve(r) != 0 ||
        grow_array((void **)&r->host_keys, &r->cap_host_keys, r->hn, sizeof *r->host_keys) != 0)
        return NULL;
    char *k = arena_strndup(&r->arena, host, len);
    if (!k)
        return NULL;
    RunHost *s = host_probe(r->htab, r->hcap, r->host_keys, host, len, h);
    *s = (RunHost){.hash = h, .group = -1, .idx = (unsigned)r->hn, .len = (unsigned short)len};
    if (len <= HOST_INLINE)
        memcpy(s->key, host, len);
    r->host_keys[r->hn++] = k;
    *fresh = 1;
    return s;
}

/* Index of the finding group for key, created with `label`; -1 when full. */
static int group_of(DiscoverRun *r, const char *key, const char *label, long long service_id)
{
    size_t len = strlen(key);
    unsigned long long h = hash_bytes(key, len);
    if (r->group_map.cap) {
        MapSlot *s = map_probe(&r->group_map, key, len, h);
        if (s->key)
            return (int)s->idx;
    }
    if (r->n_groups >= DISCOVER_GROUPS_MAX || map_reserve(&r->group_map) != 0 ||
        grow_array((void **)&r->groups, &r->cap_groups, r->n_groups, sizeof *r->groups) != 0)
        return -1;
    char *k = arena_strndup(&r->arena, key, len);
    char *l = arena_strdup(&r->arena, label);
    if (!k || !l)
        return -1;
    MapSlot *s = map_probe(&r->group_map, key, len, h);
    *s = (MapSlot){k, (unsigned)len, (unsigned)r->n_groups, h};
    r->group_map.n++;
    r->groups[r->n_groups] = (GroupAgg){.key = k, .label = l, .service_id = service_id};
    return (int)r->n_groups++;
}

/* Sort a host: kind and (for findings) group. */
static void classify(DiscoverRun *r, const char *host, size_t len, int *kind, int *group)
{
    *group = -1;
    if (host_matcher_find(&r->ignores, host, len, NULL)) {
        *kind = HK_IGNORED;
        return;
    }
    if (host_matcher_find(&r->exempts, host, len, NULL)) {
        *kind = HK_EXEMPT;
        return;
    }
    long long sid = host_matcher_find(&r->services, host, len, NULL);
    if (sid && is_approved(r, sid)) {
        *kind = HK_APPROVED;
        return;
    }
    *kind = HK_FINDING;
    char key[300];
    if (sid) {
        const char *name = service_name(r, sid);
        snprintf(key, sizeof key, "service:%lld", sid);
        *group = group_of(r, key, name ? name : key, sid);
    } else {
        char reg[254];
        host_registrable(host, reg);
        snprintf(key, sizeof key, "domain:%s", reg);
        *group = group_of(r, key, reg, 0);
    }
}

static void widen(long long *hits, long long *first, long long *last, long long t)
{
    if (!*hits || t < *first)
        *first = t;
    if (!*hits || t > *last)
        *last = t;
    (*hits)++;
}

/* Index of a user name (interned once); -1 beyond the cap or on OOM. */
static int user_index(DiscoverRun *r, const char *user, size_t len)
{
    if (r->last_user && r->last_user_len == len && memcmp(r->last_user, user, len) == 0)
        return r->last_user_idx;
    unsigned long long h = hash_bytes(user, len);
    MapSlot *s = r->name_map.cap ? map_probe(&r->name_map, user, len, h) : NULL;
    if (!s || !s->key) {
        if (r->n_names_u >= DISCOVER_USERS_MAX || map_reserve(&r->name_map) != 0 ||
            grow_array((void **)&r->unames, &r->cap_names_u, r->n_names_u, sizeof *r->unames) != 0)
            return -1;
        char *k = arena_strndup(&r->arena, user, len);
        if (!k)
            return -1;
        s = map_probe(&r->name_map, user, len, h);
        *s = (MapSlot){k, (unsigned)len, (unsigned)r->n_names_u, h};
        r->name_map.n++;
        r->unames[r->n_names_u++] = k;
    }
    r->last_user = s->key;
    r->last_user_len = len;
    r->last_user_idx = (int)s->idx;
    return (int)s->idx;
}

static PairSlot *pair_probe(PairSlot *slots, size_t cap, unsigned long long key)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;; i = (i + 1) & mask)
        if (slots[i].key == key || slots[i].key == 0)
            return &slots[i];
}

static int pair_reserve(DiscoverRun *r)
{
    if ((r->n_pairs + 1) * 2 <= r->cap_pairs)
        return 0;
    size_t cap = r->cap_pairs ? r->cap_pairs * 2 : 4096;
    PairSlot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < r->cap_pairs; i++)
        if (r->pairs[i].key)
            *pair_probe(slots, cap, r->pairs[i].key) = r->pairs[i];
    free(r->pairs);
    r->pairs = slots;
    r->cap_pairs = cap;
    r->gen++;
    return 0;
}

/* The (group, user) counts, created on first sight; NULL when not
 * itemised (caps). */
static PairSlot *user_pair(DiscoverRun *r, int group, const char *user, size_t len)
{
    int u = user_index(r, user, len);
    if (u < 0)
        return NULL;
    unsigned long long key = ((unsigned long long)(group + 1) << 32) | (unsigned)u;
    PairSlot *s = r->cap_pairs ? pair_probe(r->pairs, r->cap_pairs, key) : NULL;
    if (!s || !s->key) {
        GroupAgg *g = &r->groups[group];
        if (g->n_users >= DISCOVER_USERS_PER_FINDING || r->n_pairs >= DISCOVER_PAIRS_MAX || pair_reserve(r) != 0)
            return NULL;
        s = pair_probe(r->pairs, r->cap_pairs, key);
        s->key = key;
        r->n_pairs++;
        g->n_users++;
    }
    return s;
}

static int on_record(void *ctx, const ProxyRecord *rec)
{
    DiscoverRun *r = ctx;
    int fresh, kind, group;
    RunHost *a;
    PairSlot *pair = NULL;
    /* The same host and user as the line before (and no table moved since):
     * reuse what that line found. */
    unsigned gen = r->gen;
    int same = r->last_ok && rec->host_len == r->last_host_len && memcmp(rec->host, r->last_host, rec->host_len) == 0;
    if (same) {
        kind = r->last_kind;
        group = r->last_group;
        a = r->last_slot;
    } else {
        a = host_entry(r, rec->host, rec->host_len, &fresh);
        if (a && fresh) {
            classify(r, rec->host, rec->host_len, &kind, &group);
            a->kind = (unsigned char)kind;
            a->group = group;
        }
        if (a) {
            kind = a->kind;
            group = a->group;
        } else {
            classify(r, rec->host, rec->host_len, &kind, &group);
        }
    }
    r->hits[kind]++;
    if (kind != HK_FINDING || group < 0) {
        if (kind == HK_FINDING)
            r->unrecorded++; /* more findings than the cap: counted in the run only */
    } else {
        GroupAgg *g = &r->groups[group];
        widen(&g->hits, &g->first, &g->last, rec->time);
        if (a)
            widen(&a->hits, &a->first, &a->last, rec->time);
        int same_user = same && r->last_pair && r->last_user && r->last_user_len == rec->user_len &&
                        memcmp(r->last_user, rec->user, rec->user_len) == 0;
        pair = same_user ? r->last_pair : user_pair(r, group, rec->user, rec->user_len);
        if (pair)
            widen(&pair->hits, &pair->first, &pair->last, rec->time);
        if (!a || !pair)
            r->unrecorded++;
    }
    /* Remember this line unless a table moved under the pointers. */
    if (gen == r->gen && (same || a) && rec->host_len <= PROXY_HOST_MAX) {
        if (!same) {
            memcpy(r->last_host, rec->host, rec->host_len);
            r->last_host_len = rec->host_len;
        }
        r->last_kind = kind;
        r->last_group = group;
        r->last_slot = a;
        r->last_pair = pair;
        r->last_ok = 1;
    } else {
        r->last_ok = 0;
    }
    return 0;
}

void app_discover_free(DiscoverRun *r)
{
    if (!r)
        return;
    if (!r->shared) {
        host_matcher_free(&r->services);
        host_matcher_free(&r->exempts);
        host_matcher_free(&r->ignores);
        free(r->approved);
        free(r->names);
    }
    free(r->htab);
    free(r->host_keys);
    free(r->group_map.s);
    free(r->name_map.s);
    free(r->unames);
    free(r->pairs);
    free(r->groups);
    arena_free(&r->arena);
    free(r);
}

AppRc app_discover_begin(App *app, ProxyFormat format, DiscoverRun **out)
{
    app_scratch(app);
    *out = NULL;
    AppRc rc = require(app, 1);
    if (rc)
        return rc;
    DiscoverRun *r = calloc(1, sizeof *r);
    if (!r)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    arena_init(&r->arena, NULL, 0);
    host_matcher_init(&r->services);
    host_matcher_init(&r->exempts);
    host_matcher_init(&r->ignores);
    proxy_reader_init(&r->reader, format, on_record, r);
    const Profile *p = app->profile;
    for (int i = 0; i < p->n_exempts; i++)
        for (int j = 0; j < p->exempts[i].n_domains; j++)
            host_matcher_add(&r->exempts, p->exempts[i].domains[j], i + 1);
    IgnoreLoad il = {r, 0};
    if (db_begin_read(app->db) != 0 || store_service_domains_each(app->db, app->org.id, load_domain, r) != 0 ||
        store_services_approved_each(app->db, app->org.id, load_approved, r) != 0 ||
        store_exempt_domains_each(app->db, app->org.id, load_exempt, r) != 0 ||
        store_ignore_each(app->db, &app->arena, app->org.id, load_ignore, &il) != 0 || db_commit(app->db) != 0) {
        app_discover_free(r);
        return app_dbfail(app);
    }
    if (r->oom || r->services.failed || r->exempts.failed || r->ignores.failed) {
        app_discover_free(r);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    if (r->n_approved)
        qsort(r->approved, r->n_approved, sizeof *r->approved, cmp_ll);
    *out = r;
    return APP_OK;
}

void app_discover_feed(DiscoverRun *r, const char *data, size_t n) { proxy_reader_feed(&r->reader, data, n); }

/* ---- two halves of a large file on two cores ---- */

/* A second run over the same matchers (read-only, shared), for the second
 * half of a file; its lines are numbered from 1 and renumbered by join. */
static DiscoverRun *run_fork(const DiscoverRun *parent, ProxyFormat format)
{
    DiscoverRun *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    arena_init(&r->arena, NULL, 0);
    r->services = parent->services;
    r->exempts = parent->exempts;
    r->ignores = parent->ignores;
    r->approved = parent->approved;
    r->n_approved = parent->n_approved;
    r->names = parent->names;
    r->n_names = parent->n_names;
    r->shared = parent;
    proxy_reader_init(&r->reader, format, on_record, r);
    r->reader.header_seen = 1; /* a CSV header is only ever the file's first line */
    return r;
}

static void merge_counts(long long *hits, long long *first, long long *last, long long h, long long f, long long l)
{
    if (!h)
        return;
    if (!*hits || f < *first)
        *first = f;
    if (!*hits || l > *last)
        *last = l;
    *hits += h;
}

/* Add the second half `src` to `dst` (the first half, complete): line
 * numbers of src follow dst's; hosts, findings and users are matched by
 * name. What dst's caps cannot hold is counted as unrecorded. */
static int run_join(DiscoverRun *dst, const DiscoverRun *src)
{
    ProxyReader *a = &dst->reader;
    const ProxyReader *b = &src->reader;
    for (int i = 0; i < b->n_bad_kept && a->n_bad_kept < PROXY_BAD_KEEP; i++) {
        a->bad_line[a->n_bad_kept] = b->bad_line[i] + a->lines;
        a->bad_why[a->n_bad_kept++] = b->bad_why[i];
    }
    a->lines += b->lines;
    a->records += b->records;
    a->blank += b->blank;
    a->bad += b->bad;
    for (int i = 0; i < PBAD_COUNT; i++)
        a->bad_by[i] += b->bad_by[i];
    for (int i = 0; i < 4; i++)
        dst->hits[i] += src->hits[i];
    dst->unrecorded += src->unrecorded;
    dst->last_ok = 0;
    int *gmap = malloc((src->n_groups ? src->n_groups : 1) * sizeof *gmap);
    if (!gmap)
        return -1;
    for (size_t i = 0; i < src->n_groups; i++) {
        const GroupAgg *g = &src->groups[i];
        int d = group_of(dst, g->key, g->label, g->service_id);
        gmap[i] = d;
        if (d < 0) {
            dst->unrecorded += g->hits;
            continue;
        }
        GroupAgg *dg = &dst->groups[d];
        merge_counts(&dg->hits, &dg->first, &dg->last, g->hits, g->first, g->last);
    }
    for (size_t i = 0; i < src->hcap; i++) {
        const RunHost *h = &src->htab[i];
        if (!h->hash)
            continue;
        const char *name = src->host_keys[h->idx];
        int fresh;
        RunHost *d = host_entry(dst, name, h->len, &fresh);
        if (!d) {
            if (h->kind == HK_FINDING)
                dst->unrecorded += h->hits;
            continue;
        }
        if (fresh) {
            d->kind = h->kind;
            d->group = h->group >= 0 ? gmap[h->group] : -1;
        }
        if (h->kind == HK_FINDING && d->group >= 0)
            merge_counts(&d->hits, &d->first, &d->last, h->hits, h->first, h->last);
        else if (h->kind == HK_FINDING)
            dst->unrecorded += h->hits;
    }
    for (size_t i = 0; i < src->cap_pairs; i++) {
        const PairSlot *p = &src->pairs[i];
        if (!p->key)
            continue;
        int g = gmap[(p->key >> 32) - 1];
        const char *name = src->unames[p->key & 0xffffffffu];
        PairSlot *d = g >= 0 ? user_pair(dst, g, name, strlen(name)) : NULL;
        if (d)
            merge_counts(&d->hits, &d->first, &d->last, p->hits, p->first, p->last);
        else
            dst->unrecorded += p->hits;
    }
    free(gmap);
    dst->last_ok = 0;
    dst->last_user = NULL;
    dst->gen++;
    return 0;
}

typedef struct Half {
    DiscoverRun *run;
    int fd;
    off_t from, to;
    int err;                 /* errno of a failed read */
} Half;

enum { READ_CHUNK = 1 << 20 };

static void *read_half(void *arg)
{
    Half *h = arg;
    char *buf = malloc(READ_CHUNK);
    if (!buf) {
        h->err = ENOMEM;
        return NULL;
    }
    for (off_t at = h->from; at < h->to;) {
        size_t want = (size_t)(h->to - at < READ_CHUNK ? h->to - at : READ_CHUNK);
        ssize_t n = pread(h->fd, buf, want, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            h->err = n < 0 ? errno : EIO;
            break;
        }
        proxy_reader_feed(&h->run->reader, buf, (size_t)n);
        at += n;
    }
    free(buf);
    return NULL;
}

/* Where the second half starts: just after the first LF at or after the
 * middle (so that no line is split), or `size` when there is none. */
static off_t middle_line(int fd, off_t size)
{
    char buf[65536];
    for (off_t at = size / 2; at < size;) {
        ssize_t n = pread(fd, buf, sizeof buf, at);
        if (n <= 0)
            return size;
        char *nl = memchr(buf, '\n', (size_t)n);
        if (nl)
            return at + (nl - buf) + 1;
        at += n;
    }
    return size;
}

int app_discover_read_fd(DiscoverRun *r, int fd)
{
    struct stat st;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    /* DAICHO_DISCOVER_SPLIT_BYTES lowers the threshold (tests split small logs). */
    const char *env = getenv("DAICHO_DISCOVER_SPLIT_BYTES");
    long long split = env && atoll(env) > 0 ? atoll(env) : DISCOVER_SPLIT_BYTES;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= split && cores >= 2) {
        /* The format must be known before the halves start: sniff the
         * first non-blank line (AUTO would decide per half). */
        if (r->reader.format == PROXY_AUTO) {
            char head[4096];
            ssize_t n = pread(fd, head, sizeof head, 0);
            const char *p = head, *end = head + (n > 0 ? n : 0);
            while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
                p++;
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            r->reader.format = proxy_sniff(p, (size_t)((nl ? nl : end) - p));
        }
        off_t mid = middle_line(fd, st.st_size);
        DiscoverRun *second = run_fork(r, r->reader.format);
        if (second && mid < st.st_size) {
            Half h1 = {r, fd, 0, mid, 0}, h2 = {second, fd, mid, st.st_size, 0};
            pthread_t t;
            if (pthread_create(&t, NULL, read_half, &h2) == 0) {
                read_half(&h1);
                pthread_join(t, NULL);
                /* The first half ended at a line end: nothing carried. */
                proxy_reader_finish(&r->reader);
                proxy_reader_finish(&second->reader);
                int rc = h1.err || h2.err ? -1 : run_join(r, second);
                int err = h1.err ? h1.err : h2.err ? h2.err : ENOMEM;
                app_discover_free(second);
                if (rc != 0)
                    errno = err;
                return rc;
            }
        }
        app_discover_free(second);
    }
    char *buf = malloc(READ_CHUNK);
    if (!buf)
        return -1;
    ssize_t n;
    while ((n = read(fd, buf, READ_CHUNK)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int err = errno;
            free(buf);
            errno = err;
            return -1;
        }
        proxy_reader_feed(&r->reader, buf, (size_t)n);
    }
    free(buf);
    return 0;
}

static void iso_time(long long t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char SQL_RUN_COUNTS[] =
    "UPDATE discovery_runs SET findings_new = :new, findings_updated = :updated WHERE id = :id";

AppRc app_discover_end(App *app, DiscoverRun *r, const char *file, DiscoverSummary *sum)
{
    app_scratch(app);
    AppRc rc = require(app, 1);
    if (rc)
        return rc;
    proxy_reader_finish(&r->reader);
    const ProxyReader *rd = &r->reader;
    memset(sum, 0, sizeof *sum);
    sum->format = rd->format == PROXY_AUTO ? PROXY_SQUID : rd->format;
    sum->lines = rd->lines;
    sum->records = rd->records;
    sum->blank = rd->blank;
    sum->bad = rd->bad;
    memcpy(sum->bad_by, rd->bad_by, sizeof sum->bad_by);
    memcpy(sum->bad_line, rd->bad_line, sizeof sum->bad_line);
    memcpy(sum->bad_why, rd->bad_why, sizeof sum->bad_why);
    sum->n_bad_kept = rd->n_bad_kept;
    sum->hits_unapproved = r->hits[HK_FINDING];
    sum->hits_approved = r->hits[HK_APPROVED];
    sum->hits_exempt = r->hits[HK_EXEMPT];
    sum->hits_ignored = r->hits[HK_IGNORED];
    sum->unrecorded = r->unrecorded;

    Str bad = STR_INIT;
    str_appendc(&bad, '[');
    for (int i = 0; i < rd->n_bad_kept; i++)
        str_appendf(&bad, "%s{\"line\":%lld,\"reason\":\"%s\"}", i ? "," : "", rd->bad_line[i],
                    proxy_bad_names[rd->bad_why[i]]);
    str_appendc(&bad, ']');
    RunRow run = {0};
    run.file = file && *file ? file : "-";
    run.format = proxy_format_names[sum->format];
    run.lines = sum->lines;
    run.records = sum->records;
    run.blank = sum->blank;
    run.bad = sum->bad;
    run.bad_lines = str_cstr(&bad);
    run.hits_unapproved = sum->hits_unapproved;
    run.hits_approved = sum->hits_approved;
    run.hits_exempt = sum->hits_exempt;
    run.hits_ignored = sum->hits_ignored;
    run.unrecorded = sum->unrecorded;
    run.at = app->now;
    if (str_failed(&bad)) {
        str_free(&bad);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    long long *ids = calloc(r->n_groups ? r->n_groups : 1, sizeof *ids);
    if (!ids) {
        str_free(&bad);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    rc = APP_OK;
    if (audit_begin(app->db) != 0 || store_run_insert(app->db, app->org.id, &run, app->user.id, &sum->run_id) != 0) {
        rc = app_dbfail(app);
        goto out;
    }
    for (size_t i = 0; i < r->n_groups; i++) {
        const GroupAgg *g = &r->groups[i];
        char first[21], last[21];
        iso_time(g->first, first);
        iso_time(g->last, last);
        FindingRow f = {.group_key = g->key, .service_id = g->service_id, .label = g->label, .hits = g->hits,
                        .first_seen = first, .last_seen = last};
        int created = 0;
        if (store_finding_merge(app->db, app->org.id, &f, sum->run_id, app->now, &ids[i], &created) != 0) {
            rc = app_dbfail(app);
            goto out;
        }
        if (created)
            sum->findings_new++;
        else
            sum->findings_updated++;
    }
    for (size_t i = 0; i < r->hcap; i++) {
        const RunHost *a = &r->htab[i];
        if (!a->hash || a->kind != HK_FINDING || a->group < 0 || !a->hits)
            continue;
        char first[21], last[21];
        iso_time(a->first, first);
        iso_time(a->last, last);
        if (store_finding_host_merge(app->db, ids[a->group], r->host_keys[a->idx], a->hits, first, last) != 0) {
            rc = app_dbfail(app);
            goto out;
        }
    }
    for (size_t i = 0; i < r->cap_pairs; i++) {
        const PairSlot *u = &r->pairs[i];
        if (!u->key)
            continue;
        char first[21], last[21];
        iso_time(u->first, first);
        iso_time(u->last, last);
        int group = (int)(u->key >> 32) - 1;
        const char *name = r->unames[u->key & 0xffffffffu];
        if (store_finding_user_merge(app->db, ids[group], name, u->hits, first, last) != 0) {
            rc = app_dbfail(app);
            goto out;
        }
    }
    DbStmt *st = db_prepare(app->db, SQL_RUN_COUNTS);
    if (!st || (db_bind_int(st, "new", sum->findings_new) | db_bind_int(st, "updated", sum->findings_updated) |
                db_bind_int(st, "id", sum->run_id)) != 0) {
        db_reset(st);
        rc = app_dbfail(app);
        goto out;
    }
    if (db_run(st, NULL) != 0) {
        rc = app_dbfail(app);
        goto out;
    }
    Str data = STR_INIT;
    str_append(&data, "{\"file\":");
    str_append_json(&data, run.file);
    str_appendf(&data,
                ",\"format\":\"%s\",\"lines\":%lld,\"bad\":%lld,\"findings_new\":%d,\"findings_updated\":%d,"
                "\"hits_unapproved\":%lld}",
                run.format, sum->lines, sum->bad, sum->findings_new, sum->findings_updated, sum->hits_unapproved);
    if (str_failed(&data) ||
        app_audit(app, "discover.run", app_object(app, "discovery_run", sum->run_id), str_cstr(&data)) != 0 ||
        db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
out:
    free(ids);
    str_free(&bad);
    return rc;
}

AppRc app_discover_buffer(App *app, ProxyFormat format, const char *file, const char *data, size_t len,
                          DiscoverSummary *sum)
{
    DiscoverRun *r;
    AppRc rc = app_discover_begin(app, format, &r);
    if (rc)
        return rc;
    app_discover_feed(r, data, len);
    rc = app_discover_end(app, r, file, sum);
    app_discover_free(r);
    return rc;
}

/* ---- reading ---- */

AppRc app_discover_list(App *app, const char *status, int (*fn)(void *ctx, const FindingRow *row), void *ctx)
{
    app_scratch(app);
    AppRc rc = require(app, 0);
    if (rc)
        return rc;
    if (status && *status && strcmp(status, "open") != 0 && strcmp(status, "reviewed") != 0 &&
        strcmp(status, "drafted") != 0)
        return app_fail(app, APP_INVALID, NULL, "status: '%s' は open / reviewed / drafted のいずれかです", status);
    return store_finding_each(app->db, &app->arena, app->org.id, status && *status ? status : NULL, fn, ctx) != 0
               ? app_dbfail(app)
               : APP_OK;
}

static AppRc load_finding(App *app, long long id, FindingRow *out)
{
    int found = store_finding_get(app->db, &app->arena, app->org.id, id, out);
    if (found < 0)
        return app_dbfail(app);
    return found ? APP_OK : app_fail(app, APP_INVALID, NULL, "検出 %lld はありません", id);
}

AppRc app_discover_get(App *app, long long id, FindingRow *out)
{
    app_scratch(app);
    AppRc rc = require(app, 0);
    return rc ? rc : load_finding(app, id, out);
}

AppRc app_discover_seen(App *app, long long id, int users, int (*fn)(void *ctx, const SeenRow *row), void *ctx)
{
    AppRc rc = require(app, 0);
    if (rc)
        return rc;
    return store_finding_seen_each(app->db, &app->arena, app->org.id, id, users, fn, ctx) != 0 ? app_dbfail(app)
                                                                                                 : APP_OK;
}

AppRc app_discover_runs(App *app, int limit, int (*fn)(void *ctx, const RunRow *row), void *ctx)
{
    AppRc rc = require(app, 0);
    if (rc)
        return rc;
    return store_run_each(app->db, &app->arena, app->org.id, limit, fn, ctx) != 0 ? app_dbfail(app) : APP_OK;
}

/* ---- review and draft ---- */

enum { NOTE_MAX = 2000 };

static AppRc set_status(App *app, const FindingRow *f, const char *status, const char *note, long long app_id,
                        const char *event)
{
    Str data = STR_INIT;
    str_appendf(&data, "{\"from\":\"%s\",\"to\":\"%s\",\"label\":", f->status, status);
    str_append_json(&data, f->label);
    str_append(&data, ",\"note\":");
    str_append_json(&data, note ? note : "");
    if (app_id)
        str_appendf(&data, ",\"application\":%lld", app_id);
    str_appendc(&data, '}');
    AppRc rc = APP_OK;
    int changed = 0;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        (changed = store_finding_set_status(app->db, app->org.id, f->id, status, note, app->user.id, app->now,
                                            app_id)) < 0 ||
        (changed && app_audit(app, event, app_object(app, "finding", f->id), str_cstr(&data)) != 0))
        rc = app_dbfail(app);
    else if (!changed)
        rc = app_fail(app, APP_INVALID, NULL, "検出 %lld はありません", f->id);
    else if (db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_discover_review(App *app, long long id, const char *note)
{
    app_scratch(app);
    FindingRow f;
    AppRc rc = require(app, 1);
    if (rc || (rc = load_finding(app, id, &f)))
        return rc;
    if (!note || !*note || strlen(note) > NOTE_MAX)
        return app_fail(app, APP_INVALID, app_discover_clause(app->profile, NULL),
                        "note: 確認の結果（どう扱うか）を %d バイト以内で記入してください", NOTE_MAX);
    if (strcmp(f.status, "drafted") == 0)
        return app_fail(app, APP_INVALID, NULL, "検出 %lld は申請 %lld の下書きにしてあります", id, f.application_id);
    return set_status(app, &f, "reviewed", note, 0, "discover.review");
}

typedef struct DomainList {
    Str *json;
    int n;
    long long service_id;
} DomainList;

static int add_domain_json(DomainList *l, const char *d)
{
    char norm[254];
    if (l->n >= 50 || host_pattern_normalize(d, norm) != 0)
        return 0;
    str_append(l->json, l->n++ ? "," : "");
    str_append_json(l->json, norm);
    return 0;
}

static int service_domain_json(void *ctx, long long service_id, const char *name, const char *domain)
{
    (void)name;
    DomainList *l = ctx;
    return service_id == l->service_id ? add_domain_json(l, domain) : 0;
}

static int host_json(void *ctx, const SeenRow *row)
{
    return add_domain_json(ctx, row->name);
}

/* Drafting: those who run discovery, and those who apply (a track's
 * applicant role): in otokuni the security officer applies (5.2(1)) while
 * the chief approves. app_apply_create then checks the role for the track. */
static AppRc require_drafter(App *app)
{
    if (app->acting && !app_discover_may_run(app))
        for (int t = 0; t < TRACK_COUNT; t++) {
            const Track *tr = &app->profile->tracks[t];
            for (int i = 0; i < tr->n_applicant_roles; i++)
                if (app->actor.roles & ROLE_BIT(tr->applicant_roles[i]))
                    return APP_OK;
        }
    return require(app, 1);
}

AppRc app_discover_draft(App *app, long long id, long long *app_id)
{
    app_scratch(app);
    FindingRow f;
    AppRc rc = require_drafter(app);
    if (rc || (rc = load_finding(app, id, &f)))
        return rc;
    if (strcmp(f.status, "drafted") == 0)
        return app_fail(app, APP_INVALID, NULL, "検出 %lld はすでに申請 %lld の下書きにしてあります", id,
                        f.application_id);
    /* What is known goes in; the rest is marked for the applicant. The
     * confidentiality is required by every document: the least protected
     * class stands in, and the notes say to correct it. */
    const Scheme *conf = &app->profile->schemes[SCHEME_CONFIDENTIALITY];
    Str json = STR_INIT;
    str_append(&json, "{\"service\":{\"category\":\"other\",\"name\":");
    str_append_json(&json, f.label);
    str_append(&json, ",\"domains\":[");
    DomainList l = {&json, 0, f.service_id};
    int dbrc = 0;
    if (f.service_id)
        dbrc = store_service_domains_each(app->db, app->org.id, service_domain_json, &l);
    else {
        char wild[260];
        snprintf(wild, sizeof wild, "*.%s", f.label);
        add_domain_json(&l, f.label);
        add_domain_json(&l, wild);
    }
    if (dbrc == 0)
        dbrc = store_finding_seen_each(app->db, &app->arena, app->org.id, id, 0, host_json, &l);
    if (dbrc != 0) {
        str_free(&json);
        return app_dbfail(app);
    }
    str_append(&json, "]},\"purpose\":\"（要記入）利用目的を記入してください\",\"notes\":");
    char notes[1200];
    snprintf(notes, sizeof notes,
             "未承認サービスの検出（検出 %lld: %s から %s まで %lld 件の通信）から作成した下書きです。"
             "サービスの種類は仮に「その他」、機密性の区分は仮に「%s」としてあります。"
             "利用部署が利用目的・種類・区分・期間などを確認し、記入・修正してください。",
             f.id, f.first_seen, f.last_seen, f.hits, conf->levels[conf->n_levels - 1].label);
    str_append_json(&json, notes);
    str_append(&json, ",\"information\":{\"confidentiality\":");
    str_append_json(&json, conf->levels[conf->n_levels - 1].code);
    str_append(&json, "}}");
    if (str_failed(&json)) {
        str_free(&json);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    long long new_app = 0;
    rc = app_apply_create(app, "discovery", json.buf, json.len, &new_app);
    str_free(&json);
    if (rc)
        return rc;
    /* app_apply_create reset the scratch arena: read the finding again. */
    if ((rc = load_finding(app, id, &f)))
        return rc;
    char note[200];
    snprintf(note, sizeof note, "申請 %lld の下書きを作成", new_app);
    rc = set_status(app, &f, "drafted", note, new_app, "discover.draft");
    if (rc) {
        Str m = STR_INIT;
        str_appendf(&m, "申請 %lld の下書きは作成しましたが、検出 %lld に記録できませんでした: %s", new_app, id,
                    str_cstr(&app->err));
        str_reset(&app->err);
        str_append(&app->err, str_cstr(&m));
        str_free(&m);
        return rc;
    }
    if (app_id)
        *app_id = new_app;
    return APP_OK;
}

/* ---- lists ---- */

AppRc app_discover_ignore_add(App *app, const char *pattern, const char *note)
{
    app_scratch(app);
    AppRc rc = require(app, 1);
    if (rc)
        return rc;
    char norm[254];
    if (!pattern || host_pattern_normalize(pattern, norm) != 0)
        return app_fail(app, APP_INVALID, NULL, "'%s' はホスト名か *.ドメイン の形ではありません", pattern ? pattern : "");
    if (note && strlen(note) > NOTE_MAX)
        return app_fail(app, APP_INVALID, NULL, "note: %d バイト以内で記入してください", NOTE_MAX);
    Str data = STR_INIT;
    str_append(&data, "{\"pattern\":");
    str_append_json(&data, norm);
    str_append(&data, ",\"note\":");
    str_append_json(&data, note ? note : "");
    str_appendc(&data, '}');
    int added = 0;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        (added = store_ignore_add(app->db, app->org.id, norm, note, app->user.id, app->now)) < 0)
        rc = app_dbfail(app);
    else if (!added)
        rc = app_fail(app, APP_INVALID, NULL, "%s はすでに除外リストにあります", norm);
    else if (app_audit(app, "discover.ignore.add", "discovery_ignores", str_cstr(&data)) != 0 ||
             db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_discover_ignore_remove(App *app, const char *pattern)
{
    app_scratch(app);
    AppRc rc = require(app, 1);
    if (rc)
        return rc;
    char norm[254];
    if (!pattern || host_pattern_normalize(pattern, norm) != 0)
        return app_fail(app, APP_INVALID, NULL, "'%s' はホスト名か *.ドメイン の形ではありません", pattern ? pattern : "");
    Str data = STR_INIT;
    str_append(&data, "{\"pattern\":");
    str_append_json(&data, norm);
    str_appendc(&data, '}');
    int removed = 0;
    if (str_failed(&data) || audit_begin(app->db) != 0 ||
        (removed = store_ignore_remove(app->db, app->org.id, norm)) < 0)
        rc = app_dbfail(app);
    else if (!removed)
        rc = app_fail(app, APP_INVALID, NULL, "%s は除外リストにありません", norm);
    else if (app_audit(app, "discover.ignore.remove", "discovery_ignores", str_cstr(&data)) != 0 ||
             db_commit(app->db) != 0)
        rc = app_dbfail(app);
    str_free(&data);
    return rc;
}

AppRc app_discover_ignore_list(App *app, int (*fn)(void *ctx, const IgnoreRow *row), void *ctx)
{
    app_scratch(app);
    AppRc rc = require(app, 0);
    if (rc)
        return rc;
    return store_ignore_each(app->db, &app->arena, app->org.id, fn, ctx) != 0 ? app_dbfail(app) : APP_OK;
}

typedef struct DomainEach {
    long long service_id;
    int (*fn)(void *ctx, const char *domain);
    void *ctx;
} DomainEach;

static int domain_each(void *ctx, long long service_id, const char *name, const char *domain)
{
    (void)name;
    DomainEach *d = ctx;
    return service_id == d->service_id ? d->fn(d->ctx, domain) : 0;
}

AppRc app_discover_domains(App *app, const char *service, const char **add, int n_add, const char **remove,
                           int n_remove, int (*fn)(void *ctx, const char *domain), void *ctx)
{
    app_scratch(app);
    AppRc rc = require(app, n_add || n_remove);
    if (rc)
        return rc;
    long long sid = 0;
    int found = store_service_by_name(app->db, app->org.id, service ? service : "", &sid);
    if (found < 0)
        return app_dbfail(app);
    if (!found)
        return app_fail(app, APP_INVALID, NULL, "サービス「%s」は登録されていません（申請か台帳にある名称で指定してください）",
                        service ? service : "");
    if (n_add || n_remove) {
        char norm[254];
        for (int i = 0; i < n_add + n_remove; i++) {
            const char *d = i < n_add ? add[i] : remove[i - n_add];
            if (host_pattern_normalize(d, norm) != 0)
                return app_fail(app, APP_INVALID, NULL, "'%s' はホスト名か *.ドメイン の形ではありません", d);
        }
        if (audit_begin(app->db) != 0)
            return app_dbfail(app);
        for (int i = 0; i < n_add + n_remove; i++) {
            int adding = i < n_add;
            host_pattern_normalize(adding ? add[i] : remove[i - n_add], norm);
            int r = adding ? store_service_domain_add(app->db, sid, norm) : store_service_domain_remove(app->db, sid, norm);
            if (r < 0)
                return app_dbfail(app);
            if (!adding && r == 0)
                return app_fail(app, APP_INVALID, NULL, "%s は「%s」に登録されていません", norm, service);
            Str data = STR_INIT;
            str_append(&data, "{\"domain\":");
            str_append_json(&data, norm);
            str_appendc(&data, '}');
            int bad = str_failed(&data) || app_audit(app, adding ? "service.domain.add" : "service.domain.remove",
                                                     app_object(app, "service", sid), str_cstr(&data)) != 0;
            str_free(&data);
            if (bad)
                return app_dbfail(app);
        }
        if (db_commit(app->db) != 0)
            return app_dbfail(app);
    }
    DomainEach de = {sid, fn, ctx};
    if (fn && store_service_domains_each(app->db, app->org.id, domain_each, &de) != 0)
        return app_dbfail(app);
    return APP_OK;
}

/* ---- JSON ---- */

const char *app_discover_status_label(const char *status)
{
    if (!status)
        return "";
    if (strcmp(status, "open") == 0)
        return "未対応";
    if (strcmp(status, "reviewed") == 0)
        return "確認済み";
    if (strcmp(status, "drafted") == 0)
        return "申請下書き";
    return status;
}

static void json_text_or_null(Str *o, const char *key, const char *v)
{
    str_appendf(o, ",\"%s\":", key);
    if (v)
        str_append_json(o, v);
    else
        str_append(o, "null");
}

void app_discover_finding_json(const FindingRow *f, Str *o)
{
    str_appendf(o, "{\"id\":%lld,\"key\":", f->id);
    str_append_json(o, f->group_key);
    str_append(o, ",\"service_id\":");
    if (f->service_id)
        str_appendf(o, "%lld", f->service_id);
    else
        str_append(o, "null");
    str_append(o, ",\"label\":");
    str_append_json(o, f->label);
    str_appendf(o, ",\"status\":\"%s\",\"hits\":%lld", f->status, f->hits);
    json_text_or_null(o, "first_seen", f->first_seen);
    json_text_or_null(o, "last_seen", f->last_seen);
    str_appendf(o, ",\"runs\":%d,\"hosts\":%lld,\"users\":%lld", f->runs, f->n_hosts, f->n_users);
    json_text_or_null(o, "note", f->note);
    json_text_or_null(o, "reviewed_by", f->reviewed_by);
    json_text_or_null(o, "reviewed_at", f->reviewed_at);
    str_append(o, ",\"application\":");
    if (f->application_id)
        str_appendf(o, "%lld", f->application_id);
    else
        str_append(o, "null");
    str_appendc(o, '}');
}

void app_discover_seen_json(const SeenRow *s, int users, Str *o)
{
    str_appendf(o, "{\"%s\":", users ? "user" : "host");
    str_append_json(o, s->name);
    if (users) {
        json_text_or_null(o, "name", s->display);
        json_text_or_null(o, "department", s->department);
    }
    str_appendf(o, ",\"hits\":%lld", s->hits);
    json_text_or_null(o, "first_seen", s->first_seen);
    json_text_or_null(o, "last_seen", s->last_seen);
    str_appendc(o, '}');
}

void app_discover_summary_json(const DiscoverSummary *s, const char *file, Str *o)
{
    str_append(o, "{\"file\":");
    str_append_json(o, file ? file : "-");
    str_appendf(o,
                ",\"run\":%lld,\"format\":\"%s\",\"lines\":%lld,\"records\":%lld,\"blank\":%lld,\"bad\":%lld,"
                "\"bad_lines\":[",
                s->run_id, proxy_format_names[s->format], s->lines, s->records, s->blank, s->bad);
    for (int i = 0; i < s->n_bad_kept; i++)
        str_appendf(o, "%s{\"line\":%lld,\"reason\":\"%s\"}", i ? "," : "", s->bad_line[i],
                    proxy_bad_names[s->bad_why[i]]);
    str_append(o, "],\"bad_by\":{");
    for (int i = 0, k = 0; i < PBAD_COUNT; i++)
        if (s->bad_by[i])
            str_appendf(o, "%s\"%s\":%lld", k++ ? "," : "", proxy_bad_names[i], s->bad_by[i]);
    str_appendf(o,
                "},\"findings_new\":%d,\"findings_updated\":%d,\"hits\":{\"unapproved\":%lld,\"approved\":%lld,"
                "\"exempt\":%lld,\"ignored\":%lld},\"unrecorded\":%lld}",
                s->findings_new, s->findings_updated, s->hits_unapproved, s->hits_approved, s->hits_exempt,
                s->hits_ignored, s->unrecorded);
}
