/* ir — builds the resolved form of a case (ir.h) from its statements.
 *
 * Input: a case that resolve.c (and records.c) have filled in.  Output: a
 * kj_ir: places, events, links, registers, modes and routes, each value
 * worked out once (an era, the place a reference finally is, a one-of
 * place's leaves, the fastest mode of a journey), for the compiler to read
 * instead of the statements' syntax. */
#include <string.h>

#include "calendar.h"
#include "ir.h"

/* What building an ir needs besides the ir itself. */
typedef KJ_VEC(kj_ir_place) ir_place_vec;

typedef struct ir_builder {
    kj_mem *mem;
    const kj_case *c;
    kj_ir *ir;
    ir_place_vec places;              /* made as they are reached (ir_place_index) */
    unsigned *mark, epoch;            /* by statement: walked in this epoch (one-of leaves) */
} ir_builder;

typedef KJ_VEC(int) ir_int_vec;
typedef KJ_VEC(kj_ir_link) ir_link_vec;

static const kj_interval ir_unbounded = {.lo = -KJ_INF, .hi = KJ_INF};

/* A copy of v's items in the ir's arena (*n set); v is freed. */
static int *ir_keep_ints(ir_builder *b, ir_int_vec *v, int *n)
{
    int *out = kj_arena_alloc(&b->ir->own, sizeof(int) * (size_t)(v->n + 1));
    if (v->n) memcpy(out, v->items, sizeof(int) * (size_t)v->n);
    *n = v->n;
    kj_free(v->items);
    *v = (ir_int_vec){0};
    return out;
}

/* A copy of n zones (n < 1: none) in the ir's arena. */
static const char **ir_keep_zones(ir_builder *b, const char *const *zones, int n)
{
    const char **out = kj_arena_alloc(&b->ir->own, sizeof(const char *) * (size_t)(n > 0 ? n + 1 : 1));
    if (n > 0) memcpy(out, zones, sizeof(const char *) * (size_t)n);
    return out;
}

/* ---- years of an era ---------------------------------------------------- */

/* The proleptic Gregorian year of UTC instant t (far ones: +-100000). */
static int ir_year_of(int64_t t)
{
    if (t <= -KJ_INF / 2) return -100000;
    if (t >= KJ_INF / 2) return 100000;
    int64_t days = kj_day_of(t);
    int y, m, d;
    kj_civil_from_days(days, &y, &m, &d);
    return y;
}

/* Zones and local mean times lie within UTC-15:57 .. UTC+15:13: an instant
 * within 16 h of New Year is in either year somewhere (design.md §0: the
 * widest era). */
#define KJ_IR_ERA_SLACK_S (16 * 3600)

int kj_ir_era_year_lo(int64_t t) { return ir_year_of(t <= -KJ_INF / 2 ? t : t - KJ_IR_ERA_SLACK_S); }

int kj_ir_era_year_hi(int64_t t) { return ir_year_of(t >= KJ_INF / 2 ? t : t + KJ_IR_ERA_SLACK_S); }

/* ---- places ------------------------------------------------------------- */

/* Appends the one-of places and assumptions that turn reference p into a
 * place (an entity is followed to its place, and not cited: its lifetime
 * is another matter). */
static void ir_cite_resolution(ir_builder *b, int p, ir_int_vec *used)
{
    const kj_case *c = b->c;
    for (int guard = 0; p >= 0 && guard < 16; guard++) {
        const kj_stmt *s = &c->stmts[p];
        if (s->kind == ST_ENTITY) {
            p = s->entity->at.idx;
        } else if (s->kind == ST_PLACE && s->place->n_alts && s->place->assumed_alt >= 0) {
            kj_vec_put(b->mem, used, p);
            kj_vec_put(b->mem, used, s->place->assumed_by);
            p = s->place->assumed_alt;
        } else {
            return;
        }
    }
}

/* The distinct leaves under place reference p (statements), and what the
 * walk rests on; each place walked once however many paths reach it. */
static void ir_leaves_walk(ir_builder *b, int p, ir_int_vec *leaves, ir_int_vec *used, int *unknown)
{
    const kj_case *c = b->c;
    int e = kj_place_effective(c, p);
    if (e < 0 || c->stmts[e].kind != ST_PLACE) {
        *unknown = 1;
        return;
    }
    ir_cite_resolution(b, p, used);
    if (b->mark[e] == b->epoch) return;
    b->mark[e] = b->epoch;
    kj_vec_put(b->mem, used, e);
    const kj_place_stmt *pl = c->stmts[e].place;
    if (!pl->n_alts) {
        kj_vec_put(b->mem, leaves, e);
        return;
    }
    for (int k = 0; k < pl->n_alts; k++) ir_leaves_walk(b, pl->alts[k].idx, leaves, used, unknown);
}

static int ir_place_index(ir_builder *b, int stmt);

