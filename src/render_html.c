/* render_html — a report as one self-contained HTML page (docs/report.md):
 * the space-time chart (html_chart.c), the map (html_map.c), then the
 * findings as the text report gives them: each conflict with its
 * statements, proof, assumptions and margin, the verdicts and the
 * questions.  Everything is static markup and inline SVG with the styles
 * inlined; a few lines of script only light up the elements of a conflict
 * when it is clicked.  No network request, no timestamp: the same input
 * gives the same bytes. */
#include <errno.h>
#include <setjmp.h>
#include <string.h>

#include "html.h"
#include "questions.h"
#include "stmt.h"

/* ---- which conflicts each statement and place is in ------------------------- */

static void add_conflict(kj_arena *a, const char **list, int i, int k)
{
    char id[16];
    snprintf(id, sizeof id, "c%d", k + 1);
    const char *last = list[i] ? strrchr(list[i], ' ') : NULL;
    if (list[i] && !strcmp(last ? last + 1 : list[i], id)) return; /* conflicts come in order: a repeat is the last */
    list[i] = list[i] ? kj_arena_printf(a, "%s %s", list[i], id) : kj_arena_printf(a, "%s", id);
}

/* A place and what it stands for: the alternative assumed for a "one of"
 * place, an entity's place. */
static void mark_place(const kj_case *c, kj_arena *a, const char **list, int place, int k)
{
    for (int guard = 0; place >= 0 && guard < 16; guard++) {
        const kj_stmt *p = &c->stmts[place];
        if (p->kind == ST_PLACE) add_conflict(a, list, place, k);
        if (p->kind == ST_ENTITY) place = p->entity->at.idx;
        else if (p->kind == ST_PLACE && p->place->n_alts && p->place->assumed_alt >= 0) place = p->place->assumed_alt;
        else break;
    }
}

static void mark_places_of(const kj_case *c, kj_arena *a, const char **list, int i, int k)
{
    const kj_stmt *s = &c->stmts[i];
    switch (s->kind) {
    case ST_CLAIM:
        if (s->claim->claim_kind == CLAIM_TRAVEL) {
            mark_place(c, a, list, s->claim->from.idx, k);
            mark_place(c, a, list, s->claim->to.idx, k);
        } else mark_place(c, a, list, s->claim->at.idx, k);
        break;
    case ST_FACT: case ST_REGISTER: case ST_ENTITY: mark_place(c, a, list, kj_stmt_at(s)->idx, k); break;
    case ST_ENTRY: if (s->parent >= 0) mark_place(c, a, list, c->stmts[s->parent].reg->at.idx, k); break;
    case ST_PLACE: mark_place(c, a, list, i, k); break;
    default: break;
    }
}

static void index_conflicts(kj_html *h)
{
    const kj_case *c = h->c;
    size_t n = (size_t)c->n_stmts + 1;
    h->stmt_conflicts = kj_arena_alloc(h->arena, sizeof(char *) * n);
    h->place_conflicts = kj_arena_alloc(h->arena, sizeof(char *) * n);
    memset(h->stmt_conflicts, 0, sizeof(char *) * n);
    memset(h->place_conflicts, 0, sizeof(char *) * n);
    h->person_rank = kj_arena_alloc(h->arena, sizeof(int) * n);
    for (int i = 0, rank = 0; i < c->n_stmts; i++) h->person_rank[i] = c->stmts[i].kind == ST_PERSON ? rank++ : 0;
    for (int k = 0; k < h->r->n_conflicts; k++) {
        const kj_conflict *cf = &h->r->conflicts[k];
        for (int m = 0; m < cf->n; m++) {
            add_conflict(h->arena, h->stmt_conflicts, cf->stmts[m], k);
            mark_places_of(c, h->arena, h->place_conflicts, cf->stmts[m], k);
        }
    }
}

/* ---- the findings ------------------------------------------------------------ */

