/*
 * gen_mixed: write a large, mixed Ethernet pcap that hides a known set of SMC
 * CLC handshakes among ordinary traffic, plus FILE.truth.json with the counts
 * smcdump has to reproduce.
 *
 * The pcap format is written directly (no libpcap): a 24-byte global header,
 * then per frame a 16-byte record header and the frame, all through one large
 * buffer, so the generator is never the slow side of a benchmark.
 *
 * Design:
 *   - Every TCP connection is a deterministic script, driven by a PRNG seeded
 *     from (seed, connection index). Structure decisions (how many packets,
 *     which messages) use one stream, byte contents another, so a "dry" render
 *     that only counts packets makes the same decisions as a real one.
 *   - A dry pre-pass over all connections yields the exact number of TCP
 *     packets and the truth counters; the non-TCP packets then fill the rest
 *     of the -p budget.
 *   - The real pass keeps a window of W active connections, each rendered into
 *     a per-slot frame list, and emits the next packet of a random slot (or a
 *     non-TCP packet), so connections overlap in time and each connection's
 *     own order (and thus seq/ack) stays consistent.
 *   - --concurrent N renders every connection three times (phase 0: TCP
 *     handshake, 1: CLC exchange and data, 2: close) and emits all phase-0
 *     packets first, then all phase-1, then all phase-2, so N connections are
 *     open at once. Packets are 1 us apart on average there (24 us in mixed
 *     mode), so a connection is silent for seconds, not minutes, between its
 *     phases.
 *
 * The layouts are those of docs/protocol.md: the TCP option, framing, the
 * Proposal, Accept/Confirm, Decline and the message order. Numbers and names
 * (message types, eyecatchers, the option, decline codes, outcome keys) come
 * from the core's tables (smcclc/tables.h), so the truth file speaks the same
 * names as smcdump.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smcclc/smcclc.h"

/* ------------------------------------------------------------------------ */
/* PRNG: splitmix64. Fast, tiny state, good enough for traffic shapes.        */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n) without division (Lemire's multiply-shift). */
static uint32_t rng_below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(((rng_next(s) >> 32) * (uint64_t)n) >> 32);
}

static uint32_t rng_range(uint64_t *s, uint32_t lo, uint32_t hi)
{
    return lo + rng_below(s, hi - lo + 1);
}

static int rng_pct(uint64_t *s, uint32_t pct)
{
    return rng_below(s, 100) < pct;
}

static uint64_t mix64(uint64_t a, uint64_t b)
{
    uint64_t s = a ^ (b * 0xd1342543de82ef95ULL);
    rng_next(&s);
    return rng_next(&s);
}

/* ------------------------------------------------------------------------ */
/* Big-endian stores.                                                          */

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put24(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 16);
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

/* ------------------------------------------------------------------------ */
/* Scenarios. The SMC ones are handed out round-robin from a shuffled cycle   */
/* of WEIGHT entries each (97 in all, a prime, so the modifiers derived from  */
/* the SMC index by small moduli hit every scenario).                          */

/* Outcomes and decline codes are the core's; the truth counts reasons per decline table row. */
#define X_COUNT(code, name, meaning, hint) +1
enum { N_DECL = 0 SMCCLC_DECLINE_LIST(X_COUNT) };
#undef X_COUNT

/* id, name, cycle weight, outcome, reason, CLC messages, may run over IPv6 */
#define SCENARIOS(X)                                                                               \
    X(SC_PLAIN, "plain-tcp", 0, SMCCLC_OUTCOME_NONE, 0, 0, 1)                                      \
    X(SC_LOOKALIKE, "lookalike-no-option", 0, SMCCLC_OUTCOME_NONE, 0, 0, 1)                        \
    X(SC_SMCR_V2_FC, "smcr-v2-first-contact", 18, SMCCLC_OUTCOME_SMC_R, 0, 3, 0)                   \
    X(SC_SMCR_V2, "smcr-v2", 9, SMCCLC_OUTCOME_SMC_R, 0, 3, 0)                                     \
    X(SC_SMCD_V2, "smcd-v2", 10, SMCCLC_OUTCOME_SMC_D, 0, 3, 1)                                    \
    X(SC_SMCD_V2_FC, "smcd-v2-first-contact", 5, SMCCLC_OUTCOME_SMC_D, 0, 3, 1)                    \
    X(SC_SMCR_V1, "smcr-v1-rfc7609", 9, SMCCLC_OUTCOME_SMC_R, 0, 3, 1)                             \
    X(SC_DECL_NOSMCRDEV, "server-decline-nosmcrdev", 7, SMCCLC_OUTCOME_FALLBACK,                   \
      SMCCLC_DECL_NOSMCRDEV, 2, 0)                                                                 \
    X(SC_DECL_NOSMCDEV, "server-decline-nosmcdev", 5, SMCCLC_OUTCOME_FALLBACK,                     \
      SMCCLC_DECL_NOSMCDEV, 2, 1)                                                                  \
    X(SC_DECL_DIFFPREFIX, "server-decline-diffprefix", 4, SMCCLC_OUTCOME_FALLBACK,                 \
      SMCCLC_DECL_DIFFPREFIX, 2, 0)                                                                \
    X(SC_DECL_NOUEID, "server-decline-noueid", 3, SMCCLC_OUTCOME_FALLBACK, SMCCLC_DECL_NOUEID, 2,  \
      0)                                                                                           \
    X(SC_CDECL_V1, "client-decline-v1", 8, SMCCLC_OUTCOME_FALLBACK, SMCCLC_DECL_NOSMCDEV, 1, 1)    \
    X(SC_CDECL_NOROUTE, "client-decline-after-accept", 2, SMCCLC_OUTCOME_FALLBACK,                 \
      SMCCLC_DECL_NOROUTE, 3, 0)                                                                   \
    X(SC_PEERNOSMC, "syn-ack-without-option", 12, SMCCLC_OUTCOME_FALLBACK, SMCCLC_DECL_PEERNOSMC,  \
      0, 1)                                                                                        \
    X(SC_INC_PROP, "incomplete-after-proposal", 3, SMCCLC_OUTCOME_INCOMPLETE, 0, 1, 0)             \
    X(SC_INC_ACC, "incomplete-after-accept", 2, SMCCLC_OUTCOME_INCOMPLETE, 0, 2, 1)

#define X_ENUM(id, name, w, o, r, n, v6) id,
enum scenario { SCENARIOS(X_ENUM) N_SCEN };
#undef X_ENUM
#define X_ROW(id, name, w, o, r, n, v6) {name, w, o, r, n, v6},
static const struct scen_info {
    const char *name;
    unsigned weight;
    enum smcclc_outcome outcome;
    uint32_t reason; /* decline code (enum smcclc_decline_code), 0 for none */
    unsigned nmsg;
    int v6_ok;
} scen_info[N_SCEN] = {SCENARIOS(X_ROW)};
#undef X_ROW

/* Per-connection kind word: scenario plus modifiers. */
#define K_SCEN_MASK 0x1fu
#define K_SPLIT_SHIFT 5 /* 2 bits: number of segments for the Proposal (0 = 1) */
#define K_RETRANS 0x80u /* one CLC segment is sent twice */
#define K_V6 0x100u
#define K_RT_SHIFT 9 /* 2 bits: which CLC message (ordinal) is retransmitted */

/* ------------------------------------------------------------------------ */
/* Truth counters.                                                             */

enum frame_kind { F_TCP4, F_TCP6, F_UDP4, F_UDP6, F_ARP, F_ICMP4, F_ICMP6, N_FRAME };
static const char *const frame_name[N_FRAME] = {"ipv4_tcp", "ipv6_tcp", "ipv4_udp", "ipv6_udp",
                                                "arp",      "icmp",     "icmpv6"};
/* Buffer and length histogram size: more than any message gen_mixed writes. */
#define CLC_MAXLEN 700

struct truth {
    uint64_t frames[N_FRAME];
    uint64_t tcp_conns, tcp_conns_v6;
    uint64_t handshakes, handshakes_v6;
    uint64_t outcome[SMCCLC_OUTCOME_COUNT];
    uint64_t reason[N_DECL]; /* indexed like smcclc_decline_table */
    uint64_t clc[5];
    uint64_t clc_len[5][CLC_MAXLEN];
    uint64_t split_proposals, retrans_segments, clc_segments;
    uint64_t lookalike_tcp, lookalike_udp;
    uint64_t scen[N_SCEN];
    uint64_t tcp_phase[3]; /* TCP packets per phase (handshake, exchange, close) */
};

/* ------------------------------------------------------------------------ */
/* Frame list of one rendered connection.                                      */

struct pkt {
    uint32_t off;
    uint16_t len;
    uint8_t phase;
};

struct flist {
    uint8_t *buf;
    size_t len, cap;
    struct pkt *pk;
    size_t n, cap_pk;
    size_t next;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "gen_mixed: out of memory (%zu bytes)\n", n);
        exit(1);
    }
    return q;
}

static uint8_t *fl_add(struct flist *fl, uint32_t len, uint8_t phase)
{
    if (fl->cap - fl->len < len) {
        size_t ncap = fl->cap ? fl->cap * 2 : 16384;
        while (ncap - fl->len < len)
            ncap *= 2;
        fl->buf = xrealloc(fl->buf, ncap);
        fl->cap = ncap;
    }
    if (fl->n == fl->cap_pk) {
        fl->cap_pk = fl->cap_pk ? fl->cap_pk * 2 : 128;
        fl->pk = xrealloc(fl->pk, fl->cap_pk * sizeof(*fl->pk));
    }
    fl->pk[fl->n].off = (uint32_t)fl->len;
    fl->pk[fl->n].len = (uint16_t)len;
    fl->pk[fl->n].phase = phase;
    fl->n++;
    uint8_t *p = fl->buf + fl->len;
    fl->len += len;
    return p;
}

