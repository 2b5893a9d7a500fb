/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The default kernel filter (smcdump/kfilter.c), run with libpcap's own BPF
 * interpreter (pcap_offline_filter) on built packets of every shape it must
 * handle, on the records of bundled captures, and chained with a user
 * filter.
 */
#define _DEFAULT_SOURCE /* u_char and friends in pcap.h */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "decap.h"
#include "kfilter.h"

#define SNAP 262144u
#define PASS true
#define DROP false

/* ---- packet building ---- */

struct pkt {
    uint8_t b[2048];
    size_t n;
};

static void put(struct pkt *p, const void *src, size_t n)
{
    assert_true(p->n + n <= sizeof(p->b));
    memcpy(p->b + p->n, src, n);
    p->n += n;
}

static void put16(struct pkt *p, uint16_t v)
{
    uint8_t x[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(p, x, 2);
}

static void put8(struct pkt *p, uint8_t v)
{
    put(p, &v, 1);
}

static void zeros(struct pkt *p, size_t n)
{
    assert_true(p->n + n <= sizeof(p->b));
    memset(p->b + p->n, 0, n);
    p->n += n;
}

/* Ethernet with `tags` VLAN tags (the outer one 802.1ad), then `type`. */
static void eth(struct pkt *p, int tags, uint16_t type)
{
    zeros(p, 12);
    for (int i = 0; i < tags; i++) {
        put16(p, i == 0 && tags > 1 ? 0x88a8 : 0x8100);
        put16(p, (uint16_t)(100 + i));
    }
    put16(p, type);
}

struct tcpseg {
    uint8_t flags;
    uint8_t opt_words; /* TCP options, 4 bytes each */
    size_t payload;
    uint32_t eye; /* first payload bytes; 0: 0x41 filler */
    uint16_t sport, dport;
};

static void tcp(struct pkt *p, const struct tcpseg *t)
{
    put16(p, t->sport ? t->sport : 40000);
    put16(p, t->dport ? t->dport : 5000);
    zeros(p, 8); /* seq, ack */
    put8(p, (uint8_t)((5 + t->opt_words) << 4));
    put8(p, t->flags);
    zeros(p, 6); /* window, checksum, urgent */
    for (int i = 0; i < t->opt_words; i++)
        put(p, "\x01\x01\x01\x01", 4);
    for (size_t i = 0; i < t->payload; i++) {
        uint8_t c = 0x41;
        if (t->eye && i < 4)
            c = (uint8_t)(t->eye >> (24 - 8 * i));
        put8(p, c);
    }
}

static size_t tcp_len(const struct tcpseg *t)
{
    return 20 + 4u * t->opt_words + t->payload;
}

/* IPv4 with `opt_words` of options; frag: the fragment offset field. */
static void ip4(struct pkt *p, uint8_t proto, int opt_words, uint16_t frag, size_t l4)
{
    put8(p, (uint8_t)(0x40 | (5 + opt_words)));
    put8(p, 0);
    put16(p, (uint16_t)(20 + 4 * opt_words + l4));
    zeros(p, 2);
    put16(p, frag);
    put8(p, 64);
    put8(p, proto);
    zeros(p, 2);
    put(p, "\xc0\x00\x02\x02\xc0\x00\x02\x01", 8);
    for (int i = 0; i < opt_words; i++)
        put(p, "\x01\x01\x01\x01", 4);
}

/*
 * IPv6 with the extension headers in `ext` (next-header values: 0, 43, 60 of
 * 16 bytes each, or 44, a fragment header of 8 with offset `frag`).
 */
static void ip6(struct pkt *p, const uint8_t *ext, int n_ext, uint16_t frag, size_t l4)
{
    size_t ext_len = 0;

    for (int i = 0; i < n_ext; i++)
        ext_len += ext[i] == 44 ? 8 : 16;
    put(p, "\x60\x00\x00\x00", 4);
    put16(p, (uint16_t)(ext_len + l4));
    put8(p, n_ext ? ext[0] : 6);
    put8(p, 64);
    zeros(p, 15);
    put8(p, 2);
    zeros(p, 15);
    put8(p, 1);
    for (int i = 0; i < n_ext; i++) {
        put8(p, i + 1 < n_ext ? ext[i + 1] : 6);
        if (ext[i] == 44) {
            put8(p, 0);
            put16(p, frag);
            zeros(p, 4);
        } else {
            put8(p, 1); /* (1 + 1) * 8 = 16 bytes */
            zeros(p, 14);
        }
    }
}

/* ---- running the filter ---- */

static bool run(int linktype, const struct bpf_program *user, const struct pkt *p)
{
    struct bpf_program prog;
    struct pcap_pkthdr h = {{0, 0}, (bpf_u_int32)p->n, (bpf_u_int32)p->n};
    int r;

    assert_int_equal(sd_kfilter_build(linktype, SNAP, user, &prog), 0);
    r = pcap_offline_filter(&prog, &h, p->b);
    sd_kfilter_free(&prog);
    if (r != 0 && !user)
        assert_int_equal(r, SNAP); /* a pass keeps the whole packet */
    return r != 0;
}

static const uint32_t EYE_R = 0xE2D4C3D9u, EYE_D = 0xE2D4C3C4u;

/* An Ethernet IPv4 TCP packet with `tags` VLAN tags. */
static bool eth4(int tags, const struct tcpseg *t)
{
    struct pkt p = {.n = 0};

    eth(&p, tags, 0x0800);
    ip4(&p, 6, 0, 0, tcp_len(t));
    tcp(&p, t);
    return run(SD_LINK_ETHERNET, NULL, &p);
}

static void test_ipv4_flags_and_payloads(void **state)
{
    (void)state;
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x02}));                 /* SYN */
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x12, .opt_words = 3})); /* SYN-ACK */
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x11}));                 /* FIN */
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x14}));                 /* RST */
    assert_false(eth4(0, &(struct tcpseg){.flags = 0x10}));                /* a bare ACK */
    /* bulk data is what the filter is for */
    assert_false(eth4(0, &(struct tcpseg){.flags = 0x10, .payload = 1448}));
    assert_false(eth4(0, &(struct tcpseg){.flags = 0x18, .payload = 1024}));
    /* short payloads may be the rest of a split CLC message */
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x18, .payload = 1023}));
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x10, .payload = 1}));
    /* a CLC message with more behind it in the same segment */
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x18, .payload = 1448, .eye = EYE_R}));
    assert_true(eth4(0, &(struct tcpseg){.flags = 0x18, .payload = 1448, .eye = EYE_D}));
    assert_false(eth4(0, &(struct tcpseg){.flags = 0x18, .payload = 1448, .eye = 0xE2D4C3C5u}));
    /* the payload is found behind TCP options */
    assert_true(
        eth4(0, &(struct tcpseg){.flags = 0x18, .opt_words = 3, .payload = 1400, .eye = EYE_R}));
    assert_false(eth4(0, &(struct tcpseg){.flags = 0x18, .opt_words = 3, .payload = 1400}));
}

