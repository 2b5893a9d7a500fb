/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The glue between packets and events.
 *
 * Per packet the cost must stay close to reading it (docs/smcdump-internals.md),
 * so the common case, a TCP segment of a connection that is not SMC, ends
 * after the headers and one read of the port filter. The flow table is
 * consulted only for a SYN or SYN-ACK, for ports the filter does not rule
 * out, and for payloads that begin with the first eyecatcher byte.
 */
#include "analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "smcclc/handshake.h"
#include "smcclc/smcclc.h"
#include "stream.h"

struct sd_analyzer {
    struct sd_output *out;
    int linktype;
    struct sd_counters c;
    struct sd_flows ft;
    struct sd_stream st;
    uint64_t now_us; /* the clock: latest packet time, except after a step back (clock_back()) */
    uint64_t due_us; /* no timer can expire before this */
    uint64_t seq;    /* packets and segments analysed */
    uint64_t back_pkt, back_us, back_frame; /* the last packet far behind the clock */
    uint32_t order;                         /* flows created so far, modulo 2^32 */
    uint64_t idle_us;
    bool all, live;
    /* the packet being processed */
    uint64_t frame, ts_us;
    uint64_t trunc_frame, malformed_frame; /* last frames counted, to count each packet once */
    /*
     * Why sd_decap() found no segment. Here, not on the stack, so that
     * not_tcp() is a tail call and one register fewer is saved per packet
     * (measured: 2 instructions per packet of the bench file).
     */
    struct sd_decap_error err;
    /*
     * The one decode of the message being reported, lent to the output with
     * its event: scratch reused for every message (16 KiB), never per flow.
     */
    struct smcclc_entry entries[SMCCLC_CLC_MAX_ENTRIES];
};

const struct sd_counters *sd_analyze_counters(struct sd_analyzer *a)
{
    a->c.flows_peak = a->ft.peak;
    a->c.ooo_dropped = a->st.ooo_dropped;
    return &a->c;
}

/* ---- events ---- */

static void problem(struct sd_analyzer *a, enum sd_problem_kind kind, size_t offset,
                    const char *what)
{
    struct sd_problem_event e = {kind, a->frame, offset, what};

    if (kind == SD_PROBLEM_TRUNCATED && a->trunc_frame != a->frame) {
        a->trunc_frame = a->frame;
        a->c.truncated_packets++;
    } else if (kind == SD_PROBLEM_MALFORMED && a->malformed_frame != a->frame) {
        a->malformed_frame = a->frame;
        a->c.malformed_packets++;
    }
    sd_report_problem(a->out, &e);
}

static void endpoint(struct sd_endpoint *e, const struct sd_flow_key *k, int side)
{
    e->family = k->family;
    memcpy(e->addr, k->addr[side], sizeof(e->addr));
    e->port = k->port[side];
}

/* The flow's key says who sent the first SYN or CLC; the handshake may know better. */
static int client_side(const struct sd_flow *f)
{
    return f->hs.roles_swapped ? 1 : 0;
}

/* When the handshake began: its SYN, or its first CLC message when the SYN was not seen. */
static uint64_t hs_start_us(const struct smcclc_handshake *hs)
{
    const struct smcclc_hs_msg_ref *refs[] = {&hs->proposal, &hs->accept, &hs->confirm,
                                              &hs->decline};
    uint64_t first = UINT64_MAX;

    if (hs->syn_option != SMCCLC_OPT_UNSEEN)
        return hs->t_syn_us;
    for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
        if (refs[i]->frame != 0 && refs[i]->t_us < first)
            first = refs[i]->t_us;
    return first == UINT64_MAX ? hs->t_synack_us : first;
}

/*
 * `waited_us`, when not 0: the verdict comes from waiting (idle timeout, or
 * the end of a live capture) rather than from a packet. An incomplete
 * handshake then lasted until the wait gave up, not until its last packet,
 * and that is when its verdict is stamped.
 */
