/* lsp — kjeller lsp: the Language Server Protocol (3.17) over a pair of
 * file descriptors, JSON-RPC 2.0 read and written with jansson.
 *
 * The server keeps the documents the editor has open, as the editor has
 * them (full text on every change), and an analysis per root: an open
 * document that no other open document's case includes.  An analysis is a
 * load of the root with the open documents read from memory
 * (kj_case_open_edited) and a check of it.  When the load fails (the text
 * is being typed), its errors are published and the last good case and
 * report stay for hover and navigation ("stale": their positions are of
 * an older text, so the server then finds things by the word under the
 * cursor rather than by position).
 *
 * Diagnostics: every error and warning of the load; every contradiction
 * as an error on its claim (the proof in the message, each statement it
 * rests on in the related information) and as information on each of
 * those statements in the case's own files; findings about devices as
 * information on their claims; weekday notes as warnings.
 *
 * Changes are coalesced: a didChange marks the analyses it touches, and
 * the server analyses when no more input is waiting, or before it answers
 * a request (which must see the latest text).  Everything the server
 * holds for a document or an analysis is freed when it is replaced: a
 * long session stays flat (tests/lsp.sh measures it). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "kj.h"
#include "report.h"
#include "stmt.h"
#include "timex.h"

/* ---- the server's state -------------------------------------------------- */

typedef struct doc {
    char *uri;
    char *path;   /* the file's, for a file: URI; else the URI itself */
    char *text;
    size_t size;
    json_int_t version;
    int *lines;   /* where each line begins (made when needed: relocate), or NULL */
    int n_lines;
} doc;

typedef struct file_id {
    char *path;
    int has_identity;
    dev_t dev;
    ino_t ino;
} file_id;

typedef struct analysis {
    char *root;               /* the root document's path */
    kj_case *c;               /* the last good load, or NULL */
    kj_report *r;             /* its check, or NULL (the check failed) */
    int stale;                /* the last load failed: c is of an older text */
    json_t *diags;            /* uri -> [Diagnostic] of the last load and check */
    file_id *files; int n_files; /* the files of the last good load */
    int dirty;
} analysis;

typedef struct kj_lsp {
    int in, out;
    FILE *log;
    kj_runtime rt;
    int initialized, shut_down, utf8;
    doc *docs; int n_docs, cap_docs;
    analysis *an; int n_an, cap_an;
    json_t *published;        /* uri -> [Diagnostic] as last sent */
    json_t *uris;             /* path -> uri (uri_for), for one analysis */
    char *buf; size_t len, cap;
    int pending;              /* a change not yet analysed */
    int everything;           /* a file on disk changed: analyse every root */
} kj_lsp;

static void say_log(kj_lsp *s, const char *what, const char *detail)
{
    if (!s->log) return;
    fputs("kjeller lsp: ", s->log);
    kj_print_text(s->log, what);
    if (detail) {
        fputs(": ", s->log);
        kj_print_text(s->log, detail);
    }
    fputc('\n', s->log);
    fflush(s->log);
}

static int stat_ok(const char *path, struct stat *st) { return stat(path, st) == 0; }

/* ---- URIs ------------------------------------------------------------------ */

static int hexval(int ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* The path of a file: URI (percent-decoded), or a copy of the URI itself
 * for another scheme (an unsaved buffer: read from memory only).  NULL if
 * memory ran out, or the URI decodes to a NUL. */
static char *uri_path(const char *uri)
{
    const char *p = uri;
    if (!strncmp(uri, "file://", 7)) {
        p = uri + 7;
        if (!strncmp(p, "localhost/", 10)) p += 9;
        if (*p != '/') p = uri; /* (a host: not ours to read) */
    }
    if (p == uri) return strdup(uri);
    char *out = malloc(strlen(p) + 1), *o = out;
    if (!out) return NULL;
    for (; *p; p++) {
        int hi, lo;
        if (*p == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
            *o = (char)(hi * 16 + lo);
            if (!*o) {
                free(out);
                return NULL;
            }
            o++;
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return out;
}

/* The file: URI of a path (absolute; a relative one from the current
 * directory), percent-encoded as RFC 3986 asks; NULL if memory ran out. */
static char *path_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    char cwd[PATH_MAX];
    const char *dir = "";
    if (path[0] != '/') {
        if (!strncmp(path, "untitled:", 9) || strchr(path, ':')) return strdup(path); /* a URI kept as such */
        dir = getcwd(cwd, sizeof cwd) ? cwd : "";
    }
    size_t n = strlen(dir) + strlen(path) + 2;
    char *out = malloc(7 + 3 * n + 1), *o = out;
    if (!out) return NULL;
    memcpy(o, "file://", 7);
    o += 7;
    for (int part = 0; part < 2; part++) {
        const char *p = part ? path : dir;
        if (part && *dir) *o++ = '/';
        for (; *p; p++) {
            unsigned char ch = (unsigned char)*p;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strchr("-._~/", ch)) {
                *o++ = (char)ch;
            } else {
                *o++ = '%';
                *o++ = hex[ch >> 4];
                *o++ = hex[ch & 15];
            }
        }
    }
    *o = 0;
    return out;
}

/* The URI the editor knows a file by: an open document's that is the same
 * file (by device and inode: a path through a link, or with "..", names
 * the document the editor has), else the file: URI of its real path (of
 * the path as given when it is not on disk).  Kept per path until the
 * next analysis (s->uris).  NULL if memory ran out. */
static char *uri_for(kj_lsp *s, const char *path);

/* ---- positions -------------------------------------------------------------- */

/* The length of the UTF-8 sequence at p (1 for a byte that begins none). */
static int u8len(const unsigned char *p, const unsigned char *end)
{
    int n = kj_utf8_len(p, end);
    return n ? n : 1;
}

/* The client's column (UTF-16 code units, or bytes with utf8) of byte col
 * (0-based) of a line. */
static int col_out(const kj_lsp *s, const char *line, size_t len, int col)
{
    if (col < 0) col = 0;
    if (s->utf8) return col;
    size_t stop = (size_t)col < len ? (size_t)col : len;
    const unsigned char *p = (const unsigned char *)line, *end = p + len, *at = p + stop;
    int units = 0;
    while (p < at) {
        int n = u8len(p, end);
        units += n == 4 ? 2 : 1;
        p += n;
    }
    return units + (int)((size_t)col - stop);
}

/* The byte column (0-based) of the client's column of a line. */
static int col_in(const kj_lsp *s, const char *line, size_t len, json_int_t units)
{
    if (units < 0) units = 0;
    if (s->utf8) return units > (json_int_t)len ? (int)len : (int)units;
    const unsigned char *p = (const unsigned char *)line, *end = p + len;
    json_int_t u = 0;
    while (p < end && u < units) {
        int n = u8len(p, end);
        u += n == 4 ? 2 : 1;
        p += n;
    }
    return (int)(p - (const unsigned char *)line);
}

/* Line `line` (0-based) of text: its start and length (no newline, no
 * carriage return); 0 if the text has no such line. */
static int line_of(const char *text, size_t size, json_int_t line, const char **start, size_t *len)
{
    const char *p = text, *end = text + size;
    for (json_int_t l = 0; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return 0;
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n && p[n - 1] == '\r') n--;
    *start = p;
    *len = n;
    return 1;
}

static int has_bom(const char *text, size_t size) { return size >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3); }

static json_t *position(int line, int character)
{
    return json_pack("{s:i,s:i}", "line", line < 0 ? 0 : line, "character", character < 0 ? 0 : character);
}

/* The range of len bytes from (1-based) line, col of a file's text. */
static json_t *range_in(const kj_lsp *s, const char *text, size_t size, int line, int col, int len)
{
    const char *ls = "";
    size_t ll = 0;
    if (line < 1 || !line_of(text, size, line - 1, &ls, &ll)) {
        line = line < 1 ? 1 : line;
        ls = "";
        ll = 0;
    }
    int c0 = col < 1 ? 0 : col - 1;
    int c1 = c0 + (len < 0 ? 0 : len);
    if ((size_t)c0 > ll) c0 = (int)ll;
    if ((size_t)c1 > ll) c1 = (int)ll;
    return json_pack("{s:o,s:o}", "start", position(line - 1, col_out(s, ls, ll, c0)), "end",
                     position(line - 1, col_out(s, ls, ll, c1)));
}

/* The range of a span of a case's file (its line found by the file's
 * index of lines, not by a scan: a case has thousands of diagnostics). */
static json_t *span_range(const kj_lsp *s, const kj_case *c, kj_span sp)
{
    const kj_file *f = &c->files[sp.file];
    if (sp.line < 1 || sp.line > f->n_lines) return range_in(s, "", 0, sp.line < 1 ? 1 : sp.line, 1, 0);
    size_t start = (size_t)f->line_start[sp.line - 1];
    const char *nl = memchr(f->text + start, '\n', f->size - start);
    size_t len = nl ? (size_t)(nl - (f->text + start)) : f->size - start;
    if (len && f->text[start + len - 1] == '\r') len--;
    /* kjeller's columns of line 1 begin after a byte order mark; the editor's
     * with it when its text has one (an editor that reads a file from disk
     * leaves it out of the text: a file not open is counted without it) */
    const char *ls = f->text + start;
    int bom = 0;
    if (sp.line == 1 && has_bom(f->text, f->size)) {
        if (f->edited) bom = 3;
        else ls += 3, len -= 3;
    }
    int c0 = bom + (sp.col < 1 ? 0 : sp.col - 1);
    int c1 = c0 + (sp.len < 0 ? 0 : sp.len);
    if ((size_t)c0 > len) c0 = (int)len;
    if ((size_t)c1 > len) c1 = (int)len;
    return json_pack("{s:o,s:o}", "start", position(sp.line - 1, col_out(s, ls, len, c0)), "end",
                     position(sp.line - 1, col_out(s, ls, len, c1)));
}

/* The whole of a line (1-based) of a file. */
static json_t *line_range(const kj_lsp *s, const kj_case *c, int file, int line)
{
    return span_range(s, c, (kj_span){.file = file, .line = line, .col = 1, .len = INT_MAX / 2});
}

/* ---- messages ---------------------------------------------------------------- */

/* Writes all of buf to fd: 0, or -1 (the client has gone). */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Sends msg (and frees it). */
static void send_msg(kj_lsp *s, json_t *msg)
{
    if (!msg) {
        say_log(s, "out of memory", "a message was not sent");
        return;
    }
    char *body = json_dumps(msg, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(msg);
    if (!body) {
        say_log(s, "out of memory", "a message was not sent");
        return;
    }
    char head[64];
    size_t n = strlen(body);
    int hn = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    if (write_all(s->out, head, (size_t)hn) != 0 || write_all(s->out, body, n) != 0)
        say_log(s, "cannot write to the client", strerror(errno));
    free(body);
}

static void reply(kj_lsp *s, json_t *id, json_t *result)
{
    json_t *m = json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(), "result",
                          result ? result : json_null());
    send_msg(s, m);
}

