/* test_render — the renderers (src/render_text.c, render_json.c,
 * render_html.c, render_smt2.c) on the Pyatakov case, which has three
 * conflicts: each report is written into memory and its structure
 * asserted.  The text names each conflict's claim, statements and margin;
 * the JSON parses and has the fields of docs/json.md, its proof trees
 * well formed; the HTML is one page that fetches nothing; the SMT-LIB2 is
 * unsat in z3 (and a true journey's is sat).  A stream that cannot be
 * written makes every renderer return -1.
 *
 * The three margins, from the case and the readings it prints: the flight
 * lands at 14:00 on 1 December at the earliest, while the December
 * register covers it from 00:00 (14 h, and 1 s: "before" is strict); the
 * foreign-landings register from 1 September (91 days more); the drive
 * needs 55 min 24 s at 50 km/h where "about 30 minutes" allows 45 min. */
#include <jansson.h>

#include "kj_test.h"
#include "questions.h"
#include "report.h"

#define PYATAKOV "examples/moscow-1937/pyatakov.case"

static const int64_t MARGIN_S[3] = {14 * 3600 + 1, 91 * 86400 + 14 * 3600 + 1, 10 * 60 + 24};
static const char *const MARGIN_TEXT[3] = {"14 h 1 s", "91 days 14 h 1 s", "10 min 24 s"};

/* A checked case and its report (as `kjeller report` checks it: the whole
 * network, which the chart draws from). */
typedef struct checked {
    kj_case *c;
    kj_report *r;
} checked;

static checked check_file(const char *path)
{
    checked k;
    k.c = kj_test_load_file(path);
    kj_check_opts opts = {.whole_network = 1};
    k.r = kj_check(k.c, &opts, NULL);
    assert_non_null(k.r);
    return k;
}

static void checked_free(checked *k)
{
    kj_report_free(k->r);
    kj_case_free(k->c);
}

typedef enum { R_TEXT, R_JSON, R_HTML, R_SMT2, R_QUESTIONS_TEXT, R_QUESTIONS_JSON } renderer;

static int render(const checked *k, renderer which, FILE *f)
{
    switch (which) {
    case R_TEXT: return kj_render_text(k->c, k->r, f);
    case R_JSON: return kj_render_json(k->c, k->r, f);
    case R_HTML: return kj_render_html(k->c, k->r, f);
    case R_SMT2: return kj_render_smt2(k->c, f);
    case R_QUESTIONS_TEXT: return kj_render_questions_text(k->c, k->r, f);
    case R_QUESTIONS_JSON: return kj_render_questions_json(k->c, k->r, f);
    }
    return -2;
}

/* What a renderer writes, in memory (the caller frees it). */
static char *rendered(const checked *k, renderer which)
{
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    assert_int_equal(render(k, which, f), 0);
    return kj_test_mem_close(&m);
}

/* ---- text --------------------------------------------------------------------------- */

