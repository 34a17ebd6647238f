/* city — places and the gazetteer, for resolve.c (docs/case-language.md
 * §4.2).
 *
 * A place written `city "NAME[, STATE][, COUNTRY]"` is located at the one
 * city of the gazetteer (gazetteer.c) that its name, its state and country
 * and its `in COUNTRY` name: its position, its zone and country unless the
 * place gives its own.  Several such cities are an error listing them all
 * (the most populous is never picked silently), none an error with the
 * nearest names.
 *
 * A place whose coordinates are written by hand is compared with the
 * cities of its zone and of its country: far from all of them, with the
 * swapped reading (latitude for longitude) near one, it is an error that
 * suggests the swap; far from all of them with no swap that fits, a
 * warning (ships, stations and wide regions are allowed).  Input: a place
 * statement as parsed; output: its position, or diagnostics. */
#include "city.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gazetteer.h"

#define CITY_PARTS 3    /* NAME, STATE, COUNTRY */
#define CITY_LISTED 10  /* cities an error lists by name (then how many more) */

static const kj_gazetteer *gazetteer(kj_case *c)
{
    const kj_gazetteer *g = kj_gaz_get();
    if (!g) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    return g;
}

/* "Bergen, Vestland, Norway": city i as the gazetteer names it (arena). */
static const char *city_named(kj_case *c, const kj_gazetteer *g, int i)
{
    if (kj_gaz_names(g) < 0) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    const kj_gaz_city *city = kj_gaz_city_at(g, i);
    if (!*city->state) return kj_arena_printf(&c->arena, "%s, %s", city->name, city->country);
    return kj_arena_printf(&c->arena, "%s, %s, %s", city->name, city->state, city->country);
}

/* 8961989 as "8,961,989", into buf. */
static const char *thousands(unsigned n, char buf[32])
{
    char digits[16];
    int len = snprintf(digits, sizeof digits, "%u", n), o = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* "A (pop. N); B (pop. N); ... and N more" (arena): the cities an error
 * is about. */
static const char *city_list(kj_case *c, const kj_gazetteer *g, const int *cities, int n)
{
    const char *text = "";
    for (int k = 0; k < n && k < CITY_LISTED; k++) {
        const kj_gaz_city *city = kj_gaz_city_at(g, cities[k]);
        char pop[32];
        text = kj_arena_printf(&c->arena, "%s%s%s (pop. %s)", text, k ? "; " : "", city_named(c, g, cities[k]),
                               thousands(city->population, pop));
    }
    if (n > CITY_LISTED) text = kj_arena_printf(&c->arena, "%s; and %d more", text, n - CITY_LISTED);
    return text;
}

/* The name as written, cut at its commas, each part without its spaces. */
typedef struct city_query {
    const char *part[CITY_PARTS];
    const char *key[CITY_PARTS];     /* each part's key (NULL: none can be made) */
    char key_buf[CITY_PARTS][KJ_GAZ_KEY_MAX];
    int n_parts;                     /* CITY_PARTS + 1: too many */
    const char *in, *in_key;         /* `in COUNTRY`, when the gazetteer knows it */
    char in_buf[KJ_GAZ_KEY_MAX];
} city_query;

static void query_read(kj_case *c, const char *written, city_query *q)
{
    const char *s = written;
    q->n_parts = 0;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        while (len && *s == ' ') {
            s++;
            len--;
        }
        while (len && s[len - 1] == ' ') len--;
        if (q->n_parts == CITY_PARTS) {
            q->n_parts++;
            return;
        }
        char *part = kj_arena_alloc(&c->arena, len + 1);
        memcpy(part, s, len);
        part[len] = '\0';
        q->part[q->n_parts] = part;
        q->key[q->n_parts] = kj_gaz_key(part, q->key_buf[q->n_parts], KJ_GAZ_KEY_MAX);
        q->n_parts++;
        if (!comma) return;
        s = comma + 1;
    }
}

/* Whether city i is the one the query's state, country and `in` name. */
static int query_fits(const kj_gazetteer *g, int i, const city_query *q)
{
    if (q->n_parts == 2 && !kj_gaz_in_state(g, i, q->key[1]) && !kj_gaz_in_country(g, i, q->part[1], q->key[1]))
        return 0;
    if (q->n_parts == 3 && (!kj_gaz_in_state(g, i, q->key[1]) || !kj_gaz_in_country(g, i, q->part[2], q->key[2])))
        return 0;
    return !q->in || kj_gaz_in_country(g, i, q->in, q->in_key);
}

