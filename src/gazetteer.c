/* gazetteer — libgeonames's cities (GeoNames' cities of about 15,000
 * people and more, with their zone, country and position) indexed for the
 * case language: by name, for `place ID city "NAME"` (city.c), and by zone
 * and by country, for the nearest city of a place's zone or country (the
 * check of coordinates written by hand, city.c).
 *
 * The cities are libgeonames's, compiled in as a table at build time
 * (tools/gazgen.c, gazetteer_data.h): reading them through libgeonames
 * took about 60 ms a process.  Grouping them still takes a few ms, too
 * long to do for each place or each case.  So the index is built once per process, on first use,
 * under a mutex, and is read-only from then on: the one object of the
 * library that is shared by its cases and threads (CONTRIBUTING.md §2).
 * Its part by name (each name's collation key) is built on the first
 * lookup by name, under the same mutex: a case that names no city never
 * pays for it.  Input: nothing but libgeonames; output: the index. */
#include "gazetteer.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucal.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "gazetteer_data.h"
#include "geo.h"
#include "suggest.h"

#define GAZ_ID_MAX 128
#define GAZ_PI 3.14159265358979323846

/* The cities of one zone or one country. */
typedef struct gaz_group {
    char *id;         /* the zone's canonical id, or the country's ISO code */
    char *name;       /* a country's name (a zone: NULL) */
    char *key;        /* a country's name's key (a zone: NULL) */
    int first, n;     /* its cities: members[first .. first + n) */
} gaz_group;

typedef struct gaz_groups {
    gaz_group *group;
    int n;
    int *members;     /* city indices, a group's together, each in the gazetteer's order */
} gaz_groups;

/* Distinct strings, each kept once. */
typedef struct gaz_strings {
    char **s;
    int n, cap;
} gaz_strings;

struct kj_gazetteer {
    int n;
    kj_gaz_city *city;
    gaz_strings zone_names;         /* the zones as the gazetteer writes them */
    gaz_groups zones, countries;    /* zones sorted by canonical id */
    int *country_of;                /* each city's country group */
    /* by name: built on the first lookup by name, or the first city named */
    int names_built;
    char *name_text;                /* every city's name and state */
    char *key_text;                 /* their keys */
    char **name_key, **state_key;   /* into key_text */
    int *by_key;                    /* name key, then most populous, then index */
    int *by_population;             /* most populous, then index */
};

static pthread_mutex_t gaz_lock = PTHREAD_MUTEX_INITIALIZER;
static kj_gazetteer *gaz_built;     /* (written once, under gaz_lock) */

/* ---- keys and zones ---------------------------------------------------- */

static UCollator *key_collator(void)
{
    UErrorCode st = U_ZERO_ERROR;
    UCollator *co = ucol_open("", &st);
    if (U_FAILURE(st)) {
        ucol_close(co);
        return NULL;
    }
    ucol_setStrength(co, UCOL_PRIMARY);
    ucol_setAttribute(co, UCOL_ALTERNATE_HANDLING, UCOL_SHIFTED, &st);
    if (U_FAILURE(st)) {
        ucol_close(co);
        return NULL;
    }
    return co;
}

static char *key_with(UCollator *co, const char *name, char *out, size_t n)
{
    UChar u[KJ_GAZ_KEY_MAX];
    int32_t len = 0;
    UErrorCode st = U_ZERO_ERROR;
    u_strFromUTF8(u, KJ_GAZ_KEY_MAX, &len, name, -1, &st);
    if (U_FAILURE(st) || len >= KJ_GAZ_KEY_MAX || n > INT32_MAX) return NULL;
    int32_t k = ucol_getSortKey(co, u, len, (uint8_t *)out, (int32_t)n);
    return k > 0 && (size_t)k <= n ? out : NULL;
}

char *kj_gaz_key(const char *name, char *out, size_t n)
{
    UCollator *co = key_collator();
    if (!co) return NULL;
    char *k = key_with(co, name, out, n);
    ucol_close(co);
    return k;
}

