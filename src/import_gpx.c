/* import_gpx — a GPX track into a trace (docs/records.md §7): each
 * trk/trkseg/trkpt is a point, its lat and lon attributes and its <time>
 * a row of the trace (import.h).  Route points (rtept: a plan) and
 * waypoints (wpt: a marked place) are not where someone was: they are
 * counted, and skipped with one warning.  GPX has no accuracy in metres
 * (hdop has no unit, and is never read as one): a point's radius is the
 * trace's, or an accuracy its extensions (or the point itself) give in
 * metres where larger.
 *
 * The XML is read by expat as a stream, a block at a time; the reader
 * keeps only the bytes of the point it is in (from the start of its
 * line, for a caret), so memory does not grow with the file.  Offsets are
 * expat's byte indexes into the file, which the reader hashes as it reads
 * it. */
#define _POSIX_C_SOURCE 200809L
#include <expat.h>
#include <setjmp.h>
#include <string.h>
#include <strings.h>

#include "track.h"

#define GPX_BLOCK (1 << 16)
#define GPX_LINE_KEPT 4096 /* bytes of a point's line before it kept for a caret */
#define GPX_TAG_KEPT (1 << 20) /* bytes of a tag that a block ends inside, kept for the next */

/* Where the reader is, by element. */
enum gpx_in { IN_NONE, IN_TIME, IN_ACCURACY };

typedef struct gpx_reader {
    const kj_track_reader *r;
    kj_mem *mem;
    XML_Parser xml;
    /* the bytes read and not yet let go: buf[0] is the file's byte base */
    char *buf;
    size_t n, cap;
    long long base;
    int depth;
    int root_seen;
    int in_trkseg_depth;        /* depth of the trkseg the reader is in (0: none) */
    int in_extensions;          /* inside the point's <extensions> */
    enum gpx_in in;
    /* the point being read (point_depth > 0) */
    int point_depth;
    long long point_start, point_line_start, point_tag_end;
    long point_line;
    int point_col0;
    char *time, *accuracy, *lat, *lon; /* (call blocks) */
    size_t time_n, accuracy_n;
    long long time_at, accuracy_at;
    int times, accuracies;
    const char *unit_accuracy;  /* an accuracy element in another unit (its name) */
    const char *unit_attribute; /* an accuracy element's unit attribute (its name) */
    const char *foreign_position; /* a lat or lon attribute with a prefix (its name) */
    const char *mixed;          /* an element inside <time> or an accuracy (its name) */
    char unknown_entity[64];
    char unknown_entity_msg[200]; /* a point's error, when it is made here */
    long long mixed_at;    /* an entity in the point whose text the reader does not have */
    /* the general entities the file declares with a text of their own */
    char **entities;
    int n_entities;
    /* skipped */
    long route_points, waypoints, first_skipped_line;
    int first_skipped_col;
    int handler_failed;         /* a handler's call failed (its kj_mem's status says why) */
} gpx_reader;

static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static char *copy(kj_mem *m, const char *s)
{
    return s ? kj_strdup(m, s) : NULL;
}

/* Appends len bytes of s to *text (*n bytes and a NUL).  The buffer
 * grows by doubling: expat may hand a long text over in small pieces (an
 * entity's expansion), and growing it by each piece would copy it whole
 * for each.  Only append allocates it, so it holds at least the power of
 * two (16 or more) above its length. */
static void append(gpx_reader *g, char **text, size_t *n, const char *s, int len)
{
    size_t need = *n + (size_t)len + 1, held = 16, grown = 16;
    while (held < *n + 1) held *= 2;
    if (!*text || need > held) {
        while (grown < need) grown *= 2;
        *text = kj_realloc(g->mem, *text, grown);
    }
    memcpy(*text + *n, s, (size_t)len);
    *n += (size_t)len;
    (*text)[*n] = 0;
}

