/* html_map — the map of the HTML report: the case's located places, the
 * claimed journeys along their geodesics (PROJ) with their lengths, and
 * the land, on an equirectangular projection fitted to the places (true
 * scale along the middle latitude).  Land outlines are Natural Earth 1:50m
 * from the vendored world-atlas TopoJSON (vendor/world-atlas), compiled
 * into the binary and decoded here with jansson; only the polygons that
 * reach into the view are clipped to it and written, as static SVG.
 * Longitudes are not wrapped: a case across the antimeridian is drawn
 * across the whole world. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "geo.h"
#include "html.h"

extern const char kj_land_topojson[];

static const double pi = 3.14159265358979323846;

enum { MAP_W = 1100, MAP_H_MIN = 360, MAP_H_MAX = 760, GEODESIC_POINTS = 65 };

typedef struct view {
    double lon0, lat0, cos0;   /* projection centre */
    double x_min, y_max;       /* top-left in projected degrees */
    double px_per_deg;
    int h;
    kj_mem *mem;               /* the rendering's (the points of the outlines) */
} view;

typedef struct pt { double x, y; } pt;
typedef KJ_VEC(pt) pt_vec;

static pt project(const view *v, double lat, double lon)
{
    pt p = {((lon - v->lon0) * v->cos0 - v->x_min) * v->px_per_deg, (v->y_max - lat) * v->px_per_deg};
    return p;
}

static int is_located(const kj_stmt *s) { return s->kind == ST_PLACE && s->place->located && !s->from_data; }

/* The view: the located places' bounding box with a margin, fitted into
 * MAP_W and a height between MAP_H_MIN and MAP_H_MAX. */
static int fit_view(const kj_case *c, view *v)
{
    double lat_lo = 90, lat_hi = -90, lon_lo = 180, lon_hi = -180;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (!is_located(s)) continue;
        lat_lo = fmin(lat_lo, s->place->lat);
        lat_hi = fmax(lat_hi, s->place->lat);
        lon_lo = fmin(lon_lo, s->place->lon);
        lon_hi = fmax(lon_hi, s->place->lon);
    }
    if (lat_lo > lat_hi) return -1;
    v->lat0 = fmax(-80, fmin(80, (lat_lo + lat_hi) / 2));
    v->lon0 = (lon_lo + lon_hi) / 2;
    v->cos0 = cos(v->lat0 * pi / 180);
    double w = fmax((lon_hi - lon_lo) * v->cos0, 0.05), hgt = fmax(lat_hi - lat_lo, 0.05);
    w = w * 1.3 + 0.2;
    hgt = hgt * 1.3 + 0.2; /* a margin for labels and the places' surroundings */
    double aspect = hgt / w;
    v->h = (int)(MAP_W * aspect);
    if (v->h < MAP_H_MIN) {
        v->h = MAP_H_MIN;
        hgt = w * MAP_H_MIN / MAP_W;
    }
    if (v->h > MAP_H_MAX) {
        v->h = MAP_H_MAX;
        w = hgt * MAP_W / MAP_H_MAX;
    }
    v->px_per_deg = MAP_W / w;
    v->x_min = -w / 2;
    v->y_max = (lat_lo + lat_hi) / 2 + hgt / 2;
    return 0;
}

/* ---- land ------------------------------------------------------------------ */

/* Sutherland-Hodgman: the part of polygon `in` on the inside of one edge
 * of the view (axis 0: x, 1: y; keep >= limit when sign is 1, <= when -1). */
static void clip_edge(kj_mem *mem, const pt_vec *in, pt_vec *out, int axis, double limit, int sign)
{
    out->n = 0;
    for (int i = 0; i < in->n; i++) {
        pt a = in->items[i], b = in->items[(i + 1) % in->n];
        double da = sign * ((axis ? a.y : a.x) - limit), db = sign * ((axis ? b.y : b.x) - limit);
        if (da >= 0) kj_vec_put(mem, out, a);
        if ((da >= 0) != (db >= 0)) {
            double f = da / (da - db);
            pt m = {a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)};
            kj_vec_put(mem, out, m);
        }
    }
}

