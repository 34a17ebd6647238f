/* adopt — conflicts moved between networks.  Input: conflicts found on a
 * part's network, or on a piece's full network; output: the same
 * conflicts, their proofs pointing at the whole network's edges, or at
 * copies in the report's own network.  A part's proofs only change
 * pointers (the whole network outlives the search); a piece's are copied,
 * with what they cite, for the piece's network is freed. */
#include <string.h>

#include "adopt.h"

/* ---- a part's proofs onto the whole network -------------------------------------- */

void kj_adopt_part_proof(const kj_network *whole, const kj_part *pt, kj_proof *p)
{
    if (!p) return;
    if (p->disj >= 0) {
        p->disj = pt->disj_of[p->disj];
        for (int i = 0; i < p->n_kids; i++) kj_adopt_part_proof(whole, pt, p->kids[i]);
        return;
    }
    for (int i = 0; i < p->n_edges; i++) {
        const kj_edge *e = p->edges[i];
        if (e >= pt->net.edges.items && e < pt->net.edges.items + pt->net.edges.n)
            p->edges[i] = &whole->edges.items[pt->edge_of[e - pt->net.edges.items]];
        else
            p->edges[i] = &whole->alt_edges.items[pt->alt_edge_of[e - pt->net.alt_edges.items]];
    }
}

/* ---- a piece's conflicts into the report's network ----------------------------
 *
 * The full network (of the inconsistent parts) is built a piece at a time
 * too (a small case is one piece), and each piece's conflicts are
 * enumerated on it; but for the HTML report's whole network, what the
 * report reads afterwards of a network (the proofs' edges, disjunctions,
 * alternatives and provenances; the points and statement ends the
 * corrections compare; the claims' matched entries) is copied into a
 * network of its own, the report's (what the sentences speak of and the
 * provenances too: they are the piece's network's), and the piece's
 * network freed.  It is a
 * network to show, not to search: its alternatives have no edges. */
typedef struct adopter {
    kj_network *to;                  /* the report's */
    const kj_network *from;          /* a piece's full network */
    kj_arena *arena;                 /* the report's: what is copied */
    kj_mem *mem;                     /* to's vectors grow in it */
    int *point, *prov, *disj, *say;  /* from's index -> to's, or -1 */
    const kj_edge **edge, **alt_edge; /* from's edge -> its copy, or NULL */
} adopter;

kj_network *kj_adopt_network(kj_mem *mem, kj_case *c)
{
    kj_network *net = kj_calloc(mem, 1, sizeof *net); /* (kj_network_free frees it) */
    net->c = c;
    net->own = KJ_ARENA(mem);
    net->stmt_start = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    net->stmt_end = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    net->matched_entry = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    for (int i = 0; i < c->n_stmts; i++) {
        net->stmt_start[i] = -1;
        net->stmt_end[i] = -1;
        net->matched_entry[i] = -1;
    }
    kj_point z = {.name = "Z", .stmt = -1};
    kj_vec_put(mem, &net->points, z);
    return net;
}

static int adopt_one_point(adopter *a, int p)
{
    if (a->point[p] < 0) {
        kj_vec_put(a->mem, &a->to->points, a->from->points.items[p]);
        a->point[p] = a->to->points.n - 1;
    }
    return a->point[p];
}

/* A point, with both ends of its statement (the corrections ask whether a
 * point is its statement's end). */
static int adopt_point(adopter *a, int p)
{
    if (p <= 0) return p; /* Z */
    int st = a->from->points.items[p].stmt;
    if (st >= 0 && a->from->stmt_start[st] >= 0) {
        a->to->stmt_start[st] = adopt_one_point(a, a->from->stmt_start[st]);
        a->to->stmt_end[st] = adopt_one_point(a, a->from->stmt_end[st]);
    }
    return adopt_one_point(a, p);
}

static int adopt_prov(adopter *a, int pv)
{
    if (pv < 0) return pv;
    if (a->prov[pv] < 0) {
        kj_prov x = a->from->provs.items[pv];
        int *stmts = kj_arena_alloc(a->arena, sizeof(int) * (size_t)(x.n + 1));
        memcpy(stmts, x.stmts, sizeof(int) * (size_t)x.n);
        x.stmts = stmts;
        kj_vec_put(a->mem, &a->to->provs, x);
        a->prov[pv] = a->to->provs.n - 1;
    }
    return a->prov[pv];
}

/* A sentence: a copy of what it speaks of, once per record (the ids and
 * numbers are the case's, kept as they are; a register list is copied
 * into the report's arena). */
