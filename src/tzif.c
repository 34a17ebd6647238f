/* tzif — a reader of TZif files (RFC 8536), the system's zone database.
 *
 * Why a reader of our own: the one Debian library that reads TZif from C,
 * GLib's GTimeZone (libglib2.0-dev 2.74), was tried and left out.
 *   - It reads the environment: every g_time_zone_new_identifier() calls
 *     getenv("TZDIR"), even for an absolute path, and the first use of GLib
 *     reads G_DEBUG, G_SLICE, CHARSET and G_FILENAME_ENCODING (seen with an
 *     LD_PRELOAD getenv tracer).  G_DEBUG=fatal-warnings turns the warning
 *     GLib prints for a malformed file into an abort: the library would exit.
 *   - It has no public way to list a zone's transitions, which the one-day
 *     fast path of tz.c needs ("no transition within this local day").
 * GLib did read 64-bit pre-1970 data (Amsterdam 1935 +00:19:32), footers
 * (New York 2100) and both sides of an overlap; what it does is small
 * enough to do here in a few hundred lines, under the format's RFC.
 *
 * What is read: the version 2+ (64-bit) data block, or the version 1 block
 * of a version 1 file; the footer's POSIX TZ string (with RFC 8536's
 * extensions: hours -167..167 in rule times, "<+03>" names) for instants
 * after the last transition.  Files with leap seconds (the right/ tree) are
 * refused: their times are not POSIX seconds.  Type 0 gives the offset
 * before the first transition (RFC 8536 §3.2).
 *
 * Every offset is kept within 26 hours; local_to_utc relies on that to
 * find every reading of a wall time among the offsets of a 54-hour window.
 */
#include "calendar.h"
#include "tzif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TZIF_MAX_FILE (1 << 20)
#define TZIF_MAX_OFFSET (26 * 3600)
#define TZIF_DAY 86400
/* Queries far outside years 1..9999 are clamped here (about year ±34000),
 * so that the footer's calendar arithmetic stays in range. */
#define TZIF_CLAMP (INT64_C(1) << 40)

typedef struct tzif_rule {
    char kind;    /* 'J': Jn (1..365, no 29 Feb), 'N': n (0..365), 'M': Mm.w.d */
    int m, w, d;  /* J/N: the day in m; M: month, week (5 = last), weekday (0 = Sunday) */
    int32_t time; /* local time of day of the switch, seconds (may be < 0 or > 24 h) */
} tzif_rule;

struct kj_tzif {
    int n;         /* transitions */
    int64_t *at;   /* their UTC instants, ascending */
    int32_t *off;  /* the offset from at[i] on */
    int32_t off0;  /* before the first transition: type 0 */
    int footer;    /* 0: none (the last offset stays), 1: std only, 2: std and dst rules */
    int32_t std_off, dst_off;
    tzif_rule start, end; /* dst starts (read in std time), ends (read in dst time) */
};

static int64_t tzif_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- the footer: a POSIX TZ string ----------------------------------------- */

/* name := "<" [A-Za-z0-9+-]+ ">" | [A-Za-z]{3,} */
static const char *tzs_name(const char *p)
{
    const char *s = p;
    if (*p == '<') {
        for (p++; *p != '>'; p++)
            if (*p == '\0' || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
                                || *p == '+' || *p == '-'))
                return NULL;
        return p - s >= 4 ? p + 1 : NULL;
    }
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
        p++;
    return p - s >= 3 ? p : NULL;
}

/* [+-]h[hh][:mm[:ss]] with at most max_digits hour digits and hh <= max_h:
 * seconds into *v (sign applied); returns the end, or NULL.  Also reads
 * the fixed offsets of zone ids ("UTC+00:19:32", tz.c). */
const char *kj_tzif_hms(const char *p, int max_h, int max_digits, int32_t *v)
{
    int sign = 1;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    int32_t part[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0 && *p != ':')
            break;
        if (i > 0)
            p++;
        int digits = 0;
        while (*p >= '0' && *p <= '9' && digits < (i == 0 ? max_digits : 2)) {
            part[i] = part[i] * 10 + (*p++ - '0');
            digits++;
        }
        if (digits == 0 || (i > 0 && digits != 2) || (i > 0 && part[i] > 59))
            return NULL;
    }
    if (part[0] > max_h)
        return NULL;
    *v = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    return p;
}

static const char *tzs_time(const char *p, int max_h, int32_t *v)
{
    return kj_tzif_hms(p, max_h, 3, v);
}

static const char *tzs_number(const char *p, int lo, int hi, int *v)
{
    int digits = 0;
    *v = 0;
    while (*p >= '0' && *p <= '9' && digits < 4) {
        *v = *v * 10 + (*p++ - '0');
        digits++;
    }
    return digits > 0 && *v >= lo && *v <= hi ? p : NULL;
}

