/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcclc plugin: registration, finding CLC on TCP, framing
 *
 * How CLC bytes reach this dissector, in the order TCP tries them:
 *
 *  1. The SYN option. A postdissector sees every SYN and SYN-ACK after TCP
 *     has dissected it (see look() for why not a "tcp.option" entry)
 *     and checks the whole option list. A SYN or SYN-ACK with the SMC
 *     option binds the conversation to this dissector; a SYN without it
 *     marks the connection as plain TCP. TCP tries a conversation's
 *     dissector before any port table or heuristic, so CLC on port 80 (or
 *     any port a dissector owns) is decoded with default preferences.
 *  2. A strict heuristic on "tcp" for captures that start after the SYN:
 *     eyecatcher, type, a length plausible for the type and version 1..2.
 *     Once it matches, the conversation is bound as in 1. It never takes a
 *     connection the plugin has already judged, nor one whose SYN had no
 *     option (Linux sends no CLC there).
 *
 * Every TCP segment of an SMC connection goes, on the first pass, through
 * smcdump's CLC stream layer (analysis.c): it is read from TCP's own header
 * and payload bytes, by whichever of our hooks sees the frame first. TCP
 * hands a retransmitted or out-of-order segment to no subdissector with its
 * default preferences (tcp.no_subdissector_on_error), and reassembles out of
 * order only when asked (tcp.reassemble_out_of_order): the postdissector
 * still sees those, so the plugin puts the bytes in order itself, exactly as
 * smcdump does, and shows a message in the frame that completed it. Once a
 * direction's CLC phase is over, the conversation dissector returns 0 and TCP
 * offers the bytes to other dissectors (no "application data that starts
 * with the eyecatcher" false positives).
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>

#include "analysis.h"
#include "smcclc/smcclc.h"
#include "smcclc_plugin.h"
#include "tree.h"
#include "ws_compat.h"

/* RFC 9293: the fixed TCP header (the flags are in analysis.h). */
#define TCP_FIXED_HEADER_LEN 20

/* Per-dissection (packet pool) key: the frame was read in this pass. */
enum { KEY_LOOKED = 3 };

static int proto_smcclc = SMCCLC_ID_UNSET;
static dissector_handle_t smcclc_handle;
static void look(packet_info *pinfo, proto_tree *tree);

/* The conversation's dissector (also reachable through Decode As on tcp.port). */
static int dissect_smcclc(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    const struct tcpinfo *tcpinfo = data;
    conversation_t *conv = smcclc_conversation(pinfo);
    guint32 data_off;
    guint captured = tvb_captured_length(tvb);

    if (conv == NULL || captured == 0)
        return 0;
    if (smcclc_conv_find(conv) == NULL) {
        if (PINFO_FD_VISITED(pinfo) || smcclc_conv_is_plain(conv))
            return 0;
        smcclc_conv_mid_stream(conv, pinfo);
    }
    look(pinfo, tree);
    if (!smcclc_analysis_claimed(pinfo, &data_off))
        return 0;
    /*
     * Bytes TCP put together itself (tcp.reassemble_out_of_order on) are not
     * this segment's payload: the postdissector shows the frame's messages.
     */
    if (tcpinfo != NULL && tcpinfo->is_reassembled)
        return (int)captured;
    smcclc_analysis_show(pinfo, tree, tvb, NULL, false);
    /* the bytes after the last message of a direction's CLC phase */
    if (data_off < captured)
        call_data_dissector(tvb_new_subset_remaining(tvb, (gint)data_off), pinfo, tree);
    return (int)captured;
}

static smcclc_heur_result heur_smcclc(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                      void *data)
{
    conversation_t *conv;
    size_t pdu_len;

    /* Nothing may throw before we say no: check the captured length first. */
    if (tvb_captured_length(tvb) < SMCCLC_CLC_HEADER_LEN)
        return FALSE;
    if (smcclc_clc_frame(tvb_get_ptr(tvb, 0, SMCCLC_CLC_HEADER_LEN), SMCCLC_CLC_HEADER_LEN,
                         SMCCLC_FRAME_STRICT, &pdu_len) != SMCCLC_FRAME_OK)
        return FALSE;
    conv = smcclc_conversation(pinfo);
    if (conv == NULL || smcclc_conv_find(conv) != NULL || smcclc_conv_is_plain(conv))
        return FALSE;
    conversation_set_dissector(conv, smcclc_handle);
    return dissect_smcclc(tvb, pinfo, tree, data) > 0;
}

/* ---- every TCP segment ---- */

/*
 * Every SYN and SYN-ACK must be seen, with or without options: a SYN without
 * the SMC option (even one with no option at all) makes the connection plain
 * TCP. TCP calls option dissectors only for options that are there, so a
 * hook in "tcp.option" misses exactly the SYNs that matter; and TCP hands
 * retransmitted and out-of-order segments to no subdissector. A
 * postdissector runs for every frame after TCP; it asks epan for TCP's own
 * "tcp.srcport" item (a wanted field, so it exists even when no tree is
 * shown), whose position is the start of the TCP header in its data source,
 * and "tcp.len", the segment's payload length. The flags, the sequence
 * number, the option list and the payload are read there. No table entry of
 * TCP is replaced and no data source is searched.
 */
static dissector_handle_t post_handle;
static int hf_tcp_srcport = SMCCLC_ID_UNSET;
static int hf_tcp_len = SMCCLC_ID_UNSET;

/* Is there an SMC option in these option bytes? -1: cannot tell. */
static int find_smc_option(tvbuff_t *tvb, guint start, guint len, struct smcclc_segment *seg)
{
    guint captured = (guint)tvb_captured_length_remaining(tvb, (gint)start);
    const guint8 *p;
    size_t at = 0;

    if (captured > len)
        captured = len;
    p = captured > 0 ? tvb_get_ptr(tvb, (gint)start, captured) : NULL;
    switch (smcclc_tcp_option_find(p, captured, len, &at)) {
    case SMCCLC_TCPOPT_PRESENT:
        seg->opt_off = (gint)(start + at);
        seg->opt_len = at + 1 < captured ? p[at + 1] : 2;
        if ((guint)seg->opt_len > captured - at)
            seg->opt_len = (gint)(captured - at);
        return 1;
    case SMCCLC_TCPOPT_ABSENT:
        seg->opt_off = (gint)start;
        seg->opt_len = (gint)captured;
        return 0;
    default:
        return -1;
    }
}

/* The only item of `hf` in this frame's tree, or NULL (none, or TCP in TCP). */
static field_info *only_item(proto_tree *tree, int hf)
{
    GPtrArray *items;

    if (tree == NULL || hf < 0)
        return NULL;
    items = proto_get_finfo_ptr_array(tree, hf);
    /* TCP in TCP (a tunnel) is not CLC's business: one TCP layer only. */
    if (items == NULL || items->len != 1)
        return NULL;
    return (field_info *)g_ptr_array_index(items, 0);
}

/* The TCP header of this frame: its data source and offset, or false. */
static bool tcp_header(proto_tree *tree, packet_info *pinfo, tvbuff_t **ds, guint *at)
{
    field_info *fi;

    /* A TCP header quoted by an ICMP error is not a segment of its connection. */
    if (proto_is_frame_protocol(pinfo->layers, "icmp") ||
        proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return false;
    fi = only_item(tree, hf_tcp_srcport);
    if (fi == NULL || fi->ds_tvb == NULL || fi->start < 0)
        return false;
    *ds = fi->ds_tvb;
    *at = (guint)fi->start;
    return true;
}

static tvbuff_t *frame_tvb(packet_info *pinfo)
{
    return pinfo->data_src != NULL ? get_data_source_tvb(pinfo->data_src->data) : NULL;
}

/*
 * A handshake whose SYN the capture missed, on a segment TCP gave to no
 * subdissector or to another one (a retransmission, data after a gap, a port
 * HTTP owns): the strict test of the heuristic, as smcdump's on_candidate().
 */
static bool starts_like_clc(packet_info *pinfo, const struct smcclc_segment *seg)
{
    conversation_t *conv = smcclc_conversation(pinfo);
    size_t pdu_len;

    if (conv == NULL || seg->cap < SMCCLC_CLC_HEADER_LEN || smcclc_conv_find(conv) != NULL ||
        smcclc_conv_is_plain(conv))
        return false;
    if (smcclc_clc_frame(tvb_get_ptr(seg->ds, seg->payload_at, SMCCLC_CLC_HEADER_LEN),
                         SMCCLC_CLC_HEADER_LEN, SMCCLC_FRAME_STRICT, &pdu_len) != SMCCLC_FRAME_OK)
        return false;
    conversation_set_dissector(conv, smcclc_handle);
    return true;
}

/*
 * The first pass, once per frame, from whichever hook sees it first (the
 * conversation dissector, the heuristic, or the postdissector).
 */
static void look(packet_info *pinfo, proto_tree *tree)
{
    struct smcclc_segment seg;
    guint8 hdr[TCP_FIXED_HEADER_LEN];
    field_info *len_fi;
    guint at, hlen, wire;
    gint remaining;

    if (PINFO_FD_VISITED(pinfo) ||
        p_get_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_LOOKED) != NULL)
        return;
    p_add_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_LOOKED, GINT_TO_POINTER(1));
    memset(&seg, 0, sizeof(seg));
    if (!tcp_header(tree, pinfo, &seg.ds, &at) ||
        !tvb_bytes_exist(seg.ds, (gint)at, TCP_FIXED_HEADER_LEN))
        return;
    tvb_memcpy(seg.ds, hdr, (gint)at, TCP_FIXED_HEADER_LEN);
    hlen = (guint)(hdr[12] >> 4) * 4u;
    if (hlen < TCP_FIXED_HEADER_LEN)
        return;
    seg.seq = (guint32)hdr[4] << 24 | (guint32)hdr[5] << 16 | (guint32)hdr[6] << 8 | hdr[7];
    seg.flags = hdr[13];
    seg.in_frame = seg.ds == frame_tvb(pinfo);
    if (seg.flags & SMCCLC_TCP_SYN) {
        int has =
            find_smc_option(seg.ds, at + TCP_FIXED_HEADER_LEN, hlen - TCP_FIXED_HEADER_LEN, &seg);
        /* options cut by the snap length: whether SMC was offered is unknown */
        seg.syn_judged = has >= 0;
        seg.has_option = has > 0;
    }
    seg.payload_at = (gint)(at + hlen);
    /* TCP's segment length; the data source may go on with a link-layer trailer */
    len_fi = only_item(tree, hf_tcp_len);
    remaining = tvb_reported_length_remaining(seg.ds, seg.payload_at);
    wire = len_fi != NULL ? SMCCLC_WS_FI_UINT(len_fi) : (remaining > 0 ? (guint)remaining : 0u);
    seg.wire = wire;
    remaining = tvb_captured_length_remaining(seg.ds, seg.payload_at);
    seg.cap = remaining > 0 ? (guint)remaining : 0u;
    if (seg.cap > seg.wire)
        seg.cap = seg.wire;
    if (!(seg.flags & SMCCLC_TCP_SYN) && starts_like_clc(pinfo, &seg))
        smcclc_conv_mid_stream(smcclc_conversation(pinfo), pinfo);
    smcclc_analysis_segment(smcclc_conversation(pinfo), pinfo, &seg);
    if ((seg.flags & SMCCLC_TCP_SYN) && seg.has_option &&
        smcclc_conv_find(smcclc_conversation(pinfo)) != NULL)
        conversation_set_dissector(smcclc_conversation(pinfo), smcclc_handle);
}