static void reply_error(kj_lsp *s, json_t *id, int code, const char *message)
{
    send_msg(s, json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error", "code", code,
                          "message", message));
}

static void notify(kj_lsp *s, const char *method, json_t *params)
{
    send_msg(s, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params ? params : json_null()));
}

/* a, b and c joined (malloc'd), or NULL */
static char *join3(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *out = malloc(na + nb + nc + 1);
    if (!out) return NULL;
    memcpy(out, a, na);
    memcpy(out + na, b, nb);
    memcpy(out + na + nb, c, nc + 1);
    return out;
}

/* ---- documents ------------------------------------------------------------------ */

static doc *doc_of(kj_lsp *s, const char *uri)
{
    for (int i = 0; i < s->n_docs; i++)
        if (!strcmp(s->docs[i].uri, uri)) return &s->docs[i];
    return NULL;
}

static char *uri_for(kj_lsp *s, const char *path)
{
    const char *known = json_string_value(json_object_get(s->uris, path));
    if (known) return strdup(known);
    char *uri = NULL;
    struct stat st, dst;
    for (int i = 0; i < s->n_docs && !uri; i++) /* (as the editor spells it: "a+b", "%c3%bc", localhost) */
        if (!strcmp(s->docs[i].path, path)) uri = strdup(s->docs[i].uri);
    if (!uri && stat(path, &st) == 0) {
        for (int i = 0; i < s->n_docs && !uri; i++)
            if (stat(s->docs[i].path, &dst) == 0 && dst.st_dev == st.st_dev && dst.st_ino == st.st_ino)
                uri = strdup(s->docs[i].uri);
        char *real = uri ? NULL : realpath(path, NULL);
        if (real) uri = path_uri(real);
        free(real);
    }
    if (!uri) uri = path_uri(path);
    if (uri && s->uris) json_object_set_new(s->uris, path, json_string(uri));
    return uri;
}

static const char *params_uri(json_t *params)
{
    return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

static int same_file(const file_id *a, const char *path, const struct stat *st)
{
    if (a->has_identity && st) return a->dev == st->st_dev && a->ino == st->st_ino;
    return !strcmp(a->path, path);
}

/* Whether analysis a's case has the file at path (st: what it is on disk,
 * or NULL). */
static int analysis_has(const analysis *a, const char *path, const struct stat *st)
{
    for (int i = 0; i < a->n_files; i++)
        if (same_file(&a->files[i], path, st)) return 1;
    return !strcmp(a->root, path);
}

static void analysis_free(analysis *a)
{
    kj_report_free(a->r);
    kj_case_free(a->c);
    json_decref(a->diags);
    for (int i = 0; i < a->n_files; i++) free(a->files[i].path);
    free(a->files);
    free(a->root);
    memset(a, 0, sizeof *a);
}

/* ---- analysing ------------------------------------------------------------------- */

typedef struct collect {
    kj_lsp *s;
    json_t *diags; /* uri -> [Diagnostic] */
} collect;

/* The array of diagnostics of path in map, made if new. */
static json_t *diags_for(kj_lsp *s, json_t *map, const char *path)
{
    char *uri = uri_for(s, path);
    if (!uri) return NULL;
    json_t *arr = json_object_get(map, uri);
    if (!arr) {
        arr = json_array();
        if (json_object_set_new(map, uri, arr) != 0) arr = NULL;
    }
    free(uri);
    return arr;
}

/* "did you mean 'X'?" with X one word: X (malloc'd), else NULL. */
static char *hint_word(const char *hint)
{
    const char *p = hint ? strstr(hint, "did you mean '") : NULL;
    if (!p) return NULL;
    p += 14;
    const char *q = strchr(p, '\'');
    if (!q || q == p) return NULL;
    for (const char *r = p; r < q; r++)
        if (*r == ' ') return NULL;
    return strndup(p, (size_t)(q - p));
}

/* Whether the editor's text of the file at path begins with a byte order
 * mark (a file not open: no, as an editor reads it from disk). */
static int file_has_bom(kj_lsp *s, const char *path)
{
    for (int i = 0; i < s->n_docs; i++)
        if (!strcmp(s->docs[i].path, path)) return has_bom(s->docs[i].text, s->docs[i].size);
    return 0;
}

static void on_diag(void *ctx, const kj_diag *d)
{
    collect *k = ctx;
    json_t *arr = diags_for(k->s, k->diags, d->file ? d->file : "kjeller");
    if (!arr) return;
    const char *lt = d->line_text ? d->line_text : "";
    size_t ll = strlen(lt);
    int line = d->line > 0 ? d->line - 1 : 0;
    int c0 = d->col > 0 ? d->col - 1 : 0, c1 = c0 + (d->len > 0 ? d->len : 1);
    if ((size_t)c0 > ll) c0 = (int)ll;
    if ((size_t)c1 > ll) c1 = (int)ll;
    /* (line 1's columns begin after a byte order mark, which the line shown
     * leaves out too; the editor's count it: one unit, or three bytes) */
    int bom = line == 0 && d->file && file_has_bom(k->s, d->file) ? (k->s->utf8 ? 3 : 1) : 0;
    json_t *range = json_pack("{s:o,s:o}", "start", position(line, bom + col_out(k->s, lt, ll, c0)), "end",
                              position(line, bom + col_out(k->s, lt, ll, c1)));
    char *msg = d->hint ? join3(d->message, "\nhint: ", d->hint) : NULL;
    json_t *o = json_pack("{s:o,s:i,s:s,s:s}", "range", range, "severity", d->severity == KJ_DIAG_WARNING ? 2 : 1,
                          "source", "kjeller", "message", msg ? msg : d->message);
    free(msg);
    char *word = hint_word(d->hint);
    if (o && word) json_object_set_new(o, "data", json_pack("{s:s}", "replace", word));
    free(word);
    json_array_append_new(arr, o);
}

/* Appends the text of a JSON proof (render_json.c's) to a buffer: the
 * reason of a choice and each of its cases, or the steps of a leaf and
 * what it falls short by. */
typedef struct textbuf {
    char *p;
    size_t n, cap;
    int failed;
} textbuf;

static void tb_put(textbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->failed) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n + 1);
    b->n += n;
}

static void tb_indent(textbuf *b, int depth)
{
    for (int i = 0; i < depth; i++) tb_put(b, "  ");
}

static void tb_margin(textbuf *b, json_t *o)
{
    char dur[64];
    json_t *m = json_object_get(o, "margin_seconds");
    if (!json_is_integer(m)) return;
    kj_duration_format((int64_t)json_integer_value(m), dur, sizeof dur);
    tb_put(b, dur);
}

static void proof_text(textbuf *b, json_t *p, int depth)
{
    json_t *because = json_object_get(p, "because");
    if (json_is_string(because)) {
        tb_indent(b, depth);
        tb_put(b, "- ");
        tb_put(b, json_string_value(because));
        tb_put(b, "; so one of:\n");
        size_t i;
        json_t *alt;
        json_array_foreach(json_object_get(p, "one_of"), i, alt) {
            tb_indent(b, depth + 1);
            tb_put(b, i ? "or " : "either ");
            tb_put(b, json_string_value(json_object_get(alt, "case")) ? json_string_value(json_object_get(alt, "case")) : "");
            tb_put(b, ":\n");
            proof_text(b, alt, depth + 2);
        }
        return;
    }
    size_t i;
    json_t *step;
    json_array_foreach(json_object_get(p, "steps"), i, step) {
        tb_indent(b, depth);
        tb_put(b, "- ");
        tb_put(b, json_string_value(step) ? json_string_value(step) : "");
        tb_put(b, "\n");
    }
    tb_indent(b, depth);
    tb_put(b, "=> impossible: short by ");
    tb_margin(b, p);
    tb_put(b, "\n");
}

/* How a statement is named in a conflict's related information: "register
 * 'kjeller-december' (source aftenposten-1937-01-25)". */
static char *stmt_words(const kj_case *c, kj_arena *a, int i)
{
    const kj_stmt *st = &c->stmts[i];
    const char *src = kj_stmt_source(c, st);
    const char *what = st->kind == ST_ENTRY ? "register entry" : st->kind == ST_DEVICE && st->device->vehicle ? "vehicle"
                                                                                                             : kj_role_name(st->role);
    return kj_arena_printf(a, "%s '%s'%s%s%s%s%s", what, st->id ? st->id : "", src ? " (source " : "", src ? src : "",
                           src ? ")" : "", st->label && st->kind == ST_ENTRY ? ": " : "",
                           st->label && st->kind == ST_ENTRY ? st->label : "");
}

/* A file of the case the editor may show: one of its own (not an imported
 * CSV, not the shipped defaults). */
static int own_file(const kj_case *c, int f) { return f >= 0 && f < c->n_files && f != c->data_file && !c->files[f].sha256; }


/* The open document that is file f of c, or NULL. */
static doc *doc_of_file(kj_lsp *s, const kj_case *c, int f)
{
    const kj_file *kf = &c->files[f];
    for (int i = 0; i < s->n_docs; i++) {
        struct stat st;
        if (!strcmp(s->docs[i].path, kf->path)) return &s->docs[i];
        if (kf->has_identity && stat_ok(s->docs[i].path, &st) && st.st_dev == kf->dev && st.st_ino == kf->ino)
            return &s->docs[i];
    }
    return NULL;
}

/* Where a line (1-based) of file f of a stale case is in the text the
 * editor has now: the same line if the document is not open or has not
 * changed, else the nearest line with the same text (within 1,000 lines),
 * or -1 when there is none (the line was edited: nothing is said of it). */
static int relocate(kj_lsp *s, const kj_case *c, int f, int line)
{
    const kj_file *kf = &c->files[f];
    doc *d = doc_of_file(s, c, f);
    if (!d || (d->size == kf->size && !memcmp(d->text, kf->text, kf->size))) return line;
    if (line < 1 || line > kf->n_lines) return -1;
    if (!d->lines) {
        int n = 1;
        for (size_t i = 0; i < d->size; i++) n += d->text[i] == '\n';
        if (!(d->lines = malloc(sizeof *d->lines * (size_t)n))) return -1;
        d->lines[0] = 0;
        d->n_lines = 1;
        for (size_t i = 0; i < d->size; i++)
            if (d->text[i] == '\n') d->lines[d->n_lines++] = (int)i + 1;
    }
    const char *old = kf->text + kf->line_start[line - 1];
    const char *oe = memchr(old, '\n', kf->size - (size_t)kf->line_start[line - 1]);
    size_t olen = oe ? (size_t)(oe - old) : kf->size - (size_t)kf->line_start[line - 1];
    for (int delta = 0; delta <= 1000; delta++)
        for (int sign = 0; sign < 2; sign++) {
            int l = line + (sign ? -delta : delta); /* 1-based */
            if ((sign && !delta) || l < 1 || l > d->n_lines) continue;
            size_t at = (size_t)d->lines[l - 1];
            size_t end = l < d->n_lines ? (size_t)d->lines[l] - 1 : d->size;
            if (end - at == olen && !memcmp(d->text + at, old, olen)) return l;
        }
    return -1;
}

