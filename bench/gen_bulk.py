#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""gen_bulk: the busy-host variant of a gen_mixed capture, for bench/live.sh.

Copies the first RECORDS records of a classic pcap and puts BULK full-size
TCP data segments (1448 bytes of payload, 1514-byte frames, as an MSS-sized
bulk transfer sends them) after each, on four connections of their own with
consistent sequence numbers. The SMC handshakes of the input stay as they
were; the bulk is what a 10-25 Gb/s host mostly carries and what the default
kernel filter is meant to keep away from smcdump.

usage: gen_bulk.py IN.pcap OUT.pcap [--records N] [--bulk K]
"""

import argparse
import struct

MSS = 1448


def bulk_frame(conn, seq):
    payload = bytes([0x41 + conn]) * MSS
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + 20 + MSS, 0, 0x4000, 64, 6, 0,
                     bytes([198, 51, 100, 10 + conn]), bytes([198, 51, 100, 1]))
    tcp = struct.pack(">HHIIBBHHH", 50000 + conn, 80, seq, 1, 0x50, 0x10, 512, 0, 0)
    eth = b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00"
    return eth + ip + tcp + payload


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--records", type=int, default=250000)
    ap.add_argument("--bulk", type=int, default=3)
    a = ap.parse_args()
    seq = [1000, 2000, 3000, 4000]
    n = 0
    with open(a.src, "rb") as fi, open(a.dst, "wb") as fo:
        head = fi.read(24)
        if head[:4] != b"\xd4\xc3\xb2\xa1":
            raise SystemExit("gen_bulk: %s: not a little-endian microsecond pcap" % a.src)
        fo.write(head)
        while n < a.records:
            rh = fi.read(16)
            if len(rh) < 16:
                break
            sec, usec, caplen, wirelen = struct.unpack("<IIII", rh)
            fo.write(rh + fi.read(caplen))
            n += 1
            for k in range(a.bulk):
                c = (n + k) % 4
                f = bulk_frame(c, seq[c])
                seq[c] = (seq[c] + MSS) & 0xFFFFFFFF
                fo.write(struct.pack("<IIII", sec, usec, len(f), len(f)) + f)


if __name__ == "__main__":
    main()
