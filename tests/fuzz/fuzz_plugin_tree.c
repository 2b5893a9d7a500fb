/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: fuzz target for the Wireshark plugin's dissection path, without
 * a GUI: libwireshark dissects a made-up TCP connection whose payload is the
 * input, and the plugin (linked in, registered as if loaded) renders it
 *
 * tree.c has no layer free of epan types (it turns core events straight
 * into proto items), so the target runs the real thing: Wireshark's IP and
 * TCP dissectors, the plugin's SYN-option binding, heuristic, framing
 * (tcp_dissect_pdus), tree renderer and handshake analysis. Each input is
 * one TCP connection, dissected twice as Wireshark does: a first pass
 * without a tree, then every frame again with a visible tree and
 * `visited` set.
 *
 * Sessions: libwireshark 4.0 keeps about 11 MB per epan_new()/epan_free()
 * (dissector init routines whose memory cleanup does not free), so a
 * session per input runs out of memory within minutes. Inputs share a
 * session instead, each with a client port and address of its own, so no
 * input meets another's conversation; the session is renewed every
 * SESSION_INPUTS inputs to bound what the file scope accumulates.
 *
 * Checks besides the sanitizers: no frame gets a "Malformed Packet" item
 * (an exception in a dissector, or a dissector bug assertion), and every
 * smcclc item lies within the captured bytes of its data source.
 *
 * Not covered: columns (no column info is set up), the statistics tap
 * (stats.c is registered but no tap listener runs), preferences.
 *
 * Input: a flags byte, then segments until the input ends.
 *   flags   bit 0: SYN and SYN-ACK first (else the capture starts mid-stream)
 *           bit 1: the SYN-ACK has no SMC option (fallback); bit 2: IPv6
 *           bit 3: the SYN has no SMC option
 *   segment 2 bytes little endian: bits 0-10 payload length, bit 13 resend
 *           the previous segment's sequence number of that direction,
 *           bit 14 snaplen cut (a byte follows: payload bytes captured),
 *           bit 15 server to client; then the payload
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epan/epan.h>
#include <epan/epan_dissect.h>
#include <epan/frame_data.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/tvbuff.h>
#include <wiretap/wtap.h>
#include <wsutil/privileges.h>
#include <wsutil/report_message.h>
#include <wsutil/wslog.h>

#include "ws_compat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
/* plugin.c: what Wireshark's plugin loader would call. */
void plugin_register(void);

#define MAX_FRAMES 64
#define MAX_FRAME 2200
#define SESSION_INPUTS 40000

struct packet_provider_data {
    frame_data *frames;
    guint32 base; /* frame number of frames[0] - 1: numbers grow through a session */
    unsigned count;
};

static struct packet_provider_data provider;
static frame_data frames[MAX_FRAMES];
static uint8_t *frame_bytes[MAX_FRAMES];
static uint32_t frame_cap[MAX_FRAMES], frame_len[MAX_FRAMES];
static int proto_malformed = -1, proto_short = -1;
static unsigned checking; /* frame number whose tree is being checked */
/* fuzz_differential.c: sees each frame's visible tree after the checks */
static void (*tree_hook)(unsigned frame, proto_tree *tree);

/*
 * Frame n of a session was captured at T0 + n seconds, so any frame's time
 * is known, even one of an earlier input that frame.c asks about.
 */
#define T0 1700000000

static const nstime_t *get_frame_ts(struct packet_provider_data *prov, guint32 num)
{
    static nstime_t ts;

    if (num == 0 || num > prov->base + prov->count)
        return NULL;
    ts.secs = T0 + (time_t)num;
    ts.nsecs = 0;
    return &ts;
}

static void quiet_failure(const char *fmt, va_list ap)
{
    (void)fmt;
    (void)ap;
}

static void quiet_open_failure(const char *name, int err, smcclc_wsutil_bool for_writing)
{
    (void)name;
    (void)err;
    (void)for_writing;
}

static void quiet_rw_failure(const char *name, int err)
{
    (void)name;
    (void)err;
}

static void only_ours(const gchar *table, struct heur_dtbl_entry *entry, gpointer data)
{
    (void)table;
    (void)data;
    if (strcmp(entry->short_name, "smcclc_tcp") != 0)
        entry->enabled = FALSE;
}