/* ------------------------------------------------------------------------ */
/* Output: pcap file through one big buffer.                                   */

#define OUT_BUF (32u << 20)

struct out {
    FILE *f;
    const char *path;
    uint8_t *buf;
    size_t len;
    uint64_t bytes, pkts;
    uint64_t ts_us;
    uint64_t rng;
    int dense; /* --concurrent: packets about 1 us apart */
};

static void out_flush(struct out *o)
{
    if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) {
        fprintf(stderr, "gen_mixed: write %s: %s\n", o->path, strerror(errno));
        exit(1);
    }
    o->len = 0;
}

/* Reserve room for one record; returns where the frame goes. */
static uint8_t *out_frame(struct out *o, uint32_t caplen)
{
    if (OUT_BUF - o->len < caplen + 16u)
        out_flush(o);
    /*
     * Mixed: 1..47 us between packets, 24 on average: 24 s of traffic per
     * million packets. Concurrent: 0..2 us, 1 on average (a busy 10 GbE
     * link), so that the silence between a connection's handshake and its CLC
     * exchange (all other handshakes come in between) stays a few seconds even
     * for a million connections. At 24 us it would be over 200 s, which no
     * SMC stack does (Linux gives a CLC message 2 s) and which a reader may
     * rightly take for an abandoned handshake (smcdump: after 60 s).
     */
    if (o->dense)
        o->ts_us += (rng_next(&o->rng) >> 63) + (rng_next(&o->rng) >> 63);
    else
        o->ts_us += 1 + ((rng_next(&o->rng) >> 59) + (rng_next(&o->rng) >> 60));
    uint32_t hdr[4];
    hdr[0] = (uint32_t)(o->ts_us / 1000000u);
    hdr[1] = (uint32_t)(o->ts_us % 1000000u);
    hdr[2] = caplen;
    hdr[3] = caplen;
    memcpy(o->buf + o->len, hdr, 16);
    uint8_t *p = o->buf + o->len + 16;
    o->len += 16u + caplen;
    o->bytes += 16u + caplen;
    o->pkts++;
    return p;
}

static void out_header(struct out *o)
{
    uint32_t gh[6] = {0xa1b2c3d4u, 2u | (4u << 16), 0, 0, 262144u, 1u /* EN10MB */};
    memcpy(o->buf, gh, 24);
    o->len = 24;
    o->bytes = 24;
}

/* ------------------------------------------------------------------------ */
/* Hosts and addresses.                                                        */

#define NCLIENT 4093u /* prime: (host, port) pairs stay unique for 114 M conns */
#define NSERVER 509u
#define NSMCSRV 61u
#define NPORTS 28000u

static const uint8_t mac_bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static uint32_t client_ip4(uint32_t h)
{
    return 0x0a010000u | (h + 1); /* 10.1.0.1 .. 10.1.15.254 */
}

static uint32_t server_ip4(uint32_t s, int smc)
{
    return (smc ? 0x0a640000u : 0x0ac80000u) | (s + 1); /* 10.100/10.200 */
}

static void mac_of(uint8_t *mac, uint32_t ip4)
{
    mac[0] = 0x02;
    mac[1] = 0x00;
    put32(mac + 2, ip4);
}

static void ip6_of(uint8_t *a, uint32_t net, uint32_t host)
{
    memset(a, 0, 16);
    put32(a, 0x20010db8u);
    put16(a + 4, net);
    put32(a + 12, host);
}

/* ------------------------------------------------------------------------ */
/* Checksums (IPv4 header and ICMP always; TCP/UDP unless --no-csum).         */

/* Ones' complement sum in 32-bit big-endian words: 2^16 = 1 (mod 0xffff),
 * so summing 32-bit words and folding equals summing 16-bit words. */
