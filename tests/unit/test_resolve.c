/* test_resolve — src/resolve.c: names to statements (ids, aliases, derived
 * ids, did-you-mean for unknown names), places (`one of`, `assume P = ALT`
 * through kj_place_effective, the zones a place's times are read in),
 * options (defaults, values, bad values, where they stand) and the times
 * of claims, facts, registers and entities as UTC intervals.
 *
 * Expected instants are computed with the C library's timegm
 * (kj_test_utc) from the zone offsets of the time: in December 1935 Oslo
 * and Berlin kept UTC+1, London UTC+0, Moscow UTC+3. */
#include "kj_test.h"

#define H 3600

static const char *const HEAD =
    "source s \"test\"\n"
    "person p \"Georgy Pyatakov\" alias Pyatakoff, \"G. P.\"\n"
    "person q \"Q\"\n"
    "place oslo 59.91 10.75 tz Europe/Oslo\n"
    "place berlin 52.52 13.40 ± 15 km tz Europe/Berlin\n"
    "place london 51.50 -0.12 tz Europe/London\n"
    "place moscow 55.75 37.61 tz Europe/Moscow\n"
    "place house tz Europe/Oslo\n"
    "place nowhere \"an unlocated place without a zone\"\n";

static kj_case *load(const char *body) { return kj_test_load_parts(HEAD, body); }

/* Loads HEAD + body, which must fail with a diagnostic whose message is
 * exactly `message` and whose hint is `hint` (NULL: none), on the line of
 * the body's first line that holds `where`, at its column. */
static void expect_error(const char *body, const char *where, const char *message, const char *hint)
{
    size_t n = strlen(HEAD) + strlen(body) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s", HEAD, body);
    kj_test_diags r;
    kj_case *c = kj_test_load_diags(text, strlen(text), &r);
    assert_null(c);
    const kj_test_diag *d = NULL;
    for (int i = 0; i < r.n && i < KJ_TEST_MAX_DIAGS && !d; i++)
        if (!strcmp(r.d[i].message, message)) d = &r.d[i];
    if (!d) {
        kj_test_diags_dump(&r);
        fail_msg("no diagnostic '%s'", message);
    }
    if (hint && strcmp(d->hint, hint)) fail_msg("'%s': hint '%s', expected '%s'", message, d->hint, hint);
    if (!hint && d->has_hint) fail_msg("'%s': hint '%s', expected none", message, d->hint);
    /* where: the line and column of its first occurrence in the body */
    const char *at = strstr(text + strlen(HEAD), where);
    assert_non_null(at);
    int line = 1;
    const char *line_start = text;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') {
            line++;
            line_start = p + 1;
        }
    if (d->line != line || d->col != (int)(at - line_start) + 1)
        fail_msg("'%s' at %d:%d, expected %d:%d", message, d->line, d->col, line, (int)(at - line_start) + 1);
    free(text);
}

/* ---- names ------------------------------------------------------------------- */

