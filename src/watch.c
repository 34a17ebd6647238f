/* watch — kjeller check --watch: the check again whenever a file of the
 * case changes, and only what changed printed.  The command line's, not
 * the library's: it waits on the files (inotify) and prints.
 *
 * What it watches: the directories of every file a load of the case read
 * (kj_case_input_path: the files given, their includes, imported CSV
 * files, SQLite stores and their -wal files), so that a file an editor
 * saves by writing another and renaming it over the first is seen, as is
 * one deleted and made again.  Events are gathered until 200 ms pass with
 * none, then the case is checked again.
 *
 * What it prints, after the first check's report (as check prints it):
 * one line per check, "check N: ...", then a line per change: "+ " and
 * the --brief line of each new contradiction, "- " and the last brief
 * line of each one gone, "~ claim 'ID': VERDICT -> VERDICT" for each
 * verdict changed.  A contradiction is the same one across checks while
 * it is of the same claim and kind and rests on the same statements (by
 * id): an edit that moves lines changes none.  A case that does not load
 * prints its errors on stderr; the last good check stands until one
 * loads. */
#define _GNU_SOURCE /* open_memstream is POSIX; inotify is Linux's */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "kjeller.h"
#include "cli.h"

/* What one check found: each contradiction's key and brief line, each
 * claim's verdict. */
typedef struct found {
    json_t *keys;     /* [key] in report order */
    json_t *lines;    /* [brief line] likewise */
    json_t *verdicts; /* {claim: verdict} */
} found;

static void found_free(found *f)
{
    json_decref(f->keys);
    json_decref(f->lines);
    json_decref(f->verdicts);
    memset(f, 0, sizeof *f);
}

/* What a render writes, as a string (malloc'd), or NULL. */
static char *rendered(int (*render)(const kj_case *, const kj_report *, const kj_text_opts *, FILE *), const kj_case *c,
                      const kj_report *r, const kj_text_opts *opts)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    if (!m) return NULL;
    int rc = render(c, r, opts, m);
    if (fclose(m) != 0 || rc != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int as_json(const kj_case *c, const kj_report *r, const kj_text_opts *opts, FILE *out)
{
    (void)opts;
    return kj_render_json(c, r, out);
}

static int cmp_str(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    return strcmp(x ? x : "", y ? y : "");
}

/* The keys and lines of a check: 0, or -1 (memory ran out). */
static int found_of(const kj_case *c, const kj_report *r, found *f)
{
    static const kj_text_opts brief = {.layout = KJ_TEXT_BRIEF, .color = KJ_COLOR_NONE};
    char *js = rendered(as_json, c, r, NULL), *lines = rendered(kj_render_text_with, c, r, &brief);
    json_t *doc = js ? json_loads(js, 0, NULL) : NULL;
    free(js);
    f->keys = json_array();
    f->lines = json_array();
    f->verdicts = json_object();
    int ok = doc && lines && f->keys && f->lines && f->verdicts;
    size_t i;
    json_t *v;
    char *line = lines;
    json_array_foreach(ok ? json_object_get(doc, "conflicts") : NULL, i, v) {
        /* kind, claim, then the ids of the statements it rests on */
        char *key = NULL;
        size_t n = 0;
        FILE *k = open_memstream(&key, &n);
        if (!k) {
            ok = 0;
            break;
        }
        fprintf(k, "%s %s", json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "claim")));
        /* the ids sorted: the statements' order is the file's, which moving lines changes */
        size_t j, n_ids = json_array_size(json_object_get(v, "statements"));
        const char **ids = calloc(n_ids + 1, sizeof *ids);
        json_t *st;
        json_array_foreach(json_object_get(v, "statements"), j, st) if (ids) ids[j] = json_string_value(json_object_get(st, "id"));
        if (ids) qsort(ids, n_ids, sizeof *ids, cmp_str);
        for (j = 0; ids && j < n_ids; j++) fprintf(k, " %s", ids[j] ? ids[j] : "");
        free(ids);
        fclose(k);
        char *nl = line ? strchr(line, '\n') : NULL;
        if (!key || !nl) {
            free(key);
            ok = 0;
            break;
        }
        json_array_append_new(f->keys, json_string(key));
        json_array_append_new(f->lines, json_stringn(line, (size_t)(nl - line)));
        free(key);
        line = nl + 1;
    }
    json_array_foreach(ok ? json_object_get(doc, "verdicts") : NULL, i, v) {
        const char *claim = json_string_value(json_object_get(v, "claim"));
        if (claim) json_object_set(f->verdicts, claim, json_object_get(v, "verdict"));
    }
    json_decref(doc);
    free(lines);
    return ok ? 0 : -1;
}

