/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcclc plugin: per-conversation handshake state, per-frame
 * records and the generated handshake items
 *
 * Wireshark dissects the frames of a file once in order (the first pass) and
 * then again, in any order, as often as it likes. The handshake state
 * machine only moves on the first pass; everything a later pass needs to
 * repeat what the first one did (which bytes were CLC, which statistics moves
 * were made) is stored per frame. Later passes show the conversation's final
 * verdict, which no longer changes, so a frame looks the same however it is
 * reached; the first pass shows what was known at that frame.
 */
#include <string.h>

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/tfs.h>

#include "analysis.h"
#include "smcclc/smcclc.h"
#include "smcclc_plugin.h"
#include "ws_compat.h"

#define PATH_NONE 0xFFu

/* Keys of our per-packet data: frame scope and packet (pass) scope. */
enum { KEY_FRAME_REC = 0, KEY_SYN_PASS = 1 };

static int proto_smcclc = SMCCLC_ID_UNSET;
static int tap_smcclc = SMCCLC_ID_UNSET;

static int hf_outcome = SMCCLC_ID_UNSET;
static int hf_reason = SMCCLC_ID_UNSET;
static int hf_smc_version = SMCCLC_ID_UNSET;
static int hf_hint = SMCCLC_ID_UNSET;
static int hf_guide = SMCCLC_ID_UNSET;
static int hf_duration = SMCCLC_ID_UNSET;
static int hf_proposal_frame = SMCCLC_ID_UNSET;
static int hf_accept_frame = SMCCLC_ID_UNSET;
static int hf_confirm_frame = SMCCLC_ID_UNSET;
static int hf_decline_frame = SMCCLC_ID_UNSET;
static int hf_syn_option = SMCCLC_ID_UNSET;
static int hf_release = SMCCLC_ID_UNSET;
static int hf_hs_first_contact = SMCCLC_ID_UNSET;
static int hf_situation = SMCCLC_ID_UNSET;
static expert_field ei_fallback = EI_INIT;
static expert_field ei_incomplete = EI_INIT;
static expert_field ei_protocol_error = EI_INIT;
static int ett_handshake = SMCCLC_ID_UNSET;
static int ett_syn = SMCCLC_ID_UNSET;

static const true_false_string tfs_syn_option = {"SMC option present", "no SMC option"};

/*
 * Stored as the conversation's data when a SYN without the option was seen:
 * the heuristic must then leave the connection alone, and a marker costs no
 * memory per plain TCP connection.
 */
static char plain_marker;

struct smcclc_conv {
    struct smcclc_handshake hs;
    address client; /* sender of the SYN, or of the first CLC bytes mid-stream */
    guint32 client_port;
    guint32 synack_frame; /* the SYN-ACK, where a fallback without Decline shows */
    /* The first CLC bytes shown, where a verdict shows when no message decoded (a cut header). */
    guint32 first_msg_frame;
    /* The message claimed last has an impossible length: after it, the direction is data. */
    bool end_after_msg[2];
    /* Retransmission guard: end of the bytes already fed, per direction. */
    bool fed[2];
    guint32 fed_end[2];
    struct smcclc_stats_snap reported; /* what the statistics count it as so far */
};

/* What the first pass decided at one TCP sequence number of a frame. */
struct pos_rec {
    guint32 pos;
    bool claimed;
    bool has_delta;
    struct smcclc_stats_delta delta;
};

struct frame_rec {
    wmem_array_t *pos; /* struct pos_rec */
    bool has_syn_delta;
    struct smcclc_stats_delta syn_delta;
};

