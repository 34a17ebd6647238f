/* attr_match — whether two attribute values may be the same, the question
 * that keeps a record from being excluded (attr.h says why it is asked
 * loosely).  A value is compared by its form: its letters and digits,
 * after
 *
 * - compatibility forms are read as what they stand for (NFKC: fullwidth
 *   "ＡＢ１２", mathematical "𝐀", circled "Ⓐ", the ligature "Ǆ");
 * - a letter of another script that looks like a Latin letter or digit is
 *   read as it (ICU's confusable skeleton, character by character:
 *   Cyrillic "А", Greek "Α"; a Latin character is never changed);
 * - case is folded, and accents are dropped ("MÜLLER" may be "muller");
 * - white space, punctuation and symbols are dropped, and so are the
 *   words between them, except where names are compared;
 * - "?" stands for any one letter or digit and "*" for any run of them
 *   (a partial read, "AB12 C??").
 *
 * Two values may be the same if their forms are equal (or match as
 * patterns); if both are numbers that are equal ("4471.0", "04471",
 * "4471"); if both are digits alone and one ends the other, the shorter
 * seven digits or more (a telephone number with and without its country
 * code or trunk prefix); and, for the names of `subject` and `name`, if
 * each word of the shorter name is a word of the longer, in any order,
 * or its initial ("SMITH, John", "J. Smith", "John Smith").  A value with
 * no letter or digit, or one of a few words that say there is none
 * ("N/A", "unknown", "no read"), is no value.
 *
 * ASCII, the common case of millions of imported rows, is compared
 * without ICU and, for values under 256 bytes, without allocating. */
#include "attr.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* A value's form: code points (folded letters and digits, and the
 * wildcards '?' and '*'), and where each word starts. */
#define FORM_STACK 256
typedef struct form {
    UChar32 *cp;
    int n, cap;
    int *word;             /* word k starts at cp[word[k]] */
    int n_words;
    UChar32 stack_cp[FORM_STACK];
    int stack_word[FORM_STACK];
    int failed;            /* memory or ICU failed: compare as the same */
} form;

static void form_init(form *f)
{
    f->cp = f->stack_cp;
    f->word = f->stack_word;
    f->n = f->n_words = 0;
    f->cap = FORM_STACK;
    f->failed = 0;
}

static void form_free(form *f)
{
    if (f->cp != f->stack_cp) free(f->cp);
    if (f->word != f->stack_word) free(f->word);
}

static int form_room(form *f)
{
    if (f->n < f->cap) return 1;
    int cap = 2 * f->cap;
    UChar32 *cp = malloc(sizeof *cp * (size_t)cap);
    int *word = malloc(sizeof *word * (size_t)cap);
    if (!cp || !word) {
        free(cp);
        free(word);
        f->failed = 1;
        return 0;
    }
    memcpy(cp, f->cp, sizeof *cp * (size_t)f->n);
    memcpy(word, f->word, sizeof *word * (size_t)f->n_words);
    form_free(f);
    f->cp = cp;
    f->word = word;
    f->cap = cap;
    return 1;
}

/* Appends c (a letter, a digit or a wildcard); new_word: after a
 * separator. */
static void form_put(form *f, UChar32 c, int *new_word)
{
    if (!form_room(f)) return;
    if (*new_word) f->word[f->n_words++] = f->n;
    *new_word = 0;
    f->cp[f->n++] = c;
}

static int is_wild(UChar32 c) { return c == '?' || c == '*'; }

static int ascii_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

static void ascii_form(const char *s, size_t n, form *f)
{
    int new_word = 1;
    for (size_t i = 0; i < n && !f->failed; i++) {
        unsigned char c = (unsigned char)s[i];
        if (ascii_alnum(c) || is_wild(c)) form_put(f, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c, &new_word);
        else new_word = 1;
    }
}

