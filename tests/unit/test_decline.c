/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of the Decline decoder (core/src/decline.c), docs/protocol.md
 * "Decline" and "Validation rules": the Decline vectors, the real v1 and v2
 * Declines of captures/real, hand-built shapes, and every Decline anomaly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smctest.h"
#include "fixture.h"

#define EYE_R 0xE2D4C3D9u

/* One decode at a time: support/fixture.c; T is its state. */
#define T smcclc_fx

/* A Decline with a new length: the trailer moves, the bytes between are 0x00. */
static void relength(size_t len)
{
    uint8_t trailer[4];

    memcpy(trailer, T.buf + T.len - 4, 4);
    if (len > T.len)
        memset(T.buf + T.len - 4, 0, len - T.len + 4);
    memcpy(T.buf + len - 4, trailer, 4);
    smcclc_put_be(T.buf, 5, 2, len);
    T.len = len;
}

struct decl_exp {
    uint16_t len;
    uint8_t version;
    bool oos;
    const char *peer_id;
    uint32_t code;
    const char *name;
    int os; /* -1: v1, byte 20 reserved */
};

static void check_decline(const struct decl_exp *e)
{
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_SMC, 0, 0, 4, EYE_R);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_TYPE, 0, 4, 1, SMCCLC_CLC_DECLINE);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_LENGTH, 0, 5, 2, e->len);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_VERSION, 0, 7, 1, e->version);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_OUT_OF_SYNC, 0, 7, 1, e->oos);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 0, 7, 1, 0);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_PEER_ID, 0, 8, e->peer_id);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DIAG_CODE, 0, 16, 4, e->code);
    SMCCLC_ASSERT_FIELD_STR(&T.r, SMCCLC_F_DIAG_NAME, 0, 16, e->name);
    assert_int_equal(smcclc_rec_field(&T.r, SMCCLC_F_DIAG_NAME, 0)->len, 4);
    if (e->os < 0) {
        SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_OS_TYPE);
        SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 0, 20, "00");
        SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 1, 21, "00 00 00");
        SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 2);
        assert_int_equal(T.m.os_type, 0);
    } else {
        SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_OS_TYPE, 0, 20, 1, (unsigned)e->os);
        SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 1, 20, 1, 0);
        SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_RESERVED, 0, 21, "00 00 00");
        SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_RESERVED, 1);
        assert_int_equal(T.m.os_type, e->os);
    }
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_TRAILER, 0, e->len - 4u, 4, EYE_R);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_EXTRA_BYTES);
    /* Accept/Confirm fields never appear in a Decline. */
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_FIRST_CONTACT);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_CHOSEN_TYPE);

    assert_int_equal(T.m.type, SMCCLC_CLC_DECLINE);
    assert_int_equal(T.m.length, e->len);
    assert_int_equal(T.m.version, e->version);
    assert_int_equal(T.m.diag_code, e->code);
    assert_int_equal(T.m.out_of_sync, e->oos);
    assert_int_equal(T.m.release, 0xFF);
    assert_int_equal(T.m.chosen_type, 0);
    assert_false(T.m.truncated);
}

static void check_extra_codes(const uint32_t codes[4])
{
    const struct smcclc_rec_event *g =
        smcclc_rec_group(&T.r, SMCCLC_GROUP_DIAG_EXTRA, SMCCLC_GROUP_BEGIN, 0);
    unsigned i;

    assert_non_null(g);
    assert_int_equal(g->off, 24);
    assert_int_equal(g->len, 16);
    assert_int_equal(g->count, 4);
    assert_non_null(smcclc_rec_group(&T.r, SMCCLC_GROUP_DIAG_EXTRA, SMCCLC_GROUP_END, 0));
    for (i = 0; i < 4; i++)
        SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DIAG_EXTRA_CODE, i, 24 + 4 * i, 4, codes[i]);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_DIAG_EXTRA_CODE, 4);
}

static void check_no_extra_codes(void)
{
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_DIAG_EXTRA_CODE);
    assert_null(smcclc_rec_group(&T.r, SMCCLC_GROUP_DIAG_EXTRA, SMCCLC_GROUP_BEGIN, 0));
}

static const uint32_t zero_codes[4] = {0, 0, 0, 0};

