/* test_parse — the lexer, parser and resolver through the public API:
 * diagnostics carry the right line, column, message and hint, all errors
 * of a file come in one run in line order, and odd input never crashes;
 * and each kind of statement has its own struct filled with what its line
 * says (and, after resolve, what it resolves to). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kj_test.h"
#include "stmt.h"

static kj_case *load(const char *text, kj_test_diags *s) { return kj_test_load_diags(text, strlen(text), s); }

static const char *const OK =
    "; a small valid case\n"
    "source s \"a \\\"quoted\\\" citation\"\n"
    "person p \"P\" alias Pe, \"P. E.\"\n"
    "place a 60.0 10.0 ± 2 km tz Europe/Oslo \"A\"\n"
    "place b 60.5 10.0 +- 500 m tz Europe/Oslo\n"
    "place ab one of a, b\n"
    "testimony t by Pe source s\n"
    "  claim c1: p travels a -> b by car\n"
    "    departs \"1 December 1935, about 3 p.m.\", takes \"about two hours\"\n"
    "  claim c2: p at ab, right after\n";

static void test_valid_case_loads(void **state)
{
    (void)state;
    kj_test_diags s;
    kj_case *c = load(OK, &s);
    assert_non_null(c);
    assert_int_equal(s.n, 0);
    int a = kj_test_find(c, "a");
    assert_true(c->stmts[a].place->radius_m == 2000);
    assert_string_equal(kj_test_stmt(c, "s")->label, "a \"quoted\" citation");
    /* the alias resolves to the person */
    assert_int_equal(kj_test_stmt(c, "t")->testimony->person.idx, kj_find_stmt(c, "p"));
    /* "right after" with no name follows the previous claim */
    assert_int_equal(kj_test_stmt(c, "c2")->claim->seq_ref.idx, kj_find_stmt(c, "c1"));
    kj_case_free(c);
}

static void expect_one(const char *text, int line, int col, const char *msg_part, const char *hint_part)
{
    kj_test_diags s;
    kj_case *c = load(text, &s);
    assert_null(c);
    assert_true(s.n >= 1);
    if (!strstr(s.d[0].message, msg_part)) fail_msg("message '%s' lacks '%s'", s.d[0].message, msg_part);
    assert_int_equal(s.d[0].line, line);
    assert_int_equal(s.d[0].col, col);
    if (hint_part && !strstr(s.d[0].hint, hint_part)) fail_msg("hint '%s' lacks '%s'", s.d[0].hint, hint_part);
}

static void test_errors_have_position_message_and_hint(void **state)
{
    (void)state;
    expect_one("source s \"open\n", 1, 10, "unclosed string", "closing");
    expect_one("source s \"x\"\nplace a 1 2 tz UTC\x01\n", 2, 19, "unexpected character", NULL);
    expect_one("sourse s \"x\"\n", 1, 1, "unknown statement 'sourse'", "did you mean 'source'?");
    expect_one("source s \"x\"\nplace kjeller 1 2 tz UTC\nperson p \"P\"\ntestimony t by p source s\n  claim c: p at kjeler\n",
               5, 17, "unknown place 'kjeler'", "did you mean 'kjeller'?");
    expect_one("place a 1 2 tz UTC\nplace a 3 4 tz UTC\n", 2, 7, "duplicate id 'a'", "first defined");
    expect_one("place a 91 2 tz UTC\n", 1, 9, "latitude 91 out of range", NULL);
    expect_one("place a 1 2 tz Europe/Olso\n", 1, 16, "unknown time zone", "Europe/Oslo");
    expect_one("source s \"x\"\nplace a 1 2 tz UTC\nperson p \"P\"\ntestimony t by p source s\n  claim c: p at a in \"Smarch 1935\"\n",
               5, 22, "cannot read time", NULL);
}

static void test_nul_and_bad_utf8(void **state)
{
    (void)state;
    kj_test_diags s;
    const char bin[] = "source s \"x\"\nplace a\0 1 2\n\xff\xfe\n";
    kj_case *c = kj_test_load_diags(bin, sizeof bin - 1, &s);
    assert_null(c);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(s.d[0].message, "NUL byte"));
    assert_int_equal(s.d[0].line, 2);
    assert_non_null(strstr(s.d[1].message, "invalid UTF-8"));
    assert_int_equal(s.d[1].line, 3);
}

