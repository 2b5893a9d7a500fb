/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SipHash (J.-P. Aumasson, D. J. Bernstein, "SipHash: a fast short-input
 * PRF", INDOCRYPT 2012), written from the paper's description: a 128-bit
 * key, four 64-bit lanes, c rounds per 8-byte word and d finalisation
 * rounds. The flow table uses SipHash-1-3 (the variant Rust's HashMap and
 * CPython use for the same job): without the key, an attacker cannot choose
 * addresses that collide, and 1-3 costs a third of 2-4 on 16- and 40-byte
 * keys. tests/smcdump/test_flow.c checks this code against the paper's test
 * vector for SipHash-2-4.
 */
#ifndef SMCDUMP_SIPHASH_H
#define SMCDUMP_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t sd_sip_rotl(uint64_t x, unsigned b)
{
    return x << b | x >> (64 - b);
}

/* Little-endian, as the paper defines the words; the compiler makes it one load on x86. */
static inline uint64_t sd_sip_load(const uint8_t *p, size_t n)
{
    uint64_t w = 0;

    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return w;
}

struct sd_sip {
    uint64_t v0, v1, v2, v3;
};

static inline void sd_sip_rounds(struct sd_sip *s, unsigned n)
{
    while (n--) {
        s->v0 += s->v1;
        s->v1 = sd_sip_rotl(s->v1, 13);
        s->v1 ^= s->v0;
        s->v0 = sd_sip_rotl(s->v0, 32);
        s->v2 += s->v3;
        s->v3 = sd_sip_rotl(s->v3, 16);
        s->v3 ^= s->v2;
        s->v0 += s->v3;
        s->v3 = sd_sip_rotl(s->v3, 21);
        s->v3 ^= s->v0;
        s->v2 += s->v1;
        s->v1 = sd_sip_rotl(s->v1, 17);
        s->v1 ^= s->v2;
        s->v2 = sd_sip_rotl(s->v2, 32);
    }
}

/* SipHash-c-d of `len` bytes; inline, so a constant length and round count unroll. */
static inline uint64_t sd_siphash(const uint64_t key[2], const void *msg, size_t len, unsigned c,
                                  unsigned d)
{
    const uint8_t *m = msg;
    struct sd_sip s = {
        key[0] ^ 0x736f6d6570736575ull,
        key[1] ^ 0x646f72616e646f6dull,
        key[0] ^ 0x6c7967656e657261ull,
        key[1] ^ 0x7465646279746573ull,
    };
    size_t i = 0;
    uint64_t w;

    for (; i + 8 <= len; i += 8) {
        w = sd_sip_load(m + i, 8);
        s.v3 ^= w;
        sd_sip_rounds(&s, c);
        s.v0 ^= w;
    }
    /* the last word: the remaining bytes and the length modulo 256 in the top byte */
    w = sd_sip_load(m + i, len - i) | (uint64_t)(len & 0xff) << 56;
    s.v3 ^= w;
    sd_sip_rounds(&s, c);
    s.v0 ^= w;
    s.v2 ^= 0xff;
    sd_sip_rounds(&s, d);
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

#endif /* SMCDUMP_SIPHASH_H */
