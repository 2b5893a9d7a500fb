/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The wire layout of tables.h (SMCCLC_REGION_LIST, SMCCLC_LAYOUT_LIST) as the
 * decoders use it, private to the core. A decoder names a place,
 * SMCCLC_AT_<REGION>_<NAME>, and the start of that place's region; offset,
 * size and mask come from here, so no decoder writes an offset twice.
 */
#ifndef SMCCLC_LAYOUT_H
#define SMCCLC_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "smcclc/smcclc.h"

#define SMCCLC_X_ENUM_REGION(id, key, size) SMCCLC_REG_##id,
enum smcclc_region { SMCCLC_REGION_LIST(SMCCLC_X_ENUM_REGION) SMCCLC_REGION_COUNT };
#undef SMCCLC_X_ENUM_REGION

/* The fixed size of each region (of one entry, for list entries), as constants. */
#define SMCCLC_X_REGION_SIZE(id, key, size) SMCCLC_REG_SIZE_##id = size,
enum smcclc_region_size { SMCCLC_REGION_LIST(SMCCLC_X_REGION_SIZE) };
#undef SMCCLC_X_REGION_SIZE

#define SMCCLC_X_ENUM_AT(region, name, field, off, size, mask) SMCCLC_AT_##region##_##name,
enum smcclc_at { SMCCLC_LAYOUT_LIST(SMCCLC_X_ENUM_AT) SMCCLC_AT_COUNT };
#undef SMCCLC_X_ENUM_AT

struct smcclc_place {
    enum smcclc_region region;
    enum smcclc_field field;
    uint16_t off;  /* from the region's start */
    uint16_t size; /* bytes, never 0 (the field's size when the row says 0) */
    uint32_t mask; /* bits of the bytes that hold the value, 0: all */
};

struct smcclc_region_info {
    const char *key;
    uint16_t size;
};

extern const struct smcclc_place smcclc_layout[SMCCLC_AT_COUNT];
extern const struct smcclc_region_info smcclc_region_table[SMCCLC_REGION_COUNT];

/* The message offset of place `at` in the region that starts at `base`. */
static inline size_t smcclc_at_off(enum smcclc_at at, size_t base)
{
    return base + smcclc_layout[at].off;
}

#endif /* SMCCLC_LAYOUT_H */
