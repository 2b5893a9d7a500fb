/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sanity of the protocol tables (core/include/smcclc/tables.h, tables.c):
 * every consumer (text, JSON, plugin hf registrations) relies on unique keys
 * and values and on the shapes checked here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "smctest.h"

/* JSON member names and Wireshark field names: lower case, digits, '_'. */
static bool is_ident(const char *s)
{
    if (s == NULL || *s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* Kernel SMC_CLC_DECL_ suffixes. */
static bool is_kernel_name(const char *s)
{
    if (s == NULL || *s == '\0')
        return false;
    for (; *s != '\0'; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static bool nonempty(const char *s)
{
    return s != NULL && s[0] != '\0';
}

static void test_field_table(void **state)
{
    unsigned i, j;

    (void)state;
    for (i = 0; i < SMCCLC_FIELD_COUNT; i++) {
        const struct smcclc_field_info *f = &smcclc_field_table[i];

        assert_true(is_ident(f->key));
        assert_true(nonempty(f->label));
        for (j = 0; j < i; j++)
            assert_string_not_equal(f->key, smcclc_field_table[j].key);
        /* Sections are flat in JSON and lists are members: no clash with fields. */
        for (j = 0; j < SMCCLC_GROUP_COUNT; j++)
            assert_string_not_equal(f->key, smcclc_group_table[j].key);

        if ((f->flags & SMCCLC_FF_DERIVED) != 0)
            assert_int_equal(f->size, 0);
        assert_true(f->size <= 32);
        switch (f->kind) {
        case SMCCLC_FK_UINT:
        case SMCCLC_FK_ID64:
        case SMCCLC_FK_FLAG:
            assert_true(f->size <= 8);
            assert_int_equal(f->vals, SMCCLC_VALS_NONE);
            break;
        case SMCCLC_FK_ENUM:
        case SMCCLC_FK_BITS:
            assert_true(f->size <= 8);
            assert_int_not_equal(f->vals, SMCCLC_VALS_NONE);
            assert_non_null(smcclc_vals_table[f->vals]);
            break;
        case SMCCLC_FK_MAC:
            assert_int_equal(f->size, 6);
            break;
        case SMCCLC_FK_IPV4:
            assert_int_equal(f->size, 4);
            break;
        case SMCCLC_FK_IPV6:
            assert_int_equal(f->size, 16);
            break;
        case SMCCLC_FK_PEERID:
            assert_int_equal(f->size, 8);
            break;
        case SMCCLC_FK_TEXT:
            assert_int_equal(f->size, 32);
            break;
        case SMCCLC_FK_NAME:
            assert_true((f->flags & SMCCLC_FF_DERIVED) != 0);
            break;
        case SMCCLC_FK_BYTES:
            break;
        }
        /* A mask must lie inside the field's bytes. */
        if (f->mask != 0) {
            assert_true(f->size >= 1 && f->size <= 4);
            if (f->size < 4)
                assert_int_equal(f->mask >> (8 * f->size), 0);
        }
        /* The FLAG kind is one bit. */
        if (f->kind == SMCCLC_FK_FLAG)
            assert_int_equal(f->mask & (f->mask - 1), 0);
    }
    /* Spot checks against docs/protocol.md, "Accept and Confirm" and "Common header". */
    assert_int_equal(smcclc_field_table[SMCCLC_F_QPN].size, 3);
    assert_int_equal(smcclc_field_table[SMCCLC_F_PSN].size, 3);
    assert_int_equal(smcclc_field_table[SMCCLC_F_RMBE_SIZE].mask, 0xF0);
    assert_int_equal(smcclc_field_table[SMCCLC_F_QP_MTU].mask, 0x0F);
    assert_int_equal(smcclc_field_table[SMCCLC_F_FIRST_CONTACT].mask, 0x08);
    assert_int_equal(smcclc_field_table[SMCCLC_F_CHOSEN_TYPE].mask, 0x03);
    assert_int_equal(smcclc_field_table[SMCCLC_F_FCE_V2_DIRECT].mask, 0x80);
}

static void test_group_anomaly_situation_tables(void **state)
{
    unsigned i, j;

    (void)state;
    for (i = 0; i < SMCCLC_GROUP_COUNT; i++) {
        assert_true(is_ident(smcclc_group_table[i].key));
        assert_true(nonempty(smcclc_group_table[i].label));
        for (j = 0; j < i; j++)
            assert_string_not_equal(smcclc_group_table[i].key, smcclc_group_table[j].key);
    }
    for (i = 0; i < SMCCLC_ANOMALY_COUNT; i++) {
        assert_true(is_ident(smcclc_anomaly_table[i].key));
        assert_true(nonempty(smcclc_anomaly_table[i].description));
        assert_true(smcclc_anomaly_table[i].severity < SMCCLC_SEVERITY_COUNT);
        for (j = 0; j < i; j++)
            assert_string_not_equal(smcclc_anomaly_table[i].key, smcclc_anomaly_table[j].key);
    }
    for (i = 0; i < SMCCLC_SITUATION_COUNT; i++) {
        assert_true(nonempty(smcclc_situation_table[i].anchor));
        assert_true(nonempty(smcclc_situation_table[i].hint));
        for (j = 0; j < i; j++)
            assert_string_not_equal(smcclc_situation_table[i].anchor,
                                    smcclc_situation_table[j].anchor);
    }
}

static void check_vals(const struct smcclc_val *t, bool ident_keys)
{
    const struct smcclc_val *a, *b;

    assert_non_null(t);
    for (a = t; a->key != NULL; a++) {
        assert_true(nonempty(a->key));
        assert_true(nonempty(a->label));
        assert_null(strchr(a->key, ' '));
        if (ident_keys)
            assert_true(is_ident(a->key));
        for (b = t; b != a; b++) {
            assert_int_not_equal(a->value, b->value);
            assert_string_not_equal(a->key, b->key);
        }
    }
}

static void test_value_tables(void **state)
{
    unsigned i;

    (void)state;
    assert_null(smcclc_vals_table[SMCCLC_VALS_NONE]);
    for (i = 1; i < SMCCLC_VALS_COUNT; i++) {
        const struct smcclc_val *row;
        /* Type, OS and feature keys are JSON values and identifiers; the short
         * path, eyecatcher, release and MTU keys ("R", "2.1", "256") are not. */
        bool ident = i == SMCCLC_VALS_TYPE || i == SMCCLC_VALS_OS || i == SMCCLC_VALS_FEATURE;

        check_vals(smcclc_vals_table[i], ident);
        /* The lookup finds each row by its value. */
        for (row = smcclc_vals_table[i]; row->key != NULL; row++)
            assert_ptr_equal(smcclc_val_lookup((enum smcclc_vals)i, row->value), row);
    }
    check_vals(smcclc_outcome_vals, false);
    check_vals(smcclc_severity_vals, true);

    /* OS types as Linux defines them (SMC_CLC_OS_ZOS.. in net/smc/smc_clc.h). */
    assert_string_equal(smcclc_val_lookup(SMCCLC_VALS_OS, 1)->label, "z/OS");
    assert_string_equal(smcclc_val_lookup(SMCCLC_VALS_OS, 2)->label, "Linux");
    assert_string_equal(smcclc_val_lookup(SMCCLC_VALS_OS, 3)->label, "AIX");
    /* 15 is Wireshark's "unknown", not a kernel value */
    assert_null(smcclc_val_lookup(SMCCLC_VALS_OS, 15));
    assert_int_equal(SMCCLC_EYECATCHER_R, 0xE2D4C3D9u);
    assert_int_equal(SMCCLC_EYECATCHER_D, 0xE2D4C3C4u);
    assert_int_equal(SMCCLC_TYPE_R, 0);
    assert_int_equal(SMCCLC_TYPE_D, 1);
    assert_int_equal(SMCCLC_TYPE_N, 2);
    assert_int_equal(SMCCLC_TYPE_B, 3);
    assert_int_equal(SMCCLC_FEATURE_EMULATED_ISM, 1);
}

static void test_unknown_lookups(void **state)
{
    static const struct {
        enum smcclc_vals t;
        uint32_t v;
    } unknown[] = {
        {SMCCLC_VALS_TYPE, 0},   {SMCCLC_VALS_TYPE, 5},       {SMCCLC_VALS_EYECATCHER, 0xE2D4C3C3u},
        {SMCCLC_VALS_PATH, 4},   {SMCCLC_VALS_RELEASE, 2},    {SMCCLC_VALS_OS, 0},
        {SMCCLC_VALS_OS, 4},     {SMCCLC_VALS_OS, 14},        {SMCCLC_VALS_QP_MTU, 0},
        {SMCCLC_VALS_QP_MTU, 6}, {SMCCLC_VALS_FEATURE, 0x02}, {SMCCLC_VALS_FEATURE, 0},
        {SMCCLC_VALS_NONE, 0},   {SMCCLC_VALS_COUNT, 1},      {(enum smcclc_vals)1000, 1},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
        assert_null(smcclc_val_lookup(unknown[i].t, unknown[i].v));
    /* 0x0303000c only existed in patches that were never merged. */
    assert_null(smcclc_decline_lookup(0x0303000cu));
    assert_null(smcclc_decline_lookup(0));
    assert_null(smcclc_decline_lookup(0x99990000u)); /* pre-4.16 numbering */
    assert_null(smcclc_decline_by_name("FEATUNSUPP"));
    assert_null(smcclc_decline_by_name("nosmcdev"));
    assert_null(smcclc_decline_by_name(""));
    assert_null(smcclc_decline_by_name(NULL));
    /* the guide's sections are named by decline and situation, nothing else */
    assert_null(smcclc_explain_lookup("NOSMCRDEV-"));
    assert_null(smcclc_explain_lookup("nosmcrdev"));
    assert_null(smcclc_explain_lookup(NULL));
    assert_non_null(smcclc_explain_lookup("NOSMCRDEV"));
}

/* The library linked is the one whose headers were compiled against here. */
static void test_version(void **state)
{
    char made[32];

    (void)state;
    assert_string_equal(smcclc_version(), SMCCLC_VERSION_STRING);
    snprintf(made, sizeof(made), "%d.%d.%d", SMCCLC_VERSION_MAJOR, SMCCLC_VERSION_MINOR,
             SMCCLC_VERSION_PATCH);
    assert_string_equal(smcclc_version(), made);
    assert_int_equal(SMCCLC_VERSION_NUMBER, SMCCLC_VERSION_MAJOR * 10000 +
                                                SMCCLC_VERSION_MINOR * 100 + SMCCLC_VERSION_PATCH);
}

/* net/smc/smc_clc.h, newest kernel: every SMC_CLC_DECL_ code and its name. */
static const struct {
    uint32_t code;
    const char *name;
} spec_declines[] = {
    {0x01010000u, "MEM"},        {0x02010000u, "TIMEOUT_CL"}, {0x02020000u, "TIMEOUT_AL"},
    {0x03000000u, "CNFERR"},     {0x03010000u, "PEERNOSMC"},  {0x03020000u, "IPSEC"},
    {0x03030000u, "NOSMCDEV"},   {0x03030001u, "NOSMCDDEV"},  {0x03030002u, "NOSMCRDEV"},
    {0x03030003u, "NOISM2SUPP"}, {0x03030004u, "NOV2EXT"},    {0x03030005u, "NOV2DEXT"},
    {0x03030006u, "NOSEID"},     {0x03030007u, "NOSMCD2DEV"}, {0x03030008u, "NOUEID"},
    {0x03030009u, "RELEASEERR"}, {0x0303000au, "MAXCONNERR"}, {0x0303000bu, "MAXLINKERR"},
    {0x03040000u, "MODEUNSUPP"}, {0x03050000u, "RMBE_EC"},    {0x03060000u, "OPTUNSUPP"},
    {0x03070000u, "DIFFPREFIX"}, {0x03080000u, "GETVLANERR"}, {0x03090000u, "ISMVLANERR"},
    {0x030a0000u, "NOACTLINK"},  {0x030b0000u, "NOSRVLINK"},  {0x030c0000u, "VERSMISMAT"},
    {0x030d0000u, "MAX_DMB"},    {0x030e0000u, "NOROUTE"},    {0x030f0000u, "NOINDIRECT"},
    {0x04000000u, "SYNCERR"},    {0x05000000u, "PEERDECL"},   {0x09990000u, "INTERR"},
    {0x09990001u, "ERR_RTOK"},   {0x09990002u, "ERR_RDYLNK"}, {0x09990003u, "ERR_REGBUF"},
};

static void test_decline_table(void **state)
{
    const struct smcclc_decline_info *a, *b;
    size_t n = 0, i;

    (void)state;
    for (a = smcclc_decline_table; a->name != NULL; a++, n++) {
        assert_true(is_kernel_name(a->name));
        assert_true(nonempty(a->meaning));
        assert_true(nonempty(a->hint));
        for (b = smcclc_decline_table; b != a; b++) {
            assert_int_not_equal(a->code, b->code);
            assert_string_not_equal(a->name, b->name);
        }
        assert_ptr_equal(smcclc_decline_lookup(a->code), a);
        assert_ptr_equal(smcclc_decline_by_name(a->name), a);
    }
    assert_int_equal(n, sizeof(spec_declines) / sizeof(spec_declines[0]));
    for (i = 0; i < n; i++) {
        const struct smcclc_decline_info *row = smcclc_decline_lookup(spec_declines[i].code);
        assert_non_null(row);
        assert_string_equal(row->name, spec_declines[i].name);
    }
    /* The enum comes from the same list. */
    assert_int_equal(SMCCLC_DECL_SYNCERR, 0x04000000u);
    assert_int_equal(SMCCLC_DECL_NOSMCRDEV, 0x03030002u);
}

static void test_size_helpers(void **state)
{
    unsigned code;

    (void)state;
    /* smc_uncompress_bufsize() in net/smc/smc_core.c: 16384 << n, up to 15 (512 MiB) since 6.11. */
    assert_int_equal(smcclc_buf_size_bytes(0), 16384);
    assert_int_equal(smcclc_buf_size_bytes(1), 32768);
    assert_int_equal(smcclc_buf_size_bytes(2), 65536);
    assert_int_equal(smcclc_buf_size_bytes(5), 512 * 1024);
    assert_int_equal(smcclc_buf_size_bytes(6), 1024 * 1024);
    assert_int_equal(smcclc_buf_size_bytes(15), 512ull * 1024 * 1024);
    for (code = 0; code < 16; code++)
        assert_int_equal(smcclc_buf_size_bytes(code), (uint64_t)16384 << code);

    /* IB MTU enum: 1..5 = 256..4096, everything else has no size. */
    assert_int_equal(smcclc_qp_mtu_bytes(0), 0);
    assert_int_equal(smcclc_qp_mtu_bytes(1), 256);
    assert_int_equal(smcclc_qp_mtu_bytes(2), 512);
    assert_int_equal(smcclc_qp_mtu_bytes(3), 1024);
    assert_int_equal(smcclc_qp_mtu_bytes(4), 2048);
    assert_int_equal(smcclc_qp_mtu_bytes(5), 4096);
    assert_int_equal(smcclc_qp_mtu_bytes(6), 0);
    assert_int_equal(smcclc_qp_mtu_bytes(15), 0);
    assert_int_equal(smcclc_qp_mtu_bytes(0xFFFFFFFFu), 0);
    /* The MTU value table and the helper agree. */
    for (code = 0; code < 16; code++) {
        const struct smcclc_val *row = smcclc_val_lookup(SMCCLC_VALS_QP_MTU, code);
        if (row == NULL) {
            assert_int_equal(smcclc_qp_mtu_bytes(code), 0);
        } else {
            char want[16];
            snprintf(want, sizeof(want), "%u", smcclc_qp_mtu_bytes(code));
            assert_string_equal(row->key, want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_table),   cmocka_unit_test(test_group_anomaly_situation_tables),
        cmocka_unit_test(test_value_tables),  cmocka_unit_test(test_unknown_lookups),
        cmocka_unit_test(test_decline_table), cmocka_unit_test(test_size_helpers),
        cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
