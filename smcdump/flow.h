/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bounded table of connections whose SMC handshake is open.
 *
 * Only connections that offered SMC in a SYN or SYN-ACK, or where a CLC
 * message was found mid-stream, enter the table; a connection leaves it as
 * soon as its verdict is reported. Everything is allocated once at start:
 *
 *  - flows: one array of `cap` entries, reserved (not touched) at start and
 *    handed out from a high-water mark, then from a free list; the index
 *    (linear probing, load <= 1/2, backward-shift deletion) maps a keyed
 *    64-bit hash of the 4-tuple (both directions give the same) to a flow.
 *    No entry sits more than SD_PROBE_MAX slots from its home, so a lookup
 *    reads at most that many slots even when someone knows the key and sends
 *    addresses that all collide: a new flow whose slots are all taken
 *    evicts the flow at its home slot (sd_flow_victim()). The index starts
 *    small and doubles inside its reservation as the number of open flows
 *    grows: a hash over the final 2 x cap slots would touch a page per flow,
 *    scattered over all of it, even when only a few thousand flows ever exist;
 *  - two intrusive lists: least recently active first (for idle and capacity
 *    eviction) and success verdicts waiting for a late Decline, by deadline;
 *  - a port filter: per (sport + dport) bucket, how many flows are in the
 *    table. Almost every packet of a busy link belongs to no SMC connection,
 *    and one L1/L2-resident counter read tells it so without hashing;
 *  - a memo of connections known not to carry CLC (SYN without the option,
 *    or verdict already reported): direct-mapped hash tags, so CLC-looking
 *    application data on them is counted as a look-alike and not mistaken
 *    for a mid-stream handshake. It is lossy by design: a full set forgets
 *    its oldest connection, it never grows. Finished SMC connections also leave
 *    their stream positions in a smaller table, so that a late retransmission
 *    of their last CLC segment is recognised as such.
 */
#ifndef SMCDUMP_FLOW_H
#define SMCDUMP_FLOW_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "portset.h"
#include "siphash.h"
#include "smcclc/handshake.h"
#include "stream.h"

/*
 * Open handshakes tracked at once, by default (--max-flows): 1 048 576 flows
 * of 224 bytes plus an index of up to 2 097 152 slots of 8 bytes, 240 MiB
 * when all are in use, and only what is used is ever touched.
 */
#define SD_FLOWS_MAX 1048576u
/* The largest --max-flows: 3.5 GiB of flows and 256 MiB of index, reserved. */
#define SD_FLOWS_LIMIT 16777216u
/* Index slots before the first doubling (8 KiB): small captures never grow it. */
#define SD_INDEX_MIN 1024u
/* Memo: 16 384 sets of 16 four-byte tags (one cache line each), 1 MiB. */
#define SD_MEMO_SET_BITS 14
#define SD_MEMO_WAYS 16
#define SD_MEMO_BYTES (((size_t)4 * SD_MEMO_WAYS) << SD_MEMO_SET_BITS)
/* Finished SMC connections with their sequence numbers: 4 096 sets of 4 x 16 bytes, 256 KiB. */
#define SD_DONE_SET_BITS 12
#define SD_DONE_WAYS 4
#define SD_DONE_BYTES (((size_t)16 * SD_DONE_WAYS) << SD_DONE_SET_BITS)
/*
 * Port filter buckets (portset.h): the bitmap read per packet, and 32-bit
 * counters behind it (16 KiB, touched only when a flow comes or goes): a
 * million flows may share one bucket (one client port, one server port).
 */
/*
 * The most slots a lookup reads. At load 1/2 linear probing with a random key
 * needs more than 128 slots for about one insertion in 10^11, so this evicts
 * nothing in practice; with a known key and colliding addresses it is the
 * whole cost of a packet (1 KiB of index, read in order).
 */
#define SD_PROBE_MAX 128u

#define SD_NIL UINT32_MAX

/* A connection's addresses. As a flow's key: [0] is the client, [1] the server. */
struct sd_flow_key {
    uint8_t family; /* 4 or 6 */
    uint8_t pad;
    uint16_t port[2];
    uint8_t addr[2][16]; /* IPv4 in the first 4 bytes, the rest zero */
};

