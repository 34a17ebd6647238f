/* store — the embedded SQLite file that holds imported records: register
 * entries and trace points, one row per CSV row, with the import they came
 * from (file, content hash) so that proofs cite file:line and a file is
 * never imported twice.  Schema: docs/records.md.  Its operations, as
 * records.c, import.c and stores.c use them, are kj_sqlite_ops
 * (backend.h); the digest of an import's rows (below) is every store's. */
#ifndef KJ_STORE_H
#define KJ_STORE_H

#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdint.h>

/* 2: imports.imported_at and imports.rows_sha256 (docs/records.md §4) */
#define KJ_STORE_VERSION 2

typedef struct kj_store {
    sqlite3 *db;
    const char *path;
} kj_store;

/* What kj_store_open returns when it fails (the reason is in err). */
enum {
    KJ_STORE_UNREADABLE = -1, /* no such file, not a store, an I/O error */
    KJ_STORE_HOT_JOURNAL = -2,/* a journal that cannot be rolled back here */
    KJ_STORE_OLDER = -3,      /* a store of an older version */
    KJ_STORE_NEWER = -4,      /* a store of a newer version */
    KJ_STORE_EMPTY = -5,      /* an empty file, opened read-only: nothing imported */
    /* (and, from kj_backend_open) */
    KJ_STORE_MISSING = -6,    /* no such file: nothing imported */
    KJ_STORE_NOT_A_FILE = -7, /* a directory, a device, a path that cannot be read */
    KJ_STORE_NOMEM = -8,      /* memory ran out */
    KJ_STORE_SCHEMA = -9,     /* its tables are not those this kjeller reads */
    KJ_STORE_UNREACHABLE = -10,/* a server that cannot be reached, or that refused the login */
    KJ_STORE_DENIED = -11,    /* a server's store this role may not read */
    KJ_STORE_SHARDS = -12     /* a store on several servers, one of which failed or is not its */
};

/* Opens (read-only) or opens/creates (writable) the store at path.  On
 * failure returns one of the codes above and writes the reason into err.
 * A store with a hot journal (an import was killed after pages reached the
 * file) is rolled back first, also by a reader, which opens it read-write
 * for that; KJ_STORE_HOT_JOURNAL when that cannot be done here (no write
 * permission).  A store of another version is never read: its tables
 * would be misread. */
int kj_store_open(kj_store *s, const char *path, int writable, char *err, size_t n);

/* What to do about a store that kj_store_open refused with code rc, or
 * NULL when there is no better hint than the caller's. */
const char *kj_store_open_hint(int rc);
void kj_store_close(kj_store *s);

/* Ends what a call that failed left open on the connection: finalizes
 * every statement still prepared on it and rolls back its transaction, so
 * that the store is as it was and kj_store_close can close it. */
void kj_store_roll_back(kj_store *s);

/* Creates the schema if absent (inside the caller's transaction). */
int kj_store_schema(kj_store *s);

/* Creates the lookup indexes if absent (after a first import's rows). */
int kj_store_indexes(kj_store *s);

/* Number of imports for target (0: nothing imported). */
int kj_store_count_imports(kj_store *s, const char *target);

/* One fetched register row. */
typedef struct kj_store_entry {
    int64_t t_lo, t_hi;
    int line;
    const char *file;      /* the import's CSV path */
    const char *time;      /* the time as written */
    const char *subject, *note, *attrs; /* attrs: "k=v" joined by \x1f, or NULL */
} kj_store_entry;

/* One fetched trace point. */
typedef struct kj_store_point {
    int64_t t_lo, t_hi;
    int line;
    const char *file, *time, *place, *note;
    double lat, lon, radius_m;
} kj_store_point;

/* The SQLite backend's state (backend.h): the connection and the
 * statements kept ready on it. */
typedef struct kj_sqlite {
    kj_store st;
    int created;                 /* an import created the file (discard_new removes it) */
    char *journal;               /* its rollback journal's path (named at open: a cleanup may not allocate) */
    sqlite3_stmt *before, *after, *inside, *imports; /* a check's */
    sqlite3_stmt *ids, *row, *hull;                  /* a check's readers' */
    sqlite3_stmt *state[2];      /* import_state's, of entries and of points */
    sqlite3_stmt *earlier;       /* find_earlier's */
    sqlite3_stmt *insert;        /* an import's */
    int64_t import_id;           /* the import's number, once begun */
    int trace;                   /* the import is of a trace's points */
    char failure[256];           /* the last failure's message when it is not SQLite's ("": it is) */
} kj_sqlite;

#define KJ_ATTR_SEP '\x1f'

/* The digest of an import's rows (imports.rows_sha256): the SHA-256 of
 * how they are read (kj_rows_reading) and of the SHA-256 of the SHA-256s
 * of its rows in line order, each row its columns line,
 * t_lo, t_hi, time, then event, subject, attrs, note (entries) or lat,
 * lon, radius_m, place, note (points), each as a check reads it -- NULL 'n'; an integer 'i' and 8 bytes big-endian; a real 'r' and
 * the 8 bytes of its IEEE 754 value big-endian (-0 as 0); a text 't', its
 * length in 8 bytes big-endian and its bytes.  The import feeds it the
 * values it binds, a verify the values it reads back: the same digest
 * unless the rows were changed. */
typedef struct kj_rows_digest {
    struct sha256_ctx rows, row;
} kj_rows_digest;

void kj_rows_digest_init(kj_rows_digest *d);
void kj_rows_digest_row(kj_rows_digest *d);                       /* a row begins */
void kj_rows_digest_int(kj_rows_digest *d, int64_t v);
void kj_rows_digest_real(kj_rows_digest *d, double v);
void kj_rows_digest_text(kj_rows_digest *d, const char *s, size_t n); /* s NULL: NULL */
void kj_rows_digest_stored(kj_rows_digest *d);                    /* the row is one of the import's */

/* The fields of an import that say how its rows are read: a check that
 * read them otherwise (a narrower width, other attribute keys) would read
 * other records from the same rows. */
typedef struct kj_rows_reading {
    const char *kind, *target, *place, *attr_keys; /* place NULL: a trace's */
    int64_t width;
} kj_rows_reading;

/* The digest in hex: the SHA-256 of the reading's fields (kind, target,
 * place, width, attr_keys, encoded as the rows' columns) and of the rows'
 * digest (32 bytes). */
void kj_rows_digest_hex(kj_rows_digest *d, const kj_rows_reading *how, char out[65]);

/* The digest of import id as the store holds it -- its reading as
 * recorded, its rows (trace: points, else entries) read back in line
 * order -- and the number of rows.  0; 1 when there is no such import;
 * -1 on a store error (SQLite's message on the connection). */
int kj_store_rows_digest(kj_store *s, int64_t import, char out[65], int64_t *rows);

#endif
