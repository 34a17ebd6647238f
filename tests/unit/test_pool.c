/* test_pool — src/pool.c: jobs on threads, each thread with a kj_mem of
 * its own.  What jobs leave allocated is the call's once kj_pool_run
 * returns; a job that fails stops the pool and fails the call, after the
 * join, with the job's reason; meanwhile waiting for a job that failed
 * is let go; meanwhile's own failure is raised after the join too; and a
 * fault injected in the call fails whichever thread's allocation it
 * falls on.  Under `make SAN=1` the leak checker sees every failed call
 * release what its threads held. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "pool.h"

#define N_JOBS 64

static int n_live(const kj_mem *m)
{
    int n = 0;
    for (const kj_mem_block *b = m->live.next; b != &m->live; b = b->next) n++;
    return n;
}

/* Each job leaves a block of its own (its number, in the thread's
 * memory) in results[]; job fail_at (when >= 0) fails an assertion. */
typedef struct jobs {
    int *results[N_JOBS];
    int fail_at;
    int waited;                 /* jobs meanwhile saw done, in order */
    int meanwhile_fails;
    kj_mem *call;
} jobs;

static void one_job(void *ctx, kj_mem *mem, int worker, int j)
{
    (void)worker;
    jobs *js = ctx;
    int *r = kj_malloc(mem, sizeof *r);
    *r = j;
    KJ_ASSERT(mem, j != js->fail_at);
    js->results[j] = r;
}

static void wait_in_order(kj_pool *pool, void *arg)
{
    jobs *js = arg;
    for (int j = 0; j < N_JOBS; j++) {
        kj_pool_wait(pool, j);
        js->waited++;
        kj_malloc(js->call, 8); /* the calling thread allocates meanwhile */
        if (js->meanwhile_fails && j == 3) kj_bug(js->call, "meanwhile broke");
    }
}

/* Runs N_JOBS jobs on `threads` threads in a call of its own; returns
 * 0, or 1 with the call's failure in *why. */
static int run_call(jobs *js, int threads, int with_meanwhile, long fail_alloc_after, char why[256])
{
    kj_mem call;
    jmp_buf landing;
    kj_mem_init(&call);
    call.landing = &landing;
    call.fail_countdown = fail_alloc_after;
    js->call = &call;
    if (setjmp(landing) != 0) {
        kj_mem_release(&call);
        strcpy(why, call.why);
        return 1;
    }
    kj_pool_work work = {
        .threads = threads, .n_jobs = N_JOBS, .job = one_job, .ctx = js,
        .meanwhile = with_meanwhile ? wait_in_order : NULL, .arg = js, .without_threads = KJ_POOL_ELSE_HERE,
    };
    kj_pool_run(&call, &work);
    /* every job's block is the call's now: one each, and meanwhile's */
    assert_int_equal(n_live(&call), N_JOBS + (with_meanwhile ? N_JOBS : 0));
    for (int j = 0; j < N_JOBS; j++) assert_int_equal(*js->results[j], j);
    kj_mem_release(&call);
    return 0;
}

static void test_jobs_leave_their_blocks_to_the_call(void **state)
{
    (void)state;
    int threads[] = {1, 2, 4, 8};
    for (int k = 0; k < 4; k++)
        for (int meanwhile = 0; meanwhile < 2; meanwhile++) {
            jobs js = {.fail_at = -1};
            char why[256];
            assert_int_equal(run_call(&js, threads[k], meanwhile, 0, why), 0);
            if (meanwhile) assert_int_equal(js.waited, N_JOBS);
        }
}

static void test_a_failed_job_fails_the_call(void **state)
{
    (void)state;
    int threads[] = {1, 4};
    for (int k = 0; k < 2; k++)
        for (int meanwhile = 0; meanwhile < 2; meanwhile++) {
            jobs js = {.fail_at = 17};
            char why[256];
            assert_int_equal(run_call(&js, threads[k], meanwhile, 0, why), 1);
            assert_non_null(strstr(why, "test_pool.c:"));
            assert_non_null(strstr(why, "assertion failed: j != js->fail_at"));
            /* meanwhile saw no further than the job that failed */
            assert_true(js.waited <= 17);
        }
}

static void test_meanwhile_failing_stops_the_pool(void **state)
{
    (void)state;
    jobs js = {.fail_at = -1, .meanwhile_fails = 1};
    char why[256];
    assert_int_equal(run_call(&js, 4, 1, 0, why), 1);
    assert_non_null(strstr(why, "meanwhile broke"));
    assert_int_equal(js.waited, 4);
}

/* Each allocation of the call, on 4 threads, fails in turn: the call fails
 * with "out of memory" until the countdown is past them all. */
static void test_each_allocation_of_a_threaded_call_fails(void **state)
{
    (void)state;
    for (long n = 1;; n++) {
        jobs js = {.fail_at = -1};
        char why[256];
        if (run_call(&js, 4, 1, n, why) == 0) {
            assert_true(n > 2 * N_JOBS); /* every job's and meanwhile's, and the pool's */
            break;
        }
        assert_string_equal(why, "out of memory");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jobs_leave_their_blocks_to_the_call),
        cmocka_unit_test(test_a_failed_job_fails_the_call),
        cmocka_unit_test(test_meanwhile_failing_stops_the_pool),
        cmocka_unit_test(test_each_allocation_of_a_threaded_call_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
