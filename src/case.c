/* case — loading: the shipped defaults (data/modes.kjd, compiled in), the
 * user's files and their includes, then resolution.  A case with any error
 * is discarded whole: nothing half-loaded reaches the checker. */
#include <errno.h>
#include <setjmp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kj.h"
#include "output.h"

/* What a load that fails leaves that is not heap: the statements' mapping
 * and the zone cache (the heap goes with the call's kj_mem). */
static void case_failed(void *arg)
{
    kj_case *c = arg;
    if (c->stmts_mapped) munmap(c->stmts, sizeof(kj_stmt) * (size_t)c->cap_stmts);
    c->stmts_mapped = 0;
    kj_tz_cache_free(c->readopts.tz_cache);
}

static kj_case *case_new(kj_mem *mem, const kj_runtime *rt, kj_diag_fn fn, void *ctx)
{
    kj_case *c = kj_calloc(mem, 1, sizeof *c);
    c->mem = mem;
    c->arena = KJ_ARENA(mem);
    c->rt = kj_runtime_fill(rt);
    c->diag_fn = fn;
    c->diag_ctx = ctx;
    kj_readopts_default(&c->readopts);
    c->on_failure = kj_mem_on_failure(mem, case_failed, c);
    c->readopts.tz_cache = kj_tz_cache_new(); /* NULL on failure: uncached, still correct */
    c->right_after_s = 2 * 3600;
    c->default_radius_m = 1000;
    c->city_radius_m = KJ_CITY_RADIUS_M;
    c->opt_stmt_about = -1;
    c->opt_stmt_clock = -1;
    c->opt_stmt_right_after = -1;
    c->opt_stmt_radius = -1;
    c->opt_stmt_city_radius = -1;
    kj_span none = {.file = -1};
    c->data_file = kj_add_file(c, "data/modes.kjd", kj_default_modes, strlen(kj_default_modes), none);
    kj_parse_file(c, c->data_file, 0);
    return c;
}

kj_case *kj_case_begin(kj_mem *mem, kj_diag_fn fn, void *ctx) { return case_new(mem, NULL, fn, ctx); }

static void missing_file(kj_case *c, const char *path, const char *why)
{
    kj_flush_diags(c); /* earlier files' errors first */
    c->n_errors++;
    if (!c->diag_fn || c->n_shown >= KJ_MAX_DIAGS_SHOWN) return;
    c->n_shown++;
    char msg[512];
    snprintf(msg, sizeof msg, "cannot read '%s': %s", path, why);
    kj_diag d = {.file = path, .len = 1, .message = msg};
    c->diag_fn(c->diag_ctx, &d);
}

/* Resolves what was read and attaches the records; the case, or NULL (its
 * memory released) when the input has errors. */
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
        kj_mem_release(c->mem); /* the case with it */
        return NULL;
    }
    kj_mem_keep(c->mem);
    c->on_failure = NULL; /* (kept: a note of a call that is over) */
    c->mem = NULL;
    c->arena.mem = NULL;
    return c;
}

/* What to load: files, or one buffer, or inputs (files and buffers). */
typedef struct load_input {
    const char *const *paths;
    int n_paths;
    const char *name, *data;
    size_t size;
    const kj_input *inputs;
    int n_inputs;
    const kj_input *edited;
    int n_edited;
} load_input;

/* A file being edited that is not on disk (yet) but named as given: read
 * as the editor has it; 1 and its index in *f, or 0. */
static int edited_unsaved(kj_case *c, const char *path, int *f)
{
    kj_span none = {.file = -1};
    const char *too_big;
    *f = c->n_edited ? kj_edited_unsaved(c, path, none, &too_big) : -1;
    if (*f >= 0) kj_parse_file(c, *f, 0);
    else if (c->n_edited && too_big) missing_file(c, path, too_big);
    return *f >= 0 || (c->n_edited && too_big);
}

static void read_files(kj_case *c, const load_input *in)
{
    kj_span none = {.file = -1};
    for (int i = 0; i < in->n_paths; i++) {
        kj_source src;
        const char *why = kj_source_open(in->paths[i], &src);
        if (!why && kj_file_known(c, &src) >= 0) { /* the same file again: read once */
            kj_source_close(&src);
            continue;
        }
        int f = why ? -1 : kj_source_read(c, in->paths[i], &src, none, &why);
        if (f < 0 && edited_unsaved(c, in->paths[i], &f)) continue;
        if (f < 0) {
            missing_file(c, in->paths[i], why);
            continue;
        }
        kj_parse_file(c, f, 0);
    }
}

