/* test_stmt — the fields several kinds of statement share, read through
 * stmt.h: each kind that has one gives its own, every other kind NULL, so
 * code that treats kinds alike never reads another kind's struct. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kj_test.h"
#include "stmt.h"

static const char *const CASE =
    "source s \"a source\"\n"
    "person p \"P\"\n"
    "person q \"Q\"\n"
    "place oslo 59.91 10.75 tz Europe/Oslo\n"
    "place house tz Europe/Oslo\n"
    "entity hotel kind hotel at oslo exists 1901..1917 source s\n"
    "register reg at hotel covers 1935-12 records stay where room = 12 source s\n"
    "  entry e1: on 1935-12-03 where room = 12 source s\n"
    "fact f: q at house throughout 1935-12 source s\n"
    "testimony t by p source s\n"
    "  claim c: p at hotel in 1935-12-05 takes \"1 hour\"\n"
    "assume c room = 12\n"
    "option radius 500 m\n";

/* The statements of CASE that are not shipped defaults, by kind. */
static const char *const IDS[] = {"s", "p", "oslo", "hotel", "reg", "e1", "f", "t", "c", "c.room", "option:radius"};
enum { N_IDS = sizeof IDS / sizeof IDS[0] };

static void test_at_person_and_store_only_where_a_kind_has_them(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    for (int i = 0; i < N_IDS; i++) {
        const kj_stmt *s = kj_test_stmt(c, IDS[i]);
        int has_at = s->kind == ST_ENTITY || s->kind == ST_REGISTER || s->kind == ST_FACT || s->kind == ST_CLAIM;
        int has_person = s->kind == ST_FACT || s->kind == ST_TESTIMONY || s->kind == ST_CLAIM;
        if (has_at != (kj_stmt_at(s) != NULL)) fail_msg("%s: at %s", IDS[i], has_at ? "missing" : "given");
        if (has_person != (kj_stmt_person(s) != NULL)) fail_msg("%s: person %s", IDS[i], has_person ? "missing" : "given");
        if ((s->kind == ST_REGISTER) != (kj_stmt_store(s) != NULL)) fail_msg("%s: store", IDS[i]);
    }
    /* each its own */
    assert_int_equal(kj_stmt_at(kj_test_stmt(c, "hotel"))->idx, kj_test_find(c, "oslo"));
    assert_int_equal(kj_stmt_at(kj_test_stmt(c, "reg"))->idx, kj_test_find(c, "hotel"));
    assert_int_equal(kj_stmt_at(kj_test_stmt(c, "f"))->idx, kj_test_find(c, "house"));
    assert_int_equal(kj_stmt_at(kj_test_stmt(c, "c"))->idx, kj_test_find(c, "hotel"));
    assert_int_equal(kj_stmt_person(kj_test_stmt(c, "f"))->idx, kj_test_find(c, "q"));
    assert_int_equal(kj_stmt_person(kj_test_stmt(c, "t"))->idx, kj_test_find(c, "p"));
    assert_int_equal(kj_stmt_person(kj_test_stmt(c, "c"))->idx, kj_test_find(c, "p"));
    assert_null(kj_stmt_store(kj_test_stmt(c, "reg"))->name); /* its entries are inline */
    kj_case_free(c);
}

/* The first reading is the main time's: an entry's, a fact's or a claim's
 * own (and none for a kind without one, however its struct is laid out). */
static void test_main_time_reading_of_entries_facts_and_claims(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    const char *rd[KJ_STMT_READINGS];
    for (int i = 0; i < N_IDS; i++) {
        const kj_stmt *s = kj_test_stmt(c, IDS[i]);
        kj_stmt_readings(s, rd);
        const char *own = s->kind == ST_ENTRY ? s->entry->when_reading
                          : s->kind == ST_FACT ? s->fact->when_reading
                          : s->kind == ST_CLAIM ? s->claim->when_reading : NULL;
        int timed = s->kind == ST_ENTRY || s->kind == ST_FACT || s->kind == ST_CLAIM;
        if (timed != (rd[0] != NULL) || rd[0] != own) fail_msg("%s: main time's reading", IDS[i]);
    }
    kj_stmt_readings(kj_test_stmt(c, "e1"), rd);
    assert_non_null(strstr(rd[0], "1935-12-03"));
    kj_case_free(c);
}

static void test_readings_in_report_order(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(CASE);
    const char *rd[KJ_STMT_READINGS];
    kj_stmt_readings(kj_test_stmt(c, "c"), rd);
    assert_non_null(rd[0]);                 /* in 1935-12-05 */
    assert_null(rd[1]);                     /* no departure */
    assert_null(rd[2]);                     /* no arrival */
    assert_non_null(rd[3]);                 /* takes 1 hour */
    assert_null(rd[4]);
    assert_null(rd[5]);
    kj_stmt_readings(kj_test_stmt(c, "hotel"), rd);
    for (int k = 0; k < KJ_STMT_READINGS; k++) assert_true(k == 4 ? rd[k] != NULL : rd[k] == NULL);
    assert_ptr_equal(rd[4], kj_test_stmt(c, "hotel")->entity->life_reading);
    kj_stmt_readings(kj_test_stmt(c, "reg"), rd);
    for (int k = 0; k < KJ_STMT_READINGS; k++) assert_true(k == 5 ? rd[k] != NULL : rd[k] == NULL);
    kj_stmt_readings(kj_test_stmt(c, "oslo"), rd);
    for (int k = 0; k < KJ_STMT_READINGS; k++) assert_null(rd[k]);
    kj_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_at_person_and_store_only_where_a_kind_has_them),
        cmocka_unit_test(test_main_time_reading_of_entries_facts_and_claims),
        cmocka_unit_test(test_readings_in_report_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