static void test_all_errors_in_line_order(void **state)
{
    (void)state;
    kj_test_diags s;
    kj_case *c = load("option abuot 50%\nplace a 1 2 tz Nowhere/Zone\nfact f: nobody at a throughout 1935 source s\n", &s);
    assert_null(c);
    assert_true(s.n >= 3);
    for (int i = 1; i < s.n && i < KJ_TEST_MAX_DIAGS; i++) assert_true(s.d[i].line >= s.d[i - 1].line);
    assert_int_equal(s.d[0].line, 1);
}

static void test_empty_comment_only_and_long_lines(void **state)
{
    (void)state;
    kj_test_diags s;
    kj_case *c = load("", &s);
    assert_non_null(c);
    kj_case_free(c);
    c = load("; nothing but a comment\n\n   \n; and another", &s);
    assert_non_null(c);
    kj_case_free(c);
    /* a 100 KB line: one clear error, no crash */
    size_t n = 100000;
    char *big = malloc(n + 32);
    memcpy(big, "source s \"", 10);
    memset(big + 10, 'x', n);
    strcpy(big + 10 + n, "\"\n");
    c = load(big, &s);
    assert_non_null(c); /* a long citation is fine */
    kj_case_free(c);
    memcpy(big, "place  ", 7);
    memset(big + 7, 'y', n);
    strcpy(big + 7 + n, " 1 2 tz UTC\n");
    c = load(big, &s);
    assert_non_null(c); /* a long id is fine too */
    kj_case_free(c);
    free(big);
}

/* ---- each kind's struct ---------------------------------------------------- */

/* One case with a statement of every kind a case file may hold inline (the
 * include, the store and the trace need files: test_kind_include_store_trace). */
static const char *const KINDS =
    "source trial \"Report of Court Proceedings, Moscow 1937\"\n"
    "source hansen \"The Militant, 20 July 1946\" url \"https://example.org/militant/1946?p=3#hansen\"\n"
    "source press \"Aftenposten, Oslo, 25 January 1937\"\n"
    "source atlas \"a road atlas\"\n"
    "person pyatakov \"Georgy Pyatakov\" alias Pyatakoff, \"G. L. Pjatakow\"\n"
    "person trotsky\n"
    "place tempelhof 52.473 13.404 tz Europe/Berlin \"Tempelhof airport\"\n"
    "place kjeller 59.970 11.037 ± 2 km tz Europe/Oslo in Norway \"Kjeller airdrome\"\n"
    "place gressholmen 59.884 10.718 tz Europe/Oslo\n"
    "place airdrome one of kjeller, gressholmen \"the airdrome in Oslo\"\n"
    "place house tz Europe/Oslo \"a small house\"\n"
    "entity bristol kind hotel at kjeller exists ..1917 source press \"Hotel Bristol\"\n"
    "mode chains: car max 50 km/h since 1920 until 1950 assumption \"snow chains\"\n"
    "route road: kjeller -> house by chains 48 km source atlas\n"
    "register kjeller-dec at kjeller covers 1935-12-01..1935-12-31 records arrival by air\n"
    "    where aircraft = civil and origin = foreign source press\n"
    "  entry army: on 1935-12-05 where aircraft = military \"a military aircraft\"\n"
    "  entry other: unrelated to flight source press\n"
    "fact trotsky-dec: trotsky at house throughout 1935-12 source press\n"
    "fact home: trotsky lives at house from 1935-09 to 1936-09 source press\n"
    "testimony pyatakov-1937 by Pyatakoff source trial\n"
    "  claim flight: pyatakov travels tempelhof -> airdrome by air nonstop\n"
    "    departs \"1935-12-12 09:00\" arrives \"12 December 1935, about 3 p.m.\" takes \"about 6 hours\"\n"
    "  claim talk: pyatakov meets trotsky at house in 1935-12-12, lasts \"about two hours\", right after flight\n"
    "assume airdrome = kjeller \"the only airdrome with a runway\"\n"
    "assume flight aircraft = civil \"a passenger flight\"\n"
    "option about 40%\n";

