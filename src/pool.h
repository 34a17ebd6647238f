/* pool — the one place kjeller runs work on threads.  Input: jobs
 * 0 .. n_jobs) and the function that does one; output: none of its own (a
 * job writes its results where its context says).  Up to `threads`
 * threads take the jobs in order, each with a worker index of its own (0,
 * 1, ... in the order the threads started), so that what a thread keeps
 * between its jobs is the caller's, by that index.  Meanwhile the calling
 * thread runs the caller's `meanwhile`, which may wait for a job to be
 * done (kj_pool_wait: results taken in job order while later jobs run);
 * then the threads are joined, in order.
 *
 * Memory (mem.h): each thread runs its jobs with a kj_mem of its own,
 * armed in the thread.  A job that fails (memory ran out, an invariant
 * broke) ends its thread's work, and the pool hands out no more jobs; a
 * failure of meanwhile does the same.  After the join the call adopts
 * every thread's blocks, so what a job allocated and left in its context
 * is the call's; then, if anything failed, the first failure is raised
 * again in the calling thread, whose landing frees it all. */
#ifndef KJ_POOL_H
#define KJ_POOL_H

#include "mem.h"

typedef struct kj_pool kj_pool;

/* What the calling thread does while the threads work; pool is for
 * kj_pool_wait.  It allocates in the call's kj_mem, as usual. */
typedef void kj_pool_meanwhile(kj_pool *pool, void *arg);

/* What happens when no thread starts (threads below 2, or none could). */
typedef enum {
    KJ_POOL_ELSE_NOTHING, /* no job runs and meanwhile is not called: the caller works its own way */
    KJ_POOL_ELSE_HERE     /* the calling thread runs every job, as worker 0, then meanwhile */
} kj_pool_fallback;

typedef struct kj_pool_work {
    int threads;                         /* at most this many threads; below 2, none */
    int n_jobs;
    /* Does job `job` as worker `worker`, allocating in mem: the thread's
     * own (the call's when the calling thread runs the jobs).  A block
     * it leaves for the caller is the call's after kj_pool_run; until
     * then only its thread may free or grow it. */
    void (*job)(void *ctx, kj_mem *mem, int worker, int job);
    void *ctx;
    kj_pool_meanwhile *meanwhile;        /* NULL: the calling thread only waits */
    void *arg;
    kj_pool_fallback without_threads;
} kj_pool_work;

/* Runs the jobs in mem's call (the calling thread's kj_mem, armed);
 * returns how many threads ran them (0: none did).  A failure in a thread
 * or in meanwhile fails mem's call, once every thread is joined. */
int kj_pool_run(kj_mem *mem, const kj_pool_work *work);

/* Waits until job j is done (from meanwhile); what it wrote may then be
 * read.  If a thread failed and job j will never be done, meanwhile ends
 * here (the pool's failure is raised after the join). */
void kj_pool_wait(kj_pool *pool, int j);

#endif