static void test_ids_and_aliases_name_their_statements(void **state)
{
    (void)state;
    kj_case *c = load("route oslo -> berlin by air-1919 900 km source s\n"
                      "place airdrome one of oslo, house\n"
                      "testimony t by Pyatakoff source s\n"
                      "  claim flight: Pyatakoff travels berlin -> airdrome by air\n"
                      "  claim drive: p travels airdrome -> house by car-1927, right after\n"
                      "  claim talk: p meets q at house, right after drive\n"
                      "assume flight aircraft = civil\n"
                      "assume airdrome = oslo\n"
                      "option about 40%\n");
    int p = kj_test_find(c, "p");
    /* every alias is a name of the person, quoted ones too */
    assert_int_equal(kj_find_stmt(c, "Pyatakoff"), p);
    assert_int_equal(kj_find_stmt(c, "G. P."), p);
    assert_int_equal(kj_find_stmt(c, "pyatakoff"), -1); /* ids are case-sensitive */
    assert_int_equal(kj_find_stmt(c, NULL), -1);
    /* derived ids */
    assert_int_equal(kj_test_stmt(c, "route:oslo->berlin")->kind, ST_ROUTE);
    assert_int_equal(kj_test_stmt(c, "flight.aircraft")->kind, ST_ASSUME);
    assert_int_equal(kj_test_stmt(c, "airdrome=oslo")->kind, ST_ASSUME);
    assert_int_equal(kj_test_stmt(c, "option:about")->kind, ST_OPTION);
    assert_string_equal(kj_stmt_kind_name(kj_test_stmt(c, "option:about")->kind), "option");
    assert_string_equal(kj_role_name(kj_test_stmt(c, "flight.aircraft")->role), "assumption");
    /* references resolved: through an alias, to places, to a mode of the
     * shipped defaults, to the previous claim for a bare "right after" */
    const kj_stmt *flight = kj_test_stmt(c, "flight"), *drive = kj_test_stmt(c, "drive");
    assert_int_equal(kj_test_stmt(c, "t")->testimony->person.idx, p);
    assert_int_equal(flight->claim->person.idx, p);
    assert_int_equal(flight->claim->from.idx, kj_test_find(c, "berlin"));
    assert_int_equal(flight->claim->to.idx, kj_test_find(c, "airdrome"));
    assert_string_equal(flight->claim->mode.name, "air"); /* a class: no statement */
    assert_int_equal(flight->claim->mode.idx, -1);
    assert_int_equal(drive->claim->mode.idx, kj_test_find(c, "car-1927"));
    assert_int_equal(drive->claim->seq_ref.idx, kj_test_find(c, "flight"));
    assert_int_equal(kj_test_stmt(c, "talk")->claim->seq_ref.idx, kj_test_find(c, "drive"));
    assert_int_equal(kj_test_stmt(c, "talk")->claim->others[0].idx, kj_test_find(c, "q"));
    /* the attribute assumed is the claim's, citing its assumption */
    assert_int_equal(flight->claim->n_attrs, 1);
    assert_string_equal(flight->claim->attrs[0].key, "aircraft");
    assert_string_equal(flight->claim->attrs[0].value, "civil");
    assert_int_equal(flight->claim->attrs[0].stmt, kj_test_find(c, "flight.aircraft"));
    kj_case_free(c);
}

static void test_unknown_names_suggest_the_nearest_of_their_kind(void **state)
{
    (void)state;
    expect_error("testimony t by p source s\n  claim c: p at olso\n", "olso", "unknown place 'olso'",
                 "did you mean 'oslo'?");
    /* aliases are names too: the nearest to 'pyatakof' is one */
    expect_error("testimony t by pyatakof source s\n", "pyatakof", "unknown person 'pyatakof'",
                 "did you mean 'Pyatakoff'?");
    expect_error("testimony t by p source s\n  claim flight: p at oslo\n  claim c: p at oslo, right after fligth\n",
                 "fligth", "unknown claim 'fligth'", "did you mean 'flight'?");
    expect_error("testimony t by p source s\n  claim c: p travels oslo -> berlin by air-1918\n", "air-1918",
                 "unknown mode or mode class 'air-1918'", "did you mean 'air-1919'?");
    /* two as near (air-1903, air-1919): the first in sort order, so the
     * hint does not depend on where names fall in the table */
    expect_error("testimony t by p source s\n  claim c: p travels oslo -> berlin by air-1991\n", "air-1991",
                 "unknown mode or mode class 'air-1991'", "did you mean 'air-1903'?");
    /* the nearest name of another kind is not offered: 'london' is a
     * place, and no person is near 'londn' */
    expect_error("testimony t by londn source s\n", "londn", "unknown person 'londn'", NULL);
    /* a name of the wrong kind says what it is */
    expect_error("testimony t by oslo source s\n", "oslo source", "'oslo' is not a person",
                 "'oslo' is a place (line 4), not a person");
    /* an alias may not repeat a name */
    expect_error("person r \"R\" alias q\n", "person r", "alias 'q' of 'r' is already a name", NULL);
}

/* ---- places ----------------------------------------------------------------- */

