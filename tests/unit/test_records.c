/* test_records — src/records.c and src/store.c: a register whose rows are
 * in a store (tests/records/air.case, with two more claims), its CSV
 * (tests/records/landings.csv) imported with kj_import into a temporary
 * directory, then the case loaded: the rows a claim's window holds become
 * statements (kj_store_rows) that the check treats as entries; a claim in
 * the coverage whose window holds no row has none, and is contradicted; a
 * store changed after its import, a missing store and a register with
 * nothing imported are refused.  Then store.c's functions on their own:
 * a new store's schema, what kj_store_open refuses, a hot journal rolled
 * back by a reader.
 *
 * Expected instants are computed with timegm: Oslo kept UTC+1 in December
 * 1935. */
#include <nettle/sha2.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "ir.h"
#include "kj_test.h"
#include "report.h"
#include "store.h"

#define H 3600

/* air.case's own claims are 'flight' (its window holds two military
 * landings, which a civil flight cannot be) and 'second' (a civil landing
 * at its time); these add one in the coverage whose window holds no row,
 * and one after the coverage. */
static const char *const MORE_CLAIMS =
    "testimony t2 by p source trial\n"
    "  claim third: p travels tempelhof -> kjeller by air arrives 1935-12-25\n"
    "  claim late: p travels tempelhof -> kjeller by air arrives 1936-01-05\n"
    "assume third aircraft = civil \"a passenger flight\"\n"
    "assume late aircraft = civil \"a passenger flight\"\n";

typedef struct fixture {
    char *dir, *case_path, *csv, *store;
    int rc;                    /* kj_import's */
    kj_import_result res;
    kj_test_diags diags;       /* the import's */
} fixture;

/* A temporary directory with air.case (and MORE_CLAIMS) and
 * landings.csv, the CSV imported into the case's store. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = kj_test_tmpdir();
    char *air = kj_test_read("tests/records/air.case");
    size_t n = strlen(air) + strlen(MORE_CLAIMS) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s", air, MORE_CLAIMS);
    f->case_path = kj_test_write(f->dir, "air.case", text);
    f->csv = kj_test_path(f->dir, "landings.csv");
    kj_test_copy("tests/records/landings.csv", f->csv);
    f->store = kj_test_path(f->dir, "air.kjdb");
    free(text);
    free(air);
    const char *paths[] = {f->case_path};
    kj_import_opts opts = {.max_errors = 10};
    f->rc = kj_import(paths, 1, "landings", f->csv, &opts, kj_test_record, &f->diags, &f->res);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    kj_test_rmdir(f->dir);
    free(f->res.rejects);
    free(f->res.replaced_mapping);
    free(f->dir);
    free(f->case_path);
    free(f->csv);
    free(f->store);
    free(f);
    return 0;
}

/* ---- the store, by SQL ---------------------------------------------------------- */

static void sql_exec(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) fail_msg("%s: %s", sql, err ? err : "?");
    sqlite3_close(db);
}

/* The first column of the first row of a query, as an integer (-1: no row). */
static int64_t sql_int(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    int64_t v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* The same, as text (the caller frees it; NULL: no row or NULL). */
static char *sql_text(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    char *v = NULL;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0)) v = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

static void assert_sql_text(const char *db_path, const char *sql, const char *want)
{
    char *got = sql_text(db_path, sql);
    if (!got || strcmp(got, want)) fail_msg("%s: '%s', expected '%s'", sql, got ? got : "(null)", want);
    free(got);
}

/* ---- import ----------------------------------------------------------------------- */

static void sha256_hex(const char *path, char out[65])
{
    char *bytes = kj_test_read(path);
    struct sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, strlen(bytes), (const uint8_t *)bytes);
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&h, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
    free(bytes);
}

