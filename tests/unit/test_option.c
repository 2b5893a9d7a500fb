/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of smcclc_tcp_option_find(): docs/protocol.md, "The TCP option". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "smctest.h"

/*
 * Walk `hex` as option bytes of which the first `captured` are present
 * (SIZE_MAX: all). Only the captured bytes are mapped, so a read of a missing
 * byte faults.
 */
static enum smcclc_tcp_option_status walk(const char *hex, size_t captured, size_t *at)
{
    uint8_t buf[64];
    size_t n = SMCCLC_HEX(hex, buf, sizeof(buf));
    struct smcclc_guard g;
    enum smcclc_tcp_option_status st;

    if (captured > n)
        captured = n;
    assert_true(smcclc_guard_init(&g, sizeof(buf)));
    st = smcclc_tcp_option_find(smcclc_guard_put(&g, buf, captured), captured, n, at);
    smcclc_guard_free(&g);
    return st;
}

#define ALL ((size_t)-1)

static void test_linux_syn(void **state)
{
    size_t at = 99;

    (void)state;
    /* Options of the SYN in captures/real/k612-01-smcr-v2-ipv4.pcap frame 5:
     * mss 1460, sackOK, TS, nop, wscale 7, nop, nop, exp-e2d4. */
    assert_int_equal(walk("02 04 05 b4 04 02 08 0a 76 a0 d6 f4 00 00 00 00 "
                          "01 03 03 07 01 01 fe 06 e2 d4 c3 d9",
                          ALL, &at),
                     SMCCLC_TCPOPT_PRESENT);
    assert_int_equal(at, 22);
    /* Just the Linux 8-byte block. */
    at = 99;
    assert_int_equal(walk("01 01 fe 06 e2 d4 c3 d9", ALL, &at), SMCCLC_TCPOPT_PRESENT);
    assert_int_equal(at, 2);
    /* at may be NULL. */
    assert_int_equal(walk("fe 06 e2 d4 c3 d9", ALL, NULL), SMCCLC_TCPOPT_PRESENT);
}