static int has_key(const found *f, const char *key)
{
    size_t i;
    json_t *k;
    json_array_foreach(f->keys, i, k)
        if (!strcmp(json_string_value(k), key)) return 1;
    return 0;
}

static void print_line(const char *mark, const char *line)
{
    fputs(mark, stdout);
    kj_print_text(stdout, line);
    fputc('\n', stdout);
}

/* Prints what changed from was to now. */
static void print_changes(int n, const char *why, const found *was, const found *now)
{
    int added = 0, gone = 0, changed = 0;
    size_t i;
    json_t *k;
    json_array_foreach(now->keys, i, k) added += !has_key(was, json_string_value(k));
    json_array_foreach(was->keys, i, k) gone += !has_key(now, json_string_value(k));
    const char *claim;
    json_t *v;
    json_object_foreach(now->verdicts, claim, v) changed += !json_equal(v, json_object_get(was->verdicts, claim));
    json_object_foreach(was->verdicts, claim, v) changed += !json_object_get(now->verdicts, claim);
    printf("check %d", n);
    if (why) {
        fputs(" (", stdout);
        kj_print_text(stdout, why);
        fputs(" changed)", stdout);
    }
    if (!added && !gone && !changed) {
        printf(": no change; %zu contradiction%s\n", json_array_size(now->keys), json_array_size(now->keys) == 1 ? "" : "s");
        return;
    }
    printf(": %d new, %d gone, %d verdict%s changed; %zu contradiction%s\n", added, gone, changed, changed == 1 ? "" : "s",
           json_array_size(now->keys), json_array_size(now->keys) == 1 ? "" : "s");
    json_array_foreach(was->keys, i, k)
        if (!has_key(now, json_string_value(k))) print_line("- ", json_string_value(json_array_get(was->lines, i)));
    json_array_foreach(now->keys, i, k)
        if (!has_key(was, json_string_value(k))) print_line("+ ", json_string_value(json_array_get(now->lines, i)));
    json_object_foreach(now->verdicts, claim, v) {
        json_t *old = json_object_get(was->verdicts, claim);
        if (json_equal(v, old)) continue;
        printf("~ claim '");
        kj_print_text(stdout, claim);
        printf("': %s -> %s\n", old ? json_string_value(old) : "(new)", json_string_value(v));
    }
    json_object_foreach(was->verdicts, claim, v) {
        if (json_object_get(now->verdicts, claim)) continue;
        printf("~ claim '");
        kj_print_text(stdout, claim);
        printf("': %s -> (gone)\n", json_string_value(v));
    }
}

/* The files to watch: those given, and what the last good load read. */
typedef struct watched {
    char **paths;
    struct stat *sig; /* what each was when last looked at (st_nlink 0: not there) */
    char *shadow;     /* a -wal file of a path watched: not counted as one */
    int n;
} watched;

static void watched_free(watched *w)
{
    for (int i = 0; i < w->n; i++) free(w->paths[i]);
    free(w->paths);
    free(w->sig);
    free(w->shadow);
    w->paths = NULL;
    w->sig = NULL;
    w->shadow = NULL;
    w->n = 0;
}

/* What a file is now, as far as a change goes: its inode, size, times
 * (st_nlink 0: not there). */
static struct stat signature(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) memset(&st, 0, sizeof st);
    return st;
}

/* Whether path changed since its signature was taken (and takes it
 * again): an event that changed nothing (a file opened for writing and
 * closed unwritten, as SQLite does its -wal file on every read) is none. */
