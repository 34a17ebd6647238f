/* tz — time zones through ICU.
 *
 * Input: a zone name (an IANA id known to ICU, or a fixed offset written
 * "UTC+01:00" / "UTC-05" / "UTC+00:19:32") and a local wall time or a UTC
 * instant.  Output: UTC seconds, UTC offsets, validity, did-you-mean hints.
 *
 * All zone rules come from ICU's zone data (ucal_getTZDataVersion); this file
 * holds no offset table.  A fixed-offset zone is handled here by arithmetic
 * because ICU's custom "GMT+hh:mm" ids cannot express seconds (Amsterdam's
 * +00:19:32 before 1937).  Nothing is cached: every call opens and closes its
 * own calendar, so the module is reentrant.  The calendar is proleptic
 * Gregorian (the Julian switch is moved to before year 1).
 */
#include "timex.h"

#include <ctype.h>
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
    int sign = *p++ == '-' ? -1 : 1;
    int part[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0 && *p != ':')
            break;
        if (i > 0)
            p++;
        int digits = 0;
        while (isdigit((unsigned char)*p) && digits < 2) {
            part[i] = part[i] * 10 + (*p++ - '0');
            digits++;
        }
        if (digits == 0 || (i > 0 && digits != 2))
            return 0;
    }
    if (*p != '\0' || part[0] > 23 || part[1] > 59 || part[2] > 59)
        return 0;
    *offset_s = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
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
    int fixed;     /* one offset all day */
} tz_day;

struct kj_tz_cache {
    int n;
    char zone[TZ_CACHE_SLOTS][TZ_ID_MAX];
    UCalendar *cal[TZ_CACHE_SLOTS]; /* NULL: the zone is not valid */
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
        free(cache->days[i]);
    }
    free(cache);
}

static int tz_valid_uncached(const char *zone);

/* A calendar for a valid zone, from the cache when there is one.  *owned
 * says whether the caller must close it. */
static UCalendar *tz_get(kj_tz_cache *cache, const char *zone, int *owned)
{
    *owned = 1;
    if (cache != NULL && strlen(zone) < TZ_ID_MAX) {
        for (int i = 0; i < cache->n; i++)
            if (strcmp(cache->zone[i], zone) == 0) {
                *owned = 0;
                return cache->cal[i];
            }
        if (cache->n < TZ_CACHE_SLOTS) {
            UCalendar *cal = tz_valid_uncached(zone) ? tz_open(zone) : NULL;
            strcpy(cache->zone[cache->n], zone);
            cache->cal[cache->n++] = cal;
            *owned = 0;
            return cal;
        }
    }
    return tz_valid_uncached(zone) ? tz_open(zone) : NULL;
}

int kj_tz_valid_c(kj_tz_cache *cache, const char *zone)
{
    int offset_s, owned;
    if (zone == NULL || strlen(zone) >= TZ_ID_MAX)
        return 0;
    if (tz_fixed_offset(zone, &offset_s))
        return 1;
    UCalendar *cal = tz_get(cache, zone, &owned);
    if (cal != NULL && owned)
        ucal_close(cal);
    return cal != NULL;
}

int kj_tz_valid(const char *zone)
{
    return kj_tz_valid_c(NULL, zone);
}

static int tz_valid_uncached(const char *zone)
{
    int offset_s;
    if (zone == NULL || strlen(zone) >= TZ_ID_MAX)
        return 0;
    if (tz_fixed_offset(zone, &offset_s))
        return 1;
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

/* Whether the local day has one UTC offset throughout (its two midnights
 * each read one way, 24 h apart, with no transition of the zone between
 * them), and then its midnight in UTC: its times are plain arithmetic, and
 * ICU is asked once per day, not twice per time.  Cached per zone. */
static int fixed_day(kj_tz_cache *cache, UCalendar *cal, int year, int month, int day, int64_t *utc0)
{
    int slot = 0;
    while (slot < cache->n && cache->cal[slot] != cal)
        slot++;
    if (slot == cache->n)
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
        int64_t f0, l0, f1, l1;
        kj_civil_from_days(dn + 1, &ny, &nm, &nd);
        e->day1 = dn + 1;
        e->fixed = tz_read_wall(cal, UCAL_WALLTIME_FIRST, year, month, day, 0, 0, 0, &f0) == 0 &&
                   tz_read_wall(cal, UCAL_WALLTIME_LAST, year, month, day, 0, 0, 0, &l0) == 0 &&
                   tz_read_wall(cal, UCAL_WALLTIME_FIRST, ny, nm, nd, 0, 0, 0, &f1) == 0 &&
                   tz_read_wall(cal, UCAL_WALLTIME_LAST, ny, nm, nd, 0, 0, 0, &l1) == 0 &&
                   f0 == l0 && f1 == l1 && f1 - f0 == 86400 && no_transition(cal, f0, f1);
        e->utc0 = f0;
    }
    *utc0 = e->utc0;
    return e->fixed;
}

