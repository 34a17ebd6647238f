/* diag — diagnostics are values: a span, a message and a hint, delivered to
 * the caller's callback together with the offending line.  Rendering with a
 * caret is kj_diag_print's job, not the stage that found the problem. */
#include <stdarg.h>
#include <string.h>

#include "kj.h"

const char *kj_line_text(const kj_case *c, kj_arena *a, int file, int line)
{
    if (file < 0 || file >= c->n_files) return NULL;
    kj_file *f = &c->files[file];
    if (line < 1 || line > f->n_lines) return NULL;
    int start = f->line_start[line - 1];
    int end = start;
    while ((size_t)end < f->size && f->text[end] != '\n') end++;
    /* (a byte order mark is no text: columns count after it, lex.c) */
    if (line == 1 && end - start >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3)) start += 3;
    if (end > start && f->text[end - 1] == '\r') end--;
    return kj_arena_strndup(a, f->text + start, (size_t)(end - start));
}

static void keep_diag(kj_case *c, kj_severity severity, kj_span sp, const char *hint, const char *msg)
{
    /* past the ones kept, an error is only counted: a file of a million
     * bad lines must not keep a million messages (the first of those kept
     * in file order are shown: KJ_MAX_DIAGS_SHOWN) */
    if (!c->diag_fn || c->n_pending >= KJ_MAX_DIAGS_KEPT) return;
    if (c->n_pending == c->cap_pending) {
        c->cap_pending = c->cap_pending ? c->cap_pending * 2 : 16;
        c->pending = kj_realloc(c->mem, c->pending, sizeof(kj_pending_diag) * (size_t)c->cap_pending);
    }
    kj_pending_diag *d = &c->pending[c->n_pending];
    d->span = sp;
    d->seq = c->n_pending++;
    d->severity = severity;
    d->message = kj_arena_strdup(&c->arena, msg);
    d->hint = hint ? kj_arena_strdup(&c->arena, hint) : NULL;
}

/* Formats a diagnostic's message and keeps it. */
static void keep_formatted(kj_case *c, kj_severity severity, kj_span sp, const char *hint, const char *fmt,
                           va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    keep_diag(c, severity, sp, hint, msg);
}

void kj_error(kj_case *c, kj_span sp, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->n_errors++;
    keep_formatted(c, KJ_DIAG_ERROR, sp, hint, fmt, ap);
    va_end(ap);
}

void kj_warn(kj_case *c, kj_span sp, const char *hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    keep_formatted(c, KJ_DIAG_WARNING, sp, hint, fmt, ap);
    va_end(ap);
}

kj_diag_mark kj_diag_mark_now(const kj_case *c)
{
    kj_diag_mark m = {.n_errors = c->n_errors, .n_pending = c->n_pending, .n_stmts = c->n_stmts};
    return m;
}

int kj_diag_first_line_since(const kj_case *c, kj_diag_mark m, int file, int upto_line)
{
    int first = 0;
    for (int i = m.n_pending; i < c->n_pending; i++) {
        const kj_span *sp = &c->pending[i].span;
        if (sp->file == file && sp->line > 0 && sp->line <= upto_line && (!first || sp->line < first)) first = sp->line;
    }
    return first;
}

void kj_diag_rewind(kj_case *c, kj_diag_mark m)
{
    c->n_errors = m.n_errors;
    c->n_pending = m.n_pending; /* (their texts are the arena's) */
}

