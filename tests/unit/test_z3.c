/* test_z3 — an independent check of kjeller's answers by z3 (libz3).
 *
 * For every example and golden case: kjeller's compiled network is exported
 * as SMT-LIB2; every reported conflict's statements must be unsat in z3 and
 * every proper subset (one statement dropped) sat — the conflict is real and
 * minimal; a case kjeller calls consistent must be sat. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <z3.h>

#include "kj_test.h"
#include "report.h"

/* Returns the export with only the named assertions of `keep` (NULL = all). */
static char *export_subset(kj_case *c, const int *keep, int n_keep, int drop)
{
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    assert_int_equal(kj_render_smt2(c, f), 0);
    char *buf = kj_test_mem_close(&m);
    char *out = malloc(m.size + 1);
    size_t n = 0;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strncmp(line, "(check-sat)", 11) || !strncmp(line, "(get-unsat-core)", 16) || !strncmp(line, "(set-option", 11)) continue;
        if (!strncmp(line, "(assert (! |s:", 14)) {
            int wanted = keep == NULL;
            for (int i = 0; i < n_keep && !wanted; i++) {
                if (i == drop) continue;
                char pat[512];
                snprintf(pat, sizeof pat, ":named |%s|)", c->stmts[keep[i]].id);
                wanted = strstr(line, pat) != NULL;
            }
            if (!wanted) continue;
        }
        size_t l = strlen(line);
        memcpy(out + n, line, l);
        out[n + l] = '\n';
        n += l + 1;
    }
    out[n] = 0;
    free(buf);
    return out;
}

static int checked_conflicts;

static void check_file(const char *path)
{
    int n_errors = 0;
    kj_case *c = kj_case_load(path, NULL, NULL, &n_errors);
    if (!c) return; /* error cases have their own golden tests */
    kj_report *r = kj_check(c, NULL, NULL);
    assert_non_null(r);
    if (r->n_conflicts == 0 && !r->undecided) {
        char *all = export_subset(c, NULL, 0, -1);
        if (kj_test_z3_unsat(all)) fail_msg("%s: kjeller says consistent, z3 says unsat", path);
        free(all);
    }
    for (int k = 0; k < r->n_conflicts; k++) {
        const kj_conflict *cf = &r->conflicts[k];
        char *s = export_subset(c, cf->stmts, cf->n, -1);
        if (!kj_test_z3_unsat(s)) fail_msg("%s: conflict %d is sat in z3", path, k);
        free(s);
        for (int d = 0; d < cf->n; d++) {
            char *sub = export_subset(c, cf->stmts, cf->n, d);
            if (kj_test_z3_unsat(sub))
                fail_msg("%s: conflict %d is not minimal: still unsat without '%s'", path, k, c->stmts[cf->stmts[d]].id);
            free(sub);
        }
        checked_conflicts++;
    }
    kj_report_free(r);
    kj_case_free(c);
}

static void check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[512];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 512) {
        size_t l = strlen(e->d_name);
        if (l > 5 && !strcmp(e->d_name + l - 5, ".case")) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        check_file(path);
        free(names[i]);
    }
}

static void test_examples_agree_with_z3(void **state)
{
    (void)state;
    checked_conflicts = 0;
    check_dir("examples/moscow-1937");
    check_dir("examples/control");
    check_dir("tests/golden");
    /* the examples alone report several conflicts: the test has teeth */
    assert_true(checked_conflicts >= 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_examples_agree_with_z3)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
