/* render_smt2 — the compiled network as SMT-LIB2 (QF_IDL), so that an
 * independent solver (z3) can re-check kjeller's answers.
 *
 * Every statement that any constraint rests on becomes a Boolean selector
 * asserted under its own name (`(! |s:ID| :named |ID|)`); every difference
 * edge is asserted under the conjunction of the selectors of the statements
 * it rests on; every disjunction likewise.  (check-sat) answers for the whole
 * case and (get-unsat-core) names the statements of a conflict.  To check a
 * subset, drop the named assertions of the other statements.  The order
 * is the case's (constraints(): by the first claim or fact each bounds),
 * never how the case was cut into pieces. */
#include <errno.h>
#include <setjmp.h>
#include <string.h>

#include "parts.h"

static void selector(FILE *out, const kj_case *c, int s) { fprintf(out, "|s:%s|", c->stmts[s].id); }

static void guard_open(FILE *out, const kj_case *c, const kj_network *net, int prov)
{
    const kj_prov *p = &net->provs.items[prov];
    fprintf(out, "(=> (and true");
    for (int i = 0; i < p->n; i++) {
        fputc(' ', out);
        selector(out, c, p->stmts[i]);
    }
    fprintf(out, ") ");
}

static void edge(FILE *out, const kj_case *c, const kj_network *net, const kj_edge *e)
{
    /* t_v - t_u <= w */
    const char *sv, *su, *v = kj_point_name(net, c, e->v, &sv), *u = kj_point_name(net, c, e->u, &su);
    fprintf(out, "(<= (- |t:%s%s| |t:%s%s|) ", v, sv, u, su);
    if (e->w < 0) fprintf(out, "(- %lld))", -(long long)e->w);
    else fprintf(out, "%lld)", (long long)e->w);
}

static void guarded_edge(FILE *out, const kj_case *c, const kj_network *net, const kj_edge *e)
{
    guard_open(out, c, net, e->prov);
    edge(out, c, net, e);
    fputc(')', out);
}

/* The statements net's constraints rest on, marked in used[]. */
static void mark_used(const kj_network *net, unsigned char *used)
{
    for (int i = 0; i < net->provs.n; i++)
        for (int k = 0; k < net->provs.items[i].n; k++) used[net->provs.items[i].stmts[k]] = 1;
}

static void header(const kj_case *c, FILE *out)
{
    if (c->n_files > c->data_file + 1)
        fprintf(out, "; kjeller %s: compiled network of %s\n", KJ_VERSION, c->files[c->data_file + 1].shown);
    /* options before the logic: SMT-LIB 2.6 allows :produce-unsat-cores only
     * then (libz3 refuses it after, and gives no core) */
    fprintf(out, "(set-option :produce-unsat-cores true)\n(set-logic QF_IDL)\n");
}

/* net's points from `from` on (0: Z too). */
static void points(const kj_network *net, const kj_case *c, int from, FILE *out)
{
    for (int i = from; i < net->points.n; i++) {
        const char *suffix, *name = kj_point_name(net, c, i, &suffix);
        fprintf(out, "(declare-const |t:%s%s| Int)\n", name, suffix);
    }
}

static void statements(const kj_case *c, const unsigned char *used, FILE *out)
{
    fprintf(out, "(assert (= |t:Z| 0))\n");
    for (int s = 0; s < c->n_stmts; s++)
        if (used[s]) {
            fprintf(out, "(declare-const ");
            selector(out, c, s);
            fprintf(out, " Bool)\n");
        }
    fprintf(out, "; one named assertion per statement\n");
    for (int s = 0; s < c->n_stmts; s++)
        if (used[s]) {
            /* an owner's hypothesis (resolve.c) is stated nowhere: what rests
             * on it are findings, not contradictions, so (check-sat) answers
             * without it, as the check's exit status does */
            if (c->stmts[s].kind == ST_ASSUME && c->stmts[s].assume->hypothetical) {
                fprintf(out, "; not asserted: '%s' (%s:%d), a %s; assert it to ask what rests on it\n", c->stmts[s].id,
                        c->files ? c->files[c->stmts[s].span.file].shown : "", c->stmts[s].span.line, c->stmts[s].label);
                continue;
            }
            fprintf(out, "(assert (! ");
            selector(out, c, s);
            fprintf(out, " :named |%s|)) ; %s", c->stmts[s].id, kj_role_name(c->stmts[s].role));
            if (c->files) fprintf(out, " %s:%d", c->files[c->stmts[s].span.file].shown, c->stmts[s].span.line);
            if (c->files && c->files[c->stmts[s].span.file].sha256)
                fprintf(out, " sha256 %.*s", KJ_SHA256_CITED, c->files[c->stmts[s].span.file].sha256);
            fputc('\n', out);
        }
}

