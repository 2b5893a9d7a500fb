/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Flow table: fixed arrays, no allocation after sd_flows_init(). See flow.h
 * for the structure and the bounds.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE, madvise */

#include "flow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(struct sd_done) == 16, "four finished flows per cache line");
_Static_assert(sizeof(struct sd_flow) == 224, "struct sd_flow grew: update the bounds in "
                                              "flow.h, docs/smcdump-internals.md, smcdump.1");

/*
 * Zeroed memory whose pages are mapped only when first written: anonymous
 * mmap, so a reservation for a million flows costs nothing until they come.
 * NORESERVE keeps strict overcommit accounting from refusing a reservation
 * that is mostly never used; NOHUGEPAGE keeps a THP=always kernel from
 * backing the first flow with 2 MiB.
 */
static void *reserve(size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);

    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_NOHUGEPAGE
    madvise(p, bytes, MADV_NOHUGEPAGE);
#endif
    return p;
}

static void unreserve(void *p, size_t bytes)
{
    if (p)
        munmap(p, bytes);
}

uint64_t sd_flow_hash_key[2];
static bool hash_key_fixed;

void sd_flow_hash_set_key(uint64_t k0, uint64_t k1)
{
    sd_flow_hash_key[0] = k0;
    sd_flow_hash_key[1] = k1;
    hash_key_fixed = true;
}

/*
 * 16 bytes from getrandom(2) (the kernel's CSPRNG; GRND_NONBLOCK, since a
 * tracer started at boot must not wait for the entropy pool and even a
 * not-yet-seeded key is unknown to a remote sender), else /dev/urandom, else
 * the clock and addresses, which an attacker on the network still does not
 * see. Called once per run: every table of the run uses the same key.
 */
static void hash_key_random(void)
{
    uint8_t k[16];
    size_t got = 0;

    while (got < sizeof(k)) {
        ssize_t n = getrandom(k + got, sizeof(k) - got, GRND_NONBLOCK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got < sizeof(k)) {
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t n = read(fd, k, sizeof(k));
            got = n == (ssize_t)sizeof(k) ? sizeof(k) : 0;
            close(fd);
        }
    }
    if (got < sizeof(k)) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t x[2] = {(uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)&ts,
                         (uint64_t)ts.tv_sec ^ (uint64_t)getpid() << 32};
        memcpy(k, x, sizeof(k));
    }
    memcpy(sd_flow_hash_key, k, sizeof(k));
    hash_key_fixed = true;
}

static uint32_t index_slots_for(uint32_t cap)
{
    uint32_t slots = SD_INDEX_MIN;

    while (slots < 2 * (uint64_t)cap)
        slots <<= 1;
    return slots;
}

int sd_flows_init(struct sd_flows *t, uint32_t cap)
{
    memset(t, 0, sizeof(*t));
    if (cap == 0 || cap > SD_FLOWS_LIMIT)
        return -1;
    if (!hash_key_fixed)
        hash_key_random();
    t->index_slots_max = index_slots_for(cap);
    t->flows = reserve((size_t)cap * sizeof(*t->flows));
    t->index = reserve((size_t)t->index_slots_max * sizeof(*t->index));
    t->scratch = reserve((size_t)t->index_slots_max / 2 * sizeof(*t->scratch));
    /* page-aligned, so that each set is one cache line */
    t->memo = reserve(SD_MEMO_BYTES);
    t->done = reserve(SD_DONE_BYTES);
    t->cap = cap;
    if (!t->flows || !t->index || !t->scratch || !t->memo || !t->done) {
        sd_flows_fini(t);
        return -1;
    }
    t->index_mask = SD_INDEX_MIN - 1;
    /* no free list yet: flows are handed out from `fresh` up, so untouched pages stay unmapped */
    t->free_head = SD_NIL;
    t->hold_slot = SD_NIL;
    t->fresh = 0;
    t->lru.head = t->lru.tail = SD_NIL;
    t->deadline.head = t->deadline.tail = SD_NIL;
    return 0;
}

