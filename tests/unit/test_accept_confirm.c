/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the Accept/Confirm decoder (core/src/accept_confirm.c),
 * docs/protocol.md "Accept and Confirm": every Accept/Confirm vector, the real SMC-R v2
 * messages of captures/real, hand-built shapes no capture has, and the
 * anomalies, field by field (value, offset, length) and the summary.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smctest.h"
#include "fixture.h"
#include "decode_internal.h"

#define EYE_R 0xE2D4C3D9u
#define EYE_D 0xE2D4C3C4u

/* One decode at a time: support/fixture.c; T is its state. */
#define T smcclc_fx

static void check_header(uint32_t eye, uint8_t type, uint16_t length, uint8_t version)
{
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_SMC, 0, 0, 4, eye);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_TYPE, 0, 4, 1, type);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_LENGTH, 0, 5, 2, length);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_VERSION, 0, 7, 1, version);
    assert_int_equal(T.m.type, type);
    assert_int_equal(T.m.length, length);
    assert_int_equal(T.m.version, version);
    assert_int_equal(T.m.decoded, length);
    assert_false(T.m.truncated);
}

static void check_byte7(bool fc, uint8_t chosen)
{
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FIRST_CONTACT, 0, 7, 1, fc);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 0, 7, 1, 0);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_CHOSEN_TYPE, 0, 7, 1, chosen);
    assert_int_equal(T.m.first_contact, fc);
    assert_int_equal(T.m.chosen_type, chosen);
}

static void check_trailer(uint32_t eye)
{
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_TRAILER, 0, T.len - 4, 4, eye);
}

/* The SMC-R part shared by v1 and v2 (offsets 8..63). */
struct smcr_base {
    const char *peer_id, *gid, *mac;
    uint32_t qpn, rkey;
    uint8_t rmbe_idx;
    uint32_t alert_token;
    uint8_t rmbe_size;
    uint64_t rmbe_bytes;
    uint8_t qp_mtu;
    unsigned mtu_bytes;
    uint64_t vaddr;
    uint32_t psn;
};

static void check_smcr_base(const struct smcr_base *e)
{
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_PEER_ID, 0, 8, e->peer_id);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_GID, 0, 16, e->gid);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_MAC, 0, 32, e->mac);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_QPN, 0, 38, 3, e->qpn);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMB_RKEY, 0, 41, 4, e->rkey);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMBE_IDX, 0, 45, 1, e->rmbe_idx);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMBE_ALERT_TOKEN, 0, 46, 4, e->alert_token);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMBE_SIZE, 0, 50, 1, e->rmbe_size);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMBE_SIZE_BYTES, 0, 50, 1, e->rmbe_bytes);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_QP_MTU, 0, 50, 1, e->qp_mtu);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_QP_MTU_BYTES, 0, 50, 1, e->mtu_bytes);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 0, 51, "00");
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMB_VADDR, 0, 52, 8, e->vaddr);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 1, 60, "00");
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_PSN, 0, 61, 3, e->psn);
    /* The summary the one-line output and the state machine use. */
    assert_int_equal(T.m.qpn, e->qpn);
    assert_int_equal(T.m.rmbe_size, e->rmbe_size);
    assert_int_equal(T.m.qp_mtu, e->qp_mtu);
    assert_int_equal(T.m.ism_chid, 0);
}

static void check_no_fce(void)
{
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_OS_TYPE);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_RELEASE);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_HOSTNAME);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_GID_LIST_COUNT);
    assert_null(smcclc_rec_group(&T.r, SMCCLC_GROUP_FCE, SMCCLC_GROUP_BEGIN, 0));
    assert_int_equal(T.m.release, 0xFF);
    assert_int_equal(T.m.os_type, 0);
    assert_int_equal(T.m.max_conns, 0);
    assert_int_equal(T.m.max_links, 0);
    assert_int_equal(T.m.feature_mask, 0);
    assert_int_equal(T.m.gid_list_count, 0);
}

/* The blank-padded UEID of the captures/real hosts. */
#define UEID_HEX                                                                                   \
    "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 "   \
    "20 20"
#define ZERO8 "00 00 00 00 00 00 00 00"
#define ZERO16 ZERO8 " " ZERO8

/* ---- v1 SMC-R: captured loopback handshakes (vectors 02, 03, 06, 07) ---- */

static const char *const lo_gid = "fe 80 00 00 00 00 00 00 9a 03 9b ff fe ab cd ef";

static void check_smcr_v1(uint8_t type, bool fc, const struct smcr_base *e)
{
    smcclc_fx_decode_ok();
    check_header(EYE_R, type, 68, 1);
    check_byte7(fc, SMCCLC_TYPE_R);
    check_smcr_base(e);
    check_trailer(EYE_R);
    /* v1 ends at the PSN: nothing of v2 may appear. */
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_EID);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_EXTRA_BYTES);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 2);
    check_no_fce();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    assert_int_equal(T.m.worst, SMCCLC_SEV_NOTE);
}

static void test_vec02_smcr_v1_accept_fc(void **state)
{
    const struct smcr_base e = {.peer_id = "b1 a0 98 03 9b ab cd ef",
                                .gid = lo_gid,
                                .mac = "98 03 9b ab cd ef",
                                .qpn = 0xe4,
                                .rkey = 0x157d,
                                .rmbe_idx = 1,
                                .alert_token = 5,
                                .rmbe_size = 2,
                                .rmbe_bytes = 65536,
                                .qp_mtu = 3,
                                .mtu_bytes = 1024,
                                .vaddr = 0xf0a60000,
                                .psn = 7534078};
    (void)state;
    smcclc_fx_load_vec("02_smcr_v1_accept_ipv4_lo_first_contact");
    check_smcr_v1(SMCCLC_CLC_ACCEPT, true, &e);
}

