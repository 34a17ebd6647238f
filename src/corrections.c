/* corrections — the smallest change that would make a contradicted claim
 * possible.  Input: the report's conflicts and their proofs, by claim;
 * output: r->correction[claim], e.g. "possible only if "about 2 hours"
 * meant at least 3 h 10 min".  For each claim, every conflict it is in is
 * undone by relaxing one of the claim's own bounds (stated times,
 * duration, sequence gap) by the conflict's margin; the relaxations are
 * then applied and the claim's conflicts searched again, against the
 * people's other claims and facts too, until none remains. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "conflicts.h"
#include "corrections.h"
#include "stmt.h"

/* A duration's upper bound runs start -> end (t_end - t_start <= max); its
 * lower bound end -> start (t_start - t_end <= -min): by direction, not by
 * sign, for a lower bound of 0 ("at most 5 minutes") has weight 0 too. */
static int duration_upper(const kj_network *net, const kj_edge *e)
{
    const kj_point *u = &net->points.items[e->u];
    return u->stmt >= 0 && net->stmt_start[u->stmt] == e->u;
}

/* Whether edge e is one of claim ci's own bounds that a correction may
 * relax: its stated times, its duration, or its sequence clause's gap (a
 * calendar day's bound rests on the earlier claim too); m is the margin. */
static int own_bound(const kj_network *net, const kj_edge *e, int ci, int64_t m)
{
    if (!(e->kind == EK_WINDOW || e->kind == EK_GAP || (e->kind == EK_DURATION && (duration_upper(net, e) || -e->w >= m))))
        return 0;
    const kj_prov *p = &net->provs.items[e->prov];
    int has = 0, ref = net->c->stmts[ci].claim->seq_ref.idx;
    for (int i = 0; i < p->n; i++) {
        if (p->stmts[i] == ci) has = 1;
        else if (!(e->kind == EK_GAP && p->stmts[i] == ref)) return 0;
    }
    return has;
}

/* The cheapest way to undo proof p by relaxing one of claim ci's own bounds:
 * a leaf is undone by relaxing any of its edges by its margin; a node by
 * undoing one of its alternatives.  Returns the margin (or -1) and the edge. */
static int64_t cheapest_relaxation(const kj_network *net, const kj_proof *p, int ci, const kj_edge **edge)
{
    if (p->disj < 0) {
        /* the claim's stated times and durations before its sequence gaps */
        for (int gaps = 0; gaps < 2; gaps++)
            for (int i = 0; i < p->n_edges; i++)
                if ((p->edges[i]->kind == EK_GAP) == gaps && own_bound(net, p->edges[i], ci, -p->weight)) {
                    *edge = p->edges[i];
                    return -p->weight;
                }
        return -1;
    }
    int64_t best = -1;
    for (int k = 0; k < p->n_kids; k++) {
        const kj_edge *e = NULL;
        int64_t m = cheapest_relaxation(net, p->kids[k], ci, &e);
        if (m >= 0 && (best < 0 || m < best)) {
            best = m;
            *edge = e;
        }
    }
    return best;
}

/* Which of a claim's bounds an edge is, as the statement says it. */
typedef enum {
    B_NONE, B_BEGINS_LO, B_BEGINS_HI, B_DEPARTS_LO, B_DEPARTS_HI, B_ARRIVES_LO, B_ARRIVES_HI,
    B_DUR_MAX, B_DUR_MIN, B_GAP, B_DAY_EARLIEST, B_DAY_LATEST
} bound_kind;

static bound_kind bound_of(const kj_network *net, const kj_edge *e)
{
    if (e->kind == EK_WINDOW) {
        int hi = e->u == 0; /* Z -> p bounds p from above */
        if (e->say.kind == SAY_DEPARTS) return hi ? B_DEPARTS_HI : B_DEPARTS_LO;
        if (e->say.kind == SAY_ARRIVES) return hi ? B_ARRIVES_HI : B_ARRIVES_LO;
        if (e->say.kind == SAY_BEGINS) return hi ? B_BEGINS_HI : B_BEGINS_LO;
        return B_NONE;
    }
    if (e->kind == EK_DURATION) return duration_upper(net, e) ? B_DUR_MAX : B_DUR_MIN;
    if (e->kind == EK_GAP) return e->v == 0 ? B_DAY_EARLIEST : e->u == 0 ? B_DAY_LATEST : B_GAP;
    return B_NONE;
}

/* A relaxation of one of a claim's bounds: which, the edge it was found
 * on (its weight the bound as stated), and by how much. */
