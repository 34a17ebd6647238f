/* test_say — a proof's sentences as data (src/say.h) and their words
 * (src/say.c).  A network built from real case text says why each
 * constraint holds as a kind and the statements and numbers it speaks of;
 * the words kj_say_text writes from them are the words the report prints,
 * worked out here by hand from the case; a network built only to decide
 * keeps no record; and writing a sentence that runs out of memory fails
 * its call cleanly, at every allocation. */
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

/* Two places 55.6 km apart (60.0 N and 60.5 N on one meridian), a third in
 * Berlin, a car of 60 km/h; x is in Berlin all of 1 December 1935 by a
 * fact, at a that day by a claim, and travels a -> b by car. */
static const char *const CASE =
    "source s \"test\"\n"
    "person x \"X\"\n"
    "option radius 0 m\n"
    "place a 60.0 10.0 tz Europe/Oslo\n"
    "place b 60.5 10.0 tz Europe/Oslo\n"
    "place far 52.52 13.40 tz Europe/Berlin\n"
    "mode car60: car max 60 km/h assumption \"test\"\n"
    "fact fx: x at far throughout 1935-12-01 source s\n"
    "testimony t by x source s\n"
    "  claim p: x at a in 1935-12-01\n"
    "  claim d: x travels a -> b by car60\n";

/* The first edge of the base edges with sentence kind k, or NULL. */
static const kj_edge *edge_saying(const kj_network *net, kj_say_kind k)
{
    for (int i = 0; i < net->edges.n; i++)
        if (net->edges.items[i].say.kind == k) return &net->edges.items[i];
    return NULL;
}

static void test_sentences_of_one_statement_name_it(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    kj_network *net = kj_test_network(c, 0);
    kj_arena a = KJ_ARENA(kj_test_heap());
    int p = kj_test_find(c, "p"), fx = kj_test_find(c, "fx");
    const kj_edge *e = edge_saying(net, SAY_ENDS_AFTER_START);
    assert_non_null(e);
    assert_false(kj_say_has_record(e->say.kind));
    assert_int_equal(e->say.of, p);
    assert_string_equal(kj_say_text(net, e->say, &a), "'p' ends after it starts");
    e = edge_saying(net, SAY_BEGINS);
    assert_non_null(e);
    assert_int_equal(e->say.of, p);
    char want[256];
    snprintf(want, sizeof want, "'p' begins %s", c->stmts[p].claim->when_reading);
    assert_string_equal(kj_say_text(net, e->say, &a), want);
    e = edge_saying(net, SAY_FACT);
    assert_non_null(e);
    assert_int_equal(e->say.of, fx);
    snprintf(want, sizeof want, "fact 'fx': x at far throughout %s", c->stmts[fx].fact->when_reading);
    assert_string_equal(kj_say_text(net, e->say, &a), want);
    kj_arena_free(&a);
    kj_network_free(net);
    kj_case_free(c);
}

/* "The next day" begins no earlier than the midnight after the day the
 * claim it follows begins: a sentence with its record (the claim, that
 * claim's earliest start, the midnight, their zones). */
static void test_the_next_day_says_when_it_begins_at_the_earliest(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("source s \"test\"\n"
                              "person x \"X\"\n"
                              "place p 0.0 0.0 tz UTC\n"
                              "testimony t by x source s\n"
                              "  claim c1: x at p on \"1935-12-10 09:00\"\n"
                              "  claim c2: x at p on 1935-12-11, the next day after c1\n");
    kj_network *net = kj_test_network(c, 0);
    kj_arena a = KJ_ARENA(kj_test_heap());
    const kj_edge *e = edge_saying(net, SAY_DAY_BEGINS_AFTER);
    assert_non_null(e);
    assert_true(kj_say_has_record(e->say.kind));
    const kj_say *say = &net->says.items[e->say.of];
    int c2 = kj_test_find(c, "c2");
    assert_int_equal(say->day.claim, c2);
    assert_int_equal(say->day.end_s, kj_test_utc(1935, 12, 10, 9, 0, 0));
    assert_int_equal(say->day.by_s, kj_test_utc(1935, 12, 11, 0, 0, 0));
    /* c2.start >= that midnight: Z - start <= -midnight */
    assert_int_equal(e->u, net->stmt_start[c2]);
    assert_int_equal(e->v, 0);
    assert_int_equal(e->w, -kj_test_utc(1935, 12, 11, 0, 0, 0));
    assert_string_equal(kj_say_text(net, e->say, &a),
                        "'c1' begins no earlier than 1935-12-10 09:00 +00:00 by its own times, so 'the next day' "
                        "begins at 1935-12-11 00:00 +00:00 at the earliest (calendar days in the zones of the places)");
    kj_arena_free(&a);
    kj_network_free(net);
    kj_case_free(c);
}

