/* search — the search over a network's disjunctions (search.c): depth-
 * first with backjumping, or CDCL; the context they share with the rest
 * of the solver is in solver.h. */
#ifndef KJ_SEARCH_H
#define KJ_SEARCH_H

#include "solver.h"

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
