/* theories.h — for unit tests: the solver decides small networks with a
 * distance matrix and large ones with an incremental STN; a case whose
 * runtime says apsp_max_points = -1 uses the STN whatever the size, so a
 * test can run the same checks through both theories.  A test's cases take
 * test_apsp_max_points (kj_runtime.apsp_max_points) from here. */
#ifndef KJ_TEST_THEORIES_H
#define KJ_TEST_THEORIES_H

static int test_apsp_max_points = 256;

static inline void with_stn_theory(void (*run)(void))
{
    test_apsp_max_points = -1;
    run();
    test_apsp_max_points = 256;
}

#endif
