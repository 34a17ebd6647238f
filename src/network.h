/* network — the compiled temporal network: time points, difference edges
 * t_v - t_u <= w with provenance, and disjunctions of edge sets. */
#ifndef KJ_NETWORK_H
#define KJ_NETWORK_H

#include "ir.h"
#include "kj.h"
#include "say.h"

typedef enum {
    EK_ORDER,     /* an event ends after it starts; sequence clauses */
    EK_GAP,       /* the longest gap "right after", "the same day"... allow */
    EK_WINDOW,    /* a claim's stated time */
    EK_DURATION,  /* a claim's stated duration */
    EK_FACT,      /* a fact's interval */
    EK_TRAVEL,    /* minimum travel time between places */
    EK_LIFETIME,  /* an entity's lifetime */
    EK_REGISTER,  /* a register's coverage or an entry's time */
    EK_PRESENCE   /* minimum time to get from one presence to another */
} kj_edge_kind;

/* Conflict kinds in JSON; the order is the priority when a proof mixes. */
/* CK_REACH: a message sent or received while its person was unreachable by its medium */
typedef enum { CK_ORDER, CK_DURATION, CK_TRAVEL, CK_PRESENCE, CK_REACH, CK_EXISTENCE, CK_REGISTER } kj_conflict_kind;
const char *kj_conflict_kind_name(kj_conflict_kind k);

typedef struct kj_edge {
    int u, v;          /* t_v - t_u <= w */
    int64_t w;
    kj_edge_kind kind;
    int prov;          /* index into net->provs */
    kj_say_ref say;    /* its line in a proof (kj_say_text) */
} kj_edge;

typedef struct kj_prov {
    int *stmts;        /* sorted, unique */
    int n;
} kj_prov;

typedef struct kj_alt {
    int first, n;      /* edges in net->alt_edges */
    kj_say_ref say;    /* "either SAY:" in a proof */
    int branch;        /* which place of a "one of" place it belongs to, or -1 */
    int branch_place;  /* that place's statement, or -1 */
} kj_alt;

typedef struct kj_disj {
    int first_alt, n_alts;
    int prov;          /* it exists only if all these statements are enabled */
    kj_conflict_kind kind;
    kj_say_ref say;       /* "SAY; so one of:" in a proof */
    kj_say_ref head;      /* one clause for the conflict's first line, or SAY_NONE */
    int claim;            /* the claim a conflict through it is reported at, or -1 */
} kj_disj;

typedef struct kj_point {
    const char *name;  /* NULL for a statement's start or end: see kj_point_name */
    int stmt;
} kj_point;

/* A leg (issue 21): the least average speed the account requires between
 * a presence of a claim and another presence of the same person (a claim,
 * a fact, a trace point through a custody; for a journey, its own two
 * ends).  Only the conjunctive part bounds the time (a relaxation: the
 * disjunctions could only shorten it), so the speed is a lower bound:
 * the account needs at least it, under the most charitable reading of
 * every time.  In the leg's order: the first presence ends, the second
 * begins. */
typedef struct kj_leg {
    int claim;                  /* the claim whose presence it is (statement) */
    int person;                 /* whose presences (statement) */
    int first, second;          /* the two presences' statements (a journey's own leg: both the claim) */
    int first_place, second_place; /* the places as named (statements) */
    int first_via, second_via;  /* the custody that makes a device's position the person's, or -1 */
    unsigned char first_kind, second_kind; /* what the end is: KJ_LEG_STAY, _DEPARTS, _ARRIVES */
    unsigned char evidence;     /* the other end is a fact (a trace point), or the claim itself */
    double m;                   /* the least distance between the places, metres (> 0) */
    int64_t s;                  /* the most time the account allows for it (>= 0) */
    int64_t t0, t1;             /* UTC: the earliest the first may end and the latest the
                                   second may begin, when those bound s (t1 - t0 == s); else
                                   KJ_INF */
    int year_lo, year_hi;       /* the era of the two presences */
} kj_leg;

