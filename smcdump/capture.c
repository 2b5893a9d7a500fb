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
#include <grp.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "decap.h"
#include "kfilter.h"
#include "rotate.h"
#include "ts.h"

struct sd_capture {
    pcap_t *p;
    pcap_dumper_t *dump;
    struct bpf_program prog;
    bool have_prog;
    bool own_prog; /* built by kfilter.c: freed there, not by pcap_freecode */
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
    uint8_t rec_hdr;  /* bytes of a classic record header: 16, or 24 (Kuznetzov a1b2cd34) */
    void *rdbuf;      /* stdio buffer of the capture file; freed after pcap_close */
    bool keep_rdbuf;
    uint64_t offset; /* file offset of the next record, when classic; without `plain`, of the
                        first record with it */
    bool plain;      /* on_packet_plain: a file, no filter, no -w, no -c */
    bool flush_dump;
    bool dump_failed;
    bool done;            /* -c reached, or -G -W made its last file */
    struct sd_rotate rot; /* -C/-G/-W */
    /* -G on a file: the first -w file still waits for its first packet's time */
    bool dump_unstamped;
    char dump_name[SD_ROTATE_NAME_MAX];
    /* live clock: packet time of the latest packet, and the monotonic time it was seen */
    uint64_t anchor_ts_us, anchor_mono_us, batch_ts_us;
    void (*hook)(void *ctx, uint64_t mono_ms);
    void *hook_ctx;
    struct sd_kernel_stats ks;
    struct pcap_stat prev; /* the last pcap_stats(), zero before the first */
    uint64_t stats_due_ms, drops_warned, warn_due_ms;
};

/* The only handle a signal handler may reach. */
static pcap_t *volatile running;
static volatile sig_atomic_t stop_requested;

void sd_capture_stop(void)
{
    pcap_t *p = running;

    stop_requested = 1;
    if (p)
        pcap_breakloop(p);
}

void sd_capture_set_hook(struct sd_capture *c, void (*fn)(void *ctx, uint64_t mono_ms), void *ctx)
{
    c->hook = fn;
    c->hook_ctx = ctx;
}

static uint64_t clock_us(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
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

/*
 * libpcap's error text. Its calls set one whenever they fail, but an empty
 * text would leave a message ending in ": ", which reads like a cut line.
 */
static const char *pcap_reason(pcap_t *p)
{
    const char *why = pcap_geterr(p);

    return *why ? why : "libpcap gave no reason";
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
        !set_ok(c, pcap_set_timeout(c->p, 250), "timeout") ||
        (o->immediate && !set_ok(c, pcap_set_immediate_mode(c->p, 1), "immediate mode")) ||
        (o->buffer_kib &&
         !set_ok(c, pcap_set_buffer_size(c->p, o->buffer_kib * 1024), "buffer size")))
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
            fprintf(c->err, "smcdump: %s: %s\n", o->device, pcap_reason(c->p));
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
                st == PCAP_WARNING ? ": " : "", st == PCAP_WARNING ? pcap_reason(c->p) : "");
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
    bool kuznetzov;

    if (!fp) {
        fprintf(c->err, "smcdump: %s: %s\n", c->name, strerror(errno));
        return SD_EXIT_INPUT;
    }
    /*
     * The modified ("Kuznetzov", magic a1b2cd34) pcap of old Red Hat tcpdumps
     * has 24-byte record headers (ifindex, protocol, packet type), which
     * libpcap reads without telling; the magic is read here, without moving
     * the stream (not possible on a pipe: then 16 is assumed).
     */
    {
        uint8_t m[4];
        kuznetzov = pread(fileno(fp), m, 4, 0) == 4 &&
                    ((m[0] == 0xa1 && m[1] == 0xb2 && m[2] == 0xcd && m[3] == 0x34) ||
                     (m[0] == 0x34 && m[1] == 0xcd && m[2] == 0xb2 && m[3] == 0xa1));
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
    c->rec_hdr = kuznetzov ? 24 : 16;
    pos = ftell(fp);
    c->offset = pos >= 0 ? (uint64_t)pos : 24;
    return SD_EXIT_OK;
}

