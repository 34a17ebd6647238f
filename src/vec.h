/* vec — heap-backed growable arrays: KJ_VEC(T) v = {0}; kj_vec_push(&v, x);
 * the caller frees v.items with free(). */
#ifndef KJ_VEC_H
#define KJ_VEC_H

#include <stdlib.h>

#include "arena.h" /* kj_bug */

#define KJ_VEC(T) struct { T *items; int n, cap; }
#define kj_vec_push(v, x)                                                       \
    do {                                                                        \
        if ((v)->n == (v)->cap) {                                               \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                             \
            void *kj_vec_p_ = realloc((v)->items, sizeof(*(v)->items) * (size_t)(v)->cap); \
            if (!kj_vec_p_) kj_die("out of memory");                            \
            (v)->items = kj_vec_p_;                                             \
        }                                                                       \
        (v)->items[(v)->n++] = (x);                                             \
    } while (0)

/* The same, growing in mem's call: items come from kj_realloc (a failure
 * fails m's call) and are freed with kj_free.  (kj_vec_push is for the
 * stages not yet given a kj_mem; issue 18 removes it.) */
#define kj_vec_put(m, v, x)                                                     \
    do {                                                                        \
        if ((v)->n == (v)->cap) {                                               \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                             \
            (v)->items = kj_realloc((m), (v)->items, sizeof(*(v)->items) * (size_t)(v)->cap); \
        }                                                                       \
        (v)->items[(v)->n++] = (x);                                             \
    } while (0)

#endif
