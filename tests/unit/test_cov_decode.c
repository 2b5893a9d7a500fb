/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: unit tests for the decoder paths the other suites did not reach
 * (found with scripts/coverage.sh): buffers too short or NULL, header types
 * out of range, length fields below the minimum per type, sinks without
 * callbacks, more anomalies than the summary holds, bodies that end inside
 * a layout, and handshake events in unusual order.
 *
 * Each test asserts what the decoder reports (status, fields, anomalies),
 * not merely that it returns.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smcclc/handshake.h"
#include "smctest.h"

#define BUF 2048

static uint8_t buf[BUF];
static struct smcclc_rec rec;
static struct smcclc_clc_msg m;

/* A message with a smaller length field, its trailer moved to match. */
static void shorten(uint8_t *b, uint16_t length)
{
    uint32_t eye = (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];

    smcclc_put_be(b, 5, 2, length);
    smcclc_put_trailer(b, length, eye);
}

/* ---- smcclc_clc_decode() before the layouts ---- */

static void test_null_buffer_is_not_clc(void **state)
{
    (void)state;
    m.type = 9;
    assert_int_equal(smcclc_clc_decode(NULL, 64, &m, NULL), SMCCLC_DECODE_NOT_CLC);
    /* The summary is reset even so: no stale values from an earlier decode. */
    assert_int_equal(m.type, 0);
    assert_int_equal(m.release, SMCCLC_RELEASE_NONE);
    assert_int_equal(m.anomaly_count, 0);
    assert_false(m.truncated);
}

static void test_short_buffers_decide_by_the_bytes_present(void **state)
{
    static const struct {
        const char *hex;
        enum smcclc_decode_status want;
    } cases[] = {
        {"", SMCCLC_DECODE_TRUNCATED}, /* nothing contradicts CLC */
        {"e2", SMCCLC_DECODE_TRUNCATED},
        {"e2 d4 c3 c4", SMCCLC_DECODE_TRUNCATED},          /* SMC-D eyecatcher */
        {"e2 d4 c3 d9 04", SMCCLC_DECODE_TRUNCATED},       /* a Decline type */
        {"e2 d4 c3 d9 01 00 1c", SMCCLC_DECODE_TRUNCATED}, /* all but byte 7 */
        {"00", SMCCLC_DECODE_NOT_CLC},
        {"e2 d5", SMCCLC_DECODE_NOT_CLC},
        {"e2 d4 c3 00", SMCCLC_DECODE_NOT_CLC},       /* neither R nor D in byte 3 */
        {"e2 d4 c3 d9 00", SMCCLC_DECODE_NOT_CLC},    /* type 0 */
        {"e2 d4 c3 c4 05 00", SMCCLC_DECODE_NOT_CLC}, /* type 5 */
    };
    uint8_t b[8];

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = SMCCLC_HEX(cases[i].hex, b, sizeof(b));
        enum smcclc_decode_status st = smcclc_test_decode(b, n, &m, &rec);

        if (st != cases[i].want)
            fail_msg("\"%s\": status %d, want %d", cases[i].hex, st, cases[i].want);
        assert_int_equal(m.truncated, st == SMCCLC_DECODE_TRUNCATED);
        /* Fewer than 8 bytes are never reported as fields. */
        assert_int_equal(rec.n, 0);
    }
}

static void test_header_types_out_of_range_are_not_clc(void **state)
{
    static const uint32_t eyes[] = {SMCCLC_EYECATCHER_R, SMCCLC_EYECATCHER_D};
    static const uint8_t types[] = {0, 5, 0xFF};

    (void)state;
    for (size_t e = 0; e < 2; e++)
        for (size_t t = 0; t < sizeof(types); t++) {
            memset(buf, 0, 28);
            smcclc_put_header(buf, eyes[e], types[t], 28, 0x10);
            smcclc_put_trailer(buf, 28, eyes[e]);
            assert_int_equal(smcclc_test_decode(buf, 28, &m, &rec), SMCCLC_DECODE_NOT_CLC);
            assert_int_equal(rec.n, 0);
            assert_int_equal(m.anomaly_count, 0);
        }
}

