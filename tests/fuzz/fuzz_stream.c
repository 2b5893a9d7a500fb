/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: fuzz target for smcdump's analysis below the packet level: flows,
 * CLC stream reassembly and verdicts, fed arbitrary TCP segment sequences
 *
 * The segments go in through sd_analyze_segment(), so no link or IP header
 * stands between the fuzzer and the reassembler. The output side is replaced
 * by checks: a message must be bytes that were fed in that direction of that
 * connection, decoding it again must stay inside it, verdicts and problems
 * must carry valid values, and the counters must agree with what was fed.
 *
 * Input: one header byte, then operations until the input ends.
 *
 *   header  bits 0-1: flow table size - 1 (1..4, so eviction happens)
 *           bits 2-3: reassembly buffers - 1; bit 4: the default pool instead
 *           bits 5-7: initial sequence numbers (7: 256 bytes before wrap-around)
 *   op      b0: bit 0 direction (0: first endpoint sends), bits 1-2 connection,
 *               bit 3 SYN, 4 ACK, 5 FIN, 6 RST, 7 an extension byte follows
 *           [ext]: bits 0-1 SYN options (none, SMC, SMC cut by snaplen, raw),
 *               bit 2 IP fragment, bit 3 payload cut (a caplen byte follows),
 *               bit 4 raw payload (may contradict bytes sent before),
 *               bit 5 time goes back, bits 6-7 unused
 *           b1: sequence delta from the direction's highest byte so far (int8;
 *               -128: a jump of 32 KiB)
 *           b2: time step, b2^3 * 128 us (b2 = 25: 2 s; 78: the 60 s idle limit)
 *           b3-b4: payload length (little endian, & 0x7ff), at most what is left
 *           [opts]: raw options: a length byte (& 0x3f, <= 40) and the bytes
 *           [caplen]: captured payload bytes
 *           payload
 *
 * Connections that stay "clean" (see the model below) are also checked for
 * completeness: exactly the messages a buffer-free reference derives from
 * the same bytes, in order, none dropped or doubled.
 *
 * Bytes are consistent unless an op says raw: a byte sent again at the same
 * sequence number is the byte sent first, as TCP guarantees. A shadow per
 * connection direction remembers them, and every reported message must be a
 * run of remembered bytes. A raw op, or data outside the shadow's window,
 * turns that check off for its direction.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "decap.h"
#include "report.h"
#include "smcclc/handshake.h"
#include "stream.h" /* SD_MSG_MAX */
#include "smcclc/smcclc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CONNS 4
#define WINDOW 16384
#define BEHIND 4096 /* shadow bytes before the initial sequence number */

struct endpoint_def {
    uint8_t family;
    uint8_t addr[16];
    uint16_t port;
};

/*
 * 0 and 1 share a port-filter bucket (same port sum); 2 is IPv6; 3 has a
 * low client port, which flips the guess of who sent a lone Decline.
 */
static const struct endpoint_def conns[CONNS][2] = {
    {{4, {10, 0, 0, 1}, 40000}, {4, {10, 0, 0, 2}, 5000}},
    {{4, {10, 0, 0, 1}, 40001}, {4, {10, 0, 0, 2}, 4999}},
    {{6, {0xfd, 0, [15] = 1}, 40000}, {6, {0xfd, 0, [15] = 2}, 5000}},
    {{4, {10, 0, 0, 3}, 1023}, {4, {10, 0, 0, 4}, 6000}},
};

struct shadow {
    uint32_t base;   /* sequence number of bytes[0] */
    uint32_t high;   /* one past the highest sequence number sent */
    bool checked;    /* false once the bytes are no longer known for sure */
    uint32_t lo, hi; /* dirty range of `set`, cleared on the next run */
    uint8_t bytes[WINDOW];
    uint8_t set[WINDOW];
};

static struct shadow shadows[CONNS][2];