static void report_verdict(struct sd_analyzer *a, struct sd_flow *f, bool at_end, uint64_t frame,
                           uint64_t ts_us, uint64_t waited_us)
{
    struct smcclc_verdict v;
    struct sd_verdict_event e;
    int c = client_side(f);

    smcclc_hs_verdict(&f->hs, at_end, &v);
    if (v.outcome == SMCCLC_OUTCOME_NONE)
        return;
    if (waited_us && v.outcome == SMCCLC_OUTCOME_INCOMPLETE) {
        uint64_t start = hs_start_us(&f->hs);

        if (waited_us > ts_us)
            ts_us = waited_us;
        v.duration_us = ts_us > start ? ts_us - start : 0;
    }
    e.frame = frame;
    e.ts_us = ts_us;
    endpoint(&e.client, &f->key, c);
    endpoint(&e.server, &f->key, c ^ 1);
    e.hs = &f->hs;
    e.v = &v;
    sd_report_verdict(a->out, &e);
}

/*
 * The verdict goes out and the flow leaves the table. Its connection goes
 * into the memo, so bytes that follow (application data after a fallback)
 * are not taken for a handshake found mid-stream.
 */
static void finish_flow_waited(struct sd_analyzer *a, struct sd_flow *f, bool at_end,
                               uint64_t frame, uint64_t ts_us, uint64_t waited_us)
{
    uint64_t hash = sd_flow_hash(&f->key);

    report_verdict(a, f, at_end, frame, ts_us, waited_us);
    sd_memo_put(&a->ft, hash);
    sd_done_put(&a->ft, f, hash);
    sd_stream_dir_release(&a->st, &f->dir[0]);
    sd_stream_dir_release(&a->st, &f->dir[1]);
    sd_flow_remove(&a->ft, f, hash);
}

static void finish_flow(struct sd_analyzer *a, struct sd_flow *f, bool at_end, uint64_t frame,
                        uint64_t ts_us)
{
    finish_flow_waited(a, f, at_end, frame, ts_us, 0);
}

/* ---- timers, in packet time ---- */

static void plan(struct sd_analyzer *a)
{
    struct sd_flow *f = sd_flow_oldest(&a->ft);

    a->due_us = f ? f->last_us + a->idle_us : UINT64_MAX;
    f = sd_flow_next_due(&a->ft);
    if (f && f->deadline_us < a->due_us)
        a->due_us = f->deadline_us;
}

/* Rare (a timer is due): out of line, so that tick() costs the per-packet path two compares. */
__attribute__((noinline)) static void housekeeping(struct sd_analyzer *a)
{
    struct sd_flow *f;

    while ((f = sd_flow_next_due(&a->ft)) && f->deadline_us <= a->now_us)
        finish_flow(a, f, true, f->last_frame, f->last_us);
    while ((f = sd_flow_oldest(&a->ft)) && f->last_us + a->idle_us <= a->now_us) {
        a->c.flows_evicted++;
        finish_flow_waited(a, f, true, f->last_frame, f->last_us, f->last_us + a->idle_us);
    }
    plan(a);
}

/*
 * A packet more than the idle time (SD_IDLE_US, --idle-timeout) behind the
 * clock. Time going backwards that far is not the reordering of captures
 * merged from several hosts (which the
 * clock rides out by holding still), but either one bad time stamp or the
 * capture's clock being set back. One packet alone does not move the clock:
 * had it, the next packet at the right time would look like a jump forward
 * and end every open handshake as idle. When the next packet is just as far
 * behind (at most the idle time after it), the clock follows them: the
 * handshakes last active before the first of the two get their verdicts at
 * once (their times cannot be compared with the new ones; success verdicts
 * that were waiting go out as success), the one or two the two packets
 * touched are restamped with the new time, and the timers run on it.
 * Without this, one packet stamped in the future, which ends the open
 * handshakes as idle, also held the clock there for good, and no idle or
 * success timer fired again. Each handshake is ended once, so a file that
 * steps back again and again costs no more than its handshakes.
 */
