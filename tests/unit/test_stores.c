/* test_stores — kjeller store in the library (src/stores.c): what
 * kj_stores_read lists and verifies, kj_store_drop, and memory running
 * out anywhere in each: for every N, a call whose Nth allocation fails
 * returns KJ_EXIT_INTERNAL with "internal error: out of memory", hands
 * back nothing, leaves no descriptor open and the store as it was; then
 * the call runs through.  (The ASan build, make SAN=1, checks each run
 * for leaks.)  The store: tests/records/landings.csv (four good rows, two
 * bad) imported into tests/records/air.case's register. */
#include <sqlite3.h>
#include <sys/stat.h>

#include "kj_test.h"

typedef struct fixture {
    char *dir, *case_path, *csv, *store;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = kj_test_tmpdir();
    f->case_path = kj_test_path(f->dir, "air.case");
    f->csv = kj_test_path(f->dir, "landings.csv");
    f->store = kj_test_path(f->dir, "air.kjdb");
    kj_test_copy("tests/records/air.case", f->case_path);
    kj_test_copy("tests/records/landings.csv", f->csv);
    const char *paths[] = {f->case_path};
    kj_import_opts opts = {.max_errors = 2};
    kj_import_result res;
    kj_test_diags diags = {0};
    assert_int_equal(kj_import(paths, 1, "landings", f->csv, &opts, kj_test_record, &diags, &res), KJ_EXIT_CONSISTENT);
    free(res.rejects);
    free(res.replaced_mapping);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kj_test_rmdir(f->dir);
    free(f->dir);
    free(f->case_path);
    free(f->csv);
    free(f->store);
    free(f);
    return 0;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) fail_msg("%s: %s", sql, err);
    sqlite3_close(db);
}

