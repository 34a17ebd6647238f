/* html_map — the map of the HTML report: the case's located places by
 * name, the claimed journeys along their geodesics (PROJ) with their
 * lengths, each trace as a path through its points in time order with
 * their times, the land and today's country borders, on an equirectangular
 * projection fitted to the places (true scale along the middle latitude).
 * What is in a conflict is drawn last, on top.  Labels never overlap:
 * each tries places around its dot, then farther with a leader line, else
 * is left to its tooltip; places so close that their dots run together
 * get an inset map of their own, under the main one.
 *
 * Land and borders are Natural Earth 1:50m from the vendored world-atlas
 * TopoJSON (vendor/world-atlas), decoded at build time into arrays
 * (tools/topogen.c) compiled into the binary; only what reaches into the
 * view is written, as
 * static SVG.  Longitudes are not wrapped: a case across the antimeridian
 * is drawn across the whole world. */
#include <math.h>
#include <string.h>

#include <stdlib.h>

#include "geo.h"
#include "html.h"
#include "stmt.h"

/* The land and borders (tools/topogen.c, at build time) */
extern const double kj_world_transform[4];
extern const int32_t kj_world_n_arcs, kj_world_arc_start[], kj_world_pts[], kj_world_land[], kj_world_land_polygons;
extern const unsigned char kj_world_border[];

static const double pi = 3.14159265358979323846;

enum { MAP_W = 1100, MAP_H_MIN = 360, MAP_H_MAX = 760, GEODESIC_POINTS = 65, INSET_W = 540, INSET_H = 300, MAX_INSETS = 2 };

typedef struct pt { double x, y; } pt;
typedef KJ_VEC(pt) pt_vec;
typedef struct box { double x0, y0, x1, y1; } box;
typedef KJ_VEC(box) box_vec;

typedef struct view {
    double lon0, lat0, cos0;   /* projection centre */
    double x_min, y_max;       /* top-left in projected degrees */
    double px_per_deg;
    int w, h;
    kj_mem *mem;               /* the rendering's (the points of the outlines) */
    box_vec taken;             /* the dots and labels drawn so far */
    const int *inset_of;       /* the main map: per statement, its inset's group or -1 */
    const struct view *frames; /* the main map: the insets' views, framed on it */
    int n_frames;
} view;

static pt project(const view *v, double lat, double lon)
{
    pt p = {((lon - v->lon0) * v->cos0 - v->x_min) * v->px_per_deg, (v->y_max - lat) * v->px_per_deg};
    return p;
}

/* A located place of the case or a trace point's position. */
static int on_map(const kj_stmt *s) { return s->kind == ST_PLACE && s->place->located && !s->from_data; }

/* A place drawn with its name (a trace point's is drawn on its trace). */
static int is_located(const kj_case *c, int i) { return on_map(&c->stmts[i]) && kj_trace_of(c, i) < 0; }

static int in_view(const view *v, pt p) { return p.x >= 0 && p.x <= v->w && p.y >= 0 && p.y <= v->h; }

/* The view: the bounding box of the places with want[i] set (all on the
 * map when want is NULL) with a margin, fitted into w and a height between
 * h_min and h_max. */
static int fit_view(const kj_case *c, view *v, const unsigned char *want, int w_px, int h_min, int h_max, double pad_deg)
{
    double lat_lo = 90, lat_hi = -90, lon_lo = 180, lon_hi = -180;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (!on_map(s) || (want && !want[i])) continue;
        lat_lo = fmin(lat_lo, s->place->lat);
        lat_hi = fmax(lat_hi, s->place->lat);
        lon_lo = fmin(lon_lo, s->place->lon);
        lon_hi = fmax(lon_hi, s->place->lon);
    }
    if (lat_lo > lat_hi) return -1;
    v->lat0 = fmax(-80, fmin(80, (lat_lo + lat_hi) / 2));
    v->lon0 = (lon_lo + lon_hi) / 2;
    v->cos0 = cos(v->lat0 * pi / 180);
    double w = fmax((lon_hi - lon_lo) * v->cos0, pad_deg / 4), hgt = fmax(lat_hi - lat_lo, pad_deg / 4);
    w = w * 1.3 + pad_deg;
    hgt = hgt * 1.3 + pad_deg; /* a margin for labels and the places' surroundings */
    double aspect = hgt / w;
    v->w = w_px;
    v->h = (int)(w_px * aspect);
    if (v->h < h_min) {
        v->h = h_min;
        hgt = w * h_min / w_px;
    }
    if (v->h > h_max) {
        v->h = h_max;
        w = hgt * w_px / h_max;
    }
    v->px_per_deg = w_px / w;
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
    clip_edge(v->mem, tmp, ring, 0, v->w + pad, -1);
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

