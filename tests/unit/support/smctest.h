/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared helpers of the cmocka unit tests (tests/unit/support/).
 *
 *  - Recording sink (sink.c): struct smcclc_rec collects every field and group
 *    entry of a decode, as the sink receives them, so a test can look up the n-th
 *    event of a field id after the fact and compare value, offset and length.
 *    SMC_ASSERT_* macros report failures at the caller's line and print the
 *    whole event list, which is what one wants to read when a layout is off.
 *  - Vectors (vectors.c): load tests/vectors/clc/NAME.bin (directory from the
 *    SMCCLC_VECTORS_DIR environment variable, else the compile-time define)
 *    and list all of them.
 *  - Guard-page buffer (guard.c): copies input so that its last byte is the
 *    last readable byte before a PROT_NONE page; a read past `len` faults.
 *  - Messages (msgs.c): CLC messages pasted from captures/real (capture and
 *    frame named) and messages built by hand (docs/protocol.md section named), as hex,
 *    by name; shared by the Accept/Confirm, Decline, prefix and anomaly tests.
 *  - Hex (hex.c): "e2 d4 c3 d9 ..." to bytes (blanks, ':' and '#' comments to
 *    the end of the line are skipped), and tiny builders for hand-made
 *    messages (big-endian put, header, trailer).
 *
 * Include <stdarg.h> <stddef.h> <stdint.h> <setjmp.h> <cmocka.h> before this
 * header (cmocka 1.1.5 needs them in that order).
 */
#ifndef SMCCLC_TEST_SUPPORT_H
#define SMCCLC_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smcclc/smcclc.h"

/* ---- recording sink ---- */

#define SMCCLC_REC_MAX SMCCLC_CLC_MAX_ENTRIES

struct smcclc_rec_event {
    bool is_group;
    struct smcclc_field_event field; /* when !is_group; .bytes point into the decoded buffer */
    enum smcclc_group_event gev;     /* when is_group */
    enum smcclc_group group;
    uint16_t off, len;
    unsigned count;
};

struct smcclc_rec {
    struct smcclc_sink sink; /* pass &rec.sink to smcclc_clc_decode() */
    size_t n;
    bool overflow; /* more than SMCCLC_REC_MAX events arrived; later ones were dropped */
    struct smcclc_rec_event ev[SMCCLC_REC_MAX];
};

/* Empty the record and point its sink at it. */
void smcclc_rec_init(struct smcclc_rec *r);

/* The nth (0-based) field event of `id`, or NULL. */
const struct smcclc_field_event *smcclc_rec_field(const struct smcclc_rec *r, enum smcclc_field id,
                                                  unsigned nth);
/* How many field events of `id` were recorded. */
unsigned smcclc_rec_field_count(const struct smcclc_rec *r, enum smcclc_field id);
/* The nth group event of kind `gev` for `group`, or NULL. */
const struct smcclc_rec_event *smcclc_rec_group(const struct smcclc_rec *r, enum smcclc_group group,
                                                enum smcclc_group_event gev, unsigned nth);
/* Index of the nth field event of `id` in r->ev, or -1: for checking event order. */
long smcclc_rec_index(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth);

/* One event as a line of text ("qpn @38+3 = 0xe4"); returns out. */
char *smcclc_rec_format(const struct smcclc_rec_event *e, char *out, size_t cap);
/* Every event, one per line. */
void smcclc_rec_print(const struct smcclc_rec *r, FILE *f);
/* The message's anomalies as "key@off+len, ..." ("none" when empty); returns out. */
char *smcclc_anomalies_format(const struct smcclc_clc_msg *m, char *out, size_t cap);

/*
 * Decode into an entry array (smcclc_clc_decode_fields) and walk it into a
 * fresh recording sink (rec may be NULL), so every assertion on a record
 * checks the array; a dropped entry sets rec->overflow.
 */
enum smcclc_decode_status smcclc_test_decode(const uint8_t *buf, size_t len,
                                             struct smcclc_clc_msg *m, struct smcclc_rec *rec);

