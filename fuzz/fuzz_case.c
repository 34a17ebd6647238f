/* fuzz_case — the whole pipeline from bytes: lex, parse, resolve, compile,
 * check (with a small search budget), and render text, JSON and SMT-LIB2.
 * Build: make fuzz (clang, libFuzzer, ASan+UBSan); run: see fuzz/RESULTS.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kjeller.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0; /* keep runs fast; long inputs have their own tests */
    int n_errors = 0;
    kj_case *c = kj_case_load_buffer("fuzz.case", (const char *)data, size, NULL, NULL, &n_errors);
    if (!c) return 0;
    kj_check_opts opts = {20000};
    kj_report *r = kj_check(c, &opts);
    FILE *sink = fopen("/dev/null", "w");
    if (r && sink) {
        kj_render_text(c, r, sink);
        kj_render_json(c, r, sink);
        kj_render_questions_text(c, r, sink);
        kj_render_smt2(c, sink);
    }
    if (sink) fclose(sink);
    kj_report_free(r);
    kj_case_free(c);
    return 0;
}
