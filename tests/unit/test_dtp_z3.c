/* test_dtp_z3 — differential test of the solver against z3 on random
 * disjunctive temporal networks (seeded, reproducible).  For every network
 * kjeller and z3 must agree on sat/unsat; when unsat, kjeller's explanation
 * (the statements it names) must itself be unsat in z3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <z3.h>

#include "kj_test.h"
#include "solve.h"

static kj_test_rng rng;
static int64_t rnd_in(int64_t lo, int64_t hi) { return lo + (int64_t)(kj_test_rand(&rng) % (uint64_t)(hi - lo + 1)); }

typedef struct fake {
    kj_case c;
    kj_stmt stmts[32];
    char ids[32][16];
    char names[16][16];
    kj_network net;
} fake;

static int prov(fake *f, int a, int b)
{
    kj_prov p;
    p.n = a == b ? 1 : 2;
    p.stmts = malloc(sizeof(int) * 2);
    p.stmts[0] = a < b ? a : b;
    p.stmts[1] = a < b ? b : a;
    kj_vec_put(kj_test_heap(), &f->net.provs, p);
    return f->net.provs.n - 1;
}

static kj_edge edge(fake *f, int n_points, int n_stmts)
{
    kj_edge e;
    e.u = (int)rnd_in(0, n_points - 1);
    do e.v = (int)rnd_in(0, n_points - 1); while (e.v == e.u);
    e.w = rnd_in(-20, 20);
    e.kind = EK_ORDER;
    e.prov = prov(f, (int)rnd_in(0, n_stmts - 1), (int)rnd_in(0, n_stmts - 1));
    e.say = (kj_say_ref){.kind = SAY_NONE, .of = -1};
    return e;
}

static void build(fake *f)
{
    memset(f, 0, sizeof *f);
    int n_points = (int)rnd_in(3, 8), n_stmts = (int)rnd_in(2, 10);
    f->c.stmts = f->stmts;
    f->c.n_stmts = n_stmts;
    f->c.rt = kj_runtime_fill(&(kj_runtime){.apsp_max_points = test_apsp_max_points});
    for (int i = 0; i < n_stmts; i++) {
        snprintf(f->ids[i], sizeof f->ids[i], "s%d", i);
        f->stmts[i].id = f->ids[i];
    }
    for (int i = 0; i < n_points; i++) {
        snprintf(f->names[i], sizeof f->names[i], "p%d", i);
        kj_point p = {f->names[i], -1};
        kj_vec_put(kj_test_heap(), &f->net.points, p);
    }
    f->net.points.items[0].name = "Z";
    int n_edges = (int)rnd_in(2, 14);
    for (int i = 0; i < n_edges; i++) kj_vec_put(kj_test_heap(), &f->net.edges, edge(f, n_points, n_stmts));
    int n_disj = (int)rnd_in(0, 5);
    for (int d = 0; d < n_disj; d++) {
        kj_disj dj = {.first_alt = f->net.alts.n, .n_alts = 0,
                      .prov = prov(f, (int)rnd_in(0, n_stmts - 1), (int)rnd_in(0, n_stmts - 1)), .kind = CK_ORDER, .claim = -1};
        int n_alts = (int)rnd_in(2, 3);
        for (int a = 0; a < n_alts; a++) {
            kj_alt alt = {.first = f->net.alt_edges.n, .n = 0, .branch = -1, .branch_place = -1};
            int k = (int)rnd_in(1, 2);
            for (int j = 0; j < k; j++) kj_vec_put(kj_test_heap(), &f->net.alt_edges, edge(f, n_points, n_stmts));
            alt.n = k;
            kj_vec_put(kj_test_heap(), &f->net.alts, alt);
            dj.n_alts++;
        }
        kj_vec_put(kj_test_heap(), &f->net.disjs, dj);
    }
}

static void release(fake *f)
{
    for (int i = 0; i < f->net.provs.n; i++) free(f->net.provs.items[i].stmts);
    kj_free(f->net.points.items);
    kj_free(f->net.edges.items);
    kj_free(f->net.alt_edges.items);
    kj_free(f->net.alts.items);
    kj_free(f->net.disjs.items);
    kj_free(f->net.provs.items);
}

/* z3's answer for the network with only `keep` statements asserted
 * (NULL = all): 1 unsat, 0 sat. */
static Z3_context ctx; /* one z3 context for the whole test, reset per query */

