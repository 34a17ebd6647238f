/* parse — logical statements (tokens) to kj_stmt records with spans.
 *
 * One function per statement kind; the grammar rule it parses stands above
 * it.  Names stay unresolved (kj_ref.idx = -1) until resolve.c.  After an
 * error the parser skips to the next statement, so a file's errors are all
 * reported in one run. */
#define _GNU_SOURCE /* mremap */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kj.h"
#include "stmt.h"
#include "suggest.h"

typedef struct parser {
    kj_case *c;
    kj_logical *lg;
    int pos;
    int failed;      /* an error was reported in this statement */
    int testimony;   /* current testimony statement, -1 */
    int reg;         /* current register statement, -1 */
    int last_claim;  /* previous claim in the current testimony, -1 */
    int file, depth;
    kj_tok end;      /* the end of the statement, as peek gives it */
} parser;

static kj_tok *peek(parser *p)
{
    static const kj_tok end_tok = {.kind = TK_END, .text = ""};
    if (p->pos < p->lg->n) return &p->lg->toks[p->pos];
    /* end-of-statement: point just past the last token */
    kj_tok *last = &p->lg->toks[p->lg->n - 1];
    kj_tok *e = &p->end; /* (the same each time for one statement; a token lives as long as its statement) */
    *e = end_tok;
    e->span = last->span;
    e->span.col += last->span.len;
    e->span.len = 1;
    return e;
}

static int at_end(parser *p) { return p->pos >= p->lg->n; }

static int is_word(parser *p, const char *w)
{
    kj_tok *t = peek(p);
    return t->kind == TK_WORD && !strcmp(t->text, w);
}

static int is_punct(parser *p, const char *s)
{
    kj_tok *t = peek(p);
    return t->kind == TK_PUNCT && !strcmp(t->text, s);
}

static int accept_word(parser *p, const char *w)
{
    if (!is_word(p, w)) return 0;
    p->pos++;
    return 1;
}

static int accept_punct(parser *p, const char *s)
{
    if (!is_punct(p, s)) return 0;
    p->pos++;
    return 1;
}

static const char *describe(const kj_tok *t)
{
    if (t->kind == TK_END) return "end of statement";
    return t->text;
}

/* Reports "expected X" at the current token, once per statement. */
static void expected(parser *p, const char *what, const char *hint)
{
    if (p->failed) return;
    p->failed = 1;
    kj_tok *t = peek(p);
    if (t->kind == TK_END)
        kj_error(p->c, t->span, hint, "expected %s at end of statement", what);
    else
        kj_error(p->c, t->span, hint, "expected %s, found '%s'", what, describe(t));
}

static void expect_word(parser *p, const char *w)
{
    if (!accept_word(p, w)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", w);
        expected(p, what, NULL);
    }
}

/* "is at": "is" then "at" required; whether "is" was there. */
static int accept_is_at(parser *p)
{
    if (!accept_word(p, "is")) return 0;
    expect_word(p, "at");
    return 1;
}

static void expect_punct(parser *p, const char *s)
{
    if (!accept_punct(p, s)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", s);
        expected(p, what, NULL);
    }
}

static int is_ident_text(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_')) return 0;
    for (; *s; s++)
        if (*s == '/' || *s == '+') return 0;
    return 1;
}

static kj_ref expect_ref(parser *p, const char *what)
{
    kj_ref r = {.name = NULL, .span = peek(p)->span, .idx = -1};
    kj_tok *t = peek(p);
    if (t->kind == TK_WORD && is_ident_text(t->text)) {
        r.name = t->text;
        p->pos++;
    } else {
        char buf[96];
        snprintf(buf, sizeof buf, "%s name", what);
        expected(p, buf, NULL);
    }
    return r;
}

static const char *expect_string(parser *p, const char *what)
{
    kj_tok *t = peek(p);
    if (t->kind == TK_STRING) {
        p->pos++;
        return t->text;
    }
    char buf[96];
    snprintf(buf, sizeof buf, "%s in double quotes", what);
    expected(p, buf, NULL);
    return NULL;
}

static double expect_number(parser *p, const char *what)
{
    kj_tok *t = peek(p);
    if (t->kind == TK_NUMBER) {
        p->pos++;
        return strtod(t->text, NULL);
    }
    int sci = t->kind == TK_WORD && t->text[0] >= '0' && t->text[0] <= '9' && strpbrk(t->text, "eE");
    expected(p, what, sci ? "write the number in plain decimals (no exponent)" : NULL);
    return 0;
}

static int starts_time(parser *p)
{
    kj_tok *t = peek(p);
    if (t->kind == TK_STRING) return 1;
    if (t->kind == TK_PUNCT && !strcmp(t->text, "..")) return 1;
    if ((t->kind == TK_NUMBER || t->kind == TK_WORD) && t->text[0] >= '0' && t->text[0] <= '9') return 1;
    return 0;
}

/* "UTC" or "GMT" right after a time of day ("on 2024-03-14 21:00 UTC")
 * belongs to the time: it is its offset (timex.c). */
static int utc_after_clock(parser *p, const char *buf, size_t n)
{
    kj_tok *t = peek(p);
    if (t->kind != TK_WORD || (strcmp(t->text, "UTC") && strcmp(t->text, "GMT"))) return 0;
    const char *last = n ? strrchr(buf, ' ') : NULL;
    last = last ? last + 1 : buf;
    return n && strchr(last, ':') && buf[n - 1] >= '0' && buf[n - 1] <= '9';
}

/* The hint for an unquoted time or duration: the words from `from` to the
 * statement's end or the next comma, quoted ("quote it: lasts \"about 2
 * hours\""), or the general advice when there are none. */
static const char *quote_hint(parser *p, int from, const char *what, char *buf, size_t size)
{
    static const char *const stops[] = {"by", "nonstop", "departs", "arrives", "takes", "lasts", "with",
                                        "source", "during", "right", "after", "before", "throughout"};
    char run[96];
    size_t n = 0;
    run[0] = 0;
    for (int i = from; i < p->lg->n; i++) {
        const kj_tok *t = &p->lg->toks[i];
        if ((t->kind == TK_PUNCT && strcmp(t->text, "..")) || t->kind == TK_STRING) break;
        int stop = 0;
        for (size_t j = 0; j < sizeof stops / sizeof stops[0] && t->kind == TK_WORD; j++)
            stop |= !strcmp(t->text, stops[j]);
        if (stop) break;
        int w = snprintf(run + n, sizeof run - n, "%s%s", n ? " " : "", t->text);
        if (w < 0 || (size_t)w >= sizeof run - n) return "write a date like 1935-12-01 or a quoted expression like \"first half of December 1935\"";
        n += (size_t)w;
    }
    if (n == 0)
        return "write a date like 1935-12-01 or a quoted expression like \"first half of December 1935\"";
    snprintf(buf, size, "a %s of words goes in quotes: \"%s\"", strcmp(what, "a duration") ? "time" : "duration", run);
    return buf;
}

/* time := STRING+ | DATE [.. [DATE]] | .. DATE [UTC | GMT]
 * Several strings are one expression ("first half of December 1935"
 * "approximately 3 p.m."), joined with ", ". */
static kj_timestr parse_time(parser *p, const char *what)
{
    kj_timestr ts = {.text = NULL, .span = peek(p)->span};
    char buf[1024];
    size_t n = 0;
    buf[0] = 0;
    if (peek(p)->kind == TK_STRING) {
        while (peek(p)->kind == TK_STRING) {
            kj_tok *t = peek(p);
            if (n < sizeof buf) n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? ", " : "", t->text);
            ts.span.len = t->span.col + t->span.len - ts.span.col;
            p->pos++;
        }
    } else if (starts_time(p)) {
        while ((starts_time(p) && peek(p)->kind != TK_STRING) || utc_after_clock(p, buf, n)) {
            kj_tok *t = peek(p);
            int space = n && strcmp(t->text, "..") && !(n >= 2 && buf[n - 1] == '.' && buf[n - 2] == '.');
            if (n < sizeof buf) n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", space ? " " : "", t->text);
            ts.span.len = t->span.col + t->span.len - ts.span.col;
            p->pos++;
            if (!strcmp(t->text, "..") && !starts_time(p)) break;
        }
    } else {
        char hint[160];
        expected(p, what, quote_hint(p, p->pos, what, hint, sizeof hint));
        return ts;
    }
    if (n > 0 && n <= 2 && !at_end(p) && peek(p)->kind == TK_WORD && !(peek(p)->text[0] >= '0' && peek(p)->text[0] <= '9')) {
        /* "on 10 October 1933": a day number, then words */
        char hint[160];
        p->pos--;
        expected(p, what, quote_hint(p, p->pos, what, hint, sizeof hint));
        return (kj_timestr){.text = NULL, .span = ts.span};
    }
    if (n >= sizeof buf) {
        kj_error(p->c, ts.span, NULL, "time expression too long");
        p->failed = 1;
        return ts;
    }
    ts.text = kj_arena_strdup(&p->c->arena, buf);
    return ts;
}

/* A time that is one quoted string or an unquoted date: where a string
 * after it is something else (an assumption's "why"). */
static kj_timestr parse_time_one(parser *p, const char *what)
{
    if (peek(p)->kind != TK_STRING) return parse_time(p, what);
    kj_timestr ts = {.text = peek(p)->text, .span = peek(p)->span};
    p->pos++;
    return ts;
}

/* The statement array.  A big case's is hundreds of megabytes: from 16 MB
 * on it is a mapping of its own, which grows in place or moves by its page
 * tables (mremap), where realloc would copy it (measured: 0.8 s to grow a
 * 270 MB array for the rows of a store).  Room reserved for statements
 * about to be written (kj_stmts_reserve) has its pages populated in one
 * call, not faulted in one by one (page faults one by one were a fifth of
 * the parse); the doubling of appends does not populate, so an append past
 * the reserve never doubles the memory in use at once.  Under
 * AddressSanitizer the array stays on the heap, where overruns are caught. */
