/* stores — kjeller store: what the stores a case names hold (list),
 * whether each import's rows are still the rows it stored (verify: the
 * digest of store.h read back and compared with the one recorded at
 * import), and removing one import with its rows in one transaction
 * (drop).  Input: a case's files, loaded without their records (a check
 * would refuse a store that verify is meant to report on).  Output: a
 * kj_stores (kjeller.h), rendered by render_stores.c, or a store with one
 * import fewer.  docs/records.md §3 and §4. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <string.h>

#include "backend.h"
#include "kj.h"
#include "stmt.h"
#include "suggest.h"

/* How long a drop waits for an import's transaction to end (as an import
 * waits for another's). */
#define KJ_DROP_WAIT_MS 60000

/* Ids of imports named in a hint before "...". */
#define KJ_IDS_NAMED 10

/* A kj_stores and the arena of everything it points to, freed together
 * (kj_stores_free). */
typedef struct stores_box {
    kj_stores pub; /* first: the caller's pointer is the box's */
    kj_arena arena;
} stores_box;

/* One call of kjeller store on a loaded case. */
typedef struct store_call {
    kj_mem *mem;
    kj_case *c;
    kj_diag_fn fn;
    void *ctx;
    stores_box *box;
    kj_backend *st;              /* the store open now (on the heap: its cleanup outlives the frames) */
    kj_mem_cleanup *on_store;    /* closes it if the call fails */
} store_call;

#define out_of_memory(m) kj_mem_fail((m), KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory")

/* ---- diagnostics ------------------------------------------------------------ */

