/* records — the rows of a case's stores that its claims may touch, read
 * into statements so that the checker treats imported records exactly as
 * inline ones (docs/records.md):
 *
 *  - for a claim a register with a store would have recorded, the rows
 *    whose time overlaps the claim's stated window (within the coverage)
 *    become entries of that register for that claim: rows that may be its
 *    record (merged where their times overlap) and, cited as one statement,
 *    the rows its attributes exclude;
 *  - for a claim of a person with a trace, the trace points just before and
 *    after the claim's window and a sample inside it become "at PLACE on
 *    TIME" facts at the point's position (a space-time prism, through the
 *    ordinary presence constraints).
 *
 * Leaving a row out can only remove conflicts, never add one, so the
 * choices made here for speed (a sample of points, merged windows) keep the
 * check sound.  Queries use the (register, place, t_lo) and (trace, t_lo)
 * indexes: a check never scans a register.
 *
 * The stores are read through backend.h: an SQLite file or a PostgreSQL
 * database gives the same rows, and so the same statements.  A failure
 * of a store while it is read fails the load (exit 3), as running out of
 * memory does: a check that read fewer rows could prove a claim false.
 *
 * Memory (mem.h): the load's kj_mem (c->mem) on the main thread, each
 * reader's own on the readers' threads (pool.c).  What a reader hands
 * to the main thread, which frees it while readers go on reading, is
 * not on the reader's lists: its excluded rows' values are untracked
 * blocks, and its merged groups a mapping whose note is the main
 * thread's (a job's cleanup frees both if the load fails).  Every store
 * connection, and with it its statements, is closed by a cleanup if the
 * load fails. */
#define _GNU_SOURCE /* mremap */
#include <limits.h>
#include <sys/mman.h>
#include <string.h>
#include <strings.h>

#include "attr.h"
#include "hash.h"
#include "kj.h"
#include "pool.h"
#include "placed.h"
#include "backend.h"
#include "stmt.h"

#define MAX_GROUPS 16       /* windows of possible records per claim and register, after merging */
#define POINTS_INSIDE 8     /* trace points sampled from each end of a claim's window */
#define MAX_ROWS 100000     /* rows read for one claim before their hull stands for them */

typedef struct open_store {
    int stmt;
    kj_backend st;
    kj_mem_cleanup *on_failure;  /* closes st (its statements, its transaction) if the load fails */
} open_store;

/* A store (statement `stmt`: id, at `where`) that failed while it was
 * read: the call fails, its message naming the store, as a diagnostic of
 * the store's statement (the store's fault, not kjeller's: a server that
 * went away, a file changed under it); memory that ran out is memory
 * running out.  (A reader's thread may not look at the case's
 * statements, which the main thread appends to: it names its own.) */
static _Noreturn void read_failed(kj_mem *mem, int stmt, const char *id, const char *where, const kj_backend *b)
{
    if (b->ops->error(b) == KJ_BACKEND_NOMEM) kj_mem_fail(mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    kj_mem_fail_input(mem, stmt,
                      b->kind == KJ_STORE_POSTGRESQL
                          ? "is its server up, and every server its rows are on? `kjeller store verify CASE` reads them all"
                          : "was the file changed or removed while it was read? `kjeller store verify CASE` reads it all",
                      "store '%s' ('%s') failed while it was read: %s", id, where, b->ops->message(b));
}

/* read_failed of a store the main connection reads. */
static _Noreturn void store_failed(kj_case *c, const open_store *o)
{
    const kj_stmt *st = &c->stmts[o->stmt];
    read_failed(c->mem, o->stmt, st->id, st->store->file, &o->st);
}

/* The imports of one register (at its place) or trace: ids and widths. */
typedef struct import_list {
    int64_t *ids, *widths;
    const char **keys;           /* attribute keys joined by U+001F */
    int n;
} import_list;

typedef struct attacher {
    kj_case *c;
    open_store *stores;
    int n_stores;
    struct { int store; int64_t import; int file; const char *name; } *files; /* imports read so far */
    int n_files, cap_files;
    KJ_VEC(kj_store_link) links;
    /* trace points already made into facts: (trace, import, line) -> fact */
    struct { int trace; int64_t import; int line; int fact; } *seen;
    int n_seen, cap_seen;
    int *slots;                  /* open addressing over seen: index + 1, or 0 */
    uint32_t n_slots;
    int stale_trace;             /* the trace a moved place was last reported for (+1; 0: none) */
} attacher;

static open_store *store_of(attacher *a, int stmt)
{
    for (int i = 0; i < a->n_stores; i++)
        if (a->stores[i].stmt == stmt) return &a->stores[i];
    return NULL;
}

/* A list being read (imports_of), and the arena it grows in. */
typedef struct import_reading {
    import_list *l;
    kj_arena *arena;
    int cap;
} import_reading;

static void import_listed(void *ctx, int64_t id, int64_t width, const char *attr_keys)
{
    import_reading *r = ctx;
    import_list *l = r->l;
    if (l->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        int64_t *ids = kj_arena_alloc(r->arena, sizeof(int64_t) * (size_t)r->cap);
        int64_t *ws = kj_arena_alloc(r->arena, sizeof(int64_t) * (size_t)r->cap);
        const char **ks = kj_arena_alloc(r->arena, sizeof(char *) * (size_t)r->cap);
        if (l->n) {
            memcpy(ids, l->ids, sizeof(int64_t) * (size_t)l->n);
            memcpy(ws, l->widths, sizeof(int64_t) * (size_t)l->n);
            memcpy(ks, l->keys, sizeof(char *) * (size_t)l->n);
        }
        l->ids = ids;
        l->widths = ws;
        l->keys = ks;
    }
    l->ids[l->n] = id;
    l->widths[l->n] = width;
    l->keys[l->n++] = kj_arena_strdup(r->arena, attr_keys);
}

static import_list imports_of(attacher *a, int target)
{
    kj_case *c = a->c;
    const kj_stmt *t = &c->stmts[target];
    import_list l = {.ids = NULL, .widths = NULL, .keys = NULL, .n = 0};
    open_store *o = store_of(a, kj_stmt_store(t)->idx);
    if (!o) return l;
    import_reading r = {.l = &l, .arena = &c->arena, .cap = 0};
    if (o->st.ops->imports_of(&o->st, t->id, t->kind == ST_REGISTER ? t->reg->at.name : NULL, import_listed, &r) != 0)
        store_failed(c, o);
    return l;
}

/* Whether s is a SHA-256 in hex, as an import records it. */
static int is_sha256(const char *s)
{
    size_t n = 0;
    for (; s && ((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')); n++) {}
    return s && n == 64 && !s[n];
}

/* A path without its directory. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The text after the last "; WORD " in mapping, up to the next ';' (an
 * arena string), or NULL. */
static const char *mapping_field(kj_case *c, const char *mapping, const char *word)
{
    char *key = kj_arena_printf(&c->arena, "; %s ", word);
    const char *at = NULL;
    for (const char *p = mapping ? strstr(mapping, key) : NULL; p; p = strstr(p + 1, key)) at = p;
    if (!at) return NULL;
    at += strlen(key);
    return kj_arena_printf(&c->arena, "%.*s", (int)strcspn(at, ";"), at);
}

/* The radius a track's mapping states for a point without an accuracy:
 * "; radius N m", else (GPX and GeoJSON mappings before it) "larger of N
 * m" or "(else N m)"; NULL if none. */
static const char *mapping_radius(kj_case *c, const char *mapping)
{
    const char *r = mapping_field(c, mapping, "radius");
    if (r) { /* a number, not GPX's own "; radius the larger of" */
        char *end;
        (void)strtod(r, &end);
        if (end != r) return r;
    }
    static const struct { const char *format, *before; } older[] = {{"gpx: ", "the larger of "}, {"geojson: ", "(else "}};
    for (size_t i = 0; mapping && i < sizeof older / sizeof older[0]; i++) {
        if (strncmp(mapping, older[i].format, strlen(older[i].format))) continue; /* (not a CSV's column names) */
        const char *at = strstr(mapping, older[i].before);
        size_t skip = strlen(older[i].before);
        if (at) return kj_arena_printf(&c->arena, "%.*s", (int)strcspn(at + skip, " "), at + skip);
    }
    return NULL;
}

/* Whether the radius text (N, or N m) is r: the same number, or r as %g
 * writes it. */
static int same_radius(const char *text, double r)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || (*end && strcmp(end, " m"))) return 0;
    char g[64];
    snprintf(g, sizeof g, "%g", r);
    return v == r || (!strncmp(text, g, strlen(g)) && (!text[strlen(g)] || !strcmp(text + strlen(g), " m")));
}

/* An import's rows were read with what the case then declared beyond the
 * file: the zones of their local times and, for a trace, the radius of a
 * point without an accuracy.  Rows read under a zone or radius the case no
 * longer declares would be used as if read under the new one (a false
 * contradiction that a fresh import would not give), so they are refused,
 * and so is an import whose mapping does not say (an older kjeller's). */
static void import_read_as(attacher *a, const kj_stmt *target, int64_t import, const char *mapping, const char *file)
{
    kj_case *c = a->c;
    int ti = (int)(target - c->stmts);
    const kj_stmt *st = &c->stmts[kj_stmt_store(target)->idx];
    const char *zones = kj_records_zones_text(c, ti), *was_zones = mapping_field(c, mapping, "zone");
    const char *hint = kj_arena_printf(&c->arena, "import the file again: kjeller import CASE %s %s", target->id,
                                       file ? file : "FILE");
    const char *what = kj_arena_printf(&c->arena, "store '%s' ('%s'): import #%lld of %s '%s' (%s)", st->id,
                                       st->store->file, (long long)import, kj_stmt_kind_name(target->kind), target->id,
                                       file ? base_name(file) : "?");
    if (!was_zones) {
        kj_error(c, target->span, hint, "%s does not record the zone its times were read in (an older import)", what);
        return;
    }
    if (!zones || strcmp(zones, was_zones)) {
        kj_error(c, target->span, hint, "%s read its times in %s, but the case now reads them in %s", what, was_zones,
                 zones ? zones : "(too many zones)");
        return;
    }
    if (target->kind != ST_TRACE) return;
    const char *was_radius = mapping_radius(c, mapping);
    double r = target->trace->radius_m;
    if (!was_radius)
        kj_error(c, target->span, hint, "%s does not record the radius of its points without an accuracy (an older import)",
                 what);
    else if (!same_radius(was_radius, r))
        kj_error(c, target->span, hint, "%s gave its points without an accuracy a radius of %s%s, but the case now says %g m",
                 what, was_radius, strstr(was_radius, " m") ? "" : " m", r);
}

/* An import is evidence only as it was written: of the kind of its
 * target, and with as many rows in the store as it recorded.  A store
 * changed since (rows deleted, an import relabelled) would otherwise prove
 * claims false with rows that are not there: an error, not a finding.
 * (Rows changed in place cannot be told from true ones: a store is a
 * record like any other, and its source is cited.) */
static void import_intact(attacher *a, const kj_stmt *target, int64_t import)
{
    kj_case *c = a->c;
    open_store *o = store_of(a, kj_stmt_store(target)->idx);
    if (!o) return;
    int trace = target->kind == ST_TRACE;
    int64_t recorded = -1, held = -1;
    const char *kind = NULL, *sha256 = NULL, *mapping = NULL, *file = NULL;
    kj_import_state is;
    int found = o->st.ops->import_state(&o->st, import, trace, &is);
    if (found < 0) store_failed(c, o);
    if (found) {
        kind = is.kind ? kj_arena_strdup(&c->arena, is.kind) : NULL;
        recorded = is.rows;
        held = is.held;
        sha256 = is.sha256 ? kj_arena_strdup(&c->arena, is.sha256) : NULL;
        mapping = is.mapping ? kj_arena_strdup(&c->arena, is.mapping) : NULL;
        file = is.file ? kj_arena_strdup(&c->arena, is.file) : NULL;
    }
    const kj_stmt *st = &c->stmts[kj_stmt_store(target)->idx];
    if (!kind || strcmp(kind, trace ? "trace" : "register"))
        kj_error(c, kj_stmt_store(target)->span, "import the file again, into a store of its own",
                 "store '%s' ('%s'): import #%lld of %s '%s' is recorded as a %s: the store was changed after the import",
                 st->id, st->store->file, (long long)import, kj_stmt_kind_name(target->kind), target->id, kind ? kind : "(nothing)");
    else if (!is_sha256(sha256)) /* (it is cited: never text of the store's choosing) */
        kj_error(c, kj_stmt_store(target)->span, "import the file again, into a store of its own",
                 "store '%s' ('%s'): import #%lld of %s '%s' records no SHA-256 of its file: the store was changed after the import",
                 st->id, st->store->file, (long long)import, kj_stmt_kind_name(target->kind), target->id);
    else if (recorded != held)
        kj_error(c, kj_stmt_store(target)->span, "import the file again, into a store of its own",
                 "store '%s' ('%s'): import #%lld of %s '%s' holds %lld rows where it recorded %lld: the store was changed after the import",
                 st->id, st->store->file, (long long)import, kj_stmt_kind_name(target->kind), target->id, (long long)held,
                 (long long)recorded);
    else
        import_read_as(a, target, import, mapping, file);
}


static int open_stores(attacher *a)
{
    kj_case *c = a->c;
    int n = 0;
    for (int i = 0; i < c->n_stmts; i++) n += c->kinds[i] == ST_STORE;
    a->stores = kj_arena_alloc(&c->arena, sizeof(open_store) * (size_t)(n + 1));
    int ok = 1;
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_REGISTER && c->kinds[i] != ST_TRACE) continue;
        const kj_stmt *s = &c->stmts[i];
        if (kj_stmt_store(s)->idx < 0 || store_of(a, kj_stmt_store(s)->idx)) continue;
        const kj_stmt *st = &c->stmts[kj_stmt_store(s)->idx];
        int tried = 0; /* report a store that cannot be read once */
        for (int k = 0; k < i; k++)
            tried |= (c->stmts[k].kind == ST_REGISTER || c->stmts[k].kind == ST_TRACE) && kj_stmt_store(&c->stmts[k])->idx == kj_stmt_store(s)->idx;
        if (tried) continue;
        open_store *o = &a->stores[a->n_stores];
        char err[256];
        kj_backend_init(&o->st, st->store->kind, st->store->file);
        int opened = kj_backend_open(&o->st, KJ_OPEN_READ, 0, err, sizeof err);
        if (opened == KJ_STORE_NOMEM) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
        if (opened == 0) o->on_failure = kj_mem_on_failure(c->mem, kj_backend_abandon, &o->st);
        if (opened != 0) {
            const char *hint = kj_store_open_hint(opened);
            kj_error(c, st->span, hint ? hint : "fill it first: kjeller import CASE REGISTER-OR-TRACE FILE",
                     "cannot read store '%s' ('%s'): %s", st->id, st->store->file, err);
            ok = 0;
            continue;
        }
        o->stmt = kj_stmt_store(s)->idx;
        a->n_stores++;
        if (o->st.ops->begin_check(&o->st) != 0) {
            kj_backend_error e = o->st.ops->error(&o->st);
            if (e == KJ_BACKEND_NOMEM) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
            kj_error(c, st->span,
                     e == KJ_BACKEND_BUSY    ? "another kjeller holds it (a drop of an import): try again when it has finished"
                     : e == KJ_BACKEND_SETUP ? kj_store_open_hint(KJ_STORE_SHARDS)
                                             : "was it written by another version of kjeller?",
                     "store '%s' ('%s'): %s", st->id, st->store->file, o->st.ops->message(&o->st));
            ok = 0;
        }
    }
    /* a register or trace with nothing imported would prove every covered
     * claim false: that is a mistake in the case, not a finding.  An import
     * that stored no row (never recorded, but a store edited by hand may
     * hold one) is nothing imported: the imports query reads only imports
     * with rows */
    for (int i = 0; ok && i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if ((s->kind != ST_REGISTER && s->kind != ST_TRACE) || kj_stmt_store(s)->idx < 0) continue;
        import_list l = imports_of(a, i);
        for (int k = 0; k < l.n; k++) import_intact(a, s, l.ids[k]);
        if (!l.n)
            kj_error(c, kj_stmt_store(s)->span,
                     s->kind == ST_REGISTER ? "import its rows (kjeller import CASE ID FILE.csv); a register that recorded nothing has no store"
                                            : "import its points (kjeller import CASE ID FILE.csv)",
                     "nothing is imported into store '%s' for %s '%s'%s%s", kj_stmt_store(s)->name, kj_stmt_kind_name(s->kind), s->id,
                     s->kind == ST_REGISTER ? " at " : "", s->kind == ST_REGISTER ? s->reg->at.name : "");
    }
    return ok && !c->n_errors;
}

