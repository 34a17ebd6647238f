/* test_mem — the memory of a call: a failure lands back where the call
 * armed it, with why; what the call held is freed and its cleanups run;
 * what a successful call kept outlives it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static int n_live(const kj_mem *m)
{
    int n = 0;
    for (const kj_mem_block *b = m->live.next; b != &m->live; b = b->next) n++;
    return n;
}

static void count_call(void *arg) { ++*(int *)arg; }

static void test_failure_lands_with_why(void **state)
{
    (void)state;
    kj_mem m;
    jmp_buf landing;
    volatile int reached_after = 0, cleaned = 0;
    kj_mem_init(&m);
    m.landing = &landing;
    if (setjmp(landing) != 0) {
        assert_int_equal(m.status, KJ_MEM_BUG);
        assert_non_null(strstr(m.why, "test_mem.c:"));
        assert_non_null(strstr(m.why, "assertion failed: 1 + 1 == 3"));
        assert_int_equal(n_live(&m), 3);
        kj_mem_release(&m);
        assert_int_equal(n_live(&m), 0);
        assert_int_equal(cleaned, 1);
        assert_int_equal(reached_after, 0);
        return;
    }
    kj_malloc(&m, 10);
    kj_calloc(&m, 3, 7);
    kj_strdup(&m, "kjeller");
    kj_mem_on_failure(&m, count_call, (void *)&cleaned);
    KJ_ASSERT(&m, 1 + 1 == 3);
    reached_after = 1;
    fail_msg("a failed assertion returned");
}

static void test_out_of_memory_is_a_value(void **state)
{
    (void)state;
    kj_mem m;
    jmp_buf landing;
    kj_mem_init(&m);
    m.landing = &landing;
    if (setjmp(landing) != 0) {
        assert_int_equal(m.status, KJ_MEM_NOMEM);
        assert_string_equal(m.why, "out of memory");
        assert_int_equal(n_live(&m), 1);
        kj_mem_release(&m);
        return;
    }
    kj_malloc(&m, 100);
    kj_malloc(&m, SIZE_MAX - 8); /* more than any heap */
    fail_msg("an impossible allocation returned");
}

/* A failed realloc leaves the block as it was, still tracked (released
 * once), and the overflow of n * size in calloc fails rather than wraps. */
static void test_failed_growth_keeps_the_block(void **state)
{
    (void)state;
    kj_mem m;
    jmp_buf landing;
    char *volatile p = NULL;
    kj_mem_init(&m);
    m.landing = &landing;
    if (setjmp(landing) != 0) {
        assert_int_equal(m.status, KJ_MEM_NOMEM);
        assert_string_equal(p, "abc");
        assert_int_equal(n_live(&m), 1);
        kj_mem_release(&m);
        return;
    }
    p = kj_strdup(&m, "abc");
    p = kj_realloc(&m, p, 8);
    assert_string_equal(p, "abc");
    kj_realloc(&m, p, SIZE_MAX - 4);
    fail_msg("an impossible realloc returned");
}

static void test_calloc_overflow_fails(void **state)
{
    (void)state;
    kj_mem m;
    jmp_buf landing;
    kj_mem_init(&m);
    m.landing = &landing;
    if (setjmp(landing) != 0) {
        assert_int_equal(m.status, KJ_MEM_NOMEM);
        kj_mem_release(&m);
        return;
    }
    kj_calloc(&m, SIZE_MAX / 2, 4);
    fail_msg("an overflowing calloc returned");
}

/* What a call kept is untracked: freed by its owner, in any order, and a
 * realloc of it stays untracked (a later call's failure leaves it). */
