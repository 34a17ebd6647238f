/* test_stn — the simple temporal network (src/stn.c) on networks built by
 * hand: incremental addition keeps a potential every edge satisfies,
 * refuses an edge that closes a negative cycle (with the cycle as proof
 * and the potentials as they were), undoes in LIFO order; the batch load
 * of the base edges agrees with it; the batch Bellman-Ford finds shortest
 * distances from a source and stops on a negative cycle it reaches. */

#include "kj_test.h"
#include "search.h"
#include "stn.h"

/* A network of n points; edge provenance i names statement i. */
typedef struct fixture {
    kj_arena arena;
    kj_network *net;
    int prov_stmt[64];
} fixture;

static void fx_init(fixture *f, int n_points)
{
    memset(f, 0, sizeof *f);
    f->arena = KJ_ARENA(kj_test_heap());
    f->net = kj_calloc(kj_test_heap(), 1, sizeof *f->net);
    assert_non_null(f->net);
    for (int i = 0; i < n_points; i++) {
        kj_point p = {.name = "p", .stmt = -1};
        kj_vec_put(kj_test_heap(), &f->net->points, p);
    }
    for (int i = 0; i < 64; i++) {
        f->prov_stmt[i] = i;
        kj_prov p = {.stmts = &f->prov_stmt[i], .n = 1};
        kj_vec_put(kj_test_heap(), &f->net->provs, p);
    }
}

static void fx_free(fixture *f)
{
    kj_network_free(f->net);
    kj_arena_free(&f->arena);
}

/* Base edge t_v - t_u <= w, resting on statement `stmt`. */
static void fx_edge(fixture *f, int u, int v, int64_t w, int stmt)
{
    kj_edge e = {.u = u, .v = v, .w = w, .kind = EK_ORDER, .prov = stmt};
    kj_vec_put(kj_test_heap(), &f->net->edges, e);
}

static uint64_t rng_state = 88172645463325252u;
static int rng_int(int lo, int hi)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return lo + (int)(rng_state % (uint64_t)(hi - lo + 1));
}

/* Random edges that potentials p[] satisfy, so consistent. */
static void fx_consistent(fixture *f, int n_points, int n_edges)
{
    int64_t p[64];
    for (int i = 0; i < n_points; i++) p[i] = rng_int(0, 1000);
    for (int k = 0; k < n_edges; k++) {
        int u = rng_int(0, n_points - 1), v = rng_int(0, n_points - 1);
        fx_edge(f, u, v, p[v] - p[u] + rng_int(0, 50), k % 64);
    }
}

/* Every active edge satisfied by the potentials. */
static void assert_feasible(const stn *g)
{
    for (int k = 0; k < g->act.n; k++) {
        const kj_edge *e = g->act.items[k].e;
        assert_true(g->d[e->v] <= g->d[e->u] + e->w);
    }
}

/* A proof leaf is a closed walk of negative weight starting with the edge
 * that closed it. */
static void assert_cycle(const expl *ex, const kj_edge *closing)
{
    const kj_proof *p = ex->proof;
    assert_non_null(p);
    assert_int_equal(p->disj, -1);
    assert_ptr_equal(p->edges[0], closing);
    int64_t w = 0;
    for (int i = 0; i < p->n_edges; i++) {
        const kj_edge *e = p->edges[i], *next = p->edges[(i + 1) % p->n_edges];
        assert_int_equal(e->v, next->u);
        w += e->w;
    }
    assert_true(w < 0);
    assert_true(p->weight == w);
}

static void test_add_keeps_a_feasible_potential(void **state)
{
    (void)state;
    for (int trial = 0; trial < 200; trial++) {
        fixture f;
        fx_init(&f, 20);
        fx_consistent(&f, 20, 60);
        stn g;
        stn_init(&g, kj_test_heap(), f.net, &f.arena);
        for (int i = 0; i < f.net->edges.n; i++) {
            expl ex = {0};
            assert_int_equal(stn_add(&g, &f.net->edges.items[i], -1, &ex), 0);
            assert_feasible(&g);
        }
        stn_free(&g);
        fx_free(&f);
    }
}

