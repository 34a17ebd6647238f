/* hash — FNV-1a, the one string hash of kjeller's hash tables, and the
 * pointer set that two of them are. */
#ifndef KJ_HASH_H
#define KJ_HASH_H

#include <stddef.h>
#include <stdint.h>

#define KJ_HASH_INIT 2166136261u

/* h (KJ_HASH_INIT at first) with one more byte hashed in: a key of several
 * fields is hashed a byte at a time, with no copy that joins them. */
static inline uint32_t kj_hash_step(uint32_t h, unsigned char byte)
{
    return (h ^ byte) * 16777619u;
}

static inline uint32_t kj_hash_bytes(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint32_t h = KJ_HASH_INIT;
    for (size_t i = 0; i < n; i++) h = kj_hash_step(h, s[i]);
    return h;
}

static inline uint32_t kj_hash_str(const char *s)
{
    uint32_t h = KJ_HASH_INIT;
    for (; *s; s++) h = kj_hash_step(h, (unsigned char)*s);
    return h;
}

/* A set of pointers by open addressing (linear probing over a power of two
 * of slots), kept at most half full.  The caller probes it: what its
 * entries are and when two are the same is its own. */
typedef struct kj_ptrset {
    void **slot;        /* cap of them, NULL where empty (kj_ptrset_free) */
    uint32_t cap, n;
    struct kj_mem *mem; /* the call the slots grow in (mem.h) */
} kj_ptrset;

/* Room for one more entry: at half load the slots double (first_cap of
 * them at first) and every entry is placed again by hash(entry). */
void kj_ptrset_reserve(kj_ptrset *t, uint32_t first_cap, uint32_t (*hash)(const void *entry));
/* Frees the slots (kj_free; not the entries). */
void kj_ptrset_free(kj_ptrset *t);

#endif
