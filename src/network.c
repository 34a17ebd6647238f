/* network — compiles a resolved case to a temporal network.
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
#include <strings.h>

#include "geo.h"
#include "network.h"
#include "stn.h"

const char *kj_conflict_kind_name(kj_conflict_kind k)
{
    static const char *const names[] = {"order", "duration", "travel", "presence", "existence", "register"};
    return names[k];
}

typedef KJ_VEC(int) int_vec;



typedef struct builder {
    kj_mem *mem;       /* the call building the network (mem.h) */
    const kj_case *c;
    kj_network *net;
    int_vec modes;     /* the modes that count */
    int_vec registers; /* register statements */
    int_vec routes;    /* route statements */
    int cur_claim; /* the claim the next disjunction is about */
    int cur_branch, cur_branch_place; /* for alternatives of a "one of" place */
    int keep_says;     /* keep what the proofs' sentences speak of (not needed to decide) */
    int *prov1_of;     /* per statement: its one-statement provenance, or -1 */
    /* geodesics already computed, by (place, place) in the order asked:
     * open addressing, a key 0 is empty */
    struct geo_slot { uint64_t key; double m; } *geo;
    uint32_t geo_cap, geo_n;
    long max_pairs;    /* presence disjunctions one person may have; 0: any number */
    long n_pairs;      /* the current person's */
    /* per `one of` place, its distinct leaves and what reading it cites,
     * made once (one_of_leaves); NULL until asked */
    struct leaves { int n, n_used, unknown; int *ids, *used; } **leaves;
    unsigned *mark, epoch; /* scratch marks by statement, for one_of_leaves */
} builder;

/* The geodesic between two located places, computed once per pair. */
static double place_distance_m(builder *b, int a, int bb)
{
    const kj_stmt *A = &b->c->stmts[a], *B = &b->c->stmts[bb];
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
        b->geo[h].m = kj_geo_distance_m(A->place->lat, A->place->lon, B->place->lat, B->place->lon);
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

/* ---- calendar years for the era of a speed --------------------------------- */

static int year_of(int64_t t)
{
    if (t <= -KJ_INF / 2) return -100000;
    if (t >= KJ_INF / 2) return 100000;
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    /* civil_from_days (H. Hinnant) */
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    return (int)(yoe + era * 400 + (m <= 2));
}

/* The years an event may fall in, by the local calendar of any place: a
 * UTC instant within 16 h of New Year is in either year somewhere (zones
 * and local mean times lie within UTC-15:57 .. UTC+15:13), so the era of a
 * flight at 00:05 on 1 January 1939 in Berlin (23:05 UTC the day before)
 * includes 1939 (issue 17 item 8; charity: the widest era). */
#define KJ_ERA_SLACK_S (16 * 3600)
static int era_year_lo(int64_t t) { return year_of(t <= -KJ_INF / 2 ? t : t - KJ_ERA_SLACK_S); }
static int era_year_hi(int64_t t) { return year_of(t >= KJ_INF / 2 ? t : t + KJ_ERA_SLACK_S); }

/* The modes that count: every mode, shipped or declared.  A mode the case
 * declares binds the journeys that name it (`by MODE-ID`); it never
 * narrows what else its class or era allows: a `by CLASS` journey, one
 * with no mode, and the presence check take the fastest of them all
 * (design.md §0: a mode declared for one journey binds that journey). */
static void collect_modes(builder *b)
{
    const kj_case *c = b->c;
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_MODE) kj_vec_put(b->mem, &b->modes, i);
}

/* The fastest mode of class cls (NULL = any) usable in some year of
 * [y0, y1]; returns its statement or -1.  A journey by a class happens in
 * a year when the class was in use (the modes' since/until years, shipped
 * as assumptions): "by air" in 1902..1903 is a 1903 flight, held to
 * 1903's aircraft; if no year of the era has the class, no bound. */
static int fastest_mode(const builder *b, const char *cls, int y0, int y1)
{
    const kj_case *c = b->c;
    int best = -1;
    for (int k = 0; k < b->modes.n; k++) {
        int i = b->modes.items[k];
        const kj_stmt *m = &c->stmts[i];
        if (cls && strcmp(m->mode->mode_class, cls)) continue;
        if (m->mode->since && m->mode->since > y1) continue;
        if (m->mode->until && m->mode->until < y0) continue;
        if (best < 0 || m->mode->max_mps > c->stmts[best].mode->max_mps) best = i;
    }
    return best;
}

/* ---- distances ------------------------------------------------------------- */

/* Cites what turned a place reference into a located place: the
 * assumptions that picked one of several places.  An entity's location is
 * cited through the place it stands at (its lifetime is another matter, and
 * citing the entity here would hide proofs that need only its place). */
static void cite_resolution(kj_mem *mem, const kj_case *c, int p, int_vec *used)
{
    for (int guard = 0; p >= 0 && guard < 16; guard++) {
        const kj_stmt *s = &c->stmts[p];
        if (s->kind == ST_ENTITY) p = s->entity->at.idx;
        else if (s->kind == ST_PLACE && s->place->n_alts && s->place->assumed_alt >= 0) {
            kj_vec_put(mem, used, p);
            kj_vec_put(mem, used, s->place->assumed_by);
            p = s->place->assumed_alt;
        } else {
            return;
        }
    }
}

/* Lower bound in metres on the distance between two places (after
 * assumptions), or -1 if unknown (an unlocated place).  Statements used are
 * appended to used. */
static void leaves_walk(builder *b, int place, int_vec *ids, int_vec *used, int *unknown)
{
    const kj_case *c = b->c;
    int e = kj_place_effective(c, place);
    if (e < 0) { *unknown = 1; return; }
    cite_resolution(b->mem, c, place, used);
    if (b->mark[e] == b->epoch) return; /* reached by another path: read once */
    b->mark[e] = b->epoch;
    kj_vec_put(b->mem, used, e);
    const kj_stmt *s = &c->stmts[e];
    if (!s->place->n_alts) { kj_vec_put(b->mem, ids, e); return; }
    for (int k = 0; k < s->place->n_alts; k++) leaves_walk(b, s->place->alts[k].idx, ids, used, unknown);
}

/* The distinct places a `one of` place p (effective) may be, through every
 * nesting, and the statements that reading cites (p, the places between,
 * the leaves, what resolves them): once per network, so that a distance
 * costs one look per pair of distinct leaves, not one per pair of paths. */
