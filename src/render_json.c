/* render_json — a report as JSON (schema in docs/json.md), built with
 * jansson; keys keep insertion order, so output is deterministic. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "questions.h"
#include "report.h"
#include "stmt.h"
#include "strain.h"

/* ---- values that never go missing ------------------------------------------ */

/* jansson could not make a value, or keep one in its object or array:
 * memory ran out.  The rendering fails; a value left out would make a
 * report that says less than the check found and reads as whole (a
 * conflict gone from "conflicts", a step from a proof). */
static _Noreturn void out_of_memory(kj_arena *a)
{
    kj_mem_fail(a->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
}

static json_t *made(kj_arena *a, json_t *v)
{
    if (!v) out_of_memory(a);
    return v;
}

/* o[key] = v, v taken (jansson frees it when it cannot keep it); returns
 * v, now o's.  A value goes into its parent as soon as it is made, so
 * that the tree of one item is one allocation to free if the call fails
 * (new_tree). */
static json_t *put(kj_arena *a, json_t *o, const char *key, json_t *v)
{
    if (!v || json_object_set_new(o, key, v) != 0) out_of_memory(a);
    return v;
}

/* Appends v to arr, as put. */
static json_t *append(kj_arena *a, json_t *arr, json_t *v)
{
    if (!v || json_array_append_new(arr, v) != 0) out_of_memory(a);
    return v;
}

static json_t *integer(kj_arena *a, json_int_t n) { return made(a, json_integer(n)); }

static int is_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    for (int n; p < end; p += n)
        if (!(n = kj_utf8_len(p, end))) return 0;
    return 1;
}

/* A string of the report.  One that is not UTF-8, which a JSON string
 * cannot hold (a file name as the user gave it, or a sentence that cites
 * one), as it is shown, with its bad bytes as \xff (escape.c).  Any other
 * string jansson cannot make is memory running out. */
static json_t *text(kj_arena *a, const char *s)
{
    if (!s) kj_bug(a->mem, "a string of the JSON report is missing");
    json_t *v = json_string(s);
    if (!v && !is_utf8(s)) v = json_string(kj_escaped(a, s));
    return made(a, v);
}

static void free_json(void *v) { json_decref(v); }

/* A new object: the root of one item's tree, freed if the call fails
 * before put_value writes it (*held: the note that says so). */
static json_t *new_tree(kj_arena *a, kj_mem_cleanup **held)
{
    json_t *o = made(a, json_object());
    *held = kj_mem_on_failure(a->mem, free_json, o);
    return o;
}

/* ---- the report's values --------------------------------------------------- */

/* Fills o with proof p: a leaf's margin and steps, or a node's reason, its
 * margin and one proof per possibility (docs/json.md). */
static void proof_json(kj_arena *a, const kj_network *net, const kj_proof *p, json_t *o)
{
    if (p->disj < 0) {
        put(a, o, "margin_seconds", integer(a, -p->weight));
        json_t *steps = put(a, o, "steps", made(a, json_array()));
        for (int i = 0; i < p->n_edges; i++) {
            if (i && !strcmp(kj_say_text(net, p->edges[i]->say, a), kj_say_text(net, p->edges[i - 1]->say, a))) continue;
            append(a, steps, text(a, kj_say_text(net, p->edges[i]->say, a)));
        }
        return;
    }
    const kj_disj *d = &net->disjs.items[p->disj];
    put(a, o, "because", text(a, kj_say_text(net, d->say, a)));
    put(a, o, "margin_seconds", integer(a, kj_proof_margin(p)));
    json_t *alts = put(a, o, "one_of", made(a, json_array()));
    for (int i = 0; i < p->n_kids; i++) {
        json_t *alt = append(a, alts, made(a, json_object()));
        proof_json(a, net, p->kids[i], alt);
        put(a, alt, "case", text(a, kj_say_text(net, net->alts.items[d->first_alt + i].say, a)));
    }
}

