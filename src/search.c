/* search — the search over a network's disjunctions (see search.h), with
 * the simple temporal network (stn.c) or, on small networks, the distance
 * matrix (apsp.c) as its theory.  Input: one search: the network, the
 * statements enabled, a budget, the base edges already in the STN and
 * consistent.  Output: KJ_SAT; KJ_UNSAT with what the refutation rests on
 * (and from dfs_search, the proof tree); KJ_UNKNOWN once the budget is
 * spent.  Two searches: dfs_search proves by cases, for the proof a
 * reader is shown; cdcl_search decides, learning clauses. */
#include <string.h>

#include "apsp.h"
#include "search.h"
#include "stn.h"

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void search_uniq(int_vec *v)
{
    if (!v->n) return;
    qsort(v->items, (size_t)v->n, sizeof(int), cmp_int);
    int k = 1;
    for (int i = 1; i < v->n; i++)
        if (v->items[i] != v->items[k - 1]) v->items[k++] = v->items[i];
    v->n = k;
}

void expl_free(expl *e)
{
    kj_free(e->stmts.items);
    kj_free(e->levels.items);
    memset(e, 0, sizeof *e);
}

/* ---- depth-first search with conflict-directed backjumping ------------------ */

static int has_level(const expl *e, int level)
{
    for (int i = 0; i < e->levels.n; i++)
        if (e->levels.items[i] == level) return 1;
    return 0;
}

/* One decision level of the search: a disjunction and the alternative
 * being tried, with the explanations of the alternatives that failed. */
typedef struct frame {
    int di, level;
    int tried;        /* alternatives tried so far */
    int alt;          /* the alternative being tried: order[tried] */
    int *order;       /* alternatives, those the current times satisfy first */
    int tmark, amark;
    expl *kids;       /* indexed by alternative */
} frame;

/* All alternatives of frame f failed: their explanations, less this
 * level, plus the disjunction's own statements, with a node proof. */
static void combine(search *s, frame *f, expl *out)
{
    const kj_disj *d = &s->net->disjs.items[f->di];
    kj_proof *p = kj_arena_alloc(s->arena, sizeof *p);
    p->disj = f->di;
    p->n_kids = d->n_alts;
    p->kids = kj_arena_alloc(s->arena, sizeof(kj_proof *) * (size_t)d->n_alts);
    memset(out, 0, sizeof *out);
    const kj_prov *dp = &s->net->provs.items[d->prov];
    for (int k = 0; k < dp->n; k++) kj_vec_put(s->mem, &out->stmts, dp->stmts[k]);
    for (int a = 0; a < d->n_alts; a++) {
        expl *kid = &f->kids[a];
        p->kids[a] = kid->proof;
        for (int k = 0; k < kid->stmts.n; k++) kj_vec_put(s->mem, &out->stmts, kid->stmts.items[k]);
        for (int k = 0; k < kid->levels.n; k++)
            if (kid->levels.items[k] != f->level) kj_vec_put(s->mem, &out->levels, kid->levels.items[k]);
        expl_free(kid);
    }
    search_uniq(&out->stmts);
    search_uniq(&out->levels);
    out->proof = p;
}

static void frame_free(frame *f, int n_alts)
{
    for (int a = 0; a < n_alts; a++) expl_free(&f->kids[a]);
    kj_free(f->kids);
    kj_free(f->order);
}

/* Value ordering: an alternative that the current potentials already
 * satisfy costs nothing to add and is likely right; try those first. */
static frame new_frame(search *s, int di, int level)
{
    const kj_disj *d = &s->net->disjs.items[di];
    frame f = {.di = di, .level = level, .tmark = s->g.trail.n, .amark = s->g.act.n};
    f.kids = kj_calloc(s->mem, (size_t)d->n_alts, sizeof(expl));
    f.order = kj_malloc(s->mem, sizeof(int) * (size_t)d->n_alts);
    int n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int a = 0; a < d->n_alts; a++) {
            const kj_alt *alt = &s->net->alts.items[d->first_alt + a];
            int ok = 1;
            for (int k = 0; k < alt->n && ok; k++) {
                const kj_edge *e = &s->net->alt_edges.items[alt->first + k];
                ok = s->g.d[e->u] + e->w >= s->g.d[e->v];
            }
            if (ok == (pass == 0)) f.order[n++] = a;
        }
    f.alt = f.order[0];
    return f;
}

/* Adds the edges of frame f's alternative f->alt; returns 1 if they
 * close a negative cycle, explained in *failure. */
static int try_alternative(search *s, frame *f, expl *failure)
{
    const kj_network *net = s->net;
    const kj_alt *alt = &net->alts.items[net->disjs.items[f->di].first_alt + f->alt];
    f->tmark = s->g.trail.n;
    f->amark = s->g.act.n;
    int failed = 0;
    for (int k = 0; k < alt->n && !failed; k++) {
        const kj_edge *e = &net->alt_edges.items[alt->first + k];
        if (search_prov_enabled(s, e->prov)) failed = stn_add(&s->g, e, f->level, failure);
    }
    return failed;
}

/* Iterative: a case may have more disjunctions than a C stack has
 * frames. */
kj_sat dfs_search(search *s, expl *out)
{
    const kj_network *net = s->net;
    KJ_VEC(frame) st = {0};
    kj_sat result = KJ_SAT;
    int di = search_next_disj(s, 0);
    if (di == net->disjs.n) return KJ_SAT;
    frame f0 = new_frame(s, di, 0);
    kj_vec_put(s->mem, &st, f0);
    expl failure = {0};
    int have_failure = 0;
    while (st.n) {
        frame *f = &st.items[st.n - 1];
        const kj_disj *d = &net->disjs.items[f->di];
        if (have_failure) {
            /* the alternative f->alt failed with `failure` */
            stn_undo(&s->g, f->tmark, f->amark);
            have_failure = 0;
            if (!has_level(&failure, f->level)) {
                frame_free(f, d->n_alts); /* backjump: this level is refuted too */
                st.n--;
                have_failure = 1;
                continue;
            }
            f->kids[f->alt] = failure;
            memset(&failure, 0, sizeof failure);
            if (++f->tried < d->n_alts) f->alt = f->order[f->tried];
        }
        if (f->tried == d->n_alts) {
            combine(s, f, &failure);
            kj_free(f->kids);
            kj_free(f->order);
            st.n--;
            have_failure = 1;
            continue;
        }
        if (*s->budget <= 0) { result = KJ_UNKNOWN; break; }
        --*s->budget;
        if (try_alternative(s, f, &failure)) {
            search_uniq(&failure.levels);
            have_failure = 1;
            continue;
        }
        int nd = search_next_disj(s, f->di + 1);
        if (nd == net->disjs.n) { result = KJ_SAT; break; }
        frame child = new_frame(s, nd, f->level + 1);
        kj_vec_put(s->mem, &st, child);
    }
    if (!st.n && have_failure) {
        *out = failure;
        result = KJ_UNSAT;
    } else {
        expl_free(&failure);
        for (int i = 0; i < st.n; i++) frame_free(&st.items[i], net->disjs.items[st.items[i].di].n_alts);
    }
    kj_free(st.items);
    return result;
}

