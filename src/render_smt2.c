/* render_smt2 — the compiled network as SMT-LIB2 (QF_IDL), so that an
 * independent solver (z3) can re-check kjeller's answers.
 *
 * Every statement that any constraint rests on becomes a Boolean selector
 * asserted under its own name (`(! |s:ID| :named |ID|)`); every difference
 * edge is asserted under the conjunction of the selectors of the statements
 * it rests on; every disjunction likewise.  (check-sat) answers for the whole
 * case and (get-unsat-core) names the statements of a conflict.  To check a
 * subset, drop the named assertions of the other statements. */
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
            fprintf(out, "(assert (! ");
            selector(out, c, s);
            fprintf(out, " :named |%s|)) ; %s", c->stmts[s].id, kj_role_name(c->stmts[s].role));
            if (c->files) fprintf(out, " %s:%d", c->files[c->stmts[s].span.file].shown, c->stmts[s].span.line);
            fputc('\n', out);
        }
}

static void constraints(const kj_network *net, const kj_case *c, FILE *out)
{
    for (int i = 0; i < net->edges.n; i++) {
        fprintf(out, "(assert ");
        guarded_edge(out, c, net, &net->edges.items[i]);
        fprintf(out, ")\n");
    }
    for (int d = 0; d < net->disjs.n; d++) {
        const kj_disj *dj = &net->disjs.items[d];
        fprintf(out, "(assert ");
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
        fprintf(out, ")))\n");
    }
}

int kj_network_smt2(kj_mem *mem, const kj_network *net, const kj_case *c, FILE *out)
{
    unsigned char *used = kj_calloc(mem, (size_t)c->n_stmts + 1, 1);
    mark_used(net, used);
    header(c, out);
    points(net, c, 0, out);
    statements(c, used, out);
    fprintf(out, "; constraints, each under the statements it rests on\n");
    constraints(net, c, out);
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
 * first, then its constraints): the same declarations in the same order,
 * and the same assertions, the constraints grouped by piece. */
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
        constraints(net, c, out);
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
