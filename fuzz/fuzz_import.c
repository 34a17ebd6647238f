/* fuzz_import — the import path from bytes: the input is a CSV file,
 * imported into a register (three times: afresh, again, and with another
 * mapping, which replaces the first) and into a location trace of two
 * fixed small cases, and read as GPX and as GeoJSON into the trace too
 * (--input-format), each followed by a check of its case against what
 * was stored.  The stores live in a temporary directory (in /dev/shm when
 * there is one), removed after every input.  Build: make fuzz; run: see
 * fuzz/RESULTS.md. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kjeller.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char register_case[] =
    "source log \"Kjeller airdrome landing log\"\n"
    "source trial \"Report of Court Proceedings\"\n"
    "person p \"Georgy Pyatakov\"\n"
    "place tempelhof 52.473 13.404 tz Europe/Berlin\n"
    "place kjeller 59.970 11.037 tz Europe/Oslo\n"
    "store records \"register.kjdb\"\n"
    "register landings at kjeller covers 1935-12-01..1935-12-31 records arrival by air where aircraft = civil\n"
    "  store records source log\n"
    "testimony t by p source trial\n"
    "  claim flight: p travels tempelhof -> kjeller by air arrives \"first half of December 1935\" \"approximately 3 p.m.\"\n"
    "  claim second: p travels tempelhof -> kjeller by air arrives \"1935-12-18, about noon\"\n"
    "assume flight aircraft = civil \"a passenger flight\"\n"
    "assume second aircraft = civil \"a passenger flight\"\n";

static const char trace_case[] =
    "source police \"Police surveillance log\"\n"
    "source s \"Statement of X\"\n"
    "person x \"X\"\n"
    "place oslo 59.913 10.752 ± 1 km tz Europe/Oslo\n"
    "place moscow 55.756 37.617 tz Europe/Moscow\n"
    "store rec \"trace.kjdb\"\n"
    "trace watch of x store rec tz UTC source police \"the watchers' log\"\n"
    "testimony t by x source s\n"
    "  claim noon: x at oslo in \"1935-12-20 12:00\"\n";

typedef struct paths {
    char dir[64], register_case[96], trace_case[96], csv[96], rejects[96];
    char stores[4][96]; /* the stores and their journals */
} paths;

static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static paths made; /* the fuzzer's own state: the library has none */

static void cleanup(void)
{
    unlink(made.register_case);
    unlink(made.trace_case);
    rmdir(made.dir);
}

/* The directory and the two case files, made once (removed at exit). */
static const paths *setup(void)
{
    paths *const pp = &made;
    static int done;
    if (done) return done > 0 ? pp : NULL;
    done = -1;
    snprintf(pp->dir, sizeof pp->dir, "%s/kjeller-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(pp->dir)) return NULL;
    atexit(cleanup);
    snprintf(pp->register_case, sizeof pp->register_case, "%s/register.case", pp->dir);
    snprintf(pp->trace_case, sizeof pp->trace_case, "%s/trace.case", pp->dir);
    snprintf(pp->csv, sizeof pp->csv, "%s/input.csv", pp->dir);
    snprintf(pp->rejects, sizeof pp->rejects, "%s/input.rejects.csv", pp->dir);
    const char *stores[2] = {"register.kjdb", "trace.kjdb"};
    for (int i = 0; i < 2; i++) {
        snprintf(pp->stores[2 * i], sizeof pp->stores[0], "%s/%s", pp->dir, stores[i]);
        snprintf(pp->stores[2 * i + 1], sizeof pp->stores[0], "%s/%s-journal", pp->dir, stores[i]);
    }
    if (write_file(pp->register_case, register_case, sizeof register_case - 1) != 0 ||
        write_file(pp->trace_case, trace_case, sizeof trace_case - 1) != 0)
        return NULL;
    done = 1;
    return pp;
}

/* One import; its result's memory freed.  Returns the exit status. */
static int import(const char *case_path, const char *target, const paths *p, const char *const *maps, int n_maps,
                  const char *format)
{
    kj_import_opts o;
    memset(&o, 0, sizeof o);
    o.maps = maps;
    o.n_maps = n_maps;
    o.rejects = p->rejects;
    o.max_errors = 3;
    o.input_format = format;
    kj_import_result res;
    const char *cases[1] = {case_path};
    int rc = kj_import(cases, 1, target, p->csv, &o, NULL, NULL, &res);
    free(res.rejects);
    free(res.replaced_mapping);
    return rc;
}

/* The store as imported: every import's rows verify against the digest
 * the import recorded (the digest of the values it bound, and of the values
 * read back, must be one); a failure is the fuzzer's finding. */
static void verify(const char *case_path)
{
    kj_stores *s = NULL;
    const char *cases[1] = {case_path};
    if (kj_stores_read(cases, 1, NULL, 1, NULL, NULL, &s) != KJ_EXIT_CONSISTENT) return;
    if (s->n_changed) {
        fprintf(stderr, "kjeller: an import's rows do not verify as imported\n");
        abort();
    }
    kj_stores_free(s);
}

/* Checks the case against its store (a small search budget), every
 * renderer to /dev/null. */
static void check(const char *case_path)
{
    int n_errors = 0;
    kj_case *c = kj_case_load(case_path, NULL, NULL, &n_errors);
    if (!c) return;
    kj_check_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.max_branches = 20000;
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
    }
    if (sink) fclose(sink);
    kj_report_free(r);
    kj_case_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1 << 16) return 0; /* keep runs fast; big files have their own tests */
    const paths *p = setup();
    if (!p || write_file(p->csv, data, size) != 0) return 0;
    if (import(p->register_case, "landings", p, NULL, 0, NULL) == KJ_EXIT_CONSISTENT) {
        verify(p->register_case);
        check(p->register_case);
        import(p->register_case, "landings", p, NULL, 0, NULL); /* already imported */
        const char *maps[1] = {"aircraft=kind"};
        if (import(p->register_case, "landings", p, maps, 1, NULL) == KJ_EXIT_CONSISTENT) /* replaces the first */
            check(p->register_case);
    }
    for (int f = 0; f < 3; f++) {
        static const char *const formats[3] = {NULL, "gpx", "geojson"};
        if (import(p->trace_case, "watch", p, NULL, 0, formats[f]) == KJ_EXIT_CONSISTENT) {
            verify(p->trace_case);
            check(p->trace_case);
        }
    }
    for (int i = 0; i < 4; i++) unlink(p->stores[i]);
    unlink(p->rejects);
    unlink(p->csv);
    return 0;
}