/* Moves a range of a stale case's line to where that line is now: 0, or
 * -1 (the line is gone). */
static int shift_range(kj_lsp *s, const kj_case *c, int f, json_t *range)
{
    json_t *st = json_object_get(range, "start"), *en = json_object_get(range, "end");
    json_int_t line = json_integer_value(json_object_get(st, "line")) + 1;
    int now = relocate(s, c, f, (int)line);
    if (now < 0) return -1;
    if (now != line) {
        json_object_set_new(st, "line", json_integer(now - 1));
        json_object_set_new(en, "line", json_integer(json_integer_value(json_object_get(en, "line")) + (now - line)));
    }
    return 0;
}

/* Whether c is the last good case of an analysis whose last load failed:
 * its lines are of an older text. */
static int case_is_stale(const kj_lsp *s, const kj_case *c)
{
    for (int k = 0; k < s->n_an; k++)
        if (s->an[k].c == c) return s->an[k].stale;
    return 0;
}

/* A location in file sp.file of c, at range (taken): NULL when c is stale
 * and the line is no longer in the editor's text. */
static json_t *location(kj_lsp *s, const kj_case *c, kj_span sp, json_t *range)
{
    if (case_is_stale(s, c) && shift_range(s, c, sp.file, range) != 0) {
        json_decref(range);
        return NULL;
    }
    char *uri = uri_for(s, c->files[sp.file].path);
    json_t *o = json_pack("{s:s?,s:o}", "uri", uri, "range", range);
    free(uri);
    return o;
}

/* The diagnostics of one conflict (or finding) o, rendered as JSON (its
 * proof), into map: an error (a finding: information) on its claim with
 * the proof, and information on each statement it rests on in the case's
 * own files. */
static void conflict_diags(kj_lsp *s, const kj_case *c, kj_arena *ar, const kj_report *rr, const kj_conflict *cf,
                           int finding, json_t *o, const char *more, json_t *map)
{
    textbuf b = {0};
    const char *kind = finding ? "device" : kj_conflict_kind_name(cf->kind);
    tb_put(&b, finding ? "finding [" : "contradiction [");
    tb_put(&b, kind);
    tb_put(&b, "]: ");
    if (finding) {
        tb_put(&b, kj_finding_if(c, ar, rr->net, cf));
        tb_put(&b, ": ");
    }
    const char *head = kj_conflict_headline(c, ar, rr, cf);
    tb_put(&b, head);
    tb_put(&b, "\n");
    if (finding) {
        tb_put(&b, "not a contradiction: ");
        tb_put(&b, kj_finding_why(c, ar, rr->net, cf));
        tb_put(&b, "\n");
    }
    if (more) {
        tb_put(&b, more);
        tb_put(&b, "\n");
    }
    tb_put(&b, "proof:\n");
    proof_text(&b, json_object_get(o, "proof"), 1);
    size_t k;
    json_t *v;
    if (json_array_size(json_object_get(o, "assumptions"))) tb_put(&b, "assumes:\n");
    json_array_foreach(json_object_get(o, "assumptions"), k, v) {
        tb_put(&b, "  - ");
        tb_put(&b, json_string_value(v) ? json_string_value(v) : "");
        tb_put(&b, "\n");
    }
    tb_put(&b, "margin: ");
    tb_margin(&b, o);
    if (b.failed) {
        free(b.p);
        return;
    }
    json_t *related = json_array();
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *st = &c->stmts[cf->stmts[i]];
        /* (an imported row's file is named by the store, relative to where it was
         * imported from: its rows are cited in the proof, not linked) */
        if (!own_file(c, st->span.file) || cf->stmts[i] == cf->claim) continue;
        json_array_append_new(related, json_pack("{s:o,s:s}", "location",
                                                 location(s, c, st->span, line_range(s, c, st->span.file, st->span.line)),
                                                 "message", stmt_words(c, ar, cf->stmts[i])));
    }
    const kj_stmt *cl = &c->stmts[cf->claim];
    json_t *arr = own_file(c, cl->span.file) ? diags_for(s, map, c->files[cl->span.file].path) : NULL;
    if (arr)
        json_array_append_new(arr, json_pack("{s:o,s:i,s:s,s:s,s:s,s:O}", "range",
                                             span_range(s, c, (kj_span){cl->span.file, cl->span.line, cl->span.col, 5}),
                                             "severity", finding ? 3 : 1, "source", "kjeller", "code", kind, "message",
                                             b.p, "relatedInformation", related));
    /* each premise in the case's own files: where the proof begins */
    for (int i = 0; i < cf->n; i++) {
        const kj_stmt *st = &c->stmts[cf->stmts[i]];
        if (cf->stmts[i] == cf->claim || !own_file(c, st->span.file)) continue;
        json_t *pa = diags_for(s, map, c->files[st->span.file].path);
        char *msg = kj_arena_printf(ar, "%s of %s: %s", finding ? "premise of a finding" : "premise of a contradiction",
                                    kj_arena_printf(ar, "claim '%s'", cl->id), head);
        json_t *rel = json_pack("[{s:o,s:s}]", "location",
                                location(s, c, cl->span, line_range(s, c, cl->span.file, cl->span.line)), "message",
                                "the claim, with the proof");
        if (pa)
            json_array_append_new(pa, json_pack("{s:o,s:i,s:s,s:s,s:s,s:o}", "range",
                                                span_range(s, c, st->id && st->id_span.line > 0 ? st->id_span : st->span), "severity", finding ? 4 : 3, "source",
                                                "kjeller", "code", kind, "message", msg, "relatedInformation", rel));
        else
            json_decref(rel);
    }
    json_decref(related);
    free(b.p);
}

static void free_json(void *v) { json_decref(v); }

/* The diagnostics of a check: its conflicts and findings (one per group
 * alike: the tightest, saying how many more), the notes of weekdays, and
 * a budget run out.  A library call of its own (mem.h). */
static void check_diags(kj_lsp *s, const kj_case *c, const kj_report *r, json_t *map)
{
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) {
        kj_mem_release(&mem);
        say_log(s, "the check's diagnostics were left out", mem.why);
        return;
    }
    kj_arena ar = KJ_ARENA(&mem);
    for (int finding = 0; finding < 2; finding++) {
        const kj_report *rr = finding ? r->findings_of : r;
        int n = finding ? r->n_findings : r->n_conflicts;
        const kj_conflict *cfs = finding ? r->findings : r->conflicts;
        const kj_alike *al = finding ? &r->findings_alike : &r->alike;
        for (int i = 0; i < n; i++) {
            if (al->tightest && al->tightest[al->lead[i]] != i) continue;
            json_t *o = json_object();
            if (!o) kj_mem_fail(&mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
            kj_mem_cleanup *held = kj_mem_on_failure(&mem, free_json, o);
            kj_conflict_json(c, r, &ar, i, finding, o);
            const char *more = al->tightest ? kj_alike_text(c, &ar, cfs, n, al, al->lead[i], finding ? "finding" : "contradiction") : NULL;
            conflict_diags(s, c, &ar, rr, &cfs[i], finding, o, more, map);
            kj_mem_forget(&mem, held);
            json_decref(o);
        }
    }
    for (int k = 0; k < c->n_weekday_notes; k++) {
        const kj_weekday_note *wn = &c->weekday_notes[k];
        json_t *arr = own_file(c, wn->at.file) ? diags_for(s, map, c->files[wn->at.file].path) : NULL;
        if (arr)
            json_array_append_new(arr, json_pack("{s:o,s:i,s:s,s:s}", "range", span_range(s, c, wn->at), "severity", 2,
                                                 "source", "kjeller", "message", wn->message));
    }
    kj_arena_free(&ar);
    kj_mem_keep(&mem);
}

/* ---- analyses ---------------------------------------------------------------------- */

/* A diagnostic of the whole root (a failure inside the library, a budget
 * run out): on its first line. */
static void root_diag(kj_lsp *s, json_t *map, const char *root, int severity, const char *message)
{
    json_t *arr = diags_for(s, map, root);
    if (arr)
        json_array_append_new(arr, json_pack("{s:o,s:i,s:s,s:s}", "range", range_in(s, "", 0, 1, 1, 0), "severity",
                                             severity, "source", "kjeller", "message", message));
}

static void keep_files(analysis *a, const kj_case *c)
{
    for (int i = 0; i < a->n_files; i++) free(a->files[i].path);
    free(a->files);
    a->n_files = 0;
    a->files = calloc((size_t)c->n_files, sizeof *a->files);
    if (!a->files) return;
    for (int f = 0; f < c->n_files; f++) {
        if (!own_file(c, f)) continue;
        file_id *id = &a->files[a->n_files];
        if (!(id->path = strdup(c->files[f].path))) continue;
        id->has_identity = c->files[f].has_identity;
        id->dev = c->files[f].dev;
        id->ino = c->files[f].ino;
        a->n_files++;
    }
}

/* Loads and checks a's root, the open documents read as the editor has
 * them; the case and report replace the last good ones. */
static void analyse(kj_lsp *s, analysis *a)
{
    kj_input *ed = calloc((size_t)s->n_docs + 1, sizeof *ed);
    if (!ed) {
        say_log(s, "out of memory", "not analysed");
        return;
    }
    for (int i = 0; i < s->n_docs; i++)
        ed[i] = (kj_input){.path = s->docs[i].path, .data = s->docs[i].text, .size = s->docs[i].size};
    json_object_clear(s->uris); /* (files may have moved since) */
    collect k = {s, json_object()};
    int n_errors = 0;
    kj_failure failure;
    const char *root = a->root;
    kj_case *c = kj_case_open_edited(&root, 1, ed, s->n_docs, &s->rt, on_diag, &k, &n_errors, &failure);
    free(ed);
    a->dirty = 0;
    if (!c && failure.failed) {
        char msg[320];
        snprintf(msg, sizeof msg, "internal error: %s", failure.why);
        root_diag(s, k.diags, root, 1, msg);
    }
    if (c) {
        kj_report *r = kj_check(c, NULL, &failure);
        if (!r) {
            char msg[320];
            snprintf(msg, sizeof msg, "the check failed: %s", failure.why);
            root_diag(s, k.diags, root, 1, msg);
        } else {
            check_diags(s, c, r, k.diags);
            if (r->undecided)
                root_diag(s, k.diags, root, 3,
                          "the search budget ran out before every part of the case was decided; undecided claims may "
                          "hide contradictions (kjeller check --max-branches)");
        }
        kj_report_free(a->r);
        kj_case_free(a->c);
        a->c = c;
        a->r = r;
        a->stale = 0;
        keep_files(a, c);
    } else {
        a->stale = a->c != NULL;
    }
    json_decref(a->diags);
    a->diags = k.diags;
}