#if defined(__SANITIZE_ADDRESS__)
#define KJ_STMTS_MAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KJ_STMTS_MAP 0
#endif
#endif
#ifndef KJ_STMTS_MAP
#define KJ_STMTS_MAP 1
#endif

static void stmts_resize(kj_case *c, int cap, int populate)
{
    size_t old = sizeof(kj_stmt) * (size_t)c->cap_stmts, want = sizeof(kj_stmt) * (size_t)cap;
    void *p;
    if (KJ_STMTS_MAP && want >= ((size_t)16 << 20)) {
        if (c->stmts_mapped) {
            p = mremap(c->stmts, old, want, MREMAP_MAYMOVE);
            /* an older kernel without MADV_POPULATE_WRITE faults them as before */
            if (p != MAP_FAILED && populate) (void)madvise((char *)p + old, want - old, MADV_POPULATE_WRITE);
        } else {
            p = mmap(NULL, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p != MAP_FAILED) {
                /* huge pages where the kernel allows them: a 2 MB page is
                 * one fault where 4 KB pages are 512 (mremap keeps it) */
                (void)madvise(p, want, MADV_HUGEPAGE);
                if (populate) (void)madvise(p, want, MADV_POPULATE_WRITE);
                if (c->n_stmts) memcpy(p, c->stmts, sizeof(kj_stmt) * (size_t)c->n_stmts);
                kj_free(c->stmts);
            }
        }
        if (p == MAP_FAILED) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
        c->stmts_mapped = 1; /* (unmapped by the case's cleanup if the load fails: case.c) */
    } else {
        p = kj_realloc(c->mem, c->stmts, want);
    }
    c->stmts = p;
    c->cap_stmts = cap;
    c->kinds = kj_realloc(c->mem, c->kinds, (size_t)cap);
}

void kj_stmts_release(kj_case *c)
{
    if (c->stmts_mapped) munmap(c->stmts, sizeof(kj_stmt) * (size_t)c->cap_stmts);
    else kj_free(c->stmts);
    kj_free(c->kinds);
    c->stmts = NULL;
    c->kinds = NULL;
    c->n_stmts = 0;
    c->cap_stmts = 0;
    c->stmts_mapped = 0;
}

void kj_stmts_reserve(kj_case *c, int n)
{
    if (n <= c->cap_stmts) return;
    if (n < c->cap_stmts + c->cap_stmts / 2) n = c->cap_stmts + c->cap_stmts / 2; /* repeated small reserves stay linear */
    stmts_resize(c, n, 1);
}

void kj_stmts_trim(kj_case *c)
{
    if (!c->stmts_mapped) return;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = ((uintptr_t)(c->stmts + c->n_stmts) + page - 1) & ~(page - 1);
    uintptr_t hi = (uintptr_t)(c->stmts + c->cap_stmts) & ~(page - 1);
    /* an append there finds zeroed pages again (and clears them anyway) */
    if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

kj_stmt *kj_stmt_append(kj_case *c, kj_stmt_kind kind, kj_role role, kj_span span)
{
    size_t size = kj_stmt_body_size(kind);
    return kj_stmt_append_at(c, kind, role, span, size ? kj_arena_alloc(&c->arena, size) : NULL);
}

kj_stmt *kj_stmt_append_at(kj_case *c, kj_stmt_kind kind, kj_role role, kj_span span, void *body)
{
    if (c->n_stmts == c->cap_stmts) stmts_resize(c, c->cap_stmts ? c->cap_stmts * 2 : 64, 0);
    c->kinds[c->n_stmts] = (unsigned char)kind;
    kj_stmt *s = &c->stmts[c->n_stmts++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->role = role;
    s->span = span;
    s->parent = -1;
    s->source.idx = -1;
    if (body) kj_stmt_body_attach(s, body);
    return s;
}

static kj_stmt *new_stmt(parser *p, kj_stmt_kind kind, kj_role role)
{
    return kj_stmt_append(p->c, kind, role, p->lg->toks[0].span);
}

/* Takes "ID" or "ID:" as the statement id. */
static void parse_id(parser *p, kj_stmt *s, int colon)
{
    kj_tok *t = peek(p);
    s->id_span = t->span;
    kj_ref r = expect_ref(p, "an id:");
    s->id = r.name;
    if (colon) expect_punct(p, ":");
}

static void parse_source_clause(parser *p, kj_stmt *s)
{
    if (accept_word(p, "source")) s->source = expect_ref(p, "a source");
}

static void parse_label(parser *p, kj_stmt *s)
{
    if (peek(p)->kind == TK_STRING) s->label = expect_string(p, "a label");
}

/* Whether an address is one a report may link as it is written: http://
 * or https://, then a host, and only printable ASCII (no space, no
 * control character, nothing outside ASCII: a Unicode space, a C1 or
 * bidirectional control would be shown or escaped differently by each
 * output, so the link would not be the case's address). */
static int linkable_url(const char *u)
{
    size_t n = !strncmp(u, "https://", 8) ? 8 : !strncmp(u, "http://", 7) ? 7 : 0;
    if (!n || !u[n] || u[n] == '/') return 0;
    for (const unsigned char *q = (const unsigned char *)u; *q; q++)
        if (*q <= ' ' || *q >= 0x7f) return 0;
    return 1;
}

/* source ID "citation" [url "https://..."] */
static void parse_source(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_SOURCE, ROLE_OTHER);
    parse_id(p, s, 0);
    s->label = expect_string(p, "the citation");
    if (!p->failed && accept_word(p, "url")) {
        kj_tok *t = peek(p);
        const char *u = expect_string(p, "the source's address");
        if (u && !linkable_url(u) && !p->failed) {
            p->failed = 1;
            kj_error(p->c, t->span, "give the address as a browser copies it: \"https://...\", any character outside ASCII percent-encoded (%C3%A9 for é)",
                     "a source's url must begin with http:// or https:// and hold only printable ASCII, no space");
        }
        if (u && !p->failed) s->cite->url = u;
    }
}

static double parse_distance_unit(parser *p, double v)
{
    kj_tok *t = peek(p);
    if (t->kind == TK_WORD) {
        if (!strcmp(t->text, "m")) { p->pos++; return v; }
        if (!strcmp(t->text, "km")) { p->pos++; return v * 1000; }
        if (!strcmp(t->text, "mi") || !strcmp(t->text, "miles") || !strcmp(t->text, "mile")) { p->pos++; return v * 1609.344; }
    }
    expected(p, "a distance unit (m, km, mi)", NULL);
    return v;
}

/* ZONE after `tz` (a word, or a string for an offset with seconds), into
 * a place's or a trace's zone. */
static void parse_zone(parser *p, kj_timestr *zone)
{
    kj_tok *z = peek(p);
    if (!p->failed && (z->kind == TK_WORD || z->kind == TK_STRING)) {
        zone->text = z->text;
        zone->span = z->span;
        p->pos++;
    } else {
        expected(p, "an IANA time zone such as Europe/Oslo", NULL);
    }
}

/* [± DIST UNIT] after a place's position */
static void parse_place_radius(parser *p, kj_place_stmt *pl)
{
    if (accept_punct(p, "±")) {
        double r = expect_number(p, "a radius");
        pl->radius_given_m = parse_distance_unit(p, r);
    }
}

/* place ID LAT LON [± DIST UNIT] tz ZONE [in COUNTRY] ["label"] [source SRC]
 * place ID city "NAME[, STATE][, COUNTRY]" [± DIST UNIT] [tz ZONE] [in COUNTRY] ["label"] [source SRC]
 * place ID one of A, B [, C...] ["label"]
 * place ID [tz ZONE] [in COUNTRY] ["label"]              -- unlocated */
static void parse_place(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_PLACE, ROLE_PLACE);
    parse_id(p, s, 0);
    s->place->radius_given_m = -1;
    if (accept_word(p, "one")) {
        expect_word(p, "of");
        KJ_VEC(kj_ref) alts = {0};
        do {
            kj_ref r = expect_ref(p, "a place");
            if (r.name) kj_vec_put(p->c->mem, &alts, r);
        } while (!p->failed && (accept_punct(p, ",") || accept_word(p, "or")));
        s->place->alts = kj_arena_alloc(&p->c->arena, sizeof(kj_ref) * (size_t)(alts.n + 1));
        if (alts.n) memcpy(s->place->alts, alts.items, sizeof(kj_ref) * (size_t)alts.n);
        s->place->n_alts = alts.n;
        kj_free(alts.items);
        if (!p->failed && s->place->n_alts < 2) expected(p, "at least two places after 'one of'", NULL);
    } else if (accept_word(p, "city")) { /* located by name (city.c) */
        kj_tok *t = peek(p);
        if (t->kind == TK_STRING || t->kind == TK_WORD) {
            s->place->city = kj_arena_alloc(&p->c->arena, sizeof *s->place->city);
            *s->place->city = (kj_place_city){.written = {.text = t->text, .span = t->span}};
            p->pos++;
        } else {
            expected(p, "a city's name, such as \"Bergen, Norway\"", NULL);
        }
        parse_place_radius(p, s->place);
        if (accept_word(p, "tz")) parse_zone(p, &s->place->zone);
    } else if (peek(p)->kind == TK_NUMBER || (peek(p)->kind == TK_WORD && ((peek(p)->text[0] >= '0' && peek(p)->text[0] <= '9') || peek(p)->text[0] == '-'))) {
        kj_tok *lat_tok = peek(p);
        s->place->lat = expect_number(p, "a latitude");
        kj_tok *lon_tok = peek(p);
        s->place->lon = expect_number(p, "a longitude in degrees");
        s->place->located = 1;
        s->place->lat_span = lat_tok->span;
        if (!p->failed && (s->place->lat < -90 || s->place->lat > 90)) {
            kj_error(p->c, lat_tok->span, "latitude is -90..90 degrees; are latitude and longitude swapped?",
                     "latitude %s out of range", lat_tok->text);
            p->failed = 1;
        }
        if (!p->failed && (s->place->lon < -180 || s->place->lon > 180)) {
            kj_error(p->c, lon_tok->span, "longitude is -180..180 degrees", "longitude %s out of range", lon_tok->text);
            p->failed = 1;
        }
        parse_place_radius(p, s->place);
        expect_word(p, "tz");
        parse_zone(p, &s->place->zone);
    } else if (accept_word(p, "tz")) {
        parse_zone(p, &s->place->zone); /* unlocated, but its clock is known */
    }
    if (accept_word(p, "in")) { /* the country, for questions about borders */
        kj_tok *t = peek(p);
        if (t->kind == TK_WORD || t->kind == TK_STRING) {
            s->place->country = t->text;
            p->pos++;
        } else {
            expected(p, "a country name", NULL);
        }
    }
    parse_label(p, s);
    parse_source_clause(p, s);
}