/* Fills the leaves (as ir places: made if need be) of one-of place k, and
 * what they cite. */
static void ir_place_leaves(ir_builder *b, int k)
{
    ir_int_vec leaves = {0}, used = {0};
    int unknown = 0, stmt = b->places.items[k].stmt;
    const kj_place_stmt *root = b->c->stmts[stmt].place;
    b->epoch++;
    /* the root's alternatives as written, even if an assumption picks one
     * (a kj_ir_where follows that); nested places after their assumptions */
    b->mark[stmt] = b->epoch;
    kj_vec_put(b->mem, &used, stmt);
    for (int a = 0; a < root->n_alts; a++) ir_leaves_walk(b, root->alts[a].idx, &leaves, &used, &unknown);
    /* (a leaf is no one of: making it walks nothing, and the vector of
     * places may move, so item k is found again below) */
    for (int a = 0; a < leaves.n; a++) leaves.items[a] = ir_place_index(b, leaves.items[a]);
    kj_ir_place *pl = &b->places.items[k];
    pl->leaves = ir_keep_ints(b, &leaves, &pl->n_leaves);
    pl->cites = ir_keep_ints(b, &used, &pl->n_cites);
    pl->leaves_unknown = unknown;
}

/* One place statement, resolved (a one of's leaves: ir_place_leaves). */
static kj_ir_place ir_place(ir_builder *b, int stmt)
{
    const kj_place_stmt *p = b->c->stmts[stmt].place;
    kj_ir_place pl = {
        .stmt = stmt,
        .kind = p->n_alts ? IR_PLACE_ONE_OF : p->located ? IR_PLACE_LOCATED : IR_PLACE_UNLOCATED,
        .lat = p->lat,
        .lon = p->lon,
        .radius_m = p->located ? p->radius_m : 0,
        .zone = p->zone.text,
    };
    const char *zones[KJ_ZONES_MAX];
    pl.n_zones = kj_place_zones(b->c, stmt, zones, KJ_ZONES_MAX);
    pl.zones = ir_keep_zones(b, zones, pl.n_zones);
    return pl;
}

/* The ir place of place statement stmt, made the first time it is
 * reached: a case of a million places of which its events name a few
 * keeps a few. */
static int ir_place_index(ir_builder *b, int stmt)
{
    if (b->ir->place_of[stmt] >= 0) return b->ir->place_of[stmt];
    int k = b->places.n;
    kj_ir_place pl = ir_place(b, stmt);
    kj_vec_put(b->mem, &b->places, pl);
    b->ir->place_of[stmt] = k;
    if (pl.kind == IR_PLACE_ONE_OF) ir_place_leaves(b, k);
    return k;
}

/* Whether some place statement is unlocated (not one of several). */
static int ir_any_unlocated(const kj_case *c)
{
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_PLACE && !c->stmts[i].place->located && !c->stmts[i].place->n_alts) return 1;
    return 0;
}

/* Appends to out the places a register may cover reference p at: its
 * identity (kj_place_identity: through the assumptions, not through an
 * entity), or the places of the one of several it is, each once however
 * many nested paths reach it; cites what that reading rests on. */
static int ir_has(const ir_int_vec *v, int x)
{
    for (int i = 0; i < v->n; i++)
        if (v->items[i] == x) return 1;
    return 0;
}

static void ir_covered(ir_builder *b, int p, ir_int_vec *out, ir_int_vec *cites, int depth)
{
    const kj_case *c = b->c;
    int id = kj_place_identity(c, p);
    if (id < 0 || depth > 8) return;
    ir_cite_resolution(b, p, cites);
    const kj_stmt *s = &c->stmts[id];
    if (s->kind != ST_PLACE || !s->place->n_alts) {
        if (!ir_has(out, id)) kj_vec_put(b->mem, out, id);
        return;
    }
    if (depth > 0 && ir_has(cites, id)) return; /* walked already */
    kj_vec_put(b->mem, cites, id);
    for (int k = 0; k < s->place->n_alts; k++) ir_covered(b, s->place->alts[k].idx, out, cites, depth + 1);
}

/* A place as a statement names it (named: a place or entity, or -1),
 * made once per statement named. */
