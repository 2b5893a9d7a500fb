/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: unit tests of the Proposal decoder (core/src/proposal.c)
 *
 * Three kinds of input: the byte vectors in tests/vectors/clc, Proposals cut
 * from the real captures in captures/real (pasted as hex), and Proposals
 * built here from docs/protocol.md for the shapes no vector covers. Every valid
 * message is also decoded at every shorter length behind a guard page.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "smctest.h"

#define BUF_MAX 1024

static struct smcclc_rec rec;
static struct smcclc_vec vec;
static const uint8_t zeros[32];

/* ---- helpers ---- */

static const char *anomaly_key(enum smcclc_anomaly id)
{
    return smcclc_anomaly_table[id].key;
}

/* The message has anomaly `id` exactly at [off, off+len). */
static void assert_anomaly_at(const struct smcclc_clc_msg *m, enum smcclc_anomaly id, size_t off,
                              size_t len, const char *file, int line)
{
    char have[1024];
    unsigned i;

    for (i = 0; i < m->anomaly_count; i++)
        if (m->anomalies[i].id == id && m->anomalies[i].off == off && m->anomalies[i].len == len)
            return;
    print_error("want %s@%zu+%zu, have %s\n", anomaly_key(id), off, len,
                smcclc_anomalies_format(m, have, sizeof(have)));
    _fail(file, line);
}
#define ASSERT_ANOMALY_AT(m, id, off, len)                                                         \
    assert_anomaly_at((m), SMCCLC_ANOM_##id, (off), (len), __FILE__, __LINE__)

static void assert_group_at(const struct smcclc_rec *r, enum smcclc_group g,
                            enum smcclc_group_event gev, unsigned nth, size_t off, size_t len,
                            unsigned count, const char *file, int line)
{
    const struct smcclc_rec_event *e = smcclc_rec_group(r, g, gev, nth);

    if (e != NULL && e->off == off && e->len == len && e->count == count)
        return;
    if (e == NULL)
        print_error("group %s event %d #%u missing\n", smcclc_group_table[g].key, (int)gev, nth);
    else
        print_error("group %s event %d #%u: @%u+%u count %u, want @%zu+%zu count %u\n",
                    smcclc_group_table[g].key, (int)gev, nth, e->off, e->len, e->count, off, len,
                    count);
    smcclc_rec_print(r, stderr);
    _fail(file, line);
}
/* A section or list: its BEGIN and END both carry off, len and count. */
#define ASSERT_GROUP(r, g, nth, off, len, count)                                                   \
    do {                                                                                           \
        assert_group_at((r), SMCCLC_GROUP_##g, SMCCLC_GROUP_BEGIN, (nth), (off), (len), (count),   \
                        __FILE__, __LINE__);                                                       \
        assert_group_at((r), SMCCLC_GROUP_##g, SMCCLC_GROUP_END, (nth), (off), (len), (count),     \
                        __FILE__, __LINE__);                                                       \
    } while (0)
#define ASSERT_ITEM(r, g, nth, off, len)                                                           \
    do {                                                                                           \
        assert_group_at((r), SMCCLC_GROUP_##g, SMCCLC_ITEM_BEGIN, (nth), (off), (len), 0,          \
                        __FILE__, __LINE__);                                                       \
        assert_group_at((r), SMCCLC_GROUP_##g, SMCCLC_ITEM_END, (nth), (off), (len), 0, __FILE__,  \
                        __LINE__);                                                                 \
    } while (0)
#define ASSERT_NO_GROUP(r, g)                                                                      \
    assert_null(smcclc_rec_group((r), SMCCLC_GROUP_##g, SMCCLC_GROUP_BEGIN, 0))

#define F(id) SMCCLC_F_##id
#define U(id, nth, off, len, v) SMCCLC_ASSERT_FIELD_U(&rec, F(id), (nth), (off), (len), (v))
#define HEX(id, nth, off, hex) SMCCLC_ASSERT_FIELD_HEX(&rec, F(id), (nth), (off), (hex))
#define TEXT(id, nth, off, s)                                                                      \
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(id), (nth), (off), 32, (const uint8_t *)(s))

/* Field `a` (nth na) is reported before field `b` (nth nb). */
#define ASSERT_BEFORE(a, na, b, nb)                                                                \
    do {                                                                                           \
        long ia_ = smcclc_rec_index(&rec, F(a), (na)), ib_ = smcclc_rec_index(&rec, F(b), (nb));   \
        assert_true(ia_ >= 0 && ib_ >= 0);                                                         \
        assert_true(ia_ < ib_);                                                                    \
    } while (0)

static void decode_ok(const uint8_t *buf, size_t len, struct smcclc_clc_msg *m)
{
    assert_int_equal(smcclc_test_decode(buf, len, m, &rec), SMCCLC_DECODE_OK);
    assert_false(rec.overflow);
    assert_int_equal(m->type, SMCCLC_CLC_PROPOSAL);
}

static void decode_vec(const char *name, struct smcclc_clc_msg *m)
{
    size_t len = SMCCLC_VEC_LOAD(name, &vec);

    decode_ok(vec.bytes, len, m);
}

/* Blank-padded 32-byte EID as Linux stores a UEID. */
static const char *eid32(const char *name, char out[33])
{
    memset(out, ' ', 32);
    memcpy(out, name, strlen(name));
    out[32] = '\0';
    return out;
}

/* Insert k zero bytes at `at` and fix the length field and the trailer position. */
static void insert_gap(uint8_t *b, size_t *len, size_t at, size_t k)
{
    memmove(b + at + k, b + at, *len - at);
    memset(b + at, 0, k);
    *len += k;
    smcclc_put_be(b, 5, 2, *len);
}

/*
 * A Proposal laid out the way Linux 6.8+ builds it (docs/protocol.md, "Part map and offset
 * arithmetic"): contiguous regions, offsets computed from the counts. For version 1 the RFC 7609
 * layout (iparea_offset 0, no SMC-D area) or the 4.19 one (40).
 */
struct pspec {
    uint8_t version, t1, t2;
    uint16_t v1_ipoff; /* version 1 only */
    unsigned n6, n_eid, n_gid;
    uint8_t flags; /* v2 extension byte 3: release << 4 | SEID */
};

struct playout {
    size_t x, v, s, len; /* prefix area, v2 ext, SMC-Dv2 ext (0: absent), total */
};

static const uint8_t peer_id[8] = {0x12, 0x34, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
static const uint8_t roce_gid_v1[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
static const uint8_t roce_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
#define ISM_GID_NATIVE 0x1111222233334444ull
#define ISM_CHID_NATIVE 0x0100u
#define GID_ENTRY(i) (0xAAAA000000000000ull + (i))
#define CHID_ENTRY(i) (0x0200u + (i))
static const char seid[] = "IBM-SYSZ-ISMSEID0000000000001234";

static bool has_r(unsigned t)
{
    return t == SMCCLC_TYPE_R || t == SMCCLC_TYPE_B;
}

static bool has_d(unsigned t)
{
    return t == SMCCLC_TYPE_D || t == SMCCLC_TYPE_B;
}

static size_t build(uint8_t *b, const struct pspec *ps, struct playout *lo)
{
    size_t at, i;
    char e[33];
    bool v1 = ps->version == 1;

    memset(b, 0, BUF_MAX);
    memset(lo, 0, sizeof(*lo));
    if (has_r(ps->t1)) {
        memcpy(b + 8, peer_id, 8);
        memcpy(b + 16, roce_gid_v1, 16);
        memcpy(b + 32, roce_mac, 6);
    }
    at = 40;
    if (!v1 || ps->v1_ipoff == 40) {
        if (has_d(ps->t1)) {
            smcclc_put_be(b, 40, 8, ISM_GID_NATIVE);
            if (!v1)
                smcclc_put_be(b, 48, 2, ISM_CHID_NATIVE);
        }
        at = 80;
    }
    if (v1 || ps->t1 != SMCCLC_TYPE_N) {
        lo->x = at;
        smcclc_put_be(b, 38, 2, at - 40);
        if (ps->n6 == 0) {
            smcclc_put_be(b, at, 4, 0xC0000200u); /* 192.0.2.0/24 */
            b[at + 4] = 24;
        }
        b[at + 7] = (uint8_t)ps->n6;
        at += 8;
        for (i = 0; i < ps->n6; i++, at += 17) {
            smcclc_put_be(b, at, 4, 0x20010db8u); /* 2001:db8:0:i::/64 */
            smcclc_put_be(b, at + 6, 2, i);
            b[at + 16] = 64;
        }
    }
    if (!v1 && ps->t2 != SMCCLC_TYPE_N) {
        lo->v = at;
        smcclc_put_be(b, 50, 2, at - 52);
        b[at] = (uint8_t)ps->n_eid;
        b[at + 1] = (uint8_t)ps->n_gid;
        b[at + 3] = ps->flags;
        if (has_r(ps->t2)) {
            smcclc_put_be(b, at + 18, 2, 0xffff); /* ::ffff:192.0.2.2 */
            smcclc_put_be(b, at + 20, 4, 0xC0000202u);
        }
        if ((ps->flags >> 4) >= 1) {
            b[at + 24] = 255;
            b[at + 25] = 2;
            smcclc_put_be(b, at + 26, 2, 0x0001);
        }
        at += 40;
        for (i = 0; i < ps->n_eid; i++, at += 32) {
            char name[32];

            snprintf(name, sizeof(name), "SMC-TEST-EID-%zu", i);
            memcpy(b + at, eid32(name, e), 32);
        }
        if (has_d(ps->t2)) {
            lo->s = at;
            smcclc_put_be(b, lo->v + 6, 2, at - lo->v - 8);
            if (ps->flags & 0x01)
                memcpy(b + at, seid, 32);
            at += 48;
            for (i = 0; i < ps->n_gid; i++, at += 10) {
                smcclc_put_be(b, at, 8, GID_ENTRY(i));
                smcclc_put_be(b, at + 8, 2, CHID_ENTRY(i));
            }
        }
    }
    lo->len = at + 4;
    smcclc_put_header(b, SMCCLC_EYECATCHER_R, SMCCLC_CLC_PROPOSAL, (uint16_t)lo->len,
                      (uint8_t)(ps->version << 4 | (v1 ? 0 : ps->t2 << 2) | ps->t1));
    smcclc_put_trailer(b, (uint16_t)lo->len, SMCCLC_EYECATCHER_R);
    return lo->len;
}

/* ---- vectors: real SMC-R v1 (RFC 7609 layout, iparea_offset 0) ---- */

/* Common to 01 and 05: hwipl's loopback captures, the RFC 7609 layout (iparea_offset 0). */
static void assert_v1_lo_base(const struct smcclc_clc_msg *m, uint8_t pid0, uint8_t pid1)
{
    const uint8_t pid[8] = {pid0, pid1, 0x98, 0x03, 0x9b, 0xab, 0xcd, 0xef};

    U(VERSION, 0, 7, 1, 1);
    /* no typev2 in a v1 header: its bits are reserved there */
    SMCCLC_ASSERT_NO_FIELD(&rec, F(TYPEV2));
    U(RESERVED_BITS, 0, 7, 1, 0);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_R);
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(PEER_ID), 0, 8, 8, pid);
    HEX(GID, 0, 16, "fe80 0000 0000 0000 9a03 9bff feab cdef");
    HEX(MAC, 0, 32, "98 03 9b ab cd ef");
    U(IPAREA_OFFSET, 0, 38, 2, 0);
    ASSERT_NO_GROUP(&rec, SMCD_AREA);
    ASSERT_NO_GROUP(&rec, V2_EXT);
    ASSERT_NO_GROUP(&rec, SMCD_V2_EXT);
    SMCCLC_ASSERT_NO_FIELD(&rec, F(ISM_GID));
    assert_int_equal(m->typev1, SMCCLC_TYPE_R);
    assert_int_equal(m->typev2, SMCCLC_TYPE_N);
    assert_false(m->has_v2_ext);
    assert_false(m->has_smcd_v2_ext);
    assert_int_equal(m->release, 0xFF);
    assert_int_equal(m->eid_count, 0);
    assert_int_equal(m->max_conns, 0);
    assert_int_equal(m->feature_mask, 0);
    SMCCLC_ASSERT_NO_ANOMALIES(m);
}

static void test_vec01_v1_ipv4(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("01_smcr_v1_proposal_ipv4_lo", &m);
    assert_v1_lo_base(&m, 0xb1, 0xa0);
    /* the prefix area right after the base, at 40 */
    ASSERT_GROUP(&rec, IP_AREA, 0, 40, 8, 0);
    HEX(IPV4_SUBNET, 0, 40, "7f000000");
    U(IPV4_PREFIX_LEN, 0, 44, 1, 8);
    HEX(RESERVED, 0, 45, "0000");
    U(IPV6_PREFIX_COUNT, 0, 47, 1, 0);
    ASSERT_GROUP(&rec, IPV6_PREFIXES, 0, 48, 0, 0);
    SMCCLC_ASSERT_NO_FIELD(&rec, F(IPV6_PREFIX));
    U(TRAILER, 0, 48, 4, SMCCLC_EYECATCHER_R);
    assert_int_equal(m.ipv6_prefix_count, 0);
}

static void test_vec05_v1_ipv6(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("05_smcr_v1_proposal_ipv6_lo", &m);
    assert_v1_lo_base(&m, 0x39, 0x44);
    ASSERT_GROUP(&rec, IP_AREA, 0, 40, 25, 0);
    HEX(IPV4_SUBNET, 0, 40, "00000000");
    U(IPV4_PREFIX_LEN, 0, 44, 1, 0);
    U(IPV6_PREFIX_COUNT, 0, 47, 1, 1);
    ASSERT_GROUP(&rec, IPV6_PREFIXES, 0, 48, 17, 1);
    ASSERT_ITEM(&rec, IPV6_PREFIXES, 0, 48, 17);
    HEX(IPV6_PREFIX, 0, 48, "0000 0000 0000 0000 0000 0000 0000 0001");
    U(IPV6_PREFIX_LEN, 0, 64, 1, 128);
    U(TRAILER, 0, 65, 4, SMCCLC_EYECATCHER_R);
    assert_int_equal(m.ipv6_prefix_count, 1);
}

/* ---- vectors: synthetic v1 SMC-D / both (4.19 layout, iparea_offset 40) ---- */

static void assert_v1_smcd_area(void)
{
    ASSERT_GROUP(&rec, SMCD_AREA, 0, 40, 40, 0);
    U(ISM_GID, 0, 40, 8, 0x0123456789abcdefull);
    /* before 5.10 the area is GID + 32 reserved bytes, no CHID or offset */
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(RESERVED), 0, 48, 32, zeros);
    SMCCLC_ASSERT_NO_FIELD(&rec, F(ISM_CHID));
    SMCCLC_ASSERT_NO_FIELD(&rec, F(V2_EXT_OFFSET));
}

static void test_vec10_smcd_v1(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("10_smcd_v1_proposal_ipv4", &m);
    U(SMC, 0, 0, 4, SMCCLC_EYECATCHER_D);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_D);
    HEX(GID, 0, 16, "00000000000000000000000000000000");
    U(IPAREA_OFFSET, 0, 38, 2, 40);
    assert_v1_smcd_area();
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8, 0);
    HEX(IPV4_SUBNET, 0, 80, "7f000000");
    U(IPV4_PREFIX_LEN, 0, 84, 1, 8);
    U(IPV6_PREFIX_COUNT, 0, 87, 1, 0);
    U(TRAILER, 0, 88, 4, SMCCLC_EYECATCHER_D);
    assert_int_equal(m.typev1, SMCCLC_TYPE_D);
    assert_int_equal(m.typev2, SMCCLC_TYPE_N);
    /* Linux sends SMCR in every Proposal header */
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_EYECATCHER_UNEXPECTED);
    ASSERT_ANOMALY_AT(&m, EYECATCHER_UNEXPECTED, 0, 4);
}