static void test_one_of_and_assume_give_the_effective_place(void **state)
{
    (void)state;
    const char *places = "place airdrome one of oslo, berlin\n"
                         "entity hotel kind hotel at airdrome source s\n"
                         "entity cafe kind cafe at london source s\n";
    kj_case *c = load(places);
    int airdrome = kj_test_find(c, "airdrome");
    /* nobody said which: the place stays itself (and an entity stands at its place) */
    assert_int_equal(kj_place_effective(c, airdrome), airdrome);
    assert_int_equal(kj_place_effective(c, kj_test_find(c, "hotel")), airdrome);
    assert_int_equal(kj_place_effective(c, kj_test_find(c, "cafe")), kj_test_find(c, "london"));
    assert_int_equal(kj_place_effective(c, -1), -1);
    assert_int_equal(kj_test_stmt(c, "airdrome")->place->assumed_by, -1);
    kj_case_free(c);

    char body[512];
    snprintf(body, sizeof body, "%sassume which: airdrome = berlin \"the land airport\"\n", places);
    c = load(body);
    int berlin = kj_test_find(c, "berlin");
    assert_int_equal(kj_place_effective(c, kj_test_find(c, "airdrome")), berlin);
    assert_int_equal(kj_place_effective(c, kj_test_find(c, "hotel")), berlin); /* entity, then assumption */
    assert_int_equal(kj_test_stmt(c, "airdrome")->place->assumed_alt, berlin);
    assert_int_equal(kj_test_stmt(c, "airdrome")->place->assumed_by, kj_test_find(c, "which"));
    kj_case_free(c);
}

static void test_assumed_places_must_be_alternatives_once(void **state)
{
    (void)state;
    expect_error("place airdrome one of oslo, berlin\nassume airdrome = london\n", "london\n",
                 "'london' is not an alternative of place 'airdrome'", "name one of the alternatives after 'one of'");
    expect_error("assume oslo = berlin\n", "berlin\n", "'berlin' is not an alternative of place 'oslo'",
                 "only a place declared 'one of A, B' has alternatives");
    expect_error("place airdrome one of oslo, berlin\nassume airdrome = oslo\nassume airdrome = berlin\n",
                 "assume airdrome = berlin", "place 'airdrome' is already assumed to be 'oslo'", NULL);
    expect_error("place loop one of oslo, loop\n", "loop\n", "place 'loop' cannot be one of itself", NULL);
}

/* Zones as an array of strings, joined by spaces (for one comparison). */
static void assert_zones(const kj_case *c, const char *place, const char *want)
{
    const char *zones[KJ_ZONES_MAX];
    int n = kj_place_zones(c, kj_test_find(c, place), zones, KJ_ZONES_MAX);
    char got[512] = "";
    size_t len = 0;
    for (int i = 0; i < n; i++) len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", i ? " " : "", zones[i]);
    if (strcmp(got, want)) fail_msg("zones of '%s': '%s' (%d), expected '%s'", place, got, n, want);
}

static void test_zones_of_a_place(void **state)
{
    (void)state;
    kj_case *c = load("place two one of oslo, london\n"
                      "place same one of oslo, house\n"
                      "place open one of london, nowhere\n"
                      "place x one of oslo, moscow\n"
                      "place y one of moscow, london\n"
                      "place nested one of x, y\n"
                      "place picked one of oslo, london\n"
                      "entity bar kind bar at moscow source s\n"
                      "assume picked = london\n");
    assert_zones(c, "oslo", "Europe/Oslo");
    assert_zones(c, "bar", "Europe/Moscow"); /* an entity's place's */
    assert_zones(c, "two", "Europe/Oslo Europe/London");
    assert_zones(c, "same", "Europe/Oslo"); /* each zone once */
    /* without a zone: every offset on Earth, local mean times included */
    assert_zones(c, "nowhere", "UTC-16:00 UTC+16:00");
    assert_zones(c, "open", "Europe/London UTC-16:00 UTC+16:00");
    /* nested: every zone of every alternative, each once, in order */
    assert_zones(c, "nested", "Europe/Oslo Europe/Moscow Europe/London");
    assert_zones(c, "picked", "Europe/London"); /* the assumed alternative's only */
    /* never fewer zones than the place has: too little room is -1 */
    const char *zones[KJ_ZONES_MAX];
    assert_int_equal(kj_place_zones(c, kj_test_find(c, "nested"), zones, 2), -1);
    assert_int_equal(kj_place_zones(c, kj_test_find(c, "nested"), zones, 3), 3);
    assert_int_equal(kj_place_zones(c, -1, zones, KJ_ZONES_MAX), 0);
    kj_case_free(c);
}