static void where(kj_html *h, const kj_stmt *s)
{
    const char *sha256 = h->c->files[s->span.file].sha256; /* an imported row: which export */
    fprintf(h->out, "<span class=\"where\">");
    kj_html_escape(h->out, h->c->files[s->span.file].path);
    fprintf(h->out, ":%d", s->span.line);
    if (sha256) {
        fprintf(h->out, ", sha256 <code title=\"");
        kj_html_escape(h->out, sha256);
        fprintf(h->out, "\">%.*s</code>", KJ_SHA256_CITED, sha256); /* (hex digits: records.c) */
    }
    fprintf(h->out, "</span>");
}

static void write_proof(kj_html *h, const kj_proof *p, const char *parent_why)
{
    FILE *out = h->out;
    const kj_network *net = h->r->net;
    char dur[64];
    fprintf(out, "<ul>");
    if (p->disj < 0) {
        const char *prev = NULL;
        for (int i = 0; i < p->n_edges; i++) {
            const char *why = kj_say_text(net, p->edges[i]->say, h->arena);
            if ((prev && !strcmp(prev, why)) || (parent_why && !strcmp(parent_why, why))) continue;
            fprintf(out, "<li>");
            kj_html_escape(out, why);
            fprintf(out, "</li>");
            prev = why;
        }
        kj_duration_format(-p->weight, dur, sizeof dur);
        fprintf(out, "<li class=\"short\">impossible: short by %s</li></ul>\n", dur);
        return;
    }
    const kj_disj *d = &net->disjs.items[p->disj];
    fprintf(out, "<li>");
    kj_html_escape(out, kj_say_text(net, d->say, h->arena));
    fprintf(out, "; so one of:<ul>");
    for (int i = 0; i < p->n_kids; i++) {
        fprintf(out, "<li><b>%s</b> ", i ? "or" : "either");
        kj_html_escape(out, kj_say_text(net, net->alts.items[d->first_alt + i].say, h->arena));
        fprintf(out, ":");
        write_proof(h, p->kids[i], kj_say_text(net, d->say, h->arena));
        fprintf(out, "</li>");
    }
    fprintf(out, "</ul></li></ul>\n");
}

static void write_statements(kj_html *h, const kj_conflict *cf)
{
    FILE *out = h->out;
    fprintf(out, "<h4>Rests on</h4><ul class=\"stmts\">");
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *s = &h->c->stmts[cf->stmts[i]];
        const char *src = kj_stmt_source(h->c, s);
        fprintf(out, "<li><span class=\"role\">%s</span> <code>", s->kind == ST_ENTRY ? "register entry"
                                                               : s->kind == ST_DEVICE && s->device->vehicle ? "vehicle"
                                                                                                           : kj_role_name(s->role));
        kj_html_escape(out, s->id);
        fprintf(out, "</code> ");
        where(h, s);
        if (src) { /* its number, to the list at the end; the citation on hover */
            int n = kj_cite_number(h->c, &h->r->cites, s);
            const kj_stmt *cited = &h->c->stmts[kj_stmt_source_idx(h->c, s)];
            fprintf(out, ", source <a class=\"cite\" href=\"#source-%d\" title=\"", n);
            kj_html_escape(out, cited->label ? cited->label : "");
            fprintf(out, "\">[%d]</a> <code>", n);
            kj_html_escape(out, src);
            fprintf(out, "</code>");
        } else if (s->from_data) {
            fprintf(out, ", shipped default");
        }
        /* an imported register's rows, or an entry that cannot be the claim's record: why (as the text) */
        const char *rows = h->c->files[s->span.file].sha256 && s->kind == ST_ENTRY && s->label ? s->label : NULL;
        if (!rows && s->kind == ST_ENTRY) rows = kj_entry_excluded_why(h->c, h->arena, cf, cf->stmts[i]);
        if (rows) {
            fprintf(out, ": ");
            kj_html_escape(out, rows);
        }
        fprintf(out, "</li>");
    }
    fprintf(out, "</ul>\n");
}

