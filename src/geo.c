/* geo — WGS84 geodesic distances.  PROJ's geodesic routines (Karney's
 * algorithm, the same as GeographicLib's GeodSolve) do the work; we never
 * approximate with a sphere. */
#include "geo.h"

#include <geodesic.h>
#include <stddef.h>

double kj_geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    struct geod_geodesic g;
    double s12 = 0, azi1, azi2;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, &azi1, &azi2);
    return s12;
}

void kj_geo_path(double lat1, double lon1, double lat2, double lon2, int n, double *lats, double *lons)
{
    struct geod_geodesic g;
    struct geod_geodesicline line;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    geod_inverseline(&line, &g, lat1, lon1, lat2, lon2, 0);
    for (int i = 0; i < n; i++) geod_position(&line, line.s13 * i / (n - 1), &lats[i], &lons[i], NULL);
}
