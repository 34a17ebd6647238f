/* pool — the one place kjeller runs work on threads.  Input: jobs
 * 0 .. n_jobs) and the function that does one; output: none of its own (a
 * job writes its results where its context says).  Up to `threads`
 * threads take the jobs in order, each with a worker index of its own (0,
 * 1, ... in the order the threads started), so that what a thread keeps
 * between its jobs is the caller's, by that index.  Meanwhile the calling
 * thread runs the caller's `meanwhile`, which may wait for a job to be
 * done (kj_pool_wait: results taken in job order while later jobs run);
 * then the threads are joined, in order. */
#ifndef KJ_POOL_H
#define KJ_POOL_H

typedef struct kj_pool kj_pool;

/* What the calling thread does while the threads work; pool is for
 * kj_pool_wait. */
typedef void kj_pool_meanwhile(kj_pool *pool, void *arg);

/* What happens when no thread starts (threads below 2, or none could). */
typedef enum {
    KJ_POOL_ELSE_NOTHING, /* no job runs and meanwhile is not called: the caller works its own way */
    KJ_POOL_ELSE_HERE     /* the calling thread runs every job, as worker 0, then meanwhile */
} kj_pool_fallback;

typedef struct kj_pool_work {
    int threads;                         /* at most this many threads; below 2, none */
    int n_jobs;
    void (*job)(void *ctx, int worker, int job);
    void *ctx;
    kj_pool_meanwhile *meanwhile;        /* NULL: the calling thread only waits */
    void *arg;
    kj_pool_fallback without_threads;
} kj_pool_work;

/* Runs the jobs; returns how many threads ran them (0: none did). */
int kj_pool_run(const kj_pool_work *work);

/* Waits until job j is done (from meanwhile); what it wrote may then be
 * read. */
void kj_pool_wait(kj_pool *pool, int j);

#endif
