/* questions — see questions.h.
 *
 * Trotsky answered Pyatakov's story by asking what a record could check:
 * under what name and passport, what happened at the customs, in which hotel
 * he stayed.  The rules that map a claim to such questions are data
 * (data/questions.kjd): a rule applies to a claim when all its conditions
 * hold; its question is filled in with the case's names; it ranks higher
 * when the case already holds a record that would test the answer, when it
 * concerns several claims, and when the claim is otherwise unverified. */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "stmt.h"
#include "hash.h"
#include "questions.h"
#include "strain.h"
#include "timex.h"

/* A condition of a rule's `when`, read once when the rules are loaded. */
typedef enum { C_TRAVEL, C_MEETING, C_PRESENCE, C_ABROAD, C_UNRETURNED, C_DATED, C_BY, C_AT, C_MESSAGE, C_CARRIED, C_LIVE,
               C_NEVER } cond_kind;

typedef struct rule {
    char id[48], when[160], text[400], detail[120], record[120], tested[32];
    int weight;
    int n_conds;
    struct { cond_kind kind; int arg; } conds[16]; /* arg: offset into when (by:, at:) */
} rule;

typedef KJ_VEC(rule) rule_vec;

/* Copies field k of a "|"-separated line, trimmed. */
static void field(const char *line, int k, char *out, size_t n)
{
    const char *p = line;
    for (int i = 0; i < k && p; i++) {
        p = strchr(p, '|');
        if (p) p++;
    }
    out[0] = 0;
    if (!p) return;
    while (*p == ' ') p++;
    const char *e = strchr(p, '|');
    size_t len = e ? (size_t)(e - p) : strcspn(p, "\n");
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\r')) len--;
    if (len >= n) len = n - 1;
    memcpy(out, p, len);
    out[len] = 0;
}

static int load_rules(kj_mem *mem, rule_vec *rules)
{
    const char *p = kj_default_questions;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[1024];
        if (len >= sizeof line) return -1;
        memcpy(line, p, len);
        line[len] = 0;
        p += len + (nl != NULL);
        if (line[0] == ';' || line[0] == 0) continue;
        rule r;
        char w[16];
        field(line, 0, r.id, sizeof r.id);
        field(line, 1, r.when, sizeof r.when);
        field(line, 2, r.text, sizeof r.text);
        field(line, 3, r.detail, sizeof r.detail);
        field(line, 4, r.record, sizeof r.record);
        field(line, 5, r.tested, sizeof r.tested);
        field(line, 6, w, sizeof w);
        r.weight = atoi(w);
        if (!r.id[0] || !r.text[0] || r.weight <= 0 || r.weight > 1000) return -1;
        kj_vec_put(mem, rules, r);
        /* its conditions (offsets: the vector moves as it grows) */
        rule *v = &rules->items[rules->n - 1];
        v->n_conds = 0;
        for (char *save = NULL, *tok = strtok_r(v->when, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
            if (v->n_conds == 16) return -1;
            cond_kind k = !strcmp(tok, "travel") ? C_TRAVEL : !strcmp(tok, "meeting") ? C_MEETING
                        : !strcmp(tok, "presence") ? C_PRESENCE : !strcmp(tok, "abroad") ? C_ABROAD
                        : !strcmp(tok, "unreturned") ? C_UNRETURNED : !strcmp(tok, "dated") ? C_DATED
                        : !strcmp(tok, "message") ? C_MESSAGE : !strcmp(tok, "carried") ? C_CARRIED
                        : !strcmp(tok, "live") ? C_LIVE
                        : !strncmp(tok, "by:", 3) ? C_BY : !strncmp(tok, "at:", 3) ? C_AT : C_NEVER;
            v->conds[v->n_conds].kind = k;
            v->conds[v->n_conds++].arg = k == C_BY || k == C_AT ? (int)(tok + 3 - v->when) : 0;
        }
    }
    return 0;
}

/* ---- what a claim implies ------------------------------------------------------ */

/* The place a reference means for questions: through assumptions, and
 * through an entity to the place it stands at when `through_entity`. */
static int place_of(const kj_case *c, int ref)
{
    return kj_place_effective(c, ref);
}

