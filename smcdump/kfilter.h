/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The default kernel filter of a live capture: a classic BPF program that
 * passes what the analysis can use and drops the bulk of a busy link, so
 * that only SMC-related packets are copied to user space.
 *
 * It passes TCP segments over IPv4 or IPv6 (up to SD_KF_IP6_EXT extension
 * headers, Ethernet with up to two VLAN tags, Linux cooked v1/v2, raw IP)
 * that
 *  - have SYN, FIN or RST set, or
 *  - carry 1 to SD_KF_SHORT bytes of payload: a CLC message is at most
 *    SD_MSG_MAX (1024) bytes, so the rest of one split over segments is
 *    always shorter, and passes, or
 *  - carry a payload that starts with an SMC eyecatcher (a CLC message
 *    followed by more bytes in one segment).
 * docs/smcdump-internals.md says what this can miss.
 *
 * The program is written here, not in pcap-filter syntax: that syntax has
 * no tcp[] for IPv6 and cannot walk extension headers.
 */
#ifndef SMCDUMP_KFILTER_H
#define SMCDUMP_KFILTER_H

#include <sys/types.h> /* u_int and friends, which pcap/bpf.h uses */

#include <pcap/bpf.h>
#include <stdint.h>

#define SD_KF_IP6_EXT 3
#define SD_KF_SHORT 1023
#define SD_KF_MAX_INSNS 512
/* The kernel takes at most BPF_MAXINSNS (4096, linux/bpf_common.h) instructions. */
#define SD_KF_PROG_MAX 4096

/* What sd_kfilter_build() made. Without a program the capture can go on unfiltered. */
enum sd_kfilter_built {
    SD_KF_BUILT = 0,
    SD_KF_NONE = -1,     /* the link type has no default filter */
    SD_KF_TOO_LONG = -2, /* with the user's program, over the kernel's limit */
    SD_KF_NO_MEMORY = -3,
};

/*
 * The program for `linktype` (LINKTYPE_ value) into `out` (freed with
 * sd_kfilter_free), accepting `snaplen` bytes of a passing packet. When
 * `user` is given (from pcap_compile), a packet passes only if both
 * programs pass it.
 */
enum sd_kfilter_built sd_kfilter_build(int linktype, uint32_t snaplen,
                                       const struct bpf_program *user, struct bpf_program *out);
void sd_kfilter_free(struct bpf_program *p);

#endif /* SMCDUMP_KFILTER_H */