static void test_import_stores_the_good_rows(void **state)
{
    fixture *f = *state;
    assert_int_equal(f->rc, KJ_EXIT_CONSISTENT);
    assert_int_equal(f->res.rows, 4);
    assert_int_equal(f->res.rejected, 2);
    assert_int_equal(f->res.import_id, 1);
    assert_false(f->res.duplicate);
    char sha[65];
    sha256_hex(f->csv, sha);
    assert_string_equal(f->res.sha256, sha);
    /* the two bad rows, at their line and column, and aside in a file */
    assert_int_equal(f->diags.n, 2);
    assert_int_equal(f->diags.d[0].line, 5);
    assert_int_equal(f->diags.d[0].col, 1);
    assert_string_equal(f->diags.d[0].message, "cannot read time \"1935-13-01, 10:00\": month '13' is not 01..12");
    assert_int_equal(f->diags.d[1].line, 6);
    assert_string_equal(f->diags.d[1].message, "row has 3 fields; the header has 5");
    char *rejects_path = kj_test_path(f->dir, "landings.rejects.csv");
    assert_non_null(f->res.rejects);
    assert_string_equal(f->res.rejects, rejects_path);
    char *rejects = kj_test_read(rejects_path);
    assert_string_equal(rejects, "date,clock,aircraft,registration,note\n1935-13-01,10:00,civil,XX,bad month\n"
                                 "1935-12-09,10:00,civil\n");
    free(rejects);
    free(rejects_path);
    /* the store: one import, its rows cited by the line they begin on,
     * each row's time read wide in the register's zone */
    assert_int_equal(sql_int(f->store, "SELECT count(*) FROM imports"), 1);
    assert_sql_text(f->store,
                    "SELECT target || ' ' || kind || ' ' || place || ' ' || rows || ' ' || rejected FROM imports",
                    "landings register kjeller 4 2");
    assert_sql_text(f->store, "SELECT attr_keys FROM imports", "aircraft\x1fregistration");
    assert_sql_text(f->store, "SELECT group_concat(line, ',') FROM (SELECT line FROM entries ORDER BY line)",
                    "2,3,4,7");
    assert_int_equal(sql_int(f->store, "SELECT t_lo FROM entries WHERE line = 4"),
                     kj_test_utc(1935, 12, 18, 12, 0, 0) - H);
    assert_int_equal(sql_int(f->store, "SELECT t_hi FROM entries WHERE line = 4"),
                     kj_test_utc(1935, 12, 18, 12, 1, 0) - H);
    assert_sql_text(f->store, "SELECT attrs FROM entries WHERE line = 2", "military\x1f" "FF-12");
    assert_sql_text(f->store, "SELECT note FROM entries WHERE line = 7", "two lines\nin one field");
}

static void test_the_same_file_again_is_not_imported_twice(void **state)
{
    fixture *f = *state;
    const char *paths[] = {f->case_path};
    kj_import_opts opts = {.max_errors = 10};
    kj_import_result res;
    kj_test_diags diags;
    memset(&diags, 0, sizeof diags);
    assert_int_equal(kj_import(paths, 1, "landings", f->csv, &opts, kj_test_record, &diags, &res), KJ_EXIT_CONSISTENT);
    assert_true(res.duplicate);
    assert_int_equal(res.import_id, 1);
    assert_string_equal(res.sha256, f->res.sha256);
    assert_null(res.rejects);
    assert_int_equal(sql_int(f->store, "SELECT count(*) FROM imports"), 1);
    assert_int_equal(sql_int(f->store, "SELECT count(*) FROM entries"), 4);
    free(res.replaced_mapping);
    /* a target that is not a register with a store */
    memset(&diags, 0, sizeof diags);
    assert_int_equal(kj_import(paths, 1, "landing", f->csv, &opts, kj_test_record, &diags, &res), KJ_EXIT_BAD_INPUT);
    assert_int_equal(diags.n, 1);
    assert_string_equal(diags.d[0].message, "no register or trace 'landing'");
    assert_string_equal(diags.d[0].hint, "did you mean 'landings'?");
}

/* ---- the rows as statements ------------------------------------------------------ */