static int compile_filter(struct sd_capture *c, const char *expr, bool with_default,
                          uint32_t snaplen)
{
    struct bpf_program user = {0, NULL}, both;
    bool have_user = expr && *expr;

    if (have_user && pcap_compile(c->p, &user, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        fprintf(c->err, "smcdump: filter '%s': %s\n", expr, pcap_reason(c->p));
        return SD_EXIT_USAGE;
    }
    if (with_default) {
        enum sd_kfilter_built built =
            sd_kfilter_build(pcap_datalink(c->p), snaplen, have_user ? &user : NULL, &both);

        switch (built) {
        case SD_KF_NO_MEMORY:
            /* as every other allocation: going on would hide the cause of what follows */
            if (have_user)
                pcap_freecode(&user);
            fprintf(c->err, "smcdump: out of memory\n");
            return SD_EXIT_INPUT;
        case SD_KF_BUILT:
            if (have_user)
                pcap_freecode(&user);
            c->prog = both;
            c->have_prog = true;
            c->own_prog = true;
            break;
        case SD_KF_NONE:
            fprintf(c->err, "smcdump: %s: no default filter for this link type; %s\n", c->name,
                    have_user ? "only the expression applies"
                              : "every packet is copied to smcdump");
            break;
        case SD_KF_TOO_LONG:
            fprintf(c->err,
                    "smcdump: %s: the default filter and the filter expression together are "
                    "too long for the kernel; only the expression applies\n",
                    c->name);
            break;
        }
    }
    if (!c->have_prog && have_user) {
        c->prog = user;
        c->have_prog = true;
    }
    /* live: in the kernel, where dropping is cheapest; files: in our loop */
    if (c->have_prog && c->live && pcap_setfilter(c->p, &c->prog) != 0) {
        fprintf(c->err, "smcdump: %s: cannot set filter: %s\n", c->name, pcap_reason(c->p));
        return SD_EXIT_INPUT;
    }
    return SD_EXIT_OK;
}

/* -Z: tcpdump's order: the capture is open, files are created as the user. */
static int drop_privileges(FILE *err, const char *user)
{
    struct passwd *pw = getpwnam(user);

    if (!pw) {
        fprintf(err, "smcdump: -Z %s: no such user\n", user);
        return SD_EXIT_USAGE;
    }
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
        setuid(pw->pw_uid) != 0) {
        fprintf(err, "smcdump: -Z %s: cannot change to that user: %s\n", user, strerror(errno));
        return SD_EXIT_INPUT;
    }
    return SD_EXIT_OK;
}

/*
 * The next -w file. Its header is written through at once, so that the file
 * is readable while the capture runs, even before the first packet.
 */
static bool open_dump(struct sd_capture *c, uint64_t now_s)
{
    char name[SD_ROTATE_NAME_MAX];

    if (!sd_rotate_name(&c->rot, now_s, name, sizeof(name))) {
        fprintf(c->err, "smcdump: -w %s: the file name is too long%s\n", c->rot.base,
                c->rot.secs ? " or formats to nothing" : "");
        return false;
    }
    memcpy(c->dump_name, name, sizeof(name));
    c->dump = pcap_dump_open(c->p, name);
    if (!c->dump) {
        /* libpcap's message already names the file; without one, name it here */
        if (*pcap_geterr(c->p))
            fprintf(c->err, "smcdump: %s\n", pcap_geterr(c->p));
        else
            fprintf(c->err, "smcdump: %s: cannot be written (libpcap gave no reason)\n", name);
        return false;
    }
    if (c->flush_dump && pcap_dump_flush(c->dump) != 0) {
        fprintf(c->err, "smcdump: %s: %s\n", name, strerror(errno));
        return false;
    }
    return true;
}

/*
 * -C, -G: before a packet is written (`size`: the file's size), or on the
 * clock (`size` 0: only -G applies, so that a new file never starts empty
 * because of its size). False on a write error.
 */
/*
 * -G while a file is read: rotation runs on packet time, so the first file
 * is named and timed by its first packet too. It was opened at the start,
 * with the wall clock, so that a -w that cannot be written fails at once;
 * nothing but the file header is in it yet, so it is made again.
 */
