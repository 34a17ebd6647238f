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
    "  imported_at TEXT NOT NULL,"                  /* UTC, ISO 8601: 2026-12-05T13:30:00Z */
    "  rows_sha256 TEXT NOT NULL,"                  /* of the rows as stored (store.h) */
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
        if (roll_back_hot_journal(path, err, n) != 0) return KJ_STORE_HOT_JOURNAL;
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
            return KJ_STORE_EMPTY;
        }
        /* larger pages: fewer, cheaper writes for bulk imports (a new file only) */
        sqlite3_exec(s->db, "PRAGMA page_size = 16384", NULL, NULL, NULL);
        return 0;
    }
    if (app != 0x6b6a6462) {
        snprintf(err, n, "an SQLite database that is not a kjeller store");
        kj_store_close(s);
        return KJ_STORE_UNREADABLE;
    }
    if (version != KJ_STORE_VERSION) {
        snprintf(err, n, "a kjeller store of %s version (%d; this kjeller reads %d)",
                 version < KJ_STORE_VERSION ? "an older" : "a newer", version, KJ_STORE_VERSION);
        kj_store_close(s);
        return version < KJ_STORE_VERSION ? KJ_STORE_OLDER : KJ_STORE_NEWER;
    }
    return 0;
}

const char *kj_store_open_hint(int rc)
{
    switch (rc) {
    case KJ_STORE_HOT_JOURNAL: return "run the check (or any import) once as a user who may write to the store and its directory";
    case KJ_STORE_OLDER:
        return "an older kjeller wrote it, without the digests of its rows: move it aside and import its files again "
               "(kjeller import CASE REGISTER-OR-TRACE FILE)";
    case KJ_STORE_NEWER: return "a newer kjeller wrote it: read it with that one";
    default: return NULL;
    }
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

/* ---- the digest of an import's rows ---------------------------------------- */

void kj_rows_digest_init(kj_rows_digest *d)
{
    sha256_init(&d->rows);
    sha256_init(&d->row);
}

void kj_rows_digest_row(kj_rows_digest *d) { sha256_init(&d->row); }

static void digest_tagged(kj_rows_digest *d, char tag, uint64_t v)
{
    uint8_t b[9];
    b[0] = (uint8_t)tag;
    for (int i = 0; i < 8; i++) b[1 + i] = (uint8_t)(v >> (56 - 8 * i));
    sha256_update(&d->row, sizeof b, b);
}

void kj_rows_digest_int(kj_rows_digest *d, int64_t v) { digest_tagged(d, 'i', (uint64_t)v); }

void kj_rows_digest_real(kj_rows_digest *d, double v)
{
    /* SQLite stores a REAL with no fraction as an integer and reads it
     * back as +0.0 where -0.0 was written: both are 0 here */
    double zero_signless = v + 0.0;
    uint64_t bits;
    memcpy(&bits, &zero_signless, sizeof bits);
    digest_tagged(d, 'r', bits);
}

void kj_rows_digest_text(kj_rows_digest *d, const char *s, size_t n)
{
    if (!s) {
        uint8_t null = 'n';
        sha256_update(&d->row, 1, &null);
        return;
    }
    digest_tagged(d, 't', (uint64_t)n);
    sha256_update(&d->row, n, (const uint8_t *)s);
}

void kj_rows_digest_stored(kj_rows_digest *d)
{
    uint8_t row[SHA256_DIGEST_SIZE];
    sha256_digest(&d->row, sizeof row, row);
    sha256_update(&d->rows, sizeof row, row);
}

void kj_rows_digest_hex(kj_rows_digest *d, const kj_rows_reading *how, char out[65])
{
    uint8_t rows[SHA256_DIGEST_SIZE], all[SHA256_DIGEST_SIZE];
    sha256_digest(&d->rows, sizeof rows, rows);
    kj_rows_digest_row(d); /* (d->row: the reading, then the rows) */
    kj_rows_digest_text(d, how->kind, strlen(how->kind));
    kj_rows_digest_text(d, how->target, strlen(how->target));
    kj_rows_digest_text(d, how->place, how->place ? strlen(how->place) : 0);
    kj_rows_digest_int(d, how->width);
    kj_rows_digest_text(d, how->attr_keys, strlen(how->attr_keys));
    sha256_update(&d->row, sizeof rows, rows);
    sha256_digest(&d->row, sizeof all, all);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(out + 2 * i, 3, "%02x", all[i]);
}

/* A text column as the check reads it: its bytes, or NULL. */
static void digest_text_column(kj_rows_digest *d, sqlite3_stmt *q, int k)
{
    if (sqlite3_column_type(q, k) == SQLITE_NULL) {
        kj_rows_digest_text(d, NULL, 0);
        return;
    }
    const char *t = (const char *)sqlite3_column_text(q, k);
    kj_rows_digest_text(d, t ? t : "", t ? (size_t)sqlite3_column_bytes(q, k) : 0);
}

/* Text column k of q: its bytes ("" when NULL, unless may_be_null). */
static const char *text_at(sqlite3_stmt *q, int k, int may_be_null)
{
    const char *t = (const char *)sqlite3_column_text(q, k);
    return t ? t : may_be_null ? NULL : "";
}

int kj_store_rows_digest(kj_store *s, int64_t import, char out[65], int64_t *rows)
{
    /* the import's reading, its texts valid while `reading` stays on its row */
    sqlite3_stmt *reading;
    if (sqlite3_prepare_v2(s->db, "SELECT kind, target, place, width, attr_keys FROM imports WHERE id = ?1", -1, &reading,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_int64(reading, 1, import);
    int found = sqlite3_step(reading);
    if (found != SQLITE_ROW) {
        sqlite3_finalize(reading);
        return found == SQLITE_DONE ? 1 : -1;
    }
    kj_rows_reading how = {.kind = text_at(reading, 0, 0), .target = text_at(reading, 1, 0), .place = text_at(reading, 2, 1),
                           .width = sqlite3_column_int64(reading, 3), .attr_keys = text_at(reading, 4, 0)};
    int trace = !strcmp(how.kind, "trace");
    static const char entries[] = "SELECT line, t_lo, t_hi, time, event, subject, attrs, note FROM entries"
                                  " WHERE import = ?1 ORDER BY line, rowid";
    static const char points[] = "SELECT line, t_lo, t_hi, time, lat, lon, radius_m, place, note FROM points"
                                 " WHERE import = ?1 ORDER BY line, rowid";
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->db, trace ? points : entries, -1, &q, NULL) != SQLITE_OK) {
        sqlite3_finalize(reading);
        return -1;
    }
    sqlite3_bind_int64(q, 1, import);
    kj_rows_digest d;
    kj_rows_digest_init(&d);
    int64_t n = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        kj_rows_digest_row(&d);
        for (int k = 0; k < 3; k++) kj_rows_digest_int(&d, sqlite3_column_int64(q, k));
        digest_text_column(&d, q, 3);
        if (trace) {
            for (int k = 4; k < 7; k++) kj_rows_digest_real(&d, sqlite3_column_double(q, k));
            digest_text_column(&d, q, 7);
            digest_text_column(&d, q, 8);
        } else {
            for (int k = 4; k < 8; k++) digest_text_column(&d, q, k);
        }
        kj_rows_digest_stored(&d);
        n++;
    }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE) kj_rows_digest_hex(&d, &how, out);
    sqlite3_finalize(reading);
    if (rc != SQLITE_DONE) return -1;
    *rows = n;
    return 0;
}