static void test_length_below_header_and_trailer_per_type(void **state)
{
    static const enum smcclc_anomaly want[] = {
        [SMCCLC_CLC_PROPOSAL] = SMCCLC_ANOM_PROP_LENGTH,
        [SMCCLC_CLC_ACCEPT] = SMCCLC_ANOM_AC_LENGTH,
        [SMCCLC_CLC_CONFIRM] = SMCCLC_ANOM_AC_LENGTH,
        [SMCCLC_CLC_DECLINE] = SMCCLC_ANOM_DECL_LENGTH,
    };

    (void)state;
    for (uint8_t type = SMCCLC_CLC_PROPOSAL; type <= SMCCLC_CLC_DECLINE; type++) {
        for (uint16_t length = 0; length < 12; length += 11) {
            memset(buf, 0, 16);
            smcclc_put_header(buf, SMCCLC_EYECATCHER_R, type, length, 0x10);
            assert_int_equal(smcclc_test_decode(buf, 16, &m, &rec), SMCCLC_DECODE_OK);
            assert_int_equal(m.type, type);
            assert_int_equal(m.length, length);
            /* The header is read whatever the length field says; nothing after it. */
            assert_int_equal(m.decoded, SMCCLC_CLC_HEADER_LEN);
            assert_false(m.truncated);
            assert_int_equal(m.anomaly_count, 1);
            assert_int_equal(m.anomalies[0].id, want[type]);
            assert_int_equal(m.anomalies[0].off, 5);
            assert_int_equal(m.anomalies[0].len, 2);
            SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_TYPE, 0, 4, 1, type);
            SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_LENGTH, 0, 5, 2, length);
            SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_VERSION, 0, 7, 1, 1);
            SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_TRAILER);
            assert_int_equal(rec.n, 4);
        }
    }
}

/* ---- sinks ---- */

static unsigned fields_seen;

static void count_field(void *ctx, const struct smcclc_field_event *ev)
{
    (void)ctx;
    (void)ev;
    fields_seen++;
}

/* A length field above 1024: no message is that long; the header is all there is. */
static void test_length_above_max(void **state)
{
    (void)state;
    memset(buf, 0, 64);
    smcclc_put_header(buf, SMCCLC_EYECATCHER_R, SMCCLC_CLC_PROPOSAL, SMCCLC_CLC_MAX_LEN + 1, 0x20);
    assert_int_equal(smcclc_test_decode(buf, 64, &m, &rec), SMCCLC_DECODE_OK);
    assert_int_equal(m.length, SMCCLC_CLC_MAX_LEN + 1);
    assert_int_equal(m.decoded, SMCCLC_CLC_HEADER_LEN);
    assert_false(m.truncated);
    assert_int_equal(m.anomaly_count, 1);
    assert_int_equal(m.anomalies[0].id, SMCCLC_ANOM_PROP_LENGTH);
    assert_int_equal(m.worst, SMCCLC_SEV_ERROR);
    /* exactly 1024 is still a message (cut here: 64 of 1024 bytes) */
    smcclc_put_header(buf, SMCCLC_EYECATCHER_R, SMCCLC_CLC_PROPOSAL, SMCCLC_CLC_MAX_LEN, 0x20);
    assert_int_equal(smcclc_test_decode(buf, 64, &m, &rec), SMCCLC_DECODE_TRUNCATED);
    assert_true(m.truncated);
}

static void test_sink_callbacks_may_be_null(void **state)
{
    struct smcclc_vec v;
    struct smcclc_clc_msg plain;
    struct smcclc_sink none = {NULL, NULL, NULL}, fields_only = {count_field, NULL, NULL};
    size_t n = SMCCLC_VEC_LOAD("16_", &v);
    unsigned fields = 0;

    (void)state;
    assert_int_equal(smcclc_clc_decode(v.bytes, n, &plain, NULL), SMCCLC_DECODE_OK);
    assert_int_equal(smcclc_test_decode(v.bytes, n, &m, &rec), SMCCLC_DECODE_OK);
    for (size_t i = 0; i < rec.n; i++)
        fields += !rec.ev[i].is_group;
    assert_true(fields > 20);

    /* A sink with no callbacks is the same as no sink. */
    assert_int_equal(smcclc_clc_decode(v.bytes, n, &m, &none), SMCCLC_DECODE_OK);
    assert_memory_equal(&m, &plain, sizeof(m));

    /* Fields without groups: every field still arrives, nothing else is called. */
    fields_seen = 0;
    assert_int_equal(smcclc_clc_decode(v.bytes, n, &m, &fields_only), SMCCLC_DECODE_OK);
    assert_int_equal(fields_seen, fields);
    assert_memory_equal(&m, &plain, sizeof(m));
}

