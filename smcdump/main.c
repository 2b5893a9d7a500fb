/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * smcdump: per TCP connection, what SMC offered, what was chosen, and why SMC
 * was or was not used, from a live interface or a capture file.
 *
 * This file only reads the command line and wires the pieces together:
 * capture.c (pcap), analyze.c (packets to events), and the output side
 * behind report.h.
 */
#define _DEFAULT_SOURCE /* sigaction */

#include <errno.h>
#include <getopt.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "capture.h"
#include "compare.h"
#include "expect.h"
#include "explain.h"
#include "flow.h"
#include "report.h"
#include "rotate.h"

#ifndef SMCCLC_VERSION
#define SMCCLC_VERSION "unknown"
#endif

static void usage(FILE *f)
{
    fputs("Usage: smcdump [-DlnpqUv] [-B KiB] [-c count] [-C size] [-G secs] [-s snaplen] [-t...]\n"
          "               [-w file] [-W count] [-Z user] [--all] [--json] [--stats]\n"
          "               [--metrics FILE] [--max-flows N] [--expect SPEC]...\n"
          "               (-i interface | -r file) [filter expression]\n"
          "       smcdump [--json] --compare A B [filter expression]\n"
          "       smcdump --explain CODE|NAME\n"
          "\n"
          "Shows the SMC (AF_SMC) CLC handshakes of TCP connections: what the client\n"
          "offered, what the server chose, and why SMC was or was not used.\n"
          "\n"
          "Input:\n"
          "  -i IFACE     capture live on IFACE ('any' for all interfaces)\n"
          "  -r FILE      read a pcap or pcapng file ('-' for standard input)\n"
          "  -c COUNT     stop after COUNT packets (that pass the filter)\n"
          "  -s SNAPLEN   live: bytes to capture per packet (default and 0: 262144)\n"
          "  -p           live: do not put the interface into promiscuous mode\n"
          "  -B KIB       live: kernel capture buffer in KiB\n"
          "  --immediate-mode\n"
          "               live: hand over each packet at once instead of in batches\n"
          "  --no-default-filter\n"
          "               live: no kernel filter of smcdump's own (by default only SYN, FIN,\n"
          "               RST, payloads under 1024 bytes and payloads starting with an SMC\n"
          "               eyecatcher reach smcdump; see smcdump(1))\n"
          "  --default-filter\n"
          "               files: apply that filter too, to see what a live run would get\n"
          "  --idle-timeout S\n"
          "               report an open handshake incomplete after S seconds without a\n"
          "               packet (default 60); live, this runs on the clock\n"
          "  -Z USER      live: switch to USER once the capture is open\n"
          "  -D           list the interfaces and exit\n"
          "  --max-flows N\n"
          "               track up to N open SMC handshakes at once (1 to 16777216,\n"
          "               default 1048576); beyond that the least recently active is\n"
          "               reported incomplete and evicted. Memory: 224 bytes per\n"
          "               handshake and 16-32 bytes of index, touched only as they\n"
          "               come; 242 MiB at most by default (see smcdump(1))\n"
          "  filter       a pcap-filter(7) expression, e.g. 'tcp port 5000'\n"
          "Output:\n"
          "  -w FILE      also save the packets of SMC handshakes (SYNs, CLC segments and\n"
          "               the ACKs between them) to FILE, for Wireshark\n"
          "  -C SIZE      start a new -w file when it exceeds SIZE million bytes (or\n"
          "               SIZEk, SIZEm, SIZEg: KiB, MiB, GiB); FILE, FILE1, FILE2...\n"
          "  -G SECS      start a new -w file every SECS seconds; FILE is a strftime format\n"
          "  -W COUNT     with -C: keep COUNT files in a ring; with -G: stop after COUNT\n"
          "  -U           write -w packet by packet (the default live)\n"
          "  -l           write each line when it is made (the default live)\n"
          "  -n           do not resolve addresses to names\n"
          "  -v, -vv      every field; -vv also reserved fields and hex\n"
          "  -t           no time stamps; -tt seconds since the epoch; -ttt time since the\n"
          "               previous line; -tttt date and time\n"
          "  -q           no per-message lines, verdicts only\n"
          "  --json       JSON Lines instead of text\n"
          "  --stats      statistics at the end\n"
          "  --all        also report TCP connections whose SYN had no SMC option\n"
          "  --metrics FILE\n"
          "               keep FILE up to date in Prometheus text format (for\n"
          "               node_exporter's textfile collector); with -r written at the end\n"
          "  --metrics-interval S\n"
          "               live: rewrite the metrics file every S seconds (default 15)\n"
          "Checks (for regression tests):\n"
          "  --expect SPEC\n"
          "               every connection in SPEC's scope must match it, e.g.\n"
          "               'port=5107,smc-r,release=2.1' or 'fallback,reason=NOSMCRDEV';\n"
          "               repeatable; the grammar is in smcdump(1), EXPECTATIONS\n"
          "  --compare A B\n"
          "               what changed from A to B (captures or --json outputs): outcome,\n"
          "               reason, version, release, sizes, durations, per connection\n"
          "  --explain CODE|NAME\n"
          "               what a fallback reason means, how to confirm it on the host and\n"
          "               what to change, without a capture: a code as smcss (0x03030002)\n"
          "               or the fallback tracepoint (50528258) prints it, a kernel name\n"
          "               (NOSMCRDEV, SMC_CLC_DECL_NOSMCRDEV), an smcr/smcd stats name\n"
          "               (PEER_NO_SMC) or a verdict (INCOMPLETE); any case\n"
          "  -h, --help   this text;  --version  the version\n"
          "\n"
          "Exit status:\n"
          "  0  success\n"
          "  1  usage error (bad option or filter expression)\n"
          "  2  the input could not be opened, live capture failed, or memory ran out\n"
          "  3  the capture file is damaged; it was read up to the damage\n"
          "  4  output error (standard output, the -w file or the --metrics file)\n"
          "  5  an --expect SPEC did not hold (each mismatch is on standard error)\n"
          "  6  --compare found a difference\n",
          f);
}

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("smcdump: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    usage(stderr);
    return SD_EXIT_USAGE;
}

