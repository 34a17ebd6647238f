/* test_lex — the lexer and parser (and the resolver behind them) through
 * the public API kj_case_load_buffer: every kind of bad input comes back as
 * diagnostics with the right line, column, message and hint, in line order,
 * and odd input (empty, comments only, a 100 KB line) never crashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kj_test.h"

/* ---- loading -------------------------------------------------------------------- */

static kj_case *load(const char *text, kj_test_diags *r) { return kj_test_load_diags(text, strlen(text), r); }

/* The 1-based column of the first `needle` on line `line` of text. */
static int col_of(const char *text, int line, const char *needle)
{
    const char *p = text;
    for (int l = 1; l < line; l++) {
        p = strchr(p, '\n');
        assert_non_null(p);
        p++;
    }
    const char *end = strchr(p, '\n');
    const char *hit = strstr(p, needle);
    if (!hit || (end && hit > end)) fail_msg("'%s' is not on line %d", needle, line);
    return (int)(hit - p) + 1;
}

/* Any hint will do (checked separately). */
static const char ANY_HINT[] = "(any hint)";

/* Diagnostic i is exactly this: position, message and hint (NULL: none). */
static void expect_diag(const kj_test_diags *r, int i, int line, int col, const char *message, const char *hint)
{
    if (i >= r->n) {
        kj_test_diags_dump(r);
        fail_msg("diagnostic %d missing (got %d), expected %d:%d: %s", i, r->n, line, col, message);
    }
    const kj_test_diag *d = &r->d[i];
    if (d->line != line || d->col != col || strcmp(d->message, message) != 0) {
        kj_test_diags_dump(r);
        fail_msg("diagnostic %d is %d:%d: '%s', expected %d:%d: '%s'", i, d->line, d->col, d->message, line, col,
                 message);
    }
    if (hint == ANY_HINT) assert_true(d->has_hint);
    else if (hint && strcmp(d->hint, hint) != 0) fail_msg("diagnostic %d hint '%s', expected '%s'", i, d->hint, hint);
    if (!hint && d->has_hint) fail_msg("diagnostic %d has hint '%s', expected none", i, d->hint);
    assert_string_equal(d->file, "t.case");
    assert_true(d->has_line_text);
}

/* text gives exactly one diagnostic, as described. */
static void expect_only(const char *text, int line, int col, const char *message, const char *hint)
{
    kj_test_diags r;
    kj_case *c = load(text, &r);
    assert_null(c);
    if (r.n != 1) {
        kj_test_diags_dump(&r);
        fail_msg("%d diagnostics, expected 1 (%s)", r.n, message);
    }
    expect_diag(&r, 0, line, col, message, hint);
}

/* ---- a valid case ----------------------------------------------------------------- */

static const char *const VALID =
    "; a small valid case: every statement kind but include\n"
    "source s \"a \\\"quoted\\\" citation, with UTF-8: Hønefoss — ±\"\n"
    "source s2 \"another\"\n"
    "person p \"Pyatakov\" alias Pyatakoff, \"G. P.\"\n"
    "person tr \"Trotsky\"\n"
    "place berlin 52.473 13.404 tz Europe/Berlin in Germany \"Tempelhof\"\n"
    "place kjeller 59.970 11.037 tz Europe/Oslo in Norway\n"
    "place gressholmen 59.884 10.718 ± 500 m tz Europe/Oslo\n"
    "place airdrome one of kjeller, gressholmen \"the airdrome\"\n"
    "place wexhall 60.16 10.26 +- 1 km tz Europe/Oslo   ; trailing comment\n"
    "place house tz Europe/Oslo\n"
    "mode slow: car max 50 km/h assumption \"chains\"\n"
    "route berlin -> kjeller by slow 900 km source s2\n"
    "entity hotel kind hotel at berlin exists 1900..1950 source s2\n"
    "register reg at kjeller covers 1935-12-01..1935-12-31\n"
    "  records arrival by air where aircraft = civil source s2\n"
    "  entry e1: at 1935-12-20 source s2\n"
    "fact f1: tr at wexhall throughout 1935-12 source s2\n"
    "\n"
    "testimony t by Pyatakoff source s\n"
    "  claim flight: p travels berlin -> airdrome by air nonstop\n"
    "    arrives \"first half of December 1935\" \"approximately 3 p.m.\"\n"
    "  claim drive: p travels airdrome -> house by slow,\n"
    "    takes \"about 30 minutes\", right after flight\n"
    "  claim talk: p meets tr at house, lasts \"about two hours\", right after drive\n"
    "assume airdrome = kjeller \"Oslo's land airport\"\n"
    "assume flight aircraft = civil \"a passenger flight\"\n"
    "option about 20%\n";

