/* kjeller — testimony verification engine: public API.
 *
 * A case file is loaded into a kj_case (one arena per case), checked into a
 * kj_report, and rendered as text or JSON.  The library has no globals and is
 * reentrant: distinct cases may be used from distinct threads.  Diagnostics
 * (bad input) are delivered through a callback, never printed by the library.
 *
 * Numbers are read and written with a decimal point whatever locale the
 * program has set: each call runs in the C locale (uselocale, for the
 * calling thread only) and restores the caller's before it returns.  The
 * callbacks (diagnostics, phases) are called in the C locale too.
 */
#ifndef KJELLER_H
#define KJELLER_H

#include <stdint.h>
#include <stdio.h>

#define KJ_VERSION "0.1.0"

/* Exit statuses of the CLI (design.md §1). */
enum {
    KJ_EXIT_CONSISTENT = 0,
    KJ_EXIT_CONTRADICTION = 1,
    KJ_EXIT_BAD_INPUT = 2,
    KJ_EXIT_INTERNAL = 3,
    KJ_EXIT_UNDECIDED = 4
};

typedef struct kj_case kj_case;
typedef struct kj_report kj_report;

/* An error makes the input bad (exit status 2); a warning says that the
 * input disagrees with itself in a way that is read without a guess (an
 * offset written with a time that the place's zone never has then), and
 * changes nothing else. */
typedef enum { KJ_DIAG_ERROR = 0, KJ_DIAG_WARNING = 1 } kj_severity;

/* One diagnostic about the input: file:line:col, the message, an optional
 * hint, and the offending source line (for the caret).  Strings are owned by
 * the library and valid only during the callback. */
typedef struct kj_diag {
    const char *file;      /* path as the user gave it */
    int line;              /* 1-based; 0 when the diagnostic has no line */
    int col;               /* 1-based column (bytes) */
    int len;               /* length of the offending token, >= 1 */
    const char *message;   /* lower-case, no full stop */
    const char *hint;      /* NULL or e.g. "did you mean 'kjeller'?" */
    const char *line_text; /* the source line without newline, or NULL */
    kj_severity severity;  /* KJ_DIAG_ERROR unless said */
} kj_diag;

typedef void (*kj_diag_fn)(void *ctx, const kj_diag *d);

/* How the library runs: the threads it may use, the sizes it cuts work
 * into, and whom it tells what it is doing.  Zero (or a NULL pointer where
 * one is taken) means the default for every field.  A case keeps the
 * runtime it was loaded with; checking it runs the same way. */
typedef void (*kj_phase_fn)(void *ctx, const char *phase, const char *detail);
typedef struct kj_runtime {
    int threads;          /* most threads a parallel step uses (at most 64);
                             0: the processors online, at most 8 */
    int piece_points;     /* a big case's network is built a piece at a time,
                             of about this many claims and facts; 0: 8192 */
    int apsp_max_points;  /* the search uses a distance matrix for networks of
                             at most this many points; 0: 256; -1: never */
    kj_phase_fn on_phase; /* called in the calling thread when a phase ends
                             (detail NULL), or with a phase's figures (detail:
                             "N points, N edges, ..."); NULL: nobody is told */
    void *phase_ctx;
    long fail_alloc_after; /* for tests, as SQLite's fault injection: the Nth
                              allocation of a call fails as if memory ran out
                              (0: none) */
} kj_runtime;

/* Why a call failed inside the library, not for its input: memory ran out
 * ("out of memory"), or an invariant broke ("src/solve.c:120: ...": a bug
 * in kjeller).  The library never exits: such a failure is a value, and
 * the call leaves nothing allocated behind. */
typedef struct kj_failure {
    int failed;
    char why[256];
} kj_failure;

/* Loads the files as one case (each later one as if included), running as
 * rt says (NULL: the defaults).  Returns NULL when the input has errors;
 * every error is passed to diag_fn first, and *n_errors is set to their
 * number.  Returns NULL too when the load failed inside the library: then
 * *failure says why and *n_errors is 1, an error diag_fn is not told of
 * (failure NULL: diag_fn is told "internal error: ...", as by the other
 * load functions).  The caller owns the returned case (kj_case_free). */
kj_case *kj_case_open(const char *const *paths, int n, const kj_runtime *rt, kj_diag_fn diag_fn, void *diag_ctx,
                      int *n_errors, kj_failure *failure);

/* One file of a case: by its path, or (path NULL) its bytes read by the
 * caller, such as standard input: data[0..size), called `name` in
 * messages, its includes read relative to the current directory. */
typedef struct kj_input {
    const char *path;
    const char *name;
    const char *data;
    size_t size;
} kj_input;