/* Appends arc `index` (negative: ~index reversed) to ring, as projected
 * points; every arc after a ring's first repeats the previous end point. */
static void append_arc(const view *v, int32_t index, pt_vec *ring)
{
    int reversed = index < 0;
    int32_t a = reversed ? ~index : index;
    if (a < 0 || a >= kj_world_n_arcs) return;
    int32_t first = kj_world_arc_start[a], n = kj_world_arc_start[a + 1] - first;
    for (int32_t i = ring->n ? 1 : 0; i < n; i++) {
        int32_t k = first + (reversed ? n - 1 - i : i);
        double lon = kj_world_pts[2 * k] * kj_world_transform[0] + kj_world_transform[2];
        double lat = kj_world_pts[2 * k + 1] * kj_world_transform[1] + kj_world_transform[3];
        kj_vec_put(v->mem, ring, project(v, lat, lon));
    }
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
    return x1 >= 0 && x0 <= v->w && y1 >= 0 && y0 <= v->h;
}

/* One land polygon at *at in kj_world_land (its rings, each its arcs):
 * its outer ring and holes, if the outer ring reaches the view.  Gives the
 * position after it. */
static int32_t write_polygon(FILE *out, const view *v, int32_t at, pt_vec *ring, pt_vec *tmp)
{
    int32_t n_rings = kj_world_land[at++];
    int shown = 1;
    for (int32_t r = 0; r < n_rings; r++) {
        int32_t n_arcs = kj_world_land[at++];
        ring->n = 0;
        for (int32_t a = 0; a < n_arcs; a++) append_arc(v, kj_world_land[at + a], ring);
        at += n_arcs;
        if (!r) shown = ring_in_view(v, ring);
        if (shown) write_ring(out, v, ring, tmp);
    }
    return at;
}

/* Today's country borders: the arcs two countries share (kj_world_border),
 * each written if it reaches into the view. */
static void draw_borders(FILE *out, const view *v)
{
    pt_vec line = {0};
    fprintf(out, "<path class=\"border\" d=\"");
    for (int32_t a = 0; a < kj_world_n_arcs; a++) {
        if (!kj_world_border[a]) continue;
        line.n = 0;
        append_arc(v, a, &line);
        if (line.n < 2 || !ring_in_view(v, &line)) continue;
        pt last = line.items[0];
        fprintf(out, "M%.1f %.1f", last.x, last.y);
        for (int i = 1; i < line.n; i++) {
            pt p = line.items[i];
            if (i + 1 < line.n && fabs(p.x - last.x) + fabs(p.y - last.y) < 0.5) continue;
            fprintf(out, "L%.1f %.1f", p.x, p.y);
            last = p;
        }
    }
    fprintf(out, "\"/>\n");
    kj_free(line.items);
}

static void draw_land(FILE *out, const view *v)
{
    pt_vec ring = {0}, tmp = {0};
    fprintf(out, "<path class=\"land\" fill-rule=\"evenodd\" d=\"");
    for (int32_t p = 0, at = 0; p < kj_world_land_polygons; p++) at = write_polygon(out, v, at, &ring, &tmp);
    fprintf(out, "\"/>\n");
    kj_free(ring.items);
    kj_free(tmp.items);
    draw_borders(out, v);
}

/* ---- labels ---------------------------------------------------------------- */

static double label_w(const char *s) { return kj_html_text_px(s, 12, 0); }

static int box_free(const view *v, box b)
{
    if (b.x0 < 2 || b.x1 > v->w - 2 || b.y0 < 2 || b.y1 > v->h - 2) return 0;
    for (int k = 0; k < v->taken.n; k++) {
        const box *o = &v->taken.items[k];
        if (b.x0 < o->x1 && o->x0 < b.x1 && b.y0 < o->y1 && o->y0 < b.y1) return 0;
    }
    return 1;
}

static void take(view *v, box b) { kj_vec_put(v->mem, &v->taken, b); }

