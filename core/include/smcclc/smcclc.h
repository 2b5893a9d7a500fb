/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smcclc parser core: frames, decodes and validates SMC CLC messages and the
 * SMC TCP option.
 *
 * Contract: no allocation, no I/O, no global state but const tables; every
 * function reads only the bytes it is given and never more than `len`;
 * length fields on the wire are never trusted. Safe to call from any thread.
 *
 * The decoder reports each field it decodes, in wire order, to an optional
 * sink. smcdump's text and JSON output and the Wireshark plugin's tree are
 * all built from those events, so they cannot disagree about a field.
 * See docs/protocol.md for the wire format.
 */
#ifndef SMCCLC_SMCCLC_H
#define SMCCLC_SMCCLC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "smcclc/tables.h"
#include "smcclc/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define SMC_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define SMC_WARN_UNUSED
#endif

/*
 * The shared library is built with -fvisibility=hidden: it exports only what
 * is marked SMCCLC_API, and docs/api.md documents each of those names
 * (tests/install checks both ways). Everywhere else the mark is empty.
 */
#if defined(SMCCLC_BUILD_SHARED) && defined(__GNUC__)
#define SMCCLC_API __attribute__((visibility("default")))
#else
#define SMCCLC_API
#endif

/* ---- enumerations expanded from tables.h ---- */

#define SMC_X_ENUM_TYPE(v, id, key, label) SMC_CLC_##id = v,
enum smc_clc_type { SMC_CLC_TYPE_LIST(SMC_X_ENUM_TYPE) };
#undef SMC_X_ENUM_TYPE

#define SMC_X_ENUM_EYE(v, id, key, label) SMC_EYECATCHER_##id = v,
enum smc_eyecatcher { SMC_EYECATCHER_LIST(SMC_X_ENUM_EYE) };
#undef SMC_X_ENUM_EYE

#define SMC_X_ENUM_PATH(v, id, key, label) SMC_TYPE_##id = v,
enum smc_path { SMC_PATH_LIST(SMC_X_ENUM_PATH) };
#undef SMC_X_ENUM_PATH

#define SMC_X_ENUM_OS(v, id, key, label) SMC_OS_##id = v,
enum smc_os { SMC_OS_LIST(SMC_X_ENUM_OS) };
#undef SMC_X_ENUM_OS

#define SMC_X_ENUM_FEATURE(v, id, key, label) SMC_FEATURE_##id = v,
enum smc_feature { SMC_FEATURE_LIST(SMC_X_ENUM_FEATURE) };
#undef SMC_X_ENUM_FEATURE

#define SMC_X_ENUM_DECL(code, name, meaning, hint) SMC_DECL_##name = code,
enum smc_decline_code { SMC_DECLINE_LIST(SMC_X_ENUM_DECL) };
#undef SMC_X_ENUM_DECL

#define SMC_X_ENUM_OUTCOME(id, key, label) SMC_OUTCOME_##id,
enum smc_outcome { SMC_OUTCOME_NONE = -1, SMC_OUTCOME_LIST(SMC_X_ENUM_OUTCOME) SMC_OUTCOME_COUNT };
#undef SMC_X_ENUM_OUTCOME

#define SMC_X_ENUM_SITUATION(id, anchor, hint) SMC_SITUATION_##id,
enum smc_situation {
    SMC_SITUATION_NONE = -1,
    SMC_SITUATION_LIST(SMC_X_ENUM_SITUATION) SMC_SITUATION_COUNT
};
#undef SMC_X_ENUM_SITUATION

#define SMC_X_ENUM_SEV(id, key, label) SMC_SEV_##id,
enum smc_severity { SMC_SEVERITY_LIST(SMC_X_ENUM_SEV) SMC_SEVERITY_COUNT };
#undef SMC_X_ENUM_SEV

#define SMC_X_ENUM_ANOM(id, key, sev, desc) SMC_ANOM_##id,
enum smc_anomaly { SMC_ANOMALY_LIST(SMC_X_ENUM_ANOM) SMC_ANOMALY_COUNT };
#undef SMC_X_ENUM_ANOM

#define SMC_X_ENUM_GROUP(id, key, label, kind) SMC_GROUP_##id,
enum smc_group { SMC_GROUP_LIST(SMC_X_ENUM_GROUP) SMC_GROUP_COUNT };
#undef SMC_X_ENUM_GROUP

