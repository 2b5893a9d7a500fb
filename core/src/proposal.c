/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: CLC Proposal: follows iparea_offset, v2_ext_offset and
 * smcd_v2_ext_offset to decode every region, and reports each rule of the
 * Linux receiver that the message breaks
 *
 * docs/protocol.md, "Validation rules", says what a Linux receiver rejects
 * (smc_clc_msg_prop_valid() in net/smc/smc_clc.c). The regions, each placed
 * by an offset that counts from the byte after its own field (docs/protocol.md,
 * "Part map and offset arithmetic"):
 *
 *   0     PROPOSAL base (40 bytes), then the SMC-D / v2 area (40..79):
 *         present from version 2, and in v1 when iparea_offset is 40
 *   X     IP_AREA + n6 x IPV6_PREFIX     X = 40 + iparea_offset
 *   V     V2_EXT + ne x EID_ENTRY        V = 52 + v2_ext_offset
 *   S     SMCD_V2_EXT + ng x ISM_DEVICE  S = V + 8 + smcd_v2_ext_offset
 *   L-4   trailer (decode.c)
 *
 * The places of the fields are rows of SMCCLC_LAYOUT_LIST (tables.h), drawn
 * in docs/protocol.md, "Proposal", and checked against it there. Linux sends
 * the regions back to back (its length check, smc_clc_msg_prop_valid(), adds
 * up the counts and ignores the offsets); a dissector must still follow the
 * offsets, because RFC 7609 senders put the prefix area at 40
 * (iparea_offset 0) and other stacks may leave gaps.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode_internal.h"

/*
 * The region sizes of the part map (docs/protocol.md), from the layout table.
 * Its PROPOSAL region holds the base and the SMC-D / v2 area, which starts
 * with the native ISM GID.
 */
#define BASE_LEN 40
#define SMCD_AREA_OFF BASE_LEN
#define SMCD_AREA_LEN (SMCCLC_REG_SIZE_PROPOSAL - BASE_LEN)
#define IP_AREA_LEN SMCCLC_REG_SIZE_IP_AREA
#define IPV6_ENTRY_LEN SMCCLC_REG_SIZE_IPV6_PREFIX
#define V2_EXT_LEN SMCCLC_REG_SIZE_V2_EXT
#define EID_LEN SMCCLC_REG_SIZE_EID_ENTRY
#define SMCD_V2_EXT_LEN SMCCLC_REG_SIZE_SMCD_V2_EXT
/* One ISMv2 device of the SMC-Dv2 extension: GID (8) and CHID (2). */
#define ISM_DEVICE_ENTRY_LEN SMCCLC_REG_SIZE_ISM_DEVICE

/* The receiver's limits (docs/protocol.md, "Validation rules"): what fits its 652-byte buffer. */
#define MAX_IPAREA_OFFSET 40
#define MAX_IPV6_PREFIXES 8
#define MAX_V2_EXT_OFFSET 172
#define MAX_EIDS 8
#define MAX_GID_ENTRIES 8
#define MAX_SMCD_V2_EXT_OFFSET 288

/* Emulated-ISM CHIDs (Linux 6.8+): a 128-bit GID takes two entries. */
#define EMULATED_CHID_MIN 0xFF00u

enum prop_region { REG_BASE, REG_SMCD_AREA, REG_IP_AREA, REG_V2_EXT, REG_SMCD_V2_EXT, REG_COUNT };

struct prop_region_at {
    bool present;
    size_t off, len; /* len as the counts say, before clamping to the body */
};

/* What the region decoders learn and the final checks need. */
struct prop {
    unsigned version; /* 1, or 2 for every version >= 2 (Linux's reading) */
    unsigned t1, t2;
    size_t body; /* bytes before the trailer */
    /*
     * A value that places or sizes a region lies in the body but was not
     * captured: checks that need the whole layout are skipped.
     */
    bool blind;
    bool have_ipoff;
    unsigned ipoff;
    bool have_n6; /* n6 as Linux reads it, at 40 + ipoff + 7 */
    unsigned n6;
    bool have_v2off;
    unsigned v2off;
    unsigned n_eid, n_gid; /* 0 when outside the body, as in Linux's zeroed buffer */
    bool have_sdoff;
    unsigned sdoff;
    struct prop_region_at reg[REG_COUNT];
};

