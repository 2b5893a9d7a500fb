/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: differential fuzz target: the same packets through smcdump's
 * analysis and through the Wireshark plugin in epan; any disagreement on a
 * CLC message, its anomalies, its truncation or the verdict is a finding
 *
 * The packets are fuzz_plugin_tree's made-up TCP connection (same input
 * format, same epan session, that file is included here), dissected in
 * Wireshark's two passes. The same frames, as raw IP, go to
 * sd_analyze_packet() with the recording report side of the unit tests
 * (tests/smcdump/fake_report.c). Then, per frame, the messages each tool
 * found must agree in number and order, type, truncation and anomaly keys
 * (both tools decode with the core, so a difference is in what bytes each
 * hands it: TCP reassembly, retransmission trimming, snaplen holes), and the
 * outcomes and fallback reasons of the connection must be the same.
 *
 * Not compared, on purpose: times (epan sees frames 1 s apart, smcdump 1 ms,
 * so that smcdump's 60 s idle eviction cannot end a connection the plugin
 * keeps: the timers are not what this target checks), and everything that
 * is only a presentation (labels, hints, frame links).
 *
 * FUZZ_VERBOSE=1 prints both sides of every input; FUZZ_DIFF_NONFATAL=1
 * (scripts/fuzz.sh's short smoke runs) prints a disagreement without aborting.
 */
#include <limits.h>

#define FUZZ_PLUGIN_TREE_EMBEDDED
#include "fuzz_plugin_tree.c"

#include "../smcdump/fake_report.c"
#include "analyze.h"
#include "decap.h"
#include "flow.h"
#include "smcclc/smcclc.h"

#define MAX_MSGS 128

struct seen_msg {
    unsigned frame;
    int type; /* -1: the header was cut before the type */
    bool truncated;
    char anomalies[160]; /* keys, comma-separated, in the order reported */
};

static struct side {
    unsigned n;
    struct seen_msg m[MAX_MSGS];
    char outcomes[256]; /* "outcome/reason " per verdict, sorted */
} plugin, dump_side;

/* ---- the plugin's side: walk each frame's tree ---- */

static struct seen_msg *cur;
static char plugin_verdict[128];

static void add_key(struct seen_msg *m, const char *key)
{
    size_t n = strlen(m->anomalies);

    snprintf(m->anomalies + n, sizeof(m->anomalies) - n, "%s%s", n ? "," : "", key);
}

/* "Outcome: fallback (Fallback to TCP)" -> "fallback" */
static void label_value(const field_info *fi, char *out, size_t size)
{
    char label[ITEM_LABEL_LENGTH] = "";
    const char *p;
    size_t n;

    if (fi->rep != NULL)
        g_strlcpy(label, fi->rep->representation, sizeof(label));
    else
        proto_item_fill_label((field_info *)fi, label);
    p = strstr(label, ": ");
    p = p ? p + 2 : label;
    n = strcspn(p, " ");
    snprintf(out, size, "%.*s", (int)n, p);
}

/*
 * The plugin's expert items for the Decline and for verdicts that are not a
 * success (dissector/analysis.c) say what the handshake came to, which the
 * verdict comparison covers: they are not anomalies of the message they sit on.
 */
static bool is_verdict_expert(const char *key)
{
    /* where the stream layer stopped a direction: smcdump's problem lines, not anomalies */
    if (strncmp(key, "stream_", 7) == 0)
        return true;
    static const char *const verdict_keys[] = {"decline", "fallback", "incomplete",
                                               "protocol_error"};
    for (size_t i = 0; i < sizeof(verdict_keys) / sizeof(verdict_keys[0]); i++)
        if (strcmp(key, verdict_keys[i]) == 0)
            return true;
    return false;
}

static void walk(proto_node *node, gpointer data)
{
    field_info *fi = PNODE_FINFO(node);
    bool expert = GPOINTER_TO_UINT(data) != 0;

    if (fi != NULL && fi->hfinfo != NULL) {
        const char *abbrev = fi->hfinfo->abbrev;
        if (strcmp(abbrev, "smcclc.smc") == 0 && plugin.n < MAX_MSGS) {
            cur = &plugin.m[plugin.n++];
            memset(cur, 0, sizeof(*cur));
            cur->frame = checking;
            cur->type = -1;
        } else if (strcmp(abbrev, "smcclc.type") == 0 && cur != NULL && cur->frame == checking) {
            /* "Message type: Proposal (1)": the wire value is in the last parentheses */
            char label[ITEM_LABEL_LENGTH] = "";
            const char *v;
            if (fi->rep != NULL)
                g_strlcpy(label, fi->rep->representation, sizeof(label));
            else
                proto_item_fill_label(fi, label);
            v = strrchr(label, '(');
            cur->type = v ? (int)strtol(v + 1, NULL, 0) : -1;
        } else if (strcmp(abbrev, "_ws.expert") == 0) {
            expert = true;
        } else if (expert && strncmp(abbrev, "smcclc.", 7) == 0 && cur != NULL &&
                   cur->frame == checking) {
            if (strcmp(abbrev + 7, "truncated") == 0)
                cur->truncated = true;
            else if (!is_verdict_expert(abbrev + 7))
                add_key(cur, abbrev + 7);
        } else if (strcmp(abbrev, "smcclc.outcome") == 0 && plugin_verdict[0] == '\0') {
            /* a frame with several messages shows the verdict under each: take it once */
            char o[64];
            label_value(fi, o, sizeof(o));
            snprintf(plugin_verdict + strlen(plugin_verdict),
                     sizeof(plugin_verdict) - strlen(plugin_verdict), "%s", o);
        } else if (strcmp(abbrev, "smcclc.reason") == 0 && !strchr(plugin_verdict, '/')) {
            char r[64];
            label_value(fi, r, sizeof(r));
            snprintf(plugin_verdict + strlen(plugin_verdict),
                     sizeof(plugin_verdict) - strlen(plugin_verdict), "/%s", r);
        }
    }
    proto_tree_children_foreach(node, walk, GUINT_TO_POINTER(expert ? 1u : 0u));
}

static char last_plugin_verdict[128];
/*
 * The frame of smcdump's first final verdict (a Decline, a protocol error,
 * PEERNOSMC), or UINT_MAX. The handshake is over there: smcdump takes later
 * bytes as application data (look-alikes, not reported), the plugin still
 * dissects every CLC-looking segment start of the conversation. That
 * difference is by design (docs/testing.md), so messages after it are not
 * compared.
 */
static unsigned final_frame;
static void on_frame_tree(unsigned frame, proto_tree *tree)
{
    (void)frame;
    plugin_verdict[0] = '\0';
    proto_tree_children_foreach(tree, walk, GUINT_TO_POINTER(0u));
    /* the later pass shows the connection's final verdict on its frames: keep the last one */
    if (plugin_verdict[0])
        g_strlcpy(last_plugin_verdict, plugin_verdict, sizeof(last_plugin_verdict));
}

/* ---- smcdump's side ---- */

static void run_smcdump(unsigned n)
{
    struct sd_analyzer_opts o = {.linktype = SD_LINK_RAW_101, .max_flows = 64};
    struct sd_analyzer *a;
    static bool keyed;

    if (!keyed) {
        /* a fixed key: an input replays the same way every time */
        sd_flow_hash_set_key(0x0123456789abcdefull, 0xfedcba9876543210ull);
        keyed = true;
    }
    fr_reset();
    a = sd_analyzer_new(NULL, &o);
    if (a == NULL)
        abort();
    for (unsigned i = 0; i < n; i++)
        sd_analyze_packet(a, frame_bytes[i], frame_cap[i], frame_len[i], i + 1,
                          (uint64_t)T0 * 1000000u + i * 1000u);
    sd_analyze_finish(a);
    sd_analyzer_free(a);

    dump_side.n = 0;
    for (unsigned i = 0; i < fr.n_clc && dump_side.n < MAX_MSGS; i++) {
        const struct fr_clc *c = &fr.clc[i];
        struct seen_msg *m = &dump_side.m[dump_side.n++];
        struct smcclc_clc_msg msg;
        enum smcclc_decode_status st;
        memset(m, 0, sizeof(*m));
        m->frame = (unsigned)c->frame;
        m->type = c->avail > 4 ? c->type : -1;
        m->truncated = c->truncated;
        /* the anomalies are the decoder's whatever it says: NOT_CLC leaves none */
        st = smcclc_clc_decode(c->bytes, c->avail < sizeof(c->bytes) ? c->avail : sizeof(c->bytes),
                               &msg, NULL);
        if (st == SMCCLC_DECODE_NOT_CLC)
            msg.anomaly_count = 0;
        for (unsigned k = 0; k < msg.anomaly_count; k++)
            add_key(m, smcclc_anomaly_table[msg.anomalies[k].id].key);
    }
    dump_side.outcomes[0] = '\0';
    final_frame = UINT_MAX;
    for (unsigned i = 0; i < fr.n_verdict; i++) {
        const struct fr_verdict *v = &fr.verdict[i];
        if (v->final && v->frame < final_frame)
            final_frame = (unsigned)v->frame;
        size_t len = strlen(dump_side.outcomes);
        snprintf(dump_side.outcomes + len, sizeof(dump_side.outcomes) - len, "%s%s%s%s",
                 len ? " " : "",
                 v->outcome >= 0 && v->outcome < SMCCLC_OUTCOME_COUNT
                     ? smcclc_outcome_vals[v->outcome].key
                     : "?",
                 v->reason[0] ? "/" : "", v->reason);
    }
}

/* ---- comparing ---- */

static void print_side(const char *who, const struct side *s, const char *verdicts)
{
    fprintf(stderr, "%s: %u messages; verdicts: %s\n", who, s->n, verdicts[0] ? verdicts : "-");
    for (unsigned i = 0; i < s->n; i++)
        fprintf(stderr, "  frame %u type %d%s [%s]\n", s->m[i].frame, s->m[i].type,
                s->m[i].truncated ? " truncated" : "", s->m[i].anomalies);
}

static bool differ(void)
{
    while (plugin.n > 0 && plugin.m[plugin.n - 1].frame > final_frame)
        plugin.n--;
    if (plugin.n != dump_side.n)
        return true;
    for (unsigned i = 0; i < plugin.n; i++) {
        const struct seen_msg *p = &plugin.m[i], *d = &dump_side.m[i];
        if (p->frame != d->frame || p->truncated != d->truncated ||
            strcmp(p->anomalies, d->anomalies) != 0 ||
            (p->type != d->type && p->type >= 0 && d->type >= 0))
            return true;
    }
    /* one connection per input: smcdump's last verdict is the one the plugin shows */
    {
        const char *last = strrchr(dump_side.outcomes, ' ');
        last = last ? last + 1 : dump_side.outcomes;
        if (strcmp(last, last_plugin_verdict) != 0)
            return true;
    }
    return false;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    init_once();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned n;

    init_once();
    tree_hook = on_frame_tree;
    plugin.n = 0;
    cur = NULL;
    last_plugin_verdict[0] = '\0';
    n = dissect_input(data, size);
    if (n == 0)
        return 0;

    run_smcdump(n);
    {
        bool bad = differ(); /* trims what is out of scope: once */
        if (bad || getenv("FUZZ_VERBOSE")) {
            print_side("plugin", &plugin, last_plugin_verdict);
            print_side("smcdump", &dump_side, dump_side.outcomes);
        }
        if (bad) {
            fprintf(stderr, "fuzz_differential: the plugin and smcdump disagree\n");
            /*
             * The CI smoke run looks for crashes and sanitizer reports only:
             * the differences still open (tests/fuzz/open/README.md) would
             * fail it at random. Long runs and the replays keep this fatal.
             */
            if (getenv("FUZZ_DIFF_NONFATAL") == NULL)
                abort();
        }
    }
    return 0;
}
