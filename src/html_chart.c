/* html_chart — the space-time chart of the HTML report, after Marey's train
 * graphs: time runs left to right (UTC), one row per place.  A claim is
 * drawn twice: as the window its readings allow (a translucent band; a
 * journey's band joins its departure window on one row to its arrival
 * window on another) and as the account's earliest schedule inside it (a
 * line).  Facts, register coverage and entity lifetimes are shaded bands on
 * their place's row.  Claims in a conflict are red and carry the margins of
 * the conflicts reported at them.
 *
 * Times are the account's own bounds: the claims' windows, durations and
 * sequence clauses solved as a temporal network (kj_network_bounds over the
 * edges that rest on claims alone), so a claim without a time of its own is
 * drawn where its sequence puts it.  Only the account is solved: the chart
 * shows what the witness said, and the bands show what it runs into.
 *
 * Each claim's tightest leg (the speed it needs) is a dashed line between
 * the two presences' bounding times; the tightest of the case and those of
 * strained claims carry their speed. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "html.h"
#include "stmt.h"
#include "strain.h"

enum { CHART_W = 1100, LEFT = 230, RIGHT = 40, TOP = 20, BAND_LINE = 14, TRACK_GAP = 34, ROW_BOTTOM = 42, AXIS_H = 40, LINE = 14 };

static const char *const conflict_red = "#c8102e";

typedef struct claim_times {
    kj_interval start, end;   /* the windows of the claim's start and end */
    int64_t t_start, t_end;   /* the earliest schedule */
    int start_unstated;       /* start derived from the end and the least duration */
    int drawn;
} claim_times;

/* A text's extent, for the labels' layout. */
typedef struct box { double x0, y0, x1, y1; } box;
typedef KJ_VEC(box) box_vec;

typedef struct chart {
    kj_html *h;
    const char *svg_id;
    const kj_conflict *focus; /* the one conflict a focus chart draws, or NULL: the whole case */
    const char *focus_id;     /* its id, "c3" or "f1" */
    unsigned char *in;        /* per statement: drawn */
    int *row_of;        /* per statement: the row of a place or a trace, else -1 */
    int *rows;          /* per row: the place or trace statement */
    int *bands;         /* per row: bands on it */
    int *extra;         /* per row: text lines below its track beyond the two it always has */
    int *tops;          /* per row and one past the last: its top */
    int n_rows;
    int64_t t0, t1;     /* the time axis */
    const claim_times *ct; /* per statement (claims only) */
    box_vec taken;      /* the texts drawn so far */
} chart;

static int finite(int64_t t) { return t > -KJ_INF / 2 && t < KJ_INF / 2; }

static double x_of(const chart *ch, int64_t t)
{
    double x = LEFT + (double)(t - ch->t0) * (CHART_W - LEFT - RIGHT) / (double)(ch->t1 - ch->t0);
    return x < LEFT - 6 ? LEFT - 6 : x > CHART_W - RIGHT + 6 ? CHART_W - RIGHT + 6 : x;
}

/* ---- labels ---------------------------------------------------------------- */

/* Labels are laid out so that none overlaps another or runs off the
 * chart: each text is as wide as DejaVu Sans draws it, with a little to
 * spare (kj_html_text_px), and a text that would overlap one already
 * drawn moves right past it, or to the next line offered; one that finds
 * no room is not drawn, and the element it labels keeps its full text as
 * a tooltip (<title>).  tests/html.sh measures the drawn page in
 * Chromium. */

static box text_box(double x, double y, double w, double size) { return (box){x - 1, y - size * 0.95, x + w + 1, y + size * 0.3}; }

static int overlapping(const chart *ch, box b)
{
    for (int k = 0; k < ch->taken.n; k++) {
        const box *o = &ch->taken.items[k];
        if (b.x0 < o->x1 && o->x0 < b.x1 && b.y0 < o->y1 && o->y0 < b.y1) return k;
    }
    return -1;
}

static void take(chart *ch, box b) { kj_vec_put(ch->h->arena->mem, &ch->taken, b); }

/* A free spot for a text w wide of font size `size`: on one of the n
 * baselines ys, from x rightward past what it would overlap but at most
 * drift further, within [x_min, CHART_W - 4].  Takes it and gives 1 with
 * *ox, *oy, or gives 0. */
static int spot(chart *ch, double x, double x_min, double drift, const double *ys, int n, double w, double size, double *ox,
                double *oy)
{
    double right = CHART_W - 4;
    for (int k = 0; k < n; k++) {
        double at = x + w > right ? right - w : x;
        if (at < x_min) at = x_min;
        double last = at + drift;
        for (int guard = 0; at + w <= right && at <= last && guard < 4096; guard++) {
            box b = text_box(at, ys[k], w, size);
            int o = overlapping(ch, b);
            if (o < 0) {
                take(ch, b);
                *ox = at;
                *oy = ys[k];
                return 1;
            }
            at = ch->taken.items[o].x1 + 2;
        }
    }
    return 0;
}

/* An 11px text of class cls (bold or not) at a free spot (see spot; drift:
 * how far right of x it may move to find one), cut to the chart's width;
 * with data-c when conflicts is set.  Gives 0 when it found no room (and
 * drew nothing). */
static int label(chart *ch, const char *cls, const char *conflicts, const char *text, double x, double x_min, double drift,
                 const double *ys, int n, int bold)
{
    FILE *out = ch->h->out;
    double room = CHART_W - 4 - (x_min > LEFT ? x_min : LEFT);
    text = kj_html_clip(ch->h->arena, text, room, 11, bold);
    double ox, oy;
    if (!spot(ch, x, x_min, drift, ys, n, kj_html_text_px(text, 11, bold), 11, &ox, &oy)) return 0;
    fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\"", cls, ox, oy);
    if (conflicts) fprintf(out, " data-c=\"%s\"", conflicts);
    fputc('>', out);
    kj_html_escape(out, text);
    fputs("</text>", out);
    return 1;
}

/* ---- rows ------------------------------------------------------------------ */

/* The row a place is drawn on: its own, or its trace's for a trace point's
 * position (a trace is one row, its points joined). */
static int row_key(const kj_case *c, int place)
{
    if (place >= 0 && c->kinds[place] != ST_PLACE && c->kinds[place] != ST_ENTITY) return place; /* a person's own row */
    place = kj_place_effective(c, place);
    if (place < 0) return -1;
    int t = kj_trace_of(c, place);
    return t >= 0 ? t : place;
}