void smcclc_analysis_register(int proto)
{
    static hf_register_info hf[] = {
        {&hf_outcome,
         {"Outcome", SMCCLC_FILTER_PREFIX "outcome", FT_STRING, BASE_NONE, NULL, 0,
          "Handshake verdict: the key of the core's outcome table", HFILL}},
        {&hf_reason,
         {"Fallback reason", SMCCLC_FILTER_PREFIX "reason", FT_STRING, BASE_NONE, NULL, 0,
          "Decline name, or the verdict's reason when no Decline was sent", HFILL}},
        {&hf_smc_version,
         {"SMC version used", SMCCLC_FILTER_PREFIX "smc_version", FT_UINT8, BASE_DEC, NULL, 0, NULL,
          HFILL}},
        {&hf_hint,
         {"Hint", SMCCLC_FILTER_PREFIX "hint", FT_STRING, BASE_NONE, NULL, 0,
          "What to check, from the troubleshooting guide", HFILL}},
        {&hf_guide,
         {"Guide", SMCCLC_FILTER_PREFIX "guide", FT_STRING, BASE_NONE, NULL, 0,
          "Section of the troubleshooting guide", HFILL}},
        {&hf_duration,
         {"Handshake duration", SMCCLC_FILTER_PREFIX "duration", FT_RELATIVE_TIME, BASE_NONE, NULL,
          0, "From the SYN (or the first CLC message) to the last CLC message", HFILL}},
        {&hf_proposal_frame,
         {"Proposal in frame", SMCCLC_FILTER_PREFIX "proposal_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0, NULL, HFILL}},
        {&hf_accept_frame,
         {"Accept in frame", SMCCLC_FILTER_PREFIX "accept_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, NULL, HFILL}},
        {&hf_confirm_frame,
         {"Confirm in frame", SMCCLC_FILTER_PREFIX "confirm_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_ACK), 0, NULL, HFILL}},
        {&hf_decline_frame,
         {"Decline in frame", SMCCLC_FILTER_PREFIX "decline_frame", FT_FRAMENUM, BASE_NONE,
          FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0, NULL, HFILL}},
        {&hf_syn_option,
         {"SMC TCP option", SMCCLC_FILTER_PREFIX "syn_option", FT_BOOLEAN, BASE_NONE,
          TFS(&tfs_syn_option), 0, "Whether this SYN or SYN-ACK offers SMC", HFILL}},
        {&hf_release,
         {"SMC release", SMCCLC_FILTER_PREFIX "handshake.release", FT_STRING, BASE_NONE, NULL, 0,
          "The v2 release the peers agreed on (smcdump's \"release\")", HFILL}},
        {&hf_hs_first_contact,
         {"First contact", SMCCLC_FILTER_PREFIX "handshake.first_contact", FT_BOOLEAN, BASE_NONE,
          NULL, 0, "The handshake created a new link group", HFILL}},
        {&hf_situation,
         {"Situation", SMCCLC_FILTER_PREFIX "situation", FT_STRING, BASE_NONE, NULL, 0,
          "What went wrong besides the reason (smcdump's \"situation\")", HFILL}},
    };
    static gint *ett[] = {&ett_handshake, &ett_syn};
    /* One item per verdict that is not a success; a Decline has its own (tree.c). */
    static ei_register_info ei[] = {
        {&ei_fallback,
         {SMCCLC_FILTER_PREFIX "fallback", PI_RESPONSE_CODE, PI_WARN,
          "fallback to TCP without a Decline", EXPFILL}},
        {&ei_incomplete,
         {SMCCLC_FILTER_PREFIX "incomplete", PI_SEQUENCE, PI_WARN, "handshake incomplete",
          EXPFILL}},
        {&ei_protocol_error,
         {SMCCLC_FILTER_PREFIX "protocol_error", PI_MALFORMED, PI_ERROR,
          "CLC protocol error: Linux aborts the connection", EXPFILL}},
    };

    proto_smcclc = proto;
    proto_register_field_array(proto, hf, G_N_ELEMENTS(hf));
    proto_register_subtree_array(ett, G_N_ELEMENTS(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, G_N_ELEMENTS(ei));
    tap_smcclc = register_tap(SMCCLC_TAP_NAME);
}

static guint64 time_us(const packet_info *pinfo)
{
    return (guint64)pinfo->abs_ts.secs * 1000000u + (guint64)pinfo->abs_ts.nsecs / 1000u;
}

/* ---- conversations ---- */

struct smcclc_conv *smcclc_conv_find(conversation_t *conv)
{
    void *p;

    if (conv == NULL)
        return NULL;
    p = conversation_get_proto_data(conv, proto_smcclc);
    if (p == NULL || p == &plain_marker)
        return NULL;
    return p;
}

bool smcclc_conv_is_plain(conversation_t *conv)
{
    return conv != NULL && conversation_get_proto_data(conv, proto_smcclc) == &plain_marker;
}

static struct smcclc_conv *conv_new(conversation_t *conv, const address *client, guint32 port)
{
    struct smcclc_conv *cv = wmem_new0(wmem_file_scope(), struct smcclc_conv);

    smcclc_hs_init(&cv->hs);
    copy_address_wmem(wmem_file_scope(), &cv->client, client);
    cv->client_port = port;
    cv->reported.outcome = SMCCLC_OUTCOME_NONE;
    cv->reported.path = PATH_NONE;
    conversation_add_proto_data(conv, proto_smcclc, cv);
    return cv;
}

struct smcclc_conv *smcclc_conv_mid_stream(conversation_t *conv, packet_info *pinfo)
{
    /* handshake.c works out the real roles from the first message. */
    return conv_new(conv, &pinfo->src, pinfo->srcport);
}

enum smcclc_dir smcclc_conv_dir(const struct smcclc_conv *cv, const packet_info *pinfo)
{
    if (pinfo->srcport == cv->client_port && addresses_equal(&pinfo->src, &cv->client))
        return SMCCLC_DIR_C2S;
    return SMCCLC_DIR_S2C;
}

/* ---- per-frame records ---- */

static struct frame_rec *frame_rec(packet_info *pinfo, bool create)
{
    struct frame_rec *fr = p_get_proto_data(wmem_file_scope(), pinfo, proto_smcclc, KEY_FRAME_REC);

    if (fr == NULL && create) {
        fr = wmem_new0(wmem_file_scope(), struct frame_rec);
        fr->pos = wmem_array_new(wmem_file_scope(), sizeof(struct pos_rec));
        p_add_proto_data(wmem_file_scope(), pinfo, proto_smcclc, KEY_FRAME_REC, fr);
    }
    return fr;
}

static struct pos_rec *pos_rec(packet_info *pinfo, guint32 pos, bool create)
{
    struct frame_rec *fr = frame_rec(pinfo, create);
    struct pos_rec rec;
    guint i, n;

    if (fr == NULL)
        return NULL;
    n = wmem_array_get_count(fr->pos);
    for (i = 0; i < n; i++) {
        struct pos_rec *r = wmem_array_index(fr->pos, i);

        if (r->pos == pos)
            return r;
    }
    if (!create)
        return NULL;
    memset(&rec, 0, sizeof(rec));
    rec.pos = pos;
    wmem_array_append_one(fr->pos, rec);
    return wmem_array_index(fr->pos, n);
}

/* ---- statistics moves ---- */

static unsigned path_bits(guint8 path)
{
    return path == SMCCLC_TYPE_R   ? 1u
           : path == SMCCLC_TYPE_D ? 2u
           : path == SMCCLC_TYPE_B ? 3u
                                   : 0u;
}

static struct smcclc_stats_snap snapshot(const struct smcclc_conv *cv)
{
    static const guint8 bits_path[4] = {SMCCLC_TYPE_N, SMCCLC_TYPE_R, SMCCLC_TYPE_D, SMCCLC_TYPE_B};
    struct smcclc_stats_snap s;
    struct smcclc_verdict v;

    smcclc_hs_verdict(&cv->hs, false, &v);
    s.outcome = (gint8)v.outcome;
    s.version = v.smc_version;
    s.reason = v.outcome == SMCCLC_OUTCOME_FALLBACK ? v.reason : NULL;
    /* The SMC types the client offered, whatever the server chose. */
    s.path = cv->hs.proposal.frame != 0
                 ? bits_path[path_bits(cv->hs.typev1) | path_bits(cv->hs.typev2)]
                 : PATH_NONE;
    return s;
}

static bool snap_equal(const struct smcclc_stats_snap *a, const struct smcclc_stats_snap *b)
{
    return a->outcome == b->outcome && a->version == b->version && a->path == b->path &&
           g_strcmp0(a->reason, b->reason) == 0;
}

/* After the state machine moved: record (and tap) a change of what it counts as. */
static bool stats_move(struct smcclc_conv *cv, struct smcclc_stats_delta *out)
{
    struct smcclc_stats_snap now = snapshot(cv);

    if (snap_equal(&now, &cv->reported))
        return false;
    out->before = cv->reported;
    out->after = now;
    cv->reported = now;
    return true;
}

static void stats_tap(packet_info *pinfo, const struct smcclc_stats_delta *d)
{
    tap_queue_packet(tap_smcclc, pinfo, d);
}

/* ---- generated handshake items ---- */

static void add_link(proto_tree *tree, int hf, tvbuff_t *tvb, const packet_info *pinfo,
                     const struct smcclc_hs_msg_ref *ref)
{
    proto_item *ti;

    if (ref->frame == 0 || ref->frame == pinfo->num)
        return;
    ti = proto_tree_add_uint(tree, hf, tvb, 0, 0, ref->frame);
    proto_item_set_generated(ti);
}

static void add_release(proto_tree *sub, tvbuff_t *tvb, packet_info *pinfo,
                        const struct smcclc_verdict *v)
{
    const struct smcclc_val *rel;
    proto_item *ti;

    if (v->release == SMCCLC_RELEASE_NONE)
        return;
    /* smcdump's key ("2.1"), or the number of a release the tables do not know */
    rel = smcclc_val_lookup(SMCCLC_VALS_RELEASE, v->release);
    ti = proto_tree_add_string(sub, hf_release, tvb, 0, 0,
                               rel != NULL ? rel->key
                                           : wmem_strdup_printf(pinfo->pool, "%u", v->release));
    proto_item_set_generated(ti);
}

/* The frame of the handshake's last CLC message, 0 when there was none. */
static guint32 last_clc_frame(const struct smcclc_handshake *hs)
{
    guint32 f = hs->proposal.frame;

    if (hs->accept.frame > f)
        f = hs->accept.frame;
    if (hs->confirm.frame > f)
        f = hs->confirm.frame;
    if (hs->decline.frame > f)
        f = hs->decline.frame;
    return f;
}

/*
 * Expert info for a verdict that is not a success, once per handshake: on
 * the SYN-ACK for a fallback without a Decline (no option there), on the last
 * CLC message for an incomplete handshake or a protocol error. Declines have
 * their own item on the diagnosis code. An open handshake is only called
 * incomplete once the file is read.
 */
static void verdict_expert(const struct smcclc_conv *cv, packet_info *pinfo, tvbuff_t *tvb,
                           proto_tree *sub, const struct smcclc_verdict *v, bool later_pass)
{
    guint32 at = last_clc_frame(&cv->hs) != 0 ? last_clc_frame(&cv->hs) : cv->first_msg_frame;
    const char *hint = v->hint != NULL ? v->hint : "";
    const char *anchor = v->anchor != NULL ? v->anchor : "";

    if (v->outcome == SMCCLC_OUTCOME_FALLBACK && cv->hs.decline.frame == 0) {
        if (pinfo->num == (cv->synack_frame != 0 ? cv->synack_frame : at))
            proto_tree_add_expert_format(sub, pinfo, &ei_fallback, tvb, 0, 0,
                                         "fallback to TCP: %s [" SMCCLC_GUIDE_PREFIX "%s] %s",
                                         v->reason != NULL ? v->reason : "?", anchor, hint);
        return;
    }
    if (pinfo->num != at || (v->outcome == SMCCLC_OUTCOME_INCOMPLETE && !later_pass && !v->final))
        return;
    if (v->situation == SMCCLC_SITUATION_PROTOCOL_ERROR)
        proto_tree_add_expert_format(sub, pinfo, &ei_protocol_error, tvb, 0, 0,
                                     "protocol error [" SMCCLC_GUIDE_PREFIX "%s] %s", anchor, hint);
    else if (v->outcome == SMCCLC_OUTCOME_INCOMPLETE)
        proto_tree_add_expert_format(sub, pinfo, &ei_incomplete, tvb, 0, 0,
                                     "handshake incomplete [" SMCCLC_GUIDE_PREFIX "%s] %s", anchor,
                                     hint);
}

static void add_handshake(const struct smcclc_conv *cv, packet_info *pinfo, tvbuff_t *tvb,
                          proto_tree *tree)
{
    bool later_pass = PINFO_FD_VISITED(pinfo);
    const struct smcclc_val *outcome;
    struct smcclc_verdict v;
    proto_tree *sub;
    proto_item *ti, *top;
    nstime_t dur;

    if (tree == NULL)
        return;
    /* Once the file has been read, the end of the connection is known. */
    smcclc_hs_verdict(&cv->hs, later_pass, &v);
    if (v.outcome == SMCCLC_OUTCOME_NONE)
        return;
    sub = proto_tree_add_subtree(tree, tvb, 0, 0, ett_handshake, &top, "Handshake");
    proto_item_set_generated(top);

    /* On the first pass an open handshake has no outcome yet: do not guess. */
    if (later_pass || v.outcome != SMCCLC_OUTCOME_INCOMPLETE || v.final) {
        outcome = &smcclc_outcome_vals[v.outcome];
        ti = proto_tree_add_string(sub, hf_outcome, tvb, 0, 0, outcome->key);
        proto_item_append_text(ti, " (%s)", outcome->label);
        proto_item_set_generated(ti);
        proto_item_append_text(top, ": %s", outcome->label);
        if (v.reason != NULL) {
            ti = proto_tree_add_string(sub, hf_reason, tvb, 0, 0, v.reason);
            proto_item_set_generated(ti);
            proto_item_append_text(top, " (%s)", v.reason);
        }
        if (v.smc_version != 0) {
            ti = proto_tree_add_uint(sub, hf_smc_version, tvb, 0, 0, v.smc_version);
            proto_item_set_generated(ti);
        }
        add_release(sub, tvb, pinfo, &v);
        if (v.outcome == SMCCLC_OUTCOME_SMC_R || v.outcome == SMCCLC_OUTCOME_SMC_D) {
            ti = proto_tree_add_boolean(sub, hf_hs_first_contact, tvb, 0, 0, cv->hs.first_contact);
            proto_item_set_generated(ti);
            if (cv->hs.first_contact)
                proto_item_append_text(top, ", first contact");
        }
        if (v.situation > SMCCLC_SITUATION_NONE && v.situation < SMCCLC_SITUATION_COUNT) {
            ti = proto_tree_add_string(sub, hf_situation, tvb, 0, 0,
                                       smcclc_situation_table[v.situation].anchor);
            proto_item_set_generated(ti);
        }
        verdict_expert(cv, pinfo, tvb, sub, &v, later_pass);
        if (v.hint != NULL) {
            ti = proto_tree_add_string(sub, hf_hint, tvb, 0, 0, v.hint);
            proto_item_set_generated(ti);
        }
        if (v.anchor != NULL) {
            ti = proto_tree_add_string(
                sub, hf_guide, tvb, 0, 0,
                wmem_strdup_printf(pinfo->pool, SMCCLC_GUIDE_PREFIX "%s", v.anchor));
            proto_item_set_generated(ti);
        }
    }

    dur.secs = (time_t)(v.duration_us / 1000000u);
    dur.nsecs = (int)(v.duration_us % 1000000u) * 1000;
    ti = proto_tree_add_time(sub, hf_duration, tvb, 0, 0, &dur);
    proto_item_set_generated(ti);

    add_link(sub, hf_proposal_frame, tvb, pinfo, &cv->hs.proposal);
    add_link(sub, hf_accept_frame, tvb, pinfo, &cv->hs.accept);
    add_link(sub, hf_confirm_frame, tvb, pinfo, &cv->hs.confirm);
    add_link(sub, hf_decline_frame, tvb, pinfo, &cv->hs.decline);
}

/* ---- SYN and SYN-ACK ---- */

void smcclc_analysis_syn(packet_info *pinfo, conversation_t *conv, proto_tree *root, bool synack,
                         bool has_option, const struct smcclc_syn_where *where)
{
    struct smcclc_conv *cv = smcclc_conv_find(conv);
    struct frame_rec *fr;
    proto_tree *sub;
    proto_item *ti;

    if (conv == NULL)
        return;
    if (!PINFO_FD_VISITED(pinfo)) {
        if (cv == NULL) {
            if (!has_option) {
                if (conversation_get_proto_data(conv, proto_smcclc) == NULL)
                    conversation_add_proto_data(conv, proto_smcclc, &plain_marker);
                return;
            }
            if (smcclc_conv_is_plain(conv))
                return;
            /* The SYN's sender is the client; the SYN-ACK's receiver. */
            cv = synack ? conv_new(conv, &pinfo->dst, pinfo->destport)
                        : conv_new(conv, &pinfo->src, pinfo->srcport);
        }
        if (synack && !has_option && cv->synack_frame == 0)
            cv->synack_frame = pinfo->num;
        smcclc_hs_syn(&cv->hs, synack, has_option, time_us(pinfo));
        fr = frame_rec(pinfo, true);
        fr->has_syn_delta = stats_move(cv, &fr->syn_delta);
    } else {
        if (cv == NULL)
            return;
        fr = frame_rec(pinfo, false);
    }
    if (fr != NULL && fr->has_syn_delta)
        stats_tap(pinfo, &fr->syn_delta);

    if (root == NULL || !smcclc_hs_is_smc(&cv->hs))
        return;
    ti = proto_tree_add_item(root, proto_smcclc, where->tvb, where->off, where->len, ENC_NA);
    sub = proto_item_add_subtree(ti, ett_syn);
    proto_item_append_text(ti, ": %s",
                           has_option ? tfs_syn_option.true_string : tfs_syn_option.false_string);
    ti = proto_tree_add_boolean(sub, hf_syn_option, where->tvb, where->off, where->len, has_option);
    if (!has_option)
        proto_item_set_generated(ti);
    add_handshake(cv, pinfo, where->tvb, sub);
}

/* ---- CLC bytes ---- */

static bool is_retransmission(const struct smcclc_conv *cv, enum smcclc_dir dir, guint32 pos)
{
    return cv->fed[dir] && (gint32)(pos - cv->fed_end[dir]) < 0;
}

static bool decide(struct smcclc_conv *cv, guint32 frame, enum smcclc_dir dir, guint32 pos,
                   tvbuff_t *tvb, gint offset)
{
    guint avail = (guint)tvb_captured_length_remaining(tvb, offset);
    const guint8 *p;
    size_t pdu_len;

    struct smcclc_verdict v;

    /* Bytes we have already taken as CLC once stay CLC, whatever the phase now. */
    if (is_retransmission(cv, dir, pos))
        return true;
    if (!smcclc_hs_clc_expected(&cv->hs, dir))
        return false;
    /*
     * A final verdict ends the handshake in both directions, as smcdump ends
     * the flow after the packet that made it final (so later messages of that
     * same packet are still shown, in both tools).
     */
    smcclc_hs_verdict(&cv->hs, false, &v);
    if (v.outcome != SMCCLC_OUTCOME_NONE && v.final && last_clc_frame(&cv->hs) < frame)
        return false;
    if (avail > SMCCLC_CLC_HEADER_LEN)
        avail = SMCCLC_CLC_HEADER_LEN;
    p = avail > 0 ? tvb_get_ptr(tvb, offset, avail) : NULL;
    switch (smcclc_clc_frame(p, avail, 0, &pdu_len)) {
    case SMCCLC_FRAME_NOT_CLC:
        smcclc_hs_data(&cv->hs, dir);
        return false;
    case SMCCLC_FRAME_BAD_LENGTH:
        /*
         * A length that cannot frame a message: its header is the record (with
         * its length anomaly) and the direction's CLC ends after it, as in smcdump.
         */
        cv->end_after_msg[dir] = true;
        return true;
    case SMCCLC_FRAME_OK:
        if (pdu_len > SMCCLC_CLC_MAX_LEN) {
            cv->end_after_msg[dir] = true;
            return true;
        }
        break;
    default:
        break;
    }
    /* The type byte decides whether the handshake takes these bytes as CLC now. */
    if (avail > 4 && smcclc_hs_expects(&cv->hs, dir, p[4]) == SMCCLC_EXPECT_NO) {
        smcclc_hs_data(&cv->hs, dir);
        return false;
    }
    return true;
}

bool smcclc_analysis_claim(struct smcclc_conv *cv, packet_info *pinfo, enum smcclc_dir dir,
                           guint32 pos, tvbuff_t *tvb, gint offset)
{
    struct pos_rec *r;

    if (PINFO_FD_VISITED(pinfo)) {
        r = pos_rec(pinfo, pos, false);
        return r != NULL && r->claimed;
    }
    r = pos_rec(pinfo, pos, true);
    if (!r->claimed)
        r->claimed = decide(cv, pinfo->num, dir, pos, tvb, offset);
    return r->claimed;
}

void smcclc_analysis_message(struct smcclc_conv *cv, packet_info *pinfo, enum smcclc_dir dir,
                             guint32 pos, guint32 len, const struct smcclc_clc_msg *msg,
                             tvbuff_t *tvb, proto_tree *tree)
{
    struct pos_rec *r;

    if (!PINFO_FD_VISITED(pinfo)) {
        r = pos_rec(pinfo, pos, true);
        if (cv->first_msg_frame == 0)
            cv->first_msg_frame = pinfo->num;
        if (!is_retransmission(cv, dir, pos)) {
            smcclc_hs_message(&cv->hs, dir, msg, pinfo->num, time_us(pinfo));
            if (cv->end_after_msg[dir]) {
                smcclc_hs_data(&cv->hs, dir);
                cv->end_after_msg[dir] = false;
            }
            cv->fed[dir] = true;
            cv->fed_end[dir] = pos + len;
            r->has_delta = stats_move(cv, &r->delta);
        }
    } else {
        r = pos_rec(pinfo, pos, false);
    }
    if (r != NULL && r->has_delta)
        stats_tap(pinfo, &r->delta);
    add_handshake(cv, pinfo, tvb, tree);
}
