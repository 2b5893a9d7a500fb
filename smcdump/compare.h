/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smcdump --compare A B: what changed between two recordings of the same
 * test (a kernel upgrade, a configuration change), per connection: the
 * outcome, reason, version and release, first contact, negotiated sizes and
 * durations. A and B are each a capture or a --json output.
 */
#ifndef SMCDUMP_COMPARE_H
#define SMCDUMP_COMPARE_H

#include "report.h"

/* Connections kept per input; a larger input is refused (exit status 2). */
#define SD_COMPARE_MAX 262144
/* A duration is reported as changed when it grew or shrank by this factor... */
#define SD_COMPARE_DURATION_FACTOR 2
/* ...and by at least this much. */
#define SD_COMPARE_DURATION_MIN_US 1000

/*
 * Run the comparison; the rest of the command line after A and B is a
 * filter expression for capture inputs. `oo` gives the output options
 * (--json, -t are ignored). Returns the exit status: 0 nothing changed,
 * SD_EXIT_CHANGED, or an error status.
 */
int sd_compare_main(const char *a, const char *b, int argc, char **argv,
                    const struct sd_output_opts *oo, uint32_t max_flows);

#endif /* SMCDUMP_COMPARE_H */
