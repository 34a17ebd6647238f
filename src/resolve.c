/* resolve — names to statements, options to reading rules, times to UTC
 * intervals, assumptions to the claims and places they qualify.
 *
 * Input: the parsed statements of a case.  Output: the same statements with
 * every kj_ref.idx set and every time read (claims wide, "throughout" facts
 * and register coverage narrow, lifetimes wide — design.md §0).  Every
 * problem becomes a diagnostic; resolution goes on to report them all. */
#include <string.h>
#include <strings.h>

#include "city.h"
#include "hash.h"
#include "kj.h"
#include "suggest.h"

/* ---- name table ---------------------------------------------------------- */

static kj_name_slot *slot_for(kj_case *c, const char *name)
{
    uint32_t mask = (uint32_t)c->names_cap - 1;
    for (uint32_t i = kj_hash_str(name) & mask;; i = (i + 1) & mask)
        if (!c->names[i].name || !strcmp(c->names[i].name, name)) return &c->names[i];
}

int kj_find_stmt(const kj_case *c, const char *id)
{
    if (!c->names || !id) return -1;
    kj_name_slot *s = slot_for((kj_case *)c, id);
    return s->name ? s->stmt : -1;
}

static void build_names(kj_case *c)
{
    int want = 16;
    int total = c->n_stmts;
    for (int i = 0; i < c->n_stmts; i++) total += c->kinds[i] == ST_PERSON ? c->stmts[i].person->n_aliases : 0;
    while (want < total * 2 + 16) want *= 2;
    c->names_cap = want;
    c->names = kj_arena_alloc(&c->arena, sizeof(kj_name_slot) * (size_t)want);
    for (int i = 0; i < c->n_stmts; i++) {
        kj_stmt *s = &c->stmts[i];
        if (!s->id) continue;
        kj_name_slot *sl = slot_for(c, s->id);
        if (sl->name && c->stmts[sl->stmt].from_data && c->kinds[sl->stmt] == ST_MEDIUM && !s->from_data) {
            /* a shipped medium's id ("letter", "note") is the case's to use:
             * media are found among media (resolve_medium) */
            sl->stmt = i;
            continue;
        }
        if (sl->name) {
            kj_stmt *first = &c->stmts[sl->stmt];
            char hint[160];
            snprintf(hint, sizeof hint, "'%s' is first defined at %s:%d; ids are unique per case",
                     s->id, c->files[first->span.file].path, first->span.line);
            kj_error(c, s->id_span.line ? s->id_span : s->span, hint, "duplicate id '%s'", s->id);
            continue;
        }
        sl->name = s->id;
        sl->stmt = i;
        sl->is_alias = 0;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        kj_stmt *s = &c->stmts[i];
        for (int a = 0; s->kind == ST_PERSON && a < s->person->n_aliases; a++) {
            kj_name_slot *sl = slot_for(c, s->person->aliases[a]);
            if (sl->name && sl->stmt == i) continue;
            if (sl->name) {
                kj_error(c, s->span, NULL, "alias '%s' of '%s' is already a name", s->person->aliases[a], s->id);
                continue;
            }
            sl->name = s->person->aliases[a];
            sl->stmt = i;
            sl->is_alias = 1;
        }
    }
}

const char *kj_stmt_kind_name(kj_stmt_kind k)
{
    static const char *const names[] = {"source", "place", "person", "entity", "mode", "route", "register",
                                        "entry", "fact", "testimony", "claim", "assumption", "option", "include",
                                        "store", "trace", "device", "medium"};
    return names[k];
}

const char *kj_role_name(kj_role r)
{
    static const char *const names[] = {"claim", "fact", "register", "entity", "place", "mode",
                                        "route", "assumption", "option", "device", "other", "medium"};
    return names[r];
}

/* Resolves ref to a statement of one of the kinds in `mask` (bit per kind). */
static int resolve_ref(kj_case *c, kj_ref *r, unsigned mask, const char *what)
{
    if (!r->name) return -1;
    int i = kj_find_stmt(c, r->name);
    if (i >= 0 && (mask & (1u << c->stmts[i].kind))) {
        r->idx = i;
        return i;
    }
    if (i >= 0) {
        char hint[160];
        const kj_stmt *t = &c->stmts[i];
        const char *noun = t->kind == ST_DEVICE && t->device->vehicle ? "vehicle" : kj_stmt_kind_name(t->kind);
        snprintf(hint, sizeof hint, "'%s' is a%s %s (line %d), not a %s", r->name, strchr("aeio", noun[0]) ? "n" : "", noun,
                 t->span.line, what);
        kj_error(c, r->span, hint, "'%s' is not a %s", r->name, what);
        return -1;
    }
    kj_suggest name = {.written = r->name, .written_len = strlen(r->name), .limit = (int)strlen(r->name) / 3 + 1,
                       .ties = KJ_TIES_SMALLEST};
    /* (40,000 unknown names took 18 s when each got its suggestion) */
    for (int k = 0; KJ_HINT_WORTH(c) && k < c->names_cap; k++) {
        kj_name_slot *sl = &c->names[k];
        if (!sl->name || !(mask & (1u << c->stmts[sl->stmt].kind))) continue;
        kj_suggest_offer(&name, sl->name);
    }
    char buf[160];
    kj_error(c, r->span, kj_suggest_hint(name.best, buf, sizeof buf), "unknown %s '%s'", what, r->name);
    return -1;
}

#define K(kind) (1u << (kind))

/* Resolves ref to a medium: the case's of that id, else the shipped one
 * (whose id a case may give anything else: build_names). */
static int resolve_medium(kj_case *c, kj_ref *r)
{
    if (!r->name) return -1;
    if (!c->medium_list) {
        c->medium_list = kj_arena_alloc(&c->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < c->n_stmts; i++)
                if (c->kinds[i] == ST_MEDIUM && c->stmts[i].id && !c->stmts[i].bad && c->stmts[i].from_data == pass)
                    c->medium_list[c->n_medium_list++] = i;
    }
    for (int k = 0; k < c->n_medium_list; k++)
        if (!strcmp(c->stmts[c->medium_list[k]].id, r->name)) return r->idx = c->medium_list[k];
    kj_suggest name = {.written = r->name, .written_len = strlen(r->name), .limit = (int)strlen(r->name) / 3 + 1,
                       .ties = KJ_TIES_SMALLEST};
    for (int k = 0; k < c->n_medium_list; k++) kj_suggest_offer(&name, c->stmts[c->medium_list[k]].id);
    char buf[160];
    const char *hint = kj_suggest_hint(name.best, buf, sizeof buf);
    kj_error(c, r->span, hint ? hint : "a medium of the case (medium ID: carried|wire|live ...) or a shipped one: letter, telegram, telephone, email, ...",
             "unknown medium '%s'", r->name);
    return -1;
}

/* ---- options --------------------------------------------------------------- */

/* Parses "N unit" into seconds; returns -1 if not a duration. */
static int64_t option_seconds(const char *v)
{
    char *end;
    size_t len = kj_number_len(v);
    double n = strtod(v, &end);
    if (!len || end != v + len) return -1; /* (1e1, 0x10: not numbers of the language) */
    while (*end == ' ') end++;
    if (n < 0 || n > 1e7) return -1; /* nothing sensible is longer, and the cast stays defined */
    if (!strcmp(end, "min") || !strcmp(end, "minutes")) return (int64_t)(n * 60);
    if (!strcmp(end, "h") || !strcmp(end, "hours") || !strcmp(end, "hour")) return (int64_t)(n * 3600);
    if (!strcmp(end, "s")) return (int64_t)n;
    if (!strcmp(end, "day") || !strcmp(end, "days")) return (int64_t)(n * 86400);
    if (!strcmp(end, "week") || !strcmp(end, "weeks")) return (int64_t)(n * 7 * 86400);
    return -1;
}

