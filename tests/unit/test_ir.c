/* test_ir — the resolved form of a case (src/ir.c): its events' people,
 * places, windows, durations and eras, its links and registers, on the
 * Pyatakov case and on small cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "ir.h"
#include "kj_test.h"

/* The event of statement id (fails the test if it has none). */
static const kj_ir_event *event_of(const kj_ir *ir, const kj_case *c, const char *id)
{
    int ev = ir->event_of[kj_test_find(c, id)];
    if (ev < 0) fail_msg("'%s' is no event", id);
    return &ir->events[ev];
}

/* The statement of the place a where finally is, or -1. */
static int place_stmt(const kj_ir *ir, const kj_ir_where *w) { return w->place < 0 ? -1 : ir->places[w->place].stmt; }

/* Whether stmt is among n cites. */
static int cites_has(const int *cites, int n, int stmt)
{
    for (int i = 0; i < n; i++)
        if (cites[i] == stmt) return 1;
    return 0;
}

static void assert_interval(kj_interval got, kj_interval want)
{
    assert_int_equal(got.lo, want.lo);
    assert_int_equal(got.hi, want.hi);
}

static void test_pyatakov_events(void **state)
{
    (void)state;
    kj_case *c = kj_test_load_file("examples/moscow-1937/pyatakov.case");
    kj_ir *ir = kj_ir_build(kj_test_heap(), c);
    /* three claims and one fact of presence; the residence is no event */
    assert_int_equal(ir->n_events, 4);
    assert_int_equal(ir->event_of[kj_test_find(c, "trotsky-resides")], -1);

    const kj_ir_event *flight = event_of(ir, c, "flight");
    const kj_claim_stmt *fl = kj_test_stmt(c, "flight")->claim;
    assert_int_equal(flight->kind, IR_EV_JOURNEY);
    assert_int_equal(flight->origin, IR_FROM_CLAIM);
    assert_int_equal(flight->person, kj_test_find(c, "pyatakov"));
    assert_int_equal(place_stmt(ir, flight->from), kj_test_find(c, "berlin-tempelhof"));
    /* "the airdrome in Oslo" is Kjeller by an assumption, which it cites */
    assert_int_equal(flight->to->named, kj_test_find(c, "oslo-airdrome"));
    assert_int_equal(place_stmt(ir, flight->to), kj_test_find(c, "kjeller"));
    assert_true(cites_has(flight->to->cites, flight->to->n_cites, kj_test_find(c, "oslo-airdrome")));
    assert_int_equal(flight->to->n_cites, 2);
    assert_int_equal(flight->n_windows, 1);
    assert_int_equal(flight->windows[0].point, IR_END);
    assert_int_equal(flight->windows[0].kind, IR_WIN_ARRIVES);
    assert_interval(flight->end, fl->arrive_iv);
    assert_interval(flight->start, (kj_interval){.lo = -KJ_INF, .hi = KJ_INF});
    /* arrives in the first half of December 1935, about 3 p.m. Oslo (UTC+1) */
    assert_true(flight->end.lo >= kj_test_utc(1935, 12, 1, 0, 0, 0) - 3600);
    assert_true(flight->end.hi <= kj_test_utc(1935, 12, 16, 0, 0, 0));
    assert_interval(flight->era, fl->arrive_iv);
    assert_int_equal(flight->era_year_lo, 1935);
    assert_int_equal(flight->era_year_hi, 1935);
    assert_int_equal(flight->dur_stated, 0);
    assert_int_equal(flight->dur_max_s, KJ_INF);
    assert_true(flight->nonstop);
    assert_int_equal(flight->mode, -1);
    assert_string_equal(flight->mode_class, "air");
    assert_true(flight->fastest >= 0);
    assert_string_equal(c->stmts[flight->fastest].mode->mode_class, "air");
    assert_int_equal(flight->n_attrs, 2);

    const kj_ir_event *drive = event_of(ir, c, "drive");
    const kj_claim_stmt *dr = kj_test_stmt(c, "drive")->claim;
    assert_int_equal(drive->mode, kj_test_find(c, "car-chains"));
    assert_int_equal(drive->fastest, drive->mode);
    assert_string_equal(drive->mode_class, "car");
    assert_true(drive->dur_stated);
    assert_int_equal(drive->dur_min_s, dr->dur_min);
    assert_int_equal(drive->dur_max_s, dr->dur_max);
    assert_true(drive->dur_min_s <= 30 * 60 && 30 * 60 <= drive->dur_max_s);
    assert_int_equal(ir->places[drive->to->place].kind, IR_PLACE_UNLOCATED);
    /* no time of its own: an unbounded era, every year */
    assert_int_equal(drive->n_windows, 0);
    assert_int_equal(drive->era.lo, -KJ_INF);

    const kj_ir_event *talk = event_of(ir, c, "talk");
    assert_int_equal(talk->kind, IR_EV_PRESENCE);
    assert_int_equal(talk->from->named, talk->to->named);
    /* a place is worked out once however many events name it: one record */
    assert_ptr_equal(talk->from, talk->to);
    for (int i = 0; i < ir->n_events; i++)
        for (int j = 0; j < ir->n_events; j++)
            if (ir->events[i].from->named == ir->events[j].to->named)
                assert_ptr_equal(ir->events[i].from, ir->events[j].to);
    assert_int_equal(place_stmt(ir, talk->from), kj_test_find(c, "small-house"));
    assert_int_equal(talk->n_with, 1);
    assert_int_equal(talk->with[0], kj_test_find(c, "trotsky"));

    /* throughout December 1935 at Wexhall (Oslo, UTC+1): each end an instant */
    const kj_ir_event *dec = event_of(ir, c, "trotsky-december");
    assert_int_equal(dec->origin, IR_FROM_FACT_THROUGHOUT);
    assert_int_equal(dec->person, kj_test_find(c, "trotsky"));
    assert_int_equal(place_stmt(ir, dec->from), kj_test_find(c, "wexhall"));
    assert_int_equal(dec->n_windows, 2);
    int64_t lo = kj_test_utc(1935, 11, 30, 23, 0, 0);
    assert_interval(dec->start, (kj_interval){.lo = lo, .hi = lo});
    assert_int_equal(dec->end.lo, dec->end.hi);
    assert_int_equal(dec->end.lo, kj_test_stmt(c, "trotsky-december")->fact->when_iv.hi);
    assert_true(dec->end.lo >= kj_test_utc(1935, 12, 31, 22, 59, 59));
    assert_true(dec->end.lo <= kj_test_utc(1935, 12, 31, 23, 0, 0));
    assert_int_equal(dec->dur_max_s, KJ_INF);

    /* drive right after flight, talk right after drive */
    assert_int_equal(ir->n_links, 2);
    assert_int_equal(ir->links[0].kind, SEQ_RIGHT_AFTER);
    assert_int_equal(ir->links[0].stmt, kj_test_find(c, "drive"));
    assert_int_equal(ir->links[0].ref_stmt, kj_test_find(c, "flight"));
    assert_int_equal(ir->links[0].ref_event, ir->event_of[kj_test_find(c, "flight")]);
    assert_int_equal(ir->links[0].max_gap_s, c->right_after_s);
    assert_int_equal(ir->links[1].stmt, kj_test_find(c, "talk"));

    kj_ir_free(ir);
    kj_case_free(c);
}

