/* city — places and the gazetteer (gazetteer.c), for resolve.c: a place
 * located by name (`place ID city "NAME[, STATE][, COUNTRY]"`), and the
 * check of coordinates written by hand against the place's zone and
 * country (docs/case-language.md §4.2). */
#ifndef KJ_CITY_H
#define KJ_CITY_H

#include "kj.h"

/* How far from every city of its zone (or country), less its radius, a
 * place must lie for its coordinates to be suspect: an error when the
 * swapped reading lies within KJ_CITY_SWAP_NEAR_M of such a city, else a
 * warning beyond KJ_CITY_FAR_WARN_M. */
#define KJ_CITY_SWAP_FAR_M 1000e3
#define KJ_CITY_SWAP_NEAR_M 300e3
#define KJ_CITY_FAR_WARN_M 2000e3

/* Locates place i, written `city "..."`, at the one gazetteer city its name
 * (and state, country, `in COUNTRY`) names: its position, and its zone and
 * country unless the place gives them (an IANA zone unlike the city's is a
 * warning).  No such city, or several, is an error. */
void kj_city_locate(kj_case *c, int i);

/* Checks the coordinates written for every place (located, not by name)
 * against its IANA zone and its `in COUNTRY`: far from every city of
 * either, with the swapped reading near one, is an error; far with no swap
 * that fits, a warning.  After the places are resolved (their radii). */
void kj_city_check(kj_case *c);

#endif