/* The country of a place: its `in COUNTRY`, else (as a stand-in) its zone. */
static const char *country_of(const kj_case *c, int ref, int *named)
{
    int p = place_of(c, ref);
    *named = 0;
    if (p < 0) return NULL;
    const kj_stmt *s = &c->stmts[p];
    if (s->place->country) { *named = 1; return s->place->country; }
    if (s->place->n_alts) { /* one of several: a country they all share */
        const char *first = NULL;
        for (int k = 0; k < s->place->n_alts; k++) {
            int nm;
            const char *ck = country_of(c, s->place->alts[k].idx, &nm);
            if (!ck || (first && strcmp(first, ck))) return NULL;
            first = ck;
            *named = nm;
        }
        return first;
    }
    return s->place->zone.text;
}

static const char *mode_class_of(const kj_case *c, const kj_stmt *s)
{
    if (s->claim->mode.idx >= 0) return c->stmts[s->claim->mode.idx].mode->mode_class;
    return s->claim->mode.name;
}

static int is_abroad(const kj_case *c, const kj_stmt *s)
{
    if (s->claim->claim_kind != CLAIM_TRAVEL) return 0;
    int n1, n2;
    const char *a = country_of(c, s->claim->from.idx, &n1), *b = country_of(c, s->claim->to.idx, &n2);
    return a && b && strcmp(a, b) != 0;
}

/* No later journey of the same person out of the destination's country.
 * next_travel[ci] is the person's next journey after claim ci, or -1. */
static int is_unreturned(const kj_case *c, int ci, const int *next_travel)
{
    const kj_stmt *s = &c->stmts[ci];
    if (!is_abroad(c, s)) return 0;
    int nd;
    const char *there = country_of(c, s->claim->to.idx, &nd);
    for (int j = next_travel[ci]; j >= 0; j = next_travel[j]) {
        const kj_stmt *t = &c->stmts[j];
        int n1, n2;
        const char *from = country_of(c, t->claim->from.idx, &n1), *to = country_of(c, t->claim->to.idx, &n2);
        if (from && to && !strcmp(from, there) && strcmp(to, there)) return 0;
    }
    return 1;
}

static int condition_holds(const kj_case *c, int ci, cond_kind cond, const char *arg, const int *next_travel)
{
    const kj_stmt *s = &c->stmts[ci];
    switch (cond) {
    case C_TRAVEL: return s->claim->claim_kind == CLAIM_TRAVEL;
    case C_MEETING: return s->claim->claim_kind == CLAIM_MEET;
    case C_PRESENCE: return s->claim->claim_kind == CLAIM_PRESENCE;
    case C_ABROAD: return is_abroad(c, s);
    case C_UNRETURNED: return is_unreturned(c, ci, next_travel);
    case C_DATED: return s->claim->when.text || s->claim->depart.text || s->claim->arrive.text;
    case C_BY: {
        const char *cls = mode_class_of(c, s);
        return cls && !strcmp(cls, arg);
    }
    case C_AT: {
        int at = s->claim->claim_kind == CLAIM_TRAVEL ? s->claim->to.idx : s->claim->at.idx;
        return at >= 0 && c->stmts[at].kind == ST_ENTITY && !strcmp(c->stmts[at].entity->entity_kind, arg);
    }
    case C_MESSAGE: return s->claim->claim_kind == CLAIM_MESSAGE;
    case C_CARRIED:
    case C_LIVE: {
        if (s->claim->claim_kind != CLAIM_MESSAGE || s->claim->medium.idx < 0) return 0;
        kj_medium_class k = c->stmts[s->claim->medium.idx].medium->medium_class;
        return k == (cond == C_CARRIED ? MEDIUM_CARRIED : MEDIUM_LIVE);
    }
    case C_NEVER: break;
    }
    return 0;
}

static int rule_applies(const kj_case *c, int ci, const rule *r, const int *next_travel)
{
    for (int k = 0; k < r->n_conds; k++)
        if (!condition_holds(c, ci, r->conds[k].kind, r->when + r->conds[k].arg, next_travel)) return 0;
    return 1;
}

/* ---- phrasing -------------------------------------------------------------------- */

/* A place's short name: its label up to the first comma, unquoted; or its id. */
static const char *short_name(const kj_case *c, int ref, char *buf, size_t cap)
{
    if (ref < 0) return "?";
    const kj_stmt *s = &c->stmts[ref];
    if (!s->label) return s->id;
    const char *l = s->label;
    while (*l == '"') l++;
    size_t n = strcspn(l, ",\"(");
    while (n && l[n - 1] == ' ') n--;
    if (!n) return s->id;
    snprintf(buf, cap, "%.*s", (int)n, l);
    return buf;
}

