/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: finding the SMC experimental option in TCP option bytes
 *
 *   0      1      2      3      4      5
 * +------+------+------+------+------+------+
 * | 0xFE | len  | 0xE2   0xD4   0xC3   0xD9 |   len even, >= 6; only the
 * | 254  | >= 6 |   ExID "SMCR" (EBCDIC)    |   first 4 data bytes count
 * +------+------+------+------+------+------+
 *
 * Linux sends it as 01 01 FE 06 E2 D4 C3 D9 (smc_options_write() in
 * net/ipv4/tcp_output.c; docs/protocol.md, "The TCP option").
 * Kind 254 is shared (RFC 6994): TCP Fast Open uses it with the 16-bit ExID
 * 0xF989, and Linux checks that first.
 */
#include "smcclc/smcclc.h"

#define TCPOPT_EOL 0
#define TCPOPT_NOP 1

enum smcclc_tcp_option_status smcclc_tcp_option_find(const uint8_t *opts, size_t captured,
                                                     size_t len, size_t *at)
{
    size_t i = 0;

    if (captured > len)
        captured = len;
    if (opts == NULL)
        captured = 0;

    while (i < len) {
        uint8_t kind, olen;

        /* The rest of the option area was cut by snaplen: no verdict. */
        if (i >= captured)
            return SMCCLC_TCPOPT_TRUNCATED;
        kind = opts[i];
        if (kind == TCPOPT_EOL)
            return SMCCLC_TCPOPT_ABSENT;
        if (kind == TCPOPT_NOP) {
            i++;
            continue;
        }
        if (len - i < 2 || (captured - i >= 2 && (opts[i + 1] < 2 || opts[i + 1] > len - i))) {
            if (at != NULL)
                *at = i;
            return SMCCLC_TCPOPT_MALFORMED;
        }
        if (captured - i < 2)
            return SMCCLC_TCPOPT_TRUNCATED;
        olen = opts[i + 1];

        if (kind == SMCCLC_TCP_OPTION_KIND && olen >= 6 && (olen & 1) == 0) {
            size_t k, got = captured - i - 2 < 4 ? captured - i - 2 : 4;
            bool differs = false;

            /* TFO's 0xF989 differs from 0xE2D4 in the first 16 bits, so the
             * ExID compare keeps Fast Open options out. A byte that differs
             * decides even when the rest of the ExID was not captured. */
            for (k = 0; k < got; k++)
                if (opts[i + 2 + k] != SMCCLC_BE32_BYTE(SMCCLC_TCP_OPTION_EXID, k))
                    differs = true;
            if (!differs) {
                if (got < 4)
                    return SMCCLC_TCPOPT_TRUNCATED;
                if (at != NULL)
                    *at = i;
                return SMCCLC_TCPOPT_PRESENT;
            }
        }
        i += olen;
    }
    return SMCCLC_TCPOPT_ABSENT;
}
