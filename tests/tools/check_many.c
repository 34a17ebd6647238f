/* check_many — for tests/valgrind.sh: checks each case file named on the
 * command line as `kjeller check` would (load, check, the text, JSON and
 * HTML reports, the questions), one after another in one process, each
 * case freed before the next.  Under valgrind a process costs seconds of
 * start-up (fifty shared libraries), so one process for many cases tests
 * the same code for a fraction of the time; the command line itself is
 * run under valgrind on its own by the script.  Before each case it
 * writes "case: PATH" to stderr, so that a report names its case.  Exits
 * 0, or 3 when the library failed inside (never for a case's errors). */
#include <stdio.h>

#include "kjeller.h"

static void no_diag(void *ctx, const kj_diag *d)
{
    (void)ctx;
    (void)d;
}

int main(int argc, char **argv)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink) return 3;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        fprintf(stderr, "case: %s\n", argv[i]);
        int n_errors = 0;
        kj_failure failure;
        const char *path = argv[i];
        kj_case *c = kj_case_open(&path, 1, NULL, no_diag, NULL, &n_errors, &failure);
        if (!c) {
            if (failure.failed) rc = 3;
            continue;
        }
        kj_report *r = kj_check(c, NULL, &failure);
        if (!r) rc = 3;
        if (r && (kj_render_text(c, r, sink) != 0 || kj_render_json(c, r, sink) != 0 || kj_render_html(c, r, sink) != 0 ||
                  kj_render_questions_text(c, r, sink) != 0))
            rc = 3;
        kj_report_free(r);
        kj_case_free(c);
    }
    fclose(sink);
    return rc;
}
