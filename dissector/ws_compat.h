/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Everything in the plugin that depends on the Wireshark release, in one
 * place. Porting to another release means changing this file only.
 *
 * Built and tested: 4.0 (4.0.17, Debian 12). The 4.2 and 4.4 branches below
 * follow those releases' headers (bool heuristics and the 64-bit boolean
 * value in 4.4, plugin_describe() since 4.2) but have not been compiled here.
 */
#ifndef SMCCLC_DISSECTOR_WS_COMPAT_H
#define SMCCLC_DISSECTOR_WS_COMPAT_H

#include <stdbool.h>

#include <ws_version.h>
#include <epan/charsets.h>
#include <epan/conversation.h>
#include <epan/packet.h>
#include <epan/stats_tree.h>

#define SMCCLC_WS_VERSION (WIRESHARK_VERSION_MAJOR * 100 + WIRESHARK_VERSION_MINOR)

#if SMCCLC_WS_VERSION < 400
#error "the smcclc plugin needs Wireshark 4.0 or later (tcp.option dissector table, stats_tree)"
#endif

/* Heuristic dissectors return gboolean up to 4.2 and bool from 4.4 on. */
#if SMCCLC_WS_VERSION >= 404
typedef bool smcclc_heur_result;
#else
typedef gboolean smcclc_heur_result;
#endif

/*
 * plugin_describe() and WS_PLUGIN_DESC_* exist since 4.2; 4.0 loads a plugin
 * by its plugin_version, plugin_want_major/minor and plugin_register alone.
 */
#if SMCCLC_WS_VERSION >= 402
#include <wsutil/plugins.h>
#define SMCCLC_DEFINE_PLUGIN_DESCRIBE()                                                            \
    WS_DLL_PUBLIC uint32_t plugin_describe(void);                                                  \
    uint32_t plugin_describe(void)                                                                 \
    {                                                                                              \
        return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;                             \
    }
#else
#define SMCCLC_DEFINE_PLUGIN_DESCRIBE()
#endif

/* tcp_dissect_pdus' desegment argument became bool in 4.4. */
#if SMCCLC_WS_VERSION >= 404
typedef bool smcclc_desegment_flag;
#else
typedef gboolean smcclc_desegment_flag;
#endif

/*
 * 4.0 registers ids into ints that must start at -1; later releases accept 0
 * too, so -1 works everywhere.
 */
#define SMCCLC_ID_UNSET (-1)

/* The conversation of the packet being dissected (TCP creates it first). */
static inline conversation_t *smcclc_conversation(packet_info *pinfo)
{
    return find_conversation_pinfo(pinfo, 0);
}

/* Bytes that should be ASCII as a string, invalid bytes replaced. */
static inline const char *smcclc_ascii_string(wmem_allocator_t *scope, const guint8 *p, gint n)
{
    return (const char *)get_ascii_string(scope, p, n);
}

/* stats_tree's per-packet callback; the flags argument arrived in 4.0. */
#define SMCCLC_STATS_PACKET_ARGS                                                                   \
    stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data,             \
        tap_flags_t flags _U_

#endif /* SMCCLC_DISSECTOR_WS_COMPAT_H */
