/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Link layer, IP and TCP headers of one captured packet, down to a TCP
 * segment. Nothing here allocates or copies: the segment points into the
 * packet. Every read is checked against the captured length; when a header
 * is cut the result says whether snaplen cut it (TRUNCATED: the wire packet
 * was long enough) or the packet itself lies (MALFORMED).
 *
 * The link types are LINKTYPE_ values from the tcpdump.org registry, so this
 * file needs no pcap header and can be fed from a unit test or a fuzzer.
 */
#ifndef SMCDUMP_DECAP_H
#define SMCDUMP_DECAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* LINKTYPE_ values; pcap_datalink() returns the same numbers for these. */
#define SD_LINK_NULL 0 /* BSD loopback, family in the capturing host's byte order */
#define SD_LINK_ETHERNET 1
#define SD_LINK_RAW 12 /* DLT_RAW as Linux libpcap reports LINKTYPE_RAW (101) */
#define SD_LINK_RAW_OPENBSD 14
#define SD_LINK_RAW_101 101
#define SD_LINK_LOOP 108 /* OpenBSD loopback, family in network byte order */
#define SD_LINK_LINUX_SLL 113
#define SD_LINK_IPV4 228
#define SD_LINK_IPV6 229
#define SD_LINK_LINUX_SLL2 276

/* UDP ports of the tunnels decoded (IANA): VXLAN (RFC 7348) and Geneve (RFC 8926). */
#define SD_UDP_VXLAN 4789
#define SD_UDP_GENEVE 6081

#define SD_TCP_FIN 0x01
#define SD_TCP_SYN 0x02
#define SD_TCP_RST 0x04
#define SD_TCP_ACK 0x10

struct sd_segment {
    uint8_t family;           /* 4 or 6 */
    bool fragment;            /* first IP fragment: headers fine, payload incomplete */
    bool tunnelled;           /* inside VXLAN, Geneve, GRE (MPLS is not a tunnel here) */
    uint8_t flags;            /* TCP flags byte */
    const uint8_t *src, *dst; /* addresses inside the packet, 4 or 16 bytes */
    uint16_t sport, dport;
    uint32_t seq;
    const uint8_t *opts; /* TCP options past the fixed header; set on SYNs only */
    uint16_t opts_len;   /* by the data offset */
    uint16_t opts_cap;   /* of those, captured */
    const uint8_t *payload;
    uint32_t caplen;      /* payload bytes captured */
    uint32_t wirelen;     /* payload bytes on the wire, by the IP length (no link padding) */
    uint32_t payload_off; /* offset of the payload in the packet, for problem reports */
};

enum sd_decap_status {
    SD_DECAP_TCP,       /* *seg is filled */
    SD_DECAP_OTHER,     /* not TCP over IP, or a non-first fragment: nothing to say */
    SD_DECAP_TRUNCATED, /* snaplen cut the headers before the TCP flags */
    SD_DECAP_MALFORMED, /* a header contradicts the packet */
    SD_DECAP_BAD_LINK,  /* link type not supported */
};

/* Where and why a packet could not be decoded; `what` is a complete sentence fragment. */
struct sd_decap_error {
    size_t offset;
    char what[96];
};

/* Whether smcdump can decode this link type. */
bool sd_decap_link_supported(int linktype);

/*
 * `caplen` bytes of `pkt` were captured of a packet that was `wirelen`
 * bytes long. On TRUNCATED and MALFORMED, *err says where.
 */
enum sd_decap_status sd_decap(int linktype, const uint8_t *pkt, size_t caplen, size_t wirelen,
                              struct sd_segment *seg, struct sd_decap_error *err);

/* ---- the per-packet fast path, inline so that the common packet costs no call ---- */

static inline uint16_t sd_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t sd_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The segment's fields from a TCP header already checked to be there and sane.
 * Options matter only on SYNs, so only SYNs pay for them.
 */
