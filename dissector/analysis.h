/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Handshake analysis of the smcclc plugin: the core's state machine
 * (handshake.h) and smcdump's CLC stream layer (smcdump/stream.c) kept per
 * TCP conversation, driven only on the first pass, with per-frame records so
 * that every later dissection of a frame (GUI clicks, tshark -2, retaps)
 * shows and counts the same thing.
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

/* TCP flags (RFC 9293), byte 13 of the header. */
#define SMCCLC_TCP_FIN 0x01u
#define SMCCLC_TCP_SYN 0x02u
#define SMCCLC_TCP_RST 0x04u
#define SMCCLC_TCP_ACK 0x10u

/* One TCP segment, read from its header by packet-smcclc.c on the first pass. */
struct smcclc_segment {
    guint32 seq;     /* the header's (absolute) sequence number */
    guint8 flags;    /* SMCCLC_TCP_* */
    bool syn_judged; /* a SYN whose option list was captured: has_option holds */
    bool has_option;
    tvbuff_t *ds;      /* the data source that holds the header and payload */
    bool in_frame;     /* ds is the frame's own bytes */
    gint opt_off;      /* in ds: the SMC option, or the option area */
    gint opt_len;      /*   (where the SYN's item goes) */
    gint payload_at;   /* in ds */
    guint32 cap, wire; /* payload bytes captured, and on the wire (TCP's segment length) */
};

/*
 * First pass, once per frame carrying TCP: the SYN's option, the payload into
 * the CLC stream of its direction, a RST into the handshake, and the frame's
 * record. Does nothing for connections that are not SMC.
 */
void smcclc_analysis_segment(conversation_t *conv, packet_info *pinfo,
                             const struct smcclc_segment *seg);

/*
 * Whether this frame's payload belongs to the CLC phase (TCP must not offer
 * it to other dissectors); `data_off` receives where application data starts
 * in the payload (its length when none does).
 */
bool smcclc_analysis_claimed(packet_info *pinfo, guint32 *data_off);

/*
 * Show the frame's SMC items under `root`: the SYN's option and handshake
 * (`syn_items`), and the CLC messages completed in this frame, once per
 * dissection. `payload` is the segment's payload as TCP handed it to a
 * subdissector, or NULL: then `frame` (the frame's bytes) is used. Adds the
 * columns and queues the statistics moves.
 */
void smcclc_analysis_show(packet_info *pinfo, proto_tree *root, tvbuff_t *payload, tvbuff_t *frame,
                          bool syn_items);

#endif /* SMCCLC_DISSECTOR_ANALYSIS_H */