__attribute__((noinline)) static void clock_back(struct sd_analyzer *a, uint64_t ts_us)
{
    struct sd_flow *f;

    if (a->back_pkt == 0 || a->seq != a->back_pkt + 1 || ts_us < a->back_us ||
        ts_us - a->back_us > a->idle_us) {
        a->back_pkt = a->seq;
        a->back_us = ts_us;
        a->back_frame = a->frame;
        return;
    }
    a->back_pkt = 0;
    a->now_us = ts_us;
    /* both lists are in the order of activity, so the old flows come first */
    while ((f = sd_flow_next_due(&a->ft)) && f->last_frame < a->back_frame)
        finish_flow(a, f, true, f->last_frame, f->last_us);
    while ((f = sd_flow_oldest(&a->ft)) && f->last_frame < a->back_frame) {
        a->c.flows_evicted++;
        finish_flow(a, f, true, f->last_frame, f->last_us);
    }
    for (uint32_t id = a->ft.lru.head; id != SD_NIL; id = a->ft.flows[id].lru_next) {
        f = &a->ft.flows[id];
        f->last_us = ts_us;
        if (f->waiting)
            f->deadline_us = ts_us + SD_SUCCESS_WAIT_US;
    }
    plan(a);
}

static void tick(struct sd_analyzer *a, uint64_t ts_us)
{
    if (ts_us > a->now_us) {
        a->now_us = ts_us;
        if (a->now_us >= a->due_us)
            housekeeping(a);
    } else if (a->now_us - ts_us > a->idle_us) {
        clock_back(a, ts_us);
    }
}

void sd_analyze_clock(struct sd_analyzer *a, uint64_t now_us)
{
    tick(a, now_us);
}

uint64_t sd_analyze_next_due(const struct sd_analyzer *a)
{
    return a->due_us;
}

/* ---- the stream layer's questions and answers ---- */

static bool on_expected(void *ctx, void *flow, int dir)
{
    (void)ctx;
    return smcclc_hs_clc_expected(&((struct sd_flow *)flow)->hs, (enum smcclc_dir)dir);
}

static void on_message(void *ctx, void *flow, int dir, const uint8_t *bytes, size_t avail,
                       size_t len, size_t offset)
{
    struct sd_analyzer *a = ctx;
    struct sd_flow *f = flow;
    struct smcclc_clc_msg m;
    struct sd_clc_event e;
    size_t n = SMCCLC_CLC_MAX_ENTRIES;
    int c = client_side(f);

    if (smcclc_clc_decode_fields(bytes, avail, &m, a->entries, &n) == SMCCLC_DECODE_NOT_CLC) {
        smcclc_hs_data(&f->hs, (enum smcclc_dir)dir);
        return;
    }
    if (smcclc_hs_expects(&f->hs, (enum smcclc_dir)dir, m.type) == SMCCLC_EXPECT_NO) {
        /* a CLC look-alike where the handshake takes none (a non-Decline after Accept/Confirm) */
        a->c.lookalikes++;
        smcclc_hs_data(&f->hs, (enum smcclc_dir)dir);
        return;
    }
    if (avail < len) {
        char what[96];
        snprintf(what, sizeof(what), "CLC message of %zu bytes cut by snaplen after %zu", len,
                 avail);
        problem(a, SD_PROBLEM_TRUNCATED, offset, what);
    }
    smcclc_hs_message(&f->hs, (enum smcclc_dir)dir, &m, (uint32_t)a->frame, a->ts_us);
    a->c.clc_messages++;
    e.frame = a->frame;
    e.ts_us = a->ts_us;
    endpoint(&e.src, &f->key, dir);
    endpoint(&e.dst, &f->key, dir ^ 1);
    e.dir = (enum smcclc_dir)(dir ^ c);
    e.mid_stream = f->mid_stream;
    e.bytes = bytes;
    e.avail = avail;
    e.msg = &m;
    e.entries = a->entries;
    e.n_entries = n;
    sd_report_clc(a->out, &e);
}

