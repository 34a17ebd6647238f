/* timex — time expressions and durations to UTC intervals.
 *
 * Input: the text of a time expression or a duration as written in a case
 * file, the zone(s) of the place, a reading (wide for claims, narrow for
 * "throughout" facts) and the case's reading options.  Output: a closed
 * interval [lo, hi] of UTC seconds (or [min, max] seconds for a duration)
 * and a sentence saying which rule produced it.
 *
 * A text is first read as local wall time ("naive" seconds: local date and
 * time counted as if it were UTC); only then is each boundary converted
 * through tz.c in every given zone.  The calendar is proleptic Gregorian
 * for years 1..9999 (no Julian dates; give Julian dates converted).
 *
 * Boundaries: lo is the instant the period starts, hi the instant it ends.
 * A whole day D is [D 00:00, D+1 00:00]; an exact minute 15:00 is
 * [15:00:00, 15:01:00]; an exact second 15:00:30 is [15:00:30, 15:00:31].
 *
 * READING RULES (wide = claims, narrow = "throughout" facts)
 *
 *   expression              wide                     narrow
 *   1935                    whole year               same
 *   1935-12, December 1935  whole month              same
 *   1935-12-01,
 *   1 December 1935,
 *   December 1, 1935        whole day                same
 *   first half of M Y       days 1-15                same
 *   second half of M Y      days 16-end              same
 *   beginning of / early    days 1-12                days 1-7
 *   middle of / mid / mid-  days 9-22                days 12-18
 *   end of / late           days 19-end              days 24-end
 *   about D (a day or part  D -/+ about-day (7 d)    the days every reading
 *     of a month)                                      shares (none: an error)
 *   about M Y               M -/+ about-month (15 d) same
 *   about Y, circa Y        Y -/+ about-year (1 y)   same
 *   A..B                    start of A .. end of B   same
 *   between A and B,        as A..B; a bare number A takes B's half of the
 *   from A until|till|to B  day or month; a date before them or a lone
 *                           day on one side is both ends' day
 *   until B / from A        ..B / A
 *   ..B / A..               open start / open end (KJ_TIME_MIN / KJ_TIME_MAX)
 *   Friday 14 March 2024    the day, if a Friday     same
 *     (weekday before a date of one day: full name, three letters, "Tues",
 *     "Thur", "Thurs"; any case; "," and "the" may follow it)
 *     14 March 2024 was a   14-15 March: either day  nothing certain (an
 *     Thursday:             (from one to the other,  error); a range's end:
 *                           the nearest Friday)      latest start, earliest end
 *
 *   time of day             wide                     narrow
 *   15:00, at 3 p.m.        the minute 15:00-15:01   same
 *   15:00:30                the second               same
 *   about/approximately/    H:MM -/+ option          H:MM .. H:MM
 *   around/roughly/circa/   about-clock (1 h)
 *   c./ca. H[:MM] a.m./p.m.
 *   noon                    12:00-12:01              same
 *   midnight, 12 a.m.       00:00-00:01 next day     none certain (either
 *   12 p.m.                 12:00-00:01 next day     reading may be meant)
 *     ("midnight" starts or ends the day; 12 a.m. is also used for noon,
 *     12 p.m. for the midnight ending the day: the hull of the readings;
 *     a span's end: its latest reading starts it, its earliest ends it)
 *   in the morning          05:00-12:00              08:00-12:00
 *   in the afternoon        12:00-18:00              12:00-17:00
 *   in the evening          17:00-24:00              18:00-22:00
 *   at night                20:00-06:00 next day     23:00-05:00 next day
 *   hours: digits or one..twelve, "o'clock" optional; 12:30 a.m. = 00:30,
 *   12:30 p.m. = 12:30; "three in the afternoon|evening" = 15:00,
 *   "three in the morning" = 03:00; without a.m./p.m. an hour needs ":MM".
 *
 *   A date part and a time of day (either order, joined by space, comma,
 *   "on", "at", "in", "of", "the", or "T" in ISO form) read as the hull from
 *   the first day's window start to the last day's window end.  A time of
 *   day alone is an error here ("a time of day needs a date"); see
 *   kj_clock_parse.  In a range, a time written right after an endpoint's
 *   date (space or "T") belongs to that endpoint; a time joined by a comma
 *   or a word, or written first, on one side of a range whose other side
 *   has none, applies to every day of the range.
 *
 *   ISO 8601 / RFC 3339: a time of day in digits may carry a fraction of a
 *   second ("21:00:00.123": the whole second it lies in) and an offset:
 *   "Z", "+HH:MM", "+HHMM", "+HH" (-18:00..+18:00) right after it, or the
 *   word "UTC" / "GMT" after any time of day.  An end with an offset is
 *   fixed by it (UTC = local - offset), not read in the zones, in either
 *   reading; the ends of a range are independent.  A non-UTC offset that
 *   no zone has at that instant sets out->warning.  A "-" offset after a
 *   time without seconds and not joined by "T" ("09:00-10:00") may be a
 *   range: an error.
 *
 *   numeric dates  D/M/YYYY or M/D/YYYY ("/", "." or "-", the same twice):
 *   only in opts->date_order (option date-order dmy|mdy); without one an
 *   error naming the readings, with one a date it does not allow is one.
 *
 *   Zones and clock changes: every local time is read in every zone under
 *   both zone databases (ICU's and the system's tzdata, tz.c), and at a
 *   clock change with both offsets.  Wide lo = the earliest reading of the
 *   local start in any zone, wide hi = the latest reading of the local end; narrow
 *   takes the latest start and the earliest end (the part common to every
 *   reading) and is an error when that is empty.
 *
 *   duration                min .. max
 *   30 minutes              1800 .. 1800 (fractions rounded outward)
 *   about X                 X*(100-p)/100 .. X*(100+p)/100, p = option about
 *   (also approximately, around, roughly, circa, c., ca., some)
 *   at most / no more than / up to X      0 .. X
 *   at least / no less than X             X .. INT64_MAX
 *   numbers: digits, decimals (1.5), one..twenty, thirty..ninety with
 *   twenty-one etc., a/an = 1, "half an hour", "N and a half UNIT",
 *   "an hour and a half"; amounts may be summed ("1 hour 30 minutes").
 *   units: s sec secs second(s), min mins minute(s), h hr hrs hour(s),
 *   day(s), week(s).  "a few", "several", "a couple of" are rejected.
 */
#include "calendar.h"
#include "suggest.h"
#include "timex.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define TX_RULE 160
#define TX_DAY_S INT64_C(86400)

/* ---- calendar ---------------------------------------------------------- */

static int tx_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

static int64_t tx_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- parser state and lexing ------------------------------------------ */

typedef struct tx_parser {
    const char *s;          /* the whole text; offsets are into it */
    size_t pos, end;        /* cursor and end of the part being parsed */
    kj_reading reading;
    const kj_readopts *opts;
    kj_timex_result *out;   /* receives error, hint, error_offset */
} tx_parser;

/* Records the first error (later ones are consequences).  Returns -1. */
static int tx_fail(tx_parser *p, size_t at, const char *hint, const char *fmt, ...)
{
    if (p->out->error[0] != '\0')
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->out->error, sizeof p->out->error, fmt, ap);
    va_end(ap);
    snprintf(p->out->hint, sizeof p->out->hint, "%s", hint != NULL ? hint : "");
    p->out->error_offset = (int)at;
    return -1;
}

static int tx_at_end(const tx_parser *p)
{
    return p->pos >= p->end;
}

static char tx_ch(const tx_parser *p, size_t at)
{
    return at < p->end ? p->s[at] : '\0';
}

static void tx_skip_ws(tx_parser *p)
{
    while (!tx_at_end(p) && isspace((unsigned char)p->s[p->pos]))
        p->pos++;
}

/* Length of the word (letters and apostrophes) starting at `at`. */
static size_t tx_word_len(const tx_parser *p, size_t at)
{
    size_t n = 0;
    while (isalpha((unsigned char)tx_ch(p, at + n)) || (n > 0 && tx_ch(p, at + n) == '\''))
        n++;
    return n;
}

/* Length of the token at `at` for quoting in messages (at least 1): its
 * letters, digits and apostrophes, and any non-ASCII bytes among them, so
 * that a word is never cut inside a character ("décembre", not "d"). */
static size_t tx_token_len(const tx_parser *p, size_t at)
{
    size_t n = 0;
    while (isalnum((unsigned char)tx_ch(p, at + n)) || tx_ch(p, at + n) == '\'' ||
           (unsigned char)tx_ch(p, at + n) >= 0x80)
        n++;
    return n > 0 ? n : (at < p->end ? 1 : 0);
}

static int tx_word_is(const tx_parser *p, size_t at, size_t n, const char *word)
{
    return strlen(word) == n && strncasecmp(p->s + at, word, n) == 0;
}

/* Consumes `word` (case-insensitive, whole word) after blanks; 1 if found. */
static int tx_accept(tx_parser *p, const char *word)
{
    size_t save = p->pos;
    tx_skip_ws(p);
    size_t n = tx_word_len(p, p->pos);
    if (n > 0 && tx_word_is(p, p->pos, n, word)) {
        p->pos += n;
        return 1;
    }
    p->pos = save;
    return 0;
}

/* Consumes a phrase of space-separated words; restores the cursor if any
 * word is missing.  Returns 1 if the whole phrase was found. */
static int tx_accept_phrase(tx_parser *p, const char *phrase)
{
    size_t save = p->pos;
    char word[32];
    while (*phrase != '\0') {
        size_t n = strcspn(phrase, " ");
        if (n >= sizeof word)
            n = sizeof word - 1;
        memcpy(word, phrase, n);
        word[n] = '\0';
        if (!tx_accept(p, word)) {
            p->pos = save;
            return 0;
        }
        phrase += n;
        phrase += *phrase == ' ';
    }
    return 1;
}

/* Reads a run of digits at the cursor (no blank skipping).  Returns the
 * number of digits; *value saturates at 999999999. */
static int tx_digits(tx_parser *p, int64_t *value)
{
    int n = 0;
    *value = 0;
    while (isdigit((unsigned char)tx_ch(p, p->pos))) {
        if (*value < 100000000)
            *value = *value * 10 + (p->s[p->pos] - '0');
        else
            *value = 999999999;
        p->pos++;
        n++;
    }
    return n;
}

/* Nearest entry of `words` (within two edits, one for a word of three
 * letters or fewer) as a did-you-mean hint. */
static const char *tx_suggest(const char *const *words, size_t n_words, const char *w,
                              size_t n, char *hint, size_t hint_n)
{
    kj_suggest s = {.written = w, .written_len = n, .limit = n <= 3 ? 1 : 2, .edits = KJ_EDITS_SWAPS};
    for (size_t i = 0; i < n_words; i++)
        kj_suggest_offer(&s, words[i]);
    return kj_suggest_hint(s.best, hint, hint_n);
}

/* ---- vocabulary -------------------------------------------------------- */

static const char *const TX_MONTH_NAMES[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"};

static const char *const TX_WEEKDAY_NAMES[7] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

static const char *const TX_HOUR_WORDS[12] = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve"};

static const char *const TX_ABOUT_WORDS[] = {
    "about", "approximately", "approx", "around", "roughly", "circa", "ca", "c"};

static const char *const TX_KNOWN_WORDS[] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "first", "second", "half",
    "beginning", "early", "middle", "mid", "end", "late", "about", "approximately",
    "around", "roughly", "circa", "noon", "midnight", "morning", "afternoon",
    "evening", "night", "at", "on", "in", "of", "the", "o'clock"};

/* A vague part of a month: days [first, last] in each reading; 31 = end. */
typedef struct tx_vague {
    const char *phrase;
    const char *name;
    int wide_first, wide_last, narrow_first, narrow_last;
} tx_vague;

static const tx_vague TX_VAGUE[] = {
    {"first half of", "first half", 1, 15, 1, 15},
    {"second half of", "second half", 16, 31, 16, 31},
    {"beginning of", "beginning", 1, 12, 1, 7},
    {"early", "early", 1, 12, 1, 7},
    {"middle of", "middle", 9, 22, 12, 18},
    {"mid", "mid", 9, 22, 12, 18},
    {"end of", "end", 19, 31, 24, 31},
    {"late", "late", 19, 31, 24, 31},
};

/* A part of the day: seconds after midnight in each reading. */
typedef struct tx_daypart {
    const char *word;
    int64_t wide_lo, wide_hi, narrow_lo, narrow_hi;
} tx_daypart;

static const tx_daypart TX_DAYPARTS[] = {
    {"morning", 5 * 3600, 12 * 3600, 8 * 3600, 12 * 3600},
    {"afternoon", 12 * 3600, 18 * 3600, 12 * 3600, 17 * 3600},
    {"evening", 17 * 3600, 24 * 3600, 18 * 3600, 22 * 3600},
    {"night", 20 * 3600, 30 * 3600, 23 * 3600, 29 * 3600},
};

#define TX_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- parts of an expression -------------------------------------------- */

/* One side of an expression: an optional date part and time-of-day part. */
typedef enum { TX_CLOCK_EXACT, TX_CLOCK_ABOUT, TX_CLOCK_PART } tx_clock_kind;

typedef struct tx_side {
    int has_days, has_clock, clock_attached;
    int vague_days;                   /* the date part is "early", "first half of"... */
    int slipped;                      /* a weekday the date does not fall on: the days
                                       * are the date's and the weekday's (and those
                                       * between), either of the two meant */
    kj_weekday_slip slip;             /* (when slipped) */
    int about_date;                   /* "about 10 October 1933": the date is widened
                                       * by option about-day/-month/-year (and vague_days
                                       * is set: its ends are read as a vague part's) */
    int64_t first_day, last_day;      /* local day numbers, inclusive, in the parser's reading */
    int64_t wide_first_day, wide_last_day; /* the same in the wide reading */
    int64_t clock_lo_s, clock_hi_s;   /* window after local midnight, in the parser's reading */
    int64_t clock_wide_lo_s, clock_wide_hi_s; /* the same in the wide reading */
    int64_t clock_t;                  /* the stated time of an exact or "about" time */
    int64_t clock_t_last;             /* its last reading: clock_t but for "midnight",
                                       * "12 a.m." and "12 p.m." (either end of the day) */
    tx_clock_kind clock_kind;
    size_t clock_at;                  /* offset of the time of day */
    int has_offset;                   /* the time of day carries a UTC offset ("Z", "+01:00",
                                       * "UTC"): it fixes the instant, the zones do not */
    int offset_s;                     /* local = UTC + offset_s */
    int offset_utc;                   /* the offset is UTC ("Z", "UTC", "+00:00", "-00:00"):
                                       * a UTC timestamp, which claims no local offset */
    size_t offset_at, offset_len;     /* where the offset is written */
    char date_rule[TX_RULE], clock_rule[TX_RULE];
    char date_wide_rule[TX_RULE], clock_wide_rule[TX_RULE]; /* the rules of the wide reading */
} tx_side;

/* month-name := full name | three-letter abbreviation ["."] | "Sept" ["."] */
static int tx_month(tx_parser *p, int *month)
{
    tx_skip_ws(p);
    size_t at = p->pos, n = tx_word_len(p, at);
    if (n == 0)
        return tx_fail(p, at, tx_at_end(p) ? "a day of the month needs its month and year, e.g. '20 October 1933'" : NULL,
                       "expected a month name");
    for (int m = 0; m < 12; m++) {
        const char *name = TX_MONTH_NAMES[m];
        if (tx_word_is(p, at, n, name) || (n == 3 && strncasecmp(p->s + at, name, 3) == 0)
            || (m == 8 && tx_word_is(p, at, n, "sept"))) {
            p->pos = at + n;
            if (n < strlen(name) && tx_ch(p, p->pos) == '.')
                p->pos++;
            *month = m + 1;
            return 0;
        }
    }
    char hint[64];
    return tx_fail(p, at, tx_suggest(TX_MONTH_NAMES, 12, p->s + at, n, hint, sizeof hint),
                   "unknown month '%.*s'", (int)tx_token_len(p, at), p->s + at);
}