static void take_dot(view *v, pt p, double r) { take(v, (box){p.x - r, p.y - r, p.x + r, p.y + r}); }

/* Where a label w wide for the dot at p goes: right of it, left, above,
 * below; then farther up and down on either side (with a leader line).
 * Gives 0 when there is no room (the dot keeps its tooltip). */
static int label_spot(view *v, pt p, double w, pt *at, int *leader)
{
    const double hgt = 16, asc = 12; /* (12px DejaVu Sans: a box 14.7 high, with room to spare) */
    pt near[] = {{p.x + 7, p.y + 4}, {p.x - 7 - w, p.y + 4}, {p.x - w / 2, p.y - 9}, {p.x - w / 2, p.y + 17}};
    for (int k = 0; k < 4; k++) {
        box b = {near[k].x, near[k].y - asc, near[k].x + w, near[k].y - asc + hgt};
        if (box_free(v, b)) {
            take(v, b);
            *at = near[k];
            *leader = 0;
            return 1;
        }
    }
    for (int step = 1; step <= 8; step++)
        for (int k = 0; k < 4; k++) {
            double dy = (k & 1 ? -1 : 1) * hgt * step, x = k < 2 ? p.x + 16 : p.x - 16 - w;
            pt a = {x, p.y + 4 + dy};
            box b = {a.x, a.y - asc, a.x + w, a.y - asc + hgt};
            if (box_free(v, b)) {
                take(v, b);
                *at = a;
                *leader = 1;
                return 1;
            }
        }
    return 0;
}

/* A label at p (from label_spot), with its leader line from the dot. */
static void write_label(FILE *out, pt dot, pt at, int leader, double w, const char *text)
{
    if (leader) fprintf(out, "<line class=\"leader\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", dot.x, dot.y,
                        at.x < dot.x ? at.x + w : at.x, at.y - 4);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\">", at.x, at.y);
    kj_html_escape(out, text);
    fprintf(out, "</text>");
}


/* ---- places and journeys --------------------------------------------------- */

/* A label laid out before anything is drawn, so that what is in a
 * conflict gets the first pick of room (and is drawn last, on top). */
typedef struct lab {
    pt dot, at;
    double w;
    const char *text;  /* NULL: none */
    int state;         /* 0 not shown, 1 beside its dot, 2 with a leader line */
} lab;

static void lay(view *v, lab *l)
{
    int leader;
    if (l->text && in_view(v, l->dot) && label_spot(v, l->dot, l->w, &l->at, &leader)) l->state = 1 + leader;
}

static void write_lab(FILE *out, const lab *l)
{
    if (l->state) write_label(out, l->dot, l->at, l->state == 2, l->w, l->text);
}

static int place_ok(const kj_case *c, int p) { return p >= 0 && is_located(c, p); }

/* A journey's two ends, or 0 when it is not drawn. */
static int journey_ends(const kj_case *c, int ci, int *a, int *b)
{
    const kj_stmt *s = &c->stmts[ci];
    if (s->kind != ST_CLAIM || s->claim->claim_kind != CLAIM_TRAVEL) return 0;
    *a = kj_place_effective(c, s->claim->from.idx);
    *b = kj_place_effective(c, s->claim->to.idx);
    return place_ok(c, *a) && place_ok(c, *b) && *a != *b;
}

static void journey_lab(kj_html *h, const view *v, int ci, lab *l)
{
    int a, b;
    if (!journey_ends(h->c, ci, &a, &b)) return;
    const kj_stmt *pa = &h->c->stmts[a], *pb = &h->c->stmts[b];
    double lats[GEODESIC_POINTS], lons[GEODESIC_POINTS];
    kj_geo_path(pa->place->lat, pa->place->lon, pb->place->lat, pb->place->lon, GEODESIC_POINTS, lats, lons);
    double km = kj_geo_distance_m(pa->place->lat, pa->place->lon, pb->place->lat, pb->place->lon) / 1000;
    l->dot = project(v, lats[GEODESIC_POINTS / 2], lons[GEODESIC_POINTS / 2]);
    l->text = kj_arena_printf(h->arena, "%s %.1f km", kj_html_clip(h->arena, h->c->stmts[ci].id, 180, 12, 0), km);
    l->w = label_w(l->text);
}

