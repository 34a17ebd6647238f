/* render_text — a report as a compiler would print it: one
 * `path:line:col: contradiction [kind]: ...` per conflict with the claim's
 * line and a caret, the statements it rests on with their sources, the
 * proof (each branch of a disjunction), the assumptions and readings, and
 * the margin; then a verdict per claim. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "questions.h"
#include "report.h"
#include "stmt.h"
#include "strain.h"
#include "timex.h"

static const char *file_of(const kj_case *c, const kj_stmt *s) { return c->files[s->span.file].shown; }

static void caret_line(FILE *out, const kj_case *c, kj_arena *a, kj_span sp)
{
    const char *line = kj_line_text(c, a, sp.file, sp.line);
    if (line) kj_print_source_line(out, sp.line, line, sp.col, sp.len);
}

const char *kj_conflict_headline(const kj_case *c, kj_arena *a, const kj_report *r, const kj_conflict *cf)
{
    const kj_stmt *cl = &c->stmts[cf->claim];
    if (cf->proof && cf->proof->disj >= 0 && r->net->disjs.items[cf->proof->disj].head.kind != SAY_NONE)
        return kj_say_text(r->net, r->net->disjs.items[cf->proof->disj].head, a);
    const char *entity = NULL;
    for (int i = 0; i < cf->n; i++)
        if (c->stmts[cf->stmts[i]].kind == ST_ENTITY && !entity) entity = c->stmts[cf->stmts[i]].id;
    switch (cf->kind) {
    case CK_EXISTENCE:
        return kj_arena_printf(a, "claim '%s' takes place at '%s' when it did not exist", cl->id, entity ? entity : "?");
    case CK_TRAVEL:
        if (cl->claim->claim_kind == CLAIM_MESSAGE)
            return kj_arena_printf(a, "claim '%s' leaves too little time for the %s to go from %s to %s", cl->id,
                                   cl->claim->medium.name, cl->claim->from.name ? cl->claim->from.name : "?",
                                   cl->claim->to.name ? cl->claim->to.name : "?");
        return kj_arena_printf(a, "claim '%s' leaves too little time for the journey", cl->id);
    case CK_DURATION:
        return kj_arena_printf(a, "claim '%s' cannot last as long as stated", cl->id);
    default:
        return kj_arena_printf(a, "claim '%s' cannot be ordered in time with the rest", cl->id);
    }
}

static void print_proof(FILE *out, kj_arena *ar, const kj_network *net, const kj_proof *p, int depth, const char *parent_why)
{
    char dur[64];
    if (p->disj < 0) {
        const char *prev = NULL;
        for (int i = 0; i < p->n_edges; i++) {
            const char *why = kj_say_text(net, p->edges[i]->say, ar);
            if ((prev && !strcmp(prev, why)) || (parent_why && !strcmp(parent_why, why))) continue;
            fprintf(out, "%*s- %s\n", depth * 2 + 4, "", why);
            prev = why;
        }
        kj_duration_format(-p->weight, dur, sizeof dur);
        fprintf(out, "%*s=> impossible: short by %s\n", depth * 2 + 4, "", dur);
        return;
    }
    const kj_disj *d = &net->disjs.items[p->disj];
    fprintf(out, "%*s- %s; so one of:\n", depth * 2 + 4, "", kj_say_text(net, d->say, ar));
    for (int i = 0; i < p->n_kids; i++) {
        const kj_alt *a = &net->alts.items[d->first_alt + i];
        fprintf(out, "%*s%s %s:\n", depth * 2 + 6, "", i == 0 ? "either" : "or", kj_say_text(net, a->say, ar));
        print_proof(out, ar, net, p->kids[i], depth + 2, kj_say_text(net, d->say, ar));
    }
}

/* For each leaf of proof p whose cycle rests on place `place` through a
 * travel or presence bound: how many metres more of the place's radius the
 * cycle's margin absorbs (each such edge loses 1/v seconds a metre, v the
 * speed of the mode its provenance cites).  The least over those leaves,
 * or HUGE_VAL when no leaf rests on the place's distance. */