static void test_rows_in_a_window_become_statements(void **state)
{
    fixture *f = *state;
    kj_case *c = kj_test_load_file(f->case_path);
    int reg = kj_test_find(c, "landings");
    /* 'flight' (1-15 December, about 3 p.m.): the two military landings of
     * its window cannot be a civil flight, and are cited as one statement */
    const kj_store_link *l = kj_store_rows(c, reg, kj_test_find(c, "flight"), -1);
    assert_non_null(l);
    assert_int_equal(l->n, 1);
    const kj_stmt *ex = &c->stmts[l->first];
    assert_string_equal(ex->id, "landings@flight.excluded");
    assert_int_equal(ex->kind, ST_ENTRY);
    assert_int_equal(ex->parent, reg);
    assert_true(ex->entry->unrelated);
    assert_int_equal(ex->entry->unrelated_to.idx, kj_test_find(c, "flight"));
    assert_int_equal(ex->entry->row_line, 2);
    assert_string_equal(c->files[ex->span.file].path, f->csv);
    assert_string_equal(ex->label, "2 rows of landings.csv (lines 2..3) cannot be claim 'flight': their attributes "
                                   "differ from its (first: aircraft = military)");
    /* cited at its first row, line 2: 3 December, 11:20 */
    assert_int_equal(ex->entry->when_iv.lo, kj_test_utc(1935, 12, 3, 11, 20, 0) - H);
    assert_int_equal(ex->entry->when_iv.hi, kj_test_utc(1935, 12, 3, 11, 21, 0) - H);
    /* 'second' (18 December, about noon): the civil landing at 12:00 may be its record */
    l = kj_store_rows(c, reg, kj_test_find(c, "second"), -1);
    assert_non_null(l);
    assert_int_equal(l->n, 1);
    const kj_stmt *may = &c->stmts[l->first];
    assert_string_equal(may->id, "landings@second");
    assert_false(may->entry->unrelated);
    assert_int_equal(may->entry->n_rows, 1);
    assert_int_equal(may->entry->rows[0].line, 4);
    assert_int_equal(may->entry->rows[0].n, 1);
    assert_false(may->entry->rows[0].hull);
    assert_int_equal(may->entry->rows[0].iv.lo, kj_test_utc(1935, 12, 18, 12, 0, 0) - H);
    assert_int_equal(may->entry->rows[0].iv.hi, kj_test_utc(1935, 12, 18, 12, 1, 0) - H);
    assert_string_equal(may->label, "rows of landings.csv that may record claim 'second'");
    /* 'third' (25 December) has no row in its window; 'late' is after the coverage */
    assert_null(kj_store_rows(c, reg, kj_test_find(c, "third"), -1));
    assert_null(kj_store_rows(c, reg, kj_test_find(c, "late"), -1));
    assert_null(kj_store_rows(c, kj_test_find(c, "second"), reg, -1)); /* (register, claim), in that order */
    /* the resolved form the compiler reads has the same entries, rows and all */
    kj_ir *ir = kj_ir_build(kj_test_heap(), c);
    const kj_ir_imported *im = kj_ir_imported_for(ir, reg, kj_test_find(c, "second"), -1);
    assert_non_null(im);
    assert_int_equal(im->n, 1);
    const kj_ir_entry *e = &ir->entries[im->first];
    assert_int_equal(e->stmt, l->first);
    assert_int_equal(ir->registers[e->reg].stmt, reg);
    assert_false(e->unrelated);
    assert_int_equal(e->n_rows, 1);
    assert_int_equal(e->rows[0].iv.lo, kj_test_utc(1935, 12, 18, 12, 0, 0) - H);
    im = kj_ir_imported_for(ir, reg, kj_test_find(c, "flight"), -1);
    assert_non_null(im);
    assert_true(ir->entries[im->first].unrelated);
    assert_int_equal(ir->entries[im->first].unrelated_to, kj_test_find(c, "flight"));
    assert_null(kj_ir_imported_for(ir, reg, kj_test_find(c, "third"), -1));
    kj_ir_free(ir);
    kj_case_free(c);
}

