#!/usr/bin/env python3
"""Copy a classic Ethernet/IPv4 pcap with one TCP server port moved to 80.

Usage: port80.py IN.pcap OUT.pcap FROM_PORT

The plugin must find CLC on ports that another dissector owns (HTTP on 80)
with Wireshark's default preferences; no capture in captures/ uses such a
port, so the test makes one from a real recording. TCP checksums are
recomputed so that the copy stays a faithful capture.
"""
import struct
import sys


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def rewrite(frame, old, new):
    # Ethernet II, IPv4, TCP only: enough for the recordings this is used on.
    if len(frame) < 34 or frame[12:14] != b"\x08\x00":
        return frame
    ihl = (frame[14] & 0x0F) * 4
    if frame[23] != 6:
        return frame
    ip_end = 14 + struct.unpack("!H", frame[16:18])[0]
    t = 14 + ihl
    if len(frame) < ip_end or ip_end - t < 20:
        return frame
    f = bytearray(frame)
    sport, dport = struct.unpack("!HH", f[t:t + 4])
    if old not in (sport, dport):
        return frame
    sport = new if sport == old else sport
    dport = new if dport == old else dport
    f[t:t + 4] = struct.pack("!HH", sport, dport)
    f[t + 16:t + 18] = b"\0\0"
    pseudo = bytes(f[26:34]) + struct.pack("!BBH", 0, 6, ip_end - t)
    f[t + 16:t + 18] = struct.pack("!H", csum(pseudo + bytes(f[t:ip_end])))
    return bytes(f)


def main():
    src, dst, old = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(src, "rb") as fh:
        data = fh.read()
    if struct.unpack("<I", data[:4])[0] != 0xA1B2C3D4:
        sys.exit("port80.py: only little-endian microsecond pcap is supported")
    out = bytearray(data[:24])
    off = 24
    while off + 16 <= len(data):
        hdr = data[off:off + 16]
        incl = struct.unpack("<I", hdr[8:12])[0]
        frame = data[off + 16:off + 16 + incl]
        out += hdr + rewrite(frame, old, 80)
        off += 16 + incl
    with open(dst, "wb") as fh:
        fh.write(out)


if __name__ == "__main__":
    main()
