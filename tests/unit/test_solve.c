/* test_solve — the solver (kj_solve, kj_proof_margin) on networks built by
 * hand: a consistent chain, a negative cycle, disjunctions with one or no
 * consistent alternative, disabled statements, an exhausted budget, and a
 * seeded differential test against an independent brute force (every
 * combination of alternatives, Floyd–Warshall on each).
 *
 * kj_solve reads of the case only c->n_stmts; the tests still fill each
 * statement's kind, role, id and claim struct (unresolved, as parse.c
 * makes it) so the case looks like a real one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kj_test.h"
#include "stmt.h"
#include "solve.h"

#define BIG_BUDGET (1L << 30)

/* ---- building networks by hand ---------------------------------------------- */

typedef struct fixture {
    kj_arena arena;          /* provenance lists, names, solver output */
    kj_network *net;
    kj_case *c;
    unsigned char *enabled;  /* per statement; all 1 to start with */
} fixture;

static void fx_init(fixture *f, int n_points, int n_stmts)
{
    memset(f, 0, sizeof *f);
    f->arena = KJ_ARENA(kj_test_heap());
    f->net = kj_calloc(kj_test_heap(), 1, sizeof *f->net);
    f->c = calloc(1, sizeof *f->c);
    assert_non_null(f->net);
    assert_non_null(f->c);
    f->c->rt = kj_runtime_fill(&(kj_runtime){.apsp_max_points = test_apsp_max_points});
    for (int i = 0; i < n_points; i++) {
        kj_point p = {kj_arena_printf(&f->arena, "p%d", i), -1};
        kj_vec_put(kj_test_heap(), &f->net->points, p);
    }
    f->c->stmts = calloc((size_t)n_stmts + 1, sizeof(kj_stmt));
    assert_non_null(f->c->stmts);
    f->c->n_stmts = f->c->cap_stmts = n_stmts;
    for (int i = 0; i < n_stmts; i++) {
        f->c->stmts[i].kind = ST_CLAIM;
        f->c->stmts[i].role = ROLE_CLAIM;
        f->c->stmts[i].id = kj_arena_printf(&f->arena, "s%d", i);
        f->c->stmts[i].parent = -1;
        kj_stmt_body_attach(&f->c->stmts[i], kj_arena_alloc(&f->arena, kj_stmt_body_size(ST_CLAIM)));
    }
    f->enabled = malloc((size_t)n_stmts + 1);
    assert_non_null(f->enabled);
    memset(f->enabled, 1, (size_t)n_stmts + 1);
}