static int z3_unsat_net(const kj_network *net, const kj_case *c, const int *keep, int n_keep)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(kj_network_smt2(kj_test_heap(), net, c, m), 0);
    fclose(m);
    /* drop the named assertions of statements not kept, and the trailer */
    char *script = malloc(len + 64);
    size_t n = 0;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strncmp(line, "(set-option", 11) || !strncmp(line, "(check-sat)", 11) || !strncmp(line, "(get-unsat", 10)) continue;
        if (keep && !strncmp(line, "(assert (! |s:", 14)) {
            int wanted = 0;
            for (int i = 0; i < n_keep && !wanted; i++) {
                char pat[64];
                snprintf(pat, sizeof pat, ":named |%s|)", c->stmts[keep[i]].id);
                wanted = strstr(line, pat) != NULL;
            }
            if (!wanted) continue;
        }
        size_t l = strlen(line);
        memcpy(script + n, line, l);
        script[n + l] = '\n';
        n += l + 1;
    }
    strcpy(script + n, "(check-sat)\n");
    free(buf);
    const char *res = Z3_eval_smtlib2_string(ctx, "(reset)");
    res = Z3_eval_smtlib2_string(ctx, script);
    int unsat = strstr(res, "unsat") != NULL;
    if (!unsat && !strstr(res, "sat")) fail_msg("z3: %s", res);
    free(script);
    return unsat;
}

static int z3_unsat(fake *f, const int *keep, int n_keep) { return z3_unsat_net(&f->net, &f->c, keep, n_keep); }

static void random_networks_agree_with_z3(void)
{
    rng.state = 0x9E3779B97F4A7C15ull; /* fixed seed: reproducible */
    Z3_config cfg = Z3_mk_config();
    ctx = Z3_mk_context(cfg);
    Z3_del_config(cfg);
    int n_unsat = 0, n_disjunctive = 0;
    const int rounds = KJ_TEST_ROUNDS(1200);
    for (int round = 0; round < rounds; round++) {
        fake *f = calloc(1, sizeof *f);
        build(f);
        n_disjunctive += f->net.disjs.n > 0;
        unsigned char en[32];
        memset(en, 1, sizeof en);
        long budget = 100000;
        kj_arena arena = KJ_ARENA(kj_test_heap());
        kj_solve_result r = kj_solve(kj_test_heap(), &f->net, &f->c, en, &budget, &arena);
        assert_int_not_equal(r.sat, KJ_UNKNOWN);
        int z = z3_unsat(f, NULL, 0);
        if ((r.sat == KJ_UNSAT) != z) fail_msg("round %d: kjeller %s, z3 %s", round, r.sat == KJ_UNSAT ? "unsat" : "sat", z ? "unsat" : "sat");
        if (r.sat == KJ_UNSAT) {
            n_unsat++;
            if (!z3_unsat(f, r.stmts, r.n_stmts)) fail_msg("round %d: kjeller's explanation is sat in z3", round);
        }
        kj_arena_free(&arena);
        release(f);
        free(f);
    }
    Z3_del_context(ctx);
    /* both answers occur often enough for the comparison to mean something */
    assert_true(n_unsat > rounds / 10);
    assert_true(n_unsat < rounds * 9 / 10);
    assert_true(n_disjunctive > rounds / 2);
}

/* The solver has two theories: a distance matrix for small networks and an
 * incremental STN for large ones; the runtime's apsp_max_points picks. */
static void test_random_networks_agree_with_z3(void **state)
{
    (void)state;
    random_networks_agree_with_z3();
}

static void test_random_networks_agree_with_z3_stn_theory(void **state)
{
    (void)state;
    with_stn_theory(random_networks_agree_with_z3);
}

/* Random DTPs in the style of Stergiou & Koubarakis (n points, about 6n
 * disjunctions of two differences) near the phase transition: large enough
 * for learning, minimisation, restarts and clause deletion to happen.  Each
 * disjunction is its own statement; a few base edges have theirs. */
typedef struct dtp {
    kj_case c;
    kj_network net;
    char (*ids)[16];
    char (*names)[16];
} dtp;