/* person ID "Name" [alias NAME [, NAME...]] */
static void parse_person(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_PERSON, ROLE_OTHER);
    parse_id(p, s, 0);
    s->person->name = peek(p)->kind == TK_STRING ? expect_string(p, "the name") : s->id;
    if (accept_word(p, "alias") || accept_word(p, "aliases")) {
        KJ_VEC(const char *) al = {0};
        do {
            kj_tok *t = peek(p);
            if (t->kind == TK_WORD || t->kind == TK_STRING) {
                kj_vec_put(p->c->mem, &al, t->text);
                p->pos++;
            } else {
                expected(p, "an alias", NULL);
            }
        } while (!p->failed && accept_punct(p, ","));
        s->person->aliases = kj_arena_alloc(&p->c->arena, sizeof(char *) * (size_t)(al.n + 1));
        if (al.n) memcpy(s->person->aliases, al.items, sizeof(char *) * (size_t)al.n);
        s->person->n_aliases = al.n;
        kj_free(al.items);
    }
}

/* entity ID kind KIND at PLACE [exists RANGE] source SRC ["label"] */
static void parse_entity(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_ENTITY, ROLE_ENTITY);
    parse_id(p, s, 0);
    expect_word(p, "kind");
    kj_ref k = expect_ref(p, "an entity kind (hotel, cafe, airport...)");
    s->entity->entity_kind = k.name;
    expect_word(p, "at");
    s->entity->at = expect_ref(p, "a place");
    while (!p->failed && !at_end(p)) {
        if (is_word(p, "exists") && s->entity->exists.text) {
            kj_error(p->c, peek(p)->span, "an entity has one lifetime: join them into one FROM..TO",
                     "a second 'exists' for entity '%s'", s->id ? s->id : "");
            p->failed = 1;
            return;
        }
        if (accept_word(p, "exists")) s->entity->exists = parse_time(p, "a lifetime FROM..TO");
        else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (peek(p)->kind == TK_STRING) parse_label(p, s);
        else expected(p, "'exists', 'source' or a label", NULL);
    }
    if (!p->failed && !s->source.name) expected(p, "'source SRC' (an entity needs a source for its lifetime)", NULL);
}

/* Parses an attribute filter: K = V [and K = V ...] into *attrs and *n (a
 * register's, an entry's or an assumption's). */
static void parse_attrs(parser *p, kj_attr **attrs, int *n)
{
    KJ_VEC(kj_attr) at = {0};
    do {
        kj_attr a = {0};
        a.span = peek(p)->span;
        a.stmt = -1;
        kj_ref k = expect_ref(p, "an attribute");
        if (!p->failed && !accept_punct(p, "=")) expected(p, "'='", "where KEY = VALUE [and KEY = VALUE ...]: where plate = \"AB12 CDE\"");
        kj_tok *v = peek(p);
        /* "plate = source ncp-log": the value forgotten, a clause's word
         * taken for it */
        if (!p->failed && v->kind == TK_WORD && p->pos + 1 < p->lg->n &&
            (!strcmp(v->text, "source") || !strcmp(v->text, "where") || !strcmp(v->text, "store") || !strcmp(v->text, "and"))) {
            kj_error(p->c, v->span, kj_arena_printf(&p->c->arena, "give the value first; if it is the word itself, quote it: %s = \"%s\"",
                                                      k.name ? k.name : "KEY", v->text),
                     "attribute '%s' has no value before '%s'", k.name ? k.name : "", v->text);
            p->failed = 1;
        }
        if (!p->failed && k.name) { /* keys are names: in lower case, as an import's columns are */
            char *lower = kj_arena_strdup(&p->c->arena, k.name);
            for (char *q = lower; *q; q++)
                if (*q >= 'A' && *q <= 'Z') *q = (char)(*q - 'A' + 'a');
            k.name = lower;
            for (int i = 0; i < at.n; i++)
                if (!strcmp(at.items[i].key, k.name)) {
                    kj_error(p->c, a.span, "give each attribute once: which value would be read?", "attribute '%s' given twice",
                             k.name);
                    p->failed = 1;
                }
        }
        if (!p->failed && (v->kind == TK_WORD || v->kind == TK_STRING || v->kind == TK_NUMBER)) {
            a.key = k.name;
            a.value = v->text;
            p->pos++;
            kj_vec_put(p->c->mem, &at, a);
        } else {
            expected(p, "a value", NULL);
        }
    } while (!p->failed && accept_word(p, "and"));
    *attrs = kj_arena_alloc(&p->c->arena, sizeof(kj_attr) * (size_t)(at.n + 1));
    if (at.n) memcpy(*attrs, at.items, sizeof(kj_attr) * (size_t)at.n);
    *n = at.n;
    kj_free(at.items);
}

static double parse_speed(parser *p)
{
    double v = expect_number(p, "a speed");
    kj_tok *t = peek(p);
    if (t->kind == TK_WORD) {
        if (!strcmp(t->text, "km/h") || !strcmp(t->text, "kmh")) { p->pos++; return v / 3.6; }
        if (!strcmp(t->text, "mph")) { p->pos++; return v * 0.44704; }
        if (!strcmp(t->text, "m/s")) { p->pos++; return v; }
        if (!strcmp(t->text, "kn") || !strcmp(t->text, "knots")) { p->pos++; return v * 1852.0 / 3600; }
    }
    expected(p, "a speed unit (km/h, mph, m/s, kn)", NULL);
    return v;
}

static int expect_year(parser *p)
{
    kj_tok *t = peek(p);
    double y = expect_number(p, "a year");
    if (!p->failed && (y < 1 || y > 9999 || y != (int)y)) {
        kj_error(p->c, t->span, "years are whole numbers 1..9999", "year '%s' out of range", t->text);
        p->failed = 1;
        return 0;
    }
    return (int)y;
}

/* mode ID[: CLASS] max SPEED UNIT [since YEAR] [until YEAR]
 *      (source SRC | assumption "why") */
static void parse_mode(parser *p, int from_data)
{
    kj_stmt *s = new_stmt(p, ST_MODE, ROLE_MODE);
    s->from_data = from_data;
    parse_id(p, s, 0);
    s->mode->mode_class = s->id;
    if (accept_punct(p, ":")) s->mode->mode_class = expect_ref(p, "a mode class (air, car, rail, ...)").name;
    expect_word(p, "max");
    s->mode->max_mps = parse_speed(p);
    if (!p->failed && !(s->mode->max_mps > 0)) {
        kj_error(p->c, p->lg->toks[p->pos - 2].span, NULL, "a maximum speed must be positive");
        p->failed = 1;
    }
    while (!p->failed && !at_end(p)) {
        if (accept_word(p, "since")) s->mode->since = expect_year(p);
        else if (accept_word(p, "until")) s->mode->until = expect_year(p);
        else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (accept_word(p, "assumption")) s->basis = expect_string(p, "the reason for the assumption");
        else expected(p, "'since', 'until', 'source' or 'assumption'", NULL);
    }
    if (!p->failed && !s->source.name && !s->basis) {
        kj_error(p->c, s->span, "every speed needs a basis: add source ID or assumption \"why\"",
                 "mode '%s' has neither a source nor an assumption", s->id ? s->id : "?");
        p->failed = 1;
    }
}

/* medium ID: carried|wire|live [max SPEED UNIT] (source SRC | assumption "why") */
static void parse_medium(parser *p, int from_data)
{
    kj_stmt *s = new_stmt(p, ST_MEDIUM, ROLE_MEDIUM);
    s->from_data = from_data;
    parse_id(p, s, 1);
    s->medium->max_mps = -1;
    if (accept_word(p, "carried")) s->medium->medium_class = MEDIUM_CARRIED;
    else if (accept_word(p, "wire")) s->medium->medium_class = MEDIUM_WIRE;
    else if (accept_word(p, "live")) s->medium->medium_class = MEDIUM_LIVE;
    else {
        expected(p, "'carried', 'wire' or 'live'",
                 "carried: a letter or a courier (no faster than someone can carry it); wire: a telegram or an e-mail "
                 "(received at the earliest when sent); live: a call (both ends at once)");
        return;
    }
    while (!p->failed && !at_end(p)) {
        if (s->medium->medium_class == MEDIUM_CARRIED && accept_word(p, "max")) {
            s->medium->max_mps = parse_speed(p);
            if (!p->failed && !(s->medium->max_mps > 0)) {
                kj_error(p->c, p->lg->toks[p->pos - 2].span, NULL, "a maximum speed must be positive");
                p->failed = 1;
            }
        } else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (accept_word(p, "assumption")) s->basis = expect_string(p, "the reason for the assumption");
        else expected(p, s->medium->medium_class == MEDIUM_CARRIED ? "'max', 'source' or 'assumption'" : "'source' or 'assumption'",
                      is_word(p, "max") ? "only a carried medium has a speed: a wire or a call is read as instant" : NULL);
    }
    if (!p->failed && !s->source.name && !s->basis) {
        kj_error(p->c, s->span, "every medium needs a basis: add source ID or assumption \"why\"",
                 "medium '%s' has neither a source nor an assumption", s->id ? s->id : "?");
        p->failed = 1;
    }
}