static void add_row(chart *ch, int place)
{
    int key = row_key(ch->h->c, place);
    if (key < 0 || ch->row_of[key] >= 0) return;
    ch->row_of[key] = ch->n_rows;
    ch->rows[ch->n_rows++] = key;
}

static int row_of(const chart *ch, int place)
{
    int key = row_key(ch->h->c, place);
    return key < 0 ? -1 : ch->row_of[key];
}

static int is_point(const kj_case *c, int i) { return c->kinds[i] == ST_FACT && kj_trace_of(c, i) >= 0; }

/* The place a fact, register or entity band is drawn at, or -1 (a trace
 * point is a dot on its trace's row, not a band); a fact that names no
 * place ("x unreachable by letter") is drawn on a row of its person. */
static int band_place(const kj_case *c, int i)
{
    const kj_stmt *s = &c->stmts[i];
    if (s->kind == ST_FACT && !is_point(c, i)) return kj_stmt_at(s)->idx >= 0 ? kj_stmt_at(s)->idx : s->fact->person.idx;
    if (s->kind == ST_REGISTER) return kj_stmt_at(s)->idx;
    if (s->kind == ST_ENTITY && s->entity->exists.text) return s->entity->at.idx;
    return -1;
}

/* How many margins are written under claim ci's track: one per conflict,
 * or per group of conflicts alike (report.h). */
static int margins_at(const chart *ch, int ci)
{
    if (ch->focus) return 0;
    const kj_alike *al = &ch->h->r->alike;
    int n = 0;
    for (int k = 0; k < ch->h->r->n_conflicts; k++)
        n += ch->h->r->conflicts[k].claim == ci && (!al->lead || al->tightest[al->lead[k]] == k);
    return n;
}

/* Rows in the order the claims first reach the places, then the places
 * only facts, registers and entities are at, then the traces. */
static void layout_rows(chart *ch)
{
    const kj_case *c = ch->h->c;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (s->kind != ST_CLAIM || !ch->in[i]) continue;
        if (s->claim->claim_kind == CLAIM_TRAVEL) {
            add_row(ch, s->claim->from.idx);
            add_row(ch, s->claim->to.idx);
        } else add_row(ch, s->claim->at.idx);
    }
    for (int i = 0; i < c->n_stmts; i++) {
        int place = ch->in[i] ? band_place(c, i) : -1;
        if (place < 0) continue;
        add_row(ch, place);
        if (row_of(ch, place) >= 0) ch->bands[row_of(ch, place)]++;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (ch->focus && ch->in[i] && c->kinds[i] == ST_PLACE && kj_trace_of(c, i) < 0) add_row(ch, i);
        if (ch->in[i] && is_point(c, i)) add_row(ch, c->stmts[i].fact->at.idx);
    }
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (s->kind != ST_CLAIM || !ch->in[i]) continue;
        int r = row_of(ch, s->claim->claim_kind == CLAIM_TRAVEL ? s->claim->to.idx : s->claim->at.idx);
        int more = margins_at(ch, i) - 2;
        if (r >= 0 && more > ch->extra[r]) ch->extra[r] = more;
    }
    if (ch->focus) {
        int r = row_of(ch, c->stmts[ch->focus->claim].claim->claim_kind == CLAIM_TRAVEL ? c->stmts[ch->focus->claim].claim->to.idx
                                                                                       : c->stmts[ch->focus->claim].claim->at.idx);
        if (r >= 0 && ch->extra[r] < 1) ch->extra[r] = 1; /* the margin bar */
    }
}

static void layout_row_tops(chart *ch)
{
    ch->tops[0] = TOP;
    for (int i = 0; i < ch->n_rows; i++)
        ch->tops[i + 1] = ch->tops[i] + TRACK_GAP + BAND_LINE * ch->bands[i] + ROW_BOTTOM + LINE * ch->extra[i];
}

static int row_top(const chart *ch, int row) { return ch->tops[row]; }

static int track_y(const chart *ch, int row) { return row_top(ch, row) + TRACK_GAP + BAND_LINE * ch->bands[row]; }

/* ---- times ----------------------------------------------------------------- */

static int rests_on_claims_only(const kj_case *c, const kj_network *net, const kj_edge *e)
{
    const kj_prov *p = &net->provs.items[e->prov];
    for (int k = 0; k < p->n; k++)
        if (c->stmts[p->stmts[k]].role != ROLE_CLAIM) return 0;
    return e->kind == EK_ORDER || e->kind == EK_GAP || e->kind == EK_WINDOW || e->kind == EK_DURATION;
}

/* Per claim, from one pass over the edges: the least time it takes (its
 * stated duration, or the travel bound) and the gap edge of its sequence
 * clause ("right after X": X.end -> start), or -1. */
static void claim_edges_of(const kj_case *c, const kj_network *net, int64_t *least, int *gap_edge)
{
    for (int i = 0; i < c->n_stmts; i++) {
        least[i] = c->stmts[i].kind == ST_CLAIM && c->stmts[i].claim->dur.text ? c->stmts[i].claim->dur_min : 0;
        gap_edge[i] = -1;
    }
    for (int i = 0; i < net->edges.n; i++) {
        const kj_edge *e = &net->edges.items[i];
        int ci = net->points.items[e->v].stmt;
        if (ci < 0 || c->stmts[ci].kind != ST_CLAIM || e->v != net->stmt_start[ci]) continue;
        if (e->kind == EK_TRAVEL && e->u == net->stmt_end[ci] && -e->w > least[ci]) least[ci] = -e->w;
        if (e->kind == EK_GAP) gap_edge[ci] = i;
    }
}

/* A start the bounds leave open after a sequence clause ("right after
 * lobby", whose end only a fact bounds): at most the clause's gap after the
 * drawn end of the claim it follows. */
static void start_after_drawn(const kj_network *net, const claim_times *ct, int gap_edge, claim_times *t)
{
    if (finite(t->start.hi) || gap_edge < 0) return;
    const kj_edge *e = &net->edges.items[gap_edge];
    int before = net->points.items[e->u].stmt;
    if (before >= 0 && ct[before].drawn) t->start.hi = ct[before].end.hi + e->w;
}

/* A claim's own windows, when the account as a whole is self-contradictory. */
static void own_windows(const kj_stmt *s, claim_times *t)
{
    kj_interval open = {-KJ_INF, KJ_INF};
    t->start = s->claim->when.text ? s->claim->when_iv : s->claim->depart.text ? s->claim->depart_iv : open;
    t->end = s->claim->arrive.text ? s->claim->arrive_iv : open;
}

