/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of smcdump's stream layer and the analysis around it: segments
 * go in through sd_analyze_segment() (no pcap), events come out of
 * fake_report.c, and each test asserts the exact messages, verdicts and
 * problems. The CLC bytes are the captured Linux vectors 01-04 (SMC-R v1
 * Proposal 52 B, Accept 68 B, Confirm 68 B, Decline NOSMCDEV 28 B).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "analyze.h"
#include "fake_report.h"
#include "flow.h"

static uint8_t PROP[52], ACC[68], CONF[68], DECL[28];
static const uint8_t APP[] = "GET / HTTP/1.0\r\n\r\n";
static const uint8_t SMCOPT[8] = {1, 1, 0xFE, 6, 0xE2, 0xD4, 0xC3, 0xD9};

struct side {
    uint8_t ip[4];
    uint16_t port;
    uint32_t isn, next;
};

static struct sd_analyzer *A;
static struct sd_output *O;
static uint64_t FRAME, NOW;
static struct side C, S;

static void load(const char *name, uint8_t *buf, size_t n)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s.bin", SD_TEST_VECTORS, name);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(buf, 1, n, f), n);
    assert_int_equal(fgetc(f), EOF);
    fclose(f);
}

static struct sd_analyzer_opts OPTS; /* what start() adds to its arguments */

static void start(uint32_t max_flows, uint32_t pool)
{
    struct sd_analyzer_opts ao = OPTS;

    ao.linktype = SD_LINK_ETHERNET;
    ao.max_flows = max_flows;
    ao.rbuf_pool = pool;

    fr_reset();
    O = sd_output_new(NULL);
    A = sd_analyzer_new(O, &ao);
    assert_non_null(A);
    FRAME = 0;
    NOW = 1700000000000000ull;
    C = (struct side){{192, 0, 2, 2}, 40000, 1000, 1001};
    S = (struct side){{192, 0, 2, 1}, 5107, 900000, 900001};
}