static const kj_ir_where *ir_where(ir_builder *b, int named)
{
    const kj_case *c = b->c;
    if (named < 0) return &b->ir->nowhere;
    if (b->ir->where_of[named]) return b->ir->where_of[named];
    kj_ir_where *wp = kj_arena_alloc(&b->ir->own, sizeof *wp);
    b->ir->where_of[named] = wp;
    kj_ir_where w = {.named = named, .entity = -1, .life = ir_unbounded, .identity = -1, .place = -1};
    const kj_stmt *s = &c->stmts[named];
    if (s->kind == ST_ENTITY) {
        w.entity = named;
        if (s->entity->exists.text) w.life = s->entity->life;
    }
    w.identity = kj_place_identity(c, named);
    int e = kj_place_effective(c, named);
    if (e >= 0 && c->stmts[e].kind == ST_PLACE) w.place = ir_place_index(b, e);
    ir_int_vec used = {0}, covered = {0};
    ir_cite_resolution(b, named, &used);
    w.cites = ir_keep_ints(b, &used, &w.n_cites);
    ir_covered(b, named, &covered, &used, 0);
    w.covered = ir_keep_ints(b, &covered, &w.n_covered);
    w.covered_cites = ir_keep_ints(b, &used, &w.n_covered_cites);
    const char *zones[KJ_ZONES_MAX];
    w.n_zones = kj_place_zones(c, named, zones, KJ_ZONES_MAX);
    w.zones = ir_keep_zones(b, zones, w.n_zones);
    *wp = w;
    return wp;
}

/* ---- modes and routes --------------------------------------------------- */

/* How many statements are of kind k. */
static int ir_count_kind(const kj_case *c, kj_stmt_kind k)
{
    int n = 0;
    for (int i = 0; i < c->n_stmts; i++) n += c->kinds[i] == k;
    return n;
}

/* Every mode, shipped or declared, in statement order. */
static void ir_modes(ir_builder *b)
{
    const kj_case *c = b->c;
    kj_ir *ir = b->ir;
    ir->modes = kj_arena_alloc(&ir->own, sizeof(kj_ir_mode) * (size_t)(ir_count_kind(c, ST_MODE) + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_MODE) continue;
        const kj_mode_stmt *m = c->stmts[i].mode;
        ir->modes[ir->n_modes++] = (kj_ir_mode){
            .stmt = i, .mode_class = m->mode_class, .max_mps = m->max_mps, .since = m->since, .until = m->until};
    }
}

double kj_ir_mode_mps(const kj_ir *ir, int m)
{
    for (int k = 0; k < ir->n_modes; k++)
        if (ir->modes[k].stmt == m) return ir->modes[k].max_mps;
    return 0;
}

int kj_ir_fastest_mode(const kj_ir *ir, const char *cls, int y0, int y1)
{
    int best = -1;
    double best_mps = 0;
    for (int k = 0; k < ir->n_modes; k++) {
        const kj_ir_mode *m = &ir->modes[k];
        if (cls && strcmp(m->mode_class, cls)) continue;
        if (m->since && m->since > y1) continue;
        if (m->until && m->until < y0) continue;
        if (best < 0 || m->max_mps > best_mps) {
            best = m->stmt;
            best_mps = m->max_mps;
        }
    }
    return best;
}

int kj_ir_person_fastest(const kj_ir *ir, int p, int y0, int y1, int *cite)
{
    int any = kj_ir_fastest_mode(ir, NULL, y0, y1);
    const kj_ir_travels *t = p >= 0 ? ir->travels_of[p] : NULL;
    *cite = -1;
    if (!t || any < 0) return any;
    int best = -1;
    double best_mps = 0;
    for (int k = 0; k < t->n_classes; k++) {
        int m = kj_ir_fastest_mode(ir, t->classes[k], y0, y1);
        if (m >= 0 && (best < 0 || kj_ir_mode_mps(ir, m) > best_mps)) {
            best = m;
            best_mps = kj_ir_mode_mps(ir, m);
        }
    }
    if (best < 0 || best_mps >= kj_ir_mode_mps(ir, any)) return best < 0 ? -1 : any;
    *cite = t->stmt;
    return best;
}

/* Who travels how, by assumption (kj_ir_travels): per person. */
static void ir_travels(ir_builder *b)
{
    const kj_case *c = b->c;
    kj_ir *ir = b->ir;
    ir->travels_of = kj_arena_alloc(&ir->own, sizeof(kj_ir_travels *) * (size_t)(c->n_stmts + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_ASSUME || !c->stmts[i].assume->n_classes) continue;
        const kj_assume_stmt *a = c->stmts[i].assume;
        int p = a->target.idx;
        if (p < 0 || c->kinds[p] != ST_PERSON || ir->travels_of[p]) continue;
        int cap = a->n_classes;
        for (int k = 0; k < c->n_stmts; k++) cap += c->kinds[k] == ST_CLAIM;
        kj_ir_travels *t = kj_arena_alloc(&ir->own, sizeof *t);
        t->stmt = i;
        t->classes = kj_arena_alloc(&ir->own, sizeof(char *) * (size_t)(cap + 1));
        for (int k = 0; k < a->n_classes; k++) t->classes[t->n_classes++] = a->classes[k].name;
        for (int k = 0; k < c->n_stmts; k++) {
            if (c->kinds[k] != ST_CLAIM) continue;
            const kj_claim_stmt *cl = c->stmts[k].claim;
            if (cl->claim_kind != CLAIM_TRAVEL || !cl->mode.name) continue;
            int with = cl->person.idx == p;
            for (int o = 0; o < cl->n_others && !with; o++) with = cl->others[o].idx == p;
            if (!with) continue;
            const char *cls = cl->mode.idx >= 0 ? c->stmts[cl->mode.idx].mode->mode_class : cl->mode.name;
            int seen = 0;
            for (int m = 0; m < t->n_classes && !seen; m++) seen = !strcmp(t->classes[m], cls);
            if (!seen) t->classes[t->n_classes++] = cls;
        }
        ir->travels_of[p] = t;
    }
}