/* ---- conflict-driven clause learning over the alternatives ------------------ */

/* The search above proves by cases, which is what a reader wants to see; on
 * a hard disjunctive network it is exponential.  To *decide* a network,
 * kjeller runs a CDCL search (as TSAT++ and SMT solvers do): each
 * alternative is a Boolean, each disjunction a clause over them, the STN is
 * the theory, and every negative cycle teaches a clause "not all of these
 * alternatives together".  Every clause carries the statements it rests on,
 * so an unsatisfiable network comes back with the statements of its
 * refutation. */

typedef struct clause {
    int *lits; int n;       /* literal 2*alt (alt holds) or 2*alt+1 (it does not) */
    int *stmts; int n_stmts;
    int watched;            /* on the watch lists (look-ahead reasons are not) */
    int lbd;                /* learned: how many decision levels its literals had (glue) */
} clause;

/* Why the distances implied a literal: the clause (the implied literal
 * first, then the negations of the literals whose edges make the path)
 * and its statements, as offsets into cdcl.pool.  Kept in assignment
 * order, so backtracking drops them from the end. */
typedef struct theory_reason { int lits, n_lits, stmts, n_stmts; } theory_reason;

/* One edge of a literal, in the list of the pair whose distance refutes it. */
typedef struct lit_edge { int lit, next; int64_t w; const kj_edge *e; } lit_edge; /* w: e->w, at hand */

/* A clause on a literal's watch list, with another of its literals: when
 * that one is true the clause needs no visit (MiniSat's blocker). */
typedef struct watch { int clause, blocker, binary; } watch;

typedef struct cdcl {
    search *s;
    apsp *m;                /* the theory for small networks, else NULL (s->g) */
    /* With m, a literal stands for edges: "alternative a holds" for a's
     * edges, "a does not hold" for the negation of a one-edge alternative
     * (x - y <= b fails: y - x <= -b - 1, the times being whole seconds),
     * as in z3's difference logic.  Asserting the negation is sound (any
     * solution sets each alternative to whether its edge holds there) and
     * lets the distances imply alternatives both ways. */
    kj_edge *neg_edge;      /* per alt: its negation; prov -1 when it has none */
    KJ_VEC(lit_edge) lit_edges; /* (literal, edge) pairs, indexed by refute_head */
    int *refute_head;       /* per pair y*n+x: lit_edges with edge x -> y (a list through next) */
    KJ_VEC(theory_reason) reasons;
    int_vec pool;
    int_vec level_marks;    /* per decision level: reasons.n and pool.n when it began */
    KJ_VEC(clause) clauses;
    KJ_VEC(watch) *watches; /* per literal: clauses watching it */
    signed char *value;     /* per alt: -1 unassigned, 0 false, 1 true */
    int *level, *reason;    /* per alt; reason: a clause, -1 for a decision, -2-k for theory reason k */
    int *l0_stmts_n; int **l0_stmts; /* per alt assigned at level 0: what its value rests on */
    int *tmark, *amark;     /* per alt: theory (STN or m) marks before its edges were added */
    double *activity;
    double bump;
    KJ_VEC(int) trail;      /* literals in assignment order */
    KJ_VEC(int) trail_lim;  /* trail length at the start of each level */
    int n_alts;
    int *disj_of;           /* per alt: its disjunction */
    int *heap, *heap_pos, heap_n; /* alternatives by activity (VSIDS order) */
    int n_original;         /* clauses before the first learned one */
    int qhead;
    long conflicts;
    signed char *phase;     /* per alt: its last value (phase saving) */
} cdcl;

static int heap_less(const cdcl *d, int a, int b) { return d->activity[a] > d->activity[b] || (d->activity[a] == d->activity[b] && a < b); }

static void heap_up(cdcl *d, int i)
{
    int v = d->heap[i];
    while (i > 0 && heap_less(d, v, d->heap[(i - 1) / 2])) {
        d->heap[i] = d->heap[(i - 1) / 2];
        d->heap_pos[d->heap[i]] = i;
        i = (i - 1) / 2;
    }
    d->heap[i] = v;
    d->heap_pos[v] = i;
}

static void heap_down(cdcl *d, int i)
{
    int v = d->heap[i];
    for (;;) {
        int c = 2 * i + 1;
        if (c >= d->heap_n) break;
        if (c + 1 < d->heap_n && heap_less(d, d->heap[c + 1], d->heap[c])) c++;
        if (!heap_less(d, d->heap[c], v)) break;
        d->heap[i] = d->heap[c];
        d->heap_pos[d->heap[i]] = i;
        i = c;
    }
    d->heap[i] = v;
    d->heap_pos[v] = i;
}

static void heap_insert(cdcl *d, int v)
{
    if (d->heap_pos[v] >= 0) return;
    d->heap[d->heap_n] = v;
    d->heap_pos[v] = d->heap_n++;
    heap_up(d, d->heap_n - 1);
}

static int heap_pop(cdcl *d)
{
    int v = d->heap[0];
    d->heap_pos[v] = -1;
    if (--d->heap_n > 0) {
        d->heap[0] = d->heap[d->heap_n];
        heap_down(d, 0);
    }
    return v;
}

static int lit_var(int lit) { return lit >> 1; }
static int lit_neg(int lit) { return lit ^ 1; }
static int lit_value(const cdcl *d, int lit)
{
    int v = d->value[lit_var(lit)];
    return v < 0 ? -1 : (lit & 1) ? !v : v;
}

static void stmts_union(kj_mem *mem, int_vec *into, const int *a, int n)
{
    for (int i = 0; i < n; i++) kj_vec_put(mem, into, a[i]);
}

static void watch_clause(cdcl *d, int ci)
{
    const clause *c = &d->clauses.items[ci];
    if (c->n >= 1) {
        watch w = {.clause = ci, .blocker = c->lits[c->n >= 2], .binary = c->n == 2};
        kj_vec_put(d->s->mem, &d->watches[c->lits[0]], w);
    }
    if (c->n >= 2) {
        watch w = {.clause = ci, .blocker = c->lits[0], .binary = c->n == 2};
        kj_vec_put(d->s->mem, &d->watches[c->lits[1]], w);
    }
}