static int cmp_pending(const void *a, const void *b)
{
    const kj_pending_diag *x = a, *y = b;
    if (x->span.file != y->span.file) return x->span.file < y->span.file ? -1 : 1;
    if (x->span.line != y->span.line) return x->span.line < y->span.line ? -1 : 1;
    if (x->span.col != y->span.col) return x->span.col < y->span.col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void kj_flush_diags(kj_case *c)
{
    if (c->n_pending) qsort(c->pending, (size_t)c->n_pending, sizeof(kj_pending_diag), cmp_pending);
    for (int i = 0; i < c->n_pending && c->diag_fn && c->n_shown < KJ_MAX_DIAGS_SHOWN; i++) {
        const kj_pending_diag *p = &c->pending[i];
        kj_span sp = p->span;
        kj_diag d = {0};
        d.file = sp.file >= 0 && sp.file < c->n_files ? c->files[sp.file].path : "<input>";
        d.line = sp.line;
        d.col = sp.col > 0 ? sp.col : 1;
        d.len = sp.len > 0 ? sp.len : 1;
        d.message = p->message;
        d.hint = p->hint;
        d.line_text = sp.line > 0 ? kj_line_text(c, &c->arena, sp.file, sp.line) : NULL;
        d.severity = p->severity;
        c->diag_fn(c->diag_ctx, &d);
        c->n_shown += p->severity == KJ_DIAG_ERROR; /* (the summary counts errors) */
    }
    kj_free(c->pending);
    c->pending = NULL;
    c->n_pending = 0;
    c->cap_pending = 0;
}

void kj_diag_summary(kj_case *c)
{
    if (!c->diag_fn || c->n_errors <= c->n_shown) return;
    char msg[128];
    snprintf(msg, sizeof msg, "too many errors: %d more not shown (the first %d are)", c->n_errors - c->n_shown,
             c->n_shown);
    kj_diag d = {.file = "kjeller", .len = 1, .message = msg};
    c->diag_fn(c->diag_ctx, &d);
}

/* Starts a style when colour is on (kj_style_sgr, escape.c). */
static void paint(FILE *out, int color, kj_style style)
{
    if (color) fputs(kj_style_sgr(style), out);
}

static void source_line(FILE *out, int line, const char *text, int col, int len, int color)
{
    const char *end = text + strlen(text);
    char buf[KJ_ESCAPE_MAX];
    int x = 0, caret_x = -1, caret_w = 0; /* in columns shown */
    fprintf(out, "%5d | ", line);
    for (const char *p = text; p < end;) {
        int at = (int)(p - text), n = kj_escape_char(p, end, KJ_KEEP_TABS, buf);
        if (buf[0] == '\t') buf[0] = ' '; /* one column, as the caret line counts it */
        int w = n > 1 && buf[0] != '\\' ? 1 : (int)strlen(buf); /* a UTF-8 character is one column */
        if (at >= col - 1 && at < col - 1 + len) {
            if (caret_x < 0) caret_x = x;
            caret_w += w;
        }
        fputs(buf, out);
        x += w;
        p += n;
    }
    if (caret_x < 0) caret_x = x; /* past the end of the line: just after it */
    fprintf(out, "\n      | %*s", caret_x, "");
    paint(out, color, KJ_STYLE_CARET);
    fputc('^', out);
    for (int i = 1; i < caret_w; i++) fputc('~', out);
    paint(out, color, KJ_STYLE_PLAIN);
    fputc('\n', out);
}

void kj_print_source_line(FILE *out, int line, const char *text, int col, int len)
{
    source_line(out, line, text, col, len, 0);
}

static void diag_print(FILE *out, const kj_diag *d, int color)
{
    /* the file name, the message and the line are the input's: escaped,
     * so that none can forge a line or send the terminal an escape */
    paint(out, color, KJ_STYLE_LOCATION);
    kj_escape_puts(out, d->file, KJ_KEEP_NOTHING);
    if (d->line > 0) fprintf(out, ":%d:%d", d->line, d->col);
    fputc(':', out);
    paint(out, color, KJ_STYLE_PLAIN);
    fputc(' ', out);
    paint(out, color, d->severity == KJ_DIAG_WARNING ? KJ_STYLE_WARNING : KJ_STYLE_ERROR);
    fputs(d->severity == KJ_DIAG_WARNING ? "warning:" : "error:", out);
    paint(out, color, KJ_STYLE_PLAIN);
    fputc(' ', out);
    kj_escape_puts(out, d->message, KJ_KEEP_NOTHING);
    fputc('\n', out);
    if (d->line_text) source_line(out, d->line, d->line_text, d->col, d->len, color);
    if (d->hint) {
        fputs("      = ", out);
        paint(out, color, KJ_STYLE_NOTE);
        fputs("hint:", out);
        paint(out, color, KJ_STYLE_PLAIN);
        fputc(' ', out);
        kj_escape_puts(out, d->hint, KJ_KEEP_NOTHING);
        fputc('\n', out);
    }
}

void kj_diag_print(void *file_ctx, const kj_diag *d) { diag_print(file_ctx ? file_ctx : stderr, d, 0); }

void kj_diag_print_color(void *file_ctx, const kj_diag *d) { diag_print(file_ctx ? file_ctx : stderr, d, 1); }