static int changed(watched *w, int i, const char *path)
{
    struct stat now = signature(path), *was = &w->sig[i];
    int same = now.st_nlink == was->st_nlink && now.st_ino == was->st_ino && now.st_dev == was->st_dev &&
               now.st_size == was->st_size && now.st_mtim.tv_sec == was->st_mtim.tv_sec &&
               now.st_mtim.tv_nsec == was->st_mtim.tv_nsec && now.st_ctim.tv_sec == was->st_ctim.tv_sec &&
               now.st_ctim.tv_nsec == was->st_ctim.tv_nsec;
    *was = now;
    return !same;
}

static int watched_add_one(watched *w, const char *path, int shadow)
{
    for (int i = 0; i < w->n; i++)
        if (!strcmp(w->paths[i], path)) return 0;
    char **p = realloc(w->paths, sizeof *p * (size_t)(w->n + 2));
    if (!p) return 0;
    w->paths = p;
    struct stat *sig = realloc(w->sig, sizeof *sig * (size_t)(w->n + 2));
    if (!sig) return 0;
    w->sig = sig;
    char *sh = realloc(w->shadow, (size_t)(w->n + 2));
    if (!sh) return 0;
    w->shadow = sh;
    if (!(w->paths[w->n] = strdup(path))) return 0;
    w->sig[w->n] = signature(path);
    w->shadow[w->n] = (char)shadow;
    w->n++;
    return 1;
}

/* How many files are watched (the -wal files apart). */
static int watched_count(const watched *w)
{
    int n = 0;
    for (int i = 0; i < w->n; i++) n += !w->shadow[i];
    return n;
}

/* Watches path, and where a symbolic link to it leads (an edit of the
 * target changes the file the case reads). */
static void watched_add(watched *w, const char *path)
{
    char wal[PATH_MAX];
    watched_add_one(w, path, 0);
    if (snprintf(wal, sizeof wal, "%s-wal", path) < (int)sizeof wal) watched_add_one(w, wal, 1);
    struct stat st;
    char *real = lstat(path, &st) == 0 && S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
    if (real && strcmp(real, path)) watched_add_one(w, real, 0); /* (its directory is another's) */
    free(real);
}

/* The files a case file includes, as its text writes them (read even when
 * the case does not load: a file a failed load never reached is watched
 * too), and theirs, at most 16 deep. */
static void watched_includes(watched *w, const char *path, int depth)
{
    if (depth > 16) return;
    FILE *f = fopen(path, "r");
    struct stat st;
    if (!f) return;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return;
    }
    char line[8192];
    const char *slash = strrchr(path, '/');
    while (fgets(line, sizeof line, f)) {
        char *q = line;
        while (*q == ' ' || *q == '\t') q++;
        if (strncmp(q, "include", 7) || (q[7] != ' ' && q[7] != '\t')) continue;
        q += 7;
        while (*q == ' ' || *q == '\t') q++;
        char *close = *q == '"' ? strchr(q + 1, '"') : NULL;
        if (!close) continue;
        *close = 0;
        char full[PATH_MAX];
        int n = q[1] == '/' || !slash ? snprintf(full, sizeof full, "%s", q + 1)
                                      : snprintf(full, sizeof full, "%.*s/%s", (int)(slash - path), path, q + 1);
        if (n <= 0 || (size_t)n >= sizeof full) continue;
        int before = w->n;
        watched_add(w, full);
        if (w->n > before) watched_includes(w, full, depth + 1);
    }
    fclose(f);
}

/* The directory of a path ("." for a bare name), malloc'd. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return strdup(".");
    if (slash == path) return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* inotify's watches, one per directory. */
typedef struct dirs {
    int fd;
    int *wd;
    char **dir;
    int n;
    int missing; /* directories of watched files that could not be watched (tried again each second) */
    int said;    /* (why, said once) */
} dirs;

static void dirs_clear(dirs *d)
{
    for (int i = 0; i < d->n; i++) {
        inotify_rm_watch(d->fd, d->wd[i]);
        free(d->dir[i]);
    }
    free(d->wd);
    free(d->dir);
    d->wd = NULL;
    d->dir = NULL;
    d->n = 0;
}

/* Watches each directory of w's files not watched yet (a directory
 * removed and made again is watched again after the next check). */
