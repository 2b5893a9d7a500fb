/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: CLC message dispatch: common header, trailer, and the helpers
 * that read a field and report it in one step, as an entry into the
 * caller's array or, through entries.c, to its callbacks
 *
 *  0               4       5               7       8
 * +---------------+-------+---------------+-------+---- ... ----+---------------+
 * | eyecatcher    | type  | length (BE)   | ver/  |    body     | eyecatcher    |
 * | SMCR or SMCD  | 1..4  | whole message | flags |             | (trailer)     |
 * +---------------+-------+---------------+-------+---- ... ----+---------------+
 *
 * docs/protocol.md, "Common header" and "Trailer"; Linux checks a header in
 * smc_clc_msg_hdr_valid() (net/smc/smc_clc.c).
 */
#include <string.h>

#include "decode_internal.h"

_Static_assert(SMCCLC_FIELD_COUNT <= UINT16_MAX && SMCCLC_GROUP_COUNT <= UINT16_MAX,
               "struct smcclc_entry keeps ids in 16 bits");

/* Every report ends here: into the caller's array while it has room, or to its sink. */
static void put(struct smcclc_decoder *d, const struct smcclc_entry *e)
{
    if (d->entries != NULL) {
        if (d->n < d->cap)
            d->entries[d->n++] = *e;
        else if (d->msg->entries_dropped < UINT16_MAX)
            d->msg->entries_dropped++;
    }
    if (d->sink != NULL)
        smcclc_entry_to_sink(e, d->sink);
}

static struct smcclc_entry field_entry(enum smcclc_field id, size_t off, size_t len)
{
    struct smcclc_entry e;

    memset(&e, 0, sizeof(e));
    e.type = SMCCLC_ENTRY_FIELD;
    e.id = (uint16_t)id;
    e.off = (uint16_t)off;
    e.len = (uint16_t)len;
    return e;
}

static void put_u(struct smcclc_decoder *d, enum smcclc_field id, size_t off, size_t len,
                  uint64_t u)
{
    struct smcclc_entry e = field_entry(id, off, len);

    e.v.u = u;
    put(d, &e);
}

void smcclc_dec_anomaly(struct smcclc_decoder *d, enum smcclc_anomaly id, size_t off, size_t len)
{
    struct smcclc_clc_msg *m = d->msg;
    enum smcclc_severity sev = smcclc_anomaly_table[id].severity;
    unsigned i;

    if (sev > m->worst)
        m->worst = sev;
    if (m->anomaly_count >= SMCCLC_MAX_ANOMALIES) {
        m->anomalies_dropped = true;
        return;
    }
    /* Keep the list ordered by offset so every consumer prints the same order. */
    i = m->anomaly_count;
    while (i > 0 && m->anomalies[i - 1].off > off) {
        m->anomalies[i] = m->anomalies[i - 1];
        i--;
    }
    m->anomalies[i].id = id;
    m->anomalies[i].off = (uint16_t)(off > UINT16_MAX ? UINT16_MAX : off);
    m->anomalies[i].len = (uint16_t)(len == 0 ? 1 : (len > UINT16_MAX ? UINT16_MAX : len));
    m->anomaly_count++;
}

uint64_t smcclc_dec_uint(struct smcclc_decoder *d, enum smcclc_field id, size_t off)
{
    const struct smcclc_field_info *fi = &smcclc_field_table[id];
    uint64_t raw;

    /* The flags are sticky, so ask before reading: a failed read must not be
     * reported as a value of 0. */
    if (!smcclc_cur_readable(&d->cur, off, fi->size)) {
        (void)smcclc_cur_be(&d->cur, off, fi->size); /* records missing/outside */
        return 0;
    }
    raw = smcclc_cur_be(&d->cur, off, fi->size);
    if (fi->mask != 0)
        raw = (raw & fi->mask) >> smcclc_mask_shift(fi->mask);
    put_u(d, id, off, fi->size, raw);
    return raw;
}

const uint8_t *smcclc_dec_bytes(struct smcclc_decoder *d, enum smcclc_field id, size_t off,
                                size_t size)
{
    struct smcclc_entry e;
    const uint8_t *p;

    if (size == 0)
        size = smcclc_field_table[id].size;
    p = smcclc_cur_bytes(&d->cur, off, size);
    if (p == NULL)
        return NULL;
    e = field_entry(id, off, size);
    e.v.bytes = p;
    put(d, &e);
    return p;
}

void smcclc_dec_derived(struct smcclc_decoder *d, enum smcclc_field id, size_t off, size_t len,
                        uint64_t value)
{
    put_u(d, id, off, len, value);
}

void smcclc_dec_name(struct smcclc_decoder *d, enum smcclc_field id, size_t off, size_t len,
                     const char *str)
{
    struct smcclc_entry e = field_entry(id, off, len);

    e.v.str = str;
    put(d, &e);
}