static void write_conflict(kj_html *h, int k, const kj_conflict *cf, int finding)
{
    FILE *out = h->out;
    const kj_stmt *cl = &h->c->stmts[cf->claim];
    char dur[64];
    kj_duration_format(cf->margin_s, dur, sizeof dur);
    if (finding)
        fprintf(out, "<article class=\"conflict finding\" id=\"f%d\" tabindex=\"0\">\n"
                     "<h3><span class=\"id\">f%d</span> <span class=\"kind\">device</span> claim <code>",
                k + 1, k + 1);
    else
        fprintf(out, "<article class=\"conflict\" id=\"c%d\" data-c=\"c%d\" tabindex=\"0\">\n"
                     "<h3><span class=\"id\">c%d</span> <span class=\"kind\">%s</span> claim <code>",
                k + 1, k + 1, k + 1, kj_conflict_kind_name(cf->kind));
    kj_html_escape(out, cl->id);
    fprintf(out, "</code> ");
    where(h, cl);
    fprintf(out, " <span class=\"margin\">margin %s</span></h3>\n<p class=\"headline\">", dur);
    if (finding) {
        kj_html_escape(out, kj_finding_if(h->c, h->arena, h->r->net, cf));
        fputs(": ", out);
    }
    kj_html_escape(out, kj_conflict_headline(h->c, h->arena, h->r, cf));
    fprintf(out, "</p>\n");
    if (finding) {
        fprintf(out, "<p class=\"finding-why\">Not a contradiction: ");
        kj_html_escape(out, kj_finding_why(h->c, h->arena, h->r->net, cf));
        fprintf(out, "</p>\n");
    }
    kj_html_focus(h, cf, kj_arena_printf(h->arena, "%c%d", finding ? 'f' : 'c', k + 1));
    write_statements(h, cf);
    fprintf(out, "<h4>Proof</h4>\n");
    write_proof(h, cf->proof, NULL);
    const char *assumed[KJ_MAX_ASSUMPTIONS];
    int n = kj_conflict_assumptions(h->c, h->arena, h->r->net, cf, assumed, KJ_MAX_ASSUMPTIONS);
    fprintf(out, "<h4>Assumes</h4><ul class=\"assumes\">");
    for (int i = 0; i < n; i++) {
        fprintf(out, "<li>");
        kj_html_escape(out, assumed[i]);
        fprintf(out, "</li>");
    }
    fprintf(out, "</ul>\n<p class=\"margin-note\">Margin: %s — ", dur);
    kj_html_escape(out, kj_margin_text(h->c, h->arena, h->r->net, cf));
    fprintf(out, ".</p>\n</article>\n");
}

static void write_verdicts(kj_html *h)
{
    FILE *out = h->out;
    const kj_case *c = h->c;
    fprintf(out, "<section id=\"verdicts\"><h2>Verdicts</h2>\n<table><tr><th>claim</th><th>where</th><th>verdict</th><th>detail</th></tr>\n");
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *s = &c->stmts[i];
        if (s->kind != ST_CLAIM) continue;
        fprintf(out, "<tr");
        kj_html_conflict_attrs(out, "verdict", h->stmt_conflicts[i]);
        fprintf(out, "><td><code>");
        kj_html_escape(out, s->id);
        fprintf(out, "</code></td><td>");
        where(h, s);
        fprintf(out, "</td><td class=\"v-%s\">%s</td><td>", kj_verdict_name(h->r->verdicts[i]), kj_verdict_name(h->r->verdicts[i]));
        if (h->r->verdicts[i] == V_CORROBORATED && h->r->corroborated_by[i] >= 0) {
            fprintf(out, "by <code>");
            kj_html_escape(out, c->stmts[h->r->corroborated_by[i]].id);
            fprintf(out, "</code>");
        }
        if (h->r->correction && h->r->correction[i]) kj_html_escape(out, h->r->correction[i]);
        const char *why = kj_strain_text(c, h->arena, h->r, i), *leg = kj_leg_text(c, h->arena, h->r, i);
        if (why) kj_html_escape(out, why);
        if (leg) {
            fprintf(out, "<div class=\"leg\">");
            kj_html_escape(out, leg);
            fprintf(out, "</div>");
        }
        fprintf(out, "</td></tr>\n");
    }
    fprintf(out, "</table></section>\n");
}

