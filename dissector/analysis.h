/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Handshake analysis of the smcclc plugin: the core's state machine
 * (handshake.h) kept per TCP conversation, driven only on the first pass,
 * with per-frame records so that every later dissection of a frame (GUI
 * clicks, tshark -2, retaps) shows and counts the same thing.
 */
#ifndef SMCCLC_DISSECTOR_ANALYSIS_H
#define SMCCLC_DISSECTOR_ANALYSIS_H

#include <stdbool.h>

#include <epan/conversation.h>
#include <epan/packet.h>

#include "smcclc/handshake.h"

struct smcclc_conv;

/* What one handshake counts as in the statistics at one moment. */
struct smcclc_stats_snap {
    gint8 outcome;      /* enum smcclc_outcome; SMCCLC_OUTCOME_NONE: not counted */
    guint8 version;     /* 1, 2, or 0 when SMC was not used */
    guint8 path;        /* enum smcclc_path chosen by the Accept/Confirm, 0xFF before */
    const char *reason; /* fallback reason name, or NULL */
};

/*
 * Tap data: one handshake moves from `before` to `after`. Summing the moves
 * of a capture gives each handshake's latest state once, however often its
 * frames are dissected.
 */
struct smcclc_stats_delta {
    struct smcclc_stats_snap before, after;
};

void smcclc_analysis_register(int proto);

/* The conversation's SMC state; NULL when there is none (or it is plain TCP). */
struct smcclc_conv *smcclc_conv_find(conversation_t *conv);
/* A SYN without the SMC option was seen: the connection is plain TCP. */
bool smcclc_conv_is_plain(conversation_t *conv);
/* State for a connection whose SYN was not seen: this packet's sender is C2S. */
struct smcclc_conv *smcclc_conv_mid_stream(conversation_t *conv, packet_info *pinfo);
enum smcclc_dir smcclc_conv_dir(const struct smcclc_conv *cv, const packet_info *pinfo);

/* Where the SYN's SMC option (or the option area) is, for the tree items. */
struct smcclc_syn_where {
    tvbuff_t *tvb;
    gint off, len;
};

/*
 * A SYN or SYN-ACK, with or without the SMC option. Call once per segment;
 * `root` is the packet's top-level tree (may be NULL).
 */
void smcclc_analysis_syn(packet_info *pinfo, conversation_t *conv, proto_tree *root, bool synack,
                         bool has_option, const struct smcclc_syn_where *where);

/*
 * Whether the bytes at tvb offset `offset` (TCP sequence number `pos`) going
 * `dir` start a CLC message this plugin dissects. Decided on the first pass
 * from the handshake state and the bytes, replayed afterwards; a "no" on the
 * first pass tells the handshake that this direction carries data now.
 */
bool smcclc_analysis_claim(struct smcclc_conv *cv, packet_info *pinfo, enum smcclc_dir dir,
                           guint32 pos, tvbuff_t *tvb, gint offset);

/*
 * A message was decoded: on the first pass feed it to the handshake (once,
 * retransmissions are shown but not fed), queue the statistics and add the
 * generated handshake items (outcome, reason, links, duration) to `tree`.
 */
void smcclc_analysis_message(struct smcclc_conv *cv, packet_info *pinfo, enum smcclc_dir dir,
                             guint32 pos, guint32 len, const struct smcclc_clc_msg *msg,
                             tvbuff_t *tvb, proto_tree *tree);

#endif /* SMCCLC_DISSECTOR_ANALYSIS_H */
