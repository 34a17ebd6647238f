/* tz — time zones through two databases: ICU's and the system's.
 *
 * Input: a zone name (an IANA id known to ICU or to the system's tzdata, or
 * a fixed offset written "UTC+01:00" / "UTC-05" / "UTC+00:19:32") and a
 * local wall time or a UTC instant.  Output: UTC seconds, UTC offsets,
 * validity, did-you-mean hints.
 *
 * Charity: a local time is read under every zone database we
 * have, and the union of the readings is kept.  kj_tz_local_to_utc_c gives
 * the earliest and latest UTC reading under ICU's data (ucal_getTZDataVersion,
 * 2022e on Debian 12) and the system's TZif files (tzif.c, the tzdata
 * package's version): a claim's wide reading thus spans every database's
 * reading, a fact's narrow reading keeps what they all have in common.
 * A zone known to one database only is read under that one.  Offsets for
 * display (kj_tz_offset) are ICU's where ICU knows the zone.
 *
 * This file holds no offset table.  A fixed-offset zone is handled here by
 * arithmetic because ICU's custom "GMT+hh:mm" ids cannot express seconds
 * (Amsterdam's +00:19:32 before 1937).  Uncached calls open and close their
 * own calendar and zone file, so the module is reentrant; caches live in
 * kj_tz_cache objects, one per case (one thread at a time).  The calendar
 * is proleptic Gregorian (the Julian switch is moved to before year 1).
 */
#include "calendar.h"
#include "suggest.h"
#include "tz.h"
#include "tzif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#define TZ_ID_MAX 128
/* Earlier than any date we handle: makes ICU's calendar proleptic Gregorian. */
#define TZ_PROLEPTIC_CHANGE_MS (-1.8e17)

static int64_t tz_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* fixed-offset := ("UTC" | "GMT") ("+" | "-") H[H] [":" MM [":" SS]]
 * Returns 1 and sets *offset_s when zone is such an id, else 0. */
static int tz_fixed_offset(const char *zone, int *offset_s)
{
    if (strncmp(zone, "UTC", 3) != 0 && strncmp(zone, "GMT", 3) != 0)
        return 0;
    const char *p = zone + 3;
    if (*p != '+' && *p != '-')
        return 0;
    int32_t v;
    p = kj_tzif_hms(p, 23, 2, &v); /* (the sign is required above) */
    if (p == NULL || *p != '\0')
        return 0;
    *offset_s = (int)v;
    return 1;
}

/* Opens a proleptic Gregorian calendar in zone.  Returns NULL when ICU fails;
 * the caller owns the calendar (ucal_close). */
