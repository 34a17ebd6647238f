/* html — what the parts of the HTML report (render_html.c, html_chart.c,
 * html_map.c) share: the case and report being drawn, and which conflicts
 * each statement and each place takes part in, so that every drawn element
 * can carry them (data-c="c1 c3") and a click on a conflict can light them. */
#ifndef KJ_HTML_H
#define KJ_HTML_H

#include "report.h"

typedef struct kj_html {
    kj_case *c;
    const kj_report *r;
    FILE *out;
    const char **stmt_conflicts;  /* per statement: "c1 c3", or NULL when in none */
    const char **place_conflicts; /* per place statement: conflicts that use the place, or NULL */
    int *person_rank;             /* per person statement: 0, 1, 2... in order of the case */
} kj_html;

/* Writes text with &, <, >, " and ' escaped (for element text and
 * attribute values alike). */
void kj_html_escape(FILE *out, const char *text);

/* Writes ` data-c="..."` for a list from stmt_conflicts or place_conflicts,
 * and ` class="CLS conflicted"` (or just CLS) so that CSS can mark it. */
void kj_html_conflict_attrs(FILE *out, const char *cls, const char *conflicts);

/* A person's colour on the chart and in the legend (by rank, cycling). */
const char *kj_html_person_colour(const kj_html *h, int person);

/* The space-time chart (html_chart.c) and the map (html_map.c), each a
 * <figure> with an inline <svg>. */
void kj_html_chart(kj_html *h);
void kj_html_map(kj_html *h);

#endif
