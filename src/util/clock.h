/* The time of day, in one place so that tests can fix it: when DAICHO_NOW is
 * set ("2027-04-01" or "2027-04-01T09:30:00Z") every "now" is that instant. */
#ifndef DAICHO_CLOCK_H
#define DAICHO_CLOCK_H

enum { CLOCK_ISO_LEN = 21 }; /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Now in UTC as "YYYY-MM-DDTHH:MM:SSZ". Returns 0, or -1 when DAICHO_NOW is
 * set but malformed (out then holds the real time). */
int clock_now_iso(char out[CLOCK_ISO_LEN]);
/* Today's date in Japan (JST, UTC+9) as yyyymmdd: due dates are Japanese
 * calendar days whatever the server's time zone. */
int clock_today_jst(void);

#endif