/* A fresh epoch whose marks cover statements 0 .. n-1: marks compare
 * against the epoch, so nothing is cleared between uses. */
static unsigned scratch_epoch(kj_mem *mem, kj_solve_scratch *sc, size_t n)
{
    if (n > sc->mark_cap) {
        size_t cap = sc->mark_cap ? sc->mark_cap : 1024;
        while (cap < n) cap *= 2;
        unsigned *m = kj_realloc(mem, sc->mark, sizeof(unsigned) * cap);
        memset(m + sc->mark_cap, 0, sizeof(unsigned) * (cap - sc->mark_cap));
        sc->mark = m;
        sc->mark_cap = cap;
    }
    if (++sc->epoch == 0) {
        memset(sc->mark, 0, sizeof(unsigned) * sc->mark_cap);
        sc->epoch = 1;
    }
    return sc->epoch;
}

/* Drops repeated statements (keeping first occurrences, in order): a
 * clause's statements are gathered from many reasons with much overlap. */
static void dedupe(cdcl *d, int_vec *v)
{
    int n_stmts = d->s->c->n_stmts;
    kj_solve_scratch *sc = d->s->sc;
    unsigned epoch = scratch_epoch(d->s->mem, sc, (size_t)n_stmts);
    int k = 0;
    for (int i = 0; i < v->n; i++) {
        int st = v->items[i];
        if (st < 0 || st >= n_stmts) kj_bug(d->s->mem, "a provenance names no statement");
        if (sc->mark[st] == epoch) continue;
        sc->mark[st] = epoch;
        v->items[k++] = st;
    }
    v->n = k;
}

static int add_clause_w(cdcl *d, const int *lits, int n, int_vec *stmts, int watched)
{
    clause cl;
    cl.n = n;
    cl.watched = watched;
    cl.lbd = 0;
    cl.lits = kj_malloc(d->s->mem, sizeof(int) * (size_t)(n + 1));
    memcpy(cl.lits, lits, sizeof(int) * (size_t)n);
    dedupe(d, stmts);
    cl.n_stmts = stmts->n;
    cl.stmts = kj_malloc(d->s->mem, sizeof(int) * (size_t)(stmts->n + 1));
    if (stmts->n) memcpy(cl.stmts, stmts->items, sizeof(int) * (size_t)stmts->n);
    kj_vec_put(d->s->mem, &d->clauses, cl);
    int ci = d->clauses.n - 1;
    if (watched) watch_clause(d, ci);
    return ci;
}

static int add_clause(cdcl *d, const int *lits, int n, int_vec *stmts) { return add_clause_w(d, lits, n, stmts, 1); }

static int decision_level(const cdcl *d) { return d->trail_lim.n; }

static void new_level(cdcl *d)
{
    kj_vec_put(d->s->mem, &d->trail_lim, d->trail.n);
    kj_vec_put(d->s->mem, &d->level_marks, d->reasons.n);
    kj_vec_put(d->s->mem, &d->level_marks, d->pool.n);
}

/* A reason or conflict: a clause or a theory reason, read alike. */
typedef struct why { const int *lits; int n; const int *stmts; int n_stmts; } why;

static why reason_of(const cdcl *d, int r)
{
    why w;
    if (r >= 0) {
        const clause *c = &d->clauses.items[r];
        w.lits = c->lits;
        w.n = c->n;
        w.stmts = c->stmts;
        w.n_stmts = c->n_stmts;
    } else {
        const theory_reason *t = &d->reasons.items[-2 - r];
        w.lits = d->pool.items + t->lits;
        w.n = t->n_lits;
        w.stmts = d->pool.items + t->stmts;
        w.n_stmts = t->n_stmts;
    }
    return w;
}

/* Does alternative `alt` hold already: every edge satisfied by the
 * potentials (STN) or implied by the distances (APSP)?  Then adding it
 * costs nothing and is likely right. */
static int alt_holds(const cdcl *d, int alt)
{
    const kj_network *net = d->s->net;
    const kj_alt *a = &net->alts.items[alt];
    for (int k = 0; k < a->n; k++) {
        const kj_edge *e = &net->alt_edges.items[a->first + k];
        if (d->m ? d->m->dist[(size_t)e->u * (size_t)d->m->n + (size_t)e->v] > e->w : d->s->g.d[e->u] + e->w < d->s->g.d[e->v])
            return 0;
    }
    return 1;
}

static int assign(cdcl *d, int lit, int reason, expl *ex);

/* Literal `lit` is false: its edge e (x -> y, b) has dist(y, x) + b < 0.
 * The reason is the path's literals and statements, and e's statements
 * (a literal's meaning rests on its edge's being enabled). */
static void refute(cdcl *d, int lit, const kj_edge *e, int_vec *path, expl *ex)
{
    const apsp *m = d->m;
    const kj_network *net = d->s->net;
    path->n = 0;
    apsp_path(m, e->v, e->u, path);
    theory_reason r = {.lits = d->pool.n};
    kj_vec_put(d->s->mem, &d->pool, lit_neg(lit));
    for (int i = 0; i < path->n; i++) {
        int q = m->edges.items[path->items[i]].lit, dup = q < 0;
        for (int j = r.lits + 1; j < d->pool.n && !dup; j++) dup = d->pool.items[j] == q;
        if (!dup) kj_vec_put(d->s->mem, &d->pool, q);
    }
    r.n_lits = d->pool.n - r.lits;
    r.stmts = d->pool.n;
    const kj_prov *pr = &net->provs.items[e->prov];
    for (int j = 0; j < pr->n; j++) kj_vec_put(d->s->mem, &d->pool, pr->stmts[j]);
    for (int i = 0; i < path->n; i++) {
        pr = &net->provs.items[m->edges.items[path->items[i]].e->prov];
        for (int j = 0; j < pr->n; j++) kj_vec_put(d->s->mem, &d->pool, pr->stmts[j]);
    }
    r.n_stmts = d->pool.n - r.stmts;
    kj_vec_put(d->s->mem, &d->reasons, r);
    assign(d, lit_neg(lit), -1 - d->reasons.n, ex);
}

/* Theory propagation after the distances changed from trail record
 * `mark` on: an open alternative edge x -> y (b) with dist(y, x) + b < 0
 * is refuted. */
