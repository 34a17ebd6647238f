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
        size_t j;
        json_t *st;
        json_array_foreach(json_object_get(v, "statements"), j, st) fprintf(k, " %s", json_string_value(json_object_get(st, "id")));
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
    int n;
} watched;

static void watched_free(watched *w)
{
    for (int i = 0; i < w->n; i++) free(w->paths[i]);
    free(w->paths);
    w->paths = NULL;
    w->n = 0;
}

static void watched_add(watched *w, const char *path)
{
    for (int i = 0; i < w->n; i++)
        if (!strcmp(w->paths[i], path)) return;
    char **p = realloc(w->paths, sizeof *p * (size_t)(w->n + 1));
    if (!p) return;
    w->paths = p;
    if ((w->paths[w->n] = strdup(path))) w->n++;
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
    for (int i = 0; i < w->n; i++) {
        char *one = dir_of(w->paths[i]);
        if (!one) continue;
        int known = 0;
        for (int k = 0; k < d->n && !known; k++) known = !strcmp(d->dir[k], one);
        int id = known ? -1
                       : inotify_add_watch(d->fd, one, IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                                           IN_DELETE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF);
        if (id < 0) {
            if (!known) {
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

/* The watched path an event names (in a watched directory), or NULL. */
static const char *event_path(const dirs *d, const watched *w, const struct inotify_event *e)
{
    if (!e->len) return NULL;
    for (int k = 0; k < d->n; k++) {
        if (d->wd[k] != e->wd) continue;
        for (int i = 0; i < w->n; i++) {
            char *dir = dir_of(w->paths[i]);
            int same = dir && !strcmp(dir, d->dir[k]);
            free(dir);
            if (!same) continue;
            const char *base = base_of(w->paths[i]);
            size_t n = strlen(base);
            /* the file, or a store's -wal file */
            if (!strcmp(e->name, base) || (!strncmp(e->name, base, n) && !strcmp(e->name + n, "-wal"))) return w->paths[i];
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
    int n = 1;
    fprintf(stdout, "check 1: %s; watching %d file%s (Ctrl-C ends)\n",
            good ? "done" : "the case does not load", w.n, w.n == 1 ? "" : "s");
    fflush(stdout);
    dirs_watch(&d, &w);
    const char *why = NULL;
    char *why_copy = NULL;
    for (;;) {
        struct pollfd p = {.fd = d.fd, .events = POLLIN};
        int got = poll(&p, 1, why ? 200 : -1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            fprintf(stderr, "kjeller: cannot watch the files: %s\n", strerror(errno));
            break;
        }
        if (got == 0) { /* quiet for 200 ms: check again */
            found now = {0};
            n++;
            if (check_once(files, n_files, rt, opts, diag, good ? NULL : text, &w, &now) == 0) {
                if (good) print_changes(n, why, &last, &now);
                else printf("check %d (%s changed): done\n", n, why);
                found_free(&last);
                last = now;
                good = 1;
            } else {
                printf("check %d (", n);
                kj_print_text(stdout, why);
                printf(" changed): the case does not load; the last good check stands\n");
            }
            fflush(stdout);
            dirs_watch(&d, &w); /* (an include added, a directory made again) */
            if (d.n == 0) {
                fprintf(stderr, "kjeller: no directory of the case is left to watch\n");
                break;
            }
            free(why_copy);
            why = why_copy = NULL;
            continue;
        }
        char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
        ssize_t len;
        while ((len = read(d.fd, buf, sizeof buf)) > 0) {
            for (char *q = buf; q < buf + len;) {
                const struct inotify_event *e = (const struct inotify_event *)q;
                const char *path = event_path(&d, &w, e);
                if (path && !why) why = why_copy = strdup(path);
                if (e->mask & IN_IGNORED) dirs_dropped(&d, e->wd);
                else if (!why && (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF))) why = why_copy = strdup("a directory");
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