static void init_epan(void)
{
    /* Named members: later releases add routines at the end (zero: unused). */
    static const struct report_message_routines quiet = {
        .vreport_failure = quiet_failure,
        .vreport_warning = quiet_failure,
        .report_open_failure = quiet_open_failure,
        .report_read_failure = quiet_rw_failure,
        .report_write_failure = quiet_rw_failure,
    };

    /* Warnings stay visible: a dissector that misuses the tree API often only logs. */
    SMCCLC_WS_LOG_INIT("fuzz_plugin_tree");
    ws_log_set_level(LOG_LEVEL_WARNING);
    /* libwireshark asserts that the process's privileges were looked at first. */
    init_process_policies();
    init_report_message("fuzz_plugin_tree", &quiet);
    wtap_init(FALSE);
    /* Before epan_init, as the plugin loader does, so our register routines run with the rest. */
    plugin_register();
    if (!epan_init(NULL, NULL, FALSE))
        abort();
    /*
     * The user's preference files must not change what a seed does; the
     * defaults apply. GeoIP needs the database setup that loading them does.
     */
    g_setenv("WIRESHARK_CONFIG_DIR", "/nonexistent", TRUE);
    epan_load_settings();
    {
        /* Wireshark's defaults otherwise, as tests/plugin runs tshark (out of order included). */
        char geoip[] = "ip.use_geoip:FALSE";
        char *err = NULL;
        if (prefs_set_pref(geoip, &err) != PREFS_SET_OK)
            abort();
    }
    prefs_apply_all();
    /*
     * Bytes ours leaves alone would go on to every other TCP heuristic
     * (Wireshark's own smc_tcp, Ceph, ...), whose exceptions are not this
     * plugin's findings and whose state would make inputs depend on order.
     */
    heur_dissector_table_foreach("tcp", only_ours, NULL);
    proto_malformed = proto_get_id_by_filter_name("_ws.malformed");
    proto_short = proto_get_id_by_filter_name("_ws.short");
    if (proto_malformed < 0 || proto_short < 0)
        abort();
}

/* ---- the made-up connection ---- */

struct conn {
    bool v6;
    uint8_t caddr[3];     /* low bytes of the client's address: unique per input in a session */
    uint32_t next[2];     /* next sequence number per direction (0: client) */
    uint32_t last_seq[2]; /* of the previous segment, for resends */
};

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

/* One IP/TCP packet into frame slot n; returns false when out of slots. */
static bool add_frame(unsigned n, const struct conn *c, int dir, uint32_t seq, uint8_t flags,
                      const uint8_t *opts, size_t optlen, const uint8_t *payload, size_t len,
                      size_t cap)
{
    size_t ip = c->v6 ? 40 : 20, tcp = 20 + optlen, hdr = ip + tcp;
    uint8_t *p;

    if (n >= MAX_FRAMES || hdr + len > MAX_FRAME)
        return false;
    p = frame_bytes[n];
    memset(p, 0, hdr);
    if (c->v6) {
        p[0] = 0x60;
        put16(p + 4, (uint32_t)(tcp + len));
        p[6] = 6;
        p[7] = 64;
        p[8] = p[24] = 0x20;
        p[9] = p[25] = 0x01;
        p[10] = p[26] = 0x0d;
        p[11] = p[27] = 0xb8;
        memcpy(p + (dir ? 37 : 21), c->caddr, 3);
        p[dir ? 23 : 39] = 1;
    } else {
        p[0] = 0x45;
        put16(p + 2, (uint32_t)(hdr + len));
        p[6] = 0x40;
        p[8] = 64;
        p[9] = 6;
        uint32_t client =
            0x0a000000u | (uint32_t)c->caddr[0] << 16 | c->caddr[1] << 8 | c->caddr[2];
        put32(p + 12, dir ? 0xc0000201u : client);
        put32(p + 16, dir ? client : 0xc0000201u);
    }
    /* Fixed ports: every input meets the same port-registered dissectors. */
    put16(p + ip, dir ? 5107 : 41001);
    put16(p + ip + 2, dir ? 41001 : 5107);
    put32(p + ip + 4, seq);
    put32(p + ip + 8, (flags & 0x10) ? c->next[dir ^ 1] : 0);
    p[ip + 12] = (uint8_t)((tcp / 4) << 4);
    p[ip + 13] = flags;
    put16(p + ip + 14, 64240);
    if (optlen > 0)
        memcpy(p + ip + 20, opts, optlen);
    if (len > 0)
        memcpy(p + hdr, payload, len);
    frame_len[n] = (uint32_t)(hdr + len);
    frame_cap[n] = (uint32_t)(hdr + cap);
    return true;
}

