/* bench/evaluate — evaluations per second on one core, per profile, for a
 * realistic application (examples/ID/BENCH_FILE), measured three ways in the
 * same run:
 *   floor:     jansson parses the document alone (json_loadb + json_decref)
 *   full:      daicho parses it into an application and evaluates it
 *   evaluate:  evaluation alone, on an already parsed application
 * and prints the ratio full/floor (the target: ≥ 200,000 full
 * evaluations/s, evaluation adding ≤ 25% over the parse alone).
 * Usage: bench_evaluate [SECONDS_PER_MEASUREMENT [full]]
 * ("full" measures only the full path, for profiling with perf). */
#include <jansson.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exchange/appdoc_json.h"
#include "policy/evaluate.h"
#include "policy/registry.h"
#include "util/file.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct Case {
    const char *profile;
    const char *file;
} Case;

static const Case cases[] = {
    {"kitakyushu-external", "examples/kitakyushu-external/ordinary-ready.json"},
    {"kitakyushu-cloud", "examples/kitakyushu-cloud/ordinary-ready.json"},
    {"otokuni", "examples/otokuni/important-ready.json"},
    {"tokyo-edu", "examples/tokyo-edu/ordinary-ready.json"},
};

static volatile int sink;

/* Run `fn` repeatedly for about `seconds`; returns operations per second. */
#define MEASURE(seconds, body)                                                   \
    ({                                                                           \
        long n_ = 0;                                                             \
        double t0_ = now(), t_;                                                  \
        do {                                                                     \
            for (int k_ = 0; k_ < 256; k_++) {                                   \
                body;                                                            \
            }                                                                    \
            n_ += 256;                                                           \
        } while ((t_ = now() - t0_) < (seconds));                                \
        (double)n_ / t_;                                                         \
    })

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    int only_full = argc > 2 && strcmp(argv[2], "full") == 0;
    /* one core, as the issue asks */
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    CPU_SET(0, &cpus);
    sched_setaffinity(0, sizeof cpus, &cpus);

    ProfileSet set = {0};
    Errors errs = {0};
    if (!profileset_load_builtin(&set, &errs)) {
        fprintf(stderr, "built-in profiles failed to load\n");
        return 1;
    }
    const char *root = getenv("DAICHO_SOURCE_DIR") ? getenv("DAICHO_SOURCE_DIR") : DAICHO_SOURCE_DIR;
    printf("%-20s %6s %14s %14s %14s %12s %10s\n", "profile", "bytes", "floor/s", "full/s", "evaluate/s",
           "full/floor", "eval µs");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const Profile *p = profileset_find(&set, cases[c].profile);
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", root, cases[c].file);
        size_t len;
        const char *err;
        char *text = file_read(path, &len, &err);
        if (!p || !text) {
            fprintf(stderr, "%s: %s\n", path, text ? "no profile" : err);
            return 1;
        }
        Decision d;
        decision_init(&d, p);

        double floor_rate = only_full ? 1 : MEASURE(seconds, {
            json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
            sink += j != NULL;
            json_decref(j);
        });
        double full_rate = MEASURE(seconds, {
            AppDoc doc;
            Errors e = {0};
            if (appdoc_parse_json(&doc, p, "bench", text, len, &e)) {
                evaluate(&doc, &d);
                sink += d.verdict;
            }
            appdoc_free(&doc);
            errors_free(&e);
        });
        AppDoc doc;
        if (!appdoc_parse_json(&doc, p, "bench", text, len, &errs)) {
            fprintf(stderr, "%s does not parse\n", path);
            return 1;
        }
        double eval_rate = only_full ? 1 : MEASURE(seconds, {
            evaluate(&doc, &d);
            sink += d.verdict;
        });
        printf("%-20s %6zu %14.0f %14.0f %14.0f %11.2fx %10.2f\n", cases[c].profile, len, floor_rate, full_rate,
               eval_rate, floor_rate / full_rate, 1e6 / eval_rate);
        appdoc_free(&doc);
        decision_free(&d);
        free(text);
    }
    printf("\nfloor = jansson parse alone; full = parse into an application + evaluate; "
           "full/floor = time of full ÷ time of floor (target ≤ 1.25)\n");
    profileset_free(&set);
    return 0;
}