static void refute_open(cdcl *d, int mark, expl *ex)
{
    apsp *m = d->m;
    int_vec path = {0};
    for (int t = mark; t < m->trail.n; t++) {
        int pair = m->trail.items[t].pair;
        for (int k = d->refute_head[pair]; k >= 0; k = d->lit_edges.items[k].next) {
            const lit_edge *le = &d->lit_edges.items[k];
            /* also in disjunctions already satisfied: leaving those open
             * measured 25% more conflicts on random DTPs */
            if (m->dist[pair] + le->w < 0 && d->value[lit_var(le->lit)] < 0) refute(d, le->lit, le->e, &path, ex);
        }
    }
    kj_free(path.items);
}

/* assign's theory part with the distance matrix: the literal's edges (a
 * true alternative's, a false one's negation if it has one), then theory
 * propagation.  A conflict leaves the matrix as it was. */
static int assign_apsp(cdcl *d, int lit, expl *ex)
{
    int v = lit_var(lit);
    const kj_alt *alt = &d->s->net->alts.items[v];
    int n = d->value[v] ? alt->n : d->neg_edge[v].prov >= 0;
    for (int k = 0; k < n; k++) {
        const kj_edge *e = d->value[v] ? &d->s->net->alt_edges.items[alt->first + k] : &d->neg_edge[v];
        if (search_prov_enabled(d->s, e->prov) && apsp_add(d->m, e, lit_neg(lit), ex)) {
            apsp_undo(d->m, d->tmark[v], d->amark[v]);
            return 1;
        }
    }
    refute_open(d, d->tmark[v], ex);
    return 0;
}

/* Assigns lit with a reason (-1: a decision; see cdcl.reason); adds the
 * edges it stands for to the theory.  Returns 0, or 1 with the cycle's
 * explanation in *ex when the edges close a negative cycle. */
static int assign(cdcl *d, int lit, int reason, expl *ex)
{
    int v = lit_var(lit);
    d->value[v] = !(lit & 1);
    d->level[v] = decision_level(d);
    d->reason[v] = reason;
    d->tmark[v] = d->m ? d->m->trail.n : d->s->g.trail.n;
    d->amark[v] = d->m ? d->m->edges.n : d->s->g.act.n;
    kj_vec_put(d->s->mem, &d->trail, lit);
    if (d->level[v] == 0) {
        /* what a level-0 value rests on, for the final explanation */
        int_vec st = {0};
        if (reason != -1) {
            why c = reason_of(d, reason);
            stmts_union(d->s->mem, &st, c.stmts, c.n_stmts);
            for (int k = 0; k < c.n; k++) {
                int u = lit_var(c.lits[k]);
                if (u != v && d->l0_stmts[u]) stmts_union(d->s->mem, &st, d->l0_stmts[u], d->l0_stmts_n[u]);
            }
        }
        dedupe(d, &st);
        d->l0_stmts[v] = st.items ? st.items : kj_malloc(d->s->mem, sizeof(int));
        d->l0_stmts_n[v] = st.n;
    }
    if (d->m) return assign_apsp(d, lit, ex);
    if (!d->value[v]) return 0;
    const kj_alt *alt = &d->s->net->alts.items[v];
    for (int k = 0; k < alt->n; k++) {
        const kj_edge *e = &d->s->net->alt_edges.items[alt->first + k];
        if (search_prov_enabled(d->s, e->prov) && stn_add(&d->s->g, e, v, ex)) return 1;
    }
    return 0;
}

static void unassign_to(cdcl *d, int level)
{
    if (decision_level(d) <= level) return;
    int keep = d->trail_lim.items[level];
    int first = d->trail.items[keep];
    if (d->m) apsp_undo(d->m, d->tmark[lit_var(first)], d->amark[lit_var(first)]);
    else stn_undo(&d->s->g, d->tmark[lit_var(first)], d->amark[lit_var(first)]);
    d->reasons.n = d->level_marks.items[2 * level];
    d->pool.n = d->level_marks.items[2 * level + 1];
    d->level_marks.n = 2 * level;
    for (int i = d->trail.n - 1; i >= keep; i--) {
        int v = lit_var(d->trail.items[i]);
        d->phase[v] = d->value[v];
        d->value[v] = -1;
        /* its disjunction may be open again: all its alternatives are candidates */
        const kj_disj *dj = &d->s->net->disjs.items[d->disj_of[v]];
        for (int a = 0; a < dj->n_alts; a++)
            if (d->value[dj->first_alt + a] < 0) heap_insert(d, dj->first_alt + a);
    }
    d->trail.n = keep;
    d->trail_lim.n = level;
    d->qhead = keep;
}

/* Unit propagation with two watched literals.  Returns the falsified
 * clause, or -1. */
static int propagate(cdcl *d, expl *ex, int *theory_conflict)
{
    *theory_conflict = 0;
    while (d->qhead < d->trail.n) {
        int lit = d->trail.items[d->qhead++];
        int false_lit = lit_neg(lit);
        KJ_VEC(watch) *ws = (void *)&d->watches[false_lit];
        int i = 0, j = 0, confl = -1;
        for (; i < ws->n && confl < 0 && !*theory_conflict; i++) {
            watch w = ws->items[i];
            int other = lit_value(d, w.blocker);
            if (other == 1) { ws->items[j++] = w; continue; }
            if (w.binary) { /* the blocker is the other literal: no need to read the clause */
                ws->items[j++] = w;
                if (other == 0) confl = w.clause;
                else if (assign(d, w.blocker, w.clause, ex)) *theory_conflict = 1;
                continue;
            }
            clause *c = &d->clauses.items[w.clause];
            if (c->n == 1) { /* its only literal is false */
                ws->items[j++] = w;
                confl = w.clause;
                break;
            }
            if (c->lits[0] == false_lit) {
                c->lits[0] = c->lits[1];
                c->lits[1] = false_lit;
            }
            w.blocker = c->lits[0];
            if (lit_value(d, c->lits[0]) == 1) { ws->items[j++] = w; continue; }
            int moved = 0;
            for (int k = 2; k < c->n && !moved; k++)
                if (lit_value(d, c->lits[k]) != 0) {
                    c->lits[1] = c->lits[k];
                    c->lits[k] = false_lit;
                    kj_vec_put(d->s->mem, &d->watches[c->lits[1]], w);
                    moved = 1;
                }
            if (moved) continue;
            ws->items[j++] = w;
            if (lit_value(d, c->lits[0]) == 0) confl = w.clause;
            else if (assign(d, c->lits[0], w.clause, ex)) *theory_conflict = 1;
        }
        while (i < ws->n) ws->items[j++] = ws->items[i++];
        ws->n = j;
        if (confl >= 0 || *theory_conflict) return confl;
    }
    return -1;
}

