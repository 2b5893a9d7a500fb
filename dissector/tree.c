/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcclc plugin: CLC message fields, groups and anomalies as proto
 * tree items and expert info
 *
 * There is no per-message code here. The core walks the message and reports
 * each field with its table id, offset and length; every field becomes one
 * item on hf[id], every group a subtree, every derived value a generated
 * item, every anomaly an expert item at its bytes. A field the core does not
 * report (not captured, not in this layout) cannot appear, so the tree shows
 * exactly what was decoded and the highlighted bytes are the decoded ones.
 */
#include <string.h>

#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/tfs.h>
#include <wsutil/str_util.h>

#include "smcclc/smcclc.h"
#include "smcclc_plugin.h"
#include "tree.h"
#include "ws_compat.h"

/* Groups nest at most three deep (section, list, item); leave headroom. */
#define RENDER_MAX_DEPTH 8

static int hf_field[SMCCLC_FIELD_COUNT];
static int ett_group[SMCCLC_GROUP_COUNT];
static int ett_item = -1;
static int ett_message = -1;
static expert_field ei_anomaly[SMCCLC_ANOMALY_COUNT];
static expert_field ei_truncated = EI_INIT;
static expert_field ei_decline = EI_INIT;

static enum ftenum uint_ftype(unsigned size)
{
    switch (size) {
    case 1:
        return FT_UINT8;
    case 2:
        return FT_UINT16;
    case 3:
        return FT_UINT24;
    default:
        /* 4, and 0 for derived values (sizes in bytes fit 32 bits) */
        return FT_UINT32;
    }
}

/* Wireshark keeps pointers into these arrays for the life of the program. */
static const value_string *build_vals(enum smcclc_vals which)
{
    const struct smcclc_val *v = smcclc_vals_table[which];
    value_string *out;
    size_t n = 0, i;

    if (v == NULL)
        return NULL;
    while (v[n].key != NULL)
        n++;
    out = g_new0(value_string, n + 1);
    for (i = 0; i < n; i++) {
        out[i].value = v[i].value;
        out[i].strptr = v[i].label;
    }
    return out;
}

static void field_hfinfo(const struct smcclc_field_info *fi, enum ftenum *type, int *display,
                         const void **strings, guint32 *mask)
{
    int base = fi->base == SMCCLC_BASE_HEX ? BASE_HEX : BASE_DEC;

    *strings = NULL;
    *mask = 0;
    switch (fi->kind) {
    case SMCCLC_FK_UINT:
        *type = uint_ftype(fi->size);
        *display = base;
        *mask = fi->mask;
        break;
    case SMCCLC_FK_ENUM:
        *type = uint_ftype(fi->size);
        *display = base;
        *strings = VALS(build_vals(fi->vals));
        *mask = fi->mask;
        break;
    case SMCCLC_FK_BITS:
        *type = FT_UINT16;
        *display = BASE_HEX;
        *mask = fi->mask;
        break;
    case SMCCLC_FK_FLAG:
        *type = FT_BOOLEAN;
        /* A masked boolean's display is the width of the integer holding it. */
        *display = fi->mask != 0 ? (int)(fi->size * 8) : BASE_NONE;
        *strings = TFS(&tfs_set_notset);
        *mask = fi->mask;
        break;
    case SMCCLC_FK_ID64:
        *type = FT_UINT64;
        *display = BASE_HEX;
        break;
    case SMCCLC_FK_MAC:
        *type = FT_ETHER;
        *display = BASE_NONE;
        break;
    case SMCCLC_FK_IPV4:
        *type = FT_IPv4;
        *display = BASE_NONE;
        break;
    case SMCCLC_FK_IPV6:
        *type = FT_IPv6;
        *display = BASE_NONE;
        break;
    case SMCCLC_FK_TEXT:
    case SMCCLC_FK_NAME:
        *type = FT_STRING;
        *display = BASE_NONE;
        break;
    case SMCCLC_FK_BYTES:
    case SMCCLC_FK_PEERID:
    default:
        *type = FT_BYTES;
        *display = BASE_NONE;
        break;
    }
}

