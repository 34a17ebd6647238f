/* kj_test.h — what the unit tests share: loading a case from a string,
 * recording its diagnostics, finding a statement by id, output gathered in
 * memory, files in a temporary directory, a seeded random generator, UTC
 * seconds computed without kjeller, z3's answer for a script, and running
 * a test through the solver's other theory.
 *
 * Every function is static inline (a test binary uses a few of them and
 * compiles all); each fails the running cmocka test, with the reason, when
 * what it needs cannot be done.  Tests run from the repository's root, so
 * paths such as "examples/moscow-1937/pyatakov.case" name the real files. */
#ifndef KJ_TEST_H
#define KJ_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <z3.h>

#include "kj.h"
#include "network.h"

/* KJ_TEST_ROUNDS(n): a randomized test's round count, a quarter of it under
 * ASan (which slows the solver about tenfold); the plain build, run first
 * in CI, keeps the full count, so coverage is not lost, only repeated less. */
#if defined(__SANITIZE_ADDRESS__)
#define KJ_TEST_ROUNDS(n) ((n) / 4)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KJ_TEST_ROUNDS(n) ((n) / 4)
#endif
#endif
#ifndef KJ_TEST_ROUNDS
#define KJ_TEST_ROUNDS(n) (n)
#endif

/* ---- diagnostics ---------------------------------------------------------- */

#define KJ_TEST_MAX_DIAGS 32

typedef struct kj_test_diag {
    int line, col, len;
    char file[64];
    char message[512];
    char hint[512];       /* "" when there is none */
    int has_hint;
    int has_line_text;
    kj_severity severity;
} kj_test_diag;

typedef struct kj_test_diags {
    int n;                /* every diagnostic, even past KJ_TEST_MAX_DIAGS */
    int n_warnings;       /* of which warnings (the rest are errors) */
    kj_test_diag d[KJ_TEST_MAX_DIAGS];
} kj_test_diags;

/* A kj_diag_fn: keeps a copy of each diagnostic in ctx (a kj_test_diags). */
static inline void kj_test_record(void *ctx, const kj_diag *d)
{
    kj_test_diags *r = ctx;
    assert_non_null(d->message);
    assert_true(d->len >= 1);
    r->n_warnings += d->severity == KJ_DIAG_WARNING;
    if (r->n < KJ_TEST_MAX_DIAGS) {
        kj_test_diag *x = &r->d[r->n];
        x->line = d->line;
        x->col = d->col;
        x->len = d->len;
        snprintf(x->file, sizeof x->file, "%s", d->file ? d->file : "");
        snprintf(x->message, sizeof x->message, "%s", d->message);
        snprintf(x->hint, sizeof x->hint, "%s", d->hint ? d->hint : "");
        x->has_hint = d->hint != NULL;
        x->has_line_text = d->line_text != NULL;
        x->severity = d->severity;
    }
    r->n++;
}

/* Prints the recorded diagnostics on stderr (before a test fails). */
static inline void kj_test_diags_dump(const kj_test_diags *r)
{
    for (int i = 0; i < r->n && i < KJ_TEST_MAX_DIAGS; i++)
        fprintf(stderr, "  %s:%d:%d: %s [hint: %s]\n", r->d[i].file, r->d[i].line, r->d[i].col, r->d[i].message,
                r->d[i].hint);
}

/* ---- loading cases ---------------------------------------------------------- */

/* Loads size bytes of text as "t.case", recording its diagnostics in *r;
 * checks that *n_errors is what the callback saw and that a case comes
 * back exactly when there was no error.  The caller owns the case. */
static inline kj_case *kj_test_load_diags(const char *text, size_t size, kj_test_diags *r)
{
    memset(r, 0, sizeof *r);
    int n_errors = -1;
    kj_case *c = kj_case_load_buffer("t.case", text, size, kj_test_record, r, &n_errors);
    assert_int_equal(n_errors, r->n - r->n_warnings);
    if (n_errors) assert_null(c);
    else assert_non_null(c);
    return c;
}

/* Loads head followed by body (either may be NULL), which must give no
 * diagnostic at all.  The caller owns the case. */
