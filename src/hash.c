/* hash — the growth of hash.h's pointer sets, written once. */
#include "hash.h"
#include "mem.h"

void kj_ptrset_reserve(kj_ptrset *t, uint32_t first_cap, uint32_t (*hash)(const void *entry))
{
    if ((t->n + 1) * 2 <= t->cap) return;
    uint32_t cap = t->cap ? 2 * t->cap : first_cap;
    void **slot = kj_calloc(t->mem, cap, sizeof *slot);
    for (uint32_t i = 0; i < t->cap; i++) {
        if (!t->slot[i]) continue;
        uint32_t h = hash(t->slot[i]) & (cap - 1);
        while (slot[h]) h = (h + 1) & (cap - 1);
        slot[h] = t->slot[i];
    }
    kj_free(t->slot);
    t->slot = slot;
    t->cap = cap;
}

void kj_ptrset_free(kj_ptrset *t)
{
    kj_free(t->slot);
    t->slot = NULL;
    t->cap = t->n = 0;
}