static void on_signal(int sig)
{
    (void)sig;
    sd_capture_stop();
}

static void catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* The arguments after the options, joined as tcpdump does. */
static char *join_filter(int argc, char **argv)
{
    size_t len = 1;
    char *s;

    if (argc <= 0)
        return NULL;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static bool parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;

    if (!*s || *s == '-')
        return false;
    *out = strtoull(s, &end, 10);
    return *end == '\0' && *out <= max;
}

enum {
    OPT_JSON = 256,
    OPT_STATS,
    OPT_VERSION,
    OPT_MAX_FLOWS,
    OPT_ALL,
    OPT_IMMEDIATE,
    OPT_NO_DEFAULT_FILTER,
    OPT_DEFAULT_FILTER,
    OPT_METRICS,
    OPT_METRICS_INTERVAL,
    OPT_IDLE_TIMEOUT,
    OPT_EXPECT,
    OPT_COMPARE,
    OPT_EXPLAIN,
};

/* --metrics while a live capture runs: rewritten every interval from the capture's hook. */
struct metrics {
    const char *path;
    uint64_t interval_ms, due_ms;
    struct sd_output *out;
    struct sd_analyzer *a;
    struct sd_capture *cap;
};

static void counters_now(const struct metrics *m, struct sd_counters *c)
{
    struct sd_kernel_stats ks;

    *c = *sd_analyze_counters(m->a);
    sd_capture_kernel_stats(m->cap, &ks);
    c->kernel_known = ks.known;
    c->kernel_received = ks.received;
    c->kernel_dropped = ks.dropped;
    c->kernel_ifdropped = ks.ifdropped;
}