static void test_valid_case_loads(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(VALID);
    const char *ids[] = {"s", "s2", "p", "tr", "berlin", "kjeller", "gressholmen", "airdrome", "wexhall", "house",
                         "slow", "hotel", "reg", "e1", "f1", "t", "flight", "drive", "talk"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) kj_test_find(c, ids[i]);
    const kj_stmt *s = kj_test_stmt(c, "s");
    assert_string_equal(s->label, "a \"quoted\" citation, with UTF-8: Hønefoss — ±");
    assert_int_equal(s->span.line, 2);
    assert_int_equal(s->span.col, 1);
    const kj_stmt *g = kj_test_stmt(c, "gressholmen");
    assert_true(g->place->lat == 59.884 && g->place->lon == 10.718 && g->place->radius_m == 500);
    assert_true(kj_test_stmt(c, "wexhall")->place->radius_m == 1000);
    assert_int_equal(kj_test_stmt(c, "airdrome")->place->n_alts, 2);
    /* the alias names the person; continuation lines belong to the claim */
    assert_int_equal(kj_test_stmt(c, "t")->testimony->person.idx, kj_find_stmt(c, "p"));
    const kj_stmt *flight = kj_test_stmt(c, "flight");
    assert_int_equal(flight->span.line, 21);
    assert_int_equal(flight->span.col, 3);
    assert_true(flight->claim->nonstop);
    assert_string_equal(flight->claim->arrive.text, "first half of December 1935, approximately 3 p.m.");
    assert_int_equal(kj_test_stmt(c, "drive")->claim->seq_ref.idx, kj_find_stmt(c, "flight"));
    assert_int_equal(kj_test_stmt(c, "e1")->parent, kj_find_stmt(c, "reg"));
    kj_case_free(c);
}

/* ISO 8601 times unquoted: the fraction and the offset are the time's,
 * a range's ".." is not a fraction, and "UTC" after a time joins it. */
static void test_iso_times_unquoted(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("source s \"s\"\nperson p \"P\"\nplace a 59.9 10.7 tz Europe/Oslo\n"
                              "testimony t by p source s\n"
                              "  claim c1: p at a on 2024-03-14T21:00:00.123+01:00..2024-03-14T22:00+01:00\n"
                              "  claim c2: p at a on 2024-03-14 21:00Z\n"
                              "  claim c3: p at a on 2024-03-14 21:00 UTC, takes \"5 minutes\"\n"
                              "  claim c4: p at a on 2024-03-14T21:00:00+0100\n");
    assert_string_equal(kj_test_stmt(c, "c1")->claim->when.text, "2024-03-14T21:00:00.123+01:00..2024-03-14T22:00+01:00");
    assert_string_equal(kj_test_stmt(c, "c2")->claim->when.text, "2024-03-14 21:00Z");
    assert_string_equal(kj_test_stmt(c, "c3")->claim->when.text, "2024-03-14 21:00 UTC");
    assert_string_equal(kj_test_stmt(c, "c4")->claim->when.text, "2024-03-14T21:00:00+0100");
    assert_int_equal(kj_test_stmt(c, "c2")->claim->when_iv.lo, kj_test_utc(2024, 3, 14, 21, 0, 0));
    kj_case_free(c);
}