static void fx_free(fixture *f)
{
    kj_network_free(f->net);
    free(f->c->stmts);
    free(f->c);
    free(f->enabled);
    kj_arena_free(&f->arena);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A provenance: the statements (any order, repeats allowed), stored sorted
 * and unique as the solver expects.  Returns its index. */
static int fx_prov(fixture *f, int n, const int *stmts)
{
    kj_prov p = {kj_arena_alloc(&f->arena, sizeof(int) * (size_t)(n + 1)), 0};
    int *tmp = kj_arena_alloc(&f->arena, sizeof(int) * (size_t)(n + 1));
    if (n) memcpy(tmp, stmts, sizeof(int) * (size_t)n);
    qsort(tmp, (size_t)n, sizeof(int), cmp_int);
    for (int i = 0; i < n; i++)
        if (!p.n || p.stmts[p.n - 1] != tmp[i]) p.stmts[p.n++] = tmp[i];
    kj_vec_put(kj_test_heap(), &f->net->provs, p);
    return f->net->provs.n - 1;
}

static int prov0(fixture *f) { return fx_prov(f, 0, NULL); }
static int prov1(fixture *f, int s) { return fx_prov(f, 1, &s); }

/* Base edge t_v - t_u <= w. */
static void fx_edge(fixture *f, int u, int v, int64_t w, int prov)
{
    kj_edge e = {.u = u, .v = v, .w = w, .kind = EK_ORDER, .prov = prov};
    kj_vec_put(kj_test_heap(), &f->net->edges, e);
}

/* Starts a disjunction; its alternatives follow with fx_alt. */
static int fx_disj(fixture *f, int prov)
{
    kj_disj d = {.first_alt = f->net->alts.n, .n_alts = 0, .prov = prov, .kind = CK_ORDER, .claim = -1};
    kj_vec_put(kj_test_heap(), &f->net->disjs, d);
    return f->net->disjs.n - 1;
}

/* Starts an alternative of the last disjunction; its edges follow. */
static void fx_alt(fixture *f)
{
    kj_alt a = {.first = f->net->alt_edges.n, .n = 0, .branch = -1, .branch_place = -1};
    kj_vec_put(kj_test_heap(), &f->net->alts, a);
    f->net->disjs.items[f->net->disjs.n - 1].n_alts++;
}

static void fx_alt_edge(fixture *f, int u, int v, int64_t w, int prov)
{
    kj_edge e = {.u = u, .v = v, .w = w, .kind = EK_PRESENCE, .prov = prov};
    kj_vec_put(kj_test_heap(), &f->net->alt_edges, e);
    f->net->alts.items[f->net->alts.n - 1].n++;
}

static kj_solve_result fx_solve(fixture *f, long budget)
{
    return kj_solve(kj_test_heap(), f->net, f->c, f->enabled, &budget, &f->arena);
}

/* ---- checking results ------------------------------------------------------------ */

static int prov_on(const kj_network *net, int prov, const unsigned char *enabled)
{
    const kj_prov *p = &net->provs.items[prov];
    for (int i = 0; i < p->n; i++)
        if (!enabled[p->stmts[i]]) return 0;
    return 1;
}

static int in_sorted(const int *a, int n, int x)
{
    return n > 0 && bsearch(&x, a, (size_t)n, sizeof(int), cmp_int) != NULL;
}

/* Which alternative an alt edge belongs to, or -1 for a base edge; fails
 * if the pointer is in neither array. */
static int alt_of_edge(const kj_network *net, const kj_edge *e)
{
    /* (an empty vector's items is NULL: no arithmetic on it) */
    if (net->edges.n && e >= net->edges.items && e < net->edges.items + net->edges.n) return -1;
    if (!(net->alt_edges.n && e >= net->alt_edges.items && e < net->alt_edges.items + net->alt_edges.n))
        fail_msg("a proof edge is not an edge of the network");
    int k = (int)(e - net->alt_edges.items);
    for (int a = 0; a < net->alts.n; a++)
        if (k >= net->alts.items[a].first && k < net->alts.items[a].first + net->alts.items[a].n) return a;
    fail_msg("alt edge %d belongs to no alternative", k);
    return -2;
}

/* A leaf: a closed cycle of negative total weight equal to p->weight. */
static void check_leaf_cycle(const kj_proof *p)
{
    assert_int_equal(p->disj, -1);
    assert_true(p->n_edges >= 1);
    assert_non_null(p->edges);
    int64_t sum = 0;
    for (int i = 0; i < p->n_edges; i++) {
        const kj_edge *e = p->edges[i], *next = p->edges[(i + 1) % p->n_edges];
        if (e->v != next->u)
            fail_msg("leaf cycle not closed: edge %d ends at %d, edge %d starts at %d", i, e->v,
                     (i + 1) % p->n_edges, next->u);
        sum += e->w;
    }
    if (sum != p->weight) fail_msg("leaf weight %" PRId64 " but its edges sum to %" PRId64, p->weight, sum);
    if (p->weight >= 0) fail_msg("leaf cycle of weight %" PRId64 " is not negative", p->weight);
}

typedef struct path_step { int disj, alt; } path_step;

/* The proof is a real refutation: every node splits on all alternatives of
 * an enabled disjunction; every leaf is a negative cycle of enabled base
 * edges and edges of alternatives assumed on the path to it; everything it
 * rests on is among the reported statements. */
static void check_proof(const kj_network *net, const kj_proof *p, const kj_solve_result *r,
                        const unsigned char *enabled, path_step *path, int depth)
{
    assert_non_null(p);
    if (p->disj < 0) {
        check_leaf_cycle(p);
        for (int i = 0; i < p->n_edges; i++) {
            const kj_edge *e = p->edges[i];
            const kj_prov *pr = &net->provs.items[e->prov];
            for (int k = 0; k < pr->n; k++) {
                if (!enabled[pr->stmts[k]]) fail_msg("a leaf edge rests on disabled statement %d", pr->stmts[k]);
                if (!in_sorted(r->stmts, r->n_stmts, pr->stmts[k]))
                    fail_msg("a leaf edge rests on statement %d, not in the explanation", pr->stmts[k]);
            }
            int a = alt_of_edge(net, e);
            if (a < 0) continue;
            int assumed = 0;
            for (int d = 0; d < depth && !assumed; d++)
                assumed = net->disjs.items[path[d].disj].first_alt + path[d].alt == a;
            if (!assumed) fail_msg("a leaf uses an edge of alternative %d, not assumed on its path", a);
        }
        return;
    }
    assert_true(p->disj < net->disjs.n);
    const kj_disj *d = &net->disjs.items[p->disj];
    assert_true(prov_on(net, d->prov, enabled));
    const kj_prov *dp = &net->provs.items[d->prov];
    for (int k = 0; k < dp->n; k++) assert_true(in_sorted(r->stmts, r->n_stmts, dp->stmts[k]));
    if (p->n_kids != d->n_alts) fail_msg("node of disjunction %d has %d kids for %d alternatives", p->disj, p->n_kids, d->n_alts);
    assert_true(depth < 64);
    for (int a = 0; a < p->n_kids; a++) {
        path[depth].disj = p->disj;
        path[depth].alt = a;
        check_proof(net, p->kids[a], r, enabled, path, depth + 1);
    }
}

/* kj_proof_margin, computed independently. */
static int64_t margin_of(const kj_proof *p)
{
    if (p->disj < 0) return -p->weight;
    int64_t m = INT64_MAX;
    for (int i = 0; i < p->n_kids; i++) {
        int64_t k = margin_of(p->kids[i]);
        if (k < m) m = k;
    }
    return m;
}

/* Statements sorted, unique and enabled. */
static void check_stmts(const kj_solve_result *r, const unsigned char *enabled, int n_stmts)
{
    for (int i = 0; i < r->n_stmts; i++) {
        assert_true(r->stmts[i] >= 0 && r->stmts[i] < n_stmts);
        assert_true(enabled[r->stmts[i]]);
        if (i) assert_true(r->stmts[i - 1] < r->stmts[i]);
    }
}

static void check_unsat(const fixture *f, const kj_solve_result *r)
{
    assert_int_equal(r->sat, KJ_UNSAT);
    check_stmts(r, f->enabled, f->c->n_stmts);
    assert_non_null(r->proof);
    path_step path[64];
    check_proof(f->net, r->proof, r, f->enabled, path, 0);
    assert_true(kj_proof_margin(r->proof) == margin_of(r->proof));
}

static void expect_stmts(const kj_solve_result *r, int n, const int *want)
{
    if (r->n_stmts != n) fail_msg("explanation has %d statements, expected %d", r->n_stmts, n);
    for (int i = 0; i < n; i++) assert_int_equal(r->stmts[i], want[i]);
}

/* ---- (a) a consistent chain ------------------------------------------------------ */

static void test_consistent_chain(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 5, 5);
    /* 0 -> 1 -> 2 -> 3 -> 4, each step between 1 and 10, the whole at most 30 */
    for (int i = 0; i < 4; i++) {
        fx_edge(&f, i, i + 1, 10, prov1(&f, i));
        fx_edge(&f, i + 1, i, -1, prov1(&f, i));
    }
    fx_edge(&f, 0, 4, 30, prov1(&f, 4));
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    assert_int_equal(r.sat, KJ_SAT);
    assert_int_equal(r.n_stmts, 0);
    assert_null(r.proof);
    fx_free(&f);
}

