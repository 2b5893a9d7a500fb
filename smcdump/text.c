/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump's text output: one tcpdump-style line per CLC message,
 * every field with -v, reserved fields and a hex dump with -vv, and one
 * verdict line per connection.
 *
 * The lines are rendered from the message's decoded entries (the event
 * carries them; nothing is decoded here) and the tables, so a field added
 * to tables.h shows up here without a change. Which fields make the
 * one-line summary is the only choice this file makes.
 */
#include <ctype.h>
#include <string.h>

#include "output.h"

#define SD_TRUNC_MARK " [|smc]"
#define SD_INDENT 4

enum sum_style {
    SUM_KEYED, /* ", key value" */
    SUM_VALUE, /* ", value" */
    SUM_FLAG,  /* ", key" when set, nothing when clear */
    SUM_SLASH, /* "/value" right after the previous item, when that was shown */
    SUM_PAREN, /* " (value)" right after the previous item, else like KEYED */
};

struct sum_item {
    enum smcclc_field id;
    uint8_t style;
    bool skip_zero; /* zero means "not used" for this field, e.g. a v6 connection's IPv4 subnet */
};

/* The few fields a reader of the one-line output wants, in the order shown. */
static const struct sum_item summary[] = {
    /* Proposal */
    {SMCCLC_F_TYPEV1, SUM_KEYED, false},
    {SMCCLC_F_TYPEV2, SUM_KEYED, false},
    {SMCCLC_F_RELEASE, SUM_KEYED, false},
    {SMCCLC_F_EID_COUNT, SUM_KEYED, false},
    {SMCCLC_F_ISM_GID_COUNT, SUM_KEYED, true},
    {SMCCLC_F_IPV4_SUBNET, SUM_KEYED, true},
    {SMCCLC_F_IPV4_PREFIX_LEN, SUM_SLASH, false},
    {SMCCLC_F_IPV6_PREFIX_COUNT, SUM_KEYED, true},
    /* Accept, Confirm */
    {SMCCLC_F_CHOSEN_TYPE, SUM_KEYED, false},
    {SMCCLC_F_FIRST_CONTACT, SUM_FLAG, false},
    {SMCCLC_F_QPN, SUM_KEYED, false},
    {SMCCLC_F_RMBE_SIZE_BYTES, SUM_KEYED, false},
    {SMCCLC_F_QP_MTU_BYTES, SUM_KEYED, true},
    {SMCCLC_F_DMBE_SIZE_BYTES, SUM_KEYED, false},
    {SMCCLC_F_ISM_CHID, SUM_KEYED, true},
    {SMCCLC_F_FCE_RELEASE, SUM_KEYED, false},
    {SMCCLC_F_FCE_OS_TYPE, SUM_KEYED, false},
    /* Decline */
    {SMCCLC_F_DIAG_NAME, SUM_VALUE, false},
    {SMCCLC_F_DIAG_CODE, SUM_PAREN, false},
    {SMCCLC_F_OUT_OF_SYNC, SUM_FLAG, false},
    {SMCCLC_F_OS_TYPE, SUM_KEYED, false},
};

#define SUM_COUNT (sizeof(summary) / sizeof(summary[0]))

/* The header fields that open the line, and the summary fields: entries of the event, or NULL. */
struct line_ctx {
    const struct smcclc_entry *head_smc, *head_type, *head_version, *head_length;
    const struct smcclc_entry *sum[SUM_COUNT];
    unsigned list_depth; /* list items are details, never summary */
};

struct verbose_ctx {
    struct sd_buf *b;
    int verbose;
    unsigned depth;
    unsigned item[8]; /* 1-based item number per open object list */
};

static void put_raw(struct sd_buf *b, const struct smcclc_field_info *fi, uint64_t u)
{
    if (fi->base == SMCCLC_BASE_HEX)
        sd_buf_printf(b, "0x%0*llx", fi->mask == 0 ? fi->size * 2 : 1, (unsigned long long)u);
    else
        sd_buf_printf(b, "%llu", (unsigned long long)u);
}

/* -v adds the number on the wire, so a reader can match it with the hex dump. */
static void put_enum(struct sd_buf *b, const struct smcclc_field_info *fi, uint64_t u, bool raw)
{
    const struct smcclc_val *v = u <= UINT32_MAX ? smcclc_val_lookup(fi->vals, (uint32_t)u) : NULL;

    if (v == NULL) {
        sd_buf_puts(b, "unknown (");
        put_raw(b, fi, u);
        sd_buf_putc(b, ')');
        return;
    }
    sd_buf_puts(b, v->label);
    if (raw) {
        sd_buf_puts(b, " (");
        put_raw(b, fi, u);
        sd_buf_putc(b, ')');
    }
}