static void write_questions(kj_html *h)
{
    FILE *out = h->out;
    fprintf(out, "<section id=\"questions\"><h2>Questions</h2>\n");
    if (!h->r->n_questions) fprintf(out, "<p>No claim implies a checkable detail the rules know of.</p>\n");
    else fprintf(out, "<ol>\n");
    for (int i = 0; i < h->r->n_questions; i++) {
        const kj_question *q = &h->r->questions[i];
        fprintf(out, "<li><p class=\"question\">");
        char text[KJ_QUESTION_MAX];
        kj_html_escape(out, kj_question_text(h->c, q, text));
        fprintf(out, "</p><p class=\"detail\">");
        kj_html_escape(out, q->of->detail);
        fprintf(out, " — checks: ");
        kj_html_escape(out, q->of->record);
        if (q->tested_by >= 0) {
            fprintf(out, "; the case can test it with <code>");
            kj_html_escape(out, h->c->stmts[q->tested_by].id);
            fprintf(out, "</code>");
        }
        fprintf(out, "</p></li>\n");
    }
    if (h->r->n_questions) fprintf(out, "</ol>\n");
    fprintf(out, "</section>\n");
}

/* Each group of conflicts alike (report.h) by its tightest, the others
 * folded under it in a <details>: every conflict keeps its article (and
 * its id, c1 ... in the report's order), but a claim against 31 points of
 * a trace reads as one. */
static void write_conflicts(kj_html *h, const kj_conflict *cfs, int n, const kj_alike *al, int finding)
{
    for (int g = 0; g < n; g++) {
        if (al->lead[g] != g) continue;
        write_conflict(h, al->tightest[g], &cfs[al->tightest[g]], finding);
        const char *text = kj_alike_text(h->c, h->arena, cfs, n, al, g, finding ? "finding" : "contradiction");
        if (!text) continue;
        fprintf(h->out, "<details class=\"alike\"><summary>");
        kj_html_escape(h->out, text);
        fprintf(h->out, "</summary>\n");
        for (int i = g; i < n; i++)
            if (al->lead[i] == g && i != al->tightest[g]) write_conflict(h, i, &cfs[i], finding);
        fprintf(h->out, "</details>\n");
    }
}

/* The sources the findings cite, numbered as the findings cite them: the
 * page names them in full, so that it can be printed or sent as it is.  A
 * source's address is the one input string written into a URL: the case
 * language takes only http:// and https:// addresses with no space or
 * control character (parse.c), and it is escaped as every attribute. */
static void write_sources(kj_html *h)
{
    FILE *out = h->out;
    const kj_cites *cites = &h->r->cites;
    if (!cites->n) return;
    fprintf(out, "<section id=\"sources\"><h2>Sources</h2>\n<ol>\n");
    for (int k = 0; k < cites->n; k++) {
        const kj_stmt *s = &h->c->stmts[cites->stmt[k]];
        fprintf(out, "<li id=\"source-%d\"><code>", k + 1);
        kj_html_escape(out, s->id);
        fprintf(out, "</code>: ");
        kj_html_escape(out, s->label ? s->label : "");
        if (s->cite && s->cite->url) {
            fprintf(out, " <a class=\"url\" rel=\"noopener noreferrer\" href=\"");
            kj_html_escape(out, s->cite->url);
            fprintf(out, "\">");
            kj_html_escape(out, s->cite->url);
            fprintf(out, "</a>");
        }
        fprintf(out, " ");
        where(h, s);
        fprintf(out, "</li>\n");
    }
    fprintf(out, "</ol></section>\n");
}

