/* topogen — the report map's land and borders as C arrays, at build time.
 *
 *     topogen vendor/world-atlas/countries-50m.json > data_world.c
 *
 * Reads the vendored world-atlas TopoJSON (vendor/world-atlas/README.md)
 * with jansson once, when kjeller is built, so that no report parses
 * 750 KB of JSON (src/html_map.c draws from these arrays):
 *
 *   kj_world_transform   the quantization: lon = x * [0] + [2], lat = y * [1] + [3]
 *   kj_world_arc_start   per arc, its first point in kj_world_pts; one past the last
 *   kj_world_pts         the arcs' points, quantized x, y, delta-decoded
 *   kj_world_border      per arc, 1 when two countries share it (a border:
 *                        TopoJSON's mesh with a != b)
 *   kj_world_land        the 'land' object's polygons, each: its number of
 *                        rings, then per ring its number of arcs and the
 *                        arcs (a negative one, ~i, is arc i reversed)
 *
 * Malformed input stops the build with a message. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what)
{
    fprintf(stderr, "topogen: %s\n", what);
    exit(1);
}

static size_t n_arcs;

/* Marks the arcs of one country's rings (depth 1: a Polygon's rings, 2: a
 * MultiPolygon's polygons' rings) as borders when another country has them. */
static void mark(json_t *rings, int depth, int country, int *owner, unsigned char *border)
{
    if (!json_is_array(rings)) die("a country's arcs are not an array");
    for (size_t k = 0; k < json_array_size(rings); k++) {
        json_t *x = json_array_get(rings, k);
        if (depth > 0) {
            mark(x, depth - 1, country, owner, border);
            continue;
        }
        if (!json_is_integer(x)) die("an arc index is not an integer");
        json_int_t a = json_integer_value(x);
        size_t i = (size_t)(a < 0 ? ~a : a);
        if (i >= n_arcs) die("an arc index is out of range");
        if (owner[i] < 0) owner[i] = country;
        else if (owner[i] != country) border[i] = 1;
    }
}

static int column; /* for wrapping the output's lines */

static void put(long v)
{
    column += printf("%ld,", v);
    if (column > 100) {
        putchar('\n');
        column = 0;
    }
}

static void polygon(json_t *rings)
{
    if (!json_is_array(rings)) die("a land polygon is not an array");
    put((long)json_array_size(rings));
    for (size_t r = 0; r < json_array_size(rings); r++) {
        json_t *arcs = json_array_get(rings, r);
        if (!json_is_array(arcs)) die("a land ring is not an array");
        put((long)json_array_size(arcs));
        for (size_t a = 0; a < json_array_size(arcs); a++) {
            json_int_t i = json_integer_value(json_array_get(arcs, a));
            if ((size_t)(i < 0 ? ~i : i) >= n_arcs) die("a land arc index is out of range");
            put((long)i);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) die("usage: topogen FILE.json");
    json_error_t error;
    json_t *root = json_load_file(argv[1], 0, &error);
    if (!root) {
        fprintf(stderr, "topogen: %s:%d: %s\n", argv[1], error.line, error.text);
        return 1;
    }
    json_t *tf = json_object_get(root, "transform"), *arcs = json_object_get(root, "arcs");
    json_t *objects = json_object_get(root, "objects");
    json_t *land = json_object_get(json_object_get(objects, "land"), "geometries");
    json_t *countries = json_object_get(json_object_get(objects, "countries"), "geometries");
    if (!json_is_array(arcs) || !json_is_array(land) || !json_is_array(countries) || !tf) die("not world-atlas TopoJSON");
    n_arcs = json_array_size(arcs);
    printf("/* made by tools/topogen.c from %s: do not edit */\n#include <stdint.h>\n\n", argv[1]);
    printf("const double kj_world_transform[4] = {%.17g, %.17g, %.17g, %.17g};\n",
           json_number_value(json_array_get(json_object_get(tf, "scale"), 0)),
           json_number_value(json_array_get(json_object_get(tf, "scale"), 1)),
           json_number_value(json_array_get(json_object_get(tf, "translate"), 0)),
           json_number_value(json_array_get(json_object_get(tf, "translate"), 1)));
    printf("const int32_t kj_world_n_arcs = %zu;\n", n_arcs);
    printf("const int32_t kj_world_arc_start[] = {\n");
    long at = 0;
    for (size_t i = 0; i < n_arcs; i++) {
        put(at);
        at += (long)json_array_size(json_array_get(arcs, i));
    }
    put(at);
    printf("\n};\nconst int32_t kj_world_pts[] = {\n");
    column = 0;
    for (size_t i = 0; i < n_arcs; i++) {
        json_t *arc = json_array_get(arcs, i);
        long x = 0, y = 0;
        for (size_t k = 0; k < json_array_size(arc); k++) {
            json_t *d = json_array_get(arc, k);
            if (!json_is_integer(json_array_get(d, 0)) || !json_is_integer(json_array_get(d, 1))) die("an arc's point is not two integers");
            x += (long)json_integer_value(json_array_get(d, 0));
            y += (long)json_integer_value(json_array_get(d, 1));
            put(x);
            put(y);
        }
    }
    int *owner = malloc(sizeof(int) * (n_arcs + 1));
    unsigned char *border = calloc(n_arcs + 1, 1);
    if (!owner || !border) die("out of memory");
    for (size_t i = 0; i < n_arcs; i++) owner[i] = -1;
    for (size_t g = 0; g < json_array_size(countries); g++) {
        json_t *geom = json_array_get(countries, g);
        const char *type = json_string_value(json_object_get(geom, "type"));
        if (!type || (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon"))) continue; /* (a null geometry) */
        mark(json_object_get(geom, "arcs"), strcmp(type, "MultiPolygon") ? 1 : 2, (int)g, owner, border);
    }
    printf("\n};\nconst unsigned char kj_world_border[] = {\n");
    column = 0;
    for (size_t i = 0; i < n_arcs; i++) put(border[i]);
    printf("\n};\nconst int32_t kj_world_land[] = {\n");
    column = 0;
    long n_polygons = 0;
    for (size_t g = 0; g < json_array_size(land); g++) {
        json_t *geom = json_array_get(land, g), *rings = json_object_get(geom, "arcs");
        const char *type = json_string_value(json_object_get(geom, "type"));
        if (!type) die("a land geometry has no type");
        if (!strcmp(type, "Polygon")) {
            polygon(rings);
            n_polygons++;
        } else if (!strcmp(type, "MultiPolygon")) {
            for (size_t p = 0; p < json_array_size(rings); p++, n_polygons++) polygon(json_array_get(rings, p));
        }
    }
    printf("\n};\nconst int32_t kj_world_land_polygons = %ld;\n", n_polygons);
    free(owner);
    free(border);
    json_decref(root);
    return 0;
}
