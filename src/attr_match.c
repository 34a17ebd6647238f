/* attr_match — whether two attribute values may be the same, the question
 * that keeps a record from being excluded (attr.h says why it is asked
 * loosely; docs/case-language.md §4.7 lists every rule with examples).
 * A value is compared by its form: its letters and digits, after
 *
 * - compatibility forms are read as what they stand for and case is
 *   folded (NFKC_Casefold: fullwidth "ＡＢ１２", mathematical "𝐀");
 * - a character outside ASCII that looks like an ASCII letter or digit,
 *   itself or its capital, is read as it (ICU's confusable skeleton, its
 *   accents and overlays dropped: Cyrillic "в", whose capital is "В";
 *   "ø"); where the two differ, both readings are kept (cp, alt).  ASCII
 *   is never changed.  The form is a function of the folded text, so
 *   that values the scope's strict comparison calls the same are always
 *   forms alike (attr.c; test_attr checks every letter);
 * - accents are dropped, or (a second form) spelt as passports do ("ü"
 *   "ue"); digits of every script are ASCII digits; modifier letters
 *   separate words, the tatweel is nothing;
 * - white space, punctuation and symbols separate words, except the
 *   marks of a partial read: "? _ # ~ �" stand for one or two letters or
 *   digits or none, "* .. … ⋯ ···" for any run; a note among the words
 *   ("(illegible)") is a run, and so then are both ends (noted).
 *
 * Two values may be the same if their forms match as patterns; if they
 * may be one number (same_number: separators, exponent, rounding, units
 * and currency); one telephone number (same_phone: prefixes, labels,
 * extensions); one plate (same_plate: a country code); or, for `subject`
 * and `name`, one name (same_name: a bipartite matching of words).  A
 * value with no letter or digit, or whose words all say there is none,
 * is no value (form_blank).  Walks are capped (MEET_CELLS, NAME_WORDS):
 * past them, values are taken as alike.
 *
 * ASCII, the common case of millions of imported rows, is made into a
 * form without ICU and, for values under 256 bytes, without allocating. */
#include "attr.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* The wildcards of a form: one or two characters or none, any run. */
#define WILD_FEW ((UChar32)'?')
#define WILD_RUN ((UChar32)'*')

/* A value's form: code points (folded letters, ASCII digits and the
 * wildcards), and where each word starts. */
#define FORM_STACK 256
typedef struct form {
    UChar32 *cp;
    UChar32 *alt;          /* per code point: another reading of it (a look-alike's other case), or 0 */
    int n, cap;
    int *word;             /* word k starts at cp[word[k]] */
    int n_words;
    UChar32 stack_cp[FORM_STACK], stack_alt[FORM_STACK];
    int stack_word[FORM_STACK];
    int failed;            /* memory or ICU failed: compare as the same */
} form;

static void form_init(form *f)
{
    f->cp = f->stack_cp;
    f->alt = f->stack_alt;
    f->word = f->stack_word;
    f->n = f->n_words = 0;
    f->cap = FORM_STACK;
    f->failed = 0;
}

static void form_free(form *f)
{
    if (f->cp != f->stack_cp) free(f->cp);
    if (f->alt != f->stack_alt) free(f->alt);
    if (f->word != f->stack_word) free(f->word);
}

static int form_room(form *f)
{
    if (f->n < f->cap) return 1;
    int cap = 2 * f->cap;
    UChar32 *cp = malloc(sizeof *cp * (size_t)cap), *alt = malloc(sizeof *alt * (size_t)cap);
    int *word = malloc(sizeof *word * (size_t)cap);
    if (!cp || !alt || !word) {
        free(cp);
        free(alt);
        free(word);
        f->failed = 1;
        return 0;
    }
    memcpy(cp, f->cp, sizeof *cp * (size_t)f->n);
    memcpy(alt, f->alt, sizeof *alt * (size_t)f->n);
    memcpy(word, f->word, sizeof *word * (size_t)f->n_words);
    form_free(f);
    f->cp = cp;
    f->alt = alt;
    f->word = word;
    f->cap = cap;
    return 1;
}

/* Appends c (a letter, a digit or a wildcard); *new_word: after a
 * separator.  A wildcard of runs after a run is the same run. */
static void form_put2(form *f, UChar32 c, UChar32 alt, int *new_word)
{
    if (c == WILD_RUN && f->n && f->cp[f->n - 1] == WILD_RUN && !*new_word) return;
    if (!form_room(f)) return;
    if (*new_word) f->word[f->n_words++] = f->n;
    *new_word = 0;
    f->alt[f->n] = alt;
    f->cp[f->n++] = c;
}

static void form_put(form *f, UChar32 c, int *new_word) { form_put2(f, c, 0, new_word); }

/* Whether f's code point i and g's j may be one character. */
static int cp_eq(const form *f, int i, const form *g, int j)
{
    UChar32 a = f->cp[i], b = g->cp[j], x = f->alt[i], y = g->alt[j];
    return a == b || (x && x == b) || (y && a == y) || (x && x == y);
}

static int is_wild(UChar32 c) { return c == WILD_FEW || c == WILD_RUN; }

static int ascii_alnum(unsigned c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static int is_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return 0;
    return 1;
}

/* The wildcard a mark of a partial read stands for, or 0.  (A lone '.'
 * separates, as in "ab12.cde"; two or more are a run.) */
static UChar32 wild_of(UChar32 c)
{
    if (c == '?' || c == '_' || c == '#' || c == '~' || c == 0xfffd /* an unreadable character */) return WILD_FEW;
    if (c == '*' || c == 0x2217 /* ∗ */ || c == 0x204e /* ⁎ */ || c == 0x22ef /* ⋯ */) return WILD_RUN;
    return 0;
}

/* The code points a form is made of: ASCII bytes, or folded code points. */
typedef struct points {
    const unsigned char *bytes; /* or */
    const UChar32 *cp, *alt;    /* (alt: another reading of each, or 0) */
    int n;
} points;

/* The folded text (composed) with each letter that machine-readable
 * passports (ICAO 9303) and German and Nordic typists spell without its
 * accent spelt so: "ü" is "ue", "å" "aa", "ø" "oe"; a new buffer, or NULL
 * when there is none (*any 0). */
