/* attr — when two attribute values are the same, and when they may be.
 *
 * Charity (design §0) reads values two ways, each the one that can prove
 * least:
 *
 * - Whether a claim is in a register's scope (the register's `where`
 *   against the claim's or a thing's attribute) asks that the values be
 *   the same: by their canonical form, Unicode White_Space trimmed at both
 *   ends and each inner run of it made one space, then Unicode's canonical
 *   caseless matching (NFD, full case folding, NFC: "PRIVÉ", "privé"
 *   written precomposed or decomposed, and " privé " are one value).
 *   Punctuation may tell values apart here ("-1" is not "1").
 *
 * - Whether an entry or a row cannot be a claim's (or a thing's) record
 *   (an attribute of both, with other values) asks that they cannot be
 *   the same: a value that may be the same as another must be treated as
 *   the same, or a record would be excluded, and a claim proved false, by
 *   a difference of spelling alone.  attr_match.c says how loosely: by
 *   letters and digits, compatibility forms and look-alikes of other
 *   scripts read as Latin, accents, punctuation and white space dropped,
 *   "?" and "*" as wildcards, numbers by value, telephone numbers with or
 *   without their prefix, names by their words; and a value with no
 *   letter or digit, or "N/A", is no value. */
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

/* Whether a[0..an) and b[0..bn) are the same value (canonical forms): what
 * puts a claim in a register's scope. */
int kj_attr_same(const char *a, size_t an, const char *b, size_t bn);

/* Whether a[0..an) and b[0..bn), values of the attribute named key (NULL:
 * none), may be the same (attr_match.c): what keeps a record from being
 * excluded.  A blank value may be any. */
int kj_attr_may_be(const char *key, const char *a, size_t an, const char *b, size_t bn);

/* A value of the attribute named key, made ready once to be compared
 * with many (a claim's, against the rows of an import): malloc'd, freed
 * with kj_attr_prep_free; NULL when memory runs out (then compare with
 * kj_attr_may_be).  kj_attr_prep_may_be(p, b, bn) is kj_attr_may_be(key,
 * v, n, b, bn). */
typedef struct kj_attr_prep kj_attr_prep;
kj_attr_prep *kj_attr_prep_new(const char *key, const char *v, size_t n);
void kj_attr_prep_free(kj_attr_prep *p);
int kj_attr_prep_may_be(const kj_attr_prep *p, const char *b, size_t bn);

/* Whether s[0..n) is no value at all (attr_match.c): no letter or digit,
 * or a word that says there is none ("N/A", "unknown"); it excludes
 * nothing. */
int kj_attr_blank(const char *s, size_t n);

#endif