#define SMC_X_ENUM_FIELD(id, key, label, kind, size, base, vals, mask, flags) SMC_F_##id,
enum smc_field { SMC_FIELD_LIST(SMC_X_ENUM_FIELD) SMC_FIELD_COUNT };
#undef SMC_X_ENUM_FIELD

/* How a field's value travels in a struct smc_field_event. */
enum smc_field_kind {
    SMC_FK_UINT,   /* .u; JSON number */
    SMC_FK_ID64,   /* .u; 64-bit identifier, JSON string "0x%016x" */
    SMC_FK_FLAG,   /* .u is 0 or 1; JSON boolean */
    SMC_FK_ENUM,   /* .u; name from the field's value table, JSON its key */
    SMC_FK_BITS,   /* .u; bit set over the field's value table, JSON number */
    SMC_FK_BYTES,  /* .bytes, .len; JSON lower-case hex string */
    SMC_FK_MAC,    /* .bytes, 6 */
    SMC_FK_IPV4,   /* .bytes, 4 */
    SMC_FK_IPV6,   /* .bytes, 16 (GIDs too) */
    SMC_FK_TEXT,   /* .bytes, fixed width, blank or NUL padded, no terminator */
    SMC_FK_NAME,   /* .str, a static string (never NULL) */
    SMC_FK_PEERID, /* .bytes, 8: 2-byte instance + 6-byte MAC */
};

enum smc_field_base { SMC_BASE_DEC, SMC_BASE_HEX };

/* Value tables a field may refer to. */
enum smc_vals {
    SMC_VALS_NONE,
    SMC_VALS_TYPE,
    SMC_VALS_EYECATCHER,
    SMC_VALS_PATH,
    SMC_VALS_RELEASE,
    SMC_VALS_OS,
    SMC_VALS_QP_MTU,
    SMC_VALS_FEATURE,
    SMC_VALS_COUNT
};

#define SMC_FF_RESERVED 0x01u /* reserved on the wire: -vv text and plugin only */
#define SMC_FF_DERIVED 0x02u  /* computed from other fields, no bytes of its own */

enum smc_group_kind {
    SMC_GK_SECTION,     /* a region of the message; a subtree, flat in JSON */
    SMC_GK_VALUE_LIST,  /* JSON array of field values */
    SMC_GK_OBJECT_LIST, /* JSON array of objects, each bracketed by ITEM events */
};

/* One row of a value table. Tables end with a row whose key is NULL. */
struct smc_val {
    uint32_t value;
    const char *key;   /* short, stable: JSON values, verdict reasons */
    const char *label; /* for people: text output, Wireshark value strings */
};

struct smc_field_info {
    const char *key;
    const char *label;
    enum smc_field_kind kind;
    uint8_t size; /* bytes on the wire; 0 when derived or variable */
    enum smc_field_base base;
    enum smc_vals vals;
    uint32_t mask;
    unsigned flags;
};

struct smc_group_info {
    const char *key;
    const char *label;
    enum smc_group_kind kind;
};

struct smc_anomaly_info {
    const char *key;
    enum smc_severity severity;
    const char *description;
};

struct smc_decline_info {
    uint32_t code;
    const char *name;    /* kernel SMC_CLC_DECL_ suffix, e.g. "NOSMCRDEV" */
    const char *meaning; /* what the peer is telling us */
    const char *hint;    /* what to do; one line of docs/troubleshooting.md */
};

struct smc_situation_info {
    const char *anchor;
    const char *hint;
};

/* The host-side advice of a decline code or situation (SMC_EXPLAIN_LIST). */
struct smc_explain_info {
    const char *name;       /* decline name or situation anchor */
    const char *tools_name; /* smc-tools' short name when it differs, else NULL */
    const char *confirm;    /* how to confirm it on the host */
    const char *change;     /* what to change */
};

