/* test_fmt — src/fmt.c: kj_fmt's layout of lines worked out by hand (the
 * spacing of each punctuation mark, the depth of claims, continuation
 * lines and comment lines, the column of trailing comments, blank lines,
 * CRLF and a BOM), strings and comments kept byte for byte, idempotence,
 * an include not followed, a file that does not parse refused with check's
 * error, and memory running out at every allocation of a call: a value,
 * with nothing returned and nothing left behind (ASan watches). */
#include "kj_test.h"

/* The layout of text, which must be one (the caller frees it). */
static char *laid_out(const char *text)
{
    kj_test_diags diags = {0};
    char *out = NULL;
    size_t size = 0;
    int n_errors = -1;
    kj_failure failure;
    int status = kj_fmt("t.case", text, strlen(text), NULL, kj_test_record, &diags, &n_errors, &out, &size, &failure);
    assert_int_equal(status, KJ_EXIT_CONSISTENT);
    assert_int_equal(n_errors, 0);
    assert_int_equal(diags.n, 0);
    assert_non_null(out);
    assert_int_equal(strlen(out), size);
    return out;
}

/* text laid out is want, and want laid out is want. */
static void expect_layout(const char *text, const char *want)
{
    char *got = laid_out(text);
    assert_string_equal(got, want);
    char *again = laid_out(got);
    assert_string_equal(again, want);
    free(again);
    free(got);
}

static void test_spacing_between_tokens(void **state)
{
    (void)state;
    /* one space; none before ':' and ','; '..' as written; '->' spaced */
    expect_layout("person  x\t\"X\"   alias A ,B\n", "person x \"X\" alias A, B\n");
    expect_layout("testimony t by x source s\nclaim c : x travels a->b by car-1947 ,arrives 1935-12-01 .. 1935-12-02\n",
                  "testimony t by x source s\n  claim c: x travels a -> b by car-1947, arrives 1935-12-01 .. 1935-12-02\n");
    expect_layout("fact f: x at a throughout 1935-11-01..1935-11-30 source s\n",
                  "fact f: x at a throughout 1935-11-01..1935-11-30 source s\n");
    /* '+-' stays as written, and so does the spelling of numbers */
    expect_layout("place a 59.90   10.700 +-  2 km tz Europe/Oslo\n", "place a 59.90 10.700 +- 2 km tz Europe/Oslo\n");
}

static void test_depths(void **state)
{
    (void)state;
    expect_layout("register r at k covers 1935-12\n records arrival by air source s\n\t\t  entry e: unrelated source s\n"
                  "entry e2: unrelated\n     source s\n",
                  "register r at k covers 1935-12\n  records arrival by air source s\n  entry e: unrelated source s\n"
                  "  entry e2: unrelated\n    source s\n");
}

static void test_comments(void **state)
{
    (void)state;
    /* a run of trailing comments in one column, two spaces after the
     * longest line; a line without one ends the run */
    expect_layout("source s \"S\" ; one\nsource longer-id \"L\";two\nperson x\nperson y ;  three   \n",
                  "source s \"S\"          ; one\nsource longer-id \"L\"  ;two\nperson x\nperson y  ;  three\n");
    /* a comment line indented as the claim after it; an indented one
     * before a statement at column 1 as deep as the code above it */
    expect_layout("testimony t by x source s\n; before\nclaim c: x at a in 1935\n   ; under c\n; top\nsource s \"S\"\n",
                  "testimony t by x source s\n  ; before\n  claim c: x at a in 1935\n  ; under c\n; top\nsource s \"S\"\n");
    /* a ';' in a string is no comment; escapes kept as written */
    expect_layout("source s \"a \\\"q\\\" ; b \\\\ \\n\"   ; c\n", "source s \"a \\\"q\\\" ; b \\\\ \\n\"  ; c\n");
}

static void test_blank_lines_line_ends_and_bom(void **state)
{
    (void)state;
    expect_layout("\n\n; head\n\n\n\nsource s \"S\"\n\n\n", "; head\n\nsource s \"S\"\n");
    expect_layout("\xEF\xBB\xBFsource s \"S\"\r\nperson x \"\xC3\xB8\"  \r\n", "source s \"S\"\nperson x \"\xC3\xB8\"\n");
    expect_layout("source s \"S\"", "source s \"S\"\n");
    expect_layout("", "");
    expect_layout("\n \n\t\n", "");
}

static void test_include_not_followed(void **state)
{
    (void)state;
    expect_layout("include   \"no/such/file.case\"\n", "include \"no/such/file.case\"\n");
}

static void test_a_file_that_does_not_parse(void **state)
{
    (void)state;
    const char *text = "source s \"S\"\nsourc t \"T\"\n";
    kj_test_diags diags = {0};
    char *out = (char *)1;
    size_t size = 1;
    int n_errors = 0;
    kj_failure failure;
    int status = kj_fmt("t.case", text, strlen(text), NULL, kj_test_record, &diags, &n_errors, &out, &size, &failure);
    assert_int_equal(status, KJ_EXIT_BAD_INPUT);
    assert_int_equal(n_errors, 1);
    assert_null(out);
    assert_int_equal(size, 0);
    assert_int_equal(diags.d[0].line, 2);
    assert_int_equal(diags.d[0].col, 1);
    assert_string_equal(diags.d[0].message, "unknown statement 'sourc'");
    assert_true(diags.d[0].has_line_text);
}

/* Every allocation of a call fails in turn: each such call says "out of
 * memory" and returns nothing; the first that does not fail lays out the
 * file as a call without faults does. */
static void test_memory_running_out(void **state)
{
    (void)state;
    const char *path = "examples/moscow-1937/pyatakov.case";
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    char *want = laid_out(text);
    long failed = 0;
    for (long at = 1;; at++) {
        kj_runtime rt = {.fail_alloc_after = at};
        char *out = NULL;
        size_t size = 0;
        int n_errors = 0;
        kj_failure failure;
        int status = kj_fmt(path, text, n, &rt, NULL, NULL, &n_errors, &out, &size, &failure);
        if (status == KJ_EXIT_CONSISTENT) {
            assert_string_equal(out, want);
            free(out);
            break;
        }
        assert_int_equal(status, KJ_EXIT_INTERNAL);
        assert_true(failure.failed);
        assert_string_equal(failure.why, "out of memory");
        assert_null(out);
        failed++;
    }
    assert_true(failed > 50); /* the parse, the layout and its check all allocate */
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spacing_between_tokens),
        cmocka_unit_test(test_depths),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_blank_lines_line_ends_and_bom),
        cmocka_unit_test(test_include_not_followed),
        cmocka_unit_test(test_a_file_that_does_not_parse),
        cmocka_unit_test(test_memory_running_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
