/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * From packets to events: decapsulation, the flow table, per-direction CLC
 * reassembly and the handshake state machine, reported through report.h.
 *
 * A verdict goes out once per SMC connection, when nothing can change it any
 * more: a Decline, a SYN-ACK without the option (PEERNOSMC), FIN or RST,
 * eviction, or the end of the input. A successful handshake waits after its
 * Confirm for FIN, RST, data or SD_SUCCESS_WAIT_SMCR_US (SMC-R) /
 * SD_SUCCESS_WAIT_US (SMC-D) of packet time, so that a Decline sent when
 * SMC-R link setup fails is still seen.
 */
#ifndef SMCDUMP_ANALYZE_H
#define SMCDUMP_ANALYZE_H

#include <stdbool.h>
#include <stdint.h>

#include "decap.h"
#include "report.h"

/*
 * How long a success verdict waits for a late Decline. SMC-R: the kernel's
 * CONFIRM LINK timer plus CLC_WAIT_TIME_SHORT, at most 5 + 2 + 1 s on any
 * release (docs/protocol.md, "How late a Decline can come after the
 * Confirm"). SMC-D has no link setup: only the server's checks of the Confirm.
 */
#define SD_SUCCESS_WAIT_SMCR_US 8000000u
#define SD_SUCCESS_WAIT_US 2000000u
/* An open handshake silent this long is reported incomplete and dropped (--idle-timeout). */
#define SD_IDLE_US 60000000u
/* Reassembly buffers shared by all directions: 1024 x ~1 KiB. */
#define SD_RBUF_POOL 1024

struct sd_analyzer;

struct sd_analyzer_opts {
    int linktype;       /* LINKTYPE_ of the input */
    uint32_t max_flows; /* 0: SD_FLOWS_MAX */
    uint32_t rbuf_pool; /* 0: SD_RBUF_POOL */
    uint64_t idle_us;   /* 0: SD_IDLE_US */
    bool all;           /* --all: a SYN without the SMC option gets a "no-option" verdict */
    bool live;          /* the clock is the wall clock: incomplete at the end = waited until now */
};

/* NULL when memory for the tables cannot be had. */
struct sd_analyzer *sd_analyzer_new(struct sd_output *out, const struct sd_analyzer_opts *opts);
void sd_analyzer_free(struct sd_analyzer *a);

/*
 * One captured packet; `frame` is its 1-based record number in the input
 * (records a filter rejected still count, so numbers match Wireshark's).
 * Returns whether the packet belongs to an SMC handshake (for -w).
 */
bool sd_analyze_packet(struct sd_analyzer *a, const uint8_t *pkt, uint32_t caplen, uint32_t wirelen,
                       uint64_t frame, uint64_t ts_us);

/*
 * One TCP segment without a packet around it, for tests and fuzzers: the
 * addresses and ports of `seg` give the flow and the direction. `frame`
 * numbers the segment for the events; it need not follow sd_analyze_packet's.
 */
bool sd_analyze_segment(struct sd_analyzer *a, const struct sd_segment *seg, uint64_t frame,
                        uint64_t ts_us);

/*
 * Live capture: time has reached `now_us` (packet time scale) without a
 * packet, e.g. on an idle link. Timers due by then fire.
 */
void sd_analyze_clock(struct sd_analyzer *a, uint64_t now_us);
/* When the next timer is due (packet time scale), UINT64_MAX when none. */
uint64_t sd_analyze_next_due(const struct sd_analyzer *a);

/* The capture file is damaged at byte `offset` (frame: the record that failed). */
void sd_analyze_file_problem(struct sd_analyzer *a, uint64_t frame, size_t offset,
                             const char *what);

/* End of input: every open handshake gets its verdict, in the order flows began. */
void sd_analyze_finish(struct sd_analyzer *a);

/* The counters so far (valid until the next call into the analyzer). */
const struct sd_counters *sd_analyze_counters(struct sd_analyzer *a);

#endif /* SMCDUMP_ANALYZE_H */