static bool includes_d(unsigned t)
{
    return t == SMCCLC_TYPE_D || t == SMCCLC_TYPE_B;
}

/* Where a region placed by the offset field at `at` starts: offsets count
 * from the byte right after their own field. */
static size_t after(enum smcclc_at at, size_t base)
{
    return smcclc_at_off(at, base) + smcclc_layout[at].size;
}

/*
 * Read and report a value that places or sizes a region. Outside the body it
 * counts as 0, which is what Linux finds in its zero-filled receive buffer;
 * inside the body but not captured, the layout becomes unknown.
 */
static bool layout_u(struct smcclc_decoder *d, struct prop *p, enum smcclc_at at, size_t base,
                     unsigned *v)
{
    uint64_t u;

    if (smcclc_rd_uint(d, at, base, &u)) {
        *v = (unsigned)u;
        return true;
    }
    *v = 0;
    if (smcclc_rd_in_body(d, at, base))
        p->blind = true;
    return false;
}

/*
 * Check a region's fixed part against the body. When it does not fit,
 * PROP_REGION_OUTSIDE goes to the field that placed it (an offset field, or
 * the length field for regions at fixed offsets), and the caller still
 * decodes whatever fields do fit.
 */
static void check_fits(struct smcclc_decoder *d, const struct prop *p, size_t off, size_t len,
                       enum smcclc_at anchor, size_t anchor_base)
{
    if (off <= p->body && len <= p->body - off)
        return;
    smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_REGION_OUTSIDE, anchor, anchor_base);
}

/*
 * How many of `count` entries of `size` bytes at `off` can be decoded: those
 * inside the body and captured. When the counted entries run past the body,
 * the count field (place `count_at` of the region at `count_base`) gets the
 * blame.
 */
static unsigned list_fit(struct smcclc_decoder *d, const struct prop *p, size_t off, unsigned count,
                         size_t size, enum smcclc_at count_at, size_t count_base)
{
    size_t in_body = off <= p->body ? p->body - off : 0;
    size_t limit = d->cur.avail < p->body ? d->cur.avail : p->body;
    size_t room = off <= limit ? limit - off : 0;
    size_t n = room / size;

    if ((size_t)count * size > in_body)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_REGION_OUTSIDE, count_at, count_base);
    return (unsigned)(n < count ? n : count);
}

/* A count that sizes a region, read ahead so the section can announce its length. */
static unsigned peek_count(struct smcclc_decoder *d, enum smcclc_at at, size_t base)
{
    unsigned v;

    (void)smcclc_rd_peek(d, at, base, &v);
    return v;
}

static void section_begin(struct smcclc_decoder *d, const struct prop *p, enum smcclc_group g,
                          size_t off, size_t len)
{
    if (off + len > p->body)
        len = p->body - off;
    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, g, off, len, 0);
}

static void section_end(struct smcclc_decoder *d, const struct prop *p, enum smcclc_group g,
                        size_t off, size_t len)
{
    if (off + len > p->body)
        len = p->body - off;
    smcclc_dec_group(d, SMCCLC_GROUP_END, g, off, len, 0);
}