enum { KJ_LEG_STAY, KJ_LEG_DEPARTS, KJ_LEG_ARRIVES }; /* a presence; a journey's start, end */

/* Its speed in metres per second (HUGE_VAL: no time at all). */
double kj_leg_mps(const kj_leg *l);

typedef struct kj_network {
    kj_arena own;               /* its provenances and what its says point at (freed with it) */
    const kj_case *c;           /* its case (what its sentences speak of) */
    KJ_VEC(kj_point) points;
    KJ_VEC(kj_edge) edges;      /* base (conjunctive) edges */
    KJ_VEC(kj_edge) alt_edges;  /* edges of alternatives */
    KJ_VEC(kj_alt) alts;
    KJ_VEC(kj_disj) disjs;
    KJ_VEC(kj_prov) provs;
    KJ_VEC(kj_say) says;        /* what its sentences about several statements speak of
                                 * (a part's network has none: it is never shown) */
    int *stmt_start, *stmt_end; /* per statement: its points, or -1 */
    int *matched_entry;         /* per claim: a register entry that may be its record, or -1 */
    KJ_VEC(int) capped;         /* statements with presence pairs left out past the
                                 * budget (sorted): a search of them never says SAT */
    KJ_VEC(kj_leg) legs;        /* a pruned network's: each claim's tightest leg, then, if
                                 * another, its tightest against evidence, in the order of
                                 * the claims' statements (none for a claim without one) */
} kj_network;

/* Compiles a case's resolved form (ir.h; the network keeps nothing of
 * it: ir may be freed once the network is built).  With prune, presence disjunctions that the
 * conjunctive part entails are left out: equivalent for the whole case, not
 * for its subsets, and never shown: its sentences about several statements
 * are SAY_NONE.  The network is heap vectors and an arena of its own, in
 * mem's call; free with kj_network_free. */
kj_network *kj_network_build(kj_mem *mem, const kj_ir *ir, int prune);
/* Same, for the claims and facts with keep[i] != 0 only (NULL: all): the
 * constraints of any set of kept statements are exactly those of the
 * whole network.  A constraint links a statement's points to Z, to those of
 * the same person's presences (the person's, the people met), of the
 * claims its sequence or "during" clause names, and, with
 * kj_network_anchors, to other people's facts: parts.c cuts big cases into
 * pieces by these links (kj_parts_pieces), and a new kind of link must be
 * added there.
 * max_pairs (0: no limit) bounds the presence pairs of each person: the rest are
 * left out and their statements listed in capped, so that a search that
 * would find them consistent says KJ_UNKNOWN instead (a budget, like the
 * search's: memory and time stay bounded on hostile input). */
kj_network *kj_network_build_ex(kj_mem *mem, const kj_ir *ir, int prune, const unsigned char *keep, long max_pairs);
void kj_network_free(kj_network *net);

/* Whether some place is neither located nor one of several: then journeys
 * to it are anchored to facts about other people (anchored_travel), the
 * one constraint that links statements of people no clause links (a big
 * case is then not built in pieces: kj_parts_pieces). */
int kj_network_anchors(const kj_case *c); /* (a kj_ir says so too: any_unlocated) */

/* Point p's name, in two pieces ("flight" and ".start"; "Z" and ""). */
const char *kj_point_name(const kj_network *net, const kj_case *c, int p, const char **suffix);

/* Shortest distances from Z over the base edges with use[i] != 0 (all when
 * use is NULL): forward, t_p - t_Z <= dist[p] (the latest time of p);
 * backward, t_Z - t_p <= dist[p] (minus the earliest).  KJ_INF when
 * unbounded.  dist has one slot per point.  Returns 0, or -1 if those
 * edges have a negative cycle. */
int kj_network_bounds(kj_mem *mem, const kj_network *net, const unsigned char *use, int backward, int64_t *dist);

#endif