static double radius_slack(const kj_case *c, const kj_network *net, const kj_proof *p, int place)
{
    if (!p) return HUGE_VAL;
    if (p->disj >= 0) {
        double best = HUGE_VAL;
        for (int k = 0; k < p->n_kids; k++) {
            double s = radius_slack(c, net, p->kids[k], place);
            if (s < best) best = s;
        }
        return best;
    }
    double per_m = 0; /* seconds lost per metre of radius */
    int k = 0;        /* such edges: each rounds its travel time down, by under a second */
    for (int i = 0; i < p->n_edges; i++) {
        const kj_edge *e = p->edges[i];
        if ((e->kind != EK_TRAVEL && e->kind != EK_PRESENCE) || e->prov < 0) continue;
        const kj_prov *pv = &net->provs.items[e->prov];
        int has = 0;
        double v = 0;
        for (int j = 0; j < pv->n; j++) {
            const kj_stmt *s = &c->stmts[pv->stmts[j]];
            has |= pv->stmts[j] == place;
            if (s->kind == ST_MODE && s->mode->max_mps > v) v = s->mode->max_mps;
        }
        if (has && v > 0) {
            per_m += 1.0 / v;
            k++;
        }
    }
    if (per_m <= 0) return HUGE_VAL;
    double m = (double)-p->weight - k;
    return m > 0 ? m / per_m : 0;
}

const char *kj_place_premise(const kj_case *c, kj_arena *a, const kj_network *net, const kj_conflict *cf,
                             const kj_stmt *s)
{
    double slack = net ? radius_slack(c, net, cf->proof, (int)(s - c->stmts)) : HUGE_VAL;
    char tail[96] = "";
    if (slack != HUGE_VAL) /* rounded down: the sentence stays true */
        snprintf(tail, sizeof tail, "; the conflict holds while it is within %.1f km",
                 floor((s->place->radius_m + slack) / 100.0) / 10.0);
    const char *premise = kj_arena_printf(a, "place '%s' is somewhere within %.0f m of %.4f, %.4f%s", s->id,
                                           s->place->radius_m, s->place->lat, s->place->lon, tail);
    if (!s->place->city) return premise;
    /* located by name: where the position comes from, and the radius no source gave */
    premise = kj_arena_printf(a, "%s; its position is %s in the gazetteer (%s)", premise, s->place->city->found,
                              KJ_GAZETTEER_NAME);
    if (s->place->radius_given_m >= 0) return premise;
    int opt = c->opt_stmt_city_radius;
    const char *whence = opt >= 0 ? kj_arena_printf(a, "option city-radius, %s:%d", file_of(c, &c->stmts[opt]),
                                                    c->stmts[opt].span.line)
                                  : s->place->radius_m > KJ_CITY_RADIUS_M
                                        ? "the default for a city of a million people or more (five million: 80 km); "
                                          "option city-radius sets it"
                                        : "the default; option city-radius sets it";
    return kj_arena_printf(a, "%s — assumption: a city is a region, read as anywhere within %g km of the gazetteer's point (%s)",
                           premise, s->place->radius_m / 1000, whence);
}

