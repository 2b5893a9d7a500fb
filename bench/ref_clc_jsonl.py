#!/usr/bin/env python3
"""Slow, independent reference: pcap -> the JSON Lines records check_truth.py reads.

usage: ref_clc_jsonl.py FILE.pcap > out.jsonl

It exists to validate gen_mixed's truth files (and check_truth.py) without
smcdump: it follows docs/protocol.md's rules, not the generator's code. Classic pcap,
Ethernet (optionally one 802.1Q tag), IPv4/IPv6, TCP. Per connection:

  * a handshake exists when the SYN carries kind 254 / ExID E2D4C3D9 (1.2);
  * no option on the SYN-ACK -> fallback PEERNOSMC, no CLC parsing;
  * otherwise each direction is reassembled by sequence number (duplicates
    and retransmissions trimmed) and cut into CLC messages by the length
    field (2.1), until a Decline;
  * outcome at FIN/RST/end of file: Decline -> fallback(reason), Proposal +
    Accept + Confirm -> smc-r/smc-d by the Confirm's type bits, else
    incomplete.

Pure Python: about a minute per million packets. Use it on small files.
"""

import json
import struct
import sys

DECL = {
    0x01010000: "MEM", 0x02010000: "TIMEOUT_CL", 0x02020000: "TIMEOUT_AL",
    0x03000000: "CNFERR", 0x03010000: "PEERNOSMC", 0x03020000: "IPSEC",
    0x03030000: "NOSMCDEV", 0x03030001: "NOSMCDDEV", 0x03030002: "NOSMCRDEV",
    0x03030003: "NOISM2SUPP", 0x03030004: "NOV2EXT", 0x03030005: "NOV2DEXT",
    0x03030006: "NOSEID", 0x03030007: "NOSMCD2DEV", 0x03030008: "NOUEID",
    0x03030009: "RELEASEERR", 0x0303000A: "MAXCONNERR", 0x0303000B: "MAXLINKERR",
    0x03040000: "MODEUNSUPP", 0x03050000: "RMBE_EC", 0x03060000: "OPTUNSUPP",
    0x03070000: "DIFFPREFIX", 0x03080000: "GETVLANERR", 0x03090000: "ISMVLANERR",
    0x030A0000: "NOACTLINK", 0x030B0000: "NOSRVLINK", 0x030C0000: "VERSMISMAT",
    0x030D0000: "MAX_DMB", 0x030E0000: "NOROUTE", 0x030F0000: "NOINDIRECT",
    0x04000000: "SYNCERR", 0x05000000: "PEERDECL", 0x09990000: "INTERR",
    0x09990001: "ERR_RTOK", 0x09990002: "ERR_RDYLNK", 0x09990003: "ERR_REGBUF",
}
TYPES = {1: "proposal", 2: "accept", 3: "confirm", 4: "decline"}
EYES = (b"\xe2\xd4\xc3\xd9", b"\xe2\xd4\xc3\xc4")


def smc_option(opts):
    i = 0
    while i < len(opts):
        k = opts[i]
        if k == 0:
            break
        if k == 1:
            i += 1
            continue
        if i + 1 >= len(opts):
            break
        ln = opts[i + 1]
        if ln < 2 or i + ln > len(opts):
            break
        if k == 254 and ln >= 6 and ln % 2 == 0 and opts[i + 2:i + 6] == EYES[0]:
            return True
        i += ln
    return False


class Dir:
    __slots__ = ("nxt", "buf", "done")

    def __init__(self):
        self.nxt = None
        self.buf = b""
        self.done = False


class Conn:
    __slots__ = ("key", "syn_opt", "synack_opt", "d", "msgs", "decline", "closed")

    def __init__(self, key, syn_opt):
        self.key = key
        self.syn_opt = syn_opt
        self.synack_opt = None
        self.d = (Dir(), Dir())
        self.msgs = []
        self.decline = None
        self.closed = False


def out(rec):
    sys.stdout.write(json.dumps(rec) + "\n")


