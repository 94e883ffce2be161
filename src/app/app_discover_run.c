/* A discovery run (app/app_discover.h): begin loads the patterns from the
 * store into a tally (domain/discover_tally.h), feed and read_fd stream a
 * proxy log through the reader (exchange/proxy_log.h) into it — a large
 * file as two halves on two threads, one tally each, joined after — and
 * end stores the result in one transaction with its audit event. The run
 * is the only owner of its patterns, tally and reader: no database access
 * between begin and end, so reading needs no connection. */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app_discover.h"
#include "app/app_discover_internal.h"
#include "app/app_internal.h"
#include "domain/discover_tally.h"
#include "store/exempts.h"

struct DiscoverRun {
    DiscoverPatterns patterns;     /* read by the tallies of both halves */
    DiscoverTally *tally;          /* owned */
    ProxyReader reader;            /* feeds `tally` */
};

static int on_record(void *ctx, const ProxyRecord *rec)
{
    discover_tally_add(ctx, rec->host, rec->host_len, rec->user, rec->user_len, rec->time);
    return 0;
}

/* ---- loading the patterns ---- */

static int load_domain(void *ctx, long long service_id, const char *name, const char *domain)
{
    discover_patterns_add_service(ctx, service_id, name, domain);
    return 0;
}

static int load_approved(void *ctx, long long service_id)
{
    discover_patterns_add_approved(ctx, service_id);
    return 0;
}

static int load_exempt(void *ctx, long long exempt_id, const char *name, const char *domain)
{
    (void)name;
    discover_patterns_add_exempt(ctx, domain, exempt_id);
    return 0;
}

typedef struct IgnoreLoad {
    DiscoverPatterns *patterns;
    long long n;             /* the entries' owners are 1, 2, … */
} IgnoreLoad;

static int load_ignore(void *ctx, const IgnoreRow *row)
{
    IgnoreLoad *l = ctx;
    discover_patterns_add_ignore(l->patterns, row->pattern, ++l->n);
    return 0;
}

void app_discover_free(DiscoverRun *r)
{
    if (!r)
        return;
    discover_tally_free(r->tally);
    discover_patterns_free(&r->patterns);
    free(r);
}

