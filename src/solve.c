/* solve — see solve.h: the solver's entry points.  The pipeline: the
 * enabled base edges into the simple temporal network (stn.c), then the
 * disjunctions by a search (search.c) with the STN or, on small networks,
 * the distance matrix (apsp.c) as the theory. */
#include <string.h>

#include "search.h"
#include "solve.h"
#include "stn.h"

void kj_solve_scratch_free(kj_solve_scratch *sc)
{
    kj_free(sc->mark);
    kj_free(sc->only);
    memset(sc, 0, sizeof *sc);
}

/* Base edges, then the disjunctions: by CDCL to decide, and — when a proof
 * is wanted — by the case-splitting search on just the statements CDCL's
 * refutation rests on, whose tree of cases is the proof kjeller prints. */
static kj_sat run(search *s, expl *ex, int use_cdcl)
{
    if (!stn_batch(&s->g, s->enabled))
        for (int i = 0; i < s->net->edges.n; i++)
            if (search_prov_enabled(s, s->net->edges.items[i].prov) && stn_add(&s->g, &s->net->edges.items[i], -1, ex)) return KJ_UNSAT;
    if (search_next_disj(s, 0) == s->net->disjs.n) return KJ_SAT;
    return use_cdcl ? cdcl_search(s, ex) : dfs_search(s, ex);
}

kj_solve_result kj_solve_with(kj_mem *mem, const kj_network *net, const kj_case *c, const unsigned char *enabled,
                              long *budget, kj_arena *arena, int want_proof, kj_solve_scratch *sc)
{
    search s = {.mem = mem, .net = net, .c = c, .enabled = enabled, .budget = budget, .arena = arena, .sc = sc};
    kj_solve_result res = {.sat = KJ_SAT, .stmts = NULL, .n_stmts = 0, .proof = NULL};
    stn_init(&s.g, mem, net, arena);
    expl ex = {0};
    kj_sat sat = run(&s, &ex, 1);
    stn_free(&s.g);
    if (sat == KJ_UNSAT && want_proof && !ex.proof) {
        /* re-decide the refutation's statements by cases, for the proof */
        /* enabled[] restricted to the refutation's statements: only those its
         * network's provenances name can matter, so mark just them (a part of
         * a big case must not cost the whole case's size) */
        search_uniq(&ex.stmts);
        size_t need = (size_t)c->n_stmts + 1;
        if (need > sc->only_cap) {
            unsigned char *on = kj_realloc(mem, sc->only, need);
            memset(on + sc->only_cap, 0, need - sc->only_cap);
            sc->only = on;
            sc->only_cap = need;
        }
        unsigned char *only = sc->only; /* all 0 between uses */
        for (int i = 0; i < ex.stmts.n; i++) {
            if (ex.stmts.items[i] < 0 || ex.stmts.items[i] >= c->n_stmts) kj_bug(mem, "a refutation names no statement");
            only[ex.stmts.items[i]] = 1;
        }
        search s2 = {.mem = mem, .net = net, .c = c, .enabled = only, .budget = budget, .arena = arena, .sc = sc};
        stn_init(&s2.g, mem, net, arena);
        expl ex2 = {0};
        kj_sat sat2 = run(&s2, &ex2, 0);
        stn_free(&s2.g);
        for (int i = 0; i < ex.stmts.n; i++) only[ex.stmts.items[i]] = 0;
        if (sat2 == KJ_UNSAT) {
            expl_free(&ex);
            ex = ex2;
        } else {
            expl_free(&ex2);
            if (sat2 == KJ_SAT) kj_bug(mem, "a refutation's statements are consistent");
        }
    }
    /* pairs the network left out past its budget: what is consistent
     * without them is undecided (what is inconsistent without them is so
     * with them too) */
    for (int i = 0; sat == KJ_SAT && i < net->capped.n; i++)
        if (enabled[net->capped.items[i]]) sat = KJ_UNKNOWN;
    res.sat = sat;
    if (sat == KJ_UNSAT) {
        search_uniq(&ex.stmts);
        res.n_stmts = ex.stmts.n;
        res.stmts = kj_arena_alloc(arena, sizeof(int) * (size_t)(ex.stmts.n + 1));
        if (ex.stmts.n) memcpy(res.stmts, ex.stmts.items, sizeof(int) * (size_t)ex.stmts.n);
        res.proof = ex.proof;
    }
    expl_free(&ex);
    return res;
}

kj_solve_result kj_solve_ex(kj_mem *mem, const kj_network *net, const kj_case *c, const unsigned char *enabled,
                            long *budget, kj_arena *arena, int want_proof)
{
    kj_solve_scratch sc = {0};
    kj_solve_result res = kj_solve_with(mem, net, c, enabled, budget, arena, want_proof, &sc);
    kj_solve_scratch_free(&sc);
    return res;
}

kj_solve_result kj_solve(kj_mem *mem, const kj_network *net, const kj_case *c, const unsigned char *enabled,
                         long *budget, kj_arena *arena)
{
    return kj_solve_ex(mem, net, c, enabled, budget, arena, 1);
}

int64_t kj_proof_margin(const kj_proof *p)
{
    if (!p) return 0;
    if (p->disj < 0) return -p->weight;
    int64_t best = INT64_MAX;
    for (int i = 0; i < p->n_kids; i++) {
        int64_t m = kj_proof_margin(p->kids[i]);
        if (m < best) best = m;
    }
    return best;
}