int kj_gaz_canonical_zone(const char *zone, char *out, size_t n)
{
    if (!zone || strlen(zone) >= GAZ_ID_MAX) return 0;
    UChar id[GAZ_ID_MAX], canon[GAZ_ID_MAX];
    u_uastrcpy(id, zone);
    UErrorCode st = U_ZERO_ERROR;
    UBool is_system = 0;
    int32_t len = ucal_getCanonicalTimeZoneID(id, -1, canon, GAZ_ID_MAX, &is_system, &st);
    if (U_FAILURE(st) || !is_system || len <= 0 || len >= GAZ_ID_MAX) return 0;
    char name[GAZ_ID_MAX];
    u_austrncpy(name, canon, GAZ_ID_MAX - 1);
    name[GAZ_ID_MAX - 1] = '\0';
    if (!strcmp(name, "Etc/Unknown") || strlen(name) >= n) return 0;
    memcpy(out, name, strlen(name) + 1);
    return 1;
}

/* The geodesic and the great circle on the mean sphere differ by less than
 * 0.6 %: a city within 1 % (and a kilometre) of a distance on the sphere is
 * within it by the geodesic. */
#define GAZ_EARTH_M 6371008.8
#define GAZ_SPHERE_SLACK 1.01
#define GAZ_SPHERE_SLACK_M 1000.0

static void unit_vector(double lat, double lon, double p[3])
{
    double phi = lat * GAZ_PI / 180, lambda = lon * GAZ_PI / 180;
    p[0] = cos(phi) * cos(lambda);
    p[1] = cos(phi) * sin(lambda);
    p[2] = sin(phi);
}

/* ---- building ---------------------------------------------------------- */

/* Text that grows by doubling; strings are offsets until it is done. */
typedef struct gaz_text {
    char *p;
    size_t n, cap;
} gaz_text;

static long text_put(gaz_text *t, const char *s)
{
    size_t len = strlen(s ? s : "") + 1;
    if (t->n + len > t->cap) {
        size_t cap = t->cap ? t->cap : 1 << 16;
        while (cap < t->n + len) cap *= 2;
        char *p = realloc(t->p, cap);
        if (!p) return -1;
        t->p = p;
        t->cap = cap;
    }
    memcpy(t->p + t->n, s ? s : "", len);
    t->n += len;
    return (long)(t->n - len);
}

/* The index of s among the distinct strings (added if new), trying the
 * last one found first (the gazetteer lists a country's cities together);
 * -1 when memory ran out. */
static int strings_index(gaz_strings *t, const char *s, int last)
{
    if (last >= 0 && !strcmp(t->s[last], s)) return last;
    for (int k = 0; k < t->n; k++)
        if (!strcmp(t->s[k], s)) return k;
    if (t->n == t->cap) {
        int cap = t->cap ? 2 * t->cap : 256;
        char **grown = realloc(t->s, sizeof *grown * (size_t)cap);
        if (!grown) return -1;
        t->s = grown;
        t->cap = cap;
    }
    t->s[t->n] = strdup(s ? s : "");
    return t->s[t->n] ? t->n++ : -1;
}

static void strings_free(gaz_strings *t)
{
    for (int k = 0; k < t->n; k++) free(t->s[k]);
    free(t->s);
}

static void groups_free(gaz_groups *gs)
{
    for (int i = 0; gs->group && i < gs->n; i++) {
        free(gs->group[i].id);
        free(gs->group[i].name);
        free(gs->group[i].key);
    }
    free(gs->group);
    free(gs->members);
}

static void gaz_free(kj_gazetteer *g)
{
    if (!g) return;
    free(g->city);
    strings_free(&g->zone_names);
    groups_free(&g->zones);
    groups_free(&g->countries);
    free(g->country_of);
    free(g->name_text);
    free(g->key_text);
    free(g->name_key);
    free(g->state_key);
    free(g->by_key);
    free(g->by_population);
    free(g);
}

/* Puts the cities into their groups (of_city[i]: city i's, 0 .. gs->n - 1),
 * each group's in the gazetteer's order: 0, or -1 when memory ran out. */
static int groups_fill(gaz_groups *gs, const int *of_city, int n)
{
    gs->members = malloc(sizeof *gs->members * (size_t)(n ? n : 1));
    if (!gs->members) return -1;
    for (int i = 0; i < n; i++) gs->group[of_city[i]].n++;
    int at = 0;
    for (int k = 0; k < gs->n; k++) {
        gs->group[k].first = at;
        at += gs->group[k].n;
        gs->group[k].n = 0;
    }
    for (int i = 0; i < n; i++) {
        gaz_group *gr = &gs->group[of_city[i]];
        gs->members[gr->first + gr->n++] = i;
    }
    return 0;
}