static void test_add_refuses_a_negative_cycle(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 4);
    fx_edge(&f, 0, 1, 5, 1);
    fx_edge(&f, 1, 2, 3, 2);
    fx_edge(&f, 2, 3, 0, 3);
    fx_edge(&f, 2, 0, -9, 4); /* 0 -> 1 -> 2 -> 0 weighs -1 */
    stn g;
    stn_init(&g, kj_test_heap(), f.net, &f.arena);
    expl ex = {0};
    for (int i = 0; i < 3; i++) assert_int_equal(stn_add(&g, &f.net->edges.items[i], i, &ex), 0);
    int64_t before[4];
    memcpy(before, g.d, sizeof before);
    int trail = g.trail.n, act = g.act.n;
    assert_int_equal(stn_add(&g, &f.net->edges.items[3], 7, &ex), 1);
    assert_cycle(&ex, &f.net->edges.items[3]);
    assert_int_equal(ex.proof->n_edges, 3);
    assert_int_equal(ex.proof->weight, -1);
    /* its statements and levels: those of the cycle's edges, not edge 2 -> 3 */
    search_uniq(&ex.stmts);
    search_uniq(&ex.levels);
    assert_int_equal(ex.stmts.n, 3);
    assert_int_equal(ex.stmts.items[0], 1);
    assert_int_equal(ex.stmts.items[2], 4);
    assert_int_equal(ex.levels.n, 3);
    assert_int_equal(ex.levels.items[0], 0);
    assert_int_equal(ex.levels.items[1], 1);
    assert_int_equal(ex.levels.items[2], 7);
    /* nothing of the refused edge stays */
    assert_memory_equal(before, g.d, sizeof before);
    assert_int_equal(g.trail.n, trail);
    assert_int_equal(g.act.n, act);
    for (int i = 0; i < 4; i++) assert_int_equal(g.in_queue[i], 0);
    expl_free(&ex);
    stn_free(&g);
    fx_free(&f);
}

static void test_self_loop(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2);
    fx_edge(&f, 1, 1, 0, 1);
    fx_edge(&f, 1, 1, -1, 2);
    stn g;
    stn_init(&g, kj_test_heap(), f.net, &f.arena);
    expl ex = {0};
    assert_int_equal(stn_add(&g, &f.net->edges.items[0], -1, &ex), 0);
    assert_int_equal(stn_add(&g, &f.net->edges.items[1], 3, &ex), 1);
    assert_cycle(&ex, &f.net->edges.items[1]);
    assert_int_equal(ex.proof->n_edges, 1);
    assert_int_equal(ex.levels.n, 1);
    assert_int_equal(ex.levels.items[0], 3);
    assert_int_equal(g.act.n, 1);
    expl_free(&ex);
    stn_free(&g);
    fx_free(&f);
}

static void test_undo_restores_potentials_and_edges(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 20);
    fx_consistent(&f, 20, 80);
    stn g;
    stn_init(&g, kj_test_heap(), f.net, &f.arena);
    expl ex = {0};
    for (int i = 0; i < 40; i++) assert_int_equal(stn_add(&g, &f.net->edges.items[i], -1, &ex), 0);
    int64_t before[20];
    int head[20];
    memcpy(before, g.d, sizeof before);
    memcpy(head, g.head, sizeof head);
    int trail = g.trail.n, act = g.act.n;
    for (int i = 40; i < 80; i++) assert_int_equal(stn_add(&g, &f.net->edges.items[i], 0, &ex), 0);
    stn_undo(&g, trail, act);
    assert_memory_equal(before, g.d, sizeof before);
    assert_memory_equal(head, g.head, sizeof head);
    assert_int_equal(g.act.n, act);
    assert_feasible(&g);
    stn_free(&g);
    fx_free(&f);
}

static void test_batch_agrees_with_adding_one_by_one(void **state)
{
    (void)state;
    for (int trial = 0; trial < 200; trial++) {
        fixture f;
        fx_init(&f, 30);
        fx_consistent(&f, 30, 90);
        unsigned char enabled[64];
        for (int i = 0; i < 64; i++) enabled[i] = rng_int(0, 3) != 0;
        stn g;
        stn_init(&g, kj_test_heap(), f.net, &f.arena);
        assert_int_equal(stn_batch(&g, enabled), 1);
        assert_feasible(&g);
        /* the enabled edges only, in input order */
        int k = 0;
        for (int i = 0; i < f.net->edges.n; i++)
            if (enabled[f.net->edges.items[i].prov]) assert_ptr_equal(g.act.items[k++].e, &f.net->edges.items[i]);
        assert_int_equal(g.act.n, k);
        for (int i = 0; i < 30; i++) assert_int_equal(g.in_queue[i], 0);
        /* the search goes on from there */
        expl ex = {0};
        for (int i = 0; i < f.net->edges.n; i++)
            assert_int_equal(stn_add(&g, &f.net->edges.items[i], 0, &ex), 0);
        assert_feasible(&g);
        stn_free(&g);
        fx_free(&f);
    }
}

