/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: CLC Accept (type 2) and Confirm (type 3), SMC-R and SMC-D, v1 and v2
 *
 * Linux builds both in smc_clc_send_confirm_accept() (net/smc/smc_clc.c).
 * Byte 7's chosen type (0 SMC-R, 1 SMC-D) and the version select the body;
 * first contact adds the first-contact extension (FCE) to a v2 body:
 *
 *   SMC-R  header | ACCEPT_R 8..63 (v1 ends) 64..103 (v2) | FCE, 52 bytes
 *          | Confirm only: GID_LIST_HEADER, count x GID_LIST_ENTRY
 *   SMC-D  header | ACCEPT_D 8..31, then 12 reserved bytes (v1) or
 *          32..73 (v2) | FCE, 36 bytes at release 0, 52 from release 1
 *
 * The places of the fields are rows of SMCCLC_LAYOUT_LIST (tables.h), drawn
 * in docs/protocol.md, "Accept and Confirm", and checked against it there.
 *
 * Linux checks only the chosen type and the length (exact for v1, a minimum
 * for v2; smc_clc_msg_acc_conf_valid()); it reads the FCE and the GID list
 * without checking that they fit. Here every field is decoded only when it
 * lies before the trailer, so a short message yields the fields that fit plus
 * an anomaly, never a read of the trailer or past the length.
 */
#include "decode_internal.h"

#define AC_R_V1_LEN 68
#define AC_D_V1_LEN 48
#define AC_R_V2_MIN 108
#define AC_D_V2_MIN 78
/* Where the v1 fields end, the v2 ones begin. */
#define AC_R_V1_END 64
#define AC_D_V1_END 32
/* The fixed parts of the v2 bodies, after which the FCE starts. */
#define AC_R_FCE SMCCLC_REG_SIZE_ACCEPT_R
#define AC_D_FCE SMCCLC_REG_SIZE_ACCEPT_D
/* SMC-D sizes its FCE by the FCE's own release: 36 bytes at v2.0, 52 from v2.1. */
#define FCE_V20_LEN 36
#define FCE_V21_LEN SMCCLC_REG_SIZE_FCE
/* An SMC-R first-contact Confirm: the GID-list header after the FCE, then its entries. */
#define AC_R_GID_HDR (AC_R_FCE + FCE_V21_LEN)
#define AC_R_GID_LIST (AC_R_GID_HDR + SMCCLC_REG_SIZE_GID_LIST_HEADER)
#define GID_LIST_ENTRY_LEN SMCCLC_REG_SIZE_GID_LIST_ENTRY

static size_t body_end(const struct smcclc_decoder *d)
{
    return d->cur.len - SMCCLC_CLC_TRAILER_LEN;
}

static void length_anomaly(struct smcclc_decoder *d, enum smcclc_anomaly id)
{
    smcclc_rd_anomaly(d, id, SMCCLC_AT_HEADER_LENGTH, 0);
}

/*
 * The FCE at `f`, `size` bytes (36 or 52) as the layout says; fields past the
 * body are left out.
 */