static inline kj_case *kj_test_load_parts(const char *head, const char *body)
{
    size_t nh = head ? strlen(head) : 0, nb = body ? strlen(body) : 0;
    char *text = malloc(nh + nb + 1);
    assert_non_null(text);
    if (nh) memcpy(text, head, nh);
    if (nb) memcpy(text + nh, body, nb);
    text[nh + nb] = 0;
    kj_test_diags *r = malloc(sizeof *r);
    assert_non_null(r);
    memset(r, 0, sizeof *r);
    int n_errors = -1;
    kj_case *c = kj_case_load_buffer("t.case", text, nh + nb, kj_test_record, r, &n_errors);
    if (n_errors != 0 || !c) {
        kj_test_diags_dump(r);
        fail_msg("the case does not load: %d errors", n_errors);
    }
    free(r);
    free(text);
    return c;
}

/* Loads text, which must give no diagnostic at all. */
static inline kj_case *kj_test_load(const char *text) { return kj_test_load_parts(NULL, text); }

/* Loads a case file (or fails, with its diagnostics). */
static inline kj_case *kj_test_load_file(const char *path)
{
    kj_test_diags r;
    memset(&r, 0, sizeof r);
    int n_errors = -1;
    kj_case *c = kj_case_load(path, kj_test_record, &r, &n_errors);
    if (n_errors != 0 || !c) {
        kj_test_diags_dump(&r);
        fail_msg("%s does not load: %d errors", path, n_errors);
    }
    return c;
}

/* The index of the statement named id (an id or an alias); fails the test
 * if there is none. */
static inline int kj_test_find(const kj_case *c, const char *id)
{
    int i = kj_find_stmt(c, id);
    if (i < 0) fail_msg("no statement '%s'", id);
    return i;
}

/* The statement named id (kj_test_find). */
static inline const kj_stmt *kj_test_stmt(const kj_case *c, const char *id) { return &c->stmts[kj_test_find(c, id)]; }

/* ---- output in memory --------------------------------------------------------- */

/* What a renderer wrote: kj_test_mem_open gives the stream to write to,
 * kj_test_mem_close closes it and leaves the bytes (NUL-terminated) in
 * data, size of them, the caller's to free. */
typedef struct kj_test_mem {
    FILE *f;
    char *data;
    size_t size;
} kj_test_mem;

static inline FILE *kj_test_mem_open(kj_test_mem *m)
{
    m->data = NULL;
    m->size = 0;
    m->f = open_memstream(&m->data, &m->size);
    assert_non_null(m->f);
    return m->f;
}

static inline char *kj_test_mem_close(kj_test_mem *m)
{
    assert_int_equal(fclose(m->f), 0);
    m->f = NULL;
    assert_non_null(m->data);
    return m->data;
}

/* How many times needle occurs in text (overlapping ones too). */
static inline int kj_test_count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* ---- files ------------------------------------------------------------------- */

/* A new empty directory under /tmp (the caller frees the path and removes
 * the directory with kj_test_rmdir). */
static inline char *kj_test_tmpdir(void)
{
    char *dir = strdup("/tmp/kj_test_XXXXXX");
    assert_non_null(dir);
    if (!mkdtemp(dir)) fail_msg("cannot create a temporary directory");
    return dir;
}

/* dir/name (the caller frees it). */
static inline char *kj_test_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    assert_non_null(path);
    snprintf(path, n, "%s/%s", dir, name);
    return path;
}

/* Writes text to dir/name; returns the path (the caller frees it). */
static inline char *kj_test_write(const char *dir, const char *name, const char *text)
{
    char *path = kj_test_path(dir, name);
    FILE *f = fopen(path, "w");
    if (!f) fail_msg("cannot write %s", path);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* The contents of a file (NUL-terminated; the caller frees them). */
static inline char *kj_test_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot read %s", path);
    kj_test_mem m;
    FILE *out = kj_test_mem_open(&m);
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) assert_int_equal(fwrite(buf, 1, got, out), got);
    fclose(f);
    return kj_test_mem_close(&m);
}

/* Copies a file, byte for byte. */
static inline void kj_test_copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    if (!in || !out) fail_msg("cannot copy %s to %s", from, to);
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0) assert_int_equal(fwrite(buf, 1, got, out), got);
    assert_false(ferror(in));
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* Removes the files of a directory made by kj_test_tmpdir, then the
 * directory itself (the tests make no subdirectories). */
static inline void kj_test_rmdir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *path = kj_test_path(dir, e->d_name);
        unlink(path);
        free(path);
    }
    closedir(d);
    rmdir(dir);
}

/* ---- numbers ------------------------------------------------------------------ */

/* A seeded xorshift64 generator: the same seed, the same cases every run. */
typedef struct kj_test_rng {
    uint64_t state;
} kj_test_rng;

static inline uint64_t kj_test_rand(kj_test_rng *r)
{
    r->state ^= r->state << 13;
    r->state ^= r->state >> 7;
    r->state ^= r->state << 17;
    return r->state;
}