static void test_a_journey_says_its_claim_mode_and_numbers(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    kj_network *net = kj_test_network(c, 0);
    kj_arena a = KJ_ARENA(kj_test_heap());
    const kj_edge *e = edge_saying(net, SAY_TRAVEL_GEODESIC);
    assert_non_null(e);
    assert_true(kj_say_has_record(e->say.kind));
    const kj_say *say = &net->says.items[e->say.of];
    double metres = kj_geo_distance_m(60.0, 10.0, 60.5, 10.0);
    int64_t least_s = (int64_t)floor(metres / (60 / 3.6));
    assert_int_equal(say->travel.claim, kj_test_find(c, "d"));
    assert_int_equal(say->travel.mode, kj_test_find(c, "car60"));
    assert_true(fabs(say->travel.m - metres) < 1e-6);
    assert_int_equal(say->travel.s, least_s);
    assert_int_equal(-e->w, least_s);
    char dur[64], want[512];
    kj_duration_format(least_s, dur, sizeof dur);
    snprintf(want, sizeof want,
             "a -> b is at least %.1f km (geodesic, less position uncertainty); at no more than 60 km/h (mode 'car60') "
             "the journey takes at least %s", metres / 1000, dur);
    assert_string_equal(kj_say_text(net, e->say, &a), want);
    kj_arena_free(&a);
    kj_network_free(net);
    kj_case_free(c);
}

/* The presence disjunction of x in Berlin (fx) and at a (p): one record,
 * four sentences, and the report prints the same words. */
static void test_a_presence_pair_speaks_of_one_record(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    kj_network *net = kj_test_network(c, 0);
    kj_arena a = KJ_ARENA(kj_test_heap());
    int p = kj_test_find(c, "p"), fx = kj_test_find(c, "fx");
    const kj_disj *d = NULL;
    for (int i = 0; i < net->disjs.n && !d; i++)
        if (net->disjs.items[i].kind == CK_PRESENCE) d = &net->disjs.items[i];
    assert_non_null(d);
    assert_int_equal(d->say.kind, SAY_PRES_APART);
    assert_int_equal(d->head.kind, SAY_PRES_HEAD);
    assert_int_equal(d->head.of, d->say.of);
    const kj_alt *xy = &net->alts.items[d->first_alt], *yx = &net->alts.items[d->first_alt + 1];
    assert_int_equal(xy->say.kind, SAY_PRES_XY);
    assert_int_equal(yx->say.kind, SAY_PRES_YX);
    assert_int_equal(xy->say.of, d->say.of);
    const kj_say *say = &net->says.items[d->say.of];
    assert_int_equal(say->presence.person, kj_test_find(c, "x"));
    assert_int_equal(say->presence.x_stmt, fx); /* in input order */
    assert_int_equal(say->presence.x_place, kj_test_find(c, "far"));
    assert_int_equal(say->presence.y_stmt, p);
    assert_int_equal(say->presence.y_place, kj_test_find(c, "a"));
    assert_string_equal(kj_say_text(net, xy->say, &a), "x at far ('fx') first, then a ('p')");
    assert_string_equal(kj_say_text(net, yx->say, &a), "x at a ('p') first, then far ('fx')");
    double km = kj_geo_distance_m(52.52, 13.40, 60.0, 10.0) / 1000;
    assert_true(fabs(say->presence.m / 1000 - km) < 1e-6);
    char want[256];
    snprintf(want, sizeof want, "fact 'fx' puts x at far, claim 'p' puts x at a, %.0f km away", km);
    const char *head = kj_say_text(net, d->head, &a), *apart = kj_say_text(net, d->say, &a);
    assert_string_equal(head, want);
    snprintf(want, sizeof want, "x cannot be at far ('fx') and at a ('p') at once: %.1f km apart, at least ", km);
    assert_memory_equal(apart, want, strlen(want));
    /* the report prints these very words */
    kj_check_opts opts = {.whole_network = 1};
    kj_report *r = kj_check(c, &opts, NULL);
    assert_non_null(r);
    kj_test_mem m;
    assert_int_equal(kj_render_text(c, r, kj_test_mem_open(&m)), 0);
    char *text = kj_test_mem_close(&m);
    assert_non_null(strstr(text, head));
    assert_non_null(strstr(text, apart));
    assert_non_null(strstr(text, "x at far ('fx') first, then a ('p')"));
    free(text);
    kj_report_free(r);
    kj_arena_free(&a);
    kj_network_free(net);
    kj_case_free(c);
}

