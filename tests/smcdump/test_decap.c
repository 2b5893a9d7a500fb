/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of smcdump/decap.c: every link type, VLAN and QinQ tags, IPv6
 * extension headers, fragments, and the line between TRUNCATED (snaplen cut
 * what the wire had) and MALFORMED (a header claims more than the wire had);
 * the "nothing for us here" answer (SKIP), and the inline prefix held to the
 * general walk packet by packet.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "decap.h"

/* A packet under construction: link header, IP, optional IPv6 extensions, TCP, payload. */
struct pkt {
    uint8_t b[512];
    size_t n;
};

static void put(struct pkt *p, const void *d, size_t n)
{
    memcpy(p->b + p->n, d, n);
    p->n += n;
}

static void put8(struct pkt *p, uint8_t v)
{
    p->b[p->n++] = v;
}

static void put16(struct pkt *p, uint16_t v)
{
    put8(p, (uint8_t)(v >> 8));
    put8(p, (uint8_t)v);
}

static void put32(struct pkt *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p, (uint16_t)v);
}

static const uint8_t C4[4] = {192, 0, 2, 2}, S4[4] = {192, 0, 2, 1};
static const uint8_t C6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
static const uint8_t S6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
static const uint8_t PAYLOAD[10] = {0xE2, 0xD4, 0xC3, 0xD9, 1, 0, 52, 0x20, 0, 0};

static void ether(struct pkt *p, const uint16_t *tags, size_t ntags, uint16_t type)
{
    static const uint8_t macs[12] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};

    put(p, macs, sizeof(macs));
    for (size_t i = 0; i < ntags; i += 2) {
        put16(p, tags[i]);
        put16(p, tags[i + 1]);
    }
    put16(p, type);
}

/* TCP header with `optlen` bytes of options (NOPs), seq 1000, then the payload. */
static void tcp(struct pkt *p, uint8_t flags, size_t optlen, size_t plen)
{
    put16(p, 40000);
    put16(p, 5107);
    put32(p, 1000);
    put32(p, 0);
    put8(p, (uint8_t)(((20 + optlen) / 4) << 4));
    put8(p, flags);
    put16(p, 65535);
    put32(p, 0);
    for (size_t i = 0; i < optlen; i++)
        put8(p, 1);
    put(p, PAYLOAD, plen);
}

static void ipv4(struct pkt *p, size_t l4len, uint16_t frag, uint8_t proto)
{
    put8(p, 0x45);
    put8(p, 0);
    put16(p, (uint16_t)(20 + l4len));
    put16(p, 1);
    put16(p, frag);
    put8(p, 64);
    put8(p, proto);
    put16(p, 0);
    put(p, C4, 4);
    put(p, S4, 4);
}

static void ipv6(struct pkt *p, size_t plen, uint8_t nh)
{
    put32(p, 0x60000000);
    put16(p, (uint16_t)plen);
    put8(p, nh);
    put8(p, 64);
    put(p, C6, 16);
    put(p, S6, 16);
}

/* Ethernet + IPv4 + TCP with a 10-byte payload. */
static void eth_v4(struct pkt *p)
{
    ether(p, NULL, 0, 0x0800);
    ipv4(p, 20 + sizeof(PAYLOAD), 0x4000, 6);
    tcp(p, 0x18, 0, sizeof(PAYLOAD));
}

static enum sd_decap_status dec(int link, const struct pkt *p, size_t cap, size_t wire,
                                struct sd_segment *s, struct sd_decap_error *e)
{
    static struct sd_portset every; /* every port pair wanted: no segment is skipped */

    memset(&every, 0xFF, sizeof(every));
    memset(s, 0, sizeof(*s));
    memset(e, 0, sizeof(*e));
    return sd_decap(link, p->b, cap, wire, &every, s, e);
}

static void assert_v4_segment(const struct sd_segment *s, size_t poff)
{
    assert_int_equal(s->family, 4);
    assert_memory_equal(s->src, C4, 4);
    assert_memory_equal(s->dst, S4, 4);
    assert_int_equal(s->sport, 40000);
    assert_int_equal(s->dport, 5107);
    assert_int_equal(s->seq, 1000);
    assert_int_equal(s->flags, 0x18);
    assert_int_equal(s->payload_off, poff);
    assert_int_equal(s->wirelen, sizeof(PAYLOAD));
    assert_int_equal(s->caplen, sizeof(PAYLOAD));
    assert_memory_equal(s->payload, PAYLOAD, sizeof(PAYLOAD));
    assert_false(s->fragment);
}