/* Parses "N m" or "N km" into metres; returns -1 if not a distance. */
static double option_metres(const char *v)
{
    char *end;
    size_t len = kj_number_len(v);
    double r = strtod(v, &end);
    int number = len && end == v + len;
    while (*end == ' ') end++;
    double mult = !strcmp(end, "m") ? 1 : !strcmp(end, "km") ? 1000 : -1;
    return !number || mult < 0 || r < 0 ? -1 : r * mult;
}

static void apply_option(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    const char *k = s->option->key, *v = s->option->value;
    if (!k || !v) return;
    char *end;
    if (!strcmp(k, "about")) {
        long pct = strtol(v, &end, 10);
        while (*end == ' ') end++;
        if (end == v || strcmp(end, "%") || pct < 0 || pct > 100) {
            kj_error(c, s->span, "write: option about 50%", "bad value '%s' for option about", v);
            return;
        }
        c->readopts.about_pct = (int)pct;
        c->opt_stmt_about = i;
    } else if (!strcmp(k, "about-clock") || !strcmp(k, "right-after")) {
        int64_t sec = option_seconds(v);
        if (sec < 0 || sec > 7 * 86400) {
            kj_error(c, s->span, "write e.g.: option about-clock 60 min", "bad duration '%s' for option %s", v, k);
            return;
        }
        if (k[0] == 'a') {
            c->readopts.about_clock_s = sec;
            c->opt_stmt_clock = i;
        } else {
            c->right_after_s = sec;
            c->opt_stmt_right_after = i;
        }
    } else if (!strcmp(k, "about-day") || !strcmp(k, "about-month")) {
        int64_t sec = option_seconds(v);
        if (sec < 0 || sec % 86400 != 0 || sec > 366 * 86400) {
            kj_error(c, s->span, k[6] == 'd' ? "write e.g.: option about-day 7 days" : "write e.g.: option about-month 15 days",
                     "bad value '%s' for option %s: whole days, at most 366", v, k);
            return;
        }
        if (k[6] == 'd') c->readopts.about_day_s = sec;
        else c->readopts.about_month_s = sec;
    } else if (!strcmp(k, "about-year")) {
        long years = strtol(v, &end, 10);
        while (*end == ' ') end++;
        if (end == v || (*end && strcmp(end, "year") && strcmp(end, "years")) || years < 0 || years > 100) {
            kj_error(c, s->span, "write e.g.: option about-year 1 year", "bad value '%s' for option about-year: 0 to 100 years", v);
            return;
        }
        c->readopts.about_year = (int)years;
    } else if (!strcmp(k, "radius") || !strcmp(k, "city-radius")) {
        double m = option_metres(v);
        if (m < 0) {
            kj_error(c, s->span, k[0] == 'r' ? "write e.g.: option radius 500 m" : "write e.g.: option city-radius 20 km",
                     "bad distance '%s' for option %s", v, k);
            return;
        }
        if (k[0] == 'r') {
            c->default_radius_m = m;
            c->opt_stmt_radius = i;
        } else {
            c->city_radius_m = m;
            c->opt_stmt_city_radius = i;
        }
    } else if (!strcmp(k, "date-order")) {
        if (strcmp(v, "dmy") && strcmp(v, "mdy")) {
            kj_error(c, s->span, "write: option date-order dmy (day first) or option date-order mdy (month first)",
                     "bad value '%s' for option date-order", v);
            return;
        }
        c->readopts.date_order = v[0] == 'd' ? KJ_DATE_ORDER_DMY : KJ_DATE_ORDER_MDY;
    } else {
        static const char *const known[] = {"about", "about-clock", "about-day", "about-month", "about-year",
                                            "right-after", "radius", "city-radius", "date-order"};
        kj_suggest option = {.written = k, .written_len = strlen(k), .limit = 3};
        for (size_t j = 0; j < sizeof known / sizeof known[0]; j++) kj_suggest_offer(&option, known[j]);
        char buf[96];
        const char *hint = kj_suggest_hint(option.best, buf, sizeof buf);
        kj_error(c, s->id_span,
                 hint ? hint
                      : "options: about, about-clock, about-day, about-month, about-year, right-after, radius, city-radius, date-order",
                 "unknown option '%s'", k);
    }
}

/* ---- places and zones ------------------------------------------------------ */

int kj_place_effective(const kj_case *c, int place)
{
    for (int guard = 0; place >= 0 && guard < 16; guard++) {
        const kj_stmt *p = &c->stmts[place];
        if (p->kind == ST_ENTITY) place = p->entity->at.idx;
        else if (p->kind == ST_PLACE && p->place->n_alts && p->place->assumed_alt >= 0) place = p->place->assumed_alt;
        else return place;
    }
    return place;
}

/* A place reference after the assumptions that pick one of several, but
 * not through an entity: a register at a hotel covers the hotel, not every
 * café at the same address (its scope is read narrowly). */
int kj_place_identity(const kj_case *c, int place)
{
    for (int guard = 0; place >= 0 && guard < 16; guard++) {
        const kj_stmt *p = &c->stmts[place];
        if (p->kind == ST_PLACE && p->place->n_alts && p->place->assumed_alt >= 0) place = p->place->assumed_alt;
        else return place;
    }
    return place;
}

/* Widest zones for a place without tz: every offset on Earth (timex.h). */
static const char *const any_zone[] = {KJ_ZONE_ANY_WEST, KJ_ZONE_ANY_EAST};

static int add_zone(const char **zones, int n, int max, const char *z)
{
    if (n < 0) return n;
    for (int m = 0; m < n; m++)
        if (!strcmp(zones[m], z)) return n;
    if (n == max) return -1;
    zones[n] = z;
    return n + 1;
}

/* (seen: the `one of` places walked, so that each is walked once however
 * many paths reach it; past its room, walking again only costs time) */
typedef struct zone_walk { int seen[64], n_seen; } zone_walk;

static int zones_into(const kj_case *c, int place, const char **zones, int n, int max, int depth, zone_walk *w)
{
    place = kj_place_effective(c, place);
    if (place < 0 || n < 0) return n;
    const kj_stmt *p = &c->stmts[place];
    if (p->place->zone.text) return add_zone(zones, n, max, p->place->zone.text);
    if (p->place->n_alts && depth <= KJ_ONE_OF_DEPTH) { /* resolve refuses deeper nesting and cycles */
        for (int i = 0; i < w->n_seen; i++)
            if (w->seen[i] == place) return n;
        if (w->n_seen < 64) w->seen[w->n_seen++] = place;
        for (int a = 0; a < p->place->n_alts && n >= 0; a++)
            if (p->place->alts[a].idx >= 0 && p->place->alts[a].idx != place)
                n = zones_into(c, p->place->alts[a].idx, zones, n, max, depth + 1, w);
        return n;
    }
    n = add_zone(zones, n, max, any_zone[0]);
    return add_zone(zones, n, max, any_zone[1]);
}

int kj_place_zones(const kj_case *c, int place, const char **zones, int max)
{
    if (kj_place_effective(c, place) < 0 || max < 1) return 0;
    zone_walk w = {{0}, 0};
    return zones_into(c, place, zones, 0, max, 0, &w);
}

