/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: print the protocol tables as JSON, for schema.py: the JSON
 * schema of smcdump's output is generated from, and checked against, the
 * same tables smcdump renders from, so the two cannot drift apart.
 */
#include <stdio.h>

#include "smcclc/smcclc.h"

static const char *const kind_name[] = {
    [SMCCLC_FK_UINT] = "uint", [SMCCLC_FK_ID64] = "id64", [SMCCLC_FK_FLAG] = "flag",
    [SMCCLC_FK_ENUM] = "enum", [SMCCLC_FK_BITS] = "bits", [SMCCLC_FK_BYTES] = "bytes",
    [SMCCLC_FK_MAC] = "mac",   [SMCCLC_FK_IPV4] = "ipv4", [SMCCLC_FK_IPV6] = "ipv6",
    [SMCCLC_FK_TEXT] = "text", [SMCCLC_FK_NAME] = "name", [SMCCLC_FK_PEERID] = "peerid",
};

static const char *const group_kind_name[] = {
    [SMCCLC_GK_SECTION] = "section",
    [SMCCLC_GK_VALUE_LIST] = "value_list",
    [SMCCLC_GK_OBJECT_LIST] = "object_list",
};

/* Names of the value tables, for the schema's $defs only. */
static const char *const vals_name[SMCCLC_VALS_COUNT] = {
    [SMCCLC_VALS_NONE] = NULL,
    [SMCCLC_VALS_TYPE] = "type",
    [SMCCLC_VALS_EYECATCHER] = "eyecatcher",
    [SMCCLC_VALS_PATH] = "path",
    [SMCCLC_VALS_RELEASE] = "release",
    [SMCCLC_VALS_OS] = "os",
    [SMCCLC_VALS_QP_MTU] = "qp_mtu",
    [SMCCLC_VALS_FEATURE] = "feature",
};

static void str(const char *s)
{
    putchar('"');
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar(*s);
    }
    putchar('"');
}

static void val_keys(const struct smcclc_val *row)
{
    int first = 1;

    putchar('[');
    for (; row != NULL && row->key != NULL; row++) {
        if (!first)
            putchar(',');
        str(row->key);
        first = 0;
    }
    putchar(']');
}

int main(void)
{
    unsigned i;
    const struct smcclc_decline_info *d;

    printf("{\"fields\":[");
    for (i = 0; i < SMCCLC_FIELD_COUNT; i++) {
        const struct smcclc_field_info *fi = &smcclc_field_table[i];

        printf("%s{\"key\":", i ? "," : "");
        str(fi->key);
        printf(",\"kind\":\"%s\",\"vals\":", kind_name[fi->kind]);
        if (vals_name[fi->vals] != NULL)
            str(vals_name[fi->vals]);
        else
            printf("null");
        printf(",\"reserved\":%s}", (fi->flags & SMCCLC_FF_RESERVED) ? "true" : "false");
    }
    printf("],\"groups\":[");
    for (i = 0; i < SMCCLC_GROUP_COUNT; i++) {
        printf("%s{\"key\":", i ? "," : "");
        str(smcclc_group_table[i].key);
        printf(",\"kind\":\"%s\"}", group_kind_name[smcclc_group_table[i].kind]);
    }
    printf("],\"vals\":{");
    for (i = 1; i < SMCCLC_VALS_COUNT; i++) {
        printf("%s", i > 1 ? "," : "");
        str(vals_name[i]);
        putchar(':');
        val_keys(smcclc_vals_table[i]);
    }
    /* The numbers behind the keys, for tests that compare with other decoders. */
    printf("},\"val_numbers\":{");
    for (i = 1; i < SMCCLC_VALS_COUNT; i++) {
        const struct smcclc_val *row;

        printf("%s", i > 1 ? "," : "");
        str(vals_name[i]);
        printf(":{");
        for (row = smcclc_vals_table[i]; row->key != NULL; row++) {
            printf("%s", row != smcclc_vals_table[i] ? "," : "");
            str(row->key);
            printf(":%lu", (unsigned long)row->value);
        }
        putchar('}');
    }
    printf("},\"outcomes\":");
    val_keys(smcclc_outcome_vals);
    printf(",\"severities\":");
    val_keys(smcclc_severity_vals);
    printf(",\"anomalies\":[");
    for (i = 0; i < SMCCLC_ANOMALY_COUNT; i++) {
        printf("%s", i ? "," : "");
        str(smcclc_anomaly_table[i].key);
    }
    printf("],\"declines\":[");
    for (d = smcclc_decline_table; d->name != NULL; d++) {
        printf("%s", d != smcclc_decline_table ? "," : "");
        str(d->name);
    }
    printf("],\"situations\":[");
    for (i = 0; i < SMCCLC_SITUATION_COUNT; i++) {
        printf("%s", i ? "," : "");
        str(smcclc_situation_table[i].anchor);
    }
    printf("]}\n");
    return ferror(stdout) ? 1 : 0;
}