static void test_text_names_each_conflict_its_statements_and_margin(void **state)
{
    (void)state;
    checked k = check_file(PYATAKOV);
    const kj_case *c = k.c;
    assert_int_equal(k.r->n_conflicts, 3);
    char *text = rendered(&k, R_TEXT);
    /* one block per conflict, from its first line to the next's */
    const char *block = text;
    for (int i = 0; i < 3; i++) {
        const kj_conflict *cf = &k.r->conflicts[i];
        const kj_stmt *claim = &c->stmts[cf->claim];
        assert_int_equal(cf->margin_s, MARGIN_S[i]);
        char head[256];
        snprintf(head, sizeof head, "%s:%d:%d: contradiction [%s]: claim '%s'", PYATAKOV, claim->span.line,
                 claim->span.col, kj_conflict_kind_name(cf->kind), claim->id);
        const char *at = strstr(block, head);
        if (!at) fail_msg("conflict %d: no line '%s'", i, head);
        if (at != text && at[-1] != '\n') fail_msg("conflict %d does not start a line", i);
        const char *end = strstr(at + strlen(head), ": contradiction [");
        if (!end) end = text + strlen(text);
        char *mine = strndup(at, (size_t)(end - at));
        /* every statement it rests on, in order, under "rests on:" */
        const char *rests = strstr(mine, "\n  rests on:\n");
        assert_non_null(rests);
        const char *from = rests;
        for (int s = 0; s < cf->n; s++) {
            const kj_stmt *st = &c->stmts[cf->stmts[s]];
            char item[256];
            snprintf(item, sizeof item, "\n    - %s '%s' (%s:%d", st->kind == ST_ENTRY ? "register entry"
                     : kj_stmt_kind_name(st->kind), st->id, c->files[st->span.file].path, st->span.line);
            const char *hit = strstr(from, item);
            if (!hit) fail_msg("conflict %d: statement '%s' not listed in order", i, st->id);
            from = hit + 1;
        }
        char margin[128];
        snprintf(margin, sizeof margin, "\n  margin: %s (how far the closest branch of the proof falls short, summed over ",
                 MARGIN_TEXT[i]);
        assert_non_null(strstr(mine, margin));
        assert_non_null(strstr(mine, "\n  proof:\n"));
        assert_non_null(strstr(mine, "=> impossible: short by "));
        free(mine);
        block = at + 1;
    }
    /* the claims' verdicts, then the count */
    assert_non_null(strstr(text, "\nverdicts:\n"
                                 "  flight               contradicted: possible only if \"first half of December 1935, "
                                 "approximately 3 p.m.\" stretched 91 days 14 h 1 s earlier\n"
                                 "  drive                contradicted: possible only if \"about 30 minutes\" meant at "
                                 "least 55 min 24 s\n"
                                 "  talk                 contradicted: "));
    size_t n = strlen(text);
    const char *last = "\n3 contradictions found\n";
    assert_true(n > strlen(last));
    assert_string_equal(text + n - strlen(last), last);
    free(text);
    checked_free(&k);
}

static void test_text_of_a_consistent_case(void **state)
{
    (void)state;
    checked k = check_file("examples/control/bleriot-1909.case");
    assert_int_equal(k.r->n_conflicts, 0);
    char *text = rendered(&k, R_TEXT);
    assert_null(strstr(text, "contradiction ["));
    assert_non_null(strstr(text, "verdicts:\n"));
    size_t n = strlen(text);
    const char *last = "\nno contradiction found\n";
    assert_string_equal(text + n - strlen(last), last);
    free(text);
    checked_free(&k);
}

/* ---- JSON --------------------------------------------------------------------------- */

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root) fail_msg("not JSON: %s at line %d", err.text, err.line);
    return root;
}

/* o's keys are exactly `keys` (NULL-terminated), in that order, where
 * those named in `optional` may be left out. */
static void assert_keys(json_t *o, const char *const *keys, const char *optional, const char *what)
{
    assert_true(json_is_object(o));
    const char *key;
    json_t *v;
    int k = 0;
    json_object_foreach(o, key, v) {
        while (keys[k] && strcmp(keys[k], key) && optional && strstr(optional, keys[k])) k++;
        if (!keys[k] || strcmp(keys[k], key)) fail_msg("%s: key '%s' unexpected here", what, key);
        k++;
    }
    for (; keys[k]; k++)
        if (!optional || !strstr(optional, keys[k])) fail_msg("%s: key '%s' missing", what, keys[k]);
}

static json_int_t int_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) fail_msg("'%s' is not an integer", key);
    return json_integer_value(v);
}

static const char *str_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) fail_msg("'%s' is not a string", key);
    return json_string_value(v);
}

/* A proof (docs/json.md): a leaf's steps, or a node's possibilities, each
 * with its case; a node's margin is the least of its possibilities'.
 * Returns the proof's margin. */
