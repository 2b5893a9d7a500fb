/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: input buffers that end right before an inaccessible page */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "smctest.h"

bool smcclc_guard_init(struct smcclc_guard *g, size_t max_len)
{
    long ps = sysconf(_SC_PAGESIZE);
    size_t page = ps > 0 ? (size_t)ps : 4096, pages = (max_len + page - 1) / page;
    void *m;

    memset(g, 0, sizeof(*g));
    if (pages == 0)
        pages = 1;
    m = mmap(NULL, (pages + 1) * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return false;
    if (mprotect((uint8_t *)m + pages * page, page, PROT_NONE) != 0) {
        munmap(m, (pages + 1) * page);
        return false;
    }
    g->map = m;
    g->map_len = (pages + 1) * page;
    g->readable = pages * page;
    return true;
}

const uint8_t *smcclc_guard_put(struct smcclc_guard *g, const void *src, size_t len)
{
    uint8_t *dst;

    if (g->map == NULL || len > g->readable)
        return NULL;
    dst = g->map + g->readable - len;
    if (len > 0)
        memcpy(dst, src, len);
    return dst;
}

void smcclc_guard_free(struct smcclc_guard *g)
{
    if (g->map != NULL)
        munmap(g->map, g->map_len);
    memset(g, 0, sizeof(*g));
}
