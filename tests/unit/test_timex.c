/* test_timex — src/timex.c: every reading rule (wide and narrow), clock
 * words and number words, zones at historical dates, clock changes, ranges,
 * errors with offsets and hints, durations, and formatting; ISO 8601
 * offsets and fractions against python3's readings, numeric dates,
 * weekdays with their dates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "calendar.h"
#include "kj_test.h"
#include "timex.h"

#define H 3600
#define DAY 86400

static const char *const OSLO[] = {"Europe/Oslo"};

/* Parses text in zone with the given reading; fails the test on error. */
static kj_interval parse_in(const char *text, const char *zone, kj_reading reading)
{
    kj_timex_result r;
    const char *zones[] = {zone};
    int rc = kj_timex_parse(text, zones, 1, reading, NULL, &r);
    if (rc != 0)
        fail_msg("'%s': %s at %d", text, r.error, r.error_offset);
    return r.when;
}

static kj_interval wide(const char *text)
{
    return parse_in(text, "Europe/Oslo", KJ_READ_WIDE);
}

static kj_interval narrow(const char *text)
{
    return parse_in(text, "Europe/Oslo", KJ_READ_NARROW);
}

/* Oslo was UTC+1 throughout 1935-1936: local time minus one hour. */
static int64_t oslo(int y, int mo, int d, int h, int mi)
{
    return kj_test_utc(y, mo, d, h, mi, 0) - H;
}

static void assert_span(kj_interval w, int64_t lo, int64_t hi)
{
    assert_int_equal(w.lo, lo);
    assert_int_equal(w.hi, hi);
}

/* Expects an error at byte `offset` whose message contains `msg` and whose
 * hint contains `hint` (NULL: any). */
static void expect_error(const char *text, int offset, const char *msg, const char *hint)
{
    kj_timex_result r;
    assert_int_equal(kj_timex_parse(text, OSLO, 1, KJ_READ_WIDE, NULL, &r), -1);
    if (strstr(r.error, msg) == NULL || r.error_offset != offset)
        fail_msg("'%s': got '%s' at %d, want '%s' at %d", text, r.error, r.error_offset, msg, offset);
    if (hint != NULL && strstr(r.hint, hint) == NULL)
        fail_msg("'%s': hint '%s', want '%s'", text, r.hint, hint);
}

