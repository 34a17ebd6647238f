/* report — what a check found: minimal conflicts with proofs and margins,
 * and a verdict per claim. */
#ifndef KJ_REPORT_H
#define KJ_REPORT_H

#include "solve.h"

typedef enum { V_CONTRADICTED, V_CONFLICTING, V_CORROBORATED, V_UNVERIFIED, V_UNDECIDED, V_STRAINED } kj_verdict;
const char *kj_verdict_name(kj_verdict v);

/* An edit of a case file's text that applies a correction: replace len
 * bytes from line/col (1-based, in bytes) of file with text. */
typedef struct kj_fix {
    int file, line, col, len;
    const char *text;
} kj_fix;

typedef struct kj_conflict {
    kj_conflict_kind kind;
    int claim;            /* the claim the conflict is reported at */
    int *stmts; int n;    /* the minimal set, sorted by statement order */
    kj_proof *proof;
    int64_t margin_s;
} kj_conflict;

/* The sources a report cites, numbered 1.. as a reader first meets them:
 * the statements each contradiction rests on, in the report's order, then
 * each finding's.  Every output names a source by its number and ends
 * with the list (id, citation, address). */
typedef struct kj_cites {
    int n;          /* how many sources are cited */
    int *stmt;      /* the source statement numbered k + 1, for k < n */
    int *number;    /* per statement of the case: a source's number, or 0 */
} kj_cites;

/* Conflicts alike: the same claim and kind, each resting on a point of the
 * same trace and on the same statements besides (a claim against 31
 * points of a phone's trace, each a minimal conflict of its own).  A
 * report shows a group once, by its tightest conflict (the least margin),
 * with how many there are; the JSON lists every one.  Per conflict: lead,
 * the group's first conflict in report order; per lead: tightest and
 * count (1 for a conflict like no other). */
typedef struct kj_alike {
    int *lead, *tightest, *count;
} kj_alike;

struct kj_report {
    kj_arena arena;
    kj_network *net;
    kj_conflict *conflicts; int n_conflicts;
    /* conflicts that rest on an owner's hypothesis (a device's position
     * taken for its owner's, which nothing states): findings about the
     * device, not contradictions (check.c) */
    kj_conflict *findings; int n_findings;
    struct kj_report *findings_of; /* the report of the check's pass with the hypotheses,
                                      whose network and arena the findings are in (render
                                      them with it), or NULL */
    kj_cites cites;         /* the sources its conflicts and findings cite, numbered
                               (the same numbers in findings_of) */
    kj_alike alike, findings_alike; /* its conflicts alike, its findings alike */
    kj_verdict *verdicts;   /* per statement (claims only meaningful) */
    int *corroborated_by;   /* per statement: the fact/entry, or -1 */
    const char **correction; /* per claim: the smallest change that makes it possible, or NULL */
    struct kj_fix **fixes; int *n_fixes; /* per claim: a re-checked correction as edits of the
                                            case's text (corrections.c), or none */
    /* what the account needs (strain.c): each claim's tightest leg (the
     * least speed it requires), and for a strained claim the mode classes
     * that allow it, none of them one the account names */
    kj_leg *legs; int n_legs; /* in claim order */
    int *leg_of;              /* per statement: its leg in legs, or -1 (NULL: none computed) */
    struct kj_strain *strain; /* per statement (claims only meaningful) */
    struct kj_question *questions; int n_questions; /* most decisive first */
    int undecided;          /* a budget ran out */
    int incomplete;         /* enumeration stopped early: more conflicts may exist */
};

/* render_json.c: conflict i of r (finding i, with finding) as the JSON
 * report writes it, put into o, a jansson object of the caller's (which
 * frees it if the call fails: mem.h).  For kjeller lsp's diagnostics. */
struct json_t;
void kj_conflict_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, int finding, struct json_t *o);

/* render_text.c, shared with render_html.c.  Strings live in arena a (the
 * renderer's). */
/* The conflict's first line after its kind, e.g. "claim 'drive' is too short: ...". */
const char *kj_conflict_headline(const kj_case *c, kj_arena *a, const kj_report *r, const kj_conflict *cf);
/* What a conflict's margin measures (the proof's closest branch: the
 * cycle whose weight it is): a bitmask of the kinds of bounds on it —
 * the account's times (a claim's window, duration, sequence), the
 * records' (a fact, a register, an entity's lifetime), the least travel
 * time (a distance at a speed) — and the same in words. */
