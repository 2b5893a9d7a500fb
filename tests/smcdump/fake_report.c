/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Recording implementation of report.h for the tests (see fake_report.h).
 * Events past FR_MAX are counted but not kept, so a runaway loop shows up
 * as a count, not as a crash.
 */
#include "fake_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fr_log fr;

struct sd_output {
    int unused;
};

void fr_reset(void)
{
    memset(&fr, 0, sizeof(fr));
}

struct sd_output *sd_output_new(const struct sd_output_opts *opts)
{
    (void)opts;
    return calloc(1, sizeof(struct sd_output));
}

void sd_output_free(struct sd_output *o)
{
    free(o);
}

void sd_report_clc(struct sd_output *o, const struct sd_clc_event *e)
{
    unsigned i = fr.n_clc++;

    (void)o;
    if (i >= FR_MAX)
        return;
    struct fr_clc *c = &fr.clc[i];
    c->frame = e->frame;
    c->dir = e->dir;
    c->type = e->msg->type;
    c->length = e->msg->length;
    c->avail = e->avail;
    c->truncated = e->msg->truncated;
    c->mid_stream = e->mid_stream;
    c->src_port = e->src.port;
    c->dst_port = e->dst.port;
    memcpy(c->bytes, e->bytes, e->avail < sizeof(c->bytes) ? e->avail : sizeof(c->bytes));
}

void sd_report_verdict(struct sd_output *o, const struct sd_verdict_event *e)
{
    unsigned i = fr.n_verdict++;

    (void)o;
    if (i >= FR_MAX)
        return;
    struct fr_verdict *v = &fr.verdict[i];
    v->frame = e->frame;
    v->outcome = e->v->outcome;
    snprintf(v->reason, sizeof(v->reason), "%s", e->v->reason ? e->v->reason : "");
    v->reason_code = e->v->reason_code;
    v->situation = e->v->situation;
    v->final = e->v->final;
    v->client_port = e->client.port;
    v->server_port = e->server.port;
    v->ts_us = e->ts_us;
    v->duration_us = e->v->duration_us;
}

void sd_report_problem(struct sd_output *o, const struct sd_problem_event *e)
{
    unsigned i = fr.n_problem++;

    (void)o;
    if (i >= FR_MAX)
        return;
    struct fr_problem *p = &fr.problem[i];
    p->kind = e->kind;
    p->frame = e->frame;
    p->offset = e->offset;
    snprintf(p->what, sizeof(p->what), "%s", e->what);
}

int sd_report_finish(struct sd_output *o, const struct sd_counters *c)
{
    (void)o;
    fr.finished = true;
    fr.counters = *c;
    return 0;
}

void fr_print(void)
{
    static const char *const types[] = {"?", "proposal", "accept", "confirm", "decline"};

    for (unsigned i = 0; i < fr.n_clc && i < FR_MAX; i++)
        fprintf(stderr, "  clc frame %llu dir %d %s len %u avail %zu%s%s\n",
                (unsigned long long)fr.clc[i].frame, fr.clc[i].dir,
                types[fr.clc[i].type <= 4 ? fr.clc[i].type : 0], fr.clc[i].length, fr.clc[i].avail,
                fr.clc[i].truncated ? " truncated" : "", fr.clc[i].mid_stream ? " mid-stream" : "");
    for (unsigned i = 0; i < fr.n_verdict && i < FR_MAX; i++)
        fprintf(stderr, "  verdict frame %llu outcome %d reason '%s' situation %d final %d\n",
                (unsigned long long)fr.verdict[i].frame, fr.verdict[i].outcome,
                fr.verdict[i].reason, fr.verdict[i].situation, fr.verdict[i].final);
    for (unsigned i = 0; i < fr.n_problem && i < FR_MAX; i++)
        fprintf(stderr, "  problem kind %d frame %llu offset %zu: %s\n", fr.problem[i].kind,
                (unsigned long long)fr.problem[i].frame, fr.problem[i].offset, fr.problem[i].what);
}
