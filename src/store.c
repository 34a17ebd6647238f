/* store — the embedded SQLite store (docs/records.md): opening the file
 * and its schema, the digest of an import's rows, and the operations of
 * backend.h on it (kj_sqlite_ops): the queries a check, an import and
 * kjeller store make. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "kj.h"
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
    case KJ_STORE_UNREACHABLE:
        return "is the server running, and do the connection string and the service file name it? (a password goes in a "
               "password file, PGPASSFILE or ~/.pgpass)";
    case KJ_STORE_DENIED: return "ask for a role that may read it (docs/records.md §8: kjeller_reader)";
    case KJ_STORE_SHARDS:
        return "is every server its rows are on running, with a user mapping for this role, and its database made by "
               "data/pg-shard.sql for this store alone? (servers kjeller_shard_1..N: docs/scale-out.md)";
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

/* ---- the operations of backend.h ---------------------------------------------- */

/* Rows a reader steps over before it seeks instead (entries_by_id): a
 * step is a fraction of a seek. */
#define SEEK_AFTER 32

static const char select_imports[] =
    "SELECT id, kind, target, place, file, bytes, sha256, rows, rejected, imported_at, mapping, rows_sha256 FROM imports";

static const char insert_entry[] =
    "INSERT INTO entries(import, line, t_lo, t_hi, time, event, subject, attrs, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char insert_point[] =
    "INSERT INTO points(import, line, t_lo, t_hi, time, lat, lon, radius_m, place, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/* A check's queries on its main connection: the points around a claim's
 * window (ties in time and line in the order of import), and a target's
 * imports with rows. */
static const char *const check_sql[4] = {
    "SELECT t_lo, t_hi, line, import, time, lat, lon, radius_m, place, note FROM points"
    " WHERE import = ?1 AND t_lo < ?2 ORDER BY t_lo DESC, line DESC, rowid DESC LIMIT ?3",
    "SELECT t_lo, t_hi, line, import, time, lat, lon, radius_m, place, note FROM points"
    " WHERE import = ?1 AND t_lo > ?2 ORDER BY t_lo, line, rowid LIMIT ?3",
    "SELECT t_lo, t_hi, line, import, time, lat, lon, radius_m, place, note FROM points"
    " WHERE import = ?1 AND t_lo BETWEEN ?2 AND ?3 ORDER BY t_lo, line, rowid LIMIT ?4",
    "SELECT id, width, attr_keys FROM imports WHERE target = ?1 AND (place = ?2 OR ?2 IS NULL) AND rows > 0"
    " ORDER BY id"};

/* A reader's: the ids of the rows in a window (through the index alone),
 * the rows from an id on, the hull of a window's rows. */
static const char *const reader_sql[3] = {
    "SELECT rowid FROM entries INDEXED BY entries_by_time WHERE import = ?1 AND t_lo BETWEEN ?2 - ?4 AND ?3",
    "SELECT t_lo, t_hi, line, import, NULL, event, subject, attrs, rowid FROM entries WHERE rowid >= ?1",
    ("SELECT min(t_lo), max(t_hi), count(*), min(line), max(line) FROM entries"
     " WHERE import = ?1 AND t_lo BETWEEN ?2 - ?4 AND ?3 AND t_hi >= ?2")};

static sqlite3 *db_of(kj_backend *b) { return b->sqlite.st.db; }

/* A failure SQLite's connection tells (its message is SQLite's): -1. */
static int sq_fail(kj_backend *b)
{
    b->sqlite.failure[0] = 0;
    return -1;
}

/* Text column k of q, or NULL when it is NULL (or memory ran out: the
 * connection's error says which). */
static const char *sq_text(sqlite3_stmt *q, int k)
{
    return sqlite3_column_type(q, k) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_text(q, k);
}

/* The statements kept ready on the connection, finalized (finalize 1) or
 * only forgotten (finalized already, by kj_store_roll_back). */
static void sq_drop_statements(kj_sqlite *q, int finalize)
{
    sqlite3_stmt **all[] = {&q->before, &q->after,    &q->inside,   &q->imports, &q->ids,    &q->row,
                            &q->hull,   &q->state[0], &q->state[1], &q->earlier, &q->insert};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        if (finalize) sqlite3_finalize(*all[i]);
        *all[i] = NULL;
    }
}

