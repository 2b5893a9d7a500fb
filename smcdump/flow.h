/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bounded table of connections whose SMC handshake is open.
 *
 * Only connections that offered SMC in a SYN or SYN-ACK, or where a CLC
 * message was found mid-stream, enter the table; a connection leaves it as
 * soon as its verdict is reported. Everything is allocated once at start:
 *
 *  - flows: a fixed array with a free list; the open-addressing index (linear
 *    probing, load <= 1/2, backward-shift deletion) maps a 64-bit symmetric
 *    hash of the 4-tuple to a flow, so both directions find the same entry;
 *  - two intrusive lists: least recently active first (for idle and capacity
 *    eviction) and success verdicts waiting for a late Decline, by deadline;
 *  - a port filter: per (sport + dport) bucket, how many flows are in the
 *    table. Almost every packet of a busy link belongs to no SMC connection,
 *    and one L1-resident counter read tells it so without hashing;
 *  - a memo of connections known not to carry CLC (SYN without the option,
 *    or verdict already reported): direct-mapped hash tags, so CLC-looking
 *    application data on them is counted as a look-alike and not mistaken
 *    for a mid-stream handshake. It is lossy by design: a collision forgets
 *    an old connection, it never grows. Finished SMC connections also leave
 *    their stream positions in a smaller table, so that a late retransmission
 *    of their last CLC segment is recognised as such.
 */
#ifndef SMCDUMP_FLOW_H
#define SMCDUMP_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "smcclc/handshake.h"
#include "stream.h"

/* Open handshakes tracked at once: 32768 x sizeof(struct sd_flow) (256 B) = 8 MiB. */
#define SD_FLOWS_MAX 32768
/* Memo slots (4 bytes each): 1 MiB. */
#define SD_MEMO_BITS 18
/* Finished SMC connections remembered with their sequence numbers (16 bytes each): 64 KiB. */
#define SD_DONE_BITS 12
/* Port filter buckets (2 bytes each): 8 KiB, so it stays in L1. */
#define SD_PORT_BUCKETS 4096

#define SD_NIL UINT32_MAX

/* A connection's addresses. As a flow's key: [0] is the client, [1] the server. */
struct sd_flow_key {
    uint8_t family; /* 4 or 6 */
    uint8_t pad;
    uint16_t port[2];
    uint8_t addr[2][16]; /* IPv4 in the first 4 bytes, the rest zero */
};

struct sd_flow {
    struct sd_flow_key key;
    uint64_t hash;
    uint64_t order;   /* creation number: end-of-input verdicts go out in this order */
    uint64_t last_us; /* packet time of the flow's last packet */
    uint64_t last_frame;
    uint64_t deadline_us; /* when a success verdict is due, while `waiting` */
    uint32_t lru_prev, lru_next;
    uint32_t dl_prev, dl_next;
    bool in_use;
    bool waiting;      /* on the deadline list */
    bool mid_stream;   /* no SYN or SYN-ACK seen */
    bool isn_known[2]; /* per direction: its SYN was seen */
    uint32_t isn[2];   /* SYN sequence numbers, to tell a retransmitted SYN from a new one */
    struct sd_dir dir[2];
    struct smc_handshake hs;
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
    struct sd_flow *flows;
    uint32_t cap, count, peak;
    uint32_t free_head; /* flows given back, SD_NIL when none */
    uint32_t fresh;     /* flows from here up were never used */
    uint64_t *index;    /* per slot: tag (high 32 bits of the hash) << 32 | flow index + 1 */
    uint32_t index_mask;
    struct sd_list lru, deadline;
    uint32_t *memo;
    struct sd_done *done;
    uint16_t ports[SD_PORT_BUCKETS];
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

/* Whether any flow in the table could have these ports: the per-packet test. */
static inline bool sd_flows_maybe(const struct sd_flows *t, uint16_t sport, uint16_t dport)
{
    return t->ports[(uint16_t)(sport + dport) & (SD_PORT_BUCKETS - 1)] != 0;
}

/* The flow of a packet keyed source to destination; *dir is its direction. */
struct sd_flow *sd_flow_find(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                             enum smc_dir *dir);
/* A new flow keyed client to server; NULL when full (evict first). */
struct sd_flow *sd_flow_add(struct sd_flows *t, const struct sd_flow_key *k, uint64_t hash,
                            uint64_t now_us);
void sd_flow_remove(struct sd_flows *t, struct sd_flow *f);

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
void sd_flow_unwait(struct sd_flows *t, struct sd_flow *f);
static inline struct sd_flow *sd_flow_next_due(struct sd_flows *t)
{
    return sd_flow_at(t, t->deadline.head);
}

/* The memo of connections that carry no CLC (see above). */
void sd_memo_put(struct sd_flows *t, uint64_t hash);
bool sd_memo_has(const struct sd_flows *t, uint64_t hash);
void sd_memo_forget(struct sd_flows *t, uint64_t hash);

/*
 * A finished flow's stream positions, so that a retransmission of its last
 * CLC segment is not counted as a look-alike. Lossy like the memo.
 */
void sd_done_put(struct sd_flows *t, const struct sd_flow *f);
/* Whether a segment of a finished flow lies wholly before where its direction had got to. */
bool sd_done_seen(const struct sd_flows *t, uint64_t hash, uint16_t sport, uint32_t seq,
                  uint32_t len);

#endif /* SMCDUMP_FLOW_H */
