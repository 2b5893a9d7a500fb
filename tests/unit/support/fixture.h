/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One decode at a time, for the message decoder tests: a buffer to build the
 * message in, a guard page to decode it from (a read past the end faults),
 * and the summary and recorded events of the last decode. The guard page
 * stays mapped while a test reads the events, whose byte pointers point
 * into it. Use smcclc_fx_setup/smcclc_fx_teardown as the cmocka group fixtures.
 *
 * Include <stdarg.h> <stddef.h> <stdint.h> <setjmp.h> <cmocka.h> and
 * smctest.h before this header.
 */
#ifndef SMCCLC_TEST_FIXTURE_H
#define SMCCLC_TEST_FIXTURE_H

#include "smctest.h"

struct smcclc_fixture {
    struct smcclc_guard g;
    uint8_t buf[SMCCLC_VEC_MAX];
    size_t len;
    struct smcclc_clc_msg m;
    struct smcclc_rec r;
};

extern struct smcclc_fixture smcclc_fx;

int smcclc_fx_setup(void **state);
int smcclc_fx_teardown(void **state);

/* Decode the first n bytes of smcclc_fx.buf from the guard page; the recorded
 * events must be sane for a message of max(len, n) bytes. */
enum smcclc_decode_status smcclc_fx_decode_n(size_t n);
/* Decode all of it and require SMCCLC_DECODE_OK. */
void smcclc_fx_decode_ok(void);

void smcclc_fx_load_vec_at(const char *name, const char *file, int line);
void smcclc_fx_load_msg_at(const char *name, const char *file, int line);
#define smcclc_fx_load_vec(name) smcclc_fx_load_vec_at((name), __FILE__, __LINE__)
#define smcclc_fx_load_msg(name) smcclc_fx_load_msg_at((name), __FILE__, __LINE__)

#endif /* SMCCLC_TEST_FIXTURE_H */
