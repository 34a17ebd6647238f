/* solve — see solve.h.
 *
 * The STN keeps a potential d[] that satisfies every active edge
 * (d[v] <= d[u] + w).  Adding an edge propagates improvements from its head
 * (FIFO Bellman-Ford restricted to what changed); reaching the edge's tail
 * with an improvement means a negative cycle through the new edge, read off
 * the predecessor chain (Cotton & Maler's incremental scheme).  Every change
 * is trailed so a search branch undoes in LIFO order. */
#include <string.h>

#include "solve.h"

typedef struct active {
    const kj_edge *e;
    int level;                /* decision level; -1 for base edges */
    int next;                 /* next active edge out of the same node */
} active;

typedef struct trail_rec { int node; int64_t d; } trail_rec;

typedef struct stn {
    int n;
    int64_t *d;
    int *head;                /* first active edge out of each node */
    int *pred;                /* active edge that last improved a node */
    KJ_VEC(active) act;
    KJ_VEC(trail_rec) trail;
    int *queue; unsigned char *in_queue;
    int *stamp; int epoch;    /* which nodes changed in this propagation */
} stn;

typedef KJ_VEC(int) int_vec;

typedef struct expl {
    int_vec stmts, levels;
    kj_proof *proof;
} expl;

typedef struct search {
    const kj_network *net;
    const kj_case *c;
    const unsigned char *enabled;
    long *budget;
    kj_arena *arena;
    stn g;
    int out_of_budget;
} search;

static int prov_enabled(const search *s, int prov)
{
    const kj_prov *p = &s->net->provs.items[prov];
    for (int i = 0; i < p->n; i++)
        if (!s->enabled[p->stmts[i]]) return 0;
    return 1;
}

static void stn_init(stn *g, int n)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->d = calloc((size_t)n, sizeof(int64_t));
    g->head = malloc(sizeof(int) * (size_t)n);
    g->pred = malloc(sizeof(int) * (size_t)n);
    g->queue = malloc(sizeof(int) * (size_t)n);
    g->in_queue = calloc((size_t)n, 1);
    g->stamp = calloc((size_t)n, sizeof(int));
    if (!g->d || !g->head || !g->pred || !g->queue || !g->in_queue || !g->stamp) kj_bug("out of memory");
    for (int i = 0; i < n; i++) g->head[i] = -1, g->pred[i] = -1;
}

static void stn_free(stn *g)
{
    free(g->d); free(g->head); free(g->pred); free(g->queue); free(g->in_queue); free(g->stamp);
    free(g->act.items); free(g->trail.items);
}

static void set_d(stn *g, int node, int64_t v)
{
    trail_rec r = {node, g->d[node]};
    kj_vec_push(&g->trail, r);
    g->d[node] = v;
}

static void undo_to(stn *g, int trail_mark, int act_mark)
{
    while (g->trail.n > trail_mark) {
        trail_rec r = g->trail.items[--g->trail.n];
        g->d[r.node] = r.d;
    }
    while (g->act.n > act_mark) {
        active *a = &g->act.items[--g->act.n];
        g->head[a->e->u] = a->next;
    }
}

/* Collects the negative cycle closed by active edge `ai` (u -> v) when the
 * propagation reached u through active edge `last` (x -> u). */
static kj_proof *cycle_proof(search *s, int ai, int last, expl *out)
{
    stn *g = &s->g;
    int_vec cyc = {0};
    kj_vec_push(&cyc, last);
    int v = g->act.items[ai].e->v;
    int x = g->act.items[last].e->u;
    for (int guard = 0; x != v; guard++) {
        if (guard > g->n) kj_bug("predecessor chain does not close the cycle");
        int pe = g->pred[x];
        kj_vec_push(&cyc, pe);
        x = g->act.items[pe].e->u;
    }
    kj_vec_push(&cyc, ai);
    kj_proof *p = kj_arena_alloc(s->arena, sizeof *p);
    p->disj = -1;
    p->n_edges = cyc.n;
    p->edges = kj_arena_alloc(s->arena, sizeof(kj_edge *) * (size_t)cyc.n);
    for (int i = 0; i < cyc.n; i++) {
        /* reverse so the cycle reads from the new edge onwards */
        const active *a = &g->act.items[cyc.items[cyc.n - 1 - i]];
        p->edges[i] = a->e;
        p->weight += a->e->w;
        const kj_prov *pr = &s->net->provs.items[a->e->prov];
        for (int k = 0; k < pr->n; k++) kj_vec_push(&out->stmts, pr->stmts[k]);
        if (a->level >= 0) kj_vec_push(&out->levels, a->level);
    }
    free(cyc.items);
    out->proof = p;
    return p;
}