static int sq_open(kj_backend *b, kj_open_mode mode, int wait_ms, char *err, size_t n)
{
    kj_sqlite *q = &b->sqlite;
    memset(q, 0, sizeof *q);
    const char *path = b->where;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (mode != KJ_OPEN_IMPORT) {
        if (!exists && errno == ENOENT) {
            snprintf(err, n, "%s", kj_io_reason(ENOENT));
            return KJ_STORE_MISSING;
        }
        const char *problem = kj_file_problem(path);
        if (problem) {
            snprintf(err, n, "%s", problem);
            return KJ_STORE_NOT_A_FILE;
        }
    } else if (exists && !S_ISREG(sb.st_mode)) { /* a device or FIFO is never a store */
        const char *problem = kj_file_problem(path);
        snprintf(err, n, "%s", problem ? problem : "not a regular file");
        return KJ_STORE_UNREADABLE;
    }
    if (mode == KJ_OPEN_IMPORT) {
        q->created = !exists;
        size_t len = strlen(path) + sizeof "-journal";
        if (!(q->journal = malloc(len))) {
            snprintf(err, n, "out of memory");
            return KJ_STORE_NOMEM;
        }
        snprintf(q->journal, len, "%s-journal", path);
    }
    int rc = kj_store_open(&q->st, path, mode != KJ_OPEN_READ, err, n);
    if (rc != 0) {
        free(q->journal);
        q->journal = NULL;
        return rc;
    }
    if (wait_ms > 0) sqlite3_busy_timeout(q->st.db, wait_ms);
    b->ops = &kj_sqlite_ops;
    return 0;
}

static void sq_close(kj_backend *b)
{
    kj_sqlite *q = &b->sqlite;
    sq_drop_statements(q, 1);
    kj_store_close(&q->st);
    free(q->journal);
    q->journal = NULL;
}

static void sq_abandon(kj_backend *b)
{
    kj_sqlite *q = &b->sqlite;
    kj_store_roll_back(&q->st); /* (finalizes every statement: those kept ready too) */
    sq_drop_statements(q, 0);
}

/* Prepares n statements of sql into qs: 0, or -1 (SQLite's message). */
static int sq_prepare(kj_backend *b, const char *const *sql, sqlite3_stmt **const *qs, int n)
{
    for (int k = 0; k < n; k++)
        if (!*qs[k] && sqlite3_prepare_v2(db_of(b), sql[k], -1, qs[k], NULL) != SQLITE_OK) return sq_fail(b);
    return 0;
}

static int sq_open_reader(kj_backend *b, kj_backend *r, char *err, size_t n)
{
    kj_sqlite *q = &r->sqlite;
    memset(q, 0, sizeof *q);
    int rc = kj_store_open(&q->st, b->where, 0, err, n);
    if (rc != 0) return rc;
    r->ops = &kj_sqlite_ops;
    /* rows are read forward: a small page cache does */
    sqlite3_exec(q->st.db, "PRAGMA cache_size = -2048; BEGIN", NULL, NULL, NULL);
    sqlite3_stmt **qs[3] = {&q->ids, &q->row, &q->hull};
    if (sq_prepare(r, reader_sql, qs, 3) != 0) {
        snprintf(err, n, "%s", sqlite3_errmsg(q->st.db));
        return KJ_STORE_SCHEMA;
    }
    return 0;
}