static uint64_t sum16(const uint8_t *p, size_t n, uint64_t s)
{
    while (n >= 8) {
        s += (uint64_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
        s += (uint64_t)((uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7]);
        p += 8;
        n -= 8;
    }
    while (n > 1) {
        s += (uint32_t)(p[0] << 8 | p[1]);
        p += 2;
        n -= 2;
    }
    if (n)
        s += (uint32_t)(p[0] << 8);
    return s;
}

static uint16_t fold16(uint64_t s)
{
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

/* l3 points at the IP header, l4 at the transport header, sum field at l4+off. */
static void l4_csum(uint8_t *l3, int v6, uint8_t proto, uint8_t *l4, uint32_t l4len, int off)
{
    uint64_t s;
    if (v6)
        s = sum16(l3 + 8, 32, 0);
    else
        s = sum16(l3 + 12, 8, 0);
    s += proto + l4len;
    l4[off] = l4[off + 1] = 0;
    uint16_t c = fold16(sum16(l4, l4len, s));
    if (c == 0 && proto == 17)
        c = 0xffff;
    put16(l4 + off, c);
}

static uint8_t *put_eth(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    put16(f + 12, type);
    return f + 14;
}

static uint8_t *put_ip4(uint8_t *f, uint8_t proto, uint32_t src, uint32_t dst, uint32_t l4len,
                        uint16_t id, uint8_t ttl)
{
    f[0] = 0x45;
    f[1] = 0;
    put16(f + 2, 20 + l4len);
    put16(f + 4, id);
    put16(f + 6, 0x4000); /* DF */
    f[8] = ttl;
    f[9] = proto;
    f[10] = f[11] = 0;
    put32(f + 12, src);
    put32(f + 16, dst);
    put16(f + 10, fold16(sum16(f, 20, 0)));
    return f + 20;
}

static uint8_t *put_ip6(uint8_t *f, uint8_t nh, const uint8_t *src, const uint8_t *dst,
                        uint32_t l4len, uint32_t flow, uint8_t hlim)
{
    put32(f, 0x60000000u | (flow & 0xfffffu));
    put16(f + 4, l4len);
    f[6] = nh;
    f[7] = hlim;
    memcpy(f + 8, src, 16);
    memcpy(f + 24, dst, 16);
    return f + 40;
}

/* ------------------------------------------------------------------------ */
/* Generator state.                                                            */

#define POOL 262144u
#define POOL_SLACK 2048u
#define NSTARTS 1024u

struct gen {
    uint64_t seed;
    uint64_t packets_target;
    uint32_t nconns, nsmc, nlookalike;
    uint32_t concurrent; /* 0 = mixed mode */
    uint32_t window;
    int csum;
    double mean_exch;
    uint16_t *kind; /* mixed mode: kind word per connection */
    uint16_t cycle[128];
    unsigned ncycle;
    uint8_t *text, *rnd; /* payload pools */
    uint32_t req_start[NSTARTS], resp_start[NSTARTS];
    struct truth t;
    struct out o;
    /* non-TCP state */
    uint64_t nrng;
    uint8_t pend[1600];
    uint32_t pend_len;
    int pend_kind;
    uint32_t nontcp_seq;
};

/* ------------------------------------------------------------------------ */
/* TCP connection rendering.                                                   */

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

struct conn {
    struct gen *g;
    uint32_t idx;
    unsigned kind, scen;
    int v6, ts, binary;
    int smcopt[2];
    uint8_t mac[2][6];
    uint32_t ip4[2];
    uint8_t ip6[2][16];
    uint16_t port[2];
    uint32_t nxt[2];
    uint32_t tsv[2];
    uint16_t ipid[2];
    uint32_t flow;
    uint64_t rs; /* structure stream */
    uint64_t rb; /* byte-content stream */
    uint8_t phase;
    int dry;
    struct flist *fl;
    struct truth *t; /* only set in the counting pass */
    uint32_t npk;
    unsigned clc_ord;
    uint8_t hostid[2];
};

static void emit_tcp(struct conn *c, int dir, uint8_t flags, uint32_t seq, const uint8_t *pl,
                     uint32_t plen)
{
    int syn = flags & TH_SYN;
    uint32_t optlen;
    if (syn)
        optlen = (c->ts ? 20u : 12u) + (c->smcopt[dir] ? 8u : 0u);
    else
        optlen = c->ts ? 12u : 0u;
    uint32_t l3 = c->v6 ? 40u : 20u;
    uint32_t thl = 20u + optlen;
    uint32_t flen = 14u + l3 + thl + plen;

    c->npk++;
    if (c->t) {
        c->t->frames[c->v6 ? F_TCP6 : F_TCP4]++;
        c->t->tcp_phase[c->phase]++;
    }
    if (c->dry)
        return;

    uint8_t *f = fl_add(c->fl, flen, c->phase);
    uint8_t *ip = put_eth(f, c->mac[!dir], c->mac[dir], c->v6 ? 0x86dd : 0x0800);
    uint8_t *th;
    if (c->v6)
        th = put_ip6(ip, 6, c->ip6[dir], c->ip6[!dir], thl + plen, c->flow + (uint32_t)dir, 64);
    else
        th = put_ip4(ip, 6, c->ip4[dir], c->ip4[!dir], thl + plen, c->ipid[dir]++, 64);
    put16(th, c->port[dir]);
    put16(th + 2, c->port[!dir]);
    put32(th + 4, seq);
    put32(th + 8, (flags & TH_ACK) ? c->nxt[!dir] : 0);
    th[12] = (uint8_t)((thl / 4) << 4);
    th[13] = flags;
    put16(th + 14, syn ? (dir ? 65160 : 64240) : (dir ? 508 : 502));
    th[16] = th[17] = th[18] = th[19] = 0;
    uint8_t *o = th + 20;
    c->tsv[dir] += 1;
    if (syn) {
        o[0] = 2, o[1] = 4, put16(o + 2, 1460);
        o += 4;
        if (c->ts) {
            o[0] = 4, o[1] = 2; /* SACK permitted */
            o[2] = 8, o[3] = 10;
            put32(o + 4, c->tsv[dir]);
            put32(o + 8, dir ? c->tsv[0] : 0);
            o[12] = 1; /* NOP */
            o[13] = 3, o[14] = 3, o[15] = 7;
            o += 16;
        } else {
            o[0] = 1, o[1] = 1, o[2] = 4, o[3] = 2;
            o[4] = 1, o[5] = 3, o[6] = 3, o[7] = 7;
            o += 8;
        }
        if (c->smcopt[dir]) {
            /* NOP NOP, kind 254, length 6, ExID (docs/protocol.md, "The TCP option") */
            o[0] = 1, o[1] = 1, o[2] = SMCCLC_TCP_OPTION_KIND, o[3] = 6;
            put32(o + 4, SMCCLC_TCP_OPTION_EXID);
            o += 8;
        }
    } else if (c->ts) {
        o[0] = 1, o[1] = 1, o[2] = 8, o[3] = 10;
        put32(o + 4, c->tsv[dir]);
        put32(o + 8, c->tsv[!dir]);
        o += 12;
    }
    if (plen)
        memcpy(o, pl, plen);
    if (c->g->csum)
        l4_csum(ip, c->v6, 6, th, thl + plen, 16);
}

static void seg(struct conn *c, int dir, uint8_t flags, const uint8_t *pl, uint32_t len)
{
    emit_tcp(c, dir, flags, c->nxt[dir], pl, len);
    c->nxt[dir] += len + ((flags & TH_SYN) ? 1u : 0u) + ((flags & TH_FIN) ? 1u : 0u);
}

static void ack(struct conn *c, int dir)
{
    seg(c, dir, TH_ACK, NULL, 0);
}

static void handshake(struct conn *c)
{
    c->phase = 0;
    seg(c, 0, TH_SYN, NULL, 0);
    seg(c, 1, TH_SYN | TH_ACK, NULL, 0);
    ack(c, 0);
    c->phase = 1;
}

static void close_fin(struct conn *c, int first)
{
    c->phase = 2;
    seg(c, first, TH_FIN | TH_ACK, NULL, 0);
    seg(c, !first, TH_FIN | TH_ACK, NULL, 0);
    ack(c, first);
}

static void close_rst(struct conn *c, int dir)
{
    c->phase = 2;
    seg(c, dir, TH_RST | TH_ACK, NULL, 0);
}

/* Payload lengths: mostly small (RPC/HTTP-header sized), a tail of big ones;
 * tuned so the default mix averages about 100 bytes per pcap record. */
static uint32_t req_len(uint64_t *rs)
{
    uint32_t r = rng_below(rs, 100);
    if (r < 70)
        return rng_range(rs, 4, 40);
    if (r < 95)
        return rng_range(rs, 40, 160);
    return rng_range(rs, 160, 600);
}

static uint32_t resp_len(uint64_t *rs)
{
    uint32_t r = rng_below(rs, 100);
    if (r < 65)
        return rng_range(rs, 1, 32);
    if (r < 90)
        return rng_range(rs, 32, 128);
    if (r < 98)
        return rng_range(rs, 128, 512);
    return rng_range(rs, 512, 1448);
}

static uint32_t resp_segs(uint64_t *rs)
{
    uint32_t r = rng_below(rs, 100);
    if (r < 60)
        return 1;
    if (r < 85)
        return 2;
    return rng_range(rs, 3, 6);
}

/* Ordinary payload bytes: HTTP-like text or random bytes. Neither pool holds
 * 0xE2, so no ordinary segment can start with a CLC eyecatcher by accident. */
static const uint8_t *payload(struct conn *c, uint32_t len, int client, int first)
{
    struct gen *g = c->g;
    (void)len;
    if (!c->binary) {
        if (first)
            return g->text + (client ? g->req_start : g->resp_start)[rng_below(&c->rb, NSTARTS)];
        return g->text + rng_below(&c->rb, POOL);
    }
    return g->rnd + rng_below(&c->rb, POOL);
}

static void exchange(struct conn *c)
{
    uint32_t q = req_len(&c->rs);
    seg(c, 0, TH_PSH | TH_ACK, payload(c, q, 1, 1), q);
    if (rng_pct(&c->rs, 30))
        ack(c, 1);
    uint32_t m = resp_segs(&c->rs);
    for (uint32_t k = 1; k <= m; k++) {
        uint32_t l = resp_len(&c->rs);
        seg(c, 1, k == m ? TH_PSH | TH_ACK : TH_ACK, payload(c, l, 0, k == 1), l);
        if (k % 2 == 0 || k == m)
            ack(c, 0);
    }
}

static uint32_t n_exchanges(struct conn *c)
{
    double m = c->g->mean_exch;
    if (m <= 1.0)
        return 1;
    /* uniform on [1, 2m-1] in steps of 1/1000, so the mean is m */
    uint32_t span = (uint32_t)((2.0 * m - 2.0) * 1000.0);
    return 1 + (rng_below(&c->rs, span + 1) + 500) / 1000;
}

/* --- CLC messages (docs/protocol.md, "Common header" to "Decline") -------- */

static void clc_frame(uint8_t *m, int smcd, uint8_t type, uint32_t len, uint8_t b7)
{
    memset(m, 0, len);
    put32(m, smcd ? SMCCLC_EYECATCHER_D : SMCCLC_EYECATCHER_R);
    m[4] = type;
    put16(m + 5, len);
    m[7] = b7;
    put32(m + len - 4, smcd ? SMCCLC_EYECATCHER_D : SMCCLC_EYECATCHER_R);
}

/* System identifier: 2 random bytes (fixed per host) + the RoCE MAC. */
static void peer_id(const struct conn *c, int dir, uint8_t *p)
{
    p[0] = c->hostid[dir] & 0x7f;
    p[1] = (uint8_t)(c->hostid[dir] * 37u);
    memcpy(p + 2, c->mac[dir], 6);
}

static void gid_v1(const struct conn *c, int dir, uint8_t *p) /* fe80::EUI-64 */
{
    memset(p, 0, 16);
    p[0] = 0xfe, p[1] = 0x80;
    p[8] = c->mac[dir][0] ^ 2, p[9] = c->mac[dir][1], p[10] = c->mac[dir][2];
    p[11] = 0xff, p[12] = 0xfe;
    p[13] = c->mac[dir][3], p[14] = c->mac[dir][4], p[15] = c->mac[dir][5];
}

static void gid_v2(const struct conn *c, int dir, uint8_t *p) /* ::ffff:a.b.c.d */
{
    memset(p, 0, 16);
    p[10] = p[11] = 0xff;
    put32(p + 12, c->ip4[dir]);
}

static void blank_pad(uint8_t *p, const char *s, size_t n)
{
    size_t l = strlen(s);
    memset(p, ' ', n);
    memcpy(p, s, l < n ? l : n);
}

static uint64_t ism_gid(const struct conn *c, int dir)
{
    return 0x0100000000000000ULL | ((uint64_t)c->ip4[dir] << 8) | (uint64_t)c->hostid[dir];
}

static uint16_t ism_chid(const struct conn *c)
{
    return (uint16_t)(0x0100 + (c->hostid[0] & 0x0f));
}

/* SMC-Rv2-only Proposal (156 B): typev2 R, typev1 N, one UEID (3.1, 3.5). */
static uint32_t clc_prop_r_v2(const struct conn *c, uint8_t *m)
{
    uint32_t len = 80 + 40 + 32 + 4;
    clc_frame(m, 0, SMCCLC_CLC_PROPOSAL, len, 0x22);
    put16(m + 50, 28); /* v2_ext_offset: V = 80 */
    uint8_t *v = m + 80;
    v[0] = 1;    /* eid_cnt */
    v[3] = 0x10; /* release 1 */
    gid_v2(c, 0, v + 8);
    v[24] = 0xff, v[25] = 2;
    put16(v + 26, 0x0001);
    blank_pad(v + 40, "SMC-BENCH-UEID", 32);
    return len;
}

/* SMC-Dv2 Proposal: typev2 D (or B over IPv4), typev1 N, one UEID, SMC-Dv2
 * extension with ngid GID/CHID entries (3.1, 3.5, 3.6). 214 B for ngid = 1. */
static uint32_t clc_prop_d_v2(const struct conn *c, uint8_t *m, unsigned ngid, int both)
{
    uint32_t len = 80 + 40 + 32 + 48 + 10 * ngid + 4;
    clc_frame(m, 0, SMCCLC_CLC_PROPOSAL, len, (uint8_t)(0x20 | ((both ? 3 : 1) << 2) | 2));
    put16(m + 50, 28);
    uint8_t *v = m + 80;
    v[0] = 1;
    v[1] = (uint8_t)ngid;
    v[3] = 0x10;
    put16(v + 6, 32 + 32); /* smcd_v2_ext_offset: S = V + 8 + 64 = 152 */
    if (both)
        gid_v2(c, 0, v + 8);
    v[24] = 0xff, v[25] = 2;
    put16(v + 26, 0x0001);
    blank_pad(v + 40, "SMC-BENCH-UEID", 32);
    uint8_t *e = m + 152 + 48;
    for (unsigned i = 0; i < ngid; i++, e += 10) {
        put64(e, ism_gid(c, 0) + i);
        put16(e + 8, (uint16_t)(ism_chid(c) + i));
    }
    return len;
}

/* v2 Proposal offering only SMC-R v1 over IPv4 (92 B, byte 7 0x28, 3.7). */
static uint32_t clc_prop_v1only(const struct conn *c, uint8_t *m)
{
    uint32_t len = 92;
    clc_frame(m, 0, SMCCLC_CLC_PROPOSAL, len, 0x28);
    peer_id(c, 0, m + 8);
    gid_v1(c, 0, m + 16);
    memcpy(m + 32, c->mac[0], 6);
    put16(m + 38, 40);
    put32(m + 80, c->ip4[0] & 0xffffff00u);
    m[84] = 24;
    return len;
}

/* RFC 7609 Proposal, version 1, iparea_offset 0, prefix area at 40 (3.1):
 * 52 B over IPv4, 69 B with one IPv6 prefix. */
static uint32_t clc_prop_v1_rfc(const struct conn *c, uint8_t *m)
{
    uint32_t n6 = c->v6 ? 1 : 0;
    uint32_t len = 40 + 8 + 17 * n6 + 4;
    clc_frame(m, 0, SMCCLC_CLC_PROPOSAL, len, 0x10);
    peer_id(c, 0, m + 8);
    gid_v1(c, 0, m + 16);
    memcpy(m + 32, c->mac[0], 6);
    put16(m + 38, 0);
    if (c->v6) {
        m[47] = 1;
        memcpy(m + 48, c->ip6[0], 8); /* /64: host bits cleared */
        m[64] = 64;
    } else {
        put32(m + 40, c->ip4[0] & 0xffffff00u);
        m[44] = 24;
    }
    return len;
}

/* SMC-R Accept/Confirm (4.1): v1 68 B; v2 108 B, Accept+FC 160 B,
 * Confirm+FC 164 + 16 g B. */
static uint32_t clc_acc_r(struct conn *c, uint8_t *m, uint8_t type, int v2, int fc)
{
    int dir = type == SMCCLC_CLC_ACCEPT ? 1 : 0;
    uint32_t len = v2 ? (fc ? (type == SMCCLC_CLC_ACCEPT ? 160 : 164 + 16) : 108) : 68;
    clc_frame(m, 0, type, len, (uint8_t)((v2 ? 0x20 : 0x10) | (fc ? 0x08 : 0)));
    peer_id(c, dir, m + 8);
    if (v2)
        gid_v2(c, dir, m + 16);
    else
        gid_v1(c, dir, m + 16);
    memcpy(m + 32, c->mac[dir], 6);
    put24(m + 38, 0x11 + (uint32_t)rng_below(&c->rb, 0x10000));           /* QP number */
    put32(m + 41, (uint32_t)rng_next(&c->rb) & 0x00ffffffu);              /* RMB rkey */
    m[45] = 1;                                                            /* RMBE index */
    put32(m + 46, rng_below(&c->rb, 1000) + 1);                           /* alert token */
    m[50] = 0x23;                                                         /* 64 KiB, MTU 1024 */
    put64(m + 52, 0xff20558f03a00000ULL + (rng_next(&c->rb) & 0xfff000)); /* RMB vaddr */
    put24(m + 61, (uint32_t)rng_next(&c->rb) & 0xffffffu);                /* initial PSN */
    if (!v2)
        return len;
    blank_pad(m + 64, "SMC-BENCH-UEID", 32);
    if (!fc)
        return len;
    uint8_t *f = m + 104;
    f[0] = 0x80; /* v2_direct */
    f[1] = 0x21; /* Linux, release 1 */
    blank_pad(f + 4, dir ? "bench-server" : "bench-client", 32);
    f[36] = 0xff, f[37] = 2;
    put16(f + 38, 0x0001);
    if (type == SMCCLC_CLC_CONFIRM) {
        m[156] = 1;
        gid_v2(c, 0, m + 160);
    }
    return len;
}

/* SMC-D v2 Accept/Confirm (4.2): 78 B, or 130 B with a release-1 FCE. */
static uint32_t clc_acc_d_v2(struct conn *c, uint8_t *m, uint8_t type, int fc)
{
    int dir = type == SMCCLC_CLC_ACCEPT ? 1 : 0;
    uint32_t len = fc ? 130 : 78;
    clc_frame(m, 1, type, len, (uint8_t)(0x21 | (fc ? 0x08 : 0)));
    put64(m + 8, ism_gid(c, dir));
    put64(m + 16, rng_next(&c->rb)); /* DMB token */
    m[25] = 0x10;                    /* 32 KiB */
    put32(m + 28, (uint32_t)rng_next(&c->rb));
    put16(m + 32, ism_chid(c));
    blank_pad(m + 34, "SMC-BENCH-UEID", 32);
    if (fc) {
        uint8_t *f = m + 74;
        f[1] = 0x21;
        blank_pad(f + 4, dir ? "bench-server" : "bench-client", 32);
        put16(f + 38, 0x0001);
    }
    return len;
}

/* Decline: v1 28 B, v2 44 B. */
static uint32_t clc_decline(const struct conn *c, uint8_t *m, int dir, int v2, uint32_t code)
{
    uint32_t len = v2 ? 44 : 28;
    clc_frame(m, 0, SMCCLC_CLC_DECLINE, len, v2 ? 0x20 : 0x10);
    peer_id(c, dir, m + 8);
    put32(m + 16, code);
    m[20] = v2 ? 0x20 : 0;
    return len;
}

/* Send one CLC message, split (Proposals only) and/or with one segment
 * retransmitted, as the connection's kind word says. */
static void clc_send(struct conn *c, int dir, const uint8_t *m, uint32_t len)
{
    uint8_t type = m[4];
    unsigned nseg = 1;
    if (type == SMCCLC_CLC_PROPOSAL && ((c->kind >> K_SPLIT_SHIFT) & 3) > 1)
        nseg = (c->kind >> K_SPLIT_SHIFT) & 3;
    uint32_t cut[4] = {0, len, len, len};
    if (nseg == 2) {
        cut[1] = rng_range(&c->rs, 1, len - 1); /* anywhere, even inside the header */
    } else if (nseg == 3) {
        cut[1] = rng_range(&c->rs, 1, len / 2);
        cut[2] = rng_range(&c->rs, cut[1] + 1, len - 1);
        cut[3] = len;
    }
    uint32_t last_seq = 0;
    for (unsigned i = 0; i < nseg; i++) {
        last_seq = c->nxt[dir];
        seg(c, dir, i + 1 == nseg ? TH_PSH | TH_ACK : TH_ACK, m + cut[i], cut[i + 1] - cut[i]);
    }
    int rt = (c->kind & K_RETRANS) && c->clc_ord == ((c->kind >> K_RT_SHIFT) & 3);
    if (rt)
        emit_tcp(c, dir, TH_PSH | TH_ACK, last_seq, m + cut[nseg - 1], len - cut[nseg - 1]);
    if (c->t) {
        c->t->clc[type]++;
        if (len < CLC_MAXLEN)
            c->t->clc_len[type][len]++;
        c->t->clc_segments += nseg;
        if (nseg > 1)
            c->t->split_proposals++;
        if (rt)
            c->t->retrans_segments++;
    }
    c->clc_ord++;
}

static void maybe_ack(struct conn *c, int dir, unsigned pct)
{
    if (rng_pct(&c->rs, pct))
        ack(c, dir);
}

static void fallback_data(struct conn *c)
{
    uint32_t n = rng_range(&c->rs, 1, 3);
    for (uint32_t i = 0; i < n; i++)
        exchange(c);
}

static void render_smc(struct conn *c)
{
    uint8_t m[CLC_MAXLEN];
    uint32_t n;
    const struct scen_info *si = &scen_info[c->scen];
    c->smcopt[0] = 1;
    c->smcopt[1] = c->scen != SC_PEERNOSMC;
    handshake(c);

    switch ((enum scenario)c->scen) {
    case SC_SMCR_V2_FC:
    case SC_SMCR_V2:
    case SC_SMCR_V1: {
        int v2 = c->scen != SC_SMCR_V1;
        int fc = c->scen != SC_SMCR_V2;
        n = v2 ? clc_prop_r_v2(c, m) : clc_prop_v1_rfc(c, m);
        clc_send(c, 0, m, n);
        maybe_ack(c, 1, 60);
        n = clc_acc_r(c, m, SMCCLC_CLC_ACCEPT, v2, fc);
        clc_send(c, 1, m, n);
        ack(c, 0);
        n = clc_acc_r(c, m, SMCCLC_CLC_CONFIRM, v2, fc);
        clc_send(c, 0, m, n);
        ack(c, 1);
        break;
    }
    case SC_SMCD_V2:
    case SC_SMCD_V2_FC: {
        int fc = c->scen == SC_SMCD_V2_FC;
        n = clc_prop_d_v2(c, m, 1 + (c->idx & 1), !c->v6 && (c->idx & 2));
        clc_send(c, 0, m, n);
        maybe_ack(c, 1, 60);
        n = clc_acc_d_v2(c, m, SMCCLC_CLC_ACCEPT, fc);
        clc_send(c, 1, m, n);
        ack(c, 0);
        n = clc_acc_d_v2(c, m, SMCCLC_CLC_CONFIRM, fc);
        clc_send(c, 0, m, n);
        ack(c, 1);
        break;
    }
    case SC_DECL_NOSMCRDEV:
    case SC_DECL_NOSMCDEV:
    case SC_DECL_DIFFPREFIX:
    case SC_DECL_NOUEID:
        if (c->scen == SC_DECL_NOSMCDEV)
            n = clc_prop_d_v2(c, m, 1, 0);
        else if (c->scen == SC_DECL_DIFFPREFIX)
            n = clc_prop_v1only(c, m);
        else
            n = clc_prop_r_v2(c, m);
        clc_send(c, 0, m, n);
        maybe_ack(c, 1, 60);
        n = clc_decline(c, m, 1, 1, si->reason);
        clc_send(c, 1, m, n);
        ack(c, 0);
        fallback_data(c);
        break;
    case SC_CDECL_V1:
        n = clc_decline(c, m, 0, 0, si->reason);
        clc_send(c, 0, m, n);
        ack(c, 1);
        fallback_data(c);
        break;
    case SC_CDECL_NOROUTE:
        n = clc_prop_r_v2(c, m);
        clc_send(c, 0, m, n);
        maybe_ack(c, 1, 60);
        n = clc_acc_r(c, m, SMCCLC_CLC_ACCEPT, 1, 1);
        clc_send(c, 1, m, n);
        n = clc_decline(c, m, 0, 1, si->reason);
        clc_send(c, 0, m, n);
        ack(c, 1);
        fallback_data(c);
        break;
    case SC_PEERNOSMC:
        fallback_data(c);
        break;
    case SC_INC_PROP:
        n = clc_prop_r_v2(c, m);
        clc_send(c, 0, m, n);
        ack(c, 1);
        close_rst(c, 1);
        return;
    case SC_INC_ACC:
        n = clc_prop_d_v2(c, m, 1, 0);
        clc_send(c, 0, m, n);
        n = clc_acc_d_v2(c, m, SMCCLC_CLC_ACCEPT, 0);
        clc_send(c, 1, m, n);
        close_rst(c, 0);
        return;
    case SC_PLAIN:
    case SC_LOOKALIKE:
    case N_SCEN:
        break;
    }
    close_fin(c, rng_pct(&c->rs, 80) ? 0 : 1);
}

static void render_lookalike(struct conn *c)
{
    uint8_t m[CLC_MAXLEN];
    handshake(c);
    /* A byte-exact Proposal on a connection whose SYN had no SMC option. */
    uint32_t n = clc_prop_r_v2(c, m);
    seg(c, 0, TH_PSH | TH_ACK, m, n);
    unsigned k = 1;
    if (c->idx & 1) {
        n = clc_decline(c, m, 1, 1, SMCCLC_DECL_NOSMCRDEV);
        seg(c, 1, TH_PSH | TH_ACK, m, n);
        k++;
    } else {
        ack(c, 1);
    }
    if (c->t)
        c->t->lookalike_tcp += k;
    exchange(c);
    close_fin(c, 0);
}

static void render_plain(struct conn *c)
{
    uint32_t n = n_exchanges(c);
    handshake(c);
    for (uint32_t i = 0; i < n; i++)
        exchange(c);
    uint32_t r = rng_below(&c->rs, 100);
    if (r < 88)
        close_fin(c, r < 70 ? 0 : 1);
    else if (r < 96)
        close_rst(c, r & 1);
    /* else: still open when the capture ends */
}

static const uint16_t plain_ports[8] = {80, 443, 8080, 3306, 6379, 5432, 11211, 9092};

static unsigned smcclc_kind(const struct gen *g, uint32_t j)
{
    unsigned scen = g->cycle[j % g->ncycle];
    unsigned k = scen;
    if (j % 7 == 3)
        k |= 2u << K_SPLIT_SHIFT;
    else if (j % 7 == 5)
        k |= 3u << K_SPLIT_SHIFT;
    if (j % 9 == 4 && scen_info[scen].nmsg > 0) {
        k |= K_RETRANS;
        k |= ((j / 9) % scen_info[scen].nmsg) << K_RT_SHIFT;
    }
    if (j % 5 == 1 && scen_info[scen].v6_ok)
        k |= K_V6;
    return k;
}

static void render(struct gen *g, uint32_t idx, struct flist *fl, int dry, struct truth *t)
{
    struct conn c;
    memset(&c, 0, sizeof(c));
    c.g = g;
    c.idx = idx;
    c.kind = g->concurrent ? smcclc_kind(g, idx) : g->kind[idx];
    c.scen = c.kind & K_SCEN_MASK;
    c.rs = mix64(g->seed, (uint64_t)idx * 2 + 1);
    c.rb = mix64(g->seed ^ 0x5a5a5a5a5a5a5a5aULL, (uint64_t)idx * 2 + 1);
    c.dry = dry;
    c.fl = fl;
    c.t = t;
    if (fl) {
        fl->len = fl->n = fl->next = 0;
    }

    int smc = c.scen != SC_PLAIN;
    if (c.scen == SC_PLAIN)
        c.v6 = rng_pct(&c.rs, 10);
    else
        c.v6 = (c.kind & K_V6) != 0;
    c.ts = rng_pct(&c.rs, 30);
    c.binary = rng_pct(&c.rs, 35);
    uint32_t h = idx % NCLIENT;
    uint32_t s = (uint32_t)(mix64(0x1234, idx) % (smc ? NSMCSRV : NSERVER));
    c.ip4[0] = client_ip4(h);
    c.ip4[1] = server_ip4(s, smc);
    mac_of(c.mac[0], c.ip4[0]);
    mac_of(c.mac[1], c.ip4[1]);
    ip6_of(c.ip6[0], 1, h + 1);
    ip6_of(c.ip6[1], smc ? 0x100 : 0x200, s + 1);
    c.hostid[0] = (uint8_t)(h * 131u + 7);
    c.hostid[1] = (uint8_t)(s * 197u + 11);
    c.port[0] = (uint16_t)(32768u + ((idx / NCLIENT) * 7919u + h * 13u) % NPORTS);
    c.port[1] = smc ? (uint16_t)(5100 + s % 50) : plain_ports[rng_below(&c.rs, 8)];
    c.nxt[0] = (uint32_t)rng_next(&c.rs);
    c.nxt[1] = (uint32_t)rng_next(&c.rs);
    c.tsv[0] = (uint32_t)rng_next(&c.rs);
    c.tsv[1] = (uint32_t)rng_next(&c.rs);
    c.ipid[0] = (uint16_t)rng_next(&c.rs);
    c.ipid[1] = (uint16_t)rng_next(&c.rs);
    c.flow = (uint32_t)rng_next(&c.rs) & 0xffffe;

    if (c.scen == SC_PLAIN)
        render_plain(&c);
    else if (c.scen == SC_LOOKALIKE)
        render_lookalike(&c);
    else
        render_smc(&c);

    if (t) {
        t->tcp_conns++;
        t->tcp_conns_v6 += (uint64_t)c.v6;
        t->scen[c.scen]++;
        const struct scen_info *si = &scen_info[c.scen];
        if (si->outcome != SMCCLC_OUTCOME_NONE) {
            t->handshakes++;
            t->handshakes_v6 += (uint64_t)c.v6;
            t->outcome[si->outcome]++;
            if (si->outcome == SMCCLC_OUTCOME_FALLBACK)
                t->reason[smcclc_decline_lookup(si->reason) - smcclc_decline_table]++;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Non-TCP traffic: DNS (v4/v6), ARP, ICMP echo, NTP, ICMPv6 NS, misc UDP.     */

static void nontcp_copy_pending(struct gen *g)
{
    uint8_t *f = out_frame(&g->o, g->pend_len);
    memcpy(f, g->pend, g->pend_len);
    g->t.frames[g->pend_kind]++;
    g->pend_len = 0;
}

/* Builds a DNS message; returns its length. */
static uint32_t dns_msg(uint8_t *p, uint16_t id, uint32_t name, int resp, int aaaa, uint64_t *r)
{
    static const char *const zones[4] = {"example", "corp", "svc", "cdn"};
    put16(p, id);
    put16(p + 2, resp ? 0x8180 : 0x0100);
    put16(p + 4, 1);
    put16(p + 6, resp ? 1 : 0);
    put32(p + 8, 0);
    uint8_t *q = p + 12;
    int l = snprintf((char *)q + 1, 24, "host%u", name);
    q[0] = (uint8_t)l;
    q += 1 + l;
    const char *z = zones[name & 3];
    q[0] = (uint8_t)strlen(z);
    memcpy(q + 1, z, q[0]);
    q += 1 + q[0];
    q[0] = 3, memcpy(q + 1, "net", 3);
    q[4] = 0;
    q += 5;
    put16(q, aaaa ? 28 : 1);
    put16(q + 2, 1);
    q += 4;
    if (resp) {
        put16(q, 0xc00c);
        put16(q + 2, aaaa ? 28 : 1);
        put16(q + 4, 1);
        put32(q + 6, 300);
        put16(q + 10, aaaa ? 16 : 4);
        q += 12;
        uint64_t a = rng_next(r);
        if (aaaa) {
            put64(q, 0x20010db8ff000000ULL);
            put64(q + 8, a);
            q += 16;
        } else {
            put32(q, 0xc6330000u | (uint32_t)(a & 0xffff)); /* 198.51.x.y */
            q += 4;
        }
    }
    return (uint32_t)(q - p);
}

static void emit_nontcp(struct gen *g)
{
    uint64_t *r = &g->nrng;
    if (g->pend_len && rng_pct(r, 85)) {
        nontcp_copy_pending(g);
        return;
    }
    g->pend_len = 0; /* now and then a reply goes missing */

    g->nontcp_seq++;
    uint32_t h = rng_below(r, NCLIENT);
    uint32_t cip = client_ip4(h), dip;
    uint8_t cmac[6], smac[6], c6[16], s6[16];
    mac_of(cmac, cip);
    ip6_of(c6, 1, h + 1);
    uint8_t buf[1600];
    uint8_t *f = buf, *l3, *l4;
    uint32_t len = 0, k = rng_below(r, 100);

    if (g->nontcp_seq % 4999 == 2500) {
        /* UDP datagram that starts with a CLC eyecatcher: not TCP, never CLC. */
        dip = server_ip4(rng_below(r, NSMCSRV), 1);
        mac_of(smac, dip);
        uint8_t m[CLC_MAXLEN];
        struct conn c;
        memset(&c, 0, sizeof(c));
        c.ip4[0] = cip;
        mac_of(c.mac[0], cip);
        uint32_t n = clc_prop_r_v2(&c, m);
        l3 = put_eth(f, smac, cmac, 0x0800);
        l4 = put_ip4(l3, 17, cip, dip, 8 + n, (uint16_t)g->nontcp_seq, 64);
        put16(l4, (uint16_t)(40000 + h)), put16(l4 + 2, 5101), put16(l4 + 4, 8 + n);
        put16(l4 + 6, 0);
        memcpy(l4 + 8, m, n);
        len = 14 + 20 + 8 + n;
        memcpy(out_frame(&g->o, len), buf, len);
        g->t.frames[F_UDP4]++;
        g->t.lookalike_udp++;
        return;
    }

    if (k < 50) { /* DNS over IPv4 or IPv6 */
        int v6 = k >= 40;
        int aaaa = rng_pct(r, 30);
        uint16_t id = (uint16_t)rng_next(r);
        uint32_t name = rng_below(r, 50000);
        uint16_t sport = (uint16_t)rng_range(r, 1024, 65535);
        uint8_t dnsmac[6] = {0x02, 0x00, 0x0a, 0x00, 0x00, 0x35};
        uint8_t d6[16];
        ip6_of(d6, 0, 0x53);
        for (int resp = 0; resp < 2; resp++) {
            uint8_t *b = resp ? g->pend : buf;
            uint8_t *pl;
            if (v6) {
                l3 = put_eth(b, resp ? cmac : dnsmac, resp ? dnsmac : cmac, 0x86dd);
                pl = l3 + 40 + 8;
            } else {
                l3 = put_eth(b, resp ? cmac : dnsmac, resp ? dnsmac : cmac, 0x0800);
                pl = l3 + 20 + 8;
            }
            uint32_t n = dns_msg(pl, id, name, resp, aaaa, r);
            if (v6)
                l4 = put_ip6(l3, 17, resp ? d6 : c6, resp ? c6 : d6, 8 + n, sport, 64);
            else
                l4 = put_ip4(l3, 17, resp ? 0x0a000035u : cip, resp ? cip : 0x0a000035u, 8 + n,
                             (uint16_t)(id + resp), 64);
            put16(l4, resp ? 53 : sport);
            put16(l4 + 2, resp ? sport : 53);
            put16(l4 + 4, 8 + n);
            put16(l4 + 6, 0);
            if (g->csum)
                l4_csum(l3, v6, 17, l4, 8 + n, 6);
            uint32_t fl = (uint32_t)(l4 + 8 + n - b);
            if (resp) {
                g->pend_len = fl;
                g->pend_kind = v6 ? F_UDP6 : F_UDP4;
            } else {
                len = fl;
            }
        }
        memcpy(out_frame(&g->o, len), buf, len);
        g->t.frames[v6 ? F_UDP6 : F_UDP4]++;
        return;
    }
    if (k < 60) { /* ARP who-has for the gateway, and the reply */
        uint8_t gw[6] = {0x02, 0x00, 0x0a, 0x01, 0xff, 0xfe};
        uint32_t gip = 0x0a01fffeu;
        for (int rep = 0; rep < 2; rep++) {
            uint8_t *b = rep ? g->pend : buf;
            uint8_t *a = put_eth(b, rep ? cmac : mac_bcast, rep ? gw : cmac, 0x0806);
            put16(a, 1), put16(a + 2, 0x0800), a[4] = 6, a[5] = 4, put16(a + 6, rep ? 2 : 1);
            memcpy(a + 8, rep ? gw : cmac, 6);
            put32(a + 14, rep ? gip : cip);
            if (rep)
                memcpy(a + 18, cmac, 6);
            else
                memset(a + 18, 0, 6);
            put32(a + 24, rep ? cip : gip);
        }
        g->pend_len = 42;
        g->pend_kind = F_ARP;
        memcpy(out_frame(&g->o, 42), buf, 42);
        g->t.frames[F_ARP]++;
        return;
    }
    if (k < 75) { /* ICMP echo request / reply, 56 data bytes like ping */
        dip = server_ip4(rng_below(r, NSERVER), 0);
        mac_of(smac, dip);
        uint16_t id = (uint16_t)rng_next(r), sq = (uint16_t)rng_below(r, 1000);
        for (int rep = 0; rep < 2; rep++) {
            uint8_t *b = rep ? g->pend : buf;
            l3 = put_eth(b, rep ? cmac : smac, rep ? smac : cmac, 0x0800);
            l4 = put_ip4(l3, 1, rep ? dip : cip, rep ? cip : dip, 64, (uint16_t)(id ^ sq), 64);
            l4[0] = rep ? 0 : 8, l4[1] = 0, l4[2] = l4[3] = 0;
            put16(l4 + 4, id), put16(l4 + 6, sq);
            put64(l4 + 8, g->o.ts_us);
            for (int i = 16; i < 64; i++)
                l4[i] = (uint8_t)i;
            put16(l4 + 2, fold16(sum16(l4, 64, 0)));
        }
        g->pend_len = 98;
        g->pend_kind = F_ICMP4;
        memcpy(out_frame(&g->o, 98), buf, 98);
        g->t.frames[F_ICMP4]++;
        return;
    }
    if (k < 85) { /* NTP client/server (48-byte payload) */
        dip = 0x0a00007bu;
        mac_of(smac, dip);
        for (int rep = 0; rep < 2; rep++) {
            uint8_t *b = rep ? g->pend : buf;
            l3 = put_eth(b, rep ? cmac : smac, rep ? smac : cmac, 0x0800);
            l4 = put_ip4(l3, 17, rep ? dip : cip, rep ? cip : dip, 56, (uint16_t)h, 64);
            put16(l4, 123), put16(l4 + 2, 123), put16(l4 + 4, 56), put16(l4 + 6, 0);
            memset(l4 + 8, 0, 48);
            l4[8] = rep ? 0x24 : 0x23;
            put64(l4 + 48, g->o.ts_us);
        }
        g->pend_len = 90;
        g->pend_kind = F_UDP4;
        memcpy(out_frame(&g->o, 90), buf, 90);
        g->t.frames[F_UDP4]++;
        return;
    }
    if (k < 90) { /* ICMPv6 neighbour solicitation */
        uint8_t snm[6] = {0x33, 0x33, 0xff, 0, 0, 0};
        uint8_t sol[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0};
        ip6_of(s6, 0x200, rng_below(r, NSERVER) + 1);
        memcpy(snm + 3, s6 + 13, 3);
        memcpy(sol + 13, s6 + 13, 3);
        l3 = put_eth(f, snm, cmac, 0x86dd);
        l4 = put_ip6(l3, 58, c6, sol, 32, 0, 255);
        l4[0] = 135, l4[1] = 0, l4[2] = l4[3] = 0;
        put32(l4 + 4, 0);
        memcpy(l4 + 8, s6, 16);
        l4[24] = 1, l4[25] = 1;
        memcpy(l4 + 26, cmac, 6);
        l4_csum(l3, 1, 58, l4, 32, 2);
        memcpy(out_frame(&g->o, 86), buf, 86);
        g->t.frames[F_ICMP6]++;
        return;
    }
    /* misc UDP: syslog text or opaque datagrams over IPv4/IPv6 */
    {
        int v6 = rng_pct(r, 30);
        uint32_t n = rng_range(r, 20, 300);
        const uint8_t *src = rng_pct(r, 50) ? g->text : g->rnd;
        src += rng_below(r, POOL);
        dip = server_ip4(rng_below(r, NSERVER), 0);
        mac_of(smac, dip);
        ip6_of(s6, 0x200, (dip & 0xffff));
        l3 = put_eth(f, smac, cmac, v6 ? 0x86dd : 0x0800);
        if (v6)
            l4 = put_ip6(l3, 17, c6, s6, 8 + n, h, 64);
        else
            l4 = put_ip4(l3, 17, cip, dip, 8 + n, (uint16_t)g->nontcp_seq, 64);
        put16(l4, (uint16_t)(20000 + h)), put16(l4 + 2, v6 ? 9999 : 514);
        put16(l4 + 4, 8 + n), put16(l4 + 6, 0);
        memcpy(l4 + 8, src, n);
        if (g->csum)
            l4_csum(l3, v6, 17, l4, 8 + n, 6);
        len = (uint32_t)(l4 + 8 + n - f);
        memcpy(out_frame(&g->o, len), buf, len);
        g->t.frames[v6 ? F_UDP6 : F_UDP4]++;
    }
}

/* ------------------------------------------------------------------------ */
/* Payload pools.                                                              */

static void build_pools(struct gen *g)
{
    uint64_t r = mix64(g->seed, 0xb001);
    g->rnd = xrealloc(NULL, POOL + POOL_SLACK);
    for (uint32_t i = 0; i < POOL + POOL_SLACK; i += 8) {
        uint64_t v = rng_next(&r);
        memcpy(g->rnd + i, &v, 8);
    }
    for (uint32_t i = 0; i < POOL + POOL_SLACK; i++)
        if (g->rnd[i] == SMCCLC_BE32_BYTE(SMCCLC_EYECATCHER_R, 0))
            g->rnd[i]++;

    static const char *const methods[4] = {"GET", "GET", "POST", "PUT"};
    static const char *const ctypes[3] = {"application/json", "text/html; charset=utf-8",
                                          "application/octet-stream"};
    g->text = xrealloc(NULL, POOL + POOL_SLACK);
    uint32_t off = 0, nq = 0, np = 0;
    char *t = (char *)g->text;
    while (off < POOL + POOL_SLACK - 600) {
        uint32_t a = rng_below(&r, 100000), b = rng_below(&r, 64);
        int n;
        if (nq <= np) {
            if (off < POOL && nq < NSTARTS)
                g->req_start[nq] = off;
            nq++;
            n = snprintf(t + off, 600,
                         "%s /api/v%u/items/%u?page=%u HTTP/1.1\r\nHost: svc%u.example.net\r\n"
                         "User-Agent: bench/1.0\r\nAccept: */*\r\nConnection: keep-alive\r\n"
                         "X-Request-Id: %08x%08x\r\n\r\n",
                         methods[a & 3], 1 + (b & 1), a, b, b, (uint32_t)rng_next(&r),
                         (uint32_t)rng_next(&r));
        } else {
            if (off < POOL && np < NSTARTS)
                g->resp_start[np] = off;
            np++;
            n = snprintf(
                t + off, 600,
                "HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %u\r\n"
                "Cache-Control: max-age=%u\r\nServer: bench\r\n\r\n"
                "{\"id\":%u,\"name\":\"item-%u\",\"tags\":[\"a%u\",\"b%u\"],\"ok\":true}\n",
                ctypes[b % 3], 40 + a % 4000, b * 60, a, a ^ 0x5555, b, a % 97);
        }
        off += (uint32_t)n;
    }
    memset(t + off, ' ', POOL + POOL_SLACK - off);
    /* wrap the start tables if the pool held fewer than NSTARTS messages */
    for (uint32_t i = nq; i < NSTARTS; i++)
        g->req_start[i] = g->req_start[i % (nq ? nq : 1)];
    for (uint32_t i = np; i < NSTARTS; i++)
        g->resp_start[i] = g->resp_start[i % (np ? np : 1)];
}

/* ------------------------------------------------------------------------ */
/* Scheduling.                                                                 */

struct order {
    uint32_t n;
    uint64_t a, b; /* i -> (a*i + b) mod n, a coprime to n */
};

static uint64_t gcd64(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static struct order make_order(uint32_t n, uint64_t seed, int identity)
{
    struct order o = {n, 1, 0};
    if (identity || n < 2)
        return o;
    uint64_t s = seed;
    o.a = (rng_next(&s) % n) | 1;
    while (gcd64(o.a, n) != 1)
        o.a += 2;
    o.a %= n;
    if (o.a == 0)
        o.a = 1;
    o.b = rng_next(&s) % n;
    return o;
}

static uint32_t order_at(const struct order *o, uint32_t i)
{
    return (uint32_t)((o->a * i + o->b) % o->n);
}

/* Renders connection order[i] into the slot, keeping only packets of the
 * given phase (-1 = all). Returns the number of packets kept. */
static size_t load_slot(struct gen *g, struct flist *fl, uint32_t idx, int phase)
{
    render(g, idx, fl, 0, NULL);
    if (phase >= 0) {
        size_t k = 0;
        for (size_t i = 0; i < fl->n; i++)
            if (fl->pk[i].phase == phase)
                fl->pk[k++] = fl->pk[i];
        fl->n = k;
    }
    fl->next = 0;
    return fl->n;
}

static void run_pass(struct gen *g, const struct order *ord, int phase, uint64_t tcp_pkts,
                     uint64_t nontcp)
{
    uint32_t w = g->window;
    struct flist *slots = xrealloc(NULL, (size_t)w * sizeof(*slots));
    memset(slots, 0, (size_t)w * sizeof(*slots));
    uint32_t nact = 0, next = 0;
    uint64_t emitted = 0;
    uint64_t rs = mix64(g->seed, 0x5c4ed + (uint64_t)(phase + 1));

    while (nact < w && next < ord->n) {
        if (load_slot(g, &slots[nact], order_at(ord, next++), phase))
            nact++;
    }
    while (nact > 0 || nontcp > 0) {
        uint64_t tcp_rem = tcp_pkts > emitted ? tcp_pkts - emitted : 0;
        if (nontcp > 0 && (nact == 0 || (rng_next(&rs) % (tcp_rem + nontcp)) < nontcp)) {
            emit_nontcp(g);
            nontcp--;
            continue;
        }
        uint32_t si = rng_below(&rs, nact);
        struct flist *fl = &slots[si];
        const struct pkt *p = &fl->pk[fl->next++];
        memcpy(out_frame(&g->o, p->len), fl->buf + p->off, p->len);
        emitted++;
        if (fl->next == fl->n) {
            int refilled = 0;
            while (next < ord->n)
                if (load_slot(g, fl, order_at(ord, next++), phase)) {
                    refilled = 1;
                    break;
                }
            if (!refilled) {
                struct flist tmp = slots[si];
                slots[si] = slots[nact - 1];
                slots[nact - 1] = tmp;
                nact--;
            }
        }
    }
    if (emitted != tcp_pkts) {
        fprintf(stderr,
                "gen_mixed: internal error: %" PRIu64 " TCP packets emitted, %" PRIu64 " counted\n",
                emitted, tcp_pkts);
        exit(1);
    }
    for (uint32_t i = 0; i < w; i++) {
        free(slots[i].buf);
        free(slots[i].pk);
    }
    free(slots);
}

/* ------------------------------------------------------------------------ */
/* Setup, truth file, main.                                                    */

static void build_cycle(struct gen *g)
{
    g->ncycle = 0;
    for (unsigned s = 0; s < N_SCEN; s++)
        for (unsigned k = 0; k < scen_info[s].weight; k++)
            g->cycle[g->ncycle++] = (uint16_t)s;
    /* Fixed shuffle, independent of --seed, so scenario j is stable. */
    uint64_t r = 0xc1c1e;
    for (unsigned i = g->ncycle - 1; i > 0; i--) {
        unsigned j = rng_below(&r, i + 1);
        uint16_t tmp = g->cycle[i];
        g->cycle[i] = g->cycle[j];
        g->cycle[j] = tmp;
    }
}

static void assign_kinds(struct gen *g)
{
    uint64_t r = mix64(g->seed, 0xa551);
    g->kind = xrealloc(NULL, (size_t)g->nconns * sizeof(*g->kind));
    for (uint32_t i = 0; i < g->nconns; i++)
        g->kind[i] = SC_PLAIN;
    /* Spread the SMC connections evenly over the file: one per stride,
     * at a random place inside its stride. */
    for (uint32_t j = 0; j < g->nsmc; j++) {
        uint64_t lo = (uint64_t)j * g->nconns / g->nsmc;
        uint64_t hi = (uint64_t)(j + 1) * g->nconns / g->nsmc;
        uint32_t i = (uint32_t)(lo + rng_below(&r, (uint32_t)(hi - lo)));
        g->kind[i] = (uint16_t)smcclc_kind(g, j);
    }
    for (uint32_t j = 0; j < g->nlookalike;) {
        uint32_t i = rng_below(&r, g->nconns);
        if (g->kind[i] == SC_PLAIN) {
            g->kind[i] = SC_LOOKALIKE;
            j++;
        }
    }
}

static void write_truth(const struct gen *g, const char *path, double secs)
{
    char tp[4096];
    snprintf(tp, sizeof(tp), "%s.truth.json", path);
    FILE *f = fopen(tp, "w");
    if (!f) {
        fprintf(stderr, "gen_mixed: %s: %s\n", tp, strerror(errno));
        exit(1);
    }
    const struct truth *t = &g->t;
    fprintf(f, "{\n  \"generator\": \"bench/gen_mixed\",\n  \"format_version\": 1,\n");
    fprintf(f, "  \"file\": \"%s\",\n  \"seed\": %" PRIu64 ",\n", path, g->seed);
    fprintf(f, "  \"mode\": \"%s\",\n", g->concurrent ? "concurrent" : "mixed");
    fprintf(f, "  \"packets\": %" PRIu64 ",\n  \"file_bytes\": %" PRIu64 ",\n", g->o.pkts,
            g->o.bytes);
    fprintf(f, "  \"generate_seconds\": %.3f,\n", secs);
    fprintf(f, "  \"frames\": {");
    for (int i = 0; i < N_FRAME; i++)
        fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "", frame_name[i], t->frames[i]);
    fprintf(f, "},\n");
    fprintf(f, "  \"tcp_connections\": %" PRIu64 ",\n", t->tcp_conns);
    fprintf(f, "  \"tcp_connections_ipv6\": %" PRIu64 ",\n", t->tcp_conns_v6);
    fprintf(f, "  \"smc_handshakes\": {\"total\": %" PRIu64 ", \"ipv6\": %" PRIu64, t->handshakes,
            t->handshakes_v6);
    for (int i = SMCCLC_OUTCOME_SMC_R; i <= SMCCLC_OUTCOME_INCOMPLETE; i++)
        fprintf(f, ", \"%s\": %" PRIu64, smcclc_outcome_vals[i].key, t->outcome[i]);
    fprintf(f, "},\n  \"fallback_reasons\": {");
    int first = 1;
    for (int i = 0; i < N_DECL; i++) {
        if (!t->reason[i])
            continue;
        fprintf(f, "%s\"%s\": %" PRIu64, first ? "" : ", ", smcclc_decline_table[i].name,
                t->reason[i]);
        first = 0;
    }
    fprintf(f, "},\n  \"clc_messages\": {");
    for (int i = 1; i <= 4; i++)
        fprintf(f, "%s\"%s\": %" PRIu64, i > 1 ? ", " : "",
                smcclc_val_lookup(SMCCLC_VALS_TYPE, (uint32_t)i)->key, t->clc[i]);
    fprintf(f, "},\n  \"clc_messages_by_length\": {");
    first = 1;
    for (int i = 1; i <= 4; i++)
        for (int l = 0; l < CLC_MAXLEN; l++) {
            if (!t->clc_len[i][l])
                continue;
            fprintf(f, "%s\"%s/%d\": %" PRIu64, first ? "" : ", ",
                    smcclc_val_lookup(SMCCLC_VALS_TYPE, (uint32_t)i)->key, l, t->clc_len[i][l]);
            first = 0;
        }
    fprintf(f, "},\n");
    fprintf(f, "  \"clc_tcp_segments\": %" PRIu64 ",\n", t->clc_segments);
    fprintf(f, "  \"split_proposals\": %" PRIu64 ",\n", t->split_proposals);
    fprintf(f, "  \"retransmitted_clc_segments\": %" PRIu64 ",\n", t->retrans_segments);
    fprintf(f, "  \"lookalike_payloads\": %" PRIu64 ",\n", t->lookalike_tcp);
    fprintf(f, "  \"lookalike_udp_payloads\": %" PRIu64 ",\n", t->lookalike_udp);
    fprintf(f, "  \"scenarios\": {");
    for (int i = 0; i < N_SCEN; i++)
        fprintf(f, "%s\"%s\": %" PRIu64, i ? ", " : "", scen_info[i].name, t->scen[i]);
    fprintf(f, "},\n");
    fprintf(f,
            "  \"definitions\": {\n"
            "    \"smc_handshakes\": \"TCP connections whose SYN carries the SMC option "
            "(kind %d, ExID %08X)\",\n"
            "    \"smc-r/smc-d\": \"Proposal, Accept and Confirm of that type, no Decline\",\n"
            "    \"fallback\": \"a Decline (reason = its peer_diagnosis name), or a SYN-ACK "
            "without the option (PEERNOSMC, no CLC at all)\",\n"
            "    \"incomplete\": \"Proposal (and maybe Accept), then RST, no Confirm or "
            "Decline\",\n"
            "    \"clc_messages\": \"distinct CLC messages on option-bearing connections; "
            "retransmitted segments and look-alikes not counted\",\n"
            "    \"lookalike_payloads\": \"TCP segments starting with %08X on connections "
            "without any SMC option\"\n  }\n}\n",
            SMCCLC_TCP_OPTION_KIND, (unsigned)SMCCLC_TCP_OPTION_EXID,
            (unsigned)SMCCLC_EYECATCHER_R);
    if (fclose(f) != 0) {
        fprintf(stderr, "gen_mixed: %s: %s\n", tp, strerror(errno));
        exit(1);
    }
}

static void usage(void)
{
    fprintf(stderr,
            "usage: gen_mixed -o FILE [-p PACKETS] [-c CONNS] [-s SMC] [--seed N]\n"
            "                 [--lookalike N] [--window W] [--no-csum] [--concurrent N]\n"
            "  -p PACKETS      target packet count (default 10000000)\n"
            "  -c CONNS        TCP connections, SMC ones included (default 400000)\n"
            "  -s SMC          connections that offer SMC in the SYN (default 2000)\n"
            "  --lookalike N   non-SMC connections with CLC-looking payload (default SMC/10)\n"
            "  --window W      connections active at a time (default 1000)\n"
            "  --no-csum       leave TCP/UDP checksums 0 (IPv4 header and ICMP stay valid)\n"
            "  --concurrent N  N SMC connections: all handshakes, then all CLC\n"
            "                  exchanges, then all closes (-p/-c/-s ignored), packets\n"
            "                  1 us apart on average (mixed mode: 24 us)\n"
            "Writes FILE and FILE.truth.json.\n");
    exit(2);
}

static uint64_t parse_num(const char *s, const char *what)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s) {
        fprintf(stderr, "gen_mixed: bad %s: %s\n", what, s);
        exit(2);
    }
    if (*end == 'k' || *end == 'K')
        v *= 1000, end++;
    else if (*end == 'M' || *end == 'm')
        v *= 1000000, end++;
    if (*end) {
        fprintf(stderr, "gen_mixed: bad %s: %s\n", what, s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    static struct gen g; /* large (truth tables): keep it off the stack */
    const char *path = NULL;
    uint64_t conns = 400000, smc = 2000, look = UINT64_MAX, conc = 0;
    g.packets_target = 10000000;
    g.seed = 1;
    g.window = 1000;
    g.csum = 1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--no-csum")) {
            g.csum = 0;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            usage();
        if (!v)
            usage();
        if (!strcmp(a, "-o"))
            path = v;
        else if (!strcmp(a, "-p"))
            g.packets_target = parse_num(v, "packet count");
        else if (!strcmp(a, "-c"))
            conns = parse_num(v, "connection count");
        else if (!strcmp(a, "-s"))
            smc = parse_num(v, "SMC count");
        else if (!strcmp(a, "--seed"))
            g.seed = parse_num(v, "seed");
        else if (!strcmp(a, "--lookalike"))
            look = parse_num(v, "look-alike count");
        else if (!strcmp(a, "--window"))
            g.window = (uint32_t)parse_num(v, "window");
        else if (!strcmp(a, "--concurrent"))
            conc = parse_num(v, "concurrent count");
        else
            usage();
        i++;
    }
    if (!path)
        usage();
    if (look == UINT64_MAX)
        look = smc / 10;
    if (conc) {
        conns = conc;
        smc = conc;
        look = 0;
    }
    if (conns == 0 || conns > 100000000u || smc > conns || smc + look > conns || g.window == 0) {
        fprintf(stderr, "gen_mixed: need 0 < CONNS <= 1e8, SMC + lookalike <= CONNS, W > 0\n");
        exit(2);
    }
    g.nconns = (uint32_t)conns;
    g.nsmc = (uint32_t)smc;
    g.nlookalike = (uint32_t)look;
    g.concurrent = (uint32_t)conc;
    /* ~10% of the packets are non-TCP; the rest is spread over the
     * connections: 6.5 packets of handshake and close, ~4.3 per exchange. */
    double per_conn = (double)g.packets_target * 0.9 / (double)conns;
    g.mean_exch = (per_conn - 6.5) / 4.3;

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    build_cycle(&g);
    build_pools(&g);
    if (!conc)
        assign_kinds(&g);

    /* Counting pass: exact TCP packet totals (per phase) and the truth. */
    for (uint32_t i = 0; i < g.nconns; i++)
        render(&g, i, NULL, 1, &g.t);
    const uint64_t *phase_total = g.t.tcp_phase;
    uint64_t tcp_total = phase_total[0] + phase_total[1] + phase_total[2];
    uint64_t nontcp = 0;
    if (!conc) {
        if (tcp_total < g.packets_target)
            nontcp = g.packets_target - tcp_total;
        else
            fprintf(stderr,
                    "gen_mixed: warning: %" PRIu64 " TCP packets exceed -p %" PRIu64
                    "; no room for non-TCP traffic\n",
                    tcp_total, g.packets_target);
    }

    g.o.path = path;
    g.o.f = fopen(path, "wb");
    if (!g.o.f) {
        fprintf(stderr, "gen_mixed: %s: %s\n", path, strerror(errno));
        return 1;
    }
    setvbuf(g.o.f, NULL, _IONBF, 0);
    g.o.buf = xrealloc(NULL, OUT_BUF);
    g.o.ts_us = 1767225600ULL * 1000000ULL; /* 2026-01-01 00:00:00 UTC */
    g.o.rng = mix64(g.seed, 0x7153);
    g.o.dense = conc != 0;
    g.nrng = mix64(g.seed, 0x404);
    out_header(&g.o);

    if (!conc) {
        struct order o = make_order(g.nconns, 0, 1);
        run_pass(&g, &o, -1, tcp_total, nontcp);
    } else {
        for (int ph = 0; ph < 3; ph++) {
            struct order o = make_order(g.nconns, mix64(g.seed, (uint64_t)ph), ph == 0);
            run_pass(&g, &o, ph, phase_total[ph], 0);
        }
    }
    out_flush(&g.o);
    if (fclose(g.o.f) != 0) {
        fprintf(stderr, "gen_mixed: %s: %s\n", path, strerror(errno));
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    write_truth(&g, path, secs);
    fprintf(stderr,
            "gen_mixed: %s: %" PRIu64 " packets, %" PRIu64 " bytes (%.1f B/record), %" PRIu64
            " TCP conns, %" PRIu64 " SMC handshakes, %.2f s, %.0f MB/s\n",
            path, g.o.pkts, g.o.bytes, (double)g.o.bytes / (double)(g.o.pkts ? g.o.pkts : 1),
            g.t.tcp_conns, g.t.handshakes, secs, (double)g.o.bytes / 1e6 / secs);
    free(g.o.buf);
    free(g.kind);
    free(g.text);
    free(g.rnd);
    return 0;
}