/* What the fake output sees; reset per input. */
static struct {
    int conn, dir; /* sender of the segment being fed */
    uint64_t frame, ts_us, max_ts_us;
    uint32_t pkt_len; /* headers + payload of the current segment */
    uint64_t clc, verdicts, problems[3];
    uint64_t model_checked; /* messages the reference confirmed */
    uint64_t checksum;
} seen;

struct sd_output {
    int unused;
};

/*
 * The reference for clean connections. A connection is clean while it began
 * with an SMC SYN from side 0 and an SMC SYN-ACK, and every later segment is
 * in order (delta 0), fully captured, consistent, without SYN, FIN, RST or
 * fragment. Then the messages follow from the bytes and the core alone:
 * frame at each boundary while the handshake expects CLC, as the stream
 * layer does, but with one flat buffer and no windows, holds or pools. The
 * check of a connection ends at its first verdict or problem (both end or
 * change its flow) or its first segment that is not clean.
 */
#define MODEL_BUF 8192
#define MODEL_MSGS 512

struct model {
    bool on;
    int stage; /* 0: the SYN is next, 1: the SYN-ACK, 2: data */
    struct smcclc_handshake hs;
    bool off[2]; /* the direction's CLC phase is over */
    size_t n[2];
    uint8_t pending[2][MODEL_BUF];
};

static struct model models[CONNS];

/* What the current segment should produce: messages of one connection. */
static struct {
    unsigned n, matched;
    int dir[MODEL_MSGS];
    size_t off[MODEL_MSGS], len[MODEL_MSGS];
    size_t used;
    uint8_t arena[MODEL_BUF];
    bool problem; /* a problem was reported during the segment */
} expect;

static void expect_message(struct model *md, int dir, const uint8_t *p, size_t len)
{
    if (expect.n == MODEL_MSGS || expect.used + len > sizeof(expect.arena)) {
        md->on = false;
        return;
    }
    memcpy(expect.arena + expect.used, p, len);
    expect.dir[expect.n] = dir;
    expect.off[expect.n] = expect.used;
    expect.len[expect.n] = len;
    expect.used += len;
    expect.n++;
}

/* The direction's CLC phase ends: the stream layer's `data` callback. */
static void model_off(struct model *md, int dir)
{
    smcclc_hs_data(&md->hs, (enum smcclc_dir)dir);
    md->off[dir] = true;
}