typedef struct relax {
    bound_kind b;
    kj_edge e;
    int64_t m;
} relax;

/* Says in words what a relaxation means. */
static const char *describe_relaxation(kj_case *c, const kj_stmt *s, const relax *r)
{
    char a[64], b[64];
    const kj_edge *e = &r->e;
    int64_t m = r->m;
    kj_duration_format(m, a, sizeof a);
    if (r->b == B_DUR_MAX) {
        kj_duration_format(e->w + m, b, sizeof b);
        return kj_arena_printf(&c->arena, "possible only if \"%s\" meant at least %s", s->claim->dur.text, b);
    }
    if (r->b == B_DUR_MIN) {
        kj_duration_format(-e->w - m > 0 ? -e->w - m : 0, b, sizeof b);
        return kj_arena_printf(&c->arena, "possible only if \"%s\" meant as little as %s", s->claim->dur.text, b);
    }
    if (e->kind == EK_WINDOW) {
        int upper = e->u == 0; /* Z -> p bounds p from above */
        /* the window's own words: the edge says which time it is */
        const char *what = e->say.kind == SAY_DEPARTS ? s->claim->depart.text
                           : e->say.kind == SAY_ARRIVES ? s->claim->arrive.text
                           : e->say.kind == SAY_BEGINS ? s->claim->when.text : NULL;
        return kj_arena_printf(&c->arena, "possible only if \"%s\" stretched %s %s", what ? what : "its stated time", a,
                               upper ? "later" : "earlier");
    }
    if (r->b == B_DAY_EARLIEST) /* "the next day"'s earliest start */
        return kj_arena_printf(&c->arena, "possible only if \"the next day after %s\" began %s earlier",
                               s->claim->seq_ref.name ? s->claim->seq_ref.name : "?", a);
    if (r->b == B_DAY_LATEST) /* a calendar day's latest start */
        return kj_arena_printf(&c->arena, "possible only if \"%s %s\" reached %s further",
                               s->claim->seq == SEQ_SAME_DAY ? "the same day as" : "the next day after",
                               s->claim->seq_ref.name ? s->claim->seq_ref.name : "?", a);
    if (s->claim->seq == SEQ_GAP) {
        int least = e->say.kind == SAY_SEQ_GAP_MIN; /* S -> XE, weight -min */
        kj_duration_format(least ? (-e->w - m > 0 ? -e->w - m : 0) : e->w + m, b, sizeof b);
        return kj_arena_printf(&c->arena, "possible only if \"%s after %s\" allowed a gap %s %s", s->claim->seq_gap.text,
                               s->claim->seq_ref.name ? s->claim->seq_ref.name : "?", least ? "as short as" : "of",
                               b);
    }
    kj_duration_format(e->w + m, b, sizeof b);
    return kj_arena_printf(&c->arena, "possible only if \"%s %s\" allowed a gap of %s", s->claim->seq == SEQ_RIGHT_AFTER ? "right after" : s->claim->seq == SEQ_SAME_DAY ? "the same day as" : "the next day after",
                           s->claim->seq_ref.name ? s->claim->seq_ref.name : "?", b);
}

/* The relaxation of edge e of network net by m. */
static relax relax_of(const kj_network *net, const kj_edge *e, int64_t m)
{
    return (relax){.b = bound_of(net, e), .e = *e, .m = m};
}

/* A bound of a corrected window in a clock offset by off seconds:
 * "2024-03-14T23:05:18Z", "2024-03-14T19:05:18-04:00"; "" for an open
 * end.  0 when its year is not one a case can write (1..9999). */
static int iso_at(int64_t t, int off, char *buf, size_t n)
{
    if (t <= -KJ_INF || t >= KJ_INF) {
        buf[0] = 0;
        return 1;
    }
    t += off;
    int64_t days = kj_day_of(t), sec = t - days * 86400;
    int y, mo, d;
    kj_civil_from_days(days, &y, &mo, &d);
    if (y < 1 || y > 9999) return 0;
    char z[16] = "Z";
    if (off) snprintf(z, sizeof z, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 3600, abs(off) / 60 % 60);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60), z);
    return 1;
}

/* The correction r of claim s as an edit of the case's
 * text (kj_fix), so that it can be applied and checked again
 * (tests/corrections.sh): a stated time becomes the explicit UTC range it
 * is stretched to, a duration "at most"/"at least" its new bound, a
 * sequence clause "after" the claim it names.  Each edit is a relaxation
 * at least as wide as the correction (a duration loses its other bound,
 * a gap its limit), so it can only undo more.  Returns 0 when the words to
 * replace are not on one line. */
