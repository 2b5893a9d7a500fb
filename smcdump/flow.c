/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Flow table: fixed arrays, no allocation after sd_flows_init(). See flow.h
 * for the structure and the bounds.
 */
#include "flow.h"

#include <stdlib.h>
#include <string.h>

int sd_flows_init(struct sd_flows *t, uint32_t cap)
{
    uint32_t slots = 2;

    memset(t, 0, sizeof(*t));
    if (cap == 0 || cap > (UINT32_MAX >> 2))
        return -1;
    while (slots < 2 * cap)
        slots <<= 1;
    t->flows = calloc(cap, sizeof(*t->flows));
    t->index = calloc(slots, sizeof(*t->index));
    t->memo = calloc((size_t)1 << SD_MEMO_BITS, sizeof(*t->memo));
    t->done = calloc((size_t)1 << SD_DONE_BITS, sizeof(*t->done));
    if (!t->flows || !t->index || !t->memo || !t->done) {
        sd_flows_fini(t);
        return -1;
    }
    t->cap = cap;
    t->index_mask = slots - 1;
    /* no free list yet: flows are handed out from `fresh` up, so untouched pages stay unmapped */
    t->free_head = SD_NIL;
    t->fresh = 0;
    t->lru.head = t->lru.tail = SD_NIL;
    t->deadline.head = t->deadline.tail = SD_NIL;
    return 0;
}

void sd_flows_fini(struct sd_flows *t)
{
    free(t->flows);
    free(t->index);
    free(t->memo);
    free(t->done);
    t->flows = NULL;
    t->index = NULL;
    t->memo = NULL;
    t->done = NULL;
}

void sd_flow_key_make(struct sd_flow_key *k, uint8_t family, const uint8_t *src, const uint8_t *dst,
                      uint16_t sport, uint16_t dport)
{
    size_t n = family == 6 ? 16 : 4;

    memset(k, 0, sizeof(*k));
    k->family = family;
    k->port[0] = sport;
    k->port[1] = dport;
    memcpy(k->addr[0], src, n);
    memcpy(k->addr[1], dst, n);
}

void sd_flow_key_swap(struct sd_flow_key *k)
{
    uint8_t a[16];
    uint16_t p = k->port[0];

    k->port[0] = k->port[1];
    k->port[1] = p;
    memcpy(a, k->addr[0], 16);
    memcpy(k->addr[0], k->addr[1], 16);
    memcpy(k->addr[1], a, 16);
}

static uint64_t load64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return v;
}

/* One endpoint to 64 bits; the port is mixed in so that A:1-B:2 and A:2-B:1 differ. */
static uint64_t endpoint(const uint8_t *addr, uint16_t port)
{
    uint64_t x = load64(addr) * 0x9E3779B97F4A7C15ull;
    uint64_t y = load64(addr + 8) * 0xC2B2AE3D27D4EB4Full;

    return (x ^ (y << 31 | y >> 33)) + port * 0x165667B19E3779F9ull;
}

uint64_t sd_flow_hash(const struct sd_flow_key *k)
{
    uint64_t a = endpoint(k->addr[0], k->port[0]), b = endpoint(k->addr[1], k->port[1]);
    /* sum and xor do not care which side is which */
    uint64_t h = (a + b) ^ ((a ^ b) * 0xFF51AFD7ED558CCDull) ^ k->family;

    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 29;
    return h;
}

static uint16_t port_bucket(const struct sd_flow_key *k)
{
    return (uint16_t)(k->port[0] + k->port[1]) & (SD_PORT_BUCKETS - 1);
}

static bool key_same(const struct sd_flow_key *a, const struct sd_flow_key *b)
{
    return memcmp(a, b, sizeof(*a)) == 0;
}

static bool key_reversed(const struct sd_flow_key *a, const struct sd_flow_key *b)
{
    return a->family == b->family && a->port[0] == b->port[1] && a->port[1] == b->port[0] &&
           memcmp(a->addr[0], b->addr[1], 16) == 0 && memcmp(a->addr[1], b->addr[0], 16) == 0;
}

struct sd_flow *sd_flow_find(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                             enum smc_dir *dir)
{
    uint32_t i = (uint32_t)hash & t->index_mask, tag = (uint32_t)(hash >> 32);

    for (;; i = (i + 1) & t->index_mask) {
        uint64_t e = t->index[i];
        if (!e)
            return NULL;
        if ((uint32_t)(e >> 32) != tag)
            continue;
        struct sd_flow *f = &t->flows[(uint32_t)e - 1];
        if (key_same(&f->key, k)) {
            *dir = SMC_DIR_C2S;
            return f;
        }
        if (key_reversed(&f->key, k)) {
            *dir = SMC_DIR_S2C;
            return f;
        }
    }
}

uint32_t sd_flow_id(const struct sd_flows *t, const struct sd_flow *f)
{
    return (uint32_t)(f - t->flows);
}

static void list_unlink(struct sd_flows *t, struct sd_list *l, struct sd_flow *f, bool lru)
{
    uint32_t prev = lru ? f->lru_prev : f->dl_prev, next = lru ? f->lru_next : f->dl_next;

    if (prev == SD_NIL)
        l->head = next;
    else if (lru)
        t->flows[prev].lru_next = next;
    else
        t->flows[prev].dl_next = next;
    if (next == SD_NIL)
        l->tail = prev;
    else if (lru)
        t->flows[next].lru_prev = prev;
    else
        t->flows[next].dl_prev = prev;
}