/* Byte 7: version (decode.c), typev2, typev1. docs/protocol.md, "Common header". */
static void decode_types(struct smcclc_decoder *d, struct prop *p)
{
    struct smcclc_clc_msg *m = d->msg;

    p->version = smcclc_dec_effective_version(d);
    p->t1 = smcclc_byte7_value(d, SMCCLC_AT_HEADER_TYPEV1);
    if (p->version >= 2) {
        p->t2 = smcclc_byte7_value(d, SMCCLC_AT_HEADER_TYPEV2);
        (void)smcclc_rd_uint(d, SMCCLC_AT_HEADER_TYPEV2, 0, NULL);
    } else {
        /*
         * A v1 header has no typev2: 0x08 was the generic flag (unused in a
         * Proposal) and 0x04 reserved. Reading them as typev2 would claim
         * that a 2017 SMC-R peer offered SMC-Rv2.
         */
        p->t2 = SMCCLC_TYPE_N;
        smcclc_rd_reserved(d, SMCCLC_AT_HEADER_PROP_V1_BITS, 0);
    }
    (void)smcclc_rd_uint(d, SMCCLC_AT_HEADER_TYPEV1, 0, NULL);
    m->typev1 = (uint8_t)p->t1;
    m->typev2 = (uint8_t)p->t2;

    if (m->eyecatcher != SMCCLC_TYPE_R) /* Linux sends SMCR even for SMC-D-only offers */
        smcclc_rd_anomaly(d, SMCCLC_ANOM_EYECATCHER_UNEXPECTED, SMCCLC_AT_HEADER_SMC, 0);
    if (p->version == 1 && p->t1 == SMCCLC_TYPE_N)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_V1_TYPE_NONE, SMCCLC_AT_HEADER_TYPEV1, 0);
    else if (p->t1 == SMCCLC_TYPE_N && p->t2 == SMCCLC_TYPE_N)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_NO_TYPES, SMCCLC_AT_HEADER_TYPEV1, 0);
}

/* Base, 8..39: the SMC-R v1 "local" block and iparea_offset. docs/protocol.md, "Base". */
static void decode_base(struct smcclc_decoder *d, struct prop *p)
{
    p->reg[REG_BASE].present = true;
    p->reg[REG_BASE].off = 0;
    p->reg[REG_BASE].len = BASE_LEN;
    check_fits(d, p, 0, BASE_LEN, SMCCLC_AT_HEADER_LENGTH, 0);

    (void)smcclc_rd_bytes(d, SMCCLC_AT_PROPOSAL_PEER_ID, 0);
    (void)smcclc_rd_bytes(d, SMCCLC_AT_PROPOSAL_GID, 0);
    (void)smcclc_rd_bytes(d, SMCCLC_AT_PROPOSAL_MAC, 0);
    p->have_ipoff = layout_u(d, p, SMCCLC_AT_PROPOSAL_IPAREA_OFFSET, 0, &p->ipoff);
    if (p->have_ipoff && p->ipoff > MAX_IPAREA_OFFSET)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_IPAREA_OFFSET, SMCCLC_AT_PROPOSAL_IPAREA_OFFSET, 0);
    /* Linux finds no SMC-D area then, whatever the version (smc_get_clc_msg_smcd()). */
    if (p->have_ipoff && includes_d(p->t1) && p->ipoff != SMCD_AREA_LEN)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_IPAREA_OFFSET_SMCD, SMCCLC_AT_PROPOSAL_IPAREA_OFFSET,
                          0);
}

/*
 * SMC-D / v2 area, 40..79 (docs/protocol.md, "SMC-D / v2 area"). Version 2 receivers assume it is
 * there whatever iparea_offset says; a v1 Proposal has it only with offset 40.
 */
static void decode_smcd_area(struct smcclc_decoder *d, struct prop *p)
{
    const size_t a = SMCD_AREA_OFF;

    if (p->version == 1 && !(p->have_ipoff && p->ipoff == SMCD_AREA_LEN))
        return;
    p->reg[REG_SMCD_AREA].present = true;
    p->reg[REG_SMCD_AREA].off = a;
    p->reg[REG_SMCD_AREA].len = SMCD_AREA_LEN;
    check_fits(d, p, a, SMCD_AREA_LEN, SMCCLC_AT_HEADER_LENGTH, 0);
    if (a >= p->body)
        return;

    section_begin(d, p, SMCCLC_GROUP_SMCD_AREA, a, SMCD_AREA_LEN);
    (void)smcclc_rd_uint(d, SMCCLC_AT_PROPOSAL_ISM_GID, 0, NULL);
    if (p->version == 1) {
        /* SMC-D v1 (Linux 4.19-5.9): the GID and 32 reserved bytes. */
        smcclc_rd_reserved(d, SMCCLC_AT_PROPOSAL_SMCD_V1_RESERVED, 0);
    } else {
        (void)smcclc_rd_uint(d, SMCCLC_AT_PROPOSAL_ISM_CHID, 0, NULL);
        p->have_v2off = layout_u(d, p, SMCCLC_AT_PROPOSAL_V2_EXT_OFFSET, 0, &p->v2off);
        /* v2.1 (Linux 6.6+); reserved and zero from older senders. */
        (void)smcclc_rd_uint(d, SMCCLC_AT_PROPOSAL_VENDOR_OUI, 0, NULL);
        (void)smcclc_rd_bytes(d, SMCCLC_AT_PROPOSAL_VENDOR_EXP_OPTIONS, 0);
        smcclc_rd_reserved(d, SMCCLC_AT_PROPOSAL_RESERVED_60, 0);
    }
    section_end(d, p, SMCCLC_GROUP_SMCD_AREA, a, SMCD_AREA_LEN);
}