static void on_data(void *ctx, void *flow, int dir)
{
    (void)ctx;
    smcclc_hs_data(&((struct sd_flow *)flow)->hs, (enum smcclc_dir)dir);
}

static void on_lookalike(void *ctx, void *flow, int dir)
{
    (void)flow;
    (void)dir;
    ((struct sd_analyzer *)ctx)->c.lookalikes++;
}

static void on_problem(void *ctx, void *flow, enum sd_problem_kind kind, size_t offset,
                       const char *what)
{
    (void)flow;
    problem(ctx, kind, offset, what);
}

static const struct sd_stream_ops stream_ops = {
    on_expected, on_message, on_data, on_lookalike, on_problem,
};

/* ---- lifecycle ---- */

struct sd_analyzer *sd_analyzer_new(struct sd_output *out, const struct sd_analyzer_opts *opts)
{
    struct sd_analyzer *a = calloc(1, sizeof(*a));

    if (!a)
        return NULL;
    a->out = out;
    a->linktype = opts->linktype;
    a->due_us = UINT64_MAX;
    a->idle_us = opts->idle_us ? opts->idle_us : SD_IDLE_US;
    a->all = opts->all;
    a->live = opts->live;
    if (sd_flows_init(&a->ft, opts->max_flows ? opts->max_flows : SD_FLOWS_MAX) != 0 ||
        sd_stream_init(&a->st, opts->rbuf_pool ? opts->rbuf_pool : SD_RBUF_POOL, &stream_ops, a) !=
            0) {
        sd_analyzer_free(a);
        return NULL;
    }
    return a;
}

void sd_analyzer_free(struct sd_analyzer *a)
{
    if (!a)
        return;
    sd_flows_fini(&a->ft);
    sd_stream_fini(&a->st);
    free(a);
}

/* ---- per segment ---- */

static struct sd_flow *new_flow(struct sd_analyzer *a, const struct sd_flow_key *k, uint64_t hash)
{
    struct sd_flow *f;

    /*
     * No room (table full, or the new flow's slots all taken): a handshake
     * makes room, with its verdict, and at most twice (sd_flow_victim()).
     */
    while (!(f = sd_flow_add(&a->ft, k, hash, a->now_us))) {
        struct sd_flow *old = sd_flow_victim(&a->ft, hash);
        a->c.flows_evicted++;
        finish_flow(a, old, true, old->last_frame, old->last_us);
    }
    f->order = ++a->order;
    f->last_frame = a->frame;
    sd_memo_forget(&a->ft, hash);
    if (a->now_us + a->idle_us < a->due_us)
        a->due_us = a->now_us + a->idle_us;
    return f;
}

/*
 * After a segment of a tracked flow: report the verdict if nothing can change
 * it any more. A success waits (see analyze.h); data after the wait began
 * ends the wait, since a connection that carries data is settled. The start
 * of a message still being put together is not data: it may be the late
 * Decline the wait is for, cut in two by TCP.
 */
static void settle(struct sd_analyzer *a, struct sd_flow *f, bool data_after_wait, uint8_t flags)
{
    struct smcclc_verdict v;

    if (flags & (SD_TCP_FIN | SD_TCP_RST)) {
        finish_flow(a, f, true, a->frame, a->ts_us);
        return;
    }
    smcclc_hs_verdict(&f->hs, false, &v);
    if (v.final) {
        finish_flow(a, f, false, a->frame, a->ts_us);
        return;
    }
    if (v.outcome != SMCCLC_OUTCOME_SMC_R && v.outcome != SMCCLC_OUTCOME_SMC_D)
        return;
    if (data_after_wait) {
        finish_flow(a, f, true, a->frame, a->ts_us);
    } else if (!f->waiting) {
        sd_flow_wait(&a->ft, f,
                     a->now_us + (v.outcome == SMCCLC_OUTCOME_SMC_R ? SD_SUCCESS_WAIT_SMCR_US
                                                                    : SD_SUCCESS_WAIT_US));
        if (f->deadline_us < a->due_us)
            a->due_us = f->deadline_us;
    }
}

