/* say — the words of a proof's sentences.  Input: a network and one of
 * its sentences (a kj_say_ref: a kind and what it speaks of, say.h);
 * output: the sentence as the report prints it, in the renderer's arena.
 * Nothing is written while a network is built: a big case has millions of
 * edges and few of them are ever shown. */
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "gazetteer.h"
#include "stmt.h"
#include "network.h"

int kj_say_has_record(kj_say_kind k) { return k >= SAY_TRAVEL_GEODESIC; }

/* ---- numbers as the proofs say them ---------------------------------------- */

/* A journey's least time: past KJ_SPAN_MAX_S the bound was read as that
 * span (network.c, add_edge), and the text says so. */
static void span_text(int64_t t, char *buf, size_t n)
{
    if (t >= KJ_SPAN_MAX_S) snprintf(buf, n, "20,000 years (the most kjeller counts)");
    else kj_duration_format(t, buf, n);
}

/* A speed in km/h: whole numbers, but a speed under 1 km/h (an assumption
 * may say anything positive) is not printed as 0. */
static const char *kmh_text(double mps, char *buf, size_t n)
{
    double v = mps * 3.6;
    snprintf(buf, n, v >= 1 ? "%.0f" : "%.2g", v);
    return buf;
}

/* "1935-12-05 13:20:00 UTC": imported rows are dated in UTC. */
static void utc_text(int64_t t, char *buf, size_t n)
{
    int64_t days = kj_day_of(t), s = t - days * 86400;
    int y, m, d;
    kj_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d UTC", y, m, d, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

/* How a mode is cited: a shipped default or the case's own. */
static const char *mode_source(const kj_stmt *m) { return m->from_data ? "default mode" : "mode"; }

/* "at P: " before an alternative at one place of several, or "". */
static const char *prefix_text(const kj_case *c, int place, kj_arena *to)
{
    return place >= 0 ? kj_arena_printf(to, "at %s: ", c->stmts[place].id) : "";
}

/* ---- sentences of one statement --------------------------------------------- */

/* The gap "right after" allows, in minutes ("120 min"), and to the second
 * when the option gives seconds ("1 min 40 s": the margin counts them). */
static void right_after_text(int64_t s, char *buf, size_t n)
{
    if (s < 60) snprintf(buf, n, "%lld s", (long long)s);
    else if (s % 60) snprintf(buf, n, "%lld min %lld s", (long long)(s / 60), (long long)(s % 60));
    else snprintf(buf, n, "%lld min", (long long)(s / 60));
}

/* The sentences of a claim's own times and clauses. */
static const char *claim_text(const kj_case *c, kj_say_kind k, const kj_stmt *s, kj_arena *to)
{
    const kj_claim_stmt *cl = s->claim;
    switch (k) {
    case SAY_ENDS_AFTER_START:
        if (cl->claim_kind == CLAIM_MESSAGE) return kj_arena_printf(to, "'%s' is received no earlier than it is sent", s->id);
        return kj_arena_printf(to, "'%s' ends after it starts", s->id);
    case SAY_BEGINS:
        if (cl->claim_kind == CLAIM_MESSAGE) {
            const kj_stmt *m = cl->medium.idx >= 0 ? &c->stmts[cl->medium.idx] : NULL;
            const char *act = m && m->medium->medium_class == MEDIUM_LIVE ? "begins" : cl->receives ? "received" : "sent";
            return kj_arena_printf(to, "'%s' %s %s", s->id, act, cl->when_reading);
        }
        return kj_arena_printf(to, "'%s' begins %s", s->id, cl->when_reading);
    case SAY_DEPARTS:
        return kj_arena_printf(to, "'%s' %s %s", s->id, cl->claim_kind == CLAIM_MESSAGE ? "sent" : "departs", cl->depart_reading);
    case SAY_ARRIVES:
        return kj_arena_printf(to, "'%s' %s %s", s->id, cl->claim_kind == CLAIM_MESSAGE ? "received" : "arrives", cl->arrive_reading);
    case SAY_LASTS: return kj_arena_printf(to, "'%s' lasts %s", s->id, cl->dur_reading);
    case SAY_SEQ_RIGHT_AFTER: {
        char ra[64];
        right_after_text(c->right_after_s, ra, sizeof ra);
        return kj_arena_printf(to, "'right after %s' read as starting 0 .. %s after it ends (option right-after%s)",
                               cl->seq_ref.name, ra, c->opt_stmt_right_after < 0 ? ", default" : "");
    }
    case SAY_SEQ_AFTER: return kj_arena_printf(to, "'after %s': starts after it ends", cl->seq_ref.name);
    case SAY_SEQ_BEFORE: return kj_arena_printf(to, "'before %s': ends before it starts", cl->seq_ref.name);
    case SAY_SEQ_GAP:
    case SAY_SEQ_GAP_MIN:
        return kj_arena_printf(to, "'%s after %s': starts %s", cl->seq_gap.text, cl->seq_ref.name,
                               cl->gap_reading);
    case SAY_DURING_FACT: {
        const kj_stmt *x = &c->stmts[cl->during.idx];
        return kj_arena_printf(to, "'during %s': within the widest reading of fact '%s', %s", cl->during.name, x->id,
                               x->fact->wide_reading ? x->fact->wide_reading : "");
    }
    case SAY_DURING: return kj_arena_printf(to, "'during %s': within it", cl->during.name);
    default: return "";
    }
}

/* " where k = v and ..." for a register's filter, or "". */
static const char *filter_text(const kj_stmt *reg, kj_arena *to)
{
    const char *t = "";
    for (int k = 0; k < reg->reg->n_attrs; k++)
        t = kj_arena_printf(to, "%s %s %s = %s", t, k ? "and" : "where", reg->reg->attrs[k].key, reg->reg->attrs[k].value);
    return t;
}

/* The event a register records, as a noun. */
/* Whose events a register records: "", or " of a vehicle". */
static const char *of_text(const kj_stmt *reg)
{
    return reg->reg->of == OF_VEHICLES ? " of a vehicle" : reg->reg->of == OF_DEVICES ? " of a device" : "";
}

/* A custody's holder, thing, and the time it holds (narrow): "reeve has
 * car1 throughout ...". */
static const char *custody_text(const kj_case *c, const kj_stmt *s, kj_arena *to)
{
    int fact = s->kind == ST_FACT;
    int who = fact ? s->fact->person.idx : s->assume->target.idx;
    const char *thing = fact ? s->fact->thing.name : s->assume->thing.name;
    const char *reading = fact ? s->fact->when_reading : s->assume->when_reading;
    return kj_arena_printf(to, "%s '%s': %s has %s throughout %s", fact ? "fact" : "assumption", s->id, c->stmts[who].id, thing,
                           reading ? reading : "every time");
}

/* The sentences of one statement other than a claim. */
static const char *one_text(const kj_case *c, kj_say_kind k, const kj_stmt *s, kj_arena *to)
{
    switch (k) {
    case SAY_CUSTODY_HOLDS: return custody_text(c, s, to);
    case SAY_FACT:
        if (s->fact->fact_kind == FACT_JOURNEY)
            return kj_arena_printf(to, "fact '%s': %s travels %s -> %s by %s, departing at some time in %s, arriving at some time in %s",
                                   s->id, s->fact->person.name, s->fact->at.name, s->fact->to.name, s->fact->mode.name,
                                   s->fact->when_reading ? s->fact->when_reading : "",
                                   s->fact->arrive_reading ? s->fact->arrive_reading : "");
        return kj_arena_printf(to, "fact '%s': %s at %s %s %s", s->id, s->fact->person.name, s->fact->at.name,
                               s->fact->fact_kind == FACT_THROUGHOUT ? "throughout" : "at some time in",
                               s->fact->when_reading ? s->fact->when_reading : "");
    case SAY_LIFETIME:
        return kj_arena_printf(to, "%s '%s' existed only %s (%s)", s->entity->entity_kind, s->id, s->entity->exists.text,
                               s->entity->life_reading ? s->entity->life_reading : "");
    case SAY_ENTRY_DATED:
        return kj_arena_printf(to, "entry '%s' is dated %s", s->id,
                               s->entry->when_reading ? s->entry->when_reading : "(undated)");
    case SAY_REG_COVERS: return kj_arena_printf(to, "register '%s' covers %s", s->id, s->reg->coverage_reading);
    case SAY_REG_RECORDS_EVERY:
        return kj_arena_printf(to, "register '%s' at %s records every %s%s%s%s%s within its coverage", s->id, s->reg->at.name,
                               kj_event_noun(s->reg->event), of_text(s), s->reg->by_class ? " by " : "",
                               s->reg->by_class ? s->reg->by_class : "", filter_text(s, to));
    default: return claim_text(c, k, s, to);
    }
}

/* ---- sentences of a record ----------------------------------------------------- */

/* A journey's least time (.travel). */
static const char *travel_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    const kj_stmt *s = &c->stmts[say->travel.claim], *m = &c->stmts[say->travel.mode];
    char dur[64], kmh[32];
    span_text(say->travel.s, dur, sizeof dur);
    return kj_arena_printf(to,
        "%s -> %s is at least %.1f km (%s, less position uncertainty); at no more than %s km/h (%s '%s') the journey takes at least %s",
        s->claim->from.name, s->claim->to.name, say->travel.m / 1000, k == SAY_TRAVEL_ROUTE ? "sourced route" : "geodesic",
        kmh_text(m->mode->max_mps, kmh, sizeof kmh), mode_source(m), m->id, dur);
}

