/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A bounded reader of the JSON Lines smcdump --json writes, for --compare:
 * one object per line whose members of interest are strings, integers and
 * booleans at the top level. Nested objects and arrays are checked and
 * skipped. Nothing grows with the input: a line is at most
 * SD_JSONL_LINE_MAX bytes, a record keeps at most SD_JSONL_MEMBERS members
 * and SD_JSONL_STRBUF bytes of string values; what does not fit is dropped
 * (the members --compare needs come early and are short).
 */
#ifndef SMCDUMP_JSONL_H
#define SMCDUMP_JSONL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SD_JSONL_LINE_MAX 65536
#define SD_JSONL_MEMBERS 64
#define SD_JSONL_KEY_MAX 32
#define SD_JSONL_STRBUF 8192
#define SD_JSONL_DEPTH 32

enum sd_jtype { SD_J_STRING, SD_J_UINT, SD_J_NUMBER, SD_J_BOOL, SD_J_NULL, SD_J_NESTED };

struct sd_jval {
    enum sd_jtype type;
    const char *s; /* SD_J_STRING: NUL-terminated; NULL when it did not fit */
    uint64_t u;    /* SD_J_UINT: a non-negative integer that fits */
    bool b;        /* SD_J_BOOL */
};

struct sd_jrec {
    unsigned n;
    struct {
        char key[SD_JSONL_KEY_MAX];
        struct sd_jval v;
    } m[SD_JSONL_MEMBERS];
    size_t used;
    char strbuf[SD_JSONL_STRBUF];
};

/*
 * Parse one line (without its newline) as a JSON object. Returns NULL, or
 * what is wrong with *off the byte offset where it shows.
 */
const char *sd_jsonl_parse(const char *line, size_t len, struct sd_jrec *r, size_t *off);
/* The member `key` at the top level, or NULL. */
const struct sd_jval *sd_jrec_get(const struct sd_jrec *r, const char *key);
/* Shortcuts: the string (NULL if absent or not a string), the integer (false if not one). */
const char *sd_jrec_str(const struct sd_jrec *r, const char *key);
bool sd_jrec_uint(const struct sd_jrec *r, const char *key, uint64_t *u);

/*
 * Read one line of at most SD_JSONL_LINE_MAX bytes into buf (NUL-terminated,
 * newline removed). Returns its length, or -1 at end of file; *too_long is
 * set when the line was longer (the rest of it was skipped).
 */
long sd_jsonl_getline(FILE *f, char *buf, bool *too_long);

#endif /* SMCDUMP_JSONL_H */
