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
 *
 * One packet, one call: sd_decap(). Its first part, inline below, is a
 * prefix of the general walk in decap.c: it knows untagged Ethernet with
 * IPv4 (no options) or IPv6 (TCP right after the fixed header), and
 * answers only where the general walk would give the same answer without a
 * problem; anything else it hands on to sd_decap_general() from the start
 * of the packet. Both end in the same sd_decap_tcp(), which holds the
 * "nothing for us here" test and fills the segment. test_decap.c checks the
 * prefix against the general walk packet by packet.
 */
#ifndef SMCDUMP_DECAP_H
#define SMCDUMP_DECAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hot.h"
#include "portset.h"
#include "smcclc/smcclc.h"

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

/* ---- the wire formats' numbers, each written once (kfilter.c uses them too) ---- */

/* Ethernet II; the EtherType is the header's last field. */
#define SD_ETH_HLEN 14
#define SD_ETH_TYPE_OFF 12
/* Linux cooked headers: v1 has the protocol at the end, v2 at the start. */
#define SD_SLL_HLEN 16
#define SD_SLL_TYPE_OFF 14
#define SD_SLL2_HLEN 20
#define SD_SLL2_TYPE_OFF 0
/* BSD and OpenBSD loopback: a 4-byte address family. */
#define SD_LOOP_HLEN 4
/* A VLAN tag follows its TPID: 2 bytes of TCI, then the next EtherType. */
#define SD_VLAN_TAG_LEN 4
#define SD_MPLS_LABEL_LEN 4

/* EtherTypes (IEEE 802 numbers registry at IANA) */
#define SD_ETHERTYPE_IPV4 0x0800
#define SD_ETHERTYPE_IPV6 0x86DD
#define SD_ETHERTYPE_TEB 0x6558 /* transparent Ethernet bridging, inside GRE and Geneve */
#define SD_ETHERTYPE_MPLS 0x8847
#define SD_ETHERTYPE_MPLS_MC 0x8848
/* VLAN TPIDs: 802.1Q, 802.1ad, and the two pre-standard QinQ ones still in use */
#define SD_TPID_8021Q 0x8100
#define SD_TPID_8021AD 0x88A8
#define SD_TPID_QINQ_9100 0x9100
#define SD_TPID_QINQ_9200 0x9200

/* IPv4 (RFC 791) */
#define SD_IPV4_HLEN 20    /* without options */
#define SD_IPV4_PLAIN 0x45 /* first byte: version 4, header length 5 words (no options) */
#define SD_IPV4_LEN_OFF 2
#define SD_IPV4_FRAG_OFF 6
#define SD_IPV4_PROTO_OFF 9
#define SD_IPV4_SRC_OFF 12
#define SD_IPV4_DST_OFF 16
#define SD_IPV4_MF 0x2000        /* more fragments */
#define SD_IPV4_FRAG_MASK 0x1FFF /* fragment offset: not 0 in every fragment but the first */

/* IPv6 (RFC 8200) */
#define SD_IPV6_HLEN 40
#define SD_IPV6_PLEN_OFF 4
#define SD_IPV6_NEXT_OFF 6
#define SD_IPV6_SRC_OFF 8
#define SD_IPV6_DST_OFF 24
#define SD_IPV6_FRAG_MASK 0xFFF8 /* fragment offset, in the fragment header's bytes 2-3 */

/* IP protocol numbers (IANA), the IPv6 extension headers among them */
#define SD_IPPROTO_HOPOPTS 0
#define SD_IPPROTO_TCP 6
#define SD_IPPROTO_UDP 17
#define SD_IPPROTO_ROUTING 43
#define SD_IPPROTO_FRAGMENT 44
#define SD_IPPROTO_GRE 47
#define SD_IPPROTO_AH 51
#define SD_IPPROTO_DSTOPTS 60

/* UDP (RFC 768) and the ports of the tunnels decoded (IANA): VXLAN (RFC 7348), Geneve (RFC 8926) */
#define SD_UDP_HLEN 8
#define SD_UDP_DPORT_OFF 2
#define SD_UDP_VXLAN 4789
#define SD_UDP_GENEVE 6081

