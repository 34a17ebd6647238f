/* excluded — why an entry a conflict cites cannot be its claim's record,
 * in words, for the reader to judge: "unrelated (source ...)", or the
 * attribute that cannot be the claim's or the thing's ("plate = AB12 CDF,
 * not car1's AB12 CDE").  Worked out again from the statements, as
 * network.c decided it (attr.h): nothing of it is kept in a network. */
#include <string.h>

#include "entry_attr.h"
#include "report.h"

/* The attribute of attrs that excludes the entry's, in words, or NULL;
 * whose: "the claim's ", or "car1's ". */
static const char *differs(kj_arena *a, const kj_entry_stmt *en, const kj_attr *attrs, int n, const char *whose)
{
    const kj_attr *own, *e = kj_entry_attr_excludes(en->attrs, en->n_attrs, attrs, n, &own);
    return e ? kj_arena_printf(a, "%s = \"%s\", not %s\"%s\"", e->key, e->value, whose, own->value) : NULL;
}

const char *kj_entry_excluded_why(const kj_case *c, kj_arena *a, const kj_conflict *cf, int entry)
{
    const kj_stmt *s = &c->stmts[entry];
    if (s->kind != ST_ENTRY || c->files[s->span.file].sha256) return NULL; /* (imported rows say it in their label) */
    const kj_entry_stmt *en = s->entry;
    if (en->unrelated && (en->unrelated_to.idx < 0 || en->unrelated_to.idx == cf->claim))
        return en->unrelated_to.idx < 0 ? "declared unrelated" : "declared unrelated to this claim";
    /* a register of things reads its entries against the thing's
     * attributes only (of the custodies the conflict cites); one of
     * people, against the claim's */
    const char *why = NULL;
    int things = s->parent >= 0 && c->kinds[s->parent] == ST_REGISTER && c->stmts[s->parent].reg->of != OF_PEOPLE;
    for (int m = 0; things && m < cf->n && !why; m++) {
        const kj_stmt *x = &c->stmts[cf->stmts[m]];
        int thing = x->kind == ST_FACT && x->fact->fact_kind == FACT_CUSTODY ? x->fact->thing.idx
                    : x->kind == ST_ASSUME && x->assume->thing.name ? x->assume->thing.idx : -1;
        if (thing < 0 || c->kinds[thing] != ST_DEVICE) continue;
        const kj_device_stmt *d = c->stmts[thing].device;
        why = differs(a, en, d->attrs, d->n_attrs, kj_arena_printf(a, "%s's ", c->stmts[thing].id));
    }
    if (!things) {
        const kj_claim_stmt *cl = c->stmts[cf->claim].claim;
        why = differs(a, en, cl->attrs, cl->n_attrs, "the claim's ");
    }
    return why;
}