static void model_segment(int c, int dir, const struct sd_segment *seg, uint8_t ext, uint8_t delta,
                          uint64_t frame, uint64_t ts)
{
    uint8_t flags = seg->flags;
    const uint8_t *p = seg->payload;
    uint32_t cap = seg->caplen, len = seg->wirelen;
    struct model *md = &models[c];
    uint8_t *buf = md->pending[dir];

    expect.n = expect.matched = 0;
    expect.used = 0;
    expect.problem = false;
    if (!md->on)
        return;
    if (md->stage < 2) {
        /* SYN from side 0, then SYN-ACK from side 1, both with the SMC option */
        uint8_t want = md->stage == 0 ? SD_TCP_SYN : SD_TCP_SYN | SD_TCP_ACK;
        size_t at;
        bool smc = seg->opts != NULL && seg->opts_cap == seg->opts_len &&
                   smcclc_tcp_option_find(seg->opts, seg->opts_cap, seg->opts_len, &at) ==
                       SMCCLC_TCPOPT_PRESENT;
        if (flags != want || dir != md->stage || (ext & ~3) != 0 || !smc || delta != 0 ||
            len != 0) {
            md->on = false;
            return;
        }
        if (md->stage == 0)
            smcclc_hs_init(&md->hs);
        smcclc_hs_syn(&md->hs, md->stage == 1, true, ts);
        md->stage++;
        return;
    }
    if ((flags & (SD_TCP_SYN | SD_TCP_FIN | SD_TCP_RST)) || ext != 0 || delta != 0 || cap != len ||
        md->n[dir] + len > MODEL_BUF) {
        md->on = false;
        return;
    }
    if (len == 0 || md->off[dir])
        return;
    memcpy(buf + md->n[dir], p, len);
    md->n[dir] += len;
    while (md->n[dir] > 0 && md->on) {
        struct smcclc_clc_msg m;
        enum smcclc_frame_status st;
        size_t flen;

        if (!smcclc_hs_clc_expected(&md->hs, (enum smcclc_dir)dir)) {
            model_off(md, dir);
            return;
        }
        st = smcclc_clc_frame(buf, md->n[dir], 0, &flen);
        if (st == SMCCLC_FRAME_NEED_MORE)
            return;
        /* an impossible length field: a header-only record, then no more CLC */
        if (st == SMCCLC_FRAME_BAD_LENGTH || (st == SMCCLC_FRAME_OK && flen > SD_MSG_MAX)) {
            size_t n = SMCCLC_CLC_HEADER_LEN;

            if (md->n[dir] >= n && smcclc_clc_decode(buf, n, &m, NULL) != SMCCLC_DECODE_NOT_CLC &&
                smcclc_hs_expects(&md->hs, (enum smcclc_dir)dir, m.type) != SMCCLC_EXPECT_NO) {
                smcclc_hs_message(&md->hs, (enum smcclc_dir)dir, &m, (uint32_t)frame, ts);
                expect_message(md, dir, buf, n);
            }
            model_off(md, dir);
            return;
        }
        if (st != SMCCLC_FRAME_OK) {
            model_off(md, dir);
            return;
        }
        if (flen > md->n[dir])
            return;
        if (smcclc_clc_decode(buf, flen, &m, NULL) == SMCCLC_DECODE_NOT_CLC ||
            smcclc_hs_expects(&md->hs, (enum smcclc_dir)dir, m.type) == SMCCLC_EXPECT_NO) {
            /* decoded and found to be data: the analysis says so to the handshake */
            smcclc_hs_data(&md->hs, (enum smcclc_dir)dir);
        } else {
            smcclc_hs_message(&md->hs, (enum smcclc_dir)dir, &m, (uint32_t)frame, ts);
            expect_message(md, dir, buf, flen);
        }
        memmove(buf, buf + flen, md->n[dir] - flen);
        md->n[dir] -= flen;
    }
}

/* After the segment: every expected message came, unless the flow changed. */
static void model_check(int c)
{
    struct model *md = &models[c];

    if (!md->on)
        return;
    if (expect.problem) {
        md->on = false;
        return;
    }
    if (expect.matched != expect.n)
        abort();
    seen.model_checked += expect.n;
}

static bool endpoint_is(const struct sd_endpoint *e, const struct endpoint_def *d)
{
    size_t n = d->family == 4 ? 4 : 16;

    return e->family == d->family && e->port == d->port && memcmp(e->addr, d->addr, n) == 0;
}

/* Which connection and side an endpoint is; -1 when it is none of ours. */
static int which(const struct sd_endpoint *e, int *side)
{
    /* Callers compare *side before they look at the result. */
    *side = -1;
    for (int c = 0; c < CONNS; c++)
        for (int s = 0; s < 2; s++)
            if (endpoint_is(e, &conns[c][s])) {
                *side = s;
                return c;
            }
    return -1;
}

static void check_string(const char *s)
{
    if (s != NULL && memchr(s, 0, 512) == NULL)
        abort();
}

/* A message must be remembered bytes of its direction, somewhere in the window. */
static void check_in_shadow(const struct shadow *sh, const uint8_t *b, size_t n)
{
    if (!sh->checked || n == 0)
        return;
    for (uint32_t o = sh->lo; o + n <= sh->hi; o++) {
        size_t i;
        if (!sh->set[o] || sh->bytes[o] != b[0])
            continue;
        for (i = 1; i < n; i++)
            if (!sh->set[o + i] || sh->bytes[o + i] != b[i])
                break;
        if (i == n)
            return;
    }
    abort();
}