static void test_crlf_and_no_final_newline(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("source s \"x\"\r\nplace a 60 10 tz Europe/Oslo\r\nplace b 61 10 tz UTC");
    assert_true(kj_find_stmt(c, "b") >= 0);
    kj_case_free(c);
    /* positions count from the line start, \r not included */
    expect_only("source s \"x\"\r\nplace a 60 10 tz UTC\r\nplace a 61 10 tz UTC\r\n", 3, 7, "duplicate id 'a'",
                "'a' is first defined at t.case:2; ids are unique per case");
}

/* ---- one error each ---------------------------------------------------------------- */

static void test_unclosed_string(void **state)
{
    (void)state;
    expect_only("source s \"open\n", 1, 10, "unclosed string", "add a closing '\"' on the same line");
    /* a string does not run on to the next line, even when that has a quote */
    const char *t = "source a \"x\"\nperson p \"P\nsource b \"y\"\n";
    expect_only(t, 2, col_of(t, 2, "\""), "unclosed string", "add a closing '\"' on the same line");
    /* an escaped quote does not close it */
    t = "source s \"x\"\nsource q \"escaped \\\"\n";
    expect_only(t, 2, 10, "unclosed string", "add a closing '\"' on the same line");
}

static void test_nul_byte(void **state)
{
    (void)state;
    static const char text[] = "source s \"x\"\nplace a\0 1 2 tz UTC\n";
    kj_test_diags r;
    kj_test_load_diags(text, sizeof text - 1, &r);
    assert_int_equal(r.n, 1);
    expect_diag(&r, 0, 2, 8, "NUL byte in input", "a case file is plain UTF-8 text; is this a binary file?");
    /* a NUL inside a string or comment is no better */
    static const char in_string[] = "; fine\nsource s \"a\0b\"\n";
    kj_test_load_diags(in_string, sizeof in_string - 1, &r);
    assert_int_equal(r.n, 1);
    expect_diag(&r, 0, 2, 12, "NUL byte in input", "a case file is plain UTF-8 text; is this a binary file?");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_only("source s \"x\"\nsource q \"caf\xe9\"\n", 2, 14, "invalid UTF-8 byte 0xe9", "save the file as UTF-8");
    expect_only("; \xff at the start of a comment\n", 1, 3, "invalid UTF-8 byte 0xff", "save the file as UTF-8");
    /* overlong two-byte form, and a sequence cut off by the end of input */
    expect_only("source s \"\xc0\xaf\"\n", 1, 11, "invalid UTF-8 byte 0xc0", "save the file as UTF-8");
    expect_only("source s \"x\"\n; \xc3", 2, 3, "invalid UTF-8 byte 0xc3", "save the file as UTF-8");
    /* a lone continuation byte */
    expect_only("source s \"\x80\"\n", 1, 11, "invalid UTF-8 byte 0x80", "save the file as UTF-8");
    /* one report per bad line, every bad line */
    kj_test_diags r;
    load("\xfe\xfe\xfe\nsource s \"x\"\n\xfe\n", &r);
    assert_int_equal(r.n, 2);
    expect_diag(&r, 0, 1, 1, "invalid UTF-8 byte 0xfe", "save the file as UTF-8");
    expect_diag(&r, 1, 3, 1, "invalid UTF-8 byte 0xfe", "save the file as UTF-8");
}

/* Regression (found by this test): the lexer accepted what RFC 3629
 * forbids — UTF-16 surrogates (ED A0 80), overlong three- and four-byte
 * forms (E0 80 AF, F0 80 80 AF), code points above U+10FFFF (F4 90 80 80)
 * and lead bytes F5..F7 — and jansson then refused such strings. */