/*
 * Linux reads n6 at 40 + iparea_offset + 7 for every Proposal, also when
 * typev1 = N and no prefix area exists (then byte 47 with offset 0, the last
 * ISM GID byte): smc_clc_msg_prop_valid() via smc_clc_proposal_get_prefix().
 */
static void check_n6_anyway(struct smcclc_decoder *d, struct prop *p)
{
    size_t x;

    if (!p->have_ipoff || p->ipoff > MAX_IPAREA_OFFSET)
        return;
    x = BASE_LEN + p->ipoff;
    if (!smcclc_rd_in_body(d, SMCCLC_AT_IP_AREA_IPV6_PREFIX_COUNT, x))
        return;
    if (!smcclc_rd_peek(d, SMCCLC_AT_IP_AREA_IPV6_PREFIX_COUNT, x, &p->n6)) {
        p->blind = true;
        return;
    }
    p->have_n6 = true;
    if (p->n6 > MAX_IPV6_PREFIXES)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_IPV6_COUNT, SMCCLC_AT_IP_AREA_IPV6_PREFIX_COUNT, x);
}

/* IP prefix area at X = 40 + iparea_offset. docs/protocol.md, "IP prefix area". */
static void decode_ip_area(struct smcclc_decoder *d, struct prop *p)
{
    struct prop_region_at *r = &p->reg[REG_IP_AREA];
    size_t x, list;
    unsigned i, n;

    if (!(p->version == 1 || p->t1 != SMCCLC_TYPE_N)) {
        check_n6_anyway(d, p);
        return;
    }
    if (!p->have_ipoff)
        return;
    x = BASE_LEN + (size_t)p->ipoff;
    r->present = true;
    r->off = x;
    r->len = IP_AREA_LEN +
             (size_t)IPV6_ENTRY_LEN * peek_count(d, SMCCLC_AT_IP_AREA_IPV6_PREFIX_COUNT, x);
    check_fits(d, p, x, IP_AREA_LEN, SMCCLC_AT_PROPOSAL_IPAREA_OFFSET, 0);
    if (x >= p->body)
        return;

    section_begin(d, p, SMCCLC_GROUP_IP_AREA, x, r->len);
    (void)smcclc_rd_bytes(d, SMCCLC_AT_IP_AREA_IPV4_SUBNET, x);
    (void)smcclc_rd_uint(d, SMCCLC_AT_IP_AREA_IPV4_PREFIX_LEN, x, NULL);
    smcclc_rd_reserved(d, SMCCLC_AT_IP_AREA_RESERVED_5, x);
    p->have_n6 = layout_u(d, p, SMCCLC_AT_IP_AREA_IPV6_PREFIX_COUNT, x, &p->n6);
    /* Linux checks it only for iparea_offset <= 40, but the limit holds for any. */
    if (p->n6 > MAX_IPV6_PREFIXES)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_IPV6_COUNT, SMCCLC_AT_IP_AREA_IPV6_PREFIX_COUNT, x);
    d->msg->ipv6_prefix_count = (uint8_t)p->n6;

    if (p->have_n6) {
        list = x + IP_AREA_LEN;
        n = list_fit(d, p, list, p->n6, IPV6_ENTRY_LEN, SMCCLC_AT_IP_AREA_IPV6_PREFIX_COUNT, x);
        smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_IPV6_PREFIXES, list,
                         (size_t)IPV6_ENTRY_LEN * n, n);
        for (i = 0; i < n; i++) {
            size_t e = list + (size_t)IPV6_ENTRY_LEN * i;

            smcclc_dec_group(d, SMCCLC_ITEM_BEGIN, SMCCLC_GROUP_IPV6_PREFIXES, e, IPV6_ENTRY_LEN,
                             0);
            (void)smcclc_rd_bytes(d, SMCCLC_AT_IPV6_PREFIX_IPV6_PREFIX, e);
            (void)smcclc_rd_uint(d, SMCCLC_AT_IPV6_PREFIX_IPV6_PREFIX_LEN, e, NULL);
            smcclc_dec_group(d, SMCCLC_ITEM_END, SMCCLC_GROUP_IPV6_PREFIXES, e, IPV6_ENTRY_LEN, 0);
        }
        smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_IPV6_PREFIXES, list,
                         (size_t)IPV6_ENTRY_LEN * n, n);
    }
    section_end(d, p, SMCCLC_GROUP_IP_AREA, x, r->len);
}

