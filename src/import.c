/* import — CSV exports (a landing log, a guest book, phone locations) into
 * the case's store, in one transaction: either every good row of the file
 * is in the store with its CSV line, or nothing is (docs/records.md).
 *
 * The CSV is read as a stream (libcsv, one physical line at a time, so each
 * row knows the line it begins on); memory does not grow with the file.
 * Times are read by the case language's rules in the register's zone (a
 * fast path for plain ISO dates and times, checked against the general
 * reader day by day); places are resolved against the case.  A CSV's
 * separator is named or read from its header (choose_delimiter).  A GPX
 * track or GeoJSON points go into a trace: their readers (track.h) hand
 * each point here as a row of four columns, through the same checks,
 * store and rejects file.
 *
 * The rows go into the store through backend.h: an SQLite file, or a
 * PostgreSQL database (where they are staged and moved in at the end).
 *
 * The import is a call of its own (mem.h), on a case loaded by another:
 * when memory runs out it returns exit status 3 having rolled back its
 * transaction, removed a store it created and its rejects file, closed
 * what it opened and freed what it allocated. */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unicode/utf8.h>
#include <unistd.h>

#include "backend.h"
#include "kj.h"
#include "suggest.h"
#include "track.h"
#include "output.h"
#include "placed.h"
#include "stmt.h"

/* How long an import waits for another import's transaction to end
 * before it gives up (exit 3): long enough for most imports to finish. */
#define KJ_IMPORT_WAIT_MS 60000

/* The most columns a row may have: a wider header is refused, a wider
 * row is a bad row. */
#define KJ_IMPORT_COLUMNS_MAX 4096

/* Bad rows (and offset warnings) shown one by one; the rest are counted
 * (every bad row is in the rejects file). */
#define KJ_IMPORT_ROWS_SHOWN 10

enum field {
    F_IGNORE, F_TIME, F_CLOCK, F_PLACE, F_EVENT, F_SUBJECT, F_NOTE, F_LAT, F_LON, F_ACCURACY, F_ATTR
};
static const char *const field_names[] = {"ignore", "time",    "clock", "place",    "event", "subject",
                                          "note",   "lat",     "lon",   "accuracy", NULL};

/* How a time column's values are written: as the case language writes
 * times, or as Unix time (only when mapped so: never guessed from a
 * value's size, since 1700000000 is no less a year 1700000000 to a
 * reader who does not know). */
enum time_format { TIME_TEXT, TIME_EPOCH_S, TIME_EPOCH_MS };
static const char *const time_format_names[] = {"time", "epoch", "epoch-ms"};

/* What the file is: told from its content (detect_format), or named. */
enum input_format { FMT_CSV, FMT_GPX, FMT_GEOJSON };
static const char *const format_names[] = {"csv", "gpx", "geojson"};

typedef struct column {
    char *name;     /* header text */
    char *base;     /* the name compared: lower case, trimmed, without its unit */
    const char *unit; /* the unit it ends in ("m" of "accuracy_m"), or NULL */
    enum field f;
    char *key;      /* F_ATTR: the attribute's key */
    enum time_format format; /* F_TIME */
} column;

typedef struct day_offset {
    int64_t day;    /* local day number + 1 (0 = empty slot) */
    int64_t lo, hi; /* UTC of its midnight and of the next */
    int fixed;      /* one UTC offset all day */
} day_offset;

struct importer {
    kj_mem *mem;                 /* the import's call: every buffer below is its (mem.h) */
    kj_case *c;
    int target;                  /* register or trace statement */
    int trace;
    const char *path;
    kj_diag_fn diag_fn;
    void *diag_ctx;
    const kj_import_opts *o;
    /* columns */
    column *cols;
    int n_cols, header_done;
    int col[F_ATTR];             /* column of each single field, or -1 */
    /* the row being read */
    char **vals;
    size_t *lens, *offs;
    char *fbuf;                  /* the row's fields, NUL-terminated, one after another */
    char *abuf;                  /* the row's attribute values, joined */
    size_t abuf_cap;
    char *tbuf;                  /* the row's time and clock, joined */
    size_t tbuf_cap;
    size_t fbuf_n, fbuf_cap;
    int n_vals, cap_vals, too_many;
    char *raw;                   /* the row's bytes, for the rejects file and carets */
    size_t raw_n, raw_cap;
    long line, row_line;
    int row_done;
    kj_readopts readopts;        /* the case's, with --date-order */
    enum time_format time_format;/* of the time column */
    /* zones */
    const char *zones[KJ_ZONES_MAX];
    int n_zones;
    day_offset *days;            /* by local day: 1 << 16 slots, 179 years without collision */
    uint64_t days_mask;
    /* input */
    FILE *csv;                   /* the file imported */
    kj_mem_cleanup *on_csv;      /* closes it if the call fails */
    /* output */
    kj_backend st;
    const char *store_file;      /* the store's file, or its connection string */
    const char *journal;         /* an SQLite store's rollback journal, or NULL */
    int began;                   /* the import's transaction is open */
    kj_mem_cleanup *on_store, *on_transaction, *on_rejects;
    kj_row_in row;               /* the row being stored */
    kj_rows_digest digest;       /* of the rows stored (imports.rows_sha256) */
    int64_t import_id;
    kj_output rejects_out;       /* where bad rows go (output.h) */
    FILE *rejects;               /* its stream, or NULL once closed */
    char *header_raw;            /* the header's bytes: written before the first bad row */
    size_t header_n;
    int header_written;
    long good, bad, shown;
    long warned;                 /* rows whose offset disagrees with the zone, or whose weekday
                                    with the date, shown (at most KJ_IMPORT_ROWS_SHOWN) */
    int64_t widest;              /* the longest row interval */
    const char *reg_place;       /* the register's place id */
    /* progress */
    int progress;
    off_t size, done_bytes;
    double t0, last;
    int failed;                  /* a fatal problem (reported) */
    int header_only, stop;       /* read the header only (header_mapping), and stop there */
    /* the CSV's separator */
    unsigned char delim;         /* ',' ';' '\t' or '|' */
    int delim_sniffed;           /* read from the header (choose_delimiter), not given */
    int sniff_failed;            /* no separator fits the header: its errors say which were tried */
    int sniffing, fits;          /* header() says only whether the header fits the target */
    /* a track's points (track.h): columns time, lat, lon, accuracy */
    enum input_format format;
    size_t raw_skip;             /* raw's bytes before the point itself (its line's start) */
    int raw_col0;                /* columns before raw on its first line (0: raw starts the line) */
    size_t field_at[4];          /* each column's offset in raw */
    const char *rejects_joint, *rejects_tail; /* between two bad points, after the last */
    struct sha256_ctx *hash;     /* of the file, as the track's reader reads it */
    int internal;                /* the failure is the store's or the system's (a full disk): exit 3 */
};

typedef struct importer importer;

/* Memory ran out, in a library the import uses too: the call fails (mem.h). */
#define out_of_memory(m) kj_mem_fail((m), KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory")

/* ---- diagnostics --------------------------------------------------------- */

static void diag(importer *im, long line, int col, int len, const char *line_text, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static void diag(importer *im, long line, int col, int len, const char *line_text, const char *hint, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!im->diag_fn) return;
    kj_diag d = {.file = im->path, .line = (int)line, .col = col, .len = len > 0 ? len : 1, .message = msg, .hint = hint,
                 .line_text = line_text};
    im->diag_fn(im->diag_ctx, &d);
}

/* A failure of the store (I/O, a full disk, a lock held too long) is not
 * bad input: it is reported, and the import exits 3.  A role that may
 * not import is refused (exit 2), and so is a store whose servers are
 * not set up for it (KJ_BACKEND_SETUP).  The store running out of memory is
 * the import's memory running out: the call fails (mem.h). */
static void store_failed(importer *im)
{
    kj_backend_error e = im->st.ops->error(&im->st);
    if (e == KJ_BACKEND_NOMEM) out_of_memory(im->mem);
    const char *hint = e == KJ_BACKEND_BUSY     ? "another kjeller holds it (an import, a drop, or a check of a store on several "
                                                  "servers): try again when it has finished"
                       : e == KJ_BACKEND_DENIED ? "this role may read the store but not import into it: import as a role that "
                                                  "may (docs/records.md)"
                       : e == KJ_BACKEND_SETUP  ? kj_store_open_hint(KJ_STORE_SHARDS)
                                                : NULL;
    diag(im, 0, 1, 1, NULL, hint, "store '%s': %s", im->store_file, im->st.ops->message(&im->st));
    im->failed = 1;
    im->internal = e != KJ_BACKEND_DENIED && e != KJ_BACKEND_SETUP;
}

/* The first physical line of the current row (no newline), and the
 * 1-based column where field k starts in it (quotes respected), or 1. */
static const char *row_text(importer *im, int k, int *col, int *len)
{
    size_t end = 0;
    while (end < im->raw_n && im->raw[end] != '\n' && im->raw[end] != '\r') end++;
    char *t = kj_arena_alloc(&im->c->arena, end + 1);
    memcpy(t, im->raw, end);
    t[end] = 0;
    int field = 0, q = 0;
    size_t i = 0, start = 0;
    for (; i < end && field < k; i++) {
        if (t[i] == '"') q = !q;
        else if (t[i] == (char)im->delim && !q) {
            field++;
            start = i + 1;
        }
    }
    if (field < k) start = end;
    size_t stop = start;
    q = 0;
    while (stop < end && (q || t[stop] != (char)im->delim)) q ^= t[stop++] == '"';
    *col = (int)start + 1;
    *len = stop > start ? (int)(stop - start) : 1;
    return t;
}

/* ---- columns ------------------------------------------------------------- */

static int is_key(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.')) return 0;
    return 1;
}

/* A unit word a header name may end in, and what it measures. */
enum unit_kind { UNIT_NONE, UNIT_DEGREES, UNIT_METRES, UNIT_OTHER };

static enum unit_kind unit_kind(const char *u)
{
    static const char *const degrees[] = {"deg", "degree", "degrees", "\xc2\xb0", "dd"};
    static const char *const metres[] = {"m", "meter", "meters", "metre", "metres"};
    static const char *const others[] = {"ft", "feet", "foot", "km", "mi", "miles", "yd", "yards", "rad", "radians", "nm", "cm", "mm"};
    for (size_t i = 0; i < sizeof degrees / sizeof *degrees; i++)
        if (!strcmp(u, degrees[i])) return UNIT_DEGREES;
    for (size_t i = 0; i < sizeof metres / sizeof *metres; i++)
        if (!strcmp(u, metres[i])) return UNIT_METRES;
    for (size_t i = 0; i < sizeof others / sizeof *others; i++)
        if (!strcmp(u, others[i])) return UNIT_OTHER;
    return UNIT_NONE;
}

/* A header name as compared with the names below: lower case, without the
 * spaces around it, and without a unit at its end ("Accuracy (m)",
 * "accuracy_m", "lat [deg]", "Latitude deg"), which is left in b after
 * it (*unit).  b holds strlen(name) + 1 bytes. */