static void test_one_of_limits_are_errors(void **state)
{
    (void)state;
    expect_error("place a one of oslo, b\nplace b one of london, a\n", "a one of",
                 "place 'a' is one of itself: 'b' (t.case:11) lists 'a'",
                 "a place may be one of several others, never (through them) of itself");
    /* 33 zones in all: one more than a place may be read in */
    char body[8192];
    size_t n = 0;
    for (int k = 0; k < 33; k++)
        n += (size_t)snprintf(body + n, sizeof body - n, "place z%d 0 0 tz UTC+%02d:%02d\n", k, k / 4, (k % 4) * 15);
    n += (size_t)snprintf(body + n, sizeof body - n, "place wide one of z0");
    for (int k = 1; k < 33; k++) n += (size_t)snprintf(body + n, sizeof body - n, ", z%d", k);
    snprintf(body + n, sizeof body - n, "\n");
    expect_error(body, "wide", "place 'wide' has alternatives in more than 32 time zones",
                 "split the place into smaller groups of alternatives");
}

/* ---- options ---------------------------------------------------------------- */

static void test_option_defaults(void **state)
{
    (void)state;
    kj_case *c = load("");
    assert_int_equal(c->readopts.about_pct, 50);
    assert_int_equal(c->readopts.about_clock_s, 3600);
    assert_int_equal(c->right_after_s, 7200);
    assert_true(c->default_radius_m == 1000);
    assert_int_equal(c->opt_stmt_about, -1);
    assert_int_equal(c->opt_stmt_clock, -1);
    assert_int_equal(c->opt_stmt_right_after, -1);
    assert_int_equal(c->opt_stmt_radius, -1);
    assert_true(kj_test_stmt(c, "oslo")->place->radius_m == 1000);
    assert_true(kj_test_stmt(c, "berlin")->place->radius_m == 15000);
    assert_true(kj_test_stmt(c, "house")->place->radius_m == 0); /* unlocated: no circle */
    kj_case_free(c);
}

static void test_options_set_the_reading_rules(void **state)
{
    (void)state;
    /* options after the statements they govern: they apply to the whole case */
    kj_case *c = load("testimony t by p source s\n"
                      "  claim talk: p at oslo in \"1935-12-05, about 3 p.m.\", lasts \"about 30 minutes\"\n"
                      "  claim next: p at oslo, right after talk\n"
                      "option about 20%\n"
                      "option about-clock 30 min\n"
                      "option right-after 1.5 hours\n"
                      "option radius 2 km\n");
    assert_int_equal(c->readopts.about_pct, 20);
    assert_int_equal(c->opt_stmt_about, kj_test_find(c, "option:about"));
    assert_int_equal(c->readopts.about_clock_s, 1800);
    assert_int_equal(c->opt_stmt_clock, kj_test_find(c, "option:about-clock"));
    assert_int_equal(c->right_after_s, 5400);
    assert_int_equal(c->opt_stmt_right_after, kj_test_find(c, "option:right-after"));
    assert_true(c->default_radius_m == 2000);
    assert_int_equal(c->opt_stmt_radius, kj_test_find(c, "option:radius"));
    /* the radius goes to places written without ±, and only to them */
    assert_true(kj_test_stmt(c, "oslo")->place->radius_m == 2000);
    assert_true(kj_test_stmt(c, "berlin")->place->radius_m == 15000);
    /* "about 30 minutes" at 20%: 24 .. 36 min; "about 3 p.m." at 30 min: 14:30 .. 15:30 */
    const kj_stmt *talk = kj_test_stmt(c, "talk");
    assert_int_equal(talk->claim->dur_min, 24 * 60);
    assert_int_equal(talk->claim->dur_max, 36 * 60);
    assert_int_equal(talk->claim->when_iv.lo, kj_test_utc(1935, 12, 5, 14, 30, 0) - H);
    assert_int_equal(talk->claim->when_iv.hi, kj_test_utc(1935, 12, 5, 15, 30, 0) - H);
    assert_non_null(strstr(talk->claim->when_reading, "option about-clock"));
    kj_case_free(c);
}

