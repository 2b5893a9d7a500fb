/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump --compare: reduce each input to one summary per
 * connection, pair the connections of A and B, print what changed.
 *
 * Both inputs become the same summaries whether they are captures (the
 * analysis runs with an observer and no output) or JSON Lines written by
 * smcdump --json (clc records give the sizes, handshake records the
 * verdict), so a capture can be compared with an old --json log.
 *
 * Pairing, in three passes over the connections not paired yet, each in
 * the order the verdicts came: same server address and port; same server
 * address; then any. The later passes let two runs of one test that used
 * other ports (or other addresses) still line up; the pairing is printed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "compare.h"
#include "format.h"
#include "jsonl.h"

#define PENDING_BUCKETS 65536

struct conn {
    char client[SD_ENDPOINT_STR], server[SD_ENDPOINT_STR];
    char outcome[24], reason[32], release[8], situation[32];
    unsigned version;  /* 0: none */
    int first_contact; /* -1: unknown */
    uint64_t duration_us;
    bool has_duration;               /* an old or hand-made JSON line may lack it */
    uint64_t server_buf, client_buf; /* RMBE/DMBE bytes from Accept / Confirm, 0: unknown */
    unsigned mtu;                    /* smaller QP MTU of Accept and Confirm, 0: unknown */
    unsigned max_conns, max_links;   /* v2.1, from the Confirm (else Accept); 0: unknown */
    uint64_t frame;
    int32_t match; /* index in the other input, -1 */
};

/* What the CLC messages of a connection said before its verdict. */
struct pending {
    char key[2 * SD_ENDPOINT_STR + 1]; /* the two endpoints, sorted, '|' between */
    int32_t next;                      /* chain, or free list */
    bool used;
    int first_contact;
    bool fc_from_accept;
    uint64_t server_buf, client_buf;
    unsigned mtu, max_conns, max_links;
    bool limits_from_confirm;
};

struct side {
    const char *name;
    struct conn *c;
    size_t n, cap;
    bool overflow;
    struct pending *p;
    size_t np, pcap;
    int32_t free_list;
    int32_t bucket[PENDING_BUCKETS];
    uint64_t dropped_pending;
};

/* A message, with what --compare keeps of it. */
struct msg_info {
    int type;          /* enum smc_clc_type */
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

static struct pending *pending_find(struct side *s, const char *key, bool create)
{
    uint32_t b = fnv(key) & (PENDING_BUCKETS - 1);
    int32_t i;
    struct pending *p;

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
            struct pending *np;

