/* check — from a compiled network to a report: finds minimal conflicts
 * (deletion-based shrinking of each explanation; all of them by a
 * hitting-set tree over the statements, Reiter 1987), then a verdict per
 * claim (design.md §4). */
#include <pthread.h>
#include <string.h>

#include "conflicts.h"
#include "corrections.h"
#include "parts.h"
#include "questions.h"

const char *kj_verdict_name(kj_verdict v)
{
    static const char *const names[] = {"contradicted", "conflicting", "corroborated", "unverified", "undecided"};
    return names[v];
}

typedef KJ_VEC(int) int_vec;

/* corroborated: a "throughout" fact puts the person at the claimed place
 * over the whole claimed window, or a register entry may be its record.
 * facts_of[person] lists the "throughout" facts about each person. */
static int corroboration(const kj_case *c, const kj_network *net, int ci, int *const *facts_of, const int *n_facts_of)
{
    if (net->matched_entry[ci] >= 0) return net->matched_entry[ci];
    const kj_stmt *s = &c->stmts[ci];
    int place = kj_place_effective(c, s->cx->claim_kind == CLAIM_TRAVEL ? s->cx->to.idx : s->at.idx);
    kj_interval w = s->cx->claim_kind == CLAIM_TRAVEL ? s->cx->arrive_iv : s->when_iv;
    if (place < 0 || s->person.idx < 0) return -1;
    for (int k = 0; k < n_facts_of[s->person.idx]; k++) {
        const kj_stmt *f = &c->stmts[facts_of[s->person.idx][k]];
        if (kj_place_effective(c, f->at.idx) == place && w.lo >= f->when_iv.lo && w.hi <= f->when_iv.hi)
            return facts_of[s->person.idx][k];
    }
    return -1;
}

/* For each claim, the conflicts it is in: order[start[ci] .. start[ci + 1]). */
static void conflicts_by_claim(const kj_case *c, const kj_report *r, int **order, int **start)
{
    int n = 0;
    for (int k = 0; k < r->n_conflicts; k++) n += r->conflicts[k].n;
    int *key = malloc(sizeof(int) * (size_t)(n + 1)), *which = malloc(sizeof(int) * (size_t)(n + 1));
    if (!key || !which) kj_bug("out of memory");
    n = 0;
    for (int k = 0; k < r->n_conflicts; k++)
        for (int m = 0; m < r->conflicts[k].n; m++) {
            int st = r->conflicts[k].stmts[m];
            key[n] = c->stmts[st].kind == ST_CLAIM ? st : -1; /* a conflict's statements are distinct */
            which[n++] = k;
        }
    int *ord;
    kj_parts_bucket(key, n, c->n_stmts, &ord, start);
    for (int i = 0; i < (*start)[c->n_stmts]; i++) ord[i] = which[ord[i]];
    *order = ord;
    free(key), free(which);
}

/* ---- the report's network ------------------------------------------------------
 *
 * The full network (of the inconsistent parts) is built a piece at a time
 * too (a small case is one piece), and each piece's conflicts are
 * enumerated on it; but for the HTML report's whole network, what the
 * report reads afterwards of a network (the proofs' edges, disjunctions,
 * alternatives and provenances; the points and statement ends the
 * corrections compare; the claims' matched entries) is copied into a
 * network of its own, the report's (sentences and provenances too: they
 * are the piece's network's), and the piece's network freed.  It is a
 * network to show, not to search: its alternatives have no edges. */
typedef struct adopter {
    kj_network *to;                  /* the report's */
    const kj_network *from;          /* a piece's full network */
    kj_arena *arena;                 /* the report's: what is copied */
    int *point, *prov, *disj;        /* from's index -> to's, or -1 */
    const kj_edge **edge, **alt_edge; /* from's edge -> its copy, or NULL */
} adopter;

static kj_network *report_network(kj_case *c)
{
    kj_network *net = calloc(1, sizeof *net);
    if (!net) kj_bug("out of memory");
    net->arena = &c->arena;
    net->c = c;
    net->stmt_start = malloc(sizeof(int) * (size_t)(c->n_stmts + 1));
    net->stmt_end = malloc(sizeof(int) * (size_t)(c->n_stmts + 1));
    net->matched_entry = malloc(sizeof(int) * (size_t)(c->n_stmts + 1));
    if (!net->stmt_start || !net->stmt_end || !net->matched_entry) kj_bug("out of memory");
    for (int i = 0; i < c->n_stmts; i++) net->stmt_start[i] = net->stmt_end[i] = net->matched_entry[i] = -1;
    kj_point z = {"Z", -1};
    kj_vec_push(&net->points, z);
    return net;
}