static int sq_exec(kj_backend *b, const char *sql)
{
    return sqlite3_exec(db_of(b), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : sq_fail(b);
}

static int sq_begin_read(kj_backend *b) { return sq_exec(b, "BEGIN"); }

static int sq_begin_check(kj_backend *b)
{
    kj_sqlite *q = &b->sqlite;
    /* one read transaction: one shared lock, not one per query */
    sqlite3_exec(q->st.db, "BEGIN", NULL, NULL, NULL);
    sqlite3_stmt **qs[4] = {&q->before, &q->after, &q->inside, &q->imports};
    return sq_prepare(b, check_sql, qs, 4);
}

static int sq_begin_write(kj_backend *b, int wait_ms)
{
    sqlite3_busy_timeout(db_of(b), wait_ms);
    return sq_exec(b, "BEGIN IMMEDIATE");
}

static int sq_commit(kj_backend *b) { return sq_exec(b, "COMMIT"); }

static void sq_rollback(kj_backend *b)
{
    if (db_of(b) && !sqlite3_get_autocommit(db_of(b))) sqlite3_exec(db_of(b), "ROLLBACK", NULL, NULL, NULL);
}

static int sq_list_imports(kj_backend *b, int64_t only_id, int (*fn)(void *ctx, const kj_import_row *row), void *ctx)
{
    char sql[sizeof select_imports + 32];
    snprintf(sql, sizeof sql, "%s%s", select_imports, only_id ? " WHERE id = ?1" : " ORDER BY id");
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(b), sql, -1, &q, NULL) != SQLITE_OK) return sq_fail(b);
    if (only_id) sqlite3_bind_int64(q, 1, only_id);
    int n = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        kj_import_row r = {.id = sqlite3_column_int64(q, 0), .bytes = sqlite3_column_int64(q, 5),
                           .rows = sqlite3_column_int64(q, 7), .rejected = sqlite3_column_int64(q, 8)};
        const char **texts[] = {&r.kind, &r.target, &r.place, &r.file, &r.sha256, &r.imported_at, &r.mapping, &r.rows_sha256};
        const int cols[] = {1, 2, 3, 4, 6, 9, 10, 11};
        for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
            *texts[i] = sq_text(q, cols[i]);
            if (!*texts[i] && sqlite3_column_type(q, cols[i]) != SQLITE_NULL) rc = SQLITE_NOMEM;
        }
        if (rc == SQLITE_NOMEM) break;
        n++;
        if (fn(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? n : sq_fail(b);
}

static int sq_has_tables(kj_backend *b)
{
    sqlite3_stmt *q;
    int n = 0;
    if (sqlite3_prepare_v2(db_of(b), "SELECT count(*) FROM sqlite_master WHERE name = 'imports'", -1, &q, NULL) != SQLITE_OK)
        return 1; /* (the query that follows says what is wrong) */
    if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n > 0;
}

static int sq_imports_of(kj_backend *b, const char *target, const char *place,
                         void (*fn)(void *ctx, int64_t id, int64_t width, const char *attr_keys), void *ctx)
{
    kj_sqlite *s = &b->sqlite;
    sqlite3_stmt **qs[1] = {&s->imports};
    if (sq_prepare(b, check_sql + 3, qs, 1) != 0) return -1;
    sqlite3_stmt *q = s->imports;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, target, -1, SQLITE_STATIC);
    if (place) sqlite3_bind_text(q, 2, place, -1, SQLITE_STATIC);
    else sqlite3_bind_null(q, 2);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *keys = sq_text(q, 2);
        fn(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1), keys ? keys : "");
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? 0 : sq_fail(b);
}

static int sq_import_state(kj_backend *b, int64_t id, int trace, kj_import_state *out)
{
    static const char *const sql[2] = {
        "SELECT kind, rows, (SELECT count(*) FROM entries WHERE import = ?1), sha256, mapping, file FROM imports WHERE id = ?1",
        "SELECT kind, rows, (SELECT count(*) FROM points WHERE import = ?1), sha256, mapping, file FROM imports WHERE id = ?1"};
    kj_sqlite *s = &b->sqlite;
    memset(out, 0, sizeof *out);
    /* (kept ready: the texts it hands out stay valid until its next use) */
    sqlite3_stmt **qs[1] = {&s->state[trace != 0]};
    if (sq_prepare(b, sql + (trace != 0), qs, 1) != 0) return -1;
    sqlite3_stmt *q = *qs[0];
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) return sq_fail(b);
    out->kind = sq_text(q, 0);
    out->rows = sqlite3_column_int64(q, 1);
    out->held = sqlite3_column_int64(q, 2);
    out->sha256 = sq_text(q, 3);
    out->mapping = sq_text(q, 4);
    out->file = sq_text(q, 5);
    return 1;
}

static int sq_other_files(kj_backend *b, int64_t id, void (*fn)(void *ctx, const char *file), void *ctx)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(b), "SELECT file FROM imports WHERE id != ?1", -1, &q, NULL) != SQLITE_OK) return sq_fail(b);
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) fn(ctx, sq_text(q, 0));
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? 0 : sq_fail(b);
}