/* "The same day", "the next day" (.gap, .day). */
static const char *day_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    if (k == SAY_DAY_BEGINS_BY) {
        const kj_stmt *s = &c->stmts[say->day.claim];
        char by[64], end[64];
        kj_time_format(say->day.by_s, say->day.by_zone, by, sizeof by);
        kj_time_format(say->day.end_s, say->day.end_zone, end, sizeof end);
        return kj_arena_printf(to,
            "'%s' ends by %s by its own times, so 'the %s day' begins by %s at the latest (calendar days in the zones of the places)",
            s->claim->seq_ref.name, end, s->claim->seq == SEQ_NEXT_DAY ? "next" : "same", by);
    }
    if (k == SAY_DAY_BEGINS_AFTER) {
        const kj_stmt *s = &c->stmts[say->day.claim];
        char by[64], start[64];
        kj_time_format(say->day.by_s, say->day.by_zone, by, sizeof by);
        kj_time_format(say->day.end_s, say->day.end_zone, start, sizeof start);
        return kj_arena_printf(to,
            "'%s' begins no earlier than %s by its own times, so 'the next day' begins at %s at the earliest (calendar days in the zones of the places)",
            s->claim->seq_ref.name, start, by);
    }
    const kj_stmt *s = &c->stmts[say->gap.claim];
    int next = k == SAY_SEQ_NEXT_DAY;
    char gap[64];
    kj_duration_format(say->gap.s, gap, sizeof gap);
    return kj_arena_printf(to,
        "'the %s day' read as starting 0 .. %s after '%s' ends (%s, each event's in the zone of any place of either, every zone database)",
        next ? "next" : "same", gap, s->claim->seq_ref.name, next ? "on the calendar day after" : "on the calendar day");
}

