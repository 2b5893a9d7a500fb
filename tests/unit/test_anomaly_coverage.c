/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every anomaly of SMCCLC_ANOMALY_LIST has an input that triggers it: the table
 * below is indexed by the anomaly enum and the test walks SMCCLC_ANOMALY_COUNT,
 * so a new row in tables.h without a trigger here fails. Every valid real or
 * captured message triggers none; the synthetic vectors that are off on
 * purpose trigger exactly what they are off by.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smctest.h"

struct patch {
    uint16_t off;
    const char *hex; /* bytes written at off */
};

/*
 * A trigger: a base message (a name from smcclc_msgs or a vector name prefix),
 * optionally a new length (the trailer moves, the bytes between are zero),
 * then patches. The comment says which rule (docs/protocol.md, "Validation rules") is broken.
 */
struct trigger {
    const char *base;
    uint16_t relength;
    struct patch patches[4];
};

static const struct trigger triggers[SMCCLC_ANOMALY_COUNT] = {
    /* version nibble 0 */
    [SMCCLC_ANOM_VERSION_ZERO] = {"04_", 0, {{7, "00"}}},
    /* versions >= 3 parse as v2 */
    [SMCCLC_ANOM_VERSION_UNKNOWN] = {"real_decline_v2_nosmcrdev", 0, {{7, "30"}}},
    /* trailer of types 1..3 is checked */
    [SMCCLC_ANOM_TRAILER_BAD] = {"02_", 0, {{64, "00 00 00 00"}}},
    [SMCCLC_ANOM_TRAILER_BAD_DECLINE] = {"04_", 0, {{24, "e2 d4 c3 00"}}},
    [SMCCLC_ANOM_TRAILER_MISMATCH] = {"02_", 0, {{67, "c4"}}},
    /* Declines always carry SMCR */
    [SMCCLC_ANOM_EYECATCHER_UNEXPECTED] = {"04_", 0, {{3, "c4"}, {27, "c4"}}},
    /* reserved is zero */
    [SMCCLC_ANOM_RESERVED_NONZERO] = {"02_", 0, {{51, "01"}}},
    /* the v2 length formula; 4 bytes too many */
    [SMCCLC_ANOM_PROP_LENGTH] = {"real_smcr_v2_proposal", 160, {{0, NULL}}},
    /* a client with nothing to offer declines instead */
    [SMCCLC_ANOM_PROP_NO_TYPES] = {"real_smcr_v2_proposal", 0, {{7, "2a"}}},
    /* v1 with typev1 N */
    [SMCCLC_ANOM_PROP_V1_TYPE_NONE] = {"01_", 0, {{7, "12"}}},
    /* iparea_offset above 40 */
    [SMCCLC_ANOM_PROP_IPAREA_OFFSET] = {"10_", 0, {{38, "00 30"}}},
    /* typev1 D needs iparea_offset 40 */
    [SMCCLC_ANOM_PROP_IPAREA_OFFSET_SMCD] = {"10_", 0, {{38, "00 00"}}},
    /* at most 8 IPv6 prefixes */
    [SMCCLC_ANOM_PROP_IPV6_COUNT] = {"01_", 0, {{47, "09"}}},
    /* v2_ext_offset 1..172 */
    [SMCCLC_ANOM_PROP_V2EXT_OFFSET] = {"real_smcr_v2_proposal", 0, {{50, "00 ad"}}},
    /* at most 8 EIDs */
    [SMCCLC_ANOM_PROP_EID_COUNT] = {"real_smcr_v2_proposal", 0, {{80, "09"}}},
    /* at most 8 GID entries when SMC-Dv2 is offered */
    [SMCCLC_ANOM_PROP_GID_COUNT] = {"built_smcd_v2_proposal_emulated", 0, {{81, "09"}}},
    /* smcd_v2_ext_offset 1..288 */
    [SMCCLC_ANOM_PROP_SMCDV2EXT_OFFSET] = {"built_smcd_v2_proposal_emulated", 0, {{86, "01 21"}}},
    /* a count that points past the end (2 EIDs, room for 1) */
    [SMCCLC_ANOM_PROP_REGION_OUTSIDE] = {"real_smcr_v2_proposal", 0, {{80, "02"}}},
    /* no gaps; the extension moved 4 bytes on */
    [SMCCLC_ANOM_PROP_LAYOUT_GAP] = {"real_smcr_v2_proposal",
                                     0,
                                     {{50, "00 20"}, {80, "00 00 00 00 01 00 00 10"}}},
    /* an Emulated-ISM entry needs its second half (same CHID) */
    [SMCCLC_ANOM_PROP_EMULATED_UNPAIRED] = {"built_smcd_v2_proposal_emulated", 0, {{186, "01 23"}}},
    /* UEID characters */
    [SMCCLC_ANOM_EID_CHARSET] = {"real_smcr_v2_accept", 0, {{64, "73 6d 63"}}},
    /* chosen type 0 or 1 */
    [SMCCLC_ANOM_AC_CHOSEN_TYPE] = {"02_", 0, {{7, "12"}}},
    /* v1 SMC-R is exactly 68 */
    [SMCCLC_ANOM_AC_LENGTH] = {"02_", 72, {{0, NULL}}},
    /* FC set but no room for the FCE */
    [SMCCLC_ANOM_AC_FCE_MISSING] = {"real_smcr_v2_accept", 0, {{7, "28"}}},
    /* GID count bounded by the length */
    [SMCCLC_ANOM_AC_GID_LIST_COUNT] = {"real_smcr_v2_confirm_fc", 0, {{156, "02"}}},
    /* bytes between the last field and the trailer */
    [SMCCLC_ANOM_AC_EXTRA_BYTES] = {"real_smcr_v2_accept", 112, {{0, NULL}}},
    /* release 0 or 1 */
    [SMCCLC_ANOM_RELEASE_UNKNOWN] = {"real_smcr_v2_accept_fc", 0, {{105, "22"}}},
    /* IB MTU enum 1..5 */
    [SMCCLC_ANOM_QP_MTU_INVALID] = {"02_", 0, {{50, "27"}}},
    /* OS types 1, 2, 3 (15) */
    [SMCCLC_ANOM_OS_UNKNOWN] = {"real_smcr_v2_accept_fc", 0, {{105, "51"}}},
    /* Decline 28 or 44 */
    [SMCCLC_ANOM_DECL_LENGTH] = {"real_decline_v2_nosmcrdev", 48, {{0, NULL}}},
    /* 28-byte v2 Decline */
    [SMCCLC_ANOM_DECL_V2_SHORT] = {"04_", 0, {{7, "20"}}},
    /* low bits above 1 (before 6.17) */
    [SMCCLC_ANOM_DECL_TYPE_BITS] = {"04_", 0, {{7, "12"}}},
    /* flag without SYNCERR */
    [SMCCLC_ANOM_DECL_SYNC_FLAG] = {"04_", 0, {{7, "18"}}},
    /* a code Linux does not define */
    [SMCCLC_ANOM_DECL_CODE_UNKNOWN] = {"04_", 0, {{16, "03 03 00 0c"}}},
};

