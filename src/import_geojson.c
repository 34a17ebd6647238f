/* import_geojson — GeoJSON points into a trace (docs/records.md §7): a
 * FeatureCollection of Point features, or one Feature, each a row of the
 * trace (import.h): its coordinates [longitude, latitude] -- GeoJSON's
 * order, not the CSV's -- its time from its properties (time, timestamp,
 * datetime, ...), and its accuracy in metres (accuracy, radius, ...) when
 * it has one.  Another geometry is a bad row, never a point guessed from
 * it.
 *
 * jansson reads the whole file, so the file and its tree are in memory
 * (about ten times the file's size).  jansson says where a syntax error
 * is, but not where a value it read begins: a feature's line and column
 * are found by stepping through the text jansson has accepted, counting
 * brackets outside strings, to the start of each element of the root's
 * "features" array. */
#define _POSIX_C_SOURCE 200809L
#include <jansson.h>
#include <string.h>

#include "track.h"

#define GEOJSON_LINE_KEPT 4096 /* bytes of a feature's line before it kept for a caret */

/* Where each element of the root object's "features" array begins and
 * ends in t, which is well-formed JSON (jansson read it).  The number of
 * elements found, at most max, or -1 when there are more. */
static long feature_spans(const char *t, size_t n, size_t *start, size_t *end, size_t max)
{
    int depth = 0, features = 0, in_element = 0, key_features = 0;
    size_t last = 0, count = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
        if (features && depth == features) { /* directly in the array */
            if (ch == ',' || ch == ']') {
                if (in_element) {
                    if (count >= max) return -1;
                    end[count++] = last + 1;
                    in_element = 0;
                }
                if (ch == ']') {
                    features = 0;
                    depth--;
                }
                last = i;
                continue;
            }
            if (!in_element) {
                if (count >= max) return -1;
                in_element = 1;
                start[count] = i;
            }
        }
        if (ch == '"') {
            size_t s = i + 1;
            for (i++; i < n && t[i] != '"'; i++)
                if (t[i] == '\\') i++;
            if (depth == 1) key_features = i - s == 8 && !memcmp(t + s, "features", 8);
            last = i;
            continue;
        }
        if (ch == '{' || ch == '[') {
            depth++;
            if (ch == '[' && depth == 2 && key_features) features = 2;
        } else if (ch == '}' || ch == ']') {
            depth--;
        } else if (ch != ':' && depth == 1) {
            key_features = 0;
        }
        last = i;
    }
    return (long)count;
}

/* A JSON number as the rows write one: a decimal (a small one to 12
 * places).  A huge one keeps its exponent, which the row refuses as no
 * number of degrees or metres. */
static void number_text(double v, char *out, size_t n)
{
    snprintf(out, n, "%.15g", v);
    if (strchr(out, 'e') && v > -1 && v < 1) snprintf(out, n, "%.12f", v);
}

/* The one property of the kind ('t' a time, 'a' an accuracy) of a
 * feature's properties: NULL when none; *two when there are two (named). */
static json_t *property(const kj_track_reader *r, json_t *props, int kind, const char **name, const char **two, const char **unit)
{
    json_t *found = NULL;
    const char *key;
    json_t *v;
    *two = NULL;
    json_object_foreach(props, key, v) {
        int k = r->name(r->import, key);
        if (kind == 'a' && k == 'u') *unit = key;
        if (kind == 'a' && k == 'U' && !*unit) *unit = key;
        if (k != kind) continue;
        if (found) *two = key;
        else {
            found = v;
            *name = key;
        }
    }
    return found;
}

/* Whether a GeoJSON object's "crs" member (GeoJSON 2008; RFC 7946 has
 * none) is absent or names WGS 84 longitude, latitude: CRS84.  Any other
 * (EPSG:4326 orders latitude first, EPSG:3857 is in metres) would have
 * its coordinates read as what they are not. */
static int crs84(json_t *object, const char **name)
{
    json_t *crs = json_object_get(object, "crs");
    *name = "?";
    if (!crs) return 1;
    json_t *type = json_object_get(crs, "type"), *props = json_object_get(crs, "properties");
    json_t *n = json_is_object(props) ? json_object_get(props, "name") : NULL;
    if (!json_is_string(type) || strcmp(json_string_value(type), "name") || !json_is_string(n)) return 0;
    *name = json_string_value(n);
    static const char *const names[] = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:1.3:CRS84", "OGC:CRS84"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(*name, names[i])) return 1;
    return 0;
}

