/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The handshake state machine (core/src/handshake.c) against the message
 * sequences of docs/protocol.md "Message order" and the capgen recordings. Messages are
 * built as struct smcclc_clc_msg summaries, not decoded, so these tests depend
 * on the rules of the state machine only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <inttypes.h>
#include <string.h>

#include "smcclc/handshake.h"

#define C2S SMCCLC_DIR_C2S
#define S2C SMCCLC_DIR_S2C
#define NOREL SMCCLC_RELEASE_NONE

/* Packet times of a typical handshake, microseconds since the epoch. */
#define T0 UINT64_C(1700000000000000)
#define T_SYN (T0)
#define T_SYNACK (T0 + 100)
#define T_PROP (T0 + 300)
#define T_ACC (T0 + 1300)
#define T_CONF (T0 + 2300)
#define T_LATE (T0 + 902300) /* a late Decline about 0.9 s after the Confirm */

/* ---- building messages ---- */

static struct smcclc_clc_msg msg_base(uint8_t type, uint8_t version)
{
    struct smcclc_clc_msg m;

    memset(&m, 0, sizeof(m));
    m.type = type;
    m.version = version;
    m.eyecatcher = SMCCLC_TYPE_R;
    m.release = NOREL;
    m.worst = SMCCLC_SEV_NOTE;
    return m;
}

/* Linux 5.10 and later always send a version 2 Proposal. */
static struct smcclc_clc_msg proposal(uint8_t typev1, uint8_t typev2, uint8_t release)
{
    struct smcclc_clc_msg m = msg_base(SMCCLC_CLC_PROPOSAL, 2);

    m.typev1 = typev1;
    m.typev2 = typev2;
    m.has_v2_ext = typev2 != SMCCLC_TYPE_N;
    m.release = release;
    return m;
}

static struct smcclc_clc_msg acc_conf(uint8_t type, uint8_t version, uint8_t chosen, bool fc,
                                      uint8_t release)
{
    struct smcclc_clc_msg m = msg_base(type, version);

    m.eyecatcher = chosen;
    m.chosen_type = chosen;
    m.first_contact = fc;
    m.release = release;
    return m;
}

static struct smcclc_clc_msg accept_msg(uint8_t version, uint8_t chosen, bool fc, uint8_t release)
{
    return acc_conf(SMCCLC_CLC_ACCEPT, version, chosen, fc, release);
}

static struct smcclc_clc_msg confirm_msg(uint8_t version, uint8_t chosen, bool fc, uint8_t release)
{
    return acc_conf(SMCCLC_CLC_CONFIRM, version, chosen, fc, release);
}

static struct smcclc_clc_msg decline_msg(uint8_t version, uint32_t code)
{
    struct smcclc_clc_msg m = msg_base(SMCCLC_CLC_DECLINE, version);

    m.diag_code = code;
    m.out_of_sync = code == SMCCLC_DECL_SYNCERR;
    return m;
}

/* A connection under test: the state plus the caller's frame counter. */
struct conn {
    struct smcclc_handshake hs;
    uint32_t frame;
};

static void conn_init(struct conn *c)
{
    smcclc_hs_init(&c->hs);
    c->frame = 0;
}

static void syns(struct conn *c, bool syn_option, bool synack_option)
{
    c->frame++;
    smcclc_hs_syn(&c->hs, false, syn_option, T_SYN);
    c->frame++;
    smcclc_hs_syn(&c->hs, true, synack_option, T_SYNACK);
}

static uint32_t send_msg(struct conn *c, enum smcclc_dir dir, struct smcclc_clc_msg m,
                         uint64_t t_us)
{
    smcclc_hs_message(&c->hs, dir, &m, ++c->frame, t_us);
    return c->frame;
}

/* ---- checking verdicts ---- */

static void eq_u_at(const char *what, uint64_t got, uint64_t want, const char *file, int line)
{
    if (got != want) {
        print_error("%s: got %" PRIu64 " (0x%" PRIx64 "), want %" PRIu64 " (0x%" PRIx64 ")\n", what,
                    got, got, want, want);
        _fail(file, line);
    }
}

static void eq_s_at(const char *what, const char *got, const char *want, const char *file, int line)
{
    if (got == NULL && want == NULL)
        return;
    if (got == NULL || want == NULL || strcmp(got, want) != 0) {
        print_error("%s: got \"%s\", want \"%s\"\n", what, got ? got : "(null)",
                    want ? want : "(null)");
        _fail(file, line);
    }
}

static void check_verdict_at(const struct smcclc_handshake *hs, bool at_end, int outcome,
                             unsigned version, unsigned release, const char *reason, uint32_t code,
                             int situation, const char *hint, const char *anchor, uint64_t duration,
                             bool final, const char *file, int line)
{
    struct smcclc_verdict v;

    /* Poison the output so that a field the verdict forgets to set shows up. */
    memset(&v, 0xA5, sizeof(v));
    smcclc_hs_verdict(hs, at_end, &v);
    eq_u_at("outcome", (uint64_t)(int64_t)v.outcome, (uint64_t)(int64_t)outcome, file, line);
    eq_u_at("smc_version", v.smc_version, version, file, line);
    eq_u_at("release", v.release, release, file, line);
    eq_s_at("reason", v.reason, reason, file, line);
    eq_u_at("reason_code", v.reason_code, code, file, line);
    eq_u_at("situation", (uint64_t)(int64_t)v.situation, (uint64_t)(int64_t)situation, file, line);
    eq_s_at("hint", v.hint, hint, file, line);
    eq_s_at("anchor", v.anchor, anchor, file, line);
    eq_u_at("duration_us", v.duration_us, duration, file, line);
    eq_u_at("final", v.final, final, file, line);
}

#define CHECK_VERDICT(hs, at_end, outcome, ver, rel, reason, code, sit, hint, anchor, dur, fin)    \
    check_verdict_at((hs), (at_end), (outcome), (ver), (rel), (reason), (code), (sit), (hint),     \
                     (anchor), (dur), (fin), __FILE__, __LINE__)

/* SMC was used: no reason, no hint. */
#define EXPECT_SMC(hs, at_end, outcome, ver, rel, dur, fin)                                        \
    CHECK_VERDICT(hs, at_end, outcome, ver, rel, NULL, 0, SMCCLC_SITUATION_NONE, NULL, NULL, dur,  \
                  fin)

