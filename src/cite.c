/* cite — the sources a report cites, numbered as a reader first meets
 * them, so that every output can name each one by its number and end with
 * the list of them: id, citation, address (report.h). */
#include "report.h"

int kj_stmt_source_idx(const kj_case *c, const kj_stmt *s)
{
    while (s) {
        if (s->source.idx >= 0) return s->source.idx;
        if (s->kind == ST_ASSUME && s->assume->hypothetical && s->assume->thing.idx >= 0) {
            s = &c->stmts[s->assume->thing.idx]; /* an owner's hypothesis: the device's owner, as its source gives it */
            continue;
        }
        if ((s->kind != ST_CLAIM && s->kind != ST_ENTRY) || s->parent < 0) break;
        s = &c->stmts[s->parent]; /* a claim cites its testimony's source, an entry its register's */
    }
    return -1;
}

const char *kj_stmt_source(const kj_case *c, const kj_stmt *s)
{
    int i = kj_stmt_source_idx(c, s);
    return i >= 0 ? c->stmts[i].id : NULL;
}

static void cite_all(const kj_case *c, kj_cites *out, const kj_conflict *cfs, int n)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < cfs[i].n; k++) {
            int src = kj_stmt_source_idx(c, &c->stmts[cfs[i].stmts[k]]);
            if (src >= 0 && !out->number[src]) {
                out->stmt[out->n++] = src;
                out->number[src] = out->n;
            }
        }
}

void kj_cites_of(const kj_case *c, kj_arena *a, const kj_report *r, kj_cites *out)
{
    out->n = 0;
    out->number = kj_arena_alloc(a, sizeof *out->number * (size_t)(c->n_stmts ? c->n_stmts : 1)); /* (zeroed) */
    int most = 0;
    for (int i = 0; i < c->n_stmts; i++) most += c->kinds[i] == ST_SOURCE;
    out->stmt = kj_arena_alloc(a, sizeof *out->stmt * (size_t)(most ? most : 1));
    cite_all(c, out, r->conflicts, r->n_conflicts);
    cite_all(c, out, r->findings, r->n_findings);
}

int kj_cite_number(const kj_case *c, const kj_cites *cites, const kj_stmt *s)
{
    int src = kj_stmt_source_idx(c, s);
    return src >= 0 && cites->number ? cites->number[src] : 0;
}

/* ---- conflicts alike ---------------------------------------------------------- */

/* The trace of the one point conflict cf rests on: its index, or -1 when
 * it rests on no point of a trace or on more than one (then it is like no
 * other: two conflicts that differ in two points are not alike "but for
 * the point"). */
static int points_trace(const kj_case *c, const kj_conflict *cf)
{
    int t = -1, facts = 0, places = 0;
    for (int k = 0; k < cf->n; k++) {
        const kj_stmt *s = &c->stmts[cf->stmts[k]];
        int p = s->parent;
        if ((s->kind != ST_FACT && s->kind != ST_PLACE) || p < 0 || c->kinds[p] != ST_TRACE) continue;
        if (t >= 0 && t != p) return -1;
        t = p;
        facts += s->kind == ST_FACT;
        places += s->kind == ST_PLACE;
    }
    return facts == 1 && places <= 1 ? t : -1;
}

static int is_point_of(const kj_case *c, int i, int trace)
{
    return (c->kinds[i] == ST_FACT || c->kinds[i] == ST_PLACE) && c->stmts[i].parent == trace;
}

/* Whether x and y are alike: the same claim and kind, each resting on
 * points of the same one trace, and on the same statements besides. */
static int alike(const kj_case *c, const kj_conflict *x, const kj_conflict *y, int trace)
{
    if (x->claim != y->claim || x->kind != y->kind) return 0;
    int i = 0, j = 0;
    for (;;) { /* (both sorted by statement order) */
        while (i < x->n && is_point_of(c, x->stmts[i], trace)) i++;
        while (j < y->n && is_point_of(c, y->stmts[j], trace)) j++;
        if (i == x->n || j == y->n) return i == x->n && j == y->n;
        if (x->stmts[i++] != y->stmts[j++]) return 0;
    }
}

void kj_alike_of(const kj_case *c, kj_arena *a, const kj_conflict *cfs, int n, kj_alike *out)
{
    size_t size = sizeof(int) * (size_t)(n ? n : 1);
    out->lead = kj_arena_alloc(a, size);
    out->tightest = kj_arena_alloc(a, size);
    out->count = kj_arena_alloc(a, size);
    int *trace = kj_arena_alloc(a, size);
    for (int i = 0; i < n; i++) trace[i] = points_trace(c, &cfs[i]);
    for (int i = 0; i < n; i++) {
        out->lead[i] = i;
        for (int g = 0; g < i && trace[i] >= 0; g++)
            if (out->lead[g] == g && trace[g] == trace[i] && alike(c, &cfs[g], &cfs[i], trace[i])) {
                out->lead[i] = g;
                break;
            }
        int g = out->lead[i];
        if (g == i) out->tightest[i] = i;
        else if (cfs[i].margin_s < cfs[out->tightest[g]].margin_s) out->tightest[g] = i;
        out->count[g]++;
    }
}