/* Each weekday written with a date it does not fall on, and the two days
 * read for it (resolve.c): notes, not findings. */
static void write_weekday_notes(kj_html *h)
{
    FILE *out = h->out;
    const kj_case *c = h->c;
    if (!c->n_weekday_notes) return;
    fprintf(out, "<section id=\"notes\"><h2>Weekdays and dates</h2>\n<p>Weekdays written with dates they do not "
                 "fall on: the witness, or the record, mixed up the weekday or the date, so each such time is read as "
                 "either day. These are notes, not contradictions.</p>\n<ul>\n");
    for (int k = 0; k < c->n_weekday_notes; k++) {
        const kj_weekday_note *n = &c->weekday_notes[k];
        fprintf(out, "<li><span class=\"where\">");
        kj_html_escape(out, c->files[n->at.file].path);
        fprintf(out, ":%d:%d</span> ", n->at.line, n->at.col);
        kj_html_escape(out, n->message);
        fprintf(out, "</li>\n");
    }
    fprintf(out, "</ul></section>\n");
}

/* ---- the page ---------------------------------------------------------------- */

static const char style[] =
    "body{font:15px/1.45 'DejaVu Sans',system-ui,sans-serif;color:#1d1d1f;max-width:1140px;margin:0 auto;padding:16px}\n"
    "h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:24px 0 8px}h3{font-size:15px;margin:0 0 4px}"
    "h4{font-size:13px;margin:10px 0 2px;color:#555}\n"
    "code,.where{font-family:'DejaVu Sans Mono',monospace;font-size:13px}.where{color:#666}\n"
    ".status{font-weight:bold}.status.contradictions{color:#c8102e}\n"
    "figure{margin:12px 0}figcaption{font-size:13px;color:#555;margin-bottom:4px;overflow-wrap:anywhere}svg{display:block;max-width:100%;height:auto}\n"
    ".legend span{margin-right:16px;font-size:13px}.legend i{display:inline-block;width:18px;height:10px;margin-right:4px;vertical-align:middle}\n"
    "svg.chart text{font-size:11px;fill:#333}svg.chart .place{font-size:13px;font-weight:bold}svg.chart .place-label{fill:#666}\n"
    ".grid{stroke:#e4e4e4}.axis{stroke:#888}.tick{text-anchor:middle}.track{stroke:#ccc}.row-sep{stroke:#eee}\n"
    ".band rect{fill-opacity:.13}.band.register rect{fill:url(#hatch);fill-opacity:1}.hatch{stroke:#8a8a8a;stroke-opacity:.45;stroke-width:2}\n"
    ".band.entity rect{fill:#b08d57}.band.resides rect{fill-opacity:.06}\n"
    ".claim .window{fill:var(--person);fill-opacity:.18;stroke:var(--person);stroke-opacity:.5}\n"
    ".claim .schedule{stroke:var(--person);stroke-width:3;stroke-linecap:round}.claim .schedule.unstated{stroke-dasharray:4 4}\n"
    "svg.chart .claim-label{font-weight:bold}svg.chart .margin{fill:#c8102e;font-weight:bold}\n"
    "svg.chart .need line{stroke:#555;stroke-width:1.5;stroke-dasharray:6 3}svg.chart .speed{fill:#555;font-weight:bold}"
    "svg.chart .need.strained line{stroke:#8a5a00;stroke-width:2.5}svg.chart .need.strained .speed{fill:#8a5a00}\n"
    ".trace-line{fill:none;stroke:var(--trace);stroke-width:1.5}.point circle{fill:var(--trace)}.point .when{stroke:var(--trace);stroke-width:3;stroke-opacity:.4}"
    ".point.conflicted circle{fill:#c8102e;stroke:#fff;stroke-width:1}svg.chart .point-label{fill:#c8102e}\n"
    ".link{stroke:#c8102e;stroke-width:1.5;stroke-dasharray:2 3;display:none}.link.hl,.link.shown{display:inline}\n"
    ".margin-bar rect{fill:#c8102e}.margin-bar.cut rect{fill-opacity:.6}figure.focus{margin:6px 0 8px}figure.focus figcaption{font-size:12px}\n"
    ".plain{fill:#f6f4ee}.sea{fill:#dbe9f4}.land{fill:#f3efe4;stroke:#b9b29f;stroke-width:.6}\n"
    ".journey polyline{fill:none;stroke:#1f5fa8;stroke-width:2.5}.journey.conflicted polyline{stroke:#c8102e}\n"
    ".journey text{font-size:12px;fill:#1f5fa8;paint-order:stroke;stroke:#fff;stroke-width:3}.journey.conflicted text{fill:#c8102e}\n"
    ".trace-path polyline{fill:none;stroke:var(--trace);stroke-width:2;stroke-linejoin:round;stroke-opacity:.8}.trace-path circle{fill:var(--trace)}"
    ".trace-path .point.conflicted circle{fill:#c8102e;stroke:#fff}.trace-path text{font-size:12px;fill:var(--trace);paint-order:stroke;stroke:#fff;stroke-width:3}"
    ".trace-path .point.conflicted text{fill:#c8102e}.border{fill:none;stroke:#a39a82;stroke-width:.7;stroke-dasharray:3 2}\n"
    ".leader{stroke:#777;stroke-width:.8}.insets{display:flex;flex-wrap:wrap;gap:8px}figure.inset{margin:8px 0 0;flex:0 1 540px}.inset-frame rect{fill:none;stroke:#555;stroke-width:1;stroke-dasharray:3 2}.inset-frame text{font-size:12px;fill:#555;paint-order:stroke;stroke:#fff;stroke-width:3}\n"
    ".map-place .dot{fill:#333}.map-place .radius{fill:#333;fill-opacity:.08;stroke:#333;stroke-opacity:.3}\n"
    ".map-place text{font-size:12px;paint-order:stroke;stroke:#fff;stroke-width:3}.map-place.conflicted .dot{fill:#c8102e}\n"
    ".scale line{stroke:#333;stroke-width:2}.scale text{font-size:12px}.unlocated{font-size:13px;color:#555}\n"
    ".conflict{border-left:4px solid #c8102e;padding:6px 12px;margin:10px 0;background:#fcf5f5;cursor:pointer}\n"
    ".conflict .kind{background:#c8102e;color:#fff;border-radius:3px;padding:0 5px;font-size:12px}.conflict .margin{color:#c8102e}\n"
    ".conflict ul{margin:2px 0;padding-left:20px;font-size:14px}.role{color:#555;font-size:12px}.short{color:#c8102e}\n"
    "table{border-collapse:collapse;font-size:14px}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}\n"
    ".v-contradicted{color:#c8102e;font-weight:bold}.v-conflicting{color:#b0701a;font-weight:bold}.v-corroborated{color:#2a8a5a}.v-strained{color:#8a5a00;font-weight:bold}.leg{color:#555;font-size:90%}\n"
    ".question{margin:0;font-weight:bold}.detail{margin:0 0 6px;font-size:14px;color:#444}\n"
    "body.selecting [data-c]:not(.hl){opacity:.25}body.selecting .conflict:not(.hl){opacity:.5}\n"
    ".conflict.hl{outline:2px solid #c8102e}.hl .schedule{stroke-width:6}.hl polyline{stroke-width:5}.map-place.hl .dot{r:7}\n"
    "details.alike{margin:-4px 0 10px 16px}details.alike>summary{cursor:pointer;color:#555;font-size:14px}\n"
    "a.cite{color:#1f5fa8;text-decoration:none}#sources li{margin:2px 0;font-size:14px}#sources a.url{word-break:break-all}\n"
    /* printed or saved as PDF: everything in full, nothing to click */
    "@media print{body{max-width:none;padding:0;font-size:10.5pt}.conflict{cursor:auto;background:none;break-inside:avoid}"
    "body.selecting [data-c]:not(.hl),body.selecting .conflict:not(.hl){opacity:1}.conflict.hl{outline:none}"
    "figure{break-inside:avoid}a{color:inherit}#sources a.url::after{content:none}h2{break-after:avoid}}\n";