/* A statement that places the person, as a presence sentence cites it:
 * "'closing'", or for a device's position that a custody makes its
 * holder's "'phone:calls.csv:12', where phone1 was, with reeve by
 * assumption 'reeve.has.phone1'". */
static const char *placing_ref(const kj_case *c, int stmt, int via, kj_arena *to)
{
    if (via < 0) return kj_arena_printf(to, "'%s'", c->stmts[stmt].id);
    const kj_stmt *v = &c->stmts[via];
    int hyp = v->kind == ST_ASSUME && v->assume->hypothetical;
    const char *thing = v->kind == ST_ASSUME ? v->assume->thing.name : v->fact->thing.name;
    return kj_arena_printf(to, "'%s', where %s was, with %s %s '%s'", c->stmts[stmt].id, thing,
                           c->stmts[v->kind == ST_ASSUME ? v->assume->target.idx : v->fact->person.idx].id,
                           hyp ? "only by hypothesis" : v->kind == ST_ASSUME ? "by assumption" : "by fact", v->id);
}

int kj_trace_of(const kj_case *c, int i)
{
    int t = c->stmts[i].parent;
    return (c->kinds[i] == ST_FACT || c->kinds[i] == ST_PLACE) && t >= 0 && c->kinds[t] == ST_TRACE ? t : -1;
}

/* How a conflict's first line names a statement that places someone:
 * "fact 'driver'", or for a trace point, whose id is the machine's, the
 * trace, the row, the time as the file gives it and its note column if
 * one was mapped: "trace 'anpr' (anpr.csv line 4, "2024-03-14T22:39:05Z",
 * note "M60 J24")". */
