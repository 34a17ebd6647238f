/* adopt — conflicts copied from the network they were found on to the one
 * that shows them: from a part's network to its whole network (the part's
 * is freed once searched), and from a piece's full network to the
 * report's (each piece's is freed once its conflicts are enumerated).
 * Input: conflicts and the network of their proofs; output: the same
 * conflicts, their proofs pointing at the other network. */
#ifndef KJ_ADOPT_H
#define KJ_ADOPT_H

#include "parts.h"

/* Points proof p (found on part pt's network) at the whole network's
 * edges and disjunctions instead, in place. */
void kj_adopt_part_proof(const kj_network *whole, const kj_part *pt, kj_proof *p);

/* An empty network for the report of case c, in mem's call, to which
 * kj_adopt_conflicts copies what the report shows (a network to show, not
 * to search: its alternatives have no edges).  Free with
 * kj_network_free. */
kj_network *kj_adopt_network(kj_mem *mem, kj_case *c);

/* Copies into the report's network (r->net, from kj_adopt_network) what
 * conflicts found[0..n) (found on network w) need, and points their
 * proofs at the copies; their proofs and statements are copied into the
 * report's arena too, so that w may be freed.  The network grows, and
 * its scratch is allocated, in mem's call. */
void kj_adopt_conflicts(kj_mem *mem, kj_report *r, const kj_network *w, kj_conflict *found, int n);

#endif
