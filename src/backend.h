/* backend — what kjeller asks of a store of imported records, whatever
 * keeps it: the embedded SQLite file (store.c) or a PostgreSQL database
 * (store_pg.c).  records.c (checks), import.c (imports) and stores.c
 * (list, verify, drop) use this interface only; each backend keeps the
 * same tables (docs/records.md §4: imports, entries, points) and answers
 * every operation with the same rows, so that a case gives the same
 * findings whichever store holds its records.
 *
 * Every operation returns 0 (or a count, or 1 where it says) on success
 * and -1 on a failure of the store, whose kind and message ops->error
 * and ops->message then give.  Texts an operation hands out are the
 * backend's, copied by whoever keeps them: those passed to a callback
 * are valid during the call, those in a struct it fills until the same
 * operation is called again.  A callback of list_imports, imports_of,
 * other_files or points may call other operations on the same backend
 * (a check's does).  One kj_backend is used by one thread at a time. */
#ifndef KJ_BACKEND_H
#define KJ_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kj.h"
#include "store.h"

/* How a store is opened: to read (a check, list, verify), to change one
 * that exists (drop), to import into (created by the first import). */
typedef enum { KJ_OPEN_READ, KJ_OPEN_CHANGE, KJ_OPEN_IMPORT } kj_open_mode;

/* The kind of the last failure. */
typedef enum {
    KJ_BACKEND_OK,
    KJ_BACKEND_NOMEM,   /* this process ran out of memory */
    KJ_BACKEND_BUSY,    /* another writer held the store longer than we wait */
    KJ_BACKEND_DENIED,  /* the store refuses this user the operation (a read-only role) */
    KJ_BACKEND_FAILED,  /* anything else: I/O, a full disk, a lost connection */
    KJ_BACKEND_SETUP    /* a server the store's rows are on is down, or not set up for
                           it (docs/scale-out.md): the user's to mend, not kjeller's */
} kj_backend_error;

typedef struct kj_backend kj_backend;

/* A text with its length (s NULL: SQL NULL). */
typedef struct kj_text {
    const char *s;
    size_t n;
} kj_text;

/* One row of the imports table (a NULL text: SQL NULL, only in a store
 * changed by hand). */
typedef struct kj_import_row {
    int64_t id;
    const char *kind, *target, *place, *file, *sha256, *imported_at, *mapping, *attr_keys, *rows_sha256;
    int64_t bytes, rows, rejected, width;
} kj_import_row;

/* What a check needs to trust an import: as recorded, and the rows held. */
typedef struct kj_import_state {
    const char *kind, *sha256, *mapping, *file; /* NULL: SQL NULL */
    int64_t rows, held;
} kj_import_state;

/* One trace point, as a check reads it. */
typedef struct kj_point_row {
    int64_t t_lo, t_hi, import;
    int line;
    const char *time, *place;
    double lat, lon, radius_m;
    const char *note;       /* its note column, as imported, or NULL */
} kj_point_row;

/* Which trace points a check reads around a claim's window. */
typedef enum {
    KJ_POINTS_BEFORE, /* t_lo < lo, the latest first */
    KJ_POINTS_AFTER,  /* t_lo > lo, the earliest first */
    KJ_POINTS_INSIDE  /* lo <= t_lo <= hi, the earliest first */
} kj_points_where;

/* One question for trace points: those of `import` `where` the window
 * (lo, hi: KJ_POINTS_INSIDE's end) says, at most limit of them. */
typedef struct kj_points_ask {
    kj_points_where where;
    int64_t import, lo, hi;
    int limit;
} kj_points_ask;

/* One register row, as a check reads it (id: its place in the store,
 * which orders the rows as they were imported). */
typedef struct kj_entry_row {
    int64_t id, t_lo, t_hi;
    int line;
    const char *event, *subject, *attrs;
} kj_entry_row;

/* A claim's window for one import: rows with lo - width <= t_lo <= hi,
 * at most `limit` of them wanted (the caller stops at one more). */