/* Vector 04: captured v1 NOSMCDEV from a host without RoCE ("%%%%%%%\0" peer ID). */
static void test_vec04_v1_nosmcdev(void **state)
{
    const struct decl_exp e = {.len = 28,
                               .version = 1,
                               .oos = false,
                               .peer_id = "25 25 25 25 25 25 25 00",
                               .code = 0x03030000u,
                               .name = "NOSMCDEV",
                               .os = -1};
    (void)state;
    smcclc_fx_load_vec("04_smcr_v1_decline_ipv4_lo_nosmcdev");
    smcclc_fx_decode_ok();
    check_decline(&e);
    check_no_extra_codes();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* Vector 24: version 2 in 28 bytes, as Linux 5.10-5.15 sent it. */
static void test_vec24_v2_len28(void **state)
{
    const struct decl_exp e = {.len = 28,
                               .version = 2,
                               .oos = false,
                               .peer_id = "25 25 25 25 25 25 25 00",
                               .code = 0x03030000u,
                               .name = "NOSMCDEV",
                               .os = SMCCLC_OS_LINUX};
    (void)state;
    smcclc_fx_load_vec("24_v2_decline_len28");
    smcclc_fx_decode_ok();
    check_decline(&e);
    check_no_extra_codes();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_V2_SHORT);
    assert_int_equal(T.m.anomalies[0].off, 5);
    assert_int_equal(T.m.worst, SMCCLC_SEV_WARN);
}

/* captures/real/k612-07-server-no-rdma-dev.pcap frame 8: server's v2 NOSMCRDEV. */
static void test_real_v2_nosmcrdev(void **state)
{
    const struct decl_exp e = {.len = 44,
                               .version = 2,
                               .oos = false,
                               .peer_id = "80 20 52 54 00 5c 00 01",
                               .code = 0x03030002u,
                               .name = "NOSMCRDEV",
                               .os = SMCCLC_OS_LINUX};
    (void)state;
    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    smcclc_fx_decode_ok();
    check_decline(&e);
    check_extra_codes(zero_codes);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* captures/real/k612-04-ipv6-client-decline.pcap frame 6: client's v1 NOSMCDEV. */
static void test_real_v1_client_nosmcdev(void **state)
{
    const struct decl_exp e = {.len = 28,
                               .version = 1,
                               .oos = false,
                               .peer_id = "1c 40 52 54 00 5c 00 02",
                               .code = 0x03030000u,
                               .name = "NOSMCDEV",
                               .os = -1};
    (void)state;
    smcclc_fx_load_msg("real_decline_v1_nosmcdev");
    smcclc_fx_decode_ok();
    check_decline(&e);
    check_no_extra_codes();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* SYNCERR goes with the out-of-sync flag (docs/protocol.md, "Decline"). */
static void test_built_syncerr(void **state)
{
    const struct decl_exp v2 = {.len = 44,
                                .version = 2,
                                .oos = true,
                                .peer_id = "80 20 52 54 00 5c 00 01",
                                .code = 0x04000000u,
                                .name = "SYNCERR",
                                .os = SMCCLC_OS_LINUX};
    const struct decl_exp v1 = {.len = 28,
                                .version = 1,
                                .oos = true,
                                .peer_id = "1c 40 52 54 00 5c 00 02",
                                .code = 0x04000000u,
                                .name = "SYNCERR",
                                .os = -1};
    (void)state;
    smcclc_fx_load_msg("built_decline_v2_syncerr");
    smcclc_fx_decode_ok();
    check_decline(&v2);
    check_extra_codes(zero_codes);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);

    smcclc_fx_load_msg("built_decline_v1_syncerr");
    smcclc_fx_decode_ok();
    check_decline(&v1);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

/* docs/protocol.md, "Decline": a z/OS peer's v2 Decline (OS type 1). */
static void test_built_zos(void **state)
{
    const struct decl_exp e = {.len = 44,
                               .version = 2,
                               .oos = false,
                               .peer_id = "80 20 52 54 00 5c 00 01",
                               .code = 0x03070000u,
                               .name = "DIFFPREFIX",
                               .os = SMCCLC_OS_ZOS};
    (void)state;
    smcclc_fx_load_msg("built_decline_v2_zos");
    smcclc_fx_decode_ok();
    check_decline(&e);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

static void test_extra_codes_values(void **state)
{
    static const uint32_t codes[4] = {0x01010000u, 0x09990003u, 0xdeadbeefu, 0};

    (void)state;
    /* Linux sends zeros and ignores them; other peers may fill them. */
    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    smcclc_put_be(T.buf, 24, 4, codes[0]);
    smcclc_put_be(T.buf, 28, 4, codes[1]);
    smcclc_put_be(T.buf, 32, 4, codes[2]);
    smcclc_fx_decode_ok();
    check_extra_codes(codes);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
}

static void test_sync_flag_mismatch(void **state)
{
    (void)state;
    /* Flag without SYNCERR. */
    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    T.buf[7] = 0x28;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_SYNC_FLAG);
    assert_int_equal(T.m.anomalies[0].off, 7);
    assert_true(T.m.out_of_sync);
    /* SYNCERR without the flag. */
    smcclc_fx_load_msg("built_decline_v2_syncerr");
    T.buf[7] = 0x20;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_SYNC_FLAG);
    assert_false(T.m.out_of_sync);
    assert_int_equal(T.m.diag_code, 0x04000000u);
}

static void test_type_bits(void **state)
{
    (void)state;
    smcclc_fx_load_vec("04_");
    /* 1 was tolerated by Linux before 6.17, still reserved. */
    T.buf[7] = 0x11;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 0, 7, 1, 1);
    /* 2 and 3 made pre-6.17 receivers abort. */
    T.buf[7] = 0x13;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO, SMCCLC_ANOM_DECL_TYPE_BITS);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 0, 7, 1, 3);
    T.buf[7] = 0x12;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALY(&T.m, SMCCLC_ANOM_DECL_TYPE_BITS);
    /* The 0x04 bit alone. */
    T.buf[7] = 0x14;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 0, 7, 1, 4);
}

