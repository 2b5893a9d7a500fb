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
#define SD_LINK_NULL 0        /* BSD loopback, family in the capturing host's byte order */
#define SD_LINK_ETHERNET 1
#define SD_LINK_RAW 12        /* DLT_RAW as Linux libpcap reports LINKTYPE_RAW (101) */
#define SD_LINK_RAW_OPENBSD 14
#define SD_LINK_RAW_101 101
#define SD_LINK_LOOP 108      /* OpenBSD loopback, family in network byte order */
#define SD_LINK_LINUX_SLL 113
#define SD_LINK_IPV4 228
#define SD_LINK_IPV6 229
#define SD_LINK_LINUX_SLL2 276

#define SD_TCP_FIN 0x01
#define SD_TCP_SYN 0x02
#define SD_TCP_RST 0x04
#define SD_TCP_ACK 0x10

struct sd_segment {
    uint8_t family;           /* 4 or 6 */
    bool fragment;            /* first IP fragment: headers fine, payload incomplete */
    uint8_t flags;            /* TCP flags byte */
    const uint8_t *src, *dst; /* addresses inside the packet, 4 or 16 bytes */
    uint16_t sport, dport;
    uint32_t seq;
    const uint8_t *opts; /* TCP options past the fixed header */
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

#endif /* SMCDUMP_DECAP_H */
