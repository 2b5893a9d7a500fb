/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: print the compiled wire layout (core/src/layout.h), one row per
 * place: region, region size, field key, offset, size, mask. check_layout.py
 * compares docs/protocol.md's diagrams with it, so the test reads what the
 * decoders read, not the source text of tables.h.
 */
#include <stdio.h>

#include "layout.h"

int main(void)
{
    unsigned i;

    for (i = 0; i < SMCCLC_AT_COUNT; i++) {
        const struct smcclc_place *pl = &smcclc_layout[i];

        printf("%s %u %s %u %u 0x%02X\n", smcclc_region_table[pl->region].key,
               (unsigned)smcclc_region_table[pl->region].size, smcclc_field_table[pl->field].key,
               (unsigned)pl->off, (unsigned)pl->size, (unsigned)pl->mask);
    }
    return 0;
}
