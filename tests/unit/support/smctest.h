/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared helpers of the cmocka unit tests (tests/unit/support/).
 *
 *  - Recording sink (sink.c): struct smc_rec collects every field and group
 *    event of a decode into a fixed array, so a test can look up the n-th
 *    event of a field id after the fact and compare value, offset and length.
 *    SMC_ASSERT_* macros report failures at the caller's line and print the
 *    whole event list, which is what one wants to read when a layout is off.
 *  - Vectors (vectors.c): load tests/vectors/clc/NAME.bin (directory from the
 *    SMCCLC_VECTORS_DIR environment variable, else the compile-time define)
 *    and list all of them.
 *  - Guard-page buffer (guard.c): copies input so that its last byte is the
 *    last readable byte before a PROT_NONE page; a read past `len` faults.
 *  - Messages (msgs.c): CLC messages pasted from captures/real (capture and
 *    frame named) and messages built from the spec (section named), as hex,
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

#define SMC_REC_MAX 512

struct smc_rec_event {
    bool is_group;
    struct smc_field_event field; /* when !is_group; .bytes point into the decoded buffer */
    enum smc_group_event gev;     /* when is_group */
    enum smc_group group;
    uint16_t off, len;
    unsigned count;
};

struct smc_rec {
    struct smc_sink sink; /* pass &rec.sink to smc_clc_decode() */
    size_t n;
    bool overflow; /* more than SMC_REC_MAX events arrived; later ones were dropped */
    struct smc_rec_event ev[SMC_REC_MAX];
};

/* Empty the record and point its sink at it. */
void smc_rec_init(struct smc_rec *r);

/* The nth (0-based) field event of `id`, or NULL. */
const struct smc_field_event *smc_rec_field(const struct smc_rec *r, enum smc_field id,
                                            unsigned nth);
/* How many field events of `id` were recorded. */
unsigned smc_rec_field_count(const struct smc_rec *r, enum smc_field id);
/* The nth group event of kind `gev` for `group`, or NULL. */
const struct smc_rec_event *smc_rec_group(const struct smc_rec *r, enum smc_group group,
                                          enum smc_group_event gev, unsigned nth);
/* Index of the nth field event of `id` in r->ev, or -1: for checking event order. */
long smc_rec_index(const struct smc_rec *r, enum smc_field id, unsigned nth);

/* One event as a line of text ("qpn @38+3 = 0xe4"); returns out. */
char *smc_rec_format(const struct smc_rec_event *e, char *out, size_t cap);
/* Every event, one per line. */
void smc_rec_print(const struct smc_rec *r, FILE *f);
/* The message's anomalies as "key@off+len, ..." ("none" when empty); returns out. */
char *smc_anomalies_format(const struct smc_clc_msg *m, char *out, size_t cap);

/* Decode with a fresh recording sink (rec may be NULL). */
enum smc_decode_status smc_test_decode(const uint8_t *buf, size_t len, struct smc_clc_msg *m,
                                       struct smc_rec *rec);

/* The functions behind the assertion macros; they report at file:line. */
void smc_assert_field_u_at(const struct smc_rec *r, enum smc_field id, unsigned nth, size_t off,
                           size_t len, uint64_t value, const char *file, int line);
void smc_assert_field_bytes_at(const struct smc_rec *r, enum smc_field id, unsigned nth, size_t off,
                               size_t len, const uint8_t *bytes, const char *file, int line);
void smc_assert_field_hex_at(const struct smc_rec *r, enum smc_field id, unsigned nth, size_t off,
                             const char *hex, const char *file, int line);
void smc_assert_field_str_at(const struct smc_rec *r, enum smc_field id, unsigned nth, size_t off,
                             const char *str, const char *file, int line);
void smc_assert_no_field_at(const struct smc_rec *r, enum smc_field id, const char *file, int line);
void smc_assert_field_count_at(const struct smc_rec *r, enum smc_field id, unsigned count,
                               const char *file, int line);
void smc_assert_anomaly_at(const struct smc_clc_msg *m, enum smc_anomaly id, bool want,
                           const char *file, int line);
void smc_assert_anomaly_set_at(const struct smc_clc_msg *m, const enum smc_anomaly *ids, size_t n,
                               const char *file, int line);

/*
 * Structural checks every decode should pass: every field event lies inside
 * [0, msg_len), fixed-size fields have their table size, byte kinds carry
 * bytes, NAME fields a string, groups and items nest and balance. With `ordered` also: field
 * offsets never go backwards (the decoders report in wire order).
 */
void smc_assert_rec_sane_at(const struct smc_rec *r, size_t msg_len, bool ordered, const char *file,
                            int line);
#define SMC_ASSERT_REC_SANE(r, msg_len, ordered)                                                   \
    smc_assert_rec_sane_at((r), (msg_len), (ordered), __FILE__, __LINE__)

/* Integer field: value after mask and shift, offset, length on the wire. */
#define SMC_ASSERT_FIELD_U(r, id, nth, off, len, value)                                            \
    smc_assert_field_u_at((r), (id), (nth), (off), (len), (value), __FILE__, __LINE__)
/* Byte field compared with `len` bytes at `bytes`. */
#define SMC_ASSERT_FIELD_BYTES(r, id, nth, off, len, bytes)                                        \
    smc_assert_field_bytes_at((r), (id), (nth), (off), (len), (bytes), __FILE__, __LINE__)