/* s without the white space around it, in place. */
static char *trimmed(char *s)
{
    if (!s) return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

/* The start of the line byte `at` of the file is on, if kept and at most
 * GPX_LINE_KEPT bytes before it (else -1: a long line). */
static long long line_start(const gpx_reader *g, long long at)
{
    long long i = at - g->base;
    for (; i > 0 && at - (g->base + i) <= GPX_LINE_KEPT; i--)
        if (g->buf[i - 1] == '\n') return g->base + i;
    return i == 0 && g->base == 0 && at <= GPX_LINE_KEPT ? 0 : -1;
}

static void forget_point(gpx_reader *g)
{
    kj_free(g->time);
    kj_free(g->accuracy);
    kj_free(g->lat);
    kj_free(g->lon);
    g->time = g->accuracy = g->lat = g->lon = NULL;
    g->time_n = g->accuracy_n = 0;
    g->times = g->accuracies = 0;
    kj_free((void *)g->unit_attribute);
    kj_free((void *)g->foreign_position);
    kj_free((void *)g->mixed);
    g->unit_accuracy = g->unit_attribute = g->foreign_position = g->mixed = NULL;
    g->unknown_entity[0] = 0;
    g->point_depth = 0;
}

/* Whether the file declared general entity `name` with a text of its
 * own (no reference in it to another), or it is one of XML's five. */
static int known_entity(const gpx_reader *g, const char *name, size_t n)
{
    static const char *const predefined[] = {"lt", "gt", "amp", "apos", "quot"};
    for (size_t i = 0; i < sizeof predefined / sizeof *predefined; i++)
        if (strlen(predefined[i]) == n && !memcmp(predefined[i], name, n)) return 1;
    for (int i = 0; i < g->n_entities; i++)
        if (strlen(g->entities[i]) == n && !memcmp(g->entities[i], name, n)) return 1;
    return 0;
}

static void unknown_entity(gpx_reader *g, const char *name, size_t n)
{
    if (g->unknown_entity[0]) return;
    if (n > sizeof g->unknown_entity - 1) n = sizeof g->unknown_entity - 1;
    memcpy(g->unknown_entity, name, n);
    g->unknown_entity[n] = 0;
}

/* An entity in the <trkpt> tag's attributes whose text the file does not
 * give (declared in a DTD expat does not read, or undefined): expat drops
 * it from the value without a word ("&minus;33.9" would be 33.9), so the
 * tag's bytes are looked at.  In a tag '&' only begins a reference. */
static void check_tag_entities(gpx_reader *g)
{
    for (long long i = g->point_start; i < g->point_tag_end && i - g->base < (long long)g->n; i++) {
        const char *at = g->buf + (i - g->base);
        if (*at != '&' || at[1] == '#') continue;
        size_t n = 0;
        while (i + 1 + (long long)n < g->point_tag_end && at[1 + n] != ';') n++;
        if (!known_entity(g, at + 1, n)) unknown_entity(g, at + 1, n);
    }
}

/* <!ENTITY name "text">: known when its text refers to no other entity */
static void entity_decl(gpx_reader *g, const char *name, int is_parameter, const char *value, int value_n)
{
    if (is_parameter || !value || memchr(value, '&', (size_t)value_n)) return;
    g->entities = kj_realloc(g->mem, g->entities, sizeof(char *) * (size_t)(g->n_entities + 1));
    g->entities[g->n_entities++] = kj_strdup(g->mem, name);
}

/* An entity in the text whose text the reader does not have: one not
 * declared (in a file with a DTD expat does not read), or an external one. */
static void on_skipped_entity(void *ctx, const char *name, int is_parameter)
{
    gpx_reader *g = ctx;
    if (!is_parameter && g->point_depth) unknown_entity(g, name, strlen(name));
}

static int on_external_entity(XML_Parser xml, const char *context, const char *base, const char *system_id, const char *public_id)
{
    gpx_reader *g = XML_GetUserData(xml);
    (void)base;
    (void)system_id;
    (void)public_id;
    if (g->point_depth) {
        size_t n = 0;
        while (context && context[n] && context[n] != '\f') n++;
        unknown_entity(g, context ? context : "?", n);
    }
    return XML_STATUS_OK;
}

/* trkpt: lat and lon attributes */
static void start_point(gpx_reader *g, const char **atts)
{
    forget_point(g);
    if (XML_GetCurrentByteIndex(g->xml) < g->base) { /* (let_go keeps GPX_TAG_KEPT bytes of a tag) */
        kj_track_say(g->r, KJ_DIAG_ERROR, (long)XML_GetCurrentLineNumber(g->xml), (int)XML_GetCurrentColumnNumber(g->xml) + 1,
                     NULL, "a GPX file's tags are short: is this one?", "a <trkpt> tag longer than 1 MiB");
        XML_StopParser(g->xml, XML_FALSE);
        return;
    }
    g->point_depth = g->depth;
    g->point_start = XML_GetCurrentByteIndex(g->xml);
    g->point_tag_end = g->point_start + XML_GetCurrentByteCount(g->xml);
    g->point_line = (long)XML_GetCurrentLineNumber(g->xml);
    g->time_at = g->accuracy_at = g->point_start;
    long long ls = line_start(g, g->point_start);
    g->point_col0 = 0;
    if (ls < 0) { /* a long line: from the point itself */
        ls = g->point_start;
        g->point_col0 = (int)XML_GetCurrentColumnNumber(g->xml);
    }
    g->point_line_start = ls;
    /* GPX's lat and lon are attributes of no namespace: x:lat is another
     * attribute, and a point that has one is refused (which is its place?) */
    for (int i = 0; atts[i]; i += 2) {
        const char *local = local_name(atts[i]);
        int position = (!strcmp(local, "lat") || !strcmp(local, "lon")) && strncmp(atts[i], "xmlns:", 6);
        if (position && local != atts[i]) {
            kj_free((void *)g->foreign_position);
            g->foreign_position = copy(g->mem, atts[i]);
        }
        else if (!strcmp(atts[i], "lat")) g->lat = copy(g->mem, atts[i + 1]);
        else if (!strcmp(atts[i], "lon")) g->lon = copy(g->mem, atts[i + 1]);
    }
    check_tag_entities(g);
}

/* </trkpt>: the point, a row of the trace */
static void end_point(gpx_reader *g)
{
    long long end = XML_GetCurrentByteIndex(g->xml) + XML_GetCurrentByteCount(g->xml);
    if (XML_GetCurrentByteCount(g->xml) == 0) end = g->point_tag_end; /* <trkpt .../> */
    long long from = g->point_line_start;
    size_t own = (size_t)(g->point_start - from);
    kj_point_text p = {.line = g->point_line, .text = g->buf + (from - g->base), .text_n = (size_t)(end - from), .own = own,
                       .col0 = g->point_col0, .time = trimmed(g->time), .lat = trimmed(g->lat), .lon = trimmed(g->lon),
                       .accuracy = trimmed(g->accuracy), .time_at = (size_t)(g->time_at - from), .lat_at = own,
                       .lon_at = own, .accuracy_at = (size_t)(g->accuracy_at - from), .error_at = own};
    if (g->unknown_entity[0]) {
        p.error = g->unknown_entity_msg;
        snprintf(g->unknown_entity_msg, sizeof g->unknown_entity_msg,
                 "trkpt has the entity &%s; whose text the file does not give: it is never read without it", g->unknown_entity);
        p.hint = "write the value out in the file (expand its entities, e.g. xmllint --noent --dtdattr)";
        p.lat = p.lon = p.time = NULL;
    } else if (g->foreign_position) {
        snprintf(g->unknown_entity_msg, sizeof g->unknown_entity_msg,
                 "trkpt has an attribute '%s' beside GPX's lat and lon: which is its position?", g->foreign_position);
        p.error = g->unknown_entity_msg;
        p.hint = "a track point's position is its lat and lon attributes of no prefix; remove the other";
    } else if (g->mixed) {
        snprintf(g->unknown_entity_msg, sizeof g->unknown_entity_msg,
                 "trkpt has an element <%s> inside its time or accuracy: the value is read whole or not at all", g->mixed);
        p.error = g->unknown_entity_msg;
        p.hint = "a time or an accuracy is text alone: <time>2024-03-14T21:00:00Z</time>";
        p.error_at = g->mixed_at > from ? (size_t)(g->mixed_at - from) : own;
    } else if (!g->lat || !g->lon) {
        p.error = !g->lat && !g->lon ? "trkpt has no lat and lon attributes" : !g->lat ? "trkpt has no lat attribute"
                                                                                       : "trkpt has no lon attribute";
        p.hint = "a track point is <trkpt lat=\"DEGREES\" lon=\"DEGREES\">";
    } else if (!g->times) {
        p.error = "trkpt has no <time>: a point without a time is no evidence of when";
        p.hint = "a track point's time is <time>2024-03-14T21:00:00Z</time>";
    } else if (g->times > 1) {
        p.error = "trkpt has more than one <time>";
        p.time = NULL;
        p.error_at = p.time_at;
    } else if (g->accuracies > 1) {
        p.error = "trkpt has more than one accuracy";
        p.error_at = p.accuracy_at;
    } else if (g->unit_attribute) {
        snprintf(g->unknown_entity_msg, sizeof g->unknown_entity_msg,
                 "trkpt's accuracy has an attribute '%s': kjeller reads accuracies in metres only", g->unit_attribute);
        p.error = g->unknown_entity_msg;
        p.hint = "convert the accuracy to metres and remove the attribute";
        p.error_at = p.accuracy_at;
    } else if (g->unit_accuracy) {
        p.error = "trkpt has an accuracy in another unit than metres";
        p.hint = "kjeller reads accuracies in metres only";
        p.error_at = p.accuracy_at;
    }
    g->r->point(g->r->import, &p);
    forget_point(g);
}

static void start_element(void *ctx, const char *name, const char **atts)
{
    gpx_reader *g = ctx;
    const char *local = local_name(name);
    g->depth++;
    if (g->depth == 1) {
        g->root_seen = 1;
        if (strcmp(local, "gpx")) {
            kj_track_say(g->r, KJ_DIAG_ERROR, (long)XML_GetCurrentLineNumber(g->xml), (int)XML_GetCurrentColumnNumber(g->xml) + 1, NULL,
                           "a GPX file's root element is <gpx>", "the XML's root element is <%s>, not <gpx>", name);
            XML_StopParser(g->xml, XML_FALSE);
            return;
        }
        /* the rejects file: this file's start, to the end of <gpx ...> (its
         * namespaces with it), then the bad points in a track of their own */
        size_t head_n = (size_t)(XML_GetCurrentByteIndex(g->xml) + XML_GetCurrentByteCount(g->xml) - g->base);
        char *head = kj_malloc(g->mem, head_n + 32);
        memcpy(head, g->buf, head_n);
        memcpy(head + head_n, "\n<trk><trkseg>\n", 16);
        g->r->rejects_frame(g->r->import, head, head_n + 15, "\n", "\n</trkseg></trk></gpx>\n");
        kj_free(head);
        return;
    }
    if (g->point_depth) {
        if (g->in != IN_NONE) { /* <time>...<b/>...</time>: text of two parts */
            if (!g->mixed) {
                g->mixed = copy(g->mem, name);
                g->mixed_at = XML_GetCurrentByteIndex(g->xml);
            }
            return;
        }
        if (g->depth == g->point_depth + 1 && !strcmp(local, "time")) {
            g->in = IN_TIME;
            g->times++;
            g->time_at = XML_GetCurrentByteIndex(g->xml);
            if (g->times > 1) g->time_n = 0;
        } else if (g->depth == g->point_depth + 1 && !strcmp(local, "extensions")) {
            g->in_extensions = g->depth;
        } else if (g->in_extensions || g->depth == g->point_depth + 1) {
            /* in its extensions, or (not GPX, but written so) right in the
             * point: an accuracy left unread would leave the point the
             * trace's radius, narrower than its own */
            int kind = g->r->name(g->r->import, local);
            if (kind == 'a' || kind == 'u') {
                g->in = IN_ACCURACY;
                g->accuracies++;
                g->accuracy_at = XML_GetCurrentByteIndex(g->xml);
                if (kind == 'u') g->unit_accuracy = local;
                for (int i = 0; atts[i]; i += 2) {
                    const char *a = local_name(atts[i]);
                    if (!strcasecmp(a, "unit") || !strcasecmp(a, "units") || !strcasecmp(a, "uom")) g->unit_attribute = copy(g->mem, atts[i]);
                }
            }
        }
        return;
    }
    if (!strcmp(local, "trkseg") && g->depth == 3) g->in_trkseg_depth = g->depth;
    else if (!strcmp(local, "trkpt") && g->in_trkseg_depth && g->depth == g->in_trkseg_depth + 1) start_point(g, atts);
    else if (!strcmp(local, "rtept") || (!strcmp(local, "wpt") && g->depth == 2)) {
        if (!g->route_points && !g->waypoints) {
            g->first_skipped_line = (long)XML_GetCurrentLineNumber(g->xml);
            g->first_skipped_col = (int)XML_GetCurrentColumnNumber(g->xml) + 1;
        }
        if (local[0] == 'r') g->route_points++;
        else g->waypoints++;
    }
}

static void end_element(void *ctx, const char *name)
{
    gpx_reader *g = ctx;
    (void)name;
    g->in = IN_NONE;
    if (g->point_depth && g->depth == g->point_depth) end_point(g);
    else if (g->in_extensions == g->depth) g->in_extensions = 0;
    if (g->in_trkseg_depth == g->depth) g->in_trkseg_depth = 0;
    g->depth--;
}

static void text_of(void *ctx, const char *s, int len)
{
    gpx_reader *g = ctx;
    if (g->in == IN_TIME) append(g, &g->time, &g->time_n, s, len);
    else if (g->in == IN_ACCURACY) append(g, &g->accuracy, &g->accuracy_n, s, len);
}

/* The XML is not well-formed (or is no GPX): at expat's position, with
 * the line when it is kept. */
static void xml_error(gpx_reader *g)
{
    enum XML_Error e = XML_GetErrorCode(g->xml);
    long line = (long)XML_GetCurrentLineNumber(g->xml);
    long long at = XML_GetCurrentByteIndex(g->xml);
    int col = (int)XML_GetCurrentColumnNumber(g->xml) + 1;
    const char *text = NULL;
    long long ls = at >= g->base && at <= g->base + (long long)g->n ? line_start(g, at) : -1;
    if (ls >= 0) {
        size_t end = (size_t)(ls - g->base);
        while (end < g->n && g->buf[end] != '\n' && g->buf[end] != '\r') end++;
        char *t = kj_malloc(g->mem, end - (size_t)(ls - g->base) + 1);
        memcpy(t, g->buf + (ls - g->base), end - (size_t)(ls - g->base));
        t[end - (size_t)(ls - g->base)] = 0;
        text = t;
        col = (int)(at - ls) + 1;
    }
    int ended = e == XML_ERROR_NO_ELEMENTS || e == XML_ERROR_UNCLOSED_TOKEN || e == XML_ERROR_UNCLOSED_CDATA_SECTION;
    kj_track_say(g->r, KJ_DIAG_ERROR, line, col, text,
                   ended ? "the file ends inside the GPX document: is it complete?" : "a GPX file is XML: is it whole and unedited?",
                   "malformed XML: %s", XML_ErrorString(e));
    kj_free((void *)text);
}

/* Lets go of the bytes no point needs: all but those of the point being
 * read, from the start of its line; or else those of the line being read,
 * and of a tag the block ended inside (expat keeps it for the next block,
 * and it may be a <trkpt>: from the last '<', which a tag holds no other
 * of). */
static void let_go(gpx_reader *g)
{
    if (!g->root_seen) return; /* (the rejects file's head is copied from the file's start) */
    long long end = g->base + (long long)g->n, keep = g->point_depth ? g->point_line_start : end;
    if (!g->point_depth) {
        long long ls = line_start(g, keep);
        keep = ls >= 0 ? ls : keep;
        for (long long i = end - 1; i >= g->base && end - i <= GPX_TAG_KEPT; i--)
            if (g->buf[i - g->base] == '<') {
                if (i < keep) keep = i;
                break;
            }
    }
    size_t drop = (size_t)(keep - g->base);
    memmove(g->buf, g->buf + drop, g->n - drop);
    g->n -= drop;
    g->base = keep;
}

/* expat is not made to be left by a longjmp from a handler (what it holds
 * of the moment leaks, and its state is undefined): a handler's failure
 * (memory, mem.h) lands here instead, stops the parser, and is raised
 * again once XML_Parse has returned (kj_read_gpx). */
#define GUARDED(g, call)                                             \
    do {                                                             \
        if ((g)->handler_failed) return;                             \
        jmp_buf here, *outer = (g)->mem->landing;                    \
        (g)->mem->landing = &here;                                   \
        if (setjmp(here) == 0) {                                     \
            call;                                                    \
        } else {                                                     \
            (g)->handler_failed = 1;                                 \
            XML_StopParser((g)->xml, XML_FALSE);                     \
        }                                                            \
        (g)->mem->landing = outer;                                   \
    } while (0)

static void on_start(void *ctx, const char *name, const char **atts)
{
    gpx_reader *g = ctx;
    GUARDED(g, start_element(ctx, name, atts));
}

static void on_end(void *ctx, const char *name)
{
    gpx_reader *g = ctx;
    GUARDED(g, end_element(ctx, name));
}

static void on_text(void *ctx, const char *s, int len)
{
    gpx_reader *g = ctx;
    GUARDED(g, text_of(ctx, s, len));
}

static void on_entity_decl(void *ctx, const char *name, int is_parameter, const char *value, int value_n, const char *base,
                           const char *system_id, const char *public_id, const char *notation)
{
    gpx_reader *g = ctx;
    (void)base;
    (void)system_id;
    (void)public_id;
    (void)notation;
    GUARDED(g, entity_decl(g, name, is_parameter, value, value_n));
}

static void free_parser(void *xml) { XML_ParserFree(xml); }

static void free_reader(gpx_reader *g)
{
    forget_point(g);
    for (int i = 0; i < g->n_entities; i++) kj_free(g->entities[i]);
    kj_free(g->entities);
    kj_free(g->buf);
}

int kj_read_gpx(const kj_track_reader *r)
{
    gpx_reader g;
    memset(&g, 0, sizeof g);
    g.r = r;
    g.mem = r->mem;
    g.xml = XML_ParserCreate(NULL);
    if (!g.xml) kj_mem_fail(g.mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    kj_mem_cleanup *on_parser = kj_mem_on_failure(g.mem, free_parser, g.xml);
    XML_SetUserData(g.xml, &g);
    XML_SetElementHandler(g.xml, on_start, on_end);
    XML_SetCharacterDataHandler(g.xml, on_text);
    XML_SetEntityDeclHandler(g.xml, on_entity_decl);
    XML_SetSkippedEntityHandler(g.xml, on_skipped_entity);
    XML_SetExternalEntityRefHandler(g.xml, on_external_entity);
    FILE *f = r->file;
    int eof = 0;
    while (!eof && !r->failed(r->import)) {
        if (g.n + GPX_BLOCK > g.cap) {
            g.cap = g.n + 2 * GPX_BLOCK;
            g.buf = kj_realloc(g.mem, g.buf, g.cap);
        }
        size_t got = fread(g.buf + g.n, 1, GPX_BLOCK, f);
        if (got == 0 && ferror(f)) {
            kj_track_say(r, KJ_DIAG_ERROR, 0, 1, NULL, NULL, "read error");
            break;
        }
        eof = got == 0;
        r->bytes(r->import, g.buf + g.n, got);
        g.n += got;
        int parsed = XML_Parse(g.xml, g.buf + g.n - got, (int)got, eof);
        if (g.handler_failed) kj_mem_refail(g.mem, g.mem); /* (out of expat: the cleanup frees the parser) */
        if (parsed == XML_STATUS_ERROR) {
            if (!r->failed(r->import)) xml_error(&g);
            break;
        }
        let_go(&g);
    }
    if (!r->failed(r->import) && (g.route_points || g.waypoints))
        kj_track_say(r, KJ_DIAG_WARNING, g.first_skipped_line, g.first_skipped_col, NULL, "a trace's evidence is its track points (trk/trkseg/trkpt)",
                       "%ld route point%s (rtept) and %ld waypoint%s (wpt) skipped: a planned route or a marked place is not "
                       "where someone was",
                       g.route_points, g.route_points == 1 ? "" : "s", g.waypoints, g.waypoints == 1 ? "" : "s");
    kj_mem_forget(g.mem, on_parser);
    XML_ParserFree(g.xml);
    free_reader(&g);
    return r->failed(r->import) ? -1 : 0;
}