static bool stamp_first_dump(struct sd_capture *c, uint64_t packet_s)
{
    c->dump_unstamped = false;
    pcap_dump_close(c->dump);
    c->dump = NULL;
    (void)remove(c->dump_name);
    c->rot.files--;
    return open_dump(c, packet_s);
}

static bool rotate_if_due(struct sd_capture *c, bool by_size, uint64_t now_s)
{
    enum sd_rotate_what w;

    if (!c->dump)
        return true;
    w = sd_rotate_check(&c->rot, by_size ? (uint64_t)pcap_dump_ftell64(c->dump) : 0, now_s);
    if (w == SD_ROTATE_KEEP)
        return true;
    pcap_dump_close(c->dump);
    c->dump = NULL;
    if (w == SD_ROTATE_STOP) {
        /* -G with -W: the last file is full, and tcpdump exits here too */
        c->done = true;
        return true;
    }
    return open_dump(c, now_s);
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
        rc = compile_filter(c, o->filter, o->default_filter,
                            c->live ? (uint32_t)pcap_snapshot(c->p) : SD_SNAPLEN_MAX);
    if (rc == SD_EXIT_OK && o->user)
        rc = drop_privileges(err, o->user);
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
        sd_rotate_init(&c->rot, o->write_file, o->rotate_bytes, o->rotate_secs, o->rotate_count);
        c->flush_dump = o->flush_dump;
        if (!open_dump(c, (uint64_t)time(NULL)))
            rc = SD_EXIT_OUTPUT;
        /* -C and -G refuse standard output, so the name is a file's */
        c->dump_unstamped = !c->live && o->rotate_secs != 0;
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

    c->offset += c->rec_hdr + (uint64_t)h->caplen;
    if (c->have_prog && !c->live && !pcap_offline_filter(&c->prog, h, bytes))
        return;
    uint64_t ts = sd_ts_us(h->ts.tv_sec, h->ts.tv_usec, c->classic);
    if (ts > c->batch_ts_us)
        c->batch_ts_us = ts;
    if (sd_analyze_packet(c->a, bytes, h->caplen, h->len, frame, ts) && c->dump) {
        if (c->dump_unstamped && !stamp_first_dump(c, (uint64_t)h->ts.tv_sec))
            c->dump_failed = true;
        if (c->rot.active &&
            !rotate_if_due(c, true, c->live ? (uint64_t)time(NULL) : (uint64_t)h->ts.tv_sec))
            c->dump_failed = true;
        if (c->dump) {
            pcap_dump((u_char *)c->dump, h, bytes);
            /* a kill -9 then loses nothing that was written */
            if (c->flush_dump && pcap_dump_flush(c->dump) != 0)
                c->dump_failed = true;
        }
    }
    if ((c->limit && ++c->matched >= c->limit) || c->done) {
        c->done = true;
        pcap_breakloop(c->p);
    }
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
                      sd_ts_us(h->ts.tv_sec, h->ts.tv_usec, c->classic));
}

/* The file ended inside a record, or a record header is impossible. */
static int file_damaged(struct sd_capture *c)
{
    char what[PCAP_ERRBUF_SIZE + 256];
    uint64_t off = c->offset;

    /* every record went to the analyzer: a record header and caplen each */
    if (c->plain)
        off += c->rec_hdr * c->record + sd_analyze_counters(c->a)->bytes;
    if (!c->classic) {
        /* pcapng: the position where reading stopped is the best we know */
        FILE *fp = pcap_file(c->p);
        long pos = fp ? ftell(fp) : -1;
        off = pos >= 0 ? (uint64_t)pos : 0;
    }
    /*
     * libpcap reads a pcapng file with one link type only and stops at the
     * first interface of another (pcap-ng.c). The file is fine: say how to
     * split it, rather than leave "damaged" unexplained.
     */
    if (strstr(pcap_geterr(c->p), "different from the type of the first interface") != NULL) {
        snprintf(what, sizeof(what),
                 "libpcap cannot read a pcapng file whose interfaces have different link "
                 "types; read up to record %llu. Split it per interface, e.g. tshark -r FILE "
                 "-Y frame.interface_id==1 -F pcap -w if1.pcap, and read each part",
                 (unsigned long long)c->record);
        sd_analyze_file_problem(c->a, c->record + 1, (size_t)off, what);
        return SD_EXIT_DAMAGED;
    }
    snprintf(what, sizeof(what), "capture file damaged after %llu good records: %s",
             (unsigned long long)c->record, pcap_reason(c->p));
    sd_analyze_file_problem(c->a, c->record + 1, (size_t)off, what);
    return SD_EXIT_DAMAGED;
}

