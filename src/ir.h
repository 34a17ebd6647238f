/* ir — the resolved form of a case: events, places, links, registers.
 *
 * What the compiler (network.c) reads, instead of the statements' structs
 * (kj.h), where syntax (kj_ref names and spans, kj_timestr) and resolved
 * values share one record: every value it needs worked out once, here,
 * from a resolved case (kj_ir_build) — a claim's era, the place a presence
 * is at, where an entity stands and while it exists, which alternative an
 * assumption picked, the zones of a place, the fastest mode — with no
 * syntax.  check.c builds it once per check; every network of the check
 * (pruned, full, per piece, per correction) is compiled from it.  The one
 * thing still read from statements is an imported entry's rows (records.c
 * makes them per claim: kj_store_rows).
 *
 * What it is made of:
 *
 * - An interval is a kj_interval of UTC seconds (timex.h), closed;
 *   -KJ_INF / KJ_INF where unbounded.  Already read charitably by resolve:
 *   a claim's times wide, a "throughout" fact narrow.
 *
 * - A place (kj_ir_place) is one place statement after resolution:
 *   located (coordinates and the radius of their uncertainty, the case's
 *   default filled in), unlocated, or one of several (its distinct
 *   leaves through every nesting, and the statements that reading cites);
 *   and the zones its local times are read in.  Places are indexed by
 *   statement: ir->place_of[stmt] (-1 for what is not a place, and for a
 *   place nothing reaches: a place is made when an event, a register or a
 *   route names it, or a one of has it as a leaf).
 *
 * - A place as an event or register names it (kj_ir_where): the
 *   statement named (a place or an entity), the entity and its lifetime,
 *   the place a register there covers (identity: through assumptions, not
 *   through an entity), the place it finally is (through the entity and
 *   the assumptions), and the assumptions that picked it (cited by every
 *   distance that uses it).
 *
 * - An event (kj_ir_event) is what has a start and an end point in the
 *   network: a claim (a presence, a meeting, a journey) or a fact that
 *   places a person (throughout, on or in a time).  A residence is no
 *   event (it is not presence) and a register's entry is not one either:
 *   it is a possible record of a claim's event (kj_ir_entry).  An event
 *   has its person and the others with them, its place(s) (a presence:
 *   from and to are its place), the windows its start and end points must
 *   lie in (each as the statement says it, for its sentence, and their
 *   intersection), its duration bounds, its era (the widest span its
 *   times allow, and the years that span may fall in by any local
 *   calendar), and for a journey its mode: the one it names, its class,
 *   and the fastest mode its class and era allow.
 *
 * - A link (kj_ir_link) orders two events: right after (with the widest
 *   gap the case reads as "right after"), after, before, the same day, the
 *   next day, during.  The calendar gap of "same/next day" depends on
 *   zones and clock changes and stays the compiler's (it reads the
 *   places' zones here).
 *
 * - A register (kj_ir_register) is a closed world: the event it records,
 *   where (a kj_ir_where: its identity is what it covers), its coverage
 *   (narrow), the mode class and attributes of its scope, and its inline
 *   entries (kj_ir_entry: when, attributes, unrelated to which claim).
 *   The entries a store's rows make for one claim (records.c's links,
 *   kj_store_rows) follow, each with its row groups (kj_row_group: a
 *   window each, or the hull of rows left unread), found by register and
 *   claim (kj_ir_imported).
 *
 * - A kj_ir_where also keeps what registers and calendars need of it: the
 *   places a register may cover it at (its identity, or every place of
 *   the one of several it is) and the zones its local days are read in.
 *
 * - Modes and routes: the class, speed and years of each mode; each
 *   route's ends (as places), its mode's class and length.
 *
 * What stays in the statements, for diagnostics, reports and proofs'
 * sentences: ids, spans, sources, labels, readings' text, the names as
 * written.  Every item here keeps its statement index (stmt): provenance
 * and sentences (say.h) go on citing statements by index.
 *
 * Ownership: a kj_ir and everything it points at is allocated in the
 * kj_mem of the call that builds it (mem.h) and freed by kj_ir_free; it
 * points into the case (zones, classes, attributes), which must outlive
 * it. */
#ifndef KJ_IR_H
#define KJ_IR_H

#include "kj.h"

