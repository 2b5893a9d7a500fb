/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: the decoded-entry array of smcclc_clc_decode_fields(): the worst
 * case fits SMCCLC_CLC_MAX_ENTRIES, a smaller array is never overrun and says
 * what it dropped while the summary stays whole, the sink form hands over
 * exactly the array's entries, and each entry's value is where its kind says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smctest.h"

#define LEN SMCCLC_CLC_MAX_LEN

static uint8_t buf[LEN];
static struct smcclc_entry full[SMCCLC_CLC_MAX_ENTRIES];
static struct smcclc_entry part[SMCCLC_CLC_MAX_ENTRIES + 8];
static struct smcclc_rec streamed, walked;

/*
 * The message with the most entries. Entries that cost no bytes of their
 * own are the fixed fields and group markers: 50 in a Proposal with every
 * region (header 4, type bits 2, base 4, SMC-D area 8, IP prefix area 8,
 * v2 extension 17, SMC-Dv2 extension 6, trailer 1); the
 * rest come from the three lists, which the decoder walks independently of
 * each other, so their byte ranges may overlap and each can fill the body
 * (1020 bytes before the trailer) from its earliest possible start:
 *
 *   IPv6 prefixes, 17 bytes, 4 entries each (item begin, prefix, length,
 *   item end), from 48 (iparea_offset 0): (1020 - 48) / 17 = 57 -> 228
 *   EIDs, 32 bytes, 1 entry each, from 93 (v2_ext_offset 1, so V = 53,
 *   and V + 40): (1020 - 93) / 32 = 28 -> 28
 *   ISM devices, 10 bytes, 4 entries each (item begin, GID, CHID, item
 *   end; an Emulated-ISM pair takes 5 for 20 bytes, fewer), from 110
 *   (smcd_v2_ext_offset 1, so S = V + 9 = 62, and S + 48): (1020 - 110) / 10
 *   = 91 -> 364
 *
 * 50 + 228 + 28 + 364 = 670. Counts of 255 let the bytes, not the counts,
 * end each list. A longer length field gets only the header decoded.
 */
#define WORST_ENTRIES 670

static void build_proposal(uint8_t *b, uint8_t byte7, uint16_t ipoff, uint16_t v2off,
                           uint16_t sdoff)
{
    size_t v = 52 + (size_t)v2off;

    memset(b, 0, LEN);
    smcclc_put_header(b, SMCCLC_EYECATCHER_R, SMCCLC_CLC_PROPOSAL, LEN, byte7);
    smcclc_put_be(b, 38, 2, ipoff);
    smcclc_put_be(b, 50, 2, v2off);
    if (40 + (size_t)ipoff + 7 < LEN - 4)
        b[40 + ipoff + 7] = 255; /* IPv6 prefix count */
    if (v + 7 < LEN - 4) {
        b[v] = 255;     /* EID count */
        b[v + 1] = 255; /* ISM GID count */
        smcclc_put_be(b, v + 6, 2, sdoff);
    }
    smcclc_put_trailer(b, LEN, SMCCLC_EYECATCHER_R);
}

/* Version 2, SMC-R in typev1 (so the IP prefix area is there), SMC-D in typev2. */
#define WORST_BYTE7 (0x20 | SMCCLC_TYPE_D << 2 | SMCCLC_TYPE_R)

static size_t decode_count(const uint8_t *b, struct smcclc_clc_msg *m)
{
    size_t n = SMCCLC_CLC_MAX_ENTRIES;

    assert_int_not_equal(smcclc_clc_decode_fields(b, LEN, m, full, &n), SMCCLC_DECODE_NOT_CLC);
    assert_int_equal(m->entries_dropped, 0);
    return n;
}

static unsigned count_field(const struct smcclc_entry *e, size_t n, enum smcclc_field id)
{
    unsigned k = 0;

    for (; n > 0; e++, n--)
        k += e->type == SMCCLC_ENTRY_FIELD && e->id == id;
    return k;
}