static int sq_imports_with_rows(kj_backend *b, const char *target)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(b), "SELECT count(*) FROM imports WHERE target = ?1 AND rows > 0", -1, &q, NULL) != SQLITE_OK)
        return sq_fail(b);
    sqlite3_bind_text(q, 1, target, -1, SQLITE_STATIC);
    int n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
    sqlite3_finalize(q);
    return n >= 0 ? n : sq_fail(b);
}

static int sq_delete_import(kj_backend *b, int64_t id, const char *why)
{
    (void)why; /* (an SQLite store keeps no audit trail: its imports table is its record) */
    static const char *const sql[] = {"DELETE FROM entries WHERE import = ?1", "DELETE FROM points WHERE import = ?1",
                                      "DELETE FROM imports WHERE id = ?1"};
    for (size_t k = 0; k < sizeof sql / sizeof sql[0]; k++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(db_of(b), sql[k], -1, &q, NULL) != SQLITE_OK) return sq_fail(b);
        sqlite3_bind_int64(q, 1, id);
        int ok = sqlite3_step(q) == SQLITE_DONE;
        sqlite3_finalize(q);
        if (!ok) return sq_fail(b);
    }
    return 0;
}

static int sq_rows_digest(kj_backend *b, int64_t id, char out[65], int64_t *rows)
{
    int rc = kj_store_rows_digest(&b->sqlite.st, id, out, rows);
    return rc < 0 ? sq_fail(b) : rc;
}

/* The points one ask wants, to fn (sq_points). */
static int points_of_ask(kj_backend *b, const kj_points_ask *ask, int i,
                         void (*fn)(void *ctx, int ask, const kj_point_row *p), void *ctx)
{
    kj_sqlite *s = &b->sqlite;
    sqlite3_stmt *q = ask->where == KJ_POINTS_BEFORE ? s->before : ask->where == KJ_POINTS_AFTER ? s->after : s->inside;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, ask->import);
    sqlite3_bind_int64(q, 2, ask->lo);
    if (ask->where == KJ_POINTS_INSIDE) sqlite3_bind_int64(q, 3, ask->hi);
    sqlite3_bind_int(q, ask->where == KJ_POINTS_INSIDE ? 4 : 3, ask->limit);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        kj_point_row p = {.t_lo = sqlite3_column_int64(q, 0), .t_hi = sqlite3_column_int64(q, 1),
                          .line = sqlite3_column_int(q, 2), .import = sqlite3_column_int64(q, 3),
                          .time = (const char *)sqlite3_column_text(q, 4), .lat = sqlite3_column_double(q, 5),
                          .lon = sqlite3_column_double(q, 6), .radius_m = sqlite3_column_double(q, 7), .place = sq_text(q, 8),
                          .note = sq_text(q, 9)};
        fn(ctx, i, &p);
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? 0 : sq_fail(b);
}

/* An embedded file has no round trips to save: one ask at a time. */
static int sq_points(kj_backend *b, const kj_points_ask *asks, int n,
                     void (*fn)(void *ctx, int ask, const kj_point_row *p), void *ctx)
{
    kj_sqlite *s = &b->sqlite;
    sqlite3_stmt **qs[3] = {&s->before, &s->after, &s->inside};
    if (sq_prepare(b, check_sql, qs, 3) != 0) return -1;
    for (int i = 0; i < n; i++)
        if (points_of_ask(b, &asks[i], i, fn, ctx) != 0) return -1;
    return 0;
}

static sqlite3_stmt *bind_window(sqlite3_stmt *q, int64_t import, int64_t width, int64_t lo, int64_t hi)
{
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, import);
    sqlite3_bind_int64(q, 2, lo);
    sqlite3_bind_int64(q, 3, hi);
    sqlite3_bind_int64(q, 4, width);
    return q;
}

static int sq_entry_ids(kj_backend *b, int64_t import, int64_t width, const kj_window *w, int n,
                        int (*fn)(void *ctx, int w, int64_t id), void *ctx)
{
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *q = bind_window(b->sqlite.ids, import, width, w[i].lo, w[i].hi);
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW)
            if (fn(ctx, i, sqlite3_column_int64(q, 0))) break;
        sqlite3_reset(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sq_fail(b);
    }
    return 0;
}