static UCalendar *tz_open(const char *zone)
{
    UChar id[TZ_ID_MAX];
    if (strlen(zone) >= TZ_ID_MAX)
        return NULL;
    u_uastrcpy(id, zone);
    UErrorCode st = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(id, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
    if (U_FAILURE(st))
        return NULL;
    ucal_setGregorianChange(cal, TZ_PROLEPTIC_CHANGE_MS, &st);
    if (U_FAILURE(st)) {
        ucal_close(cal);
        return NULL;
    }
    return cal;
}

#define TZ_CACHE_SLOTS 32

#define TZ_DAY_SLOTS 4096 /* direct-mapped, per zone */

/* A local day with one UTC offset throughout: its midnight in UTC. */
typedef struct tz_day {
    int64_t day1;  /* days since 1970-01-01, plus 1 (0: empty) */
    int64_t utc0;  /* UTC seconds of its 00:00 */
    int fixed;     /* one offset all day, the same in both databases */
} tz_day;

/* A zone under both databases: either may be NULL (not known to it). */
typedef struct tz_zone {
    UCalendar *cal; /* ICU */
    kj_tzif *sys;   /* the system's TZif file */
    int slot;       /* its slot in the cache, or -1: the caller releases it */
} tz_zone;

struct kj_tz_cache {
    int n;
    char zone[TZ_CACHE_SLOTS][TZ_ID_MAX];
    UCalendar *cal[TZ_CACHE_SLOTS]; /* NULL: not an ICU zone */
    kj_tzif *sys[TZ_CACHE_SLOTS];   /* NULL: not a system zone */
    tz_day *days[TZ_CACHE_SLOTS];   /* allocated on first use */
};

kj_tz_cache *kj_tz_cache_new(void)
{
    return calloc(1, sizeof(kj_tz_cache));
}

void kj_tz_cache_free(kj_tz_cache *cache)
{
    if (cache == NULL)
        return;
    for (int i = 0; i < cache->n; i++) {
        if (cache->cal[i] != NULL)
            ucal_close(cache->cal[i]);
        kj_tzif_free(cache->sys[i]);
        free(cache->days[i]);
    }
    free(cache);
}

static int tz_icu_known(const char *zone);

static void tz_release(tz_zone *z)
{
    if (z->slot >= 0)
        return;
    if (z->cal != NULL)
        ucal_close(z->cal);
    kj_tzif_free(z->sys);
    z->cal = NULL;
    z->sys = NULL;
}

/* The zone under both databases, from the cache when there is one (then
 * z->slot >= 0); else the caller calls tz_release.  Returns whether either
 * database knows the zone. */
static int tz_acquire(kj_tz_cache *cache, const char *zone, tz_zone *z)
{
    z->slot = -1;
    z->cal = NULL;
    z->sys = NULL;
    if (strlen(zone) >= TZ_ID_MAX)
        return 0;
    if (cache != NULL) {
        for (int i = 0; i < cache->n; i++)
            if (strcmp(cache->zone[i], zone) == 0) {
                z->slot = i;
                z->cal = cache->cal[i];
                z->sys = cache->sys[i];
                return z->cal != NULL || z->sys != NULL;
            }
    }
    z->cal = tz_icu_known(zone) ? tz_open(zone) : NULL;
    z->sys = kj_tzif_load(KJ_ZONEINFO_DIR, zone);
    if (cache != NULL && cache->n < TZ_CACHE_SLOTS) {
        strcpy(cache->zone[cache->n], zone);
        cache->cal[cache->n] = z->cal;
        cache->sys[cache->n] = z->sys;
        z->slot = cache->n++;
    }
    return z->cal != NULL || z->sys != NULL;
}

int kj_tz_valid_c(kj_tz_cache *cache, const char *zone)
{
    int offset_s;
    if (zone == NULL || strlen(zone) >= TZ_ID_MAX)
        return 0;
    if (tz_fixed_offset(zone, &offset_s))
        return 1;
    if (cache == NULL) { /* the cheap question first */
        if (tz_icu_known(zone))
            return 1;
        kj_tzif *sys = kj_tzif_load(KJ_ZONEINFO_DIR, zone);
        kj_tzif_free(sys);
        return sys != NULL;
    }
    tz_zone z;
    int known = tz_acquire(cache, zone, &z);
    tz_release(&z);
    return known;
}

int kj_tz_valid(const char *zone)
{
    return kj_tz_valid_c(NULL, zone);
}

/* Whether ICU knows zone as one of its system zones. */
static int tz_icu_known(const char *zone)
{
    if (zone == NULL || strlen(zone) >= TZ_ID_MAX)
        return 0;
    UChar id[TZ_ID_MAX], canon[TZ_ID_MAX];
    u_uastrcpy(id, zone);
    UErrorCode st = U_ZERO_ERROR;
    UBool is_system = 0;
    int32_t n = ucal_getCanonicalTimeZoneID(id, -1, canon, TZ_ID_MAX, &is_system, &st);
    if (U_FAILURE(st) || !is_system || n <= 0)
        return 0;
    char name[TZ_ID_MAX];
    u_austrncpy(name, canon, TZ_ID_MAX - 1);
    name[TZ_ID_MAX - 1] = '\0';
    return strcmp(name, "Etc/Unknown") != 0;
}

/* UTC seconds for a wall time read with the given policies (ICU attributes). */
static int tz_read_wall(UCalendar *cal, UCalendarWallTimeOption option, int year,
                        int month, int day, int hour, int minute, int second, int64_t *out)
{
    UErrorCode st = U_ZERO_ERROR;
    ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, option);
    ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME, option);
    ucal_clear(cal);
    ucal_setDateTime(cal, year, month - 1, day, hour, minute, second, &st);
    ucal_set(cal, UCAL_MILLISECOND, 0);
    UDate ms = ucal_getMillis(cal, &st);
    if (U_FAILURE(st))
        return -1;
    *out = tz_floor_div((int64_t)ms, 1000);
    return 0;
}

