/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The port filter: one bit per (sport + dport) bucket, set while the flow
 * table holds a connection with such ports. The flow table keeps it
 * (flow.c); decap reads it for every TCP segment to answer "nothing for us
 * here" before filling a segment. 4096 buckets are a 512-byte bitmap, which
 * stays in L1 while packet data streams past.
 */
#ifndef SMCDUMP_PORTSET_H
#define SMCDUMP_PORTSET_H

#include <stdbool.h>
#include <stdint.h>

#define SD_PORT_BUCKETS 4096

struct sd_portset {
    uint64_t bit[SD_PORT_BUCKETS / 64];
};

/* The sum is the same in both directions, so one bucket holds both. */
static inline unsigned sd_port_bucket(uint16_t sport, uint16_t dport)
{
    return (uint16_t)(sport + dport) & (SD_PORT_BUCKETS - 1);
}

static inline bool sd_portset_has(const struct sd_portset *s, uint16_t sport, uint16_t dport)
{
    unsigned b = sd_port_bucket(sport, dport);

    return s->bit[b / 64] >> (b % 64) & 1;
}

static inline void sd_portset_put(struct sd_portset *s, unsigned bucket)
{
    s->bit[bucket / 64] |= 1ull << (bucket % 64);
}

static inline void sd_portset_drop(struct sd_portset *s, unsigned bucket)
{
    s->bit[bucket / 64] &= ~(1ull << (bucket % 64));
}

#endif /* SMCDUMP_PORTSET_H */