static int anomaly_group(enum smcclc_severity sev)
{
    /* What a Linux receiver rejects is malformed; the rest is protocol trivia. */
    return sev == SMCCLC_SEV_ERROR ? PI_MALFORMED : PI_PROTOCOL;
}

static int anomaly_severity(enum smcclc_severity sev)
{
    switch (sev) {
    case SMCCLC_SEV_ERROR:
        return PI_ERROR;
    case SMCCLC_SEV_WARN:
        return PI_WARN;
    default:
        return PI_NOTE;
    }
}

void smcclc_tree_register(int proto)
{
    /* hf and ei live as long as the program: Wireshark points into them. */
    hf_register_info *hf = g_new0(hf_register_info, SMCCLC_FIELD_COUNT);
    ei_register_info *ei = g_new0(ei_register_info, SMCCLC_ANOMALY_COUNT + 2);
    gint **ett = g_new0(gint *, SMCCLC_GROUP_COUNT + 2);
    expert_module_t *expert;
    size_t i, n_ei = 0, n_ett = 0;

    for (i = 0; i < SMCCLC_FIELD_COUNT; i++) {
        const struct smcclc_field_info *fi = &smcclc_field_table[i];
        enum ftenum type;
        int display;
        const void *strings;
        guint32 mask;

        hf_field[i] = -1;
        field_hfinfo(fi, &type, &display, &strings, &mask);
        hf[i] = (hf_register_info){&hf_field[i],
                                   {fi->label, g_strconcat(SMCCLC_FILTER_PREFIX, fi->key, NULL),
                                    type, display, strings, mask, NULL, HFILL}};
    }
    proto_register_field_array(proto, hf, SMCCLC_FIELD_COUNT);

    for (i = 0; i < SMCCLC_GROUP_COUNT; i++) {
        ett_group[i] = -1;
        ett[n_ett++] = &ett_group[i];
    }
    ett[n_ett++] = &ett_item;
    ett[n_ett++] = &ett_message;
    proto_register_subtree_array(ett, (int)n_ett);
    /* Wireshark keeps the hf and ei arrays (it points into them), not this one. */
    g_free(ett);

    for (i = 0; i < SMCCLC_ANOMALY_COUNT; i++) {
        const struct smcclc_anomaly_info *ai = &smcclc_anomaly_table[i];

        ei_anomaly[i] = (expert_field)EI_INIT;
        ei[n_ei++] = (ei_register_info){&ei_anomaly[i],
                                        {g_strconcat(SMCCLC_FILTER_PREFIX, ai->key, NULL),
                                         anomaly_group(ai->severity),
                                         anomaly_severity(ai->severity), ai->description, EXPFILL}};
    }
    /* Missing bytes are the capture's fault, not the sender's: its own item. */
    ei[n_ei++] = (ei_register_info){
        &ei_truncated,
        {SMCCLC_FILTER_PREFIX "truncated", PI_MALFORMED, PI_WARN, "truncated", EXPFILL}};
    ei[n_ei++] = (ei_register_info){
        &ei_decline,
        {SMCCLC_FILTER_PREFIX "decline", PI_RESPONSE_CODE, PI_WARN, "decline", EXPFILL}};
    expert = expert_register_protocol(proto);
    expert_register_field_array(expert, ei, (int)n_ei);
}

int smcclc_tree_ett_message(void)
{
    return ett_message;
}

/* ---- the sink that renders core events ---- */

struct render {
    tvbuff_t *tvb;
    packet_info *pinfo;
    guint captured;
    proto_tree *stack[RENDER_MAX_DEPTH];
    unsigned items[RENDER_MAX_DEPTH]; /* objects seen so far in the list at this depth */
    unsigned depth;                   /* stack[depth - 1] is the current tree */
    unsigned overflow;                /* groups deeper than the stack, not shown */
    int diag_off;                     /* where the Decline's code is, -1 if not decoded */
};

/* Offsets from the wire (group lengths) may point past the captured bytes. */
static void clamp(const struct render *r, guint *off, guint *len)
{
    if (*off > r->captured)
        *off = r->captured;
    if (*len > r->captured - *off)
        *len = r->captured - *off;
}

