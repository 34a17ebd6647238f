/* kj.h — the internal model shared by the pipeline stages:
 * lex → parse → resolve → network → stn/dtp → mus → verdict → render. */
#ifndef KJ_H
#define KJ_H

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include "arena.h"
#include "calendar.h"
#include "mem.h"
#include "vec.h"
#include "kjeller.h"
#include "timex.h"

#define KJ_INF (INT64_MAX / 4)

/* The longest span a constraint may state, in seconds: 20,000 years (every
 * date lies in years 1..9999, so no two dated instants are further apart).
 * The network reads a longer lower bound as this one and a longer upper
 * bound as none, both weaker than the statement (issue 19 item 7): then
 * every weight, and every sum of them along a path of fewer than 3.6
 * million points, stays far from int64_t overflow. */
#define KJ_SPAN_MAX_S ((int64_t)20000 * 31557600)

/* Seconds to cover a distance at a speed, as a lower bound: floor(m / mps),
 * KJ_SPAN_MAX_S when longer (the cast of a larger double is undefined). */
static inline int64_t kj_travel_s(double m, double mps)
{
    double t = m / mps;
    return t >= (double)KJ_SPAN_MAX_S || t != t ? KJ_SPAN_MAX_S : t < 0 ? 0 : (int64_t)t;
}

/* ---- files, spans, diagnostics ---------------------------------------- */

typedef struct kj_span {
    int file;           /* index into case->files */
    int line, col, len; /* 1-based line and column, length in bytes */
} kj_span;

typedef struct kj_file {
    const char *path;   /* as the user gave it (or as written in include) */
    const char *shown;  /* path escaped for a terminal (escape.c) */
    const char *text;   /* NUL-terminated contents */
    size_t size;
    int *line_start;    /* byte offset of each line (0-based index) */
    int n_lines;
    kj_span included_at; /* the include's file name (file -1: given by the caller) */
    int include_file;   /* included_at.file */
    /* what the file is, for knowing it again by another path (source.c) */
    int has_identity;
    dev_t dev;
    ino_t ino;
    /* an imported CSV (records.c): the SHA-256 of its bytes, 64 hex digits,
     * cited with its lines; NULL for a case's own files */
    const char *sha256;
    int edited;         /* read as an editor has it (kj_case_open_edited), not from disk */
} kj_file;

/* Hex digits of an imported file's SHA-256 that a citation shows (text,
 * HTML, SMT-LIB comments): 48 bits, enough to tell one export from
 * another; JSON and kjeller store list give all 64. */
#define KJ_SHA256_CITED 12

/* Bounds on a case's files (docs/limits.md). */
#define KJ_MAX_FILE_BYTES ((size_t)64 << 20)
#define KJ_MAX_CASE_BYTES ((size_t)256 << 20)
#define KJ_MAX_CASE_FILES 1000
#define KJ_MAX_INCLUDES 10000
#define KJ_MAX_INCLUDE_DEPTH 16

/* ---- tokens ------------------------------------------------------------ */

typedef enum {
    TK_WORD,   /* identifiers, keywords, dates, zone names, units */
    TK_NUMBER, /* a decimal number: 59.970, -33.9, 50 */
    TK_STRING, /* "..." (text is the unescaped contents) */
    TK_PUNCT,  /* : , = -> .. ± % */
    TK_END
} kj_tok_kind;

typedef struct kj_tok {
    kj_tok_kind kind;
    const char *text;  /* arena-owned */
    kj_span span;
    int line_first;    /* first token of a physical line */
    int indent;        /* indentation of that line */
} kj_tok;

/* A logical statement: a line at column 1 (or a `claim`/`entry` line) and
 * its indented continuation lines. */
typedef struct kj_logical {
    kj_tok *toks;
    int n;
    int indent;
    int lex_errors;   /* the lexer reported errors on its lines */
} kj_logical;

/* ---- statements --------------------------------------------------------- */

typedef enum {
    ST_SOURCE, ST_PLACE, ST_PERSON, ST_ENTITY, ST_MODE, ST_ROUTE, ST_REGISTER,
    ST_ENTRY, ST_FACT, ST_TESTIMONY, ST_CLAIM, ST_ASSUME, ST_OPTION, ST_INCLUDE,
    ST_STORE, ST_TRACE, ST_DEVICE, ST_MEDIUM
} kj_stmt_kind;

/* Roles as reported in JSON (issue #3 item 5). */
typedef enum {
    ROLE_CLAIM, ROLE_FACT, ROLE_REGISTER, ROLE_ENTITY, ROLE_PLACE, ROLE_MODE,
    ROLE_ROUTE, ROLE_ASSUMPTION, ROLE_OPTION, ROLE_DEVICE, ROLE_OTHER, ROLE_MEDIUM
} kj_role;

typedef struct kj_ref {
    const char *name;
    kj_span span;
    int idx; /* resolved statement index, -1 until resolved */
} kj_ref;

typedef struct kj_timestr {
    const char *text; /* NULL when absent */
    kj_span span;
} kj_timestr;

typedef struct kj_attr {
    const char *key, *value;
    kj_span span;
    int stmt; /* statement that supplies it (an assume), -1 for inline */
} kj_attr;

