/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: fuzz target for the core: framing, decoding, the SYN option
 * and the handshake state machine, on one arbitrary byte string
 *
 * The first input byte picks how many of the remaining bytes count as
 * captured, so truncated (snaplen) and complete messages are both explored.
 * Every reported field is checked against the bounds of the input, which
 * catches decoders that report bytes they never checked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smcclc/handshake.h"
#include "smcclc/smcclc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bounds {
    const uint8_t *base;
    size_t len;
    unsigned depth;
    uint64_t checksum; /* keeps the reads from being optimised away */
};

static void check_field(void *ctx, const struct smcclc_field_event *ev)
{
    struct bounds *b = ctx;
    const struct smcclc_field_info *fi;

    if ((unsigned)ev->id >= SMCCLC_FIELD_COUNT)
        abort();
    fi = &smcclc_field_table[ev->id];
    if (fi->flags & SMCCLC_FF_DERIVED)
        return;
    if ((size_t)ev->off + ev->len > b->len)
        abort();
    if (ev->bytes != NULL) {
        size_t i;
        if (ev->bytes < b->base || ev->bytes + ev->len > b->base + b->len)
            abort();
        for (i = 0; i < ev->len; i++)
            b->checksum += ev->bytes[i];
    }
    if (fi->kind == SMCCLC_FK_NAME && ev->str == NULL)
        abort();
    b->checksum += ev->u;
}

static void check_group(void *ctx, enum smcclc_group_event ev, enum smcclc_group group,
                        uint16_t off, uint16_t len, unsigned count)
{
    struct bounds *b = ctx;

    (void)off;
    (void)len;
    (void)count;
    if ((unsigned)group >= SMCCLC_GROUP_COUNT)
        abort();
    /* Groups must nest: every END closes a BEGIN. */
    if (ev == SMCCLC_GROUP_BEGIN || ev == SMCCLC_ITEM_BEGIN)
        b->depth++;
    else if (b->depth-- == 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bounds b;
    struct smcclc_sink sink = {check_field, check_group, &b};
    struct smcclc_clc_msg msg;
    struct smcclc_handshake hs;
    struct smcclc_verdict v;
    enum smcclc_decode_status st;
    enum smcclc_frame_status fs;
    size_t captured, pdu_len = 0, at = 0;
    unsigned i;

    if (size < 1)
        return 0;
    captured = size - 1;
    if (data[0] < 0x80 && captured > data[0])
        captured = data[0];
    data++;

    memset(&b, 0, sizeof(b));
    /* Framing must agree with itself whatever the flags. */
    fs = smcclc_clc_frame(data, captured, 0, &pdu_len);
    if (smcclc_clc_frame(data, captured, SMCCLC_FRAME_STRICT, &pdu_len) == SMCCLC_FRAME_OK &&
        fs != SMCCLC_FRAME_OK)
        abort();
    b.checksum += smcclc_tcp_option_find(data, captured, size - 1, &at) + at;

    b.base = data;
    b.len = captured;
    st = smcclc_clc_decode(data, captured, &msg, &sink);
    if (b.depth != 0)
        abort();
    if (st == SMCCLC_DECODE_NOT_CLC)
        return 0;
    if (msg.anomaly_count > SMCCLC_MAX_ANOMALIES)
        abort();
    for (i = 0; i < msg.anomaly_count; i++)
        if ((unsigned)msg.anomalies[i].id >= SMCCLC_ANOMALY_COUNT)
            abort();

    /* The same message in both directions, with and without a SYN. */
    smcclc_hs_init(&hs);
    smcclc_hs_syn(&hs, false, true, 1);
    /* An input of the control byte alone has no message byte to choose by. */
    smcclc_hs_syn(&hs, true, size > 1 && (data[0] & 1) != 0, 2);
    smcclc_hs_message(&hs, SMCCLC_DIR_C2S, &msg, 3, 3);
    smcclc_hs_message(&hs, SMCCLC_DIR_S2C, &msg, 4, 4);
    smcclc_hs_verdict(&hs, false, &v);
    smcclc_hs_verdict(&hs, true, &v);
    if (v.outcome != SMCCLC_OUTCOME_NONE && v.outcome >= SMCCLC_OUTCOME_COUNT)
        abort();
    smcclc_hs_init(&hs);
    smcclc_hs_message(&hs, SMCCLC_DIR_S2C, &msg, 1, 1);
    smcclc_hs_verdict(&hs, true, &v);
    return (int)(b.checksum & 0);
}