/* year := DIGIT DIGIT DIGIT DIGIT   (0001..9999) */
static int tx_year(tx_parser *p, int *year)
{
    tx_skip_ws(p);
    size_t at = p->pos;
    int64_t v;
    int n = tx_digits(p, &v);
    if (n == 0)
        return tx_fail(p, at, NULL, "expected a four-digit year");
    if (n > 4 || v == 0)
        return tx_fail(p, at, NULL, "year '%.*s' is out of range 1..9999", n, p->s + at);
    if (n < 4)
        return tx_fail(p, at, "write years with four digits, e.g. '0935'",
                       "expected a four-digit year, found '%.*s'", n, p->s + at);
    *year = (int)v;
    return 0;
}

static void tx_set_days(tx_side *sd, int year, int month, int first, int last)
{
    sd->has_days = 1;
    sd->first_day = kj_days_from_civil(year, month, first);
    sd->last_day = kj_days_from_civil(year, month, last);
    sd->wide_first_day = sd->first_day;
    sd->wide_last_day = sd->last_day;
}

/* iso-date := YYYY ["-" MM ["-" DD]] */
static int tx_iso_date(tx_parser *p, tx_side *sd)
{
    int year, month = 0;
    int64_t v;
    if (tx_year(p, &year) != 0)
        return -1;
    size_t at = p->pos + 1;
    if (tx_ch(p, p->pos) == '-' && isdigit((unsigned char)tx_ch(p, at))) {
        p->pos++;
        if (tx_digits(p, &v) != 2 || v < 1 || v > 12)
            return tx_fail(p, at, NULL, "month '%.*s' is not 01..12",
                           (int)(p->pos - at), p->s + at);
        month = (int)v;
    }
    if (month == 0) {
        tx_set_days(sd, year, 1, 1, 31);
        sd->last_day = sd->wide_last_day = kj_days_from_civil(year, 12, 31);
        snprintf(sd->date_rule, TX_RULE, "whole year");
        return 0;
    }
    at = p->pos + 1;
    if (tx_ch(p, p->pos) != '-' || !isdigit((unsigned char)tx_ch(p, at))) {
        tx_set_days(sd, year, month, 1, tx_days_in_month(year, month));
        snprintf(sd->date_rule, TX_RULE, "whole month");
        return 0;
    }
    p->pos++;
    if (tx_digits(p, &v) != 2 || v < 1 || v > tx_days_in_month(year, month))
        return tx_fail(p, at, NULL, "day '%.*s' does not exist in %s %d",
                       (int)(p->pos - at), p->s + at, TX_MONTH_NAMES[month - 1], year);
    tx_set_days(sd, year, month, (int)v, (int)v);
    snprintf(sd->date_rule, TX_RULE, "whole day");
    return 0;
}

/* Skips an ordinal suffix (st, nd, rd, th) right after a day number. */
static void tx_ordinal(tx_parser *p)
{
    size_t n = tx_word_len(p, p->pos);
    if (n == 2 && (tx_word_is(p, p->pos, 2, "st") || tx_word_is(p, p->pos, 2, "nd")
                   || tx_word_is(p, p->pos, 2, "rd") || tx_word_is(p, p->pos, 2, "th")))
        p->pos += 2;
}

static int tx_check_day(tx_parser *p, size_t at, int64_t day, int month, int year)
{
    if (day < 1 || day > tx_days_in_month(year, month))
        return tx_fail(p, at, NULL, "day %d does not exist in %s %d", (int)day,
                       TX_MONTH_NAMES[month - 1], year);
    return 0;
}

/* day-month-year := DAY [ordinal] ["of"] month-name [","] year */
static int tx_day_month_year(tx_parser *p, tx_side *sd)
{
    size_t at = p->pos;
    int64_t day;
    int month, year;
    tx_digits(p, &day);
    tx_ordinal(p);
    tx_accept(p, "of");
    if (tx_month(p, &month) != 0)
        return -1;
    tx_skip_ws(p);
    if (tx_ch(p, p->pos) == ',')
        p->pos++;
    if (tx_year(p, &year) != 0 || tx_check_day(p, at, day, month, year) != 0)
        return -1;
    tx_set_days(sd, year, month, (int)day, (int)day);
    snprintf(sd->date_rule, TX_RULE, "whole day");
    return 0;
}

/* month-date := month-name year | month-name DAY [ordinal] [","] year */
static int tx_month_date(tx_parser *p, tx_side *sd, const tx_vague *vague)
{
    int month, year;
    if (tx_month(p, &month) != 0)
        return -1;
    tx_skip_ws(p);
    size_t at = p->pos, save = p->pos;
    int64_t day;
    int n = tx_digits(p, &day);
    p->pos = save;
    if (n == 1 || n == 2) {
        if (vague != NULL)
            return tx_fail(p, at, NULL, "'%s' applies to a month, not a day", vague->name);
        tx_digits(p, &day);
        tx_ordinal(p);
        tx_skip_ws(p);
        if (tx_ch(p, p->pos) == ',')
            p->pos++;
        tx_skip_ws(p);
        if (!isdigit((unsigned char)tx_ch(p, p->pos)))
            return tx_fail(p, at, "write years with four digits, e.g. '0935'",
                           "expected a four-digit year, found '%.*s'", n, p->s + at);
        if (tx_year(p, &year) != 0 || tx_check_day(p, at, day, month, year) != 0)
            return -1;
        tx_set_days(sd, year, month, (int)day, (int)day);
        snprintf(sd->date_rule, TX_RULE, "whole day");
        return 0;
    }
    if (tx_year(p, &year) != 0)
        return -1;
    tx_set_days(sd, year, month, 1, tx_days_in_month(year, month));
    snprintf(sd->date_rule, TX_RULE, "whole month");
    return 0;
}

/* Applies a vague part to the month already in sd. */
static void tx_apply_vague(tx_parser *p, tx_side *sd, const tx_vague *v)
{
    int year, month, day;
    kj_civil_from_days(sd->first_day, &year, &month, &day);
    int end = tx_days_in_month(year, month);
    int narrow = p->reading == KJ_READ_NARROW;
    int first = narrow ? v->narrow_first : v->wide_first;
    int last = narrow ? v->narrow_last : v->wide_last;
    last = last > end ? end : last;
    tx_set_days(sd, year, month, first, last);
    sd->vague_days = 1;
    sd->wide_first_day = kj_days_from_civil(year, month, v->wide_first);
    sd->wide_last_day = kj_days_from_civil(year, month, v->wide_last > end ? end : v->wide_last);
    snprintf(sd->date_rule, TX_RULE, "%s = days %d-%d%s", v->name, first, last,
             narrow && (v->narrow_first != v->wide_first || v->narrow_last != v->wide_last)
                 ? " (narrow reading)" : "");
    snprintf(sd->date_wide_rule, TX_RULE, "%s = days %d-%d", v->name, v->wide_first,
             v->wide_last > end ? end : v->wide_last);
}

/* vague := "first half of" | "second half of" | "beginning of" | "early"
 *        | "middle of" | "mid" | "mid-" | "end of" | "late"
 * Consumes an optional leading vague phrase; returns it or NULL. */
static const tx_vague *tx_vague_prefix(tx_parser *p)
{
    for (size_t i = 0; i < TX_COUNT(TX_VAGUE); i++) {
        if (tx_accept_phrase(p, TX_VAGUE[i].phrase)) {
            if (tx_ch(p, p->pos) == '-')
                p->pos++;
            return &TX_VAGUE[i];
        }
    }
    return NULL;
}

/* Is the text at `at` (after 1 or 2 digits) a numeric date's separator? */
static int tx_numeric_sep(const tx_parser *p, size_t at)
{
    char c = tx_ch(p, at);
    return (c == '/' || c == '.' || c == '-') && isdigit((unsigned char)tx_ch(p, at + 1));
}

static void tx_day_name(char *buf, size_t n, int day, int month, int year)
{
    snprintf(buf, n, "%d %s %04d", day, TX_MONTH_NAMES[month - 1], year);
}

/* A numeric date's reading in one order; 0 if that order allows it. */
static int tx_order_reads(int64_t day, int64_t month, int year)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= tx_days_in_month(year, (int)month);
}

#define TX_ORDER_HINT "set the order of numeric dates: 'option date-order dmy' (day first) or " \
                      "'option date-order mdy' (month first); for an import, --date-order"

/* Without a date order: the error, naming the readings the date has. */
static int tx_numeric_unordered(tx_parser *p, size_t at, size_t len, int64_t a, int64_t b, int year)
{
    char dmy[48], mdy[48];
    int dmy_ok = tx_order_reads(a, b, year), mdy_ok = tx_order_reads(b, a, year);
    if (dmy_ok)
        tx_day_name(dmy, sizeof dmy, (int)a, (int)b, year);
    if (mdy_ok)
        tx_day_name(mdy, sizeof mdy, (int)b, (int)a, year);
    if (dmy_ok && mdy_ok && a == b)
        return tx_fail(p, at, TX_ORDER_HINT, "numeric date '%.*s' needs a date order (it is %s in either)",
                       (int)len, p->s + at, dmy);
    if (dmy_ok && mdy_ok)
        return tx_fail(p, at, TX_ORDER_HINT, "ambiguous numeric date '%.*s': %s (day first) or %s (month first)",
                       (int)len, p->s + at, dmy, mdy);
    if (dmy_ok || mdy_ok)
        return tx_fail(p, at, TX_ORDER_HINT,
                       "numeric date '%.*s' needs a date order (it can only be %s first: %s)", (int)len,
                       p->s + at, dmy_ok ? "day" : "month", dmy_ok ? dmy : mdy);
    return tx_fail(p, at, NULL, "no such date '%.*s' (neither day first nor month first)", (int)len, p->s + at);
}

/* numeric-date := N SEP N SEP YEAR, SEP one of "/" "." "-" (the same twice),
 * N one or two digits: day and month in the order opts->date_order says. */
static int tx_numeric_date(tx_parser *p, tx_side *sd)
{
    size_t at = p->pos;
    int64_t a, b;
    int year;
    tx_digits(p, &a);
    char sep = tx_ch(p, p->pos++);
    int nb = tx_digits(p, &b);
    if (nb > 2 || tx_ch(p, p->pos) != sep || !isdigit((unsigned char)tx_ch(p, p->pos + 1)))
        return tx_fail(p, at, "write e.g. '14/03/2024' with 'option date-order dmy', or '2024-03-14'",
                       "expected a numeric date DD%cMM%cYYYY or MM%cDD%cYYYY", sep, sep, sep, sep);
    p->pos++;
    if (tx_year(p, &year) != 0)
        return -1;
    size_t len = p->pos - at;
    kj_date_order order = p->opts->date_order;
    if (order == KJ_DATE_ORDER_NONE)
        return tx_numeric_unordered(p, at, len, a, b, year);
    int dmy = order == KJ_DATE_ORDER_DMY;
    int64_t day = dmy ? a : b, month = dmy ? b : a;
    if (!tx_order_reads(day, month, year))
        return tx_fail(p, at, dmy ? "is the date month first? then the order is mdy"
                                  : "is the date day first? then the order is dmy",
                       "no such date '%.*s' %s first (date order %s)", (int)len, p->s + at,
                       dmy ? "day" : "month", dmy ? "dmy" : "mdy");
    tx_set_days(sd, year, (int)month, (int)day, (int)day);
    snprintf(sd->date_rule, TX_RULE, "whole day, %s first (date order %s)", dmy ? "day" : "month",
             dmy ? "dmy" : "mdy");
    return 0;
}

/* date-plain := iso-date | numeric-date | day-month-year | [vague] month-date */
static int tx_date_plain(tx_parser *p, tx_side *sd)
{
    tx_skip_ws(p);
    size_t at = p->pos;
    int64_t v;
    int n = tx_digits(p, &v);
    int numeric = n >= 1 && n <= 2 && tx_numeric_sep(p, p->pos);
    p->pos = at;
    if (n >= 3)
        return tx_iso_date(p, sd);
    if (numeric)
        return tx_numeric_date(p, sd);
    if (n > 0)
        return tx_day_month_year(p, sd);
    const tx_vague *vague = tx_vague_prefix(p);
    tx_skip_ws(p);
    if (vague != NULL && isdigit((unsigned char)tx_ch(p, p->pos)))
        return tx_fail(p, at, "write e.g. 'early December 1935' or a range '1935-01..1935-04'",
                       "'%s' applies to a month, not a year", vague->name);
    if (tx_month_date(p, sd, vague) != 0)
        return -1;
    if (vague != NULL)
        tx_apply_vague(p, sd, vague);
    return 0;
}

static int tx_about_word(tx_parser *p);
static int tx_weekday(tx_parser *p);

/* "about" before a date: how far each reading may lie from the date written,
 * by what the date names (a year, a whole month, or days: a day or a part of
 * a month), as the case's options say (READING RULES). */
static void tx_apply_about(tx_parser *p, tx_side *sd)
{
    int y1, m1, d1, y2, m2, d2;
    kj_civil_from_days(sd->wide_first_day, &y1, &m1, &d1);
    kj_civil_from_days(sd->wide_last_day, &y2, &m2, &d2);
    int64_t lo, hi, narrow_lo, narrow_hi;
    char what[64], by[64];
    if (!sd->vague_days && y1 == y2 && m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31) {
        int k = p->opts->about_year;
        int lo_year = y1 - k < 1 ? 1 : y1 - k, hi_year = y1 + k > 9999 ? 9999 : y1 + k;
        lo = kj_days_from_civil(lo_year, 1, 1);
        hi = kj_days_from_civil(hi_year, 12, 31);
        narrow_lo = kj_days_from_civil(y1 + k > 9999 ? 9999 : y1 + k, 1, 1);
        narrow_hi = kj_days_from_civil(y1 - k < 1 ? 1 : y1 - k, 12, 31);
        snprintf(what, sizeof what, "a year");
        snprintf(by, sizeof by, "%d year%s, option about-year", k, k == 1 ? "" : "s");
    } else {
        int month = !sd->vague_days && y1 == y2 && m1 == m2 && d1 == 1 && d2 == tx_days_in_month(y2, m2);
        int64_t k = (month ? p->opts->about_month_s : p->opts->about_day_s) / TX_DAY_S;
        lo = sd->wide_first_day - k;
        hi = sd->wide_last_day + k;
        narrow_lo = sd->first_day + k;
        narrow_hi = sd->last_day - k;
        snprintf(what, sizeof what, "%s", month ? "a month" : sd->first_day == sd->last_day ? "a day" : "days");
        snprintf(by, sizeof by, "%" PRId64 " day%s, option about-%s", k, k == 1 ? "" : "s", month ? "month" : "day");
    }
    int64_t min_day = kj_days_from_civil(1, 1, 1), max_day = kj_days_from_civil(9999, 12, 31);
    lo = lo < min_day ? min_day : lo;
    hi = hi > max_day ? max_day : hi;
    int ly, lm, ld, hy, hm, hd;
    kj_civil_from_days(lo, &ly, &lm, &ld);
    kj_civil_from_days(hi, &hy, &hm, &hd);
    char span[96];
    snprintf(span, sizeof span, "%d %s %04d .. %d %s %04d", ld, TX_MONTH_NAMES[lm - 1], ly, hd, TX_MONTH_NAMES[hm - 1], hy);
    char rule[TX_RULE];
    snprintf(rule, sizeof rule, "about %.8s = \xc2\xb1%.40s (%.96s)", what, by, span);
    sd->about_date = 1;
    sd->vague_days = 1;
    sd->wide_first_day = lo;
    sd->wide_last_day = hi;
    snprintf(sd->date_wide_rule, TX_RULE, "%s", rule);
    if (p->reading == KJ_READ_NARROW) {
        /* what every reading shares: the days within k of each end, if any */
        sd->first_day = narrow_lo;
        sd->last_day = narrow_hi;
        snprintf(sd->date_rule, TX_RULE, "about %.8s = \xc2\xb1%.40s; certain: the days every reading shares", what, by);
    } else {
        sd->first_day = lo;
        sd->last_day = hi;
        snprintf(sd->date_rule, TX_RULE, "%s", rule);
    }
}