static void test_vec03_smcr_v1_confirm(void **state)
{
    const struct smcr_base e = {.peer_id = "b1 a0 98 03 9b ab cd ef",
                                .gid = lo_gid,
                                .mac = "98 03 9b ab cd ef",
                                .qpn = 0xe5,
                                .rkey = 0x187f,
                                .rmbe_idx = 1,
                                .alert_token = 6,
                                .rmbe_size = 2,
                                .rmbe_bytes = 65536,
                                .qp_mtu = 3,
                                .mtu_bytes = 1024,
                                .vaddr = 0xf0a40000,
                                .psn = 0x0d89a4};
    (void)state;
    smcclc_fx_load_vec("03_smcr_v1_confirm_ipv4_lo");
    check_smcr_v1(SMCCLC_CLC_CONFIRM, false, &e);
}

static void test_vec06_smcr_v1_accept_fc_ipv6(void **state)
{
    const struct smcr_base e = {.peer_id = "39 44 98 03 9b ab cd ef",
                                .gid = lo_gid,
                                .mac = "98 03 9b ab cd ef",
                                .qpn = 0xe2,
                                .rkey = 0x165f,
                                .rmbe_idx = 1,
                                .alert_token = 1,
                                .rmbe_size = 2,
                                .rmbe_bytes = 65536,
                                .qp_mtu = 3,
                                .mtu_bytes = 1024,
                                .vaddr = 0xf0b30000,
                                .psn = 2254726};
    (void)state;
    smcclc_fx_load_vec("06_smcr_v1_accept_ipv6_lo_first_contact");
    check_smcr_v1(SMCCLC_CLC_ACCEPT, true, &e);
}

static void test_vec07_smcr_v1_confirm_ipv6(void **state)
{
    const struct smcr_base e = {.peer_id = "39 44 98 03 9b ab cd ef",
                                .gid = lo_gid,
                                .mac = "98 03 9b ab cd ef",
                                .qpn = 0xe3,
                                .rkey = 0x1961,
                                .rmbe_idx = 1,
                                .alert_token = 2,
                                .rmbe_size = 2,
                                .rmbe_bytes = 65536,
                                .qp_mtu = 3,
                                .mtu_bytes = 1024,
                                .vaddr = 0xf0b10000,
                                .psn = 1597250};
    (void)state;
    smcclc_fx_load_vec("07_smcr_v1_confirm_ipv6_lo");
    check_smcr_v1(SMCCLC_CLC_CONFIRM, false, &e);
}

/* ---- SMC-D: synthetic vectors 13..18 ---- */

static void check_smcd_base(uint64_t gid, uint64_t token, uint8_t idx, uint8_t size,
                            uint32_t link_id)
{
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_ISM_GID, 0, 8, 8, gid);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DMB_TOKEN, 0, 16, 8, token);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DMBE_IDX, 0, 24, 1, idx);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DMBE_SIZE, 0, 25, 1, size);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DMBE_SIZE_BYTES, 0, 25, 1, (uint64_t)16384 << size);
    /* byte 7's reserved bit first, then byte 25's reserved nibble */
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 1, 25, 1, 0);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 0, 26, "00 00");
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_LINK_ID, 0, 28, 4, link_id);
    assert_int_equal(T.m.rmbe_size, size);
    assert_int_equal(T.m.qpn, 0);
    assert_int_equal(T.m.qp_mtu, 0);
    /* SMC-R fields never show up in an SMC-D message. */
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_QPN);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_RMBE_SIZE);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_PEER_ID);
}

static void check_smcd_v1(uint8_t type, bool fc)
{
    smcclc_fx_decode_ok();
    check_header(EYE_D, type, 48, 1);
    check_byte7(fc, SMCCLC_TYPE_D);
    assert_int_equal(T.m.eyecatcher, SMCCLC_TYPE_D);
    check_smcd_base(0x0123456789abcdefull, 0x0123456789abcdefull, 255, 1, 0xffffffffu);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 1, 32, "00 00 00 00 00 00 00 00 00 00 00 00");
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 2);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_ISM_CHID);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_EID);
    check_trailer(EYE_D);
    check_no_fce();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

static void test_vec13_smcd_v1_accept(void **state)
{
    (void)state;
    smcclc_fx_load_vec("13_smcd_v1_accept");
    check_smcd_v1(SMCCLC_CLC_ACCEPT, false);
}

static void test_vec14_smcd_v1_confirm(void **state)
{
    (void)state;
    smcclc_fx_load_vec("14_smcd_v1_confirm");
    check_smcd_v1(SMCCLC_CLC_CONFIRM, false);
}

/* Linux 5.10+ also sets first contact in v1 Confirms; no FCE in v1. */
static void test_built_smcd_v1_confirm_fc(void **state)
{
    (void)state;
    smcclc_fx_load_msg("built_smcd_v1_confirm_fc");
    check_smcd_v1(SMCCLC_CLC_CONFIRM, true);
}

static const char *const eid_synthetic =
    "54 68 69 73 49 73 53 4d 43 76 32 45 49 44 30 31 " ZERO16; /* "ThisIsSMCv2EID01" */

static void check_smcd_v2_vector(uint8_t type, bool fc)
{
    smcclc_fx_decode_ok();
    check_header(EYE_D, type, fc ? 114 : 78, 2);
    check_byte7(fc, SMCCLC_TYPE_D);
    check_smcd_base(0x0123456789abcdefull, 0x0123456789abcdefull, 255, 1, 0xffffffffu);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_ISM_CHID, 0, 32, 2, 0x0123);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EID, 0, 34, eid_synthetic);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_ISM_GID_EXT, 0, 66, 8, 0);
    assert_int_equal(T.m.ism_chid, 0x0123);
    check_trailer(EYE_D);
    /* The placeholder EID has lower-case letters, which Linux refuses in a UEID:
     * flagged from its first one ('h') to the end of the EID. */
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET);
    assert_int_equal(T.m.anomalies[0].off, 35);
    assert_int_equal(T.m.anomalies[0].len, 31);
}