static void test_the_check_reads_the_rows_as_entries(void **state)
{
    fixture *f = *state;
    kj_case *c = kj_test_load_file(f->case_path);
    kj_report *r = kj_check(c, NULL, NULL);
    assert_non_null(r);
    int reg = kj_test_find(c, "landings"), flight = kj_test_find(c, "flight"), third = kj_test_find(c, "third");
    int second = kj_test_find(c, "second");
    /* (the rows' statements are made after the names are: known by their links) */
    int excluded = kj_store_rows(c, reg, flight, -1)->first, may = kj_store_rows(c, reg, second, -1)->first;
    assert_int_equal(r->n_conflicts, 2);
    assert_int_equal(r->conflicts[0].kind, CK_REGISTER);
    assert_int_equal(r->conflicts[0].claim, flight);
    int cites_rows = 0;
    for (int k = 0; k < r->conflicts[0].n; k++)
        cites_rows |= r->conflicts[0].stmts[k] == excluded;
    assert_true(cites_rows);
    /* in the coverage and no row in its window: the register proves it false */
    assert_int_equal(r->conflicts[1].kind, CK_REGISTER);
    assert_int_equal(r->conflicts[1].claim, third);
    assert_int_equal(r->verdicts[flight], V_CONTRADICTED);
    assert_int_equal(r->verdicts[third], V_CONTRADICTED);
    assert_int_equal(r->verdicts[second], V_CORROBORATED);
    assert_int_equal(r->corroborated_by[second], may);
    assert_int_equal(r->verdicts[kj_test_find(c, "late")], V_UNVERIFIED);
    kj_report_free(r);
    kj_case_free(c);
}

/* The case loaded, checked and written (report and questions), as one
 * thread would. */
typedef struct run_arg {
    const char *case_path;
    char *out;
} run_arg;

static void *load_check_render(void *arg)
{
    run_arg *a = arg;
    kj_case *c = kj_test_load_file(a->case_path);
    kj_report *r = kj_check(c, NULL, NULL);
    assert_non_null(r);
    kj_test_mem m;
    FILE *out = kj_test_mem_open(&m);
    assert_int_equal(kj_render_text(c, r, out), 0);
    assert_int_equal(kj_render_questions_json(c, r, out), 0);
    a->out = kj_test_mem_close(&m);
    kj_report_free(r);
    kj_case_free(c);
    return NULL;
}

/* The library is reentrant: cases loaded and checked in threads of their
 * own at the same time give what one alone gives (the rows of a register
 * and the questions are sorted by comparators that once found what they
 * sorted through a static, and crashed when two sorted at once). */
static void test_cases_checked_at_once_do_not_meet(void **state)
{
    fixture *f = *state;
    run_arg alone = {.case_path = f->case_path};
    load_check_render(&alone);
    assert_non_null(strstr(alone.out, "2 contradictions found"));
    enum { THREADS = 4, ROUNDS = 10 };
    for (int round = 0; round < ROUNDS; round++) {
        pthread_t t[THREADS];
        run_arg args[THREADS];
        for (int i = 0; i < THREADS; i++) {
            args[i] = (run_arg){.case_path = f->case_path};
            assert_int_equal(pthread_create(&t[i], NULL, load_check_render, &args[i]), 0);
        }
        for (int i = 0; i < THREADS; i++) {
            assert_int_equal(pthread_join(t[i], NULL), 0);
            assert_string_equal(args[i].out, alone.out);
            free(args[i].out);
        }
    }
    free(alone.out);
}

/* ---- stores the check refuses --------------------------------------------------------- */

/* Loading f's case fails with exactly one error, whose message contains
 * `part`; returns its hint (static storage until the next call). */
static const char *expect_refused(const fixture *f, const char *part)
{
    static kj_test_diags r;
    memset(&r, 0, sizeof r);
    int n_errors = -1;
    kj_case *c = kj_case_load(f->case_path, kj_test_record, &r, &n_errors);
    assert_null(c);
    if (n_errors != 1 || !strstr(r.d[0].message, part)) {
        kj_test_diags_dump(&r);
        fail_msg("%d errors, expected one with '%s'", n_errors, part);
    }
    return r.d[0].hint;
}