static const char crs_hint[] = "kjeller reads GeoJSON's own coordinates, WGS 84 [longitude, latitude] (CRS84): convert the file, "
                               "e.g. ogr2ogr -t_srs OGC:CRS84 out.geojson in.geojson, and remove its \"crs\"";

typedef struct feature_text {
    char lat[64], lon[64], accuracy[64];
    char message[300];
} feature_text;

/* Reads feature i (1-based in messages) into p; an error makes it a bad row. */
static void read_feature(const kj_track_reader *r, json_t *f, size_t i, kj_point_text *p, feature_text *b)
{
    const char *error = NULL, *hint = NULL, *name = NULL, *two = NULL, *unit = NULL;
    json_t *type = json_is_object(f) ? json_object_get(f, "type") : NULL;
    json_t *geometry = json_is_object(f) ? json_object_get(f, "geometry") : NULL;
    json_t *gtype = json_is_object(geometry) ? json_object_get(geometry, "type") : NULL;
    json_t *coords = json_is_object(geometry) ? json_object_get(geometry, "coordinates") : NULL;
    json_t *props = json_is_object(f) ? json_object_get(f, "properties") : NULL;
    const char *point_hint = "a trace's points are Point features: {\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", "
                             "\"coordinates\": [LON, LAT]}, \"properties\": {\"time\": \"...\"}}";
    const char *crs = NULL;
    if (!json_is_object(f)) {
        error = "is not an object";
        hint = point_hint;
    } else if (!crs84(f, &crs) || (json_is_object(geometry) && !crs84(geometry, &crs))) {
        snprintf(b->message, sizeof b->message, "feature %zu has a \"crs\" other than CRS84 ('%.80s'): its coordinates are not read as "
                 "longitude, latitude", i, crs);
        hint = crs_hint;
    } else if (!json_is_string(type) || strcmp(json_string_value(type), "Feature")) {
        error = "is not a Feature (its \"type\" is not \"Feature\")";
        hint = point_hint;
    } else if (!json_is_object(geometry)) {
        error = "has no geometry";
        hint = point_hint;
    } else if (!json_is_string(gtype) || strcmp(json_string_value(gtype), "Point")) {
        snprintf(b->message, sizeof b->message, "feature %zu is a %s, not a Point: only points are read into a trace", i,
                 json_is_string(gtype) ? json_string_value(gtype) : "geometry without a type");
        hint = "a trace's points are Point features, each with its time";
    } else if (!json_is_array(coords) || json_array_size(coords) < 2 || json_array_size(coords) > 3 ||
               !json_is_number(json_array_get(coords, 0)) || !json_is_number(json_array_get(coords, 1))) {
        error = "has coordinates that are not [longitude, latitude] numbers";
        hint = "GeoJSON writes a point as [LON, LAT] (or [LON, LAT, ALTITUDE])";
    } else if (!json_is_object(props) || !property(r, props, 't', &name, &two, &unit)) {
        error = "has no time in its properties";
        hint = "a point without a time is no evidence of when: give it \"time\": \"2024-03-14T21:00:00Z\"";
    } else if (two) {
        snprintf(b->message, sizeof b->message, "feature %zu has two times in its properties: '%s' and '%s'", i, name, two);
    } else if (!json_is_string(property(r, props, 't', &name, &two, &unit))) {
        snprintf(b->message, sizeof b->message, "feature %zu: its time '%s' is not a string", i, name);
        hint = "write it as ISO 8601, \"2024-03-14T21:00:00Z\": a number is not read as a Unix time (its unit is not said)";
    }
    if (error) snprintf(b->message, sizeof b->message, "feature %zu %s", i, error);
    if (error || b->message[0]) {
        p->error = b->message;
        p->hint = hint;
        return;
    }
    p->time = json_string_value(property(r, props, 't', &name, &two, &unit));
    number_text(json_number_value(json_array_get(coords, 0)), b->lon, sizeof b->lon);
    number_text(json_number_value(json_array_get(coords, 1)), b->lat, sizeof b->lat);
    p->lon = b->lon; /* ([lon, lat]: GeoJSON's order) */
    p->lat = b->lat;
    unit = NULL;
    json_t *acc = property(r, props, 'a', &name, &two, &unit);
    if (unit && r->name(r->import, unit) == 'U') {
        if (acc && !json_is_null(acc)) {
            snprintf(b->message, sizeof b->message, "feature %zu: its property '%s' gives the unit of its accuracy '%s'", i, unit, name);
            p->error = b->message;
            p->hint = "kjeller reads accuracies in metres only: convert it and remove the unit, or leave the accuracy out to give the point the trace's radius";
        }
    } else if (unit) {
        snprintf(b->message, sizeof b->message, "feature %zu: its accuracy '%s' is not in metres", i, unit);
        p->error = b->message;
        p->hint = "kjeller reads accuracies in metres only: convert it, or leave it out to give the point the trace's radius";
    } else if (two) {
        snprintf(b->message, sizeof b->message, "feature %zu has two accuracies in its properties: '%s' and '%s'", i, name, two);
        p->error = b->message;
    } else if (json_is_number(acc)) {
        number_text(json_number_value(acc), b->accuracy, sizeof b->accuracy);
        p->accuracy = b->accuracy;
    } else if (json_is_string(acc)) {
        p->accuracy = json_string_value(acc);
    } else if (acc && !json_is_null(acc)) {
        snprintf(b->message, sizeof b->message, "feature %zu: its accuracy '%s' is not a number", i, name);
        p->error = b->message;
    }
}