/* kj_case_open of inputs, each a file or bytes already read (the same
 * limits: a file of at most 64 MiB, docs/limits.md). */
kj_case *kj_case_open_inputs(const kj_input *inputs, int n, const kj_runtime *rt, kj_diag_fn diag_fn, void *diag_ctx,
                             int *n_errors, kj_failure *failure);

/* kjeller lsp: serves the Language Server Protocol (3.17; docs/editors.md)
 * to an editor, reading its messages from descriptor in and writing to
 * out, until it says exit or in ends.  Diagnostics, hover, definition,
 * references, completion, document symbols and quick fixes; documents in
 * whole-text sync.  Protocol trouble is told to log (NULL: nobody), one
 * line each, and never ends the session.  Returns 0 after shutdown and
 * exit, 1 when exit came without shutdown or the input ended (as the
 * protocol asks), 3 if the server could not start. */
int kj_lsp_serve(int in, int out, const kj_runtime *rt, FILE *log);

/* kj_case_open of files some of which are being edited (an editor's
 * unsaved buffers: kjeller lsp): each of edited[0..n_edited) has a path
 * and bytes (data, size), and a file of the case, given or included, that
 * is the same file as its path (by device and inode, through any links)
 * is read as those bytes; a path given that is not on disk yet is read as
 * the bytes of an edited file of that very path.  The bytes are read
 * during the call only. */
kj_case *kj_case_open_edited(const char *const *paths, int n, const kj_input *edited, int n_edited,
                             const kj_runtime *rt, kj_diag_fn diag_fn, void *diag_ctx, int *n_errors,
                             kj_failure *failure);

/* Loads and resolves a case file (and its includes).  Returns NULL when the
 * input has errors; every error is passed to diag_fn first.  *n_errors is set
 * to the number of errors.  The caller owns the returned case
 * (kj_case_free). */
kj_case *kj_case_load(const char *path, kj_diag_fn diag_fn, void *diag_ctx, int *n_errors);

/* Loads several files as one case, with the default runtime. */
kj_case *kj_case_load_many(const char *const *paths, int n, kj_diag_fn diag_fn, void *diag_ctx, int *n_errors);

/* Same, from a memory buffer named `name` (includes are resolved relative to
 * the current directory).  Used by tests and fuzzers. */
/* Writes untrusted text (a file name, a header, a command-line argument)
 * to out so that it cannot forge a line or send the terminal an escape:
 * control characters, C1 and bidi controls and bytes that are not UTF-8
 * are written as \n, \x1b, \u202e, \xff.  Newlines are escaped too. */
void kj_print_text(FILE *out, const char *s);

/* The file of the case (the one given or one it includes, or a SQLite
 * store it declares, or that store's -wal, -shm or -journal file, made or
 * not yet) that
 * `path` names, by device and inode through any links, as shown in
 * diagnostics (escaped); NULL if none.  For a command that writes: no
 * output may be one of its inputs. */
const char *kj_case_file_named(const kj_case *c, const char *path);

/* What a load of the case read, for a command that watches it (kjeller
 * check --watch): its files, given and included (imported CSV files that
 * its citations read too), then the files of its SQLite stores (whose
 * -wal files, the same path with "-wal", SQLite reads with them), as
 * paths from the current directory, raw (not escaped).  Paths k from 0 to
 * kj_case_input_count - 1; NULL past the end. */
int kj_case_input_count(const kj_case *c);
const char *kj_case_input_path(const kj_case *c, int k);

kj_case *kj_case_load_buffer(const char *name, const char *data, size_t size,
                             kj_diag_fn diag_fn, void *diag_ctx, int *n_errors);

void kj_case_free(kj_case *c);

/* How many claims the case has (0: nothing to check, which the command
 * line says on stderr). */
int kj_case_claim_count(const kj_case *c);

typedef struct kj_check_opts {
    long max_branches; /* search budget for disjunctions; 0 = default */
    int whole_network; /* keep the pruned network of the whole case, however big
                          (the HTML chart draws every claim's times from it);
                          0: a big case's is built a piece at a time */
    long fail_alloc_after; /* for tests, as kj_runtime's: the Nth allocation of
                              the check fails, in whichever of its threads
                              (0: none) */
} kj_check_opts;

/* Checks a loaded case (opts NULL: the defaults), running as the case's
 * runtime says.  The caller owns the report (kj_report_free).  Returns
 * NULL when the check failed inside the library (memory ran out, or an
 * invariant broke): then *failure says why (failure may be NULL), the
 * call has left nothing allocated, and the case is as it was: it may be
 * checked again. */
kj_report *kj_check(kj_case *c, const kj_check_opts *opts, kj_failure *failure);

