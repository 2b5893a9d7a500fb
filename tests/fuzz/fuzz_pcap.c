/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * \summary: fuzz target for all of smcdump on one arbitrary capture file
 *
 * The input is the file. It is read by the same functions smcdump's main()
 * calls (sd_capture_open/run on a path, sd_analyzer, the real text and JSON
 * output at -vv with statistics), twice: once as text, once as JSON Lines.
 * Not covered: main.c itself (option parsing and the wiring shown below),
 * live capture, name resolution (-n is always on, so no DNS), and the
 * default table bounds (smaller ones here, for speed).
 *
 * Checks besides the sanitizers: the exit status is one a file can cause;
 * text output is printable ASCII in whole lines; every JSON line is one
 * valid JSON object without duplicate keys, one per CLC message counted,
 * and one statistics line; the two runs count the same
 * (the output side must not change what the analysis sees). A few
 * options vary with the input size, so each seed also tries -t..-tttt, a
 * filter expression and -w.
 */
#define _GNU_SOURCE /* memfd_create, open_memstream */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analyze.h"
#include "capture.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- a strict JSON reader: syntax only, one value per line ---- */

struct key {
    const char *p;
    size_t n;
};

static const char *skip_ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
        p++;
    return p;
}

static const char *json_string(const char *p, const char *e)
{
    if (p >= e || *p != '"')
        return NULL;
    for (p++; p < e; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            return p + 1;
        if (c < 0x20 || c >= 0x7f)
            return NULL; /* smcdump escapes everything outside printable ASCII */
        if (c == '\\') {
            if (++p >= e)
                return NULL;
            if (*p == 'u') {
                for (int i = 0; i < 4; i++)
                    if (++p >= e || !strchr("0123456789abcdefABCDEF", *p) || *p == '\0')
                        return NULL;
            } else if (!strchr("\"\\/bfnrt", *p) || *p == '\0') {
                return NULL;
            }
        }
    }
    return NULL;
}

static const char *digits(const char *p, const char *e)
{
    const char *s = p;

    while (p < e && *p >= '0' && *p <= '9')
        p++;
    return p > s ? p : NULL;
}

static const char *json_number(const char *p, const char *e)
{
    if (p < e && *p == '-')
        p++;
    if (p < e && *p == '0')
        p++;
    else if (!(p = digits(p, e)))
        return NULL;
    if (p < e && *p == '.' && !(p = digits(p + 1, e)))
        return NULL;
    if (p < e && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < e && (*p == '+' || *p == '-'))
            p++;
        if (!(p = digits(p, e)))
            return NULL;
    }
    return p;
}

static const char *json_value(const char *p, const char *e, int depth);

static const char *json_object(const char *p, const char *e, int depth)
{
    struct key keys[128];
    size_t nkeys = 0;

    p = skip_ws(p + 1, e);
    if (p < e && *p == '}')
        return p + 1;
    for (;;) {
        const char *k = p;
        if (!(p = json_string(p, e)))
            return NULL;
        if (nkeys < sizeof(keys) / sizeof(keys[0])) {
            for (size_t i = 0; i < nkeys; i++)
                if (keys[i].n == (size_t)(p - k) && memcmp(keys[i].p, k, keys[i].n) == 0)
                    return NULL; /* a duplicate key */
            keys[nkeys++] = (struct key){k, (size_t)(p - k)};
        }
        p = skip_ws(p, e);
        if (p >= e || *p != ':')
            return NULL;
        if (!(p = json_value(p + 1, e, depth + 1)))
            return NULL;
        p = skip_ws(p, e);
        if (p < e && *p == ',') {
            p = skip_ws(p + 1, e);
            continue;
        }
        return p < e && *p == '}' ? p + 1 : NULL;
    }
}

static const char *json_array(const char *p, const char *e, int depth)
{
    p = skip_ws(p + 1, e);
    if (p < e && *p == ']')
        return p + 1;
    for (;;) {
        if (!(p = json_value(p, e, depth + 1)))
            return NULL;
        p = skip_ws(p, e);
        if (p < e && *p == ',') {
            p++;
            continue;
        }
        return p < e && *p == ']' ? p + 1 : NULL;
    }
}

