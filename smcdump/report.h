/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The seam between smcdump's analysis (capture, link layers, TCP streams,
 * handshake state) and its output (text, JSON, statistics). The analysis
 * produces events, with every CLC message already decoded; the output turns
 * them into lines and does not link the decoder. Neither side knows how the
 * other works, so each can be tested and fuzzed alone.
 */
#ifndef SMCDUMP_REPORT_H
#define SMCDUMP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smcclc/handshake.h"
#include "smcclc/smcclc.h"

struct sd_endpoint {
    uint8_t family; /* 4 or 6 */
    uint8_t addr[16];
    uint16_t port;
};

/*
 * One CLC message, complete or cut by snaplen, decoded once by the analysis
 * (smcclc_clc_decode_fields): the output renders `msg` and `entries` and
 * never decodes. Everything here is lent for the call only; the entries
 * live in the analysis' scratch and point into `bytes`.
 */
struct sd_clc_event {
    uint64_t frame; /* 1-based packet number of the segment that completed it */
    uint64_t ts_us; /* that packet's time, microseconds since the epoch */
    struct sd_endpoint src, dst;
    enum smcclc_dir dir;                /* relative to the connection: client to server or back */
    bool mid_stream;                    /* the connection's SYN was not seen */
    const uint8_t *bytes;               /* the message as reassembled */
    size_t avail;                       /* bytes present; < msg->length when truncated */
    const struct smcclc_clc_msg *msg;   /* the decoded summary */
    const struct smcclc_entry *entries; /* its fields and groups in wire order */
    size_t n_entries;                   /* none dropped: room for SMCCLC_CLC_MAX_ENTRIES */
};

/* One verdict per SMC connection, when its handshake ends or at the end. */
struct sd_verdict_event {
    uint64_t frame; /* the packet that decided it, or the connection's last */
    uint64_t ts_us;
    struct sd_endpoint client, server;
    const struct smcclc_handshake *hs;
    const struct smcclc_verdict *v;
};

enum sd_problem_kind {
    SD_PROBLEM_TRUNCATED, /* bytes missing because of snaplen: not the sender's fault */
    SD_PROBLEM_MALFORMED, /* bytes present but impossible: a header that lies */
    SD_PROBLEM_FILE,      /* the capture file itself is damaged or cut */
};

/* Something wrong with one packet (or the file). Processing goes on. */
struct sd_problem_event {
    enum sd_problem_kind kind;
    uint64_t frame;   /* 0 when not about one packet */
    size_t offset;    /* byte offset in the packet (or file) where it shows */
    const char *what; /* e.g. "IPv4 header length 4 < 20" */
};

/* Counters the analysis keeps for --stats. */
struct sd_counters {
    uint64_t packets;           /* packets read */
    uint64_t bytes;             /* captured bytes read */
    uint64_t tcp_segments;      /* TCP segments decoded */
    uint64_t smc_syn;           /* SYNs carrying the SMC option */
    uint64_t smc_synack;        /* SYN-ACKs carrying the SMC option */
    uint64_t clc_messages;      /* CLC messages reported */
    uint64_t lookalikes;        /* payloads that look like CLC on non-SMC connections or after
                                   a direction's CLC phase: application data, not reported */
    uint64_t truncated_packets; /* packets cut by snaplen where it mattered */
    uint64_t malformed_packets; /* packets with impossible headers */
    uint64_t flows_peak;        /* most flows tracked at once */
    uint64_t flows_evicted;     /* flows dropped to stay within the bound before their end */
    uint64_t ooo_dropped;       /* out-of-order bytes dropped to stay within the bound */
    /* live captures: the kernel's pcap_stats(), filled in by the caller */
    bool kernel_known;
    uint64_t kernel_received, kernel_dropped, kernel_ifdropped;
};

enum sd_tstamp {
    SD_TS_DEFAULT, /* HH:MM:SS.uuuuuu, local time */
    SD_TS_NONE,    /* -t */
    SD_TS_EPOCH,   /* -tt */
    SD_TS_DELTA,   /* -ttt: since the previous line */
    SD_TS_DATE,    /* -tttt: YYYY-MM-DD HH:MM:SS.uuuuuu */
};

/*
 * A consumer of the events besides the renderers: --expect checks them,
 * --compare collects them. It sees every CLC message and verdict, also
 * with -q.
 */
struct sd_observer {
    void (*clc)(void *ctx, const struct sd_clc_event *e);
    void (*verdict)(void *ctx, const struct sd_verdict_event *e);
    void *ctx;
};

struct sd_output_opts {
    FILE *out;              /* stdout normally */
    FILE *err;              /* stderr normally */
    const char *input_name; /* file name or interface, for problem messages */
    int verbose;            /* 0, 1 (-v: every field), 2 (-vv: reserved fields and hex) */
    bool json;              /* --json: JSON Lines instead of text */
    bool numeric;           /* -n: no name resolution */
    enum sd_tstamp tstamp;
    bool quiet;      /* -q: no per-message lines; statistics at the end */
    bool stats;      /* --stats */
    bool flush_each; /* live or -l: every record reaches `out` when it is made */
    bool silent;     /* no text or JSON at all (--compare reads captures this way) */
    const struct sd_observer *observer; /* or NULL */
};

struct sd_output;

struct sd_output *sd_output_new(const struct sd_output_opts *opts);
void sd_report_clc(struct sd_output *o, const struct sd_clc_event *e);
void sd_report_verdict(struct sd_output *o, const struct sd_verdict_event *e);
void sd_report_problem(struct sd_output *o, const struct sd_problem_event *e);
/* End of input: statistics when asked. Returns nonzero on an output error. */
int sd_report_finish(struct sd_output *o, const struct sd_counters *c);
/*
 * --metrics: the counters so far as a Prometheus text file at `path`,
 * written to a temporary file beside it and renamed over it, so that a
 * reader (node_exporter's textfile collector) never sees half a file.
 * Returns 0, or -1 after telling the error stream why.
 */
int sd_report_metrics(struct sd_output *o, const struct sd_counters *c, const char *path);
void sd_output_free(struct sd_output *o);

#endif /* SMCDUMP_REPORT_H */