int kj_tz_fixed_day_c(kj_tz_cache *cache, const char *zone, int year, int month, int day, int64_t *utc0)
{
    int fixed_s, owned;
    if (zone == NULL || cache == NULL || year < 1 || year > 9999 || month < 1 || month > 12)
        return 0;
    if (tz_fixed_offset(zone, &fixed_s)) {
        *utc0 = kj_days_from_civil(year, month, day) * 86400 - fixed_s;
        return 1;
    }
    UCalendar *cal = tz_get(cache, zone, &owned);
    if (cal == NULL || owned) {
        if (cal != NULL && owned)
            ucal_close(cal);
        return 0;
    }
    return fixed_day(cache, cal, year, month, day, utc0);
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
    int owned;
    UCalendar *cal = tz_get(cache, zone, &owned);
    if (cal == NULL)
        return -1;
    int64_t utc0;
    if (!owned && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 &&
        fixed_day(cache, cal, year, month, day, &utc0)) {
        *first = *last = utc0 + (int64_t)hour * 3600 + minute * 60 + second;
        return 0;
    }
    /* FIRST/LAST give the two readings of a repeated wall time, and the
     * before/after-gap readings of a skipped one (in some order). */
    int64_t a, b;
    int rc = tz_read_wall(cal, UCAL_WALLTIME_FIRST, year, month, day, hour, minute, second, &a);
    if (rc == 0)
        rc = tz_read_wall(cal, UCAL_WALLTIME_LAST, year, month, day, hour, minute, second, &b);
    if (owned)
        ucal_close(cal);
    if (rc != 0)
        return -1;
    *first = a < b ? a : b;
    *last = a < b ? b : a;
    return 0;
}

int kj_tz_offset(const char *zone, int64_t utc_s, int *offset_s)
{
    return kj_tz_offset_c(NULL, zone, utc_s, offset_s);
}

int kj_tz_offset_c(kj_tz_cache *cache, const char *zone, int64_t utc_s, int *offset_s)
{
    if (zone == NULL)
        return -1;
    if (tz_fixed_offset(zone, offset_s))
        return 0;
    int owned;
    UCalendar *cal = tz_get(cache, zone, &owned);
    if (cal == NULL)
        return -1;
    /* an instant within a local day of one offset (fixed_day: ICU's own
     * readings and transitions say so) has that day's offset; the local
     * day is the UTC day or a neighbour (offsets are under 26 h) */
    int64_t ud = tz_floor_div(utc_s, 86400);
    for (int64_t dn = ud - 1; !owned && dn <= ud + 1; dn++) {
        int y, m, d;
        int64_t utc0;
        kj_civil_from_days(dn, &y, &m, &d);
        if (y < 1 || y > 9999 || !fixed_day(cache, cal, y, m, d, &utc0))
            continue;
        if (utc_s >= utc0 && utc_s < utc0 + 86400) {
            *offset_s = (int)(dn * 86400 - utc0);
            return 0;
        }
    }
    UErrorCode st = U_ZERO_ERROR;
    ucal_setMillis(cal, (UDate)utc_s * 1000.0, &st);
    int32_t zone_ms = ucal_get(cal, UCAL_ZONE_OFFSET, &st);
    int32_t dst_ms = ucal_get(cal, UCAL_DST_OFFSET, &st);
    if (owned)
        ucal_close(cal);
    if (U_FAILURE(st))
        return -1;
    *offset_s = (zone_ms + dst_ms) / 1000;
    return 0;
}

/* Case-insensitive optimal-string-alignment distance (Levenshtein plus
 * adjacent transpositions), so "Olso" is one edit from "Oslo". */
int kj_tz_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    enum { MAXLEN = 64 };
    if (na >= MAXLEN || nb >= MAXLEN)
        return (int)(na > nb ? na : nb);
    int d[MAXLEN][MAXLEN];
    for (size_t i = 0; i <= na; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= nb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        for (size_t j = 1; j <= nb; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2])
                && tolower((unsigned char)a[i - 2]) == cb && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[na][nb];
}

/* Distance from what the user wrote to a zone id: against the whole id, and,
 * when the user wrote no '/', against the city part alone ("oslo"). */
static int tz_zone_distance(const char *written, const char *id)
{
    int best = kj_tz_edit_distance(written, strlen(written), id, strlen(id));
    const char *slash = strrchr(id, '/');
    if (strchr(written, '/') == NULL && slash != NULL) {
        int city = kj_tz_edit_distance(written, strlen(written), slash + 1, strlen(slash + 1));
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
    int best = tz_suggest_limit(strlen(zone)) + 1;
    const char *id;
    int32_t len;
    buf[0] = '\0';
    /* ICU enumerates ids in a fixed order; the first of equally close wins. */
    while ((id = uenum_next(ids, &len, &st)) != NULL && U_SUCCESS(st)) {
        int d = tz_zone_distance(zone, id);
        if (d < best && strcmp(id, zone) != 0 && strcmp(id, "Etc/Unknown") != 0
            && (size_t)len < n) {
            best = d;
            memcpy(buf, id, (size_t)len + 1);
        }
    }
    uenum_close(ids);
    return buf[0] != '\0' ? buf : NULL;
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
