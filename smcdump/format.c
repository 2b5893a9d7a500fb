/* SPDX-License-Identifier: BSD-2-Clause */
/* \summary: smcdump line buffer, address/time/hex/JSON string formatting, name cache */
/* localtime_r, gmtime_r, tzset, getnameinfo: POSIX, not ISO C11. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "format.h"

void sd_buf_init(struct sd_buf *b, FILE *f)
{
    b->f = f;
    b->failed = false;
    b->len = 0;
}

bool sd_buf_flush(struct sd_buf *b)
{
    if (b->len > 0 && !b->failed && fwrite(b->data, 1, b->len, b->f) != b->len)
        b->failed = true;
    b->len = 0;
    return !b->failed;
}

void sd_buf_put(struct sd_buf *b, const char *s, size_t n)
{
    while (n > 0) {
        size_t room = sizeof(b->data) - b->len, k;

        if (room == 0) {
            /* A record longer than the buffer goes out in pieces rather than cut. */
            (void)sd_buf_flush(b);
            room = sizeof(b->data);
        }
        k = n < room ? n : room;
        memcpy(b->data + b->len, s, k);
        b->len += k;
        s += k;
        n -= k;
    }
}

void sd_buf_puts(struct sd_buf *b, const char *s)
{
    sd_buf_put(b, s, strlen(s));
}

void sd_buf_putc(struct sd_buf *b, char c)
{
    if (b->len == sizeof(b->data))
        (void)sd_buf_flush(b);
    b->data[b->len++] = c;
}

void sd_buf_printf(struct sd_buf *b, const char *fmt, ...)
{
    va_list ap;
    size_t room = sizeof(b->data) - b->len;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < room) {
        b->len += (size_t)n;
        return;
    }
    /* Did not fit behind what is buffered: flush and format again at the start. */
    (void)sd_buf_flush(b);
    va_start(ap, fmt);
    n = vsnprintf(b->data, sizeof(b->data), fmt, ap);
    va_end(ap);
    if (n > 0)
        b->len = (size_t)n < sizeof(b->data) ? (size_t)n : sizeof(b->data) - 1;
}

void sd_buf_indent(struct sd_buf *b, unsigned n)
{
    while (n-- > 0)
        sd_buf_putc(b, ' ');
}

static const char hexdig[] = "0123456789abcdef";

void sd_put_hex(struct sd_buf *b, const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        sd_buf_putc(b, hexdig[p[i] >> 4]);
        sd_buf_putc(b, hexdig[p[i] & 0x0f]);
    }
}

void sd_put_mac(struct sd_buf *b, const uint8_t *p)
{
    size_t i;

    for (i = 0; i < 6; i++) {
        if (i > 0)
            sd_buf_putc(b, ':');
        sd_put_hex(b, p + i, 1);
    }
}

void sd_put_ip(struct sd_buf *b, int family, const uint8_t *p)
{
    char tmp[INET6_ADDRSTRLEN];
    int af = family == 6 ? AF_INET6 : AF_INET;

    if (inet_ntop(af, p, tmp, sizeof(tmp)) == NULL)
        sd_put_hex(b, p, family == 6 ? 16 : 4);
    else
        sd_buf_puts(b, tmp);
}

void sd_put_peerid(struct sd_buf *b, const uint8_t *p)
{
    sd_put_hex(b, p, 2);
    sd_buf_putc(b, '@');
    sd_put_mac(b, p + 2);
}

size_t sd_text_trimmed_len(const uint8_t *p, size_t n)
{
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\0'))
        n--;
    return n;
}

void sd_put_text_escaped(struct sd_buf *b, const uint8_t *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint8_t c = p[i];

        if (c == '"' || c == '\\') {
            sd_buf_putc(b, '\\');
            sd_buf_putc(b, (char)c);
        } else if (c >= 0x20 && c < 0x7f) {
            sd_buf_putc(b, (char)c);
        } else {
            sd_buf_puts(b, "\\x");
            sd_put_hex(b, &c, 1);
        }
    }
}