/* Whether document r's text has an include of the file at path (st: what
 * it is on disk, or NULL): read from the text, so that it holds while r
 * does not load (its includes are then not known from a case). */
static int text_includes(const doc *r, const char *path, const struct stat *st)
{
    const char *p = r->text, *end = r->text + r->size;
    const char *slash = strrchr(r->path, '/');
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end, *q = p;
        while (q < e && (*q == ' ' || *q == '\t')) q++;
        if (e - q > 9 && !memcmp(q, "include", 7) && (q[7] == ' ' || q[7] == '\t')) {
            q += 7;
            while (q < e && (*q == ' ' || *q == '\t')) q++;
            const char *close = q < e && *q == '"' ? memchr(q + 1, '"', (size_t)(e - q - 1)) : NULL;
            if (close) {
                char full[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
                int n = q[1] == '/' || !slash ? snprintf(full, sizeof full, "%.*s", (int)(close - q - 1), q + 1)
                                              : snprintf(full, sizeof full, "%.*s/%.*s", (int)(slash - r->path), r->path,
                                                         (int)(close - q - 1), q + 1);
                struct stat fst;
                if (n > 0 && (size_t)n < sizeof full) {
                    if (st && stat_ok(full, &fst) && fst.st_dev == st->st_dev && fst.st_ino == st->st_ino) return 1;
                    kj_lexical_path(full, a, sizeof a);
                    kj_lexical_path(path, b, sizeof b);
                    if (!strcmp(a, b)) return 1;
                }
            }
        }
        p = e + 1;
    }
    return 0;
}

/* Which open documents are roots: those no other open document's case
 * includes (two that include each other are both).  Analyses of what is
 * no longer a root go; a new root gets one, to be made. */
static void update_roots(kj_lsp *s)
{
    for (int i = 0; i < s->n_docs; i++) {
        doc *d = &s->docs[i];
        struct stat st;
        int has = stat_ok(d->path, &st);
        int included = 0;
        analysis *own = NULL;
        for (int j = 0; j < s->n_docs && !included; j++) { /* an open document's include, as written */
            if (j == i || !text_includes(&s->docs[j], d->path, has ? &st : NULL)) continue;
            struct stat jst;
            int jhas = stat_ok(s->docs[j].path, &jst);
            included = !text_includes(d, s->docs[j].path, jhas ? &jst : NULL); /* (not each other's) */
        }
        for (int k = 0; k < s->n_an; k++) {
            analysis *a = &s->an[k];
            if (!strcmp(a->root, d->path)) {
                own = a;
                continue;
            }
            if (!analysis_has(a, d->path, has ? &st : NULL)) continue;
            /* a includes d; unless d's own case includes a's root too */
            struct stat rst;
            int rhas = stat_ok(a->root, &rst);
            int mutual = 0;
            for (int j = 0; j < s->n_an; j++)
                if (!strcmp(s->an[j].root, d->path) && analysis_has(&s->an[j], a->root, rhas ? &rst : NULL)) mutual = 1;
            if (!mutual) included = 1;
        }
        if (included && own) {
            /* (own is s->an[k]: the last one moves into its place) */
            analysis_free(own);
            *own = s->an[--s->n_an];
        } else if (!included && !own) {
            if (s->n_an == s->cap_an) {
                int cap = s->cap_an ? 2 * s->cap_an : 4;
                analysis *an = realloc(s->an, sizeof *an * (size_t)cap);
                if (!an) continue;
                s->an = an;
                s->cap_an = cap;
            }
            analysis *a = &s->an[s->n_an];
            memset(a, 0, sizeof *a);
            if (!(a->root = strdup(d->path))) continue;
            a->dirty = 1;
            s->n_an++;
        }
    }
    /* a root closed */
    for (int k = 0; k < s->n_an;) {
        int open = 0;
        for (int i = 0; i < s->n_docs; i++) open |= !strcmp(s->docs[i].path, s->an[k].root);
        if (open) {
            k++;
            continue;
        }
        analysis_free(&s->an[k]);
        s->an[k] = s->an[--s->n_an];
    }
}

/* Sends each document's diagnostics that changed: those of every
 * analysis, merged (a file two roots include once), and an empty list
 * for a document that had some and has none now. */
static void publish(kj_lsp *s)
{
    json_t *merged = json_object();
    if (!merged) return;
    for (int k = 0; k < s->n_an; k++) {
        const char *uri;
        json_t *arr;
        json_object_foreach(s->an[k].diags, uri, arr) {
            json_t *m = json_object_get(merged, uri);
            if (!m) {
                json_object_set_new(merged, uri, json_copy(arr));
                continue;
            }
            size_t i;
            json_t *d;
            json_array_foreach(arr, i, d) {
                size_t j;
                json_t *e;
                int dup = 0;
                json_array_foreach(m, j, e) dup |= json_equal(d, e);
                if (!dup) json_array_append(m, d);
            }
        }
    }
    /* an open document with none: an empty list, once, so that the
     * editor knows it was checked */
    for (int i = 0; i < s->n_docs; i++)
        if (!json_object_get(merged, s->docs[i].uri)) json_object_set_new(merged, s->docs[i].uri, json_array());
    const char *uri;
    json_t *arr, *tmp;
    json_object_foreach(merged, uri, arr) {
        if (json_equal(arr, json_object_get(s->published, uri))) continue;
        doc *d = doc_of(s, uri);
        json_t *p = json_pack("{s:s,s:O}", "uri", uri, "diagnostics", arr);
        if (p && d) json_object_set_new(p, "version", json_integer(d->version));
        notify(s, "textDocument/publishDiagnostics", p);
    }
    json_object_foreach_safe(s->published, tmp, uri, arr) {
        if (json_object_get(merged, uri) || !json_array_size(arr)) continue;
        notify(s, "textDocument/publishDiagnostics", json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
    }
    json_decref(s->published);
    s->published = merged;
}

/* Analyses what changed, then publishes. */
static void catch_up(kj_lsp *s)
{
    if (!s->pending) return;
    s->pending = 0;
    update_roots(s);
    for (int k = 0; k < s->n_an; k++)
        if (s->an[k].dirty || s->everything) analyse(s, &s->an[k]);
    s->everything = 0;
    /* a root just analysed may include another: that one is no root now */
    update_roots(s);
    for (int k = 0; k < s->n_an; k++)
        if (s->an[k].dirty) analyse(s, &s->an[k]);
    publish(s);
}

/* The analyses that read the file at path must be made again. */
static void touched(kj_lsp *s, const char *path)
{
    struct stat st;
    int has = stat_ok(path, &st);
    for (int k = 0; k < s->n_an; k++)
        if (analysis_has(&s->an[k], path, has ? &st : NULL)) s->an[k].dirty = 1;
    s->pending = 1;
    json_object_clear(s->uris); /* (a document opened or closed names its file) */
}

/* ---- what is where --------------------------------------------------------------- */

/* The references a statement makes (names of other statements), at most
 * max into out. */
static int stmt_refs(const kj_stmt *st, const kj_ref **out, int max)
{
    int n = 0;
#define REF(r)                                              \
    do {                                                    \
        if ((r).name && n < max) out[n++] = &(r);           \
    } while (0)
#define REFS(v, k)                                          \
    do {                                                    \
        for (int i_ = 0; i_ < (k); i_++) REF((v)[i_]);      \
    } while (0)
    REF(st->source);
    switch (st->kind) {
    case ST_PLACE: REFS(st->place->alts, st->place->n_alts); break;
    case ST_ENTITY: REF(st->entity->at); break;
    case ST_ROUTE: REF(st->route->from); REF(st->route->to); REF(st->route->mode); break;
    case ST_REGISTER: REF(st->reg->at); REF(st->reg->store); break;
    case ST_ENTRY: REF(st->entry->unrelated_to); break;
    case ST_FACT:
        REF(st->fact->person); REF(st->fact->at); REF(st->fact->to); REF(st->fact->mode);
        REFS(st->fact->media, st->fact->n_media); REF(st->fact->thing);
        break;
    case ST_TESTIMONY: REF(st->testimony->person); break;
    case ST_CLAIM:
        REF(st->claim->person); REF(st->claim->party); REF(st->claim->medium); REF(st->claim->from);
        REF(st->claim->to); REF(st->claim->mode); REF(st->claim->at); REFS(st->claim->others, st->claim->n_others);
        REF(st->claim->seq_ref); REF(st->claim->during);
        break;
    case ST_ASSUME:
        REF(st->assume->target); REF(st->assume->alt); REF(st->assume->thing);
        REFS(st->assume->classes, st->assume->n_classes);
        break;
    case ST_DEVICE: REF(st->device->owner); break;
    case ST_TRACE: REF(st->trace->person); REF(st->trace->store); break;
    default: break;
    }
#undef REF
#undef REFS
    return n;
}

/* The times a statement writes and how each was read, at most max. */
static int stmt_times(const kj_stmt *st, const kj_timestr **ts, const char **rd, int max)
{
    int n = 0;
#define TIME(t, r)                                                 \
    do {                                                           \
        if ((t).text && n < max) ts[n] = &(t), rd[n++] = (r);      \
    } while (0)
    switch (st->kind) {
    case ST_ENTITY: TIME(st->entity->exists, st->entity->life_reading); break;
    case ST_REGISTER: TIME(st->reg->covers, st->reg->coverage_reading); break;
    case ST_ENTRY: TIME(st->entry->when, st->entry->when_reading); break;
    case ST_FACT:
        TIME(st->fact->when, st->fact->when_reading); TIME(st->fact->until, st->fact->until_reading);
        TIME(st->fact->arrive, st->fact->arrive_reading);
        break;
    case ST_CLAIM:
        TIME(st->claim->when, st->claim->when_reading); TIME(st->claim->depart, st->claim->depart_reading);
        TIME(st->claim->arrive, st->claim->arrive_reading); TIME(st->claim->dur, st->claim->dur_reading);
        TIME(st->claim->seq_gap, st->claim->gap_reading);
        break;
    case ST_ASSUME: TIME(st->assume->when, st->assume->when_reading); break;
    default: break;
    }
#undef TIME
    return n;
}

/* A statement the case's text writes: not the hypothesis that a device's
 * owner had it, which resolve makes on the device's line (kj.h). */
static int written(const kj_stmt *st) { return !(st->kind == ST_ASSUME && st->assume->hypothetical); }

static int span_has(kj_span sp, int file, int line, int col)
{
    return sp.file == file && sp.line == line && col >= sp.col && col < sp.col + (sp.len > 0 ? sp.len : 1);
}

typedef enum { HIT_NONE, HIT_REF, HIT_ID, HIT_TIME } hit_kind;

/* Where a request points: the document, its analysis, the file of the
 * analysis's case it is (-1: none), the line and byte column (1-based),
 * and whether the case was read from the text the editor has now. */
typedef struct spot {
    doc *d;
    analysis *a;
    int file, line, col;
    int fresh;
    char word[256];        /* the word under the cursor */
    json_int_t line0;      /* the client's line (0-based) */
    int wstart, wend;      /* the word's byte columns (0-based) */
    /* what is there */
    hit_kind hit;
    int stmt;              /* the statement named, or whose id or time it is */
    int around;            /* the statement the line belongs to, or -1 */
    kj_span span;          /* of the hit */
    const char *reading;   /* HIT_TIME */
} spot;

static int word_char(unsigned char ch) { return ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '-' || ch == '_' || ch == '.' || ch == '/'; }

static int file_in_case(const kj_case *c, const char *path)
{
    struct stat st;
    int has = stat_ok(path, &st);
    for (int f = 0; f < c->n_files; f++) {
        if (!own_file(c, f)) continue;
        if (has && c->files[f].has_identity ? c->files[f].dev == st.st_dev && c->files[f].ino == st.st_ino
                                             : !strcmp(c->files[f].path, path))
            return f;
    }
    return -1;
}

/* What the statements of a's case have at the spot (fresh), or what the
 * word under the cursor names (stale). */
static void find_hit(spot *sp)
{
    const kj_case *c = sp->a->c;
    sp->hit = HIT_NONE;
    sp->stmt = sp->around = -1;
    if (!sp->fresh) {
        int i = sp->word[0] ? kj_find_stmt(c, sp->word) : -1;
        if (i >= 0) {
            sp->hit = HIT_REF;
            sp->stmt = i;
        }
        return;
    }
    int best_line = 0;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *st = &c->stmts[i];
        if (st->span.file != sp->file || !written(st)) continue;
        if (st->span.line <= sp->line && st->span.line >= best_line) {
            best_line = st->span.line;
            sp->around = i;
        }
        if (sp->hit != HIT_NONE) continue;
        if (st->id && span_has(st->id_span, sp->file, sp->line, sp->col)) {
            sp->hit = HIT_ID, sp->stmt = i, sp->span = st->id_span;
            continue;
        }
        const kj_ref *refs[64];
        int n = stmt_refs(st, refs, 64);
        for (int k = 0; k < n; k++)
            if (refs[k]->idx >= 0 && span_has(refs[k]->span, sp->file, sp->line, sp->col)) {
                sp->hit = HIT_REF, sp->stmt = refs[k]->idx, sp->span = refs[k]->span;
                break;
            }
        if (sp->hit != HIT_NONE) continue;
        const kj_timestr *ts[8];
        const char *rd[8];
        n = stmt_times(st, ts, rd, 8);
        for (int k = 0; k < n; k++)
            if (rd[k] && span_has(ts[k]->span, sp->file, sp->line, sp->col)) {
                sp->hit = HIT_TIME, sp->stmt = i, sp->span = ts[k]->span, sp->reading = rd[k];
                break;
            }
    }
}