const char *kj_records_zones_text(kj_case *c, int target)
{
    const kj_stmt *t = &c->stmts[target];
    if (t->kind == ST_TRACE) return t->trace->zone.text ? t->trace->zone.text : "UTC";
    const char *zones[KJ_ZONES_MAX];
    int n = kj_place_zones(c, t->reg->at.idx, zones, KJ_ZONES_MAX);
    if (n <= 0) return NULL;
    const char *text = zones[0];
    for (int i = 1; i < n; i++) text = kj_arena_printf(&c->arena, "%s, %s", text, zones[i]);
    return text;
}

/* A `one of` place must not be one of itself, nest deeper than
 * KJ_ONE_OF_DEPTH, be one of more than KJ_ONE_OF_PLACES places, or
 * have more than KJ_ZONES_MAX zones: each would make a reading drop
 * alternatives (or never end), so it is refused with an error (design.md
 * §0: a limit may refuse input, never drop an alternative).  The walk from
 * one root enters a place again only deeper than before (deepest[]), so it
 * costs at most KJ_ONE_OF_DEPTH visits of each place under the root, not
 * one per path: places that are one of the same places, 8 deep, have 3^8
 * paths (issue 19 item 10). */
static int one_of_walk(kj_case *c, int root, int place, int parent, unsigned char *on_path, signed char *deepest,
                       int depth)
{
    if (place < 0) return 0;
    kj_stmt *p = &c->stmts[place];
    if (p->kind != ST_PLACE || !p->place->n_alts) return 0;
    if (!on_path[place] && deepest[place] >= depth) return 0; /* seen as deep: nothing new below */
    if (on_path[place]) {
        const kj_stmt *q = &c->stmts[parent];
        kj_error(c, c->stmts[root].id_span, "a place may be one of several others, never (through them) of itself",
                 "place '%s' is one of itself: '%s' (%s:%d) lists '%s'", c->stmts[root].id, q->id,
                 c->files[q->span.file].path, q->span.line, p->id);
        return -1;
    }
    if (depth >= KJ_ONE_OF_DEPTH) {
        kj_error(c, c->stmts[root].id_span, "list the places themselves rather than places that are one of others",
                 "'one of' places nested more than %d deep under '%s'", KJ_ONE_OF_DEPTH, c->stmts[root].id);
        return -1;
    }
    on_path[place] = 1;
    deepest[place] = (signed char)depth;
    int rc = 0;
    for (int a = 0; a < p->place->n_alts && rc == 0; a++)
        rc = one_of_walk(c, root, p->place->alts[a].idx, place, on_path, deepest, depth + 1);
    on_path[place] = 0;
    return rc;
}

/* The distinct places a place may be through its nested `one of` places,
 * counted up to limit + 1 (seen[] == stamp: walked from this root).
 * Called on a place whose walk found no cycle. */
static long one_of_places(const kj_case *c, int place, unsigned *seen, unsigned stamp, long n, long limit)
{
    if (place < 0 || n > limit || seen[place] == stamp) return n;
    seen[place] = stamp;
    const kj_stmt *p = &c->stmts[place];
    if (p->kind != ST_PLACE || !p->place->n_alts) return n + 1;
    for (int a = 0; a < p->place->n_alts && n <= limit; a++) n = one_of_places(c, p->place->alts[a].idx, seen, stamp, n, limit);
    return n;
}

static void check_one_of(kj_case *c)
{
    unsigned char *on_path = kj_calloc(c->mem, (size_t)c->n_stmts + 1, 1);
    signed char *deepest = kj_malloc(c->mem, (size_t)c->n_stmts + 1);
    unsigned *seen = kj_calloc(c->mem, (size_t)c->n_stmts + 1, sizeof(unsigned)), stamp = 0;
    for (int i = 0; i < c->n_stmts; i++) {
        kj_stmt *s = &c->stmts[i];
        if (c->kinds[i] != ST_PLACE || s->bad || !s->place->n_alts) continue;
        memset(deepest, -1, (size_t)c->n_stmts + 1);
        if (one_of_walk(c, i, i, i, on_path, deepest, 0) != 0) {
            s->place->n_alts = 0; /* reported: read no further through it */
            s->bad = 1;
            continue;
        }
        if (one_of_places(c, i, seen, ++stamp, 0, KJ_ONE_OF_PLACES) > KJ_ONE_OF_PLACES) {
            kj_error(c, s->id_span, "split it into places of fewer alternatives",
                     "place '%s' is one of more than %d places (through nested 'one of' places)", s->id,
                     KJ_ONE_OF_PLACES);
            s->place->n_alts = 0;
            s->bad = 1;
            continue;
        }
        const char *zones[KJ_ZONES_MAX];
        if (kj_place_zones(c, i, zones, KJ_ZONES_MAX) < 0)
            kj_error(c, s->id_span, "split the place into smaller groups of alternatives",
                     "place '%s' has alternatives in more than %d time zones", s->id, KJ_ZONES_MAX);
    }
    kj_free(on_path);
    kj_free(deepest);
    kj_free(seen);
}

/* A place's or a trace's zone: a zone the databases know, or an error
 * (and no zone). */
static void check_zone(kj_case *c, kj_timestr *zone)
{
    if (zone->text && !kj_tz_valid_c(c->readopts.tz_cache, zone->text)) {
        char buf[128];
        const char *sug = KJ_HINT_WORTH(c) ? kj_tz_suggest(zone->text, buf, sizeof buf) : NULL;
        char hint_buf[192];
        const char *hint = kj_suggest_hint(sug, hint_buf, sizeof hint_buf);
        kj_error(c, zone->span, hint ? hint : "use an IANA zone name such as Europe/Oslo, or UTC+01:00",
                 "unknown time zone '%s'", zone->text);
        zone->text = NULL;
    }
}

static void resolve_place(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    for (int a = 0; a < s->place->n_alts; a++) {
        int j = resolve_ref(c, &s->place->alts[a], K(ST_PLACE), "place");
        if (j == i) kj_error(c, s->place->alts[a].span, NULL, "place '%s' cannot be one of itself", s->id);
    }
    if (s->place->city) kj_city_locate(c, i);
    check_zone(c, &s->place->zone);
    s->place->radius_m = s->place->radius_given_m >= 0 ? s->place->radius_given_m
                         : s->place->city && c->opt_stmt_city_radius >= 0 ? c->city_radius_m
                         : s->place->city ? (s->place->city->population >= 5000000 ? KJ_CITY_RADIUS_5M_M
                                             : s->place->city->population >= 1000000 ? KJ_CITY_RADIUS_1M_M
                                             : KJ_CITY_RADIUS_M)
                         : s->place->located ? c->default_radius_m : 0;
}

/* ---- times --------------------------------------------------------------- */

/* Whether a reading of a time reports its warnings: a time read twice
 * (a fact's narrow and wide readings) says them once. */
typedef enum { TIME_WARN, TIME_WARNED } time_warnings;

/* Keeps the offsets written with a claim's time as zones ("UTC-04:00"),
 * each once: calendars its days may be counted in. */