/* The functions behind the assertion macros; they report at file:line. */
void smcclc_assert_field_u_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                              size_t off, size_t len, uint64_t value, const char *file, int line);
void smcclc_assert_field_bytes_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                                  size_t off, size_t len, const uint8_t *bytes, const char *file,
                                  int line);
void smcclc_assert_field_hex_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                                size_t off, const char *hex, const char *file, int line);
void smcclc_assert_field_str_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned nth,
                                size_t off, const char *str, const char *file, int line);
void smcclc_assert_no_field_at(const struct smcclc_rec *r, enum smcclc_field id, const char *file,
                               int line);
void smcclc_assert_field_count_at(const struct smcclc_rec *r, enum smcclc_field id, unsigned count,
                                  const char *file, int line);
void smcclc_assert_anomaly_at(const struct smcclc_clc_msg *m, enum smcclc_anomaly id, bool want,
                              const char *file, int line);
void smcclc_assert_anomaly_set_at(const struct smcclc_clc_msg *m, const enum smcclc_anomaly *ids,
                                  size_t n, const char *file, int line);

/*
 * Structural checks every decode should pass: every field event lies inside
 * [0, msg_len), fixed-size fields have their table size, byte kinds carry
 * bytes, NAME fields a string, groups and items nest and balance. With `ordered` also: field
 * offsets never go backwards (the decoders report in wire order).
 */
void smcclc_assert_rec_sane_at(const struct smcclc_rec *r, size_t msg_len, bool ordered,
                               const char *file, int line);
#define SMCCLC_ASSERT_REC_SANE(r, msg_len, ordered)                                                \
    smcclc_assert_rec_sane_at((r), (msg_len), (ordered), __FILE__, __LINE__)

/* Integer field: value after mask and shift, offset, length on the wire. */
#define SMCCLC_ASSERT_FIELD_U(r, id, nth, off, len, value)                                         \
    smcclc_assert_field_u_at((r), (id), (nth), (off), (len), (value), __FILE__, __LINE__)
/* Byte field compared with `len` bytes at `bytes`. */
#define SMCCLC_ASSERT_FIELD_BYTES(r, id, nth, off, len, bytes)                                     \
    smcclc_assert_field_bytes_at((r), (id), (nth), (off), (len), (bytes), __FILE__, __LINE__)
/* Byte field compared with a hex string; the length is the string's byte count. */
#define SMCCLC_ASSERT_FIELD_HEX(r, id, nth, off, hex)                                              \
    smcclc_assert_field_hex_at((r), (id), (nth), (off), (hex), __FILE__, __LINE__)
/* NAME field (.str). */
#define SMCCLC_ASSERT_FIELD_STR(r, id, nth, off, str)                                              \
    smcclc_assert_field_str_at((r), (id), (nth), (off), (str), __FILE__, __LINE__)
#define SMCCLC_ASSERT_NO_FIELD(r, id) smcclc_assert_no_field_at((r), (id), __FILE__, __LINE__)
#define SMCCLC_ASSERT_FIELD_COUNT(r, id, count)                                                    \
    smcclc_assert_field_count_at((r), (id), (count), __FILE__, __LINE__)
#define SMCCLC_ASSERT_ANOMALY(m, id) smcclc_assert_anomaly_at((m), (id), true, __FILE__, __LINE__)
#define SMCCLC_ASSERT_NO_ANOMALY(m, id)                                                            \
    smcclc_assert_anomaly_at((m), (id), false, __FILE__, __LINE__)
/* The anomaly ids of the message are exactly these (any order, duplicates collapse). */
#define SMCCLC_ASSERT_ANOMALIES(m, ...)                                                            \
    do {                                                                                           \
        static const enum smcclc_anomaly smc_want_[] = {__VA_ARGS__};                              \
        smcclc_assert_anomaly_set_at((m), smc_want_, sizeof(smc_want_) / sizeof(smc_want_[0]),     \
                                     __FILE__, __LINE__);                                          \
    } while (0)
#define SMCCLC_ASSERT_NO_ANOMALIES(m) smcclc_assert_anomaly_set_at((m), NULL, 0, __FILE__, __LINE__)

/* ---- vectors ---- */

