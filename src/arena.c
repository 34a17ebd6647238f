/* arena — see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kj_arena_block {
    kj_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

/* A block of the call growing the arena: tracked, or kept when the arena
 * outlives the call. */
static kj_arena_block *new_block(kj_arena *a, size_t size)
{
    if (a->outlives_call) return kj_malloc_kept(a->mem, sizeof(kj_arena_block) + size);
    return kj_malloc(a->mem, sizeof(kj_arena_block) + size);
}

/* n bytes, not cleared. */
static void *arena_raw(kj_arena *a, size_t n)
{
    if (n > SIZE_MAX / 2) kj_mem_fail(a->mem, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    n = (n + 15) & ~(size_t)15;
    kj_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > 65536 ? n : 65536;
        b = new_block(a, size);
        b->next = a->head;
        b->used = 0;
        b->size = size;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *kj_arena_alloc(kj_arena *a, size_t n)
{
    void *p = arena_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *kj_arena_strndup(kj_arena *a, const char *s, size_t n)
{
    char *p = arena_raw(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *kj_arena_strdup(kj_arena *a, const char *s)
{
    return kj_arena_strndup(a, s, strlen(s));
}

char *kj_arena_vprintf(kj_arena *a, const char *fmt, va_list ap)
{
    char buf[512]; /* one pass for the usual short sentence */
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0) kj_bug(a->mem, "a sentence's format is bad: %s", fmt);
    if ((size_t)n < sizeof buf) {
        va_end(ap2);
        return kj_arena_strndup(a, buf, (size_t)n);
    }
    char *p = arena_raw(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

char *kj_arena_printf(kj_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = kj_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void kj_arena_adopt(kj_arena *a, kj_arena *from)
{
    kj_arena_block **tail = &from->head;
    while (*tail) tail = &(*tail)->next;
    *tail = a->head; /* from's blocks, then a's: a's current block is no longer the head, which only wastes its rest */
    a->head = from->head;
    from->head = NULL;
}

void kj_arena_free(kj_arena *a)
{
    kj_arena_block *b = a->head;
    while (b) {
        kj_arena_block *next = b->next;
        kj_free(b);
        b = next;
    }
    a->head = NULL;
}