/* FACT_CUSTODY: PERSON has THING throughout TIME (a custody, not an event);
 * FACT_JOURNEY: PERSON travels A -> B by MODE departs TIME arrives TIME
 * (aboard from departure to arrival: issue 22 item 2) */
typedef enum { FACT_THROUGHOUT, FACT_RESIDES, FACT_AT, FACT_CUSTODY, FACT_JOURNEY, FACT_UNREACHABLE } kj_fact_kind;
/* CLAIM_MESSAGE: PERSON sends|receives a message (issue 22 item 1) */
typedef enum { CLAIM_TRAVEL, CLAIM_MEET, CLAIM_PRESENCE, CLAIM_MESSAGE } kj_claim_kind;
typedef enum {
    SEQ_NONE, SEQ_RIGHT_AFTER, SEQ_AFTER, SEQ_BEFORE, SEQ_NEXT_DAY, SEQ_SAME_DAY, SEQ_GAP, SEQ_DURING
} kj_seq_kind;
/* EV_SENT, EV_RECEIVED: messages sent from, received at a place */
typedef enum { EV_ARRIVAL, EV_DEPARTURE, EV_STAY, EV_SENT, EV_RECEIVED } kj_event_kind;
/* Whose events a register records: people's (the claims'), or those of
 * the vehicles or devices the claims' people have (through a custody). */
typedef enum { OF_PEOPLE, OF_VEHICLES, OF_DEVICES } kj_of_kind;

typedef struct kj_name_slot {
    const char *name;
    int stmt;
    int is_alias;
} kj_name_slot;

/* Each kind of statement keeps its own fields in a struct of its own: the
 * fields as written first (names as kj_ref, times as kj_timestr), then,
 * under "resolved", what later stages fill in (intervals, readings,
 * distances, the chosen alternative).  A kj_stmt points at its kind's
 * struct (s->claim, s->fact, ...); stmt.h reads the fields several kinds
 * share. */

/* place ID LAT LON [± DIST UNIT] tz ZONE [in COUNTRY]  -- located
 * place ID city "NAME[, STATE][, COUNTRY]" [± DIST UNIT] [tz ZONE] [in COUNTRY]
 *                                                     -- located by name (city.c)
 * place ID one of A, B [, C ...]                      -- one of several
 * place ID [tz ZONE] [in COUNTRY]                     -- unlocated
 * (and the position of a trace's point: records.c) */
/* A place written `city "NAME[, STATE][, COUNTRY]"` (city.c). */
typedef struct kj_place_city {
    kj_timestr written;               /* the name as written */
    /* resolved */
    const char *found;                /* the gazetteer's city: "Bergen, Vestland, Norway" */
    unsigned population;              /* the gazetteer's */
} kj_place_city;

/* The radius of a place located by name, without ± or `option
 * city-radius`: a city is a region, not a point (an assumption, printed
 * with every proof that uses it), and a big city a big one: Zelenograd is
 * Moscow 37 km from its point, Daxing airport Beijing 44 km from its. */
#define KJ_CITY_RADIUS_M 30000.0      /* under a million people */
#define KJ_CITY_RADIUS_1M_M 50000.0   /* a million and more */
#define KJ_CITY_RADIUS_5M_M 80000.0   /* five million and more */

typedef struct kj_place_stmt {
    int located;                      /* LAT LON given (a city: once found) */
    double lat, lon;
    kj_span lat_span;                 /* LAT as written (line 0: not written) */
    double radius_given_m;            /* ± DIST, or -1 */
    kj_timestr zone;                  /* tz ZONE (text NULL: none, or unknown;
                                         a city without one: the gazetteer's) */
    const char *country;              /* in COUNTRY, or NULL (a city without one:
                                         the gazetteer's) */
    struct kj_place_city *city;       /* city "NAME..." (NULL: not by name) */
    kj_ref *alts; int n_alts;         /* one of */
    /* resolved */
    double radius_m;                  /* as given, else the case's default (0 unlocated;
                                         a city: the case's city radius) */
    int assumed_alt;                  /* the alternative an assume picks (stmt idx), or -1 */
    int assumed_by;                   /* that assume statement, or -1 */
} kj_place_stmt;

/* person ID ["Name"] [alias NAME [, NAME ...]] */
typedef struct kj_person_stmt {
    const char *name;                 /* the name, or the id */
    const char **aliases; int n_aliases;
} kj_person_stmt;

/* entity ID kind KIND at PLACE [exists TIME] source SRC ["label"] */
typedef struct kj_entity_stmt {
    const char *entity_kind;          /* hotel, cafe, airport, ... */
    kj_ref at;                        /* a place */
    kj_timestr exists;
    /* resolved */
    kj_interval life;                 /* wide; unbounded without `exists` */
    const char *life_reading;
} kj_entity_stmt;

/* mode ID[: CLASS] max SPEED UNIT [since YEAR] [until YEAR]
 *   (source SRC | assumption "why") */
typedef struct kj_mode_stmt {
    const char *mode_class;           /* CLASS, or the id */
    double max_mps;
    int since, until;                 /* years, 0 = open */
} kj_mode_stmt;