/* Records script errors on <html> for the headless test (before any other
 * script, so that it sees them). */
static const char error_hook[] =
    "window.onerror=function(){var d=document.documentElement;"
    "d.setAttribute('data-errors',String(+(d.getAttribute('data-errors')||0)+1));};\n";

/* Clicking a conflict (or a drawn element of one) lights its elements:
 * everything with its id in data-c.  "#select=c2" does so on load. */
static const char script[] =
    "(function () {\n"
    "  'use strict';\n"
    "  var selected = null;\n"
    "  function select(id) {\n"
    "    selected = selected === id ? null : id;\n"
    "    document.body.classList.toggle('selecting', selected !== null);\n"
    "    document.querySelectorAll('.hl').forEach(function (el) { el.classList.remove('hl'); });\n"
    "    if (selected === null) return;\n"
    "    document.querySelectorAll('[data-c~=\"' + selected + '\"]').forEach(function (el) { el.classList.add('hl'); });\n"
    "    var art = document.getElementById(selected);\n"
    "    if (art && art.parentNode.tagName === 'DETAILS') art.parentNode.open = true;\n"
    "  }\n"
    "  document.querySelectorAll('.conflict').forEach(function (el) {\n"
    "    el.addEventListener('click', function () { select(el.id); });\n"
    "    el.addEventListener('keydown', function (e) {\n"
    "      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(el.id); }\n"
    "    });\n"
    "  });\n"
    "  document.querySelectorAll('svg [data-c]').forEach(function (el) {\n"
    "    el.addEventListener('click', function (e) {\n"
    "      e.stopPropagation();\n"
    "      select(el.getAttribute('data-c').split(' ')[0]);\n"
    "    });\n"
    "  });\n"
    "  var m = /^#select=(c[0-9]+)$/.exec(location.hash);\n"
    "  if (m && document.getElementById(m[1])) select(m[1]);\n"
    "  document.body.setAttribute('data-ready', '1');\n"
    "})();\n";

