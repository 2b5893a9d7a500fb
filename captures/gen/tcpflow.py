"""TCP conversations for the built captures, with ground-truth bookkeeping.

A Capture holds frames in capture order and writes one pcap / pcapng file
plus its truth JSON. A Conn is one TCP connection inside a Capture: it
tracks sequence and acknowledgement numbers, IP IDs, TCP timestamps and
windows the way a Linux peer would produce them, and it records which CLC
messages it carried, in which direction, and in which frame each message
became complete (all of its bytes seen in order).

Timing: the clock starts at 2024-01-01T00:00:00Z and only moves forward by
fixed steps, so every run gives the same bytes.
"""

import hashlib
import ipaddress
import json
import os
import sys

import pcapwrite as pw

START_NS = 1704067200 * 1_000_000_000  # 2024-01-01T00:00:00Z
STEP_US = 120                           # default gap between two frames

# TCP option bytes for the SMC rendezvous (docs/protocol.md "The TCP option"): NOP, NOP, kind 254,
# length 6, ExID E2D4C3D9.
SMC_OPTION = bytes.fromhex("0101fe06e2d4c3d9")


def det(label, nbytes):
    """Deterministic pseudo-random bytes for a label (fixed seed)."""
    out = b""
    i = 0
    while len(out) < nbytes:
        out += hashlib.sha256(("smcclc-captures/%s/%d" % (label, i)).encode()).digest()
        i += 1
    return out[:nbytes]


def det_int(label, nbytes):
    return int.from_bytes(det(label, nbytes), "big")


class Capture:
    def __init__(self, name, linktype=pw.LINKTYPE_ETHERNET, fmt="pcap", snaplen=262144,
                 tsresol=6, description="", generator="", step_us=STEP_US):
        self.name = name
        self.step_us = step_us
        self.linktype = linktype
        self.fmt = fmt
        self.snaplen = snaplen
        self.tsresol = tsresol
        self.description = description
        self.generator = generator
        self.frames = []      # (ts_ns, frame bytes)
        self.conns = []
        self.clock = START_NS
        self.cut_last_record = None   # bytes of the last record kept, if cut
        self.file_override = None     # raw file bytes (bad-header)
        self.notes = []
        self.extra_truth = {}

    # -- time -------------------------------------------------------------
    def tick(self, us):
        self.clock += int(us * 1000)

    def next_connection_time(self):
        """Start each connection on the next whole second."""
        sec = (self.clock - START_NS) // 1_000_000_000 + 1
        if not self.frames:
            sec = 0
        self.clock = START_NS + sec * 1_000_000_000

    # -- frames -----------------------------------------------------------
    def emit(self, frame):
        self.frames.append((self.clock, frame))
        return len(self.frames)

    def caplen_of(self, frame_len):
        return min(frame_len, self.snaplen)

    def conn(self, *args, **kw):
        c = Conn(self, *args, **kw)
        self.conns.append(c)
        return c

    # -- output -----------------------------------------------------------
    def file_bytes(self):
        if self.file_override is not None:
            return self.file_override
        if self.fmt == "pcapng":
            w = pw.PcapngWriter(self.linktype, self.snaplen, self.tsresol)
        else:
            w = pw.PcapWriter(self.linktype, self.snaplen)
        for ts, fr in self.frames:
            w.add(ts, fr)
        data = w.to_bytes()
        if self.cut_last_record is not None:
            # keep the 16-byte record header and only part of its data
            last = w.records[-1]
            full = len(w.record_bytes(last))
            data = data[:len(data) - full + 16 + self.cut_last_record]
        return data

    def truth(self):
        n_frames = len(self.frames)
        readable = n_frames - (1 if self.cut_last_record is not None else 0)
        t = {
            "file": self.name,
            "generator": "captures/gen/mkcaptures.py:" + self.generator,
            "built": True,
            "format": self.fmt,
            "linktype": self.linktype,
            "linktype_name": pw.LINKTYPE_NAMES.get(self.linktype),
            "snaplen": self.snaplen,
            "frames": readable,
            "description": self.description,
        }
        if self.fmt == "pcapng":
            t["if_tsresol"] = self.tsresol
        if self.file_override is not None:
            t.update(format=None, linktype=None, linktype_name=None, snaplen=None)
        t.update(self.extra_truth)
        t["connections"] = [c.truth(i + 1, readable) for i, c in enumerate(self.conns)]
        if self.notes:
            t["notes"] = self.notes
        return t

    def write(self, outdir):
        import os
        with open(os.path.join(outdir, self.name), "wb") as f:
            f.write(self.file_bytes())
        base = self.name.rsplit(".", 1)[0]
        with open(os.path.join(outdir, base + ".truth.json"), "w") as f:
            json.dump(self.truth(), f, indent=2)
            f.write("\n")