/* TCP (RFC 9293) */
#define SD_TCP_HLEN 20 /* without options */
#define SD_TCP_DOFF_OFF 12
#define SD_TCP_FLAGS_OFF 13
#define SD_TCP_FIN 0x01
#define SD_TCP_SYN 0x02
#define SD_TCP_RST 0x04
#define SD_TCP_ACK 0x10

/* Every CLC message starts with an eyecatcher; they all share this first byte (decap.c checks). */
#define SD_CLC_FIRST_BYTE SMCCLC_BE32_BYTE(SMCCLC_EYECATCHER_R, 0)

static inline bool sd_is_vlan_tpid(uint16_t type)
{
    return type == SD_TPID_8021Q || type == SD_TPID_8021AD || type == SD_TPID_QINQ_9100 ||
           type == SD_TPID_QINQ_9200;
}

static inline bool sd_is_mpls(uint16_t type)
{
    return type == SD_ETHERTYPE_MPLS || type == SD_ETHERTYPE_MPLS_MC;
}

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
    SD_DECAP_SKIP,      /* a sane TCP segment that is nothing for us (sd_decap()); *seg untouched */
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
 * The general walk: every link type, VLAN tags, MPLS, IPv4 options, IPv6
 * extension headers, fragments, tunnels, and the wording of every error.
 * sd_decap() calls it for whatever its prefix does not vouch for; tests call
 * it directly to hold the prefix to it.
 */
enum sd_decap_status sd_decap_general(int linktype, const uint8_t *pkt, size_t caplen,
                                      size_t wirelen, const struct sd_portset *want,
                                      struct sd_segment *seg, struct sd_decap_error *err);

static inline uint16_t sd_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t sd_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* What the IP layer found: where the transport header is and where the IP payload ends. */
struct sd_decap_l4 {
    const uint8_t *ip; /* the IP header, inside the packet */
    size_t off, end;   /* the transport header; the end of the IP payload */
    uint8_t family;    /* 4 or 6 */
    uint8_t proto;     /* TCP, UDP or GRE */
    bool fragment;     /* a first fragment */
};

/*
 * The "nothing for us here" test, on the bytes of a TCP header at `off`
 * already found sane, before any segment is filled: a segment is wanted
 * when it has a SYN, when the flow table may hold its ports (`want`, kept by
 * flow.c), or when its payload starts with the eyecatcher's first byte. A
 * byte past the IP length (link padding) that happens to match only sends
 * the segment the long way round, where its payload is empty.
 */
SD_HOT bool sd_decap_wanted(const struct sd_portset *want, const uint8_t *pkt, size_t cap,
                            size_t off, size_t poff)
{
    const uint8_t *t = pkt + off;

    return (t[SD_TCP_FLAGS_OFF] & SD_TCP_SYN) || sd_portset_has(want, sd_be16(t), sd_be16(t + 2)) ||
           (poff < cap && pkt[poff] == SD_CLC_FIRST_BYTE);
}

/* The segment of a wanted TCP header (decap.c); always SD_DECAP_TCP. */
enum sd_decap_status sd_decap_fill(const uint8_t *pkt, size_t cap, const struct sd_decap_l4 *l4,
                                   size_t doff, struct sd_segment *seg);

/*
 * The end of every walk, the prefix's and the general one's: a TCP header at
 * l4.off, checked to be there and sane, `doff` bytes long. `l4` comes by
 * value so that the common packet, which is not wanted, never builds it in
 * memory (measured: 2 instructions per packet of the bench file, docs/performance.md).
 */
SD_HOT enum sd_decap_status sd_decap_tcp(const struct sd_portset *want, const uint8_t *pkt,
                                         size_t cap, struct sd_decap_l4 l4, size_t doff,
                                         struct sd_segment *seg)
{
    if (!sd_decap_wanted(want, pkt, cap, l4.off, l4.off + doff))
        return SD_DECAP_SKIP;
    return sd_decap_fill(pkt, cap, &l4, doff, seg);
}

