/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smcclc_hs_expects(): for every handshake state a connection can be in, the
 * answer for both directions and every type byte (0 and 5 are no CLC type),
 * written out as a table a reviewer can check against docs/protocol.md
 * "Message order". Each cell is then fed to smcclc_hs_message() to show that
 * the state machine records exactly the order error the answer predicts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "smcclc/handshake.h"

#define C2S SMCCLC_DIR_C2S
#define S2C SMCCLC_DIR_S2C
#define T0 UINT64_C(1700000000000000)

/* answers, short enough for one line per state */
#define NO SMCCLC_EXPECT_NO
#define IN SMCCLC_EXPECT_IN_ORDER
#define OUT SMCCLC_EXPECT_OUT_OF_ORDER

enum step {
    END = 0,
    SYN,
    SYN_NOOPT,
    SYNACK,
    SYNACK_NOOPT,
    P_C2S,
    P_S2C,
    A_S2C,
    C_C2S,
    D_S2C,
    DATA_C2S
};

struct row {
    const char *state;
    enum step steps[5];
    /* [dir][type byte 0..5] */
    enum smcclc_expect want[2][6];
};

/* clang-format off */
static const struct row rows[] = {
    /* want: {{C2S: type 0, P, A, C, D, 5}, {S2C: type 0, P, A, C, D, 5}} */
    {"nothing seen (roles from the first message)", {END},
        {{NO, IN,  IN,  IN,  IN, NO}, {NO, IN,  IN,  IN,  IN, NO}}},
    {"SYN and SYN-ACK with the option",   {SYN, SYNACK},
        {{NO, IN,  OUT, OUT, IN, NO}, {NO, OUT, OUT, OUT, IN, NO}}},
    {"after the Proposal",                 {SYN, SYNACK, P_C2S},
        {{NO, OUT, OUT, OUT, IN, NO}, {NO, OUT, IN,  OUT, IN, NO}}},
    {"after the Accept",                   {SYN, SYNACK, P_C2S, A_S2C},
        {{NO, OUT, OUT, IN,  IN, NO}, {NO, NO,  NO,  NO,  IN, NO}}},
    {"after the Confirm",                  {SYN, SYNACK, P_C2S, A_S2C, C_C2S},
        {{NO, NO,  NO,  NO,  IN, NO}, {NO, NO,  NO,  NO,  IN, NO}}},
    {"after a Decline",                    {SYN, SYNACK, P_C2S, D_S2C},
        {{NO, NO,  NO,  NO,  NO, NO}, {NO, NO,  NO,  NO,  NO, NO}}},
    {"SYN without the option",             {SYN_NOOPT},
        {{NO, NO,  NO,  NO,  NO, NO}, {NO, NO,  NO,  NO,  NO, NO}}},
    {"SYN-ACK without the option",         {SYN, SYNACK_NOOPT},
        {{NO, NO,  NO,  NO,  NO, NO}, {NO, NO,  NO,  NO,  NO, NO}}},
    {"client sent data instead of CLC",    {SYN, SYNACK, DATA_C2S},
        {{NO, NO,  NO,  NO,  NO, NO}, {NO, OUT, OUT, OUT, IN, NO}}},
    /* the caller's S2C sent the Proposal: roles swapped, the caller's C2S is the server */
    {"mid-stream, Proposal seen going S2C", {P_S2C},
        {{NO, OUT, IN,  OUT, IN, NO}, {NO, OUT, OUT, OUT, IN, NO}}},
    /* the Proposal and Accept predate the capture */
    {"mid-stream, a Confirm first",        {C_C2S},
        {{NO, NO,  NO,  NO,  IN, NO}, {NO, OUT, OUT, OUT, IN, NO}}},
    /* only the server's side captured: its Accept answers an unseen Proposal */
    {"only the SYN-ACK seen",              {SYNACK},
        {{NO, IN,  OUT, OUT, IN, NO}, {NO, OUT, IN,  OUT, IN, NO}}},
    /* only the client's side captured: its Confirm answers an unseen Accept */
    {"only the SYN and Proposal seen",     {SYN, P_C2S},
        {{NO, OUT, OUT, IN,  IN, NO}, {NO, OUT, IN,  OUT, IN, NO}}},
};
/* clang-format on */

static struct smcclc_clc_msg msg_of(uint8_t type)
{
    struct smcclc_clc_msg m;

    memset(&m, 0, sizeof(m));
    m.type = type;
    m.version = 2;
    m.eyecatcher = SMCCLC_TYPE_R;
    m.chosen_type = SMCCLC_TYPE_R;
    m.release = SMCCLC_RELEASE_NONE;
    m.worst = SMCCLC_SEV_NOTE;
    return m;
}

