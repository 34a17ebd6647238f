/* check — from a compiled network to a report: finds minimal conflicts
 * (deletion-based shrinking of each explanation; all of them by a
 * hitting-set tree over the statements, Reiter 1987), then a verdict per
 * claim (design.md §4). */
#include <pthread.h>
#include <string.h>

#include "conflicts.h"
#include "corrections.h"
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

/* Groups items 0..n) by key (key < 0: left out): order[] lists them key by
 * key, start[key] .. start[key + 1] delimiting each group; stable. */
static void bucket(const int *key, int n, int n_keys, int **order, int **start)
{
    int *st = calloc((size_t)n_keys + 2, sizeof(int)), *ord = malloc(sizeof(int) * (size_t)(n + 1));
    if (!st || !ord) kj_bug("out of memory");
    for (int i = 0; i < n; i++)
        if (key[i] >= 0) st[key[i] + 1]++;
    for (int k = 0; k < n_keys; k++) st[k + 1] += st[k];
    int *fill = malloc(sizeof(int) * (size_t)(n_keys + 1));
    if (!fill) kj_bug("out of memory");
    memcpy(fill, st, sizeof(int) * (size_t)(n_keys + 1));
    for (int i = 0; i < n; i++)
        if (key[i] >= 0) ord[fill[key[i]]++] = i;
    free(fill);
    *order = ord, *start = st;
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
    bucket(key, n, c->n_stmts, &ord, start);
    for (int i = 0; i < (*start)[c->n_stmts]; i++) ord[i] = which[ord[i]];
    *order = ord;
    free(key), free(which);
}

/* ---- independent parts ---------------------------------------------------------
 *
 * Time points that no constraint links (other than through the origin Z,
 * which is the constant 0) are independent: the case is consistent iff each
 * part is, and a minimal conflict lies within one part.  So conflicts are
 * enumerated part by part, each on a network of its own: the hitting-set
 * tree of one part does not multiply with another's, and each solver call
 * is as small as its part.  Parts without a claim are skipped (only
 * conflicts that involve a claim are reported). */

static int uf_find(int *up, int x)
{
    while (up[x] != x) x = up[x] = up[up[x]];
    return x;
}

/* Joins a's set and b's (the smaller index is the root). */
static void uf_link(int *up, int a, int b)
{
    a = uf_find(up, a), b = uf_find(up, b);
    if (a != b) up[a > b ? a : b] = a < b ? a : b;
}

static void uf_union(int *up, int a, int b)
{
    if (a == 0 || b == 0) return; /* Z links nothing */
    uf_link(up, a, b);
}

typedef struct part {
    kj_network net;            /* its own points (Z first), edges, alternatives */
    int *edge_of, *alt_edge_of, *disj_of; /* back to the whole network */
} part;

/* Maps a proof found on a part back to the whole network's edges. */
static void proof_to_whole(const kj_network *whole, const part *pt, kj_proof *p)
{
    if (!p) return;
    if (p->disj >= 0) {
        p->disj = pt->disj_of[p->disj];
        for (int i = 0; i < p->n_kids; i++) proof_to_whole(whole, pt, p->kids[i]);
        return;
    }
    for (int i = 0; i < p->n_edges; i++) {
        const kj_edge *e = p->edges[i];
        if (e >= pt->net.edges.items && e < pt->net.edges.items + pt->net.edges.n)
            p->edges[i] = &whole->edges.items[pt->edge_of[e - pt->net.edges.items]];
        else
            p->edges[i] = &whole->alt_edges.items[pt->alt_edge_of[e - pt->net.alt_edges.items]];
    }
}

/* The part of the whole network made of the points whose root is `root`;
 * edges[0..n_edges) and disjs[0..n_disjs) are the whole network's base
 * edges and disjunctions in it. */
/* The part's own copy of a provenance (prov_map: whole -> part index, -1
 * for none yet; the statement lists are shared, not copied). */
static int part_prov(const kj_network *w, kj_network *n, int *prov_map, int_vec *touched, int pv)
{
    if (pv < 0) return pv;
    if (prov_map[pv] < 0) {
        prov_map[pv] = n->provs.n;
        kj_vec_push(&n->provs, w->provs.items[pv]);
        kj_vec_push(touched, pv);
    }
    return prov_map[pv];
}

