#include <stdio.h>
#include <string.h>

#include "domain/dates.h"
#include "policy/fields.h"

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int date_add_months(int ymd, int months)
{
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    int total = y * 12 + (m - 1) + months;
    y = total / 12, m = total % 12 + 1;
    if (d > month_days(y, m))
        d = month_days(y, m);
    return y * 10000 + m * 100 + d;
}

/* Days since 0000-03-01 (a proleptic Gregorian day number). */
static long day_number(int ymd)
{
    long y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    if (m < 3)
        y--, m += 12;
    return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1;
}

static int from_day_number(long n)
{
    long y = (10000 * n + 14780) / 3652425;
    long ddd = n - (365 * y + y / 4 - y / 100 + y / 400);
    if (ddd < 0) {
        y--;
        ddd = n - (365 * y + y / 4 - y / 100 + y / 400);
    }
    long mi = (100 * ddd + 52) / 3060;
    long mm = (mi + 2) % 12 + 1;
    y += (mi + 2) / 12;
    long dd = ddd - (mi * 306 + 5) / 10 + 1;
    return (int)(y * 10000 + mm * 100 + dd);
}

int date_add_days(int ymd, int days) { return from_day_number(day_number(ymd) + days); }

void date_format(int ymd, char out[11])
{
    unsigned y = (unsigned)(ymd / 10000) % 10000u, m = (unsigned)(ymd / 100) % 100u, d = (unsigned)ymd % 100u;
    out[0] = (char)('0' + y / 1000), out[1] = (char)('0' + y / 100 % 10), out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10), out[4] = '-', out[5] = (char)('0' + m / 10), out[6] = (char)('0' + m % 10);
    out[7] = '-', out[8] = (char)('0' + d / 10), out[9] = (char)('0' + d % 10), out[10] = 0;
}

/* Era start dates (the first day of each era). */
static const struct {
    int start;
    const char *name;
} eras[] = {
    {20190501, "令和"}, {19890108, "平成"}, {19261225, "昭和"}, {19120730, "大正"}, {18730101, "明治"},
};

void date_wareki(int yyyymmdd, char *out, size_t size)
{
    int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    for (size_t i = 0; i < sizeof eras / sizeof eras[0]; i++) {
        if (yyyymmdd < eras[i].start)
            continue;
        int n = y - eras[i].start / 10000 + 1;
        if (n == 1)
            snprintf(out, size, "%s元年%d月%d日", eras[i].name, m, d);
        else
            snprintf(out, size, "%s%d年%d月%d日", eras[i].name, n, m, d);
        return;
    }
    snprintf(out, size, "%d年%d月%d日", y, m, d);
}

int date_jst_day(const char *iso)
{
    char day[11];
    int ymd = 0;
    if (!iso || strlen(iso) < 10)
        return 0;
    memcpy(day, iso, 10);
    day[10] = 0;
    if (!date_parse(day, &ymd))
        return 0;
    if (iso[10] == 'T' && iso[11] >= '0' && iso[11] <= '9' && iso[12] >= '0' && iso[12] <= '9' &&
        (iso[11] - '0') * 10 + (iso[12] - '0') >= 15)
        ymd = date_add_days(ymd, 1);
    return ymd;
}
