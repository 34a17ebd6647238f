/* escape — untrusted text made safe to print on a terminal.
 *
 * A file name or a line of a case file may hold a newline (a forged
 * `file:1:1: error:` line), a carriage return, an ANSI escape sequence
 * (ESC [ ... that recolours, moves the cursor or retitles the terminal),
 * a C1 control (U+009B is CSI to some terminals), a Unicode bidirectional
 * control (U+202E, which shows text in another order than it is read) or
 * bytes that are not UTF-8.  Each is printed as C writes it, as compilers
 * do: \n, \r, \t, \x1b, \x7f, \u009b, \u202e, and a byte that is not UTF-8
 * as \xff.  Everything else (printable ASCII, other UTF-8, the backslash
 * itself) is printed as it is, so escaping twice changes nothing. */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "kj.h"

int kj_utf8_len(const unsigned char *p, const unsigned char *end)
{
    int n;
    if (p[0] < 0x80) return 1;
    if ((p[0] & 0xe0) == 0xc0) n = 2;
    else if ((p[0] & 0xf0) == 0xe0) n = 3;
    else if ((p[0] & 0xf8) == 0xf0) n = 4;
    else return 0;
    if (end - p < n) return 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80) return 0;
    /* RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF */
    if (n == 2 && p[0] < 0xc2) return 0;
    if (n == 3 && p[0] == 0xe0 && p[1] < 0xa0) return 0;
    if (n == 3 && p[0] == 0xed && p[1] >= 0xa0) return 0;
    if (n == 4 && p[0] == 0xf0 && p[1] < 0x90) return 0;
    if (n == 4 && (p[0] > 0xf4 || (p[0] == 0xf4 && p[1] >= 0x90))) return 0;
    return n;
}

/* A Unicode control character that is printable UTF-8 but not safe. */
static int unsafe_code_point(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int kj_escape_char(const char *s, const char *end, kj_escape_keep keep, char out[KJ_ESCAPE_MAX])
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned ch = p[0];
    if ((ch >= 0x20 && ch < 0x7f) || (ch == '\n' && keep == KJ_KEEP_LINES) ||
        (ch == '\t' && keep != KJ_KEEP_NOTHING)) {
        out[0] = (char)ch;
        out[1] = 0;
        return 1;
    }
    if (ch < 0x80 || !kj_utf8_len(p, (const unsigned char *)end)) {
        const char *named = ch == '\n' ? "\\n" : ch == '\r' ? "\\r" : ch == '\t' ? "\\t" : NULL;
        if (named) memcpy(out, named, 3);
        else snprintf(out, KJ_ESCAPE_MAX, "\\x%02x", ch);
        return 1;
    }
    int n = kj_utf8_len(p, (const unsigned char *)end);
    unsigned cp = n == 2 ? (ch & 0x1f) << 6 | (p[1] & 0x3f)
                  : n == 3 ? (ch & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f)
                           : 0x10000; /* four bytes: nothing unsafe there */
    if (unsafe_code_point(cp)) {
        snprintf(out, KJ_ESCAPE_MAX, "\\u%04x", cp);
    } else {
        memcpy(out, s, (size_t)n);
        out[n] = 0;
    }
    return n;
}

