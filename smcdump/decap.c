/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Link, IP and TCP headers down to a TCP segment.
 *
 * This runs for every packet, so it reads only the header bytes it needs and
 * formats text only on the error paths. Lengths come from the IP header, not
 * from the capture: Ethernet pads short frames to 60 bytes, and those pad
 * bytes must not become TCP payload.
 */
#include "decap.h"

#include <stdarg.h>
#include <stdio.h>

/* The packet being decoded, and where to put the reason when it cannot be. */
struct dc {
    const uint8_t *p;
    size_t cap;  /* captured bytes */
    size_t wire; /* bytes on the wire (>= cap) */
    struct sd_decap_error *err;
    bool tunnelled; /* the IP header decoded last is inside a tunnel */
};

__attribute__((format(printf, 4, 5))) static enum sd_decap_status
fail(struct dc *d, enum sd_decap_status st, size_t off, const char *fmt, ...)
{
    va_list ap;

    d->err->offset = off;
    va_start(ap, fmt);
    vsnprintf(d->err->what, sizeof(d->err->what), fmt, ap);
    va_end(ap);
    return st;
}

/*
 * Whether n bytes at off were captured. If not, the wire length decides who
 * is to blame: bytes that existed on the wire were cut by snaplen; bytes
 * beyond the wire packet mean a header claimed more than there was.
 */
static enum sd_decap_status need(struct dc *d, size_t off, size_t n, const char *what)
{
    if (off <= d->cap && n <= d->cap - off)
        return SD_DECAP_TCP;
    if (off <= d->wire && n <= d->wire - off)
        return fail(d, SD_DECAP_TRUNCATED, off, "%s cut by snaplen (%zu of %zu bytes captured)",
                    what, off < d->cap ? d->cap - off : 0, n);
    return fail(d, SD_DECAP_MALFORMED, off, "%s runs past the end of the %zu-byte packet", what,
                d->wire);
}

#define NEED(d, off, n, what)                                                                      \
    do {                                                                                           \
        enum sd_decap_status need_st_ = need(d, off, n, what);                                     \
        if (need_st_ != SD_DECAP_TCP)                                                              \
            return need_st_;                                                                       \
    } while (0)

static bool is_vlan_tpid(uint16_t type)
{
    /* 802.1Q, 802.1ad, and the two pre-standard QinQ TPIDs still in use */
    return type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200;
}

/* Up to eight stacked tags; more is not a network, it is a crafted packet. */
#define MAX_VLAN_TAGS 8

/* Labels above this are a crafted packet; real stacks carry two to four. */
#define MAX_MPLS_LABELS 8

/*
 * An MPLS label stack (RFC 3032) down to the label with the bottom-of-stack
 * bit. MPLS does not say what follows; IP is recognised by its version
 * nibble, anything else (pseudowires, a control word) is not IP.
 */
static enum sd_decap_status mpls_walk(struct dc *d, size_t *off, uint8_t *family)
{
    unsigned labels = 0;

    for (;;) {
        NEED(d, *off, 4, "MPLS label");
        *off += 4;
        if (d->p[*off - 2] & 0x01)
            break;
        if (++labels >= MAX_MPLS_LABELS)
            return fail(d, SD_DECAP_MALFORMED, *off, "more than %d MPLS labels", MAX_MPLS_LABELS);
    }
    NEED(d, *off, 1, "IP header after MPLS");
    *family = d->p[*off] >> 4 == 4 ? 4 : d->p[*off] >> 4 == 6 ? 6 : 0;
    return SD_DECAP_TCP;
}

/*
 * From an EtherType at *off - 2 (already read into *type) past any VLAN tags.
 * Leaves *off at the network header and *family at 4, 6 or 0 (not IP).
 */
static enum sd_decap_status ethertype_walk(struct dc *d, size_t *off, uint16_t type,
                                           uint8_t *family)
{
    unsigned tags = 0;

    while (is_vlan_tpid(type)) {
        if (++tags > MAX_VLAN_TAGS)
            return fail(d, SD_DECAP_MALFORMED, *off, "more than %d VLAN tags", MAX_VLAN_TAGS);
        NEED(d, *off, 4, "VLAN tag");
        type = sd_be16(d->p + *off + 2);
        *off += 4;
    }
    if (type == 0x8847 || type == 0x8848)
        return mpls_walk(d, off, family);
    *family = type == 0x0800 ? 4 : type == 0x86DD ? 6 : 0;
    return SD_DECAP_TCP;
}

/* BSD AF_ values of IPv6: Linux, NetBSD/OpenBSD, FreeBSD, Darwin */
static uint8_t bsd_family(uint32_t af)
{
    if (af == 2)
        return 4;
    if (af == 10 || af == 24 || af == 28 || af == 30)
        return 6;
    return 0;
}