/* A fallback is always final; it reports no version and release 0xFF. */
#define EXPECT_FALLBACK(hs, at_end, reason, code, sit, hint, anchor, dur)                          \
    CHECK_VERDICT(hs, at_end, SMCCLC_OUTCOME_FALLBACK, 0, NOREL, reason, code, sit, hint, anchor,  \
                  dur, true)

/* Still open (not final, no situation yet). */
#define EXPECT_OPEN(hs, dur)                                                                       \
    CHECK_VERDICT(hs, false, SMCCLC_OUTCOME_INCOMPLETE, 0, NOREL, NULL, 0, SMCCLC_SITUATION_NONE,  \
                  NULL, NULL, dur, false)

#define EXPECT_INCOMPLETE(hs, at_end, dur)                                                         \
    CHECK_VERDICT(hs, at_end, SMCCLC_OUTCOME_INCOMPLETE, 0, NOREL, NULL, 0,                        \
                  SMCCLC_SITUATION_INCOMPLETE, sit_hint(SMCCLC_SITUATION_INCOMPLETE),              \
                  "INCOMPLETE", dur, true)

#define EXPECT_PROTOCOL_ERROR(hs, at_end, dur)                                                     \
    CHECK_VERDICT(hs, at_end, SMCCLC_OUTCOME_INCOMPLETE, 0, NOREL, NULL, 0,                        \
                  SMCCLC_SITUATION_PROTOCOL_ERROR, sit_hint(SMCCLC_SITUATION_PROTOCOL_ERROR),      \
                  "PROTOCOL_ERROR", dur, true)

#define EXPECT_NONE(hs, at_end, fin)                                                               \
    CHECK_VERDICT(hs, at_end, SMCCLC_OUTCOME_NONE, 0, NOREL, NULL, 0, SMCCLC_SITUATION_NONE, NULL, \
                  NULL, 0, fin)

/* Whether each direction may still carry CLC. */
#define EXPECT_CLC(hs, c2s, s2c)                                                                   \
    do {                                                                                           \
        eq_u_at("clc_expected c2s", smcclc_hs_clc_expected((hs), C2S), (c2s), __FILE__, __LINE__); \
        eq_u_at("clc_expected s2c", smcclc_hs_clc_expected((hs), S2C), (s2c), __FILE__, __LINE__); \
    } while (0)

#define EXPECT_PHASES(hs, c2s, s2c)                                                                \
    do {                                                                                           \
        eq_u_at("phase c2s", (hs)->phase[C2S], (c2s), __FILE__, __LINE__);                         \
        eq_u_at("phase s2c", (hs)->phase[S2C], (s2c), __FILE__, __LINE__);                         \
    } while (0)

static const char *decl_hint(uint32_t code)
{
    const struct smcclc_decline_info *di = smcclc_decline_lookup(code);

    assert_non_null(di);
    assert_non_null(di->hint);
    return di->hint;
}

static const char *sit_hint(enum smcclc_situation s)
{
    assert_non_null(smcclc_situation_table[s].hint);
    return smcclc_situation_table[s].hint;
}

/* Proposal, Accept and Confirm of one kind, checking the state at each step. */
static void run_success(struct conn *c, struct smcclc_clc_msg prop, struct smcclc_clc_msg acc,
                        struct smcclc_clc_msg conf)
{
    syns(c, true, true);
    assert_true(smcclc_hs_is_smc(&c->hs));
    EXPECT_CLC(&c->hs, true, true);
    EXPECT_OPEN(&c->hs, 100);

    send_msg(c, C2S, prop, T_PROP);
    EXPECT_CLC(&c->hs, true, true);
    EXPECT_PHASES(&c->hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_CLC);
    EXPECT_OPEN(&c->hs, 300);

    send_msg(c, S2C, acc, T_ACC);
    EXPECT_CLC(&c->hs, true, true);
    EXPECT_PHASES(&c->hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_LATE_DECLINE);
    EXPECT_OPEN(&c->hs, 1300);

    send_msg(c, C2S, conf, T_CONF);
    /* Only a late Decline may follow, in either direction. */
    EXPECT_CLC(&c->hs, true, true);
    EXPECT_PHASES(&c->hs, SMCCLC_PHASE_LATE_DECLINE, SMCCLC_PHASE_LATE_DECLINE);

    assert_false(c->hs.order_error);
    assert_false(c->hs.protocol_error);
    assert_false(c->hs.mid_stream);
    assert_false(c->hs.truncated);
    assert_int_equal(c->hs.proposal.frame, 3);
    assert_int_equal(c->hs.accept.frame, 4);
    assert_int_equal(c->hs.confirm.frame, 5);
    assert_int_equal(c->hs.decline.frame, 0);
    assert_true(c->hs.t_last_clc_us == T_CONF);
}

/* ---- successful handshakes ---- */

static void test_success_smcr_v1_first_contact(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* A 5.10+ client offering SMC-R v1 only: version 2 header, typev2 N. */
    run_success(&c, proposal(SMCCLC_TYPE_R, SMCCLC_TYPE_N, NOREL),
                accept_msg(1, SMCCLC_TYPE_R, true, NOREL),
                confirm_msg(1, SMCCLC_TYPE_R, true, NOREL));
    assert_true(c.hs.first_contact);
    assert_int_equal(c.hs.typev1, SMCCLC_TYPE_R);
    assert_int_equal(c.hs.typev2, SMCCLC_TYPE_N);
    /* A late Decline may still come: not final before the end. */
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_R, 1, NOREL, 2300, false);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 1, NOREL, 2300, true);
}

static void test_success_smcr_v1_not_first_contact(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_R, SMCCLC_TYPE_N, NOREL),
                accept_msg(1, SMCCLC_TYPE_R, false, NOREL),
                confirm_msg(1, SMCCLC_TYPE_R, false, NOREL));
    assert_false(c.hs.first_contact);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 1, NOREL, 2300, true);
}

static void test_success_smcr_v2_first_contact(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* k612-01: release 1 everywhere, the release comes from the Accept's FCE. */
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, true, 1), confirm_msg(2, SMCCLC_TYPE_R, true, 1));
    assert_int_equal(c.hs.smc_version, 2);
    assert_int_equal(c.hs.release, 1);
    assert_int_equal(c.hs.proposal_release, 1);
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_R, 2, 1, 2300, false);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, 1, 2300, true);
}

