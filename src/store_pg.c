/* store_pg — imported records in a PostgreSQL database, through libpq
 * (docs/records.md §8): the operations of backend.h (kj_pg_ops) on the
 * tables of the SQLite store, in the schema `kjeller`, with an audit
 * table that is only appended to.
 *
 *  - An import stages its rows with COPY into a temporary table, in a
 *    transaction of its own, while other imports stage theirs; sealed, it
 *    checks them (their number; the staging table's constraints held as
 *    they came), takes the store's advisory lock (one import or drop at a
 *    time), and in one transaction begun under it (which sees every
 *    import and table made before) moves them in with its import and
 *    audit rows: other sessions see all of it or none of it.
 *  - A check reads one snapshot (REPEATABLE READ), which its readers'
 *    connections take too (pg_export_snapshot): all of them see the same
 *    imports, whatever is imported meanwhile.  It reads the rows its
 *    claims can touch through the (import, t_lo) indexes, the ids of many
 *    windows in one query, big results through a cursor, and the trace
 *    points of many claims in one query too.
 *
 * The connection string is the case's (never a password: parse.c refuses
 * one); libpq reads what it leaves out from its service file, password
 * file and environment.  Every name is qualified, and the session's
 * search_path is empty: nothing a database defines can stand in for what
 * these queries name. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "kj.h"

/* The version of the schema this kjeller reads and writes. */
#define PG_VERSION 1

/* The advisory lock that imports and drops take ('kjdb'), in the
 * store's database. */
#define PG_LOCK "1802134626"

/* The lock that reads of a store whose rows are on several servers
 * take, shared, and that its drops take alone ('kjdr'): see
 * begin_read. */
#define PG_READERS_LOCK "1802134642"

/* Rows fetched from a cursor at a time; windows (or asks for trace
 * points) and ids sent per query. */
#define PG_FETCH 10000
#define PG_WINDOWS 4096
#define PG_IDS 8192

/* Bytes of COPY data gathered before they are sent. */
#define PG_COPY_CHUNK 65536

/* The type of a parameter (pg_type's oids, fixed since PostgreSQL 7). */
#define OID_INT8 20
#define OID_TEXT 25
#define OID_INT8_ARRAY 1016

/* A growing text (the arrays of a query's parameters, COPY's data). */
typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

struct kj_pg {
    PGconn *conn;
    char failure[512];           /* the last failure's message */
    kj_backend_error error;      /* and its kind */
    PGresult *state, *earlier;   /* import_state's and find_earlier's answers (their texts are lent) */
    int trace;                   /* the import is of points */
    int copying;                 /* its COPY is open */
    int64_t staged;              /* rows sent to it */
    buf copy;                    /* COPY data not sent yet */
    int wait_ms;                 /* how long a writer waits for the lock */
    int locked;                  /* it holds the lock (until its transaction ends) */
    int sharded;                 /* the rows are on several servers (docs/scale-out.md) */
    int reading;                 /* it holds PG_READERS_LOCK, shared */
    char *held[2];               /* sharded: an import's entries, points counted, partition by partition */
    char snapshot[64];           /* the check's snapshot, exported to its readers ("": not yet) */
};

/* The columns of the rows' tables but their ids: the same on one server
 * and, partitioned, on several (data/pg-shard.sql, which the tests hold
 * to these). */
#define ENTRIES_COLUMNS                                                                                                      \
    "  import bigint NOT NULL,"                                                                                              \
    "  t_lo bigint NOT NULL, t_hi bigint NOT NULL,"                                                                          \
    "  line bigint NOT NULL,"                                                                                                \
    "  time text NOT NULL,"                                                                                                  \
    "  event text, subject text, note text, attrs text"
#define POINTS_COLUMNS                                                                                                       \
    "  import bigint NOT NULL,"                                                                                              \
    "  t_lo bigint NOT NULL, t_hi bigint NOT NULL,"                                                                          \
    "  line bigint NOT NULL,"                                                                                                \
    "  time text NOT NULL,"                                                                                                  \
    "  lat double precision NOT NULL, lon double precision NOT NULL, radius_m double precision NOT NULL,"                   \
    "  place text, note text"

/* The rows' tables in one database.  An import is one register at one
 * place, or one trace: (import, t_lo) is the (register, place, time)
 * index; the ids in it let the windows' rows be found from the index
 * alone.  Ids are numbered in the order the rows were imported in. */
static const char rows_ddl[] =
    "CREATE TABLE kjeller.entries(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY," ENTRIES_COLUMNS ");"
    "CREATE TABLE kjeller.points(id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY," POINTS_COLUMNS ");"
    "CREATE INDEX entries_by_time ON kjeller.entries(import, t_lo) INCLUDE (id);"
    "CREATE INDEX points_by_time ON kjeller.points(import, t_lo);";

/* The rows' tables partitioned across servers (docs/scale-out.md): a
 * register's rows by their subject, a trace's (one subject's) by its
 * import (and a register's rows without a subject by theirs), each
 * partition a foreign table of postgres_fdw on a server
 * named kjeller_shard_K, whose own tables (and indexes) data/pg-shard.sql
 * makes.  The ids are still numbered here, in one sequence. */
/* (and kjeller.store_id: the store's own number, which each shard's
 * kjeller.shard_of holds once the store has claimed it) */
static const char sharded_ddl[] =
    "CREATE TABLE kjeller.store_id(store uuid NOT NULL);"
    "INSERT INTO kjeller.store_id VALUES (pg_catalog.gen_random_uuid());"
    "CREATE TABLE kjeller.entries(id bigint GENERATED ALWAYS AS IDENTITY," ENTRIES_COLUMNS ") PARTITION BY HASH ((COALESCE(subject, import::text)));"
    "CREATE TABLE kjeller.points(id bigint GENERATED ALWAYS AS IDENTITY," POINTS_COLUMNS ") PARTITION BY HASH (import);";

/* The rest of the schema, made after the rows' tables (its grants are of
 * every table in it). */
static const char schema_ddl[] =
    "CREATE TABLE kjeller.store_version(version integer NOT NULL);"
    "CREATE TABLE kjeller.imports("
    "  id bigint PRIMARY KEY,"
    "  target text NOT NULL,"
    "  kind text NOT NULL CHECK (kind IN ('register', 'trace')),"
    "  place text,"
    "  file text NOT NULL,"
    "  sha256 text NOT NULL,"
    "  bytes bigint NOT NULL,"
    "  rows bigint NOT NULL,"
    "  rejected bigint NOT NULL,"
    "  width bigint NOT NULL,"
    "  mapping text NOT NULL,"
    "  attr_keys text NOT NULL,"
    "  imported_at text NOT NULL,"
    "  rows_sha256 text NOT NULL,"
    "  t_first bigint, t_last bigint," /* its rows' earliest and latest t_lo (NULL: none) */
    "  UNIQUE (target, sha256));"
    "CREATE TABLE kjeller.audit("
    "  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  at timestamptz NOT NULL DEFAULT pg_catalog.now(),"             /* when: the server's clock */
    "  who text NOT NULL DEFAULT SESSION_USER,"                      /* the role that logged in */
    "  client inet DEFAULT pg_catalog.inet_client_addr(),"           /* from where (NULL: a local socket) */
    "  action text NOT NULL CHECK (action IN ('import', 'drop')),"
    "  import bigint NOT NULL,"
    "  kind text, target text, place text, file text, sha256 text, bytes bigint, rows bigint, rows_sha256 text,"
    "  note text);"                                                 /* a drop's reason: dropped, replaced */
    "CREATE FUNCTION kjeller.audit_is_appended_to_only() RETURNS trigger LANGUAGE plpgsql AS"
    "  $$BEGIN RAISE EXCEPTION 'kjeller.audit is appended to only'; END$$;"
    "CREATE TRIGGER audit_rows_stay BEFORE UPDATE OR DELETE ON kjeller.audit"
    "  FOR EACH ROW EXECUTE FUNCTION kjeller.audit_is_appended_to_only();"
    "CREATE TRIGGER audit_stays BEFORE TRUNCATE ON kjeller.audit"
    "  FOR EACH STATEMENT EXECUTE FUNCTION kjeller.audit_is_appended_to_only();"
    "REVOKE ALL ON ALL TABLES IN SCHEMA kjeller FROM PUBLIC;"
    /* the roles of docs/records.md §8, where the server has them */
    "DO $$BEGIN"
    "  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'kjeller_reader') THEN"
    "    GRANT USAGE ON SCHEMA kjeller TO kjeller_reader;"
    "    GRANT SELECT ON ALL TABLES IN SCHEMA kjeller TO kjeller_reader;"
    "  END IF;"
    "  IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'kjeller_writer') THEN"
    "    GRANT USAGE ON SCHEMA kjeller TO kjeller_writer;"
    "    GRANT SELECT ON ALL TABLES IN SCHEMA kjeller TO kjeller_writer;"
    "    GRANT INSERT, DELETE ON kjeller.imports, kjeller.entries, kjeller.points TO kjeller_writer;"
    "    GRANT INSERT ON kjeller.audit TO kjeller_writer;"
    "  END IF;"
    "END$$;";

/* ---- failures ------------------------------------------------------------------ */

/* A message of libpq or the server on one line in out (libpq's own end
 * in a newline, and may hold more lines: they are joined by "; "). */
static void one_line(char *out, size_t size, const char *msg)
{
    size_t n = 0;
    for (const char *p = msg ? msg : "unknown failure"; *p && n + 3 < size; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t') {
            while (p[1] == '\n' || p[1] == '\r' || p[1] == '\t' || p[1] == ' ') p++;
            if (p[1] && n) {
                out[n++] = ';';
                out[n++] = ' ';
            }
            continue;
        }
        out[n++] = *p;
    }
    out[n] = 0;
}

static void set_failure(struct kj_pg *pg, kj_backend_error kind, const char *msg)
{
    one_line(pg->failure, sizeof pg->failure, msg);
    pg->error = kind;
}

/* The kind of failure a SQLSTATE is. */
static kj_backend_error kind_of(const char *sqlstate)
{
    if (!sqlstate) return KJ_BACKEND_FAILED;
    /* a connection failure in a query's result is postgres_fdw's (ours
     * fails the connection, with no SQLSTATE), and so is a user mapping
     * not found (the one object our queries name that a store may lack) */
    if (!strncmp(sqlstate, "08", 2) || !strcmp(sqlstate, "42704")) return KJ_BACKEND_SETUP;
    if (!strcmp(sqlstate, "42501")) return KJ_BACKEND_DENIED;  /* insufficient_privilege */
    if (!strcmp(sqlstate, "55P03") || !strcmp(sqlstate, "40P01") || !strcmp(sqlstate, "40001"))
        return KJ_BACKEND_BUSY;                                /* lock_not_available, deadlock, serialization */
    return KJ_BACKEND_FAILED;
}

/* A query's failure (r: its result, or NULL when libpq returned none):
 * recorded, r cleared, -1. */
static int pg_fail(kj_backend *b, PGresult *r)
{
    struct kj_pg *pg = b->pg;
    const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *context = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : NULL;
    kj_backend_error kind = kind_of(r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL);
    /* a shard that refused its server's role, or lacks a table: set up
     * wrong, whatever this role may do here */
    if (context && strstr(context, "remote SQL command") && kind != KJ_BACKEND_BUSY) kind = KJ_BACKEND_SETUP;
    set_failure(pg, kind, primary ? primary : PQerrorMessage(pg->conn));
    PQclear(r);
    return -1;
}