bool sd_decap_link_supported(int linktype)
{
    switch (linktype) {
    case SD_LINK_NULL:
    case SD_LINK_ETHERNET:
    case SD_LINK_RAW:
    case SD_LINK_RAW_OPENBSD:
    case SD_LINK_RAW_101:
    case SD_LINK_LOOP:
    case SD_LINK_LINUX_SLL:
    case SD_LINK_IPV4:
    case SD_LINK_IPV6:
    case SD_LINK_LINUX_SLL2:
        return true;
    default:
        return false;
    }
}

/* Leaves *off at the network header and *family at 4, 6 or 0. */
static enum sd_decap_status link_layer(struct dc *d, int linktype, size_t *off, uint8_t *family)
{
    uint32_t af;

    switch (linktype) {
    case SD_LINK_ETHERNET:
        NEED(d, 0, 14, "Ethernet header");
        *off = 14;
        return ethertype_walk(d, off, sd_be16(d->p + 12), family);
    case SD_LINK_LINUX_SLL:
        NEED(d, 0, 16, "Linux cooked header");
        *off = 16;
        return ethertype_walk(d, off, sd_be16(d->p + 14), family);
    case SD_LINK_LINUX_SLL2:
        NEED(d, 0, 20, "Linux cooked v2 header");
        *off = 20;
        return ethertype_walk(d, off, sd_be16(d->p), family);
    case SD_LINK_NULL:
        NEED(d, 0, 4, "loopback header");
        /* written in the capturing host's order, which the file does not record */
        af = (uint32_t)d->p[0] | (uint32_t)d->p[1] << 8 | (uint32_t)d->p[2] << 16 |
             (uint32_t)d->p[3] << 24;
        if (af > 0xFFFF)
            af = sd_be32(d->p);
        *off = 4;
        *family = bsd_family(af);
        return SD_DECAP_TCP;
    case SD_LINK_LOOP:
        NEED(d, 0, 4, "loopback header");
        *off = 4;
        *family = bsd_family(sd_be32(d->p));
        return SD_DECAP_TCP;
    case SD_LINK_RAW:
    case SD_LINK_RAW_OPENBSD:
    case SD_LINK_RAW_101:
    case SD_LINK_IPV4:
    case SD_LINK_IPV6:
        NEED(d, 0, 1, "IP header");
        *off = 0;
        *family = (d->p[0] >> 4) == 4 ? 4 : (d->p[0] >> 4) == 6 ? 6 : 0;
        if (!*family)
            return fail(d, SD_DECAP_MALFORMED, 0, "IP version %u in a raw IP packet", d->p[0] >> 4);
        return SD_DECAP_TCP;
    default:
        return fail(d, SD_DECAP_BAD_LINK, 0, "link type %d not supported", linktype);
    }
}

/* An IP layer's result: where TCP starts and ends, or why there is none. */
struct l4 {
    size_t off, end;
    bool fragment;
    uint8_t proto; /* 6 TCP, 17 UDP, 47 GRE */
};

static bool carried(uint8_t proto)
{
    return proto == 6 || proto == 17 || proto == 47;
}

static enum sd_decap_status ipv4(struct dc *d, size_t off, struct sd_segment *seg, struct l4 *l4)
{
    size_t ihl, tot, on_wire;
    uint16_t frag;

    NEED(d, off, 20, "IPv4 header");
    const uint8_t *ip = d->p + off;
    if (ip[0] >> 4 != 4)
        return fail(d, SD_DECAP_MALFORMED, off, "IP version %u in an IPv4 packet", ip[0] >> 4);
    ihl = (size_t)(ip[0] & 0x0F) * 4;
    if (ihl < 20)
        return fail(d, SD_DECAP_MALFORMED, off, "IPv4 header length %zu < 20", ihl);
    tot = sd_be16(ip + 2);
    on_wire = d->wire - off;
    /* segmentation offload captured before the NIC split it: no length yet */
    if (tot == 0)
        tot = on_wire;
    if (tot < ihl)
        return fail(d, SD_DECAP_MALFORMED, off + 2, "IPv4 total length %zu < header length %zu",
                    tot, ihl);
    if (tot > on_wire)
        return fail(d, SD_DECAP_MALFORMED, off + 2, "IPv4 total length %zu > %zu bytes on the wire",
                    tot, on_wire);
    frag = sd_be16(ip + 6);
    if ((frag & 0x1FFF) != 0 || !carried(ip[9]))
        return SD_DECAP_OTHER; /* later fragments carry no TCP header */
    l4->proto = ip[9];
    seg->family = 4;
    seg->src = ip + 12;
    seg->dst = ip + 16;
    l4->off = off + ihl;
    l4->end = off + tot;
    l4->fragment = (frag & 0x2000) != 0;
    return SD_DECAP_TCP;
}