static const struct leaves *one_of_leaves(builder *b, int p)
{
    const kj_case *c = b->c;
    if (!b->leaves) {
        b->leaves = kj_calloc(b->mem, (size_t)c->n_stmts + 1, sizeof *b->leaves);
        b->mark = kj_calloc(b->mem, (size_t)c->n_stmts + 1, sizeof *b->mark);
    }
    if (b->leaves[p]) return b->leaves[p];
    int_vec ids = {0}, used = {0};
    int unknown = 0;
    b->epoch++;
    leaves_walk(b, p, &ids, &used, &unknown);
    struct leaves *l = kj_arena_alloc(&b->net->own, sizeof *l);
    l->n = ids.n;
    l->n_used = used.n;
    l->unknown = unknown;
    l->ids = kj_arena_alloc(&b->net->own, sizeof(int) * (size_t)(ids.n + 1));
    l->used = kj_arena_alloc(&b->net->own, sizeof(int) * (size_t)(used.n + 1));
    if (ids.n) memcpy(l->ids, ids.items, sizeof(int) * (size_t)ids.n);
    if (used.n) memcpy(l->used, used.items, sizeof(int) * (size_t)used.n);
    kj_free(ids.items);
    kj_free(used.items);
    return b->leaves[p] = l;
}

static double dist_lower_m(builder *b, int pa, int pb, int_vec *used)
{
    const kj_case *c = b->c;
    int a = kj_place_effective(c, pa), bb = kj_place_effective(c, pb);
    if (a < 0 || bb < 0) return -1;
    cite_resolution(b->mem, c, pa, used);
    cite_resolution(b->mem, c, pb, used);
    if (a == bb) return 0;
    const kj_stmt *A = &c->stmts[a], *B = &c->stmts[bb];
    if (A->place->n_alts || B->place->n_alts) {
        /* one of several: the nearest alternative bounds it (no either/or) */
        struct leaves one_a = {.n = 1, .ids = &a}, one_b = {.n = 1, .ids = &bb};
        const struct leaves *la = A->place->n_alts ? one_of_leaves(b, a) : &one_a;
        const struct leaves *lb = B->place->n_alts ? one_of_leaves(b, bb) : &one_b;
        if (la->unknown || lb->unknown) return -1;
        double best = 1e300;
        for (int i = 0; i < la->n && best >= 0; i++)
            for (int j = 0; j < lb->n; j++) {
                double d = dist_lower_m(b, la->ids[i], lb->ids[j], used);
                if (d < 0) { best = -1; break; }
                if (d < best) best = d;
            }
        for (int k = 0; k < la->n_used; k++) kj_vec_put(b->mem, used, la->used[k]);
        for (int k = 0; k < lb->n_used; k++) kj_vec_put(b->mem, used, lb->used[k]);
        kj_vec_put(b->mem, used, a);
        kj_vec_put(b->mem, used, bb);
        return best;
    }
    if (!A->place->located || !B->place->located) return -1;
    kj_vec_put(b->mem, used, a);
    kj_vec_put(b->mem, used, bb);
    double d = place_distance_m(b, a, bb) - A->place->radius_m - B->place->radius_m;
    return d > 0 ? d : 0;
}

/* A sourced route length for this pair and mode class, or -1. */
static double route_m(builder *b, int pa, int pb, const char *cls, int_vec *used)
{
    const kj_case *c = b->c;
    int a = kj_place_effective(c, pa), bb = kj_place_effective(c, pb);
    double best = -1;
    int best_i = -1;
    for (int k = 0; k < b->routes.n; k++) {
        int i = b->routes.items[k];
        const kj_stmt *r = &c->stmts[i];
        if (r->route->mode.idx < 0) continue;
        if (cls && strcmp(c->stmts[r->route->mode.idx].mode->mode_class, cls)) continue;
        int ra = kj_place_effective(c, r->route->from.idx), rb = kj_place_effective(c, r->route->to.idx);
        if (!((ra == a && rb == bb) || (ra == bb && rb == a))) continue;
        if (r->route->dist_m > best) {
            best = r->route->dist_m;
            best_i = i;
        }
    }
    if (best_i < 0) return -1;
    kj_vec_put(b->mem, used, best_i);
    /* the route runs between the places' stated positions; the journey's
     * ends may lie anywhere within their uncertainty, so it may be shorter
     * by both radii (the same charity as for the geodesic) */
    for (int k = 0; k < 2; k++) {
        const kj_stmt *P = &c->stmts[k ? bb : a];
        if (P->place->located && P->place->radius_m > 0) best -= P->place->radius_m;
    }
    return best > 0 ? best : 0;
}

/* ---- claims ------------------------------------------------------------------ */

typedef struct presence {
    int person, place, start, end, stmt;
    int64_t lo_hint; /* for era: earliest / latest known bounds */
    int64_t hi_hint;
} presence;

typedef KJ_VEC(presence) presence_vec;

static void add_presence(kj_mem *mem, presence_vec *pv, int person, int place, int s, int e, int stmt, kj_interval era)
{
    if (person < 0 || place < 0) return;
    presence p = {.person = person, .place = place, .start = s, .end = e, .stmt = stmt, .lo_hint = era.lo, .hi_hint = era.hi};
    kj_vec_put(mem, pv, p);
}


/* The mode class and the speed statement for a travel claim. */
static int travel_speed(builder *b, kj_stmt *s, kj_interval era, const char **cls_out)
{
    const kj_case *c = b->c;
    int y0 = era_year_lo(era.lo), y1 = era_year_hi(era.hi);
    *cls_out = NULL;
    if (s->claim->mode.idx >= 0) {
        *cls_out = c->stmts[s->claim->mode.idx].mode->mode_class;
        return s->claim->mode.idx;
    }
    if (s->claim->mode.name) {
        *cls_out = s->claim->mode.name;
        return fastest_mode(b, s->claim->mode.name, y0, y1);
    }
    return fastest_mode(b, NULL, y0, y1);
}

static kj_interval claim_era(const kj_stmt *s)
{
    kj_interval e = {KJ_INF, -KJ_INF};
    const kj_interval *ivs[] = {&s->claim->when_iv, &s->claim->depart_iv, &s->claim->arrive_iv};
    for (int i = 0; i < 3; i++) {
        if (ivs[i]->lo > -KJ_INF && ivs[i]->lo < e.lo) e.lo = ivs[i]->lo;
        if (ivs[i]->hi < KJ_INF && ivs[i]->hi > e.hi) e.hi = ivs[i]->hi;
    }
    if (e.lo == KJ_INF) e.lo = -KJ_INF;
    if (e.hi == -KJ_INF) e.hi = KJ_INF;
    if (s->claim->when_iv.lo == -KJ_INF && s->claim->depart_iv.lo == -KJ_INF && s->claim->arrive_iv.lo == -KJ_INF) e.lo = -KJ_INF;
    if (s->claim->when_iv.hi == KJ_INF && s->claim->depart_iv.hi == KJ_INF && s->claim->arrive_iv.hi == KJ_INF) e.hi = KJ_INF;
    return e;
}