static int adopt_one_point(adopter *a, int p)
{
    if (a->point[p] < 0) {
        kj_vec_push(&a->to->points, a->from->points.items[p]);
        a->point[p] = a->to->points.n - 1;
    }
    return a->point[p];
}

/* A point, with both ends of its statement (the corrections ask whether a
 * point is its statement's end). */
static int adopt_point(adopter *a, int p)
{
    if (p <= 0) return p; /* Z */
    int st = a->from->points.items[p].stmt;
    if (st >= 0 && a->from->stmt_start[st] >= 0) {
        a->to->stmt_start[st] = adopt_one_point(a, a->from->stmt_start[st]);
        a->to->stmt_end[st] = adopt_one_point(a, a->from->stmt_end[st]);
    }
    return adopt_one_point(a, p);
}

static int adopt_prov(adopter *a, int pv)
{
    if (pv < 0) return pv;
    if (a->prov[pv] < 0) {
        kj_prov x = a->from->provs.items[pv];
        int *stmts = kj_arena_alloc(a->arena, sizeof(int) * (size_t)(x.n + 1));
        memcpy(stmts, x.stmts, sizeof(int) * (size_t)x.n);
        x.stmts = stmts;
        kj_vec_push(&a->to->provs, x);
        a->prov[pv] = a->to->provs.n - 1;
    }
    return a->prov[pv];
}

static const kj_edge *adopt_edge(adopter *a, const kj_edge *e)
{
    const kj_network *w = a->from;
    const kj_edge **slot = e >= w->edges.items && e < w->edges.items + w->edges.n
                               ? &a->edge[e - w->edges.items]
                               : &a->alt_edge[e - w->alt_edges.items];
    if (!*slot) {
        kj_edge *copy = kj_arena_alloc(a->arena, sizeof *copy);
        *copy = *e;
        copy->u = adopt_point(a, e->u), copy->v = adopt_point(a, e->v);
        copy->prov = adopt_prov(a, e->prov);
        copy->why = kj_why_copy(e->why, a->arena);
        *slot = copy;
    }
    return *slot;
}

static int adopt_disj(adopter *a, int d)
{
    if (a->disj[d] < 0) {
        kj_disj x = a->from->disjs.items[d];
        int first = x.first_alt;
        x.first_alt = a->to->alts.n;
        x.prov = adopt_prov(a, x.prov);
        x.why = kj_why_copy(x.why, a->arena), x.headline = kj_why_copy(x.headline, a->arena);
        for (int i = 0; i < x.n_alts; i++) {
            kj_alt alt = a->from->alts.items[first + i];
            alt.first = alt.n = 0; /* shown, not searched */
            alt.why = kj_why_copy(alt.why, a->arena);
            kj_vec_push(&a->to->alts, alt);
        }
        kj_vec_push(&a->to->disjs, x);
        a->disj[d] = a->to->disjs.n - 1;
    }
    return a->disj[d];
}

static kj_proof *adopt_proof(adopter *a, const kj_proof *p)
{
    if (!p) return NULL;
    kj_proof *q = kj_arena_alloc(a->arena, sizeof *q);
    *q = *p;
    if (p->disj >= 0) {
        q->disj = adopt_disj(a, p->disj);
        q->kids = kj_arena_alloc(a->arena, sizeof(kj_proof *) * (size_t)(p->n_kids + 1));
        for (int i = 0; i < p->n_kids; i++) q->kids[i] = adopt_proof(a, p->kids[i]);
    } else {
        q->edges = kj_arena_alloc(a->arena, sizeof(kj_edge *) * (size_t)(p->n_edges + 1));
        for (int i = 0; i < p->n_edges; i++) q->edges[i] = adopt_edge(a, p->edges[i]);
    }
    return q;
}

/* Copies into the report's network what conflicts found[0..n) (found on
 * network w) need, and points their proofs at the copies; their proofs
 * and statements are copied into the report's arena too. */
static void adopt_conflicts(kj_report *r, const kj_network *w, kj_conflict *found, int n)
{
    adopter a = {r->net, w, &r->arena, malloc(sizeof(int) * (size_t)(w->points.n + 1)),
                 malloc(sizeof(int) * (size_t)(w->provs.n + 1)), malloc(sizeof(int) * (size_t)(w->disjs.n + 1)),
                 calloc((size_t)w->edges.n + 1, sizeof(kj_edge *)), calloc((size_t)w->alt_edges.n + 1, sizeof(kj_edge *))};
    if (!a.point || !a.prov || !a.disj || !a.edge || !a.alt_edge) kj_bug("out of memory");
    for (int i = 0; i < w->points.n; i++) a.point[i] = -1;
    for (int i = 0; i < w->provs.n; i++) a.prov[i] = -1;
    for (int i = 0; i < w->disjs.n; i++) a.disj[i] = -1;
    for (int f = 0; f < n; f++) {
        kj_conflict *cf = &found[f];
        for (int m = 0; m < cf->n; m++)
            if (w->stmt_start[cf->stmts[m]] >= 0) adopt_point(&a, w->stmt_start[cf->stmts[m]]);
        cf->proof = adopt_proof(&a, cf->proof);
        int *stmts = kj_arena_alloc(a.arena, sizeof(int) * (size_t)(cf->n + 1));
        memcpy(stmts, cf->stmts, sizeof(int) * (size_t)cf->n);
        cf->stmts = stmts;
    }
    free(a.point), free(a.prov), free(a.disj), free(a.edge), free(a.alt_edge);
}

