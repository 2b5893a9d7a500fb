/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of smcclc_clc_frame(): docs/protocol.md, "Framing" and "Common header". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smctest.h"

static enum smcclc_frame_status frame_hex(const char *hex, unsigned flags, size_t *pdu)
{
    uint8_t buf[64];
    size_t n = SMCCLC_HEX(hex, buf, sizeof(buf));
    struct smcclc_guard g;
    enum smcclc_frame_status st;

    /* The guard page proves the framer reads no byte past len. */
    assert_true(smcclc_guard_init(&g, sizeof(buf)));
    st = smcclc_clc_frame(smcclc_guard_put(&g, buf, n), n, flags, pdu);
    smcclc_guard_free(&g);
    return st;
}

#define FRAME(hex, flags, want_status, want_pdu)                                                   \
    do {                                                                                           \
        size_t pdu_ = 12345;                                                                       \
        assert_int_equal(frame_hex((hex), (flags), &pdu_), (want_status));                         \
        if ((want_status) != SMCCLC_FRAME_NOT_CLC)                                                 \
            assert_int_equal(pdu_, (want_pdu));                                                    \
    } while (0)

static void test_ok_lengths(void **state)
{
    (void)state;
    FRAME("e2 d4 c3 d9 01 00 34 10", 0, SMCCLC_FRAME_OK, 52);
    FRAME("e2 d4 c3 c4 02 00 30 11", 0, SMCCLC_FRAME_OK, 48);
    FRAME("e2 d4 c3 d9 03 00 b4 28", 0, SMCCLC_FRAME_OK, 180);
    FRAME("e2 d4 c3 d9 04 00 1c 10", 0, SMCCLC_FRAME_OK, 28);
    /* Smallest length with room for header and trailer. */
    FRAME("e2 d4 c3 d9 04 00 0c 10", 0, SMCCLC_FRAME_OK, 12);
    FRAME("e2 d4 c3 d9 02 ff ff 20", 0, SMCCLC_FRAME_OK, 65535);
    /* More bytes than the header: only the first 8 matter. */
    FRAME("e2 d4 c3 d9 04 00 1c 10 ff ff ff ff", 0, SMCCLC_FRAME_OK, 28);
    /* Without STRICT, version and length range are not judged. */
    FRAME("e2 d4 c3 d9 04 00 1c 00", 0, SMCCLC_FRAME_OK, 28);
    FRAME("e2 d4 c3 d9 04 00 1c f0", 0, SMCCLC_FRAME_OK, 28);
    FRAME("e2 d4 c3 d9 04 04 00 10", 0, SMCCLC_FRAME_OK, 1024);
}

