#!/usr/bin/env python3
"""A capture of 101 SMC handshakes, each Proposal cut by snaplen after 34
bytes and unanswered: one problem and one incomplete verdict per connection,
one more than smcdump shows of either (options_test.sh).

    mkmany.py OUT.pcap
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "captures", "gen"))

import mkcaptures as mk  # noqa: E402
import tcpflow  # noqa: E402

tcpflow.START_NS = 1704067200 * 1_000_000_000


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    # 66 bytes of headers before a data segment's payload, 34 of the Proposal
    cap = tcpflow.Capture(os.path.basename(argv[1]), snaplen=100)
    for i in range(101):
        c = cap.conn(mk.C4, 47000 + i, mk.S4)
        c.handshake()
        c.send("c", mk.p_r2(c).data)
    with open(argv[1], "wb") as f:
        f.write(cap.file_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