static void test_vec11_smcb_v1_ipv4(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("11_smcb_v1_proposal_ipv4", &m);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_B);
    HEX(PEER_ID, 0, 8, "b1a0 9803 9bab cdef");
    HEX(MAC, 0, 32, "98039babcdef");
    U(IPAREA_OFFSET, 0, 38, 2, 40);
    assert_v1_smcd_area();
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8, 0);
    HEX(IPV4_SUBNET, 0, 80, "7f000000");
    U(IPV4_PREFIX_LEN, 0, 84, 1, 8);
    ASSERT_GROUP(&rec, IPV6_PREFIXES, 0, 88, 0, 0);
    assert_int_equal(m.typev1, SMCCLC_TYPE_B);
    assert_int_equal(m.release, 0xFF);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

static void test_vec12_smcb_v1_ipv6(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("12_smcb_v1_proposal_ipv6", &m);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_B);
    assert_v1_smcd_area();
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 25, 0);
    U(IPV6_PREFIX_COUNT, 0, 87, 1, 1);
    ASSERT_ITEM(&rec, IPV6_PREFIXES, 0, 88, 17);
    HEX(IPV6_PREFIX, 0, 88, "00000000000000000000000000000001");
    U(IPV6_PREFIX_LEN, 0, 104, 1, 128);
    U(TRAILER, 0, 105, 4, SMCCLC_EYECATCHER_R);
    assert_int_equal(m.ipv6_prefix_count, 1);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/* ---- vectors: synthetic v2 with typev2 N ---- */

