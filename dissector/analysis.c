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
#include "stream.h"
#include "tree.h"
#include "ws_compat.h"

#define PATH_NONE 0xFFu

/* Keys of our per-packet data: frame scope and packet (pass) scope. */
enum { KEY_FRAME_REC = 0 };

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
static expert_field ei_stream_cut = EI_INIT;
static expert_field ei_stream_bad = EI_INIT;
static int ett_handshake = SMCCLC_ID_UNSET;
static int ett_syn = SMCCLC_ID_UNSET;

static const true_false_string tfs_syn_option = {"SMC option present", "no SMC option"};

/*
 * Stored as the conversation's data when a SYN without the option was seen:
 * the heuristic must then leave the connection alone, and a marker costs no
 * memory per plain TCP connection.
 */
static char plain_marker;

/*
 * Reassembly buffers per conversation: one per direction is all the stream
 * layer ever takes (a direction holds at most one), about 1 KiB each, freed
 * when the handshake ends.
 */
#define STREAM_BUFFERS 2

struct smcclc_conv {
    struct smcclc_handshake hs;
    address client; /* sender of the SYN, or of the first CLC bytes mid-stream */
    guint32 client_port;
    guint32 synack_frame; /* the SYN-ACK, where a fallback without Decline shows */
    /*
     * Where a handshake with no CLC message frame (none sent, or a header
     * cut by snaplen) shows its verdict: the FIN or RST that ended it, else
     * the connection's last packet the analysis saw. smcdump reports it on
     * the same packet.
     */
    guint32 end_frame, last_frame;
    /*
     * The CLC bytes of each direction, put in order by smcdump's stream layer
     * (retransmissions, overlaps, out-of-order segments, snaplen cuts), so
     * that both tools frame the same messages from the same bytes.
     */
    struct sd_stream st;
    struct sd_dir sdir[2];
    bool stream_live;  /* st's buffers are allocated */
    bool isn_known[2]; /* the first SYN (SYN-ACK) fixed where the direction starts */
    /* FIN, RST or a final verdict: nothing after this packet is CLC (smcdump ends the flow). */
    bool done;
    /*
     * A success reached at an earlier packet: smcdump waits for a late
     * Decline, and data after it ends the handshake (analyze.c settle()).
     * Its timer is not mirrored: it runs on packet time, and the kernel sends
     * no Decline that late.
     */
    bool success_waiting;
    struct smcclc_stats_snap reported; /* what the statistics count it as so far */
};

/* A CLC message completed in a frame. */
struct msg_rec {
    const guint8 *copy; /* its captured bytes when they are not all in the segment's payload */
    guint32 off;        /* else: where it starts in the payload */
    guint32 avail, len; /* captured, and as long as its length field says */
    bool has_delta;
    struct smcclc_stats_delta delta;
};

/* What the stream layer found wrong in a frame (smcdump's problem lines). */
struct problem_rec {
    guint32 off; /* in the payload */
    bool cut;    /* snaplen, not the sender */
    const char *what;
};

/* What the first pass found in one frame; every later pass shows this. */
struct frame_rec {
    struct smcclc_conv *cv; /* the handshake of this frame (a reused 4-tuple has several) */
    wmem_array_t *msgs;     /* struct msg_rec, wire order; NULL when none */
    wmem_array_t *problems; /* struct problem_rec; NULL when none */
    bool syn, has_option;
    bool in_frame; /* the header and payload are in the frame's own bytes */
    gint opt_off, opt_len, payload_at;
    bool claimed;     /* the payload belongs to the CLC phase */
    guint32 data_off; /* application data starts here in the payload */
    bool has_syn_delta, has_end_delta;
    struct smcclc_stats_delta syn_delta, end_delta;
};

/* Per-pass keys (packet scope). */
enum { KEY_MSGS_SHOWN = 1, KEY_INFO_STARTED = 2 };

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
        /* smcdump's problem lines from the stream layer: where CLC decoding stopped, and why */
        {&ei_stream_cut,
         {SMCCLC_FILTER_PREFIX "stream_cut", PI_UNDECODED, PI_WARN, "CLC stream cut by snaplen",
          EXPFILL}},
        {&ei_stream_bad,
         {SMCCLC_FILTER_PREFIX "stream_bad", PI_MALFORMED, PI_ERROR, "CLC stream malformed",
          EXPFILL}},
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

