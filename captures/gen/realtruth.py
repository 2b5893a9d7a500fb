#!/usr/bin/env python3
"""Truth files for the recorded captures (captures/real/NAME.truth.json).

The built captures get their truth from the generator that wrote them. A
recorded capture has no generator, so this script reads it with a decoder of
its own, independent of the project's C code: classic pcap (Ethernet, Linux
cooked v1/v2, raw IP, BSD loopback), IPv4/IPv6 (extension headers skipped),
TCP with per-direction reassembly by sequence number, and the CLC header and
the few key fields of each message at the offsets of docs/protocol.md (clcbuild.py
builds the same layouts). It writes the same format as the built truth
files (captures/README.md, "Truth files"), so every checker that reads one
reads the other.

usage: realtruth.py [--check] CAPTURE...
       realtruth.py -o OUT.truth.json CAPTURE
  writes CAPTURE's .truth.json beside it (or to OUT); --check compares
  instead and exits 1 when a file would change (its description aside) or is
  missing. bench/check_truth.py reads OUT to check a gen_mixed truth file.

The outcome follows the rules every decoder must agree on: no SMC option on
the SYN -> not SMC (outcome null); on the SYN but not the SYN-ACK -> fallback
PEERNOSMC; a Decline -> fallback with its code; Proposal, Accept and Confirm
-> smc-r or smc-d by the Confirm's chosen type; anything else incomplete.
"""

import ipaddress
import json
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clcbuild as cb  # noqa: E402  (names and numbers of docs/protocol.md, not code to test)
import pcapwrite as pw  # noqa: E402

EYES = {cb.EYE_R: "R", cb.EYE_D: "D"}
TCP_SYN, TCP_RST, TCP_FIN, TCP_ACK = 0x02, 0x04, 0x01, 0x10


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise SystemExit("%s: not a classic pcap file" % path)
    snaplen, linktype = struct.unpack(e + "II", data[16:24])
    recs = []
    off = 24
    while off + 16 <= len(data):
        _, _, cap, wire = struct.unpack(e + "IIII", data[off:off + 16])
        if off + 16 + cap > len(data):
            break
        recs.append((data[off + 16:off + 16 + cap], wire))
        off += 16 + cap
    return linktype & 0xFFFF, snaplen, recs


def l3_of(linktype, fr):
    """(ethertype-like IP version 4/6 or None, offset of the IP header)."""
    if linktype == pw.LINKTYPE_ETHERNET:
        et, off = fr[12:14], 14
        while et in (b"\x81\x00", b"\x88\xa8"):
            et, off = fr[off + 2:off + 4], off + 4
    elif linktype == pw.LINKTYPE_LINUX_SLL:
        et, off = fr[14:16], 16
    elif linktype == pw.LINKTYPE_LINUX_SLL2:
        et, off = fr[0:2], 20
    elif linktype == pw.LINKTYPE_RAW:
        v = fr[0] >> 4 if fr else 0
        return (v if v in (4, 6) else None), 0
    elif linktype == pw.LINKTYPE_NULL:
        af = struct.unpack("<I", fr[0:4])[0] if len(fr) >= 4 else 0
        return (4 if af == 2 else 6 if af in (10, 24, 28, 30) else None), 4
    else:
        return None, 0
    return {b"\x08\x00": 4, b"\x86\xdd": 6}.get(et), off


def tcp_of(linktype, fr):
    v, off = l3_of(linktype, fr)
    if v == 4 and len(fr) >= off + 20:
        ihl = (fr[off] & 15) * 4
        if fr[off + 9] != 6 or struct.unpack(">H", fr[off + 6:off + 8])[0] & 0x1FFF:
            return None
        tot = struct.unpack(">H", fr[off + 2:off + 4])[0]
        src = ipaddress.IPv4Address(fr[off + 12:off + 16])
        dst = ipaddress.IPv4Address(fr[off + 16:off + 20])
        l4, end = off + ihl, off + tot
    elif v == 6 and len(fr) >= off + 40:
        nxt = fr[off + 6]
        plen = struct.unpack(">H", fr[off + 4:off + 6])[0]
        src = ipaddress.IPv6Address(fr[off + 8:off + 24])
        dst = ipaddress.IPv6Address(fr[off + 24:off + 40])
        l4, end = off + 40, off + 40 + plen
        while nxt in (0, 43, 60) and l4 + 2 <= len(fr):
            nxt, l4 = fr[l4], l4 + (fr[l4 + 1] + 1) * 8
        if nxt != 6:
            return None
    else:
        return None
    if len(fr) < l4 + 20:
        return None
    sp, dp, seq = struct.unpack(">HHI", fr[l4:l4 + 8])
    doff = (fr[l4 + 12] >> 4) * 4
    return {"src": (src, sp), "dst": (dst, dp), "seq": seq, "flags": fr[l4 + 13],
            "opts": fr[l4 + 20:l4 + doff], "payload": fr[l4 + doff:min(end, len(fr))],
            "v": v}