static const char *placer_text(const kj_case *c, int i, kj_arena *to)
{
    const kj_stmt *s = &c->stmts[i];
    int t = kj_trace_of(c, i);
    if (t < 0 || s->kind != ST_FACT) return kj_arena_printf(to, "%s '%s'", kj_stmt_kind_name(c->kinds[i]), s->id);
    return kj_arena_printf(to, "trace '%s' (%s line %d, \"%s\"%s%s%s)", c->stmts[t].id, c->files[s->span.file].shown,
                           s->span.line, s->fact->when.text ? s->fact->when.text : "", s->fact->note ? ", note \"" : "",
                           s->fact->note ? s->fact->note : "", s->fact->note ? "\"" : "");
}

/* Where a conflict's first line puts someone: "at lamb", or for a trace
 * point's position, which has no name, at the place its row names, else
 * by the nearest city of the gazetteer (a description, never a premise:
 * the proof gives the position): "1.2 km from Manchester, GB" (from its
 * centre, as GeoNames gives it). */
const char *kj_point_where(const kj_case *c, int p, kj_arena *to)
{
    const kj_stmt *s = &c->stmts[p];
    if (kj_trace_of(c, p) < 0) return kj_arena_printf(to, "at %s", s->id);
    if (s->label) return kj_arena_printf(to, "at %s", s->label); /* (its row's place column) */
    const kj_gazetteer *g = kj_gaz_get();
    double d = 0;
    int near = g && kj_gaz_names(g) == 0 ? kj_gaz_nearest_any(g, s->place->lat, s->place->lon, &d) : -1;
    const kj_gaz_city *city = near >= 0 ? kj_gaz_city_at(g, near) : NULL;
    if (!city || !city->name) return kj_arena_printf(to, "at %.5f, %.5f", s->place->lat, s->place->lon);
    return kj_arena_printf(to, d < 10e3 ? "%.1f km from %s, %s" : "%.0f km from %s, %s", d / 1000, city->name,
                           city->country_code);
}

/* Whom a statement places, as a conflict's first line says it: "reeve",
 * or "phone1 (and with it reeve, only by hypothesis 'phone1.owner-had-it')". */
static const char *holder_text(const kj_case *c, int person, int via, kj_arena *to)
{
    if (via < 0) return c->stmts[person].id;
    const kj_stmt *v = &c->stmts[via];
    int hyp = v->kind == ST_ASSUME && v->assume->hypothetical;
    return kj_arena_printf(to, "%s (and with it %s, %s '%s')", v->kind == ST_ASSUME ? v->assume->thing.name : v->fact->thing.name,
                           c->stmts[person].id,
                           hyp ? "only by hypothesis" : v->kind == ST_ASSUME ? "by assumption" : "by fact", v->id);
}

/* One person at two places (.presence). */
static const char *presence_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    const char *who = c->stmts[say->presence.person].id;
    const char *xp = c->stmts[say->presence.x_place].id, *xs = placing_ref(c, say->presence.x_stmt, say->presence.x_via, to);
    const char *yp = c->stmts[say->presence.y_place].id, *ys = placing_ref(c, say->presence.y_stmt, say->presence.y_via, to);
    if (k == SAY_PRES_APART) {
        const kj_stmt *m = &c->stmts[say->presence.mode];
        char dur[64], kmh[32];
        span_text(say->presence.s, dur, sizeof dur);
        const char *fastest = say->presence.travels_by < 0 ? "the fastest of the era"
                              : kj_arena_printf(to, "the fastest of the era by the classes that assumption '%s' allows %s",
                                                c->stmts[say->presence.travels_by].id, who);
        return kj_arena_printf(to,
            "%s cannot be at %s (%s) and at %s (%s) at once: %.1f km apart, at least %s at %s km/h (%s '%s', %s)",
            who, xp, xs, yp, ys, say->presence.m / 1000, dur, kmh_text(m->mode->max_mps, kmh, sizeof kmh), mode_source(m), m->id,
            fastest);
    }
    if (k == SAY_PRES_HEAD)
        return kj_arena_printf(to, "%s puts %s %s, %s puts %s %s, %.0f km away",
                               placer_text(c, say->presence.x_stmt, to),
                               holder_text(c, say->presence.person, say->presence.x_via, to),
                               kj_point_where(c, say->presence.x_place, to), placer_text(c, say->presence.y_stmt, to),
                               holder_text(c, say->presence.person, say->presence.y_via, to),
                               kj_point_where(c, say->presence.y_place, to), say->presence.m / 1000);
    if (k == SAY_PRES_XY) return kj_arena_printf(to, "%s at %s (%s) first, then %s (%s)", who, xp, xs, yp, ys);
    return kj_arena_printf(to, "%s at %s (%s) first, then %s (%s)", who, yp, ys, xp, xs);
}