static void test_a_changed_store_is_refused(void **state)
{
    fixture *f = *state;
    char *backup = kj_test_path(f->dir, "intact.kjdb");
    kj_test_copy(f->store, backup);
    /* a row deleted */
    sql_exec(f->store, "DELETE FROM entries WHERE line = 2");
    char want[512];
    snprintf(want, sizeof want, "store 'records' ('%s'): import #1 of register 'landings' holds 3 rows where it "
             "recorded 4: the store was changed after the import", f->store);
    assert_string_equal(expect_refused(f, want), "import the file again, into a store of its own");
    /* an import relabelled */
    kj_test_copy(backup, f->store);
    sql_exec(f->store, "UPDATE imports SET kind = 'trace'");
    expect_refused(f,
                   "import #1 of register 'landings' is recorded as a trace: the store was changed after the import");
    /* as it was imported: checked */
    kj_test_copy(backup, f->store);
    kj_case *c = kj_test_load_file(f->case_path);
    kj_case_free(c);
    free(backup);
}

static void test_a_missing_store_and_an_empty_register_are_refused(void **state)
{
    fixture *f = *state;
    /* a second register in the store, never imported */
    FILE *out = fopen(f->case_path, "a");
    assert_non_null(out);
    fputs("register other at kjeller covers 1935-12 records departure store records source log\n", out);
    assert_int_equal(fclose(out), 0);
    assert_string_equal(expect_refused(f, "nothing is imported into store 'records' for register 'other' at kjeller"),
                        "import its rows (kjeller import CASE ID FILE.csv); a register that recorded nothing has no "
                        "store");
    /* no store file at all */
    assert_int_equal(unlink(f->store), 0);
    char want[512];
    snprintf(want, sizeof want, "cannot read store 'records' ('%s'): no such file", f->store);
    assert_string_equal(expect_refused(f, want), "fill it first: kjeller import CASE REGISTER-OR-TRACE FILE");
}

/* ---- store.c --------------------------------------------------------------------------- */

static void test_a_new_store_gets_its_schema(void **state)
{
    fixture *f = *state;
    char *path = kj_test_path(f->dir, "new.kjdb");
    char err[256] = "";
    kj_store st;
    assert_int_equal(kj_store_open(&st, path, 1, err, sizeof err), 0);
    assert_string_equal(st.path, path);
    assert_int_equal(kj_store_schema(&st), 0);
    assert_int_equal(kj_store_indexes(&st), 0);
    assert_int_equal(kj_store_count_imports(&st, "landings"), 0);
    kj_store_close(&st);
    assert_null(st.db);
    kj_store_close(&st); /* twice is harmless */
    assert_int_equal(sql_int(path, "PRAGMA application_id"), 0x6b6a6462); /* "kjdb" */
    assert_int_equal(sql_int(path, "PRAGMA user_version"), KJ_STORE_VERSION);
    assert_sql_text(path, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master ORDER BY name)",
                    "entries entries_by_time imports points points_by_time sqlite_autoindex_imports_1");
    /* read-only now, as a check opens it */
    assert_int_equal(kj_store_open(&st, path, 0, err, sizeof err), 0);
    kj_store_close(&st);
    /* the imported store: one import into 'landings' */
    assert_int_equal(kj_store_open(&st, f->store, 0, err, sizeof err), 0);
    assert_int_equal(kj_store_count_imports(&st, "landings"), 1);
    assert_int_equal(kj_store_count_imports(&st, "other"), 0);
    kj_store_close(&st);
    free(path);
}

/* kj_store_open(path) fails, read-only and writable alike when both, with
 * an error holding `part`. */
static void expect_open_fails_with(const char *path, int writable, int code, const char *part)
{
    char err[256] = "";
    kj_store st;
    assert_int_equal(kj_store_open(&st, path, writable, err, sizeof err), code);
    assert_null(st.db);
    if (!strstr(err, part)) fail_msg("%s: '%s', expected '%s'", path, err, part);
}

static void expect_open_fails(const char *path, int writable, const char *part)
{
    expect_open_fails_with(path, writable, KJ_STORE_UNREADABLE, part);
}

