/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the per-message decoders share: the cursor over the message, the
 * summary being filled, and where the entries go. Each helper here both
 * reads the wire and reports the field, so a value cannot be shown one way
 * and used another. Reporting makes one struct smcclc_entry, which decode.c
 * stores in the caller's array or hands to the caller's sink.
 */
#ifndef SMCCLC_DECODE_INTERNAL_H
#define SMCCLC_DECODE_INTERNAL_H

#include "cursor.h"
#include "layout.h"
#include "smcclc/smcclc.h"

struct smcclc_decoder {
    struct smcclc_cursor cur;
    struct smcclc_clc_msg *msg;
    struct smcclc_entry *entries;   /* the caller's array, or NULL */
    size_t cap, n;                  /* its capacity, entries stored so far */
    const struct smcclc_sink *sink; /* or the caller's callbacks, or NULL */
    uint8_t byte7;                  /* the version/type/flag byte, read once by the dispatcher */
};

/* Hand one entry to the sink's callbacks (entries.c). */
void smcclc_entry_to_sink(const struct smcclc_entry *e, const struct smcclc_sink *sink);

/* Record a deviation at [off, off+len). Never stops the decode. */
void smcclc_dec_anomaly(struct smcclc_decoder *d, enum smcclc_anomaly id, size_t off, size_t len);

/*
 * Read the integer field `id` at `off` (its size and mask come from the
 * field table), report it, and return its value shifted down by the mask.
 * When the bytes are not all present nothing is reported and 0 returned.
 */
uint64_t smcclc_dec_uint(struct smcclc_decoder *d, enum smcclc_field id, size_t off);

/* Report a byte-kind field (BYTES, MAC, IPV4, IPV6, TEXT, PEERID) at off.
 * `size` 0 means the table's size. Returns the bytes or NULL when cut. */
const uint8_t *smcclc_dec_bytes(struct smcclc_decoder *d, enum smcclc_field id, size_t off,
                                size_t size);

/* Report a value computed from other fields (SMCCLC_FF_DERIVED). */
void smcclc_dec_derived(struct smcclc_decoder *d, enum smcclc_field id, size_t off, size_t len,
                        uint64_t value);
void smcclc_dec_name(struct smcclc_decoder *d, enum smcclc_field id, size_t off, size_t len,
                     const char *str);

/*
 * Report reserved bytes [off, off+len) as a RESERVED field and flag
 * RESERVED_NONZERO when any present byte is not zero.
 */
void smcclc_dec_reserved(struct smcclc_decoder *d, size_t off, size_t len);
/* The same for reserved bits of one byte, under `mask`. */
void smcclc_dec_reserved_bits(struct smcclc_decoder *d, size_t off, uint8_t mask);

void smcclc_dec_group(struct smcclc_decoder *d, enum smcclc_group_event ev, enum smcclc_group group,
                      size_t off, size_t len, unsigned count);

/* Report bytes between the last known field and the trailer, if any. */
void smcclc_dec_extra(struct smcclc_decoder *d, size_t from);

/* The per-type decoders. The header (0..7) and trailer are done by decode.c. */
void smcclc_decode_proposal(struct smcclc_decoder *d);
void smcclc_decode_accept_confirm(struct smcclc_decoder *d);
void smcclc_decode_decline(struct smcclc_decoder *d);

/*
 * Reading fields: the one guard rule of every per-type decoder.
 *
 * A field is read only when all its bytes lie in the body, before the
 * trailer (smcclc_dec_in_body). Bytes past that point are not the field's:
 * the length field says the message ends there, so a field placed beyond it
 * is MALFORMED. Reading on would make up a value from the trailer or from
 * bytes that belong to no message; the decoder instead reports the anomaly
 * that placed the field there (the length, an offset or a count) and shows
 * only what fits. A field inside the body whose bytes were not all captured
 * is TRUNCATED: nothing is reported, the cursor records `missing`, and the
 * decode says TRUNCATED (snaplen cut a well-formed message). The two must not
 * be confused: a short capture is no fault of the sender.
 *
 * Every read names a place of the layout (SMCCLC_AT_<REGION>_<NAME>, layout.h)
 * and the start of its region (0 for the regions that count from the message
 * start). The smcclc_rd_* helpers below are the only way the per-type decoders
 * touch field bytes; they return whether the value was read, and a value not
 * read is 0.
 */

/* Whether [off, off+size) lies wholly before the trailer. */
static inline bool smcclc_dec_in_body(const struct smcclc_decoder *d, size_t off, size_t size)
{
    return smcclc_cur_in_body(&d->cur, off, size);
}

/* Whether [off, off+size) lies before the trailer and was captured: readable. */
static inline bool smcclc_dec_have(const struct smcclc_decoder *d, size_t off, size_t size)
{
    return smcclc_cur_in_body(&d->cur, off, size) && smcclc_cur_has(&d->cur, off, size);
}

/* The guard: in the body, else false (malformed, the caller's anomaly says
 * why); captured, else false and `missing` (truncated). */