/* What the query says of the city besides its name: "in 'Norway'" ... */
static const char *query_where(kj_case *c, const city_query *q)
{
    const char *where = q->n_parts == 3   ? kj_arena_printf(&c->arena, "'%s, %s'", q->part[1], q->part[2])
                        : q->n_parts == 2 ? kj_arena_printf(&c->arena, "'%s'", q->part[1])
                                          : NULL;
    if (q->in) where = where ? kj_arena_printf(&c->arena, "%s and '%s'", where, q->in) : kj_arena_printf(&c->arena, "'%s'", q->in);
    return where ? where : "";
}

/* No city of that name: the nearest names, as a hint (arena). */
static const char *unknown_hint(kj_case *c, const kj_gazetteer *g, const char *name)
{
    int near[3];
    int n = KJ_HINT_WORTH(c) ? kj_gaz_suggest(g, name, near, 3) : 0;
    if (n < 0) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    if (n == 0)
        return "the gazetteer holds cities of 15,000 people and more, and capitals: give a smaller place its "
               "coordinates (place ID LAT LON tz ZONE)";
    const char *hint = "did you mean ";
    for (int k = 0; k < n; k++)
        hint = kj_arena_printf(&c->arena, "%s%s'%s'", hint, k == 0 ? "" : k == n - 1 ? " or " : ", ",
                               city_named(c, g, near[k]));
    return kj_arena_printf(&c->arena, "%s?", hint);
}

/* Whether the cities all share their state and country: then nothing but
 * coordinates tells them apart. */
static int alike(const kj_gazetteer *g, const int *cities, int n)
{
    for (int k = 1; k < n; k++) {
        const kj_gaz_city *a = kj_gaz_city_at(g, cities[0]), *b = kj_gaz_city_at(g, cities[k]);
        if (strcmp(a->state, b->state) || strcmp(a->country_code, b->country_code)) return 0;
    }
    return 1;
}

/* The place takes the city's position, and its zone and country where it
 * gives none; a zone it gives that is not the city's is a warning. */
static void locate_at(kj_case *c, kj_stmt *s, const kj_gazetteer *g, int i)
{
    kj_place_stmt *p = s->place;
    const kj_gaz_city *city = kj_gaz_city_at(g, i);
    p->located = 1;
    p->lat = city->lat;
    p->lon = city->lon;
    p->city->found = city_named(c, g, i);
    p->city->population = kj_gaz_city_at(g, i)->population;
    if (!s->label) s->label = p->city->found;
    if (!p->country) p->country = kj_arena_strdup(&c->arena, city->country);
    if (!p->zone.text) {
        p->zone = (kj_timestr){.text = kj_arena_strdup(&c->arena, city->zone), .span = p->city->written.span};
        return;
    }
    char written[128], its[128];
    if (kj_gaz_canonical_zone(p->zone.text, written, sizeof written) &&
        kj_gaz_canonical_zone(city->zone, its, sizeof its) && strcmp(written, its))
        kj_warn(c, p->zone.span, "the zone written is the one used; leave out tz to use the gazetteer's",
                "time zone '%s' is not that of %s in the gazetteer (%s)", p->zone.text, p->city->found, city->zone);
}