#define H 3600 /* Oslo and Berlin kept UTC+1 all winter */

static void assert_iv(kj_interval iv, int64_t lo, int64_t hi, const char *what)
{
    if (iv.lo != lo || iv.hi != hi)
        fail_msg("%s: [%lld, %lld], expected [%lld, %lld]", what, (long long)iv.lo, (long long)iv.hi, (long long)lo,
                 (long long)hi);
}

/* A source: its citation is its label; its address, when given, its
 * struct's (the citation alone: none). */
static void test_kind_source(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_stmt *s = kj_test_stmt(c, "trial");
    assert_int_equal(s->kind, ST_SOURCE);
    assert_int_equal(kj_stmt_body_size(ST_SOURCE), sizeof(kj_source_stmt));
    assert_non_null(s->cite);
    assert_null(s->cite->url);
    assert_string_equal(s->label, "Report of Court Proceedings, Moscow 1937");
    s = kj_test_stmt(c, "hansen");
    assert_string_equal(s->label, "The Militant, 20 July 1946");
    assert_string_equal(s->cite->url, "https://example.org/militant/1946?p=3#hansen");
    kj_case_free(c);
}

static void test_kind_place(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_place_stmt *k = kj_test_stmt(c, "kjeller")->place;
    assert_true(k->located);
    assert_true(k->lat == 59.970 && k->lon == 11.037);
    assert_true(k->radius_given_m == 2000 && k->radius_m == 2000);
    assert_string_equal(k->zone.text, "Europe/Oslo");
    assert_string_equal(k->country, "Norway");
    assert_int_equal(k->n_alts, 0);
    assert_string_equal(kj_test_stmt(c, "kjeller")->label, "Kjeller airdrome");
    /* no ± written: the case's default radius (1 km) */
    const kj_place_stmt *t = kj_test_stmt(c, "tempelhof")->place;
    assert_true(t->radius_given_m == -1 && t->radius_m == 1000);
    assert_string_equal(t->zone.text, "Europe/Berlin");
    assert_null(t->country);
    /* unlocated: no position, no circle, a known clock */
    const kj_place_stmt *h = kj_test_stmt(c, "house")->place;
    assert_false(h->located);
    assert_true(h->radius_m == 0);
    assert_string_equal(h->zone.text, "Europe/Oslo");
    /* one of two, and the assumption that picks one */
    const kj_place_stmt *a = kj_test_stmt(c, "airdrome")->place;
    assert_int_equal(a->n_alts, 2);
    assert_string_equal(a->alts[0].name, "kjeller");
    assert_int_equal(a->alts[0].idx, kj_test_find(c, "kjeller"));
    assert_int_equal(a->alts[1].idx, kj_test_find(c, "gressholmen"));
    assert_int_equal(a->assumed_alt, kj_test_find(c, "kjeller"));
    assert_int_equal(a->assumed_by, kj_test_find(c, "airdrome=kjeller"));
    assert_int_equal(k->assumed_alt, -1);
    kj_case_free(c);
}

static void test_kind_person(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_person_stmt *p = kj_test_stmt(c, "pyatakov")->person;
    assert_string_equal(p->name, "Georgy Pyatakov");
    assert_int_equal(p->n_aliases, 2);
    assert_string_equal(p->aliases[0], "Pyatakoff");
    assert_string_equal(p->aliases[1], "G. L. Pjatakow");
    assert_int_equal(kj_find_stmt(c, "G. L. Pjatakow"), kj_test_find(c, "pyatakov"));
    /* no name written: the id */
    assert_string_equal(kj_test_stmt(c, "trotsky")->person->name, "trotsky");
    assert_int_equal(kj_test_stmt(c, "trotsky")->person->n_aliases, 0);
    kj_case_free(c);
}

static void test_kind_entity(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_stmt *s = kj_test_stmt(c, "bristol");
    const kj_entity_stmt *e = s->entity;
    assert_string_equal(e->entity_kind, "hotel");
    assert_string_equal(e->at.name, "kjeller");
    assert_int_equal(e->at.idx, kj_test_find(c, "kjeller"));
    assert_string_equal(e->exists.text, "..1917");
    /* wide: open before, to the end of 1917 at Kjeller */
    assert_true(e->life.lo < kj_test_utc(1, 1, 1, 0, 0, 0));
    assert_int_equal(e->life.hi, kj_test_utc(1918, 1, 1, 0, 0, 0) - H);
    assert_non_null(e->life_reading);
    assert_int_equal(s->source.idx, kj_test_find(c, "press"));
    kj_case_free(c);
}

