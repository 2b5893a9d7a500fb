/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcclc plugin: registration, finding CLC on TCP, framing
 *
 * How CLC bytes reach this dissector, in the order TCP tries them:
 *
 *  1. The SYN option. The plugin sits in the "tcp.option" table for kind 254
 *     (and for MSS, which every Linux SYN and SYN-ACK carries, to see the
 *     SYN-ACKs that lack the SMC option). Both entries call TCP's own option
 *     dissector first, so TCP's tree and option names do not change. A SYN
 *     or SYN-ACK with the SMC option binds the conversation to this
 *     dissector. TCP tries a conversation's dissector before any port table
 *     or heuristic, so CLC on port 80 (or any port a dissector owns) is
 *     decoded with default preferences.
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
 * Messages are framed by tcp_dissect_pdus with the core's smc_clc_frame.
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

/* RFC 9293 option kind of the Maximum Segment Size option. */
#define TCP_OPTION_MSS 2
#define TCP_FIXED_HEADER_LEN 20

/* Keys of per-dissection (packet pool) data. */
enum { KEY_SYN_DONE = 0, KEY_INFO_STARTED = 1 };

static int proto_smcclc = SMCCLC_ID_UNSET;
static dissector_handle_t smcclc_handle;
static dissector_handle_t tcp_option_mss_handle;
static dissector_handle_t tcp_option_exp_handle;
static gboolean pref_desegment = TRUE;

/* One call of the conversation dissector, shared with the PDU callbacks. */
struct pdu_ctx {
    struct smcclc_conv *cv;
    enum smc_dir dir;
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
        if (avail > SMC_CLC_HEADER_LEN)
            avail = SMC_CLC_HEADER_LEN;
        switch (
            smc_clc_frame(avail > 0 ? tvb_get_ptr(tvb, offset, avail) : NULL, avail, 0, &pdu_len)) {
        case SMC_FRAME_OK:
        case SMC_FRAME_BAD_LENGTH:
            return (guint)pdu_len;
        case SMC_FRAME_NEED_MORE:
            return SMC_CLC_HEADER_LEN;
        case SMC_FRAME_NOT_CLC:
        default:
            /* A retransmission that starts inside a message: show it as data. */
            ctx->is_data = true;
            break;
        }
    }
    /* The rest of the tvb is application data; tcp_dissect_pdus wants >= the header. */
    return remaining > SMC_CLC_HEADER_LEN ? remaining : SMC_CLC_HEADER_LEN;
}

static int dissect_clc_pdu(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    struct pdu_ctx *ctx = data;
    struct smc_clc_msg msg;
    const char *summary;
    proto_item *ti;
    proto_tree *sub;

    if (ctx->is_data)
        return call_data_dissector(tvb, pinfo, tree);

    ti = proto_tree_add_item(tree, proto_smcclc, tvb, 0, -1, ENC_NA);
    sub = proto_item_add_subtree(ti, smcclc_tree_ett_message());
    if (smcclc_tree_message(tvb, pinfo, sub, &msg) == SMC_DECODE_NOT_CLC) {
        proto_item_append_text(ti, ": not a CLC message");
        return call_data_dissector(tvb, pinfo, sub);
    }
    /* no type, version or length was captured: nothing to summarise but the cut */
    summary = tvb_captured_length(tvb) < SMC_CLC_HEADER_LEN
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
    tcp_dissect_pdus(tvb, pinfo, tree, (smcclc_desegment_flag)pref_desegment, SMC_CLC_HEADER_LEN,
                     get_clc_pdu_len, dissect_clc_pdu, &ctx);
    return (int)tvb_captured_length(tvb);
}

static smcclc_heur_result heur_smcclc(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                      void *data)
{
    conversation_t *conv;
    size_t pdu_len;

    /* Nothing may throw before we say no: check the captured length first. */
    if (tvb_captured_length(tvb) < SMC_CLC_HEADER_LEN)
        return FALSE;
    if (smc_clc_frame(tvb_get_ptr(tvb, 0, SMC_CLC_HEADER_LEN), SMC_CLC_HEADER_LEN, SMC_FRAME_STRICT,
                      &pdu_len) != SMC_FRAME_OK)
        return FALSE;
    conv = smcclc_conversation(pinfo);
    if (conv == NULL || smcclc_conv_find(conv) != NULL || smcclc_conv_is_plain(conv))
        return FALSE;
    conversation_set_dissector(conv, smcclc_handle);
    return dissect_smcclc(tvb, pinfo, tree, data) > 0;
}

/* ---- SYN and SYN-ACK ---- */

/*
 * TCP hands an option dissector that option's bytes only. To judge the whole
 * option list (is the SMC option anywhere in this SYN-ACK?) find the TCP
 * header in the option's data source: the fixed header that carries this
 * segment's ports, sequence and acknowledgement numbers and header length,
 * at most th_hlen bytes before the option.
 */
