/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump --json: one JSON object per line for each CLC message
 * ("event":"clc") and each verdict ("event":"handshake").
 *
 * Member names are the field and group keys of tables.h; sections are
 * flattened, lists become arrays, object-list items objects. The members of
 * a clc record are rendered from the entries its event carries (the
 * analysis decoded the message once; nothing is decoded here). The records
 * are described by docs/smcdump.schema.json, which the golden tests check
 * every output against.
 */
#include <string.h>

#include "output.h"

#define JSON_MAX_DEPTH 8
#define FIELD_BYTES ((SMCCLC_FIELD_COUNT + 7) / 8)
#define GROUP_BYTES ((SMCCLC_GROUP_COUNT + 7) / 8)

enum container { C_OBJECT, C_ARRAY };

struct json_ctx {
    struct sd_buf *b;
    unsigned depth; /* open JSON containers; [0] is the record itself */
    uint8_t kind[JSON_MAX_DEPTH];
    bool comma[JSON_MAX_DEPTH];
    /* Keys written per open object: a repeated key would make the record ambiguous. */
    uint8_t fields_seen[JSON_MAX_DEPTH][FIELD_BYTES];
    uint8_t groups_seen[JSON_MAX_DEPTH][GROUP_BYTES];
    /* Group events nest deeper than containers (sections open none). */
    unsigned gdepth;
    bool gopened[2 * JSON_MAX_DEPTH];
    unsigned skip; /* > 0 inside a group whose output was suppressed */
};

static bool test_and_set(uint8_t *set, unsigned bit)
{
    bool was = (set[bit / 8] >> (bit % 8)) & 1u;

    set[bit / 8] |= (uint8_t)(1u << (bit % 8));
    return was;
}

static void sep(struct json_ctx *c)
{
    if (c->comma[c->depth - 1])
        sd_buf_putc(c->b, ',');
    c->comma[c->depth - 1] = true;
}

static void open_container(struct json_ctx *c, enum container k)
{
    sd_buf_putc(c->b, k == C_OBJECT ? '{' : '[');
    c->kind[c->depth] = (uint8_t)k;
    c->comma[c->depth] = false;
    memset(c->fields_seen[c->depth], 0, FIELD_BYTES);
    memset(c->groups_seen[c->depth], 0, GROUP_BYTES);
    c->depth++;
}

static void close_container(struct json_ctx *c)
{
    c->depth--;
    sd_buf_putc(c->b, c->kind[c->depth] == C_OBJECT ? '}' : ']');
}

static void put_key(struct sd_buf *b, const char *key)
{
    sd_buf_putc(b, '"');
    sd_buf_puts(b, key);
    sd_buf_puts(b, "\":");
}

static void put_value(struct sd_buf *b, const struct smcclc_entry *ev)
{
    const struct smcclc_field_info *fi = &smcclc_field_table[ev->id];
    const struct smcclc_val *v;

    switch (fi->kind) {
    case SMCCLC_FK_UINT:
    case SMCCLC_FK_BITS:
        sd_buf_printf(b, "%llu", (unsigned long long)ev->v.u);
        break;
    case SMCCLC_FK_ID64:
        sd_buf_printf(b, "\"0x%016llx\"", (unsigned long long)ev->v.u);
        break;
    case SMCCLC_FK_FLAG:
        sd_buf_puts(b, ev->v.u ? "true" : "false");
        break;
    case SMCCLC_FK_ENUM:
        v = ev->v.u <= UINT32_MAX ? smcclc_val_lookup(fi->vals, (uint32_t)ev->v.u) : NULL;
        if (v != NULL)
            sd_put_json_cstr(b, v->key);
        else
            sd_buf_printf(b, "%llu", (unsigned long long)ev->v.u);
        break;
    case SMCCLC_FK_MAC:
    case SMCCLC_FK_IPV4:
    case SMCCLC_FK_IPV6:
    case SMCCLC_FK_PEERID: {
        size_t need = fi->kind == SMCCLC_FK_MAC      ? 6
                      : fi->kind == SMCCLC_FK_IPV4   ? 4
                      : fi->kind == SMCCLC_FK_PEERID ? 8
                                                     : 16;
        sd_buf_putc(b, '"');
        if (ev->v.bytes != NULL && ev->len >= need) {
            if (fi->kind == SMCCLC_FK_MAC)
                sd_put_mac(b, ev->v.bytes);
            else if (fi->kind == SMCCLC_FK_PEERID)
                sd_put_peerid(b, ev->v.bytes);
            else
                sd_put_ip(b, fi->kind == SMCCLC_FK_IPV4 ? 4 : 6, ev->v.bytes);
        }
        sd_buf_putc(b, '"');
        break;
    }
    case SMCCLC_FK_TEXT:
        if (ev->v.bytes != NULL)
            sd_put_json_string(b, (const char *)ev->v.bytes,
                               sd_text_trimmed_len(ev->v.bytes, ev->len));
        else
            sd_buf_puts(b, "\"\"");
        break;
    case SMCCLC_FK_NAME:
        sd_put_json_cstr(b, ev->v.str != NULL ? ev->v.str : "");
        break;
    case SMCCLC_FK_BYTES:
    default:
        sd_buf_putc(b, '"');
        if (ev->v.bytes != NULL)
            sd_put_hex(b, ev->v.bytes, ev->len);
        sd_buf_putc(b, '"');
        break;
    }
}

