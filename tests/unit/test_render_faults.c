/* test_render_faults — a report is written whole or not at all.  For
 * every N, a rendering whose Nth allocation fails (kjeller's, jansson's,
 * a piece of the document gathered in memory) either returns -1 with
 * errno ENOMEM having written nothing, or runs through and writes the
 * very bytes a rendering with no fault writes: never another document
 * (a conflict, a proof step, a verdict left out) that reads as whole.
 *
 * A rendering takes no fail_alloc_after, and jansson's allocator is one
 * for the whole process (json_set_alloc_funcs), which a library without
 * globals may not set; so this test fails allocations from outside.  The
 * Makefile links it alone with -Wl,--wrap=malloc,--wrap=calloc,
 * --wrap=realloc: every allocation of libkjeller.a comes to the
 * __wrap_ functions below, and jansson's allocator is set to them, in
 * this program only.  Allocations inside libc (the streams' own buffers)
 * and ICU are not counted.
 *
 * The cases: examples/moscow-1937/pyatakov.case (three conflicts, each
 * proof an either/or, place premises, corrections, questions) and
 * tests/golden/register-one-of.case (a conflict's branches, a verdict
 * corroborated).  JSON, questions JSON, text and the HTML page are
 * swept at every N (the page's map draws from arrays compiled in, no
 * JSON parse: tools/topogen.c). */
#include <errno.h>
#include <jansson.h>
#include <limits.h>

#include "kj_test.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

/* The fault: while armed, allocation number fail_at (from 1) fails.
 * Of the allocations counted, jansson's are the first_jansson-th to the
 * last_jansson-th (0: none). */
static int armed;
static long allocations, fail_at, jansson_allocations, first_jansson, last_jansson;

static int fails_now(void)
{
    if (!armed) return 0;
    if (++allocations != fail_at) return 0;
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t n) { return fails_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return fails_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return fails_now() ? NULL : __real_realloc(p, n); }

static void *jansson_malloc(size_t n)
{
    if (armed) {
        jansson_allocations++;
        last_jansson = allocations + 1;
        if (!first_jansson) first_jansson = last_jansson;
    }
    return __wrap_malloc(n);
}

typedef int renderer(const kj_case *c, const kj_report *r, FILE *out);

typedef struct rendering {
    int rc, err;
    long allocations;         /* how many were made (or tried) */
    long jansson_allocations; /* of them, jansson's */
    char *data;       /* what was written (the caller frees) */
    size_t size;
} rendering;

/* Renders into memory with allocation `fail` failing (0: none). */
static rendering render_failing(const kj_case *c, const kj_report *r, renderer *render, long fail)
{
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    allocations = 0;
    jansson_allocations = first_jansson = last_jansson = 0;
    fail_at = fail;
    errno = 0;
    armed = 1;
    rendering got = {.rc = render(c, r, f)};
    armed = 0;
    got.err = errno;
    got.allocations = allocations;
    got.jansson_allocations = jansson_allocations;
    got.data = kj_test_mem_close(&m);
    got.size = m.size;
    return got;
}

/* Allocation n failed: the rendering says so and wrote nothing, or it ran
 * through and wrote what a rendering with no fault writes. */
static int assert_whole_or_nothing(const rendering *got, const rendering *whole, long n, const char *what)
{
    if (got->rc == 0) {
        if (got->size != whole->size || memcmp(got->data, whole->data, whole->size) != 0)
            fail_msg("%s: allocation %ld failed, and the rendering returned 0 with another document (%zu bytes, not %zu)",
                     what, n, got->size, whole->size);
        return 0;
    }
    if (got->rc != -1 || got->err != ENOMEM)
        fail_msg("%s: allocation %ld failed: returned %d, errno %d (want -1, ENOMEM)", what, n, got->rc, got->err);
    if (got->size != 0) fail_msg("%s: allocation %ld failed, and the rendering wrote %zu bytes", what, n, got->size);
    return 1;
}

/* Fails every allocation n in [from, to), every `step`-th, stopping when
 * a rendering runs through with no fault; returns how many failed. */