static void put_bits(struct sd_buf *b, const struct smcclc_field_info *fi, uint64_t u)
{
    const struct smcclc_val *row = smcclc_vals_table[fi->vals];
    uint64_t rest = u;
    bool first = true;

    sd_buf_printf(b, "0x%0*llx", fi->size * 2, (unsigned long long)u);
    if (u == 0 || row == NULL)
        return;
    sd_buf_puts(b, " (");
    for (; row->key != NULL; row++) {
        if ((u & row->value) == 0)
            continue;
        sd_buf_puts(b, first ? "" : ", ");
        sd_buf_puts(b, row->label);
        rest &= ~(uint64_t)row->value;
        first = false;
    }
    if (rest != 0)
        sd_buf_printf(b, "%s0x%llx", first ? "" : ", ", (unsigned long long)rest);
    sd_buf_putc(b, ')');
}

static bool bytes_ok(const struct smcclc_entry *ev, size_t need)
{
    return ev->v.bytes != NULL && ev->len >= need;
}

static void put_value(struct sd_buf *b, const struct smcclc_entry *ev, bool raw)
{
    const struct smcclc_field_info *fi = &smcclc_field_table[ev->id];

    switch (fi->kind) {
    case SMCCLC_FK_UINT:
        /* Whole-byte hex fields keep their wire width: 0x03030002, not 0x3030002. */
        put_raw(b, fi, ev->v.u);
        break;
    case SMCCLC_FK_ID64:
        sd_buf_printf(b, "0x%016llx", (unsigned long long)ev->v.u);
        break;
    case SMCCLC_FK_FLAG:
        sd_buf_puts(b, ev->v.u ? "yes" : "no");
        break;
    case SMCCLC_FK_ENUM:
        put_enum(b, fi, ev->v.u, raw);
        break;
    case SMCCLC_FK_BITS:
        put_bits(b, fi, ev->v.u);
        break;
    case SMCCLC_FK_MAC:
        if (bytes_ok(ev, 6))
            sd_put_mac(b, ev->v.bytes);
        break;
    case SMCCLC_FK_IPV4:
        if (bytes_ok(ev, 4))
            sd_put_ip(b, 4, ev->v.bytes);
        break;
    case SMCCLC_FK_IPV6:
        if (bytes_ok(ev, 16))
            sd_put_ip(b, 6, ev->v.bytes);
        break;
    case SMCCLC_FK_PEERID:
        if (bytes_ok(ev, 8))
            sd_put_peerid(b, ev->v.bytes);
        break;
    case SMCCLC_FK_TEXT:
        sd_buf_putc(b, '"');
        if (ev->v.bytes != NULL)
            sd_put_text_escaped(b, ev->v.bytes, sd_text_trimmed_len(ev->v.bytes, ev->len));
        sd_buf_putc(b, '"');
        break;
    case SMCCLC_FK_NAME:
        sd_buf_puts(b, ev->v.str != NULL ? ev->v.str : "?");
        break;
    case SMCCLC_FK_BYTES:
    default:
        if (ev->v.bytes != NULL)
            sd_put_hex(b, ev->v.bytes, ev->len);
        break;
    }
}

static bool is_zero(const struct smcclc_entry *ev)
{
    enum smcclc_field_kind kind = smcclc_field_table[ev->id].kind;
    size_t i;

    if (kind == SMCCLC_FK_NAME)
        return ev->v.str == NULL;
    if (!smcclc_kind_has_bytes(kind))
        return ev->v.u == 0;
    if (ev->v.bytes == NULL)
        return true;
    for (i = 0; i < ev->len; i++)
        if (ev->v.bytes[i] != 0)
            return false;
    return true;
}

static bool is_list(enum smcclc_group g)
{
    return smcclc_group_table[g].kind != SMCCLC_GK_SECTION;
}

static void line_field(struct line_ctx *c, const struct smcclc_entry *ev)
{
    size_t i;

    switch (ev->id) {
    case SMCCLC_F_SMC:
        c->head_smc = ev;
        return;
    case SMCCLC_F_TYPE:
        c->head_type = ev;
        return;
    case SMCCLC_F_VERSION:
        c->head_version = ev;
        return;
    case SMCCLC_F_LENGTH:
        c->head_length = ev;
        return;
    default:
        break;
    }
    if (c->list_depth > 0)
        return;
    for (i = 0; i < SUM_COUNT; i++) {
        if (summary[i].id == ev->id && c->sum[i] == NULL) {
            c->sum[i] = ev;
            return;
        }
    }
}

