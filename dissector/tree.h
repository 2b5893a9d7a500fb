/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The message renderer of the smcclc plugin: the core decodes a CLC message
 * and reports every field, group and anomaly; this turns those reports into
 * proto tree items and expert info. It knows nothing of conversations,
 * columns or TCP, so a test harness can feed it bytes with any tree (or none)
 * and no GUI.
 */
#ifndef SMCCLC_DISSECTOR_TREE_H
#define SMCCLC_DISSECTOR_TREE_H

#include <stddef.h>

#include <epan/packet.h>

#include "smcclc/smcclc.h"

/*
 * Register one hf per row of SMCCLC_FIELD_LIST (abbrev "smcclc.<key>"), one ett
 * per group, one expert item per anomaly plus "truncated" and "decline".
 * Call once from the protocol's register routine, after
 * proto_register_protocol().
 */
void smcclc_tree_register(int proto);

/* The ett of the protocol item that holds one message. */
int smcclc_tree_ett_message(void);

/*
 * Decode the message at the start of tvb (its captured bytes are all the
 * core sees) into `tree` (may be NULL), with expert info for every anomaly,
 * for truncation and for a Decline. `msg` receives the core's summary.
 */
enum smcclc_decode_status smcclc_tree_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                              struct smcclc_clc_msg *msg);

/*
 * One line for the Info column and the protocol item, e.g.
 * "Proposal SMC-R,SMC-D v2", "Accept SMC-R v2 first contact",
 * "Decline NOSMCRDEV". Every word comes from the core's tables.
 */
const char *smcclc_tree_summary(wmem_allocator_t *scope, const struct smcclc_clc_msg *msg);

#endif /* SMCCLC_DISSECTOR_TREE_H */
