/* test_faults — memory running out anywhere in a call is a value: for
 * every N, a load whose Nth allocation fails returns NULL with "out of
 * memory", having called no one back with half a case, and leaves nothing
 * behind (the ASan build's leak check and use-after-free checks watch each
 * run).  SQLite's fault injection, on kjeller's calls.
 *
 * The same for a check (kj_check_opts.fail_alloc_after): the real cases
 * of examples/moscow-1937 (one also with its whole network), a case with a store (tests/records/air.case and
 * its CSV imported), a case cut into pieces and parts; after each failed
 * check the case checks again to the same report.  With 4 threads a
 * sample of N fails as cleanly, in whichever thread the allocation falls.
 * A load that reads a store (its readers on threads, its SQLite
 * connections closed by the failure) likewise.  And an invariant that
 * breaks inside the solver fails its call with file and line. */
#include "kj_test.h"
#include "solve.h"

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

/* ---- the check ---------------------------------------------------------------- */

/* The text report of a check of c that must not fail (the caller frees
 * it); whole: of the whole network, as the HTML report checks. */
static char *checked_text_ex(kj_case *c, int whole)
{
    kj_check_opts opts = {.whole_network = whole};
    kj_failure failure;
    kj_report *r = kj_check(c, &opts, &failure);
    if (!r) fail_msg("the check failed: %s", failure.why);
    assert_int_equal(failure.failed, 0);
    kj_test_mem m;
    assert_int_equal(kj_render_text(c, r, kj_test_mem_open(&m)), 0);
    kj_report_free(r);
    return kj_test_mem_close(&m);
}

static char *checked_text(kj_case *c) { return checked_text_ex(c, 0); }

/* A check of c whose Nth allocation fails: NULL with "out of memory"
 * (returns 1), or, N being past them all, a report whose text is want
 * (returns 0). */
static int check_failing_at_ex(kj_case *c, int whole, long n, const char *want)
{
    kj_check_opts opts = {.fail_alloc_after = n, .whole_network = whole};
    kj_failure failure;
    kj_report *r = kj_check(c, &opts, &failure);
    if (!r) {
        assert_int_equal(failure.failed, 1);
        assert_string_equal(failure.why, "out of memory");
        return 1;
    }
    assert_int_equal(failure.failed, 0);
    kj_test_mem m;
    assert_int_equal(kj_render_text(c, r, kj_test_mem_open(&m)), 0);
    kj_report_free(r);
    char *got = kj_test_mem_close(&m);
    assert_string_equal(got, want);
    free(got);
    return 0;
}

static int check_failing_at(kj_case *c, long n, const char *want) { return check_failing_at_ex(c, 0, n, want); }

/* Checks c with its Nth allocation failing, N = 1, 2, ... until a check
 * runs through; after each failure the case checks to the same report as
 * before.  Returns how many allocations a check of c makes. */
static long fail_each_check_allocation(kj_case *c)
{
    char *want = checked_text(c);
    long n = 1;
    while (check_failing_at(c, n, want)) {
        char *again = checked_text(c);
        assert_string_equal(again, want);
        free(again);
        n++;
    }
    free(want);
    return n - 1;
}

/* How many allocations a check of c makes (c's runtime has one thread):
 * the last N whose failure fails the check, found by halving. */
static long check_allocations(kj_case *c)
{
    char *want = checked_text(c);
    long lo = 0, hi = 1; /* a check failing at lo fails (0: none), at hi runs through */
    while (check_failing_at(c, hi, want)) {
        lo = hi;
        hi *= 2;
    }
    while (hi - lo > 1) {
        long mid = lo + (hi - lo) / 2;
        if (check_failing_at(c, mid, want)) lo = mid;
        else hi = mid;
    }
    free(want);
    return lo;
}

/* Checks c with one of its first `most` allocations failing, for a sample
 * of them (c's runtime has threads: which thread an allocation falls in,
 * and how many there are, varies).  Returns how many checks failed. */