static proto_tree *current(const struct render *r)
{
    return r->stack[r->depth - 1];
}

/*
 * Fixed-width text is padded with blanks or NULs; a filter wants the name.
 * What is left is shown whole, as smcdump's text output shows it: printable
 * ASCII as is, '"' and '\\' with a backslash, every other byte (an embedded
 * NUL too) as \\xNN, so nothing is cut at a NUL or hidden.
 */
static const char *text_value(wmem_allocator_t *scope, const uint8_t *p, size_t n)
{
    wmem_strbuf_t *s = wmem_strbuf_new(scope, "");
    size_t i;

    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\0'))
        n--;
    for (i = 0; i < n; i++) {
        if (p[i] == '"' || p[i] == '\\')
            wmem_strbuf_append_printf(s, "\\%c", p[i]);
        else if (p[i] >= 0x20 && p[i] < 0x7f)
            wmem_strbuf_append_c(s, (char)p[i]);
        else
            wmem_strbuf_append_printf(s, "\\x%02x", p[i]);
    }
    return wmem_strbuf_get_str(s);
}

static void append_bits(proto_item *ti, const struct smcclc_field_info *fi, uint64_t value)
{
    const struct smcclc_val *v = smcclc_vals_table[fi->vals];
    const char *sep = " (";

    if (v == NULL || value == 0)
        return;
    for (; v->key != NULL; v++) {
        if ((value & v->value) != 0) {
            proto_item_append_text(ti, "%s%s", sep, v->label);
            sep = ", ";
        }
    }
    if (sep[0] == ',')
        proto_item_append_text(ti, ")");
}

static void on_field(void *ctx, const struct smcclc_field_event *ev)
{
    struct render *r = ctx;
    const struct smcclc_field_info *fi = &smcclc_field_table[ev->id];
    proto_tree *t = current(r);
    proto_item *ti = NULL;
    int hf = hf_field[ev->id];
    guint off = ev->off, len = ev->len;

    if (ev->id == SMCCLC_F_DIAG_CODE)
        r->diag_off = ev->off;
    if (t == NULL || r->overflow > 0)
        return;
    clamp(r, &off, &len);

    switch (fi->kind) {
    case SMCCLC_FK_UINT:
    case SMCCLC_FK_ENUM:
    case SMCCLC_FK_BITS:
        /* proto_tree_add_uint() applies the hf's mask and shift itself. */
        ti = proto_tree_add_uint(t, hf, r->tvb, off, len,
                                 (guint32)(ev->u << smcclc_mask_shift(fi->mask)));
        if (fi->kind == SMCCLC_FK_BITS)
            append_bits(ti, fi, ev->u);
        break;
    case SMCCLC_FK_FLAG:
        ti = proto_tree_add_boolean(t, hf, r->tvb, off, len,
                                    (guint32)(ev->u << smcclc_mask_shift(fi->mask)));
        break;
    case SMCCLC_FK_ID64:
        ti = proto_tree_add_uint64(t, hf, r->tvb, off, len, ev->u);
        break;
    case SMCCLC_FK_MAC:
        ti = proto_tree_add_ether(t, hf, r->tvb, off, len, ev->bytes);
        break;
    case SMCCLC_FK_IPV4: {
        ws_in4_addr a;

        memcpy(&a, ev->bytes, sizeof(a));
        ti = proto_tree_add_ipv4(t, hf, r->tvb, off, len, a);
        break;
    }
    case SMCCLC_FK_IPV6: {
        ws_in6_addr a;

        memcpy(&a, ev->bytes, sizeof(a));
        ti = proto_tree_add_ipv6(t, hf, r->tvb, off, len, &a);
        break;
    }
    case SMCCLC_FK_TEXT:
        ti = proto_tree_add_string(t, hf, r->tvb, off, len,
                                   text_value(r->pinfo->pool, ev->bytes, ev->len));
        break;
    case SMCCLC_FK_NAME:
        ti = proto_tree_add_string(t, hf, r->tvb, off, len, ev->str);
        break;
    case SMCCLC_FK_PEERID:
        ti = proto_tree_add_bytes(t, hf, r->tvb, off, len, ev->bytes);
        /* The peer ID is a 2-byte instance and the sender's RoCE MAC. */
        if (ev->len == 8)
            proto_item_append_text(ti, " (%04x@%02x:%02x:%02x:%02x:%02x:%02x)",
                                   (unsigned)(ev->bytes[0] << 8 | ev->bytes[1]), ev->bytes[2],
                                   ev->bytes[3], ev->bytes[4], ev->bytes[5], ev->bytes[6],
                                   ev->bytes[7]);
        break;
    case SMCCLC_FK_BYTES:
    default:
        ti = proto_tree_add_bytes(t, hf, r->tvb, off, len, ev->bytes);
        break;
    }
    if (fi->flags & SMCCLC_FF_DERIVED)
        proto_item_set_generated(ti);
}