int kj_conflict_assumptions(const kj_case *c, kj_arena *a, const kj_network *net, const kj_conflict *cf, const char **out,
                            int max)
{
    int n = 0;
    for (int i = 0; i < cf->n && n < max; i++) {
        const kj_stmt *s = &c->stmts[cf->stmts[i]];
        if (s->kind == ST_ASSUME)
            out[n++] = kj_arena_printf(a, "assumption '%s' (%s:%d)%s%s%s%s", s->id, file_of(c, s), s->span.line,
                                       s->assume->thing.name && !s->assume->hypothetical ? ": " : "",
                                       s->assume->thing.name && !s->assume->hypothetical ? kj_custody_text(c, a, s) : "",
                                       s->label ? ": " : "", s->label ? s->label : "");
        else if (s->kind == ST_MODE && s->basis)
            out[n++] = kj_arena_printf(a, "%s '%s': at most %.0f km/h (%s:%d) — assumption: %s",
                                       s->from_data ? "default mode" : "mode", s->id, s->mode->max_mps * 3.6, file_of(c, s),
                                       s->span.line, s->basis);
        else if (s->kind == ST_MEDIUM && s->basis)
            out[n++] = kj_arena_printf(a, "%s '%s' (%s:%d) — assumption: %s", s->from_data ? "default medium" : "medium", s->id,
                                       file_of(c, s), s->span.line, s->basis);
        else if (s->kind == ST_PLACE && s->place->located && (s->place->radius_m > 0 || s->place->city)) {
            out[n++] = kj_place_premise(c, a, net, cf, s);
        }
    }
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *s = &c->stmts[cf->stmts[i]];
        const char *rd[KJ_STMT_READINGS];
        kj_stmt_readings(s, rd);
        for (int k = 0; k < KJ_STMT_READINGS && n < max; k++) {
            if (!rd[k]) continue;
            int seen = 0; /* each distinct reading once */
            for (int j = 0; j < i && !seen; j++) {
                const kj_stmt *t = &c->stmts[cf->stmts[j]];
                const char *prev[KJ_STMT_READINGS];
                kj_stmt_readings(t, prev);
                for (int m = 0; m < KJ_STMT_READINGS; m++) seen |= prev[m] && !strcmp(prev[m], rd[k]);
            }
            for (int m = 0; m < k; m++) seen |= rd[m] && !strcmp(rd[m], rd[k]);
            if (!seen) out[n++] = kj_arena_printf(a, "reading: %s", rd[k]);
        }
    }
    return n;
}

const char *kj_custody_text(const kj_case *c, kj_arena *a, const kj_stmt *s)
{
    (void)c;
    const kj_timestr *when = s->kind == ST_ASSUME ? &s->assume->when : &s->fact->when;
    const char *who = s->kind == ST_ASSUME ? s->assume->target.name : s->fact->person.name;
    const char *what = s->kind == ST_ASSUME ? s->assume->thing.name : s->fact->thing.name;
    if (!when->text) return kj_arena_printf(a, "%s has %s at all times", who, what);
    return kj_arena_printf(a, "%s has %s throughout \"%s\"", who, what, when->text);
}

/* The style of what follows, on a terminal (so NULL: no colour). */
static void paint(kj_safe_out *so, kj_style style)
{
    if (so) kj_safe_style(so, style);
}

/* "FILE:LINE:COL: " and a word ("contradiction", "note") in their styles. */
static void print_at(FILE *out, kj_safe_out *so, const char *file, int line, int col, kj_style style, const char *word)
{
    paint(so, KJ_STYLE_LOCATION);
    fprintf(out, "%s:%d:%d:", file, line, col);
    paint(so, KJ_STYLE_PLAIN);
    fputc(' ', out);
    paint(so, style);
    fputs(word, out);
    paint(so, KJ_STYLE_PLAIN);
}

