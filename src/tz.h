/* tz — local times in IANA zones to UTC and back, under both ICU's zone
 * data and the system's tzdata (tzif.c), every reading kept (tz.c). */
#ifndef KJ_TZ_H
#define KJ_TZ_H

#include <stddef.h>
#include <stdint.h>

/* Open ICU calendars and loaded system zone files by zone, so that reading
 * many times in a few zones does not open a calendar or read a file per
 * conversion.  Owned by its creator; one thread at a time. */
typedef struct kj_tz_cache kj_tz_cache;
/* Returns a new, empty cache (free with kj_tz_cache_free). */
kj_tz_cache *kj_tz_cache_new(void);
void kj_tz_cache_free(kj_tz_cache *cache);

/* Is zone a valid IANA zone known to ICU or to the system's tzdata
 * (/usr/share/zoneinfo), or a fixed offset written
 * "UTC+01:00", "UTC-05", "UTC+00:19:32" (also "GMT+...")?  Returns 1 or 0. */
int kj_tz_valid(const char *zone);

/* Converts a local wall time in zone to UTC seconds.  Fills first and
 * last with the earliest and latest UTC readings under ICU's zone data and
 * the system's together (equal unless the wall time is repeated at a clock
 * change or the databases differ); for a skipped wall time the readings are
 * the instants the wall time would denote with the offset before and after
 * the gap.  Returns 0, or -1 for an unknown zone or out-of-range date. */
int kj_tz_local_to_utc(const char *zone, int year, int month, int day,
                       int hour, int minute, int second,
                       int64_t *first, int64_t *last);

/* The same three, reusing the calendars in cache (which may be NULL). */
int kj_tz_valid_c(kj_tz_cache *cache, const char *zone);
int kj_tz_local_to_utc_c(kj_tz_cache *cache, const char *zone, int year, int month, int day, int hour, int minute,
                         int second, int64_t *first, int64_t *last);
int kj_tz_offset_c(kj_tz_cache *cache, const char *zone, int64_t utc_s, int *offset_s);
/* Whether that local day has one UTC offset throughout (no transition of
 * the zone within it) in both databases, the same in each; then *utc0 is
 * its midnight in UTC.  0 also when it cannot say (no cache, unknown zone):
 * then ask kj_tz_local_to_utc_c. */
int kj_tz_fixed_day_c(kj_tz_cache *cache, const char *zone, int year, int month, int day, int64_t *utc0);

/* Widens [*lo, *hi], the UTC readings of a window of wall times
 * [local_lo, local_hi] (local seconds counted as if UTC; *lo the first
 * reading of its start, *hi the last of its end), to every reading of the
 * wall times within it that a clock change skips: read with the offset
 * before the gap, a skipped time can lie after the end's reading, and
 * with the offset after it, before the start's (a whole skipped day, as
 * Pacific/Apia's 30 December 2011, or an hour at a window's edge).  Looks
 * at the gaps within two days of either end (farther ones read inside);
 * returns whether it widened them. */
int kj_tz_skipped_hull_c(kj_tz_cache *cache, const char *zone, int64_t local_lo, int64_t local_hi, int64_t *lo,
                         int64_t *hi);

/* UTC offset in seconds in zone at utc_s (standard + DST): ICU's
 * where ICU knows the zone, else the system's. */
int kj_tz_offset(const char *zone, int64_t utc_s, int *offset_s);

/* Nearest valid zone name for a did-you-mean hint, or NULL.  Compares
 * case-insensitively against every ICU zone id, and against the city part
 * ("oslo" -> "Europe/Oslo").  Returns buf (caller-owned) or NULL. */
const char *kj_tz_suggest(const char *zone, char *buf, size_t n);

/* The offsets at utc_s under each database: bit 1 set when ICU knows
 * the zone (*icu_s), bit 2 when the system does (*sys_s). */
int kj_tz_offsets_c(kj_tz_cache *cache, const char *zone, int64_t utc_s, int *icu_s, int *sys_s);

/* ICU's zone data version, e.g. "2022e", into buf (caller-owned). */
const char *kj_tz_data_version(char *buf, size_t n);
/* The system tzdata's version, e.g. "2025b" ("unknown" if not found). */
const char *kj_tz_system_data_version(char *buf, size_t n);

#endif
