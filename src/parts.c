/* parts — a network cut into independent parts, a case into pieces.
 * Input: the report's network of the moment (or, for the pieces, the case);
 * output: the conflicts of its inconsistent parts in the checker's list, or
 * the statements of those parts (or the cuts between pieces).
 *
 * Time points that no constraint links (other than through the origin Z,
 * which is the constant 0) are independent: the case is consistent iff each
 * part is, and a minimal conflict lies within one part.  So conflicts are
 * enumerated part by part, each on a network of its own: the hitting-set
 * tree of one part does not multiply with another's, and each solver call
 * is as small as its part.  Parts without a claim are skipped (only
 * conflicts that involve a claim are reported).
 *
 * Statements that no clause links have no point in common but Z: a big
 * case is cut along them into pieces, whose networks are built one at a
 * time (kj_parts_pieces).  One union-find serves both: over the points of
 * a network, over the statements of a case. */
#include <string.h>

#include "adopt.h"
#include "pool.h"
#include "stmt.h"

typedef KJ_VEC(int) int_vec;

/* ---- union-find ------------------------------------------------------------------ */

static int uf_find(int *up, int x)
{
    while (up[x] != x) x = up[x] = up[up[x]];
    return x;
}

/* Joins a's set and b's (the smaller index is the root). */
static void uf_link(int *up, int a, int b)
{
    a = uf_find(up, a);
    b = uf_find(up, b);
    if (a != b) up[a > b ? a : b] = a < b ? a : b;
}

/* (over points: Z links nothing) */
static void point_union(int *up, int a, int b)
{
    if (a == 0 || b == 0) return;
    uf_link(up, a, b);
}

/* (over statements: a reference not resolved links nothing) */
static void stmt_union(int *up, int a, int b)
{
    if (a >= 0 && b >= 0) uf_link(up, a, b);
}

