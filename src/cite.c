/* cite — the sources a report cites, numbered as a reader first meets
 * them, so that every output can name each one by its number and end with
 * the list of them: id, citation, address (report.h). */
#include <string.h>

#include "report.h"

int kj_stmt_source_idx(const kj_case *c, const kj_stmt *s)
{
    while (s) {
        if (s->source.idx >= 0) return s->source.idx;
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
    out->number = kj_arena_alloc(a, sizeof *out->number * (size_t)(c->n_stmts ? c->n_stmts : 1));
    memset(out->number, 0, sizeof *out->number * (size_t)(c->n_stmts ? c->n_stmts : 1));
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
