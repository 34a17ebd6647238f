/* main — the command line only: parse arguments, load, check, render,
 * exit with the status of design.md §1.  All logic is in the library. */
#define _GNU_SOURCE /* madvise, MADV_HUGEPAGE */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#ifdef __GLIBC__
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kjeller.h"
#include "cli.h"    /* the usage texts, did-you-mean */
#include "output.h" /* every file written goes through it */
#include "timex.h" /* the zone data versions */

/* Prints a line made of a format and untrusted strings (file names,
 * arguments, headers) escaped: no argument can forge a line or send the
 * terminal an escape (issue 19 review). */
static void say(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(FILE *out, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    kj_print_text(out, buf);
    fputc('\n', out);
}

/* A usage error of cmd (NULL: of no command): what is wrong, the hint if
 * any, then the command's synopsis, on stderr.  Returns the exit status. */
static int usage_error_hint(const kj_cli_command *cmd, const char *hint, const char *fmt, const char *arg)
{
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, arg);
    say(stderr, "kjeller: %s", msg);
    if (hint) say(stderr, "  = hint: did you mean '%s'?", hint);
    kj_cli_synopsis(stderr, cmd);
    return KJ_EXIT_BAD_INPUT;
}

static int usage_error(const kj_cli_command *cmd, const char *fmt, const char *arg)
{
    return usage_error_hint(cmd, NULL, fmt, arg);
}

/* An option cmd does not take as given: one that takes a value given last
 * without it ("report c.case -o"; last: nothing follows it), one that is
 * not for this use of cmd (store drop --format), or one unknown, with the
 * closest it knows. */
static int bad_option(const kj_cli_command *cmd, const char *a, int last)
{
    const char *closest = kj_cli_closest_option(cmd, a);
    int known = closest && !strcmp(closest, a);
    if (known && last && kj_cli_takes_value(a)) return usage_error(cmd, "%s needs a value", a);
    if (known) return usage_error(cmd, "%s does not apply here", a);
    return usage_error_hint(cmd, closest, "unknown option '%s'", a);
}

/* --max-branches N: a positive count of choices. */
static int max_branches(const kj_cli_command *cmd, const char *v, kj_check_opts *opts)
{
    char *end;
    opts->max_branches = strtol(v, &end, 10);
    if (*end || opts->max_branches <= 0) {
        usage_error(cmd, "--max-branches needs a positive number, not '%s'", v);
        return -1;
    }
    return 0;
}

/* With KJELLER_TIMING set: when each phase ended, "phase: N ms" (the time
 * since the previous one) with the memory in use, and the figures the
 * library gives, on stderr.  For finding where time goes. */
static double timing_last_ms;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void timing_phase(void *ctx, const char *phase, const char *detail)
{
    (void)ctx;
    if (detail) {
        fprintf(stderr, "%s: %s\n", phase, detail);
        return;
    }
    double now = now_ms();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
        fclose(f);
    }
    size_t in_use = 0; /* the heap's, where the allocator says */
#ifdef __GLIBC__
    in_use = mallinfo2().uordblks;
#endif
    fprintf(stderr, "%s: %.0f ms (RSS %ld MB, peak %ld MB, heap in use %zu MB)\n", phase, now - timing_last_ms,
            rss * (sysconf(_SC_PAGESIZE) / 1024) / 1024, ru.ru_maxrss / 1024, in_use >> 20);
    timing_last_ms = now;
}

/* A knob of the environment: a positive number, or 0 when unset or not one. */
static long env_number(const char *name)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v) return 0;
    long n = strtol(v, &end, 10);
    return *end || n < 1 ? 0 : n;
}

/* How the library runs, from the environment (docs/limits.md):
 * KJELLER_THREADS=N threads (0 or not a number: one), KJELLER_PIECE=N
 * claims and facts per piece of a big case's network, KJELLER_TIMING=1 (any
 * value but 0 or empty) the phases' times on stderr. */
static kj_runtime runtime_from_env(void)
{
    kj_runtime rt = {0};
    const char *threads = getenv("KJELLER_THREADS");
    if (threads && *threads) {
        long n = strtol(threads, NULL, 10);
        rt.threads = n < 1 ? 1 : n > 64 ? 64 : (int)n;
    }
    long piece = env_number("KJELLER_PIECE");
    rt.piece_points = piece > 1000000000 ? 1000000000 : (int)piece;
    const char *timing = getenv("KJELLER_TIMING"); /* (0 or empty: off, as for any switch) */
    if (timing && *timing && strcmp(timing, "0") != 0) {
        rt.on_phase = timing_phase;
        timing_last_ms = now_ms();
    }
    return rt;
}

/* Tells the runtime's listener that a phase of the command line ended. */
static void cli_phase(const kj_runtime *rt, const char *phase)
{
    if (rt->on_phase) rt->on_phase(rt->phase_ctx, phase, NULL);
}

static char *read_all_fd(int fd, size_t *size);

/* ---- colour --------------------------------------------------------- */

