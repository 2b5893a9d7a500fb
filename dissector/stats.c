/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcclc plugin: Statistics > SMC-CLC > Handshakes, and
 * tshark -z smcclc,tree
 *
 * The tap delivers moves ("this handshake was counted as A, now as B"), not
 * handshakes. A handshake is counted from its first SMC evidence (SYN option
 * or first CLC message) as incomplete and moves as its verdict changes, so at
 * the end every handshake sits in exactly one outcome: the same result in
 * one pass, with tshark -2 and after a GUI retap.
 */
#include <epan/packet.h>
#include <epan/stats_tree.h>

#include "analysis.h"
#include "smcclc/smcclc.h"
#include "smcclc_plugin.h"
#include "ws_compat.h"

static const char st_root[] = "SMC-CLC handshakes";
static const char st_outcome[] = "Outcome";
static const char st_version[] = "SMC version used";
static const char st_path[] = "SMC types offered";
static const char st_reason[] = "Fallback reason";

static int node_root = SMCCLC_ID_UNSET;
static int node_outcome = SMCCLC_ID_UNSET;
static int node_version = SMCCLC_ID_UNSET;
static int node_path = SMCCLC_ID_UNSET;
static int node_reason = SMCCLC_ID_UNSET;

static void stats_init(stats_tree *st)
{
    node_root = stats_tree_create_node(st, st_root, 0, STAT_DT_INT, TRUE);
    node_outcome = stats_tree_create_node(st, st_outcome, node_root, STAT_DT_INT, TRUE);
    node_version = stats_tree_create_node(st, st_version, node_root, STAT_DT_INT, TRUE);
    node_path = stats_tree_create_node(st, st_path, node_root, STAT_DT_INT, TRUE);
    node_reason = stats_tree_create_node(st, st_reason, node_root, STAT_DT_INT, TRUE);
}

static const char *outcome_label(gint8 outcome)
{
    const struct smcclc_val *v;

    for (v = smcclc_outcome_vals; v->key != NULL; v++)
        if (v->value == (guint32)outcome)
            return v->label;
    return NULL;
}

static void count_in(stats_tree *st, int parent_id, const char *parent, const char *child, int n)
{
    increase_stat_node(st, parent, node_root, TRUE, n);
    increase_stat_node(st, child, parent_id, FALSE, n);
}

/* Add (n = 1) or remove (n = -1) a handshake in the state `s`. */
static void count(stats_tree *st, const struct smcclc_stats_snap *s, int n)
{
    const struct smcclc_val *path;
    const char *label;
    char version[8];

    label = outcome_label(s->outcome);
    if (label == NULL)
        return;
    increase_stat_node(st, st_root, 0, TRUE, n);
    count_in(st, node_outcome, st_outcome, label, n);
    if (s->version != 0) {
        g_snprintf(version, sizeof(version), "v%u", s->version);
        count_in(st, node_version, st_version, version, n);
    }
    path = smcclc_val_lookup(SMCCLC_VALS_PATH, s->path);
    if (path != NULL)
        count_in(st, node_path, st_path, path->label, n);
    if (s->reason != NULL)
        count_in(st, node_reason, st_reason, s->reason, n);
}

static tap_packet_status stats_packet(SMCCLC_STATS_PACKET_ARGS)
{
    const struct smcclc_stats_delta *d = data;

    count(st, &d->before, -1);
    count(st, &d->after, 1);
    return TAP_PACKET_REDRAW;
}

void smcclc_stats_register(void)
{
    stats_tree_register_plugin(SMCCLC_TAP_NAME, SMCCLC_PROTO_FILTER,
                               SMCCLC_PROTO_SHORT "/Handshakes", 0, stats_packet, stats_init, NULL);
}