/* The clause a negative cycle teaches: not all of its alternatives. */
static int theory_clause(cdcl *d, expl *ex)
{
    int_vec lits = {0};
    search_uniq(&ex->levels); /* here: the alternatives whose edges are in the cycle (STN), or literals (APSP) */
    for (int k = 0; k < ex->levels.n; k++) kj_vec_put(d->s->mem, &lits, d->m ? ex->levels.items[k] : 2 * ex->levels.items[k] + 1);
    int ci = add_clause(d, lits.items, lits.n, &ex->stmts);
    kj_free(lits.items);
    expl_free(ex);
    return ci;
}

static void bump_var(cdcl *d, int v)
{
    d->activity[v] += d->bump;
    if (d->activity[v] > 1e100) {
        for (int i = 0; i < d->n_alts; i++) d->activity[i] *= 1e-100;
        d->bump *= 1e-100;
    }
    if (d->heap_pos[v] >= 0) heap_up(d, d->heap_pos[v]);
}

/* The statements of the reasons of vars (and of the level-0 values those
 * reasons use): what dropping a literal by its reasons rests on. */
static void reasons_stmts(cdcl *d, const int *vars, int n, int_vec *stmts)
{
    for (int i = 0; i < n; i++) {
        why c = reason_of(d, d->reason[vars[i]]);
        stmts_union(d->s->mem, stmts, c.stmts, c.n_stmts);
        for (int k = 0; k < c.n; k++) {
            int v = lit_var(c.lits[k]);
            if (v != vars[i] && d->level[v] == 0) stmts_union(d->s->mem, stmts, d->l0_stmts[v], d->l0_stmts_n[v]);
        }
    }
}

/* Is learned literal `lit` implied by the clause's other literals through
 * reasons (MiniSat's recursive minimisation)?  seen[] marks the clause's
 * literals and what was found implied; on success the reasons used add
 * their statements. */
static int redundant(cdcl *d, int lit, unsigned char *seen, const unsigned char *level_in, int_vec *stack,
                     int_vec *found, int_vec *stmts)
{
    int top = found->n;
    stack->n = 0;
    kj_vec_put(d->s->mem, stack, lit_var(lit));
    kj_vec_put(d->s->mem, found, lit_var(lit));
    while (stack->n) {
        int q = stack->items[--stack->n];
        why c = reason_of(d, d->reason[q]);
        for (int k = 0; k < c.n; k++) {
            int v = lit_var(c.lits[k]);
            if (v == q || seen[v] || d->level[v] == 0) continue;
            if (d->reason[v] == -1 || !level_in[d->level[v]]) {
                for (int i = top + 1; i < found->n; i++) seen[found->items[i]] = 0;
                found->n = top;
                return 0;
            }
            seen[v] = 1;
            kj_vec_put(d->s->mem, stack, v);
            kj_vec_put(d->s->mem, found, v);
        }
    }
    reasons_stmts(d, found->items + top, found->n - top, stmts);
    return 1;
}

/* Drops the learned clause's literals that the others imply. */
static void minimize(cdcl *d, int_vec *learnt, int_vec *stmts, unsigned char *seen)
{
    unsigned char *level_in = kj_calloc(d->s->mem, (size_t)decision_level(d) + 1, 1);
    for (int k = 1; k < learnt->n; k++) level_in[d->level[lit_var(learnt->items[k])]] = 1;
    int_vec stack = {0}, found = {0};
    int m = 1;
    for (int k = 1; k < learnt->n; k++) {
        int q = learnt->items[k];
        if (d->reason[lit_var(q)] == -1 || !redundant(d, q, seen, level_in, &stack, &found, stmts)) learnt->items[m++] = q;
    }
    learnt->n = m;
    kj_free(level_in);
    kj_free(stack.items);
    kj_free(found.items);
}

/* The number of distinct decision levels among a clause's literals. */
static int glue(cdcl *d, const int_vec *lits)
{
    int n = 0;
    for (int k = 0; k < lits->n; k++) {
        int lv = d->level[lit_var(lits->items[k])], dup = 0;
        for (int j = 0; j < k && !dup; j++) dup = d->level[lit_var(lits->items[j])] == lv;
        n += !dup;
    }
    return n;
}

/* First-UIP conflict analysis: the learned clause, its statements, and the
 * level to jump back to. */
static int analyze(cdcl *d, int confl, int_vec *learnt, int_vec *stmts, int *back)
{
    unsigned char *seen = kj_calloc(d->s->mem, (size_t)d->n_alts, 1);
    int counter = 0, p = -1, idx = d->trail.n - 1;
    learnt->n = 0;
    kj_vec_put(d->s->mem, learnt, -1); /* the asserting literal goes first */
    do {
        why c = reason_of(d, confl);
        stmts_union(d->s->mem, stmts, c.stmts, c.n_stmts);
        for (int k = 0; k < c.n; k++) {
            int q = c.lits[k];
            int v = lit_var(q);
            if (q == p || seen[v]) continue;
            if (d->level[v] == 0) { stmts_union(d->s->mem, stmts, d->l0_stmts[v], d->l0_stmts_n[v]); continue; }
            seen[v] = 1;
            bump_var(d, v);
            if (d->level[v] == decision_level(d)) counter++;
            else kj_vec_put(d->s->mem, learnt, q);
        }
        while (!seen[lit_var(d->trail.items[idx])]) idx--;
        p = d->trail.items[idx--];
        confl = d->reason[lit_var(p)];
        seen[lit_var(p)] = 0;
        counter--;
    } while (counter > 0);
    learnt->items[0] = lit_neg(p);
    minimize(d, learnt, stmts, seen);
    *back = 0;
    for (int k = 1; k < learnt->n; k++) {
        int lv = d->level[lit_var(learnt->items[k])];
        if (lv > *back) {
            *back = lv;
            int t = learnt->items[1];
            learnt->items[1] = learnt->items[k];
            learnt->items[k] = t;
        }
    }
    d->bump *= 1.05;
    kj_free(seen);
    return 0;
}

/* The next decision: the most active open alternative (VSIDS); within its
 * disjunction an alternative the current times already satisfy is taken
 * instead when there is one (it costs no propagation and is likely right);
 * otherwise its last value. */
static int pick(cdcl *d)
{
    const kj_network *net = d->s->net;
    while (d->heap_n) {
        int v = heap_pop(d);
        if (d->value[v] >= 0) continue;
        const kj_disj *dj = &net->disjs.items[d->disj_of[v]];
        int satisfied = 0;
        for (int a = 0; a < dj->n_alts && !satisfied; a++) satisfied = d->value[dj->first_alt + a] == 1;
        if (satisfied) continue; /* re-inserted if that alternative is undone */
        for (int a = 0; a < dj->n_alts; a++) {
            int w = dj->first_alt + a;
            if (d->value[w] >= 0 || d->activity[w] < d->activity[v]) continue;
            if (w != v && alt_holds(d, w)) {
                heap_insert(d, v); /* v stays a candidate; w (left in the heap) is skipped once assigned */
                return 2 * w;
            }
        }
        /* phase saving: with the distance matrix a false alternative
         * asserts its negation, so deciding "not v" is a real choice;
         * repeating v's last value keeps the search near a solution it had */
        return d->m && d->phase[v] == 0 ? 2 * v + 1 : 2 * v;
    }
    return -1;
}

