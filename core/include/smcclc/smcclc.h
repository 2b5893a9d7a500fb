/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smcclc parser core: frames, decodes and validates SMC CLC messages and the
 * SMC TCP option.
 *
 * Contract: no allocation, no I/O, no global state but const tables; every
 * function reads only the bytes it is given and never more than `len`;
 * length fields on the wire are never trusted. Safe to call from any thread.
 *
 * The decoder turns a message into a summary and, in wire order, one entry
 * per field and per group boundary: into an array the caller owns
 * (smcclc_clc_decode_fields), or handed to callbacks as each is made
 * (smcclc_clc_decode). smcdump's text and JSON output and the Wireshark
 * plugin's tree are all built from those entries, so they cannot disagree
 * about a field. See docs/protocol.md for the wire format.
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
#define SMCCLC_WARN_UNUSED __attribute__((warn_unused_result))
#else
#define SMCCLC_WARN_UNUSED
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

#define SMCCLC_X_ENUM_TYPE(v, id, key, label) SMCCLC_CLC_##id = v,
enum smcclc_clc_type { SMCCLC_CLC_TYPE_LIST(SMCCLC_X_ENUM_TYPE) };
#undef SMCCLC_X_ENUM_TYPE

#define SMCCLC_X_ENUM_EYE(v, id, key, label) SMCCLC_EYECATCHER_##id = v,
enum smcclc_eyecatcher { SMCCLC_EYECATCHER_LIST(SMCCLC_X_ENUM_EYE) };
#undef SMCCLC_X_ENUM_EYE

#define SMCCLC_X_ENUM_PATH(v, id, key, label) SMCCLC_TYPE_##id = v,
enum smcclc_path { SMCCLC_PATH_LIST(SMCCLC_X_ENUM_PATH) };
#undef SMCCLC_X_ENUM_PATH

#define SMCCLC_X_ENUM_OS(v, id, key, label) SMCCLC_OS_##id = v,
enum smcclc_os { SMCCLC_OS_LIST(SMCCLC_X_ENUM_OS) };
#undef SMCCLC_X_ENUM_OS

#define SMCCLC_X_ENUM_FEATURE(v, id, key, label) SMCCLC_FEATURE_##id = v,
enum smcclc_feature { SMCCLC_FEATURE_LIST(SMCCLC_X_ENUM_FEATURE) };
#undef SMCCLC_X_ENUM_FEATURE

#define SMCCLC_X_ENUM_DECL(code, name, meaning, hint) SMCCLC_DECL_##name = code,
enum smcclc_decline_code { SMCCLC_DECLINE_LIST(SMCCLC_X_ENUM_DECL) };
#undef SMCCLC_X_ENUM_DECL

#define SMCCLC_X_ENUM_OUTCOME(id, key, label) SMCCLC_OUTCOME_##id,
enum smcclc_outcome {
    SMCCLC_OUTCOME_NONE = -1,
    SMCCLC_OUTCOME_LIST(SMCCLC_X_ENUM_OUTCOME) SMCCLC_OUTCOME_COUNT
};
#undef SMCCLC_X_ENUM_OUTCOME

#define SMCCLC_X_ENUM_SITUATION(id, anchor, hint) SMCCLC_SITUATION_##id,
enum smcclc_situation {
    SMCCLC_SITUATION_NONE = -1,
    SMCCLC_SITUATION_LIST(SMCCLC_X_ENUM_SITUATION) SMCCLC_SITUATION_COUNT
};
#undef SMCCLC_X_ENUM_SITUATION

#define SMCCLC_X_ENUM_SEV(id, key, label) SMCCLC_SEV_##id,
enum smcclc_severity { SMCCLC_SEVERITY_LIST(SMCCLC_X_ENUM_SEV) SMCCLC_SEVERITY_COUNT };
#undef SMCCLC_X_ENUM_SEV

#define SMCCLC_X_ENUM_ANOM(id, key, sev, desc) SMCCLC_ANOM_##id,
enum smcclc_anomaly { SMCCLC_ANOMALY_LIST(SMCCLC_X_ENUM_ANOM) SMCCLC_ANOMALY_COUNT };
#undef SMCCLC_X_ENUM_ANOM

#define SMCCLC_X_ENUM_GROUP(id, key, label, kind) SMCCLC_GROUP_##id,
enum smcclc_group { SMCCLC_GROUP_LIST(SMCCLC_X_ENUM_GROUP) SMCCLC_GROUP_COUNT };
#undef SMCCLC_X_ENUM_GROUP