def smc_option(opts):
    i = 0
    while i < len(opts):
        k = opts[i]
        if k == 0:
            break
        if k == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        ln = opts[i + 1]
        if k == 254 and ln >= 6 and opts[i + 2:i + 6] == cb.EYE_R:
            return True
        i += ln
    return False


def u16(b, o):
    return struct.unpack(">H", b[o:o + 2])[0]


def message_truth(m):
    """The key fields of one whole message, in the truth file's words."""
    t = {"type": cb.TYPE_NAMES.get(m[4], m[4]), "path": EYES[m[:4]],
         "version": m[7] >> 4, "length": u16(m, 5)}
    b7 = m[7]
    if m[4] == cb.PROPOSAL:
        t["typev1"] = cb.TYPE_LETTER[b7 & 3]
        t["typev2"] = cb.TYPE_LETTER[(b7 >> 2) & 3] if t["version"] >= 2 else None
        if t["version"] >= 2 and (b7 >> 2) & 3 != cb.N and len(m) >= 52:
            ext = 52 + u16(m, 50)          # v2_ext_offset counts from the end of its field
            if ext + 4 <= len(m) - 4:
                t["release"] = m[ext + 3] >> 4
    elif m[4] in (cb.ACCEPT, cb.CONFIRM):
        t["first_contact"] = bool(b7 & 0x08)
        t["chosen"] = cb.TYPE_LETTER[b7 & 3]
        fce = 104 if t["path"] == "R" else 74
        if t["version"] >= 2 and b7 & 0x08 and len(m) >= fce + 36 + 4:
            t["release"] = m[fce + 1] & 0x0F
    elif m[4] == cb.DECLINE and len(m) >= 20:
        code = struct.unpack(">I", m[16:20])[0]
        t["code"] = cb.code_hex(code)
        t["code_name"] = cb.DECLINE_NAME.get(code)
        t["out_of_sync"] = bool(b7 & 0x08)
    return t


class Dir:
    def __init__(self):
        self.nxt = None       # relative sequence of the next byte to frame
        self.isn = None
        self.buf = b""        # bytes from nxt on, in order
        self.held = {}        # out-of-order segments: rel seq -> bytes
        self.done = False
        self.after_final = False  # Accept/Confirm sent: only a Decline may follow


class Conn:
    def __init__(self, client, server, syn_opt, frame, v):
        self.client, self.server, self.v = client, server, v
        self.syn_option = syn_opt
        self.synack_option = None
        self.d = {"c2s": Dir(), "s2c": Dir()}
        self.msgs = []
        self.frames = [frame]
        self.closed = False

    def dirs_done(self):
        for d in self.d.values():
            d.done = True


def feed(c, dname, seq, payload, frame):
    d = c.d[dname]
    if d.done or d.isn is None or not payload:
        return
    rel = (seq - d.isn - 1) & 0xFFFFFFFF
    if rel >= 0x80000000:
        return
    if rel < d.nxt:
        payload = payload[d.nxt - rel:]
        rel = d.nxt
        if not payload:
            return
    if rel > d.nxt:
        d.held.setdefault(rel, payload)
        return
    d.buf += payload
    d.nxt += len(payload)
    while True:
        ready = [r for r in d.held if r <= d.nxt]
        if not ready:
            break
        r = min(ready)
        p = d.held.pop(r)
        if r + len(p) > d.nxt:
            d.buf += p[d.nxt - r:]
            d.nxt = r + len(p)
    start = d.nxt - len(d.buf)
    while not d.done and len(d.buf) >= 8:
        if d.buf[:4] not in EYES or d.buf[4] not in cb.TYPE_NAMES or u16(d.buf, 5) < 12:
            d.done = True
            break
        if d.after_final and d.buf[4] != cb.DECLINE:
            d.done = True
            break
        ln = u16(d.buf, 5)
        if len(d.buf) < ln:
            break
        m, d.buf = d.buf[:ln], d.buf[ln:]
        t = {"frame": frame, "dir": dname, "stream_offset": start}
        t.update(message_truth(m))
        c.msgs.append(t)
        start += ln
        if m[4] == cb.DECLINE:
            c.dirs_done()
        elif m[4] in (cb.ACCEPT, cb.CONFIRM):
            d.after_final = True


def addr(ep):
    ip, port = ep
    return ("[%s]:%d" if ip.version == 6 else "%s:%d") % (ip, port)


