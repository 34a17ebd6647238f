/* store — opening the SQLite file and its schema (docs/records.md). */
#include <stdio.h>
#include <string.h>

#include "store.h"

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS imports("
    "  id INTEGER PRIMARY KEY,"
    "  target TEXT NOT NULL,"                       /* register or trace id */
    "  kind TEXT NOT NULL CHECK (kind IN ('register', 'trace')),"
    "  place TEXT,"                                 /* a register's place id */
    "  file TEXT NOT NULL,"                         /* the CSV path as given */
    "  sha256 TEXT NOT NULL,"                       /* of the file's bytes */
    "  bytes INTEGER NOT NULL,"
    "  rows INTEGER NOT NULL,"                      /* rows imported */
    "  rejected INTEGER NOT NULL,"                  /* bad rows left out */
    "  width INTEGER NOT NULL,"                     /* the longest row interval, seconds */
    "  mapping TEXT NOT NULL,"                      /* column=field, ... */
    "  attr_keys TEXT NOT NULL,"                    /* attribute keys joined by U+001F */
    "  UNIQUE (target, sha256));"
    "CREATE TABLE IF NOT EXISTS entries("
    "  import INTEGER NOT NULL REFERENCES imports(id)," /* hence register and place */
    "  t_lo INTEGER NOT NULL, t_hi INTEGER NOT NULL," /* wide reading, UTC seconds */
    "  line INTEGER NOT NULL,"                      /* CSV line where the row begins */
    "  time TEXT NOT NULL,"                         /* as written */
    "  event TEXT, subject TEXT, note TEXT,"
    "  attrs TEXT);"                                /* values of imports.attr_keys, joined by U+001F */
    "CREATE TABLE IF NOT EXISTS points("
    "  import INTEGER NOT NULL REFERENCES imports(id)," /* hence the trace */
    "  t_lo INTEGER NOT NULL, t_hi INTEGER NOT NULL,"
    "  line INTEGER NOT NULL,"
    "  time TEXT NOT NULL,"
    "  lat REAL NOT NULL, lon REAL NOT NULL, radius_m REAL NOT NULL,"
    "  place TEXT, note TEXT);";

/* Indexes are built after the rows of a first import (one sort is faster
 * than keeping them up to date row by row) and kept up to date afterwards.
 * An import belongs to one register at one place (or one trace), so
 * (import, t_lo) is the (register, place, time) index, with integer keys.
 * (Storing the rows in key order instead saves the check a second lookup
 * per row but made the import 1.5 times slower: bench/RESULTS.md.) */
static const char indexes[] =
    "CREATE INDEX IF NOT EXISTS entries_by_time ON entries(import, t_lo);"
    "CREATE INDEX IF NOT EXISTS points_by_time ON points(import, t_lo);";

static int open_db(kj_store *s, const char *path, int flags, char *err, size_t n)
{
    if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, n, "%s", s->db ? sqlite3_errmsg(s->db) : "cannot open");
        kj_store_close(s);
        return -1;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* no mmap: the pages a check touches would count as its memory, up to
     * the size of the store; reads go through the bounded page cache */
    /* the rollback journal makes an import all or nothing, even under
     * kill -9; the OS keeps what was written, so no fsync per statement */
    sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = FILE; PRAGMA threads = 2;",
                 NULL, NULL, NULL);
    return 0;
}

/* One integer PRAGMA; returns SQLite's result code (the first read of the
 * file: a hot journal shows here). */