static void push(struct render *r, proto_tree *t)
{
    if (r->overflow > 0 || r->depth == RENDER_MAX_DEPTH) {
        r->overflow++;
        return;
    }
    r->stack[r->depth] = t;
    r->items[r->depth] = 0;
    r->depth++;
}

static void pop(struct render *r)
{
    if (r->overflow > 0)
        r->overflow--;
    else if (r->depth > 1)
        r->depth--;
}

static void on_group(void *ctx, enum smcclc_group_event ev, enum smcclc_group group, uint16_t off,
                     uint16_t len, unsigned count)
{
    struct render *r = ctx;
    const struct smcclc_group_info *gi = &smcclc_group_table[group];
    proto_tree *parent = r->overflow > 0 ? NULL : current(r);
    proto_tree *sub = NULL;
    proto_item *ti = NULL;
    guint o = off, l = len;

    clamp(r, &o, &l);
    switch (ev) {
    case SMCCLC_GROUP_BEGIN:
        sub = proto_tree_add_subtree(parent, r->tvb, o, l, ett_group[group], &ti, gi->label);
        if (gi->kind != SMCCLC_GK_SECTION)
            proto_item_append_text(ti, " (%u)", count);
        push(r, sub);
        break;
    case SMCCLC_ITEM_BEGIN:
        if (r->overflow == 0)
            r->items[r->depth - 1]++;
        sub = proto_tree_add_subtree_format(parent, r->tvb, o, l, ett_item, NULL, "%s #%u",
                                            gi->label, r->items[r->depth - 1]);
        push(r, sub);
        break;
    case SMCCLC_GROUP_END:
    case SMCCLC_ITEM_END:
    default:
        pop(r);
        break;
    }
}

static void decline_expert(const struct render *r, proto_tree *tree,
                           const struct smcclc_clc_msg *msg)
{
    const struct smcclc_decline_info *di = smcclc_decline_lookup(msg->diag_code);
    const struct smcclc_val *type = smcclc_val_lookup(SMCCLC_VALS_TYPE, msg->type);
    const struct smcclc_situation_info *unknown =
        &smcclc_situation_table[SMCCLC_SITUATION_UNKNOWN_DECLINE];

    if (r->diag_off < 0)
        return;
    /* Expert text is cut at a fixed length: the hint goes last, smcclc.hint has it whole. */
    if (di != NULL)
        proto_tree_add_expert_format(tree, r->pinfo, &ei_decline, r->tvb, r->diag_off, 4,
                                     "%s %s: %s [" SMCCLC_GUIDE_PREFIX "%s] %s", type->label,
                                     di->name, di->meaning, di->name, di->hint);
    else
        proto_tree_add_expert_format(tree, r->pinfo, &ei_decline, r->tvb, r->diag_off, 4,
                                     "%s 0x%08x [" SMCCLC_GUIDE_PREFIX "%s] %s", type->label,
                                     msg->diag_code, unknown->anchor, unknown->hint);
}

enum smcclc_decode_status smcclc_tree_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                              struct smcclc_clc_msg *msg)
{
    struct render r;
    struct smcclc_sink sink = {on_field, on_group, &r};
    enum smcclc_decode_status st;
    unsigned i;

    memset(&r, 0, sizeof(r));
    r.tvb = tvb;
    r.pinfo = pinfo;
    r.captured = tvb_captured_length(tvb);
    r.stack[0] = tree;
    r.depth = 1;
    r.diag_off = -1;