static void test_bad_options_are_errors(void **state)
{
    (void)state;
    kj_case *c0;
    /* (the value as the lexer gives it: the number, then the '%') */
    expect_error("option about 150%\n", "option about", "bad value '150 %' for option about",
                 "write: option about 50%");
    expect_error("option about 50\n", "option about", "bad value '50' for option about", "write: option about 50%");
    expect_error("option right-after 8 days\n", "option", "bad duration '8 days' for option right-after",
                 "write e.g.: option about-clock 60 min");
    expect_error("option about-clock 169 h\n", "option", "bad duration '169 h' for option about-clock",
                 "write e.g.: option about-clock 60 min");
    expect_error("option radius 5 miles\n", "option", "bad distance '5 miles' for option radius",
                 "write e.g.: option radius 500 m");
    expect_error("option abuot 50%\n", "abuot", "unknown option 'abuot'", "did you mean 'about'?");
    expect_error("option frobnicate 3\n", "frobnicate", "unknown option 'frobnicate'",
                 "options: about, about-clock, about-day, about-month, about-year, right-after, radius, city-radius, date-order");
    expect_error("option city-radius 5 miles\n", "option", "bad distance '5 miles' for option city-radius",
                 "write e.g.: option city-radius 20 km");
    expect_error("option city-radios 5 km\n", "city-radios", "unknown option 'city-radios'", "did you mean 'city-radius'?");
    expect_error("option date-order ymd\n", "option", "bad value 'ymd' for option date-order",
                 "write: option date-order dmy (day first) or option date-order mdy (month first)");
    expect_error("option date-ordre dmy\n", "date-ordre", "unknown option 'date-ordre'", "did you mean 'date-order'?");
    c0 = load("option date-order mdy\n");
    assert_int_equal(c0->readopts.date_order, KJ_DATE_ORDER_MDY);
    kj_case_free(c0);
    /* approximate dates: whole days up to a year, years 0..100 */
    expect_error("option about-day 36 h\n", "option", "bad value '36 h' for option about-day: whole days, at most 366",
                 "write e.g.: option about-day 7 days");
    expect_error("option about-month 53 weeks\n", "option", "bad value '53 weeks' for option about-month: whole days, at most 366",
                 "write e.g.: option about-month 15 days");
    expect_error("option about-year 101\n", "option", "bad value '101' for option about-year: 0 to 100 years",
                 "write e.g.: option about-year 1 year");
    expect_error("option about-year 1 month\n", "option", "bad value '1 month' for option about-year: 0 to 100 years",
                 "write e.g.: option about-year 1 year");
    expect_error("option about-dya 3 days\n", "about-dya", "unknown option 'about-dya'", "did you mean 'about-day'?");
    c0 = load("option about-day 2 weeks\noption about-month 0 days\noption about-year 3 years\n");
    assert_int_equal(c0->readopts.about_day_s, 14 * 24 * H);
    assert_int_equal(c0->readopts.about_month_s, 0);
    assert_int_equal(c0->readopts.about_year, 3);
    kj_case_free(c0);
    c0 = load("\n");
    assert_int_equal(c0->readopts.about_day_s, 7 * 24 * H);
    assert_int_equal(c0->readopts.about_month_s, 15 * 24 * H);
    assert_int_equal(c0->readopts.about_year, 1);
    kj_case_free(c0);
    /* the longest allowed: a week */
    kj_case *c = load("option right-after 168 h\n");
    assert_int_equal(c->right_after_s, 7 * 24 * H);
    kj_case_free(c);
}

/* ---- times ------------------------------------------------------------------- */

static void assert_iv(kj_interval iv, int64_t lo, int64_t hi, const char *what)
{
    if (iv.lo != lo || iv.hi != hi)
        fail_msg("%s: [%lld, %lld], expected [%lld, %lld] (off by %lld s, %lld s)", what, (long long)iv.lo,
                 (long long)iv.hi, (long long)lo, (long long)hi, (long long)(iv.lo - lo), (long long)(iv.hi - hi));
}

/* An offset that the place's zone does not have then: one warning per time
 * (a throughout fact is read twice), no error, and the offset's instant. */
