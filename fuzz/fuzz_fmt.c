/* fuzz_fmt — kjeller fmt from bytes: kj_fmt never crashes, a layout it
 * returns is one again (idempotent: its layout is itself), and a layout
 * never fails to parse.  kj_fmt checks itself that its layout has the
 * input's tokens and comments (an internal error, here a crash).
 * Build: make fuzz; run:
 *   build-fuzz/fuzz_fmt -dict=fuzz/case.dict fuzz/corpus */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kjeller.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL, *again = NULL;
    size_t out_size = 0, again_size = 0;
    int n_errors = 0;
    kj_failure failure;
    int status = kj_fmt("fuzz.case", (const char *)data, size, NULL, NULL, NULL, &n_errors, &out, &out_size, &failure);
    if (status == KJ_EXIT_INTERNAL) abort(); /* a layout that reads otherwise, or a broken invariant */
    if (status != KJ_EXIT_CONSISTENT) return 0;
    status = kj_fmt("fuzz.case", out, out_size, NULL, NULL, NULL, &n_errors, &again, &again_size, &failure);
    if (status != KJ_EXIT_CONSISTENT || again_size != out_size || memcmp(out, again, out_size) != 0) abort();
    free(out);
    free(again);
    return 0;
}
