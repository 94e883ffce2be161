/* Calendar arithmetic on yyyymmdd dates (pure). */
#ifndef DAICHO_DATES_H
#define DAICHO_DATES_H

/* `months` later (or earlier when negative); a day past the end of the
 * target month becomes its last day (1/31 + 1 month = 2/28 or 2/29). */
int date_add_months(int yyyymmdd, int months);
int date_add_days(int yyyymmdd, int days);
/* "YYYY-MM-DD" into out (11 bytes). */
void date_format(int yyyymmdd, char out[11]);

#endif
