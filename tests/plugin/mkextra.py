#!/usr/bin/env python3
"""Captures for plugin behaviour no file in captures/ shows.

    mkextra.py OUTDIR

Written with the capture generator's own building blocks
(captures/gen), so the messages are spec-built, not made by our parser:

  two-in-one-segment.pcap  the server's Accept and a Decline (TIMEOUT_CL) in
                           one TCP segment, then the client's Confirm and a
                           Decline (SYNCERR) in one segment: the Info column
                           must list them in wire order.
  port80.pcap              a first-contact SMC-R handshake with the server on
                           port 80, HTTP after it: the SYN option must win
                           over the port.
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


def main():
    out = sys.argv[1]
    for cap in (two_in_one_segment(), port80()):
        cap.write(out)


if __name__ == "__main__":
    main()