/* The tables, indexed by their enums. */
SMCCLC_API extern const struct smc_field_info smc_field_table[SMC_FIELD_COUNT];
SMCCLC_API extern const struct smc_group_info smc_group_table[SMC_GROUP_COUNT];
SMCCLC_API extern const struct smc_anomaly_info smc_anomaly_table[SMC_ANOMALY_COUNT];
SMCCLC_API extern const struct smc_decline_info smc_decline_table[]; /* ends with name == NULL */
SMCCLC_API extern const struct smc_situation_info smc_situation_table[SMC_SITUATION_COUNT];
SMCCLC_API extern const struct smc_explain_info smc_explain_table[]; /* ends with name == NULL */
SMCCLC_API extern const struct smc_val *const smc_vals_table[SMC_VALS_COUNT]; /* [NONE] is NULL */
SMCCLC_API extern const struct smc_val smc_outcome_vals[];  /* value = enum smc_outcome */
SMCCLC_API extern const struct smc_val smc_severity_vals[]; /* value = enum smc_severity */

/* How far a field's value is shifted within its bytes: the position of the
 * lowest set bit of its mask (0 for a mask of 0, "all bits"). */
static inline unsigned smc_mask_shift(uint32_t mask)
{
    unsigned shift = 0;

    while (mask != 0 && (mask & 1u) == 0) {
        mask >>= 1;
        shift++;
    }
    return shift;
}

/* Lookups return NULL for values the tables do not know. */
SMCCLC_API const struct smc_val *smc_val_lookup(enum smc_vals table, uint32_t value);
SMCCLC_API const struct smc_decline_info *smc_decline_lookup(uint32_t code);
/* Reason names back to codes, for verdicts given by name; NULL if unknown. */
SMCCLC_API const struct smc_decline_info *smc_decline_by_name(const char *name);
/* The advice for a decline name or situation anchor (exact); NULL if none. */
SMCCLC_API const struct smc_explain_info *smc_explain_lookup(const char *name);

/* Compressed buffer size (RMBE/DMBE): 16384 << code, code 0..15. */
SMCCLC_API uint64_t smc_buf_size_bytes(unsigned code);
/* QP MTU enum to bytes; 0 when not 1..5. */
SMCCLC_API unsigned smc_qp_mtu_bytes(unsigned code);

/* ---- the SMC TCP option (kind 254, ExID 0xE2D4C3D9) ---- */

#define SMC_TCP_OPTION_KIND 254
#define SMC_TCP_OPTION_EXID 0xE2D4C3D9u

enum smc_tcp_option_status {
    SMC_TCPOPT_ABSENT,    /* the options were walked to the end without it */
    SMC_TCPOPT_PRESENT,   /* found; *at is its offset in the option bytes */
    SMC_TCPOPT_TRUNCATED, /* the option bytes end early (snaplen) before a verdict */
    SMC_TCPOPT_MALFORMED, /* an option length runs past the option area or is < 2; *at is
                             that option's offset (its length byte, if any, follows it) */
};

/*
 * Walk TCP option bytes (the header past its 20 fixed bytes). Only SYN and
 * SYN-ACK segments may carry a meaningful SMC option; the caller checks the
 * flags. `captured` <= `len` is how many of the `len` option bytes are there.
 */
SMCCLC_API enum smc_tcp_option_status smc_tcp_option_find(const uint8_t *opts, size_t captured,
                                                          size_t len, size_t *at) SMC_WARN_UNUSED;

/* ---- framing ---- */

#define SMC_CLC_HEADER_LEN 8
#define SMC_CLC_TRAILER_LEN 4
/*
 * No CLC message is longer (Linux sends at most 652 bytes): smcdump and the
 * plugin take a longer length field as a broken header and stop reading CLC in
 * that direction.
 */
#define SMC_CLC_MAX_LEN 1024
#define SMC_CLC_MIN_LEN 28 /* the shortest message Linux accepts: a v1 Decline */

enum smc_frame_status {
    SMC_FRAME_NOT_CLC,    /* the bytes do not start a CLC message */
    SMC_FRAME_NEED_MORE,  /* could be CLC; *pdu_len bytes are needed to know more */
    SMC_FRAME_OK,         /* a message of *pdu_len bytes starts here */
    SMC_FRAME_BAD_LENGTH, /* header plausible but length < 12: *pdu_len = 8 */
};

/* smc_clc_frame() flags */
#define SMC_FRAME_STRICT 0x1u /* for heuristics: also version 1..2 and per-type length range */

/*
 * Look at the start of a byte stream. Reads at most the first 8 bytes. With
 * fewer than 8 bytes it says NOT_CLC as soon as the bytes present contradict
 * a header, else NEED_MORE with *pdu_len = 8.
 */
SMCCLC_API enum smc_frame_status smc_clc_frame(const uint8_t *buf, size_t len, unsigned flags,
                                               size_t *pdu_len) SMC_WARN_UNUSED;

