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
    SD_EXIT_INPUT = 2,   /* input could not be opened, or live capture failed */
    SD_EXIT_DAMAGED = 3, /* capture file damaged: read up to the damage */
    SD_EXIT_OUTPUT = 4,  /* output or -w file could not be written */
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
};

struct sd_capture;

/* Returns SD_EXIT_OK and *cp, or an exit status after telling `err` why. */
int sd_capture_open(struct sd_capture **cp, const struct sd_capture_opts *o, FILE *err);
/* The input's LINKTYPE_ (see decap.h). */
int sd_capture_linktype(const struct sd_capture *c);
/* Every packet to `a`. Returns an exit status; problems were reported through `a`. */
int sd_capture_run(struct sd_capture *c, struct sd_analyzer *a);
/* Async-signal-safe: make sd_capture_run() return after the current packet. */
void sd_capture_stop(void);
void sd_capture_close(struct sd_capture *c);

#endif /* SMCDUMP_CAPTURE_H */