/* route [ID:] A -> B by MODE DIST UNIT source SRC */
static void parse_route(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_ROUTE, ROLE_ROUTE);
    if (p->pos + 1 < p->lg->n && p->lg->toks[p->pos + 1].kind == TK_PUNCT && !strcmp(p->lg->toks[p->pos + 1].text, ":"))
        parse_id(p, s, 1);
    s->route->from = expect_ref(p, "a place");
    expect_punct(p, "->");
    s->route->to = expect_ref(p, "a place");
    expect_word(p, "by");
    s->route->mode = expect_ref(p, "a mode");
    double d = expect_number(p, "a distance");
    s->route->dist_m = parse_distance_unit(p, d);
    parse_source_clause(p, s);
    if (!p->failed && !s->source.name) expected(p, "'source SRC' (a route length needs a source)", NULL);
    if (!s->id && s->route->from.name && s->route->to.name)
        s->id = kj_arena_printf(&p->c->arena, "route:%s->%s", s->route->from.name, s->route->to.name);
}

static int parse_event_kind(parser *p, kj_event_kind *ev)
{
    static const struct { const char *w; kj_event_kind k; } words[] = {
        {"arrival", EV_ARRIVAL}, {"arrivals", EV_ARRIVAL}, {"landing", EV_ARRIVAL}, {"landings", EV_ARRIVAL},
        {"departure", EV_DEPARTURE}, {"departures", EV_DEPARTURE},
        {"stay", EV_STAY}, {"stays", EV_STAY}, {"guests", EV_STAY}, {"visits", EV_STAY}, {"visit", EV_STAY},
        {"sent", EV_SENT}, {"outgoing", EV_SENT}, {"received", EV_RECEIVED}, {"incoming", EV_RECEIVED}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (accept_word(p, words[i].w)) {
            *ev = words[i].k;
            /* "sent messages", "incoming calls", "received mail" */
            if (*ev == EV_SENT || *ev == EV_RECEIVED)
                (void)(accept_word(p, "messages") || accept_word(p, "message") || accept_word(p, "calls") || accept_word(p, "mail"));
            return 1;
        }
    if (is_word(p, "messages") || is_word(p, "mail") || is_word(p, "calls"))
        expected(p, "'sent' or 'received' before it", "a register of messages records those sent from its place, or those received there: records sent messages by letter");
    else expected(p, "an event kind (arrival, departure, stay, sent messages, received messages)", NULL);
    return 0;
}

/* of vehicles|devices   -- a register's: whose events it records */
static void parse_register_of(parser *p, kj_stmt *s)
{
    kj_span at = peek(p)->span;
    p->pos++;
    kj_of_kind of = OF_PEOPLE;
    if (accept_word(p, "vehicles") || accept_word(p, "vehicle")) of = OF_VEHICLES;
    else if (accept_word(p, "devices") || accept_word(p, "device")) of = OF_DEVICES;
    else {
        expected(p, "'vehicles' or 'devices'",
                 "of vehicles: cars, vans, boats (by plate); of devices: phones, badges, trackers; a register of people's own events says no 'of'");
        return;
    }
    if (s->reg->of != OF_PEOPLE) {
        kj_error(p->c, at, "a register records the events of one kind of thing", "a second 'of' for register '%s'",
                 s->id ? s->id : "");
        p->failed = 1;
        return;
    }
    s->reg->of = of;
}

/* register ID at PLACE covers RANGE records EVENT [of vehicles|devices]
 *   [by CLASS] [where K = V [and ...]] [store STORE] source SRC ["label"] */
static void parse_register(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_REGISTER, ROLE_REGISTER);
    parse_id(p, s, 0);
    expect_word(p, "at");
    s->reg->at = expect_ref(p, "a place");
    expect_word(p, "covers");
    s->reg->covers = parse_time(p, "the period the register covers");
    expect_word(p, "records");
    parse_event_kind(p, &s->reg->event);
    while (!p->failed && !at_end(p)) {
        if (accept_word(p, "by")) s->reg->by_class = expect_ref(p, "a mode class").name;
        else if (is_word(p, "of")) parse_register_of(p, s);
        else if (accept_word(p, "where")) parse_attrs(p, &s->reg->attrs, &s->reg->n_attrs);
        else if (accept_word(p, "store")) s->reg->store = expect_ref(p, "a store");
        else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (peek(p)->kind == TK_STRING) parse_label(p, s);
        else expected(p, "'by', 'of', 'where', 'store', 'source' or a label", NULL);
    }
    if (!p->failed && !s->source.name) expected(p, "'source SRC' (a register needs a source)", NULL);
    if (!p->failed && (s->reg->event == EV_SENT || s->reg->event == EV_RECEIVED) && s->reg->of != OF_PEOPLE) {
        /* a phone a person has is not the way his messages went: nothing
         * ties a claimed letter or call to a device's log */
        kj_error(p->c, s->span, "record the messages as a register of people's (no 'of'); a device's log says nothing of a letter",
                 "a register of messages records people's messages, not those of their %s",
                 s->reg->of == OF_DEVICES ? "devices" : "vehicles");
        p->failed = 1;
    }
    p->reg = (int)(s - p->c->stmts);
}

/* entry ID: [at|on|in TIME] [where K = V ...] [unrelated [to CLAIM]]
 *   [source SRC] ["note"]                    -- inside a register */
static void parse_entry(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_ENTRY, ROLE_REGISTER);
    s->parent = p->reg;
    if (p->reg < 0) {
        kj_error(p->c, s->span, "put entries right under their register", "entry outside a register");
        p->failed = 1;
        return;
    }
    parse_id(p, s, 1);
    while (!p->failed && !at_end(p)) {
        if (accept_word(p, "at") || accept_word(p, "on") || accept_word(p, "in")) s->entry->when = parse_time(p, "a time");
        else if (accept_word(p, "where")) parse_attrs(p, &s->entry->attrs, &s->entry->n_attrs);
        else if (accept_word(p, "unrelated")) {
            s->entry->unrelated = 1;
            if (accept_word(p, "to")) s->entry->unrelated_to = expect_ref(p, "a claim");
        } else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (peek(p)->kind == TK_STRING) parse_label(p, s);
        else expected(p, "'at', 'where', 'unrelated', 'source' or a note", NULL);
    }
    if (!p->failed && s->entry->unrelated && !s->source.name)
        expected(p, "'source SRC' (an entry declared unrelated needs the source that says so)", NULL);
}

/* fact ID: PERSON at PLACE throughout TIME source SRC
 * fact ID: PERSON at PLACE on|in TIME source SRC
 * fact ID: PERSON lives at PLACE from TIME [to TIME] source SRC
 * fact ID: PERSON travels A -> B by MODE departs TIME arrives TIME source SRC */
/* The verb of a custody: PERSON has|carries|drives THING. */
static int accept_custody_verb(parser *p)
{
    return accept_word(p, "has") || accept_word(p, "carries") || accept_word(p, "drives");
}

/* Does a journey start here: travels, sails, flies or goes, or drives
 * followed by "from A" or "A ->" / "A to" (else "drives THING" is a
 * custody)?  Consumes the verb if so. */
static int accept_journey_verb(parser *p)
{
    if (accept_word(p, "travels") || accept_word(p, "sails") || accept_word(p, "flies") || accept_word(p, "goes")) return 1;
    if (!is_word(p, "drives") || p->pos + 2 >= p->lg->n) return 0;
    const kj_tok *a = &p->lg->toks[p->pos + 1], *b = &p->lg->toks[p->pos + 2];
    int journey = (a->kind == TK_WORD && !strcmp(a->text, "from")) || (b->kind == TK_PUNCT && !strcmp(b->text, "->")) ||
                  (b->kind == TK_WORD && !strcmp(b->text, "to"));
    if (journey) p->pos++;
    return journey;
}

static void set_once(parser *p, kj_timestr *slot, kj_timestr ts, const char *what);

/* fact ID: PERSON travels [from] A -> B by MODE departs TIME arrives TIME
 * (the verb read): aboard from departure to arrival. */
static void parse_fact_journey(parser *p, kj_stmt *s)
{
    kj_fact_stmt *f = s->fact;
    f->fact_kind = FACT_JOURNEY;
    accept_word(p, "from");
    f->at = expect_ref(p, "a place");
    if (!accept_punct(p, "->")) expect_word(p, "to");
    f->to = expect_ref(p, "a place");
    while (!p->failed && !at_end(p)) {
        if (accept_punct(p, ",")) continue;
        if (accept_word(p, "by")) {
            if (f->mode.name) {
                kj_error(p->c, peek(p)->span, "a journey has one mode", "a second 'by'");
                p->failed = 1;
            } else f->mode = expect_ref(p, "a mode or mode class");
        } else if (accept_word(p, "departs")) set_once(p, &f->when, parse_time(p, "a time"), "departure");
        else if (accept_word(p, "arrives")) set_once(p, &f->arrive, parse_time(p, "a time"), "arrival");
        else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (peek(p)->kind == TK_STRING) parse_label(p, s);
        else if (is_word(p, "throughout") || is_word(p, "on") || is_word(p, "in") || is_word(p, "takes") || is_word(p, "lasts"))
            expected(p, "'by', 'departs', 'arrives', 'source' or a label",
                     "a journey fact says when it left and arrived: departs \"10 April 1912, noon\" arrives 1912-04-17");
        else expected(p, "'by', 'departs', 'arrives', 'source' or a label", NULL);
    }
    if (p->failed) return;
    if (!f->mode.name)
        expected(p, "'by MODE' (a journey fact's vehicle bounds where its traveller can be on the way)",
                 "by sea, or a mode of the case: by liner");
    else if (!f->when.text || !f->arrive.text)
        expected(p, f->when.text ? "'arrives TIME'" : "'departs TIME'",
                 "a journey fact says when it left and when it arrived: departs 1912-04-10 arrives 1912-04-17");
}

