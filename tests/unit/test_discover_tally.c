/* The tally of a discovery run (src/domain/discover_tally.h; issue #5 item
 * 5, otokuni 3.4①(ア)・2): a host is sorted once — ignore list, then
 * exemptions, then services in force — and every other host is a finding
 * grouped by its service or registrable domain; counts and first/last
 * times per finding, host and user; two halves joined give what one pass
 * gives; the per-finding user cap on both sides of its boundary. Pure: no
 * database, no App. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "domain/discover_tally.h"

/* Service 10 "Box" (not in force), service 20 "Drive" (in force), an
 * exemption over *.lg.jp and an ignore-list entry for one of its hosts. */
static void patterns(DiscoverPatterns *p)
{
    discover_patterns_init(p);
    discover_patterns_add_service(p, 10, "Box", "*.box.com");
    discover_patterns_add_service(p, 10, "Box", "box.com");
    discover_patterns_add_service(p, 20, "Drive", "*.drive.example.com");
    discover_patterns_add_approved(p, 20);
    discover_patterns_add_exempt(p, "*.lg.jp", 1);
    discover_patterns_add_exempt(p, "mail.drive.example.com", 2);
    discover_patterns_add_ignore(p, "www.city.lg.jp", 1);
    assert_int_equal(discover_patterns_ready(p), 0);
}

static void add(DiscoverTally *t, const char *host, const char *user, long long time)
{
    discover_tally_add(t, host, strlen(host), user, strlen(user), time);
}

static const DiscoverGroup *group_by_key(const DiscoverTally *t, const char *key, int *index)
{
    for (size_t i = 0; i < discover_tally_n_groups(t); i++)
        if (strcmp(discover_tally_group(t, i)->key, key) == 0) {
            if (index)
                *index = (int)i;
            return discover_tally_group(t, i);
        }
    return NULL;
}

static void test_classification_order(void **state)
{
    (void)state;
    DiscoverPatterns p;
    patterns(&p);
    DiscoverTally *t = discover_tally_new(&p);
    assert_non_null(t);
    add(t, "www.city.lg.jp", "u1", 100);         /* ignored before exempt */
    add(t, "a.lg.jp", "u1", 101);                /* exempt */
    add(t, "mail.drive.example.com", "u1", 102); /* exempt before approved */
    add(t, "x.drive.example.com", "u1", 103);    /* approved: service 20 in force */
    add(t, "www.box.com", "u1", 104);            /* finding: service 10 */
    add(t, "box.com", "u2", 105);
    add(t, "a.dropbox.com", "u1", 106);          /* finding: registrable domain */
    add(t, "dl.dropbox.com", "u1", 107);
    DiscoverTotals tot;
    discover_tally_totals(t, &tot);
    assert_int_equal(tot.hits[DISCOVER_IGNORED], 1);
    assert_int_equal(tot.hits[DISCOVER_EXEMPT], 2);
    assert_int_equal(tot.hits[DISCOVER_APPROVED], 1);
    assert_int_equal(tot.hits[DISCOVER_FINDING], 4);
    assert_int_equal(tot.unrecorded, 0);
    assert_int_equal(discover_tally_n_groups(t), 2);
    const DiscoverGroup *box = group_by_key(t, "service:10", NULL);
    assert_non_null(box);
    assert_string_equal(box->label, "Box");
    assert_int_equal(box->service_id, 10);
    assert_int_equal(box->count.hits, 2);
    assert_int_equal(box->n_users, 2);
    const DiscoverGroup *dropbox = group_by_key(t, "domain:dropbox.com", NULL);
    assert_non_null(dropbox);
    assert_string_equal(dropbox->label, "dropbox.com");
    assert_int_equal(dropbox->service_id, 0);
    assert_int_equal(dropbox->count.hits, 2);
    assert_int_equal(dropbox->count.first, 106);
    assert_int_equal(dropbox->count.last, 107);
    discover_tally_free(t);
    discover_patterns_free(&p);
}

typedef struct Seen {
    char text[8192];
    size_t len;
} Seen;

static int seen_line(void *ctx, int group, const char *name, const DiscoverCount *c)
{
    Seen *s = ctx;
    s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "%d %s %lld %lld-%lld\n", group, name,
                               c->hits, c->first, c->last);
    return 0;
}

/* A burst by one user to one host takes the previous-line shortcut; a
 * change of user within the burst must still count per user, and times
 * out of order still give the earliest and latest. */
static void test_counts_in_a_burst(void **state)
{
    (void)state;
    DiscoverPatterns p;
    patterns(&p);
    DiscoverTally *t = discover_tally_new(&p);
    assert_non_null(t);
    add(t, "a.dropbox.com", "u1", 5);
    add(t, "a.dropbox.com", "u1", 3);
    add(t, "a.dropbox.com", "u2", 9);
    add(t, "a.dropbox.com", "u1", 4);
    add(t, "www.box.com", "u1", 20); /* the same user, another finding: its own pair */
    const DiscoverGroup *g = group_by_key(t, "domain:dropbox.com", NULL);
    assert_non_null(g);
    assert_int_equal(g->count.hits, 4);
    assert_int_equal(g->count.first, 3);
    assert_int_equal(g->count.last, 9);
    Seen hosts = {0}, users = {0};
    /* table order is not insertion order: look for each line */
    assert_int_equal(discover_tally_each_host(t, seen_line, &hosts), 0);
    assert_non_null(strstr(hosts.text, "0 a.dropbox.com 4 3-9\n"));
    assert_non_null(strstr(hosts.text, "1 www.box.com 1 20-20\n"));
    assert_int_equal(discover_tally_each_user(t, seen_line, &users), 0);
    assert_non_null(strstr(users.text, "0 u1 3 3-5\n"));
    assert_non_null(strstr(users.text, "0 u2 1 9-9\n"));
    assert_non_null(strstr(users.text, "1 u1 1 20-20\n"));
    discover_tally_free(t);
    discover_patterns_free(&p);
}