/* --color WHEN: auto (the default), always, never. */
typedef enum { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_when;

/* Whether to colour what goes to fd: as forced, else on a terminal
 * unless NO_COLOR is set to anything but the empty string (no-color.org)
 * or the terminal is TERM=dumb.  The library is told, never asked to
 * look. */
static int colour_for(color_when when, int fd)
{
    if (when != COLOR_AUTO) return when == COLOR_ALWAYS;
    const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");
    if (no_color && *no_color) return 0;
    if (term && !strcmp(term, "dumb")) return 0;
    return isatty(fd);
}

/* The printer of diagnostics on stderr. */
static kj_diag_fn diag_printer(color_when when)
{
    return colour_for(when, 2) ? kj_diag_print_color : kj_diag_print;
}

/* --color's value: 0, or -1 after saying why. */
static int parse_color(const kj_cli_command *cmd, const char *v, color_when *when)
{
    if (!strcmp(v, "auto")) *when = COLOR_AUTO;
    else if (!strcmp(v, "always")) *when = COLOR_ALWAYS;
    else if (!strcmp(v, "never")) *when = COLOR_NEVER;
    else {
        static const char *const whens[] = {"auto", "always", "never", NULL};
        usage_error_hint(cmd, kj_cli_closest_word(v, whens), "--color is auto, always or never, not '%s'", v);
        return -1;
    }
    return 0;
}

/* Loads the files as one case, printing diagnostics; frees `files`.  A
 * file "-" is standard input, read here (the library reads files, never
 * the process's streams) and shown as <stdin>.  Returns NULL (after
 * saying so) when the input has errors (*status KJ_EXIT_BAD_INPUT) or the
 * library failed (KJ_EXIT_INTERNAL). */
static kj_case *load(const char **files, int n_files, const char *what, const kj_runtime *rt, kj_diag_fn diag,
                     int *status)
{
    int n_errors = 0, n_stdin = 0;
    kj_failure failure = {0};
    kj_input *inputs = calloc((size_t)n_files + 1, sizeof *inputs);
    char *standard_input = NULL;
    kj_case *c = NULL;
    *status = KJ_EXIT_INTERNAL;
    for (int i = 0; inputs && i < n_files; i++) {
        inputs[i].path = strcmp(files[i], "-") ? files[i] : NULL;
        inputs[i].name = inputs[i].path ? files[i] : "<stdin>";
        n_stdin += !inputs[i].path;
    }
    if (!inputs) goto done;
    *status = KJ_EXIT_BAD_INPUT;
    if (n_stdin > 1) {
        say(stderr, "kjeller: %s", "'-' (standard input) is given twice: it can be read once");
        goto done;
    }
    if (n_stdin) {
        size_t size = 0;
        if (!(standard_input = read_all_fd(0, &size))) {
            char why[128];
            say(stderr, "<stdin>: error: cannot read '<stdin>': %s", kj_output_reason(errno, why, sizeof why));
            goto done;
        }
        for (int i = 0; i < n_files; i++)
            if (!inputs[i].path) {
                inputs[i].data = standard_input;
                inputs[i].size = size;
            }
    }
    c = kj_case_open_inputs(inputs, n_files, rt, diag, stderr, &n_errors, &failure);
    *status = failure.failed ? KJ_EXIT_INTERNAL : KJ_EXIT_BAD_INPUT;
    if (!c && failure.failed) say(stderr, "kjeller: internal error: %s", failure.why);
    else if (!c) fprintf(stderr, "%d error%s; nothing %s\n", n_errors, n_errors == 1 ? "" : "s", what);
done:
    free(standard_input);
    free(inputs);
    free(files);
    return c;
}

static int cmd_check_or_questions(const kj_cli_command *cmd, int argc, char **argv, int questions)
{
    const char *format = "text";
    kj_check_opts opts = {0};
    kj_text_opts text = {.layout = KJ_TEXT_FULL};
    color_when color = COLOR_AUTO;
    const char **files = calloc((size_t)argc + 1, sizeof(char *));
    int n_files = 0, watch = 0, n_stdin = 0;
    if (!files) return KJ_EXIT_INTERNAL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--format") && i + 1 < argc) format = argv[++i];
        else if (!questions && !strcmp(a, "--brief")) text.layout = KJ_TEXT_BRIEF;
        else if (!questions && !strcmp(a, "--watch")) watch = 1;
        else if (!questions && ((!strcmp(a, "--color") && i + 1 < argc) || !strncmp(a, "--color=", 8))) {
            if (parse_color(cmd, a[7] == '=' ? a + 8 : argv[++i], &color) != 0) {
                free(files);
                return KJ_EXIT_BAD_INPUT;
            }
        }
        else if (!strncmp(a, "--format=", 9)) format = a + 9;
        else if (!strcmp(a, "--max-branches") && i + 1 < argc) {
            if (max_branches(cmd, argv[++i], &opts) != 0) {
                free(files);
                return KJ_EXIT_BAD_INPUT;
            }
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return bad_option(cmd, a, i + 1 == argc);
        } else {
            n_stdin += !strcmp(a, "-");
            files[n_files++] = a;
        }
    }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        free(files);
        return usage_error(cmd, "unknown format '%s' (use text or json)", format);
    }
    if (text.layout == KJ_TEXT_BRIEF && strcmp(format, "text")) {
        free(files);
        return usage_error(cmd, "%s", "--brief is a layout of the text: not with --format json");
    }
    if (!n_files) {
        free(files);
        return usage_error(cmd, "%s", questions ? "questions needs a case file" : "check needs a case file");
    }
    if (watch && (strcmp(format, "text") || n_stdin)) {
        free(files);
        return usage_error(cmd, "%s", n_stdin ? "--watch watches files: not '-' (standard input)"
                                              : "--watch prints text: not with --format json");
    }
    kj_runtime rt = runtime_from_env();
    if (watch) {
        text.color = colour_for(color, 1) ? KJ_COLOR_ANSI : KJ_COLOR_NONE;
        int rc = kj_cli_watch(files, n_files, &rt, &opts, diag_printer(color), &text);
        free(files);
        return rc;
    }
    int load_status;
    const char *first = strcmp(files[0], "-") ? files[0] : "<stdin>"; /* (load frees files) */
    kj_case *c = load(files, n_files, "checked", &rt, diag_printer(color), &load_status);
    if (!c) return load_status;
    if (kj_case_claim_count(c) == 0) /* (not an error: a case being written may have none yet) */
        say(stderr, "%s: warning: the case has no claim: there is nothing to check", first);
    kj_failure failure;
    kj_report *r = kj_check(c, &opts, &failure);
    if (!r) {
        kj_case_free(c);
        say(stderr, "kjeller: internal error: %s", failure.why);
        return KJ_EXIT_INTERNAL;
    }
    int json = !strcmp(format, "json");
    text.color = colour_for(color, 1) ? KJ_COLOR_ANSI : KJ_COLOR_NONE;
    /* a report that fails is not written at all: stdout stays as it was */
    int rc = questions ? (json ? kj_render_questions_json(c, r, stdout) : kj_render_questions_text(c, r, stdout))
                       : (json ? kj_render_json(c, r, stdout) : kj_render_text_with(c, r, &text, stdout));
    int err = rc != 0 ? errno : 0;
    int status = questions ? KJ_EXIT_CONSISTENT : kj_report_status(r); /* questions only writes */
    cli_phase(&rt, "render");
    kj_report_free(r);
    kj_case_free(c);
    cli_phase(&rt, "free");
    if (rc == 0 && fflush(stdout) != 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) {
        char why[128];
        say(stderr, "kjeller: cannot write the report: %s", kj_output_reason(err ? err : EIO, why, sizeof why));
        return KJ_EXIT_INTERNAL;
    }
    return status;
}