/* Steps q (on the rows of `entries` from an id on, its rowid last): 1 on
 * a row (*at its id), 0 at the end, -1 on a failure. */
static int step_row(sqlite3_stmt *q, int64_t *at)
{
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *at = sqlite3_column_int64(q, 8);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int sq_entries_by_id(kj_backend *b, const int64_t *ids, size_t stride, long n,
                            void (*fn)(void *ctx, long i, const kj_entry_row *row), void *ctx)
{
    /* one cursor, read forward: to a row a few rows on it steps (a
     * fraction of a seek); to one far on it seeks */
    sqlite3_stmt *q = b->sqlite.row;
    int64_t at = 0;
    int on = 0; /* the cursor is on a row (at): 1; at the end: 0; failed: -1 */
    long i = 0;
    for (; i < n; i++) {
        int64_t want = *(const int64_t *)(const void *)((const char *)ids + (size_t)i * stride);
        if (!on || at != want) { /* (the same row again is another claim's) */
            if (!on || want < at || want - at > SEEK_AFTER) {
                sqlite3_reset(q);
                sqlite3_bind_int64(q, 1, want);
                on = step_row(q, &at);
            }
            while (on > 0 && at < want) on = step_row(q, &at);
            if (on <= 0 || at != want) break;
        }
        kj_entry_row r = {.id = want, .t_lo = sqlite3_column_int64(q, 0), .t_hi = sqlite3_column_int64(q, 1),
                          .line = sqlite3_column_int(q, 2), .event = sq_text(q, 5), .subject = sq_text(q, 6),
                          .attrs = sq_text(q, 7)};
        fn(ctx, i, &r);
    }
    sqlite3_reset(q);
    return i == n ? 0 : on < 0 ? sq_fail(b) : -2;
}

static int sq_entry_hull(kj_backend *b, int64_t import, int64_t width, int64_t lo, int64_t hi, kj_entry_hull *out)
{
    sqlite3_stmt *h = bind_window(b->sqlite.hull, import, width, lo, hi);
    int rc = sqlite3_step(h);
    memset(out, 0, sizeof *out);
    if (rc == SQLITE_ROW) {
        *out = (kj_entry_hull){.lo = sqlite3_column_int64(h, 0), .hi = sqlite3_column_int64(h, 1), .n = sqlite3_column_int64(h, 2),
                               .line = sqlite3_column_int(h, 3), .last_line = sqlite3_column_int(h, 4)};
    }
    sqlite3_reset(h);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_fail(b);
}

static int sq_same_size(kj_backend *b, const char *target, int64_t bytes)
{
    sqlite3_stmt *q;
    int n = 0;
    if (sqlite3_prepare_v2(db_of(b), "SELECT count(*) FROM imports WHERE target = ?1 AND bytes = ?2", -1, &q, NULL) != SQLITE_OK)
        return 0; /* a new store */
    sqlite3_bind_text(q, 1, target, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, bytes);
    if (sqlite3_step(q) == SQLITE_ROW) n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n > 0;
}

static int sq_find_earlier(kj_backend *b, const char *target, const char *sha256, kj_earlier *out)
{
    kj_sqlite *s = &b->sqlite;
    memset(out, 0, sizeof *out);
    static const char *const sql[1] = {"SELECT id, rows, mapping FROM imports WHERE target = ?1 AND sha256 = ?2"};
    sqlite3_stmt **qs[1] = {&s->earlier};
    if (sq_prepare(b, sql, qs, 1) != 0) return 0; /* a new store */
    sqlite3_stmt *q = s->earlier;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, target, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, sha256, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        out->id = sqlite3_column_int64(q, 0);
        out->rows = sqlite3_column_int64(q, 1);
        out->mapping = (const char *)sqlite3_column_text(q, 2); /* NOT NULL: NULL is SQLite out of memory */
        if (!out->mapping) return sq_fail(b);
    }
    return 0;
}

static int sq_placed_points(kj_backend *b, int64_t import,
                            int (*fn)(void *ctx, const char *place, double lat, double lon, double radius_m), void *ctx)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(b), "SELECT DISTINCT place, lat, lon, radius_m FROM points WHERE import = ?1 AND place IS NOT NULL",
                           -1, &q, NULL) != SQLITE_OK)
        return sq_fail(b);
    sqlite3_bind_int64(q, 1, import);
    int stop = 0;
    while (!stop && sqlite3_step(q) == SQLITE_ROW)
        stop = fn(ctx, (const char *)sqlite3_column_text(q, 0), sqlite3_column_double(q, 1), sqlite3_column_double(q, 2),
                  sqlite3_column_double(q, 3));
    sqlite3_finalize(q);
    return stop;
}

