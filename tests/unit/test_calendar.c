/* test_calendar — src/calendar.c: days since 1970-01-01 at known dates,
 * and back to the same date across ±2,000 years. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "calendar.h"

static void test_round_trip(void **state)
{
    (void)state;
    int y, m, d;
    assert_int_equal(kj_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(kj_days_from_civil(2000, 3, 1), 11017);
    for (int64_t day = -800000; day < 800000; day += 997) {
        kj_civil_from_days(day, &y, &m, &d);
        assert_int_equal(kj_days_from_civil(y, m, d), day);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