#define SMCCLC_X_ENUM_FIELD(id, key, label, kind, size, base, vals, mask, flags) SMCCLC_F_##id,
enum smcclc_field { SMCCLC_FIELD_LIST(SMCCLC_X_ENUM_FIELD) SMCCLC_FIELD_COUNT };
#undef SMCCLC_X_ENUM_FIELD

/* How a field's value travels in a struct smcclc_field_event. */
enum smcclc_field_kind {
    SMCCLC_FK_UINT,   /* .u; JSON number */
    SMCCLC_FK_ID64,   /* .u; 64-bit identifier, JSON string "0x%016x" */
    SMCCLC_FK_FLAG,   /* .u is 0 or 1; JSON boolean */
    SMCCLC_FK_ENUM,   /* .u; name from the field's value table, JSON its key */
    SMCCLC_FK_BITS,   /* .u; bit set over the field's value table, JSON number */
    SMCCLC_FK_BYTES,  /* .bytes, .len; JSON lower-case hex string */
    SMCCLC_FK_MAC,    /* .bytes, 6 */
    SMCCLC_FK_IPV4,   /* .bytes, 4 */
    SMCCLC_FK_IPV6,   /* .bytes, 16 (GIDs too) */
    SMCCLC_FK_TEXT,   /* .bytes, fixed width, blank or NUL padded, no terminator */
    SMCCLC_FK_NAME,   /* .str, a static string (never NULL) */
    SMCCLC_FK_PEERID, /* .bytes, 8: 2-byte instance + 6-byte MAC */
};

/* Whether a kind's value is bytes on the wire (.bytes) rather than a number or a name. */
static inline bool smcclc_kind_has_bytes(enum smcclc_field_kind k)
{
    return k == SMCCLC_FK_BYTES || k == SMCCLC_FK_MAC || k == SMCCLC_FK_IPV4 ||
           k == SMCCLC_FK_IPV6 || k == SMCCLC_FK_TEXT || k == SMCCLC_FK_PEERID;
}

enum smcclc_field_base { SMCCLC_BASE_DEC, SMCCLC_BASE_HEX };

/* Value tables a field may refer to. */
enum smcclc_vals {
    SMCCLC_VALS_NONE,
    SMCCLC_VALS_TYPE,
    SMCCLC_VALS_EYECATCHER,
    SMCCLC_VALS_PATH,
    SMCCLC_VALS_RELEASE,
    SMCCLC_VALS_OS,
    SMCCLC_VALS_QP_MTU,
    SMCCLC_VALS_FEATURE,
    SMCCLC_VALS_COUNT
};

#define SMCCLC_FF_RESERVED 0x01u /* reserved on the wire: -vv text and plugin only */
#define SMCCLC_FF_DERIVED 0x02u  /* computed from other fields, no bytes of its own */

enum smcclc_group_kind {
    SMCCLC_GK_SECTION,     /* a region of the message; a subtree, flat in JSON */
    SMCCLC_GK_VALUE_LIST,  /* JSON array of field values */
    SMCCLC_GK_OBJECT_LIST, /* JSON array of objects, each bracketed by ITEM events */
};

/* One row of a value table. Tables end with a row whose key is NULL. */
struct smcclc_val {
    uint32_t value;
    const char *key;   /* short, stable: JSON values, verdict reasons */
    const char *label; /* for people: text output, Wireshark value strings */
};

struct smcclc_field_info {
    const char *key;
    const char *label;
    enum smcclc_field_kind kind;
    uint8_t size; /* bytes on the wire; 0 when derived or variable */
    enum smcclc_field_base base;
    enum smcclc_vals vals;
    uint32_t mask;
    unsigned flags;
};

struct smcclc_group_info {
    const char *key;
    const char *label;
    enum smcclc_group_kind kind;
};

struct smcclc_anomaly_info {
    const char *key;
    enum smcclc_severity severity;
    const char *description;
};

struct smcclc_decline_info {
    uint32_t code;
    const char *name;    /* kernel SMC_CLC_DECL_ suffix, e.g. "NOSMCRDEV" */
    const char *meaning; /* what the peer is telling us */
    const char *hint;    /* what to do; one line of docs/troubleshooting.md */
};

struct smcclc_situation_info {
    const char *anchor;
    const char *hint;
};

/* The host-side advice of a decline code or situation (SMCCLC_EXPLAIN_LIST). */
struct smcclc_explain_info {
    const char *name;       /* decline name or situation anchor */
    const char *tools_name; /* smc-tools' short name when it differs, else NULL */
    const char *confirm;    /* how to confirm it on the host */
    const char *change;     /* what to change */
};

