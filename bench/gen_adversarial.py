#!/usr/bin/env python3
"""Write a pcap of N IPv6 SYNs with the SMC option, each a new connection.

    gen_adversarial.py --count N --kind crafted|random OUT.pcap

crafted: client addresses chosen so that every connection had the same 64-bit
         flow hash under smcdump's unkeyed hash before issue 13 (per endpoint
         (x * C1 ^ rotl(y * C2, 31)) + port * C3, x and y the address halves;
         for any y, x = C1^-1 * (T ^ rotl(y * C2, 31)) gives the same value T),
         which made every lookup walk all of them.
random:  client addresses and ports from a seeded PRNG.

Both kinds have the same size, server (2001:db8::1 port 5101), SMC option
and timing (one SYN every 10 us, so none goes idle), so any difference in
smcdump's time is the flow index's.
"""

import argparse
import random
import struct
import sys

M64 = (1 << 64) - 1
C1 = 0x9E3779B97F4A7C15
C2 = 0xC2B2AE3D27D4EB4F
C1_INV = pow(C1, -1, 1 << 64)
TARGET = 0x5EED5EED5EED5EED


def rotl(v, b):
    return ((v << b) | (v >> (64 - b))) & M64


def crafted_addr(i):
    y = (0x20010db8 << 32 | i) & M64
    x = (C1_INV * (TARGET ^ rotl((y * C2) & M64, 31))) & M64
    return struct.pack("<QQ", x, y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000000)
    ap.add_argument("--kind", choices=("crafted", "random"), required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("out")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    server = bytes.fromhex("20010db8000000000000000000000001")
    # TCP: 20-byte header + MSS (4) + SMC option (6) + 2 NOPs = 32 bytes
    tcp_opts = bytes([2, 4, 0x05, 0xA0, 254, 6, 0xE2, 0xD4, 0xC3, 0xD9, 1, 1])
    tcp_len = 20 + len(tcp_opts)
    eth = bytes.fromhex("020000000002" "020000000001" "86dd")
    pkt_len = 14 + 40 + tcp_len
    with open(args.out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(args.count):
            if args.kind == "crafted":
                client, sport = crafted_addr(i), 40000
            else:
                client = bytes.fromhex("20010db8") + rng.getrandbits(96).to_bytes(12, "big")
                sport = rng.randrange(1024, 65536)
            ts = 1700000000 * 1000000 + i * 10
            ip6 = struct.pack("!IHBB", 0x60000000, tcp_len, 6, 64) + client + server
            tcp = struct.pack("!HHIIBBHHH", sport, 5101, i * 7919 & 0xFFFFFFFF, 0,
                              (tcp_len // 4) << 4, 0x02, 65535, 0, 0) + tcp_opts
            f.write(struct.pack("<IIII", ts // 1000000, ts % 1000000, pkt_len, pkt_len))
            f.write(eth + ip6 + tcp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