/* The stream's buffers go back when the file is closed, if the handshake never ended. */
static smcclc_wsutil_bool stream_free_cb(wmem_allocator_t *allocator _U_, wmem_cb_event_t event _U_,
                                         void *user)
{
    struct smcclc_conv *cv = user;

    if (cv->stream_live)
        sd_stream_fini(&cv->st);
    cv->stream_live = false;
    return FALSE;
}

static const struct sd_stream_ops stream_ops;

static struct smcclc_conv *conv_new(conversation_t *conv, const address *client, guint32 port)
{
    struct smcclc_conv *cv = wmem_new0(wmem_file_scope(), struct smcclc_conv);

    smcclc_hs_init(&cv->hs);
    copy_address_wmem(wmem_file_scope(), &cv->client, client);
    cv->client_port = port;
    cv->reported.outcome = SMCCLC_OUTCOME_NONE;
    cv->reported.path = PATH_NONE;
    sd_stream_dir_init(&cv->sdir[0]);
    sd_stream_dir_init(&cv->sdir[1]);
    if (sd_stream_init(&cv->st, STREAM_BUFFERS, &stream_ops, NULL) == 0) {
        cv->stream_live = true;
        wmem_register_callback(wmem_file_scope(), stream_free_cb, cv);
    } else {
        /* no memory for two buffers: the handshake is shown without its CLC */
        cv->done = true;
    }
    conversation_add_proto_data(conv, proto_smcclc, cv);
    return cv;
}

struct smcclc_conv *smcclc_conv_mid_stream(conversation_t *conv, packet_info *pinfo)
{
    /* handshake.c works out the real roles from the first message. */
    return conv_new(conv, &pinfo->src, pinfo->srcport);
}

