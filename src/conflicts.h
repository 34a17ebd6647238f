/* conflicts — the minimal conflicts of a network: the checker decides
 * subsets of a case's statements, shrinks each explanation to a minimal
 * set (QuickXplain), and enumerates every minimal conflict by a
 * hitting-set tree over the statements (Reiter 1987).  Input: a case and
 * the network of the report at hand (r->net); output: conflicts with
 * proofs, appended to the checker's list, then the report's. */
#ifndef KJ_CONFLICTS_H
#define KJ_CONFLICTS_H

#include "ir.h"
#include "report.h"

/* One searcher: what it decides (the enabled statements, within a part's
 * scope), what it found, and what is left of its budget; all of it in the
 * kj_mem of the thread it searches in. */
typedef struct kj_checker {
    kj_mem *mem;               /* the calling thread's (a searcher's own: parts.c) */
    kj_case *c;
    const kj_ir *ir;           /* c's resolved form, built once per check (ir.h) */
    kj_report *r;
    long budget;
    unsigned char *enabled;
    KJ_VEC(kj_conflict) found;
    int part_first;            /* the first conflict found in the part being enumerated */
    const int *scope;          /* the part's statements (those its constraints rest on), or NULL */
    int n_scope;
    kj_arena scratch;          /* a search without proof: its results, until the next one */
    long max_pairs;            /* presence pairs a network may hold (kj_network_build_ex) */
    kj_solve_scratch solve;    /* what this thread's searches keep between calls */
} kj_checker;

/* A checker of case c into report r, in mem's call, with a search budget
 * (alternative tries) and the presence pairs a network may hold for it,
 * its networks compiled with the owners' hypotheses or without (ir.h);
 * it has no enabled[] yet (each searcher has its own: parts.c). */
kj_checker kj_conflicts_checker(kj_mem *mem, kj_case *c, kj_report *r, long budget, int hypotheses);

/* Which network kj_conflicts_network builds (kj_network_build_ex's prune). */
typedef enum { KJ_NET_FULL, KJ_NET_PRUNED } kj_net_kind;

/* The network of the case's statements with keep[i] != 0 (NULL: all),
 * built in mem's call (its sentences as data: a report that outlives it
 * keeps copies, adopt.c).  The caller frees it (kj_network_free), or the
 * report it becomes keeps it. */
kj_network *kj_conflicts_network(kj_mem *mem, const kj_ir *ir, kj_net_kind kind, const unsigned char *keep, long max_pairs);

/* Decides the statements of k's scope (a part's; all when it has none)
 * without a proof; its results last until the next such search.  An
 * answer KJ_UNKNOWN marks the report undecided. */
kj_solve_result kj_conflicts_decide(kj_checker *k);

/* Appends to k->found the minimal conflicts of the inconsistent statements
 * of k's scope (those from k->part_first on are this part's), with proofs
 * in the report's arena; past its limits the report is marked
 * incomplete. */
void kj_conflicts_enumerate(kj_checker *k);

/* Moves the conflicts k found that involve a claim into r->conflicts (in
 * the report's arena), sorted by claim, kind (strongest first) and
 * statements; frees k->found. */
void kj_conflicts_finish(kj_checker *k);

/* Orders statement ids ascending (qsort, bsearch): a conflict's statement
 * list and a network's capped list are sorted so. */
int kj_conflicts_stmt_order(const void *a, const void *b);

#endif