static bool on_tracked(struct sd_analyzer *a, struct sd_flow *f, enum smcclc_dir dir,
                       const struct sd_segment *seg, uint32_t seq)
{
    bool was_waiting = f->waiting;
    uint32_t fresh = 0;

    sd_flow_touch(&a->ft, f, a->now_us);
    f->last_frame = a->frame;
    if (seg->wirelen) {
        if (seg->fragment)
            problem(a, SD_PROBLEM_TRUNCATED, seg->payload_off,
                    "TCP payload in an IP fragment; fragments are not reassembled");
        else
            fresh = sd_stream_segment(&a->st, &f->dir[dir], f, dir, seq, seg->payload, seg->caplen,
                                      seg->wirelen, seg->payload_off);
    }
    if (seg->flags & SD_TCP_RST)
        smcclc_hs_reset(&f->hs, dir);
    settle(a, f, was_waiting && sd_stream_fresh_data(&f->dir[dir], fresh), seg->flags);
    return true;
}

/*
 * --all: a SYN without the SMC option answers "why is this connection not
 * SMC?" at once; nothing later on the connection can change that answer.
 * A connection the memo already knows (a retransmitted SYN) is not
 * reported twice.
 */
static void report_no_option(struct sd_analyzer *a, const struct sd_segment *seg, uint64_t hash)
{
    const struct smcclc_situation_info *si = &smcclc_situation_table[SMCCLC_SITUATION_NO_OPTION];
    struct smcclc_handshake hs;
    struct smcclc_verdict v;
    struct sd_verdict_event e;
    struct sd_flow_key k;

    if (sd_memo_has(&a->ft, hash))
        return;
    smcclc_hs_init(&hs);
    smcclc_hs_syn(&hs, false, false, a->ts_us);
    smcclc_hs_verdict(&hs, true, &v); /* not SMC: no outcome, no version, no release */
    v.outcome = SMCCLC_OUTCOME_NO_OPTION;
    v.situation = SMCCLC_SITUATION_NO_OPTION;
    v.hint = si->hint;
    v.anchor = si->anchor;
    v.final = true;
    sd_flow_key_make(&k, seg->family, seg->src, seg->dst, seg->sport, seg->dport);
    e.frame = a->frame;
    e.ts_us = a->ts_us;
    endpoint(&e.client, &k, 0);
    endpoint(&e.server, &k, 1);
    e.hs = &hs;
    e.v = &v;
    sd_report_verdict(a->out, &e);
}