static void decode_fce(struct smcclc_decoder *d, size_t f, bool smcd, size_t size)
{
    struct smcclc_clc_msg *m = d->msg;
    size_t body = body_end(d);
    size_t shown = f >= body ? 0 : (body - f < size ? body - f : size);
    uint64_t os, release = 0;

    if (shown == 0)
        return;
    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_FCE, f, shown, 0);
    if (smcd) {
        /* v2_direct describes IP routing between RoCE ports: meaningless for ISM. */
        smcclc_rd_reserved(d, SMCCLC_AT_FCE_SMCD_FLAG_BITS, f);
    } else {
        (void)smcclc_rd_uint(d, SMCCLC_AT_FCE_FCE_V2_DIRECT, f, NULL);
        smcclc_rd_reserved(d, SMCCLC_AT_FCE_SMCR_FLAG_BITS, f);
    }
    if (smcclc_rd_uint(d, SMCCLC_AT_FCE_FCE_OS_TYPE, f, &os)) {
        (void)smcclc_rd_uint(d, SMCCLC_AT_FCE_FCE_RELEASE, f, &release);
        m->os_type = (uint8_t)os;
        m->release = (uint8_t)release;
        if (smcclc_val_lookup(SMCCLC_VALS_OS, (uint32_t)os) == NULL)
            smcclc_rd_anomaly(d, SMCCLC_ANOM_OS_UNKNOWN, SMCCLC_AT_FCE_FCE_OS_TYPE, f);
        if (release > 1)
            smcclc_rd_anomaly(d, SMCCLC_ANOM_RELEASE_UNKNOWN, SMCCLC_AT_FCE_FCE_RELEASE, f);
    }
    smcclc_rd_reserved(d, SMCCLC_AT_FCE_RESERVED_2, f);
    (void)smcclc_rd_bytes(d, SMCCLC_AT_FCE_FCE_HOSTNAME, f);

    if (size > FCE_V20_LEN) {
        if (release >= 1) {
            /* SMC-D negotiates no link limits: Linux leaves them zero. */
            if (smcd) {
                smcclc_rd_reserved(d, SMCCLC_AT_FCE_SMCD_LIMITS_RESERVED, f);
            } else {
                m->max_conns = (uint8_t)smcclc_rd_val(d, SMCCLC_AT_FCE_FCE_MAX_CONNS, f);
                m->max_links = (uint8_t)smcclc_rd_val(d, SMCCLC_AT_FCE_FCE_MAX_LINKS, f);
            }
            m->feature_mask = (uint16_t)smcclc_rd_val(d, SMCCLC_AT_FCE_FCE_FEATURE_MASK, f);
            (void)smcclc_rd_uint(d, SMCCLC_AT_FCE_FCE_VENDOR_EXP_OPTIONS, f, NULL);
            smcclc_rd_reserved(d, SMCCLC_AT_FCE_RESERVED_44, f);
        } else {
            /* v2.0 SMC-R senders had 16 reserved bytes where v2.1 put its tail. */
            smcclc_rd_reserved(d, SMCCLC_AT_FCE_V20_TAIL_RESERVED, f);
        }
    }
    smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_FCE, f, shown, 0);
}

/*
 * SMC-R Confirm with first contact: the client's further RoCEv2 GIDs.
 * Returns where the known layout ends, or 0 when the count was not captured
 * and the end cannot be known.
 */
static size_t decode_gid_list(struct smcclc_decoder *d)
{
    size_t body = body_end(d), fit, n;
    uint64_t count;

    if (!smcclc_rd_in_body(d, SMCCLC_AT_GID_LIST_HEADER_GID_LIST_COUNT, AC_R_GID_HDR))
        return AC_R_GID_HDR;
    if (!smcclc_rd_uint(d, SMCCLC_AT_GID_LIST_HEADER_GID_LIST_COUNT, AC_R_GID_HDR, &count))
        return 0;
    d->msg->gid_list_count = (uint8_t)count;
    smcclc_rd_reserved(d, SMCCLC_AT_GID_LIST_HEADER_RESERVED_1, AC_R_GID_HDR);

    fit = body > AC_R_GID_LIST ? (body - AC_R_GID_LIST) / GID_LIST_ENTRY_LEN : 0;
    n = count;
    if (n > fit) {
        /* Linux never checks the count; a bad one must not walk off the message. */
        smcclc_rd_anomaly(d, SMCCLC_ANOM_AC_GID_LIST_COUNT,
                          SMCCLC_AT_GID_LIST_HEADER_GID_LIST_COUNT, AC_R_GID_HDR);
        n = fit;
    }
    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_GID_LIST, AC_R_GID_LIST,
                     n * GID_LIST_ENTRY_LEN, (unsigned)n);
    for (size_t i = 0; i < n; i++)
        (void)smcclc_rd_bytes(d, SMCCLC_AT_GID_LIST_ENTRY_GID_LIST_ENTRY,
                              AC_R_GID_LIST + i * GID_LIST_ENTRY_LEN);
    smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_GID_LIST, AC_R_GID_LIST,
                     n * GID_LIST_ENTRY_LEN, (unsigned)n);
    return AC_R_GID_LIST + (size_t)count * GID_LIST_ENTRY_LEN;
}