static void dirs_watch(dirs *d, const watched *w)
{
    int *wd = realloc(d->wd, sizeof *wd * (size_t)(d->n + w->n + 1));
    if (wd) d->wd = wd;
    char **dir = realloc(d->dir, sizeof *dir * (size_t)(d->n + w->n + 1));
    if (dir) d->dir = dir;
    if (!wd || !dir) return;
    d->missing = 0;
    for (int i = 0; i < w->n; i++) {
        char *one = dir_of(w->paths[i]);
        if (!one) continue;
        int known = 0;
        for (int k = 0; k < d->n && !known; k++) known = !strcmp(d->dir[k], one);
        int id = known ? -1
                       : inotify_add_watch(d->fd, one, IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                                           IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF);
        if (id < 0) {
            d->missing++;
            if (!known && !d->said) {
                char msg[PATH_MAX + 64];
                snprintf(msg, sizeof msg, "kjeller: cannot watch '%s': %s", one, strerror(errno));
                kj_print_text(stderr, msg);
                fputc('\n', stderr);
            }
            free(one);
            continue;
        }
        d->wd[d->n] = id;
        d->dir[d->n++] = one;
    }
    d->said = 1;
}

/* The kernel dropped a watch (its directory is gone): forget it. */
static void dirs_dropped(dirs *d, int wd)
{
    for (int k = 0; k < d->n; k++)
        if (d->wd[k] == wd) {
            free(d->dir[k]);
            d->wd[k] = d->wd[d->n - 1];
            d->dir[k] = d->dir[--d->n];
            return;
        }
}

/* The watched path an event names (in a watched directory), or NULL;
 * *which: its index. */
static const char *event_path(const dirs *d, const watched *w, const struct inotify_event *e, int *which)
{
    if (!e->len) return NULL;
    for (int k = 0; k < d->n; k++) {
        if (d->wd[k] != e->wd) continue;
        for (int i = 0; i < w->n; i++) {
            char *dir = dir_of(w->paths[i]);
            int same = dir && !strcmp(dir, d->dir[k]);
            free(dir);
            if (!same) continue;
            if (!strcmp(e->name, base_of(w->paths[i]))) {
                *which = i;
                return w->paths[i];
            }
        }
    }
    return NULL;
}

/* One check: the case's files recorded in w, what it found in *f (0), or
 * -1 when it does not load or the check fails (said on stderr). */
static int check_once(const char *const *files, int n_files, const kj_runtime *rt, const kj_check_opts *opts,
                      kj_diag_fn diag, const kj_text_opts *first_report, watched *w, found *f)
{
    int n_errors = 0;
    kj_failure failure = {0};
    kj_case *c = kj_case_open(files, n_files, rt, diag, stderr, &n_errors, &failure);
    if (!c) {
        if (failure.failed) fprintf(stderr, "kjeller: internal error: %s\n", failure.why);
        else fprintf(stderr, "%d error%s; the last good check stands\n", n_errors, n_errors == 1 ? "" : "s");
        return -1;
    }
    for (int k = 0; k < kj_case_input_count(c); k++) watched_add(w, kj_case_input_path(c, k));
    kj_report *r = kj_check(c, opts, &failure);
    if (!r) {
        fprintf(stderr, "kjeller: internal error: %s\n", failure.why);
        kj_case_free(c);
        return -1;
    }
    int rc = found_of(c, r, f);
    if (rc == 0 && first_report) rc = kj_render_text_with(c, r, first_report, stdout);
    kj_report_free(r);
    kj_case_free(c);
    if (rc != 0) {
        found_free(f);
        fprintf(stderr, "kjeller: out of memory\n");
    }
    return rc;
}