/* rule := ("J" n | n | "M" m "." w "." d) ["/" time] */
static const char *tzs_rule(const char *p, tzif_rule *r)
{
    r->time = 2 * 3600;
    if (*p == 'J') {
        r->kind = 'J';
        p = tzs_number(p + 1, 1, 365, &r->d);
    } else if (*p == 'M') {
        r->kind = 'M';
        p = tzs_number(p + 1, 1, 12, &r->m);
        if (p && *p == '.')
            p = tzs_number(p + 1, 1, 5, &r->w);
        else
            p = NULL;
        if (p && *p == '.')
            p = tzs_number(p + 1, 0, 6, &r->d);
        else
            p = NULL;
    } else {
        r->kind = 'N';
        p = tzs_number(p, 0, 365, &r->d);
    }
    if (p && *p == '/')
        p = tzs_time(p + 1, 167, &r->time);
    return p;
}

/* std offset [dst [offset] "," rule "," rule]; offsets are west-positive
 * in the string, east-positive here.  Returns 0 or -1. */
static int tzs_parse(kj_tzif *z, const char *s)
{
    int32_t v;
    const char *p = tzs_name(s);
    if (!p || !(p = tzs_time(p, 24, &v)))
        return -1;
    z->std_off = -v;
    z->footer = 1;
    if (*p == '\0')
        return 0;
    if (!(p = tzs_name(p)))
        return -1;
    z->dst_off = z->std_off + 3600;
    if (*p != ',' && *p != '\0') {
        if (!(p = tzs_time(p, 24, &v)))
            return -1;
        z->dst_off = -v;
    }
    /* a dst name without rules: POSIX leaves the rules to the implementation */
    if (*p != ',' || !(p = tzs_rule(p + 1, &z->start)) || *p != ',' || !(p = tzs_rule(p + 1, &z->end)) || *p)
        return -1;
    z->footer = 2;
    return 0;
}

/* The local day and time (seconds since 1970, as if UTC) of rule r in year y. */
static int64_t rule_local(const tzif_rule *r, int y)
{
    int64_t jan1 = kj_days_from_civil(y, 1, 1), day;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (r->kind == 'J') {
        day = jan1 + r->d - 1 + (leap && r->d >= 60);
    } else if (r->kind == 'N') {
        day = jan1 + r->d;
    } else {
        int64_t first = kj_days_from_civil(y, r->m, 1);
        int64_t next = r->m == 12 ? kj_days_from_civil(y + 1, 1, 1) : kj_days_from_civil(y, r->m + 1, 1);
        int64_t dow = (first + 4) % 7; /* 1970-01-01 was a Thursday */
        if (dow < 0)
            dow += 7;
        int64_t k = (r->d - dow + 7) % 7 + 7 * (r->w - 1);
        while (first + k >= next)
            k -= 7;
        day = first + k;
    }
    return day * TZIF_DAY + r->time;
}

/* The footer's rule switches of years y-1 .. y+2 in UTC: kind 1 = dst
 * starts, 0 = dst ends.  Returns how many (8). */
static int footer_events(const kj_tzif *z, int y, int64_t at[8], int kind[8])
{
    int k = 0;
    for (int yy = y - 1; yy <= y + 2; yy++) {
        at[k] = rule_local(&z->start, yy) - z->std_off;
        kind[k++] = 1;
        at[k] = rule_local(&z->end, yy) - z->dst_off;
        kind[k++] = 0;
    }
    return k;
}

static int footer_year(const kj_tzif *z, int64_t t)
{
    int y, m, d;
    kj_civil_from_days(tzif_floor_div(t + z->std_off, TZIF_DAY), &y, &m, &d);
    return y;
}

static int64_t clamp(int64_t t)
{
    return t < -TZIF_CLAMP ? -TZIF_CLAMP : t > TZIF_CLAMP ? TZIF_CLAMP : t;
}

static int32_t footer_offset(const kj_tzif *z, int64_t t)
{
    if (z->footer == 1)
        return z->std_off;
    t = clamp(t);
    int64_t at[8];
    int kind[8], best = -1;
    int n = footer_events(z, footer_year(z, t), at, kind);
    /* the last switch at or before t; of two at one instant (dst all year:
     * "0/0,J365/25"), the start wins */
    for (int i = 0; i < n; i++)
        if (at[i] <= t && (best < 0 || at[i] > at[best] || (at[i] == at[best] && kind[i] > kind[best])))
            best = i;
    return best >= 0 && kind[best] ? z->dst_off : z->std_off;
}

/* ---- loading --------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* A zone id names a file below dir: components of [A-Za-z0-9._+-], none
 * empty or starting with '.', and not the trees and files that are not
 * zones of their own (posix/, right/ with leap seconds, localtime: this
 * machine's zone). */
