/* network — compiles a case's resolved form (ir.h) to a temporal network.
 *
 * Every claim is an event with a start and an end point; facts are fixed
 * intervals; Z (point 0) is the UTC epoch.  Windows, durations, sequences,
 * lifetimes and travel bounds become difference edges carrying the
 * statements they rest on and why they hold, as a sentence kind and the
 * ids and numbers it speaks of (say.h: the words are say.c's, written
 * only when a report is rendered); a register's closed world and the
 * order of one person's presences become disjunctions.  Every bound is a
 * charitable (loosest) one, so a negative cycle is a proof (design.md §0,
 * §4). */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "attr.h"
#include "entry_attr.h"
#include "geo.h"
#include "network.h"
#include "stn.h"

const char *kj_conflict_kind_name(kj_conflict_kind k)
{
    static const char *const names[] = {"order", "duration", "travel", "presence", "reach", "existence", "register"};
    return names[k];
}

typedef KJ_VEC(int) int_vec;



typedef struct builder {
    kj_mem *mem;       /* the call building the network (mem.h) */
    const kj_ir *ir;   /* what it compiles: the case's resolved form (ir.h) */
    const kj_case *c;  /* (its statements' count, and imported rows: kj_store_rows) */
    kj_network *net;
    int cur_claim; /* the claim the next disjunction is about */
    int cur_branch, cur_branch_place; /* for alternatives of a "one of" place */
    int keep_says;     /* keep what the proofs' sentences speak of (not needed to decide) */
    int *prov1_of;     /* per statement: its one-statement provenance, or -1 */
    /* geodesics already computed, by (ir place, ir place) in the order
     * asked: open addressing, a key 0 is empty */
    struct geo_slot { uint64_t key; double m; } *geo;
    uint32_t geo_cap, geo_n;
    long max_pairs;    /* presence disjunctions one person may have; 0: any number */
    long n_pairs;      /* the current person's */
} builder;

