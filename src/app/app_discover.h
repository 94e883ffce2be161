/* Discovery of unapproved services (issue #5 item 5; the standards forbid
 * using external services that were never approved: kitakyushu/otokuni
 * 3.4①(ア)・2, tokyo-edu 8 ア(イ) — the clause comes from the profile's
 * operation item whose id names "unapproved").
 *
 * A run reads one proxy log (exchange/proxy_log.h) and sorts every host
 * visited: the organization's own domains (ignore list) and exempt services
 * (profile exempt_services and the database list) are left out; a host of a
 * service with a ledger entry in force (active or ending) is approved; any
 * other host is a finding, grouped by the service whose registered domains
 * match it or, when none does, by its registrable domain
 * (host_registrable). Findings are kept and merged across runs.
 *
 * Who: the system administrator and holders of a role that approves or
 * registers in one of the profile's tracks (the standard's security roles)
 * run discovery, review, draft and edit the lists; daicho's auditor may
 * read findings and runs. Others are refused (app->denied).
 *
 * Implemented in app_discover.c (who, reading, review, draft),
 * app_discover_run.c (a run; the tally itself is domain/discover_tally.h),
 * app_discover_lists.c (ignore list, service domains) and
 * app_discover_json.c (the JSON writers). */
#ifndef DAICHO_APP_DISCOVER_H
#define DAICHO_APP_DISCOVER_H
#include "app/app.h"
#include "domain/discover_tally.h"  /* the per-run caps DISCOVER_*_MAX */
#include "exchange/proxy_log.h"
#include "store/discovery.h"

enum {
    DISCOVER_SPLIT_BYTES = 64 << 20   /* files this large are read on two threads */
};

/* 1 when the acting user may run discovery and change findings and lists. */
int app_discover_may_run(const App *app);
/* 1 when the acting user may read findings (the above, or the auditor). */
int app_discover_may_read(const App *app);
/* The profile's clause forbidding unapproved services and its text (NULL
 * when the profile has no such item). */
const char *app_discover_clause(const Profile *p, const char **text);

typedef struct DiscoverSummary {
    long long run_id;
    ProxyFormat format;              /* as detected when AUTO was asked */
    long long lines, records, blank, bad;
    long long bad_by[PBAD_COUNT];
    long long bad_line[PROXY_BAD_KEEP];
    ProxyBad bad_why[PROXY_BAD_KEEP];
    int n_bad_kept;
    int findings_new, findings_updated;
    long long hits_unapproved, hits_approved, hits_exempt, hits_ignored;
    long long unrecorded;            /* hits not itemised per host/user (caps above); counted in the finding */
} DiscoverSummary;

typedef struct DiscoverRun DiscoverRun;

/* CONSTRUCTOR: start a run for the acting user: checks access and loads
 * the service domains, approved services, exemptions and ignore list. The
 * run owns its memory (not app->arena); free with app_discover_free. */
AppRc app_discover_begin(App *app, ProxyFormat format, DiscoverRun **out);
/* Feed log bytes (any chunking). No database access. */
void app_discover_feed(DiscoverRun *run, const char *data, size_t n);
/* Feed everything `fd` holds. A regular file of DISCOVER_SPLIT_BYTES or
 * more is read as two halves (split at a line end) on two threads, each
 * with its own tables, joined after: line numbers, hits and findings are
 * those of one reader; only how the per-run caps split itemised from
 * `unrecorded` hits may differ once a cap is reached. 0, or -1 with errno
 * (nothing is recorded: the caller frees). */
int app_discover_read_fd(DiscoverRun *run, int fd);
/* End of input: in one transaction record the run (`file` names it),
 * merge its findings and append the event "discover.run". */
AppRc app_discover_end(App *app, DiscoverRun *run, const char *file, DiscoverSummary *sum);
/* DESTRUCTOR */
void app_discover_free(DiscoverRun *run);
/* Convenience: begin, feed `len` bytes, end, free. */
AppRc app_discover_buffer(App *app, ProxyFormat format, const char *file, const char *data, size_t len,
                          DiscoverSummary *sum);

/* Findings (rows in app->arena until the next use case). status NULL: all. */
AppRc app_discover_list(App *app, const char *status, int (*fn)(void *ctx, const FindingRow *row), void *ctx);
AppRc app_discover_get(App *app, long long id, FindingRow *out);
AppRc app_discover_seen(App *app, long long id, int users, int (*fn)(void *ctx, const SeenRow *row), void *ctx);
AppRc app_discover_runs(App *app, int limit, int (*fn)(void *ctx, const RunRow *row), void *ctx);
/* open/reviewed → reviewed with a note (required). Event "discover.review". */
AppRc app_discover_review(App *app, long long id, const char *note);
/* open/reviewed → drafted: a draft application (app_apply_create, the
 * acting user as applicant) with the service name and domains prefilled and
 * the rest marked for the applicant; the finding links it. Two
 * transactions: the draft, then the link (event "discover.draft"); if the
 * second fails the message names the draft. Besides those who run
 * discovery, a holder of a track's applicant role may draft. */
AppRc app_discover_draft(App *app, long long id, long long *app_id);

/* The ignore list (event "discover.ignore.add" / ".remove"). */
AppRc app_discover_ignore_add(App *app, const char *pattern, const char *note);
AppRc app_discover_ignore_remove(App *app, const char *pattern);
AppRc app_discover_ignore_list(App *app, int (*fn)(void *ctx, const IgnoreRow *row), void *ctx);
/* Domains registered on a service (by name): add and remove (events
 * "service.domain.add" / ".remove"); list. */
AppRc app_discover_domains(App *app, const char *service, const char **add, int n_add, const char **remove,
                           int n_remove, int (*fn)(void *ctx, const char *domain), void *ctx);

/* JSON written alike by the CLI (--json) and the API: a finding's object,
 * a seen host/user object, a run summary object (with `file`). */
void app_discover_finding_json(const FindingRow *f, Str *o);
void app_discover_seen_json(const SeenRow *s, int users, Str *o);
void app_discover_summary_json(const DiscoverSummary *s, const char *file, Str *o);
/* Japanese label of a finding status ("未対応", "確認済み", "申請下書き"). */
const char *app_discover_status_label(const char *status);

#endif