static void test_ethernet_ipv4(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    eth_v4(&p);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_v4_segment(&s, 54);
}

/* Ethernet pads to 60 bytes: the pad must not become payload. */
static void test_ethernet_padding(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ether(&p, NULL, 0, 0x0800);
    ipv4(&p, 20, 0x4000, 6);
    tcp(&p, 0x10, 0, 0);
    memset(p.b + p.n, 0, 60 - p.n);
    p.n = 60;
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.wirelen, 0);
    assert_int_equal(s.caplen, 0);
}

static void test_vlan_tags(void **state)
{
    static const uint16_t dot1q[] = {0x8100, 100};
    static const uint16_t qinq[] = {0x88a8, 200, 0x8100, 300};
    static const uint16_t old_qinq[] = {0x9100, 7, 0x8100, 8};
    const uint16_t *tags[] = {dot1q, qinq, old_qinq};
    size_t ntags[] = {2, 4, 4};

    (void)state;
    for (size_t i = 0; i < 3; i++) {
        struct pkt p = {0};
        struct sd_segment s;
        struct sd_decap_error e;
        ether(&p, tags[i], ntags[i], 0x0800);
        ipv4(&p, 20 + sizeof(PAYLOAD), 0, 6);
        tcp(&p, 0x18, 0, sizeof(PAYLOAD));
        assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
        assert_v4_segment(&s, 54 + 2 * ntags[i]);
    }
}

static void test_vlan_tag_cut(void **state)
{
    static const uint16_t qinq[] = {0x88a8, 200, 0x8100, 300};
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ether(&p, qinq, 4, 0x0800);
    ipv4(&p, 20, 0, 6);
    tcp(&p, 0x10, 0, 0);
    /* snaplen 16: the inner tag is cut, but was on the wire */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, 16, p.n, &s, &e), SD_DECAP_TRUNCATED);
    assert_int_equal(e.offset, 14);
    assert_non_null(strstr(e.what, "VLAN tag"));
}

static void test_linux_sll(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    put16(&p, 0); /* packet type: to us */
    put16(&p, 1); /* ARPHRD_ETHER */
    put16(&p, 6); /* address length */
    put32(&p, 0x02000000);
    put32(&p, 0x00010000);
    put16(&p, 0x0800); /* protocol */
    ipv4(&p, 20 + sizeof(PAYLOAD), 0x4000, 6);
    tcp(&p, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_LINUX_SLL, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_v4_segment(&s, 16 + 40);
}

static void test_linux_sll2(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    put16(&p, 0x86DD); /* protocol first in v2 */
    put16(&p, 0);
    put32(&p, 3); /* ifindex */
    put16(&p, 1);
    put8(&p, 4);
    put8(&p, 6);
    put32(&p, 0x02000000);
    put32(&p, 0x00010000);
    ipv6(&p, 20 + sizeof(PAYLOAD), 6);
    tcp(&p, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_LINUX_SLL2, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.family, 6);
    assert_memory_equal(s.src, C6, 16);
    assert_memory_equal(s.dst, S6, 16);
    assert_int_equal(s.payload_off, 20 + 40 + 20);
    assert_int_equal(s.wirelen, sizeof(PAYLOAD));
}

static void test_raw_ip(void **state)
{
    static const int links[] = {SD_LINK_RAW, SD_LINK_RAW_101, SD_LINK_RAW_OPENBSD, SD_LINK_IPV4,
                                SD_LINK_IPV6};

    (void)state;
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
        struct pkt p4 = {0}, p6 = {0};
        struct sd_segment s;
        struct sd_decap_error e;
        ipv4(&p4, 20 + sizeof(PAYLOAD), 0, 6);
        tcp(&p4, 0x18, 0, sizeof(PAYLOAD));
        assert_int_equal(dec(links[i], &p4, p4.n, p4.n, &s, &e), SD_DECAP_TCP);
        assert_v4_segment(&s, 40);
        ipv6(&p6, 20, 6);
        tcp(&p6, 0x10, 0, 0);
        assert_int_equal(dec(links[i], &p6, p6.n, p6.n, &s, &e), SD_DECAP_TCP);
        assert_int_equal(s.family, 6);
    }
}