static void assert_v2_typev2n_head(const struct smcclc_clc_msg *m)
{
    U(VERSION, 0, 7, 1, 2);
    U(TYPEV2, 0, 7, 1, SMCCLC_TYPE_N);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_B);
    ASSERT_BEFORE(TYPEV2, 0, TYPEV1, 0);
    U(IPAREA_OFFSET, 0, 38, 2, 40);
    ASSERT_GROUP(&rec, SMCD_AREA, 0, 40, 40, 0);
    U(ISM_GID, 0, 40, 8, 0x0123456789abcdefull);
    U(ISM_CHID, 0, 48, 2, 0x1234);
    U(V2_EXT_OFFSET, 0, 50, 2, 0);
    U(VENDOR_OUI, 0, 52, 3, 0);
    HEX(VENDOR_EXP_OPTIONS, 0, 55, "0000000000");
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(RESERVED), 0, 60, 20, zeros);
    ASSERT_NO_GROUP(&rec, V2_EXT);
    ASSERT_NO_GROUP(&rec, SMCD_V2_EXT);
    SMCCLC_ASSERT_NO_FIELD(&rec, F(EID_COUNT));
    assert_int_equal(m->typev1, SMCCLC_TYPE_B);
    assert_int_equal(m->typev2, SMCCLC_TYPE_N);
    assert_false(m->has_v2_ext);
    assert_int_equal(m->release, 0xFF);
    SMCCLC_ASSERT_NO_ANOMALIES(m);
}

static void test_vec22_v2_typev2n_ipv4(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("22_v2_proposal_typev1B_typev2N_ipv4", &m);
    assert_v2_typev2n_head(&m);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8, 0);
    HEX(IPV4_SUBNET, 0, 80, "7f000000");
    U(IPV4_PREFIX_LEN, 0, 84, 1, 8);
    U(IPV6_PREFIX_COUNT, 0, 87, 1, 0);
    U(TRAILER, 0, 88, 4, SMCCLC_EYECATCHER_R);
}

static void test_vec23_v2_typev2n_ipv6(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("23_v2_proposal_typev1B_typev2N_ipv6", &m);
    assert_v2_typev2n_head(&m);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 25, 0);
    U(IPV6_PREFIX_COUNT, 0, 87, 1, 1);
    ASSERT_GROUP(&rec, IPV6_PREFIXES, 0, 88, 17, 1);
    HEX(IPV6_PREFIX, 0, 88, "00000000000000000000000000000001");
    U(IPV6_PREFIX_LEN, 0, 104, 1, 128);
    assert_int_equal(m.ipv6_prefix_count, 1);
}

/* ---- vectors: synthetic v2 with wrong v2_ext_offset (tolerance cases) ---- */

/*
 * 19: typev1 N, typev2 B, v2_ext_offset 0. Zero means "no extension", so
 * nothing is followed and the 130 bytes that hold it are a gap. Its
 * iparea_offset 40 makes Linux read n6 at 87, the v2 extension's flag byte
 * 0x40 (docs/protocol.md, "Validation rules": prop_ipv6_count).
 */
static void test_vec19_v2ext_offset_zero(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("19_v2_proposal_typev1N_typev2B", &m);
    U(TYPEV2, 0, 7, 1, SMCCLC_TYPE_B);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_N);
    U(IPAREA_OFFSET, 0, 38, 2, 40);
    ASSERT_GROUP(&rec, SMCD_AREA, 0, 40, 40, 0);
    U(ISM_CHID, 0, 48, 2, 0x1234);
    U(V2_EXT_OFFSET, 0, 50, 2, 0);
    ASSERT_NO_GROUP(&rec, IP_AREA);
    ASSERT_NO_GROUP(&rec, V2_EXT);
    ASSERT_NO_GROUP(&rec, SMCD_V2_EXT);
    U(TRAILER, 0, 210, 4, SMCCLC_EYECATCHER_R);
    assert_false(m.has_v2_ext);
    assert_false(m.has_smcd_v2_ext);
    assert_int_equal(m.release, 0xFF);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_V2EXT_OFFSET, SMCCLC_ANOM_PROP_LAYOUT_GAP,
                            SMCCLC_ANOM_PROP_IPV6_COUNT);
    ASSERT_ANOMALY_AT(&m, PROP_V2EXT_OFFSET, 50, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 80, 130);
    ASSERT_ANOMALY_AT(&m, PROP_IPV6_COUNT, 87, 1);
}

/*
 * 20: v2_ext_offset 25 puts the extension at 77, inside the SMC-D area and
 * over the prefix area (the real one is at 88). Following it decodes what a
 * Linux receiver would read there: counts 0, flags 0x7f (release 7), and an
 * SMC-Dv2 extension at 77 + 8 + 8 = 93.
 */
static void test_vec20_v2ext_offset_wrong_ipv4(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("20_v2_proposal_typev1B_typev2B_ipv4", &m);
    U(V2_EXT_OFFSET, 0, 50, 2, 25);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8, 0);
    HEX(IPV4_SUBNET, 0, 80, "7f000000");
    ASSERT_GROUP(&rec, V2_EXT, 0, 77, 40, 0);
    U(EID_COUNT, 0, 77, 1, 0);
    U(ISM_GID_COUNT, 0, 78, 1, 0);
    U(RELEASE, 0, 80, 1, 7);
    U(SEID_FLAG, 0, 80, 1, 1);
    U(SMCD_V2_EXT_OFFSET, 0, 83, 2, 8);
    ASSERT_GROUP(&rec, EIDS, 0, 117, 0, 0);
    ASSERT_GROUP(&rec, SMCD_V2_EXT, 0, 93, 48, 0);
    U(TRAILER, 0, 218, 4, SMCCLC_EYECATCHER_R);
    assert_true(m.has_v2_ext);
    assert_true(m.has_smcd_v2_ext);
    assert_int_equal(m.release, 7);
    assert_int_equal(m.eid_count, 0);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_LAYOUT_GAP, SMCCLC_ANOM_PROP_LENGTH,
                            SMCCLC_ANOM_RELEASE_UNKNOWN, SMCCLC_ANOM_RESERVED_NONZERO);
    /* overlaps: v2 ext over the SMC-D area, over the prefix area; SMC-Dv2 ext over v2 ext */
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 77, 3);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 80, 8);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 93, 24);
    /* and the real extensions' bytes, 141..217, belong to nothing */
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 141, 77);
    /* Linux's sum with the counts read at 77: 80 + 8 + 40 + 48 + 4 = 180, not 222 */
    ASSERT_ANOMALY_AT(&m, PROP_LENGTH, 5, 2);
    ASSERT_ANOMALY_AT(&m, RELEASE_UNKNOWN, 80, 1);
}

/* 21: as 20 with one IPv6 prefix, so the prefix area runs to 105. */
static void test_vec21_v2ext_offset_wrong_ipv6(void **state)
{
    struct smcclc_clc_msg m;

    (void)state;
    decode_vec("21_v2_proposal_typev1B_typev2B_ipv6", &m);
    U(V2_EXT_OFFSET, 0, 50, 2, 25);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 25, 0);
    HEX(IPV6_PREFIX, 0, 88, "00000000000000000000000000000001");
    ASSERT_GROUP(&rec, V2_EXT, 0, 77, 40, 0);
    U(EID_COUNT, 0, 77, 1, 0);
    U(RELEASE, 0, 80, 1, 0);
    U(SMCD_V2_EXT_OFFSET, 0, 83, 2, 0);
    ASSERT_NO_GROUP(&rec, SMCD_V2_EXT);
    assert_true(m.has_v2_ext);
    assert_false(m.has_smcd_v2_ext);
    assert_int_equal(m.ipv6_prefix_count, 1);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_LAYOUT_GAP, SMCCLC_ANOM_PROP_LENGTH,
                            SMCCLC_ANOM_PROP_SMCDV2EXT_OFFSET, SMCCLC_ANOM_RESERVED_NONZERO);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 77, 3);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 80, 25);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 117, 118);
    ASSERT_ANOMALY_AT(&m, PROP_SMCDV2EXT_OFFSET, 83, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LENGTH, 5, 2);
}

/* ---- real v2 Proposals (Linux 6.1 and 6.12, SMC-Rv2 over IPv4) ---- */

/* captures/real/k61-08-smcr-v2-ipv4-once.pcap, frame 4: release 0, one UEID */
static const char real_k61_08_f4[] =
    "e2d4c3d9 01009c22 00000000 00000000 00000000 00000000 00000000 00000000"
    "00000000 00000000 00000000 00000000 0000001c 00000000 00000000 00000000"
    "00000000 00000000 00000000 00000000 01000000 00000000 00000000 00000000"
    "0000ffff c0000202 00000000 00000000 00000000 00000000 534d432d 43415047"
    "454e2d55 45494420 20202020 20202020 20202020 20202020 e2d4c3d9";

/* captures/real/k612-01-smcr-v2-ipv4.pcap, frame 8: release 1, one UEID */
static const char real_k612_01_f8[] =
    "e2d4c3d9 01009c22 00000000 00000000 00000000 00000000 00000000 00000000"
    "00000000 00000000 00000000 00000000 0000001c 00000000 00000000 00000000"
    "00000000 00000000 00000000 00000000 01000010 00000000 00000000 00000000"
    "0000ffff c0000202 ff020001 00000000 00000000 00000000 534d432d 43415047"
    "454e2d55 45494420 20202020 20202020 20202020 20202020 e2d4c3d9";

