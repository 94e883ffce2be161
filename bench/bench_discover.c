/* Discovery benchmark helper (issue #5 item 5; bench/run-discover-bench.sh):
 *
 *   bench_discover gen FILE LINES   a Squid native access.log of LINES lines
 *   bench_discover seed DB          a SQLite database: organization "bench"
 *                                   (otokuni), administrator bench_admin,
 *                                   2,500 services with 5,000 registered
 *                                   domains (half exact, half "*.suffix"),
 *                                   1,250 of them with an active ledger entry
 *
 * The log is deterministic (xorshift): 70 % of the lines visit a registered
 * service's host (exact or under its wildcard), 20 % one of 30,000 unknown
 * hosts under 4,000 registrable domains, 10 % an internal *.lg.jp host;
 * a third of the visits are CONNECT host:443 (one line), the rest GET
 * http://host/path in bursts of 1-9 lines (a page and its resources, one
 * user, one host, as proxies log them); 2,000 users
 * (every fifth anonymous: rfc931 "-"); one line in 100,000 malformed.
 * Popularity is skewed as web traffic is (a few services and users make
 * most of the lines): the index of the service, unknown host and user is
 * N·u³ (services, hosts) or N·u² (users) for u uniform in [0, 1), so every
 * one of them still appears in a 10M-line log.
 * The measuring is done by the script on the daicho binary itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "store/discovery.h"

enum { SERVICES = 2500, UNKNOWN_HOSTS = 30000, UNKNOWN_DOMAINS = 4000, USERS = 2000 };

static unsigned long long rng = 88172645463325252ULL;
static unsigned long long next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* N·u^p for u uniform in [0, 1): a skewed index in [0, N). */
static int skewed(unsigned long long r, int n, int p)
{
    double u = (double)(r >> 11) / 9007199254740992.0, x = u;
    for (int i = 1; i < p; i++)
        x *= u;
    return (int)(x * n);
}

