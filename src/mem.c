/* mem — see mem.h. */
#include "mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kj_mem_cleanup {
    kj_mem_cleanup *prev, *next;
    void (*fn)(void *);
    void *arg;
};

_Static_assert(sizeof(kj_mem_block) % 16 == 0, "a block's header keeps malloc's alignment");

void kj_mem_init(kj_mem *m)
{
    memset(m, 0, sizeof *m);
    atomic_init(&m->fail_countdown, 0);
    m->live.prev = &m->live;
    m->live.next = &m->live;
}

void kj_mem_init_thread(kj_mem *m, kj_mem *call)
{
    kj_mem_init(m);
    m->counts_for = call->counts_for ? call->counts_for : call;
}

static void link_after(kj_mem_block *at, kj_mem_block *b)
{
    b->prev = at;
    b->next = at->next;
    at->next->prev = b;
    at->next = b;
}

static void unlink_block(kj_mem_block *b)
{
    b->prev->next = b->next;
    b->next->prev = b->prev;
}

static void *user_of(kj_mem_block *b) { return b + 1; }
static kj_mem_block *block_of(void *p) { return (kj_mem_block *)p - 1; }

_Noreturn void kj_mem_fail(kj_mem *m, kj_mem_status status, const char *file, int line, const char *fmt, ...)
{
    if (m->status == KJ_MEM_OK) { /* the first failure is the one to tell */
        m->status = status;
        char what[200];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        if (status == KJ_MEM_NOMEM) snprintf(m->why, sizeof m->why, "%s", what);
        else snprintf(m->why, sizeof m->why, "%s:%d: %s", file, line, what);
    }
    longjmp(*m->landing, 1); /* (armed before it allocated: mem.h) */
}

_Noreturn void kj_mem_fail_input(kj_mem *m, int about, const char *hint, const char *fmt, ...)
{
    if (m->status == KJ_MEM_OK) {
        m->status = KJ_MEM_INPUT;
        m->about = about + 1;
        snprintf(m->hint, sizeof m->hint, "%s", hint ? hint : "");
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m->why, sizeof m->why, fmt, ap);
        va_end(ap);
    }
    longjmp(*m->landing, 1);
}

_Noreturn void kj_mem_refail(kj_mem *m, const kj_mem *failed)
{
    if (m->status == KJ_MEM_OK) {
        m->status = failed->status;
        memcpy(m->why, failed->why, sizeof m->why);
        m->about = failed->about;
        memcpy(m->hint, failed->hint, sizeof m->hint);
    }
    longjmp(*m->landing, 1);
}

/* Whether the test's countdown says this allocation fails: the one that
 * takes it from 1 to 0, in whatever thread of the call (the threads'
 * kj_mems count down the call's). */
static int injected(kj_mem *m)
{
    _Atomic long *countdown = &(m->counts_for ? m->counts_for : m)->fail_countdown;
    return atomic_load_explicit(countdown, memory_order_relaxed) > 0
        && atomic_fetch_sub_explicit(countdown, 1, memory_order_relaxed) == 1;
}

void kj_mem_count_alloc(kj_mem *m)
{
    if (injected(m)) kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
}

static kj_mem_block *raw_block(kj_mem *m, size_t n)
{
    if (n > SIZE_MAX - sizeof(kj_mem_block) || injected(m))
        kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    kj_mem_block *b = malloc(sizeof *b + n);
    if (!b) kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    return b;
}

void *kj_malloc(kj_mem *m, size_t n)
{
    kj_mem_block *b = raw_block(m, n);
    link_after(&m->live, b);
    return user_of(b);
}

void *kj_malloc_kept(kj_mem *m, size_t n)
{
    kj_mem_block *b = raw_block(m, n);
    b->prev = b;
    b->next = b;
    return user_of(b);
}

void *kj_calloc(kj_mem *m, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    void *p = kj_malloc(m, n * size);
    memset(p, 0, n * size);
    return p;
}

void *kj_realloc(kj_mem *m, void *p, size_t n)
{
    if (!p) return kj_malloc(m, n);
    if (n > SIZE_MAX - sizeof(kj_mem_block) || injected(m))
        kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    kj_mem_block *old = block_of(p);
    int tracked = old->next != old;
    /* unlinked while realloc may move it; on failure the old block is
     * still whole, and goes back where it was */
    kj_mem_block *prev = old->prev;
    if (tracked) unlink_block(old);
    kj_mem_block *b = realloc(old, sizeof *b + n);
    if (!b) {
        if (tracked) link_after(prev, old);
        kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    }
    if (tracked) {
        link_after(prev, b);
    } else {
        b->prev = b;
        b->next = b;
    }
    return user_of(b);
}

char *kj_strdup(kj_mem *m, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = kj_malloc(m, n);
    memcpy(p, s, n);
    return p;
}

void kj_free(void *p)
{
    if (!p) return;
    kj_mem_block *b = block_of(p);
    unlink_block(b); /* (an untracked block is its own neighbour: no change) */
    free(b);
}

kj_mem_cleanup *kj_mem_on_failure(kj_mem *m, void (*fn)(void *), void *arg)
{
    kj_mem_cleanup *h = injected(m) ? NULL : malloc(sizeof *h);
    if (!h) { /* the resource is not left behind for want of a note */
        fn(arg);
        kj_mem_fail(m, KJ_MEM_NOMEM, __FILE__, __LINE__, "out of memory");
    }
    h->fn = fn;
    h->arg = arg;
    h->prev = NULL;
    h->next = m->cleanups;
    if (m->cleanups) m->cleanups->prev = h;
    m->cleanups = h;
    return h;
}

void kj_mem_forget(kj_mem *m, kj_mem_cleanup *h)
{
    if (!h) return;
    if (h->prev) h->prev->next = h->next;
    else m->cleanups = h->next;
    if (h->next) h->next->prev = h->prev;
    free(h);
}

void kj_mem_keep(kj_mem *m)
{
    while (m->cleanups) kj_mem_forget(m, m->cleanups);
    kj_mem_block *b = m->live.next;
    while (b != &m->live) {
        kj_mem_block *next = b->next;
        b->prev = b;
        b->next = b;
        b = next;
    }
    m->live.prev = &m->live;
    m->live.next = &m->live;
    m->landing = NULL;
}

void kj_mem_release(kj_mem *m)
{
    while (m->cleanups) {
        kj_mem_cleanup *h = m->cleanups;
        m->cleanups = h->next;
        h->fn(h->arg);
        free(h);
    }
    kj_mem_block *b = m->live.next;
    while (b != &m->live) {
        kj_mem_block *next = b->next;
        free(b);
        b = next;
    }
    m->live.prev = &m->live;
    m->live.next = &m->live;
    m->landing = NULL;
}

void kj_mem_adopt(kj_mem *to, kj_mem *from)
{
    if (from->live.next != &from->live) {
        kj_mem_block *first = from->live.next, *last = from->live.prev;
        last->next = to->live.next;
        to->live.next->prev = last;
        to->live.next = first;
        first->prev = &to->live;
        from->live.prev = &from->live;
        from->live.next = &from->live;
    }
    while (from->cleanups) { /* (the order among them does not matter) */
        kj_mem_cleanup *h = from->cleanups;
        from->cleanups = h->next;
        h->prev = NULL;
        h->next = to->cleanups;
        if (to->cleanups) to->cleanups->prev = h;
        to->cleanups = h;
    }
}
