/* hash — FNV-1a, the one string hash of kjeller's hash tables. */
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

#endif
