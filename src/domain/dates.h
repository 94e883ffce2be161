/* Calendar arithmetic on yyyymmdd dates (pure). */
#ifndef DAICHO_DATES_H
#define DAICHO_DATES_H
#include <stddef.h>

/* `months` later (or earlier when negative); a day past the end of the
 * target month becomes its last day (1/31 + 1 month = 2/28 or 2/29). */
int date_add_months(int yyyymmdd, int months);
int date_add_days(int yyyymmdd, int days);
/* The Japanese calendar day (JST, UTC+9) of a stored UTC time
 * "YYYY-MM-DDTHH:MM:SSZ" (15:00 UTC and later is the next day there) or of a
 * plain "YYYY-MM-DD"; 0 when `iso` is neither. */
int date_jst_day(const char *iso);
/* "YYYY-MM-DD" into out (11 bytes). */
void date_format(int yyyymmdd, char out[11]);
/* The date in 和暦 (Japanese era), e.g. "令和8年4月1日"; the first year of an
 * era is 元年 (令和元年5月1日). Dates before 明治6年 (1873-01-01, the solar
 * calendar) are written in the Gregorian calendar. */
void date_wareki(int yyyymmdd, char *out, size_t size);

#endif
