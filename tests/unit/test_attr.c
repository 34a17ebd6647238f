/* test_attr — src/attr.h: values that differ only in case (ASCII or not,
 * full folding), White_Space at the ends or inside, or normalization are
 * the same; values that differ otherwise are not; values that differ only
 * in white space, punctuation and symbols may be the same (the match
 * form), and letters, accents and digits still tell them apart; the
 * canonical and match forms agree with their comparisons, ASCII or not,
 * and values with no letter or digit are blank. */
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
    assert_true(kj_attr_blank("-", 1));
    assert_true(kj_attr_blank(" ? ", 3));
    assert_true(kj_attr_blank("\xe2\x80\x94", 3)); /* em dash */
    assert_false(kj_attr_blank("x", 1));
    assert_false(kj_attr_blank("0", 1));
    assert_false(kj_attr_blank(" \xc3\xa9 ", 4));
    assert_false(kj_attr_blank("\xd9\xa3", 2)); /* ARABIC-INDIC DIGIT THREE */
}

static int may(const char *a, const char *b) { return kj_attr_may_be_same(a, strlen(a), b, strlen(b)); }

static void test_may_be_same(void **state)
{
    (void)state;
    static const char *const alike[][2] = {
        {"AB12 CDE", "ab12cde"},
        {"AB12 CDE", "AB12-CDE"},
        {"AB12\xc2\xa0" "CDE", "ab12.cde"},
        {"DL 123", "DL123"},
        {"aa:bb:cc:dd:ee:ff", "AABBCCDDEEFF"},
        {"+44 7700 900123", "447700900123"},
        {"civil aircraft", "civilaircraft"},
        {"priv\xc3\xa9", "PRIVE\xcc\x81!"},
        {"stra\xc3\x9f" "e", "STRASSE"},
        {"", "-"},
    };
    for (size_t i = 0; i < sizeof alike / sizeof alike[0]; i++) {
        assert_true(may(alike[i][0], alike[i][1]));
        assert_true(may(alike[i][1], alike[i][0]));
        assert_true(same(alike[i][0], alike[i][0]));
    }
    static const char *const apart[][2] = {
        {"AB12 CDE", "AB12 CDF"},
        {"civil", "civilian"},
        {"priv\xc3\xa9", "prive"},
        {"1", "2"},
        {"civil", ""},
    };
    for (size_t i = 0; i < sizeof apart / sizeof apart[0]; i++) {
        assert_false(may(apart[i][0], apart[i][1]));
        assert_false(may(apart[i][1], apart[i][0]));
    }
    /* what may be the same is not therefore the same: scope reads strictly */
    assert_false(same("-1", "1"));
    assert_true(may("-1", "1"));
    assert_false(same("AB12 CDE", "AB12CDE"));
}

static void test_match_key_agrees(void **state)
{
    (void)state;
    size_t n = 0;
    char *key = kj_attr_match_key(" AB12\xc2\xa0-\xc3\x89 ", strlen(" AB12\xc2\xa0-\xc3\x89 "), &n);
    assert_non_null(key);
    assert_string_equal(key, "ab12\xc3\xa9");
    assert_int_equal(n, strlen(key));
    assert_true(kj_attr_has_match_key(key, n, "AB12 E\xcc\x81", strlen("AB12 E\xcc\x81")));
    assert_false(kj_attr_has_match_key(key, n, "AB12 E", 6));
    free(key);
    key = kj_attr_match_key("AB12 CDE", 8, &n);
    assert_string_equal(key, "ab12cde");
    assert_true(kj_attr_has_match_key(key, n, "ab12-cde", 8));
    assert_true(kj_attr_has_match_key(key, n, " A B 1 2 C D E ", 15));
    assert_false(kj_attr_has_match_key(key, n, "ab12cd", 6));
    assert_false(kj_attr_has_match_key(key, n, "ab12cdee", 8));
    free(key);
    /* ASCII and ICU agree on every printable ASCII character alone */
    for (int ch = 0x20; ch < 0x7f; ch++) {
        char v[2] = {(char)ch, 0};
        char *k = kj_attr_match_key(v, 1, &n);
        assert_non_null(k);
        assert_int_equal(kj_attr_blank(v, 1), n == 0);
        assert_true(kj_attr_has_match_key(k, n, v, 1));
        free(k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_spellings),
        cmocka_unit_test(test_different_values),
        cmocka_unit_test(test_key_agrees),
        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_may_be_same),
        cmocka_unit_test(test_match_key_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