/* Everything a tally holds, as sorted lines naming groups by key. */
static int cmp_line(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

typedef struct Dump {
    const DiscoverTally *t;
    char *lines[4096];
    int n;
} Dump;

static int dump_line(Dump *d, const char *kind, int group, const char *name, const DiscoverCount *c)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s %s %s %lld %lld %lld", kind, discover_tally_group(d->t, (size_t)group)->key, name,
             c->hits, c->first, c->last);
    assert_true(d->n < 4096);
    d->lines[d->n++] = strdup(buf);
    return 0;
}

static int dump_host(void *ctx, int group, const char *name, const DiscoverCount *c)
{
    return dump_line(ctx, "host", group, name, c);
}

static int dump_user(void *ctx, int group, const char *name, const DiscoverCount *c)
{
    return dump_line(ctx, "user", group, name, c);
}

static char *dump(const DiscoverTally *t)
{
    Dump *d = calloc(1, sizeof *d);
    d->t = t;
    for (size_t i = 0; i < discover_tally_n_groups(t); i++) {
        const DiscoverGroup *g = discover_tally_group(t, i);
        dump_line(d, "group", (int)i, g->label, &g->count);
    }
    discover_tally_each_host(t, dump_host, d);
    discover_tally_each_user(t, dump_user, d);
    qsort(d->lines, (size_t)d->n, sizeof *d->lines, cmp_line);
    DiscoverTotals tot;
    discover_tally_totals(t, &tot);
    size_t cap = 64 + (size_t)d->n * 512, len = 0;
    char *out = malloc(cap);
    len += (size_t)snprintf(out, cap, "%lld %lld %lld %lld %lld\n", tot.hits[0], tot.hits[1], tot.hits[2],
                            tot.hits[3], tot.unrecorded);
    for (int i = 0; i < d->n; i++) {
        len += (size_t)snprintf(out + len, cap - len, "%s\n", d->lines[i]);
        free(d->lines[i]);
    }
    free(d);
    return out;
}

/* The two-thread read joins a second tally into the first: the result
 * must be what one tally over all the records gives (below the caps). */
static void test_merge_equals_one_pass(void **state)
{
    (void)state;
    static const char *const hosts[] = {"www.box.com",   "a.dropbox.com",      "dl.dropbox.com", "x.drive.example.com",
                                        "a.lg.jp",       "www.city.lg.jp",     "files.example.org",
                                        "box.com",       "mail.drive.example.com", "cdn.example.org"};
    DiscoverPatterns p;
    patterns(&p);
    DiscoverTally *one = discover_tally_new(&p), *first = discover_tally_new(&p), *second = discover_tally_new(&p);
    assert_true(one && first && second);
    unsigned long long rng = 88172645463325252ULL;
    enum { N = 3000 };
    for (int i = 0; i < N; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        const char *host = hosts[rng % 10];
        char user[16];
        snprintf(user, sizeof user, "u%llu", (rng >> 8) % 7);
        long long time = 1775000000LL + (long long)((rng >> 16) % 100000);
        add(one, host, user, time);
        add(i < N / 2 ? first : second, host, user, time);
    }
    assert_int_equal(discover_tally_merge(first, second), 0);
    char *a = dump(one), *b = dump(first);
    assert_string_equal(a, b);
    free(a);
    free(b);
    discover_tally_free(one);
    discover_tally_free(first);
    discover_tally_free(second);
    discover_patterns_free(&p);
}

/* DISCOVER_USERS_PER_FINDING users are itemised on one finding; the hit
 * of one more user is counted as unrecorded (the finding still counts it). */
static void users_on_one_finding(int n_users, long long want_unrecorded, int want_itemised)
{
    DiscoverPatterns p;
    patterns(&p);
    DiscoverTally *t = discover_tally_new(&p);
    assert_non_null(t);
    for (int i = 0; i < n_users; i++) {
        char user[16];
        snprintf(user, sizeof user, "u%d", i);
        add(t, "a.dropbox.com", user, 1000 + i);
    }
    DiscoverTotals tot;
    discover_tally_totals(t, &tot);
    assert_int_equal(tot.unrecorded, want_unrecorded);
    const DiscoverGroup *g = group_by_key(t, "domain:dropbox.com", NULL);
    assert_non_null(g);
    assert_int_equal(g->count.hits, n_users);
    assert_int_equal(g->n_users, want_itemised);
    discover_tally_free(t);
    discover_patterns_free(&p);
}

static void test_user_cap_boundary(void **state)
{
    (void)state;
    users_on_one_finding(DISCOVER_USERS_PER_FINDING, 0, DISCOVER_USERS_PER_FINDING);
    users_on_one_finding(DISCOVER_USERS_PER_FINDING + 1, 1, DISCOVER_USERS_PER_FINDING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classification_order),
        cmocka_unit_test(test_counts_in_a_burst),
        cmocka_unit_test(test_merge_equals_one_pass),
        cmocka_unit_test(test_user_cap_boundary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
