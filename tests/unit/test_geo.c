/* test_geo — WGS84 distances (kj_geo_distance_m, PROJ's geod_inverse)
 * against GeographicLib's own GeodSolve, run at test time on a table of
 * place pairs, and the known distances of the example cases.
 *
 * GeodSolve comes from the Debian package geographiclib-tools; CI installs
 * it, so its absence is a failure, never a skip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "geo.h"

typedef struct place_pair {
    const char *what;
    double lat1, lon1, lat2, lon2;
} place_pair;

/* Every coordinate has at most 10 decimals, so "%.10f" hands GeodSolve
 * exactly the doubles we pass to kj_geo_distance_m (GeodSolve reads an
 * exponent's 'e' as "east", so no %g). */
static const place_pair pairs[] = {
    {"Tempelhof - Kjeller", 52.473, 13.404, 59.970, 11.037},
    {"Kjeller - Wexhall", 59.970, 11.037, 60.16, 10.26},
    {"Kjeller - Gressholmen", 59.970, 11.037, 59.884, 10.718},
    {"Gressholmen - Wexhall", 59.884, 10.718, 60.16, 10.26},
    {"Copenhagen - Berlin", 55.6763, 12.5690, 52.52, 13.40},
    {"Tempelhof - Berlin", 52.473, 13.404, 52.52, 13.40},
    {"Tempelhof - Copenhagen", 52.473, 13.404, 55.6763, 12.5690},
    {"Copenhagen - Kjeller", 55.6763, 12.5690, 59.970, 11.037},
    {"equator, a quarter round", 0, 0, 0, 90},
    {"equator, nearly antipodal", 0, 0, 0, 179.9},
    {"nearly antipodal", 0, 0, 0.5, 179.5},
    {"antipodal", 10, 20, -10, -160},
    {"pole to pole", 90, 0, -90, 0},
    {"across the north pole", 89.9, 0, 89.9, 180},
    {"across the south pole", -89.5, 45, -89.5, -135},
    {"the north pole, two longitudes", 90, 0, 90, 180},
    {"across the date line", 51.5, 179.9, 51.5, -179.9},
    {"across the date line on the equator", 0, -179.5, 0, 179.5},
    {"identical points", 59.970, 11.037, 59.970, 11.037},
    {"about one metre north", 60.0, 10.0, 60.000009, 10.0},
    {"about one metre east", 60.0, 10.0, 60.0, 10.000018},
    {"Sydney - Tokyo", -33.8688, 151.2093, 35.6762, 139.6503},
    {"Reykjavik - Ushuaia", 64.1466, -21.9426, -54.8019, -68.3030},
};

#define N_PAIRS (sizeof pairs / sizeof pairs[0])

/* Runs `GeodSolve -i -p 9` on the table; fills s12[] (metres).  Fails the
 * test with a clear message when GeodSolve cannot be run. */
static void geodsolve_all(double *s12)
{
    char path[] = "/tmp/kj_test_geo_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) fail_msg("cannot create a temporary file for GeodSolve's input");
    FILE *in = fdopen(fd, "w");
    assert_non_null(in);
    for (size_t i = 0; i < N_PAIRS; i++)
        fprintf(in, "%.10f %.10f %.10f %.10f\n", pairs[i].lat1, pairs[i].lon1, pairs[i].lat2, pairs[i].lon2);
    assert_int_equal(fclose(in), 0);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "GeodSolve -i -p 9 < %s 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p) {
        remove(path);
        fail_msg("cannot run GeodSolve: install geographiclib-tools (Debian) to run this test");
    }
    size_t got = 0;
    char line[256];
    while (got < N_PAIRS && fgets(line, sizeof line, p)) {
        double azi1, azi2;
        if (sscanf(line, "%lf %lf %lf", &azi1, &azi2, &s12[got]) != 3) break;
        got++;
    }
    int status = pclose(p);
    remove(path);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) == 127)
        fail_msg("GeodSolve not found or did not run: install geographiclib-tools (Debian), "
                 "which provides /usr/bin/GeodSolve");
    if (WEXITSTATUS(status) != 0) fail_msg("GeodSolve exited with status %d", WEXITSTATUS(status));
    if (got != N_PAIRS)
        fail_msg("GeodSolve answered %zu of %zu pairs (last line read: '%s')", got, (size_t)N_PAIRS, line);
}

static void test_agrees_with_geodsolve(void **state)
{
    (void)state;
    double s12[N_PAIRS];
    geodsolve_all(s12);
    for (size_t i = 0; i < N_PAIRS; i++) {
        const place_pair *pp = &pairs[i];
        double ours = kj_geo_distance_m(pp->lat1, pp->lon1, pp->lat2, pp->lon2);
        double tol = s12[i] > 1e6 ? s12[i] * 1e-9 : 1e-3; /* 1 mm, or 1e-9 relative when long */
        if (!(fabs(ours - s12[i]) <= tol))
            fail_msg("%s: %.9f m here, %.9f m by GeodSolve (tolerance %.3g m)", pp->what, ours, s12[i], tol);
    }
}

static void test_symmetric_and_non_negative(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_PAIRS; i++) {
        const place_pair *pp = &pairs[i];
        double ab = kj_geo_distance_m(pp->lat1, pp->lon1, pp->lat2, pp->lon2);
        double ba = kj_geo_distance_m(pp->lat2, pp->lon2, pp->lat1, pp->lon1);
        if (!(ab >= 0) || fabs(ab - ba) > 1e-6)
            fail_msg("%s: %.9f m one way, %.9f m the other", pp->what, ab, ba);
    }
}

static void test_known_distances(void **state)
{
    (void)state;
    double tk = kj_geo_distance_m(52.473, 13.404, 59.970, 11.037);
    if (fabs(tk - 847e3) > 1e3) fail_msg("Tempelhof - Kjeller is %.1f m, expected 847 km +- 1 km", tk);
    double kw = kj_geo_distance_m(59.970, 11.037, 60.16, 10.26);
    if (fabs(kw - 48e3) > 1e3) fail_msg("Kjeller - Wexhall is %.1f m, expected 48 km +- 1 km", kw);
    assert_true(kj_geo_distance_m(59.970, 11.037, 59.970, 11.037) == 0);
    /* one metre is one metre, not rounded away */
    double one = kj_geo_distance_m(60.0, 10.0, 60.000009, 10.0);
    assert_true(one > 0.9 && one < 1.1);
    /* half the meridian, pole to pole: 20003.931 km on WGS84 */
    assert_true(fabs(kj_geo_distance_m(90, 0, -90, 0) - 20003931.4586) < 1e-3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_agrees_with_geodsolve),
        cmocka_unit_test(test_symmetric_and_non_negative),
        cmocka_unit_test(test_known_distances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
