/* vec — growable arrays in a call's memory: KJ_VEC(T) v = {0};
 * kj_vec_put(mem, &v, x); items come from kj_realloc (running out fails
 * mem's call: mem.h) and are freed with kj_free(v.items). */
#ifndef KJ_VEC_H
#define KJ_VEC_H

#include "mem.h"

#define KJ_VEC(T) struct { T *items; int n, cap; }
#define kj_vec_put(m, v, x)                                                     \
    do {                                                                        \
        if ((v)->n == (v)->cap) {                                               \
            (v)->cap = (v)->cap ? (v)->cap * 2 : 8;                             \
            (v)->items = kj_realloc((m), (v)->items, sizeof(*(v)->items) * (size_t)(v)->cap); \
        }                                                                       \
        (v)->items[(v)->n++] = (x);                                             \
    } while (0)

#endif