static unsigned build(const uint8_t *data, size_t size, unsigned id)
{
    static const uint8_t smc_opts[12] = {2, 4, 0x05, 0xb4, 1, 1, 0xfe, 6, 0xe2, 0xd4, 0xc3, 0xd9};
    static const uint8_t plain_opts[4] = {2, 4, 0x05, 0xb4};
    struct conn c = {0};
    unsigned n = 0;
    size_t at = 1;
    uint8_t flags;

    if (size == 0)
        return 0;
    flags = data[0];
    c.v6 = (flags & 4) != 0;
    c.caddr[0] = (uint8_t)(id >> 16);
    c.caddr[1] = (uint8_t)(id >> 8);
    c.caddr[2] = (uint8_t)id;
    c.next[0] = 1000;
    c.next[1] = 500000;
    if (flags & 1) {
        bool syn_smc = !(flags & 8), synack_smc = !(flags & 2);
        add_frame(n++, &c, 0, c.next[0]++, 0x02, syn_smc ? smc_opts : plain_opts,
                  syn_smc ? sizeof(smc_opts) : sizeof(plain_opts), NULL, 0, 0);
        add_frame(n++, &c, 1, c.next[1]++, 0x12, synack_smc ? smc_opts : plain_opts,
                  synack_smc ? sizeof(smc_opts) : sizeof(plain_opts), NULL, 0, 0);
    }
    while (at + 2 <= size && n < MAX_FRAMES) {
        unsigned h = data[at] | (unsigned)data[at + 1] << 8;
        int dir = (h >> 15) & 1;
        size_t len = h & 0x7ff, cap;
        uint32_t seq;

        at += 2;
        cap = SIZE_MAX;
        if ((h & 0x4000) && at < size)
            cap = data[at++];
        if (len > size - at)
            len = size - at;
        if (cap > len)
            cap = len;
        seq = (h & 0x2000) ? c.last_seq[dir] : c.next[dir];
        if (!add_frame(n, &c, dir, seq, 0x18, NULL, 0, data + at, len, cap))
            break;
        n++;
        at += len;
        c.last_seq[dir] = seq;
        if ((int32_t)(seq + (uint32_t)len - c.next[dir]) > 0)
            c.next[dir] = seq + (uint32_t)len;
    }
    return n;
}

/* FUZZ_DUMP=file: the frames of the last input as a pcap, to open in Wireshark. */
static void dump(unsigned n)
{
    const char *path = getenv("FUZZ_DUMP");
    uint32_t hdr[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 101};
    FILE *f;

    if (path == NULL || (f = fopen(path, "wb")) == NULL)
        return;
    fwrite(hdr, sizeof(hdr), 1, f);
    for (unsigned i = 0; i < n; i++) {
        uint32_t rec[4] = {T0 + provider.base + i + 1, 0, frame_cap[i], frame_len[i]};
        fwrite(rec, sizeof(rec), 1, f);
        fwrite(frame_bytes[i], 1, frame_cap[i], f);
    }
    fclose(f);
}

/* ---- checks on the visible tree ---- */

static proto_tree *checked_root;

static void print_node(proto_node *node, gpointer data)
{
    field_info *fi = PNODE_FINFO(node);
    unsigned depth = GPOINTER_TO_UINT(data);

    if (fi != NULL) {
        char label[ITEM_LABEL_LENGTH];
        label[0] = '\0';
        if (fi->rep != NULL)
            g_strlcpy(label, fi->rep->representation, sizeof(label));
        else
            SMCCLC_WS_FILL_LABEL(fi, label);
        fprintf(stderr, "%*s%s [%s %d+%d]\n", (int)depth * 2, "", label,
                fi->hfinfo != NULL ? fi->hfinfo->abbrev : "?", fi->start, fi->length);
    }
    proto_tree_children_foreach(node, print_node, GUINT_TO_POINTER(depth + 1));
}

/* Say what was wrong before dying: the input alone does not show it. */
static void fail(const field_info *fi, const char *why)
{
    proto_tree_children_foreach(checked_root, print_node, GUINT_TO_POINTER(0));
    fprintf(stderr, "fuzz_plugin_tree: frame %u: %s: %s (%s) at %d+%d of %u captured bytes\n",
            checking, why, fi->hfinfo->abbrev, fi->rep != NULL ? fi->rep->representation : "-",
            fi->start, fi->length, fi->ds_tvb != NULL ? tvb_captured_length(fi->ds_tvb) : 0);
    abort();
}