/* date := [about-word] date-plain */
static int tx_date(tx_parser *p, tx_side *sd)
{
    tx_skip_ws(p);
    size_t at = p->pos;
    if (!tx_about_word(p))
        return tx_date_plain(p, sd);
    tx_skip_ws(p);
    tx_accept(p, "the"); /* "around the 20th of October 1933" */
    tx_skip_ws(p);
    if (tx_weekday(p) >= 0)
        return tx_fail(p, at, "write the date alone: 'about 14 March 2024'",
                       "a weekday names its day: 'about' cannot come before it");
    if (tx_date_plain(p, sd) != 0)
        return -1;
    tx_apply_about(p, sd);
    return 0;
}

/* ---- time of day -------------------------------------------------------- */

/* am-pm := ("a" | "p") ["."] ["m"] ["."] — "am", "a.m.", "P.M", "pm" */
static int tx_ampm(tx_parser *p, int *pm)
{
    size_t save = p->pos;
    tx_skip_ws(p);
    char c = (char)tolower((unsigned char)tx_ch(p, p->pos));
    if (c != 'a' && c != 'p')
        goto none;
    size_t q = p->pos + 1;
    if (tx_ch(p, q) == '.')
        q++;
    if (tolower((unsigned char)tx_ch(p, q)) != 'm')
        goto none;
    q++;
    if (tx_ch(p, q) == '.')
        q++;
    if (isalnum((unsigned char)tx_ch(p, q)))
        goto none;
    *pm = c == 'p';
    p->pos = q;
    return 1;
none:
    p->pos = save;
    return 0;
}

/* Reads "in the morning" etc. after an hour as a.m./p.m.; 1 if found. */
static int tx_ampm_phrase(tx_parser *p, int *pm)
{
    if (tx_accept_phrase(p, "in the morning")) {
        *pm = 0;
        return 1;
    }
    if (tx_accept_phrase(p, "in the afternoon") || tx_accept_phrase(p, "in the evening")) {
        *pm = 1;
        return 1;
    }
    return 0;
}

static int tx_hour_word(const tx_parser *p, size_t at, size_t n)
{
    for (int h = 0; h < 12; h++)
        if (tx_word_is(p, at, n, TX_HOUR_WORDS[h]))
            return h + 1;
    return 0;
}

/* The readings of twelve o'clock with a.m. or p.m., in hours after the
 * day's midnight: the convention makes 12 a.m. midnight and 12 p.m. noon,
 * but the words are read both ways (NIST calls them ambiguous), and a
 * midnight may end the day as well as start it: 12 a.m. is 00:00, 12:00 or
 * 24:00, 12 p.m. 12:00 or 24:00.  Returns the rule naming them. */
static const char *tx_twelve(int pm, int64_t *first_h, int64_t *last_h)
{
    *first_h = pm ? 12 : 0;
    *last_h = 24;
    return pm ? "12 p.m. = 12:00 or 24:00 (noon, or the midnight ending the day)"
              : "12 a.m. = 00:00, 12:00 or 24:00 (either midnight, or noon)";
}

/* hour-12 := (DIGITS | hour-word) ["o'clock"] (am-pm | "in the morning" | ...)
 * Converts a 12-hour clock hour; twelve has several readings (tx_twelve),
 * the last in *last24 and the rule naming them in *rule (else NULL). */
static int tx_hour12(tx_parser *p, size_t at, int64_t hour, int64_t *hour24, int64_t *last24,
                     const char **rule)
{
    int pm;
    int marked = tx_ampm(p, &pm) || tx_ampm_phrase(p, &pm);
    if (!marked && hour > 12 && hour <= 24) {
        char hint[32];
        snprintf(hint, sizeof hint, "write '%02d:00'", (int)hour);
        return tx_fail(p, at, hint, "hour '%.*s' needs minutes", (int)tx_token_len(p, at), p->s + at);
    }
    if (!marked) {
        char hint[96];
        snprintf(hint, sizeof hint, "write '%d a.m.', '%d p.m.' or '%02d:00'",
                 (int)hour, (int)hour, (int)hour);
        return tx_fail(p, at, hint, "ambiguous hour '%.*s'", (int)tx_token_len(p, at), p->s + at);
    }
    if (hour < 1 || hour > 12)
        return tx_fail(p, at, NULL, "hour %d is not 1..12 with a.m./p.m.", (int)hour);
    *hour24 = *last24 = hour % 12 + (pm ? 12 : 0);
    *rule = hour == 12 ? tx_twelve(pm, hour24, last24) : NULL;
    return 0;
}

/* hh-mm := HOUR ":" MM [":" SS] [am-pm]
 * "12:00 a.m." and "12:00 p.m." have several readings (tx_twelve): *t is
 * the first, *t_last the last and *rule names them; other times have one. */
static int tx_hh_mm(tx_parser *p, size_t at, int64_t hour, int64_t *t, int64_t *t_last,
                    int64_t *grain, const char **rule)
{
    int64_t minute, second = 0, fraction = 0;
    size_t mat = ++p->pos;
    if (tx_digits(p, &minute) != 2 || minute > 59)
        return tx_fail(p, mat, NULL, "minutes must be two digits 00..59");
    *grain = 60;
    if (tx_ch(p, p->pos) == ':') {
        size_t sat = ++p->pos;
        if (tx_digits(p, &second) != 2 || second > 59)
            return tx_fail(p, sat, NULL, "seconds must be two digits 00..59");
        *grain = 1;
        if (tx_ch(p, p->pos) == '.' && isdigit((unsigned char)tx_ch(p, p->pos + 1))) {
            p->pos++;
            tx_digits(p, &fraction);
        }
    }
    int pm;
    int64_t last_hour = -1;
    if (tx_ampm(p, &pm) || tx_ampm_phrase(p, &pm)) {
        if (hour < 1 || hour > 12)
            return tx_fail(p, at, NULL, "hour %d is not 1..12 with a.m./p.m.", (int)hour);
        if (hour == 12 && minute == 0 && second == 0)
            *rule = tx_twelve(pm, &hour, &last_hour);
        else
            hour = hour % 12 + (pm ? 12 : 0);
    } else if (hour > 24 || (hour == 24 && (minute > 0 || second > 0 || fraction > 0))) {
        /* (24:00 ends the day: ISO 8601 allows it only as 24:00:00 exactly) */
        return tx_fail(p, at, NULL, "time %.*s is not 00:00..24:00", (int)(p->pos - at), p->s + at);
    }
    *t = hour * 3600 + minute * 60 + second;
    *t_last = last_hour >= 0 ? last_hour * 3600 : *t;
    if (fraction > 0 && last_hour < 0) {
        /* ISO 8601's "21:00:00.123": an instant inside the second, read as
         * the whole second (never narrower than what is written): it
         * starts no earlier than 21:00:00 and ends no later than 21:00:01,
         * and no whole second is certainly it (the narrow reading) */
        *t_last = *t + 1;
        *grain = 0;
        *rule = "within the second (a fraction of it written)";
    }
    return 0;
}

/* time := "noon" | "midnight" | hh-mm | hour-12 | ("12" | "twelve") ["o'clock"] ("noon" | "midnight")
 * *t is the time's first reading and *t_last its last: they differ for
 * "midnight", which may start or end the day, and for twelve a.m./p.m.
 * (tx_twelve); *rule then names the readings, else it is NULL. */
static int tx_time(tx_parser *p, int64_t *t, int64_t *t_last, int64_t *grain, const char **rule)
{
    tx_skip_ws(p);
    size_t at = p->pos, n = tx_word_len(p, at);
    int64_t hour, last_hour = 0;
    *grain = 60;
    *rule = NULL;
    if (tx_accept(p, "noon") || tx_accept(p, "midday")) {
        *t = *t_last = 12 * 3600;
        return 0;
    }
    if (tx_accept(p, "midnight"))
        goto midnight;
    if (n > 0 && (hour = tx_hour_word(p, at, n)) > 0) {
        p->pos += n;
        tx_accept(p, "o'clock");
    } else if (tx_digits(p, &hour) > 0) {
        if (tx_ch(p, p->pos) == ':')
            return tx_hh_mm(p, at, hour, t, t_last, grain, rule);
        tx_accept(p, "o'clock");
    } else {
        return tx_fail(p, at, NULL, "expected a time of day, found '%.*s'",
                       (int)tx_token_len(p, at), p->s + at);
    }
    if (hour == 12 && (tx_accept(p, "noon") || tx_accept(p, "midday"))) { /* "12 noon", as NIST writes it */
        *t = *t_last = 12 * 3600;
        return 0;
    }
    if (hour == 12 && tx_accept(p, "midnight"))
        goto midnight;
    if (tx_hour12(p, at, hour, &hour, &last_hour, rule) != 0)
        return -1;
    *t = hour * 3600;
    *t_last = last_hour * 3600;
    return 0;
midnight:
    *t = 0;
    *t_last = 24 * 3600;
    *rule = "midnight = 00:00 or 24:00 (the midnight starting or ending the day)";
    return 0;
}

static int tx_about_word(tx_parser *p)
{
    size_t save = p->pos;
    for (size_t i = 0; i < TX_COUNT(TX_ABOUT_WORDS); i++) {
        if (tx_accept(p, TX_ABOUT_WORDS[i])) {
            if (tx_ch(p, p->pos) == '.')
                p->pos++;
            else if (strlen(TX_ABOUT_WORDS[i]) <= 2) /* "c", "ca" need the dot */
                break;
            return 1;
        }
    }
    p->pos = save;
    return 0;
}

static void tx_clock_span(char *buf, size_t n, int64_t s)
{
    int64_t day = tx_floor_div(s, TX_DAY_S), sec = s - day * TX_DAY_S;
    snprintf(buf, n, "%02d:%02d%s%s", (int)(sec / 3600), (int)(sec / 60 % 60),
             day > 0 ? " next day" : "", day < 0 ? " previous day" : "");
}

/* day-part := "morning" | "afternoon" | "evening" | "night"  (1 if found) */
static int tx_day_part(tx_parser *p, tx_side *sd)
{
    for (size_t i = 0; i < TX_COUNT(TX_DAYPARTS); i++) {
        const tx_daypart *d = &TX_DAYPARTS[i];
        if (!tx_accept(p, d->word))
            continue;
        int narrow = p->reading == KJ_READ_NARROW;
        sd->clock_kind = TX_CLOCK_PART;
        sd->clock_lo_s = narrow ? d->narrow_lo : d->wide_lo;
        sd->clock_hi_s = narrow ? d->narrow_hi : d->wide_hi;
        sd->clock_wide_lo_s = d->wide_lo;
        sd->clock_wide_hi_s = d->wide_hi;
        char lo[32], hi[32];
        tx_clock_span(lo, sizeof lo, sd->clock_lo_s);
        tx_clock_span(hi, sizeof hi, sd->clock_hi_s);
        snprintf(sd->clock_rule, TX_RULE, "%s = %s-%s%s", d->word, lo, hi,
                 narrow ? " (narrow reading)" : "");
        tx_clock_span(lo, sizeof lo, d->wide_lo);
        tx_clock_span(hi, sizeof hi, d->wide_hi);
        snprintf(sd->clock_wide_rule, TX_RULE, "%s = %s-%s", d->word, lo, hi);
        return 1;
    }
    return 0;
}

#define TX_OFFSET_MAX_S (18 * 3600) /* as java.time's ZoneOffset; real ones are -12:00..+14:00 */

/* numeric-offset := ("+" | "-") HH [[":"] MM], right after a time in digits.
 * A "-" after a time without seconds, not joined to its date by "T",
 * may as well be a range of times ("09:00-10:00"): an error, not a guess. */
static int tx_numeric_offset(tx_parser *p, tx_side *sd, int64_t grain)
{
    size_t at = p->pos;
    int minus = tx_ch(p, at) == '-';
    int64_t hh, mm = 0;
    p->pos++;
    int n = tx_digits(p, &hh);
    if (n == 4) {
        mm = hh % 100;
        hh /= 100;
    } else if (n == 2 && tx_ch(p, p->pos) == ':' && isdigit((unsigned char)tx_ch(p, p->pos + 1))) {
        p->pos++;
        if (tx_digits(p, &mm) != 2)
            return tx_fail(p, at, "write the offset as +HH:MM, e.g. '+01:00'",
                           "bad UTC offset '%.*s'", (int)(p->pos - at), p->s + at);
    } else if (n != 2) {
        return tx_fail(p, at, "write the offset as +HH:MM, e.g. '+01:00'", "bad UTC offset '%.*s'",
                       (int)(p->pos - at), p->s + at);
    }
    if (mm > 59 || hh * 3600 + mm * 60 > TX_OFFSET_MAX_S)
        return tx_fail(p, at, "UTC offsets run from -18:00 to +18:00", "UTC offset '%.*s' is out of range",
                       (int)(p->pos - at), p->s + at);
    size_t clock_at = sd->clock_at;
    int joined_by_t = clock_at > 0 && (p->s[clock_at - 1] == 'T' || p->s[clock_at - 1] == 't');
    if (minus && grain == 60 && !joined_by_t) {
        char hint[160];
        snprintf(hint, sizeof hint, "for the offset write the seconds or join date and time with 'T' "
                 "(%.*s:00%.*s); for a range write '..'", (int)(at - clock_at), p->s + clock_at,
                 (int)(p->pos - at), p->s + at);
        return tx_fail(p, at, hint, "'%.*s%.*s' may be a time with UTC offset %.*s or a range of times",
                       (int)(at - clock_at), p->s + clock_at, (int)(p->pos - at), p->s + at,
                       (int)(p->pos - at), p->s + at);
    }
    sd->offset_s = (int)((hh * 3600 + mm * 60) * (minus ? -1 : 1));
    sd->offset_utc = sd->offset_s == 0; /* "-00:00" (RFC 3339): UTC, local offset unknown */
    return 0;
}

/* offset := "Z" | numeric-offset   (right after a time in digits)
 *         | "UTC" | "GMT"          (a word after any time)
 * Sets sd's offset if one is written; returns 0 or -1. */
static int tx_offset(tx_parser *p, tx_side *sd, int64_t grain)
{
    size_t at = p->pos;
    char c = tx_ch(p, at);
    int after_digit = at > 0 && isdigit((unsigned char)p->s[at - 1]);
    if (after_digit && (c == 'Z' || c == 'z') && !isalnum((unsigned char)tx_ch(p, at + 1))) {
        p->pos++;
        sd->offset_s = 0;
        sd->offset_utc = 1;
    } else if (after_digit && (c == '+' || c == '-') && isdigit((unsigned char)tx_ch(p, at + 1))) {
        if (tx_numeric_offset(p, sd, grain) != 0)
            return -1;
    } else if (tx_accept(p, "UTC") || tx_accept(p, "GMT")) {
        at = p->pos - 3;
        sd->offset_s = 0;
        sd->offset_utc = 1;
    } else {
        return 0;
    }
    sd->has_offset = 1;
    sd->offset_at = at;
    sd->offset_len = p->pos - at;
    return 0;
}

/* clock := day-part | about-word time [offset] | time [offset] */
static int tx_clock(tx_parser *p, tx_side *sd)
{
    int64_t t = 0, t_last = 0, grain = 60;
    const char *either = NULL;
    int about = tx_about_word(p);
    if (!about && tx_day_part(p, sd))
        return 0;
    if (tx_time(p, &t, &t_last, &grain, &either) != 0 || tx_offset(p, sd, grain) != 0)
        return -1;
    sd->clock_t = t;
    sd->clock_t_last = t_last;
    if (!about) {
        /* a span's certain part starts and ends at the stated instant
         * (READING RULES); a claim's wide reading keeps the whole minute,
         * and of a time with several readings the hull of them all */
        sd->clock_kind = TX_CLOCK_EXACT;
        sd->clock_wide_lo_s = t;
        sd->clock_wide_hi_s = t_last + grain;
        sd->clock_lo_s = t;
        sd->clock_hi_s = p->reading == KJ_READ_NARROW ? t_last : t_last + grain;
        if (either != NULL)
            snprintf(sd->clock_rule, TX_RULE, "%s", either);
        else
            snprintf(sd->clock_rule, TX_RULE, "exact %s", grain == 1 ? "second" : "minute");
        return 0;
    }
    int64_t a = p->opts->about_clock_s;
    sd->clock_kind = TX_CLOCK_ABOUT;
    sd->clock_lo_s = sd->clock_wide_lo_s = t - a;
    sd->clock_hi_s = sd->clock_wide_hi_s = t_last + a;
    char unit[48];
    if (a % 60 == 0)
        snprintf(unit, sizeof unit, "\xc2\xb1%" PRId64 " min", a / 60);
    else
        snprintf(unit, sizeof unit, "\xc2\xb1%" PRId64 " s", a);
    snprintf(sd->clock_rule, TX_RULE, "about = %s, option about-clock%s%s", unit,
             either != NULL ? "; " : "", either != NULL ? either : "");
    return 0;
}

