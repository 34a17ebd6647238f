/* test_faults — memory running out anywhere in a call is a value: for
 * every N, a load whose Nth allocation fails returns NULL with "out of
 * memory", having called no one back with half a case, and leaves nothing
 * behind (the ASan build's leak check and use-after-free checks watch each
 * run).  SQLite's fault injection, on kjeller's calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kj.h"

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kj-faults-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void count_diag(void *ctx, const kj_diag *d)
{
    (void)d;
    ++*(int *)ctx;
}

/* Loads paths with the Nth allocation failing, for N = 1, 2, ... until a
 * load runs through; returns how many allocations that took.  Every
 * failed load must say why, and no failed load may have delivered its
 * diagnostics as if the case had been read. */
static long fail_each_allocation(const char *const *paths, int n_paths, int expect_errors)
{
    for (long n = 1;; n++) {
        kj_runtime rt = {.fail_alloc_after = n, .threads = 1};
        kj_failure failure;
        int n_errors = -1, n_diags = 0;
        kj_case *c = kj_case_open(paths, n_paths, &rt, count_diag, &n_diags, &n_errors, &failure);
        if (failure.failed) {
            assert_null(c);
            assert_string_equal(failure.why, "out of memory");
            assert_int_equal(n_errors, 1);
            continue;
        }
        /* ran through: the same as a load with no fault */
        kj_case *plain = kj_case_open(paths, n_paths, NULL, NULL, NULL, &n_errors, &failure);
        assert_int_equal(failure.failed, 0);
        assert_int_equal(c == NULL, plain == NULL);
        assert_int_equal(c == NULL, expect_errors);
        if (c) assert_int_equal(c->n_stmts, plain->n_stmts);
        kj_case_free(c);
        kj_case_free(plain);
        return n;
    }
}

static void test_load_of_a_real_case(void **state)
{
    (void)state;
    const char *paths[] = {"examples/moscow-1937/pyatakov.case"};
    long n = fail_each_allocation(paths, 1, 0);
    print_message("pyatakov.case: every one of %ld allocations failed in turn\n", n);
    assert_true(n > 10);
}

/* Includes (a file opened, read, closed), a bad line (diagnostics kept and
 * sorted) and a did-you-mean: each allocation of those paths fails too. */
static void test_load_with_includes_and_errors(void **state)
{
    (void)state;
    write_file("places.case", "place oslo 59.91 10.75 tz Europe/Oslo\nplace kjeller 59.97 11.04 tz Europe/Oslo\n");
    write_file("main.case", "include \"places.case\"\n"
                            "source s \"test\"\n"
                            "person p \"P\"\n"
                            "testimony t by p source s\n"
                            "  claim a: p at osloo on 1935-12-12\n"
                            "  claim b: p at kjeller on 1935-12-13\n"
                            "bogus line here\n");
    char main_path[128];
    snprintf(main_path, sizeof main_path, "%s/main.case", dir);
    const char *paths[] = {main_path};
    long n = fail_each_allocation(paths, 1, 1);
    assert_true(n > 10);
}

static void test_load_of_a_buffer_says_internal_error(void **state)
{
    (void)state;
    /* the functions without a kj_failure tell the diagnostic callback */
    const char *paths[] = {"examples/moscow-1937/holtzman.case"};
    kj_runtime rt = {.fail_alloc_after = 3};
    int n_errors = -1, n_diags = 0;
    kj_case *c = kj_case_open(paths, 1, &rt, count_diag, &n_diags, &n_errors, NULL);
    assert_null(c);
    assert_int_equal(n_errors, 1);
    assert_int_equal(n_diags, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_of_a_real_case),
        cmocka_unit_test(test_load_with_includes_and_errors),
        cmocka_unit_test(test_load_of_a_buffer_says_internal_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
