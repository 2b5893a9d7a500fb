/*
 * pcap_count: the bare libpcap read loop that smcdump is measured against.
 *
 * It does what any libpcap consumer must do and nothing more: open the file,
 * fetch every record, touch its header, and count. Whatever smcdump spends on
 * top of this is the cost of decoding.
 *
 *   pcap_count FILE             pcap_next_ex() loop (the reference)
 *   pcap_count --loop FILE      pcap_loop() with a callback, for comparison
 *   pcap_count --bigbuf FILE    the file read through a 1 MiB stdio buffer, as
 *                               smcdump reads it (combines with --loop)
 *
 * libpcap reads a file through stdio, whose buffer is st_blksize (4 KiB on
 * ext4): one read(2) per ~40 records. smcdump sets a 1 MiB buffer, which
 * saves system time that has nothing to do with decoding; --bigbuf gives the
 * bare loop the same buffer, so the two can also be compared like for like.
 *
 * Prints: "packets N bytes B wire_bytes W" (B = captured bytes, W = on-wire
 * length sum) on stdout.
 */
#define _DEFAULT_SOURCE /* u_char and friends in pcap.h under -std=c11 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

struct counts {
    uint64_t packets;
    uint64_t bytes;
    uint64_t wire;
    uint8_t sink; /* one payload byte per packet, so the data is really read */
};

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
    struct counts *c = (struct counts *)user;
    c->packets++;
    c->bytes += h->caplen;
    c->wire += h->len;
    if (h->caplen)
        c->sink ^= data[h->caplen - 1];
}

int main(int argc, char **argv)
{
    int use_loop = 0, bigbuf = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--loop"))
            use_loop = 1;
        else if (!strcmp(argv[i], "--bigbuf"))
            bigbuf = 1;
        else if (!path)
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (!path) {
        fprintf(stderr, "usage: pcap_count [--loop] [--bigbuf] FILE\n");
        return 2;
    }

    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p;
    static char buf[1 << 20]; /* smcdump's SD_READ_BUFFER */
    if (bigbuf) {
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "pcap_count: %s: %s\n", path, strerror(errno));
            return 1;
        }
        setvbuf(f, buf, _IOFBF, sizeof(buf));
        p = pcap_fopen_offline(f, err);
        if (!p)
            fclose(f);
    } else {
        p = pcap_open_offline(path, err);
    }
    if (!p) {
        fprintf(stderr, "pcap_count: %s\n", err);
        return 1;
    }

    struct counts c;
    memset(&c, 0, sizeof(c));
    int rc;
    if (use_loop) {
        rc = pcap_loop(p, -1, on_packet, (u_char *)&c);
        if (rc == 0 || rc == PCAP_ERROR_BREAK)
            rc = PCAP_ERROR_BREAK; /* normal end of file */
    } else {
        struct pcap_pkthdr *h;
        const u_char *data;
        while ((rc = pcap_next_ex(p, &h, &data)) == 1)
            on_packet((u_char *)&c, h, data);
    }
    if (rc != PCAP_ERROR_BREAK) {
        fprintf(stderr, "pcap_count: %s: %s\n", path, pcap_geterr(p));
        pcap_close(p);
        return 1;
    }
    pcap_close(p);
    printf("packets %" PRIu64 " bytes %" PRIu64 " wire_bytes %" PRIu64 " (x%02x)\n", c.packets,
           c.bytes, c.wire, c.sink);
    return 0;
}