static void test_lengths(void **state)
{
    static const uint8_t extra[12] = {0};
    const struct smcclc_field_event *f;

    (void)state;
    /* v1 is exactly 28: at 40 the v1 fields decode and 24..35 are shown as bytes. */
    smcclc_fx_load_vec("04_");
    relength(40);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_LENGTH);
    assert_int_equal(T.m.anomalies[0].off, 5);
    assert_int_equal(T.m.worst, SMCCLC_SEV_ERROR);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DIAG_CODE, 0, 16, 4, 0x03030000u);
    SMCCLC_ASSERT_FIELD_BYTES(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 24, 12, extra);
    check_no_extra_codes();
    /* ... and the extra bytes are a length error, not an Accept/Confirm note. */
    SMCCLC_ASSERT_NO_ANOMALY(&T.m, SMCCLC_ANOM_AC_EXTRA_BYTES);

    /* v1 shorter than 28: what fits before the trailer. */
    smcclc_fx_load_vec("04_");
    relength(20);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_LENGTH);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_PEER_ID, 0, 8, "25 25 25 25 25 25 25 00");
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_DIAG_CODE);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_DIAG_NAME);
    assert_int_equal(T.m.diag_code, 0);

    /* v2 is exactly 44 (28 has its own anomaly). */
    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    relength(36);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_LENGTH);
    /* The extra codes that fit are shown. */
    f = smcclc_rec_field(&T.r, SMCCLC_F_DIAG_EXTRA_CODE, 1);
    assert_non_null(f);
    assert_int_equal(f->off, 28);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_DIAG_EXTRA_CODE, 2);
    assert_int_equal(smcclc_rec_group(&T.r, SMCCLC_GROUP_DIAG_EXTRA, SMCCLC_GROUP_BEGIN, 0)->count,
                     2);

    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    relength(48);
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_LENGTH);
    check_extra_codes(zero_codes);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_EXTRA_BYTES, 0, 40, 4, 0);

    /* Version 3 is read as v2. */
    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    T.buf[7] = 0x30;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_VERSION_UNKNOWN);
    check_extra_codes(zero_codes);
}

static void test_unknown_code(void **state)
{
    static const uint32_t unknown[] = {0x0303000cu, 0x03030000u + 0x100u, 0x00000000u, 0x99990000u,
                                       0xffffffffu};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
        smcclc_put_be(T.buf, 16, 4, unknown[i]);
        smcclc_fx_decode_ok();
        SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_DECL_CODE_UNKNOWN);
        assert_int_equal(T.m.anomalies[0].off, 16);
        assert_int_equal(T.m.anomalies[0].len, 4);
        SMCCLC_ASSERT_FIELD_STR(&T.r, SMCCLC_F_DIAG_NAME, 0, 16, SMCCLC_DECLINE_UNKNOWN_NAME);
        SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DIAG_CODE, 0, 16, 4, unknown[i]);
        assert_int_equal(T.m.diag_code, unknown[i]);
    }
}

static void test_every_table_code_named(void **state)
{
    const struct smcclc_decline_info *row;

    (void)state;
    for (row = smcclc_decline_table; row->name != NULL; row++) {
        smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
        smcclc_put_be(T.buf, 16, 4, row->code);
        if (row->code == SMCCLC_DECL_SYNCERR)
            T.buf[7] |= 0x08;
        smcclc_fx_decode_ok();
        SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
        SMCCLC_ASSERT_FIELD_STR(&T.r, SMCCLC_F_DIAG_NAME, 0, 16, row->name);
    }
}