static void test_batch_with_a_negative_cycle_starts_over(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 5);
    fx_edge(&f, 0, 1, 2, 0);
    fx_edge(&f, 1, 2, 2, 1);
    fx_edge(&f, 3, 4, 7, 2);
    fx_edge(&f, 2, 0, -5, 3);
    unsigned char enabled[64];
    memset(enabled, 1, sizeof enabled);
    stn g;
    stn_init(&g, kj_test_heap(), f.net, &f.arena);
    assert_int_equal(stn_batch(&g, enabled), 0);
    assert_int_equal(g.act.n, 0);
    for (int i = 0; i < 5; i++) {
        assert_true(g.d[i] == 0);
        assert_int_equal(g.head[i], -1);
        assert_int_equal(g.in_queue[i], 0);
    }
    expl ex = {0};
    int failed = 0;
    for (int i = 0; i < f.net->edges.n && !failed; i++) failed = stn_add(&g, &f.net->edges.items[i], -1, &ex);
    assert_int_equal(failed, 1);
    assert_cycle(&ex, &f.net->edges.items[3]);
    expl_free(&ex);
    stn_free(&g);
    fx_free(&f);
}

/* ---- the batch Bellman-Ford ---------------------------------------------------- */

/* The CSR of f's edges (each node's in input order), into arrays of the
 * caller's. */
static stn_csr fx_csr(const fixture *f, int *start, int *to, int64_t *w)
{
    int n = f->net->points.n, k = 0;
    for (int x = 0; x < n; x++) {
        start[x] = k;
        for (int i = 0; i < f->net->edges.n; i++)
            if (f->net->edges.items[i].u == x) {
                to[k] = f->net->edges.items[i].v;
                w[k++] = f->net->edges.items[i].w;
            }
    }
    start[n] = k;
    return (stn_csr){.n = n, .start = start, .to = to, .w = w};
}

/* Shortest distances from point 0 by relaxing every edge n times. */
static void brute_distances(const fixture *f, int64_t *dist)
{
    int n = f->net->points.n;
    for (int i = 0; i < n; i++) dist[i] = KJ_INF;
    dist[0] = 0;
    for (int round = 0; round < n; round++)
        for (int i = 0; i < f->net->edges.n; i++) {
            const kj_edge *e = &f->net->edges.items[i];
            if (dist[e->u] < KJ_INF && dist[e->u] + e->w < dist[e->v]) dist[e->v] = dist[e->u] + e->w;
        }
}

/* From point 0 alone, as kj_network_bounds runs it. */
static int fx_bellman_ford(const fixture *f, int64_t *dist)
{
    int start[65], to[256], count[64], queue[64];
    int64_t w[256];
    unsigned char in_queue[64] = {0};
    int n = f->net->points.n;
    stn_csr g = fx_csr(f, start, to, w);
    for (int i = 0; i < n; i++) {
        dist[i] = KJ_INF;
        count[i] = 0;
    }
    dist[0] = 0;
    queue[0] = 0;
    in_queue[0] = 1;
    int ok = stn_bellman_ford(&g, dist, queue, in_queue, 1, count);
    if (ok)
        for (int i = 0; i < n; i++) assert_int_equal(in_queue[i], 0);
    return ok;
}

static void test_bellman_ford_shortest_distances(void **state)
{
    (void)state;
    for (int trial = 0; trial < 500; trial++) {
        fixture f;
        fx_init(&f, 25);
        fx_consistent(&f, 25, rng_int(0, 120)); /* some points unreachable from 0 */
        int64_t dist[64], want[64];
        assert_int_equal(fx_bellman_ford(&f, dist), 1);
        brute_distances(&f, want);
        assert_memory_equal(dist, want, sizeof(int64_t) * 25);
        fx_free(&f);
    }
}

static void test_bellman_ford_stops_on_a_negative_cycle(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 6);
    fx_edge(&f, 0, 1, 4, 0);
    fx_edge(&f, 1, 2, -2, 1);
    fx_edge(&f, 2, 3, -2, 2);
    fx_edge(&f, 3, 1, 3, 3);  /* 1 -> 2 -> 3 -> 1 weighs -1 */
    fx_edge(&f, 4, 5, -9, 4); /* not reached from 0 */
    int64_t dist[64];
    assert_int_equal(fx_bellman_ford(&f, dist), 0);
    f.net->edges.items[3].w = 4; /* now it weighs 0 */
    assert_int_equal(fx_bellman_ford(&f, dist), 1);
    assert_true(dist[3] == 0);
    assert_true(dist[4] == KJ_INF && dist[5] == KJ_INF);
    f.net->edges.items[4].v = 4; /* a negative self-loop no one reaches */
    assert_int_equal(fx_bellman_ford(&f, dist), 1);
    fx_free(&f);
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_keeps_a_feasible_potential),
        cmocka_unit_test(test_add_refuses_a_negative_cycle),
        cmocka_unit_test(test_self_loop),
        cmocka_unit_test(test_undo_restores_potentials_and_edges),
        cmocka_unit_test(test_batch_agrees_with_adding_one_by_one),
        cmocka_unit_test(test_batch_with_a_negative_cycle_starts_over),
        cmocka_unit_test(test_bellman_ford_shortest_distances),
        cmocka_unit_test(test_bellman_ford_stops_on_a_negative_cycle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