/* Whether the zone has no transition in (lo_s, hi_s), UTC seconds: two
 * changes of offset that cancel within a day keep the midnights 24 h
 * apart, and only the zone's transitions tell. */
static int no_transition(UCalendar *cal, int64_t lo_s, int64_t hi_s)
{
    UErrorCode st = U_ZERO_ERROR;
    ucal_setMillis(cal, (UDate)lo_s * 1000.0, &st);
    UDate next = 0;
    UBool found = ucal_getTimeZoneTransitionDate(cal, UCAL_TZ_TRANSITION_NEXT, &next, &st);
    if (U_FAILURE(st))
        return 0;
    return !found || next >= (UDate)hi_s * 1000.0;
}

/* ICU's earliest and latest readings of a wall time.  FIRST/LAST give the
 * two readings of a repeated wall time, and the before/after-gap readings
 * of a skipped one (in some order). */
static int icu_readings(UCalendar *cal, int year, int month, int day, int hour, int minute, int second,
                        int64_t *first, int64_t *last)
{
    int64_t a, b;
    if (tz_read_wall(cal, UCAL_WALLTIME_FIRST, year, month, day, hour, minute, second, &a) != 0
        || tz_read_wall(cal, UCAL_WALLTIME_LAST, year, month, day, hour, minute, second, &b) != 0)
        return -1;
    *first = a < b ? a : b;
    *last = a < b ? b : a;
    return 0;
}

/* The system database's readings of the same wall time (any fields that
 * the local seconds can carry: ICU rolls 25:00 over, and so does this). */
static int sys_readings(const kj_tzif *sys, int year, int month, int day, int hour, int minute, int second,
                        int64_t *first, int64_t *last)
{
    int64_t local = kj_days_from_civil(year, month, day) * 86400 + (int64_t)hour * 3600 + (int64_t)minute * 60
                    + second;
    return kj_tzif_local_to_utc(sys, local, first, last);
}

/* Whether one database has the local day at one UTC offset throughout:
 * its two midnights each read one way, 24 h apart, with no transition
 * between them.  *utc0: the first midnight in UTC. */
static int icu_fixed_day(UCalendar *cal, int year, int month, int day, int ny, int nm, int nd, int64_t *utc0)
{
    int64_t f0, l0, f1, l1;
    *utc0 = 0;
    if (icu_readings(cal, year, month, day, 0, 0, 0, &f0, &l0) != 0
        || icu_readings(cal, ny, nm, nd, 0, 0, 0, &f1, &l1) != 0)
        return 0;
    *utc0 = f0;
    return f0 == l0 && f1 == l1 && f1 - f0 == 86400 && no_transition(cal, f0, f1);
}

static int sys_fixed_day(const kj_tzif *sys, int64_t dn, int64_t *utc0)
{
    int64_t f0, l0, f1, l1, next;
    *utc0 = 0;
    if (kj_tzif_local_to_utc(sys, dn * 86400, &f0, &l0) != 0
        || kj_tzif_local_to_utc(sys, (dn + 1) * 86400, &f1, &l1) != 0)
        return 0;
    *utc0 = f0;
    return f0 == l0 && f1 == l1 && f1 - f0 == 86400 && !(kj_tzif_next_transition(sys, f0, &next) && next < f1);
}

/* Whether the local day has one UTC offset throughout in every database
 * that knows the zone, the same in each (then its times are plain
 * arithmetic from *utc0, its midnight in UTC, and the databases are asked
 * once per day, not twice per time).  Cached per zone. */
static int fixed_day(kj_tz_cache *cache, const tz_zone *z, int year, int month, int day, int64_t *utc0)
{
    int slot = z->slot;
    if (slot < 0)
        return 0;
    if (!cache->days[slot])
        cache->days[slot] = calloc(TZ_DAY_SLOTS, sizeof(tz_day));
    int64_t dn = kj_days_from_civil(year, month, day);
    int vy, vm, vd; /* a real date (ICU would roll 30 February over) */
    kj_civil_from_days(dn, &vy, &vm, &vd);
    if (!cache->days[slot] || vy != year || vm != month || vd != day)
        return 0;
    tz_day *e = &cache->days[slot][(uint64_t)dn & (TZ_DAY_SLOTS - 1)];
    if (e->day1 != dn + 1) {
        int ny, nm, nd;
        int64_t icu0 = 0, sys0 = 0;
        kj_civil_from_days(dn + 1, &ny, &nm, &nd);
        int icu = z->cal == NULL || icu_fixed_day(z->cal, year, month, day, ny, nm, nd, &icu0);
        int sys = z->sys == NULL || sys_fixed_day(z->sys, dn, &sys0);
        e->day1 = dn + 1;
        e->fixed = icu && sys && (z->cal == NULL || z->sys == NULL || icu0 == sys0);
        e->utc0 = z->cal != NULL ? icu0 : sys0;
    }
    *utc0 = e->utc0;
    return e->fixed;
}