static void test_tight_chain_zero_cycle_is_consistent(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 3, 3);
    /* exactly 4 steps of 1..: a zero-weight cycle is consistent */
    fx_edge(&f, 0, 1, 2, prov1(&f, 0));
    fx_edge(&f, 1, 2, 2, prov1(&f, 1));
    fx_edge(&f, 2, 0, -4, prov1(&f, 2));
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_SAT);
    fx_free(&f);
}

/* ---- (b) a negative cycle -------------------------------------------------------- */

static void build_negative_cycle(fixture *f)
{
    fx_init(f, 4, 5);
    fx_edge(f, 0, 1, 5, prov1(f, 0));
    int s12[] = {1, 3};
    fx_edge(f, 1, 2, -3, fx_prov(f, 2, s12));
    fx_edge(f, 2, 0, -4, prov1(f, 2)); /* 5 - 3 - 4 = -2 */
    fx_edge(f, 2, 3, 100, prov1(f, 4)); /* not on the cycle */
    fx_edge(f, 3, 0, 50, prov1(f, 4));
}

static void test_negative_cycle(void **state)
{
    (void)state;
    fixture f;
    build_negative_cycle(&f);
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    check_unsat(&f, &r);
    int want[] = {0, 1, 2, 3};
    expect_stmts(&r, 4, want);
    assert_int_equal(r.proof->disj, -1);
    assert_int_equal(r.proof->n_edges, 3);
    assert_true(r.proof->weight == -2);
    assert_true(kj_proof_margin(r.proof) == 2);
    fx_free(&f);
}