static void test_kind_mode(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_stmt *s = kj_test_stmt(c, "chains");
    assert_string_equal(s->mode->mode_class, "car");
    assert_true(s->mode->max_mps == 50 / 3.6);
    assert_int_equal(s->mode->since, 1920);
    assert_int_equal(s->mode->until, 1950);
    assert_string_equal(s->basis, "snow chains");
    /* a shipped default, its class written */
    const kj_stmt *air = kj_test_stmt(c, "air-1919");
    assert_true(air->from_data);
    assert_string_equal(air->mode->mode_class, "air");
    assert_true(air->mode->max_mps == 750 / 3.6);
    kj_case_free(c);
}

static void test_kind_route(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_route_stmt *r = kj_test_stmt(c, "road")->route;
    assert_string_equal(r->from.name, "kjeller");
    assert_int_equal(r->from.idx, kj_test_find(c, "kjeller"));
    assert_int_equal(r->to.idx, kj_test_find(c, "house"));
    assert_int_equal(r->mode.idx, kj_test_find(c, "chains"));
    assert_true(r->dist_m == 48000);
    kj_case_free(c);
}

static void test_kind_register_and_entries(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    int reg = kj_test_find(c, "kjeller-dec");
    const kj_register_stmt *r = c->stmts[reg].reg;
    assert_int_equal(r->at.idx, kj_test_find(c, "kjeller"));
    assert_string_equal(r->covers.text, "1935-12-01..1935-12-31");
    assert_int_equal(r->event, EV_ARRIVAL);
    assert_string_equal(r->by_class, "air");
    assert_int_equal(r->n_attrs, 2);
    assert_string_equal(r->attrs[0].key, "aircraft");
    assert_string_equal(r->attrs[0].value, "civil");
    assert_string_equal(r->attrs[1].key, "origin");
    assert_string_equal(r->attrs[1].value, "foreign");
    assert_null(r->store.name);
    /* narrow: all of December in Oslo */
    assert_iv(r->coverage, kj_test_utc(1935, 12, 1, 0, 0, 0) - H, kj_test_utc(1936, 1, 1, 0, 0, 0) - H, "coverage");
    /* an entry: its time wide in the register's zone, its attributes */
    const kj_stmt *army = kj_test_stmt(c, "army");
    assert_int_equal(army->parent, reg);
    assert_string_equal(army->entry->when.text, "1935-12-05");
    assert_iv(army->entry->when_iv, kj_test_utc(1935, 12, 5, 0, 0, 0) - H, kj_test_utc(1935, 12, 6, 0, 0, 0) - H,
              "entry on 1935-12-05");
    assert_int_equal(army->entry->n_attrs, 1);
    assert_string_equal(army->entry->attrs[0].value, "military");
    assert_false(army->entry->unrelated);
    assert_int_equal(army->entry->row_line, 0); /* written in the case, not imported */
    assert_int_equal(army->entry->n_rows, 0);
    assert_string_equal(army->label, "a military aircraft");
    /* unrelated to one claim, named after it */
    const kj_entry_stmt *other = kj_test_stmt(c, "other")->entry;
    assert_true(other->unrelated);
    assert_int_equal(other->unrelated_to.idx, kj_test_find(c, "flight"));
    assert_null(other->when.text);
    assert_iv(other->when_iv, -KJ_INF, KJ_INF, "an undated entry");
    kj_case_free(c);
}