static int fix_of(kj_case *c, const kj_stmt *s, const relax *r, kj_fix *out)
{
    const kj_claim_stmt *cl = s->claim;
    const kj_edge *e = &r->e;
    int64_t m = r->m;
    char a[40], b[40];
    if (e->kind == EK_WINDOW) {
        const kj_timestr *t = e->say.kind == SAY_DEPARTS ? &cl->depart : e->say.kind == SAY_ARRIVES ? &cl->arrive
                              : e->say.kind == SAY_BEGINS ? &cl->when : NULL;
        const kj_interval *iv = e->say.kind == SAY_DEPARTS ? &cl->depart_iv : e->say.kind == SAY_ARRIVES ? &cl->arrive_iv
                                : &cl->when_iv;
        if (!t || !t->text || t->span.len <= 0) return 0;
        int64_t lo = iv->lo, hi = iv->hi;
        if (e->u == 0) hi = e->w + m; /* Z -> p: its latest */
        else lo = -e->w - m;
        /* in the clock the time was written in, if an offset (its
         * calendar days are counted in it too), else in UTC */
        int off = 0;
        const char *zone = cl->n_written_zones ? cl->written_zones[0] : NULL;
        int hh, mm;
        char sign;
        if (zone && sscanf(zone, "UTC%c%d:%d", &sign, &hh, &mm) == 3 && (sign == '+' || sign == '-'))
            off = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
        if (!iso_at(lo, off, a, sizeof a) || !iso_at(hi, off, b, sizeof b)) return 0;
        *out = (kj_fix){.file = t->span.file, .line = t->span.line, .col = t->span.col, .len = t->span.len,
                        .text = kj_arena_printf(&c->arena, "\"%s..%s\"", a, b)};
        return 1;
    }
    if (e->kind == EK_DURATION) {
        if (!cl->dur.text || cl->dur.span.len <= 0) return 0;
        int64_t v = r->b == B_DUR_MAX ? e->w + m : -e->w - m;
        if (v < 0) v = 0;
        /* exact, in units the duration reader takes at any size ("1282997 s"
         * is a number it refuses: review of issue 22) */
        char d[96];
        int n = 0;
        int64_t parts[4] = {v / 86400, v / 3600 % 24, v / 60 % 60, v % 60};
        static const char *const unit[4] = {"days", "h", "min", "s"};
        for (int k = 0; k < 4; k++)
            if (parts[k] || (k == 3 && !n)) n += snprintf(d + n, sizeof d - (size_t)n, "%s%lld %s", n ? " " : "", (long long)parts[k], unit[k]);
        *out = (kj_fix){.file = cl->dur.span.file, .line = cl->dur.span.line, .col = cl->dur.span.col, .len = cl->dur.span.len,
                        .text = kj_arena_printf(&c->arena, "\"at %s %s\"", r->b == B_DUR_MAX ? "most" : "least", d)};
        return 1;
    }
    if (e->kind == EK_GAP) {
        if (cl->seq_words.len <= 0 || cl->seq_ref.idx < 0) return 0;
        int named = cl->seq_ref.span.line != cl->seq_words.line || cl->seq_ref.span.col != cl->seq_words.col;
        *out = (kj_fix){.file = cl->seq_words.file, .line = cl->seq_words.line, .col = cl->seq_words.col,
                        .len = cl->seq_words.len,
                        .text = named ? "after" : kj_arena_printf(&c->arena, "after %s", c->stmts[cl->seq_ref.idx].id)};
        return 1;
    }
    return 0;
}

/* text, and then `one` ("possible only if ..."): "A, and B". */
static const char *and_also(kj_case *c, const char *text, const char *one)
{
    return text ? kj_arena_printf(&c->arena, "%s, and %s", text, one + strlen("possible only if ")) : one;
}

/* Whether relaxing edge e (a bound of claim ci) would reach rows of a
 * register read from a store that were not read: only the rows within the
 * claim's window are in the network, so a relaxation of the window's bound
 * toward rows of the register's coverage cannot be measured from the proof
 * (a row just outside may match).  Returns that register's id, or NULL when
 * the proof holds every row the relaxation reaches. */
