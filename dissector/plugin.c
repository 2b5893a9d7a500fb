/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcclc plugin: what Wireshark's plugin loader looks for
 *
 * The loader refuses a plugin built for another major.minor release, so the
 * wanted version is the one of the headers we were compiled against.
 */
#include <epan/packet.h>
#include <epan/tap.h>
#include <ws_symbol_export.h>
#include <ws_version.h>

#include "smcclc_plugin.h"
#include "ws_compat.h"

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SMCCLC_PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static const proto_plugin dissector = {proto_register_smcclc, proto_reg_handoff_smcclc};
    static const tap_plugin statistics = {smcclc_stats_register};

    proto_register_plugin(&dissector);
    tap_register_plugin(&statistics);
}

SMCCLC_DEFINE_PLUGIN_DESCRIBE()
