/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smcdump --expect SPEC: assertions about every verdict of the input, for
 * regression tests in CI. The grammar is in docs/smcdump.1 (EXPECTATIONS);
 * every outcome, release and reason word comes from the protocol tables.
 */
#ifndef SMCDUMP_EXPECT_H
#define SMCDUMP_EXPECT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"

/* Mismatch lines shown per SPEC; the rest are counted. */
#define SD_EXPECT_SHOWN 100

struct sd_expect;

struct sd_expect *sd_expect_new(FILE *err);
/* What sd_expect_add() did with a SPEC. */
enum sd_expect_added { SD_EXPECT_ADDED, SD_EXPECT_SYNTAX, SD_EXPECT_NO_MEMORY };
/*
 * Add one SPEC (the string must outlive the checker). On a syntax error,
 * tells `err` what and where (the SPEC with a caret under the bad token);
 * on either refusal, says so on `err`.
 */
enum sd_expect_added sd_expect_add(struct sd_expect *x, const char *spec);
/* Whether any SPEC was added. */
bool sd_expect_any(const struct sd_expect *x);
/* What the output side calls for every message and verdict. */
const struct sd_observer *sd_expect_observer(struct sd_expect *x);
/* End of input: the count checks. Returns the number of SPECs that failed. */
unsigned sd_expect_finish(struct sd_expect *x);
void sd_expect_free(struct sd_expect *x);

#endif /* SMCDUMP_EXPECT_H */