static bool on_syn(struct sd_analyzer *a, const struct sd_segment *seg)
{
    static const uint8_t none[1];
    bool synack = (seg->flags & SD_TCP_ACK) != 0, has = false;
    struct sd_flow_key k;
    struct sd_flow *f;
    enum smcclc_dir dir = SMCCLC_DIR_C2S;
    uint64_t hash;
    size_t at;
    enum smcclc_tcp_option_status st;

    sd_flow_key_make(&k, seg->family, seg->src, seg->dst, seg->sport, seg->dport);
    hash = sd_flow_hash(&k);
    f = sd_flows_maybe(&a->ft, seg->sport, seg->dport) ? sd_flow_find(&a->ft, &k, hash, &dir)
                                                       : NULL;
    /* no 0xFE byte anywhere, no kind-254 option: most SYNs end here, without a walk */
    if (seg->opts_cap == seg->opts_len &&
        !memchr(seg->opts ? seg->opts : none, 0xFE, seg->opts_len))
        st = SMCCLC_TCPOPT_ABSENT;
    else
        st =
            smcclc_tcp_option_find(seg->opts ? seg->opts : none, seg->opts_cap, seg->opts_len, &at);
    switch (st) {
    case SMCCLC_TCPOPT_PRESENT:
        has = true;
        if (synack)
            a->c.smc_synack++;
        else
            a->c.smc_syn++;
        break;
    case SMCCLC_TCPOPT_ABSENT:
        break;
    case SMCCLC_TCPOPT_TRUNCATED:
        /* whether it offered SMC is unknown: neither track nor rule out */
        problem(a, SD_PROBLEM_TRUNCATED, seg->payload_off - seg->opts_len,
                "TCP options of a SYN cut by snaplen; SMC offer unknown");
        return f ? on_tracked(a, f, dir, seg, seg->seq + 1) : false;
    case SMCCLC_TCPOPT_MALFORMED: {
        /* a length below 2 is its own fault: it would make the walk stand still or go back */
        size_t off = seg->payload_off - seg->opts_len + at;
        if (at + 1 < seg->opts_cap && seg->opts[at + 1] < 2)
            problem(a, SD_PROBLEM_MALFORMED, off,
                    seg->opts[at + 1] ? "TCP option length 1 is below the minimum of 2"
                                      : "TCP option length 0 is below the minimum of 2");
        else
            problem(a, SD_PROBLEM_MALFORMED, off, "TCP option length runs past the option area");
        break;
    }
    }

    if (f && !synack && !(dir == SMCCLC_DIR_C2S && (f->isn_known & 1) && f->isn == seg->seq)) {
        /* a SYN that is not a retransmission: the 4-tuple is in use again */
        finish_flow(a, f, true, f->last_frame, f->last_us);
        f = NULL;
    }
    if (!f) {
        if (!has) {
            if (a->all && !synack)
                report_no_option(a, seg, hash);
            sd_memo_put(&a->ft, hash);
            return false;
        }
        /*
         * A SYN-ACK with the option answering a SYN without it: Linux's
         * listener echoes the option only when the SYN carried it
         * (smc_set_option_cond() tests ireq->smc_ok, which tcp_openreq_init()
         * takes from the SYN's options), and a client that did not offer SMC
         * sends no CLC. The connection stays plain TCP.
         */
        if (synack && sd_memo_has(&a->ft, hash))
            return false;
        if (synack)
            sd_flow_key_swap(&k); /* the SYN-ACK goes to the client */
        f = new_flow(a, &k, hash);
        dir = synack ? SMCCLC_DIR_S2C : SMCCLC_DIR_C2S;
    }
    if (!(f->isn_known >> dir & 1)) {
        f->isn_known |= 1u << dir;
        if (dir == SMCCLC_DIR_C2S)
            f->isn = seg->seq;
        sd_stream_dir_sync(&f->dir[dir], seg->seq + 1);
    }
    smcclc_hs_syn(&f->hs, synack, has, a->ts_us);
    return on_tracked(a, f, dir, seg, seg->seq + 1);
}

/* Enough of a CLC header to fool a reader: eyecatcher, type and a length field. */
static bool looks_like_clc(const struct sd_segment *seg)
{
    size_t len;

    switch (smcclc_clc_frame(seg->payload, seg->caplen, 0, &len)) {
    case SMCCLC_FRAME_OK:
    case SMCCLC_FRAME_BAD_LENGTH:
        return true;
    default:
        return false;
    }
}

/*
 * A payload that starts like CLC on a connection not in the table: either
 * application data of a connection known to carry none (a look-alike), or a
 * handshake whose SYN the capture missed.
 */