typedef struct kj_window {
    int64_t lo, hi;
    long limit;
} kj_window;

/* The hull of the rows of one window: their earliest start, latest end,
 * number and first and last lines (n 0: none). */
typedef struct kj_entry_hull {
    int64_t lo, hi, n;
    int line, last_line;
} kj_entry_hull;

/* One row to import: a register's (event, subject, attrs) or a trace's
 * (lat, lon, radius_m, place), with what both have. */
typedef struct kj_row_in {
    int64_t line, t_lo, t_hi;
    kj_text time, note;
    kj_text event, subject, attrs;     /* a register's */
    double lat, lon, radius_m;         /* a trace's */
    kj_text place;
} kj_row_in;

/* The import with the same content of a target, if any (id 0: none). */
typedef struct kj_earlier {
    int64_t id, rows;
    const char *mapping;
} kj_earlier;

typedef struct kj_backend_ops {
    const char *name; /* "SQLite", "PostgreSQL" */

    /* Opens the store: 0, or a KJ_STORE_* code (store.h) with the reason
     * in err.  To import, a store that does not exist yet is created
     * (removed again if the import does not commit: discard_new).
     * wait_ms: how long a writer waits for another (0: the default). */
    int (*open)(kj_backend *b, kj_open_mode mode, int wait_ms, char *err, size_t n);
    void (*close)(kj_backend *b);
    /* Ends what a failed call left open (statements, the transaction);
     * the store stays open. */
    void (*abandon)(kj_backend *b);
    /* Opens reader (kj_backend_init'ed) on the same store, seeing what
     * b's check transaction sees: readers read a register's rows on
     * threads.  0, or a KJ_STORE_* code with the reason in err
     * (KJ_STORE_SCHEMA: its tables are not this kjeller's). */
    int (*open_reader)(kj_backend *b, kj_backend *reader, char *err, size_t n);

    /* Transactions: a read (one state of the store for every query); a
     * check's read, its queries made ready (-1: the tables are not this
     * kjeller's); a write (drop: waits for an import to end); their end. */
    int (*begin_read)(kj_backend *b);
    int (*begin_check)(kj_backend *b);
    int (*begin_write)(kj_backend *b, int wait_ms);
    int (*commit)(kj_backend *b);
    void (*rollback)(kj_backend *b);

    /* The imports table: every import by id (only_id 0), or one; fn
     * returns nonzero to stop.  The number read, or -1. */
    int (*list_imports)(kj_backend *b, int64_t only_id, int (*fn)(void *ctx, const kj_import_row *row), void *ctx);
    /* Whether the store has its tables yet (1 or 0). */
    int (*has_tables)(kj_backend *b);
    /* The imports with rows of target (at place; NULL: any), by id. */
    int (*imports_of)(kj_backend *b, const char *target, const char *place,
                      void (*fn)(void *ctx, int64_t id, int64_t width, const char *attr_keys), void *ctx);
    /* Import id as recorded, with the rows of `trace`'s kind held: 1, 0 when there is no such import, -1. */
    int (*import_state)(kj_backend *b, int64_t id, int trace, kj_import_state *out);
    /* The file of every import but id. */
    int (*other_files)(kj_backend *b, int64_t id, void (*fn)(void *ctx, const char *file), void *ctx);
    /* How many imports of target hold rows. */
    int (*imports_with_rows)(kj_backend *b, const char *target);
    /* Removes import id and its rows (in the caller's write transaction);
     * why ("dropped", "replaced") goes to an audit trail, if kept. */
    int (*delete_import)(kj_backend *b, int64_t id, const char *why);
    /* The digest of import id as held (store.h): 0, 1 when there is no such import, -1. */
    int (*rows_digest)(kj_backend *b, int64_t id, char out[65], int64_t *rows);

    /* The trace points each of n asks wants, each to fn with the ask's
     * index: ask by ask in order, an ask's points ordered by t_lo, line
     * and import order (the latest first for KJ_POINTS_BEFORE), as if
     * the asks were made one by one (a server answers many at once). */
    int (*points)(kj_backend *b, const kj_points_ask *asks, int n,
                  void (*fn)(void *ctx, int ask, const kj_point_row *p), void *ctx);
    /* The ids of the rows of import in each window (width: its widest
     * row), window by window in order; fn returns nonzero to read no
     * more of that window. */
    int (*entry_ids)(kj_backend *b, int64_t import, int64_t width, const kj_window *w, int n,
                     int (*fn)(void *ctx, int w, int64_t id), void *ctx);
    /* The rows with ids *(ids + i * stride) for i < n (ascending, perhaps
     * repeated), each to fn with its i.  -2: a row is missing. */
    int (*entries_by_id)(kj_backend *b, const int64_t *ids, size_t stride, long n,
                         void (*fn)(void *ctx, long i, const kj_entry_row *row), void *ctx);
    int (*entry_hull)(kj_backend *b, int64_t import, int64_t width, int64_t lo, int64_t hi, kj_entry_hull *out);

    /* Importing.  Before the import: has a file of this size been
     * imported into target (1 or 0); the import of this content (its
     * SHA-256) into target; the places of import's points by name. */
    int (*same_size)(kj_backend *b, const char *target, int64_t bytes);
    int (*find_earlier)(kj_backend *b, const char *target, const char *sha256, kj_earlier *out);
    int (*placed_points)(kj_backend *b, int64_t import,
                         int (*fn)(void *ctx, const char *place, double lat, double lon, double radius_m), void *ctx);
    /* The import's transaction: begun (rows of a trace, or of a
     * register), its rows staged one by one, then sealed (the rows
     * checked and the store locked against other imports: *id is the
     * import's number), recorded (row.id is *id) and committed. */
    int (*import_begin)(kj_backend *b, int trace, int wait_ms);
    int (*import_put)(kj_backend *b, const kj_row_in *row);
    int (*import_seal)(kj_backend *b, int64_t *id);
    int (*import_record)(kj_backend *b, const kj_import_row *row);
    /* A store the import created and left empty is removed again. */
    void (*discard_new)(kj_backend *b);

    kj_backend_error (*error)(const kj_backend *b);
    const char *(*message)(const kj_backend *b);
} kj_backend_ops;