/* Statements a proof's cycles rest on (sorted, unique), appended to v. */
static void proof_stmts(const kj_network *net, const kj_proof *p, int *v, int *n, int cap)
{
    if (p->disj >= 0) {
        for (int k = 0; k < p->n_kids; k++) proof_stmts(net, p->kids[k], v, n, cap);
        return;
    }
    for (int i = 0; i < p->n_edges; i++) {
        const kj_prov *pr = &net->provs.items[p->edges[i]->prov];
        for (int k = 0; k < pr->n; k++) {
            int j = 0;
            while (j < *n && v[j] != pr->stmts[k]) j++;
            if (j == *n && *n < cap) v[(*n)++] = pr->stmts[k];
        }
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A file name as the user gave it; one that is not UTF-8 as it is shown
 * (text). */
static json_t *file_json(const kj_case *c, kj_arena *a, int file) { return text(a, c->files[file].path); }

/* Fills so with statement i; cites: the report's numbering of sources. */
static void stmt_json(const kj_case *c, kj_arena *a, const kj_cites *cites, int i, json_t *so)
{
    const kj_stmt *s = &c->stmts[i];
    put(a, so, "id", text(a, s->id));
    put(a, so, "file", file_json(c, a, s->span.file));
    put(a, so, "line", integer(a, s->span.line));
    /* an imported row: the SHA-256 of the file it is in, whole */
    if (c->files[s->span.file].sha256) put(a, so, "sha256", text(a, c->files[s->span.file].sha256));
    put(a, so, "role", text(a, kj_role_name(s->role)));
    if (s->source.idx >= 0) put(a, so, "source", text(a, c->stmts[s->source.idx].id));
    int n = kj_cite_number(c, cites, s); /* its own source, or its testimony's or register's */
    if (n) put(a, so, "cites", integer(a, n));
}

/* A conflict under every alternative of a "one of" place: one branch per
 * place, each with its own statements and margin (issue: alternatives),
 * put in o as "branches"; nothing for any other conflict. */
static void branches_json(const kj_case *c, kj_arena *ar, const kj_report *r, const kj_conflict *cf, json_t *o)
{
    const kj_network *net = r->net;
    const kj_proof *p = cf->proof;
    if (!p || p->disj < 0) return;
    const kj_disj *d = &net->disjs.items[p->disj];
    if (net->alts.items[d->first_alt].branch < 0) return;
    json_t *arr = put(ar, o, "branches", made(ar, json_array()));
    for (int b = 0;; b++) {
        int any = 0, n = 0, cap = 256, place = -1;
        int v[256];
        int64_t margin = INT64_MAX;
        for (int a = 0; a < p->n_kids; a++) {
            const kj_alt *alt = &net->alts.items[d->first_alt + a];
            if (alt->branch != b) continue;
            any = 1;
            place = alt->branch_place;
            int64_t m = kj_proof_margin(p->kids[a]);
            if (m < margin) margin = m;
            proof_stmts(net, p->kids[a], v, &n, cap);
        }
        if (!any) break;
        /* the claim, its assumptions and the "one of" place belong to every branch */
        for (int k = 0; k < cf->n; k++) {
            const kj_stmt *s = &c->stmts[cf->stmts[k]];
            if (s->kind != ST_CLAIM && s->kind != ST_ASSUME && !(s->kind == ST_PLACE && s->place->n_alts)) continue;
            int j = 0;
            while (j < n && v[j] != cf->stmts[k]) j++;
            if (j == n && n < cap) v[n++] = cf->stmts[k];
        }
        qsort(v, (size_t)n, sizeof(int), cmp_int);
        json_t *br = append(ar, arr, made(ar, json_object()));
        put(ar, br, "kind", text(ar, kj_conflict_kind_name(cf->kind)));
        put(ar, br, "place", text(ar, place >= 0 ? c->stmts[place].id : ""));
        put(ar, br, "margin_seconds", integer(ar, margin));
        json_t *st = put(ar, br, "statements", made(ar, json_array()));
        for (int k = 0; k < n; k++) stmt_json(c, ar, &r->cites, v[k], append(ar, st, made(ar, json_object())));
    }
}

/* Fills arr with what a conflict takes on trust (docs/json.md). */
static void assumptions_json(const kj_case *c, kj_arena *ar, const kj_network *net, const kj_conflict *cf, json_t *arr)
{
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *s = &c->stmts[cf->stmts[i]];
        /* (never cut: kj_arena_printf sizes the string) */
        if (s->kind == ST_ASSUME)
            append(ar, arr, text(ar, kj_arena_printf(ar, "assumption '%s'%s%s%s%s", s->id,
                                                     s->assume->thing.name && !s->assume->hypothetical ? ": " : "",
                                                     s->assume->thing.name && !s->assume->hypothetical ? kj_custody_text(c, ar, s) : "",
                                                     s->label ? ": " : "", s->label ? s->label : "")));
        else if (s->kind == ST_MODE && s->basis)
            append(ar, arr, text(ar, kj_arena_printf(ar, "mode '%s' at most %.0f km/h: assumption: %s", s->id,
                                                     s->mode->max_mps * 3.6, s->basis)));
        else if (s->kind == ST_PLACE && s->place->located && (s->place->radius_m > 0 || s->place->city))
            append(ar, arr, text(ar, kj_place_premise(c, ar, net, cf, s)));
    }
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *s = &c->stmts[cf->stmts[i]];
        const char *rd[KJ_STMT_READINGS];
        kj_stmt_readings(s, rd);
        for (int k = 0; k < KJ_STMT_READINGS; k++)
            if (rd[k])
                append(ar, arr, text(ar, rd[k]));
    }
}