void sd_put_json_chars(struct sd_buf *b, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        uint8_t c = (uint8_t)s[i];

        if (c == '"' || c == '\\') {
            sd_buf_putc(b, '\\');
            sd_buf_putc(b, (char)c);
        } else if (c >= 0x20 && c < 0x7f) {
            sd_buf_putc(b, (char)c);
        } else {
            /*
             * Wire text is not known to be UTF-8; escaping every other byte
             * as a code point keeps the output valid JSON and lossless.
             */
            sd_buf_puts(b, "\\u00");
            sd_put_hex(b, &c, 1);
        }
    }
}

void sd_put_json_string(struct sd_buf *b, const char *s, size_t n)
{
    sd_buf_putc(b, '"');
    sd_put_json_chars(b, s, n);
    sd_buf_putc(b, '"');
}

void sd_put_json_cstr(struct sd_buf *b, const char *s)
{
    sd_put_json_string(b, s, strlen(s));
}

void sd_put_duration(struct sd_buf *b, uint64_t us)
{
    if (us < 1000)
        sd_buf_printf(b, "%llu us", (unsigned long long)us);
    else if (us < 1000000)
        sd_buf_printf(b, "%llu.%llu ms", (unsigned long long)(us / 1000),
                      (unsigned long long)(us % 1000 / 100));
    else
        sd_buf_printf(b, "%llu.%03llu s", (unsigned long long)(us / 1000000),
                      (unsigned long long)(us % 1000000 / 1000));
}

static void put_clock(struct sd_buf *b, uint64_t ts_us, bool date)
{
    time_t t = (time_t)(ts_us / 1000000);
    struct tm tm;

    if (localtime_r(&t, &tm) == NULL) {
        sd_buf_printf(b, "%llu.%06llu", (unsigned long long)(ts_us / 1000000),
                      (unsigned long long)(ts_us % 1000000));
        return;
    }
    if (date)
        sd_buf_printf(b, "%04d-%02d-%02d ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    sd_buf_printf(b, "%02d:%02d:%02d.%06llu", tm.tm_hour, tm.tm_min, tm.tm_sec,
                  (unsigned long long)(ts_us % 1000000));
}

void sd_put_tstamp(struct sd_buf *b, enum sd_tstamp mode, uint64_t ts_us, uint64_t prev_us)
{
    uint64_t d;

    switch (mode) {
    case SD_TS_NONE:
        return;
    case SD_TS_EPOCH:
        sd_buf_printf(b, "%llu.%06llu ", (unsigned long long)(ts_us / 1000000),
                      (unsigned long long)(ts_us % 1000000));
        return;
    case SD_TS_DELTA:
        /* Packets out of time order give a zero delta, not a huge one. */
        d = ts_us > prev_us ? ts_us - prev_us : 0;
        sd_buf_printf(b, "%02llu:%02llu:%02llu.%06llu ", (unsigned long long)(d / 3600000000u),
                      (unsigned long long)(d / 60000000u % 60),
                      (unsigned long long)(d / 1000000 % 60), (unsigned long long)(d % 1000000));
        return;
    case SD_TS_DATE:
        put_clock(b, ts_us, true);
        sd_buf_putc(b, ' ');
        return;
    case SD_TS_DEFAULT:
    default:
        put_clock(b, ts_us, false);
        sd_buf_putc(b, ' ');
        return;
    }
}

void sd_put_rfc3339(struct sd_buf *b, uint64_t ts_us)
{
    time_t t = (time_t)(ts_us / 1000000);
    struct tm tm;

    if (gmtime_r(&t, &tm) == NULL)
        memset(&tm, 0, sizeof(tm));
    /*
     * RFC 3339 has four-digit years; after 9999 (pcapng with a coarse
     * if_tsresol can say so) the year is written as ISO 8601's expanded
     * representation, "+" and five or more digits, which the schema allows.
     */
    sd_buf_printf(b, tm.tm_year + 1900 > 9999 ? "+%05d" : "%04d", tm.tm_year + 1900);
    sd_buf_printf(b, "-%02d-%02dT%02d:%02d:%02d.%06lluZ", tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec, (unsigned long long)(ts_us % 1000000));
}

