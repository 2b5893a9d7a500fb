/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Names the plugin's files share. Protocol names, field keys and value
 * strings of SMC itself come from the core's tables.h; these are the names
 * of the plugin (it must not reuse Wireshark's own "smc" / "smc_tcp").
 */
#ifndef SMCCLC_DISSECTOR_PLUGIN_H
#define SMCCLC_DISSECTOR_PLUGIN_H

#include "smcclc/tables.h"

#define SMCCLC_PROTO_NAME "SMC CLC handshake"
#define SMCCLC_PROTO_SHORT "SMC-CLC"
#define SMCCLC_PROTO_FILTER "smcclc"
#define SMCCLC_FILTER_PREFIX SMCCLC_PROTO_FILTER "."
#define SMCCLC_HEUR_NAME "smcclc_tcp"
#define SMCCLC_TAP_NAME SMCCLC_PROTO_FILTER

/* Where the reasons are explained; smcdump's "guide" member uses the same. */
#define SMCCLC_GUIDE_PREFIX SMCCLC_GUIDE_DOC "#"

void proto_register_smcclc(void);
void proto_reg_handoff_smcclc(void);
void smcclc_stats_register(void);

#endif /* SMCCLC_DISSECTOR_PLUGIN_H */