def feed(c, di, seq, payload):
    d = c.d[di]
    if d.done or not payload:
        return
    if d.nxt is None:
        return
    delta = (seq - d.nxt) & 0xFFFFFFFF
    if delta >= 0x80000000:  # starts before what we have: trim the old part
        old = (d.nxt - seq) & 0xFFFFFFFF
        if old >= len(payload):
            return
        payload = payload[old:]
    elif delta:  # gap; the generator never makes one
        d.done = True
        return
    d.nxt = (d.nxt + len(payload)) & 0xFFFFFFFF
    d.buf += payload
    while len(d.buf) >= 8 and not d.done:
        if d.buf[:4] not in EYES or d.buf[4] not in TYPES:
            d.done = True
            break
        ln = struct.unpack(">H", d.buf[5:7])[0]
        if ln < 12:
            d.done = True
            break
        if len(d.buf) < ln:
            break
        m, d.buf = d.buf[:ln], d.buf[ln:]
        t = TYPES[m[4]]
        c.msgs.append((t, m))
        out({"event": "clc", "type": t, "length": ln, "dir": "c2s" if di == 0 else "s2c"})
        if t == "decline":
            c.decline = struct.unpack(">I", m[16:20])[0] if ln >= 20 else 0
            c.d[0].done = c.d[1].done = True


def finish(c):
    if c.closed:
        return
    c.closed = True
    if not c.syn_opt:
        return
    reason = ""
    if c.synack_opt is False:
        outcome, reason = "fallback", "PEERNOSMC"
    elif c.decline is not None:
        outcome, reason = "fallback", DECL.get(c.decline, f"0x{c.decline:08x}")
    else:
        types = [t for t, _ in c.msgs]
        if "proposal" in types and "accept" in types and "confirm" in types:
            conf = [m for t, m in c.msgs if t == "confirm"][0]
            outcome = "smc-d" if conf[7] & 3 == 1 else "smc-r"
        else:
            outcome = "incomplete"
    rec = {"event": "handshake", "outcome": outcome}
    if reason:
        rec["reason"] = reason
    out(rec)


def main():
    if len(sys.argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        print("ref_clc_jsonl: not a classic pcap file", file=sys.stderr)
        return 2
    if struct.unpack(e + "I", data[20:24])[0] != 1:
        print("ref_clc_jsonl: link type is not Ethernet", file=sys.stderr)
        return 2
    conns = {}
    off, n = 24, 0
    rh = struct.Struct(e + "IIII")
    while off + 16 <= len(data):
        _, _, cap, _ = rh.unpack_from(data, off)
        fr = data[off + 16:off + 16 + cap]
        off += 16 + cap
        n += 1
        et = fr[12:14]
        l3 = 14
        if et == b"\x81\x00":
            et, l3 = fr[16:18], 18
        if et == b"\x08\x00":
            if fr[l3 + 9] != 6:
                continue
            ihl = (fr[l3] & 15) * 4
            tot = struct.unpack(">H", fr[l3 + 2:l3 + 4])[0]
            src, dst = fr[l3 + 12:l3 + 16], fr[l3 + 16:l3 + 20]
            l4, end = l3 + ihl, l3 + tot
        elif et == b"\x86\xdd":
            if fr[l3 + 6] != 6:
                continue
            plen = struct.unpack(">H", fr[l3 + 4:l3 + 6])[0]
            src, dst = fr[l3 + 8:l3 + 24], fr[l3 + 24:l3 + 40]
            l4, end = l3 + 40, l3 + 40 + plen
        else:
            continue
        sp, dp, seq = struct.unpack(">HHI", fr[l4:l4 + 8])
        doff = (fr[l4 + 12] >> 4) * 4
        fl = fr[l4 + 13]
        payload = fr[l4 + doff:end]
        a, b = (src, sp), (dst, dp)
        if fl & 0x02:  # SYN or SYN-ACK
            opt = smc_option(fr[l4 + 20:l4 + doff])
            if not fl & 0x10:
                old = conns.pop((a, b), None)
                if old:
                    finish(old)
                c = Conn((a, b), opt)
                c.d[0].nxt = (seq + 1) & 0xFFFFFFFF
                conns[(a, b)] = c
            else:
                c = conns.get((b, a))
                if c:
                    c.synack_opt = opt
                    c.d[1].nxt = (seq + 1) & 0xFFFFFFFF
            continue
        if (a, b) in conns:
            c, di = conns[(a, b)], 0
        elif (b, a) in conns:
            c, di = conns[(b, a)], 1
        else:
            continue
        if c.syn_opt and c.synack_opt:
            feed(c, di, seq, payload)
        if fl & 0x05:  # FIN or RST ends the handshake's story
            finish(c)
            if fl & 0x04:
                del conns[c.key]
    for c in conns.values():
        finish(c)
    print(f"ref_clc_jsonl: {n} packets", file=sys.stderr)
    out({"event": "stats", "counters": {"packets": n}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
