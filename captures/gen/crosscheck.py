#!/usr/bin/env python3
"""Cross-check built captures against tshark (Wireshark's own SMC dissector
and TCP analysis). A development aid, not a test: Wireshark has known SMC
gaps (docs/plugin.md, "Where we differ" in docs/protocol.md), so
differences are printed, not failed.

Usage:  python3 captures/gen/crosscheck.py DIR [NAME ...]

For every NAME.truth.json in DIR it prints:
  * TCP/IP problems: bad IP/TCP checksums, tshark TCP analysis warnings;
  * CLC messages in the truth but not seen by tshark at that frame, and the
    other way round (type and length compared);
  * frames tshark marks [Malformed Packet].
"""

import json
import os
import subprocess
import sys

TYPES = {"1": "proposal", "2": "accept", "3": "confirm", "4": "decline"}


def tshark(path, *args):
    r = subprocess.run(["tshark", "-r", path, "-o", "tcp.check_checksum:TRUE",
                        "-o", "ip.check_checksum:TRUE"] + list(args),
                       capture_output=True, text=True)
    return r.stdout


def check(d, name):
    truth = json.load(open(os.path.join(d, name)))
    path = os.path.join(d, truth["file"])
    print("== %s" % truth["file"])
    if truth.get("file_error") == "bad magic":
        print("   (not a capture file; skipped)")
        return
    out = tshark(path, "-Y", "smc", "-T", "fields", "-E", "occurrence=a", "-E",
                 "aggregator=,", "-e", "frame.number", "-e", "smc.clc_msg", "-e", "smc.length")
    seen = set()
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[1]:
            continue
        for t, ln in zip(parts[1].split(","), parts[2].split(",")):
            seen.add((int(parts[0]), TYPES.get(t, t), int(ln) if ln else None))
    want = set()
    for c in truth["connections"]:
        for m in c["messages"]:
            want.add((m["frame"], m["type"], m["length"]))
    for x in sorted(want - seen):
        print("   truth only : frame %d %s len %s" % x)
    for x in sorted(seen - want):
        print("   tshark only: frame %d %s len %s" % x)
    bad = tshark(path, "-Y", "tcp.checksum.status == 0 || ip.checksum.status == 0 || "
                 "tcp.analysis.flags || _ws.malformed", "-T", "fields", "-e", "frame.number",
                 "-e", "_ws.expert.message", "-e", "_ws.malformed")
    for line in bad.splitlines():
        parts = line.split("\t")
        msg = parts[1] if len(parts) > 1 else ""
        if "connection closing" in msg and "," not in msg:
            continue
        print("   frame %s: %s %s" % (parts[0], msg, "MALFORMED" if len(parts) > 2
                                      and parts[2] else ""))


def main(argv):
    d = argv[1] if len(argv) > 1 else "."
    names = sorted(n for n in os.listdir(d) if n.endswith(".truth.json"))
    if len(argv) > 2:
        names = [n for n in names if n.rsplit(".truth.json", 1)[0] in
                 [a.rsplit(".", 1)[0] for a in argv[2:]]]
    for n in names:
        check(d, n)


if __name__ == "__main__":
    main(sys.argv)