static int setup(void **state)
{
    (void)state;
    start(0, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sd_analyzer_free(A);
    sd_output_free(O);
    return 0;
}

/* Let `us` of packet time pass before the next segment. */
static void wait_us(uint64_t us)
{
    NOW += us;
}

static void segment(struct side *from, struct side *to, uint8_t flags, uint32_t seq,
                    const uint8_t *p, uint32_t cap, uint32_t wire, bool opt)
{
    struct sd_segment s;

    memset(&s, 0, sizeof(s));
    s.family = 4;
    s.src = from->ip;
    s.dst = to->ip;
    s.sport = from->port;
    s.dport = to->port;
    s.seq = seq;
    s.flags = flags;
    if (opt) {
        s.opts = SMCOPT;
        s.opts_len = s.opts_cap = sizeof(SMCOPT);
    }
    s.payload = cap ? p : NULL;
    s.caplen = cap;
    s.wirelen = wire;
    s.payload_off = 54;
    NOW += 100;
    sd_analyze_segment(A, &s, ++FRAME, NOW);
}

static struct side *peer(struct side *x)
{
    return x == &C ? &S : &C;
}

/* In-order bytes from one side. */
static void data(struct side *from, const uint8_t *p, size_t n)
{
    segment(from, peer(from), 0x18, from->next, p, (uint32_t)n, (uint32_t)n, false);
    from->next += (uint32_t)n;
}

/* Bytes at `off` from the side's next sequence number, which does not move. */
static void piece(struct side *from, size_t off, const uint8_t *p, size_t n)
{
    segment(from, peer(from), 0x18, from->next + (uint32_t)off, p, (uint32_t)n, (uint32_t)n, false);
}

static void handshake(bool syn_opt, bool synack_opt)
{
    segment(&C, &S, 0x02, C.isn, NULL, 0, 0, syn_opt);
    segment(&S, &C, 0x12, S.isn, NULL, 0, 0, synack_opt);
    segment(&C, &S, 0x10, C.next, NULL, 0, 0, false);
}

static void finish(void)
{
    sd_analyze_finish(A);
    assert_int_equal(sd_report_finish(O, sd_analyze_counters(A)), 0);
}

static void expect_counts(unsigned clc, unsigned verdicts, unsigned problems)
{
    if (fr.n_clc != clc || fr.n_verdict != verdicts || fr.n_problem != problems)
        fr_print();
    assert_int_equal(fr.n_clc, clc);
    assert_int_equal(fr.n_verdict, verdicts);
    assert_int_equal(fr.n_problem, problems);
}

static void expect_clc(unsigned i, uint64_t frame, int dir, uint8_t type, const uint8_t *bytes,
                       size_t avail, size_t len)
{
    const struct fr_clc *c = &fr.clc[i];

    if (c->frame != frame || c->dir != dir || c->type != type || c->avail != avail)
        fr_print();
    assert_int_equal(c->frame, frame);
    assert_int_equal(c->dir, dir);
    assert_int_equal(c->type, type);
    assert_int_equal(c->avail, avail);
    assert_int_equal(c->length, len);
    assert_int_equal(c->truncated, avail < len);
    assert_memory_equal(c->bytes, bytes, avail);
}

static void expect_verdict(unsigned i, uint64_t frame, int outcome, const char *reason)
{
    const struct fr_verdict *v = &fr.verdict[i];

    if (v->frame != frame || v->outcome != outcome || strcmp(v->reason, reason) != 0)
        fr_print();
    assert_int_equal(v->frame, frame);
    assert_int_equal(v->outcome, outcome);
    assert_string_equal(v->reason, reason);
    assert_true(v->final);
    assert_int_equal(v->client_port, C.port);
    assert_int_equal(v->server_port, S.port);
}

static void expect_problem(unsigned i, int kind, uint64_t frame, const char *part)
{
    const struct fr_problem *p = &fr.problem[i];

    if (p->kind != kind || p->frame != frame || !strstr(p->what, part))
        fr_print();
    assert_int_equal(p->kind, kind);
    assert_int_equal(p->frame, frame);
    assert_non_null(strstr(p->what, part));
}

/* ---- the plain cases ---- */

static void test_proposal_decline(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    expect_counts(2, 1, 0);
    expect_clc(0, 4, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    expect_clc(1, 5, SMCCLC_DIR_S2C, SMCCLC_CLC_DECLINE, DECL, 28, 28);
    assert_false(fr.clc[0].mid_stream);
    expect_verdict(0, 5, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
    finish();
    expect_counts(2, 1, 0);
    assert_int_equal(fr.counters.smc_syn, 1);
    assert_int_equal(fr.counters.smc_synack, 1);
    assert_int_equal(fr.counters.clc_messages, 2);
    assert_int_equal(fr.counters.flows_peak, 1);
    assert_int_equal(fr.counters.lookalikes, 0);
}

/* A message over three segments, the first of them shorter than the header. */
static void test_split(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, PROP, 5);
    data(&C, PROP + 5, 20);
    expect_counts(0, 0, 0);
    data(&C, PROP + 25, 27);
    data(&S, DECL, sizeof(DECL));
    expect_counts(2, 1, 0);
    expect_clc(0, 6, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    expect_verdict(0, 7, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
}

/* A Decline and application data in one segment; the data is not CLC. */
static void test_decline_and_data_merged(void **state)
{
    uint8_t seg[sizeof(DECL) + sizeof(APP)];

    (void)state;
    memcpy(seg, DECL, sizeof(DECL));
    memcpy(seg + sizeof(DECL), APP, sizeof(APP));
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, seg, sizeof(seg));
    expect_counts(2, 1, 0);
    expect_clc(1, 5, SMCCLC_DIR_S2C, SMCCLC_CLC_DECLINE, DECL, 28, 28);
    expect_verdict(0, 5, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
    finish();
    assert_int_equal(fr.counters.lookalikes, 0);
}

/* Two whole messages in one segment: both reported, at that segment's frame. */
static void test_two_messages_merged(void **state)
{
    uint8_t seg[sizeof(PROP) + sizeof(DECL)];

    (void)state;
    memcpy(seg, PROP, sizeof(PROP));
    memcpy(seg + sizeof(PROP), DECL, sizeof(DECL));
    handshake(true, true);
    data(&C, seg, sizeof(seg));
    expect_counts(2, 1, 0);
    expect_clc(0, 4, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    expect_clc(1, 4, SMCCLC_DIR_C2S, SMCCLC_CLC_DECLINE, DECL, 28, 28);
    expect_verdict(0, 4, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
}

/* The end of one message and the start of the next in one segment. */
static void test_message_boundary_inside_segment(void **state)
{
    uint8_t seg[sizeof(PROP) + sizeof(DECL)];

    (void)state;
    memcpy(seg, PROP, sizeof(PROP));
    memcpy(seg + sizeof(PROP), DECL, sizeof(DECL));
    handshake(true, true);
    data(&C, seg, 30);
    data(&C, seg + 30, 40);
    expect_counts(1, 0, 0);
    expect_clc(0, 5, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    data(&C, seg + 70, sizeof(seg) - 70);
    expect_counts(2, 1, 0);
    expect_clc(1, 6, SMCCLC_DIR_C2S, SMCCLC_CLC_DECLINE, DECL, 28, 28);
}

static void test_retransmission(void **state)
{
    uint32_t seq;

    (void)state;
    handshake(true, true);
    seq = C.next;
    data(&C, PROP, sizeof(PROP));
    wait_us(200000);
    segment(&C, &S, 0x18, seq, PROP, sizeof(PROP), sizeof(PROP), false);
    data(&S, DECL, sizeof(DECL));
    data(&S, DECL, 0); /* a pure ACK */
    expect_counts(2, 1, 0);
    expect_clc(0, 4, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    expect_clc(1, 6, SMCCLC_DIR_S2C, SMCCLC_CLC_DECLINE, DECL, 28, 28);
}

/* Overlapping retransmissions: bytes 0-29 then 10-51, and 0-29 then 0-51. */
static void test_overlap(void **state)
{
    (void)state;
    handshake(true, true);
    piece(&C, 0, PROP, 30);
    piece(&C, 10, PROP + 10, 42);
    expect_counts(1, 0, 0);
    expect_clc(0, 5, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    C.next += 52;
    /* a second connection: the same with the whole message again */
    C.port++;
    C.next = C.isn + 1;
    handshake(true, true);
    piece(&C, 0, PROP, 30);
    piece(&C, 0, PROP, 52);
    expect_counts(2, 0, 0);
    expect_clc(1, 10, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
}

static void test_out_of_order(void **state)
{
    (void)state;
    handshake(true, true);
    piece(&C, 26, PROP + 26, 26);
    expect_counts(0, 0, 0);
    piece(&C, 0, PROP, 26);
    expect_counts(1, 0, 0);
    expect_clc(0, 5, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    C.next += 52;
    data(&S, DECL, sizeof(DECL));
    expect_verdict(0, 6, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
}

/* Four pieces in reverse order, one of them overlapping its neighbour. */
static void test_out_of_order_reverse(void **state)
{
    (void)state;
    handshake(true, true);
    piece(&C, 39, PROP + 39, 13);
    piece(&C, 20, PROP + 20, 20);
    piece(&C, 13, PROP + 13, 7);
    expect_counts(0, 0, 0);
    piece(&C, 0, PROP, 13);
    expect_counts(1, 0, 0);
    expect_clc(0, 7, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
}

/* More gaps than a buffer holds: the piece furthest ahead is dropped, then retransmitted. */
static void test_out_of_order_overflow(void **state)
{
    (void)state;
    handshake(true, true);
    for (size_t off = 48; off >= 8; off -= 8)
        piece(&C, off, PROP + off, 4);
    expect_counts(0, 0, 0);
    piece(&C, 0, PROP, 52);
    expect_counts(1, 0, 0);
    expect_clc(0, 10, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    finish();
    /* six pieces for four ranges: the two furthest ahead (48, 40) went */
    assert_int_equal(fr.counters.ooo_dropped, 8);
}

/* Snaplen cut both messages: reported as captured, the verdict still follows. */
static void test_snaplen_cut(void **state)
{
    (void)state;
    handshake(true, true);
    segment(&C, &S, 0x18, C.next, PROP, 30, sizeof(PROP), false);
    C.next += sizeof(PROP);
    segment(&S, &C, 0x18, S.next, DECL, 20, sizeof(DECL), false);
    expect_counts(2, 1, 2);
    expect_clc(0, 4, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 30, 52);
    expect_clc(1, 5, SMCCLC_DIR_S2C, SMCCLC_CLC_DECLINE, DECL, 20, 28);
    expect_problem(0, SD_PROBLEM_TRUNCATED, 4, "cut by snaplen");
    expect_problem(1, SD_PROBLEM_TRUNCATED, 5, "cut by snaplen");
    expect_verdict(0, 5, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
    finish();
    assert_int_equal(fr.counters.truncated_packets, 2);
    assert_int_equal(fr.counters.malformed_packets, 0);
}

/* The rest of a cut message arrives in a later segment: skipped, not reframed. */
static void test_snaplen_cut_then_rest(void **state)
{
    (void)state;
    handshake(true, true);
    segment(&C, &S, 0x18, C.next, PROP, 30, 40, false);
    segment(&C, &S, 0x18, C.next + 40, PROP + 40, 12, 12, false);
    C.next += sizeof(PROP);
    data(&C, DECL, sizeof(DECL));
    expect_counts(2, 1, 1);
    expect_clc(0, 4, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 30, 52);
    expect_clc(1, 6, SMCCLC_DIR_C2S, SMCCLC_CLC_DECLINE, DECL, 28, 28);
}

/* The header itself was cut: nothing to report but the cut; the other side goes on. */
static void test_snaplen_cut_header(void **state)
{
    (void)state;
    handshake(true, true);
    segment(&C, &S, 0x18, C.next, PROP, 5, sizeof(PROP), false);
    C.next += sizeof(PROP);
    expect_counts(0, 0, 1);
    expect_problem(0, SD_PROBLEM_TRUNCATED, 4, "CLC header cut by snaplen after 5 bytes");
    data(&S, DECL, sizeof(DECL));
    expect_counts(1, 1, 1);
    expect_verdict(0, 5, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
}

/* Snaplen took a whole payload (no pointer at all): in order, and ahead of a gap. */
static void test_payload_not_captured(void **state)
{
    (void)state;
    handshake(true, true);
    segment(&C, &S, 0x18, C.next + 60, NULL, 0, 10, false);
    expect_counts(0, 0, 0);
    segment(&C, &S, 0x18, C.next, NULL, 0, 10, false);
    expect_counts(0, 0, 1);
    expect_problem(0, SD_PROBLEM_TRUNCATED, 5, "cut by snaplen");
    data(&S, DECL, sizeof(DECL));
    expect_counts(1, 1, 1);
}

/* No SYN seen: the Proposal at a segment start opens the flow. */
static void test_mid_stream(void **state)
{
    (void)state;
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    expect_counts(2, 1, 0);
    expect_clc(0, 1, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
    assert_true(fr.clc[0].mid_stream);
    assert_true(fr.clc[1].mid_stream);
    expect_verdict(0, 2, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
}

/* Mid-stream from an Accept: its sender is the server. */
static void test_mid_stream_accept_first(void **state)
{
    (void)state;
    data(&S, ACC, sizeof(ACC));
    data(&C, CONF, sizeof(CONF));
    expect_counts(2, 0, 0);
    expect_clc(0, 1, SMCCLC_DIR_S2C, SMCCLC_CLC_ACCEPT, ACC, 68, 68);
    assert_int_equal(fr.clc[0].src_port, S.port);
    expect_clc(1, 2, SMCCLC_DIR_C2S, SMCCLC_CLC_CONFIRM, CONF, 68, 68);
    finish();
    expect_counts(2, 1, 0);
    expect_verdict(0, 2, SMCCLC_OUTCOME_SMC_R, "");
}

/* Mid-stream data that does not start with a CLC header opens nothing. */
static void test_mid_stream_needs_header(void **state)
{
    (void)state;
    data(&C, PROP + 1, sizeof(PROP) - 1);
    data(&C, APP, sizeof(APP));
    finish();
    expect_counts(0, 0, 0);
    assert_int_equal(fr.counters.flows_peak, 0);
}

/* After a Decline both directions carry data, even data that looks like CLC. */
static void test_lookalike_after_decline(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    data(&S, DECL, sizeof(DECL));
    data(&C, PROP, sizeof(PROP));
    data(&C, APP, sizeof(APP));
    finish();
    expect_counts(2, 1, 0);
    assert_int_equal(fr.counters.lookalikes, 2);
}

/* A retransmitted Decline after the verdict is neither a message nor a look-alike. */
static void test_retransmission_after_verdict(void **state)
{
    uint32_t seq;

    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    seq = S.next;
    data(&S, DECL, sizeof(DECL));
    segment(&S, &C, 0x18, seq, DECL, sizeof(DECL), sizeof(DECL), false);
    finish();
    expect_counts(2, 1, 0);
    assert_int_equal(fr.counters.lookalikes, 0);
}

/* In the same segment as the Decline: still data. */
static void test_lookalike_behind_decline(void **state)
{
    uint8_t seg[2 * sizeof(DECL)];

    (void)state;
    memcpy(seg, DECL, sizeof(DECL));
    memcpy(seg + sizeof(DECL), DECL, sizeof(DECL));
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, seg, sizeof(seg));
    finish();
    expect_counts(2, 1, 0);
    assert_int_equal(fr.counters.lookalikes, 1);
}

/* No option on SYN or SYN-ACK: CLC-looking payloads are application data. */
static void test_lookalike_without_option(void **state)
{
    (void)state;
    handshake(false, false);
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    finish();
    expect_counts(0, 0, 0);
    assert_int_equal(fr.counters.lookalikes, 2);
    assert_int_equal(fr.counters.flows_peak, 0);
}

static void test_peer_no_smc(void **state)
{
    (void)state;
    handshake(true, false);
    expect_counts(0, 1, 0);
    expect_verdict(0, 2, SMCCLC_OUTCOME_FALLBACK, "PEERNOSMC");
    data(&C, PROP, sizeof(PROP));
    finish();
    expect_counts(0, 1, 0);
    assert_int_equal(fr.counters.lookalikes, 1);
}

/* A success waits for a late Decline: here 2 s pass without one. */
static void test_success_waits(void **state)
{
    struct side other = {{198, 51, 100, 7}, 1234, 5, 6};

    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, ACC, sizeof(ACC));
    data(&C, CONF, sizeof(CONF));
    segment(&S, &C, 0x10, S.next, NULL, 0, 0, false);
    expect_counts(3, 0, 0);
    /* SMC-R: a Decline can still come up to 8 s after the Confirm */
    wait_us(SD_SUCCESS_WAIT_SMCR_US - 100000);
    segment(&other, &S, 0x10, 5, NULL, 0, 0, false);
    expect_counts(3, 0, 0);
    wait_us(200000);
    segment(&other, &S, 0x10, 5, NULL, 0, 0, false);
    expect_counts(3, 1, 0);
    expect_verdict(0, 7, SMCCLC_OUTCOME_SMC_R, "");
}

static void test_success_fin(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, ACC, sizeof(ACC));
    data(&C, CONF, sizeof(CONF));
    segment(&C, &S, 0x11, C.next, NULL, 0, 0, false);
    expect_counts(3, 1, 0);
    expect_verdict(0, 7, SMCCLC_OUTCOME_SMC_R, "");
}

static void test_success_then_data(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, ACC, sizeof(ACC));
    data(&C, CONF, sizeof(CONF));
    data(&C, APP, sizeof(APP));
    expect_counts(3, 1, 0);
    expect_verdict(0, 7, SMCCLC_OUTCOME_SMC_R, "");
}

/* SMC-R link setup failed after the Confirm: the late Decline decides. */
static void test_late_decline(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, ACC, sizeof(ACC));
    data(&C, CONF, sizeof(CONF));
    wait_us(1000000);
    data(&S, DECL, sizeof(DECL));
    expect_counts(4, 1, 0);
    expect_verdict(0, 7, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
    assert_int_equal(fr.verdict[0].situation, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM);
}

/*
 * A Linux 6.7+ client whose server stays silent declines 5 s after the
 * Confirm (2 x SMC_LLC_WAIT_TIME + CLC_WAIT_TIME_SHORT): still a fallback.
 */
static void test_decline_5s_after_confirm(void **state)
{
    struct side other = {{198, 51, 100, 7}, 1234, 5, 6};

    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, ACC, sizeof(ACC));
    data(&C, CONF, sizeof(CONF));
    wait_us(5000000);
    segment(&other, &S, 0x10, 5, NULL, 0, 0, false);
    expect_counts(3, 0, 0);
    data(&C, DECL, sizeof(DECL));
    expect_counts(4, 1, 0);
    expect_verdict(0, 8, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
    assert_int_equal(fr.verdict[0].situation, SMCCLC_SITUATION_DECLINE_AFTER_CONFIRM);
}

/* A length field beyond any CLC message ends the direction's CLC phase. */
static void test_too_long(void **state)
{
    uint8_t big[100];

    (void)state;
    memcpy(big, PROP, sizeof(big) < sizeof(PROP) ? sizeof(big) : sizeof(PROP));
    memset(big + 52, 'x', sizeof(big) - 52);
    big[5] = 0x07; /* 2000 */
    big[6] = 0xD0;
    handshake(true, true);
    data(&C, big, sizeof(big));
    /* still a CLC record (its header, with the anomaly) and a protocol error */
    expect_counts(1, 1, 1);
    assert_int_equal(fr.clc[0].type, SMCCLC_CLC_PROPOSAL);
    assert_int_equal(fr.clc[0].avail, 8);
    assert_int_equal(fr.clc[0].length, 2000);
    /* not cut by snaplen: there is no message of 2000 bytes to cut */
    assert_false(fr.clc[0].truncated);
    expect_verdict(0, 4, SMCCLC_OUTCOME_INCOMPLETE, "");
    assert_int_equal(fr.verdict[0].situation, SMCCLC_SITUATION_PROTOCOL_ERROR);
    expect_problem(0, SD_PROBLEM_MALFORMED, 4, "CLC length 2000 > 1024");
    assert_int_equal(fr.problem[0].offset, 54 + 5);
    data(&C, PROP, sizeof(PROP));
    expect_counts(1, 1, 1);
    finish();
    assert_int_equal(fr.counters.malformed_packets, 1);
    assert_int_equal(fr.counters.lookalikes, 1);
}

static void test_bad_length(void **state)
{
    uint8_t bad[28];

    (void)state;
    memcpy(bad, DECL, sizeof(bad));
    bad[6] = 8;
    handshake(true, true);
    data(&C, bad, sizeof(bad));
    expect_counts(1, 1, 1);
    expect_clc(0, 4, SMCCLC_DIR_C2S, SMCCLC_CLC_DECLINE, bad, 8, 8);
    expect_verdict(0, 4, SMCCLC_OUTCOME_INCOMPLETE, "");
    assert_int_equal(fr.verdict[0].situation, SMCCLC_SITUATION_PROTOCOL_ERROR);
    expect_problem(0, SD_PROBLEM_MALFORMED, 4, "CLC length field 8 < 12");
}

/* Bytes that are not CLC where the Proposal should be: the client's phase ends. */
static void test_data_instead_of_clc(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, APP, sizeof(APP));
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    expect_counts(1, 1, 0);
    expect_clc(0, 6, SMCCLC_DIR_S2C, SMCCLC_CLC_DECLINE, DECL, 28, 28);
}

/* The table is full: the least recently active handshake goes, with its verdict. */
static void test_capacity_eviction(void **state)
{
    (void)state;
    teardown(NULL);
    start(2, 0);
    for (int i = 0; i < 3; i++) {
        C.port = (uint16_t)(40000 + i);
        segment(&C, &S, 0x02, C.isn, NULL, 0, 0, true);
    }
    expect_counts(0, 1, 0);
    assert_int_equal(fr.verdict[0].frame, 1);
    assert_int_equal(fr.verdict[0].outcome, SMCCLC_OUTCOME_INCOMPLETE);
    assert_int_equal(fr.verdict[0].client_port, 40000);
    finish();
    expect_counts(0, 3, 0);
    assert_int_equal(fr.verdict[1].client_port, 40001);
    assert_int_equal(fr.verdict[2].client_port, 40002);
    assert_int_equal(fr.counters.flows_evicted, 1);
    assert_int_equal(fr.counters.flows_peak, 2);
}

/* A SYN flood with the option: the table never holds more than its bound. */
static void test_syn_flood(void **state)
{
    (void)state;
    teardown(NULL);
    start(64, 0);
    for (uint32_t i = 0; i < 5000; i++) {
        C.port = (uint16_t)(1024 + i);
        C.ip[3] = (uint8_t)(i >> 8);
        segment(&C, &S, 0x02, C.isn + i, NULL, 0, 0, true);
    }
    finish();
    assert_int_equal(fr.counters.flows_peak, 64);
    assert_int_equal(fr.counters.flows_evicted, 5000 - 64);
    assert_int_equal(fr.n_verdict, 5000);
}

static void test_idle_eviction(void **state)
{
    struct side other = {{198, 51, 100, 7}, 1234, 5, 6};

    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    wait_us(SD_IDLE_US);
    segment(&other, &S, 0x10, 5, NULL, 0, 0, false);
    expect_counts(1, 1, 0);
    expect_verdict(0, 4, SMCCLC_OUTCOME_INCOMPLETE, "");
    /* it waited from the SYN until the idle timeout gave up on it, and says so then */
    assert_int_equal(fr.verdict[0].ts_us, 1700000000000000ull + 400 + SD_IDLE_US);
    assert_int_equal(fr.verdict[0].duration_us, 300 + SD_IDLE_US);
    finish();
    assert_int_equal(fr.counters.flows_evicted, 1);
}

/*
 * Live: the clock moves without packets. A shorter idle timeout fires on the
 * clock alone, with the time it waited; the end of a live capture reports
 * what is still open as waited until then.
 */
static void test_clock_without_packets(void **state)
{
    uint64_t t0 = 1700000000000000ull;

    (void)state;
    sd_analyzer_free(A);
    sd_output_free(O);
    OPTS = (struct sd_analyzer_opts){.idle_us = 2000000, .live = true};
    start(0, 0);
    OPTS = (struct sd_analyzer_opts){.linktype = 0};
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    /* the due time is a lower bound: a wake-up that finds nothing due plans again */
    assert_true(sd_analyze_next_due(A) <= t0 + 400 + 2000000);
    sd_analyze_clock(A, t0 + 400 + 1999999);
    expect_counts(1, 0, 0);
    assert_int_equal(sd_analyze_next_due(A), t0 + 400 + 2000000);
    sd_analyze_clock(A, t0 + 400 + 2000000);
    expect_counts(1, 1, 0);
    expect_verdict(0, 4, SMCCLC_OUTCOME_INCOMPLETE, "");
    assert_int_equal(fr.verdict[0].duration_us, 300 + 2000000);
    assert_int_equal(sd_analyze_next_due(A), UINT64_MAX);
    /* a second handshake still open when the capture is stopped */
    NOW = t0 + 400 + 2000000;
    C.port++;
    C.next = C.isn + 1;
    S.next = S.isn + 1;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    sd_analyze_clock(A, NOW + 700000);
    finish();
    expect_counts(2, 2, 0);
    expect_verdict(1, 8, SMCCLC_OUTCOME_INCOMPLETE, "");
    assert_int_equal(fr.verdict[1].duration_us, 300 + 700000);
    assert_int_equal(fr.verdict[1].ts_us, NOW + 700000);
}

/* --all: a SYN without the option gets its verdict at once, and only once. */
static void test_all_no_option(void **state)
{
    (void)state;
    sd_analyzer_free(A);
    sd_output_free(O);
    OPTS = (struct sd_analyzer_opts){.all = true};
    start(0, 0);
    OPTS = (struct sd_analyzer_opts){.linktype = 0};
    segment(&C, &S, 0x02, C.isn, NULL, 0, 0, false);
    expect_counts(0, 1, 0);
    expect_verdict(0, 1, SMCCLC_OUTCOME_NO_OPTION, "");
    assert_int_equal(fr.verdict[0].situation, SMCCLC_SITUATION_NO_OPTION);
    assert_int_equal(fr.verdict[0].client_port, C.port);
    assert_int_equal(fr.verdict[0].server_port, S.port);
    /* the retransmitted SYN, the SYN-ACK and the data say nothing new */
    segment(&C, &S, 0x02, C.isn, NULL, 0, 0, false);
    segment(&S, &C, 0x12, S.isn, NULL, 0, 0, false);
    data(&C, APP, sizeof(APP));
    /* an SMC connection next to it is reported as ever */
    C.port++;
    C.next = C.isn + 1;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    finish();
    expect_counts(2, 2, 0);
    expect_verdict(1, 9, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
}

/* Without --all a plain TCP connection gets no verdict at all. */
static void test_no_option_silent_by_default(void **state)
{
    (void)state;
    handshake(false, false);
    data(&C, APP, sizeof(APP));
    finish();
    expect_counts(0, 0, 0);
}

/* At the end, open handshakes get their verdicts in the order they began. */
static void test_end_order(void **state)
{
    struct side c2 = C;

    (void)state;
    c2.port = 40001;
    segment(&C, &S, 0x02, C.isn, NULL, 0, 0, true);
    segment(&c2, &S, 0x02, c2.isn, NULL, 0, 0, true);
    segment(&S, &C, 0x12, S.isn, NULL, 0, 0, true);
    data(&C, PROP, sizeof(PROP));
    finish();
    expect_counts(1, 2, 0);
    assert_int_equal(fr.verdict[0].client_port, 40000);
    assert_int_equal(fr.verdict[1].client_port, 40001);
    assert_int_equal(fr.verdict[0].outcome, SMCCLC_OUTCOME_INCOMPLETE);
}

/* A gap wider than any message: the capture lost bytes, CLC decoding of that side stops. */
static void test_gap_abandoned(void **state)
{
    (void)state;
    handshake(true, true);
    piece(&C, 3000, PROP, sizeof(PROP));
    expect_counts(0, 0, 1);
    expect_problem(0, SD_PROBLEM_TRUNCATED, 4, "missing from the capture");
    finish();
    expect_counts(0, 1, 1);
    assert_int_equal(fr.verdict[0].outcome, SMCCLC_OUTCOME_INCOMPLETE);
}

/* Sequence numbers wrap inside the message. */
static void test_sequence_wrap(void **state)
{
    (void)state;
    C.isn = 0xFFFFFFE0u;
    C.next = C.isn + 1;
    handshake(true, true);
    data(&C, PROP, 40);
    data(&C, PROP + 40, 12);
    data(&S, DECL, sizeof(DECL));
    expect_counts(2, 1, 0);
    expect_clc(0, 5, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
}

/* A new SYN on a 4-tuple with an open handshake: the old one ends, the new one starts. */
static void test_port_reuse(void **state)
{
    (void)state;
    handshake(true, true);
    data(&C, PROP, sizeof(PROP));
    C.isn += 100000;
    C.next = C.isn + 1;
    handshake(true, true);
    expect_counts(1, 1, 0);
    expect_verdict(0, 4, SMCCLC_OUTCOME_INCOMPLETE, "");
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    expect_counts(3, 2, 0);
    expect_verdict(1, 9, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
}

/* A retransmitted SYN is the same connection. */
static void test_syn_retransmitted(void **state)
{
    (void)state;
    segment(&C, &S, 0x02, C.isn, NULL, 0, 0, true);
    segment(&C, &S, 0x02, C.isn, NULL, 0, 0, true);
    segment(&S, &C, 0x12, S.isn, NULL, 0, 0, true);
    data(&C, PROP, sizeof(PROP));
    data(&S, DECL, sizeof(DECL));
    expect_counts(2, 1, 0);
    finish();
    assert_int_equal(fr.counters.flows_peak, 1);
}

/* Pool of one buffer: a second direction that needs one gives up and says so. */
static void test_pool_exhausted(void **state)
{
    struct side c2 = C;

    (void)state;
    teardown(NULL);
    start(0, 1);
    c2.port = 40001;
    handshake(true, true);
    data(&C, PROP, 10);
    segment(&c2, &S, 0x02, c2.isn, NULL, 0, 0, true);
    segment(&S, &c2, 0x12, S.isn, NULL, 0, 0, true);
    segment(&c2, &S, 0x18, c2.isn + 1, PROP, 10, 10, false);
    expect_counts(0, 0, 1);
    expect_problem(0, SD_PROBLEM_TRUNCATED, 7, "reassembly buffers in use");
    data(&C, PROP + 10, 42);
    expect_counts(1, 0, 1);
}

/*
 * Any segmentation, reordering within a small window and duplication of the
 * same byte streams gives the same messages (a deterministic mini-fuzzer).
 */
static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

static void test_random_segmentation(void **state)
{
    uint8_t stream[sizeof(PROP) + sizeof(DECL)];

    (void)state;
    memcpy(stream, PROP, sizeof(PROP));
    memcpy(stream + sizeof(PROP), DECL, sizeof(DECL));
    for (int round = 0; round < 300; round++) {
        struct {
            size_t off, len;
        } seg[64];
        size_t n = 0, off = 0;
        teardown(NULL);
        start(0, 0);
        while (off < sizeof(stream)) {
            size_t len = 1 + rnd(40);
            if (len > sizeof(stream) - off)
                len = sizeof(stream) - off;
            seg[n].off = off;
            seg[n++].len = len;
            off += len;
        }
        /* swap neighbours and repeat some segments */
        for (size_t i = 0; i + 1 < n; i++)
            if (rnd(3) == 0) {
                size_t o = seg[i].off, l = seg[i].len;
                seg[i] = seg[i + 1];
                seg[i + 1].off = o;
                seg[i + 1].len = l;
            }
        handshake(true, true);
        for (size_t i = 0; i < n; i++) {
            piece(&C, seg[i].off, stream + seg[i].off, seg[i].len);
            if (rnd(5) == 0)
                piece(&C, seg[i].off, stream + seg[i].off, seg[i].len);
        }
        if (fr.n_clc != 2 || fr.n_verdict != 1)
            fr_print();
        assert_int_equal(fr.n_clc, 2);
        assert_int_equal(fr.n_problem, 0);
        expect_clc(0, fr.clc[0].frame, SMCCLC_DIR_C2S, SMCCLC_CLC_PROPOSAL, PROP, 52, 52);
        expect_clc(1, fr.clc[1].frame, SMCCLC_DIR_C2S, SMCCLC_CLC_DECLINE, DECL, 28, 28);
        expect_verdict(0, fr.clc[1].frame, SMCCLC_OUTCOME_FALLBACK, "NOSMCDEV");
    }
}

static int load_vectors(void **state)
{
    (void)state;
    load("01_smcr_v1_proposal_ipv4_lo", PROP, sizeof(PROP));
    load("02_smcr_v1_accept_ipv4_lo_first_contact", ACC, sizeof(ACC));
    load("03_smcr_v1_confirm_ipv4_lo", CONF, sizeof(CONF));
    load("04_smcr_v1_decline_ipv4_lo_nosmcdev", DECL, sizeof(DECL));
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_proposal_decline),
        T(test_split),
        T(test_decline_and_data_merged),
        T(test_two_messages_merged),
        T(test_message_boundary_inside_segment),
        T(test_retransmission),
        T(test_overlap),
        T(test_out_of_order),
        T(test_out_of_order_reverse),
        T(test_out_of_order_overflow),
        T(test_snaplen_cut),
        T(test_snaplen_cut_then_rest),
        T(test_snaplen_cut_header),
        T(test_payload_not_captured),
        T(test_mid_stream),
        T(test_mid_stream_accept_first),
        T(test_mid_stream_needs_header),
        T(test_lookalike_after_decline),
        T(test_retransmission_after_verdict),
        T(test_lookalike_behind_decline),
        T(test_lookalike_without_option),
        T(test_peer_no_smc),
        T(test_success_waits),
        T(test_decline_5s_after_confirm),
        T(test_success_fin),
        T(test_success_then_data),
        T(test_late_decline),
        T(test_too_long),
        T(test_bad_length),
        T(test_data_instead_of_clc),
        T(test_capacity_eviction),
        T(test_syn_flood),
        T(test_idle_eviction),
        T(test_clock_without_packets),
        T(test_all_no_option),
        T(test_no_option_silent_by_default),
        T(test_end_order),
        T(test_gap_abandoned),
        T(test_sequence_wrap),
        T(test_port_reuse),
        T(test_syn_retransmitted),
        T(test_pool_exhausted),
        T(test_random_segmentation),
    };

    return cmocka_run_group_tests(tests, load_vectors, NULL);
}