static void test_raw_bad_version(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ipv4(&p, 20, 0, 6);
    tcp(&p, 0x10, 0, 0);
    p.b[0] = 0x55;
    assert_int_equal(dec(SD_LINK_RAW, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
    assert_int_equal(e.offset, 0);
    assert_string_equal(e.what, "IP version 5 in a raw IP packet");
}

/* DLT_NULL: the family is in the capturing host's byte order, either one. */
static void test_null_loopback(void **state)
{
    static const uint8_t fams[][4] = {
        {2, 0, 0, 0},  /* AF_INET, little-endian */
        {0, 0, 0, 2},  /* AF_INET, big-endian */
        {30, 0, 0, 0}, /* AF_INET6 Darwin */
        {0, 0, 0, 24}, /* AF_INET6 NetBSD/OpenBSD, big-endian */
        {28, 0, 0, 0}, /* AF_INET6 FreeBSD */
        {10, 0, 0, 0}, /* AF_INET6 Linux */
    };
    static const uint8_t want[] = {4, 4, 6, 6, 6, 6};

    (void)state;
    for (size_t i = 0; i < sizeof(want); i++) {
        struct pkt p = {0};
        struct sd_segment s;
        struct sd_decap_error e;
        put(&p, fams[i], 4);
        if (want[i] == 4)
            ipv4(&p, 20, 0, 6);
        else
            ipv6(&p, 20, 6);
        tcp(&p, 0x10, 0, 0);
        assert_int_equal(dec(SD_LINK_NULL, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
        assert_int_equal(s.family, want[i]);
    }
}

static void test_loop(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    put32(&p, 24);
    ipv6(&p, 20 + sizeof(PAYLOAD), 6);
    tcp(&p, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_LOOP, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.family, 6);
    assert_int_equal(s.payload_off, 4 + 40 + 20);
    /* an unknown family is not IP: nothing to say */
    p.b[3] = 99;
    assert_int_equal(dec(SD_LINK_LOOP, &p, p.n, p.n, &s, &e), SD_DECAP_OTHER);
}

static void test_ipv6_extension_headers(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;
    size_t ext = 8 + 16 + 8 + 16; /* hop-by-hop, routing, destination options, AH */

    (void)state;
    ether(&p, NULL, 0, 0x86DD);
    ipv6(&p, ext + 20 + sizeof(PAYLOAD), 0);
    put8(&p, 43); /* hop-by-hop: 8 bytes, PadN */
    put8(&p, 0);
    put8(&p, 1);
    put8(&p, 4);
    put32(&p, 0);
    put8(&p, 60); /* routing: 16 bytes */
    put8(&p, 1);
    for (int i = 0; i < 14; i++)
        put8(&p, 0);
    put8(&p, 51); /* destination options: 8 bytes */
    put8(&p, 0);
    put8(&p, 0x1E);
    put8(&p, 4);
    put32(&p, 0x534D4378);
    put8(&p, 6); /* AH: (2 + 2) * 4 = 16 bytes */
    put8(&p, 2);
    for (int i = 0; i < 14; i++)
        put8(&p, 0);
    tcp(&p, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.family, 6);
    assert_int_equal(s.payload_off, 14 + 40 + ext + 20);
    assert_int_equal(s.wirelen, sizeof(PAYLOAD));
    assert_memory_equal(s.payload, PAYLOAD, sizeof(PAYLOAD));
}

static void test_ipv6_fragments(void **state)
{
    struct pkt first = {0}, later = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ipv6(&first, 8 + 20 + sizeof(PAYLOAD), 44);
    put8(&first, 6);
    put8(&first, 0);
    put16(&first, 0x0001); /* offset 0, more fragments */
    put32(&first, 77);
    tcp(&first, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_RAW, &first, first.n, first.n, &s, &e), SD_DECAP_TCP);
    assert_true(s.fragment);
    assert_int_equal(s.payload_off, 40 + 8 + 20);

    ipv6(&later, 8 + 16, 44);
    put8(&later, 6);
    put8(&later, 0);
    put16(&later, 0x0100); /* offset 32: no TCP header here */
    put32(&later, 77);
    put(&later, PAYLOAD, 10);
    put(&later, PAYLOAD, 6);
    assert_int_equal(dec(SD_LINK_RAW, &later, later.n, later.n, &s, &e), SD_DECAP_OTHER);
}

static void test_ipv4_fragments(void **state)
{
    struct pkt first = {0}, later = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ipv4(&first, 20 + sizeof(PAYLOAD), 0x2000, 6);
    tcp(&first, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_RAW, &first, first.n, first.n, &s, &e), SD_DECAP_TCP);
    assert_true(s.fragment);
    ipv4(&later, 16, 0x0004, 6);
    put(&later, PAYLOAD, 10);
    put(&later, PAYLOAD, 6);
    assert_int_equal(dec(SD_LINK_RAW, &later, later.n, later.n, &s, &e), SD_DECAP_OTHER);
}

static void test_not_tcp(void **state)
{
    struct pkt arp = {0}, udp = {0}, esp = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ether(&arp, NULL, 0, 0x0806);
    put32(&arp, 0);
    assert_int_equal(dec(SD_LINK_ETHERNET, &arp, arp.n, arp.n, &s, &e), SD_DECAP_OTHER);
    ipv4(&udp, 8, 0, 17);
    put32(&udp, 0);
    put32(&udp, 0);
    assert_int_equal(dec(SD_LINK_RAW, &udp, udp.n, udp.n, &s, &e), SD_DECAP_OTHER);
    ipv6(&esp, 8, 50);
    put32(&esp, 0);
    put32(&esp, 0);
    assert_int_equal(dec(SD_LINK_RAW, &esp, esp.n, esp.n, &s, &e), SD_DECAP_OTHER);
    assert_int_equal(dec(147, &udp, udp.n, udp.n, &s, &e), SD_DECAP_BAD_LINK);
    assert_false(sd_decap_link_supported(147));
    assert_true(sd_decap_link_supported(SD_LINK_LINUX_SLL2));
}

/* Outer Ethernet + IPv4 + UDP to `port`, then `hdr` (the tunnel header). */
static void udp_tunnel(struct pkt *p, uint16_t port, const uint8_t *hdr, size_t hlen, size_t inner)
{
    ether(p, NULL, 0, 0x0800);
    ipv4(p, 8 + hlen + inner, 0x4000, 17);
    put16(p, 50000);
    put16(p, port);
    put16(p, (uint16_t)(8 + hlen + inner));
    put16(p, 0);
    put(p, hdr, hlen);
}

/* TCP in VXLAN, Geneve (with an option word), GRE with key and checksum, MPLS. */
static void test_tunnels(void **state)
{
    static const uint8_t vxlan[8] = {0x08, 0, 0, 0, 0, 0, 100, 0};
    static const uint8_t geneve[12] = {0x01, 0, 0x65, 0x58, 0, 0, 200, 0, 0, 0, 0, 0};
    const size_t inner4 = 20 + 20 + sizeof(PAYLOAD), inner_eth = 14 + inner4;
    struct pkt p;
    struct sd_segment s;
    struct sd_decap_error e;
    size_t poff;

    (void)state;
    memset(&p, 0, sizeof(p));
    udp_tunnel(&p, SD_UDP_VXLAN, vxlan, sizeof(vxlan), inner_eth);
    poff = p.n + 14 + 20 + 20;
    eth_v4(&p);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_v4_segment(&s, poff);
    assert_true(s.tunnelled);
    /* cut inside the VXLAN header: snaplen, at the VXLAN header */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, 14 + 20 + 8 + 4, p.n, &s, &e), SD_DECAP_TRUNCATED);
    assert_int_equal(e.offset, 14 + 20 + 8);
    /* another UDP port is just UDP */
    p.b[14 + 20 + 3] = 0x00; /* port 4608 */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_OTHER);

    memset(&p, 0, sizeof(p));
    udp_tunnel(&p, SD_UDP_GENEVE, geneve, sizeof(geneve), inner_eth);
    poff = p.n + 14 + 20 + 20;
    eth_v4(&p);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_v4_segment(&s, poff);

    /* GRE: checksum and key present (C and K bits), IPv4 inside */
    memset(&p, 0, sizeof(p));
    ether(&p, NULL, 0, 0x0800);
    ipv4(&p, 12 + inner4, 0x4000, 47);
    put16(&p, 0xA000);
    put16(&p, 0x0800);
    put32(&p, 0);
    put32(&p, 0x5107);
    poff = p.n + 20 + 20;
    ipv4(&p, 20 + sizeof(PAYLOAD), 0x4000, 6);
    tcp(&p, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_v4_segment(&s, poff);
    /* GRE version 1 (PPTP) is not followed */
    p.b[14 + 20 + 1] = 0x01;
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_OTHER);

    /* MPLS: two labels, bottom of stack on the second */
    memset(&p, 0, sizeof(p));
    ether(&p, NULL, 0, 0x8847);
    put32(&p, (16u << 12) | 64);
    put32(&p, (17u << 12) | 0x100 | 64);
    poff = p.n + 20 + 20;
    ipv4(&p, 20 + sizeof(PAYLOAD), 0x4000, 6);
    tcp(&p, 0x18, 0, sizeof(PAYLOAD));
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_v4_segment(&s, poff);
    assert_false(s.tunnelled);
    /* no bottom of stack in eight labels: crafted */
    memset(&p, 0, sizeof(p));
    ether(&p, NULL, 0, 0x8847);
    for (int i = 0; i < 9; i++)
        put32(&p, (16u << 12) | 64);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
}