static void test_worst_case_fits(void **state)
{
    struct smcclc_clc_msg m;
    size_t n;

    (void)state;
    build_proposal(buf, WORST_BYTE7, 0, 1, 1);
    n = decode_count(buf, &m);
    assert_int_equal(n, WORST_ENTRIES);
    assert_true(n <= SMCCLC_CLC_MAX_ENTRIES);
    /* the three lists as counted above */
    assert_int_equal(count_field(full, n, SMCCLC_F_IPV6_PREFIX), 57);
    assert_int_equal(count_field(full, n, SMCCLC_F_EID), 28);
    assert_int_equal(count_field(full, n, SMCCLC_F_ISM_GID_EXT), 0);
    /* one ISM GID in the SMC-D area, one per device */
    assert_int_equal(count_field(full, n, SMCCLC_F_ISM_GID), 1 + 91);
    assert_int_equal(m.ipv6_prefix_count, 255);
    assert_int_equal(m.eid_count, 255);
    assert_int_equal(m.ism_gid_count, 255);
    smcclc_rec_init(&walked);
    smcclc_entries_walk(full, n, &walked.sink);
    SMCCLC_ASSERT_REC_SANE(&walked, LEN, false);
}

/*
 * No other placement of the regions, and no other version or type byte,
 * gives a Proposal more entries: the lists only get shorter when they start
 * later, and every other region is optional.
 */
static void test_no_layout_beats_the_worst_case(void **state)
{
    struct smcclc_clc_msg m;
    size_t most = 0, n;
    unsigned ipoff, v2off, sdoff, b7;

    (void)state;
    for (ipoff = 0; ipoff <= 48; ipoff += 4)
        for (v2off = 1; v2off <= 64; v2off += 3)
            for (sdoff = 1; sdoff <= 64; sdoff += 3) {
                build_proposal(buf, WORST_BYTE7, (uint16_t)ipoff, (uint16_t)v2off, (uint16_t)sdoff);
                n = decode_count(buf, &m);
                if (n > most)
                    most = n;
            }
    assert_int_equal(most, WORST_ENTRIES);
    for (b7 = 0; b7 < 256; b7++) {
        build_proposal(buf, (uint8_t)b7, 0, 1, 1);
        n = decode_count(buf, &m);
        assert_true(n <= WORST_ENTRIES);
    }
}

/* Accept, Confirm and Decline hold far fewer: every type byte, every length, counts at 255. */
static void test_other_types_stay_below(void **state)
{
    struct smcclc_clc_msg m;
    size_t n, most = 0, len;
    unsigned type, b7;

    (void)state;
    for (type = SMCCLC_CLC_ACCEPT; type <= SMCCLC_CLC_DECLINE; type++)
        for (b7 = 0; b7 < 256; b7++)
            for (len = 12; len <= LEN; len += len < 80 ? 1 : 31) {
                memset(buf, 0xFF, LEN);
                smcclc_put_header(buf, SMCCLC_EYECATCHER_R, (uint8_t)type, (uint16_t)len,
                                  (uint8_t)b7);
                smcclc_put_trailer(buf, (uint16_t)len, SMCCLC_EYECATCHER_R);
                n = SMCCLC_CLC_MAX_ENTRIES;
                assert_int_not_equal(smcclc_clc_decode_fields(buf, len, &m, full, &n),
                                     SMCCLC_DECODE_NOT_CLC);
                assert_int_equal(m.entries_dropped, 0);
                if (n > most)
                    most = n;
            }
    assert_true(most > 0 && most < WORST_ENTRIES);
}

/*
 * Every capacity from 0 to the whole: the array gets exactly the first
 * entries, not one byte more (a guard entry after it stays untouched), the
 * rest are counted as dropped, and the summary is the same as with room.
 */
