/* case — loading: the shipped defaults (data/modes.kjd, compiled in), the
 * user's files and their includes, then resolution.  A case with any error
 * is discarded whole: nothing half-loaded reaches the checker. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "kj.h"
#include "output.h"

kj_runtime kj_runtime_fill(const kj_runtime *rt)
{
    kj_runtime r = {0};
    if (rt) r = *rt;
    if (r.threads <= 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        r.threads = online < 1 ? 1 : online > 8 ? 8 : (int)online;
    }
    if (r.threads > 64) r.threads = 64;
    if (r.piece_points <= 0) r.piece_points = 8192;
    if (r.apsp_max_points == 0) r.apsp_max_points = 256;
    if (r.apsp_max_points < -1) r.apsp_max_points = -1;
    return r;
}

void kj_phase(const kj_case *c, const char *phase)
{
    if (c->rt.on_phase) c->rt.on_phase(c->rt.phase_ctx, phase, NULL);
}

void kj_phase_figures(const kj_case *c, const char *phase, const char *fmt, ...)
{
    if (!c->rt.on_phase) return;
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    c->rt.on_phase(c->rt.phase_ctx, phase, detail);
}

static kj_case *case_new(const kj_runtime *rt, kj_diag_fn fn, void *ctx)
{
    kj_case *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->rt = kj_runtime_fill(rt);
    c->diag_fn = fn;
    c->diag_ctx = ctx;
    kj_readopts_default(&c->readopts);
    c->readopts.tz_cache = kj_tz_cache_new(); /* NULL on failure: uncached, still correct */
    c->right_after_s = 2 * 3600;
    c->default_radius_m = 1000;
    c->opt_stmt_about = c->opt_stmt_clock = c->opt_stmt_right_after = c->opt_stmt_radius = -1;
    kj_span none = {-1, 0, 0, 0};
    c->data_file = kj_add_file(c, "data/modes.kjd", kj_default_modes, strlen(kj_default_modes), none);
    kj_parse_file(c, c->data_file, 0);
    return c;
}

static void missing_file(kj_case *c, const char *path, const char *why)
{
    kj_flush_diags(c); /* earlier files' errors first */
    c->n_errors++;
    if (!c->diag_fn || c->n_shown >= KJ_MAX_DIAGS_SHOWN) return;
    c->n_shown++;
    char msg[512];
    snprintf(msg, sizeof msg, "cannot read '%s': %s", path, why);
    kj_diag d = {path, 0, 0, 1, msg, NULL, NULL};
    c->diag_fn(c->diag_ctx, &d);
}

static kj_case *finish(kj_case *c, int *n_errors)
{
    kj_phase(c, "parse");
    kj_resolve(c); /* after parse errors too: report every error in one run */
    kj_phase(c, "resolve");
    if (!c->n_errors && !c->no_records) kj_records_attach(c);
    kj_phase(c, "records");
    kj_flush_diags(c);
    kj_diag_summary(c);
    if (n_errors) *n_errors = c->n_errors;
    if (c->n_errors) {
        kj_case_free(c);
        return NULL;
    }
    return c;
}

kj_case *kj_case_open(const char *const *paths, int n, const kj_runtime *rt, kj_diag_fn fn, void *ctx, int *n_errors)
{
    return kj_case_load_ex(paths, n, rt, 0, fn, ctx, n_errors);
}

kj_case *kj_case_load_many(const char *const *paths, int n, kj_diag_fn fn, void *ctx, int *n_errors)
{
    return kj_case_load_ex(paths, n, NULL, 0, fn, ctx, n_errors);
}

kj_case *kj_case_load_ex(const char *const *paths, int n, const kj_runtime *rt, int no_records, kj_diag_fn fn,
                         void *ctx, int *n_errors)
{
    kj_case *c = case_new(rt, fn, ctx);
    if (!c) return NULL;
    c->no_records = no_records;
    kj_span none = {-1, 0, 0, 0};
    for (int i = 0; i < n; i++) {
        kj_source src;
        const char *why = kj_source_open(paths[i], &src);
        if (!why && kj_file_known(c, &src) >= 0) { /* the same file again: read once */
            kj_source_close(&src);
            continue;
        }
        int f = why ? -1 : kj_source_read(c, paths[i], &src, none, &why);
        if (f < 0) {
            missing_file(c, paths[i], why);
            continue;
        }
        kj_parse_file(c, f, 0);
    }
    return finish(c, n_errors);
}

kj_case *kj_case_load(const char *path, kj_diag_fn fn, void *ctx, int *n_errors)
{
    return kj_case_load_many(&path, 1, fn, ctx, n_errors);
}

kj_case *kj_case_load_buffer(const char *name, const char *data, size_t size, kj_diag_fn fn, void *ctx,
                             int *n_errors)
{
    kj_case *c = case_new(NULL, fn, ctx);
    if (!c) return NULL;
    kj_span none = {-1, 0, 0, 0};
    if (!data) data = "", size = 0; /* a buffer, never a file of that name */
    int f = kj_add_file(c, name, data, size, none);
    if (f >= 0) kj_parse_file(c, f, 0);
    return finish(c, n_errors);
}

void kj_case_free(kj_case *c)
{
    if (!c) return;
    free(c->pending);
    kj_tz_cache_free(c->readopts.tz_cache);
    kj_stmts_release(c);
    free(c->files);
    kj_arena_free(&c->arena);
    free(c);
}

const char *kj_case_file_named(const kj_case *c, const char *path)
{
    for (int i = 0; c && i < c->n_files; i++)
        if (c->files[i].has_identity && kj_output_is(path, c->files[i].dev, c->files[i].ino)) return c->files[i].shown;
    return NULL;
}