/* Snaplen cuts at each layer: TRUNCATED, at the offset of the header that is cut. */
static void test_truncated_headers(void **state)
{
    static const struct {
        size_t cap, off;
        const char *what;
    } cuts[] = {
        {10, 0, "Ethernet header"},
        {14 + 12, 14, "IPv4 header"},
        {34 + 10, 34, "TCP header"},
    };
    struct pkt p = {0};

    (void)state;
    eth_v4(&p);
    for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
        struct sd_segment s;
        struct sd_decap_error e;
        assert_int_equal(dec(SD_LINK_ETHERNET, &p, cuts[i].cap, p.n, &s, &e), SD_DECAP_TRUNCATED);
        assert_int_equal(e.offset, cuts[i].off);
        assert_non_null(strstr(e.what, cuts[i].what));
        assert_non_null(strstr(e.what, "cut by snaplen"));
    }
}

/* A cut payload is not a problem at this layer: the segment says what was captured. */
static void test_truncated_payload(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    eth_v4(&p);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, 54 + 4, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.caplen, 4);
    assert_int_equal(s.wirelen, sizeof(PAYLOAD));
    /* flags captured, options and payload not */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, 34 + 14, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.caplen, 0);
    assert_int_equal(s.wirelen, sizeof(PAYLOAD));
}