/* medium ID: carried|wire|live [max SPEED UNIT] (source SRC | assumption "why")
 * How a message goes: carried (a letter, a courier: no faster than the
 * speed given, else than the era's fastest mode), wire (a telegram, an
 * e-mail: sent and received at any times, the receipt not before), live
 * (a telephone call, a radio call: both ends at once). */
typedef enum { MEDIUM_CARRIED, MEDIUM_WIRE, MEDIUM_LIVE } kj_medium_class;

typedef struct kj_medium_stmt {
    kj_medium_class medium_class;
    double max_mps;                   /* carried: max SPEED, or -1 (the era's fastest) */
} kj_medium_stmt;

/* source ID "citation" [url "https://..."]: the citation is the statement's
 * label; the address, when the case gives one, is where a reader finds the
 * source (reports link it). */
typedef struct kj_source_stmt {
    const char *url;                  /* http:// or https://, or NULL */
} kj_source_stmt;

/* route [ID:] A -> B by MODE DIST UNIT source SRC */
typedef struct kj_route_stmt {
    kj_ref from, to, mode;
    double dist_m;                    /* DIST UNIT, in metres */
} kj_route_stmt;

/* register ID at PLACE covers TIME records EVENT [of vehicles|devices]
 *   [by CLASS] [where K = V [and ...]] [store STORE] source SRC ["label"] */
typedef struct kj_register_stmt {
    kj_ref at;                        /* a place or entity */
    kj_timestr covers;
    kj_event_kind event;              /* records EVENT */
    kj_of_kind of;                    /* of vehicles|devices; where then filters the thing's attributes */
    const char *by_class;             /* by CLASS; NULL = any mode */
    kj_attr *attrs; int n_attrs;      /* where K = V [and ...] */
    kj_ref store;                     /* store STORE (name NULL: its entries are inline) */
    /* resolved */
    kj_interval coverage;             /* narrow */
    const char *coverage_reading;
} kj_register_stmt;

/* entry ID: [at|on|in TIME] [where K = V [and ...]] [unrelated [to CLAIM]]
 *   [source SRC] ["note"]  -- inside a register; and the rows of a store
 * that may be a claim's record, or that cannot be (records.c) */
typedef struct kj_entry_stmt {
    kj_timestr when;
    kj_attr *attrs; int n_attrs;      /* where K = V [and ...] */
    int unrelated;                    /* declared unrelated */
    kj_ref unrelated_to;              /* to CLAIM (name NULL: to every claim) */
    /* resolved */
    kj_interval when_iv;              /* wide; unbounded without a time */
    const char *when_reading;
    /* rows imported into a store (records.c): the CSV line of the first
     * (0: an entry of the case), and for the rows that may be a claim's
     * record, their windows */
    int row_line;
    int n_rows;
    struct kj_row_group *rows;
} kj_entry_stmt;

/* fact ID: PERSON at PLACE throughout|on|in TIME
 * fact ID: PERSON lives at PLACE from TIME [to TIME]
 * fact ID: PERSON has|carries|drives THING throughout TIME
 * fact ID: PERSON travels A -> B by MODE departs TIME arrives TIME
 * fact ID: PERSON unreachable [by MEDIUM[, MEDIUM...]] throughout TIME
 * (the subject of "at" may be a device or vehicle: person names it) */
typedef struct kj_fact_stmt {
    kj_fact_kind fact_kind;
    kj_ref person;
    kj_ref at;                        /* a place or entity; a journey's A */
    kj_ref to, mode;                  /* a journey's B, and its mode or class */
    kj_timestr arrive;                /* a journey's "arrives TIME" (its "departs": when) */
    kj_ref *media; int n_media;       /* unreachable by MEDIUM[, ...] (none: by every medium) */
    kj_ref thing;                     /* custody: the device or vehicle */
    kj_timestr zone;                  /* custody: tz ZONE of its time (text NULL: every offset) */
    kj_timestr when;                  /* throughout, on or in TIME; a residence's "from" */
    kj_timestr until;                 /* a residence's "to TIME" */
    /* resolved */
    kj_interval when_iv;              /* narrow for "throughout", else wide */
    const char *when_reading;
    kj_interval wide_iv;              /* its widest reading, which a claim
                                         `during` it may fill */
    const char *wide_reading;
    kj_interval until_iv;             /* (read to check it, not used) */
    const char *until_reading;
    kj_interval arrive_iv;            /* a journey: its arrival, wide (its departure: when_iv, wide) */
    const char *arrive_reading;
    const char *note;                 /* a trace point's note column, as imported, or NULL */
} kj_fact_stmt;

/* testimony ID by PERSON source SRC ["note"] */
typedef struct kj_testimony_stmt {
    kj_ref person;
} kj_testimony_stmt;

/* claim ID: PERSON travels A -> B | meets P1[, P2] at PLACE | at PLACE
 *   | sends MEDIUM to P2 | receives MEDIUM from P2
 *   [clauses]  -- inside a testimony.  A message: `from` is its sender's
 *   place, `to` its receiver's, `at` the claim's person's (one of them) */