static enum smcclc_dir conv_dir(const struct smcclc_conv *cv, const packet_info *pinfo)
{
    if (pinfo->srcport == cv->client_port && addresses_equal(&pinfo->src, &cv->client))
        return SMCCLC_DIR_C2S;
    return SMCCLC_DIR_S2C;
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
/* Where an incomplete or broken handshake's verdict and expert item show. */
static guint32 verdict_frame(const struct smcclc_conv *cv)
{
    if (last_clc_frame(&cv->hs) != 0)
        return last_clc_frame(&cv->hs);
    return cv->end_frame != 0 ? cv->end_frame : cv->last_frame;
}

static void verdict_expert(const struct smcclc_conv *cv, packet_info *pinfo, tvbuff_t *tvb,
                           proto_tree *sub, const struct smcclc_verdict *v, bool later_pass)
{
    guint32 at = verdict_frame(cv);
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

/* ---- the CLC stream ---- */

/* One call of the stream layer: where its answers go. */
struct feed {
    struct smcclc_conv *cv;
    packet_info *pinfo;
    struct frame_rec *fr;
    const guint8 *payload; /* the segment's captured payload */
    guint32 cap, wire;
    bool in_frame;
};

static bool st_expected(void *ctx _U_, void *flow, int dir)
{
    struct smcclc_conv *cv = flow;

    return !cv->done && smcclc_hs_clc_expected(&cv->hs, (enum smcclc_dir)dir);
}

/* The same decisions as smcdump's on_message() (smcdump/analyze.c), then the frame's record. */
static void st_message(void *ctx, void *flow, int dir, const guint8 *bytes, size_t avail,
                       size_t len, size_t offset _U_)
{
    struct feed *f = ctx;
    struct smcclc_conv *cv = flow;
    struct smcclc_clc_msg m;
    struct msg_rec r;

    if (smcclc_clc_decode(bytes, avail, &m, NULL) == SMCCLC_DECODE_NOT_CLC) {
        smcclc_hs_data(&cv->hs, (enum smcclc_dir)dir);
        return;
    }
    if (smcclc_hs_expects(&cv->hs, (enum smcclc_dir)dir, m.type) == SMCCLC_EXPECT_NO) {
        /* a CLC look-alike where the handshake takes none (a non-Decline after Accept/Confirm) */
        smcclc_hs_data(&cv->hs, (enum smcclc_dir)dir);
        return;
    }
    smcclc_hs_message(&cv->hs, (enum smcclc_dir)dir, &m, f->pinfo->num, time_us(f->pinfo));

    memset(&r, 0, sizeof(r));
    r.avail = (guint32)avail;
    r.len = (guint32)len;
    /* A message wholly inside this segment is shown on its bytes; any other gets a copy. */
    if (f->in_frame && f->cap > 0 && bytes >= f->payload && bytes + avail <= f->payload + f->cap &&
        (size_t)(bytes - f->payload) + len <= f->wire)
        r.off = (guint32)(bytes - f->payload);
    else /* (never NULL: a message with nothing captured gets an empty child tvb) */
        r.copy = avail > 0 ? wmem_memdup(wmem_file_scope(), bytes, avail)
                           : wmem_alloc0(wmem_file_scope(), 1);
    r.has_delta = stats_move(cv, &r.delta);
    if (f->fr->msgs == NULL)
        f->fr->msgs = wmem_array_new(wmem_file_scope(), sizeof(struct msg_rec));
    wmem_array_append_one(f->fr->msgs, r);
}

static void st_data(void *ctx _U_, void *flow, int dir)
{
    smcclc_hs_data(&((struct smcclc_conv *)flow)->hs, (enum smcclc_dir)dir);
}

static void st_lookalike(void *ctx _U_, void *flow _U_, int dir _U_)
{
}

static void st_problem(void *ctx, void *flow _U_, enum sd_problem_kind kind, size_t offset,
                       const char *what)
{
    struct feed *f = ctx;
    struct problem_rec r;

    r.off = offset < f->cap ? (guint32)offset : f->cap;
    r.cut = kind == SD_PROBLEM_TRUNCATED;
    r.what = wmem_strdup(wmem_file_scope(), what);
    if (f->fr->problems == NULL)
        f->fr->problems = wmem_array_new(wmem_file_scope(), sizeof(struct problem_rec));
    wmem_array_append_one(f->fr->problems, r);
}

static const struct sd_stream_ops stream_ops = {
    st_expected, st_message, st_data, st_lookalike, st_problem,
};

/* ---- the first pass ---- */

static struct frame_rec *frame_rec(packet_info *pinfo)
{
    return p_get_proto_data(wmem_file_scope(), pinfo, proto_smcclc, KEY_FRAME_REC);
}

static struct frame_rec *frame_rec_new(packet_info *pinfo, struct smcclc_conv *cv,
                                       const struct smcclc_segment *seg)
{
    struct frame_rec *fr = frame_rec(pinfo);

    if (fr != NULL)
        return fr;
    fr = wmem_new0(wmem_file_scope(), struct frame_rec);
    fr->cv = cv;
    fr->in_frame = seg->in_frame;
    fr->opt_off = seg->opt_off;
    fr->opt_len = seg->opt_len;
    fr->payload_at = seg->payload_at;
    fr->data_off = seg->wire;
    p_add_proto_data(wmem_file_scope(), pinfo, proto_smcclc, KEY_FRAME_REC, fr);
    return fr;
}

static guint msg_count(const struct frame_rec *fr)
{
    return fr->msgs != NULL ? wmem_array_get_count(fr->msgs) : 0;
}

/*
 * A SYN-ACK with another ISN than the first makes TCP (4.4 and later) start
 * a new conversation, as for a reused port; the handshake of the SYN goes on
 * (smcdump's flow does): it follows into the new conversation.
 */
static struct smcclc_conv *synack_new_conversation(conversation_t *conv, packet_info *pinfo)
{
    conversation_t *prev;
    void *data;

    if (pinfo->num <= 1 || conversation_get_proto_data(conv, proto_smcclc) != NULL)
        return NULL;
    prev = find_conversation(pinfo->num - 1, &pinfo->src, &pinfo->dst, CONVERSATION_TCP,
                             pinfo->srcport, pinfo->destport, 0);
    if (prev == NULL || prev == conv)
        return NULL;
    data = conversation_get_proto_data(prev, proto_smcclc);
    if (data == NULL || (data != &plain_marker && ((struct smcclc_conv *)data)->done))
        return NULL;
    conversation_add_proto_data(conv, proto_smcclc, data);
    return smcclc_conv_find(conv);
}

/* A SYN or SYN-ACK whose option list was read. Returns the handshake, or NULL. */
static struct smcclc_conv *on_syn(conversation_t *conv, packet_info *pinfo,
                                  const struct smcclc_segment *seg, struct frame_rec **frp)
{
    struct smcclc_conv *cv = smcclc_conv_find(conv);
    bool synack = (seg->flags & SMCCLC_TCP_ACK) != 0;
    struct frame_rec *fr;
    enum smcclc_dir dir;

    if (cv == NULL && synack)
        cv = synack_new_conversation(conv, pinfo);
    if (cv == NULL) {
        if (!seg->has_option) {
            if (conversation_get_proto_data(conv, proto_smcclc) == NULL)
                conversation_add_proto_data(conv, proto_smcclc, &plain_marker);
            return NULL;
        }
        if (smcclc_conv_is_plain(conv))
            return NULL;
        /* The SYN's sender is the client; the SYN-ACK's receiver. */
        cv = synack ? conv_new(conv, &pinfo->dst, pinfo->destport)
                    : conv_new(conv, &pinfo->src, pinfo->srcport);
    }
    fr = *frp = frame_rec_new(pinfo, cv, seg);
    fr->syn = true;
    fr->has_option = seg->has_option;
    if (synack && !seg->has_option && cv->synack_frame == 0)
        cv->synack_frame = pinfo->num;
    /*
     * Each direction starts after its first SYN. A SYN-ACK sent again with
     * another ISN changes nothing: a client that took the first one is
     * established and answers the second with an ACK for the first
     * (tcp_validate_incoming(): a SYN in an established connection gets a
     * challenge ACK), so data at the new numbers is out of its window. So
     * does smcdump (on_syn(): isn_known).
     */
    dir = conv_dir(cv, pinfo);
    if (!cv->isn_known[dir]) {
        cv->isn_known[dir] = true;
        sd_stream_dir_sync(&cv->sdir[dir], seg->seq + 1);
    }
    smcclc_hs_syn(&cv->hs, synack, seg->has_option, time_us(pinfo));
    fr->has_syn_delta = stats_move(cv, &fr->syn_delta);
    return cv;
}

void smcclc_analysis_segment(conversation_t *conv, packet_info *pinfo,
                             const struct smcclc_segment *seg)
{
    struct smcclc_conv *cv;
    struct frame_rec *fr = NULL;
    struct smcclc_verdict v;
    enum smcclc_dir dir;
    guint32 seq = seg->seq;
    bool data_after_success = false;

    if (conv == NULL)
        return;
    if ((seg->flags & SMCCLC_TCP_SYN) && seg->syn_judged) {
        cv = on_syn(conv, pinfo, seg, &fr);
    } else {
        /* a SYN with options cut by snaplen: whether it offered SMC is unknown */
        cv = smcclc_conv_find(conv);
    }
    if (seg->flags & SMCCLC_TCP_SYN)
        seq++;
    if (cv == NULL || cv->done)
        return;
    cv->last_frame = pinfo->num;
    if (seg->wire == 0 && !(seg->flags & (SMCCLC_TCP_FIN | SMCCLC_TCP_RST)) && fr == NULL)
        return;
    fr = frame_rec_new(pinfo, cv, seg);
    dir = conv_dir(cv, pinfo);

    if (seg->wire > 0 && cv->stream_live) {
        struct feed f;
        guint n = msg_count(fr);
        bool was_clc = cv->sdir[dir].state != SD_DIR_OFF;
        guint32 fresh;

        f.cv = cv;
        f.pinfo = pinfo;
        f.fr = fr;
        f.cap = seg->cap;
        f.wire = seg->wire;
        f.in_frame = seg->in_frame;
        f.payload = seg->cap > 0 ? tvb_get_ptr(seg->ds, seg->payload_at, (gint)seg->cap) : NULL;
        cv->st.ctx = &f;
        fresh = sd_stream_segment(&cv->st, &cv->sdir[dir], cv, (int)dir, seq, f.payload, seg->cap,
                                  seg->wire, 0);
        cv->st.ctx = NULL;
        data_after_success = cv->success_waiting && sd_stream_fresh_data(&cv->sdir[dir], fresh);
        if (was_clc && msg_count(fr) > n) {
            const struct msg_rec *last = wmem_array_index(fr->msgs, msg_count(fr) - 1);

            fr->claimed = true;
            if (cv->sdir[dir].state == SD_DIR_OFF && last->copy == NULL)
                fr->data_off = last->off + last->len;
        } else if (was_clc && cv->sdir[dir].state != SD_DIR_OFF) {
            /* part of a message, held until the rest arrives (or a retransmission) */
            fr->claimed = true;
        }
    }
    /* as smcdump: the payload first, then the RST (a message in it still counts) */
    if (seg->flags & SMCCLC_TCP_RST)
        smcclc_hs_reset(&cv->hs, dir);
    /* smcdump's settle(): FIN, RST, a final verdict or data after a success end the flow */
    smcclc_hs_verdict(&cv->hs, false, &v);
    cv->success_waiting = v.outcome == SMCCLC_OUTCOME_SMC_R || v.outcome == SMCCLC_OUTCOME_SMC_D;
    if ((seg->flags & (SMCCLC_TCP_FIN | SMCCLC_TCP_RST)) || v.final ||
        (data_after_success && cv->success_waiting)) {
        if (!v.final)
            cv->end_frame = pinfo->num;
        cv->done = true;
        if (cv->stream_live)
            sd_stream_fini(&cv->st);
        cv->stream_live = false;
    }
    fr->has_end_delta = stats_move(cv, &fr->end_delta);
}

bool smcclc_analysis_claimed(packet_info *pinfo, guint32 *data_off)
{
    const struct frame_rec *fr = frame_rec(pinfo);

    if (fr == NULL || !fr->claimed)
        return false;
    *data_off = fr->data_off;
    return true;
}

/* ---- what a frame shows ---- */

static void info_append(packet_info *pinfo, const char *summary)
{
    /* Several messages in one segment are listed in wire order. */
    if (p_get_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_INFO_STARTED) == NULL) {
        p_add_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_INFO_STARTED, GINT_TO_POINTER(1));
        /*
         * From the postdissector, after every other dissector: whatever one
         * of them left read-only, the CLC message is what the frame is about.
         */
        col_set_writable(pinfo->cinfo, COL_PROTOCOL, TRUE);
        col_set_writable(pinfo->cinfo, COL_INFO, TRUE);
        col_set_str(pinfo->cinfo, COL_PROTOCOL, SMCCLC_PROTO_SHORT);
        col_clear(pinfo->cinfo, COL_INFO);
        col_add_str(pinfo->cinfo, COL_INFO, summary);
    } else {
        col_append_sep_str(pinfo->cinfo, COL_INFO, ", ", summary);
    }
}