static void test_pyatakov_places_and_registers(void **state)
{
    (void)state;
    kj_case *c = kj_test_load_file("examples/moscow-1937/pyatakov.case");
    kj_ir *ir = kj_ir_build(kj_test_heap(), c);
    /* "the airdrome in Oslo" is Kjeller by an assumption: nothing reaches
     * the one of itself, so it has no ir place (a case's places are made
     * as its events, registers and routes reach them), Kjeller has */
    assert_int_equal(ir->place_of[kj_test_find(c, "oslo-airdrome")], -1);
    assert_int_equal(ir->place_of[kj_test_find(c, "gressholmen")], -1);
    const kj_ir_place *kjeller = &ir->places[ir->place_of[kj_test_find(c, "kjeller")]];
    assert_int_equal(kjeller->kind, IR_PLACE_LOCATED);
    assert_int_equal(kjeller->n_zones, 1);
    assert_string_equal(kjeller->zones[0], "Europe/Oslo");
    const kj_ir_place *wex = &ir->places[ir->place_of[kj_test_find(c, "wexhall")]];
    assert_int_equal(wex->kind, IR_PLACE_LOCATED);
    assert_true(wex->lat == 60.16 && wex->lon == 10.26);
    assert_true(wex->radius_m == 1000);

    assert_int_equal(ir->n_registers, 2);
    const kj_ir_register *dec = &ir->registers[0];
    assert_int_equal(dec->stmt, kj_test_find(c, "kjeller-december"));
    assert_int_equal(dec->event, EV_ARRIVAL);
    assert_string_equal(dec->by_class, "air");
    assert_int_equal(dec->at->identity, kj_test_find(c, "kjeller"));
    assert_interval(dec->coverage, kj_test_stmt(c, "kjeller-december")->reg->coverage);
    assert_int_equal(dec->coverage.lo, kj_test_utc(1935, 11, 30, 23, 0, 0));
    assert_int_equal(dec->n_entries, 0);
    const kj_ir_register *foreign = &ir->registers[1];
    assert_int_equal(foreign->n_entries, 1);
    const kj_ir_entry *one = &ir->entries[foreign->first_entry];
    assert_int_equal(one->stmt, kj_test_find(c, "the-one-foreign-landing"));
    assert_int_equal(one->reg, 1);
    assert_true(one->unrelated);
    assert_int_equal(one->unrelated_to, -1);
    assert_int_equal(one->when.lo, -KJ_INF);
    kj_ir_free(ir);
    kj_case_free(c);
}

