/* html — what the parts of the HTML report (render_html.c, html_chart.c,
 * html_map.c) share: the case and report being drawn, and which conflicts
 * each statement and each place takes part in, so that every drawn element
 * can carry them (data-c="c1 c3") and a click on a conflict can light them.
 * The helpers all three write with are html.c's, below the three parts,
 * which render_html.c puts together. */
#ifndef KJ_HTML_H
#define KJ_HTML_H

#include "report.h"

typedef struct kj_html {
    const kj_case *c;
    kj_arena *arena;              /* the page's strings (freed when it is written) */
    const kj_report *r;
    FILE *out;
    const char **stmt_conflicts;  /* per statement: "c1 c3", or NULL when in none */
    const char **place_conflicts; /* per place statement: conflicts that use the place, or NULL */
    int *person_rank;             /* per person statement: 0, 1, 2... in order of the case */
    const void *chart_times;      /* the claims' times on the charts (html_chart.c), */
    const kj_report *chart_times_of; /* solved in this report's network */
} kj_html;

/* Every string from the input (a file name, an id, a label, a citation, a
 * time as written, a sentence made of them) reaches the page through
 * kj_html_escape, and only as element text (HTML or SVG, <title> too) or a
 * double-quoted attribute value.  None is written into <script>, <style>,
 * a style attribute or an event handler: those are the program's own
 * constants (tests/html.sh checks the page's scripts and styles are the
 * same bytes whatever the case says).  The one URL from the input is a
 * source's address, in an href: the case language takes only http:// and
 * https:// addresses with no space or control character (parse.c).
 *
 * Writes text with &, <, >, " and ' escaped (for element text and
 * double-quoted attribute values alike), and a control character (C0, C1,
 * a bidirectional control, a line or paragraph separator) or a byte that
 * is not UTF-8 as U+FFFD. */
void kj_html_escape(FILE *out, const char *text);

/* Writes ` data-c="..."` for a list from stmt_conflicts or place_conflicts,
 * and ` class="CLS conflicted"` (or just CLS) so that CSS can mark it. */
void kj_html_conflict_attrs(FILE *out, const char *cls, const char *conflicts);

/* A person's colour on the chart and in the legend (by rank, cycling). */
const char *kj_html_person_colour(const kj_html *h, int person);
/* A trace's colour on the chart and the map (by its rank among the
 * case's traces, cycling). */
const char *kj_html_trace_colour(const kj_html *h, int trace);

/* How wide a text is drawn, in px, at font size `size`, bold or not:
 * from DejaVu Sans's advances (the page's first font: tools/fontgen.c),
 * a character it lacks counted as a wide one of another font, and a
 * little to spare. */
double kj_html_text_px(const char *text, double size, int bold);
/* text cut to at most max_px wide (with its "…"), never inside a
 * character; text itself when it fits. */
const char *kj_html_clip(kj_arena *a, const char *text, double max_px, double size, int bold);

/* A time in UTC as the drawings write it: whole ("1935-12-01 13:00:00"),
 * or as short as the times drawn beside it allow. */
typedef enum {
    KJ_WHEN_FULL,        /* 2024-03-14 22:39:05 */
    KJ_WHEN_DATE_MINUTE, /* 2024-03-14 22:39 */
    KJ_WHEN_DAY_MINUTE,  /* 03-14 22:39 */
    KJ_WHEN_SECOND,      /* 22:39:05 */
    KJ_WHEN_MINUTE,      /* 22:39 */
} kj_html_when;
const char *kj_html_utc(kj_arena *a, int64_t t, kj_html_when form);
/* The form for times from first to last: with the year when they are in
 * different years, the day when they span more than one, else the time
 * of day (with its seconds or not). */
kj_html_when kj_html_when_for(int64_t first, int64_t last, int seconds);

/* Sorts the facts facts[0..n) (a trace's points) by when they start, then
 * by their order in the case. */
void kj_html_sort_by_time(kj_mem *mem, const kj_case *c, int *facts, int n);

/* The space-time chart (html_chart.c) and the map (html_map.c), each a
 * <figure> with an inline <svg>. */
void kj_html_chart(kj_html *h);
/* A chart of one conflict, "c3" or "f1" (of h->r), zoomed to it: the
 * statements it rests on, its margin drawn to scale; nothing when its
 * claim has no drawn time. */
void kj_html_focus(kj_html *h, const kj_conflict *cf, const char *id);
void kj_html_map(kj_html *h);

#endif