static const char *unread_beyond(const kj_case *c, const kj_network *net, int ci, const kj_conflict *cf, const kj_edge *e)
{
    if (e->kind != EK_WINDOW) return NULL; /* the event stays within its window */
    const kj_stmt *cl = &c->stmts[ci];
    int later = e->u == 0, point = later ? e->v : e->u;
    for (int k = 0; k < cf->n; k++) {
        const kj_stmt *reg = &c->stmts[cf->stmts[k]];
        if (reg->kind != ST_REGISTER || reg->reg->store.idx < 0) continue;
        kj_interval w;
        int at;
        if (reg->reg->event == EV_ARRIVAL && cl->claim->claim_kind == CLAIM_TRAVEL) {
            w = cl->claim->arrive_iv;
            at = net->stmt_end[ci];
        } else if (reg->reg->event == EV_DEPARTURE && cl->claim->claim_kind == CLAIM_TRAVEL) {
            w = cl->claim->depart_iv;
            at = net->stmt_start[ci];
        } else {
            w = cl->claim->when_iv;
            at = -1; /* a stay: either end */
        }
        if (at >= 0 && point != at) continue;
        if (later ? w.hi < reg->reg->coverage.hi : w.lo > reg->reg->coverage.lo) return reg->id;
    }
    return NULL;
}

/* An edge's place in a network built from the same case: its kind, weight
 * and the statements (and ends) of its points, so that an edge of the
 * report's network is found again in another. */
static long point_role(const kj_network *n, int p)
{
    if (p == 0) return -1;
    int st = n->points.items[p].stmt;
    return st < 0 ? -2 - (long)p : 2L * st + (n->stmt_end[st] == p);
}

static kj_edge *same_edge(kj_network *n, const kj_network *from, const kj_edge *e)
{
    long ru = point_role(from, e->u), rv = point_role(from, e->v);
    for (int i = 0; i < n->edges.n; i++) {
        kj_edge *f = &n->edges.items[i];
        if (f->kind == e->kind && f->w == e->w && point_role(n, f->u) == ru && point_role(n, f->v) == rv) return f;
    }
    return NULL;
}

/* Leaves out of ve/need (*n of them, enough together) each relaxation a
 * later one made needless (the first cycle's may be undone by another
 * bound's, moved the other way): what is printed is needed as well as
 * enough. */
static void drop_needless(kj_mem *mem, kj_case *c, kj_network *vnet, const unsigned char *enabled, kj_edge **ve,
                          int64_t *need, int *n, kj_solve_scratch *sc)
{
    for (int j = 0; j < *n && *n > 1;) {
        for (int q = 0; q < *n; q++) if (q != j) ve[q]->w += need[q];
        long b2 = 100000;
        kj_arena s2 = KJ_ARENA(mem);
        int sat = kj_solve_with(mem, vnet, c, enabled, &b2, &s2, 0, sc).sat == KJ_SAT;
        kj_arena_free(&s2);
        for (int q = 0; q < *n; q++) if (q != j) ve[q]->w -= need[q];
        if (!sat) { j++; continue; }
        for (int q = j; q + 1 < *n; q++) {
            ve[q] = ve[q + 1];
            need[q] = need[q + 1];
        }
        (*n)--;
    }
}

/* Re-checks claim ci's conflicts' statements with its corrections applied
 * (edge ve[j] relaxed by need[j]) and, while a conflict remains, relaxes
 * the cheapest of the claim's own bounds in it further: a correction is
 * printed only once applying it leaves those statements consistent
 * (issue 17 item 10: two cycles through the same statements).  Returns 1
 * when verified (ve/need updated, *n their count), 0 when no relaxation
 * of the claim's own bounds was found to undo them. */
#define KJ_CORRECTION_ROUNDS 16
static int verify_correction(kj_mem *mem, kj_case *c, kj_network *vnet, const unsigned char *enabled, int ci,
                             kj_edge **ve, int64_t *need, int *n, int cap, kj_solve_scratch *sc)
{
    for (int round = 0; round < KJ_CORRECTION_ROUNDS; round++) {
        for (int j = 0; j < *n; j++) ve[j]->w += need[j];
        long budget = 100000;
        kj_arena scratch = KJ_ARENA(mem);
        kj_solve_result res = kj_solve_with(mem, vnet, c, enabled, &budget, &scratch, 1, sc);
        for (int j = 0; j < *n; j++) ve[j]->w -= need[j];
        if (res.sat == KJ_SAT) {
            kj_arena_free(&scratch);
            drop_needless(mem, c, vnet, enabled, ve, need, n, sc);
            return 1;
        }
        const kj_edge *e = NULL;
        int64_t m = res.sat == KJ_UNSAT && res.proof ? cheapest_relaxation(vnet, res.proof, ci, &e) : -1;
        kj_arena_free(&scratch);
        if (m <= 0 || !e) return 0;
        int j = 0;
        while (j < *n && ve[j] != e) j++;
        if (j == *n) {
            if (*n == cap) return 0;
            ve[(*n)++] = (kj_edge *)e;
            need[j] = 0;
        }
        need[j] += m;
    }
    return 0;
}