static void test_success_smcr_v2_reuse_has_no_release(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* k612-01 connections 2 and 3: 108-byte Accept/Confirm without FCE. The
     * link group's release was settled at its first contact, on another
     * connection; mix-s61fix-c612 shows the proposal's release can be higher. */
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, false, NOREL),
                confirm_msg(2, SMCCLC_TYPE_R, false, NOREL));
    assert_false(c.hs.first_contact);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, NOREL, 2300, true);
}

static void test_success_release_from_accept_not_proposal(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* mix-s61fix-c612: the client proposes release 1, a 6.1 server answers release 0. */
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, true, 0), confirm_msg(2, SMCCLC_TYPE_R, true, 0));
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, 0, 2300, true);
}

static void test_success_release_from_confirm_fce(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* Only the client created a link group: the FCE rides on the Confirm. */
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, false, NOREL), confirm_msg(2, SMCCLC_TYPE_R, true, 0));
    assert_false(c.hs.first_contact); /* from the Accept */
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, 0, 2300, true);
}

static void test_success_smcd_v1(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_D, SMCCLC_TYPE_N, NOREL),
                accept_msg(1, SMCCLC_TYPE_D, true, NOREL),
                confirm_msg(1, SMCCLC_TYPE_D, true, NOREL));
    assert_int_equal(c.hs.chosen_type, SMCCLC_TYPE_D);
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_D, 1, NOREL, 2300, false);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_D, 1, NOREL, 2300, true);
}

static void test_success_smcd_v2_first_contact_release0(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* The 114-byte SMC-D Accept of a v2.0 server. */
    run_success(&c, proposal(SMCCLC_TYPE_B, SMCCLC_TYPE_B, 0),
                accept_msg(2, SMCCLC_TYPE_D, true, 0), confirm_msg(2, SMCCLC_TYPE_D, true, 0));
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_D, 2, 0, 2300, true);
}

static void test_success_smcd_v2_first_contact_release1(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_D, 1),
                accept_msg(2, SMCCLC_TYPE_D, true, 1), confirm_msg(2, SMCCLC_TYPE_D, true, 1));
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_D, 2, 1, 2300, true);
}

static void test_success_smcd_v2_not_first_contact(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_D, 1),
                accept_msg(2, SMCCLC_TYPE_D, false, NOREL),
                confirm_msg(2, SMCCLC_TYPE_D, false, NOREL));
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_D, 2, NOREL, 2300, true);
}

static void test_success_version_above_2_counts_as_2(void **state)
{
    struct conn c;
    struct smcclc_clc_msg acc = accept_msg(3, SMCCLC_TYPE_R, false, NOREL);
    struct smcclc_clc_msg conf = confirm_msg(3, SMCCLC_TYPE_R, false, NOREL);

    (void)state;
    conn_init(&c);
    /* Linux parses any version above 2 as v2; the decoder only warns. */
    acc.worst = SMCCLC_SEV_WARN;
    conf.worst = SMCCLC_SEV_WARN;
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), acc, conf);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, NOREL, 2300, true);
}

static void test_success_final_once_both_directions_done(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, false, NOREL),
                confirm_msg(2, SMCCLC_TYPE_R, false, NOREL));
    smcclc_hs_data(&c.hs, S2C);
    EXPECT_CLC(&c.hs, true, false);
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_R, 2, NOREL, 2300, false);
    /* With no direction left to carry a Decline, nothing can change the verdict. */
    smcclc_hs_data(&c.hs, C2S);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_R, 2, NOREL, 2300, true);
}

/* ---- Declines: before the Accept, after it, after the Confirm, late ---- */

static void test_decline_a_client_instead_of_proposal(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    /* k612-10 client-no-ueid: a v1 Decline NOSMCDEV is the first CLC message. */
    send_msg(&c, C2S, decline_msg(1, 0x03030000u), T_PROP);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_DONE, SMCCLC_PHASE_DONE);
    assert_int_equal(c.hs.decline_code, 0x03030000u);
    assert_int_equal(c.hs.decline_dir, C2S);
    assert_false(c.hs.decline_after_confirm);
    assert_int_equal(c.hs.decline.frame, 3);
    EXPECT_FALLBACK(&c.hs, false, "NOSMCDEV", 0x03030000u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03030000u), "NOSMCDEV", 300);
    EXPECT_FALLBACK(&c.hs, true, "NOSMCDEV", 0x03030000u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03030000u), "NOSMCDEV", 300);
}

static void test_decline_b_server_rejects_proposal(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    /* k612-07 server-no-rdma-dev: a 44-byte v2 Decline NOSMCRDEV. */
    send_msg(&c, S2C, decline_msg(2, 0x03030002u), T_ACC);
    EXPECT_CLC(&c.hs, false, false);
    assert_int_equal(c.hs.decline_dir, S2C);
    EXPECT_FALLBACK(&c.hs, false, "NOSMCRDEV", 0x03030002u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03030002u), "NOSMCRDEV", 1300);
}

static void test_decline_c_client_rejects_accept(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_R, SMCCLC_TYPE_N, NOREL), T_PROP);
    send_msg(&c, S2C, accept_msg(2, SMCCLC_TYPE_D, true, 1), T_ACC);
    send_msg(&c, C2S, decline_msg(2, SMCCLC_DECL_MODEUNSUPP), T_CONF);
    EXPECT_CLC(&c.hs, false, false);
    assert_false(c.hs.decline_after_confirm);
    EXPECT_FALLBACK(&c.hs, false, "MODEUNSUPP", 0x03040000u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03040000u), "MODEUNSUPP", 2300);
}

static void test_decline_d_server_rejects_confirm(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, true, 1), confirm_msg(2, SMCCLC_TYPE_R, true, 0));
    send_msg(&c, S2C, decline_msg(2, SMCCLC_DECL_RELEASEERR), T_CONF + 500);
    EXPECT_CLC(&c.hs, false, false);
    assert_true(c.hs.decline_after_confirm);
    assert_int_equal(c.hs.decline_dir, S2C);
    EXPECT_FALLBACK(&c.hs, false, "RELEASEERR", 0x03030009u, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM,
                    decl_hint(0x03030009u), "RELEASEERR", 2800);
}