/* ---- anomalies beyond SMCCLC_MAX_ANOMALIES ---- */

static void test_anomaly_list_overflow_keeps_the_first_by_offset(void **state)
{
    /* 28 EIDs: as many as fit in the longest possible message (1024 bytes) */
    enum { EIDS = 28, EID_AT = 120, EID_LEN = 32 };
    size_t n = SMCCLC_MSG("real_smcr_v2_proposal", buf, BUF);
    uint16_t length = EID_AT + EIDS * EID_LEN + 4;

    (void)state;
    assert_int_equal(n, 156);
    /* 28 blank user EIDs: each breaks the UEID rules on its own. */
    buf[80] = EIDS;
    memset(buf + EID_AT, ' ', (size_t)EIDS * EID_LEN);
    smcclc_put_be(buf, 5, 2, length);
    smcclc_put_trailer(buf, length, SMCCLC_EYECATCHER_R);

    assert_int_equal(smcclc_test_decode(buf, length, &m, &rec), SMCCLC_DECODE_OK);
    assert_int_equal(m.eid_count, EIDS);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, SMCCLC_F_EID, EIDS);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_EID_COUNT, 0, 80, 1, EIDS);
    assert_int_equal(m.anomaly_count, SMCCLC_MAX_ANOMALIES);
    assert_true(m.anomalies_dropped);
    /* Kept in offset order: the EID count first, then the EIDs from the start. */
    assert_int_equal(m.anomalies[0].id, SMCCLC_ANOM_PROP_EID_COUNT);
    assert_int_equal(m.anomalies[0].off, 80);
    for (unsigned i = 1; i < SMCCLC_MAX_ANOMALIES; i++) {
        assert_int_equal(m.anomalies[i].id, SMCCLC_ANOM_EID_CHARSET);
        assert_int_equal(m.anomalies[i].off, EID_AT + (i - 1) * EID_LEN);
        assert_int_equal(m.anomalies[i].len, EID_LEN);
    }
}

/* ---- Accept and Confirm bodies that end inside the layout ---- */

static void test_smcr_accept_body_ends_after_peer_id(void **state)
{
    struct smcclc_vec v;
    size_t n = SMCCLC_VEC_LOAD("02_", &v);

    (void)state;
    assert_int_equal(n, 68);
    memcpy(buf, v.bytes, n);
    shorten(buf, 24); /* body 8..20: the peer ID fits, the GID does not */
    assert_int_equal(smcclc_test_decode(buf, 24, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_FIELD_BYTES(&rec, SMCCLC_F_PEER_ID, 0, 8, 8, v.bytes + 8);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_GID);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_MAC);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_QPN);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_TRAILER, 0, 20, 4, SMCCLC_EYECATCHER_R);
    assert_int_equal(m.qpn, 0);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_AC_LENGTH);
}

static void test_smcd_accept_body_ends_before_dmbe_size(void **state)
{
    struct smcclc_vec v;
    size_t n = SMCCLC_VEC_LOAD("13_", &v);

    (void)state;
    assert_int_equal(n, 48);
    memcpy(buf, v.bytes, n);
    shorten(buf, 28); /* body ends at 24: GID and token, no index or size byte */
    assert_int_equal(smcclc_test_decode(buf, 28, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, SMCCLC_F_ISM_GID, 1);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, SMCCLC_F_DMB_TOKEN, 1);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_DMBE_IDX);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_DMBE_SIZE);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_LINK_ID);
    assert_int_equal(m.rmbe_size, 0);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_AC_LENGTH);
}