static void part_build(const kj_network *w, const int *point_index, const int *points, int n_points, const int *edges,
                       int n_edges, const int *disjs, int n_disjs, int *prov_map, part *pt)
{
    int_vec touched = {0};
    memset(pt, 0, sizeof *pt);
    kj_network *n = &pt->net;
    n->arena = w->arena, n->c = w->c;
    n->stmt_start = w->stmt_start, n->stmt_end = w->stmt_end, n->matched_entry = w->matched_entry;
    kj_vec_push(&n->points, w->points.items[0]);
    for (int i = 0; i < n_points; i++) kj_vec_push(&n->points, w->points.items[points[i]]);
    /* the part's statements whose presence pairs the network left out */
    for (int i = 0; w->capped.n && i < n_points; i++) {
        int st = w->points.items[points[i]].stmt;
        if (st >= 0 && bsearch(&st, w->capped.items, (size_t)w->capped.n, sizeof(int), kj_conflicts_stmt_order)) kj_vec_push(&n->capped, st);
    }
    KJ_VEC(int) eo = {0}, ao = {0}, dof = {0};
    for (int i = 0; i < n_edges; i++) {
        kj_edge e = w->edges.items[edges[i]];
        e.u = point_index[e.u], e.v = point_index[e.v];
        e.prov = part_prov(w, n, prov_map, &touched, e.prov);
        kj_vec_push(&n->edges, e);
        kj_vec_push(&eo, edges[i]);
    }
    for (int i = 0; i < n_disjs; i++) {
        int d = disjs[i];
        kj_disj nd = w->disjs.items[d];
        nd.first_alt = n->alts.n;
        nd.prov = part_prov(w, n, prov_map, &touched, nd.prov);
        for (int a = 0; a < nd.n_alts; a++) {
            kj_alt al = w->alts.items[w->disjs.items[d].first_alt + a];
            int first = al.first;
            al.first = n->alt_edges.n;
            for (int k = 0; k < al.n; k++) {
                kj_edge e = w->alt_edges.items[first + k];
                e.u = point_index[e.u], e.v = point_index[e.v];
                e.prov = part_prov(w, n, prov_map, &touched, e.prov);
                kj_vec_push(&n->alt_edges, e);
                kj_vec_push(&ao, first + k);
            }
            kj_vec_push(&n->alts, al);
        }
        kj_vec_push(&n->disjs, nd);
        kj_vec_push(&dof, d);
    }
    pt->edge_of = eo.items, pt->alt_edge_of = ao.items, pt->disj_of = dof.items;
    for (int i = 0; i < touched.n; i++) prov_map[touched.items[i]] = -1;
    free(touched.items);
}


/* The statements a part's constraints rest on (mark[] is all 0 before and after). */
static void part_scope(const kj_network *n, unsigned char *mark, int_vec *scope)
{
    scope->n = 0;
    for (int pass = 0; pass < 3; pass++) {
        int count = pass == 0 ? n->edges.n : pass == 1 ? n->alt_edges.n : n->disjs.n;
        for (int i = 0; i < count; i++) {
            int pv = pass == 0 ? n->edges.items[i].prov : pass == 1 ? n->alt_edges.items[i].prov : n->disjs.items[i].prov;
            if (pv < 0) continue;
            const kj_prov *p = &n->provs.items[pv];
            for (int j = 0; j < p->n; j++)
                if (!mark[p->stmts[j]]) {
                    mark[p->stmts[j]] = 1;
                    kj_vec_push(scope, p->stmts[j]);
                }
        }
    }
    for (int i = 0; i < scope->n; i++) mark[scope->items[i]] = 0;
}

static void part_free(part *pt)
{
    free(pt->net.points.items), free(pt->net.edges.items), free(pt->net.alt_edges.items);
    free(pt->net.alts.items), free(pt->net.disjs.items), free(pt->net.provs.items), free(pt->net.capped.items);
    free(pt->edge_of), free(pt->alt_edge_of), free(pt->disj_of);
}

/* What every part's search shares (read only): the whole network and its
 * parts' points, base edges and disjunctions, by root. */
typedef struct parts_shared {
    const kj_network *w;
    const int *index, *p_ord, *p_st, *e_ord, *e_st, *d_ord, *d_st;
    unsigned char *keep;         /* parts' statements are disjoint: each part writes its own */
    const int *roots; int n_roots;
} parts_shared;

/* One searcher's own state: a checker of its own (enabled statements,
 * conflicts found, budget) over a report of its own (the network of the
 * part at hand, an arena for proofs, its flags), and scratch. */
