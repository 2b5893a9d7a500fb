/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: CLC messages for the unit tests: real ones pasted from
 * captures/real, and hand-built ones for shapes no capture or vector has
 *
 * Real messages were sent by Linux 6.12 kernels to each other (see
 * captures/README.md); the source names the capture file and the frame that
 * carries the message as the whole TCP payload (tshark -r FILE -Y
 * frame.number==N -T fields -e tcp.payload prints the same bytes).
 * Built messages start from a real one where possible and change only what
 * the named docs/protocol.md section describes, so their other fields stay kernel-like.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "smctest.h"

const struct smcclc_msg_def smcclc_msgs[] = {
    {.name = "real_smcr_v2_proposal",
     .source = "captures/real/k612-01-smcr-v2-ipv4.pcap frame 8",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 01 00 9c 22 00 00 00 00 00 00 00 00 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  16 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  32 */
            "00 00 00 1c 00 00 00 00 00 00 00 00 00 00 00 00 " /*  48 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  64 */
            "01 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 " /*  80 */
            "00 00 ff ff c0 00 02 02 ff 02 00 01 00 00 00 00 " /*  96 */
            "00 00 00 00 00 00 00 00 53 4d 43 2d 43 41 50 47 " /* 112 */
            "45 4e 2d 55 45 49 44 20 20 20 20 20 20 20 20 20 " /* 128 */
            "20 20 20 20 20 20 20 20 e2 d4 c3 d9" /* 144 */},
    {.name = "real_smcr_v2_proposal_2ueids",
     .source = "captures/real/k612-11-smcr-v2-two-ueids.pcap frame 4",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 01 00 bc 22 00 00 00 00 00 00 00 00 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  16 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  32 */
            "00 00 00 1c 00 00 00 00 00 00 00 00 00 00 00 00 " /*  48 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  64 */
            "02 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 " /*  80 */
            "00 00 ff ff c0 00 02 02 ff 02 00 01 00 00 00 00 " /*  96 */
            "00 00 00 00 00 00 00 00 53 4d 43 2d 43 41 50 47 " /* 112 */
            "45 4e 2d 46 49 52 53 54 2d 45 49 44 20 20 20 20 " /* 128 */
            "20 20 20 20 20 20 20 20 53 4d 43 2d 43 41 50 47 " /* 144 */
            "45 4e 2d 55 45 49 44 20 20 20 20 20 20 20 20 20 " /* 160 */
            "20 20 20 20 20 20 20 20 e2 d4 c3 d9" /* 176 */},
    {.name = "real_smcr_v2_accept_fc",
     .source = "captures/real/k612-01-smcr-v2-ipv4.pcap frame 10",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 02 00 a0 28 80 20 52 54 00 5c 00 01 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01 " /*  16 */
            "52 54 00 5c 00 01 00 00 11 00 00 03 d7 01 00 00 " /*  32 */
            "00 01 23 00 ff 20 55 8f 03 a0 00 00 00 08 88 f2 " /*  48 */
            "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 " /*  64 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  80 */
            "00 00 00 00 00 00 00 00 80 21 00 00 63 61 70 67 " /*  96 */
            "65 6e 2d 73 65 72 76 65 72 20 20 20 20 20 20 20 " /* 112 */
            "20 20 20 20 20 20 20 20 20 20 20 20 ff 02 00 01 " /* 128 */
            "00 00 00 00 00 00 00 00 00 00 00 00 e2 d4 c3 d9" /* 144 */},
    {.name = "real_smcr_v2_confirm_fc",
     .source = "captures/real/k612-01-smcr-v2-ipv4.pcap frame 12",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 03 00 b4 28 1c 40 52 54 00 5c 00 02 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02 " /*  16 */
            "52 54 00 5c 00 02 00 00 11 00 00 03 6e 01 00 00 " /*  32 */
            "00 01 23 00 ff 22 b8 b0 43 77 00 00 00 98 bd c0 " /*  48 */
            "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 " /*  64 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  80 */
            "00 00 00 00 00 00 00 00 80 21 00 00 63 61 70 67 " /*  96 */
            "65 6e 2d 63 6c 69 65 6e 74 20 20 20 20 20 20 20 " /* 112 */
            "20 20 20 20 20 20 20 20 20 20 20 20 ff 02 00 01 " /* 128 */
            "00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 " /* 144 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02 " /* 160 */
            "e2 d4 c3 d9" /* 176 */},
    {.name = "real_smcr_v2_accept",
     .source = "captures/real/k612-01-smcr-v2-ipv4.pcap frame 58",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 02 00 6c 20 80 20 52 54 00 5c 00 01 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01 " /*  16 */
            "52 54 00 5c 00 01 00 00 11 00 00 03 d7 01 00 00 " /*  32 */
            "00 02 23 00 ff 20 55 8f 03 a0 00 00 00 08 88 f2 " /*  48 */
            "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 " /*  64 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  80 */
            "00 00 00 00 00 00 00 00 e2 d4 c3 d9" /*  96 */},
    {.name = "real_smcr_v2_confirm",
     .source = "captures/real/k612-01-smcr-v2-ipv4.pcap frame 64",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 03 00 6c 20 1c 40 52 54 00 5c 00 02 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02 " /*  16 */
            "52 54 00 5c 00 02 00 00 11 00 00 03 6e 01 00 00 " /*  32 */
            "00 02 23 00 ff 22 b8 b0 43 77 00 00 00 98 bd c0 " /*  48 */
            "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 " /*  64 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  80 */
            "00 00 00 00 00 00 00 00 e2 d4 c3 d9" /*  96 */},
    {.name = "real_decline_v2_nosmcrdev",
     .source = "captures/real/k612-07-server-no-rdma-dev.pcap frame 8",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 04 00 2c 20 80 20 52 54 00 5c 00 01 " /*   0 */
            "03 03 00 02 20 00 00 00 00 00 00 00 00 00 00 00 " /*  16 */
            "00 00 00 00 00 00 00 00 e2 d4 c3 d9" /*  32 */},
    {.name = "real_decline_v1_nosmcdev",
     .source = "captures/real/k612-04-ipv6-client-decline.pcap frame 6",
     .kind = SMCCLC_MSG_REAL,
     .hex = "e2 d4 c3 d9 04 00 1c 10 1c 40 52 54 00 5c 00 02 " /*   0 */
            "03 03 00 00 00 00 00 00 e2 d4 c3 d9" /*  16 */},
    {.name = "built_smcr_v2_accept_fc_rel0",
     .source = "First-contact extension: v2.0 SMC-R FCE, tail 140..155 reserved",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 d9 02 00 a0 28 80 20 52 54 00 5c 00 01 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01 " /*  16 */
            "52 54 00 5c 00 01 00 00 11 00 00 03 d7 01 00 00 " /*  32 */
            "00 01 23 00 ff 20 55 8f 03 a0 00 00 00 08 88 f2 " /*  48 */
            "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 " /*  64 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  80 */
            "00 00 00 00 00 00 00 00 80 20 00 00 63 61 70 67 " /*  96 */
            "65 6e 2d 73 65 72 76 65 72 20 20 20 20 20 20 20 " /* 112 */
            "20 20 20 20 20 20 20 20 20 20 20 20 00 00 00 00 " /* 128 */
            "00 00 00 00 00 00 00 00 00 00 00 00 e2 d4 c3 d9" /* 144 */},
    {.name = "built_smcr_v2_confirm_fc_2gids",
     .source = "SMC-R, version 2: Confirm, first contact, 2 GIDs, 196 bytes",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 d9 03 00 c4 28 1c 40 52 54 00 5c 00 02 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02 " /*  16 */
            "52 54 00 5c 00 02 00 00 11 00 00 03 6e 01 00 00 " /*  32 */
            "00 01 23 00 ff 22 b8 b0 43 77 00 00 00 98 bd c0 " /*  48 */
            "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 " /*  64 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  80 */
            "00 00 00 00 00 00 00 00 80 21 00 00 63 61 70 67 " /*  96 */
            "65 6e 2d 63 6c 69 65 6e 74 20 20 20 20 20 20 20 " /* 112 */
            "20 20 20 20 20 20 20 20 20 20 20 20 ff 02 00 01 " /* 128 */
            "00 00 00 00 00 00 00 00 00 00 00 00 02 00 00 00 " /* 144 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 02 " /* 160 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c6 33 64 02 " /* 176 */
            "e2 d4 c3 d9" /* 192 */},
    {.name = "built_smcd_v2_accept_fc_rel1",
     .source = "SMC-D, version 2: Accept, first contact, release 1, Emulated-ISM "
               "CHID 0xFFFF with gid_ext, 130 bytes",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 c4 02 00 82 29 11 22 33 44 55 66 77 88 " /*   0 */
            "88 77 66 55 44 33 22 11 00 20 00 00 00 00 01 05 " /*  16 */
            "ff ff 53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 " /*  32 */
            "44 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  48 */
            "20 20 01 23 45 67 89 ab cd ef 00 21 00 00 62 75 " /*  64 */
            "69 6c 74 64 2d 73 65 72 76 65 72 20 20 20 20 20 " /*  80 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 00 00 " /*  96 */
            "00 01 00 00 00 00 00 00 00 00 00 00 00 00 e2 d4 " /* 112 */
            "c3 c4" /* 128 */},
    {.name = "built_smcd_v1_confirm_fc",
     .source = "Accept and Confirm: Linux 5.10+ sets first contact in a v1 "
               "Confirm; SMC-D v1, 48 bytes",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 c4 03 00 30 19 01 23 45 67 89 ab cd ef " /*   0 */
            "01 23 45 67 89 ab cd ef ff 10 00 00 ff ff ff ff " /*  16 */
            "00 00 00 00 00 00 00 00 00 00 00 00 e2 d4 c3 c4" /*  32 */},
    {.name = "built_smcr_v2_accept_fc_zos",
     .source = "First-contact extension: OS type 1 = z/OS, release 1",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 d9 02 00 a0 28 80 20 52 54 00 5c 00 01 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 ff ff c0 00 02 01 " /*  16 */
            "52 54 00 5c 00 01 00 00 11 00 00 03 d7 01 00 00 " /*  32 */
            "00 01 23 00 ff 20 55 8f 03 a0 00 00 00 08 88 f2 " /*  48 */
            "53 4d 43 2d 43 41 50 47 45 4e 2d 55 45 49 44 20 " /*  64 */
            "20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 " /*  80 */
            "00 00 00 00 00 00 00 00 80 11 00 00 5a 4f 53 48 " /*  96 */
            "4f 53 54 31 20 20 20 20 20 20 20 20 20 20 20 20 " /* 112 */
            "20 20 20 20 20 20 20 20 20 20 20 20 ff 02 00 01 " /* 128 */
            "00 00 00 00 00 00 00 00 00 00 00 00 e2 d4 c3 d9" /* 144 */},
    {.name = "built_decline_v2_syncerr",
     .source = "Decline: out-of-sync flag with SYNCERR 0x04000000, v2, 44 bytes",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 d9 04 00 2c 28 80 20 52 54 00 5c 00 01 " /*   0 */
            "04 00 00 00 20 00 00 00 00 00 00 00 00 00 00 00 " /*  16 */
            "00 00 00 00 00 00 00 00 e2 d4 c3 d9" /*  32 */},
    {.name = "built_decline_v2_zos",
     .source = "Decline: v2 Decline from z/OS (OS type 1), DIFFPREFIX",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 d9 04 00 2c 20 80 20 52 54 00 5c 00 01 " /*   0 */
            "03 07 00 00 10 00 00 00 00 00 00 00 00 00 00 00 " /*  16 */
            "00 00 00 00 00 00 00 00 e2 d4 c3 d9" /*  32 */},
    {.name = "built_decline_v1_syncerr",
     .source = "Decline: v1 Decline, out of sync, SYNCERR, 28 bytes",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 d9 04 00 1c 18 1c 40 52 54 00 5c 00 02 " /*   0 */
            "04 00 00 00 00 00 00 00 e2 d4 c3 d9" /*  16 */},
    {.name = "built_smcd_v2_proposal_emulated",
     .source = "v2 and SMC-Dv2 extensions: SMC-Dv2-only Proposal (typev1 N, typev2 D), SEID, one "
               "Emulated-ISM device (loopback, CHID 0xFFFF) as two paired entries, 192 bytes",
     .kind = SMCCLC_MSG_BUILT,
     .hex = "e2 d4 c3 d9 01 00 c0 26 00 00 00 00 00 00 00 00 " /*   0 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  16 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  32 */
            "00 00 00 1c 00 00 00 00 00 00 00 00 00 00 00 00 " /*  48 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 " /*  64 */
            "00 02 00 11 00 00 00 20 00 00 00 00 00 00 00 00 " /*  80 */
            "00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 " /*  96 */
            "00 00 00 00 00 00 00 00 49 42 4d 2d 53 59 53 5a " /* 112 */
            "2d 49 53 4d 53 45 49 44 30 30 30 30 30 30 30 30 " /* 128 */
            "30 30 31 32 33 34 41 42 00 00 00 00 00 00 00 00 " /* 144 */
            "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 a1 " /* 160 */
            "ff ff 00 00 00 00 00 00 00 b2 ff ff e2 d4 c3 d9" /* 176 */},
};

const size_t smcclc_msg_count = sizeof(smcclc_msgs) / sizeof(smcclc_msgs[0]);

const struct smcclc_msg_def *smcclc_msg_find(const char *name)
{
    size_t i;

    for (i = 0; i < smcclc_msg_count; i++)
        if (strcmp(smcclc_msgs[i].name, name) == 0)
            return &smcclc_msgs[i];
    return NULL;
}

size_t smcclc_msg_at(const char *name, uint8_t *out, size_t cap, const char *file, int line)
{
    const struct smcclc_msg_def *m = smcclc_msg_find(name);

    if (m == NULL) {
        print_error("no test message named %s\n", name);
        _fail(file, line);
        return 0;
    }
    return smcclc_hex_at(m->hex, out, cap, file, line);
}
