/* conflicts — the minimal conflicts of a network (design.md §4).  Input: a
 * checker over the report's network of the moment (a part's, parts.c);
 * output: conflicts with proofs, found in the order a hitting-set tree
 * over the statements (Reiter 1987) meets them, each explanation shrunk to
 * a minimal set by QuickXplain (Junker 2004); at the end, the conflicts
 * that involve a claim, sorted, are the report's. */
#include <string.h>

#include "conflicts.h"

typedef KJ_VEC(int) int_vec;

int kj_conflicts_stmt_order(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The presence pairs one person may have in a network: a quarter of the
 * search budget (default 250,000, about 270 MB), never fewer than 64. */
static long max_pairs_of(long budget) { return budget / 4 > 64 ? budget / 4 : 64; }

kj_checker kj_conflicts_checker(kj_mem *mem, kj_case *c, kj_report *r, long budget, int hypotheses)
{
    kj_checker k = {.mem = mem, .c = c, .ir = kj_ir_build_ex(mem, c, hypotheses), .r = r, .budget = budget,
                    .scratch = KJ_ARENA(mem)};
    k.max_pairs = max_pairs_of(k.budget);
    return k;
}

kj_network *kj_conflicts_network(kj_mem *mem, const kj_ir *ir, kj_net_kind kind, const unsigned char *keep, long max_pairs)
{
    return kj_network_build_ex(mem, ir, kind == KJ_NET_PRUNED, keep, max_pairs);
}

/* Decides all statements minus `removed` (sorted ids). */
static kj_solve_result decide(kj_checker *k, const int *removed, int n_removed, const int *only, int n_only, int proof)
{
    kj_case *c = k->c;
    if (k->scope) { /* a part: only its statements can matter */
        for (int i = 0; i < k->n_scope; i++) k->enabled[k->scope[i]] = !only;
        for (int i = 0; only && i < n_only; i++) k->enabled[only[i]] = 1;
    } else if (only) {
        memset(k->enabled, 0, (size_t)c->n_stmts);
        for (int i = 0; i < n_only; i++) k->enabled[only[i]] = 1;
    } else {
        memset(k->enabled, 1, (size_t)c->n_stmts);
    }
    for (int i = 0; i < n_removed; i++) k->enabled[removed[i]] = 0;
    /* a search without proof still writes the refutations it meets (their
     * cycles) to the arena: its results last until the next such search */
    if (!proof) kj_arena_free(&k->scratch);
    kj_solve_result res = kj_solve_with(k->mem, k->r->net, c, k->enabled, &k->budget,
                                        proof ? &k->r->arena : &k->scratch, proof, &k->solve);
    if (res.sat == KJ_UNKNOWN) k->r->undecided = 1;
    return res;
}

kj_solve_result kj_conflicts_decide(kj_checker *k) { return decide(k, NULL, 0, NULL, 0, 0); }

typedef struct qx {
    kj_checker *k;
    int_vec scratch;
} qx;

/* Is background ∪ extra inconsistent? */
static int inconsistent(qx *q, const int_vec *background, const int *extra, int n_extra)
{
    q->scratch.n = 0;
    for (int i = 0; i < background->n; i++) kj_vec_put(q->k->mem, &q->scratch, background->items[i]);
    for (int i = 0; i < n_extra; i++) kj_vec_put(q->k->mem, &q->scratch, extra[i]);
    kj_solve_result r = decide(q->k, NULL, 0, q->scratch.items, q->scratch.n, 0);
    return r.sat == KJ_UNSAT;
}

/* QuickXplain (Junker 2004): a minimal subset X of c[0..n) such that
 * background ∪ X is inconsistent, given that background ∪ c is.  `delta`
 * says whether background just grew (only then can it alone be
 * inconsistent).  Appends X to out. */
static void quickxplain(qx *q, int_vec *background, int delta, const int *c, int n, int_vec *out)
{
    if (delta && inconsistent(q, background, NULL, 0)) return;
    if (n == 1) {
        kj_vec_put(q->k->mem, out, c[0]);
        return;
    }
    int half = n / 2;
    const int *c1 = c, *c2 = c + half;
    int n1 = half, n2 = n - half;
    int mark = background->n;
    for (int i = 0; i < n1; i++) kj_vec_put(q->k->mem, background, c1[i]);
    int_vec x2 = {0};
    quickxplain(q, background, n1 > 0, c2, n2, &x2);
    background->n = mark;
    for (int i = 0; i < x2.n; i++) kj_vec_put(q->k->mem, background, x2.items[i]);
    quickxplain(q, background, x2.n > 0, c1, n1, out);
    background->n = mark;
    for (int i = 0; i < x2.n; i++) kj_vec_put(q->k->mem, out, x2.items[i]);
    kj_free(x2.items);
}

/* Shrinks an inconsistent set to a minimal one (removing any statement
 * restores consistency) by QuickXplain, then re-decides the minimal set to
 * get its proof. */
static kj_solve_result shrink(kj_checker *k, kj_solve_result res)
{
    qx q = {.k = k};
    int_vec background = {0}, out = {0};
    quickxplain(&q, &background, 0, res.stmts, res.n_stmts, &out);
    qsort(out.items, (size_t)out.n, sizeof(int), kj_conflicts_stmt_order);
    kj_solve_result fin = decide(k, NULL, 0, out.items, out.n, 1);
    kj_free(q.scratch.items);
    kj_free(background.items);
    kj_free(out.items);
    if (fin.sat == KJ_SAT) kj_bug(k->mem, "QuickXplain returned a consistent set");
    return fin.sat == KJ_UNSAT ? fin : res; /* out of budget: keep the unshrunk proof */
}

static int same_set(const int *a, int na, const int *b, int nb)
{
    return na == nb && !memcmp(a, b, sizeof(int) * (size_t)na);
}

static int subset(const int *a, int na, const int *b, int nb)
{
    int j = 0;
    for (int i = 0; i < na; i++) {
        while (j < nb && b[j] < a[i]) j++;
        if (j == nb || b[j] != a[i]) return 0;
    }
    return 1;
}

static int edge_kind_rank(kj_edge_kind e)
{
    switch (e) {
    case EK_LIFETIME: return CK_EXISTENCE;
    case EK_REGISTER: return CK_REGISTER;
    case EK_PRESENCE: return CK_PRESENCE;
    case EK_TRAVEL: return CK_TRAVEL;
    case EK_DURATION: return CK_DURATION;
    default: return CK_ORDER;
    }
}

static void proof_kinds(const kj_network *net, const kj_proof *p, int *best)
{
    if (!p) return;
    if (p->disj >= 0) {
        int k = (int)net->disjs.items[p->disj].kind;
        if (k > *best) *best = k;
        for (int i = 0; i < p->n_kids; i++) proof_kinds(net, p->kids[i], best);
        return;
    }
    for (int i = 0; i < p->n_edges; i++) {
        int k = edge_kind_rank(p->edges[i]->kind);
        if (k > *best) *best = k;
    }
}

/* The claim a conflict is reported at: the one its deciding disjunction is
 * about, or the first claim behind its strongest kind of edge. */
static int principal_claim(const kj_case *c, const kj_network *net, const kj_proof *p, int kind)
{
    if (!p) return -1;
    if (p->disj >= 0) return net->disjs.items[p->disj].claim;
    for (int i = 0; i < p->n_edges; i++) {
        if (edge_kind_rank(p->edges[i]->kind) != kind) continue;
        const kj_prov *pr = &net->provs.items[p->edges[i]->prov];
        for (int k = 0; k < pr->n; k++)
            if (c->stmts[pr->stmts[k]].kind == ST_CLAIM) return pr->stmts[k];
    }
    return -1;
}

static void record(kj_checker *k, kj_solve_result res)
{
    kj_case *c = k->c;
    if (!res.proof) {
        /* decided without a proof (the budget ran out while shrinking) */
        kj_solve_result p = decide(k, NULL, 0, res.stmts, res.n_stmts, 1);
        if (p.sat != KJ_UNSAT || !p.proof) {
            /* the budget ran out before the proof: a conflict that cannot be
             * shown is not reported, and then the case is undecided, never
             * "consistent" (issue 19 review: --max-branches 1 said exit 0) */
            k->r->incomplete = 1;
            k->r->undecided = 1;
            return;
        }
        res = p;
    }
    /* found before in this part?  (Another part's conflict cannot be the
     * same set if it holds a claim: a claim's two points are linked, so its
     * constraints are all in one part.  A set without a claim may recur in
     * two parts, a "throughout" fact's ends being apart, but such sets are
     * not reported.) */
    for (int i = k->part_first; i < k->found.n; i++)
        if (same_set(k->found.items[i].stmts, k->found.items[i].n, res.stmts, res.n_stmts)) return;
    kj_conflict cf = {0};
    cf.stmts = res.stmts;
    cf.n = res.n_stmts;
    cf.proof = res.proof;
    cf.margin_s = kj_proof_margin(res.proof);
    int kind = CK_ORDER;
    proof_kinds(k->r->net, res.proof, &kind);
    cf.kind = (kj_conflict_kind)kind;
    cf.claim = principal_claim(k->c, k->r->net, res.proof, kind);
    for (int i = 0; i < res.n_stmts && cf.claim < 0; i++)
        if (c->stmts[res.stmts[i]].kind == ST_CLAIM) cf.claim = res.stmts[i];
    kj_vec_put(k->mem, &k->found, cf);
}

/* A copy of proof p in arena (its edges are the network's). */
static kj_proof *proof_copy(kj_arena *arena, const kj_proof *p)
{
    if (!p) return NULL;
    kj_proof *q = kj_arena_alloc(arena, sizeof *q);
    *q = *p;
    if (p->kids) {
        q->kids = kj_arena_alloc(arena, sizeof(kj_proof *) * (size_t)(p->n_kids + 1));
        for (int i = 0; i < p->n_kids; i++) q->kids[i] = proof_copy(arena, p->kids[i]);
    }
    if (p->edges) {
        q->edges = kj_arena_alloc(arena, sizeof(kj_edge *) * (size_t)(p->n_edges + 1));
        memcpy(q->edges, p->edges, sizeof(kj_edge *) * (size_t)p->n_edges);
    }
    return q;
}

/* ---- the hitting-set tree ------------------------------------------------------ */

typedef struct hs_node { int *removed; int n; } hs_node;
typedef KJ_VEC(hs_node) hs_vec;

/* Whether node qi is a superset of a consistent node (and so consistent)
 * or the same as an earlier node. */
static int node_pruned(const hs_vec *queue, const hs_vec *sat_nodes, int qi)
{
    const hs_node *nd = &queue->items[qi];
    int pruned = 0;
    for (int s = 0; s < sat_nodes->n && !pruned; s++)
        pruned = subset(sat_nodes->items[s].removed, sat_nodes->items[s].n, nd->removed, nd->n);
    for (int s = 0; s < qi && !pruned; s++)
        pruned = same_set(queue->items[s].removed, queue->items[s].n, nd->removed, nd->n);
    return pruned;
}

/* A conflict of this part found before that is disjoint from what node nd
 * removed (then nd is inconsistent by it), or a result KJ_SAT. */
static kj_solve_result known_conflict(const kj_checker *k, const hs_node *nd)
{
    kj_solve_result res = {.sat = KJ_SAT};
    for (int f = k->part_first; f < k->found.n && res.sat != KJ_UNSAT; f++) {
        int disjoint = 1;
        for (int i = 0; i < nd->n && disjoint; i++)
            for (int j = 0; j < k->found.items[f].n; j++)
                if (k->found.items[f].stmts[j] == nd->removed[i]) { disjoint = 0; break; }
        if (disjoint) {
            res.sat = KJ_UNSAT;
            res.stmts = k->found.items[f].stmts;
            res.n_stmts = k->found.items[f].n;
        }
    }
    return res;
}

/* Queues node nd's children: each removes one more statement of conflict
 * res (the removed lists stay sorted). */
static void push_children(kj_checker *k, hs_vec *queue, hs_node nd, const kj_solve_result *res)
{
    for (int i = 0; i < res->n_stmts; i++) {
        hs_node child = {.removed = kj_arena_alloc(&k->r->arena, sizeof(int) * (size_t)(nd.n + 1)), .n = nd.n + 1};
        int m = 0, added = 0;
        for (int j = 0; j < nd.n; j++) {
            if (!added && res->stmts[i] < nd.removed[j]) {
                child.removed[m++] = res->stmts[i];
                added = 1;
            }
            child.removed[m++] = nd.removed[j];
        }
        if (!added) child.removed[m++] = res->stmts[i];
        kj_vec_put(k->mem, queue, child);
    }
}

/* Enumerates minimal conflicts: each node removes a set of statements; an
 * inconsistent node yields a minimal conflict M, and its children remove
 * one more statement of M each.  Nodes that are supersets of a consistent
 * node are consistent and skipped. */
void kj_conflicts_enumerate(kj_checker *k)
{
    hs_vec queue = {0}, sat_nodes = {0};
    hs_node root = {.removed = NULL, .n = 0};
    kj_vec_put(k->mem, &queue, root);
    int max_nodes = 2000, max_conflicts = 200;
    for (int qi = 0; qi < queue.n; qi++) {
        hs_node nd = queue.items[qi];
        if (qi >= max_nodes || k->found.n - k->part_first >= max_conflicts) { k->r->incomplete = 1; break; }
        if (node_pruned(&queue, &sat_nodes, qi)) continue;
        /* reuse a known conflict disjoint from what this node removed */
        kj_solve_result res = known_conflict(k, &nd);
        if (res.sat != KJ_UNSAT) {
            res = decide(k, nd.removed, nd.n, NULL, 0, 0);
            if (res.sat == KJ_SAT) { kj_vec_put(k->mem, &sat_nodes, nd); continue; }
            if (res.sat == KJ_UNKNOWN) continue;
            int *stmts = kj_arena_alloc(&k->r->arena, sizeof(int) * (size_t)(res.n_stmts + 1)); /* (shrink searches again) */
            if (res.n_stmts) memcpy(stmts, res.stmts, sizeof(int) * (size_t)res.n_stmts);
            res.stmts = stmts;
            res.proof = proof_copy(&k->r->arena, res.proof);
            res = shrink(k, res);
            record(k, res);
        }
        push_children(k, &queue, nd, &res);
    }
    kj_free(queue.items);
    kj_free(sat_nodes.items);
}

static int cmp_conflict(const void *a, const void *b)
{
    const kj_conflict *x = a, *y = b;
    if (x->claim != y->claim) return (x->claim > y->claim) - (x->claim < y->claim);
    if (x->kind != y->kind) return (int)y->kind - (int)x->kind;
    for (int i = 0; i < x->n && i < y->n; i++)
        if (x->stmts[i] != y->stmts[i]) return (x->stmts[i] > y->stmts[i]) - (x->stmts[i] < y->stmts[i]);
    return (x->n > y->n) - (x->n < y->n);
}

void kj_conflicts_finish(kj_checker *k)
{
    kj_report *r = k->r;
    /* keep only conflicts that involve a claim */
    int n = 0;
    for (int i = 0; i < k->found.n; i++)
        if (k->found.items[i].claim >= 0) k->found.items[n++] = k->found.items[i];
    k->found.n = n;
    if (n) qsort(k->found.items, (size_t)n, sizeof(kj_conflict), cmp_conflict);
    r->conflicts = kj_arena_alloc(&r->arena, sizeof(kj_conflict) * (size_t)(n + 1));
    if (n) memcpy(r->conflicts, k->found.items, sizeof(kj_conflict) * (size_t)n);
    r->n_conflicts = n;
    kj_free(k->found.items);
    memset(&k->found, 0, sizeof k->found);
}