static int fail_a_sample_of_check_allocations(kj_case *c, long most, int samples)
{
    char *want = checked_text(c);
    int failed = 0;
    for (int k = 0; k < samples; k++) {
        long n = 1 + (long)((double)most * k / samples);
        failed += check_failing_at(c, n, want);
        char *again = checked_text(c);
        assert_string_equal(again, want);
        free(again);
    }
    free(want);
    return failed;
}

/* Loads paths with rt (which must give no error), or fails the test. */
static kj_case *open_case(const char *const *paths, int n_paths, const kj_runtime *rt)
{
    kj_failure failure;
    int n_errors = -1;
    kj_case *c = kj_case_open(paths, n_paths, rt, kj_diag_print, stderr, &n_errors, &failure);
    if (!c) fail_msg("%s does not load: %d errors%s%s", paths[0], n_errors, failure.failed ? ", " : "",
                     failure.failed ? failure.why : "");
    return c;
}

/* The whole network, as `kjeller report` checks (the questions phrased
 * while the full network's parts are searched). */
static void test_check_of_the_whole_network(void **state)
{
    (void)state;
    const char *paths[] = {"examples/moscow-1937/holtzman.case"};
    kj_runtime rt = {.threads = 1};
    kj_case *c = open_case(paths, 1, &rt);
    char *want = checked_text_ex(c, 1);
    long n = 1;
    while (check_failing_at_ex(c, 1, n, want)) {
        char *again = checked_text_ex(c, 1);
        assert_string_equal(again, want);
        free(again);
        n++;
    }
    print_message("holtzman.case, its whole network: each of a check's %ld allocations failed in turn\n", n - 1);
    free(want);
    kj_case_free(c);
}

static void test_check_of_the_moscow_cases(void **state)
{
    (void)state;
    const char *cases[] = {"examples/moscow-1937/pyatakov.case", "examples/moscow-1937/holtzman.case"};
    for (int k = 0; k < 2; k++) {
        kj_runtime rt = {.threads = 1};
        kj_case *c = open_case(&cases[k], 1, &rt);
        long n = fail_each_check_allocation(c);
        print_message("%s: each of a check's %ld allocations failed in turn\n", cases[k], n);
        assert_true(n > 500);
        kj_case_free(c);
    }
}

/* A case of `people` people who claim to be in Oslo and, an hour later,
 * in Moscow (every third of them: too far in an hour), or in Kjeller (the
 * others): independent parts, some inconsistent (the caller frees it). */
static char *people_case(int people)
{
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    fprintf(f, "source s \"test\"\n"
               "place oslo 59.91 10.75 tz Europe/Oslo\n"
               "place kjeller 59.97 11.04 tz Europe/Oslo\n"
               "place moscow 55.75 37.62 tz Europe/Moscow\n");
    for (int i = 0; i < people; i++)
        fprintf(f, "person p%d \"P%d\"\n"
                   "testimony t%d by p%d source s\n"
                   "  claim a%d: p%d at oslo on 1935-12-12T10:00\n"
                   "  claim b%d: p%d at %s on 1935-12-12T11:00\n",
                i, i, i, i, i, i, i, i, i % 3 == 0 ? "moscow" : "kjeller");
    return kj_test_mem_close(&m);
}

/* A case cut into a piece per person (piece_points 1), each of a part:
 * the pruned network piece by piece, the full one of the inconsistent
 * pieces, their conflicts adopted into the report's network. */
static void test_check_of_a_case_in_pieces(void **state)
{
    (void)state;
    char *text = people_case(6);
    write_file("people.case", text);
    free(text);
    char path[128];
    snprintf(path, sizeof path, "%s/people.case", dir);
    const char *paths[] = {path};
    kj_runtime rt = {.threads = 1, .piece_points = 1};
    kj_case *c = open_case(paths, 1, &rt);
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(kj_report_conflict_count(r), 2); /* p0's and p3's journeys to Moscow */
    kj_report_free(r);
    long n = fail_each_check_allocation(c);
    print_message("6 people in 6 pieces: each of a check's %ld allocations failed in turn\n", n);
    kj_case_free(c);
}

