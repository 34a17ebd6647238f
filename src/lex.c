/* lex — bytes of one case file to logical statements of tokens.
 *
 * A logical statement starts on a line at column 1, or on an indented line
 * whose first word is `claim` or `entry`; other indented lines continue the
 * statement above.  `;` starts a comment outside strings.  The lexer checks
 * the bytes first (no NUL, valid UTF-8, non-ASCII only in strings, comments
 * and the ± sign) and keeps going after an error so one run reports all. */
#include <string.h>

#include "hash.h"
#include "kj.h"

typedef KJ_VEC(kj_tok) tok_vec;

static int is_ident_start(int ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_'; }
static int is_digit(int ch) { return ch >= '0' && ch <= '9'; }
static int is_word_char(int ch)
{
    return is_ident_start(ch) || is_digit(ch) || ch == '-' || ch == '.' || ch == '/' || ch == '\'' || ch == '+';
}

typedef struct lexer {
    kj_case *c;
    int file;
    const char *text;
    int line;
    int line_off;
    kj_ptrset *words;
} lexer;

static uint32_t word_hash(const void *word) { return kj_hash_str(word); }

/* The case's copy of s[0..n), made once per file: a big case repeats a few
 * keywords and ids on every line. */
static const char *word(lexer *lx, const char *s, size_t n)
{
    kj_ptrset *w = lx->words;
    kj_ptrset_reserve(w, 1024, word_hash);
    uint32_t h = kj_hash_bytes(s, n) & (w->cap - 1);
    for (; w->slot[h]; h = (h + 1) & (w->cap - 1)) {
        const char *seen = w->slot[h];
        if (!strncmp(seen, s, n) && !seen[n]) return seen;
    }
    char *copy = kj_arena_strndup(&lx->c->arena, s, n);
    w->slot[h] = copy;
    w->n++;
    return copy;
}

static kj_span span_at(lexer *lx, int off, int len)
{
    kj_span s = {.file = lx->file, .line = lx->line, .col = off - lx->line_off + 1, .len = len > 0 ? len : 1};
    return s;
}

size_t kj_number_len(const char *s)
{
    const char *p = s;
    if (*p == '-') p++;
    if (!is_digit(*p)) return 0;
    while (is_digit(*p)) p++;
    if (*p == '.' && is_digit(p[1])) {
        p++;
        while (is_digit(*p)) p++;
    }
    return (size_t)(p - s);
}

static int is_number_text(const char *s)
{
    size_t n = kj_number_len(s);
    return n && s[n] == 0;
}

/* After a clock time, what ISO 8601 writes with it: a fraction of a
 * second (".123"), then "Z" or an offset ("+01:00", "-0500");
 * returns the end offset (timex.c reads them). */
static int scan_clock_tail(const char *t, int i, int end)
{
    if (i + 1 < end && t[i] == '.' && is_digit((unsigned char)t[i + 1])) {
        i++;
        while (i < end && is_digit((unsigned char)t[i])) i++;
    }
    if (i < end && (t[i] == 'Z' || t[i] == 'z')) return i + 1;
    if (i + 1 < end && (t[i] == '+' || t[i] == '-') && is_digit((unsigned char)t[i + 1])) {
        i++;
        while (i < end && (is_digit((unsigned char)t[i]) || (t[i] == ':' && i + 1 < end && is_digit((unsigned char)t[i + 1]))))
            i++;
    }
    return i;
}

/* Scans a word or number starting at off; returns its end offset. */
static int scan_word(const char *t, int off, int end)
{
    int i = off;
    if (t[i] == '-') i++;
    while (i < end && is_word_char((unsigned char)t[i])) {
        if (t[i] == '.' && i + 1 < end && t[i + 1] == '.') break;   /* range .. */
        if (t[i] == '-' && i + 1 < end && t[i + 1] == '>') break;   /* arrow -> */
        if (t[i] == ':' ) break;
        i++;
    }
    /* digits may carry a clock time: 1935-12-01T15:00 */
    int clock = 0;
    while (i < end && t[i] == ':' && i + 1 < end && is_digit((unsigned char)t[i + 1]) && i > off &&
           is_digit((unsigned char)t[i - 1])) {
        i++;
        clock = 1;
        while (i < end && is_digit((unsigned char)t[i])) i++;
    }
    return clock ? scan_clock_tail(t, i, end) : i;
}

/* Scans a string starting at the opening quote; appends the token.  Returns
 * the offset after the closing quote, or -1 if unclosed (error reported). */
static int scan_string(lexer *lx, tok_vec *toks, int off, int end)
{
    kj_case *c = lx->c;
    char *buf = kj_arena_alloc(&c->arena, (size_t)(end - off) + 1);
    int n = 0, i = off + 1;
    while (i < end && lx->text[i] != '"') {
        if (lx->text[i] == '\\' && i + 1 < end && (lx->text[i + 1] == '"' || lx->text[i + 1] == '\\')) i++;
        buf[n++] = lx->text[i++];
    }
    if (i >= end) {
        kj_error(c, span_at(lx, off, 1), "add a closing '\"' on the same line", "unclosed string");
        return -1;
    }
    buf[n] = 0;
    kj_tok t = {.kind = TK_STRING, .text = buf, .span = span_at(lx, off, i + 1 - off)};
    kj_vec_put(lx->c->mem, toks, t);
    return i + 1;
}

/* Tokenizes one physical line [off, end). */
static void lex_line(lexer *lx, tok_vec *toks, int off, int end)
{
    kj_case *c = lx->c;
    const char *t = lx->text;
    int i = off;
    while (i < end) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == ' ' || ch == '\t' || ch == '\r') { i++; continue; }
        if (ch == ';') break;
        if (ch == '"') {
            int j = scan_string(lx, toks, i, end);
            if (j < 0) return;
            i = j;
            continue;
        }
        const char *punct = NULL;
        int plen = 1;
        if (ch == ':' || ch == ',' || ch == '=' || ch == '%' || ch == '(' || ch == ')') {
            punct = NULL;
            plen = 1;
        }
        if (t[i] == '-' && i + 1 < end && t[i + 1] == '>') {
            punct = "->";
            plen = 2;
        } else if (t[i] == '.' && i + 1 < end && t[i + 1] == '.') {
            punct = "..";
            plen = 2;
        } else if (t[i] == '+' && i + 1 < end && t[i + 1] == '-') {
            punct = "±";
            plen = 2;
        } else if (ch == 0xc2 && i + 1 < end && (unsigned char)t[i + 1] == 0xb1) {
            punct = "±";
            plen = 2;
        }
        if (punct || ch == ':' || ch == ',' || ch == '=' || ch == '%' || ch == '(' || ch == ')') {
            const char *txt = punct ? punct : word(lx, t + i, 1);
            kj_tok tk = {.kind = TK_PUNCT, .text = txt, .span = span_at(lx, i, plen)};
            kj_vec_put(lx->c->mem, toks, tk);
            i += plen;
            continue;
        }
        if (is_ident_start(ch) || is_digit(ch) || (ch == '-' && i + 1 < end && is_digit((unsigned char)t[i + 1]))) {
            int j = scan_word(t, i, end);
            const char *w = word(lx, t + i, (size_t)(j - i));
            kj_tok tk = {.kind = is_number_text(w) ? TK_NUMBER : TK_WORD, .text = w, .span = span_at(lx, i, j - i)};
            kj_vec_put(lx->c->mem, toks, tk);
            i = j;
            continue;
        }
        if (ch >= 0x80) {
            int n = kj_utf8_len((const unsigned char *)t + i, (const unsigned char *)t + end);
            kj_error(c, span_at(lx, i, n ? n : 1), "non-ASCII text belongs in a \"quoted string\" or a ; comment",
                     "unexpected character outside a string");
            i += n ? n : 1;
            continue;
        }
        char hint[64];
        snprintf(hint, sizeof hint, "remove the '%c' or quote the text", ch >= 0x20 ? ch : '?');
        kj_error(c, span_at(lx, i, 1), hint, "unexpected character '%c'", ch >= 0x20 && ch < 0x7f ? ch : '?');
        i++;
    }
}