static int zone_id_ok(const char *zone)
{
    size_t n = strlen(zone);
    if (n == 0 || n >= 128 || !strcmp(zone, "localtime") || !strcmp(zone, "posixrules")
        || !strncmp(zone, "posix/", 6) || !strncmp(zone, "right/", 6))
        return 0;
    int start = 1;
    for (const char *p = zone; *p; p++) {
        char c = *p;
        if (c == '/') {
            if (start)
                return 0;
            start = 1;
            continue;
        }
        if (start && c == '.')
            return 0;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
              || c == '+' || c == '-'))
            return 0;
        start = 0;
    }
    return !start;
}

/* Reads the whole file, a regular file of at most TZIF_MAX_FILE bytes,
 * into a buffer of its size (a zone's file is a few kilobytes, and a zone
 * read without a cache is read on every call: a buffer of the most there
 * could be, 1 MiB, made each time, cost more than the reading); NULL when
 * it cannot be read, or changed size while read. */
static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 || st.st_size > TZIF_MAX_FILE) {
        fclose(f);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    unsigned char *buf = malloc(size + 1);
    size_t n = buf ? fread(buf, 1, size + 1, f) : 0;
    int bad = ferror(f) || n != size;
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* The six counts of a header at p (44 bytes). */
typedef struct tzif_head {
    int version;
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
} tzif_head;

static int read_head(const unsigned char *p, size_t left, tzif_head *h)
{
    if (left < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    h->version = p[4] == 0 ? 1 : p[4] - '0';
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    if (h->timecnt > 100000 || h->typecnt == 0 || h->typecnt > 256 || h->charcnt == 0 || h->charcnt > 65536
        || h->leapcnt > 10000 || (h->isutcnt != 0 && h->isutcnt != h->typecnt)
        || (h->isstdcnt != 0 && h->isstdcnt != h->typecnt))
        return -1;
    return 0;
}

static size_t block_size(const tzif_head *h, size_t tsize)
{
    return h->timecnt * tsize + h->timecnt + h->typecnt * 6 + h->charcnt + h->leapcnt * (tsize + 4) + h->isstdcnt
           + h->isutcnt;
}

/* Fills z from the data block at p (times of tsize bytes). */
static int read_block(kj_tzif *z, const tzif_head *h, const unsigned char *p, size_t tsize)
{
    if (h->leapcnt != 0)
        return -1;
    const unsigned char *idx = p + h->timecnt * tsize, *types = idx + h->timecnt;
    int32_t toff[256];
    for (uint32_t i = 0; i < h->typecnt; i++) {
        toff[i] = (int32_t)be32(types + 6 * i);
        if (toff[i] < -TZIF_MAX_OFFSET || toff[i] > TZIF_MAX_OFFSET || types[6 * i + 4] > 1
            || types[6 * i + 5] >= h->charcnt)
            return -1;
    }
    z->n = (int)h->timecnt;
    z->at = malloc(sizeof *z->at * (h->timecnt ? h->timecnt : 1));
    z->off = malloc(sizeof *z->off * (h->timecnt ? h->timecnt : 1));
    if (!z->at || !z->off)
        return -1;
    for (uint32_t i = 0; i < h->timecnt; i++) {
        z->at[i] = tsize == 8 ? be64(p + 8 * i) : (int64_t)(int32_t)be32(p + 4 * i);
        if (idx[i] >= h->typecnt || (i > 0 && z->at[i] <= z->at[i - 1]))
            return -1;
        z->off[i] = toff[idx[i]];
    }
    z->off0 = toff[0];
    return 0;
}

kj_tzif *kj_tzif_load(const char *dir, const char *zone)
{
    if (!dir || !zone || !zone_id_ok(zone))
        return NULL;
    char path[512];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, zone) >= sizeof path)
        return NULL;
    size_t len = 0;
    unsigned char *buf = read_all(path, &len);
    if (!buf)
        return NULL;
    kj_tzif *z = calloc(1, sizeof *z);
    tzif_head h;
    int rc = -1;
    if (z && read_head(buf, len, &h) == 0) {
        size_t v1 = 44 + block_size(&h, 4);
        if (h.version < 2) {
            rc = len >= v1 ? read_block(z, &h, buf + 44, 4) : -1;
        } else if (len >= v1 && read_head(buf + v1, len - v1, &h) == 0 && len >= v1 + 44 + block_size(&h, 8)) {
            size_t foot = v1 + 44 + block_size(&h, 8);
            rc = read_block(z, &h, buf + v1 + 44, 8);
            /* footer: "\n" TZ "\n" (an empty TZ: no rule after the data) */
            const unsigned char *nl = foot < len ? memchr(buf + foot + 1, '\n', len - foot - 1) : NULL;
            if (rc == 0 && (foot >= len || buf[foot] != '\n' || !nl))
                rc = -1;
            if (rc == 0 && nl > buf + foot + 1) {
                char tz[256];
                size_t n = (size_t)(nl - (buf + foot + 1));
                if (n >= sizeof tz || memchr(buf + foot + 1, '\0', n))
                    rc = -1;
                else {
                    memcpy(tz, buf + foot + 1, n);
                    tz[n] = '\0';
                    rc = tzs_parse(z, tz);
                }
                if (rc == 0 && (z->std_off < -TZIF_MAX_OFFSET || z->std_off > TZIF_MAX_OFFSET
                                || z->dst_off < -TZIF_MAX_OFFSET || z->dst_off > TZIF_MAX_OFFSET))
                    rc = -1;
            }
        }
    }
    free(buf);
    if (rc != 0) {
        kj_tzif_free(z);
        return NULL;
    }
    return z;
}

