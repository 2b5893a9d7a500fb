/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clc-print: prints the SMC CLC messages in a file of TCP payload bytes (one
 * direction of a connection, e.g. saved from Wireshark with "Follow TCP
 * Stream", raw, one side), one field per line, using only the installed
 * libsmcclc. Each message is decoded once into an array of entries that
 * this program owns; the fields are printed from the array.
 *
 *   cc -o clc-print clc-print.c $(pkg-config --cflags --libs smcclc)
 *   ./clc-print client-to-server.bin
 *
 * Exit status: 0 when the file held only CLC messages, 1 when it ended in a
 * cut message or non-CLC bytes, 2 on usage or read errors.
 */
#include <stdio.h>
#include <stdlib.h>

#include <smcclc/smcclc.h>

/* The whole file is read at once: one direction's CLC bytes are a few messages
 * of at most SMCCLC_CLC_MAX_LEN bytes each, so this is ample. */
#define FILE_MAX (64 * 1024)

static void print_value(const struct smcclc_entry *ev)
{
    const struct smcclc_field_info *fi = &smcclc_field_table[ev->id];
    const struct smcclc_val *v;

    switch (fi->kind) {
    case SMCCLC_FK_ENUM:
        v = smcclc_val_lookup(fi->vals, (uint32_t)ev->v.u);
        printf(fi->base == SMCCLC_BASE_HEX ? "%s (0x%llx)" : "%s (%llu)",
               v != NULL ? v->label : "unknown", (unsigned long long)ev->v.u);
        break;
    case SMCCLC_FK_NAME:
        printf("%s", ev->v.str);
        break;
    case SMCCLC_FK_TEXT:
        printf("\"");
        for (uint16_t i = 0; i < ev->len && ev->v.bytes[i] >= 0x20 && ev->v.bytes[i] < 0x7f; i++)
            putchar(ev->v.bytes[i]);
        printf("\"");
        break;
    case SMCCLC_FK_BYTES:
    case SMCCLC_FK_MAC:
    case SMCCLC_FK_IPV4:
    case SMCCLC_FK_IPV6:
    case SMCCLC_FK_PEERID:
        for (uint16_t i = 0; i < ev->len; i++)
            printf("%02x", ev->v.bytes[i]);
        break;
    default:
        printf(fi->base == SMCCLC_BASE_HEX ? "0x%llx" : "%llu", (unsigned long long)ev->v.u);
        break;
    }
}

static void print_field(const struct smcclc_entry *ev)
{
    const struct smcclc_field_info *fi = &smcclc_field_table[ev->id];

    if (fi->flags & SMCCLC_FF_RESERVED)
        return;
    printf("  %-24s ", fi->key);
    print_value(ev);
    printf("\n");
}

int main(int argc, char **argv)
{
    static uint8_t buf[FILE_MAX];
    /* Room for the most entries any message decodes into: none is ever dropped. */
    static struct smcclc_entry entries[SMCCLC_CLC_MAX_ENTRIES];
    size_t len, at = 0;
    FILE *f;

    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n(libsmcclc %s)\n", argv[0], smcclc_version());
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    len = fread(buf, 1, sizeof(buf), f);
    if (ferror(f)) {
        perror(argv[1]);
        return 2;
    }
    fclose(f);

    while (at < len) {
        struct smcclc_clc_msg msg;
        size_t pdu_len, n = SMCCLC_CLC_MAX_ENTRIES;
        const struct smcclc_val *type;

        switch (smcclc_clc_frame(buf + at, len - at, 0, &pdu_len)) {
        case SMCCLC_FRAME_OK:
            break;
        case SMCCLC_FRAME_NEED_MORE:
            printf("offset %zu: a message cut short (%zu of %zu bytes)\n", at, len - at, pdu_len);
            return 1;
        default:
            printf("offset %zu: not a CLC message\n", at);
            return 1;
        }
        printf("offset %zu, %zu bytes:\n", at, pdu_len);
        if (smcclc_clc_decode_fields(buf + at, pdu_len, &msg, entries, &n) == SMCCLC_DECODE_NOT_CLC)
            return 1; /* cannot happen after SMCCLC_FRAME_OK; the result must be looked at */
        /* The entries are in wire order; group markers (sections, lists) are skipped here. */
        for (size_t i = 0; i < n; i++)
            if (entries[i].type == SMCCLC_ENTRY_FIELD)
                print_field(&entries[i]);
        type = smcclc_val_lookup(SMCCLC_VALS_TYPE, msg.type);
        printf("  = %s %s v%u, %u anomalies\n",
               smcclc_val_lookup(SMCCLC_VALS_PATH, msg.eyecatcher)->label,
               type != NULL ? type->label : "?", msg.version, msg.anomaly_count);
        for (unsigned i = 0; i < msg.anomaly_count; i++)
            printf("  anomaly %s at byte %u\n", smcclc_anomaly_table[msg.anomalies[i].id].key,
                   msg.anomalies[i].off);
        if (msg.type == SMCCLC_CLC_DECLINE) {
            const struct smcclc_decline_info *d = smcclc_decline_lookup(msg.diag_code);
            printf("  -> %s: %s\n", d != NULL ? d->name : "unknown code",
                   d != NULL ? d->hint : "not a code Linux defines");
        }
        at += pdu_len;
    }
    return 0;
}
