/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One direction of a TCP connection, seen as a stream of CLC messages.
 *
 * The layer puts segments back in order (retransmissions and overlaps are
 * trimmed, a little out-of-order data is held), cuts the stream into messages
 * with smcclc_clc_frame(), and hands each message to its owner through
 * struct sd_stream_ops. It knows neither pcap nor flows nor the handshake:
 * the owner answers "may CLC come here?" and does the decoding, so the layer
 * can be driven by a unit test or a fuzzer with any segment sequence.
 *
 * Memory: a direction owns a reassembly buffer only while a message is
 * incomplete or data arrived ahead of a gap. Buffers come from a pool sized
 * at start; a whole message that sits in one segment is framed in place.
 */
#ifndef SMCDUMP_STREAM_H
#define SMCDUMP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "smcclc/smcclc.h"

/* Linux sends at most 652 bytes; anything above this is treated as malformed. */
#define SD_MSG_MAX SMCCLC_CLC_MAX_LEN
/* Disjoint byte ranges one buffer can hold ahead of a gap. */
#define SD_HOLD_RANGES 4

enum sd_dir_state {
    SD_DIR_UNSYNCED = 0, /* no sequence number known yet: the first segment sets it */
    SD_DIR_CLC,          /* bytes at `next` may start a CLC message */
    SD_DIR_OFF,          /* CLC phase over (or given up): only look-alikes are counted */
};

/* 8 bytes: two of these sit in every flow, and a million flows may be open. */
struct sd_dir {
    uint32_t next; /* sequence number of the first byte not yet framed */
    uint16_t buf;  /* reassembly buffer: pool index + 1, or 0 */
    uint8_t state; /* enum sd_dir_state */
};

/* Most reassembly buffers a pool can have (struct sd_dir's buf is 16 bits). */
#define SD_RBUF_POOL_LIMIT 65535u

/* `flow` and `dir` are the owner's, passed back untouched. */
struct sd_stream_ops {
    /* Whether bytes at a message boundary going `dir` may still be CLC. */
    bool (*expected)(void *ctx, void *flow, int dir);
    /*
     * One message of `len` bytes; `avail` < `len` when snaplen cut it. `offset`
     * is where it starts in the current packet (or where the current
     * segment's payload starts, when the message began in an earlier one).
     */
    void (*message)(void *ctx, void *flow, int dir, const uint8_t *bytes, size_t avail, size_t len,
                    size_t offset);
    /* Bytes that are not CLC where CLC could have been: the CLC phase ends. */
    void (*data)(void *ctx, void *flow, int dir);
    /* A segment after the CLC phase whose bytes look like a CLC header. */
    void (*lookalike)(void *ctx, void *flow, int dir);
    /* Something wrong at byte `offset` of the current packet. */
    void (*problem)(void *ctx, void *flow, enum sd_problem_kind kind, size_t offset,
                    const char *what);
};

struct sd_rbuf; /* stream.c */

struct sd_stream {
    const struct sd_stream_ops *ops;
    void *ctx;
    struct sd_rbuf *pool;
    uint32_t pool_size;
    uint32_t free_head; /* buffers given back: index + 1, 0 when none */
    uint32_t fresh;     /* buffers from here up were never used */
    uint64_t ooo_dropped; /* captured bytes dropped because they did not fit */
};

/* Returns 0, or -1 when the pool cannot be allocated or pool_size > SD_RBUF_POOL_LIMIT. */
int sd_stream_init(struct sd_stream *s, uint32_t pool_size, const struct sd_stream_ops *ops,
                   void *ctx);
void sd_stream_fini(struct sd_stream *s);

/* A direction before any segment; `sync` fixes the next sequence number (SYN + 1). */
void sd_stream_dir_init(struct sd_dir *d);
void sd_stream_dir_sync(struct sd_dir *d, uint32_t next);
/* The direction is over: its buffer goes back to the pool. */
void sd_stream_dir_release(struct sd_stream *s, struct sd_dir *d);

/*
 * Payload of one segment going `dir`: `wirelen` bytes from sequence number
 * `seq`, of which the first `caplen` were captured; `off` is the payload's
 * offset in its packet. Returns how many of the bytes were new (not a
 * retransmission of bytes already seen).
 */
uint32_t sd_stream_segment(struct sd_stream *s, struct sd_dir *d, void *flow, int dir, uint32_t seq,
                           const uint8_t *payload, uint32_t caplen, uint32_t wirelen, size_t off);

/*
 * Whether the `fresh` bytes sd_stream_segment() just took in `d` are data
 * that settles a successful handshake (smcdump ends its wait for a late
 * Decline there, and the plugin does the same). Not while the reassembly
 * buffer is in use: it holds a message being put together, which may be
 * that Decline cut in two by TCP, or bytes ahead of a gap.
 */
static inline bool sd_stream_fresh_data(const struct sd_dir *d, uint32_t fresh)
{
    return fresh > 0 && d->buf == 0;
}

#endif /* SMCDUMP_STREAM_H */