/* captures/real/k612-11-smcr-v2-two-ueids.pcap, frame 4: release 1, two UEIDs */
static const char real_k612_11_f4[] =
    "e2d4c3d9 0100bc22 00000000 00000000 00000000 00000000 00000000 00000000"
    "00000000 00000000 00000000 00000000 0000001c 00000000 00000000 00000000"
    "00000000 00000000 00000000 00000000 02000010 00000000 00000000 00000000"
    "0000ffff c0000202 ff020001 00000000 00000000 00000000 534d432d 43415047"
    "454e2d46 49525354 2d454944 20202020 20202020 20202020 534d432d 43415047"
    "454e2d55 45494420 20202020 20202020 20202020 20202020 e2d4c3d9";

/* What every Linux SMC-Rv2-only Proposal over IPv4 has (typev1 N, typev2 R). */
static void assert_real_v2_head(const struct smcclc_clc_msg *m, unsigned n_eid, unsigned release)
{
    U(TYPEV2, 0, 7, 1, SMCCLC_TYPE_R);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_N);
    /* Linux fills peer ID, GID and MAC only when it offers SMC-R v1 (smc_clc_send_proposal()) */
    HEX(PEER_ID, 0, 8, "0000000000000000");
    U(IPAREA_OFFSET, 0, 38, 2, 0);
    ASSERT_GROUP(&rec, SMCD_AREA, 0, 40, 40, 0);
    U(ISM_GID, 0, 40, 8, 0);
    U(ISM_CHID, 0, 48, 2, 0);
    U(V2_EXT_OFFSET, 0, 50, 2, 28);
    ASSERT_NO_GROUP(&rec, IP_AREA);
    ASSERT_GROUP(&rec, V2_EXT, 0, 80, 40 + 32 * n_eid, 0);
    U(EID_COUNT, 0, 80, 1, n_eid);
    U(ISM_GID_COUNT, 0, 81, 1, 0);
    U(RELEASE, 0, 83, 1, release);
    U(SEID_FLAG, 0, 83, 1, 0);
    U(SMCD_V2_EXT_OFFSET, 0, 86, 2, 0);
    HEX(ROCE_GID, 0, 88, "0000 0000 0000 0000 0000 ffff c000 0202");
    ASSERT_GROUP(&rec, EIDS, 0, 120, 32 * n_eid, n_eid);
    ASSERT_NO_GROUP(&rec, SMCD_V2_EXT);
    U(TRAILER, 0, 120 + 32 * n_eid, 4, SMCCLC_EYECATCHER_R);
    assert_int_equal(m->length, 124 + 32 * n_eid);
    assert_int_equal(m->typev1, SMCCLC_TYPE_N);
    assert_int_equal(m->typev2, SMCCLC_TYPE_R);
    assert_true(m->has_v2_ext);
    assert_false(m->has_smcd_v2_ext);
    assert_int_equal(m->eid_count, n_eid);
    assert_int_equal(m->ism_gid_count, 0);
    assert_int_equal(m->release, release);
    SMCCLC_ASSERT_NO_ANOMALIES(m);
}

static void decode_hex(const char *hex, uint8_t *buf, struct smcclc_clc_msg *m)
{
    size_t len = SMCCLC_HEX(hex, buf, BUF_MAX);

    decode_ok(buf, len, m);
}

static void test_real_k61_release0(void **state)
{
    uint8_t b[BUF_MAX];
    char e[33];
    struct smcclc_clc_msg m;

    (void)state;
    decode_hex(real_k61_08_f4, b, &m);
    assert_real_v2_head(&m, 1, 0);
    /* Linux 6.1 is v2.0: the v2.1 bytes are zero */
    U(MAX_CONNS, 0, 104, 1, 0);
    U(MAX_LINKS, 0, 105, 1, 0);
    U(FEATURE_MASK, 0, 106, 2, 0);
    TEXT(EID, 0, 120, eid32("SMC-CAPGEN-UEID", e));
    assert_int_equal(m.max_conns, 0);
    assert_int_equal(m.max_links, 0);
    assert_int_equal(m.feature_mask, 0);
}

static void test_real_k612_release1(void **state)
{
    uint8_t b[BUF_MAX];
    char e[33];
    struct smcclc_clc_msg m;

    (void)state;
    decode_hex(real_k612_01_f8, b, &m);
    assert_real_v2_head(&m, 1, 1);
    U(MAX_CONNS, 0, 104, 1, 255);
    U(MAX_LINKS, 0, 105, 1, 2);
    U(FEATURE_MASK, 0, 106, 2, SMCCLC_FEATURE_EMULATED_ISM);
    HEX(RESERVED, 3, 108, "000000000000000000000000");
    TEXT(EID, 0, 120, eid32("SMC-CAPGEN-UEID", e));
    assert_int_equal(m.max_conns, 255);
    assert_int_equal(m.max_links, 2);
    assert_int_equal(m.feature_mask, 1);
}

static void test_real_k612_two_ueids(void **state)
{
    uint8_t b[BUF_MAX];
    char e[33];
    struct smcclc_clc_msg m;

    (void)state;
    decode_hex(real_k612_11_f4, b, &m);
    assert_real_v2_head(&m, 2, 1);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, F(EID), 2);
    TEXT(EID, 0, 120, eid32("SMC-CAPGEN-FIRST-EID", e));
    TEXT(EID, 1, 152, eid32("SMC-CAPGEN-UEID", e));
    assert_int_equal(m.max_conns, 255);
}

/* ---- built from docs/protocol.md: shapes no vector covers ---- */

/*
 * A worked example of docs/protocol.md "Part map and offset arithmetic": IPv4, typev1 B, typev2 B,
 * one UEID, one ISMv2 device, release 1 with SEID; 222 bytes, byte 7 = 0x2F. Checks the builder
 * against the offsets worked out by hand and the decoder against both.
 */
static void test_worked_example_b_b(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_B, SMCCLC_TYPE_B, 0, 0, 1, 1, 0x11};
    struct playout lo;
    uint8_t b[BUF_MAX];
    char e[33];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    assert_int_equal(len, 222);
    assert_int_equal(b[7], 0x2F);
    decode_ok(b, len, &m);

    U(LENGTH, 0, 5, 2, 222);
    U(TYPEV2, 0, 7, 1, SMCCLC_TYPE_B);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_B);
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(PEER_ID), 0, 8, 8, peer_id);
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(GID), 0, 16, 16, roce_gid_v1);
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(MAC), 0, 32, 6, roce_mac);
    U(IPAREA_OFFSET, 0, 38, 2, 40);
    ASSERT_GROUP(&rec, SMCD_AREA, 0, 40, 40, 0);
    U(ISM_GID, 0, 40, 8, ISM_GID_NATIVE);
    U(ISM_CHID, 0, 48, 2, ISM_CHID_NATIVE);
    U(V2_EXT_OFFSET, 0, 50, 2, 36);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8, 0);
    HEX(IPV4_SUBNET, 0, 80, "c0000200");
    U(IPV4_PREFIX_LEN, 0, 84, 1, 24);
    U(IPV6_PREFIX_COUNT, 0, 87, 1, 0);
    ASSERT_GROUP(&rec, V2_EXT, 0, 88, 72, 0);
    U(EID_COUNT, 0, 88, 1, 1);
    U(ISM_GID_COUNT, 0, 89, 1, 1);
    U(RELEASE, 0, 91, 1, 1);
    U(SEID_FLAG, 0, 91, 1, 1);
    U(SMCD_V2_EXT_OFFSET, 0, 94, 2, 64);
    HEX(ROCE_GID, 0, 96, "00000000000000000000ffffc0000202");
    U(MAX_CONNS, 0, 112, 1, 255);
    U(MAX_LINKS, 0, 113, 1, 2);
    U(FEATURE_MASK, 0, 114, 2, 1);
    ASSERT_GROUP(&rec, EIDS, 0, 128, 32, 1);
    TEXT(EID, 0, 128, eid32("SMC-TEST-EID-0", e));
    ASSERT_GROUP(&rec, SMCD_V2_EXT, 0, 160, 58, 0);
    TEXT(SEID, 0, 160, seid);
    ASSERT_GROUP(&rec, ISM_DEVICES, 0, 208, 10, 1);
    ASSERT_ITEM(&rec, ISM_DEVICES, 0, 208, 10);
    U(ISM_GID, 1, 208, 8, GID_ENTRY(0));
    U(ISM_CHID, 1, 216, 2, CHID_ENTRY(0));
    SMCCLC_ASSERT_NO_FIELD(&rec, F(ISM_GID_EXT));
    U(TRAILER, 0, 218, 4, SMCCLC_EYECATCHER_R);

    /* wire order, region by region */
    ASSERT_BEFORE(TYPEV2, 0, TYPEV1, 0);
    ASSERT_BEFORE(TYPEV1, 0, PEER_ID, 0);
    ASSERT_BEFORE(IPAREA_OFFSET, 0, ISM_GID, 0);
    ASSERT_BEFORE(VENDOR_EXP_OPTIONS, 0, IPV4_SUBNET, 0);
    ASSERT_BEFORE(IPV6_PREFIX_COUNT, 0, EID_COUNT, 0);
    ASSERT_BEFORE(RELEASE, 0, SEID_FLAG, 0);
    ASSERT_BEFORE(FEATURE_MASK, 0, EID, 0);
    ASSERT_BEFORE(EID, 0, SEID, 0);
    ASSERT_BEFORE(SEID, 0, ISM_GID, 1);

    assert_int_equal(m.typev1, SMCCLC_TYPE_B);
    assert_int_equal(m.typev2, SMCCLC_TYPE_B);
    assert_int_equal(m.ipv6_prefix_count, 0);
    assert_int_equal(m.eid_count, 1);
    assert_int_equal(m.ism_gid_count, 1);
    assert_true(m.has_v2_ext);
    assert_true(m.has_smcd_v2_ext);
    assert_int_equal(m.release, 1);
    assert_int_equal(m.max_conns, 255);
    assert_int_equal(m.max_links, 2);
    assert_int_equal(m.feature_mask, 1);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/*
 * SMC-Dv2 only (docs/protocol.md, "SMC-Dv2 extension"): typev1 N, typev2 D, no UEID but
 * the SEID flag, one ISMv2 device. No prefix area, V = 80, S = 120.
 */