/* Begins the import's write transaction, waiting for another import's to
 * end.  An import that created the store and failed removes it
 * (discard_new); one that waited for it meanwhile holds the removed
 * file, so it opens the store anew.  0, or -1. */
static int sq_begin_import(kj_backend *b, int wait_ms)
{
    kj_sqlite *s = &b->sqlite;
    const char *path = b->where;
    for (int attempt = 0;; attempt++) {
        char *err_text = NULL;
        int begun = sqlite3_exec(s->st.db, "BEGIN IMMEDIATE", NULL, NULL, &err_text) == SQLITE_OK;
        snprintf(s->failure, sizeof s->failure, "%s", err_text ? err_text : "error");
        sqlite3_free(err_text);
        int moved = 0; /* SQLite may fail on the removed file (I/O error) or not */
        if (sqlite3_file_control(s->st.db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) moved = 0;
        if (!moved && begun) {
            s->failure[0] = 0;
            return 0;
        }
        if (!moved) return -1;
        if (begun) sqlite3_exec(s->st.db, "ROLLBACK", NULL, NULL, NULL);
        sq_drop_statements(s, 1);
        kj_store_close(&s->st);
        struct stat st;
        s->created = stat(path, &st) != 0;
        if (attempt == 8) {
            snprintf(s->failure, sizeof s->failure, "removed while this import waited for it, nine times");
            return -1;
        }
        if (kj_store_open(&s->st, path, 1, s->failure, sizeof s->failure) != 0) return -1;
        sqlite3_busy_timeout(s->st.db, wait_ms);
    }
}

static int sq_import_begin(kj_backend *b, int trace, int wait_ms)
{
    kj_sqlite *s = &b->sqlite;
    if (sq_begin_import(b, wait_ms) != 0) return -1;
    sqlite3_stmt *q = NULL;
    int ok = kj_store_schema(&s->st) == 0 &&
             sqlite3_prepare_v2(s->st.db, "SELECT coalesce(max(id), 0) + 1 FROM imports", -1, &q, NULL) == SQLITE_OK &&
             sqlite3_step(q) == SQLITE_ROW;
    if (ok) s->import_id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    s->trace = trace != 0;
    if (ok && sqlite3_prepare_v2(s->st.db, trace ? insert_point : insert_entry, -1, &s->insert, NULL) != SQLITE_OK) ok = 0;
    return ok ? 0 : sq_fail(b);
}

/* A text bound for the statement's life (s NULL: NULL). */
static void bind_text(sqlite3_stmt *q, int k, kj_text t)
{
    if (t.s) sqlite3_bind_text(q, k, t.s, (int)t.n, SQLITE_STATIC);
    else sqlite3_bind_null(q, k);
}

static int sq_import_put(kj_backend *b, const kj_row_in *r)
{
    kj_sqlite *s = &b->sqlite;
    sqlite3_stmt *q = s->insert;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, s->import_id);
    sqlite3_bind_int64(q, 2, r->line);
    sqlite3_bind_int64(q, 3, r->t_lo);
    sqlite3_bind_int64(q, 4, r->t_hi);
    bind_text(q, 5, r->time);
    if (s->trace) {
        sqlite3_bind_double(q, 6, r->lat);
        sqlite3_bind_double(q, 7, r->lon);
        sqlite3_bind_double(q, 8, r->radius_m);
        bind_text(q, 9, r->place);
        bind_text(q, 10, r->note);
    } else {
        bind_text(q, 6, r->event);
        bind_text(q, 7, r->subject);
        bind_text(q, 8, r->attrs);
        bind_text(q, 9, r->note);
    }
    return sqlite3_step(q) == SQLITE_DONE ? 0 : sq_fail(b);
}

static int sq_import_seal(kj_backend *b, int64_t *id)
{
    /* (the store has been locked since the import began) */
    *id = b->sqlite.import_id;
    return 0;
}

