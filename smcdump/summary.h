/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The inputs of smcdump --compare, reduced to one summary per connection:
 * from a capture (the analysis with an observer and no output) or from the
 * JSON Lines of smcdump --json (clc records give the sizes, handshake
 * records the verdict). compare.c pairs and diffs the summaries.
 */
#ifndef SMCDUMP_SUMMARY_H
#define SMCDUMP_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "compare.h"
#include "format.h"

#define SD_PENDING_BUCKETS 65536

struct sd_conn {
    char client[SD_ENDPOINT_STR], server[SD_ENDPOINT_STR];
    char outcome[24], reason[32], release[8], situation[32];
    unsigned version;  /* 0: none */
    int first_contact; /* -1: unknown */
    uint64_t duration_us;
    bool has_duration;               /* an old or hand-made JSON line may lack it */
    uint64_t server_buf, client_buf; /* RMBE/DMBE bytes from Accept / Confirm, 0: unknown */
    unsigned mtu;                    /* smaller QP MTU of Accept and Confirm, 0: unknown */
    unsigned max_conns, max_links;   /* v2.1, from the Confirm (else Accept); 0: unknown */
    uint64_t frame;
    int32_t match; /* index in the other input, -1 */
};

/* What the CLC messages of a connection said before its verdict. */
struct sd_pending {
    char key[2 * SD_ENDPOINT_STR + 1]; /* the two endpoints, sorted, '|' between */
    int32_t next;                      /* chain, or free list */
    bool used;
    int first_contact;
    bool fc_from_accept;
    uint64_t server_buf, client_buf;
    unsigned mtu, max_conns, max_links;
    bool limits_from_confirm;
};

/* One input: its summaries in verdict order, and what waits for a verdict. */
struct sd_side {
    const char *name;
    struct sd_conn *c;
    size_t n, cap;
    bool overflow;      /* more than SD_COMPARE_MAX connections */
    bool out_of_memory; /* a table could not grow: the summaries are incomplete */
    struct sd_pending *p;
    size_t np, pcap;
    int32_t free_list;
    int32_t bucket[SD_PENDING_BUCKETS]; /* chain heads, -1 when empty */
    uint64_t dropped_pending;           /* messages whose sizes found no room */
};

void sd_side_init(struct sd_side *s, const char *name);
void sd_side_free(struct sd_side *s);
/*
 * Read s->name: a capture, or JSON Lines (first byte '{', or empty; standard
 * input "-" must be JSON). Sets *json. Returns an exit status.
 */
int sd_side_read(struct sd_side *s, const char *filter, uint32_t max_flows, bool *json);

#endif /* SMCDUMP_SUMMARY_H */