#define SMCCLC_VEC_MAX 1024
#define SMCCLC_VEC_NAME_MAX 96
#define SMCCLC_VEC_LIST_MAX 64

struct smcclc_vec {
    char name[SMCCLC_VEC_NAME_MAX]; /* file name without .bin */
    size_t len;
    uint8_t bytes[SMCCLC_VEC_MAX];
};

/* The vectors directory (holds clc/). */
const char *smcclc_vec_dir(void);
/* Load clc/NAME.bin (NAME without extension, or a prefix such as "02_" that
 * matches exactly one file). Returns false when missing or too big. */
bool smcclc_vec_load(const char *name, struct smcclc_vec *v);
/* Like smcclc_vec_load but fails the running test, and returns the length. */
#define SMCCLC_VEC_LOAD(name, v) smcclc_vec_load_at((name), (v), __FILE__, __LINE__)
size_t smcclc_vec_load_at(const char *name, struct smcclc_vec *v, const char *file, int line);
/* Names of all the clc/ .bin files, sorted; returns how many (at most cap). */
size_t smcclc_vec_list(char (*names)[SMCCLC_VEC_NAME_MAX], size_t cap);

/* ---- guard-page buffer ---- */

struct smcclc_guard {
    uint8_t *map;    /* start of the mapping */
    size_t map_len;  /* readable pages + 1 guard page */
    size_t readable; /* bytes before the guard page */
};

/* Map room for up to max_len readable bytes followed by a PROT_NONE page. */
bool smcclc_guard_init(struct smcclc_guard *g, size_t max_len);
/* Copy len bytes so the last one sits right before the guard page; returns the
 * copy (a valid pointer to zero readable bytes when len == 0), or NULL when
 * len exceeds the room. */
const uint8_t *smcclc_guard_put(struct smcclc_guard *g, const void *src, size_t len);
void smcclc_guard_free(struct smcclc_guard *g);

/* ---- real and hand-built messages (msgs.c) ---- */

enum smcclc_msg_kind {
    SMCCLC_MSG_REAL,  /* bytes from a kernel-to-kernel capture in captures/real */
    SMCCLC_MSG_BUILT, /* built by hand from docs/protocol.md for a shape no capture has */
};

struct smcclc_msg_def {
    const char *name;   /* e.g. "real_smcr_v2_accept_fc" */
    const char *source; /* capture and frame, or docs/protocol.md section */
    enum smcclc_msg_kind kind;
    const char *hex;
};

extern const struct smcclc_msg_def smcclc_msgs[];
extern const size_t smcclc_msg_count;

const struct smcclc_msg_def *smcclc_msg_find(const char *name);
/* The bytes of message `name` into out; fails the running test when unknown. */
#define SMCCLC_MSG(name, out, cap) smcclc_msg_at((name), (out), (cap), __FILE__, __LINE__)
size_t smcclc_msg_at(const char *name, uint8_t *out, size_t cap, const char *file, int line);

/* ---- hex and builders ---- */

/* Parse hex pairs, skipping blanks, ':', ',' and '#'..end of line. Returns the
 * byte count, or (size_t)-1 on an odd digit count, a bad character or when
 * cap is exceeded. */
size_t smcclc_hex_to_bytes(const char *hex, uint8_t *out, size_t cap);
/* The same but fails the running test on error. */
#define SMCCLC_HEX(hex, out, cap) smcclc_hex_at((hex), (out), (cap), __FILE__, __LINE__)
size_t smcclc_hex_at(const char *hex, uint8_t *out, size_t cap, const char *file, int line);

/* Store `size` (1..8) bytes of v big-endian at buf[off]. */
void smcclc_put_be(uint8_t *buf, size_t off, size_t size, uint64_t v);
/* Header: eyecatcher (SMCCLC_EYECATCHER_R/D), type, length, byte 7. */
void smcclc_put_header(uint8_t *buf, uint32_t eyecatcher, uint8_t type, uint16_t length,
                       uint8_t byte7);
/* Trailer eyecatcher at length - 4. */
void smcclc_put_trailer(uint8_t *buf, uint16_t length, uint32_t eyecatcher);

#endif /* SMCCLC_TEST_SUPPORT_H */