/* Whether r is a query's success (its rows, or none); if not, the failure
 * is recorded and r cleared. */
static int pg_ok(kj_backend *b, PGresult *r)
{
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return 1;
    pg_fail(b, r);
    return 0;
}

/* Runs sql (no parameters, no rows wanted): 0, or -1. */
static int pg_exec(kj_backend *b, const char *sql)
{
    PGresult *r = PQexec(b->pg->conn, sql);
    if (!pg_ok(b, r)) return -1;
    PQclear(r);
    return 0;
}

/* Runs sql with n text parameters: its result (the caller clears it), or
 * NULL (recorded). */
static PGresult *pg_query(kj_backend *b, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(b->pg->conn, sql, n, NULL, params, NULL, NULL, 0);
    return pg_ok(b, r) ? r : NULL;
}

/* Runs the statement prepared as `name` with n text parameters. */
static PGresult *pg_prepared(kj_backend *b, const char *name, int n, const char *const *params)
{
    PGresult *r = PQexecPrepared(b->pg->conn, name, n, params, NULL, NULL, 0);
    return pg_ok(b, r) ? r : NULL;
}

/* A value of r: an integer, a number, a text (NULL when SQL NULL). */
static int64_t int_at(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static double real_at(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtod(PQgetvalue(r, row, col), NULL);
}

static const char *text_at(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* An integer as a parameter's text. */
typedef struct { char s[24]; } int_text;

static int_text int_param(int64_t v)
{
    int_text t;
    snprintf(t.s, sizeof t.s, "%" PRId64, v);
    return t;
}

/* ---- the connection ------------------------------------------------------------ */

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* ("relation already exists, skipping" and the like: nothing to tell) */
}

/* Connects to the database the connection string names: 0, or a
 * KJ_STORE_* code with the reason in err. */
static int pg_connect(kj_backend *b, char *err, size_t n)
{
    struct kj_pg *pg = calloc(1, sizeof *pg);
    if (!pg) {
        snprintf(err, n, "out of memory");
        return KJ_STORE_NOMEM;
    }
    b->pg = pg;
    /* the string's own settings win over those before it; ours after it
     * are what kjeller needs of every connection */
    const char *const keys[] = {"connect_timeout", "dbname", "client_encoding", "fallback_application_name", NULL};
    const char *const values[] = {"10", b->where, "UTF8", "kjeller", NULL};
    pg->conn = PQconnectdbParams(keys, values, 1);
    if (!pg->conn) {
        snprintf(err, n, "out of memory");
        return KJ_STORE_NOMEM;
    }
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        set_failure(pg, KJ_BACKEND_FAILED, PQerrorMessage(pg->conn));
        snprintf(err, n, "%s", pg->failure);
        return KJ_STORE_UNREACHABLE;
    }
    PQsetNoticeProcessor(pg->conn, ignore_notice, NULL);
    const char *encoding = PQparameterStatus(pg->conn, "server_encoding");
    if (!encoding || strcmp(encoding, "UTF8")) {
        snprintf(err, n, "the database's encoding is %s: kjeller keeps UTF-8 text (create the database with -E UTF8)",
                 encoding ? encoding : "unknown");
        return KJ_STORE_UNREADABLE;
    }
    /* every name qualified, none found by search: a table or function of
     * the database cannot stand in for ours; numbers read back exactly */
    if (pg_exec(b, "SELECT pg_catalog.set_config('search_path', '', false), pg_catalog.set_config('extra_float_digits', '3', false)") !=
        0) {
        snprintf(err, n, "%s", pg->failure);
        return KJ_STORE_UNREADABLE;
    }
    return 0;
}

/* Whether each shard's database is this store's (kjeller.shard_of_K holds
 * its kjeller.store_id): 0, or -1 with the failure recorded.  Two stores
 * whose servers name the same databases would read and delete each
 * other's rows under the same import numbers. */
static int shards_are_ours(kj_backend *b)
{
    PGresult *r = pg_query(b,
                           "SELECT pg_catalog.string_agg(pg_catalog.format("
                           "'SELECT %s, (SELECT pg_catalog.count(*) FROM %s WHERE store = (SELECT store FROM kjeller.store_id))"
                           " + (SELECT pg_catalog.count(*) FROM %s)', pg_catalog.quote_literal(c.relname), c.oid::pg_catalog.regclass,"
                           " c.oid::pg_catalog.regclass), ' UNION ALL ' ORDER BY c.relname)"
                           " FROM pg_catalog.pg_class c WHERE c.relnamespace = pg_catalog.to_regnamespace('kjeller')"
                           " AND c.relname ~ '^shard_of_[0-9]+$'",
                           0, NULL);
    if (!r) return -1;
    char *sql = text_at(r, 0, 0) ? strdup(text_at(r, 0, 0)) : NULL;
    PQclear(r);
    if (!sql) {
        set_failure(b->pg, KJ_BACKEND_SETUP, "the store's rows are on several servers, but it names none as its own");
        return -1;
    }
    r = pg_query(b, sql, 0, NULL);
    free(sql);
    if (!r) return -1;
    for (int k = 0; k < PQntuples(r); k++)
        if (int_at(r, k, 1) != 2) { /* (ours: one row, ours) */
            char why[300];
            snprintf(why, sizeof why,
                     "the database of server kjeller_shard_%s is not this store's: it holds another store's rows, or none's",
                     PQgetvalue(r, k, 0) + strlen("shard_of_"));
            PQclear(r);
            set_failure(b->pg, KJ_BACKEND_SETUP, why);
            return -1;
        }
    PQclear(r);
    return 0;
}

/* The counts of an import's rows where they are on several servers: each
 * partition's own count, summed.  postgres_fdw sends an aggregate of a
 * foreign table to its server, but not one of a partitioned table's
 * (PostgreSQL 15): counted through kjeller.entries, every row would
 * come here to be counted. */
static int held_counts(kj_backend *b)
{
    struct kj_pg *pg = b->pg;
    for (int t = 0; t < 2; t++) {
        const char *params[1] = {t ? "kjeller.points" : "kjeller.entries"};
        PGresult *r = pg_query(b,
                               "SELECT pg_catalog.string_agg(pg_catalog.format("
                               "'(SELECT pg_catalog.count(*) FROM %s WHERE import = $1)', i.inhrelid::pg_catalog.regclass),"
                               " ' + ' ORDER BY i.inhrelid) FROM pg_catalog.pg_inherits i"
                               " WHERE i.inhparent = pg_catalog.to_regclass($1)",
                               1, params);
        if (!r) return -1;
        const char *sum = text_at(r, 0, 0);
        free(pg->held[t]);
        pg->held[t] = NULL;
        if (sum) {
            size_t n = strlen(sum) + 96;
            if ((pg->held[t] = malloc(n)) != NULL)
                snprintf(pg->held[t], n, "SELECT kind, rows, %s, sha256, mapping, file FROM kjeller.imports WHERE id = $1", sum);
        }
        PQclear(r);
        if (!pg->held[t]) {
            set_failure(pg, sum ? KJ_BACKEND_NOMEM : KJ_BACKEND_FAILED, sum ? "out of memory" : "the store's partitions are gone");
            return -1;
        }
    }
    return 0;
}

/* What the database holds of a store: -1 (a failure, or a schema
 * `kjeller` that is not a store: err says), -2 (one of the servers its
 * rows are on failed, or is not its), 0 none yet, 1 one of this version
 * (*version another's). */
static int pg_store_there(kj_backend *b, int *version, char *err, size_t n)
{
    PGresult *r = pg_query(b,
                           "SELECT pg_catalog.to_regnamespace('kjeller') IS NOT NULL,"
                           " pg_catalog.to_regclass('kjeller.store_version') IS NOT NULL",
                           0, NULL);
    if (!r) {
        snprintf(err, n, "%s", b->pg->failure);
        return -1;
    }
    int schema = !strcmp(PQgetvalue(r, 0, 0), "t"), table = !strcmp(PQgetvalue(r, 0, 1), "t");
    PQclear(r);
    if (!schema) return 0;
    if (!table) {
        snprintf(err, n, "its schema 'kjeller' is not a kjeller store");
        return -1;
    }
    if (!(r = pg_query(b,
                       "SELECT pg_catalog.max(version),"
                       " (SELECT relkind = 'p' FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass('kjeller.entries'))"
                       " FROM kjeller.store_version",
                       0, NULL))) {
        snprintf(err, n, "%s", b->pg->failure);
        return -1;
    }
    *version = (int)int_at(r, 0, 0);
    b->pg->sharded = text_at(r, 0, 1) && !strcmp(text_at(r, 0, 1), "t");
    PQclear(r);
    if (b->pg->sharded && (shards_are_ours(b) != 0 || held_counts(b) != 0)) {
        snprintf(err, n, "%s", b->pg->failure);
        return b->pg->error == KJ_BACKEND_NOMEM ? -1 : -2;
    }
    return 1;
}

static int pg_open(kj_backend *b, kj_open_mode mode, int wait_ms, char *err, size_t n)
{
    int rc = pg_connect(b, err, n);
    if (rc == 0) {
        int version = 0, there = pg_store_there(b, &version, err, n);
        if (there == -2) rc = KJ_STORE_SHARDS;
        else if (there < 0) rc = b->pg->error == KJ_BACKEND_NOMEM ? KJ_STORE_NOMEM
                                 : b->pg->error == KJ_BACKEND_DENIED ? KJ_STORE_DENIED
                                                                     : KJ_STORE_UNREADABLE;
        else if (there == 0 && mode == KJ_OPEN_READ) {
            snprintf(err, n, "the store is empty: nothing has been imported");
            rc = KJ_STORE_EMPTY;
        } else if (there && version != PG_VERSION) {
            snprintf(err, n, "a kjeller store of %s version (%d; this kjeller reads %d)", version < PG_VERSION ? "an older" : "a newer",
                     version, PG_VERSION);
            rc = version < PG_VERSION ? KJ_STORE_OLDER : KJ_STORE_NEWER;
        }
    }
    if (rc != 0) {
        if (b->pg) PQfinish(b->pg->conn);
        free(b->pg);
        b->pg = NULL;
        return rc;
    }
    b->pg->wait_ms = wait_ms > 0 ? wait_ms : 60000;
    b->ops = &kj_pg_ops;
    return 0;
}

static void pg_close(kj_backend *b)
{
    struct kj_pg *pg = b->pg;
    if (!pg) return;
    PQclear(pg->state);
    PQclear(pg->earlier);
    PQfinish(pg->conn);
    free(pg->held[0]);
    free(pg->held[1]);
    free(pg->copy.s);
    free(pg);
    b->pg = NULL;
}

/* Ends an import's COPY, if open, without its rows. */
static void end_copy(struct kj_pg *pg)
{
    if (!pg->copying) return;
    pg->copying = 0;
    pg->copy.n = 0;
    if (PQputCopyEnd(pg->conn, "the import was abandoned") == 1) {
        PGresult *r;
        while ((r = PQgetResult(pg->conn)) != NULL) PQclear(r);
    }
}

/* Lets other writers have the store's lock again (and drops the readers'
 * lock, if held). */
static void unlock(struct kj_pg *pg)
{
    if (pg->reading) {
        pg->reading = 0;
        PQclear(PQexec(pg->conn, "SELECT pg_catalog.pg_advisory_unlock_shared(" PG_READERS_LOCK ")"));
    }
    if (!pg->locked) return;
    pg->locked = 0;
    PQclear(PQexec(pg->conn, "SELECT pg_catalog.pg_advisory_unlock(" PG_LOCK ")"));
}