#define IP6_HOPOPTS 0
#define IP6_TCP 6
#define IP6_ROUTING 43
#define IP6_FRAGMENT 44
#define IP6_AH 51
#define IP6_DSTOPTS 60
/* A chain longer than this is crafted; real stacks use two or three. */
#define MAX_IP6_EXT 16

static enum sd_decap_status ipv6(struct dc *d, size_t off, struct sd_segment *seg, struct l4 *l4)
{
    size_t plen, on_wire, pos, end, len;
    uint8_t nh;
    unsigned n;

    NEED(d, off, 40, "IPv6 header");
    const uint8_t *ip = d->p + off;
    if (ip[0] >> 4 != 6)
        return fail(d, SD_DECAP_MALFORMED, off, "IP version %u in an IPv6 packet", ip[0] >> 4);
    plen = sd_be16(ip + 4);
    on_wire = d->wire - off - 40;
    /* a jumbogram or segmentation offload: the wire length is all there is */
    if (plen == 0)
        plen = on_wire;
    if (plen > on_wire)
        return fail(d, SD_DECAP_MALFORMED, off + 4,
                    "IPv6 payload length %zu > %zu bytes on the wire", plen, on_wire);
    nh = ip[6];
    pos = off + 40;
    end = pos + plen;
    l4->fragment = false;
    for (n = 0; !carried(nh); n++) {
        if (n == MAX_IP6_EXT)
            return fail(d, SD_DECAP_MALFORMED, pos, "more than %d IPv6 extension headers",
                        MAX_IP6_EXT);
        switch (nh) {
        case IP6_HOPOPTS:
        case IP6_ROUTING:
        case IP6_DSTOPTS:
            NEED(d, pos, 2, "IPv6 extension header");
            len = ((size_t)d->p[pos + 1] + 1) * 8;
            break;
        case IP6_AH:
            NEED(d, pos, 2, "IPv6 authentication header");
            len = ((size_t)d->p[pos + 1] + 2) * 4;
            break;
        case IP6_FRAGMENT:
            NEED(d, pos, 8, "IPv6 fragment header");
            if ((sd_be16(d->p + pos + 2) & 0xFFF8) != 0)
                return SD_DECAP_OTHER; /* later fragments carry no TCP header */
            l4->fragment = (d->p[pos + 3] & 1) != 0;
            len = 8;
            break;
        default:
            return SD_DECAP_OTHER; /* UDP, ESP, no next header, ... */
        }
        if (len > end - pos)
            return fail(d, SD_DECAP_MALFORMED, pos,
                        "IPv6 extension header of %zu bytes runs past the payload", len);
        nh = d->p[pos];
        pos += len;
    }
    seg->family = 6;
    seg->src = ip + 8;
    seg->dst = ip + 24;
    l4->off = pos;
    l4->end = end;
    l4->proto = nh;
    return SD_DECAP_TCP;
}

static enum sd_decap_status tcp(struct dc *d, const struct l4 *l4, struct sd_segment *seg)
{
    size_t off = l4->off, seglen = l4->end - l4->off, doff;

    if (seglen < 20)
        return fail(d, SD_DECAP_MALFORMED, off, "TCP segment of %zu bytes < 20", seglen);
    /* ports, seq, data offset and flags are all that is needed */
    NEED(d, off, 14, "TCP header");
    doff = (size_t)(d->p[off + 12] >> 4) * 4;
    if (doff < 20)
        return fail(d, SD_DECAP_MALFORMED, off + 12, "TCP data offset %zu < 20", doff);
    if (doff > seglen)
        return fail(d, SD_DECAP_MALFORMED, off + 12, "TCP data offset %zu > segment length %zu",
                    doff, seglen);
    sd_decap_fill_tcp(seg, d->p, d->cap, off, l4->end, doff, l4->fragment);
    return SD_DECAP_TCP;
}

/* Tunnels inside tunnels: deeper is crafted. */
#define MAX_ENCAP 4

static enum sd_decap_status network(struct dc *d, size_t off, uint8_t family,
                                    struct sd_segment *seg, unsigned depth);

/* An inner Ethernet frame at off (VXLAN, Geneve, GRE TEB). */
static enum sd_decap_status inner_ethernet(struct dc *d, size_t off, struct sd_segment *seg,
                                           unsigned depth)
{
    uint8_t family = 0;
    enum sd_decap_status st;

    NEED(d, off, 14, "inner Ethernet header");
    off += 14;
    st = ethertype_walk(d, &off, sd_be16(d->p + off - 2), &family);
    if (st != SD_DECAP_TCP)
        return st;
    return network(d, off, family, seg, depth);
}