static void test_self_loop(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 2);
    fx_edge(&f, 0, 1, 3, prov1(&f, 0));
    fx_edge(&f, 1, 1, -2, prov1(&f, 1)); /* t1 - t1 <= -2 */
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    check_unsat(&f, &r);
    int want[] = {1};
    expect_stmts(&r, 1, want);
    int n_edges = r.proof->n_edges;
    int64_t weight = r.proof->weight, margin = kj_proof_margin(r.proof);
    fx_free(&f); /* before the asserts, so a failure leaks nothing */
    /* the cycle is the loop, once (regression: it used to be reported as
     * [loop, loop] of twice its weight) */
    assert_int_equal(n_edges, 1);
    assert_true(weight == -2);
    assert_true(margin == 2);
}

static void test_margin_of_null_and_leaf(void **state)
{
    (void)state;
    assert_true(kj_proof_margin(NULL) == 0);
    kj_proof leaf = {-1, -7, NULL, 0, NULL, 0};
    assert_true(kj_proof_margin(&leaf) == 7);
    kj_proof other = {-1, -3, NULL, 0, NULL, 0};
    kj_proof *kids[] = {&leaf, &other};
    kj_proof node = {0, 0, NULL, 0, kids, 2};
    assert_true(kj_proof_margin(&node) == 3);
}

/* ---- (c) disjunctions ------------------------------------------------------------- */

/* 5 <= t1 - t0 <= 10 (statements 0, 1); a disjunction (statement 2) of
 * "t1 - t0 <= 2" (statement 3) or "t1 - t0 >= second_low" (statement 4). */
static void build_disjunction(fixture *f, int64_t second_low)
{
    fx_init(f, 2, 6);
    fx_edge(f, 0, 1, 10, prov1(f, 0));
    fx_edge(f, 1, 0, -5, prov1(f, 1));
    fx_disj(f, prov1(f, 2));
    fx_alt(f);
    fx_alt_edge(f, 0, 1, 2, prov1(f, 3));
    fx_alt(f);
    fx_alt_edge(f, 1, 0, -second_low, prov1(f, 4));
}

static void test_disjunction_one_alternative_consistent(void **state)
{
    (void)state;
    fixture f;
    build_disjunction(&f, 7);
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    assert_int_equal(r.sat, KJ_SAT);
    assert_null(r.proof);
    fx_free(&f);
}

static void test_disjunction_both_fail(void **state)
{
    (void)state;
    fixture f;
    build_disjunction(&f, 20);
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    check_unsat(&f, &r);
    int want[] = {0, 1, 2, 3, 4};
    expect_stmts(&r, 5, want);
    const kj_proof *p = r.proof;
    assert_int_equal(p->disj, 0);
    assert_int_equal(p->n_kids, 2);
    assert_int_equal(p->kids[0]->disj, -1);
    assert_int_equal(p->kids[1]->disj, -1);
    /* alternative 0: t1 - t0 <= 2 against >= 5: -3; alternative 1: >= 20
     * against <= 10: -10 */
    assert_true(p->kids[0]->weight == -3);
    assert_true(p->kids[1]->weight == -10);
    assert_true(kj_proof_margin(p->kids[0]) == 3);
    assert_true(kj_proof_margin(p->kids[1]) == 10);
    assert_true(kj_proof_margin(p) == 3);
    fx_free(&f);
}