static void pg_rollback(kj_backend *b)
{
    struct kj_pg *pg = b->pg;
    end_copy(pg);
    if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE) PQclear(PQexec(pg->conn, "ROLLBACK"));
    unlock(pg);
}

static void pg_abandon(kj_backend *b) { pg_rollback(b); }

/* ---- transactions ----------------------------------------------------------------- */

/* A read sees one snapshot of the store.  Where the rows are on other
 * servers, postgres_fdw reads each in a snapshot of its own, taken when
 * the read first asks it for rows, later than this database's: an
 * import committed between them is not read (its row in kjeller.imports
 * is not in the snapshot), but a drop committed between them would leave
 * an import listed whose rows are gone, and a check would read it as a
 * register that recorded nothing.  So such reads hold PG_READERS_LOCK,
 * shared, taken before their snapshot (outside the transaction) and kept
 * until it ends; a drop deletes rows only holding it alone (pg_delete_
 * import), and waits for the reads under way. */
static int pg_begin_read(kj_backend *b)
{
    struct kj_pg *pg = b->pg;
    if (pg->sharded && !pg->reading) {
        char sql[200];
        snprintf(sql, sizeof sql,
                 "SELECT pg_catalog.set_config('lock_timeout', '%dms', false), pg_catalog.pg_advisory_lock_shared(%s)",
                 pg->wait_ms, PG_READERS_LOCK);
        if (pg_exec(b, sql) != 0) return -1;
        pg->reading = 1;
        if (pg_exec(b, "RESET lock_timeout") != 0) return -1;
    }
    return pg_exec(b, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

/* The query of a check's main connection (prepared on it): a target's
 * imports with rows. */
static const char *const check_names[1] = {"kj_imports"};
static const char *const check_sql[1] = {
    "SELECT id, width, attr_keys FROM kjeller.imports WHERE target = $1 AND (place = $2 OR $2 IS NULL) AND rows > 0"
    " ORDER BY id"};

/* Prepares n statements on the connection: 0, or -1. */
static int pg_prepare(kj_backend *b, const char *const *names, const char *const *sql, int n)
{
    for (int k = 0; k < n; k++) {
        PGresult *r = PQprepare(b->pg->conn, names[k], sql[k], 0, NULL);
        if (!pg_ok(b, r)) return -1;
        PQclear(r);
    }
    return 0;
}

/* A check's sessions (its main connection, its readers') run without
 * the server's JIT compiler: the estimates of a query over thousands of
 * windows or asks, each a lateral index scan, pass jit_above_cost, and
 * compiling one took the server 0.8 s against 50 ms of running it
 * (EXPLAIN ANALYZE, PostgreSQL 15, 4,096 asks for trace points).  None
 * of a check's queries runs long enough to win the time back. */
static int no_jit(kj_backend *b) { return pg_exec(b, "SELECT pg_catalog.set_config('jit', 'off', false)"); }

static int pg_begin_check(kj_backend *b)
{
    if (no_jit(b) != 0 || pg_begin_read(b) != 0) return -1;
    return pg_prepare(b, check_names, check_sql, 1);
}

/* Takes the lock imports and drops take, waiting at most wait_ms, and
 * begins a transaction under it (released when the transaction ends:
 * pg_commit, pg_rollback).  The lock is the session's, taken outside
 * any transaction: one begun after it sees every table and import that
 * the writers before made. */
static int lock_and_begin(kj_backend *b, int wait_ms)
{
    struct kj_pg *pg = b->pg;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT pg_catalog.set_config('lock_timeout', '%dms', false), pg_catalog.pg_advisory_lock(%s)",
             wait_ms, PG_LOCK);
    if (pg_exec(b, sql) != 0) return -1;
    pg->locked = 1;
    if (pg_exec(b, "RESET lock_timeout") != 0 || pg_exec(b, "BEGIN") != 0) {
        unlock(pg);
        return -1;
    }
    return 0;
}

/* Reads again, under the writers' lock, whether the store's rows are on
 * several servers: a command that opened the database before another
 * made the store there read none (and a writer that took it for one
 * server would delete rows without the readers' lock): 0, or -1. */
static int relayout(kj_backend *b)
{
    PGresult *r = pg_query(b,
                           "SELECT COALESCE((SELECT relkind = 'p' FROM pg_catalog.pg_class"
                           " WHERE oid = pg_catalog.to_regclass('kjeller.entries')), false)",
                           0, NULL);
    if (!r) return -1;
    b->pg->sharded = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    return b->pg->sharded ? shards_are_ours(b) : 0;
}

static int pg_begin_write(kj_backend *b, int wait_ms)
{
    if (lock_and_begin(b, wait_ms) != 0) return -1;
    return relayout(b);
}

/* Ends the transaction: 0 committed, -1 not. */
static int end_transaction(kj_backend *b)
{
    PGresult *r = PQexec(b->pg->conn, "COMMIT");
    if (!pg_ok(b, r)) return -1;
    /* (a transaction that failed ends in ROLLBACK, without an error) */
    int committed = !strcmp(PQcmdStatus(r), "COMMIT");
    PQclear(r);
    if (!committed) set_failure(b->pg, KJ_BACKEND_FAILED, "the transaction was rolled back");
    return committed ? 0 : -1;
}

static int pg_commit(kj_backend *b)
{
    int rc = end_transaction(b);
    unlock(b->pg);
    return rc;
}

/* ---- the imports table ---------------------------------------------------------- */

static int pg_list_imports(kj_backend *b, int64_t only_id, int (*fn)(void *ctx, const kj_import_row *row), void *ctx)
{
    int_text id = int_param(only_id);
    const char *params[1] = {id.s};
    PGresult *r = pg_query(b,
                           only_id ? "SELECT id, kind, target, place, file, bytes, sha256, rows, rejected, imported_at, mapping,"
                                     " rows_sha256 FROM kjeller.imports WHERE id = $1"
                                   : "SELECT id, kind, target, place, file, bytes, sha256, rows, rejected, imported_at, mapping,"
                                     " rows_sha256 FROM kjeller.imports ORDER BY id",
                           only_id ? 1 : 0, params);
    if (!r) return -1;
    int n = PQntuples(r), k = 0;
    for (; k < n; k++) {
        kj_import_row row = {.id = int_at(r, k, 0), .kind = text_at(r, k, 1), .target = text_at(r, k, 2),
                             .place = text_at(r, k, 3), .file = text_at(r, k, 4), .bytes = int_at(r, k, 5),
                             .sha256 = text_at(r, k, 6), .rows = int_at(r, k, 7), .rejected = int_at(r, k, 8),
                             .imported_at = text_at(r, k, 9), .mapping = text_at(r, k, 10), .rows_sha256 = text_at(r, k, 11)};
        if (fn(ctx, &row)) {
            k++;
            break;
        }
    }
    PQclear(r);
    return k;
}

static int pg_has_tables(kj_backend *b)
{
    PGresult *r = pg_query(b, "SELECT pg_catalog.to_regclass('kjeller.imports') IS NOT NULL", 0, NULL);
    if (!r) return 1; /* (the query that follows says what is wrong) */
    int there = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    return there;
}

static int pg_imports_of(kj_backend *b, const char *target, const char *place,
                         void (*fn)(void *ctx, int64_t id, int64_t width, const char *attr_keys), void *ctx)
{
    const char *params[2] = {target, place};
    PGresult *r = pg_prepared(b, "kj_imports", 2, params);
    if (!r) return -1;
    for (int k = 0; k < PQntuples(r); k++) {
        const char *keys = text_at(r, k, 2);
        fn(ctx, int_at(r, k, 0), int_at(r, k, 1), keys ? keys : "");
    }
    PQclear(r);
    return 0;
}

static int pg_import_state(kj_backend *b, int64_t id, int trace, kj_import_state *out)
{
    struct kj_pg *pg = b->pg;
    memset(out, 0, sizeof *out);
    PQclear(pg->state);
    int_text t = int_param(id);
    const char *params[1] = {t.s};
    pg->state = pg_query(b,
                         pg->sharded && pg->held[trace != 0] ? pg->held[trace != 0]
                         : trace ? "SELECT kind, rows, (SELECT pg_catalog.count(*) FROM kjeller.points WHERE import = $1),"
                                 " sha256, mapping, file FROM kjeller.imports WHERE id = $1"
                               : "SELECT kind, rows, (SELECT pg_catalog.count(*) FROM kjeller.entries WHERE import = $1),"
                                 " sha256, mapping, file FROM kjeller.imports WHERE id = $1",
                         1, params);
    if (!pg->state) return -1;
    if (PQntuples(pg->state) == 0) return 0;
    out->kind = text_at(pg->state, 0, 0);
    out->rows = int_at(pg->state, 0, 1);
    out->held = int_at(pg->state, 0, 2);
    out->sha256 = text_at(pg->state, 0, 3);
    out->mapping = text_at(pg->state, 0, 4);
    out->file = text_at(pg->state, 0, 5);
    return 1;
}

static int pg_other_files(kj_backend *b, int64_t id, void (*fn)(void *ctx, const char *file), void *ctx)
{
    int_text t = int_param(id);
    const char *params[1] = {t.s};
    PGresult *r = pg_query(b, "SELECT file FROM kjeller.imports WHERE id <> $1 ORDER BY id", 1, params);
    if (!r) return -1;
    for (int k = 0; k < PQntuples(r); k++) fn(ctx, text_at(r, k, 0));
    PQclear(r);
    return 0;
}

static int pg_imports_with_rows(kj_backend *b, const char *target)
{
    const char *params[1] = {target};
    PGresult *r = pg_query(b, "SELECT pg_catalog.count(*) FROM kjeller.imports WHERE target = $1 AND rows > 0", 1, params);
    if (!r) return -1;
    int n = (int)int_at(r, 0, 0);
    PQclear(r);
    return n;
}

static int pg_delete_import(kj_backend *b, int64_t id, const char *why)
{
    struct kj_pg *pg = b->pg;
    if (pg->sharded) { /* (no read under way that could see the import: pg_begin_read) */
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT pg_catalog.set_config('lock_timeout', '%dms', true), pg_catalog.pg_advisory_xact_lock(%s)",
                 pg->wait_ms, PG_READERS_LOCK);
        if (pg_exec(b, sql) != 0) return -1;
    }
    int_text t = int_param(id);
    const char *params[2] = {t.s, why};
    static const char *const sql[] = {
        "DELETE FROM kjeller.entries WHERE import = $1", "DELETE FROM kjeller.points WHERE import = $1",
        ("WITH gone AS (DELETE FROM kjeller.imports WHERE id = $1 RETURNING *)"
         " INSERT INTO kjeller.audit(action, import, kind, target, place, file, sha256, bytes, rows, rows_sha256, note)"
         " SELECT 'drop', id, kind, target, place, file, sha256, bytes, rows, rows_sha256, $2 FROM gone")};
    for (size_t k = 0; k < sizeof sql / sizeof *sql; k++) {
        PGresult *r = pg_query(b, sql[k], k == 2 ? 2 : 1, params);
        if (!r) return -1;
        PQclear(r);
    }
    return 0;
}

/* ---- cursors ------------------------------------------------------------------------ */

/* Declares cursor kj_cursor for sql (in the caller's transaction): 0, or -1. */
static int cursor_open(kj_backend *b, const char *sql, int n, const char *const *params)
{
    size_t len = strlen(sql) + 64;
    char *declare = malloc(len);
    if (!declare) {
        set_failure(b->pg, KJ_BACKEND_NOMEM, "out of memory");
        return -1;
    }
    snprintf(declare, len, "DECLARE kj_cursor NO SCROLL CURSOR FOR %s", sql);
    PGresult *r = pg_query(b, declare, n, params);
    free(declare);
    if (!r) return -1;
    PQclear(r);
    return 0;
}