void kj_parts_bucket(kj_mem *mem, const int *key, int n, int n_keys, int **order, int **start)
{
    int *st = kj_calloc(mem, (size_t)n_keys + 2, sizeof(int)), *ord = kj_malloc(mem, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        if (key[i] >= 0) st[key[i] + 1]++;
    for (int k = 0; k < n_keys; k++) st[k + 1] += st[k];
    int *fill = kj_malloc(mem, sizeof(int) * (size_t)(n_keys + 1));
    memcpy(fill, st, sizeof(int) * (size_t)(n_keys + 1));
    for (int i = 0; i < n; i++)
        if (key[i] >= 0) ord[fill[key[i]]++] = i;
    kj_free(fill);
    *order = ord;
    *start = st;
}

/* ---- one part's network ------------------------------------------------------------ */

/* What every part's search shares (read only): the whole network and its
 * parts' points, base edges and disjunctions, by root. */
typedef struct parts_shared {
    const kj_network *w;
    const int *index;            /* per point: its number in its part (Z: 0) */
    const int *p_ord, *p_st, *e_ord, *e_st, *d_ord, *d_st;
    unsigned char *keep;         /* parts' statements are disjoint: each part writes its own */
    const int *roots; int n_roots;
} parts_shared;

/* The part's own copy of a provenance (prov_map: whole -> part index, -1
 * for none yet; the statement lists are shared, not copied). */
static int part_prov(kj_mem *mem, const kj_network *w, kj_network *n, int *prov_map, int_vec *touched, int pv)
{
    if (pv < 0) return pv;
    if (prov_map[pv] < 0) {
        prov_map[pv] = n->provs.n;
        kj_vec_put(mem, &n->provs, w->provs.items[pv]);
        kj_vec_put(mem, touched, pv);
    }
    return prov_map[pv];
}

/* The part's copy of the whole network's edge e (a base edge or an
 * alternative's): its points renumbered, its provenance the part's. */
static kj_edge part_edge(kj_mem *mem, const parts_shared *sh, kj_network *n, int *prov_map, int_vec *touched, kj_edge e)
{
    e.u = sh->index[e.u];
    e.v = sh->index[e.v];
    e.prov = part_prov(mem, sh->w, n, prov_map, touched, e.prov);
    return e;
}

/* The part's copy of the whole network's disjunction d, its alternatives
 * and their edges (the whole's index of each edge appended to alt_edge_of). */
static void part_disj(kj_mem *mem, const parts_shared *sh, kj_network *n, int *prov_map, int_vec *touched, int d,
                      int_vec *alt_edge_of)
{
    const kj_network *w = sh->w;
    kj_disj nd = w->disjs.items[d];
    nd.first_alt = n->alts.n;
    nd.prov = part_prov(mem, w, n, prov_map, touched, nd.prov);
    for (int a = 0; a < nd.n_alts; a++) {
        kj_alt al = w->alts.items[w->disjs.items[d].first_alt + a];
        int first = al.first;
        al.first = n->alt_edges.n;
        for (int k = 0; k < al.n; k++) {
            kj_edge e = part_edge(mem, sh, n, prov_map, touched, w->alt_edges.items[first + k]);
            kj_vec_put(mem, &n->alt_edges, e);
            kj_vec_put(mem, alt_edge_of, first + k);
        }
        kj_vec_put(mem, &n->alts, al);
    }
    kj_vec_put(mem, &n->disjs, nd);
}

/* The part of the whole network made of the points whose root is r, with
 * the whole network's base edges and disjunctions in it, built in mem's
 * call (the searcher's thread's). */
static void part_build(kj_mem *mem, const parts_shared *sh, int r, int *prov_map, kj_part *pt)
{
    const kj_network *w = sh->w;
    const int *points = sh->p_ord + sh->p_st[r], *edges = sh->e_ord + sh->e_st[r], *disjs = sh->d_ord + sh->d_st[r];
    int n_points = sh->p_st[r + 1] - sh->p_st[r], n_edges = sh->e_st[r + 1] - sh->e_st[r];
    int n_disjs = sh->d_st[r + 1] - sh->d_st[r];
    int_vec touched = {0};
    memset(pt, 0, sizeof *pt);
    kj_network *n = &pt->net;
    n->c = w->c;
    n->stmt_start = w->stmt_start;
    n->stmt_end = w->stmt_end;
    n->matched_entry = w->matched_entry;
    kj_vec_put(mem, &n->points, w->points.items[0]);
    for (int i = 0; i < n_points; i++) kj_vec_put(mem, &n->points, w->points.items[points[i]]);
    /* the part's statements whose presence pairs the network left out */
    for (int i = 0; w->capped.n && i < n_points; i++) {
        int st = w->points.items[points[i]].stmt;
        if (st >= 0 && bsearch(&st, w->capped.items, (size_t)w->capped.n, sizeof(int), kj_conflicts_stmt_order))
            kj_vec_put(mem, &n->capped, st);
    }
    int_vec eo = {0}, ao = {0}, dof = {0};
    for (int i = 0; i < n_edges; i++) {
        kj_edge e = part_edge(mem, sh, n, prov_map, &touched, w->edges.items[edges[i]]);
        kj_vec_put(mem, &n->edges, e);
        kj_vec_put(mem, &eo, edges[i]);
    }
    for (int i = 0; i < n_disjs; i++) {
        part_disj(mem, sh, n, prov_map, &touched, disjs[i], &ao);
        kj_vec_put(mem, &dof, disjs[i]);
    }
    pt->edge_of = eo.items;
    pt->alt_edge_of = ao.items;
    pt->disj_of = dof.items;
    for (int i = 0; i < touched.n; i++) prov_map[touched.items[i]] = -1;
    kj_free(touched.items);
}

/* The statements a part's constraints rest on (mark[] is all 0 before and after). */
static void part_scope(kj_mem *mem, const kj_network *n, unsigned char *mark, int_vec *scope)
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
                    kj_vec_put(mem, scope, p->stmts[j]);
                }
        }
    }
    for (int i = 0; i < scope->n; i++) mark[scope->items[i]] = 0;
}

static void part_free(kj_part *pt)
{
    kj_free(pt->net.points.items);
    kj_free(pt->net.edges.items);
    kj_free(pt->net.alt_edges.items);
    kj_free(pt->net.alts.items);
    kj_free(pt->net.disjs.items);
    kj_free(pt->net.provs.items);
    kj_free(pt->net.capped.items);
    kj_free(pt->edge_of);
    kj_free(pt->alt_edge_of);
    kj_free(pt->disj_of);
}

/* ---- searching the parts ------------------------------------------------------------ */

/* One searcher's own state: a checker of its own (enabled statements,
 * conflicts found, budget) over a report of its own (the network of the
 * part at hand, an arena for proofs, its flags), and scratch; all of it
 * in the kj_mem of the thread it searches in (k.mem). */