static void test_disjunction_not_needed_is_left_out(void **state)
{
    (void)state;
    fixture f;
    build_disjunction(&f, 20);
    /* a separate negative cycle among points of its own */
    kj_point p = {"q", -1};
    kj_vec_put(kj_test_heap(), &f.net->points, p);
    fx_edge(&f, 2, 0, -1, prov1(&f, 5));
    fx_edge(&f, 0, 2, 0, prov1(&f, 5));
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    check_unsat(&f, &r);
    int want[] = {5};
    expect_stmts(&r, 1, want);
    assert_int_equal(r.proof->disj, -1);
    assert_true(kj_proof_margin(r.proof) == 1);
    fx_free(&f);
}

/* ---- (d) disabled statements ----------------------------------------------------------- */

static void test_disabling_removes_edges(void **state)
{
    (void)state;
    fixture f;
    build_negative_cycle(&f);
    f.enabled[1] = 0; /* the -3 edge rests on statements 1 and 3 */
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_SAT);
    f.enabled[1] = 1;
    f.enabled[3] = 0;
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_SAT);
    f.enabled[3] = 1;
    f.enabled[4] = 0; /* off the cycle: still inconsistent */
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    check_unsat(&f, &r);
    int want[] = {0, 1, 2, 3};
    expect_stmts(&r, 4, want);
    fx_free(&f);
}

static void test_disabling_a_disjunction_or_an_alternative_edge(void **state)
{
    (void)state;
    fixture f;
    build_disjunction(&f, 20);
    f.enabled[2] = 0; /* the disjunction itself */
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_SAT);
    f.enabled[2] = 1;
    f.enabled[4] = 0; /* alternative 1 loses its only edge: it holds trivially */
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_SAT);
    f.enabled[4] = 1;
    f.enabled[0] = 0; /* no upper bound: "t1 - t0 >= 20" is fine */
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_SAT);
    f.enabled[0] = 1;
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_UNSAT);
    fx_free(&f);
}

static void test_empty_provenance_cannot_be_disabled(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 2);
    fx_edge(&f, 0, 1, -1, prov0(&f)); /* always there */
    fx_edge(&f, 1, 0, 0, prov1(&f, 1));
    kj_solve_result r = fx_solve(&f, BIG_BUDGET);
    check_unsat(&f, &r);
    int want[] = {1};
    expect_stmts(&r, 1, want);
    f.enabled[0] = f.enabled[1] = 0;
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_SAT);
    f.enabled[1] = 1;
    assert_int_equal(fx_solve(&f, BIG_BUDGET).sat, KJ_UNSAT);
    fx_free(&f);
}

/* ---- (e) budget ---------------------------------------------------------------------- */

/* 4 <= t1 - t0 <= 100 and 4 <= t0 - t1 <= 100 (1..4 at statement 0) are
 * excluded by a disjunction of order, then a disjunction forcing equality
 * under either order: unsatisfiable, but only by search. */
static void build_search_needed(fixture *f, int unsat)
{
    fx_init(f, 2, 3);
    fx_disj(f, prov1(f, 0));
    fx_alt(f);
    fx_alt_edge(f, 1, 0, -1, prov1(f, 0)); /* t1 >= t0 + 1 */
    fx_alt(f);
    fx_alt_edge(f, 0, 1, -1, prov1(f, 0)); /* t0 >= t1 + 1 */
    fx_disj(f, prov1(f, 1));
    fx_alt(f); /* t1 == t0 */
    fx_alt_edge(f, 0, 1, 0, prov1(f, 1));
    fx_alt_edge(f, 1, 0, 0, prov1(f, 1));
    fx_alt(f); /* t1 == t0 + 0 again, or with statement 2 off only "t1 - t0 <= 5" */
    fx_alt_edge(f, 0, 1, unsat ? 0 : 5, prov1(f, 1));
    fx_alt_edge(f, 1, 0, 0, prov1(f, 2));
}