/* Writes the HTML report to path ("-": stdout; a device or FIFO in place;
 * a regular file through a temporary file renamed into place only when
 * complete: output.h).  Returns 0, or -1 after saying why. */
static int write_report(const char *path, kj_case *c, kj_report *r)
{
    kj_output out;
    int ok = kj_output_open(&out, path) == 0;
    if (ok && kj_render_html(c, r, out.f) != 0) {
        int err = errno ? errno : EIO;
        kj_output_discard(&out);
        errno = err;
        ok = 0;
    }
    ok = ok && kj_output_close(&out) == 0 && kj_output_publish(&out) == 0;
    char why[128];
    if (!ok) say(stderr, "kjeller: cannot write '%s': %s", path, kj_output_reason(errno, why, sizeof why));
    return ok ? 0 : -1;
}

/* report FILE... -o OUT.html: the visual report (docs/report.md). */
static int cmd_report(const kj_cli_command *cmd, int argc, char **argv)
{
    kj_check_opts opts = {0};
    opts.whole_network = 1; /* the chart draws every claim from it */
    const char *output = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof(char *));
    int n_files = 0;
    if (!files) return KJ_EXIT_INTERNAL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) output = argv[++i];
        else if (!strcmp(a, "--max-branches") && i + 1 < argc) {
            if (max_branches(cmd, argv[++i], &opts) != 0) {
                free(files);
                return KJ_EXIT_BAD_INPUT;
            }
        } else if (a[0] == '-' && a[1]) {
            free(files);
            return bad_option(cmd, a, i + 1 == argc);
        } else {
            files[n_files++] = a;
        }
    }
    if (!n_files || !output || !*output) {
        free(files);
        return usage_error(cmd, "%s", "report needs a case file and -o OUT.html");
    }
    kj_runtime rt = runtime_from_env();
    int load_status;
    kj_case *c = load(files, n_files, "written", &rt, diag_printer(COLOR_AUTO), &load_status);
    if (!c) return load_status;
    kj_failure failure;
    kj_report *r = kj_check(c, &opts, &failure);
    if (!r) {
        kj_case_free(c);
        say(stderr, "kjeller: internal error: %s", failure.why);
        return KJ_EXIT_INTERNAL;
    }
    const char *input = kj_case_file_named(c, output);
    if (input) {
        say(stderr, "kjeller: error: the report would overwrite the case file '%s'", input);
        fprintf(stderr, "  = hint: name another file with -o OUT.html\n");
        kj_report_free(r);
        kj_case_free(c);
        return KJ_EXIT_BAD_INPUT;
    }
    /* a command that only writes exits 0 when it wrote (design.md §1) */
    int status = write_report(output, c, r) ? KJ_EXIT_INTERNAL : KJ_EXIT_CONSISTENT;
    kj_report_free(r);
    kj_case_free(c);
    return status;
}