/* Writes one ring, clipped to the view (with a small overhang, so that the
 * clip's straight edges stay outside the picture) and thinned to points at
 * least half a pixel apart. */
static void write_ring(FILE *out, const view *v, pt_vec *ring, pt_vec *tmp)
{
    const double pad = 4;
    clip_edge(v->mem, ring, tmp, 0, -pad, 1);
    clip_edge(v->mem, tmp, ring, 0, MAP_W + pad, -1);
    clip_edge(v->mem, ring, tmp, 1, -pad, 1);
    clip_edge(v->mem, tmp, ring, 1, v->h + pad, -1);
    if (ring->n < 3) return;
    pt last = ring->items[0];
    fprintf(out, "M%.1f %.1f", last.x, last.y);
    for (int i = 1; i < ring->n; i++) {
        pt p = ring->items[i];
        if (fabs(p.x - last.x) + fabs(p.y - last.y) < 0.5) continue;
        fprintf(out, "L%.1f %.1f", p.x, p.y);
        last = p;
    }
    fputc('Z', out);
}

typedef struct topo {
    json_t *root, *arcs;
    double sx, sy, tx, ty;     /* the quantization transform */
} topo;

/* Appends arc `index` (negative: ~index reversed) to ring, as projected
 * points; every arc after a ring's first repeats the previous end point. */
static void append_arc(const topo *t, const view *v, json_int_t index, pt_vec *ring)
{
    int reversed = index < 0;
    json_t *arc = json_array_get(t->arcs, (size_t)(reversed ? ~index : index));
    size_t n = json_array_size(arc);
    if (!n) return;
    pt_vec pts = {0};
    long qx = 0, qy = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *d = json_array_get(arc, i);
        qx += (long)json_integer_value(json_array_get(d, 0));
        qy += (long)json_integer_value(json_array_get(d, 1));
        kj_vec_put(v->mem, &pts, project(v, qy * t->sy + t->ty, qx * t->sx + t->tx));
    }
    for (size_t i = ring->n ? 1 : 0; i < n; i++) kj_vec_put(v->mem, ring, pts.items[reversed ? n - 1 - i : i]);
    kj_free(pts.items);
}

static int ring_in_view(const view *v, const pt_vec *ring)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (int i = 0; i < ring->n; i++) {
        x0 = fmin(x0, ring->items[i].x);
        x1 = fmax(x1, ring->items[i].x);
        y0 = fmin(y0, ring->items[i].y);
        y1 = fmax(y1, ring->items[i].y);
    }
    return x1 >= 0 && x0 <= MAP_W && y1 >= 0 && y0 <= v->h;
}

/* One polygon: its outer ring and holes, if the outer ring reaches the view. */
static void write_polygon(FILE *out, const topo *t, const view *v, json_t *rings)
{
    pt_vec ring = {0}, tmp = {0};
    for (size_t r = 0; r < json_array_size(rings); r++) {
        json_t *arcs = json_array_get(rings, r);
        ring.n = 0;
        for (size_t a = 0; a < json_array_size(arcs); a++) append_arc(t, v, json_integer_value(json_array_get(arcs, a)), &ring);
        if (!r && !ring_in_view(v, &ring)) break;
        write_ring(out, v, &ring, &tmp);
    }
    kj_free(ring.items);
    kj_free(tmp.items);
}

static void free_json(void *root) { json_decref(root); }