static void test_spec_smcdv2_only(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_D, 0, 0, 0, 1, 0x11};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    assert_int_equal(len, 80 + 40 + 48 + 10 + 4);
    decode_ok(b, len, &m);
    U(TYPEV2, 0, 7, 1, SMCCLC_TYPE_D);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_N);
    U(IPAREA_OFFSET, 0, 38, 2, 0);
    U(ISM_GID, 0, 40, 8, 0);
    U(V2_EXT_OFFSET, 0, 50, 2, 28);
    ASSERT_NO_GROUP(&rec, IP_AREA);
    ASSERT_GROUP(&rec, V2_EXT, 0, 80, 40, 0);
    U(EID_COUNT, 0, 80, 1, 0);
    U(ISM_GID_COUNT, 0, 81, 1, 1);
    U(SMCD_V2_EXT_OFFSET, 0, 86, 2, 32);
    HEX(ROCE_GID, 0, 88, "00000000000000000000000000000000");
    ASSERT_GROUP(&rec, EIDS, 0, 120, 0, 0);
    ASSERT_GROUP(&rec, SMCD_V2_EXT, 0, 120, 58, 0);
    TEXT(SEID, 0, 120, seid);
    ASSERT_GROUP(&rec, ISM_DEVICES, 0, 168, 10, 1);
    U(ISM_GID, 1, 168, 8, GID_ENTRY(0));
    U(ISM_CHID, 1, 176, 2, CHID_ENTRY(0));
    assert_int_equal(m.typev1, SMCCLC_TYPE_N);
    assert_int_equal(m.typev2, SMCCLC_TYPE_D);
    assert_int_equal(m.eid_count, 0);
    assert_int_equal(m.ism_gid_count, 1);
    assert_true(m.has_smcd_v2_ext);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/*
 * Emulated-ISM pair (docs/protocol.md, "SMC-Dv2 extension"; Linux 6.8+ loopback-ism): a native
 * ISMv2 device and loopback-ism, CHID 0xFFFF in two entries; the second GID is the extension. Three
 * entries, two devices.
 */
static void test_spec_emulated_ism_pair(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_D, 0, 0, 0, 3, 0x10};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo), e1 = lo.s + 48 + 10;

    (void)state;
    smcclc_put_be(b, e1, 8, 0x0123456789abcdefull);
    smcclc_put_be(b, e1 + 8, 2, 0xFFFF);
    smcclc_put_be(b, e1 + 10, 8, 0xfedcba9876543210ull);
    smcclc_put_be(b, e1 + 18, 2, 0xFFFF);
    decode_ok(b, len, &m);
    U(ISM_GID_COUNT, 0, lo.v + 1, 1, 3);
    ASSERT_GROUP(&rec, ISM_DEVICES, 0, lo.s + 48, 30, 2);
    ASSERT_ITEM(&rec, ISM_DEVICES, 0, lo.s + 48, 10);
    U(ISM_GID, 1, lo.s + 48, 8, GID_ENTRY(0));
    U(ISM_CHID, 1, lo.s + 56, 2, CHID_ENTRY(0));
    ASSERT_ITEM(&rec, ISM_DEVICES, 1, e1, 20);
    U(ISM_GID, 2, e1, 8, 0x0123456789abcdefull);
    U(ISM_CHID, 2, e1 + 8, 2, 0xFFFF);
    U(ISM_GID_EXT, 0, e1 + 10, 8, 0xfedcba9876543210ull);
    /* the repeated CHID is part of the pair, not a third device */
    SMCCLC_ASSERT_FIELD_COUNT(&rec, F(ISM_GID), 3);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, F(ISM_CHID), 3);
    assert_int_equal(m.ism_gid_count, 3);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/*
 * v2.1 (docs/protocol.md, "SMCv2 extension"; Linux 6.6+): vendor OUI and experimental options in
 * the SMC-D / v2 area; Linux sends them zero, other vendors may not.
 */
static void test_spec_v21_vendor_options(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_R, SMCCLC_TYPE_R, 0, 0, 1, 0, 0x10};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    smcclc_put_be(b, 52, 3, 0x08005A);
    smcclc_put_be(b, 55, 5, 0x0102030405ull);
    decode_ok(b, len, &m);
    U(VENDOR_OUI, 0, 52, 3, 0x08005A);
    HEX(VENDOR_EXP_OPTIONS, 0, 55, "0102030405");
    SMCCLC_ASSERT_FIELD_BYTES(&rec, F(RESERVED), 0, 60, 20, zeros);
    U(RELEASE, 0, lo.v + 3, 1, 1);
    U(MAX_CONNS, 0, lo.v + 24, 1, 255);
    assert_int_equal(m.release, 1);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/* Eight IPv6 prefixes, Linux's maximum (SMC_CLC_MAX_V6_PREFIX); v2 with typev2 N: 228 bytes. */
static void test_spec_ipv6_max_prefixes(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_R, SMCCLC_TYPE_N, 0, 8, 0, 0, 0};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);
    unsigned i;

    (void)state;
    assert_int_equal(len, 228);
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8 + 8 * 17, 0);
    U(IPV6_PREFIX_COUNT, 0, 87, 1, 8);
    ASSERT_GROUP(&rec, IPV6_PREFIXES, 0, 88, 8 * 17, 8);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, F(IPV6_PREFIX), 8);
    for (i = 0; i < 8; i++) {
        char hex[40];

        snprintf(hex, sizeof(hex), "20010db8 0000 %04x 0000000000000000", i);
        ASSERT_ITEM(&rec, IPV6_PREFIXES, i, 88 + 17 * i, 17);
        HEX(IPV6_PREFIX, i, 88 + 17 * i, hex);
        U(IPV6_PREFIX_LEN, i, 104 + 17 * i, 1, 64);
    }
    U(TRAILER, 0, 224, 4, SMCCLC_EYECATCHER_R);
    assert_int_equal(m.ipv6_prefix_count, 8);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/*
 * IPv6 and v2 together (docs/protocol.md, "Part map and offset arithmetic"): V = 88 + 17 * n6,
 * v2_ext_offset 28 + 8 + 17 * n6.
 */
static void test_spec_ipv6_and_v2(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_B, SMCCLC_TYPE_B, 0, 2, 1, 1, 0x10};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    assert_int_equal(lo.v, 88 + 17 * 2);
    decode_ok(b, len, &m);
    U(V2_EXT_OFFSET, 0, 50, 2, 28 + 8 + 17 * 2);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8 + 34, 0);
    ASSERT_GROUP(&rec, IPV6_PREFIXES, 0, 88, 34, 2);
    HEX(IPV6_PREFIX, 1, 105, "20010db8 0000 0001 0000000000000000");
    ASSERT_GROUP(&rec, V2_EXT, 0, 122, 72, 0);
    U(EID_COUNT, 0, 122, 1, 1);
    U(SMCD_V2_EXT_OFFSET, 0, 128, 2, 64);
    ASSERT_GROUP(&rec, SMCD_V2_EXT, 0, 194, 58, 0);
    U(ISM_GID, 1, 242, 8, GID_ENTRY(0));
    U(TRAILER, 0, 252, 4, SMCCLC_EYECATCHER_R);
    assert_int_equal(m.length, 256);
    assert_int_equal(m.ipv6_prefix_count, 2);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/*
 * The smallest Linux Proposal (docs/protocol.md, "Part map and offset arithmetic"): SMC-R v1 over
 * IPv4 only, 92 bytes, byte 7 0x28.
 */