typedef struct part_worker {
    kj_checker k;
    kj_report r;
    unsigned char *mark;
    int *prov_map;
    int_vec scope;
} part_worker;

/* A searcher like k, in mem's call, searching network w into report r. */
static void worker_init(kj_mem *mem, part_worker *wk, const kj_checker *k, kj_report *r, const kj_network *w)
{
    memset(wk, 0, sizeof *wk);
    wk->k = *k;
    wk->k.mem = mem;
    wk->k.r = r;
    memset(&wk->k.found, 0, sizeof wk->k.found);
    wk->k.part_first = 0;
    wk->k.scope = NULL;
    wk->k.n_scope = 0;
    wk->k.scratch = KJ_ARENA(mem);
    wk->k.solve = (kj_solve_scratch){0};
    wk->k.enabled = kj_calloc(mem, (size_t)k->c->n_stmts + 1, 1);
    wk->mark = kj_calloc(mem, (size_t)k->c->n_stmts + 1, 1);
    wk->prov_map = kj_malloc(mem, sizeof(int) * (size_t)(w->provs.n + 1));
    for (int i = 0; i < w->provs.n; i++) wk->prov_map[i] = -1;
}

static void worker_free(part_worker *wk)
{
    kj_free(wk->k.enabled);
    kj_free(wk->mark);
    kj_free(wk->prov_map);
    kj_free(wk->scope.items);
    kj_free(wk->k.found.items);
    kj_arena_free(&wk->k.scratch);
    kj_solve_scratch_free(&wk->k.solve);
}

/* Decides the part of root r (and, without keep, enumerates its
 * conflicts into k->found).  Returns 1 if it is not consistent. */
static int part_run(kj_checker *k, const parts_shared *sh, part_worker *wk, int r)
{
    const kj_network *w = sh->w;
    kj_network *was = k->r->net;
    kj_part pt;
    part_build(k->mem, sh, r, wk->prov_map, &pt);
    int before = k->part_first = k->found.n;
    k->r->net = &pt.net;
    part_scope(k->mem, &pt.net, wk->mark, &wk->scope);
    k->scope = wk->scope.items;
    k->n_scope = wk->scope.n;
    kj_solve_result res = kj_conflicts_decide(k);
    if (res.sat != KJ_SAT && sh->keep) {
        for (int i = sh->p_st[r]; i < sh->p_st[r + 1]; i++)
            if (w->points.items[sh->p_ord[i]].stmt >= 0) sh->keep[w->points.items[sh->p_ord[i]].stmt] = 1;
    } else if (res.sat != KJ_SAT) {
        kj_conflicts_enumerate(k);
    }
    k->r->net = was;
    k->scope = NULL;
    for (int f = before; f < k->found.n; f++) kj_adopt_part_proof(w, &pt, k->found.items[f].proof);
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
    int per_chunk, n_chunks;
    chunk_result *results;       /* per chunk */
    part_worker *workers;        /* per thread */
} parts_pool;

/* Searches the parts of chunk ch (a job of the pool) with a worker's
 * state, from the whole remaining budget.  A worker's state is made by
 * its thread, at its first chunk, in the thread's kj_mem: its searches
 * grow and free it there while other threads search. */
static void chunk_run(void *ctx, kj_mem *mem, int worker, int ch)
{
    parts_pool *pool = ctx;
    part_worker *wk = &pool->workers[worker];
    chunk_result *cr = &pool->results[ch];
    if (!wk->k.mem) {
        worker_init(mem, wk, pool->k, &wk->r, pool->sh->w);
        wk->r.net = pool->k->r->net;
        wk->r.arena = KJ_ARENA(mem);
    }
    long budget = wk->k.budget = pool->k->budget;
    memset(&wk->k.found, 0, sizeof wk->k.found);
    wk->r.undecided = wk->r.incomplete = 0;
    int from = ch * pool->per_chunk, to = from + pool->per_chunk;
    if (to > pool->sh->n_roots) to = pool->sh->n_roots;
    for (int i = from; i < to; i++) cr->not_sat += part_run(&wk->k, pool->sh, wk, pool->sh->roots[i]);
    cr->found.items = wk->k.found.items;
    cr->found.n = wk->k.found.n;
    cr->found.cap = wk->k.found.cap;
    memset(&wk->k.found, 0, sizeof wk->k.found);
    cr->used = budget - wk->k.budget;
    cr->undecided = wk->r.undecided;
    cr->incomplete = wk->r.incomplete;
}

