/* mem — the memory of one call into the library, and where its failure
 * goes.  Every heap block the library allocates belongs to a kj_mem; a
 * public function arms one (KJ_MEM_TRY) before it does any work.  When
 * memory runs out or an invariant breaks, kj_mem_fail records why and jumps
 * back to that function, which frees every block the call allocated and
 * still held (kj_mem_release), runs the call's cleanups (open stores,
 * mappings), and returns the failure as a value.  The library never exits.
 * When the call succeeds, kj_mem_keep hands what it still holds to the
 * objects returned (a case, a report): from then on those blocks are
 * untracked, freed by their owners with kj_free.
 *
 * This is PostgreSQL's memory contexts with elog(ERROR), and Lua's
 * luaD_throw, on a smaller scale: error paths are not written out at each
 * of hundreds of allocations, where no test would ever take them.
 *
 * One kj_mem is used by one thread at a time: a thread started by a call
 * has a kj_mem of its own (kj_mem_init_thread), armed in that thread,
 * whose blocks the call adopts when the thread has finished
 * (kj_mem_adopt), and whose failure the call re-raises (kj_mem_refail).
 *
 * A kj_mem is armed before its first allocation: a failure jumps to its
 * landing, and there is nowhere else to go (the library never exits).
 * Every call of the library arms its own; a test or a tool that allocates
 * through the library's internals arms one too. */
#ifndef KJ_MEM_H
#define KJ_MEM_H

#include <setjmp.h>
#include <stdatomic.h>
#include <stddef.h>

/* Each block starts with this header (two pointers: 16 bytes, so the block
 * keeps malloc's alignment).  A tracked block is in its kj_mem's circular
 * list; an untracked one points at itself. */
typedef struct kj_mem_block {
    struct kj_mem_block *prev, *next;
} kj_mem_block;

typedef struct kj_mem_cleanup kj_mem_cleanup;

/* KJ_MEM_INPUT: what the call reads failed under it (a store's server
 * went away while it was read): the input's fault, told as a diagnostic
 * of the statement `about` names, not as a broken invariant. */
typedef enum { KJ_MEM_OK, KJ_MEM_NOMEM, KJ_MEM_BUG, KJ_MEM_INPUT } kj_mem_status;

typedef struct kj_mem {
    kj_mem_block live;        /* sentinel of the blocks allocated and not freed */
    kj_mem_cleanup *cleanups; /* run on release (most recent first) */
    jmp_buf *landing;         /* where a failure jumps (set before the first allocation) */
    kj_mem_status status;
    char why[256];            /* "out of memory", or "src/x.c:12: what broke" */
    int about;                /* KJ_MEM_INPUT: the statement whose input failed, + 1 (0: none) */
    char hint[160];           /* KJ_MEM_INPUT: what to do about it ("": nothing to say) */
    _Atomic long fail_countdown; /* tests: the allocation that brings it to 0 fails (0: none) */
    struct kj_mem *counts_for;   /* a thread's: the call whose countdown its allocations
                                    count down (NULL: its own) */
} kj_mem;

void kj_mem_init(kj_mem *m);
/* The kj_mem of a thread that call's function started: empty, not armed
 * yet (the thread arms it), and counting down call's fail_countdown, so
 * that the Nth allocation of the call fails whichever thread makes it. */
void kj_mem_init_thread(kj_mem *m, kj_mem *call);

/* A public function arms its kj_mem before any work:
 *     jmp_buf landing;
 *     kj_mem_init(&mem);
 *     mem.landing = &landing;
 *     if (setjmp(landing) != 0) { kj_mem_release(&mem); return the failure; }
 * (setjmp only as the whole controlling expression, as C11 7.13.1.1 asks).
 * Locals changed after setjmp and read after a failure must be volatile. */

/* malloc, calloc, realloc and strdup that never return NULL: on failure
 * they fail m (kj_mem_fail).  The block is tracked by m; realloc keeps an
 * untracked block untracked, and a tracked one tracked by its own list. */
void *kj_malloc(kj_mem *m, size_t n);
void *kj_calloc(kj_mem *m, size_t n, size_t size);
void *kj_realloc(kj_mem *m, void *p, size_t n);
char *kj_strdup(kj_mem *m, const char *s);
/* An untracked block: it outlives a failure of m's call (the arena of an
 * object older than the call grows with these). */
void *kj_malloc_kept(kj_mem *m, size_t n);
/* Frees a block of kj_malloc (NULL: nothing). */
void kj_free(void *p);
/* An allocation that is not a block of kj_malloc (a mapping) counts in
 * the test's countdown too: this fails m's call, as kj_malloc would, when
 * the countdown says this allocation fails. */
void kj_mem_count_alloc(kj_mem *m);

/* Runs fn(arg) if the call fails before kj_mem_forget(m, handle) (a store
 * opened, a mapping made); the handle is owned by m.  The cleanup runs
 * after the frames between the failure and the landing are gone: arg must
 * not point into them (a descriptor is passed as (void *)(intptr_t)fd).
 * If even the note cannot be made, fn(arg) runs at once and m fails. */
kj_mem_cleanup *kj_mem_on_failure(kj_mem *m, void (*fn)(void *), void *arg);
void kj_mem_forget(kj_mem *m, kj_mem_cleanup *handle);

/* The call succeeded: the blocks m holds belong to what it returns. */
void kj_mem_keep(kj_mem *m);
/* The call failed: runs the cleanups and frees every block m holds. */
void kj_mem_release(kj_mem *m);
/* Moves from's blocks (and cleanups) into to: a finished thread's work. */
void kj_mem_adopt(kj_mem *to, kj_mem *from);

/* Records why m's call fails and jumps to its landing. */
_Noreturn void kj_mem_fail(kj_mem *m, kj_mem_status status, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Fails m's call as another's failure said (a thread's, re-raised). */
_Noreturn void kj_mem_refail(kj_mem *m, const kj_mem *failed);

/* An internal error: a state the code holds impossible. */
/* Fails m's call as KJ_MEM_INPUT: statement `about` (-1: none), a hint
 * (NULL: none) and the message. */
_Noreturn void kj_mem_fail_input(kj_mem *m, int about, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define kj_bug(m, ...) kj_mem_fail((m), KJ_MEM_BUG, __FILE__, __LINE__, __VA_ARGS__)
/* An invariant, checked in every build: the failure names file and line. */
#define KJ_ASSERT(m, cond) \
    do { if (!(cond)) kj_mem_fail((m), KJ_MEM_BUG, __FILE__, __LINE__, "assertion failed: %s", #cond); } while (0)

#endif
