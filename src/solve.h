/* solve — consistency of a subset of a case's statements: an incremental
 * simple temporal network (negative-cycle detection) under a search over
 * disjunctions with conflict-directed backjumping.  An inconsistent subset
 * comes back with an explanation: the statements it rests on and a proof
 * tree whose leaves are negative cycles. */
#ifndef KJ_SOLVE_H
#define KJ_SOLVE_H

#include "network.h"

typedef struct kj_proof {
    int disj;                  /* -1 for a leaf (a negative cycle) */
    int64_t weight;            /* leaf: the cycle's weight (< 0) */
    const kj_edge **edges;     /* leaf: the cycle, in order */
    int n_edges;
    struct kj_proof **kids;    /* node: one proof per alternative */
    int n_kids;
} kj_proof;

typedef enum { KJ_SAT, KJ_UNSAT, KJ_UNKNOWN } kj_sat;

typedef struct kj_solve_result {
    kj_sat sat;
    int *stmts; int n_stmts;   /* UNSAT: statements the proof rests on (sorted) */
    kj_proof *proof;           /* UNSAT: allocated in the arena passed in */
} kj_solve_result;

/* Decides the statements with enabled[i] != 0 (by CDCL over the
 * disjunctions, with the STN as the theory).  *budget counts alternative
 * tries and is decremented; at 0 the result is KJ_UNKNOWN.  Proofs and
 * statement lists are allocated in `arena`; the search's own memory in
 * mem's call (the calling thread's kj_mem: mem.h), and running out fails
 * that call. */
/* What one thread's searches keep between calls: marks indexed by
 * statement (a part of a big case is decided many times; clearing or
 * allocating an array of the whole case's size each time would cost the
 * whole case each time).  Zero it to start; it grows in the kj_mem of
 * the thread's searches; the caller owns it and frees it with
 * kj_solve_scratch_free. */
typedef struct kj_solve_scratch {
    unsigned *mark; size_t mark_cap; unsigned epoch;
    unsigned char *only; size_t only_cap; /* all 0 between uses */
} kj_solve_scratch;
void kj_solve_scratch_free(kj_solve_scratch *sc);

kj_solve_result kj_solve(kj_mem *mem, const kj_network *net, const kj_case *c, const unsigned char *enabled,
                         long *budget, kj_arena *arena);

/* Writes a network as SMT-LIB2 (render_smt2.c); the statements' ids name
 * the selectors.  Returns 0 or -1. */
int kj_network_smt2(kj_mem *mem, const kj_network *net, const kj_case *c, FILE *out);

/* Same; without want_proof an UNSAT answer has its statements but no proof
 * tree (deciding is then one CDCL search, with no case split to print). */
kj_solve_result kj_solve_ex(kj_mem *mem, const kj_network *net, const kj_case *c, const unsigned char *enabled,
                            long *budget, kj_arena *arena, int want_proof);

/* Same, with the scratch the caller keeps between calls (kj_solve and
 * kj_solve_ex use one of their own, for the call). */
kj_solve_result kj_solve_with(kj_mem *mem, const kj_network *net, const kj_case *c, const unsigned char *enabled,
                              long *budget, kj_arena *arena, int want_proof, kj_solve_scratch *sc);

/* The smallest relaxation (seconds) that undoes this proof: minus the
 * cycle weight of a leaf; the smallest over a node's alternatives. */
int64_t kj_proof_margin(const kj_proof *p);

#endif