static void test_budget_exhaustion_is_unknown(void **state)
{
    (void)state;
    fixture f;
    build_search_needed(&f, 1);
    long budget = 0;
    kj_solve_result r = kj_solve(kj_test_heap(), f.net, f.c, f.enabled, &budget, &f.arena);
    assert_int_equal(r.sat, KJ_UNKNOWN);
    assert_int_equal(r.n_stmts, 0);
    assert_null(r.proof);
    budget = BIG_BUDGET;
    r = kj_solve(kj_test_heap(), f.net, f.c, f.enabled, &budget, &f.arena);
    check_unsat(&f, &r);
    assert_true(budget < BIG_BUDGET); /* it counts what it used */
    int want[] = {0, 1, 2};
    expect_stmts(&r, 3, want);
    fx_free(&f);

    /* satisfiable, but three free choices need three decisions */
    fx_init(&f, 4, 3);
    for (int i = 0; i < 3; i++) {
        fx_disj(&f, prov1(&f, i));
        fx_alt(&f);
        fx_alt_edge(&f, i, i + 1, 0, prov1(&f, i));
        fx_alt(&f);
        fx_alt_edge(&f, i + 1, i, 0, prov1(&f, i));
    }
    for (long b = 0; b < 3; b++) {
        budget = b;
        r = kj_solve(kj_test_heap(), f.net, f.c, f.enabled, &budget, &f.arena);
        if (r.sat != KJ_UNKNOWN) fail_msg("budget %ld: %d, expected KJ_UNKNOWN", b, (int)r.sat);
        assert_true(budget <= 0);
    }
    budget = 100;
    assert_int_equal(kj_solve(kj_test_heap(), f.net, f.c, f.enabled, &budget, &f.arena).sat, KJ_SAT);
    assert_true(budget < 100 && budget >= 0);
    fx_free(&f);
}

static void test_budget_not_needed_without_disjunctions(void **state)
{
    (void)state;
    fixture f;
    build_negative_cycle(&f);
    long budget = 0; /* the base network is decided without search */
    kj_solve_result r = kj_solve(kj_test_heap(), f.net, f.c, f.enabled, &budget, &f.arena);
    check_unsat(&f, &r);
    f.enabled[0] = 0;
    budget = 0;
    assert_int_equal(kj_solve(kj_test_heap(), f.net, f.c, f.enabled, &budget, &f.arena).sat, KJ_SAT);
    fx_free(&f);
}

/* ---- (f) differential test against brute force ---------------------------------------- */

static uint64_t rng_state;

/* xorshift64* (Marsaglia / Vigna): a fixed seed makes every run the same. */
static uint64_t rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

/* Uniform in [lo, hi]. */
static int rng_int(int lo, int hi) { return lo + (int)(rng_next() % (uint64_t)(hi - lo + 1)); }

#define BF_MAX_POINTS 8
#define BF_INF (INT64_MAX / 4)

static void bf_add(int64_t dist[][BF_MAX_POINTS], const kj_edge *e)
{
    if (e->w < dist[e->u][e->v]) dist[e->u][e->v] = e->w;
}

/* Is the network with these base edges and one alternative per enabled
 * disjunction (choice[]) free of negative cycles?  Floyd–Warshall. */
static int bf_consistent(const kj_network *net, const unsigned char *enabled, const int *choice)
{
    int n = net->points.n;
    int64_t dist[BF_MAX_POINTS][BF_MAX_POINTS];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) dist[i][j] = i == j ? 0 : BF_INF;
    for (int i = 0; i < net->edges.n; i++)
        if (prov_on(net, net->edges.items[i].prov, enabled)) bf_add(dist, &net->edges.items[i]);
    for (int d = 0; d < net->disjs.n; d++) {
        if (choice[d] < 0) continue;
        const kj_alt *a = &net->alts.items[net->disjs.items[d].first_alt + choice[d]];
        for (int k = 0; k < a->n; k++)
            if (prov_on(net, net->alt_edges.items[a->first + k].prov, enabled))
                bf_add(dist, &net->alt_edges.items[a->first + k]);
    }
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++) {
            if (dist[i][k] >= BF_INF) continue;
            for (int j = 0; j < n; j++)
                if (dist[k][j] < BF_INF && dist[i][k] + dist[k][j] < dist[i][j]) dist[i][j] = dist[i][k] + dist[k][j];
        }
    for (int i = 0; i < n; i++)
        if (dist[i][i] < 0) return 0;
    return 1;
}