/* A network built only to decide keeps no record: its sentences about
 * several statements are SAY_NONE, written as "". */
static void test_a_network_to_decide_keeps_no_record(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    kj_network *net = kj_test_network(c, 1);
    kj_arena a = KJ_ARENA(kj_test_heap());
    assert_int_equal(net->says.n, 0);
    const kj_edge *e = edge_saying(net, SAY_NONE);
    assert_non_null(e); /* the journey's */
    assert_int_equal(e->kind, EK_TRAVEL);
    assert_string_equal(kj_say_text(net, e->say, &a), "");
    kj_arena_free(&a);
    kj_network_free(net);
    kj_case_free(c);
}

/* Writes every sentence of net into an arena of mem's call. */
static void write_all(const kj_network *net, kj_mem *mem)
{
    kj_arena a = KJ_ARENA(mem);
    for (int i = 0; i < net->edges.n; i++) kj_say_text(net, net->edges.items[i].say, &a);
    for (int i = 0; i < net->alt_edges.n; i++) kj_say_text(net, net->alt_edges.items[i].say, &a);
    for (int i = 0; i < net->alts.n; i++) kj_say_text(net, net->alts.items[i].say, &a);
    for (int i = 0; i < net->disjs.n; i++) {
        kj_say_text(net, net->disjs.items[i].say, &a);
        kj_say_text(net, net->disjs.items[i].head, &a);
    }
    kj_arena_free(&a);
}

/* Fails the Nth allocation of writing the sentences, for every N until
 * the writing needs fewer: each failure lands, and frees what it held
 * (under make SAN=1, LeakSanitizer says so). */
static void test_writing_sentences_out_of_memory_fails_cleanly(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    kj_network *net = kj_test_network(c, 0);
    int failed = 0;
    for (long n = 1;; n++) {
        kj_mem mem;
        jmp_buf landing;
        kj_mem_init(&mem);
        mem.landing = &landing;
        mem.fail_countdown = n;
        if (setjmp(landing) != 0) {
            assert_int_equal(mem.status, KJ_MEM_NOMEM);
            assert_string_equal(mem.why, "out of memory");
            kj_mem_release(&mem);
            failed++;
            continue;
        }
        write_all(net, &mem);
        kj_mem_keep(&mem);
        break;
    }
    assert_true(failed > 0); /* the writing allocates: some N failed it */
    kj_network_free(net);
    kj_case_free(c);
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentences_of_one_statement_name_it),
        cmocka_unit_test(test_the_next_day_says_when_it_begins_at_the_earliest),
        cmocka_unit_test(test_a_journey_says_its_claim_mode_and_numbers),
        cmocka_unit_test(test_a_presence_pair_speaks_of_one_record),
        cmocka_unit_test(test_a_network_to_decide_keeps_no_record),
        cmocka_unit_test(test_writing_sentences_out_of_memory_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
