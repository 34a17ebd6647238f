/* check — a case to a report, stage by stage (design.md §4).  Input: a
 * resolved case; output: a report (include/kjeller.h: kj_check).
 *
 *   pieces      a big case cut where no clause links it (parts.c)
 *   pruned      each piece's pruned network, its parts decided one by
 *               one; the inconsistent ones' claims and facts kept (parts.c)
 *   full        the full network of those, piece by piece, each part's
 *               minimal conflicts enumerated (parts.c, conflicts.c) and
 *               copied into the report's network (adopt.c)
 *   verdicts    a verdict per claim (verdicts.c)
 *   corrections the smallest change per contradicted claim (corrections.c)
 *   questions   what to ask next, phrased while searchers search
 *               (questions.c)
 *
 * Each independent part of the pruned network is decided on its own (a
 * consistent case, the common one, is done after one search of each);
 * the parts that are inconsistent are the ones whose conflicts are
 * enumerated on the full network.  Conflicts that involve no claim are not
 * reported, so parts without one are not searched.
 *
 * A check is a call of its own (mem.h): everything it allocates is in its
 * kj_mem (the searchers' threads' too, adopted after their join), so that
 * running out of memory or a broken invariant frees it all and returns
 * the failure; the case's arena, where the report's sentences are
 * written, grows with blocks that outlive the call, and nothing else of
 * the case changes. */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "adopt.h"
#include "conflicts.h"
#include "corrections.h"
#include "parts.h"
#include "questions.h"
#include "strain.h"
#include "verdicts.h"

typedef struct questions_arg {
    kj_mem *mem;
    const kj_case *c;
    kj_questions_job *job;
} questions_arg;

/* While searchers enumerate, the calling thread phrases the questions (in
 * the memory the pruned network left). */
static void phrase_questions(kj_pool *pool, void *arg)
{
    (void)pool;
    questions_arg *qa = arg;
    qa->job = kj_questions_start(qa->mem, qa->c);
}

/* What the stages of one check share. */
typedef struct check_run {
    kj_mem *mem;               /* the call's */
    kj_case *c;
    kj_report *r;
    kj_checker k;              /* (each searcher has its own enabled[]: parts.c) */
    int whole;                 /* one network for the whole case (the HTML chart's) */
    int *cuts, n_pieces;       /* kj_parts_pieces */
    unsigned char *piece;      /* the statements of the piece at hand, or NULL */
    unsigned char *keep;       /* the claims and facts of the inconsistent parts */
    int *matched;              /* corroboration of the claims left out */
    int inconsistent_parts;
    questions_arg qa;
    int findings_pass;         /* the pass with the owners' hypotheses: its findings only */
    KJ_VEC(kj_leg) legs;       /* each claim's tightest leg, from the pruned networks */
} check_run;

/* A network's figures, summed into sizes[6]. */
static void add_sizes(long sizes[6], const kj_network *w)
{
    sizes[0] += w->points.n;
    sizes[1] += w->edges.n;
    sizes[2] += w->alts.n;
    sizes[3] += w->alt_edges.n;
    sizes[4] += w->disjs.n;
    sizes[5] += w->provs.n;
}

/* Each piece's pruned network, its parts decided: marks keep[] and counts
 * the inconsistent parts.  A case of one piece leaves its network as the
 * report's (the HTML report's, unless the full one replaces it). */
static void decide_pruned(check_run *run)
{
    kj_case *c = run->c;
    kj_report *r = run->r;
    long sizes[6] = {0};
    for (int p = 0; p < run->n_pieces; p++) {
        for (int i = run->cuts[p]; run->n_pieces > 1 && i < run->cuts[p + 1]; i++)
            run->piece[i] = c->kinds[i] == ST_CLAIM || c->kinds[i] == ST_FACT;
        r->net = kj_conflicts_network(run->mem, run->k.ir, KJ_NET_PRUNED, run->n_pieces > 1 ? run->piece : NULL,
                                      run->k.max_pairs);
        const kj_network *w = r->net;
        add_sizes(sizes, w);
        kj_arena kept = r->arena; /* the searches' results: only their marks are kept */
        r->arena = KJ_ARENA(run->mem);
        run->inconsistent_parts += kj_parts_enumerate(&run->k, run->keep, NULL, NULL);
        kj_arena_free(&r->arena);
        r->arena = kept;
        for (int i = run->cuts[p]; i < run->cuts[p + 1]; i++) run->matched[i] = w->matched_entry[i];
        for (int k = 0; k < w->legs.n && !run->findings_pass; k++) kj_vec_put(run->mem, &run->legs, w->legs.items[k]);
        if (run->n_pieces == 1) break;
        for (int i = run->cuts[p]; i < run->cuts[p + 1]; i++) run->piece[i] = 0;
        kj_network_free(r->net);
        r->net = NULL;
    }
    kj_phase(c, "networks (pruned) built and parts decided");
    kj_phase_figures(c, "network",
                     "%ld points, %ld edges, %ld alternatives of %ld edges, %ld disjunctions, %ld provenances, %d statements, %d pieces",
                     sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5], c->n_stmts, run->n_pieces);
}

