/* san_defaults.c — linked into the sanitizer build (make SAN=1) only.
 *
 * A sanitizer that stops the program exits with status 1 by default, which
 * for kjeller means "contradictions found": a test that looks only at the
 * status would read a memory error or undefined behaviour as a finding
 * (issue 19 item 7).  These defaults make every sanitizer report end with
 * status 99, which no kjeller outcome uses (0-4).  ASAN_OPTIONS and
 * UBSAN_OPTIONS in the environment still override them. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void) { return "exitcode=99"; }
const char *__ubsan_default_options(void) { return "halt_on_error=1:print_stacktrace=1:exitcode=99"; }