/* The protocol field of GRE and Geneve: an EtherType. */
static enum sd_decap_status inner_by_type(struct dc *d, size_t off, uint16_t type,
                                          struct sd_segment *seg, unsigned depth)
{
    if (type == 0x6558) /* transparent Ethernet bridging */
        return inner_ethernet(d, off, seg, depth);
    if (type == 0x0800 || type == 0x86DD)
        return network(d, off, type == 0x0800 ? 4 : 6, seg, depth);
    return SD_DECAP_OTHER;
}

/* VXLAN (RFC 7348) and Geneve (RFC 8926) by their UDP destination port. */
static enum sd_decap_status udp_tunnel(struct dc *d, const struct l4 *l4, struct sd_segment *seg,
                                       unsigned depth)
{
    size_t off = l4->off;
    uint16_t port;

    NEED(d, off, 8, "UDP header");
    port = sd_be16(d->p + off + 2);
    off += 8;
    if (port == SD_UDP_VXLAN) {
        NEED(d, off, 8, "VXLAN header");
        if (!(d->p[off] & 0x08)) /* no VNI: not VXLAN after all */
            return SD_DECAP_OTHER;
        return inner_ethernet(d, off + 8, seg, depth);
    }
    if (port == SD_UDP_GENEVE) {
        NEED(d, off, 8, "Geneve header");
        if (d->p[off] >> 6 != 0)
            return SD_DECAP_OTHER; /* a version we do not know */
        return inner_by_type(d, off + 8 + (size_t)(d->p[off] & 0x3F) * 4, sd_be16(d->p + off + 2),
                             seg, depth);
    }
    return SD_DECAP_OTHER;
}

/* GRE version 0 (RFC 2784, 2890): checksum, key and sequence words are optional. */
static enum sd_decap_status gre(struct dc *d, const struct l4 *l4, struct sd_segment *seg,
                                unsigned depth)
{
    size_t off = l4->off, hlen = 4;
    uint16_t flags;

    NEED(d, off, 4, "GRE header");
    flags = sd_be16(d->p + off);
    /* version 1 is PPTP; routing (RFC 1701) is obsolete */
    if ((flags & 0x0007) != 0 || (flags & 0x4000) != 0)
        return SD_DECAP_OTHER;
    hlen += (flags & 0x8000) ? 4 : 0;
    hlen += (flags & 0x2000) ? 4 : 0;
    hlen += (flags & 0x1000) ? 4 : 0;
    NEED(d, off, hlen, "GRE header");
    return inner_by_type(d, off + hlen, sd_be16(d->p + off + 2), seg, depth);
}

static enum sd_decap_status network(struct dc *d, size_t off, uint8_t family,
                                    struct sd_segment *seg, unsigned depth)
{
    struct l4 l4 = {0, 0, false, 0};
    enum sd_decap_status st;

    if (family == 4)
        st = ipv4(d, off, seg, &l4);
    else if (family == 6)
        st = ipv6(d, off, seg, &l4);
    else
        return SD_DECAP_OTHER;
    if (st != SD_DECAP_TCP)
        return st;
    if (l4.proto == 6)
        return tcp(d, &l4, seg);
    /* tunnel payloads of a fragment, or too deep a stack, are not followed */
    if (l4.fragment || depth >= MAX_ENCAP)
        return SD_DECAP_OTHER;
    d->tunnelled = true;
    return l4.proto == 17 ? udp_tunnel(d, &l4, seg, depth + 1) : gre(d, &l4, seg, depth + 1);
}

enum sd_decap_status sd_decap(int linktype, const uint8_t *pkt, size_t caplen, size_t wirelen,
                              struct sd_segment *seg, struct sd_decap_error *err)
{
    struct dc d = {pkt, caplen, wirelen < caplen ? caplen : wirelen, err, false};
    size_t off = 0;
    uint8_t family = 0;
    enum sd_decap_status st;
    struct sd_peek_tcp w;
    enum sd_peek peek;

    /* the common packets, as the per-packet loop sees them; the rest is worded below */
    switch (peek = sd_decap_peek(linktype, pkt, caplen, wirelen, &w)) {
    case SD_PEEK_TCP4:
    case SD_PEEK_TCP6:
        sd_decap_fill_peeked(seg, pkt, caplen, peek, &w);
        return SD_DECAP_TCP;
    case SD_PEEK_OTHER:
        return SD_DECAP_OTHER;
    case SD_PEEK_SLOW:
        break;
    }
    st = link_layer(&d, linktype, &off, &family);
    if (st != SD_DECAP_TCP)
        return st;
    st = network(&d, off, family, seg, 0);
    if (d.tunnelled && st == SD_DECAP_TCP)
        seg->tunnelled = true;
    return st;
}