static void parse_fact(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_FACT, ROLE_FACT);
    parse_id(p, s, 1);
    s->fact->person = expect_ref(p, "a person, device or vehicle");
    if (!p->failed && accept_journey_verb(p)) {
        parse_fact_journey(p, s);
    } else if (accept_word(p, "unreachable")) {
        /* PERSON unreachable [by MEDIUM[, MEDIUM...]] throughout TIME */
        s->fact->fact_kind = FACT_UNREACHABLE;
        if (accept_word(p, "by")) {
            KJ_VEC(kj_ref) v = {0};
            do {
                if (is_word(p, "throughout") || is_word(p, "or") || is_word(p, "and")) {
                    expected(p, "a medium (letter, telegram, telephone, ...)", NULL);
                    break;
                }
                kj_ref r = expect_ref(p, "a medium (letter, telegram, telephone, ...)");
                if (r.name) kj_vec_put(p->c->mem, &v, r);
            } while (!p->failed && (accept_punct(p, ",") || accept_word(p, "or") || accept_word(p, "and")));
            s->fact->media = kj_arena_alloc(&p->c->arena, sizeof(kj_ref) * (size_t)(v.n + 1));
            if (v.n) memcpy(s->fact->media, v.items, sizeof(kj_ref) * (size_t)v.n);
            s->fact->n_media = v.n;
            kj_free(v.items);
        }
        if (!p->failed && accept_word(p, "throughout")) {
            s->fact->when = parse_time(p, "the period");
            if (!p->failed && accept_word(p, "tz")) parse_zone(p, &s->fact->zone);
        } else if (!p->failed)
            expected(p, "'throughout TIME'", "an unreachable person is so over a period: unreachable by letter, telephone throughout \"3 May 1937..20 May 1937\" tz Europe/Moscow");
    } else if (accept_custody_verb(p)) {
        s->fact->fact_kind = FACT_CUSTODY;
        s->fact->thing = expect_ref(p, "a device or vehicle");
        if (accept_word(p, "throughout")) s->fact->when = parse_time(p, "the period");
        else expected(p, "'throughout TIME'", "a custody says while: reeve has phone1 throughout \"2024-03-14 18:00..2024-03-14 23:59\" tz Europe/London");
        if (!p->failed && accept_word(p, "tz")) parse_zone(p, &s->fact->zone);
    } else if (accept_word(p, "lives") || accept_word(p, "resides")) {
        s->fact->fact_kind = FACT_RESIDES;
        expect_word(p, "at");
        s->fact->at = expect_ref(p, "a place");
        if (accept_word(p, "from")) s->fact->when = parse_time(p, "a date");
        if (accept_word(p, "to")) s->fact->until = parse_time(p, "a date");
    } else {
        expect_word(p, "at");
        s->fact->at = expect_ref(p, "a place");
        if (accept_word(p, "throughout")) {
            s->fact->fact_kind = FACT_THROUGHOUT;
            s->fact->when = parse_time(p, "the period");
        } else if (accept_word(p, "on") || accept_word(p, "in")) {
            s->fact->fact_kind = FACT_AT;
            s->fact->when = parse_time(p, "a time");
        } else {
            expected(p, "'throughout', 'on' or 'in'", "a fact says when: at PLACE throughout 1935-12");
        }
    }
    while (!p->failed && !at_end(p)) {
        if (is_word(p, "source")) parse_source_clause(p, s);
        else if (peek(p)->kind == TK_STRING) parse_label(p, s);
        else expected(p, "'source SRC' or a label", NULL);
    }
    if (!p->failed && !s->source.name) expected(p, "'source SRC' (a fact needs a source)", NULL);
}

/* testimony ID by PERSON source SRC ["note"] */
static void parse_testimony(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_TESTIMONY, ROLE_OTHER);
    parse_id(p, s, 0);
    expect_word(p, "by");
    s->testimony->person = expect_ref(p, "a person");
    parse_source_clause(p, s);
    parse_label(p, s);
    if (!p->failed && !s->source.name) expected(p, "'source SRC' (where the testimony is recorded)", NULL);
    p->testimony = (int)(s - p->c->stmts);
    p->last_claim = -1;
}

/* Words that start a claim clause, so never a name in a list. */
static int is_clause_word(const char *w)
{
    static const char *const words[] = {"at", "by", "nonstop", "departs", "arrives", "takes", "lasts", "with", "on",
                                        "in", "source", "during", "right", "after", "before", "the"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(w, words[i])) return 1;
    return 0;
}

static kj_ref *ref_list(parser *p, int *n)
{
    KJ_VEC(kj_ref) v = {0};
    for (;;) {
        kj_ref r = expect_ref(p, "a person");
        if (r.name) kj_vec_put(p->c->mem, &v, r);
        if (p->failed) break;
        /* "A, B and C" continues; ", takes ..." ends the list */
        kj_tok *next = p->pos + 1 < p->lg->n ? &p->lg->toks[p->pos + 1] : NULL;
        int sep = is_punct(p, ",") || is_word(p, "and");
        if (!sep || !next || next->kind != TK_WORD || is_clause_word(next->text)) break;
        p->pos++;
    }
    kj_ref *out = kj_arena_alloc(&p->c->arena, sizeof(kj_ref) * (size_t)(v.n + 1));
    if (v.n) memcpy(out, v.items, sizeof(kj_ref) * (size_t)v.n);
    *n = v.n;
    kj_free(v.items);
    return out;
}

/* Does a gap clause start here: a duration (a quoted one ending in a unit
 * of time, or a number and a unit) and then "after" or "later"?  Returns
 * how many tokens the duration is (1 or 2), or 0.  (A quoted time before
 * "after CLAIM" is a time and a sequence clause: times do not end in a
 * unit.) */
static int gap_ahead(parser *p)
{
    static const char *const units[] = {"s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
                                        "h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks"};
    int n = 0;
    const char *unit = NULL;
    if (at_end(p)) return 0;
    kj_tok *t = peek(p);
    if (t->kind == TK_STRING) {
        n = 1;
        unit = strrchr(t->text, ' ');
        unit = unit ? unit + 1 : t->text;
    } else if (t->kind == TK_NUMBER && p->pos + 1 < p->lg->n && p->lg->toks[p->pos + 1].kind == TK_WORD) {
        n = 2;
        unit = p->lg->toks[p->pos + 1].text;
    } else {
        return 0;
    }
    if (p->pos + n >= p->lg->n) return 0;
    const kj_tok *w = &p->lg->toks[p->pos + n];
    if (w->kind != TK_WORD || (strcmp(w->text, "after") && strcmp(w->text, "later"))) return 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (!strcmp(unit, units[i])) return n;
    return 0;
}

/* seq := right after [CLAIM] | after CLAIM | before CLAIM | during ID
 *      | DURATION after [CLAIM] | DURATION later
 *      | the next day [after CLAIM] | the same day [as CLAIM] */
static int parse_seq(parser *p, kj_stmt *s)
{
    kj_span sp = peek(p)->span;
    kj_seq_kind k = SEQ_NONE;
    int need_ref = 1;
    int gap_toks = gap_ahead(p);
    if (gap_toks) { /* "3 days after X", "\"about a week\" later" */
        kj_timestr gap = {.span = sp};
        if (gap_toks == 1) gap.text = peek(p)->text;
        else {
            gap.text = kj_arena_printf(&p->c->arena, "%s %s", peek(p)->text, p->lg->toks[p->pos + 1].text);
            gap.span.len = p->lg->toks[p->pos + 1].span.col + p->lg->toks[p->pos + 1].span.len - sp.col;
        }
        p->pos += gap_toks;
        k = SEQ_GAP;
        need_ref = !accept_word(p, "later");
        if (need_ref) expect_word(p, "after");
        s->claim->seq_gap = gap;
    } else if (accept_word(p, "right")) { expect_word(p, "after"); k = SEQ_RIGHT_AFTER; need_ref = 0; }
    else if (accept_word(p, "after")) k = SEQ_AFTER;
    else if (accept_word(p, "before")) k = SEQ_BEFORE;
    else if (accept_word(p, "during")) {
        s->claim->during = expect_ref(p, "a fact or claim");
        return 1;
    } else if (accept_word(p, "the")) {
        if (accept_word(p, "next")) { expect_word(p, "day"); k = SEQ_NEXT_DAY; accept_word(p, "after"); }
        else if (accept_word(p, "same")) { expect_word(p, "day"); k = SEQ_SAME_DAY; accept_word(p, "as"); }
        else { expected(p, "'next day' or 'same day'", NULL); return 1; }
        need_ref = 0;
    } else {
        return 0;
    }
    if (s->claim->seq != SEQ_NONE) {
        kj_error(p->c, sp, "split the claim in two", "a claim has one sequence clause");
        p->failed = 1;
        return 1;
    }
    s->claim->seq = k;
    s->claim->seq_span = sp;
    s->claim->seq_words = sp;
    if (p->pos > 0 && p->lg->toks[p->pos - 1].span.line == sp.line)
        s->claim->seq_words.len = p->lg->toks[p->pos - 1].span.col + p->lg->toks[p->pos - 1].span.len - sp.col;
    kj_tok *t = peek(p);
    if (t->kind == TK_WORD && is_ident_text(t->text) && !need_ref && !is_clause_word(t->text))
        s->claim->seq_ref = expect_ref(p, "a claim");
    else if (need_ref)
        s->claim->seq_ref = expect_ref(p, "a claim");
    if (!s->claim->seq_ref.name) {
        if (p->last_claim < 0) {
            if (!p->failed) kj_error(p->c, sp, "name the claim it follows: right after CLAIM", "no earlier claim to follow");
            p->failed = 1;
        } else {
            s->claim->seq_ref.name = p->c->stmts[p->last_claim].id;
            s->claim->seq_ref.span = sp;
        }
    }
    return 1;
}

