/* tzread — for tests/tz_cross.sh: reads lines "ZONE Y M D h m s" and
 * prints, per line, "RC FIRST LAST UFIRST ULAST ICU IFIRST ILAST":
 * kjeller's readings of that wall time through a cache (the one-day fast
 * path) and without one, and ICU's own two readings, asked of ICU directly
 * here (ICU = 0 when ICU does not know the zone).  The system database's
 * readings come from python3's zoneinfo in the script, so that each side
 * is computed by code other than tz.c's. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "tz.h"

static int icu_read(const char *zone, int y, int mo, int d, int h, int mi, int s, int64_t out[2])
{
    UChar id[128], canon[128];
    if (strlen(zone) >= sizeof id / sizeof *id)
        return 0;
    u_uastrcpy(id, zone);
    UErrorCode st = U_ZERO_ERROR;
    UBool is_system = 0;
    ucal_getCanonicalTimeZoneID(id, -1, canon, 128, &is_system, &st);
    if (U_FAILURE(st) || !is_system)
        return 0;
    UCalendar *cal = ucal_open(id, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
    ucal_setGregorianChange(cal, -1.8e17, &st);
    static const UCalendarWallTimeOption opt[2] = {UCAL_WALLTIME_FIRST, UCAL_WALLTIME_LAST};
    for (int i = 0; i < 2 && U_SUCCESS(st); i++) {
        ucal_setAttribute(cal, UCAL_REPEATED_WALL_TIME, opt[i]);
        ucal_setAttribute(cal, UCAL_SKIPPED_WALL_TIME, opt[i]);
        ucal_clear(cal);
        ucal_setDateTime(cal, y, mo - 1, d, h, mi, s, &st);
        UDate ms = ucal_getMillis(cal, &st);
        int64_t v = (int64_t)ms;
        out[i] = v / 1000 - (v % 1000 < 0);
    }
    ucal_close(cal);
    return U_SUCCESS(st) ? 1 : 0;
}

int main(void)
{
    char line[256], zone[128], last_zone[128] = "";
    kj_tz_cache *cache = NULL;
    while (fgets(line, sizeof line, stdin)) {
        int y, mo, d, h, mi, s;
        if (sscanf(line, "%127s %d %d %d %d %d %d", zone, &y, &mo, &d, &h, &mi, &s) != 7)
            continue;
        if (strcmp(zone, last_zone) != 0) { /* a cache per zone: its days are many */
            kj_tz_cache_free(cache);
            cache = kj_tz_cache_new();
            strcpy(last_zone, zone);
        }
        int64_t f = 0, l = 0, uf = 0, ul = 0, icu[2] = {0, 0};
        int rc = kj_tz_local_to_utc_c(cache, zone, y, mo, d, h, mi, s, &f, &l);
        int urc = kj_tz_local_to_utc(zone, y, mo, d, h, mi, s, &uf, &ul);
        int known = icu_read(zone, y, mo, d, h, mi, s, icu);
        printf("%d %lld %lld %lld %lld %d %lld %lld\n", rc != 0 ? rc : urc, (long long)f, (long long)l, (long long)uf,
               (long long)ul, known, (long long)(icu[0] < icu[1] ? icu[0] : icu[1]),
               (long long)(icu[0] < icu[1] ? icu[1] : icu[0]));
    }
    kj_tz_cache_free(cache);
    return 0;
}
