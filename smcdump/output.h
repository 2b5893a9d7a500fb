/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: what smcdump's output files share behind report.h: the output
 * state and the entry points of the text, JSON and statistics renderers.
 * The analysis side never includes this.
 */
#ifndef SMCDUMP_OUTPUT_H
#define SMCDUMP_OUTPUT_H

#include "format.h"
#include "report.h"

/*
 * The troubleshooting guide as installed, which every hint and JSON "guide"
 * names with the reason as anchor. CMake's SMCCLC_GUIDE sets it (the
 * installed share/doc/smcclc/troubleshooting.md); builds without CMake get the
 * guide's place in the source tree.
 */
#ifndef SMCCLC_GUIDE
#define SMCCLC_GUIDE SMCCLC_GUIDE_DOC
#endif
#define SD_GUIDE SMCCLC_GUIDE "#"

#define SD_X_COUNT_DECLINE(code, name, meaning, hint) +1
enum { SD_DECLINE_COUNT = 0 SMCCLC_DECLINE_LIST(SD_X_COUNT_DECLINE) };
#undef SD_X_COUNT_DECLINE

/*
 * Handshake durations in a log-bucket histogram: 32 buckets per power of two
 * give percentiles within about 1.5 % (a bucket's middle is reported) at a
 * fixed 16 KiB, however many connections a capture holds.
 */
#define SD_HIST_SUB_BITS 5
#define SD_HIST_BUCKETS (64 << SD_HIST_SUB_BITS)

struct sd_hist {
    uint64_t count;
    uint64_t min, max;
    uint64_t bucket[SD_HIST_BUCKETS];
};

/* Decline codes the tables do not know, kept apart so each still shows. */
#define SD_UNKNOWN_CODES 16

/* SMC connections by path (R, D) x version (1, 2, other) x release (2.0, 2.1, other/none). */
#define SD_PATHS 2
#define SD_VERSIONS 3
#define SD_RELEASES 3

/*
 * The Prometheus histogram of handshake durations (--metrics): upper bounds
 * in microseconds, the usual 1-2.5-5 steps from 0.5 ms to 10 s.
 */
#define SD_PROM_BOUNDS_US                                                                          \
    {                                                                                              \
        500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000,      \
            5000000, 10000000                                                                      \
    }
#define SD_PROM_BUCKETS 14

struct sd_stats {
    uint64_t connections;
    uint64_t outcome[SMCCLC_OUTCOME_COUNT];
    uint64_t situation[SMCCLC_SITUATION_COUNT];
    uint64_t path[SD_PATHS][SD_VERSIONS][SD_RELEASES];
    uint64_t reason[SD_DECLINE_COUNT];
    uint32_t unknown_code[SD_UNKNOWN_CODES];
    uint64_t unknown_count[SD_UNKNOWN_CODES];
    uint64_t unknown_other;
    uint64_t messages[5]; /* by CLC type 1..4; [0]: header not captured */
    uint64_t truncated_messages;
    uint64_t anomaly[SMCCLC_ANOMALY_COUNT];
    uint64_t problem[3]; /* by enum sd_problem_kind */
    struct sd_hist duration;
    uint64_t prom_bucket[SD_PROM_BUCKETS]; /* durations per bucket, not cumulative */
    uint64_t duration_sum_us;
};

struct sd_output {
    struct sd_output_opts opts;
    struct sd_buf out;
    struct sd_buf err;
    struct sd_resolver *resolver; /* NULL with -n or --json */
    uint64_t prev_ts_us;          /* for -ttt */
    bool have_prev_ts;
    uint64_t problems; /* problem messages so far */
    struct sd_stats stats;
};

/* text.c */
void sd_text_clc(struct sd_output *o, const struct sd_clc_event *e);
void sd_text_verdict(struct sd_output *o, const struct sd_verdict_event *e);

/* json.c */
void sd_json_clc(struct sd_output *o, const struct sd_clc_event *e);
void sd_json_verdict(struct sd_output *o, const struct sd_verdict_event *e);

/* stats.c */
void sd_stats_clc(struct sd_stats *s, const struct smcclc_clc_msg *m);
void sd_stats_verdict(struct sd_stats *s, const struct sd_verdict_event *e);
void sd_stats_problem(struct sd_stats *s, enum sd_problem_kind kind);
void sd_stats_text(struct sd_output *o, const struct sd_counters *c);
void sd_stats_json(struct sd_output *o, const struct sd_counters *c);

/* metrics.c */
int sd_metrics_render(const struct sd_stats *s, const struct sd_counters *c, FILE *f);

#endif /* SMCDUMP_OUTPUT_H */