static void json_field(struct json_ctx *c, const struct smcclc_entry *ev)
{
    const struct smcclc_field_info *fi = &smcclc_field_table[ev->id];

    if (c->skip > 0 || (fi->flags & SMCCLC_FF_RESERVED) != 0 || c->depth == 0)
        return;
    if (c->kind[c->depth - 1] == C_OBJECT) {
        if (test_and_set(c->fields_seen[c->depth - 1], (unsigned)ev->id))
            return;
        sep(c);
        put_key(c->b, fi->key);
    } else {
        sep(c);
    }
    put_value(c->b, ev);
}

static void json_group(struct json_ctx *c, const struct smcclc_entry *ev)
{
    enum smcclc_group group = (enum smcclc_group)ev->id;
    const struct smcclc_group_info *gi = &smcclc_group_table[group];
    bool opened = false;

    if (ev->type == SMCCLC_ENTRY_GROUP_END || ev->type == SMCCLC_ENTRY_ITEM_END) {
        if (c->skip > 0) {
            c->skip--;
            return;
        }
        if (c->gdepth == 0)
            return;
        c->gdepth--;
        if (c->gopened[c->gdepth] && c->depth > 1)
            close_container(c);
        return;
    }
    if (c->skip > 0 || c->gdepth >= sizeof(c->gopened) / sizeof(c->gopened[0]) || c->depth == 0) {
        c->skip++;
        return;
    }
    if (ev->type == SMCCLC_ENTRY_ITEM_BEGIN) {
        if (c->kind[c->depth - 1] != C_ARRAY || c->depth >= JSON_MAX_DEPTH) {
            c->skip++;
            return;
        }
        sep(c);
        open_container(c, C_OBJECT);
        opened = true;
    } else if (gi->kind != SMCCLC_GK_SECTION) {
        /* A list needs a key, so it can only open inside an object. */
        if (c->kind[c->depth - 1] != C_OBJECT || c->depth >= JSON_MAX_DEPTH ||
            test_and_set(c->groups_seen[c->depth - 1], (unsigned)group)) {
            c->skip++;
            return;
        }
        sep(c);
        put_key(c->b, gi->key);
        open_container(c, C_ARRAY);
        opened = true;
    }
    c->gopened[c->gdepth++] = opened;
}

static void put_record_start(struct sd_buf *b, const char *event, uint64_t frame, uint64_t ts_us,
                             const struct sd_endpoint *src, const struct sd_endpoint *dst)
{
    sd_buf_puts(b, "{\"event\":\"");
    sd_buf_puts(b, event);
    sd_buf_printf(b, "\",\"frame\":%llu,\"ts\":\"", (unsigned long long)frame);
    sd_put_rfc3339(b, ts_us);
    sd_buf_puts(b, "\",\"src\":\"");
    sd_put_endpoint_json(b, src);
    sd_buf_puts(b, "\",\"dst\":\"");
    sd_put_endpoint_json(b, dst);
    sd_buf_putc(b, '"');
}

