#!/usr/bin/env python3
"""Small captures of hostile or odd input, each a regression test (issue 13).

    mkhostile.py OUTDIR

Built with captures/gen (the same TCP and CLC builders as captures/built),
byte-identical on every run. Each file holds one finding; its expected
smcdump output sits in tests/golden/expected and its line in TESTLIST:

time-after-2038.pcap      classic pcap, unsigned 32-bit seconds: a handshake in
                          2040 and a Decline in 2106 (libpcap hands these to
                          smcdump sign-extended: it printed the year 586 457)
time-pcapng-ms-30000.pcapng
                          pcapng, if_tsresol 3 (milliseconds), a handshake in
                          the year 30 000 (JSON: ISO 8601 expanded year)
time-future-packet.pcap   one packet of another connection stamped 2100 between
                          two handshakes of 2024: the clock jumps, then steps
                          back with the next two packets, and the second
                          handshake's success timer still fires (before, the
                          clock stayed in 2100 and no timer fired again)
kuznetzov-damaged.pcap    modified pcap (magic a1b2cd34, 24-byte record headers)
                          whose last record is cut: the damage is reported at
                          that record's offset
syn-option-len01.pcap     SYNs with a kind-254 option of length 0 and of length 1
clc-header-cut.pcap       snaplen leaves 6 bytes of a Proposal: a cut header
eid-escapes.pcap          EIDs with a quote, a backslash, a control byte and a
                          byte above 0x7f (an eid_charset anomaly): text
                          escapes them with a backslash and as hex (x01),
                          JSON with a backslash and as code points (u0001)
window-overrun.pcap       a Proposal and 1144 more bytes in one 1200-byte segment
                          that starts 100 bytes into the stream: out of order
                          it fills the 1024-byte reassembly window, the rest is
                          dropped; then the first 100 bytes; and the same
                          segment in order after them
release-unknown.pcap      an SMC-Rv2 handshake at release 3, which no table
                          names: the verdict, JSON, --compare and --expect
                          give the number
unknown-codes.pcap        Declines with 17 codes Linux does not define, one more
                          than --stats counts one by one: the last is "other"
resolve-localhost.pcap    a Decline on 127.0.0.1, for name resolution without -n
                          (tests/smcdump/cli_test.sh: /etc/hosts names it localhost)
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


def at(seconds):
    """Start the next capture's clock at this many seconds after 1970."""
    tcpflow.START_NS = seconds * 1_000_000_000


def time_after_2038():
    at(2208988800)  # 2040-01-01T00:00:00Z
    cap = Capture("time-after-2038.pcap")
    mk.conv_smcr_v2(cap.conn(C4, 45001, S4))
    at(0xFFFFFF00)  # 2106-02-07T06:24:00Z, 255 s before the end of 32-bit seconds
    cap.clock = tcpflow.START_NS
    cap.frames_before = len(cap.frames)
    c = cap.conn(C4, 45002, S4)
    mk.conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"])
    return cap


def time_pcapng_coarse():
    at(884541340800)  # 30000-01-01T00:00:00Z
    cap = Capture("time-pcapng-ms-30000.pcapng", fmt="pcapng", tsresol=3, step_us=5000)
    mk.conv_smcr_v2(cap.conn(C4, 45101, S4))
    return cap


def time_future_packet():
    at(1704067200)  # 2024-01-01
    cap = Capture("time-future-packet.pcap")
    mk.conv_smcr_v2(cap.conn(C4, 45201, S4))
    # one stray packet of another connection, stamped 2100-01-01
    now = cap.clock
    cap.clock = 4102444800 * 1_000_000_000
    stray = cap.conn(C4, 45299, S4)
    stray.syn(option=False)
    cap.clock = now + 1_000_000_000
    # the second handshake succeeds and goes quiet; the third starts 10 s later,
    # after the second's 2 s success wait: its verdict must come first
    c = cap.conn(C4, 45202, S4)
    c.handshake()
    c.clc("c", mk.p_r2(c))
    c.clc("s", mk.r_ac(c, cb.ACCEPT))
    c.clc("c", mk.r_ac(c, cb.CONFIRM))
    cap.tick(10_000_000)
    c = cap.conn(C4, 45203, S4)
    mk.conv_server_decline(c, cb.CODE_BY_NAME["NOSMCRDEV"])
    return cap