static void question_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *o)
{
    const kj_question *q = &r->questions[i];
    put(a, o, "rank", integer(a, i + 1));
    char buf[KJ_QUESTION_MAX];
    put(a, o, "question", text(a, kj_question_text(c, q, buf)));
    json_t *cl = put(a, o, "claims", made(a, json_array()));
    for (int k = 0; k < q->n_claims; k++) append(a, cl, text(a, c->stmts[q->claims[k]].id));
    put(a, o, "detail", text(a, q->of->detail));
    put(a, o, "record", text(a, q->of->record));
    put(a, o, "tested_by", q->tested_by >= 0 ? text(a, c->stmts[q->tested_by].id) : made(a, json_null()));
    put(a, o, "contradicted", made(a, json_boolean(q->contradicted)));
    put(a, o, "score", integer(a, q->score));
    put(a, o, "rule", text(a, q->of->rule));
}

static void conflict_fill(const kj_case *c, const kj_report *r, kj_arena *a, const kj_conflict *cf, json_t *o);

/* A conflict alike others (report.h) but not their tightest: "alike", the
 * 1-based place of the tightest in its array, which a report shows for
 * them all. */
static void alike_json(kj_arena *a, const kj_alike *al, int i, json_t *o)
{
    int t = al->tightest[al->lead[i]];
    if (t != i) put(a, o, "alike", integer(a, t + 1));
}

static void conflict_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *o)
{
    conflict_fill(c, r, a, &r->conflicts[i], o);
    alike_json(a, &r->alike, i, o);
}

/* A finding: a conflict object whose kind is "device", the kind of its
 * conflict as "conflict_kind", and why it is no contradiction. */
static void finding_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *o)
{
    const kj_conflict *cf = &r->findings[i];
    conflict_fill(c, r->findings_of, a, cf, o);
    put(a, o, "kind", text(a, "device"));
    put(a, o, "conflict_kind", text(a, kj_conflict_kind_name(cf->kind)));
    put(a, o, "why_not_a_contradiction", text(a, kj_finding_why(c, a, r->findings_of->net, cf)));
    put(a, o, "hypothesis", text(a, kj_finding_if(c, a, r->findings_of->net, cf)));
    alike_json(a, &r->findings_alike, i, o);
}

static void conflict_fill(const kj_case *c, const kj_report *r, kj_arena *a, const kj_conflict *cf, json_t *o)
{
    const kj_stmt *cl = &c->stmts[cf->claim];
    put(a, o, "kind", text(a, kj_conflict_kind_name(cf->kind)));
    put(a, o, "claim", text(a, cl->id));
    put(a, o, "file", file_json(c, a, cl->span.file));
    put(a, o, "line", integer(a, cl->span.line));
    put(a, o, "column", integer(a, cl->span.col));
    put(a, o, "margin_seconds", integer(a, cf->margin_s));
    static const char *const parts[] = {"account", "records", "travel"};
    json_t *mm = put(a, o, "margin_measures", made(a, json_array()));
    unsigned mp = kj_margin_parts(c, r->net, cf);
    for (int k = 0; k < 3; k++)
        if ((mp >> k) & 1) append(a, mm, text(a, parts[k]));
    put(a, o, "explanation", text(a, kj_say_text(r->net, cf->proof->disj >= 0 ? r->net->disjs.items[cf->proof->disj].say
                                                                              : cf->proof->edges[0]->say, a)));
    json_t *st = put(a, o, "statements", made(a, json_array()));
    for (int k = 0; k < cf->n; k++) stmt_json(c, a, &r->cites, cf->stmts[k], append(a, st, made(a, json_object())));
    branches_json(c, a, r, cf, o);
    assumptions_json(c, a, r->net, cf, put(a, o, "assumptions", made(a, json_array())));
    proof_json(a, r->net, cf->proof, put(a, o, "proof", made(a, json_object())));
}