/* A message's medium, as a sentence names it: "letter (default medium)". */
static const char *medium_name(const kj_stmt *m, kj_arena *to)
{
    return kj_arena_printf(to, "%s (%s)", m->id, m->from_data ? "default medium" : "medium");
}

/* A carried message's least time (.delivery). */
static const char *delivery_text(const kj_case *c, const kj_say *say, kj_arena *to)
{
    const kj_stmt *s = &c->stmts[say->delivery.claim];
    const kj_stmt *med = &c->stmts[s->claim->medium.idx];
    char dur[64], kmh[32];
    span_text(say->delivery.s, dur, sizeof dur);
    const char *by;
    if (say->delivery.mode >= 0) {
        const kj_stmt *m = &c->stmts[say->delivery.mode];
        by = kj_arena_printf(to, "no faster than the era's fastest means, %s km/h (%s '%s')", kmh_text(m->mode->max_mps, kmh, sizeof kmh),
                             mode_source(m), m->id);
    } else {
        by = kj_arena_printf(to, "at no more than %s km/h", kmh_text(med->medium->max_mps, kmh, sizeof kmh));
    }
    return kj_arena_printf(to, "'%s' goes by %s from %s to %s, at least %.1f km (geodesic, less position uncertainty); carried %s, "
                               "it takes at least %s",
                           s->id, medium_name(med, to), s->claim->from.name, s->claim->to.name, say->delivery.m / 1000, by, dur);
}

/* A message's sender or receiver unreachable by its medium (.reach). */
static const char *reach_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    const kj_stmt *s = &c->stmts[say->reach.claim], *f = &c->stmts[say->reach.fact];
    const kj_stmt *med = &c->stmts[s->claim->medium.idx];
    const char *who = c->stmts[say->reach.person].id;
    int live = med->medium->medium_class == MEDIUM_LIVE;
    const char *act = live ? "is on the call" : say->reach.receiver ? "receives it" : "sends it";
    const char *by = f->fact->n_media ? kj_arena_printf(to, "by %s", med->id) : "by any means";
    switch (k) {
    case SAY_REACH_WHY:
        return kj_arena_printf(to, "fact '%s' has %s unreachable %s throughout %s, and %s %s in '%s' (%s)", f->id, who, by,
                               f->fact->when_reading ? f->fact->when_reading : "", who, act, s->id, medium_name(med, to));
    case SAY_REACH_HEAD:
        return kj_arena_printf(to, "claim '%s' has %s %s %s, while fact '%s' has him unreachable %s", s->id, who,
                               live ? "on a call by" : say->reach.receiver ? "receiving a message by" : "sending a message by",
                               med->id, f->id, by);
    case SAY_REACH_BEFORE:
        return kj_arena_printf(to, "%s %s before '%s' begins", who, live ? "ends the call" : act, f->id);
    default:
        return kj_arena_printf(to, "%s %s after '%s' ends", who, live ? "begins the call" : act, f->id);
    }
}