static int cmp_string(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The zones' groups: the distinct zones' canonical ids, sorted, each city
 * in its zone's (zone_of: each city's zone among zone_names). */
static int zones_make(kj_gazetteer *g, const int *zone_of)
{
    int nz = g->zone_names.n, rc = -1;
    char **canon = calloc((size_t)(nz ? nz : 1), sizeof *canon);
    char **sorted = malloc(sizeof *sorted * (size_t)(nz ? nz : 1));
    int *group_of_zone = malloc(sizeof *group_of_zone * (size_t)(nz ? nz : 1));
    int *of_city = malloc(sizeof *of_city * (size_t)(g->n ? g->n : 1));
    g->zones.group = calloc((size_t)(nz ? nz : 1), sizeof *g->zones.group);
    int ok = canon && sorted && group_of_zone && of_city && g->zones.group;
    for (int z = 0; ok && z < nz; z++) {
        char id[GAZ_ID_MAX];
        canon[z] = strdup(kj_gaz_canonical_zone(g->zone_names.s[z], id, sizeof id) ? id : g->zone_names.s[z]);
        ok = canon[z] != NULL; /* (a zone ICU does not know: as written) */
        if (ok) sorted[z] = canon[z];
    }
    if (ok) {
        qsort(sorted, (size_t)nz, sizeof *sorted, cmp_string);
        for (int z = 0; ok && z < nz; z++) {
            if (z && !strcmp(sorted[z], sorted[z - 1])) continue;
            g->zones.group[g->zones.n].id = strdup(sorted[z]);
            ok = g->zones.group[g->zones.n++].id != NULL;
        }
        for (int z = 0; ok && z < nz; z++) {
            int lo = 0, hi = g->zones.n - 1;
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
                if (strcmp(g->zones.group[mid].id, canon[z]) < 0) lo = mid + 1;
                else hi = mid;
            }
            group_of_zone[z] = lo;
        }
        for (int i = 0; ok && i < g->n; i++) of_city[i] = group_of_zone[zone_of[i]];
        rc = ok ? groups_fill(&g->zones, of_city, g->n) : -1;
    }
    for (int z = 0; canon && z < nz; z++) free(canon[z]);
    free(canon);
    free(sorted);
    free(group_of_zone);
    free(of_city);
    return rc;
}

/* The countries' groups: each distinct ISO code's, with the country's
 * name (as its first city gives it) and the name's key. */
static int countries_make(kj_gazetteer *g, gaz_strings *codes)
{
    g->countries.group = calloc((size_t)(codes->n ? codes->n : 1), sizeof *g->countries.group);
    if (!g->countries.group) return -1;
    g->countries.n = codes->n;
    for (int k = 0; k < codes->n; k++) {
        g->countries.group[k].id = codes->s[k];
        codes->s[k] = NULL; /* (the group's now) */
    }
    UCollator *co = key_collator();
    int ok = co && groups_fill(&g->countries, g->country_of, g->n) == 0;
    for (int k = 0; ok && k < g->countries.n; k++) {
        gaz_group *gr = &g->countries.group[k];
        const kj_gaz_row *row = gr->n ? &kj_gaz_rows[g->countries.members[gr->first]] : NULL;
        gr->name = strdup(row ? KJ_GAZ_STR(row->country) : "");
        char key[KJ_GAZ_KEY_MAX];
        gr->key = strdup(gr->name && key_with(co, gr->name, key, sizeof key) ? key : "");
        ok = gr->name && gr->key;
    }
    if (co) ucol_close(co);
    return ok ? 0 : -1;
}

/* Reads every city's zone, country and position from libgeonames, then
 * groups them: the index, or NULL when memory ran out (nothing left
 * allocated).  Names, states and populations wait for names_build: they
 * cost twice what the rest does to read. */