/* The chunks' results, joined in chunk order into k, unless the threads
 * ran out (ran_out: none started) or one thread would have run out of
 * budget somewhere: returns 1 then, and leaves k as it was but for keep,
 * unmarked for the one thread to mark again. */
static int chunks_join(const parts_pool *pool, int ran_out, int *not_sat)
{
    kj_checker *k = pool->k;
    const parts_shared *sh = pool->sh;
    long used = 0;
    for (int ch = 0; ch < pool->n_chunks; ch++) {
        used += pool->results[ch].used;
        ran_out |= pool->results[ch].undecided;
    }
    ran_out |= used > k->budget;
    for (int ch = 0; ch < pool->n_chunks; ch++) {
        chunk_result *cr = &pool->results[ch];
        for (int f = 0; !ran_out && f < cr->found.n; f++) kj_vec_put(k->mem, &k->found, cr->found.items[f]);
        if (!ran_out) {
            *not_sat += cr->not_sat;
            k->r->incomplete |= cr->incomplete;
        }
        kj_free(cr->found.items);
    }
    if (ran_out && sh->keep) /* as before: the one thread marks again */
        for (int i = 0; i < sh->n_roots; i++) {
            int r = sh->roots[i];
            for (int p = sh->p_st[r]; p < sh->p_st[r + 1]; p++)
                if (sh->w->points.items[sh->p_ord[p]].stmt >= 0) sh->keep[sh->w->points.items[sh->p_ord[p]].stmt] = 0;
        }
    if (!ran_out) k->budget -= used;
    return ran_out;
}

static int parts_parallel(kj_checker *k, const parts_shared *sh, int *not_sat, kj_pool_meanwhile *meanwhile, void *arg)
{
    int n_threads = k->c->rt.threads; /* (and one for a few parts: not worth threads) */
    if (n_threads < 2 || sh->n_roots < 16) return 0;
    parts_pool pool = {.k = k, .sh = sh};
    pool.per_chunk = sh->n_roots / (n_threads * 16);
    if (pool.per_chunk < 1) pool.per_chunk = 1;
    pool.n_chunks = (sh->n_roots + pool.per_chunk - 1) / pool.per_chunk;
    pool.results = kj_calloc(k->mem, (size_t)pool.n_chunks, sizeof(chunk_result));
    pool.workers = kj_calloc(k->mem, (size_t)n_threads, sizeof(part_worker)); /* (each made by its thread) */
    kj_pool_work work = {
        .threads = n_threads, .n_jobs = pool.n_chunks, .job = chunk_run, .ctx = &pool,
        .meanwhile = meanwhile, .arg = arg, .without_threads = KJ_POOL_ELSE_NOTHING,
    };
    int started = kj_pool_run(k->mem, &work); /* (with threads, every chunk ran; without, none did) */
    int ran_out = chunks_join(&pool, !started, not_sat);
    for (int t = 0; t < n_threads; t++) {
        /* the proofs live in the searchers' arenas, whose blocks are the
         * call's since the join: the report keeps them */
        kj_arena_adopt(&k->r->arena, &pool.workers[t].r.arena);
        worker_free(&pool.workers[t]);
    }
    kj_free(pool.results);
    kj_free(pool.workers);
    return !ran_out;
}

/* ---- finding the parts -------------------------------------------------------------- */

/* Joins the points of network w that a constraint links (up[] starts as
 * each point its own set). */
static void link_points(const kj_network *w, int *up)
{
    for (int i = 0; i < w->edges.n; i++) {
        const kj_edge *e = &w->edges.items[i];
        point_union(up, e->u, e->v);
        /* an edge that cites a claim or fact without touching its points
         * (a claim `during` a fact: within the fact's widest reading, an
         * edge to Z) is in that statement's part: a part keeps, and is
         * searched with, only the statements of its own points */
        int at = e->u ? e->u : e->v;
        if (at && e->prov >= 0) {
            const kj_prov *pv = &w->provs.items[e->prov];
            for (int j = 0; j < pv->n; j++)
                if (w->stmt_start[pv->stmts[j]] > 0) point_union(up, at, w->stmt_start[pv->stmts[j]]);
        }
    }
    for (int d = 0; d < w->disjs.n; d++) { /* a disjunction is one constraint: its points are one part */
        const kj_disj *dj = &w->disjs.items[d];
        int first = -1;
        for (int a = 0; a < dj->n_alts; a++) {
            const kj_alt *al = &w->alts.items[dj->first_alt + a];
            for (int e = al->first; e < al->first + al->n; e++) {
                const kj_edge *ed = &w->alt_edges.items[e];
                point_union(up, ed->u, ed->v);
                int p = ed->u ? ed->u : ed->v;
                if (p && first < 0) first = p;
                if (p && first >= 0) point_union(up, first, p);
            }
        }
    }
}