/* A claim's presence and a journey fact of the same person (.voyage). */
static const char *voyage_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    const kj_stmt *f = &c->stmts[say->voyage.fact], *veh = &c->stmts[say->voyage.veh_mode];
    const char *who = c->stmts[say->voyage.person].id, *x = c->stmts[say->voyage.y_place].id;
    const char *ys = placing_ref(c, say->voyage.y_stmt, say->voyage.y_via, to);
    const char *a = f->fact->at.name, *bb = f->fact->to.name;
    char kmh[32], t1[64], t2[64];
    if (k == SAY_VOYAGE_WHY) {
        /* a side 0 apart (or unlocated) bounds nothing */
        const char *d1 = say->voyage.m1 >= 0 ? kj_arena_printf(to, "%.1f km from %s", say->voyage.m1 / 1000, a)
                                             : kj_arena_printf(to, "at no distance from %s that can be counted (it is unlocated)", a);
        const char *d2 = say->voyage.m2 >= 0 ? kj_arena_printf(to, "%.1f km from %s", say->voyage.m2 / 1000, bb)
                                             : kj_arena_printf(to, "at no distance from %s that can be counted (it is unlocated)", bb);
        return kj_arena_printf(to,
            "fact '%s' has %s aboard from %s to %s (by %s: at no more than %s km/h, %s '%s'), so never further from %s than the vehicle "
            "has gone since it left, nor from %s than it still has to go; %s (%s) is %s and %s (less position uncertainty)",
            f->id, who, a, bb, f->fact->mode.name, kmh_text(veh->mode->max_mps, kmh, sizeof kmh), mode_source(veh), veh->id, a,
            bb, x, ys, d1, d2);
    }
    if (k == SAY_VOYAGE_HEAD)
        return kj_arena_printf(to, "%s '%s' puts %s at %s, while fact '%s' has %s travelling %s -> %s by %s (departing %s, arriving %s)",
                               kj_stmt_kind_name(c->kinds[say->voyage.y_stmt]), c->stmts[say->voyage.y_stmt].id, who, x, f->id, who,
                               a, bb, f->fact->mode.name, f->fact->when_reading, f->fact->arrive_reading);
    if (k == SAY_VOYAGE_ABOARD) {
        double v = veh->mode->max_mps;
        span_text(kj_travel_s(say->voyage.m1, v), t1, sizeof t1);
        span_text(kj_travel_s(say->voyage.m2, v), t2, sizeof t2);
        const char *after = say->voyage.m1 > 0 ? kj_arena_printf(to, "at least %s after leaving %s", t1, a) : NULL;
        const char *before = say->voyage.m2 > 0 ? kj_arena_printf(to, "at least %s before reaching %s", t2, bb) : NULL;
        return kj_arena_printf(to, "%s at %s (%s) while aboard: %s%s%s, at %s km/h", who, x, ys, after ? after : "",
                               after && before ? " and " : "", before ? before : "", kmh_text(v, kmh, sizeof kmh));
    }
    const kj_stmt *m = &c->stmts[say->voyage.era_mode];
    const char *fastest = say->voyage.travels_by < 0 ? "the fastest of the era"
                          : kj_arena_printf(to, "the fastest of the era by the classes that assumption '%s' allows %s",
                                            c->stmts[say->voyage.travels_by].id, who);
    if (k == SAY_VOYAGE_BEFORE) {
        if (say->voyage.m1 <= 0) return kj_arena_printf(to, "%s at %s (%s) first, then at %s when '%s' departs", who, x, ys, a, f->id);
        span_text(kj_travel_s(say->voyage.m1, m->mode->max_mps), t1, sizeof t1);
        return kj_arena_printf(to, "%s at %s (%s) first, then at %s when '%s' departs: at least %s at %s km/h (%s '%s', %s)", who,
                               x, ys, a, f->id, t1, kmh_text(m->mode->max_mps, kmh, sizeof kmh), mode_source(m), m->id, fastest);
    }
    if (say->voyage.m2 <= 0) return kj_arena_printf(to, "%s at %s when '%s' arrives first, then at %s (%s)", who, bb, f->id, x, ys);
    span_text(kj_travel_s(say->voyage.m2, m->mode->max_mps), t2, sizeof t2);
    return kj_arena_printf(to, "%s at %s when '%s' arrives first, then at %s (%s): at least %s at %s km/h (%s '%s', %s)", who, bb,
                           f->id, x, ys, t2, kmh_text(m->mode->max_mps, kmh, sizeof kmh), mode_source(m), m->id, fastest);
}