int kj_tz_fixed_day_c(kj_tz_cache *cache, const char *zone, int year, int month, int day, int64_t *utc0)
{
    int fixed_s;
    if (zone == NULL || cache == NULL || year < 1 || year > 9999 || month < 1 || month > 12)
        return 0;
    if (tz_fixed_offset(zone, &fixed_s)) {
        *utc0 = kj_days_from_civil(year, month, day) * 86400 - fixed_s;
        return 1;
    }
    tz_zone z;
    int known = tz_acquire(cache, zone, &z);
    int fixed = known && z.slot >= 0 && fixed_day(cache, &z, year, month, day, utc0);
    tz_release(&z);
    return fixed;
}

int kj_tz_local_to_utc(const char *zone, int year, int month, int day,
                       int hour, int minute, int second,
                       int64_t *first, int64_t *last)
{
    return kj_tz_local_to_utc_c(NULL, zone, year, month, day, hour, minute, second, first, last);
}

int kj_tz_local_to_utc_c(kj_tz_cache *cache, const char *zone, int year, int month, int day, int hour, int minute,
                         int second, int64_t *first, int64_t *last)
{
    if (zone == NULL || year < 1 || year > 9999 || month < 1 || month > 12)
        return -1;
    int fixed_s;
    if (tz_fixed_offset(zone, &fixed_s)) {
        int64_t local = kj_days_from_civil(year, month, day) * 86400
                        + (int64_t)hour * 3600 + minute * 60 + second;
        *first = *last = local - fixed_s;
        return 0;
    }
    tz_zone z;
    if (!tz_acquire(cache, zone, &z)) {
        tz_release(&z);
        return -1;
    }
    int64_t utc0;
    if (z.slot >= 0 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 &&
        fixed_day(cache, &z, year, month, day, &utc0)) {
        *first = *last = utc0 + (int64_t)hour * 3600 + minute * 60 + second;
        return 0;
    }
    /* the union of the readings: the earliest and the latest of any */
    int64_t fi = 0, li = 0, fs = 0, ls = 0;
    int rc = 0;
    if (z.cal != NULL)
        rc |= icu_readings(z.cal, year, month, day, hour, minute, second, &fi, &li);
    if (z.sys != NULL)
        rc |= sys_readings(z.sys, year, month, day, hour, minute, second, &fs, &ls);
    int both = z.cal != NULL && z.sys != NULL;
    if (z.cal == NULL) {
        fi = fs;
        li = ls;
    }
    tz_release(&z);
    if (rc != 0)
        return -1;
    *first = both && fs < fi ? fs : fi;
    *last = both && ls > li ? ls : li;
    return 0;
}

int kj_tz_offset(const char *zone, int64_t utc_s, int *offset_s)
{
    return kj_tz_offset_c(NULL, zone, utc_s, offset_s);
}

static int icu_offset(UCalendar *cal, int64_t utc_s, int *offset_s)
{
    UErrorCode st = U_ZERO_ERROR;
    ucal_setMillis(cal, (UDate)utc_s * 1000.0, &st);
    int32_t zone_ms = ucal_get(cal, UCAL_ZONE_OFFSET, &st);
    int32_t dst_ms = ucal_get(cal, UCAL_DST_OFFSET, &st);
    if (U_FAILURE(st))
        return -1;
    *offset_s = (zone_ms + dst_ms) / 1000;
    return 0;
}

