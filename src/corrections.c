/* corrections — the smallest change that would make a contradicted claim
 * possible.  Input: the report's conflicts and their proofs, by claim;
 * output: r->correction[claim], e.g. "possible only if "about 2 hours"
 * meant at least 3 h 10 min".  For each claim, every conflict it is in is
 * undone by relaxing one of the claim's own bounds (stated times,
 * duration, sequence gap) by the conflict's margin; the relaxations are
 * then applied and the claim's conflicts searched again, against the
 * people's other claims and facts too, until none remains. */
#include <string.h>

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

/* Says in words what relaxing edge e by m seconds means. */
static const char *describe_relaxation(kj_case *c, const kj_network *net, const kj_stmt *s, const kj_edge *e, int64_t m)
{
    char a[64], b[64];
    kj_duration_format(m, a, sizeof a);
    if (e->kind == EK_DURATION && duration_upper(net, e)) {
        kj_duration_format(e->w + m, b, sizeof b);
        return kj_arena_printf(&c->arena, "possible only if \"%s\" meant at least %s", s->claim->dur.text, b);
    }
    if (e->kind == EK_DURATION) {
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
    if (e->v == 0) /* "the next day"'s earliest start */
        return kj_arena_printf(&c->arena, "possible only if \"the next day after %s\" began %s earlier",
                               s->claim->seq_ref.name ? s->claim->seq_ref.name : "?", a);
    if (e->u == 0) /* a calendar day's latest start */
        return kj_arena_printf(&c->arena, "possible only if \"%s %s\" reached %s further",
                               s->claim->seq == SEQ_SAME_DAY ? "the same day as" : "the next day after",
                               s->claim->seq_ref.name ? s->claim->seq_ref.name : "?", a);
    kj_duration_format(e->w + m, b, sizeof b);
    return kj_arena_printf(&c->arena, "possible only if \"%s %s\" allowed a gap of %s", s->claim->seq == SEQ_RIGHT_AFTER ? "right after" : s->claim->seq == SEQ_SAME_DAY ? "the same day as" : "the next day after",
                           s->claim->seq_ref.name ? s->claim->seq_ref.name : "?", b);
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
    enabled[ci] = 0;
    long budget = 100000;
    kj_arena scratch = KJ_ARENA(co->mem);
    int rest_ok = kj_solve_with(co->mem, vnet, c, enabled, &budget, &scratch, 0, co->sc).sat == KJ_SAT;
    kj_arena_free(&scratch);
    enabled[ci] = 1;
    if (!rest_ok) {
        memset(enabled, 0, (size_t)c->n_stmts + 1);
        for (int x = co->cf_start[ci]; x < co->cf_start[ci + 1]; x++) {
            const kj_conflict *cf = &r->conflicts[co->cf_order[x]];
            for (int m = 0; m < cf->n; m++) enabled[cf->stmts[m]] = 1;
        }
    }
    int verified = ok && verify_correction(co->mem, c, vnet, enabled, ci, co->ve, co->need, &nv, 2 * r->n_conflicts + 2,
                                           co->sc);
    for (int j = 0; verified && j < nv; j++)
        *text = and_also(c, *text, describe_relaxation(c, vnet, &c->stmts[ci], co->ve[j], co->need[j]));
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
        for (int j = 0; j < n; j++)
            text = and_also(c, text, describe_relaxation(c, co->r->net, &c->stmts[i], co->edges[j], co->need[j]));
        text = kj_arena_printf(&c->arena, "%s (not re-checked: the case is past the re-check budget)", text);
        n = 0;
    } else if (checkable) {
        co->work += c->n_stmts;
        if (!recheck(co, i, n, &text)) drop = 1;
        n = 0;
    }
    for (int j = 0; j < n; j++)
        text = and_also(c, text, describe_relaxation(c, co->r->net, &c->stmts[i], co->edges[j], co->need[j]));
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