typedef struct part_worker {
    kj_checker k;
    kj_report r;
    unsigned char *mark;
    int *prov_map;
    int_vec scope;
} part_worker;

static void worker_init(part_worker *wk, const kj_checker *k, kj_report *r, const kj_network *w)
{
    memset(wk, 0, sizeof *wk);
    wk->k = *k;
    wk->k.r = r;
    memset(&wk->k.found, 0, sizeof wk->k.found);
    wk->k.part_first = 0, wk->k.scope = NULL, wk->k.n_scope = 0;
    wk->k.scratch = (kj_arena){0};
    wk->k.solve = (kj_solve_scratch){0};
    wk->k.enabled = calloc((size_t)k->c->n_stmts + 1, 1);
    wk->mark = calloc((size_t)k->c->n_stmts + 1, 1);
    wk->prov_map = malloc(sizeof(int) * (size_t)(w->provs.n + 1));
    if (!wk->k.enabled || !wk->mark || !wk->prov_map) kj_bug("out of memory");
    for (int i = 0; i < w->provs.n; i++) wk->prov_map[i] = -1;
}

static void worker_free(part_worker *wk)
{
    free(wk->k.enabled), free(wk->mark), free(wk->prov_map), free(wk->scope.items);
    free(wk->k.found.items);
    kj_arena_free(&wk->k.scratch);
    kj_solve_scratch_free(&wk->k.solve);
}

/* Decides the part of root r (and, without keep, enumerates its
 * conflicts into k->found).  Returns 1 if it is not consistent. */
static int part_run(kj_checker *k, const parts_shared *sh, part_worker *wk, int r)
{
    const kj_network *w = sh->w;
    kj_network *was = k->r->net;
    part pt;
    part_build(w, sh->index, sh->p_ord + sh->p_st[r], sh->p_st[r + 1] - sh->p_st[r], sh->e_ord + sh->e_st[r],
               sh->e_st[r + 1] - sh->e_st[r], sh->d_ord + sh->d_st[r], sh->d_st[r + 1] - sh->d_st[r], wk->prov_map, &pt);
    int before = k->part_first = k->found.n;
    k->r->net = &pt.net;
    part_scope(&pt.net, wk->mark, &wk->scope);
    k->scope = wk->scope.items, k->n_scope = wk->scope.n;
    kj_solve_result res = kj_conflicts_decide(k);
    if (res.sat != KJ_SAT && sh->keep) {
        for (int i = sh->p_st[r]; i < sh->p_st[r + 1]; i++)
            if (w->points.items[sh->p_ord[i]].stmt >= 0) sh->keep[w->points.items[sh->p_ord[i]].stmt] = 1;
    } else if (res.sat != KJ_SAT) {
        kj_conflicts_enumerate(k);
    }
    k->r->net = was;
    k->scope = NULL;
    for (int f = before; f < k->found.n; f++) proof_to_whole(w, &pt, k->found.items[f].proof);
    part_free(&pt);
    return res.sat != KJ_SAT;
}

/* Parts searched by several threads: the parts are cut into chunks, taken
 * in turn; each chunk starts with the whole remaining budget and its
 * results are kept apart, then joined in chunk order, so the conflicts come
 * in the order one thread would have found them.  If a chunk ran out of
 * budget, or all chunks together used more than there was, one thread
 * would have run out somewhere: then nothing of this is used and the parts
 * are searched again by one thread (returns 0). */
typedef struct chunk_result {
    KJ_VEC(kj_conflict) found;
    long used;
    int not_sat, undecided, incomplete;
} chunk_result;

typedef struct parts_pool {
    kj_checker *k;
    const parts_shared *sh;
    int per_chunk, n_chunks, next;
    chunk_result *results;
    pthread_mutex_t lock;
} parts_pool;

typedef struct pool_worker {
    parts_pool *pool;
    part_worker wk;
    pthread_t thread;
} pool_worker;

