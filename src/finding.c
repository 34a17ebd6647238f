/* finding — what a finding is about (report.h): a conflict that rests on
 * a device owner's hypothesis (resolve.c), read from its proof: which
 * record of the device the hypothesis made the owner's (a fact, or a
 * register of things that does not record it), and which place of the
 * claim stands against it; and the words that say why it is no
 * contradiction. */
#include "stmt.h"
#include "network.h"
#include "report.h"

static int is_hypothesis(const kj_case *c, int s)
{
    return s >= 0 && c->kinds[s] == ST_ASSUME && c->stmts[s].assume->hypothetical;
}

/* The first disjunction of the proof, depth first, whose head says a
 * device's position is its owner's by hypothesis: its record and the
 * other side's place into *fp.  Returns 1 if found. */
static int from_proof(const kj_case *c, const kj_network *net, const kj_proof *p, kj_finding_parts *fp)
{
    if (!p || p->disj < 0) return 0;
    kj_say_ref h = net->disjs.items[p->disj].head;
    if (h.kind == SAY_PRES_HEAD) {
        const kj_say *s = &net->says.items[h.of];
        for (int side = 0; side < 2; side++) {
            int via = side ? s->presence.y_via : s->presence.x_via;
            if (!is_hypothesis(c, via)) continue;
            fp->hypothesis = via;
            fp->record = side ? s->presence.y_stmt : s->presence.x_stmt;
            fp->place = side ? s->presence.x_place : s->presence.y_place;
            return 1;
        }
    } else if (h.kind == SAY_REG_HEAD || h.kind == SAY_REG_ANY_OF) {
        /* a register of things: its thing's event is its owner's by hypothesis */
        const kj_say *s = &net->says.items[h.of];
        if (is_hypothesis(c, s->registers.via)) {
            fp->hypothesis = s->registers.via;
            fp->record = s->registers.regs[0];
            fp->place = s->registers.place;
            return 1;
        }
    } else if (h.kind == SAY_ANCHOR_HEAD) {
        const kj_say *s = &net->says.items[h.of];
        if (is_hypothesis(c, s->anchor.f_via)) {
            fp->hypothesis = s->anchor.f_via;
            fp->record = s->anchor.fact;
            /* the journey's located end: from the device's position the
             * unlocated end lies within reach, and this one does not */
            const kj_claim_stmt *d = c->stmts[s->anchor.claim].claim;
            fp->place = kj_place_effective(c, d->to.idx) == s->anchor.unlocated ? d->from.idx : d->to.idx;
            return 1;
        }
    }
    for (int k = 0; k < p->n_kids; k++)
        if (from_proof(c, net, p->kids[k], fp)) return 1;
    return 0;
}

kj_finding_parts kj_finding_parts_of(const kj_case *c, const kj_network *net, const kj_conflict *cf)
{
    kj_finding_parts fp = {.hypothesis = -1, .device = -1, .record = -1, .place = -1};
    if (!from_proof(c, net, cf->proof, &fp))
        for (int m = 0; m < cf->n && fp.hypothesis < 0; m++)
            if (is_hypothesis(c, cf->stmts[m])) fp.hypothesis = cf->stmts[m];
    if (fp.hypothesis >= 0) fp.device = c->stmts[fp.hypothesis].assume->thing.idx;
    return fp;
}

const char *kj_finding_why(const kj_case *c, kj_arena *a, const kj_network *net, const kj_conflict *cf)
{
    kj_finding_parts fp = kj_finding_parts_of(c, net, cf);
    if (fp.hypothesis < 0) return "";
    const kj_stmt *h = &c->stmts[fp.hypothesis], *d = &c->stmts[fp.device];
    const char *owner = c->stmts[h->assume->target.idx].id;
    const char *when = "then";
    if (fp.record >= 0 && c->kinds[fp.record] == ST_REGISTER)
        when = kj_arena_printf(a, "at the %s of claim '%s'", kj_event_noun(c->stmts[fp.record].reg->event), c->stmts[cf->claim].id);
    else if (fp.record >= 0 && c->kinds[fp.record] == ST_FACT) {
        const kj_stmt *f = &c->stmts[fp.record];
        when = kj_arena_printf(a, "%s \"%s\" (record '%s')", f->fact->fact_kind == FACT_THROUGHOUT ? "throughout" : "at",
                               f->fact->when.text ? f->fact->when.text : "", f->id);
    }
    const kj_file *file = &c->files[d->span.file];
    return kj_arena_printf(a, "%s '%s' is %s's (its %s, %s:%d), and nothing states that %s had it %s: who had it?",
                           d->device->vehicle ? "vehicle" : d->device->device_kind ? d->device->device_kind : "device",
                           d->id, owner, d->device->vehicle ? "keeper" : "owner", file->shown, d->span.line, owner, when);
}

const char *kj_finding_if(const kj_case *c, kj_arena *a, const kj_network *net, const kj_conflict *cf)
{
    kj_finding_parts fp = kj_finding_parts_of(c, net, cf);
    if (fp.hypothesis < 0) return "";
    const kj_stmt *h = &c->stmts[fp.hypothesis];
    const char *owner = c->stmts[h->assume->target.idx].id, *thing = c->stmts[fp.device].id;
    if (fp.record >= 0 && c->kinds[fp.record] == ST_REGISTER)
        return kj_arena_printf(a, "if %s had %s at the %s of claim '%s' (register '%s')", owner, thing,
                               kj_event_noun(c->stmts[fp.record].reg->event), c->stmts[cf->claim].id, c->stmts[fp.record].id);
    if (fp.record >= 0 && c->kinds[fp.record] == ST_FACT) {
        const kj_stmt *f = &c->stmts[fp.record];
        return kj_arena_printf(a, "if %s had %s %s \"%s\" (record '%s')", owner, thing,
                               f->fact->fact_kind == FACT_THROUGHOUT ? "throughout" : "at",
                               f->fact->when.text ? f->fact->when.text : "", f->id);
    }
    return kj_arena_printf(a, "if %s had %s", owner, thing);
}