/* The case file standing for an import's CSV (for file:line in proofs). */

/* An import's file and SHA-256, being read (import_file). */
typedef struct import_source {
    kj_case *c;
    const char *path, *sha256;
    int shared;                  /* another import's file has its name */
} import_source;

static int source_read(void *ctx, const kj_import_row *row)
{
    import_source *src = ctx;
    src->path = kj_arena_strdup(&src->c->arena, row->file ? row->file : "");
    src->sha256 = is_sha256(row->sha256) ? kj_arena_strdup(&src->c->arena, row->sha256) : NULL; /* (import_intact refused any other) */
    return 1;
}

static void other_file(void *ctx, const char *file)
{
    import_source *src = ctx;
    src->shared |= !strcmp(base_name(file ? file : ""), base_name(src->path));
}

static int import_file(attacher *a, open_store *o, int64_t import)
{
    kj_case *c = a->c;
    for (int i = 0; i < a->n_files; i++)
        if (a->files[i].store == o->stmt && a->files[i].import == import) return a->files[i].file;
    import_source src = {.c = c, .path = "(import)", .sha256 = NULL, .shared = 0};
    if (o->st.ops->list_imports(&o->st, import, source_read, &src) < 0) store_failed(c, o);
    /* ids name the file without its directory, unless another import's does too */
    if (o->st.ops->other_files(&o->st, import, other_file, &src) != 0) store_failed(c, o);
    const char *path = src.path, *sha256 = src.sha256;
    int shared = src.shared;
    kj_span none = {.file = -1};
    int f = kj_add_file(c, path, "", 0, none);
    c->files[f].sha256 = sha256; /* (which export: cited with the rows' lines) */
    if (a->n_files == a->cap_files) {
        a->cap_files = a->cap_files ? 2 * a->cap_files : 8;
        a->files = kj_realloc(c->mem, a->files, sizeof *a->files * (size_t)a->cap_files);
    }
    a->files[a->n_files].store = o->stmt;
    a->files[a->n_files].import = import;
    a->files[a->n_files].file = f;
    a->files[a->n_files++].name = shared ? kj_arena_printf(&c->arena, "%s#%lld", base_name(path), (long long)import)
                                         : base_name(path);
    return f;
}

static const char *file_name(const attacher *a, int file)
{
    for (int i = 0; i < a->n_files; i++)
        if (a->files[i].file == file) return a->files[i].name;
    return "?";
}

/* A statement made of the imported row at file:line, its kind's struct at
 * body, or (NULL) one of its own in the case's arena. */
static kj_stmt *new_row_stmt(kj_case *c, kj_stmt_kind kind, kj_role role, int file, int line, void *body)
{
    kj_span span = {.file = file, .line = line, .col = 1, .len = 1};
    kj_stmt *s = body ? kj_stmt_append_at(c, kind, role, span, body) : kj_stmt_append(c, kind, role, span);
    s->id_span = s->span;
    if (kind == ST_ENTRY) s->entry->row_line = line;
    return s;
}

/* ---- registers ------------------------------------------------------------------ */

/* Whether the row cannot be the claim's record: an attribute the claim
 * also has, with a value that cannot be the same (kj_attr_may_be; the subject only once
 * assumed).  keys and vals are the import's attribute keys and the row's
 * values, each joined by U+001F; an empty or blank value excludes nothing.  With why, the reason
 * ("aircraft = military") is written to the case's arena; without, nothing
 * is allocated (most excluded rows are never cited by their reason). */
static const char *attr_in(const kj_attr *attrs, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(attrs[i].key, key)) return attrs[i].value;
    return NULL;
}

/* (cl_attrs: the claim's attributes; without why, c is not touched and
 * this may run on a reader thread) */
static int row_excludes(kj_case *c, const kj_attr *cl_attrs, int cl_n, const char *subject, const char *keys,
                        const char *vals, const char **why)
{
    const char *v;
    if (subject && (v = attr_in(cl_attrs, cl_n, "subject")) && !kj_attr_may_be("subject", v, strlen(v), subject, strlen(subject))) {
        if (why) *why = kj_arena_printf(&c->arena, "subject = %s", subject);
        return 1;
    }
    while (vals && *keys) {
        size_t kn = strcspn(keys, "\x1f"), vn = strcspn(vals, "\x1f");
        for (int i = 0; vn && i < cl_n; i++) {
            const kj_attr *a = &cl_attrs[i];
            if (strlen(a->key) == kn && !strncmp(a->key, keys, kn) && vn && !kj_attr_may_be(a->key, a->value, strlen(a->value), vals, vn)) {
                if (why) *why = kj_arena_printf(&c->arena, "%.*s = %.*s", (int)kn, keys, (int)vn, vals);
                return 1;
            }
        }
        keys += kn + (keys[kn] != 0);
        vals += vn + (vals[vn] != 0);
    }
    return 0;
}