static size_t load_base(const char *name, uint8_t *buf)
{
    struct smcclc_vec v;

    if (smcclc_msg_find(name) != NULL)
        return SMCCLC_MSG(name, buf, SMCCLC_VEC_MAX);
    SMCCLC_VEC_LOAD(name, &v);
    memcpy(buf, v.bytes, v.len);
    return v.len;
}

static size_t build(const struct trigger *t, uint8_t *buf)
{
    size_t len = load_base(t->base, buf), i;

    if (t->relength != 0) {
        uint8_t trailer[4];
        memcpy(trailer, buf + len - 4, 4);
        if (t->relength > len)
            memset(buf + len - 4, 0, t->relength - len + 4);
        memcpy(buf + t->relength - 4, trailer, 4);
        smcclc_put_be(buf, 5, 2, t->relength);
        len = t->relength;
    }
    for (i = 0; i < sizeof(t->patches) / sizeof(t->patches[0]); i++) {
        uint8_t bytes[64];
        size_t n;
        if (t->patches[i].hex == NULL)
            continue;
        n = SMCCLC_HEX(t->patches[i].hex, bytes, sizeof(bytes));
        assert_true(t->patches[i].off + n <= len);
        memcpy(buf + t->patches[i].off, bytes, n);
    }
    return len;
}

static void test_every_anomaly_has_a_trigger(void **state)
{
    static uint8_t buf[SMCCLC_VEC_MAX];
    static struct smcclc_rec rec;
    struct smcclc_guard g;
    struct smcclc_clc_msg m;
    char list[1024];
    unsigned id, missing = 0;

    (void)state;
    assert_true(smcclc_guard_init(&g, SMCCLC_VEC_MAX));
    for (id = 0; id < SMCCLC_ANOMALY_COUNT; id++) {
        const struct trigger *t = &triggers[id];
        const uint8_t *p;
        size_t len;
        unsigned i;

        if (t->base == NULL) {
            print_error("no trigger for anomaly %s\n", smcclc_anomaly_table[id].key);
            missing++;
            continue;
        }
        len = build(t, buf);
        p = smcclc_guard_put(&g, buf, len);
        assert_int_equal(smcclc_test_decode(p, len, &m, &rec), SMCCLC_DECODE_OK);
        SMCCLC_ASSERT_REC_SANE(&rec, len, false);
        if (!smcclc_clc_has_anomaly(&m, (enum smcclc_anomaly)id)) {
            print_error("trigger for %s gives: %s\n", smcclc_anomaly_table[id].key,
                        smcclc_anomalies_format(&m, list, sizeof(list)));
            missing++;
            continue;
        }
        /* The worst severity and the anomaly positions stay consistent. */
        assert_true(m.worst >= smcclc_anomaly_table[id].severity);
        for (i = 0; i < m.anomaly_count; i++) {
            assert_true(m.anomalies[i].len >= 1);
            assert_true((size_t)m.anomalies[i].off + m.anomalies[i].len <= len);
            if (i > 0)
                assert_true(m.anomalies[i - 1].off <= m.anomalies[i].off);
        }
    }
    smcclc_guard_free(&g);
    assert_int_equal(missing, 0);
}