size_t sd_endpoint_str(char *dst, size_t n, const struct sd_endpoint *ep)
{
    char ip[INET6_ADDRSTRLEN];
    int af = ep->family == 6 ? AF_INET6 : AF_INET;
    int k;

    if (inet_ntop(af, ep->addr, ip, sizeof(ip)) == NULL)
        ip[0] = '\0';
    k = snprintf(dst, n, ep->family == 6 ? "[%s]:%u" : "%s:%u", ip, (unsigned)ep->port);
    return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

void sd_put_endpoint_json(struct sd_buf *b, const struct sd_endpoint *ep)
{
    char tmp[SD_ENDPOINT_STR];

    sd_buf_put(b, tmp, sd_endpoint_str(tmp, sizeof(tmp), ep));
}

static unsigned slot_of(const struct sd_endpoint *ep)
{
    /* FNV-1a over the address: cheap, and spreads a /24 over many slots. */
    uint32_t h = 2166136261u;
    size_t i, n = ep->family == 6 ? 16 : 4;

    h = (h ^ ep->family) * 16777619u;
    for (i = 0; i < n; i++)
        h = (h ^ ep->addr[i]) * 16777619u;
    return h & (SD_RESOLVE_SLOTS - 1);
}

static const char *resolve(struct sd_resolver *r, const struct sd_endpoint *ep)
{
    struct sd_resolve_slot *s = &r->slot[slot_of(ep)];
    size_t n = ep->family == 6 ? 16 : 4;
    struct sockaddr_storage ss;
    struct timespec t0, t1;
    socklen_t sl;

    if (s->used && s->family == ep->family && memcmp(s->addr, ep->addr, n) == 0)
        return s->name;
    if (r->gave_up)
        return "";
    memset(&ss, 0, sizeof(ss));
    if (ep->family == 6) {
        struct sockaddr_in6 *sa = (struct sockaddr_in6 *)&ss;
        sa->sin6_family = AF_INET6;
        memcpy(&sa->sin6_addr, ep->addr, 16);
        sl = sizeof(*sa);
    } else {
        struct sockaddr_in *sa = (struct sockaddr_in *)&ss;
        sa->sin_family = AF_INET;
        memcpy(&sa->sin_addr, ep->addr, 4);
        sl = sizeof(*sa);
    }
    s->used = true;
    s->family = ep->family;
    memcpy(s->addr, ep->addr, n);
    /* A failed lookup is cached as well, so an unknown address is asked once. */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (getnameinfo((struct sockaddr *)&ss, sl, s->name, sizeof(s->name), NULL, 0, NI_NAMEREQD) !=
        0)
        s->name[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r->spent_ns += (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000u + (uint64_t)t1.tv_nsec -
                   (uint64_t)t0.tv_nsec;
    if (r->spent_ns > SD_RESOLVE_BUDGET_NS)
        r->gave_up = true;
    return s->name;
}

void sd_put_endpoint_text(struct sd_buf *b, struct sd_resolver *r, bool numeric,
                          const struct sd_endpoint *ep)
{
    const char *name = (numeric || r == NULL) ? "" : resolve(r, ep);

    if (name[0] != '\0')
        sd_buf_puts(b, name);
    else
        sd_put_ip(b, ep->family, ep->addr);
    sd_buf_printf(b, ".%u", (unsigned)ep->port);
}

void sd_put_hexdump(struct sd_buf *b, const uint8_t *p, size_t n, unsigned indent)
{
    size_t off, i;

    for (off = 0; off < n; off += 16) {
        size_t k = n - off < 16 ? n - off : 16;

        sd_buf_indent(b, indent);
        sd_buf_printf(b, "0x%04zx:  ", off);
        for (i = 0; i < 16; i++) {
            if (i < k)
                sd_put_hex(b, p + off + i, 1);
            else
                sd_buf_puts(b, "  ");
            if (i % 2 == 1)
                sd_buf_putc(b, ' ');
        }
        sd_buf_putc(b, ' ');
        for (i = 0; i < k; i++) {
            uint8_t c = p[off + i];
            sd_buf_putc(b, c >= 0x20 && c < 0x7f ? (char)c : '.');
        }
        sd_buf_putc(b, '\n');
    }
}