/* ---- fmt: case files in the canonical layout (docs/fmt.md) ---------- */

/* Reads fd to its end: at most 64 MiB, and one byte more to know a file is
 * larger (kj_fmt then says so).  Caller frees; NULL with errno. */
static char *read_all_fd(int fd, size_t *size)
{
    size_t cap = 1 << 16, n = 0, limit = ((size_t)64 << 20) + 1;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *more = cap < limit ? realloc(buf, cap * 2) : NULL;
            if (!more) break; /* (past the limit: what was read is enough to refuse) */
            buf = more;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, (cap < limit ? cap : limit) - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int err = errno;
            free(buf);
            errno = err;
            return NULL;
        }
        if (got == 0 || n + (size_t)got >= limit) {
            *size = n + (size_t)got;
            return buf;
        }
        n += (size_t)got;
    }
    if (buf) {
        *size = n;
        return buf;
    }
    errno = ENOMEM;
    return NULL;
}

/* Opens a file fmt reads.  A named file must be a regular file (a FIFO or
 * a device could block or never end).  With --write it must be one by its
 * own name: a symbolic link is refused (what would be replaced is the
 * link, not the file it names), and the file opened is the one lstat saw.
 * Returns the descriptor, or -1 with *why (NULL: errno says). */
static int fmt_open(const char *path, int writing, struct stat *st, const char **why, int *refused)
{
    struct stat named;
    *refused = 0;
    if (writing && lstat(path, &named) != 0) {
        *why = NULL; /* errno says why */
        return -1;
    }
    *refused = 1; /* (what --write refuses to replace is said as such) */
    if (writing && S_ISLNK(named.st_mode)) {
        *why = "a symbolic link; --write replaces regular files only: name the file it points to";
        return -1;
    }
    if (writing && !S_ISREG(named.st_mode)) {
        *why = S_ISDIR(named.st_mode) ? "is a directory" : "not a regular file; --write replaces regular files only";
        return -1;
    }
    *refused = 0;
    /* O_NONBLOCK: a FIFO must not wait for a writer before fstat refuses it */
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | (writing ? O_NOFOLLOW : 0));
    if (fd < 0) {
        *why = NULL; /* errno says why */
        return -1;
    }
    *why = fstat(fd, st) != 0             ? "cannot be asked what it is"
           : S_ISDIR(st->st_mode)         ? "is a directory"
           : !S_ISREG(st->st_mode)        ? "not a regular file"
           : writing && (st->st_dev != named.st_dev || st->st_ino != named.st_ino) ? "changed while it was opened"
                                                                                  : NULL;
    if (*why) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Puts text in the place of the regular file `path` (read as `was`):
 * written to a temporary file beside it, synced, and renamed over it
 * (output.h), then the directory synced.  Returns an exit status. */
static int fmt_replace(const char *path, const char *text, size_t size, const struct stat *was)
{
    struct stat now;
    if (lstat(path, &now) != 0 || !S_ISREG(now.st_mode) || now.st_dev != was->st_dev || now.st_ino != was->st_ino) {
        say(stderr, "kjeller: cannot write '%s': it changed while it was formatted; nothing written", path);
        return KJ_EXIT_BAD_INPUT;
    }
    kj_output out;
    char why[128];
    int ok = kj_output_open(&out, path) == 0;
    if (ok && !out.target) { /* not a temporary file: the path is no longer a regular file */
        kj_output_discard(&out);
        say(stderr, "kjeller: cannot write '%s': not a regular file; nothing written", path);
        return KJ_EXIT_BAD_INPUT;
    }
    ok = ok && (size == 0 || fwrite(text, 1, size, out.f) == size);
    if (!ok && out.f) {
        int err = errno ? errno : EIO;
        kj_output_discard(&out);
        errno = err;
    }
    ok = ok && kj_output_close(&out) == 0 && kj_output_publish(&out) == 0;
    if (!ok) {
        say(stderr, "kjeller: cannot write '%s': %s; nothing written", path, kj_output_reason(errno, why, sizeof why));
        return KJ_EXIT_INTERNAL;
    }
    /* the rename itself is on disk once the directory is */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(dir);
    return KJ_EXIT_CONSISTENT;
}

typedef enum { FMT_PRINT, FMT_CHECK, FMT_WRITE } fmt_mode;