/* The tables, indexed by their enums. */
SMCCLC_API extern const struct smcclc_field_info smcclc_field_table[SMCCLC_FIELD_COUNT];
SMCCLC_API extern const struct smcclc_group_info smcclc_group_table[SMCCLC_GROUP_COUNT];
SMCCLC_API extern const struct smcclc_anomaly_info smcclc_anomaly_table[SMCCLC_ANOMALY_COUNT];
SMCCLC_API extern const struct smcclc_decline_info
    smcclc_decline_table[]; /* ends with name == NULL */
SMCCLC_API extern const struct smcclc_situation_info smcclc_situation_table[SMCCLC_SITUATION_COUNT];
SMCCLC_API extern const struct smcclc_explain_info
    smcclc_explain_table[]; /* ends with name == NULL */
SMCCLC_API extern const struct smcclc_val
    *const smcclc_vals_table[SMCCLC_VALS_COUNT];                  /* [NONE] is NULL */
SMCCLC_API extern const struct smcclc_val smcclc_outcome_vals[];  /* value = enum smcclc_outcome */
SMCCLC_API extern const struct smcclc_val smcclc_severity_vals[]; /* value = enum smcclc_severity */

/* How far a field's value is shifted within its bytes: the position of the
 * lowest set bit of its mask (0 for a mask of 0, "all bits"). */
static inline unsigned smcclc_mask_shift(uint32_t mask)
{
    unsigned shift = 0;

    while (mask != 0 && (mask & 1u) == 0) {
        mask >>= 1;
        shift++;
    }
    return shift;
}

/* Lookups return NULL for values the tables do not know. */
SMCCLC_API const struct smcclc_val *smcclc_val_lookup(enum smcclc_vals table, uint32_t value);
SMCCLC_API const struct smcclc_decline_info *smcclc_decline_lookup(uint32_t code);
/* Reason names back to codes, for verdicts given by name; NULL if unknown. */
SMCCLC_API const struct smcclc_decline_info *smcclc_decline_by_name(const char *name);
/* The advice for a decline name or situation anchor (exact); NULL if none. */
SMCCLC_API const struct smcclc_explain_info *smcclc_explain_lookup(const char *name);

/* Compressed buffer size (RMBE/DMBE): 16384 << code, code 0..15. */
SMCCLC_API uint64_t smcclc_buf_size_bytes(unsigned code);
/* QP MTU enum to bytes; 0 when not 1..5. */
SMCCLC_API unsigned smcclc_qp_mtu_bytes(unsigned code);

/* ---- the SMC TCP option (kind 254, ExID 0xE2D4C3D9) ---- */

#define SMCCLC_TCP_OPTION_KIND 254
#define SMCCLC_TCP_OPTION_EXID 0xE2D4C3D9u

enum smcclc_tcp_option_status {
    SMCCLC_TCPOPT_ABSENT,    /* the options were walked to the end without it */
    SMCCLC_TCPOPT_PRESENT,   /* found; *at is its offset in the option bytes */
    SMCCLC_TCPOPT_TRUNCATED, /* the option bytes end early (snaplen) before a verdict */
    SMCCLC_TCPOPT_MALFORMED, /* an option length runs past the option area or is < 2; *at is
                             that option's offset (its length byte, if any, follows it) */
};

/*
 * Walk TCP option bytes (the header past its 20 fixed bytes). Only SYN and
 * SYN-ACK segments may carry a meaningful SMC option; the caller checks the
 * flags. `captured` <= `len` is how many of the `len` option bytes are there.
 */
SMCCLC_API enum smcclc_tcp_option_status smcclc_tcp_option_find(const uint8_t *opts,
                                                                size_t captured, size_t len,
                                                                size_t *at) SMCCLC_WARN_UNUSED;

/* ---- framing ---- */

#define SMCCLC_CLC_HEADER_LEN 8
#define SMCCLC_CLC_TRAILER_LEN 4
/*
 * No CLC message is longer (Linux sends at most 652 bytes): smcdump and the
 * plugin take a longer length field as a broken header and stop reading CLC in
 * that direction.
 */
#define SMCCLC_CLC_MAX_LEN 1024
#define SMCCLC_CLC_MIN_LEN 28 /* the shortest message Linux accepts: a v1 Decline */
/* The longest Proposal Linux accepts: struct smc_clc_msg_proposal_area, its receive buffer. */
#define SMCCLC_CLC_PROPOSAL_MAX_LEN 652