/* Satisfiable iff some combination of alternatives (of the enabled
 * disjunctions) is consistent. */
static int bf_sat(const kj_network *net, const unsigned char *enabled)
{
    int choice[16];
    assert_true(net->disjs.n <= 16);
    for (int d = 0; d < net->disjs.n; d++) choice[d] = prov_on(net, net->disjs.items[d].prov, enabled) ? 0 : -1;
    for (;;) {
        if (bf_consistent(net, enabled, choice)) return 1;
        int d = 0; /* odometer */
        for (; d < net->disjs.n; d++) {
            if (choice[d] < 0) continue;
            if (++choice[d] < net->disjs.items[d].n_alts) break;
            choice[d] = 0;
        }
        if (d == net->disjs.n) return 0;
    }
}

/* A provenance of lo..hi random statements. */
static int random_prov(fixture *f, int lo, int hi)
{
    int s[2], n = rng_int(lo, hi);
    for (int i = 0; i < n; i++) s[i] = rng_int(0, f->c->n_stmts - 1);
    return fx_prov(f, n, s);
}

static void random_edge(fixture *f, int n_points, int alt)
{
    int u = rng_int(0, n_points - 1), v = rng_int(0, n_points - 2);
    if (v >= u) v++; /* no self-loops here; test_self_loop has one */
    int64_t w = rng_int(-20, 20);
    int prov = random_prov(f, 1, 2);
    if (alt) fx_alt_edge(f, u, v, w, prov);
    else fx_edge(f, u, v, w, prov);
}

static void random_network(fixture *f)
{
    int n_points = rng_int(3, 7), n_stmts = rng_int(3, 8);
    fx_init(f, n_points, n_stmts);
    int n_edges = rng_int(3, 15);
    for (int i = 0; i < n_edges; i++) random_edge(f, n_points, 0);
    int n_disjs = rng_int(0, 4);
    for (int d = 0; d < n_disjs; d++) {
        fx_disj(f, random_prov(f, 0, 1));
        int n_alts = rng_int(2, 3);
        for (int a = 0; a < n_alts; a++) {
            fx_alt(f);
            int n = rng_int(1, 2);
            for (int k = 0; k < n; k++) random_edge(f, n_points, 1);
        }
    }
    /* half the time every statement, else a random subset */
    if (rng_int(0, 1))
        for (int i = 0; i < n_stmts; i++) f->enabled[i] = rng_int(0, 4) != 0;
}

static void dump_network(const fixture *f)
{
    const kj_network *net = f->net;
    fprintf(stderr, "network: %d points, %d statements; enabled:", net->points.n, f->c->n_stmts);
    for (int i = 0; i < f->c->n_stmts; i++) fprintf(stderr, " %d", f->enabled[i]);
    fprintf(stderr, "\n");
    for (int i = 0; i < net->edges.n; i++) {
        const kj_edge *e = &net->edges.items[i];
        fprintf(stderr, "  edge %d -> %d w %" PRId64 " prov %d\n", e->u, e->v, e->w, e->prov);
    }
    for (int d = 0; d < net->disjs.n; d++) {
        const kj_disj *dj = &net->disjs.items[d];
        fprintf(stderr, "  disj %d prov %d\n", d, dj->prov);
        for (int a = 0; a < dj->n_alts; a++) {
            const kj_alt *al = &net->alts.items[dj->first_alt + a];
            for (int k = 0; k < al->n; k++) {
                const kj_edge *e = &net->alt_edges.items[al->first + k];
                fprintf(stderr, "    alt %d: %d -> %d w %" PRId64 " prov %d\n", a, e->u, e->v, e->w, e->prov);
            }
        }
    }
    for (int p = 0; p < net->provs.n; p++) {
        fprintf(stderr, "  prov %d:", p);
        for (int k = 0; k < net->provs.items[p].n; k++) fprintf(stderr, " %d", net->provs.items[p].stmts[k]);
        fprintf(stderr, "\n");
    }
}