/* The ir place a route end finally is, or -1. */
static int ir_place_at(ir_builder *b, int ref)
{
    int e = kj_place_effective(b->c, ref);
    return e >= 0 && b->c->stmts[e].kind == ST_PLACE ? ir_place_index(b, e) : -1;
}

/* Every route, in statement order. */
static void ir_routes(ir_builder *b)
{
    const kj_case *c = b->c;
    kj_ir *ir = b->ir;
    ir->routes = kj_arena_alloc(&ir->own, sizeof(kj_ir_route) * (size_t)(ir_count_kind(c, ST_ROUTE) + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_ROUTE) continue;
        const kj_route_stmt *r = c->stmts[i].route;
        ir->routes[ir->n_routes++] = (kj_ir_route){
            .stmt = i,
            .from = ir_place_at(b, r->from.idx),
            .to = ir_place_at(b, r->to.idx),
            .mode_class = r->mode.idx >= 0 ? c->stmts[r->mode.idx].mode->mode_class : NULL,
            .dist_m = r->dist_m,
        };
    }
}

/* ---- events -------------------------------------------------------------- */

/* The widest span a claim's times allow: from the earliest of their
 * starts to the latest of their ends, unbounded on a side none bounds. */
static kj_interval ir_claim_era(const kj_claim_stmt *cl)
{
    kj_interval e = {.lo = KJ_INF, .hi = -KJ_INF};
    const kj_interval *ivs[] = {&cl->when_iv, &cl->depart_iv, &cl->arrive_iv};
    int lo_open = 1, hi_open = 1;
    for (int i = 0; i < 3; i++) {
        if (ivs[i]->lo > -KJ_INF && ivs[i]->lo < e.lo) e.lo = ivs[i]->lo;
        if (ivs[i]->hi < KJ_INF && ivs[i]->hi > e.hi) e.hi = ivs[i]->hi;
        lo_open &= ivs[i]->lo == -KJ_INF;
        hi_open &= ivs[i]->hi == KJ_INF;
    }
    if (e.lo == KJ_INF || lo_open) e.lo = -KJ_INF;
    if (e.hi == -KJ_INF || hi_open) e.hi = KJ_INF;
    return e;
}

/* Adds a window to ev, and narrows the point's intersection. */
static void ir_window(kj_ir_event *ev, kj_ir_point point, kj_ir_window_kind kind, kj_interval iv)
{
    ev->windows[ev->n_windows++] = (kj_ir_window){.point = point, .kind = kind, .iv = iv};
    kj_interval *x = point == IR_START ? &ev->start : &ev->end;
    if (iv.lo > x->lo) x->lo = iv.lo;
    if (iv.hi < x->hi) x->hi = iv.hi;
}

/* The mode a claim names and its class; for a journey, the mode that
 * bounds it. */
static void ir_claim_mode(ir_builder *b, kj_ir_event *ev, const kj_claim_stmt *cl, int journey)
{
    ev->mode = cl->mode.idx;
    ev->mode_class = cl->mode.idx >= 0 ? b->c->stmts[cl->mode.idx].mode->mode_class
                                       : cl->mode.name; /* `by CLASS`, or NULL */
    ev->travels_by = -1;
    if (journey)
        ev->fastest = cl->mode.idx >= 0 ? cl->mode.idx
                      : ev->mode_class ? kj_ir_fastest_mode(b->ir, ev->mode_class, ev->era_year_lo, ev->era_year_hi)
                                       : kj_ir_person_fastest(b->ir, ev->person, ev->era_year_lo, ev->era_year_hi,
                                                              &ev->travels_by);
}

/* What every claim's event has: its statement, person, duration, era,
 * attributes and written clocks; no mode, no place, no window yet. */
static kj_ir_event ir_claim_common(ir_builder *b, int ci, const kj_claim_stmt *cl)
{
    return (kj_ir_event){
        .stmt = ci,
        .origin = IR_FROM_CLAIM,
        .person = cl->person.idx,
        .with = b->ir->nowhere.cites,
        .from = &b->ir->nowhere,
        .to = &b->ir->nowhere,
        .start = ir_unbounded,
        .end = ir_unbounded,
        .dur_min_s = cl->dur.text ? cl->dur_min : 0,
        .dur_max_s = cl->dur.text ? cl->dur_max : KJ_INF,
        .dur_stated = cl->dur.text != NULL,
        .era = ir_claim_era(cl),
        .mode = -1,
        .fastest = -1,
        .travels_by = -1,
        .nonstop = cl->nonstop,
        .attrs = cl->attrs,
        .n_attrs = cl->n_attrs,
        .written_zones = cl->written_zones,
        .n_written_zones = cl->n_written_zones,
        .sender = -1,
        .receiver = -1,
        .medium = -1,
    };
}

