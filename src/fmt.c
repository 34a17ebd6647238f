/* fmt — one case file's bytes to the same file in the canonical layout
 * (docs/fmt.md), for `kjeller fmt`.
 *
 * The file is parsed first (its includes are not followed), so that only a
 * file the checker can read is rewritten.  The layout is then made from the
 * lexer's tokens, each written as it is spelt in the file (its span), and
 * from the comments, which the lexer skips and this stage finds again on
 * each line: statements at column 1, claims and entries two spaces in,
 * continuation lines two more, one space between tokens (none before ':'
 * and ','), trailing comments aligned in runs of lines, blank lines kept
 * but collapsed.  Line breaks and the order of tokens are the user's.
 *
 * Before the result is handed out it is lexed again and compared with the
 * input, statement by statement and token by token, comment by comment: a
 * layout that would change what the checker reads is a bug (kj_bug), never
 * an output.  Input: a name and bytes; output: malloc'ed bytes. */
#include <locale.h>
#include <string.h>

#include "kj.h"

typedef enum { LINE_BLANK, LINE_COMMENT, LINE_CODE } line_kind;

/* One line of the output. */
typedef struct out_line {
    line_kind kind;
    int indent;          /* spaces */
    const char *code;    /* LINE_CODE: the tokens, spaced (arena) */
    int code_width;      /* its characters (UTF-8 code points) */
    const char *comment; /* from ';', trailing white space dropped (arena), or NULL */
} out_line;

typedef KJ_VEC(out_line) line_vec;
typedef KJ_VEC(char) char_vec;
typedef KJ_VEC(const char *) text_vec;

typedef struct fmt {
    kj_case *c;
    int file;
    int bom;             /* bytes of a byte order mark at the start (0 or 3) */
    line_vec lines;
    int next_line;       /* the first physical line (1-based) not laid out yet */
    int code_indent;     /* the indentation of the last line of code laid out */
    char_vec code;       /* the line being spaced */
} fmt;

static void put_bytes(kj_mem *mem, char_vec *v, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) kj_vec_put(mem, v, s[i]);
}

static int utf8_width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xc0) != 0x80;
    return w;
}

/* Where physical line `line` (1-based) of file begins, after a byte order
 * mark on line 1 as the lexer counts columns, and where it ends (its '\n',
 * or the end of the file). */
static void line_bounds(const kj_case *c, int file, int bom, int line, size_t *off, size_t *end)
{
    const kj_file *f = &c->files[file];
    size_t o = (size_t)f->line_start[line - 1] + (line == 1 ? (size_t)bom : 0), e = o;
    while (e < f->size && f->text[e] != '\n') e++;
    *off = o;
    *end = e;
}

/* The offset of the comment on [off, end) (its ';' outside a string), or
 * end.  Strings are the lexer's: from '"' to '"' on one line, with \" and
 * \\ inside; a '"' can only start one (no word holds it). */
static size_t comment_at(const char *text, size_t off, size_t end)
{
    int in_string = 0;
    for (size_t i = off; i < end; i++) {
        if (in_string && text[i] == '\\' && i + 1 < end && (text[i + 1] == '"' || text[i + 1] == '\\')) i++;
        else if (text[i] == '"') in_string = !in_string;
        else if (!in_string && text[i] == ';') return i;
    }
    return end;
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

/* The comment of [off, end) as the output writes it (trailing white space
 * and a CR dropped), in the case's arena, or NULL. */
static const char *comment_text(kj_case *c, const char *text, size_t off, size_t end)
{
    size_t at = comment_at(text, off, end);
    if (at == end) return NULL;
    while (end > at && is_blank(text[end - 1])) end--;
    return kj_arena_strndup(&c->arena, text + at, end - at);
}

static int byte_order_mark(const kj_file *f) { return f->size >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3) ? 3 : 0; }

static void push_line(fmt *fm, out_line l)
{
    /* blank lines: one where there were several, none first or last */
    if (l.kind == LINE_BLANK && (!fm->lines.n || fm->lines.items[fm->lines.n - 1].kind == LINE_BLANK)) return;
    kj_vec_put(fm->c->mem, &fm->lines, l);
}