static void print_conflict(FILE *out, kj_safe_out *so, const kj_case *c, kj_arena *a, const kj_report *r,
                           const kj_cites *cites, const kj_conflict *cf, int finding)
{
    const kj_stmt *cl = &c->stmts[cf->claim];
    char dur[64];
    print_at(out, so, file_of(c, cl), cl->span.line, cl->span.col, finding ? KJ_STYLE_WARNING : KJ_STYLE_ERROR,
             finding ? "finding" : "contradiction");
    fprintf(out, " [%s]: %s%s%s\n", finding ? "device" : kj_conflict_kind_name(cf->kind),
            finding ? kj_escaped(a, kj_finding_if(c, a, r->net, cf)) : "", finding ? ": " : "",
            kj_escaped(a, kj_conflict_headline(c, a, r, cf))); /* (one line: an imported note may hold a newline) */
    kj_span sp = cl->span;
    sp.len = (int)strlen("claim");
    caret_line(out, c, a, sp);
    if (finding) fprintf(out, "  not a contradiction: %s\n", kj_finding_why(c, a, r->net, cf));
    fprintf(out, "  rests on:\n");
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *s = &c->stmts[cf->stmts[i]];
        const char *src = kj_stmt_source(c, s);
        char num[24] = "";
        if (src) snprintf(num, sizeof num, "[%d] ", kj_cite_number(c, cites, s));
        const char *sha256 = c->files[s->span.file].sha256; /* an imported row: which export */
        /* an imported register's rows: what they are ("3 rows of x.csv (lines 2..4) cannot be ...") */
        const char *rows = sha256 && s->kind == ST_ENTRY && s->label ? s->label : NULL;
        if (!rows && s->kind == ST_ENTRY) rows = kj_entry_excluded_why(c, a, cf, cf->stmts[i]); /* "cannot be: plate = ..." */
        fprintf(out, "    - %s '%s' (%s:%d%s%.*s%s%s%s)%s%s\n", s->kind == ST_ENTRY ? "register entry" : s->kind == ST_DEVICE && s->device->vehicle ? "vehicle" : kj_role_name(s->role), s->id,
                file_of(c, s), s->span.line, sha256 ? ", sha256 " : "", sha256 ? KJ_SHA256_CITED : 0, sha256 ? sha256 : "",
                src ? ", source " : s->from_data ? ", shipped default" : "", num, src ? src : "", rows ? ": " : "", rows ? rows : "");
    }
    fprintf(out, "  proof:\n");
    print_proof(out, a, r->net, cf->proof, 0, NULL);
    fprintf(out, "  assumes:\n");
    const char *assumed[KJ_MAX_ASSUMPTIONS];
    int n_assumed = kj_conflict_assumptions(c, a, r->net, cf, assumed, KJ_MAX_ASSUMPTIONS);
    for (int i = 0; i < n_assumed; i++) fprintf(out, "    - %s\n", assumed[i]);
    kj_duration_format(cf->margin_s, dur, sizeof dur);
    fprintf(out, "  margin: %s (%s)\n", dur, kj_margin_text(c, a, r->net, cf));
}

static int render_text(const kj_case *c, kj_arena *a, const kj_report *r, FILE *out, kj_safe_out *so);
static int render_brief(const kj_case *c, kj_arena *a, const kj_report *r, FILE *out, kj_safe_out *so);

/* Each weekday written with a date it does not fall on, and the two days
 * read for it (resolve.c): a note before the findings, never one of them. */
static void print_weekday_notes(FILE *out, kj_safe_out *so, const kj_case *c, kj_arena *a)
{
    for (int k = 0; k < c->n_weekday_notes; k++) {
        const kj_weekday_note *n = &c->weekday_notes[k];
        print_at(out, so, c->files[n->at.file].shown, n->at.line, n->at.col, KJ_STYLE_NOTE, "note");
        fprintf(out, ": %s\n", n->message);
        caret_line(out, c, a, n->at);
    }
    if (c->n_weekday_notes) fputc('\n', out);
}

/* The report is the case's text: written whole, through the escaper
 * (escape.c), so that no label, citation or file name can forge a line
 * or send the terminal an escape sequence. */
static int text_call(const kj_case *c, const kj_report *r, const kj_text_opts *opts, FILE *out)
{
    kj_safe_out so;
    kj_mem mem;
    jmp_buf landing;
    FILE *text = kj_safe_begin(&so, out, KJ_WRITE_ESCAPED);
    if (!text) return -1;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) { /* nothing of the report is written */
        kj_mem_release(&mem);
        kj_safe_discard(&so);
        errno = ENOMEM;
        return -1;
    }
    kj_arena a = KJ_ARENA(&mem); /* the sentences and lines written */
    kj_safe_out *so_colour = opts->color == KJ_COLOR_ANSI ? &so : NULL;
    int rc = opts->layout == KJ_TEXT_BRIEF ? render_brief(c, &a, r, text, so_colour)
                                           : render_text(c, &a, r, text, so_colour);
    kj_arena_free(&a);
    kj_mem_keep(&mem);
    return kj_safe_end(&so, rc);
}