static void play(struct smcclc_handshake *hs, const enum step *steps)
{
    uint32_t frame = 1;
    size_t i;

    smcclc_hs_init(hs);
    for (i = 0; i < 5 && steps[i] != END; i++, frame++) {
        struct smcclc_clc_msg m;
        uint64_t t = T0 + frame * 100;

        switch (steps[i]) {
        case SYN:
        case SYN_NOOPT:
            smcclc_hs_syn(hs, false, steps[i] == SYN, t);
            break;
        case SYNACK:
        case SYNACK_NOOPT:
            smcclc_hs_syn(hs, true, steps[i] == SYNACK, t);
            break;
        case DATA_C2S:
            smcclc_hs_data(hs, C2S);
            break;
        default:
            m = msg_of(steps[i] == P_C2S || steps[i] == P_S2C ? SMCCLC_CLC_PROPOSAL
                       : steps[i] == A_S2C                    ? SMCCLC_CLC_ACCEPT
                       : steps[i] == C_C2S                    ? SMCCLC_CLC_CONFIRM
                                                              : SMCCLC_CLC_DECLINE);
            smcclc_hs_message(hs, steps[i] == P_C2S || steps[i] == C_C2S ? C2S : S2C, &m, frame, t);
            break;
        }
    }
    assert_false(hs->order_error);
}

static void test_expects_table(void **state)
{
    size_t r;
    int dir, type;
    char where[160];

    (void)state;
    for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        struct smcclc_handshake hs;

        play(&hs, rows[r].steps);
        for (dir = 0; dir < 2; dir++)
            for (type = 0; type < 6; type++) {
                enum smcclc_expect got =
                    smcclc_hs_expects(&hs, (enum smcclc_dir)dir, (uint8_t)type);
                snprintf(where, sizeof(where), "%s: %s type %d", rows[r].state,
                         dir == C2S ? "C2S" : "S2C", type);
                if (got != rows[r].want[dir][type])
                    fail_msg("%s: got %d, want %d", where, got, rows[r].want[dir][type]);
            }
    }
}

/* Feeding each cell: the message's order error is the one smcclc_hs_expects() predicted. */
static void test_message_agrees_with_expects(void **state)
{
    size_t r;
    int dir, type;

    (void)state;
    for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++)
        for (dir = 0; dir < 2; dir++)
            for (type = SMCCLC_CLC_PROPOSAL; type <= SMCCLC_CLC_DECLINE; type++) {
                struct smcclc_handshake before, hs;
                struct smcclc_clc_msg m = msg_of((uint8_t)type);
                enum smcclc_expect e;
                bool late;

                play(&before, rows[r].steps);
                hs = before;
                e = smcclc_hs_expects(&hs, (enum smcclc_dir)dir, (uint8_t)type);
                late = hs.phase[dir] == SMCCLC_PHASE_LATE_DECLINE;
                smcclc_hs_message(&hs, (enum smcclc_dir)dir, &m, 99, T0 + 9900);
                if (e == SMCCLC_EXPECT_NO && !late) {
                    /* not CLC from this side: the message is ignored */
                    if (memcmp(&hs, &before, sizeof(hs)) != 0)
                        fail_msg("%s dir %d type %d: state changed", rows[r].state, dir, type);
                    continue;
                }
                /* NO in LATE_DECLINE: a front end passes it as data; given anyway it is out of
                 * order */
                if (hs.order_error != (e != SMCCLC_EXPECT_IN_ORDER))
                    fail_msg("%s dir %d type %d: order_error %d, expects %d", rows[r].state, dir,
                             type, hs.order_error, e);
                if (e == SMCCLC_EXPECT_NO)
                    assert_int_equal(hs.phase[dir], SMCCLC_PHASE_DONE);
            }
}

static void test_bad_direction(void **state)
{
    struct smcclc_handshake hs;

    (void)state;
    smcclc_hs_init(&hs);
    assert_int_equal(smcclc_hs_expects(&hs, (enum smcclc_dir)2, SMCCLC_CLC_DECLINE),
                     SMCCLC_EXPECT_NO);
    assert_int_equal(smcclc_hs_expects(&hs, (enum smcclc_dir)2, SMCCLC_CLC_PROPOSAL),
                     SMCCLC_EXPECT_NO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expects_table),
        cmocka_unit_test(test_message_agrees_with_expects),
        cmocka_unit_test(test_bad_direction),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