/* A journey anchored to a fact about where its traveller was (.anchor). */
static const char *anchor_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    const kj_stmt *d = &c->stmts[say->anchor.claim], *f = &c->stmts[say->anchor.fact];
    const char *u = c->stmts[say->anchor.unlocated].id, *p = c->stmts[f->fact->at.idx].id;
    const char *who = c->stmts[say->anchor.person].id, *x = c->stmts[say->anchor.x_stmt].id;
    switch (k) {
    case SAY_ANCHOR_WHY:
        return kj_arena_printf(to, "%s was at %s during '%s', and fact '%s' puts %s at %s throughout %s", who, u, x, f->id,
                               holder_text(c, say->anchor.person, say->anchor.f_via, to), p, f->fact->when_reading);
    case SAY_ANCHOR_HEAD:
        return kj_arena_printf(to, "claim '%s' is too short: %s lies within reach of %s%s%s%s, so %s -> %s is at least %.1f km",
                               d->id, u, p, say->anchor.f_via >= 0 ? " (" : "",
                               say->anchor.f_via >= 0 ? placing_ref(c, say->anchor.fact, say->anchor.f_via, to) : "",
                               say->anchor.f_via >= 0 ? ")" : "", d->claim->from.name, d->claim->to.name,
                               say->anchor.m / 1000);
    case SAY_ANCHOR_ENDS_BEFORE: return kj_arena_printf(to, "'%s' ends before fact '%s' begins", x, f->id);
    case SAY_ANCHOR_BEGINS_AFTER: return kj_arena_printf(to, "'%s' begins after fact '%s' ends", x, f->id);
    case SAY_ANCHOR_WITHIN:
        return kj_arena_printf(to, "%s is within %.0f m of %s", u, c->stmts[f->fact->at.idx].place->radius_m, p);
    default: break;
    }
    /* the located end: the one that is not the unlocated place */
    int u_is_to = kj_place_effective(c, d->claim->to.idx) == say->anchor.unlocated;
    int other = kj_place_effective(c, u_is_to ? d->claim->from.idx : d->claim->to.idx);
    const kj_stmt *m = &c->stmts[say->anchor.mode];
    char dur[64], kmh[32];
    span_text(say->anchor.s, dur, sizeof dur);
    return kj_arena_printf(to,
        "then %s -> %s is at least %.1f km (%s -> %s, less position uncertainty); at no more than %s km/h (%s '%s') that takes at least %s",
        d->claim->from.name, d->claim->to.name, say->anchor.m / 1000, c->stmts[other].id, p,
        kmh_text(m->mode->max_mps, kmh, sizeof kmh), mode_source(m), m->id, dur);
}

/* A claim and a register or one of its entries (.entry). */
static const char *entry_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    const char *prefix = prefix_text(c, say->entry.place, to);
    const char *claim = c->stmts[say->entry.claim].id, *id = c->stmts[say->entry.stmt].id;
    if (k == SAY_ENTRY_IS) return kj_arena_printf(to, "%s'%s' is the register's entry '%s'", prefix, claim, id);
    if (k == SAY_REG_BEFORE) return kj_arena_printf(to, "%s'%s' happens before register '%s' begins", prefix, claim, id);
    if (k == SAY_HELD_BEFORE || k == SAY_HELD_AFTER) {
        const kj_stmt *h = &c->stmts[say->entry.stmt];
        int fact = h->kind == ST_FACT;
        return kj_arena_printf(to, "%s'%s' happens %s %s has %s by %s '%s'", prefix, claim,
                               k == SAY_HELD_BEFORE ? "before" : "after", c->stmts[fact ? h->fact->person.idx : h->assume->target.idx].id,
                               fact ? h->fact->thing.name : h->assume->thing.name, fact ? "fact" : "assumption", id);
    }
    return kj_arena_printf(to, "%s'%s' happens after register '%s' ends", prefix, claim, id);
}

/* A claim and a group of an entry's imported rows (.row). */
static const char *row_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    const kj_stmt *en = &c->stmts[say->row.entry];
    const kj_row_group *g = &en->entry->rows[say->row.group];
    const char *file = c->files[en->span.file].path;
    if (k == SAY_ROW_DATED || k == SAY_ROWS_DATED) { /* in UTC: plain arithmetic */
        char lo[32], hi[32];
        utc_text(g->iv.lo, lo, sizeof lo);
        utc_text(g->iv.hi, hi, sizeof hi);
        return k == SAY_ROW_DATED ? kj_arena_printf(to, "%s:%d is dated %s .. %s", file, g->line, lo, hi)
                                  : kj_arena_printf(to, "%s:%d..%d are dated %s .. %s", file, g->line, g->last_line, lo, hi);
    }
    const char *prefix = prefix_text(c, say->row.place, to), *claim = c->stmts[say->row.claim].id;
    if (k == SAY_ROW_HULL)
        return kj_arena_printf(to, "%s'%s' is one of the %d rows at %s:%d..%d (too many to read: their hull)", prefix, claim,
                               g->n, file, g->line, g->last_line);
    if (k == SAY_ROW_IS) return kj_arena_printf(to, "%s'%s' is the row at %s:%d", prefix, claim, file, g->line);
    return kj_arena_printf(to, "%s'%s' is one of %d rows at %s:%d..%d", prefix, claim, g->n, file, g->line, g->last_line);
}