static void test_ipv4_options_fragments_other(void **state)
{
    struct tcpseg big = {.flags = 0x18, .payload = 1400, .eye = EYE_R};
    struct tcpseg junk = {.flags = 0x18, .payload = 1400};
    struct pkt p = {.n = 0};

    (void)state;
    eth(&p, 0, 0x0800);
    ip4(&p, 6, 2, 0, tcp_len(&big));
    tcp(&p, &big);
    assert_true(run(SD_LINK_ETHERNET, NULL, &p));
    p.n = 0;
    eth(&p, 0, 0x0800);
    ip4(&p, 6, 2, 0, tcp_len(&junk));
    tcp(&p, &junk);
    assert_false(run(SD_LINK_ETHERNET, NULL, &p));
    /* a first fragment (more fragments, offset 0) has the TCP header: judged on it */
    p.n = 0;
    eth(&p, 0, 0x0800);
    ip4(&p, 6, 0, 0x2000, tcp_len(&big));
    tcp(&p, &big);
    assert_true(run(SD_LINK_ETHERNET, NULL, &p));
    /* a later fragment has none: whatever its bytes, it goes */
    p.n = 0;
    eth(&p, 0, 0x0800);
    ip4(&p, 6, 0, 185, tcp_len(&big));
    tcp(&p, &(struct tcpseg){.flags = 0x02, .payload = 1400});
    assert_false(run(SD_LINK_ETHERNET, NULL, &p));
    /* UDP, ARP */
    p.n = 0;
    eth(&p, 0, 0x0800);
    ip4(&p, 17, 0, 0, 28);
    zeros(&p, 28);
    assert_false(run(SD_LINK_ETHERNET, NULL, &p));
    p.n = 0;
    eth(&p, 0, 0x0806);
    zeros(&p, 28);
    assert_false(run(SD_LINK_ETHERNET, NULL, &p));
    /* a packet cut short of its TCP header cannot be judged: the kernel sees whole packets */
    p.n = 0;
    eth(&p, 0, 0x0800);
    ip4(&p, 6, 0, 0, 20);
    assert_false(run(SD_LINK_ETHERNET, NULL, &p));
}

