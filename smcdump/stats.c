/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump --stats: what the connections of a capture came to,
 * why the fallbacks happened (with the tables' hints), which anomalies were
 * seen, and how long handshakes took. Fixed-size counters only, so a
 * capture of any size costs the same memory.
 */
#include <string.h>

#include "output.h"

/* ---- histogram ---- */

static unsigned hist_index(uint64_t v)
{
    unsigned e = 0;
    uint64_t t = v;

    if (v < (1u << SD_HIST_SUB_BITS))
        return (unsigned)v;
    while (t >>= 1)
        e++;
    return ((e - SD_HIST_SUB_BITS + 1) << SD_HIST_SUB_BITS) +
           (unsigned)((v >> (e - SD_HIST_SUB_BITS)) & ((1u << SD_HIST_SUB_BITS) - 1));
}

/* The middle of bucket i: the estimate with the smallest worst-case error. */
static uint64_t hist_mid(unsigned i)
{
    unsigned g = i >> SD_HIST_SUB_BITS, m = i & ((1u << SD_HIST_SUB_BITS) - 1), shift;
    uint64_t lo, hi;

    if (g == 0)
        return i;
    shift = g - 1;
    lo = (((uint64_t)1 << SD_HIST_SUB_BITS) + m) << shift;
    hi = ((((uint64_t)1 << SD_HIST_SUB_BITS) + m + 1) << shift) - 1;
    return lo + (hi - lo) / 2;
}

static void hist_add(struct sd_hist *h, uint64_t v)
{
    h->bucket[hist_index(v)]++;
    if (h->count == 0 || v < h->min)
        h->min = v;
    if (v > h->max)
        h->max = v;
    h->count++;
}

/* The value below which `pct` percent of the samples lie, to the bucket's precision. */
static uint64_t hist_pct(const struct sd_hist *h, unsigned pct)
{
    uint64_t need = (h->count * pct + 99) / 100, seen = 0, est;
    unsigned i;

    if (need == 0)
        need = 1;
    for (i = 0; i < SD_HIST_BUCKETS; i++) {
        seen += h->bucket[i];
        if (seen >= need) {
            /* The samples' own range is known exactly: never report outside it. */
            est = hist_mid(i);
            return est < h->min ? h->min : est > h->max ? h->max : est;
        }
    }
    return h->max;
}

/* ---- accumulation ---- */

void sd_stats_clc(struct sd_stats *s, const struct smcclc_clc_msg *m)
{
    unsigned i;

    s->messages[m->type <= SMCCLC_CLC_DECLINE ? m->type : 0]++;
    if (m->truncated)
        s->truncated_messages++;
    for (i = 0; i < m->anomaly_count; i++) {
        unsigned j;
        bool dup = false;

        /* Count messages, not occurrences: two reserved fields are one odd message. */
        for (j = 0; j < i; j++)
            dup = dup || m->anomalies[j].id == m->anomalies[i].id;
        if (!dup && m->anomalies[i].id < SMCCLC_ANOMALY_COUNT)
            s->anomaly[m->anomalies[i].id]++;
    }
}

static void count_reason(struct sd_stats *s, const struct smcclc_verdict *v)
{
    const struct smcclc_decline_info *d = smcclc_decline_by_name(v->reason);
    unsigned i;

    /* no code to count: the situation DECLINE_NOT_CAPTURED counts it */
    if (v->situation == SMCCLC_SITUATION_DECLINE_NOT_CAPTURED)
        return;
    if (d == NULL && v->reason_code != 0)
        d = smcclc_decline_lookup(v->reason_code);
    if (d != NULL) {
        s->reason[d - smcclc_decline_table]++;
        return;
    }
    for (i = 0; i < SD_UNKNOWN_CODES; i++) {
        if (s->unknown_count[i] == 0)
            s->unknown_code[i] = v->reason_code;
        if (s->unknown_code[i] == v->reason_code) {
            s->unknown_count[i]++;
            return;
        }
    }
    s->unknown_other++;
}

void sd_stats_verdict(struct sd_stats *s, const struct sd_verdict_event *e)
{
    const struct smcclc_verdict *v = e->v;

    if (v->outcome < 0 || v->outcome >= SMCCLC_OUTCOME_COUNT)
        return;
    s->outcome[v->outcome]++;
    if (v->outcome == SMCCLC_OUTCOME_NO_OPTION) {
        /* not an SMC connection (--all): no duration, no place among the SMC connections */
        s->situation[SMCCLC_SITUATION_NO_OPTION]++;
        return;
    }
    s->connections++;
    if (v->situation > SMCCLC_SITUATION_NONE && v->situation < SMCCLC_SITUATION_COUNT)
        s->situation[v->situation]++;
    if (v->outcome == SMCCLC_OUTCOME_SMC_R || v->outcome == SMCCLC_OUTCOME_SMC_D) {
        unsigned p = v->outcome == SMCCLC_OUTCOME_SMC_R ? 0 : 1;
        unsigned ver = v->smc_version == 1 ? 0 : v->smc_version == 2 ? 1 : 2;
        unsigned rel = ver == 1 && v->release <= 1 ? v->release : 2;

        s->path[p][ver][rel]++;
    }
    if (v->outcome == SMCCLC_OUTCOME_FALLBACK)
        count_reason(s, v);
    if (v->outcome != SMCCLC_OUTCOME_INCOMPLETE) {
        static const uint64_t bound[SD_PROM_BUCKETS] = SD_PROM_BOUNDS_US;
        unsigned b = 0;

        hist_add(&s->duration, v->duration_us);
        s->duration_sum_us += v->duration_us;
        while (b < SD_PROM_BUCKETS && v->duration_us > bound[b])
            b++;
        if (b < SD_PROM_BUCKETS)
            s->prom_bucket[b]++;
    }
}

void sd_stats_problem(struct sd_stats *s, enum sd_problem_kind kind)
{
    if ((unsigned)kind < sizeof(s->problem) / sizeof(s->problem[0]))
        s->problem[kind]++;
}

/* ---- ordering for the report ---- */

struct ranked {
    uint64_t count;
    unsigned index;
};

/* Most frequent first; equal counts keep table order, so outputs are stable. */
static size_t rank(const uint64_t *counts, size_t n, struct ranked *out)
{
    size_t k = 0, i, j;

    for (i = 0; i < n; i++) {
        if (counts[i] == 0)
            continue;
        j = k++;
        while (j > 0 && out[j - 1].count < counts[i]) {
            out[j] = out[j - 1];
            j--;
        }
        out[j].count = counts[i];
        out[j].index = (unsigned)i;
    }
    return k;
}

/* Reasons: table rows first, then unknown codes, then one "other" slot. */
#define REASON_SLOTS (SD_DECLINE_COUNT + SD_UNKNOWN_CODES + 1)

static size_t rank_reasons(const struct sd_stats *s, struct ranked *out)
{
    uint64_t counts[REASON_SLOTS];

    memcpy(counts, s->reason, sizeof(s->reason));
    memcpy(counts + SD_DECLINE_COUNT, s->unknown_count, sizeof(s->unknown_count));
    counts[REASON_SLOTS - 1] = s->unknown_other;
    return rank(counts, REASON_SLOTS, out);
}

struct reason_view {
    const char *name; /* NULL: show the code */
    uint32_t code;
    bool have_code;
    const char *hint, *anchor;
};

static void reason_view(const struct sd_stats *s, unsigned slot, struct reason_view *rv)
{
    const struct smcclc_situation_info *unk =
        &smcclc_situation_table[SMCCLC_SITUATION_UNKNOWN_DECLINE];

    memset(rv, 0, sizeof(*rv));
    if (slot < SD_DECLINE_COUNT) {
        rv->name = smcclc_decline_table[slot].name;
        rv->code = smcclc_decline_table[slot].code;
        rv->have_code = true;
        rv->hint = smcclc_decline_table[slot].hint;
        rv->anchor = smcclc_decline_table[slot].name;
        return;
    }
    rv->hint = unk->hint;
    rv->anchor = unk->anchor;
    if (slot < SD_DECLINE_COUNT + SD_UNKNOWN_CODES) {
        rv->code = s->unknown_code[slot - SD_DECLINE_COUNT];
        rv->have_code = true;
    }
}

static const char *path_label(unsigned p)
{
    const struct smcclc_val *v =
        smcclc_val_lookup(SMCCLC_VALS_PATH, p == 0 ? SMCCLC_TYPE_R : SMCCLC_TYPE_D);

    return v != NULL ? v->label : "?";
}

static const char *path_outcome_key(unsigned p)
{
    return smcclc_outcome_vals[p == 0 ? SMCCLC_OUTCOME_SMC_R : SMCCLC_OUTCOME_SMC_D].key;
}

/* ---- text ---- */

static void text_percentiles(struct sd_buf *b, const struct sd_hist *h)
{
    static const unsigned pct[] = {50, 90, 99};
    size_t i;

    sd_buf_printf(b, "handshake duration (%llu connections):", (unsigned long long)h->count);
    if (h->count == 0) {
        sd_buf_puts(b, " none\n");
        return;
    }
    for (i = 0; i < sizeof(pct) / sizeof(pct[0]); i++) {
        sd_buf_printf(b, " p%u ", pct[i]);
        sd_put_duration(b, hist_pct(h, pct[i]));
        sd_buf_putc(b, ',');
    }
    sd_buf_puts(b, " max ");
    sd_put_duration(b, h->max);
    sd_buf_putc(b, '\n');
}

static void text_paths(struct sd_buf *b, const struct sd_stats *s)
{
    unsigned p, ver, rel;

    for (p = 0; p < SD_PATHS; p++)
        for (ver = 0; ver < SD_VERSIONS; ver++)
            for (rel = 0; rel < SD_RELEASES; rel++) {
                const struct smcclc_val *r = smcclc_val_lookup(SMCCLC_VALS_RELEASE, rel);

                if (s->path[p][ver][rel] == 0)
                    continue;
                sd_buf_printf(b, "  %s ", path_label(p));
                if (ver == 1 && r != NULL)
                    sd_buf_puts(b, r->label);
                else if (ver < 2)
                    sd_buf_printf(b, "v%u", ver + 1);
                else
                    sd_buf_puts(b, "v?");
                sd_buf_printf(b, ": %llu\n", (unsigned long long)s->path[p][ver][rel]);
            }
}

static void text_reasons(struct sd_buf *b, const struct sd_stats *s)
{
    struct ranked r[REASON_SLOTS];
    size_t n = rank_reasons(s, r), i;

    if (n == 0)
        return;
    sd_buf_puts(b, "fallback reasons:\n");
    for (i = 0; i < n; i++) {
        struct reason_view rv;

        reason_view(s, r[i].index, &rv);
        sd_buf_printf(b, "  %6llu  ", (unsigned long long)r[i].count);
        if (rv.name != NULL)
            sd_buf_printf(b, "%s (0x%08x)", rv.name, (unsigned)rv.code);
        else if (rv.have_code)
            sd_buf_printf(b, "0x%08x", (unsigned)rv.code);
        else
            sd_buf_puts(b, "other");
        sd_buf_printf(b, ": %s\n", rv.hint);
    }
}

static void text_situations(struct sd_buf *b, const struct sd_stats *s)
{
    struct ranked r[SMCCLC_SITUATION_COUNT];
    size_t n = rank(s->situation, SMCCLC_SITUATION_COUNT, r), i;

    if (n == 0)
        return;
    sd_buf_puts(b, "situations:\n");
    for (i = 0; i < n; i++)
        sd_buf_printf(b, "  %6llu  %s: %s\n", (unsigned long long)r[i].count,
                      smcclc_situation_table[r[i].index].anchor,
                      smcclc_situation_table[r[i].index].hint);
}

static void text_anomalies(struct sd_buf *b, const struct sd_stats *s)
{
    struct ranked r[SMCCLC_ANOMALY_COUNT];
    size_t n = rank(s->anomaly, SMCCLC_ANOMALY_COUNT, r), i;

    if (n == 0)
        return;
    sd_buf_puts(b, "anomalies (messages):\n");
    for (i = 0; i < n; i++) {
        const struct smcclc_anomaly_info *ai = &smcclc_anomaly_table[r[i].index];

        sd_buf_printf(b, "  %6llu  %s (%s): %s\n", (unsigned long long)r[i].count, ai->key,
                      smcclc_severity_vals[ai->severity].label, ai->description);
    }
}

void sd_stats_text(struct sd_output *o, const struct sd_counters *c)
{
    struct sd_buf *b = &o->out;
    const struct sd_stats *s = &o->stats;
    unsigned i;

    sd_buf_printf(b, "SMC connections: %llu", (unsigned long long)s->connections);
    for (i = 0; i < SMCCLC_OUTCOME_COUNT; i++)
        if (i != SMCCLC_OUTCOME_NO_OPTION)
            sd_buf_printf(b, "%s%s %llu", i == 0 ? " (" : ", ", smcclc_outcome_vals[i].key,
                          (unsigned long long)s->outcome[i]);
    sd_buf_puts(b, ")\n");
    text_paths(b, s);
    if (s->outcome[SMCCLC_OUTCOME_NO_OPTION] != 0)
        sd_buf_printf(b, "TCP connections without the SMC option (%s): %llu\n",
                      smcclc_outcome_vals[SMCCLC_OUTCOME_NO_OPTION].key,
                      (unsigned long long)s->outcome[SMCCLC_OUTCOME_NO_OPTION]);
    text_anomalies(b, s);
    text_percentiles(b, &s->duration);
    sd_buf_puts(b, "CLC messages:");
    for (i = SMCCLC_CLC_PROPOSAL; i <= SMCCLC_CLC_DECLINE; i++)
        sd_buf_printf(b, " %s %llu,", smcclc_val_lookup(SMCCLC_VALS_TYPE, i)->key,
                      (unsigned long long)s->messages[i]);
    sd_buf_printf(b, " truncated %llu\n", (unsigned long long)s->truncated_messages);
    if (c != NULL) {
        sd_buf_printf(b,
                      "packets %llu, bytes %llu, TCP segments %llu, SYNs with SMC option %llu, "
                      "SYN-ACKs with SMC option %llu, CLC messages %llu\n",
                      (unsigned long long)c->packets, (unsigned long long)c->bytes,
                      (unsigned long long)c->tcp_segments, (unsigned long long)c->smc_syn,
                      (unsigned long long)c->smc_synack, (unsigned long long)c->clc_messages);
        sd_buf_printf(b,
                      "lookalikes %llu, truncated packets %llu, malformed packets %llu, "
                      "flows peak %llu, flows evicted %llu, out-of-order bytes dropped %llu\n",
                      (unsigned long long)c->lookalikes, (unsigned long long)c->truncated_packets,
                      (unsigned long long)c->malformed_packets, (unsigned long long)c->flows_peak,
                      (unsigned long long)c->flows_evicted, (unsigned long long)c->ooo_dropped);
        if (c->kernel_known)
            sd_buf_printf(b, "kernel: received %llu, dropped %llu, dropped by interface %llu\n",
                          (unsigned long long)c->kernel_received,
                          (unsigned long long)c->kernel_dropped,
                          (unsigned long long)c->kernel_ifdropped);
    }
    sd_buf_printf(b, "problems: truncated %llu, malformed %llu, file %llu\n",
                  (unsigned long long)s->problem[SD_PROBLEM_TRUNCATED],
                  (unsigned long long)s->problem[SD_PROBLEM_MALFORMED],
                  (unsigned long long)s->problem[SD_PROBLEM_FILE]);
    /* What a reader acts on comes last, where the eye lands: the most
     * frequent fallback reasons with their hints. */
    text_situations(b, s);
    text_reasons(b, s);
    (void)sd_buf_flush(b);
}

/* ---- JSON ---- */

/* `all`: every key, zeros too, for sets small and fixed enough to be a record's shape. */
static void json_counts(struct sd_buf *b, const char *name, const uint64_t *counts,
                        const char *(*key)(unsigned), unsigned n, bool all)
{
    unsigned i;
    bool first = true;

    sd_buf_printf(b, ",\"%s\":{", name);
    for (i = 0; i < n; i++) {
        if (counts[i] == 0 && !all)
            continue;
        sd_buf_printf(b, "%s\"%s\":%llu", first ? "" : ",", key(i), (unsigned long long)counts[i]);
        first = false;
    }
    sd_buf_putc(b, '}');
}

static const char *outcome_key(unsigned i)
{
    return smcclc_outcome_vals[i].key;
}

static const char *situation_key(unsigned i)
{
    return smcclc_situation_table[i].anchor;
}

static const char *anomaly_key(unsigned i)
{
    return smcclc_anomaly_table[i].key;
}

static void json_paths(struct sd_buf *b, const struct sd_stats *s)
{
    unsigned p, ver, rel;
    bool first = true;

    sd_buf_puts(b, ",\"paths\":[");
    for (p = 0; p < SD_PATHS; p++)
        for (ver = 0; ver < SD_VERSIONS; ver++)
            for (rel = 0; rel < SD_RELEASES; rel++) {
                const struct smcclc_val *r = smcclc_val_lookup(SMCCLC_VALS_RELEASE, rel);

                if (s->path[p][ver][rel] == 0)
                    continue;
                sd_buf_printf(b, "%s{\"outcome\":\"%s\"", first ? "" : ",", path_outcome_key(p));
                if (ver < 2)
                    sd_buf_printf(b, ",\"smc_version\":%u", ver + 1);
                if (ver == 1 && r != NULL)
                    sd_buf_printf(b, ",\"release\":\"%s\"", r->key);
                sd_buf_printf(b, ",\"count\":%llu}", (unsigned long long)s->path[p][ver][rel]);
                first = false;
            }
    sd_buf_putc(b, ']');
}

static void json_reasons(struct sd_buf *b, const struct sd_stats *s)
{
    struct ranked r[REASON_SLOTS];
    size_t n = rank_reasons(s, r), i;

    sd_buf_puts(b, ",\"reasons\":[");
    for (i = 0; i < n; i++) {
        struct reason_view rv;

        reason_view(s, r[i].index, &rv);
        sd_buf_puts(b, i > 0 ? ",{" : "{");
        if (rv.name != NULL)
            sd_buf_printf(b, "\"reason\":\"%s\",", rv.name);
        if (rv.have_code)
            sd_buf_printf(b, "\"reason_code\":%lu,", (unsigned long)rv.code);
        sd_buf_printf(b, "\"count\":%llu,\"hint\":", (unsigned long long)r[i].count);
        sd_put_json_cstr(b, rv.hint);
        sd_buf_puts(b, ",\"guide\":\"");
        sd_put_json_chars(b, SD_GUIDE, strlen(SD_GUIDE));
        sd_put_json_chars(b, rv.anchor, strlen(rv.anchor));
        sd_buf_puts(b, "\"}");
    }
    sd_buf_putc(b, ']');
}

static void json_counters(struct sd_buf *b, const struct sd_counters *c)
{
    static const struct sd_counters zero;

    if (c == NULL)
        c = &zero;
    sd_buf_printf(b,
                  ",\"counters\":{\"packets\":%llu,\"bytes\":%llu,\"tcp_segments\":%llu,"
                  "\"smc_syn\":%llu,\"smc_synack\":%llu,\"clc_messages\":%llu,"
                  "\"lookalikes\":%llu,\"truncated_packets\":%llu,\"malformed_packets\":%llu,"
                  "\"flows_peak\":%llu,\"flows_evicted\":%llu,\"ooo_dropped\":%llu}",
                  (unsigned long long)c->packets, (unsigned long long)c->bytes,
                  (unsigned long long)c->tcp_segments, (unsigned long long)c->smc_syn,
                  (unsigned long long)c->smc_synack, (unsigned long long)c->clc_messages,
                  (unsigned long long)c->lookalikes, (unsigned long long)c->truncated_packets,
                  (unsigned long long)c->malformed_packets, (unsigned long long)c->flows_peak,
                  (unsigned long long)c->flows_evicted, (unsigned long long)c->ooo_dropped);
    if (c->kernel_known)
        sd_buf_printf(b, ",\"kernel\":{\"received\":%llu,\"dropped\":%llu,\"ifdropped\":%llu}",
                      (unsigned long long)c->kernel_received, (unsigned long long)c->kernel_dropped,
                      (unsigned long long)c->kernel_ifdropped);
}

void sd_stats_json(struct sd_output *o, const struct sd_counters *c)
{
    struct sd_buf *b = &o->out;
    const struct sd_stats *s = &o->stats;
    const struct sd_hist *h = &s->duration;
    unsigned i;

    sd_buf_printf(b, "{\"event\":\"stats\",\"connections\":%llu",
                  (unsigned long long)s->connections);
    json_counts(b, "outcomes", s->outcome, outcome_key, SMCCLC_OUTCOME_COUNT, true);
    json_paths(b, s);
    json_reasons(b, s);
    json_counts(b, "situations", s->situation, situation_key, SMCCLC_SITUATION_COUNT, false);
    json_counts(b, "anomalies", s->anomaly, anomaly_key, SMCCLC_ANOMALY_COUNT, false);
    sd_buf_puts(b, ",\"messages\":{");
    for (i = SMCCLC_CLC_PROPOSAL; i <= SMCCLC_CLC_DECLINE; i++)
        sd_buf_printf(b, "%s\"%s\":%llu", i == SMCCLC_CLC_PROPOSAL ? "" : ",",
                      smcclc_val_lookup(SMCCLC_VALS_TYPE, i)->key,
                      (unsigned long long)s->messages[i]);
    sd_buf_printf(b, "},\"truncated_messages\":%llu", (unsigned long long)s->truncated_messages);
    sd_buf_printf(b, ",\"duration_us\":{\"count\":%llu", (unsigned long long)h->count);
    if (h->count > 0)
        sd_buf_printf(b, ",\"p50\":%llu,\"p90\":%llu,\"p99\":%llu,\"max\":%llu",
                      (unsigned long long)hist_pct(h, 50), (unsigned long long)hist_pct(h, 90),
                      (unsigned long long)hist_pct(h, 99), (unsigned long long)h->max);
    sd_buf_putc(b, '}');
    json_counters(b, c);
    sd_buf_printf(b, ",\"problems\":{\"truncated\":%llu,\"malformed\":%llu,\"file\":%llu}}\n",
                  (unsigned long long)s->problem[SD_PROBLEM_TRUNCATED],
                  (unsigned long long)s->problem[SD_PROBLEM_MALFORMED],
                  (unsigned long long)s->problem[SD_PROBLEM_FILE]);
    (void)sd_buf_flush(b);
}