static void test_decline_e_server_link_setup_fails(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 0),
                accept_msg(2, SMCCLC_TYPE_R, true, 0), confirm_msg(2, SMCCLC_TYPE_R, true, 0));
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_R, 2, 0, 2300, false);
    /* The CONFIRM LINK exchange over RoCE timed out on the server. */
    send_msg(&c, S2C, decline_msg(2, SMCCLC_DECL_TIMEOUT_CL), T_LATE);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_FALLBACK(&c.hs, false, "TIMEOUT_CL", 0x02010000u, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM,
                    decl_hint(0x02010000u), "TIMEOUT_CL", 902300);
}

static void test_decline_e_client_link_setup_fails(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_R, SMCCLC_TYPE_R, 1),
                accept_msg(1, SMCCLC_TYPE_R, true, NOREL),
                confirm_msg(1, SMCCLC_TYPE_R, true, NOREL));
    send_msg(&c, C2S, decline_msg(1, SMCCLC_DECL_TIMEOUT_CL), T_LATE);
    assert_int_equal(c.hs.decline_dir, C2S);
    assert_true(c.hs.decline_after_confirm);
    EXPECT_FALLBACK(&c.hs, true, "TIMEOUT_CL", 0x02010000u, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM,
                    decl_hint(0x02010000u), "TIMEOUT_CL", 902300);
}

static void test_decline_late_after_data_on_other_side(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, true, 1), confirm_msg(2, SMCCLC_TYPE_R, true, 1));
    /* Non-CLC bytes from the client end its direction only. */
    smcclc_hs_data(&c.hs, C2S);
    EXPECT_CLC(&c.hs, false, true);
    send_msg(&c, S2C, decline_msg(2, SMCCLC_DECL_SYNCERR), T_LATE);
    EXPECT_FALLBACK(&c.hs, false, "SYNCERR", 0x04000000u, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM,
                    decl_hint(0x04000000u), "SYNCERR", 902300);
}

static void test_decline_first_one_decides(void **state)
{
    struct conn c;
    struct smcclc_clc_msg broken = accept_msg(2, SMCCLC_TYPE_R, true, 1);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, S2C, decline_msg(2, SMCCLC_DECL_NOSMCRDEV), T_ACC);
    /* A crossing Decline and a broken message after it are application data. */
    send_msg(&c, C2S, decline_msg(2, SMCCLC_DECL_TIMEOUT_CL), T_CONF);
    broken.worst = SMCCLC_SEV_ERROR;
    send_msg(&c, S2C, broken, T_CONF + 10);
    smcclc_hs_data(&c.hs, C2S);
    assert_int_equal(c.hs.decline_code, 0x03030002u);
    assert_int_equal(c.hs.decline_dir, S2C);
    assert_int_equal(c.hs.decline.frame, 4);
    assert_int_equal(c.hs.accept.frame, 0);
    assert_false(c.hs.protocol_error);
    assert_true(c.hs.t_last_clc_us == T_ACC);
    EXPECT_FALLBACK(&c.hs, true, "NOSMCRDEV", 0x03030002u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03030002u), "NOSMCRDEV", 1300);
}

static void test_decline_server_before_proposal(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    /* A server that timed out waiting for the Proposal may decline first. */
    send_msg(&c, S2C, decline_msg(1, SMCCLC_DECL_INTERR), T_PROP);
    assert_false(c.hs.order_error);
    EXPECT_FALLBACK(&c.hs, false, "INTERR", 0x09990000u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x09990000u), "INTERR", 300);
}

static void test_decline_unknown_code(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    /* 0x0303000c exists only in unmerged patches. */
    send_msg(&c, S2C, decline_msg(2, 0x0303000cu), T_ACC);
    EXPECT_FALLBACK(&c.hs, false, "UNKNOWN", 0x0303000cu, SMCCLC_SITUATION_UNKNOWN_DECLINE,
                    sit_hint(SMCCLC_SITUATION_UNKNOWN_DECLINE), "UNKNOWN_DECLINE", 1300);
}

static void test_decline_unknown_code_after_confirm(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, true, 1), confirm_msg(2, SMCCLC_TYPE_R, true, 1));
    send_msg(&c, S2C, decline_msg(2, 0x99990000u), T_LATE);
    /* The situation says when; with no table row, the hint is the unknown-code one. */
    EXPECT_FALLBACK(&c.hs, false, "UNKNOWN", 0x99990000u, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM,
                    sit_hint(SMCCLC_SITUATION_UNKNOWN_DECLINE), "UNKNOWN_DECLINE", 902300);
}

static void test_decline_with_warning_still_falls_back(void **state)
{
    struct conn c;
    struct smcclc_clc_msg d = decline_msg(2, SMCCLC_DECL_NOSMCDEV);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 0), T_PROP);
    /* The 28-byte v2 Decline of Linux 5.10-5.15 is a warning, not an error. */
    d.length = 28;
    d.worst = SMCCLC_SEV_WARN;
    send_msg(&c, S2C, d, T_ACC);
    assert_false(c.hs.protocol_error);
    EXPECT_FALLBACK(&c.hs, false, "NOSMCDEV", 0x03030000u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03030000u), "NOSMCDEV", 1300);
}

/* ---- no SMC on the SYN-ACK, or none at all ---- */

static void test_peernosmc(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* k612-05 tcp-server-fallback: option on the SYN only, no CLC. */
    smcclc_hs_syn(&c.hs, false, true, T_SYN);
    EXPECT_CLC(&c.hs, true, true);
    assert_true(smcclc_hs_is_smc(&c.hs));
    EXPECT_OPEN(&c.hs, 0);
    smcclc_hs_syn(&c.hs, true, false, T_SYNACK);
    assert_true(smcclc_hs_is_smc(&c.hs));
    assert_int_equal(c.hs.syn_option, SMCCLC_OPT_WITH);
    assert_int_equal(c.hs.synack_option, SMCCLC_OPT_WITHOUT);
    assert_true(c.hs.t_synack_us == T_SYNACK);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_DONE, SMCCLC_PHASE_DONE);
    EXPECT_FALLBACK(&c.hs, false, "PEERNOSMC", 0x03010000u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03010000u), "PEERNOSMC", 100);
    /* Application data that happens to look like CLC changes nothing. */
    smcclc_hs_message(&c.hs, C2S,
                      &(struct smcclc_clc_msg){.type = SMCCLC_CLC_PROPOSAL, .release = NOREL}, 3,
                      T_PROP);
    assert_int_equal(c.hs.proposal.frame, 0);
    EXPECT_FALLBACK(&c.hs, true, "PEERNOSMC", 0x03010000u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03010000u), "PEERNOSMC", 100);
}