/* User EIDs after the fixed part of the v2 extension. docs/protocol.md, "SMCv2 extension". */
static void decode_eids(struct smcclc_decoder *d, struct prop *p, size_t v)
{
    size_t list = v + V2_EXT_LEN;
    unsigned i, n = list_fit(d, p, list, p->n_eid, EID_LEN, SMCCLC_AT_V2_EXT_EID_COUNT, v);

    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_EIDS, list, (size_t)EID_LEN * n, n);
    for (i = 0; i < n; i++)
        smcclc_rd_eid(d, SMCCLC_AT_EID_ENTRY_EID, list + (size_t)EID_LEN * i);
    smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_EIDS, list, (size_t)EID_LEN * n, n);
}

/* SMCv2 extension at V = 52 + v2_ext_offset. docs/protocol.md, "SMCv2 extension". */
static void decode_v2_ext(struct smcclc_decoder *d, struct prop *p)
{
    struct smcclc_clc_msg *m = d->msg;
    size_t v;
    uint64_t u;
    bool have_count;

    if (p->version < 2 || p->t2 == SMCCLC_TYPE_N || !p->have_v2off)
        return;
    if (p->v2off == 0 || p->v2off > MAX_V2_EXT_OFFSET)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_V2EXT_OFFSET, SMCCLC_AT_PROPOSAL_V2_EXT_OFFSET, 0);
    /* 0 is how a sender says "no extension"; there is nothing to follow. */
    if (p->v2off == 0)
        return;
    v = after(SMCCLC_AT_PROPOSAL_V2_EXT_OFFSET, 0) + (size_t)p->v2off;
    p->reg[REG_V2_EXT].present = true;
    p->reg[REG_V2_EXT].off = v;
    p->reg[REG_V2_EXT].len =
        V2_EXT_LEN + (size_t)EID_LEN * peek_count(d, SMCCLC_AT_V2_EXT_EID_COUNT, v);
    check_fits(d, p, v, V2_EXT_LEN, SMCCLC_AT_PROPOSAL_V2_EXT_OFFSET, 0);
    if (v >= p->body)
        return;

    m->has_v2_ext = true;
    section_begin(d, p, SMCCLC_GROUP_V2_EXT, v, p->reg[REG_V2_EXT].len);
    have_count = layout_u(d, p, SMCCLC_AT_V2_EXT_EID_COUNT, v, &p->n_eid);
    if (p->n_eid > MAX_EIDS)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_EID_COUNT, SMCCLC_AT_V2_EXT_EID_COUNT, v);
    /* Linux checks the GID count only when SMC-Dv2 is offered. */
    if (layout_u(d, p, SMCCLC_AT_V2_EXT_ISM_GID_COUNT, v, &p->n_gid) && includes_d(p->t2) &&
        p->n_gid > MAX_GID_ENTRIES)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_GID_COUNT, SMCCLC_AT_V2_EXT_ISM_GID_COUNT, v);
    m->eid_count = (uint8_t)p->n_eid;
    m->ism_gid_count = (uint8_t)p->n_gid;
    smcclc_rd_reserved(d, SMCCLC_AT_V2_EXT_RESERVED_2, v);
    if (smcclc_rd_uint(d, SMCCLC_AT_V2_EXT_RELEASE, v, &u)) {
        m->release = (uint8_t)u;
        if (smcclc_val_lookup(SMCCLC_VALS_RELEASE, (uint32_t)u) == NULL)
            smcclc_rd_anomaly(d, SMCCLC_ANOM_RELEASE_UNKNOWN, SMCCLC_AT_V2_EXT_RELEASE, v);
        smcclc_rd_reserved(d, SMCCLC_AT_V2_EXT_FLAG_BITS, v);
    }
    (void)smcclc_rd_uint(d, SMCCLC_AT_V2_EXT_SEID_FLAG, v, NULL);
    smcclc_rd_reserved(d, SMCCLC_AT_V2_EXT_RESERVED_4, v);
    p->have_sdoff = layout_u(d, p, SMCCLC_AT_V2_EXT_SMCD_V2_EXT_OFFSET, v, &p->sdoff);
    (void)smcclc_rd_bytes(d, SMCCLC_AT_V2_EXT_ROCE_GID, v);
    /*
     * v2.1 fields (max_conns, max_links from Linux 6.6, feature_mask from
     * 6.8). A release 0 sender has these bytes reserved and sends zero; they
     * are shown under their v2.1 names all the same, so a non-zero value from
     * an old peer is visible instead of being folded into "reserved".
     */
    if (smcclc_rd_uint(d, SMCCLC_AT_V2_EXT_MAX_CONNS, v, &u))
        m->max_conns = (uint8_t)u;
    if (smcclc_rd_uint(d, SMCCLC_AT_V2_EXT_MAX_LINKS, v, &u))
        m->max_links = (uint8_t)u;
    if (smcclc_rd_uint(d, SMCCLC_AT_V2_EXT_FEATURE_MASK, v, &u))
        m->feature_mask = (uint16_t)u;
    smcclc_rd_reserved(d, SMCCLC_AT_V2_EXT_RESERVED_28, v);

    if (have_count)
        decode_eids(d, p, v);
    section_end(d, p, SMCCLC_GROUP_V2_EXT, v, p->reg[REG_V2_EXT].len);
}

