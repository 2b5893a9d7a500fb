/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A recording stand-in for smcdump's output side: the tests link this
 * instead of output.c, so they see exactly the events the analysis emits.
 */
#ifndef SMCDUMP_TEST_FAKE_REPORT_H
#define SMCDUMP_TEST_FAKE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

#define FR_MAX 64

struct fr_clc {
    uint64_t frame;
    int dir;
    uint8_t type;
    uint16_t length;
    size_t avail;
    bool truncated, mid_stream;
    uint16_t src_port, dst_port;
    uint8_t bytes[1024];
};

struct fr_verdict {
    uint64_t frame;
    int outcome;
    char reason[32];
    uint32_t reason_code;
    int situation;
    bool final;
    uint16_t client_port, server_port;
    uint64_t ts_us, duration_us;
};

struct fr_problem {
    int kind;
    uint64_t frame;
    size_t offset;
    char what[160];
};

struct fr_log {
    unsigned n_clc, n_verdict, n_problem;
    bool finished;
    struct sd_counters counters; /* as given to sd_report_finish */
    struct fr_clc clc[FR_MAX];
    struct fr_verdict verdict[FR_MAX];
    struct fr_problem problem[FR_MAX];
};

extern struct fr_log fr;

/* Forget every event recorded so far. */
void fr_reset(void);
/* Every event, one per line, for failure messages. */
void fr_print(void);

#endif /* SMCDUMP_TEST_FAKE_REPORT_H */