void kj_conflict_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, int finding, json_t *o)
{
    if (finding) finding_json(c, r, a, i, o);
    else conflict_json(c, r, a, i, o);
}

/* A verdict for each claim, and for no other statement. */
static int is_claim(const kj_case *c, const kj_report *r, int i)
{
    (void)r;
    return c->stmts[i].kind == ST_CLAIM;
}

/* "2024-03-14T22:40:00Z". */
static json_t *utc_json(kj_arena *a, int64_t t)
{
    int64_t days = kj_day_of(t), s = t - days * 86400;
    int y, m, d;
    kj_civil_from_days(days, &y, &m, &d);
    return text(a, kj_arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(s / 3600), (int)(s / 60 % 60),
                                   (int)(s % 60)));
}

/* One end of a leg. */
static void leg_end_json(const kj_case *c, kj_arena *a, int stmt, int place, int via, int64_t t, const char *when,
                         json_t *o)
{
    put(a, o, "statement", text(a, c->stmts[stmt].id));
    put(a, o, "place", text(a, c->stmts[place].id));
    if (via >= 0) put(a, o, "custody", text(a, c->stmts[via].id));
    if (t < KJ_INF) put(a, o, when, utc_json(a, t));
}

/* What a claim's tightest leg needs (strain.h). */
static void needs_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *v)
{
    if (!r->strain || r->strain[i].leg < 0) return;
    const kj_leg *l = &r->legs[r->strain[i].leg];
    const kj_strain *st = &r->strain[i];
    json_t *o = put(a, v, "needs", made(a, json_object()));
    put(a, o, "person", text(a, c->stmts[l->person].id));
    leg_end_json(c, a, l->first, l->first_place, l->first_via, l->t0, "ends_utc",
                 put(a, o, "from", made(a, json_object())));
    leg_end_json(c, a, l->second, l->second_place, l->second_via, l->t1, "begins_utc",
                 put(a, o, "to", made(a, json_object())));
    put(a, o, "metres", integer(a, (json_int_t)floor(l->m)));
    put(a, o, "seconds", integer(a, l->s));
    if (l->s > 0) put(a, o, "kmh", integer(a, (json_int_t)floor(kj_leg_mps(l) * 3.6)));
    json_t *named = put(a, o, "named_classes", made(a, json_array()));
    for (int k = 0; k < st->n_named; k++) append(a, named, text(a, st->named[k]));
    put(a, o, "named_kmh", integer(a, (json_int_t)floor(st->named_mps * 3.6)));
    if (r->verdicts[i] == V_STRAINED) {
        json_t *by = put(a, o, "possible_only_by", made(a, json_array()));
        for (int k = 0; k < st->n_classes; k++) append(a, by, text(a, st->classes[k]));
    }
}

static void verdict_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *v)
{
    put(a, v, "claim", text(a, c->stmts[i].id));
    put(a, v, "verdict", text(a, kj_verdict_name(r->verdicts[i])));
    if (r->correction && r->correction[i]) put(a, v, "correction", text(a, r->correction[i]));
    if (r->n_fixes && r->n_fixes[i]) {
        json_t *fx = put(a, v, "correction_edits", made(a, json_array()));
        for (int k = 0; k < r->n_fixes[i]; k++) {
            const kj_fix *f = &r->fixes[i][k];
            json_t *o = append(a, fx, made(a, json_object()));
            put(a, o, "file", file_json(c, a, f->file));
            put(a, o, "line", integer(a, f->line));
            put(a, o, "column", integer(a, f->col));
            put(a, o, "length", integer(a, f->len));
            put(a, o, "replacement", text(a, f->text));
        }
    }
    if (r->corroborated_by[i] >= 0) put(a, v, "corroborated_by", text(a, c->stmts[r->corroborated_by[i]].id));
    needs_json(c, r, a, i, v);
}

/* A local day as ISO 8601: "2024-03-14". */
static json_t *day_json(kj_arena *a, int64_t day)
{
    int y, m, d;
    kj_civil_from_days(day, &y, &m, &d);
    return text(a, kj_arena_printf(a, "%04d-%02d-%02d", y, m, d));
}

