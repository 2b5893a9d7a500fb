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

/* Every eyecatcher starts with the byte sd_decap_wanted() looks for. */
#define SD_X_FIRST_BYTE(value, id, key, label)                                                     \
    _Static_assert(SMCCLC_BE32_BYTE(value, 0) == SD_CLC_FIRST_BYTE,                                \
                   "eyecatcher " key " starts differently");
SMCCLC_EYECATCHER_LIST(SD_X_FIRST_BYTE)
#undef SD_X_FIRST_BYTE

/* The packet being decoded, and where to put the reason when it cannot be. */
struct dc {
    const uint8_t *p;
    size_t cap;  /* captured bytes */
    size_t wire; /* bytes on the wire (>= cap) */
    const struct sd_portset *want;
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
        NEED(d, *off, SD_MPLS_LABEL_LEN, "MPLS label");
        *off += SD_MPLS_LABEL_LEN;
        if (d->p[*off - 2] & 0x01) /* bottom of stack */
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

    while (sd_is_vlan_tpid(type)) {
        if (++tags > MAX_VLAN_TAGS)
            return fail(d, SD_DECAP_MALFORMED, *off, "more than %d VLAN tags", MAX_VLAN_TAGS);
        NEED(d, *off, SD_VLAN_TAG_LEN, "VLAN tag");
        type = sd_be16(d->p + *off + SD_VLAN_TAG_LEN - 2);
        *off += SD_VLAN_TAG_LEN;
    }
    if (sd_is_mpls(type))
        return mpls_walk(d, off, family);
    *family = type == SD_ETHERTYPE_IPV4 ? 4 : type == SD_ETHERTYPE_IPV6 ? 6 : 0;
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
        NEED(d, 0, SD_ETH_HLEN, "Ethernet header");
        *off = SD_ETH_HLEN;
        return ethertype_walk(d, off, sd_be16(d->p + SD_ETH_TYPE_OFF), family);
    case SD_LINK_LINUX_SLL:
        NEED(d, 0, SD_SLL_HLEN, "Linux cooked header");
        *off = SD_SLL_HLEN;
        return ethertype_walk(d, off, sd_be16(d->p + SD_SLL_TYPE_OFF), family);
    case SD_LINK_LINUX_SLL2:
        NEED(d, 0, SD_SLL2_HLEN, "Linux cooked v2 header");
        *off = SD_SLL2_HLEN;
        return ethertype_walk(d, off, sd_be16(d->p + SD_SLL2_TYPE_OFF), family);
    case SD_LINK_NULL:
        NEED(d, 0, SD_LOOP_HLEN, "loopback header");
        /* written in the capturing host's order, which the file does not record */
        af = (uint32_t)d->p[0] | (uint32_t)d->p[1] << 8 | (uint32_t)d->p[2] << 16 |
             (uint32_t)d->p[3] << 24;
        if (af > 0xFFFF)
            af = sd_be32(d->p);
        *off = SD_LOOP_HLEN;
        *family = bsd_family(af);
        return SD_DECAP_TCP;
    case SD_LINK_LOOP:
        NEED(d, 0, SD_LOOP_HLEN, "loopback header");
        *off = SD_LOOP_HLEN;
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

/* What the IP layer hands on: TCP, and UDP and GRE for the tunnels. */
static bool carried(uint8_t proto)
{
    return proto == SD_IPPROTO_TCP || proto == SD_IPPROTO_UDP || proto == SD_IPPROTO_GRE;
}

static enum sd_decap_status ipv4(struct dc *d, size_t off, struct sd_decap_l4 *l4)
{
    size_t ihl, tot, on_wire;
    uint16_t frag;

    NEED(d, off, SD_IPV4_HLEN, "IPv4 header");
    const uint8_t *ip = d->p + off;
    if (ip[0] >> 4 != 4)
        return fail(d, SD_DECAP_MALFORMED, off, "IP version %u in an IPv4 packet", ip[0] >> 4);
    ihl = (size_t)(ip[0] & 0x0F) * 4;
    if (ihl < SD_IPV4_HLEN)
        return fail(d, SD_DECAP_MALFORMED, off, "IPv4 header length %zu < %d", ihl, SD_IPV4_HLEN);
    tot = sd_be16(ip + SD_IPV4_LEN_OFF);
    on_wire = d->wire - off;
    /* segmentation offload captured before the NIC split it: no length yet */
    if (tot == 0)
        tot = on_wire;
    if (tot < ihl)
        return fail(d, SD_DECAP_MALFORMED, off + SD_IPV4_LEN_OFF,
                    "IPv4 total length %zu < header length %zu", tot, ihl);
    if (tot > on_wire)
        return fail(d, SD_DECAP_MALFORMED, off + SD_IPV4_LEN_OFF,
                    "IPv4 total length %zu > %zu bytes on the wire", tot, on_wire);
    frag = sd_be16(ip + SD_IPV4_FRAG_OFF);
    if ((frag & SD_IPV4_FRAG_MASK) != 0 || !carried(ip[SD_IPV4_PROTO_OFF]))
        return SD_DECAP_OTHER; /* later fragments carry no TCP header */
    l4->proto = ip[SD_IPV4_PROTO_OFF];
    l4->family = 4;
    l4->ip = ip;
    l4->off = off + ihl;
    l4->end = off + tot;
    l4->fragment = (frag & SD_IPV4_MF) != 0;
    return SD_DECAP_TCP;
}

/* A chain longer than this is crafted; real stacks use two or three. */
#define MAX_IP6_EXT 16

static enum sd_decap_status ipv6(struct dc *d, size_t off, struct sd_decap_l4 *l4)
{
    size_t plen, on_wire, pos, end, len;
    uint8_t nh;
    unsigned n;

