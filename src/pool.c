/* pool — jobs on threads, for the stages that share work out: the parts
 * search (parts.c: chunks of parts, joined in chunk order) and the readers
 * of a case's records (records.c: registers, handed over in case order).
 * Input: a count of jobs and the function that does one; output: the
 * threads joined once every job is done, or once one failed.  A job is
 * taken under a lock and marked done under it, with a broadcast for
 * kj_pool_wait; a failure is marked under it too, and ends the handing
 * out of jobs.  Each thread has a kj_mem of its own (mem.h); the calling
 * thread's failures inside meanwhile land in kj_pool_run, which joins the
 * threads before it raises them again. */
#include <pthread.h>
#include <stdlib.h>

#include "kj.h"
#include "pool.h"

struct kj_pool {
    const kj_pool_work *work;
    int next;                    /* the next job to take */
    unsigned char *done;         /* per job: finished (under lock) */
    int failed;                  /* a thread or meanwhile failed: no more jobs (under lock) */
    jmp_buf *meanwhile_landing;  /* where kj_pool_wait leaves meanwhile when a job will never be done */
    pthread_mutex_t lock;
    pthread_cond_t finished;
};

typedef struct pool_thread {
    kj_pool *pool;
    int worker;
    pthread_t thread;
    kj_mem mem;                  /* the thread's: adopted by the call after the join */
} pool_thread;

/* Takes jobs, in order, until none is left or the pool failed. */
static void work_through(kj_pool *pool, kj_mem *mem, int worker)
{
    const kj_pool_work *w = pool->work;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        int j = !pool->failed && pool->next < w->n_jobs ? pool->next++ : -1;
        pthread_mutex_unlock(&pool->lock);
        if (j < 0) return;
        w->job(w->ctx, mem, worker, j);
        pthread_mutex_lock(&pool->lock);
        pool->done[j] = 1;
        pthread_cond_broadcast(&pool->finished);
        pthread_mutex_unlock(&pool->lock);
    }
}

/* No more jobs are handed out, and whoever waits for one is woken. */
static void pool_stop(kj_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    pool->failed = 1;
    pthread_cond_broadcast(&pool->finished);
    pthread_mutex_unlock(&pool->lock);
}

/* A thread: its jobs with its own kj_mem, armed here.  A failure leaves
 * the thread's blocks in t->mem for the call, and stops the pool. */
static void *thread_main(void *arg)
{
    pool_thread *t = arg;
    locale_t saved; /* a new thread is in the program's locale (kj_c_locale_enter) */
    int in_c_locale = kj_c_locale_enter(&saved) == 0;
    jmp_buf landing;
    t->mem.landing = &landing;
    if (setjmp(landing) != 0) {
        pool_stop(t->pool);
    } else {
        if (!in_c_locale) kj_bug(&t->mem, "cannot select the C locale");
        work_through(t->pool, &t->mem, t->worker);
    }
    t->mem.landing = NULL;
    if (in_c_locale) kj_c_locale_leave(saved);
    return NULL;
}

void kj_pool_wait(kj_pool *pool, int j)
{
    pthread_mutex_lock(&pool->lock);
    while (!pool->done[j] && !pool->failed) pthread_cond_wait(&pool->finished, &pool->lock);
    int never = !pool->done[j];
    pthread_mutex_unlock(&pool->lock);
    if (never) longjmp(*pool->meanwhile_landing, 1);
}

/* Meanwhile, while threads run: under a landing of its own, so that its
 * failure (mem's status says why), or a wait for a job a failed thread
 * will never finish (mem's status is still fine), stops the pool instead
 * of leaving the threads running.  Returns 1 if it did not finish. */
static int run_meanwhile(kj_pool *pool, kj_mem *mem)
{
    jmp_buf landing, *outer = mem->landing;
    mem->landing = &landing;
    pool->meanwhile_landing = &landing;
    if (setjmp(landing) != 0) {
        mem->landing = outer;
        pool_stop(pool);
        return 1;
    }
    pool->work->meanwhile(pool, pool->work->arg);
    mem->landing = outer;
    return 0;
}

/* After the join: every thread's blocks and cleanups become the call's;
 * then the first failure (meanwhile's, else the first thread's) fails
 * the call.  threads[] stays the call's until then. */
static void adopt_threads(kj_mem *mem, pool_thread *threads, int n, int meanwhile_failed)
{
    const kj_mem *failed = meanwhile_failed && mem->status != KJ_MEM_OK ? mem : NULL;
    for (int t = 0; t < n; t++) {
        if (!failed && threads[t].mem.status != KJ_MEM_OK) failed = &threads[t].mem;
        kj_mem_adopt(mem, &threads[t].mem);
    }
    if (failed) kj_mem_refail(mem, failed);
}

int kj_pool_run(kj_mem *mem, const kj_pool_work *work)
{
    kj_pool pool = {.work = work, .lock = PTHREAD_MUTEX_INITIALIZER, .finished = PTHREAD_COND_INITIALIZER};
    int n_threads = work->threads > 1 ? work->threads : 0;
    pool.done = kj_calloc(mem, (size_t)work->n_jobs + 1, 1);
    pool_thread *threads = kj_calloc(mem, (size_t)n_threads + 1, sizeof(pool_thread));
    int started = 0;
    for (int t = 0; t < n_threads; t++) {
        pool_thread *pt = &threads[started];
        pt->pool = &pool;
        pt->worker = started;
        kj_mem_init_thread(&pt->mem, mem);
        if (pthread_create(&pt->thread, NULL, thread_main, pt) == 0) started++;
    }
    int meanwhile_failed = 0;
    if (!started && work->without_threads == KJ_POOL_ELSE_HERE) {
        /* no thread to stop: a failure goes straight to the call */
        work_through(&pool, mem, 0);
        if (work->meanwhile) work->meanwhile(&pool, work->arg);
    } else if (started && work->meanwhile) {
        meanwhile_failed = run_meanwhile(&pool, mem);
    }
    for (int t = 0; t < started; t++) pthread_join(threads[t].thread, NULL);
    pthread_mutex_destroy(&pool.lock);
    pthread_cond_destroy(&pool.finished);
    adopt_threads(mem, threads, started, meanwhile_failed);
    kj_free(pool.done);
    kj_free(threads);
    return started;
}