static void test_spec_minimal_linux(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_R, SMCCLC_TYPE_N, 0, 0, 0, 0, 0};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    assert_int_equal(len, 92);
    assert_int_equal(b[7], 0x28);
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, IP_AREA, 0, 80, 8, 0);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/* ---- one test per anomaly, at its exact offset ---- */

static size_t build_valid(uint8_t *b, struct playout *lo)
{
    /* typev1 B, typev2 B, one UEID, two devices: every region present */
    struct pspec ps = {2, SMCCLC_TYPE_B, SMCCLC_TYPE_B, 0, 1, 1, 2, 0x11};

    return build(b, &ps, lo);
}

static void test_anom_eyecatcher_smcd_header(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build_valid(b, &lo);

    (void)state;
    smcclc_put_be(b, 0, 4, SMCCLC_EYECATCHER_D);
    smcclc_put_trailer(b, (uint16_t)len, SMCCLC_EYECATCHER_D);
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_EYECATCHER_UNEXPECTED);
    ASSERT_ANOMALY_AT(&m, EYECATCHER_UNEXPECTED, 0, 4);
}

static void test_anom_reserved_nonzero(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len;

    (void)state;
    /* SMC-D / v2 area reserved 60..79 (docs/protocol.md, "SMC-D / v2 area") */
    len = build_valid(b, &lo);
    b[70] = 1;
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_RESERVED_NONZERO);
    ASSERT_ANOMALY_AT(&m, RESERVED_NONZERO, 70, 10);

    /*
     * v2 flags 0x0E (docs/protocol.md, "SMCv2 extension"); the release and SEID bits still decode
     */
    len = build_valid(b, &lo);
    b[lo.v + 3] |= 0x04;
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_RESERVED_NONZERO);
    ASSERT_ANOMALY_AT(&m, RESERVED_NONZERO, lo.v + 3, 1);
    U(RELEASE, 0, lo.v + 3, 1, 1);
    U(SEID_FLAG, 0, lo.v + 3, 1, 1);

    /* SMC-Dv2 extension reserved 16 bytes after the SEID (docs/protocol.md, "SMC-Dv2 extension") */
    len = build_valid(b, &lo);
    b[lo.s + 47] = 0x80;
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, RESERVED_NONZERO, lo.s + 47, 1);

    /* prefix area reserved bytes (docs/protocol.md, "IP prefix area") */
    len = build_valid(b, &lo);
    b[lo.x + 5] = 1;
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, RESERVED_NONZERO, lo.x + 5, 2);

    /* v1 header: the 0x08 flag bit is reserved in a Proposal (docs/protocol.md, "Common header") */
    len = SMCCLC_VEC_LOAD("01_", &vec);
    vec.bytes[7] |= 0x08;
    decode_ok(vec.bytes, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_RESERVED_NONZERO);
    ASSERT_ANOMALY_AT(&m, RESERVED_NONZERO, 7, 1);
    U(RESERVED_BITS, 0, 7, 1, 2);
    U(TYPEV1, 0, 7, 1, SMCCLC_TYPE_R);
    assert_int_equal(m.typev2, SMCCLC_TYPE_N);
}

static void test_anom_release_unknown(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build_valid(b, &lo);

    (void)state;
    b[lo.v + 3] = 0x21;
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_RELEASE_UNKNOWN);
    ASSERT_ANOMALY_AT(&m, RELEASE_UNKNOWN, lo.v + 3, 1);
    assert_int_equal(m.release, 2);
}

static void test_anom_eid_charset(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len, e;

    (void)state;
    /* lower case, as in the synthetic vectors' "ThisIsSMCv2EID01" */
    len = build_valid(b, &lo);
    e = lo.v + 40;
    b[e + 3] = 'x';
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_EID_CHARSET);
    ASSERT_ANOMALY_AT(&m, EID_CHARSET, e + 3, 29);

    /* NUL padding instead of blanks */
    len = build_valid(b, &lo);
    memset(b + e + 14, 0, 18);
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, EID_CHARSET, e + 14, 18);

    /* must start alphanumeric */
    len = build_valid(b, &lo);
    b[e] = '-';
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, EID_CHARSET, e, 32);

    /* all blank: no name at all */
    len = build_valid(b, &lo);
    memset(b + e, ' ', 32);
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, EID_CHARSET, e, 32);

    /* '.' and '-' inside are fine; the SEID is not held to the UEID rules */
    len = build_valid(b, &lo);
    memcpy(b + e, "A.B-C", 5);
    memset(b + lo.s, 'z', 32);
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

static void test_anom_emulated_unpaired(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len, e0;

    (void)state;
    /* emulated CHID, next entry a different CHID */
    len = build_valid(b, &lo);
    e0 = lo.s + 48;
    smcclc_put_be(b, e0 + 8, 2, 0xFF00);
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_EMULATED_UNPAIRED);
    ASSERT_ANOMALY_AT(&m, PROP_EMULATED_UNPAIRED, e0, 10);
    ASSERT_GROUP(&rec, ISM_DEVICES, 0, e0, 20, 2);
    ASSERT_ITEM(&rec, ISM_DEVICES, 0, e0, 10);
    SMCCLC_ASSERT_NO_FIELD(&rec, F(ISM_GID_EXT));

    /* emulated CHID in the last entry: no partner at all */
    len = build_valid(b, &lo);
    smcclc_put_be(b, e0 + 18, 2, 0xFFFF);
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_EMULATED_UNPAIRED);
    ASSERT_ANOMALY_AT(&m, PROP_EMULATED_UNPAIRED, e0 + 10, 10);
}

static void test_anom_length(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len;

    (void)state;
    /*
     * v2: a byte more than the parts (docs/protocol.md, "Part map and offset arithmetic"), which is
     * also a gap
     */
    len = build_valid(b, &lo);
    insert_gap(b, &len, len - 4, 1);
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_LENGTH, SMCCLC_ANOM_PROP_LAYOUT_GAP);
    ASSERT_ANOMALY_AT(&m, PROP_LENGTH, 5, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, len - 5, 1);

    /* v1: a prefix count that promises an entry the message does not have */
    len = SMCCLC_VEC_LOAD("01_", &vec);
    vec.bytes[47] = 1;
    decode_ok(vec.bytes, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_LENGTH, SMCCLC_ANOM_PROP_REGION_OUTSIDE);
    ASSERT_ANOMALY_AT(&m, PROP_LENGTH, 5, 2);
    ASSERT_ANOMALY_AT(&m, PROP_REGION_OUTSIDE, 47, 1);
    ASSERT_GROUP(&rec, IPV6_PREFIXES, 0, 48, 0, 0);
}

static void test_anom_no_types(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_N, 0, 0, 0, 0, 0};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    assert_int_equal(len, 84);
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, SMCD_AREA, 0, 40, 40, 0);
    ASSERT_NO_GROUP(&rec, IP_AREA);
    ASSERT_NO_GROUP(&rec, V2_EXT);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_NO_TYPES);
    ASSERT_ANOMALY_AT(&m, PROP_NO_TYPES, 7, 1);
}

static void test_anom_v1_type_none(void **state)
{
    struct smcclc_clc_msg m;
    size_t len = SMCCLC_VEC_LOAD("01_", &vec);

    (void)state;
    vec.bytes[7] = 0x12;
    decode_ok(vec.bytes, len, &m);
    /* a v1 Proposal always has its prefix area, type or not */
    ASSERT_GROUP(&rec, IP_AREA, 0, 40, 8, 0);
    assert_int_equal(m.typev1, SMCCLC_TYPE_N);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_V1_TYPE_NONE);
    ASSERT_ANOMALY_AT(&m, PROP_V1_TYPE_NONE, 7, 1);
}

/*
 * iparea_offset 48: followed to 88 although Linux treats the area as absent
 * (smc_clc_proposal_get_prefix()).
 */
static void test_anom_iparea_offset(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_R, SMCCLC_TYPE_N, 0, 0, 0, 0, 0};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    insert_gap(b, &len, 80, 8);
    smcclc_put_be(b, 38, 2, 48);
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, IP_AREA, 0, 88, 8, 0);
    HEX(IPV4_SUBNET, 0, 88, "c0000200");
    U(IPV6_PREFIX_COUNT, 0, 95, 1, 0);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_IPAREA_OFFSET, SMCCLC_ANOM_PROP_LAYOUT_GAP,
                            SMCCLC_ANOM_PROP_LENGTH);
    ASSERT_ANOMALY_AT(&m, PROP_IPAREA_OFFSET, 38, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 80, 8);
    ASSERT_ANOMALY_AT(&m, PROP_LENGTH, 5, 2);
}

/*
 * SMC-D v1 in the RFC 7609 layout (iparea_offset 0): Linux finds no SMC-D
 * area (smc_get_clc_msg_smcd()). Length and layout are otherwise right.
 */