/* The branch of proof p that is closest to possible: the negative cycle
 * whose weight is the proof's margin. */
static const kj_proof *closest_leaf(const kj_proof *p)
{
    while (p->disj >= 0) {
        const kj_proof *best = NULL;
        for (int k = 0; k < p->n_kids; k++)
            if (!best || kj_proof_margin(p->kids[k]) < kj_proof_margin(best)) best = p->kids[k];
        if (!best) break;
        p = best;
    }
    return p;
}

/* What an edge's bound is: the account's times (a claim's window,
 * duration, sequence), a record's (a fact, a register, an entity's
 * lifetime), or the least travel time (a distance at a speed). */
static kj_margin_part edge_part(const kj_case *c, const kj_network *net, const kj_edge *e)
{
    if (e->kind == EK_TRAVEL || e->kind == EK_PRESENCE) return KJ_MARGIN_TRAVEL;
    if (e->kind == EK_FACT || e->kind == EK_REGISTER || e->kind == EK_LIFETIME) return KJ_MARGIN_RECORDS;
    const kj_prov *p = &net->provs.items[e->prov];
    for (int i = 0; i < p->n; i++)
        if (c->kinds[p->stmts[i]] == ST_CLAIM) return KJ_MARGIN_ACCOUNT;
    return KJ_MARGIN_RECORDS;
}

unsigned kj_margin_parts(const kj_case *c, const kj_network *net, const kj_conflict *cf)
{
    const kj_proof *leaf = closest_leaf(cf->proof);
    unsigned parts = 0;
    for (int i = 0; leaf->disj < 0 && i < leaf->n_edges; i++) {
        const kj_edge *e = leaf->edges[i];
        if (e->w == 0 && (e->kind == EK_ORDER || e->kind == EK_FACT)) continue; /* (an order: nothing to give) */
        parts |= 1u << edge_part(c, net, e);
    }
    return parts;
}

const char *kj_margin_text(const kj_case *c, kj_arena *a, const kj_network *net, const kj_conflict *cf)
{
    static const char *const words[] = {
        [KJ_MARGIN_ACCOUNT] = "the account's times", [KJ_MARGIN_RECORDS] = "the records' times",
        [KJ_MARGIN_TRAVEL] = "the least travel time"};
    unsigned parts = kj_margin_parts(c, net, cf);
    const char *list = NULL;
    int n = 0, total = 0;
    for (int k = 0; k < 3; k++) total += (parts >> k) & 1;
    for (int k = 0; k < 3; k++) {
        if (!((parts >> k) & 1)) continue;
        n++;
        list = !list ? words[k] : kj_arena_printf(a, "%s%s%s", list, n == total ? " and " : ", ", words[k]);
    }
    if (!list) return "how far the closest branch of the proof falls short";
    return kj_arena_printf(a, "how far the closest branch of the proof falls short, summed over %s; what the claim "
                              "alone would have to give is its correction", list);
}

/* The zone a place's times are shown in: its own, else UTC. */
static const char *shown_zone(const kj_case *c, int place)
{
    int p = place >= 0 ? kj_place_effective(c, place) : -1; /* (an entity: where it stands) */
    const kj_stmt *s = p >= 0 ? &c->stmts[p] : NULL;
    return s && s->kind == ST_PLACE && s->place->zone.text ? s->place->zone.text : "UTC";
}

/* "786" for a speed of at least 786.9 km/h: rounded down, as the least the
 * account needs. */
static const char *least_kmh(double mps, char *buf, size_t n)
{
    double v = mps * 3.6;
    if (v >= 1) snprintf(buf, n, "%.0f", floor(v));
    else snprintf(buf, n, "%.2g", v);
    return buf;
}

/* One end of a leg: "ncp (seen, ends 2024-03-14 22:40 +00:00)";
 * last: the leg's second end (it begins there). */