static void test_kept_blocks_outlive_the_call(void **state)
{
    (void)state;
    kj_mem m;
    kj_mem_init(&m);
    int cleaned = 0;
    char *a = kj_strdup(&m, "a"), *b = kj_strdup(&m, "b"), *c = kj_strdup(&m, "c");
    kj_mem_cleanup *h = kj_mem_on_failure(&m, count_call, &cleaned);
    kj_mem_forget(&m, h);
    kj_mem_keep(&m);
    assert_int_equal(n_live(&m), 0);
    kj_mem later;
    jmp_buf landing;
    kj_mem_init(&later);
    later.landing = &landing;
    char *volatile grown = NULL;
    if (setjmp(landing) == 0) {
        grown = kj_realloc(&later, b, 4096);
        assert_int_equal(n_live(&later), 0);
        kj_malloc(&later, 16);
        kj_bug(&later, "stop here (%d)", 7);
    }
    assert_non_null(strstr(later.why, "stop here (7)"));
    kj_mem_release(&later);
    assert_string_equal(grown, "b"); /* not freed by the later call's failure */
    kj_free(c);
    kj_free(a);
    kj_free(grown);
    kj_free(NULL);
    assert_int_equal(cleaned, 0);
}

/* A thread's memory adopted by its call: released with the call's, and its
 * cleanups run then. */
static void test_adopted_blocks_go_with_the_call(void **state)
{
    (void)state;
    kj_mem call, worker;
    jmp_buf landing;
    volatile int cleaned = 0;
    kj_mem_init(&call);
    kj_mem_init(&worker);
    call.landing = &landing;
    if (setjmp(landing) != 0) {
        assert_int_equal(call.status, KJ_MEM_NOMEM);
        assert_int_equal(n_live(&call), 3); /* one of the call's, two of the worker's */
        kj_mem_release(&call);
        assert_int_equal(cleaned, 1);
        return;
    }
    kj_malloc(&call, 1);
    kj_malloc(&worker, 2);
    kj_malloc(&worker, 3);
    kj_mem_on_failure(&worker, count_call, (void *)&cleaned);
    kj_mem_adopt(&call, &worker);
    assert_int_equal(n_live(&worker), 0);
    assert_null(worker.cleanups);
    kj_mem failed_worker;
    kj_mem_init(&failed_worker);
    failed_worker.status = KJ_MEM_NOMEM;
    strcpy(failed_worker.why, "out of memory");
    kj_mem_refail(&call, &failed_worker);
}

/* A thread's kj_mem counts down its call's countdown: the Nth allocation
 * of the call fails, in whichever of its kj_mems it is made, and only
 * that one. */
static void test_a_thread_counts_down_the_calls_countdown(void **state)
{
    (void)state;
    kj_mem call, worker;
    jmp_buf call_landing, worker_landing;
    volatile int worker_failed = 0;
    kj_mem_init(&call);
    call.landing = &call_landing;
    call.fail_countdown = 3;
    if (setjmp(call_landing) != 0) fail_msg("the call failed: %s", call.why);
    kj_mem_init_thread(&worker, &call);
    worker.landing = &worker_landing;
    if (setjmp(worker_landing) != 0) {
        worker_failed = 1;
    } else {
        kj_malloc(&call, 1);   /* the call's first */
        kj_malloc(&worker, 2); /* its second */
        kj_malloc(&worker, 3); /* its third: fails */
        fail_msg("the third allocation of the call did not fail");
    }
    assert_int_equal(worker_failed, 1);
    assert_int_equal(worker.status, KJ_MEM_NOMEM);
    assert_int_equal(call.status, KJ_MEM_OK);
    assert_int_equal(n_live(&worker), 1);
    kj_mem_adopt(&call, &worker); /* (as the pool does after the join) */
    kj_malloc(&call, 4); /* past the countdown: none fails */
    kj_mem_init_thread(&worker, &call);
    worker.landing = &worker_landing;
    kj_malloc(&worker, 5);
    kj_mem_adopt(&call, &worker);
    assert_int_equal(n_live(&call), 4);
    kj_mem_release(&call);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failure_lands_with_why),
        cmocka_unit_test(test_out_of_memory_is_a_value),
        cmocka_unit_test(test_failed_growth_keeps_the_block),
        cmocka_unit_test(test_calloc_overflow_fails),
        cmocka_unit_test(test_kept_blocks_outlive_the_call),
        cmocka_unit_test(test_adopted_blocks_go_with_the_call),
        cmocka_unit_test(test_a_thread_counts_down_the_calls_countdown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