static inline bool smcclc_rd_guard(struct smcclc_decoder *d, size_t off, size_t size)
{
    if (!smcclc_cur_in_body(&d->cur, off, size))
        return false;
    if (!smcclc_cur_has(&d->cur, off, size)) {
        d->cur.missing = true;
        return false;
    }
    return true;
}

/* Whether place `at` of the region at `base` lies in the body. */
static inline bool smcclc_rd_in_body(const struct smcclc_decoder *d, enum smcclc_at at, size_t base)
{
    return smcclc_dec_in_body(d, smcclc_at_off(at, base), smcclc_layout[at].size);
}

/* Whether place `at` can be read: in the body and captured. */
static inline bool smcclc_rd_have(const struct smcclc_decoder *d, enum smcclc_at at, size_t base)
{
    return smcclc_dec_have(d, smcclc_at_off(at, base), smcclc_layout[at].size);
}

/* Read and report the integer field of place `at`; `v` (may be NULL) gets its
 * value, shifted down by the field's mask. */
static inline bool smcclc_rd_uint(struct smcclc_decoder *d, enum smcclc_at at, size_t base,
                                  uint64_t *v)
{
    size_t off = smcclc_at_off(at, base);
    uint64_t u = 0;
    bool ok = smcclc_rd_guard(d, off, smcclc_layout[at].size);

    if (ok)
        u = smcclc_dec_uint(d, smcclc_layout[at].field, off);
    if (v != NULL)
        *v = u;
    return ok;
}

/* The same, for callers that only keep the value (0 when not read). */
static inline uint64_t smcclc_rd_val(struct smcclc_decoder *d, enum smcclc_at at, size_t base)
{
    uint64_t v;

    (void)smcclc_rd_uint(d, at, base, &v);
    return v;
}

/* Read and report the byte-kind field of place `at`; its bytes, or NULL. */
static inline const uint8_t *smcclc_rd_bytes(struct smcclc_decoder *d, enum smcclc_at at,
                                             size_t base)
{
    size_t off = smcclc_at_off(at, base);

    if (!smcclc_rd_guard(d, off, smcclc_layout[at].size))
        return NULL;
    return smcclc_dec_bytes(d, smcclc_layout[at].field, off, smcclc_layout[at].size);
}

/* Report the reserved bytes (RESERVED) or bits (RESERVED_BITS) of place `at`. */
static inline void smcclc_rd_reserved(struct smcclc_decoder *d, enum smcclc_at at, size_t base)
{
    const struct smcclc_place *pl = &smcclc_layout[at];
    size_t off = smcclc_at_off(at, base);

    if (!smcclc_rd_guard(d, off, pl->size))
        return;
    if (pl->field == SMCCLC_F_RESERVED_BITS)
        smcclc_dec_reserved_bits(d, off, (uint8_t)pl->mask);
    else
        smcclc_dec_reserved(d, off, pl->size);
}

/*
 * Read the value at place `at` without reporting it, for a rule about bytes
 * that are not shown as that field here (a count read ahead to size a
 * section, a CHID compared with the next entry's).
 */
static inline bool smcclc_rd_peek(struct smcclc_decoder *d, enum smcclc_at at, size_t base,
                                  unsigned *v)
{
    const struct smcclc_place *pl = &smcclc_layout[at];
    size_t off = smcclc_at_off(at, base);
    uint64_t u;

    *v = 0;
    if (!smcclc_dec_have(d, off, pl->size))
        return false;
    u = smcclc_cur_be(&d->cur, off, pl->size);
    if (pl->mask != 0)
        u = (u & pl->mask) >> smcclc_mask_shift(pl->mask);
    *v = (unsigned)u;
    return true;
}

/* Record anomaly `id` on the bytes of place `at`: the field that is wrong,
 * or the field (length, offset, count) that placed something wrongly. */
static inline void smcclc_rd_anomaly(struct smcclc_decoder *d, enum smcclc_anomaly id,
                                     enum smcclc_at at, size_t base)
{
    smcclc_dec_anomaly(d, id, smcclc_at_off(at, base), smcclc_layout[at].size);
}

/* The first byte of `eid` that makes it an EID Linux could not have
 * configured (eid.c says the rule): 0 when empty, `len` when valid. */
size_t smcclc_eid_bad_at(const uint8_t *eid, size_t len);
/* Read and report the EID of place `at`; EID_CHARSET from its first bad byte. */
void smcclc_rd_eid(struct smcclc_decoder *d, enum smcclc_at at, size_t base);

/* The value of a sub-byte place of byte 7, from the byte the dispatcher read:
 * decisions on it (type, flags) do not depend on whether it was reported. */
static inline unsigned smcclc_byte7_value(const struct smcclc_decoder *d, enum smcclc_at at)
{
    uint32_t mask = smcclc_layout[at].mask;

    return (d->byte7 & mask) >> smcclc_mask_shift(mask);
}

/* Version nibble as Linux reads it: 1, or 2 for anything >= 2. */
static inline unsigned smcclc_dec_effective_version(const struct smcclc_decoder *d)
{
    return d->msg->version >= 2 ? 2u : 1u;
}

#endif /* SMCCLC_DECODE_INTERNAL_H */