static void die(const char *msg, const char *detail)
{
    fprintf(stderr, "bench_discover: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

/* Service i's two patterns: exact svcI.exampleK.com, wildcard *.svcI.cloudK.net. */
static void service_exact(int i, char *out, size_t n) { snprintf(out, n, "svc%d.example%d.com", i, i % 50); }
static void service_wild_base(int i, char *out, size_t n) { snprintf(out, n, "svc%d.cloud%d.net", i, i % 7); }

static int gen(const char *path, long long lines)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die("cannot write", path);
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    long long t = 1775001600000LL; /* ms */
    char host[128], base[96];
    static const char *const paths[] = {"/", "/index.html", "/api/v1/items?page=2", "/static/app.js", "/login",
                                        "/images/logo.png"};
    long long i = 0;
    while (i < lines) {
        unsigned long long r = next();
        t += (long long)(r % 400);
        if (r % 20000 == 7) { /* ~1 in 100,000 lines */
            fputs("1775001600.000 garbage without enough fields\n", f);
            i++;
            continue;
        }
        unsigned kind = (unsigned)(r >> 8) % 10;
        unsigned long long r2 = next();
        if (kind < 7) {
            int s = 1 + skewed(next(), SERVICES, 3);
            if ((r2 >> 20) & 1) {
                service_exact(s, host, sizeof host);
            } else {
                service_wild_base(s, base, sizeof base);
                snprintf(host, sizeof host, "%s%d.%s", (r2 >> 21) & 1 ? "api" : "www", (int)((r2 >> 22) % 5), base);
            }
        } else if (kind < 9) {
            int h = skewed(next(), UNKNOWN_HOSTS, 3);
            snprintf(host, sizeof host, "h%d.site%d.%s", h, h % UNKNOWN_DOMAINS, h % 3 == 0 ? "co.jp" : "com");
        } else {
            snprintf(host, sizeof host, "www%d.city%d.lg.jp", (int)(r2 % 20), (int)((r2 >> 8) % 3));
        }
        int user = skewed(next(), USERS, 2);
        char rfc931[32];
        if (user % 5 == 0)
            strcpy(rfc931, "-");
        else
            snprintf(rfc931, sizeof rfc931, "user%04d", user);
        int connect = (r2 >> 40) % 3 == 0;
        /* A visit: a page and its resources, 1-9 requests in a row (a
         * CONNECT tunnel is one line). */
        int burst = connect ? 1 : 1 + (int)((r2 >> 48) % 9);
        for (int b = 0; b < burst && i < lines; b++, i++) {
            t += b ? (long long)((r2 >> (b * 3)) % 40) : 0;
            if (connect)
                fprintf(f, "%lld.%03lld %6d 10.1.%d.%d TCP_TUNNEL/200 %d CONNECT %s:443 %s HIER_DIRECT/203.0.113.%d -\n",
                        t / 1000, t % 1000, (int)(r2 % 3000), user / 250, user % 250, (int)(r2 % 90000), host, rfc931,
                        (int)(r2 % 250));
            else
                fprintf(f, "%lld.%03lld %6d 10.1.%d.%d TCP_MISS/200 %d GET http://%s%s %s HIER_DIRECT/203.0.113.%d text/html\n",
                        t / 1000, t % 1000, (int)((r2 >> b) % 3000), user / 250, user % 250, (int)((r2 >> b) % 90000),
                        host, paths[((r2 >> 44) + (unsigned)b) % 6], rfc931, (int)(r2 % 250));
        }
    }
    if (fclose(f) != 0)
        die("write failed", path);
    return 0;
}

static const char SQL_ENTRY[] =
    "INSERT INTO ledger_entries (org_id, number, service_id, state, version, track, service_name, doc, search_text,"
    " created_at, updated_at) VALUES (:org, :number, :service, 'active', 1, 'ordinary', :name, '{}', :name, :at, :at)";

static int seed(const char *db_url)
{
    ProfileSet set = {0};
    Errors errs = {0};
    if (!profileset_load_builtin(&set, &errs))
        die("built-in profiles failed to load", NULL);
    App app;
    if (app_open(&app, db_url, 1, &set) != APP_OK)
        die("cannot open", str_cstr(&app.err));
    NewUser admin = {"bench_admin", "管理者 太郎", "総務課", "課長", NULL, 0, 1, NULL, 0};
    long long org_id;
    if (app_org_create(&app, "bench", "ベンチマーク組合", "otokuni", &admin, &org_id) != APP_OK)
        die("org", str_cstr(&app.err));
    Db *db = app.db;
    if (db_begin(db) != 0)
        die("begin", db_errmsg(db));
    char name[64], pat[128], base[96];
    for (int i = 1; i <= SERVICES; i++) {
        snprintf(name, sizeof name, "ベンチサービス%d", i);
        long long sid;
        if (store_service_ensure(db, org_id, name, "", "cloud", &sid) != 0)
            die("service", db_errmsg(db));
        service_exact(i, pat, sizeof pat);
        if (store_service_domain_add(db, sid, pat) != 0)
            die("domain", db_errmsg(db));
        service_wild_base(i, base, sizeof base);
        snprintf(pat, sizeof pat, "*.%s", base);
        if (store_service_domain_add(db, sid, pat) != 0)
            die("domain", db_errmsg(db));
        if (i % 2 == 0) {
            DbStmt *st = db_prepare(db, SQL_ENTRY);
            if (!st ||
                (db_bind_int(st, "org", org_id) | db_bind_int(st, "number", i) | db_bind_int(st, "service", sid) |
                 db_bind_text(st, "name", name) | db_bind_text(st, "at", "2026-04-01T00:00:00Z")) != 0 ||
                db_run(st, NULL) != 0)
                die("entry", db_errmsg(db));
        }
    }
    if (db_commit(db) != 0)
        die("commit", db_errmsg(db));
    app_close(&app);
    profileset_free(&set);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "gen") == 0)
        return gen(argv[2], atoll(argv[3]));
    if (argc == 3 && strcmp(argv[1], "seed") == 0)
        return seed(argv[2]);
    fprintf(stderr, "usage: bench_discover gen FILE LINES | bench_discover seed DB\n");
    return 2;
}