static const char *leg_end(const kj_case *c, kj_arena *a, int place, int stmt, int via, int64_t t, int kind, int last)
{
    char when[80] = "";
    if (t < KJ_INF) {
        char tb[64];
        const char *verb = kind == KJ_LEG_DEPARTS ? "departs" : kind == KJ_LEG_ARRIVES ? "arrives" : last ? "begins" : "ends";
        snprintf(when, sizeof when, ", %s %s", verb, kj_time_format_c(c->readopts.tz_cache, t, shown_zone(c, place), tb, sizeof tb));
    }
    return kj_arena_printf(a, "%s (%s%s%s%s)", c->stmts[place].id, c->stmts[stmt].id, via >= 0 ? " through " : "",
                           via >= 0 ? c->stmts[via].id : "", when);
}

const char *kj_leg_text(const kj_case *c, kj_arena *a, const kj_report *r, int ci)
{
    if (!r->strain || r->strain[ci].leg < 0) return NULL;
    const kj_leg *l = &r->legs[r->strain[ci].leg];
    const char *from = leg_end(c, a, l->first_place, l->first, l->first_via, l->t0, l->first_kind, 0);
    const char *to = leg_end(c, a, l->second_place, l->second, l->second_via, l->t1, l->second_kind, 1);
    const char *who = c->stmts[ci].claim->person.idx == l->person ? "" : kj_arena_printf(a, "%s ", c->stmts[l->person].id);
    double km = floor(l->m / 100) / 10;
    if (l->s <= 0)
        return kj_arena_printf(a, "%s%s time at all to go %.1f km from %s to %s", who, *who ? "has no" : "no", km, from, to);
    char v[32], d[64];
    return kj_arena_printf(a, "%sneeds at least %s km/h: %.1f km from %s to %s in at most %s", who,
                           least_kmh(kj_leg_mps(l), v, sizeof v), km, from, to, kj_duration_format(l->s, d, sizeof d));
}

const char *kj_strain_text(const kj_case *c, kj_arena *a, const kj_report *r, int ci)
{
    (void)c;
    if (!r->strain || r->verdicts[ci] != V_STRAINED) return NULL;
    const kj_strain *st = &r->strain[ci];
    const char *s = "possible only by ";
    for (int k = 0; k < st->n_classes; k++)
        s = kj_arena_printf(a, "%s%s%s", s, k == 0 ? "" : k == st->n_classes - 1 ? " or " : ", ", st->classes[k]);
    return s;
}

/* --brief: a line per conflict, its first line's summary and its margin,
 * for a list (grep, an editor's quickfix) rather than a reader. */
static int render_brief(const kj_case *c, kj_arena *a, const kj_report *r, FILE *out, kj_safe_out *so)
{
    for (int i = 0; i < r->n_conflicts; i++) {
        const kj_conflict *cf = &r->conflicts[i];
        const kj_stmt *cl = &c->stmts[cf->claim];
        char dur[64];
        kj_duration_format(cf->margin_s, dur, sizeof dur);
        print_at(out, so, file_of(c, cl), cl->span.line, cl->span.col, KJ_STYLE_ERROR, kj_conflict_kind_name(cf->kind));
        /* one line each, whatever an imported note holds (a newline would forge one) */
        fprintf(out, ": %s (margin %s)\n", kj_escaped(a, kj_conflict_headline(c, a, r, cf)), dur);
    }
    return ferror(out) ? -1 : 0;
}

