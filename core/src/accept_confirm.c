/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: CLC Accept (type 2) and Confirm (type 3), SMC-R and SMC-D, v1 and v2
 *
 * docs/protocol.md, "Accept and Confirm"; Linux builds both in
 * smc_clc_send_confirm_accept() (net/smc/smc_clc.c). Byte 7: version 0xF0, first contact 0x08,
 * reserved 0x04, chosen type 0x03 (0 SMC-R, 1 SMC-D) selects the body.
 *
 * SMC-R (chosen type 0):
 *   8 peer ID (8)   16 RoCE GID (16)   32 RoCE MAC (6)   38 QPN (3)
 *  41 RMB rkey (4)  45 RMBE idx (1)    46 alert token (4)
 *  50 RMBE size 0xF0 | QP MTU 0x0F     51 reserved (1)   52 RMB vaddr (8)
 *  60 reserved (1)  61 PSN (3)         64 v1: trailer, length 68
 *  v2: 64 EID (32)  96 reserved (8)   104 trailer (length 108) or, with first
 *      contact, the 52-byte FCE at 104; a Confirm then has the GID-list
 *      header at 156 (count, 3 reserved) and count x 16-byte GIDs at 160.
 *
 * SMC-D (chosen type 1):
 *   8 ISM GID (8)   16 DMB token (8)   24 DMBE idx (1)   25 DMBE size 0xF0
 *  26 reserved (2)  28 link ID (4)     32 v1: reserved (12), trailer at 44
 *  v2: 32 CHID (2)  34 EID (32)  66 GID extension (8)  74 trailer (length 78)
 *      or, with first contact, the FCE at 74: 36 bytes at release 0, 52 at
 *      release >= 1 (its own release nibble at byte 75 decides).
 *
 * First-contact extension (FCE), relative:
 *   0 v2_direct 0x80 (SMC-R; reserved for SMC-D) | reserved 0x7F
 *   1 OS type 0xF0 | release 0x0F      2 reserved (2)    4 host name (32)
 *  36 max conns (1)  37 max links (1)  38 feature mask (2)
 *  40 vendor experimental options (4)  44 reserved (8)   -- the 36..51 tail
 *     exists for SMC-R always (reserved before release 1) and for SMC-D only
 *     at release >= 1, where 36..37 stay reserved.
 *
 * Linux checks only the chosen type and the length (exact for v1, a minimum
 * for v2); it reads the FCE and the GID list without checking that they fit.
 * Here every field is decoded only when it lies before the trailer, so a
 * short message yields the fields that fit plus an anomaly, never a read of
 * the trailer or past the length.
 */
#include "decode_internal.h"

#define AC_R_V1_LEN 68
#define AC_D_V1_LEN 48
#define AC_R_V2_MIN 108
#define AC_D_V2_MIN 78
#define AC_R_V1_END 64
#define AC_D_V1_END 32
#define AC_R_FCE 104
#define AC_D_FCE 74
#define AC_D_FCE_RELEASE 75
#define FCE_V20_LEN 36
#define FCE_V21_LEN 52
#define AC_R_GID_HDR 156
#define AC_R_GID_LIST 160
#define GID_ENTRY_LEN 16
#define EID_LEN 32

static size_t body_end(const struct smcclc_decoder *d)
{
    return d->cur.len - SMCCLC_CLC_TRAILER_LEN;
}

static uint64_t field_u(struct smcclc_decoder *d, enum smcclc_field id, size_t off)
{
    if (!smcclc_dec_in_body(d, off, smcclc_field_table[id].size))
        return 0;
    return smcclc_dec_uint(d, id, off);
}

static const uint8_t *field_b(struct smcclc_decoder *d, enum smcclc_field id, size_t off)
{
    if (!smcclc_dec_in_body(d, off, smcclc_field_table[id].size))
        return NULL;
    return smcclc_dec_bytes(d, id, off, 0);
}

static void reserved(struct smcclc_decoder *d, size_t off, size_t len)
{
    if (smcclc_dec_in_body(d, off, len))
        smcclc_dec_reserved(d, off, len);
}

