/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libpcap lifecycle, as tcpdump.c does it: pcap_create, pcap_set_*,
 * pcap_activate (negative: fatal, positive: a warning and go on), then the
 * filter. Capture files are read with the same callback loop.
 *
 * For files the filter runs here, with pcap_offline_filter(), instead of
 * inside libpcap: then every record is seen and the frame numbers in the
 * events are record numbers, the ones Wireshark shows for the same file.
 */
#define _DEFAULT_SOURCE /* u_char and friends in pcap.h */

#include "capture.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "decap.h"

struct sd_capture {
    pcap_t *p;
    pcap_dumper_t *dump;
    struct bpf_program prog;
    bool have_prog;
    bool live;
    const char *name; /* for messages */
    FILE *err;
    uint64_t limit; /* -c */
    int linktype;
    /* while running */
    struct sd_analyzer *a;
    uint64_t record;  /* records read */
    uint64_t matched; /* records that passed the filter */
    bool classic;     /* pcap, not pcapng: record offsets can be computed */
    void *rdbuf;      /* stdio buffer of the capture file; freed after pcap_close */
    bool keep_rdbuf;
    uint64_t offset; /* file offset of the next record, when classic; without `plain`, of the
                        first record with it */
    bool plain;      /* on_packet_plain: a file, no filter, no -w, no -c */
};

/* The only handle a signal handler may reach. */
static pcap_t *volatile running;

void sd_capture_stop(void)
{
    pcap_t *p = running;

    if (p)
        pcap_breakloop(p);
}

int sd_capture_linktype(const struct sd_capture *c)
{
    return c->linktype;
}

/* Capability bits of the effective set, from /proc; 0 when unknown. */
static uint64_t effective_caps(void)
{
    char line[128];
    unsigned long long caps = 0;
    FILE *f = fopen("/proc/self/status", "r");

    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, "CapEff:", 7) == 0) {
            caps = strtoull(line + 7, NULL, 16);
            break;
        }
    fclose(f);
    return caps;
}

#define CAP_NET_ADMIN_BIT 12
#define CAP_NET_RAW_BIT 13

/* Which permission is missing, in words a user can act on. */
static void explain_permission(FILE *err, const char *dev, bool promisc_only)
{
    uint64_t caps = effective_caps();
    bool raw = caps >> CAP_NET_RAW_BIT & 1, admin = caps >> CAP_NET_ADMIN_BIT & 1;

    if (promisc_only) {
        fprintf(err,
                "smcdump: %s: promiscuous mode needs CAP_NET_ADMIN (or root)%s; -p captures "
                "without it\n",
                dev, admin ? "" : ", which this process lacks");
        return;
    }
    if (!raw && !admin)
        fprintf(err,
                "smcdump: %s: capturing needs CAP_NET_RAW and CAP_NET_ADMIN, or root; this "
                "process has neither (e.g. setcap cap_net_raw,cap_net_admin=eip smcdump)\n",
                dev);
    else if (!raw)
        fprintf(err, "smcdump: %s: capturing needs CAP_NET_RAW (or root), which is missing\n", dev);
    else if (!admin)
        fprintf(err, "smcdump: %s: capturing needs CAP_NET_ADMIN (or root), which is missing\n",
                dev);
    else
        fprintf(err,
                "smcdump: %s: permission denied although CAP_NET_RAW and CAP_NET_ADMIN are "
                "set (a security module may block packet sockets)\n",
                dev);
}

/* One pcap_set_* call: a refusal here means the options cannot be honoured. */
static bool set_ok(struct sd_capture *c, int status, const char *what)
{
    if (status == 0)
        return true;
    fprintf(c->err, "smcdump: %s: cannot set %s: %s\n", c->name, what, pcap_statustostr(status));
    return false;
}