/* The cursor's next rows (none: its end), or NULL (recorded). */
static PGresult *cursor_fetch(kj_backend *b)
{
    char sql[64];
    snprintf(sql, sizeof sql, "FETCH FORWARD %d FROM kj_cursor", PG_FETCH);
    return pg_query(b, sql, 0, NULL);
}

static int cursor_close(kj_backend *b) { return pg_exec(b, "CLOSE kj_cursor"); }

/* ---- the digest of an import's rows --------------------------------------------- */

static void digest_text(kj_rows_digest *d, const PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col)) kj_rows_digest_text(d, NULL, 0);
    else kj_rows_digest_text(d, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}

static int pg_rows_digest(kj_backend *b, int64_t id, char out[65], int64_t *rows)
{
    int_text t = int_param(id);
    const char *params[1] = {t.s};
    PGresult *how = pg_query(b, "SELECT kind, target, place, width, attr_keys FROM kjeller.imports WHERE id = $1", 1, params);
    if (!how) return -1;
    if (PQntuples(how) == 0) {
        PQclear(how);
        return 1;
    }
    kj_rows_reading reading = {.kind = text_at(how, 0, 0) ? text_at(how, 0, 0) : "",
                               .target = text_at(how, 0, 1) ? text_at(how, 0, 1) : "",
                               .place = text_at(how, 0, 2), .width = int_at(how, 0, 3),
                               .attr_keys = text_at(how, 0, 4) ? text_at(how, 0, 4) : ""};
    int trace = !strcmp(reading.kind, "trace");
    int rc = cursor_open(b,
                         trace ? "SELECT line, t_lo, t_hi, time, lat, lon, radius_m, place, note FROM kjeller.points"
                                 " WHERE import = $1 ORDER BY line, id"
                               : "SELECT line, t_lo, t_hi, time, event, subject, attrs, note FROM kjeller.entries"
                                 " WHERE import = $1 ORDER BY line, id",
                         1, params);
    kj_rows_digest d;
    kj_rows_digest_init(&d);
    int64_t n = 0;
    for (PGresult *r; rc == 0;) {
        if (!(r = cursor_fetch(b))) {
            rc = -1;
            break;
        }
        int got = PQntuples(r);
        for (int k = 0; k < got; k++, n++) {
            kj_rows_digest_row(&d);
            for (int c = 0; c < 3; c++) kj_rows_digest_int(&d, int_at(r, k, c));
            digest_text(&d, r, k, 3);
            if (trace) {
                for (int c = 4; c < 7; c++) kj_rows_digest_real(&d, real_at(r, k, c));
                digest_text(&d, r, k, 7);
                digest_text(&d, r, k, 8);
            } else {
                for (int c = 4; c < 8; c++) digest_text(&d, r, k, c);
            }
            kj_rows_digest_stored(&d);
        }
        PQclear(r);
        if (got == 0) break;
    }
    if (rc == 0) rc = cursor_close(b);
    if (rc == 0) kj_rows_digest_hex(&d, &reading, out);
    PQclear(how);
    if (rc != 0) return -1;
    *rows = n;
    return 0;
}

/* ---- what a check reads --------------------------------------------------------- */

static int buf_put(struct kj_pg *pg, buf *t, const char *s, size_t n)
{
    if (t->n + n + 1 > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 4096;
        while (cap < t->n + n + 1) cap *= 2;
        char *grown = realloc(t->s, cap);
        if (!grown) {
            set_failure(pg, KJ_BACKEND_NOMEM, "out of memory");
            return -1;
        }
        t->s = grown;
        t->cap = cap;
    }
    memcpy(t->s + t->n, s, n);
    t->n += n;
    t->s[t->n] = 0;
    return 0;
}

/* Appends v to an array's text ("{1,2" ... then "}" by the caller). */
static int buf_int(struct kj_pg *pg, buf *t, int64_t v)
{
    char s[24];
    int n = snprintf(s, sizeof s, "%s%" PRId64, t->n ? "," : "{", v);
    return buf_put(pg, t, s, (size_t)n);
}

static int buf_end(struct kj_pg *pg, buf *t) { return t->n ? buf_put(pg, t, "}", 1) : buf_put(pg, t, "{}", 2); }

#define PG_POINTS_SELECT "SELECT id, t_lo, t_hi, line, import, time, lat, lon, radius_m, place, note FROM kjeller.points"

/* The points of asks [from, to), to fn (pg_points): one query, each ask
 * a lateral subquery of which only the branch of its kind runs (a
 * one-time filter), through points_by_time (EXPLAIN: an index scan, or
 * a backward one for the points before, under an incremental sort by
 * line and id, the LIMIT on top).  At most the asks' limits come back:
 * one result, no cursor. */
static int points_of_asks(kj_backend *b, const kj_points_ask *asks, int from, int to,
                          void (*fn)(void *ctx, int ask, const kj_point_row *p), void *ctx)
{
    struct kj_pg *pg = b->pg;
    buf kind = {0}, im = {0}, lo = {0}, hi = {0}, lim = {0};
    int rc = 0;
    for (int i = from; i < to && rc == 0; i++) {
        const kj_points_ask *a = &asks[i];
        int k = a->where == KJ_POINTS_BEFORE ? 0 : a->where == KJ_POINTS_AFTER ? 1 : 2;
        rc = buf_int(pg, &kind, k) || buf_int(pg, &im, a->import) || buf_int(pg, &lo, a->lo) ||
                     buf_int(pg, &hi, a->where == KJ_POINTS_INSIDE ? a->hi : 0) || buf_int(pg, &lim, a->limit)
                 ? -1
                 : 0;
    }
    if (rc == 0)
        rc = buf_end(pg, &kind) || buf_end(pg, &im) || buf_end(pg, &lo) || buf_end(pg, &hi) || buf_end(pg, &lim) ? -1 : 0;
    const char *params[5] = {kind.s, im.s, lo.s, hi.s, lim.s};
    /* an ask's points in the order of the query it stands for: the
     * latest first before the window, else the earliest first */
    PGresult *r = rc != 0 ? NULL
                          : pg_query(b,
                                     "SELECT w.i, p.t_lo, p.t_hi, p.line, p.import, p.time, p.lat, p.lon, p.radius_m, p.place, p.note"
                                     " FROM ROWS FROM (pg_catalog.unnest($1::pg_catalog.int8[]), pg_catalog.unnest($2::pg_catalog.int8[]),"
                                     " pg_catalog.unnest($3::pg_catalog.int8[]), pg_catalog.unnest($4::pg_catalog.int8[]),"
                                     " pg_catalog.unnest($5::pg_catalog.int8[])) WITH ORDINALITY AS w(kind, im, lo, hi, lim, i)"
                                     " CROSS JOIN LATERAL ("
                                     "  (" PG_POINTS_SELECT " WHERE w.kind = 0 AND import = w.im AND t_lo < w.lo"
                                     "   ORDER BY t_lo DESC, line DESC, id DESC LIMIT w.lim)"
                                     "  UNION ALL (" PG_POINTS_SELECT " WHERE w.kind = 1 AND import = w.im AND t_lo > w.lo"
                                     "   ORDER BY t_lo, line, id LIMIT w.lim)"
                                     "  UNION ALL (" PG_POINTS_SELECT " WHERE w.kind = 2 AND import = w.im AND t_lo BETWEEN w.lo AND w.hi"
                                     "   ORDER BY t_lo, line, id LIMIT w.lim)) p"
                                     " ORDER BY w.i, CASE WHEN w.kind = 0 THEN p.t_lo END DESC, CASE WHEN w.kind = 0 THEN p.line END DESC,"
                                     " CASE WHEN w.kind = 0 THEN p.id END DESC, p.t_lo, p.line, p.id",
                                     5, params);
    free(kind.s);
    free(im.s);
    free(lo.s);
    free(hi.s);
    free(lim.s);
    if (!r) return -1;
    for (int k = 0; k < PQntuples(r); k++) {
        kj_point_row p = {.t_lo = int_at(r, k, 1), .t_hi = int_at(r, k, 2), .line = (int)int_at(r, k, 3),
                          .import = int_at(r, k, 4), .time = text_at(r, k, 5), .lat = real_at(r, k, 6),
                          .lon = real_at(r, k, 7), .radius_m = real_at(r, k, 8), .place = text_at(r, k, 9),
                          .note = text_at(r, k, 10)};
        fn(ctx, from + (int)int_at(r, k, 0) - 1, &p);
    }
    PQclear(r);
    return 0;
}

/* The ids of the windows [from, to) of one import, to fn (entry_ids). */
static int ids_of_windows(kj_backend *b, int64_t import, int64_t width, const kj_window *w, int from, int to,
                          int (*fn)(void *ctx, int w, int64_t id), void *ctx)
{
    struct kj_pg *pg = b->pg;
    buf lo = {0}, hi = {0}, lim = {0};
    int rc = 0;
    for (int i = from; i < to && rc == 0; i++)
        rc = buf_int(pg, &lo, w[i].lo) || buf_int(pg, &hi, w[i].hi) || buf_int(pg, &lim, w[i].limit) ? -1 : 0;
    if (rc == 0) rc = buf_end(pg, &lo) || buf_end(pg, &hi) || buf_end(pg, &lim) ? -1 : 0;
    int_text im = int_param(import), wd = int_param(width);
    const char *params[5] = {im.s, wd.s, lo.s, hi.s, lim.s};
    /* each window's rows through the index, at most its limit, window by window */
    if (rc == 0)
        rc = cursor_open(b,
                         "SELECT w.i, e.id FROM ROWS FROM (pg_catalog.unnest($3::pg_catalog.int8[]),"
                         " pg_catalog.unnest($4::pg_catalog.int8[]), pg_catalog.unnest($5::pg_catalog.int8[]))"
                         " WITH ORDINALITY AS w(lo, hi, lim, i)"
                         " CROSS JOIN LATERAL (SELECT id FROM kjeller.entries"
                         "   WHERE import = $1::pg_catalog.int8 AND t_lo BETWEEN w.lo - $2::pg_catalog.int8 AND w.hi LIMIT w.lim) e"
                         " ORDER BY w.i",
                         5, params);
    free(lo.s);
    free(hi.s);
    free(lim.s);
    int skip = -1; /* a window fn has had enough of */
    for (PGresult *r; rc == 0;) {
        if (!(r = cursor_fetch(b))) {
            rc = -1;
            break;
        }
        int got = PQntuples(r);
        for (int k = 0; k < got; k++) {
            int wi = from + (int)int_at(r, k, 0) - 1;
            if (wi != skip && fn(ctx, wi, int_at(r, k, 1))) skip = wi;
        }
        PQclear(r);
        if (got == 0) break;
    }
    return rc == 0 ? cursor_close(b) : -1;
}

/* ---- a register's windows, its rows on several servers ---------------------------
 *
 * The LATERAL join of ids_of_windows is run by this server: postgres_fdw
 * sends each window to each server as a query of its own, a round trip
 * apiece (measured: 4 ms a window with three servers on one machine).  So
 * where the rows are on several servers, the windows of a batch are
 * merged into spans, the spans near enough to each other into groups,
 * and each group is one query (sent to every server at once): its hull
 * through the servers' (import, t_lo) index, its spans as one
 * int8multirange, which postgres_fdw sends as it is.  The rows come back
 * in time order and are dealt to the windows here, each window's in
 * order and at most its limit, as the LATERAL join gives them.
 *
 * Two spans are one group when the rows between them, at the import's
 * mean density (its rows over its time: kjeller.imports.t_first,
 * t_last), are fewer than PG_GAP_ROWS, what a round trip costs about.  A
 * batch whose windows would bring more than PG_HELD_ROWS rows back (a
 * claim with no time has all of them), by that estimate or in fact, is
 * read by the LATERAL join instead, whose limits hold. */