static void *pool_main(void *arg)
{
    pool_worker *pw = arg;
    parts_pool *pool = pw->pool;
    part_worker *wk = &pw->wk;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        int ch = pool->next < pool->n_chunks ? pool->next++ : -1;
        pthread_mutex_unlock(&pool->lock);
        if (ch < 0) return NULL;
        chunk_result *cr = &pool->results[ch];
        long budget = wk->k.budget = pool->k->budget;
        memset(&wk->k.found, 0, sizeof wk->k.found);
        wk->r.undecided = wk->r.incomplete = 0;
        int from = ch * pool->per_chunk, to = from + pool->per_chunk;
        if (to > pool->sh->n_roots) to = pool->sh->n_roots;
        for (int i = from; i < to; i++) cr->not_sat += part_run(&wk->k, pool->sh, wk, pool->sh->roots[i]);
        cr->found.items = wk->k.found.items, cr->found.n = wk->k.found.n, cr->found.cap = wk->k.found.cap;
        memset(&wk->k.found, 0, sizeof wk->k.found);
        cr->used = budget - wk->k.budget;
        cr->undecided = wk->r.undecided, cr->incomplete = wk->r.incomplete;
    }
}


static int parts_parallel(kj_checker *k, const parts_shared *sh, int *not_sat, void (*meanwhile)(void *), void *arg)
{
    int n_threads = k->c->rt.threads; /* (and one for a few parts: not worth threads) */
    if (n_threads < 2 || sh->n_roots < 16) return 0;
    parts_pool pool = {k, sh, 0, 0, 0, NULL, PTHREAD_MUTEX_INITIALIZER};
    pool.per_chunk = sh->n_roots / (n_threads * 16);
    if (pool.per_chunk < 1) pool.per_chunk = 1;
    pool.n_chunks = (sh->n_roots + pool.per_chunk - 1) / pool.per_chunk;
    pool.results = calloc((size_t)pool.n_chunks, sizeof(chunk_result));
    pool_worker *pws = calloc((size_t)n_threads, sizeof(pool_worker));
    if (!pool.results || !pws) kj_bug("out of memory");
    int started = 0;
    for (int t = 0; t < n_threads; t++) {
        pool_worker *pw = &pws[started];
        pw->pool = &pool;
        worker_init(&pw->wk, k, &pw->wk.r, k->r->net);
        pw->wk.r.net = k->r->net;
        if (pthread_create(&pw->thread, NULL, pool_main, pw) == 0) started++;
        else worker_free(&pw->wk);
    }
    if (started && meanwhile) meanwhile(arg);
    for (int t = 0; t < started; t++) pthread_join(pws[t].thread, NULL);
    long used = 0;
    int ran_out = !started || pool.next < pool.n_chunks;
    for (int ch = 0; ch < pool.n_chunks; ch++) used += pool.results[ch].used, ran_out |= pool.results[ch].undecided;
    ran_out |= used > k->budget;
    for (int ch = 0; ch < pool.n_chunks; ch++) {
        chunk_result *cr = &pool.results[ch];
        for (int f = 0; !ran_out && f < cr->found.n; f++) kj_vec_push(&k->found, cr->found.items[f]);
        if (!ran_out) *not_sat += cr->not_sat, k->r->incomplete |= cr->incomplete;
        free(cr->found.items);
    }
    if (ran_out && sh->keep) /* as before: the one thread marks again */
        for (int i = 0; i < sh->n_roots; i++) {
            int r = sh->roots[i];
            for (int p = sh->p_st[r]; p < sh->p_st[r + 1]; p++)
                if (sh->w->points.items[sh->p_ord[p]].stmt >= 0) sh->keep[sh->w->points.items[sh->p_ord[p]].stmt] = 0;
        }
    if (!ran_out) k->budget -= used;
    for (int t = 0; t < started; t++) {
        /* the proofs live in the searchers' arenas: the report keeps them */
        kj_arena_adopt(&k->r->arena, &pws[t].wk.r.arena);
        worker_free(&pws[t].wk);
    }
    pthread_mutex_destroy(&pool.lock);
    free(pool.results), free(pws);
    return !ran_out;
}

/* Enumerates the conflicts of the whole network part by part; or, with
 * keep, only marks the claims and facts of the parts that are inconsistent
 * (on the pruned network: the full one is then built for those alone). */