/* What a place is once resolved. */
typedef enum {
    IR_PLACE_LOCATED,   /* coordinates (lat, lon) ± radius_m */
    IR_PLACE_UNLOCATED, /* nothing known of where it is */
    IR_PLACE_ONE_OF     /* one of several places (leaves) */
} kj_ir_place_kind;

/* A place statement, resolved. */
typedef struct kj_ir_place {
    int stmt;                         /* the place statement */
    kj_ir_place_kind kind;
    double lat, lon;                  /* located */
    double radius_m;                  /* located: as given, else the case's default */
    const char *zone;                 /* its own tz, or NULL */
    const char **zones; int n_zones;  /* the zones its local times are read in
                                         (kj_place_zones); n_zones -1: more than
                                         KJ_ZONES_MAX, 0: none */
    /* one of: the distinct places it may be, through every nesting (ir
     * place indices, not one of; its own alternatives as written even when
     * an assumption picks one: a kj_ir_where follows the assumption, and
     * nested places are read after theirs), whether some is unresolved, and
     * the statements that reading rests on (itself, the places between,
     * the leaves, the assumptions that resolve them) */
    int *leaves; int n_leaves;
    int leaves_unknown;
    int *cites; int n_cites;
} kj_ir_place;

/* A place as a statement names it. */
typedef struct kj_ir_where {
    int named;                        /* the statement named (place or entity), -1: none */
    int entity;                       /* the entity named, or -1 */
    kj_interval life;                 /* that entity's lifetime (wide); unbounded if none
                                         or no `exists` */
    int identity;                     /* the place statement a register there covers
                                         (kj_place_identity), -1 */
    int place;                        /* the ir place it finally is, through the entity and
                                         the assumptions (kj_place_effective), -1 */
    const int *cites; int n_cites;    /* the one-of places and assumptions that picked it */
    const char *const *zones; int n_zones;  /* the zones its local days are read in (kj_place_zones
                                         of the statement named): -1 more than KJ_ZONES_MAX,
                                         0 none */
    /* the places a register may cover it at: its identity, or each place
     * of the one of several that its identity is, through every nesting
     * (statements, each once), and what that reading cites */
    const int *covered; int n_covered;
    const int *covered_cites; int n_covered_cites;
} kj_ir_where;

/* Where an event comes from. */
typedef enum {
    IR_FROM_CLAIM,                    /* a claim: travels, meets, at */
    IR_FROM_FACT_THROUGHOUT,          /* a fact: at PLACE throughout TIME */
    IR_FROM_FACT_AT,                  /* a fact: at PLACE on/in TIME (an instant) */
    IR_FROM_FACT_JOURNEY              /* a fact: travels A -> B by MODE departs T arrives T */
} kj_ir_origin;

/* What an event is. */
typedef enum {
    IR_EV_PRESENCE,                   /* at one place, from start to end */
    IR_EV_JOURNEY,                    /* from one place (at start) to another (at end) */
    IR_EV_MESSAGE                     /* sent (at start, from its sender's place) and received
                                         (at end, at its receiver's): a claim's */
} kj_ir_event_kind;

/* Which point of its event a window bounds. */
typedef enum { IR_START, IR_END } kj_ir_point;

/* What a window is, as the statement says it (the sentence it is cited with). */
typedef enum {
    IR_WIN_BEGINS,                    /* a claim's "on/in TIME": when it begins */
    IR_WIN_DEPARTS,                   /* a claim's "departs TIME" */
    IR_WIN_ARRIVES,                   /* a claim's "arrives TIME" */
    IR_WIN_FACT                       /* a fact's time (each end of "throughout": an instant) */
} kj_ir_window_kind;

/* A window one of an event's points lies in. */
typedef struct kj_ir_window {
    kj_ir_point point;
    kj_ir_window_kind kind;
    kj_interval iv;
} kj_ir_window;

/* Most windows an event has (begins, departs, arrives; a fact's two). */
#define KJ_IR_WINDOWS 3