/* Fills what the bounds leave open from the other end and the claim's
 * length, so that a flight with only an arrival time is drawn leaving as
 * late as the distance allows. */
static void complete_times(const kj_stmt *s, int64_t least, claim_times *t)
{
    if (!finite(t->start.lo) && finite(t->end.lo)) {
        t->start.lo = t->end.lo - least;
        t->start_unstated = 1;
    }
    if (!finite(t->start.hi) && finite(t->end.hi)) t->start.hi = t->end.hi - least;
    if (!finite(t->end.lo) && finite(t->start.lo)) t->end.lo = t->start.lo + least;
    if (!finite(t->end.hi) && finite(t->start.hi))
        t->end.hi = t->start.hi + (s->claim->dur.text && s->claim->dur_max < KJ_INF ? s->claim->dur_max : least);
    if (t->start.hi > t->end.hi) t->start.hi = t->end.hi;
    t->drawn = finite(t->start.lo) && finite(t->start.hi) && finite(t->end.lo) && finite(t->end.hi);
    t->t_start = t->start.lo;
    t->t_end = t->end.lo > t->t_start + least ? t->end.lo : t->t_start + least;
}

/* The claims' times, solved once per report (html.h: a focus chart draws
 * with those of the whole case). */
static const claim_times *claim_times_of(kj_html *h)
{
    if (h->chart_times && h->chart_times_of == h->r) return h->chart_times;
    const kj_case *c = h->c;
    const kj_network *net = h->r->net;
    kj_mem *mem = h->arena->mem;
    claim_times *ct = kj_arena_alloc(h->arena, sizeof(claim_times) * ((size_t)c->n_stmts + 1));
    unsigned char *use = kj_calloc(mem, (size_t)net->edges.n + 1, 1);
    int64_t *latest = kj_malloc(mem, sizeof(int64_t) * ((size_t)net->points.n + 1));
    int64_t *neg_earliest = kj_malloc(mem, sizeof(int64_t) * ((size_t)net->points.n + 1));
    int64_t *least = kj_malloc(mem, sizeof(int64_t) * ((size_t)c->n_stmts + 1));
    int *gap_edge = kj_malloc(mem, sizeof(int) * ((size_t)c->n_stmts + 1));
    claim_edges_of(c, net, least, gap_edge);
    for (int i = 0; i < net->edges.n; i++) use[i] = (unsigned char)rests_on_claims_only(c, net, &net->edges.items[i]);
    int solved = !kj_network_bounds(mem, net, use, 0, latest) && !kj_network_bounds(mem, net, use, 1, neg_earliest);
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (s->kind != ST_CLAIM) continue;
        claim_times *t = &ct[i];
        int S = net->stmt_start[i], E = net->stmt_end[i];
        if (S < 0) { /* in a part of the case the check cut off from the conflicts' (parts.c): its own times */
            own_windows(s, t);
            complete_times(s, least[i], t);
            continue;
        }
        if (solved) {
            t->start = (kj_interval){-neg_earliest[S], latest[S]};
            t->end = (kj_interval){-neg_earliest[E], latest[E]};
        } else {
            own_windows(s, t);
        }
        start_after_drawn(net, ct, gap_edge[i], t);
        complete_times(s, least[i], t);
    }
    kj_free(use);
    kj_free(latest);
    kj_free(neg_earliest);
    kj_free(least);
    kj_free(gap_edge);
    h->chart_times = ct;
    h->chart_times_of = h->r;
    return ct;
}

/* The interval a band or a point stands for. */
static kj_interval band_interval(const kj_stmt *s)
{
    kj_interval iv = s->kind == ST_FACT ? s->fact->when_iv : s->kind == ST_REGISTER ? s->reg->coverage : s->entity->life;
    if (s->kind == ST_FACT && s->fact->fact_kind == FACT_RESIDES) iv.hi = s->fact->until.text ? s->fact->until_iv.hi : KJ_INF;
    if (s->kind == ST_FACT && s->fact->fact_kind == FACT_JOURNEY) iv = s->fact->wide_iv; /* departure to arrival */
    return iv;
}

static void set_axis(chart *ch, int64_t lo, int64_t hi)
{
    if (hi - lo < 3600) {
        int64_t mid = lo + (hi - lo) / 2;
        lo = mid - 1800;
        hi = mid + 1800;
    }
    int64_t pad = (hi - lo) / 25;
    ch->t0 = lo - pad;
    ch->t1 = hi + pad;
}

/* Where a focus chart's margin bar starts: the end of the claim's
 * schedule, or the latest end its window allows if that is earlier. */
static int64_t bar_start(const claim_times *t) { return t->t_end > t->end.hi ? t->end.hi : t->t_end; }

/* A focus chart's axis: the conflict's claim as the account schedules it
 * and its margin after it, to scale, widened to the times of the other
 * statements the conflict rests on that fall near (a band of a month or a
 * window of a fortnight is cut at the chart's edges, not allowed to set
 * its scale). */
static int focus_axis(chart *ch)
{
    const kj_case *c = ch->h->c;
    const kj_conflict *cf = ch->focus;
    const claim_times *t = &ch->ct[cf->claim];
    if (!t->drawn) return -1;
    int64_t margin = cf->margin_s > 0 && cf->margin_s < KJ_INF / 4 ? cf->margin_s : 0;
    int64_t from = bar_start(t), lo = t->t_start < from ? t->t_start : from;
    int64_t hi = from + margin > t->t_end ? from + margin : t->t_end;
    int64_t near = hi - lo > 1800 ? hi - lo : 1800;
    for (int m = 0; m < cf->n; m++) {
        int i = cf->stmts[m];
        const kj_stmt *s = &c->stmts[i];
        kj_interval iv;
        if (s->kind == ST_CLAIM && ch->ct[i].drawn) iv = (kj_interval){ch->ct[i].t_start, ch->ct[i].t_end};
        else if (band_place(c, i) >= 0 || is_point(c, i)) iv = band_interval(s);
        else continue;
        if (iv.lo < t->t_start - near) iv.lo = t->t_start - near;
        if (iv.hi > hi + near) iv.hi = hi + near;
        if (iv.lo > iv.hi || !finite(iv.lo) || !finite(iv.hi)) continue;
        lo = iv.lo < lo ? iv.lo : lo;
        hi = iv.hi > hi ? iv.hi : hi;
    }
    set_axis(ch, lo, hi);
    return 0;
}