static void write_head(kj_html *h)
{
    FILE *out = h->out;
    const char *file = "";
    for (int i = 0; i < h->c->n_files && !*file; i++)
        if (i != h->c->data_file) file = h->c->files[i].path;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>kjeller report: ");
    kj_html_escape(out, file);
    fprintf(out, "</title>\n<style>\n%s</style>\n<script>\n%s</script>\n</head>\n<body>\n<header>\n<h1>kjeller report: ", style, error_hook);
    kj_html_escape(out, file);
    fprintf(out, "</h1>\n");
}

static void write_status(kj_html *h)
{
    FILE *out = h->out;
    const kj_report *r = h->r;
    const char *status = r->n_conflicts ? "contradictions" : r->undecided ? "undecided" : "consistent";
    fprintf(out, "<p class=\"status %s\">", status);
    if (r->n_conflicts) fprintf(out, "%d contradiction%s found", r->n_conflicts, r->n_conflicts == 1 ? "" : "s");
    else if (r->undecided) fprintf(out, "Undecided: the search budget ran out before a contradiction was found");
    else fprintf(out, "No contradiction found");
    if (r->incomplete) fprintf(out, " (stopped listing conflicts at the enumeration limit; more may exist)");
    if (r->undecided && r->n_conflicts)
        fprintf(out, " (the search budget ran out before every part of the case was decided; more may exist)");
    fprintf(out, ".%s</p>\n", r->n_conflicts ? " Click a conflict below to light it on the chart and the map." : "");
}

