/* test_runtime — the library runs as the kj_runtime it is given says, and
 * as nothing else: the phases are told to the listener, the piece size and
 * the threads are honoured, and the environment is never read. */
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

/* Two people no clause links, each with a journey too fast for the car:
 * two groups, so a small piece size cuts the network in two. */
static const char *const CASE_TEXT =
    "source s \"test\"\n"
    "person x \"X\"\n"
    "person y \"Y\"\n"
    "option radius 0 m\n"
    "place a 60.0 10.0 tz Europe/Oslo\n"
    "place b 60.5 10.0 tz Europe/Oslo\n"
    "mode car60: car max 60 km/h assumption \"test\"\n"
    "testimony tx by x source s\n"
    "  claim dx: x travels a -> b by car60, departs \"1935-12-10 15:00\", arrives \"1935-12-10 15:30\"\n"
    "testimony ty by y source s\n"
    "  claim dy: y travels b -> a by car60, departs \"1935-12-11 09:00\", arrives \"1935-12-11 09:20\"\n";

typedef struct heard {
    char phases[64][64];
    int n;
    char network[256]; /* the figures of the pruned networks */
} heard;

static void listen(void *ctx, const char *phase, const char *detail)
{
    heard *h = ctx;
    if (detail && !strcmp(phase, "network")) snprintf(h->network, sizeof h->network, "%s", detail);
    if (!detail && h->n < 64) snprintf(h->phases[h->n++], sizeof h->phases[0], "%s", phase);
}

static int heard_phase(const heard *h, const char *phase)
{
    for (int i = 0; i < h->n; i++)
        if (!strcmp(h->phases[i], phase)) return 1;
    return 0;
}

static char case_path[64];

static int setup(void **state)
{
    (void)state;
    snprintf(case_path, sizeof case_path, "/tmp/kj-runtime-%ld.case", (long)getpid());
    FILE *f = fopen(case_path, "w");
    if (!f) return -1;
    fputs(CASE_TEXT, f);
    return fclose(f);
}

static int teardown(void **state)
{
    (void)state;
    unlink(case_path);
    return 0;
}

/* Loads and checks the case as rt says; returns the text report (the
 * caller frees it) and fills *status. */
static char *check_with(const kj_runtime *rt, int *status)
{
    const char *paths[] = {case_path};
    int n_errors = -1;
    kj_case *c = kj_case_open(paths, 1, rt, NULL, NULL, &n_errors, NULL);
    assert_non_null(c);
    assert_int_equal(n_errors, 0);
    kj_report *r = kj_check(c, NULL, NULL);
    assert_non_null(r);
    *status = kj_report_status(r);
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    assert_non_null(mem);
    assert_int_equal(kj_render_text(c, r, mem), 0);
    fclose(mem);
    kj_report_free(r);
    kj_case_free(c);
    return text;
}

static void test_phases_are_told(void **state)
{
    (void)state;
    heard h = {0};
    kj_runtime rt = {.on_phase = listen, .phase_ctx = &h};
    int status;
    char *text = check_with(&rt, &status);
    assert_int_equal(status, KJ_EXIT_CONTRADICTION);
    const char *expected[] = {"parse", "resolve", "records", "networks (pruned) built and parts decided", "verdicts",
                              "corrections", "questions"};
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++)
        if (!heard_phase(&h, expected[i])) fail_msg("phase '%s' was not told", expected[i]);
    assert_non_null(strstr(h.network, "statements, 1 pieces"));
    free(text);
}

static void test_pieces_as_asked(void **state)
{
    (void)state;
    heard whole_h = {0}, cut_h = {0};
    kj_runtime whole = {.on_phase = listen, .phase_ctx = &whole_h};
    kj_runtime cut = {.piece_points = 1, .on_phase = listen, .phase_ctx = &cut_h};
    int whole_status, cut_status;
    char *whole_text = check_with(&whole, &whole_status), *cut_text = check_with(&cut, &cut_status);
    assert_non_null(strstr(cut_h.network, "statements, 2 pieces"));
    assert_int_equal(whole_status, cut_status);
    assert_string_equal(whole_text, cut_text);
    assert_non_null(strstr(whole_text, "2 contradictions found"));
    free(whole_text);
    free(cut_text);
}

static void test_threads_do_not_change_the_report(void **state)
{
    (void)state;
    kj_runtime one = {.threads = 1}, four = {.threads = 4};
    int one_status, four_status;
    char *one_text = check_with(&one, &one_status), *four_text = check_with(&four, &four_status);
    assert_int_equal(one_status, four_status);
    assert_string_equal(one_text, four_text);
    free(one_text);
    free(four_text);
}

/* The command line's knobs are the command line's: set in the environment,
 * they change nothing a program linking the library asks for. */
static void test_environment_is_not_read(void **state)
{
    (void)state;
    setenv("KJELLER_PIECE", "1", 1);
    setenv("KJELLER_TIMING", "1", 1);
    heard h = {0};
    kj_runtime rt = {.on_phase = listen, .phase_ctx = &h};
    int status;
    char *text = check_with(&rt, &status);
    unsetenv("KJELLER_PIECE");
    unsetenv("KJELLER_TIMING");
    assert_non_null(strstr(h.network, "statements, 1 pieces"));
    free(text);
}

static void test_defaults_filled_in(void **state)
{
    (void)state;
    kj_runtime d = kj_runtime_fill(NULL);
    assert_true(d.threads >= 1 && d.threads <= 8);
    assert_int_equal(d.piece_points, 8192);
    assert_int_equal(d.apsp_max_points, 256);
    assert_null(d.on_phase);
    kj_runtime asked = kj_runtime_fill(&(kj_runtime){.threads = 1000, .apsp_max_points = -7, .piece_points = 5});
    assert_int_equal(asked.threads, 64);
    assert_int_equal(asked.apsp_max_points, -1);
    assert_int_equal(asked.piece_points, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phases_are_told),
        cmocka_unit_test(test_pieces_as_asked),
        cmocka_unit_test(test_threads_do_not_change_the_report),
        cmocka_unit_test(test_environment_is_not_read),
        cmocka_unit_test(test_defaults_filled_in),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