static void list_append(struct sd_flows *t, struct sd_list *l, struct sd_flow *f, bool lru)
{
    uint32_t id = sd_flow_id(t, f);

    if (lru) {
        f->lru_prev = l->tail;
        f->lru_next = SD_NIL;
    } else {
        f->dl_prev = l->tail;
        f->dl_next = SD_NIL;
    }
    if (l->tail == SD_NIL)
        l->head = id;
    else if (lru)
        t->flows[l->tail].lru_next = id;
    else
        t->flows[l->tail].dl_next = id;
    l->tail = id;
}

struct sd_flow *sd_flow_add(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                            uint64_t now_us)
{
    uint32_t id = t->free_head, i;
    struct sd_flow *f;

    if (id != SD_NIL) {
        t->free_head = t->flows[id].lru_next;
    } else if (t->fresh < t->cap) {
        id = t->fresh++;
    } else {
        return NULL;
    }
    f = &t->flows[id];
    memset(f, 0, sizeof(*f));
    f->key = *k;
    f->hash = hash;
    f->in_use = true;
    f->last_us = now_us;
    sd_stream_dir_init(&f->dir[0]);
    sd_stream_dir_init(&f->dir[1]);
    smc_hs_init(&f->hs);
    for (i = (uint32_t)hash & t->index_mask; t->index[i]; i = (i + 1) & t->index_mask)
        ;
    t->index[i] = (hash >> 32) << 32 | (uint64_t)(id + 1);
    list_append(t, &t->lru, f, true);
    t->ports[port_bucket(k)]++;
    if (++t->count > t->peak)
        t->peak = t->count;
    return f;
}

/* Backward-shift deletion keeps every probe chain unbroken without tombstones. */
static void index_delete(struct sd_flows *t, uint32_t i)
{
    uint32_t j = i;

    for (;;) {
        j = (j + 1) & t->index_mask;
        uint64_t e = t->index[j];
        if (!e)
            break;
        uint32_t home = (uint32_t)t->flows[(uint32_t)e - 1].hash & t->index_mask;
        /* e may move to i only if its home is not in the cyclic range (i, j] */
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            t->index[i] = e;
            i = j;
        }
    }
    t->index[i] = 0;
}

void sd_flow_remove(struct sd_flows *t, struct sd_flow *f)
{
    uint32_t id = sd_flow_id(t, f), i;
    uint64_t want = (f->hash >> 32) << 32 | (uint64_t)(id + 1);

    for (i = (uint32_t)f->hash & t->index_mask; t->index[i] != want; i = (i + 1) & t->index_mask)
        ;
    index_delete(t, i);
    list_unlink(t, &t->lru, f, true);
    if (f->waiting)
        list_unlink(t, &t->deadline, f, false);
    t->ports[port_bucket(&f->key)]--;
    t->count--;
    f->in_use = false;
    f->waiting = false;
    f->lru_next = t->free_head;
    t->free_head = id;
}

void sd_flow_touch(struct sd_flows *t, struct sd_flow *f, uint64_t now_us)
{
    f->last_us = now_us;
    if (t->lru.tail == sd_flow_id(t, f))
        return;
    list_unlink(t, &t->lru, f, true);
    list_append(t, &t->lru, f, true);
}

void sd_flow_wait(struct sd_flows *t, struct sd_flow *f, uint64_t deadline_us)
{
    if (f->waiting)
        return;
    f->waiting = true;
    f->deadline_us = deadline_us;
    list_append(t, &t->deadline, f, false);
}

void sd_flow_unwait(struct sd_flows *t, struct sd_flow *f)
{
    if (!f->waiting)
        return;
    list_unlink(t, &t->deadline, f, false);
    f->waiting = false;
}

static uint32_t memo_slot(uint64_t hash)
{
    return (uint32_t)(hash >> (64 - SD_MEMO_BITS));
}

static uint32_t memo_tag(uint64_t hash)
{
    return (uint32_t)hash | 1; /* 0 marks an empty slot */
}

void sd_memo_put(struct sd_flows *t, uint64_t hash)
{
    t->memo[memo_slot(hash)] = memo_tag(hash);
}

bool sd_memo_has(const struct sd_flows *t, uint64_t hash)
{
    return t->memo[memo_slot(hash)] == memo_tag(hash);
}

void sd_memo_forget(struct sd_flows *t, uint64_t hash)
{
    if (sd_memo_has(t, hash))
        t->memo[memo_slot(hash)] = 0;
}

void sd_done_put(struct sd_flows *t, const struct sd_flow *f)
{
    struct sd_done *d = &t->done[f->hash >> (64 - SD_DONE_BITS)];

    d->tag = memo_tag(f->hash);
    d->client_port = f->key.port[0];
    d->known = 0;
    for (int i = 0; i < 2; i++) {
        d->next[i] = f->dir[i].next;
        if (f->dir[i].state != SD_DIR_UNSYNCED)
            d->known |= (uint8_t)(1u << i);
    }
}

bool sd_done_seen(const struct sd_flows *t, uint64_t hash, uint16_t sport, uint32_t seq,
                  uint32_t len)
{
    const struct sd_done *d = &t->done[hash >> (64 - SD_DONE_BITS)];
    int dir = sport == d->client_port ? 0 : 1;

    if (d->tag != memo_tag(hash) || !(d->known >> dir & 1))
        return false;
    return (int32_t)(seq + len - d->next[dir]) <= 0;
}