static kj_say_ref adopt_say(adopter *a, kj_say_ref ref)
{
    if (!kj_say_has_record(ref.kind)) return ref;
    if (a->say[ref.of] < 0) {
        kj_say x = a->from->says.items[ref.of];
        if (ref.kind == SAY_REG_ANY_OF || ref.kind == SAY_REG_HEAD) {
            int *regs = kj_arena_alloc(a->arena, sizeof(int) * (size_t)(x.registers.n + 1));
            memcpy(regs, x.registers.regs, sizeof(int) * (size_t)x.registers.n);
            x.registers.regs = regs;
        }
        kj_vec_put(a->mem, &a->to->says, x);
        a->say[ref.of] = a->to->says.n - 1;
    }
    return (kj_say_ref){.kind = ref.kind, .of = a->say[ref.of]};
}

static const kj_edge *adopt_edge(adopter *a, const kj_edge *e)
{
    const kj_network *w = a->from;
    const kj_edge **slot = e >= w->edges.items && e < w->edges.items + w->edges.n
                               ? &a->edge[e - w->edges.items]
                               : &a->alt_edge[e - w->alt_edges.items];
    if (!*slot) {
        kj_edge *copy = kj_arena_alloc(a->arena, sizeof *copy);
        *copy = *e;
        copy->u = adopt_point(a, e->u);
        copy->v = adopt_point(a, e->v);
        copy->prov = adopt_prov(a, e->prov);
        copy->say = adopt_say(a, e->say);
        *slot = copy;
    }
    return *slot;
}

static int adopt_disj(adopter *a, int d)
{
    if (a->disj[d] < 0) {
        kj_disj x = a->from->disjs.items[d];
        int first = x.first_alt;
        x.first_alt = a->to->alts.n;
        x.prov = adopt_prov(a, x.prov);
        x.say = adopt_say(a, x.say);
        x.head = adopt_say(a, x.head);
        for (int i = 0; i < x.n_alts; i++) {
            kj_alt alt = a->from->alts.items[first + i];
            alt.first = alt.n = 0; /* shown, not searched */
            alt.say = adopt_say(a, alt.say);
            kj_vec_put(a->mem, &a->to->alts, alt);
        }
        kj_vec_put(a->mem, &a->to->disjs, x);
        a->disj[d] = a->to->disjs.n - 1;
    }
    return a->disj[d];
}

static kj_proof *adopt_proof(adopter *a, const kj_proof *p)
{
    if (!p) return NULL;
    kj_proof *q = kj_arena_alloc(a->arena, sizeof *q);
    *q = *p;
    if (p->disj >= 0) {
        q->disj = adopt_disj(a, p->disj);
        q->kids = kj_arena_alloc(a->arena, sizeof(kj_proof *) * (size_t)(p->n_kids + 1));
        for (int i = 0; i < p->n_kids; i++) q->kids[i] = adopt_proof(a, p->kids[i]);
    } else {
        q->edges = kj_arena_alloc(a->arena, sizeof(kj_edge *) * (size_t)(p->n_edges + 1));
        for (int i = 0; i < p->n_edges; i++) q->edges[i] = adopt_edge(a, p->edges[i]);
    }
    return q;
}

void kj_adopt_conflicts(kj_mem *mem, kj_report *r, const kj_network *w, kj_conflict *found, int n)
{
    adopter a = {
        .to = r->net,
        .from = w,
        .arena = &r->arena,
        .mem = mem,
        .point = kj_malloc(mem, sizeof(int) * (size_t)(w->points.n + 1)),
        .prov = kj_malloc(mem, sizeof(int) * (size_t)(w->provs.n + 1)),
        .disj = kj_malloc(mem, sizeof(int) * (size_t)(w->disjs.n + 1)),
        .say = kj_malloc(mem, sizeof(int) * (size_t)(w->says.n + 1)),
        .edge = kj_calloc(mem, (size_t)w->edges.n + 1, sizeof(kj_edge *)),
        .alt_edge = kj_calloc(mem, (size_t)w->alt_edges.n + 1, sizeof(kj_edge *)),
    };
    for (int i = 0; i < w->points.n; i++) a.point[i] = -1;
    for (int i = 0; i < w->provs.n; i++) a.prov[i] = -1;
    for (int i = 0; i < w->disjs.n; i++) a.disj[i] = -1;
    for (int i = 0; i < w->says.n; i++) a.say[i] = -1;
    for (int f = 0; f < n; f++) {
        kj_conflict *cf = &found[f];
        for (int m = 0; m < cf->n; m++)
            if (w->stmt_start[cf->stmts[m]] >= 0) adopt_point(&a, w->stmt_start[cf->stmts[m]]);
        cf->proof = adopt_proof(&a, cf->proof);
        int *stmts = kj_arena_alloc(a.arena, sizeof(int) * (size_t)(cf->n + 1));
        memcpy(stmts, cf->stmts, sizeof(int) * (size_t)cf->n);
        cf->stmts = stmts;
    }
    kj_free(a.point);
    kj_free(a.prov);
    kj_free(a.disj);
    kj_free(a.say);
    kj_free(a.edge);
    kj_free(a.alt_edge);
}