def kuznetzov(data, cut):
    """Classic pcap bytes to the modified format: magic a1b2cd34 and 8 more bytes
    (ifindex, protocol, packet type, pad) after each 16-byte record header; the
    last record's data cut to `cut` bytes."""
    out = [struct.pack("<I", 0xA1B2CD34) + data[4:24]]
    pos = 24
    recs = []
    while pos < len(data):
        hdr = data[pos:pos + 16]
        caplen = struct.unpack("<I", hdr[8:12])[0]
        recs.append(hdr + struct.pack("<IHBB", 2, 0x0800, 0, 0) + data[pos + 16:pos + 16 + caplen])
        pos += 16 + caplen
    recs[-1] = recs[-1][:24 + cut]
    return b"".join(out + recs)


def kuznetzov_damaged():
    at(1704067200)
    cap = Capture("kuznetzov-damaged.pcap")
    mk.conv_server_decline(cap.conn(C4, 45301, S4), cb.CODE_BY_NAME["NOSMCRDEV"])
    cap.file_override = kuznetzov(cap.file_bytes(), 40)
    return cap


def syn_option_len01():
    at(1704067200)
    cap = Capture("syn-option-len01.pcap")
    for port, olen in ((45401, 0), (45402, 1)):
        c = cap.conn(C4, port, S4)
        opts = [("mss", 1460), ("raw", bytes([254, olen, 0xE2, 0xD4]))]
        c.segment("c", pw.SYN, options=opts, window=64240)
    return cap


def clc_header_cut():
    at(1704067200)
    # SYNs (82 bytes with the SMC option) whole; a data segment with 28 option
    # bytes has 82 bytes of headers, so 88 leaves 6 bytes of its payload
    cap = Capture("clc-header-cut.pcap", snaplen=88)
    c = cap.conn(C4, 45501, S4)
    c.handshake()
    opts = [("nop",), ("nop",), ("ts", c.tsval("c"), c.ts_recent["c"]), ("raw", b"\x01" * 16)]
    c.segment("c", pw.PSH | pw.ACK, payload=mk.p_r2(c).data, options=opts)
    return cap


def eid_escapes():
    at(1704067200)
    cap = Capture("eid-escapes.pcap")
    c = cap.conn(C4, 45701, S4)
    c.handshake()
    eids = (b'SMCCLC-"QUOTED"-\\BACKSLASH'.ljust(32), b"SMCCLC-CTRL-\x01-HIGH-\xe9".ljust(32))
    c.clc("c", mk.p_r2(c, eids=eids))
    c.clc("s", mk.dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"]))
    return cap


def window_overrun():
    at(1704067200)
    cap = Capture("window-overrun.pcap")
    for port, late_head in ((45801, True), (45802, False)):
        c = cap.conn(C4, port, S4)
        c.handshake()
        data = mk.p_r2(c).data + b"\x00" * 1144
        start = c.nxt["c"]
        if late_head:
            c.send("c", data[100:], seq=(start + 100) & 0xFFFFFFFF)
            c.send("c", data[:100], seq=start)
        else:
            c.send("c", data[:100])
            c.send("c", data[100:])
        c.ack("s")
        c.clc("s", mk.dec(c, "s", cb.CODE_BY_NAME["NOSMCRDEV"]))
    return cap


def release_unknown():
    at(1704067200)
    cap = Capture("release-unknown.pcap")
    mk.conv_smcr_v2(cap.conn(C4, 45901, S4), release=3)
    return cap


def unknown_codes():
    at(1704067200)
    cap = Capture("unknown-codes.pcap")
    for i in range(17):
        mk.conv_server_decline(cap.conn(C4, 46601 + i, S4), 0x7F000001 + i)
    return cap


def resolve_localhost():
    at(1704067200)
    cap = Capture("resolve-localhost.pcap")
    mk.conv_server_decline(cap.conn("127.0.0.1", 45601, "127.0.0.1"), cb.CODE_BY_NAME["NOSMCRDEV"])
    return cap


GENERATORS = (time_after_2038, time_pcapng_coarse, time_future_packet, kuznetzov_damaged,
              syn_option_len01, clc_header_cut, eid_escapes, window_overrun,
              release_unknown, unknown_codes, resolve_localhost)


def main(argv):
    return tcpflow.write_captures(__doc__, GENERATORS, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
