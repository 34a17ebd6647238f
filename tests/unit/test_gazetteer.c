/* test_gazetteer — the index of libgeonames's cities (src/gazetteer.c):
 * names compared as ICU's collator at primary strength compares them, the
 * lookup by name in population order, states and countries, the zones ICU
 * takes as one, and the nearest city of a zone against every city of it
 * measured by the geodesic (the screening on the sphere must never pick
 * another). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <geonames.h>

#include "gazetteer.h"
#include "gazetteer_data.h"
#include "geo.h"

static int key_equal(const char *a, const char *b)
{
    char ka[KJ_GAZ_KEY_MAX], kb[KJ_GAZ_KEY_MAX];
    assert_non_null(kj_gaz_key(a, ka, sizeof ka));
    assert_non_null(kj_gaz_key(b, kb, sizeof kb));
    return !strcmp(ka, kb);
}

/* The cities named name (at most 64), their count. */
static int named(const kj_gazetteer *g, const char *name, int *out)
{
    char key[KJ_GAZ_KEY_MAX];
    assert_non_null(kj_gaz_key(name, key, sizeof key));
    return kj_gaz_named(g, key, out, 64);
}

static void *get_in_thread(void *arg)
{
    (void)arg;
    return (void *)kj_gaz_get();
}

/* Built once per process, whichever thread asks first. */
static void test_built_once(void **state)
{
    (void)state;
    pthread_t t[4];
    void *got[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, get_in_thread, NULL), 0);
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_join(t[i], &got[i]), 0);
    const kj_gazetteer *g = kj_gaz_get();
    assert_non_null(g);
    for (int i = 0; i < 4; i++) assert_ptr_equal(got[i], g);
    assert_true(kj_gaz_count(g) > 20000); /* GeoNames' cities of 15,000 people and more */
}

static void test_keys(void **state)
{
    (void)state;
    assert_true(key_equal("Tromsø", "Tromso"));
    assert_true(key_equal("Tromsø", "TROMSO"));
    assert_true(key_equal("Ålesund", "alesund"));
    assert_true(key_equal("Saint-Étienne", "saint etienne"));
    assert_true(key_equal("Straße", "Strasse"));
    assert_true(key_equal("Łódź", "Lodz"));
    assert_false(key_equal("Bergen", "Borgen"));
    assert_false(key_equal("Bergen", "Berge"));
}

static void test_named(void **state)
{
    (void)state;
    const kj_gazetteer *g = kj_gaz_get();
    int c[64];
    assert_int_equal(named(g, "bergen", c), 1);
    const kj_gaz_city *bergen = kj_gaz_city_at(g, c[0]);
    assert_string_equal(bergen->name, "Bergen");
    assert_string_equal(bergen->country, "Norway");
    assert_string_equal(bergen->zone, "Europe/Oslo");
    assert_true(fabs(bergen->lat - 60.393) < 0.01 && fabs(bergen->lon - 5.324) < 0.01);
    /* accents: the gazetteer writes Tromsø */
    assert_int_equal(named(g, "Tromso", c), 1);
    assert_string_equal(kj_gaz_city_at(g, c[0])->name, "Tromsø");
    /* most populous first: London, England before London, Ontario */
    assert_int_equal(named(g, "London", c), 2);
    assert_string_equal(kj_gaz_city_at(g, c[0])->country_code, "GB");
    assert_string_equal(kj_gaz_city_at(g, c[1])->country_code, "CA");
    int n = named(g, "Springfield", c);
    assert_true(n >= 5);
    for (int k = 1; k < n; k++) assert_true(kj_gaz_city_at(g, c[k - 1])->population >= kj_gaz_city_at(g, c[k])->population);
    assert_int_equal(named(g, "Hønefoss", c), 0); /* a town of 16,000 in 2023: not in libgeonames 0.3.0 */
}

static void test_states_and_countries(void **state)
{
    (void)state;
    const kj_gazetteer *g = kj_gaz_get();
    int c[64];
    assert_int_equal(named(g, "London", c), 2);
    char key[KJ_GAZ_KEY_MAX];
    int england = c[0], ontario = c[1];
    assert_true(kj_gaz_in_country(g, england, "GB", NULL));
    assert_true(kj_gaz_in_country(g, england, "gb", NULL));
    assert_true(kj_gaz_in_country(g, england, "united kingdom", kj_gaz_key("united kingdom", key, sizeof key)));
    assert_false(kj_gaz_in_country(g, england, "Canada", kj_gaz_key("Canada", key, sizeof key)));
    assert_true(kj_gaz_in_country(g, ontario, "Canada", kj_gaz_key("Canada", key, sizeof key)));
    assert_true(kj_gaz_in_state(g, england, kj_gaz_key("England", key, sizeof key)));
    assert_true(kj_gaz_in_state(g, ontario, kj_gaz_key("ontario", key, sizeof key)));
    assert_false(kj_gaz_in_state(g, ontario, kj_gaz_key("England", key, sizeof key)));
}

static void test_suggest(void **state)
{
    (void)state;
    const kj_gazetteer *g = kj_gaz_get();
    int c[3];
    assert_true(kj_gaz_suggest(g, "Bergn", c, 3) >= 1);
    assert_string_equal(kj_gaz_city_at(g, c[0])->name, "Bergen");
    assert_true(kj_gaz_suggest(g, "Frankfurt", c, 3) >= 2);
    assert_string_equal(kj_gaz_city_at(g, c[0])->name, "Frankfurt am Main");
    assert_int_equal(kj_gaz_suggest(g, "Qqqqqqqqqqqq", c, 3), 0);
}