static void say_at(store_call *k, const kj_stmt *at, kj_severity severity, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A diagnostic at statement `at` (a store), or of the command (NULL). */
static void say_at(store_call *k, const kj_stmt *at, kj_severity severity, const char *hint, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kj_diag d = {.file = "kjeller store", .col = 1, .len = 1, .message = msg, .hint = hint, .severity = severity};
    if (at) {
        d.file = k->c->files[at->span.file].path;
        d.line = at->span.line;
        d.col = at->span.col;
        d.len = at->span.len > 0 ? at->span.len : 1;
        d.line_text = kj_line_text(k->c, &k->c->arena, at->span.file, at->span.line);
    }
    if (k->fn) k->fn(k->ctx, &d);
}

/* ---- the store's connection ------------------------------------------------- */

/* Opens store statement `si`'s store: 1 open, 0 no such file or an
 * empty one (nothing imported: only when may_be_missing, and *missing
 * says which), -1 refused (said). */
static int open_store(store_call *k, int si, kj_open_mode mode, int may_be_missing, int *missing)
{
    const kj_stmt *s = &k->c->stmts[si];
    const char *file = s->store->file;
    char err[256];
    kj_backend_init(k->st, s->store->kind, file);
    int rc = kj_backend_open(k->st, mode, 0, err, sizeof err);
    if (rc == KJ_STORE_NOMEM) out_of_memory(k->mem);
    if (missing) *missing = rc == KJ_STORE_MISSING;
    if (rc == KJ_STORE_MISSING && may_be_missing) return 0;
    if (rc == KJ_STORE_EMPTY) return 0; /* (an empty file, opened to read: nothing imported) */
    if (rc != 0) {
        const char *hint = kj_store_open_hint(rc);
        int no_file = rc == KJ_STORE_MISSING || rc == KJ_STORE_NOT_A_FILE;
        say_at(k, s, KJ_DIAG_ERROR, hint ? hint : no_file ? "fill it first: kjeller import CASE REGISTER-OR-TRACE FILE" : NULL,
               "cannot read store '%s' ('%s'): %s", s->id, file, err);
        return -1;
    }
    k->on_store = kj_mem_on_failure(k->mem, kj_backend_abandon, k->st);
    return 1;
}

static void store_done(store_call *k)
{
    kj_mem_forget(k->mem, k->on_store);
    k->on_store = NULL;
    kj_backend_abandon(k->st);
}

/* A failure of the store (an I/O error, a lock held too long, a role that
 * may not write): said, and the call ends with KJ_EXIT_INTERNAL (a role
 * refused, servers not set up for the store: KJ_EXIT_BAD_INPUT).  Memory that ran out is the call's memory
 * running out. */
static int store_failed(store_call *k, const kj_stmt *s)
{
    kj_backend_error e = k->st->ops->error(k->st);
    if (e == KJ_BACKEND_NOMEM) out_of_memory(k->mem);
    say_at(k, s, KJ_DIAG_ERROR,
           e == KJ_BACKEND_BUSY     ? "another kjeller holds it (an import, a drop, or a check of a store on several servers): "
                                      "try again when it has finished"
           : e == KJ_BACKEND_DENIED ? "this role may read the store but not change it: ask for a role that may (docs/records.md)"
           : e == KJ_BACKEND_SETUP  ? kj_store_open_hint(KJ_STORE_SHARDS)
                                    : NULL,
           "store '%s' ('%s'): %s", s->id, s->store->file, k->st->ops->message(k->st));
    return e == KJ_BACKEND_DENIED || e == KJ_BACKEND_SETUP ? KJ_EXIT_BAD_INPUT : KJ_EXIT_INTERNAL;
}

/* ---- reading the imports ----------------------------------------------------- */

/* A text of the store in the box's arena (NULL when SQL NULL). */
static const char *text_of(store_call *k, const char *t)
{
    return t ? kj_arena_strdup(&k->box->arena, t) : NULL;
}

static void read_import(store_call *k, const kj_import_row *q, kj_store_import *im)
{
    memset(im, 0, sizeof *im);
    im->id = q->id;
    im->kind = text_of(k, q->kind);
    im->target = text_of(k, q->target);
    im->place = text_of(k, q->place);
    im->file = text_of(k, q->file);
    im->bytes = q->bytes;
    im->sha256 = text_of(k, q->sha256);
    im->rows = q->rows;
    im->rejected = q->rejected;
    im->imported_at = text_of(k, q->imported_at);
    im->mapping = text_of(k, q->mapping);
    im->rows_sha256 = text_of(k, q->rows_sha256);
    /* (NOT NULL columns: NULL is a store changed by hand) */
    const char **texts[] = {&im->kind, &im->target, &im->file, &im->sha256, &im->imported_at, &im->mapping, &im->rows_sha256};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (!*texts[i]) *texts[i] = "";
}

/* The import's rows read back: their number and digest, compared with
 * what the import recorded.  0, or -1 on a store error. */
static int verify_import(store_call *k, kj_store_import *im)
{
    char held[65];
    int64_t rows = 0;
    if (k->st->ops->rows_digest(k->st, im->id, held, &rows) != 0) return -1; /* (1: none, read in the same transaction: impossible) */
    im->rows_held = rows;
    im->rows_sha256_held = kj_arena_strdup(&k->box->arena, held);
    im->changed = rows != im->rows || strcmp(held, im->rows_sha256) != 0;
    return 0;
}

/* The imports of the open store into sc (in one read transaction, so
 * that what is listed and verified is one state of the store).  The exit
 * status. */
/* The imports being read (read_imports). */
typedef struct imports_reading {
    store_call *k;
    kj_store_contents *sc;
    int cap;
} imports_reading;

static int import_listed(void *ctx, const kj_import_row *row)
{
    imports_reading *r = ctx;
    kj_store_contents *sc = r->sc;
    if (sc->n_imports == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        kj_store_import *grown = kj_arena_alloc(&r->k->box->arena, sizeof *grown * (size_t)r->cap);
        if (sc->n_imports) memcpy(grown, sc->imports, sizeof *grown * (size_t)sc->n_imports);
        sc->imports = grown;
    }
    read_import(r->k, row, &sc->imports[sc->n_imports++]);
    return 0;
}

static int read_imports(store_call *k, const kj_stmt *s, kj_store_contents *sc, int verify)
{
    imports_reading r = {.k = k, .sc = sc, .cap = 0};
    if (k->st->ops->begin_read(k->st) != 0 || k->st->ops->list_imports(k->st, 0, import_listed, &r) < 0)
        return store_failed(k, s);
    for (int i = 0; verify && i < sc->n_imports; i++) {
        if (verify_import(k, &sc->imports[i]) != 0) return store_failed(k, s);
        k->box->pub.n_changed += sc->imports[i].changed;
    }
    return KJ_EXIT_CONSISTENT;
}

/* What every store of the case holds.  The exit status. */
static int read_stores(store_call *k, int verify)
{
    kj_case *c = k->c;
    kj_stores *out = &k->box->pub;
    int n = 0, rc = KJ_EXIT_CONSISTENT;
    for (int i = 0; i < c->n_stmts; i++) n += c->kinds[i] == ST_STORE;
    out->stores = kj_arena_alloc(&k->box->arena, sizeof(kj_store_contents) * (size_t)(n + 1));
    out->verified = verify;
    for (int i = 0; i < c->n_stmts && rc == KJ_EXIT_CONSISTENT; i++) {
        if (c->kinds[i] != ST_STORE) continue;
        const kj_stmt *s = &c->stmts[i];
        kj_store_contents *sc = &out->stores[out->n_stores++];
        sc->id = kj_arena_strdup(&k->box->arena, s->id);
        sc->file = kj_arena_strdup(&k->box->arena, s->store->file);
        int missing = 0, opened = open_store(k, i, KJ_OPEN_READ, 1, &missing);
        if (opened < 0) rc = KJ_EXIT_BAD_INPUT;
        sc->missing = opened == 0 && missing;
        if (opened <= 0) continue;
        rc = read_imports(k, s, sc, verify);
        store_done(k);
    }
    return rc;
}

/* ---- dropping an import ---------------------------------------------------------- */

/* The store the drop is of: the one named, or the case's only one.  Its
 * statement, or -1 (said). */
static int store_named(store_call *k, const char *id)
{
    kj_case *c = k->c;
    int found = -1, n = 0;
    const char *ids = "";
    kj_suggest near = {.written = id ? id : "", .written_len = id ? strlen(id) : 0, .limit = id ? (int)strlen(id) / 3 + 1 : 0};
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_STORE) continue;
        const char *sid = c->stmts[i].id;
        ids = kj_arena_printf(&c->arena, "%s%s'%s'", ids, n++ ? ", " : "", sid);
        if (!id || !strcmp(id, sid)) found = i;
        kj_suggest_offer(&near, sid);
    }
    if (n == 0) {
        say_at(k, NULL, KJ_DIAG_ERROR, "a case names its store with: store ID \"FILE.kjdb\"", "the case names no store");
        return -1;
    }
    if (!id && n > 1) {
        say_at(k, NULL, KJ_DIAG_ERROR, kj_arena_printf(&c->arena, "name one with --store STORE: %s", ids),
               "the case names %d stores: which one?", n);
        return -1;
    }
    if (found < 0) {
        char hint[320];
        if (!kj_suggest_hint(near.best, hint, sizeof hint)) snprintf(hint, sizeof hint, "the case's stores are %s", ids);
        say_at(k, NULL, KJ_DIAG_ERROR, hint, "the case names no store '%s'", id);
        return -1;
    }
    return found;
}