static char *header_base(char *b, const char *name, const char **unit)
{
    while (*name == ' ' || *name == '\t') name++;
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t')) n--;
    for (size_t i = 0; i < n; i++) b[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
    b[n] = 0;
    *unit = NULL;
    char *u = NULL;
    if (n > 2 && (b[n - 1] == ')' || b[n - 1] == ']')) { /* "NAME (UNIT)", "NAME [UNIT]" */
        char *open = strrchr(b, b[n - 1] == ')' ? '(' : '[');
        if (open && open > b) {
            b[n - 1] = 0;
            u = open + 1;
            *open = 0;
        }
    } else { /* "NAME_UNIT", "NAME UNIT" */
        char *sep = NULL;
        for (char *p = b; *p; p++)
            if (*p == '_' || *p == ' ') sep = p;
        if (sep && sep > b && unit_kind(sep + 1) != UNIT_NONE) {
            u = sep + 1;
            *sep = 0;
        }
    }
    if (u) {
        char *end = b + strlen(b);
        while (end > b && (end[-1] == ' ' || end[-1] == '_')) *--end = 0;
        *unit = u;
    }
    return b;
}

/* What follows an accuracy's name at the start of a header base
 * ("ft" of "accuracy-ft", "unit" of "accuracy_unit"; "" of "accuracy"),
 * or NULL when it does not start with one. */
static const char *after_accuracy_name(const char *base)
{
    static const char *const names[] = {"horizontal_accuracy", "horizontalaccuracy", "horizontal accuracy", "accuracy", "radius"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t n = strlen(names[i]);
        if (strncmp(base, names[i], n)) continue;
        const char *rest = base + n;
        if (*rest == '_' || *rest == '-' || *rest == '.' || *rest == ' ') rest++;
        return rest;
    }
    return NULL;
}

static int is_unit_word(const char *s)
{
    return !strcmp(s, "unit") || !strcmp(s, "units") || !strcmp(s, "uom");
}

/* Whether a header base names the unit an accuracy is written in
 * ("unit", "accuracy_unit", "radius units"), not a value. */
static int names_unit(const char *base)
{
    const char *rest = after_accuracy_name(base);
    return is_unit_word(base) || (rest && is_unit_word(rest));
}

/* Whether a header base is an accuracy's name and a unit that the
 * header's unit rules do not split off ("accuracy-ft", "accuracy.m",
 * "accuracy_in"): an accuracy the trace would otherwise ignore. */
static int names_accuracy_in_unit(const char *base)
{
    const char *rest = after_accuracy_name(base);
    return rest && *rest &&
           (unit_kind(rest) != UNIT_NONE || !strcmp(rest, "in") || !strcmp(rest, "inch") || !strcmp(rest, "inches"));
}

/* The field a column is by its name (cl->base and cl->unit set; base is
 * in `space`, strlen(cl->name) + 1 bytes, or else in the case's arena). */
static enum field default_field(importer *im, column *cl, const char **key, char *space)
{
    static const struct { const char *name; enum field f; int trace; } names[] = {
        {.name = "time", .f = F_TIME, .trace = 2}, {.name = "date", .f = F_TIME, .trace = 2},
        {.name = "datetime", .f = F_TIME, .trace = 2}, {.name = "date_time", .f = F_TIME, .trace = 2},
        {.name = "timestamp", .f = F_TIME, .trace = 2}, {.name = "when", .f = F_TIME, .trace = 2},
        {.name = "clock", .f = F_CLOCK, .trace = 2}, {.name = "place", .f = F_PLACE, .trace = 2},
        {.name = "note", .f = F_NOTE, .trace = 2}, {.name = "event", .f = F_EVENT, .trace = 0},
        {.name = "subject", .f = F_SUBJECT, .trace = 0}, {.name = "lat", .f = F_LAT, .trace = 1},
        {.name = "latitude", .f = F_LAT, .trace = 1}, {.name = "lon", .f = F_LON, .trace = 1},
        {.name = "lng", .f = F_LON, .trace = 1}, {.name = "long", .f = F_LON, .trace = 1},
        {.name = "longitude", .f = F_LON, .trace = 1}, {.name = "accuracy", .f = F_ACCURACY, .trace = 1},
        {.name = "radius", .f = F_ACCURACY, .trace = 1}, {.name = "horizontal_accuracy", .f = F_ACCURACY, .trace = 1},
        {.name = "horizontalaccuracy", .f = F_ACCURACY, .trace = 1}, {.name = "horizontal accuracy", .f = F_ACCURACY, .trace = 1}};
    cl->base = header_base(space ? space : kj_arena_alloc(&im->c->arena, strlen(cl->name) + 1), cl->name, &cl->unit);
    enum unit_kind u = cl->unit ? unit_kind(cl->unit) : UNIT_NONE;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        enum field f = names[i].f;
        if (strcmp(cl->base, names[i].name) || (names[i].trace != 2 && names[i].trace != im->trace)) continue;
        /* a unit only where it is the field's: an accuracy in feet is
         * refused by header(), never read as metres */
        if (!cl->unit || ((f == F_LAT || f == F_LON) && u == UNIT_DEGREES) || f == F_ACCURACY) return f;
    }
    if (im->trace) return F_IGNORE; /* a trace is time and position; other columns are kept in the CSV */
    char *k = kj_arena_strdup(&im->c->arena, cl->name);
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    *key = k;
    return F_ATTR;
}

/* The column a --map COLUMN=FIELD names (letter case aside), or -1. */
static int map_column(const importer *im, const char *spec)
{
    const char *eq = strrchr(spec, '=');
    for (int i = 0; eq && i < im->n_cols; i++)
        if ((size_t)(eq - spec) == strlen(im->cols[i].name) && !strncasecmp(spec, im->cols[i].name, (size_t)(eq - spec)))
            return i;
    return -1;
}

/* Field named on the command line (--map COLUMN=FIELD). */
static int map_field(importer *im, const char *w, enum field *f, const char **key, enum time_format *format)
{
    *format = TIME_TEXT;
    for (int i = TIME_EPOCH_S; i <= TIME_EPOCH_MS; i++)
        if (!strcmp(w, time_format_names[i])) {
            *f = F_TIME;
            *format = (enum time_format)i;
            return 0;
        }
    for (int i = 0; field_names[i]; i++)
        if (!strcmp(w, field_names[i])) {
            *f = (enum field)i;
            if (im->trace ? (*f == F_EVENT || *f == F_SUBJECT) : (*f >= F_LAT && *f <= F_ACCURACY)) return -1;
            return 0;
        }
    if (im->trace || !is_key(w)) return -1;
    *f = F_ATTR;
    *key = w;
    return 0;
}

/* Two columns of one name (letter case aside) are refused for the whole
 * file: --map could not tell them apart, and two values for one attribute
 * would be stored joined -- a civil landing excluded as not civil. */
static void duplicate_names(importer *im)
{
    for (int j = 1; j < im->n_cols && !im->failed; j++)
        for (int i = 0; i < j; i++) {
            if (strcasecmp(im->cols[i].name, im->cols[j].name)) continue;
            int col, len;
            const char *t = row_text(im, j, &col, &len);
            const char *hint = "rename one of them in the header: --map names a column by its header, so it cannot tell them apart";
            if (strcmp(im->cols[i].name, im->cols[j].name))
                diag(im, im->row_line, col, len, t, hint, "columns %d '%s' and %d '%s' have one name (letter case aside)", i + 1,
                     im->cols[i].name, j + 1, im->cols[j].name);
            else
                diag(im, im->row_line, col, len, t, hint, "column '%s' appears twice in the header (columns %d and %d)",
                     im->cols[j].name, i + 1, j + 1);
            im->failed = 1;
            break;
        }
}

/* Two columns mapped to one attribute key: refused, as two of one name. */
static void duplicate_keys(importer *im)
{
    for (int j = 1; j < im->n_cols && !im->failed; j++)
        for (int i = 0; i < j && im->cols[j].f == F_ATTR; i++) {
            if (im->cols[i].f != F_ATTR || strcmp(im->cols[i].key, im->cols[j].key)) continue;
            int col, len;
            const char *t = row_text(im, j, &col, &len);
            diag(im, im->row_line, col, len, t, "map one of them elsewhere with --map 'COLUMN=ignore' (or to another key)",
                 "columns '%s' and '%s' are both the attribute '%s'", im->cols[i].name, im->cols[j].name, im->cols[j].key);
            im->failed = 1;
            break;
        }
}

/* Whether the header, split by the separator tried, has the columns the
 * target needs -- a time, and a trace's position -- with the --maps, each
 * of which must name one of its columns (choose_delimiter). */
static int header_fits(importer *im)
{
    if (im->n_cols < 2) return 0;
    int have[F_ATTR + 1] = {0};
    enum field *f = kj_arena_alloc(&im->c->arena, sizeof(enum field) * (size_t)im->n_cols);
    for (int i = 0; i < im->n_cols; i++) f[i] = im->cols[i].f;
    for (int m = 0; m < im->o->n_maps; m++) {
        int i = map_column(im, im->o->maps[m]);
        enum time_format format;
        const char *key = NULL;
        if (i < 0 || map_field(im, strrchr(im->o->maps[m], '=') + 1, &f[i], &key, &format) != 0) return 0;
    }
    for (int i = 0; i < im->n_cols; i++) have[f[i]] = 1;
    return have[F_TIME] && (!im->trace || have[F_PLACE] || (have[F_LAT] && have[F_LON]));
}

/* What an error about the header's columns adds when no separator fitted. */
static const char *sniff_note(const importer *im)
{
    return im->sniff_failed ? " (split at any of ',' ';' tab '|')" : "";
}

static const char *sniff_hint(const importer *im, const char *hint)
{
    if (!im->sniff_failed) return hint;
    return kj_arena_printf(&im->c->arena, "%s; if the file has another separator, name it: --delimiter ';' (or , tab '|')", hint);
}

/* Names the columns from the header: by their names, then the --maps. */
static void header(importer *im)
{
    im->n_cols = im->n_vals;
    im->cols = kj_arena_alloc(&im->c->arena, sizeof(column) * (size_t)(im->n_cols + 1));
    for (int k = 0; k < F_ATTR; k++) im->col[k] = -1;
    int date = -1, time = -1, clock = 0;
    for (int i = 0; i < im->n_cols; i++) {
        column *cl = &im->cols[i];
        cl->name = kj_arena_strdup(&im->c->arena, im->vals[i]);
        const char *key = NULL;
        cl->f = default_field(im, cl, &key, NULL);
        cl->key = (char *)key;
        cl->format = TIME_TEXT;
        if (!strcmp(cl->base, "date") && !cl->unit) date = i;
        if (!strcmp(cl->base, "time") && !cl->unit) time = i;
        clock |= cl->f == F_CLOCK;
    }
    /* "date" and "time" columns: a date and its time of day, read
     * together ("1935-12-05, 14:30"); a time column that holds more than
     * a time of day makes the row unreadable, never misread */
    if (date >= 0 && time >= 0 && !clock) im->cols[time].f = F_CLOCK;
    if (im->sniffing) {
        im->fits = header_fits(im);
        return;
    }
    duplicate_names(im);
    if (im->failed) return;
    const char **mapped_by = kj_arena_alloc(&im->c->arena, sizeof(char *) * (size_t)(im->n_cols + 1));
    memset(mapped_by, 0, sizeof(char *) * (size_t)(im->n_cols + 1));
    for (int m = 0; m < im->o->n_maps; m++) {
        const char *spec = im->o->maps[m];
        const char *eq = strrchr(spec, '=');
        int found = map_column(im, spec);
        if (found < 0) {
            kj_suggest header = {.written = spec, .written_len = eq ? (size_t)(eq - spec) : 0, .limit = 3};
            for (int i = 0; eq && i < im->n_cols; i++) kj_suggest_offer(&header, im->cols[i].name);
            char hint[320];
            if (!kj_suggest_hint(header.best, hint, sizeof hint))
                snprintf(hint, sizeof hint, "write --map COLUMN=FIELD with COLUMN as in the header");
            diag(im, 1, 1, 1, NULL, sniff_hint(im, hint),
                 eq ? "--map '%s': the header has no column '%.*s'%s" : "--map '%s': expected COLUMN=FIELD", spec,
                 eq ? (int)(eq - spec) : 0, spec, sniff_note(im));
            im->failed = 1;
            continue;
        }
        enum field f;
        enum time_format format;
        const char *key = NULL;
        if (map_field(im, eq + 1, &f, &key, &format) != 0) {
            diag(im, 1, 1, 1, NULL,
                 im->trace ? "a trace's fields are time, epoch, epoch-ms, clock, lat, lon, accuracy, place, note and ignore"
                           : "a register's fields are time, epoch, epoch-ms, clock, place, event, subject, note, ignore, or an attribute key (lower case)",
                 "--map '%s': '%s' is not a field", spec, eq + 1);
            im->failed = 1;
            continue;
        }
        if (mapped_by[found]) {
            diag(im, 1, 1, 1, NULL, "map each column once", "--map '%s': column '%s' is already mapped by --map '%s'", spec,
                 im->cols[found].name, mapped_by[found]);
            im->failed = 1;
            continue;
        }
        mapped_by[found] = spec;
        im->cols[found].f = f;
        im->cols[found].key = (char *)key;
        im->cols[found].format = format;
    }
    /* a --map wins: a column that has its field only by its name gives it up */
    for (int i = 0; i < im->n_cols; i++)
        for (int j = 0; mapped_by[i] && im->cols[i].f != F_ATTR && im->cols[i].f != F_IGNORE && j < im->n_cols; j++)
            if (j != i && !mapped_by[j] && im->cols[j].f == im->cols[i].f) im->cols[j].f = F_IGNORE;
    duplicate_keys(im);
    for (int i = 0; i < im->n_cols && !im->failed; i++) {
        column *cl = &im->cols[i];
        if (cl->f == F_ACCURACY && cl->unit && unit_kind(cl->unit) != UNIT_METRES) {
            int col, len;
            const char *t = row_text(im, i, &col, &len);
            diag(im, 1, col, len, t, "convert the column to metres, or --map 'COLUMN=ignore' to give every point the trace's radius",
                 "column '%s' is an accuracy in '%s': kjeller reads accuracies in metres only", cl->name, cl->unit);
            im->failed = 1;
        } else if ((cl->f == F_LAT || cl->f == F_LON) && cl->unit && unit_kind(cl->unit) != UNIT_NONE &&
                   unit_kind(cl->unit) != UNIT_DEGREES) {
            /* "lat_rad" mapped to lat: its numbers are not degrees */
            int col, len;
            const char *t = row_text(im, i, &col, &len);
            diag(im, 1, col, len, t, "convert the column to decimal degrees (WGS 84)",
                 "column '%s' is a %s in '%s': kjeller reads coordinates in decimal degrees only", cl->name,
                 cl->f == F_LAT ? "latitude" : "longitude", cl->unit);
            im->failed = 1;
        } else if (cl->f == F_ATTR && !is_key(cl->key)) {
            int col, len;
            const char *t = row_text(im, i, &col, &len);
            diag(im, 1, col, len, t, "name its attribute with --map 'COLUMN=key' (lower-case letters, digits, _ - .), or --map 'COLUMN=ignore'",
                 "column '%s' cannot be an attribute key", cl->name);
            im->failed = 1;
        } else if (cl->f != F_ATTR && cl->f != F_IGNORE) {
            if (im->col[cl->f] >= 0) {
                int col, len;
                const char *t = row_text(im, i, &col, &len);
                diag(im, 1, col, len, t, "map one of them elsewhere with --map 'COLUMN=ignore'",
                     "columns '%s' and '%s' are both the %s", im->cols[im->col[cl->f]].name, cl->name, field_names[cl->f]);
                im->failed = 1;
            }
            im->col[cl->f] = i;
        }
    }
    for (int i = 0; i < im->n_cols && im->trace && !im->failed; i++) {
        column *cl = &im->cols[i];
        int unit = im->col[F_ACCURACY] >= 0 && cl->f != F_ACCURACY && names_unit(cl->base);
        if (!unit && (mapped_by[i] || cl->f != F_IGNORE || !names_accuracy_in_unit(cl->base))) continue;
        int col, len;
        const char *t = row_text(im, i, &col, &len);
        if (unit)
            diag(im, 1, col, len, t, "convert the accuracies to metres and remove the unit column, or --map 'COLUMN=ignore' for the accuracy column to give every point the trace's radius",
                 "column '%s' gives the unit of the accuracy '%s': kjeller reads accuracies in metres only", cl->name,
                 im->cols[im->col[F_ACCURACY]].name);
        else
            diag(im, 1, col, len, t, "convert the column to metres and name it 'accuracy', or --map 'COLUMN=ignore' to give every point the trace's radius",
                 "column '%s' looks like an accuracy in a unit: kjeller reads accuracies in metres only", cl->name);
        im->failed = 1;
    }
    if (im->failed) return;
    if (im->col[F_TIME] < 0) {
        diag(im, 1, 1, 1, NULL, sniff_hint(im, "name the time column 'time' or 'date', or map it: --map 'COLUMN=time'"),
             "the header has no time column%s", sniff_note(im));
        im->failed = 1;
    } else {
        im->time_format = im->cols[im->col[F_TIME]].format;
    }
    if (im->time_format != TIME_TEXT && im->col[F_CLOCK] >= 0) {
        diag(im, 1, 1, 1, NULL, "a Unix time is a date and a time of day: map the clock column with --map 'COLUMN=ignore'",
             "columns '%s' and '%s': a Unix time has no separate time of day", im->cols[im->col[F_TIME]].name,
             im->cols[im->col[F_CLOCK]].name);
        im->failed = 1;
    }
    if (im->trace && im->col[F_PLACE] < 0 && (im->col[F_LAT] < 0 || im->col[F_LON] < 0)) {
        diag(im, 1, 1, 1, NULL, sniff_hint(im, "a trace needs 'lat' and 'lon' columns (or 'place'); map them with --map"),
             "the header has no position columns%s", sniff_note(im));
        im->failed = 1;
    }
}