def verdict(c):
    if not c.syn_option:
        return {"outcome": None, "reason": None}
    if c.synack_option is False:
        return {"outcome": "fallback", "reason": "PEERNOSMC"}
    decl = [m for m in c.msgs if m["type"] == "decline"]
    if decl:
        code = int(decl[0]["code"], 16)
        return {"outcome": "fallback", "reason": cb.DECLINE_NAME.get(code, decl[0]["code"]),
                "declined_by": "client" if decl[0]["dir"] == "c2s" else "server"}
    types = [m["type"] for m in c.msgs]
    if all(t in types for t in ("proposal", "accept", "confirm")):
        conf = [m for m in c.msgs if m["type"] == "confirm"][0]
        return {"outcome": "smc-d" if conf["chosen"] == "D" else "smc-r", "reason": None}
    return {"outcome": "incomplete", "reason": None}


def descriptions(readme):
    """'what it shows' of each file in the real-captures table of captures/README.md."""
    out = {}
    try:
        text = open(readme).read()
    except OSError:
        return out
    for line in text.splitlines():
        m = re.match(r"\|\s*`([^`]+\.pcap(?:ng)?)`\s*\|(.*)\|\s*$", line)
        if m:
            cells = [x.strip() for x in m.group(2).split("|")]
            out.setdefault(m.group(1), cells[-1])
    return out


def truth_of(path):
    linktype, snaplen, recs = read_pcap(path)
    conns, order = {}, []
    for n, (fr, _wire) in enumerate(recs, 1):
        s = tcp_of(linktype, fr)
        if s is None:
            continue
        a, b = s["src"], s["dst"]
        fl = s["flags"]
        if fl & TCP_SYN and not fl & TCP_ACK:
            old = conns.get((a, b))
            if old is None or old.closed or old.d["c2s"].isn != s["seq"]:
                c = Conn(a, b, smc_option(s["opts"]), n, s["v"])
                c.d["c2s"].isn, c.d["c2s"].nxt = s["seq"], 0
                conns[(a, b)] = c
                conns.pop((b, a), None)
                order.append(c)
            else:
                old.frames.append(n)
            continue
        c = conns.get((b, a)) if (b, a) in conns else conns.get((a, b))
        if c is None:
            continue
        dname = "c2s" if (a, b) == (c.client, c.server) else "s2c"
        c.frames.append(n)
        if fl & TCP_SYN:
            c.synack_option = smc_option(s["opts"])
            c.d["s2c"].isn, c.d["s2c"].nxt = s["seq"], 0
            continue
        if c.syn_option and c.synack_option:
            feed(c, dname, s["seq"], s["payload"], n)
        if fl & (TCP_FIN | TCP_RST):
            c.closed = True
    name = os.path.basename(path)
    desc = descriptions(os.path.join(os.path.dirname(os.path.abspath(path)), "..", "README.md"))
    t = {
        "file": name,
        "generator": "captures/gen/realtruth.py",
        "built": False,
        "format": "pcap",
        "linktype": linktype,
        "linktype_name": pw.LINKTYPE_NAMES.get(linktype),
        "snaplen": snaplen,
        "frames": len(recs),
        "description": desc.get(name, ""),
        "connections": [],
    }
    for i, c in enumerate(order, 1):
        conn = {
            "index": i, "client": addr(c.client), "server": addr(c.server),
            "client_ip": str(c.client[0]), "client_port": c.client[1],
            "server_ip": str(c.server[0]), "server_port": c.server[1],
            "ip_version": c.v, "syn_option": c.syn_option,
            "synack_option": c.synack_option,
            "handshake_captured": c.synack_option is not None,
            "first_frame": c.frames[0], "last_frame": c.frames[-1],
            "messages": sorted(c.msgs, key=lambda m: m["frame"]),
        }
        conn.update(verdict(c))
        if conn.get("declined_by") is None:
            conn.pop("declined_by", None)
        t["connections"].append(conn)
    return t


def main(argv):
    check = "--check" in argv
    args = [a for a in argv[1:] if a != "--check"]
    out_to = None
    if args[:1] == ["-o"] and len(args) == 3 and not check:
        out_to, args = args[1], args[2:]
    paths = args
    if not paths or "-o" in paths:
        print(__doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    stale = 0
    for p in paths:
        out = out_to or re.sub(r"\.pcap(ng)?$", "", p) + ".truth.json"
        truth = truth_of(p)
        text = json.dumps(truth, indent=2) + "\n"
        if check:
            # The description is README prose, copied for convenience: editing the
            # README does not make a truth file wrong.
            try:
                with open(out) as f:
                    have = json.load(f)
                have.pop("description", None)
                truth.pop("description", None)
                same = have == truth
            except (OSError, ValueError):
                same = False
            if not same:
                print("%s: out of date (run captures/gen/realtruth.py %s)" % (out, p))
                stale += 1
        else:
            with open(out, "w") as f:
                f.write(text)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