/* A constraint, an edge of net->edges or a disjunction of net->disjs, and
 * where it comes in the export: after those of the statements before its
 * anchor, the first claim or fact whose points it bounds.  A piece's
 * network has the points of its own statements only, which are
 * consecutive: so each piece's constraints sorted, one piece after the
 * other, are the whole network's sorted. */
typedef enum { SMT2_EDGE, SMT2_DISJ } smt2_kind; /* (edges first) */
typedef struct smt2_constraint {
    const kj_network *net;
    int anchor; /* a statement, or -1 (a test's network of named points) */
    smt2_kind kind;
    int index;
} smt2_constraint;

static int cmp_int(int a, int b) { return (a > b) - (a < b); }

/* Points in the case's order: those of no statement first (Z, and in a
 * test's network named ones, by name), then each statement's start and end. */
static int cmp_point(const kj_network *net, int a, int b)
{
    const kj_point *pa = &net->points.items[a], *pb = &net->points.items[b];
    if (pa->stmt < 0 || pb->stmt < 0) {
        if (pa->stmt != pb->stmt) return cmp_int(pa->stmt, pb->stmt);
        return cmp_int(strcmp(pa->name ? pa->name : "Z", pb->name ? pb->name : "Z"), 0);
    }
    if (pa->stmt != pb->stmt) return cmp_int(pa->stmt, pb->stmt);
    return cmp_int(net->stmt_start[pa->stmt] != a, net->stmt_start[pb->stmt] != b);
}

/* The provenances' statements, in the case's order, as words. */
static int cmp_prov(const kj_network *net, int a, int b)
{
    const kj_prov *pa = &net->provs.items[a], *pb = &net->provs.items[b];
    for (int i = 0; i < pa->n && i < pb->n; i++)
        if (pa->stmts[i] != pb->stmts[i]) return cmp_int(pa->stmts[i], pb->stmts[i]);
    return cmp_int(pa->n, pb->n);
}

static int cmp_edge(const kj_network *net, const kj_edge *a, const kj_edge *b)
{
    int d = cmp_prov(net, a->prov, b->prov);
    if (!d) d = cmp_point(net, a->v, b->v);
    if (!d) d = cmp_point(net, a->u, b->u);
    if (!d) d = (a->w > b->w) - (a->w < b->w);
    return d;
}

static int cmp_disj(const kj_network *net, const kj_disj *a, const kj_disj *b)
{
    int d = cmp_prov(net, a->prov, b->prov);
    if (!d) d = cmp_int(a->n_alts, b->n_alts);
    for (int i = 0; !d && i < a->n_alts; i++) {
        const kj_alt *x = &net->alts.items[a->first_alt + i], *y = &net->alts.items[b->first_alt + i];
        d = cmp_int(x->n, y->n);
        for (int k = 0; !d && k < x->n; k++)
            d = cmp_edge(net, &net->alt_edges.items[x->first + k], &net->alt_edges.items[y->first + k]);
    }
    return d;
}

/* By anchor, edges before disjunctions, then by what is written of them:
 * two constraints that compare equal are written alike. */
static int cmp_constraint(const void *pa, const void *pb)
{
    const smt2_constraint *a = pa, *b = pb;
    const kj_network *net = a->net;
    int d = cmp_int(a->anchor, b->anchor);
    if (!d) d = cmp_int((int)a->kind, (int)b->kind);
    if (d) return d;
    if (a->kind == SMT2_DISJ) return cmp_disj(net, &net->disjs.items[a->index], &net->disjs.items[b->index]);
    return cmp_edge(net, &net->edges.items[a->index], &net->edges.items[b->index]);
}

/* The lower of anchor and the statement of e's points (Z has none). */
static int edge_anchor(const kj_network *net, const kj_edge *e, int anchor)
{
    int su = net->points.items[e->u].stmt, sv = net->points.items[e->v].stmt;
    if (su >= 0 && (anchor < 0 || su < anchor)) anchor = su;
    if (sv >= 0 && (anchor < 0 || sv < anchor)) anchor = sv;
    return anchor;
}

static int disj_anchor(const kj_network *net, const kj_disj *dj)
{
    int anchor = -1;
    for (int a = 0; a < dj->n_alts; a++) {
        const kj_alt *alt = &net->alts.items[dj->first_alt + a];
        for (int k = 0; k < alt->n; k++) anchor = edge_anchor(net, &net->alt_edges.items[alt->first + k], anchor);
    }
    return anchor;
}

static void write_disj(FILE *out, const kj_case *c, const kj_network *net, const kj_disj *dj)
{
    guard_open(out, c, net, dj->prov);
    fprintf(out, "(or");
    for (int a = 0; a < dj->n_alts; a++) {
        const kj_alt *alt = &net->alts.items[dj->first_alt + a];
        fprintf(out, " (and true");
        for (int k = 0; k < alt->n; k++) {
            fputc(' ', out);
            guarded_edge(out, c, net, &net->alt_edges.items[alt->first + k]);
        }
        fputc(')', out);
    }
    fprintf(out, "))");
}

