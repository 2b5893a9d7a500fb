/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the per-message decoders share: the cursor over the message, the
 * summary being filled, and the sink the fields go to. Each helper here both
 * reads the wire and reports the field, so a value cannot be shown one way
 * and used another.
 */
#ifndef SMCCLC_DECODE_INTERNAL_H
#define SMCCLC_DECODE_INTERNAL_H

#include "cursor.h"
#include "smcclc/smcclc.h"

struct smcclc_decoder {
    struct smcclc_cursor cur;
    struct smcclc_clc_msg *msg;
    const struct smcclc_sink *sink;
    uint8_t byte7; /* the version/type/flag byte, read once by the dispatcher */
};

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

/* Whether [off, off+size) lies wholly before the trailer: fields that do not
 * belong to no layout. */
static inline bool smcclc_dec_in_body(const struct smcclc_decoder *d, size_t off, size_t size)
{
    return smcclc_cur_in_body(&d->cur, off, size);
}

/* Bytes a decision depends on must be both part of the body and captured. */
static inline bool smcclc_dec_have(const struct smcclc_decoder *d, size_t off, size_t size)
{
    return smcclc_cur_in_body(&d->cur, off, size) && smcclc_cur_has(&d->cur, off, size);
}

/* Version nibble as Linux reads it: 1, or 2 for anything >= 2. */
static inline unsigned smcclc_dec_effective_version(const struct smcclc_decoder *d)
{
    return d->msg->version >= 2 ? 2u : 1u;
}

#endif /* SMCCLC_DECODE_INTERNAL_H */
