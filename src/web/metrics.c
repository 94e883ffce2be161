/* Request metrics (see metrics.h). Counters are atomics: every worker
 * thread adds to them without a lock. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "web/metrics.h"

/* Latency buckets (seconds), the Prometheus histogram's upper bounds. */
static const double bucket_le[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
enum { BUCKETS = (int)(sizeof bucket_le / sizeof bucket_le[0]) };
/* Status classes 1xx–5xx, and 0 for requests that got no response. */
enum { CLASSES = 6 };
enum { AREA_PAGE, AREA_API, AREA_STATIC, AREAS };
static const char *const area_names[AREAS] = {"page", "api", "static"};

static atomic_ullong requests[AREAS][CLASSES];
static atomic_ullong buckets[AREAS][BUCKETS];
static atomic_ullong micros_sum[AREAS];
static atomic_ullong aborted_total;

void metrics_request(const char *path, int status, double seconds, int aborted)
{
    int area = strncmp(path, "/api/", 5) == 0 ? AREA_API : strncmp(path, "/static/", 8) == 0 ? AREA_STATIC : AREA_PAGE;
    int cls = status >= 100 && status < 600 ? status / 100 : 0;
    atomic_fetch_add(&requests[area][cls], 1);
    for (int i = 0; i < BUCKETS; i++)
        if (seconds <= bucket_le[i])
            atomic_fetch_add(&buckets[area][i], 1);
    atomic_fetch_add(&micros_sum[area], (unsigned long long)(seconds * 1e6));
    if (aborted)
        atomic_fetch_add(&aborted_total, 1);
}

void metrics_write(Str *out)
{
    str_append(out, "# HELP daicho_http_requests_total HTTP requests by area and status class.\n"
                    "# TYPE daicho_http_requests_total counter\n");
    for (int a = 0; a < AREAS; a++)
        for (int c = 0; c < CLASSES; c++)
            str_appendf(out, "daicho_http_requests_total{area=\"%s\",code=\"%s\"} %llu\n", area_names[a],
                        c ? (const char *[]){"", "1xx", "2xx", "3xx", "4xx", "5xx"}[c] : "none",
                        (unsigned long long)atomic_load(&requests[a][c]));
    str_append(out, "# HELP daicho_http_request_duration_seconds Time from the request's start to its completion.\n"
                    "# TYPE daicho_http_request_duration_seconds histogram\n");
    for (int a = 0; a < AREAS; a++) {
        unsigned long long count = 0;
        for (int c = 0; c < CLASSES; c++)
            count += atomic_load(&requests[a][c]);
        for (int i = 0; i < BUCKETS; i++)
            str_appendf(out, "daicho_http_request_duration_seconds_bucket{area=\"%s\",le=\"%g\"} %llu\n", area_names[a],
                        bucket_le[i], (unsigned long long)atomic_load(&buckets[a][i]));
        str_appendf(out, "daicho_http_request_duration_seconds_bucket{area=\"%s\",le=\"+Inf\"} %llu\n", area_names[a], count);
        str_appendf(out, "daicho_http_request_duration_seconds_sum{area=\"%s\"} %.6f\n", area_names[a],
                    (double)atomic_load(&micros_sum[a]) / 1e6);
        str_appendf(out, "daicho_http_request_duration_seconds_count{area=\"%s\"} %llu\n", area_names[a], count);
    }
    str_append(out, "# HELP daicho_http_errors_total Requests that ended without a complete response (client gone, timeout).\n"
                    "# TYPE daicho_http_errors_total counter\n");
    str_appendf(out, "daicho_http_errors_total %llu\n", (unsigned long long)atomic_load(&aborted_total));
}