static json_int_t assert_proof(json_t *p, int is_branch)
{
    static const char *const leaf[] = {"margin_seconds", "steps", "case", NULL};
    static const char *const node[] = {"because", "margin_seconds", "one_of", "case", NULL};
    const char *optional = is_branch ? NULL : "case";
    json_int_t margin = int_at(p, "margin_seconds");
    assert_true(margin > 0);
    if (json_object_get(p, "steps")) {
        assert_keys(p, leaf, optional, "proof leaf");
        json_t *steps = json_object_get(p, "steps");
        assert_true(json_array_size(steps) >= 1);
        for (size_t i = 0; i < json_array_size(steps); i++) assert_true(json_is_string(json_array_get(steps, i)));
        return margin;
    }
    assert_keys(p, node, optional, "proof node");
    assert_true(strlen(str_at(p, "because")) > 0);
    json_t *alts = json_object_get(p, "one_of");
    assert_true(json_array_size(alts) >= 2);
    json_int_t least = INT64_MAX;
    for (size_t i = 0; i < json_array_size(alts); i++) {
        json_int_t m = assert_proof(json_array_get(alts, i), 1);
        assert_true(strlen(str_at(json_array_get(alts, i), "case")) > 0);
        if (m < least) least = m;
    }
    assert_int_equal(margin, least);
    return margin;
}