/* The full network of the inconsistent parts (of none, for a case of
 * pieces with none) is the report's, whole: the HTML chart draws from it.
 * Its conflicts are enumerated on it. */
static void enumerate_whole(check_run *run)
{
    kj_case *c = run->c;
    kj_report *r = run->r;
    kj_network_free(r->net);
    r->net = kj_conflicts_network(run->mem, run->k.ir, KJ_NET_FULL, run->keep, run->k.max_pairs);
    for (int i = 0; i < c->n_stmts; i++)
        if (!run->keep[i]) r->net->matched_entry[i] = run->matched[i];
    if (run->inconsistent_parts) {
        kj_phase(c, "network (full)");
        r->undecided = 0;
        kj_parts_enumerate(&run->k, NULL, phrase_questions, &run->qa);
        kj_phase(c, "conflicts");
    }
}

/* The full network of piece p's inconsistent parts, their conflicts
 * enumerated and copied into the report's network, shown (with the
 * piece's claims' matched entries); nothing when the piece has none. */
static void enumerate_piece(check_run *run, int p, kj_network *shown, long full[6])
{
    kj_report *r = run->r;
    int any = 0;
    for (int i = run->cuts[p]; i < run->cuts[p + 1]; i++) any |= run->piece[i] = run->keep[i];
    if (!any) return;
    r->net = kj_conflicts_network(run->mem, run->k.ir, KJ_NET_FULL, run->piece, run->k.max_pairs);
    const kj_network *w = r->net;
    add_sizes(full, w);
    int first = run->k.found.n;
    /* the searches' results in an arena of their own: the report keeps
     * copies of the conflicts' (kj_adopt_conflicts) */
    kj_arena kept = r->arena;
    r->arena = KJ_ARENA(run->mem);
    kj_parts_enumerate(&run->k, NULL, run->qa.job ? NULL : phrase_questions, &run->qa);
    kj_arena searched = r->arena;
    r->arena = kept;
    for (int i = run->cuts[p]; i < run->cuts[p + 1]; i++) {
        if (run->keep[i]) shown->matched_entry[i] = w->matched_entry[i];
        run->piece[i] = 0;
    }
    kj_network *was = r->net;
    r->net = shown;
    kj_adopt_conflicts(run->mem, r, was, run->k.found.items + first, run->k.found.n - first);
    kj_network_free(was);
    kj_arena_free(&searched);
}

/* The full network of the inconsistent parts, a piece at a time; the
 * report keeps what it shows of each in a network of its own
 * (kj_adopt_conflicts). */
static void enumerate_pieces(check_run *run)
{
    kj_case *c = run->c;
    kj_report *r = run->r;
    kj_network_free(r->net);
    r->net = NULL;
    kj_network *shown = kj_adopt_network(run->mem, c);
    if (run->inconsistent_parts) r->undecided = 0;
    long full[6] = {0};
    for (int p = 0; run->inconsistent_parts && p < run->n_pieces; p++) enumerate_piece(run, p, shown, full);
    r->net = shown;
    for (int i = 0; i < c->n_stmts; i++)
        if (!run->keep[i]) shown->matched_entry[i] = run->matched[i];
    if (run->inconsistent_parts) {
        kj_phase(c, "networks (full) built, conflicts enumerated");
        kj_phase_figures(c, "networks (full)",
                         "%ld points, %ld edges, %ld alternatives of %ld edges, %ld disjunctions, %ld provenances",
                         full[0], full[1], full[2], full[3], full[4], full[5]);
    }
}

