/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The flow index under attack: SipHash against the paper's vector, both
 * directions on one hash, and, with a fixed test key, addresses chosen to
 * collide in one home slot. Whatever comes, no entry may sit more than
 * SD_PROBE_MAX slots from its home (so a lookup reads at most that many), and
 * every flow in the table must still be found, also after the index doubles.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flow.h"

static const uint64_t test_key[2] = {0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull};

/* SipHash paper, appendix A: key 00..0f, message 00..0e, SipHash-2-4. */
static void siphash_paper_vector(void **state)
{
    uint8_t msg[15];

    (void)state;
    for (int i = 0; i < 15; i++)
        msg[i] = (uint8_t)i;
    assert_int_equal(sd_siphash(test_key, msg, sizeof(msg), 2, 4), 0xa129ca6149be45e5ull);
}

static void key4(struct sd_flow_key *k, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport)
{
    uint8_t s[4], d[4];

    memcpy(s, &src, 4);
    memcpy(d, &dst, 4);
    sd_flow_key_make(k, 4, s, d, sport, dport);
}

static void hash_direction_and_key(void **state)
{
    struct sd_flow_key k, r;
    uint64_t h;

    (void)state;
    key4(&k, 0x0100000a, 0x0200000a, 40000, 5101);
    r = k;
    sd_flow_key_swap(&r);
    h = sd_flow_hash(&k);
    assert_int_equal(h, sd_flow_hash(&r));
    assert_int_equal(h, sd_flow_hash_addrs(4, k.addr[1], k.port[1], k.addr[0], k.port[0]));
    /* A:1-B:2 and A:2-B:1 are different connections */
    key4(&r, 0x0100000a, 0x0200000a, 5101, 40000);
    assert_int_not_equal(h, sd_flow_hash(&r));
    /* the same addresses as IPv6 (zero-padded) are another connection */
    r = k;
    r.family = 6;
    assert_int_not_equal(h, sd_flow_hash(&r));
    /* another key, another hash */
    sd_flow_hash_set_key(test_key[0] ^ 1, test_key[1]);
    assert_int_not_equal(h, sd_flow_hash(&k));
    sd_flow_hash_set_key(test_key[0], test_key[1]);
    assert_int_equal(h, sd_flow_hash(&k));
}

/*
 * Connections 10.0.0.1:port -> 10.0.0.2:5101 whose hash has the given low
 * `bits` bits: the same home slot in every index of up to 2^bits slots.
 */
static size_t colliding(struct sd_flow_key *out, size_t want, unsigned bits, uint32_t home,
                        uint32_t client)
{
    size_t n = 0;
    uint64_t mask = (1ull << bits) - 1;

    for (uint32_t c = client; n < want; c++)
        for (uint32_t p = 1; p < 65536 && n < want; p++) {
            struct sd_flow_key k;
            key4(&k, c, 0x0200000a, (uint16_t)p, 5101);
            if ((sd_flow_hash(&k) & mask) == home)
                out[n++] = k;
        }
    return n;
}

/* What analyze.c does: add, and when there is no room, evict the victim and add again. */
static struct sd_flow *add(struct sd_flows *t, const struct sd_flow_key *k, unsigned *evicted)
{
    uint64_t h = sd_flow_hash(k);
    struct sd_flow *f;
    int tries = 0;

    while (!(f = sd_flow_add(t, k, h, 0))) {
        struct sd_flow *v = sd_flow_victim(t, h);
        assert_non_null(v);
        assert_true(v->in_use);
        sd_flow_remove(t, v, sd_flow_hash(&v->key));
        (*evicted)++;
        assert_true(++tries <= 2);
    }
    return f;
}

/* Every flow in use is found, and its index entry is within SD_PROBE_MAX of its home. */
static void check_index(struct sd_flows *t)
{
    uint32_t slots = t->index_mask + 1, entries = 0;

    for (uint32_t i = 0; i < slots; i++) {
        uint64_t e = t->index[i];
        if (!e)
            continue;
        entries++;
        assert_true(((i - (uint32_t)(e >> 32)) & t->index_mask) < SD_PROBE_MAX);
    }
    assert_int_equal(entries, t->count);
    for (uint32_t id = 0; id < t->fresh; id++) {
        struct sd_flow *f = &t->flows[id];
        struct sd_flow_key r;
        enum smcclc_dir dir;
        if (!f->in_use)
            continue;
        assert_ptr_equal(sd_flow_find(t, &f->key, sd_flow_hash(&f->key), &dir), f);
        assert_int_equal(dir, SMCCLC_DIR_C2S);
        r = f->key;
        sd_flow_key_swap(&r);
        assert_ptr_equal(sd_flow_find(t, &r, sd_flow_hash(&r), &dir), f);
        assert_int_equal(dir, SMCCLC_DIR_S2C);
    }
}