/* ---- decoding ---- */

struct smc_field_event {
    enum smc_field id;
    uint16_t off;         /* from the first eyecatcher byte */
    uint16_t len;         /* bytes the field covers (the whole byte for masked fields) */
    uint64_t u;           /* integer kinds, already masked and shifted */
    const uint8_t *bytes; /* byte kinds: points into the caller's buffer */
    const char *str;      /* SMC_FK_NAME */
};

enum smc_group_event {
    SMC_GROUP_BEGIN, /* .count = items for lists */
    SMC_GROUP_END,
    SMC_ITEM_BEGIN, /* one object of an OBJECT_LIST */
    SMC_ITEM_END,
};

struct smc_sink {
    void (*field)(void *ctx, const struct smc_field_event *ev);
    void (*group)(void *ctx, enum smc_group_event ev, enum smc_group group, uint16_t off,
                  uint16_t len, unsigned count);
    void *ctx;
};

#define SMC_MAX_ANOMALIES 24

struct smc_anomaly_at {
    enum smc_anomaly id;
    uint16_t off; /* first byte concerned */
    uint16_t len; /* bytes concerned, >= 1 */
};

/*
 * The summary of one message: what verdicts, one-line output and the
 * handshake state machine need. Every field is set by smc_clc_decode();
 * values that the message does not carry are 0 unless stated.
 */
struct smc_clc_msg {
    uint8_t type;       /* enum smc_clc_type */
    uint8_t eyecatcher; /* enum smc_path: SMC_TYPE_R or SMC_TYPE_D from the eyecatcher */
    uint8_t version;    /* header nibble as sent */
    uint16_t length;    /* header length field */
    uint16_t decoded;   /* bytes decoded: min(length, available) */
    bool truncated;     /* fewer bytes available than `length` (snaplen) */

    /* Proposal */
    uint8_t typev1, typev2; /* enum smc_path */
    uint8_t ipv6_prefix_count, eid_count, ism_gid_count;
    bool has_v2_ext, has_smcd_v2_ext;

    /* Proposal v2 extension or first-contact extension; 0xFF when absent */
    uint8_t release;
    uint8_t max_conns, max_links; /* v2.1, 0 when absent */
    uint16_t feature_mask;

    /* Accept / Confirm */
    uint8_t chosen_type; /* enum smc_path, byte 7 & 3 */
    bool first_contact;
    uint8_t rmbe_size; /* SMC-R: size code; SMC-D: DMBE size code */
    uint8_t qp_mtu;    /* SMC-R */
    uint32_t qpn;      /* SMC-R */
    uint16_t ism_chid; /* SMC-D v2 */
    uint8_t os_type;   /* FCE or v2 Decline; 0 when absent */
    uint8_t gid_list_count;

    /* Decline */
    uint32_t diag_code;
    bool out_of_sync;

    /* Deviations from what Linux sends or accepts, in order of offset. */
    uint8_t anomaly_count;
    bool anomalies_dropped;  /* more than SMC_MAX_ANOMALIES were found */
    enum smc_severity worst; /* highest severity seen; NOTE when none */
    struct smc_anomaly_at anomalies[SMC_MAX_ANOMALIES];
};

enum smc_decode_status {
    SMC_DECODE_OK,        /* the whole message was decoded (anomalies may be listed) */
    SMC_DECODE_TRUNCATED, /* fewer bytes than the length field: decoded what was there */
    SMC_DECODE_NOT_CLC,   /* no CLC header (eyecatcher or type) */
};

/*
 * Decode one message that starts at buf[0]. `len` is the bytes available; if
 * it exceeds the length field only `length` bytes are used. `sink` may be
 * NULL. Diagnostics never stop the decode of the fields that follow.
 */
SMCCLC_API enum smc_decode_status smc_clc_decode(const uint8_t *buf, size_t len,
                                                 struct smc_clc_msg *msg,
                                                 const struct smc_sink *sink) SMC_WARN_UNUSED;

/* True when the message has an anomaly of that id. */
SMCCLC_API bool smc_clc_has_anomaly(const struct smc_clc_msg *msg, enum smc_anomaly id);

/* The library's version, SMCCLC_VERSION_STRING of the build that made it. */
SMCCLC_API const char *smcclc_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SMCCLC_SMCCLC_H */
