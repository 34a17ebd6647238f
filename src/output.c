/* output — opening the files kjeller writes (output.h): stdout, a device
 * or FIFO written in place, or a temporary file that replaces a regular
 * file only when complete. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

enum { OUT_NONE, OUT_STDOUT, OUT_IN_PLACE, OUT_TEMPORARY }; /* a zeroed kj_output is none */

/* The file a chain of symbolic links ends at, which may not exist yet (a
 * dangling link is followed to the file it names).  Caller frees; NULL with
 * errno (ELOOP past 40 links). */
static char *follow_links(const char *path)
{
    char *p = strdup(path);
    for (int hops = 0; p; hops++) {
        struct stat st;
        if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode)) return p; /* not there: open says why */
        char link[PATH_MAX];
        ssize_t n = hops < 40 ? readlink(p, link, sizeof link - 1) : -1;
        if (n < 0) {
            if (hops >= 40) errno = ELOOP;
            free(p);
            return NULL;
        }
        link[n] = 0;
        const char *slash = strrchr(p, '/');
        size_t dir = link[0] == '/' || !slash ? 0 : (size_t)(slash - p) + 1; /* relative: to the link's directory */
        char *next = malloc(dir + (size_t)n + 1);
        if (next) {
            memcpy(next, p, dir);
            memcpy(next + dir, link, (size_t)n + 1);
        }
        free(p);
        p = next;
    }
    return NULL;
}

int kj_output_is(const char *path, dev_t dev, ino_t ino)
{
    struct stat st;
    return strcmp(path, "-") && stat(path, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

/* The directory of path ("." for a bare name).  Caller frees. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, path, n);
    d[n] = 0;
    return d;
}

/* "TARGET.tmpXXXXXX" with six characters that differ from try to try (and
 * from process to process); the caller creates it exclusively.  Caller frees. */
static char *temp_name(const kj_output *o, unsigned attempt)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 12) ^ (uintptr_t)o ^
                 ((uint64_t)attempt * 0x9e3779b97f4a7c15u);
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u; /* splitmix64's finaliser */
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    x ^= x >> 31;
    size_t n = strlen(o->target);
    char *t = malloc(n + sizeof ".tmpXXXXXX");
    if (!t) return NULL;
    memcpy(t, o->target, n);
    memcpy(t + n, ".tmp", 4);
    for (int i = 0; i < 6; i++) {
        t[n + 4 + i] = alphabet[x % 62];
        x /= 62;
    }
    t[n + 10] = 0;
    return t;
}

static int open_in_place(kj_output *o, const char *path)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    o->kind = OUT_IN_PLACE;
    o->fd = fd;
    if (!(o->f = fdopen(fd, "w"))) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return 0;
}

/* A temporary file beside target: without a name (O_TMPFILE) where the
 * file system and /proc allow it, else named and created exclusively. */
static int open_temporary(kj_output *o)
{
    char *dir = dir_of(o->target);
    if (!dir) return -1;
    int fd = -1;
#ifdef O_TMPFILE
    fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (fd >= 0) { /* publishing links it by its /proc name */
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
        if (access(proc, F_OK) != 0) {
            close(fd);
            fd = -1;
        }
    }
#endif
    free(dir);
    for (unsigned attempt = 0; fd < 0 && attempt < 100; attempt++) {
        free(o->tmp);
        if (!(o->tmp = temp_name(o, attempt))) return -1;
        fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        int err = errno;
        free(o->tmp);
        o->tmp = NULL;
        errno = err;
        return -1;
    }
    if (o->mode >= 0) (void)fchmod(fd, (mode_t)o->mode); /* the permissions of the file it replaces */
    o->kind = OUT_TEMPORARY;
    o->fd = fd;
    if (!(o->f = fdopen(fd, "w"))) {
        kj_output_discard(o);
        return -1;
    }
    return 0;
}

int kj_output_open(kj_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->mode = -1;
    struct stat st, out;
    int exists = stat(path, &st) == 0;
    if (!strcmp(path, "-") ||
        (exists && fstat(1, &out) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino)) { /* /dev/stdout */
        o->kind = OUT_STDOUT;
        o->f = stdout;
        o->fd = 1;
        return 0;
    }
    if (exists && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return -1;
    }
    if (exists && !S_ISREG(st.st_mode)) return open_in_place(o, path); /* a device, a FIFO: never renamed over */
    if (!(o->target = follow_links(path))) return -1;
    if (stat(o->target, &st) == 0) {
        if (!S_ISREG(st.st_mode)) { /* it changed since: as it is now */
            free(o->target);
            o->target = NULL;
            if (!S_ISDIR(st.st_mode)) return open_in_place(o, path);
            errno = EISDIR;
            return -1;
        }
        o->mode = (int)(st.st_mode & 0777);
    } else if (errno != ENOENT) {
        int err = errno;
        kj_output_discard(o);
        errno = err;
        return -1;
    }
    if (open_temporary(o) != 0) {
        int err = errno;
        kj_output_discard(o);
        errno = err;
        return -1;
    }
    return 0;
}

int kj_output_close(kj_output *o)
{
    if (!o->f) return 0;
    errno = 0;
    int ok = fflush(o->f) == 0 && !ferror(o->f);
    int err = errno ? errno : EIO;
    if (ok && o->kind == OUT_TEMPORARY && fsync(o->fd) != 0) {
        ok = 0;
        err = errno;
    }
    if (o->kind == OUT_STDOUT) {
        o->f = NULL;
    } else if (o->kind == OUT_IN_PLACE || o->tmp) { /* an unnamed temporary file stays open until it is linked */
        if (fclose(o->f) != 0 && ok) {
            ok = 0;
            err = errno;
        }
        o->f = NULL;
    }
    if (!ok) {
        kj_output_discard(o);
        errno = err;
        return -1;
    }
    return 0;
}

int kj_output_publish(kj_output *o)
{
    if (o->kind != OUT_TEMPORARY) return 0;
    int ok = 1, err = 0;
    if (!o->tmp) { /* unnamed: give it a name beside the target, then move it there */
        char proc[64];
        snprintf(proc, sizeof proc, "/proc/self/fd/%d", o->fd);
        for (unsigned attempt = 0;; attempt++) {
            if (!(o->tmp = temp_name(o, attempt))) return -1;
            if (linkat(AT_FDCWD, proc, AT_FDCWD, o->tmp, AT_SYMLINK_FOLLOW) == 0) break;
            err = errno;
            free(o->tmp);
            o->tmp = NULL;
            if (err != EEXIST || attempt == 99) {
                kj_output_discard(o);
                errno = err;
                return -1;
            }
        }
        if (fclose(o->f) != 0) {
            ok = 0;
            err = errno;
        }
        o->f = NULL;
    }
    if (ok && rename(o->tmp, o->target) != 0) {
        ok = 0;
        err = errno;
    }
    if (!ok) {
        kj_output_discard(o);
        errno = err;
        return -1;
    }
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
    return 0;
}

void kj_output_discard(kj_output *o)
{
    if (o->f && o->kind != OUT_STDOUT) fclose(o->f);
    o->f = NULL;
    if (o->tmp) unlink(o->tmp);
    free(o->tmp);
    free(o->target);
    o->tmp = o->target = NULL;
}

const char *kj_output_reason(int err, char *buf, size_t n)
{
    snprintf(buf, n, "%s", strerror(err));
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z')) buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}
