/* arena — bump allocation for what lives as long as one object (a loaded
 * case, a report, a network); growable arrays are in vec.h.  An arena's
 * blocks come from its kj_mem, and so does its failure (mem.h). */
#ifndef KJ_ARENA_H
#define KJ_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "mem.h"

typedef struct kj_arena_block kj_arena_block;
typedef struct kj_arena {
    kj_arena_block *head;
    kj_mem *mem;       /* the call growing it (NULL between calls: nothing grows
                          it then) */
    int outlives_call; /* the arena is older than that call: its new blocks
                          are untracked, and stay if the call fails */
} kj_arena;

/* An empty arena growing in mem's call (KJ_ARENA(mem) as an initialiser). */
#define KJ_ARENA(m) ((kj_arena){.head = NULL, .mem = (m), .outlives_call = 0})

/* Returns zeroed memory owned by the arena (freed by kj_arena_free). */
void *kj_arena_alloc(kj_arena *a, size_t n);
/* Returns a NUL-terminated copy of s[0..n) owned by the arena. */
char *kj_arena_strndup(kj_arena *a, const char *s, size_t n);
char *kj_arena_strdup(kj_arena *a, const char *s);
/* printf into arena memory; returns the arena-owned string. */
char *kj_arena_printf(kj_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The same with a va_list (ap is used up). */
char *kj_arena_vprintf(kj_arena *a, const char *fmt, va_list ap);
void kj_arena_free(kj_arena *a);
/* Moves every block of `from` into a (from is left empty): what was
 * allocated in from now lives as long as a. */
void kj_arena_adopt(kj_arena *a, kj_arena *from);


#endif
