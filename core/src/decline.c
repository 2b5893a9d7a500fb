/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: CLC Decline (type 4), v1 (28 bytes) and v2 (44 bytes)
 *
 *   header | DECLINE 8..23: peer ID, diagnosis code, OS type (v2), reserved
 *   | v2: 4 x DIAG_EXTRA_ENTRY | trailer
 *
 * The places of the fields are rows of SMCCLC_LAYOUT_LIST (tables.h), drawn
 * in docs/protocol.md, "Decline", and checked against it there; its
 * "Validation rules" say what Linux rejects. Linux checks a Decline in
 * smc_clc_msg_hdr_valid() (net/smc/smc_clc.c). Byte 7's 0x04 and 0x03 bits are reserved;
 * before 6.17 Linux rejected the low bits above 1, and Linux 5.10-5.15 sent a
 * v2 Decline in the 28-byte v1 size, which 5.16 and later reject.
 */
#include "decode_internal.h"

#define DECL_V1_LEN 28
#define DECL_V2_LEN 44
/* The v2 Decline's extra codes follow the 24 bytes that both versions share. */
#define DECL_EXTRA_OFF SMCCLC_REG_SIZE_DECLINE
#define DECL_EXTRA_CODES 4
#define DECL_EXTRA_LEN SMCCLC_REG_SIZE_DIAG_EXTRA_ENTRY

static void decode_diag(struct smcclc_decoder *d, bool out_of_sync)
{
    const struct smcclc_place *pl = &smcclc_layout[SMCCLC_AT_DECLINE_DIAG_CODE];
    const struct smcclc_decline_info *info;
    uint64_t code;

    if (!smcclc_rd_uint(d, SMCCLC_AT_DECLINE_DIAG_CODE, 0, &code))
        return;
    d->msg->diag_code = (uint32_t)code;
    info = smcclc_decline_lookup((uint32_t)code);
    /* The name covers the code's bytes: it has none of its own. */
    smcclc_dec_name(d, SMCCLC_F_DIAG_NAME, pl->off, pl->size,
                    info != NULL ? info->name : SMCCLC_DECLINE_UNKNOWN_NAME);
    if (info == NULL)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_DECL_CODE_UNKNOWN, SMCCLC_AT_DECLINE_DIAG_CODE, 0);
    /* Linux sets the flag exactly for SYNCERR; the receiver acts on the flag. */
    if (out_of_sync != (code == SMCCLC_DECL_SYNCERR))
        smcclc_rd_anomaly(d, SMCCLC_ANOM_DECL_SYNC_FLAG, SMCCLC_AT_HEADER_OUT_OF_SYNC, 0);
}

static void decode_os(struct smcclc_decoder *d)
{
    uint64_t os;

    if (!smcclc_rd_uint(d, SMCCLC_AT_DECLINE_OS_TYPE, 0, &os))
        return;
    d->msg->os_type = (uint8_t)os;
    smcclc_rd_reserved(d, SMCCLC_AT_DECLINE_OS_TYPE_BITS, 0);
    if (smcclc_val_lookup(SMCCLC_VALS_OS, (uint32_t)os) == NULL)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_OS_UNKNOWN, SMCCLC_AT_DECLINE_OS_TYPE, 0);
}

static void decode_extra_codes(struct smcclc_decoder *d)
{
    size_t body = d->cur.len - SMCCLC_CLC_TRAILER_LEN, n = DECL_EXTRA_CODES, fit;

    fit = body > DECL_EXTRA_OFF ? (body - DECL_EXTRA_OFF) / DECL_EXTRA_LEN : 0;
    if (n > fit)
        n = fit;
    if (n == 0)
        return;
    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_DIAG_EXTRA, DECL_EXTRA_OFF,
                     n * DECL_EXTRA_LEN, (unsigned)n);
    for (size_t i = 0; i < n; i++)
        (void)smcclc_rd_uint(d, SMCCLC_AT_DIAG_EXTRA_ENTRY_DIAG_EXTRA_CODE,
                             DECL_EXTRA_OFF + i * DECL_EXTRA_LEN, NULL);
    smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_DIAG_EXTRA, DECL_EXTRA_OFF,
                     n * DECL_EXTRA_LEN, (unsigned)n);
}

void smcclc_decode_decline(struct smcclc_decoder *d)
{
    struct smcclc_clc_msg *m = d->msg;
    size_t len = d->cur.len, body = len - SMCCLC_CLC_TRAILER_LEN, end;
    bool oos = smcclc_byte7_value(d, SMCCLC_AT_HEADER_OUT_OF_SYNC) != 0;
    bool v2 = smcclc_dec_effective_version(d) >= 2;
    /* Version 2 in the 28-byte size: the 5.10-5.15 form, no extra codes. */
    bool v2_layout = v2 && len != DECL_V1_LEN;

    m->out_of_sync = oos;
    (void)smcclc_rd_uint(d, SMCCLC_AT_HEADER_OUT_OF_SYNC, 0, NULL);
    smcclc_rd_reserved(d, SMCCLC_AT_HEADER_DECL_BITS, 0);
    /* Before 6.17 smc_clc_msg_decl_valid() wanted typev1 R or D here. */
    if (smcclc_byte7_value(d, SMCCLC_AT_HEADER_TYPEV1) > SMCCLC_TYPE_D)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_DECL_TYPE_BITS, SMCCLC_AT_HEADER_DECL_BITS, 0);
    if (m->eyecatcher == SMCCLC_TYPE_D)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_EYECATCHER_UNEXPECTED, SMCCLC_AT_HEADER_SMC, 0);

    if (!v2 && len != DECL_V1_LEN)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_DECL_LENGTH, SMCCLC_AT_HEADER_LENGTH, 0);
    else if (v2 && len == DECL_V1_LEN)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_DECL_V2_SHORT, SMCCLC_AT_HEADER_LENGTH, 0);
    else if (v2 && len != DECL_V2_LEN)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_DECL_LENGTH, SMCCLC_AT_HEADER_LENGTH, 0);

    (void)smcclc_rd_bytes(d, SMCCLC_AT_DECLINE_PEER_ID, 0);
    decode_diag(d, oos);
    /* The OS nibble came with v2 (5.10), in the 28-byte form as well. */
    if (v2)
        decode_os(d);
    else
        smcclc_rd_reserved(d, SMCCLC_AT_DECLINE_V1_RESERVED_20, 0);
    smcclc_rd_reserved(d, SMCCLC_AT_DECLINE_RESERVED_21, 0);

    end = DECL_EXTRA_OFF;
    if (v2_layout) {
        decode_extra_codes(d);
        end = DECL_EXTRA_OFF + DECL_EXTRA_CODES * DECL_EXTRA_LEN;
    }
    /* DECL_LENGTH already says what is wrong; still show the bytes. */
    if (end < body)
        (void)smcclc_dec_bytes(d, SMCCLC_F_EXTRA_BYTES, end, body - end);
}