static void draw_journey(kj_html *h, const view *v, int ci, const lab *l)
{
    FILE *out = h->out;
    const kj_stmt *s = &h->c->stmts[ci];
    int a, b;
    if (!journey_ends(h->c, ci, &a, &b)) return;
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
    fprintf(out, "\"/>");
    write_lab(out, l);
    fprintf(out, "<title>");
    kj_html_escape(out, s->id);
    fputs(": ", out);
    kj_html_escape(out, pa->label ? pa->label : pa->id);
    fputs(" -> ", out);
    kj_html_escape(out, pb->label ? pb->label : pb->id);
    fprintf(out, ", %.1f km along the geodesic between the places' centres</title></g>\n",
            kj_geo_distance_m(pa->place->lat, pa->place->lon, pb->place->lat, pb->place->lon) / 1000);
}

static void place_lab(kj_html *h, const view *v, int i, lab *l)
{
    const kj_stmt *s = &h->c->stmts[i];
    l->dot = project(v, s->place->lat, s->place->lon);
    l->text = kj_html_clip(h->arena, s->label ? s->label : s->id, 240, 12, 0);
    l->w = label_w(l->text);
}

static void draw_place(kj_html *h, const view *v, int i, const lab *l)
{
    FILE *out = h->out;
    const kj_stmt *s = &h->c->stmts[i];
    pt p = l->dot;
    if (!in_view(v, p)) return;
    double r_px = s->place->radius_m / 111320.0 * v->px_per_deg;
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, "map-place", h->place_conflicts[i]);
    fprintf(out, " data-stmt=\"");
    kj_html_escape(out, s->id);
    fprintf(out, "\">");
    if (r_px >= 2) fprintf(out, "<circle class=\"radius\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"/>", p.x, p.y, r_px);
    fprintf(out, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>", p.x, p.y);
    write_lab(out, l);
    fprintf(out, "<title>");
    kj_html_escape(out, s->label ? s->label : s->id);
    fputs(" (", out);
    kj_html_escape(out, s->id);
    fprintf(out, ": %.4f, %.4f", s->place->lat, s->place->lon);
    if (s->place->radius_m > 0) fprintf(out, " ± %.0f m", s->place->radius_m);
    fprintf(out, ")</title></g>\n");
}

/* ---- traces ------------------------------------------------------------------ */


static int is_point(const kj_case *c, int i) { return c->kinds[i] == ST_FACT && kj_trace_of(c, i) >= 0; }


/* The points of trace t that are on the map, in time order; their number. */
static int trace_points(kj_mem *mem, const kj_case *c, int t, int *pts)
{
    int n = 0;
    for (int i = 0; i < c->n_stmts; i++) {
        if (!is_point(c, i) || kj_trace_of(c, i) != t) continue;
        int p = c->stmts[i].fact->at.idx;
        if (p >= 0 && on_map(&c->stmts[p])) pts[n++] = i;
    }
    kj_html_sort_by_time(mem, c, pts, n);
    return n;
}

/* The labels of a trace's points: the first and the last with the trace
 * and their times, those in a conflict with their times. */
static void trace_labs(kj_html *h, const view *v, int t, int *pts, lab *labs)
{
    const kj_case *c = h->c;
    int n = trace_points(v->mem, c, t, pts);
    if (!n) return;
    kj_html_when form = kj_html_when_for(c->stmts[pts[0]].fact->when_iv.lo, c->stmts[pts[n - 1]].fact->when_iv.lo, 0);
    for (int k = 0; k < n; k++) {
        int i = pts[k];
        const kj_stmt *s = &c->stmts[i], *p = &c->stmts[s->fact->at.idx];
        lab *l = &labs[i];
        l->dot = project(v, p->place->lat, p->place->lon);
        if (v->inset_of && v->inset_of[s->fact->at.idx] >= 0) continue; /* labelled in its inset */
        if (!h->stmt_conflicts[i] && k && k != n - 1) continue;
        const char *when = kj_html_utc(h->arena, s->fact->when_iv.lo, form);
        l->text = k == 0 ? kj_arena_printf(h->arena, "%s %s", kj_html_clip(h->arena, c->stmts[t].id, 150, 12, 0), when) : when;
        l->w = label_w(l->text);
    }
}

/* One trace as a path through its points in time order: each point a dot
 * with its time, file line, note and place as a tooltip.  pass 0 draws the
 * path and the points in no conflict, pass 1 those in one (red, on top). */
static void draw_trace(kj_html *h, const view *v, int t, int pass, int *pts, const lab *labs)
{
    FILE *out = h->out;
    const kj_case *c = h->c;
    int n = trace_points(v->mem, c, t, pts);
    if (!n) return;
    fprintf(out, "<g class=\"trace-path\" data-stmt=\"");
    kj_html_escape(out, c->stmts[t].id);
    fprintf(out, "\" style=\"--trace:%s\">", kj_html_trace_colour(h, t));
    if (!pass) {
        fprintf(out, "<polyline points=\"");
        for (int k = 0; k < n; k++) {
            const kj_stmt *p = &c->stmts[c->stmts[pts[k]].fact->at.idx];
            pt q = project(v, p->place->lat, p->place->lon);
            fprintf(out, "%s%.1f,%.1f", k ? " " : "", q.x, q.y);
        }
        fprintf(out, "\"><title>trace '");
        kj_html_escape(out, c->stmts[t].id);
        fprintf(out, "': %d point%s joined in time order</title></polyline>\n", n, n == 1 ? "" : "s");
    }
    for (int k = 0; k < n; k++) {
        int i = pts[k];
        const kj_stmt *s = &c->stmts[i];
        const char *cs = h->stmt_conflicts[i];
        if ((cs != NULL) != pass || !in_view(v, labs[i].dot)) continue;
        fprintf(out, "<g");
        kj_html_conflict_attrs(out, "point", cs);
        fprintf(out, "><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\"/>", labs[i].dot.x, labs[i].dot.y, cs ? "4.5" : "2.5");
        write_lab(out, &labs[i]);
        fprintf(out, "<title>");
        kj_html_escape(out, kj_arena_printf(h->arena, "trace '%s', %s line %d: \"%s\" (%s UTC), %s%s%s%s", c->stmts[t].id,
                                            c->files[s->span.file].shown, s->span.line, s->fact->when.text ? s->fact->when.text : "",
                                            kj_html_utc(h->arena, s->fact->when_iv.lo, KJ_WHEN_FULL), kj_point_where(c, s->fact->at.idx, h->arena),
                                            s->fact->note ? ", note \"" : "", s->fact->note ? s->fact->note : "", s->fact->note ? "\"" : ""));
        fprintf(out, "</title></g>\n");
    }
    fprintf(out, "</g>\n");
}

/* A scale bar of a round length, about a sixth of the width, measured
 * along the geodesic at the centre. */
static double scale_len(const view *v, double *nice)
{
    double dlon = v->w / 6.0 / v->px_per_deg / v->cos0;
    double km = kj_geo_distance_m(v->lat0, v->lon0, v->lat0, v->lon0 + dlon) / 1000;
    double unit = pow(10, floor(log10(km)));
    *nice = km >= 5 * unit ? 5 * unit : km >= 2 * unit ? 2 * unit : unit;
    return v->w / 6.0 * *nice / km;
}

static void draw_scale(FILE *out, const view *v)
{
    double nice, len = scale_len(v, &nice);
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

/* An inset's area on the main map: a frame and its number. */
static void draw_frame(kj_html *h, view *v, const view *iv, int k)
{
    double lon0 = iv->x_min / iv->cos0 + iv->lon0, lon1 = (iv->x_min + iv->w / iv->px_per_deg) / iv->cos0 + iv->lon0;
    double lat1 = iv->y_max, lat0 = iv->y_max - iv->h / iv->px_per_deg;
    pt a = project(v, lat1, lon0), b = project(v, lat0, lon1);
    if (b.x - a.x < 8) { a.x -= 4; b.x += 4; }
    if (b.y - a.y < 8) { a.y -= 4; b.y += 4; }
    fprintf(h->out, "<g class=\"inset-frame\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", a.x, a.y, b.x - a.x, b.y - a.y);
    lab l = {.dot = {b.x, a.y}, .text = kj_arena_printf(h->arena, "inset %d", k)};
    l.w = label_w(l.text);
    lay(v, &l);
    write_lab(h->out, &l);
    fprintf(h->out, "<title>inset %d, below</title></g>\n", k);
}

/* Whether a view is too small for the outlines: at 1:50m a coast is a few
 * km out, so a view under 40 km across would put a hotel in the sea. */
static int too_fine(const view *v) { return v->w / v->px_per_deg * 111.32 < 40; }

/* One map (the main one, or an inset) in view v: the land and borders
 * (unless too_fine),
 * then the journeys, traces and places, those in a conflict last. */
static void draw_map(kj_html *h, view *v, const char *id, const char *cls, const char *aria)
{
    FILE *out = h->out;
    const kj_case *c = h->c;
    size_t n = (size_t)c->n_stmts + 1;
    lab *labs = kj_calloc(v->mem, n, sizeof(lab));
    int *pts = kj_malloc(v->mem, sizeof(int) * n);
    fprintf(out, "<svg id=\"%s\" class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                 "role=\"img\" aria-label=\"%s\">\n<rect class=\"%s\" width=\"%d\" height=\"%d\"/>\n",
            id, cls, v->w, v->h, v->w, v->h, aria, too_fine(v) ? "plain" : "sea", v->w, v->h);
    if (!too_fine(v)) draw_land(out, v);
    /* the dots and the scale bar first, so that no label covers them */
    double nice, len = scale_len(v, &nice);
    take(v, (box){14, v->h - 42, 26 + len, v->h - 14});
    for (int i = 0; i < c->n_stmts; i++) {
        if (is_located(c, i)) place_lab(h, v, i, &labs[i]);
        else if (c->kinds[i] == ST_CLAIM) journey_lab(h, v, i, &labs[i]);
        else if (c->kinds[i] == ST_TRACE) trace_labs(h, v, i, pts, labs);
    }
    for (int i = 0; i < c->n_stmts; i++)
        if ((is_located(c, i) || (is_point(c, i) && labs[i].dot.x != 0)) && in_view(v, labs[i].dot)) take_dot(v, labs[i].dot, 5);
    /* what is in a conflict picks first */
    for (int pass = 1; pass >= 0; pass--)
        for (int i = 0; i < c->n_stmts; i++) {
            const char *cs = c->kinds[i] == ST_PLACE ? h->place_conflicts[i] : h->stmt_conflicts[i];
            if ((cs != NULL) == pass) lay(v, &labs[i]);
        }
    for (int k = 0; k < v->n_frames; k++) draw_frame(h, v, &v->frames[k], k + 1);
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < c->n_stmts; i++)
            if (c->kinds[i] == ST_CLAIM && (h->stmt_conflicts[i] != NULL) == pass) draw_journey(h, v, i, &labs[i]);
        for (int i = 0; i < c->n_stmts; i++)
            if (c->kinds[i] == ST_TRACE) draw_trace(h, v, i, pass, pts, labs);
        for (int i = 0; i < c->n_stmts; i++)
            if (is_located(c, i) && (h->place_conflicts[i] != NULL) == pass) draw_place(h, v, i, &labs[i]);
    }
    draw_scale(out, v);
    fprintf(out, "</svg>\n");
    kj_free(labs);
    kj_free(pts);
    v->taken.n = 0;
}

