/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: the protocol tables of tables.h, expanded into lookups */
#include <string.h>

#include "smcclc/smcclc.h"

#define SMCCLC_X_VAL(v, id, key, label) {v, key, label},
#define SMCCLC_VALS_END                                                                            \
    {                                                                                              \
        0, NULL, NULL                                                                              \
    }

static const struct smcclc_val type_vals[] = {SMCCLC_CLC_TYPE_LIST(SMCCLC_X_VAL) SMCCLC_VALS_END};
static const struct smcclc_val eyecatcher_vals[] = {SMCCLC_EYECATCHER_LIST(SMCCLC_X_VAL)
                                                        SMCCLC_VALS_END};
static const struct smcclc_val path_vals[] = {SMCCLC_PATH_LIST(SMCCLC_X_VAL) SMCCLC_VALS_END};
static const struct smcclc_val release_vals[] = {SMCCLC_RELEASE_LIST(SMCCLC_X_VAL) SMCCLC_VALS_END};
static const struct smcclc_val os_vals[] = {SMCCLC_OS_LIST(SMCCLC_X_VAL) SMCCLC_VALS_END};
static const struct smcclc_val qp_mtu_vals[] = {SMCCLC_QP_MTU_LIST(SMCCLC_X_VAL) SMCCLC_VALS_END};
static const struct smcclc_val feature_vals[] = {SMCCLC_FEATURE_LIST(SMCCLC_X_VAL) SMCCLC_VALS_END};

const struct smcclc_val *const smcclc_vals_table[SMCCLC_VALS_COUNT] = {
    [SMCCLC_VALS_NONE] = NULL,
    [SMCCLC_VALS_TYPE] = type_vals,
    [SMCCLC_VALS_EYECATCHER] = eyecatcher_vals,
    [SMCCLC_VALS_PATH] = path_vals,
    [SMCCLC_VALS_RELEASE] = release_vals,
    [SMCCLC_VALS_OS] = os_vals,
    [SMCCLC_VALS_QP_MTU] = qp_mtu_vals,
    [SMCCLC_VALS_FEATURE] = feature_vals,
};

#define SMCCLC_X_OUTCOME(id, key, label) {SMCCLC_OUTCOME_##id, key, label},
const struct smcclc_val smcclc_outcome_vals[] = {SMCCLC_OUTCOME_LIST(SMCCLC_X_OUTCOME)
                                                     SMCCLC_VALS_END};

#define SMCCLC_X_SEVERITY(id, key, label) {SMCCLC_SEV_##id, key, label},
const struct smcclc_val smcclc_severity_vals[] = {SMCCLC_SEVERITY_LIST(SMCCLC_X_SEVERITY)
                                                      SMCCLC_VALS_END};

#define SMCCLC_X_FIELD(id, key, label, kind, size, base, vals, mask, flags)                        \
    [SMCCLC_F_##id] = {key,                                                                        \
                       label,                                                                      \
                       SMCCLC_FK_##kind,                                                           \
                       size,                                                                       \
                       SMCCLC_BASE_##base,                                                         \
                       SMCCLC_VALS_##vals,                                                         \
                       mask,                                                                       \
                       SMCCLC_X_FLAGS_##flags},
#define SMCCLC_X_FLAGS_0 0u
#define SMCCLC_X_FLAGS_RESERVED SMCCLC_FF_RESERVED
#define SMCCLC_X_FLAGS_DERIVED SMCCLC_FF_DERIVED
const struct smcclc_field_info smcclc_field_table[SMCCLC_FIELD_COUNT] = {
    SMCCLC_FIELD_LIST(SMCCLC_X_FIELD)};

#define SMCCLC_X_GROUP(id, key, label, kind) [SMCCLC_GROUP_##id] = {key, label, SMCCLC_GK_##kind},
const struct smcclc_group_info smcclc_group_table[SMCCLC_GROUP_COUNT] = {
    SMCCLC_GROUP_LIST(SMCCLC_X_GROUP)};

#define SMCCLC_X_ANOMALY(id, key, sev, desc) [SMCCLC_ANOM_##id] = {key, SMCCLC_SEV_##sev, desc},
const struct smcclc_anomaly_info smcclc_anomaly_table[SMCCLC_ANOMALY_COUNT] = {
    SMCCLC_ANOMALY_LIST(SMCCLC_X_ANOMALY)};

#define SMCCLC_X_DECLINE(code, name, meaning, hint) {code, #name, meaning, hint},
const struct smcclc_decline_info smcclc_decline_table[] = {
    SMCCLC_DECLINE_LIST(SMCCLC_X_DECLINE){0, NULL, NULL, NULL}};

#define SMCCLC_X_SITUATION(id, anchor, hint) [SMCCLC_SITUATION_##id] = {anchor, hint},
const struct smcclc_situation_info smcclc_situation_table[SMCCLC_SITUATION_COUNT] = {
    SMCCLC_SITUATION_LIST(SMCCLC_X_SITUATION)};

#define SMCCLC_X_EXPLAIN(name, tools, confirm, change) {#name, tools, confirm, change},
const struct smcclc_explain_info smcclc_explain_table[] = {
    SMCCLC_EXPLAIN_LIST(SMCCLC_X_EXPLAIN){NULL, NULL, NULL, NULL}};

const struct smcclc_val *smcclc_val_lookup(enum smcclc_vals table, uint32_t value)
{
    const struct smcclc_val *row;

    if ((unsigned)table >= SMCCLC_VALS_COUNT || smcclc_vals_table[table] == NULL)
        return NULL;
    for (row = smcclc_vals_table[table]; row->key != NULL; row++)
        if (row->value == value)
            return row;
    return NULL;
}

const struct smcclc_decline_info *smcclc_decline_lookup(uint32_t code)
{
    const struct smcclc_decline_info *row;

    for (row = smcclc_decline_table; row->name != NULL; row++)
        if (row->code == code)
            return row;
    return NULL;
}

const struct smcclc_decline_info *smcclc_decline_by_name(const char *name)
{
    const struct smcclc_decline_info *row;

    if (name == NULL)
        return NULL;
    for (row = smcclc_decline_table; row->name != NULL; row++)
        if (strcmp(row->name, name) == 0)
            return row;
    return NULL;
}

const struct smcclc_explain_info *smcclc_explain_lookup(const char *name)
{
    const struct smcclc_explain_info *row;

    if (name == NULL)
        return NULL;
    for (row = smcclc_explain_table; row->name != NULL; row++)
        if (strcmp(row->name, name) == 0)
            return row;
    return NULL;
}

uint64_t smcclc_buf_size_bytes(unsigned code)
{
    /* The nibble can hold at most 15; anything else is a caller bug, not wire data. */
    return (uint64_t)16384 << (code & 0x0Fu);
}

unsigned smcclc_qp_mtu_bytes(unsigned code)
{
    return (code >= 1 && code <= 5) ? 128u << code : 0u;
}