static void check_field(void *ctx, const struct smcclc_field_event *ev)
{
    const struct sd_clc_event *e = ctx;
    const struct smcclc_field_info *fi;

    if ((unsigned)ev->id >= SMCCLC_FIELD_COUNT)
        abort();
    fi = &smcclc_field_table[ev->id];
    if (fi->flags & SMCCLC_FF_DERIVED)
        return;
    if ((size_t)ev->off + ev->len > e->avail)
        abort();
    if (ev->bytes != NULL && (ev->bytes < e->bytes || ev->bytes + ev->len > e->bytes + e->avail))
        abort();
}

static void check_group(void *ctx, enum smcclc_group_event ev, enum smcclc_group group,
                        uint16_t off, uint16_t len, unsigned count)
{
    (void)ctx;
    (void)ev;
    (void)off;
    (void)len;
    (void)count;
    if ((unsigned)group >= SMCCLC_GROUP_COUNT)
        abort();
}

struct sd_output *sd_output_new(const struct sd_output_opts *opts)
{
    static struct sd_output o;

    (void)opts;
    return &o;
}

void sd_output_free(struct sd_output *o)
{
    (void)o;
}

void sd_report_clc(struct sd_output *o, const struct sd_clc_event *e)
{
    const struct smcclc_clc_msg *m = e->msg;
    struct smcclc_sink sink = {check_field, check_group, (void *)e};
    static struct smcclc_entry fresh[SMCCLC_CLC_MAX_ENTRIES];
    struct smcclc_clc_msg again;
    size_t n;
    bool impossible;
    int side, c;

    (void)o;
    seen.clc++;
    /* A message is delivered by the segment that completes it. */
    if (e->frame != seen.frame || e->ts_us != seen.ts_us)
        abort();
    c = which(&e->src, &side);
    if (c != seen.conn || side != seen.dir || which(&e->dst, &side) != c || side == seen.dir)
        abort();
    if ((unsigned)e->dir > SMCCLC_DIR_S2C || m == NULL || e->bytes == NULL)
        abort();
    /* a length no message can have gives a header-only record */
    impossible =
        m->length < SMCCLC_CLC_HEADER_LEN + SMCCLC_CLC_TRAILER_LEN || m->length > SD_MSG_MAX;
    if (e->avail < SMCCLC_CLC_HEADER_LEN || e->avail > 1024 ||
        (impossible ? e->avail != SMCCLC_CLC_HEADER_LEN : e->avail > m->length))
        abort();
    if (m->truncated != (!impossible && e->avail < m->length) || m->decoded != e->avail)
        abort();
    if (m->anomaly_count > SMCCLC_MAX_ANOMALIES)
        abort();
    for (unsigned i = 0; i < m->anomaly_count; i++)
        if ((unsigned)m->anomalies[i].id >= SMCCLC_ANOMALY_COUNT ||
            m->anomalies[i].off + m->anomalies[i].len > (impossible ? e->avail : m->length))
            abort();
    /* Every byte is read, so ASan sees a message that points past its buffer. */
    for (size_t i = 0; i < e->avail; i++)
        seen.checksum += e->bytes[i];
    check_in_shadow(&shadows[c][side ^ 1], e->bytes, e->avail);
    if (models[c].on) {
        unsigned k = expect.matched++;
        if (k >= expect.n || expect.dir[k] != seen.dir || expect.len[k] != e->avail ||
            memcmp(expect.arena + expect.off[k], e->bytes, e->avail) != 0)
            abort();
    }
    /* What the real output renders: the event's entries, which must all lie in its bytes. */
    if (e->n_entries > SMCCLC_CLC_MAX_ENTRIES || (e->n_entries > 0 && e->entries == NULL) ||
        m->entries_dropped != 0)
        abort();
    smcclc_entries_walk(e->entries, e->n_entries, &sink);
    /* and they are what a fresh decode of those bytes gives */
    n = SMCCLC_CLC_MAX_ENTRIES;
    if (smcclc_clc_decode_fields(e->bytes, e->avail, &again, fresh, &n) == SMCCLC_DECODE_NOT_CLC)
        abort();
    if (memcmp(&again, m, sizeof(again)) != 0 || n != e->n_entries ||
        memcmp(fresh, e->entries, n * sizeof(fresh[0])) != 0)
        abort();
}