static int open_live(struct sd_capture *c, const struct sd_capture_opts *o)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    int st;

    c->p = pcap_create(o->device, errbuf);
    if (!c->p) {
        fprintf(c->err, "smcdump: %s: %s\n", o->device, errbuf);
        return SD_EXIT_INPUT;
    }
    /* 250 ms: a handshake line appears promptly without waking per packet */
    if (!set_ok(c, pcap_set_snaplen(c->p, o->snaplen ? o->snaplen : SD_SNAPLEN_MAX), "snaplen") ||
        !set_ok(c, pcap_set_promisc(c->p, o->promisc), "promiscuous mode") ||
        !set_ok(c, pcap_set_timeout(c->p, 250), "timeout"))
        return SD_EXIT_INPUT;
    st = pcap_activate(c->p);
    if (st < 0) {
        switch (st) {
        case PCAP_ERROR_PERM_DENIED:
            explain_permission(c->err, o->device, false);
            break;
        case PCAP_ERROR_PROMISC_PERM_DENIED:
            explain_permission(c->err, o->device, true);
            break;
        case PCAP_ERROR:
            fprintf(c->err, "smcdump: %s: %s\n", o->device, pcap_geterr(c->p));
            break;
        default:
            /* libpcap often repeats the status as the error text */
            if (strcmp(pcap_geterr(c->p), pcap_statustostr(st)) == 0 || !*pcap_geterr(c->p))
                fprintf(c->err, "smcdump: %s: %s\n", o->device, pcap_statustostr(st));
            else
                fprintf(c->err, "smcdump: %s: %s (%s)\n", o->device, pcap_statustostr(st),
                        pcap_geterr(c->p));
            break;
        }
        return SD_EXIT_INPUT;
    }
    if (st > 0)
        fprintf(c->err, "smcdump: warning: %s: %s%s%s\n", o->device, pcap_statustostr(st),
                st == PCAP_WARNING ? ": " : "", st == PCAP_WARNING ? pcap_geterr(c->p) : "");
    c->live = true;
    return SD_EXIT_OK;
}

/*
 * stdio reads a file in blocks of st_blksize (4 KiB on ext4): a read(2) per
 * 40 packets. A larger buffer, set before libpcap's first read, makes the
 * system calls negligible next to the copying.
 */
#define SD_READ_BUFFER (1u << 20)

static int open_file(struct sd_capture *c, const struct sd_capture_opts *o)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    bool is_stdin = strcmp(o->file, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(o->file, "rb");
    long pos;

    if (!fp) {
        fprintf(c->err, "smcdump: %s: %s\n", c->name, strerror(errno));
        return SD_EXIT_INPUT;
    }
    c->rdbuf = malloc(SD_READ_BUFFER);
    if (c->rdbuf)
        setvbuf(fp, c->rdbuf, _IOFBF, SD_READ_BUFFER);
    /* pcap_close() leaves stdin open, still pointing at the buffer: keep it */
    c->keep_rdbuf = is_stdin;
    c->p = pcap_fopen_offline(fp, errbuf);
    if (!c->p) {
        fprintf(c->err, "smcdump: %s: %s\n", c->name, errbuf);
        if (!is_stdin)
            fclose(fp);
        return SD_EXIT_INPUT;
    }
    /*
     * A classic pcap file is a 24-byte header and records of 16 + caplen
     * bytes, so the offset of a damaged record is known without asking the
     * kernel per packet. pcapng reports 1.0 here.
     */
    c->classic = pcap_major_version(c->p) == 2;
    pos = ftell(fp);
    c->offset = pos >= 0 ? (uint64_t)pos : 24;
    return SD_EXIT_OK;
}

