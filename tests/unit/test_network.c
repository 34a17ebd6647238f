/* test_network — the compile stage: which edges and disjunctions a case
 * becomes, with which weights and provenance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "geo.h"
#include "kj_test.h"
#include "network.h"

static const char *const HEAD =
    "source s \"test\"\n"
    "person x \"X\"\n"
    "person y \"Y\"\n"
    "option radius 0 m\n"
    "place a 60.0 10.0 tz Europe/Oslo\n"
    "place b 60.5 10.0 tz Europe/Oslo\n"
    "place far 52.52 13.40 tz Europe/Berlin\n"
    "place nowhere tz Europe/Oslo\n"
    "mode car60: car max 60 km/h assumption \"test\"\n";

static kj_case *load(const char *body) { return kj_test_load_parts(HEAD, body); }

static int count_kind(const kj_network *net, kj_edge_kind k)
{
    int n = 0;
    for (int i = 0; i < net->edges.n; i++) n += net->edges.items[i].kind == k;
    return n;
}

static const kj_edge *find_kind(const kj_network *net, kj_edge_kind k)
{
    for (int i = 0; i < net->edges.n; i++)
        if (net->edges.items[i].kind == k) return &net->edges.items[i];
    return NULL;
}

static void test_travel_bound_is_floor_of_geodesic_over_speed(void **state)
{
    (void)state;
    kj_case *c = load("testimony t by x source s\n  claim d: x travels a -> b by car60\n");
    kj_network *net = kj_test_network(c, 0);
    const kj_edge *e = find_kind(net, EK_TRAVEL);
    assert_non_null(e);
    double metres = kj_geo_distance_m(60.0, 10.0, 60.5, 10.0);
    assert_int_equal(-e->w, (int64_t)floor(metres / (60 / 3.6)));
    /* end -> start: t_start - t_end <= -T */
    int d = kj_test_find(c, "d");
    assert_int_equal(e->u, net->stmt_end[d]);
    assert_int_equal(e->v, net->stmt_start[d]);
    /* it rests on the claim, both places and the mode */
    const kj_prov *p = &net->provs.items[e->prov];
    assert_int_equal(p->n, 4);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_no_travel_bound_to_an_unlocated_place(void **state)
{
    (void)state;
    kj_case *c = load("testimony t by x source s\n  claim d: x travels a -> nowhere by car60\n");
    kj_network *net = kj_test_network(c, 0);
    assert_int_equal(count_kind(net, EK_TRAVEL), 0);
    assert_int_equal(net->disjs.n, 0);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_unlocated_place_anchored_by_a_throughout_fact(void **state)
{
    (void)state;
    kj_case *c = load("fact fy: y at b throughout 1935-12 source s\n"
                      "testimony t by x source s\n"
                      "  claim d: x travels a -> nowhere by car60\n"
                      "  claim m: x meets y at nowhere, right after d\n");
    kj_network *net = kj_test_network(c, 0);
    int anchored = 0;
    for (int i = 0; i < net->disjs.n; i++)
        if (net->disjs.items[i].kind == CK_TRAVEL) {
            anchored++;
            assert_int_equal(net->disjs.items[i].n_alts, 3); /* before, after, or near b */
        }
    assert_int_equal(anchored, 1);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_presence_pair_is_a_two_way_disjunction(void **state)
{
    (void)state;
    kj_case *c = load("fact fx: x at far throughout 1935-12-01 source s\n"
                      "testimony t by x source s\n  claim p: x at a in 1935-12-01\n");
    kj_network *net = kj_test_network(c, 0);
    assert_int_equal(net->disjs.n, 1);
    assert_int_equal(net->disjs.items[0].kind, CK_PRESENCE);
    assert_int_equal(net->disjs.items[0].n_alts, 2);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_presence_pair_pruned_when_order_is_entailed(void **state)
{
    (void)state;
    /* a month apart: the order is entailed, the pruned network omits it */
    kj_case *c = load("fact fx: x at far throughout 1935-11-01 source s\n"
                      "testimony t by x source s\n  claim p: x at a in 1935-12-01\n");
    kj_network *full = kj_test_network(c, 0), *pruned = kj_test_network(c, 1);
    assert_int_equal(full->disjs.n, 1);
    assert_int_equal(pruned->disjs.n, 0);
    kj_network_free(full);
    kj_network_free(pruned);
    kj_case_free(c);
}

static void test_presence_pair_of_a_free_claim_is_left_out(void **state)
{
    (void)state;
    /* r has no time and no link to anything: it can be put before all else,
     * so its pairs constrain nothing; p and q (dated, same day) keep theirs */
    kj_case *c = load("testimony t by x source s\n  claim p: x at a in 1935-12-01\n"
                      "  claim q: x at b in 1935-12-01\n  claim r: x at far\n");
    kj_network *net = kj_test_network(c, 0);
    assert_int_equal(net->disjs.n, 1);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_presence_pairs_past_the_budget_are_listed(void **state)
{
    (void)state;
    kj_case *c = load("testimony t by x source s\n  claim p: x at a in 1935-12-01\n"
                      "  claim q: x at b in 1935-12-01\n  claim r: x at far in 1935-12-01\n");
    kj_network *net = kj_test_network_ex(c, 0, NULL, 1);
    assert_int_equal(net->disjs.n, 1);
    assert_true(net->capped.n >= 2);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_register_alternatives_before_after_and_entries(void **state)
{
    (void)state;
    kj_case *c = load("register r at b covers 1935-12 records arrival by car source s\n"
                      "  entry e1: at 1935-12-05 source s\n"
                      "  entry e2: at 1935-12-06 unrelated source s\n"
                      "testimony t by x source s\n  claim d: x travels a -> b by car60 arrives 1935-12-05\n");
    kj_network *net = kj_test_network(c, 0);
    assert_int_equal(net->disjs.n, 1);
    const kj_disj *d = &net->disjs.items[0];
    assert_int_equal(d->kind, CK_REGISTER);
    assert_int_equal(d->n_alts, 3); /* before, after, e1 (e2 is unrelated) */
    /* excluding e2 rests on its statement */
    const kj_prov *p = &net->provs.items[d->prov];
    int cites_e2 = 0;
    for (int i = 0; i < p->n; i++) cites_e2 |= p->stmts[i] == kj_test_find(c, "e2");
    assert_true(cites_e2);
    assert_int_equal(net->matched_entry[kj_test_find(c, "d")], kj_test_find(c, "e1"));
    kj_network_free(net);
    kj_case_free(c);
}

static void test_register_needs_the_filter_attribute(void **state)
{
    (void)state;
    const char *reg = "register r at b covers 1935-12 records arrival by car where kind = civil source s\n"
                      "testimony t by x source s\n  claim d: x travels a -> b by car60 arrives 1935-12-05\n";
    kj_case *c = load(reg);
    kj_network *net = kj_test_network(c, 0);
    assert_int_equal(net->disjs.n, 0); /* no attribute: not in scope (charity) */
    kj_network_free(net);
    kj_case_free(c);
    char buf[1024];
    snprintf(buf, sizeof buf, "%sassume d kind = civil\n", reg);
    c = load(buf);
    net = kj_test_network(c, 0);
    assert_int_equal(net->disjs.n, 1);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_lifetime_edges_need_only_overlap(void **state)
{
    (void)state;
    kj_case *c = load("entity h kind hotel at a exists 1901..1917 source s\n"
                      "testimony t by x source s\n  claim m: x meets y at h\n");
    kj_network *net = kj_test_network(c, 0);
    assert_int_equal(count_kind(net, EK_LIFETIME), 2);
    int m = kj_test_find(c, "m");
    for (int i = 0; i < net->edges.n; i++) {
        const kj_edge *e = &net->edges.items[i];
        if (e->kind != EK_LIFETIME) continue;
        if (e->u == 0) assert_int_equal(e->v, net->stmt_start[m]); /* start <= end of life */
        else assert_int_equal(e->u, net->stmt_end[m]);              /* end >= start of life */
    }
    kj_network_free(net);
    kj_case_free(c);
}

static void test_right_after_gap_uses_the_option(void **state)
{
    (void)state;
    kj_case *c = load("option right-after 30 min\n"
                      "testimony t by x source s\n  claim p: x at a\n  claim q: x at a, right after p\n");
    kj_network *net = kj_test_network(c, 0);
    const kj_edge *gap = find_kind(net, EK_GAP);
    assert_non_null(gap);
    assert_int_equal(gap->w, 1800);
    kj_network_free(net);
    kj_case_free(c);
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_travel_bound_is_floor_of_geodesic_over_speed),
        cmocka_unit_test(test_no_travel_bound_to_an_unlocated_place),
        cmocka_unit_test(test_unlocated_place_anchored_by_a_throughout_fact),
        cmocka_unit_test(test_presence_pair_is_a_two_way_disjunction),
        cmocka_unit_test(test_presence_pair_pruned_when_order_is_entailed),
        cmocka_unit_test(test_presence_pair_of_a_free_claim_is_left_out),
        cmocka_unit_test(test_presence_pairs_past_the_budget_are_listed),
        cmocka_unit_test(test_register_alternatives_before_after_and_entries),
        cmocka_unit_test(test_register_needs_the_filter_attribute),
        cmocka_unit_test(test_lifetime_edges_need_only_overlap),
        cmocka_unit_test(test_right_after_gap_uses_the_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
