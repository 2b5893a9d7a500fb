/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Everything in the plugin that depends on the Wireshark release, in one
 * place. Porting to another release means changing this file only.
 *
 * Built and tested: 4.0 (Debian 12), 4.4 (Debian 13), 4.6 (Debian sid).
 * 4.2 (Ubuntu 24.04) is not built here; its branches follow the history of
 * Wireshark's headers (docs/plugin.md, "How 4.2 was checked"):
 *  - the epan headers went from GLib types to C99 types in July 2024
 *    (the epan headers in commit 3f1be241, the dissector headers such as
 *    packet-tcp.h in 304d6ffe), after 4.2 branched: 4.2 takes gboolean
 *    where 4.4 takes bool, exactly like 4.0;
 *  - wsutil moved to C99 types in September 2023 (8285a977), before 4.2:
 *    plugin_describe() and WS_PLUGIN_DESC_* come from wsutil/plugins.h
 *    and are tested by their macro, not by a version number;
 *  - ws_log_init() dropped its program name only in 4.6 (4.4 still has it).
 * Where a feature macro exists it is used instead of the version, so a
 * release in between cannot pick the wrong branch.
 */
#ifndef SMCCLC_DISSECTOR_WS_COMPAT_H
#define SMCCLC_DISSECTOR_WS_COMPAT_H

#include <stdbool.h>

#include <ws_version.h>
#include <epan/charsets.h>
#include <epan/conversation.h>
#include <epan/ftypes/ftypes.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/stats_tree.h>
/* 4.0 does not install it; the releases that describe plugins do. */
#if defined(__has_include)
#if __has_include(<wsutil/plugins.h>)
#include <wsutil/plugins.h>
#endif
#endif

#define SMCCLC_WS_VERSION (WIRESHARK_VERSION_MAJOR * 100 + WIRESHARK_VERSION_MINOR)

#if SMCCLC_WS_VERSION < 400
#error "the smcclc plugin needs Wireshark 4.0 or later (postdissector wanted fields, stats_tree)"
#endif

/*
 * The epan API's booleans: gboolean (an int) up to 4.2, C99 bool from 4.4
 * on, for heuristic dissectors' results (and bool preferences and
 * tcp_dissect_pdus' desegment flag, which the plugin no longer uses). A pointer to the wrong one
 * does not compile, so the variable's type follows the release.
 */
#if SMCCLC_WS_VERSION >= 404
typedef bool smcclc_ws_bool;
#else
typedef gboolean smcclc_ws_bool;
#endif
typedef smcclc_ws_bool smcclc_heur_result;

/*
 * plugin_describe() tells the loader what the plugin registers; releases
 * whose wsutil/plugins.h defines WS_PLUGIN_DESC_* look for it, 4.0 does not.
 */
#ifdef WS_PLUGIN_DESC_DISSECTOR
#define SMCCLC_DEFINE_PLUGIN_DESCRIBE()                                                            \
    WS_DLL_PUBLIC uint32_t plugin_describe(void);                                                  \
    uint32_t plugin_describe(void)                                                                 \
    {                                                                                              \
        return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;                             \
    }
#else
#define SMCCLC_DEFINE_PLUGIN_DESCRIBE()
#endif

/*
 * For programs that host libwireshark themselves (the fuzz targets); the
 * macros expand where wiretap and wsutil are included.
 *
 * wsutil's booleans are C99 since 4.2 (8285a977, September 2023).
 */
#if SMCCLC_WS_VERSION >= 402
typedef bool smcclc_wsutil_bool;
#else
typedef gboolean smcclc_wsutil_bool;
#endif
#if SMCCLC_WS_VERSION >= 406
/* 4.6: ws_log_init() lost the program name, proto_item_fill_label() gained
 * the value offset, and a record carries its own bytes (rec->data), so
 * epan_dissect_run() takes no tvb. */
#define SMCCLC_WS_LOG_INIT(progname) ws_log_init(NULL)
/* epan primes the postdissectors' wanted fields itself from 4.6 on */
#define SMCCLC_WS_PRIME_POSTDISSECTORS(edt) ((void)(edt))
#define SMCCLC_WS_FILL_LABEL(fi, label) proto_item_fill_label((fi), (label), NULL)
#define SMCCLC_WS_DISSECT_BYTES(edt, rec, bytes, cap, len, fd)                                     \
    do {                                                                                           \
        ws_buffer_init(&(rec)->data, (cap));                                                       \
        ws_buffer_append(&(rec)->data, (bytes), (cap));                                            \
        epan_dissect_run((edt), WTAP_FILE_TYPE_SUBTYPE_UNKNOWN, (rec), (fd), NULL);                \
    } while (0)
#define SMCCLC_WS_REC_DONE(rec) ws_buffer_free(&(rec)->data)
#else
/* epan-internal since 4.6; what a host asks for, as tshark does */
#define SMCCLC_WS_PRIME_POSTDISSECTORS(edt)                                                        \
    do {                                                                                           \
        if (postdissectors_want_hfids())                                                           \
            prime_epan_dissect_with_postdissector_wanted_hfids(edt);                               \
    } while (0)
#define SMCCLC_WS_LOG_INIT(progname) ws_log_init((progname), NULL)
#define SMCCLC_WS_FILL_LABEL(fi, label) proto_item_fill_label((fi), (label))
#define SMCCLC_WS_DISSECT_BYTES(edt, rec, bytes, cap, len, fd)                                     \
    epan_dissect_run((edt), WTAP_FILE_TYPE_SUBTYPE_UNKNOWN, (rec),                                 \
                     tvb_new_real_data((bytes), (cap), (gint)(len)), (fd), NULL)
#define SMCCLC_WS_REC_DONE(rec) ((void)(rec))
#endif

/*
 * The value of an integer field_info: 4.0 embeds the fvalue_t in the
 * field_info, later releases point to it (field_info's value became a
 * pointer while 4.1 was developed, so 4.2 has the pointer; 4.4 and 4.6 do).
 */
#if SMCCLC_WS_VERSION >= 402
#define SMCCLC_WS_FI_UINT(fi) fvalue_get_uinteger((fi)->value)
#else
#define SMCCLC_WS_FI_UINT(fi) fvalue_get_uinteger(&(fi)->value)
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

/* stats_tree's per-packet callback; the flags argument arrived in 4.0. */
#define SMCCLC_STATS_PACKET_ARGS                                                                   \
    stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *data,             \
        tap_flags_t flags _U_

#endif /* SMCCLC_DISSECTOR_WS_COMPAT_H */
