/* stn — the simple temporal network a search decides its choices against:
 * difference edges t_v - t_u <= w added one at a time, or the base edges
 * all at once, each addition answering whether the edges so far are still
 * consistent.  Input: edges of a compiled network (network.h).  Output: a
 * potential that satisfies every edge added, or the negative cycle the
 * last edge closed (its statements, the levels of its edges and a proof
 * leaf, in a struct expl: search.h).  Internal to the solver (solve.c,
 * search.c); network.c uses its batch Bellman-Ford for bounds. */
#ifndef KJ_STN_H
#define KJ_STN_H

#include "network.h"

struct expl;

/* An edge of the network, on the list of the edges out of its tail. */
typedef struct stn_active {
    const kj_edge *e;
    int level;                /* decision level; -1 for base edges */
    int next;                 /* next active edge out of the same node */
} stn_active;

/* A potential as it was before a change, for undoing it. */
typedef struct stn_trail_rec { int node; int64_t d; } stn_trail_rec;

typedef struct stn {
    int n;
    int64_t *d;               /* the potential: d[v] <= d[u] + w for every active edge */
    int *head;                /* first active edge out of each node */
    int *pred;                /* active edge that last improved a node */
    KJ_VEC(stn_active) act;
    KJ_VEC(stn_trail_rec) trail;
    int *queue; unsigned char *in_queue;
    int *stamp; int epoch;    /* which nodes changed in this propagation */
    const kj_network *net;    /* whose provenances name a cycle's statements */
    kj_mem *mem;              /* the calling thread's (mem.h): its arrays and lists */
    kj_arena *arena;          /* where cycle proofs are allocated */
} stn;

/* An empty network over net's points (every potential 0), allocated in
 * mem's call; a cycle's proof is allocated in `arena`.  The caller frees
 * it with stn_free. */
void stn_init(stn *g, kj_mem *mem, const kj_network *net, kj_arena *arena);
void stn_free(stn *g);

/* Adds edge e at decision level `level` (-1 for a base edge); returns 0,
 * or 1 with *out filled when it closes a negative cycle (then the edge is
 * not added and the potentials are restored). */
int stn_add(stn *g, const kj_edge *e, int level, struct expl *out);

/* Undoes, last first, the potentials changed since trail record
 * trail_mark and the edges added since act_mark. */
void stn_undo(stn *g, int trail_mark, int act_mark);

/* A network's edges in compressed form (CSR), for the batch Bellman-Ford:
 * the edges out of node x are k = start[x] .. start[x+1]-1, each to node
 * to[k] with weight w[k]. */
typedef struct stn_csr {
    int n;                    /* nodes */
    const int *start;         /* n + 1 */
    const int *to;
    const int64_t *w;
} stn_csr;

/* The batch Bellman-Ford, FIFO, shared by stn_batch and
 * kj_network_bounds: from the nodes queue[0 .. n_queued-1] (in_queue[] 1
 * for those, 0 for the rest), relaxes dist[] over g's edges, a node's in
 * their order, until no edge improves it.  count[] (n zeros) counts each
 * node's improvements.  Returns 1 when it converged: dist[] is then the
 * least fixpoint and in_queue[] all 0.  Returns 0 as soon as a node is
 * improved more than n times, which a negative cycle the queued nodes
 * reach always causes, and a node with many predecessors on long paths
 * can cause without one; dist[] and the queue are left as they were then.
 * queue has n slots.  Inline, a copy in each caller: as a call, the
 * batch's relaxations ran slower. */
static inline int stn_bellman_ford(const stn_csr *g, int64_t *dist, int *queue, unsigned char *in_queue,
                                   int n_queued, int *count)
{
    const int *start = g->start, *to = g->to;
    const int64_t *w = g->w;
    int n = g->n, qh = 0, qn = n_queued;
    while (qn) {
        int x = queue[qh];
        qh = qh + 1 == n ? 0 : qh + 1;
        qn--;
        in_queue[x] = 0;
        int64_t dx = dist[x];
        int end = start[x + 1]; /* read once: for all the compiler knows, a store below changes it */
        for (int k = start[x]; k < end; k++) {
            int y = to[k];
            int64_t nd = dx + w[k];
            if (nd >= dist[y]) continue;
            dist[y] = nd;
            if (++count[y] > n) return 0;
            if (!in_queue[y]) {
                in_queue[y] = 1;
                int t = qh + qn++;
                queue[t >= n ? t - n : t] = y;
            }
        }
    }
    return 1;
}

/* Adds the base edges whose provenance `enabled` enables, all at once, to
 * an empty network: stn_bellman_ford from a virtual source (every
 * potential 0).  Returns 1 if that converged (the potentials then satisfy
 * every base edge), 0 if it stopped (a negative cycle, as a rule): the
 * network is then empty again, for the caller to add the edges one by one
 * with stn_add, which finds the cycle if there is one. */
int stn_batch(stn *g, const unsigned char *enabled);

#endif