typedef enum { KJ_MARGIN_ACCOUNT, KJ_MARGIN_RECORDS, KJ_MARGIN_TRAVEL } kj_margin_part;
unsigned kj_margin_parts(const kj_case *c, const struct kj_network *net, const kj_conflict *cf);
const char *kj_margin_text(const kj_case *c, kj_arena *a, const struct kj_network *net, const kj_conflict *cf);
/* What claim ci's tightest leg needs, in words ("needs at least 786 km/h:
 * 262.5 km from ncp (seen, ends ...) to lamb (closing, begins ...) in at
 * most 20 min"), or NULL when it has none; and, for a strained claim, the
 * classes that allow it ("possible only by car or air"), else NULL. */
const char *kj_leg_text(const kj_case *c, kj_arena *a, const kj_report *r, int ci);
const char *kj_strain_text(const kj_case *c, kj_arena *a, const kj_report *r, int ci);
/* The source a statement cites, or its testimony's or register's: its id,
 * or NULL if none (cite.c); its statement's index, or -1. */
const char *kj_stmt_source(const kj_case *c, const kj_stmt *s);
int kj_stmt_source_idx(const kj_case *c, const kj_stmt *s);
/* (in a; an allocation failure goes to a's landing, as every arena's) */
void kj_cites_of(const kj_case *c, kj_arena *a, const kj_report *r, kj_cites *out);
/* The others of the group alike led by g, in words ("and 30 more
 * contradictions like it, each with another point of trace 'watch'
 * (short.csv lines 4, 5, ...), margins 1 s to 5 min"); NULL when it is
 * alone.  what: "contradiction" or "finding". */
const char *kj_alike_text(const kj_case *c, kj_arena *a, const kj_conflict *cfs, int n, const kj_alike *al, int g,
                          const char *what);
/* Groups the n conflicts cfs into those alike (kj_alike), in a. */
void kj_alike_of(const kj_case *c, kj_arena *a, const kj_conflict *cfs, int n, kj_alike *out);
/* The number of the source statement s cites, or 0. */
int kj_cite_number(const kj_case *c, const kj_cites *cites, const kj_stmt *s);
/* What a conflict takes on trust: assumptions, assumed speeds, position
 * uncertainties, then each distinct reading; at most max into out. */
#define KJ_MAX_ASSUMPTIONS 256
int kj_conflict_assumptions(const kj_case *c, kj_arena *a, const kj_network *net, const kj_conflict *cf, const char **out,
                            int max);
/* The premise a located place with a position uncertainty gives a conflict:
 * "place 'P' is somewhere within R m of LAT, LON", and, when the proof's
 * distances rest on it, "; the conflict holds while it is within X km"
 * (how far its radius could grow, rounded down, before a branch of the
 * proof stops being impossible). */
const char *kj_place_premise(const kj_case *c, kj_arena *a, const kj_network *net, const kj_conflict *cf,
                             const kj_stmt *place);
/* A custody (an assumption or a fact: PERSON has THING) in words:
 * "reeve has phone1 throughout \"...\"", or "... at all times". */
const char *kj_custody_text(const kj_case *c, kj_arena *a, const kj_stmt *s);
/* Why entry statement `entry`, cited by conflict cf, cannot be the record
 * of its claim (or of the thing a cited custody gives it), in words in
 * a: "declared unrelated", "plate = AB12 CDF, not car1's AB12 CDE"; NULL
 * when it could be (an alternative that failed by its time), or for
 * imported rows, whose labels say it (excluded.c). */
const char *kj_entry_excluded_why(const kj_case *c, kj_arena *a, const kj_conflict *cf, int entry);

/* What a finding (a conflict resting on an owner's hypothesis) is about
 * (finding.c): the hypothesis, its device, the record of the device that
 * the hypothesis made its owner's (a fact; or a register of things that
 * would have recorded it with its owner, and does not), and the place of
 * the claim it is set against (statements; -1 where the proof does not
 * say). */
typedef struct kj_finding_parts {
    int hypothesis, device, record, place;
} kj_finding_parts;
struct kj_network;
kj_finding_parts kj_finding_parts_of(const kj_case *c, const struct kj_network *net, const kj_conflict *cf);
/* Why a finding is no contradiction, and the question it leaves ("phone
 * 'phone1' is reeve's (its owner, ...), and nothing states that reeve had
 * it at ... (record 'ping1'): who had it?"); net: the network its proof
 * is in. */
const char *kj_finding_why(const kj_case *c, kj_arena *a, const struct kj_network *net, const kj_conflict *cf);
/* The hypothesis a finding's first line begins with: "if reeve had phone1
 * at \"...\" (record 'ping1')" (then ": " and its conflict's headline). */
const char *kj_finding_if(const kj_case *c, kj_arena *a, const struct kj_network *net, const kj_conflict *cf);
/* (the string is in the arena: out of memory fails a's call) */

#endif