__attribute__((always_inline)) static inline void sd_decap_fill_tcp(struct sd_segment *seg,
                                                                    const uint8_t *pkt, size_t cap,
                                                                    size_t off, size_t end,
                                                                    size_t doff, bool fragment)
{
    const uint8_t *t = pkt + off;
    size_t poff = off + doff;

    seg->sport = sd_be16(t);
    seg->dport = sd_be16(t + 2);
    seg->seq = sd_be32(t + 4);
    seg->flags = t[13];
    seg->fragment = fragment;
    seg->tunnelled = false;
    seg->opts_len = (uint16_t)(doff - 20);
    seg->opts_cap = 0;
    seg->opts = NULL;
    if ((seg->flags & SD_TCP_SYN) && cap > off + 20) {
        size_t c = cap - off - 20;
        seg->opts_cap = (uint16_t)(c < seg->opts_len ? c : seg->opts_len);
        seg->opts = t + 20;
    }
    seg->payload_off = (uint32_t)poff;
    seg->wirelen = (uint32_t)(end - poff);
    seg->caplen = 0;
    seg->payload = NULL;
    if (cap > poff) {
        size_t c = cap - poff;
        seg->caplen = (uint32_t)(c < seg->wirelen ? c : seg->wirelen);
        seg->payload = pkt + poff;
    }
}

/* What sd_decap_peek() made of a packet. */
enum sd_peek {
    SD_PEEK_SLOW,  /* not vouched for: ask sd_decap(), which also words the errors */
    SD_PEEK_OTHER, /* sd_decap() would say SD_DECAP_OTHER, without a problem */
    SD_PEEK_TCP4,  /* a sane TCP header at SD_PEEK_L4(...) behind an IPv4 header */
    SD_PEEK_TCP6,  /* the same behind an IPv6 header */
};

/* Where the TCP header of an SD_PEEK_TCP4/6 packet starts: fixed, so the caller's offsets fold. */
#define SD_PEEK_L4(peek) ((peek) == SD_PEEK_TCP4 ? 14 + 20 : 14 + 40)

/* The rest of an SD_PEEK_TCP4/6 packet's segment. */
struct sd_peek_tcp {
    uint32_t end;  /* end of the segment, by the IP length */
    uint32_t doff; /* TCP header length */
};

/*
 * A non-TCP IP payload at `l4`: GRE, and UDP to the VXLAN or Geneve port, may
 * carry TCP and go to sd_decap(); everything else is plainly not TCP.
 */
__attribute__((always_inline)) static inline enum sd_peek
sd_decap_peek_tunnel(uint8_t proto, const uint8_t *pkt, size_t cap, size_t l4)
{
    uint16_t port;

    if (proto == 47)
        return SD_PEEK_SLOW;
    if (proto != 17)
        return SD_PEEK_OTHER;
    if (cap < l4 + 4)
        return SD_PEEK_SLOW;
    port = sd_be16(pkt + l4 + 2);
    return port == SD_UDP_VXLAN || port == SD_UDP_GENEVE ? SD_PEEK_SLOW : SD_PEEK_OTHER;
}

/*
 * Most packets are untagged Ethernet with IPv4 (no options, no fragment) or
 * IPv6 (TCP right after the fixed header), or something plainly not TCP over
 * IP (ARP, UDP, ICMP). This classifies them in a few branches and is inlined
 * into the per-packet loop: it checks the same things as sd_decap() and
 * answers only when sd_decap() would give the same answer without a
 * problem; everything else (VLAN/QinQ, cooked v1/v2, raw IP, loopback, IP
 * options, extension headers, fragments, errors) is SD_PEEK_SLOW.
 *
 * It fills nothing but *where, and only for TCP: deciding that a segment is
 * of no interest needs four header bytes and the first payload byte, and
 * filling a whole struct sd_segment for each of millions of such segments
 * would cost more than the decision. The most common case is tested first
 * with one compare per question; the rare answers are sorted out after.
 */