static UChar *transliterated(const UChar *s, int32_t n, int32_t *out_n, int *any)
{
    static const struct { UChar c; const char *as; } as[] = {
        {0xe4, "ae"}, {0xf6, "oe"}, {0xfc, "ue"}, {0xe5, "aa"}, {0xf8, "oe"}, {0xe6, "ae"}, {0x153, "oe"},
        {0xfe, "th"}, {0xf0, "dh"}, {0x133, "ij"}};
    *any = 0;
    UChar *out = malloc(sizeof *out * (size_t)(2 * n + 1));
    int32_t m = 0;
    for (int32_t i = 0; out && i < n; i++) {
        size_t k = 0;
        while (k < sizeof as / sizeof *as && as[k].c != s[i]) k++;
        if (k == sizeof as / sizeof *as) {
            out[m++] = s[i];
            continue;
        }
        *any = 1;
        for (const char *q = as[k].as; *q; q++) out[m++] = (UChar)*q;
    }
    *out_n = m;
    if (!*any) {
        free(out);
        return NULL;
    }
    return out;
}

static UChar32 point_at(const points *p, int i) { return p->bytes ? p->bytes[i] : p->cp[i]; }

/* Whether p has another '.' after the one at i, white space between
 * ("..", ". . ."): its end, or -1. */
static int is_dot(UChar32 c) { return c == '.' || c == 0xb7 /* · */ || c == 0x2022 /* • */; }

static int dots_end(const points *p, int i)
{
    int j = i + 1;
    while (j < p->n && point_at(p, j) == ' ') j++;
    if (j >= p->n || !is_dot(point_at(p, j))) return -1;
    for (;;) {
        int k = j + 1;
        while (k < p->n && point_at(p, k) == ' ') k++;
        if (k >= p->n || !is_dot(point_at(p, k))) return j;
        j = k;
    }
}

static void form_add(form *f, const points *p)
{
    int new_word = 1, n = p->n;
    for (int i = 0; i < n && !f->failed; i++) {
        UChar32 c = point_at(p, i);
        int dots = is_dot(c) ? dots_end(p, i) : -1;
        if (dots >= 0) { /* "..", ". . .": a run */
            i = dots;
            form_put(f, WILD_RUN, &new_word);
            continue;
        }
        if (c == 0x640) continue; /* the Arabic tatweel only stretches a word */
        UChar32 w = wild_of(c);
        if (w) {
            form_put(f, w, &new_word);
            continue;
        }
        if (c < 0x80) {
            if (ascii_alnum((unsigned)c)) form_put2(f, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c, p->alt ? p->alt[i] : 0, &new_word);
            else new_word = 1;
            continue;
        }
        uint32_t gc = U_GET_GC_MASK(c);
        if (gc & U_GC_M_MASK) continue; /* an accent: dropped, and no separator */
        if (gc & U_GC_LM_MASK) { /* a modifier letter (ʼ, ʻ, ʹ): an apostrophe */
            new_word = 1;
            continue;
        }
        if (gc & U_GC_ND_MASK) form_put(f, '0' + u_charDigitValue(c), &new_word);
        else if (gc & (U_GC_L_MASK | U_GC_N_MASK)) form_put2(f, c, p->alt ? p->alt[i] : 0, &new_word);
        else new_word = 1;
    }
}

static void ascii_form(const char *s, size_t n, form *f)
{
    if (n > (size_t)INT32_MAX / 4) {
        f->failed = 1;
        return;
    }
    points p = {.bytes = (const unsigned char *)s, .n = (int)n};
    form_add(f, &p);
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

/* The ASCII letters or digits (lower case, one to three) that character
 * c looks like by its skeleton, accents and overlays dropped, into out;
 * how many, or 0. */
static int skeleton_ascii(const USpoofChecker *sc, UChar32 c, UChar32 out[3])
{
    UChar in[2], sk[16];
    int32_t n = 0;
    U16_APPEND_UNSAFE(in, n, c);
    UErrorCode err = U_ZERO_ERROR;
    int32_t k = uspoof_getSkeleton(sc, 0, in, n, sk, (int32_t)(sizeof sk / sizeof *sk), &err);
    if (U_FAILURE(err)) return 0;
    int m = 0;
    for (int32_t i = 0; i < k;) {
        UChar32 x;
        U16_NEXT(sk, i, k, x);
        if (U_GET_GC_MASK(x) & U_GC_M_MASK) continue;
        if (x >= 0x80 || !ascii_alnum((unsigned)x) || m == 3) return 0;
        out[m++] = x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x;
    }
    return m;
}

/* The folded, decomposed text's code points (accents dropped), each
 * character outside ASCII that looks like ASCII letters or digits read as
 * them: by the skeleton of the character and of its capital, the one the
 * reading (cp) and the other, if it differs, its other reading (alt); a
 * character like an "l" may be an "I" as well.  Into p's new arrays; 0 on
 * failure. */
static int look_alikes(const UChar *s, int32_t n, points *p)
{
    UErrorCode err = U_ZERO_ERROR;
    USpoofChecker *sc = uspoof_open(&err);
    if (U_FAILURE(err)) return 0;
    UChar32 *cp = malloc(sizeof *cp * (size_t)(3 * n + 1)), *alt = malloc(sizeof *alt * (size_t)(3 * n + 1));
    int m = 0;
    for (int32_t i = 0; cp && alt && i < n;) {
        UChar32 c, lower[3], upper[3];
        U16_NEXT(s, i, n, c);
        if (U_GET_GC_MASK(c) & U_GC_M_MASK) continue; /* an accent */
        int k = 0, ku = 0;
        if (c >= 0x80 && !(U_GET_GC_MASK(c) & (U_GC_ND_MASK | U_GC_LM_MASK)) && !wild_of(c)) {
            k = skeleton_ascii(sc, c, lower);
            if (u_toupper(c) != c) ku = skeleton_ascii(sc, u_toupper(c), upper);
        }
        if (!k && ku) { /* only its capital looks like one */
            memcpy(lower, upper, sizeof lower);
            k = ku;
            ku = 0;
        }
        if (!k) {
            cp[m] = c;
            alt[m++] = 0;
            continue;
        }
        for (int j = 0; j < k; j++) {
            cp[m] = lower[j];
            alt[m++] = k == 1 && ku == 1 && upper[0] != lower[0] ? upper[0] : k == 1 && lower[0] == 'l' ? 'i' : 0;
        }
    }
    uspoof_close(sc);
    if (!cp || !alt) {
        free(cp);
        free(alt);
        return 0;
    }
    p->cp = cp;
    p->alt = alt;
    p->n = m;
    return 1;
}

/* translit: spelt as passports do (transliterated); *any: whether that
 * made a difference (else f is the plain form). */
static void icu_form(const char *s, size_t n, form *f, int translit, int *any)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&err), *nfd = unorm2_getNFDInstance(&err);
    if (U_FAILURE(err) || n > (size_t)INT32_MAX / 4) {
        f->failed = 1;
        return;
    }
    UChar *u = malloc(sizeof *u * (n + 1));
    UChar *a = NULL, *d = NULL;
    int32_t un = 0, an = 0, dn = 0;
    points pts = {0};
    if (!u) {
        f->failed = 1;
        return;
    }
    /* (the importer and the lexer let only valid UTF-8 through; anything
     * else reads as U+FFFD); folded, then its accents apart (NFD), then
     * the look-alikes of the folded text */
    u_strFromUTF8WithSub(u, (int32_t)n + 1, &un, s, (int32_t)n, 0xfffd, NULL, &err);
    UChar *t = NULL;
    int32_t tn = 0;
    if (any) *any = 0;
    if (U_FAILURE(err) || !normalize(nfkc_cf, u, un, &a, &an)) {
        f->failed = 1;
    } else {
        if (translit && (t = transliterated(a, an, &tn, any))) {
            free(a);
            a = t;
            an = tn;
        }
        if (!normalize(nfd, a, an, &d, &dn) || !look_alikes(d, dn, &pts)) f->failed = 1;
        else form_add(f, &pts);
    }
    free(u);
    free(a);
    free(d);
    free((void *)pts.cp);
    free((void *)pts.alt);
}