static void test_anom_iparea_offset_smcd(void **state)
{
    struct pspec ps = {1, SMCCLC_TYPE_D, SMCCLC_TYPE_N, 0, 0, 0, 0, 0};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    assert_int_equal(len, 52);
    decode_ok(b, len, &m);
    ASSERT_NO_GROUP(&rec, SMCD_AREA);
    ASSERT_GROUP(&rec, IP_AREA, 0, 40, 8, 0);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_IPAREA_OFFSET_SMCD);
    ASSERT_ANOMALY_AT(&m, PROP_IPAREA_OFFSET_SMCD, 38, 2);
}

static void test_anom_ipv6_count(void **state)
{
    struct pspec ps9 = {2, SMCCLC_TYPE_R, SMCCLC_TYPE_N, 0, 9, 0, 0, 0};
    struct pspec psn = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_R, 0, 0, 1, 0, 0x10};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len;

    (void)state;
    /* nine prefixes, all present and counted in the length: only the limit */
    len = build(b, &ps9, &lo);
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, F(IPV6_PREFIX), 9);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_IPV6_COUNT);
    ASSERT_ANOMALY_AT(&m, PROP_IPV6_COUNT, 87, 1);

    /* typev1 N, iparea_offset 0: Linux still reads n6 at 47, the ISM GID's last byte */
    len = build(b, &psn, &lo);
    b[47] = 9;
    decode_ok(b, len, &m);
    U(ISM_GID, 0, 40, 8, 9);
    SMCCLC_ASSERT_NO_FIELD(&rec, F(IPV6_PREFIX_COUNT));
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_IPV6_COUNT);
    ASSERT_ANOMALY_AT(&m, PROP_IPV6_COUNT, 47, 1);

    /* 8 there is fine */
    b[47] = 8;
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

/*
 * v2_ext_offset 173: reported, and still followed since it fits: the decoder follows the offsets
 * (docs/protocol.md, "Part map and offset arithmetic").
 */
static void test_anom_v2ext_offset(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_R, 0, 0, 1, 0, 0x10};
    struct playout lo;
    uint8_t b[BUF_MAX];
    char e[33];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    insert_gap(b, &len, 80, 145);
    smcclc_put_be(b, 50, 2, 173);
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, V2_EXT, 0, 225, 72, 0);
    U(EID_COUNT, 0, 225, 1, 1);
    TEXT(EID, 0, 265, eid32("SMC-TEST-EID-0", e));
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_V2EXT_OFFSET, SMCCLC_ANOM_PROP_LAYOUT_GAP,
                            SMCCLC_ANOM_PROP_LENGTH);
    ASSERT_ANOMALY_AT(&m, PROP_V2EXT_OFFSET, 50, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, 80, 145);

    /* 172 is the last good value */
    smcclc_put_be(b, 50, 2, 172);
    memmove(b + 224, b + 225, len - 225);
    len--;
    smcclc_put_be(b, 5, 2, len);
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_LAYOUT_GAP, SMCCLC_ANOM_PROP_LENGTH);
}

static void test_anom_eid_count(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_R, 0, 0, 9, 0, 0x10};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    decode_ok(b, len, &m);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, F(EID), 9);
    ASSERT_GROUP(&rec, EIDS, 0, 120, 9 * 32, 9);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_EID_COUNT);
    ASSERT_ANOMALY_AT(&m, PROP_EID_COUNT, 80, 1);
}

static void test_anom_gid_count(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_D, 0, 0, 0, 9, 0x11};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build(b, &ps, &lo);

    (void)state;
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, ISM_DEVICES, 0, lo.s + 48, 90, 9);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_GID_COUNT);
    ASSERT_ANOMALY_AT(&m, PROP_GID_COUNT, 81, 1);

    /* without SMC-Dv2 on offer Linux does not look at the count */
    ps.t2 = SMCCLC_TYPE_R;
    len = build(b, &ps, &lo);
    b[81] = 9;
    decode_ok(b, len, &m);
    U(ISM_GID_COUNT, 0, 81, 1, 9);
    SMCCLC_ASSERT_NO_ANOMALIES(&m);
}

static void test_anom_smcdv2ext_offset(void **state)
{
    struct pspec ps = {2, SMCCLC_TYPE_N, SMCCLC_TYPE_D, 0, 0, 0, 1, 0x11};
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len;

    (void)state;
    /* 0: no SMC-Dv2 extension to follow; its bytes become a gap */
    len = build(b, &ps, &lo);
    smcclc_put_be(b, lo.v + 6, 2, 0);
    decode_ok(b, len, &m);
    ASSERT_NO_GROUP(&rec, SMCD_V2_EXT);
    assert_false(m.has_smcd_v2_ext);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_SMCDV2EXT_OFFSET, SMCCLC_ANOM_PROP_LAYOUT_GAP);
    ASSERT_ANOMALY_AT(&m, PROP_SMCDV2EXT_OFFSET, lo.v + 6, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, lo.s, 58);

    /* 289: past Linux's limit, followed since it fits */
    len = build(b, &ps, &lo);
    insert_gap(b, &len, lo.s, 289 - 32);
    smcclc_put_be(b, lo.v + 6, 2, 289);
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, SMCD_V2_EXT, 0, lo.v + 8 + 289, 58, 0);
    U(ISM_GID, 1, lo.v + 8 + 289 + 48, 8, GID_ENTRY(0));
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_SMCDV2EXT_OFFSET, SMCCLC_ANOM_PROP_LAYOUT_GAP,
                            SMCCLC_ANOM_PROP_LENGTH);
    ASSERT_ANOMALY_AT(&m, PROP_SMCDV2EXT_OFFSET, lo.v + 6, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, lo.s, 289 - 32);
}

static void test_anom_region_outside(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len;

    (void)state;
    /* v2 extension offset beyond the message */
    len = build_valid(b, &lo);
    smcclc_put_be(b, 50, 2, 172);
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, PROP_REGION_OUTSIDE, 50, 2);
    /* what lies before the trailer is still decoded: 224..244 */
    ASSERT_GROUP(&rec, V2_EXT, 0, 224, 21, 0);
    U(EID_COUNT, 0, 224, 1, b[224]);
    SMCCLC_ASSERT_NO_FIELD(&rec, F(ROCE_GID));

    /* EID count beyond the message: the count field is blamed */
    len = build_valid(b, &lo);
    b[lo.v] = 5;
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, PROP_REGION_OUTSIDE, lo.v, 1);

    /* GID entry count beyond the message */
    len = build_valid(b, &lo);
    b[lo.v + 1] = 8;
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, PROP_REGION_OUTSIDE, lo.v + 1, 1);
    ASSERT_GROUP(&rec, ISM_DEVICES, 0, lo.s + 48, 20, 2);

    /* a v2 Proposal too short for its SMC-D area: the length field is blamed */
    len = build_valid(b, &lo);
    smcclc_put_be(b, 5, 2, 60);
    smcclc_put_trailer(b, 60, SMCCLC_EYECATCHER_R);
    decode_ok(b, 60, &m);
    ASSERT_ANOMALY_AT(&m, PROP_REGION_OUTSIDE, 5, 2);
    ASSERT_ANOMALY_AT(&m, PROP_LENGTH, 5, 2);
    U(ISM_GID, 0, 40, 8, ISM_GID_NATIVE);
    U(V2_EXT_OFFSET, 0, 50, 2, 28 + 8 + 17);
    /* nothing is read from the trailer or beyond */
    SMCCLC_ASSERT_NO_FIELD(&rec, F(VENDOR_EXP_OPTIONS));
    ASSERT_NO_GROUP(&rec, V2_EXT);
    U(TRAILER, 0, 56, 4, SMCCLC_EYECATCHER_R);

    /* too short even for the base */
    len = build_valid(b, &lo);
    smcclc_put_be(b, 5, 2, 28);
    smcclc_put_trailer(b, 28, SMCCLC_EYECATCHER_R);
    decode_ok(b, 28, &m);
    ASSERT_ANOMALY_AT(&m, PROP_REGION_OUTSIDE, 5, 2);
    HEX(PEER_ID, 0, 8, "1234020000000001");
    SMCCLC_ASSERT_NO_FIELD(&rec, F(GID));
    SMCCLC_ASSERT_NO_FIELD(&rec, F(IPAREA_OFFSET));
}

/*
 * Contiguity (docs/protocol.md, "Part map and offset arithmetic"): a gap Linux's length sum cannot
 * express.
 */
static void test_anom_layout_gap(void **state)
{
    struct playout lo;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t len = build_valid(b, &lo);

    (void)state;
    /* ten bytes between the EIDs and the SMC-Dv2 extension, offset adjusted */
    insert_gap(b, &len, lo.s, 10);
    smcclc_put_be(b, lo.v + 6, 2, lo.s + 10 - lo.v - 8);
    decode_ok(b, len, &m);
    ASSERT_GROUP(&rec, SMCD_V2_EXT, 0, lo.s + 10, 68, 0);
    U(ISM_GID, 1, lo.s + 58, 8, GID_ENTRY(0));
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_PROP_LAYOUT_GAP, SMCCLC_ANOM_PROP_LENGTH);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, lo.s, 10);

    /* overlap: SMC-Dv2 extension starting on the last EID */
    len = build_valid(b, &lo);
    smcclc_put_be(b, lo.v + 6, 2, lo.s - 16 - lo.v - 8);
    decode_ok(b, len, &m);
    ASSERT_ANOMALY_AT(&m, PROP_LAYOUT_GAP, lo.s - 16, 16);
}

