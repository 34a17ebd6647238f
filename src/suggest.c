/* suggest — did-you-mean: the one edit distance of kjeller's hints, and
 * the choice of the closest name. */
#include <stdio.h>
#include <string.h>

#include "suggest.h"

static int fold(char ch)
{
    unsigned char u = (unsigned char)ch;
    return u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u;
}

int kj_edit_distance(const char *a, size_t n_a, const char *b, size_t n_b, kj_edits edits)
{
    if (n_a > KJ_EDIT_MAX || n_b > KJ_EDIT_MAX) return KJ_EDIT_FAR;
    /* the rows i - 2, i - 1 and i of the table, row i at i % 3: a swap
     * looks two rows back */
    int rows[3][KJ_EDIT_MAX + 1];
    for (size_t j = 0; j <= n_b; j++) rows[0][j] = (int)j;
    for (size_t i = 1; i <= n_a; i++) {
        int *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
        int ca = fold(a[i - 1]);
        cur[0] = (int)i;
        for (size_t j = 1; j <= n_b; j++) {
            int cb = fold(b[j - 1]);
            int best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (edits == KJ_EDITS_SWAPS && i > 1 && j > 1 && ca == fold(b[j - 2]) && fold(a[i - 2]) == cb &&
                prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
        }
    }
    return rows[n_a % 3][n_b];
}

int kj_suggest_offer(kj_suggest *s, const char *name)
{
    int d = kj_edit_distance(s->written, s->written_len, name, strlen(name), s->edits);
    return kj_suggest_offer_at(s, name, d);
}

int kj_suggest_offer_at(kj_suggest *s, const char *name, int distance)
{
    if (distance > s->limit || distance >= KJ_EDIT_FAR) return 0; /* (too long to compare) */
    if (s->best && distance > s->best_distance) return 0;
    if (s->best && distance == s->best_distance && (s->ties == KJ_TIES_FIRST || strcmp(name, s->best) >= 0))
        return 0;
    s->best = name;
    s->best_distance = distance;
    return 1;
}

const char *kj_suggest_hint(const char *best, char *buf, size_t n)
{
    if (!best) return NULL;
    snprintf(buf, n, "did you mean '%s'?", best);
    return buf;
}