static void test_small_array_drops_never_overruns(void **state)
{
    struct smcclc_clc_msg whole, m;
    struct smcclc_entry guard;
    size_t n_whole, cap, n;

    (void)state;
    build_proposal(buf, WORST_BYTE7, 0, 1, 1);
    n_whole = decode_count(buf, &whole);
    memset(&guard, 0xA5, sizeof(guard));
    for (cap = 0; cap <= n_whole; cap++) {
        memset(part, 0, sizeof(part));
        part[cap] = guard;
        n = cap;
        assert_int_equal(smcclc_clc_decode_fields(buf, LEN, &m, part, &n), SMCCLC_DECODE_OK);
        assert_int_equal(n, cap);
        assert_int_equal(m.entries_dropped, n_whole - cap);
        assert_memory_equal(&part[cap], &guard, sizeof(guard));
        assert_memory_equal(part, full, cap * sizeof(full[0]));
        m.entries_dropped = 0;
        assert_memory_equal(&m, &whole, sizeof(m));
    }
}

static void test_summary_only(void **state)
{
    struct smcclc_clc_msg whole, m;
    size_t n = 5;

    (void)state;
    build_proposal(buf, WORST_BYTE7, 0, 1, 1);
    (void)decode_count(buf, &whole);
    assert_int_equal(smcclc_clc_decode_fields(buf, LEN, &m, NULL, &n), SMCCLC_DECODE_OK);
    assert_int_equal(n, 0);
    assert_memory_equal(&m, &whole, sizeof(m));
    assert_int_equal(smcclc_clc_decode_fields(buf, LEN, &m, full, NULL), SMCCLC_DECODE_OK);
    assert_memory_equal(&m, &whole, sizeof(m));
    /* not CLC: nothing filled */
    n = SMCCLC_CLC_MAX_ENTRIES;
    buf[0] = 0;
    assert_int_equal(smcclc_clc_decode_fields(buf, LEN, &m, full, &n), SMCCLC_DECODE_NOT_CLC);
    assert_int_equal(n, 0);
}

static bool same_event(const struct smcclc_rec_event *a, const struct smcclc_rec_event *b)
{
    const struct smcclc_field_event *x = &a->field, *y = &b->field;

    if (a->is_group != b->is_group)
        return false;
    if (a->is_group)
        return a->gev == b->gev && a->group == b->group && a->off == b->off && a->len == b->len &&
               a->count == b->count;
    return x->id == y->id && x->off == y->off && x->len == y->len && x->u == y->u &&
           x->bytes == y->bytes && x->str == y->str;
}

/* The sink form streams what the array holds: same events, same order, same summary. */
static void check_sink_equals_array(const char *name, const uint8_t *b, size_t len)
{
    struct smcclc_clc_msg ms, ma;
    enum smcclc_decode_status ss, sa;
    size_t n = SMCCLC_CLC_MAX_ENTRIES, i;

    smcclc_rec_init(&streamed);
    smcclc_rec_init(&walked);
    ss = smcclc_clc_decode(b, len, &ms, &streamed.sink);
    sa = smcclc_clc_decode_fields(b, len, &ma, full, &n);
    smcclc_entries_walk(full, n, &walked.sink);
    if (ss != sa || memcmp(&ms, &ma, sizeof(ms)) != 0 || streamed.n != walked.n ||
        streamed.overflow || walked.overflow)
        fail_msg("%s at %zu bytes: sink and array disagree (%zu vs %zu entries)", name, len,
                 streamed.n, walked.n);
    for (i = 0; i < walked.n; i++)
        if (!same_event(&streamed.ev[i], &walked.ev[i])) {
            char x[256], y[256];
            fail_msg("%s at %zu bytes, entry %zu: sink %s, array %s", name, len, i,
                     smcclc_rec_format(&streamed.ev[i], x, sizeof(x)),
                     smcclc_rec_format(&walked.ev[i], y, sizeof(y)));
        }
}