int kj_tz_offset_c(kj_tz_cache *cache, const char *zone, int64_t utc_s, int *offset_s)
{
    if (zone == NULL)
        return -1;
    if (tz_fixed_offset(zone, offset_s))
        return 0;
    tz_zone z;
    if (cache == NULL) { /* ICU's where it knows the zone: no file to read */
        z.slot = -1;
        z.sys = NULL;
        z.cal = tz_icu_known(zone) ? tz_open(zone) : NULL;
        if (z.cal == NULL)
            z.sys = kj_tzif_load(KJ_ZONEINFO_DIR, zone);
    } else {
        tz_acquire(cache, zone, &z);
    }
    if (z.cal == NULL && z.sys == NULL) {
        tz_release(&z);
        return -1;
    }
    /* an instant within a local day of one offset (fixed_day: both
     * databases' readings and transitions say so) has that day's offset;
     * the local day is the UTC day or a neighbour (offsets are under 26 h) */
    int64_t ud = tz_floor_div(utc_s, 86400);
    for (int64_t dn = ud - 1; z.slot >= 0 && dn <= ud + 1; dn++) {
        int y, m, d;
        int64_t utc0;
        kj_civil_from_days(dn, &y, &m, &d);
        if (y < 1 || y > 9999 || !fixed_day(cache, &z, y, m, d, &utc0))
            continue;
        if (utc_s >= utc0 && utc_s < utc0 + 86400) {
            *offset_s = (int)(dn * 86400 - utc0);
            return 0;
        }
    }
    int rc = 0;
    if (z.cal != NULL)
        rc = icu_offset(z.cal, utc_s, offset_s);
    else
        *offset_s = kj_tzif_offset(z.sys, utc_s);
    tz_release(&z);
    return rc;
}

/* A transition at UTC T from offset o1 to o2 skips the wall times
 * [T + o1, T + o2) when o2 > o1; those of them in [local_lo, local_hi]
 * read with the offset before the gap reach up to their end - o1, with the
 * offset after it down to their start - o2: *lo and *hi are widened to
 * them.  Returns whether it widened them. */
static int gap_widen(int64_t T, int64_t o1, int64_t o2, int64_t local_lo, int64_t local_hi, int64_t *lo, int64_t *hi)
{
    if (o2 <= o1)
        return 0;
    int64_t a = T + o1 > local_lo ? T + o1 : local_lo, b = T + o2 < local_hi ? T + o2 : local_hi;
    if (a > b)
        return 0;
    int widened = 0;
    if (b - o1 > *hi) {
        *hi = b - o1;
        widened = 1;
    }
    if (a - o2 < *lo) {
        *lo = a - o2;
        widened = 1;
    }
    return widened;
}

/* The transitions of z in (from, to], UTC seconds, under each database,
 * each gap widening [*lo, *hi] (gap_widen); at most 64 per database. */
static int gaps_between(const tz_zone *z, int64_t from, int64_t to, int64_t local_lo, int64_t local_hi, int64_t *lo,
                        int64_t *hi)
{
    int widened = 0;
    int64_t t = from, next = 0;
    for (int k = 0; z->cal != NULL && k < 64; k++) {
        UErrorCode st = U_ZERO_ERROR;
        ucal_setMillis(z->cal, (UDate)t * 1000.0, &st);
        UDate ms = 0;
        UBool found = ucal_getTimeZoneTransitionDate(z->cal, UCAL_TZ_TRANSITION_NEXT, &ms, &st);
        if (U_FAILURE(st) || !found || (next = tz_floor_div((int64_t)ms, 1000)) > to || next <= t)
            break;
        int o1, o2;
        if (icu_offset(z->cal, next - 1, &o1) == 0 && icu_offset(z->cal, next, &o2) == 0)
            widened |= gap_widen(next, o1, o2, local_lo, local_hi, lo, hi);
        t = next;
    }
    t = from;
    for (int k = 0; z->sys != NULL && k < 64 && kj_tzif_next_transition(z->sys, t, &next) && next <= to && next > t; k++) {
        widened |= gap_widen(next, kj_tzif_offset(z->sys, next - 1), kj_tzif_offset(z->sys, next), local_lo, local_hi, lo, hi);
        t = next;
    }
    return widened;
}