/* A claim and the registers at the places it may be (.registers). */
static const char *registers_text(const kj_case *c, kj_say_kind k, const kj_say *say, kj_arena *to)
{
    int n = say->registers.n;
    const kj_stmt *r0 = &c->stmts[say->registers.regs[0]];
    const char *names = "";
    for (int i = 0; i < n; i++)
        names = kj_arena_printf(to, "%s%s'%s'", names, i ? ", " : "", c->stmts[say->registers.regs[i]].id);
    kj_event_kind ev = r0->reg->event;
    const char *place = c->stmts[say->registers.place].id;
    /* of things: " of car1 (reeve has it by fact 'driving')" */
    const char *of = "";
    if (say->registers.via >= 0) {
        const kj_stmt *h = &c->stmts[say->registers.via];
        int fact = h->kind == ST_FACT, hyp = !fact && h->assume->hypothetical;
        of = kj_arena_printf(to, " of %s (%s has it %s '%s')", fact ? h->fact->thing.name : h->assume->thing.name,
                             c->stmts[fact ? h->fact->person.idx : h->assume->target.idx].id,
                             hyp ? "only by hypothesis" : fact ? "by fact" : "by assumption", h->id);
    }
    if (k == SAY_REG_ANY_OF)
        return kj_arena_printf(to, "'%s' may have been at any of %d places, and at each a register (%s) records every %s%s there",
                               place, n, names, kj_event_noun(ev), of_text(r0));
    return kj_arena_printf(to, "claim '%s' needs %s%s%s%s at %s that register%s %s would have recorded, and %s none that can match",
                           c->stmts[say->registers.claim].id,
                           kj_arena_printf(to, "%s %s", strchr("aeiou", kj_event_noun(ev)[0]) ? "an" : "a", kj_event_noun(ev)), of,
                           r0->reg->by_class ? " by " : "", r0->reg->by_class ? r0->reg->by_class : "", place,
                           n > 1 ? "s" : "", names, n > 1 ? "they record" : "it records");
}

const char *kj_say_text(const kj_network *net, kj_say_ref ref, kj_arena *to)
{
    const kj_case *c = net->c;
    if (ref.kind == SAY_NONE) return "";
    if (!kj_say_has_record(ref.kind)) return one_text(c, ref.kind, &c->stmts[ref.of], to);
    const kj_say *say = &net->says.items[ref.of];
    switch (ref.kind) {
    case SAY_TRAVEL_GEODESIC:
    case SAY_TRAVEL_ROUTE: return travel_text(c, ref.kind, say, to);
    case SAY_SEQ_SAME_DAY:
    case SAY_SEQ_NEXT_DAY:
    case SAY_DAY_BEGINS_BY:
    case SAY_DAY_BEGINS_AFTER: return day_text(c, ref.kind, say, to);
    case SAY_PRES_APART:
    case SAY_PRES_HEAD:
    case SAY_PRES_XY:
    case SAY_PRES_YX: return presence_text(c, ref.kind, say, to);
    case SAY_ENTRY_IS:
    case SAY_REG_BEFORE:
    case SAY_REG_AFTER:
    case SAY_HELD_BEFORE:
    case SAY_HELD_AFTER: return entry_text(c, ref.kind, say, to);
    case SAY_ROW_IS:
    case SAY_ROW_ONE_OF:
    case SAY_ROW_HULL:
    case SAY_ROW_DATED:
    case SAY_ROWS_DATED: return row_text(c, ref.kind, say, to);
    case SAY_REG_ANY_OF:
    case SAY_REG_HEAD: return registers_text(c, ref.kind, say, to);
    case SAY_VOYAGE_WHY:
    case SAY_VOYAGE_HEAD:
    case SAY_VOYAGE_BEFORE:
    case SAY_VOYAGE_AFTER:
    case SAY_VOYAGE_ABOARD: return voyage_text(c, ref.kind, say, to);
    case SAY_DELIVERY: return delivery_text(c, say, to);
    case SAY_REACH_WHY:
    case SAY_REACH_HEAD:
    case SAY_REACH_BEFORE:
    case SAY_REACH_AFTER: return reach_text(c, ref.kind, say, to);
    default: return anchor_text(c, ref.kind, say, to);
    }
}
