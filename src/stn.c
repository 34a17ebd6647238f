/* stn — see stn.h.
 *
 * The network keeps a potential d[] that satisfies every active edge
 * (d[v] <= d[u] + w).  Adding an edge propagates improvements from its head
 * (FIFO Bellman-Ford restricted to what changed); reaching the edge's tail
 * with an improvement means a negative cycle through the new edge, read off
 * the predecessor chain (Cotton & Maler's incremental scheme).  Every change
 * is trailed so a search branch undoes in LIFO order.
 *
 * The base edges, known before any search, are added at once instead
 * (stn_batch): one FIFO Bellman-Ford from a virtual source over a
 * compressed adjacency (stn_bellman_ford, stn.h, which kj_network_bounds
 * uses too).  The incremental propagation is not that function: it walks the
 * lists of active edges a search adds and removes, trails every change,
 * records predecessors, and stops at the new edge's tail; a CSR cannot
 * take an edge in or out, and a callback per relaxation would cost the
 * search's hot loop. */
#include <string.h>

#include "solver.h"
#include "stn.h"

void stn_init(stn *g, kj_mem *mem, const kj_network *net, kj_arena *arena)
{
    int n = net->points.n;
    memset(g, 0, sizeof *g);
    g->net = net;
    g->mem = mem;
    g->arena = arena;
    g->n = n;
    g->d = kj_calloc(g->mem, (size_t)n, sizeof(int64_t));
    g->head = kj_malloc(g->mem, sizeof(int) * (size_t)n);
    g->pred = kj_malloc(g->mem, sizeof(int) * (size_t)n);
    g->queue = kj_malloc(g->mem, sizeof(int) * (size_t)n);
    g->in_queue = kj_calloc(g->mem, (size_t)n, 1);
    g->stamp = kj_calloc(g->mem, (size_t)n, sizeof(int));
    for (int i = 0; i < n; i++) {
        g->head[i] = -1;
        g->pred[i] = -1;
    }
}

void stn_free(stn *g)
{
    kj_free(g->d);
    kj_free(g->head);
    kj_free(g->pred);
    kj_free(g->queue);
    kj_free(g->in_queue);
    kj_free(g->stamp);
    kj_free(g->act.items);
    kj_free(g->trail.items);
}

static void set_d(stn *g, int node, int64_t v)
{
    stn_trail_rec r = {.node = node, .d = g->d[node]};
    kj_vec_put(g->mem, &g->trail, r);
    g->d[node] = v;
}

void stn_undo(stn *g, int trail_mark, int act_mark)
{
    while (g->trail.n > trail_mark) {
        stn_trail_rec r = g->trail.items[--g->trail.n];
        g->d[r.node] = r.d;
    }
    while (g->act.n > act_mark) {
        stn_active *a = &g->act.items[--g->act.n];
        g->head[a->e->u] = a->next;
    }
}

/* Adds edge e's statements and level to what a cycle rests on. */
static void explain_edge(const stn *g, const kj_edge *e, int level, expl *out)
{
    const kj_prov *pr = &g->net->provs.items[e->prov];
    for (int k = 0; k < pr->n; k++) kj_vec_put(g->mem, &out->stmts, pr->stmts[k]);
    if (level >= 0) kj_vec_put(g->mem, &out->levels, level);
}

/* Collects the negative cycle closed by active edge `ai` (u -> v) when the
 * propagation reached u through active edge `last` (x -> u). */
static kj_proof *cycle_proof(stn *g, int ai, int last, expl *out)
{
    int_vec cyc = {0};
    kj_vec_put(g->mem, &cyc, last);
    int v = g->act.items[ai].e->v;
    int x = g->act.items[last].e->u;
    for (int guard = 0; x != v; guard++) {
        if (guard > g->n) kj_bug(g->mem, "predecessor chain does not close the cycle");
        int pe = g->pred[x];
        kj_vec_put(g->mem, &cyc, pe);
        x = g->act.items[pe].e->u;
    }
    kj_vec_put(g->mem, &cyc, ai);
    kj_proof *p = kj_arena_alloc(g->arena, sizeof *p);
    p->disj = -1;
    p->n_edges = cyc.n;
    p->edges = kj_arena_alloc(g->arena, sizeof(kj_edge *) * (size_t)cyc.n);
    for (int i = 0; i < cyc.n; i++) {
        /* reverse so the cycle reads from the new edge onwards */
        const stn_active *a = &g->act.items[cyc.items[cyc.n - 1 - i]];
        p->edges[i] = a->e;
        p->weight += a->e->w;
        explain_edge(g, a->e, a->level, out);
    }
    kj_free(cyc.items);
    out->proof = p;
    return p;
}

