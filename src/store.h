/* store — the embedded SQLite file that holds imported records: register
 * entries and trace points, one row per CSV row, with the import they came
 * from (file, content hash) so that proofs cite file:line and a file is
 * never imported twice.  Schema: docs/records.md. */
#ifndef KJ_STORE_H
#define KJ_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#define KJ_STORE_VERSION 1

typedef struct kj_store {
    sqlite3 *db;
    const char *path;
} kj_store;

/* Opens (read-only) or opens/creates (writable) the store at path.  On
 * failure returns -1 and writes the reason into err.  A store with a hot
 * journal (an import was killed after pages reached the file) is rolled
 * back first, also by a reader, which opens it read-write for that; -2
 * when that cannot be done here (no write permission). */
int kj_store_open(kj_store *s, const char *path, int writable, char *err, size_t n);
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

#define KJ_ATTR_SEP '\x1f'

#endif
