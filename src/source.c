/* source — a case's files: opening, reading and knowing them again.
 *
 * A file is opened once and everything about it is asked of the open
 * descriptor (fstat): whether it is a regular file, how big it is, and
 * what it is — its device and inode — so that a file reached again by
 * another path (`./a.case`, `../dir/a.case`, a symbolic or a hard link)
 * is known to be the same file.  Only regular files are read (a device,
 * a pipe or a terminal could block or never end), each to at most
 * KJ_MAX_FILE_BYTES, and a case to at most KJ_MAX_CASE_FILES files and
 * KJ_MAX_CASE_BYTES bytes in all (docs/limits.md).  Input: paths; output:
 * kj_file records in the case, or a lower-case reason why not. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kj.h"

const char *kj_io_reason(int err)
{
    switch (err) {
    case ENOENT: return "no such file";
    case EACCES: return "permission denied";
    case EISDIR: return "is a directory";
    case ENOTDIR: return "a directory in the path is a file";
    case ELOOP: return "too many symbolic links";
    case ENAMETOOLONG: return "the name is too long";
    default: return "cannot open it";
    }
}

/* Why a stat'ed file cannot be read at all (a store's CSV file too), or NULL. */
static const char *stat_problem(const struct stat *st)
{
    if (S_ISDIR(st->st_mode)) return "is a directory";
    if (!S_ISREG(st->st_mode)) return "not a regular file"; /* a device or a pipe could block or never end */
    return NULL;
}

const char *kj_file_problem(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) return kj_io_reason(errno);
    return stat_problem(&st);
}

const char *kj_source_open(const char *path, kj_source *src)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOCTTY: a
     * terminal must not become ours.  Neither matters to a regular file. */
    src->fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (src->fd < 0) return kj_io_reason(errno);
    struct stat st;
    const char *why = fstat(src->fd, &st) != 0                        ? kj_io_reason(errno)
                      : (uintmax_t)st.st_size > KJ_MAX_FILE_BYTES ? "file too large (limit 64 MiB)"
                                                                  : stat_problem(&st);
    if (why) {
        kj_source_close(src);
        return why;
    }
    src->dev = st.st_dev;
    src->ino = st.st_ino;
    src->size = (size_t)st.st_size;
    return NULL;
}

void kj_source_close(kj_source *src)
{
    if (src->fd >= 0) close(src->fd);
    src->fd = -1;
}

int kj_file_known(const kj_case *c, const kj_source *src)
{
    for (int i = 0; i < c->n_files; i++) {
        const kj_file *f = &c->files[i];
        if (f->has_identity && f->dev == src->dev && f->ino == src->ino) return i;
    }
    return -1;
}

/* Reads at most `limit` bytes of an open file; one more means too many.
 * Returns heap memory (the caller frees) with *size set, or NULL with
 * *too_large set when the file has more (its size may have changed since
 * fstat, and a file of /proc says 0), or neither on a read error. */
static char *read_all(kj_mem *mem, int fd, size_t hint, size_t limit, size_t *size, int *too_large)
{
    size_t cap = hint < limit ? hint + 1 : limit + 1, n = 0;
    if (cap < 4096) cap = 4096;
    char *buf = kj_malloc(mem, cap + 1);
    *too_large = 0;
    for (;;) {
        if (n == cap) {
            if (cap > limit) { /* read limit + 1 bytes: too large */
                *too_large = 1;
                break;
            }
            cap = cap > limit / 2 ? limit + 1 : cap * 2;
            buf = kj_realloc(mem, buf, cap + 1);
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) break;
        if (got == 0) {
            buf[n] = 0;
            *size = n;
            return buf;
        }
        n += (size_t)got;
    }
    kj_free(buf);
    return NULL;
}

static void close_fd(void *fd) { close((int)(intptr_t)fd); }

int kj_source_read(kj_case *c, const char *path, kj_source *src, kj_span from, const char **why)
{
    int fd = src->fd;
    src->fd = -1; /* ours now: closed below whatever happens */
    *why = NULL;
    if (c->n_source_files >= KJ_MAX_CASE_FILES) *why = "the case has too many files (limit 1,000)";
    size_t room = KJ_MAX_CASE_BYTES - c->source_bytes; /* source_bytes never passes the limit */
    size_t limit = room < KJ_MAX_FILE_BYTES ? room : KJ_MAX_FILE_BYTES;
    size_t size = 0;
    int too_large = 0;
    /* a file being edited is read as the editor has it (kjeller lsp) */
    const kj_edited *ed = kj_source_edited(c, src);
    char *text = NULL;
    if (ed && !*why) {
        too_large = ed->size > limit;
        if (!too_large) {
            text = kj_malloc(c->mem, ed->size + 1);
            memcpy(text, ed->data, ed->size);
            size = ed->size;
        }
        close(fd);
    } else {
        /* the descriptor is closed if the read fails the call (mem.h) */
        kj_mem_cleanup *closer = kj_mem_on_failure(c->mem, close_fd, (void *)(intptr_t)fd);
        text = *why ? NULL : read_all(c->mem, fd, src->size, limit, &size, &too_large);
        kj_mem_forget(c->mem, closer);
        close(fd);
    }
    if (!text && !*why)
        *why = !too_large                      ? "read error"
               : limit == KJ_MAX_FILE_BYTES    ? "file too large (limit 64 MiB)"
                                               : "the case's files come to more than 256 MiB (limit)";
    if (!text) return -1;
    int f = kj_add_file(c, path, text, size, from);
    kj_free(text);
    c->files[f].edited = ed != NULL;
    c->files[f].has_identity = 1;
    c->files[f].dev = src->dev;
    c->files[f].ino = src->ino;
    c->n_source_files++;
    c->source_bytes += size;
    return f;
}

