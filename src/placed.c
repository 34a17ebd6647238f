/* placed — placed.h. */
#include "placed.h"

const kj_place_stmt *kj_trace_place(const kj_case *c, const char *name)
{
    int pi = name ? kj_find_stmt(c, name) : -1;
    if (pi >= 0 && c->kinds[pi] == ST_ENTITY) pi = c->stmts[pi].entity->at.idx;
    const kj_place_stmt *p = pi >= 0 && c->kinds[pi] == ST_PLACE ? c->stmts[pi].place : NULL;
    return p && p->located ? p : NULL;
}

int kj_place_still(const kj_case *c, const char *name, double lat, double lon, double r)
{
    const kj_place_stmt *p = kj_trace_place(c, name);
    return p && p->lat == lat && p->lon == lon && p->radius_m <= r;
}