/* Does the text at the cursor start a time of day (rather than a date)? */
static int tx_looks_like_clock(tx_parser *p)
{
    size_t at = p->pos, n = tx_word_len(p, at);
    if (n > 0) {
        static const char *const words[] = {"noon", "midday", "midnight", "morning",
                                            "afternoon", "evening", "night"};
        for (size_t i = 0; i < TX_COUNT(words); i++)
            if (tx_word_is(p, at, n, words[i]))
                return 1;
        size_t save = p->pos;
        if (tx_about_word(p)) { /* "about 3 p.m." or "about 10 October 1933" */
            tx_skip_ws(p);
            int clock = tx_at_end(p) || tx_looks_like_clock(p);
            p->pos = save;
            return clock;
        }
        return tx_hour_word(p, at, n) > 0;
    }
    int64_t v;
    int digits = tx_digits(p, &v), pm, clock = 0;
    if (digits > 0 && digits <= 2 && !tx_numeric_sep(p, p->pos)) {
        size_t after = p->pos, word = after;
        while (tx_ch(p, word) == ' ') /* ("15  March 2024": a day, however many blanks) */
            word++;
        size_t n_word = tx_word_len(p, word);
        /* a day number is followed by an ordinal, "of" or a month name */
        clock = tx_ch(p, after) == ':' || tx_ampm(p, &pm) || n_word == 0
                || tx_word_is(p, word, n_word, "o'clock") || tx_word_is(p, word, n_word, "on")
                || tx_word_is(p, word, n_word, "at") || tx_word_is(p, word, n_word, "in")
                || tx_word_is(p, word, n_word, "the") || tx_word_is(p, word, n_word, "noon")
                || tx_word_is(p, word, n_word, "midday") || tx_word_is(p, word, n_word, "midnight");
    }
    p->pos = at;
    return clock;
}

/* ---- weekdays -------------------------------------------------------------- */

const char *kj_weekday_name(int weekday)
{
    return weekday >= 0 && weekday < 7 ? TX_WEEKDAY_NAMES[weekday] : "?";
}

/* The weekday of a local day, 0 = Monday .. 6 = Sunday, in the proleptic
 * Gregorian calendar the days are counted in (1970-01-01 was a Thursday). */
static int tx_weekday_of(int64_t day)
{
    return (int)((day % 7 + 7 + 3) % 7);
}

/* The day a date names in the Julian calendar, in (proleptic Gregorian)
 * days since 1970-01-01: its Julian day number less 1970-01-01's. */
static int64_t tx_days_from_julian(int year, int month, int day)
{
    int64_t a = (14 - month) / 12, y = (int64_t)year + 4800 - a, m = month + 12 * a - 3;
    return day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083 - 2440588;
}

/* The last civil calendar to leave the Julian was Greece's, in 1923: a
 * date before 1924 may be Old Style. */
#define TX_OLD_STYLE_BEFORE 1924

/* "Thursday 14 March 2024", or without the year "Thursday 14 March". */
static void tx_weekday_date(char *buf, size_t n, int64_t day, int with_year)
{
    int y, m, d;
    kj_civil_from_days(day, &y, &m, &d);
    if (with_year)
        snprintf(buf, n, "%s %d %s %04d", TX_WEEKDAY_NAMES[tx_weekday_of(day)], d, TX_MONTH_NAMES[m - 1], y);
    else
        snprintf(buf, n, "%s %d %s", TX_WEEKDAY_NAMES[tx_weekday_of(day)], d, TX_MONTH_NAMES[m - 1]);
}

/* The two days a slip may mean, the earlier first: "Thursday 14 March or
 * Friday 15 March 2024" (the year once when they share it). */
static void tx_slip_days(char *buf, size_t n, const kj_weekday_slip *slip)
{
    int64_t first = slip->date_day < slip->weekday_day ? slip->date_day : slip->weekday_day;
    int64_t last = slip->date_day < slip->weekday_day ? slip->weekday_day : slip->date_day;
    int y1, y2, m, d;
    kj_civil_from_days(first, &y1, &m, &d);
    kj_civil_from_days(last, &y2, &m, &d);
    char a[64], b[64];
    tx_weekday_date(a, sizeof a, first, y1 != y2);
    tx_weekday_date(b, sizeof b, last, 1);
    snprintf(buf, n, "%s or %s", a, b);
}

/* Returns buf (caller-owned). */
char *kj_weekday_slip_text(const kj_weekday_slip *slip, char *buf, size_t n)
{
    int y, m, d;
    kj_civil_from_days(slip->date_day, &y, &m, &d);
    char date[48], days[160];
    tx_day_name(date, sizeof date, d, m, y);
    tx_slip_days(days, sizeof days, slip);
    int len = snprintf(buf, n, "%s %s, but %s was a %s; read as either %s", kj_weekday_name(slip->weekday), date, date,
                       kj_weekday_name(slip->date_weekday), days);
    if (slip->old_style && len > 0 && (size_t)len < n) {
        char converted[48];
        int cy, cm, cd;
        kj_civil_from_days(slip->old_style_day, &cy, &cm, &cd);
        tx_day_name(converted, sizeof converted, cd, cm, cy);
        snprintf(buf + len, n - (size_t)len, " (%s Old Style, in the Julian calendar, was a %s: if the date is Old "
                 "Style, write it as %s)", date, kj_weekday_name(slip->weekday), converted);
    }
    return buf;
}

/* weekday := full name | three letters ["."] | ("Tues" | "Thur" | "Thurs") ["."]
 * Consumes it and returns 0 (Monday) .. 6 (Sunday), or -1 with the cursor
 * where it was. */
static int tx_weekday(tx_parser *p)
{
    static const struct { const char *word; int weekday; } longer[] = {{"tues", 1}, {"weds", 2}, {"thur", 3}, {"thurs", 3}};
    size_t at = p->pos, n = tx_word_len(p, at);
    int found = -1;
    for (int d = 0; d < 7 && found < 0 && n > 0; d++)
        if (tx_word_is(p, at, n, TX_WEEKDAY_NAMES[d]) || (n == 3 && strncasecmp(p->s + at, TX_WEEKDAY_NAMES[d], 3) == 0))
            found = d;
    for (size_t i = 0; i < TX_COUNT(longer) && found < 0; i++)
        if (tx_word_is(p, at, n, longer[i].word))
            found = longer[i].weekday;
    if (found < 0)
        return -1;
    p->pos = at + n;
    if (n < strlen(TX_WEEKDAY_NAMES[found]) && tx_ch(p, p->pos) == '.')
        p->pos++;
    return found;
}

/* The date in sd (one day) and the weekday written before it at `at`
 * (len bytes).  A date that does not fall on the weekday is a slip of the
 * witness's, of the weekday or of the date, and which one nobody knows:
 * either day may be meant, the date as written or the day of that weekday
 * nearest to it (within three days: a week has seven).  sd becomes both
 * days and those between (a window from one to the other), the slip is
 * kept in the result, and the rule says it.  Returns 0 or -1. */
static int tx_weekday_check(tx_parser *p, tx_side *sd, int weekday, size_t at, size_t len)
{
    int64_t date = sd->first_day;
    int date_weekday = tx_weekday_of(date);
    if (date_weekday == weekday)
        return 0; /* the reading is just the date */
    int ahead = (weekday - date_weekday + 7) % 7;
    int64_t other = date + (ahead <= 3 ? ahead : ahead - 7);
    int y, m, d, oy, om, od;
    kj_civil_from_days(date, &y, &m, &d);
    kj_civil_from_days(other, &oy, &om, &od);
    char name[48];
    tx_day_name(name, sizeof name, d, m, y);
    if (oy < 1 || oy > 9999)
        return tx_fail(p, at, "write the date alone, or with the weekday it fell on",
                       "%s was a %s, and the nearest %s is outside the years 1..9999", name,
                       TX_WEEKDAY_NAMES[date_weekday], TX_WEEKDAY_NAMES[weekday]);
    kj_weekday_slip slip = {.weekday = weekday, .date_weekday = date_weekday, .date_day = date,
                            .weekday_day = other, .offset = (int)at, .len = (int)len};
    slip.old_style_day = tx_days_from_julian(y, m, d);
    slip.old_style = y < TX_OLD_STYLE_BEFORE && tx_weekday_of(slip.old_style_day) == weekday;
    sd->slipped = 1;
    sd->slip = slip;
    sd->first_day = sd->wide_first_day = date < other ? date : other;
    sd->last_day = sd->wide_last_day = date < other ? other : date;
    char days[96];
    tx_slip_days(days, sizeof days, &slip);
    snprintf(sd->date_rule, TX_RULE, "%.32s was a %.9s: either %.72s%s", name, TX_WEEKDAY_NAMES[date_weekday], days,
             sd->last_day - sd->first_day > 1 ? ", and the days between" : "");
    if (p->out->n_slips < 2) /* (one date a side, two sides at most) */
        p->out->slips[p->out->n_slips++] = slip;
    return 0;
}

/* dated-weekday := weekday {"," | blank} ["the"] date      (a date of one day) */
static int tx_dated_weekday(tx_parser *p, tx_side *sd, int weekday, size_t at)
{
    size_t len = p->pos - at;
    if (sd->has_days)
        return tx_fail(p, at, "write the weekday before its date, e.g. 'Friday 14 March 2024'",
                       "the weekday '%.*s' comes after its date", (int)len, p->s + at);
    while (isspace((unsigned char)tx_ch(p, p->pos)) || tx_ch(p, p->pos) == ',')
        p->pos++;
    tx_accept(p, "the");
    tx_skip_ws(p);
    size_t date_at = p->pos;
    int clock = 0;
    if (!tx_at_end(p) && tx_looks_like_clock(p)) { /* "Friday, 9 p.m." - or a date the date parser explains */
        tx_parser probe = *p;
        kj_timex_result scratch = {0};
        tx_side ignored = {0};
        probe.out = &scratch;
        clock = tx_date(&probe, &ignored) != 0;
    }
    if (tx_at_end(p) || clock || tx_weekday(p) >= 0)
        return tx_fail(p, at, "write its date right after it, e.g. 'Friday 14 March 2024'",
                       "the weekday '%.*s' needs its date after it", (int)len, p->s + at);
    if (tx_date(p, sd) != 0)
        return -1;
    if (sd->first_day != sd->last_day || sd->vague_days)
        return tx_fail(p, date_at, "name the day, e.g. 'Friday 14 March 2024'",
                       "a weekday names one day, and '%.*s' is more than one", (int)(p->pos - date_at),
                       p->s + date_at);
    return tx_weekday_check(p, sd, weekday, at, len);
}

/* In the narrow reading a slipped weekday leaves nothing certain: the two
 * days it may be have no instant in common. */
static int tx_slip_uncertain(tx_parser *p, const tx_side *sd)
{
    const kj_weekday_slip *slip = &sd->slip;
    int y, m, d;
    kj_civil_from_days(slip->date_day, &y, &m, &d);
    char name[48], days[160], a[64], b[64], hint[KJ_TIMEX_MSG];
    tx_day_name(name, sizeof name, d, m, y);
    tx_slip_days(days, sizeof days, slip);
    tx_weekday_date(a, sizeof a, slip->date_day < slip->weekday_day ? slip->date_day : slip->weekday_day, 1);
    tx_weekday_date(b, sizeof b, slip->date_day < slip->weekday_day ? slip->weekday_day : slip->date_day, 1);
    snprintf(hint, sizeof hint, "write the day the record means, '%.40s' or '%.40s'; or, where the statement "
             "allows it, 'in' (at some time on either day) instead of 'throughout'", a, b);
    return tx_fail(p, (size_t)slip->offset, hint, "nothing is certain in this span: %s was a %s, not a %s, so it "
                   "is either %s", name, TX_WEEKDAY_NAMES[slip->date_weekday], TX_WEEKDAY_NAMES[slip->weekday], days);
}

/* separator := { blank | "," | "on" | "at" | "in" | "of" | "the" | "T" }
 * Returns 0 if nothing was skipped, 1 for blanks or an ISO "T" only, 2 if a
 * comma or a word was skipped. */
static int tx_separator(tx_parser *p)
{
    static const char *const words[] = {"on", "at", "in", "of", "the"};
    int kind = 0;
    for (;;) {
        size_t at = p->pos;
        char c = tx_ch(p, at);
        if (isspace((unsigned char)c)) {
            p->pos++;
            kind = kind > 1 ? kind : 1;
            continue;
        }
        if ((c == 'T' || c == 't') && at > 0 && isdigit((unsigned char)p->s[at - 1])
            && isdigit((unsigned char)tx_ch(p, at + 1))) {
            p->pos++;
            kind = kind > 1 ? kind : 1;
            continue;
        }
        if (c == ',') {
            p->pos++;
            kind = 2;
            continue;
        }
        size_t n = tx_word_len(p, at), i;
        for (i = 0; i < TX_COUNT(words) && !tx_word_is(p, at, n, words[i]); i++)
            ;
        if (n == 0 || i == TX_COUNT(words))
            return kind;
        p->pos += n;
        kind = 2;
    }
}

/* Parses one part (a date or a time of day) into sd. */
static int tx_part(tx_parser *p, tx_side *sd, int sep)
{
    size_t at = p->pos;
    if (tx_looks_like_clock(p)) {
        if (sd->has_clock)
            return tx_fail(p, at, NULL, "a second time of day '%.*s'",
                           (int)tx_token_len(p, at), p->s + at);
        sd->has_clock = 1;
        sd->clock_at = at;
        sd->clock_attached = sd->has_days && sep == 1;
        return tx_clock(p, sd);
    }
    int weekday = tx_weekday(p);
    if (weekday >= 0)
        return tx_dated_weekday(p, sd, weekday, at);
    if (sd->has_days && sd->has_clock && tx_token_len(p, at) == 1 && toupper((unsigned char)p->s[at]) == 'Z')
        return tx_fail(p, at, "write it right after the time, e.g. '21:00Z', or write ' UTC'",
                       "'Z' (UTC) is not joined to its time");
    if (sd->has_days)
        return tx_fail(p, at, NULL, "a second date '%.*s'", (int)tx_token_len(p, at), p->s + at);
    size_t n = tx_word_len(p, at);
    char hint[64];
    int about = tx_about_word(p); /* "about 10 October 1933": tx_date reads it */
    p->pos = at;
    if (n > 0 && !about && tx_vague_prefix(p) == NULL && !isdigit((unsigned char)tx_ch(p, at))) {
        int month;
        tx_parser probe = *p;
        kj_timex_result scratch = {0};
        probe.out = &scratch;
        if (tx_month(&probe, &month) != 0 && scratch.hint[0] == '\0') {
            if (tx_suggest(TX_WEEKDAY_NAMES, 7, p->s + at, n, hint, sizeof hint) != NULL)
                return tx_fail(p, at, hint, "unknown weekday '%.*s'", (int)n, p->s + at);
            return tx_fail(p, at, tx_suggest(TX_KNOWN_WORDS, TX_COUNT(TX_KNOWN_WORDS),
                                             p->s + at, n, hint, sizeof hint),
                           "unexpected '%.*s'", (int)n, p->s + at);
        }
    }
    p->pos = at;
    return tx_date(p, sd);
}

