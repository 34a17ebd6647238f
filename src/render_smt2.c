/* render_smt2 — the compiled network as SMT-LIB2 (QF_IDL), so that an
 * independent solver (z3) can re-check kjeller's answers.
 *
 * Every statement that any constraint rests on becomes a Boolean selector
 * asserted under its own name (`(! |s:ID| :named |ID|)`); every difference
 * edge is asserted under the conjunction of the selectors of the statements
 * it rests on; every disjunction likewise.  (check-sat) answers for the whole
 * case and (get-unsat-core) names the statements of a conflict.  To check a
 * subset, drop the named assertions of the other statements. */
#include <string.h>

#include "report.h"

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

int kj_network_smt2(const kj_network *net, const kj_case *c, FILE *out)
{
    unsigned char *used = calloc((size_t)c->n_stmts + 1, 1);
    if (!used) kj_bug("out of memory");
    for (int i = 0; i < net->provs.n; i++)
        for (int k = 0; k < net->provs.items[i].n; k++) used[net->provs.items[i].stmts[k]] = 1;
    if (c->n_files > c->data_file + 1)
        fprintf(out, "; kjeller %s: compiled network of %s\n", KJ_VERSION, c->files[c->data_file + 1].path);
    fprintf(out, "(set-logic QF_IDL)\n(set-option :produce-unsat-cores true)\n");
    for (int i = 0; i < net->points.n; i++) {
        const char *suffix, *name = kj_point_name(net, c, i, &suffix);
        fprintf(out, "(declare-const |t:%s%s| Int)\n", name, suffix);
    }
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
            if (c->files) fprintf(out, " %s:%d", c->files[c->stmts[s].span.file].path, c->stmts[s].span.line);
            fputc('\n', out);
        }
    fprintf(out, "; constraints, each under the statements it rests on\n");
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
    fprintf(out, "(check-sat)\n(get-unsat-core)\n");
    free(used);
    return ferror(out) ? -1 : 0;
}

int kj_render_smt2(kj_case *c, FILE *out)
{
    kj_network *net = kj_network_build(c, 0);
    int rc = kj_network_smt2(net, c, out);
    kj_network_free(net);
    return rc;
}
