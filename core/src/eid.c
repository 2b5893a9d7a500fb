/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: the EID rule shared by the Proposal's UEID list and the EID of
 * an SMC v2 Accept or Confirm
 *
 * Linux takes a user EID only if smc_clc_ueid_valid() (net/smc/smc_clc.c)
 * passes it: trailing white space is padding, what is left must be non-empty,
 * start with a digit or an upper-case letter, and hold only those, '.' and
 * '-'. smcr ueid (smc-tools) pads with blanks, and Linux compares EIDs with a
 * 32-byte memcmp (smc_clc_match_eid), so a NUL-padded or empty EID can never
 * match one configured on a Linux peer: it is flagged like any other
 * character Linux refuses. The EID of an Accept or Confirm is the one the
 * server matched (a UEID, or the system EID, which obeys the same rule), so
 * it is held to the same rule. Linux's ctype is Latin-1, under which a few
 * letters above 0x7F would pass; no Linux tool can enter them, and we flag
 * them.
 */
#include "decode_internal.h"

static bool eid_space(uint8_t c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool eid_alnum(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

size_t smcclc_eid_bad_at(const uint8_t *eid, size_t len)
{
    size_t end = len, i;

    while (end > 0 && eid_space(eid[end - 1]))
        end--;
    if (end == 0 || !eid_alnum(eid[0]))
        return 0;
    for (i = 1; i < end; i++)
        if (!eid_alnum(eid[i]) && eid[i] != '.' && eid[i] != '-')
            return i;
    return len;
}

void smcclc_rd_eid(struct smcclc_decoder *d, enum smcclc_at at, size_t base)
{
    size_t len = smcclc_layout[at].size, off = smcclc_at_off(at, base), bad;
    const uint8_t *eid = smcclc_rd_bytes(d, at, base);

    if (eid == NULL)
        return;
    /* From the first byte Linux refuses to the end: that is what to look at. */
    bad = smcclc_eid_bad_at(eid, len);
    if (bad < len)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_EID_CHARSET, off + bad, len - bad);
}