/* side := separator { part separator }   (within [start, end)) */
static int tx_side_parse(tx_parser *p, size_t start, size_t end, tx_side *sd)
{
    memset(sd, 0, sizeof *sd);
    p->pos = start;
    p->end = end;
    int parts = 0;
    for (;;) {
        int sep = tx_separator(p);
        if (tx_at_end(p))
            return 0;
        if (parts > 0 && sep == 0)
            return tx_fail(p, p->pos, NULL, "unexpected '%.*s'",
                           (int)tx_token_len(p, p->pos), p->s + p->pos);
        if (tx_part(p, sd, sep) != 0)
            return -1;
        parts++;
    }
}

/* ---- whole expressions --------------------------------------------------- */

/* An end's offset as written (tx_side). */
typedef struct tx_fix {
    int fixed, utc, offset_s;
    size_t at, len;
} tx_fix;

/* A reading in local wall time ("naive" seconds) before zones apply. */
typedef struct tx_span {
    int open_lo, open_hi, has_clock;
    int64_t local_lo, local_hi;
    /* an "about" time at an end: also read as +-about-clock around each
     * UTC reading of the stated time, not only on the wall clock (a time
     * in the hour a clock change skips has two readings an hour apart,
     * and "about" is near either) */
    int anchor_lo, anchor_hi;
    int64_t anchor_lo_t, anchor_hi_t;
    /* narrow, a range: the local window its start lies in runs from
     * start_from to local_lo, its end's from local_hi to end_to (a wall
     * time a clock change skips may read after the latest start's reading,
     * or before the earliest end's: tx_to_utc) */
    int64_t start_from, end_to;
    /* an end whose time of day carries an offset is fixed by it, not read
     * in the zones: its UTC instant is its local time - the offset */
    tx_fix fixed_lo, fixed_hi;
    int64_t stated_lo_t, stated_hi_t; /* the stated local instants, to check the offsets at */
    char rules[6 * TX_RULE];
} tx_span;

/* The offset that fixes an end written with `clock`, if any. */
static tx_fix tx_fixing(const tx_side *clock)
{
    tx_fix f = {.fixed = clock->has_clock && clock->has_offset, .utc = clock->offset_utc,
                .offset_s = clock->offset_s, .at = clock->offset_at, .len = clock->offset_len};
    return f;
}

static void tx_add_rule(tx_span *sp, const char *rule)
{
    size_t len = strlen(sp->rules);
    if (rule[0] == '\0' || strstr(sp->rules, rule) != NULL)
        return;
    snprintf(sp->rules + len, sizeof sp->rules - len, "%s%s", len > 0 ? "; " : "", rule);
}

static int tx_need_date(tx_parser *p, const tx_side *sd, size_t at)
{
    if (sd->has_days)
        return 0;
    return tx_fail(p, sd->has_clock ? sd->clock_at : at, "write e.g. '1935-12-01 15:00'",
                   "a time of day needs a date");
}

/* Sets the span from the first day of lo_side to the last day of hi_side,
 * with each side's own time of day or, when `shared` is given, that one. */
static void tx_span_from(tx_span *sp, const tx_side *lo_side, const tx_side *hi_side,
                         const tx_side *shared)
{
    const tx_side *lc = shared != NULL ? shared : lo_side;
    const tx_side *hc = shared != NULL ? shared : hi_side;
    sp->local_lo = lo_side->first_day * TX_DAY_S + (lc->has_clock ? lc->clock_lo_s : 0);
    sp->local_hi = hi_side->last_day * TX_DAY_S + (hc->has_clock ? hc->clock_hi_s : TX_DAY_S);
    sp->anchor_lo = lc->has_clock && lc->clock_kind == TX_CLOCK_ABOUT;
    sp->anchor_hi = hc->has_clock && hc->clock_kind == TX_CLOCK_ABOUT;
    sp->anchor_lo_t = lo_side->first_day * TX_DAY_S + lc->clock_t;
    sp->anchor_hi_t = hi_side->last_day * TX_DAY_S + hc->clock_t_last;
    sp->has_clock = lc->has_clock || hc->has_clock;
    sp->start_from = sp->local_lo;
    sp->end_to = sp->local_hi;
    sp->fixed_lo = tx_fixing(lc);
    sp->fixed_hi = tx_fixing(hc);
    sp->stated_lo_t = sp->anchor_lo_t;
    sp->stated_hi_t = sp->anchor_hi_t;
}

/* The rule of a side as the wide reading states it (a range's ends). */
static const char *tx_wide_rule(const char *wide, const char *rule)
{
    return wide[0] != '\0' ? wide : rule;
}

/* The latest local instant at which a span whose start is written sd can
 * start (a range's start in the narrow reading, READING RULES). */
static int64_t tx_latest_start(const tx_parser *p, const tx_side *sd)
{
    if (!sd->has_clock && sd->slipped) /* the later of the two days starts it */
        return sd->last_day * TX_DAY_S;
    if (!sd->has_clock)
        return sd->vague_days ? (sd->wide_last_day + 1) * TX_DAY_S : sd->first_day * TX_DAY_S;
    int64_t day = sd->wide_last_day * TX_DAY_S;
    switch (sd->clock_kind) {
    case TX_CLOCK_EXACT: return day + sd->clock_t_last;
    case TX_CLOCK_ABOUT: return day + sd->clock_t_last + p->opts->about_clock_s;
    default: return day + sd->clock_wide_hi_s;
    }
}

/* The earliest local instant at which a span whose end is written sd can end. */
static int64_t tx_earliest_end(const tx_parser *p, const tx_side *sd)
{
    if (!sd->has_clock && sd->slipped) /* the earlier of the two days ends it */
        return (sd->first_day + 1) * TX_DAY_S;
    if (!sd->has_clock)
        return sd->vague_days ? sd->wide_first_day * TX_DAY_S : (sd->last_day + 1) * TX_DAY_S;
    int64_t day = sd->wide_first_day * TX_DAY_S;
    switch (sd->clock_kind) {
    case TX_CLOCK_EXACT: return day + sd->clock_t;
    case TX_CLOCK_ABOUT: return day + sd->clock_t - p->opts->about_clock_s;
    default: return day + sd->clock_wide_lo_s;
    }
}

static int tx_empty_span(tx_parser *p, size_t at, const char *why)
{
    return tx_fail(p, at, "write 'in' (at some time within it) instead of 'throughout', or ends that "
                          "certainly leave a span, e.g. \"1935-12-05 about 1 p.m...1935-12-05 about 5 p.m.\"",
                   "nothing is certain in this span: %s", why);
}

/* In the narrow reading, a time of day with several readings ("midnight",
 * tx_twelve) names no instant that every reading agrees on. */
static int tx_narrow_one_reading(tx_parser *p, const tx_side *sd)
{
    if (p->reading != KJ_READ_NARROW || !sd->has_clock || sd->clock_kind == TX_CLOCK_PART
        || sd->clock_t == sd->clock_t_last)
        return 0;
    char why[TX_RULE + 64];
    snprintf(why, sizeof why, "a time of day with several readings, %s", sd->clock_rule);
    return tx_empty_span(p, sd->clock_at, why);
}

static int tx_single(tx_parser *p, tx_span *sp, size_t start)
{
    tx_side sd;
    if (tx_side_parse(p, start, strlen(p->s), &sd) != 0 || tx_need_date(p, &sd, start) != 0)
        return -1;
    if (p->reading == KJ_READ_NARROW && sd.slipped)
        return tx_slip_uncertain(p, &sd);
    if (p->reading == KJ_READ_NARROW && sd.about_date && sd.first_day > sd.last_day) {
        char why[TX_RULE + 64];
        snprintf(why, sizeof why, "no day is in every reading of %s", sd.date_wide_rule);
        return tx_empty_span(p, 0, why);
    }
    if (p->reading == KJ_READ_NARROW && sd.has_clock) {
        /* a time of day names an instant (exact) or an instant somewhere
         * in a window (about): certain only from its latest reading to its
         * earliest; a part of the day ("in the morning") is a period */
        if (sd.first_day != sd.last_day)
            return tx_empty_span(p, sd.clock_at, "a time of day on one of several days");
        if (sd.clock_kind == TX_CLOCK_ABOUT && p->opts->about_clock_s > 0)
            return tx_empty_span(p, sd.clock_at, "an 'about' time is an instant somewhere in its window");
        if (tx_narrow_one_reading(p, &sd) != 0)
            return -1;
    }
    tx_span_from(sp, &sd, &sd, NULL);
    /* "whole day" says nothing once a time of day narrows the day */
    if (!(sd.has_clock && !strcmp(sd.date_rule, "whole day"))) tx_add_rule(sp, sd.date_rule);
    tx_add_rule(sp, sd.clock_rule);
    return 0;
}

/* Offset of the range "..": the last two dots of the first run of two or
 * more ("3 p.m...5 p.m." ends "p.m." before ".."), or -1. */
static long tx_range_dots(const char *s)
{
    const char *d = strstr(s, "..");
    if (d == NULL)
        return -1;
    while (d[2] == '.')
        d++;
    return (long)(d - s);
}

/* Whether the range dots at `dots` end the text right after "a.m"/"p.m"
 * ("am", "pm", any case): "3 p.m.." is "3 p.m." with a stray dot as
 * readily as a range open at its end, which would make a fact
 * "throughout" everything after; so it is refused, not guessed. */
static int tx_ampm_then_open(const char *s, size_t dots)
{
    if (s[dots + 2] != '\0' || dots < 2) return 0;
    size_t i = dots;
    if (tolower((unsigned char)s[i - 1]) != 'm') return 0;
    i--;
    if (i > 0 && s[i - 1] == '.') i--;
    return i > 0 && (tolower((unsigned char)s[i - 1]) == 'a' || tolower((unsigned char)s[i - 1]) == 'p')
           && (i < 2 || !isalpha((unsigned char)s[i - 2]));
}

/* Which side's time of day, if any, applies to every day of the range. */
static const tx_side *tx_shared_clock(const tx_side *a, const tx_side *b)
{
    if (a->has_clock && !a->clock_attached && !b->has_clock)
        return a;
    if (b->has_clock && !b->clock_attached && !a->has_clock)
        return b;
    return NULL;
}

/* Where a range's two sides are written: [a0, a1) and [b0, b1), and the
 * separator ("..", "and", "until") at sep. */
typedef struct tx_cut {
    size_t a0, a1, b0, b1, sep;
    int phrase;       /* "between A and B", "from A until B": a bare number
                       * A takes its kind from B ("between 3 and 4 p.m.",
                       * "from 1 to 3 October 1933") */
    size_t d0, d1;    /* a date written before "between" (d0 < d1): both
                       * sides are on it ("10 October 1933 between 3 and 4 p.m.") */
} tx_cut;

/* Is [a0, a1) a bare number, 1 or 2 digits with an optional ordinal or an
 * hour word ("three"), optionally "o'clock"?  Sets *value and *at. */
static int tx_bare_number(tx_parser *p, size_t a0, size_t a1, int64_t *value, size_t *at)
{
    tx_parser q = *p;
    q.pos = a0;
    q.end = a1;
    tx_skip_ws(&q);
    *at = q.pos;
    size_t n = tx_word_len(&q, q.pos);
    int digits = tx_digits(&q, value);
    if (digits == 0 && n > 0 && (*value = tx_hour_word(&q, q.pos, n)) > 0)
        q.pos += n;
    else if (digits < 1 || digits > 2)
        return 0;
    else
        tx_ordinal(&q);
    tx_accept(&q, "o'clock");
    tx_skip_ws(&q);
    return q.pos >= a1;
}

/* The bare number at `at` before side b: an hour in b's half of the day
 * (or the other half, if that is the one before b's time), or a day of
 * b's month.  Returns 0, or -1 with the error set. */
static int tx_bare_side(tx_parser *p, tx_side *a, int64_t v, size_t at, const tx_side *b, size_t b_first)
{
    memset(a, 0, sizeof *a);
    int hour = b->has_clock && b->clock_at == b_first; /* "3 and 4 p.m.", not "1 and 3 October" */
    if (hour && b->clock_kind == TX_CLOCK_EXACT && v >= 1 && v <= 12) {
        /* the last such hour before each reading of the end ("12 p.m." is
         * noon or the midnight ending the day: "between 11 and 12 p.m."
         * starts at 11:00 or 23:00) */
        int64_t t[2], end[2] = {b->clock_t, b->clock_t_last};
        for (int k = 0; k < 2; k++) {
            int64_t bh = end[k] / 3600 % 24 + (end[k] >= 24 * 3600 ? 24 : 0);
            t[k] = (v % 12 + (bh >= 12 ? 12 : 0)) * 3600;
            if (t[k] > end[k])
                t[k] -= 12 * 3600;
        }
        if (t[0] < 0)
            return tx_fail(p, at, "write a.m. or p.m. after it", "no hour %d comes before the range's end", (int)v);
        a->has_clock = 1;
        a->clock_kind = TX_CLOCK_EXACT;
        a->clock_at = at;
        a->clock_t = a->clock_lo_s = a->clock_wide_lo_s = t[0];
        a->clock_t_last = t[1];
        a->clock_hi_s = p->reading == KJ_READ_NARROW ? t[1] : t[1] + 60;
        a->clock_wide_hi_s = t[1] + 60;
        if (t[0] == t[1])
            snprintf(a->clock_rule, TX_RULE, "%d = %02d:00 (the last such hour before the range's end)", (int)v,
                     (int)(t[0] / 3600));
        else
            snprintf(a->clock_rule, TX_RULE, "%d = %02d:00 or %02d:00 (the last such hour before each reading of the "
                     "range's end)", (int)v, (int)(t[0] / 3600), (int)(t[1] / 3600));
        return 0;
    }
    if (!hour && b->has_days && !b->vague_days && !b->slipped && b->first_day == b->last_day) {
        int y, m, d;
        kj_civil_from_days(b->first_day, &y, &m, &d);
        if (v < 1 || v > d)
            return tx_fail(p, at, NULL, "day %d is not before the range's end, %d %s %04d", (int)v, d,
                           TX_MONTH_NAMES[m - 1], y);
        tx_set_days(a, y, m, (int)v, (int)v);
        snprintf(a->date_rule, TX_RULE, "whole day (of the month of the range's end)");
        return 0;
    }
    return tx_fail(p, at, "write it in full, e.g. 'between 3 p.m. and 4 p.m.' or 'between 1 and 3 October 1933'",
                   "a bare number, and the range's end says neither its half of the day nor its month");
}

/* A side with a time of day and no date ("3 p.m." in "between 3 and 4 p.m.
 * on 10 October 1933") takes the other side's date when that is one day
 * named plainly (not vague, not "about", not a weekday's slip). */
static int tx_borrow_day(tx_side *to, const tx_side *from)
{
    if (!to->has_clock || to->has_days || !from->has_days || from->vague_days || from->slipped
        || from->first_day != from->last_day)
        return 0;
    to->has_days = 1;
    to->first_day = to->last_day = to->wide_first_day = to->wide_last_day = from->first_day;
    to->clock_attached = 1;
    snprintf(to->date_rule, TX_RULE, "%s", from->date_rule);
    return 1;
}

/* "between 30 September and 2 October 1933": the start [a0, a1) is a day
 * and a month with no year; it is read with the end's year (or the year
 * before, when that one would put it after the end).  Returns 1 if so
 * (sd set), 0 if the start is not such a date. */
static int tx_start_with_end_year(tx_parser *p, size_t a0, size_t a1, const tx_side *b, tx_side *sd)
{
    if (!b->has_days || a1 - a0 > 200)
        return 0;
    int by, bm, bd;
    kj_civil_from_days(b->first_day, &by, &bm, &bd);
    for (int year = by; year >= by - 1 && year >= 1; year--) {
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s %04d", (int)(a1 - a0), p->s + a0, year);
        kj_timex_result scratch;
        scratch.error[0] = scratch.hint[0] = '\0';
        scratch.n_slips = 0;
        tx_parser q = *p;
        q.s = buf;
        q.out = &scratch;
        tx_side t;
        if (tx_side_parse(&q, 0, strlen(buf), &t) != 0 || !t.has_days || t.has_clock || t.first_day > b->last_day)
            continue;
        /* offsets into buf are offsets into the text less a0 */
        t.slip.offset += (int)a0;
        for (int i = 0; i < scratch.n_slips && p->out->n_slips < 2; i++) {
            scratch.slips[i].offset += (int)a0;
            p->out->slips[p->out->n_slips++] = scratch.slips[i];
        }
        *sd = t;
        return 1;
    }
    return 0;
}

