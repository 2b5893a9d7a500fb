/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcclc plugin: registration, finding CLC on TCP, framing
 *
 * How CLC bytes reach this dissector, in the order TCP tries them:
 *
 *  1. The SYN option. A postdissector sees every SYN and SYN-ACK after TCP
 *     has dissected it (see dissect_syn for why not a "tcp.option" entry)
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
 * Every segment start on a bound conversation is asked of the handshake
 * state (analysis.c): once a direction's CLC phase is over, the dissector
 * returns 0 and TCP offers the bytes to other dissectors, which stops the
 * "application data that starts with the eyecatcher" false positives.
 * Messages are framed by tcp_dissect_pdus with the core's smcclc_clc_frame.
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

/* RFC 9293: the fixed TCP header, and the flags in its byte 13. */
#define TCP_FIXED_HEADER_LEN 20
#define TCP_FLAG_SYN 0x02u
#define TCP_FLAG_ACK 0x10u

/* Keys of per-dissection (packet pool) data. */
enum { KEY_INFO_STARTED = 1 };

static int proto_smcclc = SMCCLC_ID_UNSET;
static dissector_handle_t smcclc_handle;
static smcclc_pref_bool pref_desegment = TRUE;

/* One call of the conversation dissector, shared with the PDU callbacks. */
struct pdu_ctx {
    struct smcclc_conv *cv;
    enum smcclc_dir dir;
    guint32 seq;  /* TCP sequence number of the tvb's first byte */
    gint offset;  /* of the PDU being framed */
    bool is_data; /* the bytes from `offset` on are not CLC */
};

/* ---- columns ---- */

static void info_append(packet_info *pinfo, const char *summary)
{
    /* Several messages in one segment are listed in wire order. */
    if (p_get_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_INFO_STARTED) == NULL) {
        p_add_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_INFO_STARTED, GINT_TO_POINTER(1));
        col_set_str(pinfo->cinfo, COL_PROTOCOL, SMCCLC_PROTO_SHORT);
        col_clear(pinfo->cinfo, COL_INFO);
        col_add_str(pinfo->cinfo, COL_INFO, summary);
    } else {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", summary);
    }
}

/* ---- framing ---- */

static guint get_clc_pdu_len(packet_info *pinfo, tvbuff_t *tvb, int offset, void *data)
{
    struct pdu_ctx *ctx = data;
    guint remaining = (guint)tvb_reported_length_remaining(tvb, offset);
    guint avail = (guint)tvb_captured_length_remaining(tvb, offset);
    size_t pdu_len = 0;

    ctx->offset = offset;
    /* The dissector checked offset 0; later messages in the tvb are checked here. */
    ctx->is_data = offset > 0 && !smcclc_analysis_claim(ctx->cv, pinfo, ctx->dir,
                                                        ctx->seq + (guint32)offset, tvb, offset);
    if (!ctx->is_data) {
        if (avail > SMCCLC_CLC_HEADER_LEN)
            avail = SMCCLC_CLC_HEADER_LEN;
        switch (smcclc_clc_frame(avail > 0 ? tvb_get_ptr(tvb, offset, avail) : NULL, avail, 0,
                                 &pdu_len)) {
        case SMCCLC_FRAME_OK:
            /* a length no message has: the header alone is the record (as in smcdump) */
            return pdu_len > SMCCLC_CLC_MAX_LEN ? SMCCLC_CLC_HEADER_LEN : (guint)pdu_len;
        case SMCCLC_FRAME_BAD_LENGTH:
            return SMCCLC_CLC_HEADER_LEN;
        case SMCCLC_FRAME_NEED_MORE:
            return SMCCLC_CLC_HEADER_LEN;
        case SMCCLC_FRAME_NOT_CLC:
        default:
            /* A retransmission that starts inside a message: show it as data. */
            ctx->is_data = true;
            break;
        }
    }
    /* The rest of the tvb is application data; tcp_dissect_pdus wants >= the header. */
    return remaining > SMCCLC_CLC_HEADER_LEN ? remaining : SMCCLC_CLC_HEADER_LEN;
}

