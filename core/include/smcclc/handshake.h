/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SMC handshake of one TCP connection, as seen from packets: which side
 * offered SMC in its SYN, which CLC messages went which way, and the verdict.
 * smcdump and the Wireshark plugin both drive this state machine, so they
 * give the same verdict for the same packets.
 *
 * Rules (docs/protocol.md, "Message order"):
 *  - CLC exists only when the SYN and the SYN-ACK both carried the SMC option.
 *    A SYN or SYN-ACK seen without it makes every later byte application data.
 *  - Client to server: Proposal, then Confirm; server to client: Accept.
 *    Either side may send a Decline instead, at any point.
 *  - After a Decline, both directions carry application data.
 *  - After the Confirm (client) or Accept (server) a direction may still carry
 *    one late Decline (SMC-R link setup failed); anything else ends its CLC
 *    phase. Non-CLC bytes end a direction's CLC phase at once.
 *  - A capture that starts mid-connection (no SYN seen) enters CLC state on
 *    the first CLC message found at a segment start.
 */
#ifndef SMCCLC_HANDSHAKE_H
#define SMCCLC_HANDSHAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "smcclc/smcclc.h"

#ifdef __cplusplus
extern "C" {
#endif

enum smcclc_dir { SMCCLC_DIR_C2S = 0, SMCCLC_DIR_S2C = 1 };

enum smcclc_option_seen { SMCCLC_OPT_UNSEEN = 0, SMCCLC_OPT_WITHOUT, SMCCLC_OPT_WITH };

enum smcclc_phase {
    SMCCLC_PHASE_CLC = 0,      /* the next bytes may be a CLC message */
    SMCCLC_PHASE_LATE_DECLINE, /* only a Decline may still come */
    SMCCLC_PHASE_DONE,         /* application data from here on */
};

/* Frame numbers are the caller's (1-based); 0 means "not seen". */
struct smcclc_hs_msg_ref {
    uint32_t frame;
    uint64_t t_us; /* packet time, microseconds since the epoch */
};

struct smcclc_handshake {
    uint8_t syn_option;     /* enum smcclc_option_seen */
    uint8_t synack_option;  /* enum smcclc_option_seen */
    uint8_t phase[2];       /* enum smcclc_phase, indexed by enum smcclc_dir */
    bool mid_stream;        /* CLC was found without the SYN */
    bool roles_swapped;     /* no SYN/SYN-ACK: the caller's C2S turned out to be the server */
    bool order_error;       /* a message arrived that Linux would not expect */
    bool protocol_error;    /* a message has an ERROR-severity anomaly */
    bool truncated;         /* a CLC message was cut by snaplen */
    bool one_direction;     /* a message implied one of the other direction never seen */
    bool prefix_mismatch;   /* the Proposal is the pre-6.18 typev1 N + prefix area bug */
    bool decline_code_lost; /* the first Decline was cut by snaplen before its code */
    bool last_broke_rule;   /* the last message has a WARN or ERROR anomaly */
    uint8_t last_dir;       /* enum smcclc_dir of the last message */
    uint8_t roles_heard;    /* bit per role (enum smcclc_dir): a message from that side */

    uint64_t t_syn_us;      /* SYN time, 0 when not seen */
    uint64_t t_synack_us;   /* SYN-ACK time, 0 when not seen */
    uint64_t t_last_clc_us; /* time of the last CLC message */

    struct smcclc_hs_msg_ref proposal, accept, confirm, decline;

    /* from the Proposal */
    uint8_t typev1, typev2, proposal_release;
    /* from the Accept, or the Confirm when no Accept was seen */
    uint8_t smc_version, chosen_type, release;
    bool first_contact;
    /* from the first Decline */
    uint32_t decline_code;
    uint8_t decline_dir; /* enum smcclc_dir */
    bool decline_after_confirm;
};

struct smcclc_verdict {
    enum smcclc_outcome outcome;     /* SMCCLC_OUTCOME_NONE: not an SMC connection, no verdict */
    uint8_t smc_version;             /* 1 or 2 when SMC was used, else 0 */
    uint8_t release;                 /* v2.x release when known, else SMCCLC_RELEASE_NONE */
    const char *reason;              /* fallback: decline name or "PEERNOSMC"; else NULL */
    uint32_t reason_code;            /* the decline code, 0 when none */
    enum smcclc_situation situation; /* incomplete / protocol error / late decline, or NONE */
    const char *hint;                /* one line from the tables; NULL for success */
    const char *anchor;              /* section of docs/troubleshooting.md; NULL for success */
    uint64_t duration_us;            /* SYN (or first CLC) to the last CLC message */
    bool final;                      /* no later packet can change it */
};

SMCCLC_API void smcclc_hs_init(struct smcclc_handshake *hs);

/* A SYN (synack = false) or SYN-ACK seen, with or without the SMC option. */
SMCCLC_API void smcclc_hs_syn(struct smcclc_handshake *hs, bool synack, bool has_option,
                              uint64_t t_us);

/*
 * The side that sends `dir` reset the connection (RST). Right after a
 * message from the other side that breaks a rule (an anomaly some Linux
 * receiver rejects), the reset is that receiver's rejection: a protocol
 * error, whatever message it was. Call it before smcclc_hs_verdict(at_end).
 */
SMCCLC_API void smcclc_hs_reset(struct smcclc_handshake *hs, enum smcclc_dir dir);

/* Whether bytes at the start of a segment going `dir` may be a CLC message. */
SMCCLC_API bool smcclc_hs_clc_expected(const struct smcclc_handshake *hs, enum smcclc_dir dir);

/* What the handshake makes of a CLC message of `type` going `dir` now. */
enum smcclc_expect {
    SMCCLC_EXPECT_NO = 0,       /* not CLC from this side now: application data */
    SMCCLC_EXPECT_IN_ORDER,     /* what a Linux receiver waits for, or a Decline */
    SMCCLC_EXPECT_OUT_OF_ORDER, /* CLC, but a Linux receiver resets the connection */
};

/*
 * The order rules of docs/protocol.md "Message order", asked before the
 * message is given to smcclc_hs_message(): a front end that gets
 * SMCCLC_EXPECT_NO gives the bytes to smcclc_hs_data() instead (after the
 * Accept or Confirm only a Decline may come; after a Decline nothing).
 * `type` is byte 4 of the header; a value outside 1..4 is SMCCLC_EXPECT_NO.
 */
SMCCLC_API enum smcclc_expect smcclc_hs_expects(const struct smcclc_handshake *hs,
                                                enum smcclc_dir dir, uint8_t type);

/* A whole (or snaplen-truncated) CLC message going `dir`. */
SMCCLC_API void smcclc_hs_message(struct smcclc_handshake *hs, enum smcclc_dir dir,
                                  const struct smcclc_clc_msg *msg, uint32_t frame, uint64_t t_us);

/* Bytes going `dir` that are not CLC: that direction's CLC phase ends. */
SMCCLC_API void smcclc_hs_data(struct smcclc_handshake *hs, enum smcclc_dir dir);

/* Whether this connection gets a verdict at all (SMC offered, or CLC seen). */
SMCCLC_API bool smcclc_hs_is_smc(const struct smcclc_handshake *hs);

/*
 * The verdict so far. `at_end` says the connection is over (FIN/RST, idle
 * eviction, end of capture): what is still open becomes "incomplete".
 */
SMCCLC_API void smcclc_hs_verdict(const struct smcclc_handshake *hs, bool at_end,
                                  struct smcclc_verdict *v);

#ifdef __cplusplus
}
#endif

#endif /* SMCCLC_HANDSHAKE_H */