/* range := [side] ".." [side]  (or "between" side "and" side, "from" side
 * "until" side: kj_timex_parse finds the cut) */
static int tx_range(tx_parser *p, tx_span *sp, tx_cut cut)
{
    tx_side a, b;
    size_t dots = cut.sep;
    int64_t bare;
    size_t bare_at;
    int borrowed = 0; /* a side's day is the other's (or the date before "between") */
    if (cut.phrase && tx_bare_number(p, cut.a0, cut.a1, &bare, &bare_at)) {
        size_t b_first = cut.b0;
        while (isspace((unsigned char)p->s[b_first]))
            b_first++;
        if (tx_side_parse(p, cut.b0, cut.b1, &b) != 0 || tx_bare_side(p, &a, bare, bare_at, &b, b_first) != 0)
            return -1;
    } else if (cut.phrase && tx_side_parse(p, cut.b0, cut.b1, &b) == 0) {
        /* the end first: a start with no year takes the end's */
        kj_timex_result saved = *p->out;
        if (tx_side_parse(p, cut.a0, cut.a1, &a) != 0) {
            kj_timex_result failed_out = *p->out;
            *p->out = saved;
            if (!tx_start_with_end_year(p, cut.a0, cut.a1, &b, &a)) {
                *p->out = failed_out;
                return -1;
            }
        }
    } else if (tx_side_parse(p, cut.a0, cut.a1, &a) != 0 || tx_side_parse(p, cut.b0, cut.b1, &b) != 0)
        return -1;
    if (cut.d1 > cut.d0) { /* "10 October 1933 between 3 and 4 p.m." */
        tx_side d;
        if (tx_side_parse(p, cut.d0, cut.d1, &d) != 0)
            return -1;
        if (d.has_clock || !d.has_days)
            return tx_fail(p, cut.d0, "write one date before the range, e.g. '10 October 1933 between 3 and 4 p.m.'",
                           "expected a date before the range");
        if (a.has_days || b.has_days)
            return tx_fail(p, a.has_days ? cut.a0 : cut.b0, NULL, "a second date");
        if (d.vague_days || d.slipped || d.first_day != d.last_day)
            return tx_fail(p, cut.d0, "name one day, e.g. '10 October 1933 between 3 and 4 p.m.'",
                           "the times of the range need one day");
        borrowed = tx_borrow_day(&a, &d) | tx_borrow_day(&b, &d);
    }
    sp->open_lo = !a.has_days && !a.has_clock;
    sp->open_hi = !b.has_days && !b.has_clock;
    if (sp->open_lo && sp->open_hi)
        return tx_fail(p, dots, NULL, "a range needs a start or an end");
    /* "between and 4 p.m.", "from until 3 p.m.": words with nothing between
     * them (only "until B" alone is open at its start) */
    if (cut.phrase && (sp->open_lo ? cut.a0 != cut.a1 : sp->open_hi))
        return tx_fail(p, sp->open_lo ? cut.a0 : cut.b0, "write both ends, e.g. 'between 3 and 4 p.m. on 10 October 1933'",
                       "the range in words has no %s", sp->open_lo ? "start" : "end");
    if (cut.phrase) /* ("2021-10-31 02:30..05:00" stays an error: write both dates) */
        borrowed |= tx_borrow_day(&a, &b) | tx_borrow_day(&b, &a);
    if (cut.phrase && a.has_clock && b.has_clock && a.has_offset != b.has_offset) {
        /* "between 3 and 4 p.m. UTC": the offset is both ends' */
        tx_side *to = a.has_offset ? &b : &a;
        const tx_side *from = a.has_offset ? &a : &b;
        to->has_offset = 1;
        to->offset_s = from->offset_s;
        to->offset_utc = from->offset_utc;
        to->offset_at = from->offset_at;
        to->offset_len = from->offset_len;
    }
    if ((!sp->open_lo && tx_need_date(p, &a, cut.a0) != 0)
        || (!sp->open_hi && tx_need_date(p, &b, cut.b0) != 0))
        return -1;
    if (borrowed && a.has_clock && b.has_clock && a.first_day == b.first_day && a.clock_t > b.clock_t_last)
        return tx_fail(p, dots, "write the date of each end, e.g. '14 March 2024 10 p.m...15 March 2024 2 a.m.'",
                       "the range ends before it starts on that day; which day each end is on is not written");
    const tx_side *shared = tx_shared_clock(&a, &b);
    if (p->reading == KJ_READ_WIDE) {
        tx_span_from(sp, sp->open_lo ? &b : &a, sp->open_hi ? &a : &b, shared);
        if (sp->local_lo > sp->local_hi && !sp->open_lo && !sp->open_hi && !sp->fixed_lo.fixed
            && !sp->fixed_hi.fixed)
            return tx_fail(p, dots, NULL, "the range ends before it starts");
        tx_add_rule(sp, "range from the start of the first to the end of the second");
        tx_add_rule(sp, a.date_rule);
        tx_add_rule(sp, a.clock_rule);
        tx_add_rule(sp, b.date_rule);
        tx_add_rule(sp, b.clock_rule);
        return 0;
    }
    /* narrow: what the span certainly covers, from the latest reading of
     * its start to the earliest reading of its end (design.md §0) */
    if (shared != NULL)
        return tx_empty_span(p, shared->clock_at, "a time of day that applies to every day of the range");
    if (!sp->open_lo)
        sp->local_lo = tx_latest_start(p, &a);
    if (!sp->open_hi)
        sp->local_hi = tx_earliest_end(p, &b);
    sp->start_from = a.wide_first_day * TX_DAY_S + (a.has_clock ? a.clock_wide_lo_s : 0);
    sp->end_to = b.wide_last_day * TX_DAY_S + (b.has_clock ? b.clock_wide_hi_s : TX_DAY_S);
    sp->anchor_lo = !sp->open_lo && a.has_clock && a.clock_kind == TX_CLOCK_ABOUT;
    sp->anchor_hi = !sp->open_hi && b.has_clock && b.clock_kind == TX_CLOCK_ABOUT;
    sp->anchor_lo_t = a.wide_last_day * TX_DAY_S + a.clock_t_last;
    sp->anchor_hi_t = b.wide_first_day * TX_DAY_S + b.clock_t;
    sp->has_clock = a.has_clock || b.has_clock;
    sp->fixed_lo = tx_fixing(&a);
    sp->fixed_hi = tx_fixing(&b);
    sp->fixed_lo.fixed &= !sp->open_lo;
    sp->fixed_hi.fixed &= !sp->open_hi;
    sp->stated_lo_t = sp->anchor_lo_t;
    sp->stated_hi_t = sp->anchor_hi_t;
    if (!sp->open_lo && !sp->open_hi && !sp->fixed_lo.fixed && !sp->fixed_hi.fixed) {
        /* the written range must not run backwards in its own wide reading
         * (ends fixed by offsets are compared in UTC: tx_to_utc) */
        if (a.wide_first_day * TX_DAY_S + (a.has_clock ? a.clock_wide_lo_s : 0)
            > b.wide_last_day * TX_DAY_S + (b.has_clock ? b.clock_wide_hi_s : TX_DAY_S))
            return tx_fail(p, dots, NULL, "the range ends before it starts");
        if (sp->local_lo > sp->local_hi) {
            if (a.slipped || b.slipped) { /* say why: the weekday's day is the other reading */
                char why[KJ_TIMEX_MSG], slip[320];
                kj_weekday_slip_text(a.slipped ? &a.slip : &b.slip, slip, sizeof slip);
                snprintf(why, sizeof why, "its start may come after its end (%.200s)", slip);
                return tx_empty_span(p, dots, why);
            }
            return tx_empty_span(p, dots, "its start may come after its end");
        }
    }
    if (a.vague_days || a.has_clock || a.slipped || b.vague_days || b.has_clock || b.slipped)
        tx_add_rule(sp, "certain span: from the latest reading of the start to the earliest of the end");
    else
        tx_add_rule(sp, "range from the start of the first to the end of the second");
    tx_add_rule(sp, tx_wide_rule(a.date_wide_rule, a.date_rule));
    tx_add_rule(sp, tx_wide_rule(a.clock_wide_rule, a.clock_rule));
    tx_add_rule(sp, tx_wide_rule(b.date_wide_rule, b.date_rule));
    tx_add_rule(sp, tx_wide_rule(b.clock_wide_rule, b.clock_rule));
    return 0;
}

/* ---- zones and the reading text ------------------------------------------ */

static int tx_local_to_utc(kj_tz_cache *cache, const char *zone, int64_t local, int64_t *first, int64_t *last)
{
    int64_t day = tx_floor_div(local, TX_DAY_S), sec = local - day * TX_DAY_S;
    int y, m, d;
    kj_civil_from_days(day, &y, &m, &d);
    return kj_tz_local_to_utc_c(cache, zone, y, m, d, (int)(sec / 3600), (int)(sec / 60 % 60),
                                (int)(sec % 60), first, last);
}

static int tx_check_zones(tx_parser *p, const char *const *zones, int n_zones)
{
    char buf[128], hint[160];
    if (zones == NULL || n_zones < 1)
        return tx_fail(p, 0, NULL, "no time zone given");
    for (int i = 0; i < n_zones; i++) {
        if (zones[i] != NULL && kj_tz_valid_c(p->opts->tz_cache, zones[i]))
            continue;
        const char *s = zones[i] != NULL ? kj_tz_suggest(zones[i], buf, sizeof buf) : NULL;
        const char *h = kj_suggest_hint(s, hint, sizeof hint);
        return tx_fail(p, 0, h != NULL ? h : "write an IANA zone like 'Europe/Oslo' or 'UTC+01:00'",
                       "unknown time zone '%s'", zones[i] != NULL ? zones[i] : "(null)");
    }
    return 0;
}

/* Converts the span's local boundaries in every zone (see READING RULES).
 * Sets *clock_change when some boundary has two readings (bit 2: an
 * "about" reaches past the wall-clock window, bit 4: a skipped wall time
 * within it does).  An end with an offset written is not read in the
 * zones: its instant is its local time less the offset. */
static int tx_to_utc(tx_parser *p, const tx_span *sp, const char *const *zones, int n_zones,
                     kj_interval *when, int *clock_change)
{
    int narrow = p->reading == KJ_READ_NARROW;
    int zoned_lo = !sp->open_lo && !sp->fixed_lo.fixed, zoned_hi = !sp->open_hi && !sp->fixed_hi.fixed;
    when->lo = narrow ? KJ_TIME_MIN : KJ_TIME_MAX;
    when->hi = narrow ? KJ_TIME_MAX : KJ_TIME_MIN;
    *clock_change = 0;
    for (int i = 0; i < n_zones && (zoned_lo || zoned_hi); i++) {
        int64_t lf = 0, ll = 0, hf = 0, hl = 0;
        if ((zoned_lo && tx_local_to_utc(p->opts->tz_cache, zones[i], sp->local_lo, &lf, &ll) != 0)
            || (zoned_hi && tx_local_to_utc(p->opts->tz_cache, zones[i], sp->local_hi, &hf, &hl) != 0))
            return tx_fail(p, 0, NULL, "date out of range for time zone '%s'", zones[i]);
        *clock_change |= lf != ll || hf != hl;
        int64_t lo = narrow ? ll : lf, hi = narrow ? hf : hl, af, al, a = p->opts->about_clock_s;
        if (zoned_lo && sp->anchor_lo) {
            if (tx_local_to_utc(p->opts->tz_cache, zones[i], sp->anchor_lo_t, &af, &al) != 0)
                return tx_fail(p, 0, NULL, "date out of range for time zone '%s'", zones[i]);
            int64_t was = lo;
            if (narrow) lo = al + a > lo ? al + a : lo;
            else lo = af - a < lo ? af - a : lo;
            *clock_change |= (lo != was) << 1;
        }
        if (zoned_hi && sp->anchor_hi) {
            if (tx_local_to_utc(p->opts->tz_cache, zones[i], sp->anchor_hi_t, &af, &al) != 0)
                return tx_fail(p, 0, NULL, "date out of range for time zone '%s'", zones[i]);
            int64_t was = hi;
            if (narrow) hi = af - a < hi ? af - a : hi;
            else hi = al + a > hi ? al + a : hi;
            *clock_change |= (hi != was) << 1;
        }
        if (narrow) {
            /* the latest reading of any wall time the start may be, and
             * the earliest of any the end may be, skipped ones too */
            int64_t wlo = lo, whi = lo;
            if (zoned_lo && sp->start_from < sp->local_lo
                && kj_tz_skipped_hull_c(p->opts->tz_cache, zones[i], sp->start_from, sp->local_lo, &wlo, &whi)
                && whi > lo) {
                lo = whi;
                *clock_change |= 1;
            }
            wlo = whi = hi;
            if (zoned_hi && sp->end_to > sp->local_hi
                && kj_tz_skipped_hull_c(p->opts->tz_cache, zones[i], sp->local_hi, sp->end_to, &wlo, &whi)
                && wlo < hi) {
                hi = wlo;
                *clock_change |= 1;
            }
        } else {
            /* wall times within the window that a clock change skips have
             * readings beyond its ends' (a skipped day's noon); an end
             * fixed by its offset stays where it is (below) */
            int64_t llo = zoned_lo ? sp->local_lo : sp->local_hi - 3 * TX_DAY_S;
            int64_t lhi = zoned_hi ? sp->local_hi : sp->local_lo + 3 * TX_DAY_S;
            if (kj_tz_skipped_hull_c(p->opts->tz_cache, zones[i], llo, lhi, &lo, &hi))
                *clock_change |= 4;
        }
        when->lo = narrow ? (lo > when->lo ? lo : when->lo) : (lo < when->lo ? lo : when->lo);
        when->hi = narrow ? (hi < when->hi ? hi : when->hi) : (hi > when->hi ? hi : when->hi);
    }
    if (sp->open_lo)
        when->lo = KJ_TIME_MIN;
    else if (sp->fixed_lo.fixed)
        when->lo = sp->local_lo - sp->fixed_lo.offset_s;
    if (sp->open_hi)
        when->hi = KJ_TIME_MAX;
    else if (sp->fixed_hi.fixed)
        when->hi = sp->local_hi - sp->fixed_hi.offset_s;
    if (when->lo <= when->hi)
        return 0;
    /* ends in different frames were not compared as local times (tx_range) */
    if (sp->fixed_lo.fixed || sp->fixed_hi.fixed)
        return narrow ? tx_empty_span(p, 0, "its start may come after its end")
                      : tx_fail(p, 0, NULL, "the range ends before it starts");
    return tx_fail(p, 0, "use the wide reading, name one zone, or give the place a fixed offset ('UTC+01:00')",
                   "the narrow reading is empty: the readings in the given zones, "
                   "at the clock change or under the two zone databases do not overlap");
}

