/* test_locale — a program that links the library and sets a locale of its
 * own gets the same findings as the command line.  Under de_DE, strtod
 * stops at the point of "60.9" and printf writes "0,5": a case read that
 * way puts places where they are not, and a journey that was possible
 * becomes a contradiction.  The library reads and writes every number in
 * the C locale, in every public call and in every thread it starts.
 *
 * The German locale is compiled by localedef into a temporary LOCPATH, so
 * the test needs no root and no locale installed system-wide (only the
 * `locales` package's sources, which .ci/packages lists). */
#include <locale.h>
#include <sys/wait.h>

#include "kj_test.h"

/* Between a and b, 0.1 degrees of latitude: about 11 km, which a car at
 * 60.5 km/h covers in 11 minutes, and the claim allows 15.  Read with the
 * decimals cut off, a and b are 111 km apart and the car does 60 km/h: a
 * contradiction that is not there.  The trace's points (imported) and the
 * radius say the same with decimals of their own. */
static const char *const CASE_TEXT =
    "source s \"test\"\n"
    "person x \"X\"\n"
    "option radius 0.5 km\n"
    "place a 60.9 10.0 tz Europe/Oslo\n"
    "place b 61.0 10.0 tz Europe/Oslo\n"
    "mode old-car: car max 60.5 km/h assumption \"test\"\n"
    "store rec \"locale.kjdb\"\n"
    "trace watch of x store rec tz UTC source s \"the log\"\n"
    "testimony t by x source s\n"
    "  claim d: x travels a -> b by old-car, departs \"1935-12-10 15:00\", arrives \"1935-12-10 15:15\"\n"
    "  claim e: x at b in \"1935-12-10 17:00\"\n";

/* Seen at 16:00 UTC (17:00 in Oslo) 0.04 degrees from b: 4.4 km, within
 * the 0.5 km radius no more; cut to whole degrees, 61 and 10 exactly. */
static const char *const CSV_TEXT = "time,lat,lon,accuracy\n"
                                    "1935-12-10 16:00:00,61.04,10.0,0.5\n";

static char dir[64], case_path[96], csv_path[96], locpath[96];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/kj-locale-%ld", (long)getpid());
    snprintf(case_path, sizeof case_path, "%s/locale.case", dir);
    snprintf(csv_path, sizeof csv_path, "%s/trace.csv", dir);
    snprintf(locpath, sizeof locpath, "%s/locales", dir);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "mkdir -p %s && localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", locpath,
             locpath);
    int rc = system(cmd);
    /* localedef warns (status 1) about some locales and still writes them */
    if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) > 1) {
        fprintf(stderr, "localedef failed: install the Debian package `locales`\n");
        return -1;
    }
    free(kj_test_write(dir, "locale.case", CASE_TEXT));
    free(kj_test_write(dir, "trace.csv", CSV_TEXT));
    return setenv("LOCPATH", locpath, 1);
}

static int teardown(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    kj_test_rmdir(dir);
    return 0;
}

static char *render(int (*fn)(const kj_case *, const kj_report *, FILE *), const kj_case *c, const kj_report *r)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    assert_non_null(mem);
    assert_int_equal(fn(c, r, mem), 0);
    fclose(mem);
    return text;
}

static char *render_smt2(const kj_case *c, const kj_report *r)
{
    (void)r;
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    assert_non_null(mem);
    assert_int_equal(kj_render_smt2(c, mem), 0);
    fclose(mem);
    return text;
}

typedef struct outputs {
    int status;
    char *text, *json, *html, *questions, *smt2, *diags;
} outputs;

static void collect_diag(void *ctx, const kj_diag *d)
{
    FILE *f = ctx;
    kj_diag_print(f, d);
}