void smcclc_dec_reserved(struct smcclc_decoder *d, size_t off, size_t len)
{
    const uint8_t *p;
    size_t i;

    if (len == 0)
        return;
    p = smcclc_dec_bytes(d, SMCCLC_F_RESERVED, off, len);
    if (p == NULL)
        return;
    for (i = 0; i < len; i++) {
        if (p[i] != 0) {
            smcclc_dec_anomaly(d, SMCCLC_ANOM_RESERVED_NONZERO, off + i, len - i);
            return;
        }
    }
}

void smcclc_dec_reserved_bits(struct smcclc_decoder *d, size_t off, uint8_t mask)
{
    uint8_t v;

    if (!smcclc_cur_readable(&d->cur, off, 1)) {
        (void)smcclc_cur_u8(&d->cur, off);
        return;
    }
    v = smcclc_cur_u8(&d->cur, off);
    put_u(d, SMCCLC_F_RESERVED_BITS, off, 1, (uint64_t)((v & mask) >> smcclc_mask_shift(mask)));
    if ((v & mask) != 0)
        smcclc_dec_anomaly(d, SMCCLC_ANOM_RESERVED_NONZERO, off, 1);
}

void smcclc_dec_group(struct smcclc_decoder *d, enum smcclc_group_event ev, enum smcclc_group group,
                      size_t off, size_t len, unsigned count)
{
    struct smcclc_entry e;

    memset(&e, 0, sizeof(e));
    switch (ev) {
    case SMCCLC_GROUP_BEGIN:
        e.type = SMCCLC_ENTRY_GROUP_BEGIN;
        break;
    case SMCCLC_GROUP_END:
        e.type = SMCCLC_ENTRY_GROUP_END;
        break;
    case SMCCLC_ITEM_BEGIN:
        e.type = SMCCLC_ENTRY_ITEM_BEGIN;
        break;
    case SMCCLC_ITEM_END:
    default:
        e.type = SMCCLC_ENTRY_ITEM_END;
        break;
    }
    e.id = (uint16_t)group;
    e.off = (uint16_t)off;
    e.len = (uint16_t)len;
    e.v.count = count;
    put(d, &e);
}

void smcclc_dec_extra(struct smcclc_decoder *d, size_t from)
{
    size_t body = d->cur.len >= SMCCLC_CLC_TRAILER_LEN ? d->cur.len - SMCCLC_CLC_TRAILER_LEN : 0;

    if (from >= body)
        return;
    /* Newer peers may append fields we do not know; show them, do not fail. */
    smcclc_dec_anomaly(d, SMCCLC_ANOM_AC_EXTRA_BYTES, from, body - from);
    (void)smcclc_dec_bytes(d, SMCCLC_F_EXTRA_BYTES, from, body - from);
}

static int eyecatcher_path(uint32_t word)
{
    if (word == SMCCLC_EYECATCHER_R)
        return SMCCLC_TYPE_R;
    if (word == SMCCLC_EYECATCHER_D)
        return SMCCLC_TYPE_D;
    return -1;
}