void sd_json_clc(struct sd_output *o, const struct sd_clc_event *e)
{
    struct sd_buf *b = &o->out;
    const struct smcclc_clc_msg *m = e->msg;
    struct json_ctx c;
    size_t k;
    unsigned i;

    memset(&c, 0, sizeof(c));
    c.b = b;
    put_record_start(b, "clc", e->frame, e->ts_us, &e->src, &e->dst);
    /* The record object is open; the message's fields become its members. */
    c.kind[0] = C_OBJECT;
    c.comma[0] = true;
    c.depth = 1;
    for (k = 0; k < e->n_entries; k++) {
        if (e->entries[k].type == SMCCLC_ENTRY_FIELD)
            json_field(&c, &e->entries[k]);
        else
            json_group(&c, &e->entries[k]);
    }
    /* A message cut inside a list leaves it open: close what the decoder did not. */
    while (c.depth > 1)
        close_container(&c);

    sd_buf_printf(b, ",\"truncated\":%s,\"anomalies\":[", m->truncated ? "true" : "false");
    for (i = 0; i < m->anomaly_count; i++) {
        if (i > 0)
            sd_buf_putc(b, ',');
        sd_put_json_cstr(b, smcclc_anomaly_table[m->anomalies[i].id].key);
    }
    sd_buf_puts(b, "],\"anomaly_offsets\":[");
    for (i = 0; i < m->anomaly_count; i++)
        sd_buf_printf(b, "%s%u", i > 0 ? "," : "", (unsigned)m->anomalies[i].off);
    sd_buf_puts(b, "]}\n");
    (void)sd_buf_flush(b);
}

static void put_frames(struct sd_buf *b, const struct smcclc_handshake *hs)
{
    const struct {
        enum smcclc_clc_type type;
        const struct smcclc_hs_msg_ref *ref;
    } refs[] = {
        {SMCCLC_CLC_PROPOSAL, &hs->proposal},
        {SMCCLC_CLC_ACCEPT, &hs->accept},
        {SMCCLC_CLC_CONFIRM, &hs->confirm},
        {SMCCLC_CLC_DECLINE, &hs->decline},
    };
    bool first = true;
    size_t i;

    sd_buf_puts(b, ",\"frames\":{");
    for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
        const struct smcclc_val *t = smcclc_val_lookup(SMCCLC_VALS_TYPE, refs[i].type);

        if (refs[i].ref->frame == 0 || t == NULL)
            continue;
        sd_buf_printf(b, "%s\"%s\":%lu", first ? "" : ",", t->key,
                      (unsigned long)refs[i].ref->frame);
        first = false;
    }
    sd_buf_putc(b, '}');
}

void sd_json_verdict(struct sd_output *o, const struct sd_verdict_event *e)
{
    struct sd_buf *b = &o->out;
    const struct smcclc_verdict *v = e->v;
    const struct smcclc_val *rel;

    put_record_start(b, "handshake", e->frame, e->ts_us, &e->client, &e->server);
    sd_buf_puts(b, ",\"client\":\"");
    sd_put_endpoint_json(b, &e->client);
    sd_buf_puts(b, "\",\"server\":\"");
    sd_put_endpoint_json(b, &e->server);
    sd_buf_puts(b, "\",\"outcome\":");
    if (v->outcome >= 0 && v->outcome < SMCCLC_OUTCOME_COUNT)
        sd_put_json_cstr(b, smcclc_outcome_vals[v->outcome].key);
    else
        sd_buf_puts(b, "null");
    if (v->smc_version != 0)
        sd_buf_printf(b, ",\"smc_version\":%u", (unsigned)v->smc_version);
    if (v->release != SMCCLC_RELEASE_NONE) {
        rel = smcclc_val_lookup(SMCCLC_VALS_RELEASE, v->release);
        sd_buf_puts(b, ",\"release\":");
        if (rel != NULL)
            sd_put_json_cstr(b, rel->key);
        else
            sd_buf_printf(b, "%u", (unsigned)v->release);
    }
    if (v->reason != NULL) {
        sd_buf_puts(b, ",\"reason\":");
        sd_put_json_cstr(b, v->reason);
    }
    if (v->reason_code != 0)
        sd_buf_printf(b, ",\"reason_code\":%lu", (unsigned long)v->reason_code);
    if (v->hint != NULL) {
        sd_buf_puts(b, ",\"hint\":");
        sd_put_json_cstr(b, v->hint);
    }
    if (v->anchor != NULL) {
        sd_buf_puts(b, ",\"guide\":\"");
        sd_put_json_chars(b, SD_GUIDE, strlen(SD_GUIDE));
        sd_put_json_chars(b, v->anchor, strlen(v->anchor));
        sd_buf_putc(b, '"');
    }
    if (v->situation > SMCCLC_SITUATION_NONE && v->situation < SMCCLC_SITUATION_COUNT) {
        sd_buf_puts(b, ",\"situation\":");
        sd_put_json_cstr(b, smcclc_situation_table[v->situation].anchor);
    }
    sd_buf_printf(b, ",\"duration_us\":%llu", (unsigned long long)v->duration_us);
    if (e->hs != NULL)
        put_frames(b, e->hs);
    sd_buf_puts(b, "}\n");
    (void)sd_buf_flush(b);
}
