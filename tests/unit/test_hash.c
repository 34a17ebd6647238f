/* test_hash — src/hash.h: FNV-1a as published (a table whose order reaches
 * output must see the same hash values it always saw), by bytes, by
 * string and a byte at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "hash.h"

/* the reference values of FNV-1a, 32 bits */
static const struct {
    const char *text;
    uint32_t hash;
} known[] = {
    {"", 0x811c9dc5u},
    {"a", 0xe40c292cu},
    {"foobar", 0xbf9cf968u},
};

static void test_known_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        assert_int_equal(kj_hash_str(known[i].text), known[i].hash);
        assert_int_equal(kj_hash_bytes(known[i].text, strlen(known[i].text)), known[i].hash);
    }
}

static void test_step_is_the_same_hash(void **state)
{
    (void)state;
    uint32_t h = KJ_HASH_INIT;
    for (const char *p = "foobar"; *p; p++) h = kj_hash_step(h, (unsigned char)*p);
    assert_int_equal(h, kj_hash_str("foobar"));
    /* a prefix of bytes, as the lexer hashes a word inside its line */
    assert_int_equal(kj_hash_bytes("foobarbaz", 6), kj_hash_str("foobar"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_step_is_the_same_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