static const char *const SMALL =
    "source s \"test\"\n"
    "person x \"X\"\n"
    "person y \"Y\"\n"
    "place a 60.0 10.0 tz Europe/Oslo\n"
    "place b 52.52 13.40 ± 200 m tz Europe/Berlin\n"
    "place either one of a, b\n"
    "entity inn kind hotel at b exists 1900..1950 source s\n"
    "mode car60: car max 60 km/h assumption \"test\"\n"
    "register arrivals at a covers 1936-03-01..1936-03-31 records arrival by car source s\n"
    "  entry e1: on 1936-03-03 source s\n"
    "fact fb: y at b throughout 1936-03-02 source s\n"
    "fact fon: y at inn on 1936-03-05 source s\n"
    "testimony t by x source s\n"
    "  claim go: x travels b -> a by car60 departs \"1936-03-02 10:00\" arrives \"1936-03-03 20:00\"\n"
    "  claim stay: x at either on 1936-03-04, the next day after go\n"
    "  claim see: x meets y at inn, lasts \"about two hours\", during fon\n";

static void test_small_case_events_and_links(void **state)
{
    (void)state;
    kj_case *c = kj_test_load(SMALL);
    kj_ir *ir = kj_ir_build(kj_test_heap(), c);
    assert_int_equal(ir->n_events, 5);

    /* a journey with both times: Berlin is UTC+1, Oslo UTC+1 in 1936 */
    const kj_ir_event *go = event_of(ir, c, "go");
    const kj_claim_stmt *gc = kj_test_stmt(c, "go")->claim;
    assert_int_equal(go->n_windows, 2);
    assert_int_equal(go->windows[0].kind, IR_WIN_DEPARTS);
    assert_int_equal(go->windows[1].kind, IR_WIN_ARRIVES);
    assert_interval(go->start, gc->depart_iv);
    assert_interval(go->end, gc->arrive_iv);
    assert_true(go->start.lo <= kj_test_utc(1936, 3, 2, 9, 0, 0) && kj_test_utc(1936, 3, 2, 9, 0, 0) <= go->start.hi);
    assert_true(go->end.lo <= kj_test_utc(1936, 3, 3, 19, 0, 0) && kj_test_utc(1936, 3, 3, 19, 0, 0) <= go->end.hi);
    assert_int_equal(go->era.lo, gc->depart_iv.lo);
    assert_int_equal(go->era.hi, gc->arrive_iv.hi);
    assert_int_equal(place_stmt(ir, go->from), kj_test_find(c, "b"));
    assert_int_equal(place_stmt(ir, go->to), kj_test_find(c, "a"));
    assert_true(ir->places[go->from->place].radius_m == 200);
    assert_int_equal(go->fastest, kj_test_find(c, "car60"));

    /* a presence at a "one of" place nobody settled: its place is the one-of */
    const kj_ir_event *stay = event_of(ir, c, "stay");
    const kj_ir_place *either = &ir->places[stay->from->place];
    assert_int_equal(either->kind, IR_PLACE_ONE_OF);
    assert_int_equal(either->n_leaves, 2);
    assert_false(either->leaves_unknown);
    for (int k = 0; k < either->n_leaves; k++) /* its leaves are made with it */
        assert_int_equal(ir->places[either->leaves[k]].kind, IR_PLACE_LOCATED);
    assert_int_equal(ir->place_of[either->stmt], stay->from->place);
    assert_int_equal(stay->from->n_cites, 0);
    assert_int_equal(stay->n_windows, 1);
    assert_int_equal(stay->windows[0].kind, IR_WIN_BEGINS);
    assert_interval(stay->start, kj_test_stmt(c, "stay")->claim->when_iv);
    /* 4 March 1936 in Oslo or Berlin (both UTC+1) */
    assert_int_equal(stay->start.lo, kj_test_utc(1936, 3, 3, 23, 0, 0));

    /* a meeting at an entity: the place it stands at, and its lifetime */
    const kj_ir_event *see = event_of(ir, c, "see");
    assert_int_equal(see->from->entity, kj_test_find(c, "inn"));
    assert_int_equal(place_stmt(ir, see->from), kj_test_find(c, "b"));
    assert_int_equal(see->from->life.lo, kj_test_stmt(c, "inn")->entity->life.lo);
    assert_true(see->from->life.hi < KJ_INF);
    assert_int_equal(see->dur_min_s, kj_test_stmt(c, "see")->claim->dur_min);

    /* a fact on a day: one instant in the day (duration 0) */
    const kj_ir_event *fon = event_of(ir, c, "fon");
    assert_int_equal(fon->origin, IR_FROM_FACT_AT);
    assert_true(fon->dur_stated);
    assert_int_equal(fon->dur_max_s, 0);
    assert_interval(fon->start, kj_test_stmt(c, "fon")->fact->when_iv);

    assert_int_equal(ir->n_links, 2);
    assert_int_equal(ir->links[0].kind, SEQ_NEXT_DAY);
    assert_int_equal(ir->links[0].event, ir->event_of[kj_test_find(c, "stay")]);
    assert_int_equal(ir->links[0].ref_event, ir->event_of[kj_test_find(c, "go")]);
    assert_int_equal(ir->links[0].max_gap_s, KJ_INF);
    assert_int_equal(ir->links[1].kind, SEQ_DURING);
    assert_int_equal(ir->links[1].ref_stmt, kj_test_find(c, "fon"));
    assert_interval(ir->links[1].during_iv, kj_test_stmt(c, "fon")->fact->wide_iv);

    /* the register and its dated entry */
    assert_int_equal(ir->n_registers, 1);
    assert_int_equal(ir->registers[0].n_entries, 1);
    assert_int_equal(ir->entries[0].stmt, kj_test_find(c, "e1"));
    assert_interval(ir->entries[0].when, kj_test_stmt(c, "e1")->entry->when_iv);
    assert_int_equal(ir->entries[0].when.lo, kj_test_utc(1936, 3, 2, 23, 0, 0));
    assert_true(ir->registers[0].covers_stated);
    assert_string_equal(ir->registers[0].by_class, "car");
    kj_ir_free(ir);
    kj_case_free(c);
}

static void test_era_years_reach_over_new_year(void **state)
{
    (void)state;
    /* 23:05 UTC on 31 December 1938 is 1939 in Berlin */
    int64_t t = kj_test_utc(1938, 12, 31, 23, 5, 0);
    assert_int_equal(kj_ir_era_year_lo(t), 1938);
    assert_int_equal(kj_ir_era_year_hi(t), 1939);
    assert_int_equal(kj_ir_era_year_lo(-KJ_INF), -100000);
    assert_int_equal(kj_ir_era_year_hi(KJ_INF), 100000);
}

int main(void)
{
    KJ_TEST_HEAP_ARM();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pyatakov_events),
        cmocka_unit_test(test_pyatakov_places_and_registers),
        cmocka_unit_test(test_small_case_events_and_links),
        cmocka_unit_test(test_era_years_reach_over_new_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