static const char *person_name(const kj_case *c, int p)
{
    return p >= 0 ? (c->stmts[p].person->name ? c->stmts[p].person->name : c->stmts[p].id) : "the witness";
}

/* The rule's text for the claim, in out[KJ_QUESTION_MAX] (not kept: a
 * question's text is written again when shown, kj_question_text). */
static const char *fill(const kj_case *c, int ci, const char *tmpl, char *out)
{
    const kj_stmt *s = &c->stmts[ci];
    const size_t cap = KJ_QUESTION_MAX;
    size_t n = 0;
    for (const char *p = tmpl; *p && n < cap - 1;) {
        const char *val = NULL;
        char others[256], name[256];
        if (*p == '{') {
            const char *e = strchr(p, '}');
            if (e) {
                size_t k = (size_t)(e - p - 1);
                const char *key = p + 1;
#define IS(w) (k == strlen(w) && !strncmp(key, w, k))
                int msg = s->claim->claim_kind == CLAIM_MESSAGE;
                if (IS("person")) val = person_name(c, s->claim->person.idx);
                else if (IS("sender") && msg) val = person_name(c, s->claim->receives ? s->claim->party.idx : s->claim->person.idx);
                else if (IS("receiver") && msg) val = person_name(c, s->claim->receives ? s->claim->person.idx : s->claim->party.idx);
                else if (IS("medium") && msg) val = s->claim->medium.name;
                else if (IS("from")) val = short_name(c, s->claim->from.idx, name, sizeof name);
                else if (IS("to")) val = short_name(c, s->claim->to.idx, name, sizeof name);
                else if (IS("at")) val = short_name(c, s->claim->at.idx, name, sizeof name);
                else if (IS("mode")) val = mode_class_of(c, s);
                else if (IS("when")) val = s->claim->when.text ? s->claim->when.text : s->claim->arrive.text ? s->claim->arrive.text : s->claim->depart.text;
                else if (IS("country")) {
                    int named;
                    const char *ct = country_of(c, s->claim->to.idx, &named);
                    val = named ? ct : short_name(c, s->claim->to.idx, name, sizeof name);
                } else if (IS("others")) {
                    size_t m = 0;
                    others[0] = 0;
                    for (int i = 0; i < s->claim->n_others && m < sizeof others; i++)
                        m += (size_t)snprintf(others + m, sizeof others - m, "%s%s",
                                              i == 0 ? "" : i + 1 == s->claim->n_others ? " and " : ", ",
                                              person_name(c, s->claim->others[i].idx));
                    val = others;
                }
#undef IS
                if (val) {
                    n += (size_t)snprintf(out + n, cap - n, "%s", val);
                    p = e + 1;
                    continue;
                }
            }
        }
        out[n++] = *p++;
    }
    out[n < cap ? n : cap - 1] = 0;
    return out;
}

/* ---- what in the case could test the answer --------------------------------------- */

/* What the case holds that could test answers, collected once: the
 * registers, and the first fact about each person. */
typedef struct evidence {
    int *registers; int n_registers;
    int *fact_of;   /* per statement (a person): a fact about them, or -1 */
} evidence;

static void evidence_collect(kj_mem *mem, const kj_case *c, evidence *ev)
{
    ev->registers = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    ev->fact_of = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    ev->n_registers = 0;
    for (int i = 0; i < c->n_stmts; i++) ev->fact_of[i] = -1;
    for (int i = 0; i < c->n_stmts; i++) {
        if (c->kinds[i] != ST_REGISTER && c->kinds[i] != ST_FACT) continue;
        const kj_stmt *s = &c->stmts[i];
        if (s->kind == ST_REGISTER) ev->registers[ev->n_registers++] = i;
        if (s->kind == ST_FACT && s->fact->fact_kind != FACT_RESIDES && s->fact->person.idx >= 0 && ev->fact_of[s->fact->person.idx] < 0)
            ev->fact_of[s->fact->person.idx] = i;
    }
}

static int register_at(const kj_case *c, const evidence *ev, int place_ref, kj_event_kind kind)
{
    int p = place_of(c, place_ref);
    if (p < 0) return -1;
    for (int k = 0; k < ev->n_registers; k++) {
        const kj_stmt *r = &c->stmts[ev->registers[k]];
        if (r->reg->event == kind && place_of(c, r->reg->at.idx) == p) return ev->registers[k];
    }
    return -1;
}