/* net's constraints, in the order of smt2_constraint: the case's, however
 * the case was cut. */
static void constraints(kj_mem *mem, const kj_network *net, const kj_case *c, FILE *out)
{
    int n = net->edges.n + net->disjs.n;
    smt2_constraint *order = kj_malloc(mem, sizeof *order * ((size_t)n + 1));
    for (int i = 0; i < net->edges.n; i++)
        order[i] = (smt2_constraint){.net = net, .anchor = edge_anchor(net, &net->edges.items[i], -1),
                                     .kind = SMT2_EDGE, .index = i};
    for (int d = 0; d < net->disjs.n; d++)
        order[net->edges.n + d] = (smt2_constraint){
            .net = net, .anchor = disj_anchor(net, &net->disjs.items[d]), .kind = SMT2_DISJ, .index = d};
    if (n > 1) qsort(order, (size_t)n, sizeof *order, cmp_constraint);
    for (int i = 0; i < n; i++) {
        fprintf(out, "(assert ");
        if (order[i].kind == SMT2_DISJ) write_disj(out, c, net, &net->disjs.items[order[i].index]);
        else guarded_edge(out, c, net, &net->edges.items[order[i].index]);
        fprintf(out, ")\n");
    }
    kj_free(order);
}

int kj_network_smt2(kj_mem *mem, const kj_network *net, const kj_case *c, FILE *out)
{
    unsigned char *used = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    mark_used(net, used);
    header(c, out);
    points(net, c, 0, out);
    statements(c, used, out);
    fprintf(out, "; constraints, each under the statements it rests on\n");
    constraints(mem, net, c, out);
    fprintf(out, "(check-sat)\n(get-unsat-core)\n");
    kj_free(used);
    return ferror(out) ? -1 : 0;
}

/* The network of piece p's claims and facts (kj_parts_pieces). */
static kj_network *piece_network(kj_mem *mem, const kj_ir *ir, const int *cuts, int p, unsigned char *keep)
{
    const kj_case *c = ir->c;
    for (int i = cuts[p]; i < cuts[p + 1]; i++) keep[i] = c->kinds[i] == ST_CLAIM || c->kinds[i] == ST_FACT;
    kj_network *net = kj_network_build_ex(mem, ir, 0, keep, 0);
    for (int i = cuts[p]; i < cuts[p + 1]; i++) keep[i] = 0;
    return net;
}

/* A big case is written a piece at a time (kj_parts_pieces), each
 * piece's network built twice (its points and the statements it rests on
 * first, then its constraints): the same bytes as from the whole network
 * (the pieces are consecutive statements, and constraints() sorts by
 * statement), whatever the piece size. */
static int render_smt2(kj_mem *mem, const kj_case *c, FILE *out)
{
    int *cuts, n = kj_parts_pieces(mem, c, 0, &cuts);
    kj_ir *ir = kj_ir_build(mem, c);
    if (n == 1) {
        kj_free(cuts);
        kj_network *net = kj_network_build(mem, ir, 0);
        kj_ir_free(ir);
        int rc = kj_network_smt2(mem, net, c, out);
        kj_network_free(net);
        return rc;
    }
    unsigned char *used = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    unsigned char *keep = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    header(c, out);
    for (int p = 0; p < n; p++) {
        kj_network *net = piece_network(mem, ir, cuts, p, keep);
        mark_used(net, used);
        points(net, c, p ? 1 : 0, out); /* (Z once) */
        kj_network_free(net);
    }
    statements(c, used, out);
    fprintf(out, "; constraints, each under the statements it rests on\n");
    for (int p = 0; p < n; p++) {
        kj_network *net = piece_network(mem, ir, cuts, p, keep);
        constraints(mem, net, c, out);
        kj_network_free(net);
    }
    fprintf(out, "(check-sat)\n(get-unsat-core)\n");
    kj_free(used);
    kj_free(keep);
    kj_free(cuts);
    kj_ir_free(ir);
    return ferror(out) ? -1 : 0;
}

int kj_render_smt2(const kj_case *c, FILE *out)
{
    locale_t saved; /* numbers with a point (kj_c_locale_enter) */
    if (kj_c_locale_enter(&saved) != 0) return -1;
    kj_mem mem; /* a call of its own (mem.h): if memory runs out, -1 with ENOMEM */
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) {
        kj_mem_release(&mem);
        kj_c_locale_leave(saved);
        errno = ENOMEM;
        return -1;
    }
    int rc = render_smt2(&mem, c, out);
    kj_mem_keep(&mem);
    kj_c_locale_leave(saved);
    return rc;
}
