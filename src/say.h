/* say — the sentences of a proof as data.  The network compiler
 * (network.c) says why each edge, alternative and disjunction holds as a
 * kind of sentence and the statements and numbers it speaks of; the words
 * are written only when a renderer asks (kj_say_text, say.c).  A network
 * holds no text.
 *
 * This header holds the types only (and the one call that reads them), so
 * that network.h can include it: say.c includes network.h. */
#ifndef KJ_SAY_H
#define KJ_SAY_H

#include <stdint.h>

#include "arena.h"

/* Which sentence, one kind per sentence a proof can show.  The kinds up to
 * SAY_CUSTODY_HOLDS speak of one statement, which the reference names
 * itself (kj_say_ref.of: no record); the others speak of a record in the
 * network's says, in the member of kj_say named after each group. */
typedef enum {
    SAY_NONE,              /* no sentence: "" (a network built only to decide) */
    /* of one statement: a claim */
    SAY_ENDS_AFTER_START,  /* "'ID' ends after it starts" */
    SAY_BEGINS,            /* its "in/on TIME", with the reading */
    SAY_DEPARTS,           /* its "departs TIME" */
    SAY_ARRIVES,           /* its "arrives TIME" */
    SAY_LASTS,             /* its duration */
    SAY_SEQ_RIGHT_AFTER,   /* its "right after X", with the case's option */
    SAY_SEQ_AFTER,         /* its "after X" */
    SAY_SEQ_BEFORE,        /* its "before X" */
    SAY_SEQ_GAP,           /* its "DURATION after X": at most the longest gap */
    SAY_SEQ_GAP_MIN,       /* ... and at least the shortest */
    SAY_DURING_FACT,       /* its "during F", F a fact: F's widest reading */
    SAY_DURING,            /* its "during X", X a claim */
    /* of one statement: a fact, an entity, an entry, a register */
    SAY_FACT,              /* a fact's interval */
    SAY_LIFETIME,          /* an entity's lifetime */
    SAY_ENTRY_DATED,       /* an entry's time */
    SAY_REG_COVERS,        /* a register's coverage */
    SAY_REG_RECORDS_EVERY, /* a register's closed world (a disjunction's) */
    SAY_CUSTODY_HOLDS,     /* a custody's narrow window (its thing is with its holder) */
    /* of a record: .travel */
    SAY_TRAVEL_GEODESIC,   /* a journey's least time over the geodesic */
    SAY_TRAVEL_ROUTE,      /* ... over a sourced route */
    /* .gap */
    SAY_SEQ_SAME_DAY,      /* "the same day", read as a gap of at most s */
    SAY_SEQ_NEXT_DAY,      /* "the next day", likewise */
    /* .day */
    SAY_DAY_BEGINS_BY,     /* "the same/next day" begins by a local time */
    SAY_DAY_BEGINS_AFTER,  /* "the next day" begins no earlier than a local midnight */
    /* .presence: one person at two places */
    SAY_PRES_APART,        /* cannot be at both at once (the disjunction and its edges) */
    SAY_PRES_HEAD,         /* the conflict's first line */
    SAY_PRES_XY,           /* the alternative: x's place first, then y's */
    SAY_PRES_YX,           /* the alternative: y's place first, then x's */
    /* .anchor: a journey from or to an unlocated place, anchored to a fact */
    SAY_ANCHOR_WHY,        /* the person was there, and the fact puts them elsewhere */
    SAY_ANCHOR_HEAD,       /* the conflict's first line */
    SAY_ANCHOR_ENDS_BEFORE,  /* alternative: the claim ends before the fact */
    SAY_ANCHOR_BEGINS_AFTER, /* alternative: it begins after the fact */
    SAY_ANCHOR_WITHIN,     /* alternative: the unlocated place is within the fact's */
    SAY_ANCHOR_TRAVEL,     /* then the journey's least time */
    /* .entry: a claim and a register or an entry, maybe at one place of several */
    SAY_ENTRY_IS,          /* the claim's event is the register's entry */
    SAY_REG_BEFORE,        /* it happens before the register begins */
    SAY_REG_AFTER,         /* it happens after the register ends */
    SAY_HELD_BEFORE,       /* it happens before the custody (.entry.stmt) begins */
    SAY_HELD_AFTER,        /* it happens after the custody ends */
    /* .row: a claim and a group of imported rows of an entry */
    SAY_ROW_IS,            /* the claim's event is the row */
    SAY_ROW_ONE_OF,        /* ... one of the rows */
    SAY_ROW_HULL,          /* ... one of the rows, too many to read */
    SAY_ROW_DATED,         /* the row's time */
    SAY_ROWS_DATED,        /* the rows' times */
    /* .registers: a claim and the registers at each place it may be */
    SAY_REG_ANY_OF,        /* a register at each place records every event */
    SAY_REG_HEAD,          /* the conflict's first line */
    /* .voyage: a presence of a claim and a journey fact of the same person */
    SAY_VOYAGE_WHY,        /* aboard between its ends, and how far the claim's place is from them */
    SAY_VOYAGE_HEAD,       /* the conflict's first line */
    SAY_VOYAGE_BEFORE,     /* alternative: the claim's presence first, then the departure */
    SAY_VOYAGE_AFTER,      /* alternative: the arrival first, then the claim's presence */
    SAY_VOYAGE_ABOARD,     /* alternative: the claim's presence while aboard */
    /* .delivery: a message carried between two places */
    SAY_DELIVERY,          /* its least time, at the medium's or the era's fastest speed */
    /* .reach: a message's sender or receiver unreachable by its medium */
    SAY_REACH_WHY,         /* the fact, and when the message is sent or received */
    SAY_REACH_HEAD,        /* the conflict's first line */
    SAY_REACH_BEFORE,      /* alternative: before the period */
    SAY_REACH_AFTER        /* alternative: after it */
} kj_say_kind;

