/* render_json — a report as JSON (schema in docs/json.md), built with
 * jansson; keys keep insertion order, so output is deterministic. */
#include <errno.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "questions.h"
#include "report.h"
#include "stmt.h"

static json_t *proof_json(const kj_case *c, kj_arena *a, const kj_network *net, const kj_proof *p)
{
    json_t *o = json_object();
    if (p->disj < 0) {
        json_object_set_new(o, "margin_seconds", json_integer(-p->weight));
        json_t *steps = json_array();
        for (int i = 0; i < p->n_edges; i++) {
            if (i && !strcmp(kj_say_text(net, p->edges[i]->say, a), kj_say_text(net, p->edges[i - 1]->say, a))) continue;
            json_array_append_new(steps, json_string(kj_say_text(net, p->edges[i]->say, a)));
        }
        json_object_set_new(o, "steps", steps);
        return o;
    }
    const kj_disj *d = &net->disjs.items[p->disj];
    json_object_set_new(o, "because", json_string(kj_say_text(net, d->say, a)));
    json_object_set_new(o, "margin_seconds", json_integer(kj_proof_margin(p)));
    json_t *alts = json_array();
    for (int i = 0; i < p->n_kids; i++) {
        json_t *alt = proof_json(c, a, net, p->kids[i]);
        json_object_set_new(alt, "case", json_string(kj_say_text(net, net->alts.items[d->first_alt + i].say, a)));
        json_array_append_new(alts, alt);
    }
    json_object_set_new(o, "one_of", alts);
    return o;
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

/* A file name as the user gave it; one that is not UTF-8 (which a JSON
 * string cannot hold) as it is shown, with its bad bytes as \xff. */
static json_t *file_json(const kj_case *c, int file)
{
    json_t *v = json_string(c->files[file].path);
    return v ? v : json_string(c->files[file].shown);
}

static json_t *stmt_json(const kj_case *c, int i)
{
    const kj_stmt *s = &c->stmts[i];
    json_t *so = json_object();
    json_object_set_new(so, "id", json_string(s->id));
    json_object_set_new(so, "file", file_json(c, s->span.file));
    json_object_set_new(so, "line", json_integer(s->span.line));
    json_object_set_new(so, "role", json_string(kj_role_name(s->role)));
    if (s->source.idx >= 0) json_object_set_new(so, "source", json_string(c->stmts[s->source.idx].id));
    return so;
}

/* A conflict under every alternative of a "one of" place: one branch per
 * place, each with its own statements and margin (issue: alternatives). */
static json_t *branches_json(const kj_case *c, const kj_network *net, const kj_conflict *cf)
{
    const kj_proof *p = cf->proof;
    if (!p || p->disj < 0) return NULL;
    const kj_disj *d = &net->disjs.items[p->disj];
    if (net->alts.items[d->first_alt].branch < 0) return NULL;
    json_t *arr = json_array();
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
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(kj_conflict_kind_name(cf->kind)));
        json_object_set_new(o, "place", json_string(place >= 0 ? c->stmts[place].id : ""));
        json_object_set_new(o, "margin_seconds", json_integer(margin));
        json_t *st = json_array();
        for (int k = 0; k < n; k++) json_array_append_new(st, stmt_json(c, v[k]));
        json_object_set_new(o, "statements", st);
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *assumptions_json(const kj_case *c, kj_arena *ar, const kj_network *net, const kj_conflict *cf)
{
    json_t *a = json_array();
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *s = &c->stmts[cf->stmts[i]];
        /* (never cut: json_sprintf sizes the string) */
        if (s->kind == ST_ASSUME)
            json_array_append_new(a, json_sprintf("assumption '%s'%s%s", s->id, s->label ? ": " : "", s->label ? s->label : ""));
        else if (s->kind == ST_MODE && s->basis)
            json_array_append_new(a, json_sprintf("mode '%s' at most %.0f km/h: assumption: %s", s->id, s->mode->max_mps * 3.6, s->basis));
        else if (s->kind == ST_PLACE && s->place->located && s->place->radius_m > 0) {
            json_array_append_new(a, json_string(kj_place_premise(c, ar, net, cf, s)));
        }
    }
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *s = &c->stmts[cf->stmts[i]];
        const char *rd[KJ_STMT_READINGS];
        kj_stmt_readings(s, rd);
        for (int k = 0; k < KJ_STMT_READINGS; k++)
            if (rd[k])
                json_array_append_new(a, json_string(rd[k]));
    }
    return a;
}

static json_t *question_json(const kj_case *c, const kj_report *r, kj_arena *a, int i)
{
    (void)a;
    const kj_question *q = &r->questions[i];
    json_t *o = json_object();
    json_object_set_new(o, "rank", json_integer(i + 1));
    char text[KJ_QUESTION_MAX];
    json_object_set_new(o, "question", json_string(kj_question_text(c, q, text)));
    json_t *cl = json_array();
    for (int k = 0; k < q->n_claims; k++) json_array_append_new(cl, json_string(c->stmts[q->claims[k]].id));
    json_object_set_new(o, "claims", cl);
    json_object_set_new(o, "detail", json_string(q->of->detail));
    json_object_set_new(o, "record", json_string(q->of->record));
    json_object_set_new(o, "tested_by", q->tested_by >= 0 ? json_string(c->stmts[q->tested_by].id) : json_null());
    json_object_set_new(o, "contradicted", json_boolean(q->contradicted));
    json_object_set_new(o, "score", json_integer(q->score));
    json_object_set_new(o, "rule", json_string(q->of->rule));
    return o;
}