/* A claim's time, departure, arrival or duration (a journey fact's
 * departure and arrival), given once: a second
 * one (`in "Fri" 2024-03-14` is two times, the quoted one and a bare date)
 * is an error, never a silent replacement of the first. */
static void set_once(parser *p, kj_timestr *slot, kj_timestr ts, const char *what)
{
    if (slot->text && ts.text) {
        kj_error(p->c, ts.span,
                 strcmp(what, "duration") ? "write it as one expression, in one pair of quotes, e.g. \"Friday 14 March 2024, about 9 p.m.\""
                                          : "keep the one the account gives (\"at least 1 h\" or \"at most 2 h\" bound it on one side)",
                 "a %s has one %s; this is a second", p->c->stmts[p->c->n_stmts - 1].kind == ST_FACT ? "journey fact" : "claim",
                 what);
        p->failed = 1;
        return;
    }
    *slot = ts;
}

/* A message's places: `from PLACE` / `sent from PLACE` is its sender's,
 * `received at PLACE` its receiver's, and `at PLACE` the receiver's in a
 * claim that he receives it (in one that he sends it, "at" could be either
 * end's: an error that asks which). */
static int parse_message_place(parser *p, kj_claim_stmt *cl)
{
    kj_span sp = peek(p)->span;
    kj_ref *slot = NULL;
    if (accept_word(p, "from")) slot = &cl->from;
    else if (is_word(p, "sent") && p->pos + 1 < p->lg->n && !strcmp(p->lg->toks[p->pos + 1].text, "from")) {
        p->pos += 2;
        slot = &cl->from;
    } else if (is_word(p, "received") && p->pos + 1 < p->lg->n && !strcmp(p->lg->toks[p->pos + 1].text, "at")) {
        p->pos += 2;
        slot = &cl->to;
    } else if (cl->receives && accept_word(p, "at")) slot = &cl->to;
    else if (is_word(p, "at") && p->pos + 1 < p->lg->n && p->lg->toks[p->pos + 1].kind == TK_WORD &&
             is_ident_text(p->lg->toks[p->pos + 1].text)) {
        kj_error(p->c, sp, "write whose place it is: 'from PLACE' (the sender's) or 'received at PLACE' (the receiver's)",
                 "'at' in a message sent could be either end's place");
        p->failed = 1;
        return 1;
    } else return 0;
    if (slot->name) {
        kj_error(p->c, sp, "a message has one sender's place and one receiver's", "a second place for the %s",
                 slot == &cl->from ? "sender" : "receiver");
        p->failed = 1;
        return 1;
    }
    *slot = expect_ref(p, "a place");
    return 1;
}

/* Clauses common to claims, in any order, optionally comma-separated. */
static void parse_claim_clauses(parser *p, kj_stmt *s)
{
    while (!p->failed && !at_end(p)) {
        if (accept_punct(p, ",")) continue;
        if (s->claim->claim_kind == CLAIM_MESSAGE && parse_message_place(p, s->claim)) continue;
        if (s->claim->claim_kind == CLAIM_MESSAGE && (is_word(p, "sent") || is_word(p, "received"))) {
            /* its sending's or receipt's time (a journey's departs, arrives) */
            int sent = accept_word(p, "sent");
            if (!sent) p->pos++;
            set_once(p, sent ? &s->claim->depart : &s->claim->arrive, parse_time(p, "a time"), sent ? "sending time" : "receipt time");
            continue;
        }
        if (parse_seq(p, s)) continue;
        if (s->claim->claim_kind == CLAIM_TRAVEL && accept_word(p, "by")) s->claim->mode = expect_ref(p, "a mode");
        else if (s->claim->claim_kind == CLAIM_TRAVEL && accept_word(p, "nonstop")) s->claim->nonstop = 1;
        else if (s->claim->claim_kind == CLAIM_TRAVEL && accept_word(p, "departs")) set_once(p, &s->claim->depart, parse_time(p, "a time"), "departure");
        else if (s->claim->claim_kind == CLAIM_TRAVEL && accept_word(p, "arrives")) set_once(p, &s->claim->arrive, parse_time(p, "a time"), "arrival");
        else if (s->claim->claim_kind == CLAIM_TRAVEL && accept_word(p, "with")) s->claim->others = ref_list(p, &s->claim->n_others);
        else if (accept_word(p, "takes") || accept_word(p, "lasts")) set_once(p, &s->claim->dur, parse_time(p, "a duration"), "duration");
        else if (accept_word(p, "on") || accept_word(p, "in")) set_once(p, &s->claim->when, parse_time(p, "a time"), "time");
        else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (starts_time(p)) set_once(p, &s->claim->when, parse_time(p, "a time"), "time");
        else if (s->claim->claim_kind == CLAIM_MESSAGE)
            expected(p, "a message clause (from, received at, sent, received, on, in, takes, lasts, right after, ...)",
                     is_word(p, "by") ? "a message's medium is its verb's: sends telegram to P, receives letter from P" : NULL);
        else expected(p, "a claim clause (by, departs, arrives, takes, lasts, on, in, right after, ...)", NULL);
    }
}

/* A message's verb and what follows it up to its clauses:
 *   sends MEDIUM to P2 | receives MEDIUM from P2
 *   writes to P2 (a letter) | telephones|calls P2 (by telephone)
 *   telegraphs|wires P2 (a telegram) */
static int accept_message_verb(parser *p, kj_claim_stmt *cl)
{
    kj_span sp = peek(p)->span;
    if (accept_word(p, "sends")) {
        cl->medium = expect_ref(p, "a medium (letter, telegram, telephone, ...)");
        expect_word(p, "to");
        cl->party = expect_ref(p, "a person");
    } else if (accept_word(p, "receives")) {
        cl->receives = 1;
        cl->medium = expect_ref(p, "a medium (letter, telegram, telephone, ...)");
        expect_word(p, "from");
        cl->party = expect_ref(p, "a person");
    } else if (accept_word(p, "writes")) {
        cl->medium = (kj_ref){.name = "letter", .span = sp, .idx = -1};
        expect_word(p, "to");
        cl->party = expect_ref(p, "a person");
    } else if (accept_word(p, "telephones") || accept_word(p, "calls") || accept_word(p, "phones")) {
        cl->medium = (kj_ref){.name = "telephone", .span = sp, .idx = -1};
        cl->party = expect_ref(p, "a person");
    } else if (accept_word(p, "telegraphs") || accept_word(p, "wires")) {
        cl->medium = (kj_ref){.name = "telegram", .span = sp, .idx = -1};
        cl->party = expect_ref(p, "a person");
    } else {
        return 0;
    }
    return 1;
}

/* claim ID: PERSON travels A -> B [clauses]
 * claim ID: PERSON meets P1[, P2] at PLACE [clauses]
 * claim ID: PERSON at PLACE [clauses]                   -- inside a testimony */
static void parse_claim(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_CLAIM, ROLE_CLAIM);
    s->parent = p->testimony;
    if (p->testimony < 0) {
        kj_error(p->c, s->span, "put claims right under their testimony", "claim outside a testimony");
        p->failed = 1;
        return;
    }
    parse_id(p, s, 1);
    s->claim->person = expect_ref(p, "a person");
    if (accept_word(p, "travels") || accept_word(p, "flies") || accept_word(p, "drives") || accept_word(p, "goes")) {
        s->claim->claim_kind = CLAIM_TRAVEL;
        accept_word(p, "from");
        s->claim->from = expect_ref(p, "a place");
        if (!accept_punct(p, "->")) expect_word(p, "to");
        s->claim->to = expect_ref(p, "a place");
    } else if (accept_word(p, "meets")) {
        s->claim->claim_kind = CLAIM_MEET;
        s->claim->others = ref_list(p, &s->claim->n_others);
        expect_word(p, "at");
        s->claim->at = expect_ref(p, "a place");
    } else if (accept_word(p, "at") || accept_is_at(p)) {
        s->claim->claim_kind = CLAIM_PRESENCE;
        s->claim->at = expect_ref(p, "a place");
    } else if (accept_message_verb(p, s->claim)) {
        s->claim->claim_kind = CLAIM_MESSAGE;
    } else {
        expected(p, "'travels', 'meets', 'at', 'sends' or 'receives'", NULL);
        return;
    }
    parse_claim_clauses(p, s);
    if (!p->failed && s->claim->claim_kind == CLAIM_MESSAGE)
        s->claim->at = s->claim->receives ? s->claim->to : s->claim->from; /* the person's own place */
    p->last_claim = (int)(s - p->c->stmts);
}

/* assume [ID:] CLAIM ATTR = VALUE ["why"]
 * assume [ID:] PLACE = ALTERNATIVE ["why"]
 * assume [ID:] PERSON has|carries|drives THING [throughout TIME] ["why"]
 * assume [ID:] PERSON travels by CLASS [, CLASS ...] ["why"] */
