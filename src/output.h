/* output — every file kjeller writes (the HTML report, an import's rejects
 * file) is opened here, so that no output path may replace a device, a
 * FIFO or a file it was not asked to write (docs/records.md §3):
 *
 *  - "-", or a path naming the file standard output already is: stdout;
 *  - an existing file that is not a regular file (a device such as
 *    /dev/null, a FIFO, a socket): written in place, never renamed over;
 *  - a symbolic link: followed (however many), the link itself kept;
 *  - a regular file or a new path: written to a temporary file in the
 *    same directory that takes its place only when complete
 *    (kj_output_publish).  On Linux the temporary file has no name until
 *    then (O_TMPFILE), so a process killed while writing leaves nothing.
 *
 * Errors are values: -1 with errno set. */
#ifndef KJ_OUTPUT_H
#define KJ_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>

typedef struct kj_output {
    FILE *f;       /* write here */
    int fd;        /* f's descriptor */
    int kind;      /* enum in output.c: stdout, in place, temporary */
    char *target;  /* the file a temporary one replaces (a link's target) */
    char *tmp;     /* a named temporary file (no O_TMPFILE), or NULL */
    int mode;      /* the permissions of the file replaced, or -1 */
} kj_output;

/* Whether `path` names (through any links) the file with device `dev` and
 * inode `ino`: an output must never be one of the command's own inputs
 * (the case, an included file, the CSV, the store), which writing would
 * destroy (issue 19 review: `report v.case -o v.case`, `--rejects` naming
 * the store). */
int kj_output_is(const char *path, dev_t dev, ino_t ino);

/* Opens `path` for writing as above: 0, or -1 with errno. */
int kj_output_open(kj_output *o, const char *path);

/* Flushes and closes what was written (a temporary file is synced to
 * disk): 0, or -1 with errno (nothing is in place then). */
int kj_output_close(kj_output *o);

/* After kj_output_close: puts a temporary file in place (nothing to do
 * for stdout or a file written in place).  0, or -1 with errno. */
int kj_output_publish(kj_output *o);

/* Gives up: closes, and removes a temporary file.  Safe after close. */
void kj_output_discard(kj_output *o);

/* errno as a lower-case reason ("no space left on device"), in buf. */
const char *kj_output_reason(int err, char *buf, size_t n);

#endif
