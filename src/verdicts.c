/* verdicts — what the report says of each claim.  Input: the report's
 * conflicts (those that involve a claim, sorted) and its network (the
 * claims' matched register entries); output: per claim a verdict, and
 * the fact or entry that corroborates it.  A claim in a conflict that
 * rests on independent evidence is contradicted; in conflicts with other
 * testimony only, conflicting; else corroborated when a "throughout" fact
 * or a register entry bears it out, unverified when nothing does, and
 * undecided when a search ran out of budget. */
#include "parts.h"
#include "verdicts.h"

const char *kj_verdict_name(kj_verdict v)
{
    static const char *const names[] = {"contradicted", "conflicting", "corroborated", "unverified", "undecided",
                                                "strained"};
    return names[v];
}

/* corroborated: a "throughout" fact puts the person at the claimed place
 * over the whole claimed window, or a register entry may be its record.
 * facts_of[person] lists the "throughout" facts about each person. */
static int corroboration(const kj_case *c, const kj_network *net, int ci, int *const *facts_of, const int *n_facts_of)
{
    if (net->matched_entry[ci] >= 0) return net->matched_entry[ci];
    const kj_stmt *s = &c->stmts[ci];
    int place = kj_place_effective(c, s->claim->claim_kind == CLAIM_TRAVEL ? s->claim->to.idx : s->claim->at.idx);
    kj_interval w = s->claim->claim_kind == CLAIM_TRAVEL ? s->claim->arrive_iv : s->claim->when_iv;
    if (place < 0 || s->claim->person.idx < 0) return -1;
    for (int k = 0; k < n_facts_of[s->claim->person.idx]; k++) {
        const kj_stmt *f = &c->stmts[facts_of[s->claim->person.idx][k]];
        if (kj_place_effective(c, f->fact->at.idx) == place && w.lo >= f->fact->when_iv.lo && w.hi <= f->fact->when_iv.hi)
            return facts_of[s->claim->person.idx][k];
    }
    return -1;
}

/* The "throughout" facts about each person, for corroboration: facts_of[p]
 * lists n_facts_of[p] of them (in the report's arena). */
static void throughout_facts(const kj_case *c, kj_report *r, int ***facts_of_out, int **n_facts_of_out)
{
    int **facts_of = kj_arena_alloc(&r->arena, sizeof(int *) * (size_t)(c->n_stmts + 1));
    int *n_facts_of = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_FACT) continue;
        const kj_stmt *f = &c->stmts[i];
        if (f->fact->fact_kind == FACT_THROUGHOUT && f->fact->person.idx >= 0) n_facts_of[f->fact->person.idx]++;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (n_facts_of[i]) facts_of[i] = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)n_facts_of[i]);
        n_facts_of[i] = 0;
    }
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_FACT) continue;
        const kj_stmt *f = &c->stmts[i];
        if (f->fact->fact_kind == FACT_THROUGHOUT && f->fact->person.idx >= 0)
            facts_of[f->fact->person.idx][n_facts_of[f->fact->person.idx]++] = i;
    }
    *facts_of_out = facts_of;
    *n_facts_of_out = n_facts_of;
}

/* For each claim, the conflicts it is in: order[start[ci] .. start[ci + 1]). */
static void conflicts_by_claim(kj_mem *mem, const kj_case *c, const kj_report *r, int **order, int **start)
{
    int n = 0;
    for (int k = 0; k < r->n_conflicts; k++) n += r->conflicts[k].n;
    int *key = kj_malloc(mem, sizeof(int) * (size_t)(n + 1)), *which = kj_malloc(mem, sizeof(int) * (size_t)(n + 1));
    n = 0;
    for (int k = 0; k < r->n_conflicts; k++)
        for (int m = 0; m < r->conflicts[k].n; m++) {
            int st = r->conflicts[k].stmts[m];
            key[n] = c->stmts[st].kind == ST_CLAIM ? st : -1; /* a conflict's statements are distinct */
            which[n++] = k;
        }
    int *ord;
    kj_parts_bucket(mem, key, n, c->n_stmts, &ord, start);
    for (int i = 0; i < (*start)[c->n_stmts]; i++) ord[i] = which[ord[i]];
    *order = ord;
    kj_free(key);
    kj_free(which);
}

/* Whether one of conflicts order[from .. to) rests on independent evidence
 * (design.md §0): a fact, a register or its entries, an entity, a route.
 * Places, speeds, options and assumptions are premises, not evidence: an
 * account refuted by them alone contradicts itself, and two witnesses who
 * refute only each other are conflicting. */
static int with_evidence(const kj_case *c, const kj_report *r, const int *order, int from, int to)
{
    int with = 0;
    for (int j = from; j < to; j++) {
        const kj_conflict *cf = &r->conflicts[order[j]];
        for (int m = 0; m < cf->n; m++) {
            kj_role role = c->stmts[cf->stmts[m]].role;
            with |= role == ROLE_FACT || role == ROLE_REGISTER || role == ROLE_ENTITY || role == ROLE_ROUTE;
        }
    }
    return with;
}

void kj_verdicts(kj_mem *mem, const kj_case *c, kj_report *r, int **cf_order, int **cf_start)
{
    int **facts_of, *n_facts_of;
    throughout_facts(c, r, &facts_of, &n_facts_of);
    r->verdicts = kj_arena_alloc(&r->arena, sizeof(kj_verdict) * (size_t)(c->n_stmts + 1));
    r->corroborated_by = kj_arena_alloc(&r->arena, sizeof(int) * (size_t)(c->n_stmts + 1));
    conflicts_by_claim(mem, c, r, cf_order, cf_start);
    const int *order = *cf_order, *start = *cf_start;
    for (int i = 0; i < c->n_stmts; i++) {
        r->corroborated_by[i] = -1;
        if (c->kinds[i] != ST_CLAIM) continue;
        int in_any = start[i + 1] > start[i];
        if (with_evidence(c, r, order, start[i], start[i + 1])) r->verdicts[i] = V_CONTRADICTED;
        else if (in_any) r->verdicts[i] = V_CONFLICTING;
        else if (r->undecided) r->verdicts[i] = V_UNDECIDED;
        else if ((r->corroborated_by[i] = corroboration(c, r->net, i, facts_of, n_facts_of)) >= 0) r->verdicts[i] = V_CORROBORATED;
        else r->verdicts[i] = V_UNVERIFIED;
    }
}