static void test_no_option_on_syn(void **state)
{
    struct conn c;
    struct smcclc_clc_msg d = decline_msg(1, SMCCLC_DECL_NOSMCDEV);

    (void)state;
    conn_init(&c);
    /* k612-06 tcp-client-plain: no option anywhere. */
    syns(&c, false, false);
    assert_false(smcclc_hs_is_smc(&c.hs));
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_NONE(&c.hs, false, true);
    smcclc_hs_message(&c.hs, C2S, &d, 3, T_PROP);
    assert_false(smcclc_hs_is_smc(&c.hs));
    assert_int_equal(c.hs.decline.frame, 0);
    EXPECT_NONE(&c.hs, true, true);
}

static void test_no_option_on_syn_only_syn_seen(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    smcclc_hs_syn(&c.hs, false, false, T_SYN);
    assert_false(smcclc_hs_is_smc(&c.hs));
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_NONE(&c.hs, false, true);
}

static void test_synack_without_option_syn_unseen(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    smcclc_hs_syn(&c.hs, true, false, T_SYNACK);
    assert_false(smcclc_hs_is_smc(&c.hs));
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_NONE(&c.hs, false, true);
}

static void test_nothing_seen(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    assert_false(smcclc_hs_is_smc(&c.hs));
    /* A mid-stream capture keeps looking for CLC at segment starts. */
    EXPECT_CLC(&c.hs, true, true);
    smcclc_hs_data(&c.hs, C2S);
    smcclc_hs_data(&c.hs, S2C);
    EXPECT_CLC(&c.hs, true, true);
    EXPECT_NONE(&c.hs, false, false);
    EXPECT_NONE(&c.hs, true, true);
}

/* ---- mid-stream captures ---- */

static void test_mid_stream_proposal_on_reversed_direction(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* The caller guessed the directions wrong: the Proposal comes "S2C". */
    send_msg(&c, S2C, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    assert_true(c.hs.mid_stream);
    assert_true(c.hs.roles_swapped);
    assert_true(smcclc_hs_is_smc(&c.hs));
    EXPECT_CLC(&c.hs, true, true);
    EXPECT_OPEN(&c.hs, 0);
    send_msg(&c, C2S, accept_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC);
    /* Phases stay in the caller's terms. */
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_LATE_DECLINE, SMCCLC_PHASE_CLC);
    send_msg(&c, S2C, confirm_msg(2, SMCCLC_TYPE_R, true, 1), T_CONF);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_LATE_DECLINE, SMCCLC_PHASE_LATE_DECLINE);
    assert_false(c.hs.order_error);
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_R, 2, 1, 2000, false);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, 1, 2000, true);
}

static void test_mid_stream_search_survives_data(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* The capture began inside some bytes; the Proposal follows. */
    smcclc_hs_data(&c.hs, C2S);
    EXPECT_CLC(&c.hs, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_R, SMCCLC_TYPE_N, NOREL), T_PROP);
    assert_false(c.hs.roles_swapped);
    /* From now on roles are known and data ends a direction. */
    smcclc_hs_data(&c.hs, S2C);
    EXPECT_CLC(&c.hs, true, false);
    EXPECT_OPEN(&c.hs, 0);
    EXPECT_INCOMPLETE(&c.hs, true, 0);
}

static void test_mid_stream_starts_at_confirm(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_D, true, 1), T_CONF);
    assert_true(c.hs.mid_stream);
    assert_false(c.hs.roles_swapped);
    assert_false(c.hs.order_error);
    /* No Accept seen: the agreement comes from the Confirm. */
    assert_int_equal(c.hs.smc_version, 2);
    assert_int_equal(c.hs.chosen_type, SMCCLC_TYPE_D);
    assert_true(c.hs.first_contact);
    EXPECT_CLC(&c.hs, true, true);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_LATE_DECLINE, SMCCLC_PHASE_CLC);
    EXPECT_SMC(&c.hs, false, SMCCLC_OUTCOME_SMC_D, 2, 1, 0, false);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_D, 2, 1, 0, true);
    /* An Accept after the Confirm is out of order even mid-stream. */
    send_msg(&c, S2C, accept_msg(2, SMCCLC_TYPE_D, true, 1), T_CONF + 50);
    assert_true(c.hs.order_error);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 50);
}

static void test_mid_stream_starts_at_confirm_reversed(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    send_msg(&c, S2C, confirm_msg(1, SMCCLC_TYPE_R, false, NOREL), T_CONF);
    assert_true(c.hs.roles_swapped);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_LATE_DECLINE);
    /* The real server (caller's C2S) declines late. */
    send_msg(&c, C2S, decline_msg(1, SMCCLC_DECL_TIMEOUT_CL), T_LATE);
    assert_int_equal(c.hs.decline_dir, C2S);
    EXPECT_FALLBACK(&c.hs, false, "TIMEOUT_CL", 0x02010000u, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM,
                    decl_hint(0x02010000u), "TIMEOUT_CL", 900000);
}

static void test_mid_stream_starts_at_accept(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    send_msg(&c, C2S, accept_msg(1, SMCCLC_TYPE_R, true, NOREL), T_ACC);
    assert_true(c.hs.roles_swapped);
    assert_false(c.hs.order_error);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_LATE_DECLINE, SMCCLC_PHASE_CLC);
    EXPECT_OPEN(&c.hs, 0);
    send_msg(&c, S2C, confirm_msg(1, SMCCLC_TYPE_R, true, NOREL), T_CONF);
    assert_false(c.hs.order_error);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 1, NOREL, 1000, true);
}