static int root(int *up, int i)
{
    while (up[i] != i) i = up[i] = up[up[i]];
    return i;
}

/* Places and trace points whose dots run together on the main map (closer
 * than 16 px), grouped: per statement its group's root, or -1 when alone
 * or not on the map.  Gives whether any group has two or more. */
static int clusters(const kj_case *c, const view *v, int *group)
{
    int n = c->n_stmts, any = 0;
    pt *at = kj_malloc(v->mem, sizeof(pt) * ((size_t)n + 1));
    int *idx = kj_malloc(v->mem, sizeof(int) * ((size_t)n + 1)), m = 0;
    for (int i = 0; i < n; i++) {
        group[i] = i;
        if (!on_map(&c->stmts[i])) continue;
        at[m] = project(v, c->stmts[i].place->lat, c->stmts[i].place->lon);
        if (in_view(v, at[m])) idx[m++] = i;
    }
    for (int a = 0; a < m; a++)
        for (int b = 0; b < a; b++) {
            double d = hypot(at[a].x - at[b].x, at[a].y - at[b].y);
            int ra = root(group, idx[a]), rb = root(group, idx[b]);
            if (d >= 16 || d < 0.01 || ra == rb) continue;
            group[ra > rb ? ra : rb] = ra < rb ? ra : rb;
            any = 1;
        }
    int *size = kj_calloc(v->mem, (size_t)n + 1, sizeof(int));
    for (int i = 0; i < n; i++) group[i] = root(group, i); /* (each now points at its root) */
    for (int k = 0; k < m; k++) size[group[idx[k]]]++;
    for (int i = 0; i < n; i++)
        if (!on_map(&c->stmts[i]) || size[group[i]] < 2) group[i] = -1;
    kj_free(at);
    kj_free(idx);
    kj_free(size);
    return any;
}

