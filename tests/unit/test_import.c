/* test_import — src/import.c: the fast path that reads plain ISO times in
 * CSV rows must give exactly what the case language's reader gives
 * (kj_timex_parse), on ordinary days and on days with a clock change, in
 * zones with odd offsets and half-hour summer time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "kj_test.h"

static void same_as_timex(kj_case *c, const char *zone, const char *t, const char *clock)
{
    char joined[128];
    snprintf(joined, sizeof joined, clock ? "%s, %s" : "%s", t, clock ? clock : "");
    const char *zones[1] = {zone};
    kj_timex_result r;
    memset(&r, 0, sizeof r);
    int want = kj_timex_parse(joined, zones, 1, KJ_READ_WIDE, &c->readopts, &r);
    kj_interval iv = {0, 0};
    int got = kj_import_time(c, zone, t, clock, &iv);
    if (want != got || (want == 0 && (iv.lo != r.when.lo || iv.hi != r.when.hi)))
        fail_msg("%s in %s: import reads [%lld, %lld] (rc %d), the case language [%lld, %lld] (rc %d)", joined, zone,
                 (long long)iv.lo, (long long)iv.hi, got, (long long)r.when.lo, (long long)r.when.hi, want);
}

/* The days of several years around clock changes, at three precisions, in
 * zones chosen for their transitions: the fast path must step aside on
 * transition days. */
static void test_fast_path_matches_reader(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("");
    const char *zones[] = {"Europe/Oslo", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
                           "Europe/London", "UTC", "UTC+01:00"};
    const int years[] = {1916, 1935, 1945, 1996, 2021};
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++)
        for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
            for (int64_t d = kj_days_from_civil(years[y], 1, 1); d < kj_days_from_civil(years[y] + 1, 1, 1); d++) {
                int yy, mm, dd;
                kj_civil_from_days(d, &yy, &mm, &dd);
                /* every day of the months with clock changes (and of 1916's and
                 * the war years' odd ones), the first of the others */
                int changes = mm == 3 || mm == 4 || mm == 5 || mm == 9 || mm == 10 || mm == 11 || yy == 1916;
                if (!changes && dd != 1) continue;
                char day[16], t1[32], t2[32];
                snprintf(day, sizeof day, "%04d-%02d-%02d", yy, mm, dd);
                snprintf(t1, sizeof t1, "%s 02:30", day); /* inside many spring gaps */
                snprintf(t2, sizeof t2, "%sT23:59:59", day);
                same_as_timex(c, zones[z], day, NULL);
                same_as_timex(c, zones[z], t1, NULL);
                same_as_timex(c, zones[z], t2, NULL);
                same_as_timex(c, zones[z], day, "01:30");
            }
    kj_case_free(c);
}

/* What the fast path does not take goes to the general reader, errors too. */
static void test_other_forms_and_errors(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("");
    const char *forms[] = {"1935-12", "December 1935", "first half of December 1935", "1935-12-05",
                           "1935-02-30", "1935-13-01", "1935-12-05 24:00", "1935-12-05 14:30:60", "x"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) same_as_timex(c, "Europe/Oslo", forms[i], NULL);
    same_as_timex(c, "Europe/Oslo", "1935-12-05", "approximately 3 p.m.");
    same_as_timex(c, "Europe/Oslo", "1935-12-05", "25:00");
    kj_interval iv;
    assert_int_equal(kj_import_time(c, "Europe/Oslo", "1935-02-30", NULL, &iv), -1);
    kj_case_free(c);
}

/* Times with offsets and fractions are not the fast path's: the general
 * reader's, exactly; numeric dates read by the case's date order. */
static void test_iso_and_numeric_dates(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("");
    const char *forms[] = {"2024-03-14T21:00:00Z", "2024-03-14T21:00:00+01:00", "2024-03-14 21:00:00.250-04:00",
                           "2024-03-14 21:00 UTC", "2024-11-03T01:30:00-05:00", "14/03/2024"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) same_as_timex(c, "America/New_York", forms[i], NULL);
    kj_interval iv;
    assert_int_equal(kj_import_time(c, "America/New_York", "2024-03-14T21:00:00Z", NULL, &iv), 0);
    assert_int_equal(iv.lo, kj_test_utc(2024, 3, 14, 21, 0, 0));
    assert_int_equal(iv.hi, kj_test_utc(2024, 3, 14, 21, 0, 1));
    assert_int_equal(kj_import_time(c, "America/New_York", "14/03/2024", NULL, &iv), -1); /* no date order */
    kj_case_free(c);
    c = kj_test_load("option date-order dmy\n");
    same_as_timex(c, "Europe/Oslo", "14/03/2024", "21:00");
    assert_int_equal(kj_import_time(c, "Europe/Oslo", "14/03/2024", NULL, &iv), 0);
    assert_int_equal(iv.lo, kj_test_utc(2024, 3, 13, 23, 0, 0));
    kj_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_path_matches_reader),
        cmocka_unit_test(test_other_forms_and_errors),
        cmocka_unit_test(test_iso_and_numeric_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