/*
 * pcap_stats() counts in 32 bits, which a busy link wraps within hours: the
 * totals are kept in 64 bits from the differences, modulo 2^32.
 */
static void poll_kernel_stats(struct sd_capture *c)
{
    struct pcap_stat ps;

    if (!c->live || pcap_stats(c->p, &ps) != 0)
        return;
    c->ks.known = true;
    c->ks.received += (uint32_t)(ps.ps_recv - c->prev.ps_recv);
    c->ks.dropped += (uint32_t)(ps.ps_drop - c->prev.ps_drop);
    c->ks.ifdropped += (uint32_t)(ps.ps_ifdrop - c->prev.ps_ifdrop);
    c->prev = ps;
}

void sd_capture_kernel_stats(struct sd_capture *c, struct sd_kernel_stats *ks)
{
    poll_kernel_stats(c);
    *ks = c->ks;
}

/* Every second: the kernel's counts, and a warning when drops grew (at most every 10 s). */
#define SD_DROP_WARN_MS 10000u

static void check_drops(struct sd_capture *c, uint64_t mono_ms)
{
    uint64_t lost;

    if (mono_ms < c->stats_due_ms)
        return;
    c->stats_due_ms = mono_ms + 1000;
    poll_kernel_stats(c);
    lost = c->ks.dropped + c->ks.ifdropped;
    if (lost > c->drops_warned && mono_ms >= c->warn_due_ms) {
        fprintf(c->err,
                "smcdump: warning: %s: the kernel dropped packets: %llu so far, %llu since the "
                "last warning; handshakes may be missing (a larger -B, or the default filter, "
                "helps)\n",
                c->name, (unsigned long long)lost, (unsigned long long)(lost - c->drops_warned));
        c->drops_warned = lost;
        c->warn_due_ms = mono_ms + SD_DROP_WARN_MS;
    }
}

static void live_stats(struct sd_capture *c)
{
    poll_kernel_stats(c);
    if (!c->ks.known)
        return;
    fprintf(c->err,
            "%llu packets captured\n%llu packets received by filter\n%llu packets dropped "
            "by kernel\n",
            (unsigned long long)c->record, (unsigned long long)c->ks.received,
            (unsigned long long)c->ks.dropped);
    if (c->ks.ifdropped)
        fprintf(c->err, "%llu packets dropped by interface\n", (unsigned long long)c->ks.ifdropped);
}

/*
 * The analysis clock of a live capture: packet time, moved on by the
 * monotonic clock while no packet comes, so that timers fire on an idle link.
 * Packets arrive in batches up to the 250 ms buffer timeout late, so this
 * runs a little behind the wall clock: a timer fires late, never early.
 */
static uint64_t live_now(struct sd_capture *c, uint64_t mono_us)
{
    if (c->batch_ts_us > c->anchor_ts_us) {
        c->anchor_ts_us = c->batch_ts_us;
        c->anchor_mono_us = mono_us;
    }
    return c->anchor_ts_us + (mono_us - c->anchor_mono_us);
}

/* Upper bound on a wait: signals, the hook and the drop check get their turn. */
#define SD_WAIT_MAX_MS 1000