static bool emulated_chid(unsigned chid)
{
    return chid >= EMULATED_CHID_MIN;
}

/*
 * Whether entry i is the first half of an Emulated-ISM pair: an emulated
 * CHID followed by an entry with the same CHID. `unpaired` is set only when
 * the next entry is known not to match (not merely uncaptured).
 */
static bool pair_at(struct smcclc_decoder *d, size_t list, unsigned i, unsigned n, unsigned count,
                    bool *unpaired)
{
    unsigned chid, next;

    *unpaired = false;
    if (!smcclc_rd_peek(d, SMCCLC_AT_ISM_DEVICE_ISM_CHID, list + (size_t)ISM_DEVICE_ENTRY_LEN * i,
                        &chid) ||
        !emulated_chid(chid))
        return false;
    if (i + 1 < n &&
        smcclc_rd_peek(d, SMCCLC_AT_ISM_DEVICE_ISM_CHID,
                       list + (size_t)ISM_DEVICE_ENTRY_LEN * (i + 1), &next) &&
        next == chid)
        return true;
    /* The partner may exist but lie beyond what was decoded: no verdict then. */
    *unpaired = i + 1 >= count || i + 1 < n;
    return false;
}

/* The GID/CHID entries of the SMC-Dv2 extension, one item per device. */
static void decode_ism_devices(struct smcclc_decoder *d, struct prop *p, size_t s, size_t v)
{
    size_t list = s + SMCD_V2_EXT_LEN;
    unsigned n =
        list_fit(d, p, list, p->n_gid, ISM_DEVICE_ENTRY_LEN, SMCCLC_AT_V2_EXT_ISM_GID_COUNT, v);
    unsigned i, items = 0;
    bool unpaired;

    /* Lists announce their item count up front, so pair the entries first. */
    for (i = 0; i < n; i++) {
        if (pair_at(d, list, i, n, p->n_gid, &unpaired))
            i++;
        items++;
    }

    smcclc_dec_group(d, SMCCLC_GROUP_BEGIN, SMCCLC_GROUP_ISM_DEVICES, list,
                     (size_t)ISM_DEVICE_ENTRY_LEN * n, items);
    for (i = 0; i < n; i++) {
        size_t e = list + (size_t)ISM_DEVICE_ENTRY_LEN * i;
        bool pair = pair_at(d, list, i, n, p->n_gid, &unpaired);
        size_t item_len = pair ? 2 * ISM_DEVICE_ENTRY_LEN : ISM_DEVICE_ENTRY_LEN;

        if (unpaired) /* Linux skips such an entry when it looks for a device */
            smcclc_dec_anomaly(d, SMCCLC_ANOM_PROP_EMULATED_UNPAIRED, e, ISM_DEVICE_ENTRY_LEN);
        smcclc_dec_group(d, SMCCLC_ITEM_BEGIN, SMCCLC_GROUP_ISM_DEVICES, e, item_len, 0);
        (void)smcclc_rd_uint(d, SMCCLC_AT_ISM_DEVICE_ISM_GID, e, NULL);
        (void)smcclc_rd_uint(d, SMCCLC_AT_ISM_DEVICE_ISM_CHID, e, NULL);
        if (pair) {
            /* The second entry repeats the CHID and carries GID bits 64..127. */
            (void)smcclc_rd_uint(d, SMCCLC_AT_ISM_DEVICE_ISM_GID_EXT, e, NULL);
            i++;
        }
        smcclc_dec_group(d, SMCCLC_ITEM_END, SMCCLC_GROUP_ISM_DEVICES, e, item_len, 0);
    }
    smcclc_dec_group(d, SMCCLC_GROUP_END, SMCCLC_GROUP_ISM_DEVICES, list,
                     (size_t)ISM_DEVICE_ENTRY_LEN * n, items);
}