void kj_tzif_free(kj_tzif *z)
{
    if (!z)
        return;
    free(z->at);
    free(z->off);
    free(z);
}

/* ---- queries --------------------------------------------------------------- */

/* The number of transitions at or before t. */
static int count_upto(const kj_tzif *z, int64_t t)
{
    int lo = 0, hi = z->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int32_t kj_tzif_offset(const kj_tzif *z, int64_t t)
{
    if (z->n == 0)
        return z->footer ? footer_offset(z, t) : z->off0;
    if (t < z->at[0])
        return z->off0;
    if (t > z->at[z->n - 1] && z->footer)
        return footer_offset(z, t);
    return z->off[count_upto(z, t) - 1];
}

int kj_tzif_next_transition(const kj_tzif *z, int64_t t, int64_t *next)
{
    if (z->n > 0 && t < z->at[z->n - 1]) {
        *next = z->at[count_upto(z, t)];
        return 1;
    }
    if (z->footer != 2 || t >= TZIF_CLAMP)
        return 0;
    int64_t at[8];
    int kind[8], best = -1;
    int n = footer_events(z, footer_year(z, clamp(t)), at, kind);
    for (int i = 0; i < n; i++)
        if (at[i] > t && (best < 0 || at[i] < at[best]))
            best = i;
    if (best < 0)
        return 0;
    *next = at[best];
    return 1;
}

int kj_tzif_local_to_utc(const kj_tzif *z, int64_t local, int64_t *first, int64_t *last)
{
    /* The UTC instants within 27 h of `local` fall into segments of one
     * offset each: [s, e) with offset o (neighbours differ).  local reads as
     * local - o in each segment that holds it; in a gap none does, and
     * local is read with the offsets of the segments on either side. */
    enum { SEGS = 64 };
    const int64_t w = TZIF_MAX_OFFSET + 3600;
    int64_t s[SEGS], e[SEGS];
    int32_t o[SEGS];
    int n = 1;
    int64_t t = local - w, nx;
    s[0] = INT64_MIN;
    o[0] = kj_tzif_offset(z, t);
    while (kj_tzif_next_transition(z, t, &nx) && nx <= local + w) {
        t = nx;
        int32_t off = kj_tzif_offset(z, nx);
        if (off == o[n - 1])
            continue; /* a rule's switch that keeps the offset */
        if (n == SEGS)
            return -1;
        e[n - 1] = s[n] = nx;
        o[n++] = off;
    }
    e[n - 1] = INT64_MAX;
    int found = 0;
    int64_t lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        int64_t r = local - o[i];
        if (r >= s[i] && r < e[i]) {
            lo = found && lo < r ? lo : r;
            hi = found && hi > r ? hi : r;
            found = 1;
        }
    }
    for (int i = 0; !found && i + 1 < n; i++)
        if (local - o[i] >= e[i] && local - o[i + 1] < s[i + 1]) {
            int64_t a = local - o[i], b = local - o[i + 1];
            lo = a < b ? a : b;
            hi = a < b ? b : a;
            found = 1;
        }
    if (!found)
        return -1;
    *first = lo;
    *last = hi;
    return 0;
}

const char *kj_tzif_version(const char *dir, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    snprintf(buf, n, "unknown");
    char path[512], line[128];
    if ((size_t)snprintf(path, sizeof path, "%s/tzdata.zi", dir) >= sizeof path)
        return buf;
    FILE *f = fopen(path, "r");
    if (!f)
        return buf;
    char v[32];
    if (fgets(line, sizeof line, f) && sscanf(line, "# version %31s", v) == 1
        && strspn(v, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_") == strlen(v))
        snprintf(buf, n, "%s", v);
    fclose(f);
    return buf;
}