static void travel_bound(builder *b, int ci)
{
    const kj_case *c = b->c;
    kj_stmt *s = &c->stmts[ci];
    int_vec used = {0};
    kj_vec_put(b->mem, &used, ci);
    double d = dist_lower_m(b, s->claim->from.idx, s->claim->to.idx, &used);
    if (d <= 0) { kj_free(used.items); return; }
    const char *cls;
    int mode = travel_speed(b, s, claim_era(s), &cls);
    if (mode < 0) { kj_free(used.items); return; }
    /* a route length binds only journeys known to be of its mode class */
    int_vec route_used = {0}; /* cited only if the route is what bounds the journey */
    double route = cls ? route_m(b, s->claim->from.idx, s->claim->to.idx, cls, &route_used) : -1;
    kj_say_kind basis = SAY_TRAVEL_GEODESIC;
    if (route > d) {
        d = route;
        basis = SAY_TRAVEL_ROUTE;
        for (int k = 0; k < route_used.n; k++) kj_vec_put(b->mem, &used, route_used.items[k]);
    }
    kj_free(route_used.items);
    kj_vec_put(b->mem, &used, mode);
    const kj_stmt *m = &c->stmts[mode];
    int64_t t = kj_travel_s(d, m->mode->max_mps);
    if (t <= 0) { kj_free(used.items); return; }
    kj_say_ref why = say_at(basis, say_put(b, (kj_say){.travel = {.claim = ci, .mode = mode, .m = d, .s = t}}));
    add_edge(b, 0, b->net->stmt_end[ci], b->net->stmt_start[ci], -t, EK_TRAVEL, prov_make(b, &used), why);
}

static int claim_place_start(const kj_stmt *s) { return s->claim->claim_kind == CLAIM_TRAVEL ? s->claim->from.idx : s->claim->at.idx; }

/* Entity lifetime: an event at an entity happens while it exists. */
static void lifetime_edges(builder *b, int ci, int place, int point_lo, int point_hi)
{
    const kj_case *c = b->c;
    if (place < 0 || c->stmts[place].kind != ST_ENTITY) return;
    kj_stmt *en = &c->stmts[place];
    if (!en->entity->exists.text) return;
    int_vec v = {0};
    kj_vec_put(b->mem, &v, ci);
    kj_vec_put(b->mem, &v, place);
    int prov = prov_make(b, &v);
    kj_say_ref why = say_of(SAY_LIFETIME, place);
    /* charity: the event need only overlap the lifetime (begin before the
     * entity ceased, end after it began) */
    if (en->entity->life.lo > -KJ_INF) add_edge(b, 0, point_hi, 0, -en->entity->life.lo, EK_LIFETIME, prov, why);
    if (en->entity->life.hi < KJ_INF) add_edge(b, 0, 0, point_lo, en->entity->life.hi, EK_LIFETIME, prov, why);
}

/* ---- calendar days: "the same day", "the next day" ------------------------ */

/* The latest an event can begin after another ends when it is written "the
 * same day" (days = 1) or "the next day" (days = 2): calendar days, each
 * event's in the zone(s) of its own place, under every zone database
 * (design.md §0).  If x ends on local day D at place A, y begins before
 * local day D + days starts at place B: the gap is at most the latest
 * reading of (D + days) 00:00 at B less the earliest of D 00:00 at A,
 * over every day D x may end on.  That is 24 h (48 h) within one zone on
 * an ordinary day, 25 h on the day clocks go back, 36 h 55 min from
 * Tokyo 00:05 to New York 23:00.  When x's end is not bounded to 800 days
 * or less, every offset on Earth is allowed: 24 h * days + 32 h. */