/* Whether statement s (a claim or fact) is about one of the people marked. */
static int about_people(const kj_case *c, int s, const unsigned char *person)
{
    const kj_stmt *t = &c->stmts[s];
    const kj_ref *who = kj_stmt_person(t);
    if (who->idx >= 0 && person[who->idx]) return 1;
    for (int k = 0; t->kind == ST_CLAIM && k < t->claim->n_others; k++)
        if (t->claim->others[k].idx >= 0 && person[t->claim->others[k].idx]) return 1;
    return 0;
}

/* Marks in enabled[] what claim ci's corrections are re-checked against:
 * every statement but claims and facts, and the claims and facts of the
 * inconsistent parts (keep) about the people of ci's conflicts (another
 * fact about the same man, not in any minimal conflict yet, may refute the
 * corrected claim).  Returns how many claims and facts it enabled. */
static int correction_scope(const kj_case *c, const kj_report *r, const unsigned char *keep, const int *cf_order,
                            const int *cf_start, int ci, unsigned char *person, unsigned char *enabled)
{
    int n = 0;
    for (int x = cf_start[ci]; x < cf_start[ci + 1]; x++) {
        const kj_conflict *cf = &r->conflicts[cf_order[x]];
        for (int m = 0; m < cf->n; m++) {
            const kj_stmt *t = &c->stmts[cf->stmts[m]];
            if (t->kind != ST_CLAIM && t->kind != ST_FACT) continue;
            if (kj_stmt_person(t)->idx >= 0) person[kj_stmt_person(t)->idx] = 1;
            for (int k = 0; t->kind == ST_CLAIM && k < t->claim->n_others; k++)
                if (t->claim->others[k].idx >= 0) person[t->claim->others[k].idx] = 1;
        }
    }
    /* the devices those people had, by a stated custody: their positions
     * are the people's */
    for (int s = 0; s < c->n_stmts; s++) {
        const kj_stmt *t = &c->stmts[s];
        if (c->kinds[s] == ST_FACT && t->fact->fact_kind == FACT_CUSTODY && t->fact->person.idx >= 0 &&
            t->fact->thing.idx >= 0 && person[t->fact->person.idx])
            person[t->fact->thing.idx] = 1;
        if (c->kinds[s] == ST_ASSUME && t->assume->thing.idx >= 0 && !t->assume->hypothetical &&
            t->assume->target.idx >= 0 && person[t->assume->target.idx])
            person[t->assume->thing.idx] = 1;
    }
    for (int s = 0; s < c->n_stmts; s++) {
        int cf_kind = c->kinds[s] == ST_CLAIM || c->kinds[s] == ST_FACT;
        enabled[s] = !cf_kind || (keep[s] && about_people(c, s, person));
        n += cf_kind && enabled[s];
    }
    for (int x = cf_start[ci]; x < cf_start[ci + 1]; x++) { /* (and every statement of its conflicts) */
        const kj_conflict *cf = &r->conflicts[cf_order[x]];
        for (int m = 0; m < cf->n; m++) enabled[cf->stmts[m]] = 1;
    }
    for (int p = 0; p < c->n_stmts; p++) person[p] = 0;
    return n;
}

/* What the corrections of every claim share: the report, the claims'
 * conflicts, the statements re-checks may use, and scratch. */
typedef struct corrector {
    kj_mem *mem;              /* the check's */
    kj_case *c;
    const kj_ir *ir;          /* c's resolved form (what its networks are built of) */
    kj_report *r;
    kj_solve_scratch *sc;
    long max_pairs;
    const int *cf_order, *cf_start;
    unsigned char *keep;      /* the claims and facts of the inconsistent parts */
    unsigned char *enabled, *person;
    kj_edge **ve;             /* a re-check's relaxed edges (its network's) */
    const kj_edge **edges;    /* the relaxed edges (the report's network's) */
    int64_t *need;            /* how far each is relaxed */
    long work;                /* statements visited building re-check networks */
} corrector;

/* The relaxations that undo claim ci's conflicts, one per bound (the
 * largest needed), into edges/need; returns their count.  *drop when a
 * conflict no bound of the claim undoes; *unread when a relaxation would
 * reach rows of a register that were not read (its id). */