/* The spot params point at (textDocument, position): 0, or -1 when the
 * document is not open or has no analysis. */
static int spot_of(kj_lsp *s, json_t *params, spot *sp)
{
    memset(sp, 0, sizeof *sp);
    const char *uri = params_uri(params);
    sp->d = uri ? doc_of(s, uri) : NULL;
    if (!sp->d) return -1;
    json_t *pos = json_object_get(params, "position");
    sp->line0 = json_integer_value(json_object_get(pos, "line"));
    const char *ls;
    size_t ll;
    int col = 0;
    if (line_of(sp->d->text, sp->d->size, sp->line0, &ls, &ll)) {
        json_int_t ch = json_integer_value(json_object_get(pos, "character"));
        if (sp->line0 == 0 && has_bom(ls, ll)) { /* (kjeller's columns begin after it) */
            ls += 3;
            ll -= 3;
            ch -= s->utf8 ? 3 : 1;
        }
        col = col_in(s, ls, ll, ch);
        int a = col, b = col;
        while (a > 0 && word_char((unsigned char)ls[a - 1])) a--;
        while ((size_t)b < ll && word_char((unsigned char)ls[b])) b++;
        size_t n = (size_t)(b - a) < sizeof sp->word - 1 ? (size_t)(b - a) : sizeof sp->word - 1;
        memcpy(sp->word, ls + a, n);
        sp->word[n] = 0;
        while (n && sp->word[n - 1] == '.') sp->word[--n] = 0; /* a full stop ends a sentence */
        sp->wstart = a;
        sp->wend = a + (int)n;
    }
    sp->line = (int)sp->line0 + 1;
    sp->col = col + 1;
    sp->file = -1;
    for (int pass = 0; pass < 2 && sp->file < 0; pass++)
        for (int k = 0; k < s->n_an && sp->file < 0; k++) {
            analysis *a = &s->an[k];
            if (!a->c || (!pass && strcmp(a->root, sp->d->path))) continue;
            int f = file_in_case(a->c, sp->d->path);
            if (f < 0) continue;
            sp->a = a;
            sp->file = f;
        }
    if (!sp->a) return -1;
    const kj_file *f = &sp->a->c->files[sp->file];
    sp->fresh = f->size == sp->d->size && !memcmp(f->text, sp->d->text, f->size);
    find_hit(sp);
    if (sp->fresh && sp->hit == HIT_NONE && sp->col > 1 && sp->col - 1 == sp->wend) {
        /* the cursor just past a word (an editor in insert mode): that word */
        sp->col--;
        int around = sp->around;
        find_hit(sp);
        sp->col++;
        if (sp->hit == HIT_NONE) sp->around = around;
    }
    return 0;
}

/* Where statement i is defined: its id (else its first line). */
static json_t *stmt_location(kj_lsp *s, const kj_case *c, int i)
{
    const kj_stmt *st = &c->stmts[i];
    if (!own_file(c, st->span.file)) return NULL;
    kj_span sp = st->id && st->id_span.line > 0 && st->id_span.file == st->span.file ? st->id_span : st->span;
    return location(s, c, sp, span_range(s, c, sp));
}

/* ---- hover ---------------------------------------------------------------------- */

/* s with the characters Markdown reads escaped. */
static void md_put(textbuf *b, const char *s)
{
    char one[3] = {0};
    for (; *s; s++) {
        if (strchr("\\`*_[]<>#|~", *s)) {
            one[0] = '\\';
            one[1] = *s;
        } else {
            one[0] = *s;
            one[1] = 0;
        }
        tb_put(b, one);
    }
}

static void md_line(textbuf *b, const char *label, const char *text)
{
    if (!text) return;
    tb_put(b, "\n\n");
    if (label) {
        tb_put(b, label);
        tb_put(b, ": ");
    }
    md_put(b, text);
}

/* What statement i is, in Markdown: its kind and id, its label, what its
 * kind says (a place's position and zone, a person's names, a mode's
 * speed), a claim's verdict, what it needs and its correction, how each
 * of its times was read, and its source. */
static void stmt_hover(textbuf *b, const kj_case *c, const kj_report *r, kj_arena *a, int i)
{
    const kj_stmt *st = &c->stmts[i];
    tb_put(b, "**");
    tb_put(b, st->kind == ST_ENTRY ? "register entry" : st->kind == ST_DEVICE && st->device->vehicle ? "vehicle" : kj_stmt_kind_name(st->kind));
    tb_put(b, "** `");
    tb_put(b, st->id ? st->id : "");
    tb_put(b, "`");
    if (st->from_data) tb_put(b, " (shipped default)");
    if (st->label) {
        tb_put(b, " — ");
        md_put(b, st->label);
    }
    switch (st->kind) {
    case ST_PLACE: {
        const kj_place_stmt *p = st->place;
        if (p->located)
            md_line(b, "at", kj_arena_printf(a, "%.5f, %.5f%s", p->lat, p->lon,
                                             p->radius_m > 0 ? kj_arena_printf(a, " ± %.0f m", p->radius_m) : ""));
        if (p->city && p->city->found) md_line(b, "city", p->city->found);
        const char *zones[KJ_ZONES_MAX];
        int nz = kj_place_zones(c, i, zones, KJ_ZONES_MAX);
        if (nz > 0) {
            char *z = kj_arena_strdup(a, zones[0]);
            for (int k = 1; k < nz; k++) z = kj_arena_printf(a, "%s, %s", z, zones[k]);
            md_line(b, nz > 1 ? "zones" : "zone", z);
        }
        if (p->country) md_line(b, "in", p->country);
        if (p->n_alts) {
            char *alts = kj_arena_strdup(a, p->alts[0].name);
            for (int k = 1; k < p->n_alts; k++) alts = kj_arena_printf(a, "%s, %s", alts, p->alts[k].name);
            md_line(b, "one of", alts);
        }
        if (p->assumed_alt >= 0)
            md_line(b, "assumed to be", kj_arena_printf(a, "%s (assumption '%s')", c->stmts[p->assumed_alt].id,
                                                        p->assumed_by >= 0 ? c->stmts[p->assumed_by].id : ""));
        break;
    }
    case ST_PERSON:
        if (st->person->name) md_line(b, "name", st->person->name);
        for (int k = 0; k < st->person->n_aliases; k++) md_line(b, "alias", st->person->aliases[k]);
        break;
    case ST_MODE:
        md_line(b, "at most", kj_arena_printf(a, "%.0f km/h%s", st->mode->max_mps * 3.6,
                                              st->mode->mode_class ? kj_arena_printf(a, " (class %s)", st->mode->mode_class) : ""));
        break;
    case ST_SOURCE:
        if (st->cite && st->cite->url) md_line(b, "address", st->cite->url);
        break;
    default:
        break;
    }
    if (st->kind == ST_CLAIM && r) {
        md_line(b, "verdict", kj_verdict_name(r->verdicts[i]));
        if (r->correction && r->correction[i]) md_line(b, "smallest correction", r->correction[i]);
        md_line(b, "needs", kj_leg_text(c, a, r, i));
        md_line(b, NULL, kj_strain_text(c, a, r, i));
    }
    const kj_timestr *ts[8];
    const char *rd[8];
    int n = stmt_times(st, ts, rd, 8);
    for (int k = 0; k < n; k++) md_line(b, "time", rd[k] ? rd[k] : ts[k]->text);
    if (st->basis) md_line(b, NULL, st->basis);
    const char *src = kj_stmt_source(c, st);
    int si = kj_stmt_source_idx(c, st);
    if (src) md_line(b, "source", si >= 0 && c->stmts[si].label ? kj_arena_printf(a, "%s: %s", src, c->stmts[si].label) : src);
}

