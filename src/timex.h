/* timex — time expressions to UTC intervals.
 *
 * Input: the text of a time expression as written in a case file (absolute
 * dates, partial dates, vague English), the IANA zone(s) of the place where
 * the event happens, and a reading (wide for claims, narrow for "throughout"
 * facts, design.md §0).  Output: an interval of UTC seconds (int64) and a
 * human-readable statement of the reading rule that produced it, so that
 * every proof can print the readings it rests on.
 *
 * Local times are converted (tz.c) for the zone *at that date* under both
 * zone databases, ICU's and the system's tzdata, and every reading is kept;
 * a local time that is ambiguous (repeated) or skipped at a clock change,
 * or that the databases read differently, covers every reading in the wide
 * reading and only the common part in the narrow one.
 */
#ifndef KJ_TIMEX_H
#define KJ_TIMEX_H

#include <stddef.h>
#include <stdint.h>

#include "tz.h" /* the readings' zones, and the cache of them in kj_readopts */

typedef enum { KJ_READ_WIDE = 0, KJ_READ_NARROW = 1 } kj_reading;

/* The order of a numeric date's day and month ("03/04/2024"): never
 * guessed; without one such a date is an error naming both readings. */
typedef enum { KJ_DATE_ORDER_NONE = 0, KJ_DATE_ORDER_DMY, KJ_DATE_ORDER_MDY } kj_date_order;

/* How vague words are read; case-level `option` statements set these. */
typedef struct kj_readopts {
    int about_pct;          /* "about N minutes" = N*(1-p) .. N*(1+p); default 50 */
    int64_t about_clock_s;  /* "about 3 p.m." = 15:00 -/+ this; default 3600 */
    int64_t about_day_s;    /* "about 10 October 1933" = the day -/+ this (whole
                             * days); also a vague part of a month; default 7 days */
    int64_t about_month_s;  /* "about October 1933" = the month -/+ this (whole
                             * days); default 15 days */
    int about_year;         /* "about 1933" = 1933 -/+ this many years; default 1 */
    kj_date_order date_order; /* option date-order; default none */
    kj_tz_cache *tz_cache;  /* optional (NULL): calendars to reuse; not owned */
} kj_readopts;

void kj_readopts_default(kj_readopts *o);

/* A closed interval of UTC seconds: every instant t with lo <= t <= hi. */
typedef struct kj_interval {
    int64_t lo, hi;
} kj_interval;

#define KJ_TIMEX_MSG 256
/* A reading is never cut (issue 17 item 12: a cut reading hides part of an
 * assumption): a time text is at most 1,023 bytes (parse.c), its rules at
 * most 960, and 32 zones (KJ_ZONES_MAX) at most 32 * 120 bytes. */
#define KJ_TIMEX_READING 8192

/* Result of parsing a time expression. */
/* The zones of a place with no tz (resolve.c): every offset on Earth,
 * local mean times included (the zone data reaches UTC-15:56:08, Manila
 * before 1845, and UTC+15:13:42, Metlakatla before 1867).  A time read in
 * both is read at every offset between. */
#define KJ_ZONE_ANY_WEST "UTC-16:00"
#define KJ_ZONE_ANY_EAST "UTC+16:00"

/* A weekday written with a date it does not fall on ("Friday 14 March
 * 2024", a Thursday): the witness mixed up the weekday or the date, so the
 * time is read as either day (timex.c), and the report says so. */
typedef struct kj_weekday_slip {
    int weekday;            /* as written: 0 = Monday .. 6 = Sunday */
    int date_weekday;       /* the weekday the date falls on */
    int64_t date_day;       /* the date as written, in local days since 1970-01-01 */
    int64_t weekday_day;    /* the nearest day that is the weekday written
                               (within 3 days of the date: 7 is odd) */
    int offset, len;        /* where the weekday is written in the text */
    /* the date is before 1924 and, read in the Julian calendar (Old
     * Style), falls on the weekday written: perhaps a date not converted
     * (case-language.md §5.3); the day it then is (not read: a note) */
    int old_style;
    int64_t old_style_day;
} kj_weekday_slip;

/* "Monday" .. "Sunday" for 0 .. 6. */
const char *kj_weekday_name(int weekday);

/* The slip in words: "Friday 14 March 2024, but 14 March 2024 was a
 * Thursday; read as either Thursday 14 March or Friday 15 March 2024",
 * and for an old_style one "(25 October 1917 Old Style, in the Julian
 * calendar, was a Wednesday: if the date is Old Style, write it as 7
 * November 1917)".
 * Writes at most n bytes into buf.  Returns buf. */
char *kj_weekday_slip_text(const kj_weekday_slip *slip, char *buf, size_t n);

