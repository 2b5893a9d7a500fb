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
#include "flow.h"
#include "report.h"

#ifndef SMCCLC_VERSION
#define SMCCLC_VERSION "unknown"
#endif

static void usage(FILE *f)
{
    fputs("Usage: smcdump [-npqv] [-c count] [-s snaplen] [-t...] [-w file] [--json] [--stats]\n"
          "               [--max-flows N] (-i interface | -r file) [filter expression]\n"
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
          "  -n           do not resolve addresses to names\n"
          "  -v, -vv      every field; -vv also reserved fields and hex\n"
          "  -t           no time stamps; -tt seconds since the epoch; -ttt time since the\n"
          "               previous line; -tttt date and time\n"
          "  -q           no per-message lines, verdicts only\n"
          "  --json       JSON Lines instead of text\n"
          "  --stats      statistics at the end\n"
          "  -h, --help   this text;  --version  the version\n"
          "\n"
          "Exit status:\n"
          "  0  success\n"
          "  1  usage error (bad option or filter expression)\n"
          "  2  the input could not be opened, or live capture failed\n"
          "  3  the capture file is damaged; it was read up to the damage\n"
          "  4  output error (standard output or the -w file)\n",
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

enum { OPT_JSON = 256, OPT_STATS, OPT_VERSION, OPT_MAX_FLOWS };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, OPT_JSON},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"max-flows", required_argument, NULL, OPT_MAX_FLOWS},
        {NULL, 0, NULL, 0},
    };
    struct sd_capture_opts co = {.promisc = true};
    struct sd_output_opts oo = {.verbose = 0};
    uint32_t max_flows = SD_FLOWS_MAX;
    struct sd_capture *cap;
    struct sd_output *out;
    struct sd_analyzer *a;
    unsigned long long n;
    int opt, tflag = 0, rc, frc;
    char *filter;

    while ((opt = getopt_long(argc, argv, "c:hi:npqr:s:tvw:", longopts, NULL)) != -1) {
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
        case OPT_MAX_FLOWS:
            if (!parse_uint(optarg, SD_FLOWS_LIMIT, &n) || n == 0)
                return usage_error("--max-flows %s: not a number from 1 to %u", optarg,
                                   SD_FLOWS_LIMIT);
            max_flows = (uint32_t)n;
            break;
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
    out = sd_output_new(&oo);
    struct sd_analyzer_opts ao = {.linktype = sd_capture_linktype(cap), .max_flows = max_flows};
    a = out ? sd_analyzer_new(out, &ao) : NULL;
    if (!a) {
        fprintf(stderr, "smcdump: out of memory\n");
        sd_output_free(out);
        sd_capture_close(cap);
        return SD_EXIT_INPUT;
    }

    catch_signals();
    rc = sd_capture_run(cap, a);
    sd_analyze_finish(a);
    frc = sd_report_finish(out, sd_analyze_counters(a));
    if (fflush(oo.out) != 0 || ferror(oo.out) || frc != 0) {
        fprintf(stderr, "smcdump: writing the output failed: %s\n", strerror(errno));
        if (rc == SD_EXIT_OK || rc == SD_EXIT_DAMAGED)
            rc = SD_EXIT_OUTPUT;
    }
    sd_analyzer_free(a);
    sd_output_free(out);
    sd_capture_close(cap);
    return rc;
}