/* (report.h) */
#define ALIKE_LINES 12
const char *kj_alike_text(const kj_case *c, kj_arena *a, const kj_conflict *cfs, int n, const kj_alike *al, int g,
                          const char *what)
{
    int others = al->count[g] - 1;
    if (others < 1) return NULL;
    const kj_conflict *t = &cfs[al->tightest[g]];
    int64_t most = t->margin_s;
    const char *trace = NULL, *file = NULL, *lines = "";
    int shown = 0;
    for (int i = g; i < n; i++) {
        if (al->lead[i] != g || i == al->tightest[g]) continue;
        if (cfs[i].margin_s > most) most = cfs[i].margin_s;
        for (int k = 0; k < cfs[i].n; k++) { /* its point: the fact of it */
            const kj_stmt *s = &c->stmts[cfs[i].stmts[k]];
            if (s->kind != ST_FACT || s->parent < 0 || c->kinds[s->parent] != ST_TRACE) continue;
            trace = c->stmts[s->parent].id;
            file = c->files[s->span.file].shown;
            if (shown < ALIKE_LINES) lines = kj_arena_printf(a, "%s%s%d", lines, shown ? ", " : "", s->span.line);
            shown++;
            break;
        }
    }
    char lo[64], hi[64];
    kj_duration_format(t->margin_s, lo, sizeof lo);
    kj_duration_format(most, hi, sizeof hi);
    return kj_arena_printf(a, "and %d more %s%s like it, each with another point of trace '%s' (%s line%s %s%s), "
                              "margin%s %s%s%s",
                           others, what, others == 1 ? "" : "s", trace ? trace : "?", file ? file : "?",
                           shown == 1 ? "" : "s", lines, shown > ALIKE_LINES ? ", ..." : "",
                           strcmp(lo, hi) ? "s" : "", lo, strcmp(lo, hi) ? " to " : " each", strcmp(lo, hi) ? hi : "");
}

/* After the tightest conflict of a group alike, the others. */
static void print_alike(FILE *out, const kj_case *c, kj_arena *a, const kj_conflict *cfs, int n, const kj_alike *al,
                        int g, const char *what)
{
    const char *text = kj_alike_text(c, a, cfs, n, al, g, what);
    if (text) fprintf(out, "  %s (each one: --format json)\n", text);
}

/* The sources the findings cite, by their numbers: id, citation, address. */
static void print_sources(FILE *out, const kj_case *c, const kj_cites *cites)
{
    if (!cites->n) return;
    fprintf(out, "sources (cited above by number):\n");
    for (int k = 0; k < cites->n; k++) {
        const kj_stmt *s = &c->stmts[cites->stmt[k]];
        fprintf(out, "  [%d] %s: %s", k + 1, s->id, s->label ? s->label : "");
        if (s->cite && s->cite->url) fprintf(out, " <%s>", s->cite->url);
        fputc('\n', out);
    }
}