static void test_zones(void **state)
{
    (void)state;
    const kj_gazetteer *g = kj_gaz_get();
    char a[128], b[128];
    assert_true(kj_gaz_canonical_zone("Asia/Calcutta", a, sizeof a));
    assert_true(kj_gaz_canonical_zone("Asia/Kolkata", b, sizeof b));
    assert_string_equal(a, b);
    assert_false(kj_gaz_canonical_zone("UTC+01:00", a, sizeof a));
    assert_false(kj_gaz_canonical_zone("Nowhere/Atall", a, sizeof a));
    int kolkata = kj_gaz_group(g, KJ_GAZ_BY_ZONE, "Asia/Kolkata");
    assert_true(kolkata >= 0);
    assert_int_equal(kj_gaz_group(g, KJ_GAZ_BY_ZONE, "Asia/Calcutta"), kolkata);
    assert_int_equal(kj_gaz_group(g, KJ_GAZ_BY_ZONE, "UTC+01:00"), -1);
    assert_true(kj_gaz_group(g, KJ_GAZ_BY_COUNTRY, "Norway") >= 0);
    assert_int_equal(kj_gaz_group(g, KJ_GAZ_BY_COUNTRY, "no"), kj_gaz_group(g, KJ_GAZ_BY_COUNTRY, "Norway"));
    assert_int_equal(kj_gaz_group(g, KJ_GAZ_BY_COUNTRY, "Prussia"), -1);
}

/* The nearest city of a zone, against every city of the zone measured by
 * the geodesic, from points all over the Earth. */
static void test_nearest(void **state)
{
    (void)state;
    const kj_gazetteer *g = kj_gaz_get();
    static const char *const zones[] = {"Europe/London", "Europe/Oslo", "America/New_York", "Asia/Kolkata",
                                        "Pacific/Fiji", "Australia/Sydney"};
    char canon[128];
    double d = 0;
    int london = kj_gaz_nearest(g, KJ_GAZ_BY_ZONE, kj_gaz_group(g, KJ_GAZ_BY_ZONE, "Europe/London"), 51.5116, -0.1262, &d);
    assert_true(london >= 0 && d < 2000);
    assert_true(kj_gaz_nearest(g, KJ_GAZ_BY_ZONE, kj_gaz_group(g, KJ_GAZ_BY_ZONE, "Europe/London"), -0.1262, 51.5116, &d) >= 0);
    assert_true(d > 5000e3); /* swapped: in the Indian Ocean */
    /* each zone's cities, by the ids ICU takes as the zone */
    int n = kj_gaz_count(g), *of_zone[6], n_of[6] = {0};
    for (int z = 0; z < 6; z++) {
        of_zone[z] = malloc(sizeof(int) * (size_t)n);
        assert_non_null(of_zone[z]);
        assert_true(kj_gaz_canonical_zone(zones[z], canon, sizeof canon));
        for (int i = 0; i < n; i++) {
            char its[128];
            if (kj_gaz_canonical_zone(kj_gaz_city_at(g, i)->zone, its, sizeof its) && !strcmp(its, canon))
                of_zone[z][n_of[z]++] = i;
        }
        assert_true(n_of[z] > 0);
    }
    uint64_t seed = 22;
    for (int t = 0; t < 60; t++) {
        const char *zone = zones[t % 6];
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double lat = (double)(seed >> 40) / (double)(1ULL << 24) * 180 - 90;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        double lon = (double)(seed >> 40) / (double)(1ULL << 24) * 360 - 180;
        int near = kj_gaz_nearest(g, KJ_GAZ_BY_ZONE, kj_gaz_group(g, KJ_GAZ_BY_ZONE, zone), lat, lon, &d);
        assert_true(near >= 0);
        double best = HUGE_VAL;
        for (int k = 0; k < n_of[t % 6]; k++) {
            const kj_gaz_city *c = kj_gaz_city_at(g, of_zone[t % 6][k]);
            double m = kj_geo_distance_m(lat, lon, c->lat, c->lon);
            if (m < best) best = m;
        }
        if (d != best) fail_msg("%s from %.4f, %.4f: %.3f m, but a city of it is %.3f m away", zone, lat, lon, d, best);
    }
    for (int z = 0; z < 6; z++) free(of_zone[z]);
}

/* The table compiled in at build time (tools/gazgen.c) is libgeonames's,
 * city by city, field by field, and the index reads it all. */
static void test_table_is_libgeonames(void **state)
{
    (void)state;
    int n = geonames_get_n_cities(), k = 0;
    for (int i = 0; i < n; i++) {
        GeonamesCity *c = geonames_get_city(i);
        if (!c) continue;
        assert_true(k < kj_gaz_n_rows);
        const kj_gaz_row *r = &kj_gaz_rows[k++];
        assert_true(r->lat == geonames_city_get_latitude(c));
        assert_true(r->lon == geonames_city_get_longitude(c));
        assert_int_equal(r->population, geonames_city_get_population(c));
        assert_string_equal(KJ_GAZ_STR(r->name), geonames_city_get_name(c));
        assert_string_equal(KJ_GAZ_STR(r->state), geonames_city_get_state(c));
        assert_string_equal(KJ_GAZ_STR(r->country), geonames_city_get_country(c));
        assert_string_equal(KJ_GAZ_STR(r->country_code), geonames_city_get_country_code(c));
        assert_string_equal(KJ_GAZ_STR(r->zone), geonames_city_get_timezone(c));
        geonames_city_free(c);
    }
    assert_int_equal(k, kj_gaz_n_rows);
    assert_true(k > 20000);
    assert_int_equal(kj_gaz_count(kj_gaz_get()), k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_is_libgeonames),
        cmocka_unit_test(test_built_once),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_named),
        cmocka_unit_test(test_states_and_countries),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