static json_t *hover(kj_lsp *s, json_t *params, int *failed)
{
    spot sp;
    if (spot_of(s, params, &sp) != 0 || sp.hit == HIT_NONE) {
        /* the statement the line is in, or nothing (past the end of the text: nothing) */
        const char *ls;
        size_t ll;
        if (!sp.a || sp.around < 0 || !line_of(sp.d->text, sp.d->size, sp.line0, &ls, &ll)) return NULL;
        sp.stmt = sp.around;
        sp.hit = HIT_ID;
        sp.span = sp.a->c->stmts[sp.around].span;
    }
    const kj_case *c = sp.a->c;
    kj_mem mem;
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    textbuf b = {0};
    if (setjmp(landing) != 0) {
        kj_mem_release(&mem);
        free(b.p);
        *failed = 1;
        return NULL;
    }
    kj_arena ar = KJ_ARENA(&mem);
    if (sp.hit == HIT_TIME) {
        tb_put(&b, "**time** ");
        md_put(&b, sp.reading);
        tb_put(&b, "\n\n---\n\n");
    }
    stmt_hover(&b, c, sp.a->r, &ar, sp.stmt);
    if (sp.a->stale) tb_put(&b, "\n\n*(from the last text that could be read)*");
    kj_arena_free(&ar);
    kj_mem_keep(&mem);
    if (b.failed) {
        free(b.p);
        *failed = 1;
        return NULL;
    }
    json_t *res = json_pack("{s:{s:s,s:s}}", "contents", "kind", "markdown", "value", b.p);
    free(b.p);
    if (res && sp.fresh && sp.span.line > 0) json_object_set_new(res, "range", span_range(s, c, sp.span));
    return res;
}

/* ---- navigation -------------------------------------------------------------------- */

static json_t *definition(kj_lsp *s, json_t *params)
{
    spot sp;
    if (spot_of(s, params, &sp) != 0 || (sp.hit != HIT_REF && sp.hit != HIT_ID)) return NULL;
    return stmt_location(s, sp.a->c, sp.stmt);
}

/* Appends location v to arr unless seen has it (and frees it then). */
static void append_once(json_t *arr, json_t *seen, json_t *v)
{
    json_t *st = json_object_get(json_object_get(v, "range"), "start");
    char key[PATH_MAX + 64];
    snprintf(key, sizeof key, "%s\n%lld\n%lld", json_string_value(json_object_get(v, "uri")) ? json_string_value(json_object_get(v, "uri")) : "",
             (long long)json_integer_value(json_object_get(st, "line")), (long long)json_integer_value(json_object_get(st, "character")));
    if (json_object_get(seen, key)) {
        json_decref(v);
        return;
    }
    json_object_set_new(seen, key, json_true());
    json_array_append_new(arr, v);
}

/* Every name of the statement at the spot, in every case that has the
 * document (a file two roots include is in both: its names are used in
 * each), and its declaration when asked. */
static json_t *references(kj_lsp *s, json_t *params)
{
    spot sp;
    if (spot_of(s, params, &sp) != 0 || (sp.hit != HIT_REF && sp.hit != HIT_ID)) return NULL;
    json_t *decl = stmt_location(s, sp.a->c, sp.stmt);
    const char *id = sp.a->c->stmts[sp.stmt].id;
    json_t *out = json_array(), *seen = json_object();
    if (!decl || !id) {
        json_decref(decl);
        json_decref(seen);
        return out;
    }
    if (json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration")))
        json_array_append(out, decl);
    for (int k = 0; k < s->n_an; k++) {
        analysis *a = &s->an[k];
        if (!a->c || (a != sp.a && file_in_case(a->c, sp.d->path) < 0)) continue;
        const kj_case *c = a->c;
        int target = a == sp.a ? sp.stmt : kj_find_stmt(c, id);
        json_t *there = target >= 0 && a != sp.a ? stmt_location(s, c, target) : NULL;
        int same = a == sp.a || json_equal(there, decl); /* (the same statement, not another of that id) */
        json_decref(there);
        if (!same) continue;
        for (int i = 0; i < c->n_stmts; i++) {
            const kj_stmt *st = &c->stmts[i];
            if (!own_file(c, st->span.file) || !written(st)) continue; /* (not each row of a store) */
            const kj_ref *refs[64];
            int n = stmt_refs(st, refs, 64);
            for (int r = 0; r < n; r++)
                if (refs[r]->idx == target && own_file(c, refs[r]->span.file))
                    append_once(out, seen, location(s, c, refs[r]->span, span_range(s, c, refs[r]->span)));
        }
    }
    json_decref(decl);
    json_decref(seen);
    return out;
}

/* ---- completion, symbols, code actions --------------------------------------------- */

static const char *const statement_words[] = {"source", "place", "person", "entity", "mode", "medium", "route",
                                              "register", "fact", "testimony", "assume", "option", "include",
                                              "store", "trace", "device", "vehicle", "claim", "entry"};
static const char *const clause_words[] = {
    "at", "on", "in", "throughout", "from", "to", "by", "travels", "meets", "lives", "has", "carries", "drives",
    "departs", "arrives", "takes", "lasts", "right", "after", "before", "during", "the", "same", "next", "day", "as",
    "with", "nonstop", "covers", "records", "arrival", "departure", "stay", "of", "vehicles", "devices", "where",
    "and", "unrelated", "source", "store", "tz", "city", "one", "exists", "kind", "max", "since", "until", "alias",
    "owner", "keeper", "plate", "url", "assumption", "sends", "receives", "unreachable", "carried", "wire", "live",
    "postgresql", "sqlite", "approximately", "about"};

/* The kinds of statement a word names after `prev` ("at" a place or an
 * entity, "source" a source): a bitmask of kinds, or 0 (any). */
static unsigned kinds_after(const char *prev)
{
#define K(k) (1u << (k))
    if (!strcmp(prev, "source")) return K(ST_SOURCE);
    if (!strcmp(prev, "at") || !strcmp(prev, "->") || !strcmp(prev, "from")) return K(ST_PLACE) | K(ST_ENTITY);
    if (!strcmp(prev, "store")) return K(ST_STORE);
    if (!strcmp(prev, "meets") || !strcmp(prev, "with") || !strcmp(prev, "owner") || !strcmp(prev, "keeper"))
        return K(ST_PERSON);
    if (!strcmp(prev, "of")) return K(ST_PERSON) | K(ST_DEVICE);
    if (!strcmp(prev, "has") || !strcmp(prev, "carries") || !strcmp(prev, "drives")) return K(ST_DEVICE);
    if (!strcmp(prev, "by")) return K(ST_MODE) | K(ST_MEDIUM) | K(ST_PERSON);
    if (!strcmp(prev, "during") || !strcmp(prev, "after") || !strcmp(prev, "before") || !strcmp(prev, "as"))
        return K(ST_CLAIM) | K(ST_FACT);
    return 0;
#undef K
}

static int completion_kind(kj_stmt_kind k)
{
    switch (k) {
    case ST_SOURCE: return 18;   /* Reference */
    case ST_PLACE: return 21;    /* Constant */
    case ST_PERSON: return 6;    /* Variable */
    case ST_ENTITY: return 7;    /* Class */
    case ST_MODE: case ST_MEDIUM: return 20; /* EnumMember */
    case ST_CLAIM: case ST_FACT: return 23;  /* Event */
    case ST_STORE: return 17;    /* File */
    default: return 12;          /* Value */
    }
}

static json_t *completion(kj_lsp *s, json_t *params)
{
    spot sp;
    json_t *items = json_array();
    int have = spot_of(s, params, &sp) == 0 || sp.d;
    if (!have) return items;
    const char *ls = "";
    size_t ll = 0;
    line_of(sp.d->text, sp.d->size, sp.line0, &ls, &ll);
    /* nothing inside a string or a comment */
    int quoted = 0;
    for (int i = 0; i < sp.col - 1 && (size_t)i < ll; i++) {
        if (quoted && ls[i] == '\\') i++;
        else if (ls[i] == '"') quoted = !quoted;
        else if (!quoted && ls[i] == ';') return items;
    }
    if (quoted) return items;
    /* the word before the one being written */
    int e = sp.wstart;
    while (e > 0 && (ls[e - 1] == ' ' || ls[e - 1] == '\t' || ls[e - 1] == ',')) e--;
    int b = e;
    while (b > 0 && ls[b - 1] != ' ' && ls[b - 1] != '\t') b--;
    char prev[32] = "";
    if (e - b < (int)sizeof prev) {
        memcpy(prev, ls + b, (size_t)(e - b));
        prev[e - b] = 0;
    }
    int first = b == e; /* the line's first word: a statement's */
    if (first) {
        for (size_t k = 0; k < sizeof statement_words / sizeof *statement_words; k++)
            json_array_append_new(items, json_pack("{s:s,s:i}", "label", statement_words[k], "kind", 14));
        return items;
    }
    unsigned want = kinds_after(prev);
    const char *lead = ls;
    while (lead < ls + ll && (*lead == ' ' || *lead == '\t')) lead++;
    if (!strcmp(prev, "by") && !strncmp(lead, "testimony ", 10)) want = 1u << ST_PERSON; /* testimony ID by PERSON */
    for (size_t k = 0; !want && k < sizeof clause_words / sizeof *clause_words; k++)
        json_array_append_new(items, json_pack("{s:s,s:i}", "label", clause_words[k], "kind", 14));
    if (!sp.a) return items;
    const kj_case *c = sp.a->c;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *st = &c->stmts[i];
        if (!st->id || (want && !(want >> st->kind & 1)) || st->kind == ST_OPTION || st->kind == ST_INCLUDE) continue;
        if (st->span.file != c->data_file && !own_file(c, st->span.file)) continue; /* (a store's rows) */
        if (st->kind == ST_ASSUME || st->kind == ST_ENTRY) continue;
        char detail[64];
        snprintf(detail, sizeof detail, "%s%s", kj_stmt_kind_name(st->kind), st->from_data ? " (shipped default)" : "");
        json_t *it = json_pack("{s:s,s:i,s:s}", "label", st->id, "kind", completion_kind(st->kind), "detail", detail);
        if (it && st->label) json_object_set_new(it, "documentation", json_string(st->label));
        json_array_append_new(items, it);
        if (st->kind == ST_PERSON)
            for (int k = 0; k < st->person->n_aliases; k++)
                json_array_append_new(items, json_pack("{s:s,s:i,s:s}", "label", st->person->aliases[k], "kind", 6,
                                                       "detail", "person (alias)"));
    }
    return items;
}

static int symbol_kind(kj_stmt_kind k)
{
    switch (k) {
    case ST_SOURCE: return 2;     /* Module */
    case ST_PLACE: return 14;     /* Constant */
    case ST_PERSON: return 19;    /* Object */
    case ST_ENTITY: return 5;     /* Class */
    case ST_MODE: return 10;      /* Enum */
    case ST_MEDIUM: return 22;    /* EnumMember */
    case ST_ROUTE: return 12;     /* Function */
    case ST_REGISTER: return 23;  /* Struct */
    case ST_ENTRY: return 8;      /* Field */
    case ST_FACT: return 7;       /* Property */
    case ST_TESTIMONY: return 3;  /* Namespace */
    case ST_CLAIM: return 24;     /* Event */
    case ST_ASSUME: return 13;    /* Variable */
    case ST_DEVICE: return 11;    /* Interface */
    case ST_STORE: return 4;      /* Package */
    case ST_TRACE: return 18;     /* Array */
    default: return 20;           /* Key */
    }
}

