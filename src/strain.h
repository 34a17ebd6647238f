/* strain — what an account needs (issue 21).  Input: a report with its
 * verdicts, the legs its pruned networks found (network.h: kj_leg, the
 * least speed each claim requires) and the case's modes (ir.h).  Output:
 * the report's legs, and per claim what the tightest one needs against the
 * modes the account names: a claim that nothing contradicts, conflicts
 * with or corroborates, and that only a mode class the account never
 * names makes possible, is `strained` (design.md §0: charity is not
 * silence).  Never a contradiction: no conflict, no exit status. */
#ifndef KJ_STRAIN_H
#define KJ_STRAIN_H

#include "ir.h"
#include "report.h"

/* What a claim's tightest leg needs. */
typedef struct kj_strain {
    int leg;                             /* the leg shown (r->legs): a strained claim's, the one
                                            that strains it; else its tightest; -1: none */
    const char **named; int n_named;     /* the mode classes the account names for the leg's
                                            person (foot always: anyone may walk) */
    double named_mps;                    /* the fastest of those in the leg's era */
    const char **classes; int n_classes; /* strained: the classes whose fastest speed in the
                                            era allows the leg, slowest first; else none */
} kj_strain;

/* Copies legs[0 .. n) (each claim's, from the pieces' pruned networks)
 * into r (r->legs, r->leg_of) and sets r->strain, turning `unverified`
 * into `strained` where that is the case.  Everything in r's arena. */
void kj_strain_verdicts(kj_mem *mem, const kj_case *c, const kj_ir *ir, kj_report *r, const kj_leg *legs, int n);

#endif
