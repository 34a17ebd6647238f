/* attr — the canonical form of attribute values, and whether two are the
 * same (attr.h says why; whether they may be is attr_match.c's).  Plain
 * ASCII, the common case, is compared without ICU and without
 * allocating. */
#include "attr.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

/* Whether s is its own canonical form but for ASCII case: printable ASCII,
 * single spaces inside only. */
static int plain_ascii(const char *s, size_t n)
{
    if (n && (s[0] == ' ' || s[n - 1] == ' ')) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch > 0x7e || (ch == ' ' && s[i - 1] == ' ')) return 0;
    }
    return 1;
}

static unsigned char ascii_lower(unsigned char ch) { return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch; }

/* UTF-16 buffers of one canonical form; each stage writes the next. */
typedef struct ubuf {
    UChar *p;
    int32_t n, cap;
} ubuf;

static int ubuf_room(ubuf *b, int32_t cap)
{
    if (cap <= b->cap) return 1;
    UChar *p = realloc(b->p, sizeof(UChar) * (size_t)cap);
    if (!p) return 0;
    b->p = p;
    b->cap = cap;
    return 1;
}

/* s's White_Space trimmed and collapsed to single spaces, in place. */
static void squeeze_space(ubuf *b)
{
    int32_t out = 0, i = 0;
    int pending = 0;
    while (i < b->n) {
        int32_t at = i;
        UChar32 ch;
        U16_NEXT(b->p, i, b->n, ch);
        if (u_isUWhiteSpace(ch)) {
            pending = out > 0;
            continue;
        }
        if (pending) b->p[out++] = ' ';
        pending = 0;
        while (at < i) b->p[out++] = b->p[at++];
    }
    b->n = out;
}

/* One ICU stage from src into dst, growing dst as ICU asks. */
typedef int32_t stage_fn(const void *how, const UChar *src, int32_t n, UChar *dst, int32_t cap, UErrorCode *err);

static int32_t nfd_stage(const void *how, const UChar *src, int32_t n, UChar *dst, int32_t cap, UErrorCode *err)
{
    return unorm2_normalize(how, src, n, dst, cap, err);
}

static int32_t fold_stage(const void *how, const UChar *src, int32_t n, UChar *dst, int32_t cap, UErrorCode *err)
{
    (void)how;
    return u_strFoldCase(dst, cap, src, n, U_FOLD_CASE_DEFAULT, err);
}

static int run_stage(stage_fn *f, const void *how, const ubuf *src, ubuf *dst)
{
    for (int tries = 0; tries < 2; tries++) {
        UErrorCode err = U_ZERO_ERROR;
        int32_t n = f(how, src->p, src->n, dst->p, dst->cap, &err);
        if (U_SUCCESS(err) && err != U_STRING_NOT_TERMINATED_WARNING) {
            dst->n = n;
            return 1;
        }
        if (err != U_BUFFER_OVERFLOW_ERROR && err != U_STRING_NOT_TERMINATED_WARNING) return 0;
        if (!ubuf_room(dst, n + 1)) return 0;
    }
    return 0;
}

char *kj_attr_key(const char *s, size_t n, size_t *len)
{
    if (n > (size_t)INT32_MAX / 4) return NULL;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err), *nfc = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err)) return NULL;
    ubuf a = {0}, b = {0};
    char *out = NULL;
    int32_t cap = 2 * (int32_t)n + 16;
    if (!ubuf_room(&a, cap) || !ubuf_room(&b, cap)) goto done;
    /* (the importer and the lexer let only valid UTF-8 through; anything
     * else reads as U+FFFD) */
    u_strFromUTF8WithSub(a.p, a.cap, &a.n, s, (int32_t)n, 0xfffd, NULL, &err);
    if (U_FAILURE(err)) goto done;
    squeeze_space(&a);
    /* canonical caseless matching (Unicode D145): NFD, fold, then NFC */
    if (!run_stage(nfd_stage, nfd, &a, &b) || !run_stage(fold_stage, NULL, &b, &a) || !run_stage(nfd_stage, nfc, &a, &b))
        goto done;
    int32_t bytes = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &bytes, b.p, b.n, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) goto done;
    out = malloc((size_t)bytes + 1);
    if (!out) goto done;
    err = U_ZERO_ERROR;
    u_strToUTF8(out, bytes + 1, NULL, b.p, b.n, &err);
    if (U_FAILURE(err)) {
        free(out);
        out = NULL;
        goto done;
    }
    if (len) *len = (size_t)bytes;
done:
    free(a.p);
    free(b.p);
    return out;
}

int kj_attr_has_key(const char *key, size_t kn, const char *v, size_t vn)
{
    if (!key) return 1;
    if (plain_ascii(v, vn)) {
        if (vn != kn) return 0;
        for (size_t i = 0; i < vn; i++)
            if (ascii_lower((unsigned char)v[i]) != (unsigned char)key[i]) return 0;
        return 1;
    }
    size_t n;
    char *vk = kj_attr_key(v, vn, &n);
    if (!vk) return 1;
    int same = n == kn && !memcmp(vk, key, n);
    free(vk);
    return same;
}

int kj_attr_same(const char *a, size_t an, const char *b, size_t bn)
{
    if (an == bn && !memcmp(a, b, an)) return 1;
    if (plain_ascii(a, an) && plain_ascii(b, bn)) {
        if (an != bn) return 0;
        for (size_t i = 0; i < an; i++)
            if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i])) return 0;
        return 1;
    }
    size_t kn;
    char *key = kj_attr_key(a, an, &kn);
    int same = kj_attr_has_key(key, kn, b, bn);
    free(key);
    return same;
}
