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

#include "kj.h"

typedef struct seen {
    int n;
    int line[16], col[16];
    char msg[16][256], hint[16][256];
} seen;

static void collect(void *ctx, const kj_diag *d)
{
    seen *s = ctx;
    if (s->n >= 16) return;
    s->line[s->n] = d->line;
    s->col[s->n] = d->col;
    snprintf(s->msg[s->n], sizeof s->msg[0], "%s", d->message);
    snprintf(s->hint[s->n], sizeof s->hint[0], "%s", d->hint ? d->hint : "");
    s->n++;
}

static kj_case *load(const char *text, seen *s)
{
    memset(s, 0, sizeof *s);
    int n = -1;
    kj_case *c = kj_case_load_buffer("t.case", text, strlen(text), collect, s, &n);
    assert_int_equal(n, s->n);
    return c;
}

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
    seen s;
    kj_case *c = load(OK, &s);
    assert_non_null(c);
    assert_int_equal(s.n, 0);
    int a = kj_find_stmt(c, "a");
    assert_true(a >= 0);
    assert_true(c->stmts[a].dx->radius_m == 2000);
    assert_string_equal(c->stmts[kj_find_stmt(c, "s")].label, "a \"quoted\" citation");
    /* the alias resolves to the person */
    assert_int_equal(c->stmts[kj_find_stmt(c, "t")].person.idx, kj_find_stmt(c, "p"));
    /* "right after" with no name follows the previous claim */
    assert_int_equal(c->stmts[kj_find_stmt(c, "c2")].cx->seq_ref.idx, kj_find_stmt(c, "c1"));
    kj_case_free(c);
}

static void expect_one(const char *text, int line, int col, const char *msg_part, const char *hint_part)
{
    seen s;
    kj_case *c = load(text, &s);
    assert_null(c);
    assert_true(s.n >= 1);
    if (!strstr(s.msg[0], msg_part)) fail_msg("message '%s' lacks '%s'", s.msg[0], msg_part);
    assert_int_equal(s.line[0], line);
    assert_int_equal(s.col[0], col);
    if (hint_part && !strstr(s.hint[0], hint_part)) fail_msg("hint '%s' lacks '%s'", s.hint[0], hint_part);
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
    seen s;
    const char bin[] = "source s \"x\"\nplace a\0 1 2\n\xff\xfe\n";
    int n = -1;
    memset(&s, 0, sizeof s);
    kj_case *c = kj_case_load_buffer("t.case", bin, sizeof bin - 1, collect, &s, &n);
    assert_null(c);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(s.msg[0], "NUL byte"));
    assert_int_equal(s.line[0], 2);
    assert_non_null(strstr(s.msg[1], "invalid UTF-8"));
    assert_int_equal(s.line[1], 3);
}

static void test_all_errors_in_line_order(void **state)
{
    (void)state;
    seen s;
    kj_case *c = load("option abuot 50%\nplace a 1 2 tz Nowhere/Zone\nfact f: nobody at a throughout 1935 source s\n", &s);
    assert_null(c);
    assert_true(s.n >= 3);
    for (int i = 1; i < s.n; i++) assert_true(s.line[i] >= s.line[i - 1]);
    assert_int_equal(s.line[0], 1);
}

static void test_empty_comment_only_and_long_lines(void **state)
{
    (void)state;
    seen s;
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