static void test_whole_units(void **state)
{
    (void)state;
    assert_span(wide("1935"), oslo(1935, 1, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("1935-12"), oslo(1935, 12, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("dec. 1935"), oslo(1935, 12, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("1935-12-01"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 0));
    assert_span(wide("1 December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 0));
    assert_span(wide("1st of Dec 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 0));
    assert_span(wide("December 1, 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 0));
    assert_span(wide("February 1936"), oslo(1936, 2, 1, 0, 0), oslo(1936, 3, 1, 0, 0));
    /* whole units read the same narrowly */
    assert_span(narrow("December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(narrow("1935-12-01"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 0));
}

static void test_vague_month_wide(void **state)
{
    (void)state;
    assert_span(wide("first half of December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 16, 0, 0));
    assert_span(wide("the second half of December 1935"), oslo(1935, 12, 16, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("beginning of December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 13, 0, 0));
    assert_span(wide("early December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 13, 0, 0));
    assert_span(wide("middle of December 1935"), oslo(1935, 12, 9, 0, 0), oslo(1935, 12, 23, 0, 0));
    assert_span(wide("mid December 1935"), oslo(1935, 12, 9, 0, 0), oslo(1935, 12, 23, 0, 0));
    assert_span(wide("mid-December 1935"), oslo(1935, 12, 9, 0, 0), oslo(1935, 12, 23, 0, 0));
    assert_span(wide("end of December 1935"), oslo(1935, 12, 19, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("late December 1935"), oslo(1935, 12, 19, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("LATE FEB 1936"), oslo(1936, 2, 19, 0, 0), oslo(1936, 3, 1, 0, 0));
}

static void test_vague_month_narrow(void **state)
{
    (void)state;
    assert_span(narrow("first half of December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 16, 0, 0));
    assert_span(narrow("second half of December 1935"), oslo(1935, 12, 16, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(narrow("beginning of December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 8, 0, 0));
    assert_span(narrow("early December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 8, 0, 0));
    assert_span(narrow("middle of December 1935"), oslo(1935, 12, 12, 0, 0), oslo(1935, 12, 19, 0, 0));
    assert_span(narrow("mid-December 1935"), oslo(1935, 12, 12, 0, 0), oslo(1935, 12, 19, 0, 0));
    assert_span(narrow("end of December 1935"), oslo(1935, 12, 24, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(narrow("late February 1935"), oslo(1935, 2, 24, 0, 0), oslo(1935, 3, 1, 0, 0));
}

static void test_clock_exact(void **state)
{
    (void)state;
    /* "1935-12-01 15:00" in Oslo is 14:00Z: the minute 15:00-15:01 */
    assert_span(wide("1935-12-01 15:00"), kj_test_utc(1935, 12, 1, 14, 0, 0), kj_test_utc(1935, 12, 1, 14, 1, 0));
    assert_span(wide("1935-12-01T15:00"), kj_test_utc(1935, 12, 1, 14, 0, 0), kj_test_utc(1935, 12, 1, 14, 1, 0));
    assert_span(wide("1935-12-01 15:00:30"), oslo(1935, 12, 1, 15, 0) + 30, oslo(1935, 12, 1, 15, 0) + 31);
    assert_span(wide("1935-12-01 at 3 p.m."), oslo(1935, 12, 1, 15, 0), oslo(1935, 12, 1, 15, 1));
    assert_span(wide("1935-12-01 3pm"), oslo(1935, 12, 1, 15, 0), oslo(1935, 12, 1, 15, 1));
    assert_span(wide("1935-12-01 3:45 P.M."), oslo(1935, 12, 1, 15, 45), oslo(1935, 12, 1, 15, 46));
    assert_span(wide("at 9 a.m. on 1 December 1935"), oslo(1935, 12, 1, 9, 0), oslo(1935, 12, 1, 9, 1));
    assert_span(wide("1935-12-01 12:30 a.m."), oslo(1935, 12, 1, 0, 30), oslo(1935, 12, 1, 0, 31));
    assert_span(wide("1935-12-01 12:30 p.m."), oslo(1935, 12, 1, 12, 30), oslo(1935, 12, 1, 12, 31));
    assert_span(wide("1935-12-01 at noon"), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 1, 12, 1));
    assert_span(wide("1935-12-01 24:00"), oslo(1935, 12, 2, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 00:00"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 1, 0, 1));
    /* narrow: an exact time names an instant, certain only at itself */
    assert_span(narrow("1935-12-01 15:00"), oslo(1935, 12, 1, 15, 0), oslo(1935, 12, 1, 15, 0));
}

/* "midnight" with a date starts or ends that day; "12 a.m." is by
 * convention midnight but read as noon too, "12 p.m." noon or the midnight
 * ending the day.  A claim gets the hull of every reading, a span's
 * certain part the latest start and the earliest end, and a single instant
 * of a fact, on which the readings disagree, is refused. */
static void test_clock_several_readings(void **state)
{
    (void)state;
    assert_span(wide("1935-12-01 at midnight"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1 December 1935, midnight"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 12 a.m."), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 12:00 a.m."), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 twelve a.m."), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 12 p.m."), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 12:00 P.M."), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 at twelve p.m."), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 2, 0, 1));
    /* NIST's forms name which: "12 noon" is noon, "12 midnight" a midnight (either) */
    assert_span(wide("1935-12-01 12 noon"), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 1, 12, 1));
    assert_span(wide("1935-12-01 at twelve noon"), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 1, 12, 1));
    assert_span(wide("12 noon, 1 December 1935"), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 1, 12, 1));
    assert_span(wide("1935-12-01 12 midnight"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_span(wide("1935-12-01 twelve o'clock midnight"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    /* 12:00:00 with seconds is still twelve o'clock */
    assert_span(wide("1935-12-01 12:00:00 a.m."), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 0) + 1);
    /* "about" widens both ends */
    assert_span(wide("1935-12-01 about midnight"), oslo(1935, 11, 30, 23, 0), oslo(1935, 12, 2, 1, 0));
    /* a range starts at the first reading of its start, ends after the last of its end */
    assert_span(wide("1935-12-01 midnight..1935-12-03 midnight"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 4, 0, 1));
    /* narrow: certain from the latest start (24:00) to the earliest end (00:00) */
    assert_span(narrow("1935-12-01 midnight..1935-12-03 midnight"), oslo(1935, 12, 2, 0, 0), oslo(1935, 12, 3, 0, 0));
    assert_span(narrow("1935-12-01 12 p.m...1935-12-03 12 p.m."), oslo(1935, 12, 2, 0, 0), oslo(1935, 12, 3, 12, 0));
    kj_timex_result e;
    assert_int_equal(kj_timex_parse("1935-12-01 midnight..1935-12-01 midnight", OSLO, 1, KJ_READ_NARROW, NULL, &e), -1);
    assert_non_null(strstr(e.error, "its start may come after its end"));
    assert_int_equal(kj_timex_parse("1935-12-01 midnight", OSLO, 1, KJ_READ_NARROW, NULL, &e), -1);
    assert_non_null(strstr(e.error, "several readings, midnight = 00:00 or 24:00"));
    assert_int_equal(kj_timex_parse("1935-12-01 12 a.m.", OSLO, 1, KJ_READ_NARROW, NULL, &e), -1);
    assert_non_null(strstr(e.error, "12 a.m. = 00:00, 12:00 or 24:00"));
    kj_readopts o;
    kj_readopts_default(&o);
    o.about_clock_s = 0;
    assert_int_equal(kj_timex_parse("1935-12-01 about 12 p.m.", OSLO, 1, KJ_READ_NARROW, &o, &e), -1);
    assert_non_null(strstr(e.error, "12 p.m. = 12:00 or 24:00"));
    /* the reading names the rule */
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("1935-12-01 midnight", OSLO, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_non_null(strstr(r.reading, "1935-12-01 00:00 .. 1935-12-02 00:01"));
    assert_non_null(strstr(r.reading, "midnight = 00:00 or 24:00"));
    /* a time of day alone, and on a given day */
    int64_t lo, hi;
    assert_int_equal(kj_clock_parse("midnight", KJ_READ_WIDE, NULL, &lo, &hi, &r), 0);
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 24 * 3600 + 60);
    assert_int_equal(kj_clock_parse("midnight", KJ_READ_NARROW, NULL, &lo, &hi, &r), -1);
    assert_int_equal(kj_timex_clock_on_day("12 a.m.", 1935, 12, 1, OSLO, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_span(r.when, oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 2, 0, 1));
    assert_int_equal(kj_timex_clock_on_day("12 a.m.", 1935, 12, 1, OSLO, 1, KJ_READ_NARROW, NULL, &r), -1);
}

/* Wall times a clock change skips read with the offsets before and after
 * the gap (docs/time-zones.md), and a window's readings are those of every
 * wall time in it, not only of its ends: Pacific/Apia skipped 30 December
 * 2011 (29 December 23:59:59 at UTC-10 was followed by 31 December 00:00
 * at UTC+14, at 10:00 UTC on the 30th), so "2011-12-30 in the evening"
 * (17:00-24:00) is 30 December 03:00 UTC (17:00 at +14) to 31 December
 * 10:00 UTC (its last skipped second at -10), not 03:00 .. 10:00 on the
 * 30th, where the ends' readings alone would put it; an adversarial review
 * found claims at noon and in the evening of that day falsely
 * contradicted. */
/* The offsets written with a time's ends are kept, each once: clocks
 * whose calendars "the same day" may be counted in (network.c). */
static void test_written_offsets_are_kept(void **state)
{
    (void)state;
    kj_timex_result r;
    const char *zones[] = {"UTC"};
    assert_int_equal(kj_timex_parse("2024-03-14T23:30-04:00", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(r.n_offsets, 1);
    assert_int_equal(r.offsets_s[0], -4 * 3600);
    assert_int_equal(kj_timex_parse("2024-03-14T23:30-04:00..2024-03-15T05:00Z", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(r.n_offsets, 2);
    assert_int_equal(r.offsets_s[0], -4 * 3600);
    assert_int_equal(r.offsets_s[1], 0);
    assert_int_equal(kj_timex_parse("2024-03-14T10:00+0530..2024-03-14T11:00+05:30", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(r.n_offsets, 1);
    assert_int_equal(r.offsets_s[0], 5 * 3600 + 30 * 60);
    assert_int_equal(kj_timex_parse("2024-03-14 23:30", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(r.n_offsets, 0);
    /* "3 p.m.." is a stray dot or a range open at its end: refused */
    assert_int_equal(kj_timex_parse("1935-12-01 3 p.m..", zones, 1, KJ_READ_WIDE, NULL, &r), -1);
    assert_non_null(strstr(r.error, "may be a time written with its last dot, or a range open at its end"));
    assert_int_equal(kj_timex_parse("1935-12-01 3 PM..", zones, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_int_equal(kj_timex_parse("1935-12-01 3 p.m. ..", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(kj_timex_parse("1935-12-01 3 p.m...1935-12-02", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(kj_timex_parse("1935-12..", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    /* 24:00 is the end of the day, exactly: no fraction past it */
    assert_int_equal(kj_timex_parse("2024-03-14T24:00:00.5Z", zones, 1, KJ_READ_WIDE, NULL, &r), -1);
    assert_non_null(strstr(r.error, "is not 00:00..24:00"));
    assert_int_equal(kj_timex_parse("2024-03-14T24:00:00.000Z", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    /* a place with no tz has every offset: no warning for any (an
     * adversarial review found one for -07:00 naming "UTC-16:00") */
    const char *anywhere[] = {KJ_ZONE_ANY_WEST, KJ_ZONE_ANY_EAST};
    const char *const offsets[] = {"2023-07-15T12:00-07:00", "2023-07-15T12:00+05:30", "2023-07-15T12:00+14:00"};
    for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
        assert_int_equal(kj_timex_parse(offsets[k], anywhere, 2, KJ_READ_WIDE, NULL, &r), 0);
        assert_string_equal(r.warning, "");
    }
    /* a place in UTC has one offset */
    assert_int_equal(kj_timex_parse("2023-07-15T12:00-07:00", zones, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_string_not_equal(r.warning, "");
}

static void test_skipped_day(void **state)
{
    (void)state;
    const int64_t gap_end = kj_test_utc(2011, 12, 31, 10, 0, 0); /* 31 Dec 00:00 local read at -10 */
    assert_span(parse_in("2011-12-30 in the evening", "Pacific/Apia", KJ_READ_WIDE),
                kj_test_utc(2011, 12, 30, 3, 0, 0), gap_end);
    /* 12 p.m.: noon (22:00 UTC on the 30th at -10) or 24:00 (10:00 UTC) */
    kj_interval w = parse_in("2011-12-30 12 p.m.", "Pacific/Apia", KJ_READ_WIDE);
    assert_int_equal(w.lo, kj_test_utc(2011, 12, 29, 22, 0, 0));
    assert_true(w.hi >= kj_test_utc(2011, 12, 30, 22, 1, 0));
    /* 18:00 alone has its two readings */
    assert_span(parse_in("2011-12-30 18:00", "Pacific/Apia", KJ_READ_WIDE), kj_test_utc(2011, 12, 30, 4, 0, 0),
                kj_test_utc(2011, 12, 31, 4, 1, 0));
    /* narrow: a span starting "12 a.m." on the skipped day is certain only
     * after every reading of every time its start may be */
    kj_interval n = parse_in("2011-12-30 12 a.m...2012-01-05", "Pacific/Apia", KJ_READ_NARROW);
    assert_true(n.lo >= kj_test_utc(2011, 12, 30, 22, 0, 0));
    /* and one ending "12 p.m." there is certain only before every reading
     * of every time its end may be (its 24:00, 10:00 UTC; noon at +14,
     * 22:00 UTC on the 29th) */
    n = parse_in("2011-12-25..2011-12-30 12 p.m.", "Pacific/Apia", KJ_READ_NARROW);
    assert_true(n.hi <= kj_test_utc(2011, 12, 29, 22, 0, 0));
    /* an hour skipped at a window's edges: New York went from 02:00 EST
     * to 03:00 EDT on 2019-03-10 */
    int64_t f, l;
    assert_int_equal(kj_tz_local_to_utc("America/New_York", 2019, 3, 10, 2, 30, 0, &f, &l), 0);
    assert_true(f < l); /* 02:30 was skipped */
    /* "01:30..03:10": 02:00-02:59 read at -5 reach 07:59 UTC, past 03:10's
     * 07:10, and read at -4 start at 06:00, before 01:30's 06:30 */
    w = parse_in("2019-03-10 01:30..2019-03-10 03:10", "America/New_York", KJ_READ_WIDE);
    assert_int_equal(w.lo, kj_test_utc(2019, 3, 10, 6, 0, 0));
    assert_true(w.hi >= kj_test_utc(2019, 3, 10, 7, 59, 0));
    /* an ordinary day is untouched */
    assert_span(parse_in("2019-03-12 in the evening", "America/New_York", KJ_READ_WIDE),
                kj_test_utc(2019, 3, 12, 21, 0, 0), kj_test_utc(2019, 3, 13, 4, 0, 0));
}

static void test_clock_words(void **state)
{
    (void)state;
    assert_span(wide("1935-12-01, three p.m."), oslo(1935, 12, 1, 15, 0), oslo(1935, 12, 1, 15, 1));
    assert_span(wide("1935-12-01 at eleven o'clock a.m."), oslo(1935, 12, 1, 11, 0), oslo(1935, 12, 1, 11, 1));
    assert_span(wide("three in the afternoon, 1 Dec 1935"), oslo(1935, 12, 1, 15, 0), oslo(1935, 12, 1, 15, 1));
    assert_span(wide("1935-12-01 at two in the morning"), oslo(1935, 12, 1, 2, 0), oslo(1935, 12, 1, 2, 1));
}

static void test_clock_about(void **state)
{
    (void)state;
    assert_span(wide("1935-12-01, approximately 3 p.m."), oslo(1935, 12, 1, 14, 0), oslo(1935, 12, 1, 16, 0));
    assert_span(wide("about three p.m. on December 1, 1935"), oslo(1935, 12, 1, 14, 0), oslo(1935, 12, 1, 16, 0));
    assert_span(wide("1935-12-01 around 11:30 PM"), oslo(1935, 12, 1, 22, 30), oslo(1935, 12, 2, 0, 30));
    assert_span(wide("1935-12-01 roughly 10 a.m."), oslo(1935, 12, 1, 9, 0), oslo(1935, 12, 1, 11, 0));
    assert_span(wide("1935-12-01 c. 10 a.m."), oslo(1935, 12, 1, 9, 0), oslo(1935, 12, 1, 11, 0));
    assert_span(wide("1935-12-01 ca. 10 a.m."), oslo(1935, 12, 1, 9, 0), oslo(1935, 12, 1, 11, 0));
    assert_span(wide("1935-12-01 circa 10:00"), oslo(1935, 12, 1, 9, 0), oslo(1935, 12, 1, 11, 0));
    /* crossing midnight backwards */
    assert_span(wide("1935-12-01 about 0:30"), oslo(1935, 11, 30, 23, 30), oslo(1935, 12, 1, 1, 30));
    /* narrow: "about 3 p.m." is an instant somewhere in 14:00-16:00, so no
     * moment of it is certain: a span cannot be read from it */
    kj_timex_result e;
    assert_int_equal(kj_timex_parse("1935-12-01, about 3 p.m.", OSLO, 1, KJ_READ_NARROW, NULL, &e), -1);
    assert_non_null(strstr(e.error, "nothing is certain"));
    /* the option */
    kj_readopts o;
    kj_readopts_default(&o);
    o.about_clock_s = 30 * 60;
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("1935-12-01 about 3 p.m.", OSLO, 1, KJ_READ_WIDE, &o, &r), 0);
    assert_span(r.when, oslo(1935, 12, 1, 14, 30), oslo(1935, 12, 1, 15, 30));
    assert_non_null(strstr(r.reading, "30 min, option about-clock"));
}

static void test_day_parts(void **state)
{
    (void)state;
    assert_span(wide("1935-12-01 in the morning"), oslo(1935, 12, 1, 5, 0), oslo(1935, 12, 1, 12, 0));
    assert_span(wide("on the afternoon of 1 December 1935"), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 1, 18, 0));
    assert_span(wide("1935-12-01 in the evening"), oslo(1935, 12, 1, 17, 0), oslo(1935, 12, 2, 0, 0));
    assert_span(wide("1935-12-01 at night"), oslo(1935, 12, 1, 20, 0), oslo(1935, 12, 2, 6, 0));
    assert_span(narrow("1935-12-01 in the morning"), oslo(1935, 12, 1, 8, 0), oslo(1935, 12, 1, 12, 0));
    assert_span(narrow("1935-12-01 in the afternoon"), oslo(1935, 12, 1, 12, 0), oslo(1935, 12, 1, 17, 0));
    assert_span(narrow("1935-12-01 in the evening"), oslo(1935, 12, 1, 18, 0), oslo(1935, 12, 1, 22, 0));
    assert_span(narrow("1935-12-01 at night"), oslo(1935, 12, 1, 23, 0), oslo(1935, 12, 2, 5, 0));
}

static void test_date_with_clock_hull(void **state)
{
    (void)state;
    /* some day in the first half at about 3 p.m.: day 1 14:00 .. day 15 16:00 */
    assert_span(wide("first half of December 1935, approximately 3 p.m."),
                oslo(1935, 12, 1, 14, 0), oslo(1935, 12, 15, 16, 0));
    assert_span(wide("approximately 3 p.m., first half of December 1935"),
                oslo(1935, 12, 1, 14, 0), oslo(1935, 12, 15, 16, 0));
    assert_span(wide("December 1935 in the evening"), oslo(1935, 12, 1, 17, 0), oslo(1936, 1, 1, 0, 0));
}

static void test_ranges(void **state)
{
    (void)state;
    assert_span(wide("1935-12-01..1935-12-15"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 16, 0, 0));
    assert_span(wide("1935-11..1935-12"), oslo(1935, 11, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(wide("..1917"), KJ_TIME_MIN, oslo(1918, 1, 1, 0, 0));
    assert_span(wide("1901.."), kj_test_utc(1901, 1, 1, 0, 0, 0) - H, KJ_TIME_MAX);
    assert_span(narrow("..1917"), KJ_TIME_MIN, oslo(1918, 1, 1, 0, 0));
    /* a time right after an endpoint belongs to it */
    assert_span(wide("1935-12-01 15:00..1935-12-02 09:00"), oslo(1935, 12, 1, 15, 0), oslo(1935, 12, 2, 9, 1));
    /* a time after a comma applies to every day of the range */
    assert_span(wide("1935-12-01..1935-12-15, about 3 p.m."), oslo(1935, 12, 1, 14, 0), oslo(1935, 12, 15, 16, 0));
    assert_span(wide("1 Dec 1935 .. mid-December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 23, 0, 0));
}

static void test_zones_history(void **state)
{
    (void)state;
    /* Paris on summer time (UTC+1) in July 1933 */
    assert_span(parse_in("July 1933", "Europe/Paris", KJ_READ_WIDE),
                kj_test_utc(1933, 6, 30, 23, 0, 0), kj_test_utc(1933, 7, 31, 23, 0, 0));
    /* Paris in January 1933: WET, UTC+0 */
    assert_span(parse_in("1933-01-15", "Europe/Paris", KJ_READ_WIDE),
                kj_test_utc(1933, 1, 15, 0, 0, 0), kj_test_utc(1933, 1, 16, 0, 0, 0));
    /* New York on EDT (UTC-4) in May 1927 */
    assert_span(parse_in("1927-05-10 12:00", "America/New_York", KJ_READ_WIDE),
                kj_test_utc(1927, 5, 10, 16, 0, 0), kj_test_utc(1927, 5, 10, 16, 1, 0));
    /* a fixed offset with seconds: Amsterdam Mean Time */
    assert_span(parse_in("1935-01-01", "UTC+00:19:32", KJ_READ_WIDE),
                kj_test_utc(1934, 12, 31, 23, 40, 28), kj_test_utc(1935, 1, 1, 23, 40, 28));
}

/* What a "throughout" span or a register's coverage certainly covers: from
 * the latest reading of its start to the earliest reading of its end
 * (design.md §0; issue 17 item 1).  A claim's range stays outermost. */
static void test_ranges_narrow(void **state)
{
    (void)state;
    /* early = days 1-12, late = days 19-31 in their widest reading */
    assert_span(narrow("early December 1935..late December 1935"),
                oslo(1935, 12, 13, 0, 0), oslo(1935, 12, 19, 0, 0));
    assert_span(wide("early December 1935..late December 1935"),
                oslo(1935, 12, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    /* about 10 a.m. ends by 11:00, about 4 p.m. begins at 15:00 */
    assert_span(narrow("1935-12-05 about 10 a.m...1935-12-05 about 4 p.m."),
                oslo(1935, 12, 5, 11, 0), oslo(1935, 12, 5, 15, 0));
    assert_span(wide("1935-12-05 about 10 a.m...1935-12-05 about 4 p.m."),
                oslo(1935, 12, 5, 9, 0), oslo(1935, 12, 5, 17, 0));
    /* a minute-precision end is the instant, not the minute after */
    assert_span(narrow("1935-12-05 10:00..1935-12-05 12:00"), oslo(1935, 12, 5, 10, 0), oslo(1935, 12, 5, 12, 0));
    assert_span(narrow("..1935-12-05 12:00"), KJ_TIME_MIN, oslo(1935, 12, 5, 12, 0));
    /* whole days, months and years are inclusive at both ends */
    assert_span(narrow("1935-12-01..1935-12-31"), oslo(1935, 12, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    assert_span(narrow("1935-11..1935-12"), oslo(1935, 11, 1, 0, 0), oslo(1936, 1, 1, 0, 0));
    /* first half .. second half: only the instant between them is certain */
    assert_span(narrow("first half of December 1935..second half of December 1935"),
                oslo(1935, 12, 16, 0, 0), oslo(1935, 12, 16, 0, 0));
    /* parts of the day as ends: the morning may end at 12, the evening begin at 17 */
    assert_span(narrow("1935-12-05 in the morning..1935-12-05 in the evening"),
                oslo(1935, 12, 5, 12, 0), oslo(1935, 12, 5, 17, 0));
    /* an end that may come before the start: nothing is certain */
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("early December 1935..mid December 1935", OSLO, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "nothing is certain"));
    assert_span(wide("early December 1935..mid December 1935"), oslo(1935, 12, 1, 0, 0), oslo(1935, 12, 23, 0, 0));
    /* a time of day for every day of the range is no span */
    assert_int_equal(kj_timex_parse("1935-12-01..1935-12-15, about 3 p.m.", OSLO, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "every day of the range"));
    assert_int_equal(kj_timex_parse("first half of December 1935 at 15:00", OSLO, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "one of several days"));
    /* the reading says which rule it used, and every part of it */
    assert_int_equal(kj_timex_parse("early December 1935..late December 1935", OSLO, 1, KJ_READ_NARROW, NULL, &r), 0);
    assert_non_null(strstr(r.reading, "certain span"));
    assert_non_null(strstr(r.reading, "early = days 1-12; late = days 19-31"));
}

/* A reading is never cut short (issue 17 item 12): twenty zones and a
 * long range are all printed, the rules last. */
static void test_reading_never_cut(void **state)
{
    (void)state;
    static const char *const zones[] = {
        "Europe/Oslo", "Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo", "Asia/Kolkata",
        "Australia/Sydney", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/Moscow",
        "Asia/Dubai", "Africa/Cairo", "America/Sao_Paulo", "Asia/Shanghai", "Europe/Paris", "Europe/Rome",
        "Asia/Singapore", "Pacific/Honolulu", "Pacific/Apia"};
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("early December 1935, about 3 p.m...late December 1935, in the evening", zones, 20,
                                    KJ_READ_WIDE, NULL, &r), 0);
    for (int i = 0; i < 20; i++)
        if (!strstr(r.reading, zones[i])) fail_msg("zone %s missing from: %s", zones[i], r.reading);
    size_t len = strlen(r.reading);
    assert_true(len > 3 && strcmp(r.reading + len - 3, "..."));
    if (!strstr(r.reading, "evening = 17:00-00:00 next day")) fail_msg("rules missing: %s", r.reading);
}

static void test_clock_changes(void **state)
{
    (void)state;
    /* 02:30 skipped in Berlin: wide covers both readings */
    assert_span(parse_in("2021-03-28 02:30", "Europe/Berlin", KJ_READ_WIDE),
                kj_test_utc(2021, 3, 28, 0, 30, 0), kj_test_utc(2021, 3, 28, 1, 31, 0));
    /* 02:30 repeated in Berlin: wide covers both */
    assert_span(parse_in("2021-10-31 02:30", "Europe/Berlin", KJ_READ_WIDE),
                kj_test_utc(2021, 10, 31, 0, 30, 0), kj_test_utc(2021, 10, 31, 1, 31, 0));
    /* narrow: the readings of one minute do not overlap */
    kj_timex_result r;
    const char *berlin[] = {"Europe/Berlin"};
    assert_int_equal(kj_timex_parse("2021-10-31 02:30", berlin, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "narrow reading is empty"));
    /* narrow of a longer span starting at the repeated hour: later start */
    assert_span(parse_in("2021-10-31 02:30..2021-10-31 05:00", "Europe/Berlin", KJ_READ_NARROW),
                kj_test_utc(2021, 10, 31, 1, 30, 0), kj_test_utc(2021, 10, 31, 4, 0, 0));
    /* and the wide one the earlier start */
    assert_span(parse_in("2021-10-31 02:30..2021-10-31 05:00", "Europe/Berlin", KJ_READ_WIDE),
                kj_test_utc(2021, 10, 31, 0, 30, 0), kj_test_utc(2021, 10, 31, 4, 1, 0));
    assert_int_equal(kj_timex_parse("2021-10-31 02:30..05:00", berlin, 1, KJ_READ_WIDE, NULL, &r), -1);
}

static void test_several_zones(void **state)
{
    (void)state;
    const char *zones[] = {"Europe/Oslo", "America/New_York"};
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("1935-12-01", zones, 2, KJ_READ_WIDE, NULL, &r), 0);
    assert_span(r.when, kj_test_utc(1935, 11, 30, 23, 0, 0), kj_test_utc(1935, 12, 2, 5, 0, 0));
    assert_int_equal(kj_timex_parse("1935-12-01", zones, 2, KJ_READ_NARROW, NULL, &r), 0);
    assert_span(r.when, kj_test_utc(1935, 12, 1, 5, 0, 0), kj_test_utc(1935, 12, 1, 23, 0, 0));
    assert_int_equal(kj_timex_parse("1935-12-01 15:00", zones, 2, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "narrow reading is empty"));
}

/* Both zone databases: Mexico City kept DST in 2023 under ICU's data
 * (2022e) but not under the system's tzdata; a claim gets both readings,
 * a fact what they have in common, and the reading says so. */
static void test_zone_databases(void **state)
{
    (void)state;
    char icu[32];
    kj_tz_data_version(icu, sizeof icu);
    if (strcmp(icu, "2022f") >= 0)
        skip();
    const char *mexico[] = {"America/Mexico_City"};
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("2023-07-15 12:00", mexico, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_span(r.when, kj_test_utc(2023, 7, 15, 17, 0, 0), kj_test_utc(2023, 7, 15, 18, 1, 0));
    assert_non_null(strstr(r.reading, "America/Mexico_City, UTC-05:00 (ICU) / UTC-06:00 (tzdata)"));
    assert_non_null(strstr(r.reading, "zone databases"));
    assert_int_equal(kj_timex_parse("2023-07-15", mexico, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_span(r.when, kj_test_utc(2023, 7, 15, 5, 0, 0), kj_test_utc(2023, 7, 16, 6, 0, 0));
    assert_int_equal(kj_timex_parse("2023-07-15", mexico, 1, KJ_READ_NARROW, NULL, &r), 0);
    assert_span(r.when, kj_test_utc(2023, 7, 15, 6, 0, 0), kj_test_utc(2023, 7, 16, 5, 0, 0));
    assert_int_equal(kj_timex_parse("2023-07-15 12:00", mexico, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "zone databases"));
    /* Amsterdam 1935: +00:19:32 (tzdata) and +00:00 (ICU) */
    const char *amsterdam[] = {"Europe/Amsterdam"};
    assert_int_equal(kj_timex_parse("1935-01-15 12:00", amsterdam, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_span(r.when, kj_test_utc(1935, 1, 15, 11, 40, 28), kj_test_utc(1935, 1, 15, 12, 1, 0));
}

static void test_reading_text(void **state)
{
    (void)state;
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("first half of December 1935", OSLO, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_string_equal(r.reading, "\"first half of December 1935\" read as 1935-12-01 00:00 .. "
                                   "1935-12-16 00:00 (Europe/Oslo, UTC+01:00): first half = days 1-15");
    assert_int_equal(r.has_clock, 0);
    assert_int_equal(kj_timex_parse("1935-12-01, about 3 p.m.", OSLO, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_non_null(strstr(r.reading, "1935-12-01 14:00 .. 1935-12-01 16:00"));
    assert_non_null(strstr(r.reading, "about = \xc2\xb1" "60 min, option about-clock"));
    assert_int_equal(r.has_clock, 1);
    assert_int_equal(kj_timex_parse("early December 1935", OSLO, 1, KJ_READ_NARROW, NULL, &r), 0);
    assert_non_null(strstr(r.reading, "early = days 1-7 (narrow reading)"));
    const char *berlin[] = {"Europe/Berlin"};
    assert_int_equal(kj_timex_parse("2021-10-31 02:30", berlin, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_non_null(strstr(r.reading, "UTC+02:00 .. UTC+01:00"));
    assert_non_null(strstr(r.reading, "clock change"));
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("Decmber 1935", 0, "unknown month 'Decmber'", "did you mean 'December'?");
    /* a word is quoted whole, never cut inside a character */
    expect_error("1 d\xc3\xa9" "cembre 1935", 2, "unknown month 'd\xc3\xa9" "cembre'", NULL);
    expect_error("1935-12-02 midn\xc4\xb1ght", 11, "a second date 'midn\xc4\xb1ght'", NULL);
    expect_error("early Decmber 1935", 6, "unknown month 'Decmber'", "'December'");
    expect_error("frist half of December 1935", 0, "unexpected 'frist'", "did you mean 'first'?");
    expect_error("1935-13", 5, "month '13' is not 01..12", NULL);
    expect_error("1935-02-29", 8, "day '29' does not exist in February 1935", NULL);
    expect_error("31 April 1935", 0, "day 31 does not exist in April 1935", NULL);
    expect_error("December 35", 9, "expected a four-digit year", "four digits");
    expect_error("0000", 0, "year '0000' is out of range 1..9999", NULL);
    expect_error("10000", 0, "year '10000' is out of range 1..9999", NULL);
    expect_error("about 3 p.m.", 0, "a time of day needs a date", NULL);
    expect_error("1935-12-01 at 3", 14, "ambiguous hour '3'", "'3 p.m.'");
    expect_error("1935-12-01 15", 11, "hour '15' needs minutes", "'15:00'");
    expect_error("1935-12-01 25:00", 11, "not 00:00..24:00", NULL);
    expect_error("1935-12-01 13 p.m.", 11, "hour 13 is not 1..12", NULL);
    expect_error("1935-12-01 15:7", 14, "minutes must be two digits", NULL);
    expect_error("early 1935", 0, "'early' applies to a month, not a year", NULL);
    expect_error("1935-12-15..1935-12-01", 10, "the range ends before it starts", NULL);
    expect_error("..", 0, "a range needs a start or an end", NULL);
    expect_error("1935-12-01 1935-12-02", 11, "a second date", NULL);
    expect_error("1935-12-01 15:00 16:00", 17, "a second time of day", NULL);
    expect_error("1935x", 4, "unexpected 'x'", NULL);
    kj_timex_result r;
    const char *bad[] = {"Europe/Olso"};
    assert_int_equal(kj_timex_parse("1935", bad, 1, KJ_READ_WIDE, NULL, &r), -1);
    assert_string_equal(r.error, "unknown time zone 'Europe/Olso'");
    assert_string_equal(r.hint, "did you mean 'Europe/Oslo'?");
    assert_int_equal(kj_timex_parse("1935", bad, 0, KJ_READ_WIDE, NULL, &r), -1);
    assert_string_equal(r.error, "no time zone given");
}

static void test_clock_alone(void **state)
{
    (void)state;
    kj_timex_result r;
    int64_t lo, hi;
    assert_int_equal(kj_clock_parse("approximately 3 p.m.", KJ_READ_WIDE, NULL, &lo, &hi, &r), 0);
    assert_int_equal(lo, 14 * H);
    assert_int_equal(hi, 16 * H);
    assert_string_equal(r.reading, "\"approximately 3 p.m.\" read as 14:00 .. 16:00 "
                                   "(about = \xc2\xb1" "60 min, option about-clock)");
    assert_int_equal(kj_clock_parse("at night", KJ_READ_WIDE, NULL, &lo, &hi, &r), 0);
    assert_int_equal(lo, 20 * H);
    assert_int_equal(hi, 30 * H);
    assert_int_equal(kj_clock_parse("1935-12-01 15:00", KJ_READ_WIDE, NULL, &lo, &hi, &r), -1);
    assert_int_equal(kj_timex_clock_on_day("about 3 p.m.", 1935, 12, 1, OSLO, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_span(r.when, oslo(1935, 12, 1, 14, 0), oslo(1935, 12, 1, 16, 0));
    assert_int_equal(kj_timex_clock_on_day("3 p.m.", 1935, 2, 30, OSLO, 1, KJ_READ_WIDE, NULL, &r), -1);
}

/* Parses a duration; fails the test on error. */
static void assert_duration(const char *text, int64_t lo, int64_t hi)
{
    kj_timex_result r;
    int64_t min_s, max_s;
    if (kj_duration_parse(text, NULL, &min_s, &max_s, &r) != 0)
        fail_msg("'%s': %s at %d", text, r.error, r.error_offset);
    if (min_s != lo || max_s != hi)
        fail_msg("'%s': [%lld, %lld], want [%lld, %lld]", text, (long long)min_s,
                 (long long)max_s, (long long)lo, (long long)hi);
}

static void test_durations(void **state)
{
    (void)state;
    assert_duration("30 minutes", 1800, 1800);
    assert_duration("about 30 minutes", 900, 2700);
    assert_duration("approximately two hours", 3600, 3 * H);
    assert_duration("2 h", 2 * H, 2 * H);
    assert_duration("2h", 2 * H, 2 * H);
    assert_duration("1 hour 30 minutes", 5400, 5400);
    assert_duration("1 hour and 30 minutes", 5400, 5400);
    assert_duration("90 min", 5400, 5400);
    assert_duration("1.5 hours", 5400, 5400);
    assert_duration("three days", 3 * DAY, 3 * DAY);
    assert_duration("a week", 7 * DAY, 7 * DAY);
    assert_duration("at most 2 hours", 0, 2 * H);
    assert_duration("no more than 2 hrs", 0, 2 * H);
    assert_duration("at least 10 minutes", 600, INT64_MAX);
    assert_duration("half an hour", 1800, 1800);
    assert_duration("an hour", H, H);
    assert_duration("a day", DAY, DAY);
    assert_duration("an hour and a half", 5400, 5400);
    assert_duration("two and a half hours", 9000, 9000);
    assert_duration("twenty-five minutes", 1500, 1500);
    assert_duration("forty five seconds", 45, 45);
    assert_duration("sixty seconds", 60, 60);
    assert_duration("twenty sec", 20, 20);
    assert_duration("0.5 s", 0, 1);           /* rounded outward */
    assert_duration("about 45 s", 22, 68);    /* 22.5 .. 67.5 rounded outward */
    assert_duration("some 10 minutes", 300, 900);
}

static void test_duration_option_and_errors(void **state)
{
    (void)state;
    kj_readopts o;
    kj_readopts_default(&o);
    assert_int_equal(o.about_pct, 50);
    assert_int_equal(o.about_clock_s, 3600);
    o.about_pct = 20;
    kj_timex_result r;
    int64_t lo, hi;
    assert_int_equal(kj_duration_parse("about 30 minutes", &o, &lo, &hi, &r), 0);
    assert_int_equal(lo, 1440);
    assert_int_equal(hi, 2160);
    assert_int_equal(kj_duration_parse("about 30 minutes", NULL, &lo, &hi, &r), 0);
    assert_string_equal(r.reading, "\"about 30 minutes\" read as 15 min .. 45 min "
                                   "(about = \xc2\xb1" "50%, option about)");
    assert_int_equal(kj_duration_parse("a few minutes", NULL, &lo, &hi, &r), -1);
    assert_string_equal(r.error, "'few' is too vague to read as a number");
    assert_int_equal(r.error_offset, 2);
    assert_int_equal(kj_duration_parse("several hours", NULL, &lo, &hi, &r), -1);
    assert_int_equal(kj_duration_parse("30 minuts", NULL, &lo, &hi, &r), -1);
    assert_string_equal(r.error, "unknown unit 'minuts'");
    assert_string_equal(r.hint, "did you mean 'minute'?");
    assert_int_equal(r.error_offset, 3);
    assert_int_equal(kj_duration_parse("30", NULL, &lo, &hi, &r), -1);
    assert_string_equal(r.error, "expected a unit, found ''");
    assert_int_equal(kj_duration_parse("about", NULL, &lo, &hi, &r), -1);
    assert_int_equal(kj_duration_parse("", NULL, &lo, &hi, &r), -1);
}

static void test_time_format(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(kj_time_format(kj_test_utc(1935, 12, 1, 14, 0, 0), "Europe/Oslo", buf, sizeof buf),
                        "1935-12-01 15:00 +01:00");
    assert_string_equal(kj_time_format(kj_test_utc(1935, 12, 1, 14, 0, 5), "Europe/Oslo", buf, sizeof buf),
                        "1935-12-01 15:00:05 +01:00");
    assert_string_equal(kj_time_format(kj_test_utc(1927, 5, 10, 16, 0, 0), "America/New_York", buf, sizeof buf),
                        "1927-05-10 12:00 -04:00");
    assert_string_equal(kj_time_format(kj_test_utc(1935, 1, 1, 0, 0, 0), "UTC+00:19:32", buf, sizeof buf),
                        "1935-01-01 00:19:32 +00:19:32");
    assert_string_equal(kj_time_format(KJ_TIME_MIN, "Europe/Oslo", buf, sizeof buf), "-inf");
    assert_string_equal(kj_time_format(KJ_TIME_MAX, "Europe/Oslo", buf, sizeof buf), "+inf");
    assert_string_equal(kj_time_format(0, NULL, buf, sizeof buf), "1970-01-01 00:00 UTC");
    kj_time_format(kj_test_utc(1935, 12, 1, 14, 0, 0), "Europe/Oslo", buf, 8);
    assert_string_equal(buf, "1935-12");
}

static void test_duration_format(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(kj_duration_format(13 * 60, buf, sizeof buf), "13 min");
    assert_string_equal(kj_duration_format(2 * H + 5 * 60, buf, sizeof buf), "2 h 5 min");
    assert_string_equal(kj_duration_format(15 * DAY + 3 * H, buf, sizeof buf), "15 days 3 h");
    assert_string_equal(kj_duration_format(DAY, buf, sizeof buf), "1 day");
    assert_string_equal(kj_duration_format(45, buf, sizeof buf), "45 s");
    assert_string_equal(kj_duration_format(0, buf, sizeof buf), "0 s");
    assert_string_equal(kj_duration_format(-90, buf, sizeof buf), "-1 min 30 s");
    assert_string_equal(kj_duration_format(INT64_MAX, buf, sizeof buf), "+inf");
    assert_string_equal(kj_duration_format(INT64_MIN, buf, sizeof buf), "-inf");
}

/* ---- times as machines write them (issue 20 item 1) ---------------------- */

/* Expected UTC instants computed by python3's datetime.fromisoformat and
 * zoneinfo (the system's tzdata), not by kjeller: tests/tools/iso_times_table.py
 * made the table, and its numbers are kept here. */
static const struct {
    const char *text, *zone;
    int64_t lo, hi;
    int warns; /* the offset is not the zone's then */
} ISO_TABLE[] = {
    {"2024-03-14T21:00:00Z", "America/New_York", INT64_C(1710450000), INT64_C(1710450001), 0},
    {"2024-03-14T21:00:00+01:00", "Europe/Oslo", INT64_C(1710446400), INT64_C(1710446401), 0},
    {"2024-03-14T21:00:00+0100", "Europe/Oslo", INT64_C(1710446400), INT64_C(1710446401), 0},
    {"2024-01-14T21:00:00-05:00", "America/New_York", INT64_C(1705284000), INT64_C(1705284001), 0},
    {"2024-03-14T21:00:00.123Z", "Europe/Oslo", INT64_C(1710450000), INT64_C(1710450001), 0},
    {"2024-03-14T21:00:59.999+01:00", "Europe/Oslo", INT64_C(1710446459), INT64_C(1710446460), 0},
    {"2024-03-14 21:00Z", "Europe/Oslo", INT64_C(1710450000), INT64_C(1710450060), 0},
    {"2024-03-14 21:00 UTC", "Asia/Tokyo", INT64_C(1710450000), INT64_C(1710450060), 0},
    {"2024-03-14 21:00:00 GMT", "Asia/Tokyo", INT64_C(1710450000), INT64_C(1710450001), 0},
    {"2024-03-14T21:00+01", "Europe/Oslo", INT64_C(1710446400), INT64_C(1710446460), 0},
    {"2024-03-14T21:00:00+05:30", "Asia/Kolkata", INT64_C(1710430200), INT64_C(1710430201), 0},
    {"2024-03-14T21:00:00-00:00", "America/New_York", INT64_C(1710450000), INT64_C(1710450001), 0},
    {"2024-11-03T01:30:00-04:00", "America/New_York", INT64_C(1730611800), INT64_C(1730611801), 0},
    {"2024-11-03T01:30:00-05:00", "America/New_York", INT64_C(1730615400), INT64_C(1730615401), 0},
    {"2024-11-03 01:30:00", "America/New_York", INT64_C(1730611800), INT64_C(1730615401), 0},
    {"2024-03-14T21:00Z..2024-03-14 23:00", "America/New_York", INT64_C(1710450000), INT64_C(1710471660), 0},
    {"2024-03-14 20:00..2024-03-14T23:00:00+01:00", "Europe/Oslo", INT64_C(1710442800), INT64_C(1710453601), 0},
    {"2024-03-14T21:00-04:00..2024-03-14 23:30", "America/New_York", INT64_C(1710464400), INT64_C(1710473460), 0},
    {"2024-03-14 23:00..2024-03-14T20:00:00-08:00", "America/New_York", INT64_C(1710471600), INT64_C(1710475201), 1},
    {"2024-03-14 about 9 p.m. UTC", "Asia/Tokyo", INT64_C(1710446400), INT64_C(1710453600), 0},
    {"2024-03-14T21:00:00Z..", "Europe/Oslo", INT64_C(1710450000), KJ_TIME_MAX, 0},
};

static void test_iso_offsets(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ISO_TABLE / sizeof ISO_TABLE[0]; i++) {
        kj_timex_result r;
        const char *zones[] = {ISO_TABLE[i].zone};
        if (kj_timex_parse(ISO_TABLE[i].text, zones, 1, KJ_READ_WIDE, NULL, &r) != 0)
            fail_msg("'%s': %s at %d", ISO_TABLE[i].text, r.error, r.error_offset);
        if (r.when.lo != ISO_TABLE[i].lo || r.when.hi != ISO_TABLE[i].hi)
            fail_msg("'%s' in %s: [%lld, %lld], want [%lld, %lld]", ISO_TABLE[i].text, ISO_TABLE[i].zone,
                     (long long)r.when.lo, (long long)r.when.hi, (long long)ISO_TABLE[i].lo,
                     (long long)ISO_TABLE[i].hi);
        if ((r.warning[0] != '\0') != ISO_TABLE[i].warns)
            fail_msg("'%s' in %s: warning '%s', want %s", ISO_TABLE[i].text, ISO_TABLE[i].zone, r.warning,
                     ISO_TABLE[i].warns ? "one" : "none");
    }
}

/* The offset wins over the zone, and says so in the reading; an offset the
 * zone does not have then is a warning, never a changed reading. */
static void test_iso_offset_reading_and_warning(void **state)
{
    (void)state;
    kj_timex_result r;
    kj_interval w;
    const char *ny[] = {"America/New_York"};
    assert_int_equal(kj_timex_parse("2024-03-14T21:00:00+01:00", ny, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(r.when.lo, kj_test_utc(2024, 3, 14, 20, 0, 0));
    assert_non_null(strstr(r.reading, "(UTC+01:00, the offset written)"));
    assert_non_null(strstr(r.warning, "offset +01:00 is not the offset of America/New_York at 2024-03-14 20:00 UTC (UTC-04:00)"));
    assert_int_equal(r.warning_offset, 19);
    /* EDT, not EST, on 14 March 2024: -05:00 is the winter offset */
    assert_int_equal(kj_timex_parse("2024-03-14T21:00:00-05:00", ny, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_non_null(strstr(r.warning, "offset -05:00"));
    /* a place of several zones: an offset any of them has agrees */
    const char *two[] = {"America/New_York", "Europe/Oslo"};
    assert_int_equal(kj_timex_parse("2024-03-14T21:00:00+01:00", two, 2, KJ_READ_WIDE, NULL, &r), 0);
    assert_string_equal(r.warning, "");
    /* one fixed end, one read in the zone */
    assert_int_equal(kj_timex_parse("2024-03-14T21:00Z..2024-03-14 23:00", ny, 1, KJ_READ_WIDE, NULL, &r), 0);
    assert_non_null(strstr(r.reading, "(start: UTC+00:00, the offset written; end: America/New_York, UTC-04:00)"));
    /* narrow: the instant is certain, from the first end's to the second's */
    assert_int_equal(kj_timex_parse("2024-03-14T08:00Z..2024-03-14T12:00Z", ny, 1, KJ_READ_NARROW, NULL, &r), 0);
    assert_int_equal(r.when.lo, kj_test_utc(2024, 3, 14, 8, 0, 0));
    assert_int_equal(r.when.hi, kj_test_utc(2024, 3, 14, 12, 0, 0));
    /* a fraction: the whole second it lies in, of which no whole second is
     * certain; as a range's ends, the start's next second and the end's own */
    w = parse_in("2024-03-14T08:00:00.500Z..2024-03-14T08:00:05.500Z", "America/New_York", KJ_READ_NARROW);
    assert_span(w, kj_test_utc(2024, 3, 14, 8, 0, 1), kj_test_utc(2024, 3, 14, 8, 0, 5));
    w = parse_in("2024-03-14T08:00:00.000Z", "America/New_York", KJ_READ_NARROW);
    assert_span(w, kj_test_utc(2024, 3, 14, 8, 0, 0), kj_test_utc(2024, 3, 14, 8, 0, 0));
    assert_int_equal(kj_timex_parse("2024-03-14T08:00:00.5Z", ny, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "nothing is certain in this span"));
    /* a clock change's ambiguous wall time, made one by its offset */
    w = parse_in("2024-11-03T01:30-05:00", "America/New_York", KJ_READ_NARROW);
    assert_span(w, kj_test_utc(2024, 11, 3, 6, 30, 0), kj_test_utc(2024, 11, 3, 6, 30, 0));
}

static void expect_error_in(const char *text, const kj_readopts *o, int offset, const char *msg, const char *hint)
{
    kj_timex_result r;
    assert_int_equal(kj_timex_parse(text, OSLO, 1, KJ_READ_WIDE, o, &r), -1);
    if (strstr(r.error, msg) == NULL || r.error_offset != offset)
        fail_msg("'%s': got '%s' at %d, want '%s' at %d", text, r.error, r.error_offset, msg, offset);
    if (hint != NULL && strstr(r.hint, hint) == NULL)
        fail_msg("'%s': hint '%s', want '%s'", text, r.hint, hint);
}

static void test_iso_errors(void **state)
{
    (void)state;
    expect_error("2024-03-14 09:00-10:00", 16, "'09:00-10:00' may be a time with UTC offset -10:00 or a range of times",
                 "for a range write '..'");
    expect_error("2024-03-14T21:00+19:00", 16, "UTC offset '+19:00' is out of range", NULL);
    expect_error("2024-03-14T21:00+1:00", 16, "bad UTC offset '+1'", "+HH:MM");
    expect_error("2024-03-14T21:00+01:60", 16, "UTC offset '+01:60' is out of range", NULL);
    expect_error("2024-03-14T21:00Z..2024-03-14T21:30+01:00", 0, "the range ends before it starts", NULL);
    expect_error("2024-03-14 21:00 Z", 17, "'Z' (UTC) is not joined to its time", "'21:00Z'");
    expect_error("2024-03-14 21:00.5", 16, "unexpected '.'", NULL);
    expect_error("2024-03-14 in the evening UTC", 26, "a second date 'UTC'", NULL); /* a part of the day has no offset */
    int64_t lo, hi;
    kj_timex_result r;
    assert_int_equal(kj_clock_parse("21:00Z", KJ_READ_WIDE, NULL, &lo, &hi, &r), -1);
    assert_non_null(strstr(r.error, "a time of day with a UTC offset needs a date"));
}

static void test_numeric_dates(void **state)
{
    (void)state;
    kj_readopts dmy, mdy;
    kj_readopts_default(&dmy);
    kj_readopts_default(&mdy);
    dmy.date_order = KJ_DATE_ORDER_DMY;
    mdy.date_order = KJ_DATE_ORDER_MDY;
    kj_timex_result r;
    /* Oslo: UTC+1, and from 31 March 2024 UTC+2 */
    const struct { const char *text; const kj_readopts *o; int y, m, d, offset_h; } ok[] = {
        {"14/03/2024", &dmy, 2024, 3, 14, 1}, {"03/14/2024", &mdy, 2024, 3, 14, 1}, {"14.03.2024", &dmy, 2024, 3, 14, 1},
        {"3-4-2024", &mdy, 2024, 3, 4, 1},    {"3-4-2024", &dmy, 2024, 4, 3, 2},    {"29/02/2024", &dmy, 2024, 2, 29, 1}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (kj_timex_parse(ok[i].text, OSLO, 1, KJ_READ_WIDE, ok[i].o, &r) != 0)
            fail_msg("'%s': %s", ok[i].text, r.error);
        int64_t day = kj_test_utc(ok[i].y, ok[i].m, ok[i].d, 0, 0, 0) - ok[i].offset_h * H;
        assert_span(r.when, day, day + DAY);
    }
    assert_int_equal(kj_timex_parse("14/03/2024 21:00:00Z", OSLO, 1, KJ_READ_WIDE, &dmy, &r), 0);
    assert_span(r.when, kj_test_utc(2024, 3, 14, 21, 0, 0), kj_test_utc(2024, 3, 14, 21, 0, 1));
    assert_non_null(strstr(r.reading, "day first (date order dmy)"));
    expect_error_in("03/04/2024", NULL, 0, "ambiguous numeric date '03/04/2024': 3 April 2024 (day first) or 4 March 2024 (month first)",
                    "option date-order dmy");
    expect_error_in("14/03/2024", NULL, 0, "numeric date '14/03/2024' needs a date order (it can only be day first: 14 March 2024)",
                    "option date-order mdy");
    expect_error_in("03/14/2024", NULL, 0, "it can only be month first: 14 March 2024", "--date-order");
    expect_error_in("05/05/2024", NULL, 0, "needs a date order (it is 5 May 2024 in either)", NULL);
    expect_error_in("13/13/2024", NULL, 0, "no such date '13/13/2024' (neither day first nor month first)", NULL);
    expect_error_in("14/03/2024", &mdy, 0, "no such date '14/03/2024' month first (date order mdy)", "the order is dmy");
    expect_error_in("03/14/2024", &dmy, 0, "no such date '03/14/2024' day first (date order dmy)", "the order is mdy");
    expect_error_in("30/02/2024", &dmy, 0, "no such date '30/02/2024' day first", NULL);
    expect_error_in("14/03/24", &dmy, 6, "expected a four-digit year, found '24'", NULL);
    expect_error_in("14/03-2024", &dmy, 0, "expected a numeric date DD/MM/YYYY or MM/DD/YYYY", NULL);
}


static kj_interval in_utc(const char *text, kj_reading reading, kj_timex_result *r)
{
    static const char *const utc[] = {"UTC"};
    if (kj_timex_parse(text, utc, 1, reading, NULL, r) != 0)
        fail_msg("'%s': %s at %d", text, r->error, r->error_offset);
    return r->when;
}

/* Asserts w is [y1-m1-d1 00:00, y2-m2-d2 00:00] UTC. */
static void U(kj_interval w, int y1, int m1, int d1, int y2, int m2, int d2)
{
    assert_span(w, kj_test_utc(y1, m1, d1, 0, 0, 0), kj_test_utc(y2, m2, d2, 0, 0, 0));
}

/* "about" before a date (issue 22 item 3): a day +-7 days, a month +-15
 * days, a year +-1 year, by default; narrowly, what every reading shares. */
static void test_about_dates(void **state)
{
    (void)state;
    kj_timex_result r;
    U(in_utc("about 10 October 1933", KJ_READ_WIDE, &r), 1933, 10, 3, 1933, 10, 18);
    assert_non_null(strstr(r.reading, "about a day = \xc2\xb1" "7 days, option about-day (3 October 1933 .. 17 October 1933)"));
    U(in_utc("around the 10th of October 1933", KJ_READ_WIDE, &r), 1933, 10, 3, 1933, 10, 18);
    U(in_utc("c. 1933-10-10", KJ_READ_WIDE, &r), 1933, 10, 3, 1933, 10, 18);
    U(in_utc("about October 1933", KJ_READ_WIDE, &r), 1933, 9, 16, 1933, 11, 16);
    U(in_utc("circa 1933", KJ_READ_WIDE, &r), 1932, 1, 1, 1935, 1, 1);
    assert_non_null(strstr(r.reading, "about a year = \xc2\xb1" "1 year, option about-year"));
    U(in_utc("approximately early October 1933", KJ_READ_WIDE, &r), 1933, 9, 24, 1933, 10, 20);
    /* across a year's end and a leap day */
    U(in_utc("about 29 February 2024", KJ_READ_WIDE, &r), 2024, 2, 22, 2024, 3, 8);
    U(in_utc("about 30 December 1999", KJ_READ_WIDE, &r), 1999, 12, 23, 2000, 1, 7);
    /* with a time of day: that time on each day, the hull */
    assert_span(in_utc("about 10 October 1933, about 3 p.m.", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 3, 14, 0, 0), kj_test_utc(1933, 10, 17, 16, 0, 0));
    /* a range with "about" ends: wide from the first reading to the last */
    U(in_utc("about 10 October 1933..about 20 October 1933", KJ_READ_WIDE, &r), 1933, 10, 3, 1933, 10, 28);
    /* narrowly a range is certain from its latest start to its earliest end */
    U(in_utc("about 1 October 1933..about 31 October 1933", KJ_READ_NARROW, &r), 1933, 10, 9, 1933, 10, 24);
    /* a month: certain are the days every shift of it shares */
    U(in_utc("about October 1933", KJ_READ_NARROW, &r), 1933, 10, 16, 1933, 10, 17);
    /* a day or a year: no day in every reading */
    static const char *const utc[] = {"UTC"};
    assert_int_equal(kj_timex_parse("about 10 October 1933", utc, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_non_null(strstr(r.error, "nothing is certain in this span: no day is in every reading of about a day"));
    assert_int_equal(kj_timex_parse("circa 1933", utc, 1, KJ_READ_NARROW, NULL, &r), -1);
    /* the options */
    kj_readopts o;
    kj_readopts_default(&o);
    o.about_day_s = 2 * DAY;
    o.about_month_s = 0;
    o.about_year = 3;
    assert_int_equal(kj_timex_parse("about 10 October 1933", utc, 1, KJ_READ_WIDE, &o, &r), 0);
    U(r.when, 1933, 10, 8, 1933, 10, 13);
    assert_int_equal(kj_timex_parse("about October 1933", utc, 1, KJ_READ_NARROW, &o, &r), 0);
    U(r.when, 1933, 10, 1, 1933, 11, 1);
    assert_int_equal(kj_timex_parse("about 1933", utc, 1, KJ_READ_WIDE, &o, &r), 0);
    U(r.when, 1930, 1, 1, 1937, 1, 1);
    /* the calendar's ends */
    U(in_utc("about 2 January 0001", KJ_READ_WIDE, &r), 1, 1, 1, 1, 1, 10);
    /* what is not a date */
    expect_error("about 10", 6, "ambiguous hour '10'", NULL);
    expect_error("around the 20th", 15, "expected a month name", "needs its month and year");
    expect_error("about Friday 14 March 2024", 0, "'about' cannot come before it", "about 14 March 2024");
}

/* "between A and B", "from A until B", "until B", "from A" (issue 22
 * item 3): ranges in words; a bare number takes its kind from the end. */
static void test_phrase_ranges(void **state)
{
    (void)state;
    kj_timex_result r;
    assert_span(in_utc("between 3 and 4 p.m. on 10 October 1933", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 10, 15, 0, 0), kj_test_utc(1933, 10, 10, 16, 1, 0));
    assert_span(in_utc("10 October 1933 between 3 and 4 p.m.", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 10, 15, 0, 0), kj_test_utc(1933, 10, 10, 16, 1, 0));
    /* the start in the half of the day before the end */
    assert_span(in_utc("10 October 1933, between 11 and 1 p.m.", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 10, 11, 0, 0), kj_test_utc(1933, 10, 10, 13, 1, 0));
    assert_span(in_utc("from nine to eleven p.m. on 10 October 1933", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 10, 21, 0, 0), kj_test_utc(1933, 10, 10, 23, 1, 0));
    assert_span(in_utc("from 9 p.m. until 11 p.m. on 10 October 1933", KJ_READ_NARROW, &r),
                kj_test_utc(1933, 10, 10, 21, 0, 0), kj_test_utc(1933, 10, 10, 23, 0, 0));
    /* days */
    U(in_utc("between 1 and 3 October 1933", KJ_READ_WIDE, &r), 1933, 10, 1, 1933, 10, 4);
    U(in_utc("from 1 to 3 October 1933", KJ_READ_NARROW, &r), 1933, 10, 1, 1933, 10, 4);
    U(in_utc("from 1 October 1933 till 3 November 1933", KJ_READ_WIDE, &r), 1933, 10, 1, 1933, 11, 4);
    U(in_utc("between about 1 October 1933 and about 3 October 1933", KJ_READ_WIDE, &r), 1933, 9, 24, 1933, 10, 11);
    /* a start with no year takes the end's, or the year before */
    U(in_utc("between 30 September and 2 October 1933", KJ_READ_WIDE, &r), 1933, 9, 30, 1933, 10, 3);
    U(in_utc("from 30 December to 2 January 1934", KJ_READ_NARROW, &r), 1933, 12, 30, 1934, 1, 3);
    assert_int_equal(kj_timex_parse("between Fri 30 September and 2 October 1933", (const char *const[]){"UTC"}, 1,
                                    KJ_READ_WIDE, NULL, &r), 0);
    assert_int_equal(r.n_slips, 1); /* 30 September 1933 was a Saturday: the note's caret at "Fri" */
    assert_int_equal(r.slips[0].offset, 8);
    expect_error("between 30 Septembre and 2 October 1933", 11, "unknown month 'Septembre'", "September");
    assert_span(in_utc("between 1 and 3 October 1933 at 3 p.m.", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 1, 15, 0, 0), kj_test_utc(1933, 10, 3, 15, 1, 0));
    /* one end */
    assert_span(in_utc("until 12 October 1933", KJ_READ_WIDE, &r), KJ_TIME_MIN, kj_test_utc(1933, 10, 13, 0, 0, 0));
    U(in_utc("from 12 October 1933", KJ_READ_WIDE, &r), 1933, 10, 12, 1933, 10, 13);
    /* what cannot be read */
    expect_error("from 9 p.m. until closing on 10 October 1933", 18, "unexpected 'closing'", "write the time it was");
    expect_error("from 10 p.m. to 2 a.m. on 10 October 1933", 13, "the range ends before it starts on that day",
                 "write the date of each end");
    expect_error("between 3 p.m. on 10 October 1933", 0, "'between' needs an 'and'", NULL);
    expect_error("between 9 and 10 on 10 October 1933", 14, "ambiguous hour '10'", NULL);
    expect_error("between 5 and 3 October 1933", 8, "day 5 is not before the range's end", NULL);
    expect_error("until the 12th", 14, "expected a month name", "needs its month and year");
    expect_error("a few days later", 0, "unexpected 'a'", "is a sequence clause of the claim");
    expect_error("between and 4 p.m. on 10 October 1933", 7, "the range in words has no start", "write both ends");
    expect_error("from 10 October 1933 until", 26, "the range in words has no end", "write both ends");
    /* an end with several readings: the start before each of them */
    assert_span(in_utc("from 10 p.m. to midnight on 10 October 1933", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 10, 22, 0, 0), kj_test_utc(1933, 10, 11, 0, 1, 0));
    assert_span(in_utc("between 11 and 12 p.m. on 10 October 1933", KJ_READ_WIDE, &r),
                kj_test_utc(1933, 10, 10, 11, 0, 0), kj_test_utc(1933, 10, 11, 0, 1, 0));
    /* an offset written once is both ends' ("between 3 and 4 p.m. UTC") */
    assert_span(parse_in("between 3 and 4 p.m. UTC on 10 October 2023", "Atlantic/Cape_Verde", KJ_READ_WIDE),
                kj_test_utc(2023, 10, 10, 15, 0, 0), kj_test_utc(2023, 10, 10, 16, 1, 0));
    assert_span(parse_in("from 9 p.m. until 11 p.m. UTC on 10 October 2023", "America/Los_Angeles", KJ_READ_WIDE),
                kj_test_utc(2023, 10, 10, 21, 0, 0), kj_test_utc(2023, 10, 10, 23, 1, 0));
}

/* A weekday the date falls on is read as the date alone; the weekdays of
 * dates across the calendar's range, as python3's datetime (proleptic
 * Gregorian) gives them. */
static void test_weekday_matches(void **state)
{
    (void)state;
    const struct { const char *text; int y, m, d; } ok[] = {
        {"Thursday 14 March 2024", 2024, 3, 14},      {"thu, 14 March 2024", 2024, 3, 14},
        {"THURSDAY, 2024-03-14", 2024, 3, 14},        {"Thu. the 14th of March 2024", 2024, 3, 14},
        {"thurs March 14, 2024", 2024, 3, 14},         {"Tues 12 March 2024", 2024, 3, 12},
        {"Monday 1 January 0001", 1, 1, 1},            {"Friday 15 October 1582", 1582, 10, 15},
        {"Tuesday 29 February 2000", 2000, 2, 29},     {"Thursday 30 December 9999", 9999, 12, 30},
        {"Thursday 1970-01-01", 1970, 1, 1},           {"Wednesday 1969-12-31", 1969, 12, 31},
        {"Sunday 14 October 1066", 1066, 10, 14},      {"Sat 16 March 2024", 2024, 3, 16}};
    kj_timex_result r;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        kj_interval w = in_utc(ok[i].text, KJ_READ_WIDE, &r);
        int64_t day = kj_test_utc(ok[i].y, ok[i].m, ok[i].d, 0, 0, 0);
        if (w.lo != day || w.hi != day + DAY || r.n_slips != 0)
            fail_msg("'%s': %lld..%lld, %d slips", ok[i].text, (long long)w.lo, (long long)w.hi, r.n_slips);
        assert_span(in_utc(ok[i].text, KJ_READ_NARROW, &r), day, day + DAY);
        assert_non_null(strstr(r.reading, "whole day"));
    }
    /* with a time of day, after it or before */
    assert_span(in_utc("Thursday 14 March 2024, about 9 p.m.", KJ_READ_WIDE, &r), kj_test_utc(2024, 3, 14, 20, 0, 0),
                kj_test_utc(2024, 3, 14, 22, 0, 0));
    assert_span(in_utc("at 21:00 on Thursday 14 March 2024", KJ_READ_WIDE, &r), kj_test_utc(2024, 3, 14, 21, 0, 0),
                kj_test_utc(2024, 3, 14, 21, 1, 0));
    assert_int_equal(r.n_slips, 0);
}

/* A weekday the date does not fall on: either day, the date's or the
 * nearest of the weekday's, and the window from one to the other. */
static void test_weekday_slips(void **state)
{
    (void)state;
    kj_timex_result r;
    int64_t thu = kj_test_utc(2024, 3, 14, 0, 0, 0);
    kj_interval w = in_utc("Friday 14 March 2024", KJ_READ_WIDE, &r);
    assert_span(w, thu, thu + 2 * DAY);
    assert_int_equal(r.n_slips, 1);
    assert_int_equal(r.slips[0].weekday, 4);
    assert_int_equal(r.slips[0].date_weekday, 3);
    assert_int_equal(r.slips[0].date_day, kj_days_from_civil(2024, 3, 14));
    assert_int_equal(r.slips[0].weekday_day, kj_days_from_civil(2024, 3, 15));
    assert_int_equal(r.slips[0].offset, 0);
    assert_int_equal(r.slips[0].len, 6);
    assert_int_equal(r.slips[0].old_style, 0);
    char text[512];
    assert_string_equal(kj_weekday_slip_text(&r.slips[0], text, sizeof text),
                        "Friday 14 March 2024, but 14 March 2024 was a Thursday; read as either Thursday 14 March or "
                        "Friday 15 March 2024");
    assert_non_null(strstr(r.reading, "14 March 2024 was a Thursday: either Thursday 14 March or Friday 15 March 2024"));
    /* the nearest day of the weekday, before or after, and the days between */
    const struct { const char *text; int first, last; } near[] = {
        {"Monday 14 March 2024", 11, 14},   {"Tuesday 14 March 2024", 12, 14}, {"Wed 14 March 2024", 13, 14},
        {"Fri 14 March 2024", 14, 15},      {"Saturday 14 March 2024", 14, 16}, {"Sunday 14 March 2024", 14, 17}};
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++)
        assert_span(in_utc(near[i].text, KJ_READ_WIDE, &r), kj_test_utc(2024, 3, near[i].first, 0, 0, 0),
                    kj_test_utc(2024, 3, near[i].last + 1, 0, 0, 0));
    assert_non_null(strstr(r.reading, ", and the days between"));
    /* with a time of day: from its window on the first day to its window on the last */
    assert_span(in_utc("Fri, 14 March 2024, about 9 p.m.", KJ_READ_WIDE, &r), kj_test_utc(2024, 3, 14, 20, 0, 0),
                kj_test_utc(2024, 3, 15, 22, 0, 0));
    assert_int_equal(r.slips[0].len, 3);
    assert_span(in_utc("about 9 p.m. on friday, 2024-03-14", KJ_READ_WIDE, &r), kj_test_utc(2024, 3, 14, 20, 0, 0),
                kj_test_utc(2024, 3, 15, 22, 0, 0));
    assert_int_equal(r.slips[0].offset, 16);
    /* across a year's end, each year named */
    assert_span(in_utc("Wednesday 31 December 2024", KJ_READ_WIDE, &r), kj_test_utc(2024, 12, 31, 0, 0, 0),
                kj_test_utc(2025, 1, 2, 0, 0, 0));
    assert_non_null(strstr(kj_weekday_slip_text(&r.slips[0], text, sizeof text),
                           "either Tuesday 31 December 2024 or Wednesday 1 January 2025"));
    /* a range: each end on its own */
    assert_span(in_utc("Friday 14 March 2024..Sunday 16 March 2024", KJ_READ_WIDE, &r), thu, thu + 4 * DAY);
    assert_int_equal(r.n_slips, 2);
    assert_int_equal(r.slips[1].offset, 22);
    /* every weekday with every day of a leap year: the weekday's day is
     * the nearest, within three days, and the window holds both */
    for (int64_t day = kj_days_from_civil(2024, 1, 1); day < kj_days_from_civil(2025, 1, 1); day += 1) {
        static const char *const names[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
        int y, m, d;
        kj_civil_from_days(day, &y, &m, &d);
        for (int wd = 0; wd < 7; wd++) {
            char t[64];
            snprintf(t, sizeof t, "%s %04d-%02d-%02d", names[wd], y, m, d);
            w = in_utc(t, KJ_READ_WIDE, &r);
            if (r.n_slips == 0) {
                assert_span(w, day * DAY, (day + 1) * DAY);
                continue;
            }
            int64_t other = r.slips[0].weekday_day, gap = other > day ? other - day : day - other;
            assert_true(gap >= 1 && gap <= 3);
            assert_int_equal(((other % 7) + 7 + 3) % 7, wd); /* 1970-01-01 was a Thursday */
            assert_span(w, (other < day ? other : day) * DAY, ((other > day ? other : day) + 1) * DAY);
        }
    }
}

/* Narrowly (a fact "throughout", a register's coverage) a slipped weekday
 * alone leaves nothing certain; as a range's end, the latest reading of
 * the start and the earliest of the end. */
static void test_weekday_narrow(void **state)
{
    (void)state;
    static const char *const utc[] = {"UTC"};
    kj_timex_result r;
    assert_int_equal(kj_timex_parse("Friday 14 March 2024", utc, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_string_equal(r.error, "nothing is certain in this span: 14 March 2024 was a Thursday, not a Friday, so it is "
                                 "either Thursday 14 March or Friday 15 March 2024");
    assert_non_null(strstr(r.hint, "'Thursday 14 March 2024' or 'Friday 15 March 2024'"));
    assert_int_equal(r.error_offset, 0);
    assert_int_equal(kj_timex_parse("on Fri 14 March 2024 in the morning", utc, 1, KJ_READ_NARROW, NULL, &r), -1);
    assert_int_equal(r.error_offset, 3);
    /* 9 March 2025 was a Sunday: the start is 9 or 10 March, certainly 10 */
    assert_span(in_utc("Monday 9 March 2025..Friday 14 March 2025", KJ_READ_NARROW, &r),
                kj_test_utc(2025, 3, 10, 0, 0, 0), kj_test_utc(2025, 3, 15, 0, 0, 0));
    assert_non_null(strstr(r.reading, "certain span"));
    assert_int_equal(r.n_slips, 1);
    /* 14 March 2025 was a Friday: the end is 13 or 14 March, certainly the end of 13 */
    assert_span(in_utc("Monday 10 March 2025..Thursday 14 March 2025", KJ_READ_NARROW, &r),
                kj_test_utc(2025, 3, 10, 0, 0, 0), kj_test_utc(2025, 3, 14, 0, 0, 0));
    assert_span(in_utc("Monday 10 March 2025 10:00..Thursday 14 March 2025 12:00", KJ_READ_NARROW, &r),
                kj_test_utc(2025, 3, 10, 10, 0, 0), kj_test_utc(2025, 3, 13, 12, 0, 0));
    assert_int_equal(kj_timex_parse("Friday 14 March 2024 10:00..Friday 14 March 2024 12:00", utc, 1, KJ_READ_NARROW,
                                    NULL, &r), -1);
    assert_non_null(strstr(r.error, "its start may come after its end"));
}

/* A date before 1924 that falls on the weekday as an Old Style (Julian)
 * date: the note says so, and the day it would be. */
static void test_weekday_old_style(void **state)
{
    (void)state;
    kj_timex_result r;
    char text[512];
    in_utc("Wednesday 25 October 1917", KJ_READ_WIDE, &r); /* 7 November 1917 New Style */
    assert_int_equal(r.slips[0].old_style, 1);
    assert_int_equal(r.slips[0].old_style_day, kj_days_from_civil(1917, 11, 7));
    assert_string_equal(kj_weekday_slip_text(&r.slips[0], text, sizeof text),
                        "Wednesday 25 October 1917, but 25 October 1917 was a Thursday; read as either Wednesday 24 "
                        "October or Thursday 25 October 1917 (25 October 1917 Old Style, in the Julian calendar, was a "
                        "Wednesday: if the date is Old Style, write it as 7 November 1917)");
    in_utc("Thursday 4 October 1582", KJ_READ_WIDE, &r); /* the last Julian day; the next was Friday 15 October */
    assert_int_equal(r.slips[0].old_style_day, kj_days_from_civil(1582, 10, 14));
    in_utc("Saturday 14 October 1066", KJ_READ_WIDE, &r);
    assert_int_equal(r.slips[0].old_style_day, kj_days_from_civil(1066, 10, 20));
    /* not by chance in a later year, nor when the Julian weekday differs */
    in_utc("Friday 14 March 2024", KJ_READ_WIDE, &r);
    assert_int_equal(r.slips[0].old_style, 0);
    in_utc("Tuesday 25 October 1917", KJ_READ_WIDE, &r);
    assert_int_equal(r.slips[0].old_style, 0);
}

static void test_weekday_errors(void **state)
{
    (void)state;
    expect_error("Fryday 14 March 2024", 0, "unknown weekday 'Fryday'", "did you mean 'Friday'?");
    expect_error("Thrusday 14 March 2024", 0, "unknown weekday 'Thrusday'", "did you mean 'Thursday'?");
    expect_error("about 3 p.m. on Wensday 14 March 2024", 16, "unknown weekday 'Wensday'", "'Wednesday'");
    expect_error("Friday", 0, "the weekday 'Friday' needs its date after it", "Friday 14 March 2024");
    expect_error("Friday, about 3 p.m.", 0, "the weekday 'Friday' needs its date after it", NULL);
    expect_error("Friday Saturday 14 March 2024", 0, "the weekday 'Friday' needs its date after it", NULL);
    expect_error("14 March 2024 Friday", 14, "the weekday 'Friday' comes after its date", "write the weekday before its date");
    expect_error("Friday March 2024", 7, "a weekday names one day, and 'March 2024' is more than one", NULL);
    expect_error("Friday early March 2024", 7, "a weekday names one day", NULL);
    expect_error("Friday 2024", 7, "a weekday names one day, and '2024' is more than one", NULL);
    expect_error("Monday 31 December 9999", 0, "31 December 9999 was a Friday, and the nearest Monday is outside the years 1..9999",
                 NULL);
    expect_error("Friday 1 January 0001", 0, "the nearest Friday is outside the years 1..9999", NULL);
    expect_error("Friday 30 February 2024", 7, "day 30 does not exist in February 2024", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_units),
        cmocka_unit_test(test_vague_month_wide),
        cmocka_unit_test(test_vague_month_narrow),
        cmocka_unit_test(test_clock_exact),
        cmocka_unit_test(test_clock_several_readings),
        cmocka_unit_test(test_skipped_day),
        cmocka_unit_test(test_written_offsets_are_kept),
        cmocka_unit_test(test_clock_words),
        cmocka_unit_test(test_clock_about),
        cmocka_unit_test(test_day_parts),
        cmocka_unit_test(test_date_with_clock_hull),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_zones_history),
        cmocka_unit_test(test_ranges_narrow),
        cmocka_unit_test(test_reading_never_cut),
        cmocka_unit_test(test_clock_changes),
        cmocka_unit_test(test_several_zones),
        cmocka_unit_test(test_zone_databases),
        cmocka_unit_test(test_reading_text),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_clock_alone),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_duration_option_and_errors),
        cmocka_unit_test(test_time_format),
        cmocka_unit_test(test_duration_format),
        cmocka_unit_test(test_iso_offsets),
        cmocka_unit_test(test_iso_offset_reading_and_warning),
        cmocka_unit_test(test_iso_errors),
        cmocka_unit_test(test_numeric_dates),
        cmocka_unit_test(test_weekday_matches),
        cmocka_unit_test(test_weekday_slips),
        cmocka_unit_test(test_weekday_narrow),
        cmocka_unit_test(test_weekday_old_style),
        cmocka_unit_test(test_weekday_errors),
        cmocka_unit_test(test_about_dates),
        cmocka_unit_test(test_phrase_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
