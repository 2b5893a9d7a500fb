/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bounds-checked big-endian reads over one CLC message, private to the core.
 *
 * A message is read from `buf` of which `avail` bytes are present (the rest
 * was cut by snaplen) and `len` bytes belong to the message. Every read
 * names its offset and size and is checked as `size <= avail && off <=
 * avail - size`, so no pointer arithmetic can overflow. A read that fails
 * returns 0 and sets a sticky flag: `missing` when the bytes belong to the
 * message but were not captured (the decode becomes TRUNCATED), `outside`
 * when they lie past the message's length (a decoder bug or a malformed
 * offset that should have been caught and reported first).
 */
#ifndef SMCCLC_CURSOR_H
#define SMCCLC_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct smcclc_cursor {
    const uint8_t *buf;
    size_t avail; /* bytes present in buf, never more than len */
    size_t len;   /* bytes of the message, from its length field */
    bool missing; /* a read needed message bytes that are not present (snaplen) */
    bool outside; /* a read went past the message's own length (malformed) */
};

static inline bool smcclc_cur_has(const struct smcclc_cursor *c, size_t off, size_t size)
{
    return size <= c->avail && off <= c->avail - size;
}

/* Whether [off, off+size) lies inside the message, trailer included. */
static inline bool smcclc_cur_in_msg(const struct smcclc_cursor *c, size_t off, size_t size)
{
    return size <= c->len && off <= c->len - size;
}

/* Whether [off, off+size) lies inside the message body, before the trailer. */
static inline bool smcclc_cur_in_body(const struct smcclc_cursor *c, size_t off, size_t size)
{
    size_t body = c->len >= 4 ? c->len - 4 : 0;
    return size <= body && off <= body - size;
}

/* Whether a read of [off, off+size) would succeed: inside the message and captured. */
static inline bool smcclc_cur_readable(const struct smcclc_cursor *c, size_t off, size_t size)
{
    return size <= 8 && smcclc_cur_in_msg(c, off, size) && smcclc_cur_has(c, off, size);
}

static inline uint64_t smcclc_cur_be(struct smcclc_cursor *c, size_t off, size_t size)
{
    uint64_t v = 0;
    size_t i;

    if (size > 8 || !smcclc_cur_in_msg(c, off, size)) {
        c->outside = true;
        return 0;
    }
    if (!smcclc_cur_has(c, off, size)) {
        c->missing = true;
        return 0;
    }
    for (i = 0; i < size; i++)
        v = (v << 8) | c->buf[off + i];
    return v;
}

static inline uint8_t smcclc_cur_u8(struct smcclc_cursor *c, size_t off)
{
    return (uint8_t)smcclc_cur_be(c, off, 1);
}

static inline uint16_t smcclc_cur_u16(struct smcclc_cursor *c, size_t off)
{
    return (uint16_t)smcclc_cur_be(c, off, 2);
}

static inline uint32_t smcclc_cur_u32(struct smcclc_cursor *c, size_t off)
{
    return (uint32_t)smcclc_cur_be(c, off, 4);
}

/* Pointer to size bytes at off, or NULL (and `missing`) when not all present. */
static inline const uint8_t *smcclc_cur_bytes(struct smcclc_cursor *c, size_t off, size_t size)
{
    if (!smcclc_cur_in_msg(c, off, size)) {
        c->outside = true;
        return NULL;
    }
    if (!smcclc_cur_has(c, off, size)) {
        c->missing = true;
        return NULL;
    }
    return c->buf + off;
}

#endif /* SMCCLC_CURSOR_H */
