/* calendar — proleptic Gregorian dates as days since 1970-01-01, the
 * count that time expressions, both zone databases and the report's
 * chart reckon in. */
#ifndef KJ_CALENDAR_H
#define KJ_CALENDAR_H

#include <stdint.h>

int64_t kj_days_from_civil(int year, int month, int day);
void kj_civil_from_days(int64_t days, int *year, int *month, int *day);
/* The day (since 1970-01-01) that second t (since 1970-01-01 00:00 UTC)
 * falls on: floor division, so that a second before 1970 is on the day
 * before, not the day after. */
int64_t kj_day_of(int64_t t);

#endif