static void metrics_tick(void *ctx, uint64_t mono_ms)
{
    struct metrics *m = ctx;
    struct sd_counters c;

    if (mono_ms < m->due_ms)
        return;
    m->due_ms = mono_ms + m->interval_ms;
    counters_now(m, &c);
    (void)sd_report_metrics(m->out, &c, m->path);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"max-flows", required_argument, NULL, OPT_MAX_FLOWS},
        {"all", no_argument, NULL, OPT_ALL},
        {"immediate-mode", no_argument, NULL, OPT_IMMEDIATE},
        {"no-default-filter", no_argument, NULL, OPT_NO_DEFAULT_FILTER},
        {"default-filter", no_argument, NULL, OPT_DEFAULT_FILTER},
        {"metrics", required_argument, NULL, OPT_METRICS},
        {"metrics-interval", required_argument, NULL, OPT_METRICS_INTERVAL},
        {"idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT},
        {"expect", required_argument, NULL, OPT_EXPECT},
        {"compare", required_argument, NULL, OPT_COMPARE},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {NULL, 0, NULL, 0},
    };
    struct sd_capture_opts co = {.promisc = true};
    struct sd_output_opts oo = {.verbose = 0};
    struct metrics m = {.interval_ms = 15000};
    bool line_buffered = false, packet_buffered = false, no_default = false, want_default = false;
    bool all = false;
    uint64_t idle_us = 0;
    uint32_t max_flows = SD_FLOWS_MAX;
    struct sd_capture *cap;
    struct sd_output *out;
    struct sd_analyzer *a;
    const char *compare_a = NULL;
    unsigned long long n;
    int opt, tflag = 0, rc, frc;
    char *filter;

    /* Static, so that an early return leaves it reachable, not leaked. */
    static struct sd_expect *expect;

    expect = sd_expect_new(stderr);
    if (expect == NULL) {
        fprintf(stderr, "smcdump: out of memory\n");
        return SD_EXIT_INPUT;
    }
    while ((opt = getopt_long(argc, argv, "B:c:C:DG:hi:lnpqr:s:tUvw:W:Z:", longopts, NULL)) != -1) {
        switch (opt) {
        case 'c':
            if (!parse_uint(optarg, UINT64_MAX, &n) || n == 0)
                return usage_error("-c %s: not a positive number", optarg);
            co.count = n;
            break;
        case 'i':
            co.device = optarg;
            break;
        case 'r':
            co.file = optarg;
            break;
        case 'w':
            /* caught here: with -G, strftime() could not tell empty from too long */
            if (optarg[0] == '\0')
                return usage_error("-w: the file name is empty (- writes to standard output)");
            co.write_file = optarg;
            break;
        case 's':
            if (!parse_uint(optarg, SD_SNAPLEN_MAX, &n))
                return usage_error("-s %s: not a number from 0 to 262144", optarg);
            co.snaplen = (int)n;
            break;
        case 'p':
            co.promisc = false;
            break;
        case 'n':
            oo.numeric = true;
            break;
        case 'v':
            oo.verbose++;
            break;
        case 't':
            tflag++;
            break;
        case 'q':
            oo.quiet = true;
            break;
        case OPT_JSON:
            oo.json = true;
            break;
        case OPT_STATS:
            oo.stats = true;
            break;
        case 'B':
            if (!parse_uint(optarg, INT32_MAX / 1024, &n) || n == 0)
                return usage_error("-B %s: not a positive number of KiB", optarg);
            co.buffer_kib = (int)n;
            break;
        case 'C':
            if (!sd_rotate_parse_size(optarg, &co.rotate_bytes))
                return usage_error("-C %s: not a positive size (millions of bytes, or with k, m, "
                                   "g: KiB, MiB, GiB)",
                                   optarg);
            break;
        case 'G':
            if (!parse_uint(optarg, UINT32_MAX, &n) || n == 0)
                return usage_error("-G %s: not a positive number of seconds", optarg);
            co.rotate_secs = (unsigned)n;
            break;
        case 'W':
            if (!parse_uint(optarg, UINT32_MAX, &n) || n == 0)
                return usage_error("-W %s: not a positive number", optarg);
            co.rotate_count = (unsigned)n;
            break;
        case 'Z':
            co.user = optarg;
            break;
        case 'D':
            return sd_capture_list(stdout, stderr);
        case 'l':
            line_buffered = true;
            break;
        case 'U':
            packet_buffered = true;
            break;
        case OPT_ALL:
            all = true;
            break;
        case OPT_IMMEDIATE:
            co.immediate = true;
            break;
        case OPT_NO_DEFAULT_FILTER:
            no_default = true;
            break;
        case OPT_DEFAULT_FILTER:
            want_default = true;
            break;
        case OPT_METRICS:
            m.path = optarg;
            break;
        case OPT_METRICS_INTERVAL:
            if (!parse_uint(optarg, 86400, &n) || n == 0)
                return usage_error("--metrics-interval %s: not a number from 1 to 86400", optarg);
            m.interval_ms = n * 1000;
            break;
        case OPT_IDLE_TIMEOUT:
            if (!parse_uint(optarg, 86400, &n) || n == 0)
                return usage_error("--idle-timeout %s: not a number from 1 to 86400", optarg);
            idle_us = n * 1000000;
            break;
        case OPT_MAX_FLOWS:
            if (!parse_uint(optarg, SD_FLOWS_LIMIT, &n) || n == 0)
                return usage_error("--max-flows %s: not a number from 1 to %u", optarg,
                                   SD_FLOWS_LIMIT);
            max_flows = (uint32_t)n;
            break;
        case OPT_EXPECT:
            switch (sd_expect_add(expect, optarg)) {
            case SD_EXPECT_ADDED:
                break;
            case SD_EXPECT_SYNTAX:
                return SD_EXIT_USAGE;
            case SD_EXPECT_NO_MEMORY:
                return SD_EXIT_INPUT;
            }
            break;
        case OPT_COMPARE:
            compare_a = optarg;
            break;
        case OPT_EXPLAIN:
            /* needs no capture: answers and ends, whatever else was asked */
            if (sd_explain(optarg, stdout, stderr) != 0)
                return SD_EXIT_USAGE;
            return fflush(stdout) == 0 && !ferror(stdout) ? SD_EXIT_OK : SD_EXIT_OUTPUT;
        case 'h':
            usage(stdout);
            return SD_EXIT_OK;
        case OPT_VERSION:
            printf("smcdump %s\n%s\n", SMCCLC_VERSION, pcap_lib_version());
            return SD_EXIT_OK;
        default:
            usage(stderr);
            return SD_EXIT_USAGE;
        }
    }
    if (compare_a != NULL) {
        if (co.device || co.file || sd_expect_any(expect) || co.write_file)
            return usage_error("--compare reads its own two inputs: no -i, -r, -w or --expect");
        if (optind >= argc)
            return usage_error("--compare A B: B is missing");
        oo.err = stderr;
        oo.out = stdout;
        rc = sd_compare_main(compare_a, argv[optind], argc - optind - 1, argv + optind + 1, &oo,
                             max_flows);
        sd_expect_free(expect);
        return rc;
    }
    if (!co.device == !co.file)
        return usage_error("%s", co.device ? "-i and -r exclude each other"
                                           : "say where to read: -i IFACE or -r FILE");
    oo.tstamp = tflag == 0   ? SD_TS_DEFAULT
                : tflag == 1 ? SD_TS_NONE
                : tflag == 2 ? SD_TS_EPOCH
                : tflag == 3 ? SD_TS_DELTA
                             : SD_TS_DATE;
    if (oo.verbose > 2)
        oo.verbose = 2;
    if ((co.rotate_bytes || co.rotate_secs) && !co.write_file)
        return usage_error("-C and -G rotate the -w file: give -w FILE");
    if (co.rotate_count && !co.rotate_bytes && !co.rotate_secs)
        return usage_error("-W needs -C or -G");
    if ((co.rotate_bytes || co.rotate_secs) && strcmp(co.write_file, "-") == 0)
        return usage_error("-C and -G cannot rotate standard output");
    if (no_default && want_default)
        return usage_error("--default-filter and --no-default-filter exclude each other");
    /* live: what a pipe reader or a kill -9 would otherwise lose sits in stdio's buffers */
    co.default_filter = co.device ? !no_default : want_default;
    co.flush_dump = co.device || packet_buffered;
    oo.flush_each = co.device || line_buffered;

    filter = join_filter(argc - optind, argv + optind);
    co.filter = filter;
    co.quiet = oo.quiet;
    rc = sd_capture_open(&cap, &co, stderr);
    free(filter);
    if (rc != SD_EXIT_OK)
        return rc;

    /* with -w - the packets own standard output */
    oo.out = co.write_file && strcmp(co.write_file, "-") == 0 ? stderr : stdout;
    oo.err = stderr;
    oo.input_name = co.device ? co.device : strcmp(co.file, "-") == 0 ? "(stdin)" : co.file;
    if (sd_expect_any(expect))
        oo.observer = sd_expect_observer(expect);
    out = sd_output_new(&oo);
    struct sd_analyzer_opts ao = {.linktype = sd_capture_linktype(cap),
                                  .max_flows = max_flows,
                                  .idle_us = idle_us,
                                  .all = all,
                                  .live = co.device != NULL};
    a = out ? sd_analyzer_new(out, &ao) : NULL;
    if (!a) {
        fprintf(stderr, "smcdump: out of memory\n");
        sd_output_free(out);
        sd_capture_close(cap);
        sd_expect_free(expect);
        return SD_EXIT_INPUT;
    }

    m.out = out;
    m.a = a;
    m.cap = cap;
    if (m.path)
        sd_capture_set_hook(cap, metrics_tick, &m);
    catch_signals();
    rc = sd_capture_run(cap, a);
    sd_analyze_finish(a);
    struct sd_counters counters;
    counters_now(&m, &counters);
    frc = sd_report_finish(out, &counters);
    if (m.path && sd_report_metrics(out, &counters, m.path) != 0 && rc == SD_EXIT_OK)
        rc = SD_EXIT_OUTPUT;
    if (fflush(oo.out) != 0 || ferror(oo.out) || frc != 0) {
        fprintf(stderr, "smcdump: writing the output failed: %s\n", strerror(errno));
        if (rc == SD_EXIT_OK || rc == SD_EXIT_DAMAGED)
            rc = SD_EXIT_OUTPUT;
    }
    /* A broken input or output says more than a check on what could be read. */
    if (sd_expect_any(expect) && sd_expect_finish(expect) > 0 && rc == SD_EXIT_OK)
        rc = SD_EXIT_EXPECT;
    sd_expect_free(expect);
    sd_analyzer_free(a);
    sd_output_free(out);
    sd_capture_close(cap);
    return rc;
}