int kj_tz_skipped_hull_c(kj_tz_cache *cache, const char *zone, int64_t local_lo, int64_t local_hi, int64_t *lo,
                         int64_t *hi)
{
    int offset;
    if (zone == NULL || tz_fixed_offset(zone, &offset) || local_lo > local_hi)
        return 0;
    tz_zone z;
    if (!tz_acquire(cache, zone, &z)) {
        tz_release(&z);
        return 0;
    }
    int widened = 0;
    int64_t first = tz_floor_div(local_lo, 86400), last = tz_floor_div(local_hi, 86400);
    for (int end = 0; end < 2; end++) {
        /* the local days within two of this end (offsets and gaps are
         * under 26 h, so a gap farther in reads within [*lo, *hi]) */
        int64_t d0 = (end ? last : first) - 2, d1 = (end ? last : first) + 2;
        if (d0 < first) d0 = first;
        if (d1 > last) d1 = last;
        if (end && d0 <= first + 2) d0 = first + 3; /* (the first end looked at those) */
        int fixed = 1;
        for (int64_t d = d0; d <= d1 && fixed; d++) {
            int y, m, dd;
            int64_t utc0;
            kj_civil_from_days(d, &y, &m, &dd);
            fixed = z.slot >= 0 && y >= 1 && y <= 9999 && fixed_day(cache, &z, y, m, dd, &utc0);
        }
        if (!fixed)
            widened |= gaps_between(&z, d0 * 86400 - 2 * 86400, (d1 + 1) * 86400 + 2 * 86400, local_lo, local_hi, lo, hi);
    }
    tz_release(&z);
    return widened;
}

int kj_tz_offsets_c(kj_tz_cache *cache, const char *zone, int64_t utc_s, int *icu_s, int *sys_s)
{
    int known = 0;
    if (zone == NULL)
        return 0;
    if (tz_fixed_offset(zone, icu_s)) {
        *sys_s = *icu_s;
        return 3;
    }
    tz_zone z;
    tz_acquire(cache, zone, &z);
    if (z.cal != NULL && icu_offset(z.cal, utc_s, icu_s) == 0)
        known |= 1;
    if (z.sys != NULL) {
        *sys_s = kj_tzif_offset(z.sys, utc_s);
        known |= 2;
    }
    tz_release(&z);
    return known;
}

/* Distance from what the user wrote to a zone id: against the whole id, and,
 * when the user wrote no '/', against the city part alone ("oslo"). */
static int tz_zone_distance(const char *written, const char *id)
{
    int best = kj_edit_distance(written, strlen(written), id, strlen(id), KJ_EDITS_SWAPS);
    const char *slash = strrchr(id, '/');
    if (strchr(written, '/') == NULL && slash != NULL) {
        int city = kj_edit_distance(written, strlen(written), slash + 1, strlen(slash + 1), KJ_EDITS_SWAPS);
        if (city < best)
            best = city;
    }
    return best;
}

/* Suggestions must be close: about one edit per four characters. */
static int tz_suggest_limit(size_t len)
{
    return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

/* Returns buf (caller-owned) holding the closest zone id, or NULL. */
const char *kj_tz_suggest(const char *zone, char *buf, size_t n)
{
    if (zone == NULL || buf == NULL || n == 0)
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    UEnumeration *ids = ucal_openTimeZones(&st);
    if (U_FAILURE(st))
        return NULL;
    kj_suggest s = {.written = zone, .written_len = strlen(zone), .limit = tz_suggest_limit(strlen(zone)),
                    .edits = KJ_EDITS_SWAPS};
    const char *id;
    int32_t len;
    /* ICU enumerates ids in a fixed order; the first of equally close wins. */
    while ((id = uenum_next(ids, &len, &st)) != NULL && U_SUCCESS(st)) {
        if (strcmp(id, zone) == 0 || strcmp(id, "Etc/Unknown") == 0 || (size_t)len >= n)
            continue;
        if (kj_suggest_offer_at(&s, id, tz_zone_distance(zone, id))) {
            memcpy(buf, id, (size_t)len + 1);
            s.best = buf; /* ICU's id lasts until the next uenum_next */
        }
    }
    uenum_close(ids);
    return s.best;
}

/* Returns the ICU zone data version ("2022e") in buf (caller-owned). */
const char *kj_tz_data_version(char *buf, size_t n)
{
    UErrorCode st = U_ZERO_ERROR;
    const char *v = ucal_getTZDataVersion(&st);
    if (n == 0)
        return buf;
    snprintf(buf, n, "%s", U_SUCCESS(st) && v != NULL ? v : "unknown");
    return buf;
}

/* Returns the system tzdata version ("2025b") in buf (caller-owned). */
const char *kj_tz_system_data_version(char *buf, size_t n)
{
    return kj_tzif_version(KJ_ZONEINFO_DIR, buf, n);
}