static void test_offset_against_zone_is_one_warning(void **state)
{
    (void)state;
    static const char text[] = "source s \"s\"\nperson x \"X\"\nplace a 40.64 -73.78 tz America/New_York\n"
                               "fact f: x at a throughout \"2024-03-14T21:00:00+01:00..2024-03-14T22:00:00+01:00\" source s\n"
                               "testimony t by x source s\n  claim c: x at a on 2024-03-14T21:00:00Z\n";
    kj_test_diags d;
    kj_case *c = kj_test_load_diags(text, sizeof text - 1, &d);
    assert_non_null(c);
    if (d.n != 1 || d.n_warnings != 1) kj_test_diags_dump(&d);
    assert_int_equal(d.n, 1);
    assert_int_equal(d.d[0].severity, KJ_DIAG_WARNING);
    assert_int_equal(d.d[0].line, 4);
    assert_non_null(strstr(d.d[0].message, "offset +01:00 is not the offset of America/New_York at 2024-03-14 20:00 UTC"));
    const kj_stmt *f = kj_test_stmt(c, "f");
    assert_int_equal(f->fact->when_iv.lo, kj_test_utc(2024, 3, 14, 20, 0, 0));
    assert_int_equal(f->fact->when_iv.hi, kj_test_utc(2024, 3, 14, 21, 0, 0));
    kj_case_free(c);
}

static void test_claim_times_are_read_wide_in_their_place_zone(void **state)
{
    (void)state;
    kj_case *c = load("place either one of oslo, london\n"
                      "testimony t by p source s\n"
                      "  claim about: p at oslo in \"1935-12-05 about 15:00\"\n"
                      "  claim half: p at oslo in \"first half of December 1935\"\n"
                      "  claim flight: p travels moscow -> london departs \"1935-12-05 10:00\"\n"
                      "    arrives \"first half of December 1935, approximately 3 p.m.\", takes \"about two hours\"\n"
                      "  claim lost: p at nowhere on 1935-12-05\n"
                      "  claim two: p at either on 1935-12-05\n"
                      "  claim untimed: p at oslo\n");
    /* about 15:00: 15:00 -/+ 60 min, in Oslo (UTC+1) */
    assert_iv(kj_test_stmt(c, "about")->claim->when_iv, kj_test_utc(1935, 12, 5, 14, 0, 0) - H,
              kj_test_utc(1935, 12, 5, 16, 0, 0) - H, "about 15:00");
    /* first half: days 1-15, the whole of the 15th */
    assert_iv(kj_test_stmt(c, "half")->claim->when_iv, kj_test_utc(1935, 12, 1, 0, 0, 0) - H,
              kj_test_utc(1935, 12, 16, 0, 0, 0) - H, "first half of December 1935");
    assert_non_null(strstr(kj_test_stmt(c, "half")->claim->when_reading, "first half = days 1-15"));
    /* a journey: the departure in its origin's zone (Moscow, UTC+3), the
     * arrival in its destination's (London, UTC+0) */
    const kj_stmt *flight = kj_test_stmt(c, "flight");
    assert_iv(flight->claim->depart_iv, kj_test_utc(1935, 12, 5, 7, 0, 0), kj_test_utc(1935, 12, 5, 7, 1, 0), "departs");
    assert_iv(flight->claim->arrive_iv, kj_test_utc(1935, 12, 1, 14, 0, 0), kj_test_utc(1935, 12, 15, 16, 0, 0),
              "arrives");
    assert_int_equal(flight->claim->dur_min, 1 * H);
    assert_int_equal(flight->claim->dur_max, 3 * H);
    assert_iv(flight->claim->when_iv, -KJ_INF, KJ_INF, "a journey without `in`");
    /* no zone: the day begins at UTC+16 and ends at UTC-16 */
    assert_iv(kj_test_stmt(c, "lost")->claim->when_iv, kj_test_utc(1935, 12, 5, 0, 0, 0) - 16 * H,
              kj_test_utc(1935, 12, 6, 0, 0, 0) + 16 * H, "a place without a zone");
    /* one of Oslo and London: from Oslo's midnight to London's */
    assert_iv(kj_test_stmt(c, "two")->claim->when_iv, kj_test_utc(1935, 12, 5, 0, 0, 0) - H, kj_test_utc(1935, 12, 6, 0, 0, 0),
              "one of two zones");
    const kj_stmt *untimed = kj_test_stmt(c, "untimed");
    assert_iv(untimed->claim->when_iv, -KJ_INF, KJ_INF, "no time");
    assert_int_equal(untimed->claim->dur_min, 0);
    assert_int_equal(untimed->claim->dur_max, KJ_INF);
    kj_case_free(c);
}