static int claim_relaxations(corrector *co, int ci, int *drop, const char **unread)
{
    kj_report *r = co->r;
    int n = 0;
    for (int x = co->cf_start[ci]; x < co->cf_start[ci + 1]; x++) {
        const kj_conflict *cf = &r->conflicts[co->cf_order[x]];
        const kj_edge *e = NULL;
        int64_t m = cheapest_relaxation(r->net, cf->proof, ci, &e);
        if (m <= 0 || !e) { *drop = 1; continue; }
        const char *reg = unread_beyond(co->c, r->net, ci, cf, e);
        if (reg) {
            if (!*unread) *unread = reg;
            continue;
        }
        int j = 0;
        while (j < n && co->edges[j] != e) j++;
        if (j == n) {
            co->edges[n] = e;
            co->need[n++] = m;
        } else if (m > co->need[j]) {
            co->need[j] = m;
        }
    }
    return n;
}

/* A claim's resolved bounds, as a correction changes them. */
typedef struct claim_bounds {
    kj_interval when_iv, depart_iv, arrive_iv;
    int64_t dur_min, dur_max;
    kj_seq_kind seq;
} claim_bounds;

static claim_bounds bounds_get(const kj_claim_stmt *cl)
{
    return (claim_bounds){.when_iv = cl->when_iv, .depart_iv = cl->depart_iv, .arrive_iv = cl->arrive_iv,
                          .dur_min = cl->dur_min, .dur_max = cl->dur_max, .seq = cl->seq};
}

static void bounds_set(kj_claim_stmt *cl, const claim_bounds *b)
{
    cl->when_iv = b->when_iv;
    cl->depart_iv = b->depart_iv;
    cl->arrive_iv = b->arrive_iv;
    cl->dur_min = b->dur_min;
    cl->dur_max = b->dur_max;
    cl->seq = b->seq;
}

static void widen(int64_t *x, int64_t by)
{
    if (*x > -KJ_INF && *x < KJ_INF) *x += by;
}

/* Claim cl's statement with relaxations rx applied, as its edits write
 * it (fix_of): a stated time widened, a duration's bound moved; a
 * sequence clause read as "after" the claim it names (the edit's words:
 * wider than the gap the correction names, which the re-check on the old
 * network measured). */
static void bounds_relax(kj_claim_stmt *cl, const relax *rx, int n)
{
    for (int j = 0; j < n; j++) {
        int64_t m = rx[j].m;
        switch (rx[j].b) {
        case B_BEGINS_LO: widen(&cl->when_iv.lo, -m); break;
        case B_BEGINS_HI: widen(&cl->when_iv.hi, m); break;
        case B_DEPARTS_LO: widen(&cl->depart_iv.lo, -m); break;
        case B_DEPARTS_HI: widen(&cl->depart_iv.hi, m); break;
        case B_ARRIVES_LO: widen(&cl->arrive_iv.lo, -m); break;
        case B_ARRIVES_HI: widen(&cl->arrive_iv.hi, m); break;
        case B_DUR_MAX: widen(&cl->dur_max, m); break;
        case B_DUR_MIN: cl->dur_min = cl->dur_min > m ? cl->dur_min - m : 0; break;
        case B_GAP: case B_DAY_EARLIEST: case B_DAY_LATEST: cl->seq = SEQ_AFTER; break;
        case B_NONE: break;
        }
    }
}

/* The re-check on a network compiled afresh from the claim as corrected:
 * what a compiler decides from a claim's times (which registers its
 * window can reach, its era's speeds, its calendar days) changes with
 * them, and the relaxed network of the first re-check keeps the old
 * decisions (a window stretched into another register's coverage).
 * While a conflict remains, the cheapest of the claim's own bounds in its
 * proof is relaxed further (rx, *nr; room for KJ_FRESH_ROUNDS more).
 * Returns 1 when the claim as corrected is consistent with the enabled
 * statements. */
