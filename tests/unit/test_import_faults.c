/* test_import_faults — memory running out anywhere in kjeller import is a
 * value: for every N, an import whose Nth allocation fails returns
 * KJ_EXIT_INTERNAL with "internal error: out of memory" and leaves its
 * directory as it was, name for name and byte for byte: the store holds
 * what it held (and counts the same rows), a store the import created is
 * gone again, and there is no rejects file, journal or temporary file.
 * No descriptor stays open, and the result holds nothing to free.  The
 * ASan build (make SAN=1) checks each run for leaks and for memory used
 * after it was freed.  Then the import runs through, as one without
 * faults does.  (SQLite's fault injection, on kjeller import.)
 *
 * The imports: tests/records/landings.csv (four good rows, two bad ones)
 * into a new store and into one that holds it already, with the same
 * mapping (nothing done) or another (replaced), --strict (refused), and
 * tests/records/t.csv into a trace, and watch.gpx and watch.geojson too. */
#include <sqlite3.h>
#include <sys/stat.h>

#include "kj_test.h"

typedef struct fixture {
    char *dir, *case_path, *csv, *store;
} fixture;

static void fixture_free(fixture *f)
{
    kj_test_rmdir(f->dir);
    free(f->dir);
    free(f->case_path);
    free(f->csv);
    free(f->store);
    free(f);
}

/* A temporary directory with a case and its CSV (copies of tests/records/). */
static fixture *fixture_new(const char *case_file, const char *csv_file, const char *store_file)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = kj_test_tmpdir();
    char from[128];
    snprintf(from, sizeof from, "tests/records/%s", case_file);
    f->case_path = kj_test_path(f->dir, case_file);
    kj_test_copy(from, f->case_path);
    snprintf(from, sizeof from, "tests/records/%s", csv_file);
    f->csv = kj_test_path(f->dir, csv_file);
    kj_test_copy(from, f->csv);
    f->store = kj_test_path(f->dir, store_file);
    return f;
}

static int setup_air(void **state)
{
    *state = fixture_new("air.case", "landings.csv", "air.kjdb");
    return 0;
}

static int setup_trace(void **state)
{
    *state = fixture_new("trace.case", "t.csv", "trace.kjdb");
    return 0;
}

static int setup_gpx(void **state)
{
    *state = fixture_new("trace.case", "watch.gpx", "trace.kjdb");
    return 0;
}

static int setup_geojson(void **state)
{
    *state = fixture_new("trace.case", "watch.geojson", "trace.kjdb");
    return 0;
}

static int teardown(void **state)
{
    fixture_free(*state);
    return 0;
}

/* ---- what a failed import must leave as it was -------------------------------- */

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The directory's files, sorted by name, each with its size and bytes
 * (the caller frees it; *size set). */
static char *snapshot(const char *dir, size_t *size)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            assert_true(n < 64);
            names[n] = strdup(e->d_name);
            assert_non_null(names[n++]);
        }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    kj_test_mem m;
    FILE *out = kj_test_mem_open(&m);
    for (int i = 0; i < n; i++) {
        char *path = kj_test_path(dir, names[i]);
        FILE *in = fopen(path, "rb");
        if (!in) fail_msg("cannot read %s", path);
        fprintf(out, "== %s\n", names[i]);
        char buf[4096];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, in)) > 0) assert_int_equal(fwrite(buf, 1, got, out), got);
        fclose(in);
        free(path);
        free(names[i]);
    }
    char *data = kj_test_mem_close(&m);
    *size = m.size;
    return data;
}

/* The names in a snapshot (for a failure's message), in buf. */
static const char *names_in(const char *snap, size_t size, char *buf, size_t n)
{
    buf[0] = 0;
    size_t used = 0;
    for (size_t i = 0; i + 3 < size && used + 2 < n; i++) {
        if ((i > 0 && snap[i - 1] != '\n') || memcmp(snap + i, "== ", 3)) continue;
        const char *name = snap + i + 3, *nl = memchr(name, '\n', size - i - 3);
        int len = nl ? (int)(nl - name) : 0;
        used += (size_t)snprintf(buf + used, n - used, "%s%.*s", used ? " " : "", len, name);
    }
    return buf;
}