static void draw_land(FILE *out, const view *v)
{
    json_error_t error;
    topo t = {.root = json_loads(kj_land_topojson, 0, &error)};
    /* a map without its land is a failure, never a page that looks whole */
    if (!t.root && json_error_code(&error) == json_error_out_of_memory)
        kj_mem_fail(v->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    /* jansson's tree is freed if the drawing fails the call (mem.h) */
    kj_mem_cleanup *tree = kj_mem_on_failure(v->mem, free_json, t.root);
    json_t *tf = json_object_get(t.root, "transform");
    t.arcs = json_object_get(t.root, "arcs");
    t.sx = json_number_value(json_array_get(json_object_get(tf, "scale"), 0));
    t.sy = json_number_value(json_array_get(json_object_get(tf, "scale"), 1));
    t.tx = json_number_value(json_array_get(json_object_get(tf, "translate"), 0));
    t.ty = json_number_value(json_array_get(json_object_get(tf, "translate"), 1));
    json_t *geoms = json_object_get(json_object_get(json_object_get(t.root, "objects"), "land"), "geometries");
    if (!t.arcs || !geoms) kj_bug(v->mem, "the compiled-in land outlines are malformed");
    fprintf(out, "<path class=\"land\" fill-rule=\"evenodd\" d=\"");
    for (size_t g = 0; g < json_array_size(geoms); g++) {
        json_t *geom = json_array_get(geoms, g), *arcs = json_object_get(geom, "arcs");
        int multi = !strcmp(json_string_value(json_object_get(geom, "type")), "MultiPolygon");
        for (size_t p = 0; p < (multi ? json_array_size(arcs) : 1); p++)
            write_polygon(out, &t, v, multi ? json_array_get(arcs, p) : arcs);
    }
    fprintf(out, "\"/>\n");
    kj_mem_forget(v->mem, tree);
    json_decref(t.root);
}

/* ---- places and journeys --------------------------------------------------- */

static void draw_journey(kj_html *h, const view *v, int ci)
{
    FILE *out = h->out;
    const kj_stmt *s = &h->c->stmts[ci];
    int a = kj_place_effective(h->c, s->claim->from.idx), b = kj_place_effective(h->c, s->claim->to.idx);
    if (a < 0 || b < 0 || !is_located(&h->c->stmts[a]) || !is_located(&h->c->stmts[b]) || a == b) return;
    const kj_stmt *pa = &h->c->stmts[a], *pb = &h->c->stmts[b];
    double lats[GEODESIC_POINTS], lons[GEODESIC_POINTS];
    kj_geo_path(pa->place->lat, pa->place->lon, pb->place->lat, pb->place->lon, GEODESIC_POINTS, lats, lons);
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, "journey", h->stmt_conflicts[ci]);
    fprintf(out, " data-stmt=\"");
    kj_html_escape(out, s->id);
    fprintf(out, "\"><polyline points=\"");
    for (int i = 0; i < GEODESIC_POINTS; i++) {
        pt p = project(v, lats[i], lons[i]);
        fprintf(out, "%s%.1f,%.1f", i ? " " : "", p.x, p.y);
    }
    pt mid = project(v, lats[GEODESIC_POINTS / 2], lons[GEODESIC_POINTS / 2]);
    fprintf(out, "\"/><text x=\"%.1f\" y=\"%.1f\">", mid.x + 6, mid.y - 6);
    kj_html_escape(out, s->id);
    fprintf(out, " %.1f km</text><title>", kj_geo_distance_m(pa->place->lat, pa->place->lon, pb->place->lat, pb->place->lon) / 1000);
    kj_html_escape(out, s->id);
    fputs(": ", out);
    kj_html_escape(out, pa->id);
    fputs(" -> ", out);
    kj_html_escape(out, pb->id);
    fputs(", geodesic between the places' centres</title></g>\n", out);
}

/* Where a place's label goes: right of its dot, moved down past the labels
 * already placed that it would overlap (places a few km apart) — a few
 * times at most, and among the first few hundred places only, which is
 * more than a readable map has. */
static pt label_position(const view *v, pt_vec *placed, pt p, const char *text)
{
    pt at = {p.x + 7, p.y + 4};
    double w = 7.0 * (double)strlen(text);
    for (int moved = placed->n < 300, tries = 0; moved && tries < 8; tries++) {
        moved = 0;
        for (int k = 0; k < placed->n; k++) {
            pt o = placed->items[k];
            if (fabs(o.y - at.y) < 13 && at.x < o.x + w + 4 && o.x < at.x + w + 4) {
                at.y = o.y + 13;
                moved = 1;
            }
        }
    }
    kj_vec_put(v->mem, placed, at);
    return at;
}