#define KJ_FRESH_ROUNDS 4
static int fresh_check(corrector *co, int ci, const unsigned char *enabled, relax *rx, int *nr)
{
    kj_case *c = co->c;
    kj_claim_stmt *cl = c->stmts[ci].claim;
    claim_bounds was = bounds_get(cl);
    kj_claim_stmt copy = *cl; /* (put back by kj_case_take_back if the call fails meanwhile) */
    for (int round = 0; round <= KJ_FRESH_ROUNDS; round++) {
        c->lent_copy = &copy;
        c->lent_claim = cl;
        bounds_relax(cl, rx, *nr);
        co->work += c->n_stmts; /* (an ir and a network of the case: the re-check budget's unit) */
        kj_ir *ir = kj_ir_build_ex(co->mem, c, 0);
        kj_network *net = kj_conflicts_network(co->mem, ir, KJ_NET_FULL, enabled, co->max_pairs);
        bounds_set(cl, &was);
        c->lent_claim = NULL;
        long budget = 100000;
        kj_arena scratch = KJ_ARENA(co->mem);
        kj_solve_result res = kj_solve_with(co->mem, net, c, enabled, &budget, &scratch, 1, co->sc);
        const kj_edge *e = NULL;
        int64_t m = res.sat == KJ_UNSAT && res.proof && round < KJ_FRESH_ROUNDS
                        ? cheapest_relaxation(net, res.proof, ci, &e) : -1;
        bound_kind b = e ? bound_of(net, e) : B_NONE;
        int j = 0;
        while (j < *nr && rx[j].b != b) j++;
        if (m > 0 && b != B_NONE) {
            if (j < *nr) rx[j].m += m;
            else rx[(*nr)++] = relax_of(net, e, m);
        }
        kj_arena_free(&scratch);
        kj_network_free(net);
        kj_ir_free(ir);
        if (res.sat == KJ_SAT) return 1;
        if (m <= 0 || b == B_NONE) return 0;
    }
    return 0;
}

/* Applies claim ci's n relaxations (edges/need) to every statement of its
 * conflicts and searches again: against the people's other claims and facts
 * too, when without this claim they are consistent (else only its
 * conflicts), in a network of those alone (a search costs what its network
 * holds).  Returns 1 and appends the corrections in words to *text when
 * verified, else 0. */
static int recheck(corrector *co, int ci, int n, const char **text)
{
    kj_case *c = co->c;
    kj_report *r = co->r;
    unsigned char *enabled = co->enabled;
    correction_scope(c, r, co->keep, co->cf_order, co->cf_start, ci, co->person, enabled);
    kj_network *vnet = kj_conflicts_network(co->mem, co->ir, KJ_NET_FULL, enabled, co->max_pairs);
    int nv = 0, ok = 1;
    for (int j = 0; j < n && ok; j++) {
        co->ve[nv] = same_edge(vnet, r->net, co->edges[j]);
        ok = co->ve[nv] != NULL;
        nv += ok;
    }
    /* the widest scope that is consistent without the claim: its people's
     * claims and facts; else their facts alone (another claim is false:
     * a register, an entity, a fact stay, for the corrected claim may run
     * into them); else only the statements of its conflicts */
    for (int scope = 0; scope < 3; scope++) {
        if (scope == 1)
            for (int s = 0; s < c->n_stmts; s++)
                if (c->kinds[s] == ST_CLAIM) enabled[s] = 0;
        if (scope == 2) {
            memset(enabled, 0, (size_t)c->n_stmts + 1);
            for (int s = 0; s < c->n_stmts; s++) enabled[s] = c->kinds[s] != ST_CLAIM && c->kinds[s] != ST_FACT;
        }
        for (int x = co->cf_start[ci]; x < co->cf_start[ci + 1]; x++) { /* (its conflicts' statements: always) */
            const kj_conflict *cf = &r->conflicts[co->cf_order[x]];
            for (int m = 0; m < cf->n; m++) enabled[cf->stmts[m]] = 1;
        }
        enabled[ci] = 0;
        long budget = 100000;
        kj_arena scratch = KJ_ARENA(co->mem);
        int rest_ok = kj_solve_with(co->mem, vnet, c, enabled, &budget, &scratch, 0, co->sc).sat == KJ_SAT;
        kj_arena_free(&scratch);
        enabled[ci] = 1;
        if (rest_ok) break;
        if (scope == 2) {
            memset(enabled, 0, (size_t)c->n_stmts + 1);
            for (int x = co->cf_start[ci]; x < co->cf_start[ci + 1]; x++) {
                const kj_conflict *cf = &r->conflicts[co->cf_order[x]];
                for (int m = 0; m < cf->n; m++) enabled[cf->stmts[m]] = 1;
            }
        }
    }
    int verified = ok && verify_correction(co->mem, c, vnet, enabled, ci, co->ve, co->need, &nv, 2 * r->n_conflicts + 2,
                                           co->sc);
    relax *rx = kj_malloc(co->mem, sizeof(relax) * (size_t)(nv + KJ_FRESH_ROUNDS + 1));
    int nr = 0;
    for (int j = 0; verified && j < nv; j++) rx[nr++] = relax_of(vnet, co->ve[j], co->need[j]);
    if (verified) verified = fresh_check(co, ci, enabled, rx, &nr);
    for (int j = 0; verified && j < nr; j++) *text = and_also(c, *text, describe_relaxation(c, &c->stmts[ci], &rx[j]));
    if (verified && nr) { /* the same as edits, when every one can be written */
        kj_fix *fx = kj_arena_alloc(&r->arena, sizeof(kj_fix) * (size_t)nr);
        int nf = 0;
        for (int j = 0; j < nr; j++) nf += fix_of(c, &c->stmts[ci], &rx[j], &fx[nf]);
        if (nf == nr) {
            r->fixes[ci] = fx;
            r->n_fixes[ci] = nf;
        }
    }
    kj_free(rx);
    memset(enabled, 0, (size_t)c->n_stmts + 1);
    kj_network_free(vnet);
    return verified;
}