/* Rows in a table of the store (-1: no store). */
static int64_t count_rows(const char *store, const char *table)
{
    struct stat st;
    if (stat(store, &st) != 0) return -1;
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open_v2(store, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    int64_t n = sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW
                    ? sqlite3_column_int64(q, 0)
                    : 0; /* a store without the table holds none */
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

/* The process's open descriptors. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) n += e->d_name[0] != '.';
    closedir(d);
    return n - 1; /* (the directory's own) */
}

/* ---- the loop ----------------------------------------------------------------- */

typedef struct import_call {
    const char *target;
    const char *const *maps;
    int n_maps;
    int strict;
} import_call;

static int import(const fixture *f, const import_call *call, const kj_runtime *rt, kj_test_diags *diags,
                  kj_import_result *res)
{
    const char *paths[] = {f->case_path};
    kj_import_opts opts = {.maps = call->maps, .n_maps = call->n_maps, .strict = call->strict, .max_errors = 10, .rt = rt};
    memset(diags, 0, sizeof *diags);
    return kj_import(paths, 1, call->target, f->csv, &opts, kj_test_record, diags, res);
}

/* Imports with the Nth allocation failing, for N = 1, 2, ... until the
 * import runs through (with status want), which leaves its result in
 * *through (the caller frees what it holds).  Returns how many of the
 * import's allocations failed in turn. */
static long fail_each_allocation(const fixture *f, const import_call *call, int want, kj_import_result *through)
{
    size_t before_size;
    char *before = snapshot(f->dir, &before_size);
    int64_t imports = count_rows(f->store, "imports"), entries = count_rows(f->store, "entries"),
            points = count_rows(f->store, "points");
    int fds = open_fds();
    for (long n = 1; n < 100000; n++) {
        kj_runtime rt = {.fail_alloc_after = n, .threads = 1};
        kj_test_diags diags;
        kj_import_result res;
        int rc = import(f, call, &rt, &diags, &res);
        if (rc != KJ_EXIT_INTERNAL) {
            if (rc != want) {
                kj_test_diags_dump(&diags);
                fail_msg("allocation %ld: the import that ran through returned %d, not %d", n, rc, want);
            }
            *through = res;
            free(before);
            return n - 1;
        }
        /* failed: said as such, and nothing changed */
        int last = (diags.n < KJ_TEST_MAX_DIAGS ? diags.n : KJ_TEST_MAX_DIAGS) - 1;
        assert_true(last >= 0);
        if (strcmp(diags.d[last].message, "internal error: out of memory")) {
            kj_test_diags_dump(&diags);
            fail_msg("allocation %ld: the failed import said '%s'", n, diags.d[last].message);
        }
        assert_string_equal(diags.d[last].file, "kjeller import");
        assert_null(res.rejects);
        assert_null(res.replaced_mapping);
        assert_int_equal(res.rows, 0);
        size_t after_size;
        char *after = snapshot(f->dir, &after_size);
        if (after_size != before_size || memcmp(after, before, before_size)) {
            char was[512], is[512];
            fail_msg("allocation %ld: the directory changed: it held %s, it holds %s", n,
                     names_in(before, before_size, was, sizeof was), names_in(after, after_size, is, sizeof is));
        }
        free(after);
        assert_int_equal(count_rows(f->store, "imports"), imports);
        assert_int_equal(count_rows(f->store, "entries"), entries);
        assert_int_equal(count_rows(f->store, "points"), points);
        if (open_fds() != fds) fail_msg("allocation %ld: %d descriptors open, %d before", n, open_fds(), fds);
    }
    fail_msg("the import never ran through");
    return 0;
}

/* An import without faults, which must succeed. */
static void import_plainly(const fixture *f, const import_call *call)
{
    kj_test_diags diags;
    kj_import_result res;
    int rc = import(f, call, NULL, &diags, &res);
    if (rc != KJ_EXIT_CONSISTENT) {
        kj_test_diags_dump(&diags);
        fail_msg("the plain import returned %d", rc);
    }
    free(res.rejects);
    free(res.replaced_mapping);
}

static const import_call landings = {.target = "landings"};

/* ---- the tests -------------------------------------------------------------------- */

/* A first import: a new store, and a rejects file for the two bad rows. */
static void test_first_import(void **state)
{
    fixture *f = *state;
    kj_import_result res;
    long n = fail_each_allocation(f, &landings, KJ_EXIT_CONSISTENT, &res);
    print_message("first import: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 15);
    assert_int_equal(res.rows, 4);
    assert_int_equal(res.rejected, 2);
    assert_int_equal(res.import_id, 1);
    assert_non_null(res.rejects);
    char *rejects = kj_test_read(res.rejects);
    assert_string_equal(rejects, "date,clock,aircraft,registration,note\n"
                                 "1935-13-01,10:00,civil,XX,bad month\n"
                                 "1935-12-09,10:00,civil\n");
    free(rejects);
    free(res.rejects);
    assert_int_equal(count_rows(f->store, "entries"), 4);
}

/* The same file with another mapping replaces the first import (whose
 * mapping the caller is given, to free): a failed one leaves the first,
 * and its rejects file, as they were. */
static void test_import_replacing_another_mapping(void **state)
{
    fixture *f = *state;
    import_plainly(f, &landings);
    const char *maps[] = {"note=ignore"};
    const import_call remapped = {.target = "landings", .maps = maps, .n_maps = 1};
    kj_import_result res;
    long n = fail_each_allocation(f, &remapped, KJ_EXIT_CONSISTENT, &res);
    print_message("replacing import: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 15);
    assert_int_equal(res.replaced, 1);
    assert_non_null(res.replaced_mapping);
    assert_non_null(strstr(res.replaced_mapping, "note=note"));
    assert_int_equal(res.import_id, 2);
    free(res.replaced_mapping);
    free(res.rejects);
    assert_int_equal(count_rows(f->store, "imports"), 1);
}

/* The same file with the same mapping: found by its hash and its header's
 * mapping (a second reading of the file), and nothing done. */
static void test_same_file_again(void **state)
{
    fixture *f = *state;
    import_plainly(f, &landings);
    kj_import_result res;
    long n = fail_each_allocation(f, &landings, KJ_EXIT_CONSISTENT, &res);
    print_message("same file again: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 5);
    assert_int_equal(res.duplicate, 1);
    assert_int_equal(res.import_id, 1);
    assert_null(res.rejects);
}

/* --strict with bad rows: the file is refused, the new store removed,
 * and the rejects file written (the user corrects it). */
static void test_strict_refusal(void **state)
{
    fixture *f = *state;
    const import_call strict = {.target = "landings", .strict = 1};
    kj_import_result res;
    long n = fail_each_allocation(f, &strict, KJ_EXIT_BAD_INPUT, &res);
    print_message("strict refusal: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 10);
    assert_int_equal(res.rejected, 2);
    assert_int_equal(res.refused, 1);
    assert_non_null(res.rejects);
    char *rejects = kj_test_read(res.rejects);
    assert_string_equal(rejects, "date,clock,aircraft,registration,note\n"
                                 "1935-13-01,10:00,civil,XX,bad month\n"
                                 "1935-12-09,10:00,civil\n");
    free(rejects);
    free(res.rejects);
    assert_int_equal(count_rows(f->store, "imports"), -1);
}

/* A bad row longer than the case arena's blocks: the line shown with its
 * diagnostic is copied into the case's arena, which grows in the import's
 * call with blocks that outlive a failure (the case frees them). */
static void test_case_arena_grows(void **state)
{
    fixture *f = *state;
    FILE *csv = fopen(f->csv, "a");
    assert_non_null(csv);
    fputs("1935-13-02,10:00,civil,XX,", csv);
    for (int i = 0; i < 100000; i++) fputc('n', csv);
    fputc('\n', csv);
    assert_int_equal(fclose(csv), 0);
    kj_import_result res;
    long n = fail_each_allocation(f, &landings, KJ_EXIT_CONSISTENT, &res);
    print_message("long bad row: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 15);
    assert_int_equal(res.rows, 4);
    assert_int_equal(res.rejected, 3);
    assert_non_null(res.rejects);
    free(res.rejects);
}

/* A trace's points (no bad row: no rejects file). */
static void test_trace_import(void **state)
{
    fixture *f = *state;
    const import_call watch = {.target = "watch"};
    kj_import_result res;
    long n = fail_each_allocation(f, &watch, KJ_EXIT_CONSISTENT, &res);
    print_message("trace import: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 10);
    assert_int_equal(res.rows, 3);
    assert_null(res.rejects);
    assert_int_equal(count_rows(f->store, "points"), 3);
}

/* A GPX track and GeoJSON points (their parsers' memory is theirs: what
 * must be freed when the import fails is freed by its cleanups). */
static void test_track_import(void **state)
{
    fixture *f = *state;
    const import_call watch = {.target = "watch"};
    kj_import_result res;
    long n = fail_each_allocation(f, &watch, KJ_EXIT_CONSISTENT, &res);
    print_message("%s import: each of %ld allocations failed in turn\n", strrchr(f->csv, '.') + 1, n);
    assert_true(n >= 10);
    assert_int_equal(res.rows, 2);
    assert_null(res.rejects);
    assert_int_equal(count_rows(f->store, "points"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_import, setup_air, teardown),
        cmocka_unit_test_setup_teardown(test_import_replacing_another_mapping, setup_air, teardown),
        cmocka_unit_test_setup_teardown(test_same_file_again, setup_air, teardown),
        cmocka_unit_test_setup_teardown(test_strict_refusal, setup_air, teardown),
        cmocka_unit_test_setup_teardown(test_case_arena_grows, setup_air, teardown),
        cmocka_unit_test_setup_teardown(test_trace_import, setup_trace, teardown),
        cmocka_unit_test_setup_teardown(test_track_import, setup_gpx, teardown),
        cmocka_unit_test_setup_teardown(test_track_import, setup_geojson, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