static void test_confirm_gid_list_without_room_for_an_entry(void **state)
{
    size_t n = SMCCLC_MSG("built_smcr_v2_confirm_fc_2gids", buf, BUF);

    (void)state;
    assert_int_equal(n, 196);
    shorten(buf, 164); /* the count at 156 fits, the first entry at 160 does not */
    assert_int_equal(smcclc_test_decode(buf, 164, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_GID_LIST_COUNT, 0, 156, 1, 2);
    assert_int_equal(m.gid_list_count, 2);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_GID_LIST_ENTRY);
    assert_non_null(smcclc_rec_group(&rec, SMCCLC_GROUP_GID_LIST, SMCCLC_GROUP_BEGIN, 0));
    assert_int_equal(smcclc_rec_group(&rec, SMCCLC_GROUP_GID_LIST, SMCCLC_GROUP_BEGIN, 0)->count,
                     0);
    SMCCLC_ASSERT_ANOMALY(&m, SMCCLC_ANOM_AC_GID_LIST_COUNT);
}

static void test_smcd_fce_cut_before_its_release(void **state)
{
    struct smcclc_vec v;
    size_t n = SMCCLC_VEC_LOAD("16_", &v);

    (void)state;
    assert_int_equal(n, 114);
    /* Whole length (114), 75 bytes captured: the FCE's release is missing. */
    assert_int_equal(smcclc_test_decode(v.bytes, 75, &m, &rec), SMCCLC_DECODE_TRUNCATED);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_ISM_CHID, 0, 32, 2,
                          (uint64_t)(v.bytes[32] << 8 | v.bytes[33]));
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_FCE_RELEASE);
    SMCCLC_ASSERT_NO_ANOMALY(&m, SMCCLC_ANOM_AC_FCE_MISSING);

    /* A length too short for even a v2.0 FCE says so although the release is unknown. */
    memcpy(buf, v.bytes, n);
    shorten(buf, 100);
    assert_int_equal(smcclc_test_decode(buf, 75, &m, &rec), SMCCLC_DECODE_TRUNCATED);
    assert_true(m.truncated);
    assert_int_equal(m.decoded, 75);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_FCE_RELEASE);
    SMCCLC_ASSERT_ANOMALY(&m, SMCCLC_ANOM_AC_FCE_MISSING);
}

/* ---- Declines shorter than their layout ---- */

static void test_v2_decline_too_short_for_extra_codes(void **state)
{
    size_t n = SMCCLC_MSG("real_decline_v2_nosmcrdev", buf, BUF);

    (void)state;
    assert_int_equal(n, 44);
    shorten(buf, 24); /* body 20: peer ID and code, no OS byte, no extra codes */
    assert_int_equal(smcclc_test_decode(buf, 24, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_DIAG_CODE, 0, 16, 4, 0x03030002);
    assert_int_equal(m.diag_code, 0x03030002);
    SMCCLC_ASSERT_FIELD_COUNT(&rec, SMCCLC_F_PEER_ID, 1);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_OS_TYPE);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_DIAG_EXTRA_CODE);
    assert_null(smcclc_rec_group(&rec, SMCCLC_GROUP_DIAG_EXTRA, SMCCLC_GROUP_BEGIN, 0));
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_DECL_LENGTH);

    n = SMCCLC_MSG("real_decline_v2_nosmcrdev", buf, BUF);
    shorten(buf, 16); /* body 12: not even the peer ID */
    assert_int_equal(smcclc_test_decode(buf, 16, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_PEER_ID);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_DIAG_CODE);
    assert_int_equal(m.diag_code, 0);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_TRAILER, 0, 12, 4, SMCCLC_EYECATCHER_R);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_DECL_LENGTH);
}

/* ---- Proposal corners ---- */