static void free_json(void *root) { json_decref(root); }

/* The whole file, hashed as it is read; *n its size.  NULL (reported). */
static char *read_all(const kj_track_reader *r, size_t *n)
{
    kj_mem *m = r->mem;
    FILE *f = r->file;
    size_t cap = 1 << 16, have = 0;
    char *buf = kj_malloc(m, cap);
    for (;;) {
        if (have == cap) buf = kj_realloc(m, buf, cap *= 2);
        size_t got = fread(buf + have, 1, cap - have, f);
        if (got == 0) break;
        r->bytes(r->import, buf + have, got);
        have += got;
    }
    if (ferror(f)) {
        kj_track_say(r, KJ_DIAG_ERROR, 0, 1, NULL, NULL, "read error");
        kj_free(buf);
        return NULL;
    }
    *n = have;
    return buf;
}

/* The line (1-based), its start and text (a copy, NULL when long) of byte at. */
static const char *line_of(kj_mem *m, const char *t, size_t n, size_t at, long *line, int *col)
{
    size_t ls = 0;
    *line = 1;
    for (size_t i = 0; i < at && i < n; i++)
        if (t[i] == '\n') {
            ++*line;
            ls = i + 1;
        }
    *col = (int)(at - ls) + 1;
    size_t le = ls;
    while (le < n && t[le] != '\n' && t[le] != '\r' && le - ls <= GEOJSON_LINE_KEPT) le++;
    if (le - ls > GEOJSON_LINE_KEPT) return NULL;
    char *text = kj_malloc(m, le - ls + 1);
    memcpy(text, t + ls, le - ls);
    text[le - ls] = 0;
    return text;
}

static void syntax_error(const kj_track_reader *r, const char *t, size_t n, const json_error_t *e)
{
    long line;
    int col;
    size_t at = (size_t)e->position;
    if (at > 0 && at <= n) at--; /* (jansson's position is past the character it stopped at) */
    const char *text = line_of(r->mem, t, n, at, &line, &col);
    kj_track_say(r, KJ_DIAG_ERROR, line, col, text, "a GeoJSON file is JSON: is it whole and unedited?", "malformed JSON: %s", e->text);
    kj_free((void *)text);
}

