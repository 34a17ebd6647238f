/* solver — what the solver's files share (stn.c, apsp.c, search.c,
 * solve.c; nothing outside the solver includes it): one search's context
 * and the explanation a refutation comes back with.  A header of types
 * and inline helpers, below every file of the solver. */
#ifndef KJ_SOLVER_H
#define KJ_SOLVER_H

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
    kj_mem *mem;               /* the calling thread's (mem.h): all but the proofs */
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

#endif