static void test_mid_stream_starts_at_decline(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* A Decline may come from either side: the caller's direction stands. */
    send_msg(&c, S2C, decline_msg(2, SMCCLC_DECL_NOUEID), T_ACC);
    assert_true(c.hs.mid_stream);
    assert_false(c.hs.roles_swapped);
    assert_int_equal(c.hs.decline_dir, S2C);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_FALLBACK(&c.hs, false, "NOUEID", 0x03030008u, SMCCLC_SITUATION_NONE,
                    decl_hint(0x03030008u), "NOUEID", 0);
}

static void test_mid_stream_missing_accept_is_order_error(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    /* The Proposal was captured, so the Accept would have been too. */
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_R, false, NOREL), T_CONF);
    assert_true(c.hs.order_error);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 2000);
}

static void test_synack_only_gives_roles(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    /* The SYN was missed: no verdict until CLC shows up, but CLC may come. */
    smcclc_hs_syn(&c.hs, true, true, T_SYNACK);
    assert_false(smcclc_hs_is_smc(&c.hs));
    EXPECT_CLC(&c.hs, true, true);
    EXPECT_NONE(&c.hs, false, false);
    EXPECT_NONE(&c.hs, true, true);
    /* Roles come from the SYN-ACK: a Proposal from the server is wrong, not a swap. */
    send_msg(&c, S2C, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    assert_true(c.hs.mid_stream);
    assert_false(c.hs.roles_swapped);
    assert_true(c.hs.order_error);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 0);
}

static void test_synack_only_then_success(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    smcclc_hs_syn(&c.hs, true, true, T_SYNACK);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, S2C, accept_msg(2, SMCCLC_TYPE_R, false, NOREL), T_ACC);
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_R, false, NOREL), T_CONF);
    assert_false(c.hs.order_error);
    /* Without the SYN, the duration starts at the first CLC message. */
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, NOREL, 2000, true);
}

/* ---- out of order and protocol errors ---- */

static void test_order_confirm_before_accept(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC);
    assert_true(c.hs.order_error);
    assert_false(c.hs.protocol_error);
    assert_int_equal(c.hs.confirm.frame, 4);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 1300);
    EXPECT_PROTOCOL_ERROR(&c.hs, true, 1300);
}

static void test_order_accept_without_proposal(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, S2C, accept_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC);
    assert_true(c.hs.order_error);
    assert_false(c.hs.mid_stream);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 1300);
}

static void test_order_second_proposal(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    assert_false(c.hs.order_error);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_R, SMCCLC_TYPE_N, NOREL), T_ACC);
    assert_true(c.hs.order_error);
    /* The first Proposal is the one remembered. */
    assert_int_equal(c.hs.proposal.frame, 3);
    assert_int_equal(c.hs.typev2, SMCCLC_TYPE_R);
    assert_int_equal(c.hs.proposal_release, 1);
    EXPECT_PROTOCOL_ERROR(&c.hs, true, 1300);
}

static void test_order_proposal_from_server(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, S2C, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    assert_true(c.hs.order_error);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 300);
}

static void test_order_accept_from_client(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, C2S, accept_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC);
    assert_true(c.hs.order_error);
    /* The wrong side's Accept does not close the server's direction. */
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_CLC);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 1300);
}

static void test_order_confirm_from_server(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, S2C, confirm_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC);
    assert_true(c.hs.order_error);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 1300);
}

static void test_order_second_accept_in_late_decline(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, S2C, accept_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_LATE_DECLINE);
    /* After its Accept the server may only decline. */
    send_msg(&c, S2C, accept_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC + 10);
    assert_true(c.hs.order_error);
    assert_int_equal(c.hs.accept.frame, 4);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_DONE);
    EXPECT_CLC(&c.hs, true, false);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 1310);
}

static void test_order_second_confirm(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    run_success(&c, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1),
                accept_msg(2, SMCCLC_TYPE_R, false, NOREL),
                confirm_msg(2, SMCCLC_TYPE_R, false, NOREL));
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_R, false, NOREL), T_CONF + 10);
    assert_true(c.hs.order_error);
    assert_int_equal(c.hs.confirm.frame, 5);
    EXPECT_CLC(&c.hs, false, true);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 2310);
}

static void test_protocol_error_anomaly(void **state)
{
    struct conn c;
    struct smcclc_clc_msg acc = accept_msg(2, SMCCLC_TYPE_R, true, 1);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    /* e.g. ac_length: a Linux client resets the connection. */
    acc.worst = SMCCLC_SEV_ERROR;
    send_msg(&c, S2C, acc, T_ACC);
    assert_true(c.hs.protocol_error);
    assert_false(c.hs.order_error);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 1300);
    /* A Decline after the error is kept for the record but decides nothing. */
    send_msg(&c, C2S, decline_msg(2, SMCCLC_DECL_MODEUNSUPP), T_CONF);
    assert_int_equal(c.hs.decline_code, 0x03040000u);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_PROTOCOL_ERROR(&c.hs, true, 2300);
}

static void test_protocol_error_in_decline(void **state)
{
    struct conn c;
    struct smcclc_clc_msg d = decline_msg(2, SMCCLC_DECL_NOSMCRDEV);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    /* decl_length: Linux aborts instead of falling back. */
    d.length = 36;
    d.worst = SMCCLC_SEV_ERROR;
    send_msg(&c, S2C, d, T_ACC);
    assert_true(c.hs.protocol_error);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 1300);
}

static void test_protocol_error_in_proposal(void **state)
{
    struct conn c;
    struct smcclc_clc_msg p = proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    p.worst = SMCCLC_SEV_ERROR;
    send_msg(&c, C2S, p, T_PROP);
    EXPECT_PROTOCOL_ERROR(&c.hs, false, 300);
}

/* ---- incomplete handshakes ---- */

static void test_incomplete_after_proposal(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    EXPECT_OPEN(&c.hs, 300);
    EXPECT_INCOMPLETE(&c.hs, true, 300);
}

static void test_incomplete_after_accept(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, S2C, accept_msg(2, SMCCLC_TYPE_R, true, 1), T_ACC);
    EXPECT_OPEN(&c.hs, 1300);
    EXPECT_INCOMPLETE(&c.hs, true, 1300);
}

static void test_incomplete_options_but_no_clc(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    EXPECT_OPEN(&c.hs, 100);
    /* No CLC at all: the duration is the TCP handshake's. */
    EXPECT_INCOMPLETE(&c.hs, true, 100);
}