static void test_eid_starting_with_a_dot(void **state)
{
    (void)state;
    SMCCLC_MSG("real_smcr_v2_proposal", buf, BUF);
    buf[120] = '.';
    assert_int_equal(smcclc_test_decode(buf, 156, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_FIELD_BYTES(&rec, SMCCLC_F_EID, 0, 120, 32, buf + 120);
    SMCCLC_ASSERT_ANOMALIES(&m, SMCCLC_ANOM_EID_CHARSET);
    assert_int_equal(m.anomalies[0].off, 120);
    assert_int_equal(m.anomalies[0].len, 32);
}

static void test_eid_cut_by_snaplen(void **state)
{
    (void)state;
    SMCCLC_MSG("real_smcr_v2_proposal", buf, BUF);
    buf[120] = '-'; /* would be an anomaly, had it been captured whole */
    assert_int_equal(smcclc_test_decode(buf, 130, &m, &rec), SMCCLC_DECODE_TRUNCATED);
    assert_int_equal(m.eid_count, 1);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_EID_COUNT, 0, 80, 1, 1);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_EID);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_TRAILER);
    SMCCLC_ASSERT_NO_ANOMALY(&m, SMCCLC_ANOM_EID_CHARSET);
}

static void test_iparea_offset_beyond_linux_limit(void **state)
{
    struct smcclc_vec v;
    size_t n = SMCCLC_VEC_LOAD("01_", &v);

    (void)state;
    assert_int_equal(n, 52);
    memcpy(buf, v.bytes, n);
    smcclc_put_be(buf, 38, 2, 41);
    assert_int_equal(smcclc_test_decode(buf, n, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_IPAREA_OFFSET, 0, 38, 2, 41);
    SMCCLC_ASSERT_ANOMALY(&m, SMCCLC_ANOM_PROP_IPAREA_OFFSET);
    /* Linux gives up before the prefix area, and so does the decoder. */
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_IPV6_PREFIX_COUNT);
    SMCCLC_ASSERT_NO_FIELD(&rec, SMCCLC_F_IPV4_SUBNET);
    assert_int_equal(m.ipv6_prefix_count, 0);
}