static void tx_format_offset(char *buf, size_t n, int offset_s)
{
    int a = offset_s < 0 ? -offset_s : offset_s;
    if (a % 60 != 0)
        snprintf(buf, n, "%c%02d:%02d:%02d", offset_s < 0 ? '-' : '+', a / 3600, a / 60 % 60, a % 60);
    else
        snprintf(buf, n, "%c%02d:%02d", offset_s < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* Formats local naive seconds: "1935-12-01 15:00[:SS]". */
static void tx_format_local(char *buf, size_t n, int64_t local, int open, const char *inf)
{
    if (open) {
        snprintf(buf, n, "%s", inf);
        return;
    }
    int64_t day = tx_floor_div(local, TX_DAY_S), sec = local - day * TX_DAY_S;
    int y, m, d;
    kj_civil_from_days(day, &y, &m, &d);
    int len = snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", y, m, d, (int)(sec / 3600),
                       (int)(sec / 60 % 60));
    if (sec % 60 != 0 && len > 0 && (size_t)len < n)
        snprintf(buf + len, n - (size_t)len, ":%02d", (int)(sec % 60));
}

/* "UTC+01:00", or "UTC+01:00 .. UTC+02:00" when the offset differs at
 * the two ends. */
static void tx_format_offsets(char *buf, size_t n, int lo_off, int hi_off)
{
    char a[16], b[16];
    tx_format_offset(a, sizeof a, lo_off);
    tx_format_offset(b, sizeof b, hi_off);
    if (lo_off == hi_off)
        snprintf(buf, n, "UTC%s", a);
    else
        snprintf(buf, n, "UTC%s .. UTC%s", a, b);
}

/* "Europe/Oslo, UTC+01:00" or "..., UTC+01:00 .. UTC+02:00" when the offset
 * differs at the two ends; where ICU's zone data and the system's differ,
 * both: "America/Mexico_City, UTC-05:00 (ICU) / UTC-06:00 (tzdata)", and
 * then returns 1. */
static int tx_format_zone(kj_tz_cache *cache, char *buf, size_t n, const char *zone, const kj_interval *w)
{
    int icu_lo = 0, icu_hi = 0, sys_lo = 0, sys_hi = 0;
    int64_t at_lo = w->lo > KJ_TIME_MIN ? w->lo : w->hi, at_hi = w->hi < KJ_TIME_MAX ? w->hi : w->lo;
    char a[48], b[48];
    int known = kj_tz_offsets_c(cache, zone, at_lo, &icu_lo, &sys_lo) & kj_tz_offsets_c(cache, zone, at_hi, &icu_hi, &sys_hi);
    if (known == 3 && (icu_lo != sys_lo || icu_hi != sys_hi)) {
        tx_format_offsets(a, sizeof a, icu_lo, icu_hi);
        tx_format_offsets(b, sizeof b, sys_lo, sys_hi);
        snprintf(buf, n, "%s, %s (ICU) / %s (tzdata)", zone, a, b);
        return 1;
    }
    int lo_off = 0, hi_off = 0;
    kj_tz_offset_c(cache, zone, at_lo, &lo_off);
    kj_tz_offset_c(cache, zone, at_hi, &hi_off);
    tx_format_offsets(a, sizeof a, lo_off, hi_off);
    snprintf(buf, n, "%s, %s", zone, a);
    return 0;
}

/* Copies src into a reading (KJ_TIMEX_READING bytes, which every reading
 * fits: see timex.h); ending with "..." only if that bound were broken. */
static void tx_copy_msg(char *dst, const char *src)
{
    size_t len = strlen(src);
    if (len < KJ_TIMEX_READING) {
        memcpy(dst, src, len + 1);
        return;
    }
    memcpy(dst, src, KJ_TIMEX_READING - 4);
    memcpy(dst + KJ_TIMEX_READING - 4, "...", 4);
}

/* Whether an offset written at the stated local instant `local` is one
 * that some zone of the place has at that instant (under either
 * database).  A UTC offset ("Z", "UTC", "+00:00") always is: it writes a
 * UTC timestamp, not the local offset.  Else sets *zone_off (ICU's
 * offset of the first zone, else the system's) for the warning. */
static int tx_offset_agrees(tx_parser *p, const tx_fix *f, int64_t local, const char *const *zones, int n_zones,
                            int *zone_off)
{
    if (f->utc)
        return 1;
    int west = 0, east = 0; /* a place with no tz has every offset (timex.h) */
    for (int i = 0; i < n_zones; i++) {
        west |= !strcmp(zones[i], KJ_ZONE_ANY_WEST);
        east |= !strcmp(zones[i], KJ_ZONE_ANY_EAST);
    }
    if (west && east && f->offset_s >= -16 * 3600 && f->offset_s <= 16 * 3600)
        return 1;
    int64_t utc = local - f->offset_s;
    for (int i = 0; i < n_zones; i++) {
        int icu = 0, sys = 0, known = kj_tz_offsets_c(p->opts->tz_cache, zones[i], utc, &icu, &sys);
        if (((known & 1) && icu == f->offset_s) || ((known & 2) && sys == f->offset_s))
            return 1;
        if (i == 0)
            *zone_off = (known & 1) ? icu : sys;
    }
    return 0;
}

/* Sets out->warning when an end's offset disagrees with the zones. */
static void tx_check_offsets(tx_parser *p, const tx_span *sp, const char *const *zones, int n_zones)
{
    const tx_fix *ends[2] = {&sp->fixed_lo, &sp->fixed_hi};
    const int64_t stated[2] = {sp->stated_lo_t, sp->stated_hi_t};
    const int open[2] = {sp->open_lo, sp->open_hi};
    for (int e = 0; e < 2 && p->out->warning[0] == '\0'; e++) {
        int zone_off = 0;
        if (open[e] || !ends[e]->fixed || tx_offset_agrees(p, ends[e], stated[e], zones, n_zones, &zone_off))
            continue;
        char written[16], zoned[16], at[40];
        tx_format_offset(written, sizeof written, ends[e]->offset_s);
        tx_format_offset(zoned, sizeof zoned, zone_off);
        tx_format_local(at, sizeof at, stated[e] - ends[e]->offset_s, 0, "");
        snprintf(p->out->warning, sizeof p->out->warning,
                 "offset %s is not the offset of %s%s at %s UTC (UTC%s): the offset written fixes the instant",
                 written, zones[0], n_zones > 1 ? " or the place's other zones" : "", at, zoned);
        p->out->warning_offset = (int)ends[e]->at;
    }
}

/* Writes `"TEXT" read as LO .. HI (ZONES): RULES` into out->reading. */
static void tx_describe(kj_tz_cache *cache, const char *text, const tx_span *sp, const char *const *zones,
                        int n_zones, int clock_change, kj_reading reading, kj_timex_result *out)
{
    char lo[40], hi[40], zone[256], msg[KJ_TIMEX_READING];
    int databases_differ = 0;
    tx_format_local(lo, sizeof lo, sp->local_lo, sp->open_lo, "-inf");
    tx_format_local(hi, sizeof hi, sp->local_hi, sp->open_hi, "+inf");
    size_t len = (size_t)snprintf(msg, sizeof msg, "\"%s\" read as %s .. %s (", text, lo, hi);
    /* an end fixed by its offset says so; the zones read the other (or both) */
    int fixed_lo = !sp->open_lo && sp->fixed_lo.fixed, fixed_hi = !sp->open_hi && sp->fixed_hi.fixed;
    int zoned = (!sp->open_lo && !fixed_lo) || (!sp->open_hi && !fixed_hi);
    char offs[48];
    const tx_fix *one = fixed_lo ? &sp->fixed_lo : &sp->fixed_hi;
    tx_format_offsets(offs, sizeof offs, one->offset_s, fixed_lo && fixed_hi ? sp->fixed_hi.offset_s : one->offset_s);
    const char *offs_s = fixed_lo && fixed_hi && sp->fixed_lo.offset_s != sp->fixed_hi.offset_s ? "s" : "";
    if (fixed_lo && len < sizeof msg)
        len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s, the offset%s written%s", zoned ? "start: " : "",
                                offs, offs_s, zoned ? "; end: " : "");
    else if (fixed_hi && zoned && len < sizeof msg)
        len += (size_t)snprintf(msg + len, sizeof msg - len, "start: ");
    for (int i = 0; zoned && i < n_zones && len < sizeof msg; i++) {
        databases_differ |= tx_format_zone(cache, zone, sizeof zone, zones[i], &out->when);
        len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s", i > 0 ? "; " : "", zone);
    }
    if (fixed_hi && !fixed_lo && len < sizeof msg)
        len += (size_t)snprintf(msg + len, sizeof msg - len, "%s%s, the offset written", zoned ? "; end: " : "", offs);
    if (len < sizeof msg)
        len += (size_t)snprintf(msg + len, sizeof msg - len, "): %s", sp->rules);
    if ((clock_change & 2) && len < sizeof msg) {
        /* an "about" time at a clock change: the wall-clock window above is
         * not all of it; say in UTC what is used */
        char ulo[40], uhi[40];
        tx_format_local(ulo, sizeof ulo, out->when.lo, out->when.lo <= KJ_TIME_MIN, "-inf");
        tx_format_local(uhi, sizeof uhi, out->when.hi, out->when.hi >= KJ_TIME_MAX, "+inf");
        len += (size_t)snprintf(msg + len, sizeof msg - len,
                                "; \"about\" is near either reading of the stated time at the clock change: %s .. %s UTC",
                                ulo, uhi);
    }
    if ((clock_change & 4) && !(clock_change & 2) && len < sizeof msg) {
        char ulo[40], uhi[40];
        tx_format_local(ulo, sizeof ulo, out->when.lo, out->when.lo <= KJ_TIME_MIN, "-inf");
        tx_format_local(uhi, sizeof uhi, out->when.hi, out->when.hi >= KJ_TIME_MAX, "+inf");
        len += (size_t)snprintf(msg + len, sizeof msg - len,
                                "; wall times in it that a clock change skips, read with the offsets before and "
                                "after it: %s .. %s UTC",
                                ulo, uhi);
    }
    if (clock_change && len < sizeof msg)
        snprintf(msg + len, sizeof msg - len, "; %s %s",
                 databases_differ ? "where the zone databases or a clock change read a local time two ways,"
                                  : "at a clock change",
                 reading == KJ_READ_NARROW ? "only the time common to both readings"
                                           : "every reading of the local time");
    tx_copy_msg(out->reading, msg);
}

/* (not a memset: a reading is 8 KB, and an import reads a time per row) */
static void tx_result_init(kj_timex_result *out)
{
    out->when.lo = out->when.hi = 0;
    out->has_clock = 0;
    out->reading[0] = out->error[0] = out->hint[0] = out->warning[0] = '\0';
    out->error_offset = out->warning_offset = 0;
    out->n_offsets = 0;
    out->n_slips = 0;
}

static tx_parser tx_parser_make(const char *text, kj_reading reading, const kj_readopts *opts,
                                kj_timex_result *out)
{
    tx_parser p = {.s = text, .end = strlen(text), .reading = reading, .opts = opts, .out = out};
    return p;
}

/* Converts a local span in the zones and fills out.  Returns 0 or -1. */
static int tx_finish(tx_parser *p, const char *text, const tx_span *sp,
                     const char *const *zones, int n_zones)
{
    int clock_change;
    if (tx_check_zones(p, zones, n_zones) != 0
        || tx_to_utc(p, sp, zones, n_zones, &p->out->when, &clock_change) != 0)
        return -1;
    tx_check_offsets(p, sp, zones, n_zones);
    const tx_fix *ends[2] = {&sp->fixed_lo, &sp->fixed_hi};
    int open[2] = {sp->open_lo, sp->open_hi};
    for (int e = 0; e < 2; e++)
        if (!open[e] && ends[e]->fixed && !(p->out->n_offsets == 1 && p->out->offsets_s[0] == ends[e]->offset_s))
            p->out->offsets_s[p->out->n_offsets++] = ends[e]->offset_s;
    p->out->has_clock = sp->has_clock;
    tx_describe(p->opts->tz_cache, text, sp, zones, n_zones, clock_change, p->reading, p->out);
    return 0;
}

void kj_readopts_default(kj_readopts *o)
{
    o->about_pct = 50;
    o->about_clock_s = 3600;
    o->about_day_s = 7 * TX_DAY_S;
    o->about_month_s = 15 * TX_DAY_S;
    o->about_year = 1;
    o->date_order = KJ_DATE_ORDER_NONE;
    o->tz_cache = NULL;
}

/* The first occurrence of the word w at or after `from` (a whole word,
 * any case), or -1. */
static long tx_find_word(const char *s, size_t from, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = from; s[i] != '\0'; i++)
        if ((i == 0 || !isalnum((unsigned char)s[i - 1])) && strncasecmp(s + i, w, n) == 0
            && !isalnum((unsigned char)s[i + n]))
            return (long)i;
    return -1;
}

/* range-phrase := "between" side "and" side | "from" side ("until" | "till"
 *                 | "to") side | ("until" | "till") side | "from" side
 * Sets cut and returns 1 when the text is one; a single "from A" is the
 * cut with an empty first side ending where the second starts.  Returns 0
 * otherwise, and also when it is one badly written (out->error set). */
static int tx_phrase_range(tx_parser *p, tx_cut *cut)
{
    const char *s = p->s;
    size_t len = strlen(s), at = 0;
    while (isspace((unsigned char)s[at]))
        at++;
    static const char *const untils[] = {"until", "till", "to"};
    long between = tx_find_word(s, at, "between");
    if (between >= 0) {
        long and = tx_find_word(s, (size_t)between + 7, "and");
        if (and < 0) {
            tx_fail(p, (size_t)between, "write e.g. 'between 3 and 4 p.m. on 10 October 1933'", "'between' needs an 'and'");
            return 0;
        }
        *cut = (tx_cut){(size_t)between + 7, (size_t)and, (size_t)and + 3, len, (size_t)and, 1, at, (size_t)between};
        return 1;
    }
    long from_at = tx_find_word(s, at, "from");
    int from = from_at >= 0;
    size_t after = from ? (size_t)from_at + 4 : at;
    /* a date before "from" is both ends' ("10 October 1933, from 9 p.m. until 11 p.m.") */
    size_t d0 = from ? at : 0, d1 = from ? (size_t)from_at : 0;
    for (size_t i = 0; i < TX_COUNT(untils); i++) {
        long u = tx_find_word(s, after, untils[i]);
        if (u < 0 || (!from && u != (long)at) || (i == 2 && !from))
            continue;
        size_t b0 = (size_t)u + strlen(untils[i]);
        *cut = (tx_cut){after, (size_t)u, b0, len, (size_t)u, 1, d0, d1};
        return 1;
    }
    if (from && d1 == d0) {
        *cut = (tx_cut){after, after, after, len, after, 1, 0, 0};
        return 1;
    }
    if (from) {
        tx_fail(p, (size_t)from_at, "write e.g. '10 October 1933 from 9 p.m. until 11 p.m.', or the date after 'from'",
                "'from' after a date needs an 'until'");
        return 0;
    }
    return 0;
}

int kj_timex_parse(const char *text, const char *const *zones, int n_zones,
                   kj_reading reading, const kj_readopts *opts, kj_timex_result *out)
{
    kj_readopts defaults;
    kj_readopts_default(&defaults);
    tx_result_init(out);
    if (text == NULL)
        text = "";
    tx_parser p = tx_parser_make(text, reading, opts != NULL ? opts : &defaults, out);
    tx_span sp = {0};
    long dots = tx_range_dots(text);
    if (dots >= 0 && tx_ampm_then_open(text, (size_t)dots))
        return tx_fail(&p, (size_t)dots, "drop the extra dot for the time, or put a space before '..' for a range open at its end",
                       "'%.*s' may be a time written with its last dot, or a range open at its end",
                       (int)strlen(text), text);
    size_t len = strlen(text);
    tx_cut cut = {0, (size_t)dots, (size_t)dots + 2, len, (size_t)dots, 0, 0, 0};
    int rc;
    if (dots < 0 && tx_phrase_range(&p, &cut)) {
        rc = cut.a0 == cut.a1 && cut.sep == cut.a1 && cut.b0 == cut.sep ? tx_single(&p, &sp, cut.b0)
                                                                          : tx_range(&p, &sp, cut);
        if (rc != 0 && out->hint[0] == '\0' && (size_t)out->error_offset >= cut.b0 && cut.b0 > cut.a1
            && strncmp(out->error, "unexpected '", 12) == 0)
            snprintf(out->hint, sizeof out->hint, "an end that is not a time (\"until closing\") cannot be read: write "
                     "the time it was, or leave the end out (\"from 9 p.m. on 14 March 2024\")");
    } else if (p.out->error[0] != '\0')
        return -1;
    else
        rc = dots >= 0 ? tx_range(&p, &sp, cut) : tx_single(&p, &sp, 0);
    if (rc != 0) {
        /* "a week after the meeting", "a few days later": a time counted
         * from another event is a sequence clause of the claim */
        if (tx_find_word(text, 0, "later") >= 0 || (tx_find_word(text, 0, "after") > 0 && (tx_find_word(text, 0, "day") >= 0
            || tx_find_word(text, 0, "days") >= 0 || tx_find_word(text, 0, "week") >= 0 || tx_find_word(text, 0, "weeks") >= 0
            || tx_find_word(text, 0, "hours") >= 0)))
            snprintf(out->hint, sizeof out->hint, "a time counted from another event is a sequence clause of the claim, "
                     "after its times: '\"a week\" after CLAIM' or '\"a few days\" later' (case-language.md §4.9)");
        return -1;
    }
    return tx_finish(&p, text, &sp, zones, n_zones);
}