/* The outline of a document: its statements with ids, a testimony's
 * claims and a register's entries under it. */
static json_t *symbols(kj_lsp *s, json_t *params)
{
    const char *uri = params_uri(params);
    doc *d = uri ? doc_of(s, uri) : NULL;
    json_t *out = json_array();
    if (!d) return out;
    analysis *a = NULL;
    int f = -1;
    for (int pass = 0; pass < 2 && f < 0; pass++)
        for (int k = 0; k < s->n_an && f < 0; k++)
            if (s->an[k].c && (pass || !strcmp(s->an[k].root, d->path)) && (f = file_in_case(s->an[k].c, d->path)) >= 0)
                a = &s->an[k];
    if (!a) return out;
    const kj_case *c = a->c;
    json_t **sym = calloc((size_t)c->n_stmts + 1, sizeof *sym);
    if (!sym) return out;
    for (int i = 0; i < c->n_stmts; i++) {
        const kj_stmt *st = &c->stmts[i];
        if (st->span.file != f || !st->id || !written(st)) continue;
        const char *detail = st->kind == ST_CLAIM && a->r ? kj_verdict_name(a->r->verdicts[i])
                             : st->label                  ? st->label
                                                          : kj_stmt_kind_name(st->kind);
        json_t *o = json_pack("{s:s,s:s,s:i,s:o,s:o}", "name", st->id, "detail", detail, "kind", symbol_kind(st->kind),
                              "range", line_range(s, c, f, st->span.line), "selectionRange",
                              span_range(s, c, st->id_span.line > 0 ? st->id_span : st->span));
        if (!o) continue;
        if (a->stale && (shift_range(s, c, f, json_object_get(o, "range")) != 0 ||
                         shift_range(s, c, f, json_object_get(o, "selectionRange")) != 0)) {
            json_decref(o); /* (its line was edited since the case last loaded) */
            continue;
        }
        int p = st->parent;
        if (p >= 0 && p < i && sym[p]) {
            json_t *kids = json_object_get(sym[p], "children");
            if (!kids) json_object_set_new(sym[p], "children", kids = json_array());
            json_array_append_new(kids, o);
            /* the parent's range runs to its last child's */
            json_object_set(json_object_get(sym[p], "range"), "end", json_object_get(json_object_get(o, "range"), "end"));
        } else {
            sym[i] = o;
            json_array_append_new(out, o);
        }
    }
    free(sym);
    return out;
}

static json_t *text_edit(json_t *range, const char *text)
{
    return json_pack("{s:O,s:s}", "range", range, "newText", text);
}

/* Quick fixes: each did-you-mean of the diagnostics the client sends
 * back, and the correction of each claim on the lines asked about (a
 * re-checked change of its text that makes it possible). */
static json_t *code_actions(kj_lsp *s, json_t *params)
{
    json_t *out = json_array();
    const char *uri = params_uri(params);
    size_t i;
    json_t *dg;
    json_array_foreach(json_object_get(json_object_get(params, "context"), "diagnostics"), i, dg) {
        const char *word = json_string_value(json_object_get(json_object_get(dg, "data"), "replace"));
        json_t *range = json_object_get(dg, "range");
        json_t *r0 = json_object_get(range, "start"), *r1 = json_object_get(range, "end");
        if (!word || !uri || !json_is_integer(json_object_get(r0, "line")) || !json_is_integer(json_object_get(r0, "character")) ||
            !json_is_integer(json_object_get(r1, "line")) || !json_is_integer(json_object_get(r1, "character")))
            continue; /* (a range of the client's that is none: no edit of it) */
        char title[300];
        snprintf(title, sizeof title, "Replace with '%s'", word);
        json_array_append_new(out, json_pack("{s:s,s:s,s:[O],s:b,s:{s:{s:[o]}}}", "title", title, "kind", "quickfix",
                                             "diagnostics", dg, "isPreferred", 1, "edit", "changes", uri,
                                             text_edit(range, word)));
    }
    doc *d = uri ? doc_of(s, uri) : NULL;
    json_int_t from = json_integer_value(json_object_get(json_object_get(json_object_get(params, "range"), "start"), "line")) + 1;
    json_int_t to = json_integer_value(json_object_get(json_object_get(json_object_get(params, "range"), "end"), "line")) + 1;
    for (int k = 0; d && k < s->n_an; k++) {
        analysis *a = &s->an[k];
        if (!a->c || !a->r || a->stale || !a->r->n_fixes) continue;
        int f = file_in_case(a->c, d->path);
        if (f < 0) continue;
        const kj_case *c = a->c;
        if (c->files[f].size != d->size || memcmp(c->files[f].text, d->text, d->size)) continue;
        for (int ci = 0; ci < c->n_stmts; ci++) {
            const kj_stmt *st = &c->stmts[ci];
            if (st->kind != ST_CLAIM || st->span.file != f || st->span.line < from || st->span.line > to) continue;
            if (!a->r->n_fixes[ci]) continue;
            json_t *changes = json_object();
            for (int x = 0; x < a->r->n_fixes[ci]; x++) {
                const kj_fix *fx = &a->r->fixes[ci][x];
                if (!own_file(c, fx->file)) continue;
                json_t *arr = diags_for(s, changes, c->files[fx->file].path);
                json_t *range = span_range(s, c, (kj_span){.file = fx->file, .line = fx->line, .col = fx->col, .len = fx->len});
                json_array_append_new(arr, text_edit(range, fx->text));
                json_decref(range);
            }
            char *title = join3("Correct claim '", st->id, a->r->correction && a->r->correction[ci] ? "'" : "'");
            char *full = title && a->r->correction && a->r->correction[ci] ? join3(title, ": ", a->r->correction[ci]) : NULL;
            json_array_append_new(out, json_pack("{s:s,s:s,s:{s:o}}", "title", full ? full : title ? title : "Correct claim",
                                                 "kind", "quickfix", "edit", "changes", changes));
            free(title);
            free(full);
        }
    }
    return out;
}

/* ---- the protocol --------------------------------------------------------------------- */

static void did_open(kj_lsp *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    const char *text = json_string_value(json_object_get(td, "text"));
    if (!uri || !text) { say_log(s, "didOpen without a uri or text", NULL); return; }
    doc *d = doc_of(s, uri);
    if (!d) {
        if (s->n_docs == s->cap_docs) {
            int cap = s->cap_docs ? 2 * s->cap_docs : 8;
            doc *docs = realloc(s->docs, sizeof *docs * (size_t)cap);
            if (!docs) { say_log(s, "out of memory", uri); return; }
            s->docs = docs;
            s->cap_docs = cap;
        }
        d = &s->docs[s->n_docs];
        memset(d, 0, sizeof *d);
        d->uri = strdup(uri);
        d->path = uri_path(uri);
        if (!d->uri || !d->path) {
            free(d->uri);
            free(d->path);
            { say_log(s, "cannot open", uri); return; }
        }
        s->n_docs++;
    }
    size_t n = json_string_length(json_object_get(td, "text"));
    char *copy = malloc(n + 1);
    if (!copy) { say_log(s, "out of memory", uri); return; }
    memcpy(copy, text, n + 1);
    free(d->text);
    free(d->lines);
    d->lines = NULL;
    d->text = copy;
    d->size = n;
    d->version = json_integer_value(json_object_get(td, "version"));
    touched(s, d->path);
}

static void did_change(kj_lsp *s, json_t *params)
{
    const char *uri = params_uri(params);
    doc *d = uri ? doc_of(s, uri) : NULL;
    if (!d) { say_log(s, "didChange of a document not open", uri); return; }
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(params, "contentChanges"), i, ch) {
        json_t *t = json_object_get(ch, "text");
        if (!json_is_string(t)) continue;
        if (json_object_get(ch, "range")) {
            say_log(s, "an incremental change, but the server asked for whole texts", uri);
            continue;
        }
        size_t n = json_string_length(t);
        char *copy = malloc(n + 1);
        if (!copy) { say_log(s, "out of memory", uri); return; }
        memcpy(copy, json_string_value(t), n + 1);
        free(d->text);
        free(d->lines);
        d->lines = NULL;
        d->text = copy;
        d->size = n;
    }
    d->version = json_integer_value(json_object_get(json_object_get(params, "textDocument"), "version"));
    touched(s, d->path);
}

static void did_close(kj_lsp *s, json_t *params)
{
    const char *uri = params_uri(params);
    doc *d = uri ? doc_of(s, uri) : NULL;
    if (!d) return;
    char *path = d->path;
    free(d->uri);
    free(d->text);
    free(d->lines);
    *d = s->docs[--s->n_docs];
    touched(s, path); /* (read from disk now) */
    free(path);
}

static json_t *initialize(kj_lsp *s, json_t *params)
{
    size_t i;
    json_t *enc;
    json_array_foreach(json_object_get(json_object_get(json_object_get(params, "capabilities"), "general"), "positionEncodings"), i, enc)
        if (json_is_string(enc) && !strcmp(json_string_value(enc), "utf-8")) s->utf8 = 1;
    s->initialized = 1;
    return json_pack("{s:{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:b,s:b,s:{s:[s,s]},s:b,s:{s:[s]}},s:{s:s,s:s}}", "capabilities",
                     "positionEncoding", s->utf8 ? "utf-8" : "utf-16", "textDocumentSync", "openClose", 1, "change", 1,
                     "save", "includeText", 0, "hoverProvider", 1, "definitionProvider", 1, "referencesProvider", 1,
                     "completionProvider", "triggerCharacters", " ", ">", "documentSymbolProvider", 1,
                     "codeActionProvider", "codeActionKinds", "quickfix", "serverInfo", "name", "kjeller", "version",
                     KJ_VERSION);
}

enum { ERR_PARSE = -32700, ERR_INVALID = -32600, ERR_METHOD = -32601, ERR_PARAMS = -32602, ERR_INTERNAL = -32603,
       ERR_NOT_INITIALIZED = -32002 };

