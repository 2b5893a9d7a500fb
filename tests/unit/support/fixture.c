/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: the single-decode fixture of the message decoder tests */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "fixture.h"

struct smcclc_fixture smcclc_fx;

int smcclc_fx_setup(void **state)
{
    (void)state;
    return smcclc_guard_init(&smcclc_fx.g, SMCCLC_VEC_MAX) ? 0 : -1;
}

int smcclc_fx_teardown(void **state)
{
    (void)state;
    smcclc_guard_free(&smcclc_fx.g);
    return 0;
}

enum smcclc_decode_status smcclc_fx_decode_n(size_t n)
{
    const uint8_t *p = smcclc_guard_put(&smcclc_fx.g, smcclc_fx.buf, n);
    enum smcclc_decode_status st;

    assert_non_null(p);
    st = smcclc_test_decode(p, n, &smcclc_fx.m, &smcclc_fx.r);
    SMCCLC_ASSERT_REC_SANE(&smcclc_fx.r, smcclc_fx.len > n ? smcclc_fx.len : n, true);
    return st;
}

void smcclc_fx_decode_ok(void)
{
    assert_int_equal(smcclc_fx_decode_n(smcclc_fx.len), SMCCLC_DECODE_OK);
}

void smcclc_fx_load_vec_at(const char *name, const char *file, int line)
{
    struct smcclc_vec v;

    smcclc_fx.len = smcclc_vec_load_at(name, &v, file, line);
    memcpy(smcclc_fx.buf, v.bytes, v.len);
}

void smcclc_fx_load_msg_at(const char *name, const char *file, int line)
{
    smcclc_fx.len = smcclc_msg_at(name, smcclc_fx.buf, sizeof(smcclc_fx.buf), file, line);
}