static void test_kind_fact(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_fact_stmt *f = kj_test_stmt(c, "trotsky-dec")->fact;
    assert_int_equal(f->fact_kind, FACT_THROUGHOUT);
    assert_int_equal(f->person.idx, kj_test_find(c, "trotsky"));
    assert_int_equal(f->at.idx, kj_test_find(c, "house"));
    assert_string_equal(f->when.text, "1935-12");
    assert_iv(f->when_iv, kj_test_utc(1935, 12, 1, 0, 0, 0) - H, kj_test_utc(1936, 1, 1, 0, 0, 0) - H, "throughout");
    assert_iv(f->wide_iv, f->when_iv.lo, f->when_iv.hi, "a whole month: wide as narrow");
    assert_null(f->until.text);
    /* a residence: from and to */
    const kj_fact_stmt *home = kj_test_stmt(c, "home")->fact;
    assert_int_equal(home->fact_kind, FACT_RESIDES);
    assert_string_equal(home->when.text, "1935-09");
    assert_string_equal(home->until.text, "1936-09");
    assert_iv(home->until_iv, kj_test_utc(1936, 9, 1, 0, 0, 0) - H, kj_test_utc(1936, 10, 1, 0, 0, 0) - H, "to 1936-09");
    kj_case_free(c);
}

static void test_kind_testimony_and_claims(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    int t = kj_test_find(c, "pyatakov-1937");
    assert_string_equal(c->stmts[t].testimony->person.name, "Pyatakoff");
    assert_int_equal(c->stmts[t].testimony->person.idx, kj_test_find(c, "pyatakov"));
    /* a journey: its ends, its mode class, its times each read where they happen */
    const kj_stmt *s = kj_test_stmt(c, "flight");
    const kj_claim_stmt *f = s->claim;
    assert_int_equal(s->parent, t);
    assert_int_equal(f->claim_kind, CLAIM_TRAVEL);
    assert_int_equal(f->person.idx, kj_test_find(c, "pyatakov"));
    assert_int_equal(f->from.idx, kj_test_find(c, "tempelhof"));
    assert_int_equal(f->to.idx, kj_test_find(c, "airdrome"));
    assert_string_equal(f->mode.name, "air");
    assert_int_equal(f->mode.idx, -1); /* a class, not a mode */
    assert_true(f->nonstop);
    assert_null(f->at.name);
    assert_string_equal(f->depart.text, "1935-12-12 09:00");
    assert_string_equal(f->arrive.text, "12 December 1935, about 3 p.m.");
    assert_iv(f->depart_iv, kj_test_utc(1935, 12, 12, 8, 0, 0), kj_test_utc(1935, 12, 12, 8, 1, 0), "departs in Berlin");
    assert_iv(f->arrive_iv, kj_test_utc(1935, 12, 12, 13, 0, 0), kj_test_utc(1935, 12, 12, 15, 0, 0), "arrives in Oslo");
    assert_iv(f->when_iv, -KJ_INF, KJ_INF, "no `in`");
    /* about 6 hours with option about 40%: 3.6 to 8.4 hours */
    assert_string_equal(f->dur.text, "about 6 hours");
    assert_int_equal(f->dur_min, 36 * H / 10);
    assert_int_equal(f->dur_max, 84 * H / 10);
    /* the attribute an assumption gives it */
    assert_int_equal(f->n_attrs, 1);
    assert_string_equal(f->attrs[0].key, "aircraft");
    assert_int_equal(f->attrs[0].stmt, kj_test_find(c, "flight.aircraft"));
    /* a meeting: whom, where, when, how long, after what */
    const kj_claim_stmt *talk = kj_test_stmt(c, "talk")->claim;
    assert_int_equal(talk->claim_kind, CLAIM_MEET);
    assert_int_equal(talk->n_others, 1);
    assert_int_equal(talk->others[0].idx, kj_test_find(c, "trotsky"));
    assert_int_equal(talk->at.idx, kj_test_find(c, "house"));
    assert_string_equal(talk->when.text, "1935-12-12");
    assert_iv(talk->when_iv, kj_test_utc(1935, 12, 12, 0, 0, 0) - H, kj_test_utc(1935, 12, 13, 0, 0, 0) - H, "in 1935-12-12");
    assert_int_equal(talk->dur_min, 2 * H * 6 / 10);
    assert_int_equal(talk->dur_max, 2 * H * 14 / 10);
    assert_int_equal(talk->seq, SEQ_RIGHT_AFTER);
    assert_int_equal(talk->seq_ref.idx, kj_test_find(c, "flight"));
    assert_int_equal(talk->n_attrs, 0);
    kj_case_free(c);
}

