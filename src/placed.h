/* placed — whether a trace point imported by its place name is still where
 * the case puts that place (import.c, when the same file is imported
 * again; records.c, when a check reads the point). */
#ifndef KJ_PLACED_H
#define KJ_PLACED_H

#include "kj.h"

/* The place statement a trace point imported by its place name `name`
 * was put at (an entity: the place it stands at); NULL if the case names
 * no located place so.  A point stored at lat, lon ± r is where the case
 * puts that place if kj_place_still says so: the same position, and a
 * radius no wider than the point's (import.c, records.c). */
const kj_place_stmt *kj_trace_place(const kj_case *c, const char *name);
int kj_place_still(const kj_case *c, const char *name, double lat, double lon, double r);

#endif