static void test_json_has_the_documented_fields(void **state)
{
    (void)state;
    checked k = check_file(PYATAKOV);
    const kj_case *c = k.c;
    char *text = rendered(&k, R_JSON);
    json_t *root = parse(text);
    static const char *const top[] = {"conflicts", "findings", "notes",    "verdicts",          "questions", "sources",
                                      "status",    "complete", "findings_complete", "tz_data", NULL};
    assert_keys(root, top, "findings_complete", "top level"); /* (only with the owners' hypotheses) */
    assert_int_equal(json_array_size(json_object_get(root, "notes")), 0);
    assert_string_equal(str_at(root, "status"), "contradictions");
    assert_true(json_is_true(json_object_get(root, "complete")));
    static const char *const tz[] = {"icu", "system", NULL};
    assert_keys(json_object_get(root, "tz_data"), tz, NULL, "tz_data");
    assert_true(json_is_string(json_object_get(json_object_get(root, "tz_data"), "icu")));
    assert_int_equal(json_array_size(json_object_get(root, "questions")), k.r->n_questions);

    static const char *const conflict[] = {"kind", "claim", "file", "line", "column", "margin_seconds", "margin_measures",
                                           "explanation", "branches", "statements", "assumptions", "proof", "alike", NULL};
    static const char *const stmt[] = {"id", "file", "line", "role", "source", "cites", NULL};
    /* the sources the conflicts cite, numbered 1.. as they are first met */
    static const char *const source[] = {"number", "id", "citation", "url", "file", "line", NULL};
    json_t *sources = json_object_get(root, "sources");
    assert_int_equal(json_array_size(sources), k.r->cites.n);
    assert_int_equal(json_array_size(sources), 4);
    for (size_t i = 0; i < json_array_size(sources); i++) {
        json_t *x = json_array_get(sources, i);
        assert_keys(x, source, "url", "source");
        assert_int_equal(int_at(x, "number"), (json_int_t)i + 1);
        const kj_stmt *want = &c->stmts[k.r->cites.stmt[i]];
        assert_int_equal(want->kind, ST_SOURCE);
        assert_string_equal(str_at(x, "id"), want->id);
        assert_string_equal(str_at(x, "citation"), want->label);
    }
    assert_string_equal(str_at(json_array_get(sources, 0), "id"), "aftenposten-1937-01-25"); /* (the first conflict's register) */
    static const char *const roles = " claim fact register entity place mode route assumption option ";
    json_t *conflicts = json_object_get(root, "conflicts");
    assert_int_equal(json_array_size(conflicts), 3);
    for (int i = 0; i < 3; i++) {
        const kj_conflict *cf = &k.r->conflicts[i];
        json_t *o = json_array_get(conflicts, (size_t)i);
        assert_keys(o, conflict, "branches alike", "conflict");
        assert_null(json_object_get(o, "alike")); /* (no trace: each alike no other) */
        const kj_stmt *claim = &c->stmts[cf->claim];
        assert_string_equal(str_at(o, "kind"), kj_conflict_kind_name(cf->kind));
        assert_string_equal(str_at(o, "claim"), claim->id);
        assert_string_equal(str_at(o, "file"), PYATAKOV);
        assert_int_equal(int_at(o, "line"), claim->span.line);
        assert_int_equal(int_at(o, "column"), claim->span.col);
        assert_int_equal(int_at(o, "margin_seconds"), MARGIN_S[i]);
        /* what the margin measures: the account's times, always here, and the others in order */
        json_t *mm = json_object_get(o, "margin_measures");
        assert_true(json_array_size(mm) >= 1);
        assert_string_equal(json_string_value(json_array_get(mm, 0)), "account");
        for (size_t m = 1; m < json_array_size(mm); m++)
            assert_non_null(strstr(" records travel ", json_string_value(json_array_get(mm, m))));
        assert_int_equal(assert_proof(json_object_get(o, "proof"), 0), MARGIN_S[i]);
        assert_true(strlen(str_at(o, "explanation")) > 0);
        /* the statements: the conflict's, in order, each with its role and the source it cites */
        json_t *st = json_object_get(o, "statements");
        assert_int_equal(json_array_size(st), cf->n);
        for (int s = 0; s < cf->n; s++) {
            json_t *x = json_array_get(st, (size_t)s);
            const kj_stmt *want = &c->stmts[cf->stmts[s]];
            assert_keys(x, stmt, "source cites", "statement");
            /* the number of the source it rests on, its own or its testimony's */
            int src = kj_stmt_source_idx(c, want);
            if (src >= 0) assert_string_equal(str_at(json_array_get(sources, (size_t)int_at(x, "cites") - 1), "id"), c->stmts[src].id);
            else assert_null(json_object_get(x, "cites"));
            assert_string_equal(str_at(x, "id"), want->id);
            assert_int_equal(int_at(x, "line"), want->span.line);
            char role[32];
            snprintf(role, sizeof role, " %s ", str_at(x, "role"));
            assert_non_null(strstr(roles, role));
            if (want->source.idx >= 0) assert_string_equal(str_at(x, "source"), c->stmts[want->source.idx].id);
            else assert_null(json_object_get(x, "source"));
        }
        json_t *as = json_object_get(o, "assumptions");
        assert_true(json_array_size(as) >= 1);
        for (size_t a = 0; a < json_array_size(as); a++) assert_true(json_is_string(json_array_get(as, a)));
    }
    /* the first conflict rests on the assumed civil aircraft, and says so */
    json_t *as0 = json_object_get(json_array_get(conflicts, 0), "assumptions");
    assert_string_equal(json_string_value(json_array_get(as0, 0)),
                        "assumption 'oslo-airdrome=kjeller': Oslo's land airport in 1935 was Kjeller; Pyatakov said he "
                        "landed at an airdrome");
    /* the verdicts: one per claim, in the case's order */
    static const char *const verdict[] = {"claim", "verdict", "correction", "correction_edits", "corroborated_by", "needs", NULL};
    static const char *const edit[] = {"file", "line", "column", "length", "replacement", NULL};
    json_t *vs = json_object_get(root, "verdicts");
    const char *claims[] = {"flight", "drive", "talk"};
    assert_int_equal(json_array_size(vs), 3);
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_array_get(vs, i);
        assert_keys(v, verdict, "correction correction_edits corroborated_by needs", "verdict");
        /* each re-checked correction as edits of the case's text */
        json_t *ed = json_object_get(v, "correction_edits");
        assert_int_equal(json_array_size(ed), 1);
        assert_keys(json_array_get(ed, 0), edit, NULL, "edit");
        assert_string_equal(str_at(json_array_get(ed, 0), "file"), PYATAKOV);
        assert_string_equal(str_at(v, "claim"), claims[i]);
        assert_string_equal(str_at(v, "verdict"), "contradicted");
        assert_non_null(strstr(str_at(v, "correction"), "possible only if "));
        assert_null(json_object_get(v, "corroborated_by"));
    }
    json_decref(root);
    free(text);
    checked_free(&k);
}