static void test_vec15_smcd_v2_accept(void **state)
{
    (void)state;
    smcclc_fx_load_vec("15_smcdv2_accept");
    check_smcd_v2_vector(SMCCLC_CLC_ACCEPT, false);
    check_no_fce();
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 1);
}

static void test_vec17_smcd_v2_confirm(void **state)
{
    (void)state;
    smcclc_fx_load_vec("17_smcdv2_confirm");
    check_smcd_v2_vector(SMCCLC_CLC_CONFIRM, false);
    check_no_fce();
}

/* A 36-byte SMC-D FCE at 74: release 0. */
static void check_smcd_fce_v20(const char *hostname)
{
    const struct smcclc_rec_event *g =
        smcclc_rec_group(&T.r, SMCCLC_GROUP_FCE, SMCCLC_GROUP_BEGIN, 0);

    assert_non_null(g);
    assert_int_equal(g->off, 74);
    assert_int_equal(g->len, 36);
    assert_non_null(smcclc_rec_group(&T.r, SMCCLC_GROUP_FCE, SMCCLC_GROUP_END, 0));
    /* SMC-D has no v2_direct: the whole first byte is reserved. */
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_V2_DIRECT);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 2, 74, 1, 0);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_OS_TYPE, 0, 75, 1, SMCCLC_OS_LINUX);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_RELEASE, 0, 75, 1, 0);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 1, 76, "00 00");
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_FCE_HOSTNAME, 0, 78, hostname);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 2);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_MAX_CONNS);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_FEATURE_MASK);
    assert_int_equal(T.m.os_type, SMCCLC_OS_LINUX);
    assert_int_equal(T.m.release, 0);
    assert_int_equal(T.m.max_conns, 0);
    assert_int_equal(T.m.feature_mask, 0);
}

static const char *const host_synthetic =
    "54 68 69 73 49 73 48 6f 73 74 6e 61 6d 65 30 31 " ZERO16; /* "ThisIsHostname01" */

static void test_vec16_smcd_v2_accept_fc(void **state)
{
    (void)state;
    smcclc_fx_load_vec("16_smcdv2_accept_first_contact_fce");
    check_smcd_v2_vector(SMCCLC_CLC_ACCEPT, true);
    check_smcd_fce_v20(host_synthetic);
}

static void test_vec18_smcd_v2_confirm_fc(void **state)
{
    (void)state;
    smcclc_fx_load_vec("18_smcdv2_confirm_first_contact_fce");
    check_smcd_v2_vector(SMCCLC_CLC_CONFIRM, true);
    check_smcd_fce_v20(host_synthetic);
}

/*
 * docs/protocol.md, "SMC-D, version 2": SMC-D v2 Accept, FC, release 1 (52-byte FCE), Emulated-ISM
 * CHID 0xFFFF with the second GID half at 66.
 */
static void test_built_smcd_v2_accept_fc_rel1(void **state)
{
    const struct smcclc_rec_event *g;

    (void)state;
    smcclc_fx_load_msg("built_smcd_v2_accept_fc_rel1");
    smcclc_fx_decode_ok();
    check_header(EYE_D, SMCCLC_CLC_ACCEPT, 130, 2);
    check_byte7(true, SMCCLC_TYPE_D);
    check_smcd_base(0x1122334455667788ull, 0x8877665544332211ull, 0, 2, 0x105);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_ISM_CHID, 0, 32, 2, 0xFFFF);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EID, 0, 34, UEID_HEX);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_ISM_GID_EXT, 0, 66, 8, 0x0123456789abcdefull);
    g = smcclc_rec_group(&T.r, SMCCLC_GROUP_FCE, SMCCLC_GROUP_BEGIN, 0);
    assert_non_null(g);
    assert_int_equal(g->off, 74);
    assert_int_equal(g->len, 52);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 2, 74, 1, 0);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_OS_TYPE, 0, 75, 1, SMCCLC_OS_LINUX);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_RELEASE, 0, 75, 1, 1);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 1, 76, "00 00");
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_FCE_HOSTNAME, 0, 78,
                            "62 75 69 6c 74 64 2d 73 65 72 76 65 72 20 20 20 "
                            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20");
    /* SMC-D negotiates no link limits: 110..111 stay reserved. */
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 2, 110, "00 00");
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_MAX_CONNS);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_MAX_LINKS);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_FEATURE_MASK, 0, 112, 2, SMCCLC_FEATURE_EMULATED_ISM);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_VENDOR_EXP_OPTIONS, 0, 114, 4, 0);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 3, 118, ZERO8);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 4);
    check_trailer(EYE_D);
    assert_int_equal(T.m.ism_chid, 0xFFFF);
    assert_int_equal(T.m.rmbe_size, 2);
    assert_int_equal(T.m.release, 1);
    assert_int_equal(T.m.os_type, SMCCLC_OS_LINUX);
    assert_int_equal(T.m.max_conns, 0);
    assert_int_equal(T.m.max_links, 0);
    assert_int_equal(T.m.feature_mask, 1);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* ---- SMC-R v2: captures/real/k612-01-smcr-v2-ipv4.pcap ---- */

static const struct smcr_base server_k612 = {.peer_id = "80 20 52 54 00 5c 00 01",
                                             .gid =
                                                 "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01",
                                             .mac = "52 54 00 5c 00 01",
                                             .qpn = 0x000011,
                                             .rkey = 0x3d7,
                                             .rmbe_idx = 1,
                                             .alert_token = 1,
                                             .rmbe_size = 2,
                                             .rmbe_bytes = 65536,
                                             .qp_mtu = 3,
                                             .mtu_bytes = 1024,
                                             .vaddr = 0xff20558f03a00000ull,
                                             .psn = 0x0888f2};

