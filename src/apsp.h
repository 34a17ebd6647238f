/* apsp — the all-pairs theory: on a network of a few hundred points the
 * search keeps the whole distance matrix instead of a potential (as
 * Epilitis and TSAT++ do for random DTPs).  Input: edges added one at a
 * time, each tagged with the clause literal it stands for.  Output: the
 * shortest distance between every two points, the shortest paths'
 * edges, and for an edge that closes a negative cycle, the cycle's
 * statements and literals (an expl: search.h).  Every change is trailed,
 * so that backtracking restores the matrix.  Internal to the solver
 * (search.c). */
#ifndef KJ_APSP_H
#define KJ_APSP_H

#include "solver.h"

/* A distance as it was before a change, for undoing it. */
typedef struct apsp_rec { int pair; int last; int64_t dist; } apsp_rec;

/* An edge added, with the literal a conflict through it puts in its
 * clause (see cdcl in search.c); -1 for a base edge. */
typedef struct apsp_edge {
    const kj_edge *e;
    int lit;
} apsp_edge;

typedef struct apsp {
    int n;
    int64_t *dist;            /* dist[i*n+j]: shortest i ~> j; KJ_INF when there is no path */
    int *last;                /* the edge (into edges) ending that path; -1 on the diagonal */
    KJ_VEC(apsp_edge) edges;  /* edges added */
    KJ_VEC(apsp_rec) trail;
    int *rows, *cols;         /* scratch for one edge */
    const kj_network *net;    /* whose provenances name a cycle's statements */
    kj_mem *mem;              /* the calling thread's (mem.h): the matrix and lists */
} apsp;

/* The matrix of net's points with no edge (KJ_INF off the diagonal),
 * allocated in mem's call; the caller frees it with apsp_free. */
void apsp_init(apsp *m, kj_mem *mem, const kj_network *net);
void apsp_free(apsp *m);

/* Adds edge e, tagged with the clause literal it stands for (-1: a base
 * edge).  Returns 0, or 1 with the negative cycle in *out (its statements,
 * and its edges' literals in out->levels); the matrix is then unchanged. */
int apsp_add(apsp *m, const kj_edge *e, int lit, expl *out);

/* Undoes, last first, the distances changed since trail record
 * trail_mark, and forgets the edges added since edge_mark. */
void apsp_undo(apsp *m, int trail_mark, int edge_mark);

/* Appends to *out the edges (indices into m->edges) of the shortest path
 * from -> to, last edge first. */
void apsp_path(const apsp *m, int from, int to, int_vec *out);

#endif