/* Valid real and captured messages: Linux sent them, Linux accepts them. */
static void test_valid_messages_are_clean(void **state)
{
    static const char *const captured[] = {
        "01_smcr_v1_proposal_ipv4_lo",
        "02_smcr_v1_accept_ipv4_lo_first_contact",
        "03_smcr_v1_confirm_ipv4_lo",
        "04_smcr_v1_decline_ipv4_lo_nosmcdev",
        "05_smcr_v1_proposal_ipv6_lo",
        "06_smcr_v1_accept_ipv6_lo_first_contact",
        "07_smcr_v1_confirm_ipv6_lo",
        /* synthetic, but consistent with the kernel's rules */
        "11_smcb_v1_proposal_ipv4",
        "12_smcb_v1_proposal_ipv6",
        "13_smcd_v1_accept",
        "14_smcd_v1_confirm",
        "22_v2_proposal_typev1B_typev2N_ipv4",
        "23_v2_proposal_typev1B_typev2N_ipv6",
    };
    static uint8_t buf[SMCCLC_VEC_MAX];
    struct smcclc_clc_msg m;
    struct smcclc_vec v;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(captured) / sizeof(captured[0]); i++) {
        SMCCLC_VEC_LOAD(captured[i], &v);
        assert_int_equal(smcclc_clc_decode(v.bytes, v.len, &m, NULL), SMCCLC_DECODE_OK);
        SMCCLC_ASSERT_NO_ANOMALIES(&m);
        assert_int_equal(m.worst, SMCCLC_SEV_NOTE);
    }
    for (i = 0; i < smcclc_msg_count; i++) {
        size_t len = SMCCLC_HEX(smcclc_msgs[i].hex, buf, sizeof(buf));
        assert_int_equal(smcclc_clc_decode(buf, len, &m, NULL), SMCCLC_DECODE_OK);
        SMCCLC_ASSERT_NO_ANOMALIES(&m);
    }
}

static void check_vector(const char *name, bool exact, const enum smcclc_anomaly *ids, size_t n)
{
    struct smcclc_clc_msg m;
    struct smcclc_vec v;
    size_t i;

    SMCCLC_VEC_LOAD(name, &v);
    assert_int_equal(smcclc_clc_decode(v.bytes, v.len, &m, NULL), SMCCLC_DECODE_OK);
    if (exact) {
        smcclc_assert_anomaly_set_at(&m, ids, n, __FILE__, __LINE__);
        return;
    }
    for (i = 0; i < n; i++)
        SMCCLC_ASSERT_ANOMALY(&m, ids[i]);
    /* The Linux receiver rejects all three. */
    assert_int_equal(m.worst, SMCCLC_SEV_ERROR);
}

/* Synthetic vectors that are off on purpose (tests/vectors/README.md). */
static void test_synthetic_vectors_deviate(void **state)
{
    /* v2_ext_offset 0 with typev2 B: the extension counts as missing. */
    static const enum smcclc_anomaly v19[] = {SMCCLC_ANOM_PROP_V2EXT_OFFSET,
                                              SMCCLC_ANOM_PROP_LAYOUT_GAP};
    /* v2_ext_offset 25 points into the SMC-D area, the extension is at 88. */
    static const enum smcclc_anomaly v20[] = {SMCCLC_ANOM_PROP_LENGTH, SMCCLC_ANOM_PROP_LAYOUT_GAP};
    static const enum smcclc_anomaly v21[] = {SMCCLC_ANOM_PROP_LENGTH, SMCCLC_ANOM_PROP_LAYOUT_GAP};
    /* Linux 5.10-5.15 form: v2 in 28 bytes. */
    static const enum smcclc_anomaly v24[] = {SMCCLC_ANOM_DECL_V2_SHORT};
    /* The placeholder EID "ThisIsSMCv2EID01" is not a valid UEID (lower case). */
    static const enum smcclc_anomaly eid[] = {SMCCLC_ANOM_EID_CHARSET};
    /* Proposals always carry SMCR, even SMC-D-only ones (smc_clc_send_proposal()). */
    static const enum smcclc_anomaly eye[] = {SMCCLC_ANOM_EYECATCHER_UNEXPECTED};

    (void)state;
    check_vector("19_", false, v19, 2);
    check_vector("20_", false, v20, 2);
    check_vector("21_", false, v21, 2);
    check_vector("24_", true, v24, 1);
    check_vector("15_", true, eid, 1);
    check_vector("16_", true, eid, 1);
    check_vector("17_", true, eid, 1);
    check_vector("18_", true, eid, 1);
    check_vector("10_", true, eye, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_anomaly_has_a_trigger),
        cmocka_unit_test(test_valid_messages_are_clean),
        cmocka_unit_test(test_synthetic_vectors_deviate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
