/* calendar — proleptic Gregorian dates as days since 1970-01-01, the
 * count that time expressions, both zone databases and the report's
 * chart reckon in. */
#ifndef KJ_CALENDAR_H
#define KJ_CALENDAR_H

#include <stdint.h>

int64_t kj_days_from_civil(int year, int month, int day);
void kj_civil_from_days(int64_t days, int *year, int *month, int *day);

#endif
