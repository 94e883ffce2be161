/* /metrics in the Prometheus text format: requests, latencies and errors
 * counted in memory (lock-free), applications by state read at scrape time. */
#ifndef DAICHO_WEB_METRICS_H
#define DAICHO_WEB_METRICS_H
#include "util/str.h"

/* Count one finished request (status 0: none was sent). */
void metrics_request(const char *path, int status, double seconds, int aborted);
/* The counters as Prometheus text. */
void metrics_write(Str *out);

#endif