typedef struct kj_claim_stmt {
    kj_claim_kind claim_kind;
    int receives;                     /* a message the person receives (else sends) */
    kj_ref party;                     /* a message's other person: its receiver or sender */
    kj_ref medium;                    /* a message's medium */
    kj_ref person;
    kj_ref from, to, mode;            /* a journey: by MODE or by CLASS */
    int nonstop;
    kj_ref at;                        /* a meeting's or a presence's place */
    kj_ref *others; int n_others;     /* people met, or travelled `with` */
    kj_timestr when;                  /* on or in TIME, or a time alone: when it begins */
    kj_timestr depart, arrive, dur;   /* departs, arrives; takes or lasts */
    kj_seq_kind seq;                  /* right after, after, before, the next or same day,
                                         DURATION after|later */
    kj_timestr seq_gap;               /* SEQ_GAP: the duration ("3 days", "about a week") */
    kj_ref seq_ref;
    kj_span seq_span;
    kj_span seq_words;                /* its words before the claim it names ("right after",
                                         "the same day as"): what a correction replaces */
    kj_ref during;
    /* resolved */
    kj_attr *attrs; int n_attrs;      /* given by `assume CLAIM K = V` (resolve.c) */
    kj_interval when_iv, depart_iv, arrive_iv; /* wide; unbounded when not stated */
    const char *when_reading, *depart_reading, *arrive_reading;
    int64_t dur_min, dur_max;
    const char *dur_reading;
    int64_t gap_min, gap_max;         /* SEQ_GAP: its start is this long after X ends */
    const char *gap_reading;
    /* the clocks its times were written in ("...T21:00-04:00"), as zones
     * ("UTC-04:00"): its calendar days may be counted in them too */
    const char **written_zones; int n_written_zones; /* (in the case's arena; none: NULL) */
} kj_claim_stmt;

/* assume [ID:] CLAIM K = V ["why"]
 * assume [ID:] PLACE = ALTERNATIVE ["why"]
 * assume [ID:] PERSON has|carries|drives THING [throughout TIME] ["why"]
 * assume [ID:] PERSON travels by CLASS [, CLASS ...] ["why"]
 * (and the hypothesis a device's owner makes: resolve.c) */
typedef struct kj_assume_stmt {
    kj_ref target;                    /* the claim or place; a custody's person */
    kj_ref alt;                       /* PLACE = ALTERNATIVE (name NULL: an attribute) */
    kj_attr *attrs; int n_attrs;      /* CLAIM K = V */
    kj_ref thing;                     /* custody (name NULL: not one) */
    kj_ref *classes; int n_classes;   /* PERSON travels by CLASS, ... (none: not that) */
    kj_timestr when;                  /* throughout TIME (text NULL: at all times) */
    kj_timestr zone;                  /* tz ZONE of that time (text NULL: every offset) */
    int hypothetical;                 /* made by resolve for an owner: stated nowhere */
    int id_derived;                   /* a custody's id is PERSON.has.THING as written;
                                         resolve makes it of the ids (not the aliases) */
    /* resolved (a custody's) */
    kj_interval when_iv;              /* narrow; unbounded without a time */
    kj_interval wide_iv;              /* wide */
    const char *when_reading;
} kj_assume_stmt;

/* device ID [kind KIND] [owner PERSON] [where K = V [and ...]] source SRC ["label"]
 * vehicle ID [plate "TEXT"] [keeper PERSON] [where K = V [and ...]] source SRC ["label"] */
typedef struct kj_device_stmt {
    int vehicle;
    const char *device_kind;          /* phone, tracker, account...; NULL */
    const char *plate;                /* a vehicle's plate, or NULL */
    kj_ref owner;                     /* owner or keeper (name NULL: none) */
    kj_attr *attrs; int n_attrs;      /* where K = V, then plate = P and kind = K as given:
                                         what a register of things reads of it */
    /* resolved */
    int hypothesis;                   /* the owner's custody hypothesis (assume stmt), -1 */
} kj_device_stmt;

/* option KEY VALUE... */
typedef struct kj_option_stmt {
    const char *key, *value;          /* the value's words joined by spaces */
} kj_option_stmt;

/* include "PATH" */
typedef struct kj_include_stmt {
    const char *path;                 /* as written */
} kj_include_stmt;

/* What keeps a store's records: an SQLite file, or a PostgreSQL database. */
typedef enum { KJ_STORE_SQLITE, KJ_STORE_POSTGRESQL } kj_store_kind;

/* store ID ["sqlite"] "PATH" -- an SQLite file of imported records
 * store ID postgresql "CONNINFO" -- a PostgreSQL database of them */
typedef struct kj_store_stmt {
    kj_store_kind kind;
    const char *path;                 /* as written: a file, or a connection string */
    /* resolved */
    const char *file;                 /* the path from here: relative to the
                                         file that declares it (parse.c); a
                                         connection string as written */
} kj_store_stmt;

/* store_pg.c: whether a PostgreSQL connection string is refused: 0, or
 * what is wrong with it (and why, written into why). */
enum { KJ_CONNINFO_UNREAD = 1, KJ_CONNINFO_PASSWORD = 2 };
int kj_pg_conninfo_problem(const char *conninfo, char *why, size_t n);

/* trace ID of PERSON|DEVICE|VEHICLE store STORE [± DIST UNIT] [tz ZONE]
 *   source SRC ["label"] */
