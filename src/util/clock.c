#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"

/* Seconds since the epoch of DAICHO_NOW, or of the real clock. */
static time_t now_seconds(int *bad)
{
    const char *fixed = getenv("DAICHO_NOW");
    *bad = 0;
    if (fixed && *fixed) {
        struct tm tm = {0};
        int y, mo, d, h = 0, mi = 0, s = 0;
        size_t n = strlen(fixed);
        int ok = (n == 10 && sscanf(fixed, "%4d-%2d-%2d", &y, &mo, &d) == 3) ||
                 (n == 20 && fixed[19] == 'Z' && sscanf(fixed, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) == 6);
        if (ok && y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 60) {
            tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d;
            tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = s;
            /* A bare date means the start of that day in Japan. */
            return timegm(&tm) - (n == 10 ? 9 * 3600 : 0);
        }
        *bad = 1;
    }
    return time(NULL);
}

int clock_now_iso(char out[CLOCK_ISO_LEN])
{
    int bad;
    time_t t = now_seconds(&bad);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, CLOCK_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return bad ? -1 : 0;
}

int clock_today_jst(void)
{
    int bad;
    time_t t = now_seconds(&bad) + 9 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}