static void show_syn(const struct frame_rec *fr, packet_info *pinfo, proto_tree *root,
                     tvbuff_t *frame)
{
    const struct smcclc_conv *cv = fr->cv;
    gint off = fr->in_frame ? fr->opt_off : 0, len = fr->in_frame ? fr->opt_len : 0;
    proto_tree *sub;
    proto_item *ti;

    if (root == NULL || !smcclc_hs_is_smc(&cv->hs))
        return;
    ti = proto_tree_add_item(root, proto_smcclc, frame, off, len, ENC_NA);
    sub = proto_item_add_subtree(ti, ett_syn);
    proto_item_append_text(
        ti, ": %s", fr->has_option ? tfs_syn_option.true_string : tfs_syn_option.false_string);
    ti = proto_tree_add_boolean(sub, hf_syn_option, frame, off, len, fr->has_option);
    if (!fr->has_option)
        proto_item_set_generated(ti);
    add_handshake(cv, pinfo, frame, sub);
}

static void show_message(const struct frame_rec *fr, const struct msg_rec *m, packet_info *pinfo,
                         proto_tree *root, tvbuff_t *payload, tvbuff_t *frame)
{
    struct smcclc_clc_msg msg;
    const char *summary;
    proto_item *ti;
    proto_tree *sub;
    tvbuff_t *tvb;

    if (m->copy != NULL) {
        tvb = tvb_new_child_real_data(payload != NULL ? payload : frame, m->copy, m->avail,
                                      (gint)m->len);
        add_new_data_source(pinfo, tvb, "Reassembled CLC message");
    } else if (payload != NULL) {
        tvb = tvb_new_subset_length_caplen(payload, (gint)m->off, (gint)m->avail, (gint)m->len);
    } else {
        tvb = tvb_new_subset_length_caplen(frame, fr->payload_at + (gint)m->off, (gint)m->avail,
                                           (gint)m->len);
    }
    ti = proto_tree_add_item(root, proto_smcclc, tvb, 0, -1, ENC_NA);
    sub = proto_item_add_subtree(ti, smcclc_tree_ett_message());
    smcclc_tree_message(tvb, pinfo, sub, &msg);
    /* no type, version or length was captured: nothing to summarise but the cut */
    summary = m->avail < SMCCLC_CLC_HEADER_LEN ? "CLC header cut by snaplen"
                                               : smcclc_tree_summary(pinfo->pool, &msg);
    proto_item_append_text(ti, ", %s", summary);
    info_append(pinfo, summary);
    add_handshake(fr->cv, pinfo, tvb, sub);
}