static void test_syn_options_cut(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ether(&p, NULL, 0, 0x0800);
    ipv4(&p, 40, 0, 6);
    tcp(&p, 0x02, 20, 0);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, 54 + 6, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.opts_len, 20);
    assert_int_equal(s.opts_cap, 6);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.opts_cap, 20);
}

/* Headers that contradict the packet: MALFORMED, whatever the snaplen. */
static void test_malformed(void **state)
{
    struct pkt p;
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    memset(&p, 0, sizeof(p));
    eth_v4(&p);
    p.b[14] = 0x44; /* IHL 4 */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
    assert_int_equal(e.offset, 14);
    assert_string_equal(e.what, "IPv4 header length 16 < 20");

    memset(&p, 0, sizeof(p));
    eth_v4(&p);
    p.b[16] = 0x01; /* total length 256 + ... > wire */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
    assert_int_equal(e.offset, 16);
    assert_non_null(strstr(e.what, "IPv4 total length"));
    /* before the length field is captured, nobody can tell: snaplen gets the blame */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, 30, p.n, &s, &e), SD_DECAP_TRUNCATED);

    memset(&p, 0, sizeof(p));
    eth_v4(&p);
    p.b[34 + 12] = 0x40; /* data offset 16 */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
    assert_int_equal(e.offset, 34 + 12);
    assert_string_equal(e.what, "TCP data offset 16 < 20");

    memset(&p, 0, sizeof(p));
    eth_v4(&p);
    p.b[34 + 12] = 0xF0; /* data offset 60 > 30-byte segment */
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
    assert_string_equal(e.what, "TCP data offset 60 > segment length 30");

    memset(&p, 0, sizeof(p));
    ether(&p, NULL, 0, 0x0800);
    ipv4(&p, 12, 0, 6); /* a TCP segment of 12 bytes */
    put32(&p, 0);
    put32(&p, 0);
    put32(&p, 0);
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
    assert_string_equal(e.what, "TCP segment of 12 bytes < 20");
}

