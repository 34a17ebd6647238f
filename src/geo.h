/* geo — WGS84 geodesic distances through PROJ's geod_inverse. */
#ifndef KJ_GEO_H
#define KJ_GEO_H

/* Geodesic distance in metres between two points (degrees). */
double kj_geo_distance_m(double lat1, double lon1, double lat2, double lon2);

/* n >= 2 points along the geodesic from point 1 to point 2, both ends
 * included, into the caller's lats[n] and lons[n] (degrees). */
void kj_geo_path(double lat1, double lon1, double lat2, double lon2, int n, double *lats, double *lons);

#endif