__attribute__((always_inline)) static inline enum sd_peek
sd_decap_peek(int linktype, const uint8_t *pkt, size_t cap, size_t wire, struct sd_peek_tcp *where)
{
    size_t tot;
    uint16_t type, frag;

    if (__builtin_expect(linktype != SD_LINK_ETHERNET, 0))
        return SD_PEEK_SLOW;
    if (cap < 14 || wire < cap)
        return SD_PEEK_SLOW;
    type = sd_be16(pkt + 12);
    if (type == 0x0800) {
        if (cap < 14 + 20 || pkt[14] != 0x45)
            return SD_PEEK_SLOW;
        tot = sd_be16(pkt + 16);
        if (tot < 20 || tot > wire - 14)
            return SD_PEEK_SLOW;
        frag = sd_be16(pkt + 20);
        if (pkt[23] != 6 || (frag & 0x3FFF) != 0) {
            /* a later fragment: sd_decap() needs nothing past this */
            if ((frag & 0x1FFF) != 0)
                return SD_PEEK_OTHER;
            if (pkt[23] != 6)
                return sd_decap_peek_tunnel(pkt[23], pkt, cap, 14 + 20);
            return SD_PEEK_SLOW; /* a first fragment */
        }
        /* data offset < 5 words, a segment shorter than its header: let sd_decap() say so */
        if (cap < 14 + 20 + 14 || tot < 40 || pkt[14 + 20 + 12] < 0x50)
            return SD_PEEK_SLOW;
        where->doff = (uint32_t)(pkt[14 + 20 + 12] >> 4) * 4;
        if (where->doff > tot - 20)
            return SD_PEEK_SLOW;
        where->end = (uint32_t)(14 + tot);
        return SD_PEEK_TCP4;
    }
    if (type == 0x86DD) {
        if (cap < 14 + 40 || (pkt[14] >> 4) != 6)
            return SD_PEEK_SLOW;
        tot = sd_be16(pkt + 18);
        if (tot == 0 || tot > wire - 14 - 40)
            return SD_PEEK_SLOW;
        switch (pkt[20]) {
        case 6:
            break;
        case 0:  /* hop-by-hop */
        case 43: /* routing */
        case 44: /* fragment */
        case 51: /* AH */
        case 60: /* destination options */
            return SD_PEEK_SLOW;
        default:
            /* VXLAN, Geneve, GRE: tunnels; UDP, ICMPv6, ESP, ...: other */
            return sd_decap_peek_tunnel(pkt[20], pkt, cap, 14 + 40);
        }
        if (cap < 14 + 40 + 14 || tot < 20 || pkt[14 + 40 + 12] < 0x50)
            return SD_PEEK_SLOW;
        where->doff = (uint32_t)(pkt[14 + 40 + 12] >> 4) * 4;
        if (where->doff > tot)
            return SD_PEEK_SLOW;
        where->end = (uint32_t)(14 + 40 + tot);
        return SD_PEEK_TCP6;
    }
    /* 802.1Q, 802.1ad and the pre-standard QinQ TPIDs: the tags need walking */
    if (type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200)
        return SD_PEEK_SLOW;
    /* MPLS unicast and multicast: the label stack needs walking */
    if (type == 0x8847 || type == 0x8848)
        return SD_PEEK_SLOW;
    return SD_PEEK_OTHER;
}

/* The segment of an SD_PEEK_TCP4/6 packet. */
__attribute__((always_inline)) static inline void
sd_decap_fill_peeked(struct sd_segment *seg, const uint8_t *pkt, size_t cap, enum sd_peek peek,
                     const struct sd_peek_tcp *w)
{
    if (peek == SD_PEEK_TCP4) {
        seg->family = 4;
        seg->src = pkt + 14 + 12;
        seg->dst = pkt + 14 + 16;
    } else {
        seg->family = 6;
        seg->src = pkt + 14 + 8;
        seg->dst = pkt + 14 + 24;
    }
    sd_decap_fill_tcp(seg, pkt, cap, SD_PEEK_L4(peek), w->end, w->doff, false);
}

#endif /* SMCDUMP_DECAP_H */
