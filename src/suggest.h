/* suggest — did-you-mean: how many edits apart two names are, and the
 * closest of the names that could have been meant. */
#ifndef KJ_SUGGEST_H
#define KJ_SUGGEST_H

#include <stddef.h>

/* The edits that count one each: inserting, deleting or replacing a letter
 * (Levenshtein), and with KJ_EDITS_SWAPS swapping two adjacent ones too
 * (optimal string alignment: "Olso" is one edit from "Oslo"). */
typedef enum { KJ_EDITS_PLAIN, KJ_EDITS_SWAPS } kj_edits;

/* Names longer than KJ_EDIT_MAX bytes are not compared: they are
 * KJ_EDIT_FAR apart from everything, and never suggested, whatever the
 * limit (len / 3 + 1 reaches it for a name of 294 bytes). */
#define KJ_EDIT_MAX 64
#define KJ_EDIT_FAR 99

/* The edit distance between a[0..n_a) and b[0..n_b), ignoring ASCII case. */
int kj_edit_distance(const char *a, size_t n_a, const char *b, size_t n_b, kj_edits edits);

/* Of equally close names, which is suggested: the first offered, or the
 * smallest by strcmp (when they are offered in an order that means
 * nothing, such as a hash table's). */
typedef enum { KJ_TIES_FIRST, KJ_TIES_SMALLEST } kj_ties;

/* The names offered, one at a time, against what was written:
 *   kj_suggest s = {.written = w, .written_len = strlen(w), .limit = 2};
 *   for (...) kj_suggest_offer(&s, name);
 *   hint = kj_suggest_hint(s.best, buf, sizeof buf);
 * Each caller keeps its own limit: they are tuned to what is named. */
typedef struct kj_suggest {
    const char *written;
    size_t written_len;
    int limit;                  /* the most edits a suggestion may be away */
    kj_edits edits;
    kj_ties ties;
    const char *best;           /* the closest name offered so far, or NULL */
    int best_distance;
} kj_suggest;

/* Offers a name (the caller's, kept as s->best); 1 if it is now the best. */
int kj_suggest_offer(kj_suggest *s, const char *name);
/* The same at a distance the caller measured (a zone is also compared by
 * its city alone). */
int kj_suggest_offer_at(kj_suggest *s, const char *name, int distance);
/* "did you mean 'BEST'?" in buf (n bytes, cut as snprintf cuts): buf, or
 * NULL (buf untouched) when best is NULL, nothing being close enough. */
const char *kj_suggest_hint(const char *best, char *buf, size_t n);

#endif