/* ---- HTML --------------------------------------------------------------------------- */

static void test_html_is_one_page_that_fetches_nothing(void **state)
{
    (void)state;
    checked k = check_file(PYATAKOV);
    char *html = rendered(&k, R_HTML);
    const char *start = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    assert_int_equal(strncmp(html, start, strlen(start)), 0);
    size_t n = strlen(html);
    assert_string_equal(html + n - strlen("</body>\n</html>\n"), "</body>\n</html>\n");
    assert_int_equal(kj_test_count(html, "<html"), 1);
    assert_int_equal(kj_test_count(html, "<head>"), 1);
    assert_int_equal(kj_test_count(html, "<body>"), 1);
    /* nothing fetched: no source, no link, no import, no URL but the SVG namespace's */
    const char *fetches[] = {" src=", "href=\"http", "href='http", "url(http", "<link", "@import", "<iframe", "<object",
                             "<embed", "https://"};
    for (size_t i = 0; i < sizeof fetches / sizeof fetches[0]; i++)
        if (strstr(html, fetches[i])) fail_msg("the page holds '%s'", fetches[i]);
    assert_int_equal(kj_test_count(html, "http://"), kj_test_count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    /* the chart, the map, and each conflict with its margin */
    assert_int_equal(kj_test_count(html, "<svg id=\"chart-svg\""), 1);
    assert_int_equal(kj_test_count(html, "<svg id=\"map-svg\""), 1);
    assert_int_equal(kj_test_count(html, "<article class=\"conflict\""), 3);
    for (int i = 0; i < 3; i++) {
        char conflict[96];
        snprintf(conflict, sizeof conflict, "<article class=\"conflict\" id=\"c%d\"", i + 1);
        const char *at = strstr(html, conflict);
        assert_non_null(at);
        char margin[96];
        snprintf(margin, sizeof margin, "<span class=\"margin\">margin %s</span>", MARGIN_TEXT[i]);
        const char *m = strstr(at, margin), *end = strstr(at, "</article>");
        assert_true(m && end && m < end);
    }
    /* the same bytes again */
    char *again = rendered(&k, R_HTML);
    assert_string_equal(again, html);
    free(again);
    free(html);
    checked_free(&k);
}

static void test_html_escapes_the_case_text(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("source s \"<script>alert(1)</script>\"\n"
                              "person x \"X\"\n"
                              "option radius 0 m\n"
                              "place a 60.0 10.0 tz Europe/Oslo \"Tom & Jerry's <b>bar</b>\"\n"
                              "place b 60.5 10.0 tz Europe/Oslo\n"
                              "mode car60: car max 60 km/h assumption \"x < y\"\n"
                              "testimony t by x source s\n"
                              "  claim d: x travels a -> b by car60, takes \"about 30 minutes\"\n");
    kj_check_opts opts = {.whole_network = 1};
    checked k = {.c = c, .r = kj_check(c, &opts, NULL)};
    assert_int_equal(k.r->n_conflicts, 1);
    char *html = rendered(&k, R_HTML);
    assert_null(strstr(html, "<b>bar"));
    assert_null(strstr(html, "<script>alert"));
    assert_non_null(strstr(html, "Tom &amp; Jerry&#39;s &lt;b&gt;bar&lt;/b&gt;"));
    assert_int_equal(kj_test_count(html, "<script>"), 2); /* its own two */
    free(html);
    checked_free(&k);
}

/* ---- SMT-LIB2 ------------------------------------------------------------------------ */

/* What the z3 program answers to a script (the caller frees it), or NULL
 * when there is no z3 program (libz3 is there: the tests link it). */
static char *z3_cli(const char *script)
{
    if (system("command -v z3 >/dev/null 2>&1") != 0) return NULL;
    char *dir = kj_test_tmpdir();
    char *path = kj_test_write(dir, "export.smt2", script);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "z3 -smt2 '%s' 2>&1", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    kj_test_mem m;
    FILE *out = kj_test_mem_open(&m);
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, p)) > 0) fwrite(buf, 1, got, out);
    pclose(p);
    kj_test_rmdir(dir);
    free(path);
    free(dir);
    return kj_test_mem_close(&m);
}