/* Alternative v would close negative cycle cyc with what is assigned:
 * learns "not v, or not all of the cycle's other alternatives" and
 * assigns not-v with it as the reason.  Frees cyc. */
static void refute_alternative(cdcl *d, int v, expl *cyc, expl *ex)
{
    /* not-v first and the most recent other literal second, so the two
     * watches are right */
    search_uniq(&cyc->levels);
    int_vec lits = {0};
    kj_vec_put(d->s->mem, &lits, 2 * v + 1);
    for (int k = 0; k < cyc->levels.n; k++)
        if (cyc->levels.items[k] != v) kj_vec_put(d->s->mem, &lits, 2 * cyc->levels.items[k] + 1);
    for (int k = 2; k < lits.n; k++)
        if (d->level[lit_var(lits.items[k])] > d->level[lit_var(lits.items[1])]) {
            int t = lits.items[1];
            lits.items[1] = lits.items[k];
            lits.items[k] = t;
        }
    /* a reason only: look-ahead finds it again when it matters, and
     * watching every such clause would swamp propagation */
    int ci = add_clause_w(d, lits.items, lits.n, &cyc->stmts, 0);
    kj_free(lits.items);
    expl_free(cyc);
    assign(d, 2 * v + 1, ci, ex); /* a false alternative adds no edges */
}

/* Theory propagation by look-ahead (forward checking, as in Epilitis): an
 * open alternative whose edges would close a negative cycle with what is
 * assigned is false; the cycle's other alternatives are the reason, and
 * the clause is learned.  Returns 1 if something was assigned. */
static int look_ahead(cdcl *d, expl *ex, int *confl)
{
    const kj_network *net = d->s->net;
    int changed = 0;
    for (int di = 0; di < net->disjs.n && *confl < 0; di++) {
        const kj_disj *dj = &net->disjs.items[di];
        if (!search_prov_enabled(d->s, dj->prov)) continue;
        int satisfied = 0;
        for (int a = 0; a < dj->n_alts && !satisfied; a++) satisfied = d->value[dj->first_alt + a] == 1;
        if (satisfied) continue;
        for (int a = 0; a < dj->n_alts && *confl < 0; a++) {
            int v = dj->first_alt + a;
            if (d->value[v] >= 0) continue;
            const kj_alt *alt = &net->alts.items[v];
            /* the potentials satisfy every edge of the alternative: adding
             * them changes nothing, so they cannot close a negative cycle
             * (most alternatives of an easy network: a pass then costs a
             * comparison each, not a propagation) */
            int may_fail = 0;
            for (int k = 0; k < alt->n && !may_fail; k++) {
                const kj_edge *e = &net->alt_edges.items[alt->first + k];
                may_fail = search_prov_enabled(d->s, e->prov) && d->s->g.d[e->u] + e->w < d->s->g.d[e->v];
            }
            if (!may_fail) continue;
            int tmark = d->s->g.trail.n, amark = d->s->g.act.n, failed = 0;
            expl cyc = {0};
            for (int k = 0; k < alt->n && !failed; k++) {
                const kj_edge *e = &net->alt_edges.items[alt->first + k];
                if (search_prov_enabled(d->s, e->prov)) failed = stn_add(&d->s->g, e, v, &cyc);
            }
            stn_undo(&d->s->g, tmark, amark);
            if (!failed) { expl_free(&cyc); continue; }
            refute_alternative(d, v, &cyc, ex);
            changed = 1;
        }
    }
    return changed;
}

typedef struct glue_of { int lbd, clause; } glue_of;

/* Higher glue first, then older first: the order clauses are forgotten in. */
static int cmp_glue(const void *a, const void *b)
{
    const glue_of *x = a, *y = b;
    if (x->lbd != y->lbd) return x->lbd > y->lbd ? -1 : 1;
    return (x->clause > y->clause) - (x->clause < y->clause);
}

/* Forgets learned clauses and rebuilds the watch lists; a clause that is
 * a reason stays.  What was learned is implied by the rest, so forgetting
 * it never changes an answer; it keeps propagation fast.  With the STN (at
 * restarts): the clauses longer than four literals.  With the distance
 * matrix (every few thousand conflicts, at any level: the watched
 * literals of what stays are unchanged): the worse half by glue. */
/* Which learned clauses reduce_db forgets: drop[i] = 1 for clause i.
 * reason[i] is 1 for the clauses that are reasons now (they stay). */
static void choose_forgotten(const cdcl *d, const unsigned char *reason, unsigned char *drop)
{
    int n = d->clauses.n;
    if (d->m) {
        /* glucose's policy: keep clauses of glue 2 or less; of the rest,
         * forget the half with the highest glue */
        KJ_VEC(glue_of) cand = {0};
        for (int i = d->n_original; i < n; i++)
            if (!reason[i] && d->clauses.items[i].watched && d->clauses.items[i].lbd > 2) {
                glue_of g = {.lbd = d->clauses.items[i].lbd, .clause = i};
                kj_vec_put(d->s->mem, &cand, g);
            }
        if (cand.n) qsort(cand.items, (size_t)cand.n, sizeof(glue_of), cmp_glue);
        for (int k = 0; k < cand.n / 2; k++) drop[cand.items[k].clause] = 1;
        kj_free(cand.items);
    } else {
        for (int i = d->n_original; i < n; i++) {
            const clause *c = &d->clauses.items[i];
            drop[i] = !reason[i] && !(c->watched && c->n <= 4);
        }
    }
}

