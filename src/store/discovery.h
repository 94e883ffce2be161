/* Discovery of unapproved services (issue #5 item 5): findings, their hosts
 * and users, runs, the ignore list, and the domains registered on services
 * (service_domains). Same conventions as store/store.h: 0/-1, rows in the
 * caller's arena, times as ISO text UTC. */
#ifndef DAICHO_STORE_DISCOVERY_H
#define DAICHO_STORE_DISCOVERY_H
#include "store/db.h"
#include "util/arena.h"

/* ---- domains registered on services ---- */
/* Add a domain pattern to a service (nothing when it is already there). */
int store_service_domain_add(Db *db, long long service_id, const char *domain);
/* 1 removed, 0 not there, -1 error. */
int store_service_domain_remove(Db *db, long long service_id, const char *domain);
/* Every (service, domain) of the organization, by service id then domain. */
int store_service_domains_each(Db *db, long long org_id,
                               int (*fn)(void *ctx, long long service_id, const char *name, const char *domain),
                               void *ctx);
/* Service ids of the organization with a ledger entry in force (active or
 * ending): one call each. */
int store_services_approved_each(Db *db, long long org_id, int (*fn)(void *ctx, long long service_id), void *ctx);
/* A service of the organization by name (any provider; the lowest id). 1
 * found, 0 not, -1 error. */
int store_service_by_name(Db *db, long long org_id, const char *name, long long *id);

/* ---- the ignore list ---- */
typedef struct IgnoreRow {
    long long id;
    const char *pattern, *note, *created_at, *created_by; /* created_by: login */
} IgnoreRow;
/* 1 added, 0 already there, -1 error. */
int store_ignore_add(Db *db, long long org_id, const char *pattern, const char *note, long long by, const char *at);
/* 1 removed, 0 not there, -1 error. */
int store_ignore_remove(Db *db, long long org_id, const char *pattern);
int store_ignore_each(Db *db, Arena *a, long long org_id, int (*fn)(void *ctx, const IgnoreRow *row), void *ctx);

/* ---- runs ---- */
typedef struct RunRow {
    long long id;
    const char *file, *format;
    long long lines, records, blank, bad;
    const char *bad_lines;          /* JSON array [{"line":n,"reason":"…"}] of the first ones */
    int findings_new, findings_updated;
    long long hits_unapproved, hits_approved, hits_exempt, hits_ignored;
    long long unrecorded;           /* hits beyond the in-memory caps (counted, not itemised) */
    const char *run_by, *at;        /* run_by: login (read) */
} RunRow;
int store_run_insert(Db *db, long long org_id, const RunRow *r, long long by, long long *id);
/* Newest first, at most `limit`. */
int store_run_each(Db *db, Arena *a, long long org_id, int limit, int (*fn)(void *ctx, const RunRow *row), void *ctx);

/* ---- findings ---- */
typedef struct FindingRow {
    long long id;
    const char *group_key;          /* "service:12" or "domain:example.com" */
    long long service_id;           /* 0 when unknown */
    const char *label;              /* the service's name or the registrable domain */
    const char *status;             /* open | reviewed | drafted */
    long long hits;
    const char *first_seen, *last_seen;
    int runs;                       /* runs that saw it */
    const char *note, *reviewed_by, *reviewed_at; /* reviewed_by: login (read) */
    long long application_id;       /* the draft made from it, 0 if none */
    const char *created_at, *updated_at;
    long long n_hosts, n_users;     /* read only */
} FindingRow;
/* Merge one run's aggregate into the finding of (org, key): created open
 * when new, else hits added and first/last seen widened. *created: 1 new. */
int store_finding_merge(Db *db, long long org_id, const FindingRow *f, long long run_id, const char *now,
                        long long *id, int *created);
int store_finding_host_merge(Db *db, long long finding_id, const char *host, long long hits, const char *first,
                             const char *last);
int store_finding_user_merge(Db *db, long long finding_id, const char *user, long long hits, const char *first,
                             const char *last);
/* 1 found, 0 not, -1 error. */
int store_finding_get(Db *db, Arena *a, long long org_id, long long id, FindingRow *out);
/* Findings by last seen (newest first); status NULL: any. */
int store_finding_each(Db *db, Arena *a, long long org_id, const char *status,
                       int (*fn)(void *ctx, const FindingRow *row), void *ctx);
/* Set the status (and the review note / the application); 1 changed, 0 no such row. */
int store_finding_set_status(Db *db, long long org_id, long long id, const char *status, const char *note,
                             long long by, const char *at, long long application_id);

typedef struct SeenRow {
    const char *name;               /* host or user */
    const char *department;         /* users: the daicho user's department, or NULL */
    const char *display;            /* users: the daicho user's name, or NULL */
    long long hits;
    const char *first_seen, *last_seen;
} SeenRow;
/* Hosts (users = 0) or users (1) of a finding, most hits first. */
int store_finding_seen_each(Db *db, Arena *a, long long org_id, long long finding_id, int users,
                            int (*fn)(void *ctx, const SeenRow *row), void *ctx);

#endif
