/* apsp — see apsp.h.
 *
 * Adding an edge u -> v (w) is a negative cycle iff dist(v, u) + w < 0,
 * and afterwards every open alternative edge x -> y (b) with
 * dist(y, x) + b < 0 is refuted at once (the search does that, reading the
 * trail: search.c) — complete theory propagation for one-edge
 * alternatives, at O(points^2) per edge instead of one incremental
 * Bellman-Ford per open alternative.  Only the pairs an edge improves are
 * touched (rows that reach u more cheaply through the edge, times columns v
 * reaches more cheaply). */
#include <string.h>

#include "apsp.h"
#include "solver.h"

void apsp_init(apsp *m, kj_mem *mem, const kj_network *net)
{
    int n = net->points.n;
    memset(m, 0, sizeof *m);
    m->net = net;
    m->mem = mem;
    m->n = n;
    size_t nn = (size_t)n * (size_t)n;
    m->dist = kj_malloc(m->mem, sizeof(int64_t) * nn);
    m->last = kj_malloc(m->mem, sizeof(int) * nn);
    m->rows = kj_malloc(m->mem, sizeof(int) * (size_t)n);
    m->cols = kj_malloc(m->mem, sizeof(int) * (size_t)n);
    for (size_t k = 0; k < nn; k++) {
        m->dist[k] = KJ_INF;
        m->last[k] = -1;
    }
    for (int i = 0; i < n; i++) m->dist[(size_t)i * (size_t)n + (size_t)i] = 0;
}

void apsp_free(apsp *m)
{
    kj_free(m->dist);
    kj_free(m->last);
    kj_free(m->rows);
    kj_free(m->cols);
    kj_free(m->edges.items);
    kj_free(m->trail.items);
}

void apsp_undo(apsp *m, int trail_mark, int edge_mark)
{
    while (m->trail.n > trail_mark) {
        apsp_rec r = m->trail.items[--m->trail.n];
        m->dist[r.pair] = r.dist;
        m->last[r.pair] = r.last;
    }
    m->edges.n = edge_mark;
}

/* Follows `last` back; a relaxation order without negative cycles leaves
 * no cycle in it. */
void apsp_path(const apsp *m, int from, int to, int_vec *out)
{
    size_t row = (size_t)from * (size_t)m->n;
    for (int x = to, guard = 0; x != from; guard++) {
        if (guard > m->n) kj_bug(m->mem, "shortest-path chain does not reach its source");
        int k = m->last[row + (size_t)x];
        kj_vec_put(m->mem, out, k);
        x = m->edges.items[k].e->u;
    }
}

/* The statements and clause literals of edges (indices into m->edges). */
static void apsp_explain(const apsp *m, const int_vec *path, expl *out)
{
    for (int i = 0; i < path->n; i++) {
        const apsp_edge *a = &m->edges.items[path->items[i]];
        const kj_prov *pr = &m->net->provs.items[a->e->prov];
        for (int k = 0; k < pr->n; k++) kj_vec_put(m->mem, &out->stmts, pr->stmts[k]);
        if (a->lit >= 0) kj_vec_put(m->mem, &out->levels, a->lit);
    }
}

/* Edge e (u -> v) closes a negative cycle with the shortest path v ~> u:
 * the cycle's statements and literals. */
static void apsp_cycle(const apsp *m, const kj_edge *e, int lit, expl *out)
{
    int_vec path = {0};
    apsp_path(m, e->v, e->u, &path);
    apsp_explain(m, &path, out);
    kj_free(path.items);
    const kj_prov *pr = &m->net->provs.items[e->prov];
    for (int k = 0; k < pr->n; k++) kj_vec_put(m->mem, &out->stmts, pr->stmts[k]);
    if (lit >= 0) kj_vec_put(m->mem, &out->levels, lit);
}

int apsp_add(apsp *m, const kj_edge *e, int lit, expl *out)
{
    int n = m->n, u = e->u, v = e->v;
    int64_t w = e->w;
    int64_t *D = m->dist;
    size_t nn = (size_t)n;
    if (D[(size_t)v * nn + (size_t)u] < KJ_INF && D[(size_t)v * nn + (size_t)u] + w < 0) {
        apsp_cycle(m, e, lit, out);
        return 1;
    }
    if (u == v || D[(size_t)u * nn + (size_t)v] <= w) return 0; /* implied already */
    apsp_edge a = {.e = e, .lit = lit};
    kj_vec_put(m->mem, &m->edges, a);
    int ei = m->edges.n - 1;
    /* rows i with dist(i,u) + w < dist(i,v); columns j with w + dist(v,j) < dist(u,j) */
    int n_rows = 0, n_cols = 0;
    for (int i = 0; i < n; i++) {
        int64_t iu = D[(size_t)i * nn + (size_t)u];
        if (iu < KJ_INF && iu + w < D[(size_t)i * nn + (size_t)v]) m->rows[n_rows++] = i;
    }
    const int64_t *Dv = D + (size_t)v * nn, *Du = D + (size_t)u * nn;
    for (int j = 0; j < n; j++)
        if (Dv[j] < KJ_INF && w + Dv[j] < Du[j]) m->cols[n_cols++] = j;
    const int *lastv = m->last + (size_t)v * nn;
    for (int r = 0; r < n_rows; r++) {
        int i = m->rows[r];
        int64_t *Di = D + (size_t)i * nn;
        int *lasti = m->last + (size_t)i * nn;
        int64_t via = Di[u] + w;
        for (int c = 0; c < n_cols; c++) {
            int j = m->cols[c];
            int64_t nd = via + Dv[j];
            if (nd >= Di[j]) continue;
            apsp_rec rec = {.pair = (int)((size_t)i * nn + (size_t)j), .last = lasti[j], .dist = Di[j]};
            kj_vec_put(m->mem, &m->trail, rec);
            Di[j] = nd;
            lasti[j] = j == v ? ei : lastv[j];
        }
    }
    return 0;
}
