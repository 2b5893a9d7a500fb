#!/usr/bin/env python3
"""Rebuild the fuzz seed corpora from the project's captures and vectors.

fuzz_clc gets every CLC vector and every TCP payload in captures/ that
starts with an SMC eyecatcher (one file per segment, prefixed with the
control byte 0xff: "all bytes captured"). Capture-level targets get the
capture files themselves. Run it after adding captures; the output is
committed so CI replays the same seeds.
"""
import hashlib
import os
import shutil
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(TOP, "tests", "fuzz", "corpus")
EYES = (b"\xe2\xd4\xc3\xd9", b"\xe2\xd4\xc3\xc4")


def records(path):
    """Yield (linktype, frame bytes) of a classic pcap file; pcapng is skipped."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        return
    linktype = struct.unpack(end + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(end + "I", data[off + 8:off + 12])[0]
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        yield linktype, frame


def ip_offset(linktype, frame):
    if linktype == 1:  # Ethernet, with any number of VLAN tags
        off, etype = 12, None
        while off + 2 <= len(frame):
            etype = struct.unpack(">H", frame[off:off + 2])[0]
            if etype in (0x8100, 0x88A8, 0x9100):
                off += 4
                continue
            return off + 2
        return None
    if linktype == 113:
        return 16
    if linktype == 276:
        return 20
    if linktype in (101, 228, 229, 12, 14):
        return 0
    if linktype in (0, 108):
        return 4
    return None


def tcp_payload(frame, off):
    if off is None or off >= len(frame):
        return None
    version = frame[off] >> 4
    if version == 4:
        ihl = (frame[off] & 0x0F) * 4
        if frame[off + 9:off + 10] != b"\x06":
            return None
        tcp = off + ihl
    elif version == 6:
        nxt, tcp = frame[off + 6], off + 40
        while nxt in (0, 43, 60) and tcp + 2 <= len(frame):
            nxt, tcp = frame[tcp], tcp + (frame[tcp + 1] + 1) * 8
        if nxt != 6:
            return None
    else:
        return None
    if tcp + 13 > len(frame):
        return None
    return frame[tcp + (frame[tcp + 12] >> 4) * 4:]


def write_seed(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    for target in ("fuzz_clc", "fuzz_pcap"):
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
    vectors = os.path.join(TOP, "tests", "vectors", "clc")
    for name in sorted(os.listdir(vectors)):
        if name.endswith(".bin"):
            with open(os.path.join(vectors, name), "rb") as f:
                write_seed("fuzz_clc", b"\xff" + f.read())
    for sub in ("real", "built"):
        d = os.path.join(TOP, "captures", sub)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if not name.endswith((".pcap", ".pcapng")):
                continue
            with open(path, "rb") as f:
                raw = f.read()
            if len(raw) <= 64 * 1024:
                write_seed("fuzz_pcap", raw)
            for linktype, frame in records(path):
                payload = tcp_payload(frame, ip_offset(linktype, frame))
                if payload and payload[:4] in EYES:
                    write_seed("fuzz_clc", b"\xff" + payload)
    for target in ("fuzz_clc", "fuzz_pcap"):
        d = os.path.join(CORPUS, target)
        print(target, len(os.listdir(d)) if os.path.isdir(d) else 0, "seeds")


if __name__ == "__main__":
    sys.exit(main())
