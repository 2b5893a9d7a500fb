/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SD_HOT marks the helpers on every packet's path. They are forced inline,
 * so that the common packet costs no call (docs/performance.md), except in
 * the coverage build: gcov counts the branches of each inlined copy on the
 * one source line, positionally, so a copy at a call site that cannot take
 * a branch would show as a gap in the function. Out of line, every file's
 * copy of a function has the same branches and gcovr's merge adds them up.
 */
#ifndef SMCDUMP_HOT_H
#define SMCDUMP_HOT_H

#ifdef SMCCLC_COVERAGE_BUILD
#define SD_HOT static inline
#else
#define SD_HOT __attribute__((always_inline)) static inline
#endif

#endif
