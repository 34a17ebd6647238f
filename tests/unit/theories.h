/* theories.h — for unit tests: the solver decides small networks with a
 * distance matrix and large ones with an incremental STN;
 * KJ_SOLVE_APSP_MAX_POINTS = 0 makes it use the STN whatever the size, so a
 * test can run the same checks through both theories. */
#ifndef KJ_TEST_THEORIES_H
#define KJ_TEST_THEORIES_H

#include <stdlib.h>

static inline void with_stn_theory(void (*run)(void))
{
    setenv("KJ_SOLVE_APSP_MAX_POINTS", "0", 1);
    run();
    unsetenv("KJ_SOLVE_APSP_MAX_POINTS");
}

#endif
