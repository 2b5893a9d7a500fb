/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: the SMC handshake of one TCP connection and its verdict
 *
 *   client                                  server           phase[c2s]   phase[s2c]
 *   SYN      [SMC option] ----------->                       CLC          CLC
 *                         <-----------  SYN-ACK [SMC option]
 *   Proposal              ----------->                       CLC          CLC
 *                         <-----------  Accept (or Decline)               LATE_DECLINE
 *   Confirm (or Decline)  ----------->                       LATE_DECLINE
 *                         <- - - - - -  late Decline (SMC-R link setup failed)
 *   any Decline: both directions DONE; bytes after it are application data
 *
 * docs/protocol.md, "Message order" and "Verdicts". The Linux side: smc_clc_wait_msg()
 * (net/smc/smc_clc.c), __smc_connect() and smc_listen_work() (net/smc/af_smc.c).
 *
 * Why the rules are what they are:
 *
 *  - Order follows what a Linux receiver waits for (smc_clc_wait_msg()): it
 *    peeks at the next header and aborts the connection when the type is
 *    neither the one it waits for nor a Decline. Such a message sets
 *    order_error; one with an ERROR anomaly sets protocol_error. Both end in
 *    "incomplete" with situation PROTOCOL_ERROR, because Linux resets the
 *    connection instead of falling back. A Decline never breaks the order.
 *  - The first Decline decides. Every message after it is ignored, including
 *    a crossing Decline from the other side and a broken message: the
 *    connection is plain TCP by then, so an error after it cannot abort an
 *    SMC handshake. A Decline after an error is recorded (its code stays
 *    visible in hs->decline_code) but the error keeps the verdict, because
 *    Linux had already reset the connection.
 *  - A successful handshake is never final before `at_end`. After the
 *    Confirm, SMC-R first contact still sets up the RoCE link, and either side
 *    may then send a Decline on the TCP connection (docs/protocol.md, "How
 *    late a Decline can come after the Confirm"); the server may also reject
 *    the Confirm itself (smc_listen_work()). Only the end of the
 *    connection, or both directions being DONE (nothing can be recorded any
 *    more), makes the verdict final. Callers that want a settle time pass
 *    at_end themselves when it expires.
 *  - LATE_DECLINE still answers "CLC expected": the caller frames the bytes and
 *    checks the type. A Decline is given to smcclc_hs_message(); anything else is
 *    application data for smcclc_hs_data(). A non-Decline message given here
 *    anyway counts as out of order and ends that direction's CLC phase.
 *  - Mid-stream captures (no SYN, no SYN-ACK): until the first CLC message,
 *    non-CLC bytes do not end the search, because the capture may have begun
 *    inside a message. The first message fixes the roles: a Proposal or
 *    Confirm comes from the client, an Accept from the server, a Decline from
 *    whichever side the caller says. When that contradicts the caller's
 *    direction, roles_swapped is set. Every direction-indexed field (phase,
 *    decline_dir) stays in the caller's terms; only the order checks use the
 *    roles. Steps before the first captured message are assumed to have
 *    happened, unless a message of an earlier step was itself captured.
 *  - Only the SYN's option, or a CLC message, makes a connection SMC. A lone
 *    SYN-ACK with the option (SYN missed) gets no verdict until CLC shows up:
 *    without the SYN there is no time origin and no proof the client asked.
 *  - Presence of a message is ref.frame != 0, as handshake.h defines; frame
 *    numbers must therefore start at 1.
 *  - Fallback and error verdicts report no SMC version and release 0xFF: SMC
 *    was not used, whatever the messages before the Decline had negotiated.
 *  - A v2 success without an FCE (link group reused) reports no release
 *    (0xFF): the release was settled at the link group's first contact, on
 *    another connection, and may be lower than the one the client proposed
 *    (a 6.12 client and a 6.1 server settle on v2.0).
 *  - A message cut by snaplen still counts by its type: the type and byte 7
 *    are what the order and the outcome depend on. A Decline cut before its
 *    code is a fallback whose reason was not captured (NOT_CAPTURED), never
 *    an unknown code.
 *  - One direction captured (its SYN or SYN-ACK and all its messages missing
 *    while the other direction's are there): a message implies the ones of
 *    the other side it answers (a Confirm implies an Accept, an Accept a
 *    Proposal), and the verdict says ONE_DIRECTION instead of calling the
 *    order a protocol error.
 *  - A reset right after a message that breaks a rule (any WARN or ERROR
 *    anomaly: some Linux receiver rejects it) is that receiver's rejection:
 *    a protocol error, even when the message was a Confirm
 *    (smcclc_hs_reset()).
 */
#include <stddef.h>
#include <string.h>

#include "smcclc/handshake.h"

/* A Decline's code is bytes 16..19 (header, sender peer ID, code). */
#define SMCCLC_DECLINE_CODE_END 20u

static bool ref_seen(const struct smcclc_hs_msg_ref *r)
{
    return r->frame != 0;
}

static bool any_clc(const struct smcclc_handshake *hs)
{
    return ref_seen(&hs->proposal) || ref_seen(&hs->accept) || ref_seen(&hs->confirm) ||
           ref_seen(&hs->decline);
}

/* Linux sends CLC only when the SYN and the SYN-ACK both carried the option. */
static bool clc_impossible(const struct smcclc_handshake *hs)
{
    return hs->syn_option == SMCCLC_OPT_WITHOUT || hs->synack_option == SMCCLC_OPT_WITHOUT;
}

/* Nothing at all of the side with this role was captured: not its SYN or
 * SYN-ACK, not one message. */
static bool side_unheard(const struct smcclc_handshake *hs, enum smcclc_dir role)
{
    uint8_t opt = role == SMCCLC_DIR_C2S ? hs->syn_option : hs->synack_option;
    uint8_t other = role == SMCCLC_DIR_C2S ? hs->synack_option : hs->syn_option;

    return opt == SMCCLC_OPT_UNSEEN && other != SMCCLC_OPT_UNSEEN &&
           !(hs->roles_heard >> role & 1u);
}

static bool roles_known(const struct smcclc_handshake *hs)
{
    return hs->syn_option != SMCCLC_OPT_UNSEEN || hs->synack_option != SMCCLC_OPT_UNSEEN;
}

/*
 * The capture began after the connection's start, so the first message may
 * have had predecessors we never saw. SYNs are ignored once CLC is recorded,
 * so this cannot change after the first message.
 */
static bool relaxed(const struct smcclc_handshake *hs)
{
    /* before the first message, mid_stream is what smcclc_hs_message() will set */
    bool mid = any_clc(hs) ? hs->mid_stream : hs->syn_option == SMCCLC_OPT_UNSEEN;

    return mid && hs->synack_option == SMCCLC_OPT_UNSEEN;
}

static enum smcclc_dir role_of(const struct smcclc_handshake *hs, enum smcclc_dir dir)
{
    return hs->roles_swapped ? (enum smcclc_dir)(dir ^ 1) : dir;
}

static void record(struct smcclc_hs_msg_ref *r, uint32_t frame, uint64_t t_us)
{
    r->frame = frame;
    r->t_us = t_us;
}

void smcclc_hs_init(struct smcclc_handshake *hs)
{
    memset(hs, 0, sizeof(*hs));
    hs->phase[SMCCLC_DIR_C2S] = SMCCLC_PHASE_CLC;
    hs->phase[SMCCLC_DIR_S2C] = SMCCLC_PHASE_CLC;
    hs->typev1 = SMCCLC_TYPE_N;
    hs->typev2 = SMCCLC_TYPE_N;
    hs->proposal_release = SMCCLC_RELEASE_NONE;
    hs->release = SMCCLC_RELEASE_NONE;
}

void smcclc_hs_syn(struct smcclc_handshake *hs, bool synack, bool has_option, uint64_t t_us)
{
    uint8_t *state = synack ? &hs->synack_option : &hs->syn_option;

    /*
     * A retransmission repeats the first copy, and a SYN after CLC cannot
     * belong to this handshake (port reuse is the caller's new connection).
     */
    if (*state != SMCCLC_OPT_UNSEEN || any_clc(hs))
        return;
    *state = has_option ? SMCCLC_OPT_WITH : SMCCLC_OPT_WITHOUT;
    if (synack)
        hs->t_synack_us = t_us;
    else
        hs->t_syn_us = t_us;
    if (!has_option) {
        hs->phase[SMCCLC_DIR_C2S] = SMCCLC_PHASE_DONE;
        hs->phase[SMCCLC_DIR_S2C] = SMCCLC_PHASE_DONE;
    }
}

bool smcclc_hs_clc_expected(const struct smcclc_handshake *hs, enum smcclc_dir dir)
{
    if ((unsigned)dir > SMCCLC_DIR_S2C || clc_impossible(hs))
        return false;
    return hs->phase[dir] != SMCCLC_PHASE_DONE;
}

/* One direction captured: the Accept answers a Proposal we could not see. */
static bool accept_implies_proposal(const struct smcclc_handshake *hs)
{
    return !relaxed(hs) && !ref_seen(&hs->proposal) && side_unheard(hs, SMCCLC_DIR_C2S);
}

/* One direction captured: the Confirm answers an Accept we could not see. */
static bool confirm_implies_accept(const struct smcclc_handshake *hs)
{
    /* Mid-stream, the Accept may predate the capture, unless the Proposal did not. */
    return (!relaxed(hs) || ref_seen(&hs->proposal)) && !ref_seen(&hs->accept) &&
           side_unheard(hs, SMCCLC_DIR_S2C);
}

/*
 * The one place the order rules live (docs/protocol.md, "Message order"):
 * a Linux receiver peeks at the next header and resets the connection when
 * the type is neither the one it waits for nor a Decline
 * (smc_clc_wait_msg() in net/smc/smc_clc.c).
 */
enum smcclc_expect smcclc_hs_expects(const struct smcclc_handshake *hs, enum smcclc_dir dir,
                                     uint8_t type)
{
    enum smcclc_dir role;
    bool ok;

    if (type < SMCCLC_CLC_PROPOSAL || type > SMCCLC_CLC_DECLINE || !smcclc_hs_clc_expected(hs, dir))
        return SMCCLC_EXPECT_NO;
    if (type == SMCCLC_CLC_DECLINE)
        return SMCCLC_EXPECT_IN_ORDER;
    /* after the Accept or Confirm this side has nothing left to send but a Decline */
    if (hs->phase[dir] == SMCCLC_PHASE_LATE_DECLINE)
        return SMCCLC_EXPECT_NO;
    /* No SYN, no SYN-ACK, no message yet: the first message fixes the roles, and
     * whatever came before it predates the capture. */
    if (!any_clc(hs) && !roles_known(hs))
        return SMCCLC_EXPECT_IN_ORDER;
    role = role_of(hs, dir);
    switch (type) {
    case SMCCLC_CLC_PROPOSAL:
        ok = role == SMCCLC_DIR_C2S && !ref_seen(&hs->proposal) && !ref_seen(&hs->accept) &&
             !ref_seen(&hs->confirm);
        break;
    case SMCCLC_CLC_ACCEPT:
        ok = role == SMCCLC_DIR_S2C && !ref_seen(&hs->accept) && !ref_seen(&hs->confirm) &&
             (ref_seen(&hs->proposal) || relaxed(hs) || accept_implies_proposal(hs));
        break;
    default:
        ok = role == SMCCLC_DIR_C2S && !ref_seen(&hs->confirm) &&
             (ref_seen(&hs->accept) || (relaxed(hs) && !ref_seen(&hs->proposal)) ||
              confirm_implies_accept(hs));
        break;
    }
    return ok ? SMCCLC_EXPECT_IN_ORDER : SMCCLC_EXPECT_OUT_OF_ORDER;
}

/* The first message of a capture without SYN and SYN-ACK tells who is who. */
static void orient(struct smcclc_handshake *hs, enum smcclc_dir dir, uint8_t type)
{
    if (type == SMCCLC_CLC_PROPOSAL || type == SMCCLC_CLC_CONFIRM)
        hs->roles_swapped = dir != SMCCLC_DIR_C2S;
    else if (type == SMCCLC_CLC_ACCEPT)
        hs->roles_swapped = dir != SMCCLC_DIR_S2C;
}

static void on_proposal(struct smcclc_handshake *hs, const struct smcclc_clc_msg *m, uint32_t frame,
                        uint64_t t_us)
{
    if (ref_seen(&hs->proposal))
        return;
    record(&hs->proposal, frame, t_us);
    /*
     * Linux before commit ec33f2e5a2d0 (6.18, smc_clc_send_proposal()) turns
     * the v1 offer off in byte 7 when the prefix lookup fails, leaves the
     * IP prefix area out of the length, but still sends it and skips it in
     * the v2 extension offset: the parts leave a gap where the area is and
     * the trailer is not where the length puts it (or, counted, the length
     * disagrees). A bad v2 extension offset is some other sender's bug.
     */
    if (m->version >= 2 && m->typev1 == SMCCLC_TYPE_N &&
        smcclc_clc_has_anomaly(m, SMCCLC_ANOM_PROP_LAYOUT_GAP) &&
        (smcclc_clc_has_anomaly(m, SMCCLC_ANOM_TRAILER_BAD) ||
         smcclc_clc_has_anomaly(m, SMCCLC_ANOM_PROP_LENGTH)) &&
        !smcclc_clc_has_anomaly(m, SMCCLC_ANOM_PROP_V2EXT_OFFSET))
        hs->prefix_mismatch = true;
    hs->typev1 = m->typev1;
    hs->typev2 = m->typev2;
    hs->proposal_release = m->release;
}

static void take_agreement(struct smcclc_handshake *hs, const struct smcclc_clc_msg *m)
{
    hs->smc_version = m->version >= 2 ? 2 : m->version;
    hs->chosen_type = m->chosen_type;
    hs->first_contact = m->first_contact;
}

static void on_accept(struct smcclc_handshake *hs, enum smcclc_dir dir, enum smcclc_dir role,
                      const struct smcclc_clc_msg *m, uint32_t frame, uint64_t t_us)
{
    if (accept_implies_proposal(hs))
        hs->one_direction = true;
    if (role == SMCCLC_DIR_S2C && hs->phase[dir] == SMCCLC_PHASE_CLC)
        hs->phase[dir] = SMCCLC_PHASE_LATE_DECLINE;
    if (ref_seen(&hs->accept))
        return;
    record(&hs->accept, frame, t_us);
    take_agreement(hs, m);
    hs->release = m->release;
}

static void on_confirm(struct smcclc_handshake *hs, enum smcclc_dir dir, enum smcclc_dir role,
                       const struct smcclc_clc_msg *m, uint32_t frame, uint64_t t_us)
{
    if (confirm_implies_accept(hs))
        hs->one_direction = true;
    if (role == SMCCLC_DIR_C2S && hs->phase[dir] == SMCCLC_PHASE_CLC)
        hs->phase[dir] = SMCCLC_PHASE_LATE_DECLINE;
    if (ref_seen(&hs->confirm))
        return;
    record(&hs->confirm, frame, t_us);
    if (!ref_seen(&hs->accept)) {
        take_agreement(hs, m);
        hs->release = m->release;
    } else if (hs->release == SMCCLC_RELEASE_NONE) {
        /* A Confirm can carry the FCE when only the client made a new link group. */
        hs->release = m->release;
    }
}

static void on_decline(struct smcclc_handshake *hs, enum smcclc_dir dir,
                       const struct smcclc_clc_msg *m, uint32_t frame, uint64_t t_us)
{
    record(&hs->decline, frame, t_us);
    hs->decline_code = m->diag_code;
    hs->decline_dir = (uint8_t)dir;
    hs->decline_after_confirm = ref_seen(&hs->confirm);
    hs->decline_code_lost = m->truncated && m->decoded < SMCCLC_DECLINE_CODE_END;
    hs->phase[SMCCLC_DIR_C2S] = SMCCLC_PHASE_DONE;
    hs->phase[SMCCLC_DIR_S2C] = SMCCLC_PHASE_DONE;
}

void smcclc_hs_message(struct smcclc_handshake *hs, enum smcclc_dir dir,
                       const struct smcclc_clc_msg *msg, uint32_t frame, uint64_t t_us)
{
    enum smcclc_dir role;
    enum smcclc_expect expect;

    if (msg == NULL || msg->type < SMCCLC_CLC_PROPOSAL || msg->type > SMCCLC_CLC_DECLINE)
        return;
    /* Covers "after a Decline" too: it made both directions DONE. */
    if (!smcclc_hs_clc_expected(hs, dir))
        return;
    /* asked before anything is recorded: the rules judge the state the message found */
    expect = smcclc_hs_expects(hs, dir, msg->type);

    if (!any_clc(hs)) {
        hs->mid_stream = hs->syn_option == SMCCLC_OPT_UNSEEN;
        if (!roles_known(hs))
            orient(hs, dir, msg->type);
    }
    role = role_of(hs, dir);

    if (msg->truncated)
        hs->truncated = true;
    if (msg->worst == SMCCLC_SEV_ERROR)
        hs->protocol_error = true;
    hs->t_last_clc_us = t_us;

    /* SMCCLC_EXPECT_NO here: a non-Decline after this side's last message,
     * given anyway; it ends the direction's CLC phase. */
    if (expect != SMCCLC_EXPECT_IN_ORDER)
        hs->order_error = true;
    if (expect == SMCCLC_EXPECT_NO)
        hs->phase[dir] = SMCCLC_PHASE_DONE;

    switch (msg->type) {
    case SMCCLC_CLC_PROPOSAL:
        on_proposal(hs, msg, frame, t_us);
        break;
    case SMCCLC_CLC_ACCEPT:
        on_accept(hs, dir, role, msg, frame, t_us);
        break;
    case SMCCLC_CLC_CONFIRM:
        on_confirm(hs, dir, role, msg, frame, t_us);
        break;
    default:
        on_decline(hs, dir, msg, frame, t_us);
        break;
    }
    hs->roles_heard |= (uint8_t)(1u << role);
    hs->last_dir = (uint8_t)dir;
    hs->last_broke_rule = msg->worst >= SMCCLC_SEV_WARN;
}

void smcclc_hs_reset(struct smcclc_handshake *hs, enum smcclc_dir dir)
{
    if ((unsigned)dir > SMCCLC_DIR_S2C || !any_clc(hs) || ref_seen(&hs->decline))
        return;
    if (hs->last_broke_rule && hs->last_dir != (uint8_t)dir)
        hs->protocol_error = true;
}

void smcclc_hs_data(struct smcclc_handshake *hs, enum smcclc_dir dir)
{
    if ((unsigned)dir > SMCCLC_DIR_S2C)
        return;
    /* Nothing known yet: the capture may have begun inside a CLC message. */
    if (!roles_known(hs) && !any_clc(hs))
        return;
    hs->phase[dir] = SMCCLC_PHASE_DONE;
}

bool smcclc_hs_is_smc(const struct smcclc_handshake *hs)
{
    return hs->syn_option == SMCCLC_OPT_WITH || any_clc(hs);
}

static uint64_t first_clc_us(const struct smcclc_handshake *hs)
{
    const struct smcclc_hs_msg_ref *refs[4] = {&hs->proposal, &hs->accept, &hs->confirm,
                                               &hs->decline};
    uint64_t first = UINT64_MAX;
    size_t i;

    for (i = 0; i < 4; i++)
        if (ref_seen(refs[i]) && refs[i]->t_us < first)
            first = refs[i]->t_us;
    return first;
}

static uint64_t duration(const struct smcclc_handshake *hs)
{
    uint64_t start, end;

    /* A verdict exists only with the SYN or a CLC message, so one of them is there. */
    start = hs->syn_option != SMCCLC_OPT_UNSEEN ? hs->t_syn_us : first_clc_us(hs);

    if (any_clc(hs))
        end = hs->t_last_clc_us;
    else if (hs->synack_option != SMCCLC_OPT_UNSEEN)
        end = hs->t_synack_us;
    else
        end = start;
    return end > start ? end - start : 0;
}

static void set_situation(struct smcclc_verdict *v, enum smcclc_situation s)
{
    v->situation = s;
    v->hint = smcclc_situation_table[s].hint;
    v->anchor = smcclc_situation_table[s].anchor;
}

static void fallback(struct smcclc_verdict *v, uint32_t code, bool after_confirm)
{
    const struct smcclc_decline_info *di = smcclc_decline_lookup(code);

    v->outcome = SMCCLC_OUTCOME_FALLBACK;
    v->reason_code = code;
    if (di != NULL) {
        v->reason = di->name;
        v->hint = di->hint;
        v->anchor = di->name;
    } else {
        v->reason = SMCCLC_DECLINE_UNKNOWN_NAME;
        set_situation(v, SMCCLC_SITUATION_UNKNOWN_DECLINE);
    }
    /* The code still explains what failed; the situation says when. */
    if (after_confirm)
        v->situation = SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM;
}

void smcclc_hs_verdict(const struct smcclc_handshake *hs, bool at_end, struct smcclc_verdict *v)
{
    bool closed = at_end || (hs->phase[SMCCLC_DIR_C2S] == SMCCLC_PHASE_DONE &&
                             hs->phase[SMCCLC_DIR_S2C] == SMCCLC_PHASE_DONE);

    memset(v, 0, sizeof(*v));
    v->outcome = SMCCLC_OUTCOME_NONE;
    v->situation = SMCCLC_SITUATION_NONE;
    v->release = SMCCLC_RELEASE_NONE;

    if (!smcclc_hs_is_smc(hs)) {
        v->final = at_end || clc_impossible(hs);
        return;
    }

    if (hs->synack_option == SMCCLC_OPT_WITHOUT) {
        /* The client falls back at once and sends no CLC (__smc_connect(), PEERNOSMC). */
        fallback(v, SMCCLC_DECL_PEERNOSMC, false);
        v->duration_us = hs->t_synack_us > hs->t_syn_us ? hs->t_synack_us - hs->t_syn_us : 0;
        v->final = true;
        return;
    }

    v->duration_us = duration(hs);

    if (hs->order_error || hs->protocol_error) {
        v->outcome = SMCCLC_OUTCOME_INCOMPLETE;
        set_situation(v, hs->prefix_mismatch ? SMCCLC_SITUATION_PROPOSAL_PREFIX_MISMATCH
                                             : SMCCLC_SITUATION_PROTOCOL_ERROR);
        v->final = true;
        return;
    }

    if (ref_seen(&hs->decline)) {
        if (hs->decline_code_lost) {
            /* a fallback for sure; why, the capture cannot tell */
            v->outcome = SMCCLC_OUTCOME_FALLBACK;
            v->reason = SMCCLC_DECLINE_NOT_CAPTURED_NAME;
            set_situation(v, SMCCLC_SITUATION_DECLINE_NOT_CAPTURED);
        } else {
            fallback(v, hs->decline_code, hs->decline_after_confirm);
        }
        v->final = true;
        return;
    }

    if (ref_seen(&hs->confirm)) {
        v->outcome = hs->chosen_type == SMCCLC_TYPE_D ? SMCCLC_OUTCOME_SMC_D : SMCCLC_OUTCOME_SMC_R;
        v->smc_version = hs->smc_version;
        if (hs->smc_version >= 2)
            v->release = hs->release;
        if (hs->one_direction)
            set_situation(v, SMCCLC_SITUATION_ONE_DIRECTION);
        v->final = closed;
        return;
    }

    v->outcome = SMCCLC_OUTCOME_INCOMPLETE;
    if (closed) {
        /* a message was captured, so the side that never shows up was there */
        set_situation(v, hs->one_direction || (any_clc(hs) && (side_unheard(hs, SMCCLC_DIR_C2S) ||
                                                               side_unheard(hs, SMCCLC_DIR_S2C)))
                             ? SMCCLC_SITUATION_ONE_DIRECTION
                             : SMCCLC_SITUATION_INCOMPLETE);
        v->final = true;
    }
}
