#!/usr/bin/env python3
"""Captures for plugin behaviour no file in captures/ shows.

    mkextra.py OUTDIR

Written with the capture generator's own building blocks
(captures/gen), so the messages are built field by field, not made by our parser:

  two-in-one-segment.pcap  the server's Accept and a Decline (TIMEOUT_CL) in
                           one TCP segment, then the client's Confirm and a
                           Decline (SYNCERR) in one segment: the Info column
                           must list them in wire order.
  port80.pcap              a first-contact SMC-R handshake with the server on
                           port 80, HTTP after it: the SYN option must win
                           over the port.
  syn-options.pcap         SYNs the plugin once missed: with no TCP option
                           at all, with only timestamps and SACK, and a SYN
                           without the SMC option answered by a SYN-ACK with
                           it; each followed by CLC-looking application data.
                           Not SMC: smcdump and the plugin must agree.
  nul-strings.pcap         an SMC-Rv2 handshake whose EID and host name have
                           a NUL byte inside: shown whole, escaped.
  disagreements.pcap       where the two tools once disagreed: a 1025-byte
                           CLC message followed by a Decline; the same
                           4-tuple used again (fallback, then SMC-R); a
                           SYN-ACK sent again with a new ISN (the server's
                           CLC at the new numbers is not the client's).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "captures", "gen"))

import clcbuild as cb  # noqa: E402
import mkcaptures as mk  # noqa: E402
from tcpflow import Capture  # noqa: E402


def two_in_one_segment():
    cap = Capture("two-in-one-segment.pcap", generator="tests/plugin/mkextra.py",
                  description="Accept + Decline in one segment; Confirm + Decline in one")
    c = cap.conn(mk.C4, 43901, mk.S4)
    c.handshake()
    c.clc("c", mk.p_r2(c))
    a = mk.r_ac(c, cb.ACCEPT)
    d = mk.dec(c, "s", cb.CODE_BY_NAME["TIMEOUT_CL"])
    c.register("s", a)
    c.register("s", d, start=c.rel("s", c.nxt["s"]) + len(a.data))
    c.send("s", a.data + d.data)
    c.ack("c")
    c.close("c")
    c.finish(mk.OUTCOME_FALLBACK, "TIMEOUT_CL")

    c = cap.conn(mk.C4, 43902, mk.S4)
    c.handshake()
    c.clc("c", mk.p_r2(c))
    c.clc("s", mk.r_ac(c, cb.ACCEPT))
    f = mk.r_ac(c, cb.CONFIRM)
    d = mk.dec(c, "c", cb.CODE_BY_NAME["SYNCERR"])
    c.register("c", f)
    c.register("c", d, start=c.rel("c", c.nxt["c"]) + len(f.data))
    c.send("c", f.data + d.data)
    c.ack("s")
    c.close("c")
    c.finish(mk.OUTCOME_FALLBACK, "SYNCERR")
    return cap


def port80():
    cap = Capture("port80.pcap", generator="tests/plugin/mkextra.py",
                  description="SMC-R first contact with the server on port 80, then HTTP")
    c = cap.conn(mk.C4, 43911, mk.S4, server_port=80)
    c.handshake()
    c.clc("c", mk.p_r2(c))
    c.clc("s", mk.r_ac(c, cb.ACCEPT))
    d = mk.dec(c, "c", cb.CODE_BY_NAME["NOSMCRDEV"])
    c.clc("c", d)
    c.data("c", b"GET / HTTP/1.1\r\nHost: smcclc\r\n\r\n")
    c.data("s", b"HTTP/1.1 204 No Content\r\n\r\n")
    c.close("c")
    c.finish(mk.OUTCOME_FALLBACK, "NOSMCRDEV")
    return cap


def syn_options():
    cap = Capture("syn-options.pcap", generator="tests/plugin/mkextra.py",
                  description="SYNs without the SMC option, then CLC-looking data")
    lookalike = mk.vector("01_smcr_v1_proposal_ipv4_lo") + mk.APP_C
    # (SYN options, SYN-ACK options): none at all; timestamps and SACK only
    plain = [("sackok",), ("ts", 1, 0)]
    for port, syn_opts in ((43921, []), (43922, plain)):
        c = cap.conn(mk.C4, port, mk.S4)
        c.syn_option = False
        c.handshake_captured = True
        c.segment("c", cb_flags("SYN"), options=syn_opts, window=64240)
        c.synack(option=False)
        c.ack("c")
        c.data("c", lookalike)
        c.data("s", mk.APP_S)
        c.close("c")
        c.finish(None, note="no SMC option in the SYN: not SMC")
    # A SYN-ACK with the option cannot make a connection SMC whose SYN had none.
    c = cap.conn(mk.C4, 43923, mk.S4)
    c.handshake(syn_opt=False, synack_opt=True)
    c.data("c", lookalike)
    c.data("s", mk.APP_S)
    c.close("c")
    c.finish(None, note="SYN without the option, SYN-ACK with it")
    return cap


def nul_strings():
    cap = Capture("nul-strings.pcap", generator="tests/plugin/mkextra.py",
                  description="EID and host name with an embedded NUL byte")
    eid = b"SMC-EID\x00AFTER-NUL"
    c = cap.conn(mk.C4, 43931, mk.S4)
    c.handshake()
    c.clc("c", mk.p_r2(c, eids=(eid,)))
    c.clc("s", mk.r_ac(c, cb.ACCEPT, eid=eid, hostname="srv\x00hidden"))
    c.clc("c", mk.r_ac(c, cb.CONFIRM, eid=eid, hostname="cli\x01x"))
    c.close("c")
    c.finish(mk.OUTCOME_SMCR)
    return cap


def disagreements():
    import pcapwrite as pw
    cap = Capture("disagreements.pcap", generator="tests/plugin/mkextra.py",
                  description="cases where smcdump and the plugin once disagreed")
    # A Proposal header claiming 1025 bytes (Linux's limit is 1024), then a Decline.
    c = cap.conn(mk.C4, 43941, mk.S4)
    c.handshake()
    big = bytes.fromhex("e2d4c3d9") + bytes([1]) + (1025).to_bytes(2, "big") + bytes([0x20])
    big += b"\x00" * (1025 - 4 - len(big)) + bytes.fromhex("e2d4c3d9")
    c.send("c", big[:700])
    c.send("c", big[700:])
    c.ack("s")
    c.clc("s", mk.dec(c, "s", cb.CODE_BY_NAME["PEERDECL"]))
    c.close("c")
    c.finish(None)
    # One 4-tuple twice: a fallback, then, after the close, an SMC-R handshake.
    for outcome in ("fallback", "smc-r"):
        c = cap.conn(mk.C4, 43943, mk.S4, label="reuse-" + outcome)
        c.handshake()
        c.clc("c", mk.p_r2(c))
        if outcome == "fallback":
            c.clc("s", mk.dec(c, "s", cb.CODE_BY_NAME["NOSMCDEV"]))
            c.close("c")
            c.finish(mk.OUTCOME_FALLBACK, "NOSMCDEV")
        else:
            c.clc("s", mk.r_ac(c, cb.ACCEPT))
            c.clc("c", mk.r_ac(c, cb.CONFIRM))
            c.close("c")
            c.finish(mk.OUTCOME_SMCR)
    # A SYN-ACK sent again with a new ISN: the client took the first one (a
    # Linux client answers the second with a challenge ACK), so the server's
    # CLC at the new numbers never reaches it.
    c = cap.conn(mk.C4, 43945, mk.S4, label="synack-new-isn")
    c.syn()
    c.synack()
    first = c.isn["s"]
    c.isn["s"] = c.nxt["s"] = (first + 0x10000) & 0xFFFFFFFF
    c.synack()
    c.isn["s"] = first  # what the client acknowledges
    c.ack("c")
    c.clc("c", mk.p_r2(c))
    c.clc("s", mk.r_ac(c, cb.ACCEPT), ack=False)
    c.close("c")
    c.finish(None, note="the Accept lies outside what the client took")
    return cap


def cb_flags(name):
    import pcapwrite as pw
    return getattr(pw, name)


def main():
    out = sys.argv[1]
    for cap in (two_in_one_segment(), port80(), syn_options(), nul_strings(),
                disagreements()):
        cap.write(out)


if __name__ == "__main__":
    main()