/* The axis spans the drawn claims; without any, the facts and registers. */
static int axis(chart *ch)
{
    const kj_case *c = ch->h->c;
    int64_t lo = KJ_INF, hi = -KJ_INF;
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->stmts[i].kind != ST_CLAIM || !ch->ct[i].drawn) continue;
        if (ch->ct[i].start.lo < lo) lo = ch->ct[i].start.lo;
        if (ch->ct[i].end.hi > hi) hi = ch->ct[i].end.hi;
    }
    for (int i = 0; i < c->n_stmts && lo > hi; i++) {
        const kj_stmt *s = &c->stmts[i];
        kj_interval iv = s->kind == ST_FACT ? s->fact->when_iv : s->kind == ST_REGISTER ? s->reg->coverage : (kj_interval){.lo = KJ_INF, .hi = -KJ_INF};
        if (finite(iv.lo) && finite(iv.hi)) {
            lo = iv.lo < lo ? iv.lo : lo;
            hi = iv.hi > hi ? iv.hi : hi;
        }
    }
    if (lo > hi) return -1;
    set_axis(ch, lo, hi);
    return 0;
}

/* ---- drawing --------------------------------------------------------------- */

/* Ticks: the smallest step from this list that gives at most ten. */
static const struct { int64_t s; int months; } tick_steps[] = {
    {60, 0}, {300, 0}, {900, 0}, {1800, 0}, {3600, 0}, {3 * 3600, 0}, {6 * 3600, 0}, {12 * 3600, 0},
    {86400, 0}, {2 * 86400, 0}, {7 * 86400, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 6}, {0, 12}, {0, 24},
    {0, 60}, {0, 120}, {0, 240}, {0, 600}, {0, 1200}, {0, 2400}, {0, 6000}, {0, 12000}, {0, 24000}, {0, 60000},
};

static void tick_label(int64_t t, int64_t step_s, int months, char *buf, size_t n)
{
    int64_t days = kj_day_of(t);
    int64_t sec = t - days * 86400;
    int y, m, d;
    kj_civil_from_days(days, &y, &m, &d);
    if (months >= 12) snprintf(buf, n, "%d", y);
    else if (months) snprintf(buf, n, "%d-%02d", y, m);
    else if (step_s >= 86400) snprintf(buf, n, "%d-%02d-%02d", y, m, d);
    else snprintf(buf, n, "%02d-%02d %02d:%02d", m, d, (int)(sec / 3600), (int)(sec % 3600 / 60));
}

static void draw_tick(const chart *ch, int64_t t, int64_t step_s, int months, int bottom)
{
    char label[48];
    double x = x_of(ch, t);
    tick_label(t, step_s, months, label, sizeof label);
    fprintf(ch->h->out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                        "<text class=\"tick\" x=\"%.1f\" y=\"%d\">%s</text>\n",
            x, TOP, x, bottom, x, bottom + 16, label);
}

static void draw_axis(const chart *ch, int bottom)
{
    FILE *out = ch->h->out;
    int64_t span = ch->t1 - ch->t0;
    size_t k = 0;
    while (k + 1 < sizeof tick_steps / sizeof tick_steps[0] &&
           span / (tick_steps[k].s ? tick_steps[k].s : tick_steps[k].months * 2629746LL) > 10)
        k++;
    int64_t step = tick_steps[k].s;
    int months = tick_steps[k].months;
    if (step) {
        int64_t t = ch->t0 - ((ch->t0 % step) + step) % step + step;
        for (; t < ch->t1; t += step) draw_tick(ch, t, step, 0, bottom);
    } else {
        int y, m, d;
        kj_civil_from_days(ch->t0 / 86400, &y, &m, &d);
        int index = ((y * 12 + m - 1) / months + 1) * months; /* months since year 0, rounded up */
        for (int64_t t; (t = kj_days_from_civil(index / 12, index % 12 + 1, 1) * 86400) < ch->t1; index += months)
            draw_tick(ch, t, 0, months, bottom);
    }
    fprintf(out, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                 "<text class=\"axis-title\" x=\"8\" y=\"%d\">time (UTC)</text>\n",
            LEFT, bottom, CHART_W - RIGHT, bottom, bottom + 16);
    if (step && step < 86400) { /* the ticks say "03-14 22:00": the year under the title */
        int y0, y1, m, d;
        kj_civil_from_days(kj_day_of(ch->t0), &y0, &m, &d);
        kj_civil_from_days(kj_day_of(ch->t1), &y1, &m, &d);
        if (y0 == y1) fprintf(out, "<text class=\"axis-title\" x=\"8\" y=\"%d\">%d</text>\n", bottom + 30, y0);
        else fprintf(out, "<text class=\"axis-title\" x=\"8\" y=\"%d\">%d\u2013%d</text>\n", bottom + 30, y0, y1);
    }
}

/* A row's names at the left: a place's name (its id when it has none) and
 * its id below; a trace's id and what it traces.  Each cut to the column,
 * in full as a tooltip. */
static void draw_row_label(chart *ch, int row)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    const kj_stmt *p = &c->stmts[ch->rows[row]];
    int top = row_top(ch, row), y = track_y(ch, row);
    int trace = p->kind == ST_TRACE, person = p->kind != ST_TRACE && p->kind != ST_PLACE && p->kind != ST_ENTITY;
    const char *name = trace ? kj_arena_printf(ch->h->arena, "trace %s", p->id) : p->label ? p->label : p->id;
    const char *under = NULL;
    if (person) {
        under = kj_arena_printf(ch->h->arena, "%s: facts at no place", p->id);
    } else if (trace) {
        int who = p->trace->person.idx;
        under = who >= 0 ? kj_arena_printf(ch->h->arena, "%s%s%s", c->stmts[who].id, p->label ? ": " : "", p->label ? p->label : "")
                         : p->label;
    } else if (p->label) {
        under = p->id;
    }
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, trace ? "row-label of-trace" : "row-label", trace || person ? NULL : ch->h->place_conflicts[ch->rows[row]]);
    fprintf(out, "><line class=\"track\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, y, CHART_W - RIGHT, y);
    fprintf(out, "<text class=\"place\" x=\"8\" y=\"%d\">", y - 2);
    kj_html_escape(out, kj_html_clip(ch->h->arena, name, LEFT - 14, 13, 1));
    fprintf(out, "</text>");
    if (under) {
        fprintf(out, "<text class=\"place-label\" x=\"8\" y=\"%d\">", y + 12);
        kj_html_escape(out, kj_html_clip(ch->h->arena, under, LEFT - 14, 11, 0));
        fprintf(out, "</text>");
    }
    fprintf(out, "<title>");
    kj_html_escape(out, name);
    if (under) {
        fputs(" (", out);
        kj_html_escape(out, under);
        fputs(")", out);
    }
    fprintf(out, "</title></g>\n");
    if (row) fprintf(out, "<line class=\"row-sep\" x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", top, CHART_W, top);
}

