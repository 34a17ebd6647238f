/* parts — a network cut into its independent parts, and a case cut into
 * pieces whose networks are built one at a time.  Input: a network (a
 * case); output: the minimal conflicts of its inconsistent parts, or the
 * statements of those parts (the cuts between pieces). */
#ifndef KJ_PARTS_H
#define KJ_PARTS_H

#include "conflicts.h"
#include "pool.h"

/* A part of a network: a network of its own (its points, Z first, with
 * the base edges and disjunctions among them) and the way back to the
 * whole network (kj_adopt_part_proof). */
typedef struct kj_part {
    kj_network net;
    int *edge_of, *alt_edge_of, *disj_of; /* the whole network's index of each edge, alternative's edge, disjunction */
} kj_part;

/* Decides each part of k->r->net with a claim on its own (on up to
 * rt.threads threads, kj_pool, each searching in a kj_mem of its own that
 * k->mem's call adopts; the calling thread meanwhile runs meanwhile, when
 * given and when threads started).  Without keep, enumerates the
 * conflicts of the inconsistent parts into k->found (in the order one
 * thread would find them) and spends k->budget; with keep, only marks
 * keep[] for the claims and facts of the parts that are not consistent
 * (on the pruned network: the full one is then built for those alone).
 * Returns how many parts are not consistent. */
int kj_parts_enumerate(kj_checker *k, unsigned char *keep, kj_pool_meanwhile *meanwhile, void *arg);

/* Groups items 0..n) by key (key < 0: left out): *order lists them key by
 * key, (*start)[key] .. (*start)[key + 1] delimiting each group; stable.
 * Both arrays are allocated in mem's call, the caller's to free
 * (kj_free). */
void kj_parts_bucket(kj_mem *mem, const int *key, int n, int n_keys, int **order, int **start);

/* How a big case's networks are built, a piece at a time: fills *cuts
 * (statement indices, piece p being cuts[p] .. cuts[p+1]-1; allocated in
 * mem's call, the caller frees it with kj_free) and returns the number of pieces, 1 when the case is not cut
 * (whole, or small, or kj_network_anchors).  The network of a piece's
 * claims and facts (kj_network_build_ex's keep) has exactly the
 * constraints the whole case's has on them, and no constraint links two
 * pieces. */
int kj_parts_pieces(kj_mem *mem, const kj_case *c, int whole, int **cuts);

#endif