/* The geodesic between two located ir places, computed once per pair. */
static double place_distance_m(builder *b, int a, int bb)
{
    const kj_ir_place *A = &b->ir->places[a], *B = &b->ir->places[bb];
    if ((b->geo_n + 1) * 2 > b->geo_cap) { /* grow: twice the room, rehashed */
        uint32_t ncap = b->geo_cap ? b->geo_cap * 2 : 4096;
        struct geo_slot *ns = kj_calloc(b->mem, ncap, sizeof *ns);
        for (uint32_t i = 0; i < b->geo_cap; i++) {
            if (!b->geo[i].key) continue;
            uint32_t j = (uint32_t)((b->geo[i].key * 0x9e3779b97f4a7c15ull) >> 32) & (ncap - 1);
            while (ns[j].key) j = (j + 1) & (ncap - 1);
            ns[j] = b->geo[i];
        }
        kj_free(b->geo);
        b->geo = ns;
        b->geo_cap = ncap;
    }
    uint64_t key = ((uint64_t)(uint32_t)a << 32 | (uint32_t)bb) + 1;
    uint32_t h = (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (b->geo_cap - 1);
    while (b->geo[h].key && b->geo[h].key != key) h = (h + 1) & (b->geo_cap - 1);
    if (!b->geo[h].key) {
        b->geo[h].key = key;
        b->geo[h].m = kj_geo_distance_m(A->lat, A->lon, B->lat, B->lon);
        b->geo_n++;
    }
    return b->geo[h].m;
}

/* Sentence k about statement `stmt` (kinds of one statement: say.h). */
static kj_say_ref say_of(kj_say_kind k, int stmt) { return (kj_say_ref){.kind = k, .of = stmt}; }

/* Keeps what a sentence about several statements speaks of; returns its
 * index in the network's says, or -1 when the network is built only to
 * decide (its sentences are never shown: say_at makes them SAY_NONE). */
static int say_put(builder *b, kj_say say)
{
    if (!b->keep_says) return -1;
    kj_vec_put(b->mem, &b->net->says, say);
    return b->net->says.n - 1;
}

/* Sentence k about the record at index `at` (say_put), or SAY_NONE. */
static kj_say_ref say_at(kj_say_kind k, int at)
{
    return at < 0 ? (kj_say_ref){.kind = SAY_NONE, .of = -1} : (kj_say_ref){.kind = k, .of = at};
}

const char *kj_point_name(const kj_network *net, const kj_case *c, int p, const char **suffix)
{
    const kj_point *pt = &net->points.items[p];
    *suffix = "";
    if (pt->name || pt->stmt < 0) return pt->name ? pt->name : "Z";
    *suffix = net->stmt_start[pt->stmt] == p ? ".start" : ".end";
    return c->stmts[pt->stmt].id;
}

static int add_point(builder *b, const char *name, int stmt)
{
    kj_point p = {.name = name, .stmt = stmt};
    kj_vec_put(b->mem, &b->net->points, p);
    return b->net->points.n - 1;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Makes a provenance record from v (consumed: v is reset). */
static int prov_make(builder *b, int_vec *v)
{
    if (v->n > 1) qsort(v->items, (size_t)v->n, sizeof(int), cmp_int);
    kj_prov p = {.stmts = kj_arena_alloc(&b->net->own, sizeof(int) * (size_t)(v->n + 1)), .n = 0};
    for (int i = 0; i < v->n; i++)
        if (v->items[i] >= 0 && (p.n == 0 || p.stmts[p.n - 1] != v->items[i])) p.stmts[p.n++] = v->items[i];
    kj_free(v->items);
    v->items = NULL;
    v->n = v->cap = 0;
    kj_vec_put(b->mem, &b->net->provs, p);
    return b->net->provs.n - 1;
}

/* The provenance of statement s alone: one per statement and network (a
 * register's entry stands behind many alternatives). */
static int prov1(builder *b, int s)
{
    if (s >= 0 && s < b->c->n_stmts && b->prov1_of[s] >= 0) return b->prov1_of[s];
    int_vec v = {0};
    kj_vec_put(b->mem, &v, s);
    int p = prov_make(b, &v);
    if (s >= 0 && s < b->c->n_stmts) b->prov1_of[s] = p;
    return p;
}

/* Every constraint enters here, its weight bounded by KJ_SPAN_MAX_S: a
 * longer lower bound (w < 0) is read as KJ_SPAN_MAX_S, a longer upper bound
 * as none (the edge is left out; an alternative without it is weaker, never
 * tighter than the statement). */
static void add_edge(builder *b, int alt, int u, int v, int64_t w, kj_edge_kind k, int prov, kj_say_ref say)
{
    if (w < -KJ_SPAN_MAX_S) w = -KJ_SPAN_MAX_S;
    if (w > KJ_SPAN_MAX_S) return;
    kj_edge e = {.u = u, .v = v, .w = w, .kind = k, .prov = prov, .say = say};
    if (alt) kj_vec_put(b->mem, &b->net->alt_edges, e);
    else kj_vec_put(b->mem, &b->net->edges, e);
}

/* t_p in [lo, hi] against Z, skipping infinite bounds. */
static void add_window(builder *b, int alt, int p, kj_interval iv, kj_edge_kind k, int prov, kj_say_ref say)
{
    if (iv.hi < KJ_INF) add_edge(b, alt, 0, p, iv.hi, k, prov, say);
    if (iv.lo > -KJ_INF) add_edge(b, alt, p, 0, -iv.lo, k, prov, say);
}

/* ---- distances ------------------------------------------------------------- */

static void cite_all(builder *b, int_vec *used, const int *stmts, int n)
{
    for (int k = 0; k < n; k++) kj_vec_put(b->mem, used, stmts[k]);
}

/* Lower bound in metres on the distance between ir places a and bb, or -1
 * if unknown (an unlocated place).  A `one of` place is as near as its
 * nearest leaf (no either/or), each pair of distinct leaves looked at
 * once.  The statements used are appended to used. */
static double place_dist_lower_m(builder *b, int a, int bb, int_vec *used)
{
    if (a == bb) return 0;
    const kj_ir_place *A = &b->ir->places[a], *B = &b->ir->places[bb];
    if (A->kind == IR_PLACE_ONE_OF || B->kind == IR_PLACE_ONE_OF) {
        const int *la = A->kind == IR_PLACE_ONE_OF ? A->leaves : &a;
        const int *lb = B->kind == IR_PLACE_ONE_OF ? B->leaves : &bb;
        int na = A->kind == IR_PLACE_ONE_OF ? A->n_leaves : 1, nb = B->kind == IR_PLACE_ONE_OF ? B->n_leaves : 1;
        if ((A->kind == IR_PLACE_ONE_OF && A->leaves_unknown) || (B->kind == IR_PLACE_ONE_OF && B->leaves_unknown))
            return -1;
        double best = 1e300;
        for (int i = 0; i < na && best >= 0; i++)
            for (int j = 0; j < nb; j++) {
                double d = place_dist_lower_m(b, la[i], lb[j], used);
                if (d < 0) { best = -1; break; }
                if (d < best) best = d;
            }
        if (A->kind == IR_PLACE_ONE_OF) cite_all(b, used, A->cites, A->n_cites);
        if (B->kind == IR_PLACE_ONE_OF) cite_all(b, used, B->cites, B->n_cites);
        kj_vec_put(b->mem, used, A->stmt);
        kj_vec_put(b->mem, used, B->stmt);
        return best;
    }
    if (A->kind != IR_PLACE_LOCATED || B->kind != IR_PLACE_LOCATED) return -1;
    kj_vec_put(b->mem, used, A->stmt);
    kj_vec_put(b->mem, used, B->stmt);
    double d = place_distance_m(b, a, bb) - A->radius_m - B->radius_m;
    return d > 0 ? d : 0;
}

/* The same between two places as statements name them, citing what
 * picked each (the assumptions of a `one of`). */
static double dist_lower_m(builder *b, const kj_ir_where *wa, const kj_ir_where *wb, int_vec *used)
{
    if (wa->place < 0 || wb->place < 0) return -1;
    cite_all(b, used, wa->cites, wa->n_cites);
    cite_all(b, used, wb->cites, wb->n_cites);
    return place_dist_lower_m(b, wa->place, wb->place, used);
}

/* A sourced route length for this pair and mode class, or -1. */
static double route_m(builder *b, const kj_ir_where *wa, const kj_ir_where *wb, const char *cls, int_vec *used)
{
    const kj_ir *ir = b->ir;
    int a = wa->place, bb = wb->place;
    double best = -1;
    int best_i = -1;
    for (int k = 0; k < ir->n_routes; k++) {
        const kj_ir_route *r = &ir->routes[k];
        if (!r->mode_class) continue;
        if (cls && strcmp(r->mode_class, cls)) continue;
        if (!((r->from == a && r->to == bb) || (r->from == bb && r->to == a))) continue;
        if (r->dist_m > best) {
            best = r->dist_m;
            best_i = r->stmt;
        }
    }
    if (best_i < 0) return -1;
    kj_vec_put(b->mem, used, best_i);
    /* the route runs between the places' stated positions; the journey's
     * ends may lie anywhere within their uncertainty, so it may be shorter
     * by both radii (the same charity as for the geodesic) */
    for (int k = 0; k < 2; k++) {
        const kj_ir_place *P = &ir->places[k ? bb : a];
        if (P->kind == IR_PLACE_LOCATED && P->radius_m > 0) best -= P->radius_m;
    }
    return best > 0 ? best : 0;
}

/* ---- claims ------------------------------------------------------------------ */

/* One person at one place from point start to point end (a journey's
 * ends are two presences, each an instant). */
typedef struct presence {
    int person, start, end, stmt;
    int via;         /* the custody that makes a device's position the person's, or -1 */
    const kj_ir_where *where;
    int place;       /* the statement naming the place (for the sentences) */
    int claim;       /* from a claim (not a fact) */
    int journey;     /* from a journey */
    int voyage;      /* an end of a journey fact (aboard between its ends: voyage_pairs) */
    int64_t lo_hint; /* for era: earliest / latest known bounds */
    int64_t hi_hint;
} presence;

typedef KJ_VEC(presence) presence_vec;

static void add_presence(kj_mem *mem, presence_vec *pv, int person, const kj_ir_where *w, int s, int e,
                         const kj_ir_event *ev)
{
    if (person < 0 || w->named < 0) return;
    presence p = {.person = person, .start = s, .end = e, .stmt = ev->stmt, .via = -1, .where = w, .place = w->named,
                  .claim = ev->origin == IR_FROM_CLAIM, .journey = ev->kind == IR_EV_JOURNEY,
                  .voyage = ev->origin == IR_FROM_FACT_JOURNEY,
                  .lo_hint = ev->era.lo, .hi_hint = ev->era.hi};
    kj_vec_put(mem, pv, p);
}

/* The least time a journey takes: its distance (or a sourced route of its
 * mode's class, if longer) at the speed of the mode that bounds it. */
static void travel_bound(builder *b, const kj_ir_event *ev)
{
    int ci = ev->stmt;
    int_vec used = {0};
    kj_vec_put(b->mem, &used, ci);
    double d = dist_lower_m(b, ev->from, ev->to, &used);
    if (d <= 0) { kj_free(used.items); return; }
    int mode = ev->fastest;
    if (mode < 0) { kj_free(used.items); return; }
    /* a route length binds only journeys known to be of its mode class */
    int_vec route_used = {0}; /* cited only if the route is what bounds the journey */
    double route = ev->mode_class ? route_m(b, ev->from, ev->to, ev->mode_class, &route_used) : -1;
    kj_say_kind basis = SAY_TRAVEL_GEODESIC;
    if (route > d) {
        d = route;
        basis = SAY_TRAVEL_ROUTE;
        for (int k = 0; k < route_used.n; k++) kj_vec_put(b->mem, &used, route_used.items[k]);
    }
    kj_free(route_used.items);
    kj_vec_put(b->mem, &used, mode);
    if (ev->travels_by >= 0) kj_vec_put(b->mem, &used, ev->travels_by);
    int64_t t = kj_travel_s(d, kj_ir_mode_mps(b->ir, mode));
    if (t <= 0) { kj_free(used.items); return; }
    kj_say_ref why = say_at(basis, say_put(b, (kj_say){.travel = {.claim = ci, .mode = mode, .m = d, .s = t}}));
    add_edge(b, 0, b->net->stmt_end[ci], b->net->stmt_start[ci], -t, EK_TRAVEL, prov_make(b, &used), why);
}

/* Entity lifetime: an event at an entity happens while it exists. */
static void lifetime_edges(builder *b, int ci, const kj_ir_where *w, int point_lo, int point_hi)
{
    if (w->entity < 0 || (w->life.lo <= -KJ_INF && w->life.hi >= KJ_INF)) return;
    int_vec v = {0};
    kj_vec_put(b->mem, &v, ci);
    kj_vec_put(b->mem, &v, w->entity);
    int prov = prov_make(b, &v);
    kj_say_ref why = say_of(SAY_LIFETIME, w->entity);
    /* charity: the event need only overlap the lifetime (begin before the
     * entity ceased, end after it began) */
    if (w->life.lo > -KJ_INF) add_edge(b, 0, point_hi, 0, -w->life.lo, EK_LIFETIME, prov, why);
    if (w->life.hi < KJ_INF) add_edge(b, 0, 0, point_lo, w->life.hi, EK_LIFETIME, prov, why);
}

/* ---- calendar days: "the same day", "the next day" ------------------------ */

/* Appends the zones of w to zones[n..] (n < 0: too many already); returns
 * the new count, -1 when w has more than KJ_ZONES_MAX or none. */
static int add_zones(const char **zones, int n, const kj_ir_where *w)
{
    if (n < 0 || w->n_zones <= 0) return -1;
    for (int k = 0; k < w->n_zones; k++) zones[n + k] = w->zones[k];
    return n + w->n_zones;
}

/* Appends the clocks ev's times were written in (their offsets). */
static int add_written(const char **zones, int n, const kj_ir_event *ev)
{
    for (int k = 0; n >= 0 && k < ev->n_written_zones; k++) zones[n++] = ev->written_zones[k];
    return n;
}

/* Room for calendar_zones: four places' zones and both claims' clocks. */
#define KJ_CALENDAR_ZONES (4 * KJ_ZONES_MAX + 12)

/* The zones in which "the same day" or "the next day" between x and y
 * may be counted: those of every place of both (design.md §0: calendar
 * days in the zones of the places concerned; a traveller who says he
 * reached Tokyo "the same day" he left New York may count both days by
 * either city's calendar), and the clocks their times were written in (a
 * record that says "23:30-04:00" keeps its days by that clock).  Returns
 * the count (at most KJ_CALENDAR_ZONES), or -1 when some place's zones
 * are unknown or too many. */
static int calendar_zones(const kj_ir_event *x, const kj_ir_event *y, const char **zones)
{
    int n = add_zones(zones, 0, x->to);
    if (x->kind == IR_EV_JOURNEY) n = add_zones(zones, n, x->from);
    n = add_zones(zones, n, y->from);
    if (y->kind == IR_EV_JOURNEY) n = add_zones(zones, n, y->to);
    return add_written(zones, add_written(zones, n, x), y);
}

/* The latest an event can begin after another ends when it is written "the
 * same day" (days = 1) or "the next day" (days = 2): calendar days, each
 * event's in the zone of any place of either (calendar_zones), under every
 * zone database (design.md §0).  If x ends on local day D in zone A, y
 * begins before local day D + days starts in zone B: the gap is at most
 * the latest reading of (D + days) 00:00 in B less the earliest of D 00:00
 * in A, over every day D x may end on and every A and B.  That is 24 h
 * (48 h) within one zone on an ordinary day, 25 h on the day clocks go
 * back, 36 h 55 min from Tokyo 00:05 to New York 23:00.  When x's end is not bounded to 800 days
 * or less, every offset on Earth is allowed: 24 h * days + 32 h. */
#define KJ_DAY_S INT64_C(86400)
static int64_t calendar_gap_max(builder *b, const kj_ir_event *x, const kj_ir_event *y, int days, int64_t *latest,
                                 const char **latest_zone, const char **x_zone, int64_t *x_end_hi)
{
    int64_t loose = days * KJ_DAY_S + 32 * 3600;
    *latest = KJ_INF;
    int64_t s_hi = x->start.hi;
    int64_t e_lo = x->end.lo > x->start.lo ? x->end.lo : x->start.lo;
    int64_t e_hi = x->end.hi;
    if (s_hi < KJ_INF && x->dur_max_s < KJ_INF && s_hi + x->dur_max_s < e_hi) e_hi = s_hi + x->dur_max_s;
    if (e_lo <= -KJ_INF || e_hi >= KJ_INF || e_hi - e_lo > 800 * KJ_DAY_S) return loose;
    *x_end_hi = e_hi;
    /* each event's day in the zone of any place of either: a journey is
     * on one date where it leaves and on another where it arrives, and
     * "the same day" may mean either (y begins no later than it ends, so a
     * day of y's end bounds its beginning too) */
    const char *za[KJ_CALENDAR_ZONES];
    int na = calendar_zones(x, y, za), nb = na;
    const char **zb = za;
    if (na <= 0) return loose;
    /* (and y begins, absolutely, before the latest such midnight: *latest) */
    kj_tz_cache *cache = b->c->readopts.tz_cache;
    int64_t best = -KJ_INF;
    for (int i = 0; i < na; i++) {
        /* the local days x may end on at A, a day either side for the
         * databases' offsets (which differ by less than a day) */
        int off_lo = 0, off_hi = 0;
        if (kj_tz_offset_c(cache, za[i], e_lo, &off_lo) != 0 || kj_tz_offset_c(cache, za[i], e_hi, &off_hi) != 0) {
            *latest = KJ_INF;
            return loose;
        }
        int64_t d0 = (e_lo + off_lo) / KJ_DAY_S - ((e_lo + off_lo) % KJ_DAY_S < 0) - 1;
        int64_t d1 = (e_hi + off_hi) / KJ_DAY_S - ((e_hi + off_hi) % KJ_DAY_S < 0) + 1;
        for (int64_t d = d0; d <= d1; d++) {
            int y0, m0, dd0, y1, m1, dd1;
            kj_civil_from_days(d, &y0, &m0, &dd0);
            kj_civil_from_days(d + days, &y1, &m1, &dd1);
            int64_t a_first, a_last, n_first, n_last;
            int yn, mn, dn;
            kj_civil_from_days(d + 1, &yn, &mn, &dn);
            if (kj_tz_local_to_utc_c(cache, za[i], y0, m0, dd0, 0, 0, 0, &a_first, &a_last) != 0
                || kj_tz_local_to_utc_c(cache, za[i], yn, mn, dn, 0, 0, 0, &n_first, &n_last) != 0) {
                *latest = KJ_INF;
                return loose;
            }
            if (a_first > e_hi || n_last < e_lo) continue; /* x cannot end on day d at A */
            for (int j = 0; j < nb; j++) {
                int64_t b_first, b_last;
                if (kj_tz_local_to_utc_c(cache, zb[j], y1, m1, dd1, 0, 0, 0, &b_first, &b_last) != 0) {
                    *latest = KJ_INF;
                    return loose;
                }
                if (b_last - a_first > best) best = b_last - a_first;
                if (*latest == KJ_INF || b_last > *latest) {
                    *latest = b_last;
                    *latest_zone = zb[j];
                    *x_zone = za[i];
                }
            }
        }
    }
    if (best <= -KJ_INF) *latest = KJ_INF;
    return best > 0 ? best : 0;
}

/* The earliest "the next day after x" can begin, y being the claim that
 * says so: x begins on some local day D (in the zone of any place of
 * either, calendar_zones, under every zone database), no earlier than the
 * day its earliest start falls on, and y begins on day D + 1 or later in
 * the zone of any such place: no earlier than the earliest reading of
 * (D + 1) 00:00 there, over every such zone and the least such D.  (The day x begins, not the
 * day it ends: a journey over midnight read charitably.)  -KJ_INF when the
 * times or zones do not say; *x_start, *x_zone and *by_zone for the proof. */
static int64_t next_day_earliest(builder *b, const kj_ir_event *x, const kj_ir_event *y, int64_t *x_start,
                                 const char **x_zone, const char **by_zone)
{
    int64_t s_lo = x->start.lo, s_hi = x->start.hi;
    /* its start also lies within its stated duration of its end's window
     * ("arrives 09:00, takes 3 hours" begins at 06:00 at the earliest) */
    if (x->end.lo > -KJ_INF && x->dur_max_s < KJ_INF && x->end.lo - x->dur_max_s > s_lo)
        s_lo = x->end.lo - x->dur_max_s;
    if (x->end.hi < KJ_INF && x->end.hi - x->dur_min_s < s_hi) s_hi = x->end.hi - x->dur_min_s;
    if (s_lo <= -KJ_INF || s_lo > s_hi) return -KJ_INF;
    const char *za[KJ_CALENDAR_ZONES];
    int na = calendar_zones(x, y, za), nb = na;
    const char **zb = za;
    if (na <= 0) return -KJ_INF;
    kj_tz_cache *cache = b->c->readopts.tz_cache;
    int64_t earliest = KJ_INF;
    *x_start = s_lo;
    for (int i = 0; i < na; i++) {
        int off = 0;
        if (kj_tz_offset_c(cache, za[i], s_lo, &off) != 0) return -KJ_INF;
        /* the least local day x may begin on: from the day before that of
         * its earliest start by one database's offset, the first whose
         * midnights (every reading) leave it a start within its window */
        int64_t d = (s_lo + off) / KJ_DAY_S - ((s_lo + off) % KJ_DAY_S < 0) - 1, day = KJ_INF;
        for (int k = 0; k < 4 && day == KJ_INF; k++, d++) {
            int y0, m0, d0, y1, m1, d1;
            int64_t a_first, a_last, n_first, n_last;
            kj_civil_from_days(d, &y0, &m0, &d0);
            kj_civil_from_days(d + 1, &y1, &m1, &d1);
            if (kj_tz_local_to_utc_c(cache, za[i], y0, m0, d0, 0, 0, 0, &a_first, &a_last) != 0
                || kj_tz_local_to_utc_c(cache, za[i], y1, m1, d1, 0, 0, 0, &n_first, &n_last) != 0)
                return -KJ_INF;
            if (a_first <= s_hi && n_last >= s_lo) day = d;
        }
        if (day == KJ_INF) return -KJ_INF; /* (cannot happen: its start's own day qualifies) */
        int yn, mn, dn;
        kj_civil_from_days(day + 1, &yn, &mn, &dn);
        for (int j = 0; j < nb; j++) {
            int64_t first, last;
            if (kj_tz_local_to_utc_c(cache, zb[j], yn, mn, dn, 0, 0, 0, &first, &last) != 0) return -KJ_INF;
            if (first < earliest) {
                earliest = first;
                *x_zone = za[i];
                *by_zone = zb[j];
            }
        }
    }
    return earliest;
}

/* A claim's sequence clause: right after, after, before, the same day, the
 * next day another claim. */
static void sequence_edges(builder *b, const kj_ir_link *l)
{
    const kj_ir *ir = b->ir;
    int ci = l->stmt, X = l->ref_stmt;
    int S = b->net->stmt_start[ci], E = b->net->stmt_end[ci];
    int XS = b->net->stmt_start[X], XE = b->net->stmt_end[X];
    int prov = prov1(b, ci);
    int64_t max_gap = KJ_INF, latest = KJ_INF, x_end_hi = KJ_INF;
    const char *latest_zone = NULL, *x_zone = NULL;
    kj_say_ref what = say_of(SAY_NONE, -1);
    switch (l->kind) {
    case SEQ_RIGHT_AFTER:
        max_gap = l->max_gap_s;
        what = say_of(SAY_SEQ_RIGHT_AFTER, ci);
        break;
    case SEQ_AFTER: what = say_of(SAY_SEQ_AFTER, ci); break;
    case SEQ_GAP:
        max_gap = l->max_gap_s;
        what = say_of(SAY_SEQ_GAP, ci);
        if (l->min_gap_s > 0) /* S - XE >= min */
            add_edge(b, 0, S, XE, -l->min_gap_s, EK_GAP, prov, say_of(SAY_SEQ_GAP_MIN, ci));
        break;
    case SEQ_NEXT_DAY:
    case SEQ_SAME_DAY: {
        int next = l->kind == SEQ_NEXT_DAY;
        max_gap = calendar_gap_max(b, &ir->events[l->ref_event], &ir->events[l->event], next ? 2 : 1, &latest,
                                   &latest_zone, &x_zone, &x_end_hi);
        int_vec v = {0};
        kj_vec_put(b->mem, &v, ci);
        kj_vec_put(b->mem, &v, X); /* the bound rests on X's own times */
        prov = prov_make(b, &v);
        what = say_at(next ? SAY_SEQ_NEXT_DAY : SAY_SEQ_SAME_DAY, say_put(b, (kj_say){.gap = {.claim = ci, .s = max_gap}}));
        break;
    }
    case SEQ_BEFORE: what = say_of(SAY_SEQ_BEFORE, ci); break;
    default: break;
    }
    if (l->kind == SEQ_BEFORE) {
        add_edge(b, 0, XS, E, 0, EK_ORDER, prov, what);
        return;
    }
    add_edge(b, 0, S, XE, 0, EK_ORDER, prov, what);
    if (max_gap < KJ_INF) add_edge(b, 0, XE, S, max_gap, EK_GAP, prov, what);
    if (latest < KJ_INF && latest_zone && x_zone) {
        kj_say day = {.day = {.claim = ci, .end_s = x_end_hi, .by_s = latest, .end_zone = x_zone, .by_zone = latest_zone}};
        add_edge(b, 0, 0, S, latest, EK_GAP, prov, say_at(SAY_DAY_BEGINS_BY, say_put(b, day)));
    }
    if (l->kind == SEQ_NEXT_DAY) { /* (the same day begins after x ends: the order above) */
        int64_t x_start = 0;
        const char *start_zone = NULL, *by_zone = NULL;
        int64_t earliest = next_day_earliest(b, &ir->events[l->ref_event], &ir->events[l->event], &x_start,
                                             &start_zone, &by_zone);
        if (earliest > -KJ_INF && start_zone && by_zone) {
            kj_say day = {.day = {.claim = ci, .end_s = x_start, .by_s = earliest, .end_zone = start_zone, .by_zone = by_zone}};
            add_edge(b, 0, S, 0, -earliest, EK_GAP, prov, say_at(SAY_DAY_BEGINS_AFTER, say_put(b, day)));
        }
    }
}

/* A claim `during` another claim or a fact. */
static void during_edges(builder *b, const kj_ir_link *l)
{
    int ci = l->stmt, X = l->ref_stmt;
    int S = b->net->stmt_start[ci], E = b->net->stmt_end[ci];
    if (b->ir->events[l->ref_event].origin != IR_FROM_CLAIM) {
        /* charity: a claim during a fact may lie anywhere in the fact's
         * widest reading, not only in what the fact certainly spans
         * (a "throughout" fact's points) nor at the instant an "on"
         * fact is pinned to (design.md §0) */
        int_vec v = {0};
        kj_vec_put(b->mem, &v, ci);
        kj_vec_put(b->mem, &v, X);
        int prov = prov_make(b, &v);
        kj_say_ref what = say_of(SAY_DURING_FACT, ci);
        if (l->during_iv.lo > -KJ_INF) add_edge(b, 0, S, 0, -l->during_iv.lo, EK_ORDER, prov, what);
        if (l->during_iv.hi < KJ_INF) add_edge(b, 0, 0, E, l->during_iv.hi, EK_ORDER, prov, what);
        return;
    }
    int prov = prov1(b, ci);
    kj_say_ref what = say_of(SAY_DURING, ci);
    add_edge(b, 0, S, b->net->stmt_start[X], 0, EK_ORDER, prov, what); /* S >= X.start */
    add_edge(b, 0, b->net->stmt_end[X], E, 0, EK_ORDER, prov, what);   /* E <= X.end */
}

/* A claim's own constraints: it ends no earlier than it begins, its
 * times ("in/on TIME": it begins within the reading; departs, arrives;
 * a message's sent, received) and its duration. */
static void claim_own_edges(builder *b, const kj_ir_event *ev)
{
    static const kj_say_kind window_say[] = {
        [IR_WIN_BEGINS] = SAY_BEGINS, [IR_WIN_DEPARTS] = SAY_DEPARTS, [IR_WIN_ARRIVES] = SAY_ARRIVES};
    int ci = ev->stmt;
    int S = b->net->stmt_start[ci], E = b->net->stmt_end[ci];
    int prov = prov1(b, ci);
    add_edge(b, 0, E, S, 0, EK_ORDER, prov, say_of(SAY_ENDS_AFTER_START, ci));
    for (int k = 0; k < ev->n_windows; k++)
        add_window(b, 0, ev->windows[k].point == IR_START ? S : E, ev->windows[k].iv, EK_WINDOW, prov,
                   say_of(window_say[ev->windows[k].kind], ci));
    if (ev->dur_stated) {
        kj_say_ref why = say_of(SAY_LASTS, ci);
        if (ev->dur_max_s < KJ_INF) add_edge(b, 0, S, E, ev->dur_max_s, EK_DURATION, prov, why);
        add_edge(b, 0, E, S, -ev->dur_min_s, EK_DURATION, prov, why);
    }
}

static void claim_edges(builder *b, const kj_ir_event *ev, presence_vec *pv)
{
    int ci = ev->stmt, journey = ev->kind == IR_EV_JOURNEY;
    int S = b->net->stmt_start[ci], E = b->net->stmt_end[ci];
    claim_own_edges(b, ev);
    if (journey) travel_bound(b, ev);
    lifetime_edges(b, ci, ev->from, S, journey ? S : E);
    if (journey) lifetime_edges(b, ci, ev->to, E, E);
    add_presence(b->mem, pv, ev->person, ev->from, S, journey ? S : E, ev);
    if (journey) add_presence(b->mem, pv, ev->person, ev->to, E, E, ev);
    for (int k = 0; k < ev->n_with; k++) {
        add_presence(b->mem, pv, ev->with[k], ev->from, S, journey ? S : E, ev);
        if (journey) add_presence(b->mem, pv, ev->with[k], ev->to, E, E, ev);
    }
}

/* ---- messages ------------------------------------------------------------------ */

/* A message's sender's and receiver's points: at the sending and the
 * receipt, each an instant; a call joins both over the whole call. */
static void message_points(const builder *b, const kj_ir_event *ev, int receiver, int *lo, int *hi)
{
    int S = b->net->stmt_start[ev->stmt], E = b->net->stmt_end[ev->stmt];
    if (ev->medium_class == MEDIUM_LIVE) *lo = S, *hi = E;
    else *lo = *hi = receiver ? E : S;
}

/* The least time a carried message takes between its two places: their
 * distance at its medium's speed, else at the era's fastest of any mode
 * (someone may have carried it so). */
static void delivery_bound(builder *b, const kj_ir_event *ev)
{
    if (ev->medium_class != MEDIUM_CARRIED || ev->medium < 0) return;
    int_vec used = {0};
    kj_vec_put(b->mem, &used, ev->stmt);
    double d = dist_lower_m(b, ev->from, ev->to, &used);
    const kj_stmt *m = &b->c->stmts[ev->medium];
    int mode = m->medium->max_mps > 0 ? -1 : kj_ir_fastest_mode(b->ir, NULL, ev->era_year_lo, ev->era_year_hi);
    double v = mode >= 0 ? kj_ir_mode_mps(b->ir, mode) : m->medium->max_mps;
    if (d <= 0 || !(v > 0)) { kj_free(used.items); return; }
    kj_vec_put(b->mem, &used, ev->medium);
    if (mode >= 0) kj_vec_put(b->mem, &used, mode);
    int64_t t = kj_travel_s(d, v);
    if (t <= 0) { kj_free(used.items); return; }
    kj_say_ref why = say_at(SAY_DELIVERY, say_put(b, (kj_say){.delivery = {.claim = ev->stmt, .mode = mode, .m = d, .s = t}}));
    add_edge(b, 0, b->net->stmt_end[ev->stmt], b->net->stmt_start[ev->stmt], -t, EK_TRAVEL, prov_make(b, &used), why);
}

/* A message claim: sent no later than received; its time and duration;
 * a carried one's delivery; its sender at his place when he sends it, its
 * receiver at his when he receives it (a call: both throughout). */
static void message_edges(builder *b, const kj_ir_event *ev, presence_vec *pv)
{
    int ci = ev->stmt;
    claim_own_edges(b, ev);
    delivery_bound(b, ev);
    for (int side = 0; side < 2; side++) {
        int lo, hi;
        message_points(b, ev, side, &lo, &hi);
        const kj_ir_where *w = side ? ev->to : ev->from;
        lifetime_edges(b, ci, w, lo, hi);
        size_t at = (size_t)pv->n;
        add_presence(b->mem, pv, side ? ev->receiver : ev->sender, w, lo, hi, ev);
        /* its era is its own end's where that end is dated (a January
         * receipt does not lend the sender's December travel 1939's
         * aircraft: review of issue 22); a call's, both ends' */
        kj_interval own = ev->medium_class == MEDIUM_LIVE ? (kj_interval){.lo = ev->start.lo, .hi = ev->end.hi}
                          : side ? ev->end : ev->start;
        if ((size_t)pv->n > at && own.lo > -KJ_INF && own.hi < KJ_INF) {
            pv->items[at].lo_hint = own.lo;
            pv->items[at].hi_hint = own.hi;
        }
    }
}

/* Where a fact places a device or vehicle, its holder is too: for each
 * custody of it whose narrow window holds the whole of what the fact
 * certainly spans (a fact that may lie partly outside it is not used:
 * nothing says who had the device then), a presence of the holder at the
 * fact's points, citing the custody.  The owner's hypothesis speaks only
 * where no stated custody of the device, read wide, meets the fact. */
static void custody_presences(builder *b, const kj_ir_event *ev, presence_vec *pv, int S, int E)
{
    const kj_ir *ir = b->ir;
    kj_interval span = ev->origin == IR_FROM_FACT_THROUGHOUT ? (kj_interval){.lo = ev->windows[0].iv.lo, .hi = ev->windows[1].iv.hi}
                                                             : ev->windows[0].iv;
    int stated = 0;
    for (int k = 0; k < ir->n_custodies; k++) {
        const kj_ir_custody *cu = &ir->custodies[k];
        if (cu->thing == ev->person && !cu->hypothetical && cu->wide.lo <= span.hi && cu->wide.hi >= span.lo) stated = 1;
    }
    for (int k = 0; k < ir->n_custodies; k++) {
        const kj_ir_custody *cu = &ir->custodies[k];
        if (cu->thing != ev->person || (cu->hypothetical && stated)) continue;
        if (span.lo < cu->window.lo || span.hi > cu->window.hi) continue;
        size_t at = (size_t)pv->n;
        add_presence(b->mem, pv, cu->person, ev->from, S, E, ev);
        if ((size_t)pv->n > at) pv->items[at].via = cu->stmt;
    }
}

static void fact_edges(builder *b, const kj_ir_event *ev, presence_vec *pv)
{
    int fi = ev->stmt;
    int S = b->net->stmt_start[fi], E = b->net->stmt_end[fi];
    int prov = prov1(b, fi);
    kj_say_ref why = say_of(SAY_FACT, fi);
    if (ev->origin == IR_FROM_FACT_JOURNEY) {
        /* departs at an instant of its reading at A, arrives at one at B:
         * two presences, each an instant; between them aboard (voyage_pairs) */
        for (int k = 0; k < ev->n_windows; k++)
            add_window(b, 0, ev->windows[k].point == IR_START ? S : E, ev->windows[k].iv, EK_FACT, prov, why);
        add_edge(b, 0, E, S, 0, EK_FACT, prov, why);
        lifetime_edges(b, fi, ev->from, S, S);
        lifetime_edges(b, fi, ev->to, E, E);
        add_presence(b->mem, pv, ev->person, ev->from, S, S, ev);
        add_presence(b->mem, pv, ev->person, ev->to, E, E, ev);
        return;
    }
    if (ev->origin == IR_FROM_FACT_THROUGHOUT) {
        /* what it certainly spans: each end an instant */
        for (int k = 0; k < ev->n_windows; k++)
            add_window(b, 0, ev->windows[k].point == IR_START ? S : E, ev->windows[k].iv, EK_FACT, prov, why);
    } else {
        add_window(b, 0, S, ev->windows[0].iv, EK_FACT, prov, why);
        add_edge(b, 0, S, E, 0, EK_FACT, prov, why);
        add_edge(b, 0, E, S, 0, EK_FACT, prov, why);
    }
    lifetime_edges(b, fi, ev->from, S, E);
    add_presence(b->mem, pv, ev->person, ev->from, S, E, ev);
    if (ev->person >= 0 && b->c->kinds[ev->person] == ST_DEVICE) custody_presences(b, ev, pv, S, E);
}

/* ---- presence disjunctions ------------------------------------------------------ */

static void begin_disj(builder *b, kj_conflict_kind kind, int prov, kj_say_ref say, kj_say_ref head)
{
    kj_disj d = {.first_alt = b->net->alts.n, .prov = prov, .kind = kind, .say = say, .head = head, .claim = b->cur_claim};
    kj_vec_put(b->mem, &b->net->disjs, d);
}

static void begin_alt(builder *b, kj_say_ref say)
{
    kj_alt a = {.first = b->net->alt_edges.n, .say = say, .branch = b->cur_branch, .branch_place = b->cur_branch_place};
    kj_vec_put(b->mem, &b->net->alts, a);
    b->net->disjs.items[b->net->disjs.n - 1].n_alts++;
}

static void end_alt(builder *b)
{
    kj_alt *a = &b->net->alts.items[b->net->alts.n - 1];
    a->n = b->net->alt_edges.n - a->first;
}

/* Whether reach r speaks of message ev's medium. */
static int reach_covers(const kj_ir_reach *r, const kj_ir_event *ev)
{
    if (!r->n_media) return 1;
    for (int k = 0; k < r->n_media; k++)
        if (r->media[k] == ev->medium) return 1;
    return 0;
}

/* For each unreachable fact about a message's sender or receiver, by its
 * medium: his point (a call: the whole call) lies before the period or
 * after it. */
static void reach_constraints(builder *b, const kj_ir_event *ev)
{
    const kj_ir *ir = b->ir;
    for (int k = 0; k < ir->n_reach; k++) {
        const kj_ir_reach *r = &ir->reach[k];
        if (!reach_covers(r, ev) || (r->window.lo <= -KJ_INF && r->window.hi >= KJ_INF) || r->window.lo > r->window.hi) continue;
        for (int side = 0; side < 2; side++) {
            int person = side ? ev->receiver : ev->sender;
            if (person != r->person) continue;
            int lo, hi;
            message_points(b, ev, side, &lo, &hi);
            int_vec used = {0};
            kj_vec_put(b->mem, &used, ev->stmt);
            kj_vec_put(b->mem, &used, r->stmt);
            int prov = prov_make(b, &used);
            int at = say_put(b, (kj_say){.reach = {.claim = ev->stmt, .fact = r->stmt, .person = person, .receiver = side}});
            kj_say_ref why = say_at(SAY_REACH_WHY, at);
            b->cur_claim = ev->stmt;
            begin_disj(b, CK_REACH, prov, why, say_at(SAY_REACH_HEAD, at));
            if (r->window.lo > -KJ_INF) {
                begin_alt(b, say_at(SAY_REACH_BEFORE, at));
                add_edge(b, 1, 0, hi, r->window.lo, EK_FACT, prov, why);
                end_alt(b);
            }
            if (r->window.hi < KJ_INF) {
                begin_alt(b, say_at(SAY_REACH_AFTER, at));
                add_edge(b, 1, lo, 0, -r->window.hi, EK_FACT, prov, why);
                end_alt(b);
            }
        }
    }
}

/* Two presences of one person at places at least D apart: one ends at
 * least D / vmax before the other starts, in one order or the other. */
/* Returns 1 if it made the disjunction, 0 if the places are not apart. */
static int presence_pair(builder *b, const presence *x, const presence *y)
{
    int_vec used = {0};
    double d = dist_lower_m(b, x->where, y->where, &used);
    if (d <= 0) { kj_free(used.items); return 0; }
    int64_t lo = x->lo_hint < y->lo_hint ? x->lo_hint : y->lo_hint;
    int64_t hi = x->hi_hint > y->hi_hint ? x->hi_hint : y->hi_hint;
    int travels_by;
    int mode = kj_ir_person_fastest(b->ir, x->person, kj_ir_era_year_lo(lo), kj_ir_era_year_hi(hi), &travels_by);
    if (mode < 0) { kj_free(used.items); return 0; }
    int64_t t = kj_travel_s(d, kj_ir_mode_mps(b->ir, mode));
    kj_vec_put(b->mem, &used, mode);
    if (travels_by >= 0) kj_vec_put(b->mem, &used, travels_by);
    kj_vec_put(b->mem, &used, x->stmt);
    kj_vec_put(b->mem, &used, y->stmt);
    if (x->via >= 0) kj_vec_put(b->mem, &used, x->via);
    if (y->via >= 0) kj_vec_put(b->mem, &used, y->via);
    int prov = prov_make(b, &used);
    /* its four sentences speak of one record (a big case has 1e5s of
     * pairs, and few are in a proof) */
    int at = say_put(b, (kj_say){.presence = {.person = x->person, .x_place = x->place, .x_stmt = x->stmt,
                                                .y_place = y->place, .y_stmt = y->stmt, .mode = mode, .m = d, .s = t,
                                                .x_via = x->via, .y_via = y->via, .travels_by = travels_by}});
    kj_say_ref why = say_at(SAY_PRES_APART, at);
    b->cur_claim = y->claim ? y->stmt : x->stmt;
    begin_disj(b, CK_PRESENCE, prov, why, say_at(SAY_PRES_HEAD, at));
    begin_alt(b, say_at(SAY_PRES_XY, at));
    add_edge(b, 1, y->start, x->end, -t, EK_PRESENCE, prov, why);
    end_alt(b);
    begin_alt(b, say_at(SAY_PRES_YX, at));
    add_edge(b, 1, x->start, y->end, -t, EK_PRESENCE, prov, why);
    end_alt(b);
    return 1;
}

/* Past the budget of presence pairs: the pair of statements x and y is
 * left out, and a search of them can no longer say "consistent" (each is
 * listed once in the network's capped). */
static void cap_pair(builder *b, unsigned char *capped, int x, int y)
{
    for (int k = 0; k < 2; k++) {
        int st = k ? y : x;
        if (!capped[st]) {
            capped[st] = 1;
            kj_vec_put(b->mem, &b->net->capped, st);
        }
    }
}

/* A presence y of a claim and journey fact ev of the same person, whose
 * two instants (at A when it departs, at B when it arrives) are presences
 * ps and pe.  Aboard between them, the person is where the vehicle is: no
 * further from A than it goes since the departure, nor from B than it
 * still has to go.  So y (at X, d1 from A and d2 from B) lies
 *   before:  y ends at least d1 at the era's speed before the departure,
 *   after:   it begins at least d2 at the era's speed after the arrival, or
 *   aboard:  it begins at least d1 at the vehicle's speed after the
 *            departure and ends at least d2 at it before the arrival
 *            (a side 0 apart bounds nothing: y may then straddle that end).
 * Nothing else is possible: y cannot straddle an end it is apart from.
 * Returns 1 if it made the disjunction, 0 if X is at both ends. */
static int voyage_pair(builder *b, const kj_ir_event *ev, const presence *ps, const presence *pe, const presence *y)
{
    int_vec used1 = {0}, used2 = {0};
    double d1 = dist_lower_m(b, ev->from, y->where, &used1);
    double d2 = dist_lower_m(b, y->where, ev->to, &used2);
    /* a side whose distance is not known (an unlocated place) bounds
     * nothing, as one 0 apart; the other still bounds the vehicle's reach */
    int unknown1 = d1 < 0, unknown2 = d2 < 0;
    if (unknown1) { d1 = 0; used1.n = 0; }
    if (unknown2) { d2 = 0; used2.n = 0; }
    /* the era: of both; a claim `during` this journey lies within its
     * widest reading, which the disjunction cites (the fact) */
    int64_t y_lo = y->lo_hint, y_hi = y->hi_hint;
    const kj_stmt *ys = &b->c->stmts[y->stmt];
    if (ys->kind == ST_CLAIM && ys->claim->during.idx == ev->stmt && ev->era.lo <= y_hi && ev->era.hi >= y_lo) {
        if (ev->era.lo > y_lo) y_lo = ev->era.lo;
        if (ev->era.hi < y_hi) y_hi = ev->era.hi;
    }
    int64_t lo = ps->lo_hint < y_lo ? ps->lo_hint : y_lo;
    int64_t hi = ps->hi_hint > y_hi ? ps->hi_hint : y_hi;
    int travels_by;
    int era = kj_ir_person_fastest(b->ir, y->person, kj_ir_era_year_lo(lo), kj_ir_era_year_hi(hi), &travels_by);
    if ((d1 <= 0 && d2 <= 0) || era < 0) {
        kj_free(used1.items);
        kj_free(used2.items);
        return 0;
    }
    int veh = ev->fastest >= 0 ? ev->fastest : era;
    double v_era = kj_ir_mode_mps(b->ir, era), v_veh = kj_ir_mode_mps(b->ir, veh);
    /* each edge cites the distance and the speed it uses (a place's
     * premise says how far its radius may grow by them: render_text.c);
     * the disjunction, everything */
    int_vec common = {0};
    kj_vec_put(b->mem, &common, ev->stmt);
    kj_vec_put(b->mem, &common, y->stmt);
    if (y->via >= 0) kj_vec_put(b->mem, &common, y->via);
    int provs[5]; /* all, before (d1, era), after (d2, era), aboard d1, aboard d2 (vehicle) */
    for (int k = 0; k < 5; k++) {
        int_vec v = {0};
        for (int j = 0; j < common.n; j++) kj_vec_put(b->mem, &v, common.items[j]);
        if (k == 0 || k == 1 || k == 3) for (int j = 0; j < used1.n; j++) kj_vec_put(b->mem, &v, used1.items[j]);
        if (k == 0 || k == 2 || k == 4) for (int j = 0; j < used2.n; j++) kj_vec_put(b->mem, &v, used2.items[j]);
        if (k <= 2) {
            kj_vec_put(b->mem, &v, era);
            if (travels_by >= 0) kj_vec_put(b->mem, &v, travels_by);
        }
        if (k == 0 || k >= 3) kj_vec_put(b->mem, &v, veh);
        provs[k] = prov_make(b, &v);
    }
    kj_free(common.items);
    kj_free(used1.items);
    kj_free(used2.items);
    int at = say_put(b, (kj_say){.voyage = {.person = y->person, .fact = ev->stmt, .y_stmt = y->stmt, .y_place = y->place,
                                              .y_via = y->via, .era_mode = era, .travels_by = travels_by, .veh_mode = veh,
                                              .m1 = unknown1 ? -1 : d1, .m2 = unknown2 ? -1 : d2}});
    kj_say_ref why = say_at(SAY_VOYAGE_WHY, at);
    b->cur_claim = y->stmt;
    begin_disj(b, CK_PRESENCE, provs[0], why, say_at(SAY_VOYAGE_HEAD, at));
    begin_alt(b, say_at(SAY_VOYAGE_BEFORE, at));
    add_edge(b, 1, ps->start, y->end, -kj_travel_s(d1, v_era), EK_PRESENCE, provs[1], why);
    end_alt(b);
    begin_alt(b, say_at(SAY_VOYAGE_AFTER, at));
    add_edge(b, 1, y->start, pe->end, -kj_travel_s(d2, v_era), EK_PRESENCE, provs[2], why);
    end_alt(b);
    begin_alt(b, say_at(SAY_VOYAGE_ABOARD, at));
    if (d1 > 0) add_edge(b, 1, y->start, ps->start, -kj_travel_s(d1, v_veh), EK_PRESENCE, provs[3], why);
    if (d2 > 0) add_edge(b, 1, pe->end, y->end, -kj_travel_s(d2, v_veh), EK_PRESENCE, provs[4], why);
    end_alt(b);
    return 1;
}

/* For each journey fact, the disjunction of voyage_pair with every linked
 * presence of a claim of its person; at most max_pairs per journey fact
 * (past it, the statements are capped, as in presence_disjunctions). */
static void voyage_pairs(builder *b, const presence_vec *pv, const unsigned char *linked, unsigned char *capped)
{
    const kj_ir *ir = b->ir;
    kj_network *net = b->net;
    for (int i = 0; i < pv->n; i++) {
        const presence *ps = &pv->items[i];
        if (!ps->voyage || ps->start != net->stmt_start[ps->stmt]) continue;
        const presence *pe = NULL;
        for (int k = i + 1; k < pv->n && !pe; k++)
            if (pv->items[k].stmt == ps->stmt && pv->items[k].voyage) pe = &pv->items[k];
        if (!pe) continue;
        const kj_ir_event *ev = &ir->events[ir->event_of[ps->stmt]];
        long n = 0;
        for (int j = 0; j < pv->n; j++) {
            const presence *y = &pv->items[j];
            if (!y->claim || y->person != ps->person || !linked[y->stmt] || !linked[ps->stmt]) continue;
            if (b->max_pairs && n >= b->max_pairs) {
                cap_pair(b, capped, ps->stmt, y->stmt);
                continue;
            }
            n += voyage_pair(b, ev, ps, pe, y);
        }
    }
}

/* ---- bounds of the conjunctive part, for pruning --------------------------- */

/* By the batch Bellman-Ford of stn.h, from Z; a negative cycle makes the
 * pruning below prune nothing (the check will report it).  Each node's
 * edges are relaxed last first: where the relaxation stops without a
 * negative cycle (stn_bellman_ford) depends on the order, and pruning is
 * tested with this one. */
int kj_network_bounds(kj_mem *mem, const kj_network *net, const unsigned char *use, int backward, int64_t *dist)
{
    int n = net->points.n, m = net->edges.n;
    int *start = kj_calloc(mem, (size_t)n + 1, sizeof(int));
    int *to = kj_malloc(mem, sizeof(int) * (size_t)(m + 1));
    int64_t *w = kj_malloc(mem, sizeof(int64_t) * (size_t)(m + 1));
    int *queue = kj_malloc(mem, sizeof(int) * (size_t)(n + 1));
    int *count = kj_calloc(mem, (size_t)n + 1, sizeof(int));
    unsigned char *inq = kj_calloc(mem, (size_t)n + 1, 1);
    for (int i = 0; i < m; i++)
        if (!use || use[i]) start[backward ? net->edges.items[i].v : net->edges.items[i].u]++;
    for (int x = 1; x <= n; x++) start[x] += start[x - 1]; /* start[x]: the end of x's edges, for now */
    for (int i = 0; i < m; i++) {
        if (use && !use[i]) continue;
        const kj_edge *e = &net->edges.items[i];
        int k = --start[backward ? e->v : e->u];
        to[k] = backward ? e->u : e->v;
        w[k] = e->w;
    }
    for (int i = 0; i < n; i++) dist[i] = KJ_INF;
    dist[0] = 0;
    queue[0] = 0;
    inq[0] = 1;
    stn_csr g = {.n = n, .start = start, .to = to, .w = w};
    int rc = stn_bellman_ford(&g, dist, queue, inq, 1, count) ? 0 : -1;
    kj_free(start);
    kj_free(to);
    kj_free(w);
    kj_free(queue);
    kj_free(count);
    kj_free(inq);
    return rc;
}

typedef struct pres_order { int person; int64_t earliest; int idx; } pres_order;

static int cmp_pres(const void *a, const void *b)
{
    const pres_order *x = a, *y = b;
    if (x->person != y->person) return x->person < y->person ? -1 : 1;
    if (x->earliest != y->earliest) return x->earliest < y->earliest ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The least, over the years y0..y1, of the fastest speed of year y that
 * person may use (the speed a presence pair's travel time is computed
 * with: kj_ir_person_fastest); 0 if some year has no mode at all. */
static double slowest_era_speed(const builder *b, int person, int y0, int y1)
{
    const kj_ir *ir = b->ir;
    double slowest = -1;
    for (int k = -1; k < ir->n_modes; k++) {
        /* the fastest speed changes only where a mode begins or ends */
        int y = y0;
        if (k >= 0) {
            const kj_ir_mode *m = &ir->modes[k];
            y = m->since ? m->since : m->until ? m->until + 1 : y0;
            if (y < y0 || y > y1) continue;
        }
        int cite;
        int f = kj_ir_person_fastest(ir, person, y, y, &cite);
        double v = f >= 0 ? kj_ir_mode_mps(ir, f) : 0;
        if (slowest < 0 || v < slowest) slowest = v;
        if (k >= 0 && ir->modes[k].until && ir->modes[k].until + 1 <= y1) {
            f = kj_ir_person_fastest(ir, person, ir->modes[k].until + 1, ir->modes[k].until + 1, &cite);
            v = f >= 0 ? kj_ir_mode_mps(ir, f) : 0;
            if (v < slowest) slowest = v;
        }
    }
    return slowest < 0 ? 0 : slowest;
}

/* An upper bound on the distance between any two of a person's located
 * places: twice the farthest of them from the first (the triangle
 * inequality), and never more than the longest geodesic on the ellipsoid
 * (half the equator, 20,037.5 km).  (A latitude/longitude box is no bound:
 * across the antimeridian its diagonal is far too short, and pruning with
 * it lost true conflicts, issue 17 item 9.) */
#define KJ_MAX_GEODESIC_M 20037509.0
static double max_span_m(const kj_ir *ir, const presence_vec *pv, const pres_order *ord, int from, int to)
{
    double far = 0;
    const kj_ir_place *first = NULL;
    for (int k = from; k < to; k++) {
        int p = pv->items[ord[k].idx].where->place;
        if (p < 0 || ir->places[p].kind != IR_PLACE_LOCATED) return KJ_MAX_GEODESIC_M + 1;
        const kj_ir_place *s = &ir->places[p];
        if (!first) first = s;
        double d = kj_geo_distance_m(first->lat, first->lon, s->lat, s->lon);
        if (d > far) far = d;
    }
    return (2 * far < KJ_MAX_GEODESIC_M ? 2 * far : KJ_MAX_GEODESIC_M) + 1;
}

/* Is the place w names (after assumptions) an unlocated one? */
static int is_unlocated(const kj_ir *ir, const kj_ir_where *w)
{
    return w->place >= 0 && ir->places[w->place].kind == IR_PLACE_UNLOCATED;
}

/* For every pair of one person's presences (at least one a claim), the
 * order disjunction.  When pruning, a pair whose order the conjunctive part
 * already entails (x ends, at the latest, more than the longest possible
 * journey before y starts at the earliest) is left out: for the case as a
 * whole that loses nothing.  (Subsets, as when shrinking a conflict, use the
 * network without pruning.) */
/* Marks linked[i] for each statement whose points some constraint ties to
 * another statement's or to the origin Z, or that anchored_travel (built
 * after the presence disjunctions) may tie to a fact.  A statement not
 * linked is free: given any solution of the rest, its interval can be moved
 * (every constraint on it is a difference of its own two points) before
 * everything else, each free statement in a slot of its own further apart
 * than any journey.  So a presence pair with a free side constrains nothing
 * and is left out, in every network alike (issue 19 item 10: 4,000 untimed
 * claims of one person made 7 million pairs). */
static void mark_linked(const builder *b, const presence_vec *pv, unsigned char *linked)
{
    const kj_network *net = b->net;
    for (int pass = 0; pass < 2; pass++) {
        const kj_edge *e = pass ? net->alt_edges.items : net->edges.items;
        int n = pass ? net->alt_edges.n : net->edges.n;
        for (int i = 0; i < n; i++) {
            int su = net->points.items[e[i].u].stmt, sv = net->points.items[e[i].v].stmt;
            if (su == sv && su >= 0) continue;
            if (su >= 0) linked[su] = 1;
            if (sv >= 0) linked[sv] = 1;
        }
    }
    if (!b->ir->any_unlocated) return;
    for (int i = 0; i < pv->n; i++) {
        const presence *p = &pv->items[i];
        if (!p->claim || p->journey || is_unlocated(b->ir, p->where)) linked[p->stmt] = 1;
    }
}

/* latest and neg_earliest: the bounds of the conjunctive part
 * (kj_network_bounds), or NULL: then nothing is pruned. */
static void presence_disjunctions(builder *b, presence_vec *pv, const int64_t *latest, const int64_t *neg_earliest)
{
    const kj_case *c = b->c;
    kj_network *net = b->net;
    unsigned char *linked = kj_calloc(b->mem, (size_t)c->n_stmts + 1, 1);
    mark_linked(b, pv, linked);
    unsigned char *capped = kj_calloc(b->mem, (size_t)c->n_stmts + 1, 1);
    int prune = latest != NULL;
    pres_order *ord = kj_malloc(b->mem, sizeof(pres_order) * (size_t)(pv->n + 1));
    for (int i = 0; i < pv->n; i++) {
        ord[i].person = pv->items[i].person;
        ord[i].earliest = prune ? -neg_earliest[pv->items[i].start] : 0;
        ord[i].idx = i;
    }
    qsort(ord, (size_t)pv->n, sizeof(pres_order), cmp_pres);
    for (int from = 0; from < pv->n;) {
        int to = from;
        while (to < pv->n && ord[to].person == ord[from].person) to++;
        b->n_pairs = 0; /* the budget is per person: the same in a piece as in the whole case */
        int64_t horizon = 0;
        if (prune) {
            /* the longest any pair's journey can be: the widest span over
             * the slowest "fastest speed" of any year the presences may be in */
            int64_t lo = KJ_INF, hi = -KJ_INF;
            for (int k = from; k < to; k++) {
                const presence *p = &pv->items[ord[k].idx];
                if (p->lo_hint < lo) lo = p->lo_hint;
                if (p->hi_hint > hi) hi = p->hi_hint;
            }
            double v = slowest_era_speed(b, ord[from].person, kj_ir_era_year_lo(lo), kj_ir_era_year_hi(hi));
            horizon = v > 0 ? kj_travel_s(max_span_m(b->ir, pv, ord, from, to), v) + 1 : KJ_INF;
        }
        for (int i = from; i < to; i++) {
            const presence *x = &pv->items[ord[i].idx];
            for (int j = i + 1; j < to; j++) {
                const presence *y = &pv->items[ord[j].idx];
                if (prune && latest[x->end] < KJ_INF && ord[j].earliest - latest[x->end] > horizon) break;
                if (x->stmt == y->stmt || !linked[x->stmt] || !linked[y->stmt]) continue;
                if (!x->claim && !y->claim) continue;
                if (x->voyage || y->voyage) continue; /* voyage_pairs */
                if (b->max_pairs && b->n_pairs >= b->max_pairs) {
                    cap_pair(b, capped, x->stmt, y->stmt);
                    continue;
                }
                /* keep input order within a pair for stable proofs */
                b->n_pairs += ord[i].idx < ord[j].idx ? presence_pair(b, x, y) : presence_pair(b, y, x);
            }
        }
        from = to;
    }
    voyage_pairs(b, pv, linked, capped);
    kj_free(ord);
    kj_free(linked);
    kj_free(capped);
    if (net->capped.n) qsort(net->capped.items, (size_t)net->capped.n, sizeof(int), cmp_int);
}

/* ---- legs: the least speed the account requires (issue 21) ---------------- */

double kj_leg_mps(const kj_leg *l) { return l->s > 0 ? l->m / (double)l->s : HUGE_VAL; }

/* The base edges as lists out of each point (or, backward, into it):
 * with_z 0, those that do not touch Z (the relative bounds: durations,
 * sequences, during); 1, also those out of Z (backward: into it), never
 * back to it, so that a path from Z visits it once. */
typedef struct rel_graph {
    int n;
    int *start, *to;
    int64_t *w;
} rel_graph;

static int rel_edge(const kj_edge *e, int backward, int with_z)
{
    /* an entity's lifetime is left out: it says whether a place existed,
     * and a claim against it is a contradiction of its own (a relaxation:
     * a leg only ever needs less without it) */
    if ((!e->u && !e->v) || e->kind == EK_LIFETIME) return 0;
    if (with_z) return backward ? e->u != 0 : e->v != 0;
    return e->u && e->v;
}

static void rel_graph_build(builder *b, int backward, int with_z, rel_graph *g)
{
    const kj_network *net = b->net;
    int n = net->points.n, m = net->edges.n;
    g->n = n;
    g->start = kj_calloc(b->mem, (size_t)n + 1, sizeof(int));
    g->to = kj_malloc(b->mem, sizeof(int) * (size_t)(m + 1));
    g->w = kj_malloc(b->mem, sizeof(int64_t) * (size_t)(m + 1));
    for (int i = 0; i < m; i++) {
        const kj_edge *e = &net->edges.items[i];
        if (rel_edge(e, backward, with_z)) g->start[backward ? e->v : e->u]++;
    }
    for (int x = 1; x <= n; x++) g->start[x] += g->start[x - 1];
    for (int i = 0; i < m; i++) {
        const kj_edge *e = &net->edges.items[i];
        if (!rel_edge(e, backward, with_z)) continue;
        int k = --g->start[backward ? e->v : e->u];
        g->to[k] = backward ? e->u : e->v;
        g->w[k] = e->w;
    }
}

static void rel_graph_free(rel_graph *g)
{
    kj_free(g->start);
    kj_free(g->to);
    kj_free(g->w);
}

/* How often a walk may improve one point before it is taken for a
 * negative cycle's (or too costly to follow). */
#define KJ_LEG_IMPROVE_MAX 64

/* What a walk works with: dist and count (g->n slots, KJ_INF and 0
 * outside a walk), the points it reached (to reset them), a queue. */
typedef struct walker {
    int64_t *dist;
    int *count, *queue;
    unsigned char *inq;
    int_vec touched;
    const unsigned char *poisoned; /* points it must not enter, or NULL */
} walker;

/* Walks g from point src (FIFO Bellman-Ford): dist[p] becomes the length
 * of the shortest path from src to p, an upper bound on t_p - t_src
 * (backward: t_src - t_p); KJ_INF where there is none.  Returns 0, or
 * the point improved more than KJ_LEG_IMPROVE_MAX times (a negative cycle
 * reaches it, or the walk is too costly): then the values are walks'
 * lengths, not the shortest. */
static int rel_walk(kj_mem *mem, const rel_graph *g, int src, walker *wk)
{
    int head = 0, tail = 0, queued = 1, hot = -1;
    int64_t *dist = wk->dist;
    dist[src] = 0;
    kj_vec_put(mem, &wk->touched, src);
    wk->queue[tail] = src;
    tail = (tail + 1) % g->n;
    wk->inq[src] = 1;
    while (queued) {
        int u = wk->queue[head];
        head = (head + 1) % g->n;
        queued--;
        wk->inq[u] = 0;
        if (hot >= 0) continue; /* (draining) */
        for (int k = g->start[u]; k < g->start[u + 1]; k++) {
            int v = g->to[k];
            int64_t d = dist[u] + g->w[k];
            if (d >= dist[v] || (wk->poisoned && wk->poisoned[v])) continue;
            if (dist[v] == KJ_INF) kj_vec_put(mem, &wk->touched, v);
            dist[v] = d;
            if (++wk->count[v] > KJ_LEG_IMPROVE_MAX) {
                hot = v;
                break;
            }
            if (!wk->inq[v]) {
                wk->inq[v] = 1;
                wk->queue[tail] = v;
                tail = (tail + 1) % g->n;
                queued++;
            }
        }
    }
    return hot;
}

/* Resets the points a walk reached. */
static void walk_reset(walker *wk)
{
    for (int k = 0; k < wk->touched.n; k++) {
        wk->dist[wk->touched.items[k]] = KJ_INF;
        wk->count[wk->touched.items[k]] = 0;
    }
    wk->touched.n = 0;
}

/* Most rounds leg_bounds cuts negative cycles out. */
#define KJ_LEG_ROUNDS 16

/* The bounds of every point from Z over the base edges (forward: the
 * latest time; backward: minus the earliest), out[] KJ_INF where unknown:
 * a point a negative cycle reaches (the statements around it are in a
 * conflict: nothing they say bounds a leg) is cut out with everything it
 * reaches, and the rest walked again.  Every bound left is a path's
 * length. */
static void leg_bounds(builder *b, const rel_graph *g, walker *wk, int64_t *out)
{
    int n = g->n;
    unsigned char *poisoned = kj_calloc(b->mem, (size_t)n + 1, 1);
    int *stack = kj_malloc(b->mem, sizeof(int) * ((size_t)n + 1));
    wk->poisoned = poisoned;
    int round = 0, hot;
    while ((hot = rel_walk(b->mem, g, 0, wk)) >= 0 && ++round < KJ_LEG_ROUNDS) {
        walk_reset(wk);
        int top = 0;
        if (!poisoned[hot]) {
            poisoned[hot] = 1;
            stack[top++] = hot;
        }
        while (top) { /* everything it reaches */
            int u = stack[--top];
            for (int k = g->start[u]; k < g->start[u + 1]; k++)
                if (!poisoned[g->to[k]]) {
                    poisoned[g->to[k]] = 1;
                    stack[top++] = g->to[k];
                }
        }
    }
    for (int p = 0; p < n; p++) out[p] = hot >= 0 || poisoned[p] ? KJ_INF : wk->dist[p];
    walk_reset(wk);
    wk->poisoned = NULL;
    kj_free(poisoned);
    kj_free(stack);
}

/* The most y.start - x.end may be: the shorter of a walk of relative
 * bounds (rel: from x.end, KJ_INF none) and the bounds from Z (the
 * latest y may begin less the earliest x may end); *windowed says
 * whether the latter binds. */
static int64_t most_gap(int64_t rel, int64_t latest_y, int64_t neg_earliest_x, int *windowed)
{
    int64_t win = latest_y >= KJ_INF || neg_earliest_x >= KJ_INF ? KJ_INF : latest_y + neg_earliest_x;
    *windowed = win < KJ_INF && win <= rel;
    return win < rel ? win : rel;
}

/* An upper bound on the distance between two located places, cheap (a
 * sphere a little larger than the Earth), to skip pairs that cannot be a
 * claim's tightest; -1 when a place is not located. */
static double quick_far_m(const kj_ir *ir, const presence *x, const presence *y)
{
    int a = x->where->place, bb = y->where->place;
    if (a < 0 || bb < 0) return -1;
    const kj_ir_place *A = &ir->places[a], *B = &ir->places[bb];
    if (A->kind != IR_PLACE_LOCATED || B->kind != IR_PLACE_LOCATED) return -1;
    const double rad = 3.14159265358979323846 / 180;
    double p1 = A->lat * rad, p2 = B->lat * rad, dl = (B->lon - A->lon) * rad;
    double h = sin((p2 - p1) / 2) * sin((p2 - p1) / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (h > 1) h = 1;
    return 2 * 6400000.0 * asin(sqrt(h)) * 1.01 + 1;
}

/* What a presence is as a leg's end. */
static unsigned char leg_kind(const kj_network *net, const presence *p)
{
    if (!p->journey) return KJ_LEG_STAY;
    return p->start == net->stmt_start[p->stmt] ? KJ_LEG_DEPARTS : KJ_LEG_ARRIVES;
}

static int cmp_by_person(const void *a, const void *b)
{
    const int *x = a, *y = b; /* (person, index) pairs */
    if (x[0] != y[0]) return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* A point that must end before it begins (its earliest after its latest)
 * is on a negative cycle through Z: the statements around it are in a
 * conflict, so nothing they say bounds a leg.  Its bounds are dropped, and
 * those derived through it: the latest of what it reaches forward, the
 * earliest of what it reaches backward. */
static void empty_windows(builder *b, const rel_graph *fwd, const rel_graph *bwd, int64_t *latest, int64_t *neg_earliest)
{
    int n = fwd->n, any = 0;
    for (int p = 0; p < n && !any; p++)
        any = latest[p] < KJ_INF && neg_earliest[p] < KJ_INF && latest[p] + neg_earliest[p] < 0;
    if (!any) return;
    unsigned char *seed = kj_calloc(b->mem, (size_t)n + 1, 1);
    int *stack = kj_malloc(b->mem, sizeof(int) * ((size_t)n + 1));
    for (int p = 0; p < n; p++)
        seed[p] = latest[p] < KJ_INF && neg_earliest[p] < KJ_INF && latest[p] + neg_earliest[p] < 0;
    for (int dir = 0; dir < 2; dir++) {
        const rel_graph *g = dir ? bwd : fwd;
        int64_t *bound = dir ? neg_earliest : latest;
        unsigned char *seen = kj_calloc(b->mem, (size_t)n + 1, 1);
        int top = 0;
        for (int p = 0; p < n; p++)
            if (seed[p]) {
                seen[p] = 1;
                stack[top++] = p;
            }
        while (top) {
            int u = stack[--top];
            bound[u] = KJ_INF;
            for (int k = g->start[u]; k < g->start[u + 1]; k++)
                if (!seen[g->to[k]]) {
                    seen[g->to[k]] = 1;
                    stack[top++] = g->to[k];
                }
        }
        kj_free(seen);
    }
    kj_free(seed);
    kj_free(stack);
}

/* Most pairs one person's legs look at: past it, his remaining claims
 * get no leg (limits.md). */
#define KJ_LEG_PAIRS_MAX 50000000L

/* Each claim's tightest leg (kj_leg) into net->legs: over every pair of
 * one of its presences and another presence of the same person, the most
 * time the conjunctive part allows between them, in the order that
 * allows more, against the least distance between their places. */
static void claim_legs(builder *b, const presence_vec *pv)
{
    const kj_case *c = b->c;
    kj_network *net = b->net;
    int n = net->points.n;
    int any = 0;
    for (int i = 0; i < pv->n && !any; i++) any = pv->items[i].claim;
    if (!any) return;
    walker wf = {0}, wb = {0};
    walker *wks[2] = {&wf, &wb};
    for (int k = 0; k < 2; k++) {
        wks[k]->dist = kj_malloc(b->mem, sizeof(int64_t) * ((size_t)n + 1));
        wks[k]->count = kj_calloc(b->mem, (size_t)n + 1, sizeof(int));
        wks[k]->queue = kj_malloc(b->mem, sizeof(int) * ((size_t)n + 1));
        wks[k]->inq = kj_calloc(b->mem, (size_t)n + 1, 1);
        for (int p = 0; p < n; p++) wks[k]->dist[p] = KJ_INF;
    }
    int64_t *latest = kj_malloc(b->mem, sizeof(int64_t) * ((size_t)n + 1));
    int64_t *neg_earliest = kj_malloc(b->mem, sizeof(int64_t) * ((size_t)n + 1));
    rel_graph fwd, bwd;
    rel_graph_build(b, 0, 1, &fwd);
    leg_bounds(b, &fwd, &wf, latest);
    rel_graph_build(b, 1, 1, &bwd);
    leg_bounds(b, &bwd, &wb, neg_earliest);
    empty_windows(b, &fwd, &bwd, latest, neg_earliest);
    rel_graph_free(&fwd);
    rel_graph_free(&bwd);
    rel_graph_build(b, 0, 0, &fwd);
    rel_graph_build(b, 1, 0, &bwd);
    int_vec used = {0};
    int *ord = kj_malloc(b->mem, sizeof(int) * 2 * ((size_t)pv->n + 1));
    for (int i = 0; i < pv->n; i++) {
        ord[2 * i] = pv->items[i].person;
        ord[2 * i + 1] = i;
    }
    qsort(ord, (size_t)pv->n, 2 * sizeof(int), cmp_by_person);
    /* per claim: its tightest leg, and its tightest against evidence, or -1 */
    int *best = kj_malloc(b->mem, sizeof(int) * 2 * ((size_t)c->n_stmts + 1));
    for (int i = 0; i < 2 * c->n_stmts; i++) best[i] = -1;
    KJ_VEC(kj_leg) found = {0};
    for (int from = 0; from < pv->n;) {
        int to = from;
        while (to < pv->n && ord[2 * to] == ord[2 * from]) to++;
        /* an upper bound on any of the person's distances (twice the
         * farthest from the first place; none when one is not located) */
        double span = 0;
        for (int j = from; j < to && span >= 0; j++) {
            double f = quick_far_m(b->ir, &pv->items[ord[2 * from + 1]], &pv->items[ord[2 * j + 1]]);
            span = f < 0 ? -1 : 2 * f > span ? 2 * f : span;
        }
        long budget = KJ_LEG_PAIRS_MAX;
        for (int i = from; i < to && budget > 0; i++) {
            const presence *x = &pv->items[ord[2 * i + 1]];
            if (!x->claim) continue;
            budget -= to - from;
            /* a walk a negative cycle reaches says nothing: its statements
             * are in a conflict */
            if (rel_walk(b->mem, &fwd, x->end, &wf) >= 0) {
                walk_reset(&wf);
                if (x->end != x->start) wf.dist[x->end] = 0; /* (reset leaves KJ_INF: no relative path) */
            }
            if (rel_walk(b->mem, &bwd, x->start, &wb) >= 0) walk_reset(&wb);
            /* outward from x: in the case's order, the nearest in time
             * first, as a rule, so that the tightest leg is found early
             * and most pairs are skipped without a geodesic */
            for (int step = 1; step < 2 * (to - from); step++) {
                int j = step % 2 ? i - (step + 1) / 2 : i + step / 2;
                if (j < from || j >= to) continue;
                const presence *y = &pv->items[ord[2 * j + 1]];
                /* the same statement twice: a journey's two ends (its own leg) only */
                if (y->stmt == x->stmt && !(x->journey && x->end != y->start)) continue;
                int win_xy, win_yx;
                int64_t xy = most_gap(wf.dist[y->start], latest[y->start], neg_earliest[x->end], &win_xy);
                int64_t yx = most_gap(wb.dist[y->end], latest[x->start], neg_earliest[y->end], &win_yx);
                int64_t g = xy > yx ? xy : yx;
                if (g >= KJ_INF) continue; /* either order may allow any time */
                if (g < 0) g = 0;
                /* a leg against a fact (or the journey's own) is kept
                 * apart too: another claim may be the one that is false */
                int evidence = !y->claim || y->stmt == x->stmt;
                int cur = best[2 * x->stmt + evidence];
                double cur_mps = cur >= 0 ? kj_leg_mps(&found.items[cur]) : -1;
                if (cur >= 0 && g > 0 && span >= 0 && span / (double)g <= cur_mps) continue;
                if (cur >= 0 && g > 0) {
                    double far = quick_far_m(b->ir, x, y);
                    if (far >= 0 && far / (double)g <= cur_mps) continue;
                }
                double d = dist_lower_m(b, x->where, y->where, &used);
                used.n = 0;
                if (d <= 0) continue;
                int x_first = xy >= yx;
                const presence *p1 = x_first ? x : y, *p2 = x_first ? y : x;
                int windowed = x_first ? win_xy : win_yx;
                /* its era: the travel lies between the first's end and the
                 * second's start, so within the earliest of one and the
                 * latest of the other where those are known (a claim with
                 * no time of its own has an unbounded era of its own) */
                int64_t lo = x->lo_hint < y->lo_hint ? x->lo_hint : y->lo_hint;
                int64_t hi = x->hi_hint > y->hi_hint ? x->hi_hint : y->hi_hint;
                if (neg_earliest[p1->end] < KJ_INF && -neg_earliest[p1->end] > lo) lo = -neg_earliest[p1->end];
                if (latest[p2->start] < KJ_INF && latest[p2->start] < hi) hi = latest[p2->start];
                if (lo > hi) { /* (no time at all: the pair's own eras) */
                    lo = x->lo_hint < y->lo_hint ? x->lo_hint : y->lo_hint;
                    hi = x->hi_hint > y->hi_hint ? x->hi_hint : y->hi_hint;
                }
                kj_leg l = {.claim = x->stmt, .person = x->person, .first = p1->stmt, .second = p2->stmt,
                            .first_place = p1->place, .second_place = p2->place,
                            .first_via = p1->via, .second_via = p2->via, .m = d, .s = g,
                            .first_kind = leg_kind(net, p1), .second_kind = leg_kind(net, p2),
                            .evidence = (unsigned char)evidence,
                            .t0 = windowed ? -neg_earliest[p1->end] : KJ_INF,
                            .t1 = windowed ? latest[p2->start] : KJ_INF,
                            .year_lo = kj_ir_era_year_lo(lo), .year_hi = kj_ir_era_year_hi(hi)};
                for (int slot = evidence; slot >= 0; slot--) { /* its kind's, and the tightest of any */
                    int *at = &best[2 * x->stmt + slot]; /* (each slot an entry of its own) */
                    if (*at >= 0 && kj_leg_mps(&l) <= kj_leg_mps(&found.items[*at])) continue;
                    if (*at >= 0) found.items[*at] = l;
                    else {
                        kj_vec_put(b->mem, &found, l);
                        *at = found.n - 1;
                    }
                }
            }
            wf.dist[x->end] = KJ_INF;
            walk_reset(&wf);
            walk_reset(&wb);
        }
        from = to;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (best[2 * i] >= 0) kj_vec_put(b->mem, &net->legs, found.items[best[2 * i]]);
        const kj_leg *e = best[2 * i + 1] >= 0 ? &found.items[best[2 * i + 1]] : NULL;
        if (e && !(best[2 * i] >= 0 && found.items[best[2 * i]].evidence && found.items[best[2 * i]].first == e->first &&
                   found.items[best[2 * i]].second == e->second && found.items[best[2 * i]].s == e->s))
            kj_vec_put(b->mem, &net->legs, *e);
    }
    kj_free(found.items);
    kj_free(best);
    kj_free(ord);
    kj_free(used.items);
    for (int k = 0; k < 2; k++) {
        kj_free(wks[k]->dist);
        kj_free(wks[k]->count);
        kj_free(wks[k]->queue);
        kj_free(wks[k]->inq);
        kj_free(wks[k]->touched.items);
    }
    kj_free(latest);
    kj_free(neg_earliest);
    rel_graph_free(&fwd);
    rel_graph_free(&bwd);
}

/* ---- unlocated places, bounded by what else is known ----------------------- */

/* A journey between unlocated U and located A, where someone is at U during
 * claim x and, by a fact, at located P throughout f: either x lies outside
 * f's interval, or U lies within P's radius (one cannot be in two places at
 * once), and then the journey is at least dist(A, P) - r(A) - r(P) long by
 * the triangle inequality.  No guess that U "is" P is needed, and none is
 * made (design.md §4, Space). */
static void anchored_travel_one(builder *b, const kj_ir_event *d, int u_end, const presence *x, const presence *f)
{
    int di = d->stmt;
    const kj_ir_where *other = u_end ? d->from : d->to, *u = u_end ? d->to : d->from;
    int_vec used = {0};
    kj_vec_put(b->mem, &used, di);
    kj_vec_put(b->mem, &used, x->stmt);
    kj_vec_put(b->mem, &used, f->stmt);
    if (x->via >= 0) kj_vec_put(b->mem, &used, x->via);
    if (f->via >= 0) kj_vec_put(b->mem, &used, f->via);
    double dist = dist_lower_m(b, other, f->where, &used);
    if (dist <= 0) { kj_free(used.items); return; }
    int mode = d->fastest;
    if (mode < 0) { kj_free(used.items); return; }
    kj_vec_put(b->mem, &used, mode);
    int64_t t = kj_travel_s(dist, kj_ir_mode_mps(b->ir, mode));
    if (t <= 0) { kj_free(used.items); return; }
    int prov = prov_make(b, &used);
    /* its six sentences speak of one record */
    kj_say say = {.anchor = {.claim = di, .person = x->person, .x_stmt = x->stmt, .fact = f->stmt,
                             .unlocated = b->ir->places[u->place].stmt, .mode = mode, .m = dist, .s = t,
                             .f_via = f->via}};
    int at = say_put(b, say);
    kj_say_ref why = say_at(SAY_ANCHOR_WHY, at);
    b->cur_claim = di;
    begin_disj(b, CK_TRAVEL, prov, why, say_at(SAY_ANCHOR_HEAD, at));
    begin_alt(b, say_at(SAY_ANCHOR_ENDS_BEFORE, at));
    add_edge(b, 1, f->start, x->end, -1, EK_ORDER, prov, why);
    end_alt(b);
    begin_alt(b, say_at(SAY_ANCHOR_BEGINS_AFTER, at));
    add_edge(b, 1, x->start, f->end, -1, EK_ORDER, prov, why);
    end_alt(b);
    begin_alt(b, say_at(SAY_ANCHOR_WITHIN, at));
    add_edge(b, 1, b->net->stmt_end[di], b->net->stmt_start[di], -t, EK_TRAVEL, prov, say_at(SAY_ANCHOR_TRAVEL, at));
    end_alt(b);
}

int kj_network_anchors(const kj_case *c)
{
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_PLACE && !c->stmts[i].place->located && !c->stmts[i].place->n_alts) return 1;
    return 0;
}

static void anchored_travel(builder *b, presence_vec *pv)
{
    const kj_ir *ir = b->ir;
    /* (a big case has every place located: then nothing to do) */
    for (int k = 0; ir->any_unlocated && k < ir->n_events; k++) {
        const kj_ir_event *d = &ir->events[k];
        if (d->origin != IR_FROM_CLAIM || d->kind != IR_EV_JOURNEY || b->net->stmt_start[d->stmt] < 0) continue;
        int from_u = is_unlocated(ir, d->from), to_u = is_unlocated(ir, d->to);
        if (from_u == to_u) continue; /* both known, or nothing to anchor to */
        int u = to_u ? d->to->place : d->from->place;
        for (int i = 0; i < pv->n; i++) {
            const presence *x = &pv->items[i];
            if (x->where->place != u || !x->claim) continue;
            for (int j = 0; j < pv->n; j++) {
                const presence *f = &pv->items[j];
                if (f->person != x->person || ir->events[ir->event_of[f->stmt]].origin != IR_FROM_FACT_THROUGHOUT)
                    continue;
                int fp = f->where->place;
                if (fp < 0 || ir->places[fp].kind != IR_PLACE_LOCATED) continue;
                anchored_travel_one(b, d, to_u, x, f);
            }
        }
    }
}

/* ---- registers ---------------------------------------------------------------- */

static int attr_value(const kj_ir_event *ev, const char *key, const kj_attr **out)
{
    for (int i = 0; i < ev->n_attrs; i++)
        if (!strcmp(ev->attrs[i].key, key)) { *out = &ev->attrs[i]; return 1; }
    return 0;
}

/* The place a register of event kind k would see the claim's event at (as
 * the claim names it), and the point; NULL if it records no such event. */
static const kj_ir_where *register_event(const builder *b, kj_event_kind k, const kj_ir_event *ev, int *point)
{
    if (ev->kind == IR_EV_MESSAGE) {
        /* sent from its sender's place, received at its receiver's (a
         * call: at its start, both) */
        if ((k != EV_SENT && k != EV_RECEIVED) || (k == EV_SENT ? ev->from : ev->to)->named < 0) return NULL;
        int lo, hi;
        message_points(b, ev, k == EV_RECEIVED, &lo, &hi);
        *point = lo;
        return k == EV_SENT ? ev->from : ev->to;
    }
    int journey = ev->kind == IR_EV_JOURNEY;
    if (k == EV_ARRIVAL && journey) {
        *point = b->net->stmt_end[ev->stmt];
        return ev->to;
    }
    if (k == EV_DEPARTURE && journey) {
        *point = b->net->stmt_start[ev->stmt];
        return ev->from;
    }
    if (k == EV_STAY && !journey) {
        *point = b->net->stmt_start[ev->stmt];
        return ev->from;
    }
    return NULL;
}

static int same_value(const char *a, const char *b) { return kj_attr_same(a, strlen(a), b, strlen(b)); }

static int attr_in(const kj_attr *attrs, int n, const char *key, const kj_attr **out)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(attrs[i].key, key)) { *out = &attrs[i]; return 1; }
    return 0;
}

/* Is the claim's event of the register's kind (mode class, attributes)?
 * A register of things asks it of custody cu's thing (its kind, and its
 * attributes for the register's where), which must be given then; of
 * people, cu is NULL.  Appends the assumptions that put it in scope. */
static int register_scope(builder *b, const kj_ir_register *reg, const kj_ir_event *ev, const kj_ir_custody *cu,
                          int_vec *used)
{
    const kj_attr *a;
    if ((reg->of != OF_PEOPLE) != (cu != NULL)) return 0;
    /* a device a person has is not the way his messages went (a letter
     * is in no phone's log): a message is in people's registers only */
    if (ev->kind == IR_EV_MESSAGE && reg->of != OF_PEOPLE) return 0;
    if (cu && (reg->of == OF_VEHICLES) != cu->vehicle) return 0;
    if (reg->event == EV_STAY) {
        if (!attr_value(ev, "stay", &a) || strcmp(a->value, "yes")) return 0;
        if (a->stmt >= 0) kj_vec_put(b->mem, used, a->stmt);
    }
    if (reg->by_class) {
        if (!ev->mode_class || strcmp(ev->mode_class, reg->by_class)) return 0;
    }
    for (int k = 0; k < reg->n_attrs; k++) {
        int has = cu ? attr_in(cu->attrs, cu->n_attrs, reg->attrs[k].key, &a) : attr_value(ev, reg->attrs[k].key, &a);
        if (!has || !same_value(a->value, reg->attrs[k].value)) return 0;
        if (a->stmt >= 0) kj_vec_put(b->mem, used, a->stmt);
    }
    return reg->covers_stated;
}

/* Can entry en be the record of the claim (charity: unless a source
 * says it is not, or its attributes cannot be what the claim has)?  If
 * not, what excludes it is cited in used: the entry, and the assumption
 * that gave the claim the attribute it differs in (the record of an
 * imported register: each of the claim's assumed attributes, which its
 * rows were read against). */
static int entry_may_match(builder *b, const kj_ir_event *ev, const kj_ir_custody *cu, const kj_ir_entry *en,
                           int_vec *used)
{
    /* whose attributes the entry is read against: the claim's, or in a
     * register of things the thing's */
    const kj_attr *attrs = cu ? cu->attrs : ev->attrs;
    int n_attrs = cu ? cu->n_attrs : ev->n_attrs;
    if (en->unrelated && (en->unrelated_to < 0 || en->unrelated_to == ev->stmt)) {
        kj_vec_put(b->mem, used, en->stmt);
        for (int k = 0; en->rows_excluded && k < n_attrs; k++)
            if (attrs[k].stmt >= 0) kj_vec_put(b->mem, used, attrs[k].stmt);
        return 0;
    }
    const kj_attr *a;
    if (kj_entry_attr_excludes(en->attrs, en->n_attrs, attrs, n_attrs, &a)) {
        kj_vec_put(b->mem, used, en->stmt);
        if (a->stmt >= 0) kj_vec_put(b->mem, used, a->stmt);
        return 0;
    }
    return 1;
}

/* The window of kind k of an event (unbounded if it states none). */
static kj_interval event_window(const kj_ir_event *ev, kj_ir_window_kind k)
{
    for (int i = 0; i < ev->n_windows; i++)
        if (ev->windows[i].kind == k) return ev->windows[i].iv;
    return (kj_interval){.lo = -KJ_INF, .hi = KJ_INF};
}

/* The window a register's entry must meet to corroborate the claim's event
 * at point: its arrival, its departure, or when a stay begins. */
static kj_interval point_window(const builder *b, const kj_ir_event *ev, int point)
{
    if (point == b->net->stmt_end[ev->stmt]) return event_window(ev, IR_WIN_ARRIVES);
    return event_window(ev, ev->kind == IR_EV_JOURNEY ? IR_WIN_DEPARTS : IR_WIN_BEGINS);
}

/* The alternative "the claim's event is the register's entry en", unless
 * en cannot be its record (then its exclusion is cited): an entry written
 * in the case is one alternative, one a store's rows make for this claim
 * (records.c) one per group of its rows. */
static void entry_alternative(builder *b, const kj_ir_entry *en, const kj_ir_event *ev, const kj_ir_custody *cu, int point,
                              int prefix, int_vec *used)
{
    int ci = ev->stmt, e = en->stmt;
    if (!entry_may_match(b, ev, cu, en, used)) return;
    kj_interval w = point_window(b, ev, point);
    int overlaps = !en->n_rows && en->when.lo <= w.hi && w.lo <= en->when.hi;
    for (int k = 0; k < en->n_rows; k++) /* a hull of unread rows corroborates nothing */
        overlaps |= !en->rows[k].hull && en->rows[k].iv.lo <= w.hi && w.lo <= en->rows[k].iv.hi;
    /* a record of a thing is evidence of the thing, not of its holder */
    if (overlaps && !cu && b->net->matched_entry[ci] < 0) b->net->matched_entry[ci] = e;
    if (!en->n_rows) {
        begin_alt(b, say_at(SAY_ENTRY_IS, say_put(b, (kj_say){.entry = {.claim = ci, .stmt = e, .place = prefix}})));
        add_window(b, 1, point, en->when, EK_REGISTER, prov1(b, e), say_of(SAY_ENTRY_DATED, e));
        end_alt(b);
        return;
    }
    for (int k = 0; k < en->n_rows; k++) {
        const kj_row_group *g = &en->rows[k];
        /* both sentences speak of one record (a claim may have many rows) */
        int at = say_put(b, (kj_say){.row = {.claim = ci, .entry = e, .group = k, .place = prefix}});
        begin_alt(b, say_at(g->hull ? SAY_ROW_HULL : g->n == 1 ? SAY_ROW_IS : SAY_ROW_ONE_OF, at));
        add_window(b, 1, point, g->iv, EK_REGISTER, prov1(b, e), say_at(g->n == 1 ? SAY_ROW_DATED : SAY_ROWS_DATED, at));
        end_alt(b);
    }
}

/* When the claim's event escapes a register (of things, through custody
 * cu; NULL: of people): at or before *lo, or at or after *hi.  Outside
 * the coverage; or outside the custody's narrow window, where nothing
 * says the thing was with its holder (at its very ends too: at the first
 * instant of a custody, the thing may have been at the place already).
 * *held_lo / *held_hi: the custody is the nearer bound. */
static void register_escapes(const kj_ir_register *reg, const kj_ir_custody *cu, int64_t *lo, int64_t *hi, int *held_lo,
                             int *held_hi)
{
    *lo = reg->coverage.lo - 1;
    *hi = reg->coverage.hi + 1;
    *held_lo = *held_hi = 0;
    if (cu && cu->window.lo > -KJ_INF && cu->window.lo > *lo) {
        *lo = cu->window.lo;
        *held_lo = 1;
    }
    if (cu && cu->window.hi < KJ_INF && cu->window.hi < *hi) {
        *hi = cu->window.hi;
        *held_hi = 1;
    }
}

/* Adds one register's alternatives (before, after, each possible entry);
 * of things, through custody cu (else NULL). */
static void register_alternatives(builder *b, const kj_ir_register *reg, const kj_ir_event *ev, const kj_ir_custody *cu,
                                  int point, int prefix, int_vec *used)
{
    int ri = reg->stmt, ci = ev->stmt;
    int64_t lo, hi;
    int held_lo, held_hi;
    register_escapes(reg, cu, &lo, &hi, &held_lo, &held_hi);
    int at = say_put(b, (kj_say){.entry = {.claim = ci, .stmt = ri, .place = prefix}});
    int at_held = cu ? say_put(b, (kj_say){.entry = {.claim = ci, .stmt = cu->stmt, .place = prefix}}) : -1;
    begin_alt(b, held_lo ? say_at(SAY_HELD_BEFORE, at_held) : say_at(SAY_REG_BEFORE, at));
    add_edge(b, 1, 0, point, lo, EK_REGISTER, prov1(b, held_lo ? cu->stmt : ri),
             held_lo ? say_of(SAY_CUSTODY_HOLDS, cu->stmt) : say_of(SAY_REG_COVERS, ri));
    end_alt(b);
    begin_alt(b, held_hi ? say_at(SAY_HELD_AFTER, at_held) : say_at(SAY_REG_AFTER, at));
    add_edge(b, 1, point, 0, -hi, EK_REGISTER, prov1(b, held_hi ? cu->stmt : ri),
             held_hi ? say_of(SAY_CUSTODY_HOLDS, cu->stmt) : say_of(SAY_REG_COVERS, ri));
    end_alt(b);
    for (int k = reg->first_entry; k < reg->first_entry + reg->n_entries; k++)
        entry_alternative(b, &b->ir->entries[k], ev, cu, point, prefix, used);
    /* a store's: records.c */
    const kj_ir_imported *rows = kj_ir_imported_for(b->ir, ri, ci, cu ? cu->thing : -1);
    for (int k = rows ? rows->first : 0; rows && k < rows->first + rows->n; k++)
        entry_alternative(b, &b->ir->entries[k], ev, cu, point, prefix, used);
}

/* Registers of things, through custody cu: whether the claim's event
 * (at point) escapes register reg whatever the rest says, its own stated
 * window lying where the custody or the coverage does not reach (then the
 * register is no alternative: nothing to add). */
static int escapes_anyway(const builder *b, const kj_ir_register *reg, const kj_ir_event *ev, const kj_ir_custody *cu,
                          int point)
{
    int64_t lo, hi;
    int held_lo, held_hi;
    register_escapes(reg, cu, &lo, &hi, &held_lo, &held_hi);
    kj_interval w = point_window(b, ev, point);
    return w.hi <= lo || w.lo >= hi || lo + 1 >= hi;
}

/* The closed world of registers for one claim: at each place the claim's
 * event may have been, some register there that would have recorded it
 * must record it (or the event falls outside its coverage).  With several
 * registers at a place, each combination is a necessary condition of its
 * own, so each is one disjunction (and one possible conflict).  Of
 * people's registers (cu NULL), or of registers of things through custody
 * cu: then the event is its thing's as well, within the custody's narrow
 * window, and the custody and the thing's statement are cited. */
static void register_world(builder *b, const kj_ir_event *ev, kj_event_kind kind, const kj_ir_custody *cu)
{
    const kj_ir *ir = b->ir;
    int ci = ev->stmt, point = -1;
    const kj_ir_where *where = NULL;
    for (int k = 0; k < ir->n_registers && !where; k++)
        if (ir->registers[k].event == kind) where = register_event(b, kind, ev, &point);
    if (!where || where->named < 0 || where->n_covered == 0) return;
    /* per place it may have been at: the registers there that cover the claim */
    int n_alt = where->n_covered, total = 1, ok = 1;
    const int *alts = where->covered;
    int_vec *regs = kj_calloc(b->mem, (size_t)(n_alt + 1), sizeof(int_vec));
    for (int k = 0; k < n_alt && ok; k++) {
        for (int q = 0; q < ir->n_registers; q++) {
            const kj_ir_register *reg = &ir->registers[q];
            int_vec scratch = {0};
            if (reg->event == kind && reg->at->identity == alts[k] && register_scope(b, reg, ev, cu, &scratch) &&
                (!cu || !escapes_anyway(b, reg, ev, cu, point)))
                kj_vec_put(b->mem, &regs[k], q);
            kj_free(scratch.items);
        }
        ok = regs[k].n > 0;
        if (total <= 64) total *= regs[k].n ? regs[k].n : 1; /* (at most 64 are made: each is sound alone) */
    }
    for (int combo = 0; ok && combo < total && combo < 64; combo++) {
        int_vec used = {0};
        cite_all(b, &used, where->covered_cites, where->n_covered_cites);
        kj_vec_put(b->mem, &used, ci);
        if (cu) { /* the custody, and the thing (what its attributes are) */
            kj_vec_put(b->mem, &used, cu->stmt);
            kj_vec_put(b->mem, &used, cu->thing);
        }
        int rest = combo;
        int *chosen = kj_arena_alloc(&b->net->own, sizeof(int) * (size_t)n_alt); /* every alternative, however many */
        const kj_ir_register **chosen_reg = kj_malloc(b->mem, sizeof *chosen_reg * (size_t)(n_alt + 1));
        for (int k = 0; k < n_alt; k++) {
            chosen_reg[k] = &ir->registers[regs[k].items[rest % regs[k].n]];
            chosen[k] = chosen_reg[k]->stmt;
            rest /= regs[k].n;
            register_scope(b, chosen_reg[k], ev, cu, &used);
            kj_vec_put(b->mem, &used, chosen[k]);
        }
        int at = say_put(b, (kj_say){.registers = {.claim = ci, .place = where->named, .n = n_alt, .regs = chosen,
                                                   .via = cu ? cu->stmt : -1}});
        kj_say_ref why = n_alt == 1 ? say_of(SAY_REG_RECORDS_EVERY, chosen[0]) : say_at(SAY_REG_ANY_OF, at);
        /* entries excluded as unrelated are cited: collect them first */
        int disj_at = b->net->disjs.n;
        b->cur_claim = ci;
        begin_disj(b, CK_REGISTER, -1, why, say_at(SAY_REG_HEAD, at));
        for (int k = 0; k < n_alt; k++) {
            int prefix = n_alt > 1 ? alts[k] : -1; /* "at P: " */
            if (n_alt > 1) {
                b->cur_branch = k;
                b->cur_branch_place = alts[k];
            }
            register_alternatives(b, chosen_reg[k], ev, cu, point, prefix, &used);
            b->cur_branch = b->cur_branch_place = -1;
        }
        b->net->disjs.items[disj_at].prov = prov_make(b, &used);
        kj_free(chosen_reg);
    }
    for (int k = 0; k < n_alt; k++) kj_free(regs[k].items);
    kj_free(regs);
}

/* Whether custody cu may speak of the claim's event at point: a stated
 * one always (its window is read in the constraint); an owner's
 * hypothesis only where no stated custody of the thing, read wide, meets
 * the event's own window (as custody_presences). */
static int custody_speaks(const builder *b, const kj_ir_custody *cu, const kj_ir_event *ev, int point)
{
    if (!cu->hypothetical) return 1;
    kj_interval w = point_window(b, ev, point);
    for (int k = 0; k < b->ir->n_custodies; k++) {
        const kj_ir_custody *o = &b->ir->custodies[k];
        if (o->thing == cu->thing && !o->hypothetical && o->wide.lo <= w.hi && o->wide.hi >= w.lo) return 0;
    }
    return 1;
}

/* The registers that would have recorded the claim's event of this kind:
 * people's, then, for each custody of a thing by the claim's person or
 * those with them, the registers of things. */
static void register_constraints(builder *b, const kj_ir_event *ev, kj_event_kind kind)
{
    const kj_ir *ir = b->ir;
    register_world(b, ev, kind, NULL);
    int of_things = 0, point = -1;
    for (int k = 0; k < ir->n_registers; k++) of_things |= ir->registers[k].of != OF_PEOPLE && ir->registers[k].event == kind;
    if (!of_things || !register_event(b, kind, ev, &point)) return;
    for (int k = 0; k < ir->n_custodies; k++) {
        const kj_ir_custody *cu = &ir->custodies[k];
        int holds = cu->person == ev->person;
        /* those who travel with them arrive and leave with them; a stay is
         * the claim's own (stay = yes says when it begins) */
        for (int w = 0; ev->kind == IR_EV_JOURNEY && w < ev->n_with && !holds; w++) holds = cu->person == ev->with[w];
        if (holds && custody_speaks(b, cu, ev, point)) register_world(b, ev, kind, cu);
    }
}

kj_network *kj_network_build(kj_mem *mem, const kj_ir *ir, int prune)
{
    return kj_network_build_ex(mem, ir, prune, NULL, 0);
}

kj_network *kj_network_build_ex(kj_mem *mem, const kj_ir *ir, int prune, const unsigned char *keep, long max_pairs)
{
    const kj_case *c = ir->c;
    kj_network *net = kj_calloc(mem, 1, sizeof *net);
    net->own = KJ_ARENA(mem);
    net->c = c;
    builder b = {
        .mem = mem,
        .ir = ir,
        .c = c,
        .net = net,
        .cur_claim = -1,
        .cur_branch = -1,
        .cur_branch_place = -1,
        .keep_says = !prune,
        .prov1_of = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1)),
        .max_pairs = max_pairs,
    };
    for (int i = 0; i < c->n_stmts; i++) b.prov1_of[i] = -1;
    /* on the heap, not the case's arena: a big case's networks are built
     * piece by piece (check.c), and each piece has these for every statement */
    net->stmt_start = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    net->stmt_end = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    net->matched_entry = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    for (int i = 0; i < c->n_stmts; i++) net->stmt_start[i] = net->stmt_end[i] = net->matched_entry[i] = -1;
    add_point(&b, "Z", -1);
    for (int k = 0; k < ir->n_events; k++) {
        int i = ir->events[k].stmt;
        if (keep && !keep[i]) continue;
        /* named when shown (kj_point_name): "ID.start", "ID.end" */
        net->stmt_start[i] = add_point(&b, NULL, i);
        net->stmt_end[i] = add_point(&b, NULL, i);
    }
    presence_vec pv = {0};
    for (int k = 0; k < ir->n_events; k++) {
        const kj_ir_event *ev = &ir->events[k];
        if (keep && !keep[ev->stmt]) continue;
        if (ev->kind == IR_EV_MESSAGE) message_edges(&b, ev, &pv);
        else if (ev->origin == IR_FROM_CLAIM) claim_edges(&b, ev, &pv);
        else fact_edges(&b, ev, &pv);
    }
    for (int k = 0; k < ir->n_links; k++) {
        const kj_ir_link *l = &ir->links[k];
        if ((keep && !keep[l->stmt]) || net->stmt_start[l->ref_stmt] < 0) continue;
        if (l->kind == SEQ_DURING) during_edges(&b, l);
        else sequence_edges(&b, l);
    }
    for (int k = 0; k < ir->n_events; k++) {
        const kj_ir_event *ev = &ir->events[k];
        if (ev->origin != IR_FROM_CLAIM || (keep && !keep[ev->stmt])) continue;
        register_constraints(&b, ev, EV_ARRIVAL);
        register_constraints(&b, ev, EV_DEPARTURE);
        register_constraints(&b, ev, EV_STAY);
        register_constraints(&b, ev, EV_SENT);
        register_constraints(&b, ev, EV_RECEIVED);
        if (ev->kind == IR_EV_MESSAGE) reach_constraints(&b, ev);
    }
    int64_t *latest = NULL, *neg_earliest = NULL;
    if (prune) {
        claim_legs(&b, &pv); /* (before the disjunctions: the base edges alone) */
        latest = kj_malloc(mem, sizeof(int64_t) * ((size_t)net->points.n + 1));
        neg_earliest = kj_malloc(mem, sizeof(int64_t) * ((size_t)net->points.n + 1));
        if (kj_network_bounds(mem, net, NULL, 0, latest) || kj_network_bounds(mem, net, NULL, 1, neg_earliest)) {
            kj_free(latest);
            kj_free(neg_earliest);
            latest = neg_earliest = NULL;
        }
    }
    presence_disjunctions(&b, &pv, latest, neg_earliest);
    kj_free(latest);
    kj_free(neg_earliest);
    anchored_travel(&b, &pv);
    kj_free(pv.items);
    kj_free(b.prov1_of);
    kj_free(b.geo);
    return net;
}

void kj_network_free(kj_network *net)
{
    if (!net) return;
    kj_free(net->points.items);
    kj_free(net->edges.items);
    kj_free(net->alt_edges.items);
    kj_free(net->alts.items);
    kj_free(net->disjs.items);
    kj_free(net->provs.items);
    kj_free(net->says.items);
    kj_free(net->stmt_start);
    kj_free(net->stmt_end);
    kj_free(net->matched_entry);
    kj_free(net->capped.items);
    kj_free(net->legs.items);
    kj_arena_free(&net->own);
    kj_free(net);
}