const kj_edited *kj_source_edited(const kj_case *c, const kj_source *src)
{
    for (int i = 0; i < c->n_edited; i++) {
        const kj_edited *e = &c->edited[i];
        if (e->has_identity && e->dev == src->dev && e->ino == src->ino) return e;
    }
    return NULL;
}

/* path with "//", "/./" and "DIR/../" taken out, in out (n bytes):
 * how two spellings of a path to a file not on disk are told the same. */
void kj_lexical_path(const char *path, char *out, size_t n)
{
    enum { MAX_PARTS = 256 };
    const char *part[MAX_PARTS];
    size_t len[MAX_PARTS];
    int np = 0, absolute = path[0] == '/';
    for (const char *p = path; *p;) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t l = (size_t)(e - p);
        int dotdot = l == 2 && p[0] == '.' && p[1] == '.';
        if (l == 0 || (l == 1 && p[0] == '.')) {
            /* nothing */
        } else if (dotdot && np > 0 && !(len[np - 1] == 2 && !memcmp(part[np - 1], "..", 2))) {
            np--;
        } else if (dotdot && absolute) {
            /* (/.. is /) */
        } else if (np < MAX_PARTS) {
            part[np] = p;
            len[np++] = l;
        }
        p = e;
    }
    size_t o = 0;
    if (absolute && o + 1 < n) out[o++] = '/';
    for (int i = 0; i < np; i++) {
        if (i && o + 1 < n) out[o++] = '/';
        for (size_t k = 0; k < len[i] && o + 1 < n; k++) out[o++] = part[i][k];
    }
    out[o] = 0;
}

int kj_edited_unsaved(kj_case *c, const char *path, kj_span from, const char **why)
{
    char want[4096], have[4096];
    *why = NULL;
    kj_lexical_path(path, want, sizeof want);
    for (int i = 0; i < c->n_edited; i++) {
        const kj_edited *e = &c->edited[i];
        if (e->has_identity) continue;
        kj_lexical_path(e->path, have, sizeof have);
        if (strcmp(want, have)) continue;
        if (c->n_source_files >= KJ_MAX_CASE_FILES) *why = "the case has too many files (limit 1,000)";
        else if (e->size > KJ_MAX_FILE_BYTES) *why = "file too large (limit 64 MiB)";
        else if (e->size > KJ_MAX_CASE_BYTES - c->source_bytes) *why = "the case's files come to more than 256 MiB (limit)";
        if (*why) return -1;
        int f = kj_add_file(c, path, e->data ? e->data : "", e->size, from);
        c->files[f].edited = 1;
        c->n_source_files++;
        c->source_bytes += e->size;
        return f;
    }
    return -1;
}

int kj_edited_read_already(const kj_case *c, const char *path)
{
    char want[4096], have[4096];
    kj_lexical_path(path, want, sizeof want);
    for (int f = 0; f < c->n_files; f++) {
        if (c->files[f].has_identity || f == c->data_file) continue;
        kj_lexical_path(c->files[f].path, have, sizeof have);
        if (!strcmp(want, have)) return f;
    }
    return -1;
}

int kj_add_file(kj_case *c, const char *path, const char *data, size_t size, kj_span from)
{
    if (c->n_files == c->cap_files) {
        c->cap_files = c->cap_files ? c->cap_files * 2 : 8;
        c->files = kj_realloc(c->mem, c->files, sizeof(kj_file) * (size_t)c->cap_files);
    }
    kj_file *f = &c->files[c->n_files];
    memset(f, 0, sizeof *f);
    f->path = kj_arena_strdup(&c->arena, path);
    f->shown = kj_escaped(&c->arena, path);
    char *text = kj_arena_alloc(&c->arena, size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    f->text = text;
    f->size = size;
    int lines = 1;
    for (size_t i = 0; i < size; i++) lines += text[i] == '\n';
    f->line_start = kj_arena_alloc(&c->arena, sizeof(int) * (size_t)lines);
    f->line_start[0] = 0;
    int li = 1;
    for (size_t i = 0; i < size; i++)
        if (text[i] == '\n') f->line_start[li++] = (int)i + 1;
    f->n_lines = (size > 0 && text[size - 1] == '\n') ? lines - 1 : lines;
    f->included_at = from;
    f->include_file = from.file;
    return c->n_files++;
}