/* The imports named so far for a hint (import_ids). */
typedef struct ids_naming {
    store_call *k;
    const char *ids;
    int n;
} ids_naming;

static int id_named(void *ctx, const kj_import_row *row)
{
    ids_naming *in = ctx;
    if (in->n++ < KJ_IDS_NAMED)
        in->ids = kj_arena_printf(&in->k->c->arena, "%s%s#%lld (%s)", in->ids, in->n > 1 ? ", " : "", (long long)row->id,
                                  row->file ? row->file : "");
    return 0;
}

/* The imports the store holds, for a hint: "#1 (landings.csv), #2 ...". */
static const char *import_ids(store_call *k)
{
    ids_naming in = {.k = k, .ids = "", .n = 0};
    k->st->ops->list_imports(k->st, 0, id_named, &in); /* (a failure: those named so far) */
    const char *ids = in.ids;
    int n = in.n;
    if (n > KJ_IDS_NAMED) ids = kj_arena_printf(&k->c->arena, "%s, ... (%d in all: kjeller store list CASE)", ids, n);
    return n ? kj_arena_printf(&k->c->arena, "its imports are %s", ids) : "it holds no import";
}

/* Whether the target keeps an import with rows after the drop. */
static int target_keeps_rows(store_call *k, const char *target)
{
    return k->st->ops->imports_with_rows(k->st, target) != 0; /* (a failure: it may) */
}

