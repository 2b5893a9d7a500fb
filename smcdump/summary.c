/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump --compare's inputs to per-connection summaries. Sizes
 * come from the Accept and the Confirm, which precede the verdict; they
 * wait in a hash of the endpoint pair (both readers key it the same way,
 * by the JSON endpoint text) until the verdict takes them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "jsonl.h"
#include "summary.h"

/* A message, with what --compare keeps of it. */
struct msg_info {
    int type;          /* enum smcclc_clc_type */
    int first_contact; /* -1: absent */
    uint64_t buf;      /* RMBE or DMBE bytes, 0: absent */
    unsigned mtu, max_conns, max_links;
};

static uint32_t fnv(const char *s)
{
    uint32_t h = 2166136261u;

    while (*s)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

static void pair_key(char *key, size_t n, const char *x, const char *y)
{
    if (strcmp(x, y) > 0) {
        const char *t = x;

        x = y;
        y = t;
    }
    snprintf(key, n, "%s|%s", x, y);
}

static struct sd_pending *pending_find(struct sd_side *s, const char *key, bool create)
{
    uint32_t b = fnv(key) & (SD_PENDING_BUCKETS - 1);
    int32_t i;
    struct sd_pending *p;

    for (i = s->bucket[b]; i >= 0; i = s->p[i].next)
        if (strcmp(s->p[i].key, key) == 0)
            return &s->p[i];
    if (!create)
        return NULL;
    if (s->free_list >= 0) {
        i = s->free_list;
        s->free_list = s->p[i].next;
    } else {
        if (s->np == s->pcap) {
            size_t cap = s->pcap ? s->pcap * 2 : 256;
            struct sd_pending *np;

            if (cap > SD_COMPARE_MAX)
                cap = SD_COMPARE_MAX;
            if (s->np == cap)
                return NULL;
            np = realloc(s->p, cap * sizeof(*np));
            if (np == NULL) {
                s->out_of_memory = true;
                return NULL;
            }
            s->p = np;
            s->pcap = cap;
        }
        i = (int32_t)s->np++;
    }
    p = &s->p[i];
    memset(p, 0, sizeof(*p));
    snprintf(p->key, sizeof(p->key), "%s", key);
    p->used = true;
    p->first_contact = -1;
    p->next = s->bucket[b];
    s->bucket[b] = i;
    return p;
}

static void pending_drop(struct sd_side *s, struct sd_pending *p)
{
    uint32_t b = fnv(p->key) & (SD_PENDING_BUCKETS - 1);
    int32_t idx = (int32_t)(p - s->p), *link = &s->bucket[b];

    while (*link >= 0 && *link != idx)
        link = &s->p[*link].next;
    if (*link == idx)
        *link = p->next;
    p->used = false;
    p->next = s->free_list;
    s->free_list = idx;
}

static void side_clc(struct sd_side *s, const char *src, const char *dst, const struct msg_info *m)
{
    char key[2 * SD_ENDPOINT_STR + 1];
    struct sd_pending *p;

    if (m->type != SMCCLC_CLC_ACCEPT && m->type != SMCCLC_CLC_CONFIRM)
        return;
    pair_key(key, sizeof(key), src, dst);
    p = pending_find(s, key, true);
    if (p == NULL) {
        s->dropped_pending++;
        return;
    }
    /* The Accept comes from the server and speaks for it, the Confirm for the client. */
    if (m->type == SMCCLC_CLC_ACCEPT) {
        if (m->buf != 0)
            p->server_buf = m->buf;
        if (m->first_contact >= 0) {
            p->first_contact = m->first_contact;
            p->fc_from_accept = true;
        }
    } else {
        if (m->buf != 0)
            p->client_buf = m->buf;
        if (m->first_contact >= 0 && !p->fc_from_accept)
            p->first_contact = m->first_contact;
    }
    if (m->mtu != 0 && (p->mtu == 0 || m->mtu < p->mtu))
        p->mtu = m->mtu;
    /* The client's Confirm carries the values both sides settled on. */
    if ((m->max_conns != 0 || m->max_links != 0) &&
        (m->type == SMCCLC_CLC_CONFIRM || !p->limits_from_confirm)) {
        p->max_conns = m->max_conns;
        p->max_links = m->max_links;
        p->limits_from_confirm = m->type == SMCCLC_CLC_CONFIRM;
    }
}

static void side_verdict(struct sd_side *s, struct sd_conn *c)
{
    char key[2 * SD_ENDPOINT_STR + 1];
    struct sd_pending *p;

    pair_key(key, sizeof(key), c->client, c->server);
    p = pending_find(s, key, false);
    c->first_contact = -1;
    if (p != NULL) {
        c->first_contact = p->first_contact;
        c->server_buf = p->server_buf;
        c->client_buf = p->client_buf;
        c->mtu = p->mtu;
        c->max_conns = p->max_conns;
        c->max_links = p->max_links;
        pending_drop(s, p);
    }
    c->match = -1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct sd_conn *nc;

        if (cap > SD_COMPARE_MAX)
            cap = SD_COMPARE_MAX;
        if (s->n == cap) {
            s->overflow = true;
            return;
        }
        nc = realloc(s->c, cap * sizeof(*nc));
        if (nc == NULL) {
            s->out_of_memory = true;
            return;
        }
        s->c = nc;
        s->cap = cap;
    }
    s->c[s->n++] = *c;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* ---- captures ---- */

static void cap_clc(void *ctx, const struct sd_clc_event *e)
{
    const struct smcclc_clc_msg *m = e->msg;
    struct msg_info mi = {.type = m->type, .first_contact = -1};
    char src[SD_ENDPOINT_STR], dst[SD_ENDPOINT_STR];

    if (m->type == SMCCLC_CLC_ACCEPT || m->type == SMCCLC_CLC_CONFIRM) {
        mi.first_contact = m->first_contact;
        if (!m->truncated) {
            mi.buf = smcclc_buf_size_bytes(m->rmbe_size);
            if (m->eyecatcher == SMCCLC_TYPE_R)
                mi.mtu = smcclc_qp_mtu_bytes(m->qp_mtu);
            mi.max_conns = m->max_conns;
            mi.max_links = m->max_links;
        }
    }
    sd_endpoint_str(src, sizeof(src), &e->src);
    sd_endpoint_str(dst, sizeof(dst), &e->dst);
    side_clc(ctx, src, dst, &mi);
}

static void cap_verdict(void *ctx, const struct sd_verdict_event *e)
{
    const struct smcclc_verdict *v = e->v;
    const struct smcclc_val *rel;
    struct sd_conn c;

    memset(&c, 0, sizeof(c));
    sd_endpoint_str(c.client, sizeof(c.client), &e->client);
    sd_endpoint_str(c.server, sizeof(c.server), &e->server);
    if (v->outcome >= 0 && v->outcome < SMCCLC_OUTCOME_COUNT)
        copy(c.outcome, sizeof(c.outcome), smcclc_outcome_vals[v->outcome].key);
    copy(c.reason, sizeof(c.reason), v->reason);
    if (v->release != SMCCLC_RELEASE_NONE) {
        rel = smcclc_val_lookup(SMCCLC_VALS_RELEASE, v->release);
        if (rel != NULL)
            copy(c.release, sizeof(c.release), rel->key);
        else
            snprintf(c.release, sizeof(c.release), "%u", (unsigned)v->release);
    }
    if (v->situation > SMCCLC_SITUATION_NONE && v->situation < SMCCLC_SITUATION_COUNT)
        copy(c.situation, sizeof(c.situation), smcclc_situation_table[v->situation].anchor);
    c.version = v->smc_version;
    c.duration_us = v->duration_us;
    c.has_duration = true;
    c.frame = e->frame;
    side_verdict(ctx, &c);
}

static int read_capture(struct sd_side *s, const char *filter, uint32_t max_flows)
{
    struct sd_capture_opts co = {.file = s->name, .filter = filter, .promisc = true, .quiet = true};
    struct sd_observer obs = {cap_clc, cap_verdict, s};
    struct sd_output_opts oo = {.out = stdout, .err = stderr, .numeric = true, .silent = true};
    struct sd_analyzer_opts ao = {.max_flows = max_flows};
    struct sd_capture *cap;
    struct sd_output *out;
    struct sd_analyzer *a;
    int rc;

    rc = sd_capture_open(&cap, &co, stderr);
    if (rc != SD_EXIT_OK)
        return rc;
    oo.input_name = strcmp(s->name, "-") == 0 ? "(stdin)" : s->name;
    oo.observer = &obs;
    out = sd_output_new(&oo);
    ao.linktype = sd_capture_linktype(cap);
    a = out != NULL ? sd_analyzer_new(out, &ao) : NULL;
    if (a == NULL) {
        fprintf(stderr, "smcdump: out of memory\n");
        sd_output_free(out);
        sd_capture_close(cap);
        return SD_EXIT_INPUT;
    }
    rc = sd_capture_run(cap, a);
    sd_analyze_finish(a);
    (void)sd_report_finish(out, sd_analyze_counters(a));
    sd_analyzer_free(a);
    sd_output_free(out);
    sd_capture_close(cap);
    return rc;
}

/* ---- JSON Lines ---- */

static const char *field_key(enum smcclc_field f)
{
    return smcclc_field_table[f].key;
}

static int type_by_key(const char *key)
{
    const struct smcclc_val *row;

    if (key == NULL)
        return -1;
    for (row = smcclc_vals_table[SMCCLC_VALS_TYPE]; row->key != NULL; row++)
        if (strcmp(row->key, key) == 0)
            return (int)row->value;
    return -1;
}

static unsigned small_uint(const struct sd_jrec *r, const char *key)
{
    uint64_t u;

    return sd_jrec_uint(r, key, &u) && u <= UINT32_MAX ? (unsigned)u : 0;
}

static void json_clc(struct sd_side *s, const struct sd_jrec *r)
{
    const char *src = sd_jrec_str(r, "src"), *dst = sd_jrec_str(r, "dst");
    const struct sd_jval *fc = sd_jrec_get(r, field_key(SMCCLC_F_FIRST_CONTACT));
    struct msg_info mi = {.type = type_by_key(sd_jrec_str(r, field_key(SMCCLC_F_TYPE))),
                          .first_contact = -1};
    uint64_t u;

    const struct sd_jval *cut = sd_jrec_get(r, "truncated");

    if (src == NULL || dst == NULL)
        return;
    if (fc != NULL && fc->type == SD_J_BOOL)
        mi.first_contact = fc->b;
    /* As from a capture: a message cut by snaplen gives no sizes. */
    if (cut != NULL && cut->type == SD_J_BOOL && cut->b) {
        side_clc(s, src, dst, &mi);
        return;
    }
    if (sd_jrec_uint(r, field_key(SMCCLC_F_RMBE_SIZE_BYTES), &u) ||
        sd_jrec_uint(r, field_key(SMCCLC_F_DMBE_SIZE_BYTES), &u))
        mi.buf = u;
    mi.mtu = small_uint(r, field_key(SMCCLC_F_QP_MTU_BYTES));
    mi.max_conns = small_uint(r, field_key(SMCCLC_F_FCE_MAX_CONNS));
    mi.max_links = small_uint(r, field_key(SMCCLC_F_FCE_MAX_LINKS));
    side_clc(s, src, dst, &mi);
}

static void json_verdict(struct sd_side *s, const struct sd_jrec *r)
{
    const struct sd_jval *rel = sd_jrec_get(r, "release");
    struct sd_conn c;

    memset(&c, 0, sizeof(c));
    if (sd_jrec_str(r, "client") == NULL || sd_jrec_str(r, "server") == NULL)
        return;
    copy(c.client, sizeof(c.client), sd_jrec_str(r, "client"));
    copy(c.server, sizeof(c.server), sd_jrec_str(r, "server"));
    copy(c.outcome, sizeof(c.outcome), sd_jrec_str(r, "outcome"));
    copy(c.reason, sizeof(c.reason), sd_jrec_str(r, "reason"));
    copy(c.situation, sizeof(c.situation), sd_jrec_str(r, "situation"));
    if (rel != NULL && rel->type == SD_J_STRING)
        copy(c.release, sizeof(c.release), rel->s);
    else if (rel != NULL && rel->type == SD_J_UINT)
        snprintf(c.release, sizeof(c.release), "%llu", (unsigned long long)rel->u);
    c.version = small_uint(r, "smc_version");
    c.has_duration = sd_jrec_uint(r, "duration_us", &c.duration_us);
    (void)sd_jrec_uint(r, "frame", &c.frame);
    side_verdict(s, &c);
}

static int read_json(struct sd_side *s, FILE *f)
{
    static char line[SD_JSONL_LINE_MAX + 1];
    static struct sd_jrec rec;
    unsigned long long lineno = 0;
    int rc = SD_EXIT_OK;
    const char *err, *event;
    bool too_long;
    size_t off;
    long n;

    while ((n = sd_jsonl_getline(f, line, &too_long)) >= 0) {
        lineno++;
        if (too_long) {
            fprintf(stderr, "smcdump: %s: line %llu: longer than %u bytes, skipped\n", s->name,
                    lineno, (unsigned)SD_JSONL_LINE_MAX);
            rc = SD_EXIT_DAMAGED;
            continue;
        }
        if (n == 0)
            continue;
        err = sd_jsonl_parse(line, (size_t)n, &rec, &off);
        if (err != NULL) {
            fprintf(stderr, "smcdump: %s: line %llu, byte %zu: not smcdump JSON: %s\n", s->name,
                    lineno, off, err);
            rc = SD_EXIT_DAMAGED;
            continue;
        }
        event = sd_jrec_str(&rec, "event");
        if (event != NULL && strcmp(event, "clc") == 0)
            json_clc(s, &rec);
        else if (event != NULL && strcmp(event, "handshake") == 0)
            json_verdict(s, &rec);
    }
    if (ferror(f)) {
        fprintf(stderr, "smcdump: %s: %s\n", s->name, strerror(errno));
        rc = SD_EXIT_INPUT;
    }
    return rc;
}

/* A capture, or JSON Lines (the first byte is '{', or the file is empty). */
int sd_side_read(struct sd_side *s, const char *filter, uint32_t max_flows, bool *json)
{
    bool is_stdin = strcmp(s->name, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(s->name, "rb");
    int ch, rc;

    if (f == NULL) {
        fprintf(stderr, "smcdump: %s: %s\n", s->name, strerror(errno));
        return SD_EXIT_INPUT;
    }
    ch = getc(f);
    *json = ch == '{' || ch == EOF;
    if (*json) {
        if (ch != EOF)
            ungetc(ch, f);
        rc = read_json(s, f);
        if (!is_stdin)
            fclose(f);
        return rc;
    }
    /* libpcap would want the byte back, and a read buffer set before the first read. */
    if (is_stdin) {
        fprintf(stderr, "smcdump: --compare: standard input must be smcdump --json output; give "
                        "a capture as a file\n");
        return SD_EXIT_INPUT;
    }
    fclose(f);
    return read_capture(s, filter, max_flows);
}

void sd_side_free(struct sd_side *s)
{
    free(s->c);
    free(s->p);
}

void sd_side_init(struct sd_side *s, const char *name)
{
    memset(s, 0, sizeof(*s));
    s->name = name;
    s->free_list = -1;
    memset(s->bucket, 0xFF, sizeof(s->bucket)); /* every head -1 */
}