static kj_gazetteer *gaz_build(void)
{
    kj_gazetteer *g = calloc(1, sizeof *g);
    if (!g) return NULL;
    int n = kj_gaz_n_rows;
    size_t room = (size_t)(n > 0 ? n : 1);
    g->city = calloc(room, sizeof *g->city);
    g->country_of = malloc(sizeof *g->country_of * room);
    int *zone_of = malloc(sizeof *zone_of * room);
    gaz_strings codes = {0};
    int ok = g->city && g->country_of && zone_of, zone = -1, code = -1;
    for (int i = 0; ok && i < n; i++) {
        const kj_gaz_row *row = &kj_gaz_rows[i];
        kj_gaz_city *c = &g->city[g->n];
        zone = strings_index(&g->zone_names, KJ_GAZ_STR(row->zone), zone);
        code = strings_index(&codes, KJ_GAZ_STR(row->country_code), code);
        c->lat = row->lat;
        c->lon = row->lon;
        ok = zone >= 0 && code >= 0;
        zone_of[g->n] = zone;
        g->country_of[g->n] = code;
        unit_vector(c->lat, c->lon, c->xyz);
        g->n++;
    }
    ok = ok && zones_make(g, zone_of) == 0 && countries_make(g, &codes) == 0;
    for (int i = 0; ok && i < g->n; i++) {
        const gaz_group *country = &g->countries.group[g->country_of[i]];
        g->city[i].zone = g->zone_names.s[zone_of[i]];
        g->city[i].country = country->name;
        g->city[i].country_code = country->id;
    }
    free(zone_of);
    strings_free(&codes);
    if (!ok) {
        gaz_free(g);
        return NULL;
    }
    return g;
}

const kj_gazetteer *kj_gaz_get(void)
{
    pthread_mutex_lock(&gaz_lock);
    if (!gaz_built) gaz_built = gaz_build();
    kj_gazetteer *g = gaz_built;
    pthread_mutex_unlock(&gaz_lock);
    return g;
}

int kj_gaz_count(const kj_gazetteer *g) { return g->n; }

const kj_gaz_city *kj_gaz_city_at(const kj_gazetteer *g, int i) { return &g->city[i]; }

/* ---- by name ------------------------------------------------------------ */

typedef struct gaz_ranked {
    const char *key;  /* NULL: by population alone */
    unsigned population;
    int city;
} gaz_ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const gaz_ranked *x = a, *y = b;
    int d = x->key && y->key ? strcmp(x->key, y->key) : 0;
    if (d) return d;
    if (x->population != y->population) return x->population > y->population ? -1 : 1;
    return (x->city > y->city) - (x->city < y->city);
}

/* Every city's name, state and population, their names' and states' keys,
 * and the orders by key and by population (under gaz_lock): 0, or -1 when
 * memory ran out (the index as it was). */
static int names_build(kj_gazetteer *g)
{
    size_t room = (size_t)(g->n ? g->n : 1);
    UCollator *co = key_collator();
    long *off = malloc(sizeof *off * 4 * room); /* name, state, their keys */
    unsigned *population = malloc(sizeof *population * room);
    gaz_ranked *r = malloc(sizeof *r * room);
    char **name_key = malloc(sizeof *name_key * room), **state_key = malloc(sizeof *state_key * room);
    int *by_key = malloc(sizeof *by_key * room), *by_population = malloc(sizeof *by_population * room);
    gaz_text names = {0}, keys = {0};
    int ok = co && off && population && r && name_key && state_key && by_key && by_population;
    for (int i = 0; ok && i < g->n; i++) {
        const kj_gaz_row *row = &kj_gaz_rows[i]; /* (the same city as gaz_build's: one table) */
        const char *name = KJ_GAZ_STR(row->name), *state = KJ_GAZ_STR(row->state);
        char key[KJ_GAZ_KEY_MAX];
        off[4 * i] = text_put(&names, name);
        off[4 * i + 2] = text_put(&keys, key_with(co, name, key, sizeof key) ? key : "");
        /* a country's cities often share their state: kept and keyed once */
        if (i && !strcmp(names.p + off[4 * (i - 1) + 1], state)) {
            off[4 * i + 1] = off[4 * (i - 1) + 1];
            off[4 * i + 3] = off[4 * (i - 1) + 3];
        } else {
            off[4 * i + 1] = text_put(&names, state);
            off[4 * i + 3] = text_put(&keys, key_with(co, state, key, sizeof key) ? key : "");
        }
        population[i] = row->population;
        ok = off[4 * i] >= 0 && off[4 * i + 1] >= 0 && off[4 * i + 2] >= 0 && off[4 * i + 3] >= 0;
    }
    if (ok) {
        for (int i = 0; i < g->n; i++) {
            g->city[i].name = names.p + off[4 * i];
            g->city[i].state = names.p + off[4 * i + 1];
            g->city[i].population = population[i];
            name_key[i] = keys.p + off[4 * i + 2];
            state_key[i] = keys.p + off[4 * i + 3];
            r[i] = (gaz_ranked){.key = name_key[i], .population = population[i], .city = i};
        }
        qsort(r, (size_t)g->n, sizeof *r, cmp_ranked);
        for (int i = 0; i < g->n; i++) by_key[i] = r[i].city;
        for (int i = 0; i < g->n; i++) r[i] = (gaz_ranked){.population = population[i], .city = i};
        qsort(r, (size_t)g->n, sizeof *r, cmp_ranked);
        for (int i = 0; i < g->n; i++) by_population[i] = r[i].city;
        g->name_text = names.p;
        g->key_text = keys.p;
        g->name_key = name_key;
        g->state_key = state_key;
        g->by_key = by_key;
        g->by_population = by_population;
        g->names_built = 1;
    } else {
        free(names.p);
        free(keys.p);
        free(name_key);
        free(state_key);
        free(by_key);
        free(by_population);
    }
    if (co) ucol_close(co);
    free(off);
    free(population);
    free(r);
    return ok ? 0 : -1;
}