/* SMC-Dv2 extension at S = V + 8 + smcd_v2_ext_offset. docs/protocol.md, "SMC-Dv2 extension". */
static void decode_smcd_v2_ext(struct smcclc_decoder *d, struct prop *p)
{
    size_t v = p->reg[REG_V2_EXT].off, s;

    if (!includes_d(p->t2) || !p->reg[REG_V2_EXT].present || !p->have_sdoff)
        return;
    if (p->sdoff == 0 || p->sdoff > MAX_SMCD_V2_EXT_OFFSET)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_SMCDV2EXT_OFFSET, SMCCLC_AT_V2_EXT_SMCD_V2_EXT_OFFSET,
                          v);
    if (p->sdoff == 0)
        return;
    s = after(SMCCLC_AT_V2_EXT_SMCD_V2_EXT_OFFSET, v) + (size_t)p->sdoff;
    p->reg[REG_SMCD_V2_EXT].present = true;
    p->reg[REG_SMCD_V2_EXT].off = s;
    p->reg[REG_SMCD_V2_EXT].len = SMCD_V2_EXT_LEN + (size_t)ISM_DEVICE_ENTRY_LEN * p->n_gid;
    check_fits(d, p, s, SMCD_V2_EXT_LEN, SMCCLC_AT_V2_EXT_SMCD_V2_EXT_OFFSET, v);
    if (s >= p->body)
        return;

    d->msg->has_smcd_v2_ext = true;
    section_begin(d, p, SMCCLC_GROUP_SMCD_V2_EXT, s, p->reg[REG_SMCD_V2_EXT].len);
    /* Zero unless the SEID flag is set; not a UEID, so no charset rule. */
    (void)smcclc_rd_bytes(d, SMCCLC_AT_SMCD_V2_EXT_SEID, s);
    smcclc_rd_reserved(d, SMCCLC_AT_SMCD_V2_EXT_RESERVED_32, s);
    /* The count lives in the v2 extension; only a captured count can be followed. */
    if (smcclc_rd_have(d, SMCCLC_AT_V2_EXT_ISM_GID_COUNT, v))
        decode_ism_devices(d, p, s, v);
    section_end(d, p, SMCCLC_GROUP_SMCD_V2_EXT, s, p->reg[REG_SMCD_V2_EXT].len);
}