/*
 * 224 bytes, 120 of them the core's handshake. No copy of the hash: the
 * index keeps its low half, and the rare users (removal, the memo, index
 * growth) recompute it from the key.
 */
struct sd_flow {
    struct sd_flow_key key;
    bool in_use : 1;
    bool waiting : 1;      /* on the deadline list */
    bool mid_stream : 1;   /* no SYN or SYN-ACK seen */
    uint8_t isn_known : 2; /* bit per direction: its SYN was seen */
    uint32_t lru_prev, lru_next;
    uint32_t dl_prev, dl_next;
    uint32_t isn;     /* the client's SYN: is a later SYN a retransmission or a new connection? */
    uint32_t order;   /* creation number modulo 2^32: end-of-input verdicts go out in this order */
    uint64_t last_us; /* packet time of the flow's last packet */
    uint64_t last_frame;
    uint64_t deadline_us; /* when a success verdict is due, while `waiting` */
    struct sd_dir dir[2];
    struct smcclc_handshake hs;
};

struct sd_list {
    uint32_t head, tail;
};

/* Where a finished connection's byte streams had got to, to tell retransmissions. */
struct sd_done {
    uint32_t tag; /* 0: empty */
    uint16_t client_port;
    uint8_t known; /* bit per direction: next[dir] is valid */
    uint32_t next[2];
};

struct sd_flows {
    struct sd_portset port_any; /* bit per bucket: ports[bucket] != 0 */
    struct sd_flow *flows;      /* cap entries, reserved */
    uint32_t cap, count, peak;
    uint32_t free_head;       /* flows given back, SD_NIL when none */
    uint32_t fresh;           /* flows from here up were never used */
    uint64_t *index;          /* per slot: low 32 bits of the hash << 32 | flow index + 1 */
    uint32_t index_mask;      /* slots in use - 1 */
    uint32_t index_slots_max; /* the reservation */
    uint64_t *scratch;        /* index_slots_max / 2 entries: the old index while it doubles */
    uint32_t hold_slot;       /* kept for the flow sd_flow_victim() made room for, or SD_NIL */
    struct sd_list lru, deadline;
    uint32_t *memo;
    uint64_t memo_pending; /* a put whose cache line is on its way (flow.c) */
    bool memo_pending_set;
    struct sd_done *done;
    uint32_t ports[SD_PORT_BUCKETS];
};

int sd_flows_init(struct sd_flows *t, uint32_t cap);
void sd_flows_fini(struct sd_flows *t);

/* The packet's addresses as a key, oriented source to destination. */
void sd_flow_key_make(struct sd_flow_key *k, uint8_t family, const uint8_t *src, const uint8_t *dst,
                      uint16_t sport, uint16_t dport);
/* The same key seen from the other side. */
void sd_flow_key_swap(struct sd_flow_key *k);
/* Equal for both orientations of a key. */
uint64_t sd_flow_hash(const struct sd_flow_key *k);

/*
 * The key of the flow hash, 128 random bits per run (flow.c, from
 * getrandom(2)), so that nobody who sends packets can choose addresses that
 * land in one slot; tests fix it with sd_flow_hash_set_key().
 */
extern uint64_t sd_flow_hash_key[2];

/*
 * sd_flow_hash() of the key these addresses would make, straight from the
 * packet: a SYN of a connection that is not SMC only needs its hash for the
 * memo, and building a key first would cost more than the hash.
 *
 * Both directions of a connection must find the same flow, so the endpoints
 * are put in one order (the smaller address, then port, first) and the
 * ordered pair is hashed with SipHash-1-3: a keyed function of the whole pair,
 * not a symmetric mix of two endpoint hashes, whose collisions could be
 * computed without the key (the hash before issue 13 was x + y of the two).
 */
