#!/usr/bin/env python3
"""Captures of the earlier fuzz findings F0, F2, F3 and F4 (docs/testing.md),
rebuilt as packets so that each is a readable golden test, tcpdump style.

    mkfuzz.py OUTDIR

The findings were raw inputs of fuzz_clc and fuzz_stream (a CLC byte string,
op-code streams of TCP segments), not captures. Each capture here is the same
situation written with the generator of captures/built (captures/gen):
SYNs with the SMC option, then the segments of the raw input, with the same
payload bytes, cuts and sequence gaps. Byte-identical on every run. F1 (a
leak when the plugin registers) and the other build findings have no input
that a capture could carry; README.md says what stands for them.

f0-one-byte-clc.pcap       F0: fuzz_clc read past its 1-byte input (byte 00);
                           here that byte is the client's whole CLC stream,
                           and a second connection sends E2, the first byte
                           of an eyecatcher, and nothing more
f2-uncaptured-payload.pcap F2: a segment whose payload snaplen cut away
                           entirely (no payload byte captured) gave smcdump's
                           reassembly NULL + offset (resent over held bytes)
                           and memcpy from NULL (held out of order)
f3-truncation-marks.pcap   F3: the text output's truncation mark, the line
                           clang refused to build: a header cut below 8 bytes
                           (mark without blank) and a body cut (with blank)
f4-buffered-length.pcap    F4: a CLC length field from a header split over
                           two segments was reported at the wrong byte offset
                           (past the end of the packet): lengths 1280 (> 1024)
                           and 8 (< 12)
differential-late-message-split.pcap
                           F11: after a success, the first part of a message
                           split over two segments ended smcdump's wait for a
                           late Decline as if it were data: a late Decline
                           (conn 1) and an Accept after the Confirm (conn 2,
                           the fuzz input's case) were never decoded
differential-data-after-success.pcap
                           F12: data after a success ends the handshake in
                           smcdump (its wait for a late Decline is over); the
                           plugin went on and decoded a later Decline
"""

import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "captures", "gen"))

import clcbuild as cb  # noqa: E402
import mkcaptures as mk  # noqa: E402
import pcapwrite as pw  # noqa: E402
import tcpflow  # noqa: E402
from tcpflow import Capture  # noqa: E402

C4, S4 = mk.C4, mk.S4
tcpflow.START_NS = 1704067200 * 1_000_000_000  # 2024-01-01T00:00:00Z


class CutCapture(Capture):
    """A capture whose frames can be cut one by one: cut[frame number] is the
    number of bytes of that frame kept (snaplen as a capture on a busy
    host sets it per packet only in effect, but the file format allows it)."""

    def __init__(self, name):
        super().__init__(name)
        self.cut = {}

    def emit_cut(self, keep, fn, *args, **kw):
        """Run fn (a Conn step that emits one frame), keeping `keep` bytes of
        its payload: the frame is cut after its headers plus `keep` bytes."""
        fno = fn(*args, **kw)
        self.cut[fno] = keep
        return fno

    def file_bytes(self):
        w = pw.PcapWriter(self.linktype, self.snaplen)
        for no, (ts, fr) in enumerate(self.frames, 1):
            w.add(ts, fr)
            if no in self.cut:
                ts_, data, wire = w.records[-1]
                # headers: Ethernet 14, IPv4 20, TCP by its data offset
                hdr = 14 + 20 + (fr[14 + 20 + 12] >> 4) * 4
                w.records[-1] = (ts_, data[:hdr + self.cut[no]], wire)
        return w.to_bytes()


def f0_one_byte_clc():
    cap = CutCapture("f0-one-byte-clc.pcap")
    for port, byte in ((46001, b"\x00"), (46002, b"\xe2")):
        c = cap.conn(C4, port, S4)
        c.handshake()
        c.data("c", byte)
        c.close()
    return cap