int kj_cli_watch(const char *const *files, int n_files, const kj_runtime *rt, const kj_check_opts *opts,
                 kj_diag_fn diag, const kj_text_opts *text)
{
    watched w = {0};
    for (int i = 0; i < n_files; i++) watched_add(&w, files[i]);
    dirs d = {.fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)};
    if (d.fd < 0) {
        fprintf(stderr, "kjeller: cannot watch the files: %s\n", strerror(errno));
        watched_free(&w);
        return KJ_EXIT_INTERNAL;
    }
    found last = {0};
    int good = check_once(files, n_files, rt, opts, diag, text, &w, &last) == 0;
    for (int i = 0; i < n_files; i++) watched_includes(&w, files[i], 0);
    int n = 1;
    fprintf(stdout, "check 1: %s; watching %d file%s (Ctrl-C ends)\n",
            good ? "done" : "the case does not load", watched_count(&w), watched_count(&w) == 1 ? "" : "s");
    fflush(stdout);
    dirs_watch(&d, &w);
    const char *why = NULL;
    char *why_copy = NULL;
    struct timespec due = {0}; /* 200 ms after the last change of a watched file */
    for (;;) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long wait = -1;
        if (why) {
            wait = (long)((due.tv_sec - now.tv_sec) * 1000 + (due.tv_nsec - now.tv_nsec) / 1000000);
            if (wait < 0) wait = 0;
        } else if (d.missing) {
            wait = 1000; /* a directory gone: look for it again each second */
        }
        struct pollfd p = {.fd = d.fd, .events = POLLIN};
        int got = poll(&p, 1, (int)wait);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            fprintf(stderr, "kjeller: cannot watch the files: %s\n", strerror(errno));
            break;
        }
        if (got == 0 && !why) { /* a directory gone: is it back? */
            int before = d.n;
            dirs_watch(&d, &w);
            if (d.n > before) {
                why = why_copy = strdup("a directory");
                due = now;
            }
            continue;
        }
        if (got == 0) { /* quiet for 200 ms: check again */
            found now_found = {0};
            n++;
            /* what the files are as the check reads them: a change during it is one after */
            for (int i = 0; i < w.n; i++) w.sig[i] = signature(w.paths[i]);
            if (check_once(files, n_files, rt, opts, diag, good ? NULL : text, &w, &now_found) == 0) {
                if (good) {
                    print_changes(n, why, &last, &now_found);
                } else {
                    printf("check %d (", n);
                    kj_print_text(stdout, why);
                    printf(" changed): done\n");
                }
                found_free(&last);
                last = now_found;
                good = 1;
            } else {
                printf("check %d (", n);
                kj_print_text(stdout, why);
                printf(" changed): the case does not load; %s\n",
                       good ? "the last good check stands" : "no check has loaded yet");
            }
            fflush(stdout);
            /* a -wal file as the check left it: SQLite's reader writes it (a checkpoint,
             * the file made or taken away), which is no change of the records */
            for (int i = 0; i < w.n; i++)
                if (w.shadow[i]) w.sig[i] = signature(w.paths[i]);
            for (int i = 0; i < n_files; i++) watched_includes(&w, files[i], 0);
            dirs_watch(&d, &w); /* (an include added, a directory made again) */
            free(why_copy);
            why = why_copy = NULL;
            continue;
        }
        char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
        ssize_t len;
        while ((len = read(d.fd, buf, sizeof buf)) > 0) {
            for (char *q = buf; q < buf + len;) {
                const struct inotify_event *e = (const struct inotify_event *)q;
                int which = -1;
                const char *path = event_path(&d, &w, e, &which);
                int moved_dir = (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) != 0;
                if (moved_dir) { /* (a directory moved away keeps its watch: drop it, look for the path again) */
                    inotify_rm_watch(d.fd, e->wd);
                    dirs_dropped(&d, e->wd);
                    d.missing++;
                } else if (e->mask & IN_IGNORED) {
                    dirs_dropped(&d, e->wd);
                }
                if ((path && changed(&w, which, path)) || moved_dir) {
                    if (!why) {
                        const char *named = path && w.shadow[which] ? NULL : path;
                        why = why_copy = strdup(named ? named : moved_dir ? "a directory" : path);
                    }
                    clock_gettime(CLOCK_MONOTONIC, &due);
                    due.tv_nsec += 200 * 1000000L;
                    if (due.tv_nsec >= 1000000000L) {
                        due.tv_sec++;
                        due.tv_nsec -= 1000000000L;
                    }
                }
                q += sizeof *e + e->len;
            }
        }
    }
    found_free(&last);
    dirs_clear(&d);
    close(d.fd);
    watched_free(&w);
    free(why_copy);
    return KJ_EXIT_INTERNAL;
}
