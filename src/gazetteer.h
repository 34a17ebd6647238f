/* gazetteer — the cities of libgeonames (GeoNames' cities of about 15,000
 * people and more: name, state, country, zone, position, population),
 * indexed once per process: by folded name, to find the city a case names
 * (`place ID city "NAME"`), and by time zone and by country, to find the
 * nearest city of a place's zone or country (the check of hand-written
 * coordinates, city.c). */
#ifndef KJ_GAZETTEER_H
#define KJ_GAZETTEER_H

#include <stddef.h>

/* What every position taken from the gazetteer cites. */
#ifndef KJ_GEONAMES_VERSION
#define KJ_GEONAMES_VERSION "(version unknown)"
#endif
#define KJ_GAZETTEER_NAME "GeoNames cities via libgeonames " KJ_GEONAMES_VERSION

/* A city.  Its name, state and population are read only when a case
 * looks a city up by name, or names one (kj_gaz_names): NULL and 0 until
 * then. */
typedef struct kj_gaz_city {
    const char *zone, *country, *country_code;
    double lat, lon;
    double xyz[3];          /* the point on the unit sphere: for screening */
    const char *name, *state;
    unsigned population;
} kj_gaz_city;

typedef struct kj_gazetteer kj_gazetteer;

/* The process's gazetteer, built on the first call (about 24,000 cities;
 * later calls, from any thread, return the same one), then read-only;
 * NULL when memory ran out building it (a later call tries again).  The
 * process owns it: never freed. */
const kj_gazetteer *kj_gaz_get(void);
int kj_gaz_count(const kj_gazetteer *g);
/* Reads every city's name, state and population, once per process: 0, or
 * -1 when memory ran out (a later call tries again). */
int kj_gaz_names(const kj_gazetteer *g);
const kj_gaz_city *kj_gaz_city_at(const kj_gazetteer *g, int i);

/* How the gazetteer compares names: ICU's root collator at primary
 * strength, punctuation and spaces ignored ("Tromsø" is "Tromso",
 * "Saint-Étienne" is "saint etienne", "Straße" is "Strasse").  The key of
 * a name is its sort key under that collator, into out (n bytes): out, or
 * NULL when it does not fit or cannot be read.  Two names are alike when
 * their keys are equal (strcmp). */
#define KJ_GAZ_KEY_MAX 512
char *kj_gaz_key(const char *name, char *out, size_t n);

/* The cities whose name has the key (kj_gaz_key), most populous first
 * (then in the gazetteer's order), into out (at most max); returns how
 * many there are in all (possibly more than max), or -1 when memory ran
 * out building the name index. */
int kj_gaz_named(const kj_gazetteer *g, const char *key, int *out, int max);
/* Up to max cities whose names are the fewest edits from name (within a
 * third of its length, plus one; a name that begins with name's words is one
 * edit away), each name once, nearest first (then most populous); returns
 * how many, or -1 as kj_gaz_named. */
int kj_gaz_suggest(const kj_gazetteer *g, const char *name, int *out, int max);

/* Whether city i is in the country whose name has the key (kj_gaz_key),
 * or whose ISO 3166 code is written (in either case); in the state whose
 * name has the key.  After kj_gaz_named (which builds the states' keys). */
int kj_gaz_in_country(const kj_gazetteer *g, int i, const char *written, const char *key);
int kj_gaz_in_state(const kj_gazetteer *g, int i, const char *key);

/* A zone's canonical id (ICU's: "Asia/Calcutta" and "Asia/Kolkata" are
 * one), into out; 0 when ICU does not know it as a system zone (a fixed
 * offset "UTC+01:00", a zone only tzdata knows), out untouched. */
int kj_gaz_canonical_zone(const char *zone, char *out, size_t n);

/* The cities a check compares a position with: those of one zone, or of
 * one country. */
typedef enum { KJ_GAZ_BY_ZONE, KJ_GAZ_BY_COUNTRY } kj_gaz_by;
/* The group of the zone (any id ICU takes as the same zone) or of the
 * country written (its name or ISO code, as kj_gaz_in_country), or -1
 * when no city is in it. */
int kj_gaz_group(const kj_gazetteer *g, kj_gaz_by by, const char *written);
/* Whether some city of the group is surely within reach_m of lat, lon (by
 * the sphere, with room for the geodesic's difference): 0 says nothing. */
int kj_gaz_within(const kj_gazetteer *g, kj_gaz_by by, int group, double lat, double lon, double reach_m);
/* The city of the group nearest to lat, lon by the geodesic, and how far
 * (metres) in *distance_m; -1 for an empty or unknown group. */
int kj_gaz_nearest(const kj_gazetteer *g, kj_gaz_by by, int group, double lat, double lon, double *distance_m);
/* The same among every city: what a report names a bare position by
 * ("2.1 km from Stoke-on-Trent, GB"); -1 when the gazetteer is empty. */
int kj_gaz_nearest_any(const kj_gazetteer *g, double lat, double lon, double *distance_m);

#endif