static int enumerate_parts(kj_checker *k, unsigned char *keep, void (*meanwhile)(void *), void *arg)
{
    int not_sat = 0;
    kj_network *w = k->r->net;
    kj_case *c = k->c;
    int np = w->points.n;
    int *up = malloc(sizeof(int) * (size_t)(np + 1));
    int *root = malloc(sizeof(int) * (size_t)(np + 1));
    int *index = malloc(sizeof(int) * (size_t)(np + 1));
    int *disj_root = malloc(sizeof(int) * (size_t)(w->disjs.n + 1));
    unsigned char *has_claim = calloc((size_t)np + 1, 1);
    if (!up || !root || !index || !disj_root || !has_claim) kj_bug("out of memory");
    for (int i = 0; i < np; i++) up[i] = i;
    for (int i = 0; i < w->edges.n; i++) {
        const kj_edge *e = &w->edges.items[i];
        uf_union(up, e->u, e->v);
        /* an edge that cites a claim or fact without touching its points
         * (a claim `during` a fact: within the fact's widest reading, an
         * edge to Z) is in that statement's part: a part keeps, and is
         * searched with, only the statements of its own points */
        int at = e->u ? e->u : e->v;
        if (at && e->prov >= 0) {
            const kj_prov *pv = &w->provs.items[e->prov];
            for (int j = 0; j < pv->n; j++)
                if (w->stmt_start[pv->stmts[j]] > 0) uf_union(up, at, w->stmt_start[pv->stmts[j]]);
        }
    }
    for (int d = 0; d < w->disjs.n; d++) { /* a disjunction is one constraint: its points are one part */
        const kj_disj *dj = &w->disjs.items[d];
        int first = -1;
        for (int a = 0; a < dj->n_alts; a++) {
            const kj_alt *al = &w->alts.items[dj->first_alt + a];
            for (int e = al->first; e < al->first + al->n; e++) {
                const kj_edge *ed = &w->alt_edges.items[e];
                uf_union(up, ed->u, ed->v);
                int p = ed->u ? ed->u : ed->v;
                if (p && first < 0) first = p;
                if (p && first >= 0) uf_union(up, first, p);
            }
        }
    }
    for (int i = 1; i < np; i++) {
        root[i] = uf_find(up, i);
        index[i] = 0;
    }
    root[0] = -1, index[0] = 0;
    /* number each part's points in order (Z is 0 in every part) */
    int *next = calloc((size_t)np + 1, sizeof(int));
    if (!next) kj_bug("out of memory");
    for (int i = 1; i < np; i++) index[i] = ++next[root[i]];
    for (int d = 0; d < w->disjs.n; d++) {
        disj_root[d] = -1;
        const kj_disj *dj = &w->disjs.items[d];
        for (int a = 0; a < dj->n_alts && disj_root[d] < 0; a++) {
            const kj_alt *al = &w->alts.items[dj->first_alt + a];
            for (int e = al->first; e < al->first + al->n && disj_root[d] < 0; e++) {
                const kj_edge *ed = &w->alt_edges.items[e];
                if (ed->u || ed->v) disj_root[d] = root[ed->u ? ed->u : ed->v];
            }
        }
    }
    for (int i = 1; i < np; i++)
        if (w->points.items[i].stmt >= 0 && c->kinds[w->points.items[i].stmt] == ST_CLAIM) has_claim[root[i]] = 1;
    /* each part's points, base edges and disjunctions, by root */
    int *edge_root = malloc(sizeof(int) * (size_t)(w->edges.n + 1));
    if (!edge_root) kj_bug("out of memory");
    for (int i = 0; i < w->edges.n; i++) {
        const kj_edge *e = &w->edges.items[i];
        edge_root[i] = e->u ? root[e->u] : e->v ? root[e->v] : -1;
    }
    int *p_ord, *p_st, *e_ord, *e_st, *d_ord, *d_st;
    root[0] = -1;
    bucket(root, np, np, &p_ord, &p_st);
    bucket(edge_root, w->edges.n, np, &e_ord, &e_st);
    bucket(disj_root, w->disjs.n, np, &d_ord, &d_st);
    /* parts in the order of their first point: deterministic */
    int_vec roots = {0};
    for (int r = 1; r < np; r++)
        if (root[r] == r && has_claim[r]) kj_vec_push(&roots, r);
    parts_shared sh = {w, index, p_ord, p_st, e_ord, e_st, d_ord, d_st, keep, roots.items, roots.n};
    if (!parts_parallel(k, &sh, &not_sat, meanwhile, arg)) { /* one searcher: this thread, on the report itself */
        part_worker wk;
        worker_init(&wk, k, k->r, w);
        wk.k.found = k->found;
        for (int i = 0; i < roots.n; i++) not_sat += part_run(&wk.k, &sh, &wk, roots.items[i]);
        k->budget = wk.k.budget, k->found = wk.k.found;
        memset(&wk.k.found, 0, sizeof wk.k.found);
        worker_free(&wk);
    }
    free(roots.items);
    free(edge_root), free(p_ord), free(p_st), free(e_ord), free(e_st), free(d_ord), free(d_st);
    free(next);
    free(up), free(root), free(index), free(disj_root), free(has_claim);
    return not_sat;
}