void sd_report_verdict(struct sd_output *o, const struct sd_verdict_event *e)
{
    const struct smcclc_verdict *v = e->v;
    int cs, ss, c;

    (void)o;
    seen.verdicts++;
    if (e->frame > seen.frame || e->ts_us > seen.max_ts_us || e->hs == NULL || v == NULL)
        abort();
    c = which(&e->client, &cs);
    if (c < 0 || which(&e->server, &ss) != c || cs == ss)
        abort();
    models[c].on = false;
    if (!smcclc_hs_is_smc(e->hs))
        abort();
    if (v->outcome < 0 || v->outcome >= SMCCLC_OUTCOME_COUNT)
        abort();
    if (v->situation != SMCCLC_SITUATION_NONE &&
        ((int)v->situation < 0 || v->situation >= SMCCLC_SITUATION_COUNT))
        abort();
    switch (v->outcome) {
    case SMCCLC_OUTCOME_SMC_R:
    case SMCCLC_OUTCOME_SMC_D:
        /* A success may still say how sure it is: one side's messages only. */
        if (v->reason != NULL || v->reason_code != 0)
            abort();
        if (v->situation != SMCCLC_SITUATION_NONE &&
            (v->situation != SMCCLC_SITUATION_ONE_DIRECTION || !e->hs->one_direction))
            abort();
        break;
    case SMCCLC_OUTCOME_FALLBACK:
        if (v->reason == NULL || v->hint == NULL)
            abort();
        break;
    default:
        if (v->reason != NULL)
            abort();
        break;
    }
    check_string(v->reason);
    check_string(v->hint);
    check_string(v->anchor);
}

void sd_report_problem(struct sd_output *o, const struct sd_problem_event *e)
{
    (void)o;
    if ((unsigned)e->kind > SD_PROBLEM_FILE || e->what == NULL)
        abort();
    check_string(e->what);
    /* Segments have no file; their problems are about the current one. */
    if (e->kind == SD_PROBLEM_FILE || e->frame != seen.frame)
        abort();
    if (e->offset >= seen.pkt_len)
        abort();
    seen.problems[e->kind]++;
    expect.problem = true;
}

int sd_report_finish(struct sd_output *o, const struct sd_counters *c)
{
    (void)o;
    (void)c;
    return 0;
}

struct reader {
    const uint8_t *p;
    size_t n;
};

/* FUZZ_DEBUG=1: a line per input, to see what seeds reach. */
static bool debug(void)
{
    static int on = -1;

    if (on < 0)
        on = getenv("FUZZ_DEBUG") != NULL;
    return on;
}

static bool take(struct reader *r, uint8_t *b)
{
    if (r->n == 0)
        return false;
    *b = *r->p++;
    r->n--;
    return true;
}

/* Remember (or, when consistent, impose) the bytes of a segment. */
static void shadow_feed(struct shadow *sh, uint32_t seq, uint8_t *p, uint32_t cap, bool raw)
{
    for (uint32_t i = 0; i < cap; i++) {
        uint32_t at = seq + i - sh->base;
        if (at >= WINDOW) {
            sh->checked = false;
            continue;
        }
        if (sh->set[at]) {
            if (raw && p[i] != sh->bytes[at])
                sh->checked = false;
            else
                p[i] = sh->bytes[at];
            continue;
        }
        sh->set[at] = 1;
        sh->bytes[at] = p[i];
        if (at < sh->lo)
            sh->lo = at;
        if (at + 1 > sh->hi)
            sh->hi = at + 1;
    }
}