static void keep_written_zones(kj_case *c, kj_claim_stmt *cl, const kj_timex_result *r)
{
    for (int k = 0; k < r->n_offsets; k++) {
        int off = r->offsets_s[k], a = off < 0 ? -off : off;
        char z[32];
        snprintf(z, sizeof z, "UTC%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
        int have = 0;
        for (int j = 0; j < cl->n_written_zones; j++) have |= !strcmp(cl->written_zones[j], z);
        if (have) continue;
        /* (rare: a new array each time, in the arena) */
        const char **zs = kj_arena_alloc(&c->arena, sizeof *zs * (size_t)(cl->n_written_zones + 1));
        for (int j = 0; j < cl->n_written_zones; j++) zs[j] = cl->written_zones[j];
        zs[cl->n_written_zones++] = kj_arena_strdup(&c->arena, z);
        cl->written_zones = zs;
    }
}

/* The statement's kind in a note: "claim", "register entry", ... */
static const char *note_noun(const kj_stmt *s)
{
    return s->kind == ST_ENTRY ? "register entry" : kj_stmt_kind_name(s->kind);
}

/* Where a weekday is written: within the time's quoted string when the
 * time is one string as written (no escapes, not several joined), else the
 * time as a whole. */
static kj_span weekday_span(kj_case *c, const kj_timestr *ts, const kj_weekday_slip *slip)
{
    kj_span sp = ts->span;
    size_t n = strlen(ts->text);
    const char *line = kj_line_text(c, &c->arena, sp.file, sp.line);
    if (!line || sp.col < 1 || (size_t)sp.len != n + 2 || strlen(line) < (size_t)sp.col - 1 + n + 2) return sp;
    const char *at = line + sp.col - 1;
    if (at[0] != '"' || memcmp(at + 1, ts->text, n) != 0 || at[n + 1] != '"') return sp;
    sp.col += 1 + slip->offset;
    sp.len = slip->len;
    return sp;
}

/* Notes each weekday that the date of statement stmt's time ts does not
 * fall on: timex read it as either day, and the report says so. */
static void note_weekday_slips(kj_case *c, int stmt, const kj_timestr *ts, const kj_timex_result *r)
{
    for (int k = 0; k < r->n_slips; k++) {
        if (c->n_weekday_notes == c->cap_weekday_notes) { /* (in the arena: doubling) */
            int cap = c->cap_weekday_notes ? 2 * c->cap_weekday_notes : 8;
            kj_weekday_note *grown = kj_arena_alloc(&c->arena, sizeof *grown * (size_t)cap);
            if (c->n_weekday_notes) memcpy(grown, c->weekday_notes, sizeof *grown * (size_t)c->n_weekday_notes);
            c->weekday_notes = grown;
            c->cap_weekday_notes = cap;
        }
        kj_weekday_note *n = &c->weekday_notes[c->n_weekday_notes++];
        n->stmt = stmt;
        n->at = weekday_span(c, ts, &r->slips[k]);
        n->time = ts->text;
        n->slip = r->slips[k];
        n->message = NULL; /* (once the ids are final: order_weekday_notes) */
    }
}

/* Notes in statement order, then by where each time and weekday is
 * written: resolve reads places and assumptions first. */
static int note_order(const void *a, const void *b)
{
    const kj_weekday_note *x = a, *y = b;
    if (x->stmt != y->stmt) return x->stmt < y->stmt ? -1 : 1;
    if (x->at.line != y->at.line) return x->at.line < y->at.line ? -1 : 1;
    if (x->at.col != y->at.col) return x->at.col < y->at.col ? -1 : 1;
    return (x->slip.offset > y->slip.offset) - (x->slip.offset < y->slip.offset);
}

/* Sorts the notes and words them, with the statements' final ids (a
 * custody's is made of its names' ids after its time is read). */
static void order_weekday_notes(kj_case *c)
{
    if (c->n_weekday_notes > 1)
        qsort(c->weekday_notes, (size_t)c->n_weekday_notes, sizeof *c->weekday_notes, note_order);
    for (int k = 0; k < c->n_weekday_notes; k++) {
        kj_weekday_note *n = &c->weekday_notes[k];
        const kj_stmt *s = &c->stmts[n->stmt];
        char said[2 * KJ_TIMEX_MSG]; /* (with an Old Style remark, more than one message) */
        kj_weekday_slip_text(&n->slip, said, sizeof said);
        n->message = s->id ? kj_arena_printf(&c->arena, "%s '%s' says %s", note_noun(s), s->id, said)
                           : kj_arena_printf(&c->arena, "%s (line %d) says %s", note_noun(s), s->span.line, said);
    }
}

/* Reads ts, statement stmt's, at place; returns 0 and fills iv/reading, or
 * reports an error.  A claim's time (cl) keeps the offsets written with it. */
static int read_time_as(kj_case *c, int stmt, const kj_timestr *ts, int place, kj_reading rd, kj_interval *iv,
                        const char **reading, time_warnings warn, kj_claim_stmt *cl)
{
    const char *zones[KJ_ZONES_MAX];
    if (place >= 0 && kj_place_effective(c, place) < 0) return -1; /* an entity whose place is in error: reported */
    /* no place (a message whose places are not given): every offset on Earth */
    int nz = place < 0 ? 2 : kj_place_zones(c, place, zones, KJ_ZONES_MAX);
    if (place < 0) zones[0] = any_zone[0], zones[1] = any_zone[1];
    if (nz < 0) return -1; /* reported by check_one_of */
    kj_timex_result r; /* (kj_timex_parse and kj_duration_parse set it up) */
    if (kj_timex_parse(ts->text, zones, nz, rd, &c->readopts, &r) != 0) {
        kj_span sp = ts->span;
        /* point into the string when the error has an offset inside it */
        const char *hint = r.hint[0] ? kj_arena_strdup(&c->arena, r.hint) : NULL;
        kj_error(c, sp, hint, "cannot read time \"%s\": %s", ts->text, r.error);
        return -1;
    }
    *iv = r.when;
    *reading = kj_arena_strdup(&c->arena, r.reading);
    if (cl) keep_written_zones(c, cl, &r);
    if (r.warning[0] && warn == TIME_WARN)
        kj_warn(c, ts->span, "check the place's zone and the time's offset", "time \"%s\": %s", ts->text, r.warning);
    if (warn == TIME_WARN) note_weekday_slips(c, stmt, ts, &r);
    return 0;
}

static int read_time(kj_case *c, int stmt, const kj_timestr *ts, int place, kj_reading rd, kj_interval *iv,
                     const char **reading)
{
    return read_time_as(c, stmt, ts, place, rd, iv, reading, TIME_WARN, NULL);
}

/* A custody's time (who had a device, while): in its `tz ZONE`, else at
 * every offset on Earth; narrow (the part every reading agrees on: the
 * custody is used against its holder) into *narrow, with its reading, and
 * wide into *wide.  Without a time: at all times. */
static void read_custody_time(kj_case *c, int stmt, const kj_timestr *ts, kj_timestr *zone, kj_interval *narrow, kj_interval *wide,
                              const char **reading)
{
    *narrow = *wide = (kj_interval){.lo = -KJ_INF, .hi = KJ_INF};
    *reading = NULL;
    int had_zone = zone->text != NULL;
    check_zone(c, zone);
    if (!ts->text || (had_zone && !zone->text)) return; /* (an unknown zone: reported) */
    const char *zones[2] = {zone->text ? zone->text : any_zone[0], any_zone[1]};
    int nz = zone->text ? 1 : 2;
    kj_timex_result r;
    if (kj_timex_parse(ts->text, zones, nz, KJ_READ_NARROW, &c->readopts, &r) != 0) {
        const char *hint = r.hint[0] ? kj_arena_strdup(&c->arena, r.hint) : NULL;
        if (!zone->text)
            hint = c->stmts[stmt].kind == ST_FACT && c->stmts[stmt].fact->fact_kind == FACT_UNREACHABLE
                       ? "give the period's zone (throughout TIME tz Europe/Moscow) or write offsets in its times: without them "
                         "they are read at every offset on Earth, and only the part every offset agrees on counts"
                       : "give the custody's zone (throughout TIME tz Europe/London) or write offsets in its times: without them "
                         "they are read at every offset on Earth, and only the part every offset agrees on counts";
        kj_error(c, ts->span, hint, "cannot read time \"%s\": %s", ts->text, r.error);
        return;
    }
    *narrow = r.when;
    *reading = kj_arena_strdup(&c->arena, r.reading);
    if (r.warning[0] && zone->text)
        kj_warn(c, ts->span, "check the custody's zone and the time's offset", "time \"%s\": %s", ts->text, r.warning);
    note_weekday_slips(c, stmt, ts, &r);
    if (kj_timex_parse(ts->text, zones, nz, KJ_READ_WIDE, &c->readopts, &r) == 0) *wide = r.when;
    else *wide = (kj_interval){.lo = -KJ_INF, .hi = KJ_INF};
}

static int read_duration(kj_case *c, kj_stmt *s)
{
    kj_timex_result r; /* (kj_timex_parse and kj_duration_parse set it up) */
    if (kj_duration_parse(s->claim->dur.text, &c->readopts, &s->claim->dur_min, &s->claim->dur_max, &r) != 0) {
        const char *hint = r.hint[0] ? kj_arena_strdup(&c->arena, r.hint) : NULL;
        kj_error(c, s->claim->dur.span, hint, "cannot read duration \"%s\": %s", s->claim->dur.text, r.error);
        return -1;
    }
    s->claim->dur_reading = kj_arena_strdup(&c->arena, r.reading);
    return 0;
}

/* "3 days after X" (SEQ_GAP): the duration's range, and for days and
 * weeks the calendar's slack: a witness counts dates, not hours ("3 days
 * later" after 23:59 may be 48 h later, or 96 h), and each date in any
 * clock on Earth (UTC-16 .. UTC+16, as "the next day" does when its
 * claims' times do not bound it).  "a few", "several" and "a couple of"
 * days or weeks say no number: they bound nothing beyond "after". */
static void read_gap(kj_case *c, kj_stmt *s)
{
    kj_claim_stmt *cl = s->claim;
    const char *t = cl->seq_gap.text;
    static const char *const vague[] = {"a few ", "several ", "a couple of ", "a couple "};
    for (size_t i = 0; i < sizeof vague / sizeof vague[0]; i++)
        if (!strncasecmp(t, vague[i], strlen(vague[i]))) {
            cl->gap_min = 0;
            cl->gap_max = KJ_INF;
            cl->gap_reading = kj_arena_printf(&c->arena, "any time after it ends (\"%s\" says no number)", t);
            return;
        }
    kj_timex_result r;
    int64_t lo, hi;
    if (kj_duration_parse(t, &c->readopts, &lo, &hi, &r) != 0) {
        const char *hint = r.hint[0] ? kj_arena_strdup(&c->arena, r.hint) : NULL;
        kj_error(c, cl->seq_gap.span, hint, "cannot read duration \"%s\": %s", t, r.error);
        return;
    }
    const char *last = strrchr(t, ' ');
    last = last ? last + 1 : t;
    int calendar = !strncmp(last, "day", 3) || !strncmp(last, "week", 4);
    char a[64], b[64];
    if (calendar) {
        int64_t slack = 86400 + 32 * 3600; /* a date's day, and any two clocks' */
        lo = lo > slack ? lo - slack : 0;
        hi = hi < KJ_INF - slack ? hi + slack : KJ_INF;
    }
    cl->gap_min = lo;
    cl->gap_max = hi;
    kj_duration_format(lo, a, sizeof a);
    kj_duration_format(hi, b, sizeof b);
    cl->gap_reading = kj_arena_printf(&c->arena, "%s .. %s after it ends (%s%s)", a, hi >= KJ_INF ? "any time" : b, r.reading,
                                      calendar ? "; counted in dates: a day more or less, and each date in any clock on "
                                                 "Earth, UTC-16 .. UTC+16" : "");
}

/* "by air" may name a class of modes rather than one mode.  Mode classes
 * are few; the list of mode statements is collected once (c->mode_list). */
static int is_class_name(kj_case *c, const char *name)
{
    if (!c->mode_list) {
        c->mode_list = kj_arena_alloc(&c->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
        for (int i = 0; i < c->n_stmts; i++)
            if (c->stmts[i].kind == ST_MODE && c->stmts[i].mode->mode_class) c->mode_list[c->n_mode_list++] = i;
    }
    for (int k = 0; k < c->n_mode_list; k++)
        if (!strcmp(c->stmts[c->mode_list[k]].mode->mode_class, name)) return 1;
    return 0;
}

/* A message: its people, medium and places (each optional); its time
 * (`on/in TIME`) is the claim's person's act, read at his place, else at
 * every offset on Earth: a call's start, a message's sending by its sender
 * or its receipt by its receiver. */
static void resolve_message(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    kj_claim_stmt *cl = s->claim;
    unsigned where = K(ST_PLACE) | K(ST_ENTITY);
    resolve_ref(c, &cl->person, K(ST_PERSON), "person");
    resolve_ref(c, &cl->party, K(ST_PERSON), "person");
    resolve_medium(c, &cl->medium);
    if (cl->from.name) resolve_ref(c, &cl->from, where, "place");
    if (cl->to.name) resolve_ref(c, &cl->to, where, "place");
    cl->at = cl->receives ? cl->to : cl->from;
    if (cl->party.idx >= 0 && cl->party.idx == cl->person.idx)
        kj_error(c, cl->party.span, NULL, "a message from '%s' to himself", cl->person.name);
    if (cl->seq_ref.name) resolve_ref(c, &cl->seq_ref, K(ST_CLAIM), "claim");
    if (cl->during.name && resolve_ref(c, &cl->during, K(ST_CLAIM) | K(ST_FACT), "claim or fact") >= 0 &&
        c->stmts[cl->during.idx].kind == ST_FACT && c->stmts[cl->during.idx].fact->fact_kind == FACT_RESIDES) {
        kj_error(c, cl->during.span, "residence is not presence: refer to a 'throughout' fact or a claim",
                 "'during %s' needs a time span, and '%s' is a residence", cl->during.name, cl->during.name);
        cl->during.idx = -1;
    }
    if (cl->seq_ref.idx == i) kj_error(c, cl->seq_ref.span, NULL, "claim '%s' cannot follow itself", s->id);
    if (cl->during.idx == i) kj_error(c, cl->during.span, NULL, "claim '%s' cannot lie during itself", s->id);
    cl->when_iv = cl->depart_iv = cl->arrive_iv = (kj_interval){.lo = -KJ_INF, .hi = KJ_INF};
    cl->written_zones = NULL;
    cl->n_written_zones = 0;
    int place = cl->at.name ? cl->at.idx : -1;
    if (cl->when.text && (!cl->at.name || place >= 0))
        read_time_as(c, i, &cl->when, place, KJ_READ_WIDE, &cl->when_iv, &cl->when_reading, TIME_WARN, cl);
    /* `sent TIME` at the sender's place, `received TIME` at the receiver's */
    const kj_timestr *act = cl->receives ? &cl->arrive : &cl->depart;
    const kj_medium_stmt *m = cl->medium.idx >= 0 ? c->stmts[cl->medium.idx].medium : NULL;
    if (m && m->medium_class == MEDIUM_LIVE && (cl->depart.text || cl->arrive.text)) {
        kj_error(c, (cl->depart.text ? &cl->depart : &cl->arrive)->span, "a call is one span: when it begins (on TIME), and lasts DURATION",
                 "'%s' is a call by %s: it is not sent and received apart", s->id, c->stmts[cl->medium.idx].id);
        cl->depart.text = cl->arrive.text = NULL;
    } else if (cl->when.text && act->text)
        kj_error(c, act->span, "write it once: the claim's own time is when its person acts",
                 "'%s' %s the message in its time and again here", s->id, cl->receives ? "receives" : "sends");
    if (cl->depart.text && (!cl->from.name || cl->from.idx >= 0))
        read_time_as(c, i, &cl->depart, cl->from.name ? cl->from.idx : -1, KJ_READ_WIDE, &cl->depart_iv, &cl->depart_reading,
                     TIME_WARN, cl);
    if (cl->arrive.text && (!cl->to.name || cl->to.idx >= 0))
        read_time_as(c, i, &cl->arrive, cl->to.name ? cl->to.idx : -1, KJ_READ_WIDE, &cl->arrive_iv, &cl->arrive_reading,
                     TIME_WARN, cl);
    cl->dur_min = 0;
    cl->dur_max = KJ_INF;
    if (cl->dur.text) read_duration(c, s);
    if (cl->seq == SEQ_GAP && cl->seq_gap.text) read_gap(c, s);
}

static void resolve_claim(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    if (s->claim->claim_kind == CLAIM_MESSAGE) {
        resolve_message(c, i);
        return;
    }
    unsigned where = K(ST_PLACE) | K(ST_ENTITY);
    resolve_ref(c, &s->claim->person, K(ST_PERSON), "person");
    for (int k = 0; k < s->claim->n_others; k++) resolve_ref(c, &s->claim->others[k], K(ST_PERSON), "person");
    if (s->claim->claim_kind == CLAIM_TRAVEL) {
        resolve_ref(c, &s->claim->from, where, "place");
        resolve_ref(c, &s->claim->to, where, "place");
        if (s->claim->mode.name && !(kj_find_stmt(c, s->claim->mode.name) < 0 && is_class_name(c, s->claim->mode.name)))
            resolve_ref(c, &s->claim->mode, K(ST_MODE), "mode or mode class");
    } else {
        resolve_ref(c, &s->claim->at, where, "place");
    }
    if (s->claim->seq_ref.name) resolve_ref(c, &s->claim->seq_ref, K(ST_CLAIM), "claim");
    if (s->claim->during.name && resolve_ref(c, &s->claim->during, K(ST_CLAIM) | K(ST_FACT), "claim or fact") >= 0 &&
        c->stmts[s->claim->during.idx].kind == ST_FACT && c->stmts[s->claim->during.idx].fact->fact_kind == FACT_RESIDES) {
        kj_error(c, s->claim->during.span, "residence is not presence: refer to a 'throughout' fact or a claim",
                 "'during %s' needs a time span, and '%s' is a residence", s->claim->during.name, s->claim->during.name);
        s->claim->during.idx = -1;
    }
    if (s->claim->seq_ref.idx == i) kj_error(c, s->claim->seq_ref.span, NULL, "claim '%s' cannot follow itself", s->id);
    if (s->claim->during.idx == i) kj_error(c, s->claim->during.span, NULL, "claim '%s' cannot lie during itself", s->id);
    int place_start = s->claim->claim_kind == CLAIM_TRAVEL ? s->claim->from.idx : s->claim->at.idx;
    int place_end = s->claim->claim_kind == CLAIM_TRAVEL ? s->claim->to.idx : s->claim->at.idx;
    s->claim->when_iv.lo = -KJ_INF;
    s->claim->when_iv.hi = KJ_INF;
    s->claim->depart_iv = s->claim->arrive_iv = s->claim->when_iv;
    s->claim->written_zones = NULL;
    s->claim->n_written_zones = 0;
    if (s->claim->when.text && place_start >= 0) /* "in TIME" is when the event begins: read at its start */
        read_time_as(c, i, &s->claim->when, place_start, KJ_READ_WIDE, &s->claim->when_iv, &s->claim->when_reading,
                     TIME_WARN, s->claim);
    if (s->claim->depart.text && place_start >= 0)
        read_time_as(c, i, &s->claim->depart, place_start, KJ_READ_WIDE, &s->claim->depart_iv,
                     &s->claim->depart_reading, TIME_WARN, s->claim);
    if (s->claim->arrive.text && place_end >= 0)
        read_time_as(c, i, &s->claim->arrive, place_end, KJ_READ_WIDE, &s->claim->arrive_iv,
                     &s->claim->arrive_reading, TIME_WARN, s->claim);
    s->claim->dur_min = 0;
    s->claim->dur_max = KJ_INF;
    if (s->claim->dur.text) read_duration(c, s);
    if (s->claim->seq == SEQ_GAP && s->claim->seq_gap.text) read_gap(c, s);
}

/* A journey fact: its person, ends and mode (or class); its departure
 * read wide at A, its arrival wide at B (each an instant somewhere in its
 * reading: the widest is the most a claim may use).  What a claim
 * `during` it may fill: from the earliest departure to the latest arrival. */
static void resolve_fact_journey(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    kj_fact_stmt *f = s->fact;
    unsigned where = K(ST_PLACE) | K(ST_ENTITY);
    resolve_ref(c, &f->person, K(ST_PERSON), "person");
    int a = resolve_ref(c, &f->at, where, "place");
    int b = resolve_ref(c, &f->to, where, "place");
    if (f->mode.name && !(kj_find_stmt(c, f->mode.name) < 0 && is_class_name(c, f->mode.name)))
        resolve_ref(c, &f->mode, K(ST_MODE), "mode or mode class");
    f->when_iv = f->arrive_iv = f->wide_iv = (kj_interval){.lo = -KJ_INF, .hi = KJ_INF};
    int ok = a >= 0 && b >= 0;
    ok &= a >= 0 && read_time(c, i, &f->when, a, KJ_READ_WIDE, &f->when_iv, &f->when_reading) == 0;
    ok &= b >= 0 && read_time(c, i, &f->arrive, b, KJ_READ_WIDE, &f->arrive_iv, &f->arrive_reading) == 0;
    if (!ok) return;
    if (f->arrive_iv.hi < f->when_iv.lo) {
        kj_error(c, f->arrive.span, "check the dates: the arrival is read as before the departure",
                 "'%s' arrives (%s) before it departs (%s)", s->id, f->arrive_reading, f->when_reading);
        return;
    }
    f->wide_iv = (kj_interval){.lo = f->when_iv.lo, .hi = f->arrive_iv.hi};
    f->wide_reading = kj_arena_printf(&c->arena, "departs %s, arrives %s", f->when_reading, f->arrive_reading);
}

static void resolve_stmt(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    if (s->source.name) resolve_ref(c, &s->source, K(ST_SOURCE), "source");
    switch (s->kind) {
    case ST_PLACE:
        resolve_place(c, i);
        break;
    case ST_ENTITY:
        s->entity->life.lo = -KJ_INF;
        s->entity->life.hi = KJ_INF;
        if (resolve_ref(c, &s->entity->at, K(ST_PLACE), "place") >= 0 && s->entity->exists.text)
            read_time(c, i, &s->entity->exists, s->entity->at.idx, KJ_READ_WIDE, &s->entity->life, &s->entity->life_reading);
        break;
    case ST_ROUTE:
        resolve_ref(c, &s->route->from, K(ST_PLACE) | K(ST_ENTITY), "place");
        resolve_ref(c, &s->route->to, K(ST_PLACE) | K(ST_ENTITY), "place");
        resolve_ref(c, &s->route->mode, K(ST_MODE), "mode");
        break;
    case ST_REGISTER:
        if (resolve_ref(c, &s->reg->at, K(ST_PLACE) | K(ST_ENTITY), "place") >= 0 && s->reg->covers.text)
            read_time(c, i, &s->reg->covers, s->reg->at.idx, KJ_READ_NARROW, &s->reg->coverage, &s->reg->coverage_reading);
        if (s->reg->store.name) resolve_ref(c, &s->reg->store, K(ST_STORE), "store");
        break;
    case ST_TRACE:
        resolve_ref(c, &s->trace->person, K(ST_PERSON) | K(ST_DEVICE), "person, device or vehicle");
        resolve_ref(c, &s->trace->store, K(ST_STORE), "store");
        check_zone(c, &s->trace->zone);
        s->trace->radius_m = s->trace->radius_given_m >= 0 ? s->trace->radius_given_m : c->default_radius_m;
        break;
    case ST_ENTRY: {
        s->entry->when_iv.lo = -KJ_INF;
        s->entry->when_iv.hi = KJ_INF;
        const kj_stmt *reg = &c->stmts[s->parent];
        if (s->entry->when.text && reg->reg->at.idx >= 0)
            read_time(c, i, &s->entry->when, reg->reg->at.idx, KJ_READ_WIDE, &s->entry->when_iv, &s->entry->when_reading);
        if (s->entry->unrelated_to.name) resolve_ref(c, &s->entry->unrelated_to, K(ST_CLAIM), "claim");
        break;
    }
    case ST_DEVICE:
        if (s->device->owner.name) resolve_ref(c, &s->device->owner, K(ST_PERSON), "person");
        break;
    case ST_FACT:
        if (s->fact->fact_kind == FACT_CUSTODY) {
            resolve_ref(c, &s->fact->person, K(ST_PERSON), "person");
            resolve_ref(c, &s->fact->thing, K(ST_DEVICE), "device or vehicle");
            read_custody_time(c, i, &s->fact->when, &s->fact->zone, &s->fact->when_iv, &s->fact->wide_iv, &s->fact->when_reading);
            s->fact->wide_reading = s->fact->when_reading;
            break;
        }
        if (s->fact->fact_kind == FACT_JOURNEY) {
            resolve_fact_journey(c, i);
            break;
        }
        if (s->fact->fact_kind == FACT_UNREACHABLE) {
            /* narrow (it is used against the testimony), in its `tz ZONE`,
             * else at every offset on Earth, as a custody's time is */
            resolve_ref(c, &s->fact->person, K(ST_PERSON), "person");
            for (int k = 0; k < s->fact->n_media; k++) resolve_medium(c, &s->fact->media[k]);
            read_custody_time(c, i, &s->fact->when, &s->fact->zone, &s->fact->when_iv, &s->fact->wide_iv, &s->fact->when_reading);
            s->fact->wide_reading = s->fact->when_reading;
            break;
        }
        resolve_ref(c, &s->fact->person, s->fact->fact_kind == FACT_RESIDES ? K(ST_PERSON) : K(ST_PERSON) | K(ST_DEVICE),
                    s->fact->fact_kind == FACT_RESIDES ? "person" : "person, device or vehicle");
        s->fact->when_iv.lo = -KJ_INF;
        s->fact->when_iv.hi = KJ_INF;
        s->fact->wide_iv = s->fact->when_iv;
        if (resolve_ref(c, &s->fact->at, K(ST_PLACE) | K(ST_ENTITY), "place") >= 0 && s->fact->when.text
            && read_time(c, i, &s->fact->when, s->fact->at.idx, s->fact->fact_kind == FACT_THROUGHOUT ? KJ_READ_NARROW : KJ_READ_WIDE,
                         &s->fact->when_iv, &s->fact->when_reading) == 0) {
            s->fact->wide_iv = s->fact->when_iv;
            s->fact->wide_reading = s->fact->when_reading;
            if (s->fact->fact_kind == FACT_THROUGHOUT) /* what a claim `during` it may fill */
                read_time_as(c, i, &s->fact->when, s->fact->at.idx, KJ_READ_WIDE, &s->fact->wide_iv, &s->fact->wide_reading,
                             TIME_WARNED, NULL);
        }
        if (s->fact->fact_kind == FACT_RESIDES && s->fact->at.idx >= 0 && s->fact->until.text) /* "to TIME": checked, not used */
            read_time(c, i, &s->fact->until, s->fact->at.idx, KJ_READ_WIDE, &s->fact->until_iv, &s->fact->until_reading);
        break;
    case ST_TESTIMONY:
        resolve_ref(c, &s->testimony->person, K(ST_PERSON), "person");
        break;
    case ST_CLAIM:
        resolve_claim(c, i);
        break;
    default:
        break;
    }
}

/* assume CLAIM K = V adds an attribute to the claim; assume P = ALT picks
 * one of a place's alternatives.  Both are cited in every proof using them. */
static void resolve_assume(kj_case *c, int i)
{
    kj_stmt *s = &c->stmts[i];
    if (s->assume->thing.name) { /* PERSON has THING [throughout TIME] */
        resolve_ref(c, &s->assume->target, K(ST_PERSON), "person");
        resolve_ref(c, &s->assume->thing, K(ST_DEVICE), "device or vehicle");
        read_custody_time(c, i, &s->assume->when, &s->assume->zone, &s->assume->when_iv, &s->assume->wide_iv,
                          &s->assume->when_reading);
        if (s->assume->id_derived && s->assume->target.idx >= 0 && s->assume->thing.idx >= 0) {
            /* of the ids, not the names written: an alias and its id are one
             * custody, and once is enough */
            const char *id = kj_arena_printf(&c->arena, "%s.has.%s", c->stmts[s->assume->target.idx].id,
                                             c->stmts[s->assume->thing.idx].id);
            int other = kj_find_stmt(c, id);
            for (int k = 0; k < i && other < 0; k++)
                if (c->kinds[k] == ST_ASSUME && c->stmts[k].id && !strcmp(c->stmts[k].id, id)) other = k;
            /* (written with the ids themselves, both had this id already: a
             * duplicate id reported once, by the names' check) */
            int said = s->id && !strcmp(s->id, id) && other >= 0 && c->stmts[other].id && !strcmp(c->stmts[other].id, id);
            if (other >= 0 && other != i && !said) {
                kj_error(c, s->span, "each custody once: delete one, or give this one an id of its own (assume ID: ...)",
                         "duplicate id '%s' (also at %s:%d)", id, c->files[c->stmts[other].span.file].shown,
                         c->stmts[other].span.line);
                return;
            }
            s->id = id;
        }
        return;
    }
    if (s->assume->n_classes) { /* PERSON travels by CLASS, ... */
        resolve_ref(c, &s->assume->target, K(ST_PERSON), "person");
        for (int k = 0; k < s->assume->n_classes; k++) {
            const kj_ref *r = &s->assume->classes[k];
            if (is_class_name(c, r->name)) continue;
            kj_suggest sg = {.written = r->name, .written_len = strlen(r->name), .limit = 2, .edits = KJ_EDITS_SWAPS};
            for (int m = 0; m < c->n_mode_list; m++) kj_suggest_offer(&sg, c->stmts[c->mode_list[m]].mode->mode_class);
            char hint[160];
            kj_error(c, r->span, kj_suggest_hint(sg.best, hint, sizeof hint) ? hint : "the classes are those of the modes: foot, horse, sea, rail, car, air, and the case's own",
                     "unknown mode class '%s'", r->name);
        }
        for (int k = 0; k < i; k++) /* once per person */
            if (c->kinds[k] == ST_ASSUME && c->stmts[k].assume->n_classes && !c->stmts[k].bad &&
                c->stmts[k].assume->target.idx >= 0 && c->stmts[k].assume->target.idx == s->assume->target.idx) {
                kj_error(c, s->span, "say every class the person may use in one statement",
                         "how '%s' travels is assumed twice (also at %s:%d)", s->assume->target.name,
                         c->files[c->stmts[k].span.file].shown, c->stmts[k].span.line);
                break;
            }
        return;
    }
    if (s->assume->alt.name) {
        int p = resolve_ref(c, &s->assume->target, K(ST_PLACE), "place");
        int a = resolve_ref(c, &s->assume->alt, K(ST_PLACE), "place");
        if (p < 0 || a < 0) return;
        kj_stmt *pl = &c->stmts[p];
        int ok = 0;
        for (int k = 0; k < pl->place->n_alts; k++) ok |= pl->place->alts[k].idx == a;
        if (!ok) {
            kj_error(c, s->assume->alt.span, pl->place->n_alts ? "name one of the alternatives after 'one of'" : "only a place declared 'one of A, B' has alternatives",
                     "'%s' is not an alternative of place '%s'", s->assume->alt.name, pl->id);
            return;
        }
        if (pl->place->assumed_by >= 0) {
            kj_error(c, s->span, NULL, "place '%s' is already assumed to be '%s'", pl->id,
                     c->stmts[pl->place->assumed_alt].id);
            return;
        }
        pl->place->assumed_alt = a;
        pl->place->assumed_by = i;
        return;
    }
    int t = resolve_ref(c, &s->assume->target, K(ST_CLAIM), "claim");
    if (t < 0) return;
    kj_stmt *cl = &c->stmts[t];
    for (int k = 0; k < s->assume->n_attrs; k++)
        for (int j = 0; j < cl->claim->n_attrs; j++)
            if (!strcmp(cl->claim->attrs[j].key, s->assume->attrs[k].key)) {
                const kj_stmt *was = cl->claim->attrs[j].stmt >= 0 ? &c->stmts[cl->claim->attrs[j].stmt] : NULL;
                kj_error(c, s->assume->attrs[k].span, "assume each attribute of a claim once: which value would be read?",
                         "claim '%s' is already assumed %s = %s%s%s%s", cl->id, s->assume->attrs[k].key, cl->claim->attrs[j].value,
                         was ? " (line " : "", was ? kj_arena_printf(&c->arena, "%d", was->span.line) : "", was ? ")" : "");
                return;
            }
    kj_attr *na = kj_arena_alloc(&c->arena, sizeof(kj_attr) * (size_t)(cl->claim->n_attrs + s->assume->n_attrs + 1));
    if (cl->claim->n_attrs) memcpy(na, cl->claim->attrs, sizeof(kj_attr) * (size_t)cl->claim->n_attrs);
    for (int k = 0; k < s->assume->n_attrs; k++) {
        na[cl->claim->n_attrs + k] = s->assume->attrs[k];
        na[cl->claim->n_attrs + k].stmt = i;
    }
    cl->claim->attrs = na;
    cl->claim->n_attrs += s->assume->n_attrs;
}

/* A device's owner (a vehicle's keeper) is not its holder: what the
 * device's positions say of the owner rests on the hypothesis that he had
 * it, which nothing states.  Each device with an owner gets that
 * hypothesis as an assumption of its own (at all times), made here and
 * never written: the check uses it only where no stated custody speaks of
 * the device, and reports what rests on it as a finding about the device,
 * never as a contradiction of its owner (network.c, check.c). */
static void owner_hypotheses(kj_case *c)
{
    int n = c->n_stmts;
    for (int i = 0; i < n; i++) {
        if (c->kinds[i] != ST_DEVICE || c->stmts[i].bad || c->stmts[i].device->owner.idx < 0) continue;
        kj_span sp = c->stmts[i].device->owner.span;
        const char *id = kj_arena_printf(&c->arena, "%s.%s-had-it", c->stmts[i].id, c->stmts[i].device->vehicle ? "keeper" : "owner");
        int taken = kj_find_stmt(c, id);
        if (taken >= 0) { /* its id is the hypothesis's: proofs would name two statements alike */
            kj_error(c, c->stmts[taken].id_span, "rename it: the id is the hypothesis a device's owner makes",
                     "id '%s' is the hypothesis of %s '%s' (line %d)", id, c->stmts[i].device->vehicle ? "vehicle" : "device",
                     c->stmts[i].id, c->stmts[i].span.line);
            continue;
        }
        kj_stmt *h = kj_stmt_append(c, ST_ASSUME, ROLE_ASSUMPTION, sp);
        const kj_stmt *d = &c->stmts[i]; /* (after the append: it moves the statements) */
        h->id = id;
        h->id_span = sp;
        h->parent = -1;
        h->assume->target = d->device->owner;
        h->assume->thing = (kj_ref){.name = d->id, .span = d->id_span, .idx = i};
        h->assume->hypothetical = 1;
        h->label = kj_arena_printf(&c->arena, "hypothesis, stated nowhere: %s, its %s, had it", c->stmts[d->device->owner.idx].id,
                                   d->device->vehicle ? "keeper" : "owner");
        c->stmts[i].device->hypothesis = (int)(h - c->stmts);
    }
}

/* A case's mode whose id is the class of another mode: `by ID` would name
 * both the one mode and the whole class, and the mode (the slower,
 * usually) would win silently.  Refused, with another id to give it. */
static void check_mode_ids(kj_case *c)
{
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (c->kinds[i] != ST_MODE || s->from_data || s->bad || !s->id) continue;
        for (int j = 0; j < c->n_stmts; j++) {
            const kj_stmt *t = &c->stmts[j];
            if (j == i || c->kinds[j] != ST_MODE || t->bad || !t->mode->mode_class || strcmp(t->mode->mode_class, s->id)) continue;
            char hint[192];
            snprintf(hint, sizeof hint, "give the mode an id of its own (mode %s-1: %s max ...): 'by %s' then names the class, "
                                        "'by %s-1' the mode", s->id, s->mode->mode_class, s->id, s->id);
            kj_error(c, s->id_span.line ? s->id_span : s->span, hint,
                     "mode '%s' has the name of a class ('%s' is the class of %s '%s'): 'by %s' would mean either", s->id, s->id,
                     t->from_data ? "shipped mode" : "mode", t->id, s->id);
            break;
        }
    }
}

void kj_resolve(kj_case *c)
{
    build_names(c);
    check_mode_ids(c);
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_OPTION && !c->stmts[i].bad) apply_option(c, i);
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_PLACE && !c->stmts[i].bad) resolve_stmt(c, i);
    check_one_of(c);
    kj_city_check(c);
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] == ST_ASSUME && !c->stmts[i].bad) resolve_assume(c, i);
    for (int i = 0; i < c->n_stmts; i++)
        if (c->kinds[i] != ST_PLACE && c->kinds[i] != ST_ASSUME && !c->stmts[i].bad) resolve_stmt(c, i);
    owner_hypotheses(c);
    order_weekday_notes(c);
}