static void test_what_kj_store_open_refuses(void **state)
{
    fixture *f = *state;
    char *missing = kj_test_path(f->dir, "missing.kjdb");
    expect_open_fails(missing, 0, "unable to open database file");
    /* an empty store: nothing imported, nothing to read */
    char err[256] = "";
    kj_store st;
    assert_int_equal(kj_store_open(&st, missing, 1, err, sizeof err), 0);
    kj_store_close(&st);
    expect_open_fails_with(missing, 0, KJ_STORE_EMPTY, "the store is empty: nothing has been imported");
    /* another program's database, or not a database at all */
    char *foreign = kj_test_path(f->dir, "foreign.db");
    sql_exec(foreign, "CREATE TABLE t(x)");
    expect_open_fails(foreign, 0, "an SQLite database that is not a kjeller store");
    expect_open_fails(foreign, 1, "an SQLite database that is not a kjeller store");
    char *text = kj_test_write(f->dir, "text.kjdb",
                               "date,clock\n1935-12-01,10:00\nand more than the 100 bytes of a database header, "
                               "which this file does not begin with\n");
    expect_open_fails(text, 0, "not an SQLite database (file is not a database)");
    /* a kjeller store of another version: never read (its tables would be misread) */
    sql_exec(f->store, "PRAGMA user_version = 1");
    expect_open_fails_with(f->store, 0, KJ_STORE_OLDER, "a kjeller store of an older version (1; this kjeller reads 2)");
    expect_open_fails_with(f->store, 1, KJ_STORE_OLDER, "a kjeller store of an older version (1; this kjeller reads 2)");
    assert_non_null(strstr(kj_store_open_hint(KJ_STORE_OLDER), "import its files again"));
    sql_exec(f->store, "PRAGMA user_version = 3");
    expect_open_fails_with(f->store, 0, KJ_STORE_NEWER, "a kjeller store of a newer version (3; this kjeller reads 2)");
    free(missing);
    free(foreign);
    free(text);
}

/* An import killed after its pages reached the store leaves a hot
 * journal: a reader rolls it back and sees the store as before.  The
 * store and its journal are copied while a writer holds its transaction,
 * as a killed writer would have left them. */
static void test_a_hot_journal_is_rolled_back_by_a_reader(void **state)
{
    fixture *f = *state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(f->store, &db), SQLITE_OK);
    /* a small page cache, so that the transaction's pages are written to the file before it commits */
    assert_int_equal(sqlite3_exec(db,
                                  "PRAGMA cache_size = 1; BEGIN;"
                                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                                  " INSERT INTO entries SELECT 1, i, i, i, 'x', NULL, NULL, NULL, NULL FROM n;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char *killed = kj_test_path(f->dir, "killed.kjdb"), *journal = kj_test_path(f->dir, "killed.kjdb-journal");
    char *live_journal = kj_test_path(f->dir, "air.kjdb-journal");
    kj_test_copy(f->store, killed);
    kj_test_copy(live_journal, journal);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    /* the copy holds pages of the transaction (it is longer than the
     * store rolled back), and its journal what they were */
    struct stat js, ks, ss;
    assert_int_equal(stat(journal, &js), 0);
    assert_true(js.st_size > 0);
    assert_int_equal(stat(killed, &ks), 0);
    assert_int_equal(stat(f->store, &ss), 0);
    assert_true(ks.st_size > ss.st_size);
    char err[256] = "";
    kj_store st;
    assert_int_equal(kj_store_open(&st, killed, 0, err, sizeof err), 0);
    kj_store_close(&st);
    assert_int_equal(stat(killed, &ks), 0);
    assert_int_equal(ks.st_size, ss.st_size);
    assert_int_equal(sql_int(killed, "SELECT count(*) FROM entries"), 4);
    assert_sql_text(killed, "PRAGMA integrity_check", "ok");
    assert_int_equal(stat(journal, &js), -1); /* rolled back and gone */
    free(killed);
    free(journal);
    free(live_journal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_import_stores_the_good_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cases_checked_at_once_do_not_meet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_same_file_again_is_not_imported_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rows_in_a_window_become_statements, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_check_reads_the_rows_as_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_changed_store_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_missing_store_and_an_empty_register_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_new_store_gets_its_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_what_kj_store_open_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_hot_journal_is_rolled_back_by_a_reader, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