static int dissect_clc_pdu(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    struct pdu_ctx *ctx = data;
    struct smcclc_clc_msg msg;
    const char *summary;
    proto_item *ti;
    proto_tree *sub;

    if (ctx->is_data)
        return call_data_dissector(tvb, pinfo, tree);

    ti = proto_tree_add_item(tree, proto_smcclc, tvb, 0, -1, ENC_NA);
    sub = proto_item_add_subtree(ti, smcclc_tree_ett_message());
    if (smcclc_tree_message(tvb, pinfo, sub, &msg) == SMCCLC_DECODE_NOT_CLC) {
        proto_item_append_text(ti, ": not a CLC message");
        return call_data_dissector(tvb, pinfo, sub);
    }
    /* no type, version or length was captured: nothing to summarise but the cut */
    summary = tvb_captured_length(tvb) < SMCCLC_CLC_HEADER_LEN
                  ? "CLC header cut by snaplen"
                  : smcclc_tree_summary(pinfo->pool, &msg);
    proto_item_append_text(ti, ", %s", summary);
    info_append(pinfo, summary);
    smcclc_analysis_message(ctx->cv, pinfo, ctx->dir, ctx->seq + (guint32)ctx->offset,
                            tvb_reported_length(tvb), &msg, tvb, sub);
    return (int)tvb_captured_length(tvb);
}