/*
 * Byte i (0 first) of a big-endian 32-bit value of the tables (an eyecatcher,
 * the option's ExID), for code that compares bytes one by one as they arrive.
 * Both eyecatchers begin with the same three bytes, "SMC".
 */
#define SMCCLC_BE32_BYTE(v, i) ((uint8_t)((uint32_t)(v) >> (24 - 8 * (i))))

/* The release (v2.x) of a message or verdict that carries none. */
#define SMCCLC_RELEASE_NONE 0xFFu

enum smcclc_frame_status {
    SMCCLC_FRAME_NOT_CLC,    /* the bytes do not start a CLC message */
    SMCCLC_FRAME_NEED_MORE,  /* could be CLC; *pdu_len bytes are needed to know more */
    SMCCLC_FRAME_OK,         /* a message of *pdu_len bytes starts here */
    SMCCLC_FRAME_BAD_LENGTH, /* header plausible but length < 12: *pdu_len = 8 */
};

/* smcclc_clc_frame() flags */
#define SMCCLC_FRAME_STRICT 0x1u /* for heuristics: also version 1..2 and per-type length range */

/*
 * Look at the start of a byte stream. Reads at most the first 8 bytes. With
 * fewer than 8 bytes it says NOT_CLC as soon as the bytes present contradict
 * a header, else NEED_MORE with *pdu_len = 8.
 */
SMCCLC_API enum smcclc_frame_status smcclc_clc_frame(const uint8_t *buf, size_t len, unsigned flags,
                                                     size_t *pdu_len) SMCCLC_WARN_UNUSED;

/* ---- decoding ---- */

/*
 * What an entry of a decoded message is: a field, or a marker that opens or
 * closes a group (a section, a list, one object of an object list), so that
 * the nesting survives in a flat array.
 */
enum smcclc_entry_type {
    SMCCLC_ENTRY_FIELD,       /* .id is an enum smcclc_field; the value is in .v */
    SMCCLC_ENTRY_GROUP_BEGIN, /* .id is an enum smcclc_group; lists: .v.count items */
    SMCCLC_ENTRY_GROUP_END,   /* the same .id, .off, .len and .v.count as its BEGIN */
    SMCCLC_ENTRY_ITEM_BEGIN,  /* one object of an SMCCLC_GK_OBJECT_LIST; .id is the list */
    SMCCLC_ENTRY_ITEM_END,
};

/*
 * One entry, 16 bytes. Which member of .v a field uses follows from its kind
 * in smcclc_field_table: .bytes for the kinds smcclc_kind_has_bytes() names
 * (BYTES, MAC, IPV4, IPV6, TEXT, PEERID), .str for NAME, .u for the others.
 */
struct smcclc_entry {
    uint8_t type; /* enum smcclc_entry_type */
    uint16_t id;  /* enum smcclc_field or enum smcclc_group, as .type says */
    uint16_t off; /* from the first eyecatcher byte */
    uint16_t len; /* bytes covered (the whole byte for masked fields; a group's extent) */
    union {
        uint64_t u;           /* integer kinds, already masked and shifted */
        const uint8_t *bytes; /* byte kinds: .len bytes of the decoded buffer */
        const char *str;      /* SMCCLC_FK_NAME: a static string, never NULL */
        unsigned count;       /* group markers: the items of a list, 0 for a section */
    } v;
};

/*
 * An array of this many entries holds every message: no message of at most
 * SMCCLC_CLC_MAX_LEN bytes decodes into more (a longer length field gets only
 * the header decoded). The worst case, a Proposal whose lists fill every
 * byte, takes 670 (tests/unit/test_entries.c builds it).
 */
#define SMCCLC_CLC_MAX_ENTRIES 1024

/* A field entry as the callbacks of struct smcclc_sink receive it. */
struct smcclc_field_event {
    enum smcclc_field id;
    uint16_t off;         /* from the first eyecatcher byte */
    uint16_t len;         /* bytes the field covers (the whole byte for masked fields) */
    uint64_t u;           /* integer kinds, already masked and shifted */
    const uint8_t *bytes; /* byte kinds: points into the caller's buffer */
    const char *str;      /* SMCCLC_FK_NAME */
};

enum smcclc_group_event {
    SMCCLC_GROUP_BEGIN, /* .count = items for lists */
    SMCCLC_GROUP_END,
    SMCCLC_ITEM_BEGIN, /* one object of an OBJECT_LIST */
    SMCCLC_ITEM_END,
};

