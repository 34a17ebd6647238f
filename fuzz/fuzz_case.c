/* fuzz_case — the whole pipeline from bytes: lex, parse, resolve, compile,
 * check (with a small search budget), and render text, JSON and SMT-LIB2.
 * Build: make fuzz (clang, libFuzzer, ASan+UBSan); run: see fuzz/RESULTS.md.
 *
 * The input is loaded as if it were the file fuzz.case in a directory of
 * its own, made once, that holds a few files for its includes to reach
 * (the fuzzer's working directory changes as it writes its corpus, so an
 * include relative to it would not be reproducible): a valid case, one
 * that includes itself four times by ./ (fan-out and a cycle), a symbolic
 * link to it, a diamond, a file that is not a case file, and fuzz.case
 * itself including itself. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kjeller.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char case_name[64], fixture_dir[64];
static const char *const fixtures[] = {"b.case", "a.case", "d.case", "not-case.txt", "fuzz.case", "link.case"};

/* At exit: the fixtures' directory goes. */
static void remove_fixtures(void)
{
    char path[128];
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", fixture_dir, fixtures[i]);
        unlink(path);
    }
    rmdir(fixture_dir);
}

static void fixture(const char *dir, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) fputs(text, f), fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char dir[] = "/tmp/kjeller-fuzz.XXXXXX";
    if (!mkdtemp(dir)) return 0; /* then includes find nothing: still a run */
    fixture(dir, "b.case", "source s-b \"fixture\"\nplace p-b 59.9 10.7 tz Europe/Oslo\n");
    fixture(dir, "a.case", "include \"./a.case\"\ninclude \"./a.case\"\ninclude \"./a.case\"\ninclude \"./a.case\"\n");
    fixture(dir, "d.case", "include \"b.case\"\ninclude \"./b.case\"\ninclude \"link.case\"\n");
    fixture(dir, "not-case.txt", "root:x:0:0:root:/root:/bin/bash\n");
    fixture(dir, "fuzz.case", "include \"./fuzz.case\"\n");
    char link[128];
    snprintf(link, sizeof link, "%s/link.case", dir);
    if (symlink("a.case", link) != 0) { /* no link: one fixture fewer */ }
    snprintf(case_name, sizeof case_name, "%s/fuzz.case", dir);
    snprintf(fixture_dir, sizeof fixture_dir, "%s", dir);
    atexit(remove_fixtures);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0; /* keep runs fast; long inputs have their own tests */
    int n_errors = 0;
    kj_case *c = kj_case_load_buffer(case_name[0] ? case_name : "fuzz.case", (const char *)data, size, NULL, NULL,
                                     &n_errors);
    if (!c) return 0;
    kj_check_opts opts = {.max_branches = 20000};
    kj_failure failure;
    kj_report *r = kj_check(c, &opts, &failure);
    if (!r) { /* a bug in kjeller (the library no longer exits for one): the fuzzer's finding */
        fprintf(stderr, "kjeller: internal error: %s\n", failure.why);
        abort();
    }
    FILE *sink = fopen("/dev/null", "w");
    if (r && sink) {
        kj_render_text(c, r, sink);
        kj_render_json(c, r, sink);
        kj_render_questions_text(c, r, sink);
        kj_render_smt2(c, sink);
        kj_render_html(c, r, sink);
    }
    if (sink) fclose(sink);
    kj_report_free(r);
    kj_case_free(c);
    return 0;
}
