#include <malloc.h>
/* arena — see arena.h. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

struct kj_arena_block {
    kj_arena_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

_Noreturn void kj_bug(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "kjeller: internal error: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(3);
}

/* n bytes, not cleared. */
size_t kj_arena_total;
static void *arena_raw(kj_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    __atomic_add_fetch(&kj_arena_total, n, __ATOMIC_RELAXED);
    kj_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > 65536 ? n : 65536;
        b = malloc(sizeof *b + size);
        if (!b) kj_bug("out of memory");
        b->next = a->head;
        b->used = 0;
        b->size = size;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

#define NH 4096
void *kj_hist_pc[NH]; size_t kj_hist_b[NH];
static void hist(void *pc, size_t n){ size_t h=((size_t)pc>>2)%NH; while(kj_hist_pc[h] && kj_hist_pc[h]!=pc) h=(h+1)%NH; kj_hist_pc[h]=pc; kj_hist_b[h]+=(n+15)&~(size_t)15; }
void kj_hist_dump(void){ for(int i=0;i<NH;i++) if(kj_hist_b[i]>(1<<20)) fprintf(stderr,"  %p %zu KB\n", kj_hist_pc[i], kj_hist_b[i]>>10); }
void *kj_arena_alloc(kj_arena *a, size_t n)
{
    hist(__builtin_return_address(0), n);
    void *p = arena_raw(a, n);
    memset(p, 0, n);
    return p;
}

char *kj_arena_strndup(kj_arena *a, const char *s, size_t n)
{
    hist(__builtin_return_address(0), n+1);
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
    if (n < 0) kj_bug("bad format");
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
        free(b);
        b = next;
    }
    a->head = NULL;
}

int kj_threads(void)
{
    const char *env = getenv("KJELLER_THREADS");
    long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
    if (!env && n > 8) n = 8;
    if (n > 64) n = 64;
    return n < 1 ? 1 : (int)n;
}

void kj_phase(const char *name)
{
    static double last; /* diagnostics only: no effect on any result */
    if (!getenv("KJELLER_TIMING")) return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    double now = (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
        fclose(f);
    }
    if (last > 0)
        { struct mallinfo2 mi = mallinfo2(); fprintf(stderr, "%s: %.0f ms (RSS %ld MB, peak %ld MB) [heap %zu used %zu free %zu mmap %zu]\n", name, now - last,
                rss * (sysconf(_SC_PAGESIZE) / 1024) / 1024, ru.ru_maxrss / 1024, mi.arena>>20, mi.uordblks>>20, mi.fordblks>>20, mi.hblkhd>>20); fprintf(stderr, "   [arena bytes so far %zu MB]\n", kj_arena_total>>20); if (getenv("KJ_HIST")) kj_hist_dump(); }
    last = now;
}