AppRc app_discover_begin(App *app, ProxyFormat format, DiscoverRun **out)
{
    app_scratch(app);
    *out = NULL;
    AppRc rc = app_discover_require(app, 1);
    if (rc)
        return rc;
    DiscoverRun *r = calloc(1, sizeof *r);
    if (!r)
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    discover_patterns_init(&r->patterns);
    const Profile *p = app->profile;
    for (int i = 0; i < p->n_exempts; i++)
        for (int j = 0; j < p->exempts[i].n_domains; j++)
            discover_patterns_add_exempt(&r->patterns, p->exempts[i].domains[j], i + 1);
    IgnoreLoad il = {&r->patterns, 0};
    if (db_begin_read(app->db) != 0 ||
        store_service_domains_each(app->db, app->org.id, load_domain, &r->patterns) != 0 ||
        store_services_approved_each(app->db, app->org.id, load_approved, &r->patterns) != 0 ||
        store_exempt_domains_each(app->db, app->org.id, load_exempt, &r->patterns) != 0 ||
        store_ignore_each(app->db, &app->arena, app->org.id, load_ignore, &il) != 0 || db_commit(app->db) != 0) {
        app_discover_free(r);
        return app_dbfail(app);
    }
    if (discover_patterns_ready(&r->patterns) != 0 || !(r->tally = discover_tally_new(&r->patterns))) {
        app_discover_free(r);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    proxy_reader_init(&r->reader, format, on_record, r->tally);
    *out = r;
    return APP_OK;
}

void app_discover_feed(DiscoverRun *r, const char *data, size_t n) { proxy_reader_feed(&r->reader, data, n); }

/* ---- two halves of a large file on two cores ---- */

/* Add the counts of the second half's reader `b` to the first's `a`
 * (complete): b's line numbers follow a's. */
static void reader_join(ProxyReader *a, const ProxyReader *b)
{
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
}

typedef struct Half {
    ProxyReader *reader;
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
        proxy_reader_feed(h->reader, buf, (size_t)n);
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

/* Read [0, mid) here and [mid, size) on a second thread into a second
 * tally (over the same patterns), then join it into r's. 1 when the second
 * thread could not be had (nothing read: the caller reads on one thread);
 * otherwise 0, or -1 with errno. */
static int read_halves(DiscoverRun *r, int fd, off_t mid, off_t size)
{
    DiscoverTally *second = discover_tally_new(&r->patterns);
    if (!second)
        return 1;
    /* The second half's reader: its lines are numbered from 1 and
     * renumbered by reader_join; a CSV header is only ever the file's
     * first line. */
    ProxyReader *rd2 = malloc(sizeof *rd2);
    if (!rd2) {
        discover_tally_free(second);
        return 1;
    }
    proxy_reader_init(rd2, r->reader.format, on_record, second);
    rd2->header_seen = 1;
    Half h1 = {&r->reader, fd, 0, mid, 0}, h2 = {rd2, fd, mid, size, 0};
    pthread_t t;
    int rc = 1;
    if (pthread_create(&t, NULL, read_half, &h2) == 0) {
        read_half(&h1);
        pthread_join(t, NULL);
        /* The first half ended at a line end: nothing carried. */
        proxy_reader_finish(&r->reader);
        proxy_reader_finish(rd2);
        rc = -1;
        if (!h1.err && !h2.err) {
            reader_join(&r->reader, rd2);
            rc = discover_tally_merge(r->tally, second);
        }
    }
    int err = h1.err ? h1.err : h2.err ? h2.err : ENOMEM;
    free(rd2);
    discover_tally_free(second);
    if (rc < 0)
        errno = err;
    return rc;
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
        if (mid < st.st_size) {
            int rc = read_halves(r, fd, mid, st.st_size);
            if (rc <= 0)
                return rc;
        }
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

/* ---- the end: storing the result ---- */

static void iso_time(long long t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char SQL_RUN_COUNTS[] =
    "UPDATE discovery_runs SET findings_new = :new, findings_updated = :updated WHERE id = :id";

/* The summary of what was read and sorted. */
static void fill_summary(const DiscoverRun *r, DiscoverSummary *sum)
{
    const ProxyReader *rd = &r->reader;
    DiscoverTotals tot;
    discover_tally_totals(r->tally, &tot);
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
    sum->hits_unapproved = tot.hits[DISCOVER_FINDING];
    sum->hits_approved = tot.hits[DISCOVER_APPROVED];
    sum->hits_exempt = tot.hits[DISCOVER_EXEMPT];
    sum->hits_ignored = tot.hits[DISCOVER_IGNORED];
    sum->unrecorded = tot.unrecorded;
}

/* Context of the host and user walks of end: the finding ids by group. */
typedef struct StoreSeen {
    App *app;
    const long long *ids;
    int users;               /* walking the users (else the hosts) */
} StoreSeen;

static int store_seen(void *ctx, int group, const char *name, const DiscoverCount *c)
{
    StoreSeen *s = ctx;
    char first[21], last[21];
    iso_time(c->first, first);
    iso_time(c->last, last);
    Db *db = s->app->db;
    return (s->users ? store_finding_user_merge(db, s->ids[group], name, c->hits, first, last)
                     : store_finding_host_merge(db, s->ids[group], name, c->hits, first, last)) != 0;
}

/* Inside end's transaction: the findings merged (ids[i] of group i), their
 * hosts and users, the run's counts. -1 on a database error. */
static int store_findings(App *app, const DiscoverRun *r, DiscoverSummary *sum, long long *ids)
{
    size_t n = discover_tally_n_groups(r->tally);
    for (size_t i = 0; i < n; i++) {
        const DiscoverGroup *g = discover_tally_group(r->tally, i);
        char first[21], last[21];
        iso_time(g->count.first, first);
        iso_time(g->count.last, last);
        FindingRow f = {.group_key = g->key, .service_id = g->service_id, .label = g->label, .hits = g->count.hits,
                        .first_seen = first, .last_seen = last};
        int created = 0;
        if (store_finding_merge(app->db, app->org.id, &f, sum->run_id, app->now, &ids[i], &created) != 0)
            return -1;
        if (created)
            sum->findings_new++;
        else
            sum->findings_updated++;
    }
    StoreSeen hosts = {app, ids, 0}, users = {app, ids, 1};
    if (discover_tally_each_host(r->tally, store_seen, &hosts) != 0 ||
        discover_tally_each_user(r->tally, store_seen, &users) != 0)
        return -1;
    DbStmt *st = db_prepare(app->db, SQL_RUN_COUNTS);
    if (!st || (db_bind_int(st, "new", sum->findings_new) | db_bind_int(st, "updated", sum->findings_updated) |
                db_bind_int(st, "id", sum->run_id)) != 0) {
        db_reset(st);
        return -1;
    }
    return db_run(st, NULL) != 0 ? -1 : 0;
}

AppRc app_discover_end(App *app, DiscoverRun *r, const char *file, DiscoverSummary *sum)
{
    app_scratch(app);
    AppRc rc = app_discover_require(app, 1);
    if (rc)
        return rc;
    proxy_reader_finish(&r->reader);
    fill_summary(r, sum);
    const ProxyReader *rd = &r->reader;

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
    size_t n_groups = discover_tally_n_groups(r->tally);
    long long *ids = calloc(n_groups ? n_groups : 1, sizeof *ids); /* finding id of each group; freed here */
    if (!ids) {
        str_free(&bad);
        return app_fail(app, APP_DBFAIL, NULL, "out of memory");
    }
    if (audit_begin(app->db) != 0 || store_run_insert(app->db, app->org.id, &run, app->user.id, &sum->run_id) != 0 ||
        store_findings(app, r, sum, ids) != 0) {
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
