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
#include <string.h>

#include "html.h"
#include "stmt.h"
#include "strain.h"

enum { CHART_W = 1100, LEFT = 200, RIGHT = 40, TOP = 20, BAND_LINE = 13, TRACK_GAP = 34, ROW_BOTTOM = 40, AXIS_H = 40 };

static const char *const conflict_red = "#c8102e";

typedef struct claim_times {
    kj_interval start, end;   /* the windows of the claim's start and end */
    int64_t t_start, t_end;   /* the earliest schedule */
    int start_unstated;       /* start derived from the end and the least duration */
    int drawn;
} claim_times;

typedef struct chart {
    kj_html *h;
    int *row_of;        /* per statement: its row if it is a place with one, else -1 */
    int *rows;          /* per row: the place statement */
    int *bands;         /* per row: bands on it */
    int *labels_end;    /* per row: x where the last claim label ends */
    int *tops;          /* per row and one past the last: its top */
    int n_rows;
    int64_t t0, t1;     /* the time axis */
    claim_times *ct;    /* per statement (claims only) */
} chart;

static int finite(int64_t t) { return t > -KJ_INF / 2 && t < KJ_INF / 2; }

static double x_of(const chart *ch, int64_t t)
{
    double x = LEFT + (double)(t - ch->t0) * (CHART_W - LEFT - RIGHT) / (double)(ch->t1 - ch->t0);
    return x < LEFT - 6 ? LEFT - 6 : x > CHART_W - RIGHT + 6 ? CHART_W - RIGHT + 6 : x;
}

/* ---- rows ------------------------------------------------------------------ */

static void add_row(chart *ch, int place)
{
    place = kj_place_effective(ch->h->c, place);
    if (place < 0 || ch->row_of[place] >= 0) return;
    ch->row_of[place] = ch->n_rows;
    ch->rows[ch->n_rows++] = place;
}

static int row_of(const chart *ch, int place)
{
    place = kj_place_effective(ch->h->c, place);
    return place < 0 ? -1 : ch->row_of[place];
}

/* The place a fact, register or entity band is drawn at, or -1. */
static int band_place(const kj_stmt *s)
{
    if (s->kind == ST_FACT || s->kind == ST_REGISTER) return kj_stmt_at(s)->idx;
    if (s->kind == ST_ENTITY && s->entity->exists.text) return s->entity->at.idx;
    return -1;
}

/* Rows in the order the claims first reach the places, then the places
 * only facts, registers and entities are at. */
static void layout_rows(chart *ch)
{
    const kj_case *c = ch->h->c;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (s->kind != ST_CLAIM) continue;
        if (s->claim->claim_kind == CLAIM_TRAVEL) {
            add_row(ch, s->claim->from.idx);
            add_row(ch, s->claim->to.idx);
        } else add_row(ch, s->claim->at.idx);
    }
    for (int i = 0; i < c->n_stmts; i++) {
        int place = band_place(&c->stmts[i]);
        if (place < 0) continue;
        add_row(ch, place);
        ch->bands[row_of(ch, place)]++;
    }
}

static void layout_row_tops(chart *ch)
{
    ch->tops[0] = TOP;
    for (int i = 0; i < ch->n_rows; i++) ch->tops[i + 1] = ch->tops[i] + TRACK_GAP + BAND_LINE * ch->bands[i] + ROW_BOTTOM;
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

static void claim_times_all(chart *ch)
{
    const kj_case *c = ch->h->c;
    const kj_network *net = ch->h->r->net;
    kj_mem *mem = ch->h->arena->mem;
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
        if (s->kind != ST_CLAIM || net->stmt_start[i] < 0) continue;
        claim_times *t = &ch->ct[i];
        int S = net->stmt_start[i], E = net->stmt_end[i];
        if (solved) {
            t->start = (kj_interval){-neg_earliest[S], latest[S]};
            t->end = (kj_interval){-neg_earliest[E], latest[E]};
        } else {
            own_windows(s, t);
        }
        start_after_drawn(net, ch->ct, gap_edge[i], t);
        complete_times(s, least[i], t);
    }
    kj_free(use);
    kj_free(latest);
    kj_free(neg_earliest);
    kj_free(least);
    kj_free(gap_edge);
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
    if (hi - lo < 3600) {
        lo -= 1800;
        hi += 1800;
    }
    int64_t pad = (hi - lo) / 25;
    ch->t0 = lo - pad;
    ch->t1 = hi + pad;
    return 0;
}

