/* corrections — per contradicted claim, the smallest change to its own
 * bounds that would make it possible, re-checked against the claim's
 * conflicts and the people's other claims and facts.  Input: a report with
 * its conflicts (and the conflicts of each claim); output:
 * r->correction[claim], in words. */
#ifndef KJ_CORRECTIONS_H
#define KJ_CORRECTIONS_H

#include "ir.h"
#include "report.h"

/* Writes r->correction (one per statement, NULL but for claims; strings
 * in the case's arena, the array in the report's).  parts_keep marks the
 * claims and facts of the inconsistent parts (NULL: none);
 * cf_order[cf_start[ci] .. cf_start[ci + 1]) are claim ci's conflicts.
 * The re-checks build networks of ir (c's resolved form) of at most max_pairs presence pairs per
 * person and search with the caller's scratch sc, in mem's call. */
void kj_corrections(kj_mem *mem, kj_case *c, const kj_ir *ir, kj_report *r, kj_solve_scratch *sc, long max_pairs,
                    const unsigned char *parts_keep, const int *cf_order, const int *cf_start);

#endif
