/* test_check — conflicts, margins, verdicts and corrections on small cases,
 * the search budget, and a property: the whole-case check on the pruned
 * network agrees with the full network on random timelines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kj_test.h"
#include "questions.h"
#include "report.h"

static const char *const HEAD =
    "source s \"test\"\n"
    "person x \"X\"\n"
    "person y \"Y\"\n"
    "option radius 0 m\n"
    "place a 60.0 10.0 tz Europe/Oslo\n"
    "place b 60.5 10.0 tz Europe/Oslo\n"
    "place far 52.52 13.40 tz Europe/Berlin\n"
    "mode car60: car max 60 km/h assumption \"test\"\n";

static kj_case *load(const char *body) { return kj_test_load_parts(HEAD, body); }

static kj_verdict verdict_of(kj_case *c, kj_report *r, const char *id)
{
    return r->verdicts[kj_test_find(c, id)];
}

static void test_travel_conflict_margin_and_correction(void **state)
{
    (void)state;
    /* 55.7 km at 60 km/h: at least 55 min 42 s; "about 30 minutes" is at most 45 min */
    kj_case *c = load("testimony t by x source s\n  claim d: x travels a -> b by car60, takes \"about 30 minutes\"\n");
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(r->n_conflicts, 1);
    assert_int_equal(r->conflicts[0].kind, CK_TRAVEL);
    assert_int_equal(r->conflicts[0].margin_s, 3342 - 2700);
    /* places and an assumed speed are premises, not evidence: the account
     * refutes itself, which is 'conflicting' (design.md §0) */
    assert_int_equal(verdict_of(c, r, "d"), V_CONFLICTING);
    assert_non_null(r->correction[kj_test_find(c, "d")]);
    assert_non_null(strstr(r->correction[kj_test_find(c, "d")], "meant at least 55 min 42 s"));
    assert_int_equal(kj_report_status(r), KJ_EXIT_CONTRADICTION);
    kj_report_free(r);
    kj_case_free(c);
}

static void test_witness_against_himself_is_conflicting(void **state)
{
    (void)state;
    kj_case *c = load("testimony t by x source s\n"
                      "  claim p: x at a in 1935-12-01T12:00\n"
                      "  claim q: x at a in 1935-12-01T12:30, before p\n");
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(r->n_conflicts, 1);
    assert_int_equal(r->conflicts[0].kind, CK_ORDER);
    assert_int_equal(verdict_of(c, r, "p"), V_CONFLICTING);
    assert_int_equal(verdict_of(c, r, "q"), V_CONFLICTING);
    kj_report_free(r);
    kj_case_free(c);
}

static void test_corroborated_by_a_throughout_fact(void **state)
{
    (void)state;
    kj_case *c = load("fact fx: x at a throughout 1935-12 source s\n"
                      "testimony t by x source s\n  claim p: x at a in 1935-12-05\n  claim q: x at b in 1935-12-05\n");
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(verdict_of(c, r, "p"), V_CORROBORATED);
    assert_int_equal(r->corroborated_by[kj_test_find(c, "p")], kj_test_find(c, "fx"));
    /* q puts x 55 km away while the fact has him at a all month */
    assert_int_equal(verdict_of(c, r, "q"), V_CONTRADICTED);
    kj_report_free(r);
    kj_case_free(c);
}

static void test_two_independent_conflicts_are_both_reported(void **state)
{
    (void)state;
    kj_case *c = load("entity h kind hotel at a exists ..1917 source s\n"
                      "fact fy: y at far throughout 1932-11 source s\n"
                      "testimony t by x source s\n  claim m: x meets y at h in \"November 1932\"\n");
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(r->n_conflicts, 2);
    int kinds = 0;
    for (int i = 0; i < r->n_conflicts; i++) kinds |= 1 << r->conflicts[i].kind;
    assert_int_equal(kinds, (1 << CK_EXISTENCE) | (1 << CK_PRESENCE));
    /* each is minimal: the existence conflict is just the claim and the entity */
    for (int i = 0; i < r->n_conflicts; i++)
        if (r->conflicts[i].kind == CK_EXISTENCE) assert_int_equal(r->conflicts[i].n, 2);
    kj_report_free(r);
    kj_case_free(c);
}

static void test_budget_exhaustion_is_undecided_not_consistent(void **state)
{
    (void)state;
    /* three presences in one month, in no known order: three order
     * disjunctions to search (untimed ones would be free: nothing to search) */
    kj_case *c = load("testimony t by x source s\n  claim p: x at a in 1932-11\n  claim q: x at b in 1932-11\n"
                      "  claim r: x at far in 1932-11\n");
    kj_check_opts opts = {.max_branches = 1};
    kj_report *r = kj_check(c, &opts, NULL);
    assert_int_equal(r->n_conflicts, 0);
    assert_true(r->undecided);
    assert_int_equal(kj_report_status(r), KJ_EXIT_UNDECIDED);
    assert_int_equal(verdict_of(c, r, "p"), V_UNDECIDED);
    kj_report_free(r);
    kj_report *full = kj_check(c, NULL, NULL);
    assert_int_equal(kj_report_status(full), KJ_EXIT_CONSISTENT);
    kj_report_free(full);
    kj_case_free(c);
}

static kj_test_rng rng = {.state = 88172645463325252ull};

/* Random timelines of a few people over three places, some of them
 * impossible: the pruned whole-case check must agree with the full one. */
