/* pool — jobs on threads, for the stages that share work out: the parts
 * search (parts.c: chunks of parts, joined in chunk order) and the readers
 * of a case's records (records.c: registers, handed over in case order).
 * Input: a count of jobs and the function that does one; output: the
 * threads joined once every job is done.  A job is taken under a lock and
 * marked done under it, with a broadcast for kj_pool_wait. */
#include <pthread.h>
#include <stdlib.h>

#include "kj.h"
#include "pool.h"

struct kj_pool {
    const kj_pool_work *work;
    int next;                    /* the next job to take */
    unsigned char *done;         /* per job: finished (under lock) */
    pthread_mutex_t lock;
    pthread_cond_t finished;
};

typedef struct pool_thread {
    kj_pool *pool;
    int worker;
    pthread_t thread;
} pool_thread;

/* Takes jobs, in order, until none is left. */
static void work_through(kj_pool *pool, int worker)
{
    const kj_pool_work *w = pool->work;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        int j = pool->next < w->n_jobs ? pool->next++ : -1;
        pthread_mutex_unlock(&pool->lock);
        if (j < 0) return;
        w->job(w->ctx, worker, j);
        pthread_mutex_lock(&pool->lock);
        pool->done[j] = 1;
        pthread_cond_broadcast(&pool->finished);
        pthread_mutex_unlock(&pool->lock);
    }
}

static void *thread_main(void *arg)
{
    pool_thread *t = arg;
    locale_t saved; /* a new thread is in the program's locale (kj_c_locale_enter) */
    if (kj_c_locale_enter(&saved) != 0) kj_die("cannot select the C locale");
    work_through(t->pool, t->worker);
    kj_c_locale_leave(saved);
    return NULL;
}

void kj_pool_wait(kj_pool *pool, int j)
{
    pthread_mutex_lock(&pool->lock);
    while (!pool->done[j]) pthread_cond_wait(&pool->finished, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
}

int kj_pool_run(const kj_pool_work *work)
{
    kj_pool pool = {.work = work, .lock = PTHREAD_MUTEX_INITIALIZER, .finished = PTHREAD_COND_INITIALIZER};
    int n_threads = work->threads > 1 ? work->threads : 0;
    pool.done = calloc((size_t)work->n_jobs + 1, 1);
    pool_thread *threads = calloc((size_t)n_threads + 1, sizeof(pool_thread));
    if (!pool.done || !threads) kj_die("out of memory");
    int started = 0;
    for (int t = 0; t < n_threads; t++) {
        pool_thread *pt = &threads[started];
        pt->pool = &pool;
        pt->worker = started;
        if (pthread_create(&pt->thread, NULL, thread_main, pt) == 0) started++;
    }
    int run = started || work->without_threads == KJ_POOL_ELSE_HERE;
    if (!started && run) work_through(&pool, 0);
    if (run && work->meanwhile) work->meanwhile(&pool, work->arg);
    for (int t = 0; t < started; t++) pthread_join(threads[t].thread, NULL);
    pthread_mutex_destroy(&pool.lock);
    pthread_cond_destroy(&pool.finished);
    free(pool.done);
    free(threads);
    return started;
}