/* Each disjunction's part: the root of the first point of its edges, or -1. */
static void disj_roots(const kj_network *w, const int *root, int *disj_root)
{
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
}

/* Each base edge's part: the root of its point other than Z, or -1. */
static void edge_roots(const kj_network *w, const int *root, int *edge_root)
{
    for (int i = 0; i < w->edges.n; i++) {
        const kj_edge *e = &w->edges.items[i];
        edge_root[i] = e->u ? root[e->u] : e->v ? root[e->v] : -1;
    }
}

/* The parts of a network: what parts_shared shows of them, and what found
 * them, all of it held until the search is done (freed before, it leaves
 * holes that move where the searchers' memory lands, and the peak grows). */
typedef struct parts_index {
    int *up;                     /* per point: the union-find */
    int *root, *index;           /* per point: its part's root (Z: -1), its number in its part (Z: 0) */
    int *disj_root, *edge_root;  /* per disjunction, per base edge: its part's root, or -1 */
    unsigned char *has_claim;    /* per root */
    int *next;                   /* per root: its points numbered */
    int *p_ord, *p_st, *e_ord, *e_st, *d_ord, *d_st; /* by root: points, base edges, disjunctions */
    int_vec roots;               /* the parts with a claim, by their first point */
} parts_index;

/* Each point's root and number in its part (Z is 0 in every part). */
static void number_points(kj_mem *mem, const kj_network *w, parts_index *ix)
{
    int np = w->points.n;
    for (int i = 1; i < np; i++) {
        ix->root[i] = uf_find(ix->up, i);
        ix->index[i] = 0;
    }
    ix->root[0] = -1;
    ix->index[0] = 0;
    /* number each part's points in order (Z is 0 in every part) */
    ix->next = kj_calloc(mem, (size_t)np + 1, sizeof(int));
    for (int i = 1; i < np; i++) ix->index[i] = ++ix->next[ix->root[i]];
}

/* The parts of network w, in mem's call. */
static void parts_index_build(kj_mem *mem, const kj_case *c, const kj_network *w, parts_index *ix)
{
    int np = w->points.n;
    memset(ix, 0, sizeof *ix);
    ix->up = kj_malloc(mem, sizeof(int) * (size_t)(np + 1));
    ix->root = kj_malloc(mem, sizeof(int) * (size_t)(np + 1));
    ix->index = kj_malloc(mem, sizeof(int) * (size_t)(np + 1));
    ix->disj_root = kj_malloc(mem, sizeof(int) * (size_t)(w->disjs.n + 1));
    ix->has_claim = kj_calloc(mem, (size_t)np + 1, 1);
    for (int i = 0; i < np; i++) ix->up[i] = i;
    link_points(w, ix->up);
    number_points(mem, w, ix);
    disj_roots(w, ix->root, ix->disj_root);
    for (int i = 1; i < np; i++)
        if (w->points.items[i].stmt >= 0 && c->kinds[w->points.items[i].stmt] == ST_CLAIM) ix->has_claim[ix->root[i]] = 1;
    /* each part's points, base edges and disjunctions, by root */
    ix->edge_root = kj_malloc(mem, sizeof(int) * (size_t)(w->edges.n + 1));
    edge_roots(w, ix->root, ix->edge_root);
    kj_parts_bucket(mem, ix->root, np, np, &ix->p_ord, &ix->p_st);
    kj_parts_bucket(mem, ix->edge_root, w->edges.n, np, &ix->e_ord, &ix->e_st);
    kj_parts_bucket(mem, ix->disj_root, w->disjs.n, np, &ix->d_ord, &ix->d_st);
    /* parts in the order of their first point: deterministic */
    for (int r = 1; r < np; r++)
        if (ix->root[r] == r && ix->has_claim[r]) kj_vec_put(mem, &ix->roots, r);
}