static void test_invalid_utf8_sequences_rfc3629(void **state)
{
    (void)state;
    static const struct { const char *bytes; unsigned lead; } bad[] = {
        {"\xed\xa0\x80", 0xed},     /* U+D800, a surrogate */
        {"\xe0\x80\xaf", 0xe0},     /* overlong '/' */
        {"\xf0\x80\x80\xaf", 0xf0}, /* overlong '/' */
        {"\xf4\x90\x80\x80", 0xf4}, /* U+110000 */
        {"\xf5\x80\x80\x80", 0xf5}, /* no such lead byte */
    };
    char accepted[128] = "";
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[64], msg[64];
        snprintf(text, sizeof text, "source s \"x%sx\"\n", bad[i].bytes);
        snprintf(msg, sizeof msg, "invalid UTF-8 byte 0x%02x", bad[i].lead);
        kj_test_diags r;
        kj_case *c = load(text, &r);
        if (c) {
            size_t n = strlen(accepted);
            snprintf(accepted + n, sizeof accepted - n, " %02x..", bad[i].lead);
            kj_case_free(c);
            continue;
        }
        expect_diag(&r, 0, 1, 12, msg, "save the file as UTF-8");
    }
    if (accepted[0]) fail_msg("accepted as UTF-8 without a diagnostic:%s", accepted);
}

static void test_non_ascii_outside_a_string(void **state)
{
    (void)state;
    expect_only("source s \"x\"\nplace h\xc3\xb8nefoss 60 10 tz UTC\n", 2, 8, "unexpected character outside a string",
                "non-ASCII text belongs in a \"quoted string\" or a ; comment");
    expect_only("source s \"x\"\nplace a 1 2 tz UTC \x01\n", 2, 20, "unexpected character '?'",
                "remove the '?' or quote the text");
    expect_only("place a 1 2 tz UTC $\n", 1, 20, "unexpected character '$'", "remove the '$' or quote the text");
}

static void test_unknown_keyword(void **state)
{
    (void)state;
    expect_only("sourse s \"x\"\n", 1, 1, "unknown statement 'sourse'", "did you mean 'source'?");
    expect_only("source s \"x\"\npalce a 1 2 tz UTC\n", 2, 1, "unknown statement 'palce'", "did you mean 'place'?");
    expect_only("source s \"x\"\ntestimoni t by p source s\n", 2, 1, "unknown statement 'testimoni'",
                "did you mean 'testimony'?");
    /* nothing close: the hint lists the statements */
    kj_test_diags r;
    load("frobnicate x\n", &r);
    assert_int_equal(r.n, 1);
    expect_diag(&r, 0, 1, 1, "unknown statement 'frobnicate'", ANY_HINT);
    assert_non_null(strstr(r.d[0].hint, "a statement starts with source, place, person"));
}

static const char *const PEOPLE =
    "source s \"x\"\n"
    "person pyatakov \"P\"\n"
    "place kjeller 59.970 11.037 tz Europe/Oslo\n"
    "place berlin 52.473 13.404 tz Europe/Berlin\n"
    "mode plane: air max 300 km/h assumption \"fast\"\n";

static void expect_after_people(const char *body, int line, const char *needle, const char *message, const char *hint)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", PEOPLE, body);
    expect_only(text, line, col_of(text, line, needle), message, hint);
}

static void test_unknown_name(void **state)
{
    (void)state;
    expect_after_people("testimony t by pyatakov source s\n  claim c: pyatakov at kjeler\n", 7, "kjeler",
                        "unknown place 'kjeler'", "did you mean 'kjeller'?");
    expect_after_people("testimony t by pyatakof source s\n", 6, "pyatakof", "unknown person 'pyatakof'",
                        "did you mean 'pyatakov'?");
    expect_after_people("testimony t by pyatakov source ss\n", 6, "ss", "unknown source 'ss'", "did you mean 's'?");
    expect_after_people("testimony t by pyatakov source s\n  claim c: pyatakov travels berlin -> kjeller by plan\n", 7,
                        "plan\n", "unknown mode or mode class 'plan'", "did you mean 'plane'?");
    /* nothing close: no hint */
    expect_after_people("testimony t by pyatakov source s\n  claim c: pyatakov at zzzzzzzzzz\n", 7, "zzzzzzzzzz",
                        "unknown place 'zzzzzzzzzz'", NULL);
    /* a name of the wrong kind */
    expect_after_people("testimony t by pyatakov source s\n  claim c: pyatakov at plane\n", 7, "plane\n",
                        "'plane' is not a place", "'plane' is a mode (line 5), not a place");
}

