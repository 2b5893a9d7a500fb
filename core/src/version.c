/* SPDX-License-Identifier: BSD-2-Clause */
#include "smcclc/smcclc.h"

const char *smcclc_version(void)
{
    return SMCCLC_VERSION_STRING;
}