/* KJ_EXIT_CONSISTENT, KJ_EXIT_CONTRADICTION or KJ_EXIT_UNDECIDED. */
int kj_report_status(const kj_report *r);
int kj_report_conflict_count(const kj_report *r);
void kj_report_free(kj_report *r);

/* Render a report; both return 0 on success, -1 on an I/O error. */
int kj_render_text(const kj_case *c, const kj_report *r, FILE *out);
int kj_render_json(const kj_case *c, const kj_report *r, FILE *out);

/* How kj_render_text_with writes the text; zero (or opts NULL) is
 * kj_render_text's.  KJ_TEXT_BRIEF: one line per contradiction,
 * "FILE:LINE:COL: KIND: SUMMARY (margin M)", the summary the full text's
 * first line has, and nothing else (no findings, verdicts or questions). */
typedef enum { KJ_TEXT_FULL = 0, KJ_TEXT_BRIEF = 1 } kj_text_layout;
/* KJ_COLOR_ANSI: the text coloured for a terminal (ANSI escapes, as gcc
 * and git colour theirs: "contradiction" bold red, "finding" bold
 * yellow, FILE:LINE:COL bold).  The library reads no environment: whether
 * out is a terminal, or NO_COLOR is set, is the caller's to say. */
typedef enum { KJ_COLOR_NONE = 0, KJ_COLOR_ANSI = 1 } kj_color;
typedef struct kj_text_opts {
    kj_text_layout layout;
    kj_color color;
} kj_text_opts;
int kj_render_text_with(const kj_case *c, const kj_report *r, const kj_text_opts *opts, FILE *out);

/* One self-contained HTML page (docs/report.md): a space-time chart, a map
 * and the findings, with no network request.  Returns 0 or -1. */
int kj_render_html(const kj_case *c, const kj_report *r, FILE *out);

/* The cross-examination questions of a checked case, most decisive first
 * (rules: data/questions.kjd).  Return 0 or -1 on an I/O error. */
int kj_render_questions_text(const kj_case *c, const kj_report *r, FILE *out);
int kj_render_questions_json(const kj_case *c, const kj_report *r, FILE *out);

/* Writes the compiled case as SMT-LIB2 (QF_IDL): one named assertion per
 * statement, (check-sat) and (get-unsat-core).  Returns 0 or -1. */
int kj_render_smt2(const kj_case *c, FILE *out);

/* kjeller import: reads a CSV export into the store of a register (declared
 * with `store STORE`) or a trace, or a GPX track or GeoJSON points into a
 * trace, in one transaction (docs/records.md). */
typedef struct kj_import_opts {
    const char *const *maps; int n_maps; /* "COLUMN=FIELD" */
    long max_errors;       /* bad rows the import tolerates: with more, nothing
                              is imported (KJ_EXIT_BAD_INPUT, res.refused); 0: none */
    int strict;            /* the same as max_errors 0 (--strict) */
    const char *rejects;   /* where bad rows go (NULL: FILE.rejects.csv) */
    int progress;          /* rows, rows/s, percent and ETA on stderr */
    const char *date_order;/* "dmy" or "mdy": numeric dates day or month first
                              (NULL: the case's option date-order) */
    char delimiter;        /* a CSV's separator: ',' ';' '\t' '|' (0: read from its header) */
    const char *input_format; /* "csv", "gpx" or "geojson" (NULL: from the file's content) */
    const kj_runtime *rt;  /* how the case is loaded (NULL: the defaults) */
} kj_import_opts;

typedef struct kj_import_result {
    long rows, rejected;   /* good rows (imported if the import was), bad rows */
    int refused;           /* more bad rows than max_errors: nothing imported
                              (KJ_EXIT_BAD_INPUT; the last diagnostic says so) */
    int empty;             /* no good row: nothing imported, nothing recorded,
                              a warning (KJ_EXIT_CONSISTENT) */
    long long import_id;   /* the import (or, for a duplicate, the earlier one) */
    int duplicate;         /* the file was imported before with the same mapping: nothing done */
    long long replaced;    /* an import of the same file with another mapping, replaced by this one (0: none) */
    char *replaced_mapping;/* its mapping (caller frees), or NULL */
    char sha256[65];
    char *rejects;         /* the rejects file written, or NULL (caller frees) */
} kj_import_result;

/* Returns KJ_EXIT_CONSISTENT (imported, already imported, or nothing to
 * import: res.empty), or KJ_EXIT_BAD_INPUT / KJ_EXIT_INTERNAL with the
 * store unchanged.  Bad rows are written to the rejects file when the
 * import is made, refused for them (res.refused) or empty for them. */