static int render_text(const kj_case *c, kj_arena *a, const kj_report *r, FILE *out, kj_safe_out *so)
{
    print_weekday_notes(out, so, c, a);
    for (int i = 0; i < r->n_conflicts; i++)
        if (r->alike.lead[i] == i) {
            print_conflict(out, so, c, a, r, &r->cites, &r->conflicts[r->alike.tightest[i]], 0);
            print_alike(out, c, a, r->conflicts, r->n_conflicts, &r->alike, i, "contradiction");
            fputc('\n', out);
        }
    for (int i = 0; i < r->n_findings; i++)
        if (r->findings_alike.lead[i] == i) {
            print_conflict(out, so, c, a, r->findings_of, &r->cites, &r->findings[r->findings_alike.tightest[i]], 1);
            print_alike(out, c, a, r->findings, r->n_findings, &r->findings_alike, i, "finding");
            fputc('\n', out);
        }
    int claims = 0;
    for (int i = 0; i < c->n_stmts; i++) claims += c->kinds[i] == ST_CLAIM;
    if (claims) {
        fprintf(out, "verdicts:\n");
        for (int i = 0; i < c->n_stmts; i++) {
            const kj_stmt *s = &c->stmts[i];
            if (s->kind != ST_CLAIM) continue;
            fprintf(out, "  %-20s ", s->id);
            kj_verdict v = r->verdicts[i];
            int marked = v == V_CONTRADICTED || v == V_STRAINED || v == V_CONFLICTING;
            if (marked) paint(so, v == V_CONTRADICTED ? KJ_STYLE_ERROR : KJ_STYLE_WARNING);
            fputs(kj_verdict_name(v), out);
            if (marked) paint(so, KJ_STYLE_PLAIN);
            if (r->verdicts[i] == V_CORROBORATED && r->corroborated_by[i] >= 0)
                fprintf(out, " (by %s)", c->stmts[r->corroborated_by[i]].id);
            if (r->correction && r->correction[i]) fprintf(out, ": %s", r->correction[i]);
            const char *why = kj_strain_text(c, a, r, i), *leg = kj_leg_text(c, a, r, i);
            if (why) fprintf(out, ": %s", why);
            fputc('\n', out);
            if (leg) fprintf(out, "  %-20s %s\n", "", leg);
        }
    }
    if (r->n_questions) {
        fprintf(out, "questions (most decisive first; all of them: kjeller questions):\n");
        kj_questions_render_text(c, r->questions, r->n_questions, 3, 1, out);
    }
    if (r->n_findings)
        fprintf(out, "%d finding%s about devices and vehicles (not contradictions: who had them?)\n", r->n_findings,
                r->n_findings == 1 ? "" : "s");
    if (r->findings_of && (r->findings_of->undecided || r->findings_of->incomplete))
        fprintf(out, "note: the search for findings about devices stopped at its budget or limit; more may exist\n");
    print_sources(out, c, &r->cites);
    paint(so, KJ_STYLE_STRONG);
    if (r->n_conflicts)
        fprintf(out, "%d contradiction%s found", r->n_conflicts, r->n_conflicts == 1 ? "" : "s");
    else if (r->undecided)
        fprintf(out, "undecided: the search budget ran out before a contradiction was found (raise --max-branches)");
    else
        fprintf(out, "no contradiction found");
    paint(so, KJ_STYLE_PLAIN);
    fputc('\n', out);
    if (r->incomplete) fprintf(out, "note: stopped listing conflicts at the enumeration limit; more may exist\n");
    /* (the JSON's "complete" is false for either note) */
    if (r->undecided && r->n_conflicts)
        fprintf(out, "note: the search budget ran out before every part of the case was decided; more may exist "
                     "(raise --max-branches)\n");
    return ferror(out) ? -1 : 0;
}

static int render_questions_text(const kj_case *c, const kj_report *r, FILE *out);

static int questions_call(const kj_case *c, const kj_report *r, const kj_text_opts *opts, FILE *out)
{
    (void)opts;
    kj_safe_out so; /* escaped, as kj_render_text */
    FILE *mem = kj_safe_begin(&so, out, KJ_WRITE_ESCAPED);
    return kj_safe_end(&so, mem ? render_questions_text(c, r, mem) : -1);
}

/* Both in the C locale (kj_c_locale_enter): numbers with a point. */
static int in_c_locale(int (*call)(const kj_case *, const kj_report *, const kj_text_opts *, FILE *), const kj_case *c,
                       const kj_report *r, const kj_text_opts *opts, FILE *out)
{
    static const kj_text_opts defaults = {.layout = KJ_TEXT_FULL};
    locale_t saved;
    if (kj_c_locale_enter(&saved) != 0) return -1;
    int rc = call(c, r, opts ? opts : &defaults, out);
    kj_c_locale_leave(saved);
    return rc;
}

int kj_render_text(const kj_case *c, const kj_report *r, FILE *out) { return in_c_locale(text_call, c, r, NULL, out); }

int kj_render_text_with(const kj_case *c, const kj_report *r, const kj_text_opts *opts, FILE *out)
{
    return in_c_locale(text_call, c, r, opts, out);
}

int kj_render_questions_text(const kj_case *c, const kj_report *r, FILE *out)
{
    return in_c_locale(questions_call, c, r, NULL, out);
}

static int render_questions_text(const kj_case *c, const kj_report *r, FILE *out)
{
    if (!r->n_questions) fprintf(out, "no questions: no claim implies a checkable detail the rules know of\n");
    else fprintf(out, "questions (most decisive first):\n");
    kj_questions_render_text(c, r->questions, r->n_questions, -1, 0, out);
    return ferror(out) ? -1 : 0;
}