static int sq_import_record(kj_backend *b, const kj_import_row *r)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db_of(b),
                           "INSERT INTO imports(id, target, kind, place, file, sha256, bytes, rows, rejected, width, mapping, attr_keys,"
                           " imported_at, rows_sha256)"
                           " VALUES (?1, ?2, ?3, ?10, ?4, ?5, ?6, ?7, ?8, ?11, ?9, ?12, ?13, ?14)",
                           -1, &q, NULL) != SQLITE_OK)
        return sq_fail(b);
    sqlite3_bind_int64(q, 1, r->id);
    sqlite3_bind_text(q, 2, r->target, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, r->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, r->file, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, r->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 6, r->bytes);
    sqlite3_bind_int64(q, 7, r->rows);
    sqlite3_bind_int64(q, 8, r->rejected);
    sqlite3_bind_text(q, 9, r->mapping, -1, SQLITE_STATIC);
    if (r->place) sqlite3_bind_text(q, 10, r->place, -1, SQLITE_STATIC);
    else sqlite3_bind_null(q, 10);
    sqlite3_bind_int64(q, 11, r->width);
    sqlite3_bind_text(q, 12, r->attr_keys, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 13, r->imported_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 14, r->rows_sha256, -1, SQLITE_STATIC);
    int ok = sqlite3_step(q) == SQLITE_DONE;
    sqlite3_finalize(q);
    if (!ok) return sq_fail(b);
    return kj_store_indexes(&b->sqlite.st) == 0 ? 0 : sq_fail(b);
}

/* A store this import created is removed again when the import does not
 * commit -- but never one that another import has written to or is
 * writing to: only under an exclusive lock taken without waiting, only
 * while it holds no table, and only if it is still the file at path. */
static void sq_discard_new(kj_backend *b)
{
    kj_sqlite *s = &b->sqlite;
    if (!s->created || !s->st.db) return;
    sqlite3_busy_timeout(s->st.db, 0);
    if (sqlite3_exec(s->st.db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK) return; /* in use */
    int tables = -1, moved = 1;
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(s->st.db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW) tables = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    if (sqlite3_file_control(s->st.db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK) moved = 1;
    if (tables == 0 && !moved) {
        unlink(b->where);
        unlink(s->journal); /* a rollback that failed (a full disk) */
    }
    sqlite3_exec(s->st.db, "ROLLBACK", NULL, NULL, NULL);
}

static kj_backend_error sq_error(const kj_backend *b)
{
    const kj_sqlite *s = &b->sqlite;
    if (s->failure[0] || !s->st.db) return KJ_BACKEND_FAILED;
    switch (sqlite3_errcode(s->st.db)) {
    case SQLITE_NOMEM: return KJ_BACKEND_NOMEM;
    case SQLITE_BUSY: return KJ_BACKEND_BUSY;
    default: return KJ_BACKEND_FAILED;
    }
}

static const char *sq_message(const kj_backend *b)
{
    const kj_sqlite *s = &b->sqlite;
    return s->failure[0] ? s->failure : s->st.db ? sqlite3_errmsg(s->st.db) : "the store is not open";
}

const kj_backend_ops kj_sqlite_ops = {
    .name = "SQLite",
    .open = sq_open,
    .close = sq_close,
    .abandon = sq_abandon,
    .open_reader = sq_open_reader,
    .begin_read = sq_begin_read,
    .begin_check = sq_begin_check,
    .begin_write = sq_begin_write,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .list_imports = sq_list_imports,
    .has_tables = sq_has_tables,
    .imports_of = sq_imports_of,
    .import_state = sq_import_state,
    .other_files = sq_other_files,
    .imports_with_rows = sq_imports_with_rows,
    .delete_import = sq_delete_import,
    .rows_digest = sq_rows_digest,
    .points = sq_points,
    .entry_ids = sq_entry_ids,
    .entries_by_id = sq_entries_by_id,
    .entry_hull = sq_entry_hull,
    .same_size = sq_same_size,
    .find_earlier = sq_find_earlier,
    .placed_points = sq_placed_points,
    .import_begin = sq_import_begin,
    .import_put = sq_import_put,
    .import_seal = sq_import_seal,
    .import_record = sq_import_record,
    .discard_new = sq_discard_new,
    .error = sq_error,
    .message = sq_message,
};