/* Patterns longer than this (in pairs of positions) are taken as able to
 * meet: no record's value is that long but by mistake, and to compare
 * them would take the time of a thousand values. */
#define MEET_CELLS 16384

/* A stretch of a form: its code points [at, at + n). */
typedef struct span {
    const form *f;
    int at, n;
} span;

static span whole(const form *f) { return (span){.f = f, .at = 0, .n = f->n}; }

static UChar32 span_cp(span x, int i) { return x.f->cp[x.at + i]; }

/* Whether patterns p and q may stand for one string (open_end: q with
 * anything after it: p a start of q): a walk over the pairs of positions
 * (WILD_FEW: one or two characters or none; WILD_RUN: any run), three
 * rows at a time. */
static int patterns_meet(span p, span q, int open_end)
{
    int pn = p.n, qn = q.n;
    if ((long)(pn + 1) * (long)(qn + 1) > MEET_CELLS) return 1;
    unsigned char *row[3];
    /* rows i-2, i-1, i of reachable (i, j): p[0..i) and q[0..j) may stand
     * for one string; WILD_FEW spans up to two characters of the other,
     * so a cell looks two rows (or columns) back */
    unsigned char *rows = calloc((size_t)3 * (size_t)(qn + 1), 1);
    if (!rows) return 1;
    int met = 0;
    for (int i = 0; i <= pn; i++) {
        for (int r = 0; r < 3; r++) row[r] = rows + (size_t)((i - 2 + r + 3) % 3) * (size_t)(qn + 1);
        unsigned char *cur = row[2], *p1 = i >= 1 ? row[1] : NULL, *p2 = i >= 2 ? row[0] : NULL;
        for (int j = 0; j <= qn; j++) {
            int ok = i == 0 && j == 0;
            UChar32 a = i ? span_cp(p, i - 1) : 0, b = j ? span_cp(q, j - 1) : 0;
            if (!ok && i && a == WILD_RUN) ok = p1[j] || (j && cur[j - 1]);          /* it ends here, or takes q[j-1] too */
            if (!ok && j && b == WILD_RUN) ok = cur[j - 1] || (i && p1[j]);
            if (!ok && i && a == WILD_FEW) ok = p1[j] || (j && p1[j - 1]) || (j >= 2 && p1[j - 2]); /* none, one or two of q */
            if (!ok && j && b == WILD_FEW) ok = cur[j - 1] || (i && p1[j - 1]) || (i >= 2 && p2[j - 1]);
            if (!ok && i && j && !is_wild(a) && !is_wild(b) && cp_eq(p.f, p.at + i - 1, q.f, q.at + j - 1)) ok = p1[j - 1];
            cur[j] = (unsigned char)ok;
            if (i == pn && ok && (j == qn || open_end)) met = 1;
        }
    }
    free(rows);
    return met;
}

static int has_wild(const form *f)
{
    for (int i = 0; i < f->n; i++)
        if (is_wild(f->cp[i])) return 1;
    return 0;
}

/* Whether spans a and b may be one value (open_end: a the start of b). */
static int same_span(span a, span b, int open_end)
{
    int wild = 0;
    for (int i = 0; i < a.n && !wild; i++) wild = is_wild(span_cp(a, i));
    for (int i = 0; i < b.n && !wild; i++) wild = is_wild(span_cp(b, i));
    if (wild) return patterns_meet(a, b, open_end);
    if (a.n > b.n || (!open_end && a.n != b.n)) return 0;
    for (int i = 0; i < a.n; i++)
        if (!cp_eq(a.f, a.at + i, b.f, b.at + i)) return 0;
    return 1;
}

/* A form of digits and wildcards alone, without its leading zeros; or a
 * span of none (n -1). */
static span digits_of(const form *f)
{
    span x = whole(f);
    for (int i = 0; i < f->n; i++)
        if (!is_wild(f->cp[i]) && (f->cp[i] < '0' || f->cp[i] > '9')) return (span){.f = f, .n = -1};
    while (x.n && span_cp(x, 0) == '0') x.at++, x.n--;
    return x;
}

static int same_form(const form *a, const form *b)
{
    if (same_span(whole(a), whole(b), 0)) return 1;
    span x = digits_of(a), y = digits_of(b); /* numbers: leading zeros are none ("0044?1", "4471") */
    return x.n >= 0 && y.n >= 0 && same_span(x, y, 0);
}

/* Word k of f: [*from, *to). */
static void word_of(const form *f, int k, int *from, int *to)
{
    *from = f->word[k];
    *to = k + 1 < f->n_words ? f->word[k + 1] : f->n;
}

static int word_is(const form *f, int k, const char *w)
{
    int from, to;
    word_of(f, k, &from, &to);
    if (to == from || f->cp[from] != (UChar32)(unsigned char)w[0]) return 0; /* (most words, at once) */
    size_t m = strlen(w);
    if ((size_t)(to - from) != m) return 0;
    for (size_t i = 0; i < m; i++)
        if (f->cp[from + (int)i] != (UChar32)(unsigned char)w[i]) return 0;
    return 1;
}

static int in_list(const form *f, int k, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (word_is(f, k, list[i])) return 1;
    return 0;
}