static void test_absent(void **state)
{
    size_t at = 99;

    (void)state;
    assert_int_equal(walk("", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    assert_int_equal(walk("02 04 05 b4 01 03 03 07", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    /* Kind 0 ends the walk: what follows is padding, not an option. */
    assert_int_equal(walk("00 fe 06 e2 d4 c3 d9 00", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    assert_int_equal(walk("01 01 01 01", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    assert_int_equal(at, 99);
}

static void test_kind254_rules(void **state)
{
    size_t at = 0;

    (void)state;
    /* TCP Fast Open shares kind 254 with ExID 0xF989 (RFC 7413 experimental form). */
    assert_int_equal(walk("fe 0c f9 89 01 02 03 04 05 06 07 08", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    assert_int_equal(walk("fe 04 f9 89", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    /* TFO first, SMC after it is still found. */
    assert_int_equal(walk("fe 04 f9 89 fe 06 e2 d4 c3 d9", ALL, &at), SMCCLC_TCPOPT_PRESENT);
    assert_int_equal(at, 4);
    /* Odd length: Linux ignores it. */
    assert_int_equal(walk("fe 07 e2 d4 c3 d9 00", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    /* Too short to hold the ExID. */
    assert_int_equal(walk("fe 04 e2 d4 01 01", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    /* Longer even lengths count; only the first 4 data bytes are compared. */
    assert_int_equal(walk("fe 08 e2 d4 c3 d9 ff ff", ALL, &at), SMCCLC_TCPOPT_PRESENT);
    assert_int_equal(at, 0);
    /* Another ExID, or the SMC-D eyecatcher (not used in the option). */
    assert_int_equal(walk("fe 06 e2 d4 c3 c4", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    assert_int_equal(walk("fe 06 12 34 56 78", ALL, &at), SMCCLC_TCPOPT_ABSENT);
    /* The same bytes under another kind are not the option. */
    assert_int_equal(walk("fd 06 e2 d4 c3 d9", ALL, &at), SMCCLC_TCPOPT_ABSENT);
}

static void test_malformed(void **state)
{
    size_t at = 0;

    (void)state;
    /* Length bytes below 2 would loop forever or step backwards. */
    assert_int_equal(walk("02 00 05 b4", ALL, &at), SMCCLC_TCPOPT_MALFORMED);
    assert_int_equal(at, 0); /* the bad option's offset, for the message */
    assert_int_equal(walk("02 01 05 b4", ALL, &at), SMCCLC_TCPOPT_MALFORMED);
    /* An option running past the option area. */
    assert_int_equal(walk("02 04 05", ALL, &at), SMCCLC_TCPOPT_MALFORMED);
    assert_int_equal(at, 0);
    assert_int_equal(walk("01 01 fe 08 e2 d4 c3 d9", ALL, &at), SMCCLC_TCPOPT_MALFORMED);
    assert_int_equal(at, 2);
    /* A kind with no room for its length byte. */
    assert_int_equal(walk("01 01 01 02", ALL, &at), SMCCLC_TCPOPT_MALFORMED);
    assert_int_equal(at, 3);
    /* Malformed after a good option that is not SMC. */
    assert_int_equal(walk("01 03 03 07 08 0a 00", ALL, &at), SMCCLC_TCPOPT_MALFORMED);
    assert_int_equal(at, 4);
}

static void test_truncated(void **state)
{
    static const char *syn = "02 04 05 b4 01 01 fe 06 e2 d4 c3 d9";
    size_t at = 0, cap;

    (void)state;
    /* Every cut before the ExID is complete leaves the answer open. */
    for (cap = 0; cap < 12; cap++)
        assert_int_equal(walk(syn, cap, &at), SMCCLC_TCPOPT_TRUNCATED);
    assert_int_equal(walk(syn, 12, &at), SMCCLC_TCPOPT_PRESENT);
    assert_int_equal(at, 6);

    /* Cut inside a non-SMC option whose length still fits: the walk needs
     * the bytes after it, which are missing. */
    assert_int_equal(walk("08 0a 00 00 00 00 00 00 00 00 01 01", 4, &at), SMCCLC_TCPOPT_TRUNCATED);
    /* A verdict reached before the cut stands. */
    assert_int_equal(walk("00 01 02 03", 1, &at), SMCCLC_TCPOPT_ABSENT);
    assert_int_equal(walk("fe 06 e2 d4 c3 d9 02 04", 6, &at), SMCCLC_TCPOPT_PRESENT);
    assert_int_equal(walk("02 00 05 b4 01 01", 2, &at), SMCCLC_TCPOPT_MALFORMED);
    /* Past-the-area is known from the length byte even when cut. */
    assert_int_equal(walk("02 09 05 b4 01 01", 2, &at), SMCCLC_TCPOPT_MALFORMED);
    /* A kind-254 option whose captured ExID bytes already differ is not SMC,
     * and the walk goes on past it; equal bytes so far leave it open. */
    assert_int_equal(walk("fe 06 f9 89 00 00", 4, &at), SMCCLC_TCPOPT_ABSENT);
    assert_int_equal(walk("fe 06 f9 89 00 00 01 01", 4, &at), SMCCLC_TCPOPT_TRUNCATED);
    assert_int_equal(walk("fe 06 e2 d4 c3 d9", 4, &at), SMCCLC_TCPOPT_TRUNCATED);
    assert_int_equal(walk("fe 06 e2 d4 c3 d9", 5, &at), SMCCLC_TCPOPT_TRUNCATED);
    assert_int_equal(walk("fe 06 e2 d5 c3 d9", 4, &at), SMCCLC_TCPOPT_ABSENT);
    /* Captured more than len is clamped to len. */
    {
        static const uint8_t opt[8] = {0x01, 0x01, 0xFE, 0x06, 0xE2, 0xD4, 0xC3, 0xD9};
        assert_int_equal(smcclc_tcp_option_find(opt, 8, 4, &at), SMCCLC_TCPOPT_MALFORMED);
        assert_int_equal(smcclc_tcp_option_find(NULL, 0, 4, &at), SMCCLC_TCPOPT_TRUNCATED);
        assert_int_equal(smcclc_tcp_option_find(NULL, 0, 0, &at), SMCCLC_TCPOPT_ABSENT);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linux_syn),     cmocka_unit_test(test_absent),
        cmocka_unit_test(test_kind254_rules), cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