static void show_problem(const struct frame_rec *fr, const struct problem_rec *p,
                         packet_info *pinfo, proto_tree *root, tvbuff_t *payload, tvbuff_t *frame)
{
    tvbuff_t *tvb = payload != NULL ? payload : frame;
    gint at = (gint)p->off + (payload != NULL ? 0 : (fr->in_frame ? fr->payload_at : 0));
    proto_item *ti;

    if (payload == NULL && !fr->in_frame)
        at = 0;
    if (at > (gint)tvb_captured_length(tvb))
        at = (gint)tvb_captured_length(tvb);
    ti = proto_tree_add_item(root, proto_smcclc, tvb, at, 0, ENC_NA);
    proto_item_append_text(ti, ": %s", p->what);
    expert_add_info_format(pinfo, ti, p->cut ? &ei_stream_cut : &ei_stream_bad, "%s", p->what);
    if (msg_count(fr) == 0) {
        /* the Info column names what stopped CLC here, up to its consequence */
        info_append(pinfo, wmem_strndup(pinfo->pool, p->what, strcspn(p->what, ";")));
        add_handshake(fr->cv, pinfo, tvb, proto_item_add_subtree(ti, ett_syn));
    }
}

/*
 * The verdict of a handshake that no CLC frame shows (see end_frame), on a
 * frame `fr` (NULL: a bare ACK, of which the analysis keeps no record). A
 * frame with a message or a problem shows it there already. The
 * connection's last packet is known only once the file is read.
 */
