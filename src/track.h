/* track.h — the readers of tracks (import_gpx.c, GPX; import_geojson.c,
 * GeoJSON) and the import that calls them (import.c).  A reader reads the
 * file, has every byte it reads hashed, and hands each point to the
 * import as one row of the trace, which goes through the same checks,
 * store and rejects file as a CSV row; a file it cannot read at all it
 * reports as failed (exit 2, nothing stored).  The import is reached only
 * through the functions it lends (kj_track_reader): a reader depends on
 * nothing of import.c. */
#ifndef KJ_TRACK_H
#define KJ_TRACK_H

#include <stdarg.h>
#include <stdio.h>

#include "kj.h"

/* One point as the file writes it.  `text` is the source from the start
 * of the line the point begins on (or, when that line is long, from the
 * point itself: col0 > 0 is then the column before it) to the point's
 * end; offsets (`*_at`) are into text. */
typedef struct kj_point_text {
    long line;                  /* where the point begins: stored as the row's line */
    const char *text;
    size_t text_n;
    size_t own;                 /* where the point itself starts in text (a rejects file gets text + own) */
    int col0;
    const char *time, *lat, *lon, *accuracy; /* as written (NULL: none) */
    size_t time_at, lat_at, lon_at, accuracy_at;
    const char *error;          /* set: the point is a bad row, with this message (and hint), at error_at */
    const char *hint;
    size_t error_at;
} kj_point_text;

typedef struct kj_track_reader {
    void *import;               /* passed back to each function below */
    kj_mem *mem;                /* the import's call */
    FILE *file;                 /* the file, at its start */
    /* the bytes read: hashed, and counted for the progress line */
    void (*bytes)(void *import, const void *p, size_t n);
    /* the import has failed (reported): stop reading */
    int (*failed)(void *import);
    /* a point: a row of the trace, stored or rejected */
    void (*point)(void *import, const kj_point_text *p);
    /* what a property or element name is to a trace: 't' a time, 'a' an
     * accuracy in metres, 'u' an accuracy in another unit, 'U' the unit an
     * accuracy is written in (accuracy_unit), 0 nothing read */
    int (*name)(void *import, const char *name);
    /* a diagnostic at line:col (line_text: that line, or NULL); an error
     * fails the import */
    void (*say)(void *import, kj_severity severity, long line, int col, const char *line_text, const char *hint,
                const char *message);
    /* the rejects file: `head` before the first bad point, `joint`
     * between two, `tail` after the last (each copied) */
    void (*rejects_frame)(void *import, const char *head, size_t head_n, const char *joint, const char *tail);
} kj_track_reader;

/* The readers: 0, or -1 (reported). */
int kj_read_gpx(const kj_track_reader *r);
int kj_read_geojson(const kj_track_reader *r);

static inline void kj_track_say(const kj_track_reader *r, kj_severity severity, long line, int col, const char *line_text,
                                const char *hint, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static inline void kj_track_say(const kj_track_reader *r, kj_severity severity, long line, int col, const char *line_text,
                                const char *hint, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->say(r->import, severity, line, col, line_text, hint, msg);
}

#endif