            if (cap > SD_COMPARE_MAX)
                cap = SD_COMPARE_MAX;
            if (s->np == cap)
                return NULL;
            np = realloc(s->p, cap * sizeof(*np));
            if (np == NULL)
                return NULL;
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

static void pending_drop(struct side *s, struct pending *p)
{
    uint32_t b = fnv(p->key) & (PENDING_BUCKETS - 1);
    int32_t idx = (int32_t)(p - s->p), *link = &s->bucket[b];

    while (*link >= 0 && *link != idx)
        link = &s->p[*link].next;
    if (*link == idx)
        *link = p->next;
    p->used = false;
    p->next = s->free_list;
    s->free_list = idx;
}

static void side_clc(struct side *s, const char *src, const char *dst, const struct msg_info *m)
{
    char key[2 * SD_ENDPOINT_STR + 1];
    struct pending *p;

    if (m->type != SMC_CLC_ACCEPT && m->type != SMC_CLC_CONFIRM)
        return;
    pair_key(key, sizeof(key), src, dst);
    p = pending_find(s, key, true);
    if (p == NULL) {
        s->dropped_pending++;
        return;
    }
    /* The Accept comes from the server and speaks for it, the Confirm for the client. */
    if (m->type == SMC_CLC_ACCEPT) {
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
        (m->type == SMC_CLC_CONFIRM || !p->limits_from_confirm)) {
        p->max_conns = m->max_conns;
        p->max_links = m->max_links;
        p->limits_from_confirm = m->type == SMC_CLC_CONFIRM;
    }
}

static void side_verdict(struct side *s, struct conn *c)
{
    char key[2 * SD_ENDPOINT_STR + 1];
    struct pending *p;

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
        struct conn *nc;

        if (cap > SD_COMPARE_MAX)
            cap = SD_COMPARE_MAX;
        nc = s->n < cap ? realloc(s->c, cap * sizeof(*nc)) : NULL;
        if (nc == NULL) {
            s->overflow = true;
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
    const struct smc_clc_msg *m = e->msg;
    struct msg_info mi = {.type = m->type, .first_contact = -1};
    char src[SD_ENDPOINT_STR], dst[SD_ENDPOINT_STR];

    if (m->type == SMC_CLC_ACCEPT || m->type == SMC_CLC_CONFIRM) {
        mi.first_contact = m->first_contact;
        if (!m->truncated) {
            mi.buf = smc_buf_size_bytes(m->rmbe_size);
            if (m->eyecatcher == SMC_TYPE_R)
                mi.mtu = smc_qp_mtu_bytes(m->qp_mtu);
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
    const struct smc_verdict *v = e->v;
    const struct smc_val *rel;
    struct conn c;

    memset(&c, 0, sizeof(c));
    sd_endpoint_str(c.client, sizeof(c.client), &e->client);
    sd_endpoint_str(c.server, sizeof(c.server), &e->server);
    if (v->outcome >= 0 && v->outcome < SMC_OUTCOME_COUNT)
        copy(c.outcome, sizeof(c.outcome), smc_outcome_vals[v->outcome].key);
    copy(c.reason, sizeof(c.reason), v->reason);
    if (v->release != 0xFF) {
        rel = smc_val_lookup(SMC_VALS_RELEASE, v->release);
        if (rel != NULL)
            copy(c.release, sizeof(c.release), rel->key);
        else
            snprintf(c.release, sizeof(c.release), "%u", (unsigned)v->release);
    }
    if (v->situation > SMC_SITUATION_NONE && v->situation < SMC_SITUATION_COUNT)
        copy(c.situation, sizeof(c.situation), smc_situation_table[v->situation].anchor);
    c.version = v->smc_version;
    c.duration_us = v->duration_us;
    c.has_duration = true;
    c.frame = e->frame;
    side_verdict(ctx, &c);
}

static int read_capture(struct side *s, const char *filter, uint32_t max_flows)
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

static const char *field_key(enum smc_field f)
{
    return smc_field_table[f].key;
}

static int type_by_key(const char *key)
{
    const struct smc_val *row;

    if (key == NULL)
        return -1;
    for (row = smc_vals_table[SMC_VALS_TYPE]; row->key != NULL; row++)
        if (strcmp(row->key, key) == 0)
            return (int)row->value;
    return -1;
}

static unsigned small_uint(const struct sd_jrec *r, const char *key)
{
    uint64_t u;

    return sd_jrec_uint(r, key, &u) && u <= UINT32_MAX ? (unsigned)u : 0;
}

static void json_clc(struct side *s, const struct sd_jrec *r)
{
    const char *src = sd_jrec_str(r, "src"), *dst = sd_jrec_str(r, "dst");
    const struct sd_jval *fc = sd_jrec_get(r, field_key(SMC_F_FIRST_CONTACT));
    struct msg_info mi = {.type = type_by_key(sd_jrec_str(r, field_key(SMC_F_TYPE))),
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
    if (sd_jrec_uint(r, field_key(SMC_F_RMBE_SIZE_BYTES), &u) ||
        sd_jrec_uint(r, field_key(SMC_F_DMBE_SIZE_BYTES), &u))
        mi.buf = u;
    mi.mtu = small_uint(r, field_key(SMC_F_QP_MTU_BYTES));
    mi.max_conns = small_uint(r, field_key(SMC_F_FCE_MAX_CONNS));
    mi.max_links = small_uint(r, field_key(SMC_F_FCE_MAX_LINKS));
    side_clc(s, src, dst, &mi);
}

static void json_verdict(struct side *s, const struct sd_jrec *r)
{
    const struct sd_jval *rel = sd_jrec_get(r, "release");
    struct conn c;

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

static int read_json(struct side *s, FILE *f)
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
static int read_input(struct side *s, const char *filter, uint32_t max_flows, bool *json)
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

/* ---- pairing ---- */

/* The server's address without the port: "192.0.2.1" of "192.0.2.1:5107". */
static size_t addr_len(const char *ep)
{
    const char *colon = strrchr(ep, ':');

    return colon != NULL ? (size_t)(colon - ep) : strlen(ep);
}

enum pass { BY_SERVER, BY_ADDRESS, BY_ORDER };

static size_t pass_key_len(enum pass p, const char *server)
{
    return p == BY_SERVER ? strlen(server) : p == BY_ADDRESS ? addr_len(server) : 0;
}

struct group {
    bool used;
    const char *key;
    size_t len;
    int32_t first, last, cursor;
};

static uint32_t fnv_n(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static struct group *group_of(struct group *g, size_t mask, const char *key, size_t len)
{
    size_t i = fnv_n(key, len) & mask;

    while (g[i].used && (g[i].len != len || memcmp(g[i].key, key, len) != 0))
        i = (i + 1) & mask;
    return &g[i];
}

/* Pair what is left, in order, within groups of equal keys. */
static bool match_pass(struct side *a, struct side *b, enum pass p)
{
    size_t cap = 16, i;
    struct group *g;
    int32_t *next;

    while (cap < 2 * b->n)
        cap *= 2;
    g = calloc(cap, sizeof(*g));
    next = malloc((b->n ? b->n : 1) * sizeof(*next));
    if (g == NULL || next == NULL) {
        free(g);
        free(next);
        return false;
    }
    for (i = 0; i < b->n; i++) {
        const char *sv = b->c[i].server;
        struct group *gr;

        if (b->c[i].match >= 0)
            continue;
        gr = group_of(g, cap - 1, sv, pass_key_len(p, sv));
        next[i] = -1;
        if (!gr->used) {
            gr->used = true;
            gr->key = sv;
            gr->len = pass_key_len(p, sv);
            gr->first = gr->last = gr->cursor = (int32_t)i;
        } else {
            next[gr->last] = (int32_t)i;
            gr->last = (int32_t)i;
        }
    }
    for (i = 0; i < a->n; i++) {
        const char *sv = a->c[i].server;
        struct group *gr;
        int32_t j;

        if (a->c[i].match >= 0)
            continue;
        gr = group_of(g, cap - 1, sv, pass_key_len(p, sv));
        if (!gr->used || gr->cursor < 0)
            continue;
        j = gr->cursor;
        gr->cursor = next[j];
        a->c[i].match = j;
        b->c[j].match = (int32_t)i;
    }
    free(g);
    free(next);
    return true;
}

/* ---- differences ---- */

enum diff_field {
    D_OUTCOME,
    D_REASON,
    D_SITUATION,
    D_VERSION,
    D_RELEASE,
    D_FIRST_CONTACT,
    D_SERVER_BUF,
    D_CLIENT_BUF,
    D_MTU,
    D_MAX_CONNS,
    D_MAX_LINKS,
    D_DURATION,
    D_COUNT
};

/* Member names of the JSON records, and the words of the text lines. */
static const char *const diff_name[D_COUNT] = {
    [D_OUTCOME] = "outcome",
    [D_REASON] = "reason",
    [D_SITUATION] = "situation",
    [D_VERSION] = "smc_version",
    [D_RELEASE] = "release",
    [D_FIRST_CONTACT] = "first_contact",
    [D_SERVER_BUF] = "server_buffer_bytes",
    [D_CLIENT_BUF] = "client_buffer_bytes",
    [D_MTU] = "qp_mtu_bytes",
    [D_MAX_CONNS] = "max_conns",
    [D_MAX_LINKS] = "max_links",
    [D_DURATION] = "duration_us",
};

static bool is_string_field(enum diff_field d)
{
    return d == D_OUTCOME || d == D_REASON || d == D_SITUATION || d == D_RELEASE;
}

static const char *str_of(const struct conn *c, enum diff_field d)
{
    switch (d) {
    case D_OUTCOME:
        return c->outcome;
    case D_REASON:
        return c->reason;
    case D_SITUATION:
        return c->situation;
    default:
        return c->release;
    }
}

/* Unknown (0, or -1 for first_contact) is not a value. */
static bool num_of(const struct conn *c, enum diff_field d, uint64_t *v)
{
    switch (d) {
    case D_VERSION:
        *v = c->version;
        break;
    case D_FIRST_CONTACT:
        *v = (uint64_t)c->first_contact;
        return c->first_contact >= 0;
    case D_SERVER_BUF:
        *v = c->server_buf;
        break;
    case D_CLIENT_BUF:
        *v = c->client_buf;
        break;
    case D_MTU:
        *v = c->mtu;
        break;
    case D_MAX_CONNS:
        *v = c->max_conns;
        break;
    case D_MAX_LINKS:
        *v = c->max_links;
        break;
    default:
        *v = c->duration_us;
        return c->has_duration;
    }
    return *v != 0;
}

static bool changed(const struct conn *x, const struct conn *y, enum diff_field d)
{
    uint64_t a, b, lo, hi;
    bool ha, hb;

    if (d == D_OUTCOME || d == D_REASON || d == D_SITUATION)
        return strcmp(str_of(x, d), str_of(y, d)) != 0;
    /* A release, size or version that one side does not show is said by the outcome. */
    if (d == D_RELEASE)
        return x->release[0] && y->release[0] && strcmp(x->release, y->release) != 0;
    ha = num_of(x, d, &a);
    hb = num_of(y, d, &b);
    if (!ha || !hb)
        return false;
    if (d != D_DURATION)
        return a != b;
    lo = a < b ? a : b;
    hi = a < b ? b : a;
    return hi - lo >= SD_COMPARE_DURATION_MIN_US && hi >= lo * SD_COMPARE_DURATION_FACTOR;
}

static void put_num_text(struct sd_buf *b, enum diff_field d, const struct conn *c)
{
    uint64_t v;

    if (!num_of(c, d, &v)) {
        sd_buf_putc(b, '-');
        return;
    }
    if (d == D_DURATION)
        sd_put_duration(b, v);
    else if (d == D_FIRST_CONTACT)
        sd_buf_puts(b, v ? "yes" : "no");
    else
        sd_buf_printf(b, "%llu", (unsigned long long)v);
}

static void put_value_text(struct sd_buf *b, enum diff_field d, const struct conn *c)
{
    if (is_string_field(d))
        sd_buf_puts(b, *str_of(c, d) ? str_of(c, d) : "-");
    else
        put_num_text(b, d, c);
}

static void put_value_json(struct sd_buf *b, enum diff_field d, const struct conn *c)
{
    uint64_t v;

    if (is_string_field(d)) {
        if (*str_of(c, d))
            sd_put_json_cstr(b, str_of(c, d));
        else
            sd_buf_puts(b, "null");
    } else if (!num_of(c, d, &v)) {
        sd_buf_puts(b, "null");
    } else if (d == D_FIRST_CONTACT) {
        sd_buf_puts(b, v ? "true" : "false");
    } else {
        sd_buf_printf(b, "%llu", (unsigned long long)v);
    }
}

/* In the words of --expect: smc-r,version=2,release=2.1,first_contact */
static void put_summary_text(struct sd_buf *b, const struct conn *c)
{
    sd_buf_puts(b, *c->outcome ? c->outcome : "?");
    if (c->version)
        sd_buf_printf(b, ",version=%u", c->version);
    if (*c->release)
        sd_buf_printf(b, ",release=%s", c->release);
    if (c->first_contact >= 0)
        sd_buf_puts(b, c->first_contact ? ",first_contact" : ",reuse");
    if (*c->reason)
        sd_buf_printf(b, ",reason=%s", c->reason);
    if (*c->situation)
        sd_buf_printf(b, " (%s)", c->situation);
}

static void put_conn_json(struct sd_buf *b, const struct conn *c, size_t index)
{
    enum diff_field d;

    if (c == NULL) {
        sd_buf_puts(b, "null");
        return;
    }
    sd_buf_printf(b, "{\"index\":%zu,\"frame\":%llu,\"client\":", index,
                  (unsigned long long)c->frame);
    sd_put_json_cstr(b, c->client);
    sd_buf_puts(b, ",\"server\":");
    sd_put_json_cstr(b, c->server);
    for (d = 0; d < D_COUNT; d++) {
        uint64_t v;

        if (is_string_field(d) ? *str_of(c, d) == '\0' : !num_of(c, d, &v))
            continue;
        sd_buf_printf(b, ",\"%s\":", diff_name[d]);
        put_value_json(b, d, c);
    }
    sd_buf_putc(b, '}');
}

struct totals {
    size_t matched, changed, only_a, only_b;
};

static void report_pair(struct sd_buf *b, bool json, const struct side *sa, size_t i,
                        const struct side *sb, struct totals *t)
{
    const struct conn *x = &sa->c[i];
    const struct conn *y = x->match >= 0 ? &sb->c[x->match] : NULL;
    bool first = true;
    enum diff_field d;

    t->matched++;
    for (d = 0; d < D_COUNT; d++) {
        if (!changed(x, y, d))
            continue;
        if (first) {
            t->changed++;
            if (json) {
                sd_buf_puts(b, "{\"event\":\"compare\",\"a\":");
                put_conn_json(b, x, i + 1);
                sd_buf_puts(b, ",\"b\":");
                put_conn_json(b, y, (size_t)x->match + 1);
                sd_buf_puts(b, ",\"changes\":{");
            } else {
                sd_buf_puts(b, x->server);
                if (strcmp(x->server, y->server) != 0)
                    sd_buf_printf(b, " / %s", y->server);
                sd_buf_printf(b, " (A#%zu, B#%zu): ", i + 1, (size_t)x->match + 1);
            }
        }
        if (json) {
            sd_buf_printf(b, "%s\"%s\":[", first ? "" : ",", diff_name[d]);
            put_value_json(b, d, x);
            sd_buf_putc(b, ',');
            put_value_json(b, d, y);
            sd_buf_putc(b, ']');
        } else {
            sd_buf_printf(b, "%s%s ", first ? "" : ", ", diff_name[d]);
            put_value_text(b, d, x);
            sd_buf_puts(b, " -> ");
            put_value_text(b, d, y);
        }
        first = false;
    }
    if (!first) {
        sd_buf_puts(b, json ? "}}\n" : "\n");
        (void)sd_buf_flush(b);
    }
}

static void report_single(struct sd_buf *b, bool json, const struct conn *c, size_t index,
                          bool in_a)
{
    if (json) {
        sd_buf_puts(b, "{\"event\":\"compare\",\"a\":");
        put_conn_json(b, in_a ? c : NULL, index);
        sd_buf_puts(b, ",\"b\":");
        put_conn_json(b, in_a ? NULL : c, index);
        sd_buf_puts(b, ",\"changes\":{}}\n");
    } else {
        sd_buf_printf(b, "%s (%s#%zu): only in %s: ", c->server, in_a ? "A" : "B", index,
                      in_a ? "A" : "B");
        put_summary_text(b, c);
        sd_buf_putc(b, '\n');
    }
    (void)sd_buf_flush(b);
}

static void free_side(struct side *s)
{
    free(s->c);
    free(s->p);
}

static void init_side(struct side *s, const char *name)
{
    memset(s, 0, sizeof(*s));
    s->name = name;
    s->free_list = -1;
    memset(s->bucket, 0xFF, sizeof(s->bucket)); /* every head -1 */
}

static int worse(int rc, int other)
{
    return rc != SD_EXIT_OK ? rc : other;
}

int sd_compare_main(const char *a, const char *b, int argc, char **argv,
                    const struct sd_output_opts *oo, uint32_t max_flows)
{
    static struct side sa, sb;
    static struct sd_buf out;
    struct totals t = {0, 0, 0, 0};
    char *filter = NULL;
    bool json_a, json_b;
    size_t len = 1, i;
    int rc, k;

    for (k = 0; k < argc; k++)
        len += strlen(argv[k]) + 1;
    if (argc > 0 && (filter = calloc(1, len)) != NULL) {
        for (k = 0; k < argc; k++) {
            if (k)
                strcat(filter, " ");
            strcat(filter, argv[k]);
        }
    }
    if (strcmp(a, "-") == 0 && strcmp(b, "-") == 0) {
        fprintf(stderr, "smcdump: --compare: only one of A and B can be standard input\n");
        free(filter);
        return SD_EXIT_USAGE;
    }
    init_side(&sa, a);
    init_side(&sb, b);
    rc = read_input(&sa, filter, max_flows, &json_a);
    rc = worse(rc, read_input(&sb, filter, max_flows, &json_b));
    if (rc == SD_EXIT_OK && filter != NULL && (json_a || json_b)) {
        fprintf(stderr,
                "smcdump: --compare: a filter expression applies to captures, and %s is "
                "JSON\n",
                json_a ? a : b);
        rc = SD_EXIT_USAGE;
    }
    free(filter);
    if (sa.overflow || sb.overflow) {
        fprintf(stderr, "smcdump: --compare: %s has more than %u connections\n",
                sa.overflow ? a : b, (unsigned)SD_COMPARE_MAX);
        rc = worse(rc, SD_EXIT_INPUT);
    }
    if (rc == SD_EXIT_INPUT || rc == SD_EXIT_USAGE) {
        free_side(&sa);
        free_side(&sb);
        return rc;
    }
    if (!match_pass(&sa, &sb, BY_SERVER) || !match_pass(&sa, &sb, BY_ADDRESS) ||
        !match_pass(&sa, &sb, BY_ORDER)) {
        fprintf(stderr, "smcdump: out of memory\n");
        free_side(&sa);
        free_side(&sb);
        return SD_EXIT_INPUT;
    }

    sd_buf_init(&out, oo->out);
    for (i = 0; i < sa.n; i++) {
        if (sa.c[i].match >= 0) {
            report_pair(&out, oo->json, &sa, i, &sb, &t);
        } else {
            t.only_a++;
            report_single(&out, oo->json, &sa.c[i], i + 1, true);
        }
    }
    for (i = 0; i < sb.n; i++) {
        if (sb.c[i].match < 0) {
            t.only_b++;
            report_single(&out, oo->json, &sb.c[i], i + 1, false);
        }
    }
    if (oo->json) {
        sd_buf_puts(&out, "{\"event\":\"compare_summary\",\"a\":");
        sd_put_json_cstr(&out, a);
        sd_buf_puts(&out, ",\"b\":");
        sd_put_json_cstr(&out, b);
        sd_buf_printf(&out,
                      ",\"connections_a\":%zu,\"connections_b\":%zu,\"matched\":%zu,"
                      "\"changed\":%zu,\"only_a\":%zu,\"only_b\":%zu}\n",
                      sa.n, sb.n, t.matched, t.changed, t.only_a, t.only_b);
    } else {
        sd_buf_printf(&out,
                      "connections: A %zu, B %zu; paired %zu, changed %zu, only in A %zu, only in "
                      "B %zu\n",
                      sa.n, sb.n, t.matched, t.changed, t.only_a, t.only_b);
    }
    if (!sd_buf_flush(&out) || fflush(oo->out) != 0 || ferror(oo->out)) {
        fprintf(stderr, "smcdump: writing the output failed: %s\n", strerror(errno));
        rc = worse(rc, SD_EXIT_OUTPUT);
    }
    if (sa.dropped_pending + sb.dropped_pending > 0)
        fprintf(stderr, "smcdump: --compare: sizes of %llu connections not kept (too many open)\n",
                (unsigned long long)(sa.dropped_pending + sb.dropped_pending));
    free_side(&sa);
    free_side(&sb);
    if (rc == SD_EXIT_OK && t.changed + t.only_a + t.only_b > 0)
        rc = SD_EXIT_CHANGED;
    return rc;
}