/* A file's bytes read by the caller (standard input): within the limits
 * of a file read here (source.c), and known by no device and inode. */
static void read_given(kj_case *c, const kj_input *in)
{
    kj_span none = {.file = -1};
    const char *why = c->n_source_files >= KJ_MAX_CASE_FILES   ? "the case has too many files (limit 1,000)"
                      : in->size > KJ_MAX_FILE_BYTES          ? "file too large (limit 64 MiB)"
                      : in->size > KJ_MAX_CASE_BYTES - c->source_bytes ? "the case's files come to more than 256 MiB (limit)"
                                                              : NULL;
    if (why) {
        missing_file(c, in->name, why);
        return;
    }
    int f = kj_add_file(c, in->name, in->data ? in->data : "", in->data ? in->size : 0, none);
    c->n_source_files++;
    c->source_bytes += in->size;
    kj_parse_file(c, f, 0);
}

static void read_inputs(kj_case *c, const load_input *in)
{
    for (int i = 0; i < in->n_inputs; i++) {
        const kj_input *one = &in->inputs[i];
        if (one->path) {
            load_input file = {.paths = &one->path, .n_paths = 1};
            read_files(c, &file);
        } else {
            read_given(c, one);
        }
    }
}

static void read_buffer(kj_case *c, const load_input *in)
{
    kj_span none = {.file = -1};
    const char *data = in->data ? in->data : ""; /* a buffer, never a file of that name */
    int f = kj_add_file(c, in->name, data, in->data ? in->size : 0, none);
    if (f >= 0) kj_parse_file(c, f, 0);
}

/* Tells the caller that the load failed inside the library (memory ran
 * out, or an invariant broke): in *failure, or (for the functions that
 * take none) as one more diagnostic. */
static void say_failure(const kj_mem *mem, kj_diag_fn fn, void *ctx, int *n_errors, kj_failure *failure)
{
    if (n_errors) *n_errors = 1;
    if (failure) {
        failure->failed = 1;
        snprintf(failure->why, sizeof failure->why, "%s", mem->why);
        return;
    }
    if (!fn) return;
    char msg[300];
    snprintf(msg, sizeof msg, "internal error: %s", mem->why);
    kj_diag d = {.file = "kjeller", .len = 1, .message = msg};
    fn(ctx, &d);
}

/* Tells the caller that what the load read failed under it (a store's
 * server, KJ_MEM_INPUT): an error of the statement it names, with its
 * line, before the case's memory goes.  Allocates nothing (the call has
 * failed): the line is copied here. */
static void say_input_failed(const kj_case *c, const kj_mem *mem, int *n_errors)
{
    if (n_errors) *n_errors = 1;
    if (!c->diag_fn) return;
    kj_diag d = {.file = "kjeller", .len = 1, .message = mem->why, .hint = mem->hint[0] ? mem->hint : NULL};
    char text[1024];
    if (mem->about > 0 && mem->about <= c->n_stmts) {
        kj_span sp = c->stmts[mem->about - 1].span;
        if (sp.file >= 0 && sp.file < c->n_files && sp.line > 0 && sp.line <= c->files[sp.file].n_lines) {
            const kj_file *f = &c->files[sp.file];
            size_t start = (size_t)f->line_start[sp.line - 1], end = start;
            while (end < f->size && f->text[end] != '\n') end++;
            if (sp.line == 1 && end - start >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3)) start += 3;
            if (end > start && f->text[end - 1] == '\r') end--;
            size_t n = end - start < sizeof text ? end - start : sizeof text - 1;
            memcpy(text, f->text + start, n);
            text[n] = '\0';
            d.file = f->path;
            d.line = sp.line;
            d.col = sp.col > 0 ? sp.col : 1;
            d.len = sp.len > 0 ? sp.len : 1;
            d.line_text = text;
        }
    }
    c->diag_fn(c->diag_ctx, &d);
}

/* The files being edited, known by what they are on disk now. */
static void edited_of(kj_case *c, const load_input *in)
{
    if (!in->n_edited) return;
    kj_edited *e = kj_arena_alloc(&c->arena, sizeof *e * (size_t)in->n_edited);
    for (int i = 0; i < in->n_edited; i++) {
        const kj_input *one = &in->edited[i];
        struct stat st;
        e[i] = (kj_edited){.path = one->path ? one->path : "", .data = one->data, .size = one->size};
        if (one->path && stat(one->path, &st) == 0) {
            e[i].has_identity = 1;
            e[i].dev = st.st_dev;
            e[i].ino = st.st_ino;
        }
    }
    c->edited = e;
    c->n_edited = in->n_edited;
}