static void parts_index_free(parts_index *ix)
{
    kj_free(ix->roots.items);
    kj_free(ix->edge_root);
    kj_free(ix->p_ord);
    kj_free(ix->p_st);
    kj_free(ix->e_ord);
    kj_free(ix->e_st);
    kj_free(ix->d_ord);
    kj_free(ix->d_st);
    kj_free(ix->next);
    kj_free(ix->up);
    kj_free(ix->root);
    kj_free(ix->index);
    kj_free(ix->disj_root);
    kj_free(ix->has_claim);
}

int kj_parts_enumerate(kj_checker *k, unsigned char *keep, kj_pool_meanwhile *meanwhile, void *arg)
{
    int not_sat = 0;
    kj_network *w = k->r->net;
    parts_index ix;
    parts_index_build(k->mem, k->c, w, &ix);
    parts_shared sh = {
        .w = w, .index = ix.index,
        .p_ord = ix.p_ord, .p_st = ix.p_st, .e_ord = ix.e_ord, .e_st = ix.e_st, .d_ord = ix.d_ord, .d_st = ix.d_st,
        .keep = keep, .roots = ix.roots.items, .n_roots = ix.roots.n,
    };
    if (!parts_parallel(k, &sh, &not_sat, meanwhile, arg)) { /* one searcher: this thread, on the report itself */
        part_worker wk;
        worker_init(k->mem, &wk, k, k->r, w);
        wk.k.found = k->found;
        for (int i = 0; i < sh.n_roots; i++) not_sat += part_run(&wk.k, &sh, &wk, sh.roots[i]);
        k->budget = wk.k.budget;
        k->found = wk.k.found;
        memset(&wk.k.found, 0, sizeof wk.k.found);
        worker_free(&wk);
    }
    parts_index_free(&ix);
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

int kj_parts_pieces(kj_mem *mem, const kj_case *c, int whole, int **cuts_out)
{
    long size = c->rt.piece_points;
    int n = c->n_stmts, n_points = 0, one = whole;
    for (int i = 0; i < n; i++) n_points += c->kinds[i] == ST_CLAIM || c->kinds[i] == ST_FACT;
    one |= kj_network_anchors(c);
    int *cuts = kj_malloc(mem, sizeof(int) * (size_t)(n / size + 3));
    *cuts_out = cuts;
    cuts[0] = 0;
    cuts[1] = n;
    if (one || n_points <= size) return 1;
    int *up = kj_malloc(mem, sizeof(int) * (size_t)(n + 1)), *last = kj_malloc(mem, sizeof(int) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        up[i] = i;
        last[i] = -1;
    }
    for (int i = 0; i < n; i++) {
        if (c->kinds[i] != ST_CLAIM && c->kinds[i] != ST_FACT) continue;
        const kj_stmt *s = &c->stmts[i];
        stmt_union(up, i, kj_stmt_person(s)->idx);
        if (c->kinds[i] == ST_FACT && s->fact->fact_kind == FACT_CUSTODY) stmt_union(up, i, s->fact->thing.idx);
        if (c->kinds[i] != ST_CLAIM) continue; /* what follows only a claim has */
        for (int k = 0; k < s->claim->n_others; k++) stmt_union(up, i, s->claim->others[k].idx);
        stmt_union(up, i, s->claim->party.idx); /* a message: its other person's presence and reach */
        stmt_union(up, i, s->claim->seq_ref.idx);
        stmt_union(up, i, s->claim->during.idx);
    }
    /* a custody assumed (or an owner's hypothesis) ties its holder to the
     * device's positions */
    for (int i = 0; i < n; i++)
        if (c->kinds[i] == ST_ASSUME && c->stmts[i].assume->thing.name)
            stmt_union(up, c->stmts[i].assume->target.idx, c->stmts[i].assume->thing.idx);
    /* each group's last claim or fact; a block ends where no group that
     * began before goes on */
    for (int i = 0; i < n; i++)
        if (c->kinds[i] == ST_CLAIM || c->kinds[i] == ST_FACT) last[uf_find(up, i)] = i;
    int n_cuts = 1, reach = -1, in_piece = 0;
    for (int i = 0; i < n; i++) {
        if (c->kinds[i] != ST_CLAIM && c->kinds[i] != ST_FACT) continue;
        if (i > reach && in_piece >= size) {
            cuts[n_cuts++] = i;
            in_piece = 0;
        }
        int l = last[uf_find(up, i)];
        if (l > reach) reach = l;
        in_piece++;
    }
    cuts[n_cuts] = n;
    kj_free(up);
    kj_free(last);
    return n_cuts;
}