static void check_node(proto_node *node, gpointer data)
{
    field_info *fi = PNODE_FINFO(node);

    (void)data;
    if (fi != NULL && fi->hfinfo != NULL) {
        /*
         * An exception leaves a labelled "[Malformed Packet: ...]" or
         * "[Dissector bug ...]" item; expert info of the Malformed group
         * (our own ERROR anomalies) only adds a hidden, unlabelled one.
         */
        if (fi->hfinfo->id == proto_malformed && fi->rep != NULL)
            fail(fi, "a dissector threw");
        /* Snaplen cuts are in the input; without one nobody may read past the end. */
        if (fi->hfinfo->id == proto_short && frame_cap[checking - 1] == frame_len[checking - 1])
            fail(fi, "read past the captured bytes of an uncut frame");
        if (strncmp(fi->hfinfo->abbrev, "smcclc.", 7) == 0 && fi->ds_tvb != NULL &&
            (fi->start < 0 || fi->length < 0 ||
             (guint)fi->start + (guint)fi->length > tvb_captured_length(fi->ds_tvb)))
            fail(fi, "item outside the captured bytes");
    }
    proto_tree_children_foreach(node, check_node, NULL);
}

static void dissect(epan_t *session, unsigned i, bool tree, const frame_data **ref,
                    const frame_data *prev)
{
    wtap_rec rec;
    epan_dissect_t *edt;
    nstime_t elapsed = NSTIME_INIT_ZERO;

    memset(&rec, 0, sizeof(rec));
    rec.rec_type = REC_TYPE_PACKET;
    rec.presence_flags = WTAP_HAS_TS | WTAP_HAS_CAP_LEN;
    rec.ts.secs = T0 + (time_t)(provider.base + i + 1);
    rec.rec_header.packet_header.caplen = frame_cap[i];
    rec.rec_header.packet_header.len = frame_len[i];
    rec.rec_header.packet_header.pkt_encap = WTAP_ENCAP_RAW_IP;
    if (!tree) {
        frame_data_init(&frames[i], provider.base + i + 1, &rec, 0, 0);
        frame_data_set_before_dissect(&frames[i], &elapsed, ref, prev);
        provider.count = i + 1;
    }
    /*
     * As tshark and the GUI do: the plugin's SYN postdissector reads TCP's
     * fields, so even the first pass builds a (hidden) tree primed with them.
     */
    edt = epan_dissect_new(session, TRUE, tree);
    SMCCLC_WS_PRIME_POSTDISSECTORS(edt);
    SMCCLC_WS_DISSECT_BYTES(edt, &rec, frame_bytes[i], frame_cap[i], frame_len[i], &frames[i]);
    if (tree) {
        checking = i + 1;
        checked_root = edt->tree;
        check_node(edt->tree, NULL);
        if (tree_hook != NULL)
            tree_hook(i + 1, edt->tree);
    } else
        frames[i].visited = 1;
    epan_dissect_free(edt);
    SMCCLC_WS_REC_DONE(&rec);
}

static void init_once(void)
{
    static bool ready;

    if (ready)
        return;
    for (unsigned i = 0; i < MAX_FRAMES; i++)
        frame_bytes[i] = malloc(MAX_FRAME);
    init_epan();
    provider.frames = frames;
    ready = true;
}

/*
 * Builds the input's frames and dissects them in Wireshark's two passes, in
 * an epan session renewed every SESSION_INPUTS inputs. Returns the number of
 * frames, 0 when the input makes none. fuzz_differential (which includes this
 * file) runs the same, then smcdump on the same frames.
 */
static unsigned dissect_input(const uint8_t *data, size_t size)
{
    static const struct packet_provider_funcs funcs = {.get_frame_ts = get_frame_ts};
    static epan_t *session;
    static unsigned inputs;
    const frame_data *ref = NULL;
    unsigned n, i;

    init_once();
    if (session == NULL || inputs == SESSION_INPUTS) {
        if (session != NULL)
            epan_free(session);
        session = epan_new(&provider, &funcs);
        provider.base = 0;
        inputs = 0;
    }
    n = build(data, size, inputs++);
    if (n == 0)
        return 0;
    dump(n);
    provider.count = 0;
    for (i = 0; i < n; i++)
        dissect(session, i, false, &ref, i > 0 ? &frames[i - 1] : NULL);
    for (i = 0; i < n; i++)
        dissect(session, i, true, &ref, NULL);
    for (i = 0; i < n; i++)
        frame_data_destroy(&frames[i]);
    provider.base += n;
    provider.count = 0;
    return n;
}

#ifndef FUZZ_PLUGIN_TREE_EMBEDDED
/*
 * libFuzzer calls this before the first input, so the memory epan keeps
 * from its start is not counted as that input's leak; the replay program
 * does not, and the first input initialises instead.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    init_once();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)dissect_input(data, size);
    return 0;
}
#endif /* FUZZ_PLUGIN_TREE_EMBEDDED */