/* ---- times ---------------------------------------------------------------- */

static int digits(const char *s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 1;
}

/* YYYY-MM-DD, then optionally [ T]HH:MM[:SS] (in `t`, or in `clock`).
 * Returns the precision in seconds (86400, 60, 1) or 0. */
static int iso_parts(const char *t, const char *clock, int *y, int *mo, int *d, int *secs)
{
    size_t n = strlen(t);
    if (n < 10 || !digits(t, 4, y) || t[4] != '-' || !digits(t + 5, 2, mo) || t[7] != '-' || !digits(t + 8, 2, d)) return 0;
    if (*mo < 1 || *mo > 12 || *d < 1 || *d > 28 + 3) return 0;
    const char *c = NULL;
    if (n == 10) c = clock && *clock ? clock : NULL;
    else if ((t[10] == ' ' || t[10] == 'T') && !(clock && *clock)) c = t + 11;
    else return 0;
    *secs = 0;
    if (!c) return 86400;
    int h, mi, s = 0;
    size_t m = strlen(c);
    if ((m != 5 && m != 8) || !digits(c, 2, &h) || c[2] != ':' || !digits(c + 3, 2, &mi)) return 0;
    if (m == 8 && (c[5] != ':' || !digits(c + 6, 2, &s))) return 0;
    if (h > 23 || mi > 59 || s > 59) return 0;
    *secs = h * 3600 + mi * 60 + s;
    return m == 8 ? 1 : 60;
}

/* A plain ISO time in a day with one UTC offset throughout: converted from
 * the day's midnights (looked up once per day).  Anything else -> -1. */
static int fast_time(importer *im, const char *t, const char *clock, kj_interval *iv)
{
    int y, mo, d, secs;
    int prec = im->n_zones == 1 ? iso_parts(t, clock, &y, &mo, &d, &secs) : 0;
    if (!prec) return -1;
    int64_t day = kj_days_from_civil(y, mo, d);
    int ny, nm, nd;
    kj_civil_from_days(day, &ny, &nm, &nd);
    if (ny != y || nm != mo || nd != d) return -1; /* 31 April: the general reader says why */
    day_offset *e = &im->days[(uint64_t)day & im->days_mask];
    if (e->day != day + 1) {
        int64_t f0 = 0;
        e->day = day + 1;
        e->fixed = kj_tz_fixed_day_c(im->c->readopts.tz_cache, im->zones[0], y, mo, d, &f0);
        e->lo = f0;
        e->hi = f0 + 86400;
    }
    if (!e->fixed) return -1;
    iv->lo = prec == 86400 ? e->lo : e->lo + secs;
    iv->hi = prec == 86400 ? e->hi : iv->lo + prec;
    return 0;
}

/* 1 January of years 1 and 10000, UTC: the calendar's (timex.c) */
#define EPOCH_MIN_S INT64_C(-62135596800)
#define EPOCH_END_S INT64_C(253402300800)

/* A Unix time: -?DIGITS seconds (a fraction: the whole second it lies
 * in) or, for epoch-ms, -?DIGITS milliseconds (the whole second they lie
 * in: never narrower than what is written).  0, or -1 with r's error. */
static int epoch_time(const char *t, int ms, kj_interval *iv, kj_timex_result *r)
{
    const char *p = t + (*t == '-');
    int64_t v = 0, frac = 0;
    int n = 0;
    for (; *p >= '0' && *p <= '9' && n < 16; p++, n++) v = v * 10 + (*p - '0');
    if (!ms && *p == '.' && p[1] >= '0' && p[1] <= '9') {
        p++;
        for (; *p >= '0' && *p <= '9'; p++) frac |= *p != '0';
    }
    int64_t unit = ms ? 1000 : 1, s = *t == '-' ? -(v / unit) - ((v % unit) != 0 || frac) : v / unit;
    memset(r, 0, sizeof *r);
    if (n == 0 || *p || n >= 16) {
        snprintf(r->error, sizeof r->error, "expected %s since 1970-01-01 00:00 UTC, found '%s'",
                 ms ? "whole milliseconds" : "seconds", t);
        snprintf(r->hint, sizeof r->hint, "the column is mapped as %s", ms ? "epoch-ms" : "epoch");
        return -1;
    }
    if (s < EPOCH_MIN_S || s >= EPOCH_END_S) {
        snprintf(r->error, sizeof r->error, "Unix time '%s' is outside the years 1..9999", t);
        /* (milliseconds read as seconds land far past the years 1..9999;
         * the reverse is within range and cannot be told) */
        if (!ms && (s >= EPOCH_END_S ? s / 1000 < EPOCH_END_S : s / 1000 >= EPOCH_MIN_S))
            snprintf(r->hint, sizeof r->hint, "if the column holds milliseconds, map it as epoch-ms");
        return -1;
    }
    iv->lo = s;
    iv->hi = s + 1;
    return 0;
}

static int row_time(importer *im, const char *t, const char *clock, kj_interval *iv, kj_timex_result *r)
{
    r->warning[0] = '\0'; /* (the fast path sets nothing else: r is 25 KB, one per row) */
    r->n_slips = 0;
    if (im->time_format != TIME_TEXT) return epoch_time(t, im->time_format == TIME_EPOCH_MS, iv, r);
    if (fast_time(im, t, clock, iv) == 0) return 0;
    char buf[600];
    snprintf(buf, sizeof buf, clock && *clock ? "%s, %s" : "%s", t, clock ? clock : "");
    memset(r, 0, sizeof *r);
    if (kj_timex_parse(buf, im->zones, im->n_zones, KJ_READ_WIDE, &im->readopts, r) != 0) return -1;
    *iv = r->when;
    return 0;
}

/* A hint for a time column that holds what looks like a Unix time. */
static const char *epoch_hint(const char *t)
{
    size_t n = strspn(t + (*t == '-'), "0123456789");
    if (n < 9 || t[(*t == '-') + n]) return NULL;
    return "if the column holds Unix times, map it: --map 'COLUMN=epoch' (seconds) or 'COLUMN=epoch-ms'";
}

/* ---- rows ------------------------------------------------------------------ */

/* Counts the current row as bad and copies it to the rejects file (after
 * the header, the first time); returns whether it is one to show. */
static int count_bad(importer *im)
{
    im->bad++;
    if (im->rejects) {
        if (!im->header_written) fwrite(im->header_raw, 1, im->header_n, im->rejects);
        else if (im->rejects_joint) fputs(im->rejects_joint, im->rejects);
        im->header_written = 1;
        fwrite(im->raw + im->raw_skip, 1, im->raw_n - im->raw_skip, im->rejects);
    }
    if (im->shown >= KJ_IMPORT_ROWS_SHOWN) return 0;
    im->shown++;
    return 1;
}

/* The physical line and column of byte `at` of the current row, and that
 * line's text (NUL bytes shown as '?', so the caret stays in place). */
static const char *byte_position(importer *im, size_t at, long *line, int *col)
{
    size_t start = 0;
    *line = im->row_line;
    for (size_t i = 0; i < at; i++)
        if (im->raw[i] == '\n') {
            ++*line;
            start = i + 1;
        }
    size_t end = start;
    while (end < im->raw_n && im->raw[end] != '\n' && im->raw[end] != '\r') end++;
    char *t = kj_arena_alloc(&im->c->arena, end - start + 1);
    for (size_t i = start; i < end; i++) t[i - start] = im->raw[i] ? im->raw[i] : '?';
    if ((unsigned char)t[at - start] >= 0x80) t[at - start] = '?'; /* not UTF-8: not for the terminal either */
    t[end - start] = 0;
    *col = (int)(at - start) + 1;
    if (*line == im->row_line && im->raw_col0) { /* (a part of a long line: no caret under it) */
        *col += im->raw_col0;
        return NULL;
    }
    return t;
}