void kj_city_locate(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    kj_place_stmt *p = s->place;
    const kj_gazetteer *g = gazetteer(c);
    city_query q = {.n_parts = 0};
    query_read(c, p->city->written.text, &q);
    for (int k = 0; k < q.n_parts && k < CITY_PARTS; k++) {
        if (!*q.part[k] || !q.key[k]) { /* an empty part, or one ICU cannot read */
            q.n_parts = CITY_PARTS + 1;
            break;
        }
    }
    if (q.n_parts > CITY_PARTS) {
        kj_error(c, p->city->written.span, "write \"NAME\", \"NAME, COUNTRY\", \"NAME, STATE\" or \"NAME, STATE, COUNTRY\"",
                 "cannot read city '%s'", p->city->written.text);
        return;
    }
    if (p->country && kj_gaz_group(g, KJ_GAZ_BY_COUNTRY, p->country) >= 0) { /* else not the gazetteer's to check */
        q.in = p->country;
        q.in_key = kj_gaz_key(p->country, q.in_buf, sizeof q.in_buf);
    }
    int n_named = kj_gaz_named(g, q.key[0], NULL, 0);
    if (n_named < 0) kj_mem_fail(c->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    if (n_named == 0) {
        kj_error(c, p->city->written.span, unknown_hint(c, g, q.part[0]), "unknown city '%s' (%s)", q.part[0],
                 KJ_GAZETTEER_NAME);
        return;
    }
    int *named = kj_arena_alloc(&c->arena, sizeof *named * (size_t)n_named);
    kj_gaz_named(g, q.key[0], named, n_named);
    int *fits = kj_arena_alloc(&c->arena, sizeof *fits * (size_t)n_named), n_fits = 0;
    for (int k = 0; k < n_named; k++)
        if (query_fits(g, named[k], &q)) fits[n_fits++] = named[k];
    if (n_fits == 0) {
        kj_error(c, p->city->written.span,
                 kj_arena_printf(&c->arena, "the gazetteer's %s named '%s': %s", n_named == 1 ? "one city" : "cities",
                                 q.part[0], city_list(c, g, named, n_named)),
                 "no city '%s' in %s", q.part[0], query_where(c, &q));
        return;
    }
    if (n_fits > 1) {
        kj_error(c, p->city->written.span,
                 alike(g, fits, n_fits)
                     ? "they share their state and country: give the place its coordinates (place ID LAT LON tz ZONE)"
                     : "add the state or the country (\"NAME, COUNTRY\", \"NAME, STATE, COUNTRY\"), or give coordinates",
                 "ambiguous city '%s': %s", q.part[0], city_list(c, g, fits, n_fits));
        return;
    }
    locate_at(c, s, g, fits[0]);
}

/* ---- coordinates written by hand ----------------------------------------- */

/* A position against the cities of one zone or country. */
typedef struct city_fit {
    int near;             /* its nearest city (-1: one within reach, or none there) */
    double near_m;        /* how far */
    int swap;             /* the nearest to the swapped reading (-1: not read) */
    double swap_m;
} city_fit;

/* The check of one place against one group of cities (-1: the gazetteer
 * has none there, and nothing is checked). */
static city_fit fit_of(const kj_gazetteer *g, kj_gaz_by by, int group, const kj_place_stmt *p)
{
    city_fit f = {.near = -1, .swap = -1};
    /* most places lie near a city of their zone: settled on the sphere alone */
    if (group < 0 || kj_gaz_within(g, by, group, p->lat, p->lon, p->radius_m + KJ_CITY_SWAP_FAR_M)) return f;
    f.near = kj_gaz_nearest(g, by, group, p->lat, p->lon, &f.near_m);
    if (f.near >= 0 && f.near_m - p->radius_m > KJ_CITY_SWAP_FAR_M && fabs(p->lon) <= 90)
        f.swap = kj_gaz_nearest(g, by, group, p->lon, p->lat, &f.swap_m);
    return f;
}

/* The latitude and the longitude as written: the text at the latitude's
 * span, and the number after it on its line (the case keeps only the
 * first's span: a million places are 16 MB fewer); sp covers both, or the
 * latitude alone when the longitude is on a line of its own. */
typedef struct coordinates {
    const char *lat, *lon;
    kj_span sp;
} coordinates;

static coordinates coordinates_written(kj_case *c, const kj_place_stmt *p)
{
    coordinates w = {.sp = p->lat_span};
    const char *line = kj_line_text(c, &c->arena, w.sp.file, w.sp.line);
    size_t n = strlen(line), at = (size_t)w.sp.col - 1 + (size_t)w.sp.len;
    char *lat = kj_arena_alloc(&c->arena, (size_t)w.sp.len + 1);
    memcpy(lat, at <= n ? line + w.sp.col - 1 : "?", at <= n ? (size_t)w.sp.len : 1);
    lat[at <= n ? w.sp.len : 1] = '\0';
    w.lat = lat;
    while (at < n && (line[at] == ' ' || line[at] == '\t')) at++;
    size_t len = at < n ? kj_number_len(line + at) : 0;
    if (!len) {
        w.lon = kj_arena_printf(&c->arena, "%.15g", p->lon);
        return w;
    }
    w.lon = kj_arena_printf(&c->arena, "%.*s", (int)len, line + at);
    w.sp.len = (int)(at + len) - (w.sp.col - 1);
    return w;
}

/* The group a place's zone or country names, looked up once for a run of
 * places that name the same. */
typedef struct group_memo {
    const char *written;
    int group;
} group_memo;

static int group_of(const kj_gazetteer *g, kj_gaz_by by, const char *written_as, group_memo *m)
{
    if (!written_as) return -1;
    if (!m->written || strcmp(m->written, written_as)) {
        m->written = written_as;
        m->group = kj_gaz_group(g, by, written_as);
    }
    return m->group;
}

/* One place's coordinates against its zone's and its country's cities. */
static void check_place(kj_case *c, const kj_gazetteer *g, int i, group_memo memo[2])
{
    kj_stmt *s = &c->stmts[i];
    kj_place_stmt *p = s->place;
    int zone = group_of(g, KJ_GAZ_BY_ZONE, p->zone.text, &memo[0]);
    city_fit fits[2] = {fit_of(g, KJ_GAZ_BY_ZONE, zone, p),
                        fit_of(g, KJ_GAZ_BY_COUNTRY, group_of(g, KJ_GAZ_BY_COUNTRY, p->country, &memo[1]), p)};
    /* a swap found by the country must fit the zone too, where the zone
     * has cities: Krenkel station (80.6 N, 58.1 E) on Moscow time swaps
     * to near Kolpashevo, in Russia but on Tomsk's time */
    double swap_zone_m = 0;
    if (fits[1].swap >= 0 && zone >= 0 && kj_gaz_nearest(g, KJ_GAZ_BY_ZONE, zone, p->lon, p->lat, &swap_zone_m) >= 0
        && swap_zone_m > KJ_CITY_SWAP_NEAR_M)
        fits[1].swap = -1;
    if (fits[0].near < 0 && fits[1].near < 0) return;
    const char *of[2] = {kj_arena_printf(&c->arena, "in its zone %s", p->zone.text ? p->zone.text : ""),
                         kj_arena_printf(&c->arena, "in its country %s", p->country ? p->country : "")};
    coordinates w = coordinates_written(c, p);
    for (int k = 0; k < 2; k++) {
        const city_fit *f = &fits[k];
        if (f->swap < 0 || f->swap_m > KJ_CITY_SWAP_NEAR_M) continue;
        kj_error(c, w.sp, kj_arena_printf(&c->arena, "did you mean 'place %s %s %s …'? (latitude first)", s->id, w.lon, w.lat),
                 "place '%s' is %.0f km from the nearest city %s (%s), but swapped its coordinates are %.0f km from %s",
                 s->id, f->near_m / 1000, of[k], city_named(c, g, f->near), f->swap_m / 1000, city_named(c, g, f->swap));
        return;
    }
    for (int k = 0; k < 2; k++) {
        const city_fit *f = &fits[k];
        if (f->near < 0 || f->near_m - p->radius_m <= KJ_CITY_FAR_WARN_M) continue;
        kj_warn(c, w.sp,
                "check the coordinates (latitude first) and the place's zone and country; a place far from every "
                "city (a ship, a station) is read as written",
                "place '%s' is %.0f km from the nearest city %s (%s)", s->id, f->near_m / 1000, of[k],
                city_named(c, g, f->near));
        return;
    }
}

void kj_city_check(kj_case *c)
{
    const kj_gazetteer *g = NULL; /* read only if some place is to be checked */
    group_memo memo[2] = {{.written = NULL}, {.written = NULL}};
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_PLACE || c->stmts[i].bad) continue;
        const kj_place_stmt *p = c->stmts[i].place;
        /* written by hand (not by name, not a trace's point), with an IANA zone or a country */
        if (!p->located || p->city || p->lat_span.line <= 0) continue;
        if (!p->zone.text && !p->country) continue; /* (a fixed offset is in no group) */
        if (!g) g = gazetteer(c);
        check_place(c, g, i, memo);
    }
}