/* The conversation's dissector (also reachable through Decode As on tcp.port). */
static int dissect_smcclc(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    const struct tcpinfo *tcpinfo = data;
    conversation_t *conv = smcclc_conversation(pinfo);
    struct pdu_ctx ctx;

    if (conv == NULL || tvb_captured_length(tvb) == 0)
        return 0;
    memset(&ctx, 0, sizeof(ctx));
    ctx.cv = smcclc_conv_find(conv);
    if (ctx.cv == NULL) {
        if (PINFO_FD_VISITED(pinfo) || smcclc_conv_is_plain(conv))
            return 0;
        ctx.cv = smcclc_conv_mid_stream(conv, pinfo);
    }
    ctx.dir = smcclc_conv_dir(ctx.cv, pinfo);
    /* Without TCP's sequence numbers the offset still keys the per-frame record. */
    ctx.seq = tcpinfo != NULL ? tcpinfo->seq : 0;

    if (!smcclc_analysis_claim(ctx.cv, pinfo, ctx.dir, ctx.seq, tvb, 0))
        return 0;
    tcp_dissect_pdus(tvb, pinfo, tree, (smcclc_desegment_flag)pref_desegment, SMCCLC_CLC_HEADER_LEN,
                     get_clc_pdu_len, dissect_clc_pdu, &ctx);
    return (int)tvb_captured_length(tvb);
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

/* ---- SYN and SYN-ACK ---- */

/*
 * Every SYN and SYN-ACK must be seen, with or without options: a SYN without
 * the SMC option (even one with no option at all) makes the connection plain
 * TCP. TCP calls option dissectors only for options that are there, so a
 * hook in "tcp.option" misses exactly the SYNs that matter. A postdissector
 * runs for every frame after TCP; it asks epan for TCP's own "tcp.srcport"
 * item (a wanted field, so it exists even when no tree is shown), whose
 * position is the start of the TCP header in its data source, and reads
 * the flags and the option list there. No table entry of TCP is replaced
 * and no data source is searched.
 */
static dissector_handle_t syn_handle;
static int hf_tcp_srcport = SMCCLC_ID_UNSET;

/* Is there an SMC option in these option bytes? -1: cannot tell. */
static int find_smc_option(tvbuff_t *tvb, guint start, guint len, struct smcclc_syn_where *where)
{
    guint captured = (guint)tvb_captured_length_remaining(tvb, (gint)start);
    const guint8 *p;
    size_t at = 0;

    if (captured > len)
        captured = len;
    p = captured > 0 ? tvb_get_ptr(tvb, (gint)start, captured) : NULL;
    where->tvb = tvb;
    switch (smcclc_tcp_option_find(p, captured, len, &at)) {
    case SMCCLC_TCPOPT_PRESENT:
        where->off = (gint)(start + at);
        where->len = at + 1 < captured ? p[at + 1] : 2;
        if ((guint)where->len > captured - at)
            where->len = (gint)(captured - at);
        return 1;
    case SMCCLC_TCPOPT_ABSENT:
        where->off = (gint)start;
        where->len = (gint)captured;
        return 0;
    default:
        return -1;
    }
}

/* The TCP header of this frame: its data source and offset, or false. */
static bool tcp_header(proto_tree *tree, packet_info *pinfo, tvbuff_t **ds, guint *at)
{
    GPtrArray *ports;
    field_info *fi;

    if (tree == NULL || hf_tcp_srcport < 0)
        return false;
    /* A TCP header quoted by an ICMP error is not a segment of its connection. */
    if (proto_is_frame_protocol(pinfo->layers, "icmp") ||
        proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return false;
    ports = proto_get_finfo_ptr_array(tree, hf_tcp_srcport);
    /* TCP in TCP (a tunnel) is not CLC's business: one TCP layer only. */
    if (ports == NULL || ports->len != 1)
        return false;
    fi = (field_info *)g_ptr_array_index(ports, 0);
    if (fi == NULL || fi->ds_tvb == NULL || fi->start < 0)
        return false;
    *ds = fi->ds_tvb;
    *at = (guint)fi->start;
    return true;
}

/*
 * What the first pass found in a SYN. Later passes (tshark -2, GUI clicks)
 * do not always prime a postdissector's wanted fields, so they replay this.
 */
struct syn_rec {
    bool synack, has_option;
    bool in_frame; /* the TCP header lies in the frame's own bytes */
    gint off, len; /* of the SMC option, or of the option area */
};

/* Frame-scope key; analysis.c uses 0 and 1 under the same protocol. */
#define KEY_SYN_REC 2

static struct syn_rec *first_look(tvbuff_t *frame, packet_info *pinfo, proto_tree *tree,
                                  struct smcclc_syn_where *where)
{
    struct syn_rec *rec;
    tvbuff_t *ds;
    guint at, hlen;
    guint8 hdr[TCP_FIXED_HEADER_LEN];
    int has;

    if (!tcp_header(tree, pinfo, &ds, &at) || !tvb_bytes_exist(ds, (gint)at, TCP_FIXED_HEADER_LEN))
        return NULL;
    tvb_memcpy(ds, hdr, (gint)at, TCP_FIXED_HEADER_LEN);
    if ((hdr[13] & TCP_FLAG_SYN) == 0)
        return NULL;
    hlen = (guint)(hdr[12] >> 4) * 4u;
    if (hlen < TCP_FIXED_HEADER_LEN)
        return NULL;
    has = find_smc_option(ds, at + TCP_FIXED_HEADER_LEN, hlen - TCP_FIXED_HEADER_LEN, where);
    /* Options cut by the snap length: whether SMC was offered is unknown. */
    if (has < 0)
        return NULL;
    rec = wmem_new0(wmem_file_scope(), struct syn_rec);
    rec->synack = (hdr[13] & TCP_FLAG_ACK) != 0;
    rec->has_option = has > 0;
    rec->in_frame = ds == frame;
    rec->off = where->off;
    rec->len = where->len;
    p_add_proto_data(wmem_file_scope(), pinfo, proto_smcclc, KEY_SYN_REC, rec);
    return rec;
}

static int dissect_syn(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    struct smcclc_syn_where where;
    struct syn_rec *rec;
    conversation_t *conv;

    if (!PINFO_FD_VISITED(pinfo)) {
        rec = first_look(tvb, pinfo, tree, &where);
        if (rec == NULL)
            return 0;
    } else {
        rec = p_get_proto_data(wmem_file_scope(), pinfo, proto_smcclc, KEY_SYN_REC);
        if (rec == NULL)
            return 0;
        /* A header in reassembled IP fragments: the item goes on the frame, empty. */
        where.tvb = tvb;
        where.off = rec->in_frame ? rec->off : 0;
        where.len = rec->in_frame ? rec->len : 0;
    }
    conv = smcclc_conversation(pinfo);
    smcclc_analysis_syn(pinfo, conv, tree, rec->synack, rec->has_option, &where);
    if (rec->has_option && !PINFO_FD_VISITED(pinfo) && smcclc_conv_find(conv) != NULL)
        conversation_set_dissector(conv, smcclc_handle);
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
    prefs_register_bool_preference(
        module, "desegment", "Reassemble CLC messages spanning multiple TCP segments",
        "Needs TCP's \"Allow subdissector to reassemble TCP streams\"", &pref_desegment);
}

void proto_reg_handoff_smcclc(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    heur_dissector_add("tcp", heur_smcclc, SMCCLC_PROTO_NAME " over TCP", SMCCLC_HEUR_NAME,
                       proto_smcclc, HEURISTIC_ENABLE);
    dissector_add_for_decode_as("tcp.port", smcclc_handle);
    /* Plugin handoffs run after the built-in registrations: TCP's fields exist. */
    hf_tcp_srcport = proto_registrar_get_id_byname("tcp.srcport");
    syn_handle = create_dissector_handle(dissect_syn, proto_smcclc);
    register_postdissector(syn_handle);
    if (hf_tcp_srcport >= 0)
        g_array_append_val(wanted, hf_tcp_srcport);
    /* epan keeps the array. */
    set_postdissector_wanted_hfids(syn_handle, wanted);
}