static void test_vlan(void **state)
{
    (void)state;
    assert_true(eth4(1, &(struct tcpseg){.flags = 0x02}));
    assert_true(eth4(2, &(struct tcpseg){.flags = 0x02}));
    assert_true(eth4(2, &(struct tcpseg){.flags = 0x18, .payload = 1448, .eye = EYE_R}));
    assert_false(eth4(1, &(struct tcpseg){.flags = 0x18, .payload = 1448}));
    assert_false(eth4(2, &(struct tcpseg){.flags = 0x18, .payload = 1448}));
    /* a third tag is past what the filter walks (docs/smcdump-internals.md) */
    assert_false(eth4(3, &(struct tcpseg){.flags = 0x02}));
}

static bool eth6(const uint8_t *ext, int n_ext, uint16_t frag, const struct tcpseg *t)
{
    struct pkt p = {.n = 0};

    eth(&p, 0, 0x86dd);
    ip6(&p, ext, n_ext, frag, tcp_len(t));
    tcp(&p, t);
    return run(SD_LINK_ETHERNET, NULL, &p);
}

static void test_ipv6_extension_headers(void **state)
{
    static const uint8_t hbh_dst[] = {0, 60}, three[] = {0, 43, 60}, four[] = {0, 43, 60, 60};
    static const uint8_t frag[] = {44}, hbh_frag[] = {0, 44};
    struct tcpseg syn = {.flags = 0x02}, big = {.flags = 0x18, .payload = 1400, .eye = EYE_R};
    struct tcpseg junk = {.flags = 0x18, .payload = 1400}, ack = {.flags = 0x10};

    (void)state;
    assert_true(eth6(NULL, 0, 0, &syn));
    assert_true(eth6(NULL, 0, 0, &big));
    assert_false(eth6(NULL, 0, 0, &junk));
    assert_false(eth6(NULL, 0, 0, &ack));
    assert_true(eth6(NULL, 0, 0, &(struct tcpseg){.flags = 0x18, .payload = 200}));
    assert_true(eth6(hbh_dst, 2, 0, &syn));
    assert_true(eth6(hbh_dst, 2, 0, &big));
    assert_false(eth6(hbh_dst, 2, 0, &junk));
    assert_true(eth6(three, 3, 0, &big));
    assert_false(eth6(three, 3, 0, &junk));
    /* first fragment: judged on its TCP header; a later one (offset 8 << 3) goes */
    assert_true(eth6(frag, 1, 0x0001, &big));
    assert_true(eth6(hbh_frag, 2, 0x0001, &syn));
    assert_false(eth6(frag, 1, 0x0041, &big));
    /* more extension headers than it walks: the documented miss */
    assert_false(eth6(four, 4, 0, &syn));
    /* unknown next header (ESP) */
    {
        static const uint8_t esp[] = {50};
        assert_false(eth6(esp, 1, 0, &syn));
    }
}

static void test_other_link_types(void **state)
{
    struct tcpseg big = {.flags = 0x18, .payload = 1400, .eye = EYE_R};
    struct tcpseg junk = {.flags = 0x18, .payload = 1400};
    struct pkt p;

    (void)state;
    for (int v6 = 0; v6 < 2; v6++)
        for (int which = 0; which < 2; which++) {
            const struct tcpseg *t = which ? &junk : &big;
            bool want = !which;

            /* Linux cooked v1: 16 bytes, protocol at 14 */
            p.n = 0;
            zeros(&p, 14);
            put16(&p, v6 ? 0x86dd : 0x0800);
            v6 ? ip6(&p, NULL, 0, 0, tcp_len(t)) : ip4(&p, 6, 0, 0, tcp_len(t));
            tcp(&p, t);
            assert_int_equal(run(SD_LINK_LINUX_SLL, NULL, &p), want);
            /* Linux cooked v2: 20 bytes, protocol at 0 */
            p.n = 0;
            put16(&p, v6 ? 0x86dd : 0x0800);
            zeros(&p, 18);
            v6 ? ip6(&p, NULL, 0, 0, tcp_len(t)) : ip4(&p, 6, 0, 0, tcp_len(t));
            tcp(&p, t);
            assert_int_equal(run(SD_LINK_LINUX_SLL2, NULL, &p), want);
            /* raw IP */
            p.n = 0;
            v6 ? ip6(&p, NULL, 0, 0, tcp_len(t)) : ip4(&p, 6, 0, 0, tcp_len(t));
            tcp(&p, t);
            assert_int_equal(run(SD_LINK_RAW, NULL, &p), want);
            assert_int_equal(run(SD_LINK_RAW_101, NULL, &p), want);
        }
    {
        struct bpf_program prog;
        assert_int_equal(sd_kfilter_build(SD_LINK_NULL, SNAP, NULL, &prog), SD_KF_NONE);
    }
}

