/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * When and under which name a -w file is replaced by the next (-C, -G, -W),
 * as tcpdump does it, without any I/O: capture.c asks before each packet it
 * writes and on the clock, and opens and closes the files itself.
 *
 *  -C only:   FILE, FILE1, FILE2, ...; with -W N a ring FILE0 .. FILE(N-1),
 *             numbers padded to the digits of N-1 (tcpdump's names).
 *  -G only:   strftime(FILE) at each opening; with -W N, stop after N files.
 *  -G and -C: strftime(FILE) at each time rotation, numbered within it.
 */
#ifndef SMCDUMP_ROTATE_H
#define SMCDUMP_ROTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SD_ROTATE_NAME_MAX 4096

struct sd_rotate {
    const char *base;
    uint64_t bytes; /* -C in bytes; 0: no size rotation */
    unsigned secs;  /* -G; 0: no time rotation */
    unsigned count; /* -W; 0: no limit */
    bool active;    /* -C or -G given */
    unsigned width; /* digits of the file number with -C -W */
    unsigned index; /* number of the current file among the size rotations */
    unsigned files; /* files opened since the start (for -G -W) */
    uint64_t opened_s;
};

enum sd_rotate_what { SD_ROTATE_KEEP, SD_ROTATE_NEXT, SD_ROTATE_STOP };

void sd_rotate_init(struct sd_rotate *r, const char *base, uint64_t bytes, unsigned secs,
                    unsigned count);
/* The name of the file to open now; false when it does not fit `n` bytes. */
bool sd_rotate_name(struct sd_rotate *r, uint64_t now_s, char *buf, size_t n);
/* Whether the current file (`size` bytes so far) is to be closed before the next write. */
enum sd_rotate_what sd_rotate_check(struct sd_rotate *r, uint64_t size, uint64_t now_s);
/* -C's argument: millions of bytes, or with a k/m/g suffix KiB, MiB, GiB (tcpdump 4.99). */
bool sd_rotate_parse_size(const char *s, uint64_t *bytes);

#endif /* SMCDUMP_ROTATE_H */