/* A message claim's event: start the sending, end the receipt; its time
 * is its person's act (for a call, its start). */
static kj_ir_event ir_message_event(ir_builder *b, int ci)
{
    const kj_claim_stmt *cl = b->c->stmts[ci].claim;
    const kj_stmt *m = cl->medium.idx >= 0 ? &b->c->stmts[cl->medium.idx] : NULL;
    kj_ir_event ev = ir_claim_common(b, ci, cl);
    ev.kind = IR_EV_MESSAGE;
    ev.from = ir_where(b, cl->from.name ? cl->from.idx : -1);
    ev.to = ir_where(b, cl->to.name ? cl->to.idx : -1);
    ev.sender = cl->receives ? cl->party.idx : cl->person.idx;
    ev.receiver = cl->receives ? cl->person.idx : cl->party.idx;
    ev.medium = cl->medium.idx;
    ev.medium_class = m ? m->medium->medium_class : MEDIUM_WIRE;
    ev.mode_class = m ? m->id : NULL; /* what a register's `by` names */
    int at_start = !cl->receives || ev.medium_class == MEDIUM_LIVE;
    if (cl->when.text) ir_window(&ev, at_start ? IR_START : IR_END, IR_WIN_BEGINS, cl->when_iv);
    if (cl->depart.text) ir_window(&ev, IR_START, IR_WIN_DEPARTS, cl->depart_iv);
    if (cl->arrive.text) ir_window(&ev, IR_END, IR_WIN_ARRIVES, cl->arrive_iv);
    ev.era_year_lo = kj_ir_era_year_lo(ev.era.lo);
    ev.era_year_hi = kj_ir_era_year_hi(ev.era.hi);
    return ev;
}

/* A claim's event. */
static kj_ir_event ir_claim_event(ir_builder *b, int ci)
{
    const kj_claim_stmt *cl = b->c->stmts[ci].claim;
    if (cl->claim_kind == CLAIM_MESSAGE) return ir_message_event(b, ci);
    int travel = cl->claim_kind == CLAIM_TRAVEL;
    kj_ir_event ev = ir_claim_common(b, ci, cl);
    ev.kind = travel ? IR_EV_JOURNEY : IR_EV_PRESENCE;
    ev.from = ir_where(b, travel ? cl->from.idx : cl->at.idx);
    ev.to = travel ? ir_where(b, cl->to.idx) : ev.from; /* a presence: one place */
    if (cl->n_others > 0) {
        int *with = kj_arena_alloc(&b->ir->own, sizeof(int) * (size_t)cl->n_others);
        for (int k = 0; k < cl->n_others; k++) with[ev.n_with++] = cl->others[k].idx;
        ev.with = with;
    }
    if (cl->when.text) ir_window(&ev, IR_START, IR_WIN_BEGINS, cl->when_iv);
    if (cl->depart.text) ir_window(&ev, IR_START, IR_WIN_DEPARTS, cl->depart_iv);
    if (cl->arrive.text) ir_window(&ev, IR_END, IR_WIN_ARRIVES, cl->arrive_iv);
    ev.era_year_lo = kj_ir_era_year_lo(ev.era.lo);
    ev.era_year_hi = kj_ir_era_year_hi(ev.era.hi);
    ir_claim_mode(b, &ev, cl, travel);
    return ev;
}

/* A fact's event: "throughout" spans for certain from the latest reading
 * of its start to the earliest of its end (when_iv, read narrow), so each
 * end is an instant; "on/in" is one instant within its reading. */
/* A journey fact's event: aboard from departure (an instant within its
 * wide reading, at A) to arrival (likewise, at B); its vehicle's mode is
 * the one named, else the fastest of the class named in its era. */
static kj_ir_event ir_fact_journey(ir_builder *b, int fi)
{
    const kj_fact_stmt *f = b->c->stmts[fi].fact;
    kj_ir_event ev = {
        .stmt = fi,
        .origin = IR_FROM_FACT_JOURNEY,
        .kind = IR_EV_JOURNEY,
        .person = f->person.idx,
        .travels_by = -1,
        .from = ir_where(b, f->at.idx),
        .to = ir_where(b, f->to.idx),
        .start = ir_unbounded,
        .end = ir_unbounded,
        .dur_min_s = 0,
        .dur_max_s = KJ_INF,
        .era = f->wide_iv,
        .mode = f->mode.idx,
        .mode_class = f->mode.idx >= 0 ? b->c->stmts[f->mode.idx].mode->mode_class : f->mode.name,
        .fastest = -1,
    };
    ev.with = b->ir->nowhere.cites;
    ir_window(&ev, IR_START, IR_WIN_FACT, f->when_iv);
    ir_window(&ev, IR_END, IR_WIN_FACT, f->arrive_iv);
    ev.era_year_lo = kj_ir_era_year_lo(ev.era.lo);
    ev.era_year_hi = kj_ir_era_year_hi(ev.era.hi);
    ev.fastest = f->mode.idx >= 0 ? f->mode.idx
                 : ev.mode_class ? kj_ir_fastest_mode(b->ir, ev.mode_class, ev.era_year_lo, ev.era_year_hi) : -1;
    return ev;
}