/* Pick the line's fields out of the entries. */
static void line_scan(struct line_ctx *c, const struct smcclc_entry *ev, size_t n)
{
    for (; n > 0; ev++, n--) {
        switch (ev->type) {
        case SMCCLC_ENTRY_FIELD:
            line_field(c, ev);
            break;
        case SMCCLC_ENTRY_GROUP_BEGIN:
            if (is_list((enum smcclc_group)ev->id))
                c->list_depth++;
            break;
        case SMCCLC_ENTRY_GROUP_END:
            if (is_list((enum smcclc_group)ev->id) && c->list_depth > 0)
                c->list_depth--;
            break;
        default:
            break;
        }
    }
}

static void put_prefix(struct sd_output *o, uint64_t ts_us, const struct sd_endpoint *src,
                       const struct sd_endpoint *dst)
{
    struct sd_buf *b = &o->out;

    /* tcpdump -ttt starts at 0 for the first line. */
    sd_put_tstamp(b, o->opts.tstamp, ts_us, o->have_prev_ts ? o->prev_ts_us : ts_us);
    o->prev_ts_us = ts_us;
    o->have_prev_ts = true;
    /* tcpdump's own words for the network layer, so the lines sort in with its output. */
    sd_buf_puts(b, src->family == 6 ? "IP6 " : "IP ");
    sd_put_endpoint_text(b, o->resolver, o->opts.numeric, src);
    sd_buf_puts(b, " > ");
    sd_put_endpoint_text(b, o->resolver, o->opts.numeric, dst);
    sd_buf_puts(b, ": ");
    if (o->resolver != NULL && o->resolver->gave_up && !o->resolver->told) {
        o->resolver->told = true;
        sd_buf_printf(&o->err,
                      "smcdump: %s: name lookups are slow; addresses from here on "
                      "(use -n)\n",
                      o->opts.input_name);
        (void)sd_buf_flush(&o->err);
    }
}

static void put_summary(struct sd_buf *b, const struct line_ctx *c)
{
    bool shown_prev = false, any = false;
    size_t i;

    for (i = 0; i < SUM_COUNT; i++) {
        const struct smcclc_entry *ev = c->sum[i];
        const char *key = smcclc_field_table[summary[i].id].key;
        bool show = ev != NULL && !(summary[i].skip_zero && is_zero(ev));

        if (summary[i].style == SUM_SLASH) {
            /* A prefix length means nothing without the address it belongs to. */
            if (show && shown_prev) {
                sd_buf_putc(b, '/');
                put_value(b, ev, false);
            }
            shown_prev = shown_prev && show;
            continue;
        }
        if (summary[i].style == SUM_FLAG && show && ev->v.u == 0)
            show = false;
        if (!show) {
            shown_prev = false;
            continue;
        }
        if (summary[i].style == SUM_PAREN && shown_prev) {
            sd_buf_puts(b, " (");
            put_value(b, ev, false);
            sd_buf_putc(b, ')');
            continue;
        }
        sd_buf_puts(b, any ? ", " : ": ");
        any = true;
        shown_prev = true;
        switch (summary[i].style) {
        case SUM_FLAG:
            sd_buf_puts(b, key);
            break;
        case SUM_VALUE:
            put_value(b, ev, false);
            break;
        default:
            sd_buf_puts(b, key);
            sd_buf_putc(b, ' ');
            put_value(b, ev, false);
            break;
        }
    }
}

static void put_anomalies(struct sd_buf *b, const struct smcclc_clc_msg *m)
{
    unsigned i;

    if (m->anomaly_count == 0)
        return;
    sd_buf_puts(b, " [");
    for (i = 0; i < m->anomaly_count; i++) {
        unsigned j;
        bool dup = false;

        /* One mention per kind: the -v lines and JSON give every offset. */
        for (j = 0; j < i; j++)
            dup = dup || m->anomalies[j].id == m->anomalies[i].id;
        if (dup)
            continue;
        if (i > 0)
            sd_buf_putc(b, ',');
        sd_buf_puts(b, smcclc_anomaly_table[m->anomalies[i].id].key);
    }
    if (m->anomalies_dropped)
        sd_buf_puts(b, ",...");
    sd_buf_putc(b, ']');
}

