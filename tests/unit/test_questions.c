/* test_questions — src/questions.c through kj_check and the renderers:
 * which rules of data/questions.kjd apply to which claims, the questions'
 * texts with the case's names, identical questions merged, the records
 * that could test an answer, and the ranking, most decisive first
 * (docs/questions.md).  Questions are rendered as JSON into memory and
 * read back with jansson; each score is recomputed here from the rule's
 * weight, read from data/questions.kjd itself. */
#include <jansson.h>

#include "kj_test.h"
#include "questions.h"
#include "report.h"

/* ---- the rules' weights, read from data/questions.kjd ------------------------------ */

/* The weight of rule `id` (its last "|" field), or fails. */
static int rule_weight(const char *id)
{
    char *rules = kj_test_read("data/questions.kjd");
    int weight = -1;
    char *save = NULL;
    for (char *line = strtok_r(rules, "\n", &save); line && weight < 0; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == ';') continue;
        size_t n = strcspn(line, " |");
        const char *last = strrchr(line, '|');
        if (n == strlen(id) && !strncmp(line, id, n) && last) weight = atoi(last + 1);
    }
    free(rules);
    if (weight < 1) fail_msg("no rule '%s' in data/questions.kjd", id);
    return weight;
}

/* ---- questions as JSON ---------------------------------------------------------------- */

/* The case's questions as kj_render_questions_json writes them, parsed;
 * the caller frees it (json_decref). */
static json_t *questions_json(const kj_case *c, const kj_report *r)
{
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    assert_int_equal(kj_render_questions_json(c, r, f), 0);
    char *text = kj_test_mem_close(&m);
    json_error_t err;
    json_t *root = json_loadb(text, m.size, 0, &err);
    if (!root) fail_msg("not JSON: %s at line %d", err.text, err.line);
    free(text);
    assert_true(json_is_object(root));
    assert_int_equal(json_object_size(root), 1);
    json_t *qs = json_object_get(root, "questions");
    assert_true(json_is_array(qs));
    json_incref(qs);
    json_decref(root);
    return qs;
}

static const char *str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) fail_msg("'%s' is not a string", key);
    return json_string_value(v);
}

static json_int_t int_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) fail_msg("'%s' is not an integer", key);
    return json_integer_value(v);
}

/* Every question has the documented keys, in order, of the documented
 * types; ranks count from 1; each score is what docs/questions.md says
 * (2 x weight, + 3 when the case could test the answer, + 2 per further
 * claim, + 1 when a claim is unverified); and each question is after
 * every one more decisive, and after the one of the same score whose
 * first claim comes first in the case, or whose rule sorts first. */
static void assert_well_formed_and_ranked(const kj_case *c, const kj_report *r, json_t *qs)
{
    static const char *const keys[] = {"rank", "question", "claims", "detail", "record", "tested_by", "contradicted",
                                       "score", "rule"};
    assert_int_equal(json_array_size(qs), r->n_questions);
    json_int_t prev_score = -1;
    int prev_claim = -1;
    const char *prev_rule = NULL;
    for (size_t i = 0; i < json_array_size(qs); i++) {
        json_t *q = json_array_get(qs, i);
        const char *key;
        json_t *v;
        size_t k = 0;
        json_object_foreach(q, key, v) {
            if (k >= sizeof keys / sizeof keys[0] || strcmp(key, keys[k]))
                fail_msg("question %zu: key '%s' at %zu", i, key, k);
            k++;
        }
        assert_int_equal(k, sizeof keys / sizeof keys[0]);
        assert_int_equal(int_of(q, "rank"), (json_int_t)i + 1);
        json_t *claims = json_object_get(q, "claims");
        assert_true(json_is_array(claims) && json_array_size(claims) >= 1);
        int unverified = 0, first_claim = -1;
        for (size_t j = 0; j < json_array_size(claims); j++) {
            int ci = kj_test_find(c, json_string_value(json_array_get(claims, j)));
            assert_int_equal(c->stmts[ci].kind, ST_CLAIM);
            unverified |= r->verdicts[ci] == V_UNVERIFIED;
            if (j == 0) first_claim = ci;
        }
        json_t *tested = json_object_get(q, "tested_by");
        assert_true(json_is_null(tested) || json_is_string(tested));
        assert_true(json_is_boolean(json_object_get(q, "contradicted")));
        json_int_t want = 2 * rule_weight(str_of(q, "rule")) + (json_is_string(tested) ? 3 : 0) +
                          2 * ((json_int_t)json_array_size(claims) - 1) + unverified;
        json_int_t score = int_of(q, "score");
        if (score != want)
            fail_msg("question %zu (%s): score %lld, expected %lld", i, str_of(q, "rule"), (long long)score,
                     (long long)want);
        if (prev_score >= 0) {
            assert_true(score <= prev_score);
            if (score == prev_score) {
                assert_true(first_claim >= prev_claim);
                if (first_claim == prev_claim) assert_true(strcmp(str_of(q, "rule"), prev_rule) > 0);
            }
        }
        prev_score = score;
        prev_claim = first_claim;
        prev_rule = str_of(q, "rule");
        assert_true(strlen(str_of(q, "question")) > 0);
        assert_true(strlen(str_of(q, "detail")) > 0);
        assert_true(strlen(str_of(q, "record")) > 0);
    }
}