/* The words (forms) that say a value is none, alone or with one another
 * ("unknown (illegible)"); and the phrases that do, written whole
 * ("no read", "not applicable"). */
static const char *const none_words[] = {
    "na", "none", "null", "nil", "unknown", "unk", "unread", "unreadable", "illegible", "nk", "tbc", "tba", "tbd", "void",
    "missing", "blank", "empty", "undefined", "obscured", "nan", "nat", "unclear", "redacted", "withheld", "ukjent",
    "unbekannt", "inconnu", "desconocido", "sconosciuto", "onbekend", "okand", "ukendt", "nieznany", "unlesbar", NULL};
static const char *const none_phrases[] = {
    "noread", "notread", "notknown", "nodata", "notapplicable", "notavailable", "notrecorded", "illegibleplate",
    "unreadableplate", "noplate", "novalue", "norecord", "value", "ikkekjent", "sindato", "naoinformado", NULL};

/* The words that, among others in a value, say part of it could not be
 * read: they stand for any run ("AB12 C(illegible)"). */
static const char *const note_words[] = {"illegible", "illeg", "unreadable", "unclear", "obscured", "partial", "partly",
                                         "unknown", "unk", "missing", "redacted", "damaged", "faded", NULL};
/* Words that say what was not read, once a note is there ("partly
 * illegible", "last letters illegible", "partial plate"). */
static const char *const note_fill[] = {"rest", "last", "first", "letters", "letter", "characters", "chars", "digits",
                                        "digit", "plate", "read", "remainder", NULL};

/* A note among a value's words that part of it could not be read
 * ("AB12 C (illegible)", "partial: AB12 C") stands for any run, and so do
 * both ends of the value then: the part not read may be anywhere. */
static void noted(form *f)
{
    if (f->n_words < 2) return; /* (a note needs another word) */
    int notes = 0, others = 0;
    for (int k = 0; k < f->n_words; k++) notes += in_list(f, k, note_words);
    for (int k = 0; k < f->n_words; k++) others += !in_list(f, k, note_words) && !(notes && in_list(f, k, note_fill));
    if (!notes || !others || f->failed) return;
    form g;
    form_init(&g);
    int nw = 1;
    form_put(&g, WILD_RUN, &nw);
    for (int k = 0; k < f->n_words; k++) {
        int from, to;
        word_of(f, k, &from, &to);
        nw = 1;
        if (in_list(f, k, note_words) || in_list(f, k, note_fill)) {
            form_put(&g, WILD_RUN, &nw);
            continue;
        }
        for (int i = from; i < to; i++) form_put2(&g, f->cp[i], f->alt[i], &nw);
    }
    nw = 1;
    form_put(&g, WILD_RUN, &nw);
    if (g.failed) {
        form_free(&g);
        return;
    }
    /* g into f (its buffers, or its stack's contents) */
    form_free(f);
    *f = g;
    if (g.cp == g.stack_cp) f->cp = f->stack_cp;
    if (g.alt == g.stack_alt) f->alt = f->stack_alt;
    if (g.word == g.stack_word) f->word = f->stack_word;
}

static void form_of(const char *s, size_t n, form *f)
{
    form_init(f);
    size_t a = 0, b = n;
    while (a < b && (s[a] == ' ' || s[a] == '\t')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
    if (b - a == 2 && s[a] == '\\' && s[a + 1] == 'N') return; /* a database export's NULL: no value */
    if (is_ascii(s, n)) ascii_form(s, n, f);
    else icu_form(s, n, f, 0, NULL);
    noted(f);
}

/* s spelt as passports do, if that differs from its form (1), else 0 (f
 * then freed). */
static int translit_form_of(const char *s, size_t n, form *f)
{
    form_init(f);
    if (is_ascii(s, n)) return 0;
    int any = 0;
    icu_form(s, n, f, 1, &any);
    if (!any || f->failed) form_free(f);
    if (any && !f->failed) noted(f);
    return any && !f->failed;
}

/* Whether the form, wildcards aside, is a phrase that says there is none,
 * or only words that do; single letters run together first ("N/A" is
 * "na"). */
static int placeholder(const form *f)
{
    for (int i = 0; i < f->n; i++) /* (none has a digit: most values are out at once) */
        if (f->cp[i] >= '0' && f->cp[i] <= '9') return 0;
    /* its words, wildcards left out, single letters run together */
    char words[16][32], whole[64];
    int nw = 0, w = 0, prev_single = 0;
    for (int k = 0; k < f->n_words; k++) {
        int from, to;
        word_of(f, k, &from, &to);
        char buf[32];
        int m = 0;
        for (int i = from; i < to; i++) {
            if (is_wild(f->cp[i])) continue;
            if (f->cp[i] >= 0x80 || m == (int)sizeof buf - 1) return 0;
            buf[m++] = (char)f->cp[i];
        }
        buf[m] = 0;
        if (!m) continue;
        if (w + m >= (int)sizeof whole) return 0;
        memcpy(whole + w, buf, (size_t)m);
        w += m;
        if (m == 1 && prev_single && strlen(words[nw - 1]) < sizeof words[0] - 1) {
            strcat(words[nw - 1], buf);
            continue;
        }
        if (nw == 16) return 0;
        strcpy(words[nw++], buf);
        prev_single = m == 1;
    }
    whole[w] = 0;
    if (!nw) return 0;
    for (int i = 0; none_phrases[i]; i++)
        if (!strcmp(whole, none_phrases[i])) return 1;
    for (int k = 0; k < nw; k++) {
        int found = 0;
        for (int i = 0; none_words[i] && !found; i++) found = !strcmp(words[k], none_words[i]);
        if (!found) return 0;
    }
    return 1;
}

/* No letter or digit (wildcards alone stand for anything), or words
 * that say there is none. */
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

/* ---- numbers ------------------------------------------------------------------- */

/* A number: its significant digits (no leading or trailing zeros), the
 * power of ten of the first, its sign; sig_written: how many significant
 * digits its mantissa was written with, where an exponent says it may be
 * rounded (0: exact). */
typedef struct number {
    char d[48];
    int nd, e, neg, sig_written;
} number;

/* The digits of the ASCII-digitized text t[0..n) read as a number with
 * decimal separator dec and grouping separators group (a string of
 * them); 0 if it is not one. */
static int read_number(const char *t, size_t n, char dec, const char *group, number *out)
{
    size_t i = 0;
    while (i < n && t[i] == ' ') i++;
    while (n > i && t[n - 1] == ' ') n--;
    memset(out, 0, sizeof *out);
    if (i < n && (t[i] == '+' || t[i] == '-')) out->neg = t[i++] == '-';
    char all[96];
    int m = 0, point = -1, digits = 0;
    for (; i < n; i++) {
        char c = t[i];
        if (c >= '0' && c <= '9') {
            if (m == (int)sizeof all - 1) return 0;
            all[m++] = c;
            digits++;
        } else if (c == dec && point < 0) {
            point = m;
        } else if (strchr(group, c) && point < 0 && digits) {
            continue;
        } else {
            break;
        }
    }
    if (!digits) return 0;
    int exp10 = 0;
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        i++;
        int sign = 1, ed = 0;
        if (i < n && (t[i] == '+' || t[i] == '-')) sign = t[i++] == '-' ? -1 : 1;
        while (i < n && t[i] >= '0' && t[i] <= '9' && ed < 6) exp10 = exp10 * 10 + (t[i++] - '0'), ed++;
        if (!ed) return 0;
        exp10 *= sign;
        out->sig_written = 1;
    }
    if (i != n) return 0;
    if (point < 0) point = m;
    int lead = 0;
    while (lead < m && all[lead] == '0') lead++;
    int last = m;
    while (last > lead && all[last - 1] == '0') last--;
    if (lead == last) { /* zero */
        out->nd = 0;
        out->neg = 0;
        return 1;
    }
    if (last - lead > (int)sizeof out->d - 1) return 0;
    memcpy(out->d, all + lead, (size_t)(last - lead));
    out->nd = last - lead;
    out->e = point - lead + exp10;
    if (out->sig_written) out->sig_written = m - lead; /* as written: trailing zeros of the mantissa count */
    return 1;
}

