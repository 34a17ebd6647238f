/* city — places and the gazetteer (gazetteer.c), for resolve.c: a place
 * located by name (`place ID city "NAME[, STATE][, COUNTRY]"`,
 * docs/case-language.md §4.2). */
#ifndef KJ_CITY_H
#define KJ_CITY_H

#include "kj.h"

/* Locates place i, written `city "..."`, at the one gazetteer city its name
 * (and state, country, `in COUNTRY`) names: its position, and its zone and
 * country unless the place gives them (an IANA zone unlike the city's is a
 * warning).  No such city, or several, is an error. */
void kj_city_locate(kj_case *c, int i);

#endif