int kj_gaz_names(const kj_gazetteer *cg)
{
    pthread_mutex_lock(&gaz_lock);
    kj_gazetteer *g = (kj_gazetteer *)cg; /* (gaz_built: the one index, not const) */
    int rc = g->names_built ? 0 : names_build(g);
    pthread_mutex_unlock(&gaz_lock);
    return rc;
}

int kj_gaz_named(const kj_gazetteer *g, const char *key, int *out, int max)
{
    if (kj_gaz_names(g) < 0) return -1;
    int lo = 0, hi = g->n;
    while (lo < hi) { /* the first city whose key is not below key */
        int mid = lo + (hi - lo) / 2;
        if (strcmp(g->name_key[g->by_key[mid]], key) < 0) lo = mid + 1;
        else hi = mid;
    }
    int n = 0;
    for (int i = lo; i < g->n && !strcmp(g->name_key[g->by_key[i]], key); i++, n++)
        if (n < max) out[n] = g->by_key[i];
    return n;
}

int kj_gaz_suggest(const kj_gazetteer *g, const char *name, int *out, int max)
{
    if (kj_gaz_names(g) < 0) return -1;
    size_t len = strlen(name);
    int limit = (int)(len / 3) + 1, n = 0, dist[16];
    if (max > 16) max = 16;
    for (int k = 0; k < g->n; k++) { /* most populous first: of equally near names, the biggest city's */
        int i = g->by_population[k];
        const char *cand = g->city[i].name;
        int d = kj_edit_distance(name, len, cand, strlen(cand), KJ_EDITS_SWAPS);
        /* the first words of a longer name ("Frankfurt" of "Frankfurt am Main") are as near as one edit */
        if (d > 1 && len && !strncasecmp(cand, name, len) && (cand[len] == ' ' || cand[len] == '-')) d = 1;
        if (d > limit || (n == max && d >= dist[n - 1])) continue;
        int same = 0;
        for (int j = 0; j < n && !same; j++) same = !strcmp(g->name_key[out[j]], g->name_key[i]);
        if (same) continue;
        int at = n < max ? n++ : max - 1;
        while (at > 0 && dist[at - 1] > d) {
            out[at] = out[at - 1];
            dist[at] = dist[at - 1];
            at--;
        }
        out[at] = i;
        dist[at] = d;
    }
    return n;
}

int kj_gaz_in_country(const kj_gazetteer *g, int i, const char *written, const char *key)
{
    const gaz_group *gr = &g->countries.group[g->country_of[i]];
    return !strcasecmp(written, g->city[i].country_code) || (key && !strcmp(key, gr->key));
}

int kj_gaz_in_state(const kj_gazetteer *g, int i, const char *key)
{
    return g->names_built && key && !strcmp(key, g->state_key[i]);
}

/* ---- by zone and by country ---------------------------------------------- */