/* ---- drawing --------------------------------------------------------------- */

/* Ticks: the smallest step from this list that gives at most ten. */
static const struct { int64_t s; int months; } tick_steps[] = {
    {60, 0}, {300, 0}, {900, 0}, {1800, 0}, {3600, 0}, {3 * 3600, 0}, {6 * 3600, 0}, {12 * 3600, 0},
    {86400, 0}, {2 * 86400, 0}, {7 * 86400, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 6}, {0, 12}, {0, 24},
    {0, 60}, {0, 120}, {0, 240}, {0, 600}, {0, 1200},
};

static void tick_label(int64_t t, int64_t step_s, int months, char *buf, size_t n)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
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
}

/* At most n bytes of s, not cutting a UTF-8 sequence; "…" if cut. */
static void write_clipped(FILE *out, const char *s, size_t n)
{
    size_t len = strlen(s);
    if (len <= n) { kj_html_escape(out, s); return; }
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    char buf[128];
    if (n >= sizeof buf) n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = 0;
    kj_html_escape(out, buf);
    fputs("…", out);
}

static void draw_row_label(const chart *ch, int row)
{
    FILE *out = ch->h->out;
    const kj_stmt *p = &ch->h->c->stmts[ch->rows[row]];
    int top = row_top(ch, row), y = track_y(ch, row);
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, "row-label", ch->h->place_conflicts[ch->rows[row]]);
    fprintf(out, "><line class=\"track\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, y, CHART_W - RIGHT, y);
    fprintf(out, "<text class=\"place\" x=\"8\" y=\"%d\">", y - 2);
    write_clipped(out, p->id, 28);
    fprintf(out, "</text>");
    if (p->label) {
        fprintf(out, "<text class=\"place-label\" x=\"8\" y=\"%d\">", y + 12);
        write_clipped(out, p->label, 30);
        fprintf(out, "</text><title>");
        kj_html_escape(out, p->label);
        fprintf(out, "</title>");
    }
    fprintf(out, "</g>\n");
    if (row) fprintf(out, "<line class=\"row-sep\" x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", top, CHART_W, top);
}