static bool on_candidate(struct sd_analyzer *a, const struct sd_segment *seg)
{
    struct sd_flow_key k;
    struct sd_flow *f;
    uint64_t hash;
    size_t len;
    bool from_client;

    if (!looks_like_clc(seg))
        return false;
    sd_flow_key_make(&k, seg->family, seg->src, seg->dst, seg->sport, seg->dport);
    hash = sd_flow_hash(&k);
    if (sd_memo_has(&a->ft, hash)) {
        /* a retransmission of the last CLC segment is not a look-alike */
        if (!sd_done_seen(&a->ft, hash, seg->sport, seg->seq, seg->wirelen))
            a->c.lookalikes++;
        return false;
    }
    if (smcclc_clc_frame(seg->payload, seg->caplen, SMCCLC_FRAME_STRICT, &len) != SMCCLC_FRAME_OK)
        return false;
    /* who sends what (docs/protocol.md, "Message order"); a Decline: ephemeral ports are high */
    switch (seg->payload[4]) {
    case SMCCLC_CLC_ACCEPT:
        from_client = false;
        break;
    case SMCCLC_CLC_DECLINE:
        from_client = seg->sport > seg->dport;
        break;
    default:
        from_client = true;
        break;
    }
    if (!from_client)
        sd_flow_key_swap(&k);
    f = new_flow(a, &k, hash);
    f->mid_stream = true;
    return on_tracked(a, f, from_client ? SMCCLC_DIR_C2S : SMCCLC_DIR_S2C, seg, seg->seq);
}

/*
 * A SYN or SYN-ACK whose options are all captured and hold no 0xFE byte (so
 * no SMC option), of a connection with no flow in its port bucket: all
 * on_syn() would do is put the connection into the memo. One packet in ten
 * is such a SYN, so it is done without a flow key (measured: 6 instructions
 * per packet of the bench file, docs/performance.md). With --all, a SYN
 * without the option is reported, which on_syn() does.
 */
static bool syn_without_option(struct sd_analyzer *a, const struct sd_segment *seg)
{
    if ((a->all && !(seg->flags & SD_TCP_ACK)) || sd_flows_maybe(&a->ft, seg->sport, seg->dport) ||
        seg->opts_cap != seg->opts_len ||
        (seg->opts_len && memchr(seg->opts, SMCCLC_TCP_OPTION_KIND, seg->opts_len)))
        return false;
    sd_memo_put(&a->ft,
                sd_flow_hash_addrs(seg->family, seg->src, seg->sport, seg->dst, seg->dport));
    return true;
}

/*
 * A TCP segment that sd_decap() did not rule out: a SYN, ports of a flow
 * in the table (perhaps), or a payload that may start with an eyecatcher.
 */
__attribute__((noinline)) static bool segment(struct sd_analyzer *a, const struct sd_segment *seg)
{
    if (seg->flags & SD_TCP_SYN)
        return syn_without_option(a, seg) ? false : on_syn(a, seg);
    if (sd_flows_maybe(&a->ft, seg->sport, seg->dport)) {
        struct sd_flow_key k;
        enum smcclc_dir dir;
        sd_flow_key_make(&k, seg->family, seg->src, seg->dst, seg->sport, seg->dport);
        struct sd_flow *f = sd_flow_find(&a->ft, &k, sd_flow_hash(&k), &dir);
        if (f)
            return on_tracked(a, f, dir, seg, seg->seq);
    }
    if (seg->caplen >= SMCCLC_CLC_HEADER_LEN && seg->payload[0] == SD_CLC_FIRST_BYTE)
        return on_candidate(a, seg);
    return false;
}

bool sd_analyze_segment(struct sd_analyzer *a, const struct sd_segment *seg, uint64_t frame,
                        uint64_t ts_us)
{
    a->seq++;
    a->frame = frame;
    a->ts_us = ts_us;
    tick(a, ts_us);
    a->c.tcp_segments++;
    return segment(a, seg);
}

/* sd_decap() found no TCP segment, and says why when that is a problem. */
__attribute__((noinline)) static bool not_tcp(struct sd_analyzer *a, enum sd_decap_status st)
{
    const struct sd_decap_error *err = &a->err;

    if (st == SD_DECAP_TRUNCATED)
        problem(a, SD_PROBLEM_TRUNCATED, err->offset, err->what);
    else if (st == SD_DECAP_MALFORMED || st == SD_DECAP_BAD_LINK)
        problem(a, SD_PROBLEM_MALFORMED, err->offset, err->what);
    return false;
}