/* The import dropped, as it was (drop_import). */
static int dropped_read(void *ctx, const kj_import_row *row)
{
    store_call *k = ctx;
    kj_store_contents *sc = &k->box->pub.stores[0];
    sc->imports = kj_arena_alloc(&k->box->arena, sizeof(kj_store_import));
    read_import(k, row, &sc->imports[sc->n_imports++]);
    return 1;
}

/* Removes the import and its rows from the open store, in one
 * transaction: all of it, or (a failure) nothing.  The exit status. */
static int drop_import(store_call *k, const kj_stmt *s, long long id)
{
    kj_stores *out = &k->box->pub;
    out->stores = kj_arena_alloc(&k->box->arena, sizeof(kj_store_contents));
    kj_store_contents *sc = &out->stores[out->n_stores++];
    sc->id = kj_arena_strdup(&k->box->arena, s->id);
    sc->file = kj_arena_strdup(&k->box->arena, s->store->file);
    if (k->st->ops->begin_write(k->st, KJ_DROP_WAIT_MS) != 0) return store_failed(k, s);
    if (!k->st->ops->has_tables(k->st)) {
        say_at(k, s, KJ_DIAG_ERROR, "it holds no import", "store '%s' ('%s') holds no import #%lld", s->id, s->store->file, id);
        return KJ_EXIT_BAD_INPUT;
    }
    int found = k->st->ops->list_imports(k->st, id, dropped_read, k);
    if (found < 0) return store_failed(k, s);
    if (found == 0) {
        say_at(k, s, KJ_DIAG_ERROR, import_ids(k), "store '%s' ('%s') holds no import #%lld", s->id, s->store->file, id);
        return KJ_EXIT_BAD_INPUT; /* (the transaction is rolled back by store_done) */
    }
    if (k->st->ops->delete_import(k->st, id, "dropped") != 0) return store_failed(k, s);
    const kj_store_import *gone = &sc->imports[0];
    int keeps = target_keeps_rows(k, gone->target);
    if (k->st->ops->commit(k->st) != 0) return store_failed(k, s);
    if (!keeps)
        say_at(k, s, KJ_DIAG_WARNING, "import a file into it (kjeller import CASE ID FILE.csv) before the case is checked again",
               "%s '%s' has nothing imported now: a check refuses the case until it has", gone->kind, gone->target);
    return KJ_EXIT_CONSISTENT;
}

/* ---- the calls ------------------------------------------------------------------- */

/* A failure inside the library: said as a diagnostic of the command. */
static int store_failure(kj_diag_fn fn, void *ctx, const char *why)
{
    char msg[300];
    snprintf(msg, sizeof msg, "internal error: %s", why);
    kj_diag d = {.file = "kjeller store", .col = 1, .len = 1, .message = msg};
    if (fn) fn(ctx, &d);
    return KJ_EXIT_INTERNAL;
}

typedef enum { STORE_LIST, STORE_VERIFY, STORE_DROP } store_op;

typedef struct store_args {
    store_op op;
    const char *store;   /* drop: the store named, or NULL */
    long long import;    /* drop: the import */
} store_args;

/* The operation on the loaded case, in its own call (mem.h): the exit
 * status, with *out the result (or NULL). */