/* The questions' rules, claims and scores as one line per question:
 * "rule claim,claim score". */
static char *summary(json_t *qs)
{
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    for (size_t i = 0; i < json_array_size(qs); i++) {
        json_t *q = json_array_get(qs, i), *claims = json_object_get(q, "claims");
        fprintf(f, "%s ", str_of(q, "rule"));
        for (size_t j = 0; j < json_array_size(claims); j++)
            fprintf(f, "%s%s", j ? "," : "", json_string_value(json_array_get(claims, j)));
        fprintf(f, " %lld\n", (long long)int_of(q, "score"));
    }
    return kj_test_mem_close(&m);
}

static void assert_summary(json_t *qs, const char *want)
{
    char *got = summary(qs);
    if (strcmp(got, want)) fail_msg("questions:\n%s\nexpected:\n%s", got, want);
    free(got);
}

/* ---- the Pyatakov case -------------------------------------------------------------- */

static void test_pyatakov_questions_most_decisive_first(void **state)
{
    (void)state;
    kj_case *c = kj_test_load_file("examples/moscow-1937/pyatakov.case");
    kj_report *r = kj_check(c, NULL, NULL);
    json_t *qs = questions_json(c, r);
    assert_well_formed_and_ranked(c, r, qs);
    /* the landing: the register at Kjeller could test it, and already refutes the flight */
    json_t *q = json_array_get(qs, 0);
    assert_string_equal(str_of(q, "rule"), "air-aircraft");
    assert_string_equal(str_of(q, "question"), "In what aircraft, flown by whom, did Georgy Pyatakov fly from "
                                               "Tempelhof airport to the airdrome in Oslo, and where did it land?");
    assert_string_equal(str_of(q, "tested_by"), "kjeller-december");
    assert_true(json_is_true(json_object_get(q, "contradicted")));
    assert_int_equal(int_of(q, "score"), 2 * 5 + 3);
    /* then the border and the passport (a tie: the rules' order) */
    assert_string_equal(str_of(json_array_get(qs, 1), "rule"), "travel-border");
    assert_string_equal(str_of(json_array_get(qs, 1), "question"),
                        "Where and when did Georgy Pyatakov cross the border into Norway, and what happened at the "
                        "customs?");
    assert_string_equal(str_of(json_array_get(qs, 2), "rule"), "travel-passport");
    /* the meeting: a fact about the man met could test it */
    int found = 0;
    for (size_t i = 0; i < json_array_size(qs); i++) {
        json_t *x = json_array_get(qs, i);
        if (strcmp(str_of(x, "rule"), "meeting-present")) continue;
        found = 1;
        assert_string_equal(str_of(x, "tested_by"), "trotsky-december");
        assert_string_equal(json_string_value(json_array_get(json_object_get(x, "claims"), 0)), "talk");
        assert_string_equal(str_of(x, "question"), "Who else was present when Georgy Pyatakov met Leon Trotsky at a "
                                                   "small house, and in what language did they speak?");
    }
    assert_true(found);
    json_decref(qs);
    kj_report_free(r);
    kj_case_free(c);
}

