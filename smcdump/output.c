/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump's output side of report.h: sends each event to the text
 * or JSON renderer and to the statistics, and reports problems on the
 * error stream.
 */
/* localtime_r, gmtime_r, tzset, getnameinfo: POSIX, not ISO C11. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"

/*
 * A capture full of damaged packets would otherwise bury the output in
 * messages; past this many, problems are only counted (--stats shows them).
 */
#define SD_PROBLEMS_SHOWN 100

static const char *const problem_word[] = {
    [SD_PROBLEM_TRUNCATED] = "truncated",
    [SD_PROBLEM_MALFORMED] = "malformed",
    [SD_PROBLEM_FILE] = "damaged",
};

struct sd_output *sd_output_new(const struct sd_output_opts *opts)
{
    struct sd_output *o = calloc(1, sizeof(*o));

    if (o == NULL)
        return NULL;
    o->opts = *opts;
    if (o->opts.out == NULL)
        o->opts.out = stdout;
    if (o->opts.err == NULL)
        o->opts.err = stderr;
    if (o->opts.input_name == NULL)
        o->opts.input_name = "-";
    sd_buf_init(&o->out, o->opts.out);
    sd_buf_init(&o->err, o->opts.err);
    if (!o->opts.numeric && !o->opts.json) {
        o->resolver = calloc(1, sizeof(*o->resolver));
        if (o->resolver == NULL) {
            free(o);
            return NULL;
        }
    }
    /* Once here, so that localtime_r() on every line does not look at TZ again. */
    tzset();
    return o;
}

/*
 * Live (or -l): a record goes out when it is made, not when stdio's buffer
 * fills, so a pipe reader sees each verdict at once and a kill loses at most
 * the record being written. There are few records, so this costs nothing.
 */
static void flush_record(struct sd_output *o)
{
    if (o->opts.flush_each)
        (void)fflush(o->opts.out);
}

void sd_report_clc(struct sd_output *o, const struct sd_clc_event *e)
{
    if (o == NULL || e == NULL || e->msg == NULL)
        return;
    sd_stats_clc(&o->stats, e->msg);
    if (o->opts.observer != NULL && o->opts.observer->clc != NULL)
        o->opts.observer->clc(o->opts.observer->ctx, e);
    if (o->opts.quiet || o->opts.silent)
        return;
    if (o->opts.json)
        sd_json_clc(o, e);
    else
        sd_text_clc(o, e);
    flush_record(o);
}

void sd_report_verdict(struct sd_output *o, const struct sd_verdict_event *e)
{
    if (o == NULL || e == NULL || e->v == NULL || e->v->outcome == SMCCLC_OUTCOME_NONE)
        return;
    sd_stats_verdict(&o->stats, e);
    if (o->opts.observer != NULL && o->opts.observer->verdict != NULL)
        o->opts.observer->verdict(o->opts.observer->ctx, e);
    if (o->opts.silent)
        return;
    /* One line per connection stays even with -q: it is the answer -q asks for. */
    if (o->opts.json)
        sd_json_verdict(o, e);
    else
        sd_text_verdict(o, e);
    flush_record(o);
}

void sd_report_problem(struct sd_output *o, const struct sd_problem_event *e)
{
    struct sd_buf *b;

    if (o == NULL || e == NULL)
        return;
    sd_stats_problem(&o->stats, e->kind);
    b = &o->err;
    o->problems++;
    if (o->problems > SD_PROBLEMS_SHOWN + 1)
        return;
    sd_buf_printf(b, "smcdump: %s: ", o->opts.input_name);
    if (o->problems == SD_PROBLEMS_SHOWN + 1) {
        sd_buf_puts(b, "more problems, not shown (see --stats)\n");
        (void)sd_buf_flush(b);
        return;
    }
    if (e->frame != 0)
        sd_buf_printf(b, "packet %llu, ", (unsigned long long)e->frame);
    sd_buf_printf(b, "byte %zu: %s: %s\n", e->offset,
                  (unsigned)e->kind < sizeof(problem_word) / sizeof(problem_word[0])
                      ? problem_word[e->kind]
                      : "problem",
                  e->what != NULL ? e->what : "");
    (void)sd_buf_flush(b);
}

int sd_report_finish(struct sd_output *o, const struct sd_counters *c)
{
    if (o == NULL)
        return 1;
    if ((o->opts.stats || o->opts.quiet) && !o->opts.silent) {
        if (o->opts.json)
            sd_stats_json(o, c);
        else
            sd_stats_text(o, c);
    }
    (void)sd_buf_flush(&o->out);
    (void)sd_buf_flush(&o->err);
    if (fflush(o->opts.out) != 0 || ferror(o->opts.out) || o->out.failed)
        return 1;
    return 0;
}

void sd_output_free(struct sd_output *o)
{
    if (o == NULL)
        return;
    free(o->resolver);
    free(o);
}