/* For each claim: for every conflict it is in, the smallest relaxation of
 * one of its own bounds that undoes that conflict's proof.  Relaxations of
 * the same bound are merged (the largest is needed); a conflict no bound of
 * the claim can undo says "only if the claim is dropped". */
#define KJ_CORRECTION_WORK 100000000L /* statements visited building re-check networks */
static const char *correction_of(corrector *co, int i)
{
    kj_case *c = co->c;
    int drop = 0;
    const char *unread = NULL; /* a register whose rows beyond the claim's window were not read */
    int n = claim_relaxations(co, i, &drop, &unread);
    const char *text = NULL;
    /* each re-check builds a network, which costs about the case's
     * size: past a deterministic budget the rest are printed as not
     * re-checked (docs/limits.md), never silently */
    int checkable = n > 0 && !drop && !unread;
    if (checkable && co->work > KJ_CORRECTION_WORK) {
        for (int j = 0; j < n; j++) {
            relax rj = relax_of(co->r->net, co->edges[j], co->need[j]);
            text = and_also(c, text, describe_relaxation(c, &c->stmts[i], &rj));
        }
        text = kj_arena_printf(&c->arena, "%s (not re-checked: the case is past the re-check budget)", text);
        n = 0;
    } else if (checkable) {
        co->work += c->n_stmts;
        if (!recheck(co, i, n, &text)) drop = 1;
        n = 0;
    }
    for (int j = 0; j < n; j++) {
        relax rj = relax_of(co->r->net, co->edges[j], co->need[j]);
        text = and_also(c, text, describe_relaxation(c, &c->stmts[i], &rj));
    }
    if (unread) {
        const char *one = kj_arena_printf(&c->arena,
            "possible only if its time lies outside its stated window (register '%s' was read only within it, "
            "so how far is not known)", unread);
        text = and_also(c, text, one);
    }
    if (drop) text = text ? kj_arena_printf(&c->arena, "%s (and even then a conflict remains unless the claim is dropped)", text)
                          : "possible only if the claim is dropped";
    return text;
}

void kj_corrections(kj_mem *mem, kj_case *c, const kj_ir *ir, kj_report *r, kj_solve_scratch *sc, long max_pairs,
                    const unsigned char *parts_keep, const int *cf_order, const int *cf_start)
{
    corrector co = {
        .mem = mem, .c = c, .ir = ir, .r = r, .sc = sc, .max_pairs = max_pairs, .cf_order = cf_order, .cf_start = cf_start,
    };
    /* the claims and facts of the inconsistent parts (each claim's are
     * searched in a network of their own: the report's holds only the
     * proofs' edges) */
    co.keep = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    co.enabled = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    co.person = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    for (int s = 0; s < c->n_stmts; s++) co.keep[s] = parts_keep && parts_keep[s];
    for (int k = 0; k < r->n_conflicts; k++)
        for (int m = 0; m < r->conflicts[k].n; m++) co.keep[r->conflicts[k].stmts[m]] = 1;
    co.ve = kj_malloc(mem, sizeof(kj_edge *) * (size_t)(2 * r->n_conflicts + 2));
    r->correction = kj_arena_alloc(&r->arena, sizeof(char *) * (size_t)(c->n_stmts + 1));
    r->fixes = kj_arena_alloc(&r->arena, sizeof(kj_fix *) * (size_t)(c->n_stmts + 1));
    r->n_fixes = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
    co.edges = kj_malloc(mem, sizeof(kj_edge *) * (size_t)(r->n_conflicts + 1));
    co.need = kj_malloc(mem, sizeof(int64_t) * (size_t)(2 * r->n_conflicts + 2));
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_CLAIM) r->correction[i] = correction_of(&co, i);
    kj_free(co.edges);
    kj_free(co.need);
    kj_free(co.ve);
    kj_free(co.keep);
    kj_free(co.enabled);
    kj_free(co.person);
}