static uint32_t be32_at(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void decode_trailer(struct smcclc_decoder *d)
{
    size_t off = d->cur.len - SMCCLC_CLC_TRAILER_LEN;
    uint32_t word;
    int path;

    if (!smcclc_cur_readable(&d->cur, off, SMCCLC_CLC_TRAILER_LEN)) {
        (void)smcclc_cur_be(&d->cur, off, SMCCLC_CLC_TRAILER_LEN);
        return;
    }
    word = (uint32_t)smcclc_cur_be(&d->cur, off, SMCCLC_CLC_TRAILER_LEN);
    (void)smcclc_dec_uint(d, SMCCLC_F_TRAILER, off);
    path = eyecatcher_path(word);
    if (path < 0) {
        /* Linux checks the trailer of types 1..3 only. */
        smcclc_dec_anomaly(d,
                           d->msg->type == SMCCLC_CLC_DECLINE ? SMCCLC_ANOM_TRAILER_BAD_DECLINE
                                                              : SMCCLC_ANOM_TRAILER_BAD,
                           off, SMCCLC_CLC_TRAILER_LEN);
    } else if (path != d->msg->eyecatcher) {
        smcclc_dec_anomaly(d, SMCCLC_ANOM_TRAILER_MISMATCH, off, SMCCLC_CLC_TRAILER_LEN);
    }
}

static enum smcclc_anomaly length_anomaly(uint8_t type)
{
    switch (type) {
    case SMCCLC_CLC_PROPOSAL:
        return SMCCLC_ANOM_PROP_LENGTH;
    case SMCCLC_CLC_DECLINE:
        return SMCCLC_ANOM_DECL_LENGTH;
    default:
        return SMCCLC_ANOM_AC_LENGTH;
    }
}

/* `d` arrives with only its output set (array or sink); the rest is set here. */
static enum smcclc_decode_status decode(struct smcclc_decoder *d, const uint8_t *buf, size_t len,
                                        struct smcclc_clc_msg *msg)
{
    size_t i, present;
    bool impossible;
    int path;

    memset(msg, 0, sizeof(*msg));
    msg->release = SMCCLC_RELEASE_NONE;
    if (buf == NULL)
        return SMCCLC_DECODE_NOT_CLC;

    /* Too short for a header: say NOT_CLC only when the bytes we have disagree. */
    if (len < SMCCLC_CLC_HEADER_LEN) {
        for (i = 0; i < len && i < 4; i++)
            if (buf[i] != SMCCLC_BE32_BYTE(SMCCLC_EYECATCHER_R, i) &&
                buf[i] != SMCCLC_BE32_BYTE(SMCCLC_EYECATCHER_D, i))
                return SMCCLC_DECODE_NOT_CLC;
        if (len >= 5 && (buf[4] < SMCCLC_CLC_PROPOSAL || buf[4] > SMCCLC_CLC_DECLINE))
            return SMCCLC_DECODE_NOT_CLC;
        msg->truncated = true;
        return SMCCLC_DECODE_TRUNCATED;
    }

    path = eyecatcher_path(be32_at(buf));
    if (path < 0 || buf[4] < SMCCLC_CLC_PROPOSAL || buf[4] > SMCCLC_CLC_DECLINE)
        return SMCCLC_DECODE_NOT_CLC;

    msg->type = buf[4];
    msg->eyecatcher = (uint8_t)path;
    msg->length = (uint16_t)(buf[5] << 8 | buf[6]);
    msg->version = buf[7] >> 4;

    d->msg = msg;
    d->byte7 = buf[7];
    d->cur.buf = buf;
    /*
     * A length field shorter than header and trailer, or longer than any CLC
     * message, is impossible: the header is all there is to read, and bytes
     * after it are not the message's (so nothing is "cut by snaplen").
     */
    impossible = msg->length < SMCCLC_CLC_HEADER_LEN + SMCCLC_CLC_TRAILER_LEN ||
                 msg->length > SMCCLC_CLC_MAX_LEN;
    d->cur.len = impossible ? SMCCLC_CLC_HEADER_LEN : msg->length;
    d->cur.avail = len < d->cur.len ? len : d->cur.len;
    present = d->cur.avail;
    msg->decoded = (uint16_t)(impossible || present < msg->length ? present : msg->length);
    if (!impossible && len < msg->length)
        msg->truncated = true;

    /* Not smcclc_rd_uint: the header is read even when the length leaves no body. */
    (void)smcclc_dec_uint(d, SMCCLC_F_SMC, smcclc_at_off(SMCCLC_AT_HEADER_SMC, 0));
    (void)smcclc_dec_uint(d, SMCCLC_F_TYPE, smcclc_at_off(SMCCLC_AT_HEADER_TYPE, 0));
    (void)smcclc_dec_uint(d, SMCCLC_F_LENGTH, smcclc_at_off(SMCCLC_AT_HEADER_LENGTH, 0));
    (void)smcclc_dec_uint(d, SMCCLC_F_VERSION, smcclc_at_off(SMCCLC_AT_HEADER_VERSION, 0));

    if (msg->version == 0)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_VERSION_ZERO, SMCCLC_AT_HEADER_VERSION, 0);
    else if (msg->version > 2)
        smcclc_rd_anomaly(d, SMCCLC_ANOM_VERSION_UNKNOWN, SMCCLC_AT_HEADER_VERSION, 0);

    if (impossible) {
        /* No room for a body or a trailer, or no message at all: only the header. */
        smcclc_rd_anomaly(d, length_anomaly(msg->type), SMCCLC_AT_HEADER_LENGTH, 0);
        return SMCCLC_DECODE_OK;
    }

    switch (msg->type) {
    case SMCCLC_CLC_PROPOSAL:
        smcclc_decode_proposal(d);
        break;
    case SMCCLC_CLC_ACCEPT:
    case SMCCLC_CLC_CONFIRM:
        smcclc_decode_accept_confirm(d);
        break;
    default:
        smcclc_decode_decline(d);
        break;
    }
    decode_trailer(d);

    if (msg->truncated || d->cur.missing) {
        msg->truncated = true;
        return SMCCLC_DECODE_TRUNCATED;
    }
    return SMCCLC_DECODE_OK;
}

enum smcclc_decode_status smcclc_clc_decode_fields(const uint8_t *buf, size_t len,
                                                   struct smcclc_clc_msg *msg,
                                                   struct smcclc_entry *entries,
                                                   size_t *num_entries)
{
    struct smcclc_decoder d;
    enum smcclc_decode_status st;

    memset(&d, 0, sizeof(d));
    if (entries != NULL && num_entries != NULL) {
        d.entries = entries;
        d.cap = *num_entries;
    }
    st = decode(&d, buf, len, msg);
    if (num_entries != NULL)
        *num_entries = d.n;
    return st;
}

enum smcclc_decode_status smcclc_clc_decode(const uint8_t *buf, size_t len,
                                            struct smcclc_clc_msg *msg,
                                            const struct smcclc_sink *sink)
{
    struct smcclc_decoder d;

    memset(&d, 0, sizeof(d));
    d.sink = sink;
    return decode(&d, buf, len, msg);
}

bool smcclc_clc_has_anomaly(const struct smcclc_clc_msg *msg, enum smcclc_anomaly id)
{
    unsigned i;

    for (i = 0; i < msg->anomaly_count; i++)
        if (msg->anomalies[i].id == id)
            return true;
    return false;
}