static void reduce_db(cdcl *d)
{
    int n = d->clauses.n;
    int *map = kj_malloc(d->s->mem, sizeof(int) * (size_t)(n + 1));
    unsigned char *reason = kj_calloc(d->s->mem, (size_t)n + 1, 1), *drop = kj_calloc(d->s->mem, (size_t)n + 1, 1);
    for (int i = 0; i < d->trail.n; i++) {
        int r = d->reason[lit_var(d->trail.items[i])];
        if (r >= 0) reason[r] = 1;
    }
    choose_forgotten(d, reason, drop);
    int m = 0;
    for (int i = 0; i < n; i++) {
        clause *c = &d->clauses.items[i];
        int keep = !drop[i];
        if (keep) {
            map[i] = m;
            d->clauses.items[m++] = *c;
        } else {
            map[i] = -1;
            kj_free(c->lits);
            kj_free(c->stmts);
        }
    }
    d->clauses.n = m;
    for (int i = 0; i < d->trail.n; i++) {
        int v = lit_var(d->trail.items[i]);
        if (d->reason[v] >= 0) d->reason[v] = map[d->reason[v]];
    }
    for (int l = 0; l < 2 * d->n_alts + 2; l++) d->watches[l].n = 0;
    for (int i = 0; i < m; i++)
        if (d->clauses.items[i].watched) watch_clause(d, i);
    kj_free(map);
    kj_free(reason);
    kj_free(drop);
}

/* The Luby sequence 1 1 2 1 1 2 4 1 1 2 ...: restart intervals. */
static long luby(long i)
{
    long size = 1, seq = 0;
    while (size < i + 1) {
        size = 2 * size + 1;
        seq++;
    }
    while (size - 1 != i) {
        size = (size - 1) >> 1;
        seq--;
        i = i % size;
    }
    return 1L << seq;
}

/* The all-pairs theory pays off below a few hundred points (the
 * runtime's apsp_max_points: tests cover both theories with it). */
static int use_apsp(const search *s)
{
    return s->net->points.n <= s->c->rt.apsp_max_points;
}

/* The edges each literal stands for, as (literal, edge) pairs: a true
 * alternative's enabled edges; a false one-edge alternative's negation
 * (cdcl.neg_edge, prov -1 for an alternative without one). */
static void literal_edges(cdcl *d)
{
    const kj_network *net = d->s->net;
    for (int di = 0; di < net->disjs.n; di++) {
        const kj_disj *dj = &net->disjs.items[di];
        for (int a = 0; a < dj->n_alts; a++) {
            int v = dj->first_alt + a, n_enabled = 0;
            const kj_alt *alt = &net->alts.items[v];
            d->neg_edge[v].prov = -1;
            if (!search_prov_enabled(d->s, dj->prov)) continue;
            for (int k = 0; k < alt->n; k++) {
                const kj_edge *e = &net->alt_edges.items[alt->first + k];
                if (!search_prov_enabled(d->s, e->prov)) continue;
                lit_edge le = {.lit = 2 * v, .next = -1, .w = e->w, .e = e};
                kj_vec_put(d->s->mem, &d->lit_edges, le);
                if (n_enabled++ == 0) {
                    d->neg_edge[v] = *e;
                    d->neg_edge[v].u = e->v;
                    d->neg_edge[v].v = e->u;
                    d->neg_edge[v].w = -e->w - 1;
                }
            }
            if (n_enabled != 1) { d->neg_edge[v].prov = -1; continue; }
            lit_edge le = {.lit = 2 * v + 1, .next = -1, .w = d->neg_edge[v].w, .e = &d->neg_edge[v]};
            kj_vec_put(d->s->mem, &d->lit_edges, le);
        }
    }
}

/* Switches the search to the all-pairs theory: the base edges (consistent:
 * run() checked them), the literals' edges indexed by the pair whose
 * distance refutes them, and what the base distances refute already. */
static void start_apsp(cdcl *d)
{
    const kj_network *net = d->s->net;
    int n = net->points.n;
    d->m = kj_malloc(d->s->mem, sizeof *d->m);
    d->neg_edge = kj_malloc(d->s->mem, sizeof(kj_edge) * ((size_t)d->n_alts + 1));
    d->refute_head = kj_malloc(d->s->mem, sizeof(int) * (size_t)n * (size_t)n);
    apsp_init(d->m, d->s->mem, net);
    expl ex = {0};
    for (int i = 0; i < net->edges.n; i++)
        if (search_prov_enabled(d->s, net->edges.items[i].prov) && apsp_add(d->m, &net->edges.items[i], -1, &ex))
            kj_bug(d->s->mem, "the base network is consistent but its distances are not");
    d->m->trail.n = 0; /* base distances are never undone */
    literal_edges(d);
    for (size_t k = 0; k < (size_t)n * (size_t)n; k++) d->refute_head[k] = -1;
    for (int k = d->lit_edges.n - 1; k >= 0; k--) { /* so each list runs in input order */
        lit_edge *le = &d->lit_edges.items[k];
        size_t pair = (size_t)le->e->v * (size_t)n + (size_t)le->e->u;
        le->next = d->refute_head[pair];
        d->refute_head[pair] = k;
    }
    int_vec path = {0};
    for (int k = 0; k < d->lit_edges.n; k++) {
        const lit_edge *le = &d->lit_edges.items[k];
        size_t pair = (size_t)le->e->v * (size_t)n + (size_t)le->e->u;
        if (d->value[lit_var(le->lit)] < 0 && d->m->dist[pair] < KJ_INF && d->m->dist[pair] + le->e->w < 0)
            refute(d, le->lit, le->e, &path, &ex);
    }
    kj_free(path.items);
    expl_free(&ex);
}

/* The search's state for s's network: every alternative unassigned, those
 * of enabled disjunctions in the decision heap. */
static void cdcl_init(cdcl *d, search *s)
{
    const kj_network *net = s->net;
    memset(d, 0, sizeof *d);
    d->s = s;
    d->n_alts = net->alts.n;
    size_t na = (size_t)d->n_alts + 1;
    d->watches = kj_calloc(d->s->mem, 2 * na, sizeof *d->watches);
    d->value = kj_malloc(d->s->mem, na);
    d->level = kj_calloc(d->s->mem, na, sizeof(int));
    d->reason = kj_calloc(d->s->mem, na, sizeof(int));
    d->l0_stmts = kj_calloc(d->s->mem, na, sizeof(int *));
    d->l0_stmts_n = kj_calloc(d->s->mem, na, sizeof(int));
    d->tmark = kj_calloc(d->s->mem, na, sizeof(int));
    d->amark = kj_calloc(d->s->mem, na, sizeof(int));
    d->activity = kj_calloc(d->s->mem, na, sizeof(double));
    memset(d->value, -1, na);
    d->phase = kj_malloc(d->s->mem, na);
    memset(d->phase, 1, na);
    d->bump = 1;
    d->disj_of = kj_malloc(d->s->mem, sizeof(int) * na);
    d->heap = kj_malloc(d->s->mem, sizeof(int) * na);
    d->heap_pos = kj_malloc(d->s->mem, sizeof(int) * na);
    for (size_t i = 0; i < na; i++) d->heap_pos[i] = -1;
    for (int di = 0; di < net->disjs.n; di++) {
        const kj_disj *dj = &net->disjs.items[di];
        for (int a = 0; a < dj->n_alts; a++) d->disj_of[dj->first_alt + a] = di;
        if (!search_prov_enabled(s, dj->prov)) continue;
        for (int a = 0; a < dj->n_alts; a++) heap_insert(d, dj->first_alt + a);
    }
}