int kj_gaz_group(const kj_gazetteer *g, kj_gaz_by by, const char *written)
{
    if (!written) return -1;
    if (by == KJ_GAZ_BY_ZONE) {
        char canon[GAZ_ID_MAX];
        const char *id = kj_gaz_canonical_zone(written, canon, sizeof canon) ? canon : written;
        int lo = 0, hi = g->zones.n;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            int d = strcmp(g->zones.group[mid].id, id);
            if (!d) return mid;
            if (d < 0) lo = mid + 1;
            else hi = mid;
        }
        return -1;
    }
    char key[KJ_GAZ_KEY_MAX];
    const char *k = kj_gaz_key(written, key, sizeof key);
    for (int i = 0; i < g->countries.n; i++) {
        const gaz_group *gr = &g->countries.group[i];
        if (!strcasecmp(written, gr->id) || (k && !strcmp(k, gr->key))) return i;
    }
    return -1;
}

int kj_gaz_within(const kj_gazetteer *g, kj_gaz_by by, int group, double lat, double lon, double reach_m)
{
    const gaz_groups *gs = by == KJ_GAZ_BY_ZONE ? &g->zones : &g->countries;
    double sphere_m = (reach_m - GAZ_SPHERE_SLACK_M) / GAZ_SPHERE_SLACK;
    if (group < 0 || group >= gs->n || sphere_m <= 0) return 0;
    double chord = 2 * sin(fmin(GAZ_PI, sphere_m / GAZ_EARTH_M) / 2), chord2 = chord * chord, p[3];
    unit_vector(lat, lon, p);
    const gaz_group *gr = &gs->group[group];
    for (int k = 0; k < gr->n; k++) {
        const double *q = g->city[gs->members[gr->first + k]].xyz;
        double dx = p[0] - q[0], dy = p[1] - q[1], dz = p[2] - q[2];
        if (dx * dx + dy * dy + dz * dz <= chord2) return 1;
    }
    return 0;
}

/* The city nearest to lat, lon by the geodesic among the n cities m names
 * (every city of the gazetteer, 0 .. n - 1, when m is NULL): screened on
 * the sphere, decided by the geodesic. */
static int nearest_of(const kj_gazetteer *g, const int *m, int n, double lat, double lon, double *distance_m)
{
    double p[3];
    unit_vector(lat, lon, p);
    double least_chord2 = HUGE_VAL;
    for (int k = 0; k < n; k++) {
        const double *q = g->city[m ? m[k] : k].xyz;
        double dx = p[0] - q[0], dy = p[1] - q[1], dz = p[2] - q[2];
        double c2 = dx * dx + dy * dy + dz * dz;
        if (c2 < least_chord2) least_chord2 = c2;
    }
    double least_sphere_m = 2 * asin(fmin(1, sqrt(least_chord2) / 2)) * GAZ_EARTH_M;
    double reach = fmin(GAZ_PI, (least_sphere_m * GAZ_SPHERE_SLACK + GAZ_SPHERE_SLACK_M) / GAZ_EARTH_M);
    double reach_chord = 2 * sin(reach / 2);
    int best = -1;
    double best_m = HUGE_VAL;
    for (int k = 0; k < n; k++) {
        int i = m ? m[k] : k;
        const kj_gaz_city *c = &g->city[i];
        double dx = p[0] - c->xyz[0], dy = p[1] - c->xyz[1], dz = p[2] - c->xyz[2];
        if (sqrt(dx * dx + dy * dy + dz * dz) > reach_chord) continue;
        double d = kj_geo_distance_m(lat, lon, c->lat, c->lon);
        if (d < best_m || (d == best_m && i < best)) {
            best_m = d;
            best = i;
        }
    }
    if (best >= 0 && distance_m) *distance_m = best_m;
    return best;
}

int kj_gaz_nearest(const kj_gazetteer *g, kj_gaz_by by, int group, double lat, double lon, double *distance_m)
{
    const gaz_groups *gs = by == KJ_GAZ_BY_ZONE ? &g->zones : &g->countries;
    if (group < 0 || group >= gs->n) return -1;
    const gaz_group *gr = &gs->group[group];
    return nearest_of(g, gs->members + gr->first, gr->n, lat, lon, distance_m);
}

int kj_gaz_nearest_any(const kj_gazetteer *g, double lat, double lon, double *distance_m)
{
    return nearest_of(g, NULL, kj_gaz_count(g), lat, lon, distance_m);
}
