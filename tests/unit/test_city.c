/* test_city — places and the gazetteer (src/city.c), through whole cases:
 * a place located by name takes the city's position, zone and country and
 * the city radius; a name that is several cities or none is an error; a
 * zone written unlike the city's is a warning; coordinates written by hand
 * far from every city of their zone are an error when swapped they fit,
 * else a warning, and never checked against a fixed offset. */
#include <math.h>

#include "kj_test.h"

static const kj_place_stmt *place(const kj_case *c, const char *id) { return kj_test_stmt(c, id)->place; }

static void test_located_by_name(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("place bergen city \"Bergen, Norway\"\n"
                              "place tromso city \"TROMSO\" ± 2 km \"Tromsø\"\n");
    const kj_place_stmt *p = place(c, "bergen");
    assert_true(p->located);
    assert_true(fabs(p->lat - 60.393) < 0.01 && fabs(p->lon - 5.324) < 0.01);
    assert_string_equal(p->zone.text, "Europe/Oslo");
    assert_string_equal(p->country, "Norway");
    assert_string_equal(p->city->found, "Bergen, Vestland, Norway");
    assert_true(p->radius_m == KJ_CITY_RADIUS_M);
    assert_string_equal(kj_test_stmt(c, "bergen")->label, "Bergen, Vestland, Norway");
    p = place(c, "tromso");
    assert_true(p->radius_m == 2000);
    assert_string_equal(p->city->found, "Tromsø, Troms og Finnmark, Norway");
    assert_string_equal(kj_test_stmt(c, "tromso")->label, "Tromsø");
    kj_case_free(c);
}

static void test_city_radius_option(void **state)
{
    (void)state;
    kj_case *c = kj_test_load("option city-radius 5 km\noption radius 200 m\n"
                              "place oslo city \"Oslo\"\nplace kjeller 59.970 11.037 tz Europe/Oslo\n");
    assert_true(place(c, "oslo")->radius_m == 5000);
    assert_true(place(c, "kjeller")->radius_m == 200);
    kj_case_free(c);
}

static void test_zone_written(void **state)
{
    (void)state;
    kj_test_diags r;
    const char *text = "place bergen city \"Bergen\" tz Europe/Berlin\n"
                       "place kolkata city \"Kolkata\" tz Asia/Calcutta\n" /* the same zone: no warning */
                       "place oslo city \"Oslo\" tz UTC+01:00\n";           /* an offset: no warning */
    kj_case *c = kj_test_load_diags(text, strlen(text), &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.n_warnings, 1);
    assert_int_equal(r.d[0].line, 1);
    assert_int_equal(r.d[0].col, 31);
    assert_non_null(strstr(r.d[0].message, "(Europe/Oslo)"));
    assert_string_equal(place(c, "bergen")->zone.text, "Europe/Berlin");
    kj_case_free(c);
}

static void test_names_refused(void **state)
{
    (void)state;
    kj_test_diags r;
    const char *text = "place a city \"London\"\n"
                       "place b city \"Bergn\"\n"
                       "place c city \"London, UK\"\n"
                       "place d city \"London, England\"\n"
                       "place e city \"London\" in Canada\n"
                       "place f city \"London, Ontario, Canada\"\n"
                       "place g city \"A, B, C, D\"\n";
    kj_case *c = kj_test_load_diags(text, strlen(text), &r);
    assert_null(c);
    if (r.n != 4) kj_test_diags_dump(&r);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.d[0].line, 1);
    assert_non_null(strstr(r.d[0].message, "ambiguous city 'London': London, England, United Kingdom (pop. "));
    assert_non_null(strstr(r.d[0].message, "; London, Ontario, Canada (pop. "));
    assert_int_equal(r.d[1].line, 2);
    assert_non_null(strstr(r.d[1].hint, "did you mean 'Bergen, Vestland, Norway'"));
    assert_int_equal(r.d[2].line, 3);
    assert_string_equal(r.d[2].message, "no city 'London' in 'UK'");
    assert_int_equal(r.d[3].line, 7);
}

static void test_swapped(void **state)
{
    (void)state;
    kj_test_diags r;
    const char *text = "place pub -0.1262 51.5116 tz Europe/London\n";
    assert_null(kj_test_load_diags(text, strlen(text), &r));
    assert_int_equal(r.n, 1);
    assert_int_equal(r.d[0].col, 11);
    assert_int_equal(r.d[0].len, 15); /* both numbers */
    assert_string_equal(r.d[0].hint, "did you mean 'place pub 51.5116 -0.1262 …'? (latitude first)");
    /* the same against the place's country, and never against a fixed offset */
    text = "place pub -0.1262 51.5116 tz UTC+00:00 in \"United Kingdom\"\n";
    assert_null(kj_test_load_diags(text, strlen(text), &r));
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.d[0].message, "in its country United Kingdom"));
    text = "place pub -0.1262 51.5116 tz UTC+00:00\n";
    kj_case *c = kj_test_load_diags(text, strlen(text), &r);
    assert_int_equal(r.n, 0);
    kj_case_free(c);
}

static void test_far(void **state)
{
    (void)state;
    kj_test_diags r;
    const char *text = "place ship 40.0 -40.0 tz Europe/London\n"                 /* mid-Atlantic: a warning */
                       "place region 40.0 -40.0 ± 2000 km tz Europe/London\n"     /* its radius reaches */
                       "place madrid 40.4168 -3.7038 tz Europe/Madrid in Norway\n" /* not in Norway */
                       "place station -75.0 0.0 tz Antarctica/Troll\n";            /* no city in the zone */
    kj_case *c = kj_test_load_diags(text, strlen(text), &r);
    assert_non_null(c);
    if (r.n != 2) kj_test_diags_dump(&r);
    assert_int_equal(r.n_warnings, 2);
    assert_int_equal(r.d[0].line, 1);
    assert_non_null(strstr(r.d[0].message, "in its zone Europe/London"));
    assert_int_equal(r.d[1].line, 3);
    assert_non_null(strstr(r.d[1].message, "in its country Norway"));
    kj_case_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_located_by_name),
        cmocka_unit_test(test_city_radius_option),
        cmocka_unit_test(test_zone_written),
        cmocka_unit_test(test_names_refused),
        cmocka_unit_test(test_swapped),
        cmocka_unit_test(test_far),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