static void collisions_are_bounded(void **state)
{
    enum { N = 1000 };
    struct sd_flow_key *keys = calloc(N, sizeof(*keys));
    struct sd_flows t;
    unsigned evicted = 0;
    struct sd_flow *last = NULL;

    (void)state;
    assert_non_null(keys);
    /* 1000 flows, all with home slot 77 of the 1024-slot index */
    assert_int_equal(colliding(keys, N, 10, 77, 0x0100000a), N);
    assert_int_equal(sd_flows_init(&t, 512), 0);
    for (size_t i = 0; i < N; i++) {
        last = add(&t, &keys[i], &evicted);
        /* the first SD_PROBE_MAX fit; every later one evicts the one at the home slot */
        assert_int_equal(evicted, i < SD_PROBE_MAX ? 0 : i + 1 - SD_PROBE_MAX);
        assert_int_equal(t.count, i < SD_PROBE_MAX ? i + 1 : SD_PROBE_MAX);
        assert_int_equal((uint32_t)t.index[77] - 1,
                         sd_flow_id(&t, i < SD_PROBE_MAX ? &t.flows[0] : last));
    }
    check_index(&t);
    /* a missing key with the same home: SD_PROBE_MAX slots read, then no */
    {
        struct sd_flow_key k;
        enum smcclc_dir dir;
        assert_int_equal(colliding(&k, 1, 10, 77, 0x0300000a), 1);
        assert_null(sd_flow_find(&t, &k, sd_flow_hash(&k), &dir));
    }
    /* flows elsewhere are unaffected */
    for (uint32_t p = 1; p <= 200; p++) {
        struct sd_flow_key k;
        key4(&k, 0x0500000a, 0x0600000a, (uint16_t)p, 443);
        add(&t, &k, &evicted);
    }
    check_index(&t);
    sd_flows_fini(&t);
    free(keys);
}

static void doubling_keeps_the_bound(void **state)
{
    enum { N = 400 };
    struct sd_flow_key *keys = calloc(N, sizeof(*keys));
    struct sd_flows t;
    unsigned evicted = 0;
    uint32_t slots0;

    (void)state;
    assert_non_null(keys);
    /* same home in every index up to 16 384 slots: the flows collide after each doubling too */
    assert_int_equal(colliding(keys, 100, 14, 1000, 0x0100000a), 100);
    assert_int_equal(sd_flows_init(&t, 8192), 0);
    slots0 = t.index_mask + 1;
    for (size_t i = 0; i < 100; i++)
        add(&t, &keys[i], &evicted);
    /* a dense cluster behind them: flows homed just after slot 1000 */
    assert_int_equal(colliding(keys + 100, N - 100, 10, 1001, 0x0700000a), N - 100);
    for (size_t i = 100; i < N; i++)
        add(&t, &keys[i], &evicted);
    check_index(&t);
    /* and thousands of others, so that the index doubles three times or more */
    for (uint32_t i = 0; i < 4000; i++) {
        struct sd_flow_key k;
        key4(&k, 0x0900000a + (i << 8), 0x0a00000a, (uint16_t)(1000 + i), 5101);
        add(&t, &k, &evicted);
        if ((i & 255) == 0)
            check_index(&t);
    }
    assert_true(t.index_mask + 1 >= slots0 * 8);
    check_index(&t);
    /* evictions only where the window was full: the 100 + 300 crowd, not the 4000 */
    assert_true(evicted < N);
    assert_int_equal(t.count + evicted, N + 4000);
    sd_flows_fini(&t);
    free(keys);
}

/* Capacity eviction still takes the least recently active flow. */
static void full_table_evicts_oldest(void **state)
{
    struct sd_flows t;
    unsigned evicted = 0;
    struct sd_flow_key k;
    enum smcclc_dir dir;

    (void)state;
    assert_int_equal(sd_flows_init(&t, 4), 0);
    for (uint16_t p = 1; p <= 5; p++) {
        key4(&k, 0x0100000a, 0x0200000a, p, 5101);
        add(&t, &k, &evicted);
    }
    assert_int_equal(evicted, 1);
    key4(&k, 0x0100000a, 0x0200000a, 1, 5101);
    assert_null(sd_flow_find(&t, &k, sd_flow_hash(&k), &dir));
    key4(&k, 0x0100000a, 0x0200000a, 2, 5101);
    assert_non_null(sd_flow_find(&t, &k, sd_flow_hash(&k), &dir));
    check_index(&t);
    sd_flows_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(siphash_paper_vector),     cmocka_unit_test(hash_direction_and_key),
        cmocka_unit_test(collisions_are_bounded),   cmocka_unit_test(doubling_keeps_the_bound),
        cmocka_unit_test(full_table_evicts_oldest),
    };

    sd_flow_hash_set_key(test_key[0], test_key[1]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
