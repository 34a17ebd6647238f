/* test_attr — src/attr.h: values that differ only in case (ASCII or not,
 * full folding), White_Space at the ends or inside, or normalization are
 * the same; values that differ otherwise are not; the canonical form
 * agrees with the comparison, and blank values are told apart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "attr.h"

static int same(const char *a, const char *b) { return kj_attr_same(a, strlen(a), b, strlen(b)); }

static void test_same_spellings(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"civil", "civil"},
        {"civil", "CIVIL"},
        {"civil", " civil "},
        {"civil", "civil\xc2\xa0"},            /* no-break space */
        {"civil aircraft", "civil \t aircraft"},
        {"civil aircraft", "civil\xe2\x80\xaf" "aircraft"}, /* narrow no-break space inside */
        {"priv\xc3\xa9", "prive\xcc\x81"},      /* precomposed, decomposed */
        {"priv\xc3\xa9", "PRIV\xc3\x89"},       /* non-ASCII case */
        {"PRIVE\xcc\x81", "priv\xc3\xa9"},
        {"stra\xc3\x9f" "e", "STRASSE"},        /* full folding */
        {"k", "\xe2\x84\xaa"},                  /* KELVIN SIGN */
        {"", " "},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_true(same(pairs[i][0], pairs[i][1]));
        assert_true(same(pairs[i][1], pairs[i][0]));
    }
}

static void test_different_values(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"civil", "military"},
        {"civil", "civilian"},
        {"civil aircraft", "civilaircraft"},
        {"priv\xc3\xa9", "prive"},
        {"civil", ""},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        assert_false(same(pairs[i][0], pairs[i][1]));
        assert_false(same(pairs[i][1], pairs[i][0]));
    }
}

static void test_key_agrees(void **state)
{
    (void)state;
    size_t n = 0;
    char *key = kj_attr_key(" PRIVE\xcc\x81  Jet\xc2\xa0", strlen(" PRIVE\xcc\x81  Jet\xc2\xa0"), &n);
    assert_non_null(key);
    assert_string_equal(key, "priv\xc3\xa9 jet");
    assert_int_equal(n, strlen(key));
    assert_true(kj_attr_has_key(key, n, "Priv\xc3\xa9 JET", strlen("Priv\xc3\xa9 JET")));
    assert_false(kj_attr_has_key(key, n, "prive jet", 9));
    free(key);
    key = kj_attr_key("Civil", 5, &n);
    assert_true(kj_attr_has_key(key, n, "CIVIL", 5));
    assert_true(kj_attr_has_key(key, n, "CIVIL ", 6));
    free(key);
}

static void test_blank(void **state)
{
    (void)state;
    assert_true(kj_attr_blank("", 0));
    assert_true(kj_attr_blank(" \t\xc2\xa0", 4));
    assert_false(kj_attr_blank("x", 1));
    assert_false(kj_attr_blank(" \xc3\xa9 ", 4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_spellings),
        cmocka_unit_test(test_different_values),
        cmocka_unit_test(test_key_agrees),
        cmocka_unit_test(test_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