static void test_duplicate_id(void **state)
{
    (void)state;
    expect_only("place a 1 2 tz UTC\nplace a 3 4 tz UTC\n", 2, 7, "duplicate id 'a'",
                "'a' is first defined at t.case:1; ids are unique per case");
    /* across kinds, and a claim id with its colon */
    expect_only("source x \"x\"\nperson p \"P\"\nplace k 1 2 tz UTC\ntestimony t by p source x\n  claim x: p at k\n", 5, 9,
                "duplicate id 'x'", "'x' is first defined at t.case:1; ids are unique per case");
}

static void test_bad_coordinates(void **state)
{
    (void)state;
    expect_only("place a 91 2 tz UTC\n", 1, 9, "latitude 91 out of range",
                "latitude is -90..90 degrees; are latitude and longitude swapped?");
    expect_only("source s \"x\"\nplace a -90.5 2 tz UTC\n", 2, 9, "latitude -90.5 out of range",
                "latitude is -90..90 degrees; are latitude and longitude swapped?");
    expect_only("place a 59.97 181 tz UTC\n", 1, 15, "longitude 181 out of range", "longitude is -180..180 degrees");
    /* the limits themselves are fine */
    kj_case *c = kj_test_load("place n 90 180 tz UTC\nplace s -90 -180 tz UTC\n");
    kj_case_free(c);
    expect_only("place a 1e5 2 tz UTC\n", 1, 9, "expected a latitude, found '1e5'",
                "write the number in plain decimals (no exponent)");
}

static void test_unknown_time_zone(void **state)
{
    (void)state;
    expect_only("place kjeller 59.970 11.037 tz Europe/Olso\n", 1, 32, "unknown time zone 'Europe/Olso'",
                "did you mean 'Europe/Oslo'?");
    expect_only("source s \"x\"\nplace mars 0 0 tz Mars/Olympus\n", 2, 19, "unknown time zone 'Mars/Olympus'",
                "use an IANA zone name such as Europe/Oslo, or UTC+01:00");
}

static const char *const TIMES =
    "source s \"x\"\n"
    "person p \"P\"\n"
    "place kjeller 59.970 11.037 tz Europe/Oslo\n"
    "testimony t by p source s\n";

static void test_bad_time_expression(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%s  claim a: p at kjeller in \"first half of Decmber 1935\"\n", TIMES);
    expect_only(text, 5, 28, "cannot read time \"first half of Decmber 1935\": unknown month 'Decmber'",
                "did you mean 'December'?");
    snprintf(text, sizeof text, "%s  claim b: p at kjeller in \"sometime soonish\"\n", TIMES);
    expect_only(text, 5, 28, "cannot read time \"sometime soonish\": unexpected 'sometime'", NULL);
    snprintf(text, sizeof text, "%s  claim c: p at kjeller, lasts \"about forever\"\n", TIMES);
    expect_only(text, 5, 32, "cannot read duration \"about forever\": expected a number, found 'forever'", NULL);
    /* a missing time */
    snprintf(text, sizeof text, "%s  claim d: p at kjeller in\n", TIMES);
    kj_test_diags r;
    load(text, &r);
    assert_int_equal(r.n, 1);
    expect_diag(&r, 0, 5, 27, "expected a time at end of statement", /* just past the last token */
                "write a date like 1935-12-01 or a quoted expression like \"first half of December 1935\"");
}

/* ---- several errors ------------------------------------------------------------------ */