/* A band's words: "fact trotsky-december: trotsky throughout 1935-12". */
static const char *band_text(const kj_case *c, kj_arena *a, const kj_stmt *s)
{
    const char *kind = s->kind == ST_FACT ? "fact" : s->kind == ST_REGISTER ? "register" : s->entity->entity_kind;
    const char *who = s->kind == ST_FACT && s->fact->person.idx >= 0 ? c->stmts[s->fact->person.idx].id : "";
    const char *text = s->kind == ST_FACT ? s->fact->when.text : s->kind == ST_REGISTER ? s->reg->covers.text : s->entity->exists.text;
    if (!text) text = "";
    if (s->kind == ST_FACT && s->fact->fact_kind == FACT_JOURNEY)
        return kj_arena_printf(a, "%s %s: %s travels %s -> %s by %s, departs %s, arrives %s", kind, s->id, who, s->fact->at.name,
                               s->fact->to.name, s->fact->mode.name, text, s->fact->arrive.text ? s->fact->arrive.text : "");
    const char *verb = s->kind == ST_FACT ? (s->fact->fact_kind == FACT_THROUGHOUT ? " throughout "
                                             : s->fact->fact_kind == FACT_RESIDES ? " lives there from "
                                                                                   : " at some time in ")
                       : s->kind == ST_REGISTER ? "covers "
                                                : "exists ";
    int until = s->kind == ST_FACT && s->fact->fact_kind == FACT_RESIDES && s->fact->until.text;
    return kj_arena_printf(a, "%s %s: %s%s%s%s%s", kind, s->id, who, verb, text, until ? " to " : "", until ? s->fact->until.text : "");
}

/* One shaded band: a fact, a register's coverage or an entity's lifetime,
 * its words on its own line of the row (cut to the chart, in full as a
 * tooltip). */
static void draw_band(chart *ch, int i, int lane)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    const kj_stmt *s = &c->stmts[i];
    int row = row_of(ch, band_place(c, i));
    kj_interval iv = band_interval(s);
    const char *cls = s->kind == ST_FACT ? (s->fact->fact_kind == FACT_RESIDES ? "band resides" : "band fact")
                      : s->kind == ST_REGISTER ? "band register" : "band entity";
    int top = row_top(ch, row), bottom = track_y(ch, row) + 12;
    double x0 = x_of(ch, iv.lo), x1 = x_of(ch, iv.hi);
    const char *where = iv.hi < ch->t0 ? "before the chart: " : iv.lo > ch->t1 ? "after the chart: " : "";
    const char *text = band_text(c, ch->h->arena, s);
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, cls, ch->h->stmt_conflicts[i]);
    fprintf(out, ">");
    if (!*where)
        fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"%s/>", x0, top + 4 + lane * BAND_LINE,
                x1 - x0 < 1 ? 1 : x1 - x0, bottom - top - 4 - lane * BAND_LINE,
                s->kind == ST_FACT ? kj_arena_printf(ch->h->arena, " fill=\"%s\"", kj_html_person_colour(ch->h, s->fact->person.idx)) : "");
    double y = top + 14 + lane * BAND_LINE;
    double tx = *where ? (iv.hi < ch->t0 ? LEFT + 4 : CHART_W) : (x0 < LEFT ? LEFT : x0) + 4;
    label(ch, "band-label", NULL, kj_arena_printf(ch->h->arena, "%s%s", where, text), tx, LEFT, CHART_W, &y, 1, 0);
    fprintf(out, "<title>");
    kj_html_escape(out, text);
    fprintf(out, "</title></g>\n");
}

static void draw_bands(chart *ch)
{
    const kj_case *c = ch->h->c;
    int *lane = kj_calloc(ch->h->arena->mem, (size_t)ch->n_rows + 1, sizeof(int));
    for (int i = 0; i < c->n_stmts; i++) {
        int place = ch->in[i] ? band_place(c, i) : -1;
        if (place < 0 || row_of(ch, place) < 0) continue;
        draw_band(ch, i, lane[row_of(ch, place)]++);
    }
    kj_free(lane);
}

/* ---- traces ---------------------------------------------------------------- */


/* A point's time on the chart (UTC): "22:39:05", with its day ("03-14
 * 22:39") when the chart spans days, with its year when it spans years. */
static const char *point_time(const chart *ch, int64_t t) { return kj_html_utc(ch->h->arena, t, kj_html_when_for(ch->t0, ch->t1, 1)); }

/* Where a point was, as the findings say it: "0.5 km from Manchester, GB",
 * "at NCP Piccadilly". */
static const char *point_where(const chart *ch, int i) { return kj_point_where(ch->h->c, ch->h->c->stmts[i].fact->at.idx, ch->h->arena); }

/* Whether a point in a conflict is labelled: on a focus chart, the
 * conflict's; on the overview, those of conflicts like no other and of
 * the tightest of each group alike (the others are red dots, with their
 * words as tooltips). */
static int labelled(const chart *ch, int i)
{
    if (ch->focus) return ch->in[i];
    const kj_report *r = ch->h->r;
    for (int k = 0; k < r->n_conflicts; k++) {
        if (r->alike.lead && r->alike.tightest[r->alike.lead[k]] != k) continue;
        for (int m = 0; m < r->conflicts[k].n; m++)
            if (r->conflicts[k].stmts[m] == i) return 1;
    }
    return 0;
}

/* One trace: its points on its row in time order, joined by a line, each a
 * dot with its time, place, file line and note as a tooltip; the points in
 * a conflict red, drawn last (on top) and labelled with time and place. */