/* What the prefix made of a packet. */
enum sd_decap_prefix {
    SD_PREFIX_GENERAL, /* not vouched for: the general walk decides (and words the errors) */
    SD_PREFIX_OTHER,   /* the general walk would say SD_DECAP_OTHER, without a problem */
    SD_PREFIX_TCP4,    /* a sane TCP header right after a 20-byte IPv4 header */
    SD_PREFIX_TCP6,    /* a sane TCP header right after the IPv6 header */
};

/*
 * A non-TCP IP payload at `off`: GRE, and UDP to the VXLAN or Geneve port,
 * may carry TCP and go the general way; everything else is plainly not TCP.
 */
SD_HOT enum sd_decap_prefix sd_decap_prefix_tunnel(uint8_t proto, const uint8_t *pkt, size_t cap,
                                                   size_t off)
{
    uint16_t port;

    if (proto == SD_IPPROTO_GRE)
        return SD_PREFIX_GENERAL;
    if (proto != SD_IPPROTO_UDP)
        return SD_PREFIX_OTHER;
    if (cap < off + SD_UDP_HLEN)
        return SD_PREFIX_GENERAL;
    port = sd_be16(pkt + off + SD_UDP_DPORT_OFF);
    return port == SD_UDP_VXLAN || port == SD_UDP_GENEVE ? SD_PREFIX_GENERAL : SD_PREFIX_OTHER;
}

/*
 * The TCP header at `off` (a constant at each use, so the offsets fold),
 * the IP payload ending at `end`: its length in *doff, or GENERAL when the
 * segment is shorter than a header, or the data offset below 5 words or
 * past the segment, which the general walk words.
 */
SD_HOT bool sd_decap_prefix_tcp(const uint8_t *pkt, size_t cap, size_t off, size_t end,
                                size_t *doff)
{
    if (cap < off + SD_TCP_FLAGS_OFF + 1 || end - off < SD_TCP_HLEN)
        return false;
    *doff = (size_t)(pkt[off + SD_TCP_DOFF_OFF] >> 4) * 4;
    return *doff >= SD_TCP_HLEN && *doff <= end - off;
}

/*
 * The prefix: most packets are untagged Ethernet with IPv4 (no options, no
 * fragment) or IPv6 (TCP right after the fixed header), or something plainly
 * not TCP over IP (ARP, UDP, ICMP). Each question is one compare on the
 * common answer; the rare answers are sorted out after, or left to the
 * general walk (VLAN/QinQ, MPLS, cooked, raw IP, loopback, IP options,
 * extension headers, fragments, tunnels, every error). For TCP it gives
 * the IP payload's end and the TCP header's length.
 */
