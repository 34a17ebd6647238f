/* tzif — the system's time zone database: TZif files (RFC 8536) as the
 * tzdata package installs them under /usr/share/zoneinfo.  Internal to
 * tz.c, which reads every local time under this database and ICU's.
 *
 * A loaded zone is immutable: any number of threads may read it at once.
 * Nothing here reads the environment (TZDIR, TZ) or keeps global state.
 */
#ifndef KJ_TZIF_H
#define KJ_TZIF_H

#include <stddef.h>
#include <stdint.h>

/* Where the system's zones are; fixed at build time, never from TZDIR. */
#ifndef KJ_ZONEINFO_DIR
#define KJ_ZONEINFO_DIR "/usr/share/zoneinfo"
#endif

typedef struct kj_tzif kj_tzif;

/* Loads zone (an IANA id such as "Europe/Oslo") from the directory dir.
 * Returns NULL when the id is not a plain zone path, there is no such file,
 * or it is not a well-formed TZif file without leap seconds. */
kj_tzif *kj_tzif_load(const char *dir, const char *zone);
void kj_tzif_free(kj_tzif *z);

/* UTC offset in seconds at the UTC instant t. */
int32_t kj_tzif_offset(const kj_tzif *z, int64_t t);

/* The first transition of the zone after t (a change, or a rule's
 * switch that may leave the offset as it was): 1 and *next, or 0. */
int kj_tzif_next_transition(const kj_tzif *z, int64_t t, int64_t *next);

/* Every UTC reading of the local wall time `local` (seconds, counted as if
 * it were UTC): *first and *last are the earliest and latest.  A repeated
 * wall time has two readings; a skipped one is read with the offsets before
 * and after the gap.  Returns 0, or -1 when there is no reading. */
int kj_tzif_local_to_utc(const kj_tzif *z, int64_t local, int64_t *first, int64_t *last);

/* The tzdata version ("2025b") from dir/tzdata.zi's first line, or
 * "unknown" (no such file or line).  Returns buf (caller-owned). */
const char *kj_tzif_version(const char *dir, char *buf, size_t n);
/* Reads [+-]h[hh][:mm[:ss]] (at most max_digits hour digits, hours <=
 * max_h) into *v seconds, sign applied; returns the end or NULL. */
const char *kj_tzif_hms(const char *p, int max_h, int max_digits, int32_t *v);

#endif
