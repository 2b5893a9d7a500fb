/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: smcdump's formatting helpers: a fixed line buffer and the
 * renderers of addresses, times, bytes and JSON strings that the text, JSON
 * and statistics output share.
 *
 * Nothing here allocates after setup: every line is formatted into one
 * buffer and written with one fwrite, so output costs the same for the
 * first CLC message and the millionth.
 */
#ifndef SMCDUMP_FORMAT_H
#define SMCDUMP_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"

#if defined(__GNUC__)
#define SD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SD_PRINTF(f, a)
#endif

/*
 * Big enough for the longest record smcdump writes (a -vv Proposal of 652
 * bytes with its hex dump); a longer one is written in several pieces,
 * never cut.
 */
#define SD_BUF_SIZE 16384

struct sd_buf {
    FILE *f;
    bool failed; /* a write to f failed; later output is dropped */
    size_t len;
    char data[SD_BUF_SIZE];
};

void sd_buf_init(struct sd_buf *b, FILE *f);
/* Write what is buffered. Returns false once a write has failed. */
bool sd_buf_flush(struct sd_buf *b);
void sd_buf_put(struct sd_buf *b, const char *s, size_t n);
void sd_buf_puts(struct sd_buf *b, const char *s);
void sd_buf_putc(struct sd_buf *b, char c);
void sd_buf_printf(struct sd_buf *b, const char *fmt, ...) SD_PRINTF(2, 3);
void sd_buf_indent(struct sd_buf *b, unsigned n);

/* Lower-case hex of n bytes, no separators. */
void sd_put_hex(struct sd_buf *b, const uint8_t *p, size_t n);
/* aa:bb:cc:dd:ee:ff */
void sd_put_mac(struct sd_buf *b, const uint8_t *p);
/* inet_ntop text of a 4- or 16-byte address. */
void sd_put_ip(struct sd_buf *b, int family, const uint8_t *p);
/* A peer ID: 2-byte instance in hex, '@', the 6-byte MAC. */
void sd_put_peerid(struct sd_buf *b, const uint8_t *p);
/* A fixed-width text field without its blank or NUL padding. */
size_t sd_text_trimmed_len(const uint8_t *p, size_t n);
/* The text with C-style escapes for bytes that are not printable ASCII. */
void sd_put_text_escaped(struct sd_buf *b, const uint8_t *p, size_t n);
/* The inside of a JSON string, without the quotes. */
void sd_put_json_chars(struct sd_buf *b, const char *s, size_t n);
/* A JSON string, quotes included, escaping every control and non-ASCII byte. */
void sd_put_json_string(struct sd_buf *b, const char *s, size_t n);
void sd_put_json_cstr(struct sd_buf *b, const char *s);
/* 840 us, 12.3 ms, 1.001 s; the integer arithmetic keeps golden outputs stable across libcs. */
void sd_put_duration(struct sd_buf *b, uint64_t us);

/* tcpdump's timestamp at the start of a text line; prev_us is for -ttt. */
void sd_put_tstamp(struct sd_buf *b, enum sd_tstamp mode, uint64_t ts_us, uint64_t prev_us);
/* RFC 3339 UTC with microseconds: 2024-01-01T00:00:00.000123Z */
void sd_put_rfc3339(struct sd_buf *b, uint64_t ts_us);

/* JSON's "addr:port", "[addr]:port" for IPv6. */
void sd_put_endpoint_json(struct sd_buf *b, const struct sd_endpoint *ep);
/* The same into dst (NUL-terminated, cut to n - 1); returns its length. */
#define SD_ENDPOINT_STR 56 /* "[" INET6_ADDRSTRLEN "]:65535" */
size_t sd_endpoint_str(char *dst, size_t n, const struct sd_endpoint *ep);

/*
 * Host names for text output. A bounded, direct-mapped cache in front of
 * getnameinfo(): a capture with millions of addresses costs at most one
 * lookup per address per slot collision, and the memory is fixed.
 */
#define SD_RESOLVE_SLOTS 1024
#define SD_RESOLVE_NAME 64

struct sd_resolve_slot {
    bool used;
    uint8_t family;
    uint8_t addr[16];
    char name[SD_RESOLVE_NAME];
};

/*
 * Reverse lookups can take a DNS timeout each; past this much time in
 * getnameinfo() in one run, smcdump stops asking and prints addresses, so
 * a large capture never waits minutes for names (-n avoids lookups at all).
 */
#define SD_RESOLVE_BUDGET_NS 2000000000ull

struct sd_resolver {
    uint64_t spent_ns;
    bool gave_up; /* the budget is spent: addresses from now on */
    bool told;    /* the user was told so */
    struct sd_resolve_slot slot[SD_RESOLVE_SLOTS];
};

/* tcpdump's "addr.port", resolved unless `numeric`. */
void sd_put_endpoint_text(struct sd_buf *b, struct sd_resolver *r, bool numeric,
                          const struct sd_endpoint *ep);

/*
 * tcpdump -X: offset, 16 bytes as 8 groups of 2, then the printable
 * characters. Each line starts with `indent` spaces.
 */
void sd_put_hexdump(struct sd_buf *b, const uint8_t *p, size_t n, unsigned indent);

#endif /* SMCDUMP_FORMAT_H */