/* One ICU normalization of src into a new buffer (*out, *out_n); 0 on failure. */
static int normalize(const UNormalizer2 *how, const UChar *src, int32_t n, UChar **out, int32_t *out_n)
{
    int32_t cap = 2 * n + 16;
    for (int tries = 0; tries < 3; tries++) {
        UChar *dst = malloc(sizeof *dst * (size_t)cap);
        if (!dst) return 0;
        UErrorCode err = U_ZERO_ERROR;
        int32_t m = unorm2_normalize(how, src, n, dst, cap, &err);
        if (U_SUCCESS(err) && err != U_STRING_NOT_TERMINATED_WARNING) {
            *out = dst;
            *out_n = m;
            return 1;
        }
        free(dst);
        if (err != U_BUFFER_OVERFLOW_ERROR && err != U_STRING_NOT_TERMINATED_WARNING) return 0;
        cap = m + 1;
    }
    return 0;
}

/* The text with each character outside ASCII that is confusable with an
 * ASCII letter or digit replaced by it (ICU's skeleton of the character
 * alone; Latin text is left as it is); a new buffer, or NULL. */
static UChar *look_alikes(const UChar *s, int32_t n, int32_t *out_n)
{
    UErrorCode err = U_ZERO_ERROR;
    USpoofChecker *sc = uspoof_open(&err);
    if (U_FAILURE(err)) return NULL;
    UChar *out = malloc(sizeof *out * (size_t)(2 * n + 1));
    int32_t m = 0;
    for (int32_t i = 0; out && i < n;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(s, i, n, c);
        UChar sk[16];
        int32_t k = 0;
        if (c >= 0x80) {
            err = U_ZERO_ERROR;
            k = uspoof_getSkeleton(sc, 0, s + at, i - at, sk, (int32_t)(sizeof sk / sizeof *sk), &err);
            if (U_FAILURE(err)) k = 0;
            for (int32_t j = 0; j < k; j++)
                if (sk[j] >= 0x80 || !ascii_alnum((unsigned char)sk[j])) k = 0;
        }
        if (k > 0 && k <= 2) { /* (a skeleton longer than the two characters a surrogate pair may take is not a look-alike) */
            for (int32_t j = 0; j < k; j++) out[m++] = sk[j];
        } else {
            while (at < i) out[m++] = s[at++];
        }
    }
    uspoof_close(sc);
    *out_n = m;
    return out;
}

static void icu_form(const char *s, size_t n, form *f)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err), *nfkc_cf = unorm2_getNFKCCasefoldInstance(&err),
                       *nfd = unorm2_getNFDInstance(&err);
    if (U_FAILURE(err) || n > (size_t)INT32_MAX / 4) {
        f->failed = 1;
        return;
    }
    UChar *u = malloc(sizeof *u * (n + 1));
    UChar *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    int32_t un = 0, an = 0, bn = 0, cn = 0, dn = 0;
    if (!u) {
        f->failed = 1;
        return;
    }
    /* (the importer and the lexer let only valid UTF-8 through; anything
     * else reads as U+FFFD) */
    u_strFromUTF8WithSub(u, (int32_t)n + 1, &un, s, (int32_t)n, 0xfffd, NULL, &err);
    if (U_FAILURE(err) || !normalize(nfkc, u, un, &a, &an) || !(b = look_alikes(a, an, &bn)) ||
        !normalize(nfkc_cf, b, bn, &c, &cn) || !normalize(nfd, c, cn, &d, &dn)) {
        f->failed = 1;
    } else {
        int new_word = 1;
        for (int32_t i = 0; i < dn && !f->failed;) {
            UChar32 ch;
            U16_NEXT(d, i, dn, ch);
            uint32_t gc = U_GET_GC_MASK(ch);
            if (gc & U_GC_M_MASK) continue; /* an accent: dropped, and no separator */
            if ((gc & (U_GC_L_MASK | U_GC_N_MASK)) || is_wild(ch)) form_put(f, ch, &new_word);
            else new_word = 1;
        }
    }
    free(u);
    free(a);
    free(b);
    free(c);
    free(d);
}

static void form_of(const char *s, size_t n, form *f)
{
    form_init(f);
    if (is_ascii(s, n)) ascii_form(s, n, f);
    else icu_form(s, n, f);
}

