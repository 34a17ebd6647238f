/* test_tz — src/tz.c: zone validity, did-you-mean, local -> UTC with both
 * readings at clock changes, fixed offsets, the union of the readings of
 * ICU's zone data and the system's tzdata where they differ (and their gaps
 * and overlaps), and ICU's offsets checked against the system's `zdump -v`
 * for a table of zones and instants, with the known pre-1970 divergences
 * asserted to diverge.  tests/tz_cross.sh checks every zone.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "kj_test.h"
#include "tz.h"

static void test_valid(void **state)
{
    (void)state;
    assert_int_equal(kj_tz_valid("Europe/Oslo"), 1);
    assert_int_equal(kj_tz_valid("America/New_York"), 1);
    assert_int_equal(kj_tz_valid("US/Eastern"), 1); /* a link is still a zone */
    assert_int_equal(kj_tz_valid("UTC"), 1);
    assert_int_equal(kj_tz_valid("europe/oslo"), 0); /* ids are case-sensitive */
    assert_int_equal(kj_tz_valid("Etc/Unknown"), 0);
    assert_int_equal(kj_tz_valid("Europe/Olso"), 0);
    assert_int_equal(kj_tz_valid(""), 0);
    assert_int_equal(kj_tz_valid(NULL), 0);
}

static void test_fixed_offsets(void **state)
{
    (void)state;
    int off;
    int64_t first, last;
    assert_int_equal(kj_tz_valid("UTC+01:00"), 1);
    assert_int_equal(kj_tz_valid("UTC+00:19:32"), 1);
    assert_int_equal(kj_tz_valid("UTC-05"), 1);
    assert_int_equal(kj_tz_valid("GMT+1"), 1);
    assert_int_equal(kj_tz_valid("UTC+24:00"), 0);
    assert_int_equal(kj_tz_valid("UTC+01:5"), 0);
    assert_int_equal(kj_tz_valid("UTC+01:00x"), 0);
    assert_int_equal(kj_tz_offset("UTC+00:19:32", 0, &off), 0);
    assert_int_equal(off, 19 * 60 + 32);
    assert_int_equal(kj_tz_offset("UTC-04:30", 0, &off), 0);
    assert_int_equal(off, -(4 * 3600 + 30 * 60));
    assert_int_equal(kj_tz_local_to_utc("UTC+00:19:32", 1935, 1, 1, 0, 0, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(1934, 12, 31, 23, 40, 28));
    assert_int_equal(last, first);
}

static void test_suggest(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(kj_tz_suggest("Europe/Olso", buf, sizeof buf), "Europe/Oslo");
    assert_string_equal(kj_tz_suggest("europe/oslo", buf, sizeof buf), "Europe/Oslo");
    assert_string_equal(kj_tz_suggest("Oslo", buf, sizeof buf), "Europe/Oslo");
    assert_string_equal(kj_tz_suggest("Europe/Berln", buf, sizeof buf), "Europe/Berlin");
    assert_null(kj_tz_suggest("Xyzzy/Qwertyuiop", buf, sizeof buf));
}

static void test_local_to_utc_history(void **state)
{
    (void)state;
    int64_t first, last;
    /* Oslo was UTC+1 all year in 1935 */
    assert_int_equal(kj_tz_local_to_utc("Europe/Oslo", 1935, 12, 1, 15, 0, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(1935, 12, 1, 14, 0, 0));
    assert_int_equal(last, first);
    /* Paris on summer time (WET+1) in July 1933 */
    assert_int_equal(kj_tz_local_to_utc("Europe/Paris", 1933, 7, 15, 12, 0, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(1933, 7, 15, 11, 0, 0));
    /* Paris in winter 1933: WET, UTC+0 */
    assert_int_equal(kj_tz_local_to_utc("Europe/Paris", 1933, 1, 15, 12, 0, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(1933, 1, 15, 12, 0, 0));
    /* New York on EDT in May 1927 */
    assert_int_equal(kj_tz_local_to_utc("America/New_York", 1927, 5, 10, 12, 0, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(1927, 5, 10, 16, 0, 0));
    /* Moscow 1937: UTC+3 */
    assert_int_equal(kj_tz_local_to_utc("Europe/Moscow", 1937, 1, 23, 12, 0, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(1937, 1, 23, 9, 0, 0));
}

static void test_local_to_utc_clock_changes(void **state)
{
    (void)state;
    int64_t first, last;
    /* 02:30 was skipped in Berlin on 2021-03-28: read with +01:00 and +02:00 */
    assert_int_equal(kj_tz_local_to_utc("Europe/Berlin", 2021, 3, 28, 2, 30, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(2021, 3, 28, 0, 30, 0));
    assert_int_equal(last, kj_test_utc(2021, 3, 28, 1, 30, 0));
    /* 02:30 happened twice in Berlin on 2021-10-31 */
    assert_int_equal(kj_tz_local_to_utc("Europe/Berlin", 2021, 10, 31, 2, 30, 0, &first, &last), 0);
    assert_int_equal(first, kj_test_utc(2021, 10, 31, 0, 30, 0));
    assert_int_equal(last, kj_test_utc(2021, 10, 31, 1, 30, 0));
    /* an ordinary time nearby has one reading */
    assert_int_equal(kj_tz_local_to_utc("Europe/Berlin", 2021, 10, 31, 4, 0, 0, &first, &last), 0);
    assert_int_equal(first, last);
}

/* The cache's per-day arithmetic agrees with ICU's reading of every wall
 * time, hour by hour (and at odd minutes), over years of clock changes,
 * double summer time, a half-hour zone, a zone that skipped a whole day
 * (Pacific/Apia, 2011-12-30) and a date ICU would roll over (30 February). */
static void test_local_to_utc_day_cache(void **state)
{
    (void)state;
    static const char *zones[] = {"Europe/Berlin", "Europe/London", "Europe/Oslo", "America/New_York",
                                  "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "Europe/Moscow"};
    static const int years[][2] = {{1916, 1916}, {1940, 1940}, {1945, 1945}, {2011, 2011}};
    kj_tz_cache *cache = kj_tz_cache_new();
    long compared = 0;
    for (size_t z = 0; z < sizeof zones / sizeof *zones; z++)
        for (size_t r = 0; r < sizeof years / sizeof *years; r++)
            for (int y = years[r][0]; y <= years[r][1]; y++)
                for (int m = 1; m <= 12; m++)
                    for (int d = 1; d <= 31; d++)
                        for (int h = 0; h < 24; h++) {
                            int mi = (h * 7) % 60, se = (d * 13) % 60;
                            int64_t f1 = 0, l1 = 0, f2 = 0, l2 = 0;
                            int a = kj_tz_local_to_utc(zones[z], y, m, d, h, mi, se, &f1, &l1);
                            int b = kj_tz_local_to_utc_c(cache, zones[z], y, m, d, h, mi, se, &f2, &l2);
                            assert_int_equal(a, b);
                            if (a == 0) {
                                if (f1 != f2 || l1 != l2)
                                    fail_msg("%s %04d-%02d-%02d %02d:%02d:%02d: ICU %lld..%lld, cached %lld..%lld", zones[z], y, m,
                                             d, h, mi, se, (long long)f1, (long long)l1, (long long)f2, (long long)l2);
                                compared++;
                            }
                        }
    assert_true(compared > 200000);
    /* the days of clock changes are left to ICU; their neighbours are not */
    int64_t utc0 = 0;
    assert_int_equal(kj_tz_fixed_day_c(cache, "Europe/Berlin", 2021, 3, 28, &utc0), 0);
    assert_int_equal(kj_tz_fixed_day_c(cache, "Europe/Berlin", 2021, 10, 31, &utc0), 0);
    assert_int_equal(kj_tz_fixed_day_c(cache, "Pacific/Apia", 2011, 12, 29, &utc0), 0);
    assert_int_equal(kj_tz_fixed_day_c(cache, "Europe/Berlin", 2021, 3, 27, &utc0), 1);
    assert_int_equal(utc0, kj_test_utc(2021, 3, 26, 23, 0, 0));
    assert_int_equal(kj_tz_fixed_day_c(NULL, "Europe/Berlin", 2021, 3, 27, &utc0), 0);
    kj_tz_cache_free(cache);
}

/* The offset of an instant through the day cache against ICU's, every
 * 3 h 7 min 7 s (so every time of day comes round) of the same zones and
 * years, and every 10 minutes of the days around their clock changes. */
static void test_offset_day_cache(void **state)
{
    (void)state;
    static const char *zones[] = {"Europe/Berlin", "Europe/London", "Europe/Oslo", "America/New_York",
                                  "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Apia", "Europe/Moscow"};
    static const int years[] = {1916, 1940, 1945, 2011};
    kj_tz_cache *cache = kj_tz_cache_new();
    long compared = 0;
    for (size_t z = 0; z < sizeof zones / sizeof *zones; z++)
        for (size_t r = 0; r < sizeof years / sizeof *years; r++) {
            int64_t from = kj_days_from_civil(years[r], 1, 1) * 86400 - 86400, to = from + 368 * 86400;
            int prev = 0;
            for (int64_t t = from; t < to; t += 3 * 3600 + 7 * 60 + 7) {
                int o1 = 0, o2 = 0;
                assert_int_equal(kj_tz_offset(zones[z], t, &o1), 0);
                if (t > from && o1 != prev) /* a change since the last sample: the days around it, densely */
                    for (int64_t u = t - 2 * 86400; u < t + 86400; u += 600) {
                        int a = 0, b = 0;
                        assert_int_equal(kj_tz_offset(zones[z], u, &a), 0);
                        assert_int_equal(kj_tz_offset_c(cache, zones[z], u, &b), 0);
                        if (a != b) fail_msg("%s at %lld: ICU %d, cached %d", zones[z], (long long)u, a, b);
                        compared++;
                    }
                prev = o1;
                assert_int_equal(kj_tz_offset_c(cache, zones[z], t, &o2), 0);
                if (o1 != o2) fail_msg("%s at %lld: ICU %d, cached %d", zones[z], (long long)t, o1, o2);
                compared++;
            }
        }
    assert_true(compared > 50000);
    kj_tz_cache_free(cache);
}

static void test_local_to_utc_errors(void **state)
{
    (void)state;
    int64_t first, last;
    assert_int_equal(kj_tz_local_to_utc("Europe/Olso", 1935, 1, 1, 0, 0, 0, &first, &last), -1);
    assert_int_equal(kj_tz_local_to_utc("Europe/Oslo", 0, 1, 1, 0, 0, 0, &first, &last), -1);
    assert_int_equal(kj_tz_local_to_utc("Europe/Oslo", 1935, 13, 1, 0, 0, 0, &first, &last), -1);
    int off;
    assert_int_equal(kj_tz_offset("Nowhere/Special", 0, &off), -1);
}

/* ---- both databases: the union of readings --------------------------------- */

/* The wall time y-mo-d h:mi local read with offset off_s, in UTC. */
static int64_t with_offset(int y, int mo, int d, int h, int mi, int off_s)
{
    return kj_test_utc(y, mo, d, h, mi, 0) - off_s;
}

/* Whether kjeller's readings of the wall time (cached and uncached alike)
 * run from the reading with offset early_off to that with late_off: the
 * earliest UTC reading has the larger offset. */
static void assert_readings(const char *zone, int y, int mo, int d, int h, int mi, int early_off, int late_off)
{
    int64_t f1 = 0, l1 = 0, f2 = 0, l2 = 0;
    kj_tz_cache *cache = kj_tz_cache_new();
    assert_int_equal(kj_tz_local_to_utc(zone, y, mo, d, h, mi, 0, &f1, &l1), 0);
    assert_int_equal(kj_tz_local_to_utc_c(cache, zone, y, mo, d, h, mi, 0, &f2, &l2), 0);
    if (f1 != with_offset(y, mo, d, h, mi, early_off) || l1 != with_offset(y, mo, d, h, mi, late_off) || f1 != f2
        || l1 != l2)
        fail_msg("%s %04d-%02d-%02d %02d:%02d: readings %+lld..%+lld s from local (cached %+lld..%+lld), "
                 "expected offsets %+d..%+d",
                 zone, y, mo, d, h, mi, (long long)(kj_test_utc(y, mo, d, h, mi, 0) - f1),
                 (long long)(kj_test_utc(y, mo, d, h, mi, 0) - l1), (long long)(kj_test_utc(y, mo, d, h, mi, 0) - f2),
                 (long long)(kj_test_utc(y, mo, d, h, mi, 0) - l2), early_off, late_off);
    /* a day the databases read differently is no day of one offset */
    int64_t utc0 = 0;
    if (early_off != late_off)
        assert_int_equal(kj_tz_fixed_day_c(cache, zone, y, mo, d, &utc0), 0);
    kj_tz_cache_free(cache);
}

/* ICU's data (2022e on Debian 12) against the system's tzdata (newer, and
 * built with backzone): kjeller keeps both readings where they differ. */
static void test_union_of_databases(void **state)
{
    (void)state;
    char icu[32];
    kj_tz_data_version(icu, sizeof icu);
    if (strcmp(icu, "2022f") >= 0) /* these are the differences of ICU's 2022e */
        skip();
    /* Mexico abolished DST in October 2022 (tz 2022f): ICU still has CDT */
    assert_readings("America/Mexico_City", 2023, 7, 15, 12, 0, -5 * 3600, -6 * 3600);
    /* Amsterdam Mean Time +00:19:32 (system, backzone) vs Brussels' WET (ICU) */
    assert_readings("Europe/Amsterdam", 1935, 1, 15, 12, 0, 19 * 60 + 32, 0);
    /* Norway had DST 1959-1965; Germany, whose history ICU gives Oslo, had not */
    assert_readings("Europe/Oslo", 1960, 7, 15, 12, 0, 2 * 3600, 3600);
    /* Egypt brought DST back in April 2023 (tz 2023c) */
    assert_readings("Africa/Cairo", 2023, 7, 15, 12, 0, 3 * 3600, 2 * 3600);
    /* Kazakhstan went to one zone, +05, on 2024-03-01 (tz 2024a) */
    assert_readings("Asia/Almaty", 2024, 7, 15, 12, 0, 6 * 3600, 5 * 3600);
    /* where they agree, one reading */
    assert_readings("Europe/Oslo", 1935, 12, 1, 15, 0, 3600, 3600);
    assert_readings("America/Mexico_City", 2021, 7, 15, 12, 0, -5 * 3600, -5 * 3600);
}

/* A gap and an overlap in each database, where the databases agree on them
 * (Berlin 2021) and where only one has them (Mexico City 2023: ICU's spring
 * gap and autumn overlap, which the system's tzdata no longer has; Oslo
 * 1960: the system's, which ICU's Berlin history has not). */
static void test_union_gaps_and_overlaps(void **state)
{
    (void)state;
    char icu[32];
    kj_tz_data_version(icu, sizeof icu);
    /* both: 02:30 skipped on 2021-03-28, repeated on 2021-10-31 */
    assert_readings("Europe/Berlin", 2021, 3, 28, 2, 30, 7200, 3600);
    assert_readings("Europe/Berlin", 2021, 10, 31, 2, 30, 7200, 3600);
    if (strcmp(icu, "2022f") >= 0)
        skip();
    /* ICU's gap: 02:30 on 2023-04-02 skipped (-6 -> -5); the system: -6 all day */
    assert_readings("America/Mexico_City", 2023, 4, 2, 2, 30, -5 * 3600, -6 * 3600);
    /* ICU's overlap: 01:30 on 2023-10-29 twice (-5, -6); the system: -6 */
    assert_readings("America/Mexico_City", 2023, 10, 29, 1, 30, -5 * 3600, -6 * 3600);
    /* the system's gap: Oslo 1960-03-20 02:30 skipped (+1 -> +2); ICU: +1 */
    assert_readings("Europe/Oslo", 1960, 3, 20, 2, 30, 7200, 3600);
    /* the system's overlap: Oslo 1960-09-18 02:30 twice (+2, +1); ICU: +1 */
    assert_readings("Europe/Oslo", 1960, 9, 18, 2, 30, 7200, 3600);
    /* and the days around them are days of one offset again */
    kj_tz_cache *cache = kj_tz_cache_new();
    int64_t utc0 = 0;
    assert_int_equal(kj_tz_fixed_day_c(cache, "Europe/Oslo", 1960, 3, 20, &utc0), 0);
    assert_int_equal(kj_tz_fixed_day_c(cache, "Europe/Oslo", 1960, 9, 18, &utc0), 0);
    assert_int_equal(kj_tz_fixed_day_c(cache, "Europe/Oslo", 1960, 7, 15, &utc0), 0); /* +1 vs +2 */
    assert_int_equal(kj_tz_fixed_day_c(cache, "Europe/Oslo", 1960, 12, 15, &utc0), 1);
    assert_int_equal(utc0, kj_test_utc(1960, 12, 14, 23, 0, 0));
    kj_tz_cache_free(cache);
}

/* A zone only the system's tzdata knows (added in 2022g) is valid and read
 * under that database alone; past the TZif tables the footer's rules hold. */
static void test_system_only_zone_and_footer(void **state)
{
    (void)state;
    int64_t first, last;
    char sys[32];
    kj_tz_system_data_version(sys, sizeof sys);
    assert_true(strlen(sys) >= 5 && sys[0] == '2');
    if (kj_tz_valid("America/Ciudad_Juarez")) {
        assert_int_equal(kj_tz_local_to_utc("America/Ciudad_Juarez", 2023, 7, 1, 12, 0, 0, &first, &last), 0);
        assert_int_equal(first, kj_test_utc(2023, 7, 1, 18, 0, 0)); /* MDT */
        assert_int_equal(last, first);
    }
    /* New York in 2100, far past the last transition of the table: EDT in
     * July, a gap at 02:30 on the second Sunday of March */
    assert_readings("America/New_York", 2100, 7, 1, 12, 0, -4 * 3600, -4 * 3600);
    assert_readings("America/New_York", 2100, 3, 14, 2, 30, -4 * 3600, -5 * 3600);
    assert_readings("America/New_York", 2100, 11, 7, 1, 30, -4 * 3600, -5 * 3600);
    /* the environment is not read: TZDIR names no other database */
    int juarez = kj_tz_valid("America/Ciudad_Juarez");
    setenv("TZDIR", "/nonexistent", 1);
    assert_int_equal(kj_tz_valid("America/Ciudad_Juarez"), juarez);
    assert_readings("Europe/Amsterdam", 1935, 1, 15, 12, 0, 19 * 60 + 32, 0);
    unsetenv("TZDIR");
    /* names that are not zones of the database */
    assert_int_equal(kj_tz_valid("localtime"), 0);
    assert_int_equal(kj_tz_valid("right/Europe/Oslo"), 0);
    assert_int_equal(kj_tz_valid("../zoneinfo/Europe/Oslo"), 0);
    assert_int_equal(kj_tz_valid("Europe/../Europe/Oslo"), 0);
    assert_int_equal(kj_tz_valid("zone.tab"), 0);
    assert_int_equal(kj_tz_valid("Europe/"), 0);
}

static void test_proleptic_gregorian(void **state)
{
    (void)state;
    int64_t first, last;
    assert_int_equal(kj_tz_local_to_utc("UTC", 1, 1, 1, 0, 0, 0, &first, &last), 0);
    assert_int_equal(first, INT64_C(-62135596800));
    /* no Julian switch: 1582-10-05 exists */
    assert_int_equal(kj_tz_local_to_utc("UTC", 1582, 10, 5, 0, 0, 0, &first, &last), 0);
    assert_int_equal(first, INT64_C(-12220156800));
}

static void test_data_version(void **state)
{
    (void)state;
    char buf[32];
    kj_tz_data_version(buf, sizeof buf);
    assert_true(strlen(buf) >= 5);
    assert_true(buf[0] == '2');
    kj_tz_system_data_version(buf, sizeof buf);
    assert_true(strlen(buf) >= 5);
    assert_true(buf[0] == '2');
}

/* ---- ICU against zdump ---------------------------------------------------- */

static const char *const ZONES[] = {
    "Europe/Oslo", "Europe/Berlin", "Europe/Copenhagen", "Europe/Paris", "America/New_York",
    "Europe/Moscow", "Asia/Tokyo", "Australia/Sydney", "America/Mexico_City", "Europe/London",
    "Europe/Amsterdam", "Europe/Stockholm", "Europe/Brussels", "Europe/Helsinki",
    "Europe/Warsaw", "Europe/Riga", "Europe/Vienna", "Europe/Prague", "Europe/Dublin",
    "Europe/Zurich", "Europe/Rome", "Asia/Kolkata"};

/* Instants (12:00 UTC on these days). */
static const int DATES[][3] = {
    {1890, 7, 15}, {1910, 1, 15}, {1916, 7, 15}, {1920, 7, 15}, {1927, 1, 15},
    {1927, 7, 15}, {1932, 1, 15}, {1932, 7, 15}, {1933, 7, 15}, {1935, 1, 15},
    {1935, 12, 1}, {1936, 7, 15}, {1940, 7, 15}, {1943, 1, 15}, {1945, 7, 15},
    {1948, 7, 15}, {1950, 7, 15}, {1960, 7, 15}, {1965, 7, 15}, {1970, 1, 15},
    {1970, 7, 15}, {2000, 1, 15}, {2000, 7, 15}, {2021, 1, 15}, {2021, 7, 15}};

/* Pairs where ICU 72 (tz 2022e without backzone) and Debian's tzdata (built
 * with backzone, which keeps the pre-1970 history of zones that the main
 * data merged into a neighbour) are known to differ.  ICU follows the zone
 * it was merged into: Amsterdam -> Brussels, Oslo and Stockholm -> Berlin,
 * Copenhagen -> Berlin.  Offsets in seconds: icu, zdump. */
static const struct { const char *zone; int y, m, d, icu, zdump; } DIVERGENT[] = {
    {"Europe/Amsterdam", 1890, 7, 15, 1050, 1172},   /* LMT of Brussels vs of Amsterdam */
    {"Europe/Amsterdam", 1910, 1, 15, 0, 1172},      /* WET vs Amsterdam Mean Time */
    {"Europe/Amsterdam", 1916, 7, 15, 7200, 4772},
    {"Europe/Amsterdam", 1920, 7, 15, 3600, 4772},
    {"Europe/Amsterdam", 1927, 1, 15, 0, 1172},
    {"Europe/Amsterdam", 1927, 7, 15, 3600, 4772},
    {"Europe/Amsterdam", 1932, 1, 15, 0, 1172},
    {"Europe/Amsterdam", 1932, 7, 15, 3600, 4772},
    {"Europe/Amsterdam", 1933, 7, 15, 3600, 4772},
    {"Europe/Amsterdam", 1935, 1, 15, 0, 1172},      /* +00:19:32 in Amsterdam */
    {"Europe/Amsterdam", 1935, 12, 1, 0, 1172},
    {"Europe/Amsterdam", 1936, 7, 15, 3600, 4772},   /* +01:19:32 summer time */
    {"Europe/Oslo", 1890, 7, 15, 3208, 2580},        /* Berlin LMT vs Oslo LMT */
    {"Europe/Oslo", 1940, 7, 15, 7200, 3600},        /* Norway took CEST in August */
    {"Europe/Oslo", 1945, 7, 15, 10800, 7200},       /* no German double summer time */
    {"Europe/Oslo", 1948, 7, 15, 7200, 3600},
    {"Europe/Oslo", 1960, 7, 15, 3600, 7200},        /* Norway had DST 1959-1965 */
    {"Europe/Oslo", 1965, 7, 15, 3600, 7200},
    {"Europe/Copenhagen", 1890, 7, 15, 3208, 3020},
    {"Europe/Copenhagen", 1945, 7, 15, 10800, 7200},
    {"Europe/Stockholm", 1890, 7, 15, 3208, 3614},
    {"Europe/Stockholm", 1940, 7, 15, 7200, 3600},   /* Sweden had no DST 1940 */
    {"Europe/Stockholm", 1945, 7, 15, 10800, 3600},
    {"Europe/Stockholm", 1948, 7, 15, 7200, 3600},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_TRANSITIONS 1024

/* One zone's history from zdump: at[i] is a UT instant with offset off[i]. */
typedef struct zdump_zone {
    int n;
    int64_t at[MAX_TRANSITIONS];
    int off[MAX_TRANSITIONS];
} zdump_zone;

static int month_number(const char *abbr)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    const char *p = strstr(names, abbr);
    return p != NULL && strlen(abbr) == 3 ? (int)(p - names) / 3 + 1 : 0;
}

/* Parses "ZONE  Tue May 15 01:40:27 1934 UT = ... gmtoff=1172". */
static int zdump_line(const char *line, size_t zone_len, int64_t *at, int *off)
{
    char wday[8], mon[8];
    int d, h, mi, s, y;
    if (sscanf(line + zone_len, " %3s %3s %d %d:%d:%d %d UT", wday, mon, &d, &h, &mi, &s, &y) != 7)
        return 0;
    const char *g = strstr(line, "gmtoff=");
    if (g == NULL || month_number(mon) == 0)
        return 0;
    *at = kj_test_utc(y, month_number(mon), d, h, mi, s);
    *off = atoi(g + 7);
    return 1;
}

static void zdump_load(const char *zone, zdump_zone *z)
{
    char cmd[256], line[512];
    snprintf(cmd, sizeof cmd, "zdump -v -c 1800,2040 '%s' 2>/dev/null", zone);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    z->n = 0;
    while (fgets(line, sizeof line, f) != NULL && z->n < MAX_TRANSITIONS)
        if (zdump_line(line, strlen(zone), &z->at[z->n], &z->off[z->n]))
            z->n++;
    pclose(f);
    assert_true(z->n > 0);
}

/* tzdata's offset at t: that of the last listed instant <= t, or before the
 * first transition, the offset just before it. */
static int zdump_offset(const zdump_zone *z, int64_t t)
{
    int off = z->off[0];
    for (int i = 0; i < z->n && z->at[i] <= t; i++)
        off = z->off[i];
    return off;
}

static int divergent_index(const char *zone, const int date[3])
{
    for (size_t i = 0; i < COUNT(DIVERGENT); i++)
        if (strcmp(DIVERGENT[i].zone, zone) == 0 && DIVERGENT[i].y == date[0]
            && DIVERGENT[i].m == date[1] && DIVERGENT[i].d == date[2])
            return (int)i;
    return -1;
}

static void check_zone_against_zdump(const char *zone, const zdump_zone *z, int *agree, int *differ)
{
    for (size_t i = 0; i < COUNT(DATES); i++) {
        int64_t t = kj_test_utc(DATES[i][0], DATES[i][1], DATES[i][2], 12, 0, 0);
        int icu, div = divergent_index(zone, DATES[i]);
        assert_int_equal(kj_tz_offset(zone, t, &icu), 0);
        int tzdata = zdump_offset(z, t);
        if (div < 0) {
            if (icu != tzdata)
                fail_msg("%s %04d-%02d-%02d: icu %d, zdump %d", zone, DATES[i][0],
                         DATES[i][1], DATES[i][2], icu, tzdata);
            (*agree)++;
        } else {
            assert_int_equal(icu, DIVERGENT[div].icu);
            assert_int_equal(tzdata, DIVERGENT[div].zdump);
            (*differ)++;
        }
    }
}

static void test_icu_matches_zdump(void **state)
{
    (void)state;
    if (system("zdump -v -c 2000,2001 UTC >/dev/null 2>&1") != 0)
        skip();
    zdump_zone *z = malloc(sizeof *z);
    assert_non_null(z);
    int agree = 0, differ = 0;
    for (size_t i = 0; i < COUNT(ZONES); i++) {
        zdump_load(ZONES[i], z);
        check_zone_against_zdump(ZONES[i], z, &agree, &differ);
    }
    free(z);
    assert_int_equal(differ, (int)COUNT(DIVERGENT));
    assert_int_equal(agree + differ, (int)(COUNT(ZONES) * COUNT(DATES)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_fixed_offsets),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_local_to_utc_history),
        cmocka_unit_test(test_local_to_utc_clock_changes),
        cmocka_unit_test(test_local_to_utc_day_cache),
        cmocka_unit_test(test_offset_day_cache),
        cmocka_unit_test(test_local_to_utc_errors),
        cmocka_unit_test(test_union_of_databases),
        cmocka_unit_test(test_union_gaps_and_overlaps),
        cmocka_unit_test(test_system_only_zone_and_footer),
        cmocka_unit_test(test_proleptic_gregorian),
        cmocka_unit_test(test_data_version),
        cmocka_unit_test(test_icu_matches_zdump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