/* The claim's values for one import's attribute keys, found once rather
 * than for every row: row_excludes, sped up.  `slow` when the claim names
 * a key twice: left to row_excludes. */
typedef struct keymap {
    int n, slow;
    const char *subject;         /* the claim's assumed subject, or NULL */
    const char **val;            /* per key: the claim's value, or NULL */
    const char **key;            /* per key: its name */
    /* the values made ready once (kj_attr_prep: their forms), for every
     * row the reader compares them with; NULL: compared as they are */
    kj_attr_prep *subject_prep, **prep;
    int prepared;
} keymap;

static keymap *keymap_new(kj_arena *arena, const kj_attr *attrs, int n_attrs, const char *keys)
{
    keymap *m = kj_arena_alloc(arena, sizeof *m);
    m->subject = attr_in(attrs, n_attrs, "subject");
    int n = 0;
    for (const char *k = keys; *k; n++) { /* as row_excludes walks them */
        size_t kn = strcspn(k, "\x1f");
        k += kn + (k[kn] != 0);
    }
    m->n = n;
    m->val = kj_arena_alloc(arena, sizeof(char *) * (size_t)(n + 1));
    m->key = kj_arena_alloc(arena, sizeof(char *) * (size_t)(n + 1));
    m->prep = kj_arena_alloc(arena, sizeof(kj_attr_prep *) * (size_t)(n + 1));
    int j = 0;
    for (const char *k = keys; *k; j++) {
        size_t kn = strcspn(k, "\x1f");
        m->key[j] = kj_arena_strndup(arena, k, kn);
        for (int i = 0; i < n_attrs; i++) {
            const kj_attr *a = &attrs[i];
            if (strlen(a->key) != kn || strncmp(a->key, k, kn)) continue;
            if (m->val[j]) m->slow = 1;
            m->val[j] = a->value;
        }
        k += kn + (k[kn] != 0);
    }
    return m;
}

static uint32_t keymap_hash(const void *entry)
{
    const keymap *m = entry;
    uint32_t h = KJ_HASH_INIT;
    for (int j = -1; j < m->n; j++) {
        const char *v = j < 0 ? m->subject : m->val[j];
        for (const char *p = v; p && *p; p++) h = kj_hash_step(h, (unsigned char)*p);
        h = kj_hash_step(h, v ? 0x1f : 0x1e); /* ends a value, or marks it absent */
    }
    return h;
}

static int keymap_same(const keymap *a, const keymap *b)
{
    if (a->n != b->n || a->slow || b->slow) return 0;
    if ((a->subject == NULL) != (b->subject == NULL) || (a->subject && strcmp(a->subject, b->subject))) return 0;
    for (int j = 0; j < a->n; j++)
        if ((a->val[j] == NULL) != (b->val[j] == NULL) || (a->val[j] && strcmp(a->val[j], b->val[j]))) return 0;
    return 1;
}

/* m, or an equal map met before in t, the maps of one import's keys
 * (a claim naming a key twice is never shared).  Claims with the same
 * values share one keymap (most claims against a register state the same
 * few): a reader then keeps a handful in cache, not one per claim. */
static keymap *keymap_intern(kj_ptrset *t, keymap *m)
{
    if (m->slow) return m;
    kj_ptrset_reserve(t, 64, keymap_hash);
    uint32_t h = keymap_hash(m) & (t->cap - 1);
    for (; t->slot[h]; h = (h + 1) & (t->cap - 1))
        if (keymap_same(t->slot[h], m)) return t->slot[h];
    t->slot[h] = m;
    t->n++;
    return m;
}

/* row_excludes without the reason: 1 or 0, or -1 when only row_excludes
 * can say. */
static int keymap_excludes(const keymap *m, const char *subject, const char *vals)
{
    if (m->slow) return -1;
    if (subject && m->subject &&
        !(m->subject_prep ? kj_attr_prep_may_be(m->subject_prep, subject, strlen(subject))
                          : kj_attr_may_be("subject", m->subject, strlen(m->subject), subject, strlen(subject))))
        return 1;
    for (int j = 0; vals && j < m->n; j++) {
        size_t vn = strcspn(vals, "\x1f");
        if (vn && m->val[j] &&
            !(m->prep[j] ? kj_attr_prep_may_be(m->prep[j], vals, vn) : kj_attr_may_be(m->key[j], m->val[j], strlen(m->val[j]), vals, vn)))
            return 1;
        vals += vn + (vals[vn] != 0);
    }
    return 0;
}

typedef struct row_group {
    kj_interval iv;
    int file, line, n, last_line;
} row_group;