static const struct smcr_base client_k612 = {.peer_id = "1c 40 52 54 00 5c 00 02",
                                             .gid =
                                                 "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02",
                                             .mac = "52 54 00 5c 00 02",
                                             .qpn = 0x000011,
                                             .rkey = 0x36e,
                                             .rmbe_idx = 1,
                                             .alert_token = 1,
                                             .rmbe_size = 2,
                                             .rmbe_bytes = 65536,
                                             .qp_mtu = 3,
                                             .mtu_bytes = 1024,
                                             .vaddr = 0xff22b8b043770000ull,
                                             .psn = 0x98bdc0};

static void check_smcr_v2_head(uint8_t type, uint16_t len, bool fc, const struct smcr_base *e)
{
    smcclc_fx_decode_ok();
    check_header(EYE_R, type, len, 2);
    check_byte7(fc, SMCCLC_TYPE_R);
    check_smcr_base(e);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EID, 0, 64, UEID_HEX);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 2, 96, ZERO8);
    check_trailer(EYE_R);
}

/* The 52-byte SMC-R FCE at 104. */
static void check_smcr_fce(bool direct, uint8_t os, uint8_t release, const char *hostname)
{
    const struct smcclc_rec_event *g =
        smcclc_rec_group(&T.r, SMCCLC_GROUP_FCE, SMCCLC_GROUP_BEGIN, 0);

    assert_non_null(g);
    assert_int_equal(g->off, 104);
    assert_int_equal(g->len, 52);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_V2_DIRECT, 0, 104, 1, direct);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 1, 104, 1, 0);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_OS_TYPE, 0, 105, 1, os);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_RELEASE, 0, 105, 1, release);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 3, 106, "00 00");
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_FCE_HOSTNAME, 0, 108, hostname);
    assert_int_equal(T.m.os_type, os);
    assert_int_equal(T.m.release, release);
}

static void check_smcr_fce_v21(uint8_t max_conns, uint8_t max_links, uint16_t features)
{
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_MAX_CONNS, 0, 140, 1, max_conns);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_MAX_LINKS, 0, 141, 1, max_links);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_FEATURE_MASK, 0, 142, 2, features);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_VENDOR_EXP_OPTIONS, 0, 144, 4, 0);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 4, 148, ZERO8);
    assert_int_equal(T.m.max_conns, max_conns);
    assert_int_equal(T.m.max_links, max_links);
    assert_int_equal(T.m.feature_mask, features);
}

static const char *const host_server = "63 61 70 67 65 6e 2d 73 65 72 76 65 72 20 20 20 "
                                       "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20";
static const char *const host_client = "63 61 70 67 65 6e 2d 63 6c 69 65 6e 74 20 20 20 "
                                       "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20";

/* captures/real/k612-01-smcr-v2-ipv4.pcap frame 10: 160-byte Accept, FC, v2.1. */
static void test_real_smcr_v2_accept_fc(void **state)
{
    (void)state;
    smcclc_fx_load_msg("real_smcr_v2_accept_fc");
    check_smcr_v2_head(SMCCLC_CLC_ACCEPT, 160, true, &server_k612);
    check_smcr_fce(true, SMCCLC_OS_LINUX, 1, host_server);
    check_smcr_fce_v21(255, 2, SMCCLC_FEATURE_EMULATED_ISM);
    /* An Accept never has the GID list. */
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_GID_LIST_COUNT);
    assert_null(smcclc_rec_group(&T.r, SMCCLC_GROUP_GID_LIST, SMCCLC_GROUP_BEGIN, 0));
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 5);
    assert_int_equal(T.m.gid_list_count, 0);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* captures/real/k612-01-smcr-v2-ipv4.pcap frame 12: 180-byte Confirm, FC, one GID. */
static void test_real_smcr_v2_confirm_fc(void **state)
{
    const struct smcclc_rec_event *g;

    (void)state;
    smcclc_fx_load_msg("real_smcr_v2_confirm_fc");
    check_smcr_v2_head(SMCCLC_CLC_CONFIRM, 180, true, &client_k612);
    check_smcr_fce(true, SMCCLC_OS_LINUX, 1, host_client);
    check_smcr_fce_v21(255, 2, SMCCLC_FEATURE_EMULATED_ISM);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_GID_LIST_COUNT, 0, 156, 1, 1);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 5, 157, "00 00 00");
    g = smcclc_rec_group(&T.r, SMCCLC_GROUP_GID_LIST, SMCCLC_GROUP_BEGIN, 0);
    assert_non_null(g);
    assert_int_equal(g->off, 160);
    assert_int_equal(g->len, 16);
    assert_int_equal(g->count, 1);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_GID_LIST_ENTRY, 0, 160,
                            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02");
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_GID_LIST_ENTRY, 1);
    /* The entries sit inside the list group. */
    assert_true(smcclc_rec_index(&T.r, SMCCLC_F_GID_LIST_ENTRY, 0) > (long)(g - T.r.ev));
    assert_int_equal(T.m.gid_list_count, 1);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* Frames 58 and 64: not first contact, 108 bytes, no FCE. */
static void test_real_smcr_v2_accept_confirm_108(void **state)
{
    struct smcr_base server = server_k612, client = client_k612;

    (void)state;
    server.alert_token = 2;
    client.alert_token = 2;
    smcclc_fx_load_msg("real_smcr_v2_accept");
    check_smcr_v2_head(SMCCLC_CLC_ACCEPT, 108, false, &server);
    check_no_fce();
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 3);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);

    smcclc_fx_load_msg("real_smcr_v2_confirm");
    check_smcr_v2_head(SMCCLC_CLC_CONFIRM, 108, false, &client);
    check_no_fce();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/*
 * docs/protocol.md, "First-contact extension": a v2.0 (release 0) SMC-R FCE keeps 52 bytes,
 * 140..155 reserved.
 */
