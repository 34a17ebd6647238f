/* check — from a compiled network to a report: finds minimal conflicts
 * (deletion-based shrinking of each explanation; all of them by a
 * hitting-set tree over the statements, Reiter 1987), then a verdict per
 * claim (design.md §4). */
#include <string.h>

#include "adopt.h"
#include "conflicts.h"
#include "corrections.h"
#include "parts.h"
#include "questions.h"
#include "verdicts.h"

typedef struct questions_arg {
    const kj_case *c;
    kj_questions_job *job;
} questions_arg;

static void phrase_questions(kj_pool *pool, void *arg)
{
    (void)pool;
    questions_arg *qa = arg;
    qa->job = kj_questions_start(qa->c);
}

kj_report *kj_check(kj_case *c, const kj_check_opts *opts)
{
    kj_report *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    kj_checker k = kj_conflicts_checker(c, r, opts && opts->max_branches > 0 ? opts->max_branches : 1000000);
    kj_questions_job *questions = NULL;
    /* (each searcher has its own enabled[]: part_worker) */
    /* each independent part of the pruned network is decided on its own
     * (a consistent case, the common one, is done after one search of
     * each); the parts that are inconsistent are the ones whose conflicts
     * are enumerated on the full network.  Conflicts that involve no claim
     * are not reported, so parts without one are not searched.  A big case's
     * pruned and full networks are built a piece at a time
     * (kj_parts_pieces), and the report keeps a network of its own
     * (kj_adopt_conflicts). */
    unsigned char *keep = calloc((size_t)c->n_stmts + 1, 1);
    int *matched = malloc(sizeof(int) * ((size_t)c->n_stmts + 1)); /* corroboration of the claims left out */
    if (!keep || !matched) kj_die("out of memory");
    int whole = opts && opts->whole_network;
    int *cuts, n_pieces = kj_parts_pieces(c, whole, &cuts);
    unsigned char *piece = n_pieces > 1 || !whole ? calloc((size_t)c->n_stmts + 1, 1) : NULL;
    if (!piece && (n_pieces > 1 || !whole)) kj_die("out of memory");
    long sizes[6] = {0};
    int inconsistent_parts = 0;
    for (int p = 0; p < n_pieces; p++) {
        for (int i = cuts[p]; n_pieces > 1 && i < cuts[p + 1]; i++) piece[i] = c->kinds[i] == ST_CLAIM || c->kinds[i] == ST_FACT;
        r->net = kj_conflicts_network(c, KJ_NET_PRUNED, n_pieces > 1 ? piece : NULL, k.max_pairs);
        const kj_network *w = r->net;
        sizes[0] += w->points.n, sizes[1] += w->edges.n, sizes[2] += w->alts.n, sizes[3] += w->alt_edges.n;
        sizes[4] += w->disjs.n, sizes[5] += w->provs.n;
        kj_arena kept = r->arena; /* the searches' results: only their marks are kept */
        r->arena = (kj_arena){0};
        inconsistent_parts += kj_parts_enumerate(&k, keep, NULL, NULL);
        kj_arena_free(&r->arena);
        r->arena = kept;
        for (int i = cuts[p]; i < cuts[p + 1]; i++) matched[i] = w->matched_entry[i];
        if (n_pieces == 1) break; /* one network: the HTML report's, unless the full one replaces it */
        for (int i = cuts[p]; i < cuts[p + 1]; i++) piece[i] = 0;
        kj_network_free(r->net);
        r->net = NULL;
    }
    kj_phase(c, "networks (pruned) built and parts decided");
    kj_phase_figures(c, "network",
                     "%ld points, %ld edges, %ld alternatives of %ld edges, %ld disjunctions, %ld provenances, %d statements, %d pieces",
                     sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5], c->n_stmts, n_pieces);
    questions_arg qa = {c, NULL};
    if (whole && (inconsistent_parts || !r->net)) {
        /* the full network of the inconsistent parts (of none, for a case of
         * pieces with none) is the report's: the HTML chart draws from it */
        kj_network_free(r->net);
        r->net = kj_conflicts_network(c, KJ_NET_FULL, keep, k.max_pairs);
        for (int i = 0; i < c->n_stmts; i++)
            if (!keep[i]) r->net->matched_entry[i] = matched[i];
        if (inconsistent_parts) {
            kj_phase(c, "network (full)");
            r->undecided = 0;
            /* while searchers enumerate, this thread phrases the questions (in
             * the memory the pruned network left) */
            kj_parts_enumerate(&k, NULL, phrase_questions, &qa);
            kj_phase(c, "conflicts");
        }
    } else if (!whole) {
        /* the full network of the inconsistent parts, a piece at a time; the
         * report keeps what it shows of each (kj_adopt_conflicts) */
        kj_network_free(r->net);
        r->net = NULL;
        kj_network *shown = kj_adopt_network(c);
        if (inconsistent_parts) r->undecided = 0;
        long full[6] = {0};
        for (int p = 0; inconsistent_parts && p < n_pieces; p++) {
            int any = 0;
            for (int i = cuts[p]; i < cuts[p + 1]; i++) any |= piece[i] = keep[i];
            if (!any) continue;
            r->net = kj_conflicts_network(c, KJ_NET_FULL, piece, k.max_pairs);
            const kj_network *w = r->net;
            full[0] += w->points.n, full[1] += w->edges.n, full[2] += w->alts.n, full[3] += w->alt_edges.n;
            full[4] += w->disjs.n, full[5] += w->provs.n;
            int first = k.found.n;
            /* the searches' results in an arena of their own: the report
             * keeps copies of the conflicts' (kj_adopt_conflicts) */
            kj_arena kept = r->arena, searched;
            r->arena = (kj_arena){0};
            /* while searchers enumerate, this thread phrases the questions
             * (in the memory the pruned network left) */
            kj_parts_enumerate(&k, NULL, qa.job ? NULL : phrase_questions, &qa);
            searched = r->arena;
            r->arena = kept;
            for (int i = cuts[p]; i < cuts[p + 1]; i++) {
                if (keep[i]) shown->matched_entry[i] = w->matched_entry[i];
                piece[i] = 0;
            }
            kj_network *was = r->net;
            r->net = shown;
            kj_adopt_conflicts(r, was, k.found.items + first, k.found.n - first);
            kj_network_free(was);
            kj_arena_free(&searched);
        }
        r->net = shown;
        for (int i = 0; i < c->n_stmts; i++)
            if (!keep[i]) shown->matched_entry[i] = matched[i];
        if (inconsistent_parts) {
            kj_phase(c, "networks (full) built, conflicts enumerated");
            kj_phase_figures(c, "networks (full)",
                             "%ld points, %ld edges, %ld alternatives of %ld edges, %ld disjunctions, %ld provenances",
                             full[0], full[1], full[2], full[3], full[4], full[5]);
        }
    }
    questions = qa.job;
    kj_arena_free(&k.scratch);
    free(matched), free(piece), free(cuts); /* (keep: after the corrections) */
    kj_conflicts_finish(&k);
    int *cf_order, *cf_start;
    kj_verdicts(c, r, &cf_order, &cf_start);
    kj_phase(c, "verdicts");
    kj_corrections(c, r, &k.solve, k.max_pairs, keep, cf_order, cf_start);
    kj_solve_scratch_free(&k.solve);
    free(keep);
    free(cf_order), free(cf_start);
    kj_phase(c, "corrections");
    if (!questions) questions = kj_questions_start(c);
    r->n_questions = kj_questions_finish(questions, r, &r->arena, &r->questions);
    if (r->n_questions < 0) kj_die("data/questions.kjd is malformed");
    kj_phase(c, "questions");
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
    kj_network_free(r->net);
    free(r->questions);
    kj_arena_free(&r->arena);
    free(r);
}