/* The one way a case is loaded: a call of its own (mem.h), in the C
 * locale (kj_c_locale_enter). */
static kj_case *load_here(const load_input *in, const kj_runtime *rt, int no_records, kj_diag_fn fn, void *ctx,
                          int *n_errors, kj_failure *failure)
{
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (rt) mem.fail_countdown = rt->fail_alloc_after;
    kj_case *volatile loading = NULL; /* (read after a failure: volatile, mem.h) */
    if (setjmp(landing) != 0) {
        if (mem.status == KJ_MEM_INPUT && loading) say_input_failed(loading, &mem, n_errors);
        kj_mem_release(&mem);
        if (mem.status != KJ_MEM_INPUT || !loading) say_failure(&mem, fn, ctx, n_errors, failure);
        return NULL;
    }
    kj_case *c = case_new(&mem, rt, fn, ctx);
    loading = c;
    c->no_records = no_records;
    edited_of(c, in);
    if (in->inputs) read_inputs(c, in);
    else if (in->paths) read_files(c, in);
    else read_buffer(c, in);
    c->edited = NULL; /* (the caller's bytes: read now) */
    c->n_edited = 0;
    return finish(c, n_errors);
}

static kj_case *load(const load_input *in, const kj_runtime *rt, int no_records, kj_diag_fn fn, void *ctx,
                     int *n_errors, kj_failure *failure)
{
    locale_t saved;
    if (failure) memset(failure, 0, sizeof *failure);
    if (kj_c_locale_enter(&saved) != 0) {
        kj_mem none = {.why = "cannot select the C locale"};
        say_failure(&none, fn, ctx, n_errors, failure);
        return NULL;
    }
    kj_case *c = load_here(in, rt, no_records, fn, ctx, n_errors, failure);
    kj_c_locale_leave(saved);
    return c;
}

kj_case *kj_case_open(const char *const *paths, int n, const kj_runtime *rt, kj_diag_fn fn, void *ctx, int *n_errors,
                      kj_failure *failure)
{
    load_input in = {.paths = paths, .n_paths = n};
    return load(&in, rt, 0, fn, ctx, n_errors, failure);
}

kj_case *kj_case_open_inputs(const kj_input *inputs, int n, const kj_runtime *rt, kj_diag_fn fn, void *ctx,
                             int *n_errors, kj_failure *failure)
{
    load_input in = {.inputs = inputs, .n_inputs = n};
    return load(&in, rt, 0, fn, ctx, n_errors, failure);
}

kj_case *kj_case_open_edited(const char *const *paths, int n, const kj_input *edited, int n_edited,
                             const kj_runtime *rt, kj_diag_fn fn, void *ctx, int *n_errors, kj_failure *failure)
{
    load_input in = {.paths = paths, .n_paths = n, .edited = edited, .n_edited = n_edited};
    return load(&in, rt, 0, fn, ctx, n_errors, failure);
}

kj_case *kj_case_load_many(const char *const *paths, int n, kj_diag_fn fn, void *ctx, int *n_errors)
{
    load_input in = {.paths = paths, .n_paths = n};
    return load(&in, NULL, 0, fn, ctx, n_errors, NULL);
}

kj_case *kj_case_load_ex(const char *const *paths, int n, const kj_runtime *rt, int no_records, kj_diag_fn fn,
                         void *ctx, int *n_errors, kj_failure *failure)
{
    load_input in = {.paths = paths, .n_paths = n};
    return load(&in, rt, no_records, fn, ctx, n_errors, failure);
}

kj_case *kj_case_load(const char *path, kj_diag_fn fn, void *ctx, int *n_errors)
{
    return kj_case_load_many(&path, 1, fn, ctx, n_errors);
}

kj_case *kj_case_load_buffer(const char *name, const char *data, size_t size, kj_diag_fn fn, void *ctx,
                             int *n_errors)
{
    load_input in = {.name = name, .data = data, .size = size};
    return load(&in, NULL, 0, fn, ctx, n_errors, NULL);
}

void kj_case_lend(kj_case *c, kj_mem *mem)
{
    c->mem = mem;
    c->arena.mem = mem;
    c->arena.outlives_call = 1;
}