/* ---- pieces: a big case's pruned network, built a piece at a time -------------
 *
 * A point's constraints link it to the points of the same person's
 * presences (claims, facts, people met), of the claims its sequence or
 * "during" clause names, and to Z: so the statements of people no clause
 * links have no point in common but Z, and the parts of the network lie
 * within such groups.  The groups' statements are merged into blocks of
 * consecutive indices, and the blocks into pieces of about rt.piece_points claims and
 * facts: building the pruned network of each piece in turn (of the kept
 * statements, in order) gives each part exactly the network the whole
 * case's would, and the parts come in the same order (their first points'
 * statements' order), so the search is the same one, budget and all (but
 * for a negative cycle among the base edges: it stops the pruning of its
 * own piece only, not of the whole case); only one piece's network is in
 * memory at a time.  Where an unlocated place
 * anchors a journey to someone else's facts (anchored_travel), or for the
 * HTML chart (which draws every claim from the network), the case is one
 * piece. */

/* (over statements: a reference not resolved links nothing) */
static void stmt_union(int *up, int a, int b)
{
    if (a >= 0 && b >= 0) uf_link(up, a, b);
}

/* Fills cuts[0..n] (statement indices: piece p is cuts[p] .. cuts[p+1]-1)
 * and returns n, the number of pieces; 1 when the case is not cut. */
int kj_network_pieces(const kj_case *c, int whole, int **cuts_out)
{
    long size = c->rt.piece_points;
    int n = c->n_stmts, n_points = 0, one = whole;
    for (int i = 0; i < n; i++) n_points += c->kinds[i] == ST_CLAIM || c->kinds[i] == ST_FACT;
    one |= kj_network_anchors(c);
    int *cuts = malloc(sizeof(int) * (size_t)(n / size + 3));
    if (!cuts) kj_bug("out of memory");
    *cuts_out = cuts;
    cuts[0] = 0, cuts[1] = n;
    if (one || n_points <= size) return 1;
    int *up = malloc(sizeof(int) * (size_t)(n + 1)), *last = malloc(sizeof(int) * (size_t)(n + 1));
    if (!up || !last) kj_bug("out of memory");
    for (int i = 0; i < n; i++) up[i] = i, last[i] = -1;
    for (int i = 0; i < n; i++) {
        if (c->kinds[i] != ST_CLAIM && c->kinds[i] != ST_FACT) continue;
        const kj_stmt *s = &c->stmts[i];
        stmt_union(up, i, s->person.idx);
        for (int k = 0; k < s->cx->n_others; k++) stmt_union(up, i, s->cx->others[k].idx);
        stmt_union(up, i, s->cx->seq_ref.idx);
        stmt_union(up, i, s->cx->during.idx);
    }
    /* each group's last claim or fact; a block ends where no group that
     * began before goes on */
    for (int i = 0; i < n; i++)
        if (c->kinds[i] == ST_CLAIM || c->kinds[i] == ST_FACT) last[uf_find(up, i)] = i;
    int n_cuts = 1, reach = -1, in_piece = 0;
    for (int i = 0; i < n; i++) {
        if (c->kinds[i] != ST_CLAIM && c->kinds[i] != ST_FACT) continue;
        if (i > reach && in_piece >= size) cuts[n_cuts++] = i, in_piece = 0;
        int l = last[uf_find(up, i)];
        if (l > reach) reach = l;
        in_piece++;
    }
    cuts[n_cuts] = n;
    free(up), free(last);
    return n_cuts;
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
     * (kj_network_pieces), and the report keeps a network of its own
     * (adopt_conflicts). */
    unsigned char *keep = calloc((size_t)c->n_stmts + 1, 1);
    int *matched = malloc(sizeof(int) * ((size_t)c->n_stmts + 1)); /* corroboration of the claims left out */
    if (!keep || !matched) kj_bug("out of memory");
    int whole = opts && opts->whole_network;
    int *cuts, n_pieces = kj_network_pieces(c, whole, &cuts);
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
        inconsistent_parts += enumerate_parts(&k, keep, NULL, NULL);
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
            enumerate_parts(&k, NULL, phrase_questions, &qa);
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
            enumerate_parts(&k, NULL, qa.job ? NULL : phrase_questions, &qa);
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
