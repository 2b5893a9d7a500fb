/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: the single-decode fixture of the message decoder tests */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "fixture.h"

struct smc_fixture smc_fx;

int smc_fx_setup(void **state)
{
    (void)state;
    return smc_guard_init(&smc_fx.g, SMC_VEC_MAX) ? 0 : -1;
}

int smc_fx_teardown(void **state)
{
    (void)state;
    smc_guard_free(&smc_fx.g);
    return 0;
}

enum smc_decode_status smc_fx_decode_n(size_t n)
{
    const uint8_t *p = smc_guard_put(&smc_fx.g, smc_fx.buf, n);
    enum smc_decode_status st;

    assert_non_null(p);
    st = smc_test_decode(p, n, &smc_fx.m, &smc_fx.r);
    SMC_ASSERT_REC_SANE(&smc_fx.r, smc_fx.len > n ? smc_fx.len : n, true);
    return st;
}

void smc_fx_decode_ok(void)
{
    assert_int_equal(smc_fx_decode_n(smc_fx.len), SMC_DECODE_OK);
}

void smc_fx_load_vec_at(const char *name, const char *file, int line)
{
    struct smc_vec v;

    smc_fx.len = smc_vec_load_at(name, &v, file, line);
    memcpy(smc_fx.buf, v.bytes, v.len);
}

void smc_fx_load_msg_at(const char *name, const char *file, int line)
{
    smc_fx.len = smc_msg_at(name, smc_fx.buf, sizeof(smc_fx.buf), file, line);
}
