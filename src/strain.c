/* strain — what an account needs (strain.h). */
#include <stdlib.h>
#include <string.h>

#include "strain.h"

/* The fastest speed of class cls in some year of [y0, y1], m/s; 0: none. */
static double class_mps(const kj_ir *ir, const char *cls, int y0, int y1)
{
    int m = kj_ir_fastest_mode(ir, cls, y0, y1);
    return m >= 0 ? kj_ir_mode_mps(ir, m) : 0;
}

static int has(const char **v, int n, const char *s)
{
    for (int k = 0; k < n; k++)
        if (!strcmp(v[k], s)) return 1;
    return 0;
}

/* The journeys of each testimony that name a class: those of testimony t
 * are ev[start[t] .. start[t + 1]) (ir events). */
typedef struct journeys_by {
    int *start, *ev;
} journeys_by;

static journeys_by journeys_of_testimonies(kj_mem *mem, const kj_case *c, const kj_ir *ir)
{
    journeys_by j = {.start = kj_calloc(mem, (size_t)c->n_stmts + 2, sizeof(int)),
                     .ev = kj_malloc(mem, sizeof(int) * ((size_t)ir->n_events + 1))};
    for (int k = 0; k < ir->n_events; k++) {
        const kj_ir_event *ev = &ir->events[k];
        int t = c->stmts[ev->stmt].parent;
        if (ev->origin == IR_FROM_CLAIM && ev->kind == IR_EV_JOURNEY && ev->mode_class && t >= 0) j.start[t + 1]++;
    }
    for (int t = 0; t < c->n_stmts; t++) j.start[t + 1] += j.start[t];
    int *at = kj_malloc(mem, sizeof(int) * ((size_t)c->n_stmts + 1));
    memcpy(at, j.start, sizeof(int) * (size_t)c->n_stmts);
    for (int k = 0; k < ir->n_events; k++) {
        const kj_ir_event *ev = &ir->events[k];
        int t = c->stmts[ev->stmt].parent;
        if (ev->origin == IR_FROM_CLAIM && ev->kind == IR_EV_JOURNEY && ev->mode_class && t >= 0) j.ev[at[t]++] = k;
    }
    kj_free(at);
    return j;
}

/* The classes the account of claim ci names for person p: foot, those an
 * assumption says p travels by, and the class of every journey of p (or
 * with p) in the same testimony. */
static int named_classes(const kj_case *c, const kj_ir *ir, const journeys_by *j, int ci, int p, const char **out,
                         int max)
{
    int n = 0;
    out[n++] = "foot";
    const kj_ir_travels *tr = p >= 0 ? ir->travels_of[p] : NULL; /* (its classes: the case's word) */
    for (int k = 0; tr && k < tr->n_classes && n < max; k++)
        if (!has(out, n, tr->classes[k])) out[n++] = tr->classes[k];
    int t = c->stmts[ci].parent;
    for (int k = t < 0 ? 0 : j->start[t]; t >= 0 && k < j->start[t + 1] && n < max; k++) {
        const kj_ir_event *ev = &ir->events[j->ev[k]];
        int with = ev->person == p;
        for (int w = 0; w < ev->n_with && !with; w++) with = ev->with[w] == p;
        if (with && !has(out, n, ev->mode_class)) out[n++] = ev->mode_class;
    }
    return n;
}

typedef struct class_speed { const char *cls; double mps; } class_speed;

static int cmp_class_speed(const void *a, const void *b)
{
    const class_speed *x = a, *y = b;
    if (x->mps != y->mps) return x->mps < y->mps ? -1 : 1;
    return strcmp(x->cls, y->cls);
}

/* Whether a device's or vehicle's "throughout" position, which a stated
 * custody makes the claim's person's, covers the claim's place and whole
 * window (as a fact of his own corroborates it: verdicts.c).  Such a
 * position does not corroborate (a custody does not carry that), but the
 * claim then says no more than the evidence: a strain of its legs is the
 * evidence's, not the account's. */
static int covered_through_custody(const kj_case *c, const kj_ir *ir, int ci)
{
    const kj_claim_stmt *cl = c->stmts[ci].claim;
    int travel = cl->claim_kind == CLAIM_TRAVEL;
    int place = kj_place_effective(c, travel ? cl->to.idx : cl->at.idx);
    kj_interval w = travel ? cl->arrive_iv : cl->when_iv;
    if (place < 0 || cl->person.idx < 0) return 0;
    for (int k = 0; k < ir->n_custodies; k++) {
        const kj_ir_custody *cu = &ir->custodies[k];
        if (cu->hypothetical || cu->person != cl->person.idx) continue;
        int ev = -1;
        for (int e = 0; e < ir->n_events; e++) {
            const kj_ir_event *f = &ir->events[e];
            if (f->origin != IR_FROM_FACT_THROUGHOUT || f->person != cu->thing) continue;
            const kj_fact_stmt *fs = c->stmts[f->stmt].fact;
            if (kj_place_effective(c, fs->at.idx) != place || w.lo < fs->when_iv.lo || w.hi > fs->when_iv.hi) continue;
            if (fs->when_iv.lo < cu->window.lo || fs->when_iv.hi > cu->window.hi) continue;
            ev = e;
        }
        if (ev >= 0) return 1;
    }
    return 0;
}