static void test_pruning_never_changes_the_answer(void **state)
{
    (void)state;
    int disagreements = 0, inconsistent = 0;
    for (int round = 0; round < 150; round++) {
        char body[8192];
        size_t n = 0;
        const char *places[] = {"a", "b", "far"};
        for (int f = 0; f < 2; f++)
            n += (size_t)snprintf(body + n, sizeof body - n, "fact f%d: %s at %s throughout 1935-12-%02d source s\n", f,
                                  f ? "y" : "x", places[kj_test_rand(&rng) % 3], 1 + (int)(kj_test_rand(&rng) % 4));
        n += (size_t)snprintf(body + n, sizeof body - n, "testimony t by x source s\n");
        for (int k = 0; k < 6; k++) {
            const char *who = kj_test_rand(&rng) % 2 ? "x" : "y";
            int day = 1 + (int)(kj_test_rand(&rng) % 5), hour = (int)(kj_test_rand(&rng) % 24);
            n += (size_t)snprintf(body + n, sizeof body - n, "  claim c%d: %s at %s in 1935-12-%02dT%02d:00%s\n", k, who,
                                  places[kj_test_rand(&rng) % 3], day, hour,
                                  k && kj_test_rand(&rng) % 3 == 0 ? ", right after" : "");
        }
        kj_case *c = load(body);
        long b1 = 1000000, b2 = 1000000;
        unsigned char *en = malloc((size_t)c->n_stmts);
        memset(en, 1, (size_t)c->n_stmts);
        kj_arena arena = KJ_ARENA(kj_test_heap());
        kj_network *full = kj_test_network(c, 0), *pruned = kj_test_network(c, 1);
        kj_solve_result x = kj_solve(kj_test_heap(), full, c, en, &b1, &arena);
        kj_solve_result y = kj_solve(kj_test_heap(), pruned, c, en, &b2, &arena);
        disagreements += x.sat != y.sat;
        inconsistent += x.sat == KJ_UNSAT;
        kj_network_free(full);
        kj_network_free(pruned);
        kj_arena_free(&arena);
        free(en);
        kj_case_free(c);
    }
    assert_int_equal(disagreements, 0);
    assert_true(inconsistent > 10); /* the test has teeth */
    assert_true(inconsistent < 140);
}

/* The questions Trotsky demanded come out on top for the Pyatakov case. */
static void test_pyatakov_questions(void **state)
{
    (void)state;
    kj_case *c = kj_test_load_file("examples/moscow-1937/pyatakov.case");
    kj_report *r = kj_check(c, NULL, NULL);
    assert_true(r->n_questions >= 5);
    const char *want[] = {"air-aircraft", "travel-border", "travel-passport", "night-abroad"};
    for (int w = 0; w < 4; w++) {
        int found = 0;
        for (int i = 0; i < 5; i++) found |= !strcmp(r->questions[i].of->rule, want[w]);
        if (!found) fail_msg("rule %s is not among the top five questions", want[w]);
    }
    /* the landing question can be tested by the Kjeller register */
    assert_string_equal(r->questions[0].of->rule, "air-aircraft");
    assert_int_equal(r->questions[0].tested_by, kj_test_find(c, "kjeller-december"));
    assert_true(r->questions[0].contradicted);
    char text[KJ_QUESTION_MAX];
    assert_non_null(strstr(kj_question_text(c, &r->questions[1], text), "into Norway"));
    kj_report_free(r);
    kj_case_free(c);
}

/* The JSON report is written a value at a time: it must be the document
 * jansson writes of the whole tree, byte for byte, empty arrays included. */
static void assert_json_as_jansson_writes(const kj_case *c, const kj_report *r, int questions)
{
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    assert_int_equal(questions ? kj_render_questions_json(c, r, f) : kj_render_json(c, r, f), 0);
    char *buf = kj_test_mem_close(&m);
    size_t n = m.size;
    json_error_t err;
    json_t *root = json_loadb(buf, n, 0, &err);
    if (!root) fail_msg("not JSON: %s at line %d", err.text, err.line);
    char *again = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    assert_non_null(again);
    assert_int_equal(strlen(again) + 1, n);
    assert_memory_equal(again, buf, n - 1);
    assert_int_equal(buf[n - 1], '\n');
    free(again);
    json_decref(root);
    free(buf);
}

static void test_json_is_the_whole_tree_written(void **state)
{
    (void)state;
    const char *bodies[] = {
        "", /* nothing: every array empty */
        "testimony t by x source s\n  claim d: x travels a -> b by car60, takes \"about 30 minutes\"\n",
        "testimony t by x source s\n  claim d: x travels a -> b by car60, takes \"about 2 hours\"\n",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        kj_case *c = load(bodies[i]);
        kj_report *r = kj_check(c, NULL, NULL);
        assert_int_equal(r->n_conflicts, i == 1);
        assert_json_as_jansson_writes(c, r, 0);
        assert_json_as_jansson_writes(c, r, 1);
        kj_report_free(r);
        kj_case_free(c);
    }
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_travel_conflict_margin_and_correction),
        cmocka_unit_test(test_witness_against_himself_is_conflicting),
        cmocka_unit_test(test_corroborated_by_a_throughout_fact),
        cmocka_unit_test(test_two_independent_conflicts_are_both_reported),
        cmocka_unit_test(test_budget_exhaustion_is_undecided_not_consistent),
        cmocka_unit_test(test_pruning_never_changes_the_answer),
        cmocka_unit_test(test_pyatakov_questions),
        cmocka_unit_test(test_json_is_the_whole_tree_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
