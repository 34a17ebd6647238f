/* geo — WGS84 geodesic distances through PROJ's geod_inverse. */
#ifndef KJ_GEO_H
#define KJ_GEO_H

/* Geodesic distance in metres between two points (degrees). */
double kj_geo_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