static kj_ir_event ir_fact_event(ir_builder *b, int fi)
{
    const kj_fact_stmt *f = b->c->stmts[fi].fact;
    if (f->fact_kind == FACT_JOURNEY) return ir_fact_journey(b, fi);
    int throughout = f->fact_kind == FACT_THROUGHOUT;
    kj_ir_event ev = {
        .stmt = fi,
        .origin = throughout ? IR_FROM_FACT_THROUGHOUT : IR_FROM_FACT_AT,
        .kind = IR_EV_PRESENCE,
        .person = f->person.idx,
        .travels_by = -1,
        .from = ir_where(b, f->at.idx),
        .start = ir_unbounded,
        .end = ir_unbounded,
        .dur_min_s = 0,
        .dur_max_s = throughout ? KJ_INF : 0,
        .dur_stated = !throughout,
        .era = f->when_iv,
        .mode = -1,
        .fastest = -1,
    };
    ev.to = ev.from;
    ev.with = b->ir->nowhere.cites;
    if (throughout) {
        ir_window(&ev, IR_START, IR_WIN_FACT, (kj_interval){.lo = f->when_iv.lo, .hi = f->when_iv.lo});
        ir_window(&ev, IR_END, IR_WIN_FACT, (kj_interval){.lo = f->when_iv.hi, .hi = f->when_iv.hi});
    } else {
        ir_window(&ev, IR_START, IR_WIN_FACT, f->when_iv);
    }
    ev.era_year_lo = kj_ir_era_year_lo(ev.era.lo);
    ev.era_year_hi = kj_ir_era_year_hi(ev.era.hi);
    return ev;
}

/* Whether statement i is an event: a claim, or a fact of presence. */
static int ir_is_event(const kj_case *c, int i)
{
    return c->kinds[i] == ST_CLAIM || (c->kinds[i] == ST_FACT && c->stmts[i].fact->fact_kind != FACT_RESIDES &&
                                       c->stmts[i].fact->fact_kind != FACT_CUSTODY &&
                                       c->stmts[i].fact->fact_kind != FACT_UNREACHABLE);
}

/* Every custody with both ends resolved: stated, and the owners'
 * hypotheses if asked for. */
static void ir_custodies(ir_builder *b, int hypotheses)
{
    const kj_case *c = b->c;
    kj_ir *ir = b->ir;
    int n = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < c->n_stmts; i++) {
            const kj_stmt *s = &c->stmts[i];
            kj_ir_custody k = {.stmt = i, .person = -1, .thing = -1};
            if (c->kinds[i] == ST_FACT && s->fact->fact_kind == FACT_CUSTODY)
                k = (kj_ir_custody){.stmt = i, .person = s->fact->person.idx, .thing = s->fact->thing.idx,
                                    .window = s->fact->when_iv, .wide = s->fact->wide_iv};
            else if (c->kinds[i] == ST_ASSUME && s->assume->thing.name)
                k = (kj_ir_custody){.stmt = i, .person = s->assume->target.idx, .thing = s->assume->thing.idx,
                                    .window = s->assume->when_iv, .wide = s->assume->wide_iv,
                                    .hypothetical = s->assume->hypothetical};
            if (k.person < 0 || k.thing < 0 || s->bad || (k.hypothetical && !hypotheses)) continue;
            if (c->kinds[k.thing] == ST_DEVICE) {
                const kj_device_stmt *d = c->stmts[k.thing].device;
                k.vehicle = d->vehicle;
                k.attrs = d->attrs;
                k.n_attrs = d->n_attrs;
            }
            if (pass) ir->custodies[n] = k;
            n++;
        }
        if (!pass) {
            ir->custodies = kj_arena_alloc(&ir->own, sizeof(kj_ir_custody) * (size_t)(n + 1));
            ir->n_custodies = n;
            n = 0;
        }
    }
}