void kj_case_take_back(kj_case *c)
{
    if (c->lent_claim) { /* (a call that failed while a claim was changed) */
        *c->lent_claim = *c->lent_copy;
        c->lent_claim = NULL;
    }
    c->mem = NULL;
    c->arena.mem = NULL;
    c->arena.outlives_call = 0;
}

int kj_case_claim_count(const kj_case *c)
{
    int n = 0;
    for (int i = 0; c && i < c->n_stmts; i++) n += c->kinds[i] == ST_CLAIM;
    return n;
}

void kj_case_free(kj_case *c)
{
    if (!c) return;
    kj_free(c->pending);
    kj_tz_cache_free(c->readopts.tz_cache);
    kj_stmts_release(c);
    kj_free(c->files);
    kj_arena_free(&c->arena);
    kj_free(c);
}

/* Splits path into its directory's identity and its last name (in
 * name, n bytes); 0, or -1 when the directory cannot be read. */
static int dir_and_name(const char *path, struct stat *dir, char *name, size_t n)
{
    const char *slash = strrchr(path, '/');
    char d[4096];
    if ((size_t)snprintf(d, sizeof d, "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".") >= sizeof d) return -1;
    if ((size_t)snprintf(name, n, "%s", slash ? slash + 1 : path) >= n) return -1;
    return stat(d, dir);
}

/* Whether path, followed through its symbolic links, would name `file`,
 * which does not exist yet: the same directory, the same last name. */
static int would_name(const char *path, const char *file)
{
    char at[4096], target[4096], name[1024], file_name[1024];
    struct stat st, dir, file_dir;
    if ((size_t)snprintf(at, sizeof at, "%s", path) >= sizeof at) return 0;
    for (int hops = 0; hops < 16 && lstat(at, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
        ssize_t len = readlink(at, target, sizeof target - 1);
        if (len < 0) return 0;
        target[len] = 0;
        const char *slash = strrchr(at, '/');
        if (target[0] == '/' || !slash) memcpy(at, target, (size_t)len + 1);
        else if ((size_t)snprintf(at + (slash - at) + 1, sizeof at - (size_t)(slash - at) - 1, "%s", target) >=
                 sizeof at - (size_t)(slash - at) - 1)
            return 0;
    }
    if (dir_and_name(at, &dir, name, sizeof name) || dir_and_name(file, &file_dir, file_name, sizeof file_name)) return 0;
    return dir.st_dev == file_dir.st_dev && dir.st_ino == file_dir.st_ino && !strcmp(name, file_name);
}

/* Whether path names the file `file` (by device and inode), or the file
 * SQLite keeps beside it with suffix (its -wal, -shm, -journal), made or
 * not yet. */
static int names_file(const char *path, const char *file, const char *suffix)
{
    char sibling[4096];
    struct stat st;
    if ((size_t)snprintf(sibling, sizeof sibling, "%s%s", file, suffix) >= sizeof sibling) return 0;
    if (stat(sibling, &st) == 0) return kj_output_is(path, st.st_dev, st.st_ino);
    return errno == ENOENT && would_name(path, sibling);
}

/* The case's files (not the shipped defaults), then its SQLite stores. */
int kj_case_input_count(const kj_case *c)
{
    int n = 0;
    for (int i = 0; i < c->n_files; i++) n += i != c->data_file;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        n += s->kind == ST_STORE && s->store->kind == KJ_STORE_SQLITE && s->store->file;
    }
    return n;
}

const char *kj_case_input_path(const kj_case *c, int k)
{
    for (int i = 0; i < c->n_files; i++)
        if (i != c->data_file && k-- == 0) return c->files[i].path;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (s->kind == ST_STORE && s->store->kind == KJ_STORE_SQLITE && s->store->file && k-- == 0) return s->store->file;
    }
    return NULL;
}

const char *kj_case_file_named(const kj_case *c, const char *path)
{
    static const char *const sqlite_files[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; c && i < c->n_files; i++)
        if (c->files[i].has_identity && kj_output_is(path, c->files[i].dev, c->files[i].ino)) return c->files[i].shown;
    for (int i = 0; c && i < c->n_stmts; i++) { /* a store of the case, as its statement resolves it */
        const kj_stmt *s = &c->stmts[i];
        if (s->kind != ST_STORE || s->store->kind != KJ_STORE_SQLITE || !s->store->file) continue;
        for (size_t k = 0; k < sizeof sqlite_files / sizeof sqlite_files[0]; k++)
            if (names_file(path, s->store->file, sqlite_files[k])) return s->store->file;
    }
    return NULL;
}