/* Whether patterns p[0..pn) and q[0..qn) ('?' any one character, '*' any
 * run) may stand for one string: a walk over the pairs of positions. */
static int patterns_meet(const UChar32 *p, int pn, const UChar32 *q, int qn)
{
    size_t cells = (size_t)(pn + 1) * (size_t)(qn + 1);
    unsigned char stack[4096], *seen = cells <= sizeof stack ? stack : calloc(cells, 1);
    if (!seen) return 1;
    if (seen == stack) memset(stack, 0, cells);
    int met = 0;
    /* reachable (i, j): p[0..i) and q[0..j) may stand for one string */
    seen[0] = 1;
    for (int i = 0; i <= pn; i++)
        for (int j = 0; j <= qn; j++) {
            if (!seen[(size_t)i * (size_t)(qn + 1) + (size_t)j]) continue;
            if (i == pn && j == qn) met = 1;
#define MARK(x, y) (seen[(size_t)(x) * (size_t)(qn + 1) + (size_t)(y)] = 1)
            if (i < pn && p[i] == '*') {
                MARK(i + 1, j);                  /* the run is empty */
                if (j < qn) MARK(i, j + 1);      /* it takes q[j] (or what q[j] stands for) */
            }
            if (j < qn && q[j] == '*') {
                MARK(i, j + 1);
                if (i < pn) MARK(i + 1, j);
            }
            if (i < pn && j < qn && p[i] != '*' && q[j] != '*' && (p[i] == '?' || q[j] == '?' || p[i] == q[j]))
                MARK(i + 1, j + 1);
#undef MARK
        }
    if (seen != stack) free(seen);
    return met;
}

static int has_wild(const form *f)
{
    for (int i = 0; i < f->n; i++)
        if (is_wild(f->cp[i])) return 1;
    return 0;
}

static int same_form(const form *a, const form *b)
{
    if (!has_wild(a) && !has_wild(b)) return a->n == b->n && !memcmp(a->cp, b->cp, sizeof *a->cp * (size_t)a->n);
    return patterns_meet(a->cp, a->n, b->cp, b->n);
}

/* The words that say a value is none (their forms). */
static int placeholder(const form *f)
{
    static const char *const none[] = {"na", "none", "null", "nil", "unknown", "unk", "noread", "notread", "unread",
                                       "unreadable", "illegible", "notknown", "nk", "tbc", "tba", "void"};
    for (size_t k = 0; k < sizeof none / sizeof *none; k++) {
        size_t m = strlen(none[k]);
        int same = (size_t)f->n == m;
        for (size_t i = 0; same && i < m; i++) same = f->cp[i] == (UChar32)(unsigned char)none[k][i];
        if (same) return 1;
    }
    return 0;
}

/* No letter or digit (wildcards alone stand for anything), or a word that
 * says there is none. */
static int form_blank(const form *f)
{
    if (f->failed) return 0;
    int letters = 0;
    for (int i = 0; i < f->n; i++) letters |= !is_wild(f->cp[i]);
    return !letters || placeholder(f);
}

int kj_attr_blank(const char *s, size_t n)
{
    form f;
    form_of(s, n, &f);
    int blank = form_blank(&f);
    form_free(&f);
    return blank;
}

/* A plain decimal number ([+-]digits[.,digits], white space around) in
 * canonical digits (no leading zeros, no trailing zeros after the point)
 * into out[cap]; 0 if s is none. */
static int number_text(const char *s, size_t n, char *out, size_t cap)
{
    size_t i = 0, m = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        if (s[i] == '-') out[m++] = '-';
        i++;
    }
    size_t int_at = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    size_t int_end = i, frac_at = i, frac_end = i;
    if (i < n && (s[i] == '.' || s[i] == ',')) {
        frac_at = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        frac_end = i;
        if (frac_end == frac_at) return 0;
    }
    if (i != n || int_end == int_at) return 0;
    while (int_at + 1 < int_end && s[int_at] == '0') int_at++;
    while (frac_end > frac_at && s[frac_end - 1] == '0') frac_end--;
    if (m + (int_end - int_at) + 1 + (frac_end - frac_at) + 1 > cap) return 0;
    memcpy(out + m, s + int_at, int_end - int_at);
    m += int_end - int_at;
    if (frac_end > frac_at) {
        out[m++] = '.';
        memcpy(out + m, s + frac_at, frac_end - frac_at);
        m += frac_end - frac_at;
    }
    out[m] = 0;
    if (!strcmp(out, "-0")) strcpy(out, "0");
    return 1;
}