/*
 * The exact lengths of docs/protocol.md, "Part map and offset arithmetic". Linux sums fixed region
 * sizes and counts, never the offsets, which is why it cannot accept gaps.
 */
static void check_length(struct smcclc_decoder *d, const struct prop *p)
{
    size_t want;

    /* A value past the body reads as 0 here, as from Linux's zeroed buffer. */
    if (p->blind)
        return;
    if (p->version == 1) {
        want = BASE_LEN + p->ipoff + IP_AREA_LEN + (size_t)IPV6_ENTRY_LEN * p->n6 +
               SMCCLC_CLC_TRAILER_LEN;
    } else {
        want = BASE_LEN + SMCD_AREA_LEN + SMCCLC_CLC_TRAILER_LEN;
        if (p->t1 != SMCCLC_TYPE_N)
            want += IP_AREA_LEN + (size_t)IPV6_ENTRY_LEN * p->n6;
        if (p->t2 != SMCCLC_TYPE_N) {
            /* Without an extension the counts are unknown; PROP_V2EXT_OFFSET says why. */
            if (!p->have_v2off || p->v2off == 0)
                return;
            want += V2_EXT_LEN + (size_t)EID_LEN * p->n_eid;
        }
        if (includes_d(p->t2))
            want += SMCD_V2_EXT_LEN + (size_t)ISM_DEVICE_ENTRY_LEN * p->n_gid;
    }
    if (want != d->msg->length)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_PROP_LENGTH, SMCCLC_AT_HEADER_LENGTH, 0);
}

/*
 * Every body byte must belong to exactly one region, as when Linux builds
 * the message. Walk the regions by start: a start past the bytes covered so
 * far is a gap, a start before it an overlap. Each is one PROP_LAYOUT_GAP on
 * the bytes concerned.
 */
static void check_layout(struct smcclc_decoder *d, const struct prop *p)
{
    size_t start[REG_COUNT], end[REG_COUNT], covered = 0;
    unsigned n = 0, i, j;

    if (p->blind)
        return;
    for (i = 0; i < REG_COUNT; i++) {
        const struct prop_region_at *r = &p->reg[i];

        if (!r->present || r->off >= p->body)
            continue;
        start[n] = r->off;
        end[n] = r->len > p->body - r->off ? p->body : r->off + r->len;
        n++;
    }
    for (i = 1; i < n; i++) { /* insertion sort of at most five */
        for (j = i; j > 0 && start[j - 1] > start[j]; j--) {
            size_t ts = start[j], te = end[j];

            start[j] = start[j - 1];
            end[j] = end[j - 1];
            start[j - 1] = ts;
            end[j - 1] = te;
        }
    }
    for (i = 0; i < n; i++) {
        if (start[i] > covered)
            smcclc_dec_anomaly(d, SMCCLC_ANOM_PROP_LAYOUT_GAP, covered, start[i] - covered);
        else if (start[i] < covered)
            smcclc_dec_anomaly(d, SMCCLC_ANOM_PROP_LAYOUT_GAP, start[i],
                               (end[i] < covered ? end[i] : covered) - start[i]);
        if (end[i] > covered)
            covered = end[i];
    }
    if (covered < p->body)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_PROP_LAYOUT_GAP, covered, p->body - covered);
}

void smcclc_decode_proposal(struct smcclc_decoder *d)
{
    struct prop p = {0};

    p.body = d->cur.len >= SMCCLC_CLC_TRAILER_LEN ? d->cur.len - SMCCLC_CLC_TRAILER_LEN : 0;

    decode_types(d, &p);
    decode_base(d, &p);
    decode_smcd_area(d, &p);
    decode_ip_area(d, &p);
    decode_v2_ext(d, &p);
    decode_smcd_v2_ext(d, &p);
    check_length(d, &p);
    check_layout(d, &p);
}