/* Whether a conflict rests on an owner's hypothesis. */
static int rests_on_hypothesis(const kj_case *c, const kj_conflict *cf)
{
    for (int m = 0; m < cf->n; m++)
        if (c->kinds[cf->stmts[m]] == ST_ASSUME && c->stmts[cf->stmts[m]].assume->hypothetical) return 1;
    return 0;
}

/* A conflict that rests on an owner's hypothesis (resolve.c: the owner had
 * the device, which nothing states) is no contradiction of anyone: it says
 * that the device was where its owner could not be, and so asks who had
 * it.  In the findings pass such conflicts become the report's findings,
 * in the same order; the others are dropped, the main pass (compiled
 * without the hypotheses) finds them, and it alone gives verdicts,
 * corrections and the exit status (check). */
static void split_findings(check_run *run)
{
    kj_report *r = run->r;
    int n = 0, nf = 0;
    for (int i = 0; i < r->n_conflicts; i++) nf += rests_on_hypothesis(run->c, &r->conflicts[i]);
    if (!nf) return;
    r->findings = kj_arena_alloc(&r->arena, sizeof(kj_conflict) * (size_t)nf);
    for (int i = 0; i < r->n_conflicts; i++) {
        if (rests_on_hypothesis(run->c, &r->conflicts[i])) r->findings[r->n_findings++] = r->conflicts[i];
        else r->conflicts[n++] = r->conflicts[i];
    }
    r->n_conflicts = n;
}

/* The findings pass ends once its conflicts are split: its verdicts,
 * corrections and questions would be the main pass's, less sound (the
 * hypotheses on); only its findings, network and arena are kept. */
static void conclude_findings(check_run *run)
{
    kj_arena_free(&run->k.scratch);
    kj_free(run->matched);
    kj_free(run->piece);
    kj_free(run->cuts);
    kj_free(run->keep);
    kj_conflicts_finish(&run->k);
    kj_free(run->legs.items);
    split_findings(run);
    run->r->n_conflicts = 0;
    kj_solve_scratch_free(&run->k.solve);
    if (run->qa.job) { /* (phrased while it searched) */
        kj_question *q = NULL;
        kj_questions_finish(run->qa.job, NULL, &run->r->arena, &q);
        kj_free(q);
    }
}

/* The conflicts, verdicts, corrections and questions into the report;
 * frees what the run holds. */
static void conclude(check_run *run)
{
    kj_case *c = run->c;
    kj_report *r = run->r;
    kj_questions_job *questions = run->qa.job;
    kj_arena_free(&run->k.scratch);
    kj_free(run->matched);
    kj_free(run->piece);
    kj_free(run->cuts); /* (keep: after the corrections) */
    kj_conflicts_finish(&run->k);
    int *cf_order, *cf_start;
    kj_verdicts(run->mem, c, r, &cf_order, &cf_start);
    kj_strain_verdicts(run->mem, c, run->k.ir, r, run->legs.items, run->legs.n);
    kj_free(run->legs.items);
    kj_phase(c, "verdicts");
    kj_corrections(run->mem, c, run->k.ir, r, &run->k.solve, run->k.max_pairs, run->keep, cf_order, cf_start);
    kj_solve_scratch_free(&run->k.solve);
    kj_free(run->keep);
    kj_free(cf_order);
    kj_free(cf_start);
    kj_phase(c, "corrections");
    if (!questions) questions = kj_questions_start(run->mem, c);
    r->n_questions = kj_questions_finish(questions, r, &r->arena, &r->questions);
    if (r->n_questions < 0) kj_bug(run->mem, "data/questions.kjd is malformed");
    kj_phase(c, "questions");
}

/* Whether case c has an owner's hypothesis (resolve.c). */
static int any_hypothesis(const kj_case *c)
{
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_ASSUME && c->stmts[i].assume->hypothetical) return 1;
    return 0;
}

/* One pass of the check, its report every block of it in mem's call:
 * the main pass, its networks compiled without the owners' hypotheses
 * (ir.h), or, with findings_pass, with them, only the conflicts resting
 * on one kept, as the report's findings. */