static int same_number(const char *a, size_t an, const char *b, size_t bn)
{
    char x[64], y[64];
    return number_text(a, an, x, sizeof x) && number_text(b, bn, y, sizeof y) && !strcmp(x, y);
}

/* Digits alone (after their leading zeros), one ending the other, the
 * shorter seven digits or more: a number with and without its prefix. */
static int same_digits(const form *a, const form *b)
{
    int i = 0, j = 0;
    for (int k = 0; k < a->n; k++)
        if (a->cp[k] < '0' || a->cp[k] > '9') return 0;
    for (int k = 0; k < b->n; k++)
        if (b->cp[k] < '0' || b->cp[k] > '9') return 0;
    while (i < a->n && a->cp[i] == '0') i++;
    while (j < b->n && b->cp[j] == '0') j++;
    int an = a->n - i, bn = b->n - j;
    const UChar32 *x = a->cp + i, *y = b->cp + j;
    if (an == bn) return !memcmp(x, y, sizeof *x * (size_t)an);
    if (an > bn) {
        const UChar32 *t = x;
        x = y;
        y = t;
        int tn = an;
        an = bn;
        bn = tn;
    }
    return an >= 7 && !memcmp(x, y + (bn - an), sizeof *x * (size_t)an);
}

/* Word k of f: [*from, *to). */
static void word_of(const form *f, int k, int *from, int *to)
{
    *from = f->word[k];
    *to = k + 1 < f->n_words ? f->word[k + 1] : f->n;
}

/* Whether word wa of a may be word wb of b: the same (as patterns), or
 * one of them a single letter that begins the other (an initial). */
static int same_word(const form *a, int wa, const form *b, int wb)
{
    int a0, a1, b0, b1;
    word_of(a, wa, &a0, &a1);
    word_of(b, wb, &b0, &b1);
    if ((a1 - a0 == 1 || b1 - b0 == 1) && (a->cp[a0] == b->cp[b0] || is_wild(a->cp[a0]) || is_wild(b->cp[b0]))) return 1;
    return patterns_meet(a->cp + a0, a1 - a0, b->cp + b0, b1 - b0);
}

/* Each word of a (the shorter) matched to a word of b of its own. */
static int words_fit(const form *a, int k, const form *b, unsigned char *taken)
{
    if (k == a->n_words) return 1;
    for (int j = 0; j < b->n_words; j++) {
        if (taken[j] || !same_word(a, k, b, j)) continue;
        taken[j] = 1;
        if (words_fit(a, k + 1, b, taken)) return 1;
        taken[j] = 0;
    }
    return 0;
}

static int same_name(const form *a, const form *b)
{
    if (a->n_words > b->n_words) {
        const form *t = a;
        a = b;
        b = t;
    }
    if (a->n_words == 0 || b->n_words > 64) return 1;
    unsigned char taken[64] = {0};
    return words_fit(a, 0, b, taken);
}

static int is_name_key(const char *key) { return key && (!strcmp(key, "subject") || !strcmp(key, "name")); }

int kj_attr_may_be(const char *key, const char *a, size_t an, const char *b, size_t bn)
{
    if (an == bn && !memcmp(a, b, an)) return 1;
    form fa, fb;
    form_of(a, an, &fa);
    form_of(b, bn, &fb);
    int may = fa.failed || fb.failed || form_blank(&fa) || form_blank(&fb) || same_form(&fa, &fb) ||
              same_number(a, an, b, bn) || same_digits(&fa, &fb) || (is_name_key(key) && same_name(&fa, &fb));
    form_free(&fa);
    form_free(&fb);
    return may;
}