/* Whether x, rounded to sig significant digits, is y's digits. */
static int rounds_to(const number *x, int sig, const number *y)
{
    if (x->neg != y->neg || sig <= 0 || sig > 40) return 0;
    char r[48] = {0};
    int n = x->nd < sig ? x->nd : sig, e = x->e;
    memcpy(r, x->d, (size_t)n);
    if (x->nd > sig && x->d[sig] >= '5') { /* round half up, carrying */
        int k = n - 1;
        while (k >= 0 && r[k] == '9') r[k--] = '0';
        if (k >= 0) {
            r[k]++;
        } else {
            memmove(r + 1, r, (size_t)n);
            r[0] = '1';
            n++;
            e++;
        }
    }
    while (n > 0 && r[n - 1] == '0') n--;
    return n == y->nd && e == y->e && !memcmp(r, y->d, (size_t)n);
}

static int same_numbers(const number *x, const number *y)
{
    if (x->nd == y->nd && (x->nd == 0 || (x->e == y->e && x->neg == y->neg)) && !memcmp(x->d, y->d, (size_t)x->nd)) return 1;
    if (y->sig_written && rounds_to(x, y->sig_written, y)) return 1;
    if (x->sig_written && rounds_to(y, x->sig_written, x)) return 1;
    return 0;
}

/* s[0..n) with digits of every script as ASCII digits, other characters
 * outside ASCII as '\x01' (so that they are no number), no-break spaces
 * as spaces, and "(0)" removed (a trunk prefix written in brackets), in
 * out[cap]; its length, or -1. */
static int digitized(const char *s, size_t n, char *out, int cap, int drop_bracketed_zero)
{
    if (!drop_bracketed_zero && is_ascii(s, n)) { /* (the common case: as it is) */
        if (n >= (size_t)cap) return -1;
        memcpy(out, s, n);
        out[n] = 0;
        return (int)n;
    }
    int m = 0;
    for (int32_t i = 0; i < (int32_t)n;) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)n, c);
        if (m >= cap - 1) return -1;
        if (drop_bracketed_zero && c == '(' && i + 1 < (int32_t)n && s[i] == '0' && s[i + 1] == ')') {
            i += 2;
            continue;
        }
        if (c >= 0 && c < 0x80) out[m++] = (char)c;
        else if (c == 0xa0 || c == 0x202f || c == 0x2009) out[m++] = ' ';
        else if (c == 0x2019) out[m++] = '\'';
        else if (c > 0 && u_charDigitValue(c) >= 0 && (U_GET_GC_MASK(c) & U_GC_ND_MASK)) out[m++] = (char)('0' + u_charDigitValue(c));
        else out[m++] = c > 0 && (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) ? '\x01' : '\x02'; /* a letter, or a symbol */
    }
    out[m] = 0;
    return m;
}

/* Whether a and b may be one number, by any reading of their separators
 * ('.' or ',' decimal, the other and ' ' and '\'' grouping). */
/* Whether s has an ASCII letter (but e and E, when `exponent`): no
 * number, no telephone number. */
static int has_letter(const char *s, size_t n, int exponent)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && !(exponent && (c == 'e' || c == 'E'))) return 1;
    }
    return 0;
}

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\x01'; }

/* t[0..*n) without a word of letters (five or fewer) before or after the
 * number, set apart from it ("USD 1,500.00", "1500 NOK", "No. 4471",
 * "N°12", "4471 (badge)"), and without a trailing ",-" ("kr 1.500,-"); in
 * place. */
/* A currency sign or another symbol beside a number ('$', '€', '%'). */
static int is_symbol(char c)
{
    return c == '\x02' || (c > ' ' && c < 0x7f && !is_letter(c) && !(c >= '0' && c <= '9') && !strchr("+-.,'()", c));
}

static void number_alone(char *t, int *n)
{
    int a = 0, b = *n;
    while (a < b && t[a] == ' ') a++;
    while (b > a && t[b - 1] == ' ') b--;
    /* before it: a word of up to five letters, then symbols or white space
     * ("USD 1,500", "No. 4471", "N°12"), or symbols alone ("$1,500",
     * "€1.500,00"); a word glued to the digits ("AB12") is not set apart */
    int k = a;
    while (k < b && is_letter(t[k])) k++;
    int letters = k - a, apart = k;
    while (apart < b && (is_symbol(t[apart]) || t[apart] == ' ' || (letters && t[apart] == '.'))) apart++;
    if (letters <= 5 && (letters == 0 || apart > k) && apart < b && ((t[apart] >= '0' && t[apart] <= '9') || t[apart] == '+' || t[apart] == '-'))
        a = apart;
    /* after it: symbols ("1,500.00 $", "50 %") */
    while (b > a && (is_symbol(t[b - 1]) || t[b - 1] == ' ')) b--;
    if (b - a >= 2 && (t[b - 1] == '-') && (t[b - 2] == ',' || t[b - 2] == '.')) b -= 2;
    if (b > a && t[b - 1] == ')') { /* "(badge)" */
        int o = b - 1;
        while (o > a && t[o] != '(') o--;
        int word = t[o] == '(';
        for (int i = o + 1; word && i < b - 1; i++) word = is_letter(t[i]) || t[i] == ' ';
        if (word) b = o;
    }
    while (b > a && t[b - 1] == ' ') b--;
    k = b;
    while (k > a && is_letter(t[k - 1])) k--;
    if (k < b && b - k <= 5 && k > a && t[k - 1] == ' ') b = k; /* a word after a space */
    while (b > a && t[b - 1] == ' ') b--;
    memmove(t, t + a, (size_t)(b - a));
    t[b - a] = 0;
    *n = b - a;
}