static inline uint64_t sd_flow_hash_addrs(uint8_t family, const uint8_t *a, uint16_t pa,
                                          const uint8_t *b, uint16_t pb)
{
    size_t n = family == 6 ? 16 : 4;
    int c = memcmp(a, b, n);
    uint8_t m[37];

    if (c > 0 || (c == 0 && pa > pb)) {
        const uint8_t *t = a;
        uint16_t tp = pa;
        a = b;
        b = t;
        pa = pb;
        pb = tp;
    }
    memcpy(m, a, n);
    memcpy(m + n, b, n);
    m[2 * n] = (uint8_t)(pa >> 8);
    m[2 * n + 1] = (uint8_t)pa;
    m[2 * n + 2] = (uint8_t)(pb >> 8);
    m[2 * n + 3] = (uint8_t)pb;
    m[2 * n + 4] = family;
    /* two calls with constant lengths, so that each unrolls */
    return family == 6 ? sd_siphash(sd_flow_hash_key, m, 37, 1, 3)
                       : sd_siphash(sd_flow_hash_key, m, 13, 1, 3);
}

/* Whether any flow in the table could have these ports: the per-packet test. */
static inline bool sd_flows_maybe(const struct sd_flows *t, uint16_t sport, uint16_t dport)
{
    return sd_portset_has(&t->port_any, sport, dport);
}

/* Tests only: a fixed hash key instead of the random one (call before sd_flows_init()). */
void sd_flow_hash_set_key(uint64_t k0, uint64_t k1);

/* The flow of a packet keyed source to destination; *dir is its direction. */
struct sd_flow *sd_flow_find(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                             enum smcclc_dir *dir);
/* A new flow keyed client to server; NULL when there is no room (see sd_flow_victim()). */
struct sd_flow *sd_flow_add(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                            uint64_t now_us);
/*
 * After sd_flow_add() said no: the flow that must be removed (its verdict
 * reported) first. When every flow is in use, the least recently active;
 * otherwise the SD_PROBE_MAX slots from the new flow's home are all taken,
 * and the flow at the home slot goes: one read, and under a sustained
 * collision attack each new colliding flow evicts the previous one, not the
 * flows that were there before. Its slot is then kept for the new flow, so
 * sd_flow_remove() of the victim followed by sd_flow_add() must come next.
 */
struct sd_flow *sd_flow_victim(struct sd_flows *t, uint64_t hash);
/* `hash`: sd_flow_hash() of its key. */
void sd_flow_remove(struct sd_flows *t, struct sd_flow *f, uint64_t hash);

uint32_t sd_flow_id(const struct sd_flows *t, const struct sd_flow *f);
static inline struct sd_flow *sd_flow_at(struct sd_flows *t, uint32_t id)
{
    return id == SD_NIL ? NULL : &t->flows[id];
}

/* Activity: the flow becomes the most recently active. */
void sd_flow_touch(struct sd_flows *t, struct sd_flow *f, uint64_t now_us);
/* The least recently active flow, or NULL. */
static inline struct sd_flow *sd_flow_oldest(struct sd_flows *t)
{
    return sd_flow_at(t, t->lru.head);
}

/* Success verdicts waiting: deadlines must be added in nondecreasing order. */
void sd_flow_wait(struct sd_flows *t, struct sd_flow *f, uint64_t deadline_us);
static inline struct sd_flow *sd_flow_next_due(struct sd_flows *t)
{
    return sd_flow_at(t, t->deadline.head);
}

/* The memo of connections that carry no CLC (see above). */
void sd_memo_put(struct sd_flows *t, uint64_t hash);
bool sd_memo_has(struct sd_flows *t, uint64_t hash);
void sd_memo_forget(struct sd_flows *t, uint64_t hash);

/*
 * A finished flow's stream positions, so that a retransmission of its last
 * CLC segment is not counted as a look-alike. Lossy like the memo.
 */
void sd_done_put(struct sd_flows *t, const struct sd_flow *f, uint64_t hash);
/* Whether a segment of a finished flow lies wholly before where its direction had got to. */
bool sd_done_seen(const struct sd_flows *t, uint64_t hash, uint16_t sport, uint32_t seq,
                  uint32_t len);

#endif /* SMCDUMP_FLOW_H */