def f2_uncaptured_payload():
    cap = CutCapture("f2-uncaptured-payload.pcap")
    # regressions/fuzz_stream/uncaptured-payload-resent-null-plus-offset: the
    # Proposal and the Accept cut to 30 bytes, then a client segment that
    # starts 101 bytes back in what was sent and has no byte captured
    c = cap.conn(C4, 46101, S4)
    c.handshake()
    prop = mk.p_r2(c)
    cap.emit_cut(30, c.send, "c", prop.data)
    c.ack("s")
    acc = mk.r_ac(c, cb.ACCEPT)
    cap.emit_cut(30, c.send, "s", acc.data)
    c.ack("c")
    resend = c.nxt["c"] - 101
    cap.emit_cut(0, c.segment, "c", pw.PSH | pw.ACK, prop.data[-101:] + bytes(155),
                 seq=resend & 0xFFFFFFFF)
    c.close()
    # regressions/fuzz_stream/uncaptured-payload-held-memcpy-from-null: the
    # first 24 bytes of a Proposal, then 4 bytes 28 bytes further on (out of
    # order, held for later) of which none was captured
    c = cap.conn(C4, 46102, S4)
    c.handshake()
    prop = mk.p_r2(c)
    start = c.nxt["c"]
    c.send("c", prop.data[:24])
    cap.emit_cut(0, c.segment, "c", pw.PSH | pw.ACK, prop.data[52:56],
                 seq=(start + 52) & 0xFFFFFFFF)
    c.nxt["c"] = (start + 24) & 0xFFFFFFFF
    c.send("c", prop.data[24:])
    c.ack("s")
    c.clc("s", mk.dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"]))
    return cap


def f3_truncation_marks():
    cap = CutCapture("f3-truncation-marks.pcap")
    for port, keep in ((46301, 6), (46302, 40)):
        c = cap.conn(C4, port, S4)
        c.handshake()
        prop = mk.p_r2(c)
        cap.emit_cut(keep, c.send, "c", prop.data)
        c.ack("s")
    return cap


def f4_buffered_length():
    cap = CutCapture("f4-buffered-length.pcap")
    # regressions/fuzz_stream/buffered-length-over-1024-offset-past-packet:
    # eyecatcher and type in one segment, the length field in the next
    for port, length in ((46401, 1280), (46402, 8)):
        c = cap.conn(C4, port, S4)
        c.handshake()
        c.send("c", cb.EYE_R + bytes([cb.PROPOSAL]))
        c.ack("s")
        c.send("c", struct.pack(">HB", length, 0x20))
        c.ack("s")
    return cap


def f11_late_message_split():
    cap = CutCapture("differential-late-message-split.pcap")
    # conn 1: the RoCE link never comes up and the server declines TIMEOUT_CL
    # 3 s after the Confirm (as captures/built/late-decline.pcap), in two
    # segments; conn 2: regressions/fuzz_differential/
    # late-accept-split-after-confirm, an Accept from the server after the
    # Confirm, in two segments
    for port, late in ((46501, "decline"), (46502, "accept")):
        c = cap.conn(C4, port, S4)
        mk.smcr_v2_success(c)
        cap.tick(3_000_000)
        if late == "decline":
            c.clc("s", mk.dec(c, "s", cb.CODE_BY_NAME["TIMEOUT_CL"]), split=[10])
        else:
            c.clc("s", mk.r_ac(c, cb.ACCEPT), split=[30])
        c.close()
    return cap


def f12_data_after_success():
    cap = CutCapture("differential-data-after-success.pcap")
    # regressions/fuzz_differential/data-after-success-ends-plugin-handshake:
    # the client sends data after its Confirm, then the server a Decline,
    # which the handshake no longer takes
    c = cap.conn(C4, 46601, S4)
    mk.smcr_v2_success(c)
    c.data("c", bytes(range(64)))
    c.clc("s", mk.dec(c, "s", cb.CODE_BY_NAME["TIMEOUT_CL"]))
    c.close()
    return cap


GENERATORS = (f0_one_byte_clc, f2_uncaptured_payload, f3_truncation_marks, f4_buffered_length,
              f11_late_message_split, f12_data_after_success)


def main(argv):
    return tcpflow.write_captures(__doc__, GENERATORS, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
