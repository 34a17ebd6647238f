/* verdicts — a verdict per claim from the conflicts it is in and the
 * evidence they rest on: contradicted, conflicting, corroborated,
 * unverified or undecided (design.md §4).  Input: a report with its
 * conflicts; output: r->verdicts and r->corroborated_by. */
#ifndef KJ_VERDICTS_H
#define KJ_VERDICTS_H

#include "report.h"

/* Writes r->verdicts and r->corroborated_by (one per statement; only the
 * claims' mean anything), and gives for each claim ci the conflicts it is
 * in, (*cf_order)[(*cf_start)[ci] .. (*cf_start)[ci + 1]), which the
 * corrections read too: both arrays are allocated in mem's call, the
 * caller's to free (kj_free). */
void kj_verdicts(kj_mem *mem, const kj_case *c, kj_report *r, int **cf_order, int **cf_start);

#endif