/* A weekday written with a date it does not fall on, both readings of it
 * (resolve.c; docs/json.md, "notes"). */
static void note_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *o)
{
    (void)r;
    const kj_weekday_note *n = &c->weekday_notes[i];
    const kj_stmt *s = &c->stmts[n->stmt];
    put(a, o, "kind", text(a, "weekday"));
    put(a, o, "id", s->id ? text(a, s->id) : made(a, json_null()));
    put(a, o, "role", text(a, kj_role_name(s->role)));
    put(a, o, "file", file_json(c, a, n->at.file));
    put(a, o, "line", integer(a, n->at.line));
    put(a, o, "column", integer(a, n->at.col));
    put(a, o, "time", text(a, n->time));
    put(a, o, "weekday", text(a, kj_weekday_name(n->slip.weekday)));
    put(a, o, "date", day_json(a, n->slip.date_day));
    put(a, o, "date_weekday", text(a, kj_weekday_name(n->slip.date_weekday)));
    put(a, o, "weekday_date", day_json(a, n->slip.weekday_day));
    if (n->slip.old_style) put(a, o, "old_style_date", day_json(a, n->slip.old_style_day));
    put(a, o, "message", text(a, n->message));
}

/* ---- the document ----------------------------------------------------------- */

/* The document is written a value at a time, as json_dumpf with
 * JSON_INDENT(2) would write it whole: a big case's conflicts, verdicts
 * and questions built at once as a tree took three times the memory of
 * the check itself.  A value goes straight to out through dump_bytes,
 * never through json_dumps: jansson's dump ignores the failure to write
 * an object's key (dump.c, do_dump), so that json_dumps, short of memory
 * for its buffer, returns a document with a key missing ("claim":
 * "flight" written as ": "flight"), found by tests/unit/
 * test_render_faults.c.  out is the report gathered in memory: a write
 * that fails leaves it in error (ferror), whatever jansson makes of it. */
typedef struct dump_to {
    FILE *out;
    int depth; /* the lines after a value's first are indented by 2 * depth spaces */
} dump_to;

static int dump_bytes(const char *buf, size_t size, void *data)
{
    const dump_to *to = data;
    for (const char *p = buf, *end = buf + size, *nl; p < end; p = nl + 1) {
        /* (strings hold no raw newline: JSON escapes them) */
        if (!(nl = memchr(p, '\n', (size_t)(end - p)))) {
            fwrite(p, 1, (size_t)(end - p), to->out);
            break;
        }
        fwrite(p, 1, (size_t)(nl - p) + 1, to->out);
        fprintf(to->out, "%*s", 2 * to->depth, "");
    }
    return ferror(to->out) ? -1 : 0;
}

/* Writes v (and frees it, and forgets the note `held` of new_tree, if
 * any) as it appears at `depth`. */