/* A presence or journey of a person, from a claim or a fact. */
typedef struct kj_ir_event {
    int stmt;                         /* the claim or fact */
    kj_ir_origin origin;
    kj_ir_event_kind kind;
    int person;                       /* person statement, -1 unresolved */
    const int *with; int n_with;      /* others met or travelled with (person statements) */
    const kj_ir_where *from, *to;     /* a presence: both its place (one record) */
    kj_ir_window windows[KJ_IR_WINDOWS]; int n_windows;
    kj_interval start, end;           /* the intersections of the windows of each point */
    int64_t dur_min_s, dur_max_s;     /* end - start, KJ_INF: unbounded */
    int dur_stated;                   /* a stated duration ("takes", "lasts"), or a fact's
                                         instant; else 0..KJ_INF only orders its points */
    kj_interval era;                  /* the widest span its times allow (claim_era), a
                                         fact's own reading */
    int era_year_lo, era_year_hi;     /* the years era may fall in by any local calendar */
    /* a claim's mode (a journey's; a presence names none) */
    int mode;                         /* the mode statement it names, or -1 */
    const char *mode_class;           /* its class (`by CLASS`, or the mode's), or NULL */
    /* a journey (a journey fact's: its vehicle's) */
    int fastest;                      /* the mode whose speed bounds it: the named one, else
                                         the fastest of its class (any class) in its era; -1 */
    int nonstop;
    int travels_by;                   /* the assumption restricting its person's classes that
                                         fastest rests on (a journey naming no class), or -1 */
    /* a claim */
    const kj_attr *attrs; int n_attrs; /* given by assumptions (resolve.c) */
    const char *const *written_zones; int n_written_zones; /* the clocks its times were written
                                         in ("UTC-04:00"): calendars its days may be counted in */
    /* a message: its sender and receiver (person statements, -1), its
     * medium (statement) and that medium's class; from and to are the
     * sender's and the receiver's places (nowhere when not given) */
    int sender, receiver, medium;
    kj_medium_class medium_class;
} kj_ir_event;

/* A person unreachable by some media (or all) throughout a period: a
 * message he sends or receives by one of them is sent (received) before
 * it or after it (a call lies wholly before or after it). */
typedef struct kj_ir_reach {
    int stmt;                         /* the fact */
    int person;                       /* person statement */
    const int *media; int n_media;    /* medium statements; none: every medium */
    kj_interval window;               /* narrow */
} kj_ir_reach;

/* How a link orders its two events. */
typedef struct kj_ir_link {
    kj_seq_kind kind;                 /* SEQ_RIGHT_AFTER ... SEQ_DURING */
    int event;                        /* the claim's event (ir index) */
    int ref_event;                    /* the event it follows, precedes or lies in */
    int stmt, ref_stmt;               /* their statements */
    int64_t min_gap_s;                /* DURATION after: the least gap (0 otherwise) */
    int64_t max_gap_s;                /* right after: the widest gap (case option); KJ_INF
                                         otherwise (same/next day: the compiler's, by zones) */
    kj_interval during_iv;            /* during a fact: the fact's widest reading */
} kj_ir_link;

/* A register's entry: written in the case, or made of a store's rows for
 * one claim (records.c). */
typedef struct kj_ir_entry {
    int stmt;
    int reg;                          /* its register (ir index) */
    kj_interval when;                 /* wide; unbounded without a time */
    int unrelated;                    /* declared unrelated ... */
    int unrelated_to;                 /* ... to this claim (stmt), -1: to every claim */
    const kj_row_group *rows; int n_rows; /* imported: its rows' groups (one alternative each) */
    int rows_excluded;                /* imported: the rows the claim's attributes exclude */
    const kj_attr *attrs; int n_attrs;
} kj_ir_entry;

/* The entries a register's store gives one claim (in a register of
 * things, one claim and one thing): entries[first, first + n). */
typedef struct kj_ir_imported {
    int reg, claim, thing;            /* statements (thing -1: a register of people) */
    int first, n;
} kj_ir_imported;

/* A register: a closed world within its coverage. */
typedef struct kj_ir_register {
    int stmt;
    kj_event_kind event;              /* what it records */
    const kj_ir_where *at;
    kj_interval coverage;             /* narrow */
    int covers_stated;                /* `covers` given (else it covers nothing) */
    const char *by_class;             /* mode class in scope, NULL: any */
    kj_of_kind of;                    /* whose events: people's, or their vehicles' or devices' */
    const kj_attr *attrs; int n_attrs; /* where K = V (of things: the thing's attributes) */
    int first_entry, n_entries;       /* its inline entries in ir->entries */
} kj_ir_register;

/* A mode: the fastest a class may go, in some years. */
typedef struct kj_ir_mode {
    int stmt;
    const char *mode_class;
    double max_mps;
    int since, until;                 /* years, 0: open */
} kj_ir_mode;

/* A sourced route length. */
typedef struct kj_ir_route {
    int stmt;
    int from, to;                     /* ir places (after assumptions), -1 */
    const char *mode_class;           /* its mode's class, NULL if unresolved */
    double dist_m;
} kj_ir_route;