static void test_built_smcr_v2_accept_fc_rel0(void **state)
{
    (void)state;
    smcclc_fx_load_msg("built_smcr_v2_accept_fc_rel0");
    check_smcr_v2_head(SMCCLC_CLC_ACCEPT, 160, true, &server_k612);
    check_smcr_fce(true, SMCCLC_OS_LINUX, 0, host_server);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 4, 140, ZERO16);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_MAX_CONNS);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_MAX_LINKS);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_FEATURE_MASK);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_VENDOR_EXP_OPTIONS);
    assert_int_equal(T.m.max_conns, 0);
    assert_int_equal(T.m.max_links, 0);
    assert_int_equal(T.m.feature_mask, 0);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* docs/protocol.md, "SMC-R, version 2": Confirm with two GIDs, 196 bytes. */
static void test_built_smcr_v2_confirm_fc_2gids(void **state)
{
    const struct smcclc_rec_event *g;

    (void)state;
    smcclc_fx_load_msg("built_smcr_v2_confirm_fc_2gids");
    check_smcr_v2_head(SMCCLC_CLC_CONFIRM, 196, true, &client_k612);
    check_smcr_fce(true, SMCCLC_OS_LINUX, 1, host_client);
    check_smcr_fce_v21(255, 2, SMCCLC_FEATURE_EMULATED_ISM);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_GID_LIST_COUNT, 0, 156, 1, 2);
    g = smcclc_rec_group(&T.r, SMCCLC_GROUP_GID_LIST, SMCCLC_GROUP_BEGIN, 0);
    assert_non_null(g);
    assert_int_equal(g->off, 160);
    assert_int_equal(g->len, 32);
    assert_int_equal(g->count, 2);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_GID_LIST_ENTRY, 0, 160,
                            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02");
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_GID_LIST_ENTRY, 1, 176,
                            "00 00 00 00 00 00 00 00 00 00 ff ff c6 33 64 02");
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_GID_LIST_ENTRY, 2);
    assert_int_equal(T.m.gid_list_count, 2);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* OS type 1 is z/OS, a known value (SMC_CLC_OS_ZOS). */
static void test_built_smcr_v2_accept_fc_zos(void **state)
{
    (void)state;
    smcclc_fx_load_msg("built_smcr_v2_accept_fc_zos");
    check_smcr_v2_head(SMCCLC_CLC_ACCEPT, 160, true, &server_k612);
    check_smcr_fce(true, SMCCLC_OS_ZOS, 1,
                   "5a 4f 53 48 4f 53 54 31 20 20 20 20 20 20 20 20 "
                   "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20");
    assert_int_equal(T.m.os_type, SMCCLC_OS_ZOS);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* ---- deviations ---- */

static void test_chosen_type_invalid(void **state)
{
    (void)state;
    smcclc_fx_load_vec("02_");
    T.buf[7] = 0x12; /* v1, chosen type 2 ("none") */
    smcclc_fx_decode_ok();
    check_byte7(false, 2);
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_CHOSEN_TYPE, SMCCLC_ANOM_AC_EXTRA_BYTES);
    /* No layout to follow: the body is shown as bytes, nothing else. */
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 8, 56, 0);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_PEER_ID);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_ISM_GID);
    check_trailer(EYE_R);

    T.buf[7] = 0x23;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALY(&T.m, SMCCLC_ANOM_AC_CHOSEN_TYPE);
    assert_int_equal(T.m.chosen_type, 3);
}

static void test_length_rules(void **state)
{
    (void)state;
    /* v1 SMC-R is exactly 68: 72 is wrong, and 64..67 become extra bytes. */
    smcclc_fx_load_vec("02_");
    memmove(T.buf + 68, T.buf + 64, 4);
    memset(T.buf + 64, 0xAB, 4);
    T.buf[6] = 72;
    T.len = 72;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_LENGTH, SMCCLC_ANOM_AC_EXTRA_BYTES);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 64, "ab ab ab ab");
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_PSN, 0, 61, 3, 7534078);

    /* v1 SMC-R cut to 60: the fields before 56 decode, the rest do not fit. */
    smcclc_fx_load_vec("02_");
    memcpy(T.buf + 56, "\xE2\xD4\xC3\xD9", 4);
    T.buf[6] = 60;
    T.len = 60;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_LENGTH);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMBE_ALERT_TOKEN, 0, 46, 4, 5);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_RMB_VADDR);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_PSN);
    check_trailer(EYE_R);

    /* v1 SMC-D is exactly 48. */
    smcclc_fx_load_vec("13_");
    T.buf[6] = 52;
    memcpy(T.buf + 48, "\xE2\xD4\xC3\xC4", 4);
    T.len = 52;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_LENGTH, SMCCLC_ANOM_AC_EXTRA_BYTES);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 44, 4, 0);

    /* v2 SMC-R needs at least 108. */
    smcclc_fx_load_msg("real_smcr_v2_accept");
    T.buf[6] = 104;
    memcpy(T.buf + 100, "\xE2\xD4\xC3\xD9", 4);
    T.len = 104;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_LENGTH);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EID, 0, 64, UEID_HEX);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 2); /* 96..103 does not fit */

    /* v2 SMC-D needs at least 78. */
    smcclc_fx_load_vec("15_");
    T.buf[6] = 74;
    T.len = 74;
    memcpy(T.buf + 70, "\xE2\xD4\xC3\xC4", 4);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALY(&T.m, SMCCLC_ANOM_AC_LENGTH);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_ISM_GID_EXT);
}