int kj_import(const char *const *case_paths, int n_paths, const char *target, const char *csv,
              const kj_import_opts *opts, kj_diag_fn diag_fn, void *diag_ctx, kj_import_result *res);

/* kjeller store: what the stores a case names hold, whether their rows
 * are still those imported, and removing one import (docs/records.md §4). */
typedef struct kj_store_import {
    long long id;              /* the import's number in its store */
    const char *kind;          /* "register" or "trace" */
    const char *target;        /* the register's or trace's id */
    const char *place;         /* a register's place id, or NULL */
    const char *file;          /* the CSV's path as given to import */
    long long bytes;           /* the file's size */
    const char *sha256;        /* of the file's bytes, 64 hex digits */
    long long rows, rejected;  /* rows imported, bad rows left out */
    const char *imported_at;   /* UTC, ISO 8601: 2026-12-05T13:30:00Z */
    const char *mapping;       /* column=field, ... */
    /* read with verify: */
    int changed;               /* the rows held are not the rows imported */
    long long rows_held;       /* rows the store holds for it now */
    const char *rows_sha256;   /* the digest of the rows recorded at import */
    const char *rows_sha256_held; /* the digest of the rows held now */
} kj_store_import;

typedef struct kj_store_contents {
    const char *id;            /* the store's id in the case */
    const char *file;          /* its path (relative to the case file's directory resolved) */
    int missing;               /* no such file (or an empty one): nothing imported */
    kj_store_import *imports;  /* by id */
    int n_imports;
} kj_store_contents;

typedef struct kj_stores {
    kj_store_contents *stores; /* in the order of the case */
    int n_stores;
    int verified;              /* the rows were read and their digests compared */
    int n_changed;             /* imports whose rows changed (verified) */
} kj_stores;

/* Reads the imports of every store the case names (verify: and each
 * import's rows, against the digest recorded when it was made) into *out,
 * which the caller frees with kj_stores_free.  Returns KJ_EXIT_CONSISTENT,
 * or KJ_EXIT_BAD_INPUT (a case or store that cannot be read, said through
 * diag_fn) or KJ_EXIT_INTERNAL with *out NULL.  A store file that does not
 * exist holds nothing; one of another version is refused. */
int kj_stores_read(const char *const *case_paths, int n_paths, const kj_runtime *rt, int verify, kj_diag_fn diag_fn,
                   void *diag_ctx, kj_stores **out);
void kj_stores_free(kj_stores *s);

/* What kj_stores_read read, as text (a table per store, or with verify a
 * line per import: ok or changed) or as JSON (docs/json.md).  0, or -1 on
 * an I/O error. */
int kj_render_stores_text(const kj_stores *s, FILE *out);
int kj_render_stores_json(const kj_stores *s, FILE *out);

/* Removes import `import` of store `store` (NULL: the case's only store)
 * and its rows, in one transaction.  *dropped (NULL: not wanted) gets what
 * it was, to free with kj_stores_free.  Returns KJ_EXIT_CONSISTENT, or
 * KJ_EXIT_BAD_INPUT (no such store or import: the diagnostic lists those
 * there are) or KJ_EXIT_INTERNAL (a failure of the store: nothing
 * removed). */
int kj_store_drop(const char *const *case_paths, int n_paths, const kj_runtime *rt, const char *store, long long import,
                  kj_diag_fn diag_fn, void *diag_ctx, kj_stores **dropped);

/* kjeller fmt (docs/fmt.md): the bytes of one case file (`name` in
 * diagnostics) in the canonical layout, with the same statements, tokens
 * and comments.  The file is parsed first, its includes not followed; a
 * file that does not parse is KJ_EXIT_BAD_INPUT, its errors passed to
 * diag_fn and counted in *n_errors.  KJ_EXIT_CONSISTENT: *out holds the
 * layout (NUL-terminated, *out_size bytes; the caller frees it with
 * free()).  KJ_EXIT_INTERNAL: *failure says why (out of memory, or a bug:
 * a layout that would read otherwise than the input is never returned).
 * rt: only its fail_alloc_after is read (NULL: none). */
int kj_fmt(const char *name, const char *data, size_t size, const kj_runtime *rt, kj_diag_fn diag_fn, void *diag_ctx,
           int *n_errors, char **out, size_t *out_size, kj_failure *failure);

/* Default diagnostic printer: "file:line:col: error: msg" (or "warning:"), the line, a caret
 * and the hint, to the FILE* passed as ctx. */
void kj_diag_print(void *file_ctx, const kj_diag *d);
/* The same coloured for a terminal, as kj_text_opts's KJ_COLOR_ANSI
 * ("error" bold red, "warning" bold yellow, the caret bold green). */
void kj_diag_print_color(void *file_ctx, const kj_diag *d);

#endif
