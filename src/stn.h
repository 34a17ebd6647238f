/* stn — the simple temporal network a search decides its choices against:
 * difference edges t_v - t_u <= w added one at a time, or the base edges
 * all at once, each addition answering whether the edges so far are still
 * consistent.  Input: edges of a compiled network (network.h).  Output: a
 * potential that satisfies every edge added, or the negative cycle the
 * last edge closed (its statements, the levels of its edges and a proof
 * leaf, in a struct expl: search.h).  Internal to the solver (solve.c,
 * search.c). */
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
    kj_arena *arena;          /* where cycle proofs are allocated */
} stn;

/* An empty network over net's points (every potential 0); a cycle's proof
 * is allocated in `arena`.  The caller frees it with stn_free. */
void stn_init(stn *g, const kj_network *net, kj_arena *arena);
void stn_free(stn *g);

/* Adds edge e at decision level `level` (-1 for a base edge); returns 0,
 * or 1 with *out filled when it closes a negative cycle (then the edge is
 * not added and the potentials are restored). */
int stn_add(stn *g, const kj_edge *e, int level, struct expl *out);

/* Undoes, last first, the potentials changed since trail record
 * trail_mark and the edges added since act_mark. */
void stn_undo(stn *g, int trail_mark, int act_mark);

/* Adds the base edges whose provenance `enabled` enables, all at once, to
 * an empty network.  Returns 1 if that converged (the potentials then
 * satisfy every base edge), 0 if some node was improved more than n times
 * (a negative cycle): the network is then empty again, for the caller to
 * add the edges one by one with stn_add, which finds the cycle. */
int stn_batch(stn *g, const unsigned char *enabled);

#endif
