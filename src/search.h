/* search — the search over a network's disjunctions (search.c), and what
 * the solver's files share (solve.c, stn.c, apsp.c, search.c; nothing
 * outside the solver includes this): one search's context and the
 * explanation a refutation comes back with. */
#ifndef KJ_SEARCH_H
#define KJ_SEARCH_H

#include "solve.h"
#include "stn.h"

typedef KJ_VEC(int) int_vec;

/* Why something failed: the statements it rests on, the decision levels
 * (or alternatives, or literals: see the search) it rests on, and its
 * proof. */
typedef struct expl {
    int_vec stmts, levels;
    kj_proof *proof;
} expl;

/* One search over a network: its statements enabled[i] != 0 only. */
typedef struct search {
    const kj_network *net;
    const kj_case *c;
    const unsigned char *enabled;
    long *budget;
    kj_arena *arena;
    kj_solve_scratch *sc;
    stn g;
    int out_of_budget;
} search;

/* Whether every statement of provenance `prov` is enabled: an edge or a
 * disjunction exists only then. */
static inline int search_prov_on(const kj_network *net, const unsigned char *enabled, int prov)
{
    const kj_prov *p = &net->provs.items[prov];
    for (int i = 0; i < p->n; i++)
        if (!enabled[p->stmts[i]]) return 0;
    return 1;
}

static inline int search_prov_enabled(const search *s, int prov)
{
    return search_prov_on(s->net, s->enabled, prov);
}

/* The first enabled disjunction from di on; net->disjs.n if none is. */
static inline int search_next_disj(const search *s, int di)
{
    while (di < s->net->disjs.n && !search_prov_enabled(s, s->net->disjs.items[di].prov)) di++;
    return di;
}

/* Sorts v and drops repeated items. */
void search_uniq(int_vec *v);

/* Frees e's lists (its proof lives in the search's arena) and zeroes it. */
void expl_free(expl *e);

/* The two searches.  Both start from s->g holding the enabled base edges
 * (consistent), take one unit of *s->budget per decision (the try of an
 * alternative), and when it is spent return KJ_UNKNOWN.  KJ_UNSAT comes
 * with *out: the statements the refutation rests on (out->stmts), and from
 * dfs_search its proof. */

/* Proves by cases: depth-first over the enabled disjunctions in order,
 * trying first the alternatives the current potentials already satisfy,
 * with conflict-directed backjumping (an alternative whose failure does
 * not involve the decision at its level refutes that whole level at
 * once).  Its refutation is the tree of cases kjeller prints. */
kj_sat dfs_search(search *s, expl *out);

/* Decides by conflict-driven clause learning: each alternative is a
 * Boolean, each disjunction a clause, each negative cycle a learned clause
 * "not all of these alternatives", each clause carrying the statements it
 * rests on.  The theory is the STN, or on networks of at most the
 * runtime's apsp_max_points points the distance matrix.  No proof tree. */
kj_sat cdcl_search(search *s, expl *out);

#endif