/* ---- properties over every valid message ---- */

struct sample {
    const char *vector; /* or NULL */
    const char *hex;    /* or NULL */
    struct pspec ps;    /* when both are NULL */
};

static const struct sample valid[] = {
    {"01_", NULL, {0}},
    {"05_", NULL, {0}},
    {"11_", NULL, {0}},
    {"12_", NULL, {0}},
    {"22_", NULL, {0}},
    {"23_", NULL, {0}},
    {NULL, real_k61_08_f4, {0}},
    {NULL, real_k612_01_f8, {0}},
    {NULL, real_k612_11_f4, {0}},
    {NULL, NULL, {2, SMCCLC_TYPE_B, SMCCLC_TYPE_B, 0, 0, 1, 1, 0x11}},
    {NULL, NULL, {2, SMCCLC_TYPE_N, SMCCLC_TYPE_D, 0, 0, 0, 1, 0x11}},
    {NULL, NULL, {2, SMCCLC_TYPE_R, SMCCLC_TYPE_N, 0, 8, 0, 0, 0}},
    {NULL, NULL, {2, SMCCLC_TYPE_B, SMCCLC_TYPE_B, 0, 2, 1, 1, 0x10}},
    {NULL, NULL, {2, SMCCLC_TYPE_B, SMCCLC_TYPE_B, 0, 1, 4, 8, 0x11}},
    {NULL, NULL, {2, SMCCLC_TYPE_D, SMCCLC_TYPE_R, 0, 0, 2, 0, 0x10}},
    {NULL, NULL, {1, SMCCLC_TYPE_B, SMCCLC_TYPE_N, 40, 3, 0, 0, 0}},
    {NULL, NULL, {1, SMCCLC_TYPE_R, SMCCLC_TYPE_N, 0, 8, 0, 0, 0}},
};

static size_t load_sample(const struct sample *s, uint8_t *b)
{
    struct playout lo;

    if (s->vector != NULL) {
        size_t len = SMCCLC_VEC_LOAD(s->vector, &vec);

        memcpy(b, vec.bytes, len);
        return len;
    }
    if (s->hex != NULL)
        return SMCCLC_HEX(s->hex, b, BUF_MAX);
    return build(b, &s->ps, &lo);
}

static void test_valid_report_no_anomaly(void **state)
{
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg m;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        size_t len = load_sample(&valid[i], b);

        decode_ok(b, len, &m);
        if (m.anomaly_count != 0)
            print_error("sample %zu\n", i);
        SMCCLC_ASSERT_NO_ANOMALIES(&m);
    }
}

static bool same_event(const struct smcclc_field_event *a, const struct smcclc_field_event *b)
{
    if (a->id != b->id || a->off != b->off || a->len != b->len || a->u != b->u)
        return false;
    if ((a->bytes == NULL) != (b->bytes == NULL))
        return false;
    return a->bytes == NULL || memcmp(a->bytes, b->bytes, a->len) == 0;
}

/*
 * STYLE.md: every valid message at every shorter length, the last byte
 * before a PROT_NONE page. A cut capture may lose fields but must not change
 * or invent any, nor invent anomalies.
 */
static void test_valid_truncated_everywhere(void **state)
{
    static struct smcclc_rec full;
    uint8_t b[BUF_MAX];
    struct smcclc_clc_msg fm, m;
    struct smcclc_guard g;
    size_t i, cut, k, j;

    (void)state;
    assert_true(smcclc_guard_init(&g, BUF_MAX));
    for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        size_t len = load_sample(&valid[i], b);

        /* from b, which outlives the guard copies its byte pointers are compared with */
        smcclc_rec_init(&full);
        assert_int_equal(smcclc_clc_decode(b, len, &fm, &full.sink), SMCCLC_DECODE_OK);
        for (cut = 8; cut < len; cut++) {
            const uint8_t *p = smcclc_guard_put(&g, b, cut);

            assert_int_equal(smcclc_test_decode(p, cut, &m, &rec), SMCCLC_DECODE_TRUNCATED);
            assert_true(m.truncated);
            for (k = 0; k < rec.n; k++) {
                bool found = false;

                if (rec.ev[k].is_group)
                    continue;
                for (j = 0; j < full.n && !found; j++)
                    found = !full.ev[j].is_group && same_event(&rec.ev[k].field, &full.ev[j].field);
                if (!found) {
                    char line[256];

                    print_error("sample %zu cut %zu: %s not in the full decode\n", i, cut,
                                smcclc_rec_format(&rec.ev[k], line, sizeof(line)));
                    fail();
                }
            }
            for (k = 0; k < m.anomaly_count; k++) {
                if (!smcclc_clc_has_anomaly(&fm, m.anomalies[k].id)) {
                    print_error("sample %zu cut %zu: invented %s\n", i, cut,
                                anomaly_key(m.anomalies[k].id));
                    fail();
                }
            }
        }
    }
    smcclc_guard_free(&g);
}

/* Malformed messages behind the guard page too: offsets and counts at their worst. */
static void test_malformed_stay_in_bounds(void **state)
{
    static const size_t spots[] = {38, 39, 47, 50, 51, 80, 81, 86, 87, 88, 89, 94, 95};
    static const uint8_t values[] = {0x00, 0x01, 0x08, 0x09, 0x28, 0x7f, 0xac, 0xff};
    uint8_t b[BUF_MAX], t[BUF_MAX];
    struct playout lo;
    struct smcclc_clc_msg m;
    struct smcclc_guard g;
    size_t len = build_valid(b, &lo), i, j;

    (void)state;
    assert_true(smcclc_guard_init(&g, BUF_MAX));
    for (i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
        for (j = 0; j < sizeof(values) / sizeof(values[0]); j++) {
            const uint8_t *p;
            size_t cut;

            memcpy(t, b, len);
            t[spots[i]] = values[j];
            for (cut = len; cut >= len - 40; cut -= 8) {
                p = smcclc_guard_put(&g, t, cut);
                (void)smcclc_test_decode(p, cut, &m, &rec);
                assert_false(rec.overflow);
            }
        }
    }
    smcclc_guard_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vec01_v1_ipv4),
        cmocka_unit_test(test_vec05_v1_ipv6),
        cmocka_unit_test(test_vec10_smcd_v1),
        cmocka_unit_test(test_vec11_smcb_v1_ipv4),
        cmocka_unit_test(test_vec12_smcb_v1_ipv6),
        cmocka_unit_test(test_vec22_v2_typev2n_ipv4),
        cmocka_unit_test(test_vec23_v2_typev2n_ipv6),
        cmocka_unit_test(test_vec19_v2ext_offset_zero),
        cmocka_unit_test(test_vec20_v2ext_offset_wrong_ipv4),
        cmocka_unit_test(test_vec21_v2ext_offset_wrong_ipv6),
        cmocka_unit_test(test_real_k61_release0),
        cmocka_unit_test(test_real_k612_release1),
        cmocka_unit_test(test_real_k612_two_ueids),
        cmocka_unit_test(test_worked_example_b_b),
        cmocka_unit_test(test_spec_smcdv2_only),
        cmocka_unit_test(test_spec_emulated_ism_pair),
        cmocka_unit_test(test_spec_v21_vendor_options),
        cmocka_unit_test(test_spec_ipv6_max_prefixes),
        cmocka_unit_test(test_spec_ipv6_and_v2),
        cmocka_unit_test(test_spec_minimal_linux),
        cmocka_unit_test(test_anom_eyecatcher_smcd_header),
        cmocka_unit_test(test_anom_reserved_nonzero),
        cmocka_unit_test(test_anom_release_unknown),
        cmocka_unit_test(test_anom_eid_charset),
        cmocka_unit_test(test_anom_emulated_unpaired),
        cmocka_unit_test(test_anom_length),
        cmocka_unit_test(test_anom_no_types),
        cmocka_unit_test(test_anom_v1_type_none),
        cmocka_unit_test(test_anom_iparea_offset),
        cmocka_unit_test(test_anom_iparea_offset_smcd),
        cmocka_unit_test(test_anom_ipv6_count),
        cmocka_unit_test(test_anom_v2ext_offset),
        cmocka_unit_test(test_anom_eid_count),
        cmocka_unit_test(test_anom_gid_count),
        cmocka_unit_test(test_anom_smcdv2ext_offset),
        cmocka_unit_test(test_anom_region_outside),
        cmocka_unit_test(test_anom_layout_gap),
        cmocka_unit_test(test_valid_report_no_anomaly),
        cmocka_unit_test(test_valid_truncated_everywhere),
        cmocka_unit_test(test_malformed_stay_in_bounds),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