/* Parses text as a time of day alone into sd. */
static int tx_clock_only(tx_parser *p, tx_side *sd)
{
    if (tx_side_parse(p, 0, strlen(p->s), sd) != 0)
        return -1;
    if (sd->has_days)
        return tx_fail(p, 0, NULL, "expected only a time of day");
    if (!sd->has_clock)
        return tx_fail(p, 0, NULL, "expected a time of day");
    return tx_narrow_one_reading(p, sd);
}

int kj_clock_parse(const char *text, kj_reading reading, const kj_readopts *opts,
                   int64_t *lo_s, int64_t *hi_s, kj_timex_result *out)
{
    kj_readopts defaults;
    kj_readopts_default(&defaults);
    tx_result_init(out);
    tx_parser p = tx_parser_make(text, reading, opts != NULL ? opts : &defaults, out);
    tx_side sd;
    if (tx_clock_only(&p, &sd) != 0)
        return -1;
    if (sd.has_offset) /* a window after local midnight has no room for it */
        return tx_fail(&p, sd.offset_at, "write the date with it, e.g. '2024-03-14T21:00Z'",
                       "a time of day with a UTC offset needs a date");
    *lo_s = sd.clock_lo_s;
    *hi_s = sd.clock_hi_s;
    char lo[32], hi[32];
    tx_clock_span(lo, sizeof lo, sd.clock_lo_s);
    tx_clock_span(hi, sizeof hi, sd.clock_hi_s);
    char msg[KJ_TIMEX_READING];
    snprintf(msg, sizeof msg, "\"%s\" read as %s .. %s (%s)", text, lo, hi, sd.clock_rule);
    tx_copy_msg(out->reading, msg);
    out->has_clock = 1;
    return 0;
}

int kj_timex_clock_on_day(const char *text, int year, int month, int day,
                          const char *const *zones, int n_zones, kj_reading reading,
                          const kj_readopts *opts, kj_timex_result *out)
{
    kj_readopts defaults;
    kj_readopts_default(&defaults);
    tx_result_init(out);
    tx_parser p = tx_parser_make(text, reading, opts != NULL ? opts : &defaults, out);
    tx_side sd;
    if (tx_clock_only(&p, &sd) != 0)
        return -1;
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1
        || day > tx_days_in_month(year, month))
        return tx_fail(&p, 0, NULL, "no such day %04d-%02d-%02d", year, month, day);
    sd.has_days = 1;
    sd.first_day = sd.last_day = kj_days_from_civil(year, month, day);
    tx_span sp = {0};
    tx_span_from(&sp, &sd, &sd, NULL);
    tx_add_rule(&sp, sd.clock_rule);
    return tx_finish(&p, text, &sp, zones, n_zones);
}

/* ---- formatting ----------------------------------------------------------- */

/* Returns buf (caller-owned). */
char *kj_time_format(int64_t utc_s, const char *zone, char *buf, size_t n)
{
    return kj_time_format_c(NULL, utc_s, zone, buf, n);
}

char *kj_time_format_c(kj_tz_cache *cache, int64_t utc_s, const char *zone, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    if (utc_s <= KJ_TIME_MIN || utc_s >= KJ_TIME_MAX) {
        snprintf(buf, n, "%s", utc_s <= KJ_TIME_MIN ? "-inf" : "+inf");
        return buf;
    }
    const int64_t limit = INT64_C(253402300800); /* 10000-01-01 */
    if (utc_s < -INT64_C(62135596800) - TX_DAY_S || utc_s > limit + TX_DAY_S) {
        snprintf(buf, n, "@%" PRId64, utc_s);
        return buf;
    }
    int offset_s = 0;
    int known = zone != NULL && kj_tz_offset_c(cache, zone, utc_s, &offset_s) == 0;
    char local[40], off[16];
    tx_format_local(local, sizeof local, utc_s + offset_s, 0, "");
    tx_format_offset(off, sizeof off, offset_s);
    snprintf(buf, n, "%s %s", local, known ? off : "UTC");
    return buf;
}

/* Returns buf (caller-owned). */
char *kj_duration_format(int64_t s, char *buf, size_t n)
{
    static const struct { int64_t size; const char *one, *many; } units[] = {
        {86400, "day", "days"}, {3600, "h", "h"}, {60, "min", "min"}, {1, "s", "s"}};
    if (n == 0)
        return buf;
    if (s >= KJ_TIME_MAX || s <= KJ_TIME_MIN) {
        snprintf(buf, n, "%s", s > 0 ? "+inf" : "-inf");
        return buf;
    }
    /* exact: every non-zero unit, largest first (a margin is a proof's
     * number and must not be rounded) */
    int64_t a = s < 0 ? -s : s;
    size_t len = (size_t)snprintf(buf, n, "%s", s < 0 ? "-" : "");
    int any = 0;
    for (size_t i = 0; i < 4; i++) {
        int64_t q = a / units[i].size;
        a %= units[i].size;
        if (q == 0 && !(i == 3 && !any)) continue;
        if (len < n)
            len += (size_t)snprintf(buf + len, n - len, "%s%" PRId64 " %s", any ? " " : "", q,
                                    q == 1 ? units[i].one : units[i].many);
        any = 1;
    }
    return buf;
}

/* ---- durations ----------------------------------------------------------- */

#define TX_MICRO INT64_C(1000000)
#define TX_DURATION_MAX_US (INT64_C(1000000000) * 1000000000) /* ~31 700 years */

typedef enum { TX_EXACT, TX_ABOUT, TX_AT_MOST, TX_AT_LEAST } tx_qualifier;

static const char *const TX_UNIT_WORDS[] = {
    "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr",
    "hrs", "hour", "hours", "day", "days", "week", "weeks"};

/* unit := one of TX_UNIT_WORDS.  Sets *unit_s; returns 0 or -1. */
static int tx_unit(tx_parser *p, int64_t *unit_s)
{
    static const int64_t sizes[] = {1, 1, 1, 1, 1, 60, 60, 60, 60, 3600, 3600,
                                    3600, 3600, 3600, 86400, 86400, 604800, 604800};
    tx_skip_ws(p);
    size_t at = p->pos, n = tx_word_len(p, at);
    for (size_t i = 0; i < TX_COUNT(TX_UNIT_WORDS); i++) {
        if (n > 0 && tx_word_is(p, at, n, TX_UNIT_WORDS[i])) {
            p->pos += n;
            *unit_s = sizes[i];
            return 0;
        }
    }
    char hint[64];
    if (n == 0)
        return tx_fail(p, at, "units: s, min, h, days, weeks", "expected a unit, found '%.*s'",
                       (int)tx_token_len(p, at), p->s + at);
    return tx_fail(p, at, tx_suggest(TX_UNIT_WORDS, TX_COUNT(TX_UNIT_WORDS), p->s + at, n,
                                      hint, sizeof hint),
                   "unknown unit '%.*s'", (int)n, p->s + at);
}

/* number-word := "a" | "an" | one..twenty | (twenty|...|ninety) ["-"|" "] one..nine */
static int tx_number_word(tx_parser *p, int64_t *micro)
{
    static const char *const small[] = {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"};
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty",
                                       "sixty", "seventy", "eighty", "ninety"};
    size_t at = p->pos, n = tx_word_len(p, at);
    if (tx_word_is(p, at, n, "a") || tx_word_is(p, at, n, "an")) {
        p->pos += n;
        *micro = TX_MICRO;
        return 1;
    }
    for (int i = 0; i < 20; i++) {
        if (tx_word_is(p, at, n, small[i])) {
            p->pos += n;
            *micro = i * TX_MICRO;
            return 1;
        }
    }
    for (int t = 0; t < 8; t++) {
        if (!tx_word_is(p, at, n, tens[t]))
            continue;
        p->pos += n;
        int64_t value = (t + 2) * 10;
        size_t save = p->pos;
        if (tx_ch(p, p->pos) == '-' || tx_ch(p, p->pos) == ' ')
            p->pos++;
        size_t u = tx_word_len(p, p->pos);
        int k;
        for (k = 1; k < 10 && !tx_word_is(p, p->pos, u, small[k]); k++)
            ;
        if (k < 10) {
            p->pos += u;
            value += k;
        } else {
            p->pos = save;
        }
        *micro = value * TX_MICRO;
        return 1;
    }
    return 0;
}

/* Rejects "a few", "several", "a couple of", "many". */
static int tx_vague_amount(tx_parser *p)
{
    static const char *const vague[] = {"few", "several", "couple", "many"};
    size_t save = p->pos;
    tx_accept(p, "a");
    tx_skip_ws(p);
    size_t at = p->pos, n = tx_word_len(p, at);
    p->pos = save;
    for (size_t i = 0; i < TX_COUNT(vague); i++)
        if (tx_word_is(p, at, n, vague[i]))
            return tx_fail(p, at, "write a number, or 'at most ...' / 'at least ...'",
                           "'%s' is too vague to read as a number", vague[i]);
    return 0;
}

/* number := DIGITS ["." DIGITS] | number-word.  *micro = value * 10^6. */
static int tx_number(tx_parser *p, int64_t *micro)
{
    tx_skip_ws(p);
    size_t at = p->pos, n = tx_word_len(p, at);
    if (tx_vague_amount(p) != 0)
        return -1;
    if (n > 0 && tx_number_word(p, micro))
        return 0;
    int64_t whole, frac = 0;
    int digits = tx_digits(p, &whole);
    if (digits == 0)
        return tx_fail(p, at, NULL, "expected a number, found '%.*s'",
                       (int)tx_token_len(p, at), p->s + at);
    if (digits > 6)
        return tx_fail(p, at, NULL, "number '%.*s' is too large", digits, p->s + at);
    int64_t scale = TX_MICRO;
    if (tx_ch(p, p->pos) == '.' && isdigit((unsigned char)tx_ch(p, p->pos + 1))) {
        p->pos++;
        for (; isdigit((unsigned char)tx_ch(p, p->pos)); p->pos++) {
            if (scale > 1) {
                scale /= 10;
                frac += (p->s[p->pos] - '0') * scale;
            }
        }
    }
    *micro = whole * TX_MICRO + frac;
    return 0;
}

/* amount := "half" ("a"|"an") unit
 *         | number ["and a half"] unit ["and a half"]
 * Adds the amount in microseconds to *total_us. */
static int tx_amount(tx_parser *p, int64_t *total_us)
{
    int64_t micro = 0, unit_s = 1;
    int half = 0;
    size_t save = p->pos;
    if (tx_accept(p, "half") && (tx_accept(p, "an") || tx_accept(p, "a"))) {
        micro = TX_MICRO / 2;
    } else {
        p->pos = save;
        if (tx_number(p, &micro) != 0)
            return -1;
        half = tx_accept_phrase(p, "and a half");
    }
    if (tx_unit(p, &unit_s) != 0)
        return -1;
    half = half || tx_accept_phrase(p, "and a half");
    micro += half ? TX_MICRO / 2 : 0;
    *total_us += micro * unit_s;
    if (*total_us > TX_DURATION_MAX_US)
        return tx_fail(p, p->pos, NULL, "duration is too long");
    return 0;
}

static tx_qualifier tx_duration_qualifier(tx_parser *p)
{
    static const char *const about[] = {"about", "approximately", "approx", "around",
                                        "roughly", "circa", "ca", "c", "some"};
    if (tx_accept_phrase(p, "at most") || tx_accept_phrase(p, "no more than")
        || tx_accept_phrase(p, "up to"))
        return TX_AT_MOST;
    if (tx_accept_phrase(p, "at least") || tx_accept_phrase(p, "no less than"))
        return TX_AT_LEAST;
    for (size_t i = 0; i < TX_COUNT(about); i++) {
        size_t save = p->pos;
        if (!tx_accept(p, about[i]))
            continue;
        if (tx_ch(p, p->pos) == '.')
            p->pos++;
        else if (strlen(about[i]) <= 2) {
            p->pos = save;
            continue;
        }
        return TX_ABOUT;
    }
    return TX_EXACT;
}

/* x * num / den rounded down (up when `up`), for x >= 0, without overflow
 * for num, den <= 1000. */
static int64_t tx_scale(int64_t x, int64_t num, int64_t den, int up)
{
    int64_t q = x / den, r = x % den;
    int64_t rest = r * num;
    return q * num + rest / den + (up && rest % den != 0);
}

static int64_t tx_us_to_s(int64_t us, int up)
{
    return us / TX_MICRO + (up && us % TX_MICRO != 0);
}

/* Applies the qualifier to total_us; writes the rule. */
static void tx_duration_bounds(tx_qualifier q, int64_t total_us, int pct, int64_t *min_s,
                               int64_t *max_s, char *rule, size_t n)
{
    int64_t lo_us = total_us, hi_us = total_us;
    rule[0] = '\0';
    if (q == TX_ABOUT) {
        int64_t p = pct < 0 ? 0 : pct > 500 ? 500 : pct;
        lo_us = p >= 100 ? 0 : tx_scale(total_us, 100 - p, 100, 0);
        hi_us = tx_scale(total_us, 100 + p, 100, 1);
        snprintf(rule, n, "about = \xc2\xb1%d%%, option about", (int)p);
    } else if (q == TX_AT_MOST) {
        lo_us = 0;
        snprintf(rule, n, "at most");
    } else if (q == TX_AT_LEAST) {
        snprintf(rule, n, "at least");
    } else {
        snprintf(rule, n, "exact");
    }
    *min_s = tx_us_to_s(lo_us, 0);
    *max_s = q == TX_AT_LEAST ? INT64_MAX : tx_us_to_s(hi_us, 1);
    if (q == TX_EXACT && *min_s != *max_s)
        snprintf(rule, n, "exact, rounded outward to whole seconds");
}

/* duration := [qualifier] amount { ["and" | ","] amount } */
static int tx_duration(tx_parser *p, tx_qualifier *q, int64_t *total_us)
{
    *q = tx_duration_qualifier(p);
    *total_us = 0;
    do {
        if (tx_amount(p, total_us) != 0)
            return -1;
        tx_skip_ws(p);
        if (tx_ch(p, p->pos) == ',')
            p->pos++;
        tx_accept(p, "and");
        tx_skip_ws(p);
    } while (!tx_at_end(p));
    return 0;
}

int kj_duration_parse(const char *text, const kj_readopts *opts,
                      int64_t *min_s, int64_t *max_s, kj_timex_result *out)
{
    kj_readopts defaults;
    kj_readopts_default(&defaults);
    tx_result_init(out);
    tx_parser p = tx_parser_make(text, KJ_READ_WIDE, opts != NULL ? opts : &defaults, out);
    tx_qualifier q;
    int64_t total_us;
    if (tx_duration(&p, &q, &total_us) != 0)
        return -1;
    char rule[64], lo[32], hi[32], msg[KJ_TIMEX_READING];
    tx_duration_bounds(q, total_us, p.opts->about_pct, min_s, max_s, rule, sizeof rule);
    out->when.lo = *min_s;
    out->when.hi = *max_s;
    kj_duration_format(*min_s, lo, sizeof lo);
    kj_duration_format(*max_s, hi, sizeof hi);
    if (*min_s == *max_s)
        snprintf(msg, sizeof msg, "\"%s\" read as %s (%s)", text, lo, rule);
    else
        snprintf(msg, sizeof msg, "\"%s\" read as %s .. %s (%s)", text, lo, hi, rule);
    tx_copy_msg(out->reading, msg);
    return 0;
}