static void test_facts_registers_and_lifetimes_read_as_documented(void **state)
{
    (void)state;
    kj_case *c = load("fact early: q at oslo throughout \"early December 1935\" source s\n"
                      "fact once: q at berlin in 1935-12 source s\n"
                      "fact home: q lives at oslo from \"late June 1935\" to 1936-09 source s\n"
                      "register reg at oslo covers \"early December 1935\" records arrival source s\n"
                      "  entry e1: on 1935-12-03 source s\n"
                      "entity hotel kind hotel at oslo exists 1901..1917 source s\n"
                      "entity old kind hotel at oslo exists ..1917 source s\n");
    /* throughout: narrow (days 1-7); what a claim during it may fill: wide (days 1-12) */
    const kj_stmt *early = kj_test_stmt(c, "early");
    assert_iv(early->fact->when_iv, kj_test_utc(1935, 12, 1, 0, 0, 0) - H, kj_test_utc(1935, 12, 8, 0, 0, 0) - H,
              "throughout early December");
    assert_iv(early->fact->wide_iv, kj_test_utc(1935, 12, 1, 0, 0, 0) - H, kj_test_utc(1935, 12, 13, 0, 0, 0) - H,
              "early December, wide");
    /* in: one instant somewhere in the wide reading */
    const kj_stmt *once = kj_test_stmt(c, "once");
    assert_iv(once->fact->when_iv, kj_test_utc(1935, 12, 1, 0, 0, 0) - H, kj_test_utc(1936, 1, 1, 0, 0, 0) - H,
              "in December");
    assert_iv(once->fact->wide_iv, once->fact->when_iv.lo, once->fact->when_iv.hi, "in December, wide");
    /* residence: read (late June = days 19-30 wide), constrains nothing */
    const kj_stmt *home = kj_test_stmt(c, "home");
    assert_iv(home->fact->when_iv, kj_test_utc(1935, 6, 19, 0, 0, 0) - H, kj_test_utc(1935, 7, 1, 0, 0, 0) - H,
              "from late June");
    assert_iv(home->fact->until_iv, kj_test_utc(1936, 9, 1, 0, 0, 0) - H, kj_test_utc(1936, 10, 1, 0, 0, 0) - H,
              "to 1936-09");
    /* coverage: narrow; an entry: wide */
    assert_iv(kj_test_stmt(c, "reg")->reg->coverage, kj_test_utc(1935, 12, 1, 0, 0, 0) - H,
              kj_test_utc(1935, 12, 8, 0, 0, 0) - H, "covers early December");
    assert_iv(kj_test_stmt(c, "e1")->entry->when_iv, kj_test_utc(1935, 12, 3, 0, 0, 0) - H,
              kj_test_utc(1935, 12, 4, 0, 0, 0) - H, "entry on 1935-12-03");
    /* lifetimes: wide, whole years inclusive, an open start unbounded */
    assert_iv(kj_test_stmt(c, "hotel")->entity->life, kj_test_utc(1901, 1, 1, 0, 0, 0) - H,
              kj_test_utc(1918, 1, 1, 0, 0, 0) - H, "exists 1901..1917");
    assert_int_equal(kj_test_stmt(c, "old")->entity->life.hi, kj_test_utc(1918, 1, 1, 0, 0, 0) - H);
    assert_true(kj_test_stmt(c, "old")->entity->life.lo < kj_test_utc(1, 1, 1, 0, 0, 0));
    kj_case_free(c);
}

static void test_bad_times_and_sequences_are_errors(void **state)
{
    (void)state;
    expect_error("testimony t by p source s\n  claim c: p at oslo in \"first half of Decmber 1935\"\n",
                 "\"first half", "cannot read time \"first half of Decmber 1935\": unknown month 'Decmber'",
                 "did you mean 'December'?");
    expect_error("testimony t by p source s\n  claim c: p at oslo, lasts \"about forever\"\n", "\"about forever",
                 "cannot read duration \"about forever\": expected a number, found 'forever'", NULL);
    expect_error("testimony t by p source s\n  claim c: p at oslo, after c\n", "c\n",
                 "claim 'c' cannot follow itself", NULL);
    expect_error("fact home: q lives at oslo source s\ntestimony t by p source s\n  claim c: p at oslo during home\n",
                 "home\n", "'during home' needs a time span, and 'home' is a residence",
                 "residence is not presence: refer to a 'throughout' fact or a claim");
    /* a narrow span that nothing certainly covers */
    expect_error("fact f: q at oslo throughout \"1935-12-05 about 3 p.m.\" source s\n", "\"1935-12-05",
                 "cannot read time \"1935-12-05 about 3 p.m.\": nothing is certain in this span: an 'about' time "
                 "is an instant somewhere in its window",
                 "write 'in' (at some time within it) instead of 'throughout', or ends that certainly leave a "
                 "span, e.g. \"1935-12-05 about 1 p.m...1935-12-05 about 5 p.m.\"");
}

