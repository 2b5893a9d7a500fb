#!/usr/bin/env python3
"""Rebuild the fuzz seed corpora from the project's captures and vectors.

fuzz_clc gets every CLC vector and every TCP payload in captures/ that
starts with an SMC eyecatcher (one file per segment, prefixed with the
control byte 0xff: "all bytes captured"). fuzz_pcap gets the capture files
themselves. fuzz_plugin_tree gets every CLC vector as one client segment
after an SMC SYN and SYN-ACK, and the payload segments of every connection
that carries CLC (format at the top of tests/fuzz/fuzz_plugin_tree.c).
fuzz_stream gets the TCP segments of the captures' connections,
up to four connections per seed, in the op-code format described at the top
of tests/fuzz/fuzz_stream.c. Run it after adding captures; the output is
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
TARGETS = ("fuzz_clc", "fuzz_pcap", "fuzz_stream", "fuzz_plugin_tree")


def pcapng_records(data):
    """Yield (linktype, frame bytes, time in us) of a pcapng file's enhanced packets."""
    off, end, links = 0, "<", []
    while off + 12 <= len(data):
        btype = struct.unpack(end + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            end = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            links = []
        blen = struct.unpack(end + "I", data[off + 4:off + 8])[0]
        if blen < 12 or off + blen > len(data):
            return
        body = data[off + 8:off + blen - 4]
        if btype == 1 and len(body) >= 2:
            links.append(struct.unpack(end + "H", body[:2])[0])
        elif btype == 6 and len(body) >= 20:
            ifc, hi, lo, incl = struct.unpack(end + "IIII", body[:16])
            if ifc < len(links):
                # the resolution option is ignored: seeds need only the order of times
                yield links[ifc], body[20:20 + incl], (hi << 32 | lo)
        off += blen


def records(path, with_time=False):
    """Yield (linktype, frame bytes) of a pcap or pcapng file; with_time adds us."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        for linktype, frame, ts in pcapng_records(data):
            yield (linktype, frame, ts) if with_time else (linktype, frame)
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        return
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(end + "I", data[20:24])[0] & 0x0FFFFFFF
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl = struct.unpack(end + "III", data[off:off + 12])
        frame = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ts = sec * 1000000 + (frac // 1000 if nano else frac)
        yield (linktype, frame, ts) if with_time else (linktype, frame)


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


def tcp_segment(frame, off):
    """The TCP segment of a frame as a dict, or None (not TCP, or headers cut)."""
    if off is None or off + 20 > len(frame):
        return None
    version = frame[off] >> 4
    if version == 4:
        ihl = (frame[off] & 0x0F) * 4
        if frame[off + 9] != 6 or struct.unpack(">H", frame[off + 6:off + 8])[0] & 0x1FFF:
            return None
        family, src, dst = 4, frame[off + 12:off + 16], frame[off + 16:off + 20]
        ip_end = off + struct.unpack(">H", frame[off + 2:off + 4])[0]
        tcp = off + ihl
    elif version == 6 and off + 40 <= len(frame):
        family, src, dst = 6, frame[off + 8:off + 24], frame[off + 24:off + 40]
        ip_end = off + 40 + struct.unpack(">H", frame[off + 4:off + 6])[0]
        nxt, tcp = frame[off + 6], off + 40
        while nxt in (0, 43, 60) and tcp + 2 <= len(frame):
            nxt, tcp = frame[tcp], tcp + (frame[tcp + 1] + 1) * 8
        if nxt != 6:
            return None
    else:
        return None
    if tcp + 20 > len(frame):
        return None
    sport, dport, seq = struct.unpack(">HHI", frame[tcp:tcp + 8])
    doff = (frame[tcp + 12] >> 4) * 4
    return {
        "family": family, "src": bytes(src), "dst": bytes(dst), "sport": sport,
        "dport": dport, "seq": seq, "flags": frame[tcp + 13],
        "opts": frame[tcp + 20:tcp + doff], "payload": frame[tcp + doff:ip_end],
        "wirelen": max(0, ip_end - tcp - doff),
    }


def stream_ops(conns, header):
    """A fuzz_stream input: up to four connections' segments, interleaved as captured."""
    out = bytearray([header])
    # first sequence number and highest relative byte per (connection, side)
    first, high = {}, {}
    events = sorted((ts, i, c, seg) for c, segs in enumerate(conns) for i, (ts, seg) in
                    enumerate(segs))
    prev_ts = events[0][0] if events else 0
    for ts, _, c, seg in events:
        side = 0 if (seg["src"], seg["sport"]) == conns_key(conns[c])[0] else 1
        syn = seg["flags"] & 0x02 != 0
        key = (c, side)
        if key not in first:
            first[key], high[key] = seg["seq"], 0
        rel = (seg["seq"] - first[key]) & 0xFFFFFFFF
        rel = rel - (1 << 32) if rel >= 1 << 31 else rel
        delta = rel - high[key]
        delta = 0x80 if delta < -127 or delta > 127 else delta & 0xFF
        cap = seg["payload"][:0x7FF]
        wire = min(seg["wirelen"], 0x7FF)
        ext = 0
        opts = b""
        if syn and seg["opts"]:
            ext |= 3
            opts = bytes([min(len(seg["opts"]), 40)]) + seg["opts"][:40]
        cut = len(cap) < wire
        if cut:
            ext |= 0x08
        dt = max(0, ts - prev_ts)
        prev_ts = max(prev_ts, ts)
        step = min(255, round((dt / 128) ** (1 / 3)))
        b0 = side | c << 1 | (0x08 if syn else 0)
        b0 |= (0x10 if seg["flags"] & 0x10 else 0) | (0x20 if seg["flags"] & 0x01 else 0)
        b0 |= 0x40 if seg["flags"] & 0x04 else 0
        if ext:
            out += bytes([b0 | 0x80, ext])
        else:
            out += bytes([b0])
        out += bytes([delta, step, wire & 0xFF, wire >> 8]) + opts
        if cut:
            out += bytes([min(len(cap), 255)])
            cap = cap[:255]
        out += cap
        data_rel = rel + (1 if syn else 0)
        high[key] = max(high[key], data_rel + wire)
    return bytes(out)


def conns_key(segs):
    """The sides of a connection: the sender of its first segment is side 0."""
    seg = segs[0][1]
    return (seg["src"], seg["sport"]), (seg["dst"], seg["dport"])


def connections(path):
    """TCP connections of a capture, as lists of (time, segment), in capture order."""
    found = {}
    for linktype, frame, ts in records(path, with_time=True):
        seg = tcp_segment(frame, ip_offset(linktype, frame))
        if seg is None:
            continue
        key = frozenset([(seg["src"], seg["sport"]), (seg["dst"], seg["dport"])])
        found.setdefault(key, []).append((ts, seg))
    return list(found.values())


def plugin_chunk(payload, s2c):
    """One segment of a fuzz_plugin_tree input."""
    n = min(len(payload), 0x7FF)
    return struct.pack("<H", n | (0x8000 if s2c else 0)) + payload[:n]


def plugin_seed(conn):
    """A fuzz_plugin_tree input for one connection, or None without CLC."""
    client = conns_key(conn)[0]
    syn = [s for _, s in conn if s["flags"] & 0x12 == 0x02]
    synack = [s for _, s in conn if s["flags"] & 0x12 == 0x12]
    has = lambda segs: any(b"\xfe\x06\xe2\xd4\xc3\xd9" in s["opts"] for s in segs)
    flags = 0
    if syn and synack:
        flags = 1 | (0 if has(synack) else 2) | (0 if has(syn) else 8)
    if conn[0][1]["family"] == 6:
        flags |= 4
    out = bytearray([flags])
    clc = False
    for _, s in conn:
        if s["payload"]:
            clc = clc or s["payload"][:4] in EYES
            out += plugin_chunk(s["payload"], (s["src"], s["sport"]) != client)
    return bytes(out) if clc else None


def write_seed(target, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    for target in TARGETS:
        shutil.rmtree(os.path.join(CORPUS, target), ignore_errors=True)
    vectors = os.path.join(TOP, "tests", "vectors", "clc")
    for name in sorted(os.listdir(vectors)):
        if name.endswith(".bin"):
            with open(os.path.join(vectors, name), "rb") as f:
                msg = f.read()
            write_seed("fuzz_clc", b"\xff" + msg)
            # Accept (type 2) goes server to client; the rest as the client's
            write_seed("fuzz_plugin_tree", b"\x01" + plugin_chunk(msg, msg[4:5] == b"\x02"))
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
            conns = connections(path)
            # busy captures: only connections with CLC or the SMC option, four per seed
            if len(conns) > 4:
                conns = [c for c in conns if any(
                    s["payload"][:4] in EYES or b"\xe2\xd4\xc3\xd9" in s["opts"] for _, s in c)]
            for conn in conns:
                seed = plugin_seed(conn)
                if seed is not None and len(seed) <= 16384:
                    write_seed("fuzz_plugin_tree", seed)
            for i in range(0, min(len(conns), 64), 4):
                # 4 flows, default buffer pool; and 1 flow, 1 buffer, sequence wrap-around
                write_seed("fuzz_stream", stream_ops(conns[i:i + 4], 0x13))
                write_seed("fuzz_stream", stream_ops(conns[i:i + 4], 0xE0))
    for target in TARGETS:
        d = os.path.join(CORPUS, target)
        print(target, len(os.listdir(d)) if os.path.isdir(d) else 0, "seeds")


if __name__ == "__main__":
    sys.exit(main())
