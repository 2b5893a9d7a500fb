/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packet time stamps from what libpcap hands over (smcdump/ts.h): classic
 * pcap seconds arrive sign-extended from 32 bits, pcapng seconds as a uint64
 * squeezed into time_t.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ts.h"

static void classic_after_2038(void **state)
{
    (void)state;
    /* 2040-01-01T00:00:00Z is 2208988800 s: libpcap gives 2208988800 - 2^32 */
    assert_int_equal(sd_ts_us(2208988800ll - 4294967296ll, 360, true), 2208988800000360ull);
    /* the last second of 32 bits: 2106-02-07T06:28:15Z */
    assert_int_equal(sd_ts_us(-1, 999999, true), 4294967295999999ull);
    /* before 2038 nothing changes */
    assert_int_equal(sd_ts_us(1704067200, 1, true), 1704067200000001ull);
    /* a live capture or pcapng gives real 64-bit seconds: no wrap */
    assert_int_equal(sd_ts_us(2208988800ll, 0, false), 2208988800000000ull);
}

static void pcapng_range(void **state)
{
    (void)state;
    /* the year 30000 */
    assert_int_equal(sd_ts_us(884541340800ll, 15000, false), 884541340800015000ull);
    /* the last representable microsecond, and one second past it */
    assert_int_equal(sd_ts_us(9223372036854ll, 775807, false), SD_TS_MAX_US);
    assert_int_equal(sd_ts_us(9223372036855ll, 0, false), SD_TS_MAX_US);
    /* seconds of 2^63 and more arrive negative in time_t: clamped, not wrapped to 1970 */
    assert_int_equal(sd_ts_us(-1, 0, false), SD_TS_MAX_US);
    assert_int_equal(sd_ts_us(INT64_MIN, 0, false), SD_TS_MAX_US);
}

static void microseconds_in_range(void **state)
{
    (void)state;
    assert_int_equal(sd_ts_us(1, -5, false), 1000000u);
    assert_int_equal(sd_ts_us(1, 5000000, false), 1999999u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classic_after_2038),
        cmocka_unit_test(pcapng_range),
        cmocka_unit_test(microseconds_in_range),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