static void draw_trace(chart *ch, int row)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    int trace = ch->rows[row], y = track_y(ch, row);
    int *pts = kj_malloc(ch->h->arena->mem, sizeof(int) * ((size_t)c->n_stmts + 1)), n = 0;
    for (int i = 0; i < c->n_stmts; i++) {
        if (!is_point(c, i) || kj_trace_of(c, i) != trace) continue;
        kj_interval iv = c->stmts[i].fact->when_iv;
        /* a focus chart shows the trace's points in its span around the conflict's */
        if (ch->in[i] || (ch->focus && iv.hi >= ch->t0 && iv.lo <= ch->t1)) pts[n++] = i;
    }
    kj_html_sort_by_time(ch->h->arena->mem, c, pts, n);
    /* the points before and after the chart's span are counted at its edges, not drawn there */
    int before = 0, after = 0, m = 0;
    for (int k = 0; k < n; k++) {
        kj_interval iv = c->stmts[pts[k]].fact->when_iv;
        int64_t mid = iv.lo + (iv.hi - iv.lo) / 2;
        if (mid < ch->t0) before++;
        else if (mid > ch->t1) after++;
        else pts[m++] = pts[k];
    }
    n = m;
    fprintf(out, "<g class=\"trace\" data-stmt=\"");
    kj_html_escape(out, c->stmts[trace].id);
    fprintf(out, "\" style=\"--trace:%s\"><polyline class=\"trace-line\" points=\"", kj_html_trace_colour(ch->h, trace));
    if (before) fprintf(out, "%d,%d ", LEFT, y);
    for (int k = 0; k < n; k++) {
        kj_interval iv = c->stmts[pts[k]].fact->when_iv;
        fprintf(out, "%s%.1f,%d", k ? " " : "", x_of(ch, iv.lo + (iv.hi - iv.lo) / 2), y);
    }
    if (after) fprintf(out, "%s%d,%d", n || before ? " " : "", CHART_W - RIGHT, y);
    fprintf(out, "\"/>\n");
    for (int side = 0; side < 2; side++) {
        int count = side ? after : before;
        if (!count) continue;
        const char *text = kj_arena_printf(ch->h->arena, side ? "%d later \u25b8" : "\u25c2 %d earlier", count);
        double w = kj_html_text_px(text, 11, 0), ys[] = {y + 16, y - 8, y + 16 + LINE};
        fprintf(out, "<g class=\"off-chart\">");
        label(ch, "off-chart", NULL, text, side ? CHART_W - RIGHT - w : LEFT + 2, LEFT, 40, ys, 3, 0);
        fprintf(out, "<title>%d point%s of trace '", count, count == 1 ? "" : "s");
        kj_html_escape(out, c->stmts[trace].id);
        fprintf(out, "' that the check read lie %s the chart's span (its store may hold more)</title></g>\n", side ? "after" : "before");
    }
    for (int pass = 0; pass < 2; pass++) /* the conflicted points last, on top */
        for (int k = 0; k < n; k++) {
            int i = pts[k];
            const kj_stmt *s = &c->stmts[i];
            const char *cs = ch->h->stmt_conflicts[i];
            if ((cs != NULL) != pass) continue;
            kj_interval iv = s->fact->when_iv;
            double x = x_of(ch, iv.lo + (iv.hi - iv.lo) / 2);
            fprintf(out, "<g");
            kj_html_conflict_attrs(out, "point", cs);
            fprintf(out, ">");
            if (x_of(ch, iv.hi) - x_of(ch, iv.lo) >= 2)
                fprintf(out, "<line class=\"when\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x_of(ch, iv.lo), y, x_of(ch, iv.hi), y);
            fprintf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"%s\"/><title>", x, y, cs ? "4.5" : "3");
            kj_html_escape(out, kj_arena_printf(ch->h->arena, "trace '%s', %s line %d: \"%s\" (%s UTC), %s%s%s%s", c->stmts[trace].id,
                                                c->files[s->span.file].shown, s->span.line, s->fact->when.text ? s->fact->when.text : "",
                                                kj_html_utc(ch->h->arena, iv.lo, KJ_WHEN_FULL), point_where(ch, i), s->fact->note ? ", note \"" : "",
                                                s->fact->note ? s->fact->note : "", s->fact->note ? "\"" : ""));
            fprintf(out, "</title>");
            if (cs && labelled(ch, i)) { /* beside its dot, or not at all */
                double ys[] = {y - 8, y - 8 - LINE, y + 16, y + 16 + LINE};
                label(ch, "point-label", NULL, kj_arena_printf(ch->h->arena, "%s %s", point_time(ch, iv.lo), point_where(ch, i)), x - 4,
                      LEFT, 24, ys, 4, 0);
            }
            fprintf(out, "</g>\n");
        }
    fprintf(out, "</g>\n");
    kj_free(pts);
}

/* ---- claims ---------------------------------------------------------------- */

/* The margins of the conflicts reported at claim ci, one text line each
 * under its track. */
static void draw_margins(chart *ch, int ci, double x, int y)
{
    int shown = 0;
    for (int k = 0; k < ch->h->r->n_conflicts; k++) {
        const kj_conflict *cf = &ch->h->r->conflicts[k];
        if (cf->claim != ci) continue;
        char dur[64];
        kj_duration_format(cf->margin_s, dur, sizeof dur);
        double ys[8];
        int n = 0;
        for (int l = shown; l < margins_at(ch, ci) + 2 && n < 8; l++) ys[n++] = y + LINE * l;
        const char *id = kj_arena_printf(ch->h->arena, "c%d", k + 1);
        if (!n) break;
        const kj_alike *al = &ch->h->r->alike;
        if (al->lead && al->tightest[al->lead[k]] != k) continue; /* one line for conflicts alike: the tightest's */
        int more = al->lead ? al->count[al->lead[k]] - 1 : 0;
        const char *text = kj_arena_printf(ch->h->arena, "%s %s: short by %s", id, kj_conflict_kind_name(cf->kind), dur);
        if (more) text = kj_arena_printf(ch->h->arena, "%s (and %d more like it)", text, more);
        shown += label(ch, "margin", id, text, x, LEFT, CHART_W, ys, n, 1);
    }
}