/* A user program that leaves no room for ours under the kernel's limit. */
static void test_too_long_with_user_filter(void **state)
{
    static struct bpf_insn ret[SD_KF_PROG_MAX];
    struct bpf_program user = {SD_KF_PROG_MAX, ret}, prog;

    (void)state;
    for (size_t i = 0; i < SD_KF_PROG_MAX; i++)
        ret[i] = (struct bpf_insn)BPF_STMT(BPF_RET | BPF_K, 0);
    assert_int_equal(sd_kfilter_build(SD_LINK_ETHERNET, SNAP, &user, &prog), SD_KF_TOO_LONG);
    assert_null(prog.bf_insns);
    user.bf_len = 1;
    assert_int_equal(sd_kfilter_build(SD_LINK_ETHERNET, SNAP, &user, &prog), SD_KF_BUILT);
    assert_non_null(prog.bf_insns);
    sd_kfilter_free(&prog);
}

/* The user's expression narrows what the default filter passes, never widens it. */
static void test_chained_user_filter(void **state)
{
    struct bpf_program user;
    struct pkt p;
    const struct tcpseg cases[] = {
        {.flags = 0x02, .dport = 5000},
        {.flags = 0x02, .dport = 80},
        {.flags = 0x18, .payload = 1400, .dport = 5000},
        {.flags = 0x18, .payload = 1400, .eye = EYE_R, .dport = 5000},
    };
    const bool want[] = {PASS, DROP, DROP, PASS};

    pcap_t *dead = pcap_open_dead(DLT_EN10MB, SNAP);

    (void)state;
    assert_non_null(dead);
    assert_int_equal(pcap_compile(dead, &user, "tcp port 5000", 1, PCAP_NETMASK_UNKNOWN), 0);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        p.n = 0;
        eth(&p, 0, 0x0800);
        ip4(&p, 6, 0, 0, tcp_len(&cases[i]));
        tcp(&p, &cases[i]);
        assert_int_equal(run(SD_LINK_ETHERNET, &user, &p), want[i]);
    }
    pcap_freecode(&user);
    pcap_close(dead);
}

/*
 * Every record of a bundled capture that carries TCP payload, a SYN, FIN or
 * RST passes; pure ACKs go. The oracle is libpcap's own compiler (IPv4 only).
 */
#define ORACLE                                                                                     \
    "(tcp and (tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0 or "                                 \
    "ip[2:2] - ((ip[0] & 0xf) << 2) - ((tcp[12] & 0xf0) >> 2) > 0))"

static void check_capture(const char *name, unsigned *passed)
{
    /* one program per VLAN depth: libpcap's "vlan" moves the offsets of all that follows */
    static const char *const oracles[] = {ORACLE, "vlan and " ORACLE, "vlan and vlan and " ORACLE};
    char path[1024], err[PCAP_ERRBUF_SIZE];
    struct bpf_program want[3], prog;
    struct pcap_pkthdr *h;
    const u_char *data;
    pcap_t *p;
    unsigned n = 0;

    snprintf(path, sizeof(path), "%s/%s", SD_TEST_CAPTURES, name);
    p = pcap_open_offline(path, err);
    assert_non_null(p);
    for (int i = 0; i < 3; i++)
        assert_int_equal(pcap_compile(p, &want[i], oracles[i], 1, PCAP_NETMASK_UNKNOWN), 0);
    assert_int_equal(sd_kfilter_build(pcap_datalink(p), SNAP, NULL, &prog), 0);
    while (pcap_next_ex(p, &h, &data) == 1) {
        bool w = false, got = pcap_offline_filter(&prog, h, data) != 0;

        for (int i = 0; i < 3; i++)
            w = w || pcap_offline_filter(&want[i], h, data) != 0;
        n++;
        if (w != got)
            fail_msg("%s record %u: default filter %s, want %s", name, n, got ? "pass" : "drop",
                     w ? "pass" : "drop");
        *passed += got;
    }
    assert_true(n > 0);
    sd_kfilter_free(&prog);
    for (int i = 0; i < 3; i++)
        pcap_freecode(&want[i]);
    pcap_close(p);
}

static void test_captures(void **state)
{
    static const char *const names[] = {
        "built/split-proposal.pcap", "built/merged-segment.pcap", "built/out-of-order.pcap",
        "built/retransmission.pcap", "built/vlan.pcap",           "real/k612-01-smcr-v2-ipv4.pcap",
    };
    unsigned passed = 0;

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        check_capture(names[i], &passed);
    assert_true(passed > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ipv4_flags_and_payloads),
        cmocka_unit_test(test_ipv4_options_fragments_other),
        cmocka_unit_test(test_vlan),
        cmocka_unit_test(test_ipv6_extension_headers),
        cmocka_unit_test(test_other_link_types),
        cmocka_unit_test(test_chained_user_filter),
        cmocka_unit_test(test_too_long_with_user_filter),
        cmocka_unit_test(test_captures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