static void show_end(const struct frame_rec *fr, const struct smcclc_conv *cv, packet_info *pinfo,
                     proto_tree *root, tvbuff_t *frame)
{
    bool at_fin = cv->end_frame == pinfo->num;
    proto_item *ti;

    if (fr != NULL && (msg_count(fr) > 0 || fr->problems != NULL))
        return;
    if (root == NULL || last_clc_frame(&cv->hs) != 0 || verdict_frame(cv) != pinfo->num ||
        !smcclc_hs_is_smc(&cv->hs) || (!at_fin && !PINFO_FD_VISITED(pinfo)))
        return;
    ti = proto_tree_add_item(root, proto_smcclc, frame, 0, 0, ENC_NA);
    proto_item_append_text(ti, at_fin ? ": connection ended before any CLC message"
                                      : ": last packet of the connection, no CLC message decoded");
    add_handshake(cv, pinfo, frame, proto_item_add_subtree(ti, ett_syn));
}

void smcclc_analysis_show(packet_info *pinfo, proto_tree *root, tvbuff_t *payload, tvbuff_t *frame,
                          bool syn_items)
{
    const struct frame_rec *fr = frame_rec(pinfo);
    guint i;

    if (fr == NULL) {
        /* a bare ACK, which the analysis keeps no record of, may end the connection */
        const struct smcclc_conv *cv;

        if (syn_items && root != NULL && PINFO_FD_VISITED(pinfo) &&
            (cv = smcclc_conv_find(smcclc_conversation(pinfo))) != NULL)
            show_end(NULL, cv, pinfo, root, frame);
        return;
    }
    if (syn_items) {
        if (fr->syn)
            show_syn(fr, pinfo, root, frame);
        else
            show_end(fr, fr->cv, pinfo, root, frame);
        /* the statistics moves, once per dissection: the postdissector always runs */
        if (fr->has_syn_delta)
            stats_tap(pinfo, &fr->syn_delta);
        for (i = 0; i < msg_count(fr); i++) {
            const struct msg_rec *m = wmem_array_index(fr->msgs, i);
            if (m->has_delta)
                stats_tap(pinfo, &m->delta);
        }
        if (fr->has_end_delta)
            stats_tap(pinfo, &fr->end_delta);
    }
    if (p_get_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_MSGS_SHOWN) != NULL)
        return;
    if (msg_count(fr) == 0 && fr->problems == NULL)
        return;
    p_add_proto_data(pinfo->pool, pinfo, proto_smcclc, KEY_MSGS_SHOWN, GINT_TO_POINTER(1));
    for (i = 0; i < msg_count(fr); i++)
        show_message(fr, wmem_array_index(fr->msgs, i), pinfo, root, payload, frame);
    for (i = 0; fr->problems != NULL && i < wmem_array_get_count(fr->problems); i++)
        show_problem(fr, wmem_array_index(fr->problems, i), pinfo, root, payload, frame);
}