/* Without a report no claim is contradicted: every claim counts as
 * unverified, one point more each. */
static void test_questions_without_verdicts(void **state)
{
    (void)state;
    kj_case *c = kj_test_load_file("examples/moscow-1937/pyatakov.case");
    kj_arena arena = KJ_ARENA(kj_test_heap());
    kj_question *q = NULL;
    int n = kj_questions_finish(kj_questions_start(kj_test_heap(), c), NULL, &arena, &q);
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(n, r->n_questions);
    assert_string_equal(q[0].of->rule, "air-aircraft");
    assert_int_equal(q[0].score, r->questions[0].score + 1);
    for (int i = 0; i < n; i++) {
        assert_false(q[i].contradicted);
        if (i) assert_true(q[i].score <= q[i - 1].score);
    }
    kj_free(q);
    kj_arena_free(&arena);
    kj_report_free(r);
    kj_case_free(c);
}

/* ---- a case of its own --------------------------------------------------------------- */

static const char *const TRIP =
    "source s \"test\"\n"
    "person x \"Xavier\"\n"
    "person y \"Yvonne\"\n"
    "place oslo 59.91 10.75 tz Europe/Oslo in Norway \"Oslo, the capital\"\n"
    "place stockholm 59.33 18.07 tz Europe/Stockholm in Sweden\n"
    "place hotel-site 59.91 10.74 tz Europe/Oslo in Norway\n"
    "entity grand kind hotel at hotel-site source s \"Grand Hotel\"\n"
    "testimony t by x source s\n"
    "  claim trip: x travels stockholm -> oslo by car on 1935-06-01\n"
    "  claim m1: x meets y at grand in 1935-06-02\n"
    "  claim m2: x meets y at grand in 1935-06-03\n";

static void test_rules_texts_merging_and_ranking(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(TRIP);
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(r->n_conflicts, 0);
    json_t *qs = questions_json(c, r);
    assert_well_formed_and_ranked(c, r, qs);
    /* a journey abroad by car, with no journey back; two meetings at a
     * hotel whose questions are the same but for the day */
    assert_summary(qs, "travel-border trip 11\n"
                       "travel-passport trip 11\n"
                       "hotel-register m1,m2 11\n"
                       "night-abroad trip 9\n"
                       "meeting-present m1,m2 9\n"
                       "car-driver trip 7\n"
                       "return-journey trip 7\n"
                       "meeting-handed m1,m2 7\n"
                       "dated-day trip 5\n"
                       "dated-day m1 5\n"
                       "dated-day m2 5\n");
    /* the names of the case: a person's name, a place's label to its first
     * comma, an entity's label, the destination's country */
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    for (size_t i = 0; i < json_array_size(qs); i++) fprintf(f, "%s\n", str_of(json_array_get(qs, i), "question"));
    char *texts = kj_test_mem_close(&m);
    assert_string_equal(texts,
                        "Where and when did Xavier cross the border into Norway, and what happened at the customs?\n"
                        "Under what name, with what passport and on what visa did Xavier travel from stockholm to "
                        "Norway?\n"
                        "Under what name did Xavier register at Grand Hotel, and in which room did the meeting take "
                        "place?\n"
                        "Where did Xavier spend the night after arriving at Oslo, and under what name did he "
                        "register?\n"
                        "Who else was present when Xavier met Yvonne at Grand Hotel, and in what language did they "
                        "speak?\n"
                        "Who drove Xavier from stockholm to Oslo, in what vehicle, by which road, in what road "
                        "conditions, and how long did it take?\n"
                        "How and when did Xavier leave Norway again?\n"
                        "What, if anything, was written down or handed over when Xavier met Yvonne?\n"
                        "What else did Xavier do that day (\"1935-06-01\"), and who can confirm it?\n"
                        "What else did Xavier do that day (\"1935-06-02\"), and who can confirm it?\n"
                        "What else did Xavier do that day (\"1935-06-03\"), and who can confirm it?\n");
    free(texts);
    json_decref(qs);
    kj_report_free(r);
    kj_case_free(c);
}