/* Formats one file ("-": stdin) as mode says; returns its exit status. */
static int fmt_one(const char *path, fmt_mode mode)
{
    int from_stdin = !strcmp(path, "-");
    const char *name = from_stdin ? "<stdin>" : path;
    struct stat st;
    const char *why = NULL;
    int refused = 0;
    int fd = from_stdin ? 0 : fmt_open(path, mode == FMT_WRITE, &st, &why, &refused);
    if (fd < 0) {
        char reason[128];
        say(stderr, "%s: error: cannot %s '%s': %s", name, refused ? "write" : "read", name,
            why ? why : kj_output_reason(errno, reason, sizeof reason));
        return KJ_EXIT_BAD_INPUT;
    }
    size_t size = 0;
    char *data = read_all_fd(fd, &size);
    int err = errno;
    if (!from_stdin) close(fd);
    if (!data) {
        char reason[128];
        say(stderr, "%s: error: cannot read '%s': %s", name, name, kj_output_reason(err, reason, sizeof reason));
        return KJ_EXIT_BAD_INPUT;
    }
    char *text = NULL;
    size_t text_size = 0;
    int n_errors = 0;
    kj_failure failure;
    int status = kj_fmt(name, data, size, NULL, diag_printer(COLOR_AUTO), stderr, &n_errors, &text, &text_size, &failure);
    int changed = status == KJ_EXIT_CONSISTENT && (text_size != size || memcmp(text, data, size) != 0);
    free(data);
    if (status == KJ_EXIT_INTERNAL) say(stderr, "kjeller: internal error: %s", failure.why);
    else if (status == KJ_EXIT_BAD_INPUT)
        fprintf(stderr, "%d error%s; nothing formatted\n", n_errors, n_errors == 1 ? "" : "s");
    else if (mode == FMT_PRINT) {
        if ((text_size && fwrite(text, 1, text_size, stdout) != text_size) || fflush(stdout) != 0) {
            char reason[128];
            say(stderr, "kjeller: cannot write the layout: %s", kj_output_reason(errno ? errno : EIO, reason, sizeof reason));
            status = KJ_EXIT_INTERNAL;
        }
    } else if (mode == FMT_CHECK && changed) {
        say(stdout, "%s", path);
        status = KJ_EXIT_CONTRADICTION; /* 1: would change */
    } else if (mode == FMT_WRITE && changed) {
        status = fmt_replace(path, text, text_size, &st);
    }
    free(text);
    return status;
}

/* fmt [--check | --write] [FILE...]: the canonical layout (docs/fmt.md). */
static int cmd_fmt(const kj_cli_command *cmd, int argc, char **argv)
{
    fmt_mode mode = FMT_PRINT;
    int n_files = 0, options_done = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || !a[1]) {
            argv[n_files++] = argv[i];
            continue;
        }
        fmt_mode want = !strcmp(a, "-w") || !strcmp(a, "--write") ? FMT_WRITE
                        : !strcmp(a, "-c") || !strcmp(a, "--check") ? FMT_CHECK
                                                                    : FMT_PRINT;
        if (!strcmp(a, "--")) {
            options_done = 1;
        } else if (want == FMT_PRINT) {
            return bad_option(cmd, a, i + 1 == argc);
        } else if (mode != FMT_PRINT && mode != want) {
            return usage_error(cmd, "%s", "fmt takes --check or --write, not both");
        } else {
            mode = want;
        }
    }
    static char *const standard_input[] = {"-"};
    char *const *files = n_files ? argv : standard_input;
    if (!n_files) n_files = 1;
    if (mode == FMT_PRINT && n_files > 1) {
        return usage_error(cmd, "%s", "fmt writes one file to stdout: give one FILE, or --write or --check");
    }
    for (int i = 0; i < n_files; i++)
        if (mode == FMT_WRITE && !strcmp(files[i], "-"))
            return usage_error(cmd, "%s", "fmt --write needs files, not standard input");
    int status = KJ_EXIT_CONSISTENT;
    for (int i = 0; i < n_files; i++) {
        int one = fmt_one(files[i], mode);
        if (one > status) status = one;
    }
    return status;
}

/* export --smt2 FILE...: the compiled network for an independent solver. */
static int cmd_export(const kj_cli_command *cmd, int argc, char **argv)
{
    const char **files = calloc((size_t)argc + 1, sizeof(char *));
    int n_files = 0, smt2 = 0;
    if (!files) return KJ_EXIT_INTERNAL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--smt2")) smt2 = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            free(files);
            return bad_option(cmd, argv[i], i + 1 == argc);
        } else files[n_files++] = argv[i];
    }
    if (!smt2 || !n_files) {
        free(files);
        return usage_error(cmd, "%s", "export needs --smt2 and a case file");
    }
    kj_runtime rt = runtime_from_env();
    int load_status;
    kj_case *c = load(files, n_files, "exported", &rt, diag_printer(COLOR_AUTO), &load_status);
    if (!c) return load_status;
    int rc = kj_render_smt2(c, stdout);
    kj_case_free(c);
    if (rc != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "kjeller: cannot write the export\n");
        return KJ_EXIT_INTERNAL;
    }
    return 0;
}