static void parse_assume(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_ASSUME, ROLE_ASSUMPTION);
    if (p->pos + 1 < p->lg->n && p->lg->toks[p->pos + 1].kind == TK_PUNCT && !strcmp(p->lg->toks[p->pos + 1].text, ":"))
        parse_id(p, s, 1);
    s->assume->target = expect_ref(p, "a claim, place or person");
    if (accept_custody_verb(p)) {
        s->assume->thing = expect_ref(p, "a device or vehicle");
        if (accept_word(p, "throughout")) s->assume->when = parse_time_one(p, "the period");
        if (!p->failed && s->assume->when.text && accept_word(p, "tz")) parse_zone(p, &s->assume->zone);
        if (!s->id && s->assume->target.name && s->assume->thing.name)
        {
            s->id = kj_arena_printf(&p->c->arena, "%s.has.%s", s->assume->target.name, s->assume->thing.name);
            s->assume->id_derived = 1;
        }
    } else if (accept_word(p, "travels")) {
        expect_word(p, "by");
        KJ_VEC(kj_ref) cls = {0};
        do {
            kj_ref r = expect_ref(p, "a mode class (foot, horse, car, rail, sea, air, ...)");
            if (r.name) kj_vec_put(p->c->mem, &cls, r);
        } while (!p->failed && (accept_punct(p, ",") || accept_word(p, "or") || accept_word(p, "and")));
        s->assume->classes = kj_arena_alloc(&p->c->arena, sizeof(kj_ref) * (size_t)(cls.n + 1));
        if (cls.n) memcpy(s->assume->classes, cls.items, sizeof(kj_ref) * (size_t)cls.n);
        s->assume->n_classes = cls.n;
        kj_free(cls.items);
        if (!s->id && s->assume->target.name) s->id = kj_arena_printf(&p->c->arena, "%s.travels", s->assume->target.name);
    } else if (accept_punct(p, "=")) {
        s->assume->alt = expect_ref(p, "a place");
        if (!s->id && s->assume->target.name && s->assume->alt.name)
            s->id = kj_arena_printf(&p->c->arena, "%s=%s", s->assume->target.name, s->assume->alt.name);
    } else {
        parse_attrs(p, &s->assume->attrs, &s->assume->n_attrs);
        if (!s->id && s->assume->target.name && s->assume->n_attrs)
            s->id = kj_arena_printf(&p->c->arena, "%s.%s", s->assume->target.name, s->assume->attrs[0].key);
    }
    parse_label(p, s);
}

/* option about N% | option about-clock N min | option right-after N min
 * option radius N m */
static void parse_option(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_OPTION, ROLE_OPTION);
    kj_ref k = expect_ref(p, "an option (about, about-clock, right-after, radius)");
    s->option->key = k.name;
    s->id_span = k.span;
    if (k.name) s->id = kj_arena_printf(&p->c->arena, "option:%s", k.name);
    char buf[128];
    size_t n = 0;
    buf[0] = 0;
    while (!at_end(p)) {
        kj_tok *t = peek(p);
        size_t need = strlen(t->text) + (n ? 1 : 0);
        if (n + need >= sizeof buf) {
            kj_error(p->c, t->span, NULL, "option value too long");
            p->failed = 1;
            return;
        }
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? " " : "", t->text);
        p->pos++;
    }
    if (!n) expected(p, "a value", NULL);
    s->option->value = kj_arena_strdup(&p->c->arena, buf);
}

/* The include chain from file `first` down to file `last` (which includes
 * it again as `again`): "'a.case' -> 'b.case' -> 'a.case'". */
static const char *include_chain(kj_case *c, int first, int last, const char *again)
{
    const char *chain = kj_arena_printf(&c->arena, "'%s'", again);
    for (int f = last;; f = c->files[f].include_file) {
        chain = kj_arena_printf(&c->arena, "'%s' -> %s", c->files[f].path, chain);
        if (f == first) return chain;
    }
}

/* A file a chain of includes reaches again: an error if it is being read
 * (a cycle), nothing if it was read (each file is read once). */
static void include_again(parser *p, const kj_tok *t, int same, const char *full)
{
    kj_case *c = p->c;
    int f = p->file;
    while (f >= 0 && f != same) f = c->files[f].include_file;
    if (f < 0) return; /* read already, not being read: once is enough */
    const char *hint = strcmp(c->files[same].path, full)
                           ? kj_arena_printf(&c->arena, "'%s' is '%s' (the same file); remove one of the includes",
                                             full, c->files[same].path)
                           : "remove one of the includes";
    kj_error(c, t->span, hint, "include cycle: %s", include_chain(c, same, p->file, full));
}

/* include "path" */
static void parse_include(parser *p)
{
    kj_case *c = p->c;
    kj_stmt *s = new_stmt(p, ST_INCLUDE, ROLE_OTHER);
    kj_tok *t = peek(p);
    const char *path = expect_string(p, "a file name");
    if (!path) return;
    s->include->path = path;
    if (!at_end(p)) return; /* a malformed include reads nothing (the caller says why) */
    if (c->no_includes) return; /* kjeller fmt: this file alone */
    if (++c->n_includes > KJ_MAX_INCLUDES) {
        if (c->n_includes == KJ_MAX_INCLUDES + 1) /* once: the case is refused anyway */
            kj_error(c, t->span, "a case has at most 10,000 include statements", "too many includes");
        else
            c->n_errors++;
        return;
    }
    /* relative to the including file's directory */
    const char *cur = c->files[p->file].path;
    const char *slash = strrchr(cur, '/');
    char *full = path[0] == '/' || !slash
                     ? kj_arena_strdup(&c->arena, path)
                     : kj_arena_printf(&c->arena, "%.*s/%s", (int)(slash - cur), cur, path);
    if (p->depth >= KJ_MAX_INCLUDE_DEPTH) {
        kj_error(c, t->span, "includes nest at most 16 deep", "include nested too deeply");
        return;
    }
    kj_source src;
    const char *why = kj_source_open(full, &src);
    if (why && c->n_edited) { /* a file an editor has open and not saved yet (kjeller lsp) */
        int known = kj_edited_read_already(c, full);
        if (known >= 0) {
            include_again(p, t, known, full);
            return;
        }
        const char *too_big;
        int fi = kj_edited_unsaved(c, full, t->span, &too_big);
        if (fi >= 0) {
            kj_parse_file(c, fi, p->depth + 1);
            return;
        }
        if (too_big) why = too_big;
    }
    if (why) {
        kj_error(c, t->span, NULL, "cannot read '%s': %s", full, why);
        return;
    }
    int same = kj_file_known(c, &src);
    if (same >= 0) {
        kj_source_close(&src);
        include_again(p, t, same, full);
        return;
    }
    int fi = kj_source_read(c, full, &src, t->span, &why);
    if (fi < 0) {
        kj_error(c, t->span, NULL, "cannot read '%s': %s", full, why);
        return;
    }
    kj_parse_file(c, fi, p->depth + 1);
}

/* store ID ["sqlite"] "path"      -- an SQLite file of imported records, relative to this file
 * store ID postgresql "CONNINFO"  -- a PostgreSQL database of them (docs/records.md §8) */
static void parse_store(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_STORE, ROLE_OTHER);
    parse_id(p, s, 0);
    int pg = accept_word(p, "postgresql");
    if (!pg) accept_word(p, "sqlite");
    kj_span at = peek(p)->span;
    const char *path = expect_string(p, pg ? "the database's connection string (\"service=NAME\")"
                                           : "the store's file name (\"records.kjdb\")");
    if (!path) return;
    if (!*path) {
        expected(p, pg ? "a connection string, not \"\"" : "a file name, not \"\"", NULL);
        return;
    }
    s->store->kind = pg ? KJ_STORE_POSTGRESQL : KJ_STORE_SQLITE;
    s->store->path = path;
    if (pg) { /* (a connection string, as written: libpq reads the rest where it reads it) */
        s->store->file = path;
        char why[320];
        int problem = kj_pg_conninfo_problem(path, why, sizeof why);
        if (problem)
            kj_error(p->c, at,
                     problem == KJ_CONNINFO_PASSWORD
                         ? "leave it to a password file (~/.pgpass, or the one PGPASSFILE names) or a service file"
                         : "write KEYWORD=VALUE pairs (\"service=investigation\") or a URI (\"postgresql://HOST/DATABASE\")",
                     "%s", why);
        else
            parse_label(p, s);
        return;
    }
    const char *cur = p->c->files[p->file].path;
    const char *slash = strrchr(cur, '/');
    s->store->file = path[0] == '/' || !slash ? kj_arena_strdup(&p->c->arena, path)
                                             : kj_arena_printf(&p->c->arena, "%.*s/%s", (int)(slash - cur), cur, path);
    parse_label(p, s);
}

/* trace ID of PERSON store STORE [± DISTANCE UNIT] [tz ZONE]
 *   source SRC ["label"]     -- timestamped positions, imported */
static void parse_trace(parser *p)
{
    kj_stmt *s = new_stmt(p, ST_TRACE, ROLE_FACT);
    parse_id(p, s, 0);
    s->trace->radius_given_m = -1;
    expect_word(p, "of");
    s->trace->person = expect_ref(p, "a person, device or vehicle");
    while (!p->failed && !at_end(p)) {
        if (accept_word(p, "store")) s->trace->store = expect_ref(p, "a store");
        else if (accept_punct(p, "±")) s->trace->radius_given_m = parse_distance_unit(p, expect_number(p, "a radius"));
        else if (accept_word(p, "tz")) parse_zone(p, &s->trace->zone);
        else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (peek(p)->kind == TK_STRING) parse_label(p, s);
        else expected(p, "'store', '±', 'tz', 'source' or a label", NULL);
    }
    if (!p->failed && !s->trace->store.name) expected(p, "'store STORE' (where the trace's points are imported)", NULL);
    if (!p->failed && !s->source.name) expected(p, "'source SRC' (a trace needs a source)", NULL);
}

