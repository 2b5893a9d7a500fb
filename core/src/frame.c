/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: finding the start and length of a CLC message in a byte stream
 *
 *  0               4       5               7       8
 * +---------------+-------+---------------+-------+
 * | E2 D4 C3 D9/C4| type  | length (BE)   | ver/  |   only these 8 bytes are read
 * | "SMCR"/"SMCD" | 1..4  | whole message | flags |
 * +---------------+-------+---------------+-------+
 *
 * docs/protocol.md, "Framing" and "Common header". The TCP reassembly of the caller
 * (smcdump's stream code, Wireshark's tcp_dissect_pdus) needs an answer from
 * as few bytes as possible, so a verdict is given as soon as the bytes that
 * are there contradict a header, and a length as soon as it is known.
 */
#include "smcclc/smcclc.h"

/* Plausible lengths per type for the heuristic: from the smallest Linux
 * accepts to its receive buffer (Proposal), a generous bound for the v2
 * Accept/Confirm (no upper check in Linux), and the two Decline sizes. */
struct smcclc_len_range {
    uint16_t min, max;
};

static const struct smcclc_len_range strict_len[SMCCLC_CLC_DECLINE + 1] = {
    [SMCCLC_CLC_PROPOSAL] = {52, SMCCLC_CLC_PROPOSAL_MAX_LEN},
    [SMCCLC_CLC_ACCEPT] = {48, SMCCLC_CLC_MAX_LEN},
    [SMCCLC_CLC_CONFIRM] = {48, SMCCLC_CLC_MAX_LEN},
    [SMCCLC_CLC_DECLINE] = {SMCCLC_CLC_MIN_LEN, 44},
};

/* Byte i of a header that is still possible; byte 3 tells SMC-R from SMC-D. */
static bool header_byte_ok(size_t i, uint8_t b)
{
    if (i < 4)
        return b == SMCCLC_BE32_BYTE(SMCCLC_EYECATCHER_R, i) ||
               b == SMCCLC_BE32_BYTE(SMCCLC_EYECATCHER_D, i);
    if (i == 4)
        return b >= SMCCLC_CLC_PROPOSAL && b <= SMCCLC_CLC_DECLINE;
    return true;
}

enum smcclc_frame_status smcclc_clc_frame(const uint8_t *buf, size_t len, unsigned flags,
                                          size_t *pdu_len)
{
    bool strict = (flags & SMCCLC_FRAME_STRICT) != 0;
    size_t i, have = len < SMCCLC_CLC_HEADER_LEN ? len : SMCCLC_CLC_HEADER_LEN;
    size_t dummy;
    uint16_t length;
    uint8_t type;

    if (pdu_len == NULL)
        pdu_len = &dummy;
    *pdu_len = 0;
    if (buf == NULL && len > 0)
        return SMCCLC_FRAME_NOT_CLC;

    for (i = 0; i < have; i++)
        if (!header_byte_ok(i, buf[i]))
            return SMCCLC_FRAME_NOT_CLC;

    if (strict) {
        /* A heuristic sees arbitrary payload: every byte that can refute must. */
        if (have >= 7) {
            length = (uint16_t)(buf[5] << 8 | buf[6]);
            type = buf[4];
            if (length < strict_len[type].min || length > strict_len[type].max)
                return SMCCLC_FRAME_NOT_CLC;
        }
        if (have >= 8 && (buf[7] >> 4 < 1 || buf[7] >> 4 > 2))
            return SMCCLC_FRAME_NOT_CLC;
    }

    if (have < SMCCLC_CLC_HEADER_LEN) {
        *pdu_len = SMCCLC_CLC_HEADER_LEN;
        return SMCCLC_FRAME_NEED_MORE;
    }

    length = (uint16_t)(buf[5] << 8 | buf[6]);
    if (length < SMCCLC_CLC_HEADER_LEN + SMCCLC_CLC_TRAILER_LEN) {
        /* The stream cannot be resynchronised from a length that does not
         * cover its own header and trailer; let the caller skip the header. */
        *pdu_len = SMCCLC_CLC_HEADER_LEN;
        return SMCCLC_FRAME_BAD_LENGTH;
    }
    *pdu_len = length;
    return SMCCLC_FRAME_OK;
}