/* import CASE TARGET FILE.csv: records into the case's store (docs/records.md). */
static int cmd_import(const kj_cli_command *cmd, int argc, char **argv)
{
    const char *pos[3];
    int n_pos = 0, quiet = 0;
    const char **maps = calloc((size_t)argc + 1, sizeof(char *));
    if (!maps) return KJ_EXIT_INTERNAL;
    kj_runtime rt = runtime_from_env();
    kj_import_opts o = {.maps = maps, .max_errors = 0, .rt = &rt};
    int rc = KJ_EXIT_BAD_INPUT, max_errors_given = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--map") && i + 1 < argc) maps[o.n_maps++] = argv[++i];
        else if (!strncmp(a, "--map=", 6)) maps[o.n_maps++] = a + 6;
        else if (!strcmp(a, "--strict")) o.strict = 1;
        else if (!strcmp(a, "--quiet")) quiet = 1;
        else if (!strcmp(a, "--rejects") && i + 1 < argc) o.rejects = argv[++i];
        else if (!strcmp(a, "--date-order") && i + 1 < argc) {
            o.date_order = argv[++i];
            if (strcmp(o.date_order, "dmy") && strcmp(o.date_order, "mdy")) {
                free(maps);
                return usage_error(cmd, "--date-order is dmy (day first) or mdy (month first), not '%s'", o.date_order);
            }
        }
        else if (!strcmp(a, "--delimiter") && i + 1 < argc) {
            const char *d = argv[++i];
            if (!strcmp(d, "tab") || !strcmp(d, "\t")) o.delimiter = '\t';
            else if ((!strcmp(d, ",") || !strcmp(d, ";") || !strcmp(d, "|"))) o.delimiter = d[0];
            else {
                free(maps);
                return usage_error(cmd, "--delimiter is , ; tab or |, not '%s'", d);
            }
        }
        else if (!strcmp(a, "--input-format") && i + 1 < argc) {
            o.input_format = argv[++i];
            if (strcmp(o.input_format, "csv") && strcmp(o.input_format, "gpx") && strcmp(o.input_format, "geojson")) {
                free(maps);
                return usage_error(cmd, "--input-format is csv, gpx or geojson, not '%s'", o.input_format);
            }
        }
        else if (!strcmp(a, "--max-errors") && i + 1 < argc) {
            char *end;
            errno = 0;
            long v = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || v < 0 || errno == ERANGE) {
                free(maps);
                return usage_error(cmd, "--max-errors needs a number of rows, 0 or more, not '%s'", argv[i]);
            }
            if (max_errors_given) { /* (the last would win without a word) */
                free(maps);
                return usage_error(cmd, "%s", "--max-errors is given twice: give it once");
            }
            o.max_errors = v;
            max_errors_given = 1;
        } else if (a[0] == '-' && a[1]) {
            free(maps);
            return bad_option(cmd, a, i + 1 == argc);
        } else if (n_pos < 3) {
            pos[n_pos++] = a;
        } else {
            free(maps);
            return usage_error(cmd, "import takes one case file, a register or trace, and one file; extra '%s'", a);
        }
    }
    if (n_pos < 3) {
        free(maps);
        return usage_error(cmd, "%s", "import needs CASE REGISTER-OR-TRACE FILE");
    }
    if (o.strict && max_errors_given && o.max_errors != 0) {
        free(maps);
        return usage_error(cmd, "%s", "--strict is --max-errors 0: give one of them");
    }
    o.progress = !quiet && isatty(2);
    kj_import_result res;
    rc = kj_import(&pos[0], 1, pos[1], pos[2], &o, diag_printer(COLOR_AUTO), stderr, &res);
    free(maps);
    if (rc == KJ_EXIT_CONSISTENT && res.replaced) /* talk, to stderr: the summary below is the result */
        say(stderr, "%s: replaces import #%lld of the same file into '%s', whose mapping was: %s", pos[2], res.replaced,
            pos[1], res.replaced_mapping);
    if (rc == KJ_EXIT_CONSISTENT && res.duplicate)
        say(stdout, "%s: already imported into '%s' (import #%lld, sha256 %.16s...): nothing done", pos[2], pos[1],
            res.import_id, res.sha256);
    else if (rc == KJ_EXIT_CONSISTENT && !res.empty) /* (an empty import's warning said all) */
    {
        char rejected[1024] = "";
        if (res.rejected)
            snprintf(rejected, sizeof rejected, "; %ld row%s rejected (--max-errors %ld), written to %s", res.rejected,
                     res.rejected == 1 ? "" : "s", o.max_errors, res.rejects ? res.rejects : "(the rejects file could not be written)");
        say(stdout, "%s: %ld row%s imported into '%s' (import #%lld)%s", pos[2], res.rows, res.rows == 1 ? "" : "s", pos[1],
            res.import_id, rejected);
    }
    else if (rc != KJ_EXIT_CONSISTENT && !res.refused) /* (a refusal's summary is the last diagnostic) */
        say(stderr, "%s: nothing imported", pos[2]);
    free(res.rejects);
    free(res.replaced_mapping);
    if (fflush(stdout) != 0) return KJ_EXIT_INTERNAL;
    return rc;
}

/* IMPORT-ID as store list shows it ("3" or "#3"): 0, or -1 (said). */
static int import_id(const kj_cli_command *cmd, const char *v, long long *id)
{
    const char *digits = v + (*v == '#');
    char *end;
    errno = 0;
    *id = strtoll(digits, &end, 10);
    if (*digits < '0' || *digits > '9' || *end || *id <= 0 || errno == ERANGE) {
        usage_error(cmd, "an import is named by its number, as store list shows it (3 or #3), not '%s'", v);
        return -1;
    }
    return 0;
}

