/* gazetteer_data — libgeonames's cities as a table compiled into the
 * library (tools/gazgen.c writes it at build time from the installed
 * libgeonames): reading them through libgeonames costs about 60 ms a
 * process, the table nothing.  Input and output: none; the table only. */
#ifndef KJ_GAZETTEER_DATA_H
#define KJ_GAZETTEER_DATA_H

/* A city; its strings are offsets into kj_gaz_text (offsets, not
 * pointers: no relocation at start). */
typedef struct kj_gaz_row {
    double lat, lon;
    unsigned population;
    unsigned name, state, country, country_code, zone;
} kj_gaz_row;

/* In libgeonames's order. */
extern const kj_gaz_row kj_gaz_rows[];
extern const int kj_gaz_n_rows;
extern const char kj_gaz_text[];

#define KJ_GAZ_STR(field) (kj_gaz_text + (field))

#endif
