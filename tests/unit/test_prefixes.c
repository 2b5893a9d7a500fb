/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every prefix of every valid message (all vectors, all real and hand-built
 * messages, all four types) in a guard-page buffer: framing asks for more or
 * gives the full length, decoding says TRUNCATED, nothing reads past the
 * prefix (a read would fault on the guard page), and what is decoded from a
 * prefix agrees with the full decode: no field or anomaly is invented, and
 * every field of the full decode that lies inside the prefix is reported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smctest.h"

static struct smcclc_guard guard;
static struct smcclc_rec full_rec, part_rec;
static struct smcclc_clc_msg full_msg, part_msg;
static uint8_t full_copy[SMCCLC_VEC_MAX];

static int setup(void **state)
{
    (void)state;
    return smcclc_guard_init(&guard, SMCCLC_VEC_MAX) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    smcclc_guard_free(&guard);
    return 0;
}

static bool same_field(const struct smcclc_field_event *a, const struct smcclc_field_event *b)
{
    if (a->id != b->id || a->off != b->off || a->len != b->len || a->u != b->u)
        return false;
    if ((a->bytes == NULL) != (b->bytes == NULL))
        return false;
    if (a->bytes != NULL && memcmp(a->bytes, b->bytes, a->len) != 0)
        return false;
    if ((a->str == NULL) != (b->str == NULL))
        return false;
    return a->str == NULL || strcmp(a->str, b->str) == 0;
}

static bool rec_has(const struct smcclc_rec *r, const struct smcclc_field_event *f)
{
    size_t i;

    for (i = 0; i < r->n; i++)
        if (!r->ev[i].is_group && same_field(&r->ev[i].field, f))
            return true;
    return false;
}

/* The bytes of a field: derived ones stand for the bytes they come from. */
static size_t field_end(const struct smcclc_field_event *f)
{
    return (size_t)f->off + (f->len == 0 ? 1 : f->len);
}

static void fail_at(const char *name, size_t n, const char *what, const struct smcclc_rec *r,
                    const struct smcclc_field_event *f)
{
    char line[256];
    struct smcclc_rec_event e;

    memset(&e, 0, sizeof(e));
    if (f != NULL) {
        e.field = *f;
        print_error("%s, prefix %zu: %s: %s\n", name, n, what,
                    smcclc_rec_format(&e, line, sizeof(line)));
    } else {
        print_error("%s, prefix %zu: %s\n", name, n, what);
    }
    if (r != NULL)
        smcclc_rec_print(r, stderr);
    fail();
}

static void check_message(const char *name, const uint8_t *bytes, size_t len)
{
    const uint8_t *p;
    size_t n, i, pdu;
    int item;

    /* The full message, from a copy that outlives the guard-page reuse below. */
    memcpy(full_copy, bytes, len);
    p = smcclc_guard_put(&guard, full_copy, len);
    assert_int_equal(smcclc_clc_frame(p, len, 0, &pdu), SMCCLC_FRAME_OK);
    assert_int_equal(pdu, len);
    assert_int_equal(smcclc_test_decode(full_copy, len, &full_msg, &full_rec), SMCCLC_DECODE_OK);
    assert_false(full_msg.truncated);
    SMCCLC_ASSERT_REC_SANE(&full_rec, len, false);

    for (n = 0; n < len; n++) {
        p = smcclc_guard_put(&guard, full_copy, n);
        assert_non_null(p);

        pdu = 0;
        if (n < SMCCLC_CLC_HEADER_LEN) {
            assert_int_equal(smcclc_clc_frame(p, n, 0, &pdu), SMCCLC_FRAME_NEED_MORE);
            assert_int_equal(pdu, SMCCLC_CLC_HEADER_LEN);
            assert_int_equal(smcclc_clc_frame(p, n, SMCCLC_FRAME_STRICT, &pdu),
                             SMCCLC_FRAME_NEED_MORE);
        } else {
            assert_int_equal(smcclc_clc_frame(p, n, 0, &pdu), SMCCLC_FRAME_OK);
            assert_int_equal(pdu, len);
            assert_true(pdu > n);
        }

        if (smcclc_test_decode(p, n, &part_msg, &part_rec) != SMCCLC_DECODE_TRUNCATED)
            fail_at(name, n, "not TRUNCATED", NULL, NULL);
        assert_true(part_msg.truncated);
        SMCCLC_ASSERT_REC_SANE(&part_rec, len, false);
        if (n < SMCCLC_CLC_HEADER_LEN) {
            assert_int_equal(part_rec.n, 0);
            continue;
        }
        assert_int_equal(part_msg.decoded, n);
        assert_int_equal(part_msg.length, len);
        assert_int_equal(part_msg.type, full_msg.type);

        /* Nothing invented ... */
        for (i = 0; i < part_rec.n; i++) {
            const struct smcclc_field_event *f = &part_rec.ev[i].field;
            if (part_rec.ev[i].is_group)
                continue;
            if (field_end(f) > n)
                fail_at(name, n, "field beyond the prefix", &part_rec, f);
            if (!rec_has(&full_rec, f))
                fail_at(name, n, "field not in the full decode", &part_rec, f);
        }
        for (i = 0; i < part_msg.anomaly_count; i++)
            if (!smcclc_clc_has_anomaly(&full_msg, part_msg.anomalies[i].id))
                fail_at(name, n, smcclc_anomaly_table[part_msg.anomalies[i].id].key, &part_rec,
                        NULL);
        /* ... and nothing that was there left out. An object-list item is
         * one value, reported whole or not at all. */
        for (i = 0, item = 0; i < full_rec.n; i++) {
            const struct smcclc_field_event *f = &full_rec.ev[i].field;
            if (full_rec.ev[i].is_group) {
                if (full_rec.ev[i].gev == SMCCLC_ITEM_BEGIN)
                    item++;
                else if (full_rec.ev[i].gev == SMCCLC_ITEM_END)
                    item--;
                continue;
            }
            if (item > 0 || field_end(f) > n)
                continue;
            if (!rec_has(&part_rec, f))
                fail_at(name, n, "field present but not decoded", &part_rec, f);
        }
    }
}

static void test_vector_prefixes(void **state)
{
    char names[SMCCLC_VEC_LIST_MAX][SMCCLC_VEC_NAME_MAX];
    size_t n = smcclc_vec_list(names, SMCCLC_VEC_LIST_MAX), i;
    struct smcclc_vec v;
    unsigned types[5] = {0};

    (void)state;
    assert_true(n >= 22);
    for (i = 0; i < n; i++) {
        SMCCLC_VEC_LOAD(names[i], &v);
        check_message(v.name, v.bytes, v.len);
        types[v.bytes[4] <= 4 ? v.bytes[4] : 0]++;
    }
    /* All four message types went through. */
    for (i = 1; i <= 4; i++)
        assert_true(types[i] > 0);
}

static void test_real_and_built_prefixes(void **state)
{
    uint8_t buf[SMCCLC_VEC_MAX];
    size_t i;

    (void)state;
    assert_true(smcclc_msg_count >= 16);
    for (i = 0; i < smcclc_msg_count; i++) {
        size_t len = SMCCLC_HEX(smcclc_msgs[i].hex, buf, sizeof(buf));
        check_message(smcclc_msgs[i].name, buf, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vector_prefixes),
        cmocka_unit_test(test_real_and_built_prefixes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
