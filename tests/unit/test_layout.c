/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The wire layout table (SMCCLC_REGION_LIST, SMCCLC_LAYOUT_LIST in tables.h,
 * expanded by core/src/layout.c): the shapes the read helpers rely on, and
 * the region sizes against the kernel structs they mirror (net/smc/smc_clc.h).
 * docs.protocol_layout checks the same table against docs/protocol.md.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "layout.h"

/* Every place reads the bytes and bits its field says, unless it is reserved. */
static void test_places_match_fields(void **state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < SMCCLC_AT_COUNT; i++) {
        const struct smcclc_place *pl = &smcclc_layout[i];
        const struct smcclc_field_info *fi = &smcclc_field_table[pl->field];

        assert_true(pl->size > 0);
        assert_true((fi->flags & SMCCLC_FF_DERIVED) == 0);
        if (pl->field == SMCCLC_F_RESERVED_BITS) {
            assert_int_equal(pl->size, 1);
            assert_true(pl->mask != 0 && pl->mask <= 0xFF);
        } else if (pl->field != SMCCLC_F_RESERVED) {
            assert_int_equal(pl->size, fi->size);
            assert_int_equal(pl->mask, fi->mask);
        }
    }
}

/*
 * A place lies inside its region's fixed part. The one exception is the
 * second half of an Emulated-ISM GID, which the decoder reads from the entry
 * after the first (a pair of ISMv2 device entries).
 */
static void test_places_inside_regions(void **state)
{
    unsigned i;

    (void)state;
    for (i = 0; i < SMCCLC_AT_COUNT; i++) {
        const struct smcclc_place *pl = &smcclc_layout[i];
        unsigned limit = smcclc_region_table[pl->region].size;

        if (i == SMCCLC_AT_ISM_DEVICE_ISM_GID_EXT)
            limit *= 2;
        assert_in_range(pl->off + pl->size, 1, limit);
    }
    assert_int_equal(smcclc_at_off(SMCCLC_AT_ISM_DEVICE_ISM_GID_EXT, 0),
                     SMCCLC_REG_SIZE_ISM_DEVICE);
}

/*
 * Two list entries that once shared the name GID_ENTRY_LEN: an ISMv2 device
 * of the Proposal (struct smc_clc_smcd_gid_chid: 8-byte GID, 2-byte CHID) and
 * a RoCEv2 GID of the Confirm's GID list (16 bytes).
 */
static void test_region_sizes(void **state)
{
    (void)state;
    assert_int_equal(SMCCLC_REG_SIZE_ISM_DEVICE, 10);
    assert_int_equal(SMCCLC_REG_SIZE_GID_LIST_ENTRY, 16);
    assert_int_equal(SMCCLC_REG_SIZE_HEADER, SMCCLC_CLC_HEADER_LEN);
    assert_int_equal(SMCCLC_REG_SIZE_TRAILER, SMCCLC_CLC_TRAILER_LEN);
    assert_int_equal(SMCCLC_REG_SIZE_IP_AREA, 8);      /* smc_clc_msg_proposal_prefix */
    assert_int_equal(SMCCLC_REG_SIZE_IPV6_PREFIX, 17); /* smc_clc_ipv6_prefix */
    assert_int_equal(SMCCLC_REG_SIZE_V2_EXT, 40);      /* smc_clc_v2_extension */
    assert_int_equal(SMCCLC_REG_SIZE_SMCD_V2_EXT, 48); /* smc_clc_smcd_v2_extension */
    assert_int_equal(SMCCLC_REG_SIZE_FCE, 52);         /* smc_clc_first_contact_ext_v2x */
    assert_int_equal(SMCCLC_REG_SIZE_DECLINE, 24);     /* smc_clc_msg_decline, no trailer */
    /* An SMC-R first-contact Confirm: 108 + 52 + 4 + 16 g. */
    assert_int_equal(SMCCLC_REG_SIZE_ACCEPT_R + SMCCLC_REG_SIZE_FCE +
                         SMCCLC_REG_SIZE_GID_LIST_HEADER + SMCCLC_CLC_TRAILER_LEN,
                     164);
}

/* Spot checks of offsets that the read helpers resolve, as the diagrams show them. */
static void test_offsets(void **state)
{
    (void)state;
    assert_int_equal(smcclc_at_off(SMCCLC_AT_ACCEPT_R_QPN, 0), 38);
    assert_int_equal(smcclc_at_off(SMCCLC_AT_ACCEPT_R_PSN, 0), 61);
    assert_int_equal(smcclc_at_off(SMCCLC_AT_ACCEPT_D_ISM_GID_EXT, 0), 66);
    assert_int_equal(smcclc_at_off(SMCCLC_AT_PROPOSAL_V2_EXT_OFFSET, 0), 50);
    assert_int_equal(smcclc_at_off(SMCCLC_AT_V2_EXT_SMCD_V2_EXT_OFFSET, 100), 106);
    assert_int_equal(smcclc_at_off(SMCCLC_AT_FCE_FCE_RELEASE, 74), 75);
    assert_int_equal(smcclc_layout[SMCCLC_AT_FCE_FCE_RELEASE].mask, 0x0F);
    assert_int_equal(smcclc_layout[SMCCLC_AT_V2_EXT_FLAG_BITS].mask, 0x0E);
    assert_int_equal(smcclc_layout[SMCCLC_AT_V2_EXT_RESERVED_28].size, 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_places_match_fields),
        cmocka_unit_test(test_places_inside_regions),
        cmocka_unit_test(test_region_sizes),
        cmocka_unit_test(test_offsets),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
