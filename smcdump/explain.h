/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: smcdump --explain, a fallback reason's advice without a capture */
#ifndef SMCDUMP_EXPLAIN_H
#define SMCDUMP_EXPLAIN_H

#include <stdio.h>

/*
 * Prints to OUT what the reason WHAT means, how to confirm it on the host
 * and what to change, from the core's tables (the same words as the guide's
 * section). WHAT is a decline code in hex (0x03030002, as smcss prints it)
 * or decimal (50528258, as the smc_switch_to_fallback tracepoint prints it),
 * a kernel name with or without SMC_CLC_DECL_ (NOSMCRDEV), smc-tools' short
 * name (PEER_NO_SMC), or a verdict situation (INCOMPLETE); case does not
 * matter. Returns 0, or 1 after a message on ERR when WHAT is none of these.
 */
int sd_explain(const char *what, FILE *out, FILE *err);

#endif /* SMCDUMP_EXPLAIN_H */