#define PG_GAP_ROWS 20000.0
#ifndef PG_HELD_ROWS /* (a build with a small one tries the way back: docs/scale-out.md) */
#define PG_HELD_ROWS 2000000
#endif

typedef struct timed_id {
    int64_t t, id;
} timed_id;

typedef struct span {
    int64_t lo, hi;
} span;

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : x->hi < y->hi ? -1 : x->hi > y->hi;
}

/* The rows of the group spans[from, to) onto *rows (*n of *cap): 0, 1 when
 * they would be more than PG_HELD_ROWS, -1 on a failure. */
/* Opens kj_cursor on `select` (columns of kjeller.entries or points) of
 * import's rows in spans[from, to): the spans' hull through the (import,
 * t_lo) index, the spans themselves as one int8multirange, which
 * postgres_fdw sends to the servers as it is.  0, or -1. */
static int spans_cursor(kj_backend *b, const char *select, const char *import, const span *spans, int from, int to)
{
    struct kj_pg *pg = b->pg;
    buf mr = {0};
    int rc = buf_put(pg, &mr, "{", 1);
    for (int k = from; k < to && rc == 0; k++) {
        char r[64];
        int len = snprintf(r, sizeof r, "%s[%" PRId64 ",%" PRId64 "]", k > from ? "," : "", spans[k].lo, spans[k].hi);
        rc = buf_put(pg, &mr, r, (size_t)len);
    }
    if (rc == 0) rc = buf_put(pg, &mr, "}", 1);
    int_text lo = int_param(spans[from].lo), hi = int_param(spans[to - 1].hi);
    const char *params[4] = {import, lo.s, hi.s, mr.s};
    size_t n = strlen(select) + 256;
    char *sql = rc == 0 ? malloc(n) : NULL;
    if (rc == 0 && !sql) {
        set_failure(pg, KJ_BACKEND_NOMEM, "out of memory");
        rc = -1;
    }
    if (rc == 0) {
        snprintf(sql, n,
                 "%s WHERE import = $1::pg_catalog.int8 AND t_lo BETWEEN $2::pg_catalog.int8 AND $3::pg_catalog.int8"
                 " AND t_lo OPERATOR(pg_catalog.<@) $4::pg_catalog.int8multirange",
                 select);
        rc = cursor_open(b, sql, 4, params);
    }
    free(sql);
    free(mr.s);
    return rc;
}

static int group_rows(kj_backend *b, const char *import, const span *spans, int from, int to, timed_id **rows, long *n, long *cap)
{
    struct kj_pg *pg = b->pg;
    int rc = spans_cursor(b, "SELECT t_lo, id FROM kjeller.entries", import, spans, from, to);
    for (PGresult *r; rc == 0;) {
        if (!(r = cursor_fetch(b))) {
            rc = -1;
            break;
        }
        int got = PQntuples(r);
        if (*n + got > PG_HELD_ROWS) {
            PQclear(r);
            cursor_close(b);
            return 1;
        }
        if (*n + got > *cap) {
            long grown_cap = *cap ? *cap : 4096;
            while (grown_cap < *n + got) grown_cap *= 2;
            timed_id *grown = realloc(*rows, sizeof **rows * (size_t)grown_cap);
            if (!grown) {
                PQclear(r);
                set_failure(pg, KJ_BACKEND_NOMEM, "out of memory");
                return -1;
            }
            *rows = grown;
            *cap = grown_cap;
        }
        for (int k = 0; k < got; k++) (*rows)[(*n)++] = (timed_id){.t = int_at(r, k, 0), .id = int_at(r, k, 1)};
        PQclear(r);
        if (got == 0) break;
    }
    return rc == 0 ? cursor_close(b) : -1;
}

static int timed_cmp(const void *a, const void *b)
{
    const timed_id *x = a, *y = b;
    return x->t < y->t ? -1 : x->t > y->t ? 1 : x->id < y->id ? -1 : x->id > y->id;
}

/* As ids_of_windows, for a store whose rows are on several servers: 0,
 * 1 (the batch is for ids_of_windows), or -1. */
static int ids_of_spans(kj_backend *b, int64_t import, int64_t width, const kj_window *w, int from, int to,
                        int (*fn)(void *ctx, int w, int64_t id), void *ctx)
{
    struct kj_pg *pg = b->pg;
    int_text im = int_param(import);
    const char *one[1] = {im.s};
    PGresult *r = pg_query(b, "SELECT rows, t_first, t_last FROM kjeller.imports WHERE id = $1::pg_catalog.int8", 1, one);
    if (!r) return -1;
    if (PQntuples(r) != 1 || PQgetisnull(r, 0, 1)) {
        PQclear(r);
        return 1;
    }
    double rows = (double)int_at(r, 0, 0), extent = (double)int_at(r, 0, 2) - (double)int_at(r, 0, 1) + 1.0;
    PQclear(r);
    double density = rows / (extent > 1.0 ? extent : 1.0); /* rows per unit of t */
    int nw = to - from;
    for (int i = from; i < to; i++)
        if (w[i].lo < INT64_MIN / 4 || w[i].hi > INT64_MAX / 4 || width > INT64_MAX / 4) return 1; /* (no overflow below) */
    span *spans = malloc(sizeof *spans * (size_t)nw);
    if (!spans) {
        set_failure(pg, KJ_BACKEND_NOMEM, "out of memory");
        return -1;
    }
    for (int i = 0; i < nw; i++) spans[i] = (span){.lo = w[from + i].lo - width, .hi = w[from + i].hi};
    qsort(spans, (size_t)nw, sizeof *spans, span_cmp);
    int ns = 0; /* merged, in place */
    for (int i = 0; i < nw; i++) {
        if (spans[i].lo > spans[i].hi) continue; /* (holds no row) */
        if (ns && spans[i].lo <= spans[ns - 1].hi) {
            if (spans[i].hi > spans[ns - 1].hi) spans[ns - 1].hi = spans[i].hi;
        } else {
            spans[ns++] = spans[i];
        }
    }
    double expected = 0;
    for (int i = 0; i < ns; i++) expected += ((double)spans[i].hi - (double)spans[i].lo + 1.0) * density;
    timed_id *got = NULL;
    long n = 0, cap = 0;
    int rc = expected > PG_HELD_ROWS ? 1 : 0;
    for (int g = 0; g < ns && rc == 0;) {
        int e = g + 1;
        while (e < ns && ((double)spans[e].lo - (double)spans[e - 1].hi) * density < PG_GAP_ROWS) e++;
        rc = group_rows(b, im.s, spans, g, e, &got, &n, &cap);
        g = e;
    }
    free(spans);
    if (rc == 0) {
        if (n) qsort(got, (size_t)n, sizeof *got, timed_cmp); /* (got: NULL when none) */
        for (int i = from; i < to; i++) {
            int64_t lo = w[i].lo - width;
            long a = 0, z = n; /* the first row at or after lo */
            while (a < z) {
                long m = a + (z - a) / 2;
                if (got[m].t < lo) a = m + 1;
                else z = m;
            }
            for (long k = a, dealt = 0; k < n && got[k].t <= w[i].hi && dealt < w[i].limit; k++, dealt++)
                if (fn(ctx, i, got[k].id)) break;
        }
    }
    free(got);
    return rc;
}

static int pg_entry_ids(kj_backend *b, int64_t import, int64_t width, const kj_window *w, int n,
                        int (*fn)(void *ctx, int w, int64_t id), void *ctx)
{
    for (int from = 0; from < n; from += PG_WINDOWS) {
        int to = from + PG_WINDOWS < n ? from + PG_WINDOWS : n;
        int rc = b->pg->sharded ? ids_of_spans(b, import, width, w, from, to, fn, ctx) : 1;
        if (rc == 1) rc = ids_of_windows(b, import, width, w, from, to, fn, ctx);
        if (rc != 0) return -1;
    }
    return 0;
}

/* ---- a trace's points, where the rows are on several servers ----------------------- */

/* postgres_fdw runs points_of_asks's LATERAL join as one round trip per
 * ask (measured: 2,000 couriers' claims against one trace took 27 s with
 * three servers on one machine, 4 s with one).  So where the rows are on
 * several servers, an ask is answered from a range of its import's
 * points fetched whole: the points before x from [x - d, x), those after
 * it from (x, x + d], those inside a window from its first d, each range
 * cut to the import's [t_first, t_last].  A range holding at least the
 * ask's limit of points answers it, and so does one reaching the end of
 * the import's points; the others are asked again with d 64 times
 * larger, then with no bound.  d starts at four times the limit over the
 * import's density (its rows over its time).  The ranges of a round are
 * merged into spans and fetched as the register's windows are (a group
 * of spans a query: group_rows); the points come back in time order and
 * each ask takes its limit of them in the order its own query gives, so
 * the facts are those of points_of_asks.  Asks whose points would be
 * more than PG_HELD_ROWS go to points_of_asks. */
#define PG_POINTS_ROUNDS 4 /* the last: no bound */

typedef struct held_point {
    int64_t import, t, id;
    int line, result, row; /* its result and row there */
} held_point;

typedef struct held_points {
    held_point *p;
    long n, cap;
    PGresult **results;
    int n_results, cap_results;
} held_points;