static int dissect_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    look(pinfo, tree);
    smcclc_analysis_show(pinfo, tree, NULL, tvb, true);
    return 0;
}

/* ---- registration ---- */

void proto_register_smcclc(void)
{
    module_t *module;

    proto_smcclc =
        proto_register_protocol(SMCCLC_PROTO_NAME, SMCCLC_PROTO_SHORT, SMCCLC_PROTO_FILTER);
    smcclc_tree_register(proto_smcclc);
    smcclc_analysis_register(proto_smcclc);
    smcclc_handle = register_dissector(SMCCLC_PROTO_FILTER, dissect_smcclc, proto_smcclc);

    module = prefs_register_protocol(proto_smcclc, NULL);
    /*
     * "desegment" switched TCP's reassembly, which the plugin no longer uses
     * (it puts CLC in order itself, analysis.c); known still, so that old
     * preference files load without complaint.
     */
    prefs_register_obsolete_preference(module, "desegment");
}

void proto_reg_handoff_smcclc(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    heur_dissector_add("tcp", heur_smcclc, SMCCLC_PROTO_NAME " over TCP", SMCCLC_HEUR_NAME,
                       proto_smcclc, HEURISTIC_ENABLE);
    dissector_add_for_decode_as("tcp.port", smcclc_handle);
    /* Plugin handoffs run after the built-in registrations: TCP's fields exist. */
    hf_tcp_srcport = proto_registrar_get_id_byname("tcp.srcport");
    hf_tcp_len = proto_registrar_get_id_byname("tcp.len");
    post_handle = create_dissector_handle(dissect_post, proto_smcclc);
    register_postdissector(post_handle);
    if (hf_tcp_srcport >= 0)
        g_array_append_val(wanted, hf_tcp_srcport);
    if (hf_tcp_len >= 0)
        g_array_append_val(wanted, hf_tcp_len);
    /* epan keeps the array. */
    set_postdissector_wanted_hfids(post_handle, wanted);
}
