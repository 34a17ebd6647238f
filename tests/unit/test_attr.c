/* test_attr — src/attr.h: values that differ only in case (ASCII or not,
 * full folding), White_Space at the ends or inside, or normalization are
 * the same; values that differ otherwise are not; values that differ only
 * in white space, punctuation, symbols, accents, compatibility forms or
 * look-alike letters of other scripts may be the same, as may partial
 * reads, numbers of one value, telephone numbers with and without their
 * prefix and names in another order; letters and digits still tell them
 * apart; and values with no letter or digit, or "N/A", are blank. */
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
    static const char *const blank[] = {"", " \t\xc2\xa0", "-", " ? ", "\xe2\x80\x94" /* em dash */,
                                        "\xcc\x81" /* a combining accent alone */, "\xcc\x80\xcc\x81", "\xe2\x83\x9d",
                                        "N/A", "n.a.", "unknown", "NO READ", "Not read", "null", "***", "??"};
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++) assert_true(kj_attr_blank(blank[i], strlen(blank[i])));
    static const char *const value[] = {"x", "0", " \xc3\xa9 ", "\xd9\xa3" /* ARABIC-INDIC DIGIT THREE */, "NA1", "C??",
                                        "\xe6\x9d\xb1" /* a CJK ideograph */};
    for (size_t i = 0; i < sizeof value / sizeof value[0]; i++) assert_false(kj_attr_blank(value[i], strlen(value[i])));
}

static int may(const char *key, const char *a, const char *b) { return kj_attr_may_be(key, a, strlen(a), b, strlen(b)); }

static void check_pairs(const char *key, const char *const (*pairs)[2], size_t n, int want)
{
    for (size_t i = 0; i < n; i++) {
        if (may(key, pairs[i][0], pairs[i][1]) != want || may(key, pairs[i][1], pairs[i][0]) != want)
            fail_msg("%s may be %s: %d expected", pairs[i][0], pairs[i][1], want);
    }
}

static void test_may_be(void **state)
{
    (void)state;
    static const char *const alike[][2] = {
        {"AB12 CDE", "ab12cde"},
        {"AB12 CDE", "AB12-CDE"},
        {"AB12\xc2\xa0" "CDE", "ab12.cde"},
        {"DL 123", "DL123"},
        {"aa:bb:cc:dd:ee:ff", "AABBCCDDEEFF"},
        {"civil aircraft", "civilaircraft"},
        {"priv\xc3\xa9", "PRIVE\xcc\x81!"},
        {"priv\xc3\xa9", "prive"},                       /* accents dropped */
        {"M\xc3\x9cLLER", "muller"},
        {"stra\xc3\x9f" "e", "STRASSE"},
        {"\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\x91\xef\xbc\x92 \xef\xbc\xa3\xef\xbc\xa4\xef\xbc\xa5", "AB12 CDE"}, /* fullwidth */
        {"AB\xef\xbc\x91\xef\xbc\x92" "CDE", "AB12CDE"},
        {"\xf0\x9d\x90\x80" "B12CDE", "AB12CDE"},          /* MATHEMATICAL BOLD CAPITAL A */
        {"\xe2\x92\xb6" "B12CDE", "AB12CDE"},              /* CIRCLED LATIN CAPITAL A */
        {"\xc7\x84", "D\xc5\xbd"},                         /* DZ WITH CARON, one character or two */
        {"\xd0\x90\xd0\x92" "12 \xd0\xa1" "D\xd0\x95", "AB12 CDE"}, /* Cyrillic A, VE, ES, IE */
        {"\xce\x91\xce\x92" "12", "AB12"},                 /* Greek ALPHA, BETA */
        {"AB12 C??", "AB12CDE"},                           /* a partial read */
        {"AB12 C**", "AB12CDE"},
        {"*CDE", "AB12 CDE"},
        {"AB*", "*DE"},
        {"4471.0", "4471"},
        {"04471", "4471"},
        {"+44 7700 900123", "07700 900123"},               /* with and without the country code */
        {"447700900123", "7700900123"},
        {"", "-"},
        {"\xcc\x81", "DL 123"},                           /* no value */
        {"N/A", "AB12CDE"},
    };
    check_pairs("plate", alike, sizeof alike / sizeof alike[0], 1);
    static const char *const apart[][2] = {
        {"AB12 CDE", "AB12 CDF"},
        {"civil", "civilian"},
        {"1", "2"},
        {"4471", "4417"},
        {"4471", "14471"},                                 /* a short number ending another is another */
        {"AB12 C??", "AB12 CDEF"},
        {"A*", "B*"},
        {"civil", "x"},
        {"Smith", "John Smith"},                           /* words are names only for subject and name */
    };
    check_pairs("plate", apart, sizeof apart / sizeof apart[0], 0);
    static const char *const names[][2] = {
        {"SMITH, John", "John Smith"},
        {"SMITH/JOHN MR", "John Smith"},
        {"J. Smith", "John Smith"},
        {"Smith", "John Smith"},
        {"Daniel Reeve", "REEVE D"},
    };
    check_pairs("subject", names, sizeof names / sizeof names[0], 1);
    check_pairs("name", names, sizeof names / sizeof names[0], 1);
    static const char *const other_names[][2] = {
        {"John Smith", "Jane Smith"},
        {"J. Smith", "K. Smith"},
        {"John Smith", "John Smyth"},
    };
    check_pairs("subject", other_names, sizeof other_names / sizeof other_names[0], 0);
    /* what may be the same is not therefore the same: scope reads strictly */
    assert_false(same("-1", "1"));
    assert_true(may("level", "-1", "1"));
    assert_false(same("AB12 CDE", "AB12CDE"));
}

/* A long value (past the form's stack buffer) is compared whole. */
static void test_may_be_long(void **state)
{
    (void)state;
    char a[2000], b[2000];
    for (int i = 0; i < 1999; i++) a[i] = b[i] = (char)('a' + i % 26);
    a[1999] = b[1999] = 0;
    assert_true(may("k", a, b));
    b[1500] = '-';
    assert_false(may("k", a, b));
    b[1500] = '?';
    assert_true(may("k", a, b));
    /* "é" in the middle: ICU's form, past its stack buffer too */
    memcpy(a + 1000, "\xc3\xa9", 2);
    memcpy(b + 1000, "e", 1);
    memmove(b + 1001, b + 1002, strlen(b + 1002) + 1);
    memmove(a + 1002, a + 1002, 0);
    b[1500 - 1] = a[1500]; /* (undo the wildcard, shifted by one) */
    assert_true(may("k", a, b));
    b[1700] = b[1700] == 'z' ? 'y' : 'z';
    assert_false(may("k", a, b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_spellings),
        cmocka_unit_test(test_different_values),
        cmocka_unit_test(test_key_agrees),
        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_may_be),
        cmocka_unit_test(test_may_be_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