static int run_live(struct sd_capture *c)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    int fd, st;

    /* a blocking read would sleep through the timers on an idle link */
    if (pcap_setnonblock(c->p, 1, errbuf) != 0) {
        fprintf(c->err, "smcdump: %s: %s\n", c->name, errbuf);
        return SD_EXIT_INPUT;
    }
    fd = pcap_get_selectable_fd(c->p);
    c->anchor_ts_us = clock_us(CLOCK_REALTIME);
    c->anchor_mono_us = clock_us(CLOCK_MONOTONIC);
    while (!stop_requested && !c->done) {
        uint64_t mono, now, due;
        int wait_ms = SD_WAIT_MAX_MS;

        st = pcap_dispatch(c->p, -1, on_packet, (u_char *)c);
        if (st == PCAP_ERROR) {
            fprintf(c->err, "smcdump: %s: capture failed: %s\n", c->name, pcap_reason(c->p));
            return SD_EXIT_INPUT;
        }
        mono = clock_us(CLOCK_MONOTONIC);
        now = live_now(c, mono);
        sd_analyze_clock(c->a, now);
        if (c->rot.active && !rotate_if_due(c, false, (uint64_t)time(NULL)))
            c->dump_failed = true;
        check_drops(c, mono / 1000);
        if (c->hook)
            c->hook(c->hook_ctx, mono / 1000);
        if (st > 0 || st == PCAP_ERROR_BREAK)
            continue;
        due = sd_analyze_next_due(c->a);
        if (due > now && (due - now) / 1000 + 1 < SD_WAIT_MAX_MS)
            wait_ms = (int)((due - now) / 1000 + 1);
        else if (due <= now)
            wait_ms = 0;
        if (fd >= 0) {
            struct pollfd pfd = {fd, POLLIN, 0};
            (void)poll(&pfd, 1, wait_ms);
        } else {
            struct timespec ts = {0, 10 * 1000000L}; /* no selectable fd: a short nap */
            nanosleep(&ts, NULL);
        }
    }
    return SD_EXIT_OK;
}

int sd_capture_run(struct sd_capture *c, struct sd_analyzer *a)
{
    int rc = SD_EXIT_OK, st;

    c->a = a;
    c->plain = !c->live && !c->have_prog && !c->dump && !c->limit;
    running = c->p;
    if (c->live) {
        rc = run_live(c);
        /* the end of a live capture is now, not the last packet */
        sd_analyze_clock(a, live_now(c, clock_us(CLOCK_MONOTONIC)));
    } else {
        st = pcap_loop(c->p, -1, c->plain ? on_packet_plain : on_packet, (u_char *)c);
        if (st == PCAP_ERROR)
            rc = file_damaged(c);
    }
    running = NULL;
    if (c->live)
        live_stats(c);
    if (c->dump_failed ||
        (c->dump && (pcap_dump_flush(c->dump) != 0 || ferror(pcap_dump_file(c->dump))))) {
        fprintf(c->err, "smcdump: writing the -w file failed: %s\n", strerror(errno));
        rc = SD_EXIT_OUTPUT;
    }
    return rc;
}

int sd_capture_list(FILE *out, FILE *err)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    pcap_if_t *all, *d;
    int i = 1;

    if (pcap_findalldevs(&all, errbuf) != 0) {
        fprintf(err, "smcdump: %s\n", errbuf);
        return SD_EXIT_INPUT;
    }
    for (d = all; d; d = d->next, i++) {
        fprintf(out, "%d.%s", i, d->name);
        if (d->description)
            fprintf(out, " (%s)", d->description);
        fprintf(out, " [%s%s%s%s]\n", d->flags & PCAP_IF_UP ? "Up" : "Down",
                d->flags & PCAP_IF_RUNNING ? ", Running" : "",
                d->flags & PCAP_IF_LOOPBACK ? ", Loopback" : "",
                d->flags & PCAP_IF_WIRELESS ? ", Wireless" : "");
    }
    pcap_freealldevs(all);
    return SD_EXIT_OK;
}

void sd_capture_close(struct sd_capture *c)
{
    if (!c)
        return;
    if (c->dump)
        pcap_dump_close(c->dump);
    if (c->own_prog)
        sd_kfilter_free(&c->prog);
    else if (c->have_prog)
        pcap_freecode(&c->prog);
    if (c->p)
        pcap_close(c->p);
    if (!c->keep_rdbuf)
        free(c->rdbuf);
    free(c);
}
