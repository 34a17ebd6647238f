/* test_hash — src/hash.h: FNV-1a as published (a table whose order reaches
 * output must see the same hash values it always saw), by bytes, by
 * string and a byte at a time; a pointer set keeps every entry findable
 * as it grows, and stays at most half full. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "mem.h"

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

static uint32_t text_hash(const void *text) { return kj_hash_str(text); }

/* The slot of text in t, or the empty slot where it would go. */
static uint32_t find(const kj_ptrset *t, const char *text)
{
    uint32_t h = kj_hash_str(text) & (t->cap - 1);
    while (t->slot[h] && strcmp(t->slot[h], text)) h = (h + 1) & (t->cap - 1);
    return h;
}

static void test_ptrset_grows(void **state)
{
    (void)state;
    enum { N = 1000 };
    static char texts[N][16];
    kj_mem mem; /* the slots' (mem.h) */
    jmp_buf landing;
    kj_mem_init(&mem);
    mem.landing = &landing;
    if (setjmp(landing) != 0) fail_msg("%s", mem.why);
    kj_ptrset t = {.mem = &mem};
    for (int i = 0; i < N; i++) {
        snprintf(texts[i], sizeof texts[i], "w%d", i);
        kj_ptrset_reserve(&t, 8, text_hash);
        uint32_t at = find(&t, texts[i]);
        assert_null(t.slot[at]);
        t.slot[at] = texts[i];
        t.n++;
        assert_true(t.n * 2 <= t.cap);
        assert_int_equal(t.cap & (t.cap - 1), 0);
    }
    for (int i = 0; i < N; i++) assert_ptr_equal(t.slot[find(&t, texts[i])], texts[i]);
    assert_null(t.slot[find(&t, "w1000")]);
    kj_ptrset_free(&t);
    kj_mem_release(&mem); /* (nothing left) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_step_is_the_same_hash),
        cmocka_unit_test(test_ptrset_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