struct kj_backend {
    const kj_backend_ops *ops; /* NULL until opened */
    kj_store_kind kind;
    const char *where;         /* the file's path, or the connection string */
    kj_sqlite sqlite;          /* SQLite's state (store.h) */
    struct kj_pg *pg;          /* PostgreSQL's (store_pg.c: made by its open, freed by its close) */
};

extern const kj_backend_ops kj_sqlite_ops;
extern const kj_backend_ops kj_pg_ops;

/* Prepares b for a store of this kind at `where` (nothing opened). */
static inline void kj_backend_init(kj_backend *b, kj_store_kind kind, const char *where)
{
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->where = where;
}

/* Opens b (from kj_backend_init) as its kind's ops->open does. */
static inline int kj_backend_open(kj_backend *b, kj_open_mode mode, int wait_ms, char *err, size_t n)
{
    const kj_backend_ops *ops = b->kind == KJ_STORE_POSTGRESQL ? &kj_pg_ops : &kj_sqlite_ops;
    return ops->open(b, mode, wait_ms, err, n);
}

/* Closes b if it is open (twice is harmless). */
static inline void kj_backend_close(kj_backend *b)
{
    if (b->ops) b->ops->close(b);
    b->ops = NULL;
}

/* Ends what a failed call left open and closes the store: a failed
 * call's cleanup (arg: the kj_backend). */
static inline void kj_backend_abandon(void *arg)
{
    kj_backend *b = arg;
    if (b->ops) b->ops->abandon(b);
    kj_backend_close(b);
}

/* The file b is, or NULL when it is none (a server's database). */
static inline const char *kj_backend_file(const kj_backend *b)
{
    return b->kind == KJ_STORE_SQLITE ? b->where : NULL;
}

#endif
