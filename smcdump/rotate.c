/* SPDX-License-Identifier: BSD-2-Clause */
/* -w file rotation (rotate.h): naming and timing only. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* localtime_r */
#endif
#include "rotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void sd_rotate_init(struct sd_rotate *r, const char *base, uint64_t bytes, unsigned secs,
                    unsigned count)
{
    memset(r, 0, sizeof(*r));
    r->base = base;
    r->bytes = bytes;
    r->secs = secs;
    r->count = count;
    r->active = bytes || secs;
    /* tcpdump pads to the digits of the largest number, count - 1 */
    if (bytes && count)
        for (unsigned x = count - 1; x > 0; x /= 10)
            r->width++;
}

bool sd_rotate_name(struct sd_rotate *r, uint64_t now_s, char *buf, size_t n)
{
    char stem[SD_ROTATE_NAME_MAX];
    int len;

    r->opened_s = now_s;
    r->files++;
    if (r->secs) {
        time_t t = (time_t)now_s;
        struct tm tm;

        size_t k;

        if (!localtime_r(&t, &tm))
            return false;
            /* -G: the user's -w name is the format, as in tcpdump */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        k = strftime(stem, sizeof(stem), r->base, &tm);
#pragma GCC diagnostic pop
        if (k == 0)
            return false;
    } else {
        len = snprintf(stem, sizeof(stem), "%s", r->base);
        if (len < 0 || (size_t)len >= sizeof(stem))
            return false;
    }
    if (r->index == 0 && r->width == 0)
        len = snprintf(buf, n, "%s", stem);
    else
        len = snprintf(buf, n, "%s%0*u", stem, (int)r->width, r->index);
    return len >= 0 && (size_t)len < n;
}

enum sd_rotate_what sd_rotate_check(struct sd_rotate *r, uint64_t size, uint64_t now_s)
{
    if (r->secs && now_s >= r->opened_s + r->secs) {
        if (r->count && !r->bytes && r->files >= r->count)
            return SD_ROTATE_STOP;
        r->index = 0;
        return SD_ROTATE_NEXT;
    }
    if (r->bytes && size > r->bytes) {
        r->index++;
        if (r->count && r->index >= r->count)
            r->index = 0;
        return SD_ROTATE_NEXT;
    }
    return SD_ROTATE_KEEP;
}

bool sd_rotate_parse_size(const char *s, uint64_t *bytes)
{
    char *end;
    unsigned long long v;
    uint64_t unit = 1000000;

    if (!*s || *s == '-')
        return false;
    v = strtoull(s, &end, 10);
    if (*end) {
        switch (*end) {
        case 'k':
        case 'K':
            unit = 1024;
            break;
        case 'm':
        case 'M':
            unit = 1024 * 1024;
            break;
        case 'g':
        case 'G':
            unit = 1024 * 1024 * 1024;
            break;
        default:
            return false;
        }
        if (end[1])
            return false;
    }
    if (v == 0 || v > UINT64_MAX / unit)
        return false;
    *bytes = v * unit;
    return true;
}