/* store drop: what was removed, on stdout (the warning, if any, said the rest). */
static void say_dropped(const kj_stores *gone)
{
    const kj_store_contents *sc = &gone->stores[0];
    const kj_store_import *im = &sc->imports[0];
    say(stdout, "store '%s' (%s): import #%lld dropped: %s '%s', %s, %lld row%s", sc->id, sc->file, im->id, im->kind, im->target,
        im->file, im->rows, im->rows == 1 ? "" : "s");
}

/* store list|verify|drop CASE ...: what the case's stores hold, whether
 * their rows are as imported, one import removed (docs/records.md §4). */
static int cmd_store(const kj_cli_command *cmd, int argc, char **argv)
{
    const char *op = argc ? argv[0] : "";
    int verify = !strcmp(op, "verify"), drop = !strcmp(op, "drop");
    if (!argc) return usage_error(cmd, "%s", "store needs list, verify or drop");
    static const char *const ops[] = {"list", "verify", "drop", NULL};
    if (!drop && !verify && strcmp(op, "list"))
        return usage_error_hint(cmd, kj_cli_closest_word(op, ops), "unknown store command '%s' (use list, verify or drop)",
                                op);
    const char *format = "text", *store = NULL, *pos[2] = {NULL, NULL};
    int n_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!drop && !strcmp(a, "--format") && i + 1 < argc) format = argv[++i];
        else if (!drop && !strncmp(a, "--format=", 9)) format = a + 9;
        else if (drop && !strcmp(a, "--store") && i + 1 < argc) store = argv[++i];
        else if (a[0] == '-' && a[1]) return bad_option(cmd, a, i + 1 == argc);
        else if (n_pos < 1 + drop) pos[n_pos++] = a;
        else return usage_error(cmd, drop ? "store drop takes one case file and one import; extra '%s'" : "store takes one case file; extra '%s'", a);
    }
    if (strcmp(format, "text") && strcmp(format, "json")) return usage_error(cmd, "unknown format '%s' (use text or json)", format);
    if (n_pos < 1 + drop) return usage_error(cmd, "%s", drop ? "store drop needs CASE IMPORT-ID" : "store needs a case file");
    kj_runtime rt = runtime_from_env();
    kj_stores *got = NULL;
    if (drop) {
        long long id;
        if (import_id(cmd, pos[1], &id) != 0) return KJ_EXIT_BAD_INPUT;
        int rc = kj_store_drop(&pos[0], 1, &rt, store, id, diag_printer(COLOR_AUTO), stderr, &got);
        if (rc == KJ_EXIT_CONSISTENT) say_dropped(got);
        kj_stores_free(got);
        return fflush(stdout) != 0 ? KJ_EXIT_INTERNAL : rc;
    }
    int rc = kj_stores_read(&pos[0], 1, &rt, verify, diag_printer(COLOR_AUTO), stderr, &got);
    if (rc != KJ_EXIT_CONSISTENT) return rc;
    int written = !strcmp(format, "json") ? kj_render_stores_json(got, stdout) : kj_render_stores_text(got, stdout);
    int status = verify && got->n_changed ? KJ_EXIT_CONTRADICTION : KJ_EXIT_CONSISTENT; /* (1: changed) */
    kj_stores_free(got);
    if (written != 0 || fflush(stdout) != 0) {
        say(stderr, "kjeller: cannot write the listing");
        return KJ_EXIT_INTERNAL;
    }
    return status;
}

/* ---- help and version --------------------------------------------- */

/* Whether the arguments ask for the command's usage: -h or --help among
 * its options (not as the value of one, not after "--"). */
/* kjeller lsp [--stdio]: the language server on stdin and stdout. */
static int cmd_lsp(const kj_cli_command *cmd, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--stdio")) continue;
        if (argv[i][0] == '-') return bad_option(cmd, argv[i], i == argc - 1);
        return usage_error(cmd, "lsp takes no file ('%s'): the editor sends the documents", argv[i]);
    }
    kj_runtime rt = runtime_from_env();
    return kj_lsp_serve(STDIN_FILENO, STDOUT_FILENO, &rt, stderr);
}

static int asks_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--")) return 0;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
        if (kj_cli_takes_value(argv[i])) i++;
    }
    return 0;
}

/* help [COMMAND]: the usage of kjeller or of COMMAND, on stdout. */
static int cmd_help(const kj_cli_command *cmd, int argc, char **argv)
{
    if (argc > 1) return usage_error(cmd, "help takes one command; extra '%s'", argv[1]);
    const kj_cli_command *about = argc ? kj_cli_command_named(argv[0]) : NULL;
    if (argc && !about)
        return usage_error_hint(NULL, kj_cli_closest_command(argv[0]), "unknown command '%s'", argv[0]);
    if (about) kj_cli_help(stdout, about);
    else kj_cli_usage(stdout);
    return fflush(stdout) != 0 ? KJ_EXIT_INTERNAL : KJ_EXIT_CONSISTENT;
}

/* version, --version: kjeller's and the zone data's. */
static int cmd_version(const kj_cli_command *cmd, int argc)
{
    if (argc) return usage_error(cmd, "%s", "version takes no argument");
    char icu[32], sys[32];
    printf("kjeller %s\n", KJ_VERSION);
    /* every local time is read under both (docs/time-zones.md) */
    printf("time zone data: ICU %s, system tzdata %s\n", kj_tz_data_version(icu, sizeof icu),
           kj_tz_system_data_version(sys, sizeof sys));
    return fflush(stdout) != 0 ? KJ_EXIT_INTERNAL : KJ_EXIT_CONSISTENT;
}