    NEED(d, off, SD_IPV6_HLEN, "IPv6 header");
    const uint8_t *ip = d->p + off;
    if (ip[0] >> 4 != 6)
        return fail(d, SD_DECAP_MALFORMED, off, "IP version %u in an IPv6 packet", ip[0] >> 4);
    plen = sd_be16(ip + SD_IPV6_PLEN_OFF);
    on_wire = d->wire - off - SD_IPV6_HLEN;
    /* a jumbogram or segmentation offload: the wire length is all there is */
    if (plen == 0)
        plen = on_wire;
    if (plen > on_wire)
        return fail(d, SD_DECAP_MALFORMED, off + SD_IPV6_PLEN_OFF,
                    "IPv6 payload length %zu > %zu bytes on the wire", plen, on_wire);
    nh = ip[SD_IPV6_NEXT_OFF];
    pos = off + SD_IPV6_HLEN;
    end = pos + plen;
    l4->fragment = false;
    for (n = 0; !carried(nh); n++) {
        if (n == MAX_IP6_EXT)
            return fail(d, SD_DECAP_MALFORMED, pos, "more than %d IPv6 extension headers",
                        MAX_IP6_EXT);
        switch (nh) {
        case SD_IPPROTO_HOPOPTS:
        case SD_IPPROTO_ROUTING:
        case SD_IPPROTO_DSTOPTS:
            NEED(d, pos, 2, "IPv6 extension header");
            len = ((size_t)d->p[pos + 1] + 1) * 8;
            break;
        case SD_IPPROTO_AH:
            NEED(d, pos, 2, "IPv6 authentication header");
            len = ((size_t)d->p[pos + 1] + 2) * 4;
            break;
        case SD_IPPROTO_FRAGMENT:
            NEED(d, pos, 8, "IPv6 fragment header");
            if ((sd_be16(d->p + pos + 2) & SD_IPV6_FRAG_MASK) != 0)
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
    l4->family = 6;
    l4->ip = ip;
    l4->off = pos;
    l4->end = end;
    l4->proto = nh;
    return SD_DECAP_TCP;
}

/*
 * The end of every walk, the prefix's and the general one's: a wanted TCP
 * header at l4->off, checked to be there and sane, with `doff` bytes of
 * header. Options matter only on SYNs, so only SYNs pay for them.
 */
enum sd_decap_status sd_decap_fill(const uint8_t *pkt, size_t cap, const struct sd_decap_l4 *l4,
                                   size_t doff, struct sd_segment *seg)
{
    const uint8_t *t = pkt + l4->off;
    size_t poff = l4->off + doff;

    seg->family = l4->family;
    seg->src = l4->ip + (l4->family == 4 ? SD_IPV4_SRC_OFF : SD_IPV6_SRC_OFF);
    seg->dst = l4->ip + (l4->family == 4 ? SD_IPV4_DST_OFF : SD_IPV6_DST_OFF);
    seg->sport = sd_be16(t);
    seg->dport = sd_be16(t + 2);
    seg->seq = sd_be32(t + 4);
    seg->flags = t[SD_TCP_FLAGS_OFF];
    seg->fragment = l4->fragment;
    seg->tunnelled = false;
    seg->opts_len = (uint16_t)(doff - SD_TCP_HLEN);
    seg->opts_cap = 0;
    seg->opts = NULL;
    if ((seg->flags & SD_TCP_SYN) && cap > l4->off + SD_TCP_HLEN) {
        size_t c = cap - l4->off - SD_TCP_HLEN;
        seg->opts_cap = (uint16_t)(c < seg->opts_len ? c : seg->opts_len);
        seg->opts = t + SD_TCP_HLEN;
    }
    seg->payload_off = (uint32_t)poff;
    seg->wirelen = (uint32_t)(l4->end - poff);
    seg->caplen = 0;
    seg->payload = NULL;
    if (cap > poff) {
        size_t c = cap - poff;
        seg->caplen = (uint32_t)(c < seg->wirelen ? c : seg->wirelen);
        seg->payload = pkt + poff;
    }
    return SD_DECAP_TCP;
}

static enum sd_decap_status tcp(struct dc *d, const struct sd_decap_l4 *l4, struct sd_segment *seg)
{
    size_t off = l4->off, seglen = l4->end - l4->off, doff;

    if (seglen < SD_TCP_HLEN)
        return fail(d, SD_DECAP_MALFORMED, off, "TCP segment of %zu bytes < %d", seglen,
                    SD_TCP_HLEN);
    /* ports, seq, data offset and flags are all that is needed */
    NEED(d, off, SD_TCP_FLAGS_OFF + 1, "TCP header");
    doff = (size_t)(d->p[off + SD_TCP_DOFF_OFF] >> 4) * 4;
    if (doff < SD_TCP_HLEN)
        return fail(d, SD_DECAP_MALFORMED, off + SD_TCP_DOFF_OFF, "TCP data offset %zu < %d", doff,
                    SD_TCP_HLEN);
    if (doff > seglen)
        return fail(d, SD_DECAP_MALFORMED, off + SD_TCP_DOFF_OFF,
                    "TCP data offset %zu > segment length %zu", doff, seglen);
    return sd_decap_tcp(d->want, d->p, d->cap, *l4, doff, seg);
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

    NEED(d, off, SD_ETH_HLEN, "inner Ethernet header");
    off += SD_ETH_HLEN;
    st = ethertype_walk(d, &off, sd_be16(d->p + off - SD_ETH_HLEN + SD_ETH_TYPE_OFF), &family);
    if (st != SD_DECAP_TCP)
        return st;
    return network(d, off, family, seg, depth);
}

/* The protocol field of GRE and Geneve: an EtherType. */
static enum sd_decap_status inner_by_type(struct dc *d, size_t off, uint16_t type,
                                          struct sd_segment *seg, unsigned depth)
{
    if (type == SD_ETHERTYPE_TEB)
        return inner_ethernet(d, off, seg, depth);
    if (type == SD_ETHERTYPE_IPV4 || type == SD_ETHERTYPE_IPV6)
        return network(d, off, type == SD_ETHERTYPE_IPV4 ? 4 : 6, seg, depth);
    return SD_DECAP_OTHER;
}

/* VXLAN (RFC 7348) and Geneve (RFC 8926) by their UDP destination port. */
static enum sd_decap_status udp_tunnel(struct dc *d, const struct sd_decap_l4 *l4,
                                       struct sd_segment *seg, unsigned depth)
{
    size_t off = l4->off;
    uint16_t port;

    NEED(d, off, SD_UDP_HLEN, "UDP header");
    port = sd_be16(d->p + off + SD_UDP_DPORT_OFF);
    off += SD_UDP_HLEN;
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
static enum sd_decap_status gre(struct dc *d, const struct sd_decap_l4 *l4, struct sd_segment *seg,
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
    struct sd_decap_l4 l4 = {0};
    enum sd_decap_status st;

    if (family == 4)
        st = ipv4(d, off, &l4);
    else if (family == 6)
        st = ipv6(d, off, &l4);
    else
        return SD_DECAP_OTHER;
    if (st != SD_DECAP_TCP)
        return st;
    if (l4.proto == SD_IPPROTO_TCP)
        return tcp(d, &l4, seg);
    /* tunnel payloads of a fragment, or too deep a stack, are not followed */
    if (l4.fragment || depth >= MAX_ENCAP)
        return SD_DECAP_OTHER;
    d->tunnelled = true;
    return l4.proto == SD_IPPROTO_UDP ? udp_tunnel(d, &l4, seg, depth + 1)
                                      : gre(d, &l4, seg, depth + 1);
}

enum sd_decap_status sd_decap_general(int linktype, const uint8_t *pkt, size_t caplen,
                                      size_t wirelen, const struct sd_portset *want,
                                      struct sd_segment *seg, struct sd_decap_error *err)
{
    struct dc d = {pkt, caplen, wirelen < caplen ? caplen : wirelen, want, err, false};
    size_t off = 0;
    uint8_t family = 0;
    enum sd_decap_status st;

    st = link_layer(&d, linktype, &off, &family);
    if (st != SD_DECAP_TCP)
        return st;
    st = network(&d, off, family, seg, 0);
    if (d.tunnelled && st == SD_DECAP_TCP)
        seg->tunnelled = true;
    return st;
}