static void draw_place(kj_html *h, const view *v, int i, pt_vec *placed)
{
    FILE *out = h->out;
    const kj_stmt *s = &h->c->stmts[i];
    pt p = project(v, s->place->lat, s->place->lon);
    pt at = label_position(v, placed, p, s->id);
    double r_px = s->place->radius_m / 111320.0 * v->px_per_deg;
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, "map-place", h->place_conflicts[i]);
    fprintf(out, ">");
    if (r_px >= 2) fprintf(out, "<circle class=\"radius\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", p.x, p.y, r_px);
    fprintf(out, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/><text x=\"%.1f\" y=\"%.1f\">", p.x, p.y, at.x, at.y);
    kj_html_escape(out, s->id);
    fprintf(out, "</text><title>");
    kj_html_escape(out, s->label ? s->label : s->id);
    fprintf(out, " (%.4f, %.4f", s->place->lat, s->place->lon);
    if (s->place->radius_m > 0) fprintf(out, " ± %.0f m", s->place->radius_m);
    fprintf(out, ")</title></g>\n");
}

/* A scale bar of a round length, about a sixth of the width, measured
 * along the geodesic at the centre. */
static void draw_scale(FILE *out, const view *v)
{
    double dlon = MAP_W / 6.0 / v->px_per_deg / v->cos0;
    double km = kj_geo_distance_m(v->lat0, v->lon0, v->lat0, v->lon0 + dlon) / 1000;
    double unit = pow(10, floor(log10(km)));
    double nice = km >= 5 * unit ? 5 * unit : km >= 2 * unit ? 2 * unit : unit;
    double len = MAP_W / 6.0 * nice / km;
    fprintf(out, "<g class=\"scale\"><line x1=\"20\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><text x=\"20\" y=\"%d\">%g km</text></g>\n",
            v->h - 20, 20 + len, v->h - 20, v->h - 28, nice);
}

/* Places with no coordinates are listed under the map. */
static void list_unlocated(kj_html *h)
{
    FILE *out = h->out;
    int any = 0;
    for (int i = 0; i < h->c->n_stmts; i++) {
        const kj_stmt *s = &h->c->stmts[i];
        if (s->kind != ST_PLACE || s->place->located || s->from_data || (s->place->n_alts && s->place->assumed_alt >= 0)) continue;
        fprintf(out, "%s<span", any++ ? ", " : "<p class=\"unlocated\">Not on the map (no coordinates): ");
        kj_html_conflict_attrs(out, "map-place", h->place_conflicts[i]);
        fprintf(out, ">");
        kj_html_escape(out, s->id);
        if (s->label) {
            fprintf(out, " (");
            kj_html_escape(out, s->label);
            fprintf(out, ")");
        }
        fprintf(out, "</span>");
    }
    if (any) fprintf(out, "</p>\n");
}

void kj_html_map(kj_html *h)
{
    FILE *out = h->out;
    view v = {.mem = h->arena->mem};
    fprintf(out, "<figure id=\"map\">\n<figcaption>Map: the places and the claimed journeys along their geodesics "
                 "(land: Natural Earth 1:50m).</figcaption>\n");
    if (fit_view(h->c, &v) < 0) {
        fprintf(out, "<p class=\"empty\">No place in the case has coordinates: no map.</p>\n");
    } else {
        fprintf(out, "<svg id=\"map-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                     "role=\"img\" aria-label=\"map\">\n<rect class=\"sea\" width=\"%d\" height=\"%d\"/>\n",
                MAP_W, v.h, MAP_W, v.h, MAP_W, v.h);
        draw_land(out, &v);
        for (int i = 0; i < h->c->n_stmts; i++)
            if (h->c->stmts[i].kind == ST_CLAIM && h->c->stmts[i].claim->claim_kind == CLAIM_TRAVEL) draw_journey(h, &v, i);
        pt_vec placed = {0};
        for (int i = 0; i < h->c->n_stmts; i++)
            if (is_located(&h->c->stmts[i])) draw_place(h, &v, i, &placed);
        kj_free(placed.items);
        draw_scale(out, &v);
        fprintf(out, "</svg>\n");
    }
    list_unlocated(h);
    fprintf(out, "</figure>\n");
}