static long sweep(const kj_case *c, const kj_report *r, renderer *render, const rendering *whole, long from, long to,
                  long step, const char *what)
{
    long failed = 0;
    for (long n = from; n < to; n += step) {
        rendering got = render_failing(c, r, render, n);
        if (got.allocations < n) { /* no allocation n: the whole rendering again */
            assert_int_equal(got.rc, 0);
            assert_int_equal(got.size, whole->size);
            assert_memory_equal(got.data, whole->data, whole->size);
            free(got.data);
            break;
        }
        failed += assert_whole_or_nothing(&got, whole, n, what);
        free(got.data);
    }
    return failed;
}

/* A checked case, as `kjeller report` checks it (the whole network). */
typedef struct checked {
    kj_case *c;
    kj_report *r;
} checked;

static checked check_file(const char *path)
{
    checked k = {.c = kj_test_load_file(path)};
    kj_check_opts opts = {.whole_network = 1};
    k.r = kj_check(k.c, &opts, NULL);
    assert_non_null(k.r);
    return k;
}

static void checked_free(checked *k)
{
    kj_report_free(k->r);
    kj_case_free(k->c);
}

static const char *const CASES[] = {"examples/moscow-1937/pyatakov.case", "tests/golden/register-one-of.case"};

/* Every allocation of a rendering of each case fails in turn; the
 * rendering is whole or nothing each time, and a failure of at least one
 * of jansson's allocations was among them. */
static void sweep_every_allocation(renderer *render, const char *name, const char *must_hold)
{
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        checked k = check_file(CASES[i]);
        rendering whole = render_failing(k.c, k.r, render, 0);
        assert_int_equal(whole.rc, 0);
        assert_non_null(strstr(whole.data, must_hold));
        char what[128];
        snprintf(what, sizeof what, "%s of %s", name, CASES[i]);
        long failed = sweep(k.c, k.r, render, &whole, 1, LONG_MAX, 1, what);
        if (failed < 1) fail_msg("%s: no failed allocation failed the rendering", what);
        print_message("%s: %ld allocations (%ld of them jansson's): %ld failed the rendering, the rest changed nothing\n",
                      what, whole.allocations, whole.jansson_allocations, failed);
        free(whole.data);
        checked_free(&k);
    }
}

static void test_json_report_is_whole_or_nothing(void **state)
{
    (void)state;
    sweep_every_allocation(kj_render_json, "kj_render_json", "\"tz_data\"");
}

static void test_questions_json_is_whole_or_nothing(void **state)
{
    (void)state;
    sweep_every_allocation(kj_render_questions_json, "kj_render_questions_json", "\"questions\"");
}

static void test_text_report_is_whole_or_nothing(void **state)
{
    (void)state;
    sweep_every_allocation(kj_render_text, "kj_render_text", "verdicts:");
}

/* The sweeps reach jansson: most of a JSON report's allocations are its. */
static void test_json_allocations_are_jansson_s_too(void **state)
{
    (void)state;
    checked k = check_file(CASES[0]);
    rendering whole = render_failing(k.c, k.r, kj_render_json, 0);
    assert_int_equal(whole.rc, 0);
    if (whole.jansson_allocations * 2 < whole.allocations)
        fail_msg("only %ld of %ld allocations are jansson's", whole.jansson_allocations, whole.allocations);
    free(whole.data);
    checked_free(&k);
}

/* The page: its chart, focus charts, map and insets, and findings. */
static void test_html_report_is_whole_or_nothing(void **state)
{
    (void)state;
    sweep_every_allocation(kj_render_html, "kj_render_html", "</html>");
}

int main(void)
{
    /* jansson's allocations come to the wrappers too (this program only) */
    json_set_alloc_funcs(jansson_malloc, free);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_allocations_are_jansson_s_too),
        cmocka_unit_test(test_json_report_is_whole_or_nothing),
        cmocka_unit_test(test_questions_json_is_whole_or_nothing),
        cmocka_unit_test(test_text_report_is_whole_or_nothing),
        cmocka_unit_test(test_html_report_is_whole_or_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