static int fact_about(const evidence *ev, const kj_stmt *s)
{
    if (s->claim->person.idx >= 0 && ev->fact_of[s->claim->person.idx] >= 0) return ev->fact_of[s->claim->person.idx];
    for (int k = 0; k < s->claim->n_others; k++)
        if (s->claim->others[k].idx >= 0 && ev->fact_of[s->claim->others[k].idx] >= 0) return ev->fact_of[s->claim->others[k].idx];
    return -1;
}

static int tested_by(const kj_case *c, const evidence *ev, int ci, const char *how)
{
    const kj_stmt *s = &c->stmts[ci];
    if (!strcmp(how, "arrival@to")) return register_at(c, ev, s->claim->to.idx, EV_ARRIVAL);
    if (!strcmp(how, "departure@from")) return register_at(c, ev, s->claim->from.idx, EV_DEPARTURE);
    if (!strcmp(how, "stay@at")) return register_at(c, ev, s->claim->at.idx, EV_STAY);
    if (!strcmp(how, "stay@to")) return register_at(c, ev, s->claim->to.idx, EV_STAY);
    if (!strcmp(how, "sent@from")) return register_at(c, ev, s->claim->from.idx, EV_SENT);
    if (!strcmp(how, "received@to")) return register_at(c, ev, s->claim->to.idx, EV_RECEIVED);
    if (!strcmp(how, "fact")) return fact_about(ev, s);
    return -1;
}

/* Identical questions from several claims are one question: a hash of
 * their texts finds the earlier one. */