/*
 * A packet once the clock has been advanced: one call to decap, which
 * answers most packets (not TCP, or TCP of no interest) without filling a
 * segment.
 */
SD_HOT bool packet(struct sd_analyzer *a, const uint8_t *pkt, uint32_t caplen, uint32_t wirelen)
{
    struct sd_segment seg;
    enum sd_decap_status st;

    a->c.bytes += caplen;
    switch (st = sd_decap(a->linktype, pkt, caplen, wirelen, &a->ft.port_any, &seg, &a->err)) {
    case SD_DECAP_SKIP:
        a->c.tcp_segments++;
        return false;
    case SD_DECAP_TCP:
        a->c.tcp_segments++;
        return segment(a, &seg);
    case SD_DECAP_OTHER:
        return false;
    default:
        return not_tcp(a, st);
    }
}

/* A timer is due: the packet comes after the verdicts that were waiting for it. */
__attribute__((noinline)) static bool packet_after_timers(struct sd_analyzer *a, const uint8_t *pkt,
                                                          uint32_t caplen, uint32_t wirelen)
{
    housekeeping(a);
    return packet(a, pkt, caplen, wirelen);
}

/*
 * tick() written out: the rare timer work is a function that goes on to the
 * packet itself, so the common packet reaches sd_decap() with its
 * parameters still in the registers they came in.
 */
bool sd_analyze_packet(struct sd_analyzer *a, const uint8_t *pkt, uint32_t caplen, uint32_t wirelen,
                       uint64_t frame, uint64_t ts_us)
{
    a->c.packets++;
    a->seq++;
    a->frame = frame;
    a->ts_us = ts_us;
    if (ts_us > a->now_us) {
        a->now_us = ts_us;
        if (ts_us >= a->due_us)
            return packet_after_timers(a, pkt, caplen, wirelen);
    } else if (a->now_us - ts_us > a->idle_us) {
        clock_back(a, ts_us);
    }
    return packet(a, pkt, caplen, wirelen);
}

void sd_analyze_file_problem(struct sd_analyzer *a, uint64_t frame, size_t offset, const char *what)
{
    struct sd_problem_event e = {SD_PROBLEM_FILE, frame, offset, what};

    sd_report_problem(a->out, &e);
}

static int by_order(const void *x, const void *y)
{
    const struct sd_flow *p = *(const struct sd_flow *const *)x;
    const struct sd_flow *q = *(const struct sd_flow *const *)y;

    /* modulo 2^32: the open flows were created within far fewer than 2^31 flows of each other */
    int32_t d = (int32_t)(p->order - q->order);

    return d < 0 ? -1 : d > 0;
}

void sd_analyze_finish(struct sd_analyzer *a)
{
    uint32_t n = 0, used = a->ft.fresh; /* no flow above the high-water mark was ever used */
    struct sd_flow **open = calloc(a->ft.count ? a->ft.count : 1, sizeof(*open));

    if (!open) {
        /* no memory for the order: every verdict still goes out, in table order */
        for (uint32_t i = 0; i < used; i++)
            if (a->ft.flows[i].in_use)
                finish_flow(a, &a->ft.flows[i], true, a->ft.flows[i].last_frame,
                            a->ft.flows[i].last_us);
        return;
    }
    for (uint32_t i = 0; i < used; i++)
        if (a->ft.flows[i].in_use)
            open[n++] = &a->ft.flows[i];
    qsort(open, n, sizeof(*open), by_order);
    for (uint32_t i = 0; i < n; i++)
        finish_flow_waited(a, open[i], true, open[i]->last_frame, open[i]->last_us,
                           a->live ? a->now_us : 0);
    free(open);
    a->due_us = UINT64_MAX;
}
