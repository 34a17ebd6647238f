/* test_suggest — src/suggest.c: the edit distance of every did-you-mean,
 * with and without swaps of adjacent letters, ignoring ASCII case only,
 * and names too long to compare; the choice of a suggestion within a
 * limit, of equally close ones the first or the smallest; its hint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "suggest.h"

static int plain(const char *a, const char *b)
{
    return kj_edit_distance(a, strlen(a), b, strlen(b), KJ_EDITS_PLAIN);
}

static int swaps(const char *a, const char *b)
{
    return kj_edit_distance(a, strlen(a), b, strlen(b), KJ_EDITS_SWAPS);
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(plain("", "abc"), 3);
    assert_int_equal(swaps("", ""), 0);
    assert_int_equal(plain("kitten", "sitting"), 3);
    assert_int_equal(plain("palce", "place"), 2);
    assert_int_equal(swaps("palce", "place"), 1);
    assert_int_equal(swaps("Olso", "OSLO"), 1);
    assert_int_equal(swaps("ca", "abc"), 3); /* a swap is not followed by an insertion between */
    /* only ASCII letters fold: é and É are other bytes */
    assert_int_equal(plain("\xc3\xa9t\xc3\xa9", "\xc3\x89T\xc3\x89"), 2);
    /* the lengths bound the names: the rest is not read */
    assert_int_equal(kj_edit_distance("Decmberxyz", 7, "December", 8, KJ_EDITS_SWAPS), 1);
}

static void test_long_names(void **state)
{
    (void)state;
    char a[KJ_EDIT_MAX + 2], b[KJ_EDIT_MAX + 2];
    memset(a, 'a', sizeof a - 1);
    memset(b, 'a', sizeof b - 1);
    a[KJ_EDIT_MAX] = b[KJ_EDIT_MAX] = '\0';
    b[0] = 'b';
    assert_int_equal(plain(a, b), 1); /* KJ_EDIT_MAX bytes are still compared */
    a[KJ_EDIT_MAX] = 'a';
    a[KJ_EDIT_MAX + 1] = '\0';
    assert_int_equal(plain(a, b), KJ_EDIT_FAR);
    assert_int_equal(swaps(b, a), KJ_EDIT_FAR);
    /* a name of 300 bytes: len / 3 + 1 is past KJ_EDIT_FAR, and still
     * nothing it was not compared with is suggested */
    char w[301];
    memset(w, 'w', 300);
    w[300] = '\0';
    kj_suggest s = {.written = w, .written_len = 300, .limit = 300 / 3 + 1};
    assert_int_equal(kj_suggest_offer(&s, "source"), 0);
    assert_int_equal(kj_suggest_offer(&s, a), 0);
    assert_null(kj_suggest_hint(s.best, w, sizeof w));
}

static void test_limit(void **state)
{
    (void)state;
    kj_suggest s = {.written = "sourse", .written_len = 6, .limit = 1};
    assert_int_equal(kj_suggest_offer(&s, "sauce"), 0); /* 2 edits */
    assert_null(s.best);
    assert_int_equal(kj_suggest_offer(&s, "source"), 1);
    assert_string_equal(s.best, "source");
    assert_int_equal(s.best_distance, 1);
    assert_int_equal(kj_suggest_offer(&s, "sourse"), 1); /* closer */
    assert_int_equal(s.best_distance, 0);
}

static void test_ties(void **state)
{
    (void)state;
    kj_suggest first = {.written = "cat", .written_len = 3, .limit = 2};
    kj_suggest_offer(&first, "cot");
    assert_int_equal(kj_suggest_offer(&first, "bat"), 0);
    assert_string_equal(first.best, "cot");
    kj_suggest smallest = {.written = "cat", .written_len = 3, .limit = 2, .ties = KJ_TIES_SMALLEST};
    kj_suggest_offer(&smallest, "cot");
    assert_int_equal(kj_suggest_offer(&smallest, "bat"), 1);
    assert_int_equal(kj_suggest_offer(&smallest, "cut"), 0);
    assert_string_equal(smallest.best, "bat");
    /* a distance of the caller's own */
    assert_int_equal(kj_suggest_offer_at(&smallest, "Europe/Oslo", 0), 1);
    assert_string_equal(smallest.best, "Europe/Oslo");
    assert_int_equal(kj_suggest_offer_at(&smallest, "x", 3), 0);
}

static void test_hint(void **state)
{
    (void)state;
    char buf[16];
    assert_null(kj_suggest_hint(NULL, buf, sizeof buf));
    assert_string_equal(kj_suggest_hint("place", buf, sizeof buf), "did you mean 'p");
    char big[64];
    assert_string_equal(kj_suggest_hint("place", big, sizeof big), "did you mean 'place'?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_hint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