static uint32_t text_hash(const char *s)
{
    uint32_t h = kj_hash_str(s);
    /* mixed (murmur3's finaliser): texts differing only at the end must
     * not crowd into neighbouring slots */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* ---- building and ranking ------------------------------------------------------------ */

static int cmp_question(const void *a, const void *b)
{
    const kj_question *x = a, *y = b;
    if (x->score != y->score) return y->score - x->score;
    if (x->claims[0] != y->claims[0]) return x->claims[0] - y->claims[0];
    return strcmp(x->of->rule, y->of->rule);
}

/* A question and where it is: what is sorted (no static for the
 * comparator to find the questions by: two cases may be checked at once). */
typedef struct question_at {
    const kj_question *q;
    int k;
} question_at;

static int cmp_question_at(const void *a, const void *b)
{
    return cmp_question(((const question_at *)a)->q, ((const question_at *)b)->q);
}

/* Sorts q[0..n) by cmp_question (a total order: a claim has one question
 * per rule), through pointers: glibc's qsort of the questions themselves
 * would take a copy of them all. */
static void sort_questions(kj_mem *mem, kj_question *q, int n)
{
    if (n < 2) return;
    question_at *by = kj_malloc(mem, sizeof *by * (size_t)n);
    int *at = kj_malloc(mem, sizeof(int) * (size_t)n); /* at[k]: the question that goes to k */
    for (int k = 0; k < n; k++) by[k] = (question_at){.q = &q[k], .k = k};
    qsort(by, (size_t)n, sizeof *by, cmp_question_at);
    for (int k = 0; k < n; k++) at[k] = by[k].k;
    kj_free(by);
    for (int k = 0; k < n; k++) { /* each cycle of the permutation in turn */
        if (at[k] < 0 || at[k] == k) continue;
        kj_question first = q[k];
        int to = k;
        while (at[to] != k) {
            int from = at[to];
            q[to] = q[from];
            at[to] = -1;
            to = from;
        }
        q[to] = first;
        at[to] = -1;
    }
    kj_free(at);
}

/* Questions are phrased and merged (collect) from the case alone, which
 * the check only reads: the check does it while its searchers run.
 * Ranking needs the verdicts, so it waits for the check (finish). */
struct kj_questions_job {
    kj_mem *mem;                 /* the call phrasing them (mem.h) */
    const kj_case *c;
    kj_arena arena;              /* the questions' strings and claim lists, until finish */
    KJ_VEC(kj_question) qs;
    int status;                  /* 0, or -1 if the shipped rules are bad */
};

static void collect(kj_questions_job *j)
{
    const kj_case *c = j->c;
    kj_mem *mem = j->mem;
    kj_arena *arena = &j->arena;
    rule_vec rules = {0};
    if (load_rules(mem, &rules) != 0) {
        kj_free(rules.items);
        j->status = -1;
        return;
    }
    evidence ev;
    evidence_collect(mem, c, &ev);
    int *next_travel = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    int *last = kj_malloc(mem, sizeof(int) * (size_t)(c->n_stmts + 1));
    KJ_VEC(int) claims_cap = {0}; /* per question: room in its claims array */
    kj_question_rule **kept = kj_calloc(mem, (size_t)rules.n + 1, sizeof *kept);
    for (int i = 0; i < c->n_stmts; i++) {
        next_travel[i] = -1;
        last[i] = -1;
    }
    for (int i = c->n_stmts - 1; i >= 0; i--) {
        if (c->kinds[i] != ST_CLAIM) continue;
        const kj_stmt *t = &c->stmts[i];
        if (t->claim->person.idx < 0) continue;
        next_travel[i] = last[t->claim->person.idx];
        if (t->claim->claim_kind == CLAIM_TRAVEL) last[t->claim->person.idx] = i;
    }
    kj_free(last);
    /* at most a question per claim and rule that applies to it: room for
     * them all at once (doubling, there would be room for twice as many) */
    long most = 0;
    size_t n_bits = (size_t)c->n_stmts * (size_t)rules.n; /* which rules apply to which claims: decided once */
    unsigned char *applies = kj_calloc(mem, n_bits / 8 + 1, 1);
    for (int ci = 0; ci < c->n_stmts; ci++)
        for (int k = 0; c->kinds[ci] == ST_CLAIM && k < rules.n; k++)
            if (rule_applies(c, ci, &rules.items[k], next_travel)) {
                size_t bit = (size_t)ci * (size_t)rules.n + (size_t)k;
                applies[bit / 8] |= (unsigned char)(1u << (bit % 8));
                most++;
            }
    if (most > INT_MAX / 4) kj_mem_fail(mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory"); /* (a question per claim and rule) */
    if (most) {
        j->qs.items = kj_malloc(mem, sizeof(kj_question) * (size_t)most);
        claims_cap.items = kj_malloc(mem, sizeof(int) * (size_t)most);
        j->qs.cap = (int)most;
        claims_cap.cap = (int)most;
    }
    /* open addressing: question index + 1 (0: empty) and the text's full
     * hash, compared before the text; at most three quarters full */
    uint32_t cap = 1024;
    while (cap / 4 * 3 < (uint32_t)most) cap *= 2;
    struct qslot { uint32_t hash; int q; } *slots = kj_calloc(mem, cap, sizeof *slots);
    for (int ci = 0; ci < c->n_stmts; ci++) {
        if (c->kinds[ci] != ST_CLAIM) continue;
        for (int k = 0; k < rules.n; k++) {
            const rule *ru = &rules.items[k];
            size_t bit = (size_t)ci * (size_t)rules.n + (size_t)k;
            if (!(applies[bit / 8] >> (bit % 8) & 1)) continue;
            char buf[KJ_QUESTION_MAX], seen[KJ_QUESTION_MAX];
            const char *text = fill(c, ci, ru->text, buf);
            uint32_t full = text_hash(text), h = full & (cap - 1);
            while (slots[h].q && (slots[h].hash != full || strcmp(kj_question_text(c, &j->qs.items[slots[h].q - 1], seen), text)))
                h = (h + 1) & (cap - 1);
            if (slots[h].q) {
                kj_question *x = &j->qs.items[slots[h].q - 1];
                int *room = &claims_cap.items[slots[h].q - 1];
                if (x->n_claims == *room) { /* doubling: many claims may share a question */
                    *room *= 2;
                    int *cl = kj_arena_alloc(arena, sizeof(int) * (size_t)*room);
                    memcpy(cl, x->claims, sizeof(int) * (size_t)x->n_claims);
                    x->claims = cl;
                }
                x->claims[x->n_claims++] = ci;
                continue;
            }
            kj_question q = {0};
            if (!kept[k]) { /* the rule's strings: one copy for all its questions */
                kept[k] = kj_arena_alloc(arena, sizeof **kept);
                kept[k]->rule = kj_arena_strdup(arena, ru->id);
                kept[k]->detail = kj_arena_strdup(arena, ru->detail);
                kept[k]->record = kj_arena_strdup(arena, ru->record);
                kept[k]->tmpl = kj_arena_strdup(arena, ru->text);
            }
            q.of = kept[k];
            q.claims = kj_arena_alloc(arena, sizeof(int) * 4);
            q.claims[0] = ci;
            q.n_claims = 1;
            kj_vec_put(mem, &claims_cap, 4);
            q.tested_by = tested_by(c, &ev, ci, ru->tested);
            q.weight = (short)ru->weight;
            kj_vec_put(mem, &j->qs, q);
            slots[h].q = j->qs.n; /* (room made for `most`: never fuller) */
            slots[h].hash = full;
        }
    }
    kj_free(applies);
    kj_free(ev.registers);
    kj_free(ev.fact_of);
    kj_free(rules.items);
    kj_free(slots);
    kj_free(next_travel);
    kj_free(claims_cap.items);
    kj_free(kept);
}

kj_questions_job *kj_questions_start(kj_mem *mem, const kj_case *c)
{
    kj_questions_job *j = kj_calloc(mem, 1, sizeof *j);
    j->mem = mem;
    j->arena = KJ_ARENA(mem);
    j->c = c;
    collect(j);
    return j;
}

/* A finding (check.c: a device's position where its owner's claim cannot
 * be, if he had it) asks first of all who had the device: one question per
 * device and claim, the most decisive kind. */
static void device_questions(kj_questions_job *j, const kj_report *r)
{
    const kj_case *c = j->c;
    for (int i = 0; r && r->findings_of && i < r->n_findings; i++) {
        const kj_conflict *cf = &r->findings[i];
        kj_finding_parts fp = kj_finding_parts_of(c, r->findings_of->net, cf);
        int dev = fp.device, fact = fp.record;
        if (dev < 0 || fact < 0 || (c->kinds[fact] != ST_FACT && c->kinds[fact] != ST_REGISTER)) continue;
        int seen = 0;
        for (int k = 0; k < i && !seen; k++) {
            kj_finding_parts f2 = kj_finding_parts_of(c, r->findings_of->net, &r->findings[k]);
            seen = f2.device == dev && r->findings[k].claim == cf->claim;
        }
        if (seen) continue;
        const kj_stmt *d = &c->stmts[dev], *f = &c->stmts[fact], *cl = &c->stmts[cf->claim];
        char what[256], at[256], where[256];
        const char *owner = person_name(c, d->device->owner.idx);
        const char *noun = d->device->vehicle ? "vehicle" : d->device->device_kind ? d->device->device_kind : "device";
        const char *plate = d->device->vehicle ? d->device->plate : NULL;
        if (d->label || plate)
            snprintf(what, sizeof what, "%s's %s %s (%s%s%s)", owner, noun, d->id, d->label ? d->label : "",
                     d->label && plate ? ", " : "", plate ? plate : "");
        else
            snprintf(what, sizeof what, "%s's %s %s", owner, noun, d->id);
        if (f->kind == ST_REGISTER) { /* a register of things that does not record it */
            int claim_at = fp.place >= 0 ? fp.place : f->reg->at.idx;
            const char *ev = kj_event_noun(f->reg->event);
            const char *verb = f->reg->event == EV_ARRIVAL ? "arrived at" : f->reg->event == EV_DEPARTURE ? "left" : "stayed at";
            (void)owner;
            const kj_timestr *t = f->reg->event == EV_ARRIVAL ? &cl->claim->arrive
                                  : f->reg->event == EV_DEPARTURE ? &cl->claim->depart : &cl->claim->when;
            kj_question_rule *ru = kj_arena_alloc(&j->arena, sizeof *ru);
            ru->rule = "device-holder";
            ru->detail = "who had the device, and where";
            ru->record = d->device->vehicle ? "who drove it: CCTV, witnesses, the keeper's statement"
                                            : "who used it: call and message content, witnesses, the owner's statement";
            ru->tmpl = kj_arena_printf(&j->arena,
                                       "Who had %s when claim '%s' says its %s %s %s%s%s%s? Register '%s' records every %s of a %s there, and none that can be %s's then.",
                                       what, cl->id, d->device->vehicle ? "keeper" : "owner", verb, short_name(c, claim_at, where, sizeof where),
                                       t->text ? " (\"" : "", t->text ? t->text : "", t->text ? "\")" : "", f->id, ev,
                                       d->device->vehicle ? "vehicle" : "device", d->id);
            kj_question q = {.of = ru, .tested_by = f - c->stmts, .weight = 6};
            q.claims = kj_arena_alloc(&j->arena, sizeof(int));
            q.claims[0] = cf->claim;
            q.n_claims = 1;
            kj_vec_put(j->mem, &j->qs, q);
            continue;
        }
        const kj_stmt *pos = f->fact->at.idx >= 0 ? &c->stmts[f->fact->at.idx] : NULL;
        const char *at_text = at;
        if (pos && !pos->label && pos->kind == ST_PLACE && pos->place->located)
            snprintf(at, sizeof at, "%.5f, %.5f", pos->place->lat, pos->place->lon);
        else
            at_text = short_name(c, f->fact->at.idx, at, sizeof at);
        int claim_at = fp.place >= 0 ? fp.place : cl->claim->claim_kind == CLAIM_TRAVEL ? cl->claim->from.idx : cl->claim->at.idx;
        const char *where_text = short_name(c, claim_at, where, sizeof where);
        kj_question_rule *ru = kj_arena_alloc(&j->arena, sizeof *ru);
        ru->rule = "device-holder";
        ru->detail = "who had the device, and where";
        ru->record = d->device->vehicle ? "who drove it: CCTV, witnesses, the keeper's statement"
                                        : "who used it: call and message content, witnesses, the owner's statement";
        ru->tmpl = kj_arena_printf(&j->arena, "Who had %s %s %s? Record '%s' puts it at %s, too far from %s, where claim '%s' puts its %s.",
                                   what, f->fact->fact_kind == FACT_THROUGHOUT ? "throughout" : "at",
                                   f->fact->when.text ? f->fact->when.text : "that time", f->id, at_text, where_text, cl->id,
                                   d->device->vehicle ? "keeper" : "owner");
        kj_question q = {.of = ru, .tested_by = -1, .weight = 6};
        q.claims = kj_arena_alloc(&j->arena, sizeof(int));
        q.claims[0] = cf->claim;
        q.n_claims = 1;
        kj_vec_put(j->mem, &j->qs, q);
    }
}

/* A place in a question: its label's short form, or, for a position
 * with none (a trace point's), its coordinates. */
static const char *place_words(const kj_case *c, int place, char *buf, size_t n)
{
    const kj_stmt *p = &c->stmts[place];
    if (!p->label && p->kind == ST_PLACE && p->place->located) {
        snprintf(buf, n, "%.5f, %.5f", p->place->lat, p->place->lon);
        return buf;
    }
    return short_name(c, place, buf, n);
}

/* "2024-03-14 22:40 +00:00" at a place (its zone, else UTC). */
static const char *leg_time(const kj_case *c, int place, int64_t t, char *buf, size_t n)
{
    int pl = kj_place_effective(c, place); /* (an entity: where it stands) */
    const kj_stmt *p = pl >= 0 ? &c->stmts[pl] : NULL;
    return kj_time_format_c(c->readopts.tz_cache, t, p && p->kind == ST_PLACE && p->place->zone.text ? p->place->zone.text : "UTC",
                            buf, n);
}

/* A strained claim (strain.h) asks first how its person travelled the leg
 * that only a mode the account never names makes possible: the detail the
 * account depends on, to press on. */
static void strained_questions(kj_questions_job *j, const kj_report *r)
{
    const kj_case *c = j->c;
    for (int ci = 0; r && r->strain && ci < c->n_stmts; ci++) {
        if (c->kinds[ci] != ST_CLAIM || r->verdicts[ci] != V_STRAINED) continue;
        const kj_strain *st = &r->strain[ci];
        const kj_leg *l = &r->legs[st->leg];
        char a[256], b[256], t0[64], t1[64], d[64], v[32], when[200] = "", by[256] = "";
        kj_duration_format(l->s, d, sizeof d);
        if (l->t0 < KJ_INF && l->t1 < KJ_INF) {
            leg_time(c, l->first_place, l->t0, t0, sizeof t0);
            leg_time(c, l->second_place, l->t1, t1, sizeof t1);
            const char *t1_shown = strncmp(t0, t1, 11) ? t1 : t1 + 11; /* the same date once */
            snprintf(when, sizeof when, " between %s and %s", t0, t1_shown);
        }
        double kmh = floor(kj_leg_mps(l) * 3.6);
        snprintf(v, sizeof v, "%.0f", kmh);
        size_t m = 0;
        for (int q = 0; q < st->n_classes && m < sizeof by; q++)
            m += (size_t)snprintf(by + m, sizeof by - m, "%s%s", q == 0 ? "" : q + 1 == st->n_classes ? " or " : ", ",
                                  st->classes[q]);
        const char *from = place_words(c, l->first_place, a, sizeof a), *to = place_words(c, l->second_place, b, sizeof b);
        kj_question_rule *ru = kj_arena_alloc(&j->arena, sizeof *ru);
        ru->rule = "strained";
        ru->detail = "how the person travelled, and when";
        ru->record = "tickets, bookings, passenger lists, the person's own account of the journey";
        ru->tmpl = kj_arena_printf(&j->arena,
                                   "How did %s get from %s to %s%s? It needs at least %s km/h (%.1f km in at most %s): only %s allow%s it, and the account names %s.",
                                   person_name(c, l->person), from, to, when, v, floor(l->m / 100) / 10, d, by,
                                   st->n_classes == 1 ? "s" : "", st->n_classes == 1 ? "no such travel" : "none of them");
        kj_question q = {.of = ru, .tested_by = -1, .weight = 8};
        q.claims = kj_arena_alloc(&j->arena, sizeof(int));
        q.claims[0] = l->claim;
        q.n_claims = 1;
        kj_vec_put(j->mem, &j->qs, q);
    }
}

int kj_questions_finish(kj_questions_job *j, const kj_report *r, kj_arena *arena, kj_question **out)
{
    *out = NULL;
    if (j->status >= 0) device_questions(j, r);
    if (j->status >= 0) strained_questions(j, r);
    int n = j->status < 0 ? -1 : j->qs.n;
    for (int q = 0; q < j->qs.n; q++) {
        kj_question *x = &j->qs.items[q];
        int unverified = 0;
        for (int k = 0; k < x->n_claims; k++) {
            kj_verdict v = r ? r->verdicts[x->claims[k]] : V_UNVERIFIED;
            x->contradicted |= v == V_CONTRADICTED || v == V_CONFLICTING;
            unverified |= v == V_UNVERIFIED;
        }
        /* decisive: by nature (weight), when a record in the case can refute
         * the answer, when it pins down several claims, when nothing else
         * verifies the claim */
        x->score = 2 * x->weight + (x->tested_by >= 0 ? 3 : 0) + 2 * (x->n_claims - 1) + unverified;
    }
    sort_questions(j->mem, j->qs.items, j->qs.n);
    /* the caller's from here (not copied: there may be a question or more
     * per claim, and this is the check's last and largest allocation) */
    if (n > 0) *out = kj_realloc(j->mem, j->qs.items, sizeof(kj_question) * (size_t)n);
    else kj_free(j->qs.items);
    kj_arena_adopt(arena, &j->arena);
    kj_free(j);
    return n;
}

const char *kj_question_text(const kj_case *c, const kj_question *q, char buf[KJ_QUESTION_MAX])
{
    return fill(c, q->claims[0], q->of->tmpl, buf);
}

void kj_questions_render_text(const kj_case *c, const kj_question *q, int n, int limit, int brief, FILE *out)
{
    int shown = limit >= 0 && limit < n ? limit : n;
    for (int i = 0; i < shown; i++) {
        const kj_question *x = &q[i];
        char text[KJ_QUESTION_MAX];
        fprintf(out, "  %d. %s\n", i + 1, kj_question_text(c, x, text));
        if (brief) {
            fprintf(out, "     [checks: %s%s%s]\n", x->of->record, x->tested_by >= 0 ? "; the case holds " : "",
                    x->tested_by >= 0 ? c->stmts[x->tested_by].id : "");
            continue;
        }
        fprintf(out, "     about:");
        for (int k = 0; k < x->n_claims; k++)
            fprintf(out, "%s claim '%s' (line %d)", k ? "," : "", c->stmts[x->claims[k]].id, c->stmts[x->claims[k]].span.line);
        fprintf(out, "%s\n", x->contradicted ? " — already contradicted" : "");
        fprintf(out, "     pins down: %s; verified by: %s\n", x->of->detail, x->of->record);
        if (x->tested_by >= 0)
            fprintf(out, "     the case can test the answer: %s '%s' (line %d)\n", kj_stmt_kind_name(c->stmts[x->tested_by].kind),
                    c->stmts[x->tested_by].id, c->stmts[x->tested_by].span.line);
        else
            fprintf(out, "     the case holds no record that would test the answer yet\n");
        fprintf(out, "     rank: %d (rule '%s')\n", x->score, x->of->rule);
    }
}