/* Every entry's value sits in the member its kind names. */
static void check_values_match_kinds(const char *name, const uint8_t *b, size_t len)
{
    struct smcclc_clc_msg m;
    size_t n = SMCCLC_CLC_MAX_ENTRIES, i;

    if (smcclc_clc_decode_fields(b, len, &m, full, &n) == SMCCLC_DECODE_NOT_CLC)
        n = 0;
    for (i = 0; i < n; i++) {
        const struct smcclc_entry *e = &full[i];
        const struct smcclc_field_info *fi;

        if (e->type != SMCCLC_ENTRY_FIELD) {
            if (e->type > SMCCLC_ENTRY_ITEM_END || e->id >= SMCCLC_GROUP_COUNT)
                fail_msg("%s at %zu bytes, entry %zu: bad marker", name, len, i);
            continue;
        }
        if (e->id >= SMCCLC_FIELD_COUNT)
            fail_msg("%s at %zu bytes, entry %zu: bad field id %u", name, len, i, e->id);
        fi = &smcclc_field_table[e->id];
        if (smcclc_kind_has_bytes(fi->kind)) {
            if (e->v.bytes != b + e->off || (size_t)e->off + e->len > len)
                fail_msg("%s at %zu bytes: %s does not point at its bytes", name, len, fi->key);
        } else if (fi->kind == SMCCLC_FK_NAME) {
            if (e->v.str == NULL)
                fail_msg("%s at %zu bytes: %s without a name", name, len, fi->key);
        } else if ((fi->flags & SMCCLC_FF_DERIVED) == 0 && e->len < 8 &&
                   e->v.u >> (8 * e->len) != 0) {
            fail_msg("%s at %zu bytes: %s = %llu is wider than its %u bytes", name, len, fi->key,
                     (unsigned long long)e->v.u, e->len);
        }
    }
}

static void each_message(void (*check)(const char *, const uint8_t *, size_t))
{
    static char names[SMCCLC_VEC_LIST_MAX][SMCCLC_VEC_NAME_MAX];
    static struct smcclc_vec v;
    static uint8_t msg[SMCCLC_VEC_MAX];
    size_t count = smcclc_vec_list(names, SMCCLC_VEC_LIST_MAX), i, len, cut;

    assert_true(count > 0);
    for (i = 0; i < count; i++) {
        len = SMCCLC_VEC_LOAD(names[i], &v);
        for (cut = 0; cut <= len; cut++)
            check(names[i], v.bytes, cut);
    }
    for (i = 0; i < smcclc_msg_count; i++) {
        len = SMCCLC_MSG(smcclc_msgs[i].name, msg, sizeof(msg));
        for (cut = 0; cut <= len; cut++)
            check(smcclc_msgs[i].name, msg, cut);
    }
    build_proposal(buf, WORST_BYTE7, 0, 1, 1);
    check("worst case", buf, LEN);
}

static void test_sink_streams_the_array(void **state)
{
    (void)state;
    each_message(check_sink_equals_array);
}

static void test_values_where_their_kind_says(void **state)
{
    (void)state;
    each_message(check_values_match_kinds);
}

/* Entries from elsewhere than the decoder: unknown ids and types are skipped, not looked up. */
static void test_walk_skips_what_it_does_not_know(void **state)
{
    struct smcclc_entry e[3];

    (void)state;
    memset(e, 0, sizeof(e));
    e[0].type = SMCCLC_ENTRY_FIELD;
    e[0].id = SMCCLC_FIELD_COUNT;
    e[1].type = SMCCLC_ENTRY_GROUP_BEGIN;
    e[1].id = SMCCLC_GROUP_COUNT;
    e[2].type = 200;
    smcclc_rec_init(&walked);
    smcclc_entries_walk(e, 3, &walked.sink);
    assert_int_equal(walked.n, 0);
    smcclc_entries_walk(NULL, 3, &walked.sink);
    smcclc_entries_walk(e, 3, NULL);
    assert_int_equal(walked.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worst_case_fits),
        cmocka_unit_test(test_no_layout_beats_the_worst_case),
        cmocka_unit_test(test_other_types_stay_below),
        cmocka_unit_test(test_small_array_drops_never_overruns),
        cmocka_unit_test(test_summary_only),
        cmocka_unit_test(test_sink_streams_the_array),
        cmocka_unit_test(test_values_where_their_kind_says),
        cmocka_unit_test(test_walk_skips_what_it_does_not_know),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