/* Checks the bytes of the file; returns 0 if the file is text we can read. */
static int check_bytes(lexer *lx, const kj_file *f)
{
    const unsigned char *p = (const unsigned char *)f->text, *end = p + f->size;
    int line = 1, errors = 0;
    const unsigned char *ls = p;
    while (p < end && errors < 5) {
        if (*p == '\n') { line++; p++; ls = p; continue; }
        int n = *p ? kj_utf8_len(p, end) : 0;
        if (n == 0) {
            kj_span sp = {.file = lx->file, .line = line, .col = (int)(p - ls) + 1, .len = 1};
            if (*p == 0)
                kj_error(lx->c, sp, "a case file is plain UTF-8 text; is this a binary file?", "NUL byte in input");
            else
                kj_error(lx->c, sp, "save the file as UTF-8", "invalid UTF-8 byte 0x%02x", *p);
            errors++;
            /* skip to the next line: one report per bad line */
            while (p < end && *p != '\n') p++;
            continue;
        }
        p += n;
    }
    return errors;
}

/* The lexer of one file, one logical statement at a time: a big case's
 * tokens never exist all at once (they were a quarter of its memory). */
struct kj_lexer {
    lexer lx;
    kj_ptrset words;
    const int *line_start;
    int n_lines;
    size_t size;
    int ln;                      /* the next physical line to read */
    tok_vec line;                /* the tokens of one physical line */
    tok_vec cur;                 /* the statement being gathered */
    int cur_indent, cur_bad;
    tok_vec out;                 /* the statement last handed out */
};