/* What a sentence about more than one statement speaks of: statement
 * indices of the case, metres, seconds, UTC times.  Which member is read
 * is the kind's (kj_say_kind); what it points at is the case's, or
 * (registers.regs) in the arena of the network that holds the record. */
typedef struct kj_say {
    union {
        /* a journey of claim `claim`: at least m metres, s seconds at mode's speed */
        struct { int claim, mode; double m; int64_t s; } travel;
        /* claim `claim` begins at most s seconds after the one it names ends */
        struct { int claim; int64_t s; } gap;
        /* the one claim `claim` names ends by end_s (shown in end_zone), so
         * claim begins by by_s (shown in by_zone); the zones are the case's */
        struct { int claim; int64_t end_s, by_s; const char *end_zone, *by_zone; } day;
        /* person at x_place by x_stmt and at y_place by y_stmt, m metres
         * apart, at least s seconds at mode's speed */
        struct { int person, x_place, x_stmt, y_place, y_stmt, mode; double m; int64_t s; int x_via, y_via, travels_by; } presence;
        /* journey `claim` between `unlocated` and a located place; person
         * at `unlocated` during x_stmt and, by `fact`, at the fact's place:
         * the journey at least m metres, s seconds at mode's speed */
        struct { int claim, person, x_stmt, fact, unlocated, mode; double m; int64_t s; int f_via; } anchor;
        /* claim and a register or entry `stmt`; `place`: the place of
         * several the alternative is at ("at P: "), or -1 */
        struct { int claim, stmt, place; } entry;
        /* claim and entry `entry`'s row group `group`; place as above */
        struct { int claim, entry, group, place; } row;
        /* person at y_place by claim y_stmt (through custody y_via, or -1)
         * and aboard journey fact `fact`: the place is m1 metres from its
         * start, m2 from its end; era_mode (restricted by travels_by, or
         * -1) bounds the person off the vehicle, veh_mode the vehicle (m1
         * or m2 -1: that end is unlocated, and bounds nothing) */
        struct { int person, fact, y_stmt, y_place, y_via, era_mode, travels_by, veh_mode; double m1, m2; } voyage;
        /* message `claim` carried at least m metres between its places, s
         * seconds at the speed of `mode` (a mode of the era, or -1: the
         * medium's own) */
        struct { int claim, mode; double m; int64_t s; } delivery;
        /* message `claim` sent (receiver 0) or received (1) by person
         * while fact `fact` has him unreachable by its medium */
        struct { int claim, fact, person, receiver; } reach;
        /* claim may be at n places (`place` says so), with register
         * regs[k] at the k-th; of things: through custody `via` (else -1) */
        struct { int claim, place, n; const int *regs; int via; } registers;
    };
} kj_say;

/* A sentence: its kind and what it speaks of, which is a statement index
 * for the kinds of one statement and an index into the network's says for
 * the others (kj_say_has_record).  Small enough to sit in an edge. */
typedef struct kj_say_ref {
    kj_say_kind kind;
    int of;
} kj_say_ref;

/* Whether a sentence of kind k speaks of a record in the network's says
 * (so a copy into another network copies the record too: adopt.c). */
int kj_say_has_record(kj_say_kind k);

struct kj_network;
/* The words of sentence ref of network net, written into arena `to` (the
 * renderer's, which owns them); "" for SAY_NONE.  Fails to-'s call if its
 * memory runs out (mem.h). */
const char *kj_say_text(const struct kj_network *net, kj_say_ref ref, kj_arena *to);

#endif