static kj_report *check_pass(kj_mem *mem, kj_case *c, const kj_check_opts *opts, int findings_pass,
                             kj_report *findings)
{
    kj_report *r = kj_calloc(mem, 1, sizeof *r);
    r->arena = KJ_ARENA(mem);
    if (findings) { /* (the questions ask who had the devices) */
        r->findings_of = findings;
        r->findings = findings->findings;
        r->n_findings = findings->n_findings;
    }
    check_run run = {
        .mem = mem,
        .c = c,
        .r = r,
        .k = kj_conflicts_checker(mem, c, r, opts && opts->max_branches > 0 ? opts->max_branches : 1000000,
                                  findings_pass),
        .whole = opts && opts->whole_network,
        .qa = {.mem = mem, .c = c, .job = NULL},
        .findings_pass = findings_pass,
    };
    run.keep = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    run.matched = kj_malloc(mem, sizeof(int) * ((size_t)c->n_stmts + 1));
    run.n_pieces = kj_parts_pieces(mem, c, run.whole, &run.cuts);
    int by_piece = run.n_pieces > 1 || !run.whole;
    run.piece = by_piece ? kj_calloc(mem, (size_t)c->n_stmts + 1, 1) : NULL;
    decide_pruned(&run);
    if (run.whole && (run.inconsistent_parts || !r->net)) enumerate_whole(&run);
    else if (!run.whole) enumerate_pieces(&run);
    if (findings_pass) conclude_findings(&run);
    else conclude(&run);
    kj_ir_free((kj_ir *)run.k.ir);
    return r;
}

/* The report of case c, every block of it in mem's call.  A case whose
 * devices have owners is checked twice: first with the owners' hypotheses
 * (resolve.c) for its findings alone, then without them for everything
 * else, so that the hypotheses take nothing from the main pass, not its
 * search budget nor its people's presence pairs (a finding never makes a
 * case undecided). */
static kj_report *check(kj_mem *mem, kj_case *c, const kj_check_opts *opts)
{
    kj_report *found = any_hypothesis(c) ? check_pass(mem, c, opts, 1, NULL) : NULL;
    kj_report *r = check_pass(mem, c, opts, 0, found);
    kj_cites_of(c, &r->arena, r, &r->cites); /* one numbering of the sources, for every output */
    kj_alike_of(c, &r->arena, r->conflicts, r->n_conflicts, &r->alike);
    kj_alike_of(c, &r->arena, r->findings, r->n_findings, &r->findings_alike);
    if (found) found->cites = r->cites;
    return r;
}

/* Tells the caller why the check failed inside the library. */
static void say_failure(const kj_mem *mem, kj_failure *failure)
{
    if (!failure) return;
    failure->failed = 1;
    snprintf(failure->why, sizeof failure->why, "%s", mem->why);
}

/* The check as a call of its own (mem.h): the report, whose blocks are
 * its own from then on; or NULL, with nothing of the call left but the
 * case's arena's new blocks, and *failure filled. */
static kj_report *check_here(kj_case *c, const kj_check_opts *opts, kj_failure *failure)
{
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (opts) mem.fail_countdown = opts->fail_alloc_after;
    if (setjmp(landing) != 0) {
        kj_case_take_back(c);
        kj_mem_release(&mem);
        say_failure(&mem, failure);
        return NULL;
    }
    kj_case_lend(c, &mem);
    kj_report *r = check(&mem, c, opts);
    kj_mem_keep(&mem);
    kj_case_take_back(c);
    /* nothing grows in a report once checked: its arenas name no kj_mem */
    for (kj_report *x = r; x; x = x->findings_of) {
        x->arena.mem = NULL;
        if (x->net) x->net->own.mem = NULL;
    }
    return r;
}

kj_report *kj_check(kj_case *c, const kj_check_opts *opts, kj_failure *failure)
{
    locale_t saved;
    if (failure) memset(failure, 0, sizeof *failure);
    if (kj_c_locale_enter(&saved) != 0) {
        kj_mem none = {.why = "cannot select the C locale"};
        say_failure(&none, failure);
        return NULL;
    }
    kj_report *r = check_here(c, opts, failure);
    kj_c_locale_leave(saved);
    return r;
}

int kj_report_status(const kj_report *r)
{
    if (r->n_conflicts) return KJ_EXIT_CONTRADICTION;
    if (r->undecided) return KJ_EXIT_UNDECIDED;
    return KJ_EXIT_CONSISTENT;
}

int kj_report_conflict_count(const kj_report *r) { return r->n_conflicts; }

void kj_report_free(kj_report *r)
{
    if (!r) return;
    kj_report_free(r->findings_of);
    kj_network_free(r->net);
    kj_free(r->questions);
    kj_arena_free(&r->arena);
    kj_free(r);
}