/* device ID [kind KIND] [owner PERSON] source SRC ["label"]
 * vehicle ID [plate "TEXT"] [keeper PERSON] source SRC ["label"] */
/* A device's or vehicle's attributes, as a register of things reads them:
 * its `where`, then its plate and kind as attributes of those names.  A
 * name given twice is an error (which value would a register read?). */
static void device_attrs(parser *p, kj_stmt *s)
{
    kj_device_stmt *d = s->device;
    int n = d->n_attrs + (d->plate != NULL) + (d->device_kind != NULL);
    kj_attr *all = kj_arena_alloc(&p->c->arena, sizeof(kj_attr) * (size_t)(n + 1));
    if (d->n_attrs) memcpy(all, d->attrs, sizeof(kj_attr) * (size_t)d->n_attrs);
    int k = d->n_attrs;
    if (d->plate) all[k++] = (kj_attr){.key = "plate", .value = d->plate, .span = s->span, .stmt = -1};
    if (d->device_kind) all[k++] = (kj_attr){.key = "kind", .value = d->device_kind, .span = s->span, .stmt = -1};
    for (int i = 0; i < k; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(all[i].key, all[j].key)) {
                kj_error(p->c, i < d->n_attrs ? all[i].span : all[j].span, "give each attribute once",
                         "%s '%s' has attribute '%s' twice", d->vehicle ? "vehicle" : "device", s->id ? s->id : "", all[i].key);
                p->failed = 1;
                return;
            }
    d->attrs = all;
    d->n_attrs = k;
}

static void parse_device(parser *p, int vehicle)
{
    kj_stmt *s = new_stmt(p, ST_DEVICE, ROLE_DEVICE);
    parse_id(p, s, 0);
    s->device->vehicle = vehicle;
    const char *who = vehicle ? "keeper" : "owner";
    while (!p->failed && !at_end(p)) {
        const char *again = (is_word(p, "kind") && s->device->device_kind) || (is_word(p, "plate") && s->device->plate) ||
                                    (is_word(p, who) && s->device->owner.name) || (is_word(p, "source") && s->source.name) ||
                                    (is_word(p, "where") && s->device->attrs)
                                ? peek(p)->text
                                : peek(p)->kind == TK_STRING && s->label ? "label" : NULL;
        if (again) {
            kj_error(p->c, peek(p)->span, "a device or vehicle has one of each: say which",
                     "a second %s for %s '%s'", again, vehicle ? "vehicle" : "device", s->id ? s->id : "");
            p->failed = 1;
            return;
        }
        if (!vehicle && accept_word(p, "kind")) s->device->device_kind = expect_ref(p, "a device kind (phone, tracker, account...)").name;
        else if (vehicle && accept_word(p, "plate")) s->device->plate = peek(p)->kind == TK_STRING ? expect_string(p, "the plate") : expect_ref(p, "the plate").name;
        else if (accept_word(p, who)) s->device->owner = expect_ref(p, "a person");
        else if (accept_word(p, "where")) parse_attrs(p, &s->device->attrs, &s->device->n_attrs);
        else if (is_word(p, "source")) parse_source_clause(p, s);
        else if (peek(p)->kind == TK_STRING) parse_label(p, s);
        else if (vehicle) expected(p, "'plate', 'keeper', 'where', 'source' or a label", NULL);
        else expected(p, "'kind', 'owner', 'where', 'source' or a label", NULL);
    }
    if (!p->failed) device_attrs(p, s);
    if (!p->failed && !s->source.name)
        expected(p, vehicle ? "'source SRC' (a vehicle needs a source for its keeper)" : "'source SRC' (a device needs a source for its owner)", NULL);
}

static const char *const keywords[] = {"source", "place", "person", "entity", "mode", "route", "register",
                                       "entry", "fact", "testimony", "claim", "assume", "option", "include",
                                       "store", "trace", "device", "vehicle", "medium"};

static void parse_statement(parser *p)
{
    kj_tok *t = peek(p);
    if (t->kind != TK_WORD) {
        expected(p, "a statement keyword", NULL);
        return;
    }
    const char *w = t->text;
    p->pos++;
    if (!strcmp(w, "claim")) parse_claim(p);
    else if (!strcmp(w, "entry")) parse_entry(p);
    else {
        if (t->indent == 0) p->testimony = p->reg = -1;
        if (!strcmp(w, "source")) parse_source(p);
        else if (!strcmp(w, "place")) parse_place(p);
        else if (!strcmp(w, "person")) parse_person(p);
        else if (!strcmp(w, "entity")) parse_entity(p);
        else if (!strcmp(w, "mode")) parse_mode(p, p->file == p->c->data_file);
        else if (!strcmp(w, "medium")) parse_medium(p, p->file == p->c->data_file);
        else if (!strcmp(w, "route")) parse_route(p);
        else if (!strcmp(w, "register")) parse_register(p);
        else if (!strcmp(w, "fact")) parse_fact(p);
        else if (!strcmp(w, "testimony")) parse_testimony(p);
        else if (!strcmp(w, "assume")) parse_assume(p);
        else if (!strcmp(w, "option")) parse_option(p);
        else if (!strcmp(w, "include")) parse_include(p);
        else if (!strcmp(w, "store")) parse_store(p);
        else if (!strcmp(w, "trace")) parse_trace(p);
        else if (!strcmp(w, "device")) parse_device(p, 0);
        else if (!strcmp(w, "vehicle")) parse_device(p, 1);
        else {
            kj_suggest keyword = {.written = w, .written_len = strlen(w), .limit = 2};
            for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) kj_suggest_offer(&keyword, keywords[i]);
            char buf[96];
            const char *hint = kj_suggest_hint(keyword.best, buf, sizeof buf);
            kj_error(p->c, t->span, hint ? hint : "a statement starts with source, place, person, entity, mode, medium, route, register, fact, testimony, assume, option, include, store, trace, device or vehicle",
                     "unknown statement '%s'", w);
            p->failed = 1;
            return;
        }
    }
    if (!p->failed && !at_end(p)) expected(p, "end of statement", NULL);
}

/* An included file that turns out not to be a case file (a password file,
 * a key, a binary) gets one error, at the include, and none of its lines
 * are shown: what was reported about it and read from it is forgotten. */
static void not_a_case_file(kj_case *c, int file, kj_diag_mark m, int line, const char *what)
{
    const kj_file *f = &c->files[file];
    kj_diag_rewind(c, m);
    c->n_stmts = m.n_stmts;
    kj_error(c, f->included_at, "an included file must be a case file; none of its lines are shown",
             "'%s' is not a case file: its line %d %s", f->path, line > 0 ? line : 1, what);
}

void kj_parse_file(kj_case *c, int file, int depth)
{
    /* An included file is on probation until its first statement parses
     * without error: only then are its lines shown in diagnostics. */
    int probation = c->files[file].included_at.file >= 0;
    kj_diag_mark mark = kj_diag_mark_now(c);
    kj_lexer *L = kj_lex_open(c, file);
    if (!L) { /* not text: reported, and no room reserved for it */
        if (probation)
            not_a_case_file(c, file, mark, kj_diag_first_line_since(c, mark, file, INT_MAX), "is not plain UTF-8 text");
        return;
    }
    /* about one statement per logical line still to come */
    int expect = kj_lex_count(c, file);
    kj_logical lg;
    parser p = {.c = c, .testimony = -1, .reg = -1, .last_claim = -1, .file = file, .depth = depth};
    while (kj_lex_next(L, &lg)) {
        /* room for the statements the file says are coming, populated at
         * once rather than faulted in one by one; but at most as many
         * again as the case has made: lines that make no statement (a
         * file of 30 million bad lines) reserve nothing */
        if (c->n_stmts == c->cap_stmts && expect > 1024) {
            int more = expect < c->n_stmts ? expect : c->n_stmts;
            kj_stmts_reserve(c, c->n_stmts + (more > 1024 ? more : 1024) + more / 64);
        }
        expect--;
        p.lg = &lg;
        p.pos = 0;
        int before = c->n_stmts;
        int errors_before = c->n_errors;
        p.failed = 0;
        if (lg.lex_errors) {
            /* the lexer has spoken for this statement; parse it silently
             * so its id is known, but keep it out of the check */
            kj_diag_fn fn = c->diag_fn;
            c->diag_fn = NULL;
            parse_statement(&p);
            c->diag_fn = fn;
            c->n_errors = errors_before;
            p.failed = 1;
        } else {
            parse_statement(&p);
        }
        if (p.failed || c->n_errors != errors_before)
            for (int k = before; k < c->n_stmts; k++) c->stmts[k].bad = 1;
        if (probation) {
            /* errors in this file up to the statement's end; but what an
             * include reports at its line is about the file it names (its
             * own syntax errors set p.failed) */
            int include = c->n_stmts > before && c->stmts[before].kind == ST_INCLUDE;
            int last = include ? lg.toks[0].span.line - 1 : lg.toks[lg.n - 1].span.line;
            int bad_line = kj_diag_first_line_since(c, mark, file, last);
            if (p.failed || lg.lex_errors || bad_line) {
                not_a_case_file(c, file, mark, bad_line ? bad_line : lg.toks[0].span.line, "does not start a statement");
                kj_lex_close(L);
                return;
            }
            probation = 0;
        }
    }
    /* lines before any statement that were errors (an indented line, a
     * character no token starts with), and nothing after them */
    if (probation && c->n_errors != mark.n_errors)
        not_a_case_file(c, file, mark, kj_diag_first_line_since(c, mark, file, INT_MAX), "does not start a statement");
    kj_lex_close(L);
}