#ifdef __GLIBC__
/* Huge pages for the heap of a big check.  The heap is touched once, page
 * by page, and each 4 KB page's fault costs microseconds under a
 * hypervisor (the 100,000-statement case of bench/run.sh e2e: 1.53 s with
 * 4 KB pages, 0.94 s with these and the statement array's; RSS the same
 * to 2%: bench/RESULTS.md).  The heap is grown
 * once to about what the case will need and marked for transparent huge
 * pages (512 pages per fault), then freed: the memory stays in the heap
 * (M_TRIM_THRESHOLD) for the allocations that follow, and costs nothing
 * until touched.  What glibc.malloc.hugetlb=1 does, without the
 * environment.  Inputs under a megabyte are left alone (nothing to gain). */
#if defined(__SANITIZE_ADDRESS__)
#define KJ_HEAP_IS_GLIBC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KJ_HEAP_IS_GLIBC 0
#endif
#endif
#ifndef KJ_HEAP_IS_GLIBC
#define KJ_HEAP_IS_GLIBC 1
#endif
static void thp_heap(int argc, char **argv)
{
    if (!KJ_HEAP_IS_GLIBC) return; /* a sanitizer's allocator is not glibc's heap */
    /* the commands that hold a whole case in memory (an import streams) */
    if (argc < 3 || (strcmp(argv[1], "check") && strcmp(argv[1], "questions") && strcmp(argv[1], "report") &&
                     strcmp(argv[1], "export")))
        return;
    long long bytes = 0;
    struct stat st;
    for (int i = 2; i < argc; i++)
        if (stat(argv[i], &st) == 0 && S_ISREG(st.st_mode)) bytes += st.st_size;
    if (bytes < (1 << 20)) return;
    /* 64 bytes of heap per byte of input (a 1e5-statement case of 8 MB
     * used 170 MB of heap), at most 900 MB: under the trim threshold */
    size_t want = bytes > (long long)(900 << 20) / 64 ? (size_t)900 << 20 : (size_t)bytes * 64;
    char *p = malloc(want);
    if (!p) return;
    uintptr_t lo = ((uintptr_t)p + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
    uintptr_t hi = ((uintptr_t)p + want) & ~(uintptr_t)((2u << 20) - 1);
    if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    free(p);
}
#endif

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* A check allocates and frees much in phases (networks, searches per
     * part).  glibc's defaults serve big blocks with fresh mappings and
     * give them back to the kernel on free, so the next phase's blocks are
     * fresh, zeroed pages again: on a big case a fifth of the time went to
     * page faults.  Keep all blocks on the heap, and freed memory for reuse. */
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 16 << 20);
    /* Threads (a store's readers, the parts' searchers) keep glibc's own
     * heap per thread: sharing one, they wait on its lock (parts of the
     * 10M-row check: 2.2 s instead of 0.22 s).  What they free stays in
     * their heaps for the next threads, not for this one (~80 MB there). */
    thp_heap(argc, argv);
#endif
    if (argc < 2) {
        kj_cli_usage(stderr);
        return KJ_EXIT_BAD_INPUT;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--version")) name = "version";
    if (!strcmp(name, "--help") || !strcmp(name, "-h")) name = "help";
    const kj_cli_command *cmd = kj_cli_command_named(name);
    if (!cmd) {
        const char *closest = name[0] == '-' ? kj_cli_closest_option(NULL, name) : kj_cli_closest_command(name);
        return usage_error_hint(NULL, closest, name[0] == '-' ? "unknown option '%s'" : "unknown command '%s'", name);
    }
    if (asks_help(argc - 2, argv + 2)) {
        kj_cli_help(stdout, cmd);
        return fflush(stdout) != 0 ? KJ_EXIT_INTERNAL : KJ_EXIT_CONSISTENT;
    }
    if (!strcmp(name, "help")) return cmd_help(cmd, argc - 2, argv + 2);
    if (!strcmp(name, "version")) return cmd_version(cmd, argc - 2);
    if (!strcmp(name, "check")) return cmd_check_or_questions(cmd, argc - 2, argv + 2, 0);
    if (!strcmp(name, "questions")) return cmd_check_or_questions(cmd, argc - 2, argv + 2, 1);
    if (!strcmp(name, "report")) return cmd_report(cmd, argc - 2, argv + 2);
    if (!strcmp(name, "export")) return cmd_export(cmd, argc - 2, argv + 2);
    if (!strcmp(name, "import")) return cmd_import(cmd, argc - 2, argv + 2);
    if (!strcmp(name, "store")) return cmd_store(cmd, argc - 2, argv + 2);
    if (!strcmp(name, "lsp")) return cmd_lsp(cmd, argc - 2, argv + 2);
    assert(!strcmp(name, "fmt")); /* (every command of cli.c is one of these) */
    return cmd_fmt(cmd, argc - 2, argv + 2);
}