static bool locate_options(tvbuff_t *opt_tvb, const struct tcpheader *tcph, tvbuff_t **ds,
                           guint *start, guint *len)
{
    tvbuff_t *src = tvb_get_ds_tvb(opt_tvb);
    gint at = tvb_raw_offset(opt_tvb);
    guint hlen = tcph->th_hlen, k;

    if (src == NULL || at < 0 || hlen <= TCP_FIXED_HEADER_LEN || !tvb_bytes_exist(src, at, 1) ||
        tvb_get_guint8(src, at) != tvb_get_guint8(opt_tvb, 0))
        return false;
    for (k = TCP_FIXED_HEADER_LEN; k < hlen && k <= (guint)at; k++) {
        guint h = (guint)at - k;

        if (!tvb_bytes_exist(src, (gint)h, TCP_FIXED_HEADER_LEN))
            continue;
        if (tvb_get_ntohs(src, h) == tcph->th_sport &&
            tvb_get_ntohs(src, h + 2) == tcph->th_dport &&
            tvb_get_ntohl(src, h + 4) == tcph->th_rawseq &&
            tvb_get_ntohl(src, h + 8) == tcph->th_rawack &&
            (guint)(tvb_get_guint8(src, h + 12) >> 4) * 4u == hlen) {
            *ds = src;
            *start = h + TCP_FIXED_HEADER_LEN;
            *len = hlen - TCP_FIXED_HEADER_LEN;
            return true;
        }
    }
    return false;
}

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
    switch (smc_tcp_option_find(p, captured, len, &at)) {
    case SMC_TCPOPT_PRESENT:
        where->off = (gint)(start + at);
        where->len = at + 1 < captured ? p[at + 1] : 2;
        if ((guint)where->len > captured - at)
            where->len = (gint)(captured - at);
        return 1;
    case SMC_TCPOPT_ABSENT:
        where->off = (gint)start;
        where->len = 0;
        return 0;
    default:
        return -1;
    }
}

static void observe_syn(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data,
                        bool smc_kind)
{
    const struct tcpheader *tcph = data;
    struct smcclc_syn_where where;
    conversation_t *conv;
    tvbuff_t *ds;
    guint start, len;
    int has = -1;

    if (tcph == NULL || (tcph->th_flags & TH_SYN) == 0 || pinfo->flags.in_error_pkt)
        return;
    /* MSS and the SMC option both lead here; one verdict per segment. */
    if (p_get_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_SYN_DONE) != NULL)
        return;
    if (locate_options(tvb, tcph, &ds, &start, &len))
        has = find_smc_option(ds, start, len, &where);
    /* Alone, the SMC option proves presence; its absence proves nothing. */
    if (has < 0 && smc_kind && find_smc_option(tvb, 0, tvb_reported_length(tvb), &where) > 0)
        has = 1;
    if (has < 0)
        return;
    p_add_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_SYN_DONE, GINT_TO_POINTER(1));

    conv = smcclc_conversation(pinfo);
    smcclc_analysis_syn(pinfo, conv, tree != NULL ? proto_tree_get_root(tree) : NULL,
                        (tcph->th_flags & TH_ACK) != 0, has > 0, &where);
    if (has > 0 && !PINFO_FD_VISITED(pinfo) && smcclc_conv_find(conv) != NULL)
        conversation_set_dissector(conv, smcclc_handle);
}

static int chain_option(dissector_handle_t orig, tvbuff_t *tvb, packet_info *pinfo,
                        proto_tree *tree, void *data)
{
    if (orig == NULL)
        return (int)tvb_captured_length(tvb);
    return call_dissector_with_data(orig, tvb, pinfo, tree, data);
}

static int dissect_option_mss(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    int ret = chain_option(tcp_option_mss_handle, tvb, pinfo, tree, data);

    observe_syn(tvb, pinfo, tree, data, false);
    return ret;
}

static int dissect_option_exp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    int ret = chain_option(tcp_option_exp_handle, tvb, pinfo, tree, data);

    observe_syn(tvb, pinfo, tree, data, true);
    return ret;
}

/* Take TCP's entry for `kind`, keep it to call, and stand in front of it. */
static dissector_handle_t wrap_tcp_option(dissector_table_t table, guint kind, dissector_t fn)
{
    dissector_handle_t orig = dissector_get_uint_handle(table, kind);
    /* Under TCP's option protocol the option keeps its name in TCP's summary. */
    int proto = orig != NULL ? dissector_handle_get_protocol_index(orig) : proto_smcclc;

    dissector_add_uint("tcp.option", kind, create_dissector_handle(fn, proto));
    return orig;
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
    dissector_table_t options = find_dissector_table("tcp.option");

    heur_dissector_add("tcp", heur_smcclc, SMCCLC_PROTO_NAME " over TCP", SMCCLC_HEUR_NAME,
                       proto_smcclc, HEURISTIC_ENABLE);
    dissector_add_for_decode_as("tcp.port", smcclc_handle);
    /* Plugin handoffs run after the built-in ones: TCP's entries are there. */
    if (options != NULL) {
        tcp_option_mss_handle = wrap_tcp_option(options, TCP_OPTION_MSS, dissect_option_mss);
        tcp_option_exp_handle = wrap_tcp_option(options, SMC_TCP_OPTION_KIND, dissect_option_exp);
    }
}