    st = smcclc_clc_decode(r.captured > 0 ? tvb_get_ptr(tvb, 0, r.captured) : NULL, r.captured, msg,
                           &sink);
    if (st == SMCCLC_DECODE_NOT_CLC)
        return st;

    for (i = 0; i < msg->anomaly_count; i++) {
        const struct smcclc_anomaly_at *a = &msg->anomalies[i];
        guint off = a->off, len = a->len;

        clamp(&r, &off, &len);
        proto_tree_add_expert(tree, pinfo, &ei_anomaly[a->id], tvb, off, len);
    }
    /* below 8 bytes the length field itself is missing: smcdump's wording for that case */
    if (st == SMCCLC_DECODE_TRUNCATED && r.captured < SMCCLC_CLC_HEADER_LEN)
        proto_tree_add_expert_format(tree, pinfo, &ei_truncated, tvb, 0, r.captured,
                                     "CLC header cut by snaplen after %u bytes", r.captured);
    else if (st == SMCCLC_DECODE_TRUNCATED)
        proto_tree_add_expert_format(tree, pinfo, &ei_truncated, tvb, 0, r.captured,
                                     "truncated: %u of %u bytes captured", r.captured,
                                     (unsigned)msg->length);
    if (msg->type == SMCCLC_CLC_DECLINE)
        decline_expert(&r, tree, msg);
    return st;
}

/* ---- the one-line summary ---- */

static unsigned path_bits(uint8_t path)
{
    switch (path) {
    case SMCCLC_TYPE_R:
        return 1;
    case SMCCLC_TYPE_D:
        return 2;
    case SMCCLC_TYPE_B:
        return 3;
    default:
        return 0;
    }
}

static uint8_t bits_path(unsigned bits)
{
    static const uint8_t path[4] = {SMCCLC_TYPE_N, SMCCLC_TYPE_R, SMCCLC_TYPE_D, SMCCLC_TYPE_B};

    return path[bits & 3];
}

static void append_path(wmem_strbuf_t *s, uint8_t path)
{
    const struct smcclc_val *v = smcclc_val_lookup(SMCCLC_VALS_PATH, path);

    if (v != NULL)
        wmem_strbuf_append_printf(s, " %s", v->label);
    else
        wmem_strbuf_append_printf(s, " 0x%x", path);
}

const char *smcclc_tree_summary(wmem_allocator_t *scope, const struct smcclc_clc_msg *msg)
{
    const struct smcclc_val *type = smcclc_val_lookup(SMCCLC_VALS_TYPE, msg->type);
    wmem_strbuf_t *s = wmem_strbuf_new(scope, "");
    const struct smcclc_decline_info *di;
    unsigned offered;

    if (type != NULL)
        wmem_strbuf_append(s, type->label);
    else
        wmem_strbuf_append_printf(s, "0x%02x", msg->type);

    switch (msg->type) {
    case SMCCLC_CLC_PROPOSAL:
        /* One list of what the client offers, across the versions it offers. */
        offered = path_bits(msg->typev1);
        if (msg->version >= 2)
            offered |= path_bits(msg->typev2);
        append_path(s, bits_path(offered));
        wmem_strbuf_append_printf(s, " v%u", msg->version);
        break;
    case SMCCLC_CLC_ACCEPT:
    case SMCCLC_CLC_CONFIRM:
        append_path(s, msg->chosen_type);
        wmem_strbuf_append_printf(s, " v%u", msg->version);
        if (msg->first_contact)
            wmem_strbuf_append_printf(
                s, " %s",
                wmem_ascii_strdown(scope, smcclc_field_table[SMCCLC_F_FIRST_CONTACT].label, -1));
        break;
    case SMCCLC_CLC_DECLINE:
        di = smcclc_decline_lookup(msg->diag_code);
        if (di != NULL)
            wmem_strbuf_append_printf(s, " %s", di->name);
        else
            wmem_strbuf_append_printf(s, " 0x%08x", msg->diag_code);
        break;
    default:
        break;
    }
    return wmem_strbuf_get_str(s);
}