static void reserved_bits(struct smcclc_decoder *d, size_t off, uint8_t mask)
{
    if (smcclc_dec_in_body(d, off, 1))
        smcclc_dec_reserved_bits(d, off, mask);
}

static bool eid_char_ok(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/*
 * Linux accepts a UEID only as upper-case letters, digits, '.' and '-',
 * starting with a letter or digit, padded with blanks. An all-zero or
 * all-blank field means "no EID" (v1-style) and is fine.
 */
static void decode_eid(struct smcclc_decoder *d, size_t off)
{
    const uint8_t *p = field_b(d, SMCCLC_F_EID, off);
    size_t end = EID_LEN, i;

    if (p == NULL)
        return;
    while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == 0))
        end--;
    if (end == 0)
        return;
    if (p[0] == '.' || p[0] == '-') {
        smcclc_dec_anomaly(d, SMCCLC_ANOM_EID_CHARSET, off, EID_LEN);
        return;
    }
    for (i = 0; i < end; i++) {
        if (!eid_char_ok(p[i])) {
            smcclc_dec_anomaly(d, SMCCLC_ANOM_EID_CHARSET, off, EID_LEN);
            return;
        }
    }
}

static void length_anomaly(struct smcclc_decoder *d, enum smcclc_anomaly id)
{
    smcclc_dec_anomaly(d, id, 5, 2);
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
    unsigned release = 0;

    if (shown == 0)
        return;
    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_FCE, f, shown, 0);
    if (smcd) {
        /* v2_direct describes IP routing between RoCE ports: meaningless for ISM. */
        reserved_bits(d, f, 0xFF);
    } else {
        (void)field_u(d, SMCCLC_F_FCE_V2_DIRECT, f);
        reserved_bits(d, f, 0x7F);
    }
    if (smcclc_dec_have(d, f + 1, 1)) {
        unsigned os = (unsigned)smcclc_dec_uint(d, SMCCLC_F_FCE_OS_TYPE, f + 1);

        release = (unsigned)smcclc_dec_uint(d, SMCCLC_F_FCE_RELEASE, f + 1);
        m->os_type = (uint8_t)os;
        m->release = (uint8_t)release;
        if (smcclc_val_lookup(SMCCLC_VALS_OS, os) == NULL)
            smcclc_dec_anomaly(d, SMCCLC_ANOM_OS_UNKNOWN, f + 1, 1);
        if (release > 1)
            smcclc_dec_anomaly(d, SMCCLC_ANOM_RELEASE_UNKNOWN, f + 1, 1);
    }
    reserved(d, f + 2, 2);
    (void)field_b(d, SMCCLC_F_FCE_HOSTNAME, f + 4);

    if (size > FCE_V20_LEN) {
        if (release >= 1) {
            /* SMC-D negotiates no link limits: Linux leaves them zero. */
            if (smcd) {
                reserved(d, f + 36, 2);
            } else {
                m->max_conns = (uint8_t)field_u(d, SMCCLC_F_FCE_MAX_CONNS, f + 36);
                m->max_links = (uint8_t)field_u(d, SMCCLC_F_FCE_MAX_LINKS, f + 37);
            }
            m->feature_mask = (uint16_t)field_u(d, SMCCLC_F_FCE_FEATURE_MASK, f + 38);
            (void)field_u(d, SMCCLC_F_FCE_VENDOR_EXP_OPTIONS, f + 40);
            reserved(d, f + 44, 8);
        } else {
            /* v2.0 SMC-R senders had 16 reserved bytes where v2.1 put its tail. */
            reserved(d, f + 36, 16);
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
    unsigned count;

    if (!smcclc_dec_in_body(d, AC_R_GID_HDR, 1))
        return AC_R_GID_HDR;
    if (!smcclc_dec_have(d, AC_R_GID_HDR, 1))
        return 0;
    count = (unsigned)smcclc_dec_uint(d, SMCCLC_F_GID_LIST_COUNT, AC_R_GID_HDR);
    d->msg->gid_list_count = (uint8_t)count;
    reserved(d, AC_R_GID_HDR + 1, 3);

    fit = body > AC_R_GID_LIST ? (body - AC_R_GID_LIST) / GID_ENTRY_LEN : 0;
    n = count;
    if (n > fit) {
        /* Linux never checks the count; a bad one must not walk off the message. */
        smcclc_dec_anomaly(d, SMCCLC_ANOM_AC_GID_LIST_COUNT, AC_R_GID_HDR, 1);
        n = fit;
    }
    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_GID_LIST, AC_R_GID_LIST, n * GID_ENTRY_LEN,
                     (unsigned)n);
    for (size_t i = 0; i < n; i++)
        (void)field_b(d, SMCCLC_F_GID_LIST_ENTRY, AC_R_GID_LIST + i * GID_ENTRY_LEN);
    smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_GID_LIST, AC_R_GID_LIST, n * GID_ENTRY_LEN,
                     (unsigned)n);
    return AC_R_GID_LIST + (size_t)count * GID_ENTRY_LEN;
}

