/* test_suggest — src/suggest.c: the edit distance of every did-you-mean,
 * with and without swaps of adjacent letters, ignoring ASCII case only,
 * and names too long to compare. */
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_long_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