/* Lays out the lines before `line` that hold no token: blank, or a comment
 * alone, indented as the code that follows (`indent`).  A comment indented
 * before a statement at column 1 stays with the code above it, as deep. */
static void lay_gap(fmt *fm, int line, int indent)
{
    const kj_file *f = &fm->c->files[fm->file];
    for (; fm->next_line < line; fm->next_line++) {
        size_t off, end;
        line_bounds(fm->c, fm->file, fm->bom, fm->next_line, &off, &end);
        size_t first = off;
        while (first < end && is_blank(f->text[first])) first++;
        const char *comment = comment_text(fm->c, f->text, off, end);
        KJ_ASSERT(fm->c->mem, first == end || f->text[first] == ';'); /* a token would be a statement's */
        int depth = indent;
        if (indent == 0 && first > off && (f->text[off] == ' ' || f->text[off] == '\t')) depth = fm->code_indent;
        out_line l = {.kind = comment ? LINE_COMMENT : LINE_BLANK, .indent = comment ? depth : 0, .comment = comment};
        push_line(fm, l);
    }
}

static int is_punct(const kj_tok *t, const char *p) { return t->kind == TK_PUNCT && !strcmp(t->text, p); }

/* Whether the output puts a space between two tokens of a line that were
 * `adjacent` (no white space between them) in the input.  None before ':'
 * and ',' (a word and its ':' or ',' stay one word to the eye); around '..',
 * '%' and the parentheses, as the user wrote it (`1935-12-01..1935-12-31`
 * and `.. 1917` both read well); one elsewhere.  A space between two
 * tokens never changes them: no token is read across white space. */
static int space_between(const kj_tok *prev, const kj_tok *cur, int adjacent)
{
    if (is_punct(cur, ":") || is_punct(cur, ",")) return 0;
    static const char *const as_written[] = {"..", "%", "(", ")"};
    for (size_t i = 0; i < sizeof as_written / sizeof *as_written; i++)
        if (is_punct(prev, as_written[i]) || is_punct(cur, as_written[i])) return !adjacent;
    return 1;
}

static size_t tok_offset(const fmt *fm, const kj_tok *t)
{
    const kj_file *f = &fm->c->files[fm->file];
    return (size_t)f->line_start[t->span.line - 1] + (t->span.line == 1 ? (size_t)fm->bom : 0) +
           (size_t)(t->span.col - 1);
}

/* Lays out the tokens toks[0..n) of one physical line, and its comment. */
static void lay_code_line(fmt *fm, const kj_tok *toks, int n, int indent)
{
    kj_case *c = fm->c;
    const kj_file *f = &c->files[fm->file];
    fm->code.n = 0;
    size_t prev_end = 0;
    for (int i = 0; i < n; i++) {
        size_t at = tok_offset(fm, &toks[i]);
        if (i && space_between(&toks[i - 1], &toks[i], at == prev_end)) kj_vec_put(c->mem, &fm->code, ' ');
        put_bytes(c->mem, &fm->code, f->text + at, (size_t)toks[i].span.len);
        prev_end = at + (size_t)toks[i].span.len;
    }
    size_t off, end;
    line_bounds(c, fm->file, fm->bom, toks[0].span.line, &off, &end);
    out_line l = {.kind = LINE_CODE,
                  .indent = indent,
                  .code = kj_arena_strndup(&c->arena, fm->code.items, (size_t)fm->code.n),
                  .code_width = utf8_width(fm->code.items, (size_t)fm->code.n),
                  .comment = comment_text(c, f->text, prev_end, end)};
    push_line(fm, l);
    fm->code_indent = indent;
    fm->next_line = toks[0].span.line + 1;
}

static int starts_indented(const kj_logical *lg)
{
    const kj_tok *t = &lg->toks[0];
    return t->kind == TK_WORD && (!strcmp(t->text, "claim") || !strcmp(t->text, "entry"));
}

/* Lays out one logical statement: its first line at column 1 (a claim or
 * an entry two spaces in), each continuation line two spaces deeper. */