static void put_value(FILE *out, kj_arena *a, json_t *v, kj_mem_cleanup *held, int depth)
{
    dump_to to = {.out = out, .depth = depth};
    int rc = json_dump_callback(v, dump_bytes, &to, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    kj_mem_forget(a->mem, held);
    json_decref(v);
    if (rc != 0 || ferror(out)) out_of_memory(a);
}

typedef int item_wanted(const kj_case *c, const kj_report *r, int i);
typedef void item_filler(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *o);

/* The array of one object per i in [0, n) (those `wanted` says, or every
 * one when wanted is NULL), each filled by fill(c, r, a, i, o), at depth. */
static void put_array(FILE *out, const kj_case *c, const kj_report *r, kj_arena *a, int n, int depth,
                      item_wanted *wanted, item_filler *fill)
{
    int any = 0;
    for (int i = 0; i < n; i++) {
        if (wanted && !wanted(c, r, i)) continue;
        kj_mem_cleanup *held;
        json_t *o = new_tree(a, &held);
        fill(c, r, a, i, o);
        fprintf(out, "%s\n%*s", any ? "," : "[", 2 * (depth + 1), "");
        put_value(out, a, o, held, depth + 1);
        any = 1;
    }
    if (any) fprintf(out, "\n%*s]", 2 * depth, "");
    else fputs("[]", out);
}

/* The source numbered i + 1 (kj_cites): its id, citation, address and
 * where the case gives it. */
static void source_json(const kj_case *c, const kj_report *r, kj_arena *a, int i, json_t *o)
{
    const kj_stmt *s = &c->stmts[r->cites.stmt[i]];
    put(a, o, "number", integer(a, i + 1));
    put(a, o, "id", text(a, s->id));
    put(a, o, "citation", text(a, s->label ? s->label : ""));
    if (s->cite && s->cite->url) put(a, o, "url", text(a, s->cite->url));
    put(a, o, "file", file_json(c, a, s->span.file));
    put(a, o, "line", integer(a, s->span.line));
}

static int render_questions_json(const kj_case *c, const kj_report *r, kj_arena *a, FILE *out)
{
    fputs("{\n  \"questions\": ", out);
    put_array(out, c, r, a, r->n_questions, 1, NULL, question_json);
    fputs("\n}\n", out);
    return ferror(out) ? -1 : 0;
}

static int render_json(const kj_case *c, const kj_report *r, kj_arena *a, FILE *out)
{
    fputs("{\n  \"conflicts\": ", out);
    put_array(out, c, r, a, r->n_conflicts, 1, NULL, conflict_json);
    fputs(",\n  \"findings\": ", out);
    put_array(out, c, r, a, r->n_findings, 1, NULL, finding_json);
    fputs(",\n  \"notes\": ", out);
    put_array(out, c, r, a, c->n_weekday_notes, 1, NULL, note_json);
    fputs(",\n  \"verdicts\": ", out);
    put_array(out, c, r, a, c->n_stmts, 1, is_claim, verdict_json);
    fputs(",\n  \"questions\": ", out);
    put_array(out, c, r, a, r->n_questions, 1, NULL, question_json);
    fputs(",\n  \"sources\": ", out);
    put_array(out, c, r, a, r->cites.n, 1, NULL, source_json);
    fputs(",\n  \"status\": ", out);
    put_value(out, a, text(a, r->n_conflicts ? "contradictions" : r->undecided ? "undecided" : "consistent"), NULL, 1);
    fputs(",\n  \"complete\": ", out);
    put_value(out, a, made(a, json_boolean(!r->incomplete && !r->undecided)), NULL, 1);
    if (r->findings_of) {
        fputs(",\n  \"findings_complete\": ", out);
        put_value(out, a, made(a, json_boolean(!r->findings_of->incomplete && !r->findings_of->undecided)), NULL, 1);
    }
    /* the zone data every local time was read under (docs/time-zones.md) */
    char icu[32], sys[32];
    kj_mem_cleanup *held;
    json_t *tz = new_tree(a, &held);
    put(a, tz, "icu", text(a, kj_tz_data_version(icu, sizeof icu)));
    put(a, tz, "system", text(a, kj_tz_system_data_version(sys, sizeof sys)));
    fputs(",\n  \"tz_data\": ", out);
    put_value(out, a, tz, held, 1);
    fputs("\n}\n", out);
    return ferror(out) ? -1 : 0;
}

/* Each rendering is a call of its own (mem.h): its sentences in an arena
 * that goes with it; if memory runs out, -1 with errno ENOMEM.  The
 * document is written to out only when whole: a rendering that fails
 * writes nothing. */
static int render_here(const kj_case *c, const kj_report *r, FILE *out,
                       int (*render)(const kj_case *, const kj_report *, kj_arena *, FILE *))
{
    kj_safe_out so;
    kj_mem mem;
    jmp_buf landing;
    FILE *json = kj_safe_begin(&so, out, KJ_WRITE_AS_IS);
    if (!json) return -1;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) {
        kj_mem_release(&mem);
        kj_safe_discard(&so);
        errno = ENOMEM;
        return -1;
    }
    kj_arena a = KJ_ARENA(&mem);
    int rc = render(c, r, &a, json);
    kj_arena_free(&a);
    kj_mem_keep(&mem);
    return kj_safe_end(&so, rc);
}

/* ... in the C locale (kj_c_locale_enter): numbers with a point. */
static int render_call(const kj_case *c, const kj_report *r, FILE *out,
                       int (*render)(const kj_case *, const kj_report *, kj_arena *, FILE *))
{
    locale_t saved;
    if (kj_c_locale_enter(&saved) != 0) return -1;
    int rc = render_here(c, r, out, render);
    kj_c_locale_leave(saved);
    return rc;
}

int kj_render_json(const kj_case *c, const kj_report *r, FILE *out) { return render_call(c, r, out, render_json); }

int kj_render_questions_json(const kj_case *c, const kj_report *r, FILE *out)
{
    return render_call(c, r, out, render_questions_json);
}