static int64_t sql_count(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int64_t n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

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

/* ---- what they read ------------------------------------------------------------ */

static void test_list_and_verify(void **state)
{
    fixture *f = *state;
    const char *paths[] = {f->case_path};
    kj_test_diags diags = {0};
    kj_stores *s = NULL;
    assert_int_equal(kj_stores_read(paths, 1, NULL, 0, kj_test_record, &diags, &s), KJ_EXIT_CONSISTENT);
    assert_non_null(s);
    assert_int_equal(s->n_stores, 1);
    assert_string_equal(s->stores[0].id, "records");
    assert_int_equal(s->stores[0].missing, 0);
    assert_int_equal(s->stores[0].n_imports, 1);
    const kj_store_import *im = &s->stores[0].imports[0];
    assert_int_equal(im->id, 1);
    assert_string_equal(im->kind, "register");
    assert_string_equal(im->target, "landings");
    assert_string_equal(im->place, "kjeller");
    assert_int_equal(im->rows, 4);
    assert_int_equal(im->rejected, 2);
    struct stat st;
    assert_int_equal(stat(f->csv, &st), 0);
    assert_int_equal(im->bytes, st.st_size);
    assert_int_equal(strlen(im->sha256), 64);
    assert_int_equal(strlen(im->imported_at), 20);
    assert_int_equal(im->imported_at[10], 'T');
    assert_int_equal(im->imported_at[19], 'Z');
    assert_int_equal(s->verified, 0);
    kj_stores_free(s);
    /* as imported, then with a row's time changed in place */
    assert_int_equal(kj_stores_read(paths, 1, NULL, 1, kj_test_record, &diags, &s), KJ_EXIT_CONSISTENT);
    assert_int_equal(s->verified, 1);
    assert_int_equal(s->n_changed, 0);
    assert_int_equal(s->stores[0].imports[0].rows_held, 4);
    assert_string_equal(s->stores[0].imports[0].rows_sha256, s->stores[0].imports[0].rows_sha256_held);
    kj_stores_free(s);
    sql_exec(f->store, "UPDATE entries SET t_hi = t_hi + 1 WHERE line = 2");
    assert_int_equal(kj_stores_read(paths, 1, NULL, 1, kj_test_record, &diags, &s), KJ_EXIT_CONSISTENT);
    assert_int_equal(s->n_changed, 1);
    assert_int_equal(s->stores[0].imports[0].changed, 1);
    assert_int_equal(s->stores[0].imports[0].rows_held, 4);
    kj_stores_free(s);
    assert_int_equal(diags.n, 0);
}

/* A store file that is not there holds nothing; a missing import is
 * refused with the ids there are; a drop removes all of an import. */
static void test_missing_store_and_drop(void **state)
{
    fixture *f = *state;
    const char *paths[] = {f->case_path};
    kj_test_diags diags = {0};
    kj_stores *s = NULL;
    assert_int_equal(kj_store_drop(paths, 1, NULL, NULL, 2, kj_test_record, &diags, &s), KJ_EXIT_BAD_INPUT);
    assert_null(s);
    assert_int_equal(diags.n, 1);
    assert_non_null(strstr(diags.d[0].message, "air.kjdb') holds no import #2"));
    assert_non_null(strstr(diags.d[0].hint, "its imports are #1 ("));
    assert_non_null(strstr(diags.d[0].hint, "/landings.csv)"));
    memset(&diags, 0, sizeof diags);
    assert_int_equal(kj_store_drop(paths, 1, NULL, "records", 1, kj_test_record, &diags, &s), KJ_EXIT_CONSISTENT);
    assert_int_equal(s->stores[0].imports[0].rows, 4);
    kj_stores_free(s);
    assert_int_equal(diags.n_warnings, 1); /* the register has nothing imported now */
    assert_int_equal(sql_count(f->store, "SELECT count(*) FROM imports"), 0);
    assert_int_equal(sql_count(f->store, "SELECT count(*) FROM entries"), 0);
    assert_int_equal(remove(f->store), 0);
    assert_int_equal(kj_stores_read(paths, 1, NULL, 1, kj_test_record, &diags, &s), KJ_EXIT_CONSISTENT);
    assert_int_equal(s->stores[0].missing, 1);
    assert_int_equal(s->stores[0].n_imports, 0);
    kj_stores_free(s);
}

/* ---- memory running out ------------------------------------------------------- */

typedef enum { LIST, VERIFY, DROP } op;

static int run(const fixture *f, op o, long fail_after, kj_test_diags *diags, kj_stores **out)
{
    const char *paths[] = {f->case_path};
    kj_runtime rt = {.fail_alloc_after = fail_after, .threads = 1};
    memset(diags, 0, sizeof *diags);
    if (o == DROP) return kj_store_drop(paths, 1, &rt, NULL, 1, kj_test_record, diags, out);
    return kj_stores_read(paths, 1, &rt, o == VERIFY, kj_test_record, diags, out);
}

/* Fails the Nth allocation of the call for N = 1, 2, ... until it runs
 * through; returns how many failed in turn. */
static long fail_each_allocation(const fixture *f, op o)
{
    int fds = open_fds();
    for (long n = 1; n < 100000; n++) {
        kj_test_diags diags;
        kj_stores *s = (kj_stores *)1;
        int rc = run(f, o, n, &diags, &s);
        if (rc != KJ_EXIT_INTERNAL) {
            assert_int_equal(rc, KJ_EXIT_CONSISTENT);
            assert_non_null(s);
            kj_stores_free(s);
            return n - 1;
        }
        assert_null(s);
        int last = (diags.n < KJ_TEST_MAX_DIAGS ? diags.n : KJ_TEST_MAX_DIAGS) - 1;
        assert_true(last >= 0);
        if (strcmp(diags.d[last].message, "internal error: out of memory")) {
            kj_test_diags_dump(&diags);
            fail_msg("allocation %ld: the failed call said '%s'", n, diags.d[last].message);
        }
        assert_int_equal(sql_count(f->store, "SELECT count(*) FROM imports"), 1);
        assert_int_equal(sql_count(f->store, "SELECT count(*) FROM entries"), 4);
        if (open_fds() != fds) fail_msg("allocation %ld: %d descriptors open, %d before", n, open_fds(), fds);
    }
    fail_msg("the call never ran through");
    return 0;
}

static void test_list_faults(void **state)
{
    long n = fail_each_allocation(*state, LIST);
    print_message("store list: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 3);
}

static void test_verify_faults(void **state)
{
    long n = fail_each_allocation(*state, VERIFY);
    print_message("store verify: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 3);
}

static void test_drop_faults(void **state)
{
    fixture *f = *state;
    long n = fail_each_allocation(f, DROP);
    print_message("store drop: each of %ld allocations failed in turn\n", n);
    assert_true(n >= 3);
    assert_int_equal(sql_count(f->store, "SELECT count(*) FROM imports"), 0);
    assert_int_equal(sql_count(f->store, "SELECT count(*) FROM entries"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_list_and_verify, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_store_and_drop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_verify_faults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop_faults, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