static int pragma_int(sqlite3 *db, const char *sql, int *v)
{
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int(q, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(q);
    return rc;
}

/* A hot journal (an import was killed before it committed) can be rolled
 * back only by a connection that may write: SQLite does so on the first
 * read, under an exclusive lock, unless another connection has already.
 * So a reader that finds one opens the store read-write once, reads, and
 * closes.  0, or -1 with the reason in err. */
static int roll_back_hot_journal(const char *path, char *err, size_t n)
{
    kj_store w;
    memset(&w, 0, sizeof w);
    if (open_db(&w, path, SQLITE_OPEN_READWRITE, err, n) != 0) return -1;
    int v = 0, rc = pragma_int(w.db, "PRAGMA user_version", &v);
    if (rc != SQLITE_OK)
        snprintf(err, n, "an interrupted import left a journal ('%s-journal') that cannot be rolled back here: %s", path,
                 sqlite3_errmsg(w.db));
    kj_store_close(&w);
    return rc == SQLITE_OK ? 0 : -1;
}

int kj_store_open(kj_store *s, const char *path, int writable, char *err, size_t n)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (open_db(s, path, flags, err, n) != 0) return -1;
    int version = -1, app = 0;
    int rc = pragma_int(s->db, "PRAGMA user_version", &version);
    if (rc != SQLITE_OK && !writable && sqlite3_extended_errcode(s->db) == SQLITE_READONLY_ROLLBACK) {
        kj_store_close(s);
        s->path = path;
        if (roll_back_hot_journal(path, err, n) != 0) return -2;
        if (open_db(s, path, flags, err, n) != 0) return -1;
        rc = pragma_int(s->db, "PRAGMA user_version", &version);
    }
    if (rc != SQLITE_OK) version = -1;
    else pragma_int(s->db, "PRAGMA application_id", &app);
    sqlite3_stmt *q;
    if (version < 0) {
        if (sqlite3_errcode(s->db) == SQLITE_NOTADB) snprintf(err, n, "not an SQLite database (%s)", sqlite3_errmsg(s->db));
        else snprintf(err, n, "%s", sqlite3_errmsg(s->db));
        kj_store_close(s);
        return -1;
    }
    if (version == 0 && app == 0) {
        /* new (or foreign) file: a non-empty database that is not ours is refused */
        int tables = 0;
        if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) == SQLITE_OK) {
            if (sqlite3_step(q) == SQLITE_ROW) tables = sqlite3_column_int(q, 0);
            sqlite3_finalize(q);
        } else {
            snprintf(err, n, "not an SQLite database");
            kj_store_close(s);
            return -1;
        }
        if (tables) {
            snprintf(err, n, "an SQLite database that is not a kjeller store");
            kj_store_close(s);
            return -1;
        }
        if (!writable) {
            snprintf(err, n, "the store is empty: nothing has been imported");
            kj_store_close(s);
            return -1;
        }
        /* larger pages: fewer, cheaper writes for bulk imports (a new file only) */
        sqlite3_exec(s->db, "PRAGMA page_size = 16384", NULL, NULL, NULL);
        return 0;
    }
    if (app != 0x6b6a6462 || version != KJ_STORE_VERSION) {
        snprintf(err, n, app != 0x6b6a6462 ? "an SQLite database that is not a kjeller store"
                                           : "a kjeller store of another version (%d, this kjeller reads %d)",
                 version, KJ_STORE_VERSION);
        kj_store_close(s);
        return -1;
    }
    return 0;
}

void kj_store_close(kj_store *s)
{
    if (s->db) sqlite3_close(s->db);
    s->db = NULL;
}

void kj_store_roll_back(kj_store *s)
{
    if (!s->db) return;
    sqlite3_stmt *q;
    while ((q = sqlite3_next_stmt(s->db, NULL)) != NULL) sqlite3_finalize(q);
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int kj_store_schema(kj_store *s)
{
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d; PRAGMA application_id = %d;", KJ_STORE_VERSION, 0x6b6a6462);
    return sqlite3_exec(s->db, schema, NULL, NULL, NULL) == SQLITE_OK &&
                   sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : -1;
}

int kj_store_indexes(kj_store *s)
{
    return sqlite3_exec(s->db, indexes, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int kj_store_count_imports(kj_store *s, const char *target)
{
    sqlite3_stmt *q;
    int n = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM imports WHERE target = ?1", -1, &q, NULL) != SQLITE_OK)
        return 0;
    sqlite3_bind_text(q, 1, target, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n;
}