typedef struct kj_trace_stmt {
    kj_ref person;                    /* a person, device or vehicle */
    kj_ref store;
    double radius_given_m;            /* ± DIST, or -1 */
    kj_timestr zone;                  /* the zone of its points' local times */
    /* resolved */
    double radius_m;                  /* as given, else the case's default */
} kj_trace_stmt;

/* Under AddressSanitizer (make SAN=1) the pointers to the kinds' structs
 * are fields of their own, all NULL but the statement's kind's, rather
 * than a union: code that reads another kind's struct then faults in the
 * tests, where through the union it would read that struct's bytes as its
 * own. */
#if defined(__SANITIZE_ADDRESS__)
#define KJ_STMT_KINDS_APART 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KJ_STMT_KINDS_APART 1
#endif
#endif
#ifdef KJ_STMT_KINDS_APART
#define KJ_STMT_KINDS struct
#else
#define KJ_STMT_KINDS union
#endif

/* What every statement has (the case's array holds 1e5s of them: entries
 * made of a store's rows, claims, assumptions); the rest is in its kind's
 * struct. */
typedef struct kj_stmt {
    kj_stmt_kind kind;
    kj_role role;
    int from_data;   /* shipped default (data/) */
    int bad;         /* had a parse error: resolve skips it */
    int parent;      /* entry → register, claim → testimony, a trace point's
                        fact and position → trace; -1 otherwise */
    const char *id;
    kj_span span;    /* the whole first line, caret at the keyword */
    kj_span id_span;
    kj_ref source;   /* source ID, or name NULL */
    const char *label;
    const char *basis; /* "assumption: ..." text for modes/defaults */
    KJ_STMT_KINDS {                   /* the kind's own fields (stmt.h sets them) */
        kj_source_stmt *cite;
        kj_place_stmt *place;
        kj_person_stmt *person;
        kj_entity_stmt *entity;
        kj_mode_stmt *mode;
        kj_route_stmt *route;
        kj_register_stmt *reg;
        kj_entry_stmt *entry;
        kj_fact_stmt *fact;
        kj_testimony_stmt *testimony;
        kj_claim_stmt *claim;
        kj_assume_stmt *assume;
        kj_option_stmt *option;
        kj_include_stmt *include;
        kj_store_stmt *store;
        kj_trace_stmt *trace;
        kj_device_stmt *device;
        kj_medium_stmt *medium;
    };
} kj_stmt;

/* Imported rows whose windows overlap: one possible record (records.c). */
typedef struct kj_row_group {
    kj_interval iv;                   /* the hull of their windows */
    int line, last_line, n;           /* CSV lines of the first and last row, how many */
    int hull;                         /* too many rows to read: their hull, attributes unread */
} kj_row_group;

/* A time whose weekday its date does not fall on (resolve.c): read as
 * either day, and said with the report, never as a contradiction. */
typedef struct kj_weekday_note {
    int stmt;                         /* the statement whose time it is */
    kj_span at;                       /* the weekday in its time (else the time as a whole) */
    const char *time;                 /* its text */
    kj_weekday_slip slip;
    const char *message;              /* "claim 'pub' says Friday 14 March 2024, but ..." */
} kj_weekday_note;

struct kj_case {
    kj_mem *mem;                      /* the call using the case (NULL between calls: mem.h) */
    /* a claim a check changes for a moment (corrections.c: compiled as
     * corrected) and its statement as it was: put back when the call
     * ends, however it ends (kj_case_take_back) */
    struct kj_claim_stmt *lent_claim, *lent_copy;
    kj_mem_cleanup *on_failure;       /* while loading: unmaps, frees the zone cache */
    kj_arena arena;
    kj_runtime rt;                    /* as loaded (defaults filled in: kj_runtime_fill) */
    kj_file *files; int n_files, cap_files;
    kj_stmt *stmts; int n_stmts, cap_stmts;
    unsigned char *kinds;             /* kinds[i] == stmts[i].kind: scans for one kind read
                                         bytes, not a cache line of every statement */
    int stmts_mapped;                 /* stmts is a mapping of its own (parse.c), not heap */
    kj_readopts readopts;
    int64_t right_after_s;            /* widest gap read as "right after" */
    double default_radius_m;
    double city_radius_m;             /* of a place located by name without ± */
    int opt_stmt_about, opt_stmt_clock, opt_stmt_right_after, opt_stmt_radius, /* -1 = default */
        opt_stmt_city_radius;
    /* diagnostics, buffered and delivered in file/line order */
    struct kj_pending_diag *pending; int n_pending, cap_pending;
    kj_diag_fn diag_fn;
    void *diag_ctx;
    int n_errors;
    int n_shown;                      /* diagnostics delivered */
    int n_includes;                   /* include statements read (KJ_MAX_INCLUDES) */
    int n_source_files;               /* files read from disk (KJ_MAX_CASE_FILES) */
    size_t source_bytes;              /* their bytes (KJ_MAX_CASE_BYTES) */
    int data_file;                    /* index of the shipped defaults file */
    /* name table: open addressing over ids and aliases */
    struct kj_name_slot *names; int names_cap;
    int *mode_list; int n_mode_list;  /* mode statements, collected by resolve */
    int *medium_list; int n_medium_list; /* medium statements, the case's before the shipped (resolve.c) */
    /* imported records (records.c): per (register, claim), the statements
     * made of the store's rows, sorted by register then claim */
    struct kj_store_link *links; int n_links;
    int no_records;                   /* loading for `import`: do not read stores */
    int no_includes;                  /* `fmt`: include statements are read, not followed */
    /* files being edited (kj_case_open_edited), while the case loads: a
     * file of the case that is one of them is read as its bytes */
    const struct kj_edited *edited; int n_edited;
    kj_weekday_note *weekday_notes; int n_weekday_notes, cap_weekday_notes; /* in statement order (resolve.c) */
};