static void verbose_field(struct verbose_ctx *c, const struct smcclc_entry *ev)
{
    const struct smcclc_field_info *fi = &smcclc_field_table[ev->id];

    if ((fi->flags & SMCCLC_FF_RESERVED) != 0 && c->verbose < 2)
        return;
    sd_buf_indent(c->b, SD_INDENT + 2 * c->depth);
    sd_buf_puts(c->b, fi->label);
    sd_buf_puts(c->b, ": ");
    put_value(c->b, ev, true);
    sd_buf_putc(c->b, '\n');
}

static void verbose_group(struct verbose_ctx *c, const struct smcclc_entry *ev)
{
    const struct smcclc_group_info *gi = &smcclc_group_table[ev->id];
    unsigned count = ev->v.count;

    switch (ev->type) {
    case SMCCLC_ENTRY_GROUP_BEGIN:
        sd_buf_indent(c->b, SD_INDENT + 2 * c->depth);
        sd_buf_puts(c->b, gi->label);
        if (gi->kind != SMCCLC_GK_SECTION && count == 0)
            sd_buf_puts(c->b, ": none\n");
        else if (gi->kind != SMCCLC_GK_SECTION)
            sd_buf_printf(c->b, " (%u):\n", count);
        else
            sd_buf_puts(c->b, ":\n");
        if (c->depth < sizeof(c->item) / sizeof(c->item[0]))
            c->item[c->depth] = 0;
        c->depth++;
        break;
    case SMCCLC_ENTRY_ITEM_BEGIN:
        if (c->depth > 0 && c->depth - 1 < sizeof(c->item) / sizeof(c->item[0]))
            c->item[c->depth - 1]++;
        sd_buf_indent(c->b, SD_INDENT + 2 * c->depth);
        sd_buf_printf(c->b, "#%u:\n",
                      c->depth > 0 && c->depth - 1 < sizeof(c->item) / sizeof(c->item[0])
                          ? c->item[c->depth - 1]
                          : 0);
        c->depth++;
        break;
    case SMCCLC_ENTRY_GROUP_END:
    case SMCCLC_ENTRY_ITEM_END:
    default:
        if (c->depth > 0)
            c->depth--;
        break;
    }
}

/* -v: every field, one per line, indented by the groups around it. */
static void verbose_lines(struct verbose_ctx *c, const struct smcclc_entry *ev, size_t n)
{
    for (; n > 0; ev++, n--) {
        if (ev->type == SMCCLC_ENTRY_FIELD)
            verbose_field(c, ev);
        else
            verbose_group(c, ev);
    }
}

static void put_anomaly_lines(struct sd_buf *b, const struct smcclc_clc_msg *m)
{
    unsigned i;

    for (i = 0; i < m->anomaly_count; i++) {
        const struct smcclc_anomaly_info *ai = &smcclc_anomaly_table[m->anomalies[i].id];
        const struct smcclc_val *sev = &smcclc_severity_vals[ai->severity];

        sd_buf_indent(b, SD_INDENT);
        sd_buf_printf(b, "anomaly at byte %u: %s (%s): %s\n", (unsigned)m->anomalies[i].off,
                      ai->key, sev->label, ai->description);
    }
}

void sd_text_clc(struct sd_output *o, const struct sd_clc_event *e)
{
    struct sd_buf *b = &o->out;
    const struct smcclc_clc_msg *m = e->msg;
    struct line_ctx lc;

    memset(&lc, 0, sizeof(lc));
    line_scan(&lc, e->entries, e->n_entries);

    put_prefix(o, e->ts_us, &e->src, &e->dst);
    if (lc.head_smc != NULL)
        put_value(b, lc.head_smc, false);
    if (lc.head_type != NULL) {
        sd_buf_putc(b, ' ');
        put_value(b, lc.head_type, false);
    }
    if (lc.head_version != NULL)
        sd_buf_printf(b, " v%llu", (unsigned long long)lc.head_version->v.u);
    if (lc.head_length != NULL)
        sd_buf_printf(b, ", length %llu", (unsigned long long)lc.head_length->v.u);
    put_summary(b, &lc);
    put_anomalies(b, m);
    if (m->truncated)
        /* Nothing decoded yet (header cut): no blank before the mark. */
        sd_buf_puts(b, lc.head_smc != NULL ? SD_TRUNC_MARK : &SD_TRUNC_MARK[1]);
    sd_buf_putc(b, '\n');

    if (o->opts.verbose >= 1) {
        struct verbose_ctx vc;

        memset(&vc, 0, sizeof(vc));
        vc.b = b;
        vc.verbose = o->opts.verbose;
        verbose_lines(&vc, e->entries, e->n_entries);
        put_anomaly_lines(b, m);
        if (o->opts.verbose >= 2 && e->bytes != NULL)
            sd_put_hexdump(b, e->bytes,
                           e->avail < m->length || m->length == 0 ? e->avail : m->length,
                           SD_INDENT);
    }
    (void)sd_buf_flush(b);
}