static void decode_smcr(struct smcclc_decoder *d, unsigned version, bool fc)
{
    struct smcclc_clc_msg *m = d->msg;
    size_t len = d->cur.len, end;
    uint64_t size, mtu;

    if (version == 1 ? len != AC_R_V1_LEN : len < AC_R_V2_MIN)
        length_anomaly(d, SMCCLC_ANOM_AC_LENGTH);

    (void)smcclc_rd_bytes(d, SMCCLC_AT_ACCEPT_R_PEER_ID, 0);
    (void)smcclc_rd_bytes(d, SMCCLC_AT_ACCEPT_R_GID, 0);
    (void)smcclc_rd_bytes(d, SMCCLC_AT_ACCEPT_R_MAC, 0);
    m->qpn = (uint32_t)smcclc_rd_val(d, SMCCLC_AT_ACCEPT_R_QPN, 0);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_R_RMB_RKEY, 0, NULL);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_R_RMBE_IDX, 0, NULL);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_R_RMBE_ALERT_TOKEN, 0, NULL);
    if (smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_R_RMBE_SIZE, 0, &size)) {
        const struct smcclc_place *pl = &smcclc_layout[SMCCLC_AT_ACCEPT_R_RMBE_SIZE];
        unsigned mtu_bytes;

        /* The derived values cover the byte they come from. */
        smcclc_dec_derived(d, SMCCLC_F_RMBE_SIZE_BYTES, pl->off, pl->size,
                           smcclc_buf_size_bytes((unsigned)size));
        (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_R_QP_MTU, 0, &mtu);
        mtu_bytes = smcclc_qp_mtu_bytes((unsigned)mtu);
        /* No byte count for a code that has none; the anomaly says why. */
        if (mtu_bytes != 0)
            smcclc_dec_derived(d, SMCCLC_F_QP_MTU_BYTES, pl->off, pl->size, mtu_bytes);
        else
            smcclc_rd_anomaly(d, SMCCLC_ANOM_QP_MTU_INVALID, SMCCLC_AT_ACCEPT_R_QP_MTU, 0);
        m->rmbe_size = (uint8_t)size;
        m->qp_mtu = (uint8_t)mtu;
    }
    smcclc_rd_reserved(d, SMCCLC_AT_ACCEPT_R_RESERVED_51, 0);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_R_RMB_VADDR, 0, NULL);
    smcclc_rd_reserved(d, SMCCLC_AT_ACCEPT_R_RESERVED_60, 0);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_R_PSN, 0, NULL);

    if (version == 1) {
        smcclc_dec_extra(d, AC_R_V1_END);
        return;
    }
    smcclc_rd_eid(d, SMCCLC_AT_ACCEPT_R_EID, 0);
    smcclc_rd_reserved(d, SMCCLC_AT_ACCEPT_R_RESERVED_96, 0);
    end = AC_R_FCE;
    if (fc) {
        bool confirm = m->type == SMCCLC_CLC_CONFIRM;
        size_t need = (confirm ? AC_R_GID_LIST : AC_R_FCE + FCE_V21_LEN) + SMCCLC_CLC_TRAILER_LEN;

        if (len < need)
            length_anomaly(d, SMCCLC_ANOM_AC_FCE_MISSING);
        /* SMC-R always sends the 52-byte form; the release only names the tail. */
        decode_fce(d, AC_R_FCE, false, FCE_V21_LEN);
        end = AC_R_FCE + FCE_V21_LEN;
        if (confirm)
            end = decode_gid_list(d);
    }
    if (end != 0)
        smcclc_dec_extra(d, end);
}