/* One shaded band: a fact, a register's coverage or an entity's lifetime. */
static void draw_band(chart *ch, int i, int lane)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    const kj_stmt *s = &c->stmts[i];
    int row = row_of(ch, band_place(s));
    kj_interval iv = s->kind == ST_FACT ? s->fact->when_iv : s->kind == ST_REGISTER ? s->reg->coverage : s->entity->life;
    if (s->kind == ST_FACT && s->fact->fact_kind == FACT_RESIDES) iv.hi = s->fact->until.text ? s->fact->until_iv.hi : KJ_INF;
    if (s->kind == ST_FACT && s->fact->fact_kind == FACT_JOURNEY) iv = s->fact->wide_iv; /* departure to arrival */
    const char *cls = s->kind == ST_FACT ? (s->fact->fact_kind == FACT_RESIDES ? "band resides" : "band fact")
                      : s->kind == ST_REGISTER ? "band register" : "band entity";
    const char *text = s->kind == ST_FACT ? s->fact->when.text : s->kind == ST_REGISTER ? s->reg->covers.text : s->entity->exists.text;
    int top = row_top(ch, row), bottom = track_y(ch, row) + 12;
    double x0 = x_of(ch, iv.lo), x1 = x_of(ch, iv.hi);
    const char *where = iv.hi < ch->t0 ? "before the chart: " : iv.lo > ch->t1 ? "after the chart: " : "";
    fprintf(out, "<g");
    kj_html_conflict_attrs(out, cls, ch->h->stmt_conflicts[i]);
    fprintf(out, ">");
    if (!*where)
        fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"%s/>", x0, top + 4 + lane * BAND_LINE,
                x1 - x0 < 1 ? 1 : x1 - x0, bottom - top - 4 - lane * BAND_LINE,
                s->kind == ST_FACT ? kj_arena_printf(ch->h->arena, " fill=\"%s\"", kj_html_person_colour(ch->h, s->fact->person.idx)) : "");
    double tx = *where ? (iv.hi < ch->t0 ? LEFT + 4 : CHART_W - RIGHT - 4) : (x0 < LEFT ? LEFT : x0) + 4;
    fprintf(out, "<text class=\"band-label%s\" x=\"%.1f\" y=\"%d\">%s", iv.lo > ch->t1 ? " end" : "", tx,
            top + 14 + lane * BAND_LINE, where);
    kj_html_escape(out, s->kind == ST_FACT ? "fact" : s->kind == ST_REGISTER ? "register" : s->entity->entity_kind);
    fputc(' ', out);
    kj_html_escape(out, s->id);
    fprintf(out, ": ");
    kj_html_escape(out, s->kind == ST_FACT && s->fact->person.idx >= 0 ? c->stmts[s->fact->person.idx].id : "");
    if (s->kind == ST_FACT && s->fact->fact_kind == FACT_JOURNEY) {
        fprintf(out, " travels ");
        kj_html_escape(out, s->fact->at.name);
        fprintf(out, " -> ");
        kj_html_escape(out, s->fact->to.name);
        fprintf(out, " by ");
        kj_html_escape(out, s->fact->mode.name);
        fprintf(out, ", departs ");
        kj_html_escape(out, text ? text : "");
        fprintf(out, ", arrives ");
        kj_html_escape(out, s->fact->arrive.text ? s->fact->arrive.text : "");
        fprintf(out, "</text></g>\n");
        return;
    }
    fprintf(out, "%s", s->kind == ST_FACT ? (s->fact->fact_kind == FACT_THROUGHOUT ? " throughout " : s->fact->fact_kind == FACT_RESIDES ? " lives there from " : " at some time in ")
                      : s->kind == ST_REGISTER ? "covers " : "exists ");
    kj_html_escape(out, text ? text : "");
    if (s->kind == ST_FACT && s->fact->fact_kind == FACT_RESIDES && s->fact->until.text) {
        fprintf(out, " to ");
        kj_html_escape(out, s->fact->until.text);
    }
    fprintf(out, "</text></g>\n");
}

static void draw_bands(chart *ch)
{
    const kj_case *c = ch->h->c;
    int *lane = kj_calloc(ch->h->arena->mem, (size_t)ch->n_rows + 1, sizeof(int));
    for (int i = 0; i < c->n_stmts; i++) {
        int place = band_place(&c->stmts[i]);
        if (place < 0) continue;
        draw_band(ch, i, lane[row_of(ch, place)]++);
    }
    kj_free(lane);
}

/* The margins of the conflicts reported at claim ci, one text line each. */
static void draw_margins(chart *ch, int ci, double x, int y)
{
    FILE *out = ch->h->out;
    int shown = 0;
    for (int k = 0; k < ch->h->r->n_conflicts; k++) {
        const kj_conflict *cf = &ch->h->r->conflicts[k];
        if (cf->claim != ci) continue;
        char dur[64];
        kj_duration_format(cf->margin_s, dur, sizeof dur);
        fprintf(out, "<text class=\"margin\" x=\"%.1f\" y=\"%d\" data-c=\"c%d\">c%d %s: short by %s</text>", x,
                y + 13 * shown++, k + 1, k + 1, kj_conflict_kind_name(cf->kind), dur);
    }
}