static void test_kind_assume_and_option(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(KINDS);
    const kj_stmt *pick = kj_test_stmt(c, "airdrome=kjeller");
    assert_int_equal(pick->assume->target.idx, kj_test_find(c, "airdrome"));
    assert_int_equal(pick->assume->alt.idx, kj_test_find(c, "kjeller"));
    assert_int_equal(pick->assume->n_attrs, 0);
    assert_string_equal(pick->label, "the only airdrome with a runway");
    const kj_assume_stmt *attr = kj_test_stmt(c, "flight.aircraft")->assume;
    assert_int_equal(attr->target.idx, kj_test_find(c, "flight"));
    assert_null(attr->alt.name);
    assert_int_equal(attr->n_attrs, 1);
    assert_string_equal(attr->attrs[0].value, "civil");
    const kj_option_stmt *o = kj_test_stmt(c, "option:about")->option;
    assert_string_equal(o->key, "about");
    assert_string_equal(o->value, "40 %"); /* its words, joined by spaces */
    assert_int_equal(c->readopts.about_pct, 40);
    kj_case_free(c);
}

/* An include, a store and a trace, in files of their own (the store is
 * not read: loaded as for `import`). */
static void test_kind_include_store_trace(void **state)
{
    (void)state;
    char *dir = kj_test_tmpdir();
    char *main_case = kj_test_write(dir, "main.case",
                                    "include \"people.case\"\n"
                                    "source police \"Police surveillance log\"\n"
                                    "store rec \"trace.kjdb\"\n"
                                    "trace watch of x store rec ± 200 m tz UTC source police \"the watchers' log\"\n"
                                    "trace loose of x store rec source police\n");
    free(kj_test_write(dir, "people.case", "person x \"X\"\n"));
    kj_test_diags r;
    memset(&r, 0, sizeof r);
    int n_errors = -1;
    const char *paths[] = {main_case};
    kj_case *c = kj_case_load_ex(paths, 1, NULL, 1, kj_test_record, &r, &n_errors, NULL);
    if (!c) kj_test_diags_dump(&r);
    assert_non_null(c);
    assert_int_equal(n_errors, 0);
    int inc = 0; /* the include has no id: the case's first statement after the shipped modes */
    while (c->stmts[inc].kind != ST_INCLUDE) inc++;
    assert_string_equal(c->stmts[inc].include->path, "people.case");
    const kj_store_stmt *st = kj_test_stmt(c, "rec")->store;
    assert_string_equal(st->path, "trace.kjdb");
    char *want = kj_test_path(dir, "trace.kjdb"); /* relative to the file that names it */
    assert_string_equal(st->file, want);
    const kj_trace_stmt *w = kj_test_stmt(c, "watch")->trace;
    assert_int_equal(w->person.idx, kj_test_find(c, "x"));
    assert_string_equal(w->store.name, "rec");
    assert_int_equal(w->store.idx, kj_test_find(c, "rec"));
    assert_true(w->radius_given_m == 200 && w->radius_m == 200);
    assert_string_equal(w->zone.text, "UTC");
    const kj_trace_stmt *l = kj_test_stmt(c, "loose")->trace;
    assert_true(l->radius_given_m == -1 && l->radius_m == 1000); /* the case's default */
    assert_null(l->zone.text);
    kj_case_free(c);
    free(want);
    free(main_case);
    kj_test_rmdir(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_case_loads),
        cmocka_unit_test(test_errors_have_position_message_and_hint),
        cmocka_unit_test(test_nul_and_bad_utf8),
        cmocka_unit_test(test_all_errors_in_line_order),
        cmocka_unit_test(test_empty_comment_only_and_long_lines),
        cmocka_unit_test(test_kind_source),
        cmocka_unit_test(test_kind_place),
        cmocka_unit_test(test_kind_person),
        cmocka_unit_test(test_kind_entity),
        cmocka_unit_test(test_kind_mode),
        cmocka_unit_test(test_kind_route),
        cmocka_unit_test(test_kind_register_and_entries),
        cmocka_unit_test(test_kind_fact),
        cmocka_unit_test(test_kind_testimony_and_claims),
        cmocka_unit_test(test_kind_assume_and_option),
        cmocka_unit_test(test_kind_include_store_trace),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