static void test_all_errors_in_line_order(void **state)
{
    (void)state;
    /* errors from every stage (lexer, parser, resolver, zones, times),
     * the later stages' first in the buffer */
    const char *text =
        "source s \"x\"\n"                                    /* 1 */
        "person p \"P\"\n"                                    /* 2 */
        "place kjeller 59.970 11.037 tz Europe/Oslo\n"        /* 3 */
        "testimony t by p source s\n"                         /* 4 */
        "  claim c1: p at kjeler\n"                           /* 5: unknown place */
        "  claim c2: p at kjeller in \"Smarch 1935\"\n"       /* 6: bad time */
        "sourse s2 \"typo\"\n"                                /* 7: unknown statement */
        "place a 91 10 tz UTC\n"                              /* 8: latitude */
        "place b 60 10 tz Europe/Olso\n"                      /* 9: zone */
        "place kjeller 60 10 tz UTC\n"                        /* 10: duplicate */
        "source q \"open\n"                                   /* 11: unclosed string */
        "place c 60 10 tz UTC $\n";                           /* 12: character */
    kj_test_diags r;
    load(text, &r);
    if (r.n != 8) {
        kj_test_diags_dump(&r);
        fail_msg("%d diagnostics, expected 8", r.n);
    }
    expect_diag(&r, 0, 5, col_of(text, 5, "kjeler"), "unknown place 'kjeler'", "did you mean 'kjeller'?");
    assert_int_equal(r.d[1].line, 6);
    assert_non_null(strstr(r.d[1].message, "cannot read time \"Smarch 1935\""));
    expect_diag(&r, 2, 7, 1, "unknown statement 'sourse'", "did you mean 'source'?");
    expect_diag(&r, 3, 8, 9, "latitude 91 out of range",
                "latitude is -90..90 degrees; are latitude and longitude swapped?");
    expect_diag(&r, 4, 9, col_of(text, 9, "Europe/Olso"), "unknown time zone 'Europe/Olso'", "did you mean 'Europe/Oslo'?");
    expect_diag(&r, 5, 10, 7, "duplicate id 'kjeller'", "'kjeller' is first defined at t.case:3; ids are unique per case");
    expect_diag(&r, 6, 11, 10, "unclosed string", "add a closing '\"' on the same line");
    expect_diag(&r, 7, 12, col_of(text, 12, "$"), "unexpected character '$'", "remove the '$' or quote the text");
    for (int i = 1; i < r.n; i++) assert_true(r.d[i].line > r.d[i - 1].line);
}

static void test_two_errors_on_one_line_in_column_order(void **state)
{
    (void)state;
    const char *text = "source s \"x\"\nperson p \"P\"\ntestimony t by nobody source nothing\n";
    kj_test_diags r;
    load(text, &r);
    assert_int_equal(r.n, 2);
    expect_diag(&r, 0, 3, col_of(text, 3, "nobody"), "unknown person 'nobody'", NULL);
    expect_diag(&r, 1, 3, col_of(text, 3, "nothing"), "unknown source 'nothing'", NULL);
}

/* ---- odd input ---------------------------------------------------------------------- */

static void test_empty_and_comment_only(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("");
    kj_case_free(c);
    c = kj_test_load("\n\n   \n\t\n");
    kj_case_free(c);
    c = kj_test_load("; nothing but comments\n;\n   ; indented \"comment\" with ünïcødé\n\n; no final newline");
    kj_case_free(c);
}

/* Regression (found by this test): kj_case_load_buffer(name, NULL, 0, ...)
 * used to read the file `name` from disk, and crashed when there was none.
 * An empty buffer given as (NULL, 0) loads like "" does.  Run in a child
 * process so that a crash fails this test only. */