/* How many ASCII digits s has (a cheap test before the numbers' rules). */
static int digit_count(const char *s, size_t n)
{
    int d = 0;
    for (size_t i = 0; i < n; i++) d += s[i] >= '0' && s[i] <= '9';
    return d;
}

/* ASCII s's digits without their leading and trailing zeros, at most cap,
 * into out (a quick test: two numbers without an exponent are one only
 * if these are); their count, or -1 when s has an exponent's 'e'. */
static int core_digits(const char *s, size_t n, char *out, int cap)
{
    int m = 0, lead = 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == 'e' || s[i] == 'E') return -1;
        if (s[i] < '0' || s[i] > '9' || (lead && s[i] == '0')) continue;
        lead = 0;
        if (m == cap) return -1;
        out[m++] = s[i];
    }
    while (m && out[m - 1] == '0') m--;
    return m;
}

static int same_number(const char *a, size_t an, const char *b, size_t bn)
{
    if ((is_ascii(a, an) && !digit_count(a, an)) || (is_ascii(b, bn) && !digit_count(b, bn))) return 0;
    if (is_ascii(a, an) && is_ascii(b, bn)) {
        char x[64], y[64];
        int xn = core_digits(a, an, x, sizeof x), yn = core_digits(b, bn, y, sizeof y);
        if (xn >= 0 && yn >= 0 && (xn != yn || memcmp(x, y, (size_t)xn))) return 0;
    }
    char x[128], y[128];
    int xn = digitized(a, an, x, sizeof x, 0), yn = digitized(b, bn, y, sizeof y, 0);
    if (xn < 0 || yn < 0) return 0;
    number_alone(x, &xn);
    number_alone(y, &yn);
    if (has_letter(x, (size_t)xn, 1) || has_letter(y, (size_t)yn, 1)) return 0;
    static const struct { char dec; const char *group; } readings[] = {{'.', ", '"}, {',', ". '"}};
    number nx[2], ny[2];
    int okx[2], oky[2];
    for (int r = 0; r < 2; r++) {
        okx[r] = read_number(x, (size_t)xn, readings[r].dec, readings[r].group, &nx[r]);
        oky[r] = read_number(y, (size_t)yn, readings[r].dec, readings[r].group, &ny[r]);
    }
    for (int r = 0; r < 2; r++)
        for (int s = 0; s < 2; s++)
            if (okx[r] && oky[s] && same_numbers(&nx[r], &ny[s])) return 1;
    return 0;
}

/* The digits of a telephone number (and the marks of a partial read),
 * '+', white space, brackets, '-', '.' and '/' between them, "(0)" left
 * out, into f; 0 if it has anything else. */
/* t[0..*n) without a label before the number ("tel:", "Mob:"), words in
 * brackets ("(mobile)") and an extension after it ("ext. 123", "x123",
 * ";ext=1"); in place. */
static void phone_alone(char *t, int *n)
{
    int m = 0;
    for (int i = 0; i < *n; i++) {
        if (t[i] == '(' ) { /* brackets of letters */
            int j = i + 1, letters = 0;
            while (j < *n && t[j] != ')') letters |= is_letter(t[j]), j++;
            if (j < *n && letters) {
                i = j;
                continue;
            }
        }
        t[m++] = t[i];
    }
    *n = m;
    t[m] = 0;
    int w = 0;
    while (w < m && t[w] == ' ') w++;
    int l0 = w;
    while (w < m && is_letter(t[w])) w++;
    if (w > l0 && w - l0 <= 8 && w < m && (t[w] == ' ' || t[w] == '.')) { /* "Tel 2233", "Mob. 2233" */
        while (w < m && (t[w] == ' ' || t[w] == '.')) w++;
        memmove(t, t + w, (size_t)(m - w));
        m -= w;
        t[m] = 0;
    }
    char *colon = memchr(t, ':', (size_t)m);
    if (colon) { /* a label of letters before ':' */
        int k = (int)(colon - t), letters = 1;
        for (int i = 0; i < k && letters; i++) letters = is_letter(t[i]) || t[i] == ' ' || t[i] == '.';
        if (letters) {
            memmove(t, colon + 1, (size_t)(m - k - 1));
            m -= k + 1;
            t[m] = 0;
        }
    }
    for (int i = 1; i < m; i++) { /* an extension: letters after the digits, then digits to the end */
        if (!is_letter(t[i]) && t[i] != ';') continue;
        int j = i, digits = 0, ok = 1;
        while (j < m && (is_letter(t[j]) || t[j] == ';' || t[j] == '=' || t[j] == '.' || t[j] == ' ')) j++;
        for (int k = j; k < m && ok; k++) ok = (t[k] >= '0' && t[k] <= '9') || t[k] == ' ', digits |= t[k] >= '0' && t[k] <= '9';
        if (ok && digits) {
            m = i;
            t[m] = 0;
        }
        break;
    }
    *n = m;
}

static int phone_form(const char *s, size_t n, form *f)
{
    char t[128];
    int tn = digitized(s, n, t, sizeof t, 1);
    if (tn < 0) return 0;
    phone_alone(t, &tn);
    if (has_letter(t, (size_t)tn, 0)) return 0;
    for (int i = 0; i < tn; i++)
        if (!(t[i] >= '0' && t[i] <= '9') && !wild_of((unsigned char)t[i]) && !strchr("+ ()-./", t[i])) return 0;
    form_init(f);
    points p = {.bytes = (const unsigned char *)t, .n = tn};
    form_add(f, &p);
    return !f->failed;
}

/* Telephone numbers with and without a prefix: alike to the end in seven
 * digits or more, what is before them in each no longer than four (as
 * patterns: a partial read may be one). */
