/* attr — when two attribute values may be the same.
 *
 * Charity (design §0): a value that may be the same as another must be
 * treated as the same, or a register row or entry would be excluded, and a
 * claim proved false, by a difference of spelling alone.  Values are
 * compared by their canonical form: Unicode White_Space trimmed at both
 * ends and each inner run of it made one space, then Unicode's canonical
 * caseless matching (NFD, full case folding, NFC: "PRIVÉ", "privé" written
 * precomposed or decomposed, and " privé " are one value). */
#ifndef KJ_ATTR_H
#define KJ_ATTR_H

#include <stddef.h>

/* The canonical form of the UTF-8 text s[0..n), NUL-terminated, its length
 * in *len; malloc'd (the caller frees it), or NULL when memory or ICU
 * fails (then nothing can be told apart: callers treat the values as the
 * same). */
char *kj_attr_key(const char *s, size_t n, size_t *len);

/* Whether the value v[0..vn) has the canonical form key[0..kn) (from
 * kj_attr_key; NULL: 1).  Allocates nothing when v is plain ASCII. */
int kj_attr_has_key(const char *key, size_t kn, const char *v, size_t vn);

/* Whether a[0..an) and b[0..bn) may be the same value: the one comparison
 * of attribute and subject values, inline or imported. */
int kj_attr_same(const char *a, size_t an, const char *b, size_t bn);

/* Whether s[0..n) is empty or White_Space only: no value at all. */
int kj_attr_blank(const char *s, size_t n);

#endif