static void test_extra_bytes_v2(void **state)
{
    (void)state;
    /* A longer v2 message is fine for Linux (a minimum only); show the rest. */
    smcclc_fx_load_msg("real_smcr_v2_accept");
    memmove(T.buf + 112, T.buf + 104, 4);
    memset(T.buf + 104, 0x5A, 8);
    T.buf[6] = 116;
    T.len = 116;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_EXTRA_BYTES);
    assert_int_equal(T.m.worst, SMCCLC_SEV_NOTE);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 104, "5a 5a 5a 5a 5a 5a 5a 5a");
    check_trailer(EYE_R);

    /* After the GID list of a Confirm. */
    smcclc_fx_load_msg("real_smcr_v2_confirm_fc");
    memmove(T.buf + 180, T.buf + 176, 4);
    memset(T.buf + 176, 0x77, 4);
    T.buf[6] = 184;
    T.len = 184;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_EXTRA_BYTES);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 176, "77 77 77 77");

    /* After a 36-byte SMC-D FCE: Wireshark's 52-byte reading would eat them. */
    smcclc_fx_load_vec("16_");
    memmove(T.buf + 126, T.buf + 110, 4);
    memset(T.buf + 110, 0, 16);
    T.buf[6] = 130;
    T.len = 130;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET, SMCCLC_ANOM_AC_EXTRA_BYTES);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 110, 16, 0);
}

static void test_fce_missing(void **state)
{
    (void)state;
    /* SMC-R Accept with FC but only 108 bytes. */
    smcclc_fx_load_msg("real_smcr_v2_accept");
    T.buf[7] = 0x28;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_FCE_MISSING);
    assert_int_equal(T.m.anomalies[0].off, 5);
    assert_null(smcclc_rec_group(&T.r, SMCCLC_GROUP_FCE, SMCCLC_GROUP_BEGIN, 0));
    assert_int_equal(T.m.release, 0xFF);
    check_trailer(EYE_R);

    /* SMC-R Accept with FC, 144 bytes: the FCE head fits, the tail does not. */
    smcclc_fx_load_msg("real_smcr_v2_accept_fc");
    T.buf[6] = 144;
    T.len = 144;
    memcpy(T.buf + 140, "\xE2\xD4\xC3\xD9", 4);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_FCE_MISSING);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_FCE_HOSTNAME, 0, 108, host_server);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_MAX_CONNS);
    assert_int_equal(smcclc_rec_group(&T.r, SMCCLC_GROUP_FCE, SMCCLC_GROUP_BEGIN, 0)->len, 36);
    assert_int_equal(T.m.release, 1);
    assert_int_equal(T.m.max_conns, 0);

    /* SMC-R Confirm with FC at 160: the FCE fits, the GID-list header does not. */
    smcclc_fx_load_msg("real_smcr_v2_accept_fc");
    T.buf[4] = SMCCLC_CLC_CONFIRM;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_FCE_MISSING);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_GID_LIST_COUNT);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_MAX_CONNS, 0, 140, 1, 255);

    /* SMC-D FC with release 1 needs 130 bytes; 114 holds only the v2.0 size. */
    smcclc_fx_load_vec("16_");
    T.buf[75] = 0x21;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET, SMCCLC_ANOM_AC_FCE_MISSING);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_FCE_HOSTNAME, 0, 78, host_synthetic);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_FEATURE_MASK);
    assert_int_equal(T.m.release, 1);

    /* SMC-D FC at 78 bytes: not even the release fits. */
    smcclc_fx_load_vec("15_");
    T.buf[7] = 0x29;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET, SMCCLC_ANOM_AC_FCE_MISSING);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_RELEASE);
    assert_int_equal(T.m.release, 0xFF);
}

static void test_gid_list_count(void **state)
{
    const struct smcclc_rec_event *g;

    (void)state;
    /* Count 3 in a message with room for one: decode the one, flag the count. */
    smcclc_fx_load_msg("real_smcr_v2_confirm_fc");
    T.buf[156] = 3;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_GID_LIST_COUNT);
    assert_int_equal(T.m.anomalies[0].off, 156);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_GID_LIST_COUNT, 0, 156, 1, 3);
    g = smcclc_rec_group(&T.r, SMCCLC_GROUP_GID_LIST, SMCCLC_GROUP_BEGIN, 0);
    assert_non_null(g);
    assert_int_equal(g->count, 1);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_GID_LIST_ENTRY, 1);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_EXTRA_BYTES);
    assert_int_equal(T.m.gid_list_count, 3);

    /* Count 255: Linux would read 4 KiB past its buffer. */
    T.buf[156] = 255;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_GID_LIST_COUNT);
    check_trailer(EYE_R);

    /* Count 0 leaves 16 bytes over. */
    T.buf[156] = 0;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_AC_EXTRA_BYTES);
    assert_int_equal(smcclc_rec_group(&T.r, SMCCLC_GROUP_GID_LIST, SMCCLC_GROUP_BEGIN, 0)->count,
                     0);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 160, 16, 0);
}

static void test_eyecatcher_unexpected(void **state)
{
    (void)state;
    /* Linux accepts either, but sends SMCD only for SMC-D. */
    smcclc_fx_load_vec("02_");
    T.buf[3] = 0xC4;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EYECATCHER_UNEXPECTED, SMCCLC_ANOM_TRAILER_MISMATCH);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_QPN, 0, 38, 3, 0xe4);

    smcclc_fx_load_vec("13_");
    T.buf[3] = 0xD9;
    T.buf[47] = 0xD9;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EYECATCHER_UNEXPECTED);
    assert_int_equal(T.m.anomalies[0].off, 0);
    assert_int_equal(T.m.anomalies[0].len, 4);
}