#define KJ_DAY_S INT64_C(86400)
static int64_t calendar_gap_max(builder *b, const kj_stmt *x, const kj_stmt *y, int days, int64_t *latest,
                                 const char **latest_zone, const char **x_zone, int64_t *x_end_hi)
{
    const kj_case *c = b->c;
    int64_t loose = days * KJ_DAY_S + 32 * 3600;
    *latest = KJ_INF;
    int64_t s_lo = x->claim->when_iv.lo > x->claim->depart_iv.lo ? x->claim->when_iv.lo : x->claim->depart_iv.lo;
    int64_t s_hi = x->claim->when_iv.hi < x->claim->depart_iv.hi ? x->claim->when_iv.hi : x->claim->depart_iv.hi;
    int64_t e_lo = x->claim->arrive_iv.lo > s_lo ? x->claim->arrive_iv.lo : s_lo;
    int64_t e_hi = x->claim->arrive_iv.hi;
    if (s_hi < KJ_INF && x->claim->dur_max < KJ_INF && s_hi + x->claim->dur_max < e_hi) e_hi = s_hi + x->claim->dur_max;
    if (e_lo <= -KJ_INF || e_hi >= KJ_INF || e_hi - e_lo > 800 * KJ_DAY_S) return loose;
    *x_end_hi = e_hi;
    /* each event's day in the zone of any of its places: a journey is on
     * one date where it leaves and on another where it arrives, and "the
     * same day" may mean either (y begins no later than it ends, so a day
     * of y's end bounds its beginning too) */
    const char *za[2 * KJ_ZONES_MAX];
    int na = kj_place_zones(c, x->claim->claim_kind == CLAIM_TRAVEL ? x->claim->to.idx : x->claim->at.idx, za, KJ_ZONES_MAX);
    if (na > 0 && x->claim->claim_kind == CLAIM_TRAVEL) {
        int nf = kj_place_zones(c, x->claim->from.idx, za + na, KJ_ZONES_MAX);
        na = nf > 0 ? na + nf : -1;
    }
    const char *zb_[2 * KJ_ZONES_MAX];
    int nb = kj_place_zones(c, y->claim->claim_kind == CLAIM_TRAVEL ? y->claim->from.idx : y->claim->at.idx, zb_, KJ_ZONES_MAX);
    if (nb > 0 && y->claim->claim_kind == CLAIM_TRAVEL) {
        int nt = kj_place_zones(c, y->claim->to.idx, zb_ + nb, KJ_ZONES_MAX);
        nb = nt > 0 ? nb + nt : -1;
    }
    const char **zb = zb_;
    if (na <= 0 || nb <= 0) return loose;
    /* (and y begins, absolutely, before the latest such midnight: *latest) */
    kj_tz_cache *cache = c->readopts.tz_cache;
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

static void sequence_edges(builder *b, int ci)
{
    const kj_case *c = b->c;
    kj_stmt *s = &c->stmts[ci];
    int S = b->net->stmt_start[ci], E = b->net->stmt_end[ci];
    if (s->claim->seq != SEQ_NONE && s->claim->seq_ref.idx >= 0 && b->net->stmt_start[s->claim->seq_ref.idx] >= 0) {
        int X = s->claim->seq_ref.idx;
        int XS = b->net->stmt_start[X], XE = b->net->stmt_end[X];
        int prov = prov1(b, ci);
        int64_t max_gap = KJ_INF, latest = KJ_INF, x_end_hi = KJ_INF;
        const char *latest_zone = NULL, *x_zone = NULL;
        kj_say_ref what = say_of(SAY_NONE, -1);
        switch (s->claim->seq) {
        case SEQ_RIGHT_AFTER:
            max_gap = c->right_after_s;
            what = say_of(SAY_SEQ_RIGHT_AFTER, ci);
            break;
        case SEQ_AFTER: what = say_of(SAY_SEQ_AFTER, ci); break;
        case SEQ_NEXT_DAY:
        case SEQ_SAME_DAY: {
            int next = s->claim->seq == SEQ_NEXT_DAY;
            max_gap = calendar_gap_max(b, &c->stmts[X], s, next ? 2 : 1, &latest, &latest_zone, &x_zone, &x_end_hi);
            int_vec v = {0};
            kj_vec_put(b->mem, &v, ci);
            kj_vec_put(b->mem, &v, X); /* the bound rests on X's own times */
            prov = prov_make(b, &v);
            what = say_at(next ? SAY_SEQ_NEXT_DAY : SAY_SEQ_SAME_DAY, say_put(b, (kj_say){.gap = {.claim = ci, .s = max_gap}}));
            break;
        }
        case SEQ_BEFORE:
            what = say_of(SAY_SEQ_BEFORE, ci);
            break;
        default: break;
        }
        if (s->claim->seq == SEQ_BEFORE) {
            add_edge(b, 0, XS, E, 0, EK_ORDER, prov, what);
        } else if (s->claim->seq != SEQ_DURING) { /* (a `during` clause below applies as well) */
            add_edge(b, 0, S, XE, 0, EK_ORDER, prov, what);
            if (max_gap < KJ_INF) add_edge(b, 0, XE, S, max_gap, EK_GAP, prov, what);
            if (latest < KJ_INF && latest_zone && x_zone) {
                kj_say day = {.day = {.claim = ci, .end_s = x_end_hi, .by_s = latest, .end_zone = x_zone, .by_zone = latest_zone}};
                add_edge(b, 0, 0, S, latest, EK_GAP, prov, say_at(SAY_DAY_BEGINS_BY, say_put(b, day)));
            }
        }
    }
    if (s->claim->during.idx >= 0 && b->net->stmt_start[s->claim->during.idx] >= 0) {
        int X = s->claim->during.idx;
        const kj_stmt *x = &c->stmts[X];
        if (x->kind == ST_FACT) {
            /* charity: a claim during a fact may lie anywhere in the fact's
             * widest reading, not only in what the fact certainly spans
             * (a "throughout" fact's points) nor at the instant an "on"
             * fact is pinned to (design.md §0) */
            int_vec v = {0};
            kj_vec_put(b->mem, &v, ci);
            kj_vec_put(b->mem, &v, X);
            int prov = prov_make(b, &v);
            kj_say_ref what = say_of(SAY_DURING_FACT, ci);
            if (x->fact->wide_iv.lo > -KJ_INF) add_edge(b, 0, S, 0, -x->fact->wide_iv.lo, EK_ORDER, prov, what);
            if (x->fact->wide_iv.hi < KJ_INF) add_edge(b, 0, 0, E, x->fact->wide_iv.hi, EK_ORDER, prov, what);
            return;
        }
        int prov = prov1(b, ci);
        kj_say_ref what = say_of(SAY_DURING, ci);
        add_edge(b, 0, S, b->net->stmt_start[X], 0, EK_ORDER, prov, what); /* S >= X.start */
        add_edge(b, 0, b->net->stmt_end[X], E, 0, EK_ORDER, prov, what);   /* E <= X.end */
    }
}

static void claim_edges(builder *b, int ci, presence_vec *pv)
{
    const kj_case *c = b->c;
    kj_stmt *s = &c->stmts[ci];
    int S = b->net->stmt_start[ci], E = b->net->stmt_end[ci];
    int prov = prov1(b, ci);
    add_edge(b, 0, E, S, 0, EK_ORDER, prov, say_of(SAY_ENDS_AFTER_START, ci));
    if (s->claim->when.text) /* "in/on TIME": the event begins within the reading */
        add_window(b, 0, S, s->claim->when_iv, EK_WINDOW, prov, say_of(SAY_BEGINS, ci));
    if (s->claim->depart.text) add_window(b, 0, S, s->claim->depart_iv, EK_WINDOW, prov, say_of(SAY_DEPARTS, ci));
    if (s->claim->arrive.text) add_window(b, 0, E, s->claim->arrive_iv, EK_WINDOW, prov, say_of(SAY_ARRIVES, ci));
    if (s->claim->dur.text) {
        kj_say_ref why = say_of(SAY_LASTS, ci);
        if (s->claim->dur_max < KJ_INF) add_edge(b, 0, S, E, s->claim->dur_max, EK_DURATION, prov, why);
        add_edge(b, 0, E, S, -s->claim->dur_min, EK_DURATION, prov, why);
    }
    if (s->claim->claim_kind == CLAIM_TRAVEL) travel_bound(b, ci);
    lifetime_edges(b, ci, claim_place_start(s), S, s->claim->claim_kind == CLAIM_TRAVEL ? S : E);
    if (s->claim->claim_kind == CLAIM_TRAVEL) lifetime_edges(b, ci, s->claim->to.idx, E, E);
    kj_interval era = claim_era(s);
    if (s->claim->claim_kind == CLAIM_TRAVEL) {
        add_presence(b->mem, pv, s->claim->person.idx, s->claim->from.idx, S, S, ci, era);
        add_presence(b->mem, pv, s->claim->person.idx, s->claim->to.idx, E, E, ci, era);
        for (int k = 0; k < s->claim->n_others; k++) {
            add_presence(b->mem, pv, s->claim->others[k].idx, s->claim->from.idx, S, S, ci, era);
            add_presence(b->mem, pv, s->claim->others[k].idx, s->claim->to.idx, E, E, ci, era);
        }
    } else {
        add_presence(b->mem, pv, s->claim->person.idx, s->claim->at.idx, S, E, ci, era);
        for (int k = 0; k < s->claim->n_others; k++) add_presence(b->mem, pv, s->claim->others[k].idx, s->claim->at.idx, S, E, ci, era);
    }
}

static void fact_edges(builder *b, int fi, presence_vec *pv)
{
    const kj_case *c = b->c;
    kj_stmt *s = &c->stmts[fi];
    if (s->fact->fact_kind == FACT_RESIDES) return; /* residence is not presence */
    int S = b->net->stmt_start[fi], E = b->net->stmt_end[fi];
    int prov = prov1(b, fi);
    kj_say_ref why = say_of(SAY_FACT, fi);
    if (s->fact->fact_kind == FACT_THROUGHOUT) {
        kj_interval lo = {.lo = s->fact->when_iv.lo, .hi = s->fact->when_iv.lo};
        kj_interval hi = {.lo = s->fact->when_iv.hi, .hi = s->fact->when_iv.hi};
        add_window(b, 0, S, lo, EK_FACT, prov, why);
        add_window(b, 0, E, hi, EK_FACT, prov, why);
    } else {
        add_window(b, 0, S, s->fact->when_iv, EK_FACT, prov, why);
        add_edge(b, 0, S, E, 0, EK_FACT, prov, why);
        add_edge(b, 0, E, S, 0, EK_FACT, prov, why);
    }
    lifetime_edges(b, fi, s->fact->at.idx, S, E);
    add_presence(b->mem, pv, s->fact->person.idx, s->fact->at.idx, S, E, fi, s->fact->when_iv);
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

/* Two presences of one person at places at least D apart: one ends at
 * least D / vmax before the other starts, in one order or the other. */
/* Returns 1 if it made the disjunction, 0 if the places are not apart. */
static int presence_pair(builder *b, const presence *x, const presence *y)
{
    const kj_case *c = b->c;
    int_vec used = {0};
    double d = dist_lower_m(b, x->place, y->place, &used);
    if (d <= 0) { kj_free(used.items); return 0; }
    int64_t lo = x->lo_hint < y->lo_hint ? x->lo_hint : y->lo_hint;
    int64_t hi = x->hi_hint > y->hi_hint ? x->hi_hint : y->hi_hint;
    int mode = fastest_mode(b, NULL, era_year_lo(lo), era_year_hi(hi));
    if (mode < 0) { kj_free(used.items); return 0; }
    int64_t t = kj_travel_s(d, c->stmts[mode].mode->max_mps);
    kj_vec_put(b->mem, &used, mode);
    kj_vec_put(b->mem, &used, x->stmt);
    kj_vec_put(b->mem, &used, y->stmt);
    int prov = prov_make(b, &used);
    /* its four sentences speak of one record (a big case has 1e5s of
     * pairs, and few are in a proof) */
    int at = say_put(b, (kj_say){.presence = {.person = x->person, .x_place = x->place, .x_stmt = x->stmt,
                                                .y_place = y->place, .y_stmt = y->stmt, .mode = mode, .m = d, .s = t}});
    kj_say_ref why = say_at(SAY_PRES_APART, at);
    b->cur_claim = c->kinds[y->stmt] == ST_CLAIM ? y->stmt : x->stmt;
    begin_disj(b, CK_PRESENCE, prov, why, say_at(SAY_PRES_HEAD, at));
    begin_alt(b, say_at(SAY_PRES_XY, at));
    add_edge(b, 1, y->start, x->end, -t, EK_PRESENCE, prov, why);
    end_alt(b);
    begin_alt(b, say_at(SAY_PRES_YX, at));
    add_edge(b, 1, x->start, y->end, -t, EK_PRESENCE, prov, why);
    end_alt(b);
    return 1;
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

/* The least, over the years y0..y1, of the fastest speed of year y (the
 * speed a presence pair's travel time is computed with); 0 if some year has
 * no mode at all. */
static double slowest_era_speed(const builder *b, int y0, int y1)
{
    const kj_case *c = b->c;
    double slowest = -1;
    for (int k = -1; k < b->modes.n; k++) {
        /* the fastest speed changes only where a mode begins or ends */
        int y = y0;
        if (k >= 0) {
            const kj_stmt *m = &c->stmts[b->modes.items[k]];
            y = m->mode->since ? m->mode->since : m->mode->until ? m->mode->until + 1 : y0;
            if (y < y0 || y > y1) continue;
        }
        int f = fastest_mode(b, NULL, y, y);
        double v = f >= 0 ? c->stmts[f].mode->max_mps : 0;
        if (slowest < 0 || v < slowest) slowest = v;
        if (k >= 0 && c->stmts[b->modes.items[k]].mode->until && c->stmts[b->modes.items[k]].mode->until + 1 <= y1) {
            f = fastest_mode(b, NULL, c->stmts[b->modes.items[k]].mode->until + 1, c->stmts[b->modes.items[k]].mode->until + 1);
            v = f >= 0 ? c->stmts[f].mode->max_mps : 0;
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
static double max_span_m(const kj_case *c, const presence_vec *pv, const pres_order *ord, int from, int to)
{
    double far = 0;
    const kj_stmt *first = NULL;
    for (int k = from; k < to; k++) {
        int p = kj_place_effective(c, pv->items[ord[k].idx].place);
        if (p < 0 || !c->stmts[p].place->located) return KJ_MAX_GEODESIC_M + 1;
        const kj_stmt *s = &c->stmts[p];
        if (!first) first = s;
        double d = kj_geo_distance_m(first->place->lat, first->place->lon, s->place->lat, s->place->lon);
        if (d > far) far = d;
    }
    return (2 * far < KJ_MAX_GEODESIC_M ? 2 * far : KJ_MAX_GEODESIC_M) + 1;
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
static int is_unlocated(const kj_case *c, int place);
static void mark_linked(const builder *b, const presence_vec *pv, unsigned char *linked)
{
    const kj_case *c = b->c;
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
    if (!kj_network_anchors(c)) return;
    for (int i = 0; i < pv->n; i++) {
        const kj_stmt *s = &c->stmts[pv->items[i].stmt];
        if (s->kind != ST_CLAIM || s->claim->claim_kind == CLAIM_TRAVEL || is_unlocated(c, pv->items[i].place))
            linked[pv->items[i].stmt] = 1;
    }
}

static void presence_disjunctions(builder *b, presence_vec *pv, int prune)
{
    const kj_case *c = b->c;
    kj_network *net = b->net;
    unsigned char *linked = kj_calloc(b->mem, (size_t)c->n_stmts + 1, 1);
    mark_linked(b, pv, linked);
    unsigned char *capped = kj_calloc(b->mem, (size_t)c->n_stmts + 1, 1);
    int64_t *latest = NULL, *neg_earliest = NULL;
    if (prune) {
        latest = kj_malloc(b->mem, sizeof(int64_t) * ((size_t)net->points.n + 1));
        neg_earliest = kj_malloc(b->mem, sizeof(int64_t) * ((size_t)net->points.n + 1));
        if (kj_network_bounds(b->mem, net, NULL, 0, latest) || kj_network_bounds(b->mem, net, NULL, 1, neg_earliest))
            prune = 0;
    }
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
            double v = slowest_era_speed(b, era_year_lo(lo), era_year_hi(hi));
            horizon = v > 0 ? kj_travel_s(max_span_m(c, pv, ord, from, to), v) + 1 : KJ_INF;
        }
        for (int i = from; i < to; i++) {
            const presence *x = &pv->items[ord[i].idx];
            for (int j = i + 1; j < to; j++) {
                const presence *y = &pv->items[ord[j].idx];
                if (prune && latest[x->end] < KJ_INF && ord[j].earliest - latest[x->end] > horizon) break;
                if (x->stmt == y->stmt || !linked[x->stmt] || !linked[y->stmt]) continue;
                if (c->kinds[x->stmt] != ST_CLAIM && c->kinds[y->stmt] != ST_CLAIM) continue;
                if (b->max_pairs && b->n_pairs >= b->max_pairs) {
                    /* past the budget: the pair is left out, and a search
                     * of these statements can no longer say "consistent" */
                    for (int k = 0; k < 2; k++) {
                        int st = k ? y->stmt : x->stmt;
                        if (!capped[st]) {
                            capped[st] = 1;
                            kj_vec_put(b->mem, &net->capped, st);
                        }
                    }
                    continue;
                }
                /* keep input order within a pair for stable proofs */
                b->n_pairs += ord[i].idx < ord[j].idx ? presence_pair(b, x, y) : presence_pair(b, y, x);
            }
        }
        from = to;
    }
    kj_free(ord);
    kj_free(latest);
    kj_free(neg_earliest);
    kj_free(linked);
    kj_free(capped);
    if (net->capped.n) qsort(net->capped.items, (size_t)net->capped.n, sizeof(int), cmp_int);
}

/* ---- unlocated places, bounded by what else is known ----------------------- */

static int is_unlocated(const kj_case *c, int place)
{
    int p = kj_place_effective(c, place);
    return p >= 0 && c->stmts[p].kind == ST_PLACE && !c->stmts[p].place->located && !c->stmts[p].place->n_alts;
}

/* A journey between unlocated U and located A, where someone is at U during
 * claim x and, by a fact, at located P throughout f: either x lies outside
 * f's interval, or U lies within P's radius (one cannot be in two places at
 * once), and then the journey is at least dist(A, P) - r(A) - r(P) long by
 * the triangle inequality.  No guess that U "is" P is needed, and none is
 * made (design.md §4, Space). */
static void anchored_travel_one(builder *b, int di, int u_end, const presence *x, const presence *f)
{
    const kj_case *c = b->c;
    kj_stmt *d = &c->stmts[di];
    int other = u_end ? d->claim->from.idx : d->claim->to.idx;
    int_vec used = {0};
    kj_vec_put(b->mem, &used, di);
    kj_vec_put(b->mem, &used, x->stmt);
    kj_vec_put(b->mem, &used, f->stmt);
    double dist = dist_lower_m(b, other, f->place, &used);
    if (dist <= 0) { kj_free(used.items); return; }
    const char *cls;
    int mode = travel_speed(b, d, claim_era(d), &cls);
    if (mode < 0) { kj_free(used.items); return; }
    kj_vec_put(b->mem, &used, mode);
    const kj_stmt *m = &c->stmts[mode];
    int64_t t = kj_travel_s(dist, m->mode->max_mps);
    if (t <= 0) { kj_free(used.items); return; }
    int prov = prov_make(b, &used);
    /* its six sentences speak of one record */
    kj_say say = {.anchor = {.claim = di, .person = x->person, .x_stmt = x->stmt, .fact = f->stmt,
                             .unlocated = kj_place_effective(c, u_end ? d->claim->to.idx : d->claim->from.idx),
                             .mode = mode, .m = dist, .s = t}};
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
    const kj_case *c = b->c;
    int any = kj_network_anchors(c); /* (a big case has every place located: then nothing to do) */
    for (int di = 0; any && di < c->n_stmts; di++) {
        if (c->kinds[di] != ST_CLAIM) continue;
        kj_stmt *d = &c->stmts[di];
        if (d->claim->claim_kind != CLAIM_TRAVEL) continue;
        int from_u = is_unlocated(c, d->claim->from.idx), to_u = is_unlocated(c, d->claim->to.idx);
        if (from_u == to_u) continue; /* both known, or nothing to anchor to */
        int u = kj_place_effective(c, to_u ? d->claim->to.idx : d->claim->from.idx);
        for (int i = 0; i < pv->n; i++) {
            const presence *x = &pv->items[i];
            if (kj_place_effective(c, x->place) != u || c->stmts[x->stmt].kind != ST_CLAIM) continue;
            for (int j = 0; j < pv->n; j++) {
                const presence *f = &pv->items[j];
                const kj_stmt *fs = &c->stmts[f->stmt];
                if (f->person != x->person || fs->kind != ST_FACT || fs->fact->fact_kind != FACT_THROUGHOUT) continue;
                int fp = kj_place_effective(c, f->place);
                if (fp < 0 || !c->stmts[fp].place->located) continue;
                anchored_travel_one(b, di, to_u, x, f);
            }
        }
    }
}

/* ---- registers ---------------------------------------------------------------- */

static int attr_value(const kj_stmt *s, const char *key, const kj_attr **out)
{
    for (int i = 0; i < s->claim->n_attrs; i++)
        if (!strcmp(s->claim->attrs[i].key, key)) { *out = &s->claim->attrs[i]; return 1; }
    return 0;
}

/* The place a register would see the claim's event at, and the point. */
static int register_event(builder *b, const kj_stmt *reg, int ci, int *point)
{
    const kj_stmt *s = &b->c->stmts[ci];
    if (reg->reg->event == EV_ARRIVAL && s->claim->claim_kind == CLAIM_TRAVEL) {
        *point = b->net->stmt_end[ci];
        return s->claim->to.idx;
    }
    if (reg->reg->event == EV_DEPARTURE && s->claim->claim_kind == CLAIM_TRAVEL) {
        *point = b->net->stmt_start[ci];
        return s->claim->from.idx;
    }
    if (reg->reg->event == EV_STAY && s->claim->claim_kind != CLAIM_TRAVEL) {
        *point = b->net->stmt_start[ci];
        return s->claim->at.idx;
    }
    return -1;
}

/* Is the claim's event of the register's kind (mode class, attributes)?
 * Appends the assumptions that put it in scope. */
static int register_scope(builder *b, const kj_stmt *reg, int ci, int_vec *used)
{
    const kj_case *c = b->c;
    const kj_stmt *s = &c->stmts[ci];
    const kj_attr *a;
    if (reg->reg->event == EV_STAY) {
        if (!attr_value(s, "stay", &a) || strcmp(a->value, "yes")) return 0;
        if (a->stmt >= 0) kj_vec_put(b->mem, used, a->stmt);
    }
    if (reg->reg->by_class) {
        const char *cls = s->claim->mode.idx >= 0 ? c->stmts[s->claim->mode.idx].mode->mode_class : s->claim->mode.name;
        if (!cls || strcmp(cls, reg->reg->by_class)) return 0;
    }
    for (int k = 0; k < reg->reg->n_attrs; k++) {
        if (!attr_value(s, reg->reg->attrs[k].key, &a) || strcasecmp(a->value, reg->reg->attrs[k].value)) return 0;
        if (a->stmt >= 0) kj_vec_put(b->mem, used, a->stmt);
    }
    return reg->reg->covers.text != NULL;
}

/* Can the entry be the record of the claim (charity: unless a source says
 * it is not, or its attributes differ from what the claim has)? */
static int entry_may_match(const kj_case *c, const kj_stmt *en, int ci)
{
    if (en->entry->unrelated && (en->entry->unrelated_to.idx < 0 || en->entry->unrelated_to.idx == ci)) return 0;
    const kj_stmt *s = &c->stmts[ci];
    for (int k = 0; k < en->entry->n_attrs; k++) {
        const kj_attr *a;
        if (attr_value(s, en->entry->attrs[k].key, &a) && strcasecmp(a->value, en->entry->attrs[k].value)) return 0;
    }
    return 1;
}

static int vec_has(const int_vec *v, int x)
{
    for (int i = 0; i < v->n; i++)
        if (v->items[i] == x) return 1;
    return 0;
}

/* The places a place may be, each once however many nested `one of` paths
 * reach it (resolve refuses more than KJ_ONE_OF_PLACES of them). */
static void place_alternatives(kj_mem *mem, const kj_case *c, int place, int_vec *out, int_vec *used, int depth)
{
    int p = kj_place_identity(c, place);
    if (p < 0 || depth > 8) return;
    cite_resolution(mem, c, place, used);
    const kj_stmt *s = &c->stmts[p];
    if (s->kind != ST_PLACE || !s->place->n_alts) {
        if (!vec_has(out, p)) kj_vec_put(mem, out, p);
        return;
    }
    if (depth > 0 && vec_has(used, p)) return; /* walked already */
    kj_vec_put(mem, used, p);
    for (int k = 0; k < s->place->n_alts; k++) place_alternatives(mem, c, s->place->alts[k].idx, out, used, depth + 1);
}

/* The alternative "the claim's event is the register's entry e", unless
 * e cannot be its record (then e's exclusion is cited). */
static void entry_alternative(builder *b, int e, int ci, int point, int prefix, int_vec *used)
{
    const kj_case *c = b->c;
    const kj_stmt *en = &c->stmts[e];
    if (!entry_may_match(c, en, ci)) {
        kj_vec_put(b->mem, used, e);
        return;
    }
    kj_interval w = point == b->net->stmt_end[ci] ? c->stmts[ci].claim->arrive_iv
                    : c->stmts[ci].claim->claim_kind == CLAIM_TRAVEL ? c->stmts[ci].claim->depart_iv : c->stmts[ci].claim->when_iv;
    int overlaps = !en->entry->n_rows && en->entry->when_iv.lo <= w.hi && w.lo <= en->entry->when_iv.hi;
    for (int k = 0; k < en->entry->n_rows; k++) /* a hull of unread rows corroborates nothing */
        overlaps |= !en->entry->rows[k].hull && en->entry->rows[k].iv.lo <= w.hi && w.lo <= en->entry->rows[k].iv.hi;
    if (overlaps && b->net->matched_entry[ci] < 0) b->net->matched_entry[ci] = e;
    if (en->entry->n_rows) { /* imported rows (records.c): one alternative per window */
        for (int k = 0; k < en->entry->n_rows; k++) {
            const kj_row_group *g = &en->entry->rows[k];
            /* both sentences speak of one record (a claim may have many rows) */
            int at = say_put(b, (kj_say){.row = {.claim = ci, .entry = e, .group = k, .place = prefix}});
            begin_alt(b, say_at(g->hull ? SAY_ROW_HULL : g->n == 1 ? SAY_ROW_IS : SAY_ROW_ONE_OF, at));
            add_window(b, 1, point, g->iv, EK_REGISTER, prov1(b, e), say_at(g->n == 1 ? SAY_ROW_DATED : SAY_ROWS_DATED, at));
            end_alt(b);
        }
        return;
    }
    begin_alt(b, say_at(SAY_ENTRY_IS, say_put(b, (kj_say){.entry = {.claim = ci, .stmt = e, .place = prefix}})));
    add_window(b, 1, point, en->entry->when_iv, EK_REGISTER, prov1(b, e), say_of(SAY_ENTRY_DATED, e));
    end_alt(b);
}

/* Adds one register's alternatives (before, after, each possible entry). */
static void register_alternatives(builder *b, int ri, int ci, int point, int prefix, int_vec *used)
{
    const kj_case *c = b->c;
    const kj_stmt *reg = &c->stmts[ri];
    int pv = prov1(b, ri);
    int at = say_put(b, (kj_say){.entry = {.claim = ci, .stmt = ri, .place = prefix}});
    begin_alt(b, say_at(SAY_REG_BEFORE, at));
    add_edge(b, 1, 0, point, reg->reg->coverage.lo - 1, EK_REGISTER, pv, say_of(SAY_REG_COVERS, ri));
    end_alt(b);
    begin_alt(b, say_at(SAY_REG_AFTER, at));
    add_edge(b, 1, point, 0, -(reg->reg->coverage.hi + 1), EK_REGISTER, pv, say_of(SAY_REG_COVERS, ri));
    end_alt(b);
    for (int e = ri + 1; e < c->n_stmts && c->stmts[e].kind == ST_ENTRY && c->stmts[e].parent == ri &&
                         !c->stmts[e].entry->row_line; e++)
        entry_alternative(b, e, ci, point, prefix, used);
    const kj_store_link *rows = kj_store_rows(c, ri, ci); /* imported: records.c */
    for (int e = rows ? rows->first : 0; rows && e < rows->first + rows->n; e++)
        entry_alternative(b, e, ci, point, prefix, used);
}

/* The closed world of registers for one claim: at each place the claim's
 * event may have been, some register there that would have recorded it
 * must record it (or the event falls outside its coverage).  With several
 * registers at a place, each combination is a necessary condition of its
 * own, so each is one disjunction (and one possible conflict). */
static void register_constraints(builder *b, int ci, kj_event_kind ev)
{
    const kj_case *c = b->c;
    int_vec alts = {0}, base_used = {0};
    int point = -1, place = -1;
    for (int k = 0; k < b->registers.n && place < 0; k++) {
        int r = b->registers.items[k];
        if (c->stmts[r].reg->event == ev) place = register_event(b, &c->stmts[r], ci, &point);
    }
    if (place < 0) return;
    place_alternatives(b->mem, c, place, &alts, &base_used, 0);
    /* per alternative place: the registers there that cover the claim */
    int n_alt = alts.n, total = 1, ok = n_alt > 0;
    int_vec *regs = kj_calloc(b->mem, (size_t)(n_alt + 1), sizeof(int_vec));
    for (int k = 0; k < n_alt && ok; k++) {
        for (int q = 0; q < b->registers.n; q++) {
            int r = b->registers.items[q];
            const kj_stmt *reg = &c->stmts[r];
            int_vec scratch = {0};
            if (reg->reg->event == ev && kj_place_identity(c, reg->reg->at.idx) == alts.items[k] &&
                register_scope(b, reg, ci, &scratch))
                kj_vec_put(b->mem, &regs[k], r);
            kj_free(scratch.items);
        }
        ok = regs[k].n > 0;
        if (total <= 64) total *= regs[k].n ? regs[k].n : 1; /* (at most 64 are made: each is sound alone) */
    }
    for (int combo = 0; ok && combo < total && combo < 64; combo++) {
        int_vec used = {0};
        for (int k = 0; k < base_used.n; k++) kj_vec_put(b->mem, &used, base_used.items[k]);
        kj_vec_put(b->mem, &used, ci);
        int rest = combo;
        int *chosen = kj_arena_alloc(&b->net->own, sizeof(int) * (size_t)n_alt); /* every alternative, however many */
        for (int k = 0; k < n_alt; k++) {
            chosen[k] = regs[k].items[rest % regs[k].n];
            rest /= regs[k].n;
            register_scope(b, &c->stmts[chosen[k]], ci, &used);
            kj_vec_put(b->mem, &used, chosen[k]);
        }
        int at = say_put(b, (kj_say){.registers = {.claim = ci, .place = place, .n = n_alt, .regs = chosen}});
        kj_say_ref why = n_alt == 1 ? say_of(SAY_REG_RECORDS_EVERY, chosen[0]) : say_at(SAY_REG_ANY_OF, at);
        /* entries excluded as unrelated are cited: collect them first */
        int disj_at = b->net->disjs.n;
        b->cur_claim = ci;
        begin_disj(b, CK_REGISTER, -1, why, say_at(SAY_REG_HEAD, at));
        for (int k = 0; k < n_alt; k++) {
            int prefix = n_alt > 1 ? alts.items[k] : -1; /* "at P: " */
            if (n_alt > 1) {
                b->cur_branch = k;
                b->cur_branch_place = alts.items[k];
            }
            register_alternatives(b, chosen[k], ci, point, prefix, &used);
            b->cur_branch = b->cur_branch_place = -1;
        }
        b->net->disjs.items[disj_at].prov = prov_make(b, &used);
    }
    for (int k = 0; k < n_alt; k++) kj_free(regs[k].items);
    kj_free(regs);
    kj_free(alts.items);
    kj_free(base_used.items);
}

kj_network *kj_network_build(kj_mem *mem, const kj_case *c, int prune)
{
    return kj_network_build_ex(mem, c, prune, NULL, 0);
}

kj_network *kj_network_build_ex(kj_mem *mem, const kj_case *c, int prune, const unsigned char *keep, long max_pairs)
{
    kj_network *net = kj_calloc(mem, 1, sizeof *net);
    net->own = KJ_ARENA(mem);
    net->c = c;
    builder b = {
        .mem = mem,
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
    collect_modes(&b);
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] == ST_REGISTER) kj_vec_put(mem, &b.registers, i);
        if (c->kinds[i] == ST_ROUTE) kj_vec_put(mem, &b.routes, i);
    }
    /* on the heap, not the case's arena: a big case's networks are built
     * piece by piece (check.c), and each piece has these for every statement */
    net->stmt_start = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    net->stmt_end = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    net->matched_entry = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    for (int i = 0; i < c->n_stmts; i++) net->matched_entry[i] = -1;
    add_point(&b, "Z", -1);
    for (int i = 0; i < c->n_stmts; i++) {
        net->stmt_start[i] = net->stmt_end[i] = -1;
        if ((c->kinds[i] != ST_CLAIM && c->kinds[i] != ST_FACT) || (keep && !keep[i])) continue;
        if (c->kinds[i] == ST_CLAIM || c->stmts[i].fact->fact_kind != FACT_RESIDES) {
            /* named when shown (kj_point_name): "ID.start", "ID.end" */
            net->stmt_start[i] = add_point(&b, NULL, i);
            net->stmt_end[i] = add_point(&b, NULL, i);
        }
    }
    presence_vec pv = {0};
    for (int i = 0; i < c->n_stmts; i++) {
        if (keep && !keep[i]) continue;
        if (c->kinds[i] == ST_CLAIM) claim_edges(&b, i, &pv);
        else if (c->kinds[i] == ST_FACT) fact_edges(&b, i, &pv);
    }
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_CLAIM && (!keep || keep[i])) sequence_edges(&b, i);
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_CLAIM && (!keep || keep[i])) {
            register_constraints(&b, i, EV_ARRIVAL);
            register_constraints(&b, i, EV_DEPARTURE);
            register_constraints(&b, i, EV_STAY);
        }
    presence_disjunctions(&b, &pv, prune);
    anchored_travel(&b, &pv);
    kj_free(pv.items);
    kj_free(b.modes.items);
    kj_free(b.registers.items);
    kj_free(b.routes.items);
    kj_free(b.prov1_of);
    kj_free(b.geo);
    kj_free(b.leaves);
    kj_free(b.mark);
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
    kj_arena_free(&net->own);
    kj_free(net);
}