static void counters_grow(const struct sd_counters *prev, const struct sd_counters *now)
{
    const uint64_t *a = (const uint64_t *)prev, *b = (const uint64_t *)now;

    for (size_t i = 0; i < sizeof(*now) / sizeof(uint64_t); i++)
        if (b[i] < a[i])
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t smc_opt[8] = {1, 1, 0xFE, 6, 0xE2, 0xD4, 0xC3, 0xD9};
    struct reader r = {data, size};
    struct sd_analyzer_opts ao = {.linktype = SD_LINK_ETHERNET};
    struct sd_analyzer *a;
    struct sd_counters last;
    uint64_t segments = 0, syn_opt = 0, syn_maybe = 0, starts = 0, fed = 0;
    uint64_t ts = 1700000000000000ull;
    uint8_t h;

    if (!take(&r, &h))
        return 0;
    ao.max_flows = (h & 3u) + 1;
    ao.rbuf_pool = (h & 0x10) ? 0 : ((h >> 2) & 3u) + 1;
    memset(&seen, 0, sizeof(seen));
    for (int c = 0; c < CONNS; c++) {
        models[c].on = true;
        models[c].stage = 0;
        models[c].off[0] = models[c].off[1] = false;
        models[c].n[0] = models[c].n[1] = 0;
    }
    for (int c = 0; c < CONNS; c++)
        for (int d = 0; d < 2; d++) {
            struct shadow *sh = &shadows[c][d];
            if (sh->hi > sh->lo)
                memset(sh->set + sh->lo, 0, sh->hi - sh->lo);
            sh->high =
                (uint32_t)(h >> 5) * 0x20000000u + 0x1fffff00u + (uint32_t)(c * 2 + d) * 7919u;
            sh->base = sh->high - BEHIND;
            sh->checked = true;
            sh->lo = WINDOW;
            sh->hi = 0;
        }
    a = sd_analyzer_new(sd_output_new(NULL), &ao);
    if (a == NULL)
        abort();
    memset(&last, 0, sizeof(last));

    for (;;) {
        uint8_t b0, ext = 0, delta, step, l0, l1, olen = 0, capb;
        uint8_t opts_raw[40];
        struct sd_segment seg;
        struct shadow *sh;
        uint32_t len, cap, seq, data_seq;
        uint8_t *payload = NULL, *opts = NULL;
        uint64_t dt;
        const struct sd_counters *now;

        if (!take(&r, &b0) || ((b0 & 0x80) && !take(&r, &ext)) || !take(&r, &delta) ||
            !take(&r, &step) || !take(&r, &l0) || !take(&r, &l1))
            break;
        memset(&seg, 0, sizeof(seg));
        seen.conn = (b0 >> 1) & 3;
        seen.dir = b0 & 1;
        sh = &shadows[seen.conn][seen.dir];
        seg.flags = (uint8_t)(((b0 & 0x08) ? SD_TCP_SYN : 0) | ((b0 & 0x10) ? SD_TCP_ACK : 0) |
                              ((b0 & 0x20) ? SD_TCP_FIN : 0) | ((b0 & 0x40) ? SD_TCP_RST : 0));
        if (seg.flags & SD_TCP_SYN) {
            switch (ext & 3) {
            case 1:
                seg.opts_len = seg.opts_cap = sizeof(smc_opt);
                break;
            case 2:
                seg.opts_len = sizeof(smc_opt);
                seg.opts_cap = 5;
                break;
            case 3:
                if (!take(&r, &olen))
                    break;
                olen &= 0x3f;
                if (olen > sizeof(opts_raw))
                    olen = sizeof(opts_raw);
                if (olen > r.n)
                    olen = (uint8_t)r.n;
                memcpy(opts_raw, r.p, olen);
                r.p += olen;
                r.n -= olen;
                seg.opts_len = seg.opts_cap = olen;
                break;
            }
            if ((ext & 3) == 1)
                syn_opt += !(seg.flags & SD_TCP_ACK);
            if (ext & 3)
                syn_maybe++;
        }
        /* Exactly as many option bytes as captured: a read past them is a finding. */
        if (seg.opts_cap) {
            opts = malloc(seg.opts_cap);
            memcpy(opts, (ext & 3) == 3 ? opts_raw : smc_opt, seg.opts_cap);
            seg.opts = opts;
        }
        len = ((uint32_t)l1 << 8 | l0) & 0x7ff;
        cap = len;
        if ((ext & 0x08) && take(&r, &capb) && capb < cap)
            cap = capb;
        if (cap > r.n)
            cap = len = (uint32_t)r.n;

        seq = sh->high + (delta == 0x80 ? 32768u : (uint32_t)(int32_t)(int8_t)delta);
        data_seq = seq + ((seg.flags & SD_TCP_SYN) ? 1 : 0);
        if (cap) {
            payload = malloc(cap);
            memcpy(payload, r.p, cap);
            r.p += cap;
            r.n -= cap;
            shadow_feed(sh, data_seq, payload, cap, (ext & 0x10) != 0);
            fed += cap;
            if (cap >= SMCCLC_CLC_HEADER_LEN && payload[0] == 0xE2)
                starts++;
        }
        if ((int32_t)(data_seq + len - sh->high) > 0)
            sh->high = data_seq + len;

        seg.family = conns[seen.conn][0].family;
        seg.fragment = (ext & 0x04) != 0;
        seg.src = conns[seen.conn][seen.dir].addr;
        seg.dst = conns[seen.conn][seen.dir ^ 1].addr;
        seg.sport = conns[seen.conn][seen.dir].port;
        seg.dport = conns[seen.conn][seen.dir ^ 1].port;
        seg.seq = seq;
        /* NULL when nothing was captured, as sd_decap() gives it (finding F2). */
        seg.payload = payload;
        seg.caplen = cap;
        seg.wirelen = len;
        /* As if behind Ethernet, a 20-byte IP header and the TCP header. */
        seg.payload_off = 14 + 20 + 20 + seg.opts_len;
        seen.pkt_len = seg.payload_off + len;

        dt = (uint64_t)step * step * step * 128u;
        if (ext & 0x20)
            ts = ts > dt ? ts - dt : 0;
        else
            ts += dt;
        seen.frame = ++segments;
        seen.ts_us = ts;
        if (ts > seen.max_ts_us)
            seen.max_ts_us = ts;
        model_segment(seen.conn, seen.dir, &seg, ext, delta, seen.frame, ts);
        sd_analyze_segment(a, &seg, seen.frame, ts);
        model_check(seen.conn);
        free(payload);
        free(opts);

        now = sd_analyze_counters(a);
        counters_grow(&last, now);
        last = *now;
    }

    /* End of input: every open connection gets its verdict, and only once. */
    sd_analyze_finish(a);
    {
        uint64_t verdicts = seen.verdicts;
        const struct sd_counters *c = sd_analyze_counters(a);

        sd_analyze_finish(a);
        if (seen.verdicts != verdicts)
            abort();
        counters_grow(&last, c);
        if (c->packets != 0 || c->bytes != 0 || c->tcp_segments != segments)
            abort();
        if (c->clc_messages != seen.clc)
            abort();
        /* A connection enters the table by an SMC SYN or a CLC-looking segment start. */
        if (c->smc_syn < syn_opt || c->smc_syn + c->smc_synack > syn_maybe)
            abort();
        if (seen.verdicts > syn_maybe + starts)
            abort();
        if (c->truncated_packets > seen.problems[SD_PROBLEM_TRUNCATED] ||
            c->malformed_packets > seen.problems[SD_PROBLEM_MALFORMED] ||
            c->truncated_packets > segments || c->malformed_packets > segments)
            abort();
        /* A look-alike is counted per message (at least 8 bytes) or per segment. */
        if (c->flows_peak > ao.max_flows || c->lookalikes > segments + fed / SMCCLC_CLC_HEADER_LEN)
            abort();
    }
    if (debug())
        fprintf(stderr,
                "%llu segments: %llu messages (%llu by the model), %llu verdicts, %llu/%llu/%llu "
                "problems\n",
                (unsigned long long)segments, (unsigned long long)seen.clc,
                (unsigned long long)seen.model_checked, (unsigned long long)seen.verdicts,
                (unsigned long long)seen.problems[0], (unsigned long long)seen.problems[1],
                (unsigned long long)seen.problems[2]);
    sd_analyzer_free(a);
    return (int)(seen.checksum & 0);
}