typedef struct questions_arg {
    const kj_case *c;
    kj_questions_job *job;
} questions_arg;

static void phrase_questions(void *arg)
{
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
     * (adopt_conflicts). */
    unsigned char *keep = calloc((size_t)c->n_stmts + 1, 1);
    int *matched = malloc(sizeof(int) * ((size_t)c->n_stmts + 1)); /* corroboration of the claims left out */
    if (!keep || !matched) kj_bug("out of memory");
    int whole = opts && opts->whole_network;
    int *cuts, n_pieces = kj_parts_pieces(c, whole, &cuts);
    unsigned char *piece = n_pieces > 1 || !whole ? calloc((size_t)c->n_stmts + 1, 1) : NULL;
    if (!piece && (n_pieces > 1 || !whole)) kj_bug("out of memory");
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
         * report keeps what it shows of each (adopt_conflicts) */
        kj_network_free(r->net);
        r->net = NULL;
        kj_network *shown = report_network(c);
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
             * keeps copies of the conflicts' (adopt_conflicts) */
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
            adopt_conflicts(r, was, k.found.items + first, k.found.n - first);
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
    /* the "throughout" facts about each person, for corroboration */
    int **facts_of = kj_arena_alloc(&r->arena, sizeof(int *) * (size_t)(c->n_stmts + 1));
    int *n_facts_of = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_FACT) continue;
        const kj_stmt *f = &c->stmts[i];
        if (f->fact_kind == FACT_THROUGHOUT && f->person.idx >= 0) n_facts_of[f->person.idx]++;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (n_facts_of[i]) facts_of[i] = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)n_facts_of[i]);
        n_facts_of[i] = 0;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_FACT) continue;
        const kj_stmt *f = &c->stmts[i];
        if (f->fact_kind == FACT_THROUGHOUT && f->person.idx >= 0)
            facts_of[f->person.idx][n_facts_of[f->person.idx]++] = i;
    }
    r->verdicts = kj_arena_alloc(&r->arena, sizeof(kj_verdict) * (size_t)(c->n_stmts + 1));
    r->corroborated_by = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
    int *cf_order, *cf_start;
    conflicts_by_claim(c, r, &cf_order, &cf_start);
    for (int i = 0; i < c->n_stmts; i++) {
        r->corroborated_by[i] = -1;
        if (c->kinds[i] != ST_CLAIM) continue;
        int in_any = cf_start[i + 1] > cf_start[i], with_evidence = 0;
        for (int j = cf_start[i]; j < cf_start[i + 1]; j++) {
            const kj_conflict *cf = &r->conflicts[cf_order[j]];
            for (int m = 0; m < cf->n; m++) {
                /* independent evidence (design.md §0): a fact, a register or
                 * its entries, an entity, a route.  Places, speeds, options
                 * and assumptions are premises, not evidence: an account
                 * refuted by them alone contradicts itself, and two
                 * witnesses who refute only each other are conflicting */
                kj_role role = c->stmts[cf->stmts[m]].role;
                with_evidence |= role == ROLE_FACT || role == ROLE_REGISTER || role == ROLE_ENTITY ||
                                 role == ROLE_ROUTE;
            }
        }
        if (with_evidence) r->verdicts[i] = V_CONTRADICTED;
        else if (in_any) r->verdicts[i] = V_CONFLICTING;
        else if (r->undecided) r->verdicts[i] = V_UNDECIDED;
        else if ((r->corroborated_by[i] = corroboration(c, r->net, i, facts_of, n_facts_of)) >= 0) r->verdicts[i] = V_CORROBORATED;
        else r->verdicts[i] = V_UNVERIFIED;
    }
    kj_phase(c, "verdicts");
    kj_corrections(c, r, &k.solve, k.max_pairs, keep, cf_order, cf_start);
    kj_solve_scratch_free(&k.solve);
    free(keep);
    free(cf_order), free(cf_start);
    kj_phase(c, "corrections");
    if (!questions) questions = kj_questions_start(c);
    r->n_questions = kj_questions_finish(questions, r, &r->arena, &r->questions);
    if (r->n_questions < 0) kj_bug("data/questions.kjd is malformed");
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