/* A negative self-loop, active edge `ai`: a cycle of one edge. */
static void self_loop_proof(stn *g, int ai, const kj_edge *e, int level, expl *out)
{
    kj_proof *p = kj_arena_alloc(g->arena, sizeof *p);
    p->disj = -1;
    p->n_edges = 1;
    p->edges = kj_arena_alloc(g->arena, sizeof(kj_edge *));
    p->edges[0] = e;
    p->weight = e->w;
    explain_edge(g, e, level, out);
    out->proof = p;
    stn_undo(g, g->trail.n, ai);
}

int stn_add(stn *g, const kj_edge *e, int level, expl *out)
{
    int trail_mark = g->trail.n;
    stn_active a = {.e = e, .level = level, .next = g->head[e->u]};
    kj_vec_put(g->mem, &g->act, a);
    int ai = g->act.n - 1;
    g->head[e->u] = ai;
    if (e->u == e->v) {
        if (e->w >= 0) return 0;
        self_loop_proof(g, ai, e, level, out);
        return 1;
    }
    if (g->d[e->u] + e->w >= g->d[e->v]) return 0;
    g->epoch++;
    set_d(g, e->v, g->d[e->u] + e->w);
    g->pred[e->v] = ai;
    int qh = 0, qt = 0, qn = 0;
    g->queue[qt] = e->v;
    qt = (qt + 1) % g->n;
    qn++;
    g->in_queue[e->v] = 1;
    while (qn) {
        int x = g->queue[qh];
        qh = (qh + 1) % g->n;
        qn--;
        g->in_queue[x] = 0;
        for (int k = g->head[x]; k >= 0; k = g->act.items[k].next) {
            const kj_edge *f = g->act.items[k].e;
            int64_t nd = g->d[x] + f->w;
            if (nd >= g->d[f->v]) continue;
            if (f->v == e->u) {
                cycle_proof(g, ai, k, out);
                while (qn) {
                    g->in_queue[g->queue[qh]] = 0;
                    qh = (qh + 1) % g->n;
                    qn--;
                }
                stn_undo(g, trail_mark, ai);
                return 1;
            }
            set_d(g, f->v, nd);
            g->pred[f->v] = k;
            if (!g->in_queue[f->v]) {
                g->in_queue[f->v] = 1;
                g->queue[qt] = f->v;
                qt = (qt + 1) % g->n;
                qn++;
            }
        }
    }
    return 0;
}

int stn_batch(stn *g, const unsigned char *enabled)
{
    const kj_network *net = g->net;
    int n = g->n, m = 0;
    /* compressed adjacency (CSR) for the batch: far fewer cache misses
     * than the linked lists the incremental search needs */
    int *start = kj_calloc(g->mem, (size_t)n + 1, sizeof(int));
    for (int i = 0; i < net->edges.n; i++)
        if (search_prov_on(net, enabled, net->edges.items[i].prov)) {
            start[net->edges.items[i].u + 1]++;
            m++;
        }
    for (int i = 0; i < n; i++) start[i + 1] += start[i];
    int *fill = kj_malloc(g->mem, sizeof(int) * ((size_t)n + 1)), *to = kj_malloc(g->mem, sizeof(int) * ((size_t)m + 1));
    int64_t *w = kj_malloc(g->mem, sizeof(int64_t) * ((size_t)m + 1));
    int *count = kj_calloc(g->mem, (size_t)n, sizeof(int));
    memcpy(fill, start, sizeof(int) * (size_t)n);
    for (int i = 0; i < net->edges.n; i++) {
        const kj_edge *e = &net->edges.items[i];
        if (!search_prov_on(net, enabled, e->prov)) continue;
        to[fill[e->u]] = e->v;
        w[fill[e->u]++] = e->w;
        stn_active a = {.e = e, .level = -1, .next = g->head[e->u]};
        kj_vec_put(g->mem, &g->act, a);
        g->head[e->u] = g->act.n - 1;
    }
    for (int i = 0; i < n; i++) {
        g->queue[i] = i;
        g->in_queue[i] = 1;
    }
    stn_csr csr = {.n = n, .start = start, .to = to, .w = w};
    int ok = stn_bellman_ford(&csr, g->d, g->queue, g->in_queue, n, count);
    kj_free(start);
    kj_free(fill);
    kj_free(to);
    kj_free(w);
    kj_free(count);
    if (!ok) { /* start over, incrementally */
        for (int i = 0; i < n; i++) {
            g->d[i] = 0;
            g->head[i] = -1;
            g->in_queue[i] = 0;
        }
        g->act.n = 0;
    }
    return ok;
}