void sd_flows_fini(struct sd_flows *t)
{
    unreserve(t->flows, (size_t)t->cap * sizeof(*t->flows));
    unreserve(t->index, (size_t)t->index_slots_max * sizeof(*t->index));
    unreserve(t->scratch, (size_t)t->index_slots_max / 2 * sizeof(*t->scratch));
    unreserve(t->memo, SD_MEMO_BYTES);
    unreserve(t->done, SD_DONE_BYTES);
    t->flows = NULL;
    t->index = NULL;
    t->scratch = NULL;
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

uint64_t sd_flow_hash(const struct sd_flow_key *k)
{
    /* the key's IPv4 addresses are zero-padded, so reading 4 bytes gives the same */
    return sd_flow_hash_addrs(k->family, k->addr[0], k->port[0], k->addr[1], k->port[1]);
}

static uint16_t port_bucket(const struct sd_flow_key *k)
{
    return (uint16_t)sd_port_bucket(k->port[0], k->port[1]);
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

/* An index entry: the hash's low half, which also gives the home slot, and the flow. */
static uint64_t index_entry(uint64_t hash, uint32_t id)
{
    return (uint64_t)(uint32_t)hash << 32 | (uint64_t)(id + 1);
}

struct sd_flow *sd_flow_find(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                             enum smcclc_dir *dir)
{
    uint32_t i = (uint32_t)hash & t->index_mask, tag = (uint32_t)hash;

    /* no entry is further than SD_PROBE_MAX - 1 slots from its home */
    for (uint32_t n = 0; n < SD_PROBE_MAX; n++, i = (i + 1) & t->index_mask) {
        uint64_t e = t->index[i];
        if (!e)
            return NULL;
        if ((uint32_t)(e >> 32) != tag || (uint32_t)e == 0)
            continue;
        struct sd_flow *f = &t->flows[(uint32_t)e - 1];
        if (key_same(&f->key, k)) {
            *dir = SMCCLC_DIR_C2S;
            return f;
        }
        if (key_reversed(&f->key, k)) {
            *dir = SMCCLC_DIR_S2C;
            return f;
        }
    }
    return NULL;
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

/* The first free slot within SD_PROBE_MAX of the home, or SD_NIL. */
static uint32_t index_free_slot(const struct sd_flows *t, uint64_t hash)
{
    uint32_t i = (uint32_t)hash & t->index_mask;

    for (uint32_t n = 0; n < SD_PROBE_MAX; n++, i = (i + 1) & t->index_mask)
        if (!t->index[i])
            return i;
    return SD_NIL;
}

/* A slot held for a flow on its way in (sd_flow_victim()): not empty, and no flow's. */
#define HOLD_ENTRY ((uint64_t)1 << 32)

/*
 * Twice the slots, within the reservation. The old slots are copied aside
 * and inserted again in slot order, starting after an empty slot (the load is
 * at most 1/2, so there is one). In that order no entry lands further from
 * its new home than it was from its old one: its new home is its old home
 * or that plus the old size, and the entries before it in the new half are
 * a subset of those that were before it in the old cluster. So the
 * SD_PROBE_MAX bound survives the doubling. Growth happens at a new peak;
 * it costs O(slots), amortised O(1) per flow, and the scratch copy's pages
 * are given back at once.
 */
static void index_grow(struct sd_flows *t)
{
    uint32_t slots = t->index_mask + 1, start = 0;

    memcpy(t->scratch, t->index, (size_t)slots * sizeof(*t->index));
    memset(t->index, 0, (size_t)slots * sizeof(*t->index));
    t->index_mask = 2 * slots - 1;
    t->hold_slot = SD_NIL;
    while (t->scratch[start])
        start++;
    for (uint32_t n = 1; n <= slots; n++) {
        uint64_t e = t->scratch[(start + n) & (slots - 1)];
        uint32_t i;
        if (!e || e == HOLD_ENTRY)
            continue;
        for (i = (uint32_t)(e >> 32) & t->index_mask; t->index[i]; i = (i + 1) & t->index_mask)
            ;
        t->index[i] = e;
    }
#ifdef MADV_DONTNEED
    madvise(t->scratch, (size_t)slots * sizeof(*t->scratch), MADV_DONTNEED);
#endif
}

struct sd_flow *sd_flow_add(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                            uint64_t now_us)
{
    uint32_t id, slot;
    uint16_t b;
    struct sd_flow *f;

    if (t->free_head == SD_NIL && t->fresh >= t->cap)
        return NULL;
    /* load stays <= 1/2 */
    if (2 * (uint64_t)(t->count + 1) > (uint64_t)t->index_mask + 1 &&
        t->index_mask + 1 < t->index_slots_max)
        index_grow(t);
    slot = t->hold_slot != SD_NIL ? t->hold_slot : index_free_slot(t, hash);
    if (slot == SD_NIL)
        return NULL;
    t->hold_slot = SD_NIL;
    id = t->free_head;
    if (id != SD_NIL)
        t->free_head = t->flows[id].lru_next;
    else
        id = t->fresh++;
    f = &t->flows[id];
    memset(f, 0, sizeof(*f));
    f->key = *k;
    f->in_use = true;
    f->last_us = now_us;
    sd_stream_dir_init(&f->dir[0]);
    sd_stream_dir_init(&f->dir[1]);
    smcclc_hs_init(&f->hs);
    t->index[slot] = index_entry(hash, id);
    list_append(t, &t->lru, f, true);
    b = port_bucket(k);
    if (t->ports[b]++ == 0)
        sd_portset_put(&t->port_any, b);
    if (++t->count > t->peak)
        t->peak = t->count;
    return f;
}

struct sd_flow *sd_flow_victim(struct sd_flows *t, uint64_t hash)
{
    uint32_t home = (uint32_t)hash & t->index_mask;

    if (t->free_head == SD_NIL && t->fresh >= t->cap)
        return sd_flow_oldest(t);
    t->hold_slot = home;
    return &t->flows[(uint32_t)t->index[home] - 1];
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
        uint32_t home = (uint32_t)(e >> 32) & t->index_mask;
        /* e may move to i only if its home is not in the cyclic range (i, j] */
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            t->index[i] = e;
            i = j;
        }
    }
    t->index[i] = 0;
}

void sd_flow_remove(struct sd_flows *t, struct sd_flow *f, uint64_t hash)
{
    uint32_t id = sd_flow_id(t, f), i;
    uint64_t want = index_entry(hash, id);
    uint16_t b;

    for (i = (uint32_t)hash & t->index_mask; t->index[i] != want; i = (i + 1) & t->index_mask)
        ;
    if (i == t->hold_slot)
        t->index[i] = HOLD_ENTRY; /* the flow sd_flow_victim() made room for takes it */
    else
        index_delete(t, i);
    list_unlink(t, &t->lru, f, true);
    if (f->waiting)
        list_unlink(t, &t->deadline, f, false);
    b = port_bucket(&f->key);
    if (--t->ports[b] == 0)
        sd_portset_drop(&t->port_any, b);
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

/*
 * The memo and the finished table are set-associative, newest first: a
 * direct-mapped table forgets a connection as soon as one other hashes to its
 * slot, and with a million connections finishing within seconds that happens
 * between a Decline and its retransmission. A set forgets only after
 * SD_*_WAYS newer entries landed in it.
 */
static uint32_t memo_tag(uint64_t hash)
{
    return (uint32_t)hash | 1; /* 0 marks an empty way */
}

static uint32_t *memo_set(const struct sd_flows *t, uint64_t hash)
{
    return &t->memo[(hash >> (64 - SD_MEMO_SET_BITS)) * SD_MEMO_WAYS];
}

static void memo_insert(struct sd_flows *t, uint64_t hash)
{
    uint32_t *set = memo_set(t, hash), tag = memo_tag(hash);
    unsigned i = 0;

    /* i: the tag's old way, or the oldest; the newer ones move back by one */
    while (i < SD_MEMO_WAYS - 1 && set[i] != tag)
        i++;
    memmove(set + 1, set, i * sizeof(*set));
    set[0] = tag;
}

/* The put before this one lands now: its set has had many packets' time to arrive. */
static void memo_settle(struct sd_flows *t)
{
    if (t->memo_pending_set) {
        t->memo_pending_set = false;
        memo_insert(t, t->memo_pending);
    }
}

/*
 * Every SYN without the option comes here, and its set is a random line of
 * a 1 MiB table that the packet data streaming through the cache has long
 * evicted: inserting at once stalls on a miss to memory. So the insert waits
 * for the next call (every call settles it first, so nothing reads the memo
 * without it) and its line is fetched meanwhile.
 */
void sd_memo_put(struct sd_flows *t, uint64_t hash)
{
    memo_settle(t);
    t->memo_pending = hash;
    t->memo_pending_set = true;
    __builtin_prefetch(memo_set(t, hash), 1);
}

bool sd_memo_has(struct sd_flows *t, uint64_t hash)
{
    const uint32_t *set = memo_set(t, hash), tag = memo_tag(hash);

    memo_settle(t);
    for (unsigned i = 0; i < SD_MEMO_WAYS; i++)
        if (set[i] == tag)
            return true;
    return false;
}

void sd_memo_forget(struct sd_flows *t, uint64_t hash)
{
    uint32_t *set = memo_set(t, hash), tag = memo_tag(hash);

    memo_settle(t);
    for (unsigned i = 0; i < SD_MEMO_WAYS; i++)
        if (set[i] == tag) {
            memmove(set + i, set + i + 1, (SD_MEMO_WAYS - 1 - i) * sizeof(*set));
            set[SD_MEMO_WAYS - 1] = 0;
            return;
        }
}

static struct sd_done *done_set(const struct sd_flows *t, uint64_t hash)
{
    return &t->done[(hash >> (64 - SD_DONE_SET_BITS)) * SD_DONE_WAYS];
}

void sd_done_put(struct sd_flows *t, const struct sd_flow *f, uint64_t hash)
{
    struct sd_done *set = done_set(t, hash), *d = set;
    uint32_t tag = memo_tag(hash);
    unsigned i = 0;

    while (i < SD_DONE_WAYS - 1 && set[i].tag != tag)
        i++;
    memmove(set + 1, set, i * sizeof(*set));
    d->tag = tag;
    d->client_port = f->key.port[0];
    d->known = 0;
    for (int k = 0; k < 2; k++) {
        d->next[k] = f->dir[k].next;
        if (f->dir[k].state != SD_DIR_UNSYNCED)
            d->known |= (uint8_t)(1u << k);
    }
}

bool sd_done_seen(const struct sd_flows *t, uint64_t hash, uint16_t sport, uint32_t seq,
                  uint32_t len)
{
    const struct sd_done *set = done_set(t, hash);
    uint32_t tag = memo_tag(hash);

    for (unsigned i = 0; i < SD_DONE_WAYS; i++) {
        const struct sd_done *d = &set[i];
        int dir = sport == d->client_port ? 0 : 1;
        if (d->tag != tag)
            continue;
        if (!(d->known >> dir & 1))
            return false;
        return (int32_t)(seq + len - d->next[dir]) <= 0;
    }
    return false;
}
