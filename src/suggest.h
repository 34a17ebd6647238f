/* suggest — did-you-mean: how many edits apart two names are. */
#ifndef KJ_SUGGEST_H
#define KJ_SUGGEST_H

#include <stddef.h>

/* The edits that count one each: inserting, deleting or replacing a letter
 * (Levenshtein), and with KJ_EDITS_SWAPS swapping two adjacent ones too
 * (optimal string alignment: "Olso" is one edit from "Oslo"). */
typedef enum { KJ_EDITS_PLAIN, KJ_EDITS_SWAPS } kj_edits;

/* Names longer than KJ_EDIT_MAX bytes are not compared: they are
 * KJ_EDIT_FAR apart from everything.  That is beyond every limit a caller
 * sets but len / 3 + 1 for a name of 294 bytes or more. */
#define KJ_EDIT_MAX 64
#define KJ_EDIT_FAR 99

/* The edit distance between a[0..n_a) and b[0..n_b), ignoring ASCII case. */
int kj_edit_distance(const char *a, size_t n_a, const char *b, size_t n_b, kj_edits edits);

#endif