static void dtp_build(dtp *t, int n_points, int n_disjs, int n_base)
{
    memset(t, 0, sizeof *t);
    int n_stmts = n_disjs + n_base;
    t->c.stmts = calloc((size_t)n_stmts, sizeof(kj_stmt));
    t->c.n_stmts = n_stmts;
    t->c.rt = kj_runtime_fill(NULL);
    t->ids = calloc((size_t)n_stmts, sizeof *t->ids);
    t->names = calloc((size_t)n_points, sizeof *t->names);
    for (int i = 0; i < n_stmts; i++) {
        snprintf(t->ids[i], sizeof t->ids[i], "s%d", i);
        t->c.stmts[i].id = t->ids[i];
        kj_prov p = {malloc(sizeof(int)), 1};
        p.stmts[0] = i;
        kj_vec_put(kj_test_heap(), &t->net.provs, p);
    }
    for (int i = 0; i < n_points; i++) {
        snprintf(t->names[i], sizeof t->names[i], i ? "p%d" : "Z", i);
        kj_point p = {t->names[i], -1};
        kj_vec_put(kj_test_heap(), &t->net.points, p);
    }
    for (int k = 0; k < n_disjs; k++) {
        kj_disj dj = {.first_alt = t->net.alts.n, .n_alts = 2, .prov = k, .kind = CK_ORDER, .claim = -1};
        for (int a = 0; a < 2; a++) {
            kj_edge e = {.u = (int)rnd_in(1, n_points - 1), .v = 0, .w = rnd_in(-100, 100), .kind = EK_ORDER, .prov = k};
            do e.v = (int)rnd_in(1, n_points - 1); while (e.v == e.u);
            kj_alt alt = {.first = t->net.alt_edges.n, .n = 1, .branch = -1, .branch_place = -1};
            kj_vec_put(kj_test_heap(), &t->net.alt_edges, e);
            kj_vec_put(kj_test_heap(), &t->net.alts, alt);
        }
        kj_vec_put(kj_test_heap(), &t->net.disjs, dj);
    }
    for (int k = 0; k < n_base; k++) {
        kj_edge e = {.u = (int)rnd_in(0, n_points - 1), .v = 0, .w = rnd_in(0, 200), .kind = EK_ORDER, .prov = n_disjs + k};
        do e.v = (int)rnd_in(0, n_points - 1); while (e.v == e.u);
        kj_vec_put(kj_test_heap(), &t->net.edges, e);
    }
}

static void dtp_free(dtp *t)
{
    for (int i = 0; i < t->net.provs.n; i++) free(t->net.provs.items[i].stmts);
    kj_free(t->net.points.items);
    kj_free(t->net.edges.items);
    kj_free(t->net.alt_edges.items);
    kj_free(t->net.alts.items);
    kj_free(t->net.disjs.items);
    kj_free(t->net.provs.items);
    free(t->c.stmts), free(t->ids), free(t->names);
}

static void test_random_dtps_agree_with_z3(void **state)
{
    (void)state;
    rng.state = 0x5EED0F0D7B5ull;
    Z3_config cfg = Z3_mk_config();
    ctx = Z3_mk_context(cfg);
    Z3_del_config(cfg);
    int n_unsat = 0;
    const int rounds = KJ_TEST_ROUNDS(150);
    for (int round = 0; round < rounds; round++) {
        dtp t;
        int n = (int)rnd_in(8, 20);
        dtp_build(&t, n + 1, (int)rnd_in(5 * n, 7 * n), (int)rnd_in(0, 3));
        int z = z3_unsat_net(&t.net, &t.c, NULL, 0);
        unsigned char *en = malloc((size_t)t.c.n_stmts);
        memset(en, 1, (size_t)t.c.n_stmts);
        for (int theory = 0; theory < 2; theory++) {
            t.c.rt.apsp_max_points = theory ? -1 : 256;
            long budget = 10000000;
            kj_arena arena = KJ_ARENA(kj_test_heap());
            kj_solve_result r = kj_solve_ex(kj_test_heap(), &t.net, &t.c, en, &budget, &arena, 0);
            assert_int_not_equal(r.sat, KJ_UNKNOWN);
            if ((r.sat == KJ_UNSAT) != z)
                fail_msg("dtp %d (%s theory): kjeller %s, z3 %s", round, theory ? "stn" : "matrix",
                         r.sat == KJ_UNSAT ? "unsat" : "sat", z ? "unsat" : "sat");
            if (r.sat == KJ_UNSAT && !z3_unsat_net(&t.net, &t.c, r.stmts, r.n_stmts))
                fail_msg("dtp %d (%s theory): kjeller's explanation is sat in z3", round, theory ? "stn" : "matrix");
            kj_arena_free(&arena);
        }
        n_unsat += z;
        free(en);
        dtp_free(&t);
    }
    Z3_del_context(ctx);
    assert_true(n_unsat > rounds / 10);
    assert_true(n_unsat < rounds * 9 / 10);
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_networks_agree_with_z3),
        cmocka_unit_test(test_random_networks_agree_with_z3_stn_theory),
        cmocka_unit_test(test_random_dtps_agree_with_z3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