static int same_phone(const char *a, size_t an, const char *b, size_t bn)
{
    if ((is_ascii(a, an) && digit_count(a, an) < 7) || (is_ascii(b, bn) && digit_count(b, bn) < 7)) return 0;
    form fa, fb;
    if (!phone_form(a, an, &fa)) return 0;
    if (!phone_form(b, bn, &fb)) {
        form_free(&fa);
        return 0;
    }
    span x = digits_of(&fa), y = digits_of(&fb);
    int same = 0;
    /* each without up to four digits of its own at the start: the rest
     * alike, seven digits or more */
    for (int px = 0; px <= 4 && px <= x.n && !same && y.n >= 0; px++)
        for (int py = 0; py <= 4 && py <= y.n && !same; py++) {
            span xs = {.f = x.f, .at = x.at + px, .n = x.n - px}, ys = {.f = y.f, .at = y.at + py, .n = y.n - py};
            int digits = 0;
            for (int i = 0; i < xs.n; i++) digits += !is_wild(span_cp(xs, i));
            same = digits >= 7 && same_span(xs, ys, 0);
        }
    form_free(&fa);
    form_free(&fb);
    return same;
}

/* ---- plates and names ----------------------------------------------------------- */

/* A word of one to three letters (no digit): a country code. */
static int country_code(const form *f, int k)
{
    int from, to;
    word_of(f, k, &from, &to);
    if (to - from < 1 || to - from > 3) return 0;
    for (int i = from; i < to; i++)
        if (f->cp[i] >= '0' && f->cp[i] <= '9') return 0;
    return 1;
}

/* A plate without a country code at its start (end 0) or its end (1),
 * the rest four characters or more, and the code; 0 if it has none. */
static int plate_without(const form *f, int end, span *rest, span *code)
{
    int k = end ? f->n_words - 1 : 0, from, to;
    if (f->n_words < 2 || !country_code(f, k)) return 0;
    word_of(f, k, &from, &to);
    *code = (span){.f = f, .at = from, .n = to - from};
    *rest = end ? (span){.f = f, .at = 0, .n = from} : (span){.f = f, .at = to, .n = f->n - to};
    return rest->n >= 4;
}

/* "GB" and "UK": the British plate's codes, before 2021 and since. */
static int span_is(span x, const char *w)
{
    size_t m = strlen(w);
    if ((size_t)x.n != m) return 0;
    for (size_t i = 0; i < m; i++)
        if (span_cp(x, (int)i) != (UChar32)(unsigned char)w[i]) return 0;
    return 1;
}

static int britain(span a, span b) { return (span_is(a, "gb") || span_is(a, "uk")) && (span_is(b, "gb") || span_is(b, "uk")); }

/* Plates, one with a country code at either end that the other lacks, or
 * with the same code at opposite ends ("GB AB12CDE", "AB12CDE GB"): the
 * rest alike.  (Both without theirs would make "AB12 CDE" "AB12 CDF".) */
static int same_plate(const form *a, const form *b)
{
    span r, c, r2, c2;
    for (int end = 0; end < 2; end++) {
        if (plate_without(a, end, &r, &c) && same_span(r, whole(b), 0)) return 1;
        if (plate_without(b, end, &r, &c) && same_span(whole(a), r, 0)) return 1;
        if (plate_without(a, end, &r, &c) && plate_without(b, !end, &r2, &c2) && (same_span(c, c2, 0) || britain(c, c2)) &&
            same_span(r, r2, 0))
            return 1;
    }
    return 0;
}

/* Words a name may have that are not names: titles, and what guest books
 * add. */
static const char *const not_names[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "herr", "frau", "fru", "hr", "mme", "mlle",
    "m", "sr", "sra", "srta", "rev", "fr", "jr", "snr", "jnr", "ii", "iii", "and", "und", "og", "et", "y", "guest",
    "senor", "senora", "senorita", "signor", "signora", "signorina", "sig", "dott", "ing", "madame", "monsieur",
    "mademoiselle", "don", "dona", "pax", "adult", "adults", "child", "children", "persons", "people", "wife",
    "husband", "spouse", "partner", "son", "daughter",
    "guests", "party", "family", "plus", "x", NULL};

/* Whether word k of f counts as a name's word: not a title, filler,
 * number or a word that says there is none. */
static int name_word(const form *f, int k)
{
    int from, to;
    word_of(f, k, &from, &to);
    int letters = 0;
    for (int i = from; i < to; i++) letters |= !is_wild(f->cp[i]) && !(f->cp[i] >= '0' && f->cp[i] <= '9');
    for (int i = from; i < to; i++)
        if (f->cp[i] >= '0' && f->cp[i] <= '9') return 0;
    return letters && !in_list(f, k, not_names) && !in_list(f, k, none_words);
}

/* Whether word wa of a may be word wb of b: one the start of the other
 * (an initial, an abbreviation), as patterns; or a contraction of it. */
static int same_word(const form *a, int wa, const form *b, int wb)
{
    int a0, a1, b0, b1;
    word_of(a, wa, &a0, &a1);
    word_of(b, wb, &b0, &b1);
    span x = {.f = a, .at = a0, .n = a1 - a0}, y = {.f = b, .at = b0, .n = b1 - b0};
    if (!x.n || !y.n) return 0;
    if (same_span(x, y, 1) || same_span(y, x, 1)) return 1;
    /* a contraction of four letters or fewer: its first letter the other's,
     * its letters in the other's order ("Wm" William, "Jn" John) */
    span sh = x.n <= y.n ? x : y, lo = x.n <= y.n ? y : x;
    if (sh.n > 4 || sh.n == lo.n || !cp_eq(sh.f, sh.at, lo.f, lo.at)) return 0;
    int k = 1;
    for (int i = 1; i < lo.n && k < sh.n; i++)
        if (cp_eq(sh.f, sh.at + k, lo.f, lo.at + i)) k++;
    return k == sh.n;
}

/* The name's words as tokens to be matched to the other name's words,
 * one each: a word, or (a word of two or three letters that no word of
 * the other may be, or every such word when `spread`) its letters, as
 * the initials of as many.  tok[k]: the word (from, to), and for an
 * initial its letter's position (`letter` >= 0). */
typedef struct token {
    int word, letter;
} token;

#define NAME_WORDS 32

/* Whether token t of a may be word j of b. */
static int token_fits(const form *a, token t, const form *b, int j)
{
    if (t.letter < 0) return same_word(a, t.word, b, j);
    int b0, b1;
    word_of(b, j, &b0, &b1);
    return cp_eq(b, b0, a, t.letter);
}

