/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: --metrics, the Prometheus text exposition format (version
 * 0.0.4) of the statistics, for node_exporter's textfile collector. Label
 * values come from the protocol tables, which hold no quote, backslash or
 * newline, so they need no escaping.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* fileno, fsync */
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"

static void head(FILE *f, const char *name, const char *type, const char *help)
{
    fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void handshakes(FILE *f, const struct sd_stats *s)
{
    uint64_t unknown = s->unknown_other;
    unsigned i;

    head(f, "smcclc_handshakes_total", "counter",
         "Connections by outcome, and for fallbacks by the kernel's reason (smcdump).");
    for (i = 0; i < SMCCLC_OUTCOME_COUNT; i++)
        if (i != SMCCLC_OUTCOME_FALLBACK)
            fprintf(f, "smcclc_handshakes_total{outcome=\"%s\",reason=\"\"} %llu\n",
                    smcclc_outcome_vals[i].key, (unsigned long long)s->outcome[i]);
    for (i = 0; i < SD_DECLINE_COUNT; i++)
        if (s->reason[i])
            fprintf(f, "smcclc_handshakes_total{outcome=\"%s\",reason=\"%s\"} %llu\n",
                    smcclc_outcome_vals[SMCCLC_OUTCOME_FALLBACK].key, smcclc_decline_table[i].name,
                    (unsigned long long)s->reason[i]);
    for (i = 0; i < SD_UNKNOWN_CODES; i++)
        unknown += s->unknown_count[i];
    if (unknown)
        fprintf(f, "smcclc_handshakes_total{outcome=\"%s\",reason=\"%s\"} %llu\n",
                smcclc_outcome_vals[SMCCLC_OUTCOME_FALLBACK].key, SMCCLC_DECLINE_UNKNOWN_NAME,
                (unsigned long long)unknown);
}

/* Microseconds as seconds, without trailing zeros: 500 -> 0.0005, 2500000 -> 2.5. */
static void put_seconds(FILE *f, uint64_t us)
{
    char frac[8];
    int n;

    n = snprintf(frac, sizeof(frac), "%06llu", (unsigned long long)(us % 1000000));
    while (n > 0 && frac[n - 1] == '0')
        frac[--n] = '\0';
    fprintf(f, "%llu%s%s", (unsigned long long)(us / 1000000), n ? "." : "", frac);
}

static void durations(FILE *f, const struct sd_stats *s)
{
    static const uint64_t bound[SD_PROM_BUCKETS] = SD_PROM_BOUNDS_US;
    uint64_t cum = 0;
    unsigned i;

    head(f, "smcclc_handshake_duration_seconds", "histogram",
         "SYN to the last CLC message of handshakes that ended (SMC or fallback).");
    for (i = 0; i < SD_PROM_BUCKETS; i++) {
        cum += s->prom_bucket[i];
        fputs("smcclc_handshake_duration_seconds_bucket{le=\"", f);
        put_seconds(f, bound[i]);
        fprintf(f, "\"} %llu\n", (unsigned long long)cum);
    }
    fprintf(f, "smcclc_handshake_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
            (unsigned long long)s->duration.count);
    fputs("smcclc_handshake_duration_seconds_sum ", f);
    put_seconds(f, s->duration_sum_us);
    fputc('\n', f);
    fprintf(f, "smcclc_handshake_duration_seconds_count %llu\n",
            (unsigned long long)s->duration.count);
}

int sd_metrics_render(const struct sd_stats *s, const struct sd_counters *c, FILE *f)
{
    static const struct sd_counters zero;
    unsigned i;

    if (c == NULL)
        c = &zero;
    handshakes(f, s);
    durations(f, s);
    head(f, "smcclc_clc_messages_total", "counter", "CLC messages by type.");
    for (i = SMCCLC_CLC_PROPOSAL; i <= SMCCLC_CLC_DECLINE; i++)
        fprintf(f, "smcclc_clc_messages_total{type=\"%s\"} %llu\n",
                smcclc_val_lookup(SMCCLC_VALS_TYPE, i)->key, (unsigned long long)s->messages[i]);
    head(f, "smcclc_anomalies_total", "counter",
         "CLC messages that deviate from what Linux sends, by anomaly key.");
    for (i = 0; i < SMCCLC_ANOMALY_COUNT; i++)
        fprintf(f, "smcclc_anomalies_total{key=\"%s\"} %llu\n", smcclc_anomaly_table[i].key,
                (unsigned long long)s->anomaly[i]);
    head(f, "smcclc_packets_dropped_total", "counter",
         "Packets the kernel dropped before smcdump saw them (pcap_stats).");
    fprintf(f, "smcclc_packets_dropped_total %llu\n",
            (unsigned long long)(c->kernel_dropped + c->kernel_ifdropped));
    head(f, "smcclc_flows_evicted_total", "counter",
         "Open handshakes given up (idle timeout or --max-flows) before their end.");
    fprintf(f, "smcclc_flows_evicted_total %llu\n", (unsigned long long)c->flows_evicted);
    return ferror(f) ? -1 : 0;
}

int sd_report_metrics(struct sd_output *o, const struct sd_counters *c, const char *path)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    FILE *f;
    int rc = -1;

    if (tmp == NULL) {
        fprintf(o->opts.err, "smcdump: --metrics %s: out of memory\n", path);
        return -1;
    }
    /* beside the target, so that rename() stays within one file system; the textfile
       collector reads only names ending in .prom, so it never picks this one up */
    snprintf(tmp, n, "%s.%ld.tmp", path, (long)getpid());
    f = fopen(tmp, "w");
    if (f != NULL) {
        rc = sd_metrics_render(&o->stats, c, f);
        if (fflush(f) != 0 || fsync(fileno(f)) != 0)
            rc = -1;
        if (fclose(f) != 0)
            rc = -1;
        if (rc == 0 && rename(tmp, path) != 0)
            rc = -1;
    }
    if (rc != 0) {
        fprintf(o->opts.err, "smcdump: --metrics %s: %s\n", path, strerror(errno));
        (void)remove(tmp);
    }
    free(tmp);
    return rc;
}