/* -DDIFF_SEED=... -DDIFF_TRIALS=... for a longer hunt by hand */
#ifndef DIFF_SEED
#define DIFF_SEED 0x6b6a656c6c657221ULL /* "kjeller!" */
#endif
#ifndef DIFF_TRIALS
#define DIFF_TRIALS 3000
#endif

static void differential_against_brute_force(void)
{
    rng_state = DIFF_SEED;
    int n_sat = 0, n_unsat = 0, n_node_proofs = 0;
    for (int trial = 0; trial < DIFF_TRIALS; trial++) {
        fixture f;
        random_network(&f);
        int want = bf_sat(f.net, f.enabled);
        kj_solve_result r = fx_solve(&f, BIG_BUDGET);
        long budget = BIG_BUDGET;
        kj_solve_result quick = kj_solve_ex(kj_test_heap(), f.net, f.c, f.enabled, &budget, &f.arena, 0);
        int ok = r.sat == (want ? KJ_SAT : KJ_UNSAT) && quick.sat == r.sat;
        if (!ok) {
            dump_network(&f);
            fail_msg("trial %d (seed %#llx): kj_solve %d, without proof %d, brute force %s", trial,
                     (unsigned long long)DIFF_SEED, (int)r.sat, (int)quick.sat, want ? "SAT" : "UNSAT");
        }
        if (want) {
            n_sat++;
            fx_free(&f);
            continue;
        }
        n_unsat++;
        check_unsat(&f, &r);
        n_node_proofs += r.proof->disj >= 0;
        /* the explanation is a proof by itself */
        unsigned char *only = calloc((size_t)f.c->n_stmts + 1, 1);
        assert_non_null(only);
        for (int i = 0; i < r.n_stmts; i++) only[r.stmts[i]] = 1;
        if (bf_sat(f.net, only)) {
            dump_network(&f);
            fail_msg("trial %d: the explanation's %d statements are consistent by themselves", trial, r.n_stmts);
        }
        /* so is the one found without a proof tree */
        check_stmts(&quick, f.enabled, f.c->n_stmts);
        memset(only, 0, (size_t)f.c->n_stmts + 1);
        for (int i = 0; i < quick.n_stmts; i++) only[quick.stmts[i]] = 1;
        if (bf_sat(f.net, only)) {
            dump_network(&f);
            fail_msg("trial %d: the statements of the proof-less refutation are consistent", trial);
        }
        free(only);
        fx_free(&f);
    }
    print_message("differential: %d trials, %d SAT, %d UNSAT (%d split on a disjunction)\n", DIFF_TRIALS, n_sat,
                  n_unsat, n_node_proofs);
    /* the generator must exercise both answers and real case splits */
    assert_true(n_sat >= DIFF_TRIALS / 10);
    assert_true(n_unsat >= DIFF_TRIALS / 10);
    assert_true(n_node_proofs >= 20);
}

/* The solver decides small networks with a distance matrix, large ones
 * with an incremental STN; apsp_max_points = -1 forces the STN. */
static void test_differential_against_brute_force(void **state)
{
    (void)state;
    differential_against_brute_force();
}

static void test_differential_against_brute_force_stn_theory(void **state)
{
    (void)state;
    with_stn_theory(differential_against_brute_force);
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consistent_chain),
        cmocka_unit_test(test_tight_chain_zero_cycle_is_consistent),
        cmocka_unit_test(test_negative_cycle),
        cmocka_unit_test(test_self_loop),
        cmocka_unit_test(test_margin_of_null_and_leaf),
        cmocka_unit_test(test_disjunction_one_alternative_consistent),
        cmocka_unit_test(test_disjunction_both_fail),
        cmocka_unit_test(test_disjunction_not_needed_is_left_out),
        cmocka_unit_test(test_disabling_removes_edges),
        cmocka_unit_test(test_disabling_a_disjunction_or_an_alternative_edge),
        cmocka_unit_test(test_empty_provenance_cannot_be_disabled),
        cmocka_unit_test(test_budget_exhaustion_is_unknown),
        cmocka_unit_test(test_budget_not_needed_without_disjunctions),
        cmocka_unit_test(test_differential_against_brute_force),
        cmocka_unit_test(test_differential_against_brute_force_stn_theory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
