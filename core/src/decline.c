/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: CLC Decline (type 4), v1 (28 bytes) and v2 (44 bytes)
 *
 *  0       4    5      7             8              16             20
 * +-------+----+------+-------------+--------------+--------------+
 * | SMCR  | 04 | len  | ver | OOS   | peer ID (8)  | diagnosis    |
 * |       |    |      | 0xF0| 0x08  |              | code (4, BE) |
 * +-------+----+------+-------------+--------------+--------------+
 *  20              21             24                         40      44
 * +---------------+--------------+--------------------------+-------+
 * | v2: OS 0xF0,  | reserved (3) | v2: 4 more diagnosis     | SMCR  |
 * | v1: reserved  |              | codes; v1: trailer at 24 |       |
 * +---------------+--------------+--------------------------+-------+
 *
 * docs/protocol.md, "Decline" and "Validation rules"; Linux checks a Decline in
 * smc_clc_msg_hdr_valid() (net/smc/smc_clc.c). Byte 7's 0x04 and 0x03 bits are reserved;
 * before 6.17 Linux rejected the low bits above 1, and Linux 5.10-5.15 sent a
 * v2 Decline in the 28-byte v1 size, which 5.16 and later reject.
 */
#include "decode_internal.h"

#define DECL_V1_LEN 28
#define DECL_V2_LEN 44
#define DECL_EXTRA_OFF 24
#define DECL_EXTRA_CODES 4

static void reserved(struct smcclc_decoder *d, size_t off, size_t len)
{
    if (smcclc_dec_in_body(d, off, len))
        smcclc_dec_reserved(d, off, len);
}

static void decode_diag(struct smcclc_decoder *d, bool out_of_sync)
{
    const struct smcclc_decline_info *info;
    uint32_t code;

    if (!smcclc_dec_have(d, 16, 4))
        return;
    code = (uint32_t)smcclc_dec_uint(d, SMCCLC_F_DIAG_CODE, 16);
    d->msg->diag_code = code;
    info = smcclc_decline_lookup(code);
    smcclc_dec_name(d, SMCCLC_F_DIAG_NAME, 16, 4,
                    info != NULL ? info->name : SMCCLC_DECLINE_UNKNOWN_NAME);
    if (info == NULL)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_DECL_CODE_UNKNOWN, 16, 4);
    /* Linux sets the flag exactly for SYNCERR; the receiver acts on the flag. */
    if (out_of_sync != (code == SMCCLC_DECL_SYNCERR))
        smcclc_dec_anomaly(d, SMCCLC_ANOM_DECL_SYNC_FLAG, 7, 1);
}

static void decode_os(struct smcclc_decoder *d)
{
    unsigned os;

    if (!smcclc_dec_have(d, 20, 1))
        return;
    os = (unsigned)smcclc_dec_uint(d, SMCCLC_F_OS_TYPE, 20);
    d->msg->os_type = (uint8_t)os;
    smcclc_dec_reserved_bits(d, 20, 0x0F);
    if (smcclc_val_lookup(SMCCLC_VALS_OS, os) == NULL)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_OS_UNKNOWN, 20, 1);
}

static void decode_extra_codes(struct smcclc_decoder *d)
{
    size_t body = d->cur.len - SMCCLC_CLC_TRAILER_LEN, n = DECL_EXTRA_CODES, fit;

    fit = body > DECL_EXTRA_OFF ? (body - DECL_EXTRA_OFF) / 4 : 0;
    if (n > fit)
        n = fit;
    if (n == 0)
        return;
    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_DIAG_EXTRA, DECL_EXTRA_OFF, n * 4,
                     (unsigned)n);
    for (size_t i = 0; i < n; i++)
        (void)smcclc_dec_uint(d, SMCCLC_F_DIAG_EXTRA_CODE, DECL_EXTRA_OFF + i * 4);
    smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_DIAG_EXTRA, DECL_EXTRA_OFF, n * 4,
                     (unsigned)n);
}

void smcclc_decode_decline(struct smcclc_decoder *d)
{
    struct smcclc_clc_msg *m = d->msg;
    size_t len = d->cur.len, body = len - SMCCLC_CLC_TRAILER_LEN, end;
    bool oos = (d->byte7 & 0x08u) != 0;
    bool v2 = smcclc_dec_effective_version(d) >= 2;
    /* Version 2 in the 28-byte size: the 5.10-5.15 form, no extra codes. */
    bool v2_layout = v2 && len != DECL_V1_LEN;

    m->out_of_sync = oos;
    (void)smcclc_dec_uint(d, SMCCLC_F_OUT_OF_SYNC, 7);
    smcclc_dec_reserved_bits(d, 7, 0x07);
    if ((d->byte7 & 0x03u) > 1)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_DECL_TYPE_BITS, 7, 1);
    if (m->eyecatcher == SMCCLC_TYPE_D)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_EYECATCHER_UNEXPECTED, 0, 4);

    if (!v2 && len != DECL_V1_LEN)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_DECL_LENGTH, 5, 2);
    else if (v2 && len == DECL_V1_LEN)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_DECL_V2_SHORT, 5, 2);
    else if (v2 && len != DECL_V2_LEN)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_DECL_LENGTH, 5, 2);

    if (smcclc_dec_in_body(d, 8, 8))
        (void)smcclc_dec_bytes(d, SMCCLC_F_PEER_ID, 8, 0);
    decode_diag(d, oos);
    /* The OS nibble came with v2 (5.10), in the 28-byte form as well. */
    if (v2)
        decode_os(d);
    else
        reserved(d, 20, 1);
    reserved(d, 21, 3);

    end = DECL_EXTRA_OFF;
    if (v2_layout) {
        decode_extra_codes(d);
        end = DECL_EXTRA_OFF + DECL_EXTRA_CODES * 4;
    }
    /* DECL_LENGTH already says what is wrong; still show the bytes. */
    if (end < body)
        (void)smcclc_dec_bytes(d, SMCCLC_F_EXTRA_BYTES, end, body - end);
}