static void test_records_that_could_test_rank_higher(void **state)
{
    (void)state;
    /* a guest register at the hotel, a fact about Yvonne, and a journey
     * back: no more night abroad for the first journey, but one for the
     * second */
    kj_case *c = kj_test_load_parts(TRIP, "  claim back: x travels oslo -> stockholm by car on 1935-06-04\n"
                                          "register guests at grand covers 1935-06 records stay source s\n"
                                          "fact yf: y at oslo on 1935-06-10 source s\n");
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(r->n_conflicts, 0);
    json_t *qs = questions_json(c, r);
    assert_well_formed_and_ranked(c, r, qs);
    assert_summary(qs, "hotel-register m1,m2 14\n"
                       "meeting-present m1,m2 12\n"
                       "travel-border trip 11\n"
                       "travel-passport trip 11\n"
                       "travel-border back 11\n"
                       "travel-passport back 11\n"
                       "night-abroad back 9\n"
                       "dated-day m1 8\n"
                       "dated-day m2 8\n"
                       "car-driver trip 7\n"
                       "meeting-handed m1,m2 7\n"
                       "car-driver back 7\n"
                       "return-journey back 7\n"
                       "dated-day trip 5\n"
                       "dated-day back 5\n");
    json_decref(qs);
    kj_report_free(r);
    kj_case_free(c);
}

static void test_no_claims_no_questions(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("source s \"test\"\nplace a 60 10 tz Europe/Oslo\n");
    kj_report *r = kj_check(c, NULL, NULL);
    assert_int_equal(r->n_questions, 0);
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    assert_int_equal(kj_render_questions_json(c, r, f), 0);
    char *json = kj_test_mem_close(&m);
    assert_string_equal(json, "{\n  \"questions\": []\n}\n");
    free(json);
    f = kj_test_mem_open(&m);
    assert_int_equal(kj_render_questions_text(c, r, f), 0);
    char *text = kj_test_mem_close(&m);
    assert_string_equal(text, "no questions: no claim implies a checkable detail the rules know of\n");
    free(text);
    kj_report_free(r);
    kj_case_free(c);
}

static void test_questions_as_text(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(TRIP);
    kj_report *r = kj_check(c, NULL, NULL);
    kj_test_mem m;
    FILE *f = kj_test_mem_open(&m);
    assert_int_equal(kj_render_questions_text(c, r, f), 0);
    char *text = kj_test_mem_close(&m);
    const char *want_start =
        "questions (most decisive first):\n"
        "  1. Where and when did Xavier cross the border into Norway, and what happened at the customs?\n"
        "     about: claim 'trip' (line 9)\n"
        "     pins down: border crossing and customs; verified by: border and customs records\n"
        "     the case holds no record that would test the answer yet\n"
        "     rank: 11 (rule 'travel-border')\n";
    if (strncmp(text, want_start, strlen(want_start))) fail_msg("the text begins:\n%.600s", text);
    /* every question numbered, in order; merged ones name every claim */
    char line[64];
    for (int i = 1; i <= r->n_questions; i++) {
        snprintf(line, sizeof line, "\n  %d. ", i);
        assert_non_null(strstr(text, line));
    }
    snprintf(line, sizeof line, "\n  %d. ", r->n_questions + 1);
    assert_null(strstr(text, line));
    assert_non_null(strstr(text, "     about: claim 'm1' (line 10), claim 'm2' (line 11)\n"));
    free(text);
    kj_report_free(r);
    kj_case_free(c);
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pyatakov_questions_most_decisive_first),
        cmocka_unit_test(test_questions_without_verdicts),
        cmocka_unit_test(test_rules_texts_merging_and_ranking),
        cmocka_unit_test(test_records_that_could_test_rank_higher),
        cmocka_unit_test(test_no_claims_no_questions),
        cmocka_unit_test(test_questions_as_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