static void write_legend(kj_html *h)
{
    FILE *out = h->out;
    fprintf(out, "<p class=\"legend\">");
    for (int i = 0; i < h->c->n_stmts; i++) {
        if (h->c->stmts[i].kind != ST_PERSON) continue;
        fprintf(out, "<span><i style=\"background:%s\"></i>", kj_html_person_colour(h, i));
        kj_html_escape(out, h->c->stmts[i].id);
        fprintf(out, "</span>");
    }
    fprintf(out, "<span><i style=\"background:#c8102e\"></i>in a conflict (with its margins)</span>"
                 "<span><i style=\"background:repeating-linear-gradient(45deg,#bbb 0 2px,#fff 2px 5px)\"></i>register coverage</span>"
                 "<span><i style=\"background:#b08d57;opacity:.4\"></i>entity lifetime</span>"
                 "<span><i style=\"background:#4a6470;height:2px\"></i>a trace, its points joined</span></p>\n</header>\n");
}

static void write_page(kj_html *h)
{
    const kj_report *r = h->r;
    FILE *out = h->out;
    index_conflicts(h);
    write_head(h);
    write_status(h);
    write_legend(h);
    /* the register bands' hatching, once for all charts */
    fprintf(out, "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
                 "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"hatch\"/>"
                 "</pattern></defs></svg>\n");
    kj_html_chart(h);
    kj_html_map(h);
    write_weekday_notes(h);
    fprintf(out, "<section id=\"findings\"><h2>Conflicts</h2>\n");
    if (!r->n_conflicts) fprintf(out, "<p>None.</p>\n");
    write_conflicts(h, r->conflicts, r->n_conflicts, &r->alike, 0);
    fprintf(out, "</section>\n");
    if (r->n_findings) {
        fprintf(out, "<section id=\"device-findings\"><h2>Devices and vehicles</h2>\n<p>Where a device or vehicle "
                     "was, its owner or keeper could not have been; nothing states who had it, so these are not "
                     "contradictions but questions.</p>\n");
        h->r = r->findings_of; /* (their proofs are in its network) */
        write_conflicts(h, r->findings, r->n_findings, &r->findings_alike, 1);
        h->r = r;
        fprintf(out, "</section>\n");
    }
    if (r->findings_of && (r->findings_of->undecided || r->findings_of->incomplete))
        fprintf(out, "<p class=\"note\">The search for findings about devices and vehicles stopped at its budget or "
                     "limit; more may exist.</p>\n");
    write_verdicts(h);
    write_questions(h);
    write_sources(h);
    fprintf(out, "<footer><p>kjeller %s. Times in the chart are UTC; the findings give every reading in local time.</p></footer>\n"
                 "<script>\n%s</script>\n</body>\n</html>\n",
            KJ_VERSION, script);
}

/* The page is gathered in memory and written to out only when whole: a
 * rendering that fails writes nothing, wherever out goes (a terminal, a
 * pipe, a file). */
static int render_html(const kj_case *c, const kj_report *r, FILE *out)
{
    kj_safe_out so;
    kj_mem mem;
    jmp_buf landing;
    FILE *page = kj_safe_begin(&so, out, KJ_WRITE_AS_IS);
    if (!page) return -1;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) {
        kj_mem_release(&mem);
        kj_safe_discard(&so);
        errno = ENOMEM;
        return -1;
    }
    kj_arena arena = KJ_ARENA(&mem);
    kj_html h = {.c = c, .arena = &arena, .r = r, .out = page};
    write_page(&h);
    kj_arena_free(&arena);
    kj_mem_keep(&mem);
    return kj_safe_end(&so, ferror(page) ? -1 : 0);
}

int kj_render_html(const kj_case *c, const kj_report *r, FILE *out)
{
    locale_t saved; /* numbers with a point (kj_c_locale_enter) */
    if (kj_c_locale_enter(&saved) != 0) return -1;
    int rc = render_html(c, r, out);
    kj_c_locale_leave(saved);
    return rc;
}