static void test_qp_mtu_and_sizes(void **state)
{
    static const uint8_t bad_mtu[] = {0x00, 0x06, 0x0F};
    size_t i;

    (void)state;
    smcclc_fx_load_vec("02_");
    for (i = 0; i < sizeof(bad_mtu); i++) {
        T.buf[50] = (uint8_t)(0x20 | bad_mtu[i]);
        smcclc_fx_decode_ok();
        SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_QP_MTU_INVALID);
        SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_QP_MTU, 0, 50, 1, bad_mtu[i]);
        /* No byte count for a code that has none. */
        SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_QP_MTU_BYTES);
        assert_int_equal(T.m.qp_mtu, bad_mtu[i]);
    }
    /* Since 6.11 the RMB size code may reach 15 (512 MiB). */
    T.buf[50] = 0xF5;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RMBE_SIZE_BYTES, 0, 50, 1, 512ull << 20);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_QP_MTU_BYTES, 0, 50, 1, 4096);
    assert_int_equal(T.m.rmbe_size, 15);

    /* SMC-D: the DMBE size's low nibble is reserved. */
    smcclc_fx_load_vec("13_");
    T.buf[25] = 0x63;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    assert_int_equal(T.m.anomalies[0].off, 25);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DMBE_SIZE, 0, 25, 1, 6);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DMBE_SIZE_BYTES, 0, 25, 1, 1u << 20);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 1, 25, 1, 3);
}

static void test_fce_values(void **state)
{
    (void)state;
    /* Release 2 is not defined yet; parsed with the v2.1 layout. */
    smcclc_fx_load_msg("real_smcr_v2_accept_fc");
    T.buf[105] = 0x22;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RELEASE_UNKNOWN);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_MAX_CONNS, 0, 140, 1, 255);
    assert_int_equal(T.m.release, 2);

    /* OS 0, 4 and 15 are not in the table (15 is only Wireshark's "unknown"). */
    T.buf[105] = 0x01;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_OS_UNKNOWN);
    assert_int_equal(T.m.os_type, 0);
    T.buf[105] = 0x41;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_OS_UNKNOWN);
    T.buf[105] = 0xF1;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_OS_UNKNOWN);
    T.buf[105] = 0x21;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    T.buf[105] = 0x31;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    assert_int_equal(T.m.os_type, SMCCLC_OS_AIX);

    /* Routed ("indirect") SMC-Rv2 and reserved FCE bits. */
    T.buf[104] = 0x00;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_V2_DIRECT, 0, 104, 1, 0);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    T.buf[104] = 0x81;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 1, 104, 1, 1);

    /* SMC-D has no v2_direct: the bit is reserved there. */
    smcclc_fx_load_vec("16_");
    T.buf[74] = 0x80;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET, SMCCLC_ANOM_RESERVED_NONZERO);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_V2_DIRECT);
}

/*
 * The EID rule is Linux's smc_clc_ueid_valid() (net/smc/smc_clc.c), the same
 * for the Proposal's UEIDs and for this EID: the anomaly runs from the first
 * byte Linux refuses to the end of the EID.
 */
static void test_eid_charset(void **state)
{
    static const struct {
        const char *eid;
        size_t bad; /* first refused byte, 32 for a valid EID */
    } cases[] = {
        {"SMC-CAPGEN-UEID", 32}, {"IBM-SYSZ-ISMSEID00000000AF3D55AA", 32},
        {"A.B-C9", 32},          {"", 0},
        {"smc-ueid", 0},         {"-LEADINGDASH", 0},
        {".LEADINGDOT", 0},      {"HAS SPACE", 3},
        {"UNDER_SCORE", 5},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        smcclc_fx_load_msg("real_smcr_v2_accept");
        memset(T.buf + 64, ' ', 32);
        memcpy(T.buf + 64, cases[i].eid, strlen(cases[i].eid));
        smcclc_fx_decode_ok();
        if (cases[i].bad == 32) {
            SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
        } else {
            SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET);
            assert_int_equal(T.m.anomalies[0].off, 64 + cases[i].bad);
            assert_int_equal(T.m.anomalies[0].len, 32 - cases[i].bad);
        }
    }
    /*
     * NUL is padding nowhere in Linux: smcr ueid pads with blanks, the kernel
     * strips only white space and compares all 32 bytes. An all-zero EID (the
     * case this decoder once let pass as "no EID") and NUL padding are
     * flagged, as they are in a Proposal; trailing white space other than
     * blanks is padding, as isspace() says in the kernel.
     */
    smcclc_fx_load_msg("real_smcr_v2_accept");
    memset(T.buf + 64, 0, 32);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET);
    assert_int_equal(T.m.anomalies[0].off, 64);
    assert_int_equal(T.m.anomalies[0].len, 32);
    memcpy(T.buf + 64, "ABC", 3);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET);
    assert_int_equal(T.m.anomalies[0].off, 67);
    assert_int_equal(T.m.anomalies[0].len, 29);
    memset(T.buf + 67, ' ', 29);
    T.buf[95] = '\t';
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    /* The SMC-D EID sits at 34. */
    smcclc_fx_load_msg("built_smcd_v2_accept_fc_rel1");
    T.buf[40] = 'x';
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET);
    assert_int_equal(T.m.anomalies[0].off, 40);
}

/* The two decoders once disagreed on NUL padding: the same EID, the same answer. */
static void test_eid_rule_shared_with_proposal(void **state)
{
    static const uint8_t nul_padded[32] = {'S', 'M', 'C', '-', 'U', 'E', 'I', 'D'};
    struct smcclc_clc_msg prop;
    uint8_t eid[32];
    size_t e;

    (void)state;
    /* captures/real/k612-01, frame 8: a Proposal with one UEID at 120 */
    smcclc_fx_load_msg("real_smcr_v2_proposal");
    e = 120;
    memcpy(T.buf + e, nul_padded, sizeof(nul_padded));
    smcclc_fx_decode_ok();
    prop = T.m;
    SMCCLC_ASSERT_ANOMALIES(&prop, SMCCLC_ANOM_EID_CHARSET);
    assert_int_equal(prop.anomalies[0].off, e + 8);
    assert_int_equal(prop.anomalies[0].len, 24);

    smcclc_fx_load_msg("real_smcr_v2_accept");
    memcpy(T.buf + 64, nul_padded, sizeof(nul_padded));
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EID_CHARSET);
    assert_int_equal(T.m.anomalies[0].off, 64 + 8);
    assert_int_equal(T.m.anomalies[0].len, 24);

    memcpy(eid, nul_padded, sizeof(eid));
    assert_int_equal(smcclc_eid_bad_at(eid, sizeof(eid)), 8);
    memset(eid + 8, ' ', 24);
    assert_int_equal(smcclc_eid_bad_at(eid, sizeof(eid)), 32);
}