static void draw_claim(chart *ch, int ci)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    const kj_stmt *s = &c->stmts[ci];
    const claim_times *t = &ch->ct[ci];
    int travel = s->claim->claim_kind == CLAIM_TRAVEL;
    int ra = row_of(ch, travel ? s->claim->from.idx : s->claim->at.idx), rb = travel ? row_of(ch, s->claim->to.idx) : ra;
    if (!t->drawn || ra < 0 || rb < 0) return;
    int ya = track_y(ch, ra), yb = track_y(ch, rb);
    const char *colour = ch->h->stmt_conflicts[ci] ? conflict_red : kj_html_person_colour(ch->h, s->claim->person.idx);
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, travel ? "claim leg" : "claim stay", ch->h->stmt_conflicts[ci]);
    fprintf(out, " data-stmt=\"");
    kj_html_escape(out, s->id);
    fprintf(out, "\" style=\"--person:%s\">", colour);
    if (travel)
        fprintf(out, "<polygon class=\"window\" points=\"%.1f,%d %.1f,%d %.1f,%d %.1f,%d\"/>", x_of(ch, t->start.lo), ya,
                x_of(ch, t->start.hi), ya, x_of(ch, t->end.hi), yb, x_of(ch, t->end.lo), yb);
    else
        fprintf(out, "<rect class=\"window\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"10\"/>", x_of(ch, t->start.lo), ya - 5,
                x_of(ch, t->end.hi) - x_of(ch, t->start.lo) + 1);
    double xs = x_of(ch, t->t_start), xe = x_of(ch, t->t_end);
    if (xe - xs < 2 && ya == yb) xe = xs + 2;
    fprintf(out, "<line class=\"schedule%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
            t->start_unstated ? " unstated" : "", xs, ya, xe, yb);
    fprintf(out, "<title>");
    kj_html_escape(out, s->id);
    fputs(" (", out);
    kj_html_escape(out, c->files[s->span.file].path);
    fprintf(out, ":%d)%s</title>", s->span.line,
            t->start_unstated ? travel ? "; departure not stated: drawn as late as the least journey time allows"
                                       : "; start not stated: drawn from its end and least duration"
                              : "");
    double ys[] = {yb - 8, yb - 8 - LINE};
    label(ch, "claim-label", NULL, s->id, xe + 6, LEFT, CHART_W, ys, 2, 1);
    if (!ch->focus) draw_margins(ch, ci, xe + 6, yb + 16);
    fprintf(out, "</g>\n");
}

/* The speed each claim needs (strain.h), where both ends of its tightest
 * leg have a row and a time: a dashed line from the first's end to the
 * second's start; the tightest of the case and every strained claim's are
 * marked with the speed. */
static void draw_legs(chart *ch)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    const kj_report *r = ch->h->r;
    if (!r->strain) return;
    int top = -1;
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_CLAIM || r->strain[i].leg < 0 || !ch->in[i]) continue;
        const kj_leg *l = &r->legs[r->strain[i].leg];
        if (l->s > 0 && (top < 0 || kj_leg_mps(l) > kj_leg_mps(&r->legs[r->strain[top].leg]))) top = i;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_CLAIM || r->strain[i].leg < 0 || !ch->in[i]) continue;
        const kj_leg *l = &r->legs[r->strain[i].leg];
        int ra = row_of(ch, l->first_place), rb = row_of(ch, l->second_place);
        if (ra < 0 || rb < 0 || !finite(l->t0) || !finite(l->t1) || l->s <= 0) continue;
        int strained = r->verdicts[i] == V_STRAINED;
        double x0 = x_of(ch, l->t0), x1 = x_of(ch, l->t1);
        int y0 = track_y(ch, ra), y1 = track_y(ch, rb);
        char v[32];
        double kmh = kj_leg_mps(l) * 3.6;
        snprintf(v, sizeof v, kmh >= 1 ? "%.0f" : "%.2g", kmh >= 1 ? (double)(int64_t)kmh : kmh);
        fprintf(out, "<g class=\"need%s\"><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/><title>", strained ? " strained" : "",
                x0, y0, x1, y1);
        kj_html_escape(out, c->stmts[i].id);
        fputs(": ", out);
        kj_html_escape(out, kj_leg_text(c, ch->h->arena, r, i));
        fputs("</title>", out);
        if (strained || i == top) {
            double ys[] = {(y0 + y1) / 2.0 - 4, (y0 + y1) / 2.0 - 4 - LINE, (y0 + y1) / 2.0 - 4 + LINE};
            label(ch, "speed", NULL, kj_arena_printf(ch->h->arena, "\u2265 %s km/h", v), (x0 + x1) / 2 + 4, LEFT, 120, ys, 3, 1);
        }
        fputs("</g>\n", out);
    }
}

/* ---- what a conflict links ------------------------------------------------- */

/* The time in iv nearest to t. */
static int64_t nearest(kj_interval iv, int64_t t) { return t < iv.lo ? iv.lo : t > iv.hi ? iv.hi : t; }

/* Each fact, register, entity and trace point a conflict rests on, joined
 * to the claim it refutes by a thin line from the band's time nearest the
 * claim's: on the overview only while the conflict is selected, on its
 * focus chart always. */
static void draw_links(chart *ch, const kj_conflict *cf, const char *id)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    const kj_stmt *cl = &c->stmts[cf->claim];
    const claim_times *t = &ch->ct[cf->claim];
    if (!t->drawn) return;
    int travel = cl->claim->claim_kind == CLAIM_TRAVEL;
    int ra = row_of(ch, travel ? cl->claim->from.idx : cl->claim->at.idx), rb = travel ? row_of(ch, cl->claim->to.idx) : ra;
    if (ra < 0 || rb < 0) return;
    for (int m = 0; m < cf->n; m++) {
        int i = cf->stmts[m];
        int place = is_point(c, i) ? c->stmts[i].fact->at.idx : band_place(c, i);
        int row = place >= 0 ? row_of(ch, place) : -1;
        if (row < 0 || !ch->in[i]) continue;
        kj_interval iv = band_interval(&c->stmts[i]);
        int64_t at = nearest(iv, nearest((kj_interval){t->t_start, t->t_end}, iv.lo + (iv.hi - iv.lo) / 2));
        int64_t claim_at = nearest((kj_interval){t->t_start, t->t_end}, at);
        int cy = row == rb ? track_y(ch, rb) : track_y(ch, ra);
        fprintf(out, "<line class=\"link%s\" data-c=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"><title>", ch->focus ? " shown" : "", id,
                x_of(ch, at), track_y(ch, row), x_of(ch, claim_at), cy);
        kj_html_escape(out, kj_arena_printf(ch->h->arena, "%s: %s '%s' against claim '%s'", id, kj_stmt_kind_name(c->kinds[i]),
                                            c->stmts[i].id, cl->id));
        fprintf(out, "</title></line>\n");
    }
}

/* A focus chart's margin, to scale: a red bar as long as the conflict's
 * margin from where its claim's schedule ends, or from the latest end its
 * window allows when the schedule runs past it (a journey too long for its
 * arrival: the bar is the gap), cut at the chart's edge when longer; and
 * what it measures. */