/* The claim's label after the last label on its row, so that labels of
 * claims close in time do not overlap. */
static void draw_claim_label(chart *ch, int ci, int row, double x, int y)
{
    FILE *out = ch->h->out;
    const kj_stmt *s = &ch->h->c->stmts[ci];
    if (x < ch->labels_end[row]) x = ch->labels_end[row];
    if (x > CHART_W - 150) x = CHART_W - 150;
    fprintf(out, "<text class=\"claim-label\" x=\"%.1f\" y=\"%d\">", x, y - 8);
    kj_html_escape(out, s->id);
    fprintf(out, "</text>");
    draw_margins(ch, ci, x, y + 16);
    ch->labels_end[row] = (int)x + 8 * (int)strlen(s->id) + 16;
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
    draw_claim_label(ch, ci, rb, xe + 6, yb);
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
        if (c->kinds[i] != ST_CLAIM || r->strain[i].leg < 0) continue;
        const kj_leg *l = &r->legs[r->strain[i].leg];
        if (l->s > 0 && (top < 0 || kj_leg_mps(l) > kj_leg_mps(&r->legs[r->strain[top].leg]))) top = i;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_CLAIM || r->strain[i].leg < 0) continue;
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
        if (strained || i == top)
            fprintf(out, "<text x=\"%.1f\" y=\"%d\">&#8805; %s km/h</text>", (x0 + x1) / 2 + 4, (y0 + y1) / 2 - 4, v);
        fputs("</g>\n", out);
    }
}

static void draw_chart(chart *ch)
{
    FILE *out = ch->h->out;
    const kj_case *c = ch->h->c;
    int bottom = row_top(ch, ch->n_rows);
    fprintf(out, "<svg id=\"chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                 "role=\"img\" aria-label=\"space-time chart\">\n",
            CHART_W, bottom + AXIS_H, CHART_W, bottom + AXIS_H);
    fprintf(out, "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                 "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch\"/></pattern></defs>\n");
    draw_axis(ch, bottom);
    for (int r = 0; r < ch->n_rows; r++) draw_row_label(ch, r);
    draw_bands(ch);
    for (int i = 0; i < c->n_stmts; i++)
        if (c->stmts[i].kind == ST_CLAIM) draw_claim(ch, i);
    draw_legs(ch);
    fprintf(out, "</svg>\n");
}

void kj_html_chart(kj_html *h)
{
    const kj_case *c = h->c;
    size_t n = (size_t)c->n_stmts + 1;
    kj_mem *mem = h->arena->mem;
    chart ch = {
        .h = h,
        .row_of = kj_malloc(mem, sizeof(int) * n),
        .rows = kj_malloc(mem, sizeof(int) * n),
        .bands = kj_calloc(mem, n, sizeof(int)),
        .labels_end = kj_calloc(mem, n, sizeof(int)),
        .tops = kj_malloc(mem, sizeof(int) * (n + 1)),
        .ct = kj_calloc(mem, n, sizeof(claim_times)),
    };
    for (int i = 0; i < c->n_stmts; i++) ch.row_of[i] = -1;
    layout_rows(&ch);
    layout_row_tops(&ch);
    claim_times_all(&ch);
    fprintf(h->out, "<figure id=\"chart\">\n<figcaption>Space-time chart: one row per place, time in UTC. "
                    "A band is the window a claim's readings allow; the line in it, the earliest schedule the account allows.</figcaption>\n");
    if (!ch.n_rows || axis(&ch) < 0)
        fprintf(h->out, "<p class=\"empty\">Nothing in the case is dated: no chart.</p>\n");
    else
        draw_chart(&ch);
    fprintf(h->out, "</figure>\n");
    kj_free(ch.row_of);
    kj_free(ch.rows);
    kj_free(ch.bands);
    kj_free(ch.labels_end);
    kj_free(ch.tops);
    kj_free(ch.ct);
}