/* Byte field compared with a hex string; the length is the string's byte count. */
#define SMC_ASSERT_FIELD_HEX(r, id, nth, off, hex)                                                 \
    smc_assert_field_hex_at((r), (id), (nth), (off), (hex), __FILE__, __LINE__)
/* NAME field (.str). */
#define SMC_ASSERT_FIELD_STR(r, id, nth, off, str)                                                 \
    smc_assert_field_str_at((r), (id), (nth), (off), (str), __FILE__, __LINE__)
#define SMC_ASSERT_NO_FIELD(r, id) smc_assert_no_field_at((r), (id), __FILE__, __LINE__)
#define SMC_ASSERT_FIELD_COUNT(r, id, count)                                                       \
    smc_assert_field_count_at((r), (id), (count), __FILE__, __LINE__)
#define SMC_ASSERT_ANOMALY(m, id) smc_assert_anomaly_at((m), (id), true, __FILE__, __LINE__)
#define SMC_ASSERT_NO_ANOMALY(m, id) smc_assert_anomaly_at((m), (id), false, __FILE__, __LINE__)
/* The anomaly ids of the message are exactly these (any order, duplicates collapse). */
#define SMC_ASSERT_ANOMALIES(m, ...)                                                               \
    do {                                                                                           \
        static const enum smc_anomaly smc_want_[] = {__VA_ARGS__};                                 \
        smc_assert_anomaly_set_at((m), smc_want_, sizeof(smc_want_) / sizeof(smc_want_[0]),        \
                                  __FILE__, __LINE__);                                             \
    } while (0)
#define SMC_ASSERT_NO_ANOMALIES(m) smc_assert_anomaly_set_at((m), NULL, 0, __FILE__, __LINE__)

/* ---- vectors ---- */

#define SMC_VEC_MAX 1024
#define SMC_VEC_NAME_MAX 96
#define SMC_VEC_LIST_MAX 64

struct smc_vec {
    char name[SMC_VEC_NAME_MAX]; /* file name without .bin */
    size_t len;
    uint8_t bytes[SMC_VEC_MAX];
};

/* The vectors directory (holds clc/). */
const char *smc_vec_dir(void);
/* Load clc/NAME.bin (NAME without extension, or a prefix such as "02_" that
 * matches exactly one file). Returns false when missing or too big. */
bool smc_vec_load(const char *name, struct smc_vec *v);
/* Like smc_vec_load but fails the running test, and returns the length. */
#define SMC_VEC_LOAD(name, v) smc_vec_load_at((name), (v), __FILE__, __LINE__)
size_t smc_vec_load_at(const char *name, struct smc_vec *v, const char *file, int line);
/* Names of all the clc/ .bin files, sorted; returns how many (at most cap). */
size_t smc_vec_list(char (*names)[SMC_VEC_NAME_MAX], size_t cap);

/* ---- guard-page buffer ---- */

struct smc_guard {
    uint8_t *map;    /* start of the mapping */
    size_t map_len;  /* readable pages + 1 guard page */
    size_t readable; /* bytes before the guard page */
};

/* Map room for up to max_len readable bytes followed by a PROT_NONE page. */
bool smc_guard_init(struct smc_guard *g, size_t max_len);
/* Copy len bytes so the last one sits right before the guard page; returns the
 * copy (a valid pointer to zero readable bytes when len == 0), or NULL when
 * len exceeds the room. */
const uint8_t *smc_guard_put(struct smc_guard *g, const void *src, size_t len);
void smc_guard_free(struct smc_guard *g);

/* ---- real and spec-built messages (msgs.c) ---- */

enum smc_msg_kind {
    SMC_MSG_REAL,  /* bytes from a kernel-to-kernel capture in captures/real */
    SMC_MSG_BUILT, /* built by hand from the spec for a shape no capture has */
};

struct smc_msg_def {
    const char *name;   /* e.g. "real_smcr_v2_accept_fc" */
    const char *source; /* capture and frame, or spec section */
    enum smc_msg_kind kind;
    const char *hex;
};

extern const struct smc_msg_def smc_msgs[];
extern const size_t smc_msg_count;

const struct smc_msg_def *smc_msg_find(const char *name);
/* The bytes of message `name` into out; fails the running test when unknown. */
#define SMC_MSG(name, out, cap) smc_msg_at((name), (out), (cap), __FILE__, __LINE__)
size_t smc_msg_at(const char *name, uint8_t *out, size_t cap, const char *file, int line);

/* ---- hex and builders ---- */

/* Parse hex pairs, skipping blanks, ':', ',' and '#'..end of line. Returns the
 * byte count, or (size_t)-1 on an odd digit count, a bad character or when
 * cap is exceeded. */
size_t smc_hex_to_bytes(const char *hex, uint8_t *out, size_t cap);
/* The same but fails the running test on error. */
#define SMC_HEX(hex, out, cap) smc_hex_at((hex), (out), (cap), __FILE__, __LINE__)
size_t smc_hex_at(const char *hex, uint8_t *out, size_t cap, const char *file, int line);

/* Store `size` (1..8) bytes of v big-endian at buf[off]. */
void smc_put_be(uint8_t *buf, size_t off, size_t size, uint64_t v);
/* Header: eyecatcher (SMC_EYECATCHER_R/D), type, length, byte 7. */
void smc_put_header(uint8_t *buf, uint32_t eyecatcher, uint8_t type, uint16_t length,
                    uint8_t byte7);
/* Trailer eyecatcher at length - 4. */
void smc_put_trailer(uint8_t *buf, uint16_t length, uint32_t eyecatcher);

#endif /* SMCCLC_TEST_SUPPORT_H */
