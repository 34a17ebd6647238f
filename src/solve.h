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
 * statement lists are allocated in `arena`. */
/* Frees the scratch a thread's searches keep between calls (call it before
 * a thread that searched ends; the main thread's goes with the process). */
void kj_solve_thread_done(void);

kj_solve_result kj_solve(const kj_network *net, const kj_case *c, const unsigned char *enabled, long *budget,
                         kj_arena *arena);

/* Writes a network as SMT-LIB2 (render_smt2.c); the statements' ids name
 * the selectors.  Returns 0 or -1. */
int kj_network_smt2(const kj_network *net, const kj_case *c, FILE *out);

/* Same; without want_proof an UNSAT answer has its statements but no proof
 * tree (deciding is then one CDCL search, with no case split to print). */
kj_solve_result kj_solve_ex(const kj_network *net, const kj_case *c, const unsigned char *enabled, long *budget,
                            kj_arena *arena, int want_proof);

/* The smallest relaxation (seconds) that undoes this proof: minus the
 * cycle weight of a leaf; the smallest over a node's alternatives. */
int64_t kj_proof_margin(const kj_proof *p);

#endif
