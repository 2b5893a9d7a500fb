/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: print the protocol tables as JSON, for schema.py: the JSON
 * schema of smcdump's output is generated from, and checked against, the
 * same tables smcdump renders from, so the two cannot drift apart.
 */
#include <stdio.h>

#include "smcclc/smcclc.h"

static const char *const kind_name[] = {
    [SMC_FK_UINT] = "uint", [SMC_FK_ID64] = "id64", [SMC_FK_FLAG] = "flag",
    [SMC_FK_ENUM] = "enum", [SMC_FK_BITS] = "bits", [SMC_FK_BYTES] = "bytes",
    [SMC_FK_MAC] = "mac",   [SMC_FK_IPV4] = "ipv4", [SMC_FK_IPV6] = "ipv6",
    [SMC_FK_TEXT] = "text", [SMC_FK_NAME] = "name", [SMC_FK_PEERID] = "peerid",
};

static const char *const group_kind_name[] = {
    [SMC_GK_SECTION] = "section",
    [SMC_GK_VALUE_LIST] = "value_list",
    [SMC_GK_OBJECT_LIST] = "object_list",
};

/* Names of the value tables, for the schema's $defs only. */
static const char *const vals_name[SMC_VALS_COUNT] = {
    [SMC_VALS_NONE] = NULL,
    [SMC_VALS_TYPE] = "type",
    [SMC_VALS_EYECATCHER] = "eyecatcher",
    [SMC_VALS_PATH] = "path",
    [SMC_VALS_RELEASE] = "release",
    [SMC_VALS_OS] = "os",
    [SMC_VALS_QP_MTU] = "qp_mtu",
    [SMC_VALS_FEATURE] = "feature",
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

static void val_keys(const struct smc_val *row)
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
    const struct smc_decline_info *d;

    printf("{\"fields\":[");
    for (i = 0; i < SMC_FIELD_COUNT; i++) {
        const struct smc_field_info *fi = &smc_field_table[i];

        printf("%s{\"key\":", i ? "," : "");
        str(fi->key);
        printf(",\"kind\":\"%s\",\"vals\":", kind_name[fi->kind]);
        if (vals_name[fi->vals] != NULL)
            str(vals_name[fi->vals]);
        else
            printf("null");
        printf(",\"reserved\":%s}", (fi->flags & SMC_FF_RESERVED) ? "true" : "false");
    }
    printf("],\"groups\":[");
    for (i = 0; i < SMC_GROUP_COUNT; i++) {
        printf("%s{\"key\":", i ? "," : "");
        str(smc_group_table[i].key);
        printf(",\"kind\":\"%s\"}", group_kind_name[smc_group_table[i].kind]);
    }
    printf("],\"vals\":{");
    for (i = 1; i < SMC_VALS_COUNT; i++) {
        printf("%s", i > 1 ? "," : "");
        str(vals_name[i]);
        putchar(':');
        val_keys(smc_vals_table[i]);
    }
    /* The numbers behind the keys, for tests that compare with other decoders. */
    printf("},\"val_numbers\":{");
    for (i = 1; i < SMC_VALS_COUNT; i++) {
        const struct smc_val *row;

        printf("%s", i > 1 ? "," : "");
        str(vals_name[i]);
        printf(":{");
        for (row = smc_vals_table[i]; row->key != NULL; row++) {
            printf("%s", row != smc_vals_table[i] ? "," : "");
            str(row->key);
            printf(":%lu", (unsigned long)row->value);
        }
        putchar('}');
    }
    printf("},\"outcomes\":");
    val_keys(smc_outcome_vals);
    printf(",\"severities\":");
    val_keys(smc_severity_vals);
    printf(",\"anomalies\":[");
    for (i = 0; i < SMC_ANOMALY_COUNT; i++) {
        printf("%s", i ? "," : "");
        str(smc_anomaly_table[i].key);
    }
    printf("],\"declines\":[");
    for (d = smc_decline_table; d->name != NULL; d++) {
        printf("%s", d != smc_decline_table ? "," : "");
        str(d->name);
    }
    printf("],\"situations\":[");
    for (i = 0; i < SMC_SITUATION_COUNT; i++) {
        printf("%s", i ? "," : "");
        str(smc_situation_table[i].anchor);
    }
    printf("]}\n");
    return ferror(stdout) ? 1 : 0;
}