typedef struct kj_timex_result {
    kj_interval when;        /* the reading in UTC seconds */
    int has_clock;           /* the expression names a time of day */
    char reading[KJ_TIMEX_READING]; /* e.g. "\"first half of December 1935\" read as 1935-12-01 00:00 .. 1935-12-16 00:00 (Europe/Oslo, UTC+01:00): first half = days 1-15" */
    char error[KJ_TIMEX_MSG];   /* set when parsing fails */
    int error_offset;           /* byte offset into text where it fails; 0 when
                                   the error has no place in the text (a zone) */
    char hint[KJ_TIMEX_MSG];    /* "" or e.g. "did you mean 'December'?" */
    /* set (on success) when an offset written with a time ("+01:00") is
     * the offset of no zone of the place at that instant under either
     * database: the offset fixes the instant, the data disagree */
    char warning[KJ_TIMEX_MSG];
    int warning_offset;         /* byte offset of that offset in text */
    /* the UTC offsets written with its ends ("+01:00", "Z" = 0), each
     * once: a clock the record keeps, whose calendar "the same day" may
     * be counted in (network.c) */
    int n_offsets;
    int offsets_s[2];
    /* (on success) the weekdays written with a date they do not fall on,
     * one per end at most, in the order written */
    int n_slips;
    kj_weekday_slip slips[2];
} kj_timex_result;

/* Open ends of ranges ("..1917", "1901..").  Far outside any real date, yet
 * half of int64 so that adding or subtracting a bound never overflows. */
#define KJ_TIME_MIN (INT64_MIN / 2)
#define KJ_TIME_MAX (INT64_MAX / 2)

/* Parses a point-or-period expression:
 *   absolute:  1935-12-01, 1935-12-01T15:00, 1935-12-01 15:00, 1935-12, 1935
 *   ISO 8601 / RFC 3339 offsets: 2024-03-14T21:00:00Z, ...+01:00, +0100, -05:00,
 *              "2024-03-14 21:00 UTC": the offset, not the zones, fixes that end
 *   numeric:   14/03/2024, 03.14.2024, 14-03-2024 with opts->date_order only
 *   weekdays:  "Friday 14 March 2024", "Fri, 2024-03-14": a weekday before a
 *              date of one day; one the date does not fall on is read as
 *              either day (out->slips), and narrowly as nothing certain
 *   ranges:    1935-12-01..1935-12-31 (inclusive of whole days/months), ..1917, 1901..
 *   vague:     "December 1935", "first half of December 1935", "second half of ...",
 *              "beginning|middle|end of MONTH YEAR", "early|mid|late MONTH YEAR",
 *              "in the morning|afternoon|evening|night", "about|approximately|around H[:MM] a.m.|p.m.",
 *              "at H[:MM]", "noon", "midnight", and a date part combined with a clock part
 *              ("first half of December 1935, approximately 3 p.m.").
 * A clock part with a date range means: on some day in the range at that time
 * (the result is the convex hull, which is wider = charitable).
 * zones: one or more IANA zone names (a place that is one of several may have
 * several); the wide reading is the hull of the readings in every zone, the
 * narrow one their intersection.  Returns 0 on success, -1 with error set. */
int kj_timex_parse(const char *text, const char *const *zones, int n_zones,
                   kj_reading reading, const kj_readopts *opts, kj_timex_result *out);

/* Parses a duration: "30 minutes", "about 30 minutes", "about two hours",
 * "2 h", "1 hour 30 minutes", "90 min", "three days", "at most 2 hours",
 * "at least 10 minutes".  Number words one..twenty, thirty, forty, fifty,
 * sixty, a few? (no: rejected), "half an hour", "an hour".  Exact durations
 * are [N, N]; "about" uses opts->about_pct.  min_s/max_s in seconds; max_s
 * is INT64_MAX for "at least".  reading gets the rule text; out->when is set
 * to [min_s, max_s] too.  Returns 0 or -1. */
int kj_duration_parse(const char *text, const kj_readopts *opts,
                      int64_t *min_s, int64_t *max_s, kj_timex_result *out);

/* Formats a UTC instant as local time in zone: "1935-12-01 15:00 +01:00".
 * Writes at most n bytes into buf.  Returns buf. */
char *kj_time_format(int64_t utc_s, const char *zone, char *buf, size_t n);
/* The same with a zone cache (tz.h; NULL: none), for many times. */
char *kj_time_format_c(kj_tz_cache *cache, int64_t utc_s, const char *zone, char *buf, size_t n);

/* Formats a duration in human units: "13 min", "2 h 5 min", "15 days 3 h". */
char *kj_duration_format(int64_t s, char *buf, size_t n);

/* Parses a time of day alone ("about 3 p.m.", "in the afternoon", "15:00")
 * for callers that know the day from elsewhere ("the next day at about
 * 3 p.m.").  Sets *lo_s and *hi_s to the window in seconds after local
 * midnight; it may start before 0 ("about 0:30 a.m.") or end after 86400
 * ("night" ends 06:00 the next day = 108000).  Returns 0 or -1. */
int kj_clock_parse(const char *text, kj_reading reading, const kj_readopts *opts,
                   int64_t *lo_s, int64_t *hi_s, kj_timex_result *out);

/* Like kj_timex_parse for a time of day alone on the local day
 * year-month-day in the given zones.  Returns 0 or -1. */
int kj_timex_clock_on_day(const char *text, int year, int month, int day,
                          const char *const *zones, int n_zones, kj_reading reading,
                          const kj_readopts *opts, kj_timex_result *out);

#endif