/* What an inset shows, for its caption: its places by name, and its
 * traces. */
static const char *inset_names(const kj_html *h, const int *group, int g)
{
    const kj_case *c = h->c;
    const char *names = "";
    for (int i = 0; i < c->n_stmts; i++) {
        if (group[i] != g) continue;
        const kj_stmt *s = &c->stmts[i];
        int t = kj_trace_of(c, i);
        if (t >= 0) { /* a trace once, at its first point here */
            int seen = 0;
            for (int j = 0; j < i && !seen; j++) seen = group[j] == g && kj_trace_of(c, j) == t;
            if (seen) continue;
            names = kj_arena_printf(h->arena, "%s%strace %s", names, *names ? ", " : "", c->stmts[t].id);
        } else {
            names = kj_arena_printf(h->arena, "%s%s%s", names, *names ? ", " : "", s->label ? s->label : s->id);
        }
    }
    return names;
}

void kj_html_map(kj_html *h)
{
    FILE *out = h->out;
    const kj_case *c = h->c;
    view v = {.mem = h->arena->mem};
    fprintf(out, "<figure id=\"map\">\n<figcaption>Map: the places, the claimed journeys along their geodesics, and each trace "
                 "as a path through the points the check read, in time order (times UTC); in red, what is in a conflict (land and today's borders: "
                 "Natural Earth 1:50m).</figcaption>\n");
    if (fit_view(c, &v, NULL, MAP_W, MAP_H_MIN, MAP_H_MAX, 0.2) < 0) {
        fprintf(out, "<p class=\"empty\">No place in the case has coordinates: no map.</p>\n");
        list_unlocated(h);
        fprintf(out, "</figure>\n");
        return;
    }
    /* what runs together gets an inset: its frame on the map, its points labelled there */
    int *group = kj_malloc(v.mem, sizeof(int) * ((size_t)c->n_stmts + 1));
    unsigned char *want = kj_calloc(v.mem, (size_t)c->n_stmts + 1, 1);
    view insets[MAX_INSETS];
    int roots[MAX_INSETS], n_insets = 0;
    if (clusters(c, &v, group))
        for (int g = 0; g < c->n_stmts && n_insets < MAX_INSETS; g++) {
            if (group[g] != g) continue;
            for (int i = 0; i < c->n_stmts; i++) want[i] = group[i] == g;
            insets[n_insets] = (view){.mem = v.mem};
            if (fit_view(c, &insets[n_insets], want, INSET_W, INSET_H, INSET_H, 0.004) < 0) continue;
            roots[n_insets++] = g;
        }
    for (int i = 0; i < c->n_stmts; i++) { /* a group left without an inset keeps its labels */
        int kept = 0;
        for (int k = 0; k < n_insets; k++) kept |= group[i] == roots[k];
        if (!kept) group[i] = -1;
    }
    v.inset_of = group;
    v.n_frames = n_insets;
    v.frames = insets;
    draw_map(h, &v, "map-svg", "map", "map");
    if (n_insets) fprintf(out, "<div class=\"insets\">\n");
    for (int k = 0; k < n_insets; k++) {
        fprintf(out, "<figure class=\"inset\"><figcaption>Inset %d: ", k + 1);
        kj_html_escape(out, inset_names(h, group, roots[k]));
        fprintf(out, ".%s</figcaption>\n", too_fine(&insets[k]) ? " No land or borders at this scale: Natural Earth's 1:50m outlines are "
                                                                   "kilometres out here." : "");
        draw_map(h, &insets[k], kj_arena_printf(h->arena, "map-inset-%d", k + 1), "map inset", "inset map");
        kj_free(insets[k].taken.items);
        fprintf(out, "</figure>\n");
    }
    if (n_insets) fprintf(out, "</div>\n");
    kj_free(group);
    kj_free(want);
    kj_free(v.taken.items);
    list_unlocated(h);
    fprintf(out, "</figure>\n");
}