/* 60 people: enough parts (16 or more, and 20 inconsistent ones) that
 * the searchers of the pruned network and of the full one run on 4
 * threads, while the calling thread phrases the questions; each thread's
 * allocations count, and a sample of them fails. */
static void test_check_on_threads(void **state)
{
    (void)state;
    char *text = people_case(60);
    write_file("crowd.case", text);
    free(text);
    char path[128];
    snprintf(path, sizeof path, "%s/crowd.case", dir);
    const char *paths[] = {path};
    kj_runtime one = {.threads = 1}, four = {.threads = 4};
    kj_case *c1 = open_case(paths, 1, &one);
    long n = check_allocations(c1);
    kj_case *c4 = open_case(paths, 1, &four);
    char *text1 = checked_text(c1), *text4 = checked_text(c4);
    assert_string_equal(text1, text4);
    int failed = fail_a_sample_of_check_allocations(c4, n, 150);
    print_message("60 people on 4 threads: %d of 150 checks failed, a sample of %ld allocations\n", failed, n);
    assert_true(failed >= 100); /* (how many allocations 4 threads make varies) */
    free(text1);
    free(text4);
    kj_case_free(c1);
    kj_case_free(c4);
}

/* ---- a case with a store -------------------------------------------------------- */

/* tests/records/air.case, with a second register like its own reading the
 * same store, in dir, landings.csv imported into both: a load reads two
 * registers' rows (two readers, on threads when the runtime has them).
 * The path of the case, in path. */
static void store_case(char *path, size_t n)
{
    char *air = kj_test_read("tests/records/air.case");
    write_file("air.case", air);
    free(air);
    snprintf(path, n, "%s/air.case", dir);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("register landings2 at kjeller covers 1935-12-01..1935-12-31 records arrival by air where aircraft = civil\n"
          "  store records source log\n", f);
    assert_int_equal(fclose(f), 0);
    char csv[128];
    snprintf(csv, sizeof csv, "%s/landings.csv", dir);
    kj_test_copy("tests/records/landings.csv", csv);
    const char *paths[] = {path};
    const char *targets[] = {"landings", "landings2"};
    for (int k = 0; k < 2; k++) {
        kj_import_opts opts = {.max_errors = 10};
        kj_import_result res;
        assert_int_equal(kj_import(paths, 1, targets[k], csv, &opts, NULL, NULL, &res), KJ_EXIT_CONSISTENT);
        free(res.rejects);
        free(res.replaced_mapping);
    }
}

static void test_check_of_a_case_with_a_store(void **state)
{
    (void)state;
    char path[128];
    store_case(path, sizeof path);
    const char *paths[] = {path};
    kj_runtime rt = {.threads = 1};
    kj_case *c = open_case(paths, 1, &rt);
    char *text = checked_text(c);
    assert_non_null(strstr(text, "landings@flight")); /* the rows read are statements */
    free(text);
    long n = fail_each_check_allocation(c);
    print_message("air.case with its store: each of a check's %ld allocations failed in turn\n", n);
    kj_case_free(c);
}

/* A load that reads a store, with its Nth allocation failing: NULL with
 * "out of memory" (1), or the case, its statements as a load without a
 * fault makes them (0). */
static int load_failing_at(const char *const *paths, int threads, long n, int n_stmts)
{
    kj_runtime rt = {.threads = threads, .fail_alloc_after = n};
    kj_failure failure;
    int n_errors = -1;
    kj_case *c = kj_case_open(paths, 1, &rt, NULL, NULL, &n_errors, &failure);
    if (!c) {
        assert_int_equal(failure.failed, 1);
        assert_string_equal(failure.why, "out of memory");
        assert_int_equal(n_errors, 1);
        return 1;
    }
    assert_int_equal(n_errors, 0);
    assert_int_equal(c->n_stmts, n_stmts);
    kj_case_free(c);
    return 0;
}