static void test_smt2_is_unsat_in_z3_and_names_the_statements(void **state)
{
    (void)state;
    checked k = check_file(PYATAKOV);
    const kj_case *c = k.c;
    char *smt = rendered(&k, R_SMT2);
    const char *start =
        "; kjeller " KJ_VERSION ": compiled network of " PYATAKOV "\n(set-option :produce-unsat-cores true)\n(set-logic QF_IDL)\n";
    assert_int_equal(strncmp(smt, start, strlen(start)), 0);
    size_t n = strlen(smt);
    const char *end = "(check-sat)\n(get-unsat-core)\n";
    assert_string_equal(smt + n - strlen(end), end);
    /* one named assertion for each statement a conflict rests on */
    for (int i = 0; i < k.r->n_conflicts; i++)
        for (int s = 0; s < k.r->conflicts[i].n; s++) {
            char named[256];
            snprintf(named, sizeof named, "(assert (! |s:%s| :named |%s|))", c->stmts[k.r->conflicts[i].stmts[s]].id,
                     c->stmts[k.r->conflicts[i].stmts[s]].id);
            assert_int_equal(kj_test_count(smt, named), 1);
        }
    /* z3, as a user runs it on the export: unsat, and a core of the case's statements */
    char *answer = z3_cli(smt);
    if (answer) {
        if (strncmp(answer, "unsat\n(", 7) || strstr(answer, "(error")) fail_msg("z3 said: %s", answer);
        char *core = answer + 7;
        core[strcspn(core, ")")] = 0;
        int names = 0;
        char *save = NULL;
        for (char *name = strtok_r(core, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
            kj_test_find(c, name);
            names++;
        }
        assert_true(names >= 2);
        free(answer);
    }
    /* and libz3, as test_z3 asks it */
    assert_int_equal(kj_test_z3_unsat(smt), 1);
    free(smt);
    checked_free(&k);
    /* a true journey: sat */
    k = check_file("examples/control/bleriot-1909.case");
    assert_int_equal(k.r->n_conflicts, 0);
    smt = rendered(&k, R_SMT2);
    answer = z3_cli(smt);
    if (answer && strncmp(answer, "sat\n", 4)) fail_msg("z3 said: %s", answer);
    free(answer);
    assert_int_equal(kj_test_z3_unsat(smt), 0);
    free(smt);
    checked_free(&k);
}

/* ---- write errors ------------------------------------------------------------------------ */

/* /dev/full, on which every write fails: unbuffered, or with a buffer of
 * 1 KB, which every report of the Pyatakov case is longer than. */
static FILE *full_stream(int buffered, char *buf)
{
    FILE *f = fopen("/dev/full", "w");
    if (!f) fail_msg("cannot open /dev/full");
    assert_int_equal(buffered ? setvbuf(f, buf, _IOFBF, 1024) : setvbuf(f, NULL, _IONBF, 0), 0);
    return f;
}

static void test_a_stream_that_fails_gives_minus_one(void **state)
{
    (void)state;
    checked k = check_file(PYATAKOV);
    const renderer all[] = {R_TEXT, R_JSON, R_HTML, R_SMT2, R_QUESTIONS_TEXT, R_QUESTIONS_JSON};
    char buf[1024];
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        char *whole = rendered(&k, all[i]);
        assert_true(strlen(whole) > sizeof buf);
        free(whole);
        /* every write fails at once */
        FILE *f = full_stream(0, NULL);
        if (render(&k, all[i], f) != -1) fail_msg("renderer %zu: not -1 on an unbuffered /dev/full", i);
        fclose(f);
        /* buffered: the buffer fills, and the first flush fails */
        f = full_stream(1, buf);
        if (render(&k, all[i], f) != -1) fail_msg("renderer %zu: not -1 on a buffered /dev/full", i);
        fclose(f);
    }
    checked_free(&k);
}