static const char *literal(const char *p, const char *e, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(e - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

static const char *json_value(const char *p, const char *e, int depth)
{
    if (depth > 32)
        return NULL;
    p = skip_ws(p, e);
    if (p >= e)
        return NULL;
    switch (*p) {
    case '{':
        return json_object(p, e, depth);
    case '[':
        return json_array(p, e, depth);
    case '"':
        return json_string(p, e);
    case 't':
        return literal(p, e, "true");
    case 'f':
        return literal(p, e, "false");
    case 'n':
        return literal(p, e, "null");
    default:
        return json_number(p, e);
    }
}

static void check_json_lines(const char *s, size_t n)
{
    const char *e = s + n;

    if (n > 0 && s[n - 1] != '\n')
        abort();
    while (s < e) {
        const char *nl = memchr(s, '\n', (size_t)(e - s)), *end;
        if (*skip_ws(s, nl) != '{')
            abort();
        end = json_value(s, nl, 0);
        if (end == NULL || skip_ws(end, nl) != nl)
            abort();
        s = nl + 1;
    }
}

/* Lines that begin with `prefix`. */
static uint64_t count_lines(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    uint64_t count = 0;

    for (const char *e = s + n; s < e;) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        if (nl == NULL)
            nl = e;
        count += (size_t)(nl - s) >= k && memcmp(s, prefix, k) == 0;
        s = nl + 1;
    }
    return count;
}

static void check_text(const char *s, size_t n)
{
    if (n > 0 && s[n - 1] != '\n')
        abort();
    for (size_t i = 0; i < n; i++)
        if ((s[i] < 0x20 || s[i] > 0x7e) && s[i] != '\n')
            abort();
}

/* ---- one smcdump run, as main() wires it ---- */

static int memfd = -1;
static char path[64];

static int run(bool json, enum sd_tstamp ts, const char *filter, bool dump,
               struct sd_counters *counted)
{
    struct sd_capture_opts co = {.file = path, .filter = filter, .promisc = true, .quiet = true};
    struct sd_output_opts oo = {.input_name = "fuzz", .verbose = 2, .json = json,
                                .numeric = true, .tstamp = ts, .stats = true};
    /*
     * main() takes the default bounds (32768 flows); walking and faulting in
     * tables that size costs most of a run, and no input here fills 256.
     */
    struct sd_analyzer_opts ao = {.max_flows = 256, .rbuf_pool = 64};
    struct sd_capture *cap;
    struct sd_output *out;
    struct sd_analyzer *a;
    char *obuf = NULL, *ebuf = NULL;
    size_t olen = 0, elen = 0;
    int rc;

    oo.out = open_memstream(&obuf, &olen);
    oo.err = open_memstream(&ebuf, &elen);
    if (oo.out == NULL || oo.err == NULL)
        abort();
    co.write_file = dump ? "/dev/null" : NULL;
    memset(counted, 0, sizeof(*counted));
    rc = sd_capture_open(&cap, &co, oo.err);
    if (rc == SD_EXIT_OK) {
        out = sd_output_new(&oo);
        ao.linktype = sd_capture_linktype(cap);
        a = sd_analyzer_new(out, &ao);
        if (out == NULL || a == NULL)
            abort();
        rc = sd_capture_run(cap, a);
        sd_analyze_finish(a);
        *counted = *sd_analyze_counters(a);
        if (sd_report_finish(out, counted) != 0)
            abort();
        sd_analyzer_free(a);
        sd_output_free(out);
        sd_capture_close(cap);
        /* A file can be damaged, nothing else: -w goes to /dev/null. */
        if (rc != SD_EXIT_OK && rc != SD_EXIT_DAMAGED)
            abort();
    } else if (rc != SD_EXIT_INPUT && !(rc == SD_EXIT_USAGE && filter != NULL)) {
        /* "tcp" does not compile for every link type libpcap can open */
        abort();
    }
    fclose(oo.out);
    fclose(oo.err);
    if (getenv("FUZZ_DEBUG") != NULL)
        fprintf(stderr, "== rc %d, %zu+%zu bytes\n%s%s", rc, olen, elen, obuf, ebuf);
    if (json) {
        check_json_lines(obuf, olen);
        /* One line per message the analysis reported, and the statistics once, last. */
        if (rc != SD_EXIT_INPUT &&
            (count_lines(obuf, olen, "{\"event\":\"clc\"") != counted->clc_messages ||
             count_lines(obuf, olen, "{\"event\":\"stats\"") != 1))
            abort();
    } else
        check_text(obuf, olen);
    check_text(ebuf, elen);
    free(obuf);
    free(ebuf);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum sd_tstamp stamps[] = {SD_TS_DEFAULT, SD_TS_NONE, SD_TS_EPOCH, SD_TS_DELTA,
                                            SD_TS_DATE};
    struct sd_counters text_c, json_c;
    int rc_text, rc_json;

    if (memfd < 0) {
        memfd = memfd_create("fuzz_pcap", 0);
        if (memfd < 0)
            abort();
        snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
    }
    if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
        abort();

    rc_text = run(false, stamps[size % 5], size % 7 == 3 ? "tcp" : NULL, size % 3 == 0,
                  &text_c);
    rc_json = run(true, SD_TS_DEFAULT, NULL, false, &json_c);
    /* The filter may drop packets, so only unfiltered runs must agree. */
    if (rc_text != rc_json && rc_text != SD_EXIT_USAGE)
        abort();
    if (size % 7 != 3 && memcmp(&text_c, &json_c, sizeof(text_c)) != 0)
        abort();
    return 0;
}