/* Imports the trace into a fresh store and checks with four threads. */
static outputs run_all(void)
{
    outputs o = {0};
    char store[128];
    snprintf(store, sizeof store, "%s/locale.kjdb", dir);
    unlink(store);
    size_t dsize = 0;
    FILE *diags = open_memstream(&o.diags, &dsize);
    assert_non_null(diags);
    const char *paths[] = {case_path};
    kj_runtime rt = {.threads = 4, .piece_points = 1};
    kj_import_opts io = {.rt = &rt};
    kj_import_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(kj_import(paths, 1, "watch", csv_path, &io, collect_diag, diags, &res), KJ_EXIT_CONSISTENT);
    assert_int_equal(res.rows, 1);
    assert_int_equal(res.rejected, 0);
    free(res.rejects);
    free(res.replaced_mapping);
    int n_errors = -1;
    kj_case *c = kj_case_open(paths, 1, &rt, collect_diag, diags, &n_errors, NULL);
    assert_non_null(c);
    assert_int_equal(n_errors, 0);
    kj_report *r = kj_check(c, NULL, NULL);
    assert_non_null(r);
    o.status = kj_report_status(r);
    o.text = render(kj_render_text, c, r);
    o.json = render(kj_render_json, c, r);
    o.html = render(kj_render_html, c, r);
    o.questions = render(kj_render_questions_json, c, r);
    o.smt2 = render_smt2(c, r);
    kj_report_free(r);
    kj_case_free(c);
    fclose(diags);
    return o;
}

static void outputs_free(outputs *o)
{
    free(o->text);
    free(o->json);
    free(o->html);
    free(o->questions);
    free(o->smt2);
    free(o->diags);
}

static void test_a_host_locale_changes_nothing(void **state)
{
    (void)state;
    assert_non_null(setlocale(LC_ALL, "C"));
    outputs c_run = run_all();
    assert_int_equal(c_run.status, KJ_EXIT_CONSISTENT);
    assert_non_null(strstr(c_run.text, "no contradiction"));

    assert_non_null(setlocale(LC_ALL, "de_DE.UTF-8"));
    /* the locale took: the host's own printf writes a comma */
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    assert_string_equal(probe, "0,5");
    outputs de_run = run_all();
    /* and is the host's still */
    snprintf(probe, sizeof probe, "%.1f", 0.5);
    assert_string_equal(probe, "0,5");
    setlocale(LC_ALL, "C");

    assert_int_equal(de_run.status, c_run.status);
    assert_string_equal(de_run.text, c_run.text);
    assert_string_equal(de_run.json, c_run.json);
    assert_string_equal(de_run.html, c_run.html);
    assert_string_equal(de_run.questions, c_run.questions);
    assert_string_equal(de_run.smt2, c_run.smt2);
    assert_string_equal(de_run.diags, c_run.diags);
    outputs_free(&c_run);
    outputs_free(&de_run);
}

/* Errors are found as in C: latitude 90.5 is out of range, where one that
 * read 90 would find nothing wrong. */
static void test_diagnostics_under_a_host_locale(void **state)
{
    (void)state;
    static const char bad[] = "place a 90.5 10.0 tz Europe/Oslo\n";
    char *out[2] = {NULL, NULL};
    const char *locales[2] = {"C", "de_DE.UTF-8"};
    int errs[2];
    for (int i = 0; i < 2; i++) {
        assert_non_null(setlocale(LC_ALL, locales[i]));
        size_t size = 0;
        FILE *f = open_memstream(&out[i], &size);
        assert_non_null(f);
        kj_case *c = kj_case_load_buffer("bad.case", bad, sizeof bad - 1, collect_diag, f, &errs[i]);
        fclose(f);
        kj_case_free(c);
    }
    setlocale(LC_ALL, "C");
    assert_int_equal(errs[0], 1);
    assert_non_null(strstr(out[0], "latitude 90.5 out of range"));
    assert_int_equal(errs[0], errs[1]);
    assert_string_equal(out[0], out[1]);
    free(out[0]);
    free(out[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_host_locale_changes_nothing),
        cmocka_unit_test(test_diagnostics_under_a_host_locale),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