/* "First contact" reads as "first contact" in the middle of a sentence. */
static void put_label_lower(struct sd_buf *b, const char *label)
{
    if (label[0] == '\0')
        return;
    sd_buf_putc(b, (char)tolower((unsigned char)label[0]));
    sd_buf_puts(b, label + 1);
}

static void put_version(struct sd_buf *b, const struct smcclc_verdict *v)
{
    const struct smcclc_val *rel = NULL;

    if (v->smc_version >= 2 && v->release != SMCCLC_RELEASE_NONE)
        rel = smcclc_val_lookup(SMCCLC_VALS_RELEASE, v->release);
    if (rel != NULL)
        sd_buf_puts(b, rel->label);
    else if (v->smc_version != 0)
        sd_buf_printf(b, "v%u", (unsigned)v->smc_version);
}

static void put_guide(struct sd_buf *b, const struct smcclc_verdict *v)
{
    if (v->hint != NULL) {
        sd_buf_puts(b, ": ");
        sd_buf_puts(b, v->hint);
    }
    if (v->anchor != NULL) {
        /*
         * Every anchor is a name --explain knows (check_guide holds the guide
         * to the same table), so the hint works where no guide is installed.
         * puts, not printf: the path is the packager's and may hold a '%'.
         */
        sd_buf_puts(b, " (see smcdump --explain ");
        sd_buf_puts(b, v->anchor);
        sd_buf_puts(b, " or " SD_GUIDE);
        sd_buf_puts(b, v->anchor);
        sd_buf_putc(b, ')');
    }
}

void sd_text_verdict(struct sd_output *o, const struct sd_verdict_event *e)
{
    struct sd_buf *b = &o->out;
    const struct smcclc_verdict *v = e->v;
    const struct smcclc_val *outcome = NULL;

    if (v->outcome >= 0 && v->outcome < SMCCLC_OUTCOME_COUNT)
        outcome = &smcclc_outcome_vals[v->outcome];
    put_prefix(o, e->ts_us, &e->client, &e->server);
    switch (v->outcome) {
    case SMCCLC_OUTCOME_SMC_R:
    case SMCCLC_OUTCOME_SMC_D:
        sd_buf_puts(b, outcome->label);
        sd_buf_putc(b, ' ');
        put_version(b, v);
        if (e->hs != NULL && e->hs->first_contact) {
            sd_buf_putc(b, ' ');
            put_label_lower(b, smcclc_field_table[SMCCLC_F_FIRST_CONTACT].label);
        }
        sd_buf_puts(b, ", ");
        sd_put_duration(b, v->duration_us);
        if (v->situation != SMCCLC_SITUATION_NONE)
            put_guide(b, v);
        break;
    case SMCCLC_OUTCOME_FALLBACK:
        sd_buf_puts(b, outcome->key);
        sd_buf_puts(b, ": ");
        if (v->reason != NULL)
            sd_buf_puts(b, v->reason);
        if (v->reason_code != 0)
            sd_buf_printf(b, v->reason != NULL ? " (0x%08x)" : "0x%08x", (unsigned)v->reason_code);
        sd_buf_puts(b, " after ");
        sd_put_duration(b, v->duration_us);
        /* When it happened matters too (e.g. after the Confirm), unless the guide says it. */
        if (v->situation > SMCCLC_SITUATION_NONE && v->situation < SMCCLC_SITUATION_COUNT &&
            (v->anchor == NULL ||
             strcmp(v->anchor, smcclc_situation_table[v->situation].anchor) != 0))
            sd_buf_printf(b, " (%s)", smcclc_situation_table[v->situation].anchor);
        put_guide(b, v);
        break;
    case SMCCLC_OUTCOME_NO_OPTION:
        /* decided by the SYN alone: no duration to speak of */
        sd_buf_puts(b, outcome->key);
        put_guide(b, v);
        break;
    default:
        sd_buf_puts(b, outcome != NULL ? outcome->key : "?");
        sd_buf_puts(b, " after ");
        sd_put_duration(b, v->duration_us);
        put_guide(b, v);
        break;
    }
    sd_buf_putc(b, '\n');
    (void)sd_buf_flush(b);
}
