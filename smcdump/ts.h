/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packet time stamps as smcdump keeps them: microseconds since 1970-01-01
 * UTC, unsigned 64 bits, at most SD_TS_MAX_US.
 *
 * A classic pcap record stores its seconds as an unsigned 32-bit number
 * (1970 to 2106), but libpcap reads them into a signed 32-bit field
 * (`struct pcap_timeval` in sf-pcap.c) and sign-extends them into time_t: a
 * time after 2038-01-19T03:14:07Z arrives negative, and multiplied out as
 * unsigned it became the year 586 457. pcapng stores 64 bits in units of
 * the interface's if_tsresol; libpcap divides them into a uint64 of seconds
 * and assigns that to time_t, so seconds of 2^63 and more arrive negative
 * too. So: classic seconds are taken modulo 2^32, pcapng (and live) seconds
 * as unsigned 64 bits; whatever lies beyond SD_TS_MAX_US (2^63 - 1 us,
 * the year 294 247, only reachable with a coarse if_tsresol) is clamped to
 * it, which keeps every sum of a time and an interval within 64 bits.
 */
#ifndef SMCDUMP_TS_H
#define SMCDUMP_TS_H

#include <stdbool.h>
#include <stdint.h>

#define SD_TS_MAX_US ((uint64_t)INT64_MAX)

static inline uint64_t sd_ts_us(long long sec, long long usec, bool classic)
{
    uint64_t s = classic ? (uint64_t)(uint32_t)sec : (uint64_t)sec;
    uint64_t u = usec < 0 ? 0 : usec > 999999 ? 999999 : (uint64_t)usec;

    if (s > (SD_TS_MAX_US - u) / 1000000u)
        return SD_TS_MAX_US;
    return s * 1000000u + u;
}

#endif /* SMCDUMP_TS_H */