static void bad_row(importer *im, int k, long at, const char *hint, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The row is bad at its field k, or (at >= 0) at its byte `at`: counted,
 * copied to the rejects file, and shown while fewer than KJ_IMPORT_ROWS_SHOWN were. */
static void bad_row(importer *im, int k, long at, const char *hint, const char *fmt, ...)
{
    if (!count_bad(im)) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line = im->row_line;
    int col, len = 1;
    if (at < 0 && im->format != FMT_CSV) at = (long)im->field_at[k]; /* a point's field */
    const char *t = at >= 0 ? byte_position(im, (size_t)at, &line, &col) : row_text(im, k, &col, &len);
    diag(im, line, col, len, t, hint, "%s", msg);
}
#define reject(im, k, ...) bad_row(im, k, -1, __VA_ARGS__)
#define reject_at(im, at, ...) bad_row(im, -1, (long)(at), __VA_ARGS__)

/* The first byte of the current row that is a NUL or not UTF-8 (RFC 3629,
 * ICU's reading: no overlong forms, no surrogates), or -1.  Fields are
 * strings to the rest of kjeller: a NUL would cut one short, and a byte
 * that is not UTF-8 would be read as something it is not. */
static long bad_byte(const importer *im)
{
    const uint8_t *s = (const uint8_t *)im->raw;
    int32_t n = im->raw_n > INT32_MAX ? INT32_MAX : (int32_t)im->raw_n, i = 0;
    while (i < n) {
        if (s[i] && s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t at = i;
        UChar32 ch;
        U8_NEXT(s, i, n, ch);
        if (ch <= 0) return at;
    }
    return -1;
}

static const char bad_byte_hint_nul[] = "a CSV export is text: is this a binary file?";
static const char bad_byte_hint_utf8[] = "the file must be UTF-8: convert it, e.g. iconv -f latin1 -t utf-8 FILE.csv";

/* The row (or header) has a NUL or a byte that is not UTF-8 at `at`. */
static void reject_bad_byte(importer *im, size_t at)
{
    unsigned char b = (unsigned char)im->raw[at];
    if (im->header_done) {
        if (b) reject_at(im, at, bad_byte_hint_utf8, "invalid UTF-8 byte 0x%02x", b);
        else reject_at(im, at, bad_byte_hint_nul, "NUL byte in a field");
        return;
    }
    long line;
    int col;
    const char *t = byte_position(im, at, &line, &col);
    if (b) diag(im, line, col, 1, t, bad_byte_hint_utf8, "invalid UTF-8 byte 0x%02x in the header", b);
    else diag(im, line, col, 1, t, bad_byte_hint_nul, "NUL byte in the header");
    im->failed = 1;
}

static const char *val(importer *im, enum field f)
{
    int k = im->col[f];
    return k >= 0 ? im->vals[k] : NULL;
}

/* A decimal number, and nothing else: -?DIGITS(.DIGITS)? as in a case
 * file (kj_number_len; a leading + too, which some exports write), never
 * strtod's exponents, hexadecimal, inf or leading spaces. */
static int parse_double(const char *s, double *v)
{
    const char *digits = *s == '+' ? s + 1 : s;
    size_t len = kj_number_len(digits);
    if (!len || digits[len] || (digits != s && *digits == '-')) return 0;
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return !*end && errno == 0 && isfinite(*v);
}

/* A number that may be written with a decimal comma ("59,913": one comma,
 * digits on both sides, no point), as exports in many languages write it.
 * In a CSV split at commas a field holds one only when it is quoted.
 * Returns 1 with *v, 0 when it is no number, and -1 when it may also be
 * read as a whole number with a thousands separator ("1,500": 1.5 or
 * 1500), with the two readings in *v and *thousands; `grouped` says
 * whether that second reading can be the field's (a coordinate's can
 * never: 1500 degrees is out of range anyway). */
static int parse_decimal(const char *s, int grouped, double *v, double *thousands)
{
    const char *comma = strchr(s, ',');
    if (!comma) return parse_double(s, v);
    if (strchr(comma + 1, ',') || strchr(s, '.')) return 0;
    size_t n = strlen(s);
    char buf[64];
    if (n >= sizeof buf) return 0;
    memcpy(buf, s, n + 1);
    buf[comma - s] = '.';
    const char *digits = s + (*s == '-' || *s == '+');
    size_t before = (size_t)(comma - digits), after = strlen(comma + 1);
    if (!before || !after || !parse_double(buf, v)) return 0;
    if (!grouped || *s == '-' || after != 3 || before > 3 || *digits == '0') return 1;
    memmove(buf + (comma - s), buf + (comma - s) + 1, n - (size_t)(comma - s));
    return parse_double(buf, thousands) ? -1 : 1;
}

/* Whether accuracy `acc` of a row whose lat or lon is written with a
 * decimal comma may be a whole number with '.' as its thousands
 * separator, as that convention writes it ("1.500": 1500 m), with that
 * reading in *thousands.  Leading zeros ("01.500") allow no such reading. */
static int point_thousands(const char *lat, const char *lon, const char *acc, double *thousands)
{
    if (!(lat && strchr(lat, ',')) && !(lon && strchr(lon, ','))) return 0;
    const char *dot = strchr(acc, '.');
    const char *digits = acc + (*acc == '+');
    size_t before = dot ? (size_t)(dot - digits) : 0;
    if (!dot || !before || before > 3 || *digits == '0' || strlen(dot + 1) != 3) return 0;
    for (const char *p = digits; *p; p++)
        if (p != dot && (*p < '0' || *p > '9')) return 0;
    char buf[8];
    memcpy(buf, digits, before);
    memcpy(buf + before, dot + 1, 4);
    return parse_double(buf, thousands);
}

static void place_hint(importer *im, const char *name, char *hint, size_t n)
{
    kj_suggest place = {.written = name, .written_len = strlen(name), .limit = (int)strlen(name) / 3 + 1};
    for (int i = 0; i < im->c->n_stmts; i++) {
        const kj_stmt *s = &im->c->stmts[i];
        if ((s->kind != ST_PLACE && s->kind != ST_ENTITY) || s->from_data) continue;
        kj_suggest_offer(&place, s->id);
    }
    if (!kj_suggest_hint(place.best, hint, n)) snprintf(hint, n, "places are the ids of the case's place statements");
}

/* Sets a value of the row being stored (im->row), and adds it to the
 * digest of the import's rows (store.h: the order of the calls is the
 * digest's). */
static void put_int(importer *im, int64_t *field, int64_t v)
{
    *field = v;
    kj_rows_digest_int(&im->digest, v);
}

static void put_real(importer *im, double *field, double v)
{
    *field = v;
    kj_rows_digest_real(&im->digest, v);
}

/* s NULL: NULL; n -1: up to its NUL */
static void put_text(importer *im, kj_text *field, const char *s, int n)
{
    if (s && n < 0) n = (int)strlen(s);
    *field = (kj_text){.s = s, .n = s ? (size_t)n : 0};
    kj_rows_digest_text(&im->digest, s, s ? (size_t)n : 0);
}

/* A row imported as written whose time disagrees with itself or its zone:
 * a warning at its time field (the first KJ_IMPORT_ROWS_SHOWN). */
static void warn_row_time(importer *im, const char *t, const char *why, const char *hint)
{
    if (im->warned >= KJ_IMPORT_ROWS_SHOWN) return;
    int col, len = 1;
    long line = im->row_line;
    const char *text = im->format == FMT_CSV ? row_text(im, im->col[F_TIME], &col, &len)
                                             : byte_position(im, im->field_at[im->col[F_TIME]], &line, &col);
    kj_diag d = {.file = im->path, .line = (int)line, .col = col, .len = len, .line_text = text,
                 .severity = KJ_DIAG_WARNING, .hint = hint};
    char msg[1024];
    snprintf(msg, sizeof msg, "time \"%s\": %s", t, why);
    d.message = msg;
    im->warned++;
    if (im->diag_fn) im->diag_fn(im->diag_ctx, &d);
}

/* Bad rows the import tolerates (--max-errors; --strict: none). */
static long tolerated(const importer *im)
{
    return im->o->strict || im->o->max_errors < 0 ? 0 : im->o->max_errors;
}

static void row(importer *im)
{
    kj_case *c = im->c;
    if (im->too_many || im->n_vals != im->n_cols) {
        char hint[200], sep[8] = "a tab", example[16] = "";
        if (im->delim != '\t') {
            snprintf(sep, sizeof sep, "'%c'", im->delim);
            snprintf(example, sizeof example, ": \"a%c b\"", im->delim);
        }
        snprintf(hint, sizeof hint, "quote fields that contain the separator %s%s%s", sep, example,
                 im->delim_sniffed ? " (the separator was read from the header: name another with --delimiter)" : "");
        reject(im, im->n_vals > im->n_cols ? im->n_cols : 0, hint, "row has %d field%s; the header has %d",
               im->n_vals, im->n_vals == 1 ? "" : "s", im->n_cols);
        return;
    }
    const char *t = val(im, F_TIME), *clock = val(im, F_CLOCK);
    if (!*t) {
        reject(im, im->col[F_TIME], NULL, "no time");
        return;
    }
    kj_interval iv;
    kj_timex_result r;
    if (row_time(im, t, clock, &iv, &r) != 0) {
        const char *hint = r.hint[0] ? r.hint : im->time_format == TIME_TEXT ? epoch_hint(t) : NULL;
        reject(im, im->col[F_TIME], hint, "cannot read time \"%s%s%s\": %s", t,
               clock && *clock ? ", " : "", clock ? clock : "", r.error);
        return;
    }
    if (r.warning[0])
        warn_row_time(im, t, r.warning,
                      im->trace ? "check the trace's zone and the row's offset" : "check the register's zone and the row's offset");
    for (int k = 0; k < r.n_slips; k++) { /* read as either day, as in a case (case-language.md §5.3) */
        char said[2 * KJ_TIMEX_MSG];
        warn_row_time(im, t, kj_weekday_slip_text(&r.slips[k], said, sizeof said),
                      "the row is imported with both days; correct the weekday or the date if you know which");
    }
    const char *place = val(im, F_PLACE);
    int pi = -1;
    if (place && *place) {
        pi = kj_find_stmt(c, place);
        if (pi < 0 || (c->stmts[pi].kind != ST_PLACE && c->stmts[pi].kind != ST_ENTITY)) {
            char hint[160];
            place_hint(im, place, hint, sizeof hint);
            reject(im, im->col[F_PLACE], hint, "unknown place '%s'", place);
            return;
        }
    }
    kj_row_in *q = &im->row;
    memset(q, 0, sizeof *q);
    kj_rows_digest_row(&im->digest);
    put_int(im, &q->line, im->row_line);
    put_int(im, &q->t_lo, iv.lo);
    put_int(im, &q->t_hi, iv.hi);
    if (clock && *clock) { /* "DATE, CLOCK", as the case language joins them */
        size_t need = strlen(t) + strlen(clock) + 3;
        if (need > im->tbuf_cap) {
            im->tbuf_cap = 2 * need;
            im->tbuf = kj_realloc(im->mem, im->tbuf, im->tbuf_cap);
        }
        snprintf(im->tbuf, im->tbuf_cap, "%s, %s", t, clock);
        put_text(im, &q->time, im->tbuf, -1);
    } else {
        put_text(im, &q->time, t, -1);
    }
    const char *note = val(im, F_NOTE);
    if (im->trace) {
        const kj_stmt *tr = &c->stmts[im->target];
        double lat = 0, lon = 0, rad = tr->trace->radius_m, least_m = im->format == FMT_GPX ? rad : 0;
        const char *la = val(im, F_LAT), *lo = val(im, F_LON);
        if (pi >= 0 && ((la && *la) || (lo && *lo))) {
            reject(im, im->col[F_PLACE], "give a row one position: its place, or its lat and lon",
                   "row gives both place '%s' and lat, lon '%s', '%s': which is its position?", place, la ? la : "", lo ? lo : "");
            return;
        }
        if (pi >= 0) {
            int e = c->stmts[pi].kind == ST_ENTITY ? c->stmts[pi].entity->at.idx : pi;
            const kj_stmt *p = e >= 0 ? &c->stmts[e] : NULL;
            if (!p || !p->place->located) {
                reject(im, im->col[F_PLACE], "a trace point needs coordinates: give lat and lon, or a located place",
                       "place '%s' has no coordinates", place);
                return;
            }
            lat = p->place->lat;
            lon = p->place->lon;
            if (p->place->radius_m > rad) rad = p->place->radius_m;
            least_m = p->place->radius_m; /* a fix's accuracy says nothing of where in the place */
        } else {
            double unused;
            if (!la || parse_decimal(la, 0, &lat, &unused) != 1 || lat < -90 || lat > 90) {
                reject(im, im->col[F_LAT], "latitude is a decimal number of degrees, -90..90", "bad latitude '%s'", la ? la : "");
                return;
            }
            if (!lo || parse_decimal(lo, 0, &lon, &unused) != 1 || lon < -180 || lon > 180) {
                reject(im, im->col[F_LON], "longitude is a decimal number of degrees, -180..180", "bad longitude '%s'", lo ? lo : "");
                return;
            }
        }
        const char *acc = val(im, F_ACCURACY);
        if (acc && *acc) {
            double a, thousands = 0;
            int read = parse_decimal(acc, 1, &a, &thousands);
            if (read < 0) {
                reject(im, im->col[F_ACCURACY], "write it with a decimal point, or without the thousands separator",
                       "accuracy '%s' has two readings: %g m (a decimal comma) or %.0f m (a thousands separator)", acc, a,
                       thousands);
                return;
            }
            if (!read || a < 0) {
                reject(im, im->col[F_ACCURACY], "accuracy is a radius in metres, >= 0", "bad accuracy '%s'", acc);
                return;
            }
            if (read > 0 && point_thousands(la, lo, acc, &thousands)) {
                reject(im, im->col[F_ACCURACY], "write it without the thousands separator, or with a decimal comma",
                       "accuracy '%s' has two readings in a row written with decimal commas: %g m (a decimal point) or %.0f m "
                       "(a thousands separator)",
                       acc, a, thousands);
                return;
            }
            /* a GPX point's accuracy is read from its extensions, which no
             * standard defines: it widens the trace's radius, never narrows
             * it; a place's radius is never narrowed either */
            rad = a < least_m ? least_m : a;
        }
        put_real(im, &q->lat, lat);
        put_real(im, &q->lon, lon);
        put_real(im, &q->radius_m, rad);
        put_text(im, &q->place, pi >= 0 ? c->stmts[pi].id : NULL, -1);
        put_text(im, &q->note, note && *note ? note : NULL, -1);
    } else {
        if (pi >= 0) {
            const kj_stmt *reg = &c->stmts[im->target];
            int at = reg->reg->at.idx;
            int same = pi == at || (c->stmts[at].kind == ST_ENTITY && c->stmts[at].entity->at.idx == pi);
            if (!same) {
                char hint[160];
                snprintf(hint, sizeof hint, "a register is at one place; import rows of '%s' into a register there", place);
                reject(im, im->col[F_PLACE], hint, "row is at '%s', but register '%s' is at '%s'", place, reg->id, reg->reg->at.name);
                return;
            }
        }
        const char *ev = val(im, F_EVENT);
        const char *evn = NULL;
        if (ev && *ev) {
            static const struct { const char *w, *e; } ws[] = {
                {.w = "arrival", .e = "arrival"}, {.w = "arrivals", .e = "arrival"}, {.w = "landing", .e = "arrival"},
                {.w = "landings", .e = "arrival"}, {.w = "departure", .e = "departure"}, {.w = "departures", .e = "departure"},
                {.w = "stay", .e = "stay"}, {.w = "stays", .e = "stay"}, {.w = "guest", .e = "stay"},
                {.w = "guests", .e = "stay"}, {.w = "visit", .e = "stay"}, {.w = "visits", .e = "stay"}};
            for (size_t i = 0; i < sizeof ws / sizeof ws[0] && !evn; i++)
                if (!strcasecmp(ev, ws[i].w)) evn = ws[i].e;
            if (!evn) {
                reject(im, im->col[F_EVENT], "an event is arrival, departure or stay", "unknown event '%s'", ev);
                return;
            }
        }
        /* attribute values in the order of the import's keys (imports.attr_keys),
         * joined by U+001F; a row without any is NULL */
        size_t n = 0, filled = 0;
        for (int i = 0; i < im->n_cols; i++) {
            if (im->cols[i].f != F_ATTR) continue;
            if (memchr(im->vals[i], KJ_ATTR_SEP, im->lens[i])) {
                reject(im, i, NULL, "control character U+001F in a value");
                return;
            }
            if (n + im->lens[i] + 1 > im->abuf_cap) {
                im->abuf_cap = 2 * (n + im->lens[i] + 1) + 256;
                im->abuf = kj_realloc(im->mem, im->abuf, im->abuf_cap);
            }
            if (n) im->abuf[n - 1] = KJ_ATTR_SEP;
            memcpy(im->abuf + n, im->vals[i], im->lens[i]);
            n += im->lens[i] + 1;
            filled += im->lens[i] > 0;
        }
        put_text(im, &q->event, evn, -1);
        const char *subj = val(im, F_SUBJECT);
        put_text(im, &q->subject, subj && *subj ? subj : NULL, -1);
        put_text(im, &q->attrs, filled ? im->abuf : NULL, (int)n - 1);
        put_text(im, &q->note, note && *note ? note : NULL, -1);
    }
    if (im->bad > tolerated(im)) { /* refused already: read on only to count the rows and write the rejects file */
        im->good++;
        return;
    }
    if (im->st.ops->import_put(&im->st, q) != 0) {
        store_failed(im);
        return;
    }
    kj_rows_digest_stored(&im->digest);
    if (iv.hi - iv.lo > im->widest) im->widest = iv.hi - iv.lo;
    im->good++;
}

/* ---- libcsv callbacks --------------------------------------------------------- */

/* libcsv lends each field only for the call: copy it into the row buffer. */
static void on_field(void *data, size_t len, void *ctx)
{
    importer *im = ctx;
    if (im->n_vals == im->cap_vals) {
        if (im->cap_vals >= KJ_IMPORT_COLUMNS_MAX) { /* a row this wide is a bad row (a header: an error), not a reason to grow */
            im->too_many = 1;
            return;
        }
        im->cap_vals = im->cap_vals ? im->cap_vals * 2 : 16;
        im->vals = kj_realloc(im->mem, im->vals, sizeof(char *) * (size_t)im->cap_vals);
        im->lens = kj_realloc(im->mem, im->lens, sizeof(size_t) * (size_t)im->cap_vals);
        im->offs = kj_realloc(im->mem, im->offs, sizeof(size_t) * (size_t)im->cap_vals);
    }
    if (!data) len = 0;
    if (im->fbuf_n + len + 1 > im->fbuf_cap) {
        while (im->fbuf_n + len + 1 > im->fbuf_cap) im->fbuf_cap = im->fbuf_cap ? im->fbuf_cap * 2 : 4096;
        im->fbuf = kj_realloc(im->mem, im->fbuf, im->fbuf_cap);
    }
    if (len) memcpy(im->fbuf + im->fbuf_n, data, len);
    im->fbuf[im->fbuf_n + len] = 0;
    im->offs[im->n_vals] = im->fbuf_n;
    im->lens[im->n_vals++] = len;
    im->fbuf_n += len + 1;
}

static void on_row(int term, void *ctx)
{
    (void)term;
    importer *im = ctx;
    im->row_done = 1;
}

/* ---- the file ------------------------------------------------------------------- */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void progress(importer *im, int final)
{
    double t = now_s();
    if (!final && t - im->last < 0.25) return;
    im->last = t;
    double el = t - im->t0, rate = el > 0 ? (double)(im->good + im->bad) / el : 0;
    double frac = im->size > 0 ? (double)im->done_bytes / (double)im->size : 1;
    double eta = frac > 0.001 ? el * (1 - frac) / frac : 0;
    fprintf(stderr, "\r%s: %ld rows  %.0f rows/s  %5.1f%%  ETA %.0f s   %s", im->path, im->good + im->bad, rate,
            100 * frac, final ? 0.0 : eta, final ? "\n" : "");
    fflush(stderr);
}

/* Forgets the row read: the next one starts empty. */
static void start_row(importer *im)
{
    im->n_vals = 0;
    im->too_many = 0;
    im->fbuf_n = 0;
    im->raw_n = 0;
    im->row_done = 0;
}

/* A completed row: the header, or a record. */
static void complete_row(importer *im)
{
    for (int i = 0; i < im->n_vals; i++) im->vals[i] = im->fbuf + im->offs[i];
    long at = bad_byte(im);
    if (!im->header_done) {
        if (at >= 0) reject_bad_byte(im, (size_t)at);
        im->header_done = 1;
        if (!im->failed && im->too_many) {
            diag(im, im->row_line, 1, 1, NULL,
                 kj_arena_printf(&im->c->arena, "keep the columns the import needs, at most %d (e.g. with cut -f)", KJ_IMPORT_COLUMNS_MAX),
                 "the header has more than %d columns: kjeller reads at most that many", KJ_IMPORT_COLUMNS_MAX);
            im->failed = 1;
        }
        if (!im->failed) header(im);
        im->stop = im->header_only;
        /* kept for the rejects file, which gets nothing until a row is bad
         * (a FIFO or device is written in place) */
        im->header_raw = kj_arena_alloc(&im->c->arena, im->raw_n + 1);
        memcpy(im->header_raw, im->raw, im->raw_n);
        im->header_n = im->raw_n;
    } else if (!(im->n_vals == 1 && !im->lens[0] && im->n_cols > 1)) { /* blank lines are not rows */
        if (at >= 0) reject_bad_byte(im, (size_t)at);
        else row(im);
    }
    start_row(im);
}

static void raw_append(importer *im, const char *p, size_t n)
{
    if (im->raw_n + n > im->raw_cap) {
        while (im->raw_n + n > im->raw_cap) im->raw_cap = im->raw_cap ? im->raw_cap * 2 : 4096;
        im->raw = kj_realloc(im->mem, im->raw, im->raw_cap);
    }
    memcpy(im->raw + im->raw_n, p, n);
    im->raw_n += n;
}

/* The offset in the current row of the quote that opens a field it never
 * closes (a doubled quote inside a field is not one). */
static size_t open_quote(const importer *im)
{
    size_t open = 0;
    int quoted = 0;
    for (size_t i = 0; i < im->raw_n; i++) {
        if (im->raw[i] != '"') continue;
        if (quoted && i + 1 < im->raw_n && im->raw[i + 1] == '"') {
            i++;
            continue;
        }
        if (!quoted) open = i;
        quoted = !quoted;
    }
    return open;
}

/* The file ends inside a quoted field: the rest of the file is in it. */
static void unterminated(importer *im)
{
    const char *hint = "close the quoted field; a quote inside a field is written twice: \"a \"\"b\"\" c\"";
    size_t at = open_quote(im);
    if (im->header_done) {
        reject_at(im, at, hint, "unterminated quoted field: the file ends inside it");
        return;
    }
    long line;
    int col;
    const char *t = byte_position(im, at, &line, &col);
    diag(im, line, col, 1, t, hint, "unterminated quoted field in the header: the file ends inside it");
    im->failed = 1;
}

/* Spaces around an unquoted field are trimmed; a tab is one only when it
 * does not separate the fields (libcsv's default trims tabs too). */
static int is_space(unsigned char c) { return c == ' '; }
static int is_space_or_tab(unsigned char c) { return c == ' ' || c == '\t'; }

static void parser_init(importer *im, struct csv_parser *cp)
{
    if (csv_init(cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) kj_bug(im->mem, "csv_init refused its options");
    csv_set_delim(cp, im->delim);
    csv_set_space_func(cp, im->delim == '\t' ? is_space : is_space_or_tab);
}

/* Whether a line outside any row is blank: spaces (and tabs, unless
 * they separate the fields) at most, which libcsv reads as no row. */
static int blank_line(const importer *im, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\r' && p[i] != '\n' && (p[i] != '\t' || im->delim == '\t')) return 0;
    return 1;
}

/* Feeds one physical line (with its newline) to the CSV parser. */
static void feed_line(importer *im, struct csv_parser *cp, const char *p, size_t n)
{
    im->line++;
    if (im->line == 1 && n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte order mark (Excel) */
        p += 3;
        n -= 3;
    }
    if (!im->raw_n && blank_line(im, p, n)) return; /* no row: the next row's line is its own */
    if (!im->raw_n) im->row_line = im->line;
    raw_append(im, p, n);
    size_t parsed = csv_parse(cp, p, n, on_field, on_row, im);
    if (parsed != n && csv_error(cp) == CSV_ENOMEM) out_of_memory(im->mem); /* its field buffer could not grow */
    if (parsed != n) {
        /* malformed quoting: the row is bad; start afresh on the next line */
        size_t at = im->raw_n - n + parsed; /* where libcsv stopped: the quote */
        const char *hint = "a quote inside a field is written twice: \"a \"\"b\"\" c\"";
        im->n_vals = 0;
        if (!im->header_done) {
            long line;
            int col;
            const char *t = byte_position(im, at, &line, &col);
            diag(im, line, col, 1, t, hint, "malformed quoting in the header");
            im->failed = 1;
        } else {
            reject_at(im, at, hint, "malformed quoting");
        }
        csv_free(cp);
        parser_init(im, cp);
        start_row(im);
        return;
    }
    if (im->row_done) complete_row(im);
}

static void free_parser(void *cp) { csv_free(cp); }

static int read_csv(importer *im, FILE *f, struct sha256_ctx *h)
{
    /* on the heap: its cleanup runs after this frame is gone (mem.h) */
    struct csv_parser *cp = kj_malloc(im->mem, sizeof *cp);
    parser_init(im, cp);
    kj_mem_cleanup *on_parser = kj_mem_on_failure(im->mem, free_parser, cp);
    size_t cap = 1 << 20;
    char *buf = kj_malloc(im->mem, cap);
    size_t have = 0;
    for (;;) {
        size_t got = fread(buf + have, 1, cap - have, f);
        if (got == 0 && ferror(f)) {
            diag(im, 0, 1, 1, NULL, NULL, "read error: %s", strerror(errno));
            im->failed = 1;
            break;
        }
        sha256_update(h, got, (const uint8_t *)buf + have);
        im->done_bytes += (off_t)got;
        have += got;
        int eof = got == 0;
        size_t start = 0;
        for (;;) {
            char *nl = memchr(buf + start, '\n', have - start);
            if (!nl) break;
            feed_line(im, cp, buf + start, (size_t)(nl - buf) - start + 1);
            start = (size_t)(nl - buf) + 1;
            if (im->failed || im->stop) break;
        }
        if (im->failed || im->stop) break;
        if (eof) {
            if (start < have) feed_line(im, cp, buf + start, have - start);
            break;
        }
        memmove(buf, buf + start, have - start);
        have -= start;
        if (have == cap) { /* a line longer than the buffer: grow */
            cap *= 2;
            buf = kj_realloc(im->mem, buf, cap);
        }
        if (im->progress) progress(im, 0);
    }
    if (!im->failed && !im->stop) {
        if (csv_fini(cp, on_field, on_row, im) != 0) {
            if (csv_error(cp) == CSV_ENOMEM) out_of_memory(im->mem);
            if (im->raw_n) unterminated(im);
        } else if (im->row_done) {
            complete_row(im);
        }
    }
    kj_mem_forget(im->mem, on_parser);
    csv_free(cp);
    kj_free(cp);
    kj_free(buf);
    /* (a file without even a header is an empty import: conclude) */
    return im->failed ? -1 : 0;
}

/* ---- the transaction -------------------------------------------------------------- */

/* The transaction, if the call fails: rolled back, the store as it was. */
static void roll_back(void *arg)
{
    importer *im = arg;
    if (im->st.ops) im->st.ops->abandon(&im->st);
}

/* The import's order of numeric dates: --date-order, else the case's. */
static kj_date_order date_order(const importer *im)
{
    const char *o = im->o->date_order;
    if (o) return !strcmp(o, "dmy") ? KJ_DATE_ORDER_DMY : KJ_DATE_ORDER_MDY;
    return im->c->readopts.date_order;
}

/* A track's mapping: what its points are read from, and the radius a
 * point without an accuracy gets (stored in its rows: another radius
 * declared for the trace is another import). */
static char *point_mapping(importer *im)
{
    double r = im->c->stmts[im->target].trace->radius_m;
    kj_date_order order = date_order(im);
    const char *dates = order == KJ_DATE_ORDER_NONE ? "" : order == KJ_DATE_ORDER_DMY ? "; date-order dmy" : "; date-order mdy";
    if (im->format == FMT_GPX)
        return kj_arena_printf(&im->c->arena, "gpx: trkpt lat, lon, time; radius the larger of %.15g m and an accuracy in its extensions%s",
                               r, dates);
    return kj_arena_printf(&im->c->arena, "geojson: Point [lon, lat], properties time, accuracy (else %.15g m)%s", r, dates);
}

/* What the rows' reading took from the case beyond the file: the zones
 * their local times were read in and, for a trace, the radius of a point
 * without an accuracy.  Both are in the stored rows: a check refuses an
 * import whose case now declares others (records.c, import_read_as). */
static const char *reading_text(importer *im)
{
    const char *zones = kj_records_zones_text(im->c, im->target);
    const char *zone = kj_arena_printf(&im->c->arena, "; zone %s", zones ? zones : "(none)");
    if (!im->trace) return zone;
    return kj_arena_printf(&im->c->arena, "%s; radius %.17g m", zone, im->c->stmts[im->target].trace->radius_m);
}

static char *mapping_text(importer *im)
{
    if (im->format != FMT_CSV) return kj_arena_printf(&im->c->arena, "%s%s", point_mapping(im), reading_text(im));
    size_t n = 64;
    for (int i = 0; i < im->n_cols; i++) n += strlen(im->cols[i].name) + 32 + (im->cols[i].key ? strlen(im->cols[i].key) : 0);
    char *t = kj_arena_alloc(&im->c->arena, n), *p = t;
    *p = 0;
    for (int i = 0; i < im->n_cols; i++)
        p += sprintf(p, "%s%s=%s", i ? ", " : "", im->cols[i].name,
                     im->cols[i].f == F_ATTR ? im->cols[i].key
                     : im->cols[i].f == F_TIME ? time_format_names[im->cols[i].format]
                                               : field_names[im->cols[i].f]);
    /* (a date order read the rows' numeric dates: what is stored depends on it) */
    kj_date_order order = date_order(im);
    if (order != KJ_DATE_ORDER_NONE) p += sprintf(p, "; date-order %s", order == KJ_DATE_ORDER_DMY ? "dmy" : "mdy");
    /* (and the separator split them; a comma is said by nothing, as before separators were read) */
    if (im->delim == '\t') sprintf(p, "; delimiter tab");
    else if (im->delim != ',') sprintf(p, "; delimiter '%c'", im->delim);
    return kj_arena_printf(&im->c->arena, "%s%s", t, reading_text(im));
}

/* The attribute keys of this import, joined by U+001F (rows hold the values). */
static const char *attr_keys(importer *im)
{
    const char *t = "";
    for (int i = 0; i < im->n_cols; i++)
        if (im->cols[i].f == F_ATTR) t = kj_arena_printf(&im->c->arena, "%s%s%s", t, *t ? "\x1f" : "", im->cols[i].key);
    return t;
}

/* The default rejects file: flights.csv -> flights.rejects.csv. */
static char *rejects_path(importer *im)
{
    if (im->o->rejects) return kj_arena_strdup(&im->c->arena, im->o->rejects);
    const char *p = im->path, *dot = strrchr(p, '.'), *slash = strrchr(p, '/');
    if (!dot || (slash && dot < slash)) dot = p + strlen(p);
    return kj_arena_printf(&im->c->arena, "%.*s.rejects%s", (int)(dot - p), p,
                           *dot ? dot : im->format == FMT_GPX ? ".gpx" : im->format == FMT_GEOJSON ? ".geojson" : ".csv");
}

/* What --max-errors allowed, in the summary of an import: "--max-errors
 * 0 allows none". */
static const char *tolerance_text(importer *im)
{
    long n = tolerated(im);
    if (im->o->strict) return "--strict allows none";
    return n ? kj_arena_printf(&im->c->arena, "--max-errors %ld allows %ld", n, n) : "--max-errors 0 allows none";
}

/* Where the bad rows are, for a hint: " (each is in FILE)", or "". */
static const char *rejects_text(importer *im, const char *rej_written)
{
    return rej_written ? kj_arena_printf(&im->c->arena, " (each is in %s)", rej_written) : "";
}

/* More rows were bad than --max-errors allows: nothing is imported, and
 * the import ends with one line that says so and how to go on. */
static void say_refused(importer *im, const char *rej_written)
{
    const char *how = kj_arena_printf(&im->c->arena, "correct them in %s%s and import it again", im->path, rejects_text(im, rej_written));
    if (im->good)
        how = kj_arena_printf(&im->c->arena, "%s, or import the %ld good row%s with --max-errors %ld", how, im->good,
                              im->good == 1 ? "" : "s", im->bad);
    diag(im, 0, 1, 1, NULL, how, "%ld of %ld row%s rejected (%s); nothing imported", im->bad, im->good + im->bad,
         im->good + im->bad == 1 ? "" : "s", tolerance_text(im));
}

/* An import of no row is a warning, and records nothing: a register
 * imported empty would prove every claim it covers false, so a check
 * still refuses a register with nothing imported.  A source that truly
 * records nothing is written in the case, where it is cited. */
static void say_empty(importer *im, const char *rej_written)
{
    const char *nothing = im->trace ? "a trace with no points is no evidence: import a file with its points"
                                    : "a register whose source records nothing is written in the case file, citing "
                                      "that source: a register with no entries and no store";
    const char *why = im->bad ? kj_arena_printf(&im->c->arena, "all %ld row%s rejected (%s)", im->bad, im->bad == 1 ? "" : "s",
                                                tolerance_text(im))
                      : im->format != FMT_CSV ? "the file has no track points"
                      : im->header_done ? "the file has a header and no rows"
                                        : "the file is empty";
    const char *hint = im->bad ? kj_arena_printf(&im->c->arena, "correct them in %s%s and import it again", im->path,
                                                 rejects_text(im, rej_written))
                               : nothing;
    kj_diag d = {.file = im->path, .col = 1, .len = 1, .hint = hint, .severity = KJ_DIAG_WARNING,
                 .message = kj_arena_printf(&im->c->arena, "nothing imported: %s", why)};
    if (im->diag_fn) im->diag_fn(im->diag_ctx, &d);
}

/* A copy of s that the caller frees with free() (kj_import_result): plain
 * strdup, whose failure fails the call all the same.  It first takes one
 * block of the call, so that the tests' countdown (fail_alloc_after)
 * reaches it as one of the call's allocations. */
static char *caller_strdup(kj_mem *m, const char *s)
{
    kj_free(kj_malloc(m, 1));
    char *copy = strdup(s);
    if (!copy) out_of_memory(m);
    return copy;
}

/* The import of the same content into the target, if any. */
typedef struct earlier_import {
    int64_t id;                  /* 0: none */
    long rows;
    const char *mapping;         /* arena */
} earlier_import;

static earlier_import find_earlier(importer *im, const char *sha)
{
    earlier_import e = {.id = 0, .rows = 0, .mapping = NULL};
    kj_earlier found;
    if (im->st.ops->find_earlier(&im->st, im->c->stmts[im->target].id, sha, &found) != 0) {
        if (im->st.ops->error(&im->st) == KJ_BACKEND_NOMEM) out_of_memory(im->mem);
        return e; /* (what follows says what is wrong) */
    }
    if (!found.id) return e;
    e.id = found.id;
    e.rows = (long)found.rows;
    if (!found.mapping) out_of_memory(im->mem); /* (NOT NULL: NULL is the store out of memory) */
    e.mapping = kj_arena_strdup(&im->c->arena, found.mapping);
    return e;
}

/* Whether a point placed by name is no longer where the case puts it. */
static int place_gone(void *ctx, const char *place, double lat, double lon, double radius_m)
{
    importer *im = ctx;
    return !kj_place_still(im->c, place, lat, lon, radius_m);
}

/* Whether import id (of a trace) put points at a place the case has
 * moved (or widened) since: then importing the same file again replaces
 * it, never says "already imported" over rows a check refuses.  (A store
 * that cannot say: it did.) */
static int places_moved(importer *im, int64_t id)
{
    if (!im->trace) return 0;
    return im->st.ops->placed_points(&im->st, id, place_gone, im) != 0;
}

/* Records the import: 0, 1 when it is already in the store (nothing to
 * do), -1 on a store error.  An import is the target, the file's content
 * and the mapping of its columns (what is stored depends on all three):
 * the same file imported before with another mapping (say a corrected
 * --map) is replaced by this one, as is one that stored no row. */
static int finish_import(importer *im, const char *sha, kj_import_result *res)
{
    kj_case *c = im->c;
    const kj_stmt *t = &c->stmts[im->target];
    const char *mapping = mapping_text(im);
    /* the rows are all there: the store checks them and takes the import
     * in, other imports waiting (a store may have let them run until now) */
    if (im->st.ops->import_seal(&im->st, &im->import_id) != 0) return -1;
    earlier_import e = find_earlier(im, sha);
    int moved = e.id && e.rows > 0 && !strcmp(e.mapping, mapping) && places_moved(im, e.id);
    if (e.id && e.rows > 0 && !strcmp(e.mapping, mapping) && !moved) {
        res->duplicate = 1;
        res->import_id = e.id;
        return 1;
    }
    if (e.id && im->st.ops->delete_import(&im->st, e.id, "replaced") != 0) return -1;
    if (e.id && e.rows > 0) {
        res->replaced = e.id;
        res->replaced_mapping = caller_strdup(
            im->mem, moved ? kj_arena_printf(&c->arena, "%s (the same, but its points were at places the case has moved since)", e.mapping)
                           : e.mapping);
    }
    const char *keys = attr_keys(im);
    char when[32], rows_sha[65];
    time_t now = time(NULL);
    struct tm utc;
    if (!gmtime_r(&now, &utc) || !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc)) kj_bug(im->mem, "no time of day");
    kj_rows_reading how = {.kind = im->trace ? "trace" : "register", .target = t->id, .place = im->reg_place,
                           .attr_keys = keys, .width = im->widest};
    kj_rows_digest_hex(&im->digest, &how, rows_sha);
    kj_import_row row = {.id = im->import_id, .kind = how.kind, .target = t->id, .place = im->reg_place, .file = im->path,
                         .sha256 = sha, .imported_at = when, .mapping = mapping, .attr_keys = keys, .rows_sha256 = rows_sha,
                         .bytes = (int64_t)im->done_bytes, .rows = im->good, .rejected = im->bad, .width = im->widest};
    return im->st.ops->import_record(&im->st, &row);
}

static void hex(const uint8_t *d, int n, char *out)
{
    for (int i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

/* Has a file of this size been imported into the target before? */
static int same_size_imported(importer *im)
{
    return im->st.ops->same_size(&im->st, im->c->stmts[im->target].id, (int64_t)im->size) > 0;
}

static void free_buffers(importer *im)
{
    kj_free(im->vals);
    kj_free(im->lens);
    kj_free(im->offs);
    kj_free(im->fbuf);
    kj_free(im->raw);
    kj_free(im->days);
    kj_free(im->abuf);
    kj_free(im->tbuf);
}

/* A reader of the header alone, like proto, splitting at delim: no
 * diagnostics (diag_fn is NULL). */
static void header_reader(const importer *proto, unsigned char delim, importer *im)
{
    memset(im, 0, sizeof *im);
    im->mem = proto->mem;
    im->c = proto->c;
    im->target = proto->target;
    im->trace = proto->trace;
    im->path = proto->path;
    im->o = proto->o;
    im->delim = delim;
    im->header_only = 1;
    im->n_zones = proto->n_zones;
    memcpy(im->zones, proto->zones, sizeof im->zones);
}

/* The mapping (as stored in imports.mapping) that the file's header gets
 * with the import's options, from the header alone; NULL when the header
 * is bad (the import proper reports why).  Leaves f anywhere. */
static const char *header_mapping(const importer *proto, FILE *f)
{
    if (proto->format != FMT_CSV) return mapping_text((importer *)proto); /* (no header: the mapping is the format's) */
    importer im; /* its buffers are the call's blocks: a failure frees them */
    header_reader(proto, proto->delim, &im);
    struct sha256_ctx h;
    sha256_init(&h);
    int ok = read_csv(&im, f, &h) == 0 && im.header_done;
    const char *mapping = ok ? mapping_text(&im) : NULL;
    free_buffers(&im);
    return mapping;
}

/* The header split at `delim`, read from the file's start without a
 * diagnostic: its number of columns, whether it fits the target
 * (header_fits), and its first line (an arena string, for a caret). */
static int probe_header(const importer *proto, unsigned char delim, int *n_cols, const char **line)
{
    importer im; /* as in header_mapping */
    header_reader(proto, delim, &im);
    im.sniffing = 1;
    struct sha256_ctx h;
    sha256_init(&h);
    fseeko(proto->csv, 0, SEEK_SET);
    int ok = read_csv(&im, proto->csv, &h) == 0 && im.header_done;
    fseeko(proto->csv, 0, SEEK_SET);
    *n_cols = ok ? im.n_cols : 0;
    if (ok && line) {
        size_t end = strcspn(im.header_raw ? im.header_raw : "", "\r\n");
        *line = kj_arena_printf(&proto->c->arena, "%.*s", (int)end, im.header_raw);
    }
    free_buffers(&im);
    return ok && im.fits;
}

/* The CSV's separator: --delimiter, else the one of , ; tab | that splits
 * the header into the columns the target needs (and that has every
 * column a --map names).  Two that do are an error: the rows would be
 * read one way or the other on a guess.  When none does, the widest split
 * is read and its errors say which separators were tried.  0, or -1
 * (reported). */
static int choose_delimiter(importer *im)
{
    static const unsigned char separators[] = {',', ';', '\t', '|'};
    static const char *const said[] = {"','", "';'", "tab", "'|'"};
    if (im->o->delimiter) {
        im->delim = (unsigned char)im->o->delimiter;
        return 0;
    }
    int fitting[4], n_fit = 0, widest = 0, widest_cols = 1;
    const char *line = NULL;
    for (int k = 0; k < 4; k++) {
        int n_cols = 0;
        if (probe_header(im, separators[k], &n_cols, &line)) fitting[n_fit++] = k;
        if (n_cols > widest_cols) {
            widest = k;
            widest_cols = n_cols;
        }
    }
    if (n_fit == 1) {
        im->delim = separators[fitting[0]];
        im->delim_sniffed = 1;
        return 0;
    }
    if (n_fit == 0) { /* (a header of one column, or one that lacks a column) */
        im->delim = separators[widest];
        im->sniff_failed = 1;
        return 0;
    }
    char names[64] = "", hint[160];
    for (int i = 0; i < n_fit; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? (i + 1 == n_fit ? " and " : ", ") : "",
                 said[fitting[i]]);
    static const char *const argument[] = {",", "';'", "tab", "'|'"}; /* (as a shell reads them) */
    snprintf(hint, sizeof hint, "name the separator: --delimiter %s (or %s)", argument[fitting[0]], argument[fitting[1]]);
    diag(im, 1, 1, 1, line, hint, "the header can be split at %s: each gives the columns %s needs", names,
         im->trace ? "a trace" : "a register");
    return -1;
}

static int hash_file(FILE *f, char *out)
{
    struct sha256_ctx h;
    sha256_init(&h);
    char buf[1 << 16];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) sha256_update(&h, got, (const uint8_t *)buf);
    if (ferror(f)) return -1;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&h, sizeof d, d);
    hex(d, SHA256_DIGEST_SIZE, out);
    return 0;
}

static int find_target(kj_case *c, const char *id, kj_diag_fn fn, void *ctx)
{
    int i = kj_find_stmt(c, id);
    if (i >= 0 && (c->stmts[i].kind == ST_TRACE || (c->stmts[i].kind == ST_REGISTER && c->stmts[i].reg->store.idx >= 0)))
        return i;
    char msg[320], hint[320];
    kj_suggest target = {.written = id, .written_len = strlen(id), .limit = (int)strlen(id) / 3 + 1};
    for (int k = 0; k < c->n_stmts; k++) {
        const kj_stmt *s = &c->stmts[k];
        if (s->kind != ST_TRACE && !(s->kind == ST_REGISTER && s->reg->store.idx >= 0)) continue;
        kj_suggest_offer(&target, s->id);
    }
    if (i >= 0 && c->stmts[i].kind == ST_REGISTER) {
        snprintf(msg, sizeof msg, "register '%s' keeps its entries in the case file", id);
        snprintf(hint, sizeof hint, "add 'store STORE' to its declaration (and a 'store STORE \"file.kjdb\"' statement)");
    } else {
        snprintf(msg, sizeof msg, i >= 0 ? "'%s' is a %s, not a register or trace" : "no register or trace '%s'", id,
                 i >= 0 ? kj_stmt_kind_name(c->stmts[i].kind) : "");
        if (!kj_suggest_hint(target.best, hint, sizeof hint))
            snprintf(hint, sizeof hint, "import into a register declared with 'store STORE', or a trace");
    }
    kj_diag d = {.file = "kjeller import", .line = 0, .col = 1, .len = 1, .message = msg, .hint = hint};
    if (fn) fn(ctx, &d);
    return -1;
}

/* The library failed inside (memory ran out, or an invariant broke): said
 * as a diagnostic of the import, which exits 3 with nothing imported. */
static int import_failure(kj_diag_fn fn, void *ctx, const char *why)
{
    char msg[300];
    snprintf(msg, sizeof msg, "internal error: %s", why);
    kj_diag d = {.file = "kjeller import", .col = 1, .len = 1, .message = msg};
    if (fn) fn(ctx, &d);
    return KJ_EXIT_INTERNAL;
}

/* ---- the call ------------------------------------------------------------------ */

/* What a failed import leaves that is not heap is undone by these
 * cleanups (mem.h), most recent first: the CSV parser (read_csv), the
 * transaction (roll_back), the rejects file, the store, the CSV file. */

static void close_csv(void *f) { fclose(f); }

/* The store: a statement the failure left open finalized, a store the
 * import created removed again, the connection closed. */
static void drop_store(void *arg)
{
    importer *im = arg;
    if (!im->st.ops) return;
    im->st.ops->abandon(&im->st);
    im->st.ops->discard_new(&im->st);
    kj_backend_close(&im->st);
}

/* The rejects file: its temporary file removed, nothing of it left. */
static void abort_rejects(void *arg)
{
    importer *im = arg;
    kj_output_discard(&im->rejects_out);
}

/* The importer of the CSV into target ti, in mem's call (which frees it). */
static importer *importer_new(kj_mem *mem, kj_case *c, int ti, const char *csv, const kj_import_opts *opts,
                              kj_diag_fn fn, void *ctx)
{
    importer *im = kj_calloc(mem, 1, sizeof *im);
    const kj_stmt *t = &c->stmts[ti];
    im->mem = mem;
    im->c = c;
    im->target = ti;
    im->trace = t->kind == ST_TRACE;
    im->path = csv;
    im->diag_fn = fn;
    im->diag_ctx = ctx;
    im->o = opts;
    im->readopts = c->readopts;
    im->readopts.date_order = date_order(im);
    if (im->trace) {
        im->zones[0] = t->trace->zone.text ? t->trace->zone.text : "UTC";
        im->n_zones = 1;
    } else {
        im->n_zones = kj_place_zones(c, t->reg->at.idx, im->zones, KJ_ZONES_MAX);
        im->reg_place = t->reg->at.name;
    }
    const kj_store_stmt *store = c->stmts[kj_stmt_store(t)->idx].store;
    im->store_file = store->file;
    kj_backend_init(&im->st, store->kind, store->file);
    if (kj_backend_file(&im->st)) im->journal = kj_arena_printf(&c->arena, "%s-journal", im->store_file);
    return im;
}

/* Opens the CSV: 0, or -1 (reported). */
static int open_csv(importer *im)
{
    const char *why = kj_file_problem(im->path);
    if (!why && !(im->csv = fopen(im->path, "rb"))) {
        if (errno == ENOMEM) out_of_memory(im->mem);
        why = kj_io_reason(errno);
    }
    if (why) {
        char msg[600];
        snprintf(msg, sizeof msg, "cannot read '%s': %s", im->path, why);
        kj_diag d = {.file = im->path, .line = 0, .col = 0, .len = 1, .message = msg};
        if (im->diag_fn) im->diag_fn(im->diag_ctx, &d);
        return -1;
    }
    im->on_csv = kj_mem_on_failure(im->mem, close_csv, im->csv);
    fseeko(im->csv, 0, SEEK_END);
    im->size = ftello(im->csv);
    fseeko(im->csv, 0, SEEK_SET);
    return 0;
}

/* Opens the target's store, or creates it (removed again unless the
 * import commits): 0, or -1 (reported). */
static int open_store(importer *im)
{
    const kj_case *c = im->c;
    const kj_stmt *store = &c->stmts[kj_stmt_store(&c->stmts[im->target])->idx];
    char err[256];
    int opened = kj_backend_open(&im->st, KJ_OPEN_IMPORT, KJ_IMPORT_WAIT_MS, err, sizeof err);
    if (opened == KJ_STORE_NOMEM) out_of_memory(im->mem);
    if (opened != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "store '%s' (%s): %s", store->id, im->store_file, err);
        kj_diag d = {.file = c->files[store->span.file].path, .line = store->span.line, .col = store->span.col,
                     .len = store->span.len, .message = msg, .hint = kj_store_open_hint(opened)};
        if (im->diag_fn) im->diag_fn(im->diag_ctx, &d);
        return -1;
    }
    im->on_store = kj_mem_on_failure(im->mem, drop_store, im);
    return 0;
}

/* A file of the size of one imported into the target before is likely the
 * same file again: hashed first, and not imported again if it is, with
 * the same mapping.  1 (res says so), or 0: import it. */
static int already_imported(importer *im, kj_import_result *res)
{
    if (!same_size_imported(im)) return 0;
    char sha[65];
    earlier_import e = {.id = 0, .rows = 0, .mapping = NULL};
    if (hash_file(im->csv, sha) == 0) e = find_earlier(im, sha);
    fseeko(im->csv, 0, SEEK_SET);
    const char *mapping = e.id && e.rows > 0 ? header_mapping(im, im->csv) : NULL;
    fseeko(im->csv, 0, SEEK_SET);
    if (!mapping || strcmp(mapping, e.mapping) || places_moved(im, e.id)) return 0;
    res->duplicate = 1;
    res->import_id = e.id;
    memcpy(res->sha256, sha, sizeof sha);
    return 1;
}

/* Opens the rejects file, which may be none of the import's inputs: the
 * CSV, the store, the case.  0, or -1 (reported). */
/* Whether paths a and b name one file, which may not exist yet: the
 * same name in the same directory (its real path). */
static int same_place(importer *im, const char *a, const char *b)
{
    const char *base_a = strrchr(a, '/'), *base_b = strrchr(b, '/');
    base_a = base_a ? base_a + 1 : a;
    base_b = base_b ? base_b + 1 : b;
    if (strcmp(base_a, base_b)) return 0;
    char *dir_a = kj_arena_printf(&im->c->arena, "%.*s", base_a > a ? (int)(base_a - a) : 1, base_a > a ? a : ".");
    char *dir_b = kj_arena_printf(&im->c->arena, "%.*s", base_b > b ? (int)(base_b - b) : 1, base_b > b ? b : ".");
    struct stat sa, sb;
    return stat(dir_a, &sa) == 0 && stat(dir_b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int open_rejects(importer *im, const char *rej)
{
    const kj_case *c = im->c;
    struct stat in_st;
    const char *clobbers = NULL;
    if (fstat(fileno(im->csv), &in_st) == 0 && kj_output_is(rej, in_st.st_dev, in_st.st_ino)) clobbers = "the file imported";
    if (!clobbers && im->journal && stat(im->store_file, &in_st) == 0 && kj_output_is(rej, in_st.st_dev, in_st.st_ino))
        clobbers = "the store";
    if (!clobbers && im->journal && same_place(im, rej, im->journal)) clobbers = "the store's journal";
    for (int i = 0; !clobbers && i < c->n_files; i++)
        if (c->files[i].has_identity && kj_output_is(rej, c->files[i].dev, c->files[i].ino)) clobbers = "a case file";
    char msg[600], reason[128];
    if (clobbers) {
        snprintf(msg, sizeof msg, "the rejects file '%s' would overwrite %s", kj_escaped(&im->c->arena, rej), clobbers);
    } else if (kj_output_open(&im->rejects_out, rej) == 0) {
        im->on_rejects = kj_mem_on_failure(im->mem, abort_rejects, im);
        im->rejects = im->rejects_out.f;
        return 0;
    } else {
        if (errno == ENOMEM) out_of_memory(im->mem);
        snprintf(msg, sizeof msg, "cannot write the rejects file '%s': %s", rej, kj_output_reason(errno, reason, sizeof reason));
    }
    kj_diag d = {.file = im->path, .line = 0, .col = 0, .len = 1, .message = msg,
                 .hint = "name another with --rejects FILE"};
    if (im->diag_fn) im->diag_fn(im->diag_ctx, &d);
    return -1;
}

/* What the readers of tracks are lent (track.h; defined below). */
static void track_bytes(void *import, const void *p, size_t n);
static int track_failed(void *import);
static void track_point(void *import, const kj_point_text *p);
static int track_name(void *import, const char *name);
static void track_say(void *import, kj_severity severity, long line, int col, const char *line_text, const char *hint,
                      const char *message);
static void track_rejects_frame(void *import, const char *head, size_t head_n, const char *joint, const char *tail);

/* Reads the rows into the store, in the import's transaction (which is
 * left open: conclude ends it). */
static void store_rows(importer *im, struct sha256_ctx *h)
{
    im->days = kj_calloc(im->mem, 1 << 16, sizeof(day_offset));
    kj_rows_digest_init(&im->digest);
    im->days_mask = (1 << 16) - 1;
    /* (the transaction's cleanup first: a begin that fails half-way is rolled back) */
    im->on_transaction = kj_mem_on_failure(im->mem, roll_back, im);
    im->began = 1;
    if (im->st.ops->import_begin(&im->st, im->trace, KJ_IMPORT_WAIT_MS) != 0) store_failed(im);
    if (!im->failed && im->format == FMT_CSV) {
        read_csv(im, im->csv, h);
    } else if (!im->failed) {
        im->hash = h;
        kj_track_reader r = {.import = im, .mem = im->mem, .file = im->csv, .bytes = track_bytes, .failed = track_failed,
                             .point = track_point, .name = track_name, .say = track_say, .rejects_frame = track_rejects_frame};
        if (im->format == FMT_GPX) kj_read_gpx(&r);
        else kj_read_geojson(&r);
    }
    if (!im->failed && im->rejects && im->header_written && im->rejects_tail) fputs(im->rejects_tail, im->rejects);
    if (im->progress) progress(im, 1);
}

/* The bad rows not shown one by one: counted, and where they are. */
static void say_more_rejected(importer *im, const char *rej_written)
{
    long more = im->bad - im->shown;
    if (more <= 0) return;
    diag(im, 0, 1, 1, NULL, NULL, "... and %ld more rejected row%s%s%s%s", more, more == 1 ? "" : "s",
         rej_written ? " (all in " : "", rej_written ? rej_written : "", rej_written ? ")" : "");
}

/* Ends the import's transaction: the import recorded, the rejects file
 * written out and the transaction committed, or rolled back.  Nothing
 * after the commit may fail the call (the store would have changed).
 * An import with more bad rows than it tolerates is refused, and one of
 * no good row records nothing (a warning); both write the rejects file,
 * which is what the user corrects.  Returns the exit status. */
static int conclude(importer *im, const char *rej, kj_import_result *res)
{
    int fin = -1;
    int refused = !im->failed && im->bad > tolerated(im);
    int empty = !im->failed && !refused && !im->good;
    if (!im->failed && !refused && !empty) {
        fin = finish_import(im, res->sha256, res);
        if (fin < 0) store_failed(im);
    }
    int keep_rejects = im->bad && (fin == 0 || refused || empty);
    if (keep_rejects && im->rejects) { /* written out before the commit: a rejects file that fails fails the import */
        im->rejects = NULL;
        if (kj_output_close(&im->rejects_out) != 0) {
            char reason[128];
            diag(im, 0, 1, 1, NULL, "name another with --rejects FILE", "cannot write the rejects file '%s': %s", rej,
                 kj_output_reason(errno, reason, sizeof reason));
            im->failed = im->internal = 1;
            fin = -1;
            keep_rejects = refused = empty = 0;
        }
    }
    if (keep_rejects) res->rejects = caller_strdup(im->mem, rej); /* (before the commit) */
    int committed = fin == 0 && im->st.ops->commit(&im->st) == 0;
    if (fin == 0 && !committed) store_failed(im);
    if (!committed && im->began) im->st.ops->rollback(&im->st);
    kj_mem_forget(im->mem, im->on_transaction);
    im->on_transaction = NULL;
    im->began = 0;
    int rc = KJ_EXIT_BAD_INPUT;
    if (committed) {
        res->import_id = im->import_id;
        rc = KJ_EXIT_CONSISTENT;
    } else if (fin == 1 || empty) {
        rc = KJ_EXIT_CONSISTENT; /* already imported, or nothing to import: nothing done */
    } else if (im->internal) {
        rc = KJ_EXIT_INTERNAL;
    }
    if (!(committed || refused || empty) || !res->rejects || kj_output_publish(&im->rejects_out) != 0) {
        free(res->rejects);
        res->rejects = NULL;
    }
    if (committed || refused || empty) say_more_rejected(im, res->rejects);
    if (refused) say_refused(im, res->rejects);
    if (empty) say_empty(im, res->rejects);
    res->refused = refused;
    res->empty = empty;
    return rc;
}

/* The rows of the open CSV into the open store: the exit status. */
static int import_rows(importer *im, const char *rej, kj_import_result *res)
{
    struct sha256_ctx h;
    sha256_init(&h);
    im->progress = im->o->progress;
    im->t0 = now_s();
    im->last = im->t0;
    store_rows(im, &h);
    res->rows = im->good;
    res->rejected = im->bad;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&h, sizeof digest, digest);
    hex(digest, SHA256_DIGEST_SIZE, res->sha256);
    return conclude(im, rej, res);
}

/* Closes what the import opened (as far as it got), each cleanup
 * forgotten as its resource is released: an import that did not commit
 * leaves no new store and no rejects file. */
static void close_all(importer *im, int rc, const kj_import_result *res)
{
    kj_mem_forget(im->mem, im->on_rejects);
    kj_output_discard(&im->rejects_out);
    kj_mem_forget(im->mem, im->on_store);
    if (im->st.ops && (rc != KJ_EXIT_CONSISTENT || res->duplicate || res->empty)) im->st.ops->discard_new(&im->st); /* nothing half-done */
    kj_backend_close(&im->st);
    kj_mem_forget(im->mem, im->on_csv);
    if (im->csv) fclose(im->csv);
    free_buffers(im);
}

/* What a file's content is: GPX (XML: '<'), GeoJSON ('{'), else CSV --
 * after a byte order mark and white space. */
static enum input_format content_format(importer *im, char *first)
{
    unsigned char b[512];
    size_t n = fread(b, 1, sizeof b, im->csv), i = 0;
    fseeko(im->csv, 0, SEEK_SET);
    if (n >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) i = 3;
    while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) i++;
    *first = i < n ? (char)b[i] : 0;
    return i < n && b[i] == '<' ? FMT_GPX : i < n && b[i] == '{' ? FMT_GEOJSON : FMT_CSV;
}

/* What the file's name says it is, or -1 (nothing). */
static int named_format(const char *path)
{
    static const struct { const char *ext; enum input_format f; } exts[] = {
        {.ext = "csv", .f = FMT_CSV}, {.ext = "tsv", .f = FMT_CSV}, {.ext = "psv", .f = FMT_CSV},
        {.ext = "gpx", .f = FMT_GPX}, {.ext = "geojson", .f = FMT_GEOJSON}, {.ext = "json", .f = FMT_GEOJSON}};
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return -1;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (!strcasecmp(dot + 1, exts[i].ext)) return (int)exts[i].f;
    return -1;
}

/* A track's points are rows of four columns: time, lat, lon, accuracy. */
static void point_columns(importer *im)
{
    static const enum field fields[] = {F_TIME, F_LAT, F_LON, F_ACCURACY};
    im->n_cols = 4;
    im->cols = kj_arena_alloc(&im->c->arena, sizeof(column) * 4);
    memset(im->cols, 0, sizeof(column) * 4);
    for (int k = 0; k < F_ATTR; k++) im->col[k] = -1;
    for (int i = 0; i < 4; i++) {
        im->cols[i].name = (char *)field_names[fields[i]];
        im->cols[i].f = fields[i];
        im->col[fields[i]] = i;
    }
    im->header_done = 1;
    im->time_format = TIME_TEXT;
}

/* The file's format: --input-format, else its content's, which its name
 * may not contradict; a track goes into a trace only, and has no columns
 * to --map nor a separator.  0, or -1 (reported). */
static int detect_format(importer *im)
{
    static const char *const said[] = {"CSV", "GPX", "GeoJSON"};
    char first;
    enum input_format content = content_format(im, &first);
    int named = named_format(im->path);
    const char *given = im->o->input_format;
    char msg[400], hint[300];
    im->format = content;
    for (int i = 0; given && i < 3; i++)
        if (!strcmp(given, format_names[i])) im->format = (enum input_format)i;
    if (!given && named >= 0 && named != (int)content) {
        snprintf(msg, sizeof msg, "the file is named as %s, but it holds %s (it starts with '%c')", said[named], said[content],
                 first);
        snprintf(hint, sizeof hint, "rename it, or say which it is: --input-format %s", format_names[content]);
        diag(im, 0, 1, 1, NULL, hint, "%s", msg);
        return -1;
    }
    if (im->format == FMT_CSV) return choose_delimiter(im);
    if (!im->trace) {
        diag(im, 0, 1, 1, NULL, "import it into a trace: trace ID of PERSON store STORE source SOURCE",
             "a %s file is where someone was: it goes into a trace, and '%s' is a register", said[im->format],
             im->c->stmts[im->target].id);
        return -1;
    }
    if (im->o->n_maps || im->o->delimiter) {
        diag(im, 0, 1, 1, NULL, "leave them out: a track's points are read by their format",
             "--map and --delimiter are for a CSV's columns, and this is a %s file", said[im->format]);
        return -1;
    }
    point_columns(im);
    return 0;
}

/* ---- what the readers of tracks are lent (track.h) ------------------------------- */

static int track_failed(void *import) { return ((importer *)import)->failed; }

static void track_bytes(void *import, const void *p, size_t n)
{
    importer *im = import;
    sha256_update(im->hash, n, p);
    im->done_bytes += (off_t)n;
    if (im->progress) progress(im, 0);
}

static int track_name(void *import, const char *name)
{
    importer *im = import;
    char space[128]; /* (called for every element of a track's extensions: nothing kept) */
    if (strlen(name) >= sizeof space) return 0;
    column cl = {.name = (char *)name};
    const char *key = NULL;
    enum field f = default_field(im, &cl, &key, space);
    if (f == F_TIME) return 't';
    if (f == F_ACCURACY) return !cl.unit || unit_kind(cl.unit) == UNIT_METRES ? 'a' : 'u';
    if (names_unit(cl.base)) return 'U';
    if (names_accuracy_in_unit(cl.base)) return 'u';
    return 0;
}

static void track_say(void *import, kj_severity severity, long line, int col, const char *line_text, const char *hint,
                      const char *message)
{
    importer *im = import;
    kj_diag d = {.file = im->path, .line = (int)line, .col = col > 0 ? col : 1, .len = 1, .message = message, .hint = hint,
                 .line_text = line_text, .severity = severity};
    if (im->diag_fn) im->diag_fn(im->diag_ctx, &d);
    if (severity == KJ_DIAG_ERROR) im->failed = 1;
}

static void track_rejects_frame(void *import, const char *head, size_t head_n, const char *joint, const char *tail)
{
    importer *im = import;
    im->header_raw = kj_arena_alloc(&im->c->arena, head_n + 1);
    memcpy(im->header_raw, head, head_n);
    im->header_n = head_n;
    im->rejects_joint = kj_arena_strdup(&im->c->arena, joint);
    im->rejects_tail = kj_arena_strdup(&im->c->arena, tail);
}

static void track_point(void *import, const kj_point_text *p)
{
    importer *im = import;
    start_row(im);
    raw_append(im, p->text, p->text_n);
    im->row_line = p->line;
    im->raw_skip = p->own;
    im->raw_col0 = p->col0;
    const char *values[4] = {p->time, p->lat, p->lon, p->accuracy};
    size_t at[4] = {p->time_at, p->lat_at, p->lon_at, p->accuracy_at};
    for (int i = 0; i < 4; i++) {
        on_field(values[i] ? (void *)values[i] : NULL, values[i] ? strlen(values[i]) : 0, im);
        im->field_at[i] = at[i] < p->text_n ? at[i] : p->own;
    }
    for (int i = 0; i < im->n_vals; i++) im->vals[i] = im->fbuf + im->offs[i];
    if (p->error) reject_at(im, p->error_at < p->text_n ? p->error_at : p->own, p->hint, "%s", p->error);
    else row(im);
    start_row(im);
}

/* The import proper, in its own call: the exit status. */
static int import_file(importer *im, kj_import_result *res)
{
    int rc = KJ_EXIT_BAD_INPUT;
    if (open_csv(im) == 0 && detect_format(im) == 0 && open_store(im) == 0) {
        if (already_imported(im, res)) {
            rc = KJ_EXIT_CONSISTENT;
        } else {
            const char *rej = rejects_path(im);
            if (open_rejects(im, rej) == 0) rc = import_rows(im, rej, res);
        }
    }
    close_all(im, rc, res);
    return rc;
}

static int import(const char *const *case_paths, int n_paths, const char *target, const char *csv,
                  const kj_import_opts *opts, kj_diag_fn fn, void *ctx, kj_import_result *res)
{
    /* The load is a call of its own (test_faults fails its allocations);
     * kj_runtime.fail_alloc_after counts the import's allocations, from
     * its first: passed on to the load, its countdown would fail the
     * load's allocations first, and never reach the import's. */
    kj_runtime load_rt = opts->rt ? *opts->rt : (kj_runtime){.fail_alloc_after = 0};
    load_rt.fail_alloc_after = 0;
    int n_errors = 0;
    kj_failure failure;
    kj_case *c = kj_case_load_ex(case_paths, n_paths, &load_rt, 1, fn, ctx, &n_errors, &failure);
    if (!c && failure.failed) return import_failure(fn, ctx, failure.why);
    if (!c) return KJ_EXIT_BAD_INPUT;
    if (opts->date_order && strcmp(opts->date_order, "dmy") && strcmp(opts->date_order, "mdy")) {
        char msg[160];
        snprintf(msg, sizeof msg, "--date-order '%.40s': expected dmy (day first) or mdy (month first)", opts->date_order);
        kj_diag d = {.file = "kjeller", .len = 1, .message = msg};
        if (fn) fn(ctx, &d);
        kj_case_free(c);
        return KJ_EXIT_BAD_INPUT;
    }
    int ti = find_target(c, target, fn, ctx);
    if (ti < 0) {
        kj_case_free(c);
        return KJ_EXIT_BAD_INPUT;
    }
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (opts->rt) mem.fail_countdown = opts->rt->fail_alloc_after;
    if (setjmp(landing) != 0) { /* nothing imported: the cleanups roll back, remove and close */
        kj_mem_release(&mem);
        kj_case_take_back(c);
        kj_case_free(c);
        free(res->replaced_mapping);
        free(res->rejects);
        memset(res, 0, sizeof *res);
        return import_failure(fn, ctx, mem.why);
    }
    kj_case_lend(c, &mem); /* (the case is the load's: freed whole afterwards) */
    importer *im = importer_new(&mem, c, ti, csv, opts, fn, ctx);
    int rc = import_file(im, res);
    kj_free(im);
    kj_case_take_back(c);
    kj_mem_keep(&mem); /* (it holds nothing now) */
    kj_case_free(c);
    return rc;
}

int kj_import(const char *const *case_paths, int n_paths, const char *target, const char *csv,
              const kj_import_opts *opts, kj_diag_fn fn, void *ctx, kj_import_result *res)
{
    memset(res, 0, sizeof *res);
    locale_t saved; /* numbers with a point (kj_c_locale_enter) */
    if (kj_c_locale_enter(&saved) != 0) return import_failure(fn, ctx, "cannot select the C locale");
    int rc = import(case_paths, n_paths, target, csv, opts, fn, ctx, res);
    kj_c_locale_leave(saved);
    return rc;
}

int kj_import_time(kj_case *c, const char *zone, const char *t, const char *clock, kj_interval *iv)
{
    /* one time read: no buffer, no store, nothing on the heap */
    day_offset days[64];
    memset(days, 0, sizeof days);
    importer im;
    memset(&im, 0, sizeof im);
    im.c = c;
    im.zones[0] = zone;
    im.n_zones = 1;
    im.days = days;
    im.days_mask = 63;
    im.readopts = c->readopts;
    kj_timex_result r;
    return row_time(&im, t, clock, iv, &r);
}