struct smcclc_sink {
    void (*field)(void *ctx, const struct smcclc_field_event *ev);
    void (*group)(void *ctx, enum smcclc_group_event ev, enum smcclc_group group, uint16_t off,
                  uint16_t len, unsigned count);
    void *ctx;
};

#define SMCCLC_MAX_ANOMALIES 24

struct smcclc_anomaly_at {
    enum smcclc_anomaly id;
    uint16_t off; /* first byte concerned */
    uint16_t len; /* bytes concerned, >= 1 */
};

/*
 * The summary of one message: what verdicts, one-line output and the
 * handshake state machine need. Every field is set by smcclc_clc_decode();
 * values that the message does not carry are 0 unless stated.
 */
struct smcclc_clc_msg {
    uint8_t type;       /* enum smcclc_clc_type */
    uint8_t eyecatcher; /* enum smcclc_path: SMCCLC_TYPE_R or SMCCLC_TYPE_D from the eyecatcher */
    uint8_t version;    /* header nibble as sent */
    uint16_t length;    /* header length field */
    uint16_t decoded;   /* bytes decoded: min(length, available) */
    bool truncated;     /* fewer bytes available than `length` (snaplen) */

    /* Proposal */
    uint8_t typev1, typev2; /* enum smcclc_path */
    uint8_t ipv6_prefix_count, eid_count, ism_gid_count;
    bool has_v2_ext, has_smcd_v2_ext;

    /* Proposal v2 extension or first-contact extension; SMCCLC_RELEASE_NONE when absent */
    uint8_t release;
    uint8_t max_conns, max_links; /* v2.1, 0 when absent */
    uint16_t feature_mask;

    /* Accept / Confirm */
    uint8_t chosen_type; /* enum smcclc_path, byte 7 & 3 */
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
    bool anomalies_dropped;     /* more than SMCCLC_MAX_ANOMALIES were found */
    uint16_t entries_dropped;   /* entries that did not fit the caller's array; the
                                   summary is complete all the same */
    enum smcclc_severity worst; /* highest severity seen; NOTE when none */
    struct smcclc_anomaly_at anomalies[SMCCLC_MAX_ANOMALIES];
};

enum smcclc_decode_status {
    SMCCLC_DECODE_OK,        /* the whole message was decoded (anomalies may be listed) */
    SMCCLC_DECODE_TRUNCATED, /* fewer bytes than the length field: decoded what was there */
    SMCCLC_DECODE_NOT_CLC,   /* no CLC header (eyecatcher or type) */
};

/*
 * Decode one message that starts at buf[0]. `len` is the bytes available; if
 * it exceeds the length field only `length` bytes are used. Diagnostics
 * never stop the decode of the fields that follow.
 *
 * The entries go into the caller's array, as picohttpparser's headers do:
 * *num_entries is its capacity on entry and the entries filled on return.
 * Entries that do not fit are counted in msg->entries_dropped (never written);
 * an array of SMCCLC_CLC_MAX_ENTRIES drops none. With `entries` or
 * `num_entries` NULL only the summary is made. Entries of byte kinds point
 * into `buf`. No allocation; nothing is kept between calls.
 */
SMCCLC_API enum smcclc_decode_status
smcclc_clc_decode_fields(const uint8_t *buf, size_t len, struct smcclc_clc_msg *msg,
                         struct smcclc_entry *entries, size_t *num_entries) SMCCLC_WARN_UNUSED;

/*
 * The same decode for callers that want callbacks: each entry goes to `sink`
 * as it is made, converted as smcclc_entries_walk() converts it, so no array
 * and no limit are involved. `sink` may be NULL (the summary only).
 */
SMCCLC_API enum smcclc_decode_status
smcclc_clc_decode(const uint8_t *buf, size_t len, struct smcclc_clc_msg *msg,
                  const struct smcclc_sink *sink) SMCCLC_WARN_UNUSED;

/* Hand `n` decoded entries to `sink`, in order: fields to .field, markers to .group. */
SMCCLC_API void smcclc_entries_walk(const struct smcclc_entry *entries, size_t n,
                                    const struct smcclc_sink *sink);

/* True when the message has an anomaly of that id. */
SMCCLC_API bool smcclc_clc_has_anomaly(const struct smcclc_clc_msg *msg, enum smcclc_anomaly id);

/* The library's version, SMCCLC_VERSION_STRING of the build that made it. */
SMCCLC_API const char *smcclc_version(void);

#ifdef __cplusplus
}
#endif

#endif /* SMCCLC_SMCCLC_H */