static void decode_smcd(struct smcclc_decoder *d, unsigned version, bool fc)
{
    struct smcclc_clc_msg *m = d->msg;
    size_t len = d->cur.len, size;
    uint64_t code;
    unsigned release = 0;

    if (version == 1 ? len != AC_D_V1_LEN : len < AC_D_V2_MIN)
        length_anomaly(d, SMCCLC_ANOM_AC_LENGTH);

    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_D_ISM_GID, 0, NULL);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_D_DMB_TOKEN, 0, NULL);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_D_DMBE_IDX, 0, NULL);
    if (smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_D_DMBE_SIZE, 0, &code)) {
        const struct smcclc_place *pl = &smcclc_layout[SMCCLC_AT_ACCEPT_D_DMBE_SIZE];

        smcclc_dec_derived(d, SMCCLC_F_DMBE_SIZE_BYTES, pl->off, pl->size,
                           smcclc_buf_size_bytes((unsigned)code));
        smcclc_rd_reserved(d, SMCCLC_AT_ACCEPT_D_DMBE_SIZE_BITS, 0);
        m->rmbe_size = (uint8_t)code;
    }
    smcclc_rd_reserved(d, SMCCLC_AT_ACCEPT_D_RESERVED_26, 0);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_D_LINK_ID, 0, NULL);

    if (version == 1) {
        smcclc_rd_reserved(d, SMCCLC_AT_ACCEPT_D_V1_RESERVED, 0);
        smcclc_dec_extra(d, AC_D_V1_LEN - SMCCLC_CLC_TRAILER_LEN);
        return;
    }
    m->ism_chid = (uint16_t)smcclc_rd_val(d, SMCCLC_AT_ACCEPT_D_ISM_CHID, 0);
    smcclc_rd_eid(d, SMCCLC_AT_ACCEPT_D_EID, 0);
    (void)smcclc_rd_uint(d, SMCCLC_AT_ACCEPT_D_ISM_GID_EXT, 0, NULL);
    if (!fc) {
        smcclc_dec_extra(d, AC_D_FCE);
        return;
    }

    if (!smcclc_rd_in_body(d, SMCCLC_AT_FCE_FCE_RELEASE, AC_D_FCE)) {
        /* Not even the release fits: no FCE size to go by. */
        length_anomaly(d, SMCCLC_ANOM_AC_FCE_MISSING);
        decode_fce(d, AC_D_FCE, true, FCE_V20_LEN);
        return;
    }
    if (!smcclc_rd_peek(d, SMCCLC_AT_FCE_FCE_RELEASE, AC_D_FCE, &release)) {
        /* Cut by snaplen before the release: only the smallest FCE is certain. */
        if (len < AC_D_FCE + FCE_V20_LEN + SMCCLC_CLC_TRAILER_LEN)
            length_anomaly(d, SMCCLC_ANOM_AC_FCE_MISSING);
        decode_fce(d, AC_D_FCE, true, FCE_V20_LEN);
        return;
    }
    size = release >= 1 ? FCE_V21_LEN : FCE_V20_LEN;
    if (len < AC_D_FCE + size + SMCCLC_CLC_TRAILER_LEN)
        length_anomaly(d, SMCCLC_ANOM_AC_FCE_MISSING);
    decode_fce(d, AC_D_FCE, true, size);
    smcclc_dec_extra(d, AC_D_FCE + size);
}

void smcclc_decode_accept_confirm(struct smcclc_decoder *d)
{
    struct smcclc_clc_msg *m = d->msg;
    unsigned chosen = smcclc_byte7_value(d, SMCCLC_AT_HEADER_CHOSEN_TYPE);
    bool fc = smcclc_byte7_value(d, SMCCLC_AT_HEADER_FIRST_CONTACT) != 0;

    m->chosen_type = (uint8_t)chosen;
    m->first_contact = fc;
    (void)smcclc_rd_uint(d, SMCCLC_AT_HEADER_FIRST_CONTACT, 0, NULL);
    smcclc_rd_reserved(d, SMCCLC_AT_HEADER_AC_BITS, 0);
    (void)smcclc_rd_uint(d, SMCCLC_AT_HEADER_CHOSEN_TYPE, 0, NULL);

    if (chosen != SMCCLC_TYPE_R && chosen != SMCCLC_TYPE_D) {
        /* No layout to follow: Linux rejects it, we only show the bytes. */
        smcclc_rd_anomaly(d, SMCCLC_ANOM_AC_CHOSEN_TYPE, SMCCLC_AT_HEADER_CHOSEN_TYPE, 0);
        smcclc_dec_extra(d, SMCCLC_CLC_HEADER_LEN);
        return;
    }
    if (m->eyecatcher != chosen)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_EYECATCHER_UNEXPECTED, SMCCLC_AT_HEADER_SMC, 0);

    if (chosen == SMCCLC_TYPE_R)
        decode_smcr(d, smcclc_dec_effective_version(d), fc);
    else
        decode_smcd(d, smcclc_dec_effective_version(d), fc);
}
