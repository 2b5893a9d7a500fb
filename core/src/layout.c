/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: the layout rows of tables.h, expanded into the table the decoders read */
#include "layout.h"

/* A row's size or mask of 0 means "the field's own"; resolved here, at compile time. */
#define SMCCLC_X_FIELD_SIZE(id, key, label, kind, size, base, vals, mask, flags)                   \
    SMCCLC_FIELD_SIZE_##id = size,
enum smcclc_field_size { SMCCLC_FIELD_LIST(SMCCLC_X_FIELD_SIZE) };
#define SMCCLC_X_FIELD_MASK(id, key, label, kind, size, base, vals, mask, flags)                   \
    SMCCLC_FIELD_MASK_##id = mask,
enum smcclc_field_mask { SMCCLC_FIELD_LIST(SMCCLC_X_FIELD_MASK) };

#define SMCCLC_X_PLACE(region, name, field, off, size, mask)                                       \
    [SMCCLC_AT_##region##_##name] = {SMCCLC_REG_##region, SMCCLC_F_##field, off,                   \
                                     (size) != 0 ? (size) : SMCCLC_FIELD_SIZE_##field,             \
                                     (mask) != 0 ? (mask) : SMCCLC_FIELD_MASK_##field},
const struct smcclc_place smcclc_layout[SMCCLC_AT_COUNT] = {SMCCLC_LAYOUT_LIST(SMCCLC_X_PLACE)};

#define SMCCLC_X_REGION(id, key, size) [SMCCLC_REG_##id] = {key, size},
const struct smcclc_region_info smcclc_region_table[SMCCLC_REGION_COUNT] = {
    SMCCLC_REGION_LIST(SMCCLC_X_REGION)};