SD_HOT enum sd_decap_prefix sd_decap_prefix(int linktype, const uint8_t *pkt, size_t cap,
                                            size_t wire, size_t *end, size_t *doff)
{
    const uint8_t *ip = pkt + SD_ETH_HLEN;
    size_t tot;
    uint16_t type, frag;

    if (__builtin_expect(linktype != SD_LINK_ETHERNET, 0))
        return SD_PREFIX_GENERAL;
    if (cap < SD_ETH_HLEN || wire < cap)
        return SD_PREFIX_GENERAL;
    type = sd_be16(pkt + SD_ETH_TYPE_OFF);
    if (type == SD_ETHERTYPE_IPV4) {
        if (cap < SD_ETH_HLEN + SD_IPV4_HLEN || ip[0] != SD_IPV4_PLAIN)
            return SD_PREFIX_GENERAL;
        tot = sd_be16(ip + SD_IPV4_LEN_OFF);
        if (tot < SD_IPV4_HLEN || tot > wire - SD_ETH_HLEN)
            return SD_PREFIX_GENERAL;
        frag = sd_be16(ip + SD_IPV4_FRAG_OFF);
        if (ip[SD_IPV4_PROTO_OFF] != SD_IPPROTO_TCP || (frag & (SD_IPV4_MF | SD_IPV4_FRAG_MASK))) {
            if (frag & SD_IPV4_FRAG_MASK)
                return SD_PREFIX_OTHER; /* a later fragment: nothing past the IP header matters */
            if (ip[SD_IPV4_PROTO_OFF] != SD_IPPROTO_TCP)
                return sd_decap_prefix_tunnel(ip[SD_IPV4_PROTO_OFF], pkt, cap,
                                              SD_ETH_HLEN + SD_IPV4_HLEN);
            return SD_PREFIX_GENERAL; /* a first fragment */
        }
        *end = SD_ETH_HLEN + tot;
        return sd_decap_prefix_tcp(pkt, cap, SD_ETH_HLEN + SD_IPV4_HLEN, *end, doff)
                   ? SD_PREFIX_TCP4
                   : SD_PREFIX_GENERAL;
    }
    if (type == SD_ETHERTYPE_IPV6) {
        if (cap < SD_ETH_HLEN + SD_IPV6_HLEN || (ip[0] >> 4) != 6)
            return SD_PREFIX_GENERAL;
        tot = sd_be16(ip + SD_IPV6_PLEN_OFF);
        if (tot == 0 || tot > wire - SD_ETH_HLEN - SD_IPV6_HLEN)
            return SD_PREFIX_GENERAL;
        switch (ip[SD_IPV6_NEXT_OFF]) {
        case SD_IPPROTO_TCP:
            break;
        case SD_IPPROTO_HOPOPTS:
        case SD_IPPROTO_ROUTING:
        case SD_IPPROTO_FRAGMENT:
        case SD_IPPROTO_AH:
        case SD_IPPROTO_DSTOPTS:
            return SD_PREFIX_GENERAL;
        default:
            /* VXLAN, Geneve, GRE: tunnels; UDP, ICMPv6, ESP, ...: other */
            return sd_decap_prefix_tunnel(ip[SD_IPV6_NEXT_OFF], pkt, cap,
                                          SD_ETH_HLEN + SD_IPV6_HLEN);
        }
        *end = SD_ETH_HLEN + SD_IPV6_HLEN + tot;
        return sd_decap_prefix_tcp(pkt, cap, SD_ETH_HLEN + SD_IPV6_HLEN, *end, doff)
                   ? SD_PREFIX_TCP6
                   : SD_PREFIX_GENERAL;
    }
    /* tags and label stacks need walking */
    return sd_is_vlan_tpid(type) || sd_is_mpls(type) ? SD_PREFIX_GENERAL : SD_PREFIX_OTHER;
}

/*
 * One packet: `caplen` bytes of `pkt` were captured of a packet that was
 * `wirelen` bytes long. A TCP segment that is nothing for us (no SYN, no
 * flow in the table may have its ports by `want`, and its payload does not
 * start with the eyecatcher's first byte) is SD_DECAP_SKIP and fills
 * nothing; any other fills *seg. On TRUNCATED and MALFORMED, *err says
 * where. Inline, so that the common packet costs no call.
 */
SD_HOT enum sd_decap_status sd_decap(int linktype, const uint8_t *pkt, size_t caplen,
                                     size_t wirelen, const struct sd_portset *want,
                                     struct sd_segment *seg, struct sd_decap_error *err)
{
    size_t end = 0, doff = 0;

    switch (sd_decap_prefix(linktype, pkt, caplen, wirelen, &end, &doff)) {
    case SD_PREFIX_TCP4:
        return sd_decap_tcp(want, pkt, caplen,
                            (struct sd_decap_l4){pkt + SD_ETH_HLEN, SD_ETH_HLEN + SD_IPV4_HLEN, end,
                                                 4, SD_IPPROTO_TCP, false},
                            doff, seg);
    case SD_PREFIX_TCP6:
        return sd_decap_tcp(want, pkt, caplen,
                            (struct sd_decap_l4){pkt + SD_ETH_HLEN, SD_ETH_HLEN + SD_IPV6_HLEN, end,
                                                 6, SD_IPPROTO_TCP, false},
                            doff, seg);
    case SD_PREFIX_OTHER:
        return SD_DECAP_OTHER;
    default:
        return sd_decap_general(linktype, pkt, caplen, wirelen, want, seg, err);
    }
}

#endif /* SMCDUMP_DECAP_H */