/* ---- notes -------------------------------------------------------------------------- */

#define WEEKDAY_SLIP "tests/golden/weekday-slip-either-day.case"

/* A weekday its date does not fall on is a note in every report: before
 * the conflicts in text, "notes" in JSON (docs/json.md), a section of the
 * page; never a conflict. */
static void test_weekday_notes_in_every_report(void **state)
{
    (void)state;
    checked k = check_file(WEEKDAY_SLIP);
    assert_int_equal(k.c->n_weekday_notes, 2);
    static const char *const said = "claim 'pub' says Friday 14 March 2024, but 14 March 2024 was a Thursday; "
                                    "read as either Thursday 14 March or Friday 15 March 2024";
    char *text = rendered(&k, R_TEXT);
    char *note = strstr(text, WEEKDAY_SLIP ":16:28: note: ");
    assert_non_null(note);
    assert_ptr_equal(note, text); /* first */
    assert_non_null(strstr(note, said));
    assert_non_null(strstr(text, "^~~~~~\n")); /* the caret under the weekday */
    assert_true(strstr(text, "contradiction [") > strstr(text, "note: claim 'y-pub'"));
    free(text);

    char *js = rendered(&k, R_JSON);
    json_t *root = parse(js);
    json_t *notes = json_object_get(root, "notes");
    assert_int_equal(json_array_size(notes), 2);
    static const char *const keys[] = {"kind", "id", "role", "file", "line", "column", "time", "weekday", "date",
                                       "date_weekday", "weekday_date", "old_style_date", "message", NULL};
    json_t *n0 = json_array_get(notes, 0);
    assert_keys(n0, keys, "old_style_date", "note");
    assert_string_equal(str_at(n0, "kind"), "weekday");
    assert_string_equal(str_at(n0, "id"), "pub");
    assert_string_equal(str_at(n0, "role"), "claim");
    assert_int_equal(int_at(n0, "line"), 16);
    assert_int_equal(int_at(n0, "column"), 28);
    assert_string_equal(str_at(n0, "time"), "Friday 14 March 2024, about 9 p.m.");
    assert_string_equal(str_at(n0, "weekday"), "Friday");
    assert_string_equal(str_at(n0, "date"), "2024-03-14");
    assert_string_equal(str_at(n0, "date_weekday"), "Thursday");
    assert_string_equal(str_at(n0, "weekday_date"), "2024-03-15");
    assert_string_equal(str_at(n0, "message"), said);
    assert_string_equal(str_at(json_array_get(notes, 1), "id"), "y-pub");
    assert_int_equal(json_array_size(json_object_get(root, "conflicts")), k.r->n_conflicts);
    json_decref(root);
    free(js);

    char *page = rendered(&k, R_HTML);
    char *section = strstr(page, "<section id=\"notes\">");
    assert_non_null(section);
    assert_true(section < strstr(page, "<section id=\"findings\">"));
    assert_non_null(strstr(section, "claim &#39;pub&#39; says Friday 14 March 2024"));
    free(page);
    checked_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_names_each_conflict_its_statements_and_margin),
        cmocka_unit_test(test_text_of_a_consistent_case),
        cmocka_unit_test(test_json_has_the_documented_fields),
        cmocka_unit_test(test_html_is_one_page_that_fetches_nothing),
        cmocka_unit_test(test_html_escapes_the_case_text),
        cmocka_unit_test(test_smt2_is_unsat_in_z3_and_names_the_statements),
        cmocka_unit_test(test_a_stream_that_fails_gives_minus_one),
        cmocka_unit_test(test_weekday_notes_in_every_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