static int may_be_at(const kj_case *c, int place, int target, int depth)
{
    int p = kj_place_identity(c, place);
    if (p < 0 || depth > 8) return 0;
    if (p == target) return 1;
    const kj_stmt *s = &c->stmts[p];
    for (int k = 0; s->kind == ST_PLACE && k < s->place->n_alts; k++)
        if (may_be_at(c, s->place->alts[k].idx, target, depth + 1)) return 1;
    return 0;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Merges neighbours across the smallest gaps until at most MAX_GROUPS
 * remain: a wider window for a possible record is more charitable, never
 * less.  g is sorted and disjoint; scratch in mem's call. */
static int coarsen(kj_mem *mem, row_group *g, int n)
{
    if (n <= MAX_GROUPS) return n;
    int64_t *gaps = kj_malloc(mem, sizeof(int64_t) * (size_t)n);
    for (int k = 0; k + 1 < n; k++) gaps[k] = g[k + 1].iv.lo - g[k].iv.hi;
    qsort(gaps, (size_t)(n - 1), sizeof(int64_t), cmp_i64);
    /* keep the MAX_GROUPS - 1 largest gaps; ties at the threshold are kept
     * from the left, so exactly MAX_GROUPS groups remain */
    int64_t cut = gaps[n - MAX_GROUPS];
    int keep_at_cut = 0;
    for (int k = n - MAX_GROUPS; k < n - 1; k++) keep_at_cut += gaps[k] == cut;
    kj_free(gaps);
    int m = 0;
    for (int k = 1; k < n; k++) {
        int64_t gap = g[k].iv.lo - g[m].iv.hi;
        int split = gap > cut || (gap == cut && keep_at_cut > 0);
        if (gap == cut && keep_at_cut > 0) keep_at_cut--;
        if (split) {
            g[++m] = g[k];
        } else {
            if (g[k].iv.hi > g[m].iv.hi) g[m].iv.hi = g[k].iv.hi;
            g[m].n += g[k].n;
            g[m].last_line = g[k].last_line;
        }
    }
    return m + 1;
}

static int row_cmp(const void *x, const void *y)
{
    const row_group *a = x, *b = y;
    if (a->iv.lo != b->iv.lo) return (a->iv.lo > b->iv.lo) - (a->iv.lo < b->iv.lo);
    if (a->file != b->file) return (a->file > b->file) - (a->file < b->file);
    return (a->line > b->line) - (a->line < b->line);
}

/* What one register's rows say about one claim, read before any statement
 * is made of them (rows are read for all of a register's claims at once,
 * by a reader thread; statements are made in claim order, on the main
 * thread). */
typedef struct reg_rows {
    int ci, thing;
    const kj_attr *attrs; int n_attrs; /* the claim's (arena-owned: they do not move) */
    const char *id;              /* the claim's id and span, for its statements */
    kj_span span;
    kj_interval w;               /* the claim's window, within the coverage */
    KJ_VEC(row_group) found;     /* rows that may be its record */
    row_group *groups; int n;    /* the same, merged (in the job's `groups`) */
    long group_at;               /* where they are there */
    row_group excl;              /* rows its attributes exclude (excl.n of them) */
    char *excl_subject, *excl_vals; /* the first of them: its values, for the reason */
    int64_t excl_rowid;          /* and its place in the store */
    int excl_k;                  /* and its import */
    long read;                   /* rows the index finds in its window (a few more than match it) */
    int too_many;
    keymap **maps;               /* per import: its values for the import's keys */
} reg_rows;

/* What register_window needs of a claim, copied once: every register
 * looks at every claim, and a claim's statement is a kilobyte. */
typedef struct claim_view {
    int ci, travel;
    int thing;                   /* a register of things: the thing the claim's people have, else -1 */
    int from, to, at;
    kj_interval depart, arrive, when;
    const kj_attr *attrs; int n_attrs;
    const char *id;
    kj_span span;
} claim_view;

static claim_view view_of(const kj_case *c, int ci)
{
    const kj_stmt *cl = &c->stmts[ci];
    return (claim_view){.ci = ci, .thing = -1, .travel = cl->claim->claim_kind == CLAIM_TRAVEL, .from = cl->claim->from.idx,
                        .to = cl->claim->to.idx, .at = cl->claim->at.idx, .depart = cl->claim->depart_iv,
                        .arrive = cl->claim->arrive_iv, .when = cl->claim->when_iv, .attrs = cl->claim->attrs,
                        .n_attrs = cl->claim->n_attrs, .id = cl->id, .span = cl->span};
}

/* The window in which the register would have recorded the claim's event,
 * or 0 if it would not record it at all. */
static int register_window(const kj_case *c, const kj_stmt *reg, const claim_view *cl, kj_interval *out)
{
    int place;
    kj_interval w;
    kj_of_kind of = cl->thing < 0 ? OF_PEOPLE : c->stmts[cl->thing].device->vehicle ? OF_VEHICLES : OF_DEVICES;
    if (of != reg->reg->of) return 0;
    if (reg->reg->event == EV_ARRIVAL && cl->travel) {
        place = cl->to;
        w = cl->arrive;
    } else if (reg->reg->event == EV_DEPARTURE && cl->travel) {
        place = cl->from;
        w = cl->depart;
    } else if (reg->reg->event == EV_STAY && !cl->travel) {
        place = cl->at;
        w = cl->when;
    } else {
        return 0;
    }
    if (!may_be_at(c, place, kj_place_identity(c, reg->reg->at.idx), 0)) return 0;
    /* rows outside the coverage add nothing: the event may be there anyway */
    if (w.lo < reg->reg->coverage.lo) w.lo = reg->reg->coverage.lo;
    if (w.hi > reg->reg->coverage.hi) w.hi = reg->reg->coverage.hi;
    if (w.lo > w.hi) return 0;
    *out = w;
    return 1;
}

/* A row found through the index for one claim: read later, in rowid order. */
typedef struct row_ref {
    int64_t rowid;
    int res;                     /* index into the register's reg_rows (its window, its values) */
    int k;                       /* which import (for its attribute keys) */
} row_ref;

/* A reader's big scratch (per register: the index's references, the hits,
 * the counters of their sorting; tens of MB) is mapped and unmapped:
 * freed to a reader thread's own heap, it would stay there, resident, and
 * no later phase on another thread would reuse it.  A mapping is noted in
 * the kj_mem it was made in (big_new), so that a failed load unmaps it;
 * it may be grown by another thread's kj_mem (big_grow: the note stays
 * where it is), and is dropped in the kj_mem it was made in. */
typedef struct big {
    void *p;                     /* NULL until mapped */
    size_t n;                    /* bytes mapped */
    kj_mem_cleanup *note;
} big;

/* Unmaps b's mapping, if it has one: a failed load's cleanup, and
 * big_drop's. */
static void big_unmap(void *arg)
{
    big *b = arg;
    if (b->p) munmap(b->p, b->n);
    b->p = NULL;
    b->n = 0;
}

/* Maps (or remaps) b to n bytes, zeroed where new; running out fails
 * mem's call, b as it was. */
static void big_grow(kj_mem *mem, big *b, size_t n)
{
    if (!n) n = 1;
    kj_mem_count_alloc(mem);
    void *p = b->p ? mremap(b->p, b->n, n, MREMAP_MAYMOVE)
                   : mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) kj_mem_fail(mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    if (n >= ((size_t)2 << 20)) (void)madvise(p, n, MADV_HUGEPAGE); /* a fault per 2 MB, not per 4 KB */
    b->p = p;
    b->n = n;
}

/* A mapping of n bytes (0: none yet), noted in mem. */
static big *big_new(kj_mem *mem, size_t n)
{
    big *b = kj_calloc(mem, 1, sizeof *b);
    b->note = kj_mem_on_failure(mem, big_unmap, b);
    if (n) big_grow(mem, b, n);
    return b;
}

/* Unmaps b (NULL: nothing); mem is the one b was made in. */
static void big_drop(kj_mem *mem, big *b)
{
    if (!b) return;
    big_unmap(b);
    kj_mem_forget(mem, b->note);
    kj_free(b);
}

static int ref_cmp(const void *x, const void *y)
{
    const row_ref *a = x, *b = y;
    if (a->rowid != b->rowid) return (a->rowid > b->rowid) - (a->rowid < b->rowid);
    return (a->res > b->res) - (a->res < b->res);
}

/* Sorts refs by rowid, stably: by counting when the rowids lie close
 * together (one import's rows are stored together), else by merging;
 * scratch in mem's call. */
static void sort_refs(kj_mem *mem, row_ref *refs, int n)
{
    if (n < 2) return;
    int64_t lo = refs[0].rowid, hi = lo;
    for (int i = 1; i < n; i++) {
        if (refs[i].rowid < lo) lo = refs[i].rowid;
        if (refs[i].rowid > hi) hi = refs[i].rowid;
    }
    if (hi - lo > 16 * (int64_t)n + 1024) {
        qsort(refs, (size_t)n, sizeof(row_ref), ref_cmp);
        return;
    }
    size_t range = (size_t)(hi - lo) + 2;
    big *start_map = big_new(mem, range * sizeof(int)), *out_map = big_new(mem, sizeof(row_ref) * (size_t)n);
    int *start = start_map->p;
    row_ref *out = out_map->p;
    for (int i = 0; i < n; i++) start[refs[i].rowid - lo + 1]++;
    for (size_t i = 1; i < range; i++) start[i] += start[i - 1];
    for (int i = 0; i < n; i++) out[start[refs[i].rowid - lo]++] = refs[i];
    memcpy(refs, out, sizeof(row_ref) * (size_t)n);
    big_drop(mem, start_map);
    big_drop(mem, out_map);
}

/* One register's reading: prepared on the main thread (windows, the
 * claims' attribute values per import, the case files standing for the
 * imports), done by a reader (SQLite and this job's memory only), turned
 * into statements on the main thread again. */
typedef struct reg_job {
    int ri, store;               /* the register and its store statement */
    const char *evn;             /* the event its rows must have, when they name one */
    import_list imports;
    int *files;                  /* per import: the case file standing for its CSV */
    reg_rows *res; int *order; int n;
    kj_arena scratch;            /* the claims' keymaps, until the job is freed */
    KJ_VEC(kj_attr_prep *) preps; /* their values made ready (untracked: job_failed frees them) */
    big *groups;                 /* all its claims' merged groups (row_group[cap_groups]: mapped by
                                    the reader, noted by the main thread) */
    long n_groups, cap_groups;
    kj_mem_cleanup *on_failure;  /* frees what readers hand over (job_failed) */
} reg_job;

/* A reader's own connection to a store: SQLite connections are not shared
 * between threads. */
typedef struct reader_conn {
    int store;
    const char *id, *where;      /* the store's, for a failure's message (read_failed) */
    kj_backend st;
    kj_mem_cleanup *on_failure;  /* closes st (its statements, its transaction) if the load fails */
} reader_conn;

/* *dst (an untracked block, or NULL) replaced by a copy of src, untracked:
 * a reader's, freed by the main thread (kj_free) while readers read. */
static void chars_set(kj_mem *mem, char **dst, const char *src)
{
    char *copy = NULL;
    if (src) {
        size_t n = strlen(src) + 1;
        copy = kj_malloc_kept(mem, n);
        memcpy(copy, src, n);
    }
    kj_free(*dst);
    *dst = copy;
}

/* One row read for one claim (in rowid order): a possible record, or one
 * its attributes exclude; sorted by claim afterwards. */
typedef struct hit {
    kj_interval iv;
    int64_t rowid;
    int line, res;
    int k;                       /* which import */
    int excluded;
} hit;

/* What a row needs of its claim, packed: rows come in the order they are
 * stored, so their claims at random, and a claim's reg_rows (or its array
 * of keymaps) would be a cache miss per row. */
typedef struct claim_keys {
    int64_t *wlo;                /* per claim: its window begins */
    const keymap **maps;         /* per claim and import (claim * n + import) */
    int n;                       /* imports */
} claim_keys;

/* The hit of a row for one claim, or 0 when the row is not the claim's at
 * all.  Touches neither the case nor, but for a claim whose values need
 * the slow comparison, the claim's reg_rows. */
static int take_row(const reg_job *j, const claim_keys *ck, const row_ref *ref, const kj_entry_row *row, hit *h)
{
    int k = ref->k;
    if (row->t_hi < ck->wlo[ref->res]) return 0; /* ends before the window */
    const char *ev = row->event;
    if (ev && strcmp(ev, j->evn)) return 0; /* a departure is not the record of an arrival */
    const char *subject = row->subject, *vals = row->attrs;
    int out = keymap_excludes(ck->maps[(size_t)ref->res * (size_t)ck->n + (size_t)k], subject, vals);
    if (out < 0) {
        const reg_rows *res = &j->res[ref->res];
        out = row_excludes(NULL, res->attrs, res->n_attrs, subject, j->imports.keys[k], vals, NULL);
    }
    *h = (hit){{row->t_lo, row->t_hi}, ref->rowid, row->line, ref->res, k, out != 0};
    return 1;
}

/* The possible records of one claim, merged; or, for a claim whose window
 * holds too many rows, their hull (in the reader's kj_mem, mem). */
static void finish_rows(kj_mem *mem, reg_job *j, reader_conn *rc, reg_rows *res)
{
    const import_list *imports = &j->imports;
    if (res->too_many) {
        /* a claim whose window holds this many rows (a claim with no time of
         * its own, against years of a busy log) gets, per import, one
         * possible record spanning them all, attributes unread: more
         * charitable than the rows themselves, never less */
        res->found.n = 0;
        res->excl.n = 0;
        for (int k = 0; k < imports->n; k++) {
            kj_entry_hull h;
            if (rc->st.ops->entry_hull(&rc->st, imports->ids[k], imports->widths[k], res->w.lo, res->w.hi, &h) != 0)
                read_failed(mem, rc->store, rc->id, rc->where, &rc->st);
            if (h.n > 0) {
                row_group r = {
                    .iv = {.lo = h.lo, .hi = h.hi},
                    .file = j->files[k],
                    .line = h.line,
                    .n = (int)h.n,
                    .last_line = h.last_line,
                };
                kj_vec_put(mem, &res->found, r);
            }
        }
    }
    if (res->found.n) qsort(res->found.items, (size_t)res->found.n, sizeof(row_group), row_cmp);
    KJ_VEC(row_group) groups = {0};
    for (int k = 0; k < res->found.n; k++) {
        row_group r = res->found.items[k];
        row_group *g = groups.n ? &groups.items[groups.n - 1] : NULL;
        if (g && r.iv.lo <= g->iv.hi) { /* overlapping windows: one possible record */
            if (r.iv.hi > g->iv.hi) g->iv.hi = r.iv.hi;
            g->n++;
            g->last_line = r.line;
        } else {
            kj_vec_put(mem, &groups, r);
        }
    }
    kj_free(res->found.items);
    res->found.items = NULL;
    res->found.n = res->found.cap = 0;
    res->n = coarsen(mem, groups.items, groups.n);
    /* kept until the main thread makes its statements, with the job's
     * other claims' (mapped: on the reader's heap they would stay resident
     * once freed, a reader's worth per thread) */
    if (j->n_groups + res->n > j->cap_groups) {
        long cap = j->cap_groups ? 2 * j->cap_groups : 4096;
        while (cap < j->n_groups + res->n) cap *= 2;
        big_grow(mem, j->groups, sizeof(row_group) * (size_t)cap);
        j->cap_groups = cap;
    }
    if (res->n) memcpy((row_group *)j->groups->p + j->n_groups, groups.items, sizeof(row_group) * (size_t)res->n);
    res->group_at = j->n_groups;
    j->n_groups += res->n;
    kj_free(groups.items);
}

/* The index being read for one import (index_refs): the claims whose
 * windows it is asked for, and where the references go. */
typedef struct refs_reading {
    kj_mem *mem;
    reg_job *j;
    int k;                       /* the import */
    const int *res;              /* per window asked: its claim */
    big *refs;
    int n_refs, cap;
    int window, first;           /* the window being read, and where its references begin */
} refs_reading;

static int ref_found(void *ctx, int w, int64_t id)
{
    refs_reading *rd = ctx;
    reg_rows *r = &rd->j->res[rd->res[w]];
    if (w != rd->window) {
        rd->window = w;
        rd->first = rd->n_refs;
    }
    if (++r->read > MAX_ROWS) { /* its hull is read instead: what it read of this import goes */
        r->too_many = 1;
        rd->n_refs = rd->first;
        return 1;
    }
    if (rd->n_refs == rd->cap) {
        rd->cap = rd->cap ? 2 * rd->cap : 4096;
        big_grow(rd->mem, rd->refs, sizeof(row_ref) * (size_t)rd->cap);
    }
    ((row_ref *)rd->refs->p)[rd->n_refs++] = (row_ref){.rowid = id, .res = rd->res[w], .k = rd->k};
    return 0;
}

/* The rows each claim's window holds, through the index alone, import by
 * import (claims in time order, so the index is read forward): *n of
 * them, in a mapping of the reader's (mem).  A claim whose windows hold
 * more than MAX_ROWS rows in all has none: its hull is read instead. */
static big *index_refs(kj_mem *mem, reg_job *j, reader_conn *rc, int *n)
{
    refs_reading rd = {.mem = mem, .j = j, .refs = big_new(mem, 0), .n_refs = 0, .cap = 0};
    kj_window *w = kj_malloc(mem, sizeof(kj_window) * (size_t)(j->n + 1));
    int *res = kj_malloc(mem, sizeof(int) * (size_t)(j->n + 1));
    for (int k = 0; k < j->imports.n; k++) {
        int n_w = 0;
        for (int i = 0; i < j->n; i++) {
            reg_rows *r = &j->res[j->order[i]];
            if (r->too_many) continue;
            w[n_w] = (kj_window){.lo = r->w.lo, .hi = r->w.hi, .limit = MAX_ROWS - r->read + 1};
            res[n_w++] = j->order[i];
        }
        rd.k = k;
        rd.res = res;
        rd.window = -1;
        if (rc->st.ops->entry_ids(&rc->st, j->imports.ids[k], j->imports.widths[k], w, n_w, ref_found, &rd) != 0)
            read_failed(mem, rc->store, rc->id, rc->where, &rc->st);
        /* a claim that has read too many now read some of earlier imports too */
        row_ref *refs = rd.refs->p;
        int kept = 0;
        for (int i = 0; i < rd.n_refs; i++)
            if (!j->res[refs[i].res].too_many) refs[kept++] = refs[i];
        rd.n_refs = kept;
    }
    kj_free(w);
    kj_free(res);
    *n = rd.n_refs;
    return rd.refs;
}

/* The rows being read for their references (read_hits). */
typedef struct hits_reading {
    const reg_job *j;
    const claim_keys *ck;
    const row_ref *refs;
    hit *hits;                   /* room for one per reference */
    int n;
} hits_reading;

static void hit_read(void *ctx, long i, const kj_entry_row *row)
{
    hits_reading *hr = ctx;
    hit h;
    if (take_row(hr->j, hr->ck, &hr->refs[i], row, &h)) hr->hits[hr->n++] = h;
}

/* The rows refs[0 .. n_refs) name, read in rowid order (the order they
 * are stored in): the hit of each for its claim, *n_hits of them, in a
 * mapping of the reader's (mem). */
static big *read_hits(kj_mem *mem, const reg_job *j, reader_conn *rc, const row_ref *refs, int n_refs, int *n_hits)
{
    big *hits = big_new(mem, sizeof(hit) * (size_t)(n_refs + 1)); /* at most one per ref */
    claim_keys ck = {kj_malloc(mem, sizeof(int64_t) * (size_t)(j->n + 1)),
                     kj_malloc(mem, sizeof(keymap *) * ((size_t)j->n * (size_t)j->imports.n + 1)), j->imports.n};
    for (int i = 0; i < j->n; i++) {
        ck.wlo[i] = j->res[i].w.lo;
        for (int k = 0; k < ck.n; k++) ck.maps[(size_t)i * (size_t)ck.n + (size_t)k] = j->res[i].maps[k];
    }
    hits_reading hr = {.j = j, .ck = &ck, .refs = refs, .hits = hits->p, .n = 0};
    int rc_read = rc->st.ops->entries_by_id(&rc->st, &refs[0].rowid, sizeof(row_ref), n_refs, hit_read, &hr);
    if (rc_read == -2) kj_bug(mem, "an indexed row is missing from its store");
    if (rc_read != 0) read_failed(mem, rc->store, rc->id, rc->where, &rc->st);
    kj_free(ck.wlo);
    kj_free(ck.maps);
    *n_hits = hr.n;
    return hits;
}

/* Claim res's hits (hits[by[from .. to)]): its possible records, and its
 * excluded rows cited as one statement (res->excl_rowid: the first of
 * them, whose values excluded_values reads), into res. */
static void claim_hits(kj_mem *mem, const reg_job *j, const hit *hits, const int *by, int from, int to, reg_rows *res)
{
    int n_found = 0;
    for (int h = from; h < to; h++) n_found += !hits[by[h]].excluded;
    res->found.items = n_found ? kj_malloc(mem, sizeof(row_group) * (size_t)n_found) : NULL;
    res->found.cap = n_found;
    for (int h = from; h < to; h++) {
        const hit *x = &hits[by[h]];
        row_group r = {.iv = x->iv, .file = j->files[x->k], .line = x->line, .n = 1, .last_line = x->line};
        if (!x->excluded) {
            res->found.items[res->found.n++] = r;
            continue;
        }
        row_group *e = &res->excl;
        if (!e->n || row_cmp(&r, e) < 0) {
            e->iv = r.iv;
            e->file = r.file;
            e->line = r.line;
            res->excl_rowid = x->rowid;
            res->excl_k = x->k;
        }
        if (!e->n || r.line > e->last_line) e->last_line = r.line;
        e->n++;
    }
}

/* The first excluded row of a claim (excluded_values). */
typedef struct excl_ref {
    int64_t rowid;               /* first: entries_by_id reads it */
    int res;
} excl_ref;

static int excl_cmp(const void *x, const void *y)
{
    const excl_ref *a = x, *b = y;
    if (a->rowid != b->rowid) return (a->rowid > b->rowid) - (a->rowid < b->rowid);
    return (a->res > b->res) - (a->res < b->res);
}

/* The values of the first excluded rows, read again (excluded_values). */
typedef struct excluded_reading {
    kj_mem *mem;
    reg_job *j;
    const excl_ref *refs;
} excluded_reading;

static void excluded_read(void *ctx, long i, const kj_entry_row *row)
{
    excluded_reading *er = ctx;
    reg_rows *res = &er->j->res[er->refs[i].res];
    chars_set(er->mem, &res->excl_subject, row->subject);
    chars_set(er->mem, &res->excl_vals, row->attrs);
}

/* The values of each claim's first excluded row (the reason its
 * statement gives), read in one pass in the order rows are stored: one
 * row at a time would be a seek, or a round trip to a server, per claim. */
static void excluded_values(kj_mem *mem, reg_job *j, reader_conn *rc)
{
    int n = 0;
    for (int i = 0; i < j->n; i++) n += j->res[i].excl.n > 0;
    if (!n) return;
    excl_ref *refs = kj_malloc(mem, sizeof *refs * (size_t)n);
    n = 0;
    for (int i = 0; i < j->n; i++)
        if (j->res[i].excl.n > 0) refs[n++] = (excl_ref){.rowid = j->res[i].excl_rowid, .res = i};
    qsort(refs, (size_t)n, sizeof *refs, excl_cmp);
    excluded_reading er = {.mem = mem, .j = j, .refs = refs};
    int rc_read = rc->st.ops->entries_by_id(&rc->st, &refs[0].rowid, sizeof *refs, n, excluded_read, &er);
    kj_free(refs);
    if (rc_read == -2) kj_bug(mem, "an indexed row is missing from its store");
    if (rc_read != 0) read_failed(mem, rc->store, rc->id, rc->where, &rc->st);
}

/* Reads the rows of a register's claims (on a reader thread, in its
 * kj_mem, mem): first, through the index alone, which rows each claim's
 * window holds; then the rows themselves, in the order they are stored,
 * each once however many claims hold it.  Rows are stored in the order of
 * their file, not of time, so reading them claim by claim would seek at
 * random through the whole table. */
static void read_register(kj_mem *mem, reg_job *j, reader_conn *rc)
{
    int n_refs, n_hits;
    big *refs = index_refs(mem, j, rc, &n_refs);
    sort_refs(mem, refs->p, n_refs); /* the order of claims sharing a row does not matter: each takes it alone */
    big *hits_map = read_hits(mem, j, rc, refs->p, n_refs, &n_hits);
    const hit *hits = hits_map->p;
    big_drop(mem, refs);
    /* the hits by claim (counting: stable, so each claim's stay in rowid order) */
    int *start = kj_calloc(mem, (size_t)j->n + 2, sizeof(int));
    big *by_map = big_new(mem, sizeof(int) * (size_t)(n_hits + 1)); /* hits' indices, by claim */
    int *by = by_map->p;
    for (int i = 0; i < n_hits; i++) start[hits[i].res + 1]++;
    for (int i = 0; i < j->n; i++) start[i + 1] += start[i];
    for (int i = 0; i < n_hits; i++) by[start[hits[i].res]++] = i;
    for (int i = 0, from = 0; i < j->n; i++) {
        claim_hits(mem, j, hits, by, from, start[i], &j->res[i]);
        from = start[i];
        finish_rows(mem, j, rc, &j->res[i]); /* (its rows freed at once: a register's are megabytes) */
    }
    kj_free(start);
    big_drop(mem, by_map);
    big_drop(mem, hits_map);
    excluded_values(mem, j, rc);
    for (int i = 0; i < j->n; i++)
        j->res[i].groups = j->res[i].n ? (row_group *)j->groups->p + j->res[i].group_at : NULL;
}

/* The statements made of what read_register found for one claim. */
static void emit_rows(attacher *a, const reg_job *j, reg_rows *res)
{
    kj_case *c = a->c;
    int ri = j->ri, ci = res->ci, n = res->n;
    const row_group *groups = res->groups, *excl = &res->excl;
    kj_store_link link = {.reg = ri, .claim = ci, .thing = res->thing, .first = c->n_stmts, .n = 0};
    /* new statements move c->stmts: keep what is needed of the register
     * (the claim's is in res: its statement is not read again); in a
     * register of things, the rows are of one thing and one claim:
     * REG@CLAIM/THING */
    const char *reg_id = c->stmts[ri].id, *cl_id = res->id;
    const char *thing_id = res->thing >= 0 ? c->stmts[res->thing].id : NULL;
    const char *of = thing_id ? kj_arena_printf(&c->arena, "%s/%s", cl_id, thing_id) : cl_id;
    const char *whose = thing_id ? kj_arena_printf(&c->arena, "%s in claim '%s'", thing_id, cl_id)
                                 : kj_arena_printf(&c->arena, "claim '%s'", cl_id);
    kj_ref reg_source = c->stmts[ri].source;
    kj_span cl_span = res->span;
    /* the link's entries (at most two) have their structs in one array */
    int n_entries = (n > 0) + (excl->n > 0);
    kj_entry_stmt *entries = n_entries ? kj_arena_alloc(&c->arena, sizeof(kj_entry_stmt) * (size_t)n_entries) : NULL;
    if (n) { /* one statement: the possible records, one window per group */
        kj_stmt *s = new_row_stmt(c, ST_ENTRY, ROLE_REGISTER, groups[0].file, groups[0].line, &entries[0]);
        s->id = kj_arena_printf(&c->arena, "%s@%s", reg_id, of);
        s->parent = ri;
        s->source = reg_source;
        s->entry->rows = kj_arena_alloc(&c->arena, sizeof(kj_row_group) * (size_t)n);
        s->entry->n_rows = n;
        s->entry->when_iv = groups[0].iv;
        for (int k = 0; k < n; k++) {
            const row_group *g = &groups[k];
            s->entry->rows[k] = (kj_row_group){.iv = g->iv, .line = g->line, .last_line = g->last_line, .n = g->n,
                                               .hull = res->too_many};
            if (g->iv.lo < s->entry->when_iv.lo) s->entry->when_iv.lo = g->iv.lo;
            if (g->iv.hi > s->entry->when_iv.hi) s->entry->when_iv.hi = g->iv.hi;
        }
        s->label = kj_arena_printf(&c->arena, "rows of %s that may record %s", file_name(a, groups[0].file), whose);
    }
    if (excl->n) {
        const char *why = NULL;
        row_excludes(c, res->attrs, res->n_attrs, res->excl_subject, j->imports.keys[res->excl_k], res->excl_vals, &why);
        kj_stmt *s = new_row_stmt(c, ST_ENTRY, ROLE_REGISTER, excl->file, excl->line, &entries[n_entries - 1]);
        s->id = kj_arena_printf(&c->arena, "%s@%s.excluded", reg_id, of);
        s->parent = ri;
        s->source = reg_source;
        s->entry->unrelated = 1;
        s->entry->unrelated_to = (kj_ref){.name = cl_id, .span = cl_span, .idx = ci};
        s->entry->when_iv = excl->iv;
        s->label = excl->n == 1
            ? kj_arena_printf(&c->arena, "%s line %d records %s: not %s", file_name(a, excl->file), excl->line, why, whose)
            : kj_arena_printf(&c->arena, "%d rows of %s (lines %d..%d) cannot be %s: their attributes differ from its (first: %s)",
                              excl->n, file_name(a, excl->file), excl->line, excl->last_line, whose, why);
    }
    kj_free(res->excl_subject); /* (untracked: a reader's, chars_set) */
    kj_free(res->excl_vals);
    res->excl_subject = res->excl_vals = NULL;
    link.n = c->n_stmts - link.first;
    if (link.n) kj_vec_put(c->mem, &a->links, link);
}

/* A claim's window and where its rows are: what is sorted (no static for
 * the comparator to find the rows by: two cases may be loaded at once). */
typedef struct window_at {
    int64_t lo;
    int ci, k;
} window_at;

static int by_window(const void *x, const void *y)
{
    const window_at *a = x, *b = y;
    if (a->lo != b->lo) return (a->lo > b->lo) - (a->lo < b->lo);
    return (a->ci > b->ci) - (a->ci < b->ci);
}

/* Sorts j->order by the windows' starts, then by claim (scratch in mem's
 * call). */
static void order_by_window(kj_mem *mem, reg_job *j)
{
    if (j->n < 2) return;
    window_at *by = kj_malloc(mem, sizeof *by * (size_t)j->n);
    for (int k = 0; k < j->n; k++) by[k] = (window_at){.lo = j->res[k].w.lo, .ci = j->res[k].ci, .k = k};
    qsort(by, (size_t)j->n, sizeof *by, by_window);
    for (int k = 0; k < j->n; k++) j->order[k] = by[k].k;
    kj_free(by);
}

/* A value made ready, noted in the job first (so that a failed load frees
 * it: job_failed), or NULL. */
static kj_attr_prep *job_prep(kj_mem *mem, reg_job *j, const char *key, const char *v)
{
    kj_vec_put(mem, &j->preps, NULL);
    return j->preps.items[j->preps.n - 1] = kj_attr_prep_new(key, v, strlen(v));
}

/* m with its values made ready, once however many claims share it. */
static keymap *keymap_prepare(kj_mem *mem, reg_job *j, keymap *m)
{
    if (m->prepared || m->slow) return m;
    m->prepared = 1;
    if (m->subject) m->subject_prep = job_prep(mem, j, "subject", m->subject);
    for (int k = 0; k < m->n; k++)
        if (m->val[k]) m->prep[k] = job_prep(mem, j, m->key[k], m->val[k]);
    return m;
}

/* What a job's reader handed over outside its own kj_mem's lists: the
 * excluded rows' values (untracked).  Run when the load fails (a
 * cleanup: the job's arrays are still there), or by job_free. */
static void job_failed(void *arg)
{
    reg_job *j = arg;
    for (int k = 0; k < j->preps.n; k++) kj_attr_prep_free(j->preps.items[k]);
    j->preps.n = 0;
    for (int k = 0; j->res && k < j->n; k++) {
        kj_free(j->res[k].excl_subject);
        kj_free(j->res[k].excl_vals);
        j->res[k].excl_subject = j->res[k].excl_vals = NULL;
    }
}

/* Everything a reader needs for one register, on the main thread: the
 * claims it would have recorded, in the order of their windows (the index
 * and the table are then read forward), each claim's values for each
 * import's attribute keys, the case file standing for each import. */
static void job_prepare(attacher *a, int ri, const claim_view *claims, int n_claims, reg_job *j)
{
    kj_case *c = a->c;
    const kj_stmt *reg = &c->stmts[ri];
    memset(j, 0, sizeof *j);
    j->scratch = KJ_ARENA(c->mem);
    j->groups = big_new(c->mem, 0); /* (mapped by its reader) */
    j->on_failure = kj_mem_on_failure(c->mem, job_failed, j);
    j->ri = ri;
    j->store = reg->reg->store.idx;
    j->evn = kj_event_noun(reg->reg->event);
    j->imports = imports_of(a, ri);
    open_store *o = store_of(a, reg->reg->store.idx);
    j->files = kj_arena_alloc(&c->arena, sizeof(int) * (size_t)(j->imports.n + 1));
    for (int k = 0; k < j->imports.n; k++) j->files[k] = import_file(a, o, j->imports.ids[k]);
    /* the claims it would record, counted first: a register records a
     * few of a big case's claims, and room for all of them, per register,
     * was most of the heap while the rows were read */
    int n_rec = 0;
    kj_interval w;
    for (int k = 0; k < n_claims; k++) n_rec += register_window(c, reg, &claims[k], &w);
    j->res = kj_malloc(c->mem, sizeof(reg_rows) * (size_t)(n_rec + 1));
    j->order = kj_calloc(c->mem, (size_t)n_rec + 1, sizeof(int));
    kj_ptrset *shared = kj_calloc(c->mem, (size_t)j->imports.n + 1, sizeof(kj_ptrset));
    for (int m = 0; m < j->imports.n; m++) shared[m].mem = c->mem;
    for (int k = 0; k < n_claims; k++) {
        reg_rows r;
        memset(&r, 0, sizeof r);
        r.ci = claims[k].ci;
        r.thing = claims[k].thing;
        r.attrs = claims[k].attrs;
        r.n_attrs = claims[k].n_attrs;
        r.id = claims[k].id;
        r.span = claims[k].span;
        r.excl.file = -1;
        if (!register_window(c, &c->stmts[ri], &claims[k], &r.w)) continue;
        r.maps = kj_arena_alloc(&j->scratch, sizeof(keymap *) * (size_t)(j->imports.n + 1));
        for (int m = 0; m < j->imports.n; m++)
            r.maps[m] = keymap_prepare(c->mem, j, keymap_intern(&shared[m], keymap_new(&j->scratch, r.attrs, r.n_attrs, j->imports.keys[m])));
        j->order[j->n] = j->n;
        j->res[j->n++] = r;
    }
    for (int m = 0; m < j->imports.n; m++) kj_ptrset_free(&shared[m]);
    kj_free(shared);
    order_by_window(c->mem, j);
}

/* Frees job j, read and made into statements, in mem's call (the main
 * thread's, which prepared it).  Its readers' found rows are gone already
 * (finish_rows). */
static void job_free(kj_mem *mem, reg_job *j)
{
    job_failed(j);
    kj_free(j->preps.items);
    kj_mem_forget(mem, j->on_failure);
    kj_free(j->res);
    kj_free(j->order);
    kj_arena_free(&j->scratch);
    big_drop(mem, j->groups);
    memset(j, 0, sizeof *j);
}

/* ---- readers: the registers' rows read in parallel (pool.c) ------------------------ */

typedef struct reader {
    reader_conn *conns; int n_conns;
} reader;

/* The readers' work: a job per register, a worker per reader. */
typedef struct readers {
    reg_job *jobs;
    reader *rds;
} readers;

/* Reads register job j with the connections of reader `worker`. */
static void read_job(void *ctx, kj_mem *mem, int worker, int j)
{
    readers *all = ctx;
    reader *rd = &all->rds[worker];
    reg_job *job = &all->jobs[j];
    reader_conn *rc = NULL;
    for (int k = 0; k < rd->n_conns && !rc; k++)
        if (rd->conns[k].store == job->store) rc = &rd->conns[k];
    if (!rc) kj_bug(mem, "no reader connection for a register's store");
    read_register(mem, job, rc);
}

/* Closes a reader's connections (opened in mem's call). */
static void reader_close(kj_mem *mem, reader *rd)
{
    for (int k = 0; k < rd->n_conns; k++) {
        reader_conn *rc = &rd->conns[k];
        rc->st.ops->commit(&rc->st); /* (a read: nothing to lose) */
        kj_backend_close(&rc->st);
        kj_mem_forget(mem, rc->on_failure);
    }
    kj_free(rd->conns);
    rd->conns = NULL;
    rd->n_conns = 0;
}

/* A reader's connections, one per open store, made on the main thread
 * while the main connection holds its read transaction (so every reader
 * sees the same rows).  0, or -1 with an error reported. */
static int reader_open(attacher *a, reader *rd)
{
    kj_case *c = a->c;
    rd->conns = kj_calloc(c->mem, (size_t)a->n_stores + 1, sizeof(reader_conn));
    for (int i = 0; i < a->n_stores; i++) {
        open_store *o = &a->stores[i];
        const kj_stmt *st = &c->stmts[o->stmt];
        reader_conn *rc = &rd->conns[rd->n_conns];
        char err[256];
        kj_backend_init(&rc->st, st->store->kind, st->store->file);
        int opened = o->st.ops->open_reader(&o->st, &rc->st, err, sizeof err);
        if (rc->st.ops) { /* (open, if not ready: closed with the others) */
            rc->on_failure = kj_mem_on_failure(c->mem, kj_backend_abandon, &rc->st);
            rc->store = o->stmt;
            rc->id = st->id;
            rc->where = st->store->file;
            rd->n_conns++;
        }
        if (opened == KJ_STORE_NOMEM) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
        if (opened == KJ_STORE_SCHEMA) {
            kj_error(c, st->span, "was it written by another version of kjeller?", "store '%s' ('%s'): %s", st->id,
                     st->store->file, err);
            return -1;
        }
        if (opened != 0) {
            kj_error(c, st->span, "is another program writing to it?", "cannot read store '%s' ('%s'): %s", st->id,
                     st->store->file, err);
            return -1;
        }
    }
    return 0;
}


/* ---- traces ------------------------------------------------------------------------ */

static uint32_t seen_hash(int trace, int64_t import, int line)
{
    uint64_t x = ((uint64_t)(uint32_t)trace * 0x9e3779b97f4a7c15u) ^ ((uint64_t)import << 32) ^ (uint32_t)line;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    return (uint32_t)x;
}

/* A point imported by its place (a `place` column) was given the place's
 * position and radius as the case then declared them.  A case that has
 * moved the place since, or widened its radius, would have its points
 * where the place no longer is (a false contradiction that a fresh import
 * would not give): refused, once per trace. */
static void place_moved(attacher *a, int ti, int64_t import, const kj_point_row *q)
{
    kj_case *c = a->c;
    const char *name = q->place;
    if (!name || a->stale_trace == ti + 1) return;
    double lat = q->lat, lon = q->lon, r = q->radius_m;
    if (kj_place_still(c, name, lat, lon, r)) return;
    const kj_place_stmt *p = kj_trace_place(c, name);
    const kj_stmt *tr = &c->stmts[ti];
    a->stale_trace = ti + 1;
    kj_error(c, tr->span, kj_arena_printf(&c->arena, "import the file again: kjeller import CASE %s FILE", tr->id),
             "trace '%s': import #%lld put its points at place '%s' as %.6f, %.6f ± %g m, but the case now %s", tr->id,
             (long long)import, name, lat, lon, r,
             !p ? "gives no position for it"
                               : kj_arena_printf(&c->arena, "puts it at %.6f, %.6f ± %g m", p->lat, p->lon, p->radius_m));
}

static int point_fact(attacher *a, int ti, open_store *o, const kj_point_row *q)
{
    kj_case *c = a->c;
    int64_t import = q->import;
    int line = q->line;
    uint32_t h = seen_hash(ti, import, line);
    for (uint32_t i = h & (a->n_slots - 1); a->n_slots && a->slots[i]; i = (i + 1) & (a->n_slots - 1)) {
        int k = a->slots[i] - 1;
        if (a->seen[k].trace == ti && a->seen[k].import == import && a->seen[k].line == line) return a->seen[k].fact;
    }
    int file = import_file(a, o, import);
    const char *path = file_name(a, file);
    place_moved(a, ti, import, q);
    kj_stmt *pl = new_row_stmt(c, ST_PLACE, ROLE_PLACE, file, line, NULL);
    const kj_stmt *tr = &c->stmts[ti]; /* (after the append: it may move the statements) */
    int pi = (int)(pl - c->stmts);
    pl->id = kj_arena_printf(&c->arena, "%s:%s:%d.position", tr->id, path, line);
    pl->parent = ti;
    pl->place->located = 1;
    pl->place->lat = q->lat;
    pl->place->lon = q->lon;
    pl->place->radius_m = q->radius_m;
    pl->place->zone.text = tr->trace->zone.text ? tr->trace->zone.text : "UTC";
    pl->label = q->place ? kj_arena_strdup(&c->arena, q->place) : NULL;
    kj_stmt *f = new_row_stmt(c, ST_FACT, ROLE_FACT, file, line, NULL);
    tr = &c->stmts[ti];
    f->id = kj_arena_printf(&c->arena, "%s:%s:%d", tr->id, path, line);
    f->parent = ti;
    f->fact->fact_kind = FACT_AT;
    f->fact->person = tr->trace->person;
    f->fact->at = (kj_ref){.name = c->stmts[pi].id, .span = f->span, .idx = pi};
    f->source = tr->source;
    f->fact->when_iv = (kj_interval){.lo = q->t_lo, .hi = q->t_hi};
    f->fact->when.text = kj_arena_strdup(&c->arena, q->time ? q->time : "");
    if (q->note && *q->note) f->fact->note = kj_arena_strdup(&c->arena, q->note);
    f->fact->when_reading = kj_arena_printf(&c->arena, "\"%s\" (%s, line %d)", f->fact->when.text, c->stmts[pi].place->zone.text, line);
    f->label = kj_arena_printf(&c->arena, "trace '%s': %.5f %.5f ± %.0f m", tr->id, c->stmts[pi].place->lat, c->stmts[pi].place->lon,
                               c->stmts[pi].place->radius_m);
    int fi = (int)(f - c->stmts);
    if (a->n_seen == a->cap_seen) {
        a->cap_seen = a->cap_seen ? 2 * a->cap_seen : 64;
        a->seen = kj_realloc(c->mem, a->seen, sizeof *a->seen * (size_t)a->cap_seen);
    }
    a->seen[a->n_seen].trace = ti;
    a->seen[a->n_seen].import = import;
    a->seen[a->n_seen].line = line;
    a->seen[a->n_seen++].fact = fi;
    if ((uint32_t)a->n_seen * 2 > a->n_slots) { /* rehash at half load */
        uint32_t n_slots = a->n_slots ? 2 * a->n_slots : 256;
        while ((uint32_t)a->n_seen * 2 > n_slots) n_slots *= 2;
        int *slots = kj_calloc(c->mem, n_slots, sizeof(int));
        kj_free(a->slots);
        a->slots = slots;
        a->n_slots = n_slots;
        for (int k = 0; k < a->n_seen; k++) {
            uint32_t i = seen_hash(a->seen[k].trace, a->seen[k].import, a->seen[k].line) & (a->n_slots - 1);
            while (a->slots[i]) i = (i + 1) & (a->n_slots - 1);
            a->slots[i] = k + 1;
        }
    } else {
        uint32_t i = h & (a->n_slots - 1);
        while (a->slots[i]) i = (i + 1) & (a->n_slots - 1);
        a->slots[i] = a->n_seen;
    }
    return fi;
}

/* The asks for a trace's points, gathered over its claims and made in
 * batches (a server answers many in one round trip): for each ask, the
 * points from `from` on become facts, ask by ask as if each were made
 * alone. */
#define POINTS_BATCH 16384

typedef struct points_asked {
    attacher *a;
    int ti;
    open_store *o;
    KJ_VEC(kj_points_ask) asks;
    KJ_VEC(int64_t) from;
} points_asked;

static void point_read(void *ctx, int ask, const kj_point_row *p)
{
    points_asked *pa = ctx;
    if (p->t_lo >= pa->from.items[ask]) point_fact(pa->a, pa->ti, pa->o, p);
}

/* Makes the asks gathered, and forgets them. */
static void points_flush(points_asked *pa)
{
    if (pa->asks.n && pa->o->st.ops->points(&pa->o->st, pa->asks.items, pa->asks.n, point_read, pa) != 0)
        store_failed(pa->a->c, pa->o);
    pa->asks.n = 0;
    pa->from.n = 0;
}

/* Asks for the points of import `im` `where` the window (lo, hi) says, at
 * most limit, those from `from` on to be made into facts. */
static void ask_points(points_asked *pa, kj_points_where where, int64_t im, int64_t lo, int64_t hi, int limit, int64_t from)
{
    kj_points_ask ask = {.where = where, .import = im, .lo = lo, .hi = hi, .limit = limit};
    kj_vec_put(pa->a->c->mem, &pa->asks, ask);
    kj_vec_put(pa->a->c->mem, &pa->from, from);
    if (pa->asks.n >= POINTS_BATCH) points_flush(pa);
}

/* The claim's stated window: the earliest and latest instants it names. */
static int claim_window(const kj_stmt *s, kj_interval *w)
{
    kj_interval ivs[3] = {s->claim->when_iv, s->claim->depart_iv, s->claim->arrive_iv};
    w->lo = KJ_INF;
    w->hi = -KJ_INF;
    for (int k = 0; k < 3; k++) {
        if (ivs[k].lo > -KJ_INF && ivs[k].lo < w->lo) w->lo = ivs[k].lo;
        if (ivs[k].hi < KJ_INF && ivs[k].hi > w->hi) w->hi = ivs[k].hi;
    }
    if (w->lo == KJ_INF || w->hi == -KJ_INF) return 0; /* no time of its own: no neighbours to pick */
    if (s->claim->dur_max < KJ_INF / 2) w->hi += s->claim->dur_max;
    return w->lo <= w->hi;
}

/* Whom a trace of `of` (a person, a device or a vehicle) may speak of: him,
 * or each person a custody of the device names (a stated one, or its
 * owner's hypothesis: resolve.c).  A list in c->mem, *n long. */
static int *trace_holders(kj_case *c, int of, int *n)
{
    int *h = kj_malloc(c->mem, sizeof(int) * 2);
    *n = 0;
    if (of < 0) return h;
    h[(*n)++] = of;
    if (c->kinds[of] != ST_DEVICE) return h;
    for (int i = 0, cap = 2; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        int p = c->kinds[i] == ST_FACT && s->fact->fact_kind == FACT_CUSTODY && s->fact->thing.idx == of ? s->fact->person.idx
                : c->kinds[i] == ST_ASSUME && s->assume->thing.idx == of ? s->assume->target.idx : -1;
        if (p < 0) continue;
        if (*n == cap) h = kj_realloc(c->mem, h, sizeof(int) * (size_t)(cap *= 2));
        h[(*n)++] = p;
    }
    return h;
}

static int holds(const int *holders, int n, int p)
{
    for (int k = 0; p >= 0 && k < n; k++)
        if (holders[k] == p) return 1;
    return 0;
}

/* Asks for the points of trace pa->ti around claim ci's window, if the
 * trace may speak of one of its people. */
static void trace_points(points_asked *pa, int ci, const import_list *imports, const int *holders, int n_holders)
{
    const kj_stmt *cl = &pa->a->c->stmts[ci];
    int in = holds(holders, n_holders, cl->claim->person.idx);
    for (int k = 0; k < cl->claim->n_others; k++) in |= holds(holders, n_holders, cl->claim->others[k].idx);
    kj_interval w;
    if (!in || !claim_window(cl, &w)) return;
    for (int k = 0; k < imports->n; k++) {
        int64_t im = imports->ids[k];
        ask_points(pa, KJ_POINTS_BEFORE, im, w.lo, 0, 1, INT64_MIN);
        ask_points(pa, KJ_POINTS_AFTER, im, w.hi, 0, 1, INT64_MIN);
        /* inside the window: the first and the last few (any subset is sound) */
        ask_points(pa, KJ_POINTS_INSIDE, im, w.lo, w.hi, POINTS_INSIDE, INT64_MIN);
        ask_points(pa, KJ_POINTS_BEFORE, im, w.hi + 1, 0, POINTS_INSIDE, w.lo);
    }
}

static int link_cmp(const void *x, const void *y)
{
    const kj_store_link *a = x, *b = y;
    if (a->reg != b->reg) return (a->reg > b->reg) - (a->reg < b->reg);
    if (a->claim != b->claim) return (a->claim > b->claim) - (a->claim < b->claim);
    return (a->thing > b->thing) - (a->thing < b->thing);
}

/* Who has thing statement i by custody statement s (a fact or an
 * assumption, the owners' hypotheses among them), or -1. */
static int custody_holder(const kj_case *c, int s, int *thing)
{
    const kj_stmt *x = &c->stmts[s];
    if (x->bad) return -1;
    if (c->kinds[s] == ST_FACT && x->fact->fact_kind == FACT_CUSTODY) {
        *thing = x->fact->thing.idx;
        return *thing >= 0 && c->kinds[*thing] == ST_DEVICE ? x->fact->person.idx : -1;
    }
    if (c->kinds[s] == ST_ASSUME && x->assume->thing.name) {
        *thing = x->assume->thing.idx;
        return *thing >= 0 && c->kinds[*thing] == ST_DEVICE ? x->assume->target.idx : -1;
    }
    return -1;
}

/* The claims as registers of things read them: one view per claim and
 * thing that one of its people (its person, those with them) may have,
 * by any custody, with the thing's attributes; malloc'd, *n of them. */
static claim_view *thing_views(kj_case *c, const claim_view *claims, int n_claims, int *n)
{
    KJ_VEC(claim_view) v = {0};
    KJ_VEC(int) holders = {0}; /* per custody: holder, thing */
    for (int s = 0; s < c->n_stmts; s++) {
        int thing = -1, p = custody_holder(c, s, &thing);
        if (p < 0) continue;
        kj_vec_put(c->mem, &holders, p);
        kj_vec_put(c->mem, &holders, thing);
    }
    for (int k = 0; k < n_claims && holders.n; k++) {
        const kj_claim_stmt *cl = c->stmts[claims[k].ci].claim;
        int first = v.n;
        for (int h = 0; h < holders.n; h += 2) {
            int p = holders.items[h], thing = holders.items[h + 1], in = cl->person.idx == p;
            for (int o = 0; o < cl->n_others; o++) in |= cl->others[o].idx == p;
            for (int m = first; in && m < v.n; m++) in = v.items[m].thing != thing;
            if (!in) continue;
            claim_view x = claims[k];
            x.thing = thing;
            x.attrs = c->stmts[thing].device->attrs;
            x.n_attrs = c->stmts[thing].device->n_attrs;
            kj_vec_put(c->mem, &v, x);
        }
    }
    kj_free(holders.items);
    *n = v.n;
    return v.items;
}

/* Whether ri is a register whose rows are in a store. */
static int reads_register(const kj_case *c, int ri)
{
    if (c->kinds[ri] != ST_REGISTER) return 0;
    const kj_stmt *r = &c->stmts[ri];
    return !r->bad && r->reg->store.idx >= 0 && r->reg->covers.text;
}

/* What the main thread does while the readers read: each register's
 * statements made once its job is done, in the order of the case (traces
 * in between), as if each register had been read in turn. */
typedef struct emitter {
    attacher *a;
    reg_job *jobs;
    const claim_view *claims; int n_claims;
    int n;                       /* the case's own statements (rows are appended) */
} emitter;

static void emit_in_case_order(kj_pool *pool, void *arg)
{
    emitter *e = arg;
    kj_case *c = e->a->c;
    for (int ri = 0, jn = 0; ri < e->n; ri++) {
        if (reads_register(c, ri)) {
            reg_job *j = &e->jobs[jn];
            kj_pool_wait(pool, jn++);
            for (int k = 0; k < j->n; k++) emit_rows(e->a, j, &j->res[k]);
            job_free(c->mem, j); /* its readers' memory, for the next registers */
        } else if (c->kinds[ri] == ST_TRACE && !c->stmts[ri].bad && c->stmts[ri].trace->store.idx >= 0) {
            import_list l = imports_of(e->a, ri);
            int n_holders, *holders = trace_holders(c, c->stmts[ri].trace->person.idx, &n_holders);
            points_asked pa = {.a = e->a, .ti = ri, .o = store_of(e->a, c->stmts[ri].trace->store.idx)};
            for (int k = 0; k < e->n_claims; k++) trace_points(&pa, e->claims[k].ci, &l, holders, n_holders);
            points_flush(&pa);
            kj_free(pa.asks.items);
            kj_free(pa.from.items);
            kj_free(holders);
        }
    }
}

void kj_records_attach(kj_case *c)
{
    attacher a = {.c = c}; /* (the rest zero: nothing read yet) */
    int any = 0;
    for (int i = 0; i < c->n_stmts; i++)
        any |= (c->kinds[i] == ST_REGISTER || c->kinds[i] == ST_TRACE) && kj_stmt_store(&c->stmts[i])->idx >= 0;
    if (!any) return;
    if (open_stores(&a)) {
        int n = c->n_stmts; /* rows are appended: loop over the case's own statements */
        claim_view *claims = kj_malloc(c->mem, sizeof(claim_view) * (size_t)(n + 1));
        int n_claims = 0;
        for (int ci = 0; ci < n; ci++)
            if (c->kinds[ci] == ST_CLAIM && !c->stmts[ci].bad) claims[n_claims++] = view_of(c, ci);
        int n_things = 0;
        claim_view *things = thing_views(c, claims, n_claims, &n_things);
        /* the registers' rows are read by readers, in parallel; their
         * statements are made here, in the order of the case (traces in
         * between), as if each register had been read in turn */
        int n_jobs = 0;
        for (int ri = 0; ri < n; ri++) n_jobs += reads_register(c, ri);
        reg_job *jobs = kj_calloc(c->mem, (size_t)n_jobs + 1, sizeof(reg_job));
        n_jobs = 0;
        long need = 0; /* at most two statements per claim a register would have recorded */
        for (int ri = 0; ri < n; ri++)
            if (reads_register(c, ri)) {
                if (c->stmts[ri].reg->of == OF_PEOPLE) job_prepare(&a, ri, claims, n_claims, &jobs[n_jobs]);
                else job_prepare(&a, ri, things, n_things, &jobs[n_jobs]);
                need += 2L * jobs[n_jobs++].n;
            }
        /* room for them at once (the statements of a big case are copied at
         * every growth); nothing prepared points into the statements */
        if (need > 1024 && c->n_stmts + need < INT_MAX / 2) kj_stmts_reserve(c, c->n_stmts + (int)need);
        kj_phase(c, "  records: prepared");
        int n_readers = c->rt.threads, ok = 1; /* no more than registers to read */
        if (n_readers > n_jobs) n_readers = n_jobs > 0 ? n_jobs : 1;
        reader *rds = kj_calloc(c->mem, (size_t)n_readers, sizeof(reader));
        for (int w = 0; w < n_readers && ok; w++) ok = reader_open(&a, &rds[w]) == 0;
        readers all = {.jobs = jobs, .rds = rds};
        emitter em = {.a = &a, .jobs = jobs, .claims = claims, .n_claims = n_claims, .n = n};
        kj_pool_work work = {
            .threads = n_readers, .n_jobs = n_jobs, .job = read_job, .ctx = &all,
            .meanwhile = emit_in_case_order, .arg = &em,
            .without_threads = KJ_POOL_ELSE_HERE, /* one reader, or no thread could start: read here */
        };
        if (ok) kj_pool_run(c->mem, &work);
        kj_stmts_trim(c); /* room was made for two statements per claim */
        kj_phase(c, "  records: read and made into statements");
        for (int w = 0; w < n_readers; w++) reader_close(c->mem, &rds[w]);
        for (int jn = 0; jn < n_jobs; jn++) job_free(c->mem, &jobs[jn]); /* (those not read) */
        kj_free(jobs);
        kj_free(rds);
        kj_free(claims);
        kj_free(things);
        if (a.links.n) qsort(a.links.items, (size_t)a.links.n, sizeof(kj_store_link), link_cmp);
        c->links = kj_arena_alloc(&c->arena, sizeof(kj_store_link) * (size_t)(a.links.n + 1));
        if (a.links.n) memcpy(c->links, a.links.items, sizeof(kj_store_link) * (size_t)a.links.n);
        c->n_links = a.links.n;
    }
    for (int i = 0; i < a.n_stores; i++) {
        open_store *o = &a.stores[i];
        o->st.ops->commit(&o->st); /* (a read: nothing to lose) */
        kj_backend_close(&o->st);
        kj_mem_forget(c->mem, o->on_failure);
    }
    kj_free(a.links.items);
    kj_free(a.files);
    kj_free(a.seen);
    kj_free(a.slots);
}

const kj_store_link *kj_store_rows(const kj_case *c, int reg, int claim, int thing)
{
    int lo = 0, hi = c->n_links - 1;
    kj_store_link want = {.reg = reg, .claim = claim, .thing = thing};
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int d = link_cmp(&c->links[mid], &want);
        if (!d) return &c->links[mid];
        if (d < 0) lo = mid + 1;
        else hi = mid - 1;
    }
    return NULL;
}