static int compile_filter(struct sd_capture *c, const char *expr)
{
    if (!expr || !*expr)
        return SD_EXIT_OK;
    if (pcap_compile(c->p, &c->prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        fprintf(c->err, "smcdump: filter '%s': %s\n", expr, pcap_geterr(c->p));
        return SD_EXIT_USAGE;
    }
    c->have_prog = true;
    /* live: in the kernel, where dropping is cheapest; files: in our loop */
    if (c->live && pcap_setfilter(c->p, &c->prog) != 0) {
        fprintf(c->err, "smcdump: %s: cannot set filter: %s\n", c->name, pcap_geterr(c->p));
        return SD_EXIT_INPUT;
    }
    return SD_EXIT_OK;
}

int sd_capture_open(struct sd_capture **cp, const struct sd_capture_opts *o, FILE *err)
{
    struct sd_capture *c = calloc(1, sizeof(*c));
    int rc;

    *cp = NULL;
    if (!c) {
        fprintf(err, "smcdump: out of memory\n");
        return SD_EXIT_INPUT;
    }
    c->err = err;
    c->limit = o->count;
    c->name = o->device ? o->device : strcmp(o->file, "-") == 0 ? "(stdin)" : o->file;
    rc = o->device ? open_live(c, o) : open_file(c, o);
    if (rc == SD_EXIT_OK)
        rc = compile_filter(c, o->filter);
    if (rc == SD_EXIT_OK) {
        c->linktype = pcap_datalink(c->p);
        if (!sd_decap_link_supported(c->linktype)) {
            const char *n = pcap_datalink_val_to_name(c->linktype);
            fprintf(err, "smcdump: %s: link type %s (%d) is not supported\n", c->name,
                    n ? n : "unknown", c->linktype);
            rc = SD_EXIT_INPUT;
        }
    }
    if (rc == SD_EXIT_OK && o->write_file) {
        c->dump = pcap_dump_open(c->p, o->write_file);
        if (!c->dump) {
            /* libpcap's message already names the file */
            fprintf(err, "smcdump: %s\n", pcap_geterr(c->p));
            rc = SD_EXIT_OUTPUT;
        }
    }
    if (rc != SD_EXIT_OK) {
        sd_capture_close(c);
        return rc;
    }
    if (c->live && !o->quiet) {
        const char *n = pcap_datalink_val_to_name(c->linktype);
        const char *d = pcap_datalink_val_to_description(c->linktype);
        fprintf(err, "smcdump: listening on %s, link-type %s (%s), snapshot length %d bytes\n",
                c->name, n ? n : "?", d ? d : "?", pcap_snapshot(c->p));
    }
    *cp = c;
    return SD_EXIT_OK;
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    struct sd_capture *c = (struct sd_capture *)user;
    uint64_t frame = ++c->record;

    c->offset += 16 + (uint64_t)h->caplen;
    if (c->have_prog && !c->live && !pcap_offline_filter(&c->prog, h, bytes))
        return;
    uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
    if (sd_analyze_packet(c->a, bytes, h->caplen, h->len, frame, ts) && c->dump)
        pcap_dump((u_char *)c->dump, h, bytes);
    if (c->limit && ++c->matched >= c->limit)
        pcap_breakloop(c->p);
}

/*
 * The common case, a file read without a filter, -w or -c: nothing to do per
 * packet but number it. A tail call, so this adds no frame of its own; the
 * damage offset is worked out from the analyzer's byte count when needed.
 */
static void on_packet_plain(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
    struct sd_capture *c = (struct sd_capture *)user;

    sd_analyze_packet(c->a, bytes, h->caplen, h->len, ++c->record,
                      (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec);
}

/* The file ended inside a record, or a record header is impossible. */
static int file_damaged(struct sd_capture *c)
{
    char what[PCAP_ERRBUF_SIZE + 64];
    uint64_t off = c->offset;

    /* every record went to the analyzer: 16 bytes of header and caplen each */
    if (c->plain)
        off += 16 * c->record + sd_analyze_counters(c->a)->bytes;
    if (!c->classic) {
        /* pcapng: the position where reading stopped is the best we know */
        FILE *fp = pcap_file(c->p);
        long pos = fp ? ftell(fp) : -1;
        off = pos >= 0 ? (uint64_t)pos : 0;
    }
    snprintf(what, sizeof(what), "capture file damaged after %llu good records: %s",
             (unsigned long long)c->record, pcap_geterr(c->p));
    sd_analyze_file_problem(c->a, c->record + 1, (size_t)off, what);
    return SD_EXIT_DAMAGED;
}

static void live_stats(struct sd_capture *c)
{
    struct pcap_stat ps;

    if (pcap_stats(c->p, &ps) != 0)
        return;
    fprintf(c->err,
            "%llu packets captured\n%u packets received by filter\n%u packets dropped "
            "by kernel\n",
            (unsigned long long)c->record, ps.ps_recv, ps.ps_drop);
}

int sd_capture_run(struct sd_capture *c, struct sd_analyzer *a)
{
    int rc = SD_EXIT_OK, st;

    c->a = a;
    c->plain = !c->live && !c->have_prog && !c->dump && !c->limit;
    running = c->p;
    st = pcap_loop(c->p, -1, c->plain ? on_packet_plain : on_packet, (u_char *)c);
    running = NULL;
    if (st == PCAP_ERROR) {
        if (c->live) {
            fprintf(c->err, "smcdump: %s: capture failed: %s\n", c->name, pcap_geterr(c->p));
            rc = SD_EXIT_INPUT;
        } else {
            rc = file_damaged(c);
        }
    }
    if (c->live)
        live_stats(c);
    if (c->dump && (pcap_dump_flush(c->dump) != 0 || ferror(pcap_dump_file(c->dump)))) {
        fprintf(c->err, "smcdump: writing the -w file failed: %s\n", strerror(errno));
        rc = SD_EXIT_OUTPUT;
    }
    return rc;
}

void sd_capture_close(struct sd_capture *c)
{
    if (!c)
        return;
    if (c->dump)
        pcap_dump_close(c->dump);
    if (c->have_prog)
        pcap_freecode(&c->prog);
    if (c->p)
        pcap_close(c->p);
    if (!c->keep_rdbuf)
        free(c->rdbuf);
    free(c);
}
