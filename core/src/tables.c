/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: the protocol tables of tables.h, expanded into lookups */
#include <string.h>

#include "smcclc/smcclc.h"

#define SMC_X_VAL(v, id, key, label) {v, key, label},
#define SMC_VALS_END                                                                               \
    {                                                                                              \
        0, NULL, NULL                                                                              \
    }

static const struct smc_val type_vals[] = {SMC_CLC_TYPE_LIST(SMC_X_VAL) SMC_VALS_END};
static const struct smc_val eyecatcher_vals[] = {SMC_EYECATCHER_LIST(SMC_X_VAL) SMC_VALS_END};
static const struct smc_val path_vals[] = {SMC_PATH_LIST(SMC_X_VAL) SMC_VALS_END};
static const struct smc_val release_vals[] = {SMC_RELEASE_LIST(SMC_X_VAL) SMC_VALS_END};
static const struct smc_val os_vals[] = {SMC_OS_LIST(SMC_X_VAL) SMC_VALS_END};
static const struct smc_val qp_mtu_vals[] = {SMC_QP_MTU_LIST(SMC_X_VAL) SMC_VALS_END};
static const struct smc_val feature_vals[] = {SMC_FEATURE_LIST(SMC_X_VAL) SMC_VALS_END};

const struct smc_val *const smc_vals_table[SMC_VALS_COUNT] = {
    [SMC_VALS_NONE] = NULL,
    [SMC_VALS_TYPE] = type_vals,
    [SMC_VALS_EYECATCHER] = eyecatcher_vals,
    [SMC_VALS_PATH] = path_vals,
    [SMC_VALS_RELEASE] = release_vals,
    [SMC_VALS_OS] = os_vals,
    [SMC_VALS_QP_MTU] = qp_mtu_vals,
    [SMC_VALS_FEATURE] = feature_vals,
};

#define SMC_X_OUTCOME(id, key, label) {SMC_OUTCOME_##id, key, label},
const struct smc_val smc_outcome_vals[] = {SMC_OUTCOME_LIST(SMC_X_OUTCOME) SMC_VALS_END};

#define SMC_X_SEVERITY(id, key, label) {SMC_SEV_##id, key, label},
const struct smc_val smc_severity_vals[] = {SMC_SEVERITY_LIST(SMC_X_SEVERITY) SMC_VALS_END};

#define SMC_X_FIELD(id, key, label, kind, size, base, vals, mask, flags)                           \
    [SMC_F_##id] = {key,                                                                           \
                    label,                                                                         \
                    SMC_FK_##kind,                                                                 \
                    size,                                                                          \
                    SMC_BASE_##base,                                                               \
                    SMC_VALS_##vals,                                                               \
                    mask,                                                                          \
                    SMC_X_FLAGS_##flags},
#define SMC_X_FLAGS_0 0u
#define SMC_X_FLAGS_RESERVED SMC_FF_RESERVED
#define SMC_X_FLAGS_DERIVED SMC_FF_DERIVED
const struct smc_field_info smc_field_table[SMC_FIELD_COUNT] = {SMC_FIELD_LIST(SMC_X_FIELD)};

#define SMC_X_GROUP(id, key, label, kind) [SMC_GROUP_##id] = {key, label, SMC_GK_##kind},
const struct smc_group_info smc_group_table[SMC_GROUP_COUNT] = {SMC_GROUP_LIST(SMC_X_GROUP)};

#define SMC_X_ANOMALY(id, key, sev, desc) [SMC_ANOM_##id] = {key, SMC_SEV_##sev, desc},
const struct smc_anomaly_info smc_anomaly_table[SMC_ANOMALY_COUNT] = {
    SMC_ANOMALY_LIST(SMC_X_ANOMALY)};

#define SMC_X_DECLINE(code, name, meaning, hint) {code, #name, meaning, hint},
const struct smc_decline_info smc_decline_table[] = {
    SMC_DECLINE_LIST(SMC_X_DECLINE){0, NULL, NULL, NULL}};

#define SMC_X_SITUATION(id, anchor, hint) [SMC_SITUATION_##id] = {anchor, hint},
const struct smc_situation_info smc_situation_table[SMC_SITUATION_COUNT] = {
    SMC_SITUATION_LIST(SMC_X_SITUATION)};

#define SMC_X_EXPLAIN(name, tools, confirm, change) {#name, tools, confirm, change},
const struct smc_explain_info smc_explain_table[] = {
    SMC_EXPLAIN_LIST(SMC_X_EXPLAIN){NULL, NULL, NULL, NULL}};

const struct smc_val *smc_val_lookup(enum smc_vals table, uint32_t value)
{
    const struct smc_val *row;

    if ((unsigned)table >= SMC_VALS_COUNT || smc_vals_table[table] == NULL)
        return NULL;
    for (row = smc_vals_table[table]; row->key != NULL; row++)
        if (row->value == value)
            return row;
    return NULL;
}

const struct smc_decline_info *smc_decline_lookup(uint32_t code)
{
    const struct smc_decline_info *row;

    for (row = smc_decline_table; row->name != NULL; row++)
        if (row->code == code)
            return row;
    return NULL;
}

const struct smc_decline_info *smc_decline_by_name(const char *name)
{
    const struct smc_decline_info *row;

    if (name == NULL)
        return NULL;
    for (row = smc_decline_table; row->name != NULL; row++)
        if (strcmp(row->name, name) == 0)
            return row;
    return NULL;
}

const struct smc_explain_info *smc_explain_lookup(const char *name)
{
    const struct smc_explain_info *row;

    if (name == NULL)
        return NULL;
    for (row = smc_explain_table; row->name != NULL; row++)
        if (strcmp(row->name, name) == 0)
            return row;
    return NULL;
}

uint64_t smc_buf_size_bytes(unsigned code)
{
    /* The nibble can hold at most 15; anything else is a caller bug, not wire data. */
    return (uint64_t)16384 << (code & 0x0Fu);
}

unsigned smc_qp_mtu_bytes(unsigned code)
{
    return (code >= 1 && code <= 5) ? 128u << code : 0u;
}