static void draw_margin_bar(chart *ch, const kj_conflict *cf, const char *id)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    const kj_stmt *cl = &c->stmts[cf->claim];
    const claim_times *t = &ch->ct[cf->claim];
    int row = row_of(ch, cl->claim->claim_kind == CLAIM_TRAVEL ? cl->claim->to.idx : cl->claim->at.idx);
    if (row < 0 || !t->drawn) return;
    char dur[64];
    kj_duration_format(cf->margin_s, dur, sizeof dur);
    int y = track_y(ch, row) + 9;
    int64_t from = bar_start(t);
    double x0 = x_of(ch, from), x1 = x_of(ch, cf->margin_s < KJ_INF / 4 ? from + cf->margin_s : ch->t1);
    int cut = x1 > CHART_W - RIGHT;
    fprintf(out, "<g class=\"margin-bar%s\" data-c=\"%s\"><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"6\"/>", cut ? " cut" : "", id, x0, y,
            x1 - x0 < 1 ? 1 : x1 - x0);
    fprintf(out, "<title>%s: the margin, %s, drawn to scale from the end of claim '", id, dur);
    kj_html_escape(out, cl->id);
    fprintf(out, "'%s</title>", cut ? " (it runs on past the chart's right edge)" : "");
    double ys[] = {y + 18, y + 18 + LINE};
    label(ch, "margin", id, kj_arena_printf(ch->h->arena, "%s %s: short by %s%s", id, kj_conflict_kind_name(cf->kind), dur, cut ? " \u2192" : ""),
          x0, LEFT, CHART_W, ys, 2, 1);
    fprintf(out, "</g>\n");
}

static void draw_chart(chart *ch)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    int bottom = row_top(ch, ch->n_rows);
    /* (data-t0 .. data-x1: the time axis, so that a test can measure the drawing against it) */
    fprintf(out, "<svg id=\"%s\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                 "role=\"img\" aria-label=\"%s\" data-t0=\"%lld\" data-t1=\"%lld\" data-x0=\"%d\" data-x1=\"%d\">\n",
            ch->svg_id, CHART_W, bottom + AXIS_H, CHART_W, bottom + AXIS_H, ch->focus ? "the conflict's statements in time" : "space-time chart",
            (long long)ch->t0, (long long)ch->t1, LEFT, CHART_W - RIGHT);
    draw_axis(ch, bottom);
    for (int r = 0; r < ch->n_rows; r++) draw_row_label(ch, r);
    draw_bands(ch);
    for (int r = 0; r < ch->n_rows; r++)
        if (c->kinds[ch->rows[r]] == ST_TRACE) draw_trace(ch, r);
    for (int i = 0; i < c->n_stmts; i++)
        if (c->stmts[i].kind == ST_CLAIM && ch->in[i]) draw_claim(ch, i);
    draw_legs(ch);
    if (ch->focus) {
        draw_links(ch, ch->focus, ch->focus_id);
        draw_margin_bar(ch, ch->focus, ch->focus_id);
    } else {
        for (int k = 0; k < ch->h->r->n_conflicts; k++)
            draw_links(ch, &ch->h->r->conflicts[k], kj_arena_printf(ch->h->arena, "c%d", k + 1));
    }
    fprintf(out, "</svg>\n");
}

static void chart_free(chart *ch)
{
    kj_free(ch->in);
    kj_free(ch->row_of);
    kj_free(ch->rows);
    kj_free(ch->bands);
    kj_free(ch->extra);
    kj_free(ch->tops);
    kj_free(ch->taken.items);
}

static void chart_init(chart *ch, kj_html *h)
{
    size_t n = (size_t)h->c->n_stmts + 1;
    kj_mem *mem = h->arena->mem;
    *ch = (chart){
        .h = h,
        .in = kj_calloc(mem, n, 1),
        .row_of = kj_malloc(mem, sizeof(int) * n),
        .rows = kj_malloc(mem, sizeof(int) * n),
        .bands = kj_calloc(mem, n, sizeof(int)),
        .extra = kj_calloc(mem, n, sizeof(int)),
        .tops = kj_malloc(mem, sizeof(int) * (n + 1)),
        .ct = claim_times_of(h),
    };
    for (int i = 0; i < h->c->n_stmts; i++) ch->row_of[i] = -1;
}

void kj_html_chart(kj_html *h)
{
    const kj_case *c = h->c;
    chart ch;
    chart_init(&ch, h);
    ch.svg_id = "chart-svg";
    memset(ch.in, 1, (size_t)c->n_stmts);
    layout_rows(&ch);
    layout_row_tops(&ch);
    fprintf(h->out, "<figure id=\"chart\">\n<figcaption>Space-time chart: one row per place, and one per trace (its points joined), "
                    "time in UTC. A band is the window a claim's readings allow; the line in it, the earliest schedule the account "
                    "allows. A trace shows the points the check read from its store (those nearest each claim), not every point "
                    "of its file. Each conflict below has a chart of its own, zoomed to it.</figcaption>\n");
    if (!ch.n_rows || axis(&ch) < 0)
        fprintf(h->out, "<p class=\"empty\">Nothing in the case is dated: no chart.</p>\n");
    else
        draw_chart(&ch);
    fprintf(h->out, "</figure>\n");
    chart_free(&ch);
}

/* A statement a conflict rests on and what it stands for on a chart: an
 * entry its register, a place its row. */
static void mark_focus(chart *ch, int i)
{
    const kj_case *c = ch->h->c;
    ch->in[i] = 1;
    if (c->kinds[i] == ST_ENTRY && c->stmts[i].parent >= 0) ch->in[c->stmts[i].parent] = 1;
}

void kj_html_focus(kj_html *h, const kj_conflict *cf, const char *id)
{
    const kj_case *c = h->c;
    if (c->kinds[cf->claim] != ST_CLAIM) return;
    chart ch;
    chart_init(&ch, h);
    ch.svg_id = kj_arena_printf(h->arena, "focus-%s", id);
    ch.focus = cf;
    ch.focus_id = id;
    ch.in[cf->claim] = 1;
    for (int m = 0; m < cf->n; m++) mark_focus(&ch, cf->stmts[m]);
    layout_rows(&ch);
    layout_row_tops(&ch);
    if (ch.n_rows && focus_axis(&ch) == 0) {
        fprintf(h->out, "<figure class=\"focus\">\n<figcaption>%s zoomed: the statements it rests on, and its margin to scale "
                        "(the red bar).</figcaption>\n", id);
        draw_chart(&ch);
        fprintf(h->out, "</figure>\n");
    }
    chart_free(&ch);
}