/* (in glibc and the BSDs, and POSIX since 2024, but not declared under
 * _POSIX_C_SOURCE=200809L) */
time_t timegm(struct tm *tm);

/* UTC seconds of a civil date and time, by the C library's timegm: an
 * expected value that does not come from kjeller's own calendar. */
static inline int64_t kj_test_utc(int y, int mo, int d, int h, int mi, int s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm);
}

/* ---- z3 and the solver's theories ------------------------------------------- */

/* z3's default error handler exits the program: a script's errors are
 * read in its answer instead. */
static inline void kj_test_z3_no_exit(Z3_context ctx, Z3_error_code e)
{
    (void)ctx;
    (void)e;
}

/* What z3 answers to an SMT-LIB2 script, one line per command that
 * answers, errors as "(error ...)" lines (the caller frees it). */
static inline char *kj_test_z3_run(const char *script)
{
    Z3_config cfg = Z3_mk_config();
    Z3_context ctx = Z3_mk_context(cfg);
    Z3_del_config(cfg);
    Z3_set_error_handler(ctx, kj_test_z3_no_exit);
    char *answer = strdup(Z3_eval_smtlib2_string(ctx, script));
    assert_non_null(answer);
    Z3_del_context(ctx);
    return answer;
}

/* Whether z3 finds an SMT-LIB2 script unsatisfiable (1) or satisfiable
 * (0): its answer to a (check-sat) added at the end, the last line of
 * its answer that is "sat" or "unsat"; none fails the test. */
static inline int kj_test_z3_unsat(const char *script)
{
    size_t n = strlen(script);
    char *full = malloc(n + 32);
    assert_non_null(full);
    memcpy(full, script, n);
    strcpy(full + n, "(check-sat)\n");
    char *res = kj_test_z3_run(full);
    int unsat = -1;
    for (const char *line = res; *line;) {
        size_t len = strcspn(line, "\n");
        if (len == 5 && !strncmp(line, "unsat", 5)) unsat = 1;
        else if (len == 3 && !strncmp(line, "sat", 3)) unsat = 0;
        line += len + (line[len] == '\n');
    }
    if (unsat < 0) fprintf(stderr, "z3 said: %s\n", res);
    assert_true(unsat >= 0);
    free(res);
    free(full);
    return unsat;
}

/* The solver decides small networks with a distance matrix and large ones
 * with an incremental STN; a case whose runtime says apsp_max_points = -1
 * uses the STN whatever the size, so a test can run the same checks
 * through both theories.  A test's fake cases take test_apsp_max_points
 * (kj_runtime.apsp_max_points) from here. */
static int test_apsp_max_points = 256;

static inline void with_stn_theory(void (*run)(void))
{
    test_apsp_max_points = -1;
    run();
    test_apsp_max_points = 256;
}

/* The memory of what a test makes through the library's internals
 * (hand-made networks and arenas, the solver called directly): one
 * kj_mem for the test binary, never released (kj_free unlinks what a
 * test frees).  It is armed in main (KJ_TEST_HEAP_ARM) before the tests
 * run: should it fail (memory ran out), the binary says why and fails. */
static jmp_buf kj_test_heap_landing;

static inline kj_mem *kj_test_heap(void)
{
    static kj_mem heap;
    static int ready;
    if (!ready) {
        kj_mem_init(&heap);
        heap.landing = &kj_test_heap_landing;
        ready = 1;
    }
    return &heap;
}

/* The first statement of main in a test that uses kj_test_heap. */
#define KJ_TEST_HEAP_ARM()                                                                \
    do {                                                                                  \
        if (setjmp(kj_test_heap_landing) != 0) {                                          \
            fprintf(stderr, "a test's own memory failed: %s\n", kj_test_heap()->why);     \
            return 1;                                                                     \
        }                                                                                 \
    } while (0)

/* A network built outside any call of the library, in kj_test_heap: freed
 * as any other, with kj_network_free. */
static inline kj_network *kj_test_network_ex(const kj_case *c, int prune, const unsigned char *keep, long max_pairs)
{
    kj_ir *ir = kj_ir_build(kj_test_heap(), c); /* (a network keeps nothing of it) */
    kj_network *net = kj_network_build_ex(kj_test_heap(), ir, prune, keep, max_pairs);
    kj_ir_free(ir);
    return net;
}

static inline kj_network *kj_test_network(const kj_case *c, int prune) { return kj_test_network_ex(c, prune, NULL, 0); }

#endif