static void test_v2_only_proposal_reads_n6_only_at_a_linux_offset(void **state)
{
    (void)state;
    /* typev1 none: no prefix area, yet Linux reads n6 at 40 + offset + 7 anyway. */
    SMCCLC_MSG("real_smcr_v2_proposal", buf, BUF);
    buf[47] = 9;
    assert_int_equal(smcclc_test_decode(buf, 156, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_ANOMALY(&m, SMCCLC_ANOM_PROP_IPV6_COUNT);
    SMCCLC_ASSERT_NO_ANOMALY(&m, SMCCLC_ANOM_PROP_IPAREA_OFFSET);

    /* Past Linux's limit it reads nothing there, so a 9 at 40 + 41 + 7 says nothing. */
    SMCCLC_MSG("real_smcr_v2_proposal", buf, BUF);
    smcclc_put_be(buf, 38, 2, 41);
    buf[88] = 9;
    assert_int_equal(smcclc_test_decode(buf, 156, &m, &rec), SMCCLC_DECODE_OK);
    SMCCLC_ASSERT_FIELD_U(&rec, SMCCLC_F_IPAREA_OFFSET, 0, 38, 2, 41);
    SMCCLC_ASSERT_ANOMALY(&m, SMCCLC_ANOM_PROP_IPAREA_OFFSET);
    SMCCLC_ASSERT_NO_ANOMALY(&m, SMCCLC_ANOM_PROP_IPV6_COUNT);
}

/* ---- handshake events in unusual order ---- */

static struct smcclc_clc_msg msg_of(uint8_t type)
{
    struct smcclc_clc_msg x;

    memset(&x, 0, sizeof(x));
    x.type = type;
    x.version = 1;
    x.release = SMCCLC_RELEASE_NONE;
    x.chosen_type = SMCCLC_TYPE_R;
    return x;
}

static void test_hs_syn_after_clc_is_ignored(void **state)
{
    struct smcclc_handshake hs;
    struct smcclc_clc_msg p = msg_of(SMCCLC_CLC_PROPOSAL);

    (void)state;
    smcclc_hs_init(&hs);
    smcclc_hs_message(&hs, SMCCLC_DIR_C2S, &p, 1, 100);
    assert_true(hs.mid_stream);
    smcclc_hs_syn(&hs, false, true, 200);
    smcclc_hs_syn(&hs, true, false, 300);
    assert_int_equal(hs.syn_option, SMCCLC_OPT_UNSEEN);
    assert_int_equal(hs.synack_option, SMCCLC_OPT_UNSEEN);
    assert_int_equal(hs.t_syn_us, 0);
    /* A SYN-ACK without the option would have closed both directions. */
    assert_true(smcclc_hs_clc_expected(&hs, SMCCLC_DIR_S2C));
}

static void test_hs_proposal_after_confirm_is_an_order_error(void **state)
{
    struct smcclc_handshake hs;
    struct smcclc_clc_msg c = msg_of(SMCCLC_CLC_CONFIRM), p = msg_of(SMCCLC_CLC_PROPOSAL);
    struct smcclc_verdict v;

    (void)state;
    /* Mid-stream, a Confirm first is fine: the capture began after the Accept. */
    smcclc_hs_init(&hs);
    smcclc_hs_message(&hs, SMCCLC_DIR_C2S, &c, 3, 30);
    assert_true(hs.mid_stream);
    assert_false(hs.order_error);
    smcclc_hs_message(&hs, SMCCLC_DIR_C2S, &p, 4, 40);
    assert_true(hs.order_error);
    assert_int_equal(hs.proposal.frame, 4);
    smcclc_hs_verdict(&hs, true, &v);
    assert_int_equal(v.outcome, SMCCLC_OUTCOME_INCOMPLETE);
    assert_int_equal(v.situation, SMCCLC_SITUATION_PROTOCOL_ERROR);
    assert_true(v.final);
}

static void test_hs_message_of_unknown_type_is_ignored(void **state)
{
    struct smcclc_handshake hs, before;
    struct smcclc_clc_msg x = msg_of(5);

    (void)state;
    smcclc_hs_init(&hs);
    smcclc_hs_syn(&hs, false, true, 10);
    before = hs;
    smcclc_hs_message(&hs, SMCCLC_DIR_C2S, &x, 3, 30);
    smcclc_hs_message(&hs, SMCCLC_DIR_C2S, NULL, 4, 40);
    assert_memory_equal(&hs, &before, sizeof(hs));
}

static void test_hs_peernosmc_with_synack_time_before_syn(void **state)
{
    struct smcclc_handshake hs;
    struct smcclc_verdict v;

    (void)state;
    /* Merged captures from two hosts: the SYN-ACK's clock may run behind. */
    smcclc_hs_init(&hs);
    smcclc_hs_syn(&hs, false, true, 5000);
    smcclc_hs_syn(&hs, true, false, 4000);
    smcclc_hs_verdict(&hs, false, &v);
    assert_int_equal(v.outcome, SMCCLC_OUTCOME_FALLBACK);
    assert_string_equal(v.reason, "PEERNOSMC");
    assert_int_equal(v.reason_code, SMCCLC_DECL_PEERNOSMC);
    assert_int_equal(v.duration_us, 0);
    assert_true(v.final);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_buffer_is_not_clc),
        cmocka_unit_test(test_short_buffers_decide_by_the_bytes_present),
        cmocka_unit_test(test_header_types_out_of_range_are_not_clc),
        cmocka_unit_test(test_length_below_header_and_trailer_per_type),
        cmocka_unit_test(test_length_above_max),
        cmocka_unit_test(test_sink_callbacks_may_be_null),
        cmocka_unit_test(test_anomaly_list_overflow_keeps_the_first_by_offset),
        cmocka_unit_test(test_smcr_accept_body_ends_after_peer_id),
        cmocka_unit_test(test_smcd_accept_body_ends_before_dmbe_size),
        cmocka_unit_test(test_confirm_gid_list_without_room_for_an_entry),
        cmocka_unit_test(test_smcd_fce_cut_before_its_release),
        cmocka_unit_test(test_v2_decline_too_short_for_extra_codes),
        cmocka_unit_test(test_eid_starting_with_a_dot),
        cmocka_unit_test(test_eid_cut_by_snaplen),
        cmocka_unit_test(test_iparea_offset_beyond_linux_limit),
        cmocka_unit_test(test_v2_only_proposal_reads_n6_only_at_a_linux_offset),
        cmocka_unit_test(test_hs_syn_after_clc_is_ignored),
        cmocka_unit_test(test_hs_proposal_after_confirm_is_an_order_error),
        cmocka_unit_test(test_hs_message_of_unknown_type_is_ignored),
        cmocka_unit_test(test_hs_peernosmc_with_synack_time_before_syn),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