HEADER_KEYS = ("frame", "dir", "stream_offset", "type", "path", "version", "length", "typev1", "typev2",
               "first_contact", "chosen", "out_of_sync")


class _Stream:
    """Bytes sent in one direction, seen by the capture."""

    def __init__(self):
        self.seen = []       # (start, end) relative offsets of captured segments
        self.captured = []   # (start, end) of bytes actually present in the file

    @staticmethod
    def _prefix(intervals):
        end = 0
        changed = True
        while changed:
            changed = False
            for a, b in intervals:
                if a <= end < b:
                    end = b
                    changed = True
        return end

    def contiguous(self):
        return self._prefix(self.seen)

    def captured_prefix(self, start, end):
        """How many bytes of [start, end) are present in the file, in order."""
        pos = start
        changed = True
        while changed and pos < end:
            changed = False
            for a, b in self.captured:
                if a <= pos < b:
                    pos = b
                    changed = True
        return min(pos, end) - start


class Conn:
    """One TCP connection. Directions: 'c' = client->server, 's' = server->client."""

    def __init__(self, cap, client_ip, client_port, server_ip, server_port=5107,
                 client_mac="02:00:00:00:00:02", server_mac="02:00:00:00:00:01",
                 vlan_tags=(), ext_headers=(), null_af6=30, label=None, encap=None):
        cap.next_connection_time()
        self.cap = cap
        self.cip = ipaddress.ip_address(client_ip)
        self.sip = ipaddress.ip_address(server_ip)
        self.v6 = self.cip.version == 6
        assert self.sip.version == self.cip.version
        self.port = {"c": client_port, "s": server_port}
        self.ip = {"c": self.cip.packed, "s": self.sip.packed}
        self.mac = {"c": pw.mac_addr(client_mac), "s": pw.mac_addr(server_mac)}
        self.vlan_tags = tuple(vlan_tags)
        self.ext_headers = tuple(ext_headers)
        self.null_af6 = null_af6
        # encap(conn, d, ethernet_frame, ip_packet) -> the frame on the wire (tunnels)
        self.encap = encap
        lab = label or "%s/%d" % (cap.name, client_port)
        self.label = lab
        self.isn = {"c": det_int(lab + "/isn-c", 4), "s": det_int(lab + "/isn-s", 4)}
        self.nxt = {"c": self.isn["c"], "s": self.isn["s"]}
        self.ipid = {"c": det_int(lab + "/ipid-c", 2), "s": det_int(lab + "/ipid-s", 2)}
        self.ts0 = {"c": det_int(lab + "/ts-c", 4) & 0x7FFFFFFF,
                    "s": det_int(lab + "/ts-s", 4) & 0x7FFFFFFF}
        self.t0 = cap.clock
        self.ts_recent = {"c": 0, "s": 0}   # last TSval each side received
        self.stream = {"c": _Stream(), "s": _Stream()}
        self.fin_seen = {"c": False, "s": False}
        self.syn_acked = False
        self.msgs = []
        self.frames = []
        self.syn_option = None
        self.synack_option = None
        self.handshake_captured = False
        self.result = {}

    # -- helpers ----------------------------------------------------------
    @staticmethod
    def peer(d):
        return "s" if d == "c" else "c"

    def tsval(self, d):
        return (self.ts0[d] + (self.cap.clock - self.t0) // 1_000_000) & 0xFFFFFFFF

    def ack_for(self, d):
        """What side d acknowledges: everything of the peer seen in order."""
        p = self.peer(d)
        if d == "c" and not self.syn_acked:
            return 0
        return (self.isn[p] + 1 + self.stream[p].contiguous()
                + (1 if self.fin_seen[p] else 0)) & 0xFFFFFFFF

    def rel(self, d, seq):
        return (seq - self.isn[d] - 1) & 0xFFFFFFFF

    def _ip_packet(self, d, tcp):
        src, dst = self.ip[d], self.ip[self.peer(d)]
        if self.v6:
            return pw.ipv6_packet(src, dst, tcp, ext_headers=self.ext_headers)
        ident = 0 if d == "s" and not self.syn_acked else self.ipid[d]
        self.ipid[d] = (self.ipid[d] + 1) & 0xFFFF
        return pw.ipv4_packet(src, dst, ident, tcp)

    def _link(self, d, ippkt):
        lt = self.cap.linktype
        etype = pw.ETHERTYPE_IPV6 if self.v6 else pw.ETHERTYPE_IPV4
        if lt == pw.LINKTYPE_ETHERNET:
            frame = pw.ethernet_frame(self.mac[self.peer(d)], self.mac[d], etype, ippkt,
                                      self.vlan_tags)
            return self.encap(self, d, frame, ippkt) if self.encap else frame
        if lt == pw.LINKTYPE_LINUX_SLL:
            # captured on the server host: incoming = 0 (host), outgoing = 4
            return pw.sll_frame(0 if d == "c" else 4, 1, self.mac[d], etype, ippkt)
        if lt == pw.LINKTYPE_LINUX_SLL2:
            return pw.sll2_frame(etype, 2, 1, 0 if d == "c" else 4, self.mac[d], ippkt)
        if lt == pw.LINKTYPE_RAW:
            return ippkt
        if lt == pw.LINKTYPE_NULL:
            return pw.null_frame(self.null_af6 if self.v6 else 2, ippkt)
        raise ValueError("link type %d" % lt)

    def segment(self, d, flags, payload=b"", seq=None, options=None, window=None,
                capture=True, gap_us=None):
        """Build and (optionally) capture one segment from side d."""
        if seq is None:
            seq = self.nxt[d]
        ack = self.ack_for(d) if flags & pw.ACK else 0
        if options is None:
            options = [("nop",), ("nop",), ("ts", self.tsval(d), self.ts_recent[d])]
        if window is None:
            window = 502 if d == "c" else 509
        tcp = pw.tcp_segment(self.port[d], self.port[self.peer(d)], seq, ack, flags, window,
                             options, payload,
                             (pw.ip6_pseudo if self.v6 else pw.ip4_pseudo)(
                                 self.ip[d], self.ip[self.peer(d)]))
        frame = self._link(d, self._ip_packet(d, tcp))
        end = seq + len(payload) + (1 if flags & (pw.SYN | pw.FIN) else 0)
        if ((end - self.nxt[d]) & 0xFFFFFFFF) < 0x80000000:
            self.nxt[d] = end & 0xFFFFFFFF
        # the peer receives it (the capture point sits on the path)
        self.ts_recent[self.peer(d)] = self.tsval(d)
        fno = None
        if capture:
            fno = self.cap.emit(frame)
            self.frames.append(fno)
        if payload:
            start = self.rel(d, seq)
            st = self.stream[d]
            st.seen.append((start, start + len(payload)))
            if capture:
                hdr = len(frame) - len(payload)
                cap_pl = max(0, min(len(frame), self.cap.snaplen) - hdr)
                if cap_pl:
                    st.captured.append((start, start + min(cap_pl, len(payload))))
                self._complete(d, fno)
        if flags & pw.FIN:
            self.fin_seen[d] = True
        self.cap.tick(self.cap.step_us if gap_us is None else gap_us)
        return fno

    def _complete(self, d, fno):
        st = self.stream[d]
        done = st.contiguous()
        for m in self.msgs:
            if m["dir"] == d and m["frame"] is None and m["end"] <= done:
                m["frame"] = fno
                m["captured"] = st.captured_prefix(m["start"], m["end"])
                m["truncated"] = m["captured"] < m["end"] - m["start"]

    # -- TCP steps ---------------------------------------------------------
    def _syn_options(self, d, option):
        mss = 1440 if self.v6 else 1460
        opts = [("mss", mss), ("sackok",), ("ts", self.tsval(d), self.ts_recent[d]),
                ("nop",), ("ws", 7)]
        if option:
            opts.append(("raw", SMC_OPTION))
        return opts

    def syn(self, option=True, capture=True):
        self.syn_option = option if capture else None
        self.handshake_captured = capture
        return self.segment("c", pw.SYN, options=self._syn_options("c", option),
                            window=64800 if self.v6 else 64240, capture=capture)

    def synack(self, option=True, capture=True):
        self.synack_option = option if capture else None
        f = self.segment("s", pw.SYN | pw.ACK, options=self._syn_options("s", option),
                         window=64260 if self.v6 else 65160, capture=capture)
        self.syn_acked = True
        return f

    def handshake(self, syn_opt=True, synack_opt=True, capture=True):
        self.syn(syn_opt, capture)
        self.synack(synack_opt, capture)
        return self.ack("c", capture=capture)

    def ack(self, d, capture=True, gap_us=None):
        return self.segment(d, pw.ACK, capture=capture, gap_us=gap_us)

    def send(self, d, payload, seq=None, flags=pw.PSH | pw.ACK, capture=True,
             gap_us=None):
        return self.segment(d, flags, payload, seq=seq, capture=capture, gap_us=gap_us)

    def register(self, d, msg, start=None, expect_frame=True):
        """Record a CLC message that starts at the current stream position."""
        if start is None:
            start = self.rel(d, self.nxt[d])
        m = {"dir": d, "start": start, "end": start + len(msg.data), "frame": None,
             "truth": msg.truth, "truncated": False, "expect_frame": expect_frame}
        self.msgs.append(m)
        return m

    def clc(self, d, msg, split=None, ack=True, gap_us=None):
        """Send a CLC message, optionally split into segments of the given
        sizes (the last piece takes the rest); then the peer ACKs."""
        self.register(d, msg)
        data = msg.data
        pieces = []
        if split:
            pos = 0
            for n in split:
                pieces.append(data[pos:pos + n])
                pos += n
            if pos < len(data):
                pieces.append(data[pos:])
        else:
            pieces = [data]
        for p in pieces:
            self.send(d, p, gap_us=gap_us)
        if ack:
            self.ack(self.peer(d))

    def data(self, d, payload, ack=True):
        self.send(d, payload)
        if ack:
            self.ack(self.peer(d))

    def close(self, first="c", gap_us=1000):
        """Orderly release: FIN from `first`, ACK, FIN from the other, ACK."""
        self.cap.tick(gap_us)
        o = self.peer(first)
        self.segment(first, pw.FIN | pw.ACK)
        self.segment(o, pw.ACK)
        self.segment(o, pw.FIN | pw.ACK)
        self.segment(first, pw.ACK)

    def duplicate(self, fno):
        """Capture an already captured frame a second time, byte for byte
        (what a SPAN port or a bridge capture sometimes gives)."""
        fno2 = self.cap.emit(self.cap.frames[fno - 1][1])
        self.frames.append(fno2)
        self.cap.tick(self.cap.step_us)
        return fno2

    def reset(self, d):
        """Abort from side d (RST|ACK), as after a CLC protocol error."""
        self.segment(d, pw.RST | pw.ACK)

    def finish(self, outcome, reason=None, **extra):
        self.result = {"outcome": outcome, "reason": reason}
        self.result.update(extra)

    # -- truth ---------------------------------------------------------------
    def _addr(self, ip, port):
        return ("[%s]:%d" if ip.version == 6 else "%s:%d") % (ip, port)

    def truth(self, index, readable_frames):
        msgs = []
        lost = []
        for m in self.msgs:
            entry = {"frame": m["frame"], "dir": "c2s" if m["dir"] == "c" else "s2c",
                     "stream_offset": m["start"]}
            entry.update(m["truth"])
            if m["truncated"]:
                # only what the captured prefix shows: header fields (byte 7
                # included) and, from byte 20 on, a Decline's code
                entry = {k: v for k, v in entry.items() if k in HEADER_KEYS
                         or (k in ("code", "code_name") and m["captured"] >= 20)}
                entry["truncated"] = True
                entry["captured_bytes"] = m["captured"]
            if m["frame"] is None or m["frame"] > readable_frames:
                if m["expect_frame"]:
                    lost.append(entry)
                continue
            msgs.append(entry)
        msgs.sort(key=lambda e: e["frame"])
        frames = [f for f in self.frames if f <= readable_frames]
        t = {
            "index": index,
            "client": self._addr(self.cip, self.port["c"]),
            "server": self._addr(self.sip, self.port["s"]),
            "client_ip": str(self.cip),
            "client_port": self.port["c"],
            "server_ip": str(self.sip),
            "server_port": self.port["s"],
            "ip_version": 6 if self.v6 else 4,
            "syn_option": self.syn_option,
            "synack_option": self.synack_option,
            "handshake_captured": self.handshake_captured,
            "first_frame": frames[0] if frames else None,
            "last_frame": frames[-1] if frames else None,
            "messages": msgs,
        }
        if lost:
            t["messages_not_in_file"] = lost
        t.update(self.result)
        declines = [e for e in msgs if e["type"] == "decline"]
        if declines and t.get("outcome") == "fallback":
            t["declined_by"] = "client" if declines[0]["dir"] == "c2s" else "server"
        return t


def write_captures(doc, generators, argv):
    """The main() of a script that builds a fixed list of captures: each
    generator returns a Capture, written under its own name to argv[1]."""
    if len(argv) != 2:
        print(doc.strip(), file=sys.stderr)
        return 2
    os.makedirs(argv[1], exist_ok=True)
    for gen in generators:
        cap = gen()
        with open(os.path.join(argv[1], cap.name), "wb") as f:
            f.write(cap.file_bytes())
        print("%-30s %3d frames" % (cap.name, len(cap.frames)))
    return 0