kj_lexer *kj_lex_open(kj_case *c, int file)
{
    kj_file *f = &c->files[file]; /* copied: an include adds files (and moves this array) */
    kj_lexer *L = kj_calloc(c->mem, 1, sizeof *L);
    L->lx = (lexer){.c = c, .file = file, .text = f->text, .words = &L->words};
    L->words.mem = c->mem;
    L->line_start = f->line_start;
    L->n_lines = f->n_lines;
    L->size = f->size;
    if (check_bytes(&L->lx, f)) { /* reported: nothing to hand out */
        kj_free(L);
        return NULL;
    }
    return L;
}

/* Hands out the gathered statement: the caller's until the next call. */
static int hand_out(kj_lexer *L, kj_logical *out)
{
    tok_vec t = L->out;
    L->out = L->cur;
    L->cur = t;
    L->cur.n = 0;
    *out = (kj_logical){L->out.items, L->out.n, L->cur_indent, L->cur_bad};
    return 1;
}

int kj_lex_next(kj_lexer *L, kj_logical *out)
{
    kj_case *c = L->lx.c;
    const char *text = L->lx.text;
    while (L->ln < L->n_lines) {
        int off = L->line_start[L->ln];
        int end = off;
        while ((size_t)end < L->size && text[end] != '\n') end++;
        /* a file may start with a UTF-8 byte order mark (editors on
         * Windows write one): not text, and columns count after it */
        if (L->ln == 0 && end - off >= 3 && !memcmp(text + off, "\xEF\xBB\xBF", 3)) off += 3;
        L->lx.line = L->ln + 1;
        L->lx.line_off = off;
        int indent = 0;
        while (off + indent < end && (text[off + indent] == ' ' || text[off + indent] == '\t')) indent++;
        L->line.n = 0;
        int errors_before = c->n_errors;
        lex_line(&L->lx, &L->line, off, end);
        int line_bad = c->n_errors != errors_before;
        if (L->line.n == 0) { L->ln++; continue; }
        L->line.items[0].line_first = 1;
        L->line.items[0].indent = indent;
        int starts = indent == 0 || (L->line.items[0].kind == TK_WORD &&
                     (!strcmp(L->line.items[0].text, "claim") || !strcmp(L->line.items[0].text, "entry")));
        if (!starts && L->cur.n == 0) {
            kj_error(c, L->line.items[0].span, "statements start at column 1; remove the indentation",
                     "indented line outside a statement");
            L->ln++;
            continue;
        }
        if (starts && L->cur.n) {
            /* this line begins the next statement: hand out the one
             * gathered, and begin the next with this line's tokens */
            hand_out(L, out);
            L->cur_indent = indent;
            L->cur_bad = line_bad;
            for (int i = 0; i < L->line.n; i++) kj_vec_put(c->mem, &L->cur, L->line.items[i]);
            L->ln++;
            return 1;
        }
        if (starts) {
            L->cur_indent = indent;
            L->cur_bad = 0;
        }
        L->cur_bad |= line_bad;
        for (int i = 0; i < L->line.n; i++) kj_vec_put(c->mem, &L->cur, L->line.items[i]);
        L->ln++;
    }
    if (L->cur.n) return hand_out(L, out);
    return 0;
}

void kj_lex_close(kj_lexer *L)
{
    if (!L) return;
    kj_free(L->line.items);
    kj_free(L->cur.items);
    kj_free(L->out.items);
    kj_ptrset_free(&L->words);
    kj_free(L);
}

int kj_lex_count(const kj_case *c, int file)
{
    const kj_file *f = &c->files[file];
    int n = 0;
    for (int ln = 0; ln < f->n_lines; ln++) {
        const char *p = f->text + f->line_start[ln], *e = f->text + f->size;
        int indent = 0;
        while (p < e && (*p == ' ' || *p == '\t')) {
            p++;
            indent++;
        }
        if (p == e || *p == '\n' || *p == '\r' || *p == ';') continue;
        n += !indent || ((size_t)(e - p) > 5 && (!strncmp(p, "claim", 5) || !strncmp(p, "entry", 5)));
    }
    return n;
}
