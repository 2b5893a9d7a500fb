/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: hex strings to bytes, and builders for hand-made messages */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "smctest.h"

static int nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t smcclc_hex_to_bytes(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;

    for (; *hex != '\0'; hex++) {
        int v;
        if (*hex == '#') {
            /* Comments let pasted dumps keep their offsets column. */
            while (hex[1] != '\0' && hex[1] != '\n')
                hex++;
            continue;
        }
        if (*hex == ' ' || *hex == '\t' || *hex == '\n' || *hex == '\r' || *hex == ':' ||
            *hex == ',')
            continue;
        v = nibble(*hex);
        if (v < 0)
            return (size_t)-1;
        if (hi < 0) {
            hi = v;
            continue;
        }
        if (n >= cap)
            return (size_t)-1;
        out[n++] = (uint8_t)(hi << 4 | v);
        hi = -1;
    }
    return hi < 0 ? n : (size_t)-1;
}

size_t smcclc_hex_at(const char *hex, uint8_t *out, size_t cap, const char *file, int line)
{
    size_t n = smcclc_hex_to_bytes(hex, out, cap);

    if (n == (size_t)-1) {
        print_error("bad hex string or more than %zu bytes\n", cap);
        _fail(file, line);
    }
    return n;
}

void smcclc_put_be(uint8_t *buf, size_t off, size_t size, uint64_t v)
{
    size_t i;

    for (i = size; i > 0; i--) {
        buf[off + i - 1] = (uint8_t)v;
        v >>= 8;
    }
}

void smcclc_put_header(uint8_t *buf, uint32_t eyecatcher, uint8_t type, uint16_t length,
                       uint8_t byte7)
{
    smcclc_put_be(buf, 0, 4, eyecatcher);
    buf[4] = type;
    smcclc_put_be(buf, 5, 2, length);
    buf[7] = byte7;
}

void smcclc_put_trailer(uint8_t *buf, uint16_t length, uint32_t eyecatcher)
{
    smcclc_put_be(buf, (size_t)length - 4, 4, eyecatcher);
}