static void lay_statement(fmt *fm, const kj_logical *lg)
{
    int indent = starts_indented(lg) ? 2 : 0;
    for (int i = 0; i < lg->n;) {
        int j = i + 1;
        while (j < lg->n && lg->toks[j].span.line == lg->toks[i].span.line) j++;
        int depth = i == 0 ? indent : indent + 2;
        lay_gap(fm, lg->toks[i].span.line, depth);
        lay_code_line(fm, lg->toks + i, j - i, depth);
        i = j;
    }
}

static void put_spaces(kj_mem *mem, char_vec *out, int n)
{
    for (int i = 0; i < n; i++) kj_vec_put(mem, out, ' ');
}

/* Writes the lines: the trailing comments of a run of lines of code that
 * all have one start in one column, two spaces after the longest code. */
static void write_lines(fmt *fm, char_vec *out)
{
    kj_mem *mem = fm->c->mem;
    const out_line *ls = fm->lines.items;
    int n = fm->lines.n;
    while (n && ls[n - 1].kind == LINE_BLANK) n--;
    int column = 0;
    for (int i = 0; i < n; i++) {
        const out_line *l = &ls[i];
        int trailing = l->kind == LINE_CODE && l->comment;
        if (trailing && (i == 0 || !(ls[i - 1].kind == LINE_CODE && ls[i - 1].comment))) {
            column = 0;
            for (int j = i; j < n && ls[j].kind == LINE_CODE && ls[j].comment; j++)
                if (ls[j].indent + ls[j].code_width + 2 > column) column = ls[j].indent + ls[j].code_width + 2;
        }
        if (l->kind != LINE_BLANK) put_spaces(mem, out, l->indent);
        if (l->kind == LINE_CODE) put_bytes(mem, out, l->code, strlen(l->code));
        if (trailing) put_spaces(mem, out, column - l->indent - l->code_width);
        if (l->comment) put_bytes(mem, out, l->comment, strlen(l->comment));
        kj_vec_put(mem, out, '\n');
    }
}

/* The comments of a file, in order. */
static void comments_of(kj_case *c, int file, text_vec *out)
{
    const kj_file *f = &c->files[file];
    int bom = byte_order_mark(f);
    for (int line = 1; line <= f->n_lines; line++) {
        size_t off, end;
        line_bounds(c, file, bom, line, &off, &end);
        const char *comment = comment_text(c, f->text, off, end);
        if (comment) kj_vec_put(c->mem, out, comment);
    }
}

static int same_token(const kj_tok *a, const kj_tok *b)
{
    return a->kind == b->kind && !strcmp(a->text, b->text) && a->line_first == b->line_first;
}

/* Whether two logical statements are read alike: the same tokens, split
 * into the same lines, and both at column 1 or both not (a claim and an
 * entry start a statement at any depth). */
static int same_statement(const kj_logical *a, const kj_logical *b)
{
    if (a->n != b->n || a->lex_errors || b->lex_errors) return 0;
    if (!starts_indented(a) && (a->indent == 0) != (b->indent == 0)) return 0;
    for (int i = 0; i < a->n; i++)
        if (!same_token(&a->toks[i], &b->toks[i])) return 0;
    return 1;
}

/* The layout of `in` (file `out_file`) reads as `in` does: the same
 * statements, token for token, and the same comments.  Anything else is a
 * bug in this file. */
static void verify(kj_case *c, int in, int out_file)
{
    int errors = c->n_errors;
    kj_lexer *a = kj_lex_open(c, in), *b = kj_lex_open(c, out_file);
    KJ_ASSERT(c->mem, a && b);
    kj_logical la, lb;
    for (;;) {
        int more_a = kj_lex_next(a, &la);
        /* la's tokens live until a's next call: b is another lexer */
        int more_b = kj_lex_next(b, &lb);
        if (more_a != more_b) kj_bug(c->mem, "fmt: the layout of '%s' has another number of statements", c->files[in].path);
        if (!more_a) break;
        if (!same_statement(&la, &lb))
            kj_bug(c->mem, "fmt: the layout of '%s' changes its line %d", c->files[in].path, la.toks[0].span.line);
    }
    kj_lex_close(a);
    kj_lex_close(b);
    text_vec ca = {0}, cb = {0};
    comments_of(c, in, &ca);
    comments_of(c, out_file, &cb);
    if (ca.n != cb.n) kj_bug(c->mem, "fmt: the layout of '%s' loses a comment", c->files[in].path);
    for (int i = 0; i < ca.n; i++)
        if (strcmp(ca.items[i], cb.items[i])) kj_bug(c->mem, "fmt: the layout of '%s' changes a comment", c->files[in].path);
    kj_free(ca.items);
    kj_free(cb.items);
    KJ_ASSERT(c->mem, c->n_errors == errors);
}