int kj_read_geojson(const kj_track_reader *r)
{
    kj_mem *m = r->mem;
    size_t n = 0;
    char *buf = read_all(r, &n);
    if (!buf) return -1;
    size_t bom = n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;
    json_error_t e;
    json_t *root = json_loadb(buf + bom, n - bom, JSON_REJECT_DUPLICATES, &e);
    if (!root) {
        if (json_error_code(&e) == json_error_out_of_memory) kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
        e.position += (int)bom;
        syntax_error(r, buf, n, &e);
        kj_free(buf);
        return -1;
    }
    kj_mem_cleanup *on_root = kj_mem_on_failure(m, free_json, root);
    json_t *type = json_object_get(root, "type"), *features = json_object_get(root, "features");
    const char *what = json_is_string(type) ? json_string_value(type) : NULL;
    size_t first = bom;
    while (first < n && (buf[first] == ' ' || buf[first] == '\t' || buf[first] == '\r' || buf[first] == '\n')) first++;
    int collection = what && !strcmp(what, "FeatureCollection");
    const char *crs = NULL;
    if (json_is_object(root) && !crs84(root, &crs)) {
        long line;
        int col;
        const char *text = line_of(m, buf, n, first, &line, &col);
        kj_track_say(r, KJ_DIAG_ERROR, line, col, text, crs_hint,
                     "the GeoJSON has a \"crs\" other than CRS84 ('%.80s'): its coordinates are not read as longitude, latitude", crs);
        kj_free((void *)text);
    } else if (!json_is_object(root) || !what || (strcmp(what, "Feature") && !collection) || (collection && !json_is_array(features))) {
        long line;
        int col;
        const char *text = line_of(m, buf, n, first, &line, &col);
        char msg[200];
        if (collection) snprintf(msg, sizeof msg, "the FeatureCollection has no \"features\" array");
        else if (what) snprintf(msg, sizeof msg, "the GeoJSON is a '%.60s', not a FeatureCollection or a Feature", what);
        else snprintf(msg, sizeof msg, "the JSON is no GeoJSON object: it has no \"type\"");
        kj_track_say(r, KJ_DIAG_ERROR, line, col, text, "a trace's points are a FeatureCollection of Point features, each with its time", "%s",
                       msg);
        kj_free((void *)text);
    } else {
        static const char head[] = "{\"type\": \"FeatureCollection\", \"features\": [\n";
        r->rejects_frame(r->import, head, sizeof head - 1, ",\n", "\n]}\n");
        size_t count = collection ? json_array_size(features) : 1;
        size_t *starts = kj_malloc(m, (count + 1) * sizeof(size_t)), *ends = kj_malloc(m, (count + 1) * sizeof(size_t));
        long found = collection ? feature_spans(buf + bom, n - bom, starts, ends, count) : -1;
        if (collection && found != (long)count) { /* ("features" written with escapes: where each is cannot be said) */
            long line;
            int col;
            const char *text = line_of(m, buf, n, first, &line, &col);
            kj_track_say(r, KJ_DIAG_ERROR, line, col, text, "write the key \"features\" without escapes",
                         "cannot find where each of the %zu features begins in the text", count);
            kj_free((void *)text);
            count = 0;
        }
        if (!collection) {
            starts[0] = first - bom;
            ends[0] = n - bom;
            while (ends[0] > starts[0] && buf[bom + ends[0] - 1] != '}') ends[0]--;
        }
        size_t cursor = 0, line_start = 0;
        long line = 1;
        for (size_t i = 0; i < count && !r->failed(r->import); i++) {
            size_t s = bom + starts[i], end = bom + ends[i];
            for (; cursor < s; cursor++) /* (the features are in order: lines counted once) */
                if (buf[cursor] == '\n') {
                    line++;
                    line_start = cursor + 1;
                }
            size_t from = s - line_start > GEOJSON_LINE_KEPT ? s : line_start;
            feature_text b;
            memset(&b, 0, sizeof b);
            kj_point_text p = {.line = line, .text = buf + from, .text_n = end - from, .own = s - from,
                               .col0 = from == s && s > line_start ? (int)(s - line_start) : 0};
            p.time_at = p.lat_at = p.lon_at = p.accuracy_at = p.error_at = p.own;
            read_feature(r, collection ? json_array_get(features, i) : root, i + 1, &p, &b);
            r->point(r->import, &p);
        }
        kj_free(starts);
        kj_free(ends);
    }
    kj_mem_forget(m, on_root);
    json_decref(root);
    kj_free(buf);
    return r->failed(r->import) ? -1 : 0;
}
