/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The pcap side of smcdump: open a live interface or a capture file, compile
 * the filter, feed every packet to the analyzer, write the SMC packets to a
 * -w file, and say precisely what went wrong when something does.
 */
#ifndef SMCDUMP_CAPTURE_H
#define SMCDUMP_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "analyze.h"

/* Exit statuses, as documented in the usage text. */
enum sd_exit {
    SD_EXIT_OK = 0,
    SD_EXIT_USAGE = 1,   /* bad options or filter expression */
    SD_EXIT_INPUT = 2,   /* input could not be opened, live capture failed, out of memory */
    SD_EXIT_DAMAGED = 3, /* capture file damaged: read up to the damage */
    SD_EXIT_OUTPUT = 4,  /* output, -w or --metrics file could not be written */
    SD_EXIT_EXPECT = 5,  /* an --expect SPEC did not hold */
    SD_EXIT_CHANGED = 6, /* --compare found a difference */
};

#define SD_SNAPLEN_MAX 262144

struct sd_capture_opts {
    const char *device;     /* -i, or NULL */
    const char *file;       /* -r ("-": standard input), or NULL */
    const char *filter;     /* BPF expression, or NULL */
    const char *write_file; /* -w ("-": standard output), or NULL */
    int snaplen;            /* live only; 0: SD_SNAPLEN_MAX */
    bool promisc;           /* live only; -p turns it off */
    bool quiet;             /* no "listening on" line */
    uint64_t count;         /* -c: stop after this many packets; 0: no limit */
    bool default_filter;    /* the kernel filter of kfilter.h (live default; files: asked for) */
    bool immediate;         /* --immediate-mode: deliver each packet at once */
    int buffer_kib;         /* -B: kernel buffer in KiB; 0: libpcap's default */
    bool flush_dump;        /* -w written through per packet (live, or -U) */
    uint64_t rotate_bytes;  /* -C: start a new -w file beyond this size; 0: never */
    unsigned rotate_secs;   /* -G: start a new -w file this often; 0: never */
    unsigned rotate_count;  /* -W: with -C, files kept in a ring; with -G, files before exit */
    const char *user;       /* -Z: drop to this user once the capture is open */
};

/* The kernel's counts of a live capture (pcap_stats), for --stats, JSON and metrics. */
struct sd_kernel_stats {
    bool known;
    uint64_t received, dropped, ifdropped;
};

struct sd_capture;

/* Returns SD_EXIT_OK and *cp, or an exit status after telling `err` why. */
int sd_capture_open(struct sd_capture **cp, const struct sd_capture_opts *o, FILE *err);
/* The input's LINKTYPE_ (see decap.h). */
int sd_capture_linktype(const struct sd_capture *c);
/* Every packet to `a`. Returns an exit status; problems were reported through `a`. */
int sd_capture_run(struct sd_capture *c, struct sd_analyzer *a);
/*
 * Live: `fn` runs at least once a second while capturing, and after every
 * batch of packets (metrics, for instance). `mono_ms`: CLOCK_MONOTONIC.
 */
void sd_capture_set_hook(struct sd_capture *c, void (*fn)(void *ctx, uint64_t mono_ms), void *ctx);
/* The kernel's counts so far; known only for live captures. */
void sd_capture_kernel_stats(struct sd_capture *c, struct sd_kernel_stats *ks);
/* -D: the interfaces libpcap can capture on, as tcpdump lists them. Returns an exit status. */
int sd_capture_list(FILE *out, FILE *err);
/* Async-signal-safe: make sd_capture_run() return after the current packet. */
void sd_capture_stop(void);
void sd_capture_close(struct sd_capture *c);

#endif /* SMCDUMP_CAPTURE_H */