static json_t *conflict_json(const kj_case *c, const kj_report *r, kj_arena *a, int i)
{
    const kj_conflict *cf = &r->conflicts[i];
    json_t *o = json_object();
    const kj_stmt *cl = &c->stmts[cf->claim];
    json_object_set_new(o, "kind", json_string(kj_conflict_kind_name(cf->kind)));
    json_object_set_new(o, "claim", json_string(cl->id));
    json_object_set_new(o, "file", file_json(c, cl->span.file));
    json_object_set_new(o, "line", json_integer(cl->span.line));
    json_object_set_new(o, "column", json_integer(cl->span.col));
    json_object_set_new(o, "margin_seconds", json_integer(cf->margin_s));
    json_t *proof = proof_json(c, a, r->net, cf->proof);
    json_object_set_new(o, "explanation", json_string(kj_say_text(r->net, cf->proof->disj >= 0 ? r->net->disjs.items[cf->proof->disj].say
                                                                                 : cf->proof->edges[0]->say, a)));
    json_t *st = json_array();
    for (int k = 0; k < cf->n; k++) json_array_append_new(st, stmt_json(c, cf->stmts[k]));
    json_object_set_new(o, "statements", st);
    json_t *branches = branches_json(c, r->net, cf);
    if (branches) json_object_set_new(o, "branches", branches);
    json_object_set_new(o, "assumptions", assumptions_json(c, a, r->net, cf));
    json_object_set_new(o, "proof", proof);
    return o;
}

/* A claim's verdict, or NULL for another statement. */
static json_t *verdict_json(const kj_case *c, const kj_report *r, kj_arena *a, int i)
{
    (void)a;
    if (c->stmts[i].kind != ST_CLAIM) return NULL;
    json_t *v = json_object();
    json_object_set_new(v, "claim", json_string(c->stmts[i].id));
    json_object_set_new(v, "verdict", json_string(kj_verdict_name(r->verdicts[i])));
    if (r->correction && r->correction[i])
        json_object_set_new(v, "correction", json_string(r->correction[i]));
    if (r->corroborated_by[i] >= 0)
        json_object_set_new(v, "corroborated_by", json_string(c->stmts[r->corroborated_by[i]].id));
    return v;
}

/* The document is written a value at a time, as json_dumpf with
 * JSON_INDENT(2) would write it whole: a big case's conflicts, verdicts
 * and questions built at once as a tree took three times the memory of
 * the check itself.  Writes v (and frees it) as it appears at `depth`:
 * the lines after its first indented by 2 * depth spaces (strings hold no
 * raw newline: JSON escapes them). */
static int put_value(FILE *out, json_t *v, int depth)
{
    char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
    json_decref(v);
    if (!s) return -1;
    for (const char *p = s, *nl; *p; p = nl + 1) {
        if (!(nl = strchr(p, '\n'))) {
            fputs(p, out);
            break;
        }
        fwrite(p, 1, (size_t)(nl - p) + 1, out);
        fprintf(out, "%*s", 2 * depth, "");
    }
    free(s);
    return 0;
}

/* The array of item(c, r, i) for i in [0, n) (NULL: left out), at depth. */
static int put_array(FILE *out, const kj_case *c, const kj_report *r, kj_arena *a, int n, int depth,
                     json_t *(*item)(const kj_case *, const kj_report *, kj_arena *, int))
{
    int any = 0, rc = 0;
    for (int i = 0; i < n; i++) {
        json_t *v = item(c, r, a, i);
        if (!v) continue;
        fprintf(out, "%s\n%*s", any ? "," : "[", 2 * (depth + 1), "");
        rc |= put_value(out, v, depth + 1);
        any = 1;
    }
    if (any) fprintf(out, "\n%*s]", 2 * depth, "");
    else fputs("[]", out);
    return rc;
}

static int render_questions_json(const kj_case *c, const kj_report *r, kj_arena *a, FILE *out)
{
    fputs("{\n  \"questions\": ", out);
    int rc = put_array(out, c, r, a, r->n_questions, 1, question_json);
    fputs("\n}\n", out);
    return rc == 0 && !ferror(out) ? 0 : -1;
}

static int render_json(const kj_case *c, const kj_report *r, kj_arena *a, FILE *out)
{
    int rc = 0;
    fputs("{\n  \"conflicts\": ", out);
    rc |= put_array(out, c, r, a, r->n_conflicts, 1, conflict_json);
    fputs(",\n  \"verdicts\": ", out);
    rc |= put_array(out, c, r, a, c->n_stmts, 1, verdict_json);
    fputs(",\n  \"questions\": ", out);
    rc |= put_array(out, c, r, a, r->n_questions, 1, question_json);
    fputs(",\n  \"status\": ", out);
    rc |= put_value(out, json_string(r->n_conflicts ? "contradictions" : r->undecided ? "undecided" : "consistent"), 1);
    fputs(",\n  \"complete\": ", out);
    rc |= put_value(out, json_boolean(!r->incomplete && !r->undecided), 1);
    /* the zone data every local time was read under (docs/time-zones.md) */
    char icu[32], sys[32];
    json_t *tz = json_object();
    json_object_set_new(tz, "icu", json_string(kj_tz_data_version(icu, sizeof icu)));
    json_object_set_new(tz, "system", json_string(kj_tz_system_data_version(sys, sizeof sys)));
    fputs(",\n  \"tz_data\": ", out);
    rc |= put_value(out, tz, 1);
    fputs("\n}\n", out);
    return rc == 0 && !ferror(out) ? 0 : -1;
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