static void test_incomplete_syn_only(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    smcclc_hs_syn(&c.hs, false, true, T_SYN);
    EXPECT_CLC(&c.hs, true, true);
    EXPECT_INCOMPLETE(&c.hs, true, 0);
}

static void test_incomplete_both_directions_done(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    smcclc_hs_data(&c.hs, S2C);
    EXPECT_CLC(&c.hs, true, false);
    EXPECT_OPEN(&c.hs, 300);
    smcclc_hs_data(&c.hs, C2S);
    EXPECT_CLC(&c.hs, false, false);
    /* Nothing can arrive any more: incomplete already. */
    EXPECT_INCOMPLETE(&c.hs, false, 300);
}

/* ---- truncated messages and odd input ---- */

static void test_truncated_messages_count_by_type(void **state)
{
    struct conn c;
    struct smcclc_clc_msg acc = accept_msg(2, SMCCLC_TYPE_R, true, NOREL);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    assert_false(c.hs.truncated);
    /* Cut by snaplen before the FCE: the release is not known from it. */
    acc.truncated = true;
    acc.decoded = 96;
    send_msg(&c, S2C, acc, T_ACC);
    assert_true(c.hs.truncated);
    assert_int_equal(c.hs.accept.frame, 4);
    EXPECT_PHASES(&c.hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_LATE_DECLINE);
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_R, true, 1), T_CONF);
    assert_false(c.hs.order_error);
    EXPECT_SMC(&c.hs, true, SMCCLC_OUTCOME_SMC_R, 2, 1, 2300, true);
}

static void test_truncated_decline_without_code(void **state)
{
    struct conn c;
    struct smcclc_clc_msg d = decline_msg(1, 0);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    /* Only the header was captured: a fallback whose reason was not captured. */
    d.truncated = true;
    d.decoded = 8;
    send_msg(&c, C2S, d, T_PROP);
    assert_true(c.hs.truncated);
    EXPECT_CLC(&c.hs, false, false);
    EXPECT_FALLBACK(&c.hs, false, "NOT_CAPTURED", 0, SMCCLC_SITUATION_DECLINE_NOT_CAPTURED,
                    sit_hint(SMCCLC_SITUATION_DECLINE_NOT_CAPTURED), "DECLINE_NOT_CAPTURED", 300);
}

static void test_truncated_decline_code_complete(void **state)
{
    struct conn c;
    struct smcclc_clc_msg d = decline_msg(1, SMCCLC_DECL_NOSMCRDEV);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    /* Cut after the code (20 of 28 bytes): the code decides. */
    d.truncated = true;
    d.decoded = 20;
    send_msg(&c, C2S, d, T_PROP);
    EXPECT_FALLBACK(&c.hs, false, "NOSMCRDEV", SMCCLC_DECL_NOSMCRDEV, SMCCLC_SITUATION_NONE,
                    smcclc_decline_lookup(SMCCLC_DECL_NOSMCRDEV)->hint, "NOSMCRDEV", 300);
}

/* Client to server only: the Confirm implies the Accept that was not captured. */
static void test_one_direction_client_side(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    smcclc_hs_syn(&c.hs, false, true, T_SYN);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_R, true, 1), T_CONF);
    assert_false(c.hs.order_error);
    assert_true(c.hs.one_direction);
    {
        struct smcclc_verdict v;

        smcclc_hs_verdict(&c.hs, true, &v);
        assert_int_equal(v.outcome, SMCCLC_OUTCOME_SMC_R);
        assert_int_equal(v.situation, SMCCLC_SITUATION_ONE_DIRECTION);
        assert_string_equal(v.anchor, "ONE_DIRECTION");
    }
}

/* Both SYNs captured, Accept missing: still the order error it always was. */
static void test_confirm_without_accept_both_sides(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    send_msg(&c, C2S, confirm_msg(2, SMCCLC_TYPE_R, true, 1), T_CONF);
    assert_true(c.hs.order_error);
    assert_false(c.hs.one_direction);
    EXPECT_PROTOCOL_ERROR(&c.hs, true, 2300);
}

/* A RST right after a rule-breaking message of the other side: rejected. */
static void test_reset_after_warning(void **state)
{
    struct conn c;
    struct smcclc_clc_msg a = accept_msg(2, SMCCLC_TYPE_R, true, 1);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    a.worst = SMCCLC_SEV_WARN;
    send_msg(&c, S2C, a, T_ACC);
    /* the sender's own reset says nothing about the message */
    smcclc_hs_reset(&c.hs, S2C);
    assert_false(c.hs.protocol_error);
    smcclc_hs_reset(&c.hs, C2S);
    assert_true(c.hs.protocol_error);
}

/* A RST after a clean message changes nothing, nor one after a Decline. */
static void test_reset_after_clean_or_decline(void **state)
{
    struct conn c;
    struct smcclc_clc_msg d = decline_msg(2, SMCCLC_DECL_NOSMCRDEV);

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    smcclc_hs_reset(&c.hs, S2C);
    assert_false(c.hs.protocol_error);
    d.worst = SMCCLC_SEV_WARN;
    send_msg(&c, S2C, d, T_ACC);
    smcclc_hs_reset(&c.hs, C2S);
    assert_false(c.hs.protocol_error);
}

static void test_syn_retransmission_keeps_first(void **state)
{
    struct conn c;

    (void)state;
    conn_init(&c);
    smcclc_hs_syn(&c.hs, false, true, T_SYN);
    smcclc_hs_syn(&c.hs, false, true, T_SYN + 1000000);
    assert_true(c.hs.t_syn_us == T_SYN);
    smcclc_hs_syn(&c.hs, true, true, T_SYNACK);
    send_msg(&c, C2S, proposal(SMCCLC_TYPE_N, SMCCLC_TYPE_R, 1), T_PROP);
    /* A SYN-ACK after CLC belongs to no handshake we could use. */
    smcclc_hs_syn(&c.hs, true, false, T_ACC);
    assert_int_equal(c.hs.synack_option, SMCCLC_OPT_WITH);
    assert_true(c.hs.t_synack_us == T_SYNACK);
    EXPECT_CLC(&c.hs, true, true);
    EXPECT_OPEN(&c.hs, 300);
}