/* Lays out file `file` of c (parsed without error) into out. */
static void lay_out(kj_case *c, int file, char_vec *out)
{
    fmt fm = {.c = c, .file = file, .bom = byte_order_mark(&c->files[file]), .next_line = 1};
    kj_lexer *L = kj_lex_open(c, file);
    KJ_ASSERT(c->mem, L);
    kj_logical lg;
    while (kj_lex_next(L, &lg)) lay_statement(&fm, &lg);
    kj_lex_close(L);
    lay_gap(&fm, c->files[file].n_lines + 1, 0);
    write_lines(&fm, out);
    kj_free(fm.lines.items);
    kj_free(fm.code.items);
}

/* The work of kj_fmt, in its armed call: the status; *out malloc'ed. */
static int fmt_here(kj_mem *mem, const char *name, const char *data, size_t size, kj_diag_fn diag_fn, void *diag_ctx,
                    int *n_errors, char **out, size_t *out_size)
{
    if (size > KJ_MAX_FILE_BYTES) { /* as a case's file (docs/limits.md) */
        if (diag_fn) {
            kj_diag d = {.file = name, .len = 1, .message = "file too large (limit 64 MiB)"};
            diag_fn(diag_ctx, &d);
        }
        *n_errors = 1;
        return KJ_EXIT_BAD_INPUT;
    }
    kj_case *c = kj_case_begin(mem, diag_fn, diag_ctx);
    c->no_includes = 1;
    kj_span none = {.file = -1};
    int file = kj_add_file(c, name, data ? data : "", data ? size : 0, none);
    kj_parse_file(c, file, 0);
    kj_flush_diags(c);
    kj_diag_summary(c);
    *n_errors = c->n_errors;
    if (c->n_errors) return KJ_EXIT_BAD_INPUT;
    char_vec text = {0};
    lay_out(c, file, &text);
    int formatted = kj_add_file(c, name, text.items ? text.items : "", (size_t)text.n, none);
    verify(c, file, formatted);
    char *bytes = malloc((size_t)text.n + 1); /* the caller's, freed with free() */
    if (!bytes) kj_mem_fail(mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    if (text.n) memcpy(bytes, text.items, (size_t)text.n);
    bytes[text.n] = 0;
    *out = bytes;
    *out_size = (size_t)text.n;
    return KJ_EXIT_CONSISTENT;
}

int kj_fmt(const char *name, const char *data, size_t size, const kj_runtime *rt, kj_diag_fn diag_fn, void *diag_ctx,
           int *n_errors, char **out, size_t *out_size, kj_failure *failure)
{
    int errors = 0;
    *out = NULL;
    *out_size = 0;
    if (failure) memset(failure, 0, sizeof *failure);
    locale_t saved;
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    if (kj_c_locale_enter(&saved) != 0) {
        if (failure) {
            failure->failed = 1;
            snprintf(failure->why, sizeof failure->why, "cannot select the C locale");
        }
        return KJ_EXIT_INTERNAL;
    }
    mem.landing = &landing;
    if (rt) mem.fail_countdown = rt->fail_alloc_after;
    if (setjmp(landing) != 0) {
        kj_mem_release(&mem);
        kj_c_locale_leave(saved);
        free(*out);
        *out = NULL;
        if (n_errors) *n_errors = 1;
        if (failure) {
            failure->failed = 1;
            snprintf(failure->why, sizeof failure->why, "%s", mem.why);
        }
        return KJ_EXIT_INTERNAL;
    }
    int status = fmt_here(&mem, name, data, size, diag_fn, diag_ctx, &errors, out, out_size);
    kj_mem_release(&mem); /* the case and the layout: nothing outlives the call but *out */
    kj_c_locale_leave(saved);
    if (n_errors) *n_errors = errors;
    return status;
}
