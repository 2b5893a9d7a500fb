/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump --compare: pair the connections of A and B (their
 * summaries come from summary.c, the same from a capture or from an old
 * --json log) and print what changed.
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
#include "summary.h"

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
static bool match_pass(struct sd_side *a, struct sd_side *b, enum pass p)
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

static const char *str_of(const struct sd_conn *c, enum diff_field d)
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
static bool num_of(const struct sd_conn *c, enum diff_field d, uint64_t *v)
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

static bool changed(const struct sd_conn *x, const struct sd_conn *y, enum diff_field d)
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

static void put_num_text(struct sd_buf *b, enum diff_field d, const struct sd_conn *c)
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

static void put_value_text(struct sd_buf *b, enum diff_field d, const struct sd_conn *c)
{
    if (is_string_field(d))
        sd_buf_puts(b, *str_of(c, d) ? str_of(c, d) : "-");
    else
        put_num_text(b, d, c);
}

static void put_value_json(struct sd_buf *b, enum diff_field d, const struct sd_conn *c)
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
static void put_summary_text(struct sd_buf *b, const struct sd_conn *c)
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

static void put_conn_json(struct sd_buf *b, const struct sd_conn *c, size_t index)
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

static void report_pair(struct sd_buf *b, bool json, const struct sd_side *sa, size_t i,
                        const struct sd_side *sb, struct totals *t)
{
    const struct sd_conn *x = &sa->c[i];
    const struct sd_conn *y = x->match >= 0 ? &sb->c[x->match] : NULL;
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

static void report_single(struct sd_buf *b, bool json, const struct sd_conn *c, size_t index,
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

static int worse(int rc, int other)
{
    return rc != SD_EXIT_OK ? rc : other;
}

int sd_compare_main(const char *a, const char *b, int argc, char **argv,
                    const struct sd_output_opts *oo, uint32_t max_flows)
{
    static struct sd_side sa, sb;
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
    sd_side_init(&sa, a);
    sd_side_init(&sb, b);
    rc = sd_side_read(&sa, filter, max_flows, &json_a);
    rc = worse(rc, sd_side_read(&sb, filter, max_flows, &json_b));
    if (rc == SD_EXIT_OK && filter != NULL && (json_a || json_b)) {
        fprintf(stderr,
                "smcdump: --compare: a filter expression applies to captures, and %s is "
                "JSON\n",
                json_a ? a : b);
        rc = SD_EXIT_USAGE;
    }
    free(filter);
    /* a limit or a failed allocation: either way a comparison would be wrong */
    if (sa.out_of_memory || sb.out_of_memory) {
        fprintf(stderr, "smcdump: out of memory\n");
        rc = worse(rc, SD_EXIT_INPUT);
    } else if (sa.overflow || sb.overflow) {
        fprintf(stderr, "smcdump: --compare: %s has more than %u connections\n",
                sa.overflow ? a : b, (unsigned)SD_COMPARE_MAX);
        rc = worse(rc, SD_EXIT_INPUT);
    }
    if (rc == SD_EXIT_INPUT || rc == SD_EXIT_USAGE) {
        sd_side_free(&sa);
        sd_side_free(&sb);
        return rc;
    }
    if (!match_pass(&sa, &sb, BY_SERVER) || !match_pass(&sa, &sb, BY_ADDRESS) ||
        !match_pass(&sa, &sb, BY_ORDER)) {
        fprintf(stderr, "smcdump: out of memory\n");
        sd_side_free(&sa);
        sd_side_free(&sb);
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
    sd_side_free(&sa);
    sd_side_free(&sb);
    if (rc == SD_EXIT_OK && t.changed + t.only_a + t.only_b > 0)
        rc = SD_EXIT_CHANGED;
    return rc;
}