static void cdcl_free(cdcl *d)
{
    size_t na = (size_t)d->n_alts + 1;
    for (int i = 0; i < d->clauses.n; i++) {
        kj_free(d->clauses.items[i].lits);
        kj_free(d->clauses.items[i].stmts);
    }
    kj_free(d->clauses.items);
    for (size_t i = 0; i < 2 * na; i++) kj_free(d->watches[i].items);
    for (size_t i = 0; i < na; i++) kj_free(d->l0_stmts[i]);
    kj_free(d->watches);
    kj_free(d->value);
    kj_free(d->level);
    kj_free(d->reason);
    kj_free(d->l0_stmts);
    kj_free(d->l0_stmts_n);
    kj_free(d->tmark);
    kj_free(d->amark);
    kj_free(d->activity);
    kj_free(d->trail.items);
    kj_free(d->trail_lim.items);
    kj_free(d->disj_of);
    kj_free(d->heap);
    kj_free(d->heap_pos);
    kj_free(d->phase);
    if (d->m) {
        apsp_free(d->m);
        kj_free(d->m);
    }
    kj_free(d->refute_head);
    kj_free(d->neg_edge);
    kj_free(d->lit_edges.items);
    kj_free(d->reasons.items);
    kj_free(d->pool.items);
    kj_free(d->level_marks.items);
}

/* One clause per enabled disjunction: some alternative holds.  Returns
 * the clause of a conflict (a disjunction of one alternative whose edges
 * close a negative cycle), or -1.  lits and st are scratch. */
static int add_disjunctions(cdcl *d, int_vec *lits, int_vec *st, expl *ex)
{
    const kj_network *net = d->s->net;
    int confl = -1;
    for (int di = 0; di < net->disjs.n && confl < 0; di++) {
        const kj_disj *dj = &net->disjs.items[di];
        if (!search_prov_enabled(d->s, dj->prov)) continue;
        lits->n = st->n = 0;
        for (int a = 0; a < dj->n_alts; a++) kj_vec_put(d->s->mem, lits, 2 * (dj->first_alt + a));
        const kj_prov *p = &net->provs.items[dj->prov];
        stmts_union(d->s->mem, st, p->stmts, p->n);
        int ci = add_clause(d, lits->items, lits->n, st);
        if (lits->n == 1 && lit_value(d, lits->items[0]) < 0 && assign(d, lits->items[0], ci, ex))
            confl = theory_clause(d, ex);
    }
    return confl;
}

/* A conflict at level 0 refutes the network: into *st (empty), the
 * statements of the conflict clause and of what its literals rest on. */
static void refutation(const cdcl *d, int confl, int_vec *st)
{
    const clause *c = &d->clauses.items[confl];
    stmts_union(d->s->mem, st, c->stmts, c->n_stmts);
    for (int k = 0; k < c->n; k++) {
        int v = lit_var(c->lits[k]);
        if (d->l0_stmts[v]) stmts_union(d->s->mem, st, d->l0_stmts[v], d->l0_stmts_n[v]);
    }
    search_uniq(st);
}

/* Learns from conflict clause confl (above level 0): the clause analyze
 * finds, after jumping back to the level where it asserts its first
 * literal, which it then assigns.  Returns the next conflict, or -1.
 * lits and st are scratch. */
static int learn(cdcl *d, int confl, int_vec *lits, int_vec *st, expl *ex)
{
    int back = 0;
    st->n = 0;
    analyze(d, confl, lits, st, &back);
    int lbd = glue(d, lits);
    unassign_to(d, back);
    int ci = add_clause(d, lits->items, lits->n, st);
    d->clauses.items[ci].lbd = lbd;
    if (assign(d, lits->items[0], ci, ex)) return theory_clause(d, ex);
    return -1;
}

kj_sat cdcl_search(search *s, expl *out)
{
    cdcl d;
    cdcl_init(&d, s);
    kj_sat result = KJ_UNKNOWN;
    int_vec lits = {0}, st = {0};
    expl ex = {0};
    if (use_apsp(s)) start_apsp(&d);
    /* Luby restarts in units of 64 conflicts; with the distance matrix 1024
     * (on random DTPs at n = 50: a fifth fewer conflicts on the unsat ones,
     * and phase saving keeps the sat ones near their solution) */
    long luby_unit = d.m ? 1024 : 64;
    long next_restart = luby_unit, restarts = 0, next_reduce = 2000, reductions = 0;
    int confl = add_disjunctions(&d, &lits, &st, &ex);
    d.n_original = d.clauses.n;
    for (;;) {
        int theory = 0;
        if (confl < 0) confl = propagate(&d, &ex, &theory);
        if (theory) confl = theory_clause(&d, &ex);
        if (confl >= 0) {
            d.conflicts++;
            if (decision_level(&d) == 0) {
                st.n = 0;
                refutation(&d, confl, &st);
                out->stmts = st;
                memset(&st, 0, sizeof st);
                result = KJ_UNSAT;
                break;
            }
            confl = learn(&d, confl, &lits, &st, &ex);
            continue;
        }
        /* look-ahead (without the distance matrix) finds the alternatives
         * the distances already refute, before each decision once the
         * search has met a conflict: an easy network needs none, and for it
         * the passes over every open alternative were a fifth of checking a
         * 1,000-statement case */
        if (!d.m && d.n_alts <= 4000 && d.conflicts > 0 && look_ahead(&d, &ex, &confl)) continue;
        if (d.m && d.conflicts >= next_reduce) {
            next_reduce = d.conflicts + 2000 + 300 * ++reductions;
            reduce_db(&d);
        }
        if (*s->budget <= 0) break;
        --*s->budget;
        if (d.conflicts >= next_restart && decision_level(&d) > 0) {
            /* Luby restarts: keep what was learned, drop the decisions */
            next_restart = d.conflicts + luby_unit * luby(++restarts);
            unassign_to(&d, 0);
            if (!d.m && d.clauses.n - d.n_original > 20000) reduce_db(&d);
        }
        int lit = pick(&d);
        if (lit < 0) { result = KJ_SAT; break; }
        new_level(&d);
        if (assign(&d, lit, -1, &ex)) confl = theory_clause(&d, &ex);
    }
    cdcl_free(&d);
    kj_free(lits.items);
    kj_free(st.items);
    expl_free(&ex);
    return result;
}