void kj_escape_write(FILE *out, const char *s, size_t n, kj_escape_keep keep)
{
    const char *end = s + n;
    char buf[KJ_ESCAPE_MAX];
    while (s < end) {
        const char *run = s; /* printable ASCII, written as one run */
        while (s < end && (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f) s++;
        if (s > run) fwrite(run, 1, (size_t)(s - run), out);
        if (s == end) break;
        s += kj_escape_char(s, end, keep, buf);
        fputs(buf, out);
    }
}

void kj_escape_puts(FILE *out, const char *s, kj_escape_keep keep)
{
    kj_escape_write(out, s, strlen(s), keep);
}

char *kj_escaped(kj_arena *a, const char *s)
{
    size_t n = strlen(s), len = 0;
    char buf[KJ_ESCAPE_MAX];
    for (const char *p = s; p < s + n;) {
        p += kj_escape_char(p, s + n, KJ_KEEP_NOTHING, buf);
        len += strlen(buf);
    }
    char *out = kj_arena_alloc(a, len + 1), *o = out;
    for (const char *p = s; p < s + n;) {
        p += kj_escape_char(p, s + n, KJ_KEEP_NOTHING, buf);
        size_t k = strlen(buf);
        memcpy(o, buf, k);
        o += k;
    }
    *o = 0;
    return out;
}

/* An as-is report is gathered in pieces, each as big as all before it
 * (4 KB to 1 MB), never in one buffer that grows: open_memstream's takes
 * three times the report while it moves to a bigger one, and a big case's
 * JSON report is larger than the case. */
struct kj_safe_piece {
    kj_safe_piece *next;
    size_t used, cap;
    char bytes[];
};

enum { PIECE_MIN = 4096, PIECE_MAX = 1 << 20 };

/* The stream's writes (fopencookie): a short count (never negative:
 * fopencookie(3)), with errno ENOMEM, when memory runs out, which the
 * stream keeps as its error (ferror). */
static ssize_t piece_write(void *cookie, const char *buf, size_t n)
{
    kj_safe_out *so = cookie;
    size_t done = 0;
    while (done < n) {
        kj_safe_piece *p = so->last;
        if (!p || p->used == p->cap) {
            size_t cap = so->total < PIECE_MIN ? PIECE_MIN : so->total > PIECE_MAX ? PIECE_MAX : so->total;
            if (!(p = malloc(sizeof *p + cap))) {
                errno = so->err = ENOMEM;
                return (ssize_t)done;
            }
            p->next = NULL;
            p->used = 0;
            p->cap = cap;
            if (so->last) so->last->next = p;
            else so->first = p;
            so->last = p;
        }
        size_t k = n - done < p->cap - p->used ? n - done : p->cap - p->used;
        memcpy(p->bytes + p->used, buf + done, k);
        p->used += k;
        done += k;
        so->total += k;
    }
    return (ssize_t)n;
}

FILE *kj_safe_begin(kj_safe_out *so, FILE *out, kj_safe_write write)
{
    *so = (kj_safe_out){.out = out, .write = write};
    if (write == KJ_WRITE_ESCAPED) so->mem = open_memstream(&so->buf, &so->size);
    else so->mem = fopencookie(so, "w", (cookie_io_functions_t){.write = piece_write});
    return so->mem;
}

const char *kj_style_sgr(kj_style style)
{
    static const char *const sgr[] = {[KJ_STYLE_PLAIN] = "\033[0m",      [KJ_STYLE_LOCATION] = "\033[1m",
                                      [KJ_STYLE_ERROR] = "\033[1;31m",   [KJ_STYLE_WARNING] = "\033[1;33m",
                                      [KJ_STYLE_NOTE] = "\033[1;36m",    [KJ_STYLE_CARET] = "\033[1;32m",
                                      [KJ_STYLE_STRONG] = "\033[1m"};
    return sgr[style];
}

void kj_safe_style(kj_safe_out *so, kj_style style)
{
    if (!so->mem || so->write != KJ_WRITE_ESCAPED || fflush(so->mem) != 0) return;
    if (so->n_marks == so->cap_marks) {
        int cap = so->cap_marks ? so->cap_marks * 2 : 64;
        kj_style_mark *more = realloc(so->marks, sizeof *more * (size_t)cap);
        if (!more) { /* the report fails as when the stream cannot grow */
            so->err = ENOMEM;
            return;
        }
        so->marks = more;
        so->cap_marks = cap;
    }
    so->marks[so->n_marks++] = (kj_style_mark){.at = so->size, .style = style};
}

/* The escaped report, with each style's escape at its mark: the report
 * is escaped a stretch at a time, a stretch never ending inside a
 * character (a mark is set between two writes). */
static void write_styled(const kj_safe_out *so)
{
    size_t done = 0;
    for (int i = 0; i < so->n_marks; i++) {
        size_t at = so->marks[i].at < so->size ? so->marks[i].at : so->size;
        kj_escape_write(so->out, so->buf + done, at - done, KJ_KEEP_LINES);
        fputs(kj_style_sgr(so->marks[i].style), so->out);
        done = at;
    }
    kj_escape_write(so->out, so->buf + done, so->size - done, KJ_KEEP_LINES);
}

/* Frees what was gathered (the stream closed). */
static void safe_free(kj_safe_out *so)
{
    free(so->buf);
    so->buf = NULL;
    free(so->marks);
    so->marks = NULL;
    so->n_marks = so->cap_marks = 0;
    for (kj_safe_piece *p = so->first, *next; p; p = next) {
        next = p->next;
        free(p);
    }
    so->first = so->last = NULL;
}

void kj_safe_discard(kj_safe_out *so)
{
    if (so->mem) fclose(so->mem);
    so->mem = NULL;
    safe_free(so);
}

int kj_safe_end(kj_safe_out *so, int rc)
{
    if (!so->mem) return -1;
    if (fclose(so->mem) != 0 || so->err) rc = -1; /* (the last bytes gathered, or not) */
    so->mem = NULL;
    if (rc == 0 && so->write == KJ_WRITE_ESCAPED) write_styled(so);
    for (const kj_safe_piece *p = so->first; p && rc == 0; p = p->next)
        if (fwrite(p->bytes, 1, p->used, so->out) != p->used) rc = -1;
    safe_free(so);
    if (so->err) errno = so->err; /* (what ran out while gathering, not what came after) */
    return rc == 0 && !ferror(so->out) ? 0 : -1;
}

void kj_print_text(FILE *out, const char *s)
{
    kj_escape_puts(out, s ? s : "", KJ_KEEP_NOTHING);
}