static void test_malformed_ipv6(void **state)
{
    struct pkt p = {0}, q = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    ipv6(&p, 200, 6); /* payload length beyond the wire */
    tcp(&p, 0x10, 0, 0);
    assert_int_equal(dec(SD_LINK_RAW, &p, p.n, p.n, &s, &e), SD_DECAP_MALFORMED);
    assert_int_equal(e.offset, 4);
    assert_string_equal(e.what, "IPv6 payload length 200 > 20 bytes on the wire");

    ipv6(&q, 8 + 20, 60); /* destination options claiming 64 bytes */
    put8(&q, 6);
    put8(&q, 7);
    for (int i = 0; i < 6; i++)
        put8(&q, 0);
    tcp(&q, 0x10, 0, 0);
    assert_int_equal(dec(SD_LINK_RAW, &q, q.n, q.n, &s, &e), SD_DECAP_MALFORMED);
    assert_int_equal(e.offset, 40);
    assert_string_equal(e.what, "IPv6 extension header of 64 bytes runs past the payload");
}

/* Segmentation offload: IPv4 total length 0 means "as long as the wire packet". */
static void test_tso_zero_length(void **state)
{
    struct pkt p = {0};
    struct sd_segment s;
    struct sd_decap_error e;

    (void)state;
    eth_v4(&p);
    p.b[16] = 0;
    p.b[17] = 0;
    assert_int_equal(dec(SD_LINK_ETHERNET, &p, p.n, p.n, &s, &e), SD_DECAP_TCP);
    assert_int_equal(s.wirelen, sizeof(PAYLOAD));
}

/* Every prefix of a good packet decodes to TCP or TRUNCATED, never MALFORMED. */
static void test_every_snaplen(void **state)
{
    struct pkt p = {0};

    (void)state;
    eth_v4(&p);
    for (size_t cap = 0; cap <= p.n; cap++) {
        struct sd_segment s;
        struct sd_decap_error e;
        enum sd_decap_status st = dec(SD_LINK_ETHERNET, &p, cap, p.n, &s, &e);
        assert_true(st == SD_DECAP_TCP || st == SD_DECAP_TRUNCATED);
        if (st != SD_DECAP_TCP)
            continue;
        if (cap <= s.payload_off)
            assert_int_equal(s.caplen, 0);
        else
            assert_int_equal(s.caplen, cap - s.payload_off);
    }
}

/* ---- the "nothing for us here" answer, and the prefix held to the general walk ---- */

/* sd_decap() with the port filter `want`; *s starts as 0xA5 bytes to show what was filled. */
static enum sd_decap_status dec_want(const struct sd_portset *want, const struct pkt *p, size_t cap,
                                     size_t wire, struct sd_segment *s)
{
    struct sd_decap_error e;

    memset(s, 0xA5, sizeof(*s));
    return sd_decap(SD_LINK_ETHERNET, p->b, cap, wire, want, s, &e);
}

static bool untouched(const struct sd_segment *s)
{
    const uint8_t *b = (const uint8_t *)s;

    for (size_t i = 0; i < sizeof(*s); i++)
        if (b[i] != 0xA5)
            return false;
    return true;
}

/*
 * A segment is wanted for a SYN, for ports whose bucket is set, or for a
 * payload starting with the eyecatcher's first byte; any other is SKIP and
 * fills nothing. The same on the prefix's packets (untagged IPv4, IPv6) as
 * on the general walk's (a VLAN tag, a first fragment).
 */