/* Every unreachable fact with its person resolved, in statement order. */
static void ir_reach(ir_builder *b)
{
    const kj_case *c = b->c;
    kj_ir *ir = b->ir;
    int n = 0;
    for (int i = 0; i < c->n_stmts; i++) n += c->kinds[i] == ST_FACT && c->stmts[i].fact->fact_kind == FACT_UNREACHABLE;
    ir->reach = kj_arena_alloc(&ir->own, sizeof(kj_ir_reach) * (size_t)(n + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_FACT || c->stmts[i].bad) continue;
        const kj_fact_stmt *f = c->stmts[i].fact;
        if (f->fact_kind != FACT_UNREACHABLE || f->person.idx < 0) continue;
        int *media = kj_arena_alloc(&ir->own, sizeof(int) * (size_t)(f->n_media + 1));
        int nm = 0;
        for (int k = 0; k < f->n_media; k++)
            if (f->media[k].idx >= 0) media[nm++] = f->media[k].idx;
        if (f->n_media && !nm) continue; /* (its media unresolved: reported) */
        ir->reach[ir->n_reach++] = (kj_ir_reach){.stmt = i, .person = f->person.idx, .media = media, .n_media = nm,
                                                 .window = f->when_iv};
    }
}

/* Every event, in statement order. */
static void ir_events(ir_builder *b)
{
    const kj_case *c = b->c;
    kj_ir *ir = b->ir;
    int n = 0;
    for (int i = 0; i < c->n_stmts; i++) n += ir_is_event(c, i);
    ir->events = kj_arena_alloc(&ir->own, sizeof(kj_ir_event) * (size_t)(n + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        ir->event_of[i] = -1;
        if (!ir_is_event(c, i)) continue;
        ir->event_of[i] = ir->n_events;
        ir->events[ir->n_events++] = c->kinds[i] == ST_CLAIM ? ir_claim_event(b, i) : ir_fact_event(b, i);
    }
}

/* ---- links --------------------------------------------------------------- */

/* The links of a claim's sequence clause and its `during`. */
static void ir_claim_links(ir_builder *b, int ci, ir_link_vec *out)
{
    const kj_case *c = b->c;
    const kj_claim_stmt *cl = c->stmts[ci].claim;
    int ev = b->ir->event_of[ci];
    if (cl->seq != SEQ_NONE && cl->seq_ref.idx >= 0 && b->ir->event_of[cl->seq_ref.idx] >= 0) {
        kj_ir_link l = {
            .kind = cl->seq,
            .event = ev,
            .ref_event = b->ir->event_of[cl->seq_ref.idx],
            .stmt = ci,
            .ref_stmt = cl->seq_ref.idx,
            .max_gap_s = cl->seq == SEQ_RIGHT_AFTER ? c->right_after_s : cl->seq == SEQ_GAP ? cl->gap_max : KJ_INF,
            .min_gap_s = cl->seq == SEQ_GAP ? cl->gap_min : 0,
            .during_iv = ir_unbounded,
        };
        kj_vec_put(b->mem, out, l);
    }
    if (cl->during.idx >= 0 && b->ir->event_of[cl->during.idx] >= 0) {
        const kj_stmt *x = &c->stmts[cl->during.idx];
        kj_ir_link l = {
            .kind = SEQ_DURING,
            .event = ev,
            .ref_event = b->ir->event_of[cl->during.idx],
            .stmt = ci,
            .ref_stmt = cl->during.idx,
            .max_gap_s = KJ_INF,
            .during_iv = x->kind == ST_FACT ? x->fact->wide_iv : ir_unbounded,
        };
        kj_vec_put(b->mem, out, l);
    }
}

/* Every link, in the order of the claims that state them. */
static void ir_links(ir_builder *b)
{
    const kj_case *c = b->c;
    ir_link_vec links = {0};
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_CLAIM) ir_claim_links(b, i, &links);
    b->ir->links = kj_arena_alloc(&b->ir->own, sizeof(kj_ir_link) * (size_t)(links.n + 1));
    if (links.n) memcpy(b->ir->links, links.items, sizeof(kj_ir_link) * (size_t)links.n);
    b->ir->n_links = links.n;
    kj_free(links.items);
}

/* ---- registers ------------------------------------------------------------ */

/* The inline entries of register ri (its statements that follow it). */
static int ir_count_entries(const kj_case *c, int ri)
{
    int n = 0;
    for (int e = ri + 1; e < c->n_stmts && c->kinds[e] == ST_ENTRY && c->stmts[e].parent == ri &&
                         !c->stmts[e].entry->row_line; e++)
        n++;
    return n;
}