/* The other end of a leg, when it is another claim (else -1). */
static int other_claim(const kj_leg *l)
{
    int o = l->first == l->claim ? l->second : l->first;
    return l->evidence ? -1 : o;
}

/* Whether a leg may strain its claim: its other end is evidence, or a
 * claim that no conflict touches (a claim already refuted is the one
 * that is false, not this). */
static int may_strain(const kj_report *r, const kj_leg *l)
{
    int o = other_claim(l);
    return o < 0 || r->verdicts[o] == V_UNVERIFIED || r->verdicts[o] == V_CORROBORATED || r->verdicts[o] == V_STRAINED;
}

#define KJ_STRAIN_CLASSES 64

/* The classes named for the leg shown (st), and the fastest of them in
 * its years. */
static void named_set(kj_report *r, kj_strain *st, const char **named, int n, const kj_ir *ir, const kj_leg *l)
{
    st->n_named = n;
    st->named = kj_arena_alloc(&r->arena, sizeof(char *) * (size_t)(n + 1));
    memcpy(st->named, named, sizeof(char *) * (size_t)n);
    st->named_mps = 0;
    for (int m = 0; m < n; m++) {
        double v = class_mps(ir, named[m], l->year_lo, l->year_hi);
        if (v > st->named_mps) st->named_mps = v;
    }
}

void kj_strain_verdicts(kj_mem *mem, const kj_case *c, const kj_ir *ir, kj_report *r, const kj_leg *legs, int n)
{
    r->legs = kj_arena_alloc(&r->arena, sizeof(kj_leg) * (size_t)(n + 1));
    if (n) memcpy(r->legs, legs, sizeof(kj_leg) * (size_t)n);
    r->n_legs = n;
    r->leg_of = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
    r->strain = kj_arena_alloc(&r->arena, sizeof(kj_strain) * (size_t)(c->n_stmts + 1));
    for (int i = 0; i < c->n_stmts; i++) r->leg_of[i] = -1;
    /* (in claim order, as the pieces gave them: each claim's tightest first) */
    for (int k = n - 1; k >= 0; k--) r->leg_of[r->legs[k].claim] = k;
    for (int i = 0; i < c->n_stmts; i++) r->strain[i].leg = r->leg_of[i];
    /* the distinct classes of the case's modes */
    const char *all[KJ_STRAIN_CLASSES];
    int n_all = 0;
    for (int k = 0; k < ir->n_modes && n_all < KJ_STRAIN_CLASSES; k++)
        if (!has(all, n_all, ir->modes[k].mode_class)) all[n_all++] = ir->modes[k].mode_class;
    journeys_by j = journeys_of_testimonies(mem, c, ir);
    for (int k = 0; k < n; k++) {
        if (k != r->leg_of[r->legs[k].claim]) continue; /* (a claim's second: below) */
        int ci = r->legs[k].claim;
        /* the tightest leg that may strain it */
        const kj_leg *l = NULL;
        for (int m = k; m < n && r->legs[m].claim == ci; m++)
            if (may_strain(r, &r->legs[m]) && (!l || kj_leg_mps(&r->legs[m]) > kj_leg_mps(l))) l = &r->legs[m];
        kj_strain *st = &r->strain[ci];
        const char *named[KJ_STRAIN_CLASSES];
        /* (the classes named for the leg shown: the one that strains it, if
         * it is strained, else its tightest) */
        const kj_leg *tightest = &r->legs[k];
        int n_named = named_classes(c, ir, &j, ci, tightest->person, named, KJ_STRAIN_CLASSES);
        named_set(r, st, named, n_named, ir, tightest);
        if (!l) continue;
        if (l->person != tightest->person) n_named = named_classes(c, ir, &j, ci, l->person, named, KJ_STRAIN_CLASSES);
        double l_named = 0;
        for (int m = 0; m < n_named; m++) {
            double v = class_mps(ir, named[m], l->year_lo, l->year_hi);
            if (v > l_named) l_named = v;
        }
        double need = kj_leg_mps(l);
        if (r->verdicts[l->claim] != V_UNVERIFIED || l->s <= 0 || need <= l_named) continue;
        if (ir->n_custodies && covered_through_custody(c, ir, ci)) continue;
        class_speed allow[KJ_STRAIN_CLASSES];
        int n_allow = 0;
        for (int m = 0; m < n_all; m++) {
            double v = class_mps(ir, all[m], l->year_lo, l->year_hi);
            if (v >= need) allow[n_allow++] = (class_speed){.cls = all[m], .mps = v};
        }
        if (!n_allow) continue; /* (no mode of the era: a conflict's, not a strain's) */
        qsort(allow, (size_t)n_allow, sizeof *allow, cmp_class_speed);
        st->leg = (int)(l - r->legs);
        named_set(r, st, named, n_named, ir, l);
        st->classes = kj_arena_alloc(&r->arena, sizeof(char *) * (size_t)n_allow);
        for (int m = 0; m < n_allow; m++) st->classes[m] = allow[m].cls;
        st->n_classes = n_allow;
        r->verdicts[l->claim] = V_STRAINED;
    }
    kj_free(j.start);
    kj_free(j.ev);
}