/* Adds an edge; returns 0, or 1 with *out filled when it closes a negative
 * cycle (then the edge is not added and the potentials are restored). */
static int stn_add(search *s, const kj_edge *e, int level, expl *out)
{
    stn *g = &s->g;
    int trail_mark = g->trail.n;
    active a = {e, level, g->head[e->u]};
    kj_vec_push(&g->act, a);
    int ai = g->act.n - 1;
    g->head[e->u] = ai;
    if (g->d[e->u] + e->w >= g->d[e->v]) return 0;
    g->epoch++;
    set_d(g, e->v, g->d[e->u] + e->w);
    g->pred[e->v] = ai;
    int qh = 0, qt = 0, qn = 0;
    g->queue[qt] = e->v, qt = (qt + 1) % g->n, qn++;
    g->in_queue[e->v] = 1;
    while (qn) {
        int x = g->queue[qh];
        qh = (qh + 1) % g->n, qn--;
        g->in_queue[x] = 0;
        for (int k = g->head[x]; k >= 0; k = g->act.items[k].next) {
            const kj_edge *f = g->act.items[k].e;
            int64_t nd = g->d[x] + f->w;
            if (nd >= g->d[f->v]) continue;
            if (f->v == e->u) {
                cycle_proof(s, ai, k, out);
                while (qn) g->in_queue[g->queue[qh]] = 0, qh = (qh + 1) % g->n, qn--;
                undo_to(g, trail_mark, ai);
                return 1;
            }
            set_d(g, f->v, nd);
            g->pred[f->v] = k;
            if (!g->in_queue[f->v]) {
                g->in_queue[f->v] = 1;
                g->queue[qt] = f->v, qt = (qt + 1) % g->n, qn++;
            }
        }
    }
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static void uniq(int_vec *v)
{
    if (!v->n) return;
    qsort(v->items, (size_t)v->n, sizeof(int), cmp_int);
    int k = 1;
    for (int i = 1; i < v->n; i++)
        if (v->items[i] != v->items[k - 1]) v->items[k++] = v->items[i];
    v->n = k;
}

static int has_level(const expl *e, int level)
{
    for (int i = 0; i < e->levels.n; i++)
        if (e->levels.items[i] == level) return 1;
    return 0;
}

static void expl_free(expl *e)
{
    free(e->stmts.items);
    free(e->levels.items);
    memset(e, 0, sizeof *e);
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

static int next_disj(const search *s, int di)
{
    while (di < s->net->disjs.n && !prov_enabled(s, s->net->disjs.items[di].prov)) di++;
    return di;
}

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
    for (int k = 0; k < dp->n; k++) kj_vec_push(&out->stmts, dp->stmts[k]);
    for (int a = 0; a < d->n_alts; a++) {
        expl *kid = &f->kids[a];
        p->kids[a] = kid->proof;
        for (int k = 0; k < kid->stmts.n; k++) kj_vec_push(&out->stmts, kid->stmts.items[k]);
        for (int k = 0; k < kid->levels.n; k++)
            if (kid->levels.items[k] != f->level) kj_vec_push(&out->levels, kid->levels.items[k]);
        expl_free(kid);
    }
    uniq(&out->stmts);
    uniq(&out->levels);
    out->proof = p;
}

static void frame_free(frame *f, int n_alts)
{
    for (int a = 0; a < n_alts; a++) expl_free(&f->kids[a]);
    free(f->kids);
    free(f->order);
}

/* Value ordering: an alternative that the current potentials already
 * satisfy costs nothing to add and is likely right; try those first. */
static frame new_frame(search *s, int di, int level)
{
    const kj_disj *d = &s->net->disjs.items[di];
    frame f = {di, level, 0, 0, NULL, s->g.trail.n, s->g.act.n, NULL};
    f.kids = calloc((size_t)d->n_alts, sizeof(expl));
    f.order = malloc(sizeof(int) * (size_t)d->n_alts);
    if (!f.kids || !f.order) kj_bug("out of memory");
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

/* Depth-first search over the enabled disjunctions, iterative (a case may
 * have more disjunctions than a C stack has frames), with
 * conflict-directed backjumping: an alternative whose failure does not
 * involve the decision at its level refutes that whole level at once. */
static kj_sat dfs(search *s, expl *out)
{
    const kj_network *net = s->net;
    KJ_VEC(frame) st = {0};
    kj_sat result = KJ_SAT;
    int di = next_disj(s, 0);
    if (di == net->disjs.n) return KJ_SAT;
    frame f0 = new_frame(s, di, 0);
    kj_vec_push(&st, f0);
    expl failure = {0};
    int have_failure = 0;
    while (st.n) {
        frame *f = &st.items[st.n - 1];
        const kj_disj *d = &net->disjs.items[f->di];
        if (have_failure) {
            /* the alternative f->alt failed with `failure` */
            undo_to(&s->g, f->tmark, f->amark);
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
            free(f->kids);
            free(f->order);
            st.n--;
            have_failure = 1;
            continue;
        }
        if (*s->budget <= 0) { result = KJ_UNKNOWN; break; }
        --*s->budget;
        const kj_alt *alt = &net->alts.items[d->first_alt + f->alt];
        f->tmark = s->g.trail.n, f->amark = s->g.act.n;
        int failed = 0;
        for (int k = 0; k < alt->n && !failed; k++) {
            const kj_edge *e = &net->alt_edges.items[alt->first + k];
            if (prov_enabled(s, e->prov)) failed = stn_add(s, e, f->level, &failure);
        }
        if (failed) {
            uniq(&failure.levels);
            have_failure = 1;
            continue;
        }
        int nd = next_disj(s, f->di + 1);
        if (nd == net->disjs.n) { result = KJ_SAT; break; }
        frame child = new_frame(s, nd, f->level + 1);
        kj_vec_push(&st, child);
    }
    if (!st.n && have_failure) {
        *out = failure;
        result = KJ_UNSAT;
    } else {
        expl_free(&failure);
        for (int i = 0; i < st.n; i++) frame_free(&st.items[i], net->disjs.items[st.items[i].di].n_alts);
    }
    free(st.items);
    return result;
}

kj_solve_result kj_solve(const kj_network *net, const kj_case *c, const unsigned char *enabled, long *budget,
                         kj_arena *arena)
{
    search s = {net, c, enabled, budget, arena, {0}, 0};
    kj_solve_result res = {KJ_SAT, NULL, 0, NULL};
    stn_init(&s.g, net->points.n);
    expl ex = {0};
    kj_sat sat = KJ_SAT;
    for (int i = 0; i < net->edges.n && sat == KJ_SAT; i++)
        if (prov_enabled(&s, net->edges.items[i].prov) && stn_add(&s, &net->edges.items[i], -1, &ex)) sat = KJ_UNSAT;
    if (sat == KJ_SAT) sat = dfs(&s, &ex);
    res.sat = sat;
    if (sat == KJ_UNSAT) {
        uniq(&ex.stmts);
        res.n_stmts = ex.stmts.n;
        res.stmts = kj_arena_alloc(arena, sizeof(int) * (size_t)(ex.stmts.n + 1));
        if (ex.stmts.n) memcpy(res.stmts, ex.stmts.items, sizeof(int) * (size_t)ex.stmts.n);
        res.proof = ex.proof;
    }
    expl_free(&ex);
    stn_free(&s.g);
    return res;
}

int64_t kj_proof_margin(const kj_proof *p)
{
    if (!p) return 0;
    if (p->disj < 0) return -p->weight;
    int64_t best = INT64_MAX;
    for (int i = 0; i < p->n_kids; i++) {
        int64_t m = kj_proof_margin(p->kids[i]);
        if (m < best) best = m;
    }
    return best;
}