static int store_run(kj_case *c, const kj_runtime *rt, const store_args *a, kj_diag_fn fn, void *ctx, kj_stores **out)
{
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (rt) mem.fail_countdown = rt->fail_alloc_after;
    if (setjmp(landing) != 0) { /* the cleanups roll back and close the store */
        kj_mem_release(&mem);
        kj_case_take_back(c);
        return store_failure(fn, ctx, mem.why);
    }
    kj_case_lend(c, &mem);
    store_call k = {.mem = &mem, .c = c, .fn = fn, .ctx = ctx, .on_store = NULL};
    k.box = kj_calloc(&mem, 1, sizeof *k.box);
    k.box->arena = KJ_ARENA(&mem);
    k.st = kj_calloc(&mem, 1, sizeof *k.st);
    kj_backend_init(k.st, KJ_STORE_SQLITE, NULL);
    int rc = KJ_EXIT_BAD_INPUT;
    if (a->op != STORE_DROP) {
        rc = read_stores(&k, a->op == STORE_VERIFY);
    } else {
        int si = store_named(&k, a->store);
        if (si >= 0 && open_store(&k, si, KJ_OPEN_CHANGE, 0, NULL) > 0) {
            rc = drop_import(&k, &c->stmts[si], a->import);
            store_done(&k);
        }
    }
    if (k.on_store) store_done(&k);
    kj_free(k.st);
    kj_case_take_back(c);
    if (rc == KJ_EXIT_CONSISTENT && out) {
        k.box->arena.mem = NULL; /* (its blocks are the caller's now) */
        kj_mem_keep(&mem);
        *out = &k.box->pub;
    } else {
        kj_mem_release(&mem);
    }
    return rc;
}

/* Loads the case (its records are not read) and runs the operation. */
static int store_command(const char *const *paths, int n_paths, const kj_runtime *rt, const store_args *a, kj_diag_fn fn,
                         void *ctx, kj_stores **out)
{
    if (out) *out = NULL;
    locale_t saved; /* numbers with a point (kj_c_locale_enter) */
    if (kj_c_locale_enter(&saved) != 0) return store_failure(fn, ctx, "cannot select the C locale");
    kj_runtime load_rt = rt ? *rt : (kj_runtime){.fail_alloc_after = 0};
    load_rt.fail_alloc_after = 0; /* (counts the command's allocations, not the load's: as kj_import) */
    int n_errors = 0, rc;
    kj_failure failure;
    kj_case *c = kj_case_load_ex(paths, n_paths, &load_rt, 1, fn, ctx, &n_errors, &failure);
    if (!c) rc = failure.failed ? store_failure(fn, ctx, failure.why) : KJ_EXIT_BAD_INPUT;
    else rc = store_run(c, rt, a, fn, ctx, out);
    kj_case_free(c);
    kj_c_locale_leave(saved);
    return rc;
}

int kj_stores_read(const char *const *case_paths, int n_paths, const kj_runtime *rt, int verify, kj_diag_fn fn, void *ctx,
                   kj_stores **out)
{
    store_args a = {.op = verify ? STORE_VERIFY : STORE_LIST, .store = NULL, .import = 0};
    return store_command(case_paths, n_paths, rt, &a, fn, ctx, out);
}

int kj_store_drop(const char *const *case_paths, int n_paths, const kj_runtime *rt, const char *store, long long import,
                  kj_diag_fn fn, void *ctx, kj_stores **dropped)
{
    store_args a = {.op = STORE_DROP, .store = store, .import = import};
    kj_stores *gone = NULL;
    int rc = store_command(case_paths, n_paths, rt, &a, fn, ctx, &gone);
    if (dropped) *dropped = gone;
    else kj_stores_free(gone);
    return rc;
}

void kj_stores_free(kj_stores *s)
{
    if (!s) return;
    stores_box *box = (stores_box *)s;
    kj_arena_free(&box->arena);
    kj_free(box);
}