/* A weekday its date does not fall on is a note of the statement whose
 * time it is: in statement order whatever order resolve reads them in (a
 * custody's before the rest), once for a time read twice (a "throughout"
 * fact, narrow and wide), with the final ids (a custody's made of the
 * ids, not the aliases written) and at the weekday's column. */
static void test_weekday_notes(void **state)
{
    (void)state;
    kj_case *c = load("device phone kind phone owner q source s\n"
                      "testimony t by p source s\n"
                      "  claim c1: p at london in \"Fri 14 March 2024\"\n"
                      "fact f: q at london throughout \"Monday 9 March 2025..Thursday 14 March 2025\" source s\n"
                      "assume Pyatakoff has phone throughout \"Sat 1 March 2025..Sunday 3 March 2025\" tz Europe/London\n"
                      "testimony t2 by p source s\n"
                      "  claim c2: p at london in \"2024-03-14..Sat 14 March 2024\"\n");
    assert_int_equal(c->n_weekday_notes, 5);
    static const struct { const char *stmt; int line, col; const char *start; } want[] = {
        {"c1", 12, 29, "claim 'c1' says Friday 14 March 2024, but 14 March 2024 was a Thursday"},
        {"f", 13, 33, "fact 'f' says Monday 9 March 2025, but 9 March 2025 was a Sunday"},
        {"f", 13, 54, "fact 'f' says Thursday 14 March 2025, but 14 March 2025 was a Friday"},
        {"p.has.phone", 14, 58, "assumption 'p.has.phone' says Sunday 3 March 2025, but 3 March 2025 was a Monday"},
        {"c2", 16, 41, "claim 'c2' says Saturday 14 March 2024, but 14 March 2024 was a Thursday; read as either "
                       "Thursday 14 March or Saturday 16 March 2024"}};
    for (int k = 0; k < 5; k++) {
        const kj_weekday_note *n = &c->weekday_notes[k];
        assert_string_equal(c->stmts[n->stmt].id, want[k].stmt);
        if (n->at.line != want[k].line || n->at.col != want[k].col)
            fail_msg("note %d at %d:%d, expected %d:%d", k, n->at.line, n->at.col, want[k].line, want[k].col);
        if (strncmp(n->message, want[k].start, strlen(want[k].start)))
            fail_msg("note %d: '%s'", k, n->message);
    }
    /* read as either day: the fact certainly from 10 March to the end of 13 March */
    const kj_stmt *f = &c->stmts[c->weekday_notes[1].stmt];
    assert_int_equal(f->fact->when_iv.lo, kj_test_utc(2025, 3, 10, 0, 0, 0));
    assert_int_equal(f->fact->when_iv.hi, kj_test_utc(2025, 3, 14, 0, 0, 0));
    assert_int_equal(f->fact->wide_iv.lo, kj_test_utc(2025, 3, 9, 0, 0, 0));
    assert_int_equal(f->fact->wide_iv.hi, kj_test_utc(2025, 3, 15, 0, 0, 0));
    kj_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_and_aliases_name_their_statements),
        cmocka_unit_test(test_unknown_names_suggest_the_nearest_of_their_kind),
        cmocka_unit_test(test_one_of_and_assume_give_the_effective_place),
        cmocka_unit_test(test_assumed_places_must_be_alternatives_once),
        cmocka_unit_test(test_zones_of_a_place),
        cmocka_unit_test(test_one_of_limits_are_errors),
        cmocka_unit_test(test_option_defaults),
        cmocka_unit_test(test_options_set_the_reading_rules),
        cmocka_unit_test(test_bad_options_are_errors),
        cmocka_unit_test(test_offset_against_zone_is_one_warning),
        cmocka_unit_test(test_claim_times_are_read_wide_in_their_place_zone),
        cmocka_unit_test(test_facts_registers_and_lifetimes_read_as_documented),
        cmocka_unit_test(test_bad_times_and_sequences_are_errors),
        cmocka_unit_test(test_weekday_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