static void test_bad_length(void **state)
{
    (void)state;
    FRAME("e2 d4 c3 d9 04 00 00 10", 0, SMCCLC_FRAME_BAD_LENGTH, 8);
    FRAME("e2 d4 c3 d9 01 00 08 20", 0, SMCCLC_FRAME_BAD_LENGTH, 8);
    FRAME("e2 d4 c3 d9 02 00 0b 20", 0, SMCCLC_FRAME_BAD_LENGTH, 8);
    /* The heuristic does not call a broken length CLC at all. */
    FRAME("e2 d4 c3 d9 04 00 0b 10", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
}

static void test_need_more(void **state)
{
    static const uint8_t hdr[8] = {0xE2, 0xD4, 0xC3, 0xD9, 0x02, 0x00, 0x44, 0x18};
    size_t n;
    struct smcclc_guard g;

    (void)state;
    assert_true(smcclc_guard_init(&g, 16));
    for (n = 0; n < 8; n++) {
        size_t pdu = 0;
        assert_int_equal(smcclc_clc_frame(smcclc_guard_put(&g, hdr, n), n, 0, &pdu),
                         SMCCLC_FRAME_NEED_MORE);
        assert_int_equal(pdu, 8);
        pdu = 0;
        assert_int_equal(
            smcclc_clc_frame(smcclc_guard_put(&g, hdr, n), n, SMCCLC_FRAME_STRICT, &pdu),
            SMCCLC_FRAME_NEED_MORE);
        assert_int_equal(pdu, 8);
    }
    smcclc_guard_free(&g);
    FRAME("e2 d4 c3 c4", 0, SMCCLC_FRAME_NEED_MORE, 8);
}

static void test_not_clc_early(void **state)
{
    (void)state;
    /* Each byte that contradicts a header decides at once. */
    FRAME("e3", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d5", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c2", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 c3", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 00", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 05", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 05 00 1c 10", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 00 00 1c 10", 0, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("47 45 54 20 2f 20 48 54", 0, SMCCLC_FRAME_NOT_CLC, 0); /* "GET / HT" */
    FRAME("d9 c3 d4 e2 04 00 1c 10", 0, SMCCLC_FRAME_NOT_CLC, 0);
}

static void test_strict(void **state)
{
    (void)state;
    /* Version nibble 1 or 2 only. */
    FRAME("e2 d4 c3 d9 04 00 1c 10", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_OK, 28);
    FRAME("e2 d4 c3 d9 04 00 2c 20", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_OK, 44);
    FRAME("e2 d4 c3 d9 04 00 1c 00", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 04 00 1c 30", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 04 00 1c f0", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);

    /* Proposal 52..652 */
    FRAME("e2 d4 c3 d9 01 00 33 20", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 01 00 34 10", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_OK, 52);
    FRAME("e2 d4 c3 d9 01 02 8c 20", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_OK, 652);
    FRAME("e2 d4 c3 d9 01 02 8d 20", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    /* Accept/Confirm 48..1024 */
    FRAME("e2 d4 c3 c4 02 00 2f 11", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 c4 02 00 30 11", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_OK, 48);
    FRAME("e2 d4 c3 d9 03 04 00 28", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_OK, 1024);
    FRAME("e2 d4 c3 d9 03 04 01 28", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    /* Decline 28..44 */
    FRAME("e2 d4 c3 d9 04 00 1b 10", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 04 00 2c 20", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_OK, 44);
    FRAME("e2 d4 c3 d9 04 00 2d 20", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);

    /* The length is judged as soon as its two bytes are there (7 bytes). */
    FRAME("e2 d4 c3 d9 04 00 2d", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NOT_CLC, 0);
    FRAME("e2 d4 c3 d9 04 00 2c", SMCCLC_FRAME_STRICT, SMCCLC_FRAME_NEED_MORE, 8);
    FRAME("e2 d4 c3 d9 04 00 2d", 0, SMCCLC_FRAME_NEED_MORE, 8);
}

static void test_every_message_frames(void **state)
{
    char names[SMCCLC_VEC_LIST_MAX][SMCCLC_VEC_NAME_MAX];
    size_t n = smcclc_vec_list(names, SMCCLC_VEC_LIST_MAX), i;
    uint8_t buf[SMCCLC_VEC_MAX];
    struct smcclc_vec v;

    (void)state;
    assert_true(n >= 22);
    for (i = 0; i < n; i++) {
        size_t pdu = 0;
        SMCCLC_VEC_LOAD(names[i], &v);
        assert_int_equal(smcclc_clc_frame(v.bytes, v.len, 0, &pdu), SMCCLC_FRAME_OK);
        assert_int_equal(pdu, v.len);
        pdu = 0;
        /* Every vector is plausible enough for the heuristic too. */
        assert_int_equal(smcclc_clc_frame(v.bytes, v.len, SMCCLC_FRAME_STRICT, &pdu),
                         SMCCLC_FRAME_OK);
        assert_int_equal(pdu, v.len);
    }
    for (i = 0; i < smcclc_msg_count; i++) {
        size_t len = SMCCLC_HEX(smcclc_msgs[i].hex, buf, sizeof(buf)), pdu = 0;
        assert_int_equal(smcclc_clc_frame(buf, len, SMCCLC_FRAME_STRICT, &pdu), SMCCLC_FRAME_OK);
        assert_int_equal(pdu, len);
    }
}

static void test_null_args(void **state)
{
    static const uint8_t hdr[8] = {0xE2, 0xD4, 0xC3, 0xD9, 0x04, 0x00, 0x1C, 0x10};

    (void)state;
    /* pdu_len may be NULL for a yes/no question. */
    assert_int_equal(smcclc_clc_frame(hdr, sizeof(hdr), 0, NULL), SMCCLC_FRAME_OK);
    assert_int_equal(smcclc_clc_frame(NULL, 0, 0, NULL), SMCCLC_FRAME_NEED_MORE);
    assert_int_equal(smcclc_clc_frame(NULL, 8, 0, NULL), SMCCLC_FRAME_NOT_CLC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok_lengths), cmocka_unit_test(test_bad_length),
        cmocka_unit_test(test_need_more),  cmocka_unit_test(test_not_clc_early),
        cmocka_unit_test(test_strict),     cmocka_unit_test(test_every_message_frames),
        cmocka_unit_test(test_null_args),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