/* Who had a device or vehicle, while: a sourced fact or an assumption
 * (PERSON has THING), or the hypothesis its owner's is (stated nowhere:
 * what rests on it is a finding about the device, never a contradiction
 * of its owner: check.c).  A device's position is its holder's only
 * within the custody's narrow window; a hypothesis speaks only where no
 * stated custody of the device (any holder's, read wide) does. */
typedef struct kj_ir_custody {
    int stmt;                         /* the fact or assumption */
    int person, thing;                /* statements */
    kj_interval window;               /* narrow; unbounded: at all times */
    kj_interval wide;                 /* wide */
    int hypothetical;
    int vehicle;                      /* the thing is a vehicle (else a device) */
    const kj_attr *attrs; int n_attrs; /* the thing's, as a register of things reads them */
} kj_ir_custody;

/* How a person travels, by assumption (`assume P travels by CLASS, ...`):
 * the classes it names, and those of every journey of the person (or with
 * him) that a claim names a class or mode for — the account's own word
 * that he went so is never overruled by the assumption. */
typedef struct kj_ir_travels {
    int stmt;                         /* the assumption */
    const char **classes; int n_classes;
} kj_ir_travels;

/* The resolved form of a case. */
typedef struct kj_ir {
    kj_arena own;                     /* every array below */
    const kj_case *c;
    kj_ir_place *places; int n_places;
    int *place_of;                    /* per statement: its ir place, or -1 */
    kj_ir_event *events; int n_events;
    int *event_of;                    /* per statement: its ir event, or -1 */
    kj_ir_link *links; int n_links;
    kj_ir_register *registers; int n_registers;
    kj_ir_entry *entries; int n_entries; /* every register's written ones, then the imported */
    kj_ir_imported *imported; int n_imported; /* sorted by register, then claim */
    kj_ir_mode *modes; int n_modes;
    kj_ir_route *routes; int n_routes;
    kj_ir_custody *custodies; int n_custodies; /* in statement order */
    kj_ir_reach *reach; int n_reach;  /* unreachable facts, in statement order */
    const kj_ir_travels **travels_of; /* per statement (a person): how he travels, or NULL */
    int any_unlocated;                /* some place is unlocated (travel is anchored: network.c) */
    /* per statement named as a place: its kj_ir_where, made once however
     * many events name it (NULL until then); nowhere: a reference that
     * names none */
    kj_ir_where **where_of;
    kj_ir_where nowhere;
} kj_ir;

/* The resolved form of c (resolved without errors), allocated in mem's
 * call (never NULL: a failure goes to mem's landing); freed with
 * kj_ir_free.  c must outlive it.  Its custodies include the owners'
 * hypotheses; kj_ir_build_ex(..., 0) leaves them out (a check's main
 * pass: check.c), and then no constraint of a network compiled from it
 * rests on one, nor takes a presence pair from its person's budget. */
kj_ir *kj_ir_build(kj_mem *mem, const kj_case *c);
kj_ir *kj_ir_build_ex(kj_mem *mem, const kj_case *c, int hypotheses);
void kj_ir_free(kj_ir *ir);

/* The years an instant may fall in by some local calendar (UTC-16 h ..
 * UTC+16 h): for the era of a speed. */
int kj_ir_era_year_lo(int64_t t);
int kj_ir_era_year_hi(int64_t t);

/* The entries register statement reg's store gives claim statement
 * claim (and, in a register of things, the thing statement thing; else
 * -1), or NULL. */
const kj_ir_imported *kj_ir_imported_for(const kj_ir *ir, int reg, int claim, int thing);

/* The fastest mode person p may use in some year of [y0, y1]: of any
 * class, or, when an assumption restricts his classes (kj_ir_travels), of
 * those; *cite is then that assumption if it makes the mode slower, else
 * -1.  -1 when no mode is usable (statement index). */
int kj_ir_person_fastest(const kj_ir *ir, int p, int y0, int y1, int *cite);

/* The greatest speed of mode statement m, in metres per second. */
double kj_ir_mode_mps(const kj_ir *ir, int m);

/* The fastest mode of class cls (NULL: any) usable in some year of
 * [y0, y1], or -1 (statement index). */
int kj_ir_fastest_mode(const kj_ir *ir, const char *cls, int y0, int y1);

#endif