static void test_skip(void **state)
{
    static const uint16_t dot1q[] = {0x8100, 100};
    struct sd_portset none, ports;
    unsigned bucket = sd_port_bucket(40000, 5107);

    (void)state;
    memset(&none, 0, sizeof(none));
    memset(&ports, 0, sizeof(ports));
    sd_portset_put(&ports, bucket);
    assert_int_equal(SD_CLC_FIRST_BYTE, 0xE2);
    assert_int_equal(SD_CLC_FIRST_BYTE, PAYLOAD[0]);
    for (int kind = 0; kind < 4; kind++) {
        struct pkt p = {0};
        struct sd_segment s;
        size_t poff;

        if (kind == 0 || kind == 2 || kind == 3)
            ether(&p, kind == 2 ? dot1q : NULL, kind == 2 ? 2 : 0, 0x0800);
        if (kind == 0 || kind == 2)
            ipv4(&p, 20 + sizeof(PAYLOAD), 0x4000, 6);
        else if (kind == 3)
            ipv4(&p, 20 + sizeof(PAYLOAD), 0x2000, 6); /* a first fragment */
        if (kind == 1) {
            ether(&p, NULL, 0, 0x86DD);
            ipv6(&p, 20 + sizeof(PAYLOAD), 6);
        }
        poff = p.n + 20;
        tcp(&p, 0x18, 0, sizeof(PAYLOAD));
        /* payload starts with 0xE2: wanted whatever the ports */
        assert_int_equal(dec_want(&none, &p, p.n, p.n, &s), SD_DECAP_TCP);
        assert_int_equal(s.payload_off, poff);
        assert_int_equal(s.sport, 40000);
        /* another first byte, no SYN, no bucket: nothing for us */
        p.b[poff] = 0xE3;
        assert_int_equal(dec_want(&none, &p, p.n, p.n, &s), SD_DECAP_SKIP);
        assert_true(untouched(&s));
        /* the first byte not captured: nothing to go on either */
        assert_int_equal(dec_want(&none, &p, poff, p.n, &s), SD_DECAP_SKIP);
        /* a flow may have these ports (either direction sums the same) */
        assert_int_equal(dec_want(&ports, &p, p.n, p.n, &s), SD_DECAP_TCP);
        assert_int_equal(s.dport, 5107);
        /* a SYN is always wanted */
        p.b[poff - 20 + 13] = SD_TCP_SYN;
        assert_int_equal(dec_want(&none, &p, p.n, p.n, &s), SD_DECAP_TCP);
        assert_int_equal(s.flags, SD_TCP_SYN);
    }
}