static void test_bad_input_is_ignored(void **state)
{
    struct conn c;
    struct smcclc_clc_msg junk = msg_base(0, 2);
    struct smcclc_verdict v;

    (void)state;
    conn_init(&c);
    syns(&c, true, true);
    smcclc_hs_message(&c.hs, C2S, &junk, 3, T_PROP);
    smcclc_hs_message(&c.hs, C2S, NULL, 4, T_PROP);
    assert_false(smcclc_hs_clc_expected(&c.hs, (enum smcclc_dir)2));
    smcclc_hs_data(&c.hs, (enum smcclc_dir)2);
    assert_int_equal(c.hs.proposal.frame, 0);
    assert_true(c.hs.t_last_clc_us == 0);
    EXPECT_CLC(&c.hs, true, true);
    smcclc_hs_verdict(&c.hs, false, &v);
    assert_int_equal(v.outcome, SMCCLC_OUTCOME_INCOMPLETE);
}

static void test_init_state(void **state)
{
    struct smcclc_handshake hs;

    (void)state;
    memset(&hs, 0x5A, sizeof(hs));
    smcclc_hs_init(&hs);
    assert_int_equal(hs.syn_option, SMCCLC_OPT_UNSEEN);
    assert_int_equal(hs.synack_option, SMCCLC_OPT_UNSEEN);
    EXPECT_PHASES(&hs, SMCCLC_PHASE_CLC, SMCCLC_PHASE_CLC);
    assert_false(hs.mid_stream);
    assert_false(hs.roles_swapped);
    assert_false(hs.order_error);
    assert_false(hs.protocol_error);
    assert_false(hs.truncated);
    assert_int_equal(hs.proposal.frame, 0);
    assert_int_equal(hs.accept.frame, 0);
    assert_int_equal(hs.confirm.frame, 0);
    assert_int_equal(hs.decline.frame, 0);
    assert_int_equal(hs.typev1, SMCCLC_TYPE_N);
    assert_int_equal(hs.typev2, SMCCLC_TYPE_N);
    assert_int_equal(hs.proposal_release, NOREL);
    assert_int_equal(hs.release, NOREL);
    assert_int_equal(hs.smc_version, 0);
    assert_int_equal(hs.decline_code, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_state),
        cmocka_unit_test(test_success_smcr_v1_first_contact),
        cmocka_unit_test(test_success_smcr_v1_not_first_contact),
        cmocka_unit_test(test_success_smcr_v2_first_contact),
        cmocka_unit_test(test_success_smcr_v2_reuse_has_no_release),
        cmocka_unit_test(test_success_release_from_accept_not_proposal),
        cmocka_unit_test(test_success_release_from_confirm_fce),
        cmocka_unit_test(test_success_smcd_v1),
        cmocka_unit_test(test_success_smcd_v2_first_contact_release0),
        cmocka_unit_test(test_success_smcd_v2_first_contact_release1),
        cmocka_unit_test(test_success_smcd_v2_not_first_contact),
        cmocka_unit_test(test_success_version_above_2_counts_as_2),
        cmocka_unit_test(test_success_final_once_both_directions_done),
        cmocka_unit_test(test_decline_a_client_instead_of_proposal),
        cmocka_unit_test(test_decline_b_server_rejects_proposal),
        cmocka_unit_test(test_decline_c_client_rejects_accept),
        cmocka_unit_test(test_decline_d_server_rejects_confirm),
        cmocka_unit_test(test_decline_e_server_link_setup_fails),
        cmocka_unit_test(test_decline_e_client_link_setup_fails),
        cmocka_unit_test(test_decline_late_after_data_on_other_side),
        cmocka_unit_test(test_decline_first_one_decides),
        cmocka_unit_test(test_decline_server_before_proposal),
        cmocka_unit_test(test_decline_unknown_code),
        cmocka_unit_test(test_decline_unknown_code_after_confirm),
        cmocka_unit_test(test_decline_with_warning_still_falls_back),
        cmocka_unit_test(test_peernosmc),
        cmocka_unit_test(test_no_option_on_syn),
        cmocka_unit_test(test_no_option_on_syn_only_syn_seen),
        cmocka_unit_test(test_synack_without_option_syn_unseen),
        cmocka_unit_test(test_nothing_seen),
        cmocka_unit_test(test_mid_stream_proposal_on_reversed_direction),
        cmocka_unit_test(test_mid_stream_search_survives_data),
        cmocka_unit_test(test_mid_stream_starts_at_confirm),
        cmocka_unit_test(test_mid_stream_starts_at_confirm_reversed),
        cmocka_unit_test(test_mid_stream_starts_at_accept),
        cmocka_unit_test(test_mid_stream_starts_at_decline),
        cmocka_unit_test(test_mid_stream_missing_accept_is_order_error),
        cmocka_unit_test(test_synack_only_gives_roles),
        cmocka_unit_test(test_synack_only_then_success),
        cmocka_unit_test(test_order_confirm_before_accept),
        cmocka_unit_test(test_order_accept_without_proposal),
        cmocka_unit_test(test_order_second_proposal),
        cmocka_unit_test(test_order_proposal_from_server),
        cmocka_unit_test(test_order_accept_from_client),
        cmocka_unit_test(test_order_confirm_from_server),
        cmocka_unit_test(test_order_second_accept_in_late_decline),
        cmocka_unit_test(test_order_second_confirm),
        cmocka_unit_test(test_protocol_error_anomaly),
        cmocka_unit_test(test_protocol_error_in_decline),
        cmocka_unit_test(test_protocol_error_in_proposal),
        cmocka_unit_test(test_incomplete_after_proposal),
        cmocka_unit_test(test_incomplete_after_accept),
        cmocka_unit_test(test_incomplete_options_but_no_clc),
        cmocka_unit_test(test_incomplete_syn_only),
        cmocka_unit_test(test_incomplete_both_directions_done),
        cmocka_unit_test(test_truncated_messages_count_by_type),
        cmocka_unit_test(test_truncated_decline_without_code),
        cmocka_unit_test(test_truncated_decline_code_complete),
        cmocka_unit_test(test_one_direction_client_side),
        cmocka_unit_test(test_confirm_without_accept_both_sides),
        cmocka_unit_test(test_reset_after_warning),
        cmocka_unit_test(test_reset_after_clean_or_decline),
        cmocka_unit_test(test_syn_retransmission_keeps_first),
        cmocka_unit_test(test_bad_input_is_ignored),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
