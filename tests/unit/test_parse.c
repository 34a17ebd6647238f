/* test_parse — the lexer, parser and resolver through the public API:
 * diagnostics carry the right line, column, message and hint, all errors
 * of a file come in one run in line order, and odd input never crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kj_test.h"

static kj_case *load(const char *text, kj_test_diags *s) { return kj_test_load_diags(text, strlen(text), s); }

static const char *const OK =
    "; a small valid case\n"
    "source s \"a \\\"quoted\\\" citation\"\n"
    "person p \"P\" alias Pe, \"P. E.\"\n"
    "place a 60.0 10.0 ± 2 km tz Europe/Oslo \"A\"\n"
    "place b 60.5 10.0 +- 500 m tz Europe/Oslo\n"
    "place ab one of a, b\n"
    "testimony t by Pe source s\n"
    "  claim c1: p travels a -> b by car\n"
    "    departs \"1 December 1935, about 3 p.m.\", takes \"about two hours\"\n"
    "  claim c2: p at ab, right after\n";

static void test_valid_case_loads(void **state)
{
    (void)state;
    kj_test_diags s;
    kj_case *c = load(OK, &s);
    assert_non_null(c);
    assert_int_equal(s.n, 0);
    int a = kj_test_find(c, "a");
    assert_true(c->stmts[a].place->radius_m == 2000);
    assert_string_equal(kj_test_stmt(c, "s")->label, "a \"quoted\" citation");
    /* the alias resolves to the person */
    assert_int_equal(kj_test_stmt(c, "t")->testimony->person.idx, kj_find_stmt(c, "p"));
    /* "right after" with no name follows the previous claim */
    assert_int_equal(kj_test_stmt(c, "c2")->claim->seq_ref.idx, kj_find_stmt(c, "c1"));
    kj_case_free(c);
}

static void expect_one(const char *text, int line, int col, const char *msg_part, const char *hint_part)
{
    kj_test_diags s;
    kj_case *c = load(text, &s);
    assert_null(c);
    assert_true(s.n >= 1);
    if (!strstr(s.d[0].message, msg_part)) fail_msg("message '%s' lacks '%s'", s.d[0].message, msg_part);
    assert_int_equal(s.d[0].line, line);
    assert_int_equal(s.d[0].col, col);
    if (hint_part && !strstr(s.d[0].hint, hint_part)) fail_msg("hint '%s' lacks '%s'", s.d[0].hint, hint_part);
}

static void test_errors_have_position_message_and_hint(void **state)
{
    (void)state;
    expect_one("source s \"open\n", 1, 10, "unclosed string", "closing");
    expect_one("source s \"x\"\nplace a 1 2 tz UTC\x01\n", 2, 19, "unexpected character", NULL);
    expect_one("sourse s \"x\"\n", 1, 1, "unknown statement 'sourse'", "did you mean 'source'?");
    expect_one("source s \"x\"\nplace kjeller 1 2 tz UTC\nperson p \"P\"\ntestimony t by p source s\n  claim c: p at kjeler\n",
               5, 17, "unknown place 'kjeler'", "did you mean 'kjeller'?");
    expect_one("place a 1 2 tz UTC\nplace a 3 4 tz UTC\n", 2, 7, "duplicate id 'a'", "first defined");
    expect_one("place a 91 2 tz UTC\n", 1, 9, "latitude 91 out of range", NULL);
    expect_one("place a 1 2 tz Europe/Olso\n", 1, 16, "unknown time zone", "Europe/Oslo");
    expect_one("source s \"x\"\nplace a 1 2 tz UTC\nperson p \"P\"\ntestimony t by p source s\n  claim c: p at a in \"Smarch 1935\"\n",
               5, 22, "cannot read time", NULL);
}

static void test_nul_and_bad_utf8(void **state)
{
    (void)state;
    kj_test_diags s;
    const char bin[] = "source s \"x\"\nplace a\0 1 2\n\xff\xfe\n";
    kj_case *c = kj_test_load_diags(bin, sizeof bin - 1, &s);
    assert_null(c);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(s.d[0].message, "NUL byte"));
    assert_int_equal(s.d[0].line, 2);
    assert_non_null(strstr(s.d[1].message, "invalid UTF-8"));
    assert_int_equal(s.d[1].line, 3);
}

static void test_all_errors_in_line_order(void **state)
{
    (void)state;
    kj_test_diags s;
    kj_case *c = load("option abuot 50%\nplace a 1 2 tz Nowhere/Zone\nfact f: nobody at a throughout 1935 source s\n", &s);
    assert_null(c);
    assert_true(s.n >= 3);
    for (int i = 1; i < s.n && i < KJ_TEST_MAX_DIAGS; i++) assert_true(s.d[i].line >= s.d[i - 1].line);
    assert_int_equal(s.d[0].line, 1);
}

static void test_empty_comment_only_and_long_lines(void **state)
{
    (void)state;
    kj_test_diags s;
    kj_case *c = load("", &s);
    assert_non_null(c);
    kj_case_free(c);
    c = load("; nothing but a comment\n\n   \n; and another", &s);
    assert_non_null(c);
    kj_case_free(c);
    /* a 100 KB line: one clear error, no crash */
    size_t n = 100000;
    char *big = malloc(n + 32);
    memcpy(big, "source s \"", 10);
    memset(big + 10, 'x', n);
    strcpy(big + 10 + n, "\"\n");
    c = load(big, &s);
    assert_non_null(c); /* a long citation is fine */
    kj_case_free(c);
    memcpy(big, "place  ", 7);
    memset(big + 7, 'y', n);
    strcpy(big + 7 + n, " 1 2 tz UTC\n");
    c = load(big, &s);
    assert_non_null(c); /* a long id is fine too */
    kj_case_free(c);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_case_loads),
        cmocka_unit_test(test_errors_have_position_message_and_hint),
        cmocka_unit_test(test_nul_and_bad_utf8),
        cmocka_unit_test(test_all_errors_in_line_order),
        cmocka_unit_test(test_empty_comment_only_and_long_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