/* Every register and its inline entries, in statement order. */
static void ir_registers(ir_builder *b)
{
    const kj_case *c = b->c;
    kj_ir *ir = b->ir;
    int n_regs = 0, n_entries = 0;
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_REGISTER) {
            n_regs++;
            n_entries += ir_count_entries(c, i);
        }
    for (int l = 0; l < c->n_links; l++) n_entries += c->links[l].n;
    ir->registers = kj_arena_alloc(&ir->own, sizeof(kj_ir_register) * (size_t)(n_regs + 1));
    ir->entries = kj_arena_alloc(&ir->own, sizeof(kj_ir_entry) * (size_t)(n_entries + 1));
    ir->imported = kj_arena_alloc(&ir->own, sizeof(kj_ir_imported) * (size_t)(c->n_links + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_REGISTER) continue;
        const kj_register_stmt *r = c->stmts[i].reg;
        int k = ir->n_registers++;
        ir->registers[k] = (kj_ir_register){
            .stmt = i,
            .event = r->event,
            .at = ir_where(b, r->at.idx),
            .coverage = r->coverage,
            .covers_stated = r->covers.text != NULL,
            .by_class = r->by_class,
            .of = r->of,
            .attrs = r->attrs,
            .n_attrs = r->n_attrs,
            .first_entry = ir->n_entries,
            .n_entries = ir_count_entries(c, i),
        };
        for (int e = i + 1; e < i + 1 + ir->registers[k].n_entries; e++) {
            const kj_entry_stmt *en = c->stmts[e].entry;
            ir->entries[ir->n_entries++] = (kj_ir_entry){
                .stmt = e,
                .reg = k,
                .when = en->when_iv,
                .unrelated = en->unrelated,
                .unrelated_to = en->unrelated ? en->unrelated_to.idx : -1,
                .attrs = en->attrs,
                .n_attrs = en->n_attrs,
            };
        }
    }
    /* the store's entries, per register and claim (records.c's links, in
     * their order: by register, then claim) */
    for (int l = 0, k = 0; l < c->n_links; l++) {
        const kj_store_link *sl = &c->links[l];
        while (k < ir->n_registers && ir->registers[k].stmt < sl->reg) k++;
        ir->imported[ir->n_imported++] = (kj_ir_imported){
            .reg = sl->reg, .claim = sl->claim, .thing = sl->thing, .first = ir->n_entries, .n = sl->n};
        for (int e = sl->first; e < sl->first + sl->n; e++) {
            const kj_entry_stmt *en = c->stmts[e].entry;
            ir->entries[ir->n_entries++] = (kj_ir_entry){
                .stmt = e,
                .reg = k,
                .when = en->when_iv,
                .unrelated = en->unrelated,
                .unrelated_to = en->unrelated ? en->unrelated_to.idx : -1,
                .attrs = en->attrs,
                .n_attrs = en->n_attrs,
                .rows = en->rows,
                .n_rows = en->n_rows,
                .rows_excluded = en->unrelated,
            };
        }
    }
}

const kj_ir_imported *kj_ir_imported_for(const kj_ir *ir, int reg, int claim, int thing)
{
    const kj_store_link *l = kj_store_rows(ir->c, reg, claim, thing); /* (imported[i] is links[i]'s) */
    return l ? &ir->imported[l - ir->c->links] : NULL;
}

/* ---- the whole ------------------------------------------------------------ */

kj_ir *kj_ir_build(kj_mem *mem, const kj_case *c) { return kj_ir_build_ex(mem, c, 1); }

kj_ir *kj_ir_build_ex(kj_mem *mem, const kj_case *c, int hypotheses)
{
    kj_ir *ir = kj_calloc(mem, 1, sizeof *ir);
    ir->own = KJ_ARENA(mem);
    ir->c = c;
    ir->place_of = kj_arena_alloc(&ir->own, sizeof(int) * (size_t)(c->n_stmts + 1));
    ir->event_of = kj_arena_alloc(&ir->own, sizeof(int) * (size_t)(c->n_stmts + 1));
    ir->where_of = kj_calloc(mem, (size_t)c->n_stmts + 1, sizeof *ir->where_of);
    static const int none[1] = {0};
    static const char *const no_zones[1] = {NULL};
    ir->nowhere = (kj_ir_where){.named = -1, .entity = -1, .life = ir_unbounded, .identity = -1, .place = -1,
                                .cites = none, .zones = no_zones, .covered = none, .covered_cites = none};
    ir_builder b = {
        .mem = mem,
        .c = c,
        .ir = ir,
        .mark = kj_calloc(mem, (size_t)c->n_stmts + 1, sizeof(unsigned)),
    };
    for (int i = 0; i < c->n_stmts; i++) ir->place_of[i] = -1;
    ir->any_unlocated = ir_any_unlocated(c);
    ir_modes(&b);
    ir_travels(&b);
    ir_routes(&b);
    ir_events(&b);
    ir_links(&b);
    ir_registers(&b);
    ir_custodies(&b, hypotheses);
    ir_reach(&b);
    ir->places = b.places.items; /* (on the heap: a kj_vec, freed by kj_ir_free) */
    ir->n_places = b.places.n;
    kj_free(b.mark);
    return ir;
}

void kj_ir_free(kj_ir *ir)
{
    if (!ir) return;
    kj_free(ir->where_of);
    kj_free(ir->places);
    kj_arena_free(&ir->own);
    kj_free(ir);
}