/* Handles one message: 1 when the client said exit. */
static int handle(kj_lsp *s, json_t *msg)
{
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    int request = id != NULL;
    if (json_is_array(msg)) { /* (JSON-RPC's batches: LSP sends none) */
        reply_error(s, NULL, ERR_INVALID, "a batch of messages is not part of the protocol");
        return 0;
    }
    if (!json_is_object(msg) || !method) {
        if (request && method == NULL && !json_object_get(msg, "result") && !json_object_get(msg, "error"))
            reply_error(s, id, ERR_INVALID, "a request needs a method");
        return 0; /* (a reply to a request of ours: the server makes none) */
    }
    if (!strcmp(method, "exit")) return 1;
    if (!s->initialized && strcmp(method, "initialize")) {
        if (request) reply_error(s, id, ERR_NOT_INITIALIZED, "the server has not been initialized");
        return 0;
    }
    if (s->shut_down && request) {
        reply_error(s, id, ERR_INVALID, "the server is shutting down");
        return 0;
    }
    if (!strcmp(method, "initialize")) {
        if (s->initialized) reply_error(s, id, ERR_INVALID, "already initialized");
        else reply(s, id, initialize(s, params));
        return 0;
    }
    if (!strcmp(method, "shutdown")) {
        s->shut_down = 1;
        reply(s, id, NULL);
        return 0;
    }
    static const char *const notifications[] = {"initialized", "textDocument/didOpen", "textDocument/didChange",
                                                "textDocument/didClose", "textDocument/didSave",
                                                "workspace/didChangeWatchedFiles", NULL};
    static const char *const requests[] = {"textDocument/hover", "textDocument/definition", "textDocument/references",
                                           "textDocument/completion", "textDocument/documentSymbol",
                                           "textDocument/codeAction", NULL};
    int notification = !strncmp(method, "$/", 2), known = 0;
    for (int k = 0; notifications[k]; k++) notification |= !strcmp(method, notifications[k]);
    for (int k = 0; requests[k]; k++) known |= !strcmp(method, requests[k]);
    if (request && !strncmp(method, "$/", 2)) { /* (the protocol's own: may be ignored, as requests not) */
        reply_error(s, id, ERR_METHOD, "unknown method");
        return 0;
    }
    if (request && notification) {
        reply_error(s, id, ERR_INVALID, "a notification sent as a request (with an id)");
        return 0;
    }
    if (!strcmp(method, "textDocument/didOpen")) did_open(s, params);
    else if (!strcmp(method, "textDocument/didChange")) did_change(s, params);
    else if (!strcmp(method, "textDocument/didClose")) did_close(s, params);
    else if (!strcmp(method, "textDocument/didSave") || !strcmp(method, "workspace/didChangeWatchedFiles")) {
        s->everything = 1;
        s->pending = 1;
    } else if (request && !known) {
        reply_error(s, id, ERR_METHOD, "unknown method");
    } else if (request) {
        if (!json_is_object(params)) {
            reply_error(s, id, ERR_PARAMS, "params must be an object");
            return 0;
        }
        catch_up(s); /* a request sees the latest text */
        json_t *res = NULL;
        int failed = 0;
        if (!strcmp(method, "textDocument/hover")) res = hover(s, params, &failed);
        else if (!strcmp(method, "textDocument/definition")) res = definition(s, params);
        else if (!strcmp(method, "textDocument/references")) res = references(s, params);
        else if (!strcmp(method, "textDocument/completion")) res = completion(s, params);
        else if (!strcmp(method, "textDocument/documentSymbol")) res = symbols(s, params);
        else res = code_actions(s, params);
        if (failed) reply_error(s, id, ERR_INTERNAL, "out of memory");
        else reply(s, id, res);
    }
    return 0;
}

static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i], y = b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i];
        if (x != y) return x - y;
        if (!x) return 0;
    }
    return 0;
}

/* The most a header block may be: longer is no header. */
#define MAX_HEADER 65536

/* The length of the body a header block announces: -2 (not whole yet),
 * -1 (none, or one that is not a length: a header to skip), or the
 * length; *head: the header block's length.  "Content-Length", spaces or
 * tabs, ":", spaces or tabs, digits, spaces or tabs (RFC 9110 5.6.3). */
static long long content_length(const char *buf, size_t len, size_t *head)
{
    const char *end = NULL;
    size_t scan = len < MAX_HEADER ? len : MAX_HEADER;
    for (size_t i = 0; i + 3 < scan; i++)
        if (!memcmp(buf + i, "\r\n\r\n", 4)) {
            end = buf + i;
            break;
        }
    if (!end && len < MAX_HEADER) return -2; /* not yet whole */
    if (!end) { /* no header: junk */
        *head = MAX_HEADER;
        return -1;
    }
    *head = (size_t)(end - buf) + 4;
    long long n = -1;
    for (const char *p = buf; p < end;) {
        const char *nl = p;
        while (nl < end && *nl != '\r') nl++;
        if ((size_t)(nl - p) > 14 && !strncasecmp_ascii(p, "content-length", 14)) {
            const char *q = p + 14;
            while (q < nl && (*q == ' ' || *q == '\t')) q++;
            if (q < nl && *q == ':') {
                q++;
                while (q < nl && (*q == ' ' || *q == '\t')) q++;
                long long v = 0;
                int digits = 0;
                while (q < nl && *q >= '0' && *q <= '9' && v < (1LL << 40)) v = v * 10 + (*q++ - '0'), digits++;
                while (q < nl && (*q == ' ' || *q == '\t')) q++;
                n = digits && q == nl ? v : -1;
            }
        }
        p = nl + 2;
    }
    return n;
}

/* Where the next header may begin after bytes that are no message (a
 * header without a length, and whatever body followed it): the next
 * "Content-Length" (any case), or -1 if none is in buf yet. */
static long long resync_at(const char *buf, size_t len)
{
    for (size_t i = 0; i + 14 <= len; i++)
        if ((buf[i] == 'C' || buf[i] == 'c') && !strncasecmp_ascii(buf + i, "content-length", 14)) return (long long)i;
    return -1;
}

/* The most a message may be: a case file's limit (64 MiB) as JSON, whose
 * escapes may make it up to six times as long, and some. */
#define MAX_MESSAGE ((size_t)400 << 20)

/* A message read with every number a double (one was past 64 bits):
 * each whole number within 2^53 an integer again, as sent (an id, a line,
 * a version), in place; the one past 64 bits stays a double. */
static json_t *integers_again(json_t *v)
{
    if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            double d = json_real_value(x);
            if (json_is_real(x) && d > -9e15 && d < 9e15 && d == (double)(json_int_t)d)
                json_object_set_new(v, k, json_integer((json_int_t)d));
            else
                integers_again(x);
        }
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            double d = json_real_value(x);
            if (json_is_real(x) && d > -9e15 && d < 9e15 && d == (double)(json_int_t)d)
                json_array_set_new(v, i, json_integer((json_int_t)d));
            else
                integers_again(x);
        }
    }
    return v;
}

/* Reads more input into the buffer: the bytes read, 0 at its end, -1 on
 * an error. */
static ssize_t read_more(kj_lsp *s)
{
    if (s->cap - s->len < 65536) {
        size_t cap = s->cap ? s->cap * 2 : 1 << 16;
        while (cap - s->len < 65536) cap *= 2;
        char *buf = realloc(s->buf, cap);
        if (!buf) return -1;
        s->buf = buf;
        s->cap = cap;
    }
    for (;;) {
        ssize_t n = read(s->in, s->buf + s->len, s->cap - s->len);
        if (n < 0 && errno == EINTR) continue;
        if (n > 0) s->len += (size_t)n;
        return n;
    }
}

/* Whether more input is waiting (a change coming after this one). */
static int input_waiting(const kj_lsp *s)
{
    struct pollfd p = {.fd = s->in, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

static int serve(kj_lsp *s)
{
    size_t skip = 0; /* bytes of a message too long, still to be read past */
    int resync = 0;  /* after a header without a length: look for the next */
    for (;;) {
        /* every whole message in the buffer */
        size_t at = 0;
        int bye = 0;
        while (!bye) {
            if (skip) {
                size_t n = s->len - at < skip ? s->len - at : skip;
                at += n;
                skip -= n;
                if (skip) break;
            }
            if (resync) { /* past bytes that are no message, to the next header */
                long long next = resync_at(s->buf + at, s->len - at);
                if (next < 0) {
                    at = s->len > at + 14 ? s->len - 14 : at; /* (a header may begin in the last bytes) */
                    break;
                }
                at += (size_t)next;
                resync = 0;
            }
            size_t head = 0;
            long long n = content_length(s->buf + at, s->len - at, &head);
            if (n == -2) break;
            if (n < 0) {
                say_log(s, "a message without a valid Content-Length header", "skipped to the next header");
                at += head;
                resync = 1;
                continue;
            }
            if ((size_t)n > MAX_MESSAGE) {
                say_log(s, "a message larger than 400 MiB", "skipped");
                reply_error(s, NULL, ERR_INVALID, "message too large");
                at += head;
                skip = (size_t)n;
                continue;
            }
            if (s->len - at - head < (size_t)n) break;
            json_error_t err;
            json_t *msg = json_loadb(s->buf + at + head, (size_t)n, JSON_ALLOW_NUL, &err);
            if (!msg) /* (JSON, but with a number beyond 64 bits: read as a double) */
                msg = integers_again(json_loadb(s->buf + at + head, (size_t)n, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &err));
            at += head + (size_t)n;
            if (!msg) {
                say_log(s, "a message that is not JSON", err.text);
                reply_error(s, NULL, ERR_PARSE, "parse error");
                continue;
            }
            bye = handle(s, msg);
            json_decref(msg);
        }
        if (at) {
            memmove(s->buf, s->buf + at, s->len - at);
            s->len -= at;
        }
        if (bye) return s->shut_down ? 0 : 1;
        /* analyse once no more changes are waiting */
        if (s->pending && !input_waiting(s)) catch_up(s);
        if (s->len == s->cap && s->cap >= MAX_MESSAGE + 4096) {
            say_log(s, "a header too long", "giving up");
            return 1;
        }
        ssize_t got = read_more(s);
        if (got <= 0) {
            if (got < 0) say_log(s, "cannot read from the client", strerror(errno));
            return 1;
        }
    }
}

int kj_lsp_serve(int in, int out, const kj_runtime *rt, FILE *log)
{
    kj_lsp s = {.in = in, .out = out, .log = log};
    if (rt) s.rt = *rt;
    s.published = json_object();
    s.uris = json_object();
    locale_t saved;
    if (!s.published || !s.uris || kj_c_locale_enter(&saved) != 0) {
        json_decref(s.published);
        json_decref(s.uris);
        say_log(&s, "cannot start", "out of memory, or no C locale");
        return KJ_EXIT_INTERNAL;
    }
    int rc = serve(&s);
    kj_c_locale_leave(saved);
    for (int k = 0; k < s.n_an; k++) analysis_free(&s.an[k]);
    free(s.an);
    for (int i = 0; i < s.n_docs; i++) {
        free(s.docs[i].uri);
        free(s.docs[i].path);
        free(s.docs[i].text);
        free(s.docs[i].lines);
    }
    free(s.docs);
    free(s.buf);
    json_decref(s.published);
    json_decref(s.uris);
    return rc;
}