/* xorshift32: the same mutations on every run. */
static uint32_t next_rand(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/*
 * One packet through sd_decap() (the prefix, then the general walk for what
 * it does not vouch for) and through sd_decap_general() alone: the same
 * status, the same segment or the same error, for both port filters.
 */
static void assert_agree(const struct pkt *p, size_t cap, size_t wire)
{
    static struct sd_portset every, none;

    memset(&every, 0xFF, sizeof(every));
    for (int w = 0; w < 2; w++) {
        const struct sd_portset *want = w ? &every : &none;
        struct sd_segment s1, s2;
        struct sd_decap_error e1, e2;
        enum sd_decap_status st1, st2;

        memset(&s1, 0, sizeof(s1));
        memset(&s2, 0, sizeof(s2));
        memset(&e1, 0, sizeof(e1));
        memset(&e2, 0, sizeof(e2));
        st1 = sd_decap(SD_LINK_ETHERNET, p->b, cap, wire, want, &s1, &e1);
        st2 = sd_decap_general(SD_LINK_ETHERNET, p->b, cap, wire, want, &s2, &e2);
        assert_int_equal(st1, st2);
        assert_memory_equal(&s1, &s2, sizeof(s1));
        assert_int_equal(e1.offset, e2.offset);
        assert_string_equal(e1.what, e2.what);
    }
}

/*
 * The prefix answers only where the general walk answers the same: every
 * snaplen and a few wire lengths of the packets it knows and of their
 * neighbours, then 40 000 packets with 1-3 header bytes changed at random.
 */
static void test_prefix_agrees(void **state)
{
    static const uint8_t vxlan[8] = {0x08, 0, 0, 0, 0, 0, 100, 0};
    static const uint16_t dot1q[] = {0x8100, 100};
    struct pkt base[10];
    uint32_t x = 0x5107;
    size_t n = 0;

    (void)state;
    memset(base, 0, sizeof(base));
    eth_v4(&base[n++]);
    ether(&base[n], NULL, 0, 0x86DD); /* IPv6, a SYN with options */
    ipv6(&base[n], 20 + 12 + sizeof(PAYLOAD), 6);
    tcp(&base[n++], SD_TCP_SYN, 12, sizeof(PAYLOAD));
    ether(&base[n], NULL, 0, 0x0800); /* a pure ACK, padded to 60 bytes */
    ipv4(&base[n], 20, 0x4000, 6);
    tcp(&base[n], 0x10, 0, 0);
    base[n].n = 60;
    n++;
    udp_tunnel(&base[n], SD_UDP_VXLAN, vxlan, sizeof(vxlan), 14 + 40 + sizeof(PAYLOAD));
    eth_v4(&base[n++]);
    udp_tunnel(&base[n++], 53, vxlan, sizeof(vxlan), 0); /* plain UDP */
    ether(&base[n], NULL, 0, 0x86DD);                    /* IPv6 UDP */
    ipv6(&base[n], 16, 17);
    put32(&base[n], 0x04d21389);
    put32(&base[n++], 0x00100000);
    ether(&base[n], dot1q, 2, 0x0800); /* VLAN: the general walk's */
    ipv4(&base[n], 20 + sizeof(PAYLOAD), 0, 6);
    tcp(&base[n++], 0x18, 0, sizeof(PAYLOAD));
    ether(&base[n], NULL, 0, 0x0806); /* ARP */
    put32(&base[n++], 0x00010800);
    ether(&base[n], NULL, 0, 0x86DD); /* IPv6 with a hop-by-hop header */
    ipv6(&base[n], 8 + 20, 0);
    put32(&base[n], 0x06000000);
    put32(&base[n], 0);
    tcp(&base[n++], 0x10, 0, 0);
    ether(&base[n], NULL, 0, 0x0800); /* ICMP */
    ipv4(&base[n], 8, 0, 1);
    put32(&base[n], 0x08000000);
    put32(&base[n++], 0);
    assert_int_equal(n, 10);

    for (size_t i = 0; i < n; i++)
        for (size_t cap = 0; cap <= base[i].n; cap++) {
            assert_agree(&base[i], cap, base[i].n);
            assert_agree(&base[i], cap, base[i].n + 10);
            assert_agree(&base[i], cap, cap ? cap - 1 : 0);
        }
    for (int round = 0; round < 40000; round++) {
        struct pkt p = base[next_rand(&x) % n];
        int changes = 1 + (int)(next_rand(&x) % 3);

        for (int c = 0; c < changes; c++) {
            size_t at = next_rand(&x) % (p.n < 80 ? p.n : 80);
            p.b[at] = (uint8_t)next_rand(&x);
        }
        assert_agree(&p, p.n, p.n);
        assert_agree(&p, next_rand(&x) % (p.n + 1), p.n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ethernet_ipv4),
        cmocka_unit_test(test_tunnels),
        cmocka_unit_test(test_ethernet_padding),
        cmocka_unit_test(test_vlan_tags),
        cmocka_unit_test(test_vlan_tag_cut),
        cmocka_unit_test(test_linux_sll),
        cmocka_unit_test(test_linux_sll2),
        cmocka_unit_test(test_raw_ip),
        cmocka_unit_test(test_raw_bad_version),
        cmocka_unit_test(test_null_loopback),
        cmocka_unit_test(test_loop),
        cmocka_unit_test(test_ipv6_extension_headers),
        cmocka_unit_test(test_ipv6_fragments),
        cmocka_unit_test(test_ipv4_fragments),
        cmocka_unit_test(test_not_tcp),
        cmocka_unit_test(test_truncated_headers),
        cmocka_unit_test(test_truncated_payload),
        cmocka_unit_test(test_syn_options_cut),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_malformed_ipv6),
        cmocka_unit_test(test_tso_zero_length),
        cmocka_unit_test(test_every_snaplen),
        cmocka_unit_test(test_skip),
        cmocka_unit_test(test_prefix_agrees),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