typedef struct kj_store_link {
    int reg, claim;
    int thing;                        /* a register of things: the thing (statement), else -1 */
    int first, n;                     /* statements first .. first+n-1 (ST_ENTRY) */
} kj_store_link;

typedef struct kj_pending_diag {
    kj_span span;
    int seq;
    kj_severity severity;
    const char *message, *hint;
} kj_pending_diag;

/* diag.c */
/* Diagnostics shown at most (like gcc's -fmax-errors; the rest are counted
 * and said in one line), and kept for sorting at most. */
#define KJ_MAX_DIAGS_SHOWN 50
/* Whether an error about to be made may still be shown, and so is worth a
 * did-you-mean (each compares with every name or zone: for all of n errors
 * that cost n^2; issue 19 review). */
#define KJ_HINT_WORTH(c) ((c)->n_errors < 4 * KJ_MAX_DIAGS_SHOWN)
#define KJ_MAX_DIAGS_KEPT 10000
/* Delivers the buffered diagnostics sorted by file, line, column (while
 * fewer than KJ_MAX_DIAGS_SHOWN have been). */
void kj_flush_diags(kj_case *c);
/* After the last flush: one diagnostic saying how many errors were not shown. */
void kj_diag_summary(kj_case *c);
/* Prints "   12 | the line" (escaped) and under it a caret at byte column
 * col, with a tilde for each further column of its len bytes. */