static void test_load_that_reads_a_store(void **state)
{
    (void)state;
    char path[128];
    store_case(path, sizeof path);
    const char *paths[] = {path};
    kj_runtime rt = {.threads = 1};
    kj_case *plain = open_case(paths, 1, &rt);
    int n_stmts = plain->n_stmts;
    assert_true(plain->n_links >= 2); /* both registers' rows were read */
    kj_case_free(plain);
    long n = 1;
    while (load_failing_at(paths, 1, n, n_stmts)) n++;
    print_message("air.case with its store: each of a load's %ld allocations failed in turn\n", n - 1);
    int failed = 0;
    for (long k = 1; k < n; k += 3) failed += load_failing_at(paths, 4, k, n_stmts);
    print_message("on 4 threads: %d of %ld loads failed\n", failed, (n + 1) / 3);
    assert_true(failed > 0);
}

/* ---- an invariant --------------------------------------------------------------- */

/* A network whose disjunction's provenance names a statement the case
 * does not have: the search's invariant fails the call it runs in, with
 * file and line, and what it held is freed (the leak checker watches). */
static void test_broken_invariant_fails_the_call(void **state)
{
    (void)state;
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    kj_case c;
    memset(&c, 0, sizeof c);
    c.n_stmts = 1;
    c.rt = kj_runtime_fill(NULL);
    int in_case = 0, beyond = 1; /* statement 1 of a case of one */
    unsigned char enabled[2] = {1, 1};
    long budget = 1000;
    if (setjmp(landing) != 0) {
        assert_int_equal(mem.status, KJ_MEM_BUG);
        assert_non_null(strstr(mem.why, "src/search.c:"));
        assert_non_null(strstr(mem.why, "a provenance names no statement"));
        kj_mem_release(&mem);
        return;
    }
    kj_network *net = kj_calloc(&mem, 1, sizeof *net);
    net->own = KJ_ARENA(&mem);
    kj_point z = {.name = "Z", .stmt = -1}, p = {.name = "p", .stmt = -1};
    kj_vec_put(&mem, &net->points, z);
    kj_vec_put(&mem, &net->points, p);
    kj_prov ok = {.stmts = &in_case, .n = 1}, bad = {.stmts = &beyond, .n = 1};
    kj_vec_put(&mem, &net->provs, ok);
    kj_vec_put(&mem, &net->provs, bad);
    kj_disj d = {.first_alt = 0, .n_alts = 2, .prov = 1, .kind = CK_ORDER, .claim = -1};
    kj_vec_put(&mem, &net->disjs, d);
    for (int a = 0; a < 2; a++) {
        kj_edge e = {.u = a ? 1 : 0, .v = a ? 0 : 1, .w = -1, .kind = EK_ORDER, .prov = 0};
        kj_alt alt = {.first = a, .n = 1, .branch = -1, .branch_place = -1};
        kj_vec_put(&mem, &net->alt_edges, e);
        kj_vec_put(&mem, &net->alts, alt);
    }
    kj_arena arena = KJ_ARENA(&mem);
    kj_solve(&mem, net, &c, enabled, &budget, &arena);
    fail_msg("a provenance that names no statement was searched");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_of_a_real_case),
        cmocka_unit_test(test_load_with_includes_and_errors),
        cmocka_unit_test(test_load_of_a_buffer_says_internal_error),
        cmocka_unit_test(test_check_of_the_moscow_cases),
        cmocka_unit_test(test_check_of_the_whole_network),
        cmocka_unit_test(test_check_of_a_case_in_pieces),
        cmocka_unit_test(test_check_on_threads),
        cmocka_unit_test(test_check_of_a_case_with_a_store),
        cmocka_unit_test(test_load_that_reads_a_store),
        cmocka_unit_test(test_broken_invariant_fails_the_call),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