static int held_cmp(const void *a, const void *b)
{
    const held_point *x = a, *y = b;
    if (x->import != y->import) return x->import < y->import ? -1 : 1;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static void held_free(held_points *h)
{
    for (int k = 0; k < h->n_results; k++) PQclear(h->results[k]);
    free(h->results);
    free(h->p);
}

/* Keeps r (its rows: id, t_lo, t_hi, line, import, ...) in h: 0, 1 when
 * h would hold more than PG_HELD_ROWS points, -1 (r cleared either way
 * but on 0). */
static int held_put(struct kj_pg *pg, held_points *h, PGresult *r)
{
    int got = PQntuples(r);
    if (h->n + got > PG_HELD_ROWS) {
        PQclear(r);
        return 1;
    }
    if (h->n_results == h->cap_results) {
        int cap = h->cap_results ? 2 * h->cap_results : 16;
        PGresult **grown = realloc(h->results, sizeof *grown * (size_t)cap);
        if (!grown) goto nomem;
        h->results = grown;
        h->cap_results = cap;
    }
    if (h->n + got > h->cap) {
        long cap = h->cap ? h->cap : 4096;
        while (cap < h->n + got) cap *= 2;
        held_point *grown = realloc(h->p, sizeof *grown * (size_t)cap);
        if (!grown) goto nomem;
        h->p = grown;
        h->cap = cap;
    }
    for (int k = 0; k < got; k++)
        h->p[h->n++] = (held_point){.id = int_at(r, k, 0), .t = int_at(r, k, 1), .line = (int)int_at(r, k, 3),
                                    .import = int_at(r, k, 4), .result = h->n_results, .row = k};
    h->results[h->n_results++] = r;
    return 0;
nomem:
    PQclear(r);
    set_failure(pg, KJ_BACKEND_NOMEM, "out of memory");
    return -1;
}

/* The points of import `import` in spans[from, to) into h: 0, 1 (too
 * many), -1. */
static int points_group(kj_backend *b, const char *import, const span *spans, int from, int to, held_points *h)
{
    int rc = spans_cursor(b, PG_POINTS_SELECT, import, spans, from, to);
    for (PGresult *r; rc == 0;) {
        if (!(r = cursor_fetch(b))) return -1;
        if (PQntuples(r) == 0) {
            PQclear(r);
            break;
        }
        if ((rc = held_put(b->pg, h, r)) == 1) cursor_close(b);
    }
    return rc == 0 ? cursor_close(b) : rc;
}

/* What is known of an import of points: its rows and their times. */
typedef struct trace_extent {
    int64_t import, t_first, t_last;
    double density; /* points per unit of t */
} trace_extent;

/* An ask's range in round `round` (0: its points are none), from the
 * extent e of its import. */
static int ask_range(const kj_points_ask *a, const trace_extent *e, int round, int64_t *lo, int64_t *hi)
{
    if (a->limit <= 0 || e->t_first > e->t_last) return 0;
    int64_t d = INT64_MAX / 4;
    if (round < PG_POINTS_ROUNDS - 1) {
        double dd = 4.0 * a->limit / (e->density > 0 ? e->density : 1e-300);
        for (int k = 0; k < round; k++) dd *= 64.0;
        d = dd < 1.0 ? 1 : dd < (double)(INT64_MAX / 4) ? (int64_t)dd : INT64_MAX / 4;
    }
    switch (a->where) {
    case KJ_POINTS_BEFORE:
        *hi = a->lo - 1 < e->t_last ? a->lo - 1 : e->t_last;
        *lo = *hi - d > e->t_first ? *hi - d : e->t_first;
        break;
    case KJ_POINTS_AFTER:
        *lo = a->lo + 1 > e->t_first ? a->lo + 1 : e->t_first;
        *hi = *lo + d < e->t_last ? *lo + d : e->t_last;
        break;
    default:
        *lo = a->lo > e->t_first ? a->lo : e->t_first;
        *hi = a->hi < e->t_last ? a->hi : e->t_last;
        if (*hi - *lo > d) *hi = *lo + d;
        break;
    }
    return *lo <= *hi;
}

/* The first held point of import at or after t. */
static long held_at(const held_points *h, int64_t import, int64_t t)
{
    long a = 0, z = h->n;
    while (a < z) {
        long m = a + (z - a) / 2;
        if (h->p[m].import < import || (h->p[m].import == import && h->p[m].t < t)) a = m + 1;
        else z = m;
    }
    return a;
}

static void held_give(const held_points *h, long k, int ask, void (*fn)(void *ctx, int ask, const kj_point_row *p), void *ctx)
{
    const PGresult *r = h->results[h->p[k].result];
    int i = h->p[k].row;
    kj_point_row p = {.t_lo = int_at(r, i, 1), .t_hi = int_at(r, i, 2), .line = (int)int_at(r, i, 3),
                      .import = int_at(r, i, 4), .time = text_at(r, i, 5), .lat = real_at(r, i, 6),
                      .lon = real_at(r, i, 7), .radius_m = real_at(r, i, 8), .place = text_at(r, i, 9),
                      .note = text_at(r, i, 10)};
    fn(ctx, ask, &p);
}

/* As points_of_asks, for a store whose rows are on several servers: 0,
 * 1 (the asks are for points_of_asks), or -1. */
static int points_of_spans(kj_backend *b, const kj_points_ask *asks, int from, int to,
                           void (*fn)(void *ctx, int ask, const kj_point_row *p), void *ctx)
{
    struct kj_pg *pg = b->pg;
    int na = to - from, rc = 0;
    for (int i = from; i < to; i++)
        if (asks[i].lo < INT64_MIN / 4 || asks[i].lo > INT64_MAX / 4 || asks[i].hi < INT64_MIN / 4 || asks[i].hi > INT64_MAX / 4)
            return 1; /* (no overflow below) */
    /* the imports asked of, and their extents */
    buf ims = {0};
    for (int i = from; i < to && rc == 0; i++) rc = buf_int(pg, &ims, asks[i].import);
    if (rc == 0) rc = buf_end(pg, &ims);
    const char *one[1] = {ims.s};
    PGresult *r = rc ? NULL
                     : pg_query(b,
                                "SELECT id, rows, t_first, t_last FROM kjeller.imports"
                                " WHERE id OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.int8[]) ORDER BY id",
                                1, one);
    free(ims.s);
    if (!r) return -1;
    int ne = PQntuples(r);
    trace_extent *ext = malloc(sizeof *ext * (size_t)(ne ? ne : 1));
    int64_t *lo = malloc(sizeof *lo * (size_t)na), *hi = malloc(sizeof *hi * (size_t)na);
    signed char *state = malloc((size_t)na); /* 0 open, 1 answered by its range, 2 by none */
    int *of = malloc(sizeof *of * (size_t)na); /* its import's extent */
    span *spans = malloc(sizeof *spans * (size_t)na);
    held_points h = {0};
    if (!ext || !lo || !hi || !state || !of || !spans) {
        set_failure(pg, KJ_BACKEND_NOMEM, "out of memory");
        rc = -1;
    }
    for (int k = 0; k < ne && rc == 0; k++) {
        if (PQgetisnull(r, k, 2) && int_at(r, k, 1) > 0) rc = 1; /* (a store from before t_first) */
        if (int_at(r, k, 2) < INT64_MIN / 4 || int_at(r, k, 3) > INT64_MAX / 4) rc = 1; /* (no overflow below) */
        double rows = (double)int_at(r, k, 1), extent = (double)int_at(r, k, 3) - (double)int_at(r, k, 2) + 1.0;
        ext[k] = (trace_extent){.import = int_at(r, k, 0), .t_first = PQgetisnull(r, k, 2) ? 1 : int_at(r, k, 2),
                                .t_last = PQgetisnull(r, k, 2) ? 0 : int_at(r, k, 3),
                                .density = rows / (extent > 1.0 ? extent : 1.0)};
    }
    PQclear(r);
    for (int i = 0; i < na && rc == 0; i++) {
        int a = 0, z = ne;
        while (a < z) {
            int m = a + (z - a) / 2;
            if (ext[m].import < asks[from + i].import) a = m + 1;
            else z = m;
        }
        of[i] = a < ne && ext[a].import == asks[from + i].import ? a : -1;
        state[i] = of[i] < 0 ? 2 : 0; /* (an import not in the store: no points, as its query finds) */
    }
    for (int round = 0; round < PG_POINTS_ROUNDS && rc == 0; round++) {
        /* each import's open asks' ranges, merged into spans, fetched */
        for (int e = 0; e < ne && rc == 0; e++) {
            int ns = 0;
            for (int i = 0; i < na; i++) {
                if (state[i] || of[i] != e) continue;
                if (!ask_range(&asks[from + i], &ext[e], round, &lo[i], &hi[i])) state[i] = 2;
                else spans[ns++] = (span){.lo = lo[i], .hi = hi[i]};
            }
            if (!ns) continue;
            qsort(spans, (size_t)ns, sizeof *spans, span_cmp);
            int merged = 0;
            for (int i = 0; i < ns; i++) {
                if (merged && spans[i].lo <= spans[merged - 1].hi + 1) {
                    if (spans[i].hi > spans[merged - 1].hi) spans[merged - 1].hi = spans[i].hi;
                } else {
                    spans[merged++] = spans[i];
                }
            }
            double expected = 0;
            for (int i = 0; i < merged; i++) expected += ((double)spans[i].hi - (double)spans[i].lo + 1.0) * ext[e].density;
            if (h.n + expected > PG_HELD_ROWS) {
                rc = 1;
                break;
            }
            int_text im = int_param(ext[e].import);
            for (int g = 0; g < merged && rc == 0;) {
                int z = g + 1;
                while (z < merged && ((double)spans[z].lo - (double)spans[z - 1].hi) * ext[e].density < PG_GAP_ROWS) z++;
                rc = points_group(b, im.s, spans, g, z, &h);
                g = z;
            }
        }
        if (rc != 0) break;
        if (h.n) qsort(h.p, (size_t)h.n, sizeof *h.p, held_cmp);
        long kept = 0; /* (a point fetched in two rounds: once) */
        for (long k = 0; k < h.n; k++)
            if (!kept || h.p[k].id != h.p[kept - 1].id || h.p[k].import != h.p[kept - 1].import) h.p[kept++] = h.p[k];
        h.n = kept;
        /* which asks their ranges answer */
        for (int i = 0; i < na; i++) {
            if (state[i]) continue;
            const kj_points_ask *a = &asks[from + i];
            const trace_extent *e = &ext[of[i]];
            long first = held_at(&h, a->import, lo[i]), end = held_at(&h, a->import, hi[i] + 1);
            int ends = a->where == KJ_POINTS_BEFORE ? lo[i] == e->t_first
                       : a->where == KJ_POINTS_AFTER ? hi[i] == e->t_last
                                                     : hi[i] == (a->hi < e->t_last ? a->hi : e->t_last);
            if (end - first >= a->limit || ends) state[i] = 1;
        }
    }
    for (int i = 0; i < na && rc == 0; i++)
        if (state[i] == 0) rc = 1; /* (cannot be: the last round's ranges reach the ends) */
    /* each ask's points, in the asks' order */
    for (int i = 0; i < na && rc == 0; i++) {
        if (state[i] != 1) continue;
        const kj_points_ask *a = &asks[from + i];
        long first = held_at(&h, a->import, lo[i]), end = held_at(&h, a->import, hi[i] + 1);
        if (a->where == KJ_POINTS_BEFORE)
            for (long k = end - 1, n = 0; k >= first && n < a->limit; k--, n++) held_give(&h, k, from + i, fn, ctx);
        else
            for (long k = first, n = 0; k < end && n < a->limit; k++, n++) held_give(&h, k, from + i, fn, ctx);
    }
    held_free(&h);
    free(ext);
    free(lo);
    free(hi);
    free(state);
    free(of);
    free(spans);
    return rc;
}

static int pg_points(kj_backend *b, const kj_points_ask *asks, int n,
                     void (*fn)(void *ctx, int ask, const kj_point_row *p), void *ctx)
{
    for (int from = 0; from < n; from += PG_WINDOWS) {
        int to = from + PG_WINDOWS < n ? from + PG_WINDOWS : n;
        int rc = b->pg->sharded ? points_of_spans(b, asks, from, to, fn, ctx) : 1;
        if (rc == 1) rc = points_of_asks(b, asks, from, to, fn, ctx);
        if (rc != 0) return -1;
    }
    return 0;
}

static int64_t id_at(const int64_t *ids, size_t stride, long i)
{
    return *(const int64_t *)(const void *)((const char *)ids + (size_t)i * stride);
}

static int pg_entries_by_id(kj_backend *b, const int64_t *ids, size_t stride, long n,
                            void (*fn)(void *ctx, long i, const kj_entry_row *row), void *ctx)
{
    struct kj_pg *pg = b->pg;
    long i = 0;
    while (i < n) {
        /* the next PG_IDS distinct ids (and their repeats), in one query */
        buf arr = {0};
        long end = i;
        int distinct = 0, rc = 0;
        for (; end < n && rc == 0; end++) {
            int64_t id = id_at(ids, stride, end);
            if (end > i && id == id_at(ids, stride, end - 1)) continue;
            if (distinct == PG_IDS) break;
            rc = buf_int(pg, &arr, id);
            distinct++;
        }
        if (rc != 0 || buf_end(pg, &arr) != 0) {
            free(arr.s);
            return -1;
        }
        const char *params[1] = {arr.s};
        PGresult *r = pg_query(b,
                               "SELECT id, t_lo, t_hi, line, event, subject, attrs FROM kjeller.entries"
                               " WHERE id = ANY ($1::pg_catalog.int8[]) ORDER BY id",
                               1, params);
        free(arr.s);
        if (!r) return -1;
        int k = 0, got = PQntuples(r);
        for (; i < end; i++) {
            int64_t want = id_at(ids, stride, i);
            while (k < got && int_at(r, k, 0) < want) k++;
            if (k == got || int_at(r, k, 0) != want) {
                PQclear(r);
                return -2;
            }
            kj_entry_row row = {.id = want, .t_lo = int_at(r, k, 1), .t_hi = int_at(r, k, 2), .line = (int)int_at(r, k, 3),
                                .event = text_at(r, k, 4), .subject = text_at(r, k, 5), .attrs = text_at(r, k, 6)};
            fn(ctx, i, &row);
        }
        PQclear(r);
    }
    return 0;
}

static int pg_entry_hull(kj_backend *b, int64_t import, int64_t width, int64_t lo, int64_t hi, kj_entry_hull *out)
{
    int_text im = int_param(import), l = int_param(lo), h = int_param(hi), wd = int_param(width);
    const char *params[4] = {im.s, l.s, h.s, wd.s};
    PGresult *r = pg_prepared(b, "kj_hull", 4, params);
    memset(out, 0, sizeof *out);
    if (!r) return -1;
    *out = (kj_entry_hull){.lo = int_at(r, 0, 0), .hi = int_at(r, 0, 1), .n = int_at(r, 0, 2), .line = (int)int_at(r, 0, 3),
                           .last_line = (int)int_at(r, 0, 4)};
    PQclear(r);
    return 0;
}

static int pg_open_reader(kj_backend *b, kj_backend *reader, char *err, size_t n)
{
    struct kj_pg *pg = b->pg;
    if (!pg->snapshot[0]) { /* the check's snapshot, for its readers */
        PGresult *r = pg_query(b, "SELECT pg_catalog.pg_export_snapshot()", 0, NULL);
        if (!r) {
            snprintf(err, n, "%s", pg->failure);
            return KJ_STORE_UNREADABLE;
        }
        snprintf(pg->snapshot, sizeof pg->snapshot, "%s", PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    int rc = pg_connect(reader, err, n);
    if (rc != 0) {
        if (reader->pg) PQfinish(reader->pg->conn);
        free(reader->pg);
        reader->pg = NULL;
        return rc;
    }
    reader->ops = &kj_pg_ops;
    char sql[128];
    snprintf(sql, sizeof sql, "SET TRANSACTION SNAPSHOT '%s'", pg->snapshot); /* (the server's own hex and dashes) */
    static const char *const names[1] = {"kj_hull"};
    static const char *const hull_sql[1] = {
        "SELECT pg_catalog.min(t_lo), pg_catalog.max(t_hi), pg_catalog.count(*), pg_catalog.min(line), pg_catalog.max(line)"
        " FROM kjeller.entries WHERE import = $1 AND t_lo BETWEEN $2::pg_catalog.int8 - $4::pg_catalog.int8 AND $3"
        " AND t_hi >= $2"};
    if (no_jit(reader) != 0 || pg_begin_read(reader) != 0 || pg_exec(reader, sql) != 0) {
        snprintf(err, n, "%s", reader->pg->failure);
        return KJ_STORE_UNREADABLE;
    }
    if (pg_prepare(reader, names, hull_sql, 1) != 0) {
        snprintf(err, n, "%s", reader->pg->failure);
        return KJ_STORE_SCHEMA;
    }
    /* (how it reads windows; set after its transaction began: a reader
     * reads in the check's snapshot under the check's lock, and must not
     * queue for that lock behind a drop that waits for the check) */
    reader->pg->sharded = pg->sharded;
    return 0;
}

/* ---- importing ------------------------------------------------------------------------ */

static int pg_same_size(kj_backend *b, const char *target, int64_t bytes)
{
    int_text t = int_param(bytes);
    const char *params[2] = {target, t.s};
    PGresult *r = pg_query(b, "SELECT pg_catalog.count(*) FROM kjeller.imports WHERE target = $1 AND bytes = $2", 2, params);
    if (!r) return 0; /* a new store */
    int n = (int)int_at(r, 0, 0);
    PQclear(r);
    return n > 0;
}

static int pg_find_earlier(kj_backend *b, const char *target, const char *sha256, kj_earlier *out)
{
    struct kj_pg *pg = b->pg;
    memset(out, 0, sizeof *out);
    PQclear(pg->earlier);
    const char *params[2] = {target, sha256};
    pg->earlier = pg_query(b, "SELECT id, rows, mapping FROM kjeller.imports WHERE target = $1 AND sha256 = $2", 2, params);
    if (!pg->earlier) return 0; /* a new store */
    if (PQntuples(pg->earlier) > 0) {
        out->id = int_at(pg->earlier, 0, 0);
        out->rows = int_at(pg->earlier, 0, 1);
        out->mapping = text_at(pg->earlier, 0, 2);
    }
    return 0;
}

static int pg_placed_points(kj_backend *b, int64_t import,
                            int (*fn)(void *ctx, const char *place, double lat, double lon, double radius_m), void *ctx)
{
    int_text t = int_param(import);
    const char *params[1] = {t.s};
    PGresult *r = pg_query(b,
                           "SELECT DISTINCT place, lat, lon, radius_m FROM kjeller.points WHERE import = $1 AND place IS NOT NULL",
                           1, params);
    if (!r) return -1;
    int stop = 0;
    for (int k = 0; k < PQntuples(r) && !stop; k++)
        stop = fn(ctx, text_at(r, k, 0), real_at(r, k, 1), real_at(r, k, 2), real_at(r, k, 3));
    PQclear(r);
    return stop;
}

/* Whether this role may import: a store it may write into, or a
 * database it may create one in.  0, or -1 (refused, said). */
static int may_import(kj_backend *b)
{
    PGresult *r = pg_query(b,
                           "SELECT CASE WHEN pg_catalog.to_regclass('kjeller.imports') IS NULL"
                           " THEN pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE')"
                           " ELSE pg_catalog.has_table_privilege('kjeller.imports', 'INSERT')"
                           "  AND pg_catalog.has_table_privilege('kjeller.entries', 'INSERT')"
                           "  AND pg_catalog.has_table_privilege('kjeller.points', 'INSERT')"
                           "  AND pg_catalog.has_table_privilege('kjeller.audit', 'INSERT') END,"
                           " pg_catalog.to_regclass('kjeller.imports') IS NULL, CURRENT_USER, pg_catalog.current_database()",
                           0, NULL);
    if (!r) return -1;
    int may = !strcmp(PQgetvalue(r, 0, 0), "t"), none = !strcmp(PQgetvalue(r, 0, 1), "t");
    char why[sizeof b->pg->failure];
    if (!may)
        snprintf(why, sizeof why,
                 none ? "role '%s' may not create the store's tables in database '%s'"
                      : "role '%s' may read this store (database '%s') but not import into it",
                 PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3));
    PQclear(r);
    if (may) return 0;
    set_failure(b->pg, KJ_BACKEND_DENIED, why);
    return -1;
}

static int pg_import_begin(kj_backend *b, int trace, int wait_ms)
{
    struct kj_pg *pg = b->pg;
    pg->trace = trace != 0;
    pg->wait_ms = wait_ms;
    pg->staged = 0;
    if (may_import(b) != 0 || pg_exec(b, "BEGIN") != 0) return -1;
    /* the rows as they come, checked as they come (the session's: they
     * are moved in by another transaction) */
    if (pg_exec(b, trace ? "CREATE TEMPORARY TABLE kj_staging("
                           " seq bigint NOT NULL, line bigint NOT NULL,"
                           " t_lo bigint NOT NULL, t_hi bigint NOT NULL CHECK (t_lo <= t_hi), time text NOT NULL,"
                           " lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),"
                           " lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),"
                           " radius_m double precision NOT NULL CHECK (radius_m >= 0),"
                           " place text, note text)"
                         : "CREATE TEMPORARY TABLE kj_staging("
                           " seq bigint NOT NULL, line bigint NOT NULL,"
                           " t_lo bigint NOT NULL, t_hi bigint NOT NULL CHECK (t_lo <= t_hi), time text NOT NULL,"
                           " event text CHECK (event IN ('arrival', 'departure', 'stay')), subject text, attrs text, note text)") !=
        0)
        return -1;
    PGresult *r = PQexec(pg->conn, "COPY pg_temp.kj_staging FROM STDIN");
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) return pg_fail(b, r);
    PQclear(r);
    pg->copying = 1;
    return 0;
}

/* Sends the COPY data gathered: 0, or -1. */
static int copy_flush(kj_backend *b)
{
    struct kj_pg *pg = b->pg;
    if (pg->copy.n && PQputCopyData(pg->conn, pg->copy.s, (int)pg->copy.n) != 1) {
        set_failure(pg, KJ_BACKEND_FAILED, PQerrorMessage(pg->conn));
        return -1;
    }
    pg->copy.n = 0;
    return 0;
}

static int copy_put(kj_backend *b, const char *s, size_t n) { return buf_put(b->pg, &b->pg->copy, s, n); }

/* A field of a row of COPY's text format: a tab before it (but the
 * first), NULL as \N, a backslash, tab and line end escaped. */
static int copy_text(kj_backend *b, kj_text t)
{
    if (copy_put(b, "\t", 1) != 0) return -1;
    if (!t.s) return copy_put(b, "\\N", 2);
    size_t from = 0;
    for (size_t i = 0; i < t.n; i++) {
        const char *esc = t.s[i] == '\\' ? "\\\\" : t.s[i] == '\t' ? "\\t" : t.s[i] == '\n' ? "\\n" : t.s[i] == '\r' ? "\\r" : NULL;
        if (!esc) continue;
        if (copy_put(b, t.s + from, i - from) != 0 || copy_put(b, esc, 2) != 0) return -1;
        from = i + 1;
    }
    return copy_put(b, t.s + from, t.n - from);
}

static int copy_number(kj_backend *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int copy_number(kj_backend *b, const char *fmt, ...)
{
    char s[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    return copy_put(b, s, (size_t)n);
}

static int pg_import_put(kj_backend *b, const kj_row_in *row)
{
    struct kj_pg *pg = b->pg;
    /* %.17g: every double read back as itself */
    int rc = copy_number(b, "%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%" PRId64, pg->staged, row->line, row->t_lo, row->t_hi) ||
             copy_text(b, row->time);
    if (pg->trace)
        rc = rc || copy_number(b, "\t%.17g\t%.17g\t%.17g", row->lat, row->lon, row->radius_m) || copy_text(b, row->place) ||
             copy_text(b, row->note);
    else
        rc = rc || copy_text(b, row->event) || copy_text(b, row->subject) || copy_text(b, row->attrs) || copy_text(b, row->note);
    rc = rc || copy_put(b, "\n", 1);
    if (!rc && pg->copy.n >= PG_COPY_CHUNK) rc = copy_flush(b);
    if (rc) return -1;
    pg->staged++;
    return 0;
}

/* How many servers the rows are to be partitioned across: the servers of
 * postgres_fdw named kjeller_shard_1 ... kjeller_shard_N in the database
 * (0: none, the rows here), or -1 with the failure recorded. */
static int shards_of(kj_backend *b)
{
    PGresult *r = pg_query(b,
                           "SELECT pg_catalog.substr(s.srvname, 15)::pg_catalog.int4 FROM pg_catalog.pg_foreign_server s"
                           " JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw"
                           " WHERE w.fdwname = 'postgres_fdw'"
                           " AND (s.srvname ~ '^kjeller_shard_[1-9][0-9]{0,3}$' OR s.srvname = 'kjeller_shard_0') ORDER BY 1",
                           0, NULL);
    if (!r) return -1;
    int n = PQntuples(r);
    if (n && int_at(r, 0, 0) == 0) {
        PQclear(r);
        set_failure(b->pg, KJ_BACKEND_SETUP,
                    "a server of postgres_fdw is named kjeller_shard_0: the servers of a store's rows are numbered from 1");
        return -1;
    }
    for (int k = 0; k < n; k++)
        if (int_at(r, k, 0) != k + 1) {
            char why[200];
            snprintf(why, sizeof why, "the servers of postgres_fdw named kjeller_shard_N are not numbered 1 to %d: kjeller_shard_%d is missing",
                     (int)int_at(r, n - 1, 0), k + 1);
            PQclear(r);
            set_failure(b->pg, KJ_BACKEND_SETUP, why);
            return -1;
        }
    PQclear(r);
    return n;
}

/* The store's tables, made by the first import (in its transaction). */
static int make_schema(kj_backend *b)
{
    PGresult *r = pg_query(b, "SELECT pg_catalog.to_regnamespace('kjeller') IS NULL", 0, NULL);
    if (!r) return -1;
    int none = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    if (!none) return 0;
    int shards = shards_of(b);
    if (shards < 0 || pg_exec(b, "CREATE SCHEMA kjeller") != 0) return -1;
    if (shards == 0 && pg_exec(b, rows_ddl) != 0) return -1;
    if (shards > 0) {
        if (pg_exec(b, sharded_ddl) != 0) return -1;
        static const char *const tables[2] = {"entries", "points"};
        for (int k = 1; k <= shards; k++)
            for (int t = 0; t < 2; t++) {
                char sql[512];
                snprintf(sql, sizeof sql,
                         "CREATE FOREIGN TABLE kjeller.%s_%d PARTITION OF kjeller.%s FOR VALUES WITH (MODULUS %d, REMAINDER %d)"
                         " SERVER kjeller_shard_%d OPTIONS (schema_name 'kjeller', table_name '%s',"
                         " async_capable 'true', batch_size '1000', %s)",
                         tables[t], k, tables[t], shards, k - 1, k, tables[t],
                         /* a trace's queries want its nearest few points: planned
                          * with the server's own estimates, they are sent with their
                          * order (and read a few rows at a time); a register's
                          * windows are read whole */
                         t ? "fetch_size '200', use_remote_estimate 'true'" : "fetch_size '10000'");
                if (pg_exec(b, sql) != 0) return -1;
            }
        /* each shard's database is this store's alone: it claims them, and
         * one another store claimed is refused (shard_of holds one row) */
        for (int k = 1; k <= shards; k++) {
            char sql[512];
            snprintf(sql, sizeof sql,
                     "CREATE FOREIGN TABLE kjeller.shard_of_%d(store uuid NOT NULL) SERVER kjeller_shard_%d"
                     " OPTIONS (schema_name 'kjeller', table_name 'shard_of')",
                     k, k);
            if (pg_exec(b, sql) != 0) return -1;
            snprintf(sql, sizeof sql, "INSERT INTO kjeller.shard_of_%d(store) SELECT store FROM kjeller.store_id", k);
            PGresult *claimed = PQexec(b->pg->conn, sql);
            if (!pg_ok(b, claimed)) {
                char why[700];
                snprintf(why, sizeof why,
                         "the database of server kjeller_shard_%d is not free for this store (each shard's database holds one "
                         "store's rows, and data/pg-shard.sql makes it): %s",
                         k, b->pg->failure);
                set_failure(b->pg, KJ_BACKEND_SETUP, why);
                return -1;
            }
            PQclear(claimed);
        }
        b->pg->sharded = 1;
    }
    char version[96];
    snprintf(version, sizeof version, "INSERT INTO kjeller.store_version VALUES (%d)", PG_VERSION);
    return pg_exec(b, schema_ddl) == 0 && pg_exec(b, version) == 0 ? 0 : -1;
}

static int pg_import_seal(kj_backend *b, int64_t *id)
{
    struct kj_pg *pg = b->pg;
    if (copy_flush(b) != 0) return -1;
    pg->copying = 0;
    if (PQputCopyEnd(pg->conn, NULL) != 1) {
        set_failure(pg, KJ_BACKEND_FAILED, PQerrorMessage(pg->conn));
        return -1;
    }
    PGresult *r = PQgetResult(pg->conn);
    int copied = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    int64_t n = copied ? strtoll(PQcmdTuples(r), NULL, 10) : -1;
    if (!copied) pg_fail(b, r);
    else PQclear(r);
    while ((r = PQgetResult(pg->conn)) != NULL) PQclear(r);
    if (!copied || end_transaction(b) != 0) return -1;
    /* what the server holds is what was sent, every row */
    if (n != pg->staged || !(r = pg_query(b, "SELECT pg_catalog.count(*) FROM pg_temp.kj_staging", 0, NULL))) {
        if (n != pg->staged) set_failure(pg, KJ_BACKEND_FAILED, "the server staged another number of rows than were sent");
        return -1;
    }
    int64_t held = int_at(r, 0, 0);
    PQclear(r);
    if (held != pg->staged) {
        set_failure(pg, KJ_BACKEND_FAILED, "the server staged another number of rows than were sent");
        return -1;
    }
    /* one import (or drop) at a time from here: its number, what it replaces */
    if (lock_and_begin(b, pg->wait_ms) != 0 || make_schema(b) != 0 || relayout(b) != 0) return -1;
    if (!(r = pg_query(b, "SELECT COALESCE(pg_catalog.max(id), 0) + 1 FROM kjeller.imports", 0, NULL))) return -1;
    *id = int_at(r, 0, 0);
    PQclear(r);
    if (pg->sharded) {
        /* The servers of the rows commit before this one, each on its
         * own: an import that failed as this one committed may have left
         * rows there under the number this one now takes.  No read sees
         * them (no import is numbered so); they go. */
        int_text t = int_param(*id);
        const char *params[1] = {t.s};
        const char *const sql[2] = {"DELETE FROM kjeller.entries WHERE import = $1", "DELETE FROM kjeller.points WHERE import = $1"};
        for (int k = 0; k < 2; k++) {
            if (!(r = pg_query(b, sql[k], 1, params))) return -1;
            PQclear(r);
        }
    }
    return 0;
}

static int pg_import_record(kj_backend *b, const kj_import_row *row)
{
    struct kj_pg *pg = b->pg;
    int_text id = int_param(row->id), bytes = int_param(row->bytes), rows = int_param(row->rows),
             rejected = int_param(row->rejected), width = int_param(row->width);
    const char *params[14] = {id.s,         row->target, row->kind,   row->place,   row->file,
                              row->sha256,  bytes.s,     rows.s,      rejected.s,   width.s,
                              row->mapping, row->attr_keys, row->imported_at, row->rows_sha256};
    PGresult *r = pg_query(b,
                           "INSERT INTO kjeller.imports(id, target, kind, place, file, sha256, bytes, rows, rejected, width, mapping,"
                           " attr_keys, imported_at, rows_sha256, t_first, t_last)"
                           " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
                           " pg_catalog.min(t_lo), pg_catalog.max(t_lo) FROM pg_temp.kj_staging",
                           14, params);
    if (!r) return -1;
    PQclear(r);
    r = pg_query(b,
                 pg->trace ? "INSERT INTO kjeller.points(import, line, t_lo, t_hi, time, lat, lon, radius_m, place, note)"
                             " SELECT $1, line, t_lo, t_hi, time, lat, lon, radius_m, place, note FROM pg_temp.kj_staging ORDER BY seq"
                           : "INSERT INTO kjeller.entries(import, line, t_lo, t_hi, time, event, subject, attrs, note)"
                             " SELECT $1, line, t_lo, t_hi, time, event, subject, attrs, note FROM pg_temp.kj_staging ORDER BY seq",
                 1, params);
    if (!r) return -1;
    int64_t moved = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    if (moved != row->rows) {
        set_failure(pg, KJ_BACKEND_FAILED, "the import holds another number of rows than it staged");
        return -1;
    }
    static const int audited[] = {0, 2, 1, 3, 4, 5, 6, 7, 13};
    const char *audit[9];
    for (int k = 0; k < 9; k++) audit[k] = params[audited[k]];
    r = pg_query(b,
                 "INSERT INTO kjeller.audit(action, import, kind, target, place, file, sha256, bytes, rows, rows_sha256)"
                 " VALUES ('import', $1, $2, $3, $4, $5, $6, $7, $8, $9)",
                 9, audit);
    if (!r) return -1;
    PQclear(r);
    return pg_exec(b, "DROP TABLE pg_temp.kj_staging");
}

static void pg_discard_new(kj_backend *b)
{
    (void)b; /* (an import that does not commit leaves nothing: its tables too are rolled back) */
}

static kj_backend_error pg_error(const kj_backend *b) { return b->pg ? b->pg->error : KJ_BACKEND_FAILED; }

static const char *pg_message(const kj_backend *b) { return b->pg ? b->pg->failure : "the store is not open"; }

const kj_backend_ops kj_pg_ops = {
    .name = "PostgreSQL",
    .open = pg_open,
    .close = pg_close,
    .abandon = pg_abandon,
    .open_reader = pg_open_reader,
    .begin_read = pg_begin_read,
    .begin_check = pg_begin_check,
    .begin_write = pg_begin_write,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .list_imports = pg_list_imports,
    .has_tables = pg_has_tables,
    .imports_of = pg_imports_of,
    .import_state = pg_import_state,
    .other_files = pg_other_files,
    .imports_with_rows = pg_imports_with_rows,
    .delete_import = pg_delete_import,
    .rows_digest = pg_rows_digest,
    .points = pg_points,
    .entry_ids = pg_entry_ids,
    .entries_by_id = pg_entries_by_id,
    .entry_hull = pg_entry_hull,
    .same_size = pg_same_size,
    .find_earlier = pg_find_earlier,
    .placed_points = pg_placed_points,
    .import_begin = pg_import_begin,
    .import_put = pg_import_put,
    .import_seal = pg_import_seal,
    .import_record = pg_import_record,
    .discard_new = pg_discard_new,
    .error = pg_error,
    .message = pg_message,
};

/* ---- the case's connection string ------------------------------------------------- */

int kj_pg_conninfo_problem(const char *conninfo, char *why, size_t n)
{
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
    if (!opts) {
        char line[256];
        one_line(line, sizeof line, err ? err : "out of memory");
        snprintf(why, n, "not a PostgreSQL connection string: %s", line);
        PQfreemem(err);
        return KJ_CONNINFO_UNREAD;
    }
    const char *found = NULL;
    for (PQconninfoOption *o = opts; o->keyword && !found; o++)
        if (o->val && *o->val && (!strcmp(o->keyword, "password") || !strcmp(o->keyword, "sslpassword"))) found = o->keyword;
    PQconninfoFree(opts);
    if (!found) return 0;
    snprintf(why, n, "the connection string holds a %s: a case file is read and cited by others, and is no place for one",
             !strcmp(found, "password") ? "password" : "key's password");
    return KJ_CONNINFO_PASSWORD;
}