static void test_reserved_and_version(void **state)
{
    (void)state;
    /* Byte 7's 0x04 is reserved in Accept/Confirm. */
    smcclc_fx_load_vec("02_");
    T.buf[7] = 0x1C;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 0, 7, 1, 1);
    assert_int_equal(T.m.anomalies[0].off, 7);

    /* Reserved bytes of the body. */
    smcclc_fx_load_msg("real_smcr_v2_accept_fc");
    T.buf[99] = 1;
    T.buf[150] = 1;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    assert_int_equal(T.m.anomaly_count, 2);
    assert_int_equal(T.m.anomalies[0].off, 99);
    assert_int_equal(T.m.anomalies[1].off, 150);

    /* Version 3 is read with the v2 layout (Linux: "not 1"). */
    smcclc_fx_load_msg("real_smcr_v2_accept_fc");
    T.buf[7] = 0x38;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_VERSION_UNKNOWN);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_MAX_CONNS, 0, 140, 1, 255);
    /* Version 0 is rejected by Linux; the v1 layout is the only guess. */
    smcclc_fx_load_vec("02_");
    T.buf[7] = 0x08;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_VERSION_ZERO);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_PSN, 0, 61, 3, 7534078);
}

/* Cut by snaplen: every field that is there decodes, nothing is invented. */
static void test_truncated(void **state)
{
    (void)state;
    smcclc_fx_load_msg("real_smcr_v2_accept_fc");
    assert_int_equal(smcclc_fx_decode_n(100), SMCCLC_DECODE_TRUNCATED);
    assert_true(T.m.truncated);
    assert_int_equal(T.m.decoded, 100);
    assert_int_equal(T.m.length, 160);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_PSN, 0, 61, 3, 0x0888f2);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_EID, 0, 64, UEID_HEX);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 2);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_OS_TYPE);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_TRAILER);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    assert_int_equal(T.m.qpn, 0x11);
    assert_int_equal(T.m.release, 0xFF);

    /* Cut inside the FCE tail: the head is there, the release too. */
    assert_int_equal(smcclc_fx_decode_n(142), SMCCLC_DECODE_TRUNCATED);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_FCE_MAX_LINKS, 0, 141, 1, 2);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_FEATURE_MASK);
    assert_int_equal(T.m.release, 1);
    assert_int_equal(T.m.max_conns, 255);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);

    /* Confirm cut before the GID count: no guess about the list or extra bytes. */
    smcclc_fx_load_msg("real_smcr_v2_confirm_fc");
    assert_int_equal(smcclc_fx_decode_n(156), SMCCLC_DECODE_TRUNCATED);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_GID_LIST_COUNT);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    assert_int_equal(smcclc_fx_decode_n(170), SMCCLC_DECODE_TRUNCATED);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_GID_LIST_COUNT, 0, 156, 1, 1);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_GID_LIST_ENTRY);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);

    /* SMC-D cut before the FCE release. */
    smcclc_fx_load_msg("built_smcd_v2_accept_fc_rel1");
    assert_int_equal(smcclc_fx_decode_n(75), SMCCLC_DECODE_TRUNCATED);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_ISM_GID_EXT, 0, 66, 8, 0x0123456789abcdefull);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FCE_RELEASE);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vec02_smcr_v1_accept_fc),
        cmocka_unit_test(test_vec03_smcr_v1_confirm),
        cmocka_unit_test(test_vec06_smcr_v1_accept_fc_ipv6),
        cmocka_unit_test(test_vec07_smcr_v1_confirm_ipv6),
        cmocka_unit_test(test_vec13_smcd_v1_accept),
        cmocka_unit_test(test_vec14_smcd_v1_confirm),
        cmocka_unit_test(test_built_smcd_v1_confirm_fc),
        cmocka_unit_test(test_vec15_smcd_v2_accept),
        cmocka_unit_test(test_vec16_smcd_v2_accept_fc),
        cmocka_unit_test(test_vec17_smcd_v2_confirm),
        cmocka_unit_test(test_vec18_smcd_v2_confirm_fc),
        cmocka_unit_test(test_built_smcd_v2_accept_fc_rel1),
        cmocka_unit_test(test_real_smcr_v2_accept_fc),
        cmocka_unit_test(test_real_smcr_v2_confirm_fc),
        cmocka_unit_test(test_real_smcr_v2_accept_confirm_108),
        cmocka_unit_test(test_built_smcr_v2_accept_fc_rel0),
        cmocka_unit_test(test_built_smcr_v2_confirm_fc_2gids),
        cmocka_unit_test(test_built_smcr_v2_accept_fc_zos),
        cmocka_unit_test(test_chosen_type_invalid),
        cmocka_unit_test(test_length_rules),
        cmocka_unit_test(test_extra_bytes_v2),
        cmocka_unit_test(test_fce_missing),
        cmocka_unit_test(test_gid_list_count),
        cmocka_unit_test(test_eyecatcher_unexpected),
        cmocka_unit_test(test_qp_mtu_and_sizes),
        cmocka_unit_test(test_fce_values),
        cmocka_unit_test(test_eid_charset),
        cmocka_unit_test(test_eid_rule_shared_with_proposal),
        cmocka_unit_test(test_reserved_and_version),
        cmocka_unit_test(test_truncated),
    };
    return cmocka_run_group_tests(tests, smcclc_fx_setup, smcclc_fx_teardown);
}