/* Kuhn's augmenting path from token t (adj: t's words); owner[j]: the
 * token word j is given to, or -1. */
static int augment(int t, const unsigned char (*adj)[NAME_WORDS], int nb, int *owner, unsigned char *seen)
{
    for (int j = 0; j < nb; j++) {
        if (!adj[t][j] || seen[j]) continue;
        seen[j] = 1;
        if (owner[j] < 0 || augment(owner[j], adj, nb, owner, seen)) {
            owner[j] = t;
            return 1;
        }
    }
    return 0;
}

/* Whether every name word of a (as tokens) has a name word of b of its
 * own: a bipartite matching, in time polynomial in the words (an
 * exhaustive search was exponential in repeated words). */
static int words_fit(const form *a, const form *b, int spread)
{
    token tok[3 * NAME_WORDS];
    int nt = 0, wb[NAME_WORDS], nb = 0;
    for (int j = 0; j < b->n_words; j++)
        if (name_word(b, j)) wb[nb++] = j;
    for (int k = 0; k < a->n_words; k++) {
        if (!name_word(a, k)) continue;
        int from, to, any = 0;
        word_of(a, k, &from, &to);
        for (int j = 0; j < nb && !any; j++) any = same_word(a, k, b, wb[j]);
        if ((spread || !any) && to - from >= 2 && to - from <= 3 && !has_wild(a))
            for (int i = from; i < to; i++) tok[nt++] = (token){.word = k, .letter = i};
        else
            tok[nt++] = (token){.word = k, .letter = -1};
    }
    if (nt > nb) return 0;
    static const unsigned char zero[NAME_WORDS];
    unsigned char adj[3 * NAME_WORDS][NAME_WORDS], seen[NAME_WORDS];
    int owner[NAME_WORDS];
    for (int t = 0; t < nt; t++) {
        memcpy(adj[t], zero, sizeof zero);
        for (int j = 0; j < nb; j++) adj[t][j] = (unsigned char)token_fits(a, tok[t], b, wb[j]);
    }
    for (int j = 0; j < nb; j++) owner[j] = -1;
    for (int t = 0; t < nt; t++) {
        memset(seen, 0, sizeof seen);
        if (!augment(t, (const unsigned char (*)[NAME_WORDS])adj, nb, owner, seen)) return 0;
    }
    return 1;
}

static int count_name_words(const form *f)
{
    int n = 0;
    for (int k = 0; k < f->n_words; k++) n += name_word(f, k);
    return n;
}

static int same_name(const form *a, const form *b)
{
    int an = count_name_words(a), bn = count_name_words(b);
    if (an == 0 || bn == 0 || an > NAME_WORDS || bn > NAME_WORDS) return 1;
    return words_fit(a, b, 0) || words_fit(a, b, 1) || words_fit(b, a, 0) || words_fit(b, a, 1);
}

static int is_key(const char *key, const char *const *keys)
{
    for (int i = 0; key && keys[i]; i++)
        if (!strcmp(key, keys[i])) return 1;
    return 0;
}

/* Whether forms a and b may be one value: as patterns, as plates, as
 * names. */
static int forms_alike(const char *key, const form *a, const form *b)
{
    static const char *const name_keys[] = {"subject", "name", NULL}, *const plate_keys[] = {"plate", NULL};
    return same_form(a, b) || (is_key(key, plate_keys) && same_plate(a, b)) || (is_key(key, name_keys) && same_name(a, b));
}

/* A value made into its forms once, to be compared with many. */
struct kj_attr_prep {
    char *key, *raw;
    size_t n;
    form f;                      /* its form */
    form *t;                     /* spelt as passports do, where that differs; NULL */
    int blank;
};

/* Whether value a (its form fa, its passport form ta if has_ta) may be
 * b. */
static int may_be_with(const char *key, const char *a, size_t an, const form *fa, const form *ta, int has_ta,
                       const char *b, size_t bn)
{
    if (an == bn && !memcmp(a, b, an)) return 1;
    form fb;
    form_of(b, bn, &fb);
    int may = fa->failed || fb.failed || form_blank(fa) || form_blank(&fb) || forms_alike(key, fa, &fb) ||
              same_number(a, an, b, bn) || same_phone(a, an, b, bn);
    if (!may) { /* spelt as passports do: "Müller", "MUELLER" */
        form tb;
        int has_b = translit_form_of(b, bn, &tb);
        may = (has_ta && forms_alike(key, ta, &fb)) || (has_b && forms_alike(key, fa, &tb)) ||
              (has_ta && has_b && forms_alike(key, ta, &tb));
        if (has_b) form_free(&tb);
    }
    form_free(&fb);
    return may;
}

int kj_attr_may_be(const char *key, const char *a, size_t an, const char *b, size_t bn)
{
    if (an == bn && !memcmp(a, b, an)) return 1;
    form fa, ta;
    form_of(a, an, &fa);
    int has_ta = translit_form_of(a, an, &ta);
    int may = may_be_with(key, a, an, &fa, &ta, has_ta, b, bn);
    if (has_ta) form_free(&ta);
    form_free(&fa);
    return may;
}

kj_attr_prep *kj_attr_prep_new(const char *key, const char *v, size_t n)
{
    kj_attr_prep *p = malloc(sizeof *p);
    if (!p) return NULL;
    size_t kn = key ? strlen(key) : 0;
    p->key = key ? malloc(kn + 1) : NULL;
    p->raw = malloc(n + 1);
    if ((key && !p->key) || !p->raw) {
        free(p->key);
        free(p->raw);
        free(p);
        return NULL;
    }
    if (key) memcpy(p->key, key, kn + 1);
    memcpy(p->raw, v, n);
    p->raw[n] = 0;
    p->n = n;
    form_of(v, n, &p->f); /* (in place: a form points into itself) */
    p->t = is_ascii(v, n) ? NULL : malloc(sizeof *p->t);
    if (p->t && !translit_form_of(v, n, p->t)) {
        free(p->t);
        p->t = NULL;
    }
    p->blank = form_blank(&p->f);
    return p;
}

void kj_attr_prep_free(kj_attr_prep *p)
{
    if (!p) return;
    form_free(&p->f);
    if (p->t) form_free(p->t);
    free(p->t);
    free(p->key);
    free(p->raw);
    free(p);
}

int kj_attr_prep_may_be(const kj_attr_prep *p, const char *b, size_t bn)
{
    if (p->blank) return 1;
    return may_be_with(p->key, p->raw, p->n, &p->f, p->t, p->t != NULL, b, bn);
}