void kj_print_source_line(FILE *out, int line, const char *text, int col, int len);
void kj_error(kj_case *c, kj_span sp, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A warning: shown with the errors, counted as none (kjeller.h). */
void kj_warn(kj_case *c, kj_span sp, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The text of line `line` of file f: a copy without the newline, in arena a. */
const char *kj_line_text(const kj_case *c, kj_arena *a, int file, int line);
/* What was reported up to now (and the statements read), to forget what
 * follows: an included file found not to be a case file is reported once,
 * with none of its lines (parse.c). */
typedef struct kj_diag_mark {
    int n_errors, n_pending, n_stmts;
} kj_diag_mark;
kj_diag_mark kj_diag_mark_now(const kj_case *c);
/* The first line of `file` (up to upto_line) with an error reported since
 * m, or 0 (always 0 without a diagnostic callback: nothing is kept). */
int kj_diag_first_line_since(const kj_case *c, kj_diag_mark m, int file, int upto_line);
/* Forgets the errors reported since m, and their count. */
void kj_diag_rewind(kj_case *c, kj_diag_mark m);

/* escape.c: untrusted text (file names, lines of a case file) made safe to
 * print on a terminal: control characters, ANSI escapes, C1 and bidi
 * controls and bytes that are not UTF-8 are written as \n, \x1b, \u202e,
 * \xff; escaping twice changes nothing. */
typedef enum {
    KJ_KEEP_NOTHING,    /* a name or a message: one line, no tab */
    KJ_KEEP_TABS,       /* a line of a case file */
    KJ_KEEP_LINES       /* a report: its own newlines and tabs */
} kj_escape_keep;
#define KJ_ESCAPE_MAX 8
/* The length of the UTF-8 sequence at p (1..4), or 0 if invalid. */
int kj_utf8_len(const unsigned char *p, const unsigned char *end);
/* Writes what to print for the character at s (before end) into out;
 * returns how many bytes of s it takes (1..4). */
int kj_escape_char(const char *s, const char *end, kj_escape_keep keep, char out[KJ_ESCAPE_MAX]);
void kj_escape_write(FILE *out, const char *s, size_t n, kj_escape_keep keep);
void kj_escape_puts(FILE *out, const char *s, kj_escape_keep keep);
/* The escaped copy of s, in the arena. */
char *kj_escaped(kj_arena *a, const char *s);
/* A renderer's output gathered in memory, then written whole when
 * complete, so that a rendering that fails writes nothing: kj_safe_begin
 * returns the stream to write to (NULL if out of memory); kj_safe_end(so,
 * rc) writes it if rc is 0 and the stream took every byte, frees it and
 * returns 0 or -1 (errno ENOMEM if memory ran out while gathering). */
typedef enum {
    KJ_WRITE_ESCAPED, /* a report for the terminal: escaped, newlines and tabs kept */
    KJ_WRITE_AS_IS    /* JSON, HTML: escaped by their own rules as they were written */
} kj_safe_write;
typedef struct kj_safe_piece kj_safe_piece;
/* How a stretch of an escaped report is shown on a terminal, as gcc and
 * git colour theirs: set at a point of the report, until the next. */
typedef enum {
    KJ_STYLE_PLAIN,    /* (the reset) */
    KJ_STYLE_LOCATION, /* file:line:col: bold */
    KJ_STYLE_ERROR,    /* "contradiction", "error": bold red */
    KJ_STYLE_WARNING,  /* "finding", "warning": bold yellow */
    KJ_STYLE_NOTE,     /* "note", a hint: bold cyan */
    KJ_STYLE_CARET,    /* the caret under a line: bold green */
    KJ_STYLE_STRONG    /* a total: bold */
} kj_style;
typedef struct kj_style_mark {
    size_t at; /* bytes of the unescaped report before it */
    kj_style style;
} kj_style_mark;
typedef struct kj_safe_out {
    FILE *mem, *out;
    kj_safe_write write;
    char *buf;                    /* escaped: open_memstream's buffer */
    size_t size;
    kj_style_mark *marks;         /* escaped: where the styles change (none: no colour) */
    int n_marks, cap_marks;
    kj_safe_piece *first, *last;  /* as is: the pieces gathered (escape.c) */
    size_t total;
    int err;                      /* as is: errno of a piece that could not be had (0: none) */
} kj_safe_out;
FILE *kj_safe_begin(kj_safe_out *so, FILE *out, kj_safe_write write);
int kj_safe_end(kj_safe_out *so, int rc);
/* Drops what was gathered, writing nothing. */
void kj_safe_discard(kj_safe_out *so);
/* An escaped report's style from here on: written as an ANSI escape
 * between the escaped bytes (so no byte of the report can be one). */
void kj_safe_style(kj_safe_out *so, kj_style style);
/* The ANSI escape sequence of a style. */
const char *kj_style_sgr(kj_style style);

/* lex.c: the length of the number s begins with, as the case language
 * writes numbers (-?DIGITS(.DIGITS)?: no exponent, no hexadecimal, no
 * sign +), or 0.  strtod reads more than that; read numbers with it only
 * after this has said where they end. */
size_t kj_number_len(const char *s);
/* lex.c: the logical statements of file `file`, one at a time.
 * kj_lex_open checks the file's bytes first: NULL (errors reported) if it
 * is not text to read.  kj_lex_next fills *out (its tokens valid until the
 * next call) and returns 1, or 0 at the end.  Errors go to kj_error.
 * kj_lex_count is about how many there are (lines that begin one), for
 * reserving room. */
typedef struct kj_lexer kj_lexer;
kj_lexer *kj_lex_open(kj_case *c, int file);
int kj_lex_next(kj_lexer *L, kj_logical *out);
void kj_lex_close(kj_lexer *L);
int kj_lex_count(const kj_case *c, int file);

/* parse.c: parses the logical statements of a file into c->stmts; `include`
 * statements are loaded recursively. */
void kj_parse_file(kj_case *c, int file, int depth);

/* A file being edited (kj_case_open_edited): its path, what it is on disk
 * (has_identity 0: not there), and its bytes (the caller's). */
typedef struct kj_edited {
    const char *path;
    const char *data;
    size_t size;
    int has_identity;
    dev_t dev;
    ino_t ino;
} kj_edited;

/* source.c: a case's files, opened once and known by what they are. */
typedef struct kj_source {
    int fd;
    dev_t dev;
    ino_t ino;
    size_t size;        /* as fstat says (a file of /proc says 0) */
} kj_source;
/* Why a path cannot be read as a case file (lower case), or NULL. */
const char *kj_file_problem(const char *path);
/* A lower-case reason for a failed open/read. */
const char *kj_io_reason(int err);
/* Opens path and asks the descriptor what it is: NULL and *src filled (the
 * caller closes it, or kj_source_read does), or why it cannot be read. */
const char *kj_source_open(const char *path, kj_source *src);
void kj_source_close(kj_source *src);
/* The loaded file that is the same file as src (by device and inode), or -1. */
int kj_file_known(const kj_case *c, const kj_source *src);
/* Reads an opened file into the case (and closes it), within the case's
 * bounds: its index, or -1 with *why set (nothing reported). */
int kj_source_read(kj_case *c, const char *path, kj_source *src, kj_span from, const char **why);
/* path with "//", "/./" and "DIR/../" taken out, into out (n bytes): two
 * spellings of a path to a file not on disk told the same. */
void kj_lexical_path(const char *path, char *out, size_t n);
/* A file being edited that is not on disk (yet), named by path (the same
 * path, "./" and "DIR/../" apart): read into the case as its bytes; its
 * index, or -1 (*why set when it is one but too big for the case's
 * limits). */
int kj_edited_unsaved(kj_case *c, const char *path, kj_span from, const char **why);
/* A file read so (known by no device and inode) of that path, or -1. */
int kj_edited_read_already(const kj_case *c, const char *path);
/* The file being edited that src is (by device and inode), or NULL. */
const kj_edited *kj_source_edited(const kj_case *c, const kj_source *src);
/* Adds a file of the given contents (copied) to the case; returns its index. */
int kj_add_file(kj_case *c, const char *path, const char *data, size_t size, kj_span from);

/* case.c: a call that works on a loaded case (a check, an import) lends
 * it its kj_mem: the case's arena grows in that call with blocks that
 * outlive a failure of it (arena.h), and the case's allocations fail that
 * call; take_back returns the case to naming no kj_mem between calls. */
void kj_case_lend(kj_case *c, kj_mem *mem);
void kj_case_take_back(kj_case *c);
/* case.c: kj_case_open; with no_records, stores are not read (for
 * `import`, which fills them). */
kj_case *kj_case_load_ex(const char *const *paths, int n, const kj_runtime *rt, int no_records, kj_diag_fn fn,
                         void *ctx, int *n_errors, kj_failure *failure);
/* case.c: a case with only the shipped defaults loaded, in mem (armed by
 * the caller, who releases it): for `fmt`, which parses one file into it
 * and keeps nothing. */
kj_case *kj_case_begin(kj_mem *mem, kj_diag_fn fn, void *ctx);
/* runtime.c: the runtime rt asks for (NULL: the defaults), every default filled in:
 * threads 1..64, piece_points >= 1, apsp_max_points >= -1. */
kj_runtime kj_runtime_fill(const kj_runtime *rt);
/* Puts the calling thread in the C locale, the one every number is read
 * and written in, and saves the caller's (0; -1 if it cannot); leave
 * restores it.  Every public function and every thread the library starts
 * runs between the two. */
int kj_c_locale_enter(locale_t *saved);
void kj_c_locale_leave(locale_t saved);
/* Tells the case's runtime that a phase ended. */
void kj_phase(const kj_case *c, const char *phase);
/* Tells it a phase's figures (printf-style; not formatted when nobody
 * listens). */
void kj_phase_figures(const kj_case *c, const char *phase, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* parse.c: appends a statement (all references unresolved), its kind's
 * struct zeroed in the case's arena; moves c->stmts. */
kj_stmt *kj_stmt_append(kj_case *c, kj_stmt_kind kind, kj_role role, kj_span span);
/* The same with the kind's struct at body (zeroed, kj_stmt_body_size
 * bytes, owned by the caller for as long as the case; NULL for a kind with
 * none): records.c gives the entries of one register and claim theirs in
 * one array. */
kj_stmt *kj_stmt_append_at(kj_case *c, kj_stmt_kind kind, kj_role role, kj_span span, void *body);
/* Room for n statements in all (moves c->stmts). */
void kj_stmts_reserve(kj_case *c, int n);
/* Gives back the pages of a reserve (kj_stmts_reserve) left unused. */
void kj_stmts_trim(kj_case *c);
/* Frees the statement array (kj_case_free). */
void kj_stmts_release(kj_case *c);

/* resolve.c: names, aliases, places, times.  Errors go to kj_error. */
void kj_resolve(kj_case *c);
int kj_find_stmt(const kj_case *c, const char *id);
const char *kj_stmt_kind_name(kj_stmt_kind k);
const char *kj_role_name(kj_role r);
/* Zones of a place (one, or several for "one of"); returns count. */
/* The zones a place's local times are read in: its own, or every zone of
 * every alternative of a `one of` place (an alternative without one: every
 * offset on Earth).  Returns how many (at most max), or -1 if there are more
 * than max: a caller never reads in fewer zones than the place has (resolve
 * refuses a place with more than KJ_ZONES_MAX). */
#define KJ_ZONES_MAX 32
#define KJ_ONE_OF_DEPTH 8
/* the most places a place may be one of, through nested `one of` places
 * (each counted once however many paths reach it: every reading walks each
 * once, and a distance compares each of one side's with each of the other's) */
#define KJ_ONE_OF_PLACES 64
int kj_place_zones(const kj_case *c, int place, const char **zones, int max);
/* The zones the rows of target (a register or a trace) are read in by
 * an import, as its mapping records them after "; zone ": the trace's tz
 * (UTC without one) or the register's place's zones, several joined by
 * ", " (an arena string; NULL when the place has too many). */
const char *kj_records_zones_text(kj_case *c, int target);
/* The statement a place reference finally denotes after assumptions (follows
 * `assume P = ALT`), or the place itself. */
int kj_place_effective(const kj_case *c, int place);
/* A place after the assumptions that pick one of several, but not through
 * an entity (a register at a hotel covers the hotel only). */
int kj_place_identity(const kj_case *c, int place);

/* records.c: reads the rows of stores that the case's claims may touch
 * into statements (entries, trace facts and their places).  Errors (a
 * missing store, a register with nothing imported) go to kj_error. */
void kj_records_attach(kj_case *c);
/* The store rows read for a register and a claim (and in a register of
 * things, a thing; else -1), or NULL. */
const kj_store_link *kj_store_rows(const kj_case *c, int reg, int claim, int thing);

/* import.c: a CSV row's time as `import` reads it (for tests: the fast
 * path for ISO times must agree with kj_timex_parse).  Returns 0 or -1. */
int kj_import_time(kj_case *c, const char *zone, const char *t, const char *clock, kj_interval *iv);

/* data.c: the shipped default modes (data/modes.kjd compiled in). */
extern const char kj_default_modes[];
extern const char kj_default_questions[];

#endif