static void test_eyecatcher_and_trailer(void **state)
{
    (void)state;
    /* Linux always sends SMCR in a Decline. */
    smcclc_fx_load_vec("04_");
    T.buf[3] = 0xC4;
    T.buf[27] = 0xC4;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_EYECATCHER_UNEXPECTED);
    assert_int_equal(T.m.anomalies[0].off, 0);
    assert_int_equal(T.m.anomalies[0].len, 4);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_DIAG_CODE, 0, 16, 4, 0x03030000u);
    /* Linux never checks the Decline trailer: a warning, not an error. */
    smcclc_fx_load_vec("04_");
    T.buf[27] = 0;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_TRAILER_BAD_DECLINE);
    assert_int_equal(T.m.worst, SMCCLC_SEV_WARN);
}

static void test_os_and_reserved(void **state)
{
    (void)state;
    /* OS 0 or 4..15 in a v2 Decline is no known system. */
    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    T.buf[20] = 0x00;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_OS_UNKNOWN);
    assert_int_equal(T.m.anomalies[0].off, 20);
    T.buf[20] = 0x70;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_OS_UNKNOWN);
    assert_int_equal(T.m.os_type, 7);
    /* 15 is not a kernel value either (only Wireshark names it "unknown"). */
    T.buf[20] = 0xF0;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_OS_UNKNOWN);
    T.buf[20] = 0x20;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    /* Low nibble reserved. */
    T.buf[20] = 0x23;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_RESERVED_BITS, 1, 20, 1, 3);
    /* In v1 the whole byte is reserved. */
    smcclc_fx_load_vec("04_");
    T.buf[20] = 0x20;
    T.buf[22] = 0x01;
    smcclc_fx_decode_ok();
    SMCCLC_ASSERT_ANOMALIES(&T.m, SMCCLC_ANOM_RESERVED_NONZERO);
    assert_int_equal(T.m.anomaly_count, 2);
    assert_int_equal(T.m.anomalies[0].off, 20);
    assert_int_equal(T.m.anomalies[1].off, 22);
    assert_int_equal(T.m.os_type, 0);
}

static void test_truncated(void **state)
{
    size_t n;

    (void)state;
    smcclc_fx_load_msg("real_decline_v2_nosmcrdev");
    assert_int_equal(smcclc_fx_decode_n(19), SMCCLC_DECODE_TRUNCATED);
    SMCCLC_ASSERT_FIELD_HEX(&T.r, SMCCLC_F_PEER_ID, 0, 8, "80 20 52 54 00 5c 00 01");
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_DIAG_CODE);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_DIAG_NAME);
    SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    assert_int_equal(T.m.diag_code, 0);

    assert_int_equal(smcclc_fx_decode_n(30), SMCCLC_DECODE_TRUNCATED);
    SMCCLC_ASSERT_FIELD_STR(&T.r, SMCCLC_F_DIAG_NAME, 0, 16, "NOSMCRDEV");
    SMCCLC_ASSERT_FIELD_U(&T.r, SMCCLC_F_OS_TYPE, 0, 20, 1, SMCCLC_OS_LINUX);
    SMCCLC_ASSERT_FIELD_COUNT(&T.r, SMCCLC_F_DIAG_EXTRA_CODE, 1);
    SMCCLC_ASSERT_NO_FIELD(&T.r, SMCCLC_F_TRAILER);
    assert_int_equal(T.m.diag_code, 0x03030002u);
    assert_true(T.m.truncated);

    /* A SYNCERR cut before the code must not claim the flag disagrees. */
    smcclc_fx_load_msg("built_decline_v2_syncerr");
    for (n = 8; n < T.len; n++) {
        assert_int_equal(smcclc_fx_decode_n(n), SMCCLC_DECODE_TRUNCATED);
        SMCCLC_ASSERT_NO_ANOMALIES(&T.m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vec04_v1_nosmcdev),
        cmocka_unit_test(test_vec24_v2_len28),
        cmocka_unit_test(test_real_v2_nosmcrdev),
        cmocka_unit_test(test_real_v1_client_nosmcdev),
        cmocka_unit_test(test_built_syncerr),
        cmocka_unit_test(test_built_zos),
        cmocka_unit_test(test_extra_codes_values),
        cmocka_unit_test(test_sync_flag_mismatch),
        cmocka_unit_test(test_type_bits),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_unknown_code),
        cmocka_unit_test(test_every_table_code_named),
        cmocka_unit_test(test_eyecatcher_and_trailer),
        cmocka_unit_test(test_os_and_reserved),
        cmocka_unit_test(test_truncated),
    };
    return cmocka_run_group_tests(tests, smcclc_fx_setup, smcclc_fx_teardown);
}