static void decode_smcr(struct smcclc_decoder *d, unsigned version, bool fc)
{
    struct smcclc_clc_msg *m = d->msg;
    size_t len = d->cur.len, end;

    if (version == 1 ? len != AC_R_V1_LEN : len < AC_R_V2_MIN)
        length_anomaly(d, SMCCLC_ANOM_AC_LENGTH);

    (void)field_b(d, SMCCLC_F_PEER_ID, 8);
    (void)field_b(d, SMCCLC_F_GID, 16);
    (void)field_b(d, SMCCLC_F_MAC, 32);
    m->qpn = (uint32_t)field_u(d, SMCCLC_F_QPN, 38);
    (void)field_u(d, SMCCLC_F_RMB_RKEY, 41);
    (void)field_u(d, SMCCLC_F_RMBE_IDX, 45);
    (void)field_u(d, SMCCLC_F_RMBE_ALERT_TOKEN, 46);
    if (smcclc_dec_have(d, 50, 1)) {
        unsigned size = (unsigned)smcclc_dec_uint(d, SMCCLC_F_RMBE_SIZE, 50);
        unsigned mtu, mtu_bytes;

        smcclc_dec_derived(d, SMCCLC_F_RMBE_SIZE_BYTES, 50, 1, smcclc_buf_size_bytes(size));
        mtu = (unsigned)smcclc_dec_uint(d, SMCCLC_F_QP_MTU, 50);
        mtu_bytes = smcclc_qp_mtu_bytes(mtu);
        /* No byte count for a code that has none; the anomaly says why. */
        if (mtu_bytes != 0)
            smcclc_dec_derived(d, SMCCLC_F_QP_MTU_BYTES, 50, 1, mtu_bytes);
        else
            smcclc_dec_anomaly(d, SMCCLC_ANOM_QP_MTU_INVALID, 50, 1);
        m->rmbe_size = (uint8_t)size;
        m->qp_mtu = (uint8_t)mtu;
    }
    reserved(d, 51, 1);
    (void)field_u(d, SMCCLC_F_RMB_VADDR, 52);
    reserved(d, 60, 1);
    (void)field_u(d, SMCCLC_F_PSN, 61);

    if (version == 1) {
        smcclc_dec_extra(d, AC_R_V1_END);
        return;
    }
    decode_eid(d, 64);
    reserved(d, 96, 8);
    end = AC_R_FCE;
    if (fc) {
        bool confirm = m->type == SMCCLC_CLC_CONFIRM;
        size_t need = AC_R_FCE + FCE_V21_LEN + (confirm ? 4u : 0u) + SMCCLC_CLC_TRAILER_LEN;

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
    unsigned release = 0;

    if (version == 1 ? len != AC_D_V1_LEN : len < AC_D_V2_MIN)
        length_anomaly(d, SMCCLC_ANOM_AC_LENGTH);

    (void)field_u(d, SMCCLC_F_ISM_GID, 8);
    (void)field_u(d, SMCCLC_F_DMB_TOKEN, 16);
    (void)field_u(d, SMCCLC_F_DMBE_IDX, 24);
    if (smcclc_dec_have(d, 25, 1)) {
        unsigned code = (unsigned)smcclc_dec_uint(d, SMCCLC_F_DMBE_SIZE, 25);

        smcclc_dec_derived(d, SMCCLC_F_DMBE_SIZE_BYTES, 25, 1, smcclc_buf_size_bytes(code));
        smcclc_dec_reserved_bits(d, 25, 0x0F);
        m->rmbe_size = (uint8_t)code;
    }
    reserved(d, 26, 2);
    (void)field_u(d, SMCCLC_F_LINK_ID, 28);

    if (version == 1) {
        reserved(d, AC_D_V1_END, 12);
        smcclc_dec_extra(d, AC_D_V1_END + 12);
        return;
    }
    m->ism_chid = (uint16_t)field_u(d, SMCCLC_F_ISM_CHID, 32);
    decode_eid(d, 34);
    (void)field_u(d, SMCCLC_F_ISM_GID_EXT, 66);
    if (!fc) {
        smcclc_dec_extra(d, AC_D_FCE);
        return;
    }

    if (!smcclc_dec_in_body(d, AC_D_FCE_RELEASE, 1)) {
        /* Not even the release fits: no FCE size to go by. */
        length_anomaly(d, SMCCLC_ANOM_AC_FCE_MISSING);
        decode_fce(d, AC_D_FCE, true, FCE_V20_LEN);
        return;
    }
    if (!smcclc_dec_have(d, AC_D_FCE_RELEASE, 1)) {
        /* Cut by snaplen before the release: only the smallest FCE is certain. */
        if (len < AC_D_FCE + FCE_V20_LEN + SMCCLC_CLC_TRAILER_LEN)
            length_anomaly(d, SMCCLC_ANOM_AC_FCE_MISSING);
        decode_fce(d, AC_D_FCE, true, FCE_V20_LEN);
        return;
    }
    release = smcclc_cur_u8(&d->cur, AC_D_FCE_RELEASE) & 0x0Fu;
    size = release >= 1 ? FCE_V21_LEN : FCE_V20_LEN;
    if (len < AC_D_FCE + size + SMCCLC_CLC_TRAILER_LEN)
        length_anomaly(d, SMCCLC_ANOM_AC_FCE_MISSING);
    decode_fce(d, AC_D_FCE, true, size);
    smcclc_dec_extra(d, AC_D_FCE + size);
}

void smcclc_decode_accept_confirm(struct smcclc_decoder *d)
{
    struct smcclc_clc_msg *m = d->msg;
    unsigned chosen = d->byte7 & 0x03u;
    bool fc = (d->byte7 & 0x08u) != 0;

    m->chosen_type = (uint8_t)chosen;
    m->first_contact = fc;
    (void)smcclc_dec_uint(d, SMCCLC_F_FIRST_CONTACT, 7);
    smcclc_dec_reserved_bits(d, 7, 0x04);
    (void)smcclc_dec_uint(d, SMCCLC_F_CHOSEN_TYPE, 7);

    if (chosen != SMCCLC_TYPE_R && chosen != SMCCLC_TYPE_D) {
        /* No layout to follow: Linux rejects it, we only show the bytes. */
        smcclc_dec_anomaly(d, SMCCLC_ANOM_AC_CHOSEN_TYPE, 7, 1);
        smcclc_dec_extra(d, SMCCLC_CLC_HEADER_LEN);
        return;
    }
    if (m->eyecatcher != chosen)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_EYECATCHER_UNEXPECTED, 0, 4);

    if (chosen == SMCCLC_TYPE_R)
        decode_smcr(d, smcclc_dec_effective_version(d), fc);
    else
        decode_smcd(d, smcclc_dec_effective_version(d), fc);
}