static void test_null_empty_buffer(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* die of the signal, not in cmocka's (or ASan's) handler */
        signal(SIGSEGV, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
        signal(SIGABRT, SIG_DFL);
        int n_errors = -1;
        kj_case *c = kj_case_load_buffer("no-such-file.case", NULL, 0, NULL, NULL, &n_errors);
        int ok = c != NULL && n_errors == 0;
        kj_case_free(c);
        _exit(ok ? 0 : 20);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) fail_msg("kj_case_load_buffer(name, NULL, 0) died of signal %d", WTERMSIG(status));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("kj_case_load_buffer(name, NULL, 0) did not load an empty case (exit status %d: 20 = errors "
                 "or no case, else a sanitizer's report above)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

#define LONG_N 100000

/* prefix + LONG_N copies of fill + suffix, heap-allocated (caller frees). */
static char *long_line(const char *prefix, char fill, const char *suffix)
{
    size_t np = strlen(prefix), ns = strlen(suffix);
    char *s = malloc(np + LONG_N + ns + 1);
    assert_non_null(s);
    memcpy(s, prefix, np);
    memset(s + np, fill, LONG_N);
    memcpy(s + np + LONG_N, suffix, ns + 1);
    return s;
}

static void test_long_lines(void **state)
{
    (void)state;
    kj_test_diags r;
    /* fine: a long citation, a long id, a long comment */
    char *s = long_line("source s \"", 'x', "\"\n");
    kj_case *c = kj_test_load(s);
    assert_int_equal((int)strlen(kj_test_stmt(c, "s")->label), LONG_N);
    kj_case_free(c);
    free(s);
    s = long_line("place a", 'y', " 1 2 tz UTC\nsource z \"z\"\n");
    c = kj_test_load(s);
    kj_case_free(c);
    free(s);
    s = long_line("source s \"x\" ; ", 'c', "\n");
    c = kj_test_load(s);
    kj_case_free(c);
    free(s);
    /* errors: one each, at the right place, messages of bounded length */
    s = long_line("", 'w', " x\n");
    load(s, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.d[0].line, 1);
    assert_int_equal(r.d[0].col, 1);
    assert_int_equal(r.d[0].len, LONG_N);
    assert_true(strncmp(r.d[0].message, "unknown statement 'www", 22) == 0);
    free(s);
    s = long_line("source s \"", 'u', "\n");
    load(s, &r);
    assert_int_equal(r.n, 1);
    expect_diag(&r, 0, 1, 10, "unclosed string", "add a closing '\"' on the same line");
    free(s);
    s = long_line("place a 1 2 tz ", 'Z', "\n");
    load(s, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.d[0].col, 16);
    assert_true(strncmp(r.d[0].message, "unknown time zone 'ZZZ", 22) == 0);
    free(s);
    s = long_line("place a ", '1', " 2 tz UTC\n");
    load(s, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.d[0].col, 9);
    assert_true(strncmp(r.d[0].message, "latitude 111", 12) == 0);
    free(s);
    s = long_line("option about ", '5', "\n");
    load(s, &r);
    assert_int_equal(r.n, 1);
    expect_diag(&r, 0, 1, 14, "option value too long", NULL);
    free(s);
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s  claim c: p at kjeller in \"", TIMES);
    s = long_line(prefix, 't', "\"\n");
    load(s, &r);
    assert_int_equal(r.n, 1);
    expect_diag(&r, 0, 5, 28, "time expression too long", NULL);
    free(s);
    /* a 100 KB name in a reference: no hint (too far from anything) */
    snprintf(prefix, sizeof prefix, "%s  claim c: p at ", TIMES);
    s = long_line(prefix, 'k', "\n");
    load(s, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.d[0].line, 5);
    assert_int_equal(r.d[0].col, 17);
    assert_true(strncmp(r.d[0].message, "unknown place 'kkk", 18) == 0);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_case_loads),
        cmocka_unit_test(test_iso_times_unquoted),
        cmocka_unit_test(test_crlf_and_no_final_newline),
        cmocka_unit_test(test_unclosed_string),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_invalid_utf8_sequences_rfc3629),
        cmocka_unit_test(test_non_ascii_outside_a_string),
        cmocka_unit_test(test_unknown_keyword),
        cmocka_unit_test(test_unknown_name),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_bad_coordinates),
        cmocka_unit_test(test_unknown_time_zone),
        cmocka_unit_test(test_bad_time_expression),
        cmocka_unit_test(test_all_errors_in_line_order),
        cmocka_unit_test(test_two_errors_on_one_line_in_column_order),
        cmocka_unit_test(test_empty_and_comment_only),
        cmocka_unit_test(test_null_empty_buffer),
        cmocka_unit_test(test_long_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
